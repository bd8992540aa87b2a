//! Rule 5: lagging-only measurement — a department, or the subtree under a company KPI,
//! with no leading indicator at all.

use crate::checks::catalogue::{self, RuleInfo};
use crate::checks::{count, Ctx, Finding, RuleId, Severity};
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
    depts.sort_by_key(|(d, _)| *d);
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
    for (i, k) in cx.active().filter(|(_, k)| k.level == Level::Company) {
        let below: Vec<usize> =
            cx.idx.descendants(i).into_iter().filter(|&x| cx.kpi(x).is_active()).collect();
        if below.is_empty() || below.iter().any(|&x| cx.kpi(x).indicator == Indicator::Leading) {
            continue;
        }
        out.push(
            Finding::new(RuleId::LaggingOnly, Severity::Warning, format!("company:{}", k.id.0))
                .text(
                    format!("Nothing below {} is a leading indicator", cx.q(i)),
                    format!(
                        "The {} feeding {} are all lagging: the company will see it dip before anyone below sees a reason.",
                        count(below.len(), "KPI", "KPIs"),
                        cx.q(i)
                    ),
                    "Mark the KPIs that predict it as leading, or add one that does.",
                )
                .kpis(std::iter::once(k.id)),
        );
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
            &["Nothing below \u{201c}Company 1\u{201d} is a leading indicator", "The 4 KPIs"],
        );
    }
}
