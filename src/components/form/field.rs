//! A text field that runs one of the model crate's rules: as the user types once the field has
//! been left (blurred) the first time, and on submit. The rule's message shows beside the field
//! in the UI language, naming the field by its label (never by the API's name for it); a server
//! error that names the field shows there too. What the user typed is never cleared by a
//! failure.

use hilens_model::error::FieldError;
use hilens_model::rules::Hint;
use leptos::prelude::*;
use stylers_macro::style_sheet;

use crate::i18n::Txt;
use crate::state::use_app;

/// A rule over the field's text.
pub type Rule = fn(&str) -> Result<(), FieldError>;

/// What checks a field: a rule over its text, or a URL parameter's rule (its name and its
/// type's reader), so that a list's text filter states its rule once, in its `url_state!`.
#[derive(Clone, Copy)]
enum Check {
    Text(Rule),
    Param(&'static str, fn(&'static str, &str) -> Result<(), FieldError>),
}

impl Check {
    fn run(self, value: &str) -> Result<(), FieldError> {
        match self {
            Check::Text(rule) => rule(value),
            Check::Param(key, rule) => rule(key, value),
        }
    }
}

/// The field's value and what is known about it; pages keep it to read the value on submit.
#[derive(Clone, Copy)]
pub struct FieldState {
    pub value: RwSignal<String>,
    pub touched: RwSignal<bool>,
    /// A message from the server about this field, its rule alone (cleared when the user edits).
    pub server_error: RwSignal<Option<String>>,
    rule: Check,
    /// An empty optional field is not checked.
    optional: bool,
    /// What the rule asks (the model's words and limits), shown under the field before the user
    /// breaks it.
    pub hint: Option<fn() -> Hint>,
}

impl FieldState {
    pub fn new(rule: Rule, optional: bool) -> FieldState {
        FieldState::checked_by(Check::Text(rule), optional)
    }

    /// An optional field checked by URL parameter `key`'s rule (see `text_filter`).
    pub fn for_param(key: &'static str, rule: fn(&'static str, &str) -> Result<(), FieldError>) -> FieldState {
        FieldState::checked_by(Check::Param(key, rule), true)
    }

    fn checked_by(rule: Check, optional: bool) -> FieldState {
        FieldState {
            value: RwSignal::new(String::new()),
            touched: RwSignal::new(false),
            server_error: RwSignal::new(None),
            rule,
            optional,
            hint: None,
        }
    }

    /// Shows `hint` (the model's description of the rule) under the field.
    pub fn with_hint(mut self, hint: fn() -> Hint) -> FieldState {
        self.hint = Some(hint);
        self
    }

    /// The rule's verdict on the current value (reactive).
    pub fn error(&self) -> Option<FieldError> {
        let v = self.value.get();
        if self.optional && v.is_empty() {
            return None;
        }
        self.rule.run(&v).err()
    }

    /// On submit: shows the verdict and says whether the value may be sent.
    pub fn check(&self) -> bool {
        self.touched.set(true);
        self.value.with_untracked(|v| (self.optional && v.is_empty()) || self.rule.run(v).is_ok())
    }

    /// The broken rule to show now, in `lang`, without the field's name (none before the first
    /// blur or submit).
    pub fn message(&self, lang: hilens_model::Lang) -> Option<String> {
        if let Some(server) = self.server_error.get() {
            return Some(server);
        }
        if !self.touched.get() {
            return None;
        }
        self.error().map(|e| e.rule_text(lang).to_string())
    }
}

/// A label without its hint in brackets ("Container port (1–65535)" → "Container port").
pub fn short_label(text: &str) -> &str {
    let cut = text.find(" (").or_else(|| text.find('（')).unwrap_or(text.len());
    text[..cut].trim_end()
}

/// A message naming its field by `label` (its hint in brackets left out, the rule says it):
/// "Device name: may contain only …".
pub fn labelled(label: &str, rule: &str, lang: hilens_model::Lang) -> String {
    let sep = if lang == hilens_model::Lang::Zh { "：" } else { ": " };
    format!("{}{sep}{rule}", short_label(label))
}

