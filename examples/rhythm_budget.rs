//! The cost of the rhythm's figures on a large model: 1,000 KPIs with two years of
//! weekly actuals and a check-in on every KPI for every week (about 104,000 check-ins,
//! each with a forecast four weeks ahead). Prints a table; asserts nothing.
//!
//! cargo run --release --example rhythm_budget

use std::time::Instant;

use interlock::generate::{generate, weekly_check_ins, Spec};
use interlock::model::*;
use interlock::rhythm::{agenda, check_in, escalation, forecast, Book};

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1e3
}

/// Median of three runs of `f`, in ms.
fn median(mut f: impl FnMut()) -> f64 {
    let mut runs: Vec<f64> = (0..3)
        .map(|_| {
            let t = Instant::now();
            f();
            ms(t)
        })
        .collect();
    runs.sort_by(f64::total_cmp);
    runs[1]
}

fn main() {
    let today = Date::from_ymd(2026, 3, 18).unwrap();
    let mut m = generate(&Spec::scaled(1_000), today);
    weekly_check_ins(&mut m, today, 104);
    let book_ms = median(|| {
        let _ = Book::new(&m);
    });
    let book = Book::new(&m);
    let accuracy_ms = median(|| {
        let _ = forecast::accuracy(&book, today);
    });
    let acc = forecast::accuracy(&book, today);
    let escalations_ms = median(|| {
        let _ = escalation::escalations(&book, today);
    });
    let escalated = escalation::escalations(&book, today);
    let agenda_ms = median(|| {
        let _ = agenda::agenda(&book, Cadence::Weekly, &escalated, today);
    });
    let draft_ms = median(|| {
        let _ = check_in::draft(&m, m.kpis[500].id, today);
    });
    // The minutes of a meeting that reviewed every KPI, and the checks (rule 17 and the
    // evidence score read the check-ins).
    let meeting = Meeting {
        id: MeetingId(1),
        forum: Cadence::Weekly,
        on: today,
        kpis: m.kpis.iter().map(|k| k.id).collect(),
        decisions: vec!["Keep the plan".into()],
        actions: Vec::new(),
    };
    let minutes_ms = median(|| {
        let _ = interlock::rhythm::minutes::minutes(&m, &meeting);
    });
    let checks_ms = median(|| {
        let _ = interlock::checks::Checked::run(&m, today);
    });
    let plain = Model { check_ins: Vec::new(), ..m.clone() };
    let plain_checks_ms = median(|| {
        let _ = interlock::checks::Checked::run(&plain, today);
    });
    println!("| measure (1,000 KPIs, {} check-ins) | median of 3 |", m.check_ins.len());
    println!("|---|---|");
    println!("| index the check-ins (`Book::new`) | {book_ms:.1} ms |");
    println!("| forecast accuracy ({} forecasts scored) | {accuracy_ms:.1} ms |", acc.company.scored);
    println!("| escalations | {escalations_ms:.1} ms |");
    println!("| weekly agenda | {agenda_ms:.1} ms |");
    println!("| a check-in form's draft | {draft_ms:.1} ms |");
    println!("| minutes of a meeting reviewing all 1,000 | {minutes_ms:.1} ms |");
    println!("| every check and the evidence score | {checks_ms:.1} ms ({plain_checks_ms:.1} ms without the check-ins) |");
}
