//! The operating rhythm on a small hand-built model: the numbers a user would see for
//! forecast accuracy, adoption, cycle time, escalations, a forum's agenda and a pilot,
//! and the edits, file format and merge of check-ins.

use interlock::crdt::Replica;
use interlock::format;
use interlock::model::*;
use interlock::rhythm::adoption::{self, Tally};
use interlock::rhythm::escalation::{self, Why};
use interlock::rhythm::{agenda, forecast, pilot, Book};

/// A fixed Monday; nothing here reads the real date.
fn today() -> Date {
    d(2026, 11, 23)
}

fn d(y: i32, m: u32, day: u32) -> Date {
    Date::from_ymd(y, m, day).unwrap()
}

fn person(id: u32, name: &str, manager: Option<u32>) -> Person {
    Person {
        id: PersonId(id),
        name: name.into(),
        role: String::new(),
        department: None,
        manager: manager.map(PersonId),
    }
}

fn kpi(id: u32, name: &str, level: Level, cadence: Cadence, owner: u32) -> Kpi {
    let mut k = Kpi::new(KpiId(id), name, level);
    k.cadence = cadence;
    k.owner = Some(Owner::Person(PersonId(owner)));
    if level != Level::Company {
        k.department = Some(DeptId(1));
    }
    k
}

fn check_in(id: u32, kpi: u32, period: Date, on: Date, confidence: Confidence) -> CheckIn {
    CheckIn { confidence, ..CheckIn::new(CheckInId(id), KpiId(kpi), period, on) }
}

fn forecast(c: CheckIn, value: f64, date: Date) -> CheckIn {
    CheckIn { forecast: Some(value), forecast_for: Some(date), ..c }
}

/// Ada (alignment owner's manager), Ben (reports to Ada), Cy (reports to Ben), Dee (the
/// alignment owner). Revenue (company, monthly, Ada) <- Pipeline (weekly, Cy) and Demos
/// (weekly, Cy); Orders (weekly, Ben) feeds nothing. Today is Monday 23 Nov 2026.
fn model() -> Model {
    let mut m = Model {
        people: vec![
            person(1, "Ada", None),
            person(2, "Ben", Some(1)),
            person(3, "Cy", Some(2)),
            person(4, "Dee", None),
        ],
        departments: vec![Department { id: DeptId(1), name: "Sales".into(), head: Some(PersonId(2)) }],
        ..Model::default()
    };
    m.organisation.alignment_owner = Some(PersonId(4));
    let mut revenue = kpi(1, "Revenue", Level::Company, Cadence::Monthly, 1);
    revenue.measurements = vec![
        Measurement { date: d(2026, 9, 30), value: 80.0 },
        Measurement { date: d(2026, 10, 31), value: 90.0 },
    ];
    let mut pipeline = kpi(2, "Pipeline", Level::Department, Cadence::Weekly, 3);
    pipeline.measurements = vec![Measurement { date: d(2026, 11, 8), value: 50.0 }];
    m.kpis = vec![
        revenue,
        pipeline,
        kpi(3, "Orders", Level::Department, Cadence::Weekly, 2),
        kpi(4, "Demos", Level::Department, Cadence::Weekly, 3),
    ];
    m.links = vec![
        Link::new(KpiId(2), KpiId(1), "Pipeline becomes revenue"),
        Link::new(KpiId(4), KpiId(1), "Demos"),
    ];
    let call = Action {
        what: "Call the top 20 accounts".into(),
        kpi: None,
        who: Some(PersonId(3)),
        due: Some(d(2026, 11, 20)),
        state: ActionState::Open,
    };
    let done = Action {
        what: "Clean the CRM".into(),
        state: ActionState::Done,
        due: Some(d(2026, 11, 1)),
        ..call.clone()
    };
    use Confidence::*;
    m.check_ins = vec![
        // Revenue: monthly, forecasts for the next month end.
        forecast(check_in(1, 1, d(2026, 8, 31), d(2026, 9, 2), OnTrack), 100.0, d(2026, 9, 30)),
        forecast(check_in(2, 1, d(2026, 9, 30), d(2026, 10, 2), OnTrack), 99.0, d(2026, 10, 31)),
        forecast(check_in(3, 1, d(2026, 10, 31), d(2026, 11, 3), AtRisk), 110.0, d(2026, 12, 31)),
        // Pipeline: on time, then late with an overdue action, then nothing.
        forecast(check_in(4, 2, d(2026, 11, 1), d(2026, 11, 2), OffTrack), 40.0, d(2026, 11, 8)),
        CheckIn { actions: vec![call, done], ..check_in(5, 2, d(2026, 11, 8), d(2026, 11, 12), OffTrack) },
        // Orders: every week on time, off track three times running.
        check_in(6, 3, d(2026, 11, 1), d(2026, 11, 1), OnTrack),
        check_in(7, 3, d(2026, 11, 8), d(2026, 11, 9), OffTrack),
        check_in(8, 3, d(2026, 11, 15), d(2026, 11, 17), OffTrack),
        check_in(9, 3, d(2026, 11, 22), d(2026, 11, 23), OffTrack),
        // Demos.
        check_in(10, 4, d(2026, 11, 8), d(2026, 11, 10), OnTrack),
        check_in(11, 4, d(2026, 11, 22), d(2026, 11, 22), OnTrack),
    ];
    m
}

