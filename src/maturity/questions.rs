//! The self-assessment questionnaire: twenty statements, two per criterion, each
//! answered on a five-point scale (0 "not at all" to 4 "fully"). The score is the share
//! of the maximum over the answered questions; unanswered criteria are left out (and
//! the score is marked provisional) rather than counted as zero.

use super::{Criterion, MaturityLevel, Score};

use crate::model::Assessment;

/// One statement to rate.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Question {
    /// Stable id, stored with the answers.
    pub id: &'static str,
    pub criterion: Criterion,
    /// The level this statement is typical of.
    pub level: MaturityLevel,
    pub text: &'static str,
}

/// The answer scale.
pub const SCALE: [&str; 5] = ["Not at all", "Rarely", "Partly", "Mostly", "Fully"];

const fn q(id: &'static str, criterion: Criterion, level: MaturityLevel, text: &'static str) -> Question {
    Question { id, criterion, level, text }
}

use Criterion as C;
use MaturityLevel as L;

pub const QUESTIONS: [Question; 20] = [
    q("goals.defined", C::CompanyGoals, L::Basic, "The company has three to five written KPIs that everyone knows it is steered by."),
    q("goals.targets", C::CompanyGoals, L::Basic, "Each company KPI has a number to reach and a date."),
    q("links.documented", C::DocumentedLinks, L::Structured, "Every department has documented how its KPIs move the company KPIs."),
    q("links.rationale", C::DocumentedLinks, L::Structured, "For each link from a department KPI to a company KPI, we can say in one sentence how it works."),
    q("owners.named", C::Owners, L::Structured, "Every KPI has exactly one named person accountable for it."),
    q("owners.shared", C::Owners, L::Aligned, "Metrics several departments work on still have one primary owner."),
    q("cascade.team", C::ThreeLevels, L::Aligned, "Teams and individuals have KPIs that feed their department's KPIs."),
    q("cascade.no_orphans", C::ThreeLevels, L::Aligned, "No one tracks a KPI that does not lead up to a company KPI."),
    q("conflicts.found", C::Conflicts, L::Aligned, "We check systematically where one department's targets work against another's."),
    q("conflicts.resolved", C::Conflicts, L::Aligned, "When such a conflict is found, someone decides it and the decision is written down."),
    q("rhythm.velocity", C::Rhythm, L::Aligned, "Each KPI is reviewed as often as we can act on it: weekly or bi-weekly for operational ones."),
    q("rhythm.quarterly", C::Rhythm, L::Structured, "Cross-department alignment is reviewed at least quarterly."),
    q("leading.every_level", C::Leading, L::Optimized, "Every department has leading indicators, not only results reported after the fact."),
    q("leading.company", C::Leading, L::Optimized, "Each company KPI has two to four leading indicators that warn us weeks ahead."),
    q("definitions.shared", C::Definitions, L::Structured, "A metric with the same name means the same number in every department."),
    q("definitions.glossary", C::Definitions, L::Aligned, "Our KPI definitions (formula, cut-off, source of truth) are written in one glossary."),
    q("governance.stable", C::Governance, L::Optimized, "Company KPIs stay unchanged for at least a year unless strategy changes."),
    q("governance.process", C::Governance, L::Optimized, "Changes to KPIs are logged with who, when and why; off-track KPIs are escalated by rule."),
    q("executive.one_view", C::ExecutiveView, L::Optimized, "Executives decide from one view of company outcomes and leading indicators, not from reconciled spreadsheets."),
    q("executive.data", C::ExecutiveView, L::Optimized, "KPI status comes from data in a system of record, updated on schedule, never typed in."),
];

/// What answering a criterion's questions "fully" claims, for gap explanations.
pub fn claim(c: Criterion) -> &'static str {
    match c {
        C::CompanyGoals => "that the company is steered by three to five targeted KPIs",
        C::DocumentedLinks => "that every department has documented cascades to the company KPIs",
        C::Owners => "that every KPI has one named owner",
        C::ThreeLevels => "that teams and people have KPIs feeding their department's",
        C::Conflicts => "that cross-functional conflicts are found and resolved",
        C::Rhythm => "that review rhythms match what the business can act on",
        C::Leading => "that there are leading indicators at every level",
        C::Definitions => "that every metric has one shared definition",
        C::Governance => "that KPI changes are governed",
        C::ExecutiveView => "that executives decide from one view built from data",
    }
}

/// How far through the questionnaire the answers are: (answered, total).
pub fn progress(a: &Assessment) -> (usize, usize) {
    let n = QUESTIONS.iter().filter(|q| a.answers.contains_key(q.id)).count();
    (n, QUESTIONS.len())
}

