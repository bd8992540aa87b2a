//! Times each rule separately on a generated model, to find where `checks::run` spends
//! its time. `cargo run --release --example profile_checks -- 10000`

use std::time::Instant;

use interlock::checks::{rules, Ctx, RuleId};
use interlock::generate::{generate, Spec};
use interlock::model::Date;

fn main() {
    let n = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let today = Date::from_ymd(2026, 11, 23).expect("a date");
    let model = generate(&Spec::scaled(n), today);
    let t = Instant::now();
    let cx = Ctx::new(&model, today);
    println!("{:<22} {:>8.2} ms", "context", t.elapsed().as_secs_f64() * 1e3);
    for rule in RuleId::ALL {
        let mut best = f64::MAX;
        let mut count = 0;
        for _ in 0..5 {
            let mut out = Vec::new();
            let t = Instant::now();
            rules::check(rule, &cx, &mut out);
            best = best.min(t.elapsed().as_secs_f64() * 1e3);
            count = out.len();
        }
        println!("{:<22} {best:>8.2} ms  {count:>5} findings", format!("{:?}", rule));
    }
}
