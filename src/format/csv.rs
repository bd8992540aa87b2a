//! CSV in and out. In: actuals pasted as `date,value` lines, and a whole KPI list from a
//! CSV with a header row. Out: any table of the spreadsheet export ([`write`]).
//!
//! Both inputs parse to a preview that lists what will change and every row that cannot
//! be used, naming the row and the problem ("Row 4: “12,5x” is not a number"). Nothing
//! is applied while a row is wrong; a clean preview applies as one edit. The reader
//! accepts what spreadsheets export: comma, semicolon or tab separators, quoted cells
//! with doubled quotes, CRLF line ends, a byte-order mark, decimal commas.
//!
//! The writer follows RFC 4180 (commas, CRLF, fields with a comma, quote or line break
//! quoted, quotes doubled), after a byte-order mark so that Excel reads it as UTF-8.
//! The text comes from a model that may come from anyone's file, so a text cell that a
//! spreadsheet would run as a formula (it begins with `=`, `+`, `-`, `@`, a tab or a
//! carriage return) is written with a leading apostrophe, as OWASP advises against CSV
//! injection; numbers and dates are ours and are written plainly.

use std::collections::{HashMap, HashSet};

use super::tables::{Cell, Table};
use crate::model::*;

/// A row that cannot be used, and why. Rows count from 1 as a spreadsheet shows them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    pub row: usize,
    pub message: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Row {}: {}", self.row, self.message)
    }
}

/// Splits text into rows of cells. Returns the rows (with their 1-based row numbers,
/// blank lines dropped) or the row where a quote is left open.
pub fn rows(text: &str) -> Result<Vec<(usize, Vec<String>)>, RowError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let sep = [
        ('\t', first_line.matches('\t').count()),
        (';', first_line.matches(';').count()),
        (',', first_line.matches(',').count()),
    ]
    .into_iter()
    .max_by_key(|(_, n)| *n)
    .filter(|(_, n)| *n > 0)
    .map_or(',', |(c, _)| c);
    let mut out = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut line = 1;
    let mut row_start = 1;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, '\n') => {
                line += 1;
                cell.push('\n');
            }
            (true, c) => cell.push(c),
            (false, '"') if cell.trim().is_empty() => {
                cell.clear();
                quoted = true;
            }
            (false, c) if c == sep => row.push(std::mem::take(&mut cell)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut cell));
                if row.iter().any(|c| !c.trim().is_empty()) {
                    out.push((row_start, std::mem::take(&mut row)));
                }
                row.clear();
                line += 1;
                row_start = line;
            }
            (false, c) => cell.push(c),
        }
    }
    if quoted {
        return Err(RowError { row: row_start, message: "a quote is opened and never closed".into() });
    }
    row.push(cell);
    if row.iter().any(|c| !c.trim().is_empty()) {
        out.push((row_start, row));
    }
    Ok(out)
}

/// Reads a number as spreadsheets write it: `1234.5`, `1,234.5`, `1.234,5`, `12,5`,
/// `45%`, with spaces.
pub fn number(text: &str) -> Option<f64> {
    let t: String =
        text.trim().trim_end_matches('%').chars().filter(|c| !c.is_whitespace() && *c != '\u{a0}').collect();
    if t.is_empty() {
        return None;
    }
    let (dot, comma) = (t.rfind('.'), t.rfind(','));
    let normalised = match (dot, comma) {
        (Some(d), Some(c)) if c > d => t.replace('.', "").replace(',', "."),
        (Some(_), Some(_)) => t.replace(',', ""),
        (None, Some(_)) if t.matches(',').count() == 1 => t.replace(',', "."),
        (None, Some(_)) => t.replace(',', ""),
        _ => t,
    };
    normalised.parse::<f64>().ok().filter(|v| super::limits::number_in_range(*v))
}

/// Reads a date: `2026-03-31`, `2026/03/31` or `31.03.2026`. Day/month order with
/// slashes is ambiguous, so `03/04/2026` is refused with a hint; so is a date outside
/// the years the model allows.
pub fn date(text: &str) -> Result<Date, String> {
    let d = any_date(text)?;
    if !super::limits::date_in_range(d) {
        return Err(format!(
            "{d} is outside the years {}-{}",
            super::limits::FIRST_YEAR,
            super::limits::LAST_YEAR
        ));
    }
    Ok(d)
}

