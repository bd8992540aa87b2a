//! The entities of a KPI-alignment model, as plain data.
//!
//! Everything a user builds lives in one [`Model`]: flat lists of entities that refer to
//! each other by typed id. There are no signals or browser types here; the UI wraps the
//! whole model once. The invariants every model holds (unique ids, references that
//! resolve, links one level up) are kept by [`crate::model::edit`] and re-established by
//! [`crate::format::restore`] for anything read from a file.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::date::{Date, Timestamp};
use super::ids::*;

/// The largest size of a value, target, baseline, band or threshold (a quadrillion):
/// beyond it sums and percentages lose their meaning or overflow to infinity. Edits
/// refuse larger numbers and import drops them, so a saved model always opens as it was.
pub const MAX_ABS_NUMBER: f64 = 1e15;

/// Whether a number is finite and at most [`MAX_ABS_NUMBER`] in size.
pub fn number_in_range(x: f64) -> bool {
    x.is_finite() && x.abs() <= MAX_ABS_NUMBER
}

/// How fast the business can act on what it measures; sets the review rhythm the
/// cadence check expects.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Velocity {
    /// Ecommerce, SaaS, agencies: operational KPIs weekly, strategic monthly.
    High,
    /// Operational KPIs bi-weekly, strategic quarterly.
    #[default]
    Standard,
    /// Same review rhythm as standard; slower feedback loops.
    Slow,
}

impl Velocity {
    pub const ALL: [Velocity; 3] = [Velocity::High, Velocity::Standard, Velocity::Slow];

    pub fn label(self) -> &'static str {
        match self {
            Velocity::High => "High (ecommerce, SaaS, agency)",
            Velocity::Standard => "Standard",
            Velocity::Slow => "Slow",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Velocity::High => "high",
            Velocity::Standard => "standard",
            Velocity::Slow => "slow",
        }
    }
}

/// The company itself.
#[derive(Clone, Debug, PartialEq)]
pub struct Organisation {
    pub name: String,
    pub industry: String,
    pub velocity: Velocity,
    /// Month (1-12) in which the fiscal year starts.
    pub fiscal_year_start: u32,
    /// ISO currency code used for currency KPIs, e.g. `EUR`.
    pub currency: String,
    /// The person who owns the alignment process.
    pub alignment_owner: Option<PersonId>,
}