#[test]
fn every_forecast_is_scored_when_its_actual_arrives_and_summed_per_kpi_department_and_quarter() {
    let m = model();
    let book = Book::new(&m);
    let scores = forecast::scores(&book, today());
    let got: Vec<(u32, f64, Option<f64>)> =
        scores.iter().map(|s| (s.check_in.0, s.error, s.relative)).collect();
    // The forecast for 31 Dec has no actual yet.
    assert_eq!(got, [(1, 20.0, Some(0.25)), (2, 9.0, Some(0.1)), (4, -10.0, Some(0.2))]);
    assert_eq!(scores[2].actual_on, d(2026, 11, 8));

    let a = forecast::accuracy(&book, today());
    assert_eq!(a.company.scored, 3);
    assert_eq!(a.company.percent, Some(18.33));
    assert_eq!(
        a.by_department,
        [(None, variance(2, 17.5, 14.5)), (Some(DeptId(1)), variance(1, 20.0, 10.0))]
    );
    assert_eq!(
        a.by_kpi.iter().map(|(k, v)| (k.0, v.percent)).collect::<Vec<_>>(),
        [(1, Some(17.5)), (2, Some(20.0))]
    );
    let quarters: Vec<(String, Option<f64>)> =
        a.over_time.iter().map(|(q, v)| (q.start.quarter_label(), v.percent)).collect();
    assert_eq!(quarters, [("Q3 2026".to_string(), Some(25.0)), ("Q4 2026".to_string(), Some(15.0))]);
    assert_eq!(forecast::cut(Some(25.0), Some(15.0)), Some(40.0));

    // A day before the pipeline's actual, its forecast is not scored yet.
    assert_eq!(forecast::scores(&book, d(2026, 11, 7)).len(), 2);
}

fn variance(scored: usize, percent: f64, mean_error: f64) -> forecast::Variance {
    forecast::Variance { scored, percent: Some(percent), mean_error: Some(mean_error) }
}

#[test]
fn adoption_counts_check_ins_on_time_against_those_due_and_names_who_has_not_checked_in() {
    let m = model();
    let book = Book::new(&m);
    let not_demos = |k: &Kpi| k.id != KpiId(4);
    let a = adoption::adoption(&book, &not_demos, d(2026, 10, 26), d(2026, 11, 22), today());
    let t = |due, on_time, late, missing| Tally { due, on_time, late, missing };
    // The week ending 22 Nov is not due before its deadline (24 Nov).
    assert_eq!(a.total, t(7, 5, 1, 1));
    assert_eq!(a.total.rate(), Some(71.4));
    assert_eq!(
        a.by_owner,
        [(PersonId(1), t(1, 1, 0, 0)), (PersonId(2), t(3, 3, 0, 0)), (PersonId(3), t(3, 1, 1, 1))]
    );
    assert_eq!(a.by_department, [(None, t(1, 1, 0, 0)), (Some(DeptId(1)), t(6, 4, 1, 1))]);
    // This period: Cy has not checked in on Pipeline for 16-22 Nov (not late yet).
    let missing: Vec<(u32, u32, Date, bool)> =
        a.not_checked_in.iter().map(|x| (x.kpi.0, x.owner.0, x.period.end, x.overdue)).collect();
    assert_eq!(missing, [(2, 3, d(2026, 11, 22), false)]);
}

#[test]
fn the_review_cycle_runs_from_the_period_end_until_the_last_owner_checked_in() {
    let m = model();
    let book = Book::new(&m);
    let not_demos = |k: &Kpi| k.id != KpiId(4);
    let cycles =
        adoption::cycles(&book, Cadence::Weekly, &not_demos, d(2026, 10, 26), d(2026, 11, 22), today());
    let got: Vec<(Date, usize, usize, Option<i32>)> =
        cycles.iter().map(|c| (c.period.end, c.due, c.checked_in, c.days)).collect();
    assert_eq!(
        got,
        [
            (d(2026, 11, 1), 2, 2, Some(1)),
            (d(2026, 11, 8), 2, 2, Some(4)),
            (d(2026, 11, 15), 2, 1, None),
            (d(2026, 11, 22), 2, 1, None),
        ]
    );
    assert_eq!(adoption::mean_days(&cycles), Some(2.5));
}