fn any_date(text: &str) -> Result<Date, String> {
    let t = text.trim();
    let t = super::limits::excerpt(t);
    let t = t.as_str();
    let t10 = t.get(..10).unwrap_or(t);
    if let Ok(d) = Date::parse(t10) {
        return Ok(d);
    }
    if let Ok(d) = Date::parse(&t10.replace('/', "-")) {
        return Ok(d);
    }
    let parts: Vec<&str> = t.split('.').collect();
    if let [d, m, y] = parts.as_slice() {
        if let (Ok(d), Ok(m), Ok(y)) = (d.parse::<u32>(), m.parse::<u32>(), y.parse::<i32>()) {
            if let Some(date) = Date::from_ymd(y, m, d) {
                return Ok(date);
            }
        }
    }
    if t.split('/').count() == 3 {
        return Err(format!("{} could be day/month or month/day; write it as YYYY-MM-DD", cell(t)));
    }
    Err(format!("{} is not a date; write it as YYYY-MM-DD", cell(t)))
}

/// Pasted actuals for one KPI, checked.
#[derive(Clone, Debug, PartialEq)]
pub struct ActualsPreview {
    /// The parsed actuals, in date order.
    pub actuals: Vec<Measurement>,
    /// How many replace an existing actual of the same date.
    pub replaced: usize,
    pub errors: Vec<RowError>,
}

impl ActualsPreview {
    /// The KPI with the actuals merged in (existing dates overwritten).
    pub fn apply_to(&self, k: &Kpi) -> Kpi {
        // Both series are sorted by date: merge them, the pasted actual winning a date.
        let mut k = k.clone();
        let old = std::mem::take(&mut k.measurements);
        let mut merged = Vec::with_capacity(old.len() + self.actuals.len());
        let (mut a, mut b) = (old.into_iter().peekable(), self.actuals.iter().copied().peekable());
        loop {
            match (a.peek(), b.peek()) {
                (Some(x), Some(y)) if x.date < y.date => merged.extend(a.next()),
                (Some(x), Some(y)) if x.date == y.date => {
                    a.next();
                    merged.extend(b.next());
                }
                (_, Some(_)) => merged.extend(b.next()),
                (Some(_), None) => merged.extend(a.next()),
                (None, None) => break,
            }
        }
        k.measurements = merged;
        k
    }
}

/// Parses `date,value` rows (an optional header is skipped) against a KPI's actuals.
pub fn parse_actuals(text: &str, existing: &Kpi) -> ActualsPreview {
    let mut errors = Vec::new();
    let mut actuals: Vec<Measurement> = Vec::new();
    let mut seen: HashMap<Date, usize> = HashMap::new();
    let table = match rows(text) {
        Ok(t) => t,
        Err(e) => return ActualsPreview { actuals, replaced: 0, errors: vec![e] },
    };
    for (i, (row, cells)) in table.iter().enumerate() {
        let cells: Vec<&str> = cells.iter().map(|c| c.trim()).filter(|c| !c.is_empty()).collect();
        let looks_like_header =
            i == 0 && cells.first().is_some_and(|c| date(c).is_err() && c.chars().any(char::is_alphabetic));
        if looks_like_header {
            continue;
        }
        let [d, v] = cells.as_slice() else {
            errors.push(RowError {
                row: *row,
                message: format!("expected two cells, a date and a value; found {}", cells.len()),
            });
            continue;
        };
        let d = match date(d) {
            Ok(d) => d,
            Err(e) => {
                errors.push(RowError { row: *row, message: e });
                continue;
            }
        };
        let Some(value) = number(v) else {
            errors.push(RowError { row: *row, message: format!("{} is not a number", cell(v)) });
            continue;
        };
        if let Some(first) = seen.insert(d, *row) {
            errors.push(RowError { row: *row, message: format!("{d} appears twice (also row {first})") });
            continue;
        }
        actuals.push(Measurement { date: d, value });
    }
    if table.is_empty() {
        errors.push(RowError { row: 1, message: "nothing to read: paste lines of date,value".into() });
    }
    crate::order::sort_by_key(&mut actuals, |m| m.date);
    // Existing actuals are sorted by date: a binary search each.
    let replaced = actuals
        .iter()
        .filter(|m| existing.measurements.binary_search_by(|x| x.date.cmp(&m.date)).is_ok())
        .count();
    ActualsPreview { actuals, replaced, errors: bounded(errors) }
}

