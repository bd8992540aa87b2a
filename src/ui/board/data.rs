//! What the board shows, as plain comparable data: the three lanes, their groups and
//! cards. Computed from the model in one pass; a collapsed group carries only its count,
//! so a large model renders only what is open.

use std::collections::{HashMap, HashSet};

use crate::model::query;
use crate::model::status::{self, Status};
use crate::model::{Date, DeptId, Indicator, KpiId, Level, Model, PersonId};

/// A group of cards in a lane.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum GroupKey {
    Department(DeptId),
    NoDepartment,
    Person(PersonId),
    NoOwner,
}

impl GroupKey {
    /// The value of `data-drop` on the group's header (or `None`: not a drop target).
    pub fn drop_attr(self) -> Option<String> {
        match self {
            GroupKey::Department(d) => Some(format!("dept:{}", d.0)),
            GroupKey::Person(p) => Some(format!("person:{}", p.0)),
            _ => None,
        }
    }

    pub fn testid(self) -> String {
        match self {
            GroupKey::Department(d) => format!("group-dept-{}", d.0),
            GroupKey::NoDepartment => "group-dept-none".into(),
            GroupKey::Person(p) => format!("group-person-{}", p.0),
            GroupKey::NoOwner => "group-person-none".into(),
        }
    }
}

/// One card, as displayed.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Card {
    pub id: KpiId,
    pub name: String,
    pub owner: String,
    pub level: Level,
    pub leading: bool,
    pub status: Status,
    pub findings: usize,
    pub parents: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Group {
    pub key: GroupKey,
    pub title: String,
    pub count: usize,
    pub collapsed: bool,
    /// Empty when collapsed.
    pub cards: Vec<Card>,
}

/// The three lanes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Lanes {
    pub company: Vec<Card>,
    pub departments: Vec<Group>,
    pub people: Vec<Group>,
    /// Where each active KPI sits (the group a hidden card's connectors start from).
    pub home: HashMap<KpiId, Option<GroupKey>>,
}

/// Groups start folded when a lane would hold more cards than this.
pub const OPEN_LIMIT: usize = 120;

/// Which groups to fold by default for a model: lanes with more cards than
/// [`OPEN_LIMIT`] start folded.
pub fn default_collapsed(m: &Model) -> HashSet<GroupKey> {
    let active = |l: Level| m.kpis.iter().filter(|k| k.is_active() && k.level == l).count();
    let mut out = HashSet::new();
    if active(Level::Department) > OPEN_LIMIT {
        out.extend(m.departments.iter().map(|d| GroupKey::Department(d.id)));
        out.insert(GroupKey::NoDepartment);
    }
    if active(Level::Team) > OPEN_LIMIT / 2 {
        out.extend(m.people.iter().map(|p| GroupKey::Person(p.id)));
        out.insert(GroupKey::NoOwner);
    }
    out
}

/// Builds the lanes. `findings` counts open findings per KPI.
pub fn lanes(
    m: &Model,
    today: Date,
    collapsed: &HashSet<GroupKey>,
    findings: &HashMap<KpiId, usize>,
) -> Lanes {
    let mut parents: HashMap<KpiId, usize> = HashMap::new();
    for l in &m.links {
        *parents.entry(l.child).or_default() += 1;
    }
    let card = |k: &crate::model::Kpi| Card {
        id: k.id,
        name: k.name.clone(),
        owner: query::owner_label(m, k),
        level: k.level,
        leading: k.indicator == Indicator::Leading,
        status: status::current(k, today),
        findings: findings.get(&k.id).copied().unwrap_or(0),
        parents: parents.get(&k.id).copied().unwrap_or(0),
    };
    let mut home = HashMap::new();
    let active: Vec<&crate::model::Kpi> = m.kpis.iter().filter(|k| k.is_active()).collect();
    let company: Vec<Card> = active.iter().filter(|k| k.level == Level::Company).map(|k| card(k)).collect();
    for c in &company {
        home.insert(c.id, None);
    }

    let mut group = |key: GroupKey, title: String, ks: Vec<&crate::model::Kpi>| -> Option<Group> {
        if ks.is_empty() && matches!(key, GroupKey::NoDepartment | GroupKey::NoOwner) {
            return None;
        }
        for k in &ks {
            home.insert(k.id, Some(key));
        }
        let is_collapsed = collapsed.contains(&key);
        Some(Group {
            key,
            title,
            count: ks.len(),
            collapsed: is_collapsed,
            cards: if is_collapsed { Vec::new() } else { ks.into_iter().map(card).collect() },
        })
    };

    let dept_level: Vec<&crate::model::Kpi> =
        active.iter().copied().filter(|k| k.level == Level::Department).collect();
    let mut departments: Vec<Group> = m
        .departments
        .iter()
        .filter_map(|d| {
            let ks = dept_level.iter().copied().filter(|k| k.department == Some(d.id)).collect();
            group(GroupKey::Department(d.id), d.name.clone(), ks)
        })
        .collect();
    departments.extend(group(
        GroupKey::NoDepartment,
        "No department".into(),
        dept_level.iter().copied().filter(|k| k.department.is_none()).collect(),
    ));

    let team: Vec<&crate::model::Kpi> = active.iter().copied().filter(|k| k.level == Level::Team).collect();
    let mut people: Vec<Group> = m
        .people
        .iter()
        .filter_map(|p| {
            let ks: Vec<&crate::model::Kpi> =
                team.iter().copied().filter(|k| k.owner_person() == Some(p.id)).collect();
            if ks.is_empty() {
                return None;
            }
            let title =
                if p.role.is_empty() { p.name.clone() } else { format!("{} \u{2014} {}", p.name, p.role) };
            group(GroupKey::Person(p.id), title, ks)
        })
        .collect();
    people.extend(group(
        GroupKey::NoOwner,
        "No person as owner".into(),
        team.iter().copied().filter(|k| k.owner_person().is_none()).collect(),
    ));
    Lanes { company, departments, people, home }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{generate, Spec};
    use crate::templates;

    fn today() -> Date {
        Date::from_ymd(2026, 11, 23).unwrap()
    }

    #[test]
    fn every_active_kpi_has_a_home_and_retired_ones_are_left_out() {
        let m = (templates::by_id("saas").unwrap().build)(today());
        let l = lanes(&m, today(), &HashSet::new(), &HashMap::new());
        let active = m.kpis.iter().filter(|k| k.is_active()).count();
        assert_eq!(l.home.len(), active);
        let shown =
            l.company.len() + l.departments.iter().chain(&l.people).map(|g| g.cards.len()).sum::<usize>();
        assert_eq!(shown, active);
    }

    #[test]
    fn a_large_model_starts_folded_so_only_counts_are_rendered() {
        let m = generate(&Spec::scaled(1000), today());
        let folded = default_collapsed(&m);
        let l = lanes(&m, today(), &folded, &HashMap::new());
        let cards =
            l.company.len() + l.departments.iter().chain(&l.people).map(|g| g.cards.len()).sum::<usize>();
        assert!(cards <= OPEN_LIMIT, "{cards} cards rendered");
        assert_eq!(
            l.people.iter().map(|g| g.count).sum::<usize>(),
            m.kpis.iter().filter(|k| k.level == Level::Team).count()
        );
        // A small model starts open.
        let small = (templates::by_id("retail").unwrap().build)(today());
        assert!(default_collapsed(&small).is_empty());
    }
}
