//! Writing a check-in: the draft the form starts from (saved with
//! [`crate::model::ops::check_in`]).

use crate::model::{CheckIn, Date, KpiId, Model};

use super::period::{self, Period};
use super::Book;

/// What the check-in form starts from.
#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    /// The check-in to write: a new one, or the one already written for the period.
    pub check_in: CheckIn,
    pub period: Period,
    /// True when `check_in` was written before (saving changes it).
    pub existing: bool,
    /// The check-in before it, shown while writing this one.
    pub previous: Option<CheckIn>,
}

/// The draft of a check-in on `kpi` written on `today`: for the last review period that
/// ended, unless that one has its check-in already, then for the period running today
/// (whose check-in, if written, is opened to change). A new one starts from the previous
/// check-in ([`crate::model::ops::next_check_in`]), reports the actual already recorded
/// in the period, and forecasts for the target's date unless the previous one said. `None` if there is no such KPI.
pub fn draft(m: &Model, kpi: KpiId, today: Date) -> Option<Draft> {
    let book = Book::new(m);
    let k = book.kpi(kpi)?;
    let fy = m.organisation.fiscal_year_start;
    let ended = period::last_ended(k.cadence, fy, today);
    let p = match book.for_period(kpi, ended) {
        None => ended,
        Some(_) => period::of(k.cadence, fy, today),
    };
    let previous =
        book.of(kpi).iter().rev().find(|c| book.period_of(k, c.period).start < p.start).map(|c| (*c).clone());
    if let Some(c) = book.for_period(kpi, p) {
        return Some(Draft { check_in: c.clone(), period: p, existing: true, previous });
    }
    let mut c = crate::model::ops::next_check_in(m, kpi, p.end, today);
    c.actual = k.measurements.iter().rev().find(|x| p.contains(x.date)).map(|x| x.value);
    c.forecast_for = c.forecast_for.or(k.target.as_ref().and_then(|t| t.due));
    Some(Draft { check_in: c, period: p, existing: false, previous })
}
