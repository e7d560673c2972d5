//! Stage timings for profiling: with `ZF_TIMINGS=1` in the environment, each named stage prints
//! its wall time to stderr. Off by default; costs one environment lookup per stage.

use std::time::Instant;

pub struct Stage {
    name: &'static str,
    start: Option<Instant>,
}

/// Start timing a stage; the time is printed when the value is dropped.
pub fn stage(name: &'static str) -> Stage {
    let on = std::env::var_os("ZF_TIMINGS").is_some_and(|v| v != "0");
    Stage { name, start: on.then(Instant::now) }
}

impl Drop for Stage {
    fn drop(&mut self) {
        if let Some(s) = self.start {
            eprintln!("[timing] {:<18} {:>8.1} ms", self.name, s.elapsed().as_secs_f64() * 1000.0);
        }
    }
}
