//! Console component tests, run in headless Chromium by wasm-bindgen-test
//! (`cargo test -p hilens-console --target wasm32-unknown-unknown --test components`).
#![cfg(target_arch = "wasm32")]

use hilens_console::api::ApiError;
use hilens_console::components::allowed::{ActionButton, ActionLink};
use hilens_console::components::confirm::{ConfirmDialog, Progress};
use hilens_console::components::form::field::{FieldState, TextField};
use hilens_console::components::frame::toasts::Toasts;
use hilens_console::components::list::list_page::{BulkAction, Column, ListCtx, ListPage, ListSpec, Rows};
use hilens_console::components::list::pager::{offset, page_count, Pager};
use hilens_console::components::list::sort::{next, Sort, SortHeader};
use hilens_console::components::list::url_state::{ListState, UrlState};
use hilens_console::i18n::common;
use hilens_console::pages::login::redirect_target;
use hilens_console::pages::skills::texts as skill_texts;
use hilens_console::pages::skills::view_state::{api_query, SkillFilters, SkillListView};
use hilens_console::state::AppState;
use hilens_model::console::SessionInfo;
use hilens_model::{BuiltinRole, Lang, OperationId, Permission};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn params<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
    move |k| pairs.iter().find(|(key, _)| *key == k).map(|(_, v)| v.to_string())
}

#[wasm_bindgen_test]
fn the_url_round_trips_the_skill_list_view() {
    let view = SkillListView {
        filters: SkillFilters {
            name: "行人-检测".into(),
            chip: "Ascend 310".into(),
            platform: "Linux".into(),
            charge_model: "2".into(),
            skill_type: "standard".into(),
            skill_form: "support_template".into(),
            permission: "public".into(),
            template_source: "ma_pro".into(),
            status: "1".into(),
            charge_models: "0 2".into(),
            device_types: "HiLens_Kit Atlas_500".into(),
            scenes: "园区 交通".into(),
            layout: "cards".into(),
        },
        sort: None,
        page: 3,
        size: 20,
    };
    let query = view.to_query_string();
    let pairs = hilens_model::query::parse_query(&query).unwrap();
    let borrowed: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(SkillListView::read(&params(&borrowed)), view);
    assert_eq!(SkillListView::default().to_query_string(), "", "defaults stay out of the URL");
    let api = api_query(&view);
    assert_eq!((api.limit, api.offset, api.charge_model), (Some(20), Some(40), Some(2)));
    assert_eq!((api.charge_models.as_deref(), api.status), (Some("0 2"), Some(1)));
    assert_eq!(api.template_source.as_deref(), Some("ma_pro"));
    assert_eq!(api.validate(), Ok(()), "what the URL holds passes the API's rules");
}

#[wasm_bindgen_test]
fn invalid_url_values_are_dropped_not_sent() {
    let view = SkillListView::read(&params(&[
        ("chip", "M1"),
        ("page", "0"),
        ("size", "7"),
        ("name", "a<b"),
        ("charge_model", "9"),
        ("form", "maybe"),
        ("status", "7"),
        ("charge_models", "9 x"),
        ("device_types", "a<b"),
        ("view", "list"),
        ("sort", "size:up"),
    ]));
    assert_eq!(view, SkillListView::default());
    // Charge models are kept valid, in order, once.
    assert_eq!(SkillListView::read(&params(&[("charge_models", "3,1 9 1")])).filters.charge_models, "1 3");
}

#[wasm_bindgen_test]
fn pager_arithmetic() {
    assert_eq!(page_count(0, 10), 1);
    assert_eq!(page_count(42, 10), 5);
    assert_eq!(page_count(40, 10), 4);
    assert_eq!(offset(1, 10), 0);
    assert_eq!(offset(3, 20), 40);
}

#[wasm_bindgen_test]
fn sign_in_only_redirects_inside_the_console() {
    assert_eq!(redirect_target(Some("/skills?page=2")), "/skills?page=2");
    for evil in ["https://evil.example", "//evil.example", "/\\evil.example", "/login?redirect=/x"] {
        assert_eq!(redirect_target(Some(evil)), "/", "{evil}");
    }
    assert_eq!(redirect_target(None), "/");
}

#[wasm_bindgen_test]
fn every_text_exists_in_both_languages() {
    use hilens_console::pages::*;
    let sets = [
        common::ALL,
        skills::texts::ALL,
        orders::texts::ALL,
        devices::texts::ALL,
        firmware::texts::ALL,
        service_orders::texts::ALL,
        alarms::texts::ALL,
        configmaps::texts::ALL,
        secrets::texts::ALL,
        tags::texts::ALL,
        workspaces::texts::ALL,
        overview::texts::ALL,
        deployments::texts::ALL,
        deployments::texts::config::ALL,
        deployments::rollouts::texts::ALL,
        instances::texts::ALL,
        jobs::texts::ALL,
        access::texts::ALL,
        audit::texts::ALL,
        audit::operations::ALL,
        hilens_console::components::entries::texts::ALL,
        hilens_console::components::form::pickers::texts::ALL,
        hilens_console::components::resource_tags::texts::ALL,
    ];
    for key in sets.iter().flat_map(|s| s.iter()) {
        let (zh, en) = (key.text(Lang::Zh), key.text(Lang::En));
        assert!(!zh.is_empty() && !en.is_empty(), "{key:?}");
    }
    assert_ne!(skill_texts::NavSkills.text(Lang::Zh), skill_texts::NavSkills.text(Lang::En));
}

#[wasm_bindgen_test]
fn every_operation_the_audit_log_names_is_shown_in_words() {
    use hilens_console::pages::audit::operations::{every_operation, operation_text, record_text};
    use hilens_model::portal::operation;
    let all = every_operation();
    assert_eq!(all.len(), hilens_model::catalogue::ALL.len() + operation::ALL.len());
    let mut seen = std::collections::BTreeSet::new();
    for (name, words) in &all {
        let words = words.unwrap_or_else(|| panic!("{name} has no words"));
        for lang in [Lang::Zh, Lang::En] {
            assert!(seen.insert(words.text(lang)), "{name}: two operations with one text");
            assert!(!words.text(lang).contains('_'), "{name}: shown as the API's name");
        }
    }
    let said = |name: &str, params: &[(&str, &str)]| {
        let params = params.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        record_text(name, &params).map(|t| t.text(Lang::En))
    };
    assert_eq!(said("switch_node_connection", &[("action", "stop"), ("node_id", "n1")]), Some("Stop a device"));
    assert_eq!(said("start_and_stop_deployment", &[("action", "resume")]), Some("Resume a deployment"));
    assert_eq!(said("switch_node_connection", &[]), Some("Start or stop a device"));
    assert_eq!(said("sign_in_failed", &[]), Some("Failed sign-in"));
    assert_eq!(operation_text("a_new_operation"), None, "a name the console does not know is shown as it is");
}

#[wasm_bindgen_test]
fn every_permission_is_shown_in_words_on_the_access_page() {
    use hilens_console::pages::access::texts::permission_words;
    let mut seen = std::collections::BTreeSet::new();
    for p in hilens_model::Permission::ALL {
        let (over, may) = permission_words(p.name()).unwrap_or_else(|| panic!("{} has no words", p.name()));
        assert!(seen.insert((over.text(Lang::En), may.text(Lang::En))), "{}: two permissions with one text", p.name());
    }
    let words = |name: &str| permission_words(name).map(|(o, m)| (o.text(Lang::En), m.text(Lang::En)));
    assert_eq!(words("devices:operate"), Some(("Devices", "start and stop")));
    assert_eq!(words("secrets:reveal"), Some(("Secrets", "see their values")));
    assert_eq!(words("devices:fly"), None, "a permission the console does not know is shown by its name");
}

#[wasm_bindgen_test]
fn every_device_class_and_order_type_the_api_allows_is_shown_in_words() {
    use hilens_console::pages::service_orders::texts::{device_class, order_type};
    use hilens_model::activation::{ORDER_DEVICE_TYPES, ORDER_TYPES};
    for (values, label) in [(ORDER_DEVICE_TYPES, device_class as fn(&str) -> _), (ORDER_TYPES, order_type)] {
        let mut seen = std::collections::BTreeSet::new();
        for value in values {
            let text = label(value).unwrap_or_else(|| panic!("{value} has no words"));
            assert!(seen.insert(text.text(Lang::En)), "{value}: two values with one text");
            assert!(!text.text(Lang::En).contains('_'), "{value}: shown as the API's value");
        }
    }
    assert_eq!(device_class("lite_device").map(|t| t.text(Lang::En)), Some("Lightweight device"));
    assert_eq!(device_class("a_new_class"), None, "a value the reference does not name is shown as it is");
}

