//! Rule 9: known conflict pairs, matched by tags on KPIs of different departments,
//! until a resolution (who, when, how) is recorded.

use crate::checks::catalogue::RuleInfo;
use std::collections::{HashMap, HashSet};

use crate::checks::{grouped, Ctx, Finding, RuleId, Severity};
use crate::model::{tags, DeptId, KpiId, Level};

/// A pair of tags whose KPIs pull against each other, with the story of why.
pub struct KnownPair {
    pub a: &'static str,
    pub b: &'static str,
    pub name: &'static str,
    pub story: &'static str,
}

pub const PAIRS: [KnownPair; 4] = [
    KnownPair {
        a: tags::ORDER_VOLUME,
        b: tags::CAPACITY,
        name: "sales volume vs operations capacity",
        story: "one side is rewarded for selling more than the other can make, ship or serve: both targets can be met on paper while customers wait",
    },
    KnownPair {
        a: tags::LEAD_VOLUME,
        b: tags::LEAD_QUALITY,
        name: "lead volume vs lead quality",
        story: "one side hits its number by lowering the bar for a lead, and the other pays for it in wasted follow-up and a worse conversion rate",
    },
    KnownPair {
        a: tags::RETENTION,
        b: tags::RELEASE_VELOCITY,
        name: "retention vs release velocity",
        story: "shipping faster wins one target while rushed, unstable releases cost customers on the other",
    },
    KnownPair {
        a: tags::COST_REDUCTION,
        b: tags::HEADCOUNT_GROWTH,
        name: "cost reduction vs headcount growth",
        story: "each target can only be met at the other's expense",
    },
];

/// The most pairs of one kind reported one by one; the rest are counted in one note.
pub const PAIR_LIMIT: usize = 50;

pub const INFO: RuleInfo = RuleInfo {
    rule: RuleId::KnownConflicts,
    title: "Known conflict pairs",
    checks: "Department and team KPIs of different departments tagged as one of the known opposed pairs: order volume vs capacity, lead volume vs lead quality, retention vs release velocity, cost reduction vs headcount growth. Reported until a resolution is recorded.",
    why: "These pairs are where departments are most often set against each other by their own targets. Naming the trade-off, deciding it, and writing down the decision is what turns a fight into a plan.",
    thresholds: |_| {
        format!("Matched by tags: order-volume/capacity, lead-volume/lead-quality, retention/release-velocity, cost-reduction/headcount-growth. At most {PAIR_LIMIT} pairs of each kind are listed one by one; the rest are counted in one note.")
    },
};

