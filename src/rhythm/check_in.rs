//! Writing a check-in: the draft the form starts from, the form's text turned into a
//! check-in ([`Typed`]), saved with [`crate::model::ops::check_in`].

use crate::model::text::{tidy_label, typed_day, typed_number};
use crate::model::{Action, ActionState, CheckIn, Confidence, Date, KpiId, Model, PersonId};

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
    // Dated on the period's last day, or today for the period running now, so its
    // actual is the KPI's latest at once (an actual dated ahead counts from that day).
    let mut c = crate::model::ops::next_check_in(m, kpi, p.end.min(today), today);
    c.actual = k.measurements.iter().rev().find(|x| p.contains(x.date)).map(|x| x.value);
    c.forecast_for = c.forecast_for.or(k.target.as_ref().and_then(|t| t.due));
    Some(Draft { check_in: c, period: p, existing: false, previous })
}

/// A field of the check-in form (for its error message).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Actual,
    Forecast,
    ForecastFor,
    /// The action at this position.
    Action(usize),
}

/// An action as the form holds it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TypedAction {
    pub what: String,
    pub who: Option<PersonId>,
    pub due: String,
    pub state: ActionState,
}

/// What the check-in form holds, as typed (numbers and dates stay text until saved).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Typed {
    pub actual: String,
    pub confidence: Confidence,
    pub forecast: String,
    pub forecast_for: String,
    pub variance: String,
    pub actions: Vec<TypedAction>,
}

fn number_text(v: Option<f64>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

fn day_text(d: Option<Date>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

impl Typed {
    /// The form filled from a check-in.
    pub fn of(c: &CheckIn) -> Typed {
        Typed {
            actual: number_text(c.actual),
            confidence: c.confidence,
            forecast: number_text(c.forecast),
            forecast_for: day_text(c.forecast_for),
            variance: c.variance.clone(),
            actions: c
                .actions
                .iter()
                .map(|a| TypedAction {
                    what: a.what.clone(),
                    who: a.who,
                    due: day_text(a.due),
                    state: a.state,
                })
                .collect(),
        }
    }

    /// The check-in the form describes, keeping `base`'s KPI, period, id and author; or
    /// every field's problem, in form order.
    pub fn build(&self, base: &CheckIn) -> Result<CheckIn, Vec<(Field, String)>> {
        let mut errors = Vec::new();
        let mut take = |field: Field, r: Result<Option<f64>, String>| {
            r.unwrap_or_else(|e| {
                errors.push((field, e));
                None
            })
        };
        let actual = take(Field::Actual, typed_number(&self.actual, "The actual"));
        let forecast = take(Field::Forecast, typed_number(&self.forecast, "The forecast"));
        let forecast_for = typed_day(&self.forecast_for).unwrap_or_else(|e| {
            errors.push((Field::ForecastFor, e));
            None
        });
        match (forecast.is_some(), forecast_for.is_some()) {
            (true, false) if self.forecast_for.trim().is_empty() => {
                errors.push((Field::ForecastFor, "Give the date the forecast is for.".into()));
            }
            (false, true) if self.forecast.trim().is_empty() => {
                errors.push((
                    Field::Forecast,
                    "Give the value you expect on that date, or clear the date.".into(),
                ));
            }
            _ => {}
        }
        let mut actions = Vec::with_capacity(self.actions.len());
        for (i, a) in self.actions.iter().enumerate() {
            let what = tidy_label(&a.what);
            if what.is_empty() {
                errors.push((Field::Action(i), "Say what the action is, or remove it.".into()));
            }
            let due = typed_day(&a.due).unwrap_or_else(|e| {
                errors.push((Field::Action(i), e));
                None
            });
            actions.push(Action { what, kpi: None, who: a.who, due, state: a.state });
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(CheckIn {
            actual,
            confidence: self.confidence,
            forecast,
            forecast_for,
            variance: self.variance.trim().to_string(),
            actions,
            ..base.clone()
        })
    }
}
