//! The file format, shared by browser storage, export and the share link.
//!
//! A file is one JSON envelope: `{"format", "schema", "app", "saved_at", "history", "model"}` with
//! the model as flat lists of entities with ids. Loading is a pipeline, each stage with
//! its own typed error:
//!
//! 1. size cap ([`MAX_BYTES`]) and, for bytes ([`load_bytes`]), UTF-8 with the offset
//!    of the first bad byte;
//! 2. one streaming pass ([`limits::scan`]) that checks the JSON syntax and counts every
//!    list against its limit, allocating nothing per value, so a file of millions of
//!    tiny items is refused before any tree is built;
//! 3. the envelope: the format name, and a schema version no newer than [`SCHEMA`]; a
//!    file of the current version is read straight into the DTO, an older one through a
//!    JSON tree and the numbered migrations ([`migrate`]);
//! 4. the typed DTO ([`dto`]), with the JSON path of anything malformed;
//! 5. [`restore`], which repairs and reports and never fails, enforcing the remaining
//!    limits (text lengths, number ranges, dates, ids).
//!
//! Every stage is linear in the text (restore: O(n log n) in the model, for sorting
//! actuals), and memory is bounded by the text and the list limits.
//! Nothing here touches the browser; `storage` and the UI call [`load`], [`load_bytes`]
//! and [`save`].

pub mod codec;
pub mod csv;
pub mod dto;
pub mod limits;
pub mod migrate;
mod path;
pub mod restore;
pub mod tables;
pub mod xlsx;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use serde_json::Value;

use crate::model::{Model, Timestamp};
pub use restore::Repair;

/// The `format` field every file carries.
pub const FORMAT_NAME: &str = "interlock.kpi-model";
/// The schema version this build writes and the newest it reads.
pub const SCHEMA: u32 = 1;
/// Files larger than this are refused before parsing, and nothing (a share link, a stored
/// copy) is unpacked beyond it. Large enough for what the app itself saves: a model at
/// the list limits (100,000 KPIs with their actuals and links) writes 23–28 MB, and a
/// file the app wrote must always open again.
pub const MAX_BYTES: usize = 64 * 1024 * 1024;
/// Written into every file.
pub const APP: &str = concat!("interlock ", env!("CARGO_PKG_VERSION"));

/// Why a file could not be loaded. Every message names what is wrong and where.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum LoadError {
    #[error(
        "the file is {} bytes; files over {} bytes (64 MB) are not loaded",
        limits::thousands(*size),
        limits::thousands(*limit)
    )]
    TooLarge { size: usize, limit: usize },
    #[error("the file is empty")]
    Empty,
    #[error(
        "the file is not UTF-8 text: the byte at offset {} is not valid; save it as UTF-8 and try again",
        limits::thousands(*offset)
    )]
    NotUtf8 { offset: usize },
    #[error(
        "the file has {} {what}; at most {} can be loaded",
        limits::thousands(*count),
        limits::thousands(*max)
    )]
    TooMany { what: String, count: usize, max: usize },
    #[error("the file is not valid JSON: {message} (line {line}, column {column})")]
    Syntax { line: usize, column: usize, message: String },
    #[error("the file is not an Interlock model: {reason}")]
    NotAModel { reason: String },
    #[error(
        "the file was written by a newer version of the app (schema {found}; this version reads up to \
         {supported}{}); open it in the newer version, or update this one",
        app.as_deref().map(|a| format!(", written by {a}")).unwrap_or_default()
    )]
    TooNew { found: u32, supported: u32, app: Option<String> },
    #[error("at {path}: {message}")]
    Invalid { path: String, message: String },
    #[error("the file's schema {from} could not be upgraded: {message}")]
    Migration { from: u32, message: String },
}

impl LoadError {
    /// The JSON path the error names, if any (`model.kpis[3].cadence`).
    pub fn path(&self) -> Option<&str> {
        match self {
            LoadError::Invalid { path, .. } => Some(path),
            _ => None,
        }
    }
}

