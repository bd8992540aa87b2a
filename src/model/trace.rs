//! The diagnostic trace: when a company KPI dips, which indicator below it went off
//! track first.
//!
//! [`trace`] looks at the KPI's subtree (through active KPIs), keeps every KPI that is
//! off track now, and orders them by the date each went off track in its current run;
//! the earliest is the likely origin ("the returning-customer campaign response rate
//! dropped three weeks before retention did"). A trace lists the [`TRACE_ROWS`]
//! earliest and says whether there are more.
//!
//! [`Tracer`] answers for every KPI of a model at once: one pass over the cascade,
//! sinks first (strongly connected components, so even a cycle from a crafted file
//! ends), keeps for each KPI the earliest few off-track KPIs below it, with the first
//! step and the length of a shortest path to each. Nothing is sorted: each candidate
//! is compared with the few kept, and one later than all of them is turned away at the
//! first comparison. Building it is O((n + m) · R²) for R = [`TRACE_ROWS`], with no
//! logarithm of the model's size; each trace is then O(R · S) for S = [`PATH_STEPS`].
//! A row holds its path as a few names and a count, never the whole path.

use std::cmp::{Ordering, Reverse};

use super::date::Date;
use super::entities::*;
use super::ids::{DeptId, KpiId};
use super::query::{Adjacency, Components, Index};
use super::status::{self, Status};

/// The most rows a trace lists (the earliest ones).
pub const TRACE_ROWS: usize = 12;
/// Steps of a row's path named below the traced KPI before the rest is counted.
pub const PATH_STEPS: usize = 3;

/// One off-track KPI in the subtree.
#[derive(Clone, Debug, PartialEq)]
pub struct TraceRow {
    pub kpi: KpiId,
    pub name: String,
    pub level: Level,
    pub department: Option<DeptId>,
    /// When its current off-track run began.
    pub since: Date,
    /// Names from the traced KPI down to this one along a shortest path: the traced KPI,
    /// the first [`PATH_STEPS`] steps, “… N more …” for the steps not named, and this one.
    pub path: Vec<String>,
    /// Links between the traced KPI and this one (1: directly under it).
    pub depth: usize,
}

/// A trace from one KPI.
#[derive(Clone, Debug, PartialEq)]
pub struct Trace {
    pub root: KpiId,
    pub root_name: String,
    pub root_status: Status,
    pub root_since: Option<Date>,
    /// Off-track KPIs below the root, earliest first, at most [`TRACE_ROWS`].
    pub rows: Vec<TraceRow>,
    /// Whether more KPIs below are off track than the rows list.
    pub more: bool,
}

impl Trace {
    /// The likely origin: the first KPI below the root to go off track.
    pub fn origin(&self) -> Option<&TraceRow> {
        self.rows.first()
    }

    /// The trace in one sentence.
    pub fn explanation(&self) -> String {
        let root = format!("\u{201c}{}\u{201d}", self.root_name);
        match (self.origin(), self.root_since) {
            (None, Some(since)) => format!(
                "{root} has been off track since {}, but nothing below it is: the cause is outside its cascade (or a link is missing).",
                since.human()
            ),
            (None, None) => format!("{root} is not off track, and nothing below it is."),
            (Some(o), Some(since)) if o.since == since => format!(
                "\u{201c}{}\u{201d} went off track on {}, the same day as {root}: the likely origin.",
                o.name,
                o.since.human()
            ),
            (Some(o), Some(since)) if o.since < since => format!(
                "\u{201c}{}\u{201d} went off track on {}, {} before {root} did ({}): the likely origin.",
                o.name,
                o.since.human(),
                gap(since.days_since(o.since)),
                since.human()
            ),
            (Some(o), Some(since)) => format!(
                "{root} went off track first ({}); \u{201c}{}\u{201d} followed on {}.",
                since.human(),
                o.name,
                o.since.human()
            ),
            (Some(o), None) => format!(
                "{root} is not off track yet, but \u{201c}{}\u{201d} below it has been since {}: an early warning.",
                o.name,
                o.since.human()
            ),
        }
    }
}

