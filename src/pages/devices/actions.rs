//! What can be done to devices, one or many: start/stop, tags, firmware upgrade, activation,
//! delete. The list's bulk bar and the device page share these calls; the forms that need an
//! answer first (which tags, which firmware, which order, force or not) are [`BulkForm`]s.

use hilens_model::activation::{accepted_device_types, ActivateNodeRequest, PlatformOrder, PlatformOrderQuery};
use hilens_model::common::{ForceDeleteQuery, ProviderQuery};
use hilens_model::firmware::{Firmware, FirmwareListQuery, DEVICE_TYPES, UPGRADE_FAILED, UPGRADE_SUCCEEDED};
use hilens_model::tags::{MultiResourcesMultiTags, ResourceRef, Tag};
use hilens_model::OperationId as Op;
use leptos::prelude::*;
use stylers_macro::style_sheet;

use super::impact::DeviceImpact;
use crate::api::{self, ApiError};
use crate::components::actions::{run_bulk_followed, run_bulk_of, BulkRun, Followed};
use crate::components::allowed::ActionButton;
use crate::components::confirm::ConfirmDialog;
use crate::components::form::field::{FieldState, TextField};
use crate::components::form::form::{tag_rows, KeyValueRows, RowsState};
use crate::components::names::{Kind, Named};
use crate::i18n::{common, tr, Txt};
use crate::pages::devices::texts;

/// Starts or stops a device (`action` is `start` or `stop`).
pub async fn switch(id: String, action: &'static str) -> Result<(), ApiError> {
    api::nodes::switch_node_connection(&id, action, &ProviderQuery::default()).await
}

pub async fn delete(id: String, force: bool) -> Result<(), ApiError> {
    let query = ForceDeleteQuery { force_delete: force.then(|| "true".to_string()) };
    api::nodes::delete_node(&id, &query).await
}

pub async fn upgrade(id: String, firmware_id: String, expired_minutes: Option<i64>) -> Result<(), ApiError> {
    api::firmware::update_node_firmware(&id, &firmware_id, expired_minutes).await
}

/// How a device's firmware upgrade is doing (for a bulk run that follows it to the end).
pub async fn upgrade_state(id: String) -> Result<Followed, ApiError> {
    let p = api::firmware::show_upgrade_progress(&id, &Default::default()).await?;
    Ok(match p.status {
        UPGRADE_SUCCEEDED => Followed::Done,
        UPGRADE_FAILED => Followed::Failed(p.cause.unwrap_or_default()),
        _ => Followed::Going(p.progress.trim_end_matches('%').trim().parse::<u8>().unwrap_or(0).min(100)),
    })
}

/// Upgrades `ids` to `firmware_id` and follows every upgrade until it has succeeded or failed.
pub fn run_upgrades(
    run: RwSignal<Option<BulkRun>>,
    ids: Vec<String>,
    firmware_id: String,
    minutes: Option<i64>,
    then: impl FnOnce() + 'static,
) {
    run_bulk_followed(
        run,
        texts::UpgradeFirmware,
        Some(Kind::Device),
        ids,
        move |id| upgrade(id, firmware_id.clone(), minutes),
        upgrade_state,
        then,
    );
}

pub async fn activate(id: String, order_id: String) -> Result<(), ApiError> {
    api::activation::unfreeze_node(&id, &ActivateNodeRequest { order_id: Some(order_id), ..Default::default() })
        .await
        .map(|_| ())
}

/// Adds `tags` to the devices, 100 a call (the API's limit); a failed call names its devices.
pub async fn add_tags(ids: Vec<String>, tags: Vec<Tag>) -> Vec<(String, String)> {
    let mut failures = Vec::new();
    for chunk in ids.chunks(100) {
        let body = MultiResourcesMultiTags {
            resources: chunk
                .iter()
                .map(|id| ResourceRef { resource_type: "node".into(), resource_id: id.clone() })
                .collect(),
            tags: tags.clone(),
        };
        if let Err(e) = api::tags::batch_create_node_tags(&body).await {
            failures.extend(chunk.iter().map(|id| (id.clone(), e.plain())));
        }
    }
    failures
}

