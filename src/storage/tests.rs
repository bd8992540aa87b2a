//! The storage protocol, against in-memory stores that can fill up and fail.

use std::rc::Rc;

use super::*;
use crate::generate::{generate, Spec};
use crate::model::{Date, Kpi, KpiId, Level};

/// Milliseconds: second `s` of a day in 2026, plus `ms`.
fn at(s: u64, ms: u64) -> f64 {
    (1_790_000_000_000 + s * 1000 + ms) as f64
}

fn model(name: &str) -> Model {
    let mut m = Model::default();
    m.organisation.name = name.into();
    m.kpis.push(Kpi::new(KpiId(1), "Revenue", Level::Company));
    m
}

fn run<T>(f: impl std::future::Future<Output = T>) -> T {
    now_or_never(f)
}

fn opened_name(o: &Opened) -> String {
    match o {
        Opened::Loaded { loaded, .. } => loaded.model.organisation.name.clone(),
        other => panic!("expected a loaded model, got {other:?}"),
    }
}

fn save(store: &Store<Rc<MemoryCopies>>, name: &str, ms: f64) -> Saved {
    run(store.save(&model(name), None, ms, false)).unwrap()
}

#[test]
fn every_save_is_a_new_revision_and_reopening_reads_the_latest() {
    let copies = Rc::new(MemoryCopies::default());
    let store = Store::new(copies.clone(), "tab-1");
    assert!(matches!(run(store.open()), Opened::Empty));
    assert_eq!(save(&store, "One", at(1, 0)).head.revision, 1);
    assert_eq!(save(&store, "Two", at(2, 0)).head.revision, 2);
    let again = Store::new(copies, "tab-2");
    assert_eq!(opened_name(&run(again.open())), "Two");
    assert_eq!(again.known_revision(), 2);
}

#[test]
fn saves_keep_the_last_three_copies_with_revision_time_and_writer() {
    let copies = Rc::new(MemoryCopies::default());
    let store = Store::new(copies.clone(), "tab-1");
    for (i, name) in ["One", "Two", "Three", "Four", "Five"].iter().enumerate() {
        save(&store, name, at(7, i as u64));
    }
    let (head, all) = run(copies.list()).unwrap();
    assert_eq!(all.iter().map(|h| h.revision).collect::<Vec<_>>(), [3, 4, 5]);
    assert_eq!(head, Some(Head { revision: 5, saved_ms: at(7, 4) as u64, writer: "tab-1".into() }));
}

#[test]
fn a_failed_save_changes_nothing() {
    let copies = Rc::new(MemoryCopies::default());
    let store = Store::new(copies.clone(), "tab");
    save(&store, "Good", at(1, 0));
    copies.failing.set(true);
    assert_eq!(
        run(store.save(&model("New"), None, at(2, 0), false)),
        Err(SaveError::Backend(BackendError::Other("interrupted".into())))
    );
    copies.failing.set(false);
    assert_eq!(opened_name(&run(Store::new(copies.clone(), "other").open())), "Good");
    assert_eq!(run(copies.list()).unwrap().1.len(), 1);
}

#[test]
fn a_full_store_is_reported_and_what_was_stored_kept() {
    let copies = Rc::new(MemoryCopies::with_quota(2_000));
    let store = Store::new(copies.clone(), "tab");
    save(&store, "Small", at(1, 0));
    let mut big = model("Big");
    big.kpis[0].description = "x".repeat(3_000);
    let err = run(store.save(&big, None, at(2, 0), false)).unwrap_err();
    assert_eq!(err, SaveError::Quota);
    assert_eq!(
        err.to_string(),
        "the browser's storage for this site is full, so changes are not being saved"
    );
    assert_eq!(opened_name(&run(Store::new(copies, "x").open())), "Small");
}

#[test]
fn quota_errors_are_recognised_in_every_browsers_form() {
    assert_eq!(classify("QuotaExceededError", 22, ""), BackendError::Quota);
    assert_eq!(classify("NS_ERROR_DOM_QUOTA_REACHED", 1014, ""), BackendError::Quota);
    assert_eq!(classify("Error", 22, ""), BackendError::Quota);
    assert_eq!(classify("", 1014, ""), BackendError::Quota);
    assert!(matches!(classify("SecurityError", 18, "denied"), BackendError::Unavailable(m) if m == "denied"));
    assert!(matches!(classify("InvalidStateError", 11, "x"), BackendError::Other(_)));
}

fn damage(copies: &MemoryCopies, revision: u64, text: &str) {
    copies.copies.borrow_mut().get_mut(&revision).unwrap().1 = text.into();
}