#[test]
fn an_off_track_run_or_an_overdue_action_goes_to_the_managers_and_the_alignment_owners_agenda() {
    let mut m = model();
    let book = Book::new(&m);
    let all = escalation::escalations(&book, today());
    let got: Vec<(u32, Vec<u32>, Vec<Why>, bool)> = all
        .iter()
        .map(|e| (e.kpi.0, e.to.iter().map(|p| p.0).collect(), e.why.clone(), e.recorded))
        .collect();
    assert_eq!(
        got,
        [
            (2, vec![2, 4], vec![Why::Overdue { actions: 1, since: d(2026, 11, 20) }], false),
            (3, vec![1, 4], vec![Why::OffTrack { check_ins: 3, since: d(2026, 11, 8) }], false),
        ]
    );
    assert_eq!(escalation::agenda_of(&all, PersonId(1)).iter().map(|e| e.kpi.0).collect::<Vec<_>>(), [3]);
    assert_eq!(escalation::agenda_of(&all, PersonId(4)).len(), 2);

    // A fourth review is needed once the rule says four; a recorded escalation is noted.
    m.governance.escalate_after = 4;
    m.governance.escalations.push(Escalation {
        id: EscalationId(1),
        kpi: KpiId(2),
        on: d(2026, 11, 21),
        to: Some(PersonId(2)),
        note: String::new(),
    });
    let book = Book::new(&m);
    let all = escalation::escalations(&book, today());
    assert_eq!(all.iter().map(|e| (e.kpi.0, e.recorded)).collect::<Vec<_>>(), [(2, true)]);
}

#[test]
fn a_forums_agenda_groups_kpis_under_the_company_kpi_they_feed_off_track_first_with_missing_check_ins() {
    let m = model();
    let book = Book::new(&m);
    let escalated = escalation::escalations(&book, today());
    let a = agenda::agenda(&book, Cadence::Weekly, &escalated, today());
    assert_eq!((a.period.start, a.period.end), (d(2026, 11, 16), d(2026, 11, 22)));
    type Row = (u32, bool, usize, usize, bool);
    let groups: Vec<(Option<u32>, Vec<Row>)> = a
        .groups
        .iter()
        .map(|g| {
            let items = g
                .items
                .iter()
                .map(|i| (i.kpi.0, i.missing, i.open_actions, i.overdue_actions, i.escalated))
                .collect();
            (g.company.map(|k| k.0), items)
        })
        .collect();
    assert_eq!(
        groups,
        [
            (Some(1), vec![(2, true, 1, 1, true), (4, false, 0, 0, false)]),
            (None, vec![(3, false, 0, 0, true)])
        ]
    );
    assert_eq!(a.missing, 1);
    // The monthly forum reviews Revenue, whose October check-in is in.
    let monthly = agenda::agenda(&book, Cadence::Monthly, &escalated, today());
    assert_eq!(monthly.groups.len(), 1);
    assert_eq!(monthly.groups[0].items[0].confidence, Some(Confidence::AtRisk));
    assert!(!monthly.groups[0].items[0].missing);
}

#[test]
fn a_pilot_baselines_the_90_days_before_it_and_tracks_the_days_since_against_its_criteria() {
    let mut m = model();
    m.pilots.push(Pilot {
        id: PilotId(1),
        name: "Revenue rhythm".into(),
        start: d(2026, 11, 2),
        kpis: vec![KpiId(1)],
        forums: vec![Cadence::Weekly, Cadence::Monthly],
        criteria: Criteria { variance_cut: Some(10.0), cycle_days: Some(2.0), adoption: Some(80.0) },
    });
    let book = Book::new(&m);
    let p = pilot::progress(&book, &m.pilots[0], today());
    assert_eq!(p.day, 21);
    assert_eq!(p.baseline.variance.percent, Some(17.5));
    assert_eq!(p.baseline.cycle_days, Some(2.0));
    assert_eq!(p.baseline.adoption, Tally { due: 26, on_time: 2, late: 0, missing: 24 });
    assert_eq!(p.current.variance.percent, Some(20.0));
    assert_eq!(p.current.cycle_days, Some(4.0));
    assert_eq!(p.current.adoption, Tally { due: 4, on_time: 1, late: 1, missing: 2 });
    assert_eq!(p.variance_cut, Some(-14.29));
    let verdicts: Vec<(Option<f64>, Option<bool>)> =
        p.criteria.iter().map(|v| v.map_or((None, None), |v| (v.reached, v.met))).collect();
    assert_eq!(verdicts, [(Some(-14.29), Some(false)), (Some(4.0), Some(false)), (Some(25.0), Some(false))]);
    assert_eq!(p.weekly.iter().map(|(day, _)| *day).collect::<Vec<_>>(), [7, 14, 21]);
    // In the first week nothing was due yet.
    assert_eq!(p.weekly[0].1.adoption.due, 0);
}

fn meta() -> EditMeta {
    EditMeta { at: Timestamp(0), by: "t".into(), why: String::new() }
}