impl Default for Organisation {
    fn default() -> Self {
        Organisation {
            name: "My company".into(),
            industry: String::new(),
            velocity: Velocity::Standard,
            fiscal_year_start: 1,
            currency: "EUR".into(),
            alignment_owner: None,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Department {
    pub id: DeptId,
    pub name: String,
    pub head: Option<PersonId>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Person {
    pub id: PersonId,
    pub name: String,
    /// Role or title, e.g. "VP Sales".
    pub role: String,
    pub department: Option<DeptId>,
    pub manager: Option<PersonId>,
}

/// Where a KPI sits in the cascade.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Level 1: what the whole company is measured by.
    Company,
    /// Level 2: a department's KPIs.
    #[default]
    Department,
    /// Level 3: a team's or a person's KPIs.
    Team,
}

impl Level {
    pub const ALL: [Level; 3] = [Level::Company, Level::Department, Level::Team];

    /// 1, 2 or 3.
    pub fn number(self) -> u8 {
        match self {
            Level::Company => 1,
            Level::Department => 2,
            Level::Team => 3,
        }
    }

    /// The level a KPI of this level links up to.
    pub fn parent(self) -> Option<Level> {
        match self {
            Level::Company => None,
            Level::Department => Some(Level::Company),
            Level::Team => Some(Level::Department),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Level::Company => "Company",
            Level::Department => "Department",
            Level::Team => "Team / person",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Level::Company => "company",
            Level::Department => "department",
            Level::Team => "team",
        }
    }
}

/// Who is accountable for a KPI. Only a person can be; the other forms exist because
/// imported models contain them, and the owner check flags them.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Owner {
    Person(PersonId),
    /// A whole department named as owner (not accountable: flagged).
    Department(DeptId),
    /// A team named as owner, by name (not accountable: flagged).
    Team(String),
}

impl Owner {
    pub fn person(&self) -> Option<PersonId> {
        match self {
            Owner::Person(p) => Some(*p),
            _ => None,
        }
    }
}

/// Someone other than the owner whose work moves a KPI.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Contributor {
    Person(PersonId),
    Department(DeptId),
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Indicator {
    /// Predicts a result ahead of time.
    Leading,
    /// Reports a result after the fact.
    #[default]
    Lagging,
}

impl Indicator {
    pub fn label(self) -> &'static str {
        match self {
            Indicator::Leading => "Leading",
            Indicator::Lagging => "Lagging",
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Measures what resulted.
    #[default]
    Outcome,
    /// Measures what was done.
    Activity,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::Outcome => "Outcome",
            Kind::Activity => "Activity",
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    #[default]
    Percent,
    Currency,
    Count,
    Days,
    Ratio,
    Score,
}

impl Unit {
    pub const ALL: [Unit; 6] =
        [Unit::Percent, Unit::Currency, Unit::Count, Unit::Days, Unit::Ratio, Unit::Score];

    pub fn label(self) -> &'static str {
        match self {
            Unit::Percent => "%",
            Unit::Currency => "currency",
            Unit::Count => "count",
            Unit::Days => "days",
            Unit::Ratio => "ratio",
            Unit::Score => "score",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Unit::Percent => "percent",
            Unit::Currency => "currency",
            Unit::Count => "count",
            Unit::Days => "days",
            Unit::Ratio => "ratio",
            Unit::Score => "score",
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    #[default]
    HigherIsBetter,
    LowerIsBetter,
    /// On track while inside the target band.
    WithinBand,
}

impl Direction {
    pub const ALL: [Direction; 3] =
        [Direction::HigherIsBetter, Direction::LowerIsBetter, Direction::WithinBand];

    pub fn label(self) -> &'static str {
        match self {
            Direction::HigherIsBetter => "Higher is better",
            Direction::LowerIsBetter => "Lower is better",
            Direction::WithinBand => "Within a band",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Direction::HigherIsBetter => "higher_is_better",
            Direction::LowerIsBetter => "lower_is_better",
            Direction::WithinBand => "within_band",
        }
    }
}

/// How often a KPI is reviewed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cadence {
    Weekly,
    Biweekly,
    #[default]
    Monthly,
    Quarterly,
    Annually,
}

impl Cadence {
    pub const ALL: [Cadence; 5] =
        [Cadence::Weekly, Cadence::Biweekly, Cadence::Monthly, Cadence::Quarterly, Cadence::Annually];

    /// Length of one review period in days.
    pub fn days(self) -> i32 {
        match self {
            Cadence::Weekly => 7,
            Cadence::Biweekly => 14,
            Cadence::Monthly => 31,
            Cadence::Quarterly => 92,
            Cadence::Annually => 366,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Cadence::Weekly => "Weekly",
            Cadence::Biweekly => "Bi-weekly",
            Cadence::Monthly => "Monthly",
            Cadence::Quarterly => "Quarterly",
            Cadence::Annually => "Annually",
        }
    }

    /// The label in running text: "reviewed bi-weekly".
    pub fn lower(self) -> &'static str {
        match self {
            Cadence::Weekly => "weekly",
            Cadence::Biweekly => "bi-weekly",
            Cadence::Monthly => "monthly",
            Cadence::Quarterly => "quarterly",
            Cadence::Annually => "annually",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Cadence::Weekly => "weekly",
            Cadence::Biweekly => "biweekly",
            Cadence::Monthly => "monthly",
            Cadence::Quarterly => "quarterly",
            Cadence::Annually => "annually",
        }
    }
}

/// The effect of one KPI on another: moving together or against each other.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Sign {
    #[default]
    #[serde(rename = "+")]
    Positive,
    #[serde(rename = "-")]
    Negative,
}

impl Sign {
    pub fn symbol(self) -> &'static str {
        match self {
            Sign::Positive => "+",
            Sign::Negative => "−",
        }
    }

    /// The sign of two effects in a row.
    pub fn then(self, other: Sign) -> Sign {
        if self == other {
            Sign::Positive
        } else {
            Sign::Negative
        }
    }
}

