//! Any bytes as stored text or as a share-link payload: decoding must never panic, and
//! whatever text it gives must load (or be refused) without panicking.
#![no_main]

use interlock::format::{self, codec};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(json) = codec::unpack(text) {
        let _ = format::load(&json);
    }
    if let Ok(json) = codec::from_link_payload(text) {
        let _ = format::load(&json);
    }
});
