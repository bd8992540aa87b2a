//! The model as spreadsheet tables: what the spreadsheet export writes, one table per
//! sheet of the workbook ([`super::xlsx`]) or per CSV file ([`super::csv::write`]).
//!
//! [`tables`] turns a model (and `today`, for statuses, overdue actions and the
//! findings) into six [`Table`]s: KPIs, links, actuals, check-ins, actions (from
//! check-ins and from review meetings) and findings. References are shown by name and
//! kept by id beside it (`KPI ID`), so a reader can join the sheets. Every cell is typed
//! ([`Cell`]): numbers stay numbers and dates stay dates, so a spreadsheet sorts and
//! charts them without parsing text.
//!
//! One pass over each list, with constant-time look-ups through
//! [`crate::model::query::Index`]: linear in the model, one row per KPI, link, actual,
//! check-in, action and finding. Text is borrowed from the model where it can be, and
//! is as long as the model's limits allow (names 200 characters, free text 10,000; a
//! finding's text is bounded by the checks).

use std::borrow::Cow;
use std::collections::HashMap;

use crate::checks::{self, Finding};
use crate::model::query::Index;
use crate::model::status;
use crate::model::*;

/// One cell of a table.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell<'m> {
    Text(Cow<'m, str>),
    Number(f64),
    /// A calendar day: a date cell in a workbook, `YYYY-MM-DD` in CSV.
    Date(Date),
    Empty,
}

impl<'m> Cell<'m> {
    fn text(s: &'m str) -> Cell<'m> {
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(Cow::Borrowed(s))
        }
    }

    fn owned(s: String) -> Cell<'m> {
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(Cow::Owned(s))
        }
    }

    fn label(s: &'static str) -> Cell<'m> {
        Cell::Text(Cow::Borrowed(s))
    }

    fn id(n: u32) -> Cell<'m> {
        Cell::Number(f64::from(n))
    }

    fn number(x: Option<f64>) -> Cell<'m> {
        x.map_or(Cell::Empty, Cell::Number)
    }

    fn date(d: Option<Date>) -> Cell<'m> {
        d.map_or(Cell::Empty, Cell::Date)
    }

    fn yes(b: bool) -> Cell<'m> {
        Cell::label(if b { "Yes" } else { "No" })
    }
}

/// A named table: a sheet of the workbook, or one CSV file.
#[derive(Clone, Debug, PartialEq)]
pub struct Table<'m> {
    /// The sheet's name, and the CSV file's name (see [`Table::file_name`]).
    pub name: &'static str,
    pub header: Vec<&'static str>,
    /// Each row has one cell per header column.
    pub rows: Vec<Vec<Cell<'m>>>,
}

impl Table<'_> {
    /// The CSV file's name: `interlock-check-ins.csv`.
    pub fn file_name(&self) -> String {
        format!("interlock-{}.csv", self.name.to_lowercase())
    }
}

/// The tables' names, in the order [`tables`] returns them.
pub const NAMES: [&str; 6] = ["KPIs", "Links", "Actuals", "Check-ins", "Actions", "Findings"];

/// Every table of the model, running the checks for the findings.
pub fn tables(m: &Model, today: Date) -> Vec<Table<'_>> {
    tables_with_findings(m, &checks::run(m, today), today)
}

/// Every table of the model, with findings already computed (the app holds them in a
/// memo): KPIs, links, actuals, check-ins, actions and findings, named as [`NAMES`].
pub fn tables_with_findings<'m>(m: &'m Model, findings: &[Finding], today: Date) -> Vec<Table<'m>> {
    let names = Names::new(m);
    vec![
        kpis(m, &names, today),
        links(m, &names),
        actuals(m),
        check_ins(m, &names),
        actions(m, &names, today),
        findings_table(m, &names, findings),
    ]
}

/// Names by id, borrowed from the model; an id that does not resolve is shown as itself.
struct Names<'m> {
    m: &'m Model,
    idx: Index,
}

impl<'m> Names<'m> {
    fn new(m: &'m Model) -> Names<'m> {
        Names { m, idx: Index::new(m) }
    }

    fn kpi(&self, id: KpiId) -> Cell<'m> {
        match self.idx.kpi(self.m, id) {
            Some(k) => Cell::text(&k.name),
            None => Cell::owned(id.to_string()),
        }
    }

