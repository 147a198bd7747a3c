//! Deadlines for the two timeouts every request has: the client's request head (hyper's
//! header timeout) and the upstream's answer (and for the rarer ones: a TLS handshake, an
//! upstream connect). tokio's timer wheel costs about 2k instructions
//! a request for them (registering and clearing an entry, reading the clock); here a deadline
//! is a slot in one table, set and cleared under a short lock, and one thread sleeps until the
//! earliest deadline and wakes whoever has passed theirs. Nearly every deadline is cleared long
//! before it passes (an answer takes milliseconds, a timeout is seconds), so that thread wakes
//! rarely: when a deadline passes, or when one earlier than all others is set.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

/// One deadline, registered from creation until dropped.
pub struct Deadline {
    slot: usize,
}

/// The future `inner`, or `Err(Elapsed)` once `limit` has passed.
pub fn timeout<F: Future>(limit: Duration, inner: F) -> Timeout<F> {
    Timeout { inner, deadline: Deadline::after(limit) }
}

/// The deadline passed first.
#[derive(Debug, PartialEq, Eq)]
pub struct Elapsed;

pin_project_lite::pin_project! {
    /// See [`timeout`].
    pub struct Timeout<F> {
        #[pin]
        inner: F,
        deadline: Deadline,
    }
}

impl<F: Future> Future for Timeout<F> {
    type Output = Result<F::Output, Elapsed>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        if let Poll::Ready(out) = this.inner.poll(cx) {
            return Poll::Ready(Ok(out));
        }
        this.deadline.poll_passed(cx).map(|()| Err(Elapsed))
    }
}

impl Deadline {
    pub fn at(at: Instant) -> Deadline {
        let table = Table::get();
        let mut slots = table.lock();
        let slot = Slot { at, waker: None, passed: false };
        let index = match slots.free.pop() {
            Some(i) => {
                slots.slots[i] = slot;
                i
            }
            None => {
                slots.slots.push(slot);
                slots.slots.len() - 1
            }
        };
        slots.live += 1;
        // The watcher sleeps until its earliest deadline; only an earlier one needs it awake.
        if slots.watching_until.is_none_or(|until| at < until) {
            table.changed.notify_one();
        }
        Deadline { slot: index }
    }

    pub fn after(limit: Duration) -> Deadline {
        Deadline::at(Instant::now() + limit)
    }

    /// Ready once the deadline has passed; until then `cx`'s task is woken when it does.
    pub fn poll_passed(&self, cx: &mut Context<'_>) -> Poll<()> {
        let mut slots = Table::get().lock();
        let slot = &mut slots.slots[self.slot];
        if slot.passed {
            return Poll::Ready(());
        }
        match &slot.waker {
            Some(w) if w.will_wake(cx.waker()) => {}
            _ => slot.waker = Some(cx.waker().clone()),
        }
        Poll::Pending
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        let mut slots = Table::get().lock();
        let slot = &mut slots.slots[self.slot];
        slot.waker = None;
        slot.passed = true; // a free slot is never due
        slots.free.push(self.slot);
        slots.live -= 1;
    }
}

/// hyper's timer (for the request-head timeout) on these deadlines.
#[derive(Clone, Copy, Debug)]
pub struct DeadlineTimer;

struct Sleep(Deadline);

impl Future for Sleep {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        self.0.poll_passed(cx)
    }
}

impl hyper::rt::Sleep for Sleep {}

impl hyper::rt::Timer for DeadlineTimer {
    fn sleep(&self, duration: Duration) -> Pin<Box<dyn hyper::rt::Sleep>> {
        Box::pin(Sleep(Deadline::after(duration)))
    }

    fn sleep_until(&self, deadline: Instant) -> Pin<Box<dyn hyper::rt::Sleep>> {
        Box::pin(Sleep(Deadline::at(deadline)))
    }
}

struct Slot {
    at: Instant,
    waker: Option<Waker>,
    passed: bool,
}

struct Slots {
    slots: Vec<Slot>,
    free: Vec<usize>,
    live: usize,
    /// When the watcher will look next (`None`: it is looking now, or has nothing to wait for).
    watching_until: Option<Instant>,
}

struct Table {
    slots: Mutex<Slots>,
    changed: Condvar,
}

/// The one table.
static TABLE: Table = Table {
    slots: Mutex::new(Slots { slots: Vec::new(), free: Vec::new(), live: 0, watching_until: None }),
    changed: Condvar::new(),
};
static WATCHING: AtomicBool = AtomicBool::new(false);

