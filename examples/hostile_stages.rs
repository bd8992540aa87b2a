//! Times every stage after a model is loaded (checks, evidence score, the trace of every
//! company KPI, the board's lanes, the drop targets of one card) on hostile shapes at
//! 10,000 and 100,000 KPIs, with peak memory per stage and the size of what each stage
//! returns. `cargo run --release --example hostile_stages -- 10000 100000 [shape …]`
//!
//! Shapes: a long chain of influences with every third sign negative; a deep chain of
//! level-inverting links, every KPI off track; one company KPI with every other KPI
//! under it; thousands of company KPIs sharing one subtree; the generated model.

use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use interlock::checks;
use interlock::generate::{generate, Spec};
use interlock::maturity::evidence;
use interlock::model::cascade;
use interlock::model::trace;
use interlock::model::*;
use interlock::ui::board::data as board;

/// Counts live and peak heap bytes.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let now = LIVE.fetch_add(l.size(), Ordering::Relaxed) + l.size();
        PEAK.fetch_max(now, Ordering::Relaxed);
        System.alloc(l)
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size(), Ordering::Relaxed);
        System.dealloc(p, l)
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// Runs `f` three times, returning its result, the best time in seconds and the peak
/// heap above the start (MB). The best of three keeps a busy machine's noise out of
/// the ratios.
fn stage<T>(f: impl Fn() -> T) -> (T, f64, f64) {
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let t = Instant::now();
    let out = f();
    let mut secs = t.elapsed().as_secs_f64();
    let peak = PEAK.load(Ordering::Relaxed).saturating_sub(base) as f64 / 1e6;
    for _ in 0..2 {
        let t = Instant::now();
        drop(std::hint::black_box(f()));
        secs = secs.min(t.elapsed().as_secs_f64());
    }
    (out, secs, peak)
}

fn today() -> Date {
    Date::from_ymd(2026, 11, 23).expect("a date")
}

fn base(departments: u32) -> Model {
    let mut m = Model::default();
    for d in 1..=departments {
        m.departments.push(Department { id: DeptId(d), name: format!("Department {d}"), head: None });
        m.people.push(Person {
            id: PersonId(d),
            name: format!("Person {d}"),
            role: String::new(),
            department: Some(DeptId(d)),
            manager: None,
        });
    }
    m
}

/// A KPI with a target, and actuals that put it off track for `weeks` weeks.
fn kpi(id: u32, level: Level, dept: Option<u32>, off_weeks: i32) -> Kpi {
    let mut k = Kpi::new(KpiId(id), format!("KPI number {id}"), level);
    k.department = dept.map(DeptId);
    k.owner = Some(Owner::Person(PersonId(dept.unwrap_or(1))));
    k.target = Some(Target { value: 100.0, upper: None, due: Some(today().add_days(200)) });
    k.data_source = "Warehouse".into();
    for w in 0..8 {
        let value = if w < off_weeks { 50.0 } else { 100.0 };
        k.measurements.push(Measurement { date: today().add_days(-7 * w), value });
    }
    k.measurements.reverse();
    k
}

/// Case 3: one company KPI, a chain of department KPIs by influence, every third sign negative.
fn influence_chain(n: usize) -> Model {
    let mut m = base(4);
    m.kpis.push(kpi(1, Level::Company, None, 0));
    for i in 2..=n as u32 {
        m.kpis.push(kpi(i, Level::Department, Some(i % 4 + 1), 0));
    }
    m.links.push(Link::new(KpiId(2), KpiId(1), "The first of the chain moves the company KPI"));
    for i in 3..=n as u32 {
        let sign = if i % 3 == 0 { Sign::Negative } else { Sign::Positive };
        m.influences.push(Influence { from: KpiId(i), to: KpiId(i - 1), sign, note: String::new() });
    }
    m
}

/// Case 4: company -> department -> team -> company (inverting) ..., all off track.
fn inverting_chain(n: usize) -> Model {
    let mut m = base(4);
    let levels = [Level::Company, Level::Department, Level::Team];
    for i in 0..n as u32 {
        let level = levels[i as usize % 3];
        let dept = (level != Level::Company).then_some(i % 4 + 1);
        // Deeper KPIs went off track earlier.
        m.kpis.push(kpi(i + 1, level, dept, 1 + (i as i32 * 7 / n as i32)));
        if i > 0 {
            m.links.push(Link::new(KpiId(i + 1), KpiId(i), "Each one moves the one above it"));
        }
    }
    m
}

/// One company KPI with every other KPI directly under it, all off track.
fn fan(n: usize) -> Model {
    let mut m = base(8);
    m.kpis.push(kpi(1, Level::Company, None, 2));
    for i in 2..=n as u32 {
        m.kpis.push(kpi(i, Level::Department, Some(i % 8 + 1), 1 + (i % 5) as i32));
        m.links.push(Link::new(KpiId(i), KpiId(1), "It moves the company KPI directly"));
    }
    m
}

