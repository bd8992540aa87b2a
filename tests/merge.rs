//! Copies of one model edited apart and merged through the CRDT document:
//! - every copy ends with the same model, whatever order the states are exchanged in;
//! - an edit survives unless another copy changed the same field;
//! - merging is idempotent, and the report says what the other copy changed;
//! - damaged or foreign documents are refused with a message, never a panic.

mod common;
mod regressions;

use common::{edit_from, today};
use interlock::crdt::report::{compare, merge, merge_copy, Change};
use interlock::crdt::{CrdtError, Replica};
use interlock::generate::{generate, Spec};
use interlock::model::*;
use proptest::prelude::*;

fn base() -> Model {
    generate(&Spec { kpis: 40, departments: 4, people: 10, weeks: 6, seed: 7 }, today())
}

fn meta() -> EditMeta {
    EditMeta { at: Timestamp(1), by: "t".into(), why: String::new() }
}

/// A copy of `state` numbered `client`, with its model.
fn open(client: u64, state: &[u8]) -> (Replica, Model) {
    let mut r = Replica::from_state(client, state).expect("a document reads");
    let (m, _) = r.read();
    (r, m)
}

/// Applies an edit to a copy's model and records it in its document.
fn edit(r: &mut Replica, m: &mut Model, e: Edit) {
    let mut doc = Document::new(m.clone());
    doc.apply(e, &meta()).expect("the edit applies");
    *m = doc.model;
    r.record(m);
}

fn kpi_named<'a>(m: &'a Model, name: &str) -> &'a Kpi {
    m.kpis.iter().find(|k| k.name == name).unwrap_or_else(|| panic!("no KPI named {name}"))
}

#[test]
fn a_document_gives_back_the_model_it_was_started_with() {
    let model = base();
    let mut r = Replica::start(1, &model);
    let (read, repairs) = r.read();
    assert!(repairs.is_empty(), "{repairs:?}");
    let (_, again) = open(2, &r.state());
    assert_eq!(read, again);
    assert_eq!(read.kpis.len(), model.kpis.len());
    same(&format_of(&read), &format_of(&sorted(&model)));
}

/// Asserts two texts are equal, showing where they first differ.
fn same(a: &str, b: &str) {
    if let Some(at) = a
        .bytes()
        .zip(b.bytes())
        .position(|(x, y)| x != y)
        .or((a.len() != b.len()).then(|| a.len().min(b.len())))
    {
        let from = at.saturating_sub(150);
        panic!(
            "differ at {at}:\n  {}\n  {}",
            &a[from..(at + 150).min(a.len())],
            &b[from..(at + 150).min(b.len())]
        );
    }
}

fn sorted(m: &Model) -> Model {
    let mut m = m.clone();
    m.links.sort_by_key(|l| (l.child, l.parent));
    m.influences.sort_by_key(|i| (i.from, i.to));
    m
}

fn format_of(m: &Model) -> String {
    interlock::format::save(m, Timestamp(0))
}

#[test]
fn two_colleagues_edit_different_fields_and_each_adds_a_kpi_and_both_keep_everything() {
    let start = Replica::start(1, &base());
    let state = start.state();
    let (mut a, mut am) = open(10, &state);
    let (mut b, mut bm) = open(20, &state);
    let target = am.kpis[0].id;

    let mut k = am.kpis.iter().find(|k| k.id == target).unwrap().clone();
    k.description = "Counted at invoice".into();
    edit(&mut a, &mut am, Edit::update(k));
    let id = am.next_kpi_id();
    edit(&mut a, &mut am, Edit::insert(Kpi::new(id, "Added by A", Level::Company)));

    let mut k = bm.kpis.iter().find(|k| k.id == target).unwrap().clone();
    k.cadence = Cadence::Weekly;
    k.record(Measurement { date: today().add_days(3), value: 42.0 });
    edit(&mut b, &mut bm, Edit::update(k));
    let id = bm.next_kpi_id();
    edit(&mut b, &mut bm, Edit::insert(Kpi::new(id, "Added by B", Level::Company)));
    assert_eq!(kpi_named(&am, "Added by A").id, kpi_named(&bm, "Added by B").id, "both took the same number");

    let merged = merge(&a, &b.state()).expect("same lineage");
    let m = &merged.model;
    let k = m.kpis.iter().find(|k| k.id == target).unwrap();
    assert_eq!(k.description, "Counted at invoice");
    assert_eq!(k.cadence, Cadence::Weekly);
    assert_eq!(k.latest().map(|x| x.value), Some(42.0));
    let (ka, kb) = (kpi_named(m, "Added by A"), kpi_named(m, "Added by B"));
    assert_ne!(ka.id, kb.id, "the two new KPIs must keep distinct ids");
    assert!(
        merged.repairs.iter().any(|r| r.message.contains("added in two copies at once")),
        "{:?}",
        merged.repairs
    );

    // The report lists what B changed, not what A did.
    let report = &merged.report;
    assert!(
        report.items.iter().any(|i| i.change == Change::Added && i.what.contains("Added by B")),
        "{report:?}"
    );
    assert!(!report.items.iter().any(|i| i.what.contains("Added by A")), "{report:?}");
    let changed = report.items.iter().find(|i| i.change == Change::Changed).expect("a changed KPI");
    assert!(changed.fields.iter().any(|f| f.field == "cadence" && f.new == "weekly"), "{changed:?}");
    assert_eq!(changed.actuals_added, 1);
    assert_eq!(report.conflicts(), 0);

    // B merging A's copy ends with the same model.
    let other = merge(&b, &a.state()).expect("same lineage");
    assert_eq!(other.model, merged.model);
}

