//! The merge issue's budgets, measured natively:
//! - two copies of a 1,000-KPI model (two years of weekly actuals) with 100 changes
//!   each: time to merge one into the other, report included;
//! - what the stored copy of that model takes with its edit history (IndexedDB keeps
//!   the file's JSON as it is; the last three copies are kept).
//!
//! `cargo run --release --example merge_budget [dir]` also writes the base and the two
//! changed exports to `dir`, for timing the merge in the browser.

use std::time::Instant;

use interlock::crdt::report::{merge, merge_copy};
use interlock::crdt::Replica;
use interlock::format::{self, codec};
use interlock::generate::{generate, Spec};
use interlock::model::*;

fn main() {
    let today = Date::from_ymd(2026, 3, 18).unwrap();
    let base = generate(&Spec::scaled(1_000), today);
    let started = Instant::now();
    let origin = Replica::start(1, &base);
    let start_ms = started.elapsed().as_secs_f64() * 1e3;
    let state = origin.state();

    let copy = |client: u64, offset: usize| {
        let (mut r, mut m, _) = Replica::open(client, &state).expect("reads");
        let mut doc = Document::new(m.clone());
        let meta = EditMeta { at: Timestamp(1), by: format!("copy {client}"), why: String::new() };
        for i in 0..100 {
            let mut k = doc.model.kpis[(offset + i * 7) % doc.model.kpis.len()].clone();
            if i % 2 == 0 {
                k.description = format!("Changed in copy {client}, step {i}");
            } else {
                k.record(Measurement { date: today.add_days(1 + i as i32), value: i as f64 });
            }
            doc.apply(Edit::update(k), &meta).expect("applies");
        }
        m.clone_from(&doc.model);
        let t = Instant::now();
        r.record(&m);
        (r, m, t.elapsed().as_secs_f64() * 1e3)
    };
    let (mut a, mut am, record_a) = copy(10, 0);
    // One more edit, recorded as an autosave records it.
    let mut k = am.kpis[3].clone();
    k.description = "One more change".into();
    let mut doc = Document::new(am.clone());
    let meta = EditMeta { at: Timestamp(2), by: "copy 10".into(), why: String::new() };
    doc.apply(Edit::update(k), &meta).expect("applies");
    am = doc.model;
    let t = Instant::now();
    a.record(&am);
    let record_one = t.elapsed().as_secs_f64() * 1e3;
    let (b, bm, _) = copy(20, 50);

    let t = Instant::now();
    let merged = merge(&a, &b.state()).expect("same lineage");
    let merge_ms = t.elapsed().as_secs_f64() * 1e3;
    // What the import preview runs: the file's history is first checked against (and
    // brought up to date with) the file's readable model.
    let t = Instant::now();
    let from_file = merge_copy(&a, &b.state(), &bm, 30).expect("same lineage");
    let merge_file_ms = t.elapsed().as_secs_f64() * 1e3;
    assert!(from_file.model == merged.model, "a file as exported merges as its history does");

    let history = a.state();
    let stored = format::save_with_history(&am, Timestamp(0), &format::encode_history(&history)).len();
    let plain = format::save(&am, Timestamp(0)).len();

    println!("| measure | value |");
    println!("|---|---|");
    println!(
        "| KPIs / actuals | {} / {} |",
        am.kpis.len(),
        am.kpis.iter().map(|k| k.measurements.len()).sum::<usize>()
    );
    println!("| start a history (1,000 KPIs) | {start_ms:.0} ms |");
    println!("| record 100 edits in the history | {record_a:.1} ms |");
    println!("| record one more edit (what an autosave does) | {record_one:.1} ms |");
    println!("| merge 100 + 100 changes, report included | {merge_ms:.0} ms |");
    println!("| the same from a file (its history checked against its model) | {merge_file_ms:.0} ms |");
    println!("| report | {} |", merged.report.summary());
    println!(
        "| history (Yjs update) | {} KB, {} KB packed |",
        history.len() / 1000,
        codec::deflate_bytes(&history).len() / 1000
    );
    println!("| stored copy without history | {} KB |", plain / 1000);
    println!("| stored copy with history | {} KB |", stored / 1000);
    println!("| the three copies kept | {} KB |", 3 * stored / 1000);

    if let Some(dir) = std::env::args().nth(1) {
        let write = |name: &str, m: &Model, r: &Replica| {
            let path = std::path::Path::new(&dir).join(name);
            std::fs::write(
                &path,
                format::save_with_history(m, Timestamp(0), &format::encode_history(&r.state())),
            )
            .expect("writes");
        };
        let (_, base_model, _) = Replica::open(2, &state).expect("reads");
        write("merge-base.json", &base_model, &origin);
        write("merge-a.json", &am, &a);
        write("merge-b.json", &bm, &b);
        println!("wrote merge-base.json, merge-a.json, merge-b.json to {dir}");
    }
}
