//! Forms beyond one text field: every control of a form has a visible label, runs the model's
//! rules after its first blur and on submit, and when invalid carries `aria-invalid="true"` and
//! `aria-describedby` pointing at its message. Here: a drop-down and a checkbox field, key–value
//! rows (env values, config-map entries, tags) with add / remove / reorder and a rule per key and
//! value, the tag editor built on them, and [`land_on_field`], which puts a server's rule error
//! beside the field it names. A failed submit keeps every value.

use hilens_model::error::FieldError;
use hilens_model::rules::Hint;
use leptos::prelude::*;
use stylers_macro::style_sheet;

use crate::api::ApiError;
use crate::components::download::CopyButton;
use crate::components::form::field::{labelled, option_views, FieldMessage, FieldState, Rule};
use crate::i18n::{common, tr, Txt};
use crate::state::use_app;

/// Puts a server's rule error beside its field (its rule; the field names itself by its
/// label): `fields` maps field paths (as the API names them) to their states. True when one of
/// them took it.
pub fn land_on_field(error: &ApiError, fields: &[(&str, FieldState)]) -> bool {
    let Some(rule) = error.field_path().and(FieldError::from_api_message(error.message())) else { return false };
    match fields.iter().find(|(p, _)| *p == rule.field) {
        Some((_, field)) => {
            field.server_error.set(Some(rule.en));
            true
        }
        None => false,
    }
}

/// A drop-down field with a rule (for "required" or a value other fields depend on).
#[component]
pub fn SelectField(
    state: FieldState,
    label: Txt,
    testid: &'static str,
    /// (value, label or the value itself).
    options: Vec<(String, Option<Txt>)>,
) -> impl IntoView {
    let app = use_app();
    let message = move || {
        let lang = app.lang.get();
        state.message(lang).map(|rule| labelled(label.text(lang), &rule, lang))
    };
    let error_id = format!("{testid}-error");
    let described = error_id.clone();
    const _: &str = include_str!("select_field.css");
    let class = style_sheet!("src/components/form/select_field.css");
    let label_id = format!("{testid}-label");
    view! { class=class,
        <label class="select-field">
            <span class="muted" id=label_id.clone()>
                {tr(label)}
            </span>
            <select
                data-testid=testid
                aria-labelledby=label_id
                aria-invalid=move || message().is_some().to_string()
                aria-describedby=move || message().is_some().then(|| described.clone())
                prop:value=move || state.value.get()
                on:change=move |ev| {
                    state.value.set(event_target_value(&ev));
                    state.touched.set(true);
                    state.server_error.set(None);
                }
            >
                {option_views(options)}
            </select>
            <FieldMessage id=error_id message=Signal::derive(message) />
        </label>
    }
}

/// A checkbox with its label (on/off settings: NPU, host network).
#[component]
pub fn CheckField(value: RwSignal<bool>, label: Txt, testid: &'static str) -> impl IntoView {
    view! {
        <label class="check-field">
            <input
                type="checkbox"
                data-testid=testid
                prop:checked=move || value.get()
                on:change=move |ev| value.set(event_target_checked(&ev))
            />
            " "
            {tr(label)}
        </label>
    }
}

/// A choice between two ways, as a radio group labelled `label`: `off` (its test id and text)
/// while `value` is false, `on` while it is true. `children` stand in the group after them.
#[component]
pub fn RadioPair(
    value: RwSignal<bool>,
    label: Txt,
    /// The radios' shared `name`.
    name: &'static str,
    off: (&'static str, Txt),
    on: (&'static str, Txt),
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let app = use_app();
    let radio = move |(testid, text): (&'static str, Txt), means: bool| {
        view! {
            <label class="check-field">
                <input
                    type="radio"
                    name=name
                    data-testid=testid
                    prop:checked=move || value.get() == means
                    on:change=move |_| value.set(means)
                />
                " "
                {tr(text)}
            </label>
        }
    };
    view! {
        <div role="radiogroup" aria-label=move || app.t(label) class="row">
            {radio(off, false)}
            {radio(on, true)}
            {children.map(|c| c())}
        </div>
    }
}

/// One row of [`KeyValueRows`]: a key and a value, each with what the rules say of it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Row {
    pub key: String,
    pub value: String,
}

/// Key–value rows (env values, entries, tags): each row's key and value checked with `key_rule`
/// and `value_rule`, keys unique, at most `max` rows; rows can be added, removed and moved.
#[derive(Clone, Copy)]
pub struct RowsState {
    pub rows: RwSignal<Vec<Row>>,
    /// Shown once the user has left a field or submitted.
    pub touched: RwSignal<bool>,
    key_rule: Rule,
    value_rule: Rule,
    max: usize,
    /// What the key's and the value's rules ask (the model's), shown before they are broken.
    pub hints: Option<fn() -> (Hint, Hint)>,
}

/// What is wrong with one row, if anything.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RowErrors {
    pub key: Option<FieldError>,
    pub value: Option<FieldError>,
}

