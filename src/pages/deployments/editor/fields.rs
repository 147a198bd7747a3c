//! The editor's fields. The editor holds one draft request; each field is bound to one place
//! in it (a [`Loc`]) and named by that place's path (`deployment.template.apps[0].name`), which
//! is also its element id. The model's rules name the same paths, so every failure lands beside
//! its field, and the summary at the top can take the user to it.
//!
//! The editor keeps its own [`repeated`] next to the kit's `components::form::form::RepeatedGroup`: the
//! kit's groups hold their items in a signal of their own, while the editor's are lists inside its
//! one draft, every field bound to a path of it. Like the widgets here, it takes its parts boxed
//! ([`Items`]), so one copy is compiled for all the editor's groups, not one per kind of item.

use std::sync::Arc;

use hilens_model::rules::Hint;
use hilens_model::Lang;
use leptos::prelude::*;

use super::super::texts;
use super::draft::{dom_id, Ed, Req};
use super::places::Loc;
use crate::components::form::field::{described_by, field_hint, FieldMessage};
use crate::i18n::{common, tr, Txt};
use crate::state::use_app;

/// How a field reads and writes its place in the draft. The widgets below take these boxed,
/// so each widget is compiled once, not once per kind of place (that kept the editor's part
/// inside its size budget).
type Read<T> = Arc<dyn Fn(&Req) -> T + Send + Sync>;
type Write<T> = Arc<dyn Fn(&mut Req, T) + Send + Sync>;

fn getter<L: Loc, T: Default + 'static>(loc: L, get: fn(&L::Item) -> T) -> Read<T> {
    Arc::new(move |d| loc.get(d).map(get).unwrap_or_default())
}

fn setter<L: Loc, T: 'static>(loc: L, set: fn(&mut L::Item, T)) -> Write<T> {
    Arc::new(move |d, v| {
        if let Some(item) = loc.get_mut(d) {
            set(item, v)
        }
    })
}

/// What a control is told of its field: its id, its label's id, the rule it breaks now, and
/// what describes it (that message and the field's hint, for `aria-describedby`).
struct Shell {
    id: String,
    label_id: String,
    message: Signal<Option<String>>,
    described: Signal<Option<String>>,
}

/// The label, the control, the message after it and the rule's hint (said before it is broken).
fn shell(ed: Ed, path: String, label: Txt, hint: Option<Hint>, control: impl FnOnce(Shell) -> AnyView) -> AnyView {
    let id = dom_id(&path);
    let label_id = format!("{id}-label");
    let message = Signal::derive(move || ed.message(&path));
    let (error_id, hint_id) = (format!("{id}-error"), format!("{id}-hint"));
    let (has_hint, at) = (hint.is_some(), id.clone());
    let described = Signal::derive(move || described_by(&at, message.with(Option::is_some), has_hint));
    let shown = control(Shell { id, label_id: label_id.clone(), message, described });
    view! {
        <label class="ed-field">
            <span class="muted" id=label_id>
                {tr(label)}
            </span>
            {shown}
            <FieldMessage id=error_id message=message />
            {hint.map(|h| field_hint(hint_id, h))}
        </label>
    }
    .into_any()
}

/// A text field (`multiline`: a text area).
pub fn text_in<L: Loc>(
    ed: Ed,
    loc: L,
    path: String,
    label: Txt,
    get: fn(&L::Item) -> String,
    set: fn(&mut L::Item, String),
    multiline: bool,
) -> AnyView {
    text_field(ed, path, label, None, getter(loc, get), setter(loc, set), multiline)
}

/// A one-line text field with its rule said under it (a name: what it may hold).
pub fn text_in_hinted<L: Loc>(
    ed: Ed,
    loc: L,
    path: String,
    label: Txt,
    hint: Hint,
    get: fn(&L::Item) -> String,
    set: fn(&mut L::Item, String),
) -> AnyView {
    text_field(ed, path, label, Some(hint), getter(loc, get), setter(loc, set), false)
}

fn text_field(
    ed: Ed,
    path: String,
    label: Txt,
    hint: Option<Hint>,
    get: Read<String>,
    set: Write<String>,
    multiline: bool,
) -> AnyView {
    let at = path.clone();
    let current = move || ed.draft.with(|d| get(d));
    let (p1, p2) = (path.clone(), path.clone());
    let disabled = ed.editing && path_is_fixed(&path);
    // A rule is said where the value can still be typed (an edit's name is fixed).
    let hint = hint.filter(|_| !disabled);
    shell(ed, path, label, hint, move |Shell { id, label_id, message, described }| {
        let current2 = current.clone();
        let control = view! {
            <{..}
                id=id.clone()
                data-testid=id
                aria-labelledby=label_id
                disabled=disabled
                aria-invalid=move || message.with(Option::is_some).to_string()
                aria-describedby=described
                prop:value=move || ed.shown(&p1, current())
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    ed.change(|d| set(d, text.clone()));
                    ed.note_typed(&p2, text, current2());
                }
                on:blur=move |_| ed.touch(&at)
            />
        };
        if multiline {
            view! { <textarea rows="3" {..control}></textarea> }.into_any()
        } else {
            view! { <input type="text" {..control} /> }.into_any()
        }
    })
}