#[test]
fn check_ins_are_edits_with_undo_a_label_and_plain_refusals() {
    let m = model();
    let mut doc = Document::new(m.clone());
    // The next check-in starts from the previous one: open actions carried, done ones not.
    let next = ops::next_check_in(&doc.model, KpiId(2), d(2026, 11, 22), today());
    assert_eq!(next.id, CheckInId(12));
    assert_eq!(next.by, Some(PersonId(3)));
    assert_eq!(next.confidence, Confidence::OffTrack);
    assert_eq!(
        next.actions.iter().map(|a| a.what.as_str()).collect::<Vec<_>>(),
        ["Call the top 20 accounts"]
    );
    let c = CheckIn { actual: Some(55.0), ..next };
    let edit = ops::check_in(&doc.model, c).unwrap();
    assert_eq!(
        describe::describe(&doc.model, &edit).label,
        "Check in on \u{201c}Pipeline\u{201d} for 22 Nov 2026; Record actuals for \u{201c}Pipeline\u{201d}"
    );
    doc.apply(edit, &meta()).unwrap();
    assert_eq!(doc.model.check_ins.len(), 12);
    assert_eq!(doc.model.kpis[1].latest().map(|x| (x.date, x.value)), Some((d(2026, 11, 22), 55.0)));
    doc.undo();
    assert_eq!(doc.model, m);

    // Refusals say what is wrong and where.
    let twin = check_in(20, 3, d(2026, 11, 20), today(), Confidence::OnTrack);
    assert_eq!(
        apply(&mut doc.model.clone(), Edit::insert(twin)).unwrap_err().to_string(),
        "the check-in on \u{201c}Orders\u{201d} for 20 Nov 2026: \u{201c}Orders\u{201d} already has a check-in for \
         the period 16 Nov 2026 \u{2013} 22 Nov 2026 (written 23 Nov 2026)"
    );
    let half =
        CheckIn { forecast: Some(3.0), ..check_in(20, 3, d(2026, 11, 29), today(), Confidence::OnTrack) };
    assert_eq!(
        apply(&mut doc.model.clone(), Edit::insert(half)).unwrap_err().to_string(),
        "the check-in on \u{201c}Orders\u{201d} for 29 Nov 2026: a forecast needs both a value and the date it is for"
    );
    let nobody = CheckIn {
        actions: vec![Action {
            what: "x".into(),
            kpi: None,
            who: Some(PersonId(9)),
            due: None,
            state: ActionState::Open,
        }],
        ..check_in(20, 3, d(2026, 11, 29), today(), Confidence::OnTrack)
    };
    assert_eq!(
        apply(&mut doc.model.clone(), Edit::insert(nobody)).unwrap_err().to_string(),
        "the check-in on \u{201c}Orders\u{201d} for 29 Nov 2026: action 1 is given to person #9, who does not exist"
    );
    let pilot = Pilot {
        id: PilotId(1),
        name: "P".into(),
        start: today(),
        kpis: vec![KpiId(2)],
        forums: vec![],
        criteria: Criteria::default(),
    };
    assert_eq!(
        apply(&mut doc.model.clone(), Edit::insert(pilot)).unwrap_err().to_string(),
        "the pilot \u{201c}P\u{201d}: \u{201c}Pipeline\u{201d} is a department KPI; a pilot covers company KPIs"
    );
}

#[test]
fn deleting_a_kpi_or_a_person_takes_their_check_ins_and_assignments_with_them() {
    let mut m = model();
    m.meetings.push(Meeting {
        id: MeetingId(1),
        forum: Cadence::Weekly,
        on: today(),
        kpis: vec![KpiId(2), KpiId(3)],
        decisions: vec!["Hire an SDR".into()],
        actions: vec![Action {
            what: "Post the SDR role".into(),
            kpi: Some(KpiId(2)),
            who: None,
            due: None,
            state: ActionState::Open,
        }],
    });
    let mut doc = Document::new(m.clone());
    assert!(apply(&mut m.clone(), Edit::remove::<Kpi>(KpiId(2)))
        .unwrap_err()
        .to_string()
        .contains("2 check-ins"));
    doc.apply(ops::delete_kpi(&m, KpiId(2)).unwrap(), &meta()).unwrap();
    assert!(doc.model.check_ins.iter().all(|c| c.kpi != KpiId(2)));
    assert_eq!(doc.model.meetings[0].kpis, [KpiId(3)]);
    // The meeting's action for the deleted KPI stays on its record, without the KPI.
    assert_eq!(doc.model.meetings[0].actions[0].what, "Post the SDR role");
    assert_eq!(doc.model.meetings[0].actions[0].kpi, None);
    let mut doc = Document::new(m.clone());
    doc.apply(ops::delete_person(&m, PersonId(3)).unwrap(), &meta()).unwrap();
    assert!(doc.model.check_ins.iter().flat_map(|c| &c.actions).all(|a| a.who.is_none()));
}

