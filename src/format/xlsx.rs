//! The spreadsheet export as an Excel workbook (.xlsx): one sheet per [`Table`], written
//! in memory by rust_xlsxwriter, on the page as natively.
//!
//! Each sheet has a bold header row, frozen and with a filter; numbers are numbers and
//! dates are date cells shown as `yyyy-mm-dd`. Column widths come from the header and
//! the first [`WIDTH_ROWS`] rows, not from measuring every cell. Text is written as
//! text, never as a formula, so a name such as `=HYPERLINK(…)` from a hostile file
//! stays inert (CSV needs the apostrophe guard of [`super::csv::write`]; a workbook
//! does not).
//!
//! Excel's limits are kept: a sheet holds [`MAX_ROWS`] rows, so a table with more rows
//! below its header is refused with an error that names it (only the actuals of a very
//! large model come near: its CSV has no limit); a cell holds [`MAX_CELL_CHARS`]
//! characters, so a longer text is cut with “…”; a sheet's name is at most 31
//! characters. The browser's memory is kept too: a workbook of more than [`MAX_CELLS`]
//! cells is refused, naming its largest table. The output is deterministic: the document's creation date is the day
//! given, and the package's entries carry a fixed time. Writing is linear in the cells.
//!
//! The writer (rust_xlsxwriter, zip, deflate) is about 470 KB of WebAssembly (200 KB
//! gzip). The UI calls [`workbook`] through a `fetched!` function (`ui/deferred.rs`),
//! which makes it a module of its own, fetched on the first export. Declare that
//! function with its caller: with the `split` feature a fetched function nothing calls
//! is kept in the first module by its export, writer and all.

use std::borrow::Cow;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use super::limits::thousands;
use super::tables::{Cell, Table};
use crate::model::Date;

/// Rows in an Excel sheet, the header included.
pub const MAX_ROWS: usize = 1_048_576;
/// Characters in an Excel cell (UTF-16 code units, as Excel counts them).
pub const MAX_CELL_CHARS: usize = 32_767;
/// The most cells (rows × columns, over every sheet) written in one workbook. The
/// writer holds every cell until it saves, about 170 bytes each at its peak (measured
/// natively: 300 MB for the 2.1 million cells of 1,000 weekly KPIs with two years of
/// check-ins); beyond this a browser tab risks running out of memory, which would end
/// the app, so such a workbook is refused and its tables offered as CSV instead.
pub const MAX_CELLS: usize = 4_000_000;
/// Column widths are read from the header and this many rows.
pub const WIDTH_ROWS: usize = 200;
/// Widest column set, in characters (longer text wraps off-screen, as in any sheet).
const MAX_WIDTH: usize = 60;
/// Sheet names in Excel are at most this many characters.
const MAX_SHEET_NAME: usize = 31;

