//! A small HTTP/1.1 client for the proxy's one upstream. One request at a time per
//! connection; idle keep-alive connections are pooled per serving thread; and the whole
//! exchange runs in the forwarded request's own task (no connection task, no channel between
//! tasks), which is most of what makes forwarding cheap (bench/proxy-vs-nginx). Answers are
//! read whole: by Content-Length, chunked, or until the upstream closes, never beyond a limit.

use std::cell::RefCell;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use bytes::{Buf, BytesMut};
use thread_local::ThreadLocal;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;
use tokio_rustls::rustls::pki_types::ServerName;
use tokio_rustls::TlsConnector;

use crate::deadline;
use crate::upstream::{Answer, UpstreamError, ANSWER_HEADERS};

/// Idle connections kept per thread and origin, and for how long.
const MAX_IDLE: usize = 32;
const IDLE_FOR: Duration = Duration::from_secs(30);
/// The most an answer's head (status line and headers) may take, and how many headers.
const MAX_HEAD_BYTES: usize = 64 * 1024;
const MAX_HEADERS: usize = 100;

/// One upstream origin: where to connect and how.
pub struct Origin {
    /// `host:port`, with the scheme's port when the URL named none.
    address: String,
    /// For HTTPS: the connector and the name the certificate must carry.
    tls: Option<(TlsConnector, ServerName<'static>)>,
    connect_timeout: Duration,
    /// Each serving thread's idle connections: a call goes out on a connection of its own
    /// thread, never handed across threads.
    idle: ThreadLocal<Pool>,
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
        Ok(Origin { address, tls, connect_timeout, idle: ThreadLocal::new() })
    }

    async fn connect(&self) -> Result<Conn, UpstreamError> {
        let tcp = match deadline::timeout(self.connect_timeout, TcpStream::connect(&self.address)).await {
            Err(_) => return Err(UpstreamError::Timeout),
            Ok(Err(e)) if e.kind() == io::ErrorKind::TimedOut => return Err(UpstreamError::Timeout),
            Ok(Err(_)) => return Err(UpstreamError::Unreachable),
            Ok(Ok(tcp)) => tcp,
        };
        let _ = tcp.set_nodelay(true);
        match &self.tls {
            None => Ok(Conn::Plain(tcp)),
            Some((connector, name)) => {
                let handshake = connector.connect(name.clone(), tcp);
                match deadline::timeout(self.connect_timeout, handshake).await {
                    Err(_) => Err(UpstreamError::Timeout),
                    Ok(Err(_)) => Err(UpstreamError::Unreachable),
                    Ok(Ok(tls)) => Ok(Conn::Tls(Box::new(tls))),
                }
            }
        }
    }

    /// Sends `request` (as [`encode_request`] wrote it) and reads the answer, on an idle
    /// connection of this thread's when there is one. A kept-alive connection that the upstream
    /// turns out to have closed is replaced once, when `retry` allows (the request could not
    /// have been acted on: not one byte of an answer came back).
    pub async fn send(
        &self,
        request: &[u8],
        head_only: bool,
        retry: bool,
        max_body: usize,
    ) -> Result<Answer, UpstreamError> {
        loop {
            let idle = self.idle.get_or(Pool::default).take();
            let (mut conn, reused) = match idle {
                Some(conn) => (conn, true),
                None => (self.connect().await?, false),
            };
            match exchange(&mut conn, request, head_only, max_body).await {
                Ok((answer, reusable)) => {
                    if reusable {
                        self.idle.get_or(Pool::default).put(conn);
                    }
                    return Ok(answer);
                }
                Err(Failure::NoAnswer) if reused && retry => continue,
                Err(_) => return Err(UpstreamError::Unreachable),
            }
        }
    }
}

