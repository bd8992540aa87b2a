//! What the analysis stages output, held still while their insides change.
//!
//! The checks, the evidence score and the diagnostic traces are tuned for speed on large
//! models (dense arrays, fewer passes), and such work must not change a word of what they
//! say. This test renders every finding (all its fields, in order), every criterion's
//! evidence and the score, and the traces (every company KPI's, and at small sizes every
//! KPI's) for:
//!
//! - each hostile shape of `generate::adversarial` at 100, 1,000 and 10,000 KPIs, loaded
//!   from its file as a user would import it;
//! - each template on a few days (a leap day and a year end among them);
//! - each input the fuzzer found (`fuzz/regressions/model/`);
//!
//! and compares a 64-bit digest of each rendering with `tests/fixtures/outputs.txt`.
//! A change that is meant to change an output updates that file on purpose:
//! `INTERLOCK_UPDATE_OUTPUTS=1 cargo test --test outputs`, and the diff names the cases.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use interlock::checks::{self, Finding};
use interlock::format;
use interlock::generate::adversarial::Shape;
use interlock::maturity::evidence;
use interlock::model::trace::{Trace, Tracer};
use interlock::model::{Date, Model};
use interlock::templates;

mod regressions;

/// FNV-1a, 64 bits: a digest that does not depend on the toolchain.
fn digest(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x} {} bytes", text.len())
}

fn finding(out: &mut String, f: &Finding) {
    let _ = writeln!(
        out,
        "{} {:?} {}\n  {}\n  {}\n  {}\n  kpis {:?} departments {:?} people {:?} links {:?} dependencies {:?}",
        f.rule.code(),
        f.severity,
        f.key,
        f.title,
        f.explanation,
        f.fix,
        f.kpis,
        f.departments,
        f.people,
        f.links,
        f.dependencies
    );
}

fn trace(out: &mut String, t: &Trace) {
    let _ = writeln!(out, "{t:?}\n  {}", t.explanation());
}

/// Everything the stages say about a model, as text.
fn render(m: &Model, today: Date, every_kpi: bool) -> String {
    let mut out = String::new();
    let checked = checks::Checked::run(m, today);
    let _ = writeln!(out, "{} findings", checked.findings.len());
    for f in &checked.findings {
        finding(&mut out, f);
    }
    for e in evidence::evaluate(m, &checked) {
        let _ = writeln!(out, "{e:?}");
    }
    let _ = writeln!(out, "{:?}", evidence::score(m, &checked));
    let tracer = Tracer::new(m, today);
    for t in tracer.company_traces() {
        trace(&mut out, &t);
    }
    if every_kpi {
        for k in &m.kpis {
            if let Some(t) = tracer.trace(k.id) {
                trace(&mut out, &t);
            }
        }
    }
    out
}

fn date(text: &str) -> Date {
    Date::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn outputs() -> BTreeMap<String, String> {
    let mut cases = BTreeMap::new();
    let today = date("2026-11-23");
    for shape in Shape::ALL {
        for n in [100, 1_000, 10_000] {
            let file = shape.file(n, today);
            let model = match format::load(&file) {
                Ok(loaded) => loaded.model,
                Err(e) => shape.model(n, today).unwrap_or_else(|| panic!("{}: {e}", shape.name())),
            };
            cases.insert(format!("hostile {} {n}", shape.name()), digest(&render(&model, today, n <= 1_000)));
        }
    }
    for t in &templates::ALL {
        for day in ["2026-03-18", "2026-11-23", "2026-12-31", "2028-02-29"] {
            let today = date(day);
            let m = t.build(today);
            cases.insert(format!("template {} {day}", t.id), digest(&render(&m, today, true)));
        }
    }
    for f in regressions::inputs("model", "json") {
        let name = f.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let text = std::fs::read_to_string(&f).unwrap_or_else(|e| panic!("{name}: {e}"));
        let rendered = match format::load(&text) {
            Ok(loaded) => render(&loaded.model, today, true),
            Err(e) => format!("refused: {e}"),
        };
        cases.insert(format!("fuzz {name}"), digest(&rendered));
    }
    cases
}

#[test]
fn every_stage_says_what_it_said_before() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/outputs.txt");
    let now: String = outputs().iter().map(|(case, d)| format!("{case}: {d}\n")).collect();
    if std::env::var_os("INTERLOCK_UPDATE_OUTPUTS").is_some() {
        std::fs::write(&path, &now).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        return;
    }
    let before = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let changed: Vec<String> = before
        .lines()
        .zip(now.lines())
        .filter(|(a, b)| a != b)
        .map(|(a, b)| format!("  was {a}\n  now {b}"))
        .collect();
    assert!(
        changed.is_empty() && before.lines().count() == now.lines().count(),
        "{} cases changed:\n{}",
        changed.len(),
        changed.join("\n")
    );
}