/// What a KPI aims for. For [`Direction::WithinBand`] the band is `value..=upper`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Target {
    pub value: f64,
    pub upper: Option<f64>,
    /// When the target should be reached.
    pub due: Option<Date>,
}

/// Status boundaries, in the KPI's unit. For higher-is-better: on track at or above
/// `on_track`, off track below `off_track`, at risk between. Lower-is-better mirrors it.
/// For a band, `on_track` is unused and `off_track` is the distance outside the band
/// still counted as at risk.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Thresholds {
    pub on_track: f64,
    pub off_track: f64,
}

/// One dated actual.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Measurement {
    pub date: Date,
    pub value: f64,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub enum Lifecycle {
    #[default]
    Active,
    Retired {
        on: Date,
        reason: String,
    },
}

/// The central entity.
#[derive(Clone, Debug, PartialEq)]
pub struct Kpi {
    pub id: KpiId,
    pub name: String,
    /// Plain-language description of what it measures.
    pub description: String,
    pub level: Level,
    /// Required for levels 2 and 3; unused for company KPIs.
    pub department: Option<DeptId>,
    pub owner: Option<Owner>,
    pub contributors: Vec<Contributor>,
    pub indicator: Indicator,
    pub kind: Kind,
    pub unit: Unit,
    pub direction: Direction,
    pub baseline: Option<f64>,
    pub target: Option<Target>,
    pub thresholds: Option<Thresholds>,
    /// Actuals, sorted by date, at most one per date.
    pub measurements: Vec<Measurement>,
    pub cadence: Cadence,
    /// The glossary term that defines it.
    pub term: Option<TermId>,
    /// The system of record.
    pub data_source: String,
    pub automated: bool,
    pub data_available: bool,
    pub lifecycle: Lifecycle,
    /// When a company KPI was locked for the strategy period.
    pub locked: Option<Date>,
    /// What it measures, for the known-conflict check, e.g. `lead-volume`.
    pub tags: Vec<String>,
}

impl Kpi {
    /// A new, active KPI with sensible defaults.
    pub fn new(id: KpiId, name: impl Into<String>, level: Level) -> Kpi {
        Kpi {
            id,
            name: name.into(),
            description: String::new(),
            level,
            department: None,
            owner: None,
            contributors: Vec::new(),
            indicator: Indicator::Lagging,
            kind: Kind::Outcome,
            unit: Unit::Percent,
            direction: Direction::HigherIsBetter,
            baseline: None,
            target: None,
            thresholds: None,
            measurements: Vec::new(),
            cadence: Cadence::Monthly,
            term: None,
            data_source: String::new(),
            automated: false,
            data_available: true,
            lifecycle: Lifecycle::Active,
            locked: None,
            tags: Vec::new(),
        }
    }

    pub fn is_active(&self) -> bool {
        matches!(self.lifecycle, Lifecycle::Active)
    }

    /// The accountable person, if the owner is one.
    pub fn owner_person(&self) -> Option<PersonId> {
        self.owner.as_ref().and_then(Owner::person)
    }

    /// The most recent actual.
    pub fn latest(&self) -> Option<Measurement> {
        self.measurements.last().copied()
    }

    pub fn has_tag(&self, tag: &str) -> bool {
        self.tags.iter().any(|t| t.eq_ignore_ascii_case(tag))
    }

    /// Inserts or replaces the actual for a date, keeping the series sorted.
    pub fn record(&mut self, m: Measurement) {
        match self.measurements.binary_search_by(|x| x.date.cmp(&m.date)) {
            Ok(i) => self.measurements[i] = m,
            Err(i) => self.measurements.insert(i, m),
        }
    }
}

/// The cascade: `child` moves `parent`, one level up.
#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    pub child: KpiId,
    pub parent: KpiId,
    /// One sentence on how the child moves the parent.
    pub rationale: String,
    pub sign: Sign,
    /// How many days the child is expected to lead the parent.
    pub lag_days: Option<u32>,
}

