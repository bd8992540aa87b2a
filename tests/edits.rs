//! Every kind of edit, its inverse, and every refusal with the message a user sees.

use interlock::model::ops;
use interlock::model::*;

fn d(s: &str) -> Date {
    Date::parse(s).unwrap()
}

/// A small model: two departments, three people, a three-level cascade.
fn fixture() -> Model {
    let departments = vec![
        Department { id: DeptId(1), name: "Sales".into(), head: Some(PersonId(2)) },
        Department { id: DeptId(3), name: "Legal".into(), head: None },
        Department { id: DeptId(2), name: "Marketing".into(), head: None },
    ];
    let people = vec![
        Person { id: PersonId(1), name: "Ceo".into(), role: "CEO".into(), department: None, manager: None },
        Person {
            id: PersonId(2),
            name: "Sam".into(),
            role: "VP Sales".into(),
            department: Some(DeptId(1)),
            manager: Some(PersonId(1)),
        },
        Person {
            id: PersonId(3),
            name: "Mia".into(),
            role: "Marketer".into(),
            department: Some(DeptId(2)),
            manager: Some(PersonId(1)),
        },
    ];
    let glossary = vec![Term::new(TermId(1), "Revenue")];
    let mut rev = Kpi::new(KpiId(1), "Revenue growth", Level::Company);
    rev.owner = Some(Owner::Person(PersonId(1)));
    rev.term = Some(TermId(1));
    let mut pipe = Kpi::new(KpiId(2), "Pipeline conversion", Level::Department);
    pipe.department = Some(DeptId(1));
    pipe.owner = Some(Owner::Person(PersonId(2)));
    let mut calls = Kpi::new(KpiId(3), "Qualified calls", Level::Team);
    calls.department = Some(DeptId(1));
    calls.owner = Some(Owner::Person(PersonId(2)));
    let mut mql = Kpi::new(KpiId(4), "MQL volume", Level::Department);
    mql.department = Some(DeptId(2));
    mql.owner = Some(Owner::Person(PersonId(3)));
    let kpis = vec![rev, pipe, calls, mql];
    let links = vec![
        Link::new(KpiId(2), KpiId(1), "More converted deals is more revenue").lag(Some(45)),
        Link::new(KpiId(3), KpiId(2), "Qualified calls feed the pipeline"),
    ];
    Model { departments, people, glossary, kpis, links, ..Model::default() }
}

/// Applies an edit, checks it did something, then that its inverse restores the model.
fn check_round_trip(edit: Edit) -> Model {
    let original = fixture();
    let mut m = original.clone();
    let inverse = apply(&mut m, edit.clone()).unwrap_or_else(|e| panic!("{edit:?} refused: {e}"));
    assert_ne!(m, original, "{edit:?} changed nothing");
    let after = m.clone();
    let redo = apply(&mut m, inverse).unwrap();
    assert_eq!(m, original, "the inverse of {edit:?} did not restore the model");
    apply(&mut m, redo).unwrap();
    assert_eq!(m, after, "the inverse of the inverse of {edit:?} is not the edit");
    after
}

/// Applies an edit that must be refused; checks the message and that nothing changed.
fn check_refused(edit: Edit, expect: &[&str]) {
    let original = fixture();
    let mut m = original.clone();
    let err = apply(&mut m, edit.clone()).expect_err("edit should be refused");
    let msg = err.to_string();
    for part in expect {
        assert!(msg.contains(part), "message {msg:?} should contain {part:?}");
    }
    assert_eq!(m, original, "a refused edit changed the model");
}

