//! The pure core: the KPI-alignment model and the only ways it changes.
//!
//! Nothing under `model/` touches the browser, reads a clock or draws a random number;
//! callers pass `today`, the time of an edit and nothing else. That keeps it testable
//! with plain `cargo test` and deterministic: the same edits always give the same model.

pub mod cascade;
pub mod date;
pub mod describe;
pub mod edit;
pub mod entities;
pub mod history;
pub mod ids;
pub mod ops;
pub mod query;
pub mod rebase;
pub mod series;
pub mod status;
pub mod text;
pub mod trace;

pub use date::{Date, Timestamp};
pub use edit::{apply, Change, Edit, EditError, Entity};
pub use entities::*;
pub use history::{Document, EditMeta, History};
pub use ids::*;

impl Model {
    /// The next unused KPI id: one more than the largest, or the lowest free one once
    /// the largest is [`MAX_ID`] (see [`next_free`]). Never wraps.
    pub fn next_kpi_id(&self) -> KpiId {
        KpiId(next_free(self.kpis.iter().map(|k| k.id.0)))
    }

    pub fn next_person_id(&self) -> PersonId {
        PersonId(next_free(self.people.iter().map(|p| p.id.0)))
    }

    pub fn next_department_id(&self) -> DeptId {
        DeptId(next_free(self.departments.iter().map(|d| d.id.0)))
    }

    pub fn next_term_id(&self) -> TermId {
        TermId(next_free(self.glossary.iter().map(|t| t.id.0)))
    }

    pub fn next_dependency_id(&self) -> DependencyId {
        DependencyId(next_free(self.dependencies.iter().map(|d| d.id.0)))
    }

    pub fn next_resolution_id(&self) -> ResolutionId {
        ResolutionId(next_free(self.governance.resolutions.iter().map(|r| r.id.0)))
    }

    pub fn next_escalation_id(&self) -> EscalationId {
        EscalationId(next_free(self.governance.escalations.iter().map(|r| r.id.0)))
    }

    pub fn next_check_in_id(&self) -> CheckInId {
        CheckInId(next_free(self.check_ins.iter().map(|r| r.id.0)))
    }

    pub fn next_meeting_id(&self) -> MeetingId {
        MeetingId(next_free(self.meetings.iter().map(|r| r.id.0)))
    }

    pub fn next_pilot_id(&self) -> PilotId {
        PilotId(next_free(self.pilots.iter().map(|r| r.id.0)))
    }
}