fn container() -> web_sys::HtmlElement {
    let doc = document();
    let div = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&div).unwrap();
    div.unchecked_into()
}

fn button(root: &web_sys::HtmlElement, testid: &str) -> web_sys::HtmlButtonElement {
    root.query_selector(&format!("[data-testid={testid}]")).unwrap().unwrap().unchecked_into()
}

/// Lets Leptos run its effects and re-render (a zero-delay timeout).
async fn tick() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

#[wasm_bindgen_test]
async fn the_pager_emits_the_right_pages_and_disables_its_ends() {
    let root = container();
    let asked = RwSignal::new(Vec::<u32>::new());
    let page = RwSignal::new(1u32);
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        provide_context(AppState::new());
        view! {
            <Pager
                total=Signal::derive(|| 42u64)
                page=page
                size=Signal::derive(|| 10u32)
                on_page=move |p| asked.update(|v| v.push(p))
                on_size=|_| {}
            />
        }
    });
    tick().await;
    let text = root.text_content().unwrap();
    assert!(text.contains("1 / 5"), "{text}");
    assert!(text.contains("42"), "{text}");
    assert!(button(&root, "prev-page").disabled(), "no page before the first");
    button(&root, "next-page").click();
    assert_eq!(asked.get_untracked(), vec![2]);

    page.set(5);
    tick().await;
    assert!(root.text_content().unwrap().contains("5 / 5"));
    assert!(button(&root, "next-page").disabled(), "no page after the last");
    button(&root, "prev-page").click();
    assert_eq!(asked.get_untracked(), vec![2, 4]);
}

#[wasm_bindgen_test]
async fn a_field_shows_the_rule_message_after_blur_and_keeps_the_input() {
    let root = container();
    let state = FieldState::new(hilens_model::skills::validate_skill_name, true);
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        provide_context(AppState::new());
        view! { <TextField state=state label=skill_texts::SkillName testid="name"/> }
    });
    tick().await;
    let input: web_sys::HtmlInputElement = root.query_selector("[data-testid=name]").unwrap().unwrap().unchecked_into();
    let error = |root: &web_sys::HtmlElement| root.query_selector("[data-testid=name-error]").unwrap();
    input.set_value("bad name!");
    input.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
    tick().await;
    assert!(error(&root).is_none(), "no message before the field is left");
    input.dispatch_event(&web_sys::Event::new("blur").unwrap()).unwrap();
    tick().await;
    let shown = error(&root).expect("the rule's message after blur").text_content().unwrap();
    let lang = AppState::new().lang.get_untracked();
    let rule = hilens_model::skills::validate_skill_name("bad name!").unwrap_err();
    assert_eq!(
        shown,
        hilens_console::components::form::field::labelled(
            skill_texts::SkillName.text(lang),
            rule.rule_text(lang),
            lang
        )
    );
    assert!(!shown.contains(&rule.field), "named by its label, not the API's name: {shown}");
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(input.value(), "bad name!", "the input is kept");
    assert!(!state.check(), "submit refuses it");
    input.set_value("行人检测");
    input.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
    tick().await;
    assert!(error(&root).is_none(), "a valid value clears the message as one types");
    assert!(state.check());
    state.server_error.set(Some("is taken".into()));
    tick().await;
    let shown = error(&root).unwrap().text_content().unwrap();
    assert!(
        shown.starts_with(skill_texts::SkillName.text(lang)) && shown.ends_with("is taken"),
        "a server error lands on its field: {shown}"
    );
}

#[wasm_bindgen_test]
async fn an_error_toast_shows_its_code_and_request_id_and_stays_until_closed() {
    let root = container();
    let app = AppState::new();
    // The API answers in the console's language; the lead-in follows it.
    hilens_console::api::set_language(app.lang.get_untracked());
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        provide_context(app);
        view! { <Toasts/> }
    });
    app.toast_error(&ApiError::Api {
        status: 409,
        code: "HIL.0409".into(),
        message: "name gates already exists".into(),
        request_id: Some("5f0c2a".into()),
    });
    tick().await;
    let toast = root.query_selector("[data-testid=toast-error]").unwrap().expect("an error toast");
    let text = toast.text_content().unwrap();
    for part in ["name gates already exists", "HIL.0409", "5f0c2a"] {
        assert!(text.contains(part), "{text}");
    }
    let lead = common::CloudSaid.text(app.lang.get_untracked());
    assert!(text.starts_with(lead), "a message of the cloud behind a plain lead-in: {text}");
    assert_eq!(toast.get_attribute("role").as_deref(), Some("alert"));
    assert_eq!(
        app.toasts.get_untracked()[0].copy_text(),
        format!("{lead} name gates already exists [error_code HIL.0409] [X-Request-Id 5f0c2a]")
    );
    let close: web_sys::HtmlButtonElement =
        toast.query_selector("button[aria-label]").unwrap().unwrap().unchecked_into();
    close.click();
    tick().await;
    assert!(root.query_selector("[data-testid=toast-error]").unwrap().is_none(), "closed");
}

fn type_into(root: &web_sys::HtmlElement, testid: &str, text: &str) {
    let input: web_sys::HtmlInputElement =
        root.query_selector(&format!("[data-testid={testid}]")).unwrap().unwrap().unchecked_into();
    input.set_value(text);
    input.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
}

#[wasm_bindgen_test]
async fn a_destructive_action_waits_for_the_typed_name() {
    let root = container();
    let open = RwSignal::new(true);
    let confirmed = RwSignal::new(0u32);
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        provide_context(AppState::new());
        view! {
            <ConfirmDialog open=open name=Signal::derive(|| "gate-counter".to_string()) title=common::Delete
                on_confirm=move |_| confirmed.update(|n| *n += 1)/>
        }
    });
    tick().await;
    assert!(button(&root, "confirm-ok").disabled(), "nothing typed yet");
    type_into(&root, "confirm-name", "gate-counte");
    tick().await;
    assert!(button(&root, "confirm-ok").disabled(), "a near miss is not enough");
    type_into(&root, "confirm-name", "gate-counter");
    tick().await;
    assert!(!button(&root, "confirm-ok").disabled());
    button(&root, "confirm-ok").click();
    tick().await;
    assert_eq!(confirmed.get_untracked(), 1);
    assert!(!open.get_untracked(), "it closes after acting");
    let dialog: web_sys::HtmlDialogElement =
        root.query_selector("[data-testid=confirm-dialog]").unwrap().unwrap().unchecked_into();
    assert!(!dialog.open(), "a closed native dialog");
    assert!(root.query_selector("[data-testid=confirm]").unwrap().is_none(), "drawn only while open");

    open.set(true);
    tick().await;
    let input: web_sys::HtmlInputElement =
        root.query_selector("[data-testid=confirm-name]").unwrap().unwrap().unchecked_into();
    assert_eq!(input.value(), "", "a reopened dialog starts empty");
    assert!(dialog.open(), "opened with showModal");
    assert!(dialog.matches(":modal").unwrap(), "modal: the page behind is inert");
    assert_eq!(dialog.get_attribute("role").as_deref(), Some("alertdialog"));
    button(&root, "confirm-cancel").click();
    tick().await;
    assert_eq!(confirmed.get_untracked(), 1, "cancel does not act");
    assert!(!open.get_untracked());
    assert!(!dialog.open());
}

/// Waits for the browser's next rendering update (animation frame).
async fn next_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().request_animation_frame(&resolve).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Lets the queued microtasks run (the reactive effects), but no task (no timer, no event).
async fn microtasks() {
    for _ in 0..8 {
        wasm_bindgen_futures::JsFuture::from(js_sys::Promise::resolve(&wasm_bindgen::JsValue::NULL)).await.unwrap();
    }
}

