//! The model held in a CRDT document (Yrs, the Rust implementation of Yjs), so that
//! copies edited apart come back together without losing anyone's work.
//!
//! The [`Model`] stays the type that edits, checks and views work on. A [`Replica`]
//! keeps a Yrs document beside it: [`Replica::record`] writes what a model differs in
//! into the document (one transaction), and [`Replica::read`] derives a model from the
//! document, through the same `restore` that repairs a file. The mapping:
//!
//! - one root map per list (`kpis`, `people`, `links`...), holding one nested map per
//!   entity, keyed by a key no other copy can make (`<id>.<client>`: the id it was
//!   created with and the creating copy's random client number); each field of the
//!   entity's file form is one entry of that map, so two people changing different
//!   fields of one KPI both keep their change, and the same field is settled by Yjs's
//!   rule (the same winner in every copy);
//! - references (owner, department, a link's two KPIs...) hold the key, never the
//!   number, so a reference made in one copy cannot land on another copy's new entity
//!   that happens to have the same number;
//! - links and influences are keyed by the keys of the KPIs they join, and
//!   acknowledgements by their finding, so adding the same one twice yields one;
//! - a KPI's actuals are a nested array of numbers, two per actual (its day from
//!   1970-01-01 and its value, inserted together); actuals added by two copies both
//!   survive, and an actual costs about 13 bytes and no allocation of its own;
//! - the organisation, settings, the escalation rules and the maturity answers are
//!   root maps of fields; the change log is an array that only grows.
//!
//! Numbers stay the readable ids of files. When two copies each created, say, KPI 43,
//! [`Replica::read`] keeps 43 for one (the lower key) and gives the other the next free
//! number, which [`Replica::record`] then writes back; every copy settles the same way.
//!
//! Nothing here reads a clock or draws a random number: the client number is given.

mod rows;

pub mod report;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use serde_json::{Map as JsonMap, Value};
use yrs::updates::decoder::Decode;
use yrs::{
    Any, Array, ArrayPrelim, ArrayRef, ClientID, Doc, Map, MapPrelim, MapRef, Number, Options, Out, ReadTxn,
    StateVector, Transact, TransactionMut, Update, WriteTxn,
};

use crate::format::dto::{
    AcknowledgementDto, ChangeEntryDto, CheckInDto, DepartmentDto, DependencyDto, EscalationDto,
    GovernanceDto, InfluenceDto, KpiDto, LinkDto, MeetingDto, ModelDto, OrganisationDto, PersonDto, PilotDto,
    ResolutionDto, TermDto,
};
use crate::format::restore::{restore, to_dto};
use crate::format::Repair;
use crate::model::ids::{IdAllocator, MAX_ID};
use crate::model::text::excerpt;
use crate::model::{Date, Model, Settings};

use rows::{any_of, json_of, visit_refs};
pub use rows::{Coll, Part};

const META: &str = "meta";
const LINEAGE: &str = "lineage";
const ORGANISATION: &str = "organisation";
const GOVERNANCE: &str = "governance";
const SETTINGS: &str = "settings";
const ANSWERS: &str = "answers";
const CHANGE_LOG: &str = "change_log";
const MEASUREMENTS: &str = "measurements";
/// The root maps that hold one object each.
const SINGLES: [&str; 4] = [ORGANISATION, GOVERNANCE, SETTINGS, ANSWERS];

/// Client numbers are 53 bits, so JavaScript peers read them exactly.
const CLIENT_MASK: u64 = (1 << 53) - 1;

/// Why a document could not be read or merged.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum CrdtError {
    #[error("its edit history is damaged ({0})")]
    Damaged(String),
    #[error("its edit history is incomplete: it builds on changes this copy has never seen")]
    Incomplete,
    #[error("its edit history holds no model")]
    NoLineage,
    #[error("it was not made from the open model (it was started separately), so the two cannot be merged")]
    OtherLineage,
}

/// A model's CRDT document and the ids it has handed out.
pub struct Replica {
    doc: Doc,
    /// (list, numeric id) -> document key, as last read or written.
    keys: HashMap<(Coll, u32), Arc<str>>,
    /// (list, document key) -> numeric id.
    ids: HashMap<(Coll, Arc<str>), u32>,
    /// The model last recorded, so recording it again (every save) costs one comparison.
    recorded: Option<Model>,
}

/// The transaction origin of this copy's own edits.
const OWN: &str = "own";

/// Undo and redo of a copy's own edits (those written with [`Replica::record_own`]),
/// by Yjs's undo manager: undoing a change puts back what this copy wrote over, field by
/// field, and leaves what other copies wrote since (another field of the same KPI, a KPI
/// they added) as it is. Each recorded edit is one step (no grouping by time: there is
/// no clock here), with its label.
///
/// Kept apart from the [`Replica`] (a live room holds it), so that code which only
/// saves or merges never carries the undo manager.
pub struct OwnEdits {
    manager: yrs::undo::UndoManager<()>,
    /// The labels of the undo and redo stacks' items, bottom first.
    undo: Vec<String>,
    redo: Vec<String>,
}

/// The undo manager's clock: steps are never grouped by time, so it never moves.
fn no_clock() -> u64 {
    0
}

impl std::fmt::Debug for Replica {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Replica").field("client", &self.client()).field("lineage", &self.lineage()).finish()
    }
}

impl Replica {
    fn empty(client: u64) -> Replica {
        let mut options =
            Options::with_guid_and_client_id("interlock".into(), ClientID::new(client & CLIENT_MASK));
        // Deleted values are kept, so the state two copies last shared can be rebuilt
        // for a merge report (what each side changed since).
        options.skip_gc = true;
        Replica { doc: Doc::with_options(options), keys: HashMap::new(), ids: HashMap::new(), recorded: None }
    }