/// The running-service orders that can activate a device on their own (`order_id`: the CPU and
/// NPU/GPU pairs of large devices go together and are not offered here).
pub async fn running_orders() -> Result<Vec<PlatformOrder>, ApiError> {
    let query =
        PlatformOrderQuery { order_type: Some("running_service".into()), limit: Some(100), ..Default::default() };
    let accepted = accepted_device_types("order_id");
    let orders = api::activation::list_platform_manager(&query).await?.data;
    Ok(orders.into_iter().filter(|o| accepted.contains(&o.device_type.as_str())).collect())
}

/// The firmwares of a hardware model (for one architecture, or all).
pub async fn firmwares(device_type: String, arch: Option<String>) -> Result<Vec<Firmware>, ApiError> {
    let query = FirmwareListQuery { device_type, arch, limit: Some(100), ..Default::default() };
    Ok(api::firmware::list_firmwares(&query).await?.firmwares)
}

/// An order as a choice: its device class, how much of it is left (in words), its id.
pub fn order_label(o: &PlatformOrder, lang: hilens_model::Lang) -> String {
    let (left, all) = (o.amount - o.used_amount, o.amount);
    let class = crate::pages::service_orders::texts::device_class_in(&o.device_type, lang);
    match lang {
        hilens_model::Lang::Zh => format!("{class} — 剩余 {left} / 共 {all} · {}", o.id),
        hilens_model::Lang::En => format!("{class} — {left} of {all} left · {}", o.id),
    }
}

/// A bulk action that asks something first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BulkForm {
    Tags(Vec<String>),
    Upgrade(Vec<String>),
    Activate(Vec<String>),
    Delete(Vec<String>),
}

impl BulkForm {
    fn ids(&self) -> Vec<String> {
        match self {
            BulkForm::Tags(ids) | BulkForm::Upgrade(ids) | BulkForm::Activate(ids) | BulkForm::Delete(ids) => {
                ids.clone()
            }
        }
    }
}

/// The form of the bulk action being prepared (`form`), which runs it through `run` and then
/// calls `done`.
#[component]
pub fn BulkFormPanel(
    form: RwSignal<Option<BulkForm>>,
    run: RwSignal<Option<BulkRun>>,
    done: Callback<()>,
) -> impl IntoView {
    const _: &str = include_str!("bulk_form_panel.css");
    let class = style_sheet!("src/pages/devices/bulk_form_panel.css");
    // Opening a form takes the focus there (it opens beside the selection's bar).
    Effect::new(move |_| {
        if form.with(Option::is_some) {
            crate::components::confirm::focus_soon("bulk-form-title");
        }
    });
    move || {
        form.get().map(|f| {
            let ids = f.ids();
            let chosen = ids.clone();
            let close = Callback::new(move |_| form.set(None));
            let (title, body) = match f {
                BulkForm::Tags(_) => {
                    (texts::AddTags, view! { <TagsForm ids=ids run=run close=close done=done /> }.into_any())
                }
                BulkForm::Upgrade(_) => (
                    texts::UpgradeFirmware,
                    view! { <UpgradeForm ids=ids run=run close=close done=done arch=None /> }.into_any(),
                ),
                BulkForm::Activate(_) => {
                    (texts::Activate, view! { <ActivateForm ids=ids run=run close=close done=done /> }.into_any())
                }
                BulkForm::Delete(_) => {
                    (texts::DeleteDevices, view! { <DeleteForm ids=ids run=run close=close done=done /> }.into_any())
                }
            };
            view! { class=class,
                <section class="bulk-form card" aria-labelledby="bulk-form-title" data-testid="bulk-form">
                    <h2 id="bulk-form-title" tabindex="-1">
                        {tr(title)}
                    </h2>
                    <p data-testid="bulk-form-devices">{chosen_devices(chosen)}</p>
                    {body}
                </section>
            }
        })
    }
}

