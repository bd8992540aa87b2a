//! An arbitrary model, as a file: the fuzzer's bytes drive the `arbitrary` crate to build
//! a file's JSON entity by entity, with hostile values on purpose (any `u32` id, ids at
//! and near `u32::MAX`, missing and duplicate ids, dangling references, self links and
//! cycles, huge and tiny numbers, impossible dates, long and invisible-character text).
//! The file then goes the whole way a user's import does: `format::load`, `checks::run`,
//! the evidence score, the diagnostic trace of every company KPI, the board's lanes, and
//! an autosave (`format::save`) that must load again.
//!
//! Nothing may panic, and what the app shows must stay bounded: no finding's text, and no
//! trace's sentence, may be longer than a few dozen of the longest text in the file. Run
//! it with libFuzzer's per-input limits (`-timeout=2 -rss_limit_mb=1024`), so a slow or
//! memory-hungry input fails like a crash (see `fuzz/run.sh`).
//!
//! `INTERLOCK_FUZZ_DUMP=path` writes the JSON built from the last input to `path`: that
//! is how a crash, a timeout or an out-of-memory input becomes a readable regression file
//! under `fuzz/regressions/model/`, replayed by `tests/fuzz_regressions.rs`.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Map, Value};

use interlock::checks;
use interlock::format;
use interlock::maturity::evidence;
use interlock::model::{
    trace, Cadence, Date, Direction, Indicator, Kind, Level, Sign, Timestamp, Unit, Velocity,
};
use interlock::ui::board::data as board;

/// An id as a file may carry it.
#[derive(Arbitrary, Debug)]
enum Id {
    Absent,
    Small(u8),
    Any(u32),
    Max,
    NearMax(u8),
}

impl Id {
    fn get(&self) -> Option<u32> {
        match self {
            Id::Absent => None,
            Id::Small(x) => Some(u32::from(*x % 16)),
            Id::Any(x) => Some(*x),
            Id::Max => Some(u32::MAX),
            Id::NearMax(x) => Some(u32::MAX - u32::from(*x % 4)),
        }
    }

    /// For references that must be a number in the file.
    fn num(&self) -> u32 {
        self.get().unwrap_or(0)
    }
}

/// A number as a file may carry it (JSON has no NaN or infinity).
#[derive(Arbitrary, Debug)]
enum Num {
    Small(i8),
    Int(i32),
    Any(f64),
    Huge(bool),
    Tiny(bool),
}

impl Num {
    fn get(&self) -> Value {
        let x = match self {
            Num::Small(x) => f64::from(*x),
            Num::Int(x) => f64::from(*x),
            Num::Any(x) if x.is_finite() => *x,
            Num::Any(x) => f64::MAX.copysign(*x),
            Num::Huge(neg) => {
                if *neg {
                    -f64::MAX
                } else {
                    f64::MAX
                }
            }
            Num::Tiny(neg) => {
                if *neg {
                    -f64::MIN_POSITIVE
                } else {
                    5e-324
                }
            }
        };
        json!(x)
    }
}

/// A date as a file may carry it: near today, anywhere in the years 1-9999, at an edge,
/// or not a date at all (which makes the whole file invalid).
#[derive(Arbitrary, Debug)]
enum Day {
    Near(i16),
    Far(u16, u8, u8),
    Edge(u8),
    Invalid(u8),
}

const EDGE_DATES: [&str; 5] = ["0001-01-01", "9999-12-31", "2024-02-29", "1970-01-01", "2026-11-23"];
const INVALID_DATES: [&str; 7] =
    ["0000-00-00", "2023-02-29", "+10000-01-01", "-0001-01-01", "2026-13-01", "", "2026-11-23T00:00:00"];

impl Day {
    fn get(&self, today: Date) -> Value {
        match self {
            Day::Near(d) => json!(today.add_days(i32::from(*d))),
            Day::Far(y, m, d) => json!(format!("{:04}-{:02}-{:02}", y % 9999 + 1, m % 12 + 1, d % 28 + 1)),
            Day::Edge(i) => json!(EDGE_DATES[usize::from(*i) % EDGE_DATES.len()]),
            Day::Invalid(i) => json!(INVALID_DATES[usize::from(*i) % INVALID_DATES.len()]),
        }
    }
}

