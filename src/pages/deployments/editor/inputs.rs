//! The editor's fields. The editor holds one draft request; each field is bound to one place
//! in it (a [`Loc`]) and named by that place's path (`deployment.template.apps[0].name`), which
//! is also its element id. The model's rules name the same paths, so every failure lands beside
//! its field, and the summary at the top can take the user to it.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use hilens_model::deployments::*;
use hilens_model::deployments::Env;
use hilens_model::error::FieldError;
use hilens_model::tags::Tag;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::super::texts::P;
use crate::components::field::FieldMessage;
use crate::i18n::{tr, Txt, T};
use crate::state::{use_app, AppState};

pub type Req = CreateDeploymentRequest;

/// The editor's state: the draft and what is known about its fields.
#[derive(Clone, Copy)]
pub struct Ed {
    pub draft: RwSignal<Req>,
    /// Text shown as typed where it differs from what the draft holds (a number not yet a
    /// number, lines being typed), by path.
    typed: RwSignal<BTreeMap<String, String>>,
    /// Number fields whose text is not an integer.
    not_numbers: RwSignal<BTreeSet<String>>,
    /// Fields the user has left once: their rules speak from then on.
    touched: RwSignal<BTreeSet<String>>,
    /// After the first submit every rule speaks.
    pub submitted: RwSignal<bool>,
    /// A server's rule error, on the field it names.
    pub server: RwSignal<Option<FieldError>>,
    /// Every broken rule of the draft, each naming its field's path.
    pub errors: Memo<Vec<FieldError>>,
    /// Editing a deployment: name, source and targets cannot change.
    pub editing: bool,
    app: AppState,
}

impl Ed {
    pub fn new(initial: Req, editing: bool) -> Ed {
        let draft = RwSignal::new(initial);
        let not_numbers = RwSignal::new(BTreeSet::<String>::new());
        let server = RwSignal::new(None::<FieldError>);
        let errors = Memo::new(move |_| {
            let mut v = draft.with(|d| d.violations().into_vec());
            not_numbers.with(|bad| {
                v.retain(|e| !bad.contains(&e.field));
                v.extend(bad.iter().map(|p| FieldError::new(p.as_str(), "integer", "必须是整数", "must be an integer")));
            });
            if let Some(s) = server.get() {
                v.insert(0, s);
            }
            v
        });
        Ed {
            draft,
            typed: RwSignal::new(BTreeMap::new()),
            not_numbers,
            touched: RwSignal::new(BTreeSet::new()),
            submitted: RwSignal::new(false),
            server,
            errors,
            editing,
            app: use_app(),
        }
    }

    /// A change to one field.
    pub fn change(&self, f: impl FnOnce(&mut Req)) {
        self.draft.update(f);
        self.server.set(None);
    }

    /// A change that moves fields (a row added or removed, JSON applied): what was typed
    /// belongs to the old places, so it goes.
    pub fn restructure(&self, f: impl FnOnce(&mut Req)) {
        self.typed.set(BTreeMap::new());
        self.not_numbers.set(BTreeSet::new());
        self.change(f);
    }

    /// The message beside the field at `path`, once the user has left it (or anything inside
    /// it) or submitted.
    pub fn message(&self, path: &str) -> Option<String> {
        let shown = self.submitted.get()
            || self.touched.with(|t| t.range(path.to_string()..).next().is_some_and(|k| k.starts_with(path)));
        if !shown {
            return None;
        }
        let lang = self.app.lang.get();
        self.errors.with(|e| e.iter().find(|e| e.field == path).map(|e| super::super::labels::plain(e, lang)))
    }

    pub fn touch(&self, path: &str) {
        self.touched.update(|t| {
            t.insert(path.to_string());
        });
    }

    fn shown(&self, path: &str, canonical: String) -> String {
        self.typed.with(|t| t.get(path).cloned()).unwrap_or(canonical)
    }