#[wasm_bindgen_test]
async fn a_dialog_opened_again_at_once_stays_open() {
    let root = container();
    let open = RwSignal::new(true);
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        provide_context(AppState::new());
        view! {
            <ConfirmDialog open=open name=String::new() title=common::Delete on_confirm=move |_| ()/>
        }
    });
    tick().await;
    let dialog: web_sys::HtmlDialogElement =
        root.query_selector("[data-testid=confirm-dialog]").unwrap().unwrap().unchecked_into();
    assert!(dialog.open());
    // Closed, then opened again before the browser has delivered the close event.
    open.set(false);
    microtasks().await;
    assert!(!dialog.open(), "closed by the effect");
    open.set(true);
    microtasks().await;
    // Chromium delivers a dialog's close event with the next rendering update.
    next_frame().await;
    next_frame().await;
    tick().await;
    assert!(open.get_untracked(), "the late close event of the first closing leaves it open");
    assert!(dialog.open());
    assert!(root.query_selector("[data-testid=confirm-ok]").unwrap().is_some(), "its content is drawn");
}

#[wasm_bindgen_test]
async fn an_undoable_disruption_confirms_with_one_press_and_cancel_first() {
    let root = container();
    let open = RwSignal::new(false);
    let confirmed = RwSignal::new(0u32);
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        provide_context(AppState::new());
        view! {
            <button type="button" data-testid="opener" on:click=move |_| open.set(true)>"Stop"</button>
            <ConfirmDialog open=open name=String::new() title=common::Delete on_confirm=move |_| confirmed.update(|n| *n += 1)
                impact=|| view! { <p data-testid="what">"gate-detector"</p> }/>
        }
    });
    tick().await;
    let opener = button(&root, "opener");
    opener.focus().unwrap();
    opener.click();
    tick().await;
    tick().await;
    assert!(root.query_selector("[data-testid=confirm-name]").unwrap().is_none(), "nothing to type");
    assert!(root.query_selector("[data-testid=what]").unwrap().is_some(), "it says what it affects");
    let active = document().active_element().unwrap();
    assert_eq!(active.get_attribute("data-testid").as_deref(), Some("confirm-cancel"), "focus moves in, on Cancel");
    button(&root, "confirm-ok").click();
    tick().await;
    assert_eq!(confirmed.get_untracked(), 1);
    let active = document().active_element().unwrap();
    assert_eq!(active.get_attribute("data-testid").as_deref(), Some("opener"), "focus returns to the opener");
}

#[wasm_bindgen_test]
fn deployment_fields_read_as_their_labels_in_both_languages() {
    use hilens_console::pages::deployments::labels::{label, plain};
    use hilens_model::deployments::*;
    assert_eq!(
        label("deployment.template.apps[0].ports[1].container_port", Lang::En),
        "App 1 › Port 2 › Container port"
    );
    assert_eq!(label("deployment.template.apps[0].ports[1].container_port", Lang::Zh), "应用 1 › 端口 2 › 容器端口");
    assert_eq!(label("deployment.template.apps[1].volumes[0].source", Lang::En), "App 2 › Volume 1 › Source");
    assert_eq!(label("node_ids", Lang::En), "Choose devices");
    assert_eq!(label("deployment.template.apps[0].name", Lang::En), "App 1 › App name");
    assert_eq!(label("deployment.template.apps[0].envs[1].name", Lang::En), "App 1 › Env 2 › Name");
    // A roll-out's fields, as the form labels them.
    assert_eq!(label("waves[2]", Lang::En), "Waves 3");
    assert_eq!(label("max_failure_percent", Lang::En), "Max failure percent of a wave");
    assert_eq!(label("add_node_ids[0]", Lang::En), "Devices to add 1");
    for field in ["soak_seconds", "max_failures", "wave_timeout_seconds", "on_failure", "add_node_tags[0].key"] {
        for lang in Lang::ALL {
            assert!(!label(field, lang).contains('_'), "{field} reads {}", label(field, lang));
        }
    }
    // Every rule a badly filled request breaks reads without an API path, in both languages.
    let bad = CreateDeploymentRequest {
        name: "Bad_Name".into(),
        source: "userdefined".into(),
        node_ids: Some(Vec::new()),
        deployment: DeploymentRequest {
            replicas: 0,
            template: PodRequest {
                apps: vec![AppDef {
                    envs: vec![Env { name: "1x".into(), ..Default::default() }],
                    ports: vec![PortMapping {
                        container_port: 70_000,
                        host_port_range: Some(HostPortRange { min_port: 9, max_port: 8 }),
                        ..Default::default()
                    }],
                    volumes: vec![Volume {
                        name: "v".into(),
                        volume_type: "hostPath".into(),
                        source: "rel".into(),
                        destination: "d".into(),
                        ..Default::default()
                    }],
                    liveness_probe: Some(Probe::default()),
                    ..Default::default()
                }],
                ..Default::default()
            },
        },
        ..Default::default()
    };
    let violations = bad.violations().into_vec();
    assert!(violations.len() >= 8, "{violations:?}");
    for lang in Lang::ALL {
        for e in &violations {
            let text = plain(e, lang);
            for api_word in
                ["[0]", "deployment.", "template", "apps", "_port", "node_ids", "value_from", "field_path", "http_get"]
            {
                assert!(!text.contains(api_word), "{api_word} in {text:?} ({})", e.field);
            }
        }
    }
}

#[wasm_bindgen_test]
async fn progress_shows_its_percentage() {
    let root = container();
    let percent = RwSignal::new(40u8);
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        provide_context(AppState::new());
        view! { <Progress percent=percent label=common::Loading/> }
    });
    tick().await;
    let bar: web_sys::HtmlProgressElement =
        root.query_selector("[data-testid=progress]").unwrap().unwrap().unchecked_into();
    assert_eq!(bar.value(), 40.0);
    percent.set(150);
    tick().await;
    assert_eq!(bar.value(), 100.0, "capped at 100");
    assert_eq!(bar.text_content().unwrap(), "100%");
}

#[wasm_bindgen_test]
async fn a_sortable_header_cycles_ascending_descending_none() {
    assert_eq!(Sort::parse("created_at:desc").ok(), Some(Sort { field: "created_at".into(), descending: true }));
    assert_eq!(Sort::parse("name").ok(), Some(Sort { field: "name".into(), descending: false }));
    assert!(Sort::parse("name:up").is_err());
    assert_eq!(next(&None, "name").unwrap().to_param(), "name:asc");
    let root = container();
    let sort = RwSignal::new(None::<Sort>);
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        provide_context(AppState::new());
        view! { <table><thead><tr><SortHeader label=skill_texts::SkillName field="name" current=sort on_sort=move |s| sort.set(s)/></tr></thead></table> }
    });
    tick().await;
    let th = || root.query_selector("th").unwrap().unwrap();
    assert_eq!(th().get_attribute("aria-sort").as_deref(), Some("none"));
    let mut seen = Vec::new();
    for _ in 0..3 {
        button(&root, "sort-name").click();
        tick().await;
        seen.push((sort.get_untracked().map(|s| s.to_param()), th().get_attribute("aria-sort").unwrap()));
    }
    assert_eq!(
        seen,
        vec![
            (Some("name:asc".to_string()), "ascending".to_string()),
            (Some("name:desc".to_string()), "descending".to_string()),
            (None, "none".to_string()),
        ]
    );
    sort.set(Some(Sort { field: "created_at".into(), descending: true }));
    tick().await;
    assert_eq!(th().get_attribute("aria-sort").as_deref(), Some("none"), "another column's sort");
    button(&root, "sort-name").click();
    assert_eq!(sort.get_untracked().map(|s| s.to_param()).as_deref(), Some("name:asc"));
}

/// The API client has one function per catalogue operation (all 58; `client_function`'s match
/// is exhaustive, so a missing one does not compile), each named as in the SDK.
#[wasm_bindgen_test]
fn the_api_client_names_its_function_for_every_operation_as_the_sdk_does() {
    assert_eq!(hilens_model::catalogue::ALL.len(), 58);
    for op in hilens_model::catalogue::ALL {
        let function = client_function(op.id);
        assert!(function.ends_with(&format!("::{}", op.name)), "{}: {function}", op.name);
    }
}

