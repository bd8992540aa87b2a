//! The storage protocol, against an in-memory backend that can fill up, fail and tear.

use std::rc::Rc;

use super::*;
use crate::generate::{generate, Spec};
use crate::model::{Date, Kpi, KpiId, Level};

fn t(s: i64) -> Timestamp {
    Timestamp(1_790_000_000 + s)
}

fn model(name: &str) -> Model {
    let mut m = Model::default();
    m.organisation.name = name.into();
    m.kpis.push(Kpi::new(KpiId(1), "Revenue", Level::Company));
    m
}

fn opened_name(o: &Opened) -> String {
    match o {
        Opened::Loaded { loaded, .. } => loaded.model.organisation.name.clone(),
        other => panic!("expected a loaded model, got {other:?}"),
    }
}

#[test]
fn saves_alternate_slots_and_reopen_the_latest() {
    let store = Store::new(MemoryBackend::default(), "tab-1");
    assert!(matches!(store.open(), Opened::Empty));
    assert_eq!(store.save(&model("One"), None, t(1), false).unwrap().revision, 1);
    assert_eq!(store.head().unwrap().slot, Slot::A);
    assert_eq!(store.save(&model("Two"), None, t(2), false).unwrap().revision, 2);
    assert_eq!(store.head().unwrap().slot, Slot::B);
    let again =
        Store::new(MemoryBackend { data: store.backend().data.clone(), ..MemoryBackend::default() }, "tab-2");
    assert_eq!(opened_name(&again.open()), "Two");
    assert_eq!(again.known_revision(), 2);
}

/// Saves "Good", then attempts "New" on a backend set up to fail; the good copy must
/// survive and still be what opens.
fn check_failed_save_keeps_good_copy(setup: impl Fn(&MemoryBackend), expect: SaveError) {
    let backend = Rc::new(MemoryBackend::default());
    let store = Store::new(backend.clone(), "tab");
    store.save(&model("Good"), None, t(1), false).unwrap();
    store.save(&model("Good"), None, t(2), false).unwrap();
    setup(&backend);
    assert_eq!(store.save(&model("New"), None, t(3), false), Err(expect));
    let fresh = Store::new(backend.clone(), "other");
    assert_eq!(opened_name(&fresh.open()), "Good");
}

#[test]
fn a_failed_or_interrupted_write_never_destroys_the_last_good_copy() {
    // The slot write is refused (quota): head still points at the good copy.
    check_failed_save_keeps_good_copy(
        |b| b.failing.borrow_mut().push(SLOT_A_KEY.into()),
        SaveError::Backend(BackendError::Other("interrupted".into())),
    );
    // The slot write tears (half the text lands): read-back catches it.
    check_failed_save_keeps_good_copy(|b| b.tearing.borrow_mut().push(SLOT_A_KEY.into()), SaveError::Verify);
    // The new copy is written but the head write fails: the old head still names the good copy.
    check_failed_save_keeps_good_copy(
        |b| b.failing.borrow_mut().push(HEAD_KEY.into()),
        SaveError::Backend(BackendError::Other("interrupted".into())),
    );
}