    /// An empty copy numbered `client`, to take a live room's document in: it has no
    /// lineage until the room's state arrives.
    pub fn blank(client: u64) -> Replica {
        Replica::empty(client)
    }

    /// A new lineage holding `model`, written by the copy numbered `client` (random, from
    /// the caller). Files without history, templates and new models start here.
    pub fn start(client: u64, model: &Model) -> Replica {
        let mut r = Replica::empty(client);
        {
            let mut txn = r.doc.transact_mut();
            let meta = txn.get_or_insert_map(META);
            meta.insert(&mut txn, LINEAGE, format!("{:x}", client & CLIENT_MASK));
        }
        r.record(model);
        r
    }

    /// Reads a document's full state (as [`Replica::state`] writes it) into a copy
    /// numbered `client`. The bytes are untrusted: damage is an error, never a panic.
    pub fn from_state(client: u64, bytes: &[u8]) -> Result<Replica, CrdtError> {
        let r = Replica::empty(client);
        r.apply(bytes)?;
        if r.lineage().is_none() {
            return Err(CrdtError::NoLineage);
        }
        Ok(r)
    }

    /// [`Replica::from_state`], then [`Replica::read`]: the copy, its model and what was
    /// repaired. Ids are settled here, so later edits are recorded against them.
    pub fn open(client: u64, bytes: &[u8]) -> Result<(Replica, Model, Vec<Repair>), CrdtError> {
        let mut r = Replica::from_state(client, bytes)?;
        let (model, repairs) = r.read();
        Ok((r, model, repairs))
    }

    /// Applies another copy's state (or update) to this document.
    fn apply(&self, bytes: &[u8]) -> Result<(), CrdtError> {
        let update = Update::decode_v1(bytes).map_err(|e| CrdtError::Damaged(e.to_string()))?;
        let mut txn = self.doc.transact_mut();
        txn.apply_update(update).map_err(|e| CrdtError::Damaged(e.to_string()))?;
        if txn.store().pending_update().is_some() || txn.store().pending_ds().is_some() {
            return Err(CrdtError::Incomplete);
        }
        Ok(())
    }

    /// Reads a copy's full state and brings it up to date with the readable model it
    /// came with: a file edited by hand after it was exported holds edits its history
    /// lacks; they are recorded here, as written by `client` (a number no copy uses,
    /// from the caller), so merging the result keeps them. Returns the copy and whether
    /// anything was recorded (a file as exported needs nothing).
    pub fn settled(client: u64, state: &[u8], model: &Model) -> Result<(Replica, bool), CrdtError> {
        let mut r = Replica::from_state(client, state)?;
        let _ = r.read();
        let recorded = r.record(model);
        Ok((r, recorded))
    }

    /// Takes another copy (another tab's save, say, read with [`Replica::settled`])
    /// into this one and reads the model both copies' edits make together. Unlike a
    /// merge there is no report and no fork: this document moves on. A copy of another
    /// lineage is refused and this document is left as it was.
    pub fn absorb(&mut self, theirs: &Replica) -> Result<(Model, Vec<Repair>), CrdtError> {
        if theirs.lineage() != self.lineage() {
            return Err(CrdtError::OtherLineage);
        }
        // Only what this copy has not seen: usually a small part of the document.
        let missing = theirs.doc.transact().encode_state_as_update_v1(&self.doc.transact().state_vector());
        self.apply(&missing)?;
        Ok(self.read())
    }

    /// What this copy has seen: per writing copy, how many of its changes.
    pub fn state_vector(&self) -> StateVector {
        self.doc.transact().state_vector()
    }

    /// The changes this copy holds beyond `seen`, as one Yjs (v1) update.
    pub fn changes_since(&self, seen: &StateVector) -> Vec<u8> {
        self.doc.transact().encode_state_as_update_v1(seen)
    }

    /// Takes an update from a live room. Unlike a file's state it may arrive before an
    /// update it builds on (it waits in the document until that one comes), so that is
    /// not an error; damage is. Returns whether the document moved on.
    pub fn receive(&mut self, update: &[u8]) -> Result<bool, CrdtError> {
        let before = self.state_vector();
        let update = Update::decode_v1(update).map_err(|e| CrdtError::Damaged(e.to_string()))?;
        let mut txn = self.doc.transact_mut();
        txn.apply_update(update).map_err(|e| CrdtError::Damaged(e.to_string()))?;
        drop(txn);
        Ok(self.state_vector() != before)
    }

    /// This copy's client number.
    pub fn client(&self) -> u64 {
        self.doc.client_id().get()
    }

    /// The lineage: the client number of the copy that started it, in hex. Two
    /// documents can be merged when they share it.
    pub fn lineage(&self) -> Option<String> {
        let txn = self.doc.transact();
        match txn.get_map(META)?.get(&txn, LINEAGE)? {
            Out::Any(Any::String(s)) => Some(s.to_string()),
            _ => None,
        }
    }

    /// The whole document, encoded as a Yjs (v1) update.
    pub fn state(&self) -> Vec<u8> {
        self.doc.transact().encode_state_as_update_v1(&StateVector::default())
    }

    /// The same document as a copy numbered `client` (for a merge to work on, or a new tab).
    pub fn fork(&self, client: u64) -> Replica {
        let r = Replica::empty(client);
        r.apply(&self.state()).expect("a document's own state reads back");
        Replica { doc: r.doc, keys: self.keys.clone(), ids: self.ids.clone(), recorded: None }
    }

    fn key_for(&mut self, coll: Coll, id: u32) -> Arc<str> {
        if let Some(k) = self.keys.get(&(coll, id)) {
            return k.clone();
        }
        let client = self.client();
        let mut key: Arc<str> = format!("{id}.{client:x}").into();
        let mut n = 1;
        while self.ids.contains_key(&(coll, key.clone())) {
            n += 1;
            key = format!("{id}.{client:x}.{n}").into();
        }
        self.keys.insert((coll, id), key.clone());
        self.ids.insert((coll, key.clone()), id);
        key
    }

