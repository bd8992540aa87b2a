//! Rule 13: timing interlock — a commitment due after what needs it, or one that
//! slipped from the date its owner committed to, with the full ripple of everything
//! that depends on it, directly or not.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};

use crate::checks::catalogue::{self, RuleInfo};
use crate::checks::{list_of, Ctx, Finding, RuleId, Severity};
use crate::model::{Date, Dependency, KpiId};

pub const INFO: RuleInfo = RuleInfo {
    rule: RuleId::Timing,
    title: "Timing interlock",
    checks: "For every dependency: the prerequisite's target date is no later than when the dependent needs it, and no later than the date its owner committed to. A late or slipped prerequisite is reported with its whole downstream ripple.",
    why: "When one team's date slips, the teams that depend on it keep spending: hiring, events and campaigns planned for a launch that is no longer coming. The ripple shows everyone who has to re-plan.",
    thresholds: catalogue::none,
};

/// Who depends on each KPI (prerequisite -> dependents).
pub fn dependents(deps: &[Dependency]) -> HashMap<KpiId, Vec<KpiId>> {
    let mut map: HashMap<KpiId, Vec<KpiId>> = HashMap::new();
    for d in deps {
        map.entry(d.prerequisite).or_default().push(d.dependent);
    }
    map
}

/// Every KPI that depends on `start`, directly or through others, in breadth-first order.
pub fn ripple(dependents: &HashMap<KpiId, Vec<KpiId>>, start: KpiId) -> Vec<KpiId> {
    let mut out = Vec::new();
    let mut seen = HashSet::from([start]);
    let mut queue = VecDeque::from([start]);
    while let Some(k) = queue.pop_front() {
        for &n in dependents.get(&k).into_iter().flatten() {
            if seen.insert(n) {
                out.push(n);
                queue.push_back(n);
            }
        }
    }
    out
}

