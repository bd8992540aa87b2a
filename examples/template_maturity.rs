//! Prints each template's evidence score and its facts, for reviewing the maturity stories.
//! `cargo run --example template_maturity`

use interlock::{checks, maturity, templates};

fn main() {
    let today = interlock::model::Date::from_ymd(2026, 11, 23).expect("a date");
    for t in templates::ALL.iter() {
        let m = t.build(today);
        let c = checks::Checked::run(&m, today);
        let s = maturity::evidence::score(&m, &c);
        println!("== {}: {:.1} ({})", t.id, s.total, s.level.label());
        for e in maturity::evidence::evaluate(&m, &c) {
            println!("  {:<36} {:>5.2}  - {}", e.criterion.label(), e.share, e.cost_summary());
        }
    }
}
