//! Firmware: `list_firmwares` (GET /v3/ai-mgr/firmwares, reference 5.2.1): the versions of the
//! device agent firmware for one device type, optionally one architecture and OS.

use serde::{Deserialize, Serialize};

use crate::error::FieldError;
use crate::lenient;
use crate::query::{self, Text};
use crate::rules;

pub const DEFAULT_LIMIT: u32 = 100;
/// The hardware models firmwares are built for (`device_type`).
pub const DEVICE_TYPES: &[&str] = &["Atlas 500", "Atlas 200 DK", "HiLens Kit", "Edge Server"];

crate::query_type! {
    /// The query of `list_firmwares`; `device_type` is required.
    pub struct FirmwareListQuery {
        "device_type" => device_type: String = Text(|f, v| rules::length(f, v, 1, 64)),
        "arch" => arch: Option<String> = Text(|f, v| rules::length(f, v, 1, 64)),
        "os_name" => os_name: Option<String> = Text(|f, v| rules::length(f, v, 1, 64)),
        "os_version" => os_version: Option<String> = Text(|f, v| rules::length(f, v, 1, 128)),
        "offset" => offset: Option<u32> = query::OFFSET,
        "limit" => limit: Option<u32> = query::limit(100),
    }
    check = device_type_given;
}

fn device_type_given(q: &FirmwareListQuery) -> Result<(), FieldError> {
    if q.device_type.is_empty() {
        return Err(FieldError::new("device_type", "required", "不能为空", "is required"));
    }
    Ok(())
}

/// A firmware version `X.Y.Z` (three dot-separated numbers).
pub fn validate_firmware_version(field: &str, v: &str) -> Result<(), FieldError> {
    let parts: Vec<&str> = v.split('.').collect();
    let ok = parts.len() == 3
        && parts.iter().all(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()));
    if ok {
        Ok(())
    } else {
        Err(FieldError::new(field, "version", "格式必须为 X.Y.Z（数字）", "must look like X.Y.Z (numbers)"))
    }
}

/// One firmware version (`ListFirmwaresResponseData`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Firmware {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub version: String,
    pub version_type: Option<String>,
    pub expire_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub firmware_whitelist: Option<Vec<String>>,
    #[serde(rename = "type")]
    pub firmware_type: Option<String>,
    pub series: Option<String>,
    pub device_type: String,
    pub arch: Option<String>,
    pub os_name: Option<String>,
    pub os_type: Option<String>,
    pub os_version: Option<String>,
    #[serde(deserialize_with = "lenient::opt_int")]
    pub size: Option<i64>,
    #[serde(deserialize_with = "lenient::opt_int")]
    pub create_time: Option<i64>,
    #[serde(deserialize_with = "lenient::opt_int")]
    pub update_time: Option<i64>,
}

/// `list_firmwares`' answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FirmwareList {
    #[serde(default)]
    pub count: u64,
    #[serde(default)]
    pub firmwares: Vec<Firmware>,
}

/// `status` of a firmware upgrade.
pub const UPGRADING: i64 = 1;
pub const UPGRADE_FAILED: i64 = 2;
pub const UPGRADE_SUCCEEDED: i64 = 3;

/// `show_upgrade_progress`' answer. The reference's example writes `status` as a string, its
/// table as an integer; reading takes both, writing is the integer (docs/choices.md).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct UpgradeProgress {
    pub version: String,
    #[serde(deserialize_with = "lenient::int")]
    pub status: i64,
    /// 0 to 100, as text.
    pub progress: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::Params;

    #[test]
    fn device_type_is_required_and_rules_apply() {
        let p = |v: &[(&str, &str)]| v.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<Vec<_>>();
        assert_eq!(FirmwareListQuery::from_pairs(&p(&[])).unwrap_err().field, "device_type");
        let q = FirmwareListQuery::from_pairs(&p(&[("device_type", "Atlas 500"), ("arch", "aarch64")])).unwrap();
        assert_eq!((q.device_type.as_str(), q.arch.as_deref()), ("Atlas 500", Some("aarch64")));
        assert_eq!(
            FirmwareListQuery::from_pairs(&p(&[("device_type", "x"), ("limit", "0")])).unwrap_err().field,
            "limit"
        );
        assert!(validate_firmware_version("version", "1.2.3").is_ok());
        for bad in ["1.2", "1.2.3.4", "a.b.c", "1..3", ""] {
            assert!(validate_firmware_version("version", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn upgrade_progress_reads_the_references_loose_example() {
        let p: UpgradeProgress =
            serde_json::from_str(r#"{"version": "string", "status": "2", "progress": "40", "cause": "string"}"#)
                .unwrap();
        assert_eq!((p.status, p.progress.as_str()), (UPGRADE_FAILED, "40"));
    }

    #[test]
    fn the_references_example_reads() {
        let list: FirmwareList = serde_json::from_str(
            r##"{"count":1,"firmwares":[{"id":"a91e80c5f3174a6ba8b07b1bd5b0f01a","name":"HiLens_Device_Agent",
            "description":"firmware description.","version":"1.0.0","series":"Atlas","device_type":"Atlas 500",
            "type":"incremental","arch":"aarch64","os_name":"Linux","os_type":"Linux",
            "os_version":"#1 SMP Mon Mar 16 00:02:15 UTC 2020","size":46301864,"create_time":1627302463397,"update_time":1627302463397}]}"##,
        )
        .unwrap();
        assert_eq!((list.count, list.firmwares[0].size), (1, Some(46_301_864)));
        assert_eq!(list.firmwares[0].firmware_type.as_deref(), Some("incremental"));
    }
}