#[test]
fn a_damaged_current_copy_offers_every_good_copy_newest_first() {
    let copies = Rc::new(MemoryCopies::default());
    let store = Store::new(copies.clone(), "tab");
    save(&store, "Oldest", at(1, 0));
    save(&store, "Older", at(2, 0));
    save(&store, "Newer", at(3, 0));
    damage(&copies, 3, "{\"format\": garbage");
    let fresh = Store::new(copies.clone(), "x");
    match run(fresh.open()) {
        Opened::Corrupt { problem, good, damaged } => {
            assert!(problem.contains("not valid JSON"), "{problem}");
            let names: Vec<_> = good.iter().map(|g| g.loaded.model.organisation.name.as_str()).collect();
            assert_eq!(names, ["Older", "Oldest"]);
            assert_eq!(good.iter().map(|g| g.head.revision).collect::<Vec<_>>(), [2, 1]);
            assert_eq!((damaged[0].head.revision, damaged[0].text.as_str()), (3, "{\"format\": garbage"));
        }
        other => panic!("expected recovery, got {other:?}"),
    }
    // Restoring one makes it current as a new revision; every copy stays.
    run(fresh.save(&model("Older"), None, at(4, 0), true)).unwrap();
    assert_eq!(opened_name(&run(Store::new(copies.clone(), "y").open())), "Older");
    assert_eq!(run(copies.list()).unwrap().1.iter().map(|h| h.revision).collect::<Vec<_>>(), [1, 2, 3, 4]);
}

#[test]
fn a_missing_head_is_never_read_as_empty() {
    let copies = Rc::new(MemoryCopies::default());
    let store = Store::new(copies.clone(), "tab");
    save(&store, "First", at(5, 100));
    save(&store, "Second", at(5, 900));
    *copies.head.borrow_mut() = None;
    match run(Store::new(copies, "x").open()) {
        Opened::Corrupt { problem, good, .. } => {
            assert!(problem.contains("missing"), "{problem}");
            // Both copies, told apart by revision and millisecond even in one second.
            let offered: Vec<_> = good.iter().map(|g| (g.head.revision, g.head.saved_ms)).collect();
            assert_eq!(offered, [(2, at(5, 900) as u64), (1, at(5, 100) as u64)]);
        }
        other => panic!("expected recovery, got {other:?}"),
    }
}

#[test]
fn starting_empty_after_recovery_is_no_conflict_and_never_deletes_a_good_copy_first() {
    let copies = Rc::new(MemoryCopies::default());
    let store = Store::new(copies.clone(), "tab");
    save(&store, "Good one", at(1, 0));
    save(&store, "Good two", at(2, 0));
    save(&store, "Damaged", at(3, 0));
    damage(&copies, 3, "not json");
    let fresh = Store::new(copies.clone(), "x");
    assert!(matches!(run(fresh.open()), Opened::Corrupt { .. }));
    // "Start empty": the first edit saves without a false conflict.
    for (i, name) in ["Empty 1", "Empty 2"].iter().enumerate() {
        run(fresh.save(&model(name), None, at(10 + i as u64, 0), false)).unwrap();
    }
    // Revisions 1 and 2 (good) are still there while 3 (damaged) is.
    let kept: Vec<_> = run(copies.list()).unwrap().1.iter().map(|h| h.revision).collect();
    assert_eq!(kept, [1, 2, 3, 4, 5]);
    // Once three good copies are newer, the damaged one goes with the older good ones.
    run(fresh.save(&model("Empty 3"), None, at(12, 0), false)).unwrap();
    let kept: Vec<_> = run(copies.list()).unwrap().1.iter().map(|h| h.revision).collect();
    assert_eq!(kept, [4, 5, 6]);
}

#[test]
fn prune_keeps_the_newest_good_copies_and_never_a_damaged_one_over_a_good_one() {
    assert_eq!(prune(&[1, 2], &[]), Vec::<u64>::new());
    assert_eq!(prune(&[1, 2, 3, 4, 5], &[]), [1, 2]);
    assert_eq!(prune(&[1, 2, 3, 4, 5], &[4]), Vec::<u64>::new());
    assert_eq!(prune(&[1, 2, 3, 4, 5, 6], &[3]), [1, 2, 3]);
}

#[test]
fn two_tabs_never_overwrite_each_others_newer_work_silently() {
    let copies = Rc::new(MemoryCopies::default());
    let one = Store::new(copies.clone(), "one");
    save(&one, "Base", at(1, 0));
    let two = Store::new(copies.clone(), "two");
    assert_eq!(opened_name(&run(two.open())), "Base");
    save(&one, "From one", at(2, 0));
    // Tab two has not seen revision 2: its save is refused, not silently applied.
    assert_eq!(
        run(two.save(&model("From two"), None, at(3, 0), false)),
        Err(SaveError::Conflict { theirs: 2 })
    );
    let (loaded, head) = run(two.latest()).unwrap();
    assert_eq!((loaded.model.organisation.name.as_str(), head.writer.as_str()), ("From one", "one"));
    two.took_in(head.revision);
    run(two.save(&model("From two"), None, at(4, 0), false)).unwrap();
    // Now tab one is behind; "keep mine" forces its copy.
    assert!(matches!(
        run(one.save(&model("Mine"), None, at(5, 0), false)),
        Err(SaveError::Conflict { theirs: 3 })
    ));
    assert_eq!(run(one.save(&model("Mine"), None, at(5, 0), true)).unwrap().head.revision, 4);
}