    fn note_typed(&self, path: &str, typed: String, canonical: String) {
        self.typed.update(|t| {
            if typed == canonical {
                t.remove(path);
            } else {
                t.insert(path.to_string(), typed);
            }
        });
    }
}

/// An element id for a path.
pub fn dom_id(path: &str) -> String {
    format!("f-{}", path.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect::<String>())
}

/// Takes the user to the field at `path` (or the nearest enclosing element that has one):
/// every closed section around it opens and it gets focus.
pub fn go_to(path: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let mut at = path.to_string();
    let el = loop {
        if let Some(el) = doc.get_element_by_id(&dom_id(&at)) {
            break el;
        }
        match at.rfind(['.', '[']) {
            Some(i) => at.truncate(i),
            None => return,
        }
    };
    let mut parent = el.parent_element();
    while let Some(p) = parent {
        if p.tag_name() == "DETAILS" {
            let _ = p.set_attribute("open", "");
        }
        parent = p.parent_element();
    }
    if let Some(h) = el.dyn_ref::<web_sys::HtmlElement>() {
        let _ = h.focus();
    }
}

/// A place in the draft that a field edits.
pub trait Loc: Copy + Send + Sync + 'static {
    type Item: 'static;
    fn get<'a>(&self, r: &'a Req) -> Option<&'a Self::Item>;
    fn get_mut<'a>(&self, r: &'a mut Req) -> Option<&'a mut Self::Item>;
}

/// The request itself.
#[derive(Clone, Copy)]
pub struct Root;

impl Loc for Root {
    type Item = Req;
    fn get<'a>(&self, r: &'a Req) -> Option<&'a Req> {
        Some(r)
    }
    fn get_mut<'a>(&self, r: &'a mut Req) -> Option<&'a mut Req> {
        Some(r)
    }
}

/// The pod settings.
#[derive(Clone, Copy)]
pub struct Configs;

impl Loc for Configs {
    type Item = PodConfig;
    fn get<'a>(&self, r: &'a Req) -> Option<&'a PodConfig> {
        Some(&r.deployment.template.configs)
    }
    fn get_mut<'a>(&self, r: &'a mut Req) -> Option<&'a mut PodConfig> {
        Some(&mut r.deployment.template.configs)
    }
}

/// An app, or (`init`) an init container.
#[derive(Clone, Copy)]
pub struct AppAt {
    pub init: bool,
    pub i: usize,
}

impl AppAt {
    pub fn path(&self) -> String {
        let list = if self.init { "init_containers" } else { "apps" };
        format!("deployment.template.{list}[{}]", self.i)
    }
}

impl Loc for AppAt {
    type Item = AppDef;
    fn get<'a>(&self, r: &'a Req) -> Option<&'a AppDef> {
        let t = &r.deployment.template;
        if self.init {
            t.init_containers.as_ref()?.get(self.i)
        } else {
            t.apps.get(self.i)
        }
    }
    fn get_mut<'a>(&self, r: &'a mut Req) -> Option<&'a mut AppDef> {
        let t = &mut r.deployment.template;
        if self.init {
            t.init_containers.as_mut()?.get_mut(self.i)
        } else {
            t.apps.get_mut(self.i)
        }
    }
}

/// Declares a place inside an app: a list item (`$field[j]`) of the app.
macro_rules! app_item {
    ($name:ident, $item:ty, $field:ident) => {
        #[derive(Clone, Copy)]
        pub struct $name {
            pub app: AppAt,
            pub j: usize,
        }

        impl $name {
            pub fn path(&self) -> String {
                format!("{}.{}[{}]", self.app.path(), stringify!($field), self.j)
            }
        }

        impl Loc for $name {
            type Item = $item;
            fn get<'a>(&self, r: &'a Req) -> Option<&'a $item> {
                self.app.get(r)?.$field.get(self.j)
            }
            fn get_mut<'a>(&self, r: &'a mut Req) -> Option<&'a mut $item> {
                self.app.get_mut(r)?.$field.get_mut(self.j)
            }
        }
    };
}

