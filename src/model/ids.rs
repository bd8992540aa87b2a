//! Typed identifiers.
//!
//! Every entity kind has its own id type so a person id can never be passed where a KPI
//! id is expected. Ids are small positive integers, unique within their kind, written to
//! files as plain numbers. New ids come from [`crate::model::Model::next_id`], which
//! reads the model (no randomness), so the same edits always produce the same ids.

use std::fmt;

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $prefix:literal) => {
        $(#[$doc])*
        #[derive(
            Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(pub u32);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!($prefix, "{}"), self.0)
            }
        }
    };
}

id_type!(
    /// Identifies a [`crate::model::Kpi`].
    KpiId,
    "kpi #"
);
id_type!(
    /// Identifies a [`crate::model::Department`].
    DeptId,
    "department #"
);
id_type!(
    /// Identifies a [`crate::model::Person`].
    PersonId,
    "person #"
);
id_type!(
    /// Identifies a [`crate::model::Term`] of the glossary.
    TermId,
    "term #"
);
id_type!(
    /// Identifies a [`crate::model::Dependency`].
    DependencyId,
    "dependency #"
);
id_type!(
    /// Identifies a recorded [`crate::model::Resolution`].
    ResolutionId,
    "resolution #"
);
id_type!(
    /// Identifies a recorded [`crate::model::Escalation`].
    EscalationId,
    "escalation #"
);