#[test]
fn every_kind_of_insert_update_and_remove_inverts() {
    let m = fixture();
    let mut org = m.organisation.clone();
    org.name = "Acme".into();
    org.velocity = Velocity::High;
    let edits = vec![
        Edit::Organisation(org),
        Edit::insert(Department { id: DeptId(4), name: "HR".into(), head: None }),
        Edit::update(Department { id: DeptId(2), name: "Growth".into(), head: Some(PersonId(3)) }),
        ops::delete_person(&m, PersonId(3)).unwrap(),
        Edit::remove::<Department>(DeptId(3)),
        Edit::insert(Person {
            id: PersonId(4),
            name: "New".into(),
            role: String::new(),
            department: Some(DeptId(2)),
            manager: Some(PersonId(3)),
        }),
        Edit::update(Person { role: "Chief".into(), ..m.people[0].clone() }),
        Edit::insert(Term::new(TermId(2), "MQL")),
        Edit::update(Term { definition: "Booked revenue".into(), ..m.glossary[0].clone() }),
        Edit::insert(Kpi::new(KpiId(9), "Churn", Level::Company)),
        Edit::update(Kpi { cadence: Cadence::Weekly, ..m.kpis[1].clone() }),
        Edit::insert(Link::new(KpiId(4), KpiId(1), "Leads become revenue").lag(Some(60))),
        Edit::update(Link { rationale: "Better words here".into(), ..m.links[0].clone() }),
        Edit::remove::<Link>((KpiId(3), KpiId(2))),
        Edit::insert(Influence { from: KpiId(4), to: KpiId(2), sign: Sign::Negative, note: "noise".into() }),
        Edit::insert(Dependency {
            needed_by: Some(d("2026-06-30")),
            committed: Some(d("2026-06-30")),
            ..Dependency::new(DependencyId(1), KpiId(2), KpiId(4))
        }),
        Edit::insert(Resolution {
            id: ResolutionId(1),
            kpis: (KpiId(2), KpiId(4)),
            by: "Ceo".into(),
            on: d("2026-01-10"),
            how: "Marketing measured on SQLs".into(),
        }),
        Edit::insert(Escalation {
            id: EscalationId(1),
            kpi: KpiId(2),
            on: d("2026-02-01"),
            to: Some(PersonId(1)),
            note: String::new(),
        }),
        Edit::insert(Acknowledgement {
            finding: "R03:2>1".into(),
            reason: "Known".into(),
            by: "Ceo".into(),
            at: Timestamp(5),
        }),
        Edit::GovernanceRules { escalate_after: 2, dispute_resolver: Some(PersonId(1)) },
        Edit::Answer { question: "q1".into(), value: Some(3) },
        Edit::Settings(Settings { stability_months: 6, ..Settings::default() }),
        Edit::Replace(Box::default()),
        Edit::Batch(vec![Edit::remove::<Link>((KpiId(3), KpiId(2))), Edit::remove::<Kpi>(KpiId(3))]),
    ];
    for e in edits {
        check_round_trip(e);
    }
}

#[test]
fn removing_restores_the_item_at_its_old_position() {
    let after = check_round_trip(Edit::remove::<Department>(DeptId(3)));
    assert_eq!(after.departments.iter().map(|d| d.id.0).collect::<Vec<_>>(), [1, 2]);
}

#[test]
fn links_that_do_not_go_one_level_up_are_refused() {
    let link = |child, parent| Edit::insert(Link::new(KpiId(child), KpiId(parent), ""));
    check_refused(
        link(3, 1),
        &[
            "one level up",
            "\u{201c}Qualified calls\u{201d} is a team KPI",
            "\u{201c}Revenue growth\u{201d} a company KPI",
        ],
    );
    check_refused(link(1, 2), &["one level up", "company KPI"]);
    check_refused(link(4, 2), &["one level up", "department KPI"]);
    check_refused(link(2, 2), &["cannot be linked to itself", "Pipeline conversion"]);
    check_refused(link(2, 99), &["refers to kpi #99, which does not exist"]);
    check_refused(link(2, 1), &["already exists"]);
}

