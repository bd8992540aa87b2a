//! Rule 17: stale or unreviewed — no actual within two review periods; off track for
//! several reviews in a row with no escalation recorded.

use crate::checks::catalogue::RuleInfo;
use std::collections::HashMap;

use crate::checks::{Ctx, Finding, RuleId, Severity};
use crate::model::{Date, Kpi, KpiId, Measurement};

pub const INFO: RuleInfo = RuleInfo {
    rule: RuleId::Stale,
    title: "Stale or unreviewed",
    checks: "Each active KPI has an actual within its last review periods; a KPI off track for the escalation number of reviews in a row has an escalation recorded since it went off track.",
    why: "A KPI nobody updates is not being reviewed; one that stays red review after review with nobody escalating it is being ignored, which is worse than not measuring it.",
    thresholds: |s| format!("Stale after {} review periods without an actual; escalate after the number of off-track reviews set in governance.", s.stale_periods),
};

/// Whether a finding says a KPI is not being updated (key `R17:stale:<id>`). Its
/// severity tells it apart from an escalation finding, so readers of many findings
/// (the evidence score) need not search each key.
pub fn is_stale(f: &Finding) -> bool {
    f.rule == RuleId::Stale && f.severity == Severity::Warning
}

/// Whether a finding says a KPI has been off track too long with no escalation (key
/// `R17:escalate:<id>`).
pub fn is_unescalated(f: &Finding) -> bool {
    f.rule == RuleId::Stale && f.severity == Severity::Error
}

/// Whether an active KPI whose latest actual (up to `today`) is `latest` is stale: never
/// measured, or not for more than `periods` of its review periods. The rule's test, and
/// the evidence score's, which reads it from the KPI instead of searching findings.
pub fn is_stale_at(k: &Kpi, latest: Option<Measurement>, today: Date, periods: u32) -> bool {
    latest.is_none_or(|last| today.days_since(last.date) > k.cadence.days() * periods as i32)
}

pub fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    let periods = cx.s.stale_periods as i32;
    let escalate_after = cx.m.governance.escalate_after as usize;
    // The latest escalation of each KPI, in one pass.
    let mut escalated_on: HashMap<KpiId, Date> = HashMap::new();
    for e in &cx.m.governance.escalations {
        let on = escalated_on.entry(e.kpi).or_insert(e.on);
        *on = (*on).max(e.on);
    }
    for (i, k) in cx.active() {
        let reading = &cx.reading[i];
        match reading.latest {
            _ if !is_stale_at(k, reading.latest, cx.today, cx.s.stale_periods) => {}
            None => out.push(
                Finding::new(RuleId::Stale, Severity::Warning, format!("stale:{}", k.id.0))
                    .text(
                        format!("{} has never been measured", cx.q(i)),
                        format!("{} has no actuals, so it has no status and nobody can review it.", cx.q(i)),
                        "Enter the latest actual (or paste the history) and agree who updates it each review.",
                    )
                    .kpis([k.id])
                    .departments(k.department),
            ),
            Some(last) => out.push(
                Finding::new(RuleId::Stale, Severity::Warning, format!("stale:{}", k.id.0))
                    .text(
                        format!("{} has no actual since {}", cx.q(i), last.date.human()),
                        format!(
                            "{} is reviewed {} but its latest actual is from {} ({} days ago, more than {periods} review periods): it is not really being reviewed.",
                            cx.q(i),
                            k.cadence.label().to_lowercase(),
                            last.date.human(),
                            cx.today.days_since(last.date)
                        ),
                        "Update it, automate the feed, or review it less often if that is what the business needs.",
                    )
                    .kpis([k.id])
                    .departments(k.department),
            ),
        }
        let run = reading.off_track_run;
        if run >= escalate_after.max(1) {
            let since = reading.off_track_since;
            let escalated = escalated_on.get(&k.id).is_some_and(|&on| since.is_none_or(|s| on >= s));
            if !escalated {
                let owner = k.owner_person().map(|p| cx.person_name(p)).unwrap_or_else(|| "its owner".into());
                out.push(
                    Finding::new(RuleId::Stale, Severity::Error, format!("escalate:{}", k.id.0))
                        .text(
                            format!("{} has been off track for {run} reviews with no escalation", cx.q(i)),
                            format!(
                                "{} has been off track since {} ({run} reviews in a row; the rule is to escalate after {escalate_after}), and no escalation is recorded.",
                                cx.q(i),
                                since.map(|d| d.human()).unwrap_or_default()
                            ),
                            format!("{owner} should escalate it to their manager and the alignment owner, and record the escalation with the agreed action."),
                        )
                        .kpis([k.id])
                        .departments(k.department)
                        .people(k.owner_person()),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testkit::*;
    use crate::checks::{RuleId, Severity};
    use crate::model::*;

    #[test]
    fn recent_actuals_pass() {
        expect(&healthy().run(RuleId::Stale), 0, &[]);
    }

    #[test]
    fn a_weekly_kpi_without_an_actual_for_three_weeks_is_stale_and_one_for_two_is_not() {
        let mut fx = healthy();
        fx.get(10).measurements[0].date = today().add_days(-14);
        expect(&fx.run(RuleId::Stale), 0, &[]);
        fx.get(10).measurements[0].date = today().add_days(-15);
        expect(
            &fx.run(RuleId::Stale),
            1,
            &["\u{201c}Dept 1 for 1\u{201d} has no actual since 8 Nov 2026", "15 days ago"],
        );
        fx.get(10).measurements.clear();
        expect(&fx.run(RuleId::Stale), 1, &["has never been measured"]);
    }

    #[test]
    fn three_off_track_reviews_without_escalation_is_an_error_until_one_is_recorded() {
        let mut fx = healthy();
        let k = fx.get(10);
        k.measurements =
            (0..3).map(|w| Measurement { date: today().add_days(-7 * (3 - w)), value: 50.0 }).collect();
        let f = fx.run(RuleId::Stale);
        expect(
            &f,
            1,
            &["off track for 3 reviews with no escalation", "since 2 Nov 2026", "Sam should escalate"],
        );
        assert_eq!(f[0].severity, Severity::Error);
        fx.m.governance.escalations.push(Escalation {
            id: EscalationId(1),
            kpi: KpiId(10),
            on: today().add_days(-2),
            to: Some(PersonId(1)),
            note: String::new(),
        });
        expect(&fx.run(RuleId::Stale), 0, &[]);
        // An escalation from before this run began does not count.
        fx.m.governance.escalations[0].on = today().add_days(-60);
        expect(&fx.run(RuleId::Stale), 1, &["no escalation"]);
    }

    #[test]
    fn the_severity_tells_a_stale_finding_from_an_unescalated_one_as_the_key_does() {
        let mut fx = healthy();
        fx.get(10).measurements =
            (0..3).map(|w| Measurement { date: today().add_days(-7 * (3 - w)), value: 50.0 }).collect();
        fx.get(11).measurements.clear();
        let f = fx.run(RuleId::Stale);
        assert_eq!(f.len(), 2);
        for x in &f {
            assert_eq!(super::is_stale(x), x.key.contains(":stale:"), "{}", x.key);
            assert_eq!(super::is_unescalated(x), x.key.contains(":escalate:"), "{}", x.key);
        }
    }
}
