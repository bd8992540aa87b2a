//! Rule 4: a company KPI not operationalised — no department KPI feeds it, or it has
//! too few (or too many) leading indicators below it.

use crate::checks::catalogue::RuleInfo;
use crate::checks::{list_of, Ctx, Finding, RuleId, Severity};
use crate::model::{Indicator, Level};

pub const INFO: RuleInfo = RuleInfo {
    rule: RuleId::Operationalised,
    title: "Company KPI not operationalised",
    checks: "Each active company KPI is fed by at least one department KPI, and by a healthy number of leading indicators among the department KPIs that feed it directly.",
    why: "A company KPI nobody's department work feeds is a wish. Leading indicators give early warning; with fewer than two the company learns too late, with too many the signal drowns.",
    thresholds: |s| format!("{} leading department KPIs feeding each company KPI.", s.leading_per_company_kpi),
};

pub fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    let range = cx.s.leading_per_company_kpi;
    for (i, k) in cx.active().filter(|(_, k)| k.level == Level::Company) {
        let fed = cx.idx.children()[i]
            .iter()
            .any(|&c| cx.kpi(c).is_active() && cx.kpi(c).level == Level::Department);
        if !fed {
            out.push(
                Finding::new(RuleId::Operationalised, Severity::Error, format!("unfed:{}", k.id.0))
                    .text(
                        format!("No department KPI feeds {}", cx.q(i)),
                        format!("{} is on the company scorecard, but no department has a KPI that moves it: nobody's weekly work is connected to it.", cx.q(i)),
                        "Ask which department's results move it, and link their department KPI under it (or add one).",
                    )
                    .kpis([k.id]),
            );
            continue;
        }
        // Leading indicators among the department KPIs that feed it directly.
        let leading: Vec<usize> = cx.idx.children()[i]
            .iter()
            .copied()
            .filter(|&d| {
                let k = cx.kpi(d);
                k.is_active() && k.level == Level::Department && k.indicator == Indicator::Leading
            })
            .collect();
        let n = leading.len();
        // No leading indicator at all below it is rule 5's (lagging-only) finding.
        if n > 0 && n < range.min as usize {
            out.push(
                Finding::new(RuleId::Operationalised, Severity::Warning, format!("leading:{}", k.id.0))
                    .text(
                        format!("{} is fed by only {n} leading department KPI", cx.q(i)),
                        format!(
                            "Only {} gives early warning for {}; {} leading indicators let the company see a dip coming from more than one direction.",
                            list_of(&leading, 3, |&d| cx.q(d)),
                            cx.q(i),
                            range
                        ),
                        "Find what predicts it 30-60 days ahead in another department (pipeline, sign-ups, backlog) and link it in.",
                    )
                    .kpis(std::iter::once(k.id).chain(leading.iter().map(|&d| cx.kpi(d).id))),
            );
        } else if n > range.max as usize {
            out.push(
                Finding::new(RuleId::Operationalised, Severity::Info, format!("leading:{}", k.id.0))
                    .text(
                        format!("{} is fed by {n} leading department KPIs", cx.q(i)),
                        format!(
                            "{n} leading indicators ({}) feed {}; beyond {} the early-warning signal gets lost in the noise.",
                            list_of(&leading, 4, |&d| cx.q(d)),
                            cx.q(i),
                            range.max
                        ),
                        "Keep the ones that predicted past dips best; demote the rest to team-level tracking.",
                    )
                    .kpis([k.id]),
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
    fn two_to_four_leading_indicators_pass() {
        // Each company KPI of the healthy fixture is fed by 2 leading department KPIs.
        expect(&healthy().run(RuleId::Operationalised), 0, &[]);
    }

    #[test]
    fn a_company_kpi_fed_by_nothing_is_an_error() {
        let mut fx = healthy();
        fx.kpi(4, "Brand awareness", Level::Company, None);
        let f = fx.run(RuleId::Operationalised);
        expect(&f, 1, &["No department KPI feeds \u{201c}Brand awareness\u{201d}"]);
        assert_eq!(f[0].severity, Severity::Error);
    }

    #[test]
    fn one_leading_indicator_is_too_few() {
        let mut fx = healthy();
        for id in [11, 110, 111] {
            fx.get(id).indicator = Indicator::Lagging;
        }
        let f = fx.run(RuleId::Operationalised);
        expect(
            &f,
            1,
            &[
                "\u{201c}Company 1\u{201d} is fed by only 1 leading department KPI",
                "\u{201c}Dept 1 for 1\u{201d}",
                "2-4 leading",
            ],
        );
    }

    #[test]
    fn five_leading_indicators_are_too_many_and_team_kpis_do_not_count() {
        let mut fx = healthy();
        fx.kpi(60, "Team lead", Level::Team, Some(1));
        fx.link(60, 10);
        expect(&fx.run(RuleId::Operationalised), 0, &[]);
        for id in 61..64 {
            fx.kpi(id, &format!("Extra lead {id}"), Level::Department, Some(3));
            fx.link(id, 1);
        }
        expect(&fx.run(RuleId::Operationalised), 1, &["fed by 5 leading department KPIs", "beyond 4"]);
    }
}
