//! Request log lines go to standard output from one background thread, in batches: a request
//! only hands its line over, and never waits on the terminal or a pipe.

use std::io::Write;
use std::sync::mpsc::{channel, Sender};
use std::sync::{Mutex, OnceLock};

static WRITER: OnceLock<Mutex<Sender<String>>> = OnceLock::new();

fn writer() -> &'static Mutex<Sender<String>> {
    WRITER.get_or_init(|| {
        let (tx, rx) = channel::<String>();
        std::thread::spawn(move || {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            while let Ok(first) = rx.recv() {
                let _ = writeln!(out, "{first}");
                // Take whatever else is waiting, then write it all at once.
                while let Ok(more) = rx.try_recv() {
                    let _ = writeln!(out, "{more}");
                }
                let _ = out.flush();
            }
        });
        Mutex::new(tx)
    })
}

/// Queues one line for standard output.
pub fn line(text: String) {
    let tx = writer().lock().unwrap_or_else(|p| p.into_inner()).clone();
    let _ = tx.send(text);
}