#[test]
fn a_cycle_through_a_restored_bad_link_is_refused() {
    // Restore keeps a level-breaking link so the checks can flag it; edits must still
    // never close a loop through it. Here "Revenue growth" (company) was imported as a
    // child of "Qualified calls" (team).
    let mut m = fixture();
    m.links.retain(|l| l.parent != KpiId(1));
    m.links.push(Link::new(KpiId(1), KpiId(3), ""));
    let err = ops::link(&m, KpiId(2), KpiId(1), "").unwrap_err();
    assert_eq!(
        err.to_string(),
        "this would make a cycle: Pipeline conversion \u{2192} Revenue growth \u{2192} Qualified calls \u{2192} Pipeline conversion"
    );
}

#[test]
fn references_to_missing_things_are_refused_with_the_field() {
    let m = fixture();
    check_refused(
        Edit::update(Kpi { owner: Some(Owner::Person(PersonId(42))), ..m.kpis[1].clone() }),
        &["KPI \u{201c}Pipeline conversion\u{201d}", "owner refers to person #42"],
    );
    check_refused(
        Edit::update(Kpi { department: Some(DeptId(9)), ..m.kpis[1].clone() }),
        &["department refers to department #9"],
    );
    check_refused(
        Edit::update(Kpi { term: Some(TermId(5)), ..m.kpis[1].clone() }),
        &["glossary term refers to term #5"],
    );
    check_refused(
        Edit::update(Department { head: Some(PersonId(8)), ..m.departments[0].clone() }),
        &["head refers to person #8"],
    );
    check_refused(
        Edit::insert(Dependency::new(DependencyId(1), KpiId(2), KpiId(77))),
        &["prerequisite refers to kpi #77"],
    );
}

#[test]
fn removing_something_still_in_use_is_refused_and_says_by_what() {
    check_refused(
        Edit::remove::<Department>(DeptId(1)),
        &["department \u{201c}Sales\u{201d} cannot be removed", "2 KPIs and 1 person"],
    );
    check_refused(
        Edit::remove::<Person>(PersonId(2)),
        &["person \u{201c}Sam\u{201d}", "2 KPIs they own", "1 department they head"],
    );
    check_refused(Edit::remove::<Kpi>(KpiId(2)), &["KPI \u{201c}Pipeline conversion\u{201d}", "2 links"]);
    check_refused(Edit::remove::<Term>(TermId(1)), &["1 KPI defined by it"]);
    check_refused(Edit::remove::<Kpi>(KpiId(50)), &["kpi #50 does not exist"]);
}

#[test]
fn invalid_values_are_refused() {
    let m = fixture();
    check_refused(Edit::update(Kpi { name: "  ".into(), ..m.kpis[1].clone() }), &["name must not be empty"]);
    check_refused(
        Edit::update(Kpi {
            target: Some(Target { value: 10.0, upper: Some(5.0), due: None }),
            ..m.kpis[1].clone()
        }),
        &["upper end is below its lower end"],
    );
    check_refused(
        Edit::update(Kpi { baseline: Some(f64::NAN), ..m.kpis[1].clone() }),
        &["the baseline must be a number"],
    );
    let mut unsorted = m.kpis[1].clone();
    unsorted.measurements = vec![
        Measurement { date: d("2026-02-01"), value: 1.0 },
        Measurement { date: d("2026-01-01"), value: 2.0 },
    ];
    check_refused(Edit::update(unsorted), &["date order", "2026-01-01"]);
    check_refused(
        Edit::update(Kpi { level: Level::Company, ..m.kpis[1].clone() }),
        &["cannot become a company KPI while linked to"],
    );
    check_refused(Edit::Answer { question: "q1".into(), value: Some(5) }, &["answers go from 0 to 4"]);
    check_refused(
        Edit::Settings(Settings { company_kpis: Range::new(6, 3), ..Settings::default() }),
        &["range for company KPIs starts above its end (6-3)"],
    );
    let mut org = m.organisation.clone();
    org.fiscal_year_start = 13;
    check_refused(Edit::Organisation(org), &["month 1-12"]);
    check_refused(Edit::insert(m.kpis[0].clone()), &["KPI \u{201c}Revenue growth\u{201d} already exists"]);
}

