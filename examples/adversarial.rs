//! Writes an adversarial shape as an Interlock file, or inspects a file: what loading it
//! repairs, how many findings each rule gives and the longest one, and how long each
//! company KPI's trace is. For looking at what the benchmark and the fuzzer report.
//!
//! ```sh
//! cargo run --release --example adversarial -- influence-chain 10000 > chain.json
//! cargo run --release --example adversarial -- --inspect chain.json
//! cargo run --release --example adversarial -- --list
//! ```

use std::collections::BTreeMap;

use interlock::checks;
use interlock::format;
use interlock::generate::adversarial::Shape;
use interlock::model::{trace, Date, Level};

fn main() {
    let today = Date::from_ymd(2026, 11, 23).expect("a valid date");
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("--list") | None => {
            for s in Shape::ALL {
                println!("{}", s.name());
            }
        }
        Some("--inspect") => {
            let path = args.get(1).expect("a file to inspect");
            let text = std::fs::read_to_string(path).expect("a readable UTF-8 file");
            inspect(&text, today);
        }
        Some(name) => {
            let shape = Shape::named(name).unwrap_or_else(|| panic!("no shape {name:?}; try --list"));
            let n = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(1000);
            print!("{}", shape.file(n, today));
        }
    }
}

fn inspect(text: &str, today: Date) {
    let loaded = match format::load(text) {
        Ok(l) => l,
        Err(e) => {
            println!("refused: {e}");
            return;
        }
    };
    let m = &loaded.model;
    println!(
        "{} bytes: {} KPIs, {} links, {} influences, {} dependencies, {} people; {} repairs",
        text.len(),
        m.kpis.len(),
        m.links.len(),
        m.influences.len(),
        m.dependencies.len(),
        m.people.len(),
        loaded.repairs.len()
    );
    let findings = checks::run(m, today);
    let mut by_rule: BTreeMap<String, (usize, usize, String)> = BTreeMap::new();
    for f in &findings {
        let len = f.title.len() + f.explanation.len() + f.fix.len();
        let e = by_rule.entry(f.rule.code().to_string()).or_default();
        e.0 += 1;
        if len > e.1 {
            e.1 = len;
            e.2 = f.title.chars().take(100).collect();
        }
    }
    println!("{} findings", findings.len());
    for (rule, (count, longest, title)) in by_rule {
        println!("  {rule}: {count:>7} findings, longest {longest:>8} bytes: {title}");
    }
    for k in m.kpis.iter().filter(|k| k.is_active() && k.level == Level::Company).take(5) {
        if let Some(t) = trace::trace(m, k.id, today) {
            println!("trace of {}: {} rows; {}", k.name, t.rows.len(), t.explanation());
        }
    }
}
