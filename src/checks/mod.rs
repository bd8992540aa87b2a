//! The alignment checks: eighteen rules that explain how departmental KPIs fail the
//! company.
//!
//! [`run`] takes a model and `today` and returns [`Finding`]s; it never fails.
//! [`Checked::run`] returns them with what the run read of the model on the way (each
//! KPI's [`Brief`], the model's index and the operating rhythm's record), which the
//! evidence score reads instead of the KPIs and the check-ins. Each rule lives in its
//! own module under [`rules`], with its explanation, its fix hint and its tests. A
//! finding names everything involved (KPIs, departments, people, links, dependencies),
//! explains the specific case with names and numbers, and says how to fix it. Its
//! [`Finding::key`] is stable across runs, so a user's acknowledgement of it sticks.
//! Thresholds come from the model's [`crate::model::Settings`].
//!
//! Every graph walk is iterative (explicit stacks and queues): the WebAssembly stack is
//! 1 MiB, and a 10,000-long chain must not overflow it.
//!
//! Whatever the model, a run is O(n log n) in its size and its output is bounded: a
//! finding names at most [`NAMED`] things in its text (and counts the rest), a path is
//! shown by its first few steps and its length, a quoted name is cut at [`NAME_CHARS`]
//! characters, and each list of ids a finding carries holds at most [`MAX_IDS`].

pub mod catalogue;
pub mod rules;
#[cfg(test)]
pub(crate) mod testkit;

use std::collections::{HashMap, HashSet};

use crate::model::query::Index;
use crate::model::status::{self, Status};
use crate::model::*;
use crate::rhythm::practice::{self, Practice};
use crate::rhythm::Book;

pub use catalogue::{RuleInfo, CATALOGUE};

/// How much a finding matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The cascade is broken or a commitment is at risk.
    Error,
    /// Alignment is weakened.
    Warning,
    /// Worth knowing.
    Info,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "Error",
            Severity::Warning => "Warning",
            Severity::Info => "Info",
        }
    }

    /// The heading for a group of them.
    pub fn plural(self) -> &'static str {
        match self {
            Severity::Error => "Errors",
            Severity::Warning => "Warnings",
            Severity::Info => "Notes",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// The eighteen rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RuleId {
    Counts,
    Orphans,
    Rationale,
    Operationalised,
    LaggingOnly,
    Owner,
    Cadence,
    StructuralConflict,
    KnownConflicts,
    ActivityAtDepartment,
    NoTarget,
    Definitions,
    Timing,
    Stability,
    Data,
    Watermelon,
    Stale,
    Structure,
}

impl RuleId {
    pub const ALL: [RuleId; 18] = [
        RuleId::Counts,
        RuleId::Orphans,
        RuleId::Rationale,
        RuleId::Operationalised,
        RuleId::LaggingOnly,
        RuleId::Owner,
        RuleId::Cadence,
        RuleId::StructuralConflict,
        RuleId::KnownConflicts,
        RuleId::ActivityAtDepartment,
        RuleId::NoTarget,
        RuleId::Definitions,
        RuleId::Timing,
        RuleId::Stability,
        RuleId::Data,
        RuleId::Watermelon,
        RuleId::Stale,
        RuleId::Structure,
    ];

    /// 1-18, as numbered in the rule catalogue.
    pub fn number(self) -> u8 {
        RuleId::ALL.iter().position(|r| *r == self).map_or(0, |i| i as u8 + 1)
    }

    /// `R01` … `R18`.
    pub fn code(self) -> &'static str {
        const CODES: [&str; 18] = [
            "R01", "R02", "R03", "R04", "R05", "R06", "R07", "R08", "R09", "R10", "R11", "R12", "R13", "R14",
            "R15", "R16", "R17", "R18",
        ];
        CODES[self.number() as usize - 1]
    }

    pub fn info(self) -> &'static RuleInfo {
        &CATALOGUE[self.number() as usize - 1]
    }
}

/// One problem found in a model.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub rule: RuleId,
    pub severity: Severity,
    /// A one-line summary naming the case.
    pub title: String,
    /// Why it is a problem here, with the names and numbers involved.
    pub explanation: String,
    /// A concrete way to fix it.
    pub fix: String,
    pub kpis: Vec<KpiId>,
    pub departments: Vec<DeptId>,
    pub people: Vec<PersonId>,
    /// Links as (child, parent).
    pub links: Vec<(KpiId, KpiId)>,
    pub dependencies: Vec<DependencyId>,
    /// Stable identity across runs, e.g. `R02:k12`; acknowledgements refer to it.
    pub key: String,
}