#[test]
fn reporting_lines_and_dependencies_cannot_loop() {
    let m = fixture();
    check_refused(
        Edit::update(Person { manager: Some(PersonId(2)), ..m.people[0].clone() }),
        &["cycle", "Ceo \u{2192} Sam \u{2192} Ceo"],
    );
    let mut m2 = fixture();
    let dep = |id, a, b| Dependency::new(DependencyId(id), KpiId(a), KpiId(b));
    apply(&mut m2, Edit::insert(dep(1, 2, 4))).unwrap();
    apply(&mut m2, Edit::insert(dep(2, 4, 3))).unwrap();
    let err = apply(&mut m2, Edit::insert(dep(3, 3, 2))).unwrap_err();
    assert_eq!(err.to_string(), "this would make a cycle: Qualified calls \u{2192} Pipeline conversion \u{2192} MQL volume \u{2192} Qualified calls");
}

#[test]
fn a_failing_batch_changes_nothing() {
    let original = fixture();
    let mut m = original.clone();
    let batch = Edit::Batch(vec![
        Edit::remove::<Link>((KpiId(3), KpiId(2))),
        Edit::insert(Kpi::new(KpiId(10), "Fine", Level::Team)),
        Edit::remove::<Kpi>(KpiId(99)),
    ]);
    assert!(apply(&mut m, batch).is_err());
    assert_eq!(m, original);
}

#[test]
fn delete_builders_clear_every_reference_in_one_undoable_step() {
    let original = fixture();
    for edit in [
        ops::delete_person(&original, PersonId(2)).unwrap(),
        ops::delete_department(&original, DeptId(1)).unwrap(),
        ops::delete_kpi(&original, KpiId(2)).unwrap(),
        ops::delete_term(&original, TermId(1)).unwrap(),
    ] {
        let mut doc = Document::new(original.clone());
        doc.apply(edit, &EditMeta::default()).unwrap();
        assert_ne!(doc.model, original);
        doc.undo().unwrap().unwrap();
        assert_eq!(doc.model, original);
    }
    let mut m = original.clone();
    apply(&mut m, ops::delete_person(&original, PersonId(2)).unwrap()).unwrap();
    assert!(m.kpis.iter().all(|k| k.owner_person() != Some(PersonId(2))));
    assert_eq!(m.departments[0].head, None);
}

#[test]
fn the_board_drops_link_reparent_and_move() {
    let m = fixture();
    // Link the marketing KPI under revenue, then move the team KPI under it.
    let mut doc = Document::new(m.clone());
    doc.apply(ops::link(&m, KpiId(4), KpiId(1), "Leads turn into revenue").unwrap(), &EditMeta::default())
        .unwrap();
    let e = ops::reparent(&doc.model, KpiId(3), KpiId(2), KpiId(4)).unwrap();
    doc.apply(e, &EditMeta::default()).unwrap();
    assert!(doc.model.links.iter().any(|l| l.child == KpiId(3) && l.parent == KpiId(4)));
    assert!(!doc.model.links.iter().any(|l| l.child == KpiId(3) && l.parent == KpiId(2)));
    let e = ops::move_to_department(&doc.model, KpiId(3), DeptId(2)).unwrap();
    doc.apply(e, &EditMeta::default()).unwrap();
    assert_eq!(query::kpi(&doc.model, KpiId(3)).unwrap().department, Some(DeptId(2)));
    let e = ops::move_to_owner(&doc.model, KpiId(3), PersonId(3)).unwrap();
    doc.apply(e, &EditMeta::default()).unwrap();
    assert_eq!(query::kpi(&doc.model, KpiId(3)).unwrap().owner_person(), Some(PersonId(3)));
    assert!(ops::move_to_department(&doc.model, KpiId(1), DeptId(1))
        .unwrap_err()
        .to_string()
        .contains("belongs to no department"));
    assert!(ops::reparent(&doc.model, KpiId(3), KpiId(1), KpiId(2))
        .unwrap_err()
        .to_string()
        .contains("does not exist"));
    for _ in 0..4 {
        doc.undo().unwrap().unwrap();
    }
    assert_eq!(doc.model, m);
}