/// The request's bytes: request line, `Host`, the given headers, `Content-Length` where a body
/// is sent or expected, then the body. `None` if the target could break the request line.
pub fn encode_request(
    method: &Method,
    path_and_query: &str,
    host: &str,
    headers: &[(HeaderName, HeaderValue)],
    body: &[u8],
) -> Option<Vec<u8>> {
    let target_ok = path_and_query.starts_with('/') && path_and_query.bytes().all(|b| (0x21..0x7f).contains(&b));
    if !target_ok || !host.bytes().all(|b| (0x21..0x7f).contains(&b)) {
        return None;
    }
    let mut out = Vec::with_capacity(256 + body.len());
    for part in [method.as_str(), " ", path_and_query, " HTTP/1.1\r\nhost: ", host, "\r\n"] {
        out.extend_from_slice(part.as_bytes());
    }
    for (name, value) in headers {
        out.extend_from_slice(name.as_str().as_bytes());
        out.extend_from_slice(b": ");
        out.extend_from_slice(value.as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    let expects_body = matches!(*method, Method::POST | Method::PUT | Method::PATCH);
    if !body.is_empty() || expects_body {
        out.extend_from_slice(format!("content-length: {}\r\n", body.len()).as_bytes());
    }
    out.extend_from_slice(b"\r\n");
    out.extend_from_slice(body);
    Some(out)
}

/// Idle connections to one origin, for the thread that made them (most recent first).
#[derive(Default)]
struct Pool {
    idle: RefCell<Vec<(Conn, Instant)>>,
}

impl Pool {
    fn take(&self) -> Option<Conn> {
        let mut idle = self.idle.borrow_mut();
        while let Some((conn, since)) = idle.pop() {
            if since.elapsed() < IDLE_FOR && conn.still_open() {
                return Some(conn);
            }
        }
        None
    }

    fn put(&self, conn: Conn) {
        let mut idle = self.idle.borrow_mut();
        if idle.len() < MAX_IDLE {
            idle.push((conn, Instant::now()));
        }
    }
}

/// A connection to the upstream, plain or TLS.
enum Conn {
    Plain(TcpStream),
    Tls(Box<TlsStream<TcpStream>>),
}

impl Conn {
    /// Whether an idle connection can carry another request: the upstream has neither closed
    /// it nor sent anything unasked. No system call unless the socket has become readable.
    fn still_open(&self) -> bool {
        let tcp = match self {
            Conn::Plain(tcp) => tcp,
            Conn::Tls(tls) => tls.get_ref().0,
        };
        let mut probe = [0u8; 1];
        matches!(tcp.try_read(&mut probe), Err(e) if e.kind() == io::ErrorKind::WouldBlock)
    }
}

impl AsyncRead for Conn {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Conn::Plain(s) => Pin::new(s).poll_read(cx, buf),
            Conn::Tls(s) => Pin::new(s).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for Conn {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Conn::Plain(s) => Pin::new(s).poll_write(cx, buf),
            Conn::Tls(s) => Pin::new(s).poll_write(cx, buf),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Conn::Plain(s) => Pin::new(s).poll_flush(cx),
            Conn::Tls(s) => Pin::new(s).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Conn::Plain(s) => Pin::new(s).poll_shutdown(cx),
            Conn::Tls(s) => Pin::new(s).poll_shutdown(cx),
        }
    }
}

/// Why an exchange failed: before any byte of an answer (the request may be sent again on a
/// fresh connection), or after.
#[derive(Debug)]
enum Failure {
    NoAnswer,
    Broken,
}

/// One request and its answer; `true` with the answer when the connection may be reused.
async fn exchange(
    conn: &mut Conn,
    request: &[u8],
    head_only: bool,
    max_body: usize,
) -> Result<(Answer, bool), Failure> {
    conn.write_all(request).await.map_err(|_| Failure::NoAnswer)?;
    conn.flush().await.map_err(|_| Failure::NoAnswer)?;
    let mut buf = BytesMut::with_capacity(8 * 1024);
    let mut first = true;
    let head = loop {
        let head = read_head(conn, &mut buf, first).await?;
        first = false;
        // Interim answers (100 Continue and the like) come before the real one.
        if !head.status.is_informational() || head.status == StatusCode::SWITCHING_PROTOCOLS {
            break head;
        }
    };
    // After 101 the connection speaks something else: no body to read, never reused.
    let switched = head.status == StatusCode::SWITCHING_PROTOCOLS;
    let mut keep_alive = head.keep_alive && !switched;
    let no_body = head_only || switched || matches!(head.status.as_u16(), 204 | 304);
    let body = if no_body {
        Bytes::new()
    } else if head.chunked {
        read_chunked(conn, &mut buf, max_body).await?
    } else if let Some(len) = head.content_length {
        if len > max_body {
            return Err(Failure::Broken);
        }
        while buf.len() < len {
            read_more(conn, &mut buf).await?;
        }
        buf.split_to(len).freeze()
    } else {
        // No length: the body ends when the upstream closes.
        keep_alive = false;
        loop {
            if buf.len() > max_body {
                return Err(Failure::Broken);
            }
            buf.reserve(8 * 1024);
            match conn.read_buf(&mut buf).await {
                Ok(0) => break,
                Ok(_) => {}
                Err(_) => return Err(Failure::Broken),
            }
        }
        std::mem::take(&mut buf).freeze()
    };
    // Anything after the answer was not asked for: never reuse such a connection.
    let reusable = keep_alive && buf.is_empty();
    Ok((Answer { status: head.status, headers: head.headers, body }, reusable))
}

struct Head {
    status: StatusCode,
    headers: HeaderMap,
    keep_alive: bool,
    chunked: bool,
    content_length: Option<usize>,
}

/// Reads and parses one answer head, leaving what follows it in `buf`.
async fn read_head(conn: &mut Conn, buf: &mut BytesMut, first: bool) -> Result<Head, Failure> {
    loop {
        if !buf.is_empty() {
            // Room for the headers, left uninitialised: filling 100 slots first would cost
            // more than parsing the handful an answer has.
            let mut slots = [const { std::mem::MaybeUninit::uninit() }; MAX_HEADERS];
            let mut parsed = httparse::Response::new(&mut []);
            match httparse::ParserConfig::default().parse_response_with_uninit_headers(&mut parsed, buf, &mut slots) {
                Ok(httparse::Status::Complete(len)) => {
                    let head = head_of(&parsed).ok_or(Failure::Broken)?;
                    buf.advance(len);
                    return Ok(head);
                }
                Ok(httparse::Status::Partial) if buf.len() < MAX_HEAD_BYTES => {}
                _ => return Err(Failure::Broken),
            }
        }
        let nothing_yet = first && buf.is_empty();
        match read_more(conn, buf).await {
            Ok(()) => {}
            Err(_) if nothing_yet => return Err(Failure::NoAnswer),
            Err(e) => return Err(e),
        }
    }
}

fn head_of(parsed: &httparse::Response<'_, '_>) -> Option<Head> {
    let status = StatusCode::from_u16(parsed.code?).ok()?;
    // Room for what the guard and hyper add once the proxy passes the map on as its answer's.
    let mut headers = HeaderMap::with_capacity(16);
    let (mut close, mut keep_alive_token, mut chunked, mut other_coding) = (false, false, false, false);
    let mut content_length: Option<usize> = None;
    for h in parsed.headers.iter() {
        let name = h.name;
        let text = || std::str::from_utf8(h.value).ok();
        if name.eq_ignore_ascii_case("connection") {
            for token in text()?.split(',').map(str::trim) {
                close |= token.eq_ignore_ascii_case("close");
                keep_alive_token |= token.eq_ignore_ascii_case("keep-alive");
            }
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            // Only a final `chunked` frames the body; any other coding runs to the close.
            let last = text()?.rsplit(',').next().unwrap_or_default().trim();
            chunked = last.eq_ignore_ascii_case("chunked");
            other_coding = !chunked;
        } else if name.eq_ignore_ascii_case("content-length") {
            let digits = text()?.trim();
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let len: usize = digits.parse().ok()?;
            // Two different lengths: the framing cannot be trusted.
            if content_length.is_some_and(|l| l != len) {
                return None;
            }
            content_length = Some(len);
        }
        // Only what the proxy reads is kept (parsing every header into a map costs).
        if let Some(kept) = ANSWER_HEADERS.iter().find(|k| name.eq_ignore_ascii_case(k.as_str())) {
            headers.append(kept.clone(), HeaderValue::from_bytes(h.value).ok()?);
        }
    }
    let http11 = parsed.version == Some(1);
    let keep_alive = !close && (http11 || keep_alive_token) && !other_coding;
    let content_length = if chunked || other_coding { None } else { content_length };
    Some(Head { status, headers, keep_alive, chunked, content_length })
}

/// A chunked body, decoded; trailers are read and dropped.
async fn read_chunked(conn: &mut Conn, buf: &mut BytesMut, max_body: usize) -> Result<Bytes, Failure> {
    let mut body = BytesMut::new();
    loop {
        let line = read_line(conn, buf).await?;
        let size_text = line.split(|&b| b == b';').next().unwrap_or_default();
        let size_text = std::str::from_utf8(size_text).map_err(|_| Failure::Broken)?.trim();
        if size_text.is_empty() || size_text.len() > 15 || !size_text.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(Failure::Broken);
        }
        let size = usize::from_str_radix(size_text, 16).map_err(|_| Failure::Broken)?;
        if size == 0 {
            // Trailer fields, up to the empty line.
            while !read_line(conn, buf).await?.is_empty() {}
            return Ok(body.freeze());
        }
        if body.len() + size > max_body {
            return Err(Failure::Broken);
        }
        while buf.len() < size + 2 {
            read_more(conn, buf).await?;
        }
        body.extend_from_slice(&buf[..size]);
        if &buf[size..size + 2] != b"\r\n" {
            return Err(Failure::Broken);
        }
        buf.advance(size + 2);
    }
}

