//! Alignment maturity, two ways, on one 0-100 scale and five levels.
//!
//! The **self-assessed** score comes from the questionnaire ([`questions`]): what people
//! believe about their process. The **evidence** score ([`evidence`]) is computed from
//! the model and what the checks found and read of it: what the model shows. Both are
//! broken down by the same ten [`Criterion`]s, so every point of the gap between them
//! can be explained ([`gaps`]): "you answered that every department has documented
//! cascades; Finance and HR have none".

pub mod evidence;
pub mod questions;

use crate::checks::Checked;
use crate::model::Model;

/// The five maturity levels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MaturityLevel {
    Fragmented,
    Basic,
    Structured,
    Aligned,
    Optimized,
}

impl MaturityLevel {
    pub const ALL: [MaturityLevel; 5] = [
        MaturityLevel::Fragmented,
        MaturityLevel::Basic,
        MaturityLevel::Structured,
        MaturityLevel::Aligned,
        MaturityLevel::Optimized,
    ];

    /// The level of a 0-100 score: 0-25 Fragmented, 25-50 Basic, 50-75 Structured,
    /// 75-90 Aligned, 90-100 Optimized (a boundary belongs to the level above).
    pub fn of(score: f64) -> MaturityLevel {
        match score {
            s if s >= 90.0 => MaturityLevel::Optimized,
            s if s >= 75.0 => MaturityLevel::Aligned,
            s if s >= 50.0 => MaturityLevel::Structured,
            s if s >= 25.0 => MaturityLevel::Basic,
            _ => MaturityLevel::Fragmented,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            MaturityLevel::Fragmented => "Fragmented",
            MaturityLevel::Basic => "Basic",
            MaturityLevel::Structured => "Structured",
            MaturityLevel::Aligned => "Aligned",
            MaturityLevel::Optimized => "Optimized",
        }
    }

    /// What the level looks like.
    pub fn description(self) -> &'static str {
        match self {
            MaturityLevel::Fragmented => "Each department tracks its own metrics with no documented link to company goals; executives reconcile conflicting numbers in meetings.",
            MaturityLevel::Basic => "Company goals exist and some departments have KPIs that connect, but there is no process for cross-functional conflicts.",
            MaturityLevel::Structured => "Every department has documented company-to-department cascades, named owners and quarterly reviews.",
            MaturityLevel::Aligned => "A full three-level cascade; conflicts are found and resolved; review rhythms match the business's velocity.",
            MaturityLevel::Optimized => "Alignment is a governed process: KPIs reviewed and updated systematically, leading indicators at every level, one executive view.",
        }
    }

    /// The score range, e.g. `25-50`.
    pub fn range(self) -> &'static str {
        match self {
            MaturityLevel::Fragmented => "0-25",
            MaturityLevel::Basic => "25-50",
            MaturityLevel::Structured => "50-75",
            MaturityLevel::Aligned => "75-90",
            MaturityLevel::Optimized => "90-100",
        }
    }
}

/// What both scores are broken down by. Each weighs ten points of the hundred.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Criterion {
    CompanyGoals,
    DocumentedLinks,
    Owners,
    ThreeLevels,
    Conflicts,
    Rhythm,
    Leading,
    Definitions,
    Governance,
    ExecutiveView,
}

impl Criterion {
    pub const ALL: [Criterion; 10] = [
        Criterion::CompanyGoals,
        Criterion::DocumentedLinks,
        Criterion::Owners,
        Criterion::ThreeLevels,
        Criterion::Conflicts,
        Criterion::Rhythm,
        Criterion::Leading,
        Criterion::Definitions,
        Criterion::Governance,
        Criterion::ExecutiveView,
    ];

    /// Points of the hundred this criterion carries.
    pub const WEIGHT: f64 = 10.0;

    pub fn label(self) -> &'static str {
        match self {
            Criterion::CompanyGoals => "Company goals",
            Criterion::DocumentedLinks => "Documented links to company goals",
            Criterion::Owners => "Named owners",
            Criterion::ThreeLevels => "Three-level cascade",
            Criterion::Conflicts => "Conflicts found and resolved",
            Criterion::Rhythm => "Review rhythm matched to velocity",
            Criterion::Leading => "Leading indicators at every level",
            Criterion::Definitions => "Shared definitions",
            Criterion::Governance => "Governed changes",
            Criterion::ExecutiveView => "One executive view from data",
        }
    }

    /// The maturity level this criterion belongs to: a score can only reach a level when
    /// every criterion of that level and the levels below is mostly met.
    pub fn level(self) -> MaturityLevel {
        match self {
            Criterion::CompanyGoals => MaturityLevel::Basic,
            Criterion::DocumentedLinks | Criterion::Owners | Criterion::Definitions => {
                MaturityLevel::Structured
            }
            Criterion::ThreeLevels | Criterion::Conflicts | Criterion::Rhythm => MaturityLevel::Aligned,
            Criterion::Governance | Criterion::Leading | Criterion::ExecutiveView => MaturityLevel::Optimized,
        }
    }

    /// A short key, e.g. for chart labels and test ids.
    pub fn key(self) -> &'static str {
        match self {
            Criterion::CompanyGoals => "goals",
            Criterion::DocumentedLinks => "links",
            Criterion::Owners => "owners",
            Criterion::ThreeLevels => "cascade",
            Criterion::Conflicts => "conflicts",
            Criterion::Rhythm => "rhythm",
            Criterion::Leading => "leading",
            Criterion::Definitions => "definitions",
            Criterion::Governance => "governance",
            Criterion::ExecutiveView => "executive",
        }
    }
}

