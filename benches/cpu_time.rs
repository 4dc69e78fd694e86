//! Criterion measures wall time; on a shared 2-core machine other processes inflate
//! it. `iter_cpu` times the benchmark thread's own CPU time instead, so figures are
//! comparable to an idle machine. The scoring and store benchmarks report both;
//! the scoring one, whose code runs on several threads, counts all threads' time.

// Benchmarks stop at the first failure.
#![allow(clippy::unwrap_used)]
// Each bench includes this module and uses part of it.
#![allow(dead_code)]

use std::time::Duration;

/// CPU time consumed by the calling thread so far (rustix's safe
/// `clock_gettime(CLOCK_THREAD_CPUTIME_ID)`; the workspace forbids `unsafe`).
pub fn thread_cpu_time() -> Duration {
    let ts = rustix::time::clock_gettime(rustix::time::ClockId::ThreadCPUTime);
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// CPU time consumed by all threads of this process so far: what a benchmark whose
/// code runs on several threads costs in total (`CLOCK_PROCESS_CPUTIME_ID`).
pub fn process_cpu_time() -> Duration {
    let ts = rustix::time::clock_gettime(rustix::time::ClockId::ProcessCPUTime);
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// For `Bencher::iter_custom`: runs `f` `iters` times, returns all threads' CPU time.
pub fn iter_process_cpu<O>(iters: u64, mut f: impl FnMut() -> O) -> Duration {
    let start = process_cpu_time();
    for _ in 0..iters {
        std::hint::black_box(f());
    }
    process_cpu_time() - start
}

/// For `Bencher::iter_custom`: runs `f` `iters` times, returns the CPU time used.
pub fn iter_cpu<O>(iters: u64, mut f: impl FnMut() -> O) -> Duration {
    let start = thread_cpu_time();
    for _ in 0..iters {
        std::hint::black_box(f());
    }
    thread_cpu_time() - start
}