/// "3 devices: a, b, c" (by name, the first [`BY_NAME`](super::impact::BY_NAME) of them).
fn chosen_devices(ids: Vec<String>) -> AnyView {
    let app = crate::state::use_app();
    let n = ids.len();
    let shown: Vec<String> = ids.into_iter().take(super::impact::BY_NAME).collect();
    let more = n > shown.len();
    view! {
        {move || format!("{} {n}", app.t(texts::ImpactDevices))}
        " · "
        {shown
            .into_iter()
            .enumerate()
            .map(|(i, id)| {
                view! {
                    {(i > 0).then_some(", ")}
                    <Named kind=Kind::Device id=id />
                }
            })
            .collect_view()}
        {more.then_some(", …")}
    }
    .into_any()
}

/// A form's buttons: apply (for those who may: `needs`), and Cancel where there is something to close (a form that is a
/// device page's tab has none).
fn buttons(
    apply: Txt,
    needs: Op,
    testid: &'static str,
    disabled: Signal<bool>,
    close: Option<Callback<()>>,
) -> AnyView {
    view! {
        <div class="row">
            <ActionButton needs=needs submit=true class="primary" testid=testid disabled=disabled>
                {tr(apply)}
            </ActionButton>
            {close
                .map(|close| {
                    view! {
                        <button type="button" on:click=move |_| close.run(())>
                            {tr(common::Cancel)}
                        </button>
                    }
                })}
        </div>
    }
    .into_any()
}

#[component]
fn TagsForm(
    ids: Vec<String>,
    run: RwSignal<Option<BulkRun>>,
    close: Callback<()>,
    done: Callback<()>,
) -> impl IntoView {
    let rows: RowsState = tag_rows();
    rows.add();
    let ids = StoredValue::new(ids);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !rows.check() || rows.rows.with_untracked(Vec::is_empty) {
            return;
        }
        let tags: Vec<Tag> =
            rows.rows.get_untracked().into_iter().map(|r| Tag { key: r.key, value: r.value }).collect();
        let ids = ids.get_value();
        close.run(());
        run.set(Some(BulkRun {
            label: Some(texts::AddTags),
            total: ids.len(),
            kind: Some(Kind::Device),
            ..Default::default()
        }));
        leptos::task::spawn_local(async move {
            let total = ids.len();
            let failures = add_tags(ids, tags).await;
            let kind = Some(Kind::Device);
            run.set(Some(BulkRun {
                label: Some(texts::AddTags),
                total,
                done: total,
                failures,
                finished: true,
                kind,
                ..Default::default()
            }));
            done.run(());
        });
    };
    view! {
        <form on:submit=submit data-testid="tags-form">
            <KeyValueRows
                state=rows
                legend=texts::Tags
                key_label=texts::TagKey
                value_label=texts::TagValue
                testid="bulk-tags"
            />
            {buttons(texts::Apply, Op::BatchCreateNodeTags, "bulk-tags-apply", Signal::derive(|| false), Some(close))}
        </form>
    }
}

