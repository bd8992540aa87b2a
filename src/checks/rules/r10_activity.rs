//! Rule 10: an activity metric at department level.

use crate::checks::catalogue::{self, RuleInfo};
use crate::checks::{Ctx, Finding, RuleId, Severity};
use crate::model::{Kind, Level};

pub const INFO: RuleInfo = RuleInfo {
    rule: RuleId::ActivityAtDepartment,
    title: "Activity metric at department level",
    checks: "Department (level 2) KPIs measure outcomes; activity measures belong to team and person KPIs.",
    why: "A department measured on what it did (calls made, campaigns sent) can be busy and green while nothing results. Department KPIs must measure what resulted.",
    thresholds: catalogue::none,
};

pub fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    for (i, k) in cx.active().filter(|(_, k)| k.level == Level::Department && k.kind == Kind::Activity) {
        let dept = cx.dept_name(k.department);
        out.push(
            Finding::new(RuleId::ActivityAtDepartment, Severity::Warning, format!("k{}", k.id.0))
                .text(
                    format!("{} measures activity at department level", cx.q(i)),
                    format!("{} is one of {dept}'s department KPIs but counts what was done, not what resulted: {dept} can hit it without moving anything the company measures.", cx.q(i)),
                    "Replace it with the outcome the activity is meant to produce (e.g. qualified pipeline, not calls made) and move the activity to a team KPI under it.",
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
    fn activity_at_team_level_is_fine_and_at_department_level_is_not() {
        let mut fx = healthy();
        expect(&fx.run(RuleId::ActivityAtDepartment), 0, &[]);
        fx.get(10).kind = Kind::Activity;
        fx.get(10).name = "Calls made".into();
        expect(
            &fx.run(RuleId::ActivityAtDepartment),
            1,
            &["\u{201c}Calls made\u{201d} measures activity at department level", "Sales"],
        );
    }
}
