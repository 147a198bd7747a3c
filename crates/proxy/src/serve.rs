//! The listening side, on hyper: each accepted connection is served by hyper's HTTP/1 server
//! (with TLS first when configured), a request head must arrive within
//! `--request-head-timeout` (hyper's timer), and shutdown is hyper-util's graceful one: stop
//! accepting, let every connection finish the request it is on, then return.
//!
//! The binary ([`serve_threads`]) runs one single-threaded tokio runtime per core, each
//! serving the connections dealt to it start to end, upstream connections included: a
//! forwarded call never waits for or wakes another thread. Measured against one
//! multi-threaded runtime in docs/choices.md.

use std::future::Future;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::ConnectInfo;
use hyper::body::Incoming as Body;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
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
    let graceful = GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    // A client that never finishes its request head is let go.
    http.timer(TokioTimer::new()).header_read_timeout(head_timeout);
    let http = Arc::new(http);
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
        let service = service_for(&app, client);
        match &tls {
            None => {
                let conn = http.serve_connection(TokioIo::new(tcp), service);
                let conn = graceful.watch(conn);
                tokio::spawn(async move {
                    let _ = conn.await;
                });
            }
            Some(tls) => {
                let (tls, http, watcher) = (tls.clone(), http.clone(), graceful.watcher());
                tokio::spawn(async move {
                    // The handshake has the time a request's head has: a client that stalls
                    // in it is let go too.
                    if let Ok(Ok(stream)) = tokio::time::timeout(head_timeout, tls.accept(tcp)).await {
                        let _ = watcher.watch(http.serve_connection(TokioIo::new(stream), service)).await;
                    }
                });
            }
        }
    }
    drop(incoming);
    graceful.shutdown().await;
    Ok(())
}

/// The app as a hyper service for one connection from `client` (the handlers and the rate
/// limit read the address from the request).
fn service_for(
    app: &App,
    client: SocketAddr,
) -> impl hyper::service::Service<
    axum::http::Request<Body>,
    Response = axum::response::Response,
    Error = std::convert::Infallible,
    Future = impl Send,
> + Clone {
    let service = app.service.clone();
    hyper::service::service_fn(move |mut req: axum::http::Request<Body>| {
        req.extensions_mut().insert(ConnectInfo(client));
        service.clone().oneshot(req.map(axum::body::Body::new))
    })
}

/// The certificate chain and key (PEM files) as a TLS acceptor for HTTP/1.1, with ring as the
/// upstream client uses.
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
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(TlsAcceptor::from(Arc::new(config)))
}
