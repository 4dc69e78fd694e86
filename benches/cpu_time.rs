//! Criterion measures wall time; on a shared 2-core machine other processes inflate
//! it. `iter_cpu` times the benchmark thread's own CPU time instead, so figures are
//! comparable to an idle machine. The scoring and store benchmarks report both.

// Benchmarks stop at the first failure.
#![allow(clippy::unwrap_used)]

use std::time::Duration;

/// CPU time consumed by the calling thread so far (rustix's safe
/// `clock_gettime(CLOCK_THREAD_CPUTIME_ID)`; the workspace forbids `unsafe`).
pub fn thread_cpu_time() -> Duration {
    let ts = rustix::time::clock_gettime(rustix::time::ClockId::ThreadCPUTime);
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// For `Bencher::iter_custom`: runs `f` `iters` times, returns the CPU time used.
pub fn iter_cpu<O>(iters: u64, mut f: impl FnMut() -> O) -> Duration {
    let start = thread_cpu_time();
    for _ in 0..iters {
        std::hint::black_box(f());
    }
    thread_cpu_time() - start
}