/// Text as a file may carry it.
#[derive(Arbitrary, Debug)]
enum Text {
    Plain(String),
    /// One odd piece repeated up to 20,000 times.
    Long(u8, u16),
    Odd(u8),
}

const ODD_TEXT: [&str; 14] = [
    "",
    " ",
    "\u{200b}",
    "evil\u{202e}",
    "\u{feff}x",
    "\u{0}",
    "e\u{301}",
    "\u{1f44d}\u{1f3fd}",
    "a\"b\\c",
    "<b>x</b>",
    "R08:k1",
    "\n\t",
    "\u{2060}live",
    "K1",
];

impl Text {
    fn get(&self) -> String {
        match self {
            Text::Plain(s) => s.clone(),
            Text::Long(i, n) => ODD_TEXT[usize::from(*i) % ODD_TEXT.len()].repeat(usize::from(*n % 20_000)),
            Text::Odd(i) => ODD_TEXT[usize::from(*i) % ODD_TEXT.len()].to_string(),
        }
    }
}

#[derive(Arbitrary, Debug)]
enum OwnerIn {
    Person(Id),
    Department(Id),
    Team(Text),
}

#[derive(Arbitrary, Debug)]
struct KpiIn {
    id: Id,
    name: Option<Text>,
    level: Option<u8>,
    department: Id,
    owner: Option<OwnerIn>,
    contributors: Vec<(bool, Id)>,
    indicator: Option<bool>,
    kind: Option<bool>,
    unit: Option<u8>,
    direction: Option<u8>,
    baseline: Option<Num>,
    target: Option<(Option<Num>, Option<Num>, Option<Day>)>,
    thresholds: Option<(Num, Num)>,
    measurements: Vec<(Day, Num)>,
    cadence: Option<u8>,
    term: Id,
    automated: bool,
    data_available: bool,
    retired: Option<(Option<Day>, Text)>,
    locked: Option<Day>,
    tags: Vec<Text>,
}

#[derive(Arbitrary, Debug)]
struct GovernanceIn {
    change_log: Vec<(Option<i64>, Text, Vec<Id>)>,
    escalate_after: Option<u32>,
    dispute_resolver: Id,
    resolutions: Vec<(Id, Option<(Id, Id)>, Option<Day>)>,
    escalations: Vec<(Id, Id, Option<Day>, Id)>,
}

/// A whole file's model.
#[derive(Arbitrary, Debug)]
struct ModelIn {
    organisation: Option<(Option<Text>, Option<u8>, Option<u32>, Option<Text>, Id)>,
    departments: Vec<(Id, Option<Text>, Id)>,
    people: Vec<(Id, Option<Text>, Text, Id, Id)>,
    glossary: Vec<(Id, Option<Text>, Id)>,
    kpis: Vec<KpiIn>,
    links: Vec<(Id, Id, Option<Text>, Option<bool>, Option<u32>)>,
    influences: Vec<(Id, Id, Option<bool>, Text)>,
    dependencies: Vec<(Id, Id, Id, Option<Day>, Option<Day>, Text)>,
    governance: Option<GovernanceIn>,
    answers: Vec<(Text, u8)>,
    settings: Option<[u32; 11]>,
    acknowledgements: Vec<(Text, Text)>,
}

fn pick<T: Copy>(all: &[T], i: u8) -> T {
    all[usize::from(i) % all.len()]
}

/// Puts `value` under `key` when there is one.
fn put(o: &mut Map<String, Value>, key: &str, value: Option<Value>) {
    if let Some(v) = value {
        o.insert(key.into(), v);
    }
}

fn obj(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(o) => o,
        _ => Map::new(),
    }
}

