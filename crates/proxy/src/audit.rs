//! The audit log (`hilens_portal::audit`) wired into the proxy: the records of calls (an
//! intent before a state-changing call is forwarded and its result before it is answered; a
//! refusal; a reveal of secrets), of sign-ins and sign-outs, of changed users and roles files;
//! the per-minute counts of refusals of unknown callers (a layer); and `GET /portal/audit`.
//! A record holds names, ids and outcomes, never a body: no secret value, password or token.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use hilens_model::catalogue::Segment;
use hilens_model::error::{ApiError, ErrorCode};
use hilens_model::portal::{kind, operation as op, AuditQuery, AuditRecord};
use hilens_model::query::Params;
use hilens_model::Permission;
use hilens_portal::audit::{self, Audit};
use hilens_portal::policy::Denied;
use hilens_portal::Grant;
use serde_json::Value;

use crate::forward::Call;
use crate::reply::{self, lang_of, X_REQUEST_ID};
use crate::session::Session;
use crate::{portal, Proxy};

/// Longest text kept of what a caller chose (a user agent, a resource's name).
const MAX_TEXT: usize = 256;

fn clip(s: &str) -> String {
    // At most MAX_TEXT bytes are at most MAX_TEXT characters: copied whole.
    if s.len() <= MAX_TEXT {
        return s.to_string();
    }
    s.chars().take(MAX_TEXT).collect()
}

/// Who the caller is, as records say it: their user name (`anonymous@<address>` when nobody
/// signs in), how they signed in, their role now.
fn caller(session: &Session, grant: &Grant, address: &str) -> (String, String, String) {
    let user = match session.info.auth_method.as_str() {
        "none" => format!("anonymous@{address}"),
        _ => session.info.user.clone(),
    };
    (user, session.info.auth_method.clone(), grant.role.to_string())
}

/// The record of `call` by `grant`'s caller, before it is answered.
pub fn of_call(call: &Call, grant: &Grant, record_kind: &str) -> AuditRecord {
    let address = call.client_address();
    let (user, auth_method, role) = caller(&call.session, grant, &address);
    let op = call.op.operation;
    // The path with the project elided, and the path parameters.
    let mut path = String::with_capacity(call.path().len());
    for (segment, raw) in op.segments().zip(call.path().split('/').skip(1)) {
        path.push('/');
        path.push_str(match segment {
            Segment::Param("project_id") => "{project_id}",
            _ => raw,
        });
    }
    let mut params: BTreeMap<String, String> =
        call.op.params.iter().filter(|(k, _)| *k != "project_id").map(|(k, v)| (k.to_string(), clip(v))).collect();
    if let Some(token) = &call.session.api_token {
        params.insert("token_id".into(), token.id.clone());
    }
    let resource_id =
        call.op.params.iter().find(|(k, _)| *k != "project_id" && k.ends_with("_id")).map(|(_, v)| clip(v));
    let body: Option<Value> = (!call.body.is_empty()).then(|| serde_json::from_slice(&call.body).ok()).flatten();
    let query_workspace = call.query().and_then(|q| {
        hilens_model::query::parse_query(q).ok()?.into_iter().find(|(k, _)| k == "workspace_id").map(|(_, v)| v)
    });
    AuditRecord {
        kind: record_kind.into(),
        ts: audit::now(),
        user,
        auth_method,
        role,
        operation: op.name.into(),
        method: op.method.as_str().into(),
        path,
        params,
        resource_id,
        resource_name: body.as_ref().and_then(|b| field(b, "name")).map(clip),
        workspace_id: query_workspace.or_else(|| body.as_ref().and_then(|b| field(b, "workspace_id")).map(clip)),
        request_id: call.header(X_REQUEST_ID.as_str()).map(clip).unwrap_or_default(),
        client_address: address,
        user_agent: call.header(header::USER_AGENT.as_str()).map(clip).unwrap_or_default(),
        ..AuditRecord::default()
    }
}

/// A text field of a body, at its top or one level down (`node.name`, `configmap.name`).
fn field<'a>(body: &'a Value, name: &str) -> Option<&'a str> {
    body.get(name)
        .and_then(Value::as_str)
        .or_else(|| body.as_object()?.values().filter_map(|v| v.get(name)).find_map(Value::as_str))
}

/// The record of how a call ended: its status, the upstream's error code, and for a creation
/// the new resource's id.
pub fn ended(mut record: AuditRecord, status: StatusCode, answer: &[u8]) -> AuditRecord {
    record.status = Some(status.as_u16());
    // The answer is read only when something is taken from it.
    let body = || serde_json::from_slice::<Value>(answer).ok();
    if status.is_client_error() || status.is_server_error() {
        record.upstream_error_code =
            body().as_ref().and_then(|b| b.get("error_code")).and_then(Value::as_str).map(clip);
    } else if record.resource_id.is_none() {
        record.resource_id =
            body().as_ref().and_then(|b| field(b, "id").or_else(|| field(b, "workspace_id"))).map(clip);
    }
    record
}