#[test]
fn the_same_field_changed_on_both_sides_is_reported_with_the_winner_and_the_loser() {
    let state = Replica::start(1, &base()).state();
    let (mut a, mut am) = open(10, &state);
    let (mut b, mut bm) = open(20, &state);
    let mut k = am.kpis[3].clone();
    k.name = "Name from A".into();
    edit(&mut a, &mut am, Edit::update(k));
    let mut k = bm.kpis[3].clone();
    k.name = "Name from B".into();
    edit(&mut b, &mut bm, Edit::update(k));

    let merged = merge(&a, &b.state()).unwrap();
    let winner = merged.model.kpis.iter().find(|k| k.id == am.kpis[3].id).unwrap().name.clone();
    assert!(winner == "Name from A" || winner == "Name from B");
    let loser = if winner == "Name from A" { "Name from B" } else { "Name from A" };
    let back = merge(&b, &a.state()).unwrap();
    assert_eq!(back.model, merged.model, "both copies pick the same winner");
    // Whether the winning value is the opening copy's or the colleague's, the report
    // names both: one copy's merge changes the name, the other's keeps its own.
    for merged in [merged, back] {
        let field = merged
            .report
            .items
            .iter()
            .flat_map(|i| &i.fields)
            .find(|f| f.field == "name")
            .expect("the conflict");
        assert_eq!(field.new, winner);
        assert_eq!(field.lost.as_deref(), Some(loser));
        assert_eq!(merged.report.conflicts(), 1);
    }
}

#[test]
fn merging_the_same_copy_twice_changes_nothing_the_second_time() {
    let state = Replica::start(1, &base()).state();
    let (a, _) = open(10, &state);
    let (mut b, mut bm) = open(20, &state);
    let mut k = bm.kpis[1].clone();
    k.description = "Changed in B".into();
    edit(&mut b, &mut bm, Edit::update(k));
    let once = merge(&a, &b.state()).unwrap();
    assert!(!once.report.is_empty());
    let twice = merge(&once.replica, &b.state()).unwrap();
    assert!(twice.report.is_empty(), "{:?}", twice.report);
    assert_eq!(twice.model, once.model);
}

#[test]
fn a_copy_of_another_model_or_damaged_bytes_is_refused_with_a_reason() {
    let a = Replica::start(1, &base());
    let other = Replica::start(2, &base());
    assert_eq!(merge(&a, &other.state()).unwrap_err(), CrdtError::OtherLineage);
    let mut damaged = a.state();
    damaged.truncate(damaged.len() / 2);
    assert!(matches!(merge(&a, &damaged), Err(CrdtError::Damaged(_) | CrdtError::Incomplete)));
    assert!(matches!(Replica::from_state(3, b"not a document"), Err(CrdtError::Damaged(_))));
    assert_eq!(Replica::from_state(3, &[0, 0]).unwrap_err(), CrdtError::NoLineage);
}

/// Two tabs on one stored model, each with edits the other has not seen: the tab whose
/// save was refused takes the other's saved state in, keeps its own edits, and ends
/// where a merge would; taking the same state in again changes nothing; a foreign or
/// damaged state is refused and the tab's document is untouched.
/// A tab's saved copy as another tab reads it: its state and its readable model.
fn settled(r: &Replica, m: &Model) -> Replica {
    Replica::settled(99, &r.state(), m).expect("a saved copy reads").0
}