impl Finding {
    /// A finding with only its rule's severity and text; add what it involves after.
    pub fn new(rule: RuleId, severity: Severity, key: impl std::fmt::Display) -> Finding {
        Finding {
            rule,
            severity,
            title: String::new(),
            explanation: String::new(),
            fix: String::new(),
            kpis: Vec::new(),
            departments: Vec::new(),
            people: Vec::new(),
            links: Vec::new(),
            dependencies: Vec::new(),
            key: format!("{}:{key}", rule.code()),
        }
    }

    pub fn text(mut self, title: String, explanation: String, fix: impl Into<String>) -> Finding {
        self.title = title;
        self.explanation = explanation;
        self.fix = fix.into();
        self
    }

    /// Adds KPIs involved, up to [`MAX_IDS`] in all (the first ones matter most: the
    /// text names them).
    pub fn kpis(mut self, kpis: impl IntoIterator<Item = KpiId>) -> Finding {
        capped(&mut self.kpis, kpis);
        self
    }

    pub fn departments(mut self, d: impl IntoIterator<Item = DeptId>) -> Finding {
        capped(&mut self.departments, d);
        self
    }

    pub fn people(mut self, p: impl IntoIterator<Item = PersonId>) -> Finding {
        capped(&mut self.people, p);
        self
    }

    pub fn links(mut self, l: impl IntoIterator<Item = (KpiId, KpiId)>) -> Finding {
        capped(&mut self.links, l);
        self
    }

    pub fn dependencies(mut self, d: impl IntoIterator<Item = DependencyId>) -> Finding {
        capped(&mut self.dependencies, d);
        self
    }

    /// Whether the finding involves a KPI, directly.
    pub fn involves(&self, k: KpiId) -> bool {
        self.kpis.contains(&k) || self.links.iter().any(|(c, p)| *c == k || *p == k)
    }
}

/// Extends `list` up to [`MAX_IDS`] items, without looking at the rest.
fn capped<T>(list: &mut Vec<T>, items: impl IntoIterator<Item = T>) {
    let room = MAX_IDS.saturating_sub(list.len());
    list.extend(items.into_iter().take(room));
}

/// How many things a finding's text names before it counts the rest.
pub const NAMED: usize = 5;
/// The most ids of one kind (KPIs, links, …) a finding carries.
pub const MAX_IDS: usize = 25;
/// A quoted name longer than this many characters is cut, with “…”.
pub const NAME_CHARS: usize = 120;

/// What the checks read of one KPI, kept for the stage after them: the evidence score
/// counts these facts for every KPI, and reading them here, in the pass that reads each
/// KPI's actuals anyway, spares it a pass of its own over the KPIs (at 100,000 KPIs,
/// about 30 MB of them, that pass comes from memory; these are 20 bytes a KPI).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Brief {
    /// Not a draft and not retired.
    pub active: bool,
    pub level: Level,
    pub leading: bool,
    /// One named person owns it.
    pub owned: bool,
    /// It points at a glossary term.
    pub defined: bool,
    /// It has a target with a date.
    pub dated_target: bool,
    /// Its data is available from a named source.
    pub sourced: bool,
    /// Rule 17's test on the actuals: never measured, or not for more than the settings'
    /// stale periods (whether the data is fresh, not whether its owner checks in).
    pub stale: bool,
    /// Its status today, from its latest actual.
    pub status: Status,
    /// Its department's position in `m.departments`.
    pub department: Option<u32>,
}

impl Brief {
    /// The brief of `k`, whose actuals read `reading` today; `department` is left as the
    /// id, to be placed once the departments are.
    fn of(k: &Kpi, reading: &status::Reading, today: Date, stale_periods: u32) -> Brief {
        Brief {
            active: k.is_active(),
            level: k.level,
            leading: k.indicator == Indicator::Leading,
            owned: k.owner_person().is_some(),
            defined: k.term.is_some(),
            dated_target: k.target.is_some_and(|t| t.due.is_some()),
            sourced: k.data_available && !k.data_source.trim().is_empty(),
            stale: rules::r17_stale::is_stale_at(k, reading.latest, today, stale_periods),
            status: reading.status,
            department: k.department.map(|d| d.0),
        }
    }
}

/// What every rule needs, computed once per run.
pub struct Ctx<'m> {
    pub m: &'m Model,
    pub today: Date,
    pub s: &'m Settings,
    pub idx: Index,
    /// Per KPI position: its status today.
    pub status: Vec<Status>,
    /// Per KPI position: its latest actual and current off-track run.
    pub reading: Vec<status::Reading>,
    /// Per KPI position: what the stages after the checks read of it.
    pub brief: Vec<Brief>,
    /// The check-ins indexed, when the model holds check-ins or review meetings.
    pub book: Option<Book<'m>>,
}

