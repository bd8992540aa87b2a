//! Rule 15: data not available, or no source of truth, for a KPI being relied on.

use crate::checks::catalogue::{self, RuleInfo};
use crate::checks::{Ctx, Finding, RuleId, Severity};
use crate::model::Level;

pub const INFO: RuleInfo = RuleInfo {
    rule: RuleId::Data,
    title: "No data or no source of truth",
    checks: "Each active KPI names its system of record, and its data is available today; a KPI that is part of the cascade (or a company KPI) is relied on, so missing data there weighs more.",
    why: "A KPI nobody can measure is a promise, not a measure; a KPI without one system of record gets a different number from each department's spreadsheet.",
    thresholds: catalogue::none,
};

pub fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    for (i, k) in cx.active() {
        let relied_on =
            k.level == Level::Company || !cx.idx.parents()[i].is_empty() || !cx.idx.children()[i].is_empty();
        if !k.data_available {
            out.push(
                Finding::new(RuleId::Data, if relied_on { Severity::Warning } else { Severity::Info }, format!("unavailable:{}", k.id.0))
                    .text(
                        format!("The data for {} is not available yet", cx.q(i)),
                        format!(
                            "{} is marked as having no data available today{}: its status is a guess.",
                            cx.q(i),
                            if relied_on { ", yet the cascade relies on it" } else { "" }
                        ),
                        "Name the system that will produce it and a date the feed will exist; until then, say so wherever it is reported.",
                    )
                    .kpis([k.id])
                    .departments(k.department),
            );
        }
        if k.data_source.trim().is_empty() {
            out.push(
                Finding::new(RuleId::Data, if relied_on { Severity::Warning } else { Severity::Info }, format!("nosource:{}", k.id.0))
                    .text(
                        format!("{} has no source of truth", cx.q(i)),
                        format!("Nothing says which system {} comes from, so each department can bring its own number to the meeting.", cx.q(i)),
                        "Record the one system of record (e.g. the CRM report or finance ledger) and whether the feed is automated.",
                    )
                    .kpis([k.id])
                    .departments(k.department),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testkit::*;
    use crate::checks::{RuleId, Severity};
    use crate::model::*;

    #[test]
    fn sourced_and_available_kpis_pass() {
        expect(&healthy().run(RuleId::Data), 0, &[]);
    }

    #[test]
    fn missing_data_weighs_more_when_the_cascade_relies_on_it() {
        let mut fx = healthy();
        fx.get(10).data_available = false;
        fx.get(12).data_source = "  ".into();
        fx.kpi(70, "Loose idea", Level::Team, Some(1)).data_available = false;
        let f = fx.run(RuleId::Data);
        assert_eq!(f.len(), 3);
        assert!(
            f[0].title.contains("data for \u{201c}Dept 1 for 1\u{201d} is not available")
                && f[0].severity == Severity::Warning
        );
        assert!(f[1].title.contains("\u{201c}Dept 1 for 2\u{201d} has no source of truth"));
        assert_eq!(f[2].severity, Severity::Info);
    }
}