app_item!(EnvAt, Env, envs);
app_item!(PortAt, PortMapping, ports);
app_item!(VolumeAt, Volume, volumes);

/// A probe of an app (liveness or readiness); it exists once its kind is chosen.
#[derive(Clone, Copy)]
pub struct ProbeAt {
    pub app: AppAt,
    pub liveness: bool,
}

impl ProbeAt {
    pub fn path(&self) -> String {
        format!("{}.{}", self.app.path(), if self.liveness { "liveness_probe" } else { "readiness_probe" })
    }
}

impl Loc for ProbeAt {
    type Item = Probe;
    fn get<'a>(&self, r: &'a Req) -> Option<&'a Probe> {
        let a = self.app.get(r)?;
        if self.liveness { a.liveness_probe.as_ref() } else { a.readiness_probe.as_ref() }
    }
    fn get_mut<'a>(&self, r: &'a mut Req) -> Option<&'a mut Probe> {
        let a = self.app.get_mut(r)?;
        if self.liveness { a.liveness_probe.as_mut() } else { a.readiness_probe.as_mut() }
    }
}

/// An app's resource requests or limits (made when first written).
#[derive(Clone, Copy)]
pub struct ResAt {
    pub app: AppAt,
    pub limits: bool,
}

impl ResAt {
    pub fn path(&self) -> String {
        format!("{}.resources.{}", self.app.path(), if self.limits { "limits" } else { "requests" })
    }
}

impl Loc for ResAt {
    type Item = Res;
    fn get<'a>(&self, r: &'a Req) -> Option<&'a Res> {
        let res = &self.app.get(r)?.resources;
        if self.limits { res.limits.as_ref() } else { res.requests.as_ref() }
    }
    fn get_mut<'a>(&self, r: &'a mut Req) -> Option<&'a mut Res> {
        let res = &mut self.app.get_mut(r)?.resources;
        Some(if self.limits { res.limits.get_or_insert_with(Default::default) } else { res.requests.get_or_insert_with(Default::default) })
    }
}

/// A rule of node (`pod: false`) or pod affinity.
#[derive(Clone, Copy)]
pub struct AffinityAt {
    pub pod: bool,
    pub j: usize,
}

impl AffinityAt {
    pub fn path(&self) -> String {
        format!("deployment.template.affinity.{}[{}]", if self.pod { "pod_affinity" } else { "node_affinity" }, self.j)
    }
}

impl Loc for AffinityAt {
    type Item = MatchExpression;
    fn get<'a>(&self, r: &'a Req) -> Option<&'a MatchExpression> {
        let a = r.deployment.template.affinity.as_ref()?;
        if self.pod { a.pod_affinity.get(self.j) } else { a.node_affinity.get(self.j) }
    }
    fn get_mut<'a>(&self, r: &'a mut Req) -> Option<&'a mut MatchExpression> {
        let a = r.deployment.template.affinity.as_mut()?;
        if self.pod { a.pod_affinity.get_mut(self.j) } else { a.node_affinity.get_mut(self.j) }
    }
}

/// A tag of the deployment, or (`node`) a device tag it targets.
#[derive(Clone, Copy)]
pub struct TagAt {
    pub node: bool,
    pub j: usize,
}

impl TagAt {
    pub fn path(&self) -> String {
        format!("{}[{}]", if self.node { "node_tags" } else { "tags" }, self.j)
    }
}

impl Loc for TagAt {
    type Item = Tag;
    fn get<'a>(&self, r: &'a Req) -> Option<&'a Tag> {
        if self.node { r.node_tags.as_ref()?.get(self.j) } else { r.tags.get(self.j) }
    }
    fn get_mut<'a>(&self, r: &'a mut Req) -> Option<&'a mut Tag> {
        if self.node { r.node_tags.as_mut()?.get_mut(self.j) } else { r.tags.get_mut(self.j) }
    }
}

