//! Escalation on check-ins: a KPI whose owner reported it off track at the last N
//! check-ins in a row (N = the governance rule, "escalate after"), or whose latest
//! check-in holds an action past its date, goes onto the agenda of the owner's manager
//! and of the alignment owner. O(n + C log C).

use super::Book;
use crate::model::{Confidence, Date, KpiId, PersonId};

/// Why a KPI is escalated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Why {
    /// Off track at this many check-ins in a row, the first for the period holding
    /// `since`.
    OffTrack { check_ins: usize, since: Date },
    /// Open actions past their date in the latest check-in, the earliest due `since`.
    Overdue { actions: usize, since: Date },
}

impl Why {
    /// "off track at 3 check-ins in a row since 1 Mar 2026", "1 action overdue since …".
    pub fn describe(&self) -> String {
        match self {
            Why::OffTrack { check_ins, since } => {
                format!("off track at {check_ins} check-ins in a row since {}", since.human())
            }
            Why::Overdue { actions, since } => {
                let s = if *actions == 1 { "" } else { "s" };
                format!("{actions} action{s} overdue since {}", since.human())
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Escalated {
    pub kpi: KpiId,
    pub owner: Option<PersonId>,
    /// Whose agenda it goes on: the owner's manager, then the alignment owner (no one
    /// twice, never the owner themself).
    pub to: Vec<PersonId>,
    pub why: Vec<Why>,
    /// An escalation was recorded for it on or after the run began.
    pub recorded: bool,
}

/// Every active KPI the rules escalate on `today`, in the order of the model.
pub fn escalations(book: &Book, today: Date) -> Vec<Escalated> {
    let m = book.model();
    let after = m.governance.escalate_after.max(1) as usize;
    let mut recorded: std::collections::HashMap<KpiId, Date> = std::collections::HashMap::new();
    for e in &m.governance.escalations {
        let d = recorded.entry(e.kpi).or_insert(e.on);
        *d = (*d).max(e.on);
    }
    let managers: std::collections::HashMap<PersonId, Option<PersonId>> =
        m.people.iter().map(|p| (p.id, p.manager)).collect();
    let mut out = Vec::new();
    for k in m.kpis.iter().filter(|k| k.is_active()) {
        let list = book.of(k.id);
        let list = &list[..list.partition_point(|c| c.period <= today)];
        let mut why = Vec::new();
        let run = list.iter().rev().take_while(|c| c.confidence == Confidence::OffTrack).count();
        let mut began = None;
        if run >= after {
            let first = list[list.len() - run];
            began = Some(first.on);
            why.push(Why::OffTrack { check_ins: run, since: first.period });
        }
        if let Some(last) = list.last() {
            let overdue: Vec<Date> =
                last.actions.iter().filter(|a| a.overdue(today)).filter_map(|a| a.due).collect();
            if let Some(&since) = overdue.iter().min() {
                began = Some(began.map_or(since, |b: Date| b.min(since)));
                why.push(Why::Overdue { actions: overdue.len(), since });
            }
        }
        if why.is_empty() {
            continue;
        }
        let owner = k.owner_person();
        let manager = owner.and_then(|o| managers.get(&o).copied().flatten());
        let mut to = Vec::new();
        for p in [manager, m.organisation.alignment_owner].into_iter().flatten() {
            if Some(p) != owner && !to.contains(&p) {
                to.push(p);
            }
        }
        let recorded = match (recorded.get(&k.id), began) {
            (Some(r), Some(b)) => *r >= b,
            _ => false,
        };
        out.push(Escalated { kpi: k.id, owner, to, why, recorded });
    }
    out
}

/// The escalations on `person`'s agenda.
pub fn agenda_of(all: &[Escalated], person: PersonId) -> Vec<&Escalated> {
    all.iter().filter(|e| e.to.contains(&person)).collect()
}