/// A positive number of days in words ("3 days", "3 weeks", "4 months").
fn gap(days: i32) -> String {
    match days {
        ..=0 => "no time".into(),
        1..=13 => format!("{days} day{}", if days == 1 { "" } else { "s" }),
        14..=62 => format!("{} weeks", (days + 3) / 7),
        _ => format!("{} months", (days + 15) / 30),
    }
}

/// One of the earliest off-track KPIs below a KPI.
#[derive(Clone, Copy, Debug)]
struct Entry {
    node: u32,
    /// The first step towards it.
    via: u32,
    /// Links on a shortest path to it.
    dist: u32,
}

/// The traces of every KPI of a model, computed together.
pub struct Tracer<'m> {
    m: &'m Model,
    today: Date,
    idx: Index,
    components: Components,
    /// Per component: its entries in `entries` (from, to), earliest first (at most
    /// `TRACE_ROWS + 1` per component, so 32 bits hold any model's).
    spans: Vec<(u32, u32)>,
    entries: Vec<Entry>,
    /// Per component: whether more KPIs below are off track than it keeps.
    over: Vec<bool>,
    /// Per KPI position: whether it is active, its status and when its current
    /// off-track run began (read once; `None` and no data for one not active).
    active: Vec<bool>,
    status: Vec<Status>,
    since: Vec<Option<Date>>,
    /// Positions of the active company KPIs, in model order.
    company: Vec<usize>,
}

/// The first eight bytes of a name as a number that orders as the name does (zero
/// padded): a comparison reads these in registers and the names only on a tie.
fn name_prefix(name: &str) -> u64 {
    let mut bytes = [0; 8];
    let n = name.len().min(8);
    bytes[..n].copy_from_slice(&name.as_bytes()[..n]);
    u64::from_be_bytes(bytes)
}

/// The earliest entries offered, each KPI once at its shortest distance (the first
/// offered of equally short ones), at most `keep` of them, earliest first; `offer` says
/// whether a KPI was left out. A KPI later than every kept one is turned away after one
/// comparison, so a KPI with many children costs no sort of them.
fn offer(kept: &mut Vec<Entry>, keep: usize, e: Entry, earlier: impl Fn(u32, u32) -> Ordering) -> bool {
    if kept.len() == keep && kept.last().is_some_and(|last| earlier(last.node, e.node) == Ordering::Less) {
        return true;
    }
    if let Some(x) = kept.iter_mut().find(|x| x.node == e.node) {
        if e.dist < x.dist {
            *x = e;
        }
        return false;
    }
    let at = kept.partition_point(|x| earlier(x.node, e.node) == Ordering::Less);
    let full = kept.len() == keep;
    if full {
        kept.pop();
    }
    kept.insert(at, e);
    full
}

