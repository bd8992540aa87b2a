//! Rule 14: company KPIs not stable — not locked for the strategy period, or changed
//! within the stability window.

use crate::checks::catalogue::RuleInfo;
use crate::checks::{Ctx, Finding, RuleId, Severity};
use std::collections::HashMap;

use crate::model::{ChangeEntry, KpiId, Level, Timestamp};

pub const INFO: RuleInfo = RuleInfo {
    rule: RuleId::Stability,
    title: "Company KPIs not stable",
    checks: "Each active company KPI is locked for the strategy period and has not been changed (definition, target or place in the cascade) within the stability window.",
    why: "Departments align to the company KPIs; when those move every few months, every cascade below them is rebuilt, and nobody can tell progress from redefinition.",
    thresholds: |s| format!("Company KPIs stay unchanged for {} months.", s.stability_months),
};

/// The key part of the finding that a company KPI is not locked.
const UNLOCKED: &str = "unlocked";

/// Whether a finding says a company KPI is not locked (its fix is to lock it).
pub fn is_unlocked(f: &Finding) -> bool {
    f.rule == RuleId::Stability && f.key.split(':').nth(1) == Some(UNLOCKED)
}

pub fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    let months = cx.s.stability_months;
    let since = Timestamp::at_midnight(cx.today.add_months(-(months as i32)));
    // The latest change within the window of each KPI, in one pass over the log.
    let mut latest: HashMap<KpiId, &ChangeEntry> = HashMap::new();
    for e in cx.m.governance.change_log.iter().filter(|e| e.at >= since) {
        for &k in &e.kpis {
            let slot = latest.entry(k).or_insert(e);
            if e.at >= slot.at {
                *slot = e;
            }
        }
    }
    for (i, k) in cx.active().filter(|(_, k)| k.level == Level::Company) {
        if k.locked.is_none() {
            out.push(
                Finding::new(RuleId::Stability, Severity::Warning, format!("{UNLOCKED}:{}", k.id.0))
                    .text(
                        format!("{} is not locked", cx.q(i)),
                        format!("{} can still be changed at any time; departments cannot rely on it staying put for the {months} months their plans need.", cx.q(i)),
                        "Lock it for the strategy period once the leadership team has agreed it (the lock date is recorded).",
                    )
                    .kpis([k.id]),
            );
        }
        if let Some(e) = latest.get(&k.id) {
            out.push(
                Finding::new(RuleId::Stability, Severity::Warning, format!("changed:{}", k.id.0))
                    .text(
                        format!("{} changed on {}, within {months} months", cx.q(i), e.at.date().human()),
                        format!(
                            "The change log records \u{201c}{}\u{201d} on {}. Company KPIs should stay unchanged for {months} months so the cascade below them holds.",
                            crate::checks::clip(&e.what, 200),
                            e.at.date().human()
                        ),
                        "Unless strategy changed, keep company KPIs fixed until the yearly realignment; adjust department KPIs instead.",
                    )
                    .kpis([k.id]),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testkit::*;
    use crate::checks::RuleId;
    use crate::model::*;

    #[test]
    fn locked_and_untouched_company_kpis_pass() {
        expect(&healthy().run(RuleId::Stability), 0, &[]);
    }

    #[test]
    fn an_unlocked_company_kpi_is_flagged() {
        let mut fx = healthy();
        fx.get(2).locked = None;
        let found = fx.run(RuleId::Stability);
        expect(&found, 1, &["\u{201c}Company 2\u{201d} is not locked"]);
        assert!(super::is_unlocked(&found[0]));
    }

    #[test]
    fn a_change_within_twelve_months_is_flagged_and_an_older_one_is_not() {
        let mut fx = healthy();
        let entry = |date: &str| ChangeEntry {
            at: Timestamp::parse(date).unwrap(),
            by: "Ada".into(),
            what: "Edit KPI \u{201c}Company 3\u{201d}: target 10 \u{2192} 12".into(),
            why: String::new(),
            kpis: vec![KpiId(3)],
        };
        fx.m.governance.change_log.push(entry("2025-10-01T10:00:00Z"));
        expect(&fx.run(RuleId::Stability), 0, &[]);
        fx.m.governance.change_log.push(entry("2026-03-02T10:00:00Z"));
        expect(
            &fx.run(RuleId::Stability),
            1,
            &["changed on 2 Mar 2026, within 12 months", "target 10 \u{2192} 12"],
        );
        assert!(!super::is_unlocked(&fx.run(RuleId::Stability)[0]));
        fx.m.settings.stability_months = 6;
        expect(&fx.run(RuleId::Stability), 0, &[]);
    }
}