    /// Writes what `model` differs in from the document, as one transaction. Returns
    /// whether anything was written.
    pub fn record(&mut self, model: &Model) -> bool {
        if self.recorded.as_ref() == Some(model) {
            return false;
        }
        let changed = self.write(model, None);
        self.recorded = Some(model.clone());
        changed
    }

    /// Writes what `model` differs in, like [`Replica::record`], as this copy's own
    /// edit: what an [`OwnEdits`] tracking this copy can take back.
    pub fn record_own(&mut self, model: &Model) -> bool {
        if self.recorded.as_ref() == Some(model) {
            return false;
        }
        let changed = self.write(model, Some(OWN));
        self.recorded = Some(model.clone());
        changed
    }

    fn write(&mut self, model: &Model, origin: Option<&str>) -> bool {
        let mut dto = to_dto(model);
        // The document holds exactly the model last recorded (when there is one), so an
        // item equal to its recorded self is already written: only the others are.
        let previous = self.recorded.as_ref().map(to_dto);
        let unchanged: Vec<Vec<bool>> = Coll::ALL
            .iter()
            .map(|&c| previous.as_ref().map(|prev| c.unchanged(prev, &dto)).unwrap_or_default())
            .collect();
        // Actuals stay typed (a large model has a hundred thousand): no JSON for them.
        let mut actuals: Vec<Vec<(Date, f64)>> =
            dto.kpis.iter_mut().map(|k| std::mem::take(&mut k.measurements)).collect();
        // Every numbered entity gets its key first, so references can be written as keys.
        type Fields = (JsonMap<String, Value>, Vec<(Date, f64)>);
        let mut lists: Vec<(Coll, Vec<Fields>, Vec<Arc<str>>)> = Vec::with_capacity(Coll::ALL.len());
        for (coll, same) in Coll::ALL.into_iter().zip(unchanged) {
            let mut kept: Vec<Arc<str>> = Vec::new();
            let rows: Vec<Fields> = if coll == Coll::Kpis {
                let same = if same.len() == dto.kpis.len() { same } else { Vec::new() };
                let mut rows = Vec::with_capacity(dto.kpis.len());
                for (i, (k, a)) in dto.kpis.iter().zip(actuals.iter_mut()).enumerate() {
                    match k.id {
                        Some(id) if same.get(i) == Some(&true) => kept.push(self.key_for(coll, id)),
                        _ => {
                            if let Ok(Value::Object(o)) = serde_json::to_value(k) {
                                rows.push((o, std::mem::take(a)));
                            }
                        }
                    }
                }
                rows
            } else {
                let all = coll.rows_of(&dto);
                let same = if same.len() == all.len() { same } else { Vec::new() };
                let mut rows = Vec::with_capacity(all.len());
                for (i, row) in all.into_iter().enumerate() {
                    match row.get("id").and_then(Value::as_u64) {
                        Some(id) if same.get(i) == Some(&true) => kept.push(self.key_for(coll, id as u32)),
                        _ => rows.push((row, Vec::new())),
                    }
                }
                rows
            };
            if coll.numbered() {
                for (row, _) in &rows {
                    if let Some(id) = row.get("id").and_then(Value::as_u64) {
                        self.key_for(coll, id as u32);
                    }
                }
            }
            lists.push((coll, rows, kept));
        }
        let keys = &self.keys;
        let mut to_key =
            |coll: Coll, v: &mut Value| match v.as_u64().and_then(|id| keys.get(&(coll, id as u32))) {
                Some(k) => {
                    *v = Value::String(k.to_string());
                    true
                }
                None => false,
            };
        let mut txn = match origin {
            Some(o) => self.doc.transact_mut_with(o),
            None => self.doc.transact_mut(),
        };
        for (coll, rows, kept) in lists {
            let mut wanted: Vec<Wanted> = Vec::with_capacity(rows.len());
            for (mut row, actuals) in rows {
                visit_refs(Part::Entity(coll), &mut row, &mut to_key);
                let key = row_key(coll, &row, |id| keys.get(&(coll, id as u32)).map(|k| k.to_string()));
                if let Some(key) = key {
                    wanted.push((key, row, actuals));
                }
            }
            write_list(&mut txn, coll, wanted, &kept);
        }
        let parts = single_parts(&dto, model, &mut to_key);
        for (name, fields) in [
            (ORGANISATION, &parts.organisation),
            (GOVERNANCE, &parts.governance),
            (SETTINGS, &parts.settings),
            (ANSWERS, &parts.answers),
        ] {
            let map = txn.get_or_insert_map(name);
            write_fields(&mut txn, &map, fields);
        }
        write_log(&mut txn, parts.change_log);
        let changed = txn.has_changes();
        drop(txn);
        changed
    }

    /// The model the document holds, repaired as a file would be, and what was
    /// repaired (renumbered ids, references to something another copy removed...).
    pub fn read(&mut self) -> (Model, Vec<Repair>) {
        let (dto, mut repairs, keys, canonical) = read_dto(&self.doc);
        self.keys.clear();
        self.ids.clear();
        for ((coll, key), id) in keys {
            self.keys.insert((coll, id), key.clone());
            self.ids.insert((coll, key), id);
        }
        let (model, more) = restore(dto);
        repairs.extend(more);
        // A read that changed nothing is exactly what the document holds, so the next
        // record writes only what differs from it; otherwise it writes the whole model
        // (settled ids, repairs and actuals in an older form included).
        self.recorded = (canonical && repairs.iter().all(|r| !r.changed)).then(|| model.clone());
        (model, repairs)
    }
}