#[test]
fn the_change_log_records_what_who_when_and_why_and_undo_takes_it_back() {
    let m = fixture();
    let mut doc = Document::new(m.clone());
    let meta = EditMeta {
        at: Timestamp::parse("2026-03-01T10:00:00Z").unwrap(),
        by: "Ceo".into(),
        why: "Board asked".into(),
    };
    let mut k = m.kpis[1].clone();
    k.target = Some(Target { value: 20.0, upper: None, due: Some(d("2026-12-31")) });
    k.cadence = Cadence::Weekly;
    let label = doc.apply(Edit::update(k), &meta).unwrap();
    assert_eq!(label, "Edit KPI \u{201c}Pipeline conversion\u{201d}: target none \u{2192} 20 by 31 Dec 2026; cadence Monthly \u{2192} Weekly");
    let entry = doc.model.governance.change_log.last().unwrap();
    assert_eq!(
        (entry.by.as_str(), entry.why.as_str(), entry.kpis.as_slice()),
        ("Ceo", "Board asked", &[KpiId(2)][..])
    );
    assert_eq!(entry.at.to_string(), "2026-03-01T10:00:00Z");
    // Entering actuals and answering the questionnaire are not logged.
    let mut k = doc.model.kpis[1].clone();
    k.record(Measurement { date: d("2026-03-02"), value: 3.0 });
    assert_eq!(
        doc.apply(Edit::update(k), &meta).unwrap(),
        "Record actuals for \u{201c}Pipeline conversion\u{201d}"
    );
    doc.apply(Edit::Answer { question: "q1".into(), value: Some(2) }, &meta).unwrap();
    assert_eq!(doc.model.governance.change_log.len(), 1);
    doc.undo();
    doc.undo();
    doc.undo();
    assert_eq!(doc.model, m);
}

#[test]
fn history_holds_two_hundred_steps_and_redo_is_cleared_by_a_new_edit() {
    let m = fixture();
    let mut doc = Document::new(m.clone());
    for i in 0..250 {
        let mut k = doc.model.kpis[0].clone();
        k.description = format!("v{i}");
        doc.apply(Edit::update(k), &EditMeta::default()).unwrap();
    }
    assert_eq!(doc.history.depth(), History::LIMIT);
    let mut undone = 0;
    while doc.undo().is_some() {
        undone += 1;
    }
    assert_eq!(undone, 200);
    assert_eq!(doc.model.kpis[0].description, "v49");
    assert!(doc.history.can_redo());
    doc.redo().unwrap().unwrap();
    assert_eq!(doc.model.kpis[0].description, "v50");
    doc.apply(Edit::Answer { question: "x".into(), value: Some(1) }, &EditMeta::default()).unwrap();
    assert!(!doc.history.can_redo());
    assert_eq!(doc.history.undo_label(), Some("Answer a maturity question"));
}

