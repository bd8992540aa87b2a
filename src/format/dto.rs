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
    Cadence, Contributor, Date, Direction, Indicator, Kind, Level, Owner, Settings, Sign, Timestamp, Unit,
    Velocity,
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
    pub governance: Option<GovernanceDto>,
    pub assessment: Option<AssessmentDto>,
    pub settings: Option<Settings>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub acknowledgements: Vec<AcknowledgementDto>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct OrganisationDto {
    pub name: Option<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub industry: String,
    pub velocity: Option<Velocity>,
    pub fiscal_year_start: Option<u32>,
    pub currency: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alignment_owner: Option<u32>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct DepartmentDto {
    pub id: Option<u32>,
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub head: Option<u32>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct PersonDto {
    pub id: Option<u32>,
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
    pub on: Option<Date>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct KpiDto {
    pub id: Option<u32>,
    pub name: Option<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    pub level: Option<Level>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub department: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<OwnerDto>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub contributors: Vec<Contributor>,
    pub indicator: Option<Indicator>,
    pub kind: Option<Kind>,
    pub unit: Option<Unit>,
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
    pub child: Option<u32>,
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
    pub from: Option<u32>,
    pub to: Option<u32>,
    pub sign: Option<Sign>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub note: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct DependencyDto {
    pub id: Option<u32>,
    pub dependent: Option<u32>,
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
    pub id: Option<u32>,
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
    pub id: Option<u32>,
    pub kpis: Option<(u32, u32)>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub by: String,
    pub on: Option<Date>,
    pub how: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct EscalationDto {
    pub id: Option<u32>,
    pub kpi: Option<u32>,
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
    pub at: Option<Timestamp>,
}
