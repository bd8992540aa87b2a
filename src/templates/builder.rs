//! A small builder that keeps the templates concise.
//!
//! A template is a story told in data: departments, people, a three-level cascade of
//! KPIs with a year of actuals, and the governance around it. [`Builder`] hands out ids
//! in order, fills the fields every KPI of a template shares (cadence by velocity,
//! automated feed, data available), generates actuals along a trend with a small
//! deterministic noise, and turns a KPI's one-line definition into a full glossary term.
//!
//! Everything is anchored on the `today` the builder is given: review dates, trends
//! ("12 months ago it was 14%"), lock dates and target dates. Nothing reads a clock or
//! draws a random number, so the same `today` always gives the same model.

use crate::model::date::days_in_month;
use crate::model::status::{self, Status};
use crate::model::*;
use crate::rhythm::period;

/// Weeks an action of a weekly check-in is given (plus a few days, so whether it is
/// still open at a later check-in never hangs on a day of slack).
const SPAN_WEEKS: i32 = 4;

/// Days in an average month, for trends given in months ago.
const MONTH_DAYS: f64 = 30.44;

/// A model under construction.
pub struct Builder {
    pub m: Model,
    pub today: Date,
}

/// An explicit glossary term (most terms are made from a KPI's `define`).
pub struct TermDef {
    pub name: &'static str,
    pub definition: &'static str,
    pub formula: &'static str,
    pub unit: Option<Unit>,
    pub timing: &'static str,
    pub recognition: &'static str,
    pub source: &'static str,
    pub example: &'static str,
    pub owner: Option<PersonId>,
}

/// What an owner writes on a KPI that is behind: why, and what they do about it.
pub struct Recovery {
    /// The cause, in one sentence.
    pub cause: &'static str,
    /// The action that brings it back.
    pub action: &'static str,
    /// Who does it, when not the KPI's owner.
    pub who: Option<PersonId>,
}

impl Builder {
    /// A builder for an organisation; the alignment owner is set later with
    /// [`Builder::alignment_owner`], once that person exists.
    pub fn new(
        today: Date,
        name: &str,
        industry: &str,
        velocity: Velocity,
        fiscal_year_start: u32,
        currency: &str,
    ) -> Builder {
        let m = Model {
            organisation: Organisation {
                name: name.into(),
                industry: industry.into(),
                velocity,
                fiscal_year_start,
                currency: currency.into(),
                alignment_owner: None,
            },
            ..Model::default()
        };
        Builder { m, today }
    }

    pub fn alignment_owner(&mut self, p: PersonId) {
        self.m.organisation.alignment_owner = Some(p);
    }

    /// Escalation threshold (consecutive off-track reviews) and dispute resolver.
    pub fn governance(&mut self, escalate_after: u32, dispute_resolver: PersonId) {
        self.m.governance.escalate_after = escalate_after;
        self.m.governance.dispute_resolver = Some(dispute_resolver);
    }

    // ---- dates -------------------------------------------------------------------

    pub fn months_ago(&self, months: i32) -> Date {
        self.today.add_months(-months)
    }

    /// Where the review on or after `d` sits on a trend's "months ago" scale for a
    /// cadence (see [`KpiB::trend`]): a trend point there makes the break fall exactly
    /// on that review.
    pub fn trend_ago(&self, d: Date, c: Cadence) -> f64 {
        let dates = review_dates(self.today, c);
        let from = dates.iter().rev().take_while(|x| **x >= d).count();
        months_back(c, from.saturating_sub(1) as u32)
    }

    /// The first day of the fiscal year that started at least 14 months before today:
    /// when the company KPIs of the running strategy period were locked.
    pub fn lock_date(&self) -> Date {
        let limit = self.today.add_months(-14);
        let fy = self.m.organisation.fiscal_year_start;
        let (y, m, _) = limit.ymd();
        let year = if m >= fy { y } else { y - 1 };
        ymd(year, fy, 1)
    }

    /// The last day of the fiscal year running today.
    pub fn fy_end(&self) -> Date {
        let fy = self.m.organisation.fiscal_year_start;
        let (y, m, _) = self.today.ymd();
        let start_year = if m >= fy { y } else { y - 1 };
        ymd(start_year, fy, 1).add_months(12).add_days(-1)
    }

