//! The evidence score: what the model itself shows about each maturity criterion.
//!
//! Every criterion earns a share (0-1) of its ten points from facts in the model and
//! the checks' findings, and keeps the facts that gave points ([`Evidence::gains`]) and
//! those that cost points ([`Evidence::costs`]), so the score explains itself. Once the
//! team uses the operating rhythm, the governed process also shows in it: reviews held,
//! check-ins on time and actions closed ([`crate::rhythm::practice`]) earn part of the
//! governance share.

use std::collections::HashSet;

use super::{Criterion, Score, MET};
use crate::checks::rules::r17_stale;
use crate::checks::{self, Brief, Checked, Finding, RuleId};
use crate::model::query::Index;
use crate::model::status::Status;
use crate::model::{KpiId, Level, Model};
use crate::rhythm::practice::{self, Practice};

/// What the model shows for one criterion.
#[derive(Clone, Debug, PartialEq)]
pub struct Evidence {
    pub criterion: Criterion,
    /// 0-1.
    pub share: f64,
    pub gains: Vec<String>,
    pub costs: Vec<String>,
}

impl Evidence {
    /// Every fact, costs first.
    pub fn summary(&self) -> String {
        join(self.costs.iter().chain(&self.gains))
    }

    /// What cost points (or, if nothing did, the summary).
    pub fn cost_summary(&self) -> String {
        if self.costs.is_empty() {
            self.summary()
        } else {
            join(self.costs.iter())
        }
    }

    /// What gave points.
    pub fn gain_summary(&self) -> String {
        if self.gains.is_empty() {
            self.summary()
        } else {
            join(self.gains.iter())
        }
    }
}

fn join<'a>(facts: impl Iterator<Item = &'a String>) -> String {
    let v: Vec<&str> = facts.map(String::as_str).collect();
    if v.is_empty() {
        "nothing to show yet.".into()
    } else {
        format!("{}.", v.join("; "))
    }
}

/// How many KPIs a fact names before it counts the rest.
const NAMED: usize = 3;

/// The first three KPIs by name, and how many more.
fn names(m: &Model, idx: &Index, ids: &[KpiId]) -> String {
    checks::list_of(ids, NAMED, |&k| idx.kpi(m, k).map_or_else(|| k.to_string(), |k| checks::quote(&k.name)))
}

/// [`names`] of the KPIs at the first few positions, out of a count.
fn named(m: &Model, (few, count): &(Vec<usize>, usize)) -> String {
    checks::list_counted(few.iter().map(|&i| checks::quote(&m.kpis[i].name)), *count)
}

fn ratio(n: usize, of: usize) -> f64 {
    if of == 0 {
        0.0
    } else {
        n as f64 / of as f64
    }
}

/// Collects facts for one criterion.
struct Facts {
    gains: Vec<String>,
    costs: Vec<String>,
}

impl Facts {
    fn new() -> Facts {
        Facts { gains: Vec::new(), costs: Vec::new() }
    }

    fn fact(&mut self, good: bool, text: String) {
        if good {
            self.gains.push(text)
        } else {
            self.costs.push(text)
        }
    }

    fn done(self, criterion: Criterion, share: f64) -> Evidence {
        Evidence { criterion, share: share.clamp(0.0, 1.0), gains: self.gains, costs: self.costs }
    }
}

/// A KPI's level, if it is active (nothing else is read of a draft or retired KPI).
fn level_of(k: &Brief) -> Option<Level> {
    k.active.then_some(k.level)
}

/// What the score reads from the findings. A large model has several findings per KPI
/// (about 70 MB of them at 100,000 KPIs), and the score needs few of them: it reads only
/// the runs of the rules it counts, found by binary search in the order
/// [`checks::run`] returns them (severity, then rule, then key), and most of those runs
/// only by their length.
#[derive(Debug, Default)]
struct Told<'f> {
    /// Conflict findings not acknowledged, and the first one's title.
    open_conflicts: usize,
    first_open_conflict: Option<&'f str>,
    /// Conflict findings acknowledged (consciously accepted).
    accepted_conflicts: usize,
    /// The KPIs of every cadence finding, in order.
    slow: Vec<KpiId>,
    /// Definition findings that are warnings (one name, two meanings).
    clashes: usize,
    unstable: usize,
    /// Off-track runs with no escalation.
    overdue: usize,
    /// Timing findings, and the first one's title.
    slips: usize,
    first_slip: Option<&'f str>,
}