/// Why a workbook could not be written.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum WorkbookError {
    #[error(
        "the {table} table has {} rows, and an Excel sheet holds {} below its header; export the {table} table \
         as CSV instead",
        thousands(*rows),
        thousands(MAX_ROWS - 1)
    )]
    TooManyRows { table: &'static str, rows: usize },
    #[error(
        "the workbook would hold {} cells, more than the {} written in the browser; export the {largest} \
         table as CSV instead",
        thousands(*cells),
        thousands(MAX_CELLS)
    )]
    TooManyCells { cells: usize, largest: &'static str },
    #[error("“{name}” cannot name a sheet: Excel allows 31 characters and none of [ ] : * ? / \\")]
    SheetName { name: &'static str },
    #[error("the workbook could not be written: {0}")]
    Writer(String),
}

impl From<XlsxError> for WorkbookError {
    fn from(e: XlsxError) -> WorkbookError {
        WorkbookError::Writer(e.to_string())
    }
}

/// The tables as an .xlsx file, one sheet each in the order given, created on `created`.
/// Every table is checked against Excel's limits before anything is written.
pub fn workbook(tables: &[Table<'_>], created: Date) -> Result<Vec<u8>, WorkbookError> {
    for t in tables {
        if t.rows.len() > MAX_ROWS - 1 {
            return Err(WorkbookError::TooManyRows { table: t.name, rows: t.rows.len() });
        }
        if t.name.is_empty()
            || t.name.chars().count() > MAX_SHEET_NAME
            || t.name.contains(['[', ']', ':', '*', '?', '/', '\\'])
        {
            return Err(WorkbookError::SheetName { name: t.name });
        }
    }
    let cells = |t: &Table<'_>| (t.rows.len() + 1) * t.header.len();
    let total: usize = tables.iter().map(cells).sum();
    if total > MAX_CELLS {
        let largest = tables.iter().max_by_key(|t| cells(t)).map_or("", |t| t.name);
        return Err(WorkbookError::TooManyCells { cells: total, largest });
    }
    let mut book = Workbook::new();
    // A new workbook stamps the clock's time; the day given replaces it.
    let (y, m, d) = created.ymd();
    if let Ok(day) = excel_date(y, m, d) {
        book.set_properties(&DocProperties::new().set_creation_datetime(&day));
    }
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for t in tables {
        let sheet = book.add_worksheet();
        sheet.set_name(t.name)?;
        write_sheet(sheet, t, &bold, &date)?;
    }
    Ok(book.save_to_buffer()?)
}

fn excel_date(y: i32, m: u32, d: u32) -> Result<ExcelDateTime, XlsxError> {
    let (Ok(y), Ok(m), Ok(d)) = (u16::try_from(y), u8::try_from(m), u8::try_from(d)) else {
        return Err(XlsxError::DateTimeRangeError(format!("{y}-{m}-{d}")));
    };
    ExcelDateTime::from_ymd(y, m, d)
}

fn write_sheet(sheet: &mut Worksheet, t: &Table<'_>, bold: &Format, date: &Format) -> Result<(), XlsxError> {
    for (c, h) in t.header.iter().enumerate() {
        sheet.write_string_with_format(0, col(c), *h, bold)?;
    }
    for (r, row) in t.rows.iter().enumerate() {
        // At most MAX_ROWS - 1 rows, checked above.
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let c = col(c);
            match cell {
                Cell::Text(text) => {
                    sheet.write_string(r, c, cut(text))?;
                }
                Cell::Number(x) => {
                    sheet.write_number(r, c, *x)?;
                }
                Cell::Date(d) => {
                    let (y, m, dd) = d.ymd();
                    match excel_date(y, m, dd) {
                        Ok(day) => sheet.write_datetime_with_format(r, c, &day, date)?,
                        // Before 1900 Excel has no dates: the day as text.
                        Err(_) => sheet.write_string(r, c, d.to_string())?,
                    };
                }
                Cell::Empty => {}
            }
        }
    }
    for (c, w) in widths(t).into_iter().enumerate() {
        sheet.set_column_width(col(c), w as f64)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    if !t.header.is_empty() {
        sheet.autofilter(0, 0, t.rows.len() as u32, col(t.header.len() - 1))?;
    }
    Ok(())
}

/// Columns are few (at most two dozen a table).
fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

/// Each column's width in characters: its widest text among the header and the first
/// [`WIDTH_ROWS`] rows, plus room for the filter button, between 8 and [`MAX_WIDTH`].
fn widths(t: &Table<'_>) -> Vec<usize> {
    let mut w: Vec<usize> = t.header.iter().map(|h| h.chars().count() + 3).collect();
    for row in t.rows.iter().take(WIDTH_ROWS) {
        for (c, cell) in row.iter().enumerate().take(w.len()) {
            let n = match cell {
                // Only the first line shows; a long one is cut at the widest column.
                Cell::Text(s) => s.lines().next().unwrap_or("").chars().take(MAX_WIDTH).count(),
                Cell::Number(x) => x.to_string().len(),
                Cell::Date(_) => 10,
                Cell::Empty => 0,
            };
            w[c] = w[c].max(n + 1);
        }
    }
    w.into_iter().map(|n| n.clamp(8, MAX_WIDTH)).collect()
}

/// Text as Excel takes it: at most [`MAX_CELL_CHARS`] UTF-16 units, cut with “…”.
fn cut(text: &str) -> Cow<'_, str> {
    // Most text is far shorter: its length in bytes bounds its length in UTF-16 units.
    if text.len() <= MAX_CELL_CHARS {
        return Cow::Borrowed(text);
    }
    let mut units = 0;
    for (i, ch) in text.char_indices() {
        units += ch.len_utf16();
        if units > MAX_CELL_CHARS - 1 {
            return Cow::Owned(format!("{}\u{2026}", &text[..i]));
        }
    }
    Cow::Borrowed(text)
}
