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
    /// Empty when collapsed; at most [`CARD_LIMIT`] unless the group is shown in full.
    pub cards: Vec<Card>,
    /// Cards of an open group not rendered (beyond the limit).
    pub hidden: usize,
    /// How many distinct KPIs the group's KPIs feed (shown while folded, when no
    /// connectors are drawn from it).
    pub feeds: usize,
}

/// The three lanes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Lanes {
    pub company: Vec<Card>,
    /// Company cards beyond [`CARD_LIMIT`], not rendered.
    pub company_hidden: usize,
    pub departments: Vec<Group>,
    /// Department groups beyond the page, not rendered.
    pub departments_hidden: usize,
    pub people: Vec<Group>,
    /// People groups beyond the page (or not matching the filter), not rendered.
    pub people_hidden: usize,
    /// Where each active KPI sits: its group (`None` for company KPIs).
    pub home: HashMap<KpiId, Option<GroupKey>>,
}

/// Groups start folded when a lane would hold more cards than this.
pub const OPEN_LIMIT: usize = 100;
/// An open group renders at most this many cards until shown in full.
pub const CARD_LIMIT: usize = 40;
/// Each lane lists this many groups at a time ("show more" adds as many again).
pub const GROUP_PAGE: usize = 60;

/// What the user has asked to see beyond the defaults.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Paging {
    /// Groups listed per lane.
    pub groups: usize,
    /// Groups (and `None`: the company lane) whose cards are all rendered.
    pub full: HashSet<Option<GroupKey>>,
    /// Only people whose name or role contains this (case-insensitive).
    pub people_filter: String,
}

