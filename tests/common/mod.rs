//! Shared by the property tests: a random but meaningful edit for a model.

use interlock::model::*;

pub fn today() -> Date {
    Date::from_ymd(2026, 11, 23).unwrap()
}

/// Turns raw numbers into an edit that makes sense for the current model (or does not,
/// on purpose: refused edits are part of the property).
pub fn edit_from(m: &Model, op: u8, a: u32, b: u32, c: u32) -> Option<Edit> {
    let kpi = |n: u32| m.kpis.get(n as usize % m.kpis.len().max(1)).cloned();
    let person = |n: u32| m.people.get(n as usize % m.people.len().max(1)).cloned();
    Some(match op % 18 {
        0 => Edit::insert(Kpi::new(m.next_kpi_id(), format!("New {a}"), Level::ALL[b as usize % 3])),
        1 => {
            let mut k = kpi(a)?;
            k.name = format!("Renamed {b}");
            k.cadence = Cadence::ALL[c as usize % 5];
            Edit::update(k)
        }
        2 => ops::delete_kpi(m, kpi(a)?.id).ok()?,
        3 => ops::link(m, kpi(a)?.id, kpi(b)?.id, "Because it moves it").ok().unwrap_or_else(|| {
            // Also try the raw edit, which may be refused.
            Edit::insert(Link::new(KpiId(a % 80), KpiId(b % 80), ""))
        }),
        4 => {
            let l = m.links.get(a as usize % m.links.len().max(1))?;
            Edit::remove::<Link>((l.child, l.parent))
        }
        5 => {
            let mut k = kpi(a)?;
            k.record(Measurement {
                date: today().add_days(-(b as i32 % 400)),
                value: f64::from(c % 1000) / 10.0,
            });
            Edit::update(k)
        }
        6 => Edit::insert(Person {
            id: m.next_person_id(),
            name: format!("P{a}"),
            role: String::new(),
            department: m.departments.first().map(|d| d.id),
            manager: person(b).map(|p| p.id),
        }),
        7 => ops::delete_person(m, person(a)?.id).ok()?,
        8 => {
            let mut p = person(a)?;
            p.manager = person(b).map(|x| x.id);
            Edit::update(p)
        }
        9 => Edit::insert(Dependency {
            needed_by: Some(today().add_days(c as i32 % 90)),
            ..Dependency::new(m.next_dependency_id(), kpi(a)?.id, kpi(b)?.id)
        }),
        10 => Edit::insert(Influence {
            from: kpi(a)?.id,
            to: kpi(b)?.id,
            sign: Sign::Negative,
            note: String::new(),
        }),
        11 => {
            ops::delete_department(m, m.departments.get(a as usize % m.departments.len().max(1))?.id).ok()?
        }
        12 => Edit::Answer { question: format!("q{}", a % 5), value: (c % 6 < 5).then_some((c % 6) as u8) },
        13 => {
            let mut org = m.organisation.clone();
            org.velocity = Velocity::ALL[a as usize % 3];
            Edit::Organisation(org)
        }
        14 => Edit::Batch(vec![
            Edit::insert(Department { id: m.next_department_id(), name: format!("D{a}"), head: None }),
            Edit::remove::<Kpi>(KpiId(b % 90)),
        ]),
        15 => {
            let mut k = kpi(a)?;
            k.level = Level::ALL[b as usize % 3];
            Edit::update(k)
        }
        16 => {
            // A check-in (possibly a second one for the same period: refused).
            let k = kpi(a)?;
            let mut ci = ops::next_check_in(m, k.id, today().add_days(-7 * (b as i32 % 8)), today());
            ci.confidence = Confidence::ALL[c as usize % 3];
            ci.forecast = Some(f64::from(c % 100));
            ci.forecast_for = Some(today().add_days(30));
            let who = person(b).map(|p| p.id);
            ci.actions.push(Action {
                what: format!("Act {a}"),
                kpi: None,
                who,
                due: None,
                state: ActionState::Open,
            });
            ops::check_in(m, ci).ok()?
        }
        _ => {
            let mut ci = m.check_ins.get(a as usize % m.check_ins.len().max(1))?.clone();
            ci.variance = format!("Explained {b}");
            if let Some(x) = ci.actions.first_mut() {
                x.state = ActionState::Done;
            }
            Edit::update(ci)
        }
    })
}