impl RowsState {
    pub fn new(key_rule: Rule, value_rule: Rule, max: usize) -> RowsState {
        RowsState {
            rows: RwSignal::new(Vec::new()),
            touched: RwSignal::new(false),
            key_rule,
            value_rule,
            max,
            hints: None,
        }
    }

    /// Every row's errors (reactive), in row order.
    pub fn errors(&self) -> Vec<RowErrors> {
        let (key_rule, value_rule) = (self.key_rule, self.value_rule);
        self.rows.with(|rows| {
            rows.iter()
                .enumerate()
                .map(|(i, r)| RowErrors {
                    key: key_rule(&r.key).err().or_else(|| {
                        rows[..i]
                            .iter()
                            .any(|o| o.key == r.key)
                            .then(|| FieldError::new("key", "unique", "与前面的键重复", "repeats an earlier key"))
                    }),
                    value: value_rule(&r.value).err(),
                })
                .collect()
        })
    }

    /// On submit: shows every error and says whether the rows may be sent.
    pub fn check(&self) -> bool {
        self.touched.set(true);
        let over = self.rows.with_untracked(Vec::len) > self.max;
        !over && self.errors().iter().all(|e| e.key.is_none() && e.value.is_none())
    }

    /// Shows `hints` (the model's descriptions of the key's and value's rules) with the rows.
    pub fn with_hints(mut self, hints: fn() -> (Hint, Hint)) -> RowsState {
        self.hints = Some(hints);
        self
    }

    pub fn add(&self) {
        let max = self.max;
        self.rows.update(|r| push_within(r, Row::default(), max));
    }

    pub fn remove(&self, i: usize) {
        self.rows.update(|r| remove_at(r, i));
    }

    /// Moves row `i` one place up (`up`) or down.
    pub fn shift(&self, i: usize, up: bool) {
        self.rows.update(|r| shift_at(r, i, up));
    }

    /// Adds `KEY=value` lines after the rows (up to the most there may be), keeping those typed.
    pub fn append(&self, text: &str) {
        let before = self.rows.get_untracked();
        self.paste(text);
        let max = self.max;
        self.rows.update(|pasted| {
            let mut all = before;
            for row in pasted.drain(..) {
                push_within(&mut all, row, max);
            }
            *pasted = all;
        });
    }

    /// Replaces the rows with `KEY=value` lines (a paste or a `.env` file); lines without `=` and
    /// comments are skipped.
    pub fn paste(&self, text: &str) {
        let parsed: Vec<Row> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| Row { key: k.trim().to_string(), value: v.trim().to_string() })
            .collect();
        self.rows.set(parsed);
        self.touched.set(true);
    }
}