    // ---- organisation ------------------------------------------------------------

    pub fn dept(&mut self, name: &str) -> DeptId {
        let id = self.m.next_department_id();
        self.m.departments.push(Department { id, name: name.into(), head: None });
        id
    }

    pub fn person(
        &mut self,
        name: &str,
        role: &str,
        dept: Option<DeptId>,
        manager: Option<PersonId>,
    ) -> PersonId {
        let id = self.m.next_person_id();
        self.m.people.push(Person { id, name: name.into(), role: role.into(), department: dept, manager });
        id
    }

    /// A person who heads a department.
    pub fn head(&mut self, dept: DeptId, name: &str, role: &str, manager: PersonId) -> PersonId {
        let p = self.person(name, role, Some(dept), Some(manager));
        if let Some(d) = self.m.departments.iter_mut().find(|d| d.id == dept) {
            d.head = Some(p);
        }
        p
    }

    /// A member of a department reporting to `manager`.
    pub fn member(&mut self, dept: DeptId, name: &str, role: &str, manager: PersonId) -> PersonId {
        self.person(name, role, Some(dept), Some(manager))
    }

    pub fn term(&mut self, t: TermDef) -> TermId {
        let id = self.m.next_term_id();
        let currency =
            if t.unit == Some(Unit::Currency) { self.m.organisation.currency.clone() } else { String::new() };
        self.m.glossary.push(Term {
            id,
            name: t.name.into(),
            definition: t.definition.into(),
            formula: t.formula.into(),
            unit: t.unit,
            timing: t.timing.into(),
            currency,
            recognition: t.recognition.into(),
            source: t.source.into(),
            example: t.example.into(),
            owner: t.owner,
        });
        id
    }

    // ---- KPIs --------------------------------------------------------------------