/// The columns a KPI list may have (header names are matched case-insensitively,
/// ignoring spaces and underscores).
pub const KPI_COLUMNS: [&str; 16] = [
    "name",
    "level",
    "department",
    "owner",
    "parent",
    "indicator",
    "kind",
    "unit",
    "direction",
    "baseline",
    "target",
    "due",
    "cadence",
    "tags",
    "description",
    "data source",
];

/// A KPI list from a spreadsheet, checked against the model.
#[derive(Clone, Debug, PartialEq)]
pub struct KpiListPreview {
    pub kpis: Vec<Kpi>,
    pub links: Vec<Link>,
    /// Departments and people named in the file that do not exist yet.
    pub new_departments: Vec<Department>,
    pub new_people: Vec<Person>,
    pub errors: Vec<RowError>,
}

impl KpiListPreview {
    /// The whole import as one edit (nothing if any row is wrong).
    pub fn edit(&self) -> Option<Edit> {
        if !self.errors.is_empty() || self.kpis.is_empty() {
            return None;
        }
        let mut edits: Vec<Edit> = Vec::new();
        edits.extend(self.new_departments.iter().cloned().map(Edit::insert));
        edits.extend(self.new_people.iter().cloned().map(Edit::insert));
        edits.extend(self.kpis.iter().cloned().map(Edit::insert));
        edits.extend(self.links.iter().cloned().map(Edit::insert));
        Some(Edit::Batch(edits))
    }
}

/// Collects cell problems of a row while its values are read.
struct Notes<'a>(&'a mut Vec<String>);

impl Notes<'_> {
    fn take<T>(&mut self, r: Result<T, String>) -> Option<T> {
        r.map_err(|e| self.0.push(e)).ok()
    }
}

fn key(header: &str) -> String {
    header.trim().to_lowercase().replace(['_', '-'], " ").split_whitespace().collect::<Vec<_>>().join(" ")
}

fn pick<T: Copy>(text: &str, options: &[(T, &[&str])], what: &str) -> Result<T, String> {
    // `higher_is_better` (the file format's spelling) and `higher-is-better` read as
    // `higher is better`.
    let t = text.trim().to_lowercase().replace(['_', '-'], " ");
    for (v, names) in options {
        if names.iter().any(|n| *n == t) {
            return Ok(*v);
        }
    }
    let all: Vec<&str> = options.iter().map(|(_, n)| n[0]).collect();
    Err(format!("{what} {} is not one of {}", cell(text.trim()), all.join(", ")))
}

