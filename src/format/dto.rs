//! The shape of a version-1 file, as read and written: raw data, not yet trusted.
//!
//! Almost every field is optional so that a hand-written or generated file with gaps
//! still loads; [`crate::format::restore`] turns a DTO into a [`crate::model::Model`],
//! filling defaults and repairing what it must. Unknown fields are refused, so a typo
//! is reported with its path rather than silently ignored. `schema/interlock.v1.schema.json`
//! describes exactly this shape.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::{
    ActionState, Cadence, Confidence, Contributor, Date, Direction, Indicator, Kind, Level, Owner, Settings,
    Sign, Timestamp, Unit, Velocity,
};

/// The self-describing wrapper around a model.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnvelopeDto {
    /// Always [`crate::format::FORMAT_NAME`].
    pub format: String,
    /// Schema version of `model`.
    pub schema: u32,
    /// The app and version that wrote the file.
    #[serde(default)]
    pub app: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub saved_at: Option<Timestamp>,
    /// The model's edit history: a Yjs document update, base64 (see [`crate::crdt`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history: Option<String>,
    pub model: ModelDto,
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_true(b: &bool) -> bool {
    *b
}

fn yes() -> bool {
    true
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct ModelDto {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organisation: Option<OrganisationDto>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub departments: Vec<DepartmentDto>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub people: Vec<PersonDto>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub kpis: Vec<KpiDto>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<LinkDto>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub influences: Vec<InfluenceDto>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dependencies: Vec<DependencyDto>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub glossary: Vec<TermDto>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub governance: Option<GovernanceDto>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assessment: Option<AssessmentDto>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub settings: Option<Settings>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub acknowledgements: Vec<AcknowledgementDto>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub check_ins: Vec<CheckInDto>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub meetings: Vec<MeetingDto>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pilots: Vec<PilotDto>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct OrganisationDto {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub industry: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub velocity: Option<Velocity>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fiscal_year_start: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alignment_owner: Option<u32>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct DepartmentDto {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub head: Option<u32>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct PersonDto {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub role: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub department: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub manager: Option<u32>,
}

/// Who owns a KPI: `{"person": 3}`, `{"department": 2}` or `{"team": "Growth squad"}`.
pub type OwnerDto = Owner;

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct TargetDto {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upper: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<Date>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ThresholdsDto {
    pub on_track: f64,
    pub off_track: f64,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct RetiredDto {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on: Option<Date>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct KpiDto {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<Level>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub department: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<OwnerDto>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub contributors: Vec<Contributor>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub indicator: Option<Indicator>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<Kind>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<Unit>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<TargetDto>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thresholds: Option<ThresholdsDto>,
    /// Actuals as `[date, value]` pairs.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub measurements: Vec<(Date, f64)>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cadence: Option<Cadence>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub term: Option<u32>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub data_source: String,
    #[serde(skip_serializing_if = "is_false")]
    pub automated: bool,
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub data_available: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retired: Option<RetiredDto>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locked: Option<Date>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

impl Default for KpiDto {
    fn default() -> Self {
        KpiDto {
            id: None,
            name: None,
            description: String::new(),
            level: None,
            department: None,
            owner: None,
            contributors: Vec::new(),
            indicator: None,
            kind: None,
            unit: None,
            direction: None,
            baseline: None,
            target: None,
            thresholds: None,
            measurements: Vec::new(),
            cadence: None,
            term: None,
            data_source: String::new(),
            automated: false,
            data_available: true,
            retired: None,
            locked: None,
            tags: Vec::new(),
        }
    }
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct LinkDto {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub child: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<u32>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub rationale: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sign: Option<Sign>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lag_days: Option<u32>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct InfluenceDto {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sign: Option<Sign>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub note: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct DependencyDto {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dependent: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prerequisite: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub needed_by: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub committed: Option<Date>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub note: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct TermDto {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub definition: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub formula: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<Unit>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub timing: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub currency: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub recognition: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub source: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub example: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<u32>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct ChangeEntryDto {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<Timestamp>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub by: String,
    pub what: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub why: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub kpis: Vec<u32>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct ResolutionDto {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kpis: Option<(u32, u32)>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub by: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on: Option<Date>,
    pub how: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct EscalationDto {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kpi: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<u32>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub note: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct GovernanceDto {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub change_log: Vec<ChangeEntryDto>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub escalate_after: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dispute_resolver: Option<u32>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub resolutions: Vec<ResolutionDto>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub escalations: Vec<EscalationDto>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct AssessmentDto {
    pub answers: BTreeMap<String, u8>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct AcknowledgementDto {
    pub finding: String,
    pub reason: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub by: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<Timestamp>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct ActionDto {
    pub what: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kpi: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub who: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<ActionState>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct CheckInDto {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kpi: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actual: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<Confidence>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forecast: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forecast_for: Option<Date>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub variance: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<ActionDto>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct MeetingDto {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forum: Option<Cadence>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on: Option<Date>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub kpis: Vec<u32>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub decisions: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<ActionDto>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct CriteriaDto {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variance_cut: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cycle_days: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub adoption: Option<f64>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct PilotDto {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<Date>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub kpis: Vec<u32>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub forums: Vec<Cadence>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub criteria: Option<CriteriaDto>,
}
