//! Where log lines go: `tracing` events, written to standard output off the request path by
//! `tracing-appender`'s writer thread. `--log-format json` (the default) writes one JSON
//! object a line: `ts`, `level`, then the event's fields (a request's are `method`,
//! `operation`, `status`, `latency_ms`, `request_id`, `session`; see `layers::log_request`);
//! `--log-format text` is tracing's readable format. `--log-level` is a tracing filter
//! (`info`, `warn`, `hilens_proxy::request=off,info`).
//!
//! A serving thread gathers its lines and hands them to the writer thread in one piece when
//! it has nothing else to do (its runtime is about to wait) or when 32 KB have gathered, as
//! nginx's `access_log ... buffer=` does: handed over one by one, each line woke the writer
//! thread, which then made a system call or two for it (docs/choices.md has the figures).

use std::cell::RefCell;
use std::fmt;
use std::io::Write;
use std::sync::OnceLock;

use tracing::field::{Field, Visit};
use tracing::{Event, Subscriber};
use tracing_appender::non_blocking::{NonBlocking, WorkerGuard};
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::fmt::{FmtContext, FormatEvent, FormatFields};
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::EnvFilter;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    Json,
    Text,
}

/// Installs the process's subscriber. Keep the guard until the end: dropping it writes the
/// lines still queued.
pub fn init(level: &str, format: LogFormat) -> Result<WorkerGuard, String> {
    let filter = EnvFilter::try_new(level).map_err(|e| format!("--log-level {level}: {e}"))?;
    // Lines reach standard output in batches: one write for all the lines queued meanwhile,
    // not one per line (each a system call).
    let (writer, guard) =
        tracing_appender::non_blocking(std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout()));
    let _ = WRITER.set(writer.clone());
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(Batching(writer)).with_ansi(false);
    let installed = match format {
        LogFormat::Json => builder.event_format(JsonLines).try_init(),
        LogFormat::Text => builder.try_init(),
    };
    installed.map_err(|e| format!("cannot install the logger: {e}"))?;
    Ok(guard)
}

/// A serving thread hands its gathered lines over once this many bytes are waiting.
const BATCH_BYTES: usize = 32 * 1024;

thread_local! {
    /// The lines this thread has gathered; `None` on threads that do not gather theirs.
    static BATCH: RefCell<Option<Vec<u8>>> = const { RefCell::new(None) };
}

/// The writer thread's queue, for [`hand_over`].
static WRITER: OnceLock<NonBlocking> = OnceLock::new();

/// Makes this thread gather its lines until [`hand_over`] (a serving thread calls this
/// first, and `hand_over` whenever it is about to wait and once at its end).
pub fn gather_on_this_thread() {
    BATCH.with_borrow_mut(|b| *b = Some(Vec::with_capacity(BATCH_BYTES + 1024)));
}

/// Hands the lines this thread has gathered to the writer thread.
pub fn hand_over() {
    BATCH.with_borrow_mut(|batch| {
        if let (Some(batch), Some(writer)) = (batch.as_mut().filter(|b| !b.is_empty()), WRITER.get()) {
            let _ = writer.clone().write_all(batch);
            batch.clear();
        }
    });
}

/// Lines to the writer thread, by way of the thread's gathered lines where it gathers them.
struct Batching(NonBlocking);

impl<'a> MakeWriter<'a> for Batching {
    type Writer = Line<'a>;

    fn make_writer(&'a self) -> Line<'a> {
        Line(&self.0)
    }
}

/// One line (the formatter writes each event at once).
struct Line<'a>(&'a NonBlocking);