fn kpi(k: &KpiIn, today: Date) -> Value {
    let mut o = Map::new();
    put(&mut o, "id", k.id.get().map(|x| json!(x)));
    put(&mut o, "name", k.name.as_ref().map(|t| json!(t.get())));
    put(&mut o, "level", k.level.map(|l| json!(pick(&[Level::Company, Level::Department, Level::Team], l))));
    put(&mut o, "department", k.department.get().map(|x| json!(x)));
    put(
        &mut o,
        "owner",
        k.owner.as_ref().map(|w| match w {
            OwnerIn::Person(p) => json!({"person": p.num()}),
            OwnerIn::Department(d) => json!({"department": d.num()}),
            OwnerIn::Team(t) => json!({"team": t.get()}),
        }),
    );
    if !k.contributors.is_empty() {
        let c: Vec<Value> = k
            .contributors
            .iter()
            .map(|(person, id)| if *person { json!({"person": id.num()}) } else { json!({"department": id.num()}) })
            .collect();
        o.insert("contributors".into(), json!(c));
    }
    put(&mut o, "indicator", k.indicator.map(|b| json!(if b { Indicator::Leading } else { Indicator::Lagging })));
    put(&mut o, "kind", k.kind.map(|b| json!(if b { Kind::Outcome } else { Kind::Activity })));
    put(
        &mut o,
        "unit",
        k.unit.map(|u| json!(pick(&[Unit::Percent, Unit::Currency, Unit::Count, Unit::Days, Unit::Ratio, Unit::Score], u))),
    );
    put(
        &mut o,
        "direction",
        k.direction.map(|d| {
            json!(pick(&[Direction::HigherIsBetter, Direction::LowerIsBetter, Direction::WithinBand], d))
        }),
    );
    put(&mut o, "baseline", k.baseline.as_ref().map(Num::get));
    put(
        &mut o,
        "target",
        k.target.as_ref().map(|(value, upper, due)| {
            let mut t = Map::new();
            put(&mut t, "value", value.as_ref().map(Num::get));
            put(&mut t, "upper", upper.as_ref().map(Num::get));
            put(&mut t, "due", due.as_ref().map(|d| d.get(today)));
            Value::Object(t)
        }),
    );
    put(&mut o, "thresholds", k.thresholds.as_ref().map(|(a, b)| json!({"on_track": a.get(), "off_track": b.get()})));
    if !k.measurements.is_empty() {
        let m: Vec<Value> = k.measurements.iter().map(|(d, v)| json!([d.get(today), v.get()])).collect();
        o.insert("measurements".into(), json!(m));
    }
    put(
        &mut o,
        "cadence",
        k.cadence.map(|c| {
            json!(pick(
                &[Cadence::Weekly, Cadence::Biweekly, Cadence::Monthly, Cadence::Quarterly, Cadence::Annually],
                c
            ))
        }),
    );
    put(&mut o, "term", k.term.get().map(|x| json!(x)));
    if k.automated {
        o.insert("automated".into(), json!(true));
    }
    if !k.data_available {
        o.insert("data_available".into(), json!(false));
    }
    put(
        &mut o,
        "retired",
        k.retired.as_ref().map(|(on, why)| {
            let mut r = Map::new();
            put(&mut r, "on", on.as_ref().map(|d| d.get(today)));
            r.insert("reason".into(), json!(why.get()));
            Value::Object(r)
        }),
    );
    put(&mut o, "locked", k.locked.as_ref().map(|d| d.get(today)));
    if !k.tags.is_empty() {
        o.insert("tags".into(), json!(k.tags.iter().map(Text::get).collect::<Vec<_>>()));
    }
    Value::Object(o)
}

