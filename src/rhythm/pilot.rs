//! The 90-day pilot: baselines of forecast variance, review cycle time and adoption over
//! the 90 days before it started, the same measures since, and whether its success
//! criteria are met. O(n + m + C log C) per measure, plus the periods of the window.

use std::collections::HashSet;

use super::adoption::{self, Tally};
use super::forecast::{self, Variance};
use super::Book;
use crate::model::{Date, Kpi, KpiId, Model, Pilot};

/// How long a pilot runs, and how far back its baseline looks.
pub const DAYS: i32 = 90;

/// The rhythm's three measures over a window.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Measures {
    pub variance: Variance,
    /// Mean days from a period's end until every owner had checked in.
    pub cycle_days: Option<f64>,
    pub adoption: Tally,
}

/// A criterion's verdict: met, not met, or not yet measurable.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Verdict {
    pub wanted: f64,
    pub reached: Option<f64>,
    pub met: Option<bool>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Progress {
    /// Days since the start, 0..=90.
    pub day: i32,
    pub baseline: Measures,
    pub current: Measures,
    /// The cut in forecast variance against the baseline, in percent.
    pub variance_cut: Option<f64>,
    pub criteria: [Option<Verdict>; 3],
    /// The measures from the start to the end of each week so far, for the chart.
    pub weekly: Vec<(i32, Measures)>,
}

/// The pilot's KPIs and every active KPI under them in the cascade. O(n + m).
pub fn scope(m: &Model, pilot: &Pilot) -> HashSet<KpiId> {
    let mut children: std::collections::HashMap<KpiId, Vec<KpiId>> = std::collections::HashMap::new();
    for l in &m.links {
        children.entry(l.parent).or_default().push(l.child);
    }
    let mut seen: HashSet<KpiId> = HashSet::new();
    let mut stack: Vec<KpiId> = pilot.kpis.clone();
    while let Some(k) = stack.pop() {
        if seen.insert(k) {
            stack.extend(children.get(&k).into_iter().flatten().copied());
        }
    }
    seen
}

/// The measures over `from..=to` for the KPIs in `kpis` reviewed by the pilot's forums
/// (every cadence when it names none).
pub fn measures(
    book: &Book,
    pilot: &Pilot,
    kpis: &HashSet<KpiId>,
    from: Date,
    to: Date,
    today: Date,
) -> Measures {
    let in_scope = |k: &Kpi| {
        kpis.contains(&k.id)
            && k.is_active()
            && (pilot.forums.is_empty() || pilot.forums.contains(&k.cadence))
    };
    let scores = forecast::scores(book, today.min(to.add_days(1)));
    let variance = Variance::of(
        scores.iter().filter(|s| (from..=to).contains(&s.actual_on) && book.kpi(s.kpi).is_some_and(in_scope)),
    );
    let mut cycles = Vec::new();
    let mut forums = pilot.forums.clone();
    if forums.is_empty() {
        forums = crate::model::Cadence::ALL.to_vec();
    }
    for f in forums {
        cycles.extend(adoption::cycles(book, f, &in_scope, from, to, today));
    }
    let cycle_days = adoption::mean_days(&cycles);
    let adoption = adoption::adoption(book, &in_scope, from, to, today).total;
    Measures { variance, cycle_days, adoption }
}

/// Where the pilot stands on `today`.
pub fn progress(book: &Book, pilot: &Pilot, today: Date) -> Progress {
    let kpis = scope(book.model(), pilot);
    let day = today.days_since(pilot.start).clamp(0, DAYS);
    let baseline =
        measures(book, pilot, &kpis, pilot.start.add_days(-DAYS), pilot.start.add_days(-1), pilot.start);
    let end = pilot.start.add_days(DAYS - 1);
    let current = measures(book, pilot, &kpis, pilot.start, end, today);
    let variance_cut = forecast::cut(baseline.variance.percent, current.variance.percent);
    let c = pilot.criteria;
    let verdict = |wanted: Option<f64>, reached: Option<f64>, met: fn(f64, f64) -> bool| {
        wanted.map(|w| Verdict { wanted: w, reached, met: reached.map(|r| met(r, w)) })
    };
    let criteria = [
        verdict(c.variance_cut, variance_cut, |r, w| r >= w),
        verdict(c.cycle_days, current.cycle_days, |r, w| r <= w),
        verdict(c.adoption, current.adoption.rate(), |r, w| r >= w),
    ];
    let weekly = (1..=day / 7)
        .map(|w| {
            let to = pilot.start.add_days(7 * w - 1);
            (7 * w, measures(book, pilot, &kpis, pilot.start, to, today.min(to.add_days(1))))
        })
        .collect();
    Progress { day, baseline, current, variance_cut, criteria, weekly }
}

/// A field of the pilot form, for placing its mistake.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Name,
    Start,
    Kpis,
    VarianceCut,
    CycleDays,
    Adoption,
}

/// The pilot form as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct Typed {
    pub name: String,
    pub start: String,
    pub kpis: Vec<KpiId>,
    pub forums: Vec<crate::model::Cadence>,
    pub variance_cut: String,
    pub cycle_days: String,
    pub adoption: String,
}

impl Typed {
    /// A new pilot's form: starting `today`, on every company KPI, every forum, with the
    /// seeds' promise as the variance criterion (a 15% cut).
    pub fn new(m: &Model, today: Date) -> Typed {
        Typed {
            name: "90-day rhythm pilot".into(),
            start: today.to_string(),
            kpis: m
                .kpis
                .iter()
                .filter(|k| k.level == crate::model::Level::Company && k.is_active())
                .map(|k| k.id)
                .collect(),
            forums: Vec::new(),
            variance_cut: "15".into(),
            cycle_days: "3".into(),
            adoption: "80".into(),
        }
    }

    /// The pilot typed, or each mistake by field (the model checks the rest when the
    /// edit is applied).
    pub fn build(&self, id: crate::model::PilotId) -> Result<Pilot, Vec<(Field, String)>> {
        use crate::model::text::{tidy_label, typed_day, typed_number};
        let mut errors = Vec::new();
        let name = tidy_label(&self.name);
        if name.is_empty() {
            errors.push((Field::Name, "Give the pilot a name.".to_string()));
        }
        let start = match typed_day(&self.start) {
            Ok(Some(d)) => Some(d),
            Ok(None) => {
                errors.push((Field::Start, "Give the day the pilot starts.".to_string()));
                None
            }
            Err(e) => {
                errors.push((Field::Start, e));
                None
            }
        };
        if self.kpis.is_empty() {
            errors.push((Field::Kpis, "Choose at least one company KPI.".to_string()));
        }
        let mut number = |field: Field, text: &str, what: &str, max: f64| match typed_number(text, what) {
            Ok(Some(v)) if !(0.0..=max).contains(&v) => {
                errors.push((field, format!("{what}: {v} is not between 0 and {max}.")));
                None
            }
            Ok(v) => v,
            Err(e) => {
                errors.push((field, e));
                None
            }
        };
        let criteria = crate::model::Criteria {
            variance_cut: number(
                Field::VarianceCut,
                &self.variance_cut,
                "The cut in forecast variance",
                100.0,
            ),
            cycle_days: number(Field::CycleDays, &self.cycle_days, "The review cycle time", 3650.0),
            adoption: number(Field::Adoption, &self.adoption, "Check-ins on time", 100.0),
        };
        match (errors.is_empty(), start) {
            (true, Some(start)) => {
                Ok(Pilot { id, name, start, kpis: self.kpis.clone(), forums: self.forums.clone(), criteria })
            }
            _ => Err(errors),
        }
    }
}