hilens_console::url_state! {
    /// A list's filters, for the list page's tests.
    pub struct LetterFilters {
        "letter" => letter: String = hilens_model::query::OneOf(&["a", "b", "c"]),
    }
}

async fn letter_rows(view: ListState<LetterFilters>) -> Result<Rows<String>, ApiError> {
    let all = ["a", "b", "c"];
    let rows: Vec<String> = all
        .iter()
        .filter(|l| view.filters.letter.is_empty() || **l == view.filters.letter)
        .map(|l| l.to_string())
        .collect();
    Ok(Rows { total: rows.len() as u64, rows })
}

#[component]
fn LetterList(ran: RwSignal<Vec<String>>) -> impl IntoView {
    let ctx = ListCtx::<LetterFilters>::new();
    let spec =
        ListSpec::new(skill_texts::NavSkills, skill_texts::NoSkills, "letter", letter_rows, |l: &String| l.clone())
            .columns(vec![Column::new(skill_texts::SkillName, |l: &String| l.clone().into_any())])
            .bulk(vec![BulkAction::new(common::Search, "bulk-run", OperationId::SwitchNodeConnection, move |keys| {
                ran.set(keys)
            })]);
    view! {
        <ListPage ctx=ctx spec=spec filters=move || view! {
            <button type="button" data-testid="only-b" on:click=move |_| ctx.set(|f| f.letter = "b".into())>"b"</button>
        }/>
    }
}

/// The list kit: rows from the fetch, selection with a bulk bar whose action gets the selected
/// keys, "select all" on the page, and a filter that goes through the URL.
#[wasm_bindgen_test]
async fn a_list_page_selects_rows_and_runs_a_bulk_action_on_them() {
    let root = container();
    let ran = RwSignal::new(Vec::<String>::new());
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        let app = AppState::new();
        app.set_session(Some(session_of(BuiltinRole::Operator)));
        provide_context(app);
        view! { <hilens_console::router::Router><LetterList ran=ran/></hilens_console::router::Router> }
    });
    for _ in 0..5 {
        tick().await;
    }
    let checks = || root.query_selector_all("tbody input[type=checkbox]").unwrap();
    let check = |i: u32| checks().item(i).unwrap().unchecked_into::<web_sys::HtmlInputElement>();
    assert_eq!(root.query_selector_all("[data-testid=letter-row]").unwrap().length(), 3);
    assert!(root.query_selector("[data-testid=bulk-bar]").unwrap().is_none(), "no bar before a selection");
    check(0).click();
    check(2).click();
    tick().await;
    let bar = root.query_selector("[data-testid=bulk-bar]").unwrap().expect("the bulk bar");
    assert!(bar.text_content().unwrap().contains("2 "), "{:?}", bar.text_content());
    button(&root, "bulk-run").click();
    tick().await;
    assert_eq!(ran.get_untracked(), vec!["a".to_string(), "c".to_string()]);
    // "Select all" selects the page, a second click clears it.
    let all = root
        .query_selector("thead input[type=checkbox]")
        .unwrap()
        .unwrap()
        .unchecked_into::<web_sys::HtmlInputElement>();
    all.click();
    tick().await;
    button(&root, "bulk-run").click();
    assert_eq!(ran.get_untracked().len(), 3);
    // A filter goes through the URL and clears the selection.
    button(&root, "only-b").click();
    for _ in 0..5 {
        tick().await;
    }
    assert!(web_sys::window().unwrap().location().search().unwrap().contains("letter=b"));
    assert_eq!(root.query_selector_all("[data-testid=letter-row]").unwrap().length(), 1);
    assert!(root.query_selector("[data-testid=bulk-bar]").unwrap().is_none(), "a new view starts unselected");
}

#[component]
fn LetterSearch() -> impl IntoView {
    use hilens_console::components::list::filters::FilterForm;
    use hilens_console::components::list::text_filter::use_text_filter;
    let ctx = ListCtx::<LetterFilters>::new();
    let letter = use_text_filter(ctx, "letter", |f| &mut f.letter);
    let spec =
        ListSpec::new(skill_texts::NavSkills, skill_texts::NoSkills, "letter", letter_rows, |l: &String| l.clone())
            .columns(vec![Column::new(skill_texts::SkillName, |l: &String| l.clone().into_any())]);
    view! {
        <ListPage ctx=ctx spec=spec filters=move || view! {
            <FilterForm testid="letter-filters" on_search=move |_| ctx.search(&[letter]) on_reset=move |_| ctx.reset()>
                <TextField state=letter.state label=skill_texts::SkillName testid="letter-filter"/>
            </FilterForm>
        }/>
    }
}

/// A text filter is a draft checked by its own `url_state!` rule: a broken one shows why and is
/// not searched, a good one goes to the URL, and after Reset the field follows the URL.
#[wasm_bindgen_test]
async fn a_text_filter_is_a_draft_checked_by_its_url_rule_until_searched() {
    let window = web_sys::window().unwrap();
    let path = window.location().pathname().unwrap();
    window.history().unwrap().replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path)).unwrap();
    let root = container();
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        provide_context(AppState::new());
        view! { <hilens_console::router::Router><LetterSearch/></hilens_console::router::Router> }
    });
    let settle = || async {
        for _ in 0..5 {
            tick().await;
        }
    };
    settle().await;
    let rows = || root.query_selector_all("[data-testid=letter-row]").unwrap().length();
    let input = || {
        root.query_selector("[data-testid=letter-filter]")
            .unwrap()
            .unwrap()
            .unchecked_into::<web_sys::HtmlInputElement>()
    };
    assert_eq!(rows(), 3);
    type_into(&root, "letter-filter", "z");
    settle().await;
    assert_eq!(rows(), 3, "a draft is not searched");
    button(&root, "search").click();
    settle().await;
    assert_eq!(input().get_attribute("aria-invalid").as_deref(), Some("true"), "z is not one of a, b, c");
    assert_eq!(rows(), 3, "a broken draft is not searched");
    assert!(!window.location().search().unwrap().contains("letter="));
    type_into(&root, "letter-filter", "b");
    button(&root, "search").click();
    settle().await;
    assert_eq!(rows(), 1);
    assert!(window.location().search().unwrap().contains("letter=b"), "searched");
    button(&root, "reset").click();
    settle().await;
    assert_eq!(rows(), 3);
    assert_eq!(input().value(), "", "the field follows the URL");
}

#[wasm_bindgen_test]
fn base64_decodes_what_the_api_sends_and_refuses_what_is_not() {
    use hilens_console::components::download::base64_decode;
    assert_eq!(base64_decode("aGlsZW5z").unwrap(), b"hilens");
    assert_eq!(base64_decode("aGlsZW4=").unwrap(), b"hilen");
    assert_eq!(base64_decode("aGls\nZQ==").unwrap(), b"hile");
    assert_eq!(base64_decode("").unwrap(), b"");
    assert!(base64_decode("a*b=").is_none());
    assert!(base64_decode("abcde").is_none());
}

/// A bulk run: every key is tried, a failure is listed by its key while the others are done,
/// and the grouped notice counts them.
#[wasm_bindgen_test]
async fn a_bulk_run_lists_its_failures_by_resource_and_does_the_rest() {
    use hilens_console::components::actions::{run_bulk, BulkNotice, BulkRun};
    let root = container();
    let run = RwSignal::new(None::<BulkRun>);
    let done = RwSignal::new(Vec::<String>::new());
    let ended = RwSignal::new(false);
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        provide_context(AppState::new());
        run_bulk(
            run,
            common::Search,
            vec!["n1".into(), "n2".into(), "n3".into()],
            move |key: String| async move {
                if key == "n2" {
                    Err(ApiError::Api {
                        status: 409,
                        code: "HIL.0409".into(),
                        message: "busy".into(),
                        request_id: None,
                    })
                } else {
                    done.update(|d| d.push(key));
                    Ok(())
                }
            },
            move || ended.set(true),
        );
        view! { <BulkNotice run=run/> }
    });
    for _ in 0..40 {
        if ended.get_untracked() {
            break;
        }
        sleep_ms(50).await;
    }
    tick().await;
    assert!(ended.get_untracked(), "the run ends");
    assert_eq!(done.get_untracked(), vec!["n1".to_string(), "n3".to_string()]);
    let text = root.text_content().unwrap();
    assert!(text.contains("3 / 3"), "{text}");
    let failures = root.query_selector("[data-testid=bulk-failures]").unwrap().expect("failures listed");
    let listed = failures.text_content().unwrap();
    assert!(listed.starts_with("n2: ") && listed.ends_with("busy"), "{listed}");
}

