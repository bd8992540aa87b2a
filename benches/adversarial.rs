//! The adversarial scale benchmark: every stage of the import path, timed and weighed on
//! the hostile shapes of `interlock::generate::adversarial` at 10,000 and 100,000 KPIs.
//!
//! Stages: `load` (size cap, parse, migrate, DTO, restore: `format::load` of the file
//! text), `checks` (`Checked::run`), `evidence` (the evidence score), `traces` (the
//! diagnostic trace of every company KPI, with its sentence), `board` (the board's lanes
//! with the default folding), `save` (the autosave's `format::save`) and `csv` (the
//! KPI-list import of the same KPIs). Each stage reports its median time (several runs
//! when a run is quick, one when it is slow; ratios compare the fastest runs), its peak heap above what was live when it
//! began (a counting global allocator), and the size of what it produced. When `load`
//! refuses a file or is stopped, the later stages run on the generated model, so the
//! algorithms are still measured.
//!
//! Every shape and size runs in a child process of this binary, and each stage in a
//! thread with a time budget: a stage over budget is reported as stopped and the child
//! exits (ending the runaway thread); the parent then carries on with the next stages.
//!
//! The table (markdown) goes to stdout and to `.bench/adversarial.md`. It flags what
//! breaks the issue's budgets: load + checks + evidence + traces over 1 s for a
//! 10,000-KPI model, and a stage whose time grows more than 15 times from the small size
//! to the large one. Nothing is asserted.
//!
//! ```sh
//! cargo bench --bench adversarial                   # every shape at 10,000 and 100,000
//! cargo bench --bench adversarial -- influence      # shapes whose name contains a filter
//! ADVERSARIAL_QUICK=1 cargo bench --bench adversarial   # CI size: 1,000 and 10,000, 5 s budget
//! ```
//!
//! Environment: `ADVERSARIAL_SIZES=10000,100000`, `ADVERSARIAL_BUDGET_S=30` (per stage),
//! `ADVERSARIAL_TODAY=2026-11-23` (the fixed "today"; no clock is read),
//! `ADVERSARIAL_MAX_MB=3072` (a child whose live heap passes this stops the stage),
//! `ADVERSARIAL_OUT=path` (instead of `.bench/adversarial.md`),
//! `ADVERSARIAL_STAGES=load,checks,evidence,traces` (only these stages; evidence needs
//! checks, and without load the later stages run on the generated model).

use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::hint::black_box;
use std::io::{BufRead, BufReader, Write as _};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use interlock::checks::Checked;
use interlock::format;
use interlock::generate::adversarial::Shape;
use interlock::maturity::evidence;
use interlock::model::{trace, Date, KpiId, Model, Timestamp};
use interlock::ui::board::data as board;

// ---------------------------------------------------------------------------------------
// Peak memory: a counting allocator around the system one.

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

/// Live heap above which a child stops itself (set from `ADVERSARIAL_MAX_MB` at start).
static CAP: AtomicUsize = AtomicUsize::new(usize::MAX);

fn grew(by: usize) {
    let now = CURRENT.fetch_add(by, Ordering::Relaxed) + by;
    PEAK.fetch_max(now, Ordering::Relaxed);
    if now > CAP.load(Ordering::Relaxed) {
        // No allocation from here: a fixed message on unbuffered stderr, then abort. The
        // parent reads the message and reports the stage as over the memory cap.
        let _ = std::io::Write::write_all(&mut std::io::stderr(), MEMORY_CAP_MESSAGE.as_bytes());
        std::process::abort();
    }
}

const MEMORY_CAP_MESSAGE: &str = "\nadversarial: over the memory cap\n";

// SAFETY: every call is forwarded to `System` unchanged; only counters are updated.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
            grew(new_size);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Starts a peak measurement; returns the bytes live now.
fn reset_peak() -> usize {
    let now = CURRENT.load(Ordering::Relaxed);
    PEAK.store(now, Ordering::Relaxed);
    now
}

