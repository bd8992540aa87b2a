//! The quarterly alignment review on the fragmented template (orphans, never-measured
//! KPIs, unlocked company KPIs, open conflicts): what the checklist offers, what
//! recording it changes, what it refuses, and that a hostile model makes a bounded list.

use interlock::checks::{self, Checked, RuleId};
use interlock::model::*;
use interlock::rhythm::quarterly::{self, Decisions, Verdict, SHOWN};

/// A fixed Monday; nothing here reads the real date.
fn today() -> Date {
    Date::from_ymd(2026, 11, 23).unwrap()
}

fn fragmented() -> Model {
    interlock::templates::by_id("fragmented").unwrap().build(today())
}

fn id_of(m: &Model, name: &str) -> KpiId {
    m.kpis.iter().find(|k| k.name == name).unwrap_or_else(|| panic!("no KPI {name}")).id
}

fn meta() -> EditMeta {
    EditMeta { at: Timestamp(1), by: "Dee".into(), why: "Quarterly alignment review".into() }
}

#[test]
fn the_checklist_offers_orphans_and_unmeasured_kpis_to_retire_gaps_to_fill_open_conflicts_and_locks() {
    let m = fragmented();
    let list = quarterly::checklist(&m, &Checked::run(&m, today()));

    let calls = list.retire.items.iter().find(|c| c.name == "Calls made").expect("an orphan is offered");
    assert_eq!(calls.reasons, ["\u{201c}Calls made\u{201d} does not feed any company KPI"]);
    let press = list.retire.items.iter().find(|c| c.name == "Press mentions").expect("a KPI never measured");
    assert_eq!(press.reasons, ["\u{201c}Press mentions\u{201d} has never been measured"]);
    // Off track without an escalation is a governance finding, not a reason to retire.
    assert!(!list.retire.items.iter().any(|c| c.name == "Social media followers"), "{:?}", list.retire);
    // Each KPI once, in model order.
    let ids: Vec<u32> = list.retire.items.iter().map(|c| c.kpi.0).collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(ids, sorted);

    assert!(
        list.add.items.iter().any(|g| g.title == "Sales measures only lagging results"),
        "{:?}",
        list.add
    );
    assert!(list.add.items.iter().any(|g| g.title.starts_with("No department KPI feeds")), "{:?}", list.add);
    assert!(list.conflicts.items.iter().any(|c| c.key == "R09:17~22"), "{:?}", list.conflicts);
    assert!(list.conflicts.items.iter().any(|c| c.key == "R12:terms:revenue"), "{:?}", list.conflicts);
    assert!(!list.conflicts.items.iter().any(|c| c.key.contains(":undefined:")), "{:?}", list.conflicts);
    assert_eq!(list.locks.items.len(), 8);
    assert!(list.locks.items.iter().all(|l| l.locked.is_none()));
    assert!(list.assessed.is_none(), "nothing answered in the questionnaire");
    assert_eq!(list.evidence.level, interlock::maturity::MaturityLevel::Fragmented);
}

#[test]
fn an_acknowledged_conflict_is_not_open_and_a_retired_kpi_is_not_offered_again() {
    let mut m = fragmented();
    m.acknowledgements.push(Acknowledgement {
        finding: "R09:17~22".into(),
        reason: "Sales and marketing agreed a shared lead definition".into(),
        by: "Dee".into(),
        at: Timestamp(0),
    });
    let calls = id_of(&m, "Calls made");
    m.kpis.iter_mut().find(|k| k.id == calls).unwrap().lifecycle =
        Lifecycle::Retired { on: today(), reason: "No longer tracked".into() };
    let list = quarterly::checklist(&m, &Checked::run(&m, today()));
    assert!(!list.conflicts.items.iter().any(|c| c.key == "R09:17~22"));
    assert!(!list.retire.items.iter().any(|c| c.kpi == calls));
}

