//! The editor's draft ([`Ed`]): the request being edited, text as typed, the fields the user has
//! left and the messages they show; and how the user is taken to a field ([`go_to`]).

use std::collections::{BTreeMap, BTreeSet};

use hilens_model::deployments::*;
use hilens_model::error::FieldError;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

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
    pub(super) not_numbers: RwSignal<BTreeSet<String>>,
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
                v.extend(
                    bad.iter().map(|p| FieldError::new(p.as_str(), "integer", "必须是整数", "must be an integer")),
                );
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

    pub(super) fn shown(&self, path: &str, canonical: String) -> String {
        self.typed.with(|t| t.get(path).cloned()).unwrap_or(canonical)
    }

    pub(super) fn note_typed(&self, path: &str, typed: String, canonical: String) {
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
