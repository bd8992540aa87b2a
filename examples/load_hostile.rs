//! Times loading crafted and very large files, with peak heap use, to keep the load
//! pipeline linear and bounded. One case per run, so a case that hangs can be stopped
//! from outside (`timeout 120 ...`):
//! `cargo run --release --example load_hostile -- <case>`; no case lists them.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use interlock::format::{self, codec};
use interlock::model::*;

/// Counts live heap bytes and remembers the highest mark.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let p = System.alloc(l);
        if !p.is_null() {
            let now = LIVE.fetch_add(l.size(), Ordering::Relaxed) + l.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
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
            let now = LIVE.fetch_add(new, Ordering::Relaxed) + new;
            PEAK.fetch_max(now, Ordering::Relaxed);
            LIVE.fetch_sub(l.size(), Ordering::Relaxed);
        }
        q
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

const ENVELOPE: &str = r#"{"format":"interlock.kpi-model","schema":1,"app":"bench","model":"#;

/// 10,000 team KPIs and a chain of `deps` dependencies (each on the next KPI).
fn deps(n: usize) -> String {
    let mut m = Model::default();
    for i in 1..=10_000u32 {
        m.kpis.push(Kpi::new(KpiId(i), format!("KPI {i}"), Level::Team));
    }
    for i in 1..=n as u32 {
        m.dependencies.push(Dependency::new(DependencyId(i), KpiId(i), KpiId(i + 1)));
    }
    format::save(&m, Timestamp(0))
}

/// A reporting line of `n` people, each managed by the next; `looped` closes it.
fn chain(n: usize, looped: bool) -> String {
    let people: Vec<String> = (1..=n)
        .map(|i| {
            let mgr = if i < n {
                format!(",\"manager\":{}", i + 1)
            } else if looped {
                ",\"manager\":1".to_string()
            } else {
                String::new()
            };
            format!("{{\"id\":{i},\"name\":\"P{i}\"{mgr}}}")
        })
        .collect();
    format!("{ENVELOPE}{{\"people\":[{}]}}}}", people.join(","))
}

fn maxed_ids() -> String {
    format!(
        "{ENVELOPE}{{\"kpis\":[{{\"id\":4294967295,\"name\":\"A\"}},{{\"name\":\"B\"}},{{\"id\":4294967295,\"name\":\"C\"}}],\
         \"people\":[{{\"id\":4294967295,\"name\":\"P\"}},{{\"name\":\"Q\"}}]}}}}"
    )
}

fn long_name() -> String {
    format!("{ENVELOPE}{{\"kpis\":[{{\"id\":1,\"name\":\"{}\"}}]}}}}", "x".repeat(10 * 1024 * 1024))
}

fn empty_kpis(n: usize) -> String {
    let mut s = String::with_capacity(ENVELOPE.len() + 3 * n + 20);
    s.push_str(ENVELOPE);
    s.push_str("{\"kpis\":[");
    for i in 0..n {
        if i > 0 {
            s.push(',');
        }
        s.push_str("{}");
    }
    s.push_str("]}}");
    s
}

fn many_kpis(n: usize) -> String {
    let mut m = Model::default();
    for i in 1..=n as u32 {
        m.kpis.push(Kpi::new(KpiId(i), format!("KPI {i}"), Level::Team));
    }
    format::save(&m, Timestamp(0))
}

fn run(label: &str, text: &str) {
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let t = Instant::now();
    let result = format::load(text);
    let secs = t.elapsed().as_secs_f64();
    let peak = PEAK.load(Ordering::Relaxed) - before;
    let outcome = match &result {
        Ok(l) => format!("loaded {} KPIs, {} repairs", l.model.kpis.len(), l.repairs.len()),
        Err(e) => {
            let m = e.to_string();
            format!("refused: {}", m.chars().take(120).collect::<String>())
        }
    };
    println!(
        "{label:<28} {:>9.1} ms  peak {:>8.1} MB  input {:>6.1} MB  {outcome}",
        secs * 1e3,
        peak as f64 / 1e6,
        text.len() as f64 / 1e6
    );
}

fn run_link(label: &str, text: &str) {
    let payload = codec::to_link_payload(text);
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let t = Instant::now();
    let decoded = codec::from_link_payload(&payload);
    let outcome = match decoded {
        Ok(json) => match format::load(&json) {
            Ok(l) => format!("loaded {} KPIs", l.model.kpis.len()),
            Err(e) => format!("refused: {}", e.to_string().chars().take(120).collect::<String>()),
        },
        Err(e) => format!("link refused: {e}"),
    };
    let secs = t.elapsed().as_secs_f64();
    let peak = PEAK.load(Ordering::Relaxed) - before;
    println!(
        "{label:<28} {:>9.1} ms  peak {:>8.1} MB  link {:>6.1} KB  {outcome}",
        secs * 1e3,
        peak as f64 / 1e6,
        payload.len() as f64 / 1e3
    );
}

fn bomb() {
    let bomb = miniz_oxide::deflate::compress_to_vec(&vec![b' '; 200 * 1024 * 1024], 10);
    let payload = base64::Engine::encode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, bomb);
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let t = Instant::now();
    let r = codec::from_link_payload(&payload);
    println!(
        "{:<28} {:>9.1} ms  peak {:>8.1} MB  link {:>6.1} KB  {:?}",
        "bomb 200 MB",
        t.elapsed().as_secs_f64() * 1e3,
        (PEAK.load(Ordering::Relaxed) - before) as f64 / 1e6,
        payload.len() as f64 / 1e3,
        r.map(|s| s.len())
    );
}

fn main() {
    let case = std::env::args().nth(1).unwrap_or_default();
    match case.as_str() {
        "deps0" => run("10k KPIs, 0 deps", &deps(0)),
        "deps2500" => run("10k KPIs, 2,500 deps", &deps(2500)),
        "deps5000" => run("10k KPIs, 5,000 deps", &deps(5000)),
        "deps9999" => run("10k KPIs, 9,999 deps", &deps(9999)),
        "chain3000" => run("3,000-person chain", &chain(3000, false)),
        "chain10000" => run("10,000-person chain", &chain(10_000, false)),
        "loop10000" => run("10,000-person loop", &chain(10_000, true)),
        "maxed" => run("maxed ids", &maxed_ids()),
        "name10mb" => run("10 MB name", &long_name()),
        "empty6m5" => run("6.5M empty KPIs", &empty_kpis(6_500_000)),
        "link6m5" => run_link("6.5M empty KPIs (link)", &empty_kpis(6_500_000)),
        "link100k" => run_link("100k empty KPIs (link)", &empty_kpis(100_000)),
        "kpis100k" => run("100k KPIs", &many_kpis(100_000)),
        "bomb" => bomb(),
        _ => println!(
            "cases: deps0 deps2500 deps5000 deps9999 chain3000 chain10000 loop10000 maxed name10mb \
             empty6m5 link6m5 link100k kpis100k bomb"
        ),
    }
}