/// Starts the thread that watches the deadlines. Servers call it before serving, so that a
/// system that cannot start it fails at startup with a message; the first deadline set
/// starts it otherwise.
pub fn start() -> Result<(), String> {
    static STARTING: Mutex<()> = Mutex::new(());
    let _one_at_a_time = STARTING.lock().unwrap_or_else(|p| p.into_inner());
    if !WATCHING.load(Ordering::Acquire) {
        std::thread::Builder::new()
            .name("deadlines".into())
            .spawn(|| TABLE.watch())
            .map_err(|e| format!("cannot start the deadline thread: {e}"))?;
        WATCHING.store(true, Ordering::Release);
    }
    Ok(())
}

impl Table {
    fn get() -> &'static Table {
        if !WATCHING.load(Ordering::Acquire) {
            // Reported by the server's own call to `start` where it matters.
            let _ = start();
        }
        &TABLE
    }

    fn lock(&self) -> MutexGuard<'_, Slots> {
        // A panic while holding it leaves the table consistent (each change is one step).
        self.slots.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Wakes the owners of passed deadlines; sleeps until the earliest one left.
    fn watch(&self) {
        let mut slots = self.lock();
        let mut lingered = false;
        loop {
            let now = Instant::now();
            let mut due = Vec::new();
            let mut earliest: Option<Instant> = None;
            if slots.live > 0 {
                for slot in slots.slots.iter_mut().filter(|s| !s.passed) {
                    if slot.at <= now {
                        slot.passed = true;
                        due.extend(slot.waker.take());
                    } else if earliest.is_none_or(|e| slot.at < e) {
                        earliest = Some(slot.at);
                    }
                }
            }
            if !due.is_empty() {
                drop(slots);
                due.into_iter().for_each(Waker::wake);
                slots = self.lock();
                continue;
            }
            // With nothing to wait for, it stays up a while before sleeping for good: a trickle
            // of requests, each deadline alone in the table, then does not wake it every time.
            let until = match earliest {
                None if !lingered => Some(now + LINGER),
                other => other,
            };
            lingered = earliest.is_none() && until.is_some();
            slots.watching_until = until;
            slots = match until {
                Some(at) => {
                    let waited = self.changed.wait_timeout(slots, at.saturating_duration_since(now));
                    waited.unwrap_or_else(|p| p.into_inner()).0
                }
                None => self.changed.wait(slots).unwrap_or_else(|p| p.into_inner()),
            };
            slots.watching_until = None;
        }
    }
}

/// How long the watcher stays up with no deadline set.
const LINGER: Duration = Duration::from_secs(1);

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_timeout_passes_at_its_deadline_and_not_before() {
        let started = Instant::now();
        let out = timeout(Duration::from_millis(150), std::future::pending::<()>()).await;
        assert_eq!(out, Err(Elapsed));
        let took = started.elapsed();
        assert!(took >= Duration::from_millis(150), "{took:?}");
        assert!(took < Duration::from_secs(3), "{took:?}");
    }

    #[tokio::test]
    async fn a_finished_future_wins_and_a_dropped_deadline_is_cleared() {
        assert_eq!(timeout(Duration::from_millis(50), async { 7 }).await, Ok(7));
        let deadline = Deadline::after(Duration::from_secs(3600));
        let at = Table::get().lock().slots[deadline.slot].at;
        let set = |at| Table::get().lock().slots.iter().any(|s| s.at == at && !s.passed);
        assert!(set(at));
        drop(deadline);
        assert!(!set(at), "its slot is free");
    }

    #[tokio::test]
    async fn an_earlier_deadline_set_later_still_passes_on_time() {
        // The watcher is asleep until the 10 s deadline (or a second, lingering); the 100 ms
        // one must wake it.
        let far = Deadline::after(Duration::from_secs(10));
        tokio::time::sleep(Duration::from_millis(50)).await;
        let started = Instant::now();
        let out = timeout(Duration::from_millis(100), std::future::pending::<()>()).await;
        assert_eq!(out, Err(Elapsed));
        assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());
        drop(far);
    }

    #[tokio::test]
    async fn hypers_sleep_ends_at_its_deadline() {
        use hyper::rt::Timer;
        let started = Instant::now();
        DeadlineTimer.sleep(Duration::from_millis(80)).await;
        assert!(started.elapsed() >= Duration::from_millis(80));
    }
}