/// The detail layout's tabs: the first shows by default, another one goes into the URL.
#[wasm_bindgen_test]
async fn a_detail_page_keeps_its_tab_in_the_url() {
    use hilens_console::components::detail::{DetailPage, Tab};
    let root = container();
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        provide_context(AppState::new());
        let tabs = vec![
            Tab::new("overview", skill_texts::Description, || {
                view! { <p data-testid="panel-overview">"o"</p> }.into_any()
            }),
            Tab::new("versions", skill_texts::Versions, || {
                view! { <p data-testid="panel-versions">"v"</p> }.into_any()
            }),
        ];
        view! {
            <hilens_console::router::Router>
                <DetailPage back="/skills" back_label=common::BackToMarket title="A skill".to_string() tabs=tabs/>
            </hilens_console::router::Router>
        }
    });
    tick().await;
    assert!(root.query_selector("[data-testid=panel-overview]").unwrap().is_some());
    assert_eq!(
        root.query_selector("[data-testid=tab-overview]").unwrap().unwrap().get_attribute("aria-selected").as_deref(),
        Some("true")
    );
    button(&root, "tab-versions").click();
    for _ in 0..5 {
        tick().await;
    }
    assert!(web_sys::window().unwrap().location().search().unwrap().contains("tab=versions"));
    assert!(root.query_selector("[data-testid=panel-versions]").unwrap().is_some());
    assert!(root.query_selector("[data-testid=panel-overview]").unwrap().is_none());
}

async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Key–value rows: a repeated key is marked on its own input (aria-invalid, described by its
/// message) once touched, rows move and go, a `KEY=value` paste replaces them, and the check on
/// submit refuses what breaks a rule while keeping every value.
#[wasm_bindgen_test]
async fn key_value_rows_mark_each_bad_row_and_keep_the_rest() {
    use hilens_console::components::form::form::{KeyValueRows, Row, RowsState};
    let root = container();
    let state = RowsState::new(
        |k| hilens_model::rules::length("key", k, 1, 8),
        |v| hilens_model::rules::length("value", v, 0, 4),
        3,
    );
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        provide_context(AppState::new());
        view! { <KeyValueRows state=state legend=common::Search key_label=common::Search value_label=common::Search testid="kv"/> }
    });
    state.rows.set(vec![Row { key: "A".into(), value: "1".into() }, Row { key: "A".into(), value: "12345".into() }]);
    tick().await;
    let input = |id: &str| root.query_selector(&format!("[data-testid={id}]")).unwrap().unwrap();
    assert_eq!(
        input("kv-1-key").get_attribute("aria-invalid").as_deref(),
        Some("false"),
        "not before a blur or submit"
    );
    assert!(!state.check(), "a repeated key and a long value are refused");
    tick().await;
    assert_eq!(input("kv-0-key").get_attribute("aria-invalid").as_deref(), Some("false"));
    assert_eq!(input("kv-1-key").get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(input("kv-1-key").get_attribute("aria-describedby").as_deref(), Some("kv-1-key-error"));
    assert!(input("kv-1-key-error").text_content().unwrap().contains("repeats"));
    assert_eq!(input("kv-1-value").get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(state.rows.get_untracked().len(), 2, "a failed check keeps every row");
    state.shift(1, true);
    assert_eq!(state.rows.get_untracked()[0].value, "12345");
    state.remove(0);
    state.paste("# comment\nMODE=fast\nbroken line\nLEVEL = 2\n");
    tick().await;
    assert_eq!(
        state.rows.get_untracked(),
        vec![Row { key: "MODE".into(), value: "fast".into() }, Row { key: "LEVEL".into(), value: "2".into() }]
    );
    assert!(state.check());
    button(&root, "kv-add").click();
    tick().await;
    assert_eq!(state.rows.get_untracked().len(), 3, "the add button adds a row");
    assert!(button(&root, "kv-add").disabled(), "no more than the maximum");
    state.add();
    assert_eq!(state.rows.get_untracked().len(), 3);
}

/// A server's rule error lands on the field it names, not elsewhere.
#[wasm_bindgen_test]
fn a_server_rule_error_lands_on_the_field_it_names() {
    use hilens_console::components::form::form::land_on_field;
    let owner = Owner::new();
    owner.with(|| {
        let name = FieldState::new(|_| Ok(()), false);
        let amount = FieldState::new(|_| Ok(()), false);
        let err = ApiError::Api {
            status: 400,
            code: "HIL.0100".into(),
            message: "Invalid parameter: amount must be an integer from 1 to 100".into(),
            request_id: None,
        };
        assert_eq!(err.field_path(), Some("amount"));
        assert!(land_on_field(&err, &[("name", name), ("amount", amount)]));
        assert_eq!(
            amount.server_error.get_untracked().as_deref(),
            Some("must be an integer from 1 to 100"),
            "the rule alone: the field names itself by its label"
        );
        assert!(name.server_error.get_untracked().is_none());
        let other =
            ApiError::Api { status: 409, code: "HIL.0409".into(), message: "conflict".into(), request_id: None };
        assert!(!land_on_field(&other, &[("name", name)]));
    });
}

/// Repeated groups: added up to the maximum, moved, removed, each numbered and rendered by the
/// caller.
#[wasm_bindgen_test]
async fn repeated_groups_are_added_moved_and_removed() {
    use hilens_console::components::form::form::{Repeated, RepeatedGroup};
    let root = container();
    let ports = Repeated::<u32>::new(2);
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        provide_context(AppState::new());
        view! { <RepeatedGroup state=ports legend=common::Search testid="ports" item=|i| view! { <span>{format!("port {i}")}</span> }.into_any()/> }
    });
    tick().await;
    button(&root, "ports-add").click();
    tick().await;
    button(&root, "ports-add").click();
    tick().await;
    assert_eq!(ports.items.get_untracked().len(), 2, "{}", root.inner_html());
    assert!(button(&root, "ports-add").disabled(), "no more than the maximum");
    ports.items.set(vec![80, 443]);
    ports.shift(0, false);
    assert_eq!(ports.items.get_untracked(), vec![443, 80]);
    tick().await;
    button(&root, "ports-0-remove").click();
    tick().await;
    assert_eq!(ports.items.get_untracked(), vec![80]);
    assert!(root.query_selector("[data-testid=ports-1]").unwrap().is_none());
}

#[wasm_bindgen_test]
fn a_tag_filter_takes_key_value_pairs_with_the_tag_rules() {
    use hilens_console::components::list::filters::tag_filter_rule;
    assert!(tag_filter_rule("site=north,env=prod").is_ok());
    assert_eq!(tag_filter_rule("site").unwrap_err().field, "tags");
    assert!(tag_filter_rule(&format!("{}=v", "k".repeat(37))).is_err(), "a key is at most 36 characters");
}

/// CSV export: fields quoted where they must be, formulas defused, a header in the UI language.
#[wasm_bindgen_test]
fn csv_export_quotes_fields_and_defuses_formulas() {
    use hilens_console::components::list::export::{csv_field, to_csv};
    assert_eq!(csv_field("plain"), "plain");
    assert_eq!(csv_field("a,b"), "\"a,b\"");
    assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    assert_eq!(csv_field("=SUM(A1)"), "'=SUM(A1)");
    assert_eq!(csv_field("line\nbreak"), "\"line\nbreak\"");
    assert_eq!(csv_field("-cmd"), "'-cmd");
    let columns: Vec<(hilens_console::i18n::Txt, fn(&(String, i64)) -> String)> =
        vec![(skill_texts::SkillName, |r| r.0.clone()), (skill_texts::Amount, |r| r.1.to_string())];
    let text = to_csv(&columns, &[("a,1".to_string(), 3), ("b".to_string(), -2)], Lang::En);
    assert_eq!(text, format!("{},{}\r\n\"a,1\",3\r\nb,-2\r\n", skill_texts::SkillName.en, skill_texts::Amount.en));
}