impl Link {
    /// `child` moves `parent` in the same direction, for the reason given, with no
    /// expected lag.
    pub fn new(child: KpiId, parent: KpiId, rationale: impl Into<String>) -> Link {
        Link { child, parent, rationale: rationale.into(), sign: Sign::Positive, lag_days: None }
    }

    /// The same link, with how many days the child is expected to lead the parent.
    pub fn lag(self, lag_days: Option<u32>) -> Link {
        Link { lag_days, ..self }
    }
}

/// A side effect outside the cascade, most often a negative one.
#[derive(Clone, Debug, PartialEq)]
pub struct Influence {
    pub from: KpiId,
    pub to: KpiId,
    pub sign: Sign,
    pub note: String,
}

/// Interlock across teams and time: `dependent`'s commitment needs `prerequisite`'s.
#[derive(Clone, Debug, PartialEq)]
pub struct Dependency {
    pub id: DependencyId,
    pub dependent: KpiId,
    pub prerequisite: KpiId,
    /// When the dependent needs the prerequisite done; defaults to the dependent's
    /// target date.
    pub needed_by: Option<Date>,
    /// The date the prerequisite's owner committed to when the dependency was agreed.
    pub committed: Option<Date>,
    pub note: String,
}

impl Dependency {
    /// `dependent` needs `prerequisite`, with no dates agreed and no note yet.
    pub fn new(id: DependencyId, dependent: KpiId, prerequisite: KpiId) -> Dependency {
        Dependency { id, dependent, prerequisite, needed_by: None, committed: None, note: String::new() }
    }
}

/// A shared definition.
#[derive(Clone, Debug, PartialEq)]
pub struct Term {
    pub id: TermId,
    pub name: String,
    pub definition: String,
    pub formula: String,
    pub unit: Option<Unit>,
    /// Timing and cut-off, e.g. "calendar month, closes on the 3rd working day".
    pub timing: String,
    pub currency: String,
    /// Recognition rule, e.g. "bookings" or "recognised revenue (IFRS 15)".
    pub recognition: String,
    pub source: String,
    pub example: String,
    pub owner: Option<PersonId>,
}

impl Term {
    /// A term with only a name; the rest is filled in by the glossary editor.
    pub fn new(id: TermId, name: impl Into<String>) -> Term {
        Term {
            id,
            name: name.into(),
            definition: String::new(),
            formula: String::new(),
            unit: None,
            timing: String::new(),
            currency: String::new(),
            recognition: String::new(),
            source: String::new(),
            example: String::new(),
            owner: None,
        }
    }
}

/// One line of the change log.
#[derive(Clone, Debug, PartialEq)]
pub struct ChangeEntry {
    pub at: Timestamp,
    pub by: String,
    pub what: String,
    pub why: String,
    /// The KPIs whose definition, target or place in the cascade changed.
    pub kpis: Vec<KpiId>,
}

/// A recorded resolution of a flagged cross-functional conflict.
#[derive(Clone, Debug, PartialEq)]
pub struct Resolution {
    pub id: ResolutionId,
    /// The two KPIs in conflict, in ascending id order.
    pub kpis: (KpiId, KpiId),
    pub by: String,
    pub on: Date,
    pub how: String,
}

/// An off-track KPI escalated by its owner.
#[derive(Clone, Debug, PartialEq)]
pub struct Escalation {
    pub id: EscalationId,
    pub kpi: KpiId,
    pub on: Date,
    pub to: Option<PersonId>,
    pub note: String,
}

/// The owner's own reading of a KPI at a check-in. It may differ from the status the
/// actuals give; a disagreement is worth a question in the review.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    #[default]
    OnTrack,
    AtRisk,
    OffTrack,
}

impl Confidence {
    pub const ALL: [Confidence; 3] = [Confidence::OnTrack, Confidence::AtRisk, Confidence::OffTrack];

    pub fn label(self) -> &'static str {
        match self {
            Confidence::OnTrack => "On track",
            Confidence::AtRisk => "At risk",
            Confidence::OffTrack => "Off track",
        }
    }
}

