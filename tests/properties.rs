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

mod common;

use common::{edit_from, today};

fn base() -> Model {
    generate(&Spec { kpis: 60, departments: 4, people: 12, weeks: 8, seed: 3 }, today())
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
