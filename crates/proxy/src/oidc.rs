//! Sign-in with an OpenID provider (`--console-auth oidc`; the flow is
//! `hilens_portal::identity::oidc`'s):
//! - `GET /auth/oidc/login?next=/path` keeps what the callback needs (PKCE verifier, nonce,
//!   where to go back) in the session store under the hash of the `state` (the callback may
//!   reach another replica), sets a pre-login cookie that binds this browser to it
//!   (`SameSite=Lax`: it must come back on the provider's cross-site redirect), and sends the
//!   browser to the provider;
//! - `GET /auth/oidc/callback?code&state` takes that (once), checks the cookie, exchanges the
//!   code, checks the ID token, and starts a session like any other sign-in: the user's groups
//!   are kept, their roles read from the roles file's bindings at every call.
//!
//! Errors are the API's JSON errors; sign-ins and failed sign-ins go to the audit log.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use cookie::{Cookie, SameSite};
use hilens_model::error::ErrorCode;
use hilens_model::portal::operation as op;
use hilens_portal::identity::oidc::{self, OidcConfig, Pending};
use sha2::{Digest, Sha256};

use crate::reply::{self, lang_of};
use crate::session::{set_cookie, SessionKey};
use crate::upstream::WebClient;
use crate::{Access, Proxy};

/// The cookie that binds a browser to the sign-in it started.
const PRE_LOGIN_COOKIE: &str = "hilens_oidc";
/// How long a sign-in may stay at the provider.
const PENDING_FOR: Duration = Duration::from_secs(600);
/// Sessions of OpenID users (as local users').
const SESSION_FOR: Duration = Duration::from_secs(12 * 3600);

/// The provider and the client the proxy reaches it with.
pub struct Oidc {
    pub config: OidcConfig,
    pub web: Arc<WebClient>,
}

fn sha256_hex(text: &str) -> String {
    hilens_model::signing::hex(&Sha256::digest(text.as_bytes()))
}

/// `next` when it is a path of this site (`/devices?x=1`), else `/`.
fn local_path(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains(['\\', '\r', '\n']) => n.to_string(),
        _ => "/".into(),
    }
}

fn query_value(req: &Request, name: &str) -> Option<String> {
    let pairs = hilens_model::query::parse_query(req.uri().query().unwrap_or_default()).ok()?;
    pairs.into_iter().find(|(k, _)| k == name).map(|(_, v)| v)
}

fn pre_login_cookie(value: &str, secure: bool, max_age: Duration) -> String {
    Cookie::build((PRE_LOGIN_COOKIE, value))
        .path("/auth/oidc")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .max_age(cookie::time::Duration::seconds(max_age.as_secs() as i64))
        .build()
        .to_string()
}

fn redirect(to: &str) -> Response {
    match HeaderValue::from_str(to) {
        Ok(location) => {
            let mut resp = StatusCode::FOUND.into_response();
            resp.headers_mut().insert(header::LOCATION, location);
            resp.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            resp
        }
        Err(_) => StatusCode::BAD_GATEWAY.into_response(),
    }
}

/// The proxy's HTTP client as `openidconnect` calls it.
fn http(web: &Arc<WebClient>) -> impl Fn(oidc_http::Request) -> oidc_http::Answer + use<> {
    let web = web.clone();
    move |req| {
        let web = web.clone();
        Box::pin(async move { web.fetch(req).await })
    }
}

mod oidc_http {
    pub type Request = axum::http::Request<Vec<u8>>;
    pub type Answer = std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<axum::http::Response<Vec<u8>>, crate::upstream::WebError>> + Send>,
    >;
}

/// `GET /auth/oidc/login?next=/path`: to the provider.
pub async fn login(State(proxy): State<Arc<Proxy>>, req: Request) -> Response {
    let lang = lang_of(req.headers());
    let Access::Oidc(_, provider) = &proxy.config.access else {
        return reply::error(ErrorCode::NoSuchRoute, lang, Some("sign-in with an identity provider is not set up"));
    };
    let next = local_path(query_value(&req, "next").as_deref());
    let binding = hilens_emulator::random_hex(32);
    let begun = oidc::begin(&provider.config, &http(&provider.web), sha256_hex(&binding), next).await;
    let (url, state, pending) = match begun {
        Ok(b) => b,
        Err(e) => return reply::error(ErrorCode::BadGateway, lang, Some(&e)),
    };
    let Ok(kept) = serde_json::to_vec(&pending) else { return reply::error(ErrorCode::Internal, lang, None) };
    if proxy.sessions.put_pending(&SessionKey::of_id(state.as_bytes()), kept, PENDING_FOR).await.is_err() {
        return crate::auth::store_unavailable(lang);
    }
    let mut resp = redirect(&url);
    if let Ok(v) = pre_login_cookie(&binding, proxy.config.secure_cookie, PENDING_FOR).parse() {
        resp.headers_mut().insert(header::SET_COOKIE, v);
    }
    resp
}