pub fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    let m = cx.m;
    let due = |id: KpiId| -> Option<Date> { cx.idx.kpi(m, id).and_then(|k| k.target).and_then(|t| t.due) };
    // Problems grouped by prerequisite.
    let mut late: BTreeMap<KpiId, Vec<(&Dependency, String)>> = BTreeMap::new();
    for d in &m.dependencies {
        let (Some(p), Some(dep)) = (cx.idx.kpi(m, d.prerequisite), cx.idx.kpi(m, d.dependent)) else {
            continue;
        };
        if !p.is_active() || !dep.is_active() {
            continue;
        }
        let Some(p_due) = due(d.prerequisite) else { continue };
        let needed = d.needed_by.or_else(|| due(d.dependent));
        let mut problems = Vec::new();
        if let Some(committed) = d.committed {
            if p_due > committed {
                problems.push(format!(
                    "slipped {} days from the committed {}",
                    p_due.days_since(committed),
                    committed.human()
                ));
            }
        }
        if let Some(n) = needed {
            if p_due > n {
                problems.push(format!("{} needs it by {}", cx.qk(d.dependent), n.human()));
            }
        }
        if !problems.is_empty() {
            late.entry(d.prerequisite).or_default().push((d, problems.join("; ")));
        }
    }
    let dependents = dependents(&m.dependencies);
    for (p, items) in late {
        if cx.idx.kpi(m, p).is_none() {
            continue;
        }
        let p_due = due(p).map(|d| d.human()).unwrap_or_default();
        let slipped_from = items.iter().filter_map(|(d, _)| d.committed).min();
        let affected = ripple(&dependents, p);
        let ripple_text = list_of(&affected, 12, |&k| {
            let kpi = cx.idx.kpi(m, k);
            format!(
                "{} ({}{})",
                cx.qk(k),
                cx.dept_name(kpi.and_then(|k| k.department)),
                due(k).map(|d| format!(", due {}", d.human())).unwrap_or_default()
            )
        });
        let title = match slipped_from {
            Some(from) if due(p).is_some_and(|d| d > from) => {
                format!("{} slipped from {} to {}", cx.qk(p), from.human(), p_due)
            }
            _ => format!("{} is due {}, after what needs it", cx.qk(p), p_due),
        };
        let details = items
            .iter()
            .map(|(d, why)| format!("{} depends on it: {why}", cx.qk(d.dependent)))
            .collect::<Vec<_>>()
            .join(". ");
        let mut involved: Vec<KpiId> = vec![p];
        involved.extend(affected.iter().copied());
        let mut departments: Vec<_> =
            involved.iter().filter_map(|&k| cx.idx.kpi(m, k).and_then(|k| k.department)).collect();
        departments.sort();
        departments.dedup();
        out.push(
            Finding::new(RuleId::Timing, Severity::Error, format!("{}", p.0))
                .text(
                    title,
                    format!("{details}. The ripple, everything that depends on it directly or not: {ripple_text}."),
                    format!(
                        "Tell the owners in the ripple now: re-plan their dates and spending (hiring, events, campaigns) to the new date, or recover {}'s date.",
                        cx.qk(p)
                    ),
                )
                .kpis(involved)
                .departments(departments)
                .dependencies(items.iter().map(|(d, _)| d.id)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::ripple;
    use crate::checks::testkit::*;
    use crate::checks::RuleId;
    use crate::model::*;

    fn dep(
        id: u32,
        dependent: u32,
        prerequisite: u32,
        needed_by: Option<&str>,
        committed: Option<&str>,
    ) -> Dependency {
        Dependency {
            needed_by: needed_by.map(d),
            committed: committed.map(d),
            ..Dependency::new(DependencyId(id), KpiId(dependent), KpiId(prerequisite))
        }
    }

    /// A launch (30) that hiring (10) and events (20) depend on; revenue (40) depends on hiring.
    fn launch(due: &str) -> Fx {
        let mut fx = Fx::new();
        fx.kpi(30, "Product launched", Level::Department, Some(3)).target =
            Some(Target { value: 1.0, upper: None, due: Some(d(due)) });
        fx.kpi(10, "Sales team hired", Level::Department, Some(1)).target =
            Some(Target { value: 6.0, upper: None, due: Some(d("2026-06-30")) });
        fx.kpi(20, "Launch events held", Level::Department, Some(2)).target =
            Some(Target { value: 4.0, upper: None, due: Some(d("2026-09-30")) });
        fx.kpi(40, "New-product revenue", Level::Department, Some(1)).target =
            Some(Target { value: 1e6, upper: None, due: Some(d("2026-12-31")) });
        fx.m.dependencies = vec![
            dep(1, 10, 30, Some("2026-06-30"), Some("2026-06-30")),
            dep(2, 20, 30, None, Some("2026-06-30")),
            dep(3, 40, 10, None, None),
        ];
        fx
    }

    #[test]
    fn on_time_commitments_pass() {
        expect(&launch("2026-06-30").run(RuleId::Timing), 0, &[]);
    }

    #[test]
    fn a_slipped_launch_lists_its_whole_ripple() {
        let f = launch("2027-03-31").run(RuleId::Timing);
        expect(
            &f,
            1,
            &[
                "\u{201c}Product launched\u{201d} slipped from 30 Jun 2026 to 31 Mar 2027",
                "slipped 274 days from the committed 30 Jun 2026",
                "\u{201c}Sales team hired\u{201d} needs it by 30 Jun 2026",
                "\u{201c}Sales team hired\u{201d} (Sales, due 30 Jun 2026), \u{201c}Launch events held\u{201d} (Marketing, due 30 Sep 2026) and \u{201c}New-product revenue\u{201d} (Sales, due 31 Dec 2026)",
            ],
        );
        assert_eq!(f[0].kpis, [KpiId(30), KpiId(10), KpiId(20), KpiId(40)]);
        assert_eq!(f[0].dependencies, [DependencyId(1), DependencyId(2)]);
    }

    #[test]
    fn due_after_the_need_without_a_commitment_is_reported_too() {
        let mut fx = launch("2026-06-30");
        fx.m.dependencies[0].committed = None;
        fx.m.dependencies[0].needed_by = Some(d("2026-05-31"));
        expect(
            &fx.run(RuleId::Timing),
            1,
            &["due 30 Jun 2026, after what needs it", "needs it by 31 May 2026"],
        );
    }

    #[test]
    fn a_ten_thousand_long_dependency_chain_ripples_without_overflow() {
        let deps: Vec<Dependency> = (0..10_000).map(|i| dep(i + 1, i + 2, i + 1, None, None)).collect();
        assert_eq!(ripple(&super::dependents(&deps), KpiId(1)).len(), 10_000);
    }
}
