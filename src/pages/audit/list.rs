//! The audit log as a list: filters in the URL (the model's rules of `/portal/audit`), paging,
//! live while visible, the CSV of what matches, and each record's resource as a link.

use hilens_model::catalogue::Operation;
use hilens_model::portal::{
    kind, operation_filter, timestamp, user_filter, AuditQuery, AuditRecord, MAX_AUDIT_PAGE, STATUS_FILTER,
};
use hilens_model::query::{Codec, Text};
use hilens_model::Permission;
use leptos::prelude::*;

use super::operations::{every_operation, record_text};
use super::texts;
use crate::api::{self, ApiError};
use crate::components::allowed::needs_role;
use crate::components::badge::Tone;
use crate::components::form::field::{FieldState, TextField};
use crate::components::format::when;
use crate::components::list::filters::{select_filter, FilterForm};
use crate::components::list::list_page::{Column, ListCtx, ListPage, ListSpec, Rows};
use crate::components::list::url_state::ListState;
use crate::components::names::{Kind, Named};
use crate::i18n::{tr, worded};
use crate::router::A;
use crate::state::use_app;

crate::url_state! {
    /// The audit log's filters as the URL holds them (the query's own rules).
    pub struct AuditFilters {
        "user" => user: Option<String> = Text(user_filter),
        "operation" => operation: Option<String> = Text(operation_filter),
        "status" => status: Option<u32> = STATUS_FILTER,
        "from" => from: Option<String> = Text(timestamp),
        "to" => to: Option<String> = Text(timestamp),
    }
}

/// How often the log is read again while the tab is visible.
const LIVE_EVERY: std::time::Duration = std::time::Duration::from_secs(5);

/// The API's query for the filters (and a page of them).
fn query(f: &AuditFilters, offset: u32, limit: u32) -> AuditQuery {
    AuditQuery {
        user: f.user.clone(),
        operation: f.operation.clone(),
        status: f.status,
        from: f.from.clone(),
        to: f.to.clone(),
        limit: Some(limit),
        offset: Some(offset),
        format: None,
    }
}

async fn fetch(view: ListState<AuditFilters>) -> Result<Rows<AuditRecord>, ApiError> {
    let page = api::portal::audit(&query(&view.filters, view.offset(), view.size)).await?;
    Ok(Rows { rows: page.records, total: page.total })
}

/// The console page of the resource a record touched, when it names one: found from its
/// operation's domain (the model's permission table) and its path parameters, or, for a
/// creation, the new resource's id.
pub fn resource_link(r: &AuditRecord) -> Option<String> {
    target(r).map(|t| t.href)
}

/// The resource a record touched: its console page, and its kind and id where the console
/// shows such resources by name.
struct Target {
    href: String,
    named: Option<(Kind, String)>,
}

/// The console page of `id` under `prefix` (`/devices`, ...).
fn page(prefix: &str, id: &str) -> String {
    format!("{prefix}/{}", hilens_model::query::encode_component(id))
}

fn target(r: &AuditRecord) -> Option<Target> {
    let op = Operation::by_name(&r.operation)?;
    let param = |k: &str| r.params.get(k).filter(|v| !v.is_empty()).cloned();
    let id = |k: &str| param(k).or_else(|| r.resource_id.clone().filter(|v| !v.is_empty()));
    // The page of `id` under `prefix` (and a tab), the resource named as `kind`.
    let named = |kind: Kind, prefix: &str, id: String, tab: &str| Target {
        href: page(prefix, &id) + tab,
        named: Some((kind, id)),
    };
    let unnamed = |href: String| Target { href, named: None };
    match op.id.permission().domain() {
        "devices" | "activation" => id("node_id").map(|n| named(Kind::Device, "/devices", n, "")),
        // A firmware upgrade names its device; reading firmware names none.
        "firmware" => param("node_id").map(|n| named(Kind::Device, "/devices", n, "?tab=firmware")),
        "deployments" | "instances" => id("deployment_id").map(|d| named(Kind::Deployment, "/deployments", d, "")),
        "jobs" => {
            let deployment = param("deployment_id")?;
            let task = param("task_id").or_else(|| r.resource_id.clone().filter(|t| *t != deployment))?;
            Some(unnamed(format!("{}/{}", page("/jobs", &deployment), hilens_model::query::encode_component(&task))))
        }
        "configmaps" => id("config_map_id").map(|c| named(Kind::ConfigMap, "/configmaps", c, "")),
        "secrets" => id("secret_id").map(|s| named(Kind::Secret, "/secrets", s, "")),
        "workspaces" => id("workspace_id").map(|w| named(Kind::Workspace, "/workspaces", w, "")),
        "orders" => id("order_id").map(|o| unnamed(page("/orders", &o))),
        "skills" => param("skill_id").map(|s| unnamed(page("/skills", &s))),
        "tags" => {
            let on = param("resource_id")?;
            let (kind, prefix) = match param("resource_type")?.as_str() {
                "node" => (Kind::Device, "/devices"),
                "deployment" => (Kind::Deployment, "/deployments"),
                "configmap" => (Kind::ConfigMap, "/configmaps"),
                "secret" => (Kind::Secret, "/secrets"),
                _ => return None,
            };
            Some(named(kind, prefix, on, "?tab=tags"))
        }
        _ => None,
    }
}

