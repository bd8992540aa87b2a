//! Rule 2: orphan (vanity) metrics — department and team KPIs with no path up to a
//! company KPI.

use crate::checks::catalogue::{self, RuleInfo};
use crate::checks::{Ctx, Finding, RuleId, Severity};
use crate::model::Level;

pub const INFO: RuleInfo = RuleInfo {
    rule: RuleId::Orphans,
    title: "Orphan metrics",
    checks: "Every active department and team KPI has a path up the cascade, through active KPIs, to an active company KPI.",
    why: "A KPI that feeds nothing the company measures is a vanity metric: it can be green forever while the company drifts, and it takes attention from the ones that matter.",
    thresholds: catalogue::none,
};

/// Positions of active KPIs connected upwards to an active company KPI.
pub fn connected(cx: &Ctx) -> Vec<bool> {
    let m = cx.m;
    let mut ok = vec![false; m.kpis.len()];
    let mut stack: Vec<usize> =
        cx.active().filter(|(_, k)| k.level == Level::Company).map(|(i, _)| i).collect();
    for &i in &stack {
        ok[i] = true;
    }
    while let Some(i) = stack.pop() {
        for &c in &cx.idx.children()[i] {
            if !ok[c] && m.kpis[c].is_active() {
                ok[c] = true;
                stack.push(c);
            }
        }
    }
    ok
}

pub fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    let ok = connected(cx);
    for (i, k) in cx.active() {
        if k.level == Level::Company || ok[i] {
            continue;
        }
        let parents: Vec<usize> =
            cx.idx.parents()[i].iter().copied().filter(|&p| cx.kpi(p).is_active()).collect();
        let dept = cx.dept_name(k.department);
        let level = if k.level == Level::Department { "department" } else { "team" };
        let why = if parents.is_empty() {
            format!("{} ({dept}, {level} KPI) is linked to nothing above it", cx.q(i))
        } else {
            format!(
                "{} ({dept}, {level} KPI) feeds {}, but that has no path up to a company KPI either",
                cx.q(i),
                crate::checks::list_of(&parents, 3, |&p| cx.q(p))
            )
        };
        out.push(
            Finding::new(RuleId::Orphans, Severity::Warning, format!("k{}", k.id.0))
                .text(
                    format!("{} does not feed any company KPI", cx.q(i)),
                    format!("{why}, so nothing shows what it contributes to the company's outcomes."),
                    "Link it under the KPI it moves (drag it onto its parent on the cascade board), or retire it if nobody relies on it.",
                )
                .kpis([k.id])
                .departments(k.department),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testkit::*;
    use crate::checks::RuleId;
    use crate::model::*;

    #[test]
    fn a_linked_cascade_has_no_orphans() {
        expect(&healthy().run(RuleId::Orphans), 0, &[]);
    }

    #[test]
    fn an_unlinked_department_kpi_is_an_orphan() {
        let mut fx = healthy();
        fx.kpi(50, "Social followers", Level::Department, Some(2));
        let f = fx.run(RuleId::Orphans);
        expect(
            &f,
            1,
            &["\u{201c}Social followers\u{201d} (Marketing, department KPI) is linked to nothing above it"],
        );
        assert_eq!(f[0].key, "R02:k50");
    }

    #[test]
    fn a_team_kpi_under_an_orphan_is_one_too_and_says_why() {
        let mut fx = healthy();
        fx.kpi(50, "Social followers", Level::Department, Some(2));
        fx.kpi(51, "Posts per week", Level::Team, Some(2));
        fx.link(51, 50);
        let f = fx.run(RuleId::Orphans);
        expect(&f[1..], 1, &["feeds \u{201c}Social followers\u{201d}, but that has no path up"]);
    }

    #[test]
    fn a_path_through_a_retired_kpi_does_not_count() {
        let mut fx = healthy();
        fx.get(10).lifecycle = Lifecycle::Retired { on: today(), reason: "replaced".into() };
        // Team KPI 110 hangs under the retired 10 only.
        let f = fx.run(RuleId::Orphans);
        expect(&f, 1, &["\u{201c}Team under 10\u{201d}"]);
    }
}