fn model(m: &ModelIn, today: Date) -> Value {
    let mut o = Map::new();
    put(
        &mut o,
        "organisation",
        m.organisation.as_ref().map(|(name, velocity, fiscal, currency, owner)| {
            let mut g = Map::new();
            put(&mut g, "name", name.as_ref().map(|t| json!(t.get())));
            put(&mut g, "velocity", velocity.map(|v| json!(pick(&[Velocity::High, Velocity::Standard, Velocity::Slow], v))));
            put(&mut g, "fiscal_year_start", fiscal.map(|f| json!(f)));
            put(&mut g, "currency", currency.as_ref().map(|t| json!(t.get())));
            put(&mut g, "alignment_owner", owner.get().map(|x| json!(x)));
            Value::Object(g)
        }),
    );
    let list = |items: Vec<Value>| json!(items);
    o.insert(
        "departments".into(),
        list(m
            .departments
            .iter()
            .map(|(id, name, head)| {
                let mut d = Map::new();
                put(&mut d, "id", id.get().map(|x| json!(x)));
                put(&mut d, "name", name.as_ref().map(|t| json!(t.get())));
                put(&mut d, "head", head.get().map(|x| json!(x)));
                Value::Object(d)
            })
            .collect()),
    );
    o.insert(
        "people".into(),
        list(m
            .people
            .iter()
            .map(|(id, name, role, dept, manager)| {
                let mut p = Map::new();
                put(&mut p, "id", id.get().map(|x| json!(x)));
                put(&mut p, "name", name.as_ref().map(|t| json!(t.get())));
                p.insert("role".into(), json!(role.get()));
                put(&mut p, "department", dept.get().map(|x| json!(x)));
                put(&mut p, "manager", manager.get().map(|x| json!(x)));
                Value::Object(p)
            })
            .collect()),
    );
    o.insert(
        "glossary".into(),
        list(m
            .glossary
            .iter()
            .map(|(id, name, owner)| {
                let mut t = Map::new();
                put(&mut t, "id", id.get().map(|x| json!(x)));
                put(&mut t, "name", name.as_ref().map(|t| json!(t.get())));
                put(&mut t, "owner", owner.get().map(|x| json!(x)));
                Value::Object(t)
            })
            .collect()),
    );
    o.insert("kpis".into(), list(m.kpis.iter().map(|k| kpi(k, today)).collect()));
    o.insert(
        "links".into(),
        list(m
            .links
            .iter()
            .map(|(child, parent, why, sign, lag)| {
                let mut l = Map::new();
                put(&mut l, "child", child.get().map(|x| json!(x)));
                put(&mut l, "parent", parent.get().map(|x| json!(x)));
                put(&mut l, "rationale", why.as_ref().map(|t| json!(t.get())));
                put(&mut l, "sign", sign.map(|s| json!(if s { Sign::Positive } else { Sign::Negative })));
                put(&mut l, "lag_days", lag.map(|x| json!(x)));
                Value::Object(l)
            })
            .collect()),
    );
    o.insert(
        "influences".into(),
        list(m
            .influences
            .iter()
            .map(|(from, to, sign, note)| {
                let mut x = Map::new();
                put(&mut x, "from", from.get().map(|v| json!(v)));
                put(&mut x, "to", to.get().map(|v| json!(v)));
                put(&mut x, "sign", sign.map(|s| json!(if s { Sign::Positive } else { Sign::Negative })));
                x.insert("note".into(), json!(note.get()));
                Value::Object(x)
            })
            .collect()),
    );
    o.insert(
        "dependencies".into(),
        list(m
            .dependencies
            .iter()
            .map(|(id, a, b, needed, committed, note)| {
                let mut d = Map::new();
                put(&mut d, "id", id.get().map(|x| json!(x)));
                put(&mut d, "dependent", a.get().map(|x| json!(x)));
                put(&mut d, "prerequisite", b.get().map(|x| json!(x)));
                put(&mut d, "needed_by", needed.as_ref().map(|x| x.get(today)));
                put(&mut d, "committed", committed.as_ref().map(|x| x.get(today)));
                d.insert("note".into(), json!(note.get()));
                Value::Object(d)
            })
            .collect()),
    );
    if let Some(g) = &m.governance {
        let mut gv = Map::new();
        gv.insert(
            "change_log".into(),
            list(g
                .change_log
                .iter()
                .map(|(at, what, kpis)| {
                    let mut e = obj(json!({"what": what.get(), "kpis": kpis.iter().map(Id::num).collect::<Vec<_>>()}));
                    put(&mut e, "at", at.map(|x| json!(x)));
                    Value::Object(e)
                })
                .collect()),
        );
        put(&mut gv, "escalate_after", g.escalate_after.map(|x| json!(x)));
        put(&mut gv, "dispute_resolver", g.dispute_resolver.get().map(|x| json!(x)));
        gv.insert(
            "resolutions".into(),
            list(g
                .resolutions
                .iter()
                .map(|(id, pair, on)| {
                    let mut r = obj(json!({"how": "agreed"}));
                    put(&mut r, "id", id.get().map(|x| json!(x)));
                    put(&mut r, "kpis", pair.as_ref().map(|(a, b)| json!([a.num(), b.num()])));
                    put(&mut r, "on", on.as_ref().map(|d| d.get(today)));
                    Value::Object(r)
                })
                .collect()),
        );
        gv.insert(
            "escalations".into(),
            list(g
                .escalations
                .iter()
                .map(|(id, k, on, to)| {
                    let mut e = Map::new();
                    put(&mut e, "id", id.get().map(|x| json!(x)));
                    put(&mut e, "kpi", k.get().map(|x| json!(x)));
                    put(&mut e, "on", on.as_ref().map(|d| d.get(today)));
                    put(&mut e, "to", to.get().map(|x| json!(x)));
                    Value::Object(e)
                })
                .collect()),
        );
        o.insert("governance".into(), Value::Object(gv));
    }
    if !m.answers.is_empty() {
        let answers: Map<String, Value> = m.answers.iter().map(|(k, v)| (k.get(), json!(v))).collect();
        o.insert("assessment".into(), json!({ "answers": answers }));
    }
    if let Some(s) = m.settings {
        let range = |a: u32, b: u32| json!({"min": a % 1000, "max": b});
        o.insert(
            "settings".into(),
            json!({
                "company_kpis": range(s[0], s[1]),
                "department_kpis": range(s[2], s[3]),
                "person_kpis": range(s[4], s[5]),
                "leading_per_company_kpi": range(s[6], s[7]),
                "stability_months": s[8],
                "stale_periods": s[9],
                "lead_days": range(s[10] % 90, s[10]),
                "rationale_min_words": s[10] % 20,
            }),
        );
    }
    o.insert(
        "acknowledgements".into(),
        list(m.acknowledgements.iter().map(|(f, r)| json!({"finding": f.get(), "reason": r.get()})).collect()),
    );
    Value::Object(o)
}