pub fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    let m = cx.m;
    let resolutions: HashSet<(KpiId, KpiId)> = m.governance.resolutions.iter().map(|r| r.kpis).collect();
    for pair in &PAIRS {
        let with = |tag: &str| -> Vec<usize> {
            cx.active()
                .filter(|(_, k)| k.level != Level::Company && k.department.is_some() && k.has_tag(tag))
                .map(|(i, _)| i)
                .collect()
        };
        let (side_a, mut side_b) = (with(pair.a), with(pair.b));
        if side_a.is_empty() || side_b.is_empty() {
            continue;
        }
        // Side b by department, so that a KPI's own department is skipped in one step.
        crate::order::sort_by_key(&mut side_b, |&b| (m.kpis[b].department, b));
        let dept_b: Vec<Option<DeptId>> = side_b.iter().map(|&b| m.kpis[b].department).collect();
        let same_range =
            |d: Option<DeptId>| (dept_b.partition_point(|x| *x < d), dept_b.partition_point(|x| *x <= d));
        // Pairs across departments, in all: |a| · |b| minus the pairs within one department.
        let mut per_dept_b: HashMap<Option<DeptId>, usize> = HashMap::new();
        for d in &dept_b {
            *per_dept_b.entry(*d).or_default() += 1;
        }
        let mut total: usize = 0;
        for &a in &side_a {
            let d = m.kpis[a].department;
            // (A KPI tagged both ways is in its own department: never a pair with itself.)
            total = total.saturating_add(side_b.len() - per_dept_b.get(&d).copied().unwrap_or(0));
        }
        let mut reported = 0usize;
        'outer: for &a in &side_a {
            let ka = &m.kpis[a];
            let (from, to) = same_range(ka.department);
            for &b in side_b[..from].iter().chain(&side_b[to..]) {
                let kb = &m.kpis[b];
                let ids = (ka.id.min(kb.id), ka.id.max(kb.id));
                if resolutions.contains(&ids) {
                    continue;
                }
                if reported == PAIR_LIMIT {
                    break 'outer;
                }
                reported += 1;
                let (da, db) = (cx.dept_name(ka.department), cx.dept_name(kb.department));
                out.push(
                    Finding::new(RuleId::KnownConflicts, Severity::Warning, format!("{}~{}", ids.0 .0, ids.1 .0))
                        .text(
                            format!("{} ({da}) and {} ({db}) pull against each other", cx.q(a), cx.q(b)),
                            format!(
                                "{} ({da}, {}) and {} ({db}, {}) are a known conflict, {}: {}. No resolution has been recorded.",
                                cx.q(a),
                                pair.a,
                                cx.q(b),
                                pair.b,
                                pair.name,
                                pair.story
                            ),
                            format!(
                                "Agree with {da} and {db} how the two trade off (for example a quality-adjusted target for one side, or a shared gate), then record the resolution: who decided, when, and how."
                            ),
                        )
                        .kpis([ka.id, kb.id])
                        .departments(ka.department.into_iter().chain(kb.department)),
                );
            }
        }
        if reported < PAIR_LIMIT {
            continue;
        }
        // The resolved pairs among them, counted from the resolutions (each names one pair).
        let in_a: HashSet<usize> = side_a.iter().copied().collect();
        let in_b: HashSet<usize> = side_b.iter().copied().collect();
        let all_resolved = resolutions
            .iter()
            .filter(|(x, y)| {
                let (Some(x), Some(y)) = (cx.idx.kpi_pos(*x), cx.idx.kpi_pos(*y)) else { return false };
                let across = m.kpis[x].department != m.kpis[y].department;
                across
                    && ((in_a.contains(&x) && in_b.contains(&y)) || (in_a.contains(&y) && in_b.contains(&x)))
            })
            .count();
        let rest = total.saturating_sub(all_resolved).saturating_sub(reported);
        if rest == 0 {
            continue;
        }
        out.push(
            Finding::new(RuleId::KnownConflicts, Severity::Warning, format!("more:{}~{}", pair.a, pair.b))
                .text(
                    format!("{} more pairs pull against each other: {}", grouped(rest), pair.name),
                    format!(
                        "Besides the {PAIR_LIMIT} pairs listed, {} more pairs of KPIs of different departments are tagged {} and {} with no resolution recorded: {}.",
                        grouped(rest),
                        pair.a,
                        pair.b,
                        pair.story
                    ),
                    "Settle the trade-off once for the departments involved (one shared target or gate), rather than pair by pair, and record it.",
                )
                .kpis(side_a.iter().chain(&side_b).map(|&i| m.kpis[i].id)),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testkit::*;
    use crate::checks::RuleId;
    use crate::model::*;

    fn leads() -> Fx {
        let mut fx = healthy();
        fx.get(11).tags = vec!["lead-volume".into()];
        fx.get(11).name = "MQL volume".into();
        fx.get(10).tags = vec!["lead-quality".into()];
        fx.get(10).name = "Sales-accepted lead rate".into();
        fx
    }

    #[test]
    fn a_tagged_pair_across_departments_is_flagged_with_its_story() {
        let f = leads().run(RuleId::KnownConflicts);
        expect(
            &f,
            1,
            &[
                "\u{201c}MQL volume\u{201d} (Marketing) and \u{201c}Sales-accepted lead rate\u{201d} (Sales) pull against each other",
                "lead volume vs lead quality",
                "record the resolution",
            ],
        );
        assert_eq!(f[0].key, "R09:10~11");
    }

    #[test]
    fn a_recorded_resolution_closes_it() {
        let mut fx = leads();
        fx.resolve(10, 11, "Marketing is measured on sales-accepted leads");
        expect(&fx.run(RuleId::KnownConflicts), 0, &[]);
    }

    #[test]
    fn the_same_department_or_one_side_only_is_no_conflict() {
        let mut fx = leads();
        fx.get(11).department = Some(DeptId(1));
        expect(&fx.run(RuleId::KnownConflicts), 0, &[]);
        let mut fx = leads();
        fx.get(10).tags.clear();
        expect(&fx.run(RuleId::KnownConflicts), 0, &[]);
    }

    #[test]
    fn a_crowd_of_tagged_kpis_lists_some_pairs_and_counts_the_rest() {
        let mut fx = Fx::new();
        for i in 0..200u32 {
            fx.kpi(1000 + i, &format!("Leads {i}"), Level::Department, Some(2)).tags =
                vec!["lead-volume".into()];
            fx.kpi(2000 + i, &format!("Quality {i}"), Level::Department, Some(1)).tags =
                vec!["lead-quality".into()];
        }
        fx.resolve(1000, 2000, "Marketing is paid on accepted leads");
        let f = fx.run(RuleId::KnownConflicts);
        assert_eq!(f.len(), super::PAIR_LIMIT + 1);
        // 200 × 200 pairs, one resolved, PAIR_LIMIT listed.
        let rest = 200 * 200 - 1 - super::PAIR_LIMIT;
        let note = f.last().unwrap();
        assert_eq!(note.key, "R09:more:lead-volume~lead-quality");
        assert!(
            note.title.starts_with(&format!("{} more pairs", crate::checks::grouped(rest))),
            "{}",
            note.title
        );
        expect_bounded(&f, 400, 2_000);
    }
}