fn kind_label(k: &str) -> Option<crate::i18n::Txt> {
    Some(match k {
        kind::INTENT => texts::KindIntent,
        kind::RESULT => texts::KindResult,
        kind::CALL => texts::KindCall,
        kind::EVENT => texts::KindEvent,
        kind::COUNTS => texts::KindCounts,
        kind::CHECKPOINT => texts::KindCheckpoint,
        _ => return None,
    })
}

/// How a call ended, in words, with its HTTP status ("Refused · 403").
fn status_badge(status: Option<u16>) -> AnyView {
    let Some(s) = status else { return "-".into_any() };
    let (tone, words) = match s {
        200..=399 => (Tone::Ok, texts::Succeeded),
        401 => (Tone::Warn, texts::NotSignedIn),
        403 => (Tone::Warn, texts::Refused),
        404 => (Tone::Warn, texts::NotFound),
        409 => (Tone::Warn, texts::Conflict),
        429 => (Tone::Warn, texts::TooMany),
        400..=499 => (Tone::Warn, texts::Rejected),
        _ => (Tone::Danger, texts::Failed),
    };
    let app = use_app();
    let shown = move || format!("{} · {s}", app.t(words));
    view! {
        <span class=tone.class() data-testid="audit-status">
            {shown}
        </span>
    }
    .into_any()
}

fn columns() -> Vec<Column<AuditRecord>> {
    vec![
        // In the console's one style (relative when recent, the full time on hover); the
        // exact time, to the millisecond, is in the CSV and the API.
        Column::new(texts::Time, |r: &AuditRecord| when(Some(&r.ts))),
        Column::new(texts::User, |r: &AuditRecord| {
            view! { <span data-testid="audit-user">{r.user.clone()}</span> }.into_any()
        }),
        Column::new(texts::Role, |r: &AuditRecord| {
            let role = worded(crate::pages::access::texts::role_text(&r.role), &r.role);
            view! { <span class="nowrap">{role}</span> }.into_any()
        }),
        // In words; the API's name (which the CSV and the API keep) on hover.
        Column::new(texts::Operation, |r: &AuditRecord| {
            let shown = worded(record_text(&r.operation, &r.params), &r.operation);
            view! {
                <span data-testid="audit-operation" title=r.operation.clone()>
                    {shown}
                </span>
            }
            .into_any()
        }),
        Column::new(texts::Kind, |r: &AuditRecord| worded(kind_label(&r.kind), &r.kind).into_any()),
        // The name the call gave, else the resource by its name as the console knows it (its
        // id until then), linking to its page.
        Column::new(texts::Resource, |r: &AuditRecord| {
            let given = r.resource_name.clone().filter(|n| !n.is_empty());
            let id = r.resource_id.clone().filter(|i| !i.is_empty());
            let Some(t) = target(r) else { return given.or(id).unwrap_or_else(|| "-".into()).into_any() };
            let href = crate::paths::to(&t.href);
            match (given, t.named) {
                (None, Some((kind, id))) => {
                    view! { <Named kind=kind id=id href=href testid="audit-resource" /> }.into_any()
                }
                (given, _) => match given.or(id) {
                    Some(label) => view! { <A href=href attr:data-testid="audit-resource">{label}</A> }.into_any(),
                    None => "-".into_any(),
                },
            }
        }),
        Column::new(texts::Workspace, |r: &AuditRecord| match r.workspace_id.clone().filter(|w| !w.is_empty()) {
            Some(w) => {
                let href = crate::paths::to(&page("/workspaces", &w));
                view! { <Named kind=Kind::Workspace id=w href=href testid="audit-workspace" /> }.into_any()
            }
            None => "-".into_any(),
        }),
        Column::new(texts::Status, |r: &AuditRecord| status_badge(r.status)),
        Column::new(texts::Client, |r: &AuditRecord| r.client_address.clone().into_any()),
        Column::new(texts::RequestId, |r: &AuditRecord| view! { <code>{r.request_id.clone()}</code> }.into_any()),
    ]
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let app = use_app();
    move || {
        if app.can(Permission::AuditRead) {
            view! { <AuditList /> }.into_any()
        } else {
            // Not asked for at all: the proxy would refuse (and record the refusal).
            view! {
                <h1>{tr(texts::NavAudit)}</h1>
                <p class="card danger-box" role="note" data-testid="audit-refused">
                    {tr(texts::MayNotRead)}
                    ": "
                    {tr(needs_role(Permission::AuditRead))}
                </p>
            }
            .into_any()
        }
    }
}

