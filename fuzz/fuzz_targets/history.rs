//! Any bytes as a model's edit history (the `history` of a file or share link): reading
//! them, deriving the model and merging them into a copy of the retail template must
//! never panic, and never be slow (`fuzz/run.sh history` runs with a per-input time and
//! memory limit). Seeds are real histories of that copy (`examples/history_seeds.rs`),
//! so mutations reach the merge and not only the decoder.
#![no_main]

use interlock::crdt::report::merge;
use interlock::crdt::Replica;
use libfuzzer_sys::fuzz_target;

thread_local! {
    static OURS: Replica = interlock::crdt::fuzz_base();
}

fuzz_target!(|data: &[u8]| {
    if let Ok(mut r) = Replica::from_state(7, data) {
        let _ = r.read();
    }
    OURS.with(|ours| {
        if let Ok(mut merged) = merge(ours, data) {
            let (model, _) = merged.replica.read();
            merged.replica.record(&model);
        }
    });
});