#[test]
fn a_full_quota_is_reported_and_the_stored_copy_kept() {
    let small = model("Small");
    let backend = Rc::new(MemoryBackend::with_quota(2_000));
    let store = Store::new(backend.clone(), "tab");
    store.save(&small, None, t(1), false).unwrap();
    let mut big = model("Big");
    big.kpis[0].description = "x".repeat(3_000);
    let err = store.save(&big, None, t(2), false).unwrap_err();
    assert_eq!(err, SaveError::Quota);
    assert_eq!(
        err.to_string(),
        "the browser's storage for this site is full, so changes are not being saved"
    );
    assert_eq!(opened_name(&Store::new(backend, "x").open()), "Small");
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

#[test]
fn a_corrupt_current_copy_opens_recovery_with_the_last_good_copy() {
    let backend = Rc::new(MemoryBackend::default());
    let store = Store::new(backend.clone(), "tab");
    store.save(&model("Older"), None, t(1), false).unwrap();
    store.save(&model("Newer"), None, t(2), false).unwrap();
    backend.data.borrow_mut().insert(SLOT_B_KEY.into(), "{\"format\": garbage".into());
    match Store::new(backend.clone(), "x").open() {
        Opened::Corrupt { problem, raw, backup } => {
            assert!(problem.contains("not valid JSON"), "{problem}");
            assert_eq!(raw, "{\"format\": garbage");
            let (loaded, head) = backup.expect("the other slot is the last good copy");
            assert_eq!(loaded.model.organisation.name, "Older");
            assert_eq!(head.slot, Slot::A);
        }
        other => panic!("expected recovery, got {other:?}"),
    }
    // Restoring the backup makes it current again.
    let store = Store::new(backend.clone(), "x");
    store.restore_copy(&model("Older"), None, t(3)).unwrap();
    assert_eq!(opened_name(&Store::new(backend, "y").open()), "Older");
}

#[test]
fn a_damaged_head_offers_the_newest_readable_copy() {
    let backend = Rc::new(MemoryBackend::default());
    let store = Store::new(backend.clone(), "tab");
    store.save(&model("Older"), None, t(1), false).unwrap();
    store.save(&model("Newer"), None, t(2), false).unwrap();
    backend.data.borrow_mut().insert(HEAD_KEY.into(), "not json".into());
    match Store::new(backend, "x").open() {
        Opened::Corrupt { raw, backup: Some((loaded, _)), .. } => {
            assert_eq!(raw, "not json");
            assert_eq!(loaded.model.organisation.name, "Newer");
        }
        other => panic!("expected recovery with a backup, got {other:?}"),
    }
}

#[test]
fn two_tabs_never_overwrite_each_others_newer_work_silently() {
    let backend = Rc::new(MemoryBackend::default());
    let one = Store::new(backend.clone(), "one");
    one.save(&model("Base"), None, t(1), false).unwrap();
    let two = Store::new(backend.clone(), "two");
    assert_eq!(opened_name(&two.open()), "Base");
    one.save(&model("From one"), None, t(2), false).unwrap();
    // Tab two has not seen revision 2: its save is refused, not silently applied.
    assert_eq!(two.save(&model("From two"), None, t(3), false), Err(SaveError::Conflict { theirs: 2 }));
    let (loaded, head) = two.read_current().unwrap();
    assert_eq!((loaded.model.organisation.name.as_str(), head.writer.as_str()), ("From one", "one"));
    two.save(&model("From two"), None, t(4), false).unwrap();
    // Now tab one is behind; "keep mine" forces its copy.
    assert!(matches!(one.save(&model("Mine"), None, t(5), false), Err(SaveError::Conflict { theirs: 3 })));
    assert_eq!(one.save(&model("Mine"), None, t(5), true).unwrap().revision, 4);
}

#[test]
fn prefs_live_outside_the_model() {
    let store = Store::new(MemoryBackend::default(), "tab");
    assert_eq!(store.prefs(), Prefs::default());
    let p = Prefs { last_exported: Some(t(9)), editor: "Ada".into() };
    store.set_prefs(&p).unwrap();
    assert_eq!(store.prefs(), p);
}

#[test]
fn two_copies_of_a_thousand_kpis_with_two_years_of_weekly_actuals_fit_five_mib() {
    let m = generate(&Spec::scaled(1000), Date::from_ymd(2026, 11, 23).unwrap());
    let store = Store::new(MemoryBackend::with_quota(5 * 1024 * 1024), "tab");
    let first = store.save(&m, None, t(1), false).unwrap();
    let second = store.save(&m, None, t(2), false).unwrap();
    assert!(first.chars + second.chars < 5 * 1024 * 1024);
    assert!(matches!(store.open(), Opened::Loaded { .. }));
}