impl<'f> Told<'f> {
    fn read(m: &Model, findings: &'f [Finding]) -> Told<'f> {
        // Only conflicts are told apart by acknowledgement; most models have none.
        let acknowledged: HashSet<&str> = m.acknowledgements.iter().map(|a| a.finding.as_str()).collect();
        let mut t = Told::default();
        let first_title = |run: &'f [Finding]| run.first().map(|f| f.title.as_str());
        // A count is the length of a run: a finding is read only for what it says (a
        // title, its KPIs, its key), so a run of 100,000 findings costs two searches.
        for (rule, run) in read_runs(findings) {
            match rule {
                RuleId::StructuralConflict | RuleId::KnownConflicts if acknowledged.is_empty() => {
                    t.open_conflicts += run.len();
                    t.first_open_conflict = t.first_open_conflict.or_else(|| first_title(run));
                }
                RuleId::StructuralConflict | RuleId::KnownConflicts => {
                    for f in run {
                        if acknowledged.contains(f.key.as_str()) {
                            t.accepted_conflicts += 1;
                        } else {
                            t.open_conflicts += 1;
                            t.first_open_conflict.get_or_insert(f.title.as_str());
                        }
                    }
                }
                RuleId::Cadence => {
                    for f in run {
                        t.slow.extend_from_slice(&f.kpis);
                    }
                }
                // The warnings only ([`READ`]).
                RuleId::Definitions => t.clashes += run.len(),
                RuleId::Stability => t.unstable += run.len(),
                RuleId::Timing => {
                    t.slips += run.len();
                    t.first_slip = t.first_slip.or_else(|| first_title(run));
                }
                // A stale KPI is told by rule 17's own test, on the KPIs that have a
                // source (below); what is counted here is the errors only ([`READ`]),
                // which are exactly rule 17's unescalated off-track runs.
                RuleId::Stale => {
                    debug_assert!(run.iter().all(r17_stale::is_unescalated));
                    t.overdue += run.len();
                }
                _ => {}
            }
        }
        t
    }
}

/// The rules whose findings the score reads, in [`RuleId`] order, each with the
/// severities it reads (`None`: all).
const READ: [(RuleId, Option<checks::Severity>); 7] = [
    (RuleId::Cadence, None),
    (RuleId::StructuralConflict, None),
    (RuleId::KnownConflicts, None),
    (RuleId::Definitions, Some(checks::Severity::Warning)),
    (RuleId::Timing, None),
    (RuleId::Stability, None),
    (RuleId::Stale, Some(checks::Severity::Error)),
];

/// The runs of findings [`READ`] names (each of one severity and one rule), in the order
/// they have in `findings`, which is sorted by severity and then rule as [`checks::run`]
/// returns them: each run is found by binary search, and nothing else is read.
fn read_runs(findings: &[Finding]) -> impl Iterator<Item = (RuleId, &[Finding])> {
    [checks::Severity::Error, checks::Severity::Warning, checks::Severity::Info]
        .into_iter()
        .flat_map(|severity| {
            READ.iter()
                .filter(move |(_, only)| only.is_none_or(|o| o == severity))
                .map(move |&(rule, _)| (severity, rule))
        })
        .map(move |at| {
            let from = findings.partition_point(|f| (f.severity, f.rule) < at);
            let to = from + findings[from..].partition_point(|f| (f.severity, f.rule) == at);
            (at.1, &findings[from..to])
        })
}

/// Evaluates every criterion, in [`Criterion::ALL`] order, from what the checks gave
/// for the model: `checked` is what [`Checked::run`] returned for it (its findings in the
/// order they come, and each KPI's [`Brief`]).
///
/// The findings of the rules it counts (found by binary search, most of them counted by
/// the length of their run) and the briefs gather everything; the score reads no KPI
/// but the few it names, and no KPI's id. O(n + m + F' + log F) time, F' the findings
/// it reads one by one (cadence, and conflicts when some are acknowledged), and O(n)
/// memory.
pub fn evaluate(m: &Model, checked: &Checked) -> Vec<Evidence> {
    let (findings, kpis, idx) = (&checked.findings[..], &checked.kpis[..], &checked.idx);
    debug_assert!(
        findings.windows(2).all(|w| (w[0].severity, w[0].rule) <= (w[1].severity, w[1].rule)),
        "findings in the order checks::run returns them"
    );
    debug_assert_eq!(kpis.len(), m.kpis.len(), "the checks of this model");
    let told = Told::read(m, findings);
    let s = &m.settings;
    let departments = m.departments.len();

    // The counts, from the briefs.
    let mut active = 0;
    let mut company: Vec<usize> = Vec::new();
    let mut teams = 0;
    let mut departmental = 0;
    let mut targeted = 0;
    // The first few KPIs without a target or an owner (for their names), and how many.
    let mut untargeted: (Vec<usize>, usize) = (Vec::new(), 0);
    let mut unowned: (Vec<usize>, usize) = (Vec::new(), 0);
    let mut defined = 0;
    let mut from_data = 0;
    let mut company_from_data = 0;
    // Per department position: it has active KPIs below the company level; a leading one.
    let mut has_kpis = vec![false; departments];
    let mut has_leading = vec![false; departments];
    let first = |(few, count): &mut (Vec<usize>, usize), i: usize| {
        if few.len() < NAMED {
            few.push(i);
        }
        *count += 1;
    };
    for (i, k) in kpis.iter().enumerate() {
        let Some(level) = level_of(k) else { continue };
        active += 1;
        if !k.owned {
            first(&mut unowned, i);
        }
        defined += usize::from(k.defined);
        // A KPI with a source counts as sourced unless it is stale (as rule 17 finds it),
        // and from data if its latest actual also gives it a status.
        let has_status = k.status != Status::NoData;
        from_data += usize::from(k.sourced && !k.stale && has_status);
        match level {
            Level::Company => {
                company.push(i);
                if k.dated_target {
                    targeted += 1;
                } else {
                    first(&mut untargeted, i);
                }
                company_from_data += usize::from(has_status);
            }
            level => {
                if level == Level::Department {
                    departmental += 1;
                } else {
                    teams += 1;
                }
                if let Some(d) = k.department.map(|d| d as usize) {
                    has_kpis[d] = true;
                    has_leading[d] |= k.leading;
                }
            }
        }
    }
    let mut out = Vec::new();

    // Company goals: 3-5 company KPIs, each with a target and a date.
    let mut f = Facts::new();
    let n = company.len();
    let count_share = if s.company_kpis.contains(n) {
        1.0
    } else if n == 0 {
        0.0
    } else {
        0.5
    };
    f.fact(
        count_share == 1.0,
        format!("{n} company KPI{} ({} is healthy)", if n == 1 { "" } else { "s" }, s.company_kpis),
    );
    if n > 0 {
        if untargeted.1 == 0 {
            f.fact(true, "every company KPI has a target and a date".into());
        } else {
            f.fact(
                false,
                format!(
                    "{} ha{} no target with a date",
                    named(m, &untargeted),
                    if untargeted.1 == 1 { "s" } else { "ve" }
                ),
            );
        }
    }
    out.push(f.done(Criterion::CompanyGoals, 0.6 * count_share + 0.4 * ratio(targeted, n)));

    // Documented links: each department links its KPIs to company KPIs, with rationale.
    let mut f = Facts::new();
    // With no links nothing is below anything: the child lists (arrays the size of the
    // model) are not built.
    let children = (!idx.links().is_empty()).then(|| idx.children());
    let below = |i: usize| children.map_or(&[][..], |c| &c[i]);
    let connected = reaches_company(kpis, &company, below);
    // Per department position: a department KPI of it is linked to a company KPI; with
    // a documented rationale.
    let mut linked = vec![false; departments];
    let mut documented = vec![false; departments];
    let enough_words = |rationale: &str| {
        s.rationale_min_words == 0
            || rationale.split_whitespace().nth(s.rationale_min_words.saturating_sub(1) as usize).is_some()
    };
    for l in &m.links {
        let (Some(c), Some(p)) = (idx.kpi_pos(l.child), idx.kpi_pos(l.parent)) else { continue };
        let (child, parent) = (&kpis[c], &kpis[p]);
        if level_of(child) != Some(Level::Department) || level_of(parent) != Some(Level::Company) {
            continue;
        }
        if let Some(d) = child.department.map(|d| d as usize) {
            linked[d] = true;
            if !documented[d] && enough_words(&l.rationale) {
                documented[d] = true;
            }
        }
    }
    let depts: Vec<(usize, &crate::model::Department)> =
        m.departments.iter().enumerate().filter(|(i, _)| has_kpis[*i]).collect();
    let mut none = Vec::new();
    let mut undocumented = Vec::new();
    let mut dept_score = 0.0;
    for &(i, d) in &depts {
        if !linked[i] {
            none.push(d.name.clone());
        } else if documented[i] {
            dept_score += 1.0;
        } else {
            dept_score += 0.5;
            undocumented.push(d.name.clone());
        }
    }
    if depts.is_empty() {
        f.fact(false, "no department has KPIs yet".into());
    } else if none.is_empty() && undocumented.is_empty() {
        f.fact(
            true,
            format!(
                "all {} departments link their KPIs to company KPIs with a stated rationale",
                depts.len()
            ),
        );
    }
    if !none.is_empty() {
        f.fact(
            false,
            format!(
                "{} ha{} no department KPI linked to a company KPI",
                checks::list(none.clone(), 4),
                if none.len() == 1 { "s" } else { "ve" }
            ),
        );
    }
    if !undocumented.is_empty() {
        f.fact(false, format!("the links of {} have no rationale", checks::list(undocumented, 4)));
    }
    let fed =
        kpis.iter().zip(&connected).filter(|(k, &c)| c && level_of(k) == Some(Level::Department)).count();
    if fed < departmental {
        f.fact(
            false,
            format!("{} of {departmental} department KPIs feed no company KPI", departmental - fed),
        );
    }
    out.push(f.done(
        Criterion::DocumentedLinks,
        0.7 * ratio_f(dept_score, depts.len()) + 0.3 * ratio(fed, departmental),
    ));

    // Owners: one named person per KPI.
    let mut f = Facts::new();
    if active == 0 {
        f.fact(false, "no KPIs yet".into());
    } else if unowned.1 == 0 {
        f.fact(true, format!("all {active} KPIs have one named owner"));
    } else {
        f.fact(
            false,
            format!("{} of {active} KPIs have no single named owner ({})", unowned.1, named(m, &unowned)),
        );
    }
    out.push(f.done(Criterion::Owners, ratio(active - unowned.1, active)));

    // Three-level cascade: team KPIs exist in the departments and lead up to the company.
    let mut f = Facts::new();
    let share = if teams == 0 {
        f.fact(false, "no team or person KPIs: the cascade stops at the departments".into());
        0.0
    } else {
        let mut with_team = vec![false; departments];
        let mut linked = 0;
        let team = kpis.iter().zip(&connected).filter(|(k, &c)| c && level_of(k) == Some(Level::Team));
        for (k, _) in team {
            linked += 1;
            if let Some(d) = k.department {
                with_team[d as usize] = true;
            }
        }
        f.fact(linked == teams, format!("{linked} of {teams} team KPIs lead up to a company KPI"));
        let covered = depts.iter().filter(|(i, _)| with_team[*i]).count();
        f.fact(
            covered == depts.len(),
            format!("{covered} of {} departments have team KPIs in the cascade", depts.len()),
        );
        0.5 * ratio(linked, teams) + 0.5 * ratio(covered, depts.len())
    };
    out.push(f.done(Criterion::ThreeLevels, share));

    // Conflicts: none open; the ones found are resolved (or consciously accepted).
    let mut f = Facts::new();
    let resolved = m.governance.resolutions.len() + told.accepted_conflicts;
    // With no KPIs there is nothing to be in conflict: no credit either.
    let handled = if active == 0 {
        0.0
    } else if told.open_conflicts == 0 {
        1.0
    } else {
        ratio(resolved, resolved + told.open_conflicts)
    };
    if active == 0 {
        f.fact(false, "no KPIs to check for conflicts yet".into());
    } else if let Some(first) = told.first_open_conflict {
        f.fact(
            false,
            format!(
                "{} cross-functional conflict{} open (e.g. {first})",
                told.open_conflicts,
                if told.open_conflicts == 1 { "" } else { "s" }
            ),
        );
    } else {
        f.fact(true, "no open cross-functional conflict".into());
    }
    if resolved > 0 {
        f.fact(
            true,
            format!(
                "{resolved} conflict{} resolved or accepted on record",
                if resolved == 1 { "" } else { "s" }
            ),
        );
    }
    let resolver = m.governance.dispute_resolver.is_some();
    f.fact(
        resolver,
        if resolver {
            "a dispute resolver is named".into()
        } else {
            "nobody is named to resolve disputes".into()
        },
    );
    out.push(f.done(Criterion::Conflicts, 0.8 * handled + 0.2 * if resolver { 1.0 } else { 0.0 }));

    // Rhythm: reviewed as often as the velocity allows.
    let mut f = Facts::new();
    let slow = &told.slow;
    if active == 0 {
        f.fact(false, "no KPIs yet".into());
    } else if slow.is_empty() {
        f.fact(
            true,
            format!("every KPI is reviewed often enough for a {} business", m.organisation.velocity.key()),
        );
    } else {
        f.fact(
            false,
            format!(
                "{} KPI{} reviewed less often than the velocity allows ({})",
                slow.len(),
                if slow.len() == 1 { " is" } else { "s are" },
                names(m, idx, slow)
            ),
        );
    }
    out.push(f.done(Criterion::Rhythm, ratio(active - slow.len().min(active), active)));

    // Leading indicators: in every department, and 2+ feeding each company KPI.
    let mut f = Facts::new();
    let lagging_depts: Vec<String> =
        depts.iter().filter(|(i, _)| !has_leading[*i]).map(|(_, d)| d.name.clone()).collect();
    if !depts.is_empty() {
        f.fact(
            lagging_depts.is_empty(),
            if lagging_depts.is_empty() {
                "every department has leading indicators".into()
            } else {
                format!(
                    "{} measure{} only lagging results",
                    checks::list(lagging_depts.clone(), 4),
                    if lagging_depts.len() == 1 { "s" } else { "" }
                )
            },
        );
    }
    let well_led = company
        .iter()
        .filter(|&&i| {
            below(i)
                .iter()
                .filter(|&&c| level_of(&kpis[c]) == Some(Level::Department) && kpis[c].leading)
                .count()
                >= s.leading_per_company_kpi.min as usize
        })
        .count();
    if n > 0 {
        f.fact(
            well_led == n,
            format!(
                "{well_led} of {n} company KPIs have {}+ leading department KPIs",
                s.leading_per_company_kpi.min
            ),
        );
    }
    out.push(f.done(
        Criterion::Leading,
        0.5 * ratio(depts.len() - lagging_depts.len(), depts.len()) + 0.5 * ratio(well_led, n),
    ));

    // Definitions: every KPI defined in the glossary, no name meaning two things.
    let mut f = Facts::new();
    if active > 0 {
        f.fact(defined == active, format!("{defined} of {active} KPIs point at a glossary definition"));
    }
    let clash_count = told.clashes;
    if clash_count > 0 {
        f.fact(
            false,
            format!(
                "{clash_count} metric name{} mean{} different things in different places",
                if clash_count == 1 { "" } else { "s" },
                if clash_count == 1 { "s" } else { "" }
            ),
        );
    }
    out.push(
        f.done(Criterion::Definitions, ratio(defined, active) * (1.0 - 0.2 * clash_count as f64).max(0.0)),
    );

    // Governance: stable company KPIs, a change log, escalation by rule, an owner of the
    // process and, where the rhythm is used, reviews held, check-ins on time and actions
    // closed.
    let mut f = Facts::new();
    let unstable = told.unstable;
    let stable = n > 0 && unstable == 0;
    f.fact(
        stable,
        if stable {
            "company KPIs are locked and unchanged for the stability period".into()
        } else if n == 0 {
            "no company KPIs to keep stable".into()
        } else {
            format!(
                "{unstable} company KPI finding{} on locking or recent changes",
                if unstable == 1 { "" } else { "s" }
            )
        },
    );
    let logged = !m.governance.change_log.is_empty();
    f.fact(
        logged,
        if logged {
            format!("{} changes on record in the change log", m.governance.change_log.len())
        } else {
            "no change is on record".into()
        },
    );
    let overdue = told.overdue;
    f.fact(
        overdue == 0,
        if overdue == 0 {
            "every long off-track run has been escalated".into()
        } else {
            format!(
                "{overdue} KPI{} off track for several reviews with no escalation",
                if overdue == 1 { " is" } else { "s are" }
            )
        },
    );
    let owner = m.organisation.alignment_owner.is_some();
    f.fact(
        owner,
        if owner {
            "someone owns the alignment process".into()
        } else {
            "nobody is named as owner of the alignment process".into()
        },
    );
    f.fact(
        told.slips == 0,
        match told.first_slip {
            None => "no commitment is late for what depends on it".into(),
            Some(title) => format!(
                "{} late commitment{} not re-planned (e.g. {title})",
                told.slips,
                if told.slips == 1 { "" } else { "s" },
            ),
        },
    );
    let yes = |b: bool| f64::from(u8::from(b));
    let share = 0.3 * yes(stable)
        + 0.15 * yes(logged)
        + 0.2 * yes(overdue == 0 && n > 0)
        + 0.1 * yes(owner)
        + 0.25 * yes(told.slips == 0 && n > 0);
    let share = with_rhythm(&mut f, &checked.rhythm, share);
    out.push(f.done(Criterion::Governance, share));

    // Executive view from data: status computed from fresh actuals in a system of record.
    let mut f = Facts::new();
    if active > 0 {
        f.fact(
            from_data == active,
            format!("{from_data} of {active} KPIs have a current status from sourced, fresh actuals"),
        );
    }
    if n > 0 {
        f.fact(
            company_from_data == n,
            format!("{company_from_data} of {n} company KPIs show actual against target"),
        );
    }
    out.push(
        f.done(Criterion::ExecutiveView, 0.6 * ratio(from_data, active) + 0.4 * ratio(company_from_data, n)),
    );

    out
}

/// How much each practice of the rhythm weighs in the governance share, beside the
/// other facts' 1.0: reviews held, check-ins on time, actions closed.
const RHYTHM_WEIGHTS: [f64; 3] = [0.15, 0.15, 0.1];

/// The governance share `share` with what the rhythm shows of a governed process:
/// reviews held, check-ins on time and actions closed over the last 90 days, each
/// weighed in (and stated as a fact) only once the model shows it, so a model that
/// does not use the rhythm keeps `share` exactly.
fn with_rhythm(f: &mut Facts, r: &Practice, share: f64) -> f64 {
    let days = practice::DAYS;
    let mut parts: Vec<(f64, f64)> = Vec::new();
    if let Some(v) = r.reviews.filter(|v| v.due > 0) {
        let part = ratio(v.held, v.due);
        let meetings = format!("{} review meeting{}", v.meetings, if v.meetings == 1 { "" } else { "s" });
        f.fact(
            part >= MET,
            match (part >= MET, v.held == v.due) {
                (true, true) => format!("{meetings} held in the last {days} days"),
                (true, false) => {
                    format!(
                        "{meetings} held in the last {days} days, for {} of the {} reviews due",
                        v.held, v.due
                    )
                }
                _ => format!("{} of the {} reviews due in the last {days} days were held", v.held, v.due),
            },
        );
        parts.push((RHYTHM_WEIGHTS[0], part));
    }
    if let Some(t) = r.check_ins.filter(|t| t.due > 0) {
        let part = ratio(t.on_time, t.due);
        f.fact(
            part >= MET,
            format!(
                "{}% of check-ins on time in the last {days} days ({} of {} due)",
                t.rate().unwrap_or(0.0),
                t.on_time,
                t.due
            ),
        );
        parts.push((RHYTHM_WEIGHTS[1], part));
    }
    let a = r.actions;
    if a.total > 0 {
        let part = ratio(a.closed, a.total);
        f.fact(
            part >= MET,
            format!(
                "{} of {} action{} from the last {days} days' check-ins and reviews closed",
                a.closed,
                a.total,
                if a.total == 1 { "" } else { "s" }
            ),
        );
        parts.push((RHYTHM_WEIGHTS[2], part));
    }
    if parts.is_empty() {
        return share;
    }
    let weight: f64 = parts.iter().map(|(w, _)| w).sum();
    (share + parts.iter().map(|(w, p)| w * p).sum::<f64>()) / (1.0 + weight)
}

fn ratio_f(x: f64, of: usize) -> f64 {
    if of == 0 {
        0.0
    } else {
        x / of as f64
    }
}

/// Per KPI position: active, with a path up to an active company KPI (company KPIs
/// too). `company` holds the positions of the active company KPIs.
fn reaches_company<'a>(kpis: &[Brief], company: &[usize], below: impl Fn(usize) -> &'a [usize]) -> Vec<bool> {
    let mut ok = vec![false; kpis.len()];
    let mut stack = company.to_vec();
    for &i in &stack {
        ok[i] = true;
    }
    while let Some(i) = stack.pop() {
        for &c in below(i) {
            if !ok[c] && kpis[c].active {
                ok[c] = true;
                stack.push(c);
            }
        }
    }
    ok
}