#[test]
fn recording_retires_with_reasons_locks_hands_conflicts_on_and_holds_one_quarterly_meeting_undone_in_one_step(
) {
    let mut m = fragmented();
    m.governance.dispute_resolver = m.people.first().map(|p| p.id);
    let resolver = m.people[0].name.clone();
    let list = quarterly::checklist(&m, &Checked::run(&m, today()));
    let calls = id_of(&m, "Calls made");
    let press = id_of(&m, "Press mentions");
    let revenue = id_of(&m, "Revenue");
    let sales_lagging =
        list.add.items.iter().find(|g| g.title == "Sales measures only lagging results").unwrap();
    let d = Decisions {
        verdicts: [
            (calls, (Verdict::Retire, "  Activity, not an outcome  ".into())),
            (press, (Verdict::Keep, "PR agency starts reporting in January".into())),
        ]
        .into(),
        additions: vec![Action {
            what: "A leading indicator for sales: qualified pipeline".into(),
            kpi: sales_lagging.kpi,
            who: Some(m.people[1].id),
            due: Some(Date::from_ymd(2027, 1, 31).unwrap()),
            state: ActionState::Done,
        }],
        to_resolver: vec!["R09:17~22".into()],
        lock: vec![revenue],
        note: "Next review in February.".into(),
    };
    let edit = quarterly::record(&m, &list, &d, today()).expect("every decision is complete");

    let mut doc = Document::new(m.clone());
    let label = doc.apply(edit, &meta()).unwrap();
    assert!(!label.is_empty());
    let after = &doc.model;
    let k = query::kpi(after, calls).unwrap();
    assert_eq!(k.lifecycle, Lifecycle::Retired { on: today(), reason: "Activity, not an outcome".into() });
    assert!(query::kpi(after, press).unwrap().is_active(), "kept");
    assert_eq!(query::kpi(after, revenue).unwrap().locked, Some(today()));

    let meeting = after.meetings.last().expect("the review is a meeting held");
    assert_eq!((meeting.forum, meeting.on), (Cadence::Quarterly, today()));
    // Every candidate the review saw (kept or retired), then what it locked.
    let mut seen: Vec<KpiId> = list.retire.items.iter().map(|c| c.kpi).collect();
    seen.push(revenue);
    assert_eq!(meeting.kpis, seen);
    let lines = &meeting.decisions;
    assert!(
        lines.contains(&"Retire \u{201c}Calls made\u{201d}: Activity, not an outcome".to_string()),
        "{lines:?}"
    );
    assert!(
        lines.contains(
            &"Keep \u{201c}Press mentions\u{201d}: PR agency starts reporting in January".to_string()
        ),
        "{lines:?}"
    );
    assert!(
        lines.contains(&"Locked \u{201c}Revenue\u{201d} for the strategy period.".to_string()),
        "{lines:?}"
    );
    let open = list.conflicts.items.len() + list.conflicts.more;
    assert!(
        lines.contains(&format!(
            "Conflicts re-checked: {open} open, 1 handed to {resolver} to resolve by 23 Dec 2026."
        )),
        "{lines:?}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with("Maturity: ") && l.contains("not self-assessed yet")),
        "{lines:?}"
    );
    assert_eq!(lines.last().unwrap(), "Next review in February.");

    // The addition is an open action whatever state it came with; the conflict is the
    // resolver's, due in 30 days.
    assert_eq!(meeting.actions.len(), 2);
    assert_eq!(meeting.actions[0].state, ActionState::Open);
    let handed = &meeting.actions[1];
    assert!(handed.what.starts_with("Resolve: "), "{}", handed.what);
    assert_eq!((handed.who, handed.due), (Some(m.people[0].id), Some(Date::from_ymd(2026, 12, 23).unwrap())));

    // The checks see it: Revenue is locked and "Calls made" is no longer an orphan.
    let found = checks::run(after, today());
    assert!(!found
        .iter()
        .any(|f| f.rule == RuleId::Stability && f.kpis.contains(&revenue) && f.key.contains("unlocked")));
    assert!(!found.iter().any(|f| f.rule == RuleId::Orphans && f.kpis.contains(&calls)));

    // One undo puts everything back.
    doc.undo().unwrap().unwrap();
    assert_eq!(doc.model, m);
}

#[test]
fn retiring_without_a_reason_is_refused_naming_the_kpi_and_nothing_changes() {
    let m = fragmented();
    let list = quarterly::checklist(&m, &Checked::run(&m, today()));
    let calls = id_of(&m, "Calls made");
    let emails = id_of(&m, "Emails sent");
    let d = Decisions {
        verdicts: [(calls, (Verdict::Retire, "   ".into())), (emails, (Verdict::Retire, String::new()))]
            .into(),
        ..Decisions::default()
    };
    let problems = quarterly::record(&m, &list, &d, today()).unwrap_err();
    let got: Vec<(&str, &str)> = problems.iter().map(|p| (p.field.as_str(), p.message.as_str())).collect();
    assert_eq!(
        got,
        [
            (format!("retire-reason-{}", calls.0).as_str(), "Say why \u{201c}Calls made\u{201d} is retired."),
            (
                format!("retire-reason-{}", emails.0).as_str(),
                "Say why \u{201c}Emails sent\u{201d} is retired."
            ),
        ]
    );
}

#[test]
fn a_review_with_nothing_decided_still_records_what_was_re_checked() {
    let m = fragmented();
    let list = quarterly::checklist(&m, &Checked::run(&m, today()));
    let edit = quarterly::record(&m, &list, &Decisions::default(), today()).unwrap();
    let mut doc = Document::new(m.clone());
    doc.apply(edit, &meta()).unwrap();
    let meeting = doc.model.meetings.last().unwrap();
    // Every candidate is kept, by default and said so; no KPI changed.
    assert_eq!(meeting.kpis.len(), list.retire.items.len());
    assert!(meeting.decisions.iter().any(|l| l == "Keep \u{201c}Calls made\u{201d}."));
    assert!(meeting.decisions.iter().any(|l| l.ends_with("none handed on.")), "{:?}", meeting.decisions);
    assert_eq!(doc.model.kpis, m.kpis);
    assert!(meeting.actions.is_empty());
}

#[test]
fn a_hostile_model_of_thousands_of_orphans_makes_a_bounded_checklist() {
    let mut m = Model::default();
    for i in 1..=5_000 {
        let mut k = Kpi::new(KpiId(i), format!("Orphan {i} {}", "x".repeat(200)), Level::Department);
        k.measurements = vec![];
        m.kpis.push(k);
    }
    let list = quarterly::checklist(&m, &Checked::run(&m, today()));
    assert_eq!(list.retire.items.len(), SHOWN);
    assert_eq!(list.retire.items.len() + list.retire.more, 5_000);
    let edit = quarterly::record(&m, &list, &Decisions::default(), today()).unwrap();
    let mut doc = Document::new(m);
    doc.apply(edit, &meta()).unwrap();
    assert_eq!(doc.model.meetings[0].kpis.len(), SHOWN, "only what the review saw is recorded");
}