#[component]
fn ChoosableList() -> impl IntoView {
    let ctx = ListCtx::<LetterFilters>::new();
    let spec =
        ListSpec::new(skill_texts::NavSkills, skill_texts::NoSkills, "choosable", letter_rows, |l: &String| l.clone())
            .columns(vec![
                Column::new(skill_texts::SkillName, |l: &String| l.clone().into_any()),
                Column::new(skill_texts::Amount, |l: &String| l.len().into_any()),
            ])
            .choose_columns("hilens.test.hidden-columns");
    view! { <ListPage ctx=ctx spec=spec/> }
}

/// The column chooser hides a column from the header and every row, and the choice is kept in
/// the browser for the next visit.
#[wasm_bindgen_test]
async fn a_hidden_column_stays_hidden_on_the_next_visit() {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.remove_item("hilens.test.hidden-columns").unwrap();
    let headers =
        |root: &web_sys::HtmlElement| root.query_selector_all("[data-testid=choosable-table] th").unwrap().length();
    let cells = |root: &web_sys::HtmlElement| {
        root.query_selector("[data-testid=choosable-row]").unwrap().unwrap().child_element_count()
    };
    let root = container();
    let mounted = leptos::mount::mount_to(root.clone(), move || {
        provide_context(AppState::new());
        view! { <hilens_console::router::Router><ChoosableList/></hilens_console::router::Router> }
    });
    for _ in 0..5 {
        tick().await;
    }
    assert_eq!((headers(&root), cells(&root)), (2, 2));
    let amount = root
        .query_selector_all("[data-testid=column-chooser] input[type=checkbox]")
        .unwrap()
        .item(1)
        .unwrap()
        .unchecked_into::<web_sys::HtmlInputElement>();
    amount.click();
    tick().await;
    assert_eq!((headers(&root), cells(&root)), (1, 1));
    assert_eq!(storage.get_item("hilens.test.hidden-columns").unwrap().as_deref(), Some(skill_texts::Amount.key));
    drop(mounted);

    let again = container();
    let _mounted = leptos::mount::mount_to(again.clone(), move || {
        provide_context(AppState::new());
        view! { <hilens_console::router::Router><ChoosableList/></hilens_console::router::Router> }
    });
    for _ in 0..5 {
        tick().await;
    }
    assert_eq!((headers(&again), cells(&again)), (1, 1), "remembered");
}

#[wasm_bindgen_test]
async fn the_deployment_editor_keeps_a_typed_non_number_marks_it_and_leaves_the_draft() {
    use hilens_console::pages::deployments::editor::draft::Ed;
    use hilens_console::pages::deployments::editor::fields::num_in;
    use hilens_console::pages::deployments::editor::places::Root;
    use hilens_console::pages::deployments::texts as deployment_texts;
    let root = container();
    let editor = RwSignal::new_local(None::<Ed>);
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        provide_context(AppState::new());
        let ed = Ed::new(Default::default(), false);
        editor.set(Some(ed));
        num_in(
            ed,
            Root,
            "deployment.replicas".into(),
            deployment_texts::Replicas,
            |d| Some(d.deployment.replicas),
            |d, n| d.deployment.replicas = n.unwrap_or(0),
        )
    });
    tick().await;
    let ed = editor.get_untracked().unwrap();
    let input: web_sys::HtmlInputElement =
        root.query_selector("#f-deployment-replicas").unwrap().expect("the field has its path's id").unchecked_into();
    let typed = |text: &str| {
        input.set_value(text);
        input.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
    };
    typed("3x");
    input.dispatch_event(&web_sys::Event::new("blur").unwrap()).unwrap();
    tick().await;
    assert_eq!(input.value(), "3x", "kept as typed");
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    let described = input.get_attribute("aria-describedby").expect("described by its message");
    let message = root.query_selector(&format!("#{described}")).unwrap().unwrap().text_content().unwrap();
    let lang = AppState::new().lang.get_untracked();
    assert!(
        message.starts_with(hilens_console::pages::deployments::labels::label("deployment.replicas", lang).as_str()),
        "{message}"
    );
    assert!(!message.contains("deployment.replicas"), "no API path: {message}");
    assert_eq!(ed.draft.get_untracked().deployment.replicas, 0, "the draft keeps its last number");
    assert!(ed.errors.get_untracked().iter().any(|e| e.field == "deployment.replicas" && e.rule == "integer"));
    typed("5");
    tick().await;
    assert_eq!(ed.draft.get_untracked().deployment.replicas, 5);
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("false"));
    typed("100");
    tick().await;
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"), "the model's range rule (1–99) speaks");
}

/// The loader in index.html fetches a page's parts from src/pages/parts.txt before the console
/// runs; the console finds the page's part from its domains' pages. Both must name the same
/// part for every page, and every page must be found where its domain says it is.
#[wasm_bindgen_test]
fn the_loader_fetches_the_part_that_renders_each_page() {
    use hilens_console::pages::{page_at, DOMAINS};
    let rows: Vec<(Vec<&str>, Vec<&str>)> = include_str!("../src/pages/parts.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with("on-demand"))
        .map(|l| {
            let mut words = l.split_whitespace();
            let path = words.next().unwrap().split('/').filter(|s| !s.is_empty()).collect();
            (path, words.collect())
        })
        .collect();
    let mut pages = 0;
    for domain in DOMAINS {
        for route in domain.pages {
            let path = format!("{}/{}", domain.href.trim_end_matches('/'), route.path);
            let path = path.split('/').map(|s| if s.starts_with(':') { "x1" } else { s }).collect::<Vec<_>>().join("/");
            let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
            // The loader's rule: the first row whose pattern matches, else the first segment's part.
            let fetched: Vec<String> = rows
                .iter()
                .find(|(pattern, _)| {
                    pattern.len() == segments.len()
                        && pattern.iter().zip(&segments).all(|(p, s)| p.starts_with(':') || p == s)
                })
                .map(|(_, parts)| parts.iter().map(|p| p.to_string()).collect())
                .unwrap_or_else(|| vec![segments.first().map_or("overview".to_string(), |s| s.replace('-', "_"))]);
            assert_eq!(
                fetched.first().map(String::as_str),
                Some(route.part.name),
                "{path}: the loader fetches {fetched:?}"
            );
            let (found, _) = page_at(&path).unwrap_or_else(|| panic!("{path} is not found"));
            assert_eq!(
                (found.path, found.part.name, found.page),
                (route.path, route.part.name, route.page),
                "{path} is found as another page"
            );
            pages += 1;
        }
    }
    assert!(pages >= 30, "{pages} pages");
    // Each parameter arrives in its own field, decoded.
    let (_, params) = page_at("/deployments/d%201/rollouts/r2").unwrap();
    assert_eq!((params.id.as_str(), params.rollout.as_str()), ("d 1", "r2"));
    let (_, params) = page_at("/jobs/d3/t4/edit").unwrap();
    assert_eq!((params.deployment.as_str(), params.task.as_str(), params.id.as_str()), ("d3", "t4", ""));
    let (_, params) = page_at("/instances/d5/p6").unwrap();
    assert_eq!((params.deployment.as_str(), params.pod.as_str()), ("d5", "p6"));
    assert!(page_at("/devices/x1/nothing").is_none());
    assert!(page_at("/no-such-domain").is_none());
}

/// A signed-in session with a built-in role's permissions, as `/auth/session` says them.
fn session_of(role: BuiltinRole) -> SessionInfo {
    SessionInfo {
        user: "mei".into(),
        auth_method: "users".into(),
        role: role.name().into(),
        permissions: role.permissions().names(),
        ..Default::default()
    }
}

/// What the user may not do stays in place, disabled with the reason (the least built-in role
/// that may), and does nothing when pressed; the same button works for a role that may, and
/// follows a changed session at once.
#[wasm_bindgen_test]
async fn an_action_the_role_may_not_do_is_disabled_with_the_reason() {
    let root = container();
    let app = AppState::new();
    app.set_lang(Lang::En);
    app.set_session(Some(session_of(BuiltinRole::Viewer)));
    let pressed = RwSignal::new(0u32);
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        provide_context(app);
        view! {
            <hilens_console::router::Router>
                <ActionButton needs=OperationId::DeleteNode class="danger" testid="delete" on_click=Callback::new(move |_| pressed.update(|n| *n += 1))>
                    "Delete device"
                </ActionButton>
                <ActionButton needs=OperationId::SwitchNodeConnection testid="stop" on_click=Callback::new(move |_| pressed.update(|n| *n += 10))>
                    "Stop"
                </ActionButton>
                <ActionButton needs=Permission::SecretsReveal testid="reveal">"Show"</ActionButton>
                <ActionLink needs=OperationId::CreateNode href="/devices/new" testid="register">"Register"</ActionLink>
            </hilens_console::router::Router>
        }
    });
    tick().await;
    let reason_of = |testid: &str| {
        let el = root.query_selector(&format!("[data-testid={testid}]")).unwrap().unwrap();
        let id = el.get_attribute("aria-describedby")?;
        assert_eq!(el.get_attribute("aria-disabled").as_deref(), Some("true"), "{testid}");
        Some(document().get_element_by_id(&id).expect("the reason's element").text_content().unwrap())
    };
    assert_eq!(reason_of("delete").as_deref(), Some("Needs the admin role"));
    assert_eq!(reason_of("stop").as_deref(), Some("Needs the operator role"));
    assert_eq!(reason_of("reveal").as_deref(), Some("Needs the admin role"));
    assert_eq!(reason_of("register").as_deref(), Some("Needs the admin role"));
    let register = root.query_selector("[data-testid=register]").unwrap().unwrap();
    assert!(!register.has_attribute("href"), "a refused link leads nowhere");
    // Focusable (the reason can be reached by keyboard), yet pressing does nothing.
    assert!(!button(&root, "delete").disabled());
    button(&root, "delete").click();
    button(&root, "stop").click();
    tick().await;
    assert_eq!(pressed.get_untracked(), 0);

    // An operator stops devices but still may not delete them.
    app.set_session(Some(session_of(BuiltinRole::Operator)));
    tick().await;
    assert_eq!(reason_of("delete").as_deref(), Some("Needs the admin role"));
    assert_eq!(reason_of("stop"), None);
    assert!(button(&root, "stop").get_attribute("aria-disabled").is_none());
    button(&root, "stop").click();
    button(&root, "delete").click();
    tick().await;
    assert_eq!(pressed.get_untracked(), 10);

    // An admin may do everything; the reasons are gone.
    app.set_session(Some(session_of(BuiltinRole::Admin)));
    tick().await;
    button(&root, "delete").click();
    tick().await;
    assert_eq!(pressed.get_untracked(), 11);
    assert!(root.query_selector("[data-testid=refused-reason]").unwrap().is_none());
    let register = root.query_selector("[data-testid=register]").unwrap().unwrap();
    assert!(register.get_attribute("href").is_some_and(|h| h.ends_with("/devices/new")));
}