#[test]
fn check_ins_meetings_and_pilots_survive_save_and_load_and_older_files_load_without_them() {
    let mut m = model();
    m.meetings.push(Meeting {
        id: MeetingId(1),
        forum: Cadence::Monthly,
        on: today(),
        kpis: vec![KpiId(1)],
        decisions: vec!["Keep the target".into()],
        actions: vec![Action {
            what: "Re-forecast".into(),
            kpi: Some(KpiId(1)),
            who: Some(PersonId(1)),
            due: None,
            state: ActionState::Open,
        }],
    });
    m.pilots.push(Pilot {
        id: PilotId(1),
        name: "Pilot".into(),
        start: today(),
        kpis: vec![KpiId(1)],
        forums: vec![Cadence::Weekly],
        criteria: Criteria { variance_cut: Some(15.0), cycle_days: None, adoption: Some(90.0) },
    });
    let text = format::save(&m, Timestamp(0));
    let loaded = format::load(&text).unwrap();
    assert!(loaded.repairs.is_empty(), "{:?}", loaded.repairs);
    assert_eq!(loaded.model, m);
    let old =
        r#"{"format": "interlock.kpi-model", "schema": 1, "model": {"kpis": [{"id": 1, "name": "A"}]}}"#;
    let loaded = format::load(old).unwrap();
    assert!(loaded.model.check_ins.is_empty() && loaded.model.pilots.is_empty());
}

fn load_model(model: serde_json::Value) -> (Model, Vec<String>) {
    let text = serde_json::json!({"format": "interlock.kpi-model", "schema": 1, "model": model}).to_string();
    let loaded = format::load(&text).unwrap();
    (loaded.model, loaded.repairs.into_iter().map(|r| format!("{}: {}", r.at, r.message)).collect())
}

#[test]
fn restore_repairs_hostile_check_ins_meetings_and_pilots_and_says_where() {
    let (m, repairs) = load_model(serde_json::json!({
        "people": [{"id": 1, "name": "Ada"}],
        "kpis": [{"id": 1, "name": "Revenue", "level": "company", "cadence": "monthly"},
                 {"id": 2, "name": "Leads", "level": "department", "cadence": "weekly"}],
        "check_ins": [
            {"id": 1, "kpi": 9, "period": "2026-11-30"},
            {"id": 1, "kpi": 1, "period": "2026-10-31", "on": "2026-11-02", "by": 7,
             "forecast": 1e300, "forecast_for": "2026-12-31",
             "actions": [{"what": ""}, {"what": "Call", "who": 5, "due": "2026-11-30"}]},
            {"id": 1, "kpi": 2, "period": "2026-11-15"},
            {"kpi": 2, "period": "2026-11-22", "on": "2020-01-01", "forecast_for": "2026-12-31"},
            {"id": 3, "kpi": 1, "period": "2026-10-15"}
        ],
        "meetings": [{"id": 1, "on": "2026-11-23", "kpis": [1, 1, 42], "decisions": ["", "Go"],
                      "actions": [{"what": "Re-plan", "kpi": 42}, {"what": "Hire", "kpi": 2}]},
                     {"forum": "weekly"}],
        "pilots": [{"name": "Wrong level", "start": "2026-11-02", "kpis": [2]},
                   {"name": "Good", "start": "2026-11-02", "kpis": [1, 2], "criteria": {"adoption": 150}}]
    }));
    let want = [
        "model.check_ins[0]: a check-in on KPI 9, which does not exist, was dropped",
        "model.check_ins[2]: check-in \u{201c}Leads, 15 Nov 2026\u{201d} had id 1, already used by another check-in; it now has id 2",
        "model.check_ins[1]: the forecast of the check-in on \u{201c}Revenue\u{201d} for 31 Oct 2026 was 1e300, beyond the largest value allowed (\u{b1}1e15); it was dropped",
        "model.check_ins[1]: the check-in on \u{201c}Revenue\u{201d} for 31 Oct 2026 had a forecast without a value; it was dropped",
        "model.check_ins[1]: the author of the check-in on \u{201c}Revenue\u{201d} for 31 Oct 2026 was person 7, who does not exist; the reference was dropped",
        "model.check_ins[1].actions[0]: an action of the check-in on \u{201c}Revenue\u{201d} for 31 Oct 2026 did not say what would be done; it was dropped",
        "model.check_ins[1].actions[1]: the assignee of an action of the check-in on \u{201c}Revenue\u{201d} for 31 Oct 2026 was person 5, who does not exist; the reference was dropped",
        "model.check_ins[4]: the check-in on \u{201c}Revenue\u{201d} for 15 Oct 2026 was a second one for the period 1 Oct 2026 \u{2013} 31 Oct 2026; the first was kept",
        "model.check_ins[3]: the check-in on \u{201c}Leads\u{201d} for 22 Nov 2026 was dated 2020-01-01, before its period began; it is now dated 2026-11-22",
        "model.check_ins[3]: the check-in on \u{201c}Leads\u{201d} for 22 Nov 2026 had a forecast without a value; it was dropped",
        "model.meetings[0]: the review meeting of 23 Nov 2026 named no forum; it is taken as monthly",
        "model.meetings[0]: the monthly review of 23 Nov 2026 named 2 KPIs that do not exist or twice; they were left out",
        "model.meetings[0].actions[0]: an action of the monthly review of 23 Nov 2026 was for KPI 42, which does not exist; it was kept without a KPI",
        "model.meetings[1]: a review meeting without a date was dropped",
        "model.pilots[0]: the pilot \u{201c}Wrong level\u{201d} covered no existing company KPI; it was dropped",
        "model.pilots[1]: the pilot \u{201c}Good\u{201d} named 1 KPIs that are not company KPIs, do not exist or repeat; they were left out",
        "model.pilots[1]: the adoption criterion of the pilot \u{201c}Good\u{201d} was 150, outside 0-100; it was dropped",
    ];
    for w in want {
        assert!(repairs.iter().any(|r| r == w), "missing repair {w:?} in {repairs:#?}");
    }
    assert_eq!(m.check_ins.iter().map(|c| (c.id.0, c.kpi.0)).collect::<Vec<_>>(), [(1, 1), (2, 2), (3, 2)]);
    assert_eq!(m.check_ins[0].actions.len(), 1);
    assert_eq!(m.meetings[0].kpis, [KpiId(1)]);
    assert_eq!(m.meetings[0].decisions, ["Go"]);
    assert_eq!(
        m.meetings[0].actions.iter().map(|a| (a.what.as_str(), a.kpi)).collect::<Vec<_>>(),
        [("Re-plan", None), ("Hire", Some(KpiId(2)))]
    );
    assert_eq!(m.pilots.len(), 1);
    // What restore gives back, every edit accepts: re-validating each item changes nothing.
    for c in &m.check_ins {
        assert_eq!(apply(&mut m.clone(), Edit::update(c.clone())).map(|_| ()), Ok(()));
    }
    // Saving and loading the repaired model reports nothing more.
    let again = format::load(&format::save(&m, Timestamp(0))).unwrap();
    assert!(again.repairs.is_empty(), "{:?}", again.repairs);
}