/// A whole-number field; text that is not a number is kept as typed and marked.
pub fn num_in<L: Loc>(
    ed: Ed,
    loc: L,
    path: String,
    label: Txt,
    get: fn(&L::Item) -> Option<i64>,
    set: fn(&mut L::Item, Option<i64>),
) -> AnyView {
    num_field(ed, path, label, getter(loc, get), setter(loc, set))
}

fn num_field(ed: Ed, path: String, label: Txt, get: Read<Option<i64>>, set: Write<Option<i64>>) -> AnyView {
    let at = path.clone();
    let current = move || ed.draft.with(|d| get(d).map(|n| n.to_string()).unwrap_or_default());
    let (p1, p2) = (path.clone(), path.clone());
    shell(ed, path, label, None, move |Shell { id, label_id, message, described }| {
        let current2 = current.clone();
        view! {
            <input
                type="text"
                inputmode="numeric"
                id=id.clone()
                data-testid=id
                aria-labelledby=label_id
                aria-invalid=move || message.with(Option::is_some).to_string()
                aria-describedby=described
                prop:value=move || ed.shown(&p1, current())
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    let number = match text.trim() {
                        "" => Some(None),
                        t => t.parse::<i64>().ok().map(Some),
                    };
                    ed.not_numbers
                        .update(|bad| {
                            if number.is_some() {
                                bad.remove(&p2);
                            } else {
                                bad.insert(p2.clone());
                            }
                        });
                    match number {
                        Some(n) => ed.change(|d| set(d, n)),
                        None => ed.server.set(None),
                    }
                    ed.note_typed(&p2, text, current2());
                }
                on:blur=move |_| ed.touch(&at)
            />
        }
        .into_any()
    })
}

/// A checkbox; `locked` says when it cannot be changed (it shows the value it is held at).
pub fn check_in<L: Loc>(
    ed: Ed,
    loc: L,
    path: String,
    label: Txt,
    get: fn(&L::Item) -> bool,
    set: fn(&mut L::Item, bool),
    locked: fn(&L::Item) -> bool,
) -> AnyView {
    check_field(ed, path, label, getter(loc, get), setter(loc, set), getter(loc, locked))
}

fn check_field(ed: Ed, path: String, label: Txt, get: Read<bool>, set: Write<bool>, locked: Read<bool>) -> AnyView {
    let id = dom_id(&path);
    let message = Signal::derive(move || ed.message(&path));
    let err = format!("{id}-error");
    let described = err.clone();
    view! {
        <label class="check-field ed-check">
            <input
                type="checkbox"
                id=id.clone()
                data-testid=id
                aria-invalid=move || message.with(Option::is_some).to_string()
                aria-describedby=move || message.with(Option::is_some).then(|| described.clone())
                disabled=move || ed.draft.with(|d| locked(d))
                prop:checked=move || ed.draft.with(|d| get(d))
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    ed.change(|d| set(d, on));
                }
            />
            " "
            {tr(label)}
            <FieldMessage id=err message=message />
        </label>
    }
    .into_any()
}

/// A drop-down; `options` are (value, its label or the value itself).
pub fn select_in<L: Loc>(
    ed: Ed,
    loc: L,
    path: String,
    label: Txt,
    options: Signal<Vec<(String, Option<Txt>)>>,
    get: fn(&L::Item) -> String,
    set: fn(&mut L::Item, String),
) -> AnyView {
    select_field(ed, path, label, options, getter(loc, get), setter(loc, set))
}