#[test]
fn a_tab_takes_in_another_tab_s_save_keeping_its_own_unsaved_edits() {
    let state = Replica::start(1, &base()).state();
    let (mut a, mut am) = open(10, &state);
    let (mut b, mut bm) = open(20, &state);
    let id = am.next_kpi_id();
    edit(&mut a, &mut am, Edit::insert(Kpi::new(id, "Saved by tab A", Level::Company)));
    let mut k = bm.kpis[2].clone();
    k.description = "Typed in tab B".into();
    edit(&mut b, &mut bm, Edit::update(k.clone()));
    let id = bm.next_kpi_id();
    edit(&mut b, &mut bm, Edit::insert(Kpi::new(id, "Unsaved in tab B", Level::Company)));

    let expected = merge(&b, &a.state()).unwrap().model;
    let (model, _) = b.absorb(&settled(&a, &am)).expect("same lineage");
    assert_eq!(model, expected);
    kpi_named(&model, "Saved by tab A");
    kpi_named(&model, "Unsaved in tab B");
    assert_eq!(model.kpis.iter().find(|x| x.id == k.id).unwrap().description, "Typed in tab B");
    // Tab A, taking B's next save in, ends with the same model.
    let (from_a, _) = a.absorb(&settled(&b, &model)).unwrap();
    assert!(from_a == model, "both tabs read the same model");
    // A's copy, now holding B's edits too, changes nothing in B's model; taking it in
    // again changes nothing at all.
    assert!(b.absorb(&settled(&a, &from_a)).unwrap().0 == model);
    let before = b.state();
    assert!(b.absorb(&settled(&a, &from_a)).unwrap().0 == model);
    assert_eq!(b.state(), before);

    assert_eq!(b.absorb(&Replica::start(2, &base())).unwrap_err(), CrdtError::OtherLineage);
    assert_eq!(b.state(), before, "a refused copy leaves the document as it was");
    let mut damaged = a.state();
    damaged.truncate(damaged.len() / 3);
    assert!(matches!(
        Replica::settled(99, &damaged, &am),
        Err(CrdtError::Damaged(_) | CrdtError::Incomplete)
    ));
}

#[test]
fn what_changed_compares_any_two_models_by_id() {
    let a = base();
    let mut b = a.clone();
    b.kpis[0].name = "Renamed".into();
    b.kpis.pop();
    let report = compare(&a, &b);
    assert!(report.items.iter().any(|i| i.change == Change::Removed));
    let renamed = report.items.iter().find(|i| i.what.contains("Renamed")).expect("the renamed KPI");
    assert_eq!(renamed.fields[0].old, a.kpis[0].name);
    assert!(compare(&a, &a).is_empty());
}

/// Applies up to `n` random edits to a copy, recording each in its document.
fn random_edits(r: &mut Replica, m: &mut Model, ops: &[(u8, u32, u32, u32)]) {
    let mut doc = Document::new(m.clone());
    for &(op, a, b, c) in ops {
        if let Some(e) = edit_from(&doc.model, op, a, b, c) {
            if doc.apply(e, &meta()).is_ok() {
                r.record(&doc.model);
            }
        }
    }
    *m = doc.model;
}

type Ops = Vec<(u8, u32, u32, u32)>;

