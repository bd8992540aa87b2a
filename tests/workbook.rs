//! The spreadsheet export: the workbook built from a template with check-ins, actions and
//! findings, read back with calamine (a native xlsx reader), and its CSV.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use interlock::checks;
use interlock::format::tables::{self, Cell, Table, NAMES};
use interlock::format::{csv, xlsx};
use interlock::model::*;

fn today() -> Date {
    Date::from_ymd(2026, 3, 18).unwrap()
}

const HOSTILE: &str = "=HYPERLINK(\"http://x.example\",\"Click\")";

/// The retail template with a check-in (and two actions) on each of its first three
/// KPIs, a review meeting with an action, an acknowledged finding and a KPI named like a
/// formula.
fn model() -> Model {
    let today = today();
    let mut m = interlock::templates::by_id("retail").unwrap().build(today);
    for k in m.kpis.iter().take(3).map(|k| k.id).collect::<Vec<_>>() {
        let mut c = ops::next_check_in(&m, k, today.add_days(-3), today.add_days(-2));
        c.actual = Some(41.5);
        c.confidence = Confidence::AtRisk;
        c.forecast = Some(44.0);
        c.forecast_for = Some(today.add_days(60));
        c.variance = "Fewer visits, in line with the market, after the price change".into();
        c.actions = vec![
            Action {
                what: "Call the top ten accounts".into(),
                kpi: None,
                who: c.by,
                due: Some(today.add_days(-1)),
                state: ActionState::Open,
            },
            Action {
                what: "Review pricing".into(),
                kpi: None,
                who: None,
                due: None,
                state: ActionState::Done,
            },
        ];
        let edit = ops::check_in(&m, c).unwrap();
        apply(&mut m, edit).unwrap();
    }
    let meeting = Meeting {
        id: MeetingId(1),
        forum: Cadence::Monthly,
        on: today.add_days(-7),
        kpis: vec![m.kpis[0].id],
        decisions: vec!["Hold the price".into()],
        actions: vec![Action {
            what: "Share the churn analysis".into(),
            kpi: Some(m.kpis[0].id),
            who: m.people.first().map(|p| p.id),
            due: Some(today.add_days(7)),
            state: ActionState::Open,
        }],
    };
    apply(&mut m, Edit::insert(meeting)).unwrap();
    let mut k = m.kpis[4].clone();
    k.name = HOSTILE.into();
    apply(&mut m, Edit::update(k)).unwrap();
    let key = checks::run(&m, today)[0].key.clone();
    m.acknowledgements.push(Acknowledgement {
        finding: key,
        reason: "Known, fixed next quarter".into(),
        by: "Ada".into(),
        at: Timestamp::at_midnight(today),
    });
    m
}

fn read(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
    Xlsx::new(Cursor::new(bytes.to_vec())).expect("the workbook opens")
}

fn sheet(book: &mut Xlsx<Cursor<Vec<u8>>>, name: &str) -> Vec<Vec<Data>> {
    book.worksheet_range(name).unwrap().rows().map(|r| r.to_vec()).collect()
}

/// Excel's day number for a date (1900 date system, from March 1900 on).
fn serial(d: Date) -> f64 {
    f64::from(d.days() + 25_569)
}

#[test]
fn the_workbook_has_a_sheet_per_table_with_its_header_and_one_row_per_item() {
    let m = model();
    let findings = checks::run(&m, today());
    let tables = tables::tables(&m, today());
    let bytes = xlsx::workbook(&tables, today()).unwrap();
    let mut book = read(&bytes);
    assert_eq!(book.sheet_names(), NAMES);

    let actions = m.check_ins.iter().map(|c| c.actions.len()).sum::<usize>()
        + m.meetings.iter().map(|x| x.actions.len()).sum::<usize>();
    let counts = [
        m.kpis.len(),
        m.links.len(),
        m.kpis.iter().map(|k| k.measurements.len()).sum(),
        m.check_ins.len(),
        actions,
        findings.len(),
    ];
    assert_eq!((counts[3], counts[4]), (3, 7));
    assert!(counts.iter().all(|n| *n > 0), "{counts:?}");
    for ((name, count), table) in NAMES.iter().zip(counts).zip(&tables) {
        let rows = sheet(&mut book, name);
        let header: Vec<String> = rows[0].iter().map(|c| c.to_string()).collect();
        assert_eq!(header, table.header, "{name}");
        assert_eq!(rows.len() - 1, count, "{name}");
        assert!(rows.iter().all(|r| r.len() == table.header.len()), "{name}");
    }
}

#[test]
fn a_kpis_name_target_and_dates_read_back_as_text_numbers_and_dates() {
    let m = model();
    let k = m.kpis.iter().find(|k| k.target.is_some_and(|t| t.due.is_some())).unwrap();
    let target = k.target.unwrap();
    let bytes = xlsx::workbook(&tables::tables(&m, today()), today()).unwrap();
    let mut book = read(&bytes);
    let rows = sheet(&mut book, "KPIs");
    let col = |name: &str| rows[0].iter().position(|c| *c == name).unwrap();
    let row = rows.iter().find(|r| r[0] == Data::Float(f64::from(k.id.0))).unwrap();
    assert_eq!(row[col("Name")], Data::String(k.name.clone()));
    assert_eq!(row[col("Target")], Data::Float(target.value));
    match &row[col("Target date")] {
        Data::DateTime(d) => {
            assert!(d.is_datetime());
            assert_eq!(d.as_f64(), serial(target.due.unwrap()));
        }
        other => panic!("the target date reads as {other:?}"),
    }
    // The formula-like name is text in the workbook, not a formula.
    assert!(rows.iter().any(|r| r[col("Name")] == Data::String(HOSTILE.into())));
    let formulas = book.worksheet_formula("KPIs").unwrap();
    assert!(formulas.used_cells().next().is_none());

    // An actual's date is a date too, and its value a number.
    let actuals = sheet(&mut book, "Actuals");
    let first = k.measurements[0];
    let row = actuals.iter().find(|r| r[0] == Data::Float(f64::from(k.id.0))).unwrap();
    assert!(matches!(&row[2], Data::DateTime(d) if d.as_f64() == serial(first.date)));
    assert_eq!(row[3], Data::Float(first.value));
}

