//! Timing helpers shared by the benches: medians of repeated runs and a
//! table line per figure, with its target and whether it is met.

use std::time::{Duration, Instant};

/// The median of `runs` timings of `work` (after one warm-up run).
pub fn median_of<R>(runs: usize, mut work: impl FnMut() -> R) -> Duration {
    std::hint::black_box(work());
    // The result is dropped after the clock stops: freeing it is not the work.
    let timings = (0..runs)
        .map(|_| {
            let started = Instant::now();
            let result = std::hint::black_box(work());
            let elapsed = started.elapsed();
            drop(result);
            elapsed
        })
        .collect();
    median(timings)
}

/// The median of some timings (zero for none).
pub fn median(mut timings: Vec<Duration>) -> Duration {
    timings.sort_unstable();
    timings.get(timings.len() / 2).copied().unwrap_or_default()
}

/// The 95th percentile of some timings (zero for none).
pub fn p95(mut timings: Vec<Duration>) -> Duration {
    timings.sort_unstable();
    let at = (timings.len() * 95 / 100).min(timings.len().saturating_sub(1));
    timings.get(at).copied().unwrap_or_default()
}

/// A duration in the unit that reads best.
pub fn show(duration: Duration) -> String {
    let micros = duration.as_secs_f64() * 1e6;
    if micros < 1_000.0 {
        format!("{micros:.1} µs")
    } else if micros < 1_000_000.0 {
        format!("{:.1} ms", micros / 1_000.0)
    } else {
        format!("{:.2} s", micros / 1_000_000.0)
    }
}

/// Prints one figure: what, the median, the target and the verdict.
pub fn figure(what: &str, value: Duration, target: Option<Duration>) {
    let verdict = match target {
        Some(target) if value <= target => format!("< {}  met", show(target)),
        Some(target) => format!("< {}  NOT MET", show(target)),
        None => String::new(),
    };
    println!("{what:<58} {:>10}   {verdict}", show(value));
}

/// Prints a figure that is not a duration.
pub fn note(what: &str, value: &str, verdict: &str) {
    println!("{what:<58} {value:>10}   {verdict}");
}
