//! Typed identifiers.
//!
//! Every entity kind has its own id type so a person id can never be passed where a KPI
//! id is expected. Ids are small positive integers, unique within their kind, written to
//! files as plain numbers. New ids come from [`crate::model::Model::next_id`], which
//! reads the model (no randomness), so the same edits always produce the same ids.

use std::collections::HashSet;
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

id_type!(
    /// Identifies a [`crate::model::CheckIn`].
    CheckInId,
    "check-in #"
);
id_type!(
    /// Identifies a recorded review [`crate::model::Meeting`].
    MeetingId,
    "meeting #"
);
id_type!(
    /// Identifies a [`crate::model::Pilot`].
    PilotId,
    "pilot #"
);

/// The largest id the app issues or accepts, for every kind: 2^31 - 1. Ids stay far from
/// `u32::MAX`, so "one more than the largest" never wraps, and they fit a JavaScript
/// number and a signed 32-bit integer alike. A file with a larger id gets a new one on
/// import (see [`crate::format::restore`]).
pub const MAX_ID: u32 = i32::MAX as u32;

/// The id for a new item in a list that uses `ids`: one more than the largest, or, when
/// that would pass [`MAX_ID`], the lowest number not in use. Linear in the list and
/// always unique, so a model whose largest id is [`MAX_ID`] still takes new items.
pub fn next_free(ids: impl Iterator<Item = u32> + Clone) -> u32 {
    let max = ids.clone().max();
    match max {
        None => 1,
        Some(m) if m < MAX_ID => m + 1,
        Some(_) => {
            // At most `n` ids are in use, so one of 1..=n+1 is free.
            let n = ids.clone().count();
            let mut used = vec![false; n + 2];
            for id in ids {
                if let Some(slot) = used.get_mut(id as usize) {
                    *slot = true;
                }
            }
            (1..used.len()).find(|&i| !used[i]).map_or(1, |i| i as u32)
        }
    }
}

/// Hands out unique ids of one kind while a list is built (import, spreadsheet rows):
/// an id a caller asks for is kept when it is free and at most [`MAX_ID`]; otherwise a
/// new one is issued, counting up from one more than the largest id seen, and from 1
/// once that passes [`MAX_ID`]. The counter only moves forward and wraps at most once,
/// so handing out `n` ids costs O(n) in total and never loops. Claim every id the
/// caller wants to keep before asking for fresh ones, so a new id never takes one a
/// later item asked for.
#[derive(Debug)]
pub struct IdAllocator {
    used: HashSet<u32>,
    next: u32,
    wrapped: bool,
}

impl IdAllocator {
    /// An allocator that will count up from one more than the largest valid id in `ids`
    /// (the ids are not claimed yet).
    pub fn new(ids: impl Iterator<Item = u32>) -> IdAllocator {
        let max = ids.filter(|&i| i <= MAX_ID).max();
        let next = match max {
            Some(m) if m < MAX_ID => m + 1,
            _ => 1,
        };
        IdAllocator { used: HashSet::new(), next, wrapped: next == 1 }
    }

    /// Takes `id` if it is free and not above [`MAX_ID`].
    pub fn claim(&mut self, id: u32) -> bool {
        id <= MAX_ID && self.used.insert(id)
    }

    /// A new id, unused so far.
    pub fn fresh(&mut self) -> u32 {
        loop {
            if self.next > MAX_ID || self.next == 0 {
                if self.wrapped {
                    // Unreachable: it would take 2^31 ids in use. Stop rather than loop.
                    return MAX_ID;
                }
                self.wrapped = true;
                self.next = 1;
            }
            let id = self.next;
            self.next += 1;
            if self.used.insert(id) {
                return id;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_id_is_one_more_than_the_largest_until_the_maximum_then_the_lowest_free() {
        let cases: [(&[u32], u32); 6] = [
            (&[], 1),
            (&[3, 1], 4),
            (&[MAX_ID - 1], MAX_ID),
            (&[MAX_ID], 1),
            (&[1, 2, MAX_ID, 4], 3),
            (&[u32::MAX, 1], 2),
        ];
        for (ids, want) in cases {
            assert_eq!(next_free(ids.iter().copied()), want, "{ids:?}");
        }
    }

    #[test]
    fn the_allocator_keeps_free_ids_and_issues_unique_ones_past_the_maximum() {
        let wanted = [Some(MAX_ID), None, Some(MAX_ID), Some(u32::MAX), Some(2), None];
        let mut a = IdAllocator::new(wanted.iter().flatten().copied());
        // Claim every wanted id first, so a new id never takes one a later item asked for.
        let kept: Vec<Option<u32>> = wanted.iter().map(|w| w.filter(|&w| a.claim(w))).collect();
        let got: Vec<u32> = kept.iter().map(|k| k.unwrap_or_else(|| a.fresh())).collect();
        assert_eq!(got, [MAX_ID, 1, 3, 4, 2, 5]);
    }
}