    fn person(&self, id: Option<PersonId>) -> Cell<'m> {
        match id.map(|p| (p, self.idx.person(self.m, p))) {
            None => Cell::Empty,
            Some((_, Some(p))) => Cell::text(&p.name),
            Some((p, None)) => Cell::owned(p.to_string()),
        }
    }

    fn department(&self, id: Option<DeptId>) -> Cell<'m> {
        match id.map(|d| (d, self.idx.department(self.m, d))) {
            None => Cell::Empty,
            Some((_, Some(d))) => Cell::text(&d.name),
            Some((d, None)) => Cell::owned(d.to_string()),
        }
    }

    fn owner(&self, k: &'m Kpi) -> Cell<'m> {
        match &k.owner {
            None => Cell::Empty,
            Some(Owner::Person(p)) => self.person(Some(*p)),
            Some(_) => Cell::owned(self.idx.owner_label(self.m, k)),
        }
    }

    fn term(&self, id: Option<TermId>) -> Cell<'m> {
        id.and_then(|t| self.idx.term(self.m, t)).map_or(Cell::Empty, |t| Cell::text(&t.name))
    }
}

fn unit(m: &Model, u: Unit) -> Cell<'_> {
    match u {
        Unit::Currency if !m.organisation.currency.trim().is_empty() => Cell::text(&m.organisation.currency),
        _ => Cell::label(u.label()),
    }
}

const KPI_HEADER: [&str; 23] = [
    "KPI ID",
    "Name",
    "Level",
    "Department",
    "Owner",
    "Indicator",
    "Kind",
    "Unit",
    "Direction",
    "Cadence",
    "Baseline",
    "Target",
    "Band upper",
    "Target date",
    "Latest actual",
    "Latest actual date",
    "Status",
    "Definition",
    "Description",
    "Data source",
    "Tags",
    "Locked on",
    "Retired on",
];

fn kpis<'m>(m: &'m Model, names: &Names<'m>, today: Date) -> Table<'m> {
    let rows = m
        .kpis
        .iter()
        .map(|k| {
            let latest = status::latest_on(k, today);
            let retired = match &k.lifecycle {
                Lifecycle::Active => None,
                Lifecycle::Retired { on, .. } => Some(*on),
            };
            vec![
                Cell::id(k.id.0),
                Cell::text(&k.name),
                Cell::label(k.level.label()),
                if k.level == Level::Company { Cell::Empty } else { names.department(k.department) },
                names.owner(k),
                Cell::label(k.indicator.label()),
                Cell::label(k.kind.label()),
                unit(m, k.unit),
                Cell::label(k.direction.label()),
                Cell::label(k.cadence.label()),
                Cell::number(k.baseline),
                Cell::number(k.target.map(|t| t.value)),
                Cell::number(k.target.and_then(|t| t.upper)),
                Cell::date(k.target.and_then(|t| t.due)),
                Cell::number(latest.map(|a| a.value)),
                Cell::date(latest.map(|a| a.date)),
                Cell::label(if k.is_active() { status::current(k, today).label() } else { "Retired" }),
                names.term(k.term),
                Cell::text(&k.description),
                Cell::text(&k.data_source),
                Cell::owned(k.tags.join(", ")),
                Cell::date(k.locked),
                Cell::date(retired),
            ]
        })
        .collect();
    Table { name: NAMES[0], header: KPI_HEADER.to_vec(), rows }
}

fn links<'m>(m: &'m Model, names: &Names<'m>) -> Table<'m> {
    let rows = m
        .links
        .iter()
        .map(|l| {
            vec![
                Cell::id(l.child.0),
                names.kpi(l.child),
                Cell::id(l.parent.0),
                names.kpi(l.parent),
                Cell::text(&l.rationale),
                Cell::label(match l.sign {
                    Sign::Positive => "Positive",
                    Sign::Negative => "Negative",
                }),
                Cell::number(l.lag_days.map(f64::from)),
            ]
        })
        .collect();
    Table {
        name: NAMES[1],
        header: vec!["Child ID", "Child", "Parent ID", "Parent", "Rationale", "Effect", "Lag (days)"],
        rows,
    }
}

fn actuals(m: &Model) -> Table<'_> {
    let mut rows = Vec::with_capacity(m.kpis.iter().map(|k| k.measurements.len()).sum());
    for k in &m.kpis {
        for a in &k.measurements {
            rows.push(vec![Cell::id(k.id.0), Cell::text(&k.name), Cell::Date(a.date), Cell::Number(a.value)]);
        }
    }
    Table { name: NAMES[2], header: vec!["KPI ID", "KPI", "Date", "Value"], rows }
}