/// Parses a KPI list (header row first) into new KPIs, the departments and people they
/// name that do not exist yet, and links to parents named in the model or in the file.
pub fn parse_kpi_list(text: &str, m: &Model) -> KpiListPreview {
    let mut p = KpiListPreview {
        kpis: Vec::new(),
        links: Vec::new(),
        new_departments: Vec::new(),
        new_people: Vec::new(),
        errors: Vec::new(),
    };
    let table = match rows(text) {
        Ok(t) => t,
        Err(e) => {
            p.errors.push(e);
            return p;
        }
    };
    let Some(((header_row, header), body)) = table.split_first() else {
        p.errors.push(RowError {
            row: 1,
            message: "the file is empty; the first row must name the columns".into(),
        });
        return p;
    };
    let mut col: HashMap<&str, usize> = HashMap::new();
    for (i, h) in header.iter().enumerate() {
        let k = key(h);
        if k.is_empty() {
            continue;
        }
        match KPI_COLUMNS.iter().find(|c| **c == k) {
            Some(c) => {
                col.insert(c, i);
            }
            None => p.errors.push(RowError {
                row: *header_row,
                message: format!(
                    "column {} is not known; the columns are {}",
                    cell(h.trim()),
                    KPI_COLUMNS.join(", ")
                ),
            }),
        }
    }
    if !col.contains_key("name") {
        p.errors
            .push(RowError { row: *header_row, message: "there is no \u{201c}name\u{201d} column".into() });
        p.errors = bounded(std::mem::take(&mut p.errors));
        return p;
    }
    // New ids never wrap and never take one in use, even past MAX_ID.
    let allocator = |ids: Vec<u32>| {
        let mut a = IdAllocator::new(ids.iter().copied());
        for id in ids {
            a.claim(id);
        }
        a
    };
    let mut kpi_ids = allocator(m.kpis.iter().map(|k| k.id.0).collect());
    let mut dept_ids = allocator(m.departments.iter().map(|d| d.id.0).collect());
    let mut person_ids = allocator(m.people.iter().map(|p| p.id.0).collect());
    let mut dept_by_name: HashMap<String, DeptId> =
        m.departments.iter().map(|d| (d.name.to_lowercase(), d.id)).collect();
    let mut person_by_name: HashMap<String, PersonId> =
        m.people.iter().map(|x| (x.name.to_lowercase(), x.id)).collect();
    let mut by_name: HashMap<String, (KpiId, Level)> =
        m.kpis.iter().filter(|k| k.is_active()).map(|k| (k.name.to_lowercase(), (k.id, k.level))).collect();
    let mut in_file: HashSet<String> = HashSet::new();
    // Rows refused for an error, by name: a later row naming one as its parent is told so.
    let mut refused: HashMap<String, usize> = HashMap::new();
    let mut pending_links: Vec<(usize, KpiId, Level, String)> = Vec::new();

    for (row, cells) in body {
        let get = |c: &str| col.get(c).and_then(|&i| cells.get(i)).map(|s| s.trim()).unwrap_or("");
        let mut problems: Vec<String> = Vec::new();
        let name = get("name");
        if name.is_empty() {
            p.errors.push(RowError { row: *row, message: "the name is empty".into() });
            continue;
        }
        if !in_file.insert(name.to_lowercase()) {
            p.errors
                .push(RowError { row: *row, message: format!("{} appears twice in the file", cell(name)) });
            continue;
        }
        if by_name.contains_key(&name.to_lowercase()) {
            p.errors
                .push(RowError { row: *row, message: format!("a KPI called {} already exists", cell(name)) });
            continue;
        }
        let mut ok = Notes(&mut problems);
        let level = if get("level").is_empty() {
            Some(if get("department").is_empty() { Level::Company } else { Level::Department })
        } else {
            ok.take(pick(
                get("level"),
                &[
                    (Level::Company, &["company", "1"]),
                    (Level::Department, &["department", "2"]),
                    (Level::Team, &["team", "3", "person"]),
                ],
                "level",
            ))
        };
        let indicator = if get("indicator").is_empty() {
            Some(Indicator::Lagging)
        } else {
            ok.take(pick(
                get("indicator"),
                &[(Indicator::Leading, &["leading"]), (Indicator::Lagging, &["lagging"])],
                "indicator",
            ))
        };
        let kind = if get("kind").is_empty() {
            Some(Kind::Outcome)
        } else {
            ok.take(pick(
                get("kind"),
                &[(Kind::Outcome, &["outcome"]), (Kind::Activity, &["activity"])],
                "kind",
            ))
        };
        let unit = if get("unit").is_empty() {
            Some(Unit::Percent)
        } else {
            ok.take(pick(
                get("unit"),
                &[
                    (Unit::Percent, &["percent", "%"]),
                    (Unit::Currency, &["currency"]),
                    (Unit::Count, &["count"]),
                    (Unit::Days, &["days"]),
                    (Unit::Ratio, &["ratio"]),
                    (Unit::Score, &["score"]),
                ],
                "unit",
            ))
        };
        let direction = if get("direction").is_empty() {
            Some(Direction::HigherIsBetter)
        } else {
            ok.take(pick(
                get("direction"),
                &[
                    (Direction::HigherIsBetter, &["higher is better", "higher", "up"]),
                    (Direction::LowerIsBetter, &["lower is better", "lower", "down"]),
                    (Direction::WithinBand, &["within band", "band"]),
                ],
                "direction",
            ))
        };
        let cadence = if get("cadence").is_empty() {
            Some(Cadence::Monthly)
        } else {
            ok.take(pick(
                get("cadence"),
                &[
                    (Cadence::Weekly, &["weekly"]),
                    (Cadence::Biweekly, &["biweekly", "bi-weekly", "fortnightly"]),
                    (Cadence::Monthly, &["monthly"]),
                    (Cadence::Quarterly, &["quarterly"]),
                    (Cadence::Annually, &["annually", "yearly"]),
                ],
                "cadence",
            ))
        };
        let num = |what: &str, t: &str| -> Result<Option<f64>, String> {
            if t.is_empty() {
                Ok(None)
            } else {
                number(t).map(Some).ok_or_else(|| format!("{what} {} is not a number", cell(t)))
            }
        };
        let baseline = ok.take(num("baseline", get("baseline"))).flatten();
        let target = ok.take(num("target", get("target"))).flatten();
        let due = if get("due").is_empty() {
            None
        } else {
            ok.take(date(get("due")).map_err(|e| format!("due date: {e}")))
        };
        if !problems.is_empty() {
            for message in problems {
                p.errors.push(RowError { row: *row, message });
            }
            refused.insert(name.to_lowercase(), *row);
            continue;
        }
        let level = level.unwrap_or_default();
        let department = match get("department") {
            "" => None,
            d => Some(*dept_by_name.entry(d.to_lowercase()).or_insert_with(|| {
                let id = DeptId(dept_ids.fresh());
                p.new_departments.push(Department { id, name: d.to_string(), head: None });
                id
            })),
        };
        if level != Level::Company && department.is_none() {
            p.errors.push(RowError {
                row: *row,
                message: format!("a {} KPI needs a department", level.label().to_lowercase()),
            });
            refused.insert(name.to_lowercase(), *row);
            continue;
        }
        let owner = match get("owner") {
            "" => None,
            o => Some(*person_by_name.entry(o.to_lowercase()).or_insert_with(|| {
                let id = PersonId(person_ids.fresh());
                p.new_people.push(Person {
                    id,
                    name: o.to_string(),
                    role: String::new(),
                    department,
                    manager: None,
                });
                id
            })),
        };
        let id = KpiId(kpi_ids.fresh());
        let mut k = Kpi::new(id, name, level);
        k.department = if level == Level::Company { None } else { department };
        k.owner = owner.map(Owner::Person);
        k.indicator = indicator.unwrap_or_default();
        k.kind = kind.unwrap_or_default();
        k.unit = unit.unwrap_or_default();
        k.direction = direction.unwrap_or_default();
        k.cadence = cadence.unwrap_or_default();
        k.baseline = baseline;
        k.target = target.map(|value| Target { value, upper: None, due });
        k.description = get("description").to_string();
        k.data_source = get("data source").to_string();
        k.tags = get("tags")
            .split([';', '|', ','])
            .map(|t| t.trim().to_lowercase())
            .filter(|t| !t.is_empty())
            .collect();
        by_name.insert(name.to_lowercase(), (id, level));
        if !get("parent").is_empty() {
            pending_links.push((*row, id, level, get("parent").to_string()));
        }
        p.kpis.push(k);
    }
    for (row, child, level, parent) in pending_links {
        match by_name.get(&parent.to_lowercase()) {
            None => p.errors.push(RowError {
                row,
                message: match refused.get(&parent.to_lowercase()) {
                    Some(at) => format!(
                        "the parent {} is on row {at}, which has an error; fix that row first",
                        cell(&parent)
                    ),
                    None => format!("the parent {} is neither in the model nor in the file", cell(&parent)),
                },
            }),
            Some((pid, plevel)) if level.parent() != Some(*plevel) => p.errors.push(RowError {
                row,
                message: format!(
                    "a {} KPI cannot be linked under {}, a {} KPI: a link goes exactly one level up",
                    level.label().to_lowercase(),
                    cell(&parent),
                    plevel.label().to_lowercase()
                ),
            }),
            Some((pid, _)) => p.links.push(Link::new(child, *pid, "")),
        }
    }
    crate::order::sort_by_key(&mut p.errors, |e| e.row);
    p.errors = bounded(std::mem::take(&mut p.errors));
    p
}

