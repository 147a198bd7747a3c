//! The rules of a roll-out: the request's fields, the waves it resolves to, the new
//! deployment's name, the gate.

use super::*;
use crate::deployments::{validate_deployment_name, validate_envs, validate_node_ids, validate_version};
use crate::rules::Hint;

fn fail(field: &str, rule: &'static str, zh: &str, en: &str) -> FieldError {
    FieldError::new(field, rule, zh, en)
}

fn in_range(field: &str, value: i64, min: i64, max: i64) -> Result<(), FieldError> {
    rules::int_in_range(field, &value.to_string(), min, max).map(|_| ())
}

impl RolloutRequest {
    /// The first broken rule, naming its field (the API's 400).
    pub fn validate(&self) -> Result<(), FieldError> {
        rules::length("deployment_id", &self.deployment_id, 1, 64)?;
        if self.deployment_id.contains(['/', '?', '#', '%']) {
            return Err(fail("deployment_id", "charset", "不能包含 / ? # %", "must not contain / ? # %"));
        }
        let change = self.version.is_some() || self.envs.is_some();
        let adding = self.add_node_ids.is_some() || self.add_node_tags.is_some();
        if change && adding {
            let field = if self.add_node_ids.is_some() { "add_node_ids" } else { "add_node_tags" };
            return Err(fail(
                field,
                "exclusive",
                "不能与 version、envs 同时给出：新版本与新增设备请分两次发布",
                "cannot go with version or envs: roll out a change and new devices separately",
            ));
        }
        if !change && !adding {
            return Err(fail(
                "version",
                "required",
                "须给出变更（version 和/或 envs）或要新增的设备（add_node_ids 或 add_node_tags）",
                "is required: a change (version and/or envs) or devices to add (add_node_ids or add_node_tags)",
            ));
        }
        if let Some(v) = &self.version {
            validate_version("version", v)?;
        }
        if let Some(envs) = &self.envs {
            if envs.is_empty() {
                return Err(fail("envs", "required", "不能为空", "must not be empty"));
            }
            validate_envs("envs", envs)?;
        }
        if self.add_node_ids.is_some() && self.add_node_tags.is_some() {
            return Err(fail(
                "add_node_tags",
                "one_of",
                "add_node_ids 与 add_node_tags 只能给出一个",
                "cannot go with add_node_ids: give one of them",
            ));
        }
        if let Some(ids) = &self.add_node_ids {
            validate_node_ids("add_node_ids", ids)?;
        }
        if let Some(tags) = &self.add_node_tags {
            if tags.is_empty() {
                return Err(fail("add_node_tags", "required", "不能为空", "must not be empty"));
            }
            crate::tags::validate_tags("add_node_tags", tags)?;
        }
        validate_waves(&self.waves)?;
        in_range("soak_seconds", self.soak_seconds, 0, MAX_SECONDS)?;
        in_range("max_failures", self.max_failures, 1, crate::deployments::MAX_NODES as i64)?;
        if let Some(p) = self.max_failure_percent {
            in_range("max_failure_percent", p, 1, 100)?;
        }
        in_range("wave_timeout_seconds", self.wave_timeout_seconds, 1, MAX_SECONDS)?;
        rules::one_of("on_failure", &self.on_failure, ON_FAILURE)?;
        Ok(())
    }
}

/// The waves' own rules (those that do not depend on how many devices there are): at least
/// one, at most [`MAX_WAVES`], each a count from 1 or a percentage from 1 % to 100 %.
pub fn validate_waves(waves: &[WaveTarget]) -> Result<(), FieldError> {
    if waves.is_empty() {
        return Err(fail(
            "waves",
            "required",
            "至少一波，如 [1, \"10%\", \"100%\"]",
            "needs at least one wave, such as [1, \"10%\", \"100%\"]",
        ));
    }
    rules::max_items("waves", waves.len(), MAX_WAVES)?;
    for (i, w) in waves.iter().enumerate() {
        let field = format!("waves[{i}]");
        match w {
            WaveTarget::Count(n) => in_range(&field, *n, 1, crate::deployments::MAX_NODES as i64)?,
            WaveTarget::Percent(p) => {
                if !(1..=100).contains(p) {
                    return Err(fail(&field, "range", "百分比须在 1% 到 100% 之间", "must be from 1% to 100%"));
                }
            }
            WaveTarget::Invalid(_) => {
                return Err(fail(
                    &field,
                    "format",
                    "须为设备数（如 5）或百分比（如 \"10%\"）",
                    "must be a number of devices (5) or a percentage (\"10%\")",
                ))
            }
        }
    }
    Ok(())
}

/// Waves as a person types them: targets separated by commas or spaces (`1, 10%, 50%, 100%`).
pub fn parse_waves(text: &str) -> Vec<WaveTarget> {
    // `100 %` is one target.
    let mut text = text.replace('％', "%");
    while text.contains(" %") {
        text = text.replace(" %", "%");
    }
    text.split([',', ' ', '\t', '\n', '，']).filter(|t| !t.trim().is_empty()).map(WaveTarget::parse).collect()
}

/// The waves typed as text ([`parse_waves`]) against [`validate_waves`]: the console's rule,
/// whose text says which wave breaks it (the field is the whole list).
pub fn validate_waves_text(field: &str, text: &str) -> Result<(), FieldError> {
    validate_waves(&parse_waves(text)).map_err(|e| {
        let wave = e.field.strip_prefix("waves[").and_then(|i| i.trim_end_matches(']').parse::<usize>().ok());
        let (zh, en) = match wave {
            Some(i) => (format!("第 {} 批：{}", i + 1, e.zh), format!("wave {}: {}", i + 1, e.en)),
            None => (e.zh.clone(), e.en.clone()),
        };
        FieldError { field: e.field.replacen("waves", field, 1), zh, en, ..e }
    })
}