#[test]
fn a_check_in_with_too_many_actions_is_refused_before_anything_is_built() {
    let actions: Vec<serde_json::Value> =
        (0..101).map(|i| serde_json::json!({"what": format!("a{i}")})).collect();
    let text = serde_json::json!({"format": "interlock.kpi-model", "schema": 1, "model": {
        "kpis": [{"id": 1, "name": "A"}],
        "check_ins": [{"kpi": 1, "period": "2026-11-30", "actions": actions}]
    }})
    .to_string();
    let err = format::load(&text).unwrap_err().to_string();
    assert!(err.contains("101 actions for the check-in at model.check_ins[0]"), "{err}");
}

#[test]
fn two_copies_that_each_check_in_keep_both_after_a_merge() {
    let start = Replica::start(1, &model());
    let state = start.state();
    let open = |client| {
        let mut r = Replica::from_state(client, &state).unwrap();
        let (m, _) = r.read();
        (r, m)
    };
    let (mut a, mut am) = open(10);
    let (mut b, mut bm) = open(20);
    let c = ops::next_check_in(&am, KpiId(2), d(2026, 11, 22), today());
    apply(&mut am, Edit::insert(c)).unwrap();
    a.record(&am);
    let c = ops::next_check_in(&bm, KpiId(4), d(2026, 11, 29), today());
    apply(&mut bm, Edit::insert(CheckIn { variance: "Two demos moved".into(), ..c })).unwrap();
    b.record(&bm);
    let merged = interlock::crdt::report::merge(&a, &b.state()).unwrap();
    let got: Vec<(u32, Date)> = merged.model.check_ins.iter().map(|c| (c.kpi.0, c.period)).collect();
    assert!(got.contains(&(2, d(2026, 11, 22))) && got.contains(&(4, d(2026, 11, 29))), "{got:?}");
    assert_eq!(merged.model.check_ins.len(), 13);
    let ids: std::collections::HashSet<CheckInId> = merged.model.check_ins.iter().map(|c| c.id).collect();
    assert_eq!(ids.len(), 13, "ids stay distinct");
    // The preview names the colleague's check-in by its KPI and period.
    let what: Vec<&str> = merged.report.items.iter().map(|i| i.what.as_str()).collect();
    let name = &query::kpi(&bm, KpiId(4)).unwrap().name;
    let expected = format!("Check-in on \u{201c}{name}\u{201d} for the period of 29 Nov 2026");
    assert!(what.contains(&expected.as_str()), "{what:?}");
}

fn applied(m: &Model, e: Edit) -> Result<Model, EditError> {
    let mut doc = Document::new(m.clone());
    doc.apply(e, &EditMeta { at: Timestamp(1), by: "t".into(), why: String::new() })?;
    Ok(doc.model)
}