#[test]
fn the_download_holds_every_stored_copy() {
    let copies = Rc::new(MemoryCopies::default());
    let store = Store::new(copies.clone(), "tab");
    save(&store, "One", at(1, 0));
    save(&store, "Two", at(2, 0));
    damage(&copies, 2, "not json");
    let all: serde_json::Value = serde_json::from_str(&run(store.everything())).unwrap();
    assert_eq!(all["head"]["revision"], 2);
    assert_eq!(all["copies"].as_array().unwrap().len(), 2);
    assert_eq!(all["copies"][1]["text"], "not json");
    assert!(all["copies"][0]["text"].as_str().unwrap().contains("\"One\""));
}

#[test]
fn what_older_versions_stored_moves_over_once_oldest_first() {
    let kv = MemoryKv::default();
    let older = crate::format::codec::pack(&crate::format::save(&model("Older"), Timestamp(1_790_000_001)));
    let newer = crate::format::codec::pack(&crate::format::save(&model("Newer"), Timestamp(1_790_000_002)));
    kv.set(legacy::SLOT_A_KEY, &newer).unwrap();
    kv.set(legacy::SLOT_B_KEY, &older).unwrap();
    kv.set(legacy::HEAD_KEY, r#"{"slot":"a","revision":7,"writer":"t","saved_at":"2026-09-21T12:00:02Z"}"#)
        .unwrap();
    let copies = Rc::new(MemoryCopies::default());
    let store = Store::new(copies.clone(), "tab");
    assert_eq!(run(store.migrate(legacy::read(&kv), &kv)).unwrap(), 2);
    assert_eq!(opened_name(&run(store.open())), "Newer");
    assert_eq!(run(copies.list()).unwrap().1.len(), 2);
    assert!(kv.data.borrow().is_empty(), "the old layout is removed once moved");
    // Nothing moves twice, and nothing moves into a store that holds copies.
    kv.set(legacy::SLOT_A_KEY, &older).unwrap();
    assert_eq!(run(store.migrate(legacy::read(&kv), &kv)).unwrap(), 0);
}

#[test]
fn an_old_layout_without_a_head_moves_over_and_opens_recovery() {
    let kv = MemoryKv::default();
    kv.set(legacy::SLOT_A_KEY, &crate::format::save(&model("A"), Timestamp(1_790_000_001))).unwrap();
    kv.set(legacy::SLOT_B_KEY, &crate::format::save(&model("B"), Timestamp(1_790_000_002))).unwrap();
    let copies = Rc::new(MemoryCopies::default());
    let store = Store::new(copies, "tab");
    run(store.migrate(legacy::read(&kv), &kv)).unwrap();
    match run(store.open()) {
        Opened::Corrupt { good, .. } => {
            let names: Vec<_> = good.iter().map(|g| g.loaded.model.organisation.name.as_str()).collect();
            assert_eq!(names, ["B", "A"]);
        }
        other => panic!("expected recovery, got {other:?}"),
    }
}

#[test]
fn prefs_live_outside_the_model() {
    let kv = MemoryKv::default();
    assert_eq!(prefs(&kv), Prefs::default());
    let p = Prefs {
        last_exported: Some(Timestamp(1_790_000_009)),
        editor: "Ada".into(),
        live_server: "wss://sync.example.com".into(),
    };
    set_prefs(&kv, &p).unwrap();
    assert_eq!(prefs(&kv), p);
}

#[test]
fn two_copies_of_ten_thousand_kpis_with_two_years_of_weekly_actuals_are_stored() {
    let m = generate(&Spec::scaled(10_000), Date::from_ymd(2026, 11, 23).unwrap());
    let copies = Rc::new(MemoryCopies::default());
    let store = Store::new(copies.clone(), "tab");
    let first = run(store.save(&m, None, at(1, 0), false)).unwrap();
    run(store.save(&m, None, at(2, 0), false)).unwrap();
    assert!(first.bytes > 5 * 1024 * 1024, "more than the 5 MiB the old storage held: {} bytes", first.bytes);
    match run(store.open()) {
        Opened::Loaded { loaded, .. } => assert_eq!(loaded.model.kpis.len(), m.kpis.len()),
        other => panic!("expected the model, got {other:?}"),
    }
}
