//! The evidence score: what the model itself shows about each maturity criterion.
//!
//! Every criterion earns a share (0-1) of its ten points from facts in the model and
//! the checks' findings, and keeps the facts that gave points ([`Evidence::gains`]) and
//! those that cost points ([`Evidence::costs`]), so the score explains itself.

use std::collections::HashSet;

use super::{Criterion, Score};
use crate::checks::{self, Finding, RuleId};
use crate::model::query::Index;
use crate::model::{status, Date, DeptId, Indicator, KpiId, Level, Model};

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

/// The first three KPIs by name, and how many more.
fn names(m: &Model, idx: &Index, ids: &[KpiId]) -> String {
    checks::list_of(ids, 3, |&k| idx.kpi(m, k).map_or_else(|| k.to_string(), |k| checks::quote(&k.name)))
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

/// Evaluates every criterion, in [`Criterion::ALL`] order.
pub fn evaluate(m: &Model, findings: &[Finding], today: Date) -> Vec<Evidence> {
    let idx = Index::new(m);
    let active: Vec<(usize, &crate::model::Kpi)> =
        m.kpis.iter().enumerate().filter(|(_, k)| k.is_active()).collect();
    let of_level = |l: Level| active.iter().filter(move |(_, k)| k.level == l).copied();
    let company: Vec<(usize, &crate::model::Kpi)> = of_level(Level::Company).collect();
    let flagged = |rule: RuleId| -> Vec<&Finding> { findings.iter().filter(|f| f.rule == rule).collect() };
    let s = &m.settings;
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
    let targeted: Vec<&crate::model::Kpi> =
        company.iter().map(|(_, k)| *k).filter(|k| k.target.is_some_and(|t| t.due.is_some())).collect();
    if n > 0 {
        let missing: Vec<KpiId> = company
            .iter()
            .map(|(_, k)| *k)
            .filter(|k| k.target.is_none_or(|t| t.due.is_none()))
            .map(|k| k.id)
            .collect();
        if missing.is_empty() {
            f.fact(true, "every company KPI has a target and a date".into());
        } else {
            f.fact(
                false,
                format!(
                    "{} ha{} no target with a date",
                    names(m, &idx, &missing),
                    if missing.len() == 1 { "s" } else { "ve" }
                ),
            );
        }
    }
    out.push(f.done(Criterion::CompanyGoals, 0.6 * count_share + 0.4 * ratio(targeted.len(), n)));

    // Documented links: each department links its KPIs to company KPIs, with rationale.
    let mut f = Facts::new();
    let connected = reaches_company(m, &idx);
    let dept_kpis: Vec<(usize, &crate::model::Kpi)> = of_level(Level::Department).collect();
    // Per department, in one pass each: whether it has KPIs below the company level, a
    // leading one, a link from a department KPI to a company KPI, a documented one.
    let mut has_kpis: HashSet<DeptId> = HashSet::new();
    let mut has_leading: HashSet<DeptId> = HashSet::new();
    for (_, k) in active.iter().filter(|(_, k)| k.level != Level::Company) {
        if let Some(d) = k.department {
            has_kpis.insert(d);
            if k.indicator == Indicator::Leading {
                has_leading.insert(d);
            }
        }
    }
    let mut linked: HashSet<DeptId> = HashSet::new();
    let mut documented: HashSet<DeptId> = HashSet::new();
    for l in &m.links {
        let (Some(c), Some(p)) = (idx.kpi(m, l.child), idx.kpi(m, l.parent)) else { continue };
        if !(c.is_active() && c.level == Level::Department && p.is_active() && p.level == Level::Company) {
            continue;
        }
        if let Some(d) = c.department {
            linked.insert(d);
            if l.rationale.split_whitespace().nth(s.rationale_min_words.saturating_sub(1) as usize).is_some()
                || s.rationale_min_words == 0
            {
                documented.insert(d);
            }
        }
    }
    let depts: Vec<&crate::model::Department> =
        m.departments.iter().filter(|d| has_kpis.contains(&d.id)).collect();
    let mut none = Vec::new();
    let mut undocumented = Vec::new();
    let mut dept_score = 0.0;
    for d in &depts {
        if !linked.contains(&d.id) {
            none.push(d.name.clone());
        } else if documented.contains(&d.id) {
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
    let fed = dept_kpis.iter().filter(|(i, _)| connected[*i]).count();
    if fed < dept_kpis.len() {
        f.fact(
            false,
            format!("{} of {} department KPIs feed no company KPI", dept_kpis.len() - fed, dept_kpis.len()),
        );
    }
    out.push(f.done(
        Criterion::DocumentedLinks,
        0.7 * ratio_f(dept_score, depts.len()) + 0.3 * ratio(fed, dept_kpis.len()),
    ));

    // Owners: one named person per KPI.
    let mut f = Facts::new();
    let unowned: Vec<KpiId> =
        active.iter().filter(|(_, k)| k.owner_person().is_none()).map(|(_, k)| k.id).collect();
    if active.is_empty() {
        f.fact(false, "no KPIs yet".into());
    } else if unowned.is_empty() {
        f.fact(true, format!("all {} KPIs have one named owner", active.len()));
    } else {
        f.fact(
            false,
            format!(
                "{} of {} KPIs have no single named owner ({})",
                unowned.len(),
                active.len(),
                names(m, &idx, &unowned)
            ),
        );
    }
    out.push(f.done(Criterion::Owners, ratio(active.len() - unowned.len(), active.len())));

    // Three-level cascade: team KPIs exist in the departments and lead up to the company.
    let mut f = Facts::new();
    let team: Vec<(usize, &crate::model::Kpi)> = of_level(Level::Team).collect();
    let share = if team.is_empty() {
        f.fact(false, "no team or person KPIs: the cascade stops at the departments".into());
        0.0
    } else {
        let linked = team.iter().filter(|(i, _)| connected[*i]).count();
        f.fact(
            linked == team.len(),
            format!("{linked} of {} team KPIs lead up to a company KPI", team.len()),
        );
        let with_team: HashSet<_> =
            team.iter().filter(|(i, _)| connected[*i]).filter_map(|(_, k)| k.department).collect();
        let covered = depts.iter().filter(|d| with_team.contains(&d.id)).count();
        f.fact(
            covered == depts.len(),
            format!("{covered} of {} departments have team KPIs in the cascade", depts.len()),
        );
        0.5 * ratio(linked, team.len()) + 0.5 * ratio(covered, depts.len())
    };
    out.push(f.done(Criterion::ThreeLevels, share));

    // Conflicts: none open; the ones found are resolved (or consciously accepted).
    let mut f = Facts::new();
    let (open, acked) = checks::split_acknowledged(m, findings);
    let is_conflict = |x: &&&Finding| matches!(x.rule, RuleId::StructuralConflict | RuleId::KnownConflicts);
    let open_conflicts: Vec<&&Finding> = open.iter().filter(is_conflict).collect();
    let accepted = acked.iter().filter(is_conflict).count();
    let resolved = m.governance.resolutions.len() + accepted;
    // With no KPIs there is nothing to be in conflict: no credit either.
    let handled = if active.is_empty() {
        0.0
    } else if open_conflicts.is_empty() {
        1.0
    } else {
        ratio(resolved, resolved + open_conflicts.len())
    };
    if active.is_empty() {
        f.fact(false, "no KPIs to check for conflicts yet".into());
    } else if open_conflicts.is_empty() {
        f.fact(true, "no open cross-functional conflict".into());
    } else {
        let first = &open_conflicts[0].title;
        f.fact(
            false,
            format!(
                "{} cross-functional conflict{} open (e.g. {first})",
                open_conflicts.len(),
                if open_conflicts.len() == 1 { "" } else { "s" }
            ),
        );
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
    let slow: Vec<KpiId> = flagged(RuleId::Cadence).iter().flat_map(|x| x.kpis.iter().copied()).collect();
    if active.is_empty() {
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
                names(m, &idx, &slow)
            ),
        );
    }
    out.push(f.done(Criterion::Rhythm, ratio(active.len() - slow.len().min(active.len()), active.len())));

    // Leading indicators: in every department, and 2+ feeding each company KPI.
    let mut f = Facts::new();
    let lagging_depts: Vec<String> =
        depts.iter().filter(|d| !has_leading.contains(&d.id)).map(|d| d.name.clone()).collect();
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
    let well_led: Vec<&(usize, &crate::model::Kpi)> = company
        .iter()
        .filter(|(i, _)| {
            idx.children[*i]
                .iter()
                .filter(|&&c| {
                    m.kpis[c].is_active()
                        && m.kpis[c].level == Level::Department
                        && m.kpis[c].indicator == Indicator::Leading
                })
                .count()
                >= s.leading_per_company_kpi.min as usize
        })
        .collect();
    if n > 0 {
        f.fact(
            well_led.len() == n,
            format!(
                "{} of {n} company KPIs have {}+ leading department KPIs",
                well_led.len(),
                s.leading_per_company_kpi.min
            ),
        );
    }
    out.push(f.done(
        Criterion::Leading,
        0.5 * ratio(depts.len() - lagging_depts.len(), depts.len()) + 0.5 * ratio(well_led.len(), n),
    ));

    // Definitions: every KPI defined in the glossary, no name meaning two things.
    let mut f = Facts::new();
    let defined = active.iter().filter(|(_, k)| k.term.is_some()).count();
    if !active.is_empty() {
        f.fact(
            defined == active.len(),
            format!("{defined} of {} KPIs point at a glossary definition", active.len()),
        );
    }
    let clash_count =
        flagged(RuleId::Definitions).iter().filter(|x| x.severity == checks::Severity::Warning).count();
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
    out.push(f.done(
        Criterion::Definitions,
        ratio(defined, active.len()) * (1.0 - 0.2 * clash_count as f64).max(0.0),
    ));

    // Governance: stable company KPIs, a change log, escalation by rule, an owner of the process.
    let mut f = Facts::new();
    let unstable = flagged(RuleId::Stability).len();
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
    let overdue = findings.iter().filter(|x| x.rule == RuleId::Stale && x.key.contains(":escalate:")).count();
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
    let slips = flagged(RuleId::Timing);
    f.fact(
        slips.is_empty(),
        match slips.first() {
            None => "no commitment is late for what depends on it".into(),
            Some(x) => format!(
                "{} late commitment{} not re-planned (e.g. {})",
                slips.len(),
                if slips.len() == 1 { "" } else { "s" },
                x.title
            ),
        },
    );
    let yes = |b: bool| f64::from(u8::from(b));
    let share = 0.3 * yes(stable)
        + 0.15 * yes(logged)
        + 0.2 * yes(overdue == 0 && n > 0)
        + 0.1 * yes(owner)
        + 0.25 * yes(slips.is_empty() && n > 0);
    out.push(f.done(Criterion::Governance, share));

    // Executive view from data: status computed from fresh actuals in a system of record.
    let mut f = Facts::new();
    let stale: HashSet<KpiId> = flagged(RuleId::Stale)
        .iter()
        .filter(|x| x.key.contains(":stale:"))
        .flat_map(|x| x.kpis.iter().copied())
        .collect();
    let from_data = active
        .iter()
        .filter(|(_, k)| {
            status::current(k, today) != status::Status::NoData
                && !stale.contains(&k.id)
                && k.data_available
                && !k.data_source.trim().is_empty()
        })
        .count();
    if !active.is_empty() {
        f.fact(
            from_data == active.len(),
            format!("{from_data} of {} KPIs have a current status from sourced, fresh actuals", active.len()),
        );
    }
    let company_from_data =
        company.iter().filter(|(_, k)| status::current(k, today) != status::Status::NoData).count();
    if n > 0 {
        f.fact(
            company_from_data == n,
            format!("{company_from_data} of {n} company KPIs show actual against target"),
        );
    }
    out.push(f.done(
        Criterion::ExecutiveView,
        0.6 * ratio(from_data, active.len()) + 0.4 * ratio(company_from_data, n),
    ));

    out
}

fn ratio_f(x: f64, of: usize) -> f64 {
    if of == 0 {
        0.0
    } else {
        x / of as f64
    }
}

/// Positions of active KPIs with a path up to an active company KPI (company KPIs too).
fn reaches_company(m: &Model, idx: &Index) -> Vec<bool> {
    let mut ok = vec![false; m.kpis.len()];
    let mut stack: Vec<usize> = m
        .kpis
        .iter()
        .enumerate()
        .filter(|(_, k)| k.is_active() && k.level == Level::Company)
        .map(|(i, _)| i)
        .collect();
    for &i in &stack {
        ok[i] = true;
    }
    while let Some(i) = stack.pop() {
        for &c in &idx.children[i] {
            if !ok[c] && m.kpis[c].is_active() {
                ok[c] = true;
                stack.push(c);
            }
        }
    }
    ok
}

/// The evidence score: ten points per criterion, earned by share.
pub fn score(m: &Model, findings: &[Finding], today: Date) -> Score {
    let parts: Vec<(Criterion, Option<f64>)> =
        evaluate(m, findings, today).into_iter().map(|e| (e.criterion, Some(e.share))).collect();
    Score::from_parts(parts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::maturity::MaturityLevel;
    use crate::templates;

    fn score_of(id: &str, today: Date) -> (Score, Vec<Evidence>) {
        let m = (templates::by_id(id).unwrap().build)(today);
        let f = checks::run(&m, today);
        (score(&m, &f, today), evaluate(&m, &f, today))
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

    #[test]
    fn an_empty_model_scores_zero() {
        let s = score(&Model::default(), &[], Date::parse("2026-11-23").unwrap());
        assert_eq!((s.total, s.level), (0.0, MaturityLevel::Fragmented));
    }
}