/// A successfully loaded file.
#[derive(Clone, Debug)]
pub struct Loaded {
    pub model: Model,
    /// What restore changed; shown to the user before they accept an import.
    pub repairs: Vec<Repair>,
    /// The schema version the file was written in.
    pub schema_found: u32,
    /// The migration steps that ran, e.g. `["0 → 1: ..."]`.
    pub migrations: Vec<String>,
    /// The app that wrote it, and when, as the file says.
    pub app: String,
    pub saved_at: Option<Timestamp>,
    /// The model's edit history as the file carries it (a Yjs document update,
    /// DEFLATE-packed, base64): [`Loaded::decode_history`] reads it (only what opens the
    /// history needs its code; see [`crate::crdt`]).
    pub history: Option<String>,
}

impl Loaded {
    /// The history's bytes, or `None` with the repair that says why it was left out (the
    /// model then starts a new history).
    pub fn decode_history(&self) -> (Option<Vec<u8>>, Option<Repair>) {
        match self.history.as_deref().map(decode_history) {
            None => (None, None),
            Some(Ok(bytes)) => (Some(bytes), None),
            Some(Err(why)) => (
                None,
                Some(Repair {
                    at: "history".into(),
                    message: format!(
                        "the edit history was left out because {why}: the model starts a new history, so it can \
                         replace the open model but not be merged with it"
                    ),
                    changed: true,
                }),
            ),
        }
    }
}

/// Parses, migrates, validates and restores a file's text.
pub fn load(text: &str) -> Result<Loaded, LoadError> {
    if text.len() > MAX_BYTES {
        return Err(LoadError::TooLarge { size: text.len(), limit: MAX_BYTES });
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(LoadError::Empty);
    }
    let syntax = |e: serde_json::Error| LoadError::Syntax {
        line: e.line(),
        column: e.column(),
        message: syntax_message(&e),
    };
    let shape = limits::scan(text).map_err(syntax)?;
    // Not a model at all: said without building the tree (it may be huge).
    if !shape.object || shape.other_format.is_some() {
        let stub = match (shape.other_format, text.trim_start().bytes().next()) {
            (Some(f), _) => serde_json::json!({ "format": f }),
            (None, Some(b'[')) => Value::Array(Vec::new()),
            (None, Some(b'"')) => Value::String(String::new()),
            (None, Some(b't' | b'f')) => Value::Bool(true),
            (None, Some(b'n')) => Value::Null,
            (None, _) => Value::from(0),
        };
        migrate::detect(&stub)?;
    }
    if let Some(o) = shape.overflow {
        return Err(LoadError::TooMany { what: o.what, count: o.count, max: o.max });
    }
    let direct = if shape.ours && shape.schema == Some(u64::from(SCHEMA)) {
        // The current version: straight into the DTO, with no JSON tree in between.
        // No path tracking here: a file that fails is read again below, where the error
        // names the path.
        let mut de = serde_json::Deserializer::from_str(text);
        <dto::EnvelopeDto as serde::Deserialize>::deserialize(&mut de)
            .ok()
            .filter(|_| de.end().is_ok())
            .map(|e| (e, SCHEMA, Vec::new()))
    } else {
        None
    };
    let (envelope, schema_found, migrations) = match direct {
        Some(read) => read,
        // An older version, or a malformed file: through the JSON tree (bounded by the
        // list limits already checked) to migrate it, then written compactly and read like
        // the current version; an error names the path of the place it stopped at.
        None => {
            let value: Value = serde_json::from_str(text).map_err(syntax)?;
            let (value, schema_found, migrations) = migrate::upgrade(value)?;
            let upgraded = value.to_string();
            let envelope =
                serde_json::from_str::<dto::EnvelopeDto>(&upgraded).map_err(|e| invalid(&upgraded, e))?;
            (envelope, schema_found, migrations)
        }
    };
    let (model, repairs) = restore::restore(envelope.model);
    Ok(Loaded {
        model,
        repairs,
        schema_found,
        migrations,
        app: envelope.app,
        saved_at: envelope.saved_at,
        history: envelope.history,
    })
}

/// [`load`] for a file's raw bytes: refuses bytes that are not UTF-8, naming the offset
/// of the first bad byte (counted from 0), rather than replacing them.
pub fn load_bytes(bytes: &[u8]) -> Result<Loaded, LoadError> {
    if bytes.len() > MAX_BYTES {
        return Err(LoadError::TooLarge { size: bytes.len(), limit: MAX_BYTES });
    }
    load(text_of(bytes)?)
}

