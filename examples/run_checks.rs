//! Runs `checks::run` once on a generated model (for instruction counting with
//! `valgrind --tool=callgrind --toggle-collect='*checks::run*'`).

use interlock::checks;
use interlock::generate::{generate, Spec};
use interlock::model::Date;

fn main() {
    let n = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(1000);
    let today = Date::from_ymd(2026, 11, 23).expect("a date");
    let model = generate(&Spec::scaled(n), today);
    let findings = checks::run(&model, today);
    println!("{n} KPIs: {} findings", findings.len());
}
