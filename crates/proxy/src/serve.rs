//! The listening side, on hyper: each accepted connection is served by hyper's HTTP/1 server,
//! or with TLS (`--tls-cert`) by its HTTP/1 or HTTP/2 server as the client chose by ALPN; the
//! same service (routes and layers) either way. A request head must arrive within
//! `--request-head-timeout` (hyper's timer for HTTP/1; for HTTP/2, which has none, a
//! connection without a request for that long is closed, and a peer that does not answer a
//! ping within it too). Shutdown is graceful: stop accepting, let every connection finish the
//! requests it is on (hyper's graceful shutdown of each), then return.
//!
//! The binary ([`serve_threads`]) runs one single-threaded tokio runtime per core, each
//! serving the connections dealt to it start to end, upstream connections included: a
//! forwarded call never waits for or wakes another thread. Measured against one
//! multi-threaded runtime in docs/choices.md.

use std::future::Future;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::ConnectInfo;
use hyper::body::Incoming as Body;
use hyper::server::conn::http1::Connection as Http1Connection;
use hyper::server::conn::http2::Connection as Http2Connection;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use tokio_rustls::TlsAcceptor;
use tower::ServiceExt;

use crate::{App, ProxyConfig};

/// The certificate and key for HTTPS (`--tls-cert`, `--tls-key`).
pub struct TlsFiles {
    pub cert: PathBuf,
    pub key: PathBuf,
}

/// Serves `config` over plain HTTP on `listener` until `shutdown` resolves; requests in
/// flight finish first.
pub async fn serve(
    listener: tokio::net::TcpListener,
    config: ProxyConfig,
    shutdown: impl Future<Output = ()>,
) -> Result<(), String> {
    serve_with(listener, config, None, shutdown).await
}

/// Serves `config` on `listener`, over HTTPS when `tls` is given, until `shutdown` resolves;
/// then stops accepting and returns once every connection has finished its request.
pub async fn serve_with(
    listener: tokio::net::TcpListener,
    config: ProxyConfig,
    tls: Option<&TlsFiles>,
    shutdown: impl Future<Output = ()>,
) -> Result<(), String> {
    let tls = tls.map(|files| load_tls(&files.cert, &files.key)).transpose()?;
    let app = App::new(config)?;
    serve_app(Incoming::Listener(listener), app, tls, shutdown).await
}

/// Serves `config` with `threads` threads, each with a single-threaded runtime of its own;
/// this task accepts from `listener` and deals the connections out in turn (even load: with
/// a shared socket, whichever thread woke first took most of them, and its queue set the
/// p99). Sessions and rate limits are shared. Returns once `shutdown` has resolved and every
/// thread has finished its requests in flight, or when one fails.
pub async fn serve_threads(
    listener: std::net::TcpListener,
    config: ProxyConfig,
    threads: usize,
    tls: Option<&TlsFiles>,
    shutdown: impl Future<Output = ()>,
) -> Result<(), String> {
    let tls = tls.map(|files| load_tls(&files.cert, &files.key)).transpose()?;
    listener.set_nonblocking(true).map_err(|e| e.to_string())?;
    let app = App::new(config)?;
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let (finished, mut results) = tokio::sync::mpsc::unbounded_channel();
    let threads = threads.max(1);
    let mut hands = Vec::with_capacity(threads);
    for i in 0..threads {
        let (hand, dealt) = tokio::sync::mpsc::unbounded_channel();
        hands.push(hand);
        let (app, tls, mut stopped, finished) = (app.clone(), tls.clone(), stopped.clone(), finished.clone());
        let worker = move || {
            let served = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
                Ok(runtime) => runtime.block_on(async move {
                    serve_app(Incoming::Dealt(dealt), app, tls, async move {
                        let _ = stopped.wait_for(|s| *s).await;
                    })
                    .await
                }),
                Err(e) => Err(format!("cannot start a runtime: {e}")),
            };
            let _ = finished.send(served);
        };
        std::thread::Builder::new()
            .name(format!("hilens-proxy-{i}"))
            .spawn(worker)
            .map_err(|e| format!("cannot start a thread: {e}"))?;
    }
    drop(finished);
    let listener = tokio::net::TcpListener::from_std(listener).map_err(|e| format!("cannot listen: {e}"))?;
    let dealing = async {
        let mut next = 0;
        loop {
            let Ok((tcp, client)) = listener.accept().await else {
                // Out of file descriptors and the like: wait a little rather than spin.
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            };
            // Registered with the serving thread's runtime there.
            if let Ok(tcp) = tcp.into_std() {
                let _ = hands[next].send((tcp, client));
            }
            next = (next + 1) % hands.len();
        }
    };
    // Until the signal, or until a thread fails (then the others stop too).
    let mut received = 0;
    let mut outcome = Ok(());
    tokio::select! {
        _ = shutdown => {}
        () = dealing => {}
        Some(first) = results.recv() => {
            received += 1;
            outcome = first;
        }
    }
    drop(listener);
    let _ = stop.send(true);
    while received < threads {
        let Some(result) = results.recv().await else { break };
        received += 1;
        outcome = outcome.and(result);
    }
    outcome
}

