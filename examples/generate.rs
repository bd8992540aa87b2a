//! Writes a generated model as an Interlock file, for benchmarks and manual testing.
//!
//! `cargo run --release --example generate -- 1000 [weeks] > model-1000.json`

use interlock::format;
use interlock::generate::{generate, Spec};
use interlock::model::{Date, Timestamp};

fn main() {
    let mut args = std::env::args().skip(1);
    let kpis = args.next().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let mut spec = Spec::scaled(kpis);
    if let Some(weeks) = args.next().and_then(|a| a.parse().ok()) {
        spec.weeks = weeks;
    }
    let today = Date::from_ymd(2026, 11, 23).expect("a valid date");
    let model = generate(&spec, today);
    print!("{}", format::save(&model, Timestamp::at_midnight(today)));
}
