//! Jobs ("tasks", reference 5.5) of a deployment: video streams in, results out, run by every
//! pod of the deployment. `create_task`, `list_tasks`, `show_task`, `update_task` and
//! `delete_task`.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::FieldError;
use crate::rules;

pub const DEFAULT_LIMIT: u32 = 100;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TaskInput {
    pub data: Value,
    #[serde(rename = "type")]
    pub input_type: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TaskOutputs {
    pub data: Value,
    #[serde(rename = "type")]
    pub output_type: String,
}

/// One stream of a job: an input (a camera, a VCN channel…) and where results go.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TaskStream {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub common: Option<Value>,
    pub input: TaskInput,
    pub outputs: Vec<TaskOutputs>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TimeFrame {
    pub start: String,
    pub stop: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StartTimeInfo {
    pub start_time: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frequency: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    pub day_time_frame: Vec<TimeFrame>,
    pub single_time_frame: Vec<TimeFrame>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SourceUsageEstimate {
    pub cpu: f64,
    pub memory: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TaskData {
    pub streams: Vec<TaskStream>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_time_info: Option<StartTimeInfo>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_usage_estimate: Option<SourceUsageEstimate>,
}

/// The body of `create_task` and `update_task`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TaskRequest {
    pub name: String,
    pub data: TaskData,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<String>,
}

/// A stream's input types. The reference gives no list: its examples send `camera`, and it
/// counts "cameras and VCN" against `channel_limit` (docs/choices.md).
pub const INPUT_TYPES: &[&str] = &["camera", "vcn"];

/// A stream's output types. The reference gives no list: its examples send `dis` only.
pub const OUTPUT_TYPES: &[&str] = &["dis"];

/// A stream's input or output data as typed: JSON text that must be an object. A text that does
/// not parse names the line and column where it stops making sense.
pub fn parse_object(field: &str, text: &str) -> Result<Value, FieldError> {
    let not_object = || {
        FieldError::new(
            field,
            "type",
            "必须是 JSON 对象，如 {\"rtsp\": \"rtsp://…\"}",
            "must be a JSON object, such as {\"rtsp\": \"rtsp://…\"}",
        )
    };
    if text.trim().is_empty() {
        return Err(not_object());
    }
    match serde_json::from_str::<Value>(text) {
        Ok(v) if v.is_object() => Ok(v),
        Ok(_) => Err(not_object()),
        Err(e) => {
            let (line, column) = (e.line(), e.column().max(1));
            Err(FieldError::new(
                field,
                "json",
                format!("不是有效的 JSON：第 {line} 行第 {column} 列有误"),
                format!("is not valid JSON: line {line}, column {column}"),
            ))
        }
    }
}

fn required(field: &str, v: &str, max: usize) -> Result<(), FieldError> {
    if v.trim().is_empty() {
        return Err(FieldError::new(field, "required", "不能为空", "is required"));
    }
    rules::length(field, v, 1, max)
}

/// A job's start time: a date and time with its offset from UTC, in the form the API writes its
/// own times (`2026-12-06 09:00:00 GMT+08:00`; the reference gives no form, docs/choices.md).
pub fn validate_start_time(field: &str, v: &str) -> Result<(), FieldError> {
    crate::time::parse_market_time(v).map(|_| ()).ok_or_else(|| {
        FieldError::new(
            field,
            "datetime",
            "必须是日期和时间，如 2026-12-06 09:00:00 GMT+08:00",
            "must be a date and time such as 2026-12-06 09:00:00 GMT+08:00",
        )
    })
}

/// A start time as typed in a form, in the user's own zone: `YYYY-MM-DD HH:MM`.
pub fn validate_local_start(field: &str, v: &str) -> Result<i64, FieldError> {
    crate::time::parse_local(v.trim()).ok_or_else(|| {
        FieldError::new(
            field,
            "datetime",
            "必须是日期和时间，格式 YYYY-MM-DD HH:MM，如 2026-12-06 09:00",
            "must be a date and time as YYYY-MM-DD HH:MM, such as 2026-12-06 09:00",
        )
    })
}

/// A time of day of a daily window: `HH:MM`, 00:00 to 23:59.
pub fn validate_clock(field: &str, v: &str) -> Result<(), FieldError> {
    let ok = v.len() == 5
        && v.as_bytes()[2] == b':'
        && v[..2].bytes().chain(v[3..].bytes()).all(|c| c.is_ascii_digit())
        && v[..2].parse::<u8>().is_ok_and(|h| h < 24)
        && v[3..].parse::<u8>().is_ok_and(|m| m < 60);
    if ok {
        Ok(())
    } else {
        Err(FieldError::new(
            field,
            "clock",
            "必须是时刻 HH:MM，如 08:30",
            "must be a time of day as HH:MM, such as 08:30",
        ))
    }
}

/// A job name: 1–64 Chinese characters, letters, digits, `_`, `-` (the reference gives no rule;
/// docs/choices.md).
pub fn validate_task_name(field: &str, name: &str) -> Result<(), FieldError> {
    rules::length(field, name, NAME_LEN.0, NAME_LEN.1)?;
    rules::chinese_letters_digits_underscore_hyphen(field, name)
}

/// A job name's length.
pub const NAME_LEN: (usize, usize) = (1, 64);

/// What [`validate_task_name`] asks.
pub fn name_hint() -> rules::Hint {
    rules::Hint::length(NAME_LEN).then(rules::CHINESE_ETC.0, rules::CHINESE_ETC.1)
}

impl TaskRequest {
    /// `channel_limit`: the most streams the deployment's apps accept, when one sets it.
    pub fn validate(&self, channel_limit: Option<i64>) -> Result<(), FieldError> {
        validate_task_name("name", &self.name)?;
        if let Some(d) = &self.description {
            rules::description("description", d)?;
        }
        for (field, v) in
            [("business", &self.business), ("instance_id", &self.instance_id), ("timestamp", &self.timestamp)]
        {
            if let Some(v) = v {
                rules::length(field, v, 0, 64)?;
            }
        }
        let streams = &self.data.streams;
        if streams.is_empty() {
            return Err(FieldError::new("data.streams", "required", "至少需要一路作业流", "needs at least one stream"));
        }
        let limit = channel_limit.unwrap_or(1000);
        if streams.len() as i64 > limit {
            return Err(FieldError::new(
                "data.streams",
                "channel_limit",
                format!("路数不能超过部署的路数限制 {limit}"),
                format!("must not exceed the deployment's channel limit of {limit}"),
            ));
        }
        for (i, s) in streams.iter().enumerate() {
            let at = format!("data.streams[{i}]");
            required(&format!("{at}.input.type"), &s.input.input_type, 64)?;
            rules::one_of(&format!("{at}.input.type"), &s.input.input_type, INPUT_TYPES)?;
            if !s.input.data.is_object() {
                return Err(FieldError::new(format!("{at}.input.data"), "type", "必须是对象", "must be an object"));
            }
            if s.outputs.is_empty() {
                return Err(FieldError::new(
                    format!("{at}.outputs"),
                    "required",
                    "至少需要一个输出",
                    "needs at least one output",
                ));
            }
            for (j, o) in s.outputs.iter().enumerate() {
                required(&format!("{at}.outputs[{j}].type"), &o.output_type, 64)?;
                rules::one_of(&format!("{at}.outputs[{j}].type"), &o.output_type, OUTPUT_TYPES)?;
                if !o.data.is_object() {
                    return Err(FieldError::new(
                        format!("{at}.outputs[{j}].data"),
                        "type",
                        "必须是对象",
                        "must be an object",
                    ));
                }
            }
        }
        if let Some(t) = &self.data.start_time_info {
            required("data.start_time_info.start_time", &t.start_time, 64)?;
            validate_start_time("data.start_time_info.start_time", &t.start_time)?;
            for (name, frames) in [("day_time_frame", &t.day_time_frame), ("single_time_frame", &t.single_time_frame)] {
                for (i, f) in frames.iter().enumerate() {
                    for (end, v) in [("start", &f.start), ("stop", &f.stop)] {
                        let field = format!("data.start_time_info.{name}[{i}].{end}");
                        required(&field, v, 64)?;
                        validate_clock(&field, v)?;
                    }
                }
            }
        }
        if let Some(u) = &self.data.source_usage_estimate {
            if !(u.cpu.is_finite() && u.cpu >= 0.0) {
                return Err(FieldError::new(
                    "data.source_usage_estimate.cpu",
                    "range",
                    "不能为负数",
                    "must not be negative",
                ));
            }
            if u.memory < 0 {
                return Err(FieldError::new(
                    "data.source_usage_estimate.memory",
                    "range",
                    "不能为负数",
                    "must not be negative",
                ));
            }
        }
        Ok(())
    }
}

/// How a job fares on one pod.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TaskStatus {
    pub pod_id: String,
    pub pod_name: String,
    pub task_status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
}

/// A job as listed and shown (`TaskInfo`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TaskInfo {
    pub task_id: String,
    pub user_task_id: Option<String>,
    pub name: String,
    pub description: Option<String>,
    pub timestamp: String,
    pub streams: Vec<TaskStream>,
    pub ok_pod_number: i64,
    pub cur_pod_number: i64,
    pub sum_pod_number: i64,
    pub fail_pod_number: i64,
    pub pending_pod_number: i64,
    pub task_status: Vec<TaskStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_time_info: Option<StartTimeInfo>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_usage_estimate: Option<SourceUsageEstimate>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TaskList {
    pub count: u64,
    pub tasks: Vec<TaskInfo>,
}

/// The answer of `create_task`, `update_task` and `delete_task`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskId {
    pub task_id: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn good() -> Value {
        json!({"name": "gate-count", "description": "people at the gate", "data": {
            "streams": [{"input": {"type": "camera", "data": {"rtsp": "rtsp://10.0.0.9/1"}},
                "outputs": [{"type": "dis", "data": {"streamName": "counts"}}]}],
            "start_time_info": {"start_time": "2026-12-06 08:00:00 GMT+08:00", "day_time_frame": [{"start": "08:00", "stop": "18:00"}]},
            "source_usage_estimate": {"cpu": 0.5, "memory": 256}}})
    }

    fn field_after(edit: impl FnOnce(&mut Value), limit: Option<i64>) -> Option<String> {
        let mut v = good();
        edit(&mut v);
        serde_json::from_value::<TaskRequest>(v).unwrap().validate(limit).err().map(|e| e.field)
    }

    #[test]
    fn the_references_examples_read_and_the_create_example_passes() {
        let r: TaskRequest = serde_json::from_value(json!({
            "business": "string",
            "data": {"streams": [{"common": {}, "input": {"data": {}, "type": "string"}, "outputs": [{"data": {}, "type": "string"}]}],
                "task_id": "string", "start_time_info": {"start_time": "string", "frequency": "string", "mode": "string",
                "day_time_frame": [{"start": "string", "stop": "string"}], "single_time_frame": [{"start": "string", "stop": "string"}]}},
            "description": "string", "instance_id": "string", "name": "string", "timestamp": "string"}))
        .unwrap();
        // The placeholder "string" is no type the reference shows; with the types of its other
        // examples, its placeholders for times are no times: they fail only those rules.
        assert_eq!(r.validate(None).unwrap_err().field, "data.streams[0].input.type");
        let mut r = r;
        r.data.streams[0].input.input_type = "camera".into();
        assert_eq!(r.validate(None).unwrap_err().field, "data.streams[0].outputs[0].type");
        r.data.streams[0].outputs[0].output_type = "dis".into();
        assert_eq!(r.validate(None).unwrap_err().field, "data.start_time_info.start_time");
        let info = r.data.start_time_info.as_mut().unwrap();
        info.start_time = "2026-12-06 09:00:00 GMT+08:00".into();
        assert_eq!(r.validate(None).unwrap_err().field, "data.start_time_info.day_time_frame[0].start");
        let info = r.data.start_time_info.as_mut().unwrap();
        info.day_time_frame = vec![TimeFrame { start: "08:00".into(), stop: "18:00".into() }];
        info.single_time_frame = vec![TimeFrame { start: "00:00".into(), stop: "23:59".into() }];
        assert_eq!(r.validate(None), Ok(()));
        let list: TaskList = serde_json::from_value(json!({"count": 1, "tasks": [{"name": "string", "timestamp": "string",
            "description": null, "streams": [{"common": null, "input": {"type": "camera", "data": {"id": "string"}}, "template": false}],
            "ok_pod_number": 0, "cur_pod_number": 0, "sum_pod_number": 1, "fail_pod_number": 1, "pending_pod_number": 0,
            "task_status": [{"pod_id": "string", "pod_name": "string", "task_status": "string"}], "task_id": "string",
            "user_task_id": null}]}))
        .unwrap();
        assert_eq!((list.count, list.tasks[0].fail_pod_number), (1, 1));
    }

    #[test]
    fn rules_have_passing_and_failing_cases() {
        assert_eq!(field_after(|_| {}, None), None);
        assert_eq!(field_after(|v| v["name"] = json!("a b"), None).as_deref(), Some("name"));
        assert_eq!(field_after(|v| v["name"] = json!(""), None).as_deref(), Some("name"));
        assert_eq!(field_after(|v| v["description"] = json!("<x>"), None).as_deref(), Some("description"));
        assert_eq!(field_after(|v| v["data"]["streams"] = json!([]), None).as_deref(), Some("data.streams"));
        assert_eq!(field_after(|_| {}, Some(1)), None);
        assert_eq!(field_after(|_| {}, Some(0)).as_deref(), Some("data.streams"), "over the channel limit");
        assert_eq!(
            field_after(|v| v["data"]["streams"][0]["input"]["type"] = json!(""), None).as_deref(),
            Some("data.streams[0].input.type")
        );
        for (at, other) in
            [("input", json!({"type": "rtsp", "data": {}})), ("outputs", json!([{"type": "obs", "data": {}}]))]
        {
            let field = field_after(|v| v["data"]["streams"][0][at] = other, None);
            assert!(
                field
                    .as_deref()
                    .is_some_and(|f| f.starts_with(&format!("data.streams[0].{at}")) && f.ends_with("type")),
                "{field:?}"
            );
        }
        for t in INPUT_TYPES {
            assert_eq!(field_after(|v| v["data"]["streams"][0]["input"]["type"] = json!(t), None), None, "{t}");
        }
        assert_eq!(parse_object("d", "{\"a\": 1}"), Ok(json!({"a": 1})));
        assert_eq!(parse_object("d", "[1]").unwrap_err().rule, "type");
        assert_eq!(parse_object("d", "  ").unwrap_err().rule, "type");
        let broken = parse_object("d", "{\n  \"rtsp\": \"x\",\n  oops\n}").unwrap_err();
        assert_eq!((broken.rule, broken.en.as_str()), ("json", "is not valid JSON: line 3, column 3"));
        assert_eq!(broken.zh, "不是有效的 JSON：第 3 行第 3 列有误");
        assert_eq!(
            field_after(|v| v["data"]["streams"][0]["input"]["data"] = json!("rtsp"), None).as_deref(),
            Some("data.streams[0].input.data")
        );
        assert_eq!(
            field_after(|v| v["data"]["streams"][0]["outputs"] = json!([]), None).as_deref(),
            Some("data.streams[0].outputs")
        );
        assert_eq!(
            field_after(|v| v["data"]["start_time_info"]["start_time"] = json!(""), None).as_deref(),
            Some("data.start_time_info.start_time")
        );
        assert_eq!(
            field_after(|v| v["data"]["start_time_info"]["day_time_frame"][0]["stop"] = json!(""), None).as_deref(),
            Some("data.start_time_info.day_time_frame[0].stop")
        );
        for free_text in ["tomorrow 9am", "2026-12-06 09:00", "08:00"] {
            assert_eq!(
                field_after(|v| v["data"]["start_time_info"]["start_time"] = json!(free_text), None).as_deref(),
                Some("data.start_time_info.start_time"),
                "{free_text}"
            );
        }
        assert_eq!(
            field_after(|v| v["data"]["start_time_info"]["day_time_frame"][0]["start"] = json!("25:00"), None)
                .as_deref(),
            Some("data.start_time_info.day_time_frame[0].start")
        );
        assert_eq!(validate_local_start("t", "2026-12-06 09:00").map(|_| ()), Ok(()));
        assert!(validate_local_start("t", "tomorrow 9am").is_err());
        assert!(
            validate_clock("c", "23:59").is_ok()
                && validate_clock("c", "24:00").is_err()
                && validate_clock("c", "8:00").is_err()
        );
        assert_eq!(
            field_after(|v| v["data"]["source_usage_estimate"]["memory"] = json!(-1), None).as_deref(),
            Some("data.source_usage_estimate.memory")
        );
    }
}
