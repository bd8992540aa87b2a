//! Writes seed histories for the `history` fuzz target to a folder: the state of the
//! copy the target merges into, and two colleagues' copies of it with edits of every
//! kind the fuzzer can then mutate.
//!
//! `cargo run --example history_seeds fuzz/corpus/history`

use interlock::crdt::{fuzz_base, Replica};
use interlock::model::*;

fn main() {
    let dir = std::env::args().nth(1).expect("a folder to write to");
    std::fs::create_dir_all(&dir).expect("the folder");
    let base = fuzz_base();
    let write = |name: &str, bytes: &[u8]| {
        std::fs::write(std::path::Path::new(&dir).join(name), bytes).expect("writes")
    };
    write("base", &base.state());
    for (client, n) in [(20u64, 3usize), (30, 12)] {
        let (mut r, model, _) = Replica::open(client, &base.state()).expect("reads");
        let mut doc = Document::new(model);
        let meta = EditMeta::default();
        for i in 0..n {
            let mut k = doc.model.kpis[i % doc.model.kpis.len()].clone();
            k.name = format!("{} ({client})", k.name);
            k.record(Measurement { date: Date::from_ymd(2026, 1, 1 + i as u32).unwrap(), value: i as f64 });
            let _ = doc.apply(Edit::update(k), &meta);
            let id = doc.model.next_kpi_id();
            let _ = doc.apply(Edit::insert(Kpi::new(id, format!("New {client}-{i}"), Level::Company)), &meta);
        }
        r.record(&doc.model);
        write(&format!("copy-{client}"), &r.state());
    }
}
