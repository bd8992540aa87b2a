//! What dropping a KPI somewhere on the cascade board means, decided without a browser.
//!
//! The board's pointer, keyboard and menu paths all end in [`plan_drop`]: given the KPI
//! being moved, where it is dropped and whether the "add another parent" modifier is
//! held, it returns the edit to apply and the sentence to announce, or the reason the
//! drop is refused (shown on the target while dragging). [`drop_targets`] lists every
//! valid target for the keyboard path and for marking targets during a drag.

use super::edit::{validate_link_shape, Edit};
use super::entities::*;
use super::ids::*;
use super::ops;
use super::query;

/// Where a KPI can be dropped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DropTarget {
    /// Onto another KPI: link under it (or re-parent to it).
    Kpi(KpiId),
    /// Onto a department group: move the KPI to that department.
    Department(DeptId),
    /// Onto a person's group: give the KPI to that person (team KPIs).
    Person(PersonId),
}

/// A drop that will happen.
#[derive(Clone, Debug, PartialEq)]
pub struct DropPlan {
    pub edit: Edit,
    /// What happened, for the live region: "Linked “A” under “B”".
    pub announcement: String,
    /// Whether the drop created a link (the board then asks for its rationale).
    pub new_link: Option<(KpiId, KpiId)>,
}

fn q(s: &str) -> String {
    format!("\u{201c}{s}\u{201d}")
}

