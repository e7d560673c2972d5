//! Stage timings for profiling: with `ZF_TIMINGS=1` in the environment, each named stage prints
//! its wall time to stderr, and on Linux the CPU time the whole process spent meanwhile (so a
//! stage that leaves a core idle shows as fewer than two cores busy). Off by default; costs one
//! environment lookup per stage.

use std::time::Instant;

pub struct Stage {
    name: &'static str,
    start: Option<(Instant, f64)>,
}

/// Start timing a stage; the time is printed when the value is dropped.
pub fn stage(name: &'static str) -> Stage {
    let on = std::env::var_os("ZF_TIMINGS").is_some_and(|v| v != "0");
    Stage { name, start: on.then(|| (Instant::now(), cpu_seconds())) }
}

impl Drop for Stage {
    fn drop(&mut self) {
        if let Some((wall, cpu)) = self.start {
            let wall = wall.elapsed().as_secs_f64();
            let cpu = cpu_seconds() - cpu;
            eprintln!("[timing] {:<18} {:>8.1} ms  cpu {:>7.1} ms  ({:.2} cores)", self.name, wall * 1000.0, cpu * 1000.0, cpu / wall.max(1e-9));
        }
    }
}

/// User plus system time of the whole process so far.
#[cfg(target_os = "linux")]
fn cpu_seconds() -> f64 {
    // SAFETY: getrusage only writes the struct it is given.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) } != 0 {
        return 0.0;
    }
    let t = |v: libc::timeval| v.tv_sec as f64 + v.tv_usec as f64 / 1e6;
    t(u.ru_utime) + t(u.ru_stime)
}

#[cfg(not(target_os = "linux"))]
fn cpu_seconds() -> f64 {
    0.0
}
