//! Any bytes as a file to import: loading must never panic, and a file that loads must
//! survive save → load unchanged, with restore idempotent (a second restore changes nothing).
//!
//! With `INTERLOCK_FUZZ_VERBOSE=1` set it prints each input's outcome to stderr, which is
//! handy for checking that the seeds load: `INTERLOCK_FUZZ_VERBOSE=1 cargo +nightly fuzz run
//! import fuzz/seeds/import/*`.
#![no_main]

use std::sync::OnceLock;

use interlock::format;
use interlock::model::Timestamp;
use libfuzzer_sys::fuzz_target;

fn verbose() -> bool {
    static V: OnceLock<bool> = OnceLock::new();
    *V.get_or_init(|| std::env::var_os("INTERLOCK_FUZZ_VERBOSE").is_some())
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let loaded = match format::load(text) {
        Ok(loaded) => loaded,
        Err(e) => {
            if verbose() {
                eprintln!("refused: {e}");
            }
            return;
        }
    };
    let saved = format::save(&loaded.model, Timestamp(0));
    let again = format::load(&saved)
        .unwrap_or_else(|e| panic!("a saved model must load again: {e}\nsaved: {saved}"));
    assert_eq!(again.model, loaded.model, "save → load must give back the same model\nsaved: {saved}");
    let changed: Vec<_> = again.repairs.iter().filter(|r| r.changed).collect();
    assert!(
        changed.is_empty(),
        "restore must be idempotent, but loading the saved model changed: {changed:?}\nsaved: {saved}"
    );
    if verbose() {
        eprintln!(
            "loaded: {} KPIs, {} links, {} repairs ({} changed), migrations {:?}",
            loaded.model.kpis.len(),
            loaded.model.links.len(),
            loaded.repairs.len(),
            loaded.repairs.iter().filter(|r| r.changed).count(),
            loaded.migrations
        );
    }
});
