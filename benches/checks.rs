//! Benchmark of `checks::run` on generated models of 1,000 and 10,000 KPIs (links,
//! influences, dependencies, two years of weekly actuals). Reports the median of
//! repeated runs and the 10k/1k ratio; budgets are in the issue, not asserted here.
//!
//! `cargo bench --bench checks`

use std::hint::black_box;
use std::time::{Duration, Instant};

use interlock::checks;
use interlock::generate::{generate, Spec};
use interlock::model::Date;

fn median_run(model: &interlock::model::Model, today: Date) -> (Duration, usize) {
    let mut times = Vec::new();
    let mut findings = 0;
    // Warm up, then time enough runs for a stable median.
    for _ in 0..3 {
        black_box(checks::run(model, today));
    }
    let start = Instant::now();
    while times.len() < 15 || (start.elapsed() < Duration::from_secs(2) && times.len() < 200) {
        let t = Instant::now();
        let f = checks::run(black_box(model), today);
        times.push(t.elapsed());
        findings = f.len();
    }
    times.sort();
    (times[times.len() / 2], findings)
}

fn main() {
    let today = Date::from_ymd(2026, 11, 23).expect("a date");
    let mut results = Vec::new();
    for n in [1_000, 10_000] {
        let model = generate(&Spec::scaled(n), today);
        let actuals: usize = model.kpis.iter().map(|k| k.measurements.len()).sum();
        let (t, findings) = median_run(&model, today);
        println!(
            "checks::run  {n:>6} KPIs  {:>6} links  {:>4} influences  {:>4} dependencies  {actuals:>8} actuals  {findings:>5} findings  median {:>8.2} ms",
            model.links.len(),
            model.influences.len(),
            model.dependencies.len(),
            t.as_secs_f64() * 1e3
        );
        results.push(t);
    }
    println!("ratio 10k/1k: {:.1}", results[1].as_secs_f64() / results[0].as_secs_f64());
}