/// The field with its label and message. `testid` names the input; its message is
/// `<testid>-error`.
#[component]
pub fn TextField(
    state: FieldState,
    label: Txt,
    testid: &'static str,
    #[prop(optional)] placeholder: Option<Txt>,
    /// `search`, `text` (default), `number`, or `textarea` for several lines.
    #[prop(optional)]
    kind: Option<&'static str>,
    /// Marks the page's main search box, which `/` focuses.
    #[prop(optional)]
    search_box: bool,
) -> impl IntoView {
    let app = use_app();
    let message = move || {
        let lang = app.lang.get();
        state.message(lang).map(|rule| labelled(label.text(lang), &rule, lang))
    };
    let error_id = format!("{testid}-error");
    // The control is named by its label's text alone, not by the rule message beside it (which
    // describes it instead).
    let label_id = format!("{testid}-label");
    let labelled = label_id.clone();
    let hint_id = format!("{testid}-hint");
    let hint = state.hint.map(|h| h());
    let has_hint = hint.is_some();
    const _: &str = include_str!("text_field.css");
    let class = style_sheet!("src/components/form/text_field.css");
    // What the input and the textarea share: the rule's marks and the value's wiring.
    let control = view! {
        <{..}
            data-testid=testid
            aria-labelledby=labelled
            placeholder=move || placeholder.map(|p| app.t(p)).unwrap_or_default()
            aria-invalid=move || message().is_some().to_string()
            aria-describedby=move || described_by(testid, message().is_some(), has_hint)
            prop:value=move || state.value.get()
            on:input=move |ev| {
                state.value.set(event_target_value(&ev));
                state.server_error.set(None);
            }
            on:blur=move |_| state.touched.set(true)
        />
    };
    view! { class=class,
        <label class="field">
            <span class="muted" id=label_id>
                {move || app.t(label)}
            </span>
            {if kind == Some("textarea") {
                view! { class=class, <textarea rows="4" {..control}></textarea> }.into_any()
            } else {
                view! { class=class,
                    <input type=kind.unwrap_or("text") data-search=search_box.then_some("true") {..control} />
                }
                    .into_any()
            }}
            <FieldMessage id=error_id message=Signal::derive(message) />
            {hint.map(|h| field_hint(hint_id, h))}
        </label>
    }
}

/// The message beside a control while it breaks a rule; `id` is what the control's
/// `aria-describedby` names (and its `data-testid`).
#[component]
pub fn FieldMessage(id: String, #[prop(into)] message: Signal<Option<String>>) -> impl IntoView {
    view! {
        <Show when=move || message.with(Option::is_some)>
            <span class="field-error danger-text" role="alert" id=id.clone() data-testid=id.clone()>
                {move || message.get()}
            </span>
        </Show>
    }
}

/// What the control of field `id` names in `aria-describedby`: its message while one shows,
/// then its hint where it has one (the ids [`FieldMessage`] and [`field_hint`] are given:
/// `{id}-error`, `{id}-hint`).
pub fn described_by(id: &str, message_shown: bool, has_hint: bool) -> Option<String> {
    let ids: Vec<String> = [message_shown.then(|| format!("{id}-error")), has_hint.then(|| format!("{id}-hint"))]
        .into_iter()
        .flatten()
        .collect();
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// A field's rule, said under it before it is broken (in the user's language); `id` is what
/// the control's `aria-describedby` names (and its `data-testid`).
pub fn field_hint(id: String, hint: Hint) -> AnyView {
    let app = use_app();
    view! {
        <span class="field-hint muted" id=id.clone() data-testid=id>
            {move || hint.text(app.lang.get()).to_string()}
        </span>
    }
    .into_any()
}

/// `<option>`s: each value with its translated label, or the value itself.
pub fn option_views(options: Vec<(String, Option<Txt>)>) -> AnyView {
    let app = use_app();
    options
        .into_iter()
        .map(|(value, text)| {
            let shown = value.clone();
            view! { <option value=value>{move || text.map(|t| app.t(t).to_string()).unwrap_or_else(|| shown.clone())}</option> }
        })
        .collect_view()
        .into_any()
}
