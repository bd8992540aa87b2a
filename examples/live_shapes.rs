//! The live room's load test in the app's own update shapes (scripts/live-load drives it).
//!
//! `cargo run --release --example live_shapes -- write DIR [clients] [edits]` writes:
//! - `DIR/seed.bin`: the room's starting document, a 1,000-KPI model (two years of weekly
//!   actuals) as its first browser records it;
//! - `DIR/client-N.bin`: for each client, the updates its browser sends, one per edit, in
//!   order (each a little-endian u32 length, then the Yjs update): the edits people make
//!   in a review, cycled: an actual entered, a KPI renamed, a target changed, a check-in
//!   recorded. Each client works from the seed as its browser would (its own copy, its
//!   own client number), so the updates are exactly what the app sends;
//! - `DIR/expected.json`: the model every copy must end with once all updates are in.
//!
//! `cargo run --release --example live_shapes -- check DIR STATE` reads a room's final
//! state (written by the load test from a replica) and says whether its model is the
//! expected one: convergence checked on the model, not only on the bytes.

use std::fs;
use std::path::Path;

use interlock::crdt::Replica;
use interlock::generate::{generate, Spec};
use interlock::model::*;

fn today() -> Date {
    Date::from_ymd(2026, 3, 18).unwrap()
}

/// One edit of the kinds a review makes, on KPI `at`, the `n`th of client `c`.
fn edit(doc: &mut Document, c: usize, n: usize, at: usize) {
    let meta =
        EditMeta { at: Timestamp(1_800_000_000 + n as i64), by: format!("Client {c}"), why: String::new() };
    let mut k = doc.model.kpis[at].clone();
    let e = match n % 4 {
        0 => {
            k.record(Measurement { date: today().add_days(1 + n as i32), value: (c * 100 + n) as f64 });
            Edit::update(k)
        }
        1 => {
            k.name = format!("{} (client {c}, edit {n})", k.name.split(" (client").next().unwrap_or(""));
            Edit::update(k)
        }
        2 => {
            k.target = Some(Target {
                value: (1_000 + c * 10 + n) as f64,
                upper: None,
                due: Some(today().add_days(90)),
            });
            Edit::update(k)
        }
        _ => {
            k.description = format!("Reviewed by client {c} at edit {n}: on track, forecast held");
            Edit::update(k)
        }
    };
    doc.apply(e, &meta).expect("the edit applies");
}

fn write(dir: &Path, clients: usize, edits: usize) {
    fs::create_dir_all(dir).unwrap();
    let base = generate(&Spec::scaled(1_000), today());
    let seed = Replica::start(1, &base);
    let state = seed.state();
    fs::write(dir.join("seed.bin"), &state).unwrap();
    let mut all = Replica::from_state(2, &state).unwrap();
    let mut sizes = Vec::new();
    for c in 0..clients {
        let (mut r, model, _) = Replica::open(100 + c as u64, &state).unwrap();
        let mut doc = Document::new(model);
        let n_kpis = doc.model.kpis.len();
        let mut out = Vec::new();
        for n in 0..edits {
            // Each client works on its own KPIs, and every fifth edit on one everyone touches.
            let at = if n % 5 == 4 { 0 } else { (c * 37 + n * 11) % n_kpis };
            edit(&mut doc, c, n, at);
            let before = r.state_vector();
            r.record(&doc.model);
            let update = r.changes_since(&before);
            sizes.push(update.len());
            all.receive(&update).unwrap();
            out.extend_from_slice(&(update.len() as u32).to_le_bytes());
            out.extend_from_slice(&update);
        }
        fs::write(dir.join(format!("client-{c}.bin")), out).unwrap();
    }
    // What a browser does with each arrival (at most every 50 ms): read the model.
    let started = std::time::Instant::now();
    let (expected, _) = all.read();
    let read_ms = started.elapsed().as_secs_f64() * 1e3;
    fs::write(dir.join("expected.json"), interlock::format::save(&expected, Timestamp(0))).unwrap();
    sizes.sort_unstable();
    println!(
        "{{\"seedBytes\":{},\"kpis\":{},\"readModelMs\":{:.1},\"updates\":{},\"updateBytes\":{{\"median\":{},\"p95\":{},\"max\":{}}}}}",
        state.len(),
        base.kpis.len(),
        read_ms,
        sizes.len(),
        sizes[sizes.len() / 2],
        sizes[sizes.len() * 95 / 100],
        sizes[sizes.len() - 1]
    );
}

fn check(dir: &Path, state: &Path) {
    let expected =
        interlock::format::load(&fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap().model;
    let (_, model, _) = Replica::open(3, &fs::read(state).unwrap()).expect("the room's state reads");
    if model == expected {
        println!("{{\"modelMatches\":true,\"kpis\":{}}}", model.kpis.len());
    } else {
        println!("{{\"modelMatches\":false}}");
        std::process::exit(1);
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["write", dir, rest @ ..] => {
            let clients = rest.first().and_then(|s| s.parse().ok()).unwrap_or(20);
            let edits = rest.get(1).and_then(|s| s.parse().ok()).unwrap_or(60);
            write(Path::new(dir), clients, edits)
        }
        ["check", dir, state] => check(Path::new(dir), Path::new(state)),
        _ => {
            eprintln!("usage: live_shapes write DIR [clients] [edits] | live_shapes check DIR STATE");
            std::process::exit(2);
        }
    }
}
