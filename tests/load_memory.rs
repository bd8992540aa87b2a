//! Peak memory of refusing hostile input, measured by a counting allocator. A test
//! binary of its own with a single test, so nothing else allocates meanwhile.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use base64::Engine;
use interlock::format::{self, codec, LoadError};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(n: usize) {
    let now = LIVE.fetch_add(n, Ordering::Relaxed) + n;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let p = System.alloc(l);
        if !p.is_null() {
            grew(l.size());
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        System.dealloc(p, l);
        LIVE.fetch_sub(l.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        let q = System.realloc(p, l, new);
        if !q.is_null() {
            // Counted as a move: both blocks exist while the bytes are copied.
            grew(new);
            LIVE.fetch_sub(l.size(), Ordering::Relaxed);
        }
        q
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// Peak heap bytes used by `f` beyond what was live before it.
fn peak_of<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let out = f();
    (out, PEAK.load(Ordering::Relaxed) - before)
}

#[test]
fn hostile_input_is_refused_within_bounded_memory() {
    // 6.5 million empty KPIs in 19.5 MB: refused by the counting pass, which builds
    // nothing. (Before it, the JSON tree and the DTO took gigabytes.)
    let n = 6_500_000;
    let mut text = String::from(r#"{"format":"interlock.kpi-model","schema":1,"model":{"kpis":["#);
    for i in 0..n {
        text.push_str(if i == 0 { "{}" } else { ",{}" });
    }
    text.push_str("]}}");
    assert!(text.len() < format::MAX_BYTES);
    let (result, peak) = peak_of(|| format::load(&text).map(|_| ()));
    assert_eq!(result, Err(LoadError::TooMany { what: "KPIs".into(), count: n, max: 100_000 }));
    assert!(peak < 1024 * 1024, "refusing took {peak} bytes");
    drop(text);

    // A DEFLATE bomb (200 MB of spaces in a 200 KB link) stops at the 64 MB cap: the
    // buffer never holds more than the cap, and growing it keeps two blocks at most.
    let bomb = miniz_oxide::deflate::compress_to_vec(&vec![b' '; 200 * 1024 * 1024], 10);
    let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bomb);
    let (result, peak) = peak_of(|| codec::from_link_payload(&payload));
    assert_eq!(result, Err(codec::CodecError::TooLarge));
    assert!(peak < 2 * format::MAX_BYTES, "unpacking took {peak} bytes");
}