/// Where an action stands. Open actions are carried from one check-in to the next.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionState {
    #[default]
    Open,
    Done,
    Dropped,
}

impl ActionState {
    pub fn label(self) -> &'static str {
        match self {
            ActionState::Open => "Open",
            ActionState::Done => "Done",
            ActionState::Dropped => "Dropped",
        }
    }
}

/// Something someone committed to do: in a check-in (to bring its KPI back on track)
/// or in a review meeting.
#[derive(Clone, Debug, PartialEq)]
pub struct Action {
    pub what: String,
    /// The KPI a review meeting agreed it for (`None` in a check-in, whose KPI it is).
    pub kpi: Option<KpiId>,
    pub who: Option<PersonId>,
    pub due: Option<Date>,
    pub state: ActionState,
}

impl Action {
    /// Open and past its date on `today`.
    pub fn overdue(&self, today: Date) -> bool {
        self.state == ActionState::Open && self.due.is_some_and(|d| d < today)
    }
}

/// An owner's check-in on a KPI for one review period: the actual, their confidence, a
/// forecast for a date, the variance explained, and the actions they are taking. The
/// latest check-in of a KPI holds the current state of its actions.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckIn {
    pub id: CheckInId,
    pub kpi: KpiId,
    /// A day of the review period it reports on (the app writes the period's last day);
    /// the period is the one of the KPI's cadence that holds this day.
    pub period: Date,
    /// When it was written (on time or late is judged from this).
    pub on: Date,
    pub by: Option<PersonId>,
    /// The actual reported, also recorded among the KPI's actuals on `period`.
    pub actual: Option<f64>,
    pub confidence: Confidence,
    /// The value the owner expects on `forecast_for` (normally the target date).
    pub forecast: Option<f64>,
    pub forecast_for: Option<Date>,
    /// The variance to plan, explained in words.
    pub variance: String,
    pub actions: Vec<Action>,
}

impl CheckIn {
    /// A new check-in: confident, nothing reported yet, no actions.
    pub fn new(id: CheckInId, kpi: KpiId, period: Date, on: Date) -> CheckIn {
        CheckIn {
            id,
            kpi,
            period,
            on,
            by: None,
            actual: None,
            confidence: Confidence::OnTrack,
            forecast: None,
            forecast_for: None,
            variance: String::new(),
            actions: Vec::new(),
        }
    }
}

/// A review meeting held: a forum (the cadence it reviews), its date, the KPIs it went
/// through, what it decided and the actions it agreed.
#[derive(Clone, Debug, PartialEq)]
pub struct Meeting {
    pub id: MeetingId,
    pub forum: Cadence,
    pub on: Date,
    pub kpis: Vec<KpiId>,
    pub decisions: Vec<String>,
    pub actions: Vec<Action>,
}

/// What a pilot must show by day 90. Each criterion is optional.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Criteria {
    /// Cut in forecast variance against the baseline, in percent (the promise: 10-20).
    pub variance_cut: Option<f64>,
    /// Review cycle time at most this many days.
    pub cycle_days: Option<f64>,
    /// Check-ins on time at least this share of those due, in percent.
    pub adoption: Option<f64>,
}

/// A 90-day pilot of the operating rhythm on a few company KPIs and the forums that
/// review them.
#[derive(Clone, Debug, PartialEq)]
pub struct Pilot {
    pub id: PilotId,
    pub name: String,
    pub start: Date,
    /// The company KPIs it covers; the KPIs under them come with them.
    pub kpis: Vec<KpiId>,
    pub forums: Vec<Cadence>,
    pub criteria: Criteria,
}

/// How the alignment process is run.
#[derive(Clone, Debug, PartialEq)]
pub struct Governance {
    pub change_log: Vec<ChangeEntry>,
    /// Escalate after this many consecutive off-track reviews.
    pub escalate_after: u32,
    /// Who settles cross-functional disputes.
    pub dispute_resolver: Option<PersonId>,
    pub resolutions: Vec<Resolution>,
    pub escalations: Vec<Escalation>,
}