/// Each audit record links to the console page of the resource it touched: by its operation's
/// domain and path parameters, or a creation's new id; records of nothing link nowhere.
#[wasm_bindgen_test]
fn an_audit_record_links_to_its_resource() {
    use hilens_console::pages::audit::resource_link;
    use hilens_model::portal::AuditRecord;
    let record = |operation: &str, params: &[(&str, &str)], resource_id: Option<&str>| AuditRecord {
        operation: operation.into(),
        params: params.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        resource_id: resource_id.map(String::from),
        ..Default::default()
    };
    for (r, want) in [
        (record("switch_node_connection", &[("node_id", "n1"), ("action", "stop")], Some("n1")), Some("/devices/n1")),
        (record("delete_node", &[("node_id", "n 2")], Some("n 2")), Some("/devices/n%202")),
        (record("create_node", &[], Some("n3")), Some("/devices/n3")),
        (record("freeze_node", &[("node_id", "n4")], Some("n4")), Some("/devices/n4")),
        (
            record("update_node_firmware", &[("node_id", "n5"), ("firmware_id", "f1")], Some("n5")),
            Some("/devices/n5?tab=firmware"),
        ),
        (record("delete_deployment", &[("deployment_id", "d1")], Some("d1")), Some("/deployments/d1")),
        (record("delete_pod", &[("deployment_id", "d1"), ("pod_id", "p1")], Some("d1")), Some("/deployments/d1")),
        (record("update_task", &[("deployment_id", "d1"), ("task_id", "t1")], Some("d1")), Some("/jobs/d1/t1")),
        (record("create_task", &[("deployment_id", "d1")], Some("t2")), Some("/jobs/d1/t2")),
        (record("create_config_map", &[], Some("c1")), Some("/configmaps/c1")),
        (record("delete_secret", &[("secret_id", "s1")], Some("s1")), Some("/secrets/s1")),
        (record("create_work_space", &[], Some("w1")), Some("/workspaces/w1")),
        (record("set_default_order_form", &[("order_id", "o1")], Some("o1")), Some("/orders/o1")),
        (
            record("create_resource_tags", &[("resource_type", "deployment"), ("resource_id", "d9")], Some("d9")),
            Some("/deployments/d9?tab=tags"),
        ),
        (record("batch_create_node_tags", &[], None), None),
        (record("sign_in", &[], None), None),
        (record("read_audit_log", &[], None), None),
        (record("create_node", &[], None), None),
    ] {
        assert_eq!(resource_link(&r).as_deref(), want, "{} {:?}", r.operation, r.params);
    }
}