#[test]
fn actions_come_from_check_ins_and_meetings_and_findings_carry_their_acknowledgement() {
    let m = model();
    let bytes = xlsx::workbook(&tables::tables(&m, today()), today()).unwrap();
    let mut book = read(&bytes);
    let actions = sheet(&mut book, "Actions");
    let from: Vec<String> = actions[1..].iter().map(|r| r[0].to_string()).collect();
    assert_eq!(from.iter().filter(|f| *f == "Check-in").count(), 6);
    let meeting = actions.iter().find(|r| r[0] == "Review meeting").unwrap();
    assert_eq!(meeting[3].to_string(), format!("Monthly review, {}", today().add_days(-7)));
    assert_eq!(meeting[6].to_string(), "Share the churn analysis");
    // The meeting's action names the KPI it was agreed for, so it joins the KPIs sheet.
    assert_eq!(meeting[2].to_string(), m.kpis[0].id.0.to_string());
    let overdue = actions.iter().filter(|r| r[10] == "Yes").count();
    assert_eq!(overdue, 3, "the three calls due yesterday");

    let findings = sheet(&mut book, "Findings");
    let acked: Vec<&Vec<Data>> = findings.iter().filter(|r| r[8] != Data::Empty).collect();
    assert_eq!(acked.len(), 2, "the header and the acknowledged finding");
    assert_eq!(acked[1][8].to_string(), "Known, fixed next quarter (Ada)");
}

#[test]
fn the_workbook_is_dated_by_the_day_given_not_by_the_clock() {
    let m = model();
    let tables = tables::tables(&m, today());
    let a = xlsx::workbook(&tables, today()).unwrap();
    let mut zip = zip::ZipArchive::new(Cursor::new(a.clone())).unwrap();
    let mut core = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("docProps/core.xml").unwrap(), &mut core).unwrap();
    assert!(core.contains(">2026-03-18T00:00:00Z</dcterms:created>"), "{core}");
    assert!(core.contains(">2026-03-18T00:00:00Z</dcterms:modified>"), "{core}");
    assert!(a == xlsx::workbook(&tables, today()).unwrap(), "the same tables and day, the same bytes");
}

#[test]
fn the_csv_of_a_table_defuses_a_formula_like_name() {
    let m = model();
    let tables = tables::tables(&m, today());
    let kpis = &tables[0];
    assert_eq!(kpis.file_name(), "interlock-kpis.csv");
    let text = csv::write(kpis);
    assert!(text.contains("\"'=HYPERLINK(\"\"http://x.example\"\",\"\"Click\"\")\""));
    let rows = csv::rows(&text).unwrap();
    assert_eq!(rows.len(), m.kpis.len() + 1);
    assert!(rows.iter().any(|(_, r)| r[1] == format!("'{HOSTILE}")));
    // Every table reads back with a line per row (quoted line breaks stay in their cell).
    for t in &tables {
        assert_eq!(csv::rows(&csv::write(t)).unwrap().len(), t.rows.len() + 1, "{}", t.name);
    }
}

#[test]
fn a_workbook_past_excels_or_the_browsers_limits_is_refused_by_table_and_long_text_is_cut() {
    let big = Table { name: "Actuals", header: vec!["KPI ID"], rows: vec![Vec::new(); xlsx::MAX_ROWS] };
    let e = xlsx::workbook(&[big], today()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "the Actuals table has 1,048,576 rows, and an Excel sheet holds 1,048,575 below its header; export \
         the Actuals table as CSV instead"
    );
    let wide = |name, rows| Table { name, header: vec!["a", "b", "c"], rows: vec![Vec::new(); rows] };
    let e = xlsx::workbook(&[wide("Actuals", 1_000_000), wide("Check-ins", 333_333)], today()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "the workbook would hold 4,000,005 cells, more than the 4,000,000 written in the browser; export the \
         Actuals table as CSV instead"
    );
    let bad = Table { name: "A/B", header: vec!["x"], rows: Vec::new() };
    assert!(matches!(xlsx::workbook(&[bad], today()), Err(xlsx::WorkbookError::SheetName { .. })));

    let long = "é".repeat(40_000);
    let t = Table {
        name: "Long",
        header: vec!["Text", "Control"],
        rows: vec![vec![Cell::Text(long.as_str().into()), Cell::Text("a\u{1}b".into())]],
    };
    let mut book = read(&xlsx::workbook(&[t], today()).unwrap());
    let rows = sheet(&mut book, "Long");
    let Data::String(cut) = &rows[1][0] else { panic!("{:?}", rows[1][0]) };
    assert_eq!(cut.chars().count(), xlsx::MAX_CELL_CHARS);
    assert!(cut.ends_with("é\u{2026}"));
    assert_eq!(rows[1][1], Data::String("a\u{1}b".into()));
}