/// Where a server's connections come from: its own socket, or dealt to its thread.
enum Incoming {
    Listener(tokio::net::TcpListener),
    Dealt(tokio::sync::mpsc::UnboundedReceiver<(std::net::TcpStream, SocketAddr)>),
}

impl Incoming {
    async fn accept(&mut self) -> std::io::Result<(tokio::net::TcpStream, SocketAddr)> {
        match self {
            Incoming::Listener(l) => l.accept().await,
            Incoming::Dealt(dealt) => match dealt.recv().await {
                Some((tcp, client)) => Ok((tokio::net::TcpStream::from_std(tcp)?, client)),
                // The dealer has stopped: shutdown is under way.
                None => std::future::pending().await,
            },
        }
    }
}

/// Accepts connections from `incoming` and serves each until `shutdown`; then stops
/// accepting and returns when every connection has finished its request.
async fn serve_app(
    mut incoming: Incoming,
    app: App,
    tls: Option<TlsAcceptor>,
    shutdown: impl Future<Output = ()>,
) -> Result<(), String> {
    let head_timeout = app.request_head_timeout;
    let mut http1 = hyper::server::conn::http1::Builder::new();
    // A client that never finishes its request head is let go.
    http1.timer(TokioTimer::new()).header_read_timeout(head_timeout);
    let http1 = Arc::new(http1);
    let http2 = Arc::new(http2_builder(head_timeout));
    // Every connection holds a receiver: shutdown is done when the last one is dropped.
    let (stop, _) = tokio::sync::watch::channel(false);
    tokio::pin!(shutdown);
    loop {
        let (tcp, client) = tokio::select! {
            accepted = incoming.accept() => match accepted {
                Ok(a) => a,
                // Out of file descriptors and the like: wait a little rather than spin.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        // Answers go out as soon as they are written, as nginx does on keep-alive connections.
        let _ = tcp.set_nodelay(true);
        let stopping = stop.subscribe();
        match &tls {
            None => {
                let conn = http1.serve_connection(TokioIo::new(tcp), service_for(&app, client, None));
                tokio::spawn(drive(conn, Http1Connection::graceful_shutdown, stopping, None));
            }
            Some(tls) => {
                let (tls, app, http1, http2) = (tls.clone(), app.clone(), http1.clone(), http2.clone());
                let mut stopping = stopping;
                tokio::spawn(async move {
                    // The handshake has the time a request's head has: a client that stalls
                    // in it is let go too, and at once on shutdown (it has nothing to finish).
                    let stream = tokio::select! {
                        accepted = tokio::time::timeout(head_timeout, tls.accept(tcp)) => match accepted {
                            Ok(Ok(stream)) => stream,
                            _ => return,
                        },
                        _ = stopping.wait_for(|s| *s) => return,
                    };
                    if stream.get_ref().1.alpn_protocol() == Some(b"h2") {
                        let arrivals = Arc::new(Arrivals::new(head_timeout));
                        let service = service_for(&app, client, Some(arrivals.clone()));
                        let conn = http2.serve_connection(TokioIo::new(stream), service);
                        drive(conn, Http2Connection::graceful_shutdown, stopping, Some(arrivals)).await;
                    } else {
                        let conn = http1.serve_connection(TokioIo::new(stream), service_for(&app, client, None));
                        drive(conn, Http1Connection::graceful_shutdown, stopping, None).await;
                    }
                });
            }
        }
    }
    drop(incoming);
    stop.send_replace(true);
    stop.closed().await;
    Ok(())
}

/// hyper's HTTP/2 server with the limits of docs/choices.md ("HTTP/2"): 100 streams at once
/// (more wait for a free one, as clients read the setting), 16 KB of request headers (more:
/// 431), a connection that resets more than 20 streams before they are served is closed
/// (the "rapid reset" flood), and a client that does not answer a ping within
/// `head_timeout` is let go.
fn http2_builder(head_timeout: Duration) -> hyper::server::conn::http2::Builder<TokioExecutor> {
    let mut http2 = hyper::server::conn::http2::Builder::new(TokioExecutor::new());
    http2
        .timer(TokioTimer::new())
        .max_concurrent_streams(MAX_CONCURRENT_STREAMS)
        .max_header_list_size(MAX_HEADER_LIST_BYTES)
        .max_pending_accept_reset_streams(MAX_PENDING_RESET_STREAMS)
        .keep_alive_interval(head_timeout)
        .keep_alive_timeout(head_timeout);
    http2
}

/// Requests an HTTP/2 connection serves at once.
const MAX_CONCURRENT_STREAMS: u32 = 100;
/// The size of a request's header list over HTTP/2 (names, values and 32 bytes per field).
const MAX_HEADER_LIST_BYTES: u32 = 16 * 1024;
/// Streams a client may reset before they are served before its connection is closed.
const MAX_PENDING_RESET_STREAMS: usize = 20;

/// When an HTTP/2 connection's requests arrived (its service notes each), for the idle limit.
struct Arrivals {
    started: Instant,
    /// Milliseconds after `started` of the last arrival, plus one; 0: none yet.
    last: AtomicU64,
    limit: Duration,
}

impl Arrivals {
    fn new(limit: Duration) -> Arrivals {
        Arrivals { started: Instant::now(), last: AtomicU64::new(0), limit }
    }

    fn note(&self) {
        let ms = self.started.elapsed().as_millis() as u64 + 1;
        self.last.store(ms, Ordering::Relaxed);
    }

    /// When the connection has been idle for too long, and whether a request ever came.
    fn deadline(&self) -> (Instant, bool) {
        match self.last.load(Ordering::Relaxed) {
            0 => (self.started + self.limit, false),
            ms => (self.started + Duration::from_millis(ms - 1) + self.limit, true),
        }
    }
}

/// Runs `conn` to its end. On shutdown (`stopping`) it finishes the requests it is on and
/// closes (`close`: hyper's graceful shutdown). With `arrivals` (HTTP/2, which has no
/// request head timer) it is closed the same way once no request has arrived for the head
/// timeout, and dropped if none ever did: a client stalling before its first request (in the
/// connection preface or its first headers) has nothing to finish.
async fn drive<C: Future>(
    conn: C,
    close: impl FnOnce(std::pin::Pin<&mut C>),
    mut stopping: tokio::sync::watch::Receiver<bool>,
    arrivals: Option<Arc<Arrivals>>,
) {
    tokio::pin!(conn);
    let idle = async {
        let Some(arrivals) = &arrivals else { return std::future::pending().await };
        loop {
            let (deadline, served) = arrivals.deadline();
            if Instant::now() >= deadline {
                return served;
            }
            tokio::time::sleep_until(deadline.into()).await;
        }
    };
    let served = tokio::select! {
        _ = conn.as_mut() => return,
        // An HTTP/1 connection is always closed gracefully (hyper's head timer covers it).
        _ = stopping.wait_for(|s| *s) => arrivals.as_ref().is_none_or(|a| a.deadline().1),
        served = idle => served,
    };
    if served {
        close(conn.as_mut());
        let _ = conn.await;
    }
}

/// The app as a hyper service for one connection from `client` (the handlers and the rate
/// limit read the address from the request); each request is noted in `arrivals`.
fn service_for(
    app: &App,
    client: SocketAddr,
    arrivals: Option<Arc<Arrivals>>,
) -> impl hyper::service::Service<
    axum::http::Request<Body>,
    Response = axum::response::Response,
    Error = std::convert::Infallible,
    Future = impl Future<Output = Result<axum::response::Response, std::convert::Infallible>> + Send,
> + Clone {
    let service = app.service.clone();
    hyper::service::service_fn(move |mut req: axum::http::Request<Body>| {
        if let Some(arrivals) = &arrivals {
            arrivals.note();
        }
        req.extensions_mut().insert(ConnectInfo(client));
        service.clone().oneshot(req.map(axum::body::Body::new))
    })
}

/// The certificate chain and key (PEM files) as a TLS acceptor offering HTTP/2 and HTTP/1.1
/// (ALPN), with ring as the upstream client uses.
fn load_tls(cert: &Path, key: &Path) -> Result<TlsAcceptor, String> {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::PrivateKeyDer;
    let bad = |path: &Path, e: &dyn std::fmt::Display| format!("TLS {}: {e}", path.display());
    let pem = std::fs::read(cert).map_err(|e| bad(cert, &e))?;
    let chain = crate::upstream::pem_certificates(&pem).map_err(|e| bad(cert, &e))?;
    let key_der = PrivateKeyDer::from_pem_file(key).map_err(|e| bad(key, &e))?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_no_client_auth()
        .with_single_cert(chain, key_der)
        .map_err(|e| format!("TLS certificate {} / key {}: {e}", cert.display(), key.display()))?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(TlsAcceptor::from(Arc::new(config)))
}
