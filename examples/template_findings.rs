//! Prints every template's findings (rule, severity, title), for reviewing the stories.
//! `cargo run --example template_findings [template-id]`

use interlock::{checks, templates};

fn main() {
    let only = std::env::args().nth(1);
    let today = interlock::model::Date::from_ymd(2026, 11, 23).expect("a date");
    for t in templates::ALL.iter().filter(|t| only.as_deref().is_none_or(|o| o == t.id)) {
        let m = t.build(today);
        let findings = checks::run(&m, today);
        println!("== {} ({} KPIs): {} findings", t.id, m.kpis.len(), findings.len());
        for f in findings.iter().take(60) {
            println!("  {} {:?} {}", f.rule.code(), f.severity, f.title);
        }
    }
}
