//! The cost of the spreadsheet export on a large model: 1,000 weekly KPIs with two years
//! of actuals and a check-in on every KPI for every week (about 104,000 check-ins, a
//! third of them with an open action), as `examples/rhythm_budget.rs` builds it. Prints
//! the time to build the tables, to write the workbook and each table's CSV, and their
//! sizes; asserts nothing.
//!
//! cargo run --release --example workbook_budget

use std::time::Instant;

use interlock::checks;
use interlock::format::{csv, tables, xlsx};
use interlock::generate::{generate, weekly_check_ins, Spec};
use interlock::model::*;

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1e3
}

/// Median of three runs of `f`, in ms, and its last result.
fn median<T>(mut f: impl FnMut() -> T) -> (f64, T) {
    let mut out = None;
    let mut runs: Vec<f64> = (0..3)
        .map(|_| {
            let t = Instant::now();
            out = Some(f());
            ms(t)
        })
        .collect();
    runs.sort_by(f64::total_cmp);
    (runs[1], out.expect("three runs"))
}

fn main() {
    let today = Date::from_ymd(2026, 3, 18).unwrap();
    let mut m = generate(&Spec::scaled(1_000), today);
    weekly_check_ins(&mut m, today, 104);
    let findings = checks::run(&m, today);
    let (tables_ms, tables) = median(|| tables::tables_with_findings(&m, &findings, today));
    let (book_ms, book) = median(|| xlsx::workbook(&tables, today).expect("within Excel's limits"));
    let (csv_ms, csv_bytes) = median(|| tables.iter().map(|t| csv::write(t).len()).sum::<usize>());
    let cells: usize = tables.iter().map(|t| t.rows.len() * t.header.len()).sum();
    println!(
        "| measure (1,000 KPIs, {} actuals, {} check-ins, {} findings) | median of 3 |",
        m.kpis.iter().map(|k| k.measurements.len()).sum::<usize>(),
        m.check_ins.len(),
        findings.len()
    );
    println!("|---|---|");
    for t in &tables {
        println!("| {} | {} rows × {} columns |", t.name, t.rows.len(), t.header.len());
    }
    println!("| build the tables ({cells} cells) | {tables_ms:.0} ms |");
    println!("| write the workbook | {book_ms:.0} ms, {} bytes |", book.len());
    println!("| write every table as CSV | {csv_ms:.0} ms, {csv_bytes} bytes |");
}