/// Which firmware to upgrade to: a hardware model, then one of its firmwares (of the device's
/// architecture when `arch` is known), and the optional expiry for offline devices.
#[component]
pub fn UpgradeForm(
    ids: Vec<String>,
    run: RwSignal<Option<BulkRun>>,
    /// The panel's closing, where the form is in one (none on a device page's tab).
    #[prop(optional)]
    close: Option<Callback<()>>,
    done: Callback<()>,
    arch: Option<String>,
) -> impl IntoView {
    let device_type = RwSignal::new(DEVICE_TYPES[2].to_string());
    let other_arch = RwSignal::new(false);
    let chosen = RwSignal::new(String::new());
    let has_arch = arch.is_some();
    let arch = StoredValue::new(arch);
    let list = LocalResource::new(move || {
        let (t, all) = (device_type.get(), other_arch.get());
        let arch = if all { None } else { arch.get_value() };
        firmwares(t, arch)
    });
    // The model's one rule for the header (the console once had a limit of its own here).
    let expiry = FieldState::new(|v| hilens_model::rules::expired_time(Some(v)).map(|_| ()), true);
    let ids = StoredValue::new(ids);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let firmware = chosen.get_untracked();
        if firmware.is_empty() || !expiry.check() {
            return;
        }
        let minutes = expiry.value.get_untracked().parse().ok();
        if let Some(close) = close {
            close.run(());
        }
        run_upgrades(run, ids.get_value(), firmware, minutes, move || done.run(()));
    };
    view! {
        <form on:submit=submit data-testid="upgrade-form" class="stack">
            <label class="field-col">
                <span class="muted">{tr(texts::DeviceType)}</span>
                <select
                    data-testid="upgrade-device-type"
                    prop:value=move || device_type.get()
                    on:change=move |ev| {
                        device_type.set(event_target_value(&ev));
                        chosen.set(String::new());
                    }
                >
                    {DEVICE_TYPES.iter().map(|t| view! { <option value=*t>{*t}</option> }).collect_view()}
                </select>
            </label>
            {has_arch
                .then(|| {
                    view! {
                        <label>
                            <input
                                type="checkbox"
                                data-testid="upgrade-other-arch"
                                prop:checked=move || other_arch.get()
                                on:change=move |ev| {
                                    other_arch.set(event_target_checked(&ev));
                                    chosen.set(String::new());
                                }
                            />
                            " "
                            {tr(texts::OtherArch)}
                        </label>
                    }
                })}
            <label class="field-col">
                <span class="muted">{tr(texts::ChooseFirmware)}</span>
                <select
                    data-testid="upgrade-firmware"
                    disabled=move || loaded_empty(list)
                    prop:value=move || chosen.get()
                    on:change=move |ev| chosen.set(event_target_value(&ev))
                >
                    {first_option(list)}
                    {move || {
                        list.get()
                            .and_then(Result::ok)
                            .unwrap_or_default()
                            .into_iter()
                            .map(|f| {
                                let kind = f.firmware_type.clone().unwrap_or_default();
                                let kind = crate::i18n::worded(crate::pages::firmware::texts::kind_text(&kind), &kind);
                                let label = format!(
                                    "{} {} ({}, {})",
                                    f.name,
                                    f.version,
                                    f.arch.clone().unwrap_or_default(),
                                    kind(),
                                );
                                view! { <option value=f.id>{label}</option> }
                            })
                            .collect_view()
                    }}
                </select>
            </label>
            {move || loaded_empty(list).then(|| view! { <p class="muted">{tr(texts::NoFirmware)}</p> })}
            {failure(list)}
            <TextField state=expiry label=texts::ExpiresIn testid="upgrade-expiry" kind="number" />
            {buttons(
                texts::UpgradeFirmware,
                Op::UpdateNodeFirmware,
                "upgrade-apply",
                Signal::derive(move || chosen.get().is_empty()),
                close,
            )}
        </form>
    }
}

/// Whether a form's choices came and there are none (its drop-down is then disabled, and a line
/// says why, rather than offering "—" alone).
fn loaded_empty<T: Clone + 'static>(list: LocalResource<Result<Vec<T>, ApiError>>) -> bool {
    list.with(|l| matches!(l, Some(Ok(items)) if items.is_empty()))
}

/// A form's drop-down's first option, chosen while nothing is: "Loading…" until the choices
/// come (a drop-down offering "—" alone looked broken), then "Choose…" (what the form waits for).
fn first_option<T: Clone + 'static>(list: LocalResource<Result<Vec<T>, ApiError>>) -> impl IntoView {
    let (loading, choose) = (tr(common::Loading), tr(common::ChooseOne));
    view! { <option value="">{move || if list.with(Option::is_none) { loading() } else { choose() }}</option> }
}

