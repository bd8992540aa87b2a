//! Adoption of the rhythm: check-ins on time against check-ins due, per owner and per
//! department; who has not checked in on the period that just ended; and the review
//! cycle time (from a period's end until every owner has checked in).
//!
//! A KPI is due a check-in for every period of its cadence, once the period's deadline
//! ([`period::deadline`]: its end plus a few days of grace) has passed. Only active KPIs
//! with a person as owner are counted: a check-in is that person's. O(n · P + C log C),
//! P the periods in the window asked about.

use std::collections::{BTreeMap, HashMap};

use super::period::{self, Period};
use super::{percent, Book};
use crate::model::{Cadence, Date, DeptId, Kpi, KpiId, PersonId};

/// Check-ins due and how they went (a check-in written after `today` does not count
/// yet, so a baseline sees only what was known then).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub due: usize,
    pub on_time: usize,
    pub late: usize,
    pub missing: usize,
}

impl Tally {
    /// Adds another tally to this one.
    pub fn add(&mut self, o: Tally) {
        self.due += o.due;
        self.on_time += o.on_time;
        self.late += o.late;
        self.missing += o.missing;
    }

    /// On time as a share of due, in percent with one decimal.
    pub fn rate(self) -> Option<f64> {
        percent(self.on_time, self.due)
    }
}

/// A check-in that should have been written for the period that just ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Missing {
    pub kpi: KpiId,
    pub owner: PersonId,
    pub period: Period,
    /// Its deadline has passed.
    pub overdue: bool,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Adoption {
    pub total: Tally,
    pub by_owner: Vec<(PersonId, Tally)>,
    /// KPIs without a department (company KPIs) under `None`.
    pub by_department: Vec<(Option<DeptId>, Tally)>,
    /// For each KPI counted, no check-in yet for the period of its cadence that ended
    /// last before `today`; by owner, then KPI.
    pub not_checked_in: Vec<Missing>,
}

/// Whether a KPI takes part: active and owned by a person.
pub(super) fn counted(k: &Kpi) -> Option<PersonId> {
    k.owner_person().filter(|_| k.is_active())
}

/// The check-ins of one KPI for the periods ending in `from..=to` whose deadline passed
/// before `today`.
pub fn tally(book: &Book, k: &Kpi, from: Date, to: Date, today: Date) -> Tally {
    let fy = book.model().organisation.fiscal_year_start;
    let mut t = Tally::default();
    let mut p = period::of(k.cadence, fy, from);
    if p.end < from {
        p = p.next(fy);
    }
    while p.end <= to && period::deadline(p) < today {
        t.due += 1;
        match book.for_period(k.id, p).filter(|c| c.on <= today) {
            Some(c) if c.on <= period::deadline(p) => t.on_time += 1,
            Some(_) => t.late += 1,
            None => t.missing += 1,
        }
        p = p.next(fy);
    }
    t
}

/// Adoption over the periods ending in `from..=to` of the KPIs `scope` accepts.
pub fn adoption(book: &Book, scope: &dyn Fn(&Kpi) -> bool, from: Date, to: Date, today: Date) -> Adoption {
    let m = book.model();
    let fy = m.organisation.fiscal_year_start;
    let mut by_owner: BTreeMap<PersonId, Tally> = BTreeMap::new();
    let mut by_dept: BTreeMap<Option<DeptId>, Tally> = BTreeMap::new();
    let mut out = Adoption::default();
    for k in m.kpis.iter().filter(|k| scope(k)) {
        let Some(owner) = counted(k) else { continue };
        let t = tally(book, k, from, to, today);
        out.total.add(t);
        by_owner.entry(owner).or_default().add(t);
        by_dept.entry(k.department).or_default().add(t);
        let last = period::last_ended(k.cadence, fy, today);
        if book.for_period(k.id, last).is_none() {
            out.not_checked_in.push(Missing {
                kpi: k.id,
                owner,
                period: last,
                overdue: period::deadline(last) < today,
            });
        }
    }
    crate::order::sort_by_key(&mut out.not_checked_in, |x| (x.owner, x.kpi));
    out.by_owner = by_owner.into_iter().collect();
    out.by_department = by_dept.into_iter().collect();
    out
}

/// How one review period of a cadence closed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cycle {
    pub period: Period,
    /// KPIs due a check-in for it.
    pub due: usize,
    pub checked_in: usize,
    /// Days from the period's end to the last check-in, once every one is in (0 when
    /// all were in by the end).
    pub days: Option<i32>,
}

/// The review cycle of every period of `cadence` ending in `from..=to` and before
/// `today`, for the KPIs of that cadence `scope` accepts. O(n + C + P).
pub fn cycles(
    book: &Book,
    cadence: Cadence,
    scope: &dyn Fn(&Kpi) -> bool,
    from: Date,
    to: Date,
    today: Date,
) -> Vec<Cycle> {
    let m = book.model();
    let fy = m.organisation.fiscal_year_start;
    let kpis: Vec<&Kpi> =
        m.kpis.iter().filter(|k| k.cadence == cadence && counted(k).is_some() && scope(k)).collect();
    // Per period start: check-ins in and the latest date written.
    let mut seen: HashMap<Date, (usize, Date)> = HashMap::new();
    for k in &kpis {
        let mut last: Option<Date> = None;
        for c in book.of(k.id).iter().filter(|c| c.on <= today) {
            let p = period::of(cadence, fy, c.period);
            if last == Some(p.start) {
                continue;
            }
            last = Some(p.start);
            let e = seen.entry(p.start).or_insert((0, c.on));
            e.0 += 1;
            e.1 = e.1.max(c.on);
        }
    }
    let mut out = Vec::new();
    if kpis.is_empty() {
        return out;
    }
    let mut p = period::of(cadence, fy, from);
    if p.end < from {
        p = p.next(fy);
    }
    while p.end <= to && p.end < today {
        let (checked_in, latest) = seen.get(&p.start).copied().unwrap_or((0, p.end));
        let days = (checked_in >= kpis.len()).then(|| latest.days_since(p.end).max(0));
        out.push(Cycle { period: p, due: kpis.len(), checked_in, days });
        p = p.next(fy);
    }
    out
}

/// The mean cycle time of the periods that closed, in days with one decimal.
pub fn mean_days(cycles: &[Cycle]) -> Option<f64> {
    let closed: Vec<i32> = cycles.iter().filter_map(|c| c.days).collect();
    (!closed.is_empty()).then(|| {
        (closed.iter().map(|&d| f64::from(d)).sum::<f64>() * 10.0 / closed.len() as f64).round() / 10.0
    })
}
