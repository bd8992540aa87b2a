//! Rule 5: lagging-only measurement — a department, or the subtree under a company KPI,
//! with no leading indicator at all.

use crate::checks::catalogue::{self, RuleInfo};
use crate::checks::{count, list_of, Ctx, Finding, RuleId, Severity, NAMED};
use crate::model::query::Components;
use crate::model::{Indicator, Level};

pub const INFO: RuleInfo = RuleInfo {
    rule: RuleId::LaggingOnly,
    title: "Lagging-only measurement",
    checks: "Every department has at least one leading indicator among its active KPIs, and so does the cascade under every company KPI.",
    why: "Lagging indicators report what already happened. A department or outcome measured only after the fact learns of a problem when it is too late to act.",
    thresholds: catalogue::none,
};

pub fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    let mut depts: Vec<_> = cx.by_department().into_iter().collect();
    crate::order::sort_by_key(&mut depts, |(d, _)| *d);
    for (d, ks) in depts {
        if ks.iter().any(|&i| cx.kpi(i).indicator == Indicator::Leading) {
            continue;
        }
        let name = cx.dept_name(Some(d));
        out.push(
            Finding::new(RuleId::LaggingOnly, Severity::Warning, format!("dept:{}", d.0))
                .text(
                    format!("{name} measures only lagging results"),
                    format!(
                        "All {} of {name} report outcomes after the fact; none predicts them, so {name} finds out about a miss when it is already in the numbers.",
                        count(ks.len(), "KPI", "KPIs")
                    ),
                    "Add a leading indicator that moves 30-60 days before the department's outcome (e.g. qualified pipeline before bookings).",
                )
                .kpis(ks.iter().map(|&i| cx.kpi(i).id))
                .departments([d]),
        );
    }
    // For every KPI, whether anything active below it is measured, and whether anything
    // active below it is a leading indicator: one pass over the cascade, sinks first.
    let below = Below::new(cx);
    for (i, k) in cx.active().filter(|(_, k)| k.level == Level::Company) {
        let c = below.components.of[i];
        if !below.any[c] || below.leading[c] {
            continue;
        }
        let direct: Vec<usize> =
            cx.idx.children()[i].iter().copied().filter(|&x| cx.kpi(x).is_active()).collect();
        let feeding = if direct.is_empty() {
            String::new()
        } else {
            format!(" ({})", list_of(&direct, NAMED, |&x| cx.q(x)))
        };
        out.push(
            Finding::new(RuleId::LaggingOnly, Severity::Warning, format!("company:{}", k.id.0))
                .text(
                    format!("Nothing below {} is a leading indicator", cx.q(i)),
                    format!(
                        "The KPIs feeding {}{feeding}, and everything below them, are all lagging: the company will see it dip before anyone below sees a reason.",
                        cx.q(i)
                    ),
                    "Mark the KPIs that predict it as leading, or add one that does.",
                )
                .kpis(std::iter::once(k.id)),
        );
    }
}

/// Per component of the cascade (children edges, retired KPIs walked through): whether
/// an active KPI is below it, and whether an active leading indicator is.
struct Below {
    components: Components,
    any: Vec<bool>,
    leading: Vec<bool>,
}

impl Below {
    fn new(cx: &Ctx) -> Below {
        let components = Components::new(cx.idx.children());
        let (mut any, mut leading) = (vec![false; components.len()], vec![false; components.len()]);
        for s in 0..components.len() {
            let (mut a, mut l) = (false, false);
            for &u in components.members(s) {
                for &c in &cx.idx.children()[u] {
                    let k = cx.kpi(c);
                    a |= k.is_active();
                    l |= k.is_active() && k.indicator == Indicator::Leading;
                    let cs = components.of[c];
                    if cs != s {
                        a |= any[cs];
                        l |= leading[cs];
                    }
                }
            }
            any[s] = a;
            leading[s] = l;
        }
        Below { components, any, leading }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testkit::*;
    use crate::checks::RuleId;
    use crate::model::*;

    #[test]
    fn leading_indicators_everywhere_pass() {
        expect(&healthy().run(RuleId::LaggingOnly), 0, &[]);
    }

    #[test]
    fn a_department_of_lagging_kpis_is_flagged() {
        let mut fx = healthy();
        for k in fx.m.kpis.iter_mut().filter(|k| k.department == Some(DeptId(2))) {
            k.indicator = Indicator::Lagging;
        }
        let f = fx.run(RuleId::LaggingOnly);
        expect(&f, 1, &["Marketing measures only lagging results", "All 6 KPIs of Marketing"]);
        // One leading team KPI is enough.
        fx.get(111).indicator = Indicator::Leading;
        expect(&fx.run(RuleId::LaggingOnly), 0, &[]);
    }

    #[test]
    fn a_company_kpi_with_only_lagging_kpis_below_is_flagged() {
        let mut fx = healthy();
        for id in [10, 11, 110, 111] {
            fx.get(id).indicator = Indicator::Lagging;
        }
        expect(
            &fx.run(RuleId::LaggingOnly),
            1,
            &[
                "Nothing below \u{201c}Company 1\u{201d} is a leading indicator",
                "The KPIs feeding \u{201c}Company 1\u{201d} (\u{201c}Dept 1 for 1\u{201d} and \u{201c}Dept 2 for 1\u{201d}), and everything below them, are all lagging",
            ],
        );
    }

    #[test]
    fn thousands_of_company_kpis_over_one_lagging_subtree_are_each_flagged_once() {
        let fx = Shape::SharedSubtree.build(4_000);
        let f: Vec<_> =
            fx.run(RuleId::LaggingOnly).into_iter().filter(|x| x.key.starts_with("R05:company:")).collect();
        assert_eq!(f.len(), 2_000);
        expect_bounded(&f, 4_000, 500);
    }
}
