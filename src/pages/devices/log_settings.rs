//! The log settings of a device's two sources (`app`, `system`): their fields with the rules,
//! and the form part that edits them; shared by the registration wizard and the device page's
//! edit form.

use hilens_model::nodes::LogConfig;
use hilens_model::rules;
use leptos::prelude::*;
use stylers_macro::style_sheet;

use crate::components::form::field::{FieldState, TextField};
use crate::components::form::form::SelectField;
use crate::i18n::tr;
use crate::pages::devices::texts;
use crate::state::use_app;

/// The log settings of one source (`app` or `system`), each a field with its rule.
#[derive(Clone, Copy)]
pub struct LogFields {
    pub component: &'static str,
    pub enabled: RwSignal<bool>,
    log_type: FieldState,
    level: FieldState,
    size: FieldState,
    rotate_num: FieldState,
    rotate_period: FieldState,
}

impl LogFields {
    pub fn new(component: &'static str) -> LogFields {
        let f = LogFields {
            component,
            enabled: RwSignal::new(false),
            log_type: FieldState::new(|v| rules::one_of("type", v, &["LTS", "local"]).map(|_| ()), false),
            level: FieldState::new(
                |v| rules::one_of("level", v, &["error", "warning", "info", "debug"]).map(|_| ()),
                true,
            ),
            size: FieldState::new(|v| rules::int_in_range("size", v, 10, 1000).map(|_| ()), true),
            // The provider narrows it to 1–10 for ief: the whole request's check says so.
            rotate_num: FieldState::new(|v| rules::int_in_range("rotate_num", v, 1, 30).map(|_| ()), true),
            rotate_period: FieldState::new(
                |v| rules::one_of("rotate_period", v, &["daily", "weekly", "monthly", "yearly"]).map(|_| ()),
                true,
            ),
        };
        f.log_type.value.set("local".into());
        f
    }

    pub fn config(&self) -> Option<LogConfig> {
        self.enabled.get().then(|| {
            let text = |f: FieldState| Some(f.value.get()).filter(|v| !v.is_empty());
            LogConfig {
                component: self.component.into(),
                level: text(self.level),
                rotate_num: text(self.rotate_num).and_then(|v| v.parse().ok()),
                rotate_period: text(self.rotate_period),
                size: text(self.size).and_then(|v| v.parse().ok()),
                log_type: self.log_type.value.get(),
            }
        })
    }

    /// Fills the fields from a device's settings for this source (none: left off).
    pub fn fill(&self, config: Option<&LogConfig>) {
        self.enabled.set(config.is_some());
        let text = |f: FieldState, v: Option<String>| f.value.set(v.unwrap_or_default());
        let c = config.cloned().unwrap_or_default();
        self.log_type.value.set(if c.log_type.is_empty() { "local".into() } else { c.log_type });
        text(self.level, c.level);
        text(self.size, c.size.map(|v| v.to_string()));
        text(self.rotate_num, c.rotate_num.map(|v| v.to_string()));
        text(self.rotate_period, c.rotate_period);
    }

    pub fn fields(&self) -> [FieldState; 5] {
        [self.log_type, self.level, self.size, self.rotate_num, self.rotate_period]
    }
}

/// The log fields' test ids, per source (`app`, `system`).
const LOG_IDS: [[&str; 6]; 2] = [
    ["log-app-on", "log-app-type", "log-app-level", "log-app-size", "log-app-rotate-num", "log-app-rotate-period"],
    [
        "log-system-on",
        "log-system-type",
        "log-system-level",
        "log-system-size",
        "log-system-rotate-num",
        "log-system-rotate-period",
    ],
];
/// The log settings of both sources, each switched on or off; the rotate period is for ief.
#[component]
pub fn LogSettings(logs: [LogFields; 2], ief: Signal<bool>) -> impl IntoView {
    let app = use_app();
    const _: &str = include_str!("log_settings.css");
    let class = style_sheet!("src/pages/devices/log_settings.css");
    view! { class=class,
        <fieldset class="logs">
            <legend>{tr(texts::Logs)}</legend>
            {logs
                .into_iter()
                .map(|log| {
                    let label = log.component;
                    let ids = if label == "app" { &LOG_IDS[0] } else { &LOG_IDS[1] };
                    view! { class=class,
                        <div class="log-fields">
                            <label>
                                <input
                                    type="checkbox"
                                    data-testid=ids[0]
                                    prop:checked=move || log.enabled.get()
                                    on:change=move |ev| log.enabled.set(event_target_checked(&ev))
                                />
                                " "
                                {format!("{}: {label}", app.t_untracked(texts::LogComponent))}
                            </label>
                            <Show when=move || log.enabled.get()>
                                <SelectField
                                    state=log.log_type
                                    label=texts::LogType
                                    testid=ids[1]
                                    options=vec![("local".into(), None), ("LTS".into(), None)]
                                />
                                <SelectField
                                    state=log.level
                                    label=texts::LogLevel
                                    testid=ids[2]
                                    options=["", "error", "warning", "info", "debug"]
                                        .iter()
                                        .map(|l| (l.to_string(), None))
                                        .collect()
                                />
                                <TextField state=log.size label=texts::LogSize testid=ids[3] kind="number" />
                                <TextField state=log.rotate_num label=texts::LogRotateNum testid=ids[4] kind="number" />
                                <Show when=move || ief.get()>
                                    <SelectField
                                        state=log.rotate_period
                                        label=texts::LogRotatePeriod
                                        testid=ids[5]
                                        options=["", "daily", "weekly", "monthly", "yearly"]
                                            .iter()
                                            .map(|l| (l.to_string(), None))
                                            .collect()
                                    />
                                </Show>
                            </Show>
                        </div>
                    }
                })
                .collect_view()}
        </fieldset>
    }
}
