//! Where forwarded requests go: the embedded emulator (in-process, the default) or one remote
//! HiLens with its IAM (the cloud, or a standalone `hilens-emulator` posing as it). Requests
//! and answers are buffered (bodies are small JSON, capped at 12 MB), redirects are never
//! followed, and failures are told apart: timeout (504) versus unreachable (502).

use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, Request, StatusCode};
use hilens_emulator::Emulator;
use tower::ServiceExt;

/// Answers larger than this are refused as a bad gateway (nothing the API sends is near it).
const MAX_ANSWER_BYTES: usize = 64 * 1024 * 1024;

/// Which service a request is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    HiLens,
    Iam,
}

/// A request to send: method, path with query, headers, body.
#[derive(Debug, Clone)]
pub struct Outgoing {
    pub service: Service,
    pub method: Method,
    pub path_and_query: String,
    pub headers: Vec<(HeaderName, HeaderValue)>,
    pub body: Bytes,
}

/// The upstream's answer.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpstreamError {
    /// No answer within the configured time.
    Timeout,
    /// Could not connect, or the answer was not HTTP we can read.
    Unreachable,
}

pub enum Upstream {
    /// The local HiLens emulator, running inside the proxy.
    Local(axum::Router),
    Remote(Remote),
}

pub struct Remote {
    pub hilens: reqwest::Url,
    pub iam: reqwest::Url,
    client: reqwest::Client,
}

impl Remote {
    /// `hilens` and `iam` are base URLs (`https://hilens.cn-north-4.myhuaweicloud.com`).
    pub fn new(hilens: &str, iam: &str, connect_timeout: Duration, timeout: Duration) -> Result<Remote, String> {
        let parse = |what: &str, url: &str| {
            let u = reqwest::Url::parse(url).map_err(|e| format!("{what} endpoint {url}: {e}"))?;
            if !matches!(u.scheme(), "http" | "https") || u.host_str().is_none() {
                return Err(format!("{what} endpoint {url}: must be an http(s) URL with a host"));
            }
            Ok(u)
        };
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(connect_timeout)
            .timeout(timeout)
            .build()
            .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
        Ok(Remote { hilens: parse("HiLens", hilens)?, iam: parse("IAM", iam)?, client })
    }

    /// The endpoints of a Huawei Cloud region.
    pub fn region(region: &str, connect_timeout: Duration, timeout: Duration) -> Result<Remote, String> {
        let ok = !region.is_empty() && region.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !ok {
            return Err(format!("region {region:?}: expected a name like cn-north-4"));
        }
        Remote::new(
            &format!("https://hilens.{region}.myhuaweicloud.com"),
            &format!("https://iam.{region}.myhuaweicloud.com"),
            connect_timeout,
            timeout,
        )
    }

    fn base(&self, service: Service) -> &reqwest::Url {
        match service {
            Service::HiLens => &self.hilens,
            Service::Iam => &self.iam,
        }
    }
}

/// `host[:port]` as the `Host` header (and so the signature) carries it.
pub fn host_header(url: &reqwest::Url) -> String {
    match (url.host_str(), url.port()) {
        (Some(h), Some(p)) => format!("{h}:{p}"),
        (Some(h), None) => h.to_string(),
        _ => String::new(),
    }
}

impl Upstream {
    pub fn local(emulator: &Arc<Emulator>) -> Upstream {
        Upstream::Local(emulator.router())
    }

    /// The `Host` a signed request to `service` must name; `None` for the in-process emulator.
    pub fn host(&self, service: Service) -> Option<String> {
        match self {
            Upstream::Local(_) => None,
            Upstream::Remote(r) => Some(host_header(r.base(service))),
        }
    }

    pub fn describe(&self) -> String {
        match self {
            Upstream::Local(_) => "embedded emulator".into(),
            Upstream::Remote(r) => format!("HiLens {} with IAM {}", r.hilens, r.iam),
        }
    }

    pub async fn send(&self, out: Outgoing) -> Result<Answer, UpstreamError> {
        match self {
            Upstream::Local(router) => {
                let mut req = Request::builder().method(out.method).uri(&out.path_and_query);
                for (k, v) in out.headers {
                    req = req.header(k, v);
                }
                let req = req.body(Body::from(out.body)).map_err(|_| UpstreamError::Unreachable)?;
                let resp = match router.clone().oneshot(req).await {
                    Ok(r) => r,
                    Err(never) => match never {},
                };
                let (parts, body) = resp.into_parts();
                let body =
                    axum::body::to_bytes(body, MAX_ANSWER_BYTES).await.map_err(|_| UpstreamError::Unreachable)?;
                Ok(Answer { status: parts.status, headers: parts.headers, body })
            }
            Upstream::Remote(remote) => {
                // The path was matched against the catalogue; it replaces the base's path.
                let base = remote.base(out.service);
                let url = format!("{}{}", base.as_str().trim_end_matches('/'), out.path_and_query);
                let mut req = remote.client.request(out.method, url);
                for (k, v) in out.headers {
                    req = req.header(k, v);
                }
                let resp = req.body(out.body).send().await.map_err(classify)?;
                let status = resp.status();
                let headers = resp.headers().clone();
                let body = resp.bytes().await.map_err(classify)?;
                if body.len() > MAX_ANSWER_BYTES {
                    return Err(UpstreamError::Unreachable);
                }
                Ok(Answer { status, headers, body })
            }
        }
    }

    /// Whether the upstream answers at all (any HTTP status counts).
    pub async fn ready(&self) -> bool {
        match self {
            Upstream::Local(_) => true,
            Upstream::Remote(_) => {
                let probe = Outgoing {
                    service: Service::HiLens,
                    method: Method::GET,
                    path_and_query: "/v1/skill-market/skills?limit=1".into(),
                    headers: Vec::new(),
                    body: Bytes::new(),
                };
                self.send(probe).await.is_ok()
            }
        }
    }
}

fn classify(e: reqwest::Error) -> UpstreamError {
    if e.is_timeout() {
        UpstreamError::Timeout
    } else {
        UpstreamError::Unreachable
    }
}