/// Why a form's choices did not come, with a retry (nothing while they load or once they are there).
fn failure<T: Clone + Send + Sync + 'static>(list: LocalResource<Result<Vec<T>, ApiError>>) -> impl IntoView {
    move || {
        list.get().and_then(Result::err).map(|error| {
            view! { <crate::components::frame::error_notice::ErrorNotice error=error on_retry=move |_| list.refetch() /> }
        })
    }
}

/// Which running-service order activates the devices, each order with what is left of it.
#[component]
pub fn ActivateForm(
    ids: Vec<String>,
    run: RwSignal<Option<BulkRun>>,
    /// The panel's closing, where the form is in one (none on a device page's tab).
    #[prop(optional)]
    close: Option<Callback<()>>,
    done: Callback<()>,
) -> impl IntoView {
    let orders = LocalResource::new(running_orders);
    let chosen = RwSignal::new(String::new());
    let ids = StoredValue::new(ids);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let order = chosen.get_untracked();
        if order.is_empty() {
            return;
        }
        if let Some(close) = close {
            close.run(());
        }
        run_bulk_of(
            run,
            texts::Activate,
            Some(Kind::Device),
            ids.get_value(),
            move |id| activate(id, order.clone()),
            move || done.run(()),
        );
    };
    view! {
        <form on:submit=submit data-testid="activate-form" class="stack">
            <label class="field-col">
                <span class="muted">{tr(texts::ChooseOrder)}</span>
                <select
                    data-testid="activate-order"
                    disabled=move || loaded_empty(orders)
                    prop:value=move || chosen.get()
                    on:change=move |ev| chosen.set(event_target_value(&ev))
                >
                    {first_option(orders)}
                    {move || {
                        orders
                            .get()
                            .and_then(Result::ok)
                            .unwrap_or_default()
                            .into_iter()
                            .map(|o| {
                                let label = order_label(&o, crate::state::use_app().lang.get());
                                let full = o.used_amount >= o.amount;
                                view! {
                                    <option value=o.id disabled=full>
                                        {label}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </select>
            </label>
            {move || loaded_empty(orders).then(|| view! { <p class="muted">{tr(texts::NoOrders)}</p> })}
            {failure(orders)}
            {buttons(
                texts::Activate,
                Op::UnfreezeNode,
                "activate-apply",
                Signal::derive(move || chosen.get().is_empty()),
                close,
            )}
        </form>
    }
}

/// Deleting devices: force explained, then what runs on them and the count typed to confirm.
#[component]
fn DeleteForm(
    ids: Vec<String>,
    run: RwSignal<Option<BulkRun>>,
    close: Callback<()>,
    done: Callback<()>,
) -> impl IntoView {
    let force = RwSignal::new(false);
    let confirm = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let count = ids.len().to_string();
    let ids = StoredValue::new(ids);
    let go = Callback::new(move |_| {
        let force = force.get_untracked();
        close.run(());
        run_bulk_of(
            run,
            texts::DeleteDevices,
            Some(Kind::Device),
            ids.get_value(),
            move |id| delete(id, force),
            move || done.run(()),
        );
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        confirm.set(true);
    };
    view! {
        <form on:submit=submit data-testid="delete-form" class="stack">
            <label>
                <input
                    type="checkbox"
                    data-testid="delete-force"
                    prop:checked=move || force.get()
                    on:change=move |ev| force.set(event_target_checked(&ev))
                />
                " "
                {tr(texts::Force)}
            </label>
            <div class="row">
                <ActionButton needs=Op::DeleteNode submit=true class="danger" testid="delete-apply">
                    {tr(common::Delete)}
                </ActionButton>
                <button type="button" on:click=move |_| close.run(())>
                    {tr(common::Cancel)}
                </button>
            </div>
            <ConfirmDialog
                open=confirm
                name=count
                title=texts::DeleteDevices
                on_confirm=go
                busy=busy
                impact=move || {
                    view! {
                        <DeviceImpact
                            ids=Signal::derive(move || ids.get_value())
                            open=confirm
                            consequence=texts::ImpactDelete
                            busy=busy
                        />
                    }
                }
            />
        </form>
    }
}