fn peak_since(base: usize) -> usize {
    PEAK.load(Ordering::Relaxed).saturating_sub(base)
}

// ---------------------------------------------------------------------------------------
// Stages.

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Stage {
    Load,
    Checks,
    Evidence,
    Traces,
    Board,
    Save,
    Csv,
}

const STAGES: [Stage; 7] =
    [Stage::Load, Stage::Checks, Stage::Evidence, Stage::Traces, Stage::Board, Stage::Save, Stage::Csv];

/// The stages the issue's 1 s budget adds up.
const BUDGETED: [Stage; 4] = [Stage::Load, Stage::Checks, Stage::Evidence, Stage::Traces];

impl Stage {
    fn name(self) -> &'static str {
        match self {
            Stage::Load => "load",
            Stage::Checks => "checks",
            Stage::Evidence => "evidence",
            Stage::Traces => "traces",
            Stage::Board => "board",
            Stage::Save => "save",
            Stage::Csv => "csv",
        }
    }

    fn named(s: &str) -> Option<Stage> {
        STAGES.into_iter().find(|x| x.name() == s)
    }
}

/// What a child has to work with.
struct State {
    shape: Shape,
    n: usize,
    today: Date,
    text: String,
    model: Option<Model>,
    /// "loaded" or "generated".
    source: &'static str,
    /// What `checks` gave: the findings, and what the evidence score reads of each KPI.
    checked: Option<Checked>,
}

/// One stage's outcome in a child.
enum Outcome {
    /// Median seconds, runs, peak bytes, what it produced.
    Done(Timing, usize, usize, String),
    /// Could not run, and why.
    Skipped(String),
}

/// A stage's time: the median of its runs (shown) and the fastest (what ratios compare:
/// the run least disturbed by other work on a shared machine).
#[derive(Clone, Copy, Debug)]
struct Timing {
    median: f64,
    best: f64,
}

