//! Times the parts of saving a large model natively: serialising, packing (DEFLATE at
//! several levels + base64) — to choose the storage compression level.
//! `cargo run --release --example save_cost`

use std::time::Instant;

use base64::Engine;
use interlock::format;
use interlock::generate::{generate, Spec};
use interlock::model::{Date, Timestamp};

fn main() {
    let today = Date::from_ymd(2026, 11, 23).expect("a date");
    let m = generate(&Spec::scaled(1000), today);
    let t = Instant::now();
    let json = format::save(&m, Timestamp(0));
    println!("serialise: {:.1} ms, {} bytes", t.elapsed().as_secs_f64() * 1e3, json.len());
    for level in [1u8, 3, 6] {
        let t = Instant::now();
        let z = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), level);
        let b = base64::engine::general_purpose::STANDARD.encode(&z);
        println!("level {level}: {:.1} ms, {} bytes packed", t.elapsed().as_secs_f64() * 1e3, b.len());
    }
    let t = Instant::now();
    let _ = format::load(&json).expect("loads");
    println!("load: {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
}
