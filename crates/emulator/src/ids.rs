//! Ids and tokens: random bytes from the operating system, as hex (resource ids, request ids,
//! tokens; the proxy's session ids too).

use hilens_model::signing;

/// `bytes` random bytes as `2 × bytes` lower-case hex digits.
pub fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    // The OS's generator does not fail on the systems we run on; if it ever did, refusing to
    // issue predictable ids is right, and the handler's thread turns this into a 500.
    getrandom::fill(&mut buf).expect("the operating system's random generator failed");
    signing::hex(&buf)
}