/// Runs `f` once, and again up to five runs while runs are quick (three while under 2 s);
/// the first run's result is kept. Returns (timing, runs, peak bytes of the first run,
/// result).
fn measure<T>(mut f: impl FnMut() -> T) -> (Timing, usize, usize, T) {
    let base = reset_peak();
    let start = Instant::now();
    let first = black_box(f());
    let t0 = start.elapsed().as_secs_f64();
    let peak = peak_since(base);
    let mut times = vec![t0];
    let began = Instant::now();
    while (times.len() < 5 && t0 < 0.3 && began.elapsed() < Duration::from_secs(3))
        || (times.len() < 3 && t0 < 2.0 && began.elapsed() < Duration::from_secs(6))
    {
        let s = Instant::now();
        black_box(f());
        times.push(s.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    (Timing { median: times[times.len() / 2], best: times[0] }, times.len(), peak, first)
}

fn run_stage(stage: Stage, st: &mut State) -> Outcome {
    let today = st.today;
    if stage == Stage::Load {
        let (t, runs, peak, result) = measure(|| format::load(&st.text));
        let out = match result {
            Ok(loaded) => {
                let changed = loaded.repairs.iter().filter(|r| r.changed).count();
                let note = format!(
                    "file {}, {} KPIs, {} repairs ({changed} changed)",
                    human_bytes(st.text.len()),
                    loaded.model.kpis.len(),
                    loaded.repairs.len()
                );
                st.model = Some(loaded.model);
                st.source = "loaded";
                note
            }
            Err(e) => {
                let mut msg = e.to_string();
                msg.truncate(90);
                format!("file {}, refused: {msg}", human_bytes(st.text.len()))
            }
        };
        return Outcome::Done(t, runs, peak, out);
    }
    if st.model.is_none() {
        st.model = st.shape.model(st.n, today);
        st.source = "generated";
    }
    let Some(m) = st.model.as_ref() else {
        return Outcome::Skipped("no model (the file did not load, and the shape has no model)".into());
    };
    let on = if st.source == "generated" { " (on the generated model)" } else { "" };
    match stage {
        Stage::Load => unreachable!("handled above"),
        Stage::Checks => {
            let (t, runs, peak, checked) = measure(|| Checked::run(m, today));
            let findings = &checked.findings;
            let text: usize =
                findings.iter().map(|f| f.title.len() + f.explanation.len() + f.fix.len()).sum();
            let widest = findings.iter().map(|f| f.kpis.len()).max().unwrap_or(0);
            let note = format!(
                "{} findings, {} of text, widest names {widest} KPIs{on}",
                findings.len(),
                human_bytes(text)
            );
            st.checked = Some(checked);
            Outcome::Done(t, runs, peak, note)
        }
        Stage::Evidence => {
            let Some(checked) = st.checked.as_ref() else {
                return Outcome::Skipped("needs the findings of checks".into());
            };
            let (t, runs, peak, score) = measure(|| evidence::score(m, checked));
            Outcome::Done(t, runs, peak, format!("score {:.0} ({}){on}", score.total, score.level.label()))
        }
        Stage::Traces => {
            // One `Tracer` for every company KPI, as the app's executive view would need:
            // `trace::trace` per KPI is a pass over the whole model each time.
            let (t, runs, peak, (count, rows, text)) = measure(|| {
                let traces = trace::company_traces(m, today);
                let rows = traces.iter().map(|tr| tr.rows.len()).sum::<usize>();
                let text = traces.iter().map(|tr| tr.explanation().len()).sum::<usize>();
                (traces.len(), rows, text)
            });
            Outcome::Done(
                t,
                runs,
                peak,
                format!("{count} traces, {rows} rows, {} of sentences{on}", human_bytes(text)),
            )
        }
        Stage::Board => {
            let mut per_kpi: HashMap<KpiId, usize> = HashMap::new();
            for f in st.checked.iter().flat_map(|c| &c.findings) {
                for &k in &f.kpis {
                    *per_kpi.entry(k).or_default() += 1;
                }
            }
            let (t, runs, peak, lanes) = measure(|| {
                board::lanes(m, today, &board::default_collapsed(m), &per_kpi, &board::Paging::new())
            });
            let cards = lanes.company.len()
                + lanes.departments.iter().chain(&lanes.people).map(|g| g.cards.len()).sum::<usize>();
            Outcome::Done(t, runs, peak, format!("{cards} cards rendered{on}"))
        }
        Stage::Save => {
            let (t, runs, peak, text) = measure(|| format::save(m, Timestamp::at_midnight(today)));
            Outcome::Done(t, runs, peak, format!("{} written{on}", human_bytes(text.len())))
        }
        Stage::Csv => {
            let Some(csv) = st.shape.csv(st.n, today) else {
                return Outcome::Skipped("no spreadsheet for this shape".into());
            };
            let empty = Model::default();
            let (t, runs, peak, preview) = measure(|| interlock::format::csv::parse_kpi_list(&csv, &empty));
            Outcome::Done(
                t,
                runs,
                peak,
                format!(
                    "{} rows, {} KPIs, {} row errors",
                    csv.lines().count() - 1,
                    preview.kpis.len(),
                    preview.errors.len()
                ),
            )
        }
    }
}

// ---------------------------------------------------------------------------------------
// The child: one shape at one size, the stages it is asked for.

fn child(spec: &str, budget: Duration, today: Date) {
    let mut parts = spec.split_whitespace();
    let shape = parts.next().and_then(Shape::named).expect("a shape name");
    let n: usize = parts.next().and_then(|s| s.parse().ok()).expect("a size");
    let stages: Vec<Stage> = parts.next().unwrap_or("").split(',').filter_map(Stage::named).collect();
    let text = shape.file(n, today);
    let mut st = Some(State { shape, n, today, text, model: None, source: "generated", checked: None });
    let stdout = std::io::stdout();
    for stage in stages {
        let _ = writeln!(stdout.lock(), "START\t{}", stage.name());
        let (tx, rx) = mpsc::channel();
        let mut state = st.take().expect("the state is back from the last stage");
        std::thread::Builder::new()
            .name(stage.name().into())
            .stack_size(8 << 20)
            .spawn(move || {
                let out = run_stage(stage, &mut state);
                let _ = tx.send((state, out));
            })
            .expect("a thread");
        match rx.recv_timeout(budget) {
            Ok((state, out)) => {
                let line = match out {
                    Outcome::Done(t, runs, peak, note) => {
                        format!("ROW\t{}\tok\t{}/{}\t{runs}\t{peak}\t{note}", stage.name(), t.median, t.best)
                    }
                    Outcome::Skipped(why) => format!("ROW\t{}\tskipped\t0\t0\t0\t{why}", stage.name()),
                };
                let _ = writeln!(stdout.lock(), "{line}");
                st = Some(state);
            }
            Err(_) => {
                let _ = writeln!(
                    stdout.lock(),
                    "ROW\t{}\tstopped\t{}\t0\t{}\tstill running after the budget; stopped",
                    stage.name(),
                    budget.as_secs_f64(),
                    PEAK.load(Ordering::Relaxed)
                );
                let _ = stdout.lock().flush();
                std::process::exit(0);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// The parent: runs children, collects rows, prints the table.

#[derive(Clone, Debug)]
struct Row {
    status: String,
    /// The median run (or, when stopped, the budget).
    secs: f64,
    /// The fastest run (the budget when stopped).
    best: f64,
    runs: usize,
    peak: usize,
    note: String,
}

/// Runs one shape at one size: a child for the stages left, again after a stop or a crash.
fn run_case(
    shape: Shape,
    n: usize,
    budget: Duration,
    max_mb: usize,
    stages: &[Stage],
) -> HashMap<Stage, Row> {
    let mut rows: HashMap<Stage, Row> = HashMap::new();
    let exe = std::env::current_exe().expect("the benchmark's own path");
    loop {
        let mut todo: Vec<Stage> = stages.iter().copied().filter(|s| !rows.contains_key(s)).collect();
        // Evidence needs the findings of checks in the same child.
        if rows.get(&Stage::Checks).is_some_and(|r| r.status != "ok") {
            if let Some(i) = todo.iter().position(|s| *s == Stage::Evidence) {
                todo.remove(i);
                rows.insert(Stage::Evidence, skipped("not run: checks did not finish"));
            }
        }
        if todo.is_empty() {
            return rows;
        }
        let spec =
            format!("{} {n} {}", shape.name(), todo.iter().map(|s| s.name()).collect::<Vec<_>>().join(","));
        eprintln!(
            "  {} n={n}: {}",
            shape.name(),
            todo.iter().map(|s| s.name()).collect::<Vec<_>>().join(" ")
        );
        let mut child = Command::new(&exe)
            .env("ADVERSARIAL_CHILD", &spec)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the benchmark can run itself");
        // The child stops itself after a stage's budget; this is the backstop in case
        // generating the file hangs or the child cannot exit.
        let deadline = Instant::now() + budget * (todo.len() as u32 + 2) + Duration::from_secs(120);
        let stdout = child.stdout.take().expect("piped");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut started: Option<Stage> = None;
        let mut killed = false;
        loop {
            match rx.recv_timeout(Duration::from_millis(200)) {
                Ok(line) => {
                    let f: Vec<&str> = line.splitn(7, '\t').collect();
                    match f.as_slice() {
                        ["START", s] => started = Stage::named(s),
                        ["ROW", s, status, secs, runs, peak, note] => {
                            if let Some(stage) = Stage::named(s) {
                                let (median, best) = secs.split_once('/').unwrap_or((secs, secs));
                                let secs = median.parse().unwrap_or(0.0);
                                rows.insert(
                                    stage,
                                    Row {
                                        status: status.to_string(),
                                        secs,
                                        best: best.parse().unwrap_or(secs),
                                        runs: runs.parse().unwrap_or(0),
                                        peak: peak.parse().unwrap_or(0),
                                        note: note.to_string(),
                                    },
                                );
                            }
                        }
                        _ => {}
                    }
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    if Instant::now() > deadline {
                        let _ = child.kill();
                        killed = true;
                    }
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
        }
        let status = child.wait().ok();
        let mut err = String::new();
        if let Some(mut e) = child.stderr.take() {
            let _ = std::io::Read::read_to_string(&mut e, &mut err);
        }
        // A stage that started and reported nothing crashed the child (or was killed).
        if let Some(stage) = started.filter(|s| !rows.contains_key(s)) {
            let last = err.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("no message").to_string();
            let row = if err.contains(MEMORY_CAP_MESSAGE.trim()) {
                Row {
                    status: "memory".into(),
                    secs: 0.0,
                    best: 0.0,
                    runs: 0,
                    peak: max_mb * 1024 * 1024,
                    note: format!("live heap over the {max_mb} MB cap; stopped"),
                }
            } else {
                let why = if killed {
                    "killed by the backstop".to_string()
                } else {
                    format!("crashed ({}): {last}", status.map(|s| s.to_string()).unwrap_or_default())
                };
                Row { status: "crashed".into(), secs: 0.0, best: 0.0, runs: 0, peak: 0, note: why }
            };
            rows.insert(stage, row);
        } else if started.is_none() {
            // Nothing started: generating the file failed. Give up on this case.
            for s in todo {
                rows.entry(s).or_insert_with(|| skipped("not run: the child failed before the first stage"));
            }
        }
    }
}

fn skipped(why: &str) -> Row {
    Row { status: "skipped".into(), secs: 0.0, best: 0.0, runs: 0, peak: 0, note: why.into() }
}

fn human_time(secs: f64) -> String {
    if secs < 1e-3 {
        format!("{:.3} ms", secs * 1e3)
    } else if secs < 1.0 {
        format!("{:.1} ms", secs * 1e3)
    } else {
        format!("{secs:.2} s")
    }
}

fn human_bytes(b: usize) -> String {
    let b = b as f64;
    if b < 1024.0 {
        format!("{b} B")
    } else if b < 1024.0 * 1024.0 {
        format!("{:.1} KB", b / 1024.0)
    } else if b < 1024.0 * 1024.0 * 1024.0 {
        format!("{:.1} MB", b / 1024.0 / 1024.0)
    } else {
        format!("{:.2} GB", b / 1024.0 / 1024.0 / 1024.0)
    }
}

fn cell_time(r: Option<&Row>) -> String {
    match r {
        None => "—".into(),
        Some(r) => match r.status.as_str() {
            "ok" if r.runs > 1 => format!("{} (median of {})", human_time(r.secs), r.runs),
            "ok" => human_time(r.secs),
            "stopped" => format!("**> {:.0} s (stopped)**", r.secs),
            "crashed" => "**crashed**".into(),
            "memory" => "**stopped (memory)**".into(),
            _ => "not run".into(),
        },
    }
}

fn cell_peak(r: Option<&Row>) -> String {
    match r {
        Some(r) if r.status == "ok" => human_bytes(r.peak),
        Some(r) if r.status == "stopped" || r.status == "memory" => format!("> {}", human_bytes(r.peak)),
        _ => "—".into(),
    }
}

/// The large/small ratio of the fastest runs, and whether it breaks the budget of 15.
fn ratio(small: Option<&Row>, large: Option<&Row>) -> (String, bool) {
    match (small, large) {
        (Some(s), Some(l)) if s.status == "ok" && s.best > 0.0 => match l.status.as_str() {
            "ok" => {
                let r = l.best / s.best;
                (format!("{r:.1}"), r > 15.0)
            }
            "stopped" => {
                let r = l.secs / s.best;
                (format!("> {r:.0}"), r > 15.0)
            }
            _ => ("—".into(), false),
        },
        _ => ("—".into(), false),
    }
}

fn parse_date(s: &str) -> Option<Date> {
    let mut p = s.split('-').map(|x| x.parse::<i64>().ok());
    let (y, m, d) = (p.next()??, p.next()??, p.next()??);
    Date::from_ymd(i32::try_from(y).ok()?, u32::try_from(m).ok()?, u32::try_from(d).ok()?)
}

fn main() {
    let quick = std::env::var_os("ADVERSARIAL_QUICK").is_some_and(|v| v != "0");
    let budget = Duration::from_secs_f64(
        std::env::var("ADVERSARIAL_BUDGET_S").ok().and_then(|s| s.parse().ok()).unwrap_or(if quick {
            5.0
        } else {
            30.0
        }),
    );
    let today = std::env::var("ADVERSARIAL_TODAY")
        .ok()
        .and_then(|s| parse_date(&s))
        .or_else(|| Date::from_ymd(2026, 11, 23))
        .expect("a valid date");

    let max_mb: usize = std::env::var("ADVERSARIAL_MAX_MB").ok().and_then(|s| s.parse().ok()).unwrap_or(3072);
    if let Ok(spec) = std::env::var("ADVERSARIAL_CHILD") {
        CAP.store(max_mb.saturating_mul(1024 * 1024), Ordering::Relaxed);
        child(&spec, budget, today);
        return;
    }

    let sizes: Vec<usize> = std::env::var("ADVERSARIAL_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        .filter(|v: &Vec<usize>| !v.is_empty())
        .unwrap_or_else(|| if quick { vec![1_000, 10_000] } else { vec![10_000, 100_000] });
    // `cargo bench` passes `--bench`; anything else is a filter on the shape's name.
    let filters: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let shapes: Vec<Shape> = Shape::ALL
        .into_iter()
        .filter(|s| filters.is_empty() || filters.iter().any(|f| s.name().contains(f.as_str())))
        .collect();

    let stages: Vec<Stage> = std::env::var("ADVERSARIAL_STAGES")
        .ok()
        .map(|s| s.split(',').filter_map(|x| Stage::named(x.trim())).collect())
        .filter(|v: &Vec<Stage>| !v.is_empty())
        .unwrap_or_else(|| STAGES.to_vec());
    let mut results: Vec<(Shape, Vec<HashMap<Stage, Row>>)> = Vec::new();
    for &shape in &shapes {
        let per_size: Vec<HashMap<Stage, Row>> =
            sizes.iter().map(|&n| run_case(shape, n, budget, max_mb, &stages)).collect();
        results.push((shape, per_size));
    }

    let table = render(&results, &sizes, budget, today, quick);
    print!("{table}");
    let out = std::env::var("ADVERSARIAL_OUT").map(std::path::PathBuf::from).unwrap_or_else(|_| {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(".bench").join("adversarial.md")
    });
    if let Some(dir) = out.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    match std::fs::write(&out, &table) {
        Ok(()) => eprintln!("written to {}", out.display()),
        Err(e) => eprintln!("could not write {}: {e}", out.display()),
    }
}

fn render(
    results: &[(Shape, Vec<HashMap<Stage, Row>>)],
    sizes: &[usize],
    budget: Duration,
    today: Date,
    quick: bool,
) -> String {
    let mut t = String::new();
    let size_label = |n: usize| {
        let s = n.to_string();
        let mut out = String::new();
        for (i, c) in s.chars().enumerate() {
            if i > 0 && (s.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        out
    };
    let _ = writeln!(t, "# Adversarial scale benchmark\n");
    // Other work on the machine skews every number; say how busy it was (Linux only).
    let load =
        std::fs::read_to_string("/proc/loadavg").ok().and_then(|l| l.split(' ').next().map(str::to_owned));
    if let Some(load) = load {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let _ = writeln!(t, "Load average when the table was written: {load} on {cores} cores.\n");
    }
    let _ = writeln!(
        t,
        "Native `cargo bench` build{}, today = {today}, per-stage budget {:.0} s (a stage over it is stopped). \
         Time is the median of up to 5 runs when a run is under 0.3 s (3 when under 2 s), else one run; the \
         ratio compares each size's fastest run (the least disturbed on a shared machine). Peak is the heap \
         high-water mark above what was live when the stage began. Budgets (issue 9): load + checks + evidence + \
         traces ≤ 1 s at 10,000 KPIs; each stage's time ratio between sizes ≤ 15. **Bold** marks what breaks them.\n",
        if quick { " (quick mode)" } else { "" },
        budget.as_secs_f64()
    );
    let mut header = String::from("| shape | stage |");
    let mut rule = String::from("|---|---|");
    for &n in sizes {
        let _ = write!(header, " {} time | {} peak |", size_label(n), size_label(n));
        rule.push_str("---:|---:|");
    }
    if sizes.len() >= 2 {
        let _ = write!(header, " ratio {}/{} |", size_label(sizes[sizes.len() - 1]), size_label(sizes[0]));
        rule.push_str("---:|");
    }
    header.push_str(" output (largest size) |");
    rule.push_str("---|");
    let _ = writeln!(t, "{header}\n{rule}");
    let mut breaches: Vec<String> = Vec::new();
    for (shape, per_size) in results {
        for stage in STAGES {
            // A stage left out by ADVERSARIAL_STAGES.
            if per_size.iter().all(|rows| !rows.contains_key(&stage)) {
                continue;
            }
            let mut line = format!("| {} | {} |", shape.name(), stage.name());
            for rows in per_size {
                let r = rows.get(&stage);
                let _ = write!(line, " {} | {} |", cell_time(r), cell_peak(r));
            }
            if per_size.len() >= 2 {
                let (text, bad) = ratio(per_size[0].get(&stage), per_size[per_size.len() - 1].get(&stage));
                if bad {
                    breaches.push(format!("{} / {}: time ratio {text}", shape.name(), stage.name()));
                    let _ = write!(line, " **{text}** |");
                } else {
                    let _ = write!(line, " {text} |");
                }
            }
            let note = per_size
                .iter()
                .rev()
                .find_map(|rows| rows.get(&stage).map(|r| r.note.replace('|', "/")))
                .unwrap_or_default();
            let _ = writeln!(t, "{line} {note} |");
        }
        // The budgeted sum at each size.
        let mut line = format!("| {} | **load+checks+evidence+traces** |", shape.name());
        for (i, rows) in per_size.iter().enumerate() {
            let all_ok = BUDGETED.iter().all(|s| rows.get(s).is_some_and(|r| r.status == "ok"));
            let sum: f64 = BUDGETED.iter().filter_map(|s| rows.get(s)).map(|r| r.secs).sum();
            let text = if all_ok { human_time(sum) } else { format!("> {}", human_time(sum)) };
            let over = sizes[i] == 10_000 && (!all_ok || sum > 1.0);
            if over {
                breaches.push(format!(
                    "{} at 10,000: load+checks+evidence+traces {text} (budget 1 s)",
                    shape.name()
                ));
                let _ = write!(line, " **{text}** | |");
            } else {
                let _ = write!(line, " {text} | |");
            }
        }
        if per_size.len() >= 2 {
            line.push_str(" |");
        }
        let _ = writeln!(t, "{line} |");
    }
    for (shape, per_size) in results {
        for (i, rows) in per_size.iter().enumerate() {
            for stage in STAGES {
                if let Some(r) =
                    rows.get(&stage).filter(|r| matches!(r.status.as_str(), "stopped" | "crashed" | "memory"))
                {
                    breaches.push(format!(
                        "{} / {} at {}: {} ({})",
                        shape.name(),
                        stage.name(),
                        size_label(sizes[i]),
                        r.status,
                        r.note
                    ));
                }
            }
        }
    }
    let _ = writeln!(t, "\n## Over budget ({})\n", breaches.len());
    for b in &breaches {
        let _ = writeln!(t, "- {b}");
    }
    if breaches.is_empty() {
        let _ = writeln!(t, "Nothing: every stage is within the budgets.");
    }
    t
}