impl OwnEdits {
    /// Starts keeping `r`'s own edits apart; what was recorded before cannot be undone
    /// this way.
    pub fn track(r: &mut Replica) -> OwnEdits {
        let options = yrs::undo::Options {
            capture_timeout_millis: 0,
            tracked_origins: HashSet::from([yrs::Origin::from(OWN)]),
            capture_transaction: None,
            timestamp: Arc::new(no_clock),
            init_undo_stack: Vec::new(),
            init_redo_stack: Vec::new(),
        };
        let mut manager = yrs::undo::UndoManager::with_options(options);
        let (maps, log) = {
            let mut txn = r.doc.transact_mut();
            let maps: Vec<MapRef> = Coll::ALL
                .iter()
                .map(|c| c.root())
                .chain(SINGLES)
                .map(|name| txn.get_or_insert_map(name))
                .collect();
            (maps, txn.get_or_insert_array(CHANGE_LOG))
        };
        for map in &maps {
            manager.expand_scope(&r.doc, map);
        }
        manager.expand_scope(&r.doc, &log);
        OwnEdits { manager, undo: Vec::new(), redo: Vec::new() }
    }

    /// Records `model` into `r` as its own edit, labelled `label` (what undo says it
    /// takes back).
    pub fn record(&mut self, r: &mut Replica, model: &Model, label: &str) -> bool {
        let changed = r.record_own(model);
        self.note(label);
        changed
    }

    /// Labels the step the last own edit recorded, if it made one.
    pub fn note(&mut self, label: &str) {
        if self.manager.undo_stack().len() > self.undo.len() {
            self.undo.push(label.to_string());
        }
        self.align();
    }

    /// What undoing and redoing would take back and put back.
    pub fn labels(&self) -> (Option<&str>, Option<&str>) {
        (self.undo.last().map(String::as_str), self.redo.last().map(String::as_str))
    }

    /// Takes back the copy's last own edit that still changes something (a step whose
    /// every change others have since overwritten is passed over). Returns its label and
    /// the model read afterwards, or `None` when there is nothing of this copy's to undo.
    pub fn undo(&mut self, r: &mut Replica) -> Option<(String, Model)> {
        let label = self.step(true)?;
        Some((label, r.read().0))
    }

    /// Puts back the last own edit undone. Like [`OwnEdits::undo`].
    pub fn redo(&mut self, r: &mut Replica) -> Option<(String, Model)> {
        let label = self.step(false)?;
        Some((label, r.read().0))
    }

    /// Keeps the labels beside the stacks' items: the manager drops steps on its own
    /// (a new edit empties the redo stack; an undo passes over steps with nothing left).
    fn align(&mut self) {
        self.undo.truncate(self.manager.undo_stack().len());
        self.redo.truncate(self.manager.redo_stack().len());
    }

    /// One undo (or redo): the label of the step that took effect.
    fn step(&mut self, undo: bool) -> Option<String> {
        let changed = if undo { self.manager.undo_blocking() } else { self.manager.redo_blocking() };
        let (from, to, left) = if undo {
            (&mut self.undo, &mut self.redo, self.manager.undo_stack().len())
        } else {
            (&mut self.redo, &mut self.undo, self.manager.redo_stack().len())
        };
        // The step that took effect is the lowest one popped; those above it changed
        // nothing any more.
        let label = changed.then(|| from.get(left).cloned()).flatten();
        from.truncate(left);
        if let Some(l) = &label {
            to.push(l.clone());
        }
        self.align();
        label
    }
}

/// The copy the `history` fuzz target merges into: the retail template on a fixed day,
/// started by client 1.
pub fn fuzz_base() -> Replica {
    let today = crate::model::Date::from_ymd(2026, 3, 18).expect("a valid date");
    let model = crate::templates::by_id("retail").map(|t| t.build(today)).unwrap_or_default();
    Replica::start(1, &model)
}

/// The parts of a model that are not lists (organisation, escalation rules, settings,
/// answers, change log) as rows, references rewritten by `refs`; `lists` is left empty.
fn single_parts(dto: &ModelDto, model: &Model, refs: &mut dyn FnMut(Coll, &mut Value) -> bool) -> Rows {
    let mut organisation = dto
        .organisation
        .as_ref()
        .and_then(|o| rows::objects(std::slice::from_ref(o)).pop())
        .unwrap_or_default();
    visit_refs(Part::Organisation, &mut organisation, refs);
    let gov = dto.governance.clone().unwrap_or_default();
    let mut governance = JsonMap::new();
    governance.insert("escalate_after".into(), Value::from(gov.escalate_after.unwrap_or(3)));
    if let Some(p) = gov.dispute_resolver {
        governance.insert("dispute_resolver".into(), Value::from(p));
    }
    visit_refs(Part::Governance, &mut governance, refs);
    let mut change_log = rows::objects(&gov.change_log);
    for entry in &mut change_log {
        visit_refs(Part::ChangeEntry, entry, refs);
    }
    Rows {
        lists: Vec::new(),
        organisation,
        governance,
        settings: rows::objects(std::slice::from_ref(&model.settings)).pop().unwrap_or_default(),
        answers: model.assessment.answers.iter().map(|(q, a)| (q.clone(), Value::from(*a))).collect(),
        change_log,
    }
}

/// The key a row is stored under: links and influences by the two references they join,
/// acknowledgements by their finding, numbered items by `numbered(id)`.
fn row_key(
    coll: Coll,
    row: &JsonMap<String, Value>,
    numbered: impl FnOnce(u64) -> Option<String>,
) -> Option<String> {
    match coll {
        Coll::Links => natural_key(row, "child", "parent"),
        Coll::Influences => natural_key(row, "from", "to"),
        Coll::Acknowledgements => row.get("finding").and_then(Value::as_str).map(str::to_owned),
        _ => numbered(row.get("id")?.as_u64()?),
    }
}

