//! Properties over many generated inputs:
//! - any sequence of edits, then undoing all of them, gives back the original model;
//! - a refused edit leaves the model untouched;
//! - export then import is the identity, with nothing to repair;
//! - restore is idempotent, whatever a file holds.

use interlock::format;
use interlock::generate::{generate, Spec};
use interlock::model::*;
use proptest::prelude::*;
use serde_json::Value;

fn today() -> Date {
    Date::from_ymd(2026, 11, 23).unwrap()
}

fn base() -> Model {
    generate(&Spec { kpis: 60, departments: 4, people: 12, weeks: 8, seed: 3 }, today())
}

/// Turns raw numbers into an edit that makes sense for the current model (or does not,
/// on purpose: refused edits are part of the property).
fn edit_from(m: &Model, op: u8, a: u32, b: u32, c: u32) -> Option<Edit> {
    let kpi = |n: u32| m.kpis.get(n as usize % m.kpis.len().max(1)).cloned();
    let person = |n: u32| m.people.get(n as usize % m.people.len().max(1)).cloned();
    Some(match op % 16 {
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
        _ => {
            let mut k = kpi(a)?;
            k.level = Level::ALL[b as usize % 3];
            Edit::update(k)
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn undoing_every_edit_gives_back_the_original(ops in prop::collection::vec((any::<u8>(), any::<u32>(), any::<u32>(), any::<u32>()), 1..40)) {
        let original = base();
        let mut doc = Document::new(original.clone());
        let meta = EditMeta { at: Timestamp(1), by: "t".into(), why: String::new() };
        let mut applied = 0;
        for (op, a, b, c) in ops {
            let Some(edit) = edit_from(&doc.model, op, a, b, c) else { continue };
            let before = doc.model.clone();
            match doc.apply(edit, &meta) {
                Ok(_) => applied += 1,
                Err(_) => prop_assert_eq!(&doc.model, &before, "a refused edit changed the model"),
            }
        }
        for _ in 0..applied {
            prop_assert!(doc.undo().expect("a step to undo").is_ok());
        }
        prop_assert!(doc.undo().is_none());
        prop_assert_eq!(doc.model, original);
    }

    #[test]
    fn export_then_import_is_the_identity(seed in 0u64..1000, kpis in 1usize..120, weeks in 0usize..30) {
        let m = generate(&Spec { kpis, departments: 5, people: 15, weeks, seed }, today());
        let text = format::save(&m, Timestamp(1_700_000_000));
        let loaded = format::load(&text).expect("a saved model loads");
        prop_assert!(loaded.repairs.is_empty(), "{:?}", loaded.repairs);
        prop_assert_eq!(loaded.model, m);
    }

    #[test]
    fn restore_is_idempotent_whatever_the_file_holds(mutations in prop::collection::vec((any::<u16>(), any::<u16>(), any::<u8>()), 0..30)) {
        let m = base();
        let mut v: Value = serde_json::from_str(&format::save(&m, Timestamp(0))).unwrap();
        for (a, b, kind) in mutations {
            mutate(&mut v["model"], a as usize, b, kind);
        }
        let Ok(first) = format::load(&v.to_string()) else {
            // Some mutations make the file invalid (e.g. a string where a number goes);
            // those are refused with an error, which is fine here.
            return Ok(());
        };
        let again = format::load(&format::save(&first.model, Timestamp(0))).expect("a restored model saves and loads");
        let changes: Vec<_> = again.repairs.iter().filter(|r| r.changed).collect();
        prop_assert!(changes.is_empty(), "{:?}", changes);
        let kept = |l: &format::Loaded| l.repairs.iter().filter(|r| !r.changed).map(|r| r.message.clone()).collect::<Vec<_>>();
        prop_assert_eq!(kept(&again), kept(&first));
        prop_assert_eq!(again.model, first.model);
    }
}

/// Damages a model's JSON in ways files in the wild are damaged: ids duplicated or
/// removed, references pointing nowhere, lists reordered, entries deleted.
fn mutate(model: &mut Value, a: usize, b: u16, kind: u8) {
    let lists = ["kpis", "people", "departments", "links", "dependencies", "glossary", "influences"];
    let list = lists[a % lists.len()];
    let Some(items) = model.get_mut(list).and_then(Value::as_array_mut) else { return };
    if items.is_empty() {
        return;
    }
    let i = a % items.len();
    let fields = [
        "id",
        "parent",
        "child",
        "owner",
        "department",
        "manager",
        "head",
        "term",
        "dependent",
        "prerequisite",
        "from",
    ];
    let field = fields[b as usize % fields.len()];
    match kind % 6 {
        0 => {
            if let Some(o) = items[i].as_object_mut() {
                o.remove(field);
            }
        }
        1 => {
            if let Some(o) = items[i].as_object_mut() {
                if o.contains_key(field) {
                    let value = if field == "owner" {
                        serde_json::json!({"person": b % 50})
                    } else {
                        Value::from(b % 50)
                    };
                    o.insert(field.into(), value);
                }
            }
        }
        2 => {
            let dup = items[(i + 1) % items.len()].clone();
            items.push(dup);
        }
        3 => {
            items.remove(i);
        }
        4 => {
            if let Some(ms) = items[i].get_mut("measurements").and_then(Value::as_array_mut) {
                ms.reverse();
                if let Some(first) = ms.first().cloned() {
                    ms.push(first);
                }
            }
        }
        _ => {
            let j = (i + b as usize) % items.len();
            items.swap(i, j);
        }
    }
}