/// The rows as a table of inputs, each labelled, each invalid one marked and described.
#[component]
pub fn KeyValueRows(
    state: RowsState,
    legend: Txt,
    key_label: Txt,
    value_label: Txt,
    testid: &'static str,
    /// Values are secrets: hidden as password fields, each revealed on request and copied
    /// without being revealed.
    #[prop(optional)]
    masked: bool,
    /// Offers a paste of `KEY=value` lines and the upload of a `.env` file, which replace the rows.
    #[prop(optional)]
    bulk: bool,
) -> impl IntoView {
    let app = use_app();
    let errors = Memo::new(move |_| state.errors());
    let revealed = RwSignal::new(Vec::<usize>::new());
    const _: &str = include_str!("key_value_rows.css");
    let class = style_sheet!("src/components/form/key_value_rows.css");
    let input = move |i: usize, is_key: bool| {
        let (label, part) = if is_key { (key_label, "key") } else { (value_label, "value") };
        let id = format!("{testid}-{i}-{part}");
        let error_id = format!("{id}-error");
        let described = error_id.clone();
        let label_id = format!("{id}-label");
        let message = move || {
            if !state.touched.get() {
                return None;
            }
            let e = errors.with(|errs| errs.get(i).cloned()).unwrap_or_default();
            let e = if is_key { e.key } else { e.value };
            let lang = app.lang.get();
            e.map(|e| labelled(&format!("{} {}", label.text(lang), i + 1), e.rule_text(lang), lang))
        };
        view! {
            <label>
                <span class="muted" id=label_id.clone()>
                    {move || format!("{} {}", app.t(label), i + 1)}
                </span>
                <input
                    type=move || {
                        if !is_key && masked && !revealed.with(|r| r.contains(&i)) { "password" } else { "text" }
                    }
                    autocomplete=(!is_key && masked).then_some("new-password")
                    aria-labelledby=label_id
                    data-testid=id.clone()
                    aria-invalid=move || message().is_some().to_string()
                    aria-describedby=move || message().is_some().then(|| described.clone())
                    prop:value=move || {
                        state
                            .rows
                            .with(|r| {
                                r.get(i)
                                    .map(|r| if is_key { r.key.clone() } else { r.value.clone() })
                                    .unwrap_or_default()
                            })
                    }
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        state
                            .rows
                            .update(|r| {
                                if let Some(row) = r.get_mut(i) {
                                    if is_key { row.key = text } else { row.value = text }
                                }
                            });
                    }
                    on:blur=move |_| state.touched.set(true)
                />
                <FieldMessage id=error_id message=Signal::derive(message) />
            </label>
        }
    };
    view! { class=class,
        <fieldset class="kv" data-testid=testid>
            <legend class="muted">{tr(legend)}</legend>
            {state
                .hints
                .map(|h| {
                    let (k, v) = h();
                    view! {
                        <p class="muted kv-hint" data-testid=format!("{testid}-hint")>
                            {move || {
                                let lang = app.lang.get();
                                format!(
                                    "{}: {} · {}: {}",
                                    app.t(key_label),
                                    k.text(lang),
                                    app.t(value_label),
                                    v.text(lang),
                                )
                            }}
                        </p>
                    }
                })}
            {move || {
                let n = state.rows.with(Vec::len);
                (0..n)
                    .map(|i| {
                        view! { class=class,
                            <div class="kv-row" data-testid=format!("{testid}-row")>
                                {input(i, true)}
                                {input(i, false)}
                                {masked
                                    .then(|| {
                                        view! {
                                            <button
                                                type="button"
                                                data-testid=format!("{testid}-{i}-reveal")
                                                aria-pressed=move || revealed.with(|r| r.contains(&i)).to_string()
                                                aria-label=move || format!("{} {}", app.t(common::Reveal), i + 1)
                                                on:click=move |_| {
                                                    revealed
                                                        .update(|r| match r.iter().position(|x| *x == i) {
                                                            Some(at) => {
                                                                r.remove(at);
                                                            }
                                                            None => r.push(i),
                                                        })
                                                }
                                            >
                                                {move || {
                                                    if revealed.with(|r| r.contains(&i)) {
                                                        app.t(common::Hide)
                                                    } else {
                                                        app.t(common::Reveal)
                                                    }
                                                }}
                                            </button>
                                            <CopyButton text=Signal::derive(move || {
                                                state
                                                    .rows
                                                    .with(|r| r.get(i).map(|r| r.value.clone()).unwrap_or_default())
                                            }) />
                                        }
                                    })}
                                <button
                                    type="button"
                                    aria-label=move || format!("{} {}", app.t(common::MoveUp), i + 1)
                                    disabled=i == 0
                                    on:click=move |_| state.shift(i, true)
                                >
                                    "↑"
                                </button>
                                <button
                                    type="button"
                                    aria-label=move || format!("{} {}", app.t(common::MoveDown), i + 1)
                                    disabled=i + 1 == n
                                    on:click=move |_| state.shift(i, false)
                                >
                                    "↓"
                                </button>
                                <button
                                    type="button"
                                    data-testid=format!("{testid}-{i}-remove")
                                    aria-label=move || format!("{} {}", app.t(common::Remove), i + 1)
                                    on:click=move |_| state.remove(i)
                                >
                                    "×"
                                </button>
                            </div>
                        }
                    })
                    .collect_view()
            }}
            <div>
                <button
                    type="button"
                    data-testid=format!("{testid}-add")
                    disabled=move || { state.rows.with(Vec::len) >= state.max }
                    on:click=move |_| state.add()
                >
                    {tr(common::AddRow)}
                </button>
                " "
                <span class="muted">{move || format!("{} / {}", state.rows.with(Vec::len), state.max)}</span>
            </div>
            {bulk.then(|| view! { <PasteRows state=state testid=testid /> })}
        </fieldset>
    }
}

/// Rows from text: `KEY=value` lines pasted, or a `.env` file (they replace the rows; comments
/// and lines without `=` are skipped).
#[component]
fn PasteRows(state: RowsState, testid: &'static str) -> impl IntoView {
    let app = use_app();
    let text = RwSignal::new(String::new());
    let upload = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        leptos::task::spawn_local(async move {
            if let Ok(content) = wasm_bindgen_futures::JsFuture::from(file.text()).await {
                state.paste(&content.as_string().unwrap_or_default());
            }
        });
    };
    view! {
        <details class="paste-rows">
            <summary>{tr(common::PasteLines)}</summary>
            <label class="field-col">
                <span class="muted">{tr(common::PasteLines)}</span>
                <textarea
                    rows="4"
                    data-testid=format!("{testid}-paste")
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))
                ></textarea>
            </label>
            <div class="row">
                <button
                    type="button"
                    data-testid=format!("{testid}-paste-append")
                    on:click=move |_| state.append(&text.get_untracked())
                >
                    {tr(common::AppendPaste)}
                </button>
                <button
                    type="button"
                    data-testid=format!("{testid}-paste-apply")
                    on:click=move |_| state.paste(&text.get_untracked())
                >
                    {move || format!("{} ({})", app.t(common::ApplyPaste), state.rows.with(Vec::len))}
                </button>
                <label class="field-col">
                    <span class="muted">{tr(common::UploadEnv)}</span>
                    <input
                        type="file"
                        accept=".env,text/plain"
                        data-testid=format!("{testid}-upload")
                        on:change=upload
                    />
                </label>
            </div>
        </details>
    }
}

