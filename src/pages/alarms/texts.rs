//! The alarms' texts.

use crate::i18n::Txt;

crate::texts! {
    Level => "级别", "Level";
    Critical => "紧急", "Critical";
    Major => "重要", "Major";
    Minor => "次要", "Minor";
    Alarm => "告警", "Alarm";
    Device => "设备", "Device";
    DeviceId => "设备 ID", "Device ID";
    Impact => "影响", "Impact";
    Reason => "原因", "Reason";
    Suggestion => "处理建议", "Suggested action";
    Time => "时间", "Time";
    NoAlarms => "没有告警。", "No alarms.";
}

pub fn level(level: &str) -> Option<Txt> {
    Some(match level {
        "critical" => Critical,
        "major" => Major,
        "minor" => Minor,
        _ => return None,
    })
}