impl<'m> Ctx<'m> {
    /// One pass over the KPIs reads each one's id (for the index), its actuals and its
    /// [`Brief`].
    pub fn new(m: &'m Model, today: Date) -> Ctx<'m> {
        let mut reading = Vec::with_capacity(m.kpis.len());
        let mut brief = Vec::with_capacity(m.kpis.len());
        let idx = Index::visiting(m, |_, k| {
            let r = status::read(k, today);
            brief.push(Brief::of(k, &r, today, m.settings.stale_periods));
            reading.push(r);
        });
        for b in &mut brief {
            b.department = b.department.and_then(|d| idx.department_pos(DeptId(d))).map(|d| d as u32);
        }
        let book = (!m.check_ins.is_empty() || !m.meetings.is_empty()).then(|| Book::new(m));
        Ctx {
            m,
            today,
            s: &m.settings,
            idx,
            status: reading.iter().map(|r| r.status).collect(),
            reading,
            brief,
            book,
        }
    }

    /// Active KPIs with their positions.
    pub fn active(&self) -> impl Iterator<Item = (usize, &'m Kpi)> + '_ {
        self.m.kpis.iter().enumerate().filter(|(_, k)| k.is_active())
    }

    pub fn kpi(&self, i: usize) -> &'m Kpi {
        &self.m.kpis[i]
    }

    /// “Name” of the KPI at a position.
    pub fn q(&self, i: usize) -> String {
        quote(&self.m.kpis[i].name)
    }

    /// “Name” of a KPI by id.
    pub fn qk(&self, id: KpiId) -> String {
        self.idx.kpi(self.m, id).map_or_else(|| id.to_string(), |k| quote(&k.name))
    }

    pub fn dept_name(&self, d: Option<DeptId>) -> String {
        d.and_then(|d| self.idx.department(self.m, d))
            .map_or_else(|| "No department".into(), |d| d.name.clone())
    }

    pub fn person_name(&self, p: PersonId) -> String {
        self.idx.person(self.m, p).map_or_else(|| p.to_string(), |p| p.name.clone())
    }

    /// Active KPIs by department (positions), for per-department rules.
    pub fn by_department(&self) -> HashMap<DeptId, Vec<usize>> {
        let mut map: HashMap<DeptId, Vec<usize>> = HashMap::new();
        for (i, k) in self.active() {
            if let (Some(d), true) = (k.department, k.level != Level::Company) {
                map.entry(d).or_default().push(i);
            }
        }
        map
    }
}

/// Puts a name in curly quotes, cut at [`NAME_CHARS`] characters.
pub fn quote(s: &str) -> String {
    // Built by hand: this runs for almost every finding, and `format!` costs more.
    let full = s;
    let s = clip(s, NAME_CHARS);
    let mut out = String::with_capacity(s.len() + 6);
    out.push('\u{201c}');
    out.push_str(s);
    if s.len() < full.len() {
        out.push('\u{2026}');
    }
    out.push('\u{201d}');
    out
}

pub use crate::model::text::{clip, grouped};

/// "A, B and C" from names, at most `max` then "and N more". Only the first `max` are
/// kept; the rest are counted (pass a lazy iterator, or use [`list_of`] for a slice, so
/// that names not shown are not built).
pub fn list(names: impl IntoIterator<Item = String>, max: usize) -> String {
    let mut names = names.into_iter();
    let shown: Vec<String> = names.by_ref().take(max).collect();
    let rest = names.count();
    match (shown.len(), rest) {
        (0, _) => String::new(),
        (1, 0) => shown[0].clone(),
        (n, 0) => format!(
            "{} and {}",
            shown[..n - 1].iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", "),
            shown[n - 1]
        ),
        (_, r) => format!(
            "{} and {} more",
            shown.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", "),
            grouped(r)
        ),
    }
}

/// Like [`list`], naming only the first `max` items (the rest are counted, not formatted).
pub fn list_of<T>(items: &[T], max: usize, name: impl Fn(&T) -> String) -> String {
    list_counted(items.iter().take(max).map(name), items.len())
}

/// "A, B and N more": the names given (already at most a few), out of `total`.
pub fn list_counted(names: impl IntoIterator<Item = String>, total: usize) -> String {
    let mut names: Vec<String> = names.into_iter().collect();
    let shown = names.len();
    if total > shown {
        names.push(format!("{} more", grouped(total - shown)));
    }
    list(names, shown + 1)
}

/// "1 KPI" / "3 KPIs".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Runs every rule. Findings come sorted by severity, then rule, then key; the evidence
/// score relies on this order to find the few rules it reads by binary search.
pub fn run(m: &Model, today: Date) -> Vec<Finding> {
    Checked::run(m, today).findings
}

