//! Every input the structure-aware fuzz target `model` has found, replayed without
//! libFuzzer: each file under `fuzz/regressions/model/` goes the way the fuzz target sends
//! it (load, checks, evidence score, every company KPI's trace, the board, an autosave
//! that loads again) and must not panic, hang, or produce unbounded text.
//!
//! The files are the JSON the target built (`INTERLOCK_FUZZ_DUMP`), so they stay
//! readable and keep their meaning when the fuzz target changes. No time is asserted;
//! a regression that hangs shows as a test that does not finish.

use interlock::checks;
use interlock::format;
use interlock::maturity::evidence;
use interlock::model::{trace, Date, Timestamp};
use interlock::ui::board::data as board;
use serde_json::Value;

mod regressions;

/// The fuzz target's fixed "today".
fn today() -> Date {
    Date::from_ymd(2026, 11, 23).expect("a date")
}

/// The longest text in a file: what any message may quote.
fn longest_text(v: &Value) -> usize {
    match v {
        Value::String(s) => s.len(),
        Value::Array(a) => a.iter().map(longest_text).max().unwrap_or(0),
        Value::Object(o) => o.iter().map(|(k, v)| k.len().max(longest_text(v))).max().unwrap_or(0),
        _ => 0,
    }
}

/// Replays one file; returns what went wrong, if anything.
fn replay(name: &str, text: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let longest = serde_json::from_str::<Value>(text).map(|v| longest_text(&v)).unwrap_or(text.len());
    let loaded = match format::load(text) {
        Ok(loaded) => loaded,
        Err(e) => {
            // Refusing a hostile file with a message is a fine outcome.
            eprintln!("{name}: refused: {e}");
            return problems;
        }
    };
    let m = &loaded.model;
    let today = today();
    let bound = 32 * longest + 8 * 1024;
    let checked = checks::Checked::run(m, today);
    for f in &checked.findings {
        let len = f.title.len() + f.explanation.len() + f.fix.len();
        if len > bound {
            problems.push(format!("{name}: finding {} is {len} bytes (bound {bound})", f.key));
        }
    }
    let _ = evidence::score(m, &checked);
    for t in trace::company_traces(m, today) {
        let root = &t.root_name;
        if t.rows.len() > m.kpis.len() {
            problems.push(format!(
                "{name}: the trace of {root} has {} rows for {} KPIs",
                t.rows.len(),
                m.kpis.len()
            ));
        }
        let len = t.explanation().len();
        if len > bound {
            problems.push(format!("{name}: the trace sentence of {root} is {len} bytes (bound {bound})"));
        }
    }
    let _ = board::lanes(m, today, &board::default_collapsed(m), &Default::default(), &board::Paging::new());
    if let Err(e) = format::load(&format::save(m, Timestamp(0))) {
        problems.push(format!("{name}: the autosave does not load again: {e}"));
    }
    problems
}

#[test]
fn every_input_the_fuzzer_found_goes_through_the_import_path_with_bounded_output() {
    let files = regressions::inputs("model", "json");
    let mut problems = Vec::new();
    for f in &files {
        let name = f.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let text = std::fs::read_to_string(f).unwrap_or_else(|e| panic!("{name}: {e}"));
        problems.extend(replay(&name, &text));
    }
    let shown: Vec<&str> = problems.iter().take(20).map(String::as_str).collect();
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), shown.join("\n"));
}