/// The most row errors a preview lists; the rest are counted in one last line.
pub const MAX_ROW_ERRORS: usize = 100;
/// Cell text quoted in a message is cut after this many characters.
const CELL_CHARS: usize = 60;

/// A cell's text in curly quotes, cut with “…” when long.
fn cell(t: &str) -> String {
    format!("\u{201c}{}\u{201d}", crate::model::text::excerpt(t, CELL_CHARS))
}

/// The first [`MAX_ROW_ERRORS`] errors (in row order), then one that counts the rest.
fn bounded(mut errors: Vec<RowError>) -> Vec<RowError> {
    if errors.len() > MAX_ROW_ERRORS {
        let rest = errors.len() - MAX_ROW_ERRORS;
        let row = errors[MAX_ROW_ERRORS].row;
        errors.truncate(MAX_ROW_ERRORS);
        errors.push(RowError {
            row,
            message: format!("and {rest} more problems from this row on (fix these first and paste again)"),
        });
    }
    errors
}

/// A table as CSV text: a byte-order mark, the header, then one line per row, every
/// line ended by CRLF. O(cells).
pub fn write(table: &Table<'_>) -> String {
    let mut out = String::from('\u{feff}');
    for (i, h) in table.header.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_text(&mut out, h);
    }
    out.push_str("\r\n");
    for row in &table.rows {
        for (i, c) in row.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            match c {
                Cell::Text(t) => push_text(&mut out, t),
                // Rust writes the shortest text that reads back as the same number, with
                // no exponent (numbers in the model are at most 1e15).
                Cell::Number(x) => out.push_str(&x.to_string()),
                Cell::Date(d) => out.push_str(&d.to_string()),
                Cell::Empty => {}
            }
        }
        out.push_str("\r\n");
    }
    out
}