/// Decides what dropping `dragged` on `target` does. `add_parent` (a modifier key) adds
/// another parent instead of moving the KPI from its current parent.
pub fn plan_drop(
    m: &Model,
    dragged: KpiId,
    target: DropTarget,
    add_parent: bool,
) -> Result<DropPlan, String> {
    let k = query::kpi(m, dragged).ok_or_else(|| format!("{dragged} no longer exists"))?;
    match target {
        DropTarget::Kpi(parent) => {
            if parent == dragged {
                return Err(format!("{} cannot be linked to itself", q(&k.name)));
            }
            let p = query::kpi(m, parent).ok_or_else(|| format!("{parent} no longer exists"))?;
            if m.links.iter().any(|l| l.child == dragged && l.parent == parent) {
                return Err(format!("{} is already linked under {}", q(&k.name), q(&p.name)));
            }
            validate_link_shape(m, dragged, parent).map_err(|e| capitalise(&e.to_string()))?;
            let current: Vec<&Link> = m.links.iter().filter(|l| l.child == dragged).collect();
            match (add_parent, current.as_slice()) {
                (false, [only]) => {
                    let edit = ops::reparent(m, dragged, only.parent, parent)
                        .map_err(|e| capitalise(&e.to_string()))?;
                    Ok(DropPlan {
                        edit,
                        announcement: format!(
                            "Moved {} from under {} to under {}",
                            q(&k.name),
                            q(&query::kpi_name(m, only.parent)),
                            q(&p.name)
                        ),
                        new_link: Some((dragged, parent)),
                    })
                }
                (false, [_, _, ..]) => Err(format!(
                    "{} has several parents; hold Shift to add one more, or remove a link first",
                    q(&k.name)
                )),
                _ => {
                    let edit = ops::link(m, dragged, parent, "").map_err(|e| capitalise(&e.to_string()))?;
                    let announcement = if current.is_empty() {
                        format!("Linked {} under {}", q(&k.name), q(&p.name))
                    } else {
                        format!("Linked {} under {} as well", q(&k.name), q(&p.name))
                    };
                    Ok(DropPlan { edit, announcement, new_link: Some((dragged, parent)) })
                }
            }
        }
        DropTarget::Department(d) => {
            let dept = query::department(m, d).ok_or_else(|| format!("{d} no longer exists"))?;
            if k.level == Level::Company {
                return Err(format!("{} is a company KPI and belongs to no department", q(&k.name)));
            }
            if k.department == Some(d) {
                return Err(format!("{} is already in {}", q(&k.name), dept.name));
            }
            let edit = ops::move_to_department(m, dragged, d).map_err(|e| capitalise(&e.to_string()))?;
            Ok(DropPlan {
                edit,
                announcement: format!("Moved {} to {}", q(&k.name), dept.name),
                new_link: None,
            })
        }
        DropTarget::Person(p) => {
            let person = query::person(m, p).ok_or_else(|| format!("{p} no longer exists"))?;
            if k.level != Level::Team {
                return Err(format!(
                    "Only team KPIs belong to a person's group; {} is a {} KPI (change its owner in the form)",
                    q(&k.name),
                    k.level.label().to_lowercase()
                ));
            }
            if k.owner_person() == Some(p) {
                return Err(format!("{} is already {}'s", q(&k.name), person.name));
            }
            let edit = ops::move_to_owner(m, dragged, p).map_err(|e| capitalise(&e.to_string()))?;
            Ok(DropPlan {
                edit,
                announcement: format!("Gave {} to {}", q(&k.name), person.name),
                new_link: None,
            })
        }
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Every valid drop target for a KPI, in board order: KPIs one level up (company, then
/// department KPIs by department), then departments, then people. The same answers as
/// asking [`plan_drop`] about each target, in one pass over the model: O(n + m).
pub fn drop_targets(m: &Model, dragged: KpiId, add_parent: bool) -> Vec<DropTarget> {
    let Some(k) = query::kpi(m, dragged) else { return Vec::new() };
    let mut out: Vec<DropTarget> = Vec::new();
    let current: Vec<KpiId> = m.links.iter().filter(|l| l.child == dragged).map(|l| l.parent).collect();
    // Without the modifier, a KPI with several parents cannot be moved by a drop.
    let may_link = add_parent || current.len() < 2;
    if let (Some(parent_level), true) = (k.level.parent(), may_link) {
        // A KPI already below the dragged one would close a loop.
        let idx = query::Index::new(m);
        let below: std::collections::HashSet<usize> =
            idx.kpi_pos(dragged).map(|i| idx.descendants(i)).unwrap_or_default().into_iter().collect();
        let dept_order: std::collections::HashMap<DeptId, usize> =
            m.departments.iter().enumerate().map(|(i, d)| (d.id, i)).collect();
        let mut parents: Vec<(usize, &Kpi)> = m
            .kpis
            .iter()
            .enumerate()
            .filter(|(i, p)| {
                p.level == parent_level
                    && p.is_active()
                    && p.id != dragged
                    && !current.contains(&p.id)
                    && !below.contains(i)
            })
            .collect();
        crate::order::sort_by_key(&mut parents, |(_, p)| {
            p.department.and_then(|d| dept_order.get(&d).copied()).unwrap_or(usize::MAX)
        });
        out.extend(parents.into_iter().map(|(_, p)| DropTarget::Kpi(p.id)));
    }
    if k.level != Level::Company {
        out.extend(
            m.departments.iter().filter(|d| k.department != Some(d.id)).map(|d| DropTarget::Department(d.id)),
        );
    }
    if k.level == Level::Team {
        out.extend(
            m.people.iter().filter(|p| k.owner_person() != Some(p.id)).map(|p| DropTarget::Person(p.id)),
        );
    }
    out
}

/// How a drop target is named in announcements.
pub fn target_name(m: &Model, t: DropTarget) -> String {
    match t {
        DropTarget::Kpi(k) => q(&query::kpi_name(m, k)),
        DropTarget::Department(d) => format!("the {} department", query::department_name(m, d)),
        DropTarget::Person(p) => format!("{}'s KPIs", query::person_name(m, p)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::apply;

    /// Company 1, 2; department KPIs 10 (Sales, under 1), 11 (Marketing, no parent);
    /// team KPI 100 (Sales, Sam's, under 10).
    fn board() -> Model {
        let departments = vec![
            Department { id: DeptId(1), name: "Sales".into(), head: None },
            Department { id: DeptId(2), name: "Marketing".into(), head: None },
        ];
        let people = vec![
            Person {
                id: PersonId(1),
                name: "Sam".into(),
                role: String::new(),
                department: Some(DeptId(1)),
                manager: None,
            },
            Person {
                id: PersonId(2),
                name: "Mia".into(),
                role: String::new(),
                department: Some(DeptId(2)),
                manager: None,
            },
        ];
        let kpi = |id, name: &str, level, dept: Option<u32>, owner: Option<u32>| {
            let mut k = Kpi::new(KpiId(id), name, level);
            k.department = dept.map(DeptId);
            k.owner = owner.map(|p| Owner::Person(PersonId(p)));
            k
        };
        let kpis = vec![
            kpi(1, "Revenue", Level::Company, None, None),
            kpi(2, "Retention", Level::Company, None, None),
            kpi(10, "Pipeline", Level::Department, Some(1), Some(1)),
            kpi(11, "Leads", Level::Department, Some(2), Some(2)),
            kpi(100, "Calls", Level::Team, Some(1), Some(1)),
        ];
        let link = |c, p| Link::new(KpiId(c), KpiId(p), "because");
        Model { departments, people, kpis, links: vec![link(10, 1), link(100, 10)], ..Model::default() }
    }

    fn drop(m: &mut Model, k: u32, t: DropTarget, add: bool) -> Result<String, String> {
        let plan = plan_drop(m, KpiId(k), t, add)?;
        apply(m, plan.edit).map_err(|e| e.to_string())?;
        Ok(plan.announcement)
    }

    fn parents(m: &Model, k: u32) -> Vec<u32> {
        m.links.iter().filter(|l| l.child == KpiId(k)).map(|l| l.parent.0).collect()
    }

    #[test]
    fn dropping_an_unlinked_kpi_on_one_level_up_links_it() {
        let mut m = board();
        assert_eq!(
            drop(&mut m, 11, DropTarget::Kpi(KpiId(1)), false).unwrap(),
            "Linked \u{201c}Leads\u{201d} under \u{201c}Revenue\u{201d}"
        );
        assert_eq!(parents(&m, 11), [1]);
        let plan = plan_drop(&board(), KpiId(11), DropTarget::Kpi(KpiId(1)), false).unwrap();
        assert_eq!(plan.new_link, Some((KpiId(11), KpiId(1))));
    }

    #[test]
    fn dropping_a_linked_kpi_on_another_parent_reparents_it_and_a_modifier_adds_a_second() {
        let mut m = board();
        assert_eq!(
            drop(&mut m, 10, DropTarget::Kpi(KpiId(2)), false).unwrap(),
            "Moved \u{201c}Pipeline\u{201d} from under \u{201c}Revenue\u{201d} to under \u{201c}Retention\u{201d}"
        );
        assert_eq!(parents(&m, 10), [2]);
        assert_eq!(
            drop(&mut m, 10, DropTarget::Kpi(KpiId(1)), true).unwrap(),
            "Linked \u{201c}Pipeline\u{201d} under \u{201c}Revenue\u{201d} as well"
        );
        assert_eq!(parents(&m, 10), [2, 1]);
        // With two parents, a plain drop is ambiguous and refused with advice.
        let mut third = m.clone();
        third.kpis.push(Kpi::new(KpiId(3), "Margin", Level::Company));
        assert!(plan_drop(&third, KpiId(10), DropTarget::Kpi(KpiId(3)), false)
            .unwrap_err()
            .contains("hold Shift to add one more"));
    }

    #[test]
    fn same_level_skipped_levels_self_and_duplicates_are_refused_with_the_reason() {
        let m = board();
        let refuse = |k, t, add| plan_drop(&m, KpiId(k), DropTarget::Kpi(KpiId(t)), add).unwrap_err();
        assert_eq!(refuse(10, 11, false), "A link must go exactly one level up: \u{201c}Pipeline\u{201d} is a department KPI and \u{201c}Leads\u{201d} a department KPI");
        assert!(refuse(100, 1, false)
            .contains("\u{201c}Calls\u{201d} is a team KPI and \u{201c}Revenue\u{201d} a company KPI"));
        assert!(
            refuse(1, 10, false).contains("is a company KPI and \u{201c}Pipeline\u{201d} a department KPI")
        );
        assert_eq!(refuse(10, 10, false), "\u{201c}Pipeline\u{201d} cannot be linked to itself");
        assert_eq!(
            refuse(10, 1, true),
            "\u{201c}Pipeline\u{201d} is already linked under \u{201c}Revenue\u{201d}"
        );
    }

    #[test]
    fn a_cycle_through_imported_links_is_refused() {
        let mut m = board();
        // An imported, level-breaking link: Revenue (company) under Calls (team).
        m.links.push(Link::new(KpiId(1), KpiId(100), ""));
        m.links.retain(|l| l.child != KpiId(10));
        let err = plan_drop(&m, KpiId(10), DropTarget::Kpi(KpiId(1)), false).unwrap_err();
        assert!(err.contains("cycle"), "{err}");
    }

    #[test]
    fn moving_between_department_and_person_groups() {
        let mut m = board();
        assert_eq!(
            drop(&mut m, 10, DropTarget::Department(DeptId(2)), false).unwrap(),
            "Moved \u{201c}Pipeline\u{201d} to Marketing"
        );
        assert_eq!(query::kpi(&m, KpiId(10)).unwrap().department, Some(DeptId(2)));
        assert_eq!(
            drop(&mut m, 100, DropTarget::Person(PersonId(2)), false).unwrap(),
            "Gave \u{201c}Calls\u{201d} to Mia"
        );
        let calls = query::kpi(&m, KpiId(100)).unwrap();
        assert_eq!((calls.owner_person(), calls.department), (Some(PersonId(2)), Some(DeptId(2))));
        assert!(plan_drop(&m, KpiId(1), DropTarget::Department(DeptId(1)), false)
            .unwrap_err()
            .contains("belongs to no department"));
        assert!(plan_drop(&m, KpiId(11), DropTarget::Person(PersonId(1)), false)
            .unwrap_err()
            .contains("Only team KPIs"));
        assert!(plan_drop(&m, KpiId(100), DropTarget::Person(PersonId(2)), false)
            .unwrap_err()
            .contains("already Mia's"));
    }

    #[test]
    fn the_keyboard_targets_are_exactly_the_valid_drops() {
        let m = board();
        // Leads (department, unlinked): both company KPIs, and the other department.
        assert_eq!(
            drop_targets(&m, KpiId(11), false),
            [DropTarget::Kpi(KpiId(1)), DropTarget::Kpi(KpiId(2)), DropTarget::Department(DeptId(1))]
        );
        // Calls (team, under Pipeline): the other department KPI, the other department, Mia.
        assert_eq!(
            drop_targets(&m, KpiId(100), false),
            [DropTarget::Kpi(KpiId(11)), DropTarget::Department(DeptId(2)), DropTarget::Person(PersonId(2))]
        );
        assert!(drop_targets(&m, KpiId(1), false).is_empty());
    }

    #[test]
    fn the_targets_agree_with_asking_plan_drop_about_every_candidate() {
        let today = crate::model::Date::from_ymd(2026, 11, 23).unwrap();
        let mut models: Vec<Model> = crate::templates::ALL.iter().map(|t| t.build(today)).collect();
        models.push(board());
        for m in &models {
            for k in &m.kpis {
                for add in [false, true] {
                    let candidates = m
                        .kpis
                        .iter()
                        .map(|p| DropTarget::Kpi(p.id))
                        .chain(m.departments.iter().map(|d| DropTarget::Department(d.id)))
                        .chain(m.people.iter().map(|p| DropTarget::Person(p.id)));
                    let valid: std::collections::HashSet<DropTarget> =
                        candidates.filter(|t| plan_drop(m, k.id, *t, add).is_ok()).collect();
                    let listed = drop_targets(m, k.id, add);
                    let as_set: std::collections::HashSet<DropTarget> = listed.iter().copied().collect();
                    // Company KPIs are never targets of a retired one's drop in the
                    // list (only active parents are offered); everything listed is valid.
                    assert!(as_set.is_subset(&valid), "{}: {:?}", k.name, as_set.difference(&valid));
                    let missing: Vec<_> = valid
                        .difference(&as_set)
                        .filter(|t| match t {
                            DropTarget::Kpi(p) => query::kpi(m, *p).is_some_and(|p| p.is_active()),
                            _ => true,
                        })
                        .collect();
                    assert!(missing.is_empty(), "{}: {missing:?}", k.name);
                    assert_eq!(as_set.len(), listed.len());
                }
            }
        }
    }
}