    /// A company (level 1) KPI owned by `owner`.
    pub fn company(&mut self, owner: PersonId, name: &str, unit: Unit) -> KpiB<'_> {
        self.kpi(Level::Company, None, Some(Owner::Person(owner)), name, unit)
    }

    /// A department (level 2) KPI owned by `owner`.
    pub fn dept_kpi(&mut self, dept: DeptId, owner: PersonId, name: &str, unit: Unit) -> KpiB<'_> {
        self.kpi(Level::Department, Some(dept), Some(Owner::Person(owner)), name, unit)
    }

    /// A team / person (level 3) KPI owned by `owner`.
    pub fn team_kpi(&mut self, dept: DeptId, owner: PersonId, name: &str, unit: Unit) -> KpiB<'_> {
        self.kpi(Level::Team, Some(dept), Some(Owner::Person(owner)), name, unit)
    }

    /// Any KPI; the cadence defaults to what the velocity asks for.
    pub fn kpi(
        &mut self,
        level: Level,
        dept: Option<DeptId>,
        owner: Option<Owner>,
        name: &str,
        unit: Unit,
    ) -> KpiB<'_> {
        let id = self.m.next_kpi_id();
        let mut k = Kpi::new(id, name, level);
        k.department = dept;
        k.owner = owner;
        k.unit = unit;
        k.automated = true;
        k.cadence = match (self.m.organisation.velocity, level) {
            (_, Level::Company) => Cadence::Monthly,
            (Velocity::High, _) => Cadence::Weekly,
            (_, _) => Cadence::Biweekly,
        };
        self.m.kpis.push(k);
        let i = self.m.kpis.len() - 1;
        KpiB { b: self, i, define: None, recognition: None, trend: None, off_from: None, until: None }
    }

    fn get(&self, id: KpiId) -> Option<&Kpi> {
        self.m.kpis.iter().find(|k| k.id == id)
    }

    // ---- relations ---------------------------------------------------------------

    /// `child` moves `parent` (positive). A leading child gets a lag of 30-60 days.
    pub fn link(&mut self, child: KpiId, parent: KpiId, rationale: &str) {
        let leading = self.get(child).is_some_and(|k| k.indicator == Indicator::Leading);
        let lag = leading.then(|| 30 + (hash(&[child.0 as u64, parent.0 as u64]) % 7) as u32 * 5);
        self.m.links.push(Link::new(child, parent, rationale).lag(lag));
    }

    /// A link with an explicit lag (or none).
    pub fn link_lag(&mut self, child: KpiId, parent: KpiId, rationale: &str, lag_days: Option<u32>) {
        self.m.links.push(Link::new(child, parent, rationale).lag(lag_days));
    }

    /// A negative side effect outside the cascade.
    pub fn hurts(&mut self, from: KpiId, to: KpiId, note: &str) {
        self.m.influences.push(Influence { from, to, sign: Sign::Negative, note: note.into() });
    }

    /// A positive side effect outside the cascade.
    pub fn helps(&mut self, from: KpiId, to: KpiId, note: &str) {
        self.m.influences.push(Influence { from, to, sign: Sign::Positive, note: note.into() });
    }

    /// `dependent`'s commitment needs `prerequisite`'s.
    pub fn depends(
        &mut self,
        dependent: KpiId,
        prerequisite: KpiId,
        needed_by: Option<Date>,
        committed: Option<Date>,
        note: &str,
    ) -> DependencyId {
        let id = self.m.next_dependency_id();
        self.m.dependencies.push(Dependency {
            id,
            dependent,
            prerequisite,
            needed_by,
            committed,
            note: note.into(),
        });
        id
    }

    // ---- governance --------------------------------------------------------------

    /// A change-log line, at 09:30 on `on`.
    pub fn log(&mut self, on: Date, by: &str, what: &str, why: &str, kpis: &[KpiId]) {
        self.m.governance.change_log.push(ChangeEntry {
            at: Timestamp(Timestamp::at_midnight(on).0 + 9 * 3600 + 30 * 60),
            by: by.into(),
            what: what.into(),
            why: why.into(),
            kpis: kpis.to_vec(),
        });
    }

    /// A recorded resolution of the conflict between two KPIs.
    pub fn resolve(&mut self, a: KpiId, b: KpiId, by: &str, on: Date, how: &str) {
        let id = self.m.next_resolution_id();
        let kpis = if a <= b { (a, b) } else { (b, a) };
        self.m.governance.resolutions.push(Resolution { id, kpis, by: by.into(), on, how: how.into() });
    }

    pub fn escalate(&mut self, kpi: KpiId, on: Date, to: Option<PersonId>, note: &str) {
        let id = self.m.next_escalation_id();
        self.m.governance.escalations.push(Escalation { id, kpi, on, to, note: note.into() });
    }

    /// Records an escalation, on the review that reached the threshold, for every active
    /// KPI that is now off track for at least `escalate_after` consecutive reviews and
    /// has none yet: to the owner's manager, as the escalation rule says.
    pub fn escalate_overdue(&mut self) {
        let after = self.m.governance.escalate_after.max(1) as usize;
        let today = self.today;
        let mut due = Vec::new();
        for k in self.m.kpis.iter().filter(|k| k.is_active()) {
            let run = status::off_track_run(k, today);
            let already = self.m.governance.escalations.iter().any(|e| e.kpi == k.id);
            if run < after || already {
                continue;
            }
            let end = k.measurements.partition_point(|m| m.date <= today);
            let on = k.measurements[end - run + after - 1].date;
            let manager = k
                .owner_person()
                .and_then(|p| self.m.people.iter().find(|x| x.id == p))
                .and_then(|p| p.manager)
                .or(self.m.organisation.alignment_owner);
            due.push((k.id, on, manager, k.name.clone()));
        }
        for (kpi, on, to, name) in due {
            let note = format!(
                "\u{201c}{name}\u{201d} off track for {after} consecutive reviews; escalated to the owner's \
                 manager and the alignment owner with a recovery plan due at the next review."
            );
            self.escalate(kpi, on, to, &note);
        }
    }

    // ---- the operating rhythm ------------------------------------------------------

    /// Check-ins on every active KPI owned by a person, one for each of the last two
    /// quarters' review periods of its cadence that have ended (26 weeks, 6 months), as
    /// its owner writes them:
    ///
    /// - the actual is the KPI's actual in the period, the confidence the status it gives;
    /// - written the day after the period ends, some a day later (still on time), and a
    ///   few late, but only in periods that ended more than 13 weeks ago: the team got
    ///   punctual, and the evidence score's 90 days always see the same record;
    /// - a forecast for the end of the next period, whose relative error against the
    ///   actual that came shrinks from about 24% six months ago to about 4% now (a
    ///   deterministic size and sign per KPI and period);
    /// - off track or at risk: the variance explained by `recovery`'s cause, and an
    ///   open action (its `recovery` action, by the owner, due in about four weeks, or
    ///   two periods for slower cadences) carried from check-in to check-in; it is closed
    ///   (done) once the KPI is back on track or its date would pass before the next
    ///   check-in, and then a follow-up is opened if still needed, so no open action is
    ///   overdue.
    ///
    /// Returns how many were written.
    pub fn check_ins(&mut self, recovery: impl Fn(&Kpi) -> Recovery) -> usize {
        let today = self.today;
        // Two quarters of periods, the same number on every day.
        let count = |c: Cadence| match c {
            Cadence::Weekly => 26,
            Cadence::Biweekly => 13,
            Cadence::Monthly => 6,
            Cadence::Quarterly => 2,
            Cadence::Annually => 1,
        };
        let fy = self.m.organisation.fiscal_year_start;
        let mut written = Vec::new();
        for k in self.m.kpis.iter().filter(|k| k.is_active()) {
            let Some(owner) = k.owner_person() else { continue };
            let seed = name_hash(&k.name);
            let mut periods = Vec::new();
            let mut p = period::last_ended(k.cadence, fy, today);
            for _ in 0..count(k.cadence) {
                periods.push(p);
                p = p.previous(fy);
            }
            let r = recovery(k);
            let mut open: Option<Action> = None;
            // Oldest first; `back` counts periods back from the last one ended.
            for (back, p) in periods.iter().enumerate().rev() {
                let h = hash(&[seed, back as u64, 7]);
                let late_from = if k.cadence == Cadence::Weekly { 14 } else { 4 };
                let delay = if back >= late_from && h % 9 == 0 {
                    period::grace_days(k.cadence) + 1 + ((h >> 8) % 3) as i32
                } else if k.cadence == Cadence::Weekly {
                    1 + i32::from(h % 4 == 0 && back < 13)
                } else {
                    1 + ((h >> 8) % 3) as i32
                };
                let on = p.end.add_days(delay).min(today);
                let actual = k.measurements.iter().rev().find(|x| p.contains(x.date)).map(|x| x.value);
                let status = actual.map_or(Status::NoData, |v| status::status_of(k, v));
                let mut c = CheckIn::new(CheckInId(0), k.id, p.end, on);
                c.by = Some(owner);
                c.actual = actual;
                c.confidence = match status {
                    Status::OffTrack => Confidence::OffTrack,
                    Status::AtRisk => Confidence::AtRisk,
                    _ => Confidence::OnTrack,
                };
                // The forecast, for the next period's end, scored against the first
                // actual on or within a period after it (the latest known if none yet).
                let next = p.next(fy).end;
                let i = k.measurements.partition_point(|x| x.date < next);
                let came = k
                    .measurements
                    .get(i)
                    .filter(|x| x.date.days_since(next) < k.cadence.days())
                    .or(k.measurements.last());
                if let Some(came) = came {
                    let age = f64::from(today.days_since(on).clamp(0, 182)) / 182.0;
                    let size = (0.04 + 0.2 * age) * (0.5 + unit_noise(seed, back as u32 + 1000).abs());
                    let sign = if h % 2 == 0 { 1.0 } else { -1.0 };
                    c.forecast = Some(round_for(k.unit, came.value * (1.0 + sign * size)));
                    c.forecast_for = Some(next);
                }
                let behind = matches!(status, Status::OffTrack | Status::AtRisk);
                if let Some(a) = open.take() {
                    if behind && a.due.is_some_and(|d| d >= on.add_days(k.cadence.days())) {
                        open = Some(a.clone());
                        c.actions.push(a);
                    } else {
                        c.actions.push(Action { state: ActionState::Done, ..a });
                    }
                }
                if behind {
                    c.variance = r.cause.to_string();
                    if open.is_none() {
                        let followed = c.actions.iter().any(|a| a.what.ends_with(r.action));
                        let what =
                            if followed { format!("Follow-up: {}", r.action) } else { r.action.to_string() };
                        let span = if k.cadence == Cadence::Weekly {
                            SPAN_WEEKS * 7 + 3
                        } else {
                            2 * k.cadence.days() + 10
                        };
                        let a = Action {
                            what,
                            kpi: None,
                            who: Some(r.who.unwrap_or(owner)),
                            due: Some(on.add_days(span)),
                            state: ActionState::Open,
                        };
                        open = Some(a.clone());
                        c.actions.push(a);
                    }
                }
                written.push(c);
            }
        }
        let n = written.len();
        let first = self.m.next_check_in_id().0;
        for (i, mut c) in written.into_iter().enumerate() {
            c.id = CheckInId(first + i as u32);
            self.m.check_ins.push(c);
        }
        n
    }

    /// A review meeting held: a forum, its date, the KPIs it went through, its
    /// decisions and actions (each action for a KPI, by a person, due on a date).
    pub fn meeting(
        &mut self,
        forum: Cadence,
        on: Date,
        kpis: Vec<KpiId>,
        decisions: &[&str],
        actions: Vec<Action>,
    ) -> MeetingId {
        let id = self.m.next_meeting_id();
        let decisions = decisions.iter().map(|d| d.to_string()).collect();
        self.m.meetings.push(Meeting { id, forum, on, kpis, decisions, actions });
        id
    }

    /// A 90-day pilot of the rhythm on some company KPIs.
    pub fn pilot(&mut self, name: &str, start: Date, kpis: &[KpiId], forums: &[Cadence], criteria: Criteria) {
        let id = self.m.next_pilot_id();
        let pilot =
            Pilot { id, name: name.into(), start, kpis: kpis.to_vec(), forums: forums.to_vec(), criteria };
        self.m.pilots.push(pilot);
    }

    pub fn finish(self) -> Model {
        self.m
    }
}

