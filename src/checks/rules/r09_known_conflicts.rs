//! Rule 9: known conflict pairs, matched by tags on KPIs of different departments,
//! until a resolution (who, when, how) is recorded.

use crate::checks::catalogue::RuleInfo;
use crate::checks::{Ctx, Finding, RuleId, Severity};
use crate::model::{tags, Level};

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

pub const INFO: RuleInfo = RuleInfo {
    rule: RuleId::KnownConflicts,
    title: "Known conflict pairs",
    checks: "Department and team KPIs of different departments tagged as one of the known opposed pairs: order volume vs capacity, lead volume vs lead quality, retention vs release velocity, cost reduction vs headcount growth. Reported until a resolution is recorded.",
    why: "These pairs are where departments are most often set against each other by their own targets. Naming the trade-off, deciding it, and writing down the decision is what turns a fight into a plan.",
    thresholds: |_| "Matched by tags: order-volume/capacity, lead-volume/lead-quality, retention/release-velocity, cost-reduction/headcount-growth.".into(),
};

pub fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    let m = cx.m;
    for pair in &PAIRS {
        let with = |tag: &str| -> Vec<usize> {
            cx.active()
                .filter(|(_, k)| k.level != Level::Company && k.department.is_some() && k.has_tag(tag))
                .map(|(i, _)| i)
                .collect()
        };
        let (side_a, side_b) = (with(pair.a), with(pair.b));
        for &a in &side_a {
            for &b in &side_b {
                let (ka, kb) = (&m.kpis[a], &m.kpis[b]);
                if a == b || ka.department == kb.department {
                    continue;
                }
                let ids = (ka.id.min(kb.id), ka.id.max(kb.id));
                if m.governance.resolutions.iter().any(|r| r.kpis == ids) {
                    continue;
                }
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
}
