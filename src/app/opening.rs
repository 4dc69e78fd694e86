//! The app's database, opened once — and, when opening failed, tried again.
//!
//! The desktop app starts opening its database on a thread of its own before
//! the window (opening, a migration, the samples: issue 15), and the first
//! command that needs it waits for that. A failure is not kept for the rest of
//! the session: a team database that was down when the app started (issue 18)
//! is opened by a later command once it is up, without a restart. Not at
//! once, though: the screens of a new window ask for data in a burst, and each
//! would otherwise wait for a server that does not answer; within
//! `retry_after` of a failure the same failure is given again.

use crate::Text;
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// What an opener makes: the value, and something to hand over once it is
/// opened (the desktop app: why a remembered team database was not opened).
pub type Opened<T, N> = Result<(T, N), Text>;

/// A value opened once, by a first attempt started in the background, or —
/// after a failure — by a later [`OpenOnce::get`].
pub struct OpenOnce<T, N> {
    opened: OnceLock<Mutex<T>>,
    attempts: Mutex<Attempts<T, N>>,
    retry_after: Duration,
}

struct Attempts<T, N> {
    /// The first attempt, started in the background; taken by the first `get`.
    first: Option<JoinHandle<Opened<T, N>>>,
    /// The last failure and when it happened.
    failed: Option<(Instant, Text)>,
}

impl<T: Send + 'static, N: Send + 'static> OpenOnce<T, N> {
    /// Starts `open` on a thread of its own (if no thread can be started,
    /// the first `get` opens instead).
    pub fn start(
        open: impl FnOnce() -> Opened<T, N> + Send + 'static,
        retry_after: Duration,
    ) -> OpenOnce<T, N> {
        let first = std::thread::Builder::new()
            .name("open-store".into())
            .spawn(open)
            .ok();
        OpenOnce {
            opened: OnceLock::new(),
            attempts: Mutex::new(Attempts {
                first,
                failed: None,
            }),
            retry_after,
        }
    }

    /// The opened value, locked. Not opened yet: waits for the first attempt,
    /// or — after a failure more than `retry_after` ago — runs `open` on a
    /// thread of its own (one caller at a time; the others wait and see its
    /// outcome). `opened`
    /// receives what the successful opener handed over, once.
    pub fn get(
        &self,
        open: impl FnOnce() -> Opened<T, N> + Send,
        opened: impl FnOnce(N),
    ) -> Result<MutexGuard<'_, T>, Text> {
        if let Some(value) = self.opened.get() {
            return Ok(lock(value));
        }
        let mut attempts = lock(&self.attempts);
        if let Some(value) = self.opened.get() {
            return Ok(lock(value));
        }
        let outcome = match attempts.first.take() {
            Some(thread) => thread.join().unwrap_or_else(|_| Err(stopped())),
            None => match &attempts.failed {
                Some((at, why)) if at.elapsed() < self.retry_after => return Err(why.clone()),
                // On a thread of its own, as the first attempt: the caller may
                // be an async runtime's worker, where the team database's
                // blocking client must not run (it panics there).
                _ => std::thread::scope(|scope| scope.spawn(open).join())
                    .unwrap_or_else(|_| Err(stopped())),
            },
        };
        match outcome {
            Ok((value, handed_over)) => {
                attempts.failed = None;
                opened(handed_over);
                Ok(lock(self.opened.get_or_init(|| Mutex::new(value))))
            }
            Err(why) => {
                attempts.failed = Some((Instant::now(), why.clone()));
                Err(why)
            }
        }
    }
}

fn stopped() -> Text {
    Text {
        en: "opening the database stopped unexpectedly; try again".to_string(),
        zh_cn: "打开数据库时意外中止；请重试".to_string(),
    }
}

/// Locks `m` even if a thread panicked while holding it: that leaves the data
/// usable (every change is one store transaction), so a poisoned lock is
/// taken anyway. The desktop shell locks its state with this too.
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// How many times each test's opener ran, and whether it succeeds now.
    static CALLS: AtomicUsize = AtomicUsize::new(0);
    static UP: AtomicUsize = AtomicUsize::new(0);

    fn server() -> Opened<String, &'static str> {
        CALLS.fetch_add(1, Ordering::SeqCst);
        if UP.load(Ordering::SeqCst) == 1 {
            Ok(("the team database".to_string(), "handed over"))
        } else {
            Err(Text {
                en: "connection refused".into(),
                zh_cn: "连接被拒绝".into(),
            })
        }
    }

    /// A database that was down at start is opened by a later call once it
    /// is up; calls within the waiting time get the failure without trying.
    /// (One test: the opener's counters are shared.)
    #[test]
    fn a_failed_open_is_tried_again_after_a_while_and_then_kept() {
        let wait = Duration::from_millis(200);
        let once = OpenOnce::start(server, wait);
        let mut handed = Vec::new();
        let err = once.get(server, |n| handed.push(n)).err().unwrap();
        assert_eq!(err.en, "connection refused");
        assert_eq!(CALLS.load(Ordering::SeqCst), 1, "the background attempt");
        // At once again: the same failure, not another wait for the server.
        assert!(once.get(server, |n| handed.push(n)).is_err());
        assert_eq!(CALLS.load(Ordering::SeqCst), 1);
        // Still down after the wait: tried, failed again.
        std::thread::sleep(wait);
        assert!(once.get(server, |n| handed.push(n)).is_err());
        assert_eq!(CALLS.load(Ordering::SeqCst), 2);
        // Up now: opened by the next call after the wait, and kept.
        UP.store(1, Ordering::SeqCst);
        std::thread::sleep(wait);
        assert_eq!(
            *once.get(server, |n| handed.push(n)).unwrap(),
            "the team database"
        );
        assert_eq!(handed, ["handed over"]);
        UP.store(0, Ordering::SeqCst);
        assert_eq!(
            *once.get(server, |n| handed.push(n)).unwrap(),
            "the team database"
        );
        assert_eq!(CALLS.load(Ordering::SeqCst), 3, "opened once, then kept");
        assert_eq!(handed.len(), 1);
    }

    /// A retry called from inside an async runtime (as the desktop app's
    /// commands are) opens on a thread of its own: an opener that starts a
    /// runtime of its own, as the team database's client does, works there.
    #[test]
    fn a_retry_from_an_async_runtime_runs_its_opener_outside_it() {
        fn blocking_client() -> Opened<u32, ()> {
            // What a blocking client does inside: a runtime of its own.
            let runtime = tokio::runtime::Builder::new_current_thread()
                .build()
                .unwrap();
            Ok((runtime.block_on(async { 42 }), ()))
        }
        fn down() -> Opened<u32, ()> {
            Err(Text {
                en: "down".into(),
                zh_cn: "未运行".into(),
            })
        }
        let once = OpenOnce::start(down, Duration::ZERO);
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        runtime.block_on(async {
            assert!(once.get(down, |_| {}).is_err());
            assert_eq!(*once.get(blocking_client, |_| {}).unwrap(), 42);
        });
    }
}