/// One text field: an apostrophe first if a spreadsheet would take it for a formula,
/// quoted if it holds a separator, a quote or a line break.
fn push_text(out: &mut String, text: &str) {
    let formula = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let quoted = text.contains([',', '"', '\n', '\r']);
    if quoted {
        out.push('"');
    }
    if formula {
        out.push('\'');
    }
    if quoted {
        for c in text.chars() {
            if c == '"' {
                out.push('"');
            }
            out.push(c);
        }
        out.push('"');
    } else {
        out.push_str(text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_read_as_spreadsheets_write_them() {
        let t = "\u{feff}name;target\r\n\"Revenue; net\";\"1.234,5\"\r\n\r\n\"He said \"\"hi\"\"\";2\n";
        let r = rows(t).unwrap();
        assert_eq!(r[0], (1, vec!["name".to_string(), "target".to_string()]));
        assert_eq!(r[1], (2, vec!["Revenue; net".to_string(), "1.234,5".to_string()]));
        assert_eq!(r[2], (4, vec!["He said \"hi\"".to_string(), "2".to_string()]));
        assert_eq!(
            rows("a,\"open\nb,c").unwrap_err(),
            RowError { row: 1, message: "a quote is opened and never closed".into() }
        );
    }

    #[test]
    fn numbers_in_every_common_notation() {
        for (t, v) in [
            ("12.5", 12.5),
            ("12,5", 12.5),
            ("1,234.5", 1234.5),
            ("1.234,5", 1234.5),
            (" 45 % ", 45.0),
            ("-3", -3.0),
            ("1\u{a0}000", 1000.0),
        ] {
            assert_eq!(number(t), Some(v), "{t}");
        }
        for t in ["", "abc", "12x", "1e999"] {
            assert_eq!(number(t), None, "{t}");
        }
    }

    #[test]
    fn dates_iso_slashed_and_dotted_and_ambiguous_ones_refused() {
        assert_eq!(date("2026-03-31").unwrap().to_string(), "2026-03-31");
        assert_eq!(date("2026/03/31").unwrap().to_string(), "2026-03-31");
        assert_eq!(date("31.03.2026").unwrap().to_string(), "2026-03-31");
        assert_eq!(date("2026-03-31T00:00:00").unwrap().to_string(), "2026-03-31");
        assert!(date("03/04/2026").unwrap_err().contains("could be day/month or month/day"));
        assert!(date("March").unwrap_err().contains("\u{201c}March\u{201d} is not a date"));
    }

    #[test]
    fn pasted_actuals_name_every_bad_row_and_count_replacements() {
        let mut k = Kpi::new(KpiId(1), "K", Level::Team);
        k.record(Measurement { date: Date::parse("2026-01-05").unwrap(), value: 1.0 });
        let p = parse_actuals("date,value\n2026-01-05,10\n2026-01-12,12,5\n2026-01-19;x\n03/02/2026,4\n2026-01-05,11\n2026-01-26,\"13,5\"\n", &k);
        let errors: Vec<String> = p.errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            errors,
            [
                "Row 3: expected two cells, a date and a value; found 3",
                "Row 4: expected two cells, a date and a value; found 1",
                "Row 5: \u{201c}03/02/2026\u{201d} could be day/month or month/day; write it as YYYY-MM-DD",
                "Row 6: 2026-01-05 appears twice (also row 2)",
            ]
        );
        assert_eq!(p.actuals.len(), 2);
        assert_eq!(p.replaced, 1);
        let merged = p.apply_to(&k);
        assert_eq!(merged.measurements.iter().map(|m| m.value).collect::<Vec<_>>(), [10.0, 13.5]);
        assert_eq!(parse_actuals("   ", &k).errors[0].message, "nothing to read: paste lines of date,value");
    }

    #[test]
    fn a_kpi_list_creates_kpis_departments_people_and_links() {
        let mut m = Model::default();
        m.kpis.push(Kpi::new(KpiId(1), "Revenue growth", Level::Company));
        let csv = "Name,Level,Department,Owner,Parent,Indicator,Target,Due,Cadence,Tags\n\
                   Pipeline conversion,department,Sales,Sam Lee,Revenue growth,leading,30,2026-12-31,weekly,order-volume\n\
                   Qualified calls,team,Sales,Sam Lee,Pipeline conversion,leading,120,,weekly,\n";
        let p = parse_kpi_list(csv, &m);
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        assert_eq!(
            p.kpis.iter().map(|k| k.name.as_str()).collect::<Vec<_>>(),
            ["Pipeline conversion", "Qualified calls"]
        );
        assert_eq!(p.new_departments.len(), 1);
        assert_eq!(p.new_people.len(), 1);
        assert_eq!(p.links.len(), 2);
        assert_eq!(p.kpis[0].tags, ["order-volume"]);
        let mut doc = Document::new(m.clone());
        doc.apply(p.edit().unwrap(), &EditMeta::default()).unwrap();
        assert_eq!(doc.model.kpis.len(), 3);
        doc.undo().unwrap().unwrap();
        assert_eq!(doc.model, m);
    }

    #[test]
    fn a_kpi_list_reads_the_file_formats_spellings_of_words() {
        let csv = "name,direction,unit\n\
                   A,higher_is_better,percent\n\
                   B,lower-is-better,count\n\
                   C,Within_Band,ratio\n";
        let p = parse_kpi_list(csv, &Model::default());
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        let directions: Vec<Direction> = p.kpis.iter().map(|k| k.direction).collect();
        assert_eq!(directions, [Direction::HigherIsBetter, Direction::LowerIsBetter, Direction::WithinBand]);
        let p = parse_kpi_list("name,direction\nA,higher_is_worse\n", &Model::default());
        assert_eq!(
            p.errors[0].to_string(),
            "Row 2: direction \u{201c}higher_is_worse\u{201d} is not one of higher is better, lower is better, within band"
        );
    }

    #[test]
    fn a_kpi_list_names_each_bad_row_and_applies_nothing() {
        let mut m = Model::default();
        m.kpis.push(Kpi::new(KpiId(1), "Revenue growth", Level::Company));
        let csv = "name,level,department,parent,target,colour\n\
                   Good one,department,Sales,Revenue growth,10,\n\
                   ,department,Sales,,,\n\
                   Bad level,divisional,Sales,,,\n\
                   Bad target,department,Sales,,lots,\n\
                   Skipper,team,Sales,Revenue growth,,\n\
                   Revenue growth,company,,,,\n\
                   Orphan,department,Sales,Nowhere,,\n\
                   Under bad,team,Sales,Bad target,,\n";
        let p = parse_kpi_list(csv, &m);
        let errors: Vec<String> = p.errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            errors,
            [
                "Row 1: column \u{201c}colour\u{201d} is not known; the columns are name, level, department, owner, parent, indicator, kind, unit, direction, baseline, target, due, cadence, tags, description, data source",
                "Row 3: the name is empty",
                "Row 4: level \u{201c}divisional\u{201d} is not one of company, department, team",
                "Row 5: target \u{201c}lots\u{201d} is not a number",
                "Row 6: a team / person KPI cannot be linked under \u{201c}Revenue growth\u{201d}, a company KPI: a link goes exactly one level up",
                "Row 7: a KPI called \u{201c}Revenue growth\u{201d} already exists",
                "Row 8: the parent \u{201c}Nowhere\u{201d} is neither in the model nor in the file",
                "Row 9: the parent \u{201c}Bad target\u{201d} is on row 5, which has an error; fix that row first",
            ]
        );
        assert_eq!(p.edit(), None);
    }

    #[test]
    fn a_huge_paste_lists_the_first_problems_counts_the_rest_and_cuts_long_cells() {
        let k = Kpi::new(KpiId(1), "K", Level::Team);
        let long = "z".repeat(100_000);
        let text: String = std::iter::once(format!("2026-01-05,{long}\n"))
            .chain((0..20_000).map(|i| format!("not a date {i},1\n")))
            .collect();
        let p = parse_actuals(&text, &k);
        assert_eq!(p.errors.len(), MAX_ROW_ERRORS + 1);
        assert!(p.errors.iter().all(|e| e.message.len() < 200), "{:?}", p.errors[0]);
        assert_eq!(
            p.errors[0].to_string(),
            format!("Row 1: \u{201c}{}\u{2026}\u{201d} is not a number", "z".repeat(60))
        );
        assert_eq!(
            p.errors[MAX_ROW_ERRORS].to_string(),
            "Row 101: and 19901 more problems from this row on (fix these first and paste again)"
        );
    }

    #[test]
    fn merging_pasted_actuals_is_the_same_as_recording_each() {
        let mut k = Kpi::new(KpiId(1), "K", Level::Team);
        let day = |i: i32| Date::parse("2026-01-01").unwrap().add_days(i);
        for i in (0..3_000).step_by(2) {
            k.record(Measurement { date: day(i), value: 1.0 });
        }
        let text: String = (0..3_000).step_by(3).map(|i| format!("{},2\n", day(i))).collect();
        let p = parse_actuals(&text, &k);
        assert_eq!(p.replaced, 500);
        let mut one_by_one = k.clone();
        for m in &p.actuals {
            one_by_one.record(*m);
        }
        assert_eq!(p.apply_to(&k), one_by_one);
    }

    /// One text cell written, and how it reads back with [`rows`].
    fn check_field(text: &str, written: &str, read: &str) {
        let t = Table {
            name: "T",
            header: vec!["a", "b"],
            rows: vec![vec![Cell::Text(text.into()), Cell::Number(1.5)]],
        };
        let csv = write(&t);
        assert_eq!(csv, format!("\u{feff}a,b\r\n{written},1.5\r\n"), "{text:?}");
        let back = rows(&csv).unwrap();
        assert_eq!(back[1].1, [read.to_string(), "1.5".to_string()], "{text:?}");
    }

    #[test]
    fn written_fields_are_quoted_as_rfc_4180_says_and_formulas_are_defused() {
        check_field("plain", "plain", "plain");
        check_field("Revenue, net", "\"Revenue, net\"", "Revenue, net");
        check_field("He said \"hi\"", "\"He said \"\"hi\"\"\"", "He said \"hi\"");
        check_field("two\nlines", "\"two\nlines\"", "two\nlines");
        check_field("two\r\nlines", "\"two\r\nlines\"", "two\r\nlines");
        check_field("a;b\tc", "a;b\tc", "a;b\tc");
        // What a spreadsheet would run as a formula gets an apostrophe, inside the quotes.
        check_field("=1+1", "'=1+1", "'=1+1");
        check_field("+33 1 23", "'+33 1 23", "'+33 1 23");
        check_field("-2", "'-2", "'-2");
        check_field("@SUM(A1)", "'@SUM(A1)", "'@SUM(A1)");
        check_field(
            "=HYPERLINK(\"http://x.example\",\"Click\")",
            "\"'=HYPERLINK(\"\"http://x.example\"\",\"\"Click\"\")\"",
            "'=HYPERLINK(\"http://x.example\",\"Click\")",
        );
        check_field("\tx", "'\tx", "'\tx");
        check_field("\r=1", "\"'\r=1\"", "'\r=1");
        // Not at the start: left alone.
        check_field("a=b", "a=b", "a=b");
    }

    #[test]
    fn written_numbers_dates_and_empty_cells_are_plain() {
        let t = Table {
            name: "T",
            header: vec!["n", "d", "e", "m"],
            rows: vec![
                vec![
                    Cell::Number(-12.5),
                    Cell::Date(Date::parse("2026-03-18").unwrap()),
                    Cell::Empty,
                    Cell::Number(1e15),
                ],
                vec![Cell::Number(0.1), Cell::Empty, Cell::Empty, Cell::Number(3.0)],
            ],
        };
        assert_eq!(write(&t), "\u{feff}n,d,e,m\r\n-12.5,2026-03-18,,1000000000000000\r\n0.1,,,3\r\n");
    }
}