/// Half the KPIs are company KPIs, all above one department KPI with the rest below it.
fn shared_subtree(n: usize) -> Model {
    let mut m = base(4);
    let c = (n / 2) as u32;
    for i in 1..=c {
        m.kpis.push(kpi(i, Level::Company, None, 1));
    }
    let d = c + 1;
    m.kpis.push(kpi(d, Level::Department, Some(1), 3));
    for i in 1..=c {
        m.links.push(Link::new(KpiId(d), KpiId(i), "The shared driver moves every company KPI"));
    }
    for i in d + 1..=n as u32 {
        m.kpis.push(kpi(i, Level::Team, Some(i % 4 + 1), 1 + (i % 6) as i32));
        m.links.push(Link::new(KpiId(i), KpiId(d), "Each team KPI moves the shared driver"));
    }
    m
}

fn findings_bytes(f: &[checks::Finding]) -> (usize, usize, usize) {
    let bytes = f.iter().map(|f| f.title.len() + f.explanation.len() + f.fix.len() + f.key.len()).sum();
    let most_kpis = f.iter().map(|f| f.kpis.len() + f.links.len()).max().unwrap_or(0);
    let longest = f.iter().map(|f| f.title.len() + f.explanation.len()).max().unwrap_or(0);
    (bytes, most_kpis, longest)
}

fn run(name: &str, m: &Model) -> Vec<(String, f64)> {
    let today = today();
    let mut times = Vec::new();
    let (c, t, mb) = stage(|| checks::Checked::run(m, today));
    let f = &c.findings;
    let (bytes, most, longest) = findings_bytes(f);
    println!(
        "{name:<16} {:>7} KPIs  checks    {:>9.1} ms {:>8.1} MB  {} findings, {:.1} MB text, longest {} B, most ids {most}",
        m.kpis.len(),
        t * 1e3,
        mb,
        f.len(),
        bytes as f64 / 1e6,
        longest
    );
    times.push(("checks".to_string(), t));
    let (_, t, mb) = stage(|| evidence::evaluate(m, &c));
    println!("{name:<16} {:>7} KPIs  evidence  {:>9.1} ms {:>8.1} MB", m.kpis.len(), t * 1e3, mb);
    times.push(("evidence".to_string(), t));
    let company: Vec<KpiId> =
        m.kpis.iter().filter(|k| k.level == Level::Company && k.is_active()).map(|k| k.id).collect();
    let (rows, t, mb) = stage(|| {
        let traces = trace::company_traces(m, today);
        let rows: usize = traces.iter().map(|t| t.rows.len()).sum();
        let path_names: usize = traces.iter().flat_map(|t| &t.rows).map(|r| r.path.len()).sum();
        (rows, path_names)
    });
    println!(
        "{name:<16} {:>7} KPIs  traces    {:>9.1} ms {:>8.1} MB  {} company KPIs, {} rows, {} path names",
        m.kpis.len(),
        t * 1e3,
        mb,
        company.len(),
        rows.0,
        rows.1
    );
    times.push(("traces".to_string(), t));
    let (_, t, mb) = stage(|| {
        board::lanes(m, today, &board::default_collapsed(m), &HashMap::new(), &board::Paging::new())
    });
    println!("{name:<16} {:>7} KPIs  board     {:>9.1} ms {:>8.1} MB", m.kpis.len(), t * 1e3, mb);
    times.push(("board".to_string(), t));
    let dragged = m.kpis.iter().rev().find(|k| k.level == Level::Team).or(m.kpis.last()).map(|k| k.id);
    let (n, t, mb) = stage(|| dragged.map_or(0, |d| cascade::drop_targets(m, d, true).len()));
    println!(
        "{name:<16} {:>7} KPIs  drops     {:>9.1} ms {:>8.1} MB  {n} targets",
        m.kpis.len(),
        t * 1e3,
        mb
    );
    times.push(("drops".to_string(), t));
    times
}

/// Builds a shape of a given size.
type Build = fn(usize) -> Model;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let sizes: Vec<usize> = args.iter().filter_map(|a| a.parse().ok()).collect();
    // Shape names among the arguments pick shapes (all if none is named).
    let picked: Vec<&String> = args.iter().filter(|a| a.parse::<usize>().is_err()).collect();
    let sizes = if sizes.is_empty() { vec![10_000] } else { sizes };
    let shapes: [(&str, Build); 5] = [
        ("influence-chain", influence_chain),
        ("inverting-chain", inverting_chain),
        ("fan", fan),
        ("shared-subtree", shared_subtree),
        ("generated", |n| generate(&Spec::scaled(n), today())),
    ];
    let mut all: HashMap<(String, String), Vec<f64>> = HashMap::new();
    for (name, build) in shapes {
        if !picked.is_empty() && !picked.iter().any(|p| p.as_str() == name) {
            continue;
        }
        for &n in &sizes {
            let m = build(n);
            for (stage, t) in run(name, &m) {
                all.entry((name.to_string(), stage)).or_default().push(t);
            }
        }
    }
    if sizes.len() == 2 {
        let mut keys: Vec<_> = all.keys().cloned().collect();
        keys.sort();
        for k in keys {
            let v = &all[&k];
            println!("ratio {:<16} {:<9} {:>6.1}", k.0, k.1, v[1] / v[0].max(1e-6));
        }
    }
}