fn select_field(
    ed: Ed,
    path: String,
    label: Txt,
    options: Signal<Vec<(String, Option<Txt>)>>,
    get: Read<String>,
    set: Write<String>,
) -> AnyView {
    let app = use_app();
    let at = path.clone();
    let current = move || ed.draft.with(|d| get(d));
    let locked = ed.editing && path_is_fixed(&path);
    shell(ed, path, label, None, move |Shell { id, label_id, message, described }| {
        let current2 = current.clone();
        view! {
            <select
                id=id.clone()
                data-testid=id
                aria-labelledby=label_id
                disabled=locked
                aria-invalid=move || message.with(Option::is_some).to_string()
                aria-describedby=described
                prop:value=current.clone()
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    ed.change(|d| set(d, v.clone()));
                    ed.touch(&at);
                }
            >
                {move || {
                    options
                        .get()
                        .into_iter()
                        .map(|(value, text)| {
                            let shown = value.clone();
                            let chosen = value.clone();
                            let current = current2.clone();
                            view! {
                                <option value=value selected=move || current() == chosen>
                                    {move || text.map(|t| app.t(t).to_string()).unwrap_or_else(|| shown.clone())}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
        }
        .into_any()
    })
}

/// What an edit cannot change (the update request has no such fields).
fn path_is_fixed(path: &str) -> bool {
    ["name", "source", "node_ids", "cluster_id", "node_tags", "node_num"]
        .iter()
        .any(|p| path == *p || path.starts_with(&format!("{p}[")))
}

/// Fixed options from values, each labelled by `label` where it has a text (else itself), with
/// "none" first when `none` is given.
pub fn fixed_options(values: &[&'static str], none: bool) -> Signal<Vec<(String, Option<Txt>)>> {
    let mut out: Vec<(String, Option<Txt>)> = Vec::new();
    if none {
        out.push((String::new(), Some(texts::NoneOption)));
    }
    out.extend(values.iter().map(|v| (v.to_string(), None)));
    Signal::stored(out)
}

/// The options of a closed list, each in words where `words` has them.
pub fn worded_options(values: &[&'static str], words: fn(&str) -> Option<Txt>) -> Signal<Vec<(String, Option<Txt>)>> {
    Signal::stored(values.iter().map(|v| (v.to_string(), words(v))).collect())
}

/// A rule message for a whole group (a row's "exactly one of"), focusable so the summary can
/// take the user there.
pub fn group_message(ed: Ed, path: String) -> AnyView {
    let id = dom_id(&path);
    let message = Signal::derive(move || ed.message(&path));
    view! {
        <Show when=move || message.with(Option::is_some)>
            <p class="danger-text field-error" role="alert" tabindex="-1" id=id.clone() data-testid=id.clone()>
                {move || message.get()}
            </p>
        </Show>
    }
    .into_any()
}

type Count = Arc<dyn Fn(&Req) -> usize + Send + Sync>;
type Edit = Arc<dyn Fn(&mut Req) + Send + Sync>;
type EditAt = Arc<dyn Fn(&mut Req, usize) + Send + Sync>;
type Item = Arc<dyn Fn(usize) -> AnyView + Send + Sync>;

/// How a repeated group is counted, grown and shrunk.
pub struct Items {
    pub count: Count,
    pub add: Edit,
    pub remove: EditAt,
}

/// Repeated groups (apps, envs, ports, volumes, rules, tags): numbered fieldsets with a remove
/// button each, and an add button. They are drawn again only when their number changes.
pub fn repeated(ed: Ed, legend: Txt, testid: String, items: Items, item: Item) -> AnyView {
    let app = use_app();
    let Items { count, add, remove } = items;
    let n = Memo::new(move |_| ed.draft.with(|d| count(d)));
    let (t1, t2) = (testid.clone(), testid.clone());
    let fixed = ed.editing && path_is_fixed(&testid);
    view! {
        <div class="ed-repeated" data-testid=testid>
            {move || {
                (0..n.get())
                    .map(|j| {
                        let remove = remove.clone();
                        view! {
                            <fieldset class="ed-group" data-testid=format!("{t1}-{j}")>
                                <legend>{move || format!("{} {}", app.t(legend), j + 1)}</legend>
                                {item(j)}
                                <div class="actions-end">
                                    <button
                                        type="button"
                                        disabled=fixed
                                        aria-label=move || {
                                            format!("{} {} {}", app.t(common::Remove), app.t(legend), j + 1)
                                        }
                                        on:click=move |_| ed.restructure(|d| remove(d, j))
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
                    data-testid=format!("{t2}-add")
                    disabled=fixed
                    on:click=move |_| ed.restructure(|d| add(d))
                >
                    {move || add_label(app.lang.get(), app.t(common::Add), app.t(legend))}
                </button>
            </div>
        </div>
    }
    .into_any()
}

/// A collapsible section of the form, open at first; a heading names it.
pub fn section(id: &'static str, title: Txt, body: AnyView) -> AnyView {
    view! {
        <details class="ed-section card" open id=id data-testid=id>
            <summary>
                <h2 class="ed-section-title">{tr(title)}</h2>
            </summary>
            <div class="ed-section-body">{body}</div>
        </details>
    }
    .into_any()
}

/// A repeated group's add button: "Add env", "Add node affinity rule" (the legend in lower case
/// unless it starts with an acronym such as "GPU"), "添加环境变量" (no space in Chinese).
fn add_label(lang: Lang, add: &str, legend: &str) -> String {
    if lang == Lang::Zh {
        return format!("{add}{legend}");
    }
    let mut chars = legend.chars();
    let legend = match (chars.next(), chars.next()) {
        // ASCII only: the English legends are ASCII, and char::to_lowercase's Unicode tables
        // cost the editor's part 9 KB gzip.
        (Some(first), Some(second)) if !second.is_ascii_uppercase() => {
            format!("{}{}", first.to_ascii_lowercase(), &legend[first.len_utf8()..])
        }
        _ => legend.to_string(),
    };
    format!("{add} {legend}")
}
