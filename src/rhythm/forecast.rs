//! Forecast accuracy: every forecast scored once the actual for its date is known, and
//! the forecast variance per KPI, per department, for the company and over time.
//!
//! A forecast made at a check-in names a value and a date. Its actual is the KPI's
//! first actual dated on that day or within one review period after it (actuals are
//! recorded at the end of a period), and no later than `today`. The error is forecast −
//! actual; the relative error is its size divided by the actual's (none when the actual
//! is zero). The *forecast variance* of a set of scores is the mean relative error, in
//! percent: the figure the seed promises to cut by 10-20% within two quarters.

use std::collections::BTreeMap;

use super::period::{self, Period};
use super::Book;
use crate::model::{Cadence, CheckInId, Date, DeptId, KpiId};

/// One forecast, scored.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Score {
    pub check_in: CheckInId,
    pub kpi: KpiId,
    /// When the forecast was made (the check-in's date).
    pub made: Date,
    /// The date it was for.
    pub date: Date,
    pub forecast: f64,
    pub actual: f64,
    /// The date of the actual it was scored against.
    pub actual_on: Date,
    /// forecast − actual.
    pub error: f64,
    /// |error| / |actual|, none when the actual is zero.
    pub relative: Option<f64>,
}

/// Every forecast whose actual is known by `today`, in the order of the check-ins by
/// KPI and period. O(C log M): a binary search in the KPI's actuals per forecast.
pub fn scores(book: &Book, today: Date) -> Vec<Score> {
    let mut out = Vec::new();
    for c in &book.sorted {
        let (Some(forecast), Some(date)) = (c.forecast, c.forecast_for) else { continue };
        let Some(k) = book.kpi(c.kpi) else { continue };
        let i = k.measurements.partition_point(|m| m.date < date);
        let Some(m) = k.measurements.get(i) else { continue };
        if m.date > today || m.date.days_since(date) >= k.cadence.days() {
            continue;
        }
        let error = forecast - m.value;
        out.push(Score {
            check_in: c.id,
            kpi: c.kpi,
            made: c.on,
            date,
            forecast,
            actual: m.value,
            actual_on: m.date,
            error,
            relative: (m.value != 0.0).then(|| error.abs() / m.value.abs()),
        });
    }
    out
}

/// The forecast variance of some scores.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Variance {
    /// Forecasts scored.
    pub scored: usize,
    /// Mean relative error in percent (over the scores with a non-zero actual).
    pub percent: Option<f64>,
    /// Mean absolute error, in the KPIs' own units (meaningful for one KPI).
    pub mean_error: Option<f64>,
}

impl Variance {
    pub fn of<'a>(scores: impl IntoIterator<Item = &'a Score>) -> Variance {
        let (mut n, mut rel_n, mut rel, mut abs) = (0usize, 0usize, 0.0, 0.0);
        for s in scores {
            n += 1;
            abs += s.error.abs();
            if let Some(r) = s.relative {
                rel_n += 1;
                rel += r;
            }
        }
        Variance {
            scored: n,
            percent: (rel_n > 0).then(|| round2(rel * 100.0 / rel_n as f64)),
            mean_error: (n > 0).then(|| round2(abs / n as f64)),
        }
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The forecast variance of the company, each department (company KPIs under `None`),
/// each KPI, and each quarter the forecasts were made in.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Accuracy {
    pub company: Variance,
    pub by_department: Vec<(Option<DeptId>, Variance)>,
    pub by_kpi: Vec<(KpiId, Variance)>,
    /// Quarters of the fiscal year, oldest first, by the date the forecast was made.
    pub over_time: Vec<(Period, Variance)>,
}

/// Scores every forecast and sums them up. O(C log C).
pub fn accuracy(book: &Book, today: Date) -> Accuracy {
    let all = scores(book, today);
    let fy = book.model().organisation.fiscal_year_start;
    let mut by_dept: BTreeMap<Option<DeptId>, Vec<&Score>> = BTreeMap::new();
    let mut by_kpi: BTreeMap<KpiId, Vec<&Score>> = BTreeMap::new();
    let mut by_quarter: BTreeMap<Period, Vec<&Score>> = BTreeMap::new();
    for s in &all {
        let dept = book.kpi(s.kpi).and_then(|k| k.department);
        by_dept.entry(dept).or_default().push(s);
        by_kpi.entry(s.kpi).or_default().push(s);
        by_quarter.entry(period::of(Cadence::Quarterly, fy, s.made)).or_default().push(s);
    }
    let sum = |v: Vec<&Score>| Variance::of(v);
    Accuracy {
        company: Variance::of(&all),
        by_department: by_dept.into_iter().map(|(d, v)| (d, sum(v))).collect(),
        by_kpi: by_kpi.into_iter().map(|(k, v)| (k, sum(v))).collect(),
        over_time: by_quarter.into_iter().map(|(q, v)| (q, sum(v))).collect(),
    }
}

/// How much the variance fell from `before` to `after`, in percent of `before`
/// (positive: it fell). None when either is unknown or `before` is zero.
pub fn cut(before: Option<f64>, after: Option<f64>) -> Option<f64> {
    match (before, after) {
        (Some(b), Some(a)) if b > 0.0 => Some(round2((b - a) * 100.0 / b)),
        _ => None,
    }
}