impl Paging {
    pub fn new() -> Paging {
        Paging { groups: GROUP_PAGE, ..Paging::default() }
    }
}

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
    paging: &Paging,
) -> Lanes {
    let mut parents_of: HashMap<KpiId, Vec<KpiId>> = HashMap::new();
    for l in &m.links {
        parents_of.entry(l.child).or_default().push(l.parent);
    }
    let idx = query::Index::new(m);
    let card = |k: &crate::model::Kpi| Card {
        id: k.id,
        name: k.name.clone(),
        owner: idx.owner_label(m, k),
        level: k.level,
        leading: k.indicator == Indicator::Leading,
        status: status::current(k, today),
        findings: findings.get(&k.id).copied().unwrap_or(0),
        parents: parents_of.get(&k.id).map_or(0, Vec::len),
    };
    let mut home = HashMap::new();
    let active: Vec<&crate::model::Kpi> = m.kpis.iter().filter(|k| k.is_active()).collect();
    let company_all: Vec<&&crate::model::Kpi> = active.iter().filter(|k| k.level == Level::Company).collect();
    for k in &company_all {
        home.insert(k.id, None);
    }
    let company_limit = if paging.full.contains(&None) { usize::MAX } else { CARD_LIMIT };
    let company: Vec<Card> = company_all.iter().take(company_limit).map(|k| card(k)).collect();
    let company_hidden = company_all.len() - company.len();

    let mut group = |key: GroupKey, title: String, ks: Vec<&crate::model::Kpi>| -> Option<Group> {
        let feeds = {
            let mut ps: Vec<KpiId> =
                ks.iter().flat_map(|k| parents_of.get(&k.id).into_iter().flatten().copied()).collect();
            crate::order::sort(&mut ps);
            ps.dedup();
            ps.len()
        };
        if ks.is_empty() && matches!(key, GroupKey::NoDepartment | GroupKey::NoOwner) {
            return None;
        }
        for k in &ks {
            home.insert(k.id, Some(key));
        }
        let is_collapsed = collapsed.contains(&key);
        let limit = if paging.full.contains(&Some(key)) { usize::MAX } else { CARD_LIMIT };
        let count = ks.len();
        let cards: Vec<Card> =
            if is_collapsed { Vec::new() } else { ks.into_iter().take(limit).map(card).collect() };
        Some(Group {
            key,
            title,
            count,
            collapsed: is_collapsed,
            hidden: if is_collapsed { 0 } else { count - cards.len() },
            cards,
            feeds,
        })
    };

    let dept_level: Vec<&crate::model::Kpi> =
        active.iter().copied().filter(|k| k.level == Level::Department).collect();
    let mut dept_kpis: HashMap<Option<DeptId>, Vec<&crate::model::Kpi>> = HashMap::new();
    for &k in &dept_level {
        dept_kpis.entry(k.department).or_default().push(k);
    }
    let mut departments: Vec<Group> = m
        .departments
        .iter()
        .filter_map(|d| {
            let ks = dept_kpis.remove(&Some(d.id)).unwrap_or_default();
            group(GroupKey::Department(d.id), d.name.clone(), ks)
        })
        .collect();
    // KPIs of no department, or of one that does not exist, in model order.
    let loose: Vec<&crate::model::Kpi> =
        dept_level.iter().copied().filter(|k| dept_kpis.contains_key(&k.department)).collect();
    departments.extend(group(GroupKey::NoDepartment, "No department".into(), loose));

    let mut team_by_owner: HashMap<Option<crate::model::PersonId>, Vec<&crate::model::Kpi>> = HashMap::new();
    for k in active.iter().copied().filter(|k| k.level == Level::Team) {
        team_by_owner.entry(k.owner_person()).or_default().push(k);
    }
    let filter = paging.people_filter.trim().to_lowercase();
    let mut people: Vec<Group> = m
        .people
        .iter()
        .filter_map(|p| {
            let ks = team_by_owner.remove(&Some(p.id))?;
            let title =
                if p.role.is_empty() { p.name.clone() } else { format!("{} \u{2014} {}", p.name, p.role) };
            group(GroupKey::Person(p.id), title, ks)
        })
        .collect();
    let unowned: Vec<&crate::model::Kpi> = team_by_owner.into_values().flatten().collect();
    people.extend(group(GroupKey::NoOwner, "No person as owner".into(), unowned));
    if !filter.is_empty() {
        people.retain(|g| g.title.to_lowercase().contains(&filter));
    }
    let page = paging.groups.max(1);
    let departments_hidden = departments.len().saturating_sub(page);
    departments.truncate(page);
    let people_hidden = people.len().saturating_sub(page);
    people.truncate(page);
    Lanes { company, company_hidden, departments, departments_hidden, people, people_hidden, home }
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
    fn ten_thousand_kpis_render_a_bounded_board_whatever_is_asked() {
        let m = generate(&Spec::scaled(10_000), today());
        let l = lanes(&m, today(), &default_collapsed(&m), &HashMap::new(), &Paging::new());
        let cards =
            l.company.len() + l.departments.iter().chain(&l.people).map(|g| g.cards.len()).sum::<usize>();
        let groups = l.departments.len() + l.people.len();
        assert!(
            cards <= OPEN_LIMIT + CARD_LIMIT && groups <= 2 * GROUP_PAGE,
            "{cards} cards, {groups} groups"
        );
        assert!(l.people_hidden > 1000);
        // Opening one big group renders at most CARD_LIMIT of its cards.
        let big = l.people[0].key;
        let mut open = default_collapsed(&m);
        open.remove(&big);
        let l = lanes(&m, today(), &open, &HashMap::new(), &Paging::new());
        let g = l.people.iter().find(|g| g.key == big).unwrap();
        assert_eq!(g.cards.len() + g.hidden, g.count);
        assert!(g.cards.len() <= CARD_LIMIT);
        // The filter finds people beyond the first page.
        let last = m.people.last().unwrap().name.clone();
        let paging = Paging { people_filter: last.clone(), ..Paging::new() };
        let l = lanes(&m, today(), &open, &HashMap::new(), &paging);
        assert!(l.people.iter().all(|g| g.title.contains(&last)) && !l.people.is_empty());
    }

    #[test]
    fn every_active_kpi_has_a_home_and_retired_ones_are_left_out() {
        let m = templates::by_id("saas").unwrap().build(today());
        let l = lanes(&m, today(), &HashSet::new(), &HashMap::new(), &Paging::new());
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
        let l = lanes(&m, today(), &folded, &HashMap::new(), &Paging::new());
        let cards =
            l.company.len() + l.departments.iter().chain(&l.people).map(|g| g.cards.len()).sum::<usize>();
        assert!(cards <= OPEN_LIMIT + 5, "{cards} cards rendered");
        let owners = m
            .people
            .iter()
            .filter(|p| m.kpis.iter().any(|k| k.level == Level::Team && k.owner_person() == Some(p.id)));
        assert_eq!(l.people.len() + l.people_hidden, owners.count());
        assert_eq!(l.people.len(), GROUP_PAGE);
        // A small model starts open.
        let small = templates::by_id("retail").unwrap().build(today());
        assert!(default_collapsed(&small).is_empty());
    }
}
