//! The service's own credentials (service mode): an AK/SK pair and its project, from the
//! environment or from a file only its owner can read. Every forwarded request is signed
//! anew for the upstream's host; the SK never leaves this module's signing call.

use std::path::Path;

use axum::http::{HeaderName, HeaderValue};
use hilens_model::signing::{self, SignedParts};

use crate::upstream::Outgoing;

#[derive(Clone)]
pub struct ServiceKey {
    pub ak: String,
    sk: String,
    pub project_id: String,
}

impl std::fmt::Debug for ServiceKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ServiceKey {{ ak: {}, project_id: {} }}", self.ak, self.project_id)
    }
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyFile {
    ak: String,
    sk: String,
    project_id: String,
}

impl ServiceKey {
    pub fn new(ak: &str, sk: &str, project_id: &str) -> Result<ServiceKey, String> {
        if ak.is_empty() || sk.is_empty() || project_id.is_empty() {
            return Err("the AK, the SK and the project id must all be set".into());
        }
        Ok(ServiceKey { ak: ak.into(), sk: sk.into(), project_id: project_id.into() })
    }

    /// `HILENS_AK`, `HILENS_SK`, `HILENS_PROJECT_ID`: `None` when none of them is set.
    pub fn from_env() -> Option<Result<ServiceKey, String>> {
        let get = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        let (ak, sk, project) = (get("HILENS_AK"), get("HILENS_SK"), get("HILENS_PROJECT_ID"));
        if ak.is_none() && sk.is_none() && project.is_none() {
            return None;
        }
        Some(match (ak, sk, project) {
            (Some(ak), Some(sk), Some(p)) => ServiceKey::new(&ak, &sk, &p),
            _ => Err("HILENS_AK, HILENS_SK and HILENS_PROJECT_ID must be set together".into()),
        })
    }

    /// Reads `ak`, `sk` and `project_id` from a TOML file, refusing a file others can read.
    pub fn from_file(path: &Path) -> Result<ServiceKey, String> {
        refuse_if_shared(path)?;
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let file: KeyFile = toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        ServiceKey::new(&file.ak, &file.sk, &file.project_id).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Adds `X-Sdk-Date`, `X-Project-Id` and `Authorization` for a request to `host`.
    pub fn sign(&self, out: &mut Outgoing, host: &str, now_secs: i64) {
        let date = signing::format_sdk_date(now_secs);
        push(out, "x-sdk-date", &date);
        push(out, "x-project-id", &self.project_id);
        let (path, query) = out.path_and_query.split_once('?').unwrap_or((&out.path_and_query, ""));
        let query = hilens_model::query::parse_query(query).unwrap_or_default();
        let mut headers: Vec<(String, String)> = out
            .headers
            .iter()
            .map(|(k, v)| (k.as_str().to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
            .collect();
        headers.push(("host".into(), host.into()));
        let parts =
            SignedParts { method: out.method.as_str(), path, query: &query, headers: &headers, body: &out.body };
        let auth = signing::authorization(&self.ak, &self.sk, &parts);
        push(out, "authorization", &auth);
    }
}

fn push(out: &mut Outgoing, name: &'static str, value: &str) {
    if let Ok(v) = HeaderValue::from_str(value) {
        out.headers.push((HeaderName::from_static(name), v));
    }
}

#[cfg(unix)]
pub(crate) fn refuse_if_shared(path: &Path) -> Result<(), String> {
    use std::os::unix::fs::PermissionsExt;
    let meta = std::fs::metadata(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mode = meta.permissions().mode();
    if mode & 0o077 != 0 {
        return Err(format!(
            "{}: readable by others (mode {:o}); run `chmod 600 {}`",
            path.display(),
            mode & 0o777,
            path.display()
        ));
    }
    Ok(())
}

#[cfg(not(unix))]
pub(crate) fn refuse_if_shared(_path: &Path) -> Result<(), String> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_credentials_file_others_can_read_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = std::env::temp_dir().join(format!("hilens-proxy-creds-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("credentials.toml");
        std::fs::write(&file, "ak = \"AK1\"\nsk = \"SK1\"\nproject_id = \"p1\"\n").unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        let err = ServiceKey::from_file(&file).unwrap_err();
        assert!(err.contains("readable by others"), "{err}");
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
        let key = ServiceKey::from_file(&file).unwrap();
        assert_eq!((key.ak.as_str(), key.project_id.as_str()), ("AK1", "p1"));
        assert!(!format!("{key:?}").contains("SK1"), "Debug never shows the SK");
    }
}
