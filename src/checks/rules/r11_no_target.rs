//! Rule 11: a goal, not an outcome — a KPI with no measurable target.

use crate::checks::catalogue::{self, RuleInfo};
use crate::checks::{Ctx, Finding, RuleId, Severity};
use crate::model::Level;

pub const INFO: RuleInfo = RuleInfo {
    rule: RuleId::NoTarget,
    title: "A goal, not an outcome",
    checks: "Every active KPI has a measurable target: a number (and ideally a date).",
    why: "\u{201c}Increase customer satisfaction\u{201d} cannot be on or off track; \u{201c}first-contact resolution above 78% by June\u{201d} can. Without a target there is no status, no trace, and no accountability.",
    thresholds: catalogue::none,
};

pub fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    for (i, k) in cx.active().filter(|(_, k)| k.target.is_none()) {
        let severity = if k.level == Level::Company { Severity::Error } else { Severity::Warning };
        out.push(
            Finding::new(RuleId::NoTarget, severity, format!("k{}", k.id.0))
                .text(
                    format!("{} has no measurable target", cx.q(i)),
                    format!("{} states a direction, not an outcome: with no target value it is never on or off track, so nobody can tell whether it is working.", cx.q(i)),
                    "Give it a number and a date, e.g. \u{201c}above 78% by 30 June\u{201d}, and the on-track and off-track lines.",
                )
                .kpis([k.id])
                .departments(k.department),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testkit::*;
    use crate::checks::{RuleId, Severity};

    #[test]
    fn a_kpi_without_a_target_is_a_goal() {
        let mut fx = healthy();
        expect(&fx.run(RuleId::NoTarget), 0, &[]);
        fx.get(1).target = None;
        fx.get(1).name = "Increase customer satisfaction".into();
        let f = fx.run(RuleId::NoTarget);
        expect(&f, 1, &["\u{201c}Increase customer satisfaction\u{201d} has no measurable target"]);
        assert_eq!(f[0].severity, Severity::Error);
    }
}
