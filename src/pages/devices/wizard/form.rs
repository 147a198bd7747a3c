//! The registration form's state: every field with its rule, the request the form stands for,
//! the fields by the paths the API's rules name, and the checks on Next.

use hilens_model::error::FieldError;
use hilens_model::nodes::{validate_device_name, CreateNodeRequest, NodeReqDetail, MAX_BATCH, NPU_TYPES, PROVIDERS};
use hilens_model::rules;
use hilens_model::tags::Tag;
use leptos::prelude::*;

use crate::components::form::field::FieldState;
use crate::components::form::form::{tag_rows, RowsState};
use crate::pages::devices::log_settings::LogFields;
use crate::state::use_app;

/// Every field of the form.
#[derive(Clone, Copy)]
pub(super) struct Form {
    pub(super) provider: FieldState,
    pub(super) name: FieldState,
    pub(super) description: FieldState,
    pub(super) workspace: FieldState,
    pub(super) tags: RowsState,
    pub(super) npu: RwSignal<bool>,
    pub(super) npu_type: FieldState,
    pub(super) gpu: RwSignal<bool>,
    pub(super) logs: [LogFields; 2],
    pub(super) event_validity: FieldState,
    pub(super) batch: RwSignal<bool>,
    pub(super) batch_count: FieldState,
}

impl Form {
    pub(super) fn new(workspace: String) -> Form {
        let f = Form {
            provider: FieldState::new(|v| rules::one_of("provider", v, PROVIDERS).map(|_| ()), false),
            name: FieldState::new(|v| validate_device_name("name", v), false)
                .with_hint(hilens_model::nodes::device_name_hint),
            description: FieldState::new(|v| rules::description("description", v), true)
                .with_hint(rules::description_hint),
            workspace: FieldState::new(|v| rules::length("workspace_id", v, 1, 64), false),
            tags: tag_rows(),
            npu: RwSignal::new(false),
            npu_type: FieldState::new(|v| rules::one_of("npu_type", v, NPU_TYPES).map(|_| ()), false),
            gpu: RwSignal::new(false),
            logs: [LogFields::new("app"), LogFields::new("system")],
            event_validity: FieldState::new(
                |v| hilens_model::nodes::validate_event_validity("event_validity_period", v).map(|_| ()),
                true,
            ),
            batch: RwSignal::new(false),
            batch_count: FieldState::new(|v| rules::int_in_range("batch", v, 2, MAX_BATCH).map(|_| ()), false),
        };
        f.provider.value.set(PROVIDERS[0].into());
        f.workspace.value.set(workspace);
        f.npu_type.value.set(NPU_TYPES[0].into());
        f.batch_count.value.set("2".into());
        f
    }

    /// The request as the form stands (reactive).
    pub(super) fn request(&self) -> CreateNodeRequest {
        let text = |f: FieldState| Some(f.value.get()).filter(|v| !v.is_empty());
        CreateNodeRequest {
            node: NodeReqDetail {
                name: self.name.value.get().trim().to_string(),
                description: text(self.description),
                batch: self.batch.get().then(|| self.batch_count.value.get().parse().ok()).flatten(),
                enable_gpu: Some(self.gpu.get()),
                enable_npu: Some(self.npu.get()),
                iam_user_id: None,
                log_configs: self.logs.iter().filter_map(LogFields::config).collect(),
                npu_type: self.npu.get().then(|| self.npu_type.value.get()),
                tags: self.tags.rows.get().into_iter().map(|r| Tag { key: r.key, value: r.value }).collect(),
                workspace_id: text(self.workspace),
                event_validity_period: text(self.event_validity).and_then(|v| v.parse().ok()),
            },
        }
    }

    /// The fields by the path the API's rules name them with.
    pub(super) fn by_path(&self) -> Vec<(String, FieldState)> {
        let mut out = vec![
            ("node.name".to_string(), self.name),
            ("node.description".into(), self.description),
            ("node.workspace_id".into(), self.workspace),
            ("node.npu_type".into(), self.npu_type),
            ("node.event_validity_period".into(), self.event_validity),
            ("node.batch".into(), self.batch_count),
        ];
        let mut i = 0;
        for log in self.logs.iter().filter(|l| l.enabled.get_untracked()) {
            for (name, f) in ["type", "level", "size", "rotate_num", "rotate_period"].iter().zip(log.fields()) {
                out.push((format!("node.log_configs[{i}].{name}"), f));
            }
            i += 1;
        }
        out
    }

    /// Every rule, on Next: each field's own, then the whole request's (the provider's ranges,
    /// the longest batch name); the first broken one is marked on its field.
    pub(super) fn check(&self) -> bool {
        let mut ok = [self.provider, self.name, self.description, self.workspace, self.event_validity]
            .iter()
            .map(|f| f.check())
            .fold(true, |a, b| a && b);
        ok &= self.tags.check();
        if self.npu.get_untracked() {
            ok &= self.npu_type.check();
        }
        if self.batch.get_untracked() {
            ok &= self.batch_count.check();
        }
        for log in self.logs.iter().filter(|l| l.enabled.get_untracked()) {
            for f in log.fields() {
                ok &= f.check();
            }
        }
        if !ok {
            return false;
        }
        let request = untrack(|| self.request());
        match request.validate(&self.provider.value.get_untracked()) {
            Ok(()) => true,
            Err(e) => {
                self.mark(&e);
                false
            }
        }
    }

    /// Puts a rule error beside the field its path names (the name when none matches).
    fn mark(&self, e: &FieldError) {
        let lang = use_app().lang.get_untracked();
        let field = self.by_path().into_iter().find(|(p, _)| *p == e.field).map_or(self.name, |(_, f)| f);
        field.server_error.set(Some(e.rule_text(lang).to_string()));
    }
}
