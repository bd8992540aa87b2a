//! The rule catalogue: for every rule, what it checks, why it matters and the thresholds
//! it uses, taken from the rule modules themselves so the page that shows it cannot
//! drift from the code.

use super::rules::*;
use super::RuleId;
use crate::model::Settings;

/// What the catalogue says about a rule.
pub struct RuleInfo {
    pub rule: RuleId,
    pub title: &'static str,
    /// What the rule looks for.
    pub checks: &'static str,
    /// Why it matters.
    pub why: &'static str,
    /// The thresholds in force, in words, for the given settings.
    pub thresholds: fn(&Settings) -> String,
}

/// No adjustable threshold.
pub fn none(_: &Settings) -> String {
    "No threshold: any occurrence is reported.".into()
}

/// Every rule, in number order.
pub const CATALOGUE: [RuleInfo; 18] = [
    r01_counts::INFO,
    r02_orphans::INFO,
    r03_rationale::INFO,
    r04_operationalised::INFO,
    r05_lagging_only::INFO,
    r06_owner::INFO,
    r07_cadence::INFO,
    r08_structural_conflict::INFO,
    r09_known_conflicts::INFO,
    r10_activity::INFO,
    r11_no_target::INFO,
    r12_definitions::INFO,
    r13_timing::INFO,
    r14_stability::INFO,
    r15_data::INFO,
    r16_watermelon::INFO,
    r17_stale::INFO,
    r18_structure::INFO,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_lists_every_rule_once_in_order_with_text() {
        for (i, info) in CATALOGUE.iter().enumerate() {
            assert_eq!(info.rule, RuleId::ALL[i], "entry {i}");
            assert_eq!(info.rule.number() as usize, i + 1);
            assert!(!info.title.is_empty() && !info.checks.is_empty() && !info.why.is_empty());
            assert!(!(info.thresholds)(&Settings::default()).is_empty());
        }
    }

    #[test]
    fn thresholds_follow_the_settings() {
        let mut s = Settings::default();
        assert!((r01_counts::INFO.thresholds)(&s).contains("3-5 company KPIs"));
        s.company_kpis = crate::model::Range::new(2, 7);
        assert!((r01_counts::INFO.thresholds)(&s).contains("2-7 company KPIs"));
    }
}