/// One CRLF-terminated line (without the CRLF), consumed from `buf`.
async fn read_line(conn: &mut Conn, buf: &mut BytesMut) -> Result<Bytes, Failure> {
    loop {
        if let Some(end) = buf.windows(2).position(|w| w == b"\r\n") {
            let line = buf.split_to(end).freeze();
            buf.advance(2);
            return Ok(line);
        }
        if buf.len() > MAX_HEAD_BYTES {
            return Err(Failure::Broken);
        }
        read_more(conn, buf).await?;
    }
}

/// Reads what the upstream has sent next; the end of the stream is a failure here.
async fn read_more(conn: &mut Conn, buf: &mut BytesMut) -> Result<(), Failure> {
    buf.reserve(8 * 1024);
    match conn.read_buf(buf).await {
        Ok(0) | Err(_) => Err(Failure::Broken),
        Ok(_) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    #[test]
    fn requests_are_written_with_host_headers_and_length() {
        let headers = [(HeaderName::from_static("x-language"), HeaderValue::from_static("en-us"))];
        let get = encode_request(&Method::GET, "/v1/skills?limit=1", "h:8080", &headers, b"").unwrap();
        assert_eq!(get, b"GET /v1/skills?limit=1 HTTP/1.1\r\nhost: h:8080\r\nx-language: en-us\r\n\r\n");
        let post = encode_request(&Method::POST, "/v1/x", "h", &[], b"{}").unwrap();
        assert_eq!(post, b"POST /v1/x HTTP/1.1\r\nhost: h\r\ncontent-length: 2\r\n\r\n{}");
        let empty_put = encode_request(&Method::PUT, "/v1/x", "h", &[], b"").unwrap();
        assert!(String::from_utf8(empty_put).unwrap().contains("content-length: 0\r\n"));
        for bad in ["/a b", "/a\r\nx: y", "no-slash", "/a\u{7f}"] {
            assert!(encode_request(&Method::GET, bad, "h", &[], b"").is_none(), "{bad:?}");
        }
        assert!(encode_request(&Method::GET, "/", "h\r\nx: y", &[], b"").is_none());
    }

    fn parse(text: &str) -> Option<Head> {
        let mut slots = [httparse::EMPTY_HEADER; MAX_HEADERS];
        let mut parsed = httparse::Response::new(&mut slots);
        assert!(parsed.parse(text.as_bytes()).unwrap().is_complete());
        head_of(&parsed)
    }

    #[test]
    fn answer_heads_say_how_the_body_is_framed_and_whether_to_reuse() {
        let h = parse("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-Request-Id: r\r\nSet-Cookie: s=1\r\n\r\n").unwrap();
        assert_eq!((h.status, h.content_length, h.chunked, h.keep_alive), (StatusCode::OK, Some(5), false, true));
        assert_eq!(h.headers["x-request-id"], "r");
        assert!(h.headers.get("set-cookie").is_none(), "what the proxy never reads is not kept");
        let h = parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\nContent-Length: 5\r\n\r\n").unwrap();
        assert_eq!((h.chunked, h.content_length), (true, None), "chunked wins over a length");
        let h = parse("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 1\r\n\r\n").unwrap();
        assert!(!h.keep_alive);
        let h = parse("HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\n").unwrap();
        assert!(!h.keep_alive, "HTTP/1.0 closes unless it says keep-alive");
        let h = parse("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 1\r\n\r\n").unwrap();
        assert!(h.keep_alive);
        let h = parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n").unwrap();
        assert!(!h.keep_alive && !h.chunked && h.content_length.is_none(), "read to the close");
        assert!(parse("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n").is_none());
        assert!(parse("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n").is_none());
        assert!(parse("HTTP/1.1 200 OK\r\nContent-Length: +1\r\n\r\n").is_none());
    }

    /// A raw upstream: each accepted connection answers its requests with the next scripted
    /// replies (`None`: read the request, then close without answering). Counts connections.
    async fn scripted(replies: Vec<Vec<Option<&'static str>>>) -> (Origin, Arc<std::sync::atomic::AtomicUsize>) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let connections = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counter = connections.clone();
        tokio::spawn(async move {
            for script in replies {
                let (mut tcp, _) = listener.accept().await.unwrap();
                counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                tokio::spawn(async move {
                    for reply in script {
                        let mut seen = Vec::new();
                        while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
                            let mut chunk = [0u8; 1024];
                            match tcp.read(&mut chunk).await {
                                Ok(0) | Err(_) => return,
                                Ok(n) => seen.extend_from_slice(&chunk[..n]),
                            }
                        }
                        let Some(reply) = reply else { return };
                        // In two pieces, so the client must put an answer together.
                        let (a, b) = reply.as_bytes().split_at(reply.len() / 2);
                        tcp.write_all(a).await.unwrap();
                        tokio::time::sleep(Duration::from_millis(20)).await;
                        tcp.write_all(b).await.unwrap();
                    }
                });
            }
        });
        let tls = Arc::new(crate::upstream::tls_config(&[]).unwrap());
        (Origin::new("http", &addr.to_string(), &tls, Duration::from_secs(2)).unwrap(), connections)
    }

    async fn get(origin: &Origin, method: Method) -> Result<Answer, UpstreamError> {
        let request = encode_request(&method, "/v1/x", "h", &[], b"").unwrap();
        let retry = method.is_idempotent();
        origin.send(&request, false, retry, 1024).await
    }

    #[tokio::test]
    async fn chunked_length_and_close_delimited_answers_are_read_whole_on_one_connection() {
        let (origin, connections) = scripted(vec![vec![
            Some("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-Request-Id: a\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nTrailer: t\r\n\r\n"),
            Some("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 4\r\n\r\n{}{}"),
            Some("HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\nuntil the end"),
        ]])
        .await;
        let first = get(&origin, Method::GET).await.unwrap();
        assert_eq!((first.status, &first.body[..]), (StatusCode::OK, &b"hello world"[..]));
        assert_eq!(first.headers["x-request-id"], "a");
        let second = get(&origin, Method::GET).await.unwrap();
        assert_eq!((second.status, &second.body[..]), (StatusCode::CREATED, &b"{}{}"[..]));
        let third = get(&origin, Method::GET).await.unwrap();
        assert_eq!((third.status, &third.body[..]), (StatusCode::NOT_FOUND, &b"until the end"[..]));
        assert_eq!(connections.load(std::sync::atomic::Ordering::SeqCst), 1, "kept alive until told to close");
    }

    #[tokio::test]
    async fn answers_over_the_limit_or_cut_short_fail() {
        let (origin, _) = scripted(vec![
            vec![Some("HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\nx")],
            vec![Some("HTTP/1.1 200 OK\r\nContent-Length: 10\r\nConnection: close\r\n\r\nshort")],
            vec![Some("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")],
            vec![Some("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n+2\r\nab\r\n0\r\n\r\n")],
        ])
        .await;
        for what in ["over the 1024-byte limit", "cut short", "bad chunk size", "signed chunk size"] {
            assert_eq!(get(&origin, Method::GET).await.unwrap_err(), UpstreamError::Unreachable, "{what}");
        }
    }

    #[tokio::test]
    async fn a_kept_alive_connection_closed_under_a_request_is_replaced_for_a_get_only() {
        let ok = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
        let (origin, connections) = scripted(vec![vec![Some(ok), None], vec![Some(ok), None], vec![Some(ok)]]).await;
        get(&origin, Method::GET).await.unwrap();
        // The upstream takes the next request and closes: a GET goes again on a new connection.
        assert_eq!(&get(&origin, Method::GET).await.unwrap().body[..], b"ok");
        assert_eq!(connections.load(std::sync::atomic::Ordering::SeqCst), 2);
        // A POST might have been acted on: it is not sent twice.
        assert_eq!(get(&origin, Method::POST).await.unwrap_err(), UpstreamError::Unreachable);
        assert_eq!(connections.load(std::sync::atomic::Ordering::SeqCst), 2);
    }
}