/// A KPI being built: setters change the KPI at once; the glossary term, the actuals
/// and the baseline are made when the builder is dropped (at the end of the statement),
/// so the setters may come in any order.
pub struct KpiB<'a> {
    b: &'a mut Builder,
    i: usize,
    define: Option<(String, String, String)>,
    recognition: Option<String>,
    trend: Option<(Vec<(f64, f64)>, f64)>,
    off_from: Option<Date>,
    until: Option<Date>,
}

impl KpiB<'_> {
    fn k(&mut self) -> &mut Kpi {
        &mut self.b.m.kpis[self.i]
    }

    pub fn id(self) -> KpiId {
        self.b.m.kpis[self.i].id
    }

    pub fn desc(mut self, d: &str) -> Self {
        self.k().description = d.into();
        self
    }

    pub fn leading(mut self) -> Self {
        self.k().indicator = Indicator::Leading;
        self
    }

    pub fn activity(mut self) -> Self {
        self.k().kind = Kind::Activity;
        self
    }

    pub fn lower(mut self) -> Self {
        self.k().direction = Direction::LowerIsBetter;
        self
    }

    pub fn cadence(mut self, c: Cadence) -> Self {
        self.k().cadence = c;
        self
    }

    pub fn target(mut self, value: f64, due: Date) -> Self {
        self.k().target = Some(Target { value, upper: None, due: Some(due) });
        self
    }

    /// A target band `lo..=hi` (direction "within a band").
    pub fn band(mut self, lo: f64, hi: f64, due: Date) -> Self {
        let k = self.k();
        k.direction = Direction::WithinBand;
        k.target = Some(Target { value: lo, upper: Some(hi), due: Some(due) });
        self
    }

    pub fn no_target(mut self) -> Self {
        self.k().target = None;
        self
    }

    /// Explicit thresholds: on track at or beyond `on`, off track beyond `off`.
    pub fn th(mut self, on: f64, off: f64) -> Self {
        self.k().thresholds = Some(Thresholds { on_track: on, off_track: off });
        self
    }

    pub fn term(mut self, t: TermId) -> Self {
        self.k().term = Some(t);
        self
    }

    /// The system of record (an automated feed unless [`KpiB::manual`]).
    pub fn source(mut self, s: &str) -> Self {
        self.k().data_source = s.into();
        self
    }

    pub fn manual(mut self) -> Self {
        self.k().automated = false;
        self
    }

    /// No data today: no source, no feed, no actuals.
    pub fn no_data(mut self) -> Self {
        let k = self.k();
        k.data_available = false;
        k.automated = false;
        k.data_source.clear();
        self
    }

    pub fn tags(mut self, tags: &[&str]) -> Self {
        self.k().tags = tags.iter().map(|t| t.to_string()).collect();
        self
    }

    pub fn contributors(mut self, c: &[Contributor]) -> Self {
        self.k().contributors = c.to_vec();
        self
    }

    pub fn locked(mut self, on: Date) -> Self {
        self.k().locked = Some(on);
        self
    }

    pub fn retired(mut self, on: Date, reason: &str) -> Self {
        self.k().lifecycle = Lifecycle::Retired { on, reason: reason.into() };
        self
    }

    /// Defines the KPI in the glossary: a term named after it, with this definition,
    /// formula and example; unit, timing (from the cadence), currency, source of truth
    /// and owner come from the KPI. The definition is also its description if it has none.
    pub fn define(mut self, definition: &str, formula: &str, example: &str) -> Self {
        self.define = Some((definition.into(), formula.into(), example.into()));
        self
    }

    /// The recognition rule of the term made by [`KpiB::define`].
    pub fn recognition(mut self, rule: &str) -> Self {
        self.recognition = Some(rule.into());
        self
    }

    /// Actuals on every review date of the last 13+ months, along a piecewise-linear
    /// trend through `(months ago, value)` points, with deterministic noise of up to
    /// `noise` either way. The baseline defaults to the oldest point's value.
    ///
    /// "Months ago" counts review periods back from the latest review, not days back
    /// from today, and the noise is drawn per review counted back: the latest actual,
    /// the one before it, and so on have the same values whatever the day, so every
    /// status and every off-track run is the same on every day (only the dates move).
    pub fn trend(mut self, points: &[(f64, f64)], noise: f64) -> Self {
        self.trend = Some((points.to_vec(), noise));
        self
    }

    /// Keeps only the actuals up to `last` (a feed that stopped; a retired KPI stops on
    /// its retirement date by itself).
    pub fn until(mut self, last: Date) -> Self {
        self.until = Some(last);
        self
    }

    /// Makes the latest off-track run start exactly on the first review on or after
    /// `start`: every actual from then on is off track, the one before is not.
    pub fn off_track_from(mut self, start: Date) -> Self {
        self.off_from = Some(start);
        self
    }
}