/// The self-assessed score: each criterion's share is the mean of its answered
/// questions over 4; the total spreads 100 points over the criteria that have answers.
pub fn score(a: &Assessment) -> Score {
    let parts: Vec<(Criterion, Option<f64>)> = Criterion::ALL
        .iter()
        .map(|&c| {
            let answers: Vec<f64> = QUESTIONS
                .iter()
                .filter(|q| q.criterion == c)
                .filter_map(|q| a.answers.get(q.id))
                .map(|&v| f64::from(v.min(4)) / 4.0)
                .collect();
            let share = (!answers.is_empty()).then(|| answers.iter().sum::<f64>() / answers.len() as f64);
            (c, share)
        })
        .collect();
    Score::from_parts(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers(pairs: &[(&str, u8)]) -> Assessment {
        let mut a = Assessment::default();
        for (k, v) in pairs {
            a.answers.insert(k.to_string(), *v);
        }
        a
    }

    #[test]
    fn there_are_at_least_fifteen_questions_covering_every_criterion_and_level() {
        assert!(QUESTIONS.len() >= 15);
        for c in Criterion::ALL {
            assert!(QUESTIONS.iter().filter(|q| q.criterion == c).count() >= 2, "{c:?}");
        }
        for l in [L::Basic, L::Structured, L::Aligned, L::Optimized] {
            assert!(QUESTIONS.iter().any(|q| q.level == l), "{l:?}");
        }
        let mut ids: Vec<&str> = QUESTIONS.iter().map(|q| q.id).collect();
        crate::order::sort(&mut ids);
        ids.dedup();
        assert_eq!(ids.len(), QUESTIONS.len(), "ids are unique");
    }

    #[test]
    fn all_fully_is_100_and_all_not_at_all_is_0() {
        let full = answers(&QUESTIONS.iter().map(|q| (q.id, 4)).collect::<Vec<_>>());
        assert_eq!(score(&full).total, 100.0);
        assert_eq!(score(&full).level, L::Optimized);
        let none = answers(&QUESTIONS.iter().map(|q| (q.id, 0)).collect::<Vec<_>>());
        assert_eq!((score(&none).total, score(&none).level), (0.0, L::Fragmented));
        assert!(score(&none).standing().unwrap().starts_with("Not yet met here: company goals (0%), "));
        assert_eq!(score(&Assessment::default()).standing(), None);
    }

    #[test]
    fn unanswered_criteria_are_left_out_not_counted_as_zero() {
        let a = answers(&[("goals.defined", 4), ("goals.targets", 3), ("owners.named", 2)]);
        let s = score(&a);
        // Goals: (1 + 0.75) / 2 = 0.875; owners: 0.5; mean 0.6875, but owners (a
        // Structured criterion) is not met, so the score is held below Structured.
        assert_eq!(s.total, 49.0);
        assert_eq!(s.held_by, [C::Owners]);
        assert_eq!(s.limit().unwrap(), "Held below Structured until named owners is met.");
        // The level's general description is read beside what is true here.
        assert_eq!(s.level, L::Basic);
        assert_eq!(s.standing().unwrap(), "Met here: company goals. Not yet: named owners (50%).");
        assert_eq!(s.parts[0], (C::CompanyGoals, Some(0.875)));
        assert_eq!(s.parts[1], (C::DocumentedLinks, None));
        assert_eq!(progress(&a), (3, 20));
    }

    #[test]
    fn a_strong_average_cannot_hide_an_unmet_level() {
        // Everything fully, except conflicts "rarely": Aligned is not reached.
        let mut pairs: Vec<(&str, u8)> = QUESTIONS.iter().map(|q| (q.id, 4)).collect();
        for p in pairs.iter_mut().filter(|p| p.0.starts_with("conflicts.")) {
            p.1 = 1;
        }
        let s = score(&answers(&pairs));
        assert_eq!((s.total, s.level), (74.0, L::Structured));
        assert_eq!(s.held_by, [C::Conflicts]);
    }

    #[test]
    fn mostly_everywhere_is_met_everywhere() {
        let s = score(&answers(&QUESTIONS.iter().map(|q| (q.id, 3)).collect::<Vec<_>>()));
        assert_eq!((s.total, s.level), (75.0, L::Aligned));
        assert!(s.held_by.is_empty());
    }

    #[test]
    fn levels_follow_the_scale_with_boundaries_going_up() {
        let cases = [
            (0.0, L::Fragmented),
            (24.9, L::Fragmented),
            (25.0, L::Basic),
            (50.0, L::Structured),
            (75.0, L::Aligned),
            (89.9, L::Aligned),
            (90.0, L::Optimized),
        ];
        for (s, want) in cases {
            assert_eq!(MaturityLevel::of(s), want, "{s}");
        }
    }
}
