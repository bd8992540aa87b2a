//! Rule 13: timing interlock — a commitment due after what needs it, or one that
//! slipped from the date its owner committed to, with the full ripple of everything
//! that depends on it, directly or not.

use std::collections::BTreeMap;

use crate::checks::catalogue::RuleInfo;
use crate::checks::{grouped, list, list_counted, Ctx, Finding, RuleId, Severity, NAMED};
use crate::model::query::Adjacency;
use crate::model::{Date, Dependency, KpiId};

/// The most KPIs of one ripple that are walked: beyond it the ripple is counted as
/// "at least". Keeps the rule O(n · RIPPLE_LIMIT) however many commitments are late.
pub const RIPPLE_LIMIT: usize = 500;

pub const INFO: RuleInfo = RuleInfo {
    rule: RuleId::Timing,
    title: "Timing interlock",
    checks: "For every dependency: the prerequisite's target date is no later than when the dependent needs it, and no later than the date its owner committed to. A late or slipped prerequisite is reported with its downstream ripple: everything that depends on it, directly or not.",
    why: "When one team's date slips, the teams that depend on it keep spending: hiring, events and campaigns planned for a launch that is no longer coming. The ripple shows everyone who has to re-plan.",
    thresholds: |_| {
        format!("No threshold: any late or slipped commitment is reported. A ripple names its first {NAMED} KPIs and counts the rest (counted up to {RIPPLE_LIMIT}).")
    },
};

/// Who depends on each KPI (prerequisite -> dependents), by position.
pub fn dependents(cx: &Ctx) -> Adjacency {
    let edges: Vec<(usize, usize)> =
        cx.m.dependencies
            .iter()
            .filter_map(|d| Some((cx.idx.kpi_pos(d.prerequisite)?, cx.idx.kpi_pos(d.dependent)?)))
            .collect();
    Adjacency::from_edges(cx.m.kpis.len(), &edges)
}

/// The KPIs that depend on `start`, directly or through others, in breadth-first order,
/// at most `limit` of them (looking at no more than eight times as many dependencies);
/// and whether that is all of them. `seen` holds a stamp per KPI: a new `stamp` per
/// call means it never needs clearing.
pub fn ripple(
    next: &Adjacency,
    start: usize,
    seen: &mut [u32],
    stamp: u32,
    limit: usize,
) -> (Vec<usize>, bool) {
    let mut out = Vec::new();
    let mut budget = limit.saturating_mul(8);
    seen[start] = stamp;
    let mut head = 0;
    let mut at = start;
    loop {
        for &n in &next[at] {
            if budget == 0 {
                return (out, false);
            }
            budget -= 1;
            if seen[n] != stamp {
                if out.len() == limit {
                    return (out, false);
                }
                seen[n] = stamp;
                out.push(n);
            }
        }
        match out.get(head) {
            Some(&n) => {
                at = n;
                head += 1;
            }
            None => return (out, true),
        }
    }
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
    if late.is_empty() {
        return;
    }
    let next = dependents(cx);
    let mut seen = vec![0u32; m.kpis.len()];
    for (stamp, (p, items)) in late.into_iter().enumerate() {
        let Some(pos) = cx.idx.kpi_pos(p) else { continue };
        let p_due = due(p).map(|d| d.human()).unwrap_or_default();
        let slipped_from = items.iter().filter_map(|(d, _)| d.committed).min();
        let (affected, complete) = ripple(&next, pos, &mut seen, stamp as u32 + 1, RIPPLE_LIMIT);
        let named = affected.iter().take(NAMED).map(|&k| {
            let kpi = cx.kpi(k);
            format!(
                "{} ({}{})",
                cx.q(k),
                cx.dept_name(kpi.department),
                kpi.target.and_then(|t| t.due).map(|d| format!(", due {}", d.human())).unwrap_or_default()
            )
        });
        let ripple_text = if complete {
            list_counted(named, affected.len())
        } else {
            let mut names: Vec<String> = named.collect();
            names.push(format!("at least {} more", grouped(affected.len() - names.len())));
            list(names, NAMED + 1)
        };
        let title = match slipped_from {
            Some(from) if due(p).is_some_and(|d| d > from) => {
                format!("{} slipped from {} to {}", cx.qk(p), from.human(), p_due)
            }
            _ => format!("{} is due {}, after what needs it", cx.qk(p), p_due),
        };
        let mut details = items
            .iter()
            .take(NAMED)
            .map(|(d, why)| format!("{} depends on it: {why}", cx.qk(d.dependent)))
            .collect::<Vec<_>>()
            .join(". ");
        if items.len() > NAMED {
            details.push_str(&format!(
                ". {} more commitments that depend on it are late for it too",
                grouped(items.len() - NAMED)
            ));
        }
        let mut departments: Vec<_> = std::iter::once(pos)
            .chain(affected.iter().copied())
            .filter_map(|k| cx.kpi(k).department)
            .collect();
        crate::order::sort(&mut departments);
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
                .kpis(std::iter::once(p).chain(affected.iter().map(|&k| cx.kpi(k).id)))
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
        let n = 10_000;
        let edges: Vec<(usize, usize)> = (0..n).map(|i| (i, i + 1)).collect();
        let next = crate::model::query::Adjacency::from_edges(n + 1, &edges);
        let mut seen = vec![0; n + 1];
        assert_eq!(ripple(&next, 0, &mut seen, 1, usize::MAX), ((1..=n).collect(), true));
        let (first, complete) = ripple(&next, 0, &mut seen, 2, 100);
        assert_eq!((first.len(), complete), (100, false));
    }

    #[test]
    fn a_long_late_chain_names_a_few_of_each_ripple_and_counts_the_rest() {
        let fx = Shape::LateChain.build(3_000);
        let f = fx.run(RuleId::Timing);
        assert_eq!(f.len(), 2_998);
        expect_bounded(&f, 3_000, 1_500);
        // The last milestone's ripple is everything before it, beyond the walk limit.
        let last = f.iter().find(|x| x.key == "R13:3000").unwrap();
        assert!(
            last.explanation
                .contains(&format!("at least {} more", super::RIPPLE_LIMIT - crate::checks::NAMED)),
            "{}",
            last.explanation
        );
        // A short one is counted exactly.
        let short = f.iter().find(|x| x.key == "R13:10").unwrap();
        assert!(short.explanation.contains("and 3 more."), "{}", short.explanation);
    }
}
