//! Where forwarded requests go: the embedded emulator (in-process, the default) or one remote
//! HiLens with its IAM (the cloud, or a standalone `hilens-emulator` posing as it). Requests
//! and answers are buffered (bodies are small JSON, capped at 12 MB), redirects are never
//! followed, and failures are told apart: timeout (504) versus unreachable (502). A remote
//! upstream is reached over hyper's HTTP/1.1 client connections, kept alive in `pool`; a
//! connection whose answer was not well-framed HTTP is never reused.

mod pool;

use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, Request, StatusCode, Uri};
use hilens_emulator::Emulator;
use http_body_util::Full;
use tower::ServiceExt;

use pool::Origin;

/// Answers larger than this are refused as a bad gateway (nothing the API sends is near it).
const MAX_ANSWER_BYTES: usize = 64 * 1024 * 1024;

/// The answer headers the proxy reads from a remote upstream: those it passes to the browser
/// and IAM's token. Others are dropped as the answer is read.
pub const ANSWER_HEADERS: [HeaderName; 3] =
    [axum::http::header::CONTENT_TYPE, crate::reply::X_REQUEST_ID, HeaderName::from_static("x-subject-token")];

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
    /// HiLens and IAM over the network (boxed: it is much the larger).
    Remote(Box<Remote>),
}

pub struct Remote {
    pub hilens: Endpoint,
    pub iam: Endpoint,
    /// Where HiLens and IAM are reached ([`Service`] order).
    origins: [Origin; 2],
    connect_timeout: Duration,
    timeout: Duration,
}

/// A base URL's scheme and authority (`https`, `hilens.cn-north-4.myhuaweicloud.com`).
#[derive(Debug, Clone)]
pub struct Endpoint {
    scheme: String,
    authority: String,
    /// `authority` as the `Host` header, checked once.
    host_header: HeaderValue,
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
        let host_header = HeaderValue::from_str(&authority).map_err(|e| format!("{what} endpoint {url}: {e}"))?;
        Ok(Endpoint { scheme, authority, host_header })
    }

    /// `host[:port]`, as the `Host` header (and so the signature) carries it.
    pub fn host(&self) -> &str {
        &self.authority
    }
}

impl Remote {
    /// `hilens` and `iam` are base URLs (`https://hilens.cn-north-4.myhuaweicloud.com`).
    pub fn new(hilens: &str, iam: &str, connect_timeout: Duration, timeout: Duration) -> Result<Remote, String> {
        let (hilens, iam) = (Endpoint::parse("HiLens", hilens)?, Endpoint::parse("IAM", iam)?);
        let origins = origins(&hilens, &iam, tls_config(&[])?, connect_timeout)?;
        Ok(Remote { origins, hilens, iam, connect_timeout, timeout })
    }

    /// Also trusts the CA certificates in `pem` for HTTPS (a private cloud's own CA).
    pub fn trust_ca(mut self, pem: &[u8]) -> Result<Remote, String> {
        let extra = pem_certificates(pem)?;
        self.origins = origins(&self.hilens, &self.iam, tls_config(&extra)?, self.connect_timeout)?;
        Ok(self)
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
        let which = match out.service {
            Service::HiLens => 0,
            Service::Iam => 1,
        };
        let base = self.base(out.service);
        let uri: Uri = out.path_and_query.parse().map_err(|_| UpstreamError::Unreachable)?;
        let host = &base.host_header;
        let build = || {
            let mut req = Request::new(Full::new(out.body.clone()));
            *req.method_mut() = out.method.clone();
            *req.uri_mut() = uri.clone();
            let headers = req.headers_mut();
            headers.reserve(out.headers.len() + 1);
            // The signature covers `Host` as the endpoint names it.
            headers.insert(header::HOST, host.clone());
            for (k, v) in &out.headers {
                headers.append(k.clone(), v.clone());
            }
            req
        };
        // Only a request that may be repeated is sent again when a kept-alive connection fails.
        let exchange = self.origins[which].send(build(), build, out.method.is_idempotent(), MAX_ANSWER_BYTES);
        let (parts, body) =
            tokio::time::timeout(self.timeout, exchange).await.unwrap_or(Err(UpstreamError::Timeout))?;
        let mut headers = HeaderMap::with_capacity(16);
        for name in ANSWER_HEADERS {
            if let Some(v) = parts.headers.get(&name) {
                headers.insert(name, v.clone());
            }
        }
        Ok(Answer { status: parts.status, headers, body })
    }
}

