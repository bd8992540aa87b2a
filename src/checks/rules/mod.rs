//! One module per rule: its logic, its catalogue entry, its explanation and fix, and its
//! tests (a fixture that fires it and a near miss that must not).

pub mod r01_counts;
pub mod r02_orphans;
pub mod r03_rationale;
pub mod r04_operationalised;
pub mod r05_lagging_only;
pub mod r06_owner;
pub mod r07_cadence;
pub mod r08_structural_conflict;
pub mod r09_known_conflicts;
pub mod r10_activity;
pub mod r11_no_target;
pub mod r12_definitions;
pub mod r13_timing;
pub mod r14_stability;
pub mod r15_data;
pub mod r16_watermelon;
pub mod r17_stale;
pub mod r18_structure;

use super::{Ctx, Finding, RuleId};

/// Runs one rule, appending its findings.
pub fn check(rule: RuleId, cx: &Ctx, out: &mut Vec<Finding>) {
    match rule {
        RuleId::Counts => r01_counts::check(cx, out),
        RuleId::Orphans => r02_orphans::check(cx, out),
        RuleId::Rationale => r03_rationale::check(cx, out),
        RuleId::Operationalised => r04_operationalised::check(cx, out),
        RuleId::LaggingOnly => r05_lagging_only::check(cx, out),
        RuleId::Owner => r06_owner::check(cx, out),
        RuleId::Cadence => r07_cadence::check(cx, out),
        RuleId::StructuralConflict => r08_structural_conflict::check(cx, out),
        RuleId::KnownConflicts => r09_known_conflicts::check(cx, out),
        RuleId::ActivityAtDepartment => r10_activity::check(cx, out),
        RuleId::NoTarget => r11_no_target::check(cx, out),
        RuleId::Definitions => r12_definitions::check(cx, out),
        RuleId::Timing => r13_timing::check(cx, out),
        RuleId::Stability => r14_stability::check(cx, out),
        RuleId::Data => r15_data::check(cx, out),
        RuleId::Watermelon => r16_watermelon::check(cx, out),
        RuleId::Stale => r17_stale::check(cx, out),
        RuleId::Structure => r18_structure::check(cx, out),
    }
}