fn ops() -> impl Strategy<Value = Ops> {
    prop::collection::vec((any::<u8>(), any::<u32>(), any::<u32>(), any::<u32>()), 0..12)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn three_copies_exchanging_states_in_any_order_end_equal_and_whole(
        edits in [ops(), ops(), ops()],
        order in Just([0usize, 1, 2]).prop_shuffle(),
    ) {
        let state = Replica::start(1, &base()).state();
        let mut copies: Vec<(Replica, Model)> = (0..3).map(|i| open(100 + i, &state)).collect();
        for (i, ops) in edits.iter().enumerate() {
            let (r, m) = &mut copies[i];
            random_edits(r, m, ops);
        }
        // Each copy merges the other two, in a shuffled order.
        let states: Vec<Vec<u8>> = copies.iter().map(|(r, _)| r.state()).collect();
        let mut results = Vec::new();
        for (i, (r, _)) in copies.iter().enumerate() {
            let mut current = r.fork(200 + i as u64);
            for &j in &order {
                if j != i {
                    current = merge(&current, &states[j]).expect("same lineage").replica;
                }
            }
            let (model, _) = current.read();
            results.push((current, model));
        }
        same(&format_of(&results[0].1), &format_of(&results[1].1));
        same(&format_of(&results[1].1), &format_of(&results[2].1));
        // Invariants hold: the merged model reloads with nothing to repair.
        let text = interlock::format::save(&results[0].1, Timestamp(0));
        let loaded = interlock::format::load(&text).expect("the merged model saves and loads");
        prop_assert!(loaded.repairs.iter().all(|r| !r.changed), "{:?}", loaded.repairs);
        // Idempotent: merging any state again changes nothing.
        let again = merge(&results[0].0, &states[1]).expect("same lineage");
        prop_assert!(again.report.is_empty());
        prop_assert_eq!(&again.model, &results[0].1);
    }

    #[test]
    fn a_merge_report_read_from_the_touched_items_lists_what_comparing_everything_lists(
        edits in [ops(), ops()],
    ) {
        let state = Replica::start(1, &base()).state();
        let (mut a, mut am) = open(10, &state);
        let (mut b, mut bm) = open(20, &state);
        random_edits(&mut a, &mut am, &edits[0]);
        random_edits(&mut b, &mut bm, &edits[1]);
        let quick = merge(&a, &b.state()).expect("same lineage");
        let full = interlock::crdt::report::merge_comparing_everything(&a, &b.state()).expect("same lineage");
        prop_assert_eq!(&quick.report, &full.report);
        prop_assert_eq!(&quick.model, &full.model);
    }

    #[test]
    fn recording_edits_one_by_one_writes_what_recording_the_last_model_writes(
        edits in ops(),
    ) {
        let state = Replica::start(1, &base()).state();
        // One copy records after every edit (each write covers only what changed)...
        let (mut step, mut m) = open(10, &state);
        random_edits(&mut step, &mut m, &edits);
        // ...the other only the final model, compared with the whole document.
        // (A fork keeps the ids' keys but not the recorded model: it writes everything.)
        let (opened, _) = open(11, &state);
        let mut whole = opened.fork(11);
        whole.record(&m);
        let (_, a, _) = Replica::open(12, &step.state()).expect("reads");
        let (_, b, _) = Replica::open(12, &whole.state()).expect("reads");
        // The model as a file holds it (a log line drops a removed KPI, as on any load),
        // links and influences in the order of the KPIs they join, as a history reads them.
        let mut filed = interlock::format::load(&interlock::format::save(&m, Timestamp(0))).expect("loads").model;
        filed.links.sort_by_key(|l| (l.child, l.parent));
        filed.influences.sort_by_key(|i| (i.from, i.to));
        same(&format_of(&a), &format_of(&filed));
        same(&format_of(&b), &format_of(&filed));
    }

    #[test]
    fn an_edit_survives_a_merge_unless_the_other_copy_changed_the_same_field(
        theirs in ops(),
        which in 0usize..40,
    ) {
        let state = Replica::start(1, &base()).state();
        let (mut a, mut am) = open(10, &state);
        let (mut b, mut bm) = open(20, &state);
        random_edits(&mut b, &mut bm, &theirs);
        let Some(mut k) = am.kpis.get(which % am.kpis.len()).cloned() else { return Ok(()) };
        k.data_source = "Set in A".into();
        let id = k.id;
        edit(&mut a, &mut am, Edit::update(k));
        let merged = merge(&a, &b.state()).unwrap();
        // The random edits never set a data source, so A's change has no rival.
        match merged.model.kpis.iter().find(|k| k.id == id) {
            Some(k) => prop_assert_eq!(&k.data_source, "Set in A"),
            None => prop_assert!(!bm.kpis.iter().any(|k| k.id == id), "only a removal takes it away"),
        }
    }
}

#[test]
fn a_copy_opened_from_its_own_state_records_nothing_new() {
    for t in interlock::templates::ALL {
        let model = t.build(today());
        let (_, m) = open(1, &Replica::start(1, &model).state());
        let (mut again, _) = open(2, &Replica::start(1, &model).state());
        assert!(!again.record(&m), "{}: reopening wrote changes", t.id);
        assert!(!again.record(&model), "{}: the model as imported differs from its history", t.id);
    }
}

#[test]
fn an_export_carries_the_history_and_a_colleague_s_export_merges_through_the_file() {
    use interlock::format::{encode_history, load, save_with_history};
    let origin = Replica::start(1, &base());
    let (mut b, mut bm) = open(20, &origin.state());
    let mut k = bm.kpis[2].clone();
    k.description = "Edited by the colleague".into();
    edit(&mut b, &mut bm, Edit::update(k));

    let text = save_with_history(&bm, Timestamp(0), &encode_history(&b.state()));
    let loaded = load(&text).expect("the export loads");
    assert!(loaded.repairs.is_empty(), "{:?}", loaded.repairs);
    let (history, repair) = loaded.decode_history();
    assert_eq!(repair, None);
    let history = history.expect("the export carries its history");
    let (_, theirs, _) = Replica::open(3, &history).expect("the history reads");
    assert_eq!(theirs, bm);
    let merged = merge(&origin, &history).expect("same lineage");
    assert_eq!(merged.model.kpis[2].description, "Edited by the colleague");
}

