//! Kept-alive connections to one upstream origin, over hyper's HTTP/1 client connections
//! (`hyper::client::conn::http1`: hyper writes every request and parses every answer). What is
//! ours is only the pool: idle connections wait here, one pool per serving thread (each
//! thread's runtime drives its own sockets), and a call drives its connection in its own task
//! while it waits for the answer, rather than in a task per connection that a channel talks
//! to as hyper-util's pooled client does (docs/choices.md has the measurements).
//!
//! A connection goes back to the pool only after a complete, well-framed answer; one that
//! failed in any way is dropped. A call that found its kept-alive connection closed by the
//! upstream before any answer is sent again once on a fresh connection, if it may be
//! repeated.

use std::cell::RefCell;
use std::future::{poll_fn, Future};
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::http::response::Parts;
use axum::http::Request;
use http_body_util::{BodyExt, Full, Limited};
use hyper::client::conn::http1::{self, Connection, SendRequest};
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;
use tokio_rustls::rustls::pki_types::ServerName;
use tokio_rustls::TlsConnector;

use super::UpstreamError;

/// Idle connections kept per origin, and for how long (below the 60 s that load balancers in
/// front of HiLens commonly keep them).
const MAX_IDLE: usize = 64;
const IDLE_FOR: Duration = Duration::from_secs(30);

/// A plain or TLS stream.
trait Io: AsyncRead + AsyncWrite + Send + Unpin {}
impl<T: AsyncRead + AsyncWrite + Send + Unpin> Io for T {}
type Stream = TokioIo<Box<dyn Io>>;

struct Conn {
    sender: SendRequest<Full<Bytes>>,
    /// hyper's side of the connection: polled by the call using it.
    driver: Pin<Box<Connection<Stream, Full<Bytes>>>>,
    idle_since: Instant,
}

/// One upstream origin: where to connect, how, and its idle connections.
pub struct Origin {
    /// `host:port`, with the scheme's port when the URL named none.
    address: String,
    /// For HTTPS: the connector and the name the certificate must carry.
    tls: Option<(TlsConnector, ServerName<'static>)>,
    connect_timeout: Duration,
    /// Each serving thread's idle connections.
    idle: thread_local::ThreadLocal<RefCell<Vec<Conn>>>,
}

/// How one attempt on one connection ended, when it did not give an answer.
enum Failed {
    /// The connection turned out closed before the request went out, or the upstream closed
    /// it before answering a byte: the request may not have been acted on.
    Closed,
    /// Anything else: a broken answer, one too large.
    Broken,
}

impl Origin {
    /// `https` uses `tls` (certificates checked against its roots); `http` is plain TCP.
    pub fn new(
        scheme: &str,
        authority: &str,
        tls: &Arc<tokio_rustls::rustls::ClientConfig>,
        connect_timeout: Duration,
    ) -> Result<Origin, String> {
        let https = scheme == "https";
        let has_port = authority.rsplit_once(':').is_some_and(|(_, p)| p.bytes().all(|b| b.is_ascii_digit()))
            && !authority.ends_with(']');
        let address =
            if has_port { authority.to_string() } else { format!("{authority}:{}", if https { 443 } else { 80 }) };
        let tls = if https {
            let host = address.rsplit_once(':').map_or(authority, |(h, _)| h);
            let host = host.trim_start_matches('[').trim_end_matches(']');
            let name = ServerName::try_from(host.to_string()).map_err(|e| format!("{authority}: {e}"))?;
            Some((TlsConnector::from(tls.clone()), name))
        } else {
            None
        };
        Ok(Origin { address, tls, connect_timeout, idle: thread_local::ThreadLocal::new() })
    }

