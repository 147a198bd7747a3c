//! HTTP/2 written by hand over TLS (ALPN h2): frames as a misbehaving client sends them.

use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A client speaking HTTP/2 frames by hand over TLS (ALPN h2), to misbehave as it likes.
pub struct RawH2 {
    pub tls: tokio_rustls::client::TlsStream<tokio::net::TcpStream>,
    pub read: Vec<u8>,
}

/// Frame types, flags and error codes of RFC 9113.
pub const HEADERS: u8 = 0x1;
pub const RST_STREAM: u8 = 0x3;
pub const PING: u8 = 0x6;
pub const GOAWAY: u8 = 0x7;
pub const END_STREAM_AND_HEADERS: u8 = 0x5;
pub const CANCEL: u32 = 0x8;
pub const ENHANCE_YOUR_CALM: u32 = 0xb;

impl RawH2 {
    pub async fn connect(addr: std::net::SocketAddr, cert: &rcgen::CertifiedKey) -> RawH2 {
        let mut roots = rustls::RootCertStore::empty();
        roots.add(cert.cert.der().clone()).unwrap();
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut config = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_root_certificates(roots)
            .with_no_client_auth();
        config.alpn_protocols = vec![b"h2".to_vec()];
        let tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
        let name = rustls::pki_types::ServerName::try_from("127.0.0.1").unwrap();
        let tls = tokio_rustls::TlsConnector::from(Arc::new(config)).connect(name, tcp).await.unwrap();
        assert_eq!(tls.get_ref().1.alpn_protocol(), Some(&b"h2"[..]));
        RawH2 { tls, read: Vec::new() }
    }

    /// The connection preface and empty settings.
    pub async fn preface(&mut self) {
        let mut out = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".to_vec();
        frame(&mut out, 0x4, 0, 0, &[]);
        self.tls.write_all(&out).await.unwrap();
    }

    /// The next frame (type, flags, stream, payload); `None` once the server has closed the
    /// connection, or after `wait` of silence.
    pub async fn next_frame(&mut self, wait: Duration) -> Option<(u8, u8, u32, Vec<u8>)> {
        loop {
            if self.read.len() >= 9 {
                let len = u32::from_be_bytes([0, self.read[0], self.read[1], self.read[2]]) as usize;
                if self.read.len() >= 9 + len {
                    let head: Vec<u8> = self.read.drain(..9).collect();
                    let payload = self.read.drain(..len).collect();
                    let stream = u32::from_be_bytes([head[5], head[6], head[7], head[8]]) & 0x7fff_ffff;
                    return Some((head[3], head[4], stream, payload));
                }
            }
            let mut buf = [0u8; 16 * 1024];
            match tokio::time::timeout(wait, self.tls.read(&mut buf)).await {
                Ok(Ok(n)) if n > 0 => self.read.extend_from_slice(&buf[..n]),
                _ => return None,
            }
        }
    }

    /// Reads until the server closes the connection (or `wait` of silence); returns the frame
    /// types seen and, when it said goodbye, the GOAWAY's error code.
    pub async fn until_closed(&mut self, wait: Duration) -> (Vec<u8>, Option<u32>) {
        let (mut types, mut goaway) = (Vec::new(), None);
        while let Some((kind, _, _, payload)) = self.next_frame(wait).await {
            types.push(kind);
            if kind == GOAWAY {
                goaway = Some(u32::from_be_bytes([payload[4], payload[5], payload[6], payload[7]]));
            }
        }
        (types, goaway)
    }
}

/// Appends a frame to `out`.
pub fn frame(out: &mut Vec<u8>, kind: u8, flags: u8, stream: u32, payload: &[u8]) {
    out.extend_from_slice(&(payload.len() as u32).to_be_bytes()[1..]);
    out.extend_from_slice(&[kind, flags]);
    out.extend_from_slice(&stream.to_be_bytes());
    out.extend_from_slice(payload);
}

/// A GET of `path` as an HPACK header block: static-table method and scheme, literal path and
/// authority (never indexed, so every block stands alone).
pub fn get(path: &str) -> Vec<u8> {
    let mut block = vec![0x82, 0x87];
    for (index, value) in [(0x04u8, path), (0x01, "127.0.0.1")] {
        block.extend_from_slice(&[index, value.len() as u8]);
        block.extend_from_slice(value.as_bytes());
    }
    block
}