/// A score with its parts.
#[derive(Clone, Debug, PartialEq)]
pub struct Score {
    /// 0-100.
    pub total: f64,
    pub level: MaturityLevel,
    /// Per criterion, in [`Criterion::ALL`] order: the share of its points earned
    /// (0-1), or `None` when there is nothing to go on (an unanswered question).
    pub parts: Vec<(Criterion, Option<f64>)>,
    /// When the score was held below the next level, the criteria that held it.
    pub held_by: Vec<Criterion>,
}

/// A criterion counts as met at this share ("mostly" on the questionnaire).
pub const MET: f64 = 0.75;

impl Score {
    /// Scores the parts: ten points per criterion by share, averaged over the criteria
    /// with something to go on, then held below the first level whose criteria (or a
    /// lower level's) are not met. The scale is cumulative: "Aligned" needs a full
    /// cascade and resolved conflicts whatever else is strong.
    pub fn from_parts(parts: Vec<(Criterion, Option<f64>)>) -> Score {
        let known: Vec<f64> = parts.iter().filter_map(|(_, s)| *s).collect();
        let raw = if known.is_empty() { 0.0 } else { 100.0 * known.iter().sum::<f64>() / known.len() as f64 };
        let mut cap = 100.0;
        let mut held_by = Vec::new();
        for level in [
            MaturityLevel::Basic,
            MaturityLevel::Structured,
            MaturityLevel::Aligned,
            MaturityLevel::Optimized,
        ] {
            let unmet: Vec<Criterion> = parts
                .iter()
                .filter(|(c, s)| c.level() == level && s.is_some_and(|s| s < MET))
                .map(|(c, _)| *c)
                .collect();
            if !unmet.is_empty() {
                cap = match level {
                    MaturityLevel::Basic => 24.0,
                    MaturityLevel::Structured => 49.0,
                    MaturityLevel::Aligned => 74.0,
                    _ => 89.0,
                };
                held_by = unmet;
                break;
            }
        }
        let total = if raw > cap { cap } else { raw };
        if total == raw {
            held_by.clear();
        }
        Score { total, level: MaturityLevel::of(total), parts, held_by }
    }

    /// Why the score is not higher, if a level's criteria held it back.
    pub fn limit(&self) -> Option<String> {
        let first = self.held_by.first()?;
        let names: Vec<String> = self.held_by.iter().map(|c| c.label().to_lowercase()).collect();
        Some(format!(
            "Held below {} until {} {} met.",
            first.level().label(),
            crate::checks::list(names, 3),
            if self.held_by.len() == 1 { "is" } else { "are" }
        ))
    }
}

impl Score {
    /// What is and is not true of this organisation, criterion by criterion, so the
    /// level's general description never stands alone against its own parts: "Met:
    /// company goals and named owners. Not yet: documented links (40%)."
    pub fn standing(&self) -> Option<String> {
        let pct = |s: f64| format!("{:.0}%", s * 100.0);
        let met = self
            .parts
            .iter()
            .filter(|(_, s)| s.is_some_and(|s| s >= MET))
            .map(|(c, _)| c.label().to_lowercase());
        let unmet: Vec<(Criterion, f64)> =
            self.parts.iter().filter_map(|(c, s)| s.filter(|s| *s < MET).map(|s| (*c, s))).collect();
        let met = crate::checks::list(met, 3);
        let unmet = crate::checks::list(
            unmet.iter().map(|(c, s)| format!("{} ({})", c.label().to_lowercase(), pct(*s))),
            3,
        );
        match (met.is_empty(), unmet.is_empty()) {
            (true, true) => None,
            (false, true) => Some(format!("Met here: {met}.")),
            (true, false) => Some(format!("Not yet met here: {unmet}.")),
            (false, false) => Some(format!("Met here: {met}. Not yet: {unmet}.")),
        }
    }
}

/// The gap on one criterion between what was answered and what the model shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Gap {
    pub criterion: Criterion,
    /// 0-1 shares, as in [`Score::parts`].
    pub answered: Option<f64>,
    pub shown: f64,
    /// One sentence on the difference (or the agreement).
    pub explanation: String,
}

/// Compares the two scores criterion by criterion and explains every difference.
pub fn gaps(m: &Model, checked: &Checked) -> Vec<Gap> {
    let answered = questions::score(&m.assessment);
    let shown = evidence::evaluate(m, checked);
    Criterion::ALL
        .iter()
        .map(|&c| {
            let a = answered.parts.iter().find(|(x, _)| *x == c).and_then(|(_, v)| *v);
            let e = shown.iter().find(|x| x.criterion == c).expect("every criterion is evaluated");
            let explanation = match a {
                None => format!("Not answered yet. The model shows {:.0}%: {}", e.share * 100.0, e.summary()),
                Some(a) if a > e.share + 0.2 => format!(
                    "You answered {} ({:.0}%), but the model shows {:.0}%: {}",
                    questions::claim(c),
                    a * 100.0,
                    e.share * 100.0,
                    e.cost_summary()
                ),
                Some(a) if a + 0.2 < e.share => format!(
                    "You rated this lower ({:.0}%) than the model shows ({:.0}%): {}",
                    a * 100.0,
                    e.share * 100.0,
                    e.gain_summary()
                ),
                Some(a) => format!(
                    "Your answers ({:.0}%) match the model ({:.0}%): {}",
                    a * 100.0,
                    e.share * 100.0,
                    e.summary()
                ),
            };
            Gap { criterion: c, answered: a, shown: e.share, explanation }
        })
        .collect()
}