/// Every operation and its client function: the match is exhaustive and names each function,
/// so an operation without a client function does not compile (here, beside its only user).
fn client_function(op: hilens_model::OperationId) -> &'static str {
    use hilens_console::api;
    use hilens_model::OperationId as Op;
    match op {
        Op::AddDeploymentNodes => {
            let _ = api::deployments::add_deployment_nodes;
            "deployments::add_deployment_nodes"
        }
        Op::BatchCreateNodeTags => {
            let _ = api::tags::batch_create_node_tags;
            "tags::batch_create_node_tags"
        }
        Op::CreateConfigMap => {
            let _ = api::configmaps::create_config_map;
            "configmaps::create_config_map"
        }
        Op::CreateDeployment => {
            let _ = api::deployments::create_deployment;
            "deployments::create_deployment"
        }
        Op::CreateNode => {
            let _ = api::nodes::create_node;
            "nodes::create_node"
        }
        Op::CreateOrderForm => {
            let _ = api::orders::create_order_form;
            "orders::create_order_form"
        }
        Op::CreateResourceTags => {
            let _ = api::tags::create_resource_tags;
            "tags::create_resource_tags"
        }
        Op::CreateSecret => {
            let _ = api::secrets::create_secret;
            "secrets::create_secret"
        }
        Op::CreateTask => {
            let _ = api::tasks::create_task;
            "tasks::create_task"
        }
        Op::CreateWorkSpace => {
            let _ = api::workspaces::create_work_space;
            "workspaces::create_work_space"
        }
        Op::DeleteConfigMap => {
            let _ = api::configmaps::delete_config_map;
            "configmaps::delete_config_map"
        }
        Op::DeleteDeployment => {
            let _ = api::deployments::delete_deployment;
            "deployments::delete_deployment"
        }
        Op::DeleteNode => {
            let _ = api::nodes::delete_node;
            "nodes::delete_node"
        }
        Op::DeletePod => {
            let _ = api::deployments::delete_pod;
            "deployments::delete_pod"
        }
        Op::DeleteResourceTag => {
            let _ = api::tags::delete_resource_tag;
            "tags::delete_resource_tag"
        }
        Op::DeleteSecret => {
            let _ = api::secrets::delete_secret;
            "secrets::delete_secret"
        }
        Op::DeleteTask => {
            let _ = api::tasks::delete_task;
            "tasks::delete_task"
        }
        Op::DeleteWorkSpace => {
            let _ = api::workspaces::delete_work_space;
            "workspaces::delete_work_space"
        }
        Op::FreezeNode => {
            let _ = api::activation::freeze_node;
            "activation::freeze_node"
        }
        Op::ListConfigMaps => {
            let _ = api::configmaps::list_config_maps;
            "configmaps::list_config_maps"
        }
        Op::ListDeviceAlarms => {
            let _ = api::alarms::list_device_alarms;
            "alarms::list_device_alarms"
        }
        Op::ListDevices => {
            let _ = api::nodes::list_devices;
            "nodes::list_devices"
        }
        Op::ListFirmwares => {
            let _ = api::firmware::list_firmwares;
            "firmware::list_firmwares"
        }
        Op::ListPlatformManager => {
            let _ = api::activation::list_platform_manager;
            "activation::list_platform_manager"
        }
        Op::ListResourceTags => {
            let _ = api::tags::list_resource_tags;
            "tags::list_resource_tags"
        }
        Op::ListSecrets => {
            let _ = api::secrets::list_secrets;
            "secrets::list_secrets"
        }
        Op::ListTasks => {
            let _ = api::tasks::list_tasks;
            "tasks::list_tasks"
        }
        Op::ListWorkSpaces => {
            let _ = api::workspaces::list_work_spaces;
            "workspaces::list_work_spaces"
        }
        Op::SetDefaultOrderForm => {
            let _ = api::orders::set_default_order_form;
            "orders::set_default_order_form"
        }
        Op::ShowConfigMap => {
            let _ = api::configmaps::show_config_map;
            "configmaps::show_config_map"
        }
        Op::ShowDeployment => {
            let _ = api::deployments::show_deployment;
            "deployments::show_deployment"
        }
        Op::ShowDeploymentPods => {
            let _ = api::deployments::show_deployment_pods;
            "deployments::show_deployment_pods"
        }
        Op::ShowDeployments => {
            let _ = api::deployments::show_deployments;
            "deployments::show_deployments"
        }
        Op::ShowNode => {
            let _ = api::nodes::show_node;
            "nodes::show_node"
        }
        Op::ShowNodeActivationRecords => {
            let _ = api::activation::show_node_activation_records;
            "activation::show_node_activation_records"
        }
        Op::ShowNodes => {
            let _ = api::nodes::show_nodes;
            "nodes::show_nodes"
        }
        Op::ShowResourceTags => {
            let _ = api::tags::show_resource_tags;
            "tags::show_resource_tags"
        }
        Op::ShowSecret => {
            let _ = api::secrets::show_secret;
            "secrets::show_secret"
        }
        Op::ShowSkillInfo => {
            let _ = api::skills::show_skill_info;
            "skills::show_skill_info"
        }
        Op::ShowSkillList => {
            let _ = api::skills::show_skill_list;
            "skills::show_skill_list"
        }
        Op::ShowSkillOrderInfo => {
            let _ = api::orders::show_skill_order_info;
            "orders::show_skill_order_info"
        }
        Op::ShowSkillOrderList => {
            let _ = api::orders::show_skill_order_list;
            "orders::show_skill_order_list"
        }
        Op::ShowTask => {
            let _ = api::tasks::show_task;
            "tasks::show_task"
        }
        Op::ShowUpgradeProgress => {
            let _ = api::firmware::show_upgrade_progress;
            "firmware::show_upgrade_progress"
        }
        Op::ShowWorkSpace => {
            let _ = api::workspaces::show_work_space;
            "workspaces::show_work_space"
        }
        Op::StartAndStopDeployment => {
            let _ = api::deployments::start_and_stop_deployment;
            "deployments::start_and_stop_deployment"
        }
        Op::StartAndStopDeploymentPod => {
            let _ = api::deployments::start_and_stop_deployment_pod;
            "deployments::start_and_stop_deployment_pod"
        }
        Op::SwitchNodeConnection => {
            let _ = api::nodes::switch_node_connection;
            "nodes::switch_node_connection"
        }
        Op::UnfreezeNode => {
            let _ = api::activation::unfreeze_node;
            "activation::unfreeze_node"
        }
        Op::UpdateConfigMap => {
            let _ = api::configmaps::update_config_map;
            "configmaps::update_config_map"
        }
        Op::UpdateDeployment => {
            let _ = api::deployments::update_deployment;
            "deployments::update_deployment"
        }
        Op::UpdateDeploymentUsingPatch => {
            let _ = api::deployments::update_deployment_using_patch;
            "deployments::update_deployment_using_patch"
        }
        Op::UpdateNode => {
            let _ = api::nodes::update_node;
            "nodes::update_node"
        }
        Op::UpdateNodeCert => {
            let _ = api::nodes::update_node_cert;
            "nodes::update_node_cert"
        }
        Op::UpdateNodeFirmware => {
            let _ = api::firmware::update_node_firmware;
            "firmware::update_node_firmware"
        }
        Op::UpdateSecret => {
            let _ = api::secrets::update_secret;
            "secrets::update_secret"
        }
        Op::UpdateTask => {
            let _ = api::tasks::update_task;
            "tasks::update_task"
        }
        Op::UpdateWorkSpace => {
            let _ = api::workspaces::update_work_space;
            "workspaces::update_work_space"
        }
    }
}

/// The console's router: a click on a link into the console moves the address in the page (no
/// reload: the mounted view stays), marks the link current, and Back brings the address back;
/// a link that opens elsewhere (a target) is left to the browser.
#[wasm_bindgen_test]
async fn a_link_moves_the_address_in_the_page_and_back_returns() {
    use hilens_console::router::{is_current, use_location, Router, A};
    assert!(is_current("/devices/n1", "/devices", false));
    assert!(!is_current("/devices-old", "/devices", false));
    assert!(!is_current("/devices/n1", "/devices", true));
    assert!(is_current("/", "/", true) && !is_current("/devices", "/", true));

    let history = window().history().unwrap();
    let start = window().location().href().unwrap();
    let root = container();
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <Router>
                {
                    let location = use_location();
                    view! {
                        <A href="/router-test/devices" attr:data-testid="to-devices">"Devices"</A>
                        <a href="/router-test/elsewhere" target="_blank" data-testid="elsewhere">"Elsewhere"</a>
                        <p data-testid="at">{move || location.pathname.get()}</p>
                    }
                }
            </Router>
        }
    });
    tick().await;
    let by = |id: &str| root.query_selector(&format!("[data-testid={id}]")).unwrap().unwrap();
    let link = by("to-devices").unchecked_into::<web_sys::HtmlElement>();
    assert_eq!(link.get_attribute("aria-current"), None);
    link.click();
    tick().await;
    assert_eq!(window().location().pathname().unwrap(), "/router-test/devices");
    assert_eq!(by("at").text_content().unwrap(), "/router-test/devices", "the same view, told of the move");
    assert_eq!(link.get_attribute("aria-current").as_deref(), Some("page"));
    // Back: the browser's popstate reaches the router.
    history.back().unwrap();
    for _ in 0..20 {
        if window().location().pathname().unwrap() != "/router-test/devices" {
            break;
        }
        sleep_ms(20).await;
    }
    tick().await;
    assert_ne!(by("at").text_content().unwrap(), "/router-test/devices");
    assert_eq!(link.get_attribute("aria-current"), None);
    // A link with a target is the browser's: the router, listening before this test's own
    // listener, leaves the click alone (which this listener then stops, so no window opens).
    let taken = std::rc::Rc::new(std::cell::Cell::new(None::<bool>));
    let seen = taken.clone();
    let after_router = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::Event)>::new(move |e: web_sys::Event| {
        seen.set(Some(e.default_prevented()));
        e.prevent_default();
    });
    window().add_event_listener_with_callback("click", after_router.as_ref().unchecked_ref()).unwrap();
    by("elsewhere").unchecked_into::<web_sys::HtmlElement>().click();
    tick().await;
    window().remove_event_listener_with_callback("click", after_router.as_ref().unchecked_ref()).unwrap();
    assert_eq!(taken.get(), Some(false), "the router took a link with a target");
    assert_ne!(window().location().pathname().unwrap(), "/router-test/elsewhere");
    history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&start)).unwrap();
}

/// The side navigation lists each group's domains together under one heading: a group split in
/// two would show its heading twice.
#[wasm_bindgen_test]
fn each_navigation_group_stands_together() {
    use hilens_console::pages::DOMAINS;
    let runs: Vec<_> = DOMAINS.chunk_by(|a, b| a.group == b.group).map(|run| run[0].group).collect();
    for (i, group) in runs.iter().enumerate() {
        assert!(!runs[i + 1..].contains(group), "{group:?} is listed in two places");
    }
    assert_eq!(runs.first().map(|g| g.label()), Some(None), "the overview comes first, without a heading");
    assert!(runs.len() >= 5, "{runs:?}");
}