fn natural_key(row: &JsonMap<String, Value>, a: &str, b: &str) -> Option<String> {
    Some(format!("{}>{}", row.get(a)?.as_str()?, row.get(b)?.as_str()?))
}

/// One entity to write: its key, its fields, and (a KPI's) actuals.
type Wanted = (String, JsonMap<String, Value>, Vec<(Date, f64)>);

/// Makes the root map of `coll` hold exactly `wanted` and the entities keyed `kept`
/// (already written, left as they are), touching only what differs.
fn write_list(txn: &mut TransactionMut, coll: Coll, wanted: Vec<Wanted>, kept: &[Arc<str>]) {
    let root = txn.get_or_insert_map(coll.root());
    let keep: HashSet<&str> =
        wanted.iter().map(|(k, _, _)| k.as_str()).chain(kept.iter().map(|k| &**k)).collect();
    let gone: Vec<String> = root.keys(txn).filter(|k| !keep.contains(k)).map(str::to_owned).collect();
    for k in gone {
        root.remove(txn, &k);
    }
    for (key, row, actuals) in wanted {
        let entity = match root.get(txn, &key) {
            Some(Out::YMap(m)) => m,
            _ => root.insert(txn, key.as_str(), MapPrelim::default()),
        };
        if coll == Coll::Kpis {
            write_actuals(txn, &entity, &actuals);
        }
        write_fields(txn, &entity, &row);
    }
}

/// Makes a map hold exactly `fields` (leaving a KPI's actuals to [`write_actuals`]).
fn write_fields(txn: &mut TransactionMut, map: &MapRef, fields: &JsonMap<String, Value>) {
    let gone: Vec<String> =
        map.keys(txn).filter(|k| *k != MEASUREMENTS && !fields.contains_key(*k)).map(str::to_owned).collect();
    for k in gone {
        map.remove(txn, &k);
    }
    for (k, v) in fields {
        let value = any_of(v);
        let same = matches!(map.get(txn, k), Some(Out::Any(ref cur)) if *cur == value);
        if !same {
            map.insert(txn, k.as_str(), value);
        }
    }
}

/// The range of days (from 1970-01-01) a date can have: years 1 to 9999.
fn day_range() -> std::ops::RangeInclusive<i64> {
    let first = Date::from_ymd(1, 1, 1).map_or(0, Date::days);
    let last = Date::from_ymd(9999, 12, 31).map_or(0, Date::days);
    i64::from(first)..=i64::from(last)
}

/// One actual as stored: its day and its value.
#[derive(Clone, Copy, PartialEq)]
struct Actual {
    day: i64,
    value: f64,
}

impl Actual {
    /// From a row's `[date, value]`.
    fn of_row(pair: &Value) -> Option<Actual> {
        let date = Date::parse(pair.get(0)?.as_str()?).ok()?;
        Some(Actual { day: i64::from(date.days()), value: pair.get(1)?.as_f64()? })
    }

    /// As the model holds it (the day is in range: [`actuals_in`] reads no other).
    fn typed(self) -> (Date, f64) {
        (Date::from_days(i32::try_from(self.day).unwrap_or_default()), self.value)
    }

    /// What two actuals are compared by (the same day and value are the same actual).
    fn key(self) -> (i64, u64) {
        (self.day, self.value.to_bits())
    }
}

fn number_of(a: &Any) -> Option<f64> {
    match a {
        Any::Number(Number::Int(i)) => Some(*i as f64),
        Any::Number(Number::Float(x)) if x.is_finite() => Some(*x),
        _ => None,
    }
}

/// A KPI's actuals array, element by element: `(position, elements, actual)`. Each
/// actual is two numbers side by side (day, value), written by one insert so no other
/// copy's insert can land between them. An element that is not part of a readable
/// actual (a crafted document's) reads as `None`, one element long; an actual in the
/// first form of histories (one `[date text, value]` array element) still reads.
fn actuals_in<T: ReadTxn>(txn: &T, array: &ArrayRef) -> Vec<(u32, u32, Option<Actual>)> {
    let days = day_range();
    let elements: Vec<Out> = array.iter(txn).collect();
    let mut out = Vec::with_capacity(elements.len() / 2);
    let mut i = 0;
    while i < elements.len() {
        let day = match &elements[i] {
            Out::Any(Any::Number(Number::Int(d))) if days.contains(d) => Some(*d),
            Out::Any(Any::Number(Number::Float(d))) if d.fract() == 0.0 && days.contains(&(*d as i64)) => {
                Some(*d as i64)
            }
            _ => None,
        };
        let value = match (day, elements.get(i + 1)) {
            (Some(_), Some(Out::Any(v))) => number_of(v),
            _ => None,
        };
        match (day, value) {
            (Some(day), Some(value)) => {
                out.push((i as u32, 2, Some(Actual { day, value })));
                i += 2;
            }
            _ => {
                let old = match &elements[i] {
                    Out::Any(a) => Actual::of_row(&json_of(a)),
                    _ => None,
                };
                out.push((i as u32, 1, old));
                i += 1;
            }
        }
    }
    out
}

