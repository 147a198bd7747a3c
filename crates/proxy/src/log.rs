//! Request log lines go to standard output in batches: a request only appends its line to a
//! buffer and never waits on the terminal or a pipe; a background thread writes the buffer on a
//! short timer (so a busy proxy pays no thread wake-up per request), and [`flush`] writes what
//! is left when the proxy stops.

use std::io::Write;
use std::sync::{Mutex, Once};
use std::time::Duration;

static PENDING: Mutex<Vec<String>> = Mutex::new(Vec::new());
static WRITER: Once = Once::new();
/// How long a line may wait before it is written.
const FLUSH_EVERY: Duration = Duration::from_millis(25);

/// Queues one line for standard output.
pub fn line(text: String) {
    WRITER.call_once(|| {
        std::thread::spawn(|| loop {
            std::thread::sleep(FLUSH_EVERY);
            flush();
        });
    });
    PENDING.lock().unwrap_or_else(|p| p.into_inner()).push(text);
}

/// Writes every queued line now.
pub fn flush() {
    let lines = std::mem::take(&mut *PENDING.lock().unwrap_or_else(|p| p.into_inner()));
    if lines.is_empty() {
        return;
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for l in lines {
        let _ = writeln!(out, "{l}");
    }
    let _ = out.flush();
}
