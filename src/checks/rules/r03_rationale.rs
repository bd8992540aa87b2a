//! Rule 3: a link whose connection is not stated (no rationale) or not stated in a real
//! sentence (too few words).

use crate::checks::catalogue::RuleInfo;
use crate::checks::{Ctx, Finding, RuleId, Severity};

pub const INFO: RuleInfo = RuleInfo {
    rule: RuleId::Rationale,
    title: "Missing or weak rationale",
    checks: "Every link between two active KPIs says, in one sentence, how the child moves the parent.",
    why: "An undocumented link is a guess nobody can challenge: when the parent dips, nobody knows whether the link or the child's target is wrong.",
    thresholds: |s| format!("A rationale of fewer than {} words is weak.", s.rationale_min_words),
};

pub fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    for l in &cx.m.links {
        let (Some(c), Some(p)) = (cx.idx.kpi_pos(l.child), cx.idx.kpi_pos(l.parent)) else { continue };
        if !cx.kpi(c).is_active() || !cx.kpi(p).is_active() {
            continue;
        }
        let words = l.rationale.split_ascii_whitespace().count();
        if words >= cx.s.rationale_min_words as usize {
            continue;
        }
        let key = format!("{}>{}", l.child.0, l.parent.0);
        let (qc, qp) = (cx.q(c), cx.q(p));
        let (severity, title, why) = if words == 0 {
            (
                Severity::Warning,
                format!("The link {qc} \u{2192} {qp} has no rationale"),
                format!("Nothing says how {qc} moves {qp}."),
            )
        } else if words < cx.s.rationale_min_words as usize {
            (
                Severity::Info,
                format!("The link {qc} \u{2192} {qp} has a weak rationale"),
                format!(
                    "\u{201c}{}\u{201d} ({words} word{}) does not say how {qc} moves {qp}.",
                    crate::checks::clip(l.rationale.trim(), 200),
                    if words == 1 { "" } else { "s" }
                ),
            )
        } else {
            continue;
        };
        out.push(
            Finding::new(RuleId::Rationale, severity, key)
                .text(
                    title,
                    format!("{why} Without it, nobody can tell whether the link still holds when the numbers move."),
                    "Write one sentence: what changes in the child, and how that moves the parent (and how soon).",
                )
                .kpis([l.child, l.parent])
                .links([(l.child, l.parent)]),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testkit::*;
    use crate::checks::{RuleId, Severity};

    #[test]
    fn stated_links_pass() {
        expect(&healthy().run(RuleId::Rationale), 0, &[]);
    }

    #[test]
    fn an_empty_rationale_is_a_warning() {
        let mut fx = healthy();
        fx.m.links[0].rationale = "   ".into();
        let f = fx.run(RuleId::Rationale);
        expect(&f, 1, &["\u{201c}Dept 1 for 1\u{201d} \u{2192} \u{201c}Company 1\u{201d} has no rationale"]);
        assert_eq!(
            (f[0].severity, f[0].links.clone()),
            (Severity::Warning, vec![(crate::model::KpiId(10), crate::model::KpiId(1))])
        );
    }

    #[test]
    fn three_words_are_weak_and_four_are_enough() {
        let mut fx = healthy();
        fx.m.links[0].rationale = "drives more revenue".into();
        expect(&fx.run(RuleId::Rationale), 1, &["weak rationale", "(3 words)"]);
        fx.m.links[0].rationale = "drives more revenue directly".into();
        expect(&fx.run(RuleId::Rationale), 0, &[]);
    }
}