#[test]
fn a_new_check_in_reports_on_the_last_period_that_ended_and_carries_the_open_actions() {
    use interlock::rhythm::check_in::draft;
    let m = model();
    // Pipeline's last check-in was for the week to 8 Nov; the week to 22 Nov ended
    // yesterday without one.
    let dr = draft(&m, KpiId(2), today()).expect("the KPI exists");
    assert!(!dr.existing);
    assert_eq!(dr.period.end, d(2026, 11, 22));
    assert_eq!(dr.check_in.period, d(2026, 11, 22));
    assert_eq!(dr.check_in.on, today());
    assert_eq!(dr.check_in.by, Some(PersonId(3)), "the owner checks in");
    assert_eq!(dr.previous.as_ref().map(|p| p.id), Some(CheckInId(5)));
    let carried: Vec<&str> = dr.check_in.actions.iter().map(|a| a.what.as_str()).collect();
    assert_eq!(carried, ["Call the top 20 accounts"], "the done action stays behind");
    assert_eq!(dr.check_in.actual, None, "no actual recorded that week");

    // Saved with an actual: one step that also records the actual on the period's day.
    let mut c = dr.check_in;
    c.actual = Some(55.0);
    c.confidence = Confidence::AtRisk;
    c.actions[0].state = ActionState::Done;
    let after = applied(&m, ops::check_in(&m, c.clone()).unwrap()).expect("the check-in is valid");
    assert_eq!(after.check_ins.len(), m.check_ins.len() + 1);
    let pipeline = after.kpis.iter().find(|k| k.id == KpiId(2)).unwrap();
    assert_eq!(pipeline.measurements.last(), Some(&Measurement { date: d(2026, 11, 22), value: 55.0 }));

    // The next draft is for the week running today, and shows the one just written.
    let next = draft(&after, KpiId(2), today()).unwrap();
    assert_eq!(next.period.end, d(2026, 11, 29));
    assert_eq!(next.check_in.period, today(), "dated today, so its actual is the latest at once");
    assert_eq!(next.previous.as_ref(), Some(&c));
    assert!(next.check_in.actions.is_empty(), "nothing open to carry");

    // Once that one is written too, the draft opens it to change, and saving changes it.
    let mut current = next.check_in;
    current.variance = "Two deals slipped".into();
    let after = applied(&after, ops::check_in(&after, current.clone()).unwrap()).unwrap();
    let again = draft(&after, KpiId(2), today()).unwrap();
    assert!(again.existing);
    assert_eq!(again.check_in, current);
    let mut changed = again.check_in;
    changed.confidence = Confidence::OffTrack;
    let after = applied(&after, ops::check_in(&after, changed).unwrap()).unwrap();
    assert_eq!(after.check_ins.len(), m.check_ins.len() + 2, "changed, not added");
    assert_eq!(draft(&after, KpiId(2), today()).unwrap().check_in.confidence, Confidence::OffTrack);
}

#[test]
fn a_check_in_the_model_refuses_changes_nothing_and_says_why() {
    use interlock::rhythm::check_in::draft;
    let m = model();
    let mut c = draft(&m, KpiId(1), today()).unwrap().check_in;
    // Revenue is monthly: October has its check-in, so November (running today) is
    // drafted, and the forecast date comes from the previous check-in.
    assert_eq!(c.period, today());
    assert_eq!(c.forecast_for, Some(d(2026, 12, 31)));
    c.forecast_for = None;
    c.forecast = Some(120.0);
    c.actual = Some(95.0);
    let err = applied(&m, ops::check_in(&m, c).unwrap()).unwrap_err();
    assert!(err.to_string().contains("a forecast needs both a value and the date it is for"), "{err}");
    assert!(draft(&m, KpiId(99), today()).is_none());
}

#[test]
fn the_check_in_form_names_each_mistake_beside_its_field_and_builds_nothing_until_fixed() {
    use interlock::rhythm::check_in::{draft, Field, Typed, TypedAction};
    let m = model();
    let base = draft(&m, KpiId(2), today()).unwrap().check_in;
    let mut typed = Typed::of(&base);
    assert_eq!(typed.actions.len(), 1, "the open action is carried into the form");
    assert_eq!(typed.actions[0].due, "2026-11-20");

    typed.actual = "12,5".into();
    typed.forecast = "lots".into();
    typed.actions.push(TypedAction { what: "  ".into(), due: "next week".into(), ..TypedAction::default() });
    let errors = typed.build(&base).unwrap_err();
    assert_eq!(
        errors,
        [
            (Field::Forecast, "The forecast: \u{201c}lots\u{201d} is not a number.".to_string()),
            (Field::Action(1), "Say what the action is, or remove it.".to_string()),
            (
                Field::Action(1),
                "\u{201c}next week\u{201d} is not a date; use the form 2026-12-31.".to_string()
            ),
        ]
    );

    typed.forecast = "60".into();
    typed.forecast_for = String::new();
    typed.actions[1] =
        TypedAction { what: "Hire an SDR".into(), due: "2026-12-15".into(), ..TypedAction::default() };
    let errors = typed.build(&base).unwrap_err();
    assert_eq!(errors, [(Field::ForecastFor, "Give the date the forecast is for.".to_string())]);

    typed.forecast_for = "2026-12-31".into();
    typed.variance = "  Two deals slipped into December.  ".into();
    let c = typed.build(&base).expect("everything is valid now");
    assert_eq!(c.actual, Some(12.5), "a decimal comma is read");
    assert_eq!((c.forecast, c.forecast_for), (Some(60.0), Some(d(2026, 12, 31))));
    assert_eq!(c.variance, "Two deals slipped into December.");
    assert_eq!(c.actions[1].due, Some(d(2026, 12, 15)));
    assert_eq!((c.id, c.kpi, c.period, c.by), (base.id, base.kpi, base.period, base.by));
    // And back: the form filled from what was saved reads the same.
    assert_eq!(Typed::of(&c).build(&c).unwrap(), c);
}