impl std::io::Write for Line<'_> {
    fn write(&mut self, line: &[u8]) -> std::io::Result<usize> {
        let gathered = BATCH.with_borrow_mut(|batch| {
            batch.as_mut().map(|b| {
                b.extend_from_slice(line);
                b.len() >= BATCH_BYTES
            })
        });
        match gathered {
            None => self.0.clone().write_all(line)?,
            Some(true) => hand_over(),
            Some(false) => {}
        }
        Ok(line.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// One JSON object per event: `ts` (UTC, to the second), `level`, then its fields, written
/// straight into the line (serde_json quotes the text values).
struct JsonLines;

impl<S, N> FormatEvent<S, N> for JsonLines
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    N: for<'a> FormatFields<'a> + 'static,
{
    fn format_event(&self, _: &FmtContext<'_, S, N>, mut writer: Writer<'_>, event: &Event<'_>) -> fmt::Result {
        writer.write_str("{\"ts\":\"")?;
        writer.write_str(&now_text())?;
        writer.write_str("\",\"level\":\"")?;
        writer.write_str(event.metadata().level().as_str())?;
        writer.write_char('"')?;
        let mut fields = JsonFields { out: &mut writer, result: Ok(()) };
        event.record(&mut fields);
        fields.result?;
        writeln!(writer, "}}")
    }
}

/// The time stamp for now, formatted once a second per thread rather than once a line.
fn now_text() -> std::rc::Rc<str> {
    thread_local! {
        static LAST: std::cell::RefCell<(i64, std::rc::Rc<str>)> = std::cell::RefCell::new((i64::MIN, "".into()));
    }
    let now = hilens_emulator::clock::now_secs();
    LAST.with_borrow_mut(|(secs, text)| {
        if *secs != now {
            *secs = now;
            *text = hilens_emulator::clock::iso8601(now).into();
        }
        text.clone()
    })
}

/// Writes an event's fields as `,"name":value` (the message as `msg`).
struct JsonFields<'a, 'w> {
    out: &'a mut Writer<'w>,
    result: fmt::Result,
}

impl JsonFields<'_, '_> {
    /// `,"name":` then the value, as it is (a number, `null`, quoted text).
    fn put(&mut self, field: &Field, value: &dyn fmt::Display) {
        if self.result.is_ok() {
            self.result = self.name(field).and_then(|()| write!(self.out, "{value}"));
        }
    }

    fn name(&mut self, field: &Field) -> fmt::Result {
        let name = if field.name() == "message" { "msg" } else { field.name() };
        self.out.write_str(",\"")?;
        self.out.write_str(name)?;
        self.out.write_str("\":")
    }

    fn put_text(&mut self, field: &Field, value: &str) {
        if self.result.is_err() {
            return;
        }
        // Request lines' texts (names, ids, tags) need no escaping: written as they are, with
        // no formatting machinery (this is most of a line's cost).
        if !value.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20) {
            self.result = self.name(field).and_then(|()| {
                self.out.write_char('"')?;
                self.out.write_str(value)?;
                self.out.write_char('"')
            });
            return;
        }
        match serde_json::to_string(value) {
            Ok(quoted) => self.put(field, &quoted),
            Err(_) => self.result = Err(fmt::Error),
        }
    }
}

impl Visit for JsonFields<'_, '_> {
    fn record_f64(&mut self, field: &Field, value: f64) {
        match serde_json::Number::from_f64(value) {
            Some(n) => self.put(field, &n),
            None => self.put(field, &"null"),
        }
    }
    fn record_i64(&mut self, field: &Field, value: i64) {
        self.put(field, &value);
    }
    fn record_u64(&mut self, field: &Field, value: u64) {
        self.put(field, &value);
    }
    fn record_bool(&mut self, field: &Field, value: bool) {
        self.put(field, &value);
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.put_text(field, value);
    }
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.put_text(field, &format!("{value:?}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    /// Lines written by the subscriber under test.
    #[derive(Clone, Default)]
    struct Lines(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Lines {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_serving_threads_lines_go_over_together_when_it_waits_or_has_gathered_32_kb() {
        let lines = Lines::default();
        let (writer, guard) = tracing_appender::non_blocking(lines.clone());
        assert!(WRITER.set(writer.clone()).is_ok(), "the only test that sets the writer");
        let subscriber = tracing_subscriber::fmt().event_format(JsonLines).with_writer(Batching(writer)).finish();
        let written = |at_least: usize| {
            for _ in 0..200 {
                let n = String::from_utf8(lines.0.lock().unwrap().clone()).unwrap().lines().count();
                if n >= at_least {
                    return n;
                }
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            String::from_utf8(lines.0.lock().unwrap().clone()).unwrap().lines().count()
        };
        tracing::subscriber::with_default(subscriber, || {
            gather_on_this_thread();
            tracing::info!(request_id = "first");
            tracing::info!(request_id = "second");
            std::thread::sleep(std::time::Duration::from_millis(50));
            assert_eq!(written(0), 0, "gathered, not handed over yet");
            hand_over();
            assert_eq!(written(2), 2);
            // 400 lines of over 100 bytes: the first 32 KB go over without waiting.
            for _ in 0..400 {
                tracing::info!(request_id = "0123456789abcdef0123456789abcdef0123456789abcdef");
            }
            let handed = written(3);
            assert!(handed > 2 && handed < 402, "{handed}: some lines went over, the rest wait");
            hand_over();
        });
        drop(guard);
        assert_eq!(written(402), 402);
    }

    #[test]
    fn request_events_are_one_json_line_each_with_their_fields() {
        let lines = Lines::default();
        let sink = lines.clone();
        let subscriber = tracing_subscriber::fmt().event_format(JsonLines).with_writer(move || sink.clone()).finish();
        tracing::subscriber::with_default(subscriber, || {
            tracing::info!(
                method = "GET",
                operation = "show_skill_list",
                status = 200u16,
                latency_ms = 1.24,
                request_id = "a\"b\\c\n",
                session = Some("0123456789ab")
            );
            tracing::warn!("the session store did not answer");
        });
        let text = String::from_utf8(lines.0.lock().unwrap().clone()).unwrap();
        let mut it = text.lines();
        let v: serde_json::Value = serde_json::from_str(it.next().unwrap()).unwrap();
        assert_eq!(v["request_id"], "a\"b\\c\n");
        assert_eq!((v["status"].as_u64(), v["latency_ms"].as_f64()), (Some(200), Some(1.24)));
        assert_eq!((v["operation"].as_str(), v["session"].as_str()), (Some("show_skill_list"), Some("0123456789ab")));
        assert_eq!(v["level"], "INFO");
        assert!(v["ts"].as_str().unwrap().ends_with('Z'));
        let w: serde_json::Value = serde_json::from_str(it.next().unwrap()).unwrap();
        assert_eq!((w["level"].as_str(), w["msg"].as_str()), (Some("WARN"), Some("the session store did not answer")));
        assert!(it.next().is_none());
    }
}