#[test]
fn dependencies_and_influences_are_added_with_named_refusals() {
    let mut m = fixture();
    let e = ops::depend(
        &m,
        KpiId(2),
        KpiId(4),
        Some(d("2027-03-01")),
        Some(d("2027-02-01")),
        "  MQLs before the push  ",
    )
    .unwrap();
    apply(&mut m, e).unwrap();
    assert_eq!(m.dependencies.len(), 1);
    let dep = &m.dependencies[0];
    assert_eq!(
        (dep.dependent, dep.prerequisite, dep.note.as_str()),
        (KpiId(2), KpiId(4), "MQLs before the push")
    );
    assert_eq!(dep.needed_by, Some(d("2027-03-01")));
    let again = ops::depend(&m, KpiId(2), KpiId(4), None, None, "").unwrap_err();
    assert_eq!(
        again.to_string(),
        "\u{201c}Pipeline conversion\u{201d} depending on \u{201c}MQL volume\u{201d} already exists"
    );
    let itself = ops::depend(&m, KpiId(3), KpiId(3), None, None, "").unwrap_err();
    assert_eq!(
        itself.to_string(),
        "\u{201c}Qualified calls\u{201d} depending on \u{201c}Qualified calls\u{201d}: a KPI cannot depend on itself"
    );
    // The reverse dependency is a cycle, refused when applied, with the path.
    let back = ops::depend(&m, KpiId(4), KpiId(2), None, None, "").unwrap();
    let err = apply(&mut m, back).unwrap_err();
    assert_eq!(
        err.to_string(),
        "this would make a cycle: MQL volume \u{2192} Pipeline conversion \u{2192} MQL volume"
    );
    assert_eq!(m.dependencies.len(), 1, "a refused dependency changes nothing");

    let hurts = ops::influence(&m, KpiId(4), KpiId(2), Sign::Negative, "volume over quality").unwrap();
    apply(&mut m, hurts).unwrap();
    assert_eq!(m.influences[0].sign, Sign::Negative);
    assert_eq!(
        ops::influence(&m, KpiId(4), KpiId(2), Sign::Positive, "").unwrap_err().to_string(),
        "the effect of \u{201c}MQL volume\u{201d} on \u{201c}Pipeline conversion\u{201d} already exists"
    );
    assert!(ops::influence(&m, KpiId(1), KpiId(1), Sign::Negative, "")
        .unwrap_err()
        .to_string()
        .ends_with("a KPI cannot influence itself"));
}

#[test]
fn a_new_company_kpi_its_lock_and_the_links_below_it_are_not_changes_to_it_but_a_new_target_is() {
    use interlock::checks::{self, RuleId};
    let today = d("2026-06-01");
    let meta = EditMeta {
        at: Timestamp::parse("2026-05-20T09:00:00Z").unwrap(),
        by: "Ceo".into(),
        why: String::new(),
    };
    let mut doc = Document::new(Model::default());
    let stability = |m: &Model| -> Vec<String> {
        checks::run(m, today).into_iter().filter(|f| f.rule == RuleId::Stability).map(|f| f.title).collect()
    };
    doc.apply(Edit::insert(Kpi::new(KpiId(1), "Revenue growth", Level::Company)), &meta).unwrap();
    assert_eq!(stability(&doc.model), ["\u{201c}Revenue growth\u{201d} is not locked"]);
    let mut locked = doc.model.kpis[0].clone();
    locked.locked = Some(d("2026-05-20"));
    doc.apply(Edit::update(locked), &meta).unwrap();
    let mut pipe = Kpi::new(KpiId(2), "Pipeline conversion", Level::Department);
    pipe.department = Some(DeptId(1));
    doc.apply(
        Edit::Batch(vec![
            Edit::insert(Department { id: DeptId(1), name: "Sales".into(), head: None }),
            Edit::insert(pipe),
            Edit::insert(Link::new(KpiId(2), KpiId(1), "Converted deals are revenue")),
        ]),
        &meta,
    )
    .unwrap();
    // Every one of those steps is on record, and none of them counts as a change.
    assert_eq!(doc.model.governance.change_log.len(), 3);
    assert_eq!(stability(&doc.model), Vec::<String>::new());
    let mut retargeted = doc.model.kpis[0].clone();
    retargeted.target = Some(Target { value: 12.0, upper: None, due: None });
    doc.apply(Edit::update(retargeted), &meta).unwrap();
    assert_eq!(
        stability(&doc.model),
        ["\u{201c}Revenue growth\u{201d} changed on 20 May 2026, within 12 months"]
    );
}