impl Drop for KpiB<'_> {
    fn drop(&mut self) {
        let today = self.b.today;
        let currency = self.b.m.organisation.currency.clone();
        if let Some((points, noise)) = self.trend.take() {
            let k = &mut self.b.m.kpis[self.i];
            let seed = name_hash(&k.name);
            let dates = review_dates(today, k.cadence);
            let latest = dates.len().saturating_sub(1);
            k.measurements = dates
                .into_iter()
                .enumerate()
                .map(|(i, date)| {
                    let back = (latest - i) as u32;
                    let ago = months_back(k.cadence, back);
                    let n = unit_noise(seed, back) * noise;
                    Measurement { date, value: round_for(k.unit, interpolate(&points, ago) + n) }
                })
                .collect();
            if k.baseline.is_none() {
                k.baseline = points.first().map(|p| round_for(k.unit, p.1));
            }
        }
        let k = &mut self.b.m.kpis[self.i];
        let retired = match &k.lifecycle {
            Lifecycle::Retired { on, .. } => Some(*on),
            Lifecycle::Active => None,
        };
        if let Some(last) = self.until.take().or(retired) {
            k.measurements.retain(|m| m.date <= last);
        }
        if let Some(start) = self.off_from.take() {
            let k = &mut self.b.m.kpis[self.i];
            force_off_track_from(k, start);
        }
        if let Some((definition, formula, example)) = self.define.take() {
            let id = self.b.m.next_term_id();
            let k = &self.b.m.kpis[self.i];
            let source =
                if k.data_source.is_empty() { "Not yet agreed".to_string() } else { k.data_source.clone() };
            let recognition = self.recognition.take().unwrap_or_else(|| {
                format!("Counted in the period in which the underlying event is recorded in {source}.")
            });
            let term = Term {
                id,
                name: k.name.clone(),
                definition: definition.clone(),
                formula,
                unit: Some(k.unit),
                timing: timing_for(k.cadence).into(),
                currency: if k.unit == Unit::Currency { currency } else { String::new() },
                recognition,
                source,
                example,
                owner: k.owner_person(),
            };
            self.b.m.glossary.push(term);
            let k = &mut self.b.m.kpis[self.i];
            k.term = Some(id);
            if k.description.is_empty() {
                k.description = definition;
            }
        }
    }
}