/// Makes a KPI's actuals array hold `wanted`: removes the actuals no longer wanted (and
/// anything unreadable) and appends the new ones in one insert, so actuals added by
/// two copies both stay.
fn write_actuals(txn: &mut TransactionMut, entity: &MapRef, wanted: &[(Date, f64)]) {
    let array: ArrayRef = match entity.get(txn, MEASUREMENTS) {
        Some(Out::YArray(a)) => a,
        _ => entity.insert(txn, MEASUREMENTS, ArrayPrelim::default()),
    };
    let wanted: Vec<Actual> =
        wanted.iter().map(|&(date, value)| Actual { day: i64::from(date.days()), value }).collect();
    let current = actuals_in(txn, &array);
    let in_place = current.len() == wanted.len()
        && current
            .iter()
            .zip(&wanted)
            .all(|((_, len, c), w)| *len == 2 && c.map(Actual::key) == Some(w.key()));
    if in_place {
        return;
    }
    let mut remaining: HashMap<(i64, u64), usize> = HashMap::new();
    for w in &wanted {
        *remaining.entry(w.key()).or_default() += 1;
    }
    for (at, len, actual) in current.iter().rev() {
        // An actual in the first form is rewritten in the current one.
        let keep = *len == 2
            && actual.is_some_and(|a| match remaining.get_mut(&a.key()) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    true
                }
                _ => false,
            });
        if !keep {
            array.remove_range(txn, *at, *len);
        }
    }
    let mut added: Vec<Any> = Vec::new();
    for w in wanted {
        if let Some(n) = remaining.get_mut(&w.key()).filter(|n| **n > 0) {
            *n -= 1;
            added.push(Any::Number(Number::Int(w.day)));
            // A whole number is written as one (a few bytes instead of eight), unless
            // that would lose it (-0, or beyond what an integer holds exactly).
            let whole = w.value as i64;
            let exact = (whole as f64).to_bits() == w.value.to_bits() && whole.unsigned_abs() < 1 << 53;
            added.push(Any::Number(if exact { Number::Int(whole) } else { Number::Float(w.value) }));
        }
    }
    if !added.is_empty() {
        let end = array.len(txn);
        array.insert_range(txn, end, added);
    }
}

/// The change log only grows: new lines are appended, and an undone edit takes its
/// line back from the end. Lines are never rewritten, so lines two copies appended at
/// the same time keep the order Yjs gives them in every copy.
fn write_log(txn: &mut TransactionMut, wanted: Vec<JsonMap<String, Value>>) {
    let array = txn.get_or_insert_array(CHANGE_LOG);
    let have = array.len(txn) as usize;
    if wanted.len() < have {
        array.remove_range(txn, wanted.len() as u32, (have - wanted.len()) as u32);
    }
    for w in wanted.into_iter().skip(have) {
        array.push_back(txn, any_of(&Value::Object(w)));
    }
}

/// One entity as read from the document.
#[derive(Clone)]
pub(crate) struct Row {
    pub key: Arc<str>,
    pub fields: JsonMap<String, Value>,
    /// A KPI's actuals by date (kept typed: a large model has a hundred thousand).
    pub actuals: Vec<(Date, f64)>,
    /// Whether the actuals are stored in the current form (the next record rewrites
    /// them otherwise).
    pub canonical: bool,
}

/// Every part of a document as rows of JSON fields, references still as keys.
#[derive(Clone)]
pub(crate) struct Rows {
    pub lists: Vec<(Coll, Vec<Row>)>,
    pub organisation: JsonMap<String, Value>,
    pub governance: JsonMap<String, Value>,
    pub settings: JsonMap<String, Value>,
    pub answers: JsonMap<String, Value>,
    pub change_log: Vec<JsonMap<String, Value>>,
}

impl Rows {
    pub fn list(&self, coll: Coll) -> &[Row] {
        self.lists.iter().find(|(c, _)| *c == coll).map_or(&[], |(_, r)| r.as_slice())
    }
}

/// A map's fields as JSON, the actuals it holds (a KPI's) by date, and whether they are
/// all in the current form (pairs of numbers).
fn fields_of<T: ReadTxn>(txn: &T, map: &MapRef) -> (JsonMap<String, Value>, Vec<(Date, f64)>, bool) {
    let mut out = JsonMap::new();
    let mut actuals = Vec::new();
    let mut canonical = true;
    for (k, v) in map.iter(txn) {
        match v {
            Out::Any(a) => {
                out.insert(k.to_owned(), json_of(&a));
            }
            Out::YArray(a) if k == MEASUREMENTS => {
                let stored = actuals_in(txn, &a);
                canonical = stored.iter().all(|(_, len, a)| *len == 2 && a.is_some());
                let mut read: Vec<Actual> = stored.into_iter().filter_map(|(_, _, a)| a).collect();
                crate::order::sort_by_key(&mut read, |a| a.day);
                actuals = read.into_iter().map(Actual::typed).collect();
            }
            _ => {}
        }
    }
    (out, actuals, canonical)
}

fn root_fields<T: ReadTxn>(txn: &T, name: &str) -> JsonMap<String, Value> {
    txn.get_map(name).map(|m| fields_of(txn, &m).0).unwrap_or_default()
}

/// Keys of the entities a merge touched, per list (see [`report::merge`]).
pub(crate) type Touched = HashMap<Coll, HashSet<Arc<str>>>;