/// `GET /auth/oidc/callback?code&state`: back from the provider; a session, then `next`.
pub async fn callback(State(proxy): State<Arc<Proxy>>, req: Request) -> Response {
    let lang = lang_of(req.headers());
    let Access::Oidc(_, provider) = &proxy.config.access else {
        return reply::error(ErrorCode::NoSuchRoute, lang, Some("sign-in with an identity provider is not set up"));
    };
    let (head, _) = req.into_parts();
    let req = Request::from_parts(head.clone(), axum::body::Body::empty());
    let failed = |detail: &str, status: StatusCode| {
        if let Some(log) = &proxy.config.audit {
            log.send(crate::audit::event(&proxy, &head, op::SIGN_IN_FAILED, "", "", status));
        }
        let code =
            if status == StatusCode::UNAUTHORIZED { ErrorCode::WrongPassword } else { ErrorCode::InvalidParameter };
        let mut resp = reply::error(code, lang, Some(detail));
        *resp.status_mut() = status;
        resp
    };
    if let Some(error) = query_value(&req, "error") {
        let said: String = error.chars().take(64).collect();
        return failed(&format!("the identity provider refused: {said}"), StatusCode::UNAUTHORIZED);
    }
    let (Some(code), Some(state)) = (query_value(&req, "code"), query_value(&req, "state")) else {
        return failed("code and state are required", StatusCode::BAD_REQUEST);
    };
    let pending = match proxy.sessions.take_pending(&SessionKey::of_id(state.as_bytes())).await {
        Ok(Some(bytes)) => serde_json::from_slice::<Pending>(&bytes).ok(),
        Ok(None) => None,
        Err(_) => return crate::auth::store_unavailable(lang),
    };
    let Some(pending) = pending else {
        return failed("no sign-in is waiting for this state (used, expired, or never begun)", StatusCode::BAD_REQUEST);
    };
    let bound =
        crate::session::cookie_value(req.headers(), PRE_LOGIN_COOKIE).is_some_and(|b| sha256_hex(b) == pending.binding);
    if !bound {
        return failed("this browser did not begin the sign-in", StatusCode::BAD_REQUEST);
    }
    let user = match oidc::finish(&provider.config, &http(&provider.web), code, &pending).await {
        Ok(u) => u,
        Err(e) => return failed(&e, StatusCode::UNAUTHORIZED),
    };
    let Some(mut session) = crate::auth::open_session(&proxy) else {
        return reply::error(ErrorCode::Internal, lang, None);
    };
    session.info.user = user.name.chars().take(128).collect();
    session.info.groups = user.groups.into_iter().take(256).collect();
    session.info.expires_at =
        hilens_emulator::clock::iso8601(hilens_emulator::clock::now_secs() + SESSION_FOR.as_secs() as i64);
    let role = crate::portal::grant(&proxy, &session).map(|g| g.role.to_string()).unwrap_or_default();
    let Ok(id) = proxy.sessions.create(session.clone(), SESSION_FOR).await else {
        return crate::auth::store_unavailable(lang);
    };
    if let Some(log) = &proxy.config.audit {
        log.send(crate::audit::event(&proxy, &head, op::SIGN_IN, &session.info.user, &role, StatusCode::FOUND));
    }
    let mut resp = redirect(&pending.next);
    for cookie in
        [set_cookie(&id, proxy.config.secure_cookie), pre_login_cookie("", proxy.config.secure_cookie, Duration::ZERO)]
    {
        if let Ok(v) = cookie.parse() {
            resp.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_of_this_site_are_gone_back_to() {
        assert_eq!(local_path(Some("/devices?x=1")), "/devices?x=1");
        for bad in ["https://evil.example", "//evil.example", "/\\evil", "devices", "/a\r\nSet-Cookie: x"] {
            assert_eq!(local_path(Some(bad)), "/", "{bad}");
        }
        assert_eq!(local_path(None), "/");
        let c = pre_login_cookie("abc", true, PENDING_FOR);
        for part in ["hilens_oidc=abc", "HttpOnly", "SameSite=Lax", "Secure", "Path=/auth/oidc", "Max-Age=600"] {
            assert!(c.contains(part), "{c}");
        }
    }
}