/// A file's bytes as text, or [`LoadError::NotUtf8`] naming the offset (from 0) of the
/// first byte that is not UTF-8. Never replaces bad bytes: a silently changed name is
/// worse than a refusal.
pub fn text_of(bytes: &[u8]) -> Result<&str, LoadError> {
    std::str::from_utf8(bytes).map_err(|e| LoadError::NotUtf8 { offset: e.valid_up_to() })
}

/// A reading error in `text` (compact JSON, one line), with the path where it stopped.
fn invalid(text: &str, e: serde_json::Error) -> LoadError {
    let path = path::at(text, e.column());
    // serde_json says only "expected value" when a word from a list (a level, a cadence)
    // is given as something else; say what was found instead.
    let message = match syntax_message(&e).as_str() {
        "expected value" => format!(
            "invalid type: {}, expected one of the words this field takes, in quotes",
            path::found(text, e.column().saturating_sub(1))
        ),
        other => other.to_string(),
    };
    LoadError::Invalid { path: if path.is_empty() { "the top level".into() } else { path }, message }
}

/// serde_json's message without its trailing "at line X column Y" (we say it ourselves).
fn syntax_message(e: &serde_json::Error) -> String {
    let full = e.to_string();
    match full.rfind(" at line ") {
        Some(i) => short(&full[..i]),
        None => short(&full),
    }
}

/// A parser's message cut to 200 characters: it may quote a value from the file, which
/// can be megabytes long.
fn short(message: &str) -> String {
    crate::model::text::excerpt(message, 200)
}

/// The envelope for a model, as a DTO.
pub fn envelope(model: &Model, saved_at: Timestamp) -> dto::EnvelopeDto {
    dto::EnvelopeDto {
        format: FORMAT_NAME.into(),
        schema: SCHEMA,
        app: APP.into(),
        saved_at: Some(saved_at),
        history: None,
        model: restore::to_dto(model),
    }
}

/// Writes a model as a file's text (compact JSON).
pub fn save(model: &Model, saved_at: Timestamp) -> String {
    // Serialising plain data with string keys cannot fail.
    serde_json::to_string(&envelope(model, saved_at)).unwrap_or_default()
}

/// The history's bytes from the envelope's text (base64 of DEFLATE), or why not.
pub fn decode_history(text: &str) -> Result<Vec<u8>, String> {
    let packed = BASE64.decode(text.trim()).map_err(|_| "it is not valid base64".to_string())?;
    codec::inflate_bytes(&packed, MAX_BYTES).map_err(|e| format!("it cannot be unpacked ({e})"))
}

/// A history's bytes as a file carries them: DEFLATE-packed, base64.
pub fn encode_history(history: &[u8]) -> String {
    BASE64.encode(codec::deflate_bytes(history))
}

/// [`save`], with the model's edit history (as [`encode_history`] writes it) beside the
/// readable model, so a colleague's copy can be merged back.
pub fn save_with_history(model: &Model, saved_at: Timestamp, history: &str) -> String {
    let mut e = envelope(model, saved_at);
    e.history = Some(history.to_string());
    serde_json::to_string(&e).unwrap_or_default()
}

/// [`save_with_history`] when there is a history, else [`save`].
pub fn save_maybe_with_history(model: &Model, saved_at: Timestamp, history: Option<&str>) -> String {
    match history {
        Some(h) => save_with_history(model, saved_at, h),
        None => save(model, saved_at),
    }
}

/// Counts of what a model holds, for the import preview.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub kpis: usize,
    pub links: usize,
    pub departments: usize,
    pub people: usize,
    pub terms: usize,
    pub dependencies: usize,
    pub influences: usize,
    pub actuals: usize,
}

impl Counts {
    pub fn of(m: &Model) -> Counts {
        Counts {
            kpis: m.kpis.len(),
            links: m.links.len(),
            departments: m.departments.len(),
            people: m.people.len(),
            terms: m.glossary.len(),
            dependencies: m.dependencies.len(),
            influences: m.influences.len(),
            actuals: m.kpis.iter().map(|k| k.measurements.len()).sum(),
        }
    }

    /// `(label, value)` rows in display order.
    pub fn rows(&self) -> [(&'static str, usize); 8] {
        [
            ("KPIs", self.kpis),
            ("Links", self.links),
            ("Departments", self.departments),
            ("People", self.people),
            ("Glossary terms", self.terms),
            ("Dependencies", self.dependencies),
            ("Influences", self.influences),
            ("Actuals", self.actuals),
        ]
    }
}
