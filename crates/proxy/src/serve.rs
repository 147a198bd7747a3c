//! The listening side: [`serve_threads`] is what the binary runs (a few serving threads, each
//! with its own single-threaded runtime); [`serve`] serves plain HTTP on the caller's runtime
//! (tests). Every variant stops on its `shutdown` future and lets requests in flight
//! finish.

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::Request;
use axum::serve::Listener;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tokio_rustls::TlsAcceptor;

use crate::deadline::{self, DeadlineTimer};
use crate::{App, ProxyConfig};

/// Serves `config` on `listener`, on the current runtime, until `shutdown` resolves; requests
/// in flight finish first.
pub async fn serve(
    listener: tokio::net::TcpListener,
    config: ProxyConfig,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    deadline::start().map_err(std::io::Error::other)?;
    serve_app(listener, Arc::new(App::new(config)), None, shutdown).await
}

/// The certificate and key for HTTPS (`--tls-cert`, `--tls-key`).
pub struct TlsFiles {
    pub cert: PathBuf,
    pub key: PathBuf,
}

/// Serves `config` on `listener` with `threads` threads, each with a single-threaded runtime
/// of its own (and, for a remote upstream, its own pool of upstream connections): a connection
/// is served start to end by the thread that accepted it, so a forwarded call never waits for
/// or wakes another thread. Sessions and rate limits are shared. Returns once `shutdown` has
/// resolved and every thread has finished its requests in flight, or when a thread fails.
pub async fn serve_threads(
    listener: std::net::TcpListener,
    config: ProxyConfig,
    threads: usize,
    tls: Option<&TlsFiles>,
    shutdown: impl Future<Output = ()>,
) -> Result<(), String> {
    let tls = match tls {
        Some(files) => Some(load_tls(&files.cert, &files.key)?),
        None => None,
    };
    deadline::start()?;
    let app = Arc::new(App::new(config));
    let local = listener.local_addr().map_err(|e| e.to_string())?;
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let (finished, mut results) = tokio::sync::mpsc::unbounded_channel();
    let threads = threads.max(1);
    let mut handoffs = Vec::new();
    for i in 0..threads {
        // Plain HTTP: this thread accepts and deals connections out in turn (even load).
        // HTTPS: each thread accepts from the shared socket itself.
        let source = match &tls {
            Some(tls) => {
                let shared = listener.try_clone().map_err(|e| format!("cannot share the listener: {e}"))?;
                Source::Tls(shared, tls.clone())
            }
            None => {
                let (hand, incoming) = tokio::sync::mpsc::unbounded_channel();
                handoffs.push(hand);
                Source::Handoff(Handoff { incoming, local })
            }
        };
        let (app, mut stopped, finished) = (app.clone(), stopped.clone(), finished.clone());
        let worker = move || {
            let served = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
                Ok(runtime) => runtime.block_on(async move {
                    let stop = async move {
                        let _ = stopped.wait_for(|s| *s).await;
                    };
                    let served = match source {
                        Source::Tls(listener, tls) => match tokio::net::TcpListener::from_std(listener) {
                            Ok(listener) => serve_app(listener, app, Some(tls), stop).await,
                            Err(e) => Err(e),
                        },
                        Source::Handoff(handoff) => serve_app(handoff, app, None, stop).await,
                    };
                    served.map_err(|e| e.to_string())
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
    let dealing = async {
        if handoffs.is_empty() {
            return std::future::pending().await;
        }
        let listener = match tokio::net::TcpListener::from_std(listener) {
            Ok(l) => l,
            Err(e) => return format!("cannot listen: {e}"),
        };
        let mut next = 0;
        loop {
            let Ok((stream, addr)) = listener.accept().await else {
                // Out of file descriptors and the like: wait a little rather than spin.
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            };
            // Moved to the serving thread's runtime there.
            if let Ok(stream) = stream.into_std() {
                let _ = handoffs[next].send((stream, addr));
            }
            next = (next + 1) % handoffs.len();
        }
    };
    // Until the signal, or until a thread fails (then the others stop too).
    let mut received = 0;
    let mut outcome = Ok(());
    tokio::select! {
        _ = shutdown => {}
        Some(first) = results.recv() => {
            received += 1;
            outcome = first;
        }
        failure = dealing => outcome = Err(failure),
    }
    let _ = stop.send(true);
    while received < threads {
        let Some(result) = results.recv().await else { break };
        received += 1;
        outcome = outcome.and(result);
    }
    outcome
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

/// Accepts connections from `listener` (with TLS when `tls` is given) and serves each with
/// hyper's HTTP/1 server until `shutdown`; then stops accepting, lets every connection finish
/// the request it is on, and returns when all are closed.
async fn serve_app<L>(
    mut listener: L,
    app: Arc<App>,
    tls: Option<TlsAcceptor>,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()>
where
    L: Listener<Io = tokio::net::TcpStream, Addr = SocketAddr>,
{
    let (stop, stopped) = tokio::sync::watch::channel(false);
    // Every connection holds a clone; `recv` ends when the last one is dropped.
    let (open, mut all_closed) = tokio::sync::mpsc::channel::<()>(1);
    tokio::pin!(shutdown);
    loop {
        let (tcp, client) = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = &mut shutdown => break,
        };
        // Answers go out as soon as they are written, as nginx does on keep-alive connections.
        let _ = tcp.set_nodelay(true);
        let (app, stopped, open, tls) = (app.clone(), stopped.clone(), open.clone(), tls.clone());
        tokio::spawn(async move {
            match tls {
                None => serve_connection(tcp, client, app, stopped).await,
                Some(tls) => {
                    // The handshake has the time a request's head has: a client that stalls
                    // in it is let go too.
                    let head_timeout = app.proxy.config.request_head_timeout;
                    if let Ok(Ok(stream)) = deadline::timeout(head_timeout, tls.accept(tcp)).await {
                        serve_connection(stream, client, app, stopped).await;
                    }
                }
            }
            drop(open);
        });
    }
    drop(listener);
    let _ = stop.send(true);
    drop(open);
    let _ = all_closed.recv().await;
    Ok(())
}

/// Serves one connection's requests until the client closes it, or until `stopped` (then the
/// request in flight finishes first).
async fn serve_connection<I>(io: I, client: SocketAddr, app: Arc<App>, mut stopped: tokio::sync::watch::Receiver<bool>)
where
    I: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let head_timeout = app.proxy.config.request_head_timeout;
    let service = hyper::service::service_fn(move |req: Request<Incoming>| {
        let app = app.clone();
        async move { Ok::<_, Infallible>(app.handle(req.map(Body::new), client).await) }
    });
    // A client that never finishes its request head is let go.
    let conn = hyper::server::conn::http1::Builder::new()
        .timer(DeadlineTimer)
        .header_read_timeout(head_timeout)
        .serve_connection(TokioIo::new(io), service);
    tokio::pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => {}
        _ = async { stopped.wait_for(|s| *s).await.is_ok() } => {
            conn.as_mut().graceful_shutdown();
            let _ = conn.await;
        }
    }
}

/// Where a serving thread's connections come from: dealt to it (plain HTTP), or accepted by
/// itself from the shared socket (HTTPS, with the certificate).
enum Source {
    Handoff(Handoff),
    Tls(std::net::TcpListener, TlsAcceptor),
}

/// Connections accepted by the coordinating thread and handed to one serving thread.
struct Handoff {
    incoming: tokio::sync::mpsc::UnboundedReceiver<(std::net::TcpStream, SocketAddr)>,
    local: SocketAddr,
}

impl Listener for Handoff {
    type Io = tokio::net::TcpStream;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            let Some((stream, addr)) = self.incoming.recv().await else {
                // The coordinator has stopped dealing: shutdown is under way.
                return std::future::pending().await;
            };
            if let Ok(stream) = tokio::net::TcpStream::from_std(stream) {
                return (stream, addr);
            }
        }
    }

    fn local_addr(&self) -> std::io::Result<SocketAddr> {
        Ok(self.local)
    }
}