/// What a term says about timing and cut-off for a KPI reviewed at this cadence.
fn timing_for(c: Cadence) -> &'static str {
    match c {
        Cadence::Weekly => "Weekly, Monday to Sunday; cut-off Sunday 23:59 local time, reviewed on Monday.",
        Cadence::Biweekly => {
            "Two-week periods starting on Monday; cut-off on the second Sunday at 23:59, reviewed the \
             following Monday."
        }
        Cadence::Monthly => "Calendar month; the month closes on the 3rd working day of the next month.",
        Cadence::Quarterly => "Fiscal quarter; the quarter closes 10 working days after quarter end.",
        Cadence::Annually => "Fiscal year; closes with the audited accounts.",
    }
}

pub fn ymd(y: i32, m: u32, d: u32) -> Date {
    Date::from_ymd(y, m, d.min(days_in_month(y, m))).unwrap_or(Date::from_days(0))
}

/// The last day of the month of `d`.
pub fn month_end(d: Date) -> Date {
    let (y, m, _) = d.ymd();
    ymd(y, m, days_in_month(y, m))
}

/// The last day of the calendar quarter containing `d`.
pub fn quarter_end(d: Date) -> Date {
    let (y, m, _) = d.ymd();
    let qm = (m - 1) / 3 * 3 + 3;
    ymd(y, qm, days_in_month(y, qm))
}