    async fn connect(&self) -> Result<Conn, UpstreamError> {
        let tcp = match tokio::time::timeout(self.connect_timeout, TcpStream::connect(&self.address)).await {
            Err(_) => return Err(UpstreamError::Timeout),
            Ok(Err(e)) if e.kind() == std::io::ErrorKind::TimedOut => return Err(UpstreamError::Timeout),
            Ok(Err(_)) => return Err(UpstreamError::Unreachable),
            Ok(Ok(tcp)) => tcp,
        };
        let _ = tcp.set_nodelay(true);
        let stream: Box<dyn Io> = match &self.tls {
            None => Box::new(tcp),
            Some((connector, name)) => {
                match tokio::time::timeout(self.connect_timeout, connector.connect(name.clone(), tcp)).await {
                    Err(_) => return Err(UpstreamError::Timeout),
                    Ok(Err(_)) => return Err(UpstreamError::Unreachable),
                    Ok(Ok(tls)) => Box::new(tls),
                }
            }
        };
        let (sender, driver) =
            http1::Builder::new().handshake(TokioIo::new(stream)).await.map_err(|_| UpstreamError::Unreachable)?;
        Ok(Conn { sender, driver: Box::pin(driver), idle_since: Instant::now() })
    }

    /// The most recently used idle connection that is still fresh.
    fn take_idle(&self) -> Option<Conn> {
        let mut idle = self.idle.get_or_default().borrow_mut();
        while let Some(conn) = idle.pop() {
            if conn.idle_since.elapsed() < IDLE_FOR && !conn.sender.is_closed() {
                return Some(conn);
            }
        }
        None
    }

    fn put_back(&self, mut conn: Conn) {
        conn.idle_since = Instant::now();
        let mut idle = self.idle.get_or_default().borrow_mut();
        if idle.len() < MAX_IDLE {
            idle.push(conn);
        }
    }

    /// Sends `first` and reads the whole answer (at most `max_body` bytes), on an idle
    /// connection when there is one. `repeatable`: the request may be sent again (as `again`
    /// builds it) when its kept-alive connection turns out closed.
    pub async fn send(
        &self,
        first: Request<Full<Bytes>>,
        again: impl Fn() -> Request<Full<Bytes>>,
        repeatable: bool,
        max_body: usize,
    ) -> Result<(Parts, Bytes), UpstreamError> {
        let mut first = Some(first);
        loop {
            let (mut conn, reused) = match self.take_idle() {
                Some(conn) => (conn, true),
                None => (self.connect().await?, false),
            };
            let req = first.take().unwrap_or_else(&again);
            match exchange(&mut conn, req, max_body).await {
                Ok((answer, reusable)) => {
                    if reusable {
                        self.put_back(conn);
                    }
                    return Ok(answer);
                }
                Err(Failed::Closed) if reused && repeatable => continue,
                Err(_) => return Err(UpstreamError::Unreachable),
            }
        }
    }
}

/// One request and its whole answer on `conn`, driving the connection meanwhile. Also says
/// whether the connection may serve another request.
async fn exchange(
    conn: &mut Conn,
    req: Request<Full<Bytes>>,
    max_body: usize,
) -> Result<((Parts, Bytes), bool), Failed> {
    let Conn { sender, driver, .. } = conn;
    let mut ended = false;
    // Poll hyper's connection until it ends (closed, or broken); the call's future is polled
    // alongside it.
    let mut drive = |cx: &mut std::task::Context<'_>| {
        if !ended && driver.as_mut().poll(cx).is_ready() {
            ended = true;
        }
    };
    poll_fn(|cx| {
        drive(cx);
        sender.poll_ready(cx)
    })
    .await
    .map_err(|_| Failed::Closed)?;
    let call = async {
        let resp = sender.send_request(req).await.map_err(|e| {
            if e.is_canceled() || e.is_incomplete_message() {
                Failed::Closed
            } else {
                Failed::Broken
            }
        })?;
        let (parts, body) = resp.into_parts();
        let body = Limited::new(body, max_body).collect().await.map_err(|_| Failed::Broken)?;
        Ok::<_, Failed>((parts, body.to_bytes()))
    };
    let answer = {
        let mut call = std::pin::pin!(call);
        poll_fn(|cx| {
            drive(cx);
            call.as_mut().poll(cx)
        })
        .await?
    };
    Ok((answer, !ended && !sender.is_closed()))
}