/// Tags: key–value rows with the tag rules (and their hints) and at most 20 of them.
pub fn tag_rows() -> RowsState {
    RowsState::new(
        |k| {
            // A placeholder value, so only the key's rules speak.
            hilens_model::tags::validate_tags("key", &[hilens_model::tags::Tag { key: k.into(), value: "v".into() }])
        },
        |v| hilens_model::tags::validate_tags("value", &[hilens_model::tags::Tag { key: "k".into(), value: v.into() }]),
        hilens_model::tags::MAX_TAGS,
    )
    .with_hints(|| (hilens_model::tags::key_hint(), hilens_model::tags::value_hint()))
}

fn push_within<T>(items: &mut Vec<T>, item: T, max: usize) {
    if items.len() < max {
        items.push(item);
    }
}

fn remove_at<T>(items: &mut Vec<T>, i: usize) {
    if i < items.len() {
        items.remove(i);
    }
}

fn shift_at<T>(items: &mut [T], i: usize, up: bool) {
    let j = if up { i.checked_sub(1) } else { Some(i + 1).filter(|j| *j < items.len()) };
    if let Some(j) = j {
        items.swap(i, j);
    }
}

/// Repeated groups of fields (apps, ports, volumes, affinity rows): items the user adds,
/// removes and reorders, at most `max`; each item's fields are the caller's.
pub struct Repeated<T: Send + Sync + 'static> {
    pub items: RwSignal<Vec<T>>,
    max: usize,
}

impl<T: Send + Sync + 'static> Clone for Repeated<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T: Send + Sync + 'static> Copy for Repeated<T> {}

impl<T: Default + Send + Sync + 'static> Repeated<T> {
    pub fn new(max: usize) -> Repeated<T> {
        Repeated { items: RwSignal::new(Vec::new()), max }
    }

    pub fn add(&self) {
        let max = self.max;
        self.items.update(|v| push_within(v, T::default(), max));
    }

    pub fn remove(&self, i: usize) {
        self.items.update(|v| remove_at(v, i));
    }

    pub fn shift(&self, i: usize, up: bool) {
        self.items.update(|v| shift_at(v, i, up));
    }
}

/// The repeated groups as numbered fieldsets, each with move and remove buttons, and an add
/// button while there is room; `item(i)` renders group `i`'s fields.
#[component]
pub fn RepeatedGroup<I: Default + Send + Sync + 'static>(
    state: Repeated<I>,
    legend: Txt,
    testid: &'static str,
    item: fn(usize) -> AnyView,
) -> impl IntoView {
    let app = use_app();
    const _: &str = include_str!("repeated_group.css");
    let class = style_sheet!("src/components/form/repeated_group.css");
    view! { class=class,
        <div class="repeated" data-testid=testid>
            {move || {
                let n = state.items.with(Vec::len);
                (0..n)
                    .map(|i| {
                        view! { class=class,
                            <fieldset class="group" data-testid=format!("{testid}-{i}")>
                                <legend>{move || format!("{} {}", app.t(legend), i + 1)}</legend>
                                {item(i)}
                                <div class="group-actions">
                                    <button type="button" disabled=i == 0 on:click=move |_| state.shift(i, true)>
                                        {tr(common::MoveUp)}
                                    </button>
                                    <button type="button" disabled=i + 1 == n on:click=move |_| state.shift(i, false)>
                                        {tr(common::MoveDown)}
                                    </button>
                                    <button
                                        type="button"
                                        data-testid=format!("{testid}-{i}-remove")
                                        on:click=move |_| state.remove(i)
                                    >
                                        {tr(common::Remove)}
                                    </button>
                                </div>
                            </fieldset>
                        }
                    })
                    .collect_view()
            }}
            <div>
                <button
                    type="button"
                    data-testid=format!("{testid}-add")
                    disabled=move || { state.items.with(Vec::len) >= state.max }
                    on:click=move |_| state.add()
                >
                    {move || format!("{} {}", app.t(common::Add), app.t(legend))}
                </button>
            </div>
        </div>
    }
}