/// Empty text is "not given".
pub fn opt(v: String) -> Option<String> {
    (!v.trim().is_empty()).then_some(v)
}

/// One item a line.
pub fn lines(v: &str) -> Vec<String> {
    v.lines().map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect()
}

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

/// The label, the control (`control(id, label_id, message)`) and the message after it.
fn shell(ed: Ed, path: String, label: Txt, control: impl FnOnce(String, String, Signal<Option<String>>) -> AnyView) -> AnyView {
    let id = dom_id(&path);
    let label_id = format!("{id}-label");
    let message = Signal::derive(move || ed.message(&path));
    view! {
        <label class="ed-field">
            <span class="muted" id=label_id.clone()>
                {tr(label)}
            </span>
            {control(id.clone(), label_id, message)}
            <FieldMessage id=format!("{id}-error") message=message />
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
    text_field(ed, path, label, getter(loc, get), setter(loc, set), multiline)
}

fn text_field(ed: Ed, path: String, label: Txt, get: Read<String>, set: Write<String>, multiline: bool) -> AnyView {
    let at = path.clone();
    let current = move || ed.draft.with(|d| get(d));
    let (p1, p2) = (path.clone(), path.clone());
    let disabled = ed.editing && path_is_fixed(&path);
    shell(ed, path, label, move |id, label_id, message| {
        let err = format!("{id}-error");
        let current2 = current.clone();
        let control = view! {
            <{..}
                id=id.clone()
                data-testid=id
                aria-labelledby=label_id
                disabled=disabled
                aria-invalid=move || message.with(Option::is_some).to_string()
                aria-describedby=move || message.with(Option::is_some).then(|| err.clone())
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
    shell(ed, path, label, move |id, label_id, message| {
        let err = format!("{id}-error");
        let current2 = current.clone();
        view! {
            <input
                type="text"
                inputmode="numeric"
                id=id.clone()
                data-testid=id
                aria-labelledby=label_id
                aria-invalid=move || message.with(Option::is_some).to_string()
                aria-describedby=move || message.with(Option::is_some).then(|| err.clone())
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

fn select_field(ed: Ed, path: String, label: Txt, options: Signal<Vec<(String, Option<Txt>)>>, get: Read<String>, set: Write<String>) -> AnyView {
    let app = use_app();
    let at = path.clone();
    let current = move || ed.draft.with(|d| get(d));
    let locked = ed.editing && path_is_fixed(&path);
    shell(ed, path, label, move |id, label_id, message| {
        let err = format!("{id}-error");
        let current2 = current.clone();
        view! {
            <select
                id=id.clone()
                data-testid=id
                aria-labelledby=label_id
                disabled=locked
                aria-invalid=move || message.with(Option::is_some).to_string()
                aria-describedby=move || message.with(Option::is_some).then(|| err.clone())
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
    ["name", "source", "node_ids", "cluster_id", "node_tags", "node_num"].iter().any(|p| path == *p || path.starts_with(&format!("{p}[")))
}

/// Fixed options from values, each labelled by `label` where it has a text (else itself), with
/// "none" first when `none` is given.
pub fn fixed_options(values: &[&'static str], none: bool) -> Signal<Vec<(String, Option<Txt>)>> {
    let mut out: Vec<(String, Option<Txt>)> = Vec::new();
    if none {
        out.push((String::new(), Some(P::NoneOption)));
    }
    out.extend(values.iter().map(|v| (v.to_string(), None)));
    Signal::stored(out)
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
                                <div class="ed-group-actions">
                                    <button
                                        type="button"
                                        disabled=fixed
                                        aria-label=move || format!("{} {} {}", app.t(T::Remove), app.t(legend), j + 1)
                                        on:click=move |_| ed.restructure(|d| remove(d, j))
                                    >
                                        {tr(T::Remove)}
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
                    {move || format!("{} {}", app.t(T::Add), app.t(legend))}
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
