//! Where log lines go: `tracing` events, written to standard output off the request path by
//! `tracing-appender`'s writer thread. `--log-format json` (the default) writes one JSON
//! object a line: `ts`, `level`, then the event's fields (a request's are `method`,
//! `operation`, `status`, `latency_ms`, `request_id`, `session`; see `layers::log_request`);
//! `--log-format text` is tracing's readable format. `--log-level` is a tracing filter
//! (`info`, `warn`, `hilens_proxy::request=off,info`).

use std::fmt;

use tracing::field::{Field, Visit};
use tracing::{Event, Subscriber};
use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::fmt::format::Writer;
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
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(writer).with_ansi(false);
    let installed = match format {
        LogFormat::Json => builder.event_format(JsonLines).try_init(),
        LogFormat::Text => builder.try_init(),
    };
    installed.map_err(|e| format!("cannot install the logger: {e}"))?;
    Ok(guard)
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