/// A colleague's export edited by hand afterwards (its readable model changed, its
/// history not): the merge keeps the hand edits, because the history is first brought
/// up to date with the model the file holds. An unedited file is used as it is.
#[test]
fn a_file_edited_by_hand_after_export_merges_with_its_hand_edits() {
    use interlock::format::{encode_history, load, save_with_history};
    let origin = Replica::start(1, &base());
    let (b, bm) = open(20, &origin.state());
    let text = save_with_history(&bm, Timestamp(0), &encode_history(&b.state()));
    let name = &bm.kpis[3].name;
    let edited = text.replacen(&format!("\"name\":\"{name}\""), "\"name\":\"Renamed by hand\"", 1);
    assert_ne!(edited, text, "the test must change the file");
    let loaded = load(&edited).expect("the edited file loads");
    let history = loaded.decode_history().0.expect("it carries its history");

    // As the history alone says, nothing changed; with the file's model, the rename.
    assert!(merge(&origin, &history).unwrap().report.is_empty());
    let merged = merge_copy(&origin, &history, &loaded.model, 77).expect("same lineage");
    assert_eq!(merged.model.kpis[3].name, "Renamed by hand");
    assert!(!merged.report.is_empty());

    // A file as exported needs nothing recorded, and merges as its history does.
    let plain = load(&text).unwrap();
    assert!(!Replica::settled(78, &history, &plain.model).unwrap().1);
    assert!(merge_copy(&origin, &history, &plain.model, 79).unwrap().report.is_empty());
}

#[test]
fn a_damaged_history_in_a_file_is_left_out_with_a_reason_and_the_model_still_loads() {
    let text = interlock::format::save(&base(), Timestamp(0));
    let damaged = text.replacen("{\"format\"", "{\"history\":\"%%%\",\"format\"", 1);
    let loaded = interlock::format::load(&damaged).expect("the model still loads");
    let (history, repair) = loaded.decode_history();
    assert!(history.is_none());
    let repair = repair.expect("a repair for the history");
    assert_eq!(repair.at, "history");
    assert!(repair.message.contains("not valid base64"), "{}", repair.message);
    assert!(
        repair.message.contains("cannot be merged") || repair.message.contains("not be merged"),
        "{}",
        repair.message
    );

    let bomb = {
        use base64::Engine;
        let packed = miniz_oxide::deflate::compress_to_vec(&vec![0u8; interlock::format::MAX_BYTES + 1], 10);
        base64::engine::general_purpose::STANDARD.encode(packed)
    };
    let loaded = interlock::format::load(&text.replacen(
        "{\"format\"",
        &format!("{{\"history\":\"{bomb}\",\"format\""),
        1,
    ))
    .expect("the model still loads");
    let (history, repair) = loaded.decode_history();
    assert!(history.is_none());
    assert!(repair.is_some_and(|r| r.at == "history" && r.message.contains("cannot be unpacked")));
}

#[test]
fn a_damaged_history_is_refused_or_read_never_a_panic() {
    let ours = interlock::crdt::fuzz_base();
    let (mut theirs, mut tm) = open(20, &ours.state());
    let mut k = tm.kpis[0].clone();
    k.name = "Edited".into();
    edit(&mut theirs, &mut tm, Edit::update(k));
    let good = theirs.state();
    // A fixed sequence of damage: cuts, flipped bytes, inserted bytes.
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for round in 0..400 {
        let mut bytes = good.clone();
        match round % 3 {
            0 => bytes.truncate((next() as usize) % bytes.len()),
            1 => {
                for _ in 0..1 + next() % 4 {
                    let at = (next() as usize) % bytes.len();
                    bytes[at] ^= 1 << (next() % 8);
                }
            }
            _ => {
                let at = (next() as usize) % bytes.len();
                bytes.insert(at, next() as u8);
            }
        }
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            if let Ok(mut r) = Replica::from_state(7, &bytes) {
                let _ = r.read();
            }
            let _ = merge(&ours, &bytes);
        }));
        assert!(outcome.is_ok(), "round {round}: damaged history bytes made the merge panic");
    }
    // And every input the history fuzz target has failed on.
    for path in regressions::inputs("history", "") {
        let bytes = std::fs::read(path).expect("readable");
        if let Ok(mut r) = Replica::from_state(7, &bytes) {
            let _ = r.read();
        }
        let _ = merge(&ours, &bytes);
    }
}
