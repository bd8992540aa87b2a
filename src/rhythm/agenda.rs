//! The agenda of a review forum: the active KPIs reviewed at the forum's cadence,
//! grouped under the company KPI they feed, off track first, with missing check-ins
//! flagged. O(n + m + C log C).

use std::collections::HashMap;

use super::escalation::Escalated;
use super::period::{self, Period};
use super::Book;
use crate::model::status::{self, Status};
use crate::model::{ActionState, Cadence, Confidence, Date, KpiId, PersonId};

/// One KPI on the agenda.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub kpi: KpiId,
    pub owner: Option<PersonId>,
    /// From the actuals.
    pub status: Status,
    /// The owner's, at the latest check-in.
    pub confidence: Option<Confidence>,
    /// No check-in for the period under review.
    pub missing: bool,
    pub open_actions: usize,
    pub overdue_actions: usize,
    /// On an escalation list.
    pub escalated: bool,
}

impl Item {
    /// 0 off track (by the actuals or the owner), 1 at risk, 2 the rest.
    pub fn urgency(&self) -> u8 {
        let off = self.status == Status::OffTrack || self.confidence == Some(Confidence::OffTrack);
        let risk = self.status == Status::AtRisk || self.confidence == Some(Confidence::AtRisk);
        if off {
            0
        } else if risk {
            1
        } else {
            2
        }
    }
}

/// The KPIs under one company KPI (`None`: feeding no company KPI).
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    pub company: Option<KpiId>,
    pub items: Vec<Item>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Agenda {
    pub forum: Cadence,
    /// The period under review: the one of the forum's cadence that ended last.
    pub period: Period,
    pub groups: Vec<Group>,
    /// Items without a check-in for the period.
    pub missing: usize,
}

/// For each KPI (by position), the first company KPI (by position) it feeds through
/// the cascade, itself for a company KPI. Iterative, O(n + m); a loop left by a broken
/// file feeds nothing.
pub fn company_roots(m: &crate::model::Model) -> Vec<Option<usize>> {
    let at: HashMap<KpiId, usize> = m.kpis.iter().enumerate().map(|(i, k)| (k.id, i)).collect();
    let n = m.kpis.len();
    let mut start = vec![0usize; n + 1];
    let pairs: Vec<(usize, usize)> =
        m.links.iter().filter_map(|l| Some((*at.get(&l.child)?, *at.get(&l.parent)?))).collect();
    for &(c, _) in &pairs {
        start[c + 1] += 1;
    }
    for i in 0..n {
        start[i + 1] += start[i];
    }
    let mut parents = vec![0usize; pairs.len()];
    let mut fill = start.clone();
    for &(c, p) in &pairs {
        parents[fill[c]] = p;
        fill[c] += 1;
    }
    const NEW: u8 = 0;
    const OPEN: u8 = 1;
    const DONE: u8 = 2;
    let mut state = vec![NEW; n];
    let mut root: Vec<Option<usize>> = vec![None; n];
    for s in 0..n {
        if state[s] != NEW {
            continue;
        }
        let mut stack = vec![(s, start[s])];
        state[s] = OPEN;
        while let Some(&mut (v, ref mut next)) = stack.last_mut() {
            if m.kpis[v].level == crate::model::Level::Company {
                root[v] = Some(v);
                state[v] = DONE;
                stack.pop();
                continue;
            }
            if *next < start[v + 1] {
                let p = parents[*next];
                *next += 1;
                if state[p] == NEW {
                    state[p] = OPEN;
                    stack.push((p, start[p]));
                }
                continue;
            }
            root[v] = parents[start[v]..start[v + 1]]
                .iter()
                .filter(|&&p| state[p] == DONE)
                .filter_map(|&p| root[p])
                .min();
            state[v] = DONE;
            stack.pop();
        }
    }
    root
}

/// The agenda of the forum reviewing KPIs at `forum`'s cadence, on `today`.
pub fn agenda(book: &Book, forum: Cadence, escalated: &[Escalated], today: Date) -> Agenda {
    let m = book.model();
    let fy = m.organisation.fiscal_year_start;
    let under_review = period::last_ended(forum, fy, today);
    let roots = company_roots(m);
    let escalated: std::collections::HashSet<KpiId> = escalated.iter().map(|e| e.kpi).collect();
    // Group keys: the company KPI's position, `usize::MAX` for none.
    let mut groups: std::collections::BTreeMap<usize, Vec<Item>> = std::collections::BTreeMap::new();
    for (i, k) in m.kpis.iter().enumerate() {
        if !k.is_active() || k.cadence != forum {
            continue;
        }
        let latest = book.latest(k.id, today);
        let actions = latest.map_or(&[][..], |c| c.actions.as_slice());
        let item = Item {
            kpi: k.id,
            owner: k.owner_person(),
            status: status::current(k, today),
            confidence: latest.map(|c| c.confidence),
            missing: book.for_period(k.id, under_review).is_none(),
            open_actions: actions.iter().filter(|a| a.state == ActionState::Open).count(),
            overdue_actions: actions.iter().filter(|a| a.overdue(today)).count(),
            escalated: escalated.contains(&k.id),
        };
        groups.entry(roots[i].unwrap_or(usize::MAX)).or_default().push(item);
    }
    let mut missing = 0;
    let groups = groups
        .into_iter()
        .map(|(root, mut items)| {
            missing += items.iter().filter(|x| x.missing).count();
            let name = |id: KpiId| book.kpi(id).map_or("", |k| k.name.as_str());
            crate::order::sort_by(&mut items, |a, b| {
                (a.urgency(), !a.missing, name(a.kpi), a.kpi).cmp(&(
                    b.urgency(),
                    !b.missing,
                    name(b.kpi),
                    b.kpi,
                ))
            });
            Group { company: m.kpis.get(root).map(|k| k.id), items }
        })
        .collect();
    Agenda { forum, period: under_review, groups, missing }
}
