//! Request log lines go to standard output in batches: a request only appends its line to a
//! shared buffer and never waits on the terminal or a pipe; a background thread writes the
//! buffer on a short timer (so a busy proxy pays no thread wake-up and no allocation per
//! request), and [`flush`] writes what is left when the proxy stops.

use std::io::Write;
use std::sync::{Mutex, Once};
use std::time::Duration;

/// Lines not yet written, each ending in a newline.
static PENDING: Mutex<Vec<u8>> = Mutex::new(Vec::new());
static WRITER: Once = Once::new();
/// How long a line may wait before it is written.
const FLUSH_EVERY: Duration = Duration::from_millis(25);

/// Queues one line for standard output: `write` appends it (without the newline).
pub fn line(write: impl FnOnce(&mut Vec<u8>)) {
    WRITER.call_once(|| {
        std::thread::spawn(|| {
            // The buffers swap places, so neither is freed or grown again once warm.
            let mut spare = Vec::new();
            loop {
                std::thread::sleep(FLUSH_EVERY);
                write_pending(&mut spare);
            }
        });
    });
    let mut pending = PENDING.lock().unwrap_or_else(|p| p.into_inner());
    write(&mut pending);
    pending.push(b'\n');
}

/// Writes every queued line now.
pub fn flush() {
    write_pending(&mut Vec::new());
}

fn write_pending(spare: &mut Vec<u8>) {
    std::mem::swap(&mut *PENDING.lock().unwrap_or_else(|p| p.into_inner()), spare);
    if spare.is_empty() {
        return;
    }
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(spare);
    let _ = out.flush();
    spare.clear();
}
