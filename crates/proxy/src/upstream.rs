//! Where forwarded requests go: the embedded emulator (in-process, the default) or one remote
//! HiLens with its IAM (the cloud, or a standalone `hilens-emulator` posing as it). Requests
//! and answers are buffered (bodies are small JSON, capped at 12 MB), redirects are never
//! followed, and failures are told apart: timeout (504) versus unreachable (502).

use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, Request, StatusCode, Uri};
use hilens_emulator::Emulator;
use http_body_util::{BodyExt, Full};
use hyper_rustls::{HttpsConnector, HttpsConnectorBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use thread_local::ThreadLocal;
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

type HttpClient = Client<HttpsConnector<HttpConnector>, Full<Bytes>>;

pub struct Remote {
    pub hilens: Endpoint,
    pub iam: Endpoint,
    /// One client (so one pool of upstream connections) per serving thread: a call goes out on
    /// a connection driven by its own thread, never handed across threads.
    clients: ThreadLocal<HttpClient>,
    connect_timeout: Duration,
    timeout: Duration,
}

/// A base URL's scheme and authority (`https`, `hilens.cn-north-4.myhuaweicloud.com`).
#[derive(Debug, Clone)]
pub struct Endpoint {
    scheme: String,
    authority: String,
}

impl std::fmt::Display for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}://{}", self.scheme, self.authority)
    }
}

impl Endpoint {
    fn parse(what: &str, url: &str) -> Result<Endpoint, String> {
        let uri: Uri = url.parse().map_err(|e| format!("{what} endpoint {url}: {e}"))?;
        let scheme = uri.scheme_str().unwrap_or("").to_string();
        let authority = uri.authority().map(|a| a.as_str().to_string()).unwrap_or_default();
        let bare_path = matches!(uri.path(), "" | "/") && uri.query().is_none();
        if !matches!(scheme.as_str(), "http" | "https") || authority.is_empty() || !bare_path || authority.contains('@')
        {
            return Err(format!("{what} endpoint {url}: must be http(s)://host[:port] with no path or user"));
        }
        Ok(Endpoint { scheme, authority })
    }

    /// `host[:port]`, as the `Host` header (and so the signature) carries it.
    pub fn host(&self) -> &str {
        &self.authority
    }
}

impl Remote {
    /// `hilens` and `iam` are base URLs (`https://hilens.cn-north-4.myhuaweicloud.com`).
    pub fn new(hilens: &str, iam: &str, connect_timeout: Duration, timeout: Duration) -> Result<Remote, String> {
        Ok(Remote {
            hilens: Endpoint::parse("HiLens", hilens)?,
            iam: Endpoint::parse("IAM", iam)?,
            clients: ThreadLocal::new(),
            connect_timeout,
            timeout,
        })
    }

    /// This thread's client.
    fn client(&self) -> &HttpClient {
        self.clients.get_or(|| {
            let mut http = HttpConnector::new();
            http.enforce_http(false);
            http.set_connect_timeout(Some(self.connect_timeout));
            http.set_nodelay(true);
            let tls =
                HttpsConnectorBuilder::new().with_webpki_roots().https_or_http().enable_http1().wrap_connector(http);
            // hyper's client never follows redirects: an upstream redirect reaches the caller as it is.
            Client::builder(TokioExecutor::new()).pool_idle_timeout(Duration::from_secs(60)).build(tls)
        })
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

    fn base(&self, service: Service) -> &Endpoint {
        match service {
            Service::HiLens => &self.hilens,
            Service::Iam => &self.iam,
        }
    }

    async fn send(&self, out: Outgoing) -> Result<Answer, UpstreamError> {
        let base = self.base(out.service);
        let mut req = Request::builder().method(out.method).uri(format!("{base}{}", out.path_and_query));
        for (k, v) in out.headers {
            req = req.header(k, v);
        }
        let req = req.body(Full::new(out.body)).map_err(|_| UpstreamError::Unreachable)?;
        let deadline = tokio::time::Instant::now() + self.timeout;
        let resp = match tokio::time::timeout_at(deadline, self.client().request(req)).await {
            Err(_) => return Err(UpstreamError::Timeout),
            Ok(Err(e)) => return Err(if timed_out(&e) { UpstreamError::Timeout } else { UpstreamError::Unreachable }),
            Ok(Ok(r)) => r,
        };
        let (parts, body) = resp.into_parts();
        let limited = http_body_util::Limited::new(body, MAX_ANSWER_BYTES);
        let body = match tokio::time::timeout_at(deadline, limited.collect()).await {
            Err(_) => return Err(UpstreamError::Timeout),
            Ok(Err(_)) => return Err(UpstreamError::Unreachable),
            Ok(Ok(b)) => b.to_bytes(),
        };
        Ok(Answer { status: parts.status, headers: parts.headers, body })
    }
}

/// Whether a client error was a connect timeout.
fn timed_out(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = cur {
        if err.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::TimedOut) {
            return true;
        }
        cur = err.source();
    }
    false
}

impl Upstream {
    pub fn local(emulator: &Arc<Emulator>) -> Upstream {
        Upstream::Local(emulator.router())
    }

    /// The `Host` a signed request to `service` must name; `None` for the in-process emulator.
    pub fn host(&self, service: Service) -> Option<String> {
        match self {
            Upstream::Local(_) => None,
            Upstream::Remote(r) => Some(r.base(service).host().to_string()),
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
            Upstream::Remote(remote) => remote.send(out).await,
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