impl<'m> Tracer<'m> {
    pub fn new(m: &'m Model, today: Date) -> Tracer<'m> {
        let n = m.kpis.len();
        // One pass over the KPIs (the index reads the ids in the same one); everything
        // after reads these dense arrays.
        let mut active = vec![false; n];
        let mut status = vec![Status::NoData; n];
        let mut since = vec![None; n];
        let mut company = Vec::new();
        // The trace order: earliest first; on the same day the deeper (more leading) KPI
        // first; then by name, then by position. Compared by a key held in an array, not
        // behind pointers; the names only on a tie of the key.
        let mut key: Vec<(Date, Reverse<Level>, u64)> = vec![(today, Reverse(Level::Company), 0); n];
        let idx = Index::visiting(m, |i, k| {
            if !k.is_active() {
                return;
            }
            let reading = status::read(k, today);
            active[i] = true;
            status[i] = reading.status;
            since[i] = reading.off_track_since;
            if let Some(date) = reading.off_track_since {
                key[i] = (date, Reverse(k.level), name_prefix(&k.name));
            }
            if k.level == Level::Company {
                company.push(i);
            }
        });
        let earlier = |a: u32, b: u32| {
            let (a, b) = (a as usize, b as usize);
            key[a].cmp(&key[b]).then_with(|| m.kpis[a].name.cmp(&m.kpis[b].name)).then(a.cmp(&b))
        };
        // Only active KPIs are walked through.
        let down =
            Adjacency::from_pairs(n, idx.links().iter().filter(|&&(c, _)| active[c]).map(|&(c, p)| (p, c)));
        let components = Components::new(&down);
        let keep = TRACE_ROWS + 1;
        let mut spans = vec![(0, 0); components.len()];
        let mut over = vec![false; components.len()];
        let mut entries: Vec<Entry> = Vec::new();
        let mut kept: Vec<Entry> = Vec::with_capacity(keep);
        for s in 0..components.len() {
            kept.clear();
            let mut more = false;
            for &u in components.members(s) {
                for &c in &down[u] {
                    let cs = components.of[c];
                    if since[c].is_some() {
                        more |=
                            offer(&mut kept, keep, Entry { node: c as u32, via: c as u32, dist: 1 }, earlier);
                    }
                    if cs != s {
                        let (from, to) = spans[cs];
                        for e in &entries[from as usize..to as usize] {
                            let e = Entry { via: c as u32, dist: e.dist + 1, ..*e };
                            more |= offer(&mut kept, keep, e, earlier);
                        }
                        more |= over[cs];
                    }
                }
            }
            spans[s] = (entries.len() as u32, (entries.len() + kept.len()) as u32);
            entries.extend_from_slice(&kept);
            over[s] = more;
        }
        Tracer { m, today, idx, components, spans, entries, over, active, status, since, company }
    }

    fn kept(&self, i: usize) -> &[Entry] {
        let (from, to) = self.spans[self.components.of[i]];
        &self.entries[from as usize..to as usize]
    }

    /// The trace of one KPI, or `None` if it does not exist.
    pub fn trace(&self, root: KpiId) -> Option<Trace> {
        self.idx.kpi_pos(root).map(|r| self.trace_at(r))
    }

    /// The trace of every active company KPI, in model order.
    pub fn company_traces(&self) -> Vec<Trace> {
        self.company.iter().map(|&r| self.trace_at(r)).collect()
    }

    /// The trace of the KPI at position `r`.
    fn trace_at(&self, r: usize) -> Trace {
        let m = self.m;
        let rk = &m.kpis[r];
        let below = self.kept(r).iter().filter(|e| e.node as usize != r);
        let more = self.over[self.components.of[r]] || below.clone().count() > TRACE_ROWS;
        let rows = below
            .take(TRACE_ROWS)
            .map(|e| {
                let i = e.node as usize;
                let k = &m.kpis[i];
                TraceRow {
                    kpi: k.id,
                    name: k.name.clone(),
                    level: k.level,
                    department: k.department,
                    since: self.since[i].unwrap_or(self.today),
                    path: self.path(r, e),
                    depth: e.dist as usize,
                }
            })
            .collect();
        // A KPI that is not active was not read with the others.
        let (root_status, root_since) = if self.active[r] {
            (self.status[r], self.since[r])
        } else {
            let reading = status::read(rk, self.today);
            (reading.status, reading.off_track_since)
        };
        Trace { root: rk.id, root_name: rk.name.clone(), root_status, root_since, rows, more }
    }

    /// The root, the first steps towards `to`, a count of the steps not named, and `to`.
    fn path(&self, root: usize, to: &Entry) -> Vec<String> {
        let m = self.m;
        let mut path = vec![m.kpis[root].name.clone()];
        let mut step = Some(*to);
        for _ in 0..PATH_STEPS {
            let Some(e) = step.filter(|e| e.via != e.node) else { break };
            let via = e.via as usize;
            path.push(m.kpis[via].name.clone());
            // Not found only inside a cycle of the cascade (a crafted file).
            step = self.kept(via).iter().find(|x| x.node == to.node).copied();
        }
        match step {
            Some(e) if e.via != e.node && e.dist > 1 => {
                path.push(format!("\u{2026} {} more \u{2026}", e.dist - 1))
            }
            None => path.push("\u{2026}".into()),
            _ => {}
        }
        path.push(m.kpis[to.node as usize].name.clone());
        path
    }
}

/// Traces the subtree of `root`: O(n + m) for the model, whatever its shape. To trace
/// several KPIs of one model, build one [`Tracer`] and ask it for each (or use
/// [`company_traces`]): calling this per KPI costs a pass over the model each time.
pub fn trace(m: &Model, root: KpiId, today: Date) -> Option<Trace> {
    Tracer::new(m, today).trace(root)
}

/// The trace of every active company KPI, in model order, from one [`Tracer`].
pub fn company_traces(m: &Model, today: Date) -> Vec<Trace> {
    Tracer::new(m, today).company_traces()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::templates;

    #[test]
    fn retail_retention_traces_back_to_the_returning_customer_campaign() {
        let today = Date::from_ymd(2026, 11, 23).unwrap();
        let m = templates::by_id("retail").unwrap().build(today);
        let retention = m.kpis.iter().find(|k| k.name == "Customer retention").unwrap();
        let t = trace(&m, retention.id, today).unwrap();
        assert_eq!(t.root_status, Status::OffTrack);
        let order: Vec<&str> = t.rows.iter().map(|r| r.name.as_str()).collect();
        assert!(order[0].contains("campaign response rate"), "{order:?}");
        assert!(order[1].contains("Repeat purchase rate"), "{order:?}");
        let origin = t.origin().unwrap();
        assert!(origin.since < t.root_since.unwrap());
        assert!(
            t.explanation().contains("3 weeks before \u{201c}Customer retention\u{201d} did"),
            "{}",
            t.explanation()
        );
        assert_eq!(origin.path.first().map(String::as_str), Some("Customer retention"));
    }

    #[test]
    fn the_order_is_by_date_then_depth() {
        let mut m = Model::default();
        let d = |s: &str| Date::parse(s).unwrap();
        let mut add = |id: u32, level: Level, values: &[(&str, f64)]| {
            let mut k = Kpi::new(KpiId(id), format!("K{id}"), level);
            k.target = Some(Target { value: 100.0, upper: None, due: None });
            for (date, v) in values {
                k.record(Measurement { date: d(date), value: *v });
            }
            m.kpis.push(k);
        };
        add(1, Level::Company, &[("2026-01-01", 100.0), ("2026-03-01", 50.0)]);
        add(2, Level::Department, &[("2026-01-01", 100.0), ("2026-02-01", 50.0)]);
        add(3, Level::Team, &[("2026-01-01", 100.0), ("2026-02-01", 50.0)]);
        add(4, Level::Team, &[("2026-01-15", 50.0)]);
        let link = |c, p| Link::new(KpiId(c), KpiId(p), "");
        m.links = vec![link(2, 1), link(3, 2), link(4, 2)];
        let t = trace(&m, KpiId(1), d("2026-04-01")).unwrap();
        let order: Vec<u32> = t.rows.iter().map(|r| r.kpi.0).collect();
        assert_eq!(order, [4, 3, 2]);
        assert_eq!(t.rows[0].path, ["K1", "K2", "K4"]);
        assert!(
            t.explanation().starts_with(
                "\u{201c}K4\u{201d} went off track on 15 Jan 2026, 6 weeks before \u{201c}K1\u{201d} did"
            ),
            "{}",
            t.explanation()
        );
    }

    #[test]
    fn an_origin_on_the_same_day_is_worded_as_such() {
        let mut m = Model::default();
        let d = |s: &str| Date::parse(s).unwrap();
        for (id, level) in [(1, Level::Company), (2, Level::Department)] {
            let mut k = Kpi::new(KpiId(id), format!("K{id}"), level);
            k.target = Some(Target { value: 100.0, upper: None, due: None });
            k.record(Measurement { date: d("2026-01-31"), value: 10.0 });
            m.kpis.push(k);
        }
        m.links = vec![Link::new(KpiId(2), KpiId(1), "")];
        let t = trace(&m, KpiId(1), d("2026-03-01")).unwrap();
        assert_eq!(
            t.explanation(),
            "\u{201c}K2\u{201d} went off track on 31 Jan 2026, the same day as \u{201c}K1\u{201d}: the likely origin."
        );
    }

    #[test]
    fn a_dip_with_nothing_below_off_track_points_outside_the_cascade() {
        let mut m = Model::default();
        let mut k = Kpi::new(KpiId(1), "Margin", Level::Company);
        k.target = Some(Target { value: 40.0, upper: None, due: None });
        k.record(Measurement { date: Date::parse("2026-02-01").unwrap(), value: 20.0 });
        m.kpis.push(k);
        let t = trace(&m, KpiId(1), Date::parse("2026-03-01").unwrap()).unwrap();
        assert!(t.rows.is_empty());
        assert!(t.explanation().contains("the cause is outside its cascade"));
    }

    /// A chain K1 <- K2 <- … <- Kn by links (levels ignored, as a crafted file may),
    /// every KPI off track, deeper ones earlier.
    fn chain(n: u32, today: Date) -> Model {
        let mut m = Model::default();
        let levels = [Level::Company, Level::Department, Level::Team];
        for i in 1..=n {
            let mut k = Kpi::new(KpiId(i), format!("K{i}"), levels[(i as usize - 1) % 3]);
            k.target = Some(Target { value: 100.0, upper: None, due: None });
            k.record(Measurement { date: today.add_days(-(i as i32 % 400) - 1), value: 10.0 });
            m.kpis.push(k);
            if i > 1 {
                m.links.push(Link::new(KpiId(i), KpiId(i - 1), ""));
            }
        }
        m
    }

    #[test]
    fn a_long_path_names_its_first_steps_and_counts_the_rest() {
        let today = Date::from_ymd(2026, 11, 23).unwrap();
        let t = trace(&chain(10, today), KpiId(1), today).unwrap();
        // K10 went off track first (deepest, earliest).
        let origin = t.origin().unwrap();
        assert_eq!((origin.kpi, origin.depth), (KpiId(10), 9));
        assert_eq!(origin.path, ["K1", "K2", "K3", "K4", "\u{2026} 5 more \u{2026}", "K10"]);
        let near = t.rows.iter().find(|r| r.kpi == KpiId(3)).unwrap();
        assert_eq!(near.path, ["K1", "K2", "K3"]);
        assert!(!t.more);
    }

    #[test]
    fn every_trace_of_a_ten_thousand_deep_chain_holds_bounded_rows() {
        let today = Date::from_ymd(2026, 11, 23).unwrap();
        let n = 10_000;
        let m = chain(n, today);
        let tracer = Tracer::new(&m, today);
        let mut names = 0;
        for k in m.kpis.iter().filter(|k| k.level == Level::Company) {
            let t = tracer.trace(k.id).unwrap();
            assert!(t.rows.len() <= TRACE_ROWS);
            for r in &t.rows {
                assert!(r.path.len() <= PATH_STEPS + 3, "{:?}", r.path);
                names += r.path.len();
            }
            let below = n - k.id.0;
            assert_eq!(t.more, below as usize > TRACE_ROWS, "{}", k.id);
        }
        // O(n) names in all, never a path per row.
        assert!(names <= n as usize * (PATH_STEPS + 3) * TRACE_ROWS / 3 + 1, "{names}");
        let deepest = tracer.trace(KpiId(1)).unwrap();
        assert!(deepest.rows.iter().any(|r| r.depth > 5_000), "the earliest are deep in the chain");
    }

    #[test]
    fn a_cycle_of_links_from_a_crafted_file_still_traces() {
        let today = Date::from_ymd(2026, 11, 23).unwrap();
        let mut m = chain(6, today);
        m.links.push(Link::new(KpiId(1), KpiId(6), ""));
        let t = trace(&m, KpiId(3), today).unwrap();
        let mut below: Vec<u32> = t.rows.iter().map(|r| r.kpi.0).collect();
        below.sort_unstable();
        assert_eq!(below, [1, 2, 4, 5, 6]);
    }
}
