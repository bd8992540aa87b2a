//! What a hostile sync server can send a live room, timed at two sizes (the ratio shows
//! how each reader grows): `cargo run --release --example live_hostile [n]` (default
//! 10,000; the large size is ten times that).
//!
//! - presence: an awareness update naming `n` people (kept: 100; the rest counted);
//! - gaps: `n` updates that each build on a change never sent (Yrs keeps them pending);
//! - chatter: frames of 1,024 tiny messages, `n / 1,024` of them;
//! - junk: `n` kilobytes of pseudo-random bytes, as one frame (refused or ignored);
//! - oversized: a frame over the 32 MiB cap (refused before it is read).
//!
//! Nothing is asserted; the table says time per stage and the 10x ratio.

use std::time::Instant;

use interlock::crdt::Replica;
use interlock::live::hocuspocus;
use interlock::live::presence::{self, Peers, Presence};
use interlock::live::sync;
use interlock::model::Date;
use yrs::updates::encoder::Encode;
use yrs::{Doc, Map, Options, ReadTxn, Transact};

fn frame(message: &[u8]) -> Vec<u8> {
    hocuspocus::frame("room", message)
}

fn room() -> Replica {
    let model = interlock::templates::by_id("retail").unwrap().build(Date::from_ymd(2026, 3, 18).unwrap());
    Replica::start(1, &model)
}

/// An awareness update naming `n` people.
fn crowd(n: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let var = |out: &mut Vec<u8>, mut v: u64| {
        while v >= 0x80 {
            out.push((v as u8 & 0x7f) | 0x80);
            v >>= 7;
        }
        out.push(v as u8);
    };
    var(&mut out, n as u64);
    for c in 0..n {
        let state =
            serde_json::to_string(&Presence { name: format!("Person {c}"), kpi: Some(1), dragging: false })
                .unwrap();
        var(&mut out, 10 + c as u64);
        var(&mut out, 1);
        var(&mut out, state.len() as u64);
        out.extend_from_slice(state.as_bytes());
    }
    out
}

/// `n` updates from one writer, without its first change: each waits for it.
fn gaps(n: usize) -> Vec<Vec<u8>> {
    let doc = Doc::with_options(Options::with_client_id(yrs::ClientID::new(77)));
    let map = doc.get_or_insert_map("kpis");
    let mut out = Vec::with_capacity(n);
    let mut seen = yrs::StateVector::default();
    for i in 0..=n {
        map.insert(&mut doc.transact_mut(), format!("k{i}"), i as f64);
        let update = doc.transact().encode_state_as_update_v1(&seen);
        seen = doc.transact().state_vector();
        if i > 0 {
            out.push(update);
        }
    }
    out
}

fn junk(bytes: usize) -> Vec<u8> {
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    (0..bytes)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed as u8
        })
        .collect()
}

fn time<T>(f: impl FnOnce() -> T) -> (f64, T) {
    let s = Instant::now();
    let out = f();
    (s.elapsed().as_secs_f64() * 1e3, out)
}

fn stages(n: usize) -> Vec<(&'static str, f64, String)> {
    let mut rows = Vec::new();

    let update = crowd(n);
    let mut peers = Peers::new(0);
    let (ms, _) = time(|| peers.apply(&update));
    rows.push(("presence", ms, format!("{} bytes, {} kept", update.len(), peers.list().len())));

    let mut r = room();
    let before = r.state_vector();
    let updates = gaps(n);
    let (ms, errors) = time(|| {
        updates
            .iter()
            .map(|u| frame(&yrs::sync::Message::Sync(yrs::sync::SyncMessage::Update(u.clone())).encode_v1()))
            .filter(|f| hocuspocus::receive(&mut r, "room", f).is_err())
            .count()
    });
    rows.push((
        "gaps",
        ms,
        format!("{n} pending updates, {errors} refused, copy moved on: {}", r.state_vector() != before),
    ));

    let mut r = room();
    let tiny = yrs::sync::Message::Sync(yrs::sync::SyncMessage::Update(Vec::from([0u8, 0]))).encode_v1();
    let chatter: Vec<u8> = tiny.iter().copied().cycle().take(tiny.len() * sync::MAX_MESSAGES).collect();
    let frames = (n / sync::MAX_MESSAGES).max(1);
    let (ms, refused) = time(|| {
        (0..frames).filter(|_| hocuspocus::receive(&mut r, "room", &frame(&chatter)).is_err()).count()
    });
    rows.push((
        "chatter",
        ms,
        format!("{frames} frames of {} messages, {refused} refused", sync::MAX_MESSAGES),
    ));

    let mut r = room();
    let bytes = frame(&junk(n * 1024));
    let (ms, out) = time(|| hocuspocus::receive(&mut r, "room", &bytes).map(|_| ()));
    rows.push(("junk", ms, format!("{} KiB: {}", n, out.err().map_or("ignored".into(), |e| e.to_string()))));

    let big = vec![0u8; sync::MAX_FRAME + 1];
    let mut r = room();
    let (ms, out) = time(|| hocuspocus::receive(&mut r, "room", &big).map(|_| ()));
    rows.push(("oversized", ms, out.err().map_or("taken".into(), |e| e.to_string())));

    let _ = presence::update(0, 1, None);
    rows
}

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(10_000);
    let small = stages(n);
    let large = stages(n * 10);
    println!("| stage | n = {n} | n = {} | ratio | what happened (large) |", n * 10);
    println!("|---|---|---|---|---|");
    for ((name, a, _), (_, b, note)) in small.iter().zip(&large) {
        println!("| {name} | {a:.1} ms | {b:.1} ms | {:.1} | {note} |", b / a.max(0.001));
    }
}