/// The longest text in a file (a name, a note): what any message may quote.
fn longest_text(v: &Value) -> usize {
    match v {
        Value::String(s) => s.len(),
        Value::Array(a) => a.iter().map(longest_text).max().unwrap_or(0),
        Value::Object(o) => o.iter().map(|(k, v)| k.len().max(longest_text(v))).max().unwrap_or(0),
        _ => 0,
    }
}

fn today() -> Date {
    Date::from_ymd(2026, 11, 23).expect("a date")
}

fuzz_target!(|input: ModelIn| {
    let today = today();
    let model = model(&input, today);
    let longest = longest_text(&model);
    let file = json!({
        "format": format::FORMAT_NAME,
        "schema": format::SCHEMA,
        "app": "fuzz",
        "model": model,
    })
    .to_string();
    if let Some(path) = std::env::var_os("INTERLOCK_FUZZ_DUMP") {
        let _ = std::fs::write(path, &file);
    }
    let Ok(loaded) = format::load(&file) else { return };
    let m = &loaded.model;
    // A message may quote a few names in full, never a whole path or list of them.
    let bound = 32 * longest + 8 * 1024;
    let checked = checks::Checked::run(m, today);
    for f in &checked.findings {
        let len = f.title.len() + f.explanation.len() + f.fix.len();
        assert!(len <= bound, "finding {} is {len} bytes (bound {bound}): {}", f.key, f.title);
    }
    let _ = evidence::score(m, &checked);
    for t in trace::company_traces(m, today) {
        assert!(t.rows.len() <= m.kpis.len(), "a trace lists each KPI at most once");
        let sentence = t.explanation();
        assert!(sentence.len() <= bound, "a trace's sentence is {} bytes", sentence.len());
    }
    let _ = board::lanes(m, today, &board::default_collapsed(m), &Default::default(), &board::Paging::new());
    let saved = format::save(m, Timestamp(0));
    if let Err(e) = format::load(&saved) {
        panic!("the autosave of a loaded model must load again: {e}");
    }
});
