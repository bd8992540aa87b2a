//! The operating rhythm, computed: forecast accuracy, adoption of check-ins, review
//! cycle time, escalations, the agenda of a review forum, a pilot's progress and the
//! record the evidence score reads ([`practice`]).
//!
//! Pure like the rest of the core: every function takes the model and `today`, reads
//! no clock and returns plain data for a view to show. [`Book`] indexes the check-ins
//! once (sorted by KPI and period, O(C log C)); every computation is then linear in the
//! KPIs, links and check-ins, plus the review periods of the window it is asked about.

pub mod adoption;
pub mod agenda;
pub mod check_in;
pub mod escalation;
pub mod forecast;
pub mod minutes;
pub mod period;
pub mod pilot;
pub mod practice;
pub mod quarterly;

use std::collections::HashMap;

use crate::model::{CheckIn, Date, Kpi, KpiId, Model};
use period::Period;

/// The check-ins of a model, grouped by KPI and ordered by period.
pub struct Book<'m> {
    model: &'m Model,
    /// Positions of the KPIs by id.
    kpi_at: HashMap<KpiId, usize>,
    /// Check-ins sorted by (KPI, period day, id).
    sorted: Vec<&'m CheckIn>,
    /// (KPI, first day of its period) -> position in `sorted` (the first written).
    by_period: HashMap<(KpiId, Date), usize>,
}

impl<'m> Book<'m> {
    /// Indexes the check-ins of `model` (those on KPIs that exist). O(n + C log C).
    pub fn new(model: &'m Model) -> Book<'m> {
        let kpi_at: HashMap<KpiId, usize> = model.kpis.iter().enumerate().map(|(i, k)| (k.id, i)).collect();
        let mut sorted: Vec<&CheckIn> =
            model.check_ins.iter().filter(|c| kpi_at.contains_key(&c.kpi)).collect();
        crate::order::sort_by_key(&mut sorted, |c| (c.kpi, c.period, c.id));
        let fy = model.organisation.fiscal_year_start;
        let mut by_period = HashMap::with_capacity(sorted.len());
        for (i, c) in sorted.iter().enumerate() {
            let cadence = model.kpis[kpi_at[&c.kpi]].cadence;
            by_period.entry((c.kpi, period::of(cadence, fy, c.period).start)).or_insert(i);
        }
        Book { model, kpi_at, sorted, by_period }
    }

    /// Whether no check-in (on a KPI that exists) is recorded.
    pub fn is_empty(&self) -> bool {
        self.sorted.is_empty()
    }

    pub fn model(&self) -> &'m Model {
        self.model
    }

    pub fn kpi(&self, id: KpiId) -> Option<&'m Kpi> {
        self.kpi_at.get(&id).map(|&i| &self.model.kpis[i])
    }

    /// The check-in on `kpi` for the period `p`, if one was written.
    pub fn for_period(&self, kpi: KpiId, p: Period) -> Option<&'m CheckIn> {
        self.by_period.get(&(kpi, p.start)).map(|&i| self.sorted[i])
    }

    /// The check-ins on `kpi`, oldest period first. O(log C).
    pub fn of(&self, kpi: KpiId) -> &[&'m CheckIn] {
        let from = self.sorted.partition_point(|c| c.kpi < kpi);
        let to = self.sorted.partition_point(|c| c.kpi <= kpi);
        &self.sorted[from..to]
    }

    /// The latest check-in on `kpi` for a period that began on or before `today`.
    pub fn latest(&self, kpi: KpiId, today: Date) -> Option<&'m CheckIn> {
        self.of(kpi).iter().rev().find(|c| c.period <= today).copied()
    }

    /// The KPI's review period holding `day`.
    pub fn period_of(&self, k: &Kpi, day: Date) -> Period {
        period::of(k.cadence, self.model.organisation.fiscal_year_start, day)
    }
}

/// A share as a percentage with one decimal, for labels ("87.5%").
pub fn percent(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| (part as f64 * 1000.0 / whole as f64).round() / 10.0)
}