fn origins(
    hilens: &Endpoint,
    iam: &Endpoint,
    tls: rustls::ClientConfig,
    connect_timeout: Duration,
) -> Result<[Origin; 2], String> {
    let tls = Arc::new(tls);
    let origin = |e: &Endpoint| Origin::new(&e.scheme, &e.authority, &tls, connect_timeout);
    Ok([origin(hilens)?, origin(iam)?])
}

/// The certificates in PEM text, at least one (a CA bundle, or a server's chain).
pub(crate) fn pem_certificates(pem: &[u8]) -> Result<Vec<rustls::pki_types::CertificateDer<'static>>, String> {
    use rustls::pki_types::pem::PemObject;
    let certs = rustls::pki_types::CertificateDer::pem_slice_iter(pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("not PEM certificates: {e}"))?;
    if certs.is_empty() {
        return Err("no certificate in it".into());
    }
    Ok(certs)
}

/// TLS to the upstream: the Mozilla roots (webpki-roots) and `extra`, HTTP/1.1.
pub(crate) fn tls_config(extra: &[rustls::pki_types::CertificateDer<'static>]) -> Result<rustls::ClientConfig, String> {
    let mut roots = rustls::RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() };
    for cert in extra {
        roots.add(cert.clone()).map_err(|e| format!("CA certificate: {e}"))?;
    }
    let mut config = rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS: {e}"))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}

/// Requests to any `http(s)` URL through the proxy's own client (the Mozilla roots and
/// `--upstream-ca`; redirects never followed; bounded in time and size): the identity
/// provider's discovery, token and key endpoints.
pub struct WebClient {
    tls: Arc<rustls::ClientConfig>,
    connect_timeout: Duration,
    timeout: Duration,
}

/// A web request that got no answer (or one too large to read).
#[derive(Debug)]
pub struct WebError(pub String);

impl std::fmt::Display for WebError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for WebError {}

impl WebClient {
    /// Trusts the Mozilla roots and the CA certificates in `extra_ca` (PEM), if any.
    pub fn new(extra_ca: Option<&[u8]>, connect_timeout: Duration, timeout: Duration) -> Result<WebClient, String> {
        let extra = match extra_ca {
            Some(pem) => pem_certificates(pem)?,
            None => Vec::new(),
        };
        Ok(WebClient { tls: Arc::new(tls_config(&extra)?), connect_timeout, timeout })
    }

    /// Sends `req` to its URL and reads the whole answer (at most 1 MB).
    pub async fn fetch(&self, req: axum::http::Request<Vec<u8>>) -> Result<axum::http::Response<Vec<u8>>, WebError> {
        let (parts, body) = req.into_parts();
        let uri = parts.uri;
        let (Some(scheme), Some(authority)) = (uri.scheme_str(), uri.authority()) else {
            return Err(WebError(format!("{uri}: not an absolute URL")));
        };
        if !matches!(scheme, "http" | "https") {
            return Err(WebError(format!("{uri}: not http(s)")));
        }
        let origin = Origin::new(scheme, authority.as_str(), &self.tls, self.connect_timeout).map_err(WebError)?;
        let host = HeaderValue::from_str(authority.as_str()).map_err(|e| WebError(e.to_string()))?;
        let path: Uri = uri
            .path_and_query()
            .map_or("/", |p| p.as_str())
            .parse()
            .map_err(|_| WebError(format!("{uri}: bad path")))?;
        let body = Bytes::from(body);
        let build = || {
            let mut out = Request::new(Full::new(body.clone()));
            *out.method_mut() = parts.method.clone();
            *out.uri_mut() = path.clone();
            *out.headers_mut() = parts.headers.clone();
            out.headers_mut().insert(header::HOST, host.clone());
            out
        };
        let exchange = origin.send(build(), build, parts.method.is_idempotent(), 1024 * 1024);
        let (head, answer) = tokio::time::timeout(self.timeout, exchange)
            .await
            .unwrap_or(Err(UpstreamError::Timeout))
            .map_err(|e| WebError(format!("{authority}: {e:?}")))?;
        let mut resp = axum::http::Response::new(answer.to_vec());
        *resp.status_mut() = head.status;
        *resp.headers_mut() = head.headers;
        Ok(resp)
    }
}

impl Upstream {
    pub fn local(emulator: &Arc<Emulator>) -> Upstream {
        Upstream::Local(emulator.router())
    }

    pub fn remote(remote: Remote) -> Upstream {
        Upstream::Remote(Box::new(remote))
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