fn check_ins<'m>(m: &'m Model, names: &Names<'m>) -> Table<'m> {
    let rows = m
        .check_ins
        .iter()
        .map(|c| {
            vec![
                Cell::id(c.id.0),
                Cell::id(c.kpi.0),
                names.kpi(c.kpi),
                Cell::Date(c.period),
                Cell::Date(c.on),
                names.person(c.by),
                Cell::number(c.actual),
                Cell::label(c.confidence.label()),
                Cell::number(c.forecast),
                Cell::date(c.forecast_for),
                Cell::text(&c.variance),
                Cell::Number(c.actions.len() as f64),
            ]
        })
        .collect();
    Table {
        name: NAMES[3],
        header: vec![
            "Check-in ID",
            "KPI ID",
            "KPI",
            "Period",
            "Written on",
            "By",
            "Actual",
            "Confidence",
            "Forecast",
            "Forecast for",
            "Variance explained",
            "Actions",
        ],
        rows,
    }
}

fn actions<'m>(m: &'m Model, names: &Names<'m>, today: Date) -> Table<'m> {
    // Each KPI's latest check-in for a period begun by today holds its actions' current
    // state (as the agenda reads them); earlier ones are what was said then.
    let mut latest: HashMap<KpiId, (Date, CheckInId)> = HashMap::new();
    for c in m.check_ins.iter().filter(|c| c.period <= today) {
        let e = latest.entry(c.kpi).or_insert((c.period, c.id));
        *e = (*e).max((c.period, c.id));
    }
    let count = m.check_ins.iter().map(|c| c.actions.len()).sum::<usize>()
        + m.meetings.iter().map(|x| x.actions.len()).sum::<usize>();
    let mut rows = Vec::with_capacity(count);
    let row = |from, source: u32, kpi: Cell<'m>, about, day, current: Cell<'m>, a: &'m Action| {
        vec![
            Cell::label(from),
            Cell::id(source),
            kpi,
            about,
            Cell::Date(day),
            current,
            Cell::text(&a.what),
            names.person(a.who),
            Cell::date(a.due),
            Cell::label(a.state.label()),
            if a.overdue(today) { Cell::label("Yes") } else { Cell::Empty },
        ]
    };
    for c in &m.check_ins {
        let current = latest.get(&c.kpi) == Some(&(c.period, c.id));
        for a in &c.actions {
            rows.push(row(
                "Check-in",
                c.id.0,
                Cell::id(c.kpi.0),
                names.kpi(c.kpi),
                c.period,
                Cell::yes(current),
                a,
            ));
        }
    }
    for meeting in &m.meetings {
        let title = format!("{} review, {}", meeting.forum.label(), meeting.on);
        for a in &meeting.actions {
            rows.push(row(
                "Review meeting",
                meeting.id.0,
                a.kpi.map_or(Cell::Empty, |k| Cell::id(k.0)),
                Cell::owned(title.clone()),
                meeting.on,
                Cell::Empty,
                a,
            ));
        }
    }
    Table {
        name: NAMES[4],
        header: vec![
            "From",
            "Check-in or meeting ID",
            "KPI ID",
            "KPI or meeting",
            "Period or meeting date",
            "Latest check-in",
            "What",
            "Who",
            "Due",
            "State",
            "Overdue",
        ],
        rows,
    }
}

/// Findings are few next to actuals (and their text is bounded): their text is copied,
/// so the findings need not outlive the table.
fn findings_table<'m>(m: &'m Model, names: &Names<'m>, findings: &[Finding]) -> Table<'m> {
    let acknowledged: HashMap<&str, &Acknowledgement> =
        m.acknowledgements.iter().map(|a| (a.finding.as_str(), a)).collect();
    let rows = findings
        .iter()
        .map(|f| {
            let ids: Vec<String> = f.kpis.iter().map(|k| k.0.to_string()).collect();
            let kpi_names: Vec<Cow<'_, str>> = f
                .kpis
                .iter()
                .map(|k| match names.kpi(*k) {
                    Cell::Text(t) => t,
                    _ => Cow::Borrowed(""),
                })
                .collect();
            vec![
                Cell::label(f.rule.code()),
                Cell::label(f.rule.info().title),
                Cell::label(f.severity.label()),
                Cell::owned(f.title.clone()),
                Cell::owned(ids.join(", ")),
                Cell::owned(kpi_names.join("; ")),
                Cell::owned(f.explanation.clone()),
                Cell::owned(f.fix.clone()),
                acknowledged
                    .get(f.key.as_str())
                    .map_or(Cell::Empty, |a| Cell::owned(format!("{} ({})", a.reason, a.by))),
                Cell::owned(f.key.clone()),
            ]
        })
        .collect();
    Table {
        name: NAMES[5],
        header: vec![
            "Rule",
            "Rule name",
            "Severity",
            "Title",
            "KPI IDs",
            "KPIs",
            "Explanation",
            "Fix",
            "Acknowledged",
            "Key",
        ],
        rows,
    }
}