/// Reads every part of the document, sorted: numbered lists by (id, key), the others
/// by key, so every copy reads the same document in the same order. With `only`, the
/// lists hold just those entities.
pub(crate) fn read_rows(doc: &Doc, only: Option<&Touched>) -> Rows {
    let txn = doc.transact();
    let mut lists = Vec::with_capacity(Coll::ALL.len());
    for coll in Coll::ALL {
        let entity = |k: &str, v: Out| match v {
            Out::YMap(m) => {
                let (fields, actuals, canonical) = fields_of(&txn, &m);
                Some(Row { key: Arc::from(k), fields, actuals, canonical })
            }
            _ => None,
        };
        let mut rows: Vec<Row> = match (txn.get_map(coll.root()), only) {
            (Some(root), None) => root.iter(&txn).filter_map(|(k, v)| entity(k, v)).collect(),
            (Some(root), Some(only)) => {
                only.get(&coll).into_iter().flatten().filter_map(|k| entity(k, root.get(&txn, k)?)).collect()
            }
            (None, _) => Vec::new(),
        };
        if coll.numbered() {
            crate::order::sort_by(&mut rows, |a, b| (id_of(a), &a.key).cmp(&(id_of(b), &b.key)));
        } else {
            crate::order::sort_by(&mut rows, |a, b| a.key.cmp(&b.key));
        }
        lists.push((coll, rows));
    }
    let change_log = txn
        .get_array(CHANGE_LOG)
        .map(|a| {
            a.iter(&txn)
                .filter_map(|o| match o {
                    Out::Any(a) => match json_of(&a) {
                        Value::Object(o) => Some(o),
                        _ => None,
                    },
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    Rows {
        lists,
        organisation: root_fields(&txn, ORGANISATION),
        governance: root_fields(&txn, GOVERNANCE),
        settings: root_fields(&txn, SETTINGS),
        answers: root_fields(&txn, ANSWERS),
        change_log,
    }
}

fn id_of(row: &Row) -> u64 {
    row.fields.get("id").and_then(Value::as_u64).filter(|&i| i <= u64::from(MAX_ID)).unwrap_or(u64::MAX)
}

type Keys = HashMap<(Coll, Arc<str>), u32>;

/// The file shape of the model a document holds, with the ids it settled on.
fn read_dto(doc: &Doc) -> (ModelDto, Vec<Repair>, Keys, bool) {
    let mut rows = read_rows(doc, None);
    let canonical = rows.lists.iter().all(|(_, list)| list.iter().all(|r| r.canonical));
    let mut repairs = Vec::new();
    let mut keys: Keys = HashMap::new();
    // Settle the numbers: the lowest key keeps a number two copies both used.
    for (coll, list) in &mut rows.lists {
        if !coll.numbered() {
            continue;
        }
        let mut ids = IdAllocator::new(list.iter().map(|r| id_of(r) as u32));
        let wanted: Vec<Option<u32>> =
            list.iter().map(|r| u32::try_from(id_of(r)).ok().filter(|&i| ids.claim(i))).collect();
        for (row, kept) in list.iter_mut().zip(wanted) {
            let id = kept.unwrap_or_else(|| {
                let fresh = ids.fresh();
                if let Some(old) = row.fields.get("id").and_then(Value::as_u64) {
                    let name = row.fields.get("name").and_then(Value::as_str).unwrap_or("");
                    repairs.push(Repair {
                        at: format!("{} {}", coll.root(), row.key),
                        message: format!(
                            "{} {old}{} was added in two copies at once; the one added here is now number {fresh}",
                            coll.noun(),
                            if name.is_empty() { String::new() } else { format!(" \u{201c}{}\u{201d}", excerpt(name, 60)) },
                        ),
                        changed: true,
                    });
                }
                fresh
            });
            row.fields.insert("id".into(), Value::from(id));
            keys.insert((*coll, row.key.clone()), id);
        }
    }
    let dangling = std::cell::Cell::new(0usize);
    let mut to_id = |coll: Coll, v: &mut Value| match v.as_str().and_then(|k| keys.get(&(coll, Arc::from(k))))
    {
        Some(&id) => {
            *v = Value::from(id);
            true
        }
        None => {
            dangling.set(dangling.get() + 1);
            false
        }
    };
    let mut dto = ModelDto::default();
    let mut skipped = 0usize;
    for (coll, list) in &mut rows.lists {
        for row in list.iter_mut() {
            visit_refs(Part::Entity(*coll), &mut row.fields, &mut to_id);
        }
        if matches!(coll, Coll::Resolutions | Coll::Escalations) {
            continue;
        }
        if *coll == Coll::Kpis {
            dto.kpis = list
                .iter_mut()
                .filter_map(|r| {
                    match serde_json::from_value::<KpiDto>(Value::Object(std::mem::take(&mut r.fields))) {
                        Ok(mut kpi) => {
                            kpi.measurements = std::mem::take(&mut r.actuals);
                            Some(kpi)
                        }
                        Err(_) => {
                            skipped += 1;
                            None
                        }
                    }
                })
                .collect();
            continue;
        }
        let objects = list.iter_mut().map(|r| Value::Object(std::mem::take(&mut r.fields)));
        match coll {
            Coll::Departments => dto.departments = typed::<DepartmentDto>(objects, &mut skipped),
            Coll::People => dto.people = typed::<PersonDto>(objects, &mut skipped),
            Coll::Glossary => dto.glossary = typed::<TermDto>(objects, &mut skipped),
            Coll::Dependencies => dto.dependencies = typed::<DependencyDto>(objects, &mut skipped),
            Coll::Links => dto.links = typed::<LinkDto>(objects, &mut skipped),
            Coll::Influences => dto.influences = typed::<InfluenceDto>(objects, &mut skipped),
            Coll::Acknowledgements => {
                dto.acknowledgements = typed::<AcknowledgementDto>(objects, &mut skipped)
            }
            Coll::CheckIns => dto.check_ins = typed::<CheckInDto>(objects, &mut skipped),
            Coll::Meetings => dto.meetings = typed::<MeetingDto>(objects, &mut skipped),
            Coll::Pilots => dto.pilots = typed::<PilotDto>(objects, &mut skipped),
            Coll::Kpis | Coll::Resolutions | Coll::Escalations => {}
        }
    }
    // Links and influences in the order of the KPIs they join, as a person reads them.
    crate::order::sort_by_key(&mut dto.links, |l| (l.child, l.parent));
    crate::order::sort_by_key(&mut dto.influences, |i| (i.from, i.to));
    let mut gov: GovernanceDto =
        serde_json::from_value(Value::Object(take_rules(&mut rows.governance, &mut to_id)))
            .unwrap_or_default();
    gov.resolutions = typed::<ResolutionDto>(
        rows.list(Coll::Resolutions).iter().map(|r| Value::Object(r.fields.clone())),
        &mut skipped,
    );
    gov.escalations = typed::<EscalationDto>(
        rows.list(Coll::Escalations).iter().map(|r| Value::Object(r.fields.clone())),
        &mut skipped,
    );
    // A change-log line names what it changed even after that was removed: a key no
    // longer in the document gives back the number it was made with.
    let mut to_logged_id = |coll: Coll, v: &mut Value| {
        let made_with = v.as_str().and_then(|k| k.split('.').next()).and_then(|n| n.parse::<u32>().ok());
        match v.as_str().and_then(|k| keys.get(&(coll, Arc::from(k)))).copied().or(made_with) {
            Some(id) => {
                *v = Value::from(id);
                true
            }
            None => {
                dangling.set(dangling.get() + 1);
                false
            }
        }
    };
    for entry in &mut rows.change_log {
        visit_refs(Part::ChangeEntry, entry, &mut to_logged_id);
    }
    gov.change_log = typed::<ChangeEntryDto>(rows.change_log.drain(..).map(Value::Object), &mut skipped);
    dto.governance = Some(gov);
    visit_refs(Part::Organisation, &mut rows.organisation, &mut to_id);
    dto.organisation = serde_json::from_value::<OrganisationDto>(Value::Object(rows.organisation)).ok();
    dto.settings = serde_json::from_value::<Settings>(Value::Object(rows.settings)).ok();
    let answers: std::collections::BTreeMap<String, u8> =
        rows.answers.into_iter().filter_map(|(q, a)| Some((q, u8::try_from(a.as_u64()?).ok()?))).collect();
    dto.assessment = Some(crate::format::dto::AssessmentDto { answers });
    let dangling = dangling.get();
    if dangling > 0 {
        repairs.push(Repair {
            at: "model".into(),
            message: format!(
                "{dangling} reference{} pointed to something removed in another copy and {} cleared",
                if dangling == 1 { "" } else { "s" },
                if dangling == 1 { "was" } else { "were" },
            ),
            changed: true,
        });
    }
    if skipped > 0 {
        repairs.push(Repair {
            at: "model".into(),
            message: format!(
                "{skipped} damaged item{} could not be read and were left out",
                if skipped == 1 { "" } else { "s" }
            ),
            changed: true,
        });
    }
    (dto, repairs, keys, canonical)
}

fn take_rules(
    fields: &mut JsonMap<String, Value>,
    to_id: &mut dyn FnMut(Coll, &mut Value) -> bool,
) -> JsonMap<String, Value> {
    let mut rules: JsonMap<String, Value> = fields
        .iter()
        .filter(|(k, _)| matches!(k.as_str(), "escalate_after" | "dispute_resolver"))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    visit_refs(Part::Governance, &mut rules, to_id);
    rules
}

fn typed<T: serde::de::DeserializeOwned>(values: impl Iterator<Item = Value>, skipped: &mut usize) -> Vec<T> {
    values
        .filter_map(|v| match serde_json::from_value(v) {
            Ok(x) => Some(x),
            Err(_) => {
                *skipped += 1;
                None
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{generate, Spec};

    fn measurements(r: &Replica, key: &str) -> ArrayRef {
        let txn = r.doc.transact();
        let kpi = match txn.get_map(Coll::Kpis.root()).and_then(|m| m.get(&txn, key)) {
            Some(Out::YMap(m)) => m,
            other => panic!("no KPI {key}: {other:?}"),
        };
        match kpi.get(&txn, MEASUREMENTS) {
            Some(Out::YArray(a)) => a,
            other => panic!("no actuals: {other:?}"),
        }
    }

    #[test]
    fn actuals_are_two_numbers_each_and_the_first_form_and_junk_still_read() {
        let today = Date::from_ymd(2026, 3, 18).unwrap();
        let model = generate(&Spec { weeks: 3, ..Spec::scaled(3) }, today);
        let kpi = &model.kpis[0];
        assert_eq!(kpi.measurements.len(), 3);
        let mut r = Replica::start(5, &model);
        let key = r.keys[&(Coll::Kpis, kpi.id.0)].to_string();
        let array = measurements(&r, &key);
        {
            let txn = r.doc.transact();
            let stored: Vec<Out> = array.iter(&txn).collect();
            assert_eq!(stored.len(), 6, "day and value for each of 3 actuals");
            let first = kpi.measurements[0];
            assert!(
                matches!(&stored[0], Out::Any(Any::Number(Number::Int(d))) if *d == i64::from(first.date.days()))
            );
        }
        // Rewrite them the way the first histories held them, with junk a crafted
        // document could carry: a stray string, a day out of range, a lone day.
        {
            let mut txn = r.doc.transact_mut();
            array.remove_range(&mut txn, 0, 6);
            let mut junk: Vec<Any> =
                vec![Any::from("stray"), Any::Number(Number::Int(i64::MAX)), Any::from(1.0)];
            for m in &kpi.measurements {
                junk.push(Any::Array(
                    vec![Any::from(m.date.to_string()), Any::Number(Number::Float(m.value))].into(),
                ));
            }
            junk.push(Any::Number(Number::Int(20_000)));
            array.insert_range(&mut txn, 0, junk);
        }
        let (read, _) = r.read();
        assert_eq!(read.kpis[0].measurements, kpi.measurements, "the first form reads, junk is left out");
        // Recording rewrites the KPI's actuals in the current form and drops the junk.
        assert!(r.record(&model));
        let txn = r.doc.transact();
        assert_eq!(array.len(&txn), 6);
        assert!(array.iter(&txn).all(|o| matches!(o, Out::Any(Any::Number(_)))));
    }
}
