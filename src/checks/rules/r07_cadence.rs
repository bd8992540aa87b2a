//! Rule 7: cadence mismatch — a KPI reviewed less often than the business velocity
//! allows corrective action.

use crate::checks::catalogue::RuleInfo;
use crate::checks::{Ctx, Finding, RuleId, Severity};
use crate::model::{Cadence, Level, Velocity};

pub const INFO: RuleInfo = RuleInfo {
    rule: RuleId::Cadence,
    title: "Cadence mismatch",
    checks: "Each active KPI is reviewed at least as often as the business velocity requires: operational (department and team) KPIs weekly in a high-velocity business and bi-weekly otherwise; company KPIs monthly in a high-velocity business and quarterly otherwise.",
    why: "Review as often as corrective action can be taken: a KPI reviewed quarterly in a business that can change course weekly reports problems two months after they could have been fixed.",
    thresholds: |_| {
        "High velocity: operational weekly, strategic monthly. Standard and slow: operational bi-weekly, strategic quarterly.".into()
    },
};

/// The slowest review a KPI of this level may have at this velocity.
pub fn slowest_allowed(level: Level, velocity: Velocity) -> Cadence {
    match (level, velocity) {
        (Level::Company, Velocity::High) => Cadence::Monthly,
        (Level::Company, _) => Cadence::Quarterly,
        (_, Velocity::High) => Cadence::Weekly,
        (_, _) => Cadence::Biweekly,
    }
}

pub fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    let velocity = cx.m.organisation.velocity;
    for (i, k) in cx.active() {
        let allowed = slowest_allowed(k.level, velocity);
        if k.cadence.days() <= allowed.days() {
            continue;
        }
        let kind = if k.level == Level::Company { "strategic" } else { "operational" };
        let name = cx.q(i);
        out.push(
            Finding::new(RuleId::Cadence, Severity::Warning, format!("k{}", k.id.0))
                .text(
                    format!("{name} is reviewed {}; {} is the slowest that fits", k.cadence.lower(), allowed.lower()),
                    format!(
                        "{name} is an {kind} KPI in a {} business, reviewed {}. Corrective action can be taken {}, so problems wait up to {} days to be seen.",
                        match velocity {
                            Velocity::High => "high-velocity",
                            Velocity::Standard => "standard-velocity",
                            Velocity::Slow => "slow-moving",
                        },
                        k.cadence.lower(),
                        allowed.lower(),
                        k.cadence.days() - allowed.days()
                    ),
                    format!("Review it {} (or more often), in the owner's regular meeting.", allowed.lower()),
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
    fn weekly_operational_and_monthly_strategic_pass_at_any_velocity() {
        let mut fx = healthy();
        for v in Velocity::ALL {
            fx.m.organisation.velocity = v;
            expect(&fx.run(RuleId::Cadence), 0, &[]);
        }
    }

    #[test]
    fn velocity_decides_what_is_too_slow() {
        let mut fx = healthy();
        fx.get(10).cadence = Cadence::Biweekly;
        fx.get(1).cadence = Cadence::Quarterly;
        expect(&fx.run(RuleId::Cadence), 0, &[]);
        fx.m.organisation.velocity = Velocity::High;
        let f = fx.run(RuleId::Cadence);
        assert_eq!(f.len(), 2);
        assert!(f[0]
            .title
            .contains("\u{201c}Company 1\u{201d} is reviewed quarterly; monthly is the slowest that fits"));
        assert!(f[1].explanation.contains("operational KPI in a high-velocity business, reviewed bi-weekly"));
    }

    #[test]
    fn a_quarterly_operational_kpi_is_too_slow_even_at_standard_velocity() {
        let mut fx = healthy();
        fx.get(110).cadence = Cadence::Quarterly;
        expect(&fx.run(RuleId::Cadence), 1, &["bi-weekly is the slowest", "wait up to 78 days"]);
    }
}