/// What a run of the checks gives the stages after it: the findings, and what it read
/// of the model on the way (each KPI's [`Brief`], the model's [`Index`] and the
/// rhythm's record), so the evidence score reads neither the KPIs nor their ids again.
#[derive(Debug, Default, PartialEq)]
pub struct Checked {
    /// Every finding, sorted by severity, then rule, then key (as [`run`] returns them).
    pub findings: Vec<Finding>,
    /// Per KPI position.
    pub kpis: Vec<Brief>,
    pub(crate) idx: Index,
    /// The operating rhythm's record over the last 90 days (reviews held, check-ins on
    /// time, actions closed), empty for a model without check-ins or meetings.
    pub rhythm: Practice,
}

impl Checked {
    /// Runs every rule on the model, on `today`.
    pub fn run(m: &Model, today: Date) -> Checked {
        let cx = Ctx::new(m, today);
        let mut out = Vec::new();
        for rule in RuleId::ALL {
            rules::check(rule, &cx, &mut out);
        }
        crate::order::sort_by(&mut out, |a, b| {
            (a.severity, a.rule, &a.key).cmp(&(b.severity, b.rule, &b.key))
        });
        let rhythm = cx.book.as_ref().map(|b| practice::practice(b, today)).unwrap_or_default();
        Checked { findings: out, kpis: cx.brief, idx: cx.idx, rhythm }
    }
}

/// Open findings per department (by the departments they name), with counts of
/// errors, warnings and notes; departments without findings are listed with zeros.
/// One pass over the findings.
pub fn by_department(m: &Model, findings: &[Finding]) -> Vec<(String, [usize; 3])> {
    let (open, _) = split_acknowledged(m, findings);
    let position: HashMap<DeptId, usize> = m.departments.iter().enumerate().map(|(i, d)| (d.id, i)).collect();
    let mut counts = vec![[0; 3]; m.departments.len()];
    for f in open {
        let mut named: Vec<usize> = f.departments.iter().filter_map(|d| position.get(d).copied()).collect();
        crate::order::sort(&mut named);
        named.dedup();
        for i in named {
            counts[i][f.severity as usize] += 1;
        }
    }
    m.departments.iter().zip(counts).map(|(d, c)| (d.name.clone(), c)).collect()
}

/// Splits findings into (open, acknowledged) by the model's acknowledgements.
pub fn split_acknowledged<'f>(m: &Model, findings: &'f [Finding]) -> (Vec<&'f Finding>, Vec<&'f Finding>) {
    let acknowledged: HashSet<&str> = m.acknowledgements.iter().map(|a| a.finding.as_str()).collect();
    findings.iter().partition(|f| !acknowledged.contains(f.key.as_str()))
}

#[cfg(test)]
mod tests {
    use super::testkit::*;
    use super::*;

    #[test]
    fn every_finding_stays_bounded_on_hostile_shapes_of_ten_thousand_kpis() {
        for shape in Shape::ALL {
            let fx = shape.build(10_000);
            let findings = run(&fx.m, today());
            assert!(!findings.is_empty(), "{shape:?}");
            // At most about a kilobyte and a half of text per KPI, whatever the shape.
            expect_bounded(&findings, fx.m.kpis.len(), 1_500);
        }
    }

    #[test]
    fn a_long_list_names_a_few_and_counts_the_rest() {
        let names: Vec<String> = (1..=10_000).map(|i| format!("K{i}")).collect();
        assert_eq!(list_of(&names, 3, |s| s.clone()), "K1, K2, K3 and 9,997 more");
        assert_eq!(list(names.iter().cloned(), 2), "K1, K2 and 9,998 more");
        assert_eq!(list_counted(["A".to_string()], 1), "A");
        assert_eq!(grouped(1_234_567), "1,234,567");
        assert_eq!(quote(&"x".repeat(1_000)).chars().count(), NAME_CHARS + 3);
    }

    #[test]
    fn acknowledgements_and_departments_are_matched_by_key_and_id() {
        let mut fx = healthy();
        fx.get(10).owner = None;
        fx.get(11).owner = None;
        let findings = run(&fx.m, today());
        let key = findings.iter().find(|f| f.rule == RuleId::Owner).map(|f| f.key.clone()).unwrap();
        fx.m.acknowledgements.push(Acknowledgement {
            finding: key.clone(),
            reason: "known".into(),
            by: "Ada".into(),
            at: Timestamp::at_midnight(today()),
        });
        let (open, acked) = split_acknowledged(&fx.m, &findings);
        assert_eq!(acked.iter().map(|f| &f.key).collect::<Vec<_>>(), [&key]);
        assert_eq!(open.len() + 1, findings.len());
        let per = by_department(&fx.m, &findings);
        let owner_errors = |name: &str| per.iter().find(|(n, _)| n == name).map(|(_, c)| c[0]).unwrap();
        // One of the two missing owners (Sales, Marketing) is acknowledged.
        assert_eq!(owner_errors("Sales") + owner_errors("Marketing"), 1);
    }
}