/// The most recent review date on or before `today` for a cadence: Mondays for weekly,
/// every other Monday for bi-weekly, month, quarter and year ends for the others.
pub fn last_review(today: Date, c: Cadence) -> Date {
    match c {
        Cadence::Weekly => today.add_days(-(today.weekday() as i32)),
        Cadence::Biweekly => {
            let monday = today.add_days(-(today.weekday() as i32));
            // 1970-01-05 was a Monday; bi-weekly reviews fall on its even weeks.
            if (monday.days() - 4).div_euclid(7).rem_euclid(2) == 0 {
                monday
            } else {
                monday.add_days(-7)
            }
        }
        Cadence::Monthly => {
            if month_end(today) == today {
                today
            } else {
                month_end(today.add_months(-1))
            }
        }
        Cadence::Quarterly => {
            if quarter_end(today) == today {
                today
            } else {
                quarter_end(today.add_months(-3))
            }
        }
        Cadence::Annually => {
            let y = today.year();
            let end = ymd(y, 12, 31);
            if end == today {
                today
            } else {
                ymd(y - 1, 12, 31)
            }
        }
    }
}

/// Review dates, oldest first, ending on [`last_review`] and reaching back at least
/// 13 months (weekly: 57 dates, bi-weekly 29, monthly 14, quarterly 6, annually 3).
pub fn review_dates(today: Date, c: Cadence) -> Vec<Date> {
    let last = last_review(today, c);
    let mut out: Vec<Date> = match c {
        Cadence::Weekly => (0..57).map(|i| last.add_days(-7 * i)).collect(),
        Cadence::Biweekly => (0..29).map(|i| last.add_days(-14 * i)).collect(),
        Cadence::Monthly => (0..14).map(|i| month_end(last.add_months(-i))).collect(),
        Cadence::Quarterly => (0..6).map(|i| quarter_end(last.add_months(-3 * i))).collect(),
        Cadence::Annually => (0..3).map(|i| ymd(last.year() - i, 12, 31)).collect(),
    };
    out.reverse();
    out
}

/// How many months back a review `back` reviews before the latest one lies, for a
/// cadence: the same on every day, unlike the days since that review's date.
fn months_back(c: Cadence, back: u32) -> f64 {
    let back = f64::from(back);
    match c {
        Cadence::Weekly => back * 7.0 / MONTH_DAYS,
        Cadence::Biweekly => back * 14.0 / MONTH_DAYS,
        Cadence::Monthly => back,
        Cadence::Quarterly => back * 3.0,
        Cadence::Annually => back * 12.0,
    }
}

