//! Console component tests, run in headless Chromium by wasm-bindgen-test
//! (`cargo test -p hilens-console --target wasm32-unknown-unknown --test components`).
#![cfg(target_arch = "wasm32")]

use hilens_console::components::pager::{offset, page_count, Pager};
use hilens_console::i18n::T;
use hilens_console::pages::login::redirect_target;
use hilens_console::pages::skills::view_state::SkillListView;
use hilens_console::state::AppState;
use hilens_model::Lang;
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
        name: "行人-检测".into(),
        chip: "Ascend 310".into(),
        platform: "Linux".into(),
        charge_model: "2".into(),
        skill_type: "standard".into(),
        page: 3,
        size: 20,
    };
    let query = view.to_query_string();
    let pairs = hilens_model::query::parse_query(&query).unwrap();
    let borrowed: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(SkillListView::from_query(params(&borrowed)), view);
    assert_eq!(SkillListView::default().to_query_string(), "", "defaults stay out of the URL");
    let api = view.to_api_query();
    assert_eq!((api.limit, api.offset, api.charge_model), (Some(20), Some(40), Some(2)));
}

#[wasm_bindgen_test]
fn invalid_url_values_are_dropped_not_sent() {
    let view = SkillListView::from_query(params(&[
        ("chip", "M1"),
        ("page", "0"),
        ("size", "7"),
        ("name", "a<b"),
        ("charge_model", "9"),
    ]));
    assert_eq!(view, SkillListView::default());
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
        assert_eq!(redirect_target(Some(evil)), "/skills", "{evil}");
    }
    assert_eq!(redirect_target(None), "/skills");
}

#[wasm_bindgen_test]
fn every_text_exists_in_both_languages() {
    for key in T::ALL {
        let (zh, en) = (key.text(Lang::Zh), key.text(Lang::En));
        assert!(!zh.is_empty() && !en.is_empty(), "{key:?}");
    }
    assert_ne!(T::NavSkills.text(Lang::Zh), T::NavSkills.text(Lang::En));
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