/// What the waves field asks, before it is broken.
pub fn waves_hint() -> Hint {
    Hint {
        zh: format!("累计目标，逗号分隔：设备数或百分比（向上取整），最后一波覆盖全部设备，最多 {MAX_WAVES} 波，如 1, 10%, 50%, 100%"),
        en: format!(
            "cumulative targets, comma-separated: a count or a percentage (rounded up), the last covering every device, at most {MAX_WAVES}: 1, 10%, 50%, 100%"
        ),
    }
}

/// What a number of seconds from `min` to [`MAX_SECONDS`] may be.
pub fn seconds_hint(min: i64) -> Hint {
    Hint { zh: format!("{min}–{MAX_SECONDS} 秒"), en: format!("{min}–{MAX_SECONDS} seconds") }
}

/// The waves' cumulative ends for `devices` devices: counts as given (a count above the number
/// of devices covers them all), percentages rounded up; each at least the one before; the last
/// covering every device. A wave that adds no device is left out, so the ends rise strictly.
pub fn resolve_waves(waves: &[WaveTarget], devices: usize) -> Result<Vec<usize>, FieldError> {
    let mut ends: Vec<usize> = Vec::with_capacity(waves.len());
    let mut last = 0usize;
    for (i, w) in waves.iter().enumerate() {
        let field = format!("waves[{i}]");
        let end = match w {
            WaveTarget::Count(n) => (*n).clamp(0, devices as i64) as usize,
            WaveTarget::Percent(p) => (devices * (*p).clamp(0, 100) as usize).div_ceil(100),
            WaveTarget::Invalid(_) => return Err(fail(&field, "format", "格式不对", "is not a count or a percentage")),
        };
        if end < last {
            return Err(FieldError::new(
                field,
                "order",
                format!("是累计目标，不能少于前一波（{last} 台）"),
                format!("is a cumulative target and must not be below the wave before it ({last} devices)"),
            ));
        }
        if end > last {
            ends.push(end);
        }
        last = end;
    }
    if last < devices {
        return Err(FieldError::new(
            format!("waves[{}]", waves.len().saturating_sub(1)),
            "cover",
            format!("最后一波须覆盖全部 {devices} 台设备（如 \"100%\"），现为 {last} 台"),
            format!("the last wave must cover every device ({devices}), such as \"100%\"; it covers {last}"),
        ));
    }
    Ok(ends)
}

/// The new deployment of a change: the old name without an earlier roll-out's `-r<N>`, then
/// `-r<N>` with `n`, cut to the name rule's 32 characters (`gate-cam` → `gate-cam-r2`, and
/// `gate-cam-r2` → `gate-cam-r3` with `n` 3).
pub fn new_deployment_name(old: &str, n: u32) -> String {
    let base = rollout_base_name(old);
    let suffix = format!("-r{n}");
    let keep = 32usize.saturating_sub(suffix.len());
    let mut cut: String = base.chars().take(keep).collect();
    while cut.ends_with('-') {
        cut.pop();
    }
    if cut.is_empty() {
        cut.push_str("rollout");
    }
    format!("{cut}{suffix}")
}

/// `old` without a roll-out suffix `-r<digits>`.
pub fn rollout_base_name(old: &str) -> &str {
    match old.rsplit_once("-r") {
        Some((base, n)) if !base.is_empty() && !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => base,
        _ => old,
    }
}

/// The `N` of a roll-out name of `base` (`gate-cam-r3` → 3), if `name` is one.
pub fn rollout_number(base: &str, name: &str) -> Option<u32> {
    let n = name.strip_prefix(base)?.strip_prefix("-r")?;
    if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    n.parse().ok()
}

/// Whether a name made by [`new_deployment_name`] keeps the deployment name rule (it always
/// should; checked so a broken rule shows in tests rather than at HiLens).
pub fn check_new_name(name: &str) -> Result<(), FieldError> {
    validate_deployment_name("new_deployment_name", name)
}

/// Why the gate trips, if it does: `failed` instances in the roll-out (not accepted by a
/// promote) against `max_failures`, and `failed_in_wave` of `wave_size` against
/// `max_failure_percent`.
pub fn gate_trips(
    settings: &RolloutSettings,
    failed: usize,
    failed_in_wave: usize,
    wave_size: usize,
) -> Option<String> {
    if failed as i64 >= settings.max_failures.max(1) {
        return Some(format!("{failed} failed instance(s) reached max_failures {}", settings.max_failures.max(1)));
    }
    if let Some(p) = settings.max_failure_percent {
        if wave_size > 0 && failed_in_wave * 100 >= p as usize * wave_size && failed_in_wave > 0 {
            return Some(format!(
                "{failed_in_wave} of the wave's {wave_size} instances failed, reaching max_failure_percent {p}%"
            ));
        }
    }
    None
}

/// A device of a plan: its id and name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedDevice {
    pub id: String,
    pub name: String,
}

/// The waves of a plan over `devices` (in the roll-out's fixed order), every device waiting;
/// `Err` names the wave that breaks a rule.
pub fn plan_waves(waves: &[WaveTarget], devices: &[PlannedDevice]) -> Result<Vec<Wave>, FieldError> {
    let ends = resolve_waves(waves, devices.len())?;
    let mut start = 0;
    Ok(ends
        .iter()
        .enumerate()
        .map(|(i, &end)| {
            let wave = Wave {
                index: i + 1,
                target: end,
                devices: devices[start..end]
                    .iter()
                    .map(|d| WaveDevice { id: d.id.clone(), name: d.name.clone(), ..WaveDevice::default() })
                    .collect(),
                ..Wave::default()
            };
            start = end;
            wave
        })
        .collect())
}