/// The value of a piecewise-linear trend `(months ago, value)` at `ago` months ago;
/// flat beyond its ends.
fn interpolate(points: &[(f64, f64)], ago: f64) -> f64 {
    let mut pts = points.to_vec();
    crate::order::sort_by(&mut pts, |a, b| b.0.total_cmp(&a.0));
    let Some(first) = pts.first() else { return 0.0 };
    if ago >= first.0 {
        return first.1;
    }
    for w in pts.windows(2) {
        let ((a0, v0), (a1, v1)) = (w[0], w[1]);
        if ago <= a0 && ago >= a1 {
            let span = a0 - a1;
            if span <= 0.0 {
                return v1;
            }
            return v0 + (v1 - v0) * (a0 - ago) / span;
        }
    }
    pts.last().map_or(0.0, |p| p.1)
}

/// Rounds a value to the precision its unit is reported with.
fn round_for(unit: Unit, v: f64) -> f64 {
    let places = match unit {
        Unit::Count => 0,
        Unit::Currency if v.abs() >= 1000.0 => 0,
        _ if v.abs() >= 100.0 => 1,
        _ => 2,
    };
    let f = 10f64.powi(places);
    let r = (v * f).round() / f;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// Makes every actual from `start` on off track and the one before it not off track,
/// nudging values just past the thresholds where noise put them on the wrong side.
fn force_off_track_from(k: &mut Kpi, start: Date) {
    let Some(th) = status::effective_thresholds(k) else { return };
    let Some(first) = k.measurements.iter().position(|m| m.date >= start) else { return };
    let step = (th.off_track.abs() * 0.015).max(match k.unit {
        Unit::Count => 1.0,
        _ => 0.05,
    });
    let lower = k.direction == Direction::LowerIsBetter;
    for i in first..k.measurements.len() {
        let mut tries = 0;
        while status::status_of(k, k.measurements[i].value) != Status::OffTrack && tries < 50 {
            let off = if lower {
                th.off_track + step * (1.0 + tries as f64)
            } else {
                th.off_track - step * (1.0 + tries as f64)
            };
            k.measurements[i].value = round_for(k.unit, off);
            tries += 1;
        }
    }
    if first > 0 {
        let i = first - 1;
        if status::status_of(k, k.measurements[i].value) == Status::OffTrack {
            // Just inside the at-risk band.
            let mid = (th.on_track + th.off_track) / 2.0;
            k.measurements[i].value = round_for(k.unit, mid);
        }
    }
}

/// FNV-1a of a name, so a KPI's noise does not depend on where it sits in the list.
fn name_hash(name: &str) -> u64 {
    name.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// SplitMix64 over some words.
fn hash(words: &[u64]) -> u64 {
    let mut z: u64 = 0x9E37_79B9_7F4A_7C15;
    for w in words {
        z = z.wrapping_add(*w).wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
    }
    z
}

/// Deterministic noise in `[-1, 1]` for a KPI (by name hash) on its review `back`
/// reviews before the latest.
fn unit_noise(seed: u64, back: u32) -> f64 {
    let h = hash(&[seed, u64::from(back)]);
    (h >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn review_dates_end_within_a_period_and_reach_a_year_back() {
        let today = ymd(2026, 11, 23);
        for c in [Cadence::Weekly, Cadence::Biweekly, Cadence::Monthly, Cadence::Quarterly] {
            let dates = review_dates(today, c);
            let last = *dates.last().unwrap();
            assert!(last <= today && today.days_since(last) < c.days(), "{c:?} {last}");
            assert!(dates[0] <= today.add_months(-12), "{c:?} {}", dates[0]);
            assert!(dates.windows(2).all(|w| w[0] < w[1]));
        }
        assert_eq!(last_review(today, Cadence::Weekly), today);
        assert_eq!(last_review(today, Cadence::Monthly), ymd(2026, 10, 31));
        assert_eq!(last_review(today, Cadence::Quarterly), ymd(2026, 9, 30));
        assert_eq!(quarter_end(ymd(2027, 1, 22)), ymd(2027, 3, 31));
    }

    #[test]
    fn trends_interpolate_and_stay_flat_beyond_their_ends() {
        let pts = [(12.0, 10.0), (6.0, 16.0), (0.0, 13.0)];
        assert_eq!(interpolate(&pts, 20.0), 10.0);
        assert_eq!(interpolate(&pts, 9.0), 13.0);
        assert_eq!(interpolate(&pts, 3.0), 14.5);
        assert_eq!(interpolate(&pts, -1.0), 13.0);
    }
}