#[test]
fn the_minutes_name_who_was_reviewed_what_was_decided_the_actions_and_the_escalations() {
    use interlock::rhythm::minutes;
    let mut m = model();
    assert_eq!(minutes::forums(&m), [Cadence::Weekly, Cadence::Monthly]);
    assert_eq!(minutes::forum_name(Cadence::Weekly), "Weekly operational review");
    m.check_ins[8].variance = "Two carriers\nfailed".into();
    let meeting = Meeting {
        id: MeetingId(1),
        forum: Cadence::Weekly,
        on: today(),
        kpis: vec![KpiId(2), KpiId(3), KpiId(4)],
        decisions: vec!["Orders: add a second carrier".into()],
        actions: vec![Action {
            what: "Sign the carrier".into(),
            kpi: Some(KpiId(3)),
            who: Some(PersonId(2)),
            due: Some(d(2026, 11, 30)),
            state: ActionState::Open,
        }],
    };
    let got = minutes::minutes(&m, &meeting);
    assert_eq!(got.title, "Weekly operational review, 23 Nov 2026");
    assert_eq!(
        got.reviewed.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(),
        ["Pipeline", "Orders", "Demos"]
    );
    // The owner's word at their latest check-in, and the variance they explained.
    assert_eq!(got.reviewed[1].confidence, Some(Confidence::OffTrack));
    assert!(got.reviewed[1].line().starts_with("Orders \u{2014} Ben: "), "{}", got.reviewed[1].line());
    assert!(got.reviewed[1].line().ends_with("(owner: off track). Two carriers\nfailed"));
    assert_eq!(got.actions[0].line(), "Sign the carrier (Orders) \u{2014} Ben, by 30 Nov 2026, open");
    // Orders: off track three check-ins running; Pipeline: its action was due 20 Nov.
    assert_eq!(
        got.escalations,
        [
            "Pipeline: 1 action overdue since 20 Nov 2026; to Ben and Dee",
            "Orders: off track at 3 check-ins in a row since 8 Nov 2026; to Ada and Dee",
        ]
    );
    let text = got.text();
    assert!(
        text.starts_with("# Weekly operational review, 23 Nov 2026\n\n## Reviewed\n\n- Pipeline"),
        "{text}"
    );
    assert!(text.contains("\n## Decisions\n\n- Orders: add a second carrier\n"), "{text}");
    // A line break typed in an explanation stays inside its item.
    assert!(text.contains("Two carriers failed\n"), "{text}");
    // A meeting that recorded nothing says so, section by section.
    let empty =
        minutes::minutes(&m, &Meeting { kpis: vec![], decisions: vec![], actions: vec![], ..meeting });
    assert!(empty.text().contains("No KPI was reviewed.") && empty.text().contains("No action was agreed."));
}

#[test]
fn the_pilot_form_starts_on_every_company_kpi_and_names_each_mistake() {
    use interlock::rhythm::pilot::{Field, Typed};
    let m = model();
    let typed = Typed::new(&m, today());
    assert_eq!(typed.kpis, [KpiId(1)], "the company KPIs, and only them");
    let p = typed.build(PilotId(1)).unwrap();
    assert_eq!(
        (p.start, p.criteria.variance_cut, p.criteria.cycle_days, p.criteria.adoption),
        (today(), Some(15.0), Some(3.0), Some(80.0))
    );
    assert_eq!(apply(&mut m.clone(), Edit::insert(p)).map(|_| ()), Ok(()));
    let wrong = Typed {
        name: "  ".into(),
        start: "next monday".into(),
        kpis: vec![],
        variance_cut: "150".into(),
        cycle_days: "three".into(),
        adoption: String::new(),
        ..typed
    };
    assert_eq!(
        wrong.build(PilotId(1)).unwrap_err(),
        [
            (Field::Name, "Give the pilot a name.".to_string()),
            (Field::Start, "\u{201c}next monday\u{201d} is not a date; use the form 2026-12-31.".to_string()),
            (Field::Kpis, "Choose at least one company KPI.".to_string()),
            (Field::VarianceCut, "The cut in forecast variance: 150 is not between 0 and 100.".to_string()),
            (Field::CycleDays, "The review cycle time: \u{201c}three\u{201d} is not a number.".to_string()),
        ]
    );
}