impl Default for Governance {
    fn default() -> Self {
        Governance {
            change_log: Vec::new(),
            escalate_after: 3,
            dispute_resolver: None,
            resolutions: Vec::new(),
            escalations: Vec::new(),
        }
    }
}

/// A finding the user has seen and accepted for a reason; still shown, in its own group.
#[derive(Clone, Debug, PartialEq)]
pub struct Acknowledgement {
    /// The finding's stable key (rule id and what it involves).
    pub finding: String,
    pub reason: String,
    pub by: String,
    pub at: Timestamp,
}

/// An inclusive range of counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Range {
    pub min: u32,
    pub max: u32,
}

impl Range {
    pub const fn new(min: u32, max: u32) -> Range {
        Range { min, max }
    }

    pub fn contains(self, n: usize) -> bool {
        (self.min as usize..=self.max as usize).contains(&n)
    }
}

impl fmt::Display for Range {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.min, self.max)
    }
}

/// The thresholds the checks use. Defaults are the field's; each model may adjust them,
/// and they are saved with it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Company (level 1) KPIs in total.
    pub company_kpis: Range,
    /// Department (level 2) KPIs per department.
    pub department_kpis: Range,
    /// Team (level 3) KPIs per owner.
    pub person_kpis: Range,
    /// Leading indicators feeding each company KPI.
    pub leading_per_company_kpi: Range,
    /// Company KPIs should stay unchanged this many months.
    pub stability_months: u32,
    /// A KPI is stale after this many review periods without an actual.
    pub stale_periods: u32,
    /// A leading indicator should predict its parent this many days ahead.
    pub lead_days: Range,
    /// A rationale with fewer words than this is too weak to explain a link.
    pub rationale_min_words: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            company_kpis: Range::new(3, 5),
            department_kpis: Range::new(5, 8),
            person_kpis: Range::new(3, 5),
            leading_per_company_kpi: Range::new(2, 4),
            stability_months: 12,
            stale_periods: 2,
            lead_days: Range::new(30, 60),
            rationale_min_words: 4,
        }
    }
}

/// The user's answers to the maturity questionnaire: question id -> answer (0-4).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Assessment {
    pub answers: BTreeMap<String, u8>,
}

/// Everything the user builds.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Model {
    pub organisation: Organisation,
    pub departments: Vec<Department>,
    pub people: Vec<Person>,
    pub kpis: Vec<Kpi>,
    pub links: Vec<Link>,
    pub influences: Vec<Influence>,
    pub dependencies: Vec<Dependency>,
    pub glossary: Vec<Term>,
    pub governance: Governance,
    pub assessment: Assessment,
    pub settings: Settings,
    pub acknowledgements: Vec<Acknowledgement>,
    /// The operating rhythm: check-ins, review meetings held, pilots.
    pub check_ins: Vec<CheckIn>,
    pub meetings: Vec<Meeting>,
    pub pilots: Vec<Pilot>,
}

/// The tag vocabulary the known-conflict check understands. Tags are free text; these
/// are the ones with meaning to the checks (and are offered as suggestions).
pub mod tags {
    pub const ORDER_VOLUME: &str = "order-volume";
    pub const CAPACITY: &str = "capacity";
    pub const LEAD_VOLUME: &str = "lead-volume";
    pub const LEAD_QUALITY: &str = "lead-quality";
    pub const RETENTION: &str = "retention";
    pub const RELEASE_VELOCITY: &str = "release-velocity";
    pub const COST_REDUCTION: &str = "cost-reduction";
    pub const HEADCOUNT_GROWTH: &str = "headcount-growth";

    /// Every tag with a meaning to the checks, with what it classifies.
    pub const KNOWN: [(&str, &str); 8] = [
        (ORDER_VOLUME, "how much is sold or ordered"),
        (CAPACITY, "how much can be produced, shipped or served"),
        (LEAD_VOLUME, "how many leads are generated"),
        (LEAD_QUALITY, "how good the leads are"),
        (RETENTION, "keeping customers"),
        (RELEASE_VELOCITY, "how fast product changes ship"),
        (COST_REDUCTION, "spending less"),
        (HEADCOUNT_GROWTH, "hiring"),
    ];
}