#[component]
fn AuditList() -> impl IntoView {
    let ctx = ListCtx::<AuditFilters>::new();
    let filters = Memo::new(move |_| ctx.state.get().filters);
    // Text filters are drafts until searched; they follow the URL (back/forward, reset).
    let user = FieldState::new(|v| user_filter("user", v), true);
    let status = FieldState::new(|v| STATUS_FILTER.read("status", v).map(|_| ()), true);
    let from = FieldState::new(|v| timestamp("from", v), true);
    let to = FieldState::new(|v| timestamp("to", v), true);
    // Each follows its own parameter of the URL, so an operation chosen (applied at once) leaves
    // what was typed and not yet searched as it is.
    let follow = move |field: FieldState, of: fn(&AuditFilters) -> Option<String>| {
        let value = Memo::new(move |_| filters.with(|f| of(f).unwrap_or_default()));
        Effect::new(move |_| field.value.set(value.get()));
    };
    follow(user, |f| f.user.clone());
    follow(status, |f| f.status.map(|s| s.to_string()));
    follow(from, |f| f.from.clone());
    follow(to, |f| f.to.clone());
    let search = move |_| {
        // Every field checked (each shows its message), then all must pass.
        if [user, status, from, to].map(|f| f.check()).iter().all(|ok| *ok) {
            let text = |f: FieldState| Some(f.value.get_untracked().trim().to_string()).filter(|v| !v.is_empty());
            ctx.set(|f| {
                f.user = text(user);
                f.status = text(status).and_then(|s| s.parse().ok());
                f.from = text(from);
                f.to = text(to);
            });
        }
    };
    // The operation is chosen from a list, in words (its value the API's name), in the order of
    // the words; a choice applies at once.
    let app = use_app();
    let operations = move || {
        let lang = app.lang.get();
        let mut all = every_operation();
        all.sort_by_key(|(name, words)| words.map_or(name.as_str(), |w| w.text(lang)).to_lowercase());
        all
    };
    let operation = Signal::derive(move || filters.get().operation.unwrap_or_default());
    let choose_operation = Callback::new(move |v: String| ctx.set(|f| f.operation = Some(v).filter(|v| !v.is_empty())));
    let csv = move || api::portal::audit_csv_url(&query(&filters.get(), 0, MAX_AUDIT_PAGE));
    let spec = ListSpec::new(texts::NavAudit, texts::NoRecords, "audit", fetch, |r: &AuditRecord| r.seq.to_string())
        .columns(columns())
        .live(LIVE_EVERY)
        .choose_columns("hilens.audit.hidden-columns");
    view! {
        <ListPage
            ctx=ctx
            spec=spec
            actions=move || {
                view! {
                    <a class="button" href=csv download="audit.csv" data-testid="audit-csv" title=tr(texts::CsvNewest)>
                        {tr(texts::Csv)}
                    </a>
                }
            }
            filters=move || {
                view! {
                    <FilterForm testid="audit-filters" buttons="audit" on_search=search on_reset=move |_| ctx.reset()>
                        <TextField
                            state=user
                            label=texts::User
                            testid="audit-filter-user"
                            kind="search"
                            search_box=true
                        />
                        {move || {
                            select_filter(
                                texts::Operation,
                                "audit-filter-operation",
                                operations(),
                                operation,
                                choose_operation,
                            )
                        }}
                        <TextField state=status label=texts::Status testid="audit-filter-status" kind="number" />
                        <TextField
                            state=from
                            label=texts::From
                            testid="audit-filter-from"
                            placeholder=texts::TimePlaceholder
                        />
                        <TextField
                            state=to
                            label=texts::To
                            testid="audit-filter-to"
                            placeholder=texts::TimePlaceholder
                        />
                    </FilterForm>
                }
            }
        />
    }
}