/// The evidence score: ten points per criterion, earned by share.
pub fn score(m: &Model, checked: &Checked) -> Score {
    let parts: Vec<(Criterion, Option<f64>)> =
        evaluate(m, checked).into_iter().map(|e| (e.criterion, Some(e.share))).collect();
    Score::from_parts(parts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::maturity::MaturityLevel;
    use crate::model::Date;
    use crate::templates;

    fn score_of(id: &str, today: Date) -> (Score, Vec<Evidence>) {
        let m = templates::by_id(id).unwrap().build(today);
        let c = Checked::run(&m, today);
        (score(&m, &c), evaluate(&m, &c))
    }

    #[test]
    fn each_templates_evidence_level_is_what_its_story_implies() {
        for d in ["2026-11-23", "2027-06-15"] {
            let today = Date::parse(d).unwrap();
            let level = |id| score_of(id, today).0.level;
            // Everything broken: not even company goals are met.
            assert_eq!(level("fragmented"), MaturityLevel::Fragmented, "{d}");
            // Governed, resolved, leading indicators everywhere.
            assert_eq!(level("saas"), MaturityLevel::Optimized, "{d}");
            // Documented cascades and owners, but conflicts open: not yet Aligned.
            assert_eq!(level("generic"), MaturityLevel::Structured, "{d}");
            assert_eq!(level("retail"), MaturityLevel::Structured, "{d}");
            // A slipped launch with open side effects: Structured.
            assert_eq!(level("launch"), MaturityLevel::Structured, "{d}");
        }
    }

    #[test]
    fn the_fragmented_model_scores_in_the_bottom_quarter_and_says_why() {
        let (s, ev) = score_of("fragmented", Date::parse("2026-11-23").unwrap());
        assert!((0.0..25.0).contains(&s.total), "{}", s.total);
        assert_eq!(s.held_by, [Criterion::CompanyGoals]);
        let owners = ev.iter().find(|e| e.criterion == Criterion::Owners).unwrap();
        assert!(owners.costs[0].contains("have no single named owner"), "{:?}", owners.costs);
        let goals = ev.iter().find(|e| e.criterion == Criterion::CompanyGoals).unwrap();
        assert!(goals.costs[0].starts_with("8 company KPIs (3-5 is healthy)"), "{:?}", goals.costs);
    }

    mod rhythm {
        use super::super::*;
        use crate::checks::testkit::{d, healthy, today, Fx};
        use crate::model::{Action, ActionState, Cadence, CheckIn, CheckInId, Meeting, MeetingId, PersonId};

        fn governance(fx: &Fx) -> Evidence {
            let c = Checked::run(&fx.m, today());
            evaluate(&fx.m, &c).into_iter().find(|e| e.criterion == Criterion::Governance).unwrap()
        }

        fn meeting(id: u32, forum: Cadence, on: &str, actions: Vec<Action>) -> Meeting {
            Meeting { id: MeetingId(id), forum, on: d(on), kpis: Vec::new(), decisions: Vec::new(), actions }
        }

        fn action(what: &str, state: ActionState) -> Action {
            Action { what: what.into(), kpi: None, who: Some(PersonId(2)), due: None, state }
        }

        fn has(facts: &[String], fact: &str) -> bool {
            facts.iter().any(|f| f == fact)
        }

        #[test]
        fn a_model_that_does_not_use_the_rhythm_keeps_its_governance_share() {
            let mut fx = healthy();
            // Locked company KPIs, no long off-track run, no late commitment (0.3 + 0.2 +
            // 0.25); no change log and no alignment owner.
            let before = governance(&fx);
            assert_eq!(before.share, 0.75);
            assert_eq!(before.gains.len() + before.costs.len(), 5);
            // Records that show nothing yet: a check-in on a KPI that does not exist, a
            // meeting after today.
            fx.m.check_ins.push(CheckIn::new(CheckInId(1), KpiId(999), d("2026-11-15"), d("2026-11-16")));
            fx.m.meetings.push(meeting(
                1,
                Cadence::Weekly,
                "2026-12-07",
                vec![action("Plan", ActionState::Open)],
            ));
            assert_eq!(governance(&fx), before);
        }

        /// Today is Monday 23 Nov 2026.
        #[test]
        fn the_governance_share_rises_with_check_ins_on_time_reviews_held_and_actions_closed() {
            let mut fx = healthy();
            let weekly: Vec<u32> =
                fx.m.kpis.iter().filter(|k| k.cadence == Cadence::Weekly).map(|k| k.id.0).collect();
            assert_eq!(weekly.len(), 12);
            // The team began checking in for 2-8 Nov: the weeks due since are 2-8 and 9-15
            // Nov (the week that ended yesterday has two days of grace left, and no month
            // has ended since), checked in on time once and late once.
            for &k in &weekly {
                fx.check_in(k, d("2026-11-08"), d("2026-11-09"));
                fx.check_in(k, d("2026-11-15"), d("2026-11-20"));
            }
            let late = governance(&fx);
            assert!(
                has(&late.costs, "50% of check-ins on time in the last 90 days (12 of 24 due)"),
                "{:?}",
                late.costs
            );
            for c in fx.m.check_ins.iter_mut().filter(|c| c.period == d("2026-11-15")) {
                c.on = d("2026-11-16");
            }
            let on_time = governance(&fx);
            assert!(on_time.share > late.share, "{} vs {}", on_time.share, late.share);
            assert!(has(&on_time.gains, "100% of check-ins on time in the last 90 days (24 of 24 due)"));

            // Weekly reviews every Monday from 5 Oct: the six weeks due since the first
            // are reviewed; October's monthly review is missing.
            let mondays = [
                "2026-10-05",
                "2026-10-12",
                "2026-10-19",
                "2026-10-26",
                "2026-11-02",
                "2026-11-09",
                "2026-11-16",
            ];
            for (i, day) in mondays.into_iter().enumerate() {
                fx.m.meetings.push(meeting(i as u32 + 1, Cadence::Weekly, day, Vec::new()));
            }
            let partly = governance(&fx);
            assert!(
                has(&partly.gains, "7 review meetings held in the last 90 days, for 6 of the 7 reviews due"),
                "{:?}",
                partly.gains
            );
            fx.m.meetings.push(meeting(8, Cadence::Monthly, "2026-11-03", Vec::new()));
            let reviewed = governance(&fx);
            assert!(reviewed.share > partly.share, "{} vs {}", reviewed.share, partly.share);
            assert!(
                has(&reviewed.gains, "8 review meetings held in the last 90 days"),
                "{:?}",
                reviewed.gains
            );

            // Dept 1 for 1 closed one action on 8 Nov and carried the other, still open,
            // to 15 Nov (counted once); a review dropped one.
            let c =
                fx.m.check_ins
                    .iter_mut()
                    .find(|c| c.kpi == KpiId(10) && c.period == d("2026-11-08"))
                    .unwrap();
            c.actions =
                vec![action("Call lapsed accounts", ActionState::Done), action("Hire", ActionState::Open)];
            fx.last_check_in(10).actions = vec![action("Hire", ActionState::Open)];
            fx.m.meetings[7].actions = vec![action("Rename the report", ActionState::Dropped)];
            let open = governance(&fx);
            assert!(
                has(&open.costs, "2 of 3 actions from the last 90 days' check-ins and reviews closed"),
                "{:?}",
                open.costs
            );
            fx.last_check_in(10).actions[0].state = ActionState::Done;
            let closed = governance(&fx);
            assert!(closed.share > open.share, "{} vs {}", closed.share, open.share);
            assert!(has(&closed.gains, "3 of 3 actions from the last 90 days' check-ins and reviews closed"));
        }
    }

    #[test]
    fn an_empty_model_scores_zero() {
        let s =
            score(&Model::default(), &Checked::run(&Model::default(), Date::parse("2026-11-23").unwrap()));
        assert_eq!((s.total, s.level), (0.0, MaturityLevel::Fragmented));
    }
}