/// An event of the sign-in routes (`sign_in`, `sign_in_failed`, `sign_out`) of the request
/// `head`.
pub fn event(proxy: &Proxy, head: &Parts, operation: &str, user: &str, role: &str, status: StatusCode) -> AuditRecord {
    let text = |name: &str| head.headers.get(name).and_then(|v| v.to_str().ok()).map(clip).unwrap_or_default();
    AuditRecord {
        kind: kind::EVENT.into(),
        ts: audit::now(),
        user: clip(user),
        auth_method: portal::auth_method(&proxy.config.access).into(),
        role: role.into(),
        operation: operation.into(),
        method: head.method.as_str().into(),
        path: head.uri.path().into(),
        status: Some(status.as_u16()),
        request_id: text(X_REQUEST_ID.as_str()),
        client_address: reply::client_ip(&head.extensions).map_or_else(|| "unknown".into(), |ip| ip.to_string()),
        user_agent: text(header::USER_AGENT.as_str()),
        ..AuditRecord::default()
    }
}

/// What to call after the users or roles files were re-read: records the users and groups
/// whose role or workspaces changed (`bindings_changed`, `before -> after`) when there is an
/// audit log.
pub fn bindings_recorder(
    directory: &Arc<hilens_portal::Directory>,
    audit: Option<Arc<Audit>>,
) -> impl Fn() + Send + Sync + 'static {
    let last = std::sync::Mutex::new(directory.snapshot().bindings());
    let directory = Arc::downgrade(directory);
    move || {
        let (Some(audit), Some(directory)) = (&audit, directory.upgrade()) else { return };
        let now = directory.snapshot().bindings();
        let mut last = last.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(record) = bindings_changed(&last, &now) {
            audit.send(record);
        }
        *last = now;
    }
}

/// A change of the users or roles files: the entries that changed, `before -> after`.
fn bindings_changed(before: &BTreeMap<String, String>, after: &BTreeMap<String, String>) -> Option<AuditRecord> {
    let mut params = BTreeMap::new();
    for key in before.keys().chain(after.keys()) {
        let (b, a) = (before.get(key), after.get(key));
        if b != a {
            let show = |v: Option<&String>| v.map_or("-".to_string(), Clone::clone);
            params.insert(key.clone(), format!("{} -> {}", show(b), show(a)));
        }
    }
    (!params.is_empty()).then(|| AuditRecord {
        kind: kind::EVENT.into(),
        ts: audit::now(),
        user: "hilens-proxy".into(),
        operation: op::BINDINGS_CHANGED.into(),
        params,
        ..AuditRecord::default()
    })
}

/// Counts the answers to unknown callers (401) and the anti-forgery refusals, for the audit
/// log's per-minute record.
pub fn count_refusals(audit: Arc<Audit>) -> impl Fn((), Response) -> Response + Clone {
    move |(), resp: Response| {
        if resp.status() == StatusCode::UNAUTHORIZED {
            audit.count_unauthenticated();
        } else if resp.extensions().get::<crate::layers::Forged>().is_some() {
            audit.count_forged();
        }
        resp
    }
}

/// `GET /portal/audit?user=&operation=&status=&from=&to=&limit=&offset=&format=csv`: the
/// records, newest first (`{"total", "records"}`, or CSV); needs `audit:read`.
pub async fn audit_log(State(proxy): State<Arc<Proxy>>, mut req: Request) -> Response {
    let lang = lang_of(req.headers());
    let session = match crate::auth::caller(&proxy, &mut req).await {
        Ok(Some(s)) => s,
        Ok(None) => return reply::error(ErrorCode::NotSignedIn, lang, None),
        Err(refused) => return refused,
    };
    let Some(grant) = portal::grant(&proxy, &session) else {
        return reply::error(ErrorCode::NotSignedIn, lang, None);
    };
    let Some(audit) = proxy.config.audit.clone() else {
        return reply::error(ErrorCode::NotReady, lang, Some("the audit log is off (--no-audit)"));
    };
    if !grant.permissions.contains(Permission::AuditRead) {
        let (user, auth_method, role) = caller(&session, &grant, &reply::client_addr(&req));
        audit.send(AuditRecord {
            kind: kind::CALL.into(),
            ts: audit::now(),
            user,
            auth_method,
            role,
            operation: op::READ_AUDIT_LOG.into(),
            method: "GET".into(),
            path: req.uri().path().into(),
            status: Some(403),
            client_address: reply::client_addr(&req),
            ..AuditRecord::default()
        });
        let denied = Denied::Missing(Permission::AuditRead);
        return reply::error(ErrorCode::PermissionDenied, lang, Some(&denied.detail()));
    }
    let pairs = match hilens_model::query::parse_query(req.uri().query().unwrap_or_default()) {
        Ok(p) => p,
        Err(bad) => return reply::error(ErrorCode::InvalidParameter, lang, Some(&format!("{bad} does not decode"))),
    };
    let query = match AuditQuery::from_pairs(&pairs) {
        Ok(q) => q,
        Err(e) => return reply::json(StatusCode::BAD_REQUEST, &ApiError::from_field(&e, lang)),
    };
    let csv = query.format.as_deref() == Some("csv");
    let page = match tokio::task::spawn_blocking(move || audit.query(&query)).await {
        Ok(Ok(page)) => page,
        _ => return reply::error(ErrorCode::Internal, lang, Some("the audit log could not be read")),
    };
    let mut resp = if csv {
        let mut resp = audit::csv(&page.records).into_response();
        resp.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
        resp.headers_mut()
            .insert(header::CONTENT_DISPOSITION, HeaderValue::from_static("attachment; filename=\"audit.csv\""));
        resp
    } else {
        reply::json(StatusCode::OK, &page)
    };
    resp.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}
