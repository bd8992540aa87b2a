//! Merging another copy of the model, and saying what it changed.
//!
//! [`merge`] applies a colleague's document to a fork of ours (Yrs does the merge) and
//! reports, entity by entity, what the colleague changed since the two copies last
//! shared their work: added and removed items, each changed field old -> new, actuals
//! added, and every field both sides changed, with the value that won and the one that
//! lost. The shared state is rebuilt from our own document (deleted values are kept),
//! so the report needs nothing but the two documents.
//!
//! [`compare`] lists how any two models differ, by id, for copies that cannot be merged.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use serde_json::{Map as JsonMap, Value};
use yrs::updates::encoder::{Encoder, EncoderV1};
use yrs::{Map, ReadTxn, Snapshot, Transact};

use super::rows::{show, visit_refs, Coll, Part};
use super::{
    read_rows, row_key, single_parts, CrdtError, Replica, Row, Rows, Touched, MEASUREMENTS, SINGLES,
};
use crate::format::restore::to_dto;
use crate::format::Repair;
use crate::model::text::excerpt;
use crate::model::{Date, Model};

/// How many changed items a report lists one by one; the rest are counted.
pub const LISTED: usize = 500;

/// What happened to one item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    Added,
    Removed,
    Changed,
}

/// One field's change: `old` is the value in the open model, `new` the value after.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldChange {
    pub field: String,
    pub old: String,
    pub new: String,
    /// Both sides changed the field: the value that lost (the winner is `new`).
    pub lost: Option<String>,
}

/// One item the other copy changed.
#[derive(Clone, Debug, PartialEq)]
pub struct ItemChange {
    /// How a reader knows it, e.g. `KPI “Revenue growth”`.
    pub what: String,
    pub change: Change,
    pub fields: Vec<FieldChange>,
    /// Actuals the other copy added.
    pub actuals_added: usize,
}

/// Everything the other copy changed, listed up to [`LISTED`] items.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    pub items: Vec<ItemChange>,
    /// Changed items past [`LISTED`].
    pub more: usize,
    /// Change-log lines the other copy added.
    pub log_lines: usize,
}

impl Report {
    pub fn is_empty(&self) -> bool {
        self.items.is_empty() && self.more == 0 && self.log_lines == 0
    }

    /// How many fields both sides changed.
    pub fn conflicts(&self) -> usize {
        self.items.iter().flat_map(|i| &i.fields).filter(|f| f.lost.is_some()).count()
    }

    /// "3 items added, 1 removed, 5 changed (2 conflicts), 12 actuals added".
    pub fn summary(&self) -> String {
        let count = |c: Change| self.items.iter().filter(|i| i.change == c).count();
        let actuals: usize = self.items.iter().map(|i| i.actuals_added).sum();
        let mut parts = Vec::new();
        let (added, removed, changed) =
            (count(Change::Added), count(Change::Removed), count(Change::Changed));
        if added > 0 {
            parts.push(format!("{added} added"));
        }
        if removed > 0 {
            parts.push(format!("{removed} removed"));
        }
        if changed > 0 {
            parts.push(format!("{changed} changed"));
        }
        if self.more > 0 {
            parts.push(format!("{} more not listed", self.more));
        }
        if actuals > 0 {
            parts.push(format!("{actuals} actual{} added", plural(actuals)));
        }
        let conflicts = self.conflicts();
        if conflicts > 0 {
            parts.push(format!("{conflicts} field{} changed on both sides", plural(conflicts)));
        }
        if parts.is_empty() {
            "no changes".into()
        } else {
            parts.join(", ")
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The outcome of [`merge`], not yet applied.
#[derive(Debug)]
pub struct Merged {
    /// The merged model, repaired.
    pub model: Model,
    pub repairs: Vec<Repair>,
    pub report: Report,
    /// Our document with theirs merged in; becomes the open document when applied.
    pub replica: Replica,
}

/// Merges another copy's document state into a fork of `ours`. Refuses a document of
/// another lineage or one that cannot be read; never changes `ours`.
///
/// Only the entities the merge touches are compared: applying the other copy's edits
/// to the fork reports, through Yrs's events, every entity an edit landed in, which
/// includes every entity the other copy changed since the shared state (an edit ours
/// has not seen is applied; one it has seen is in the shared state). For those, the
/// shared state is our own entity unless ours changed it too (found the same way, by
/// applying our missing edits to theirs); only then is the shared state rebuilt.
pub fn merge(ours: &Replica, theirs_state: &[u8]) -> Result<Merged, CrdtError> {
    merge_reading(ours, theirs_state, false)
}

/// [`merge`], with the report made by comparing every entity of the four states: what
/// tests hold the touched-only report to.
#[doc(hidden)]
pub fn merge_comparing_everything(ours: &Replica, theirs_state: &[u8]) -> Result<Merged, CrdtError> {
    merge_reading(ours, theirs_state, true)
}

/// [`merge`] of a copy that came with its readable model (a file): what the model holds
/// beyond the copy's history (edits made by hand after the export) is recorded first,
/// as written by `scratch` (a client number no copy uses, from the caller), so the
/// merge keeps it. The state is read once for both.
pub fn merge_copy(
    ours: &Replica,
    theirs_state: &[u8],
    theirs_model: &Model,
    scratch: u64,
) -> Result<Merged, CrdtError> {
    let (theirs, recorded) = Replica::settled(scratch, theirs_state, theirs_model)?;
    match recorded {
        false => merge_decoded(ours, theirs, theirs_state, false),
        true => {
            let state = theirs.state();
            merge_decoded(ours, theirs, &state, false)
        }
    }
}

fn merge_reading(ours: &Replica, theirs_state: &[u8], everything: bool) -> Result<Merged, CrdtError> {
    merge_decoded(ours, Replica::from_state(ours.client(), theirs_state)?, theirs_state, everything)
}

/// The merge, with theirs already read (`theirs_state` is its state).
fn merge_decoded(
    ours: &Replica,
    theirs: Replica,
    theirs_state: &[u8],
    everything: bool,
) -> Result<Merged, CrdtError> {
    if theirs.lineage() != ours.lineage() {
        return Err(CrdtError::OtherLineage);
    }
    let (ours_sv, theirs_snapshot) = (ours.doc.transact().state_vector(), theirs.doc.transact().snapshot());
    let mut merged = ours.fork(ours.client());
    // What ours has not seen of theirs: usually a small part of the document.
    let missing = theirs.doc.transact().encode_state_as_update_v1(&ours_sv);
    let touched = touched_by(&merged, &missing)?;
    // What theirs has not seen of ours, applied to a second reading of theirs. A field
    // both copies wrote where ours wins fires nothing when theirs lands here (nothing
    // visible changes); it shows only as a change there. So the entities to compare
    // are those either side's edits touched.
    let changed_here = if everything {
        Landed::default()
    } else {
        let ours_missing = ours.doc.transact().encode_state_as_update_v1(&theirs_snapshot.state_map);
        touched_by(&Replica::from_state(ours.client(), theirs_state)?, &ours_missing)?
    };
    let compared = touched.union(&changed_here);
    let only = (!everything).then_some(&compared);
    let [ours_rows, theirs_rows, merged_rows] =
        [&ours.doc, &theirs.doc, &merged.doc].map(|d| read_rows(d, only));
    let names = Names::of(&[&ours_rows, &theirs_rows, &merged_rows], &[&ours.doc, &theirs.doc, &merged.doc]);
    let base_rows = if everything || !changed_here.is_empty() {
        read_rows(&shared_base(ours, &theirs_snapshot)?.doc, only)
    } else {
        // Nothing changed here since theirs last saw ours: ours is the shared state.
        ours_rows.clone()
    };
    // The merged document is exactly both sides' edits, so every copy that has seen the
    // same edits reads the same model; the ids it settles and the repairs it makes are
    // written by the next edit, like any other change.
    let (model, repairs) = merged.read();
    let report = three_way(&names, &base_rows, &ours_rows, &theirs_rows, &merged_rows);
    Ok(Merged { model, repairs, report, replica: merged })
}

/// What applying an update touched: entities by list, and which single parts
/// (organisation, rules, settings, answers).
#[derive(Default)]
struct Landed {
    entities: Touched,
    singles: HashSet<&'static str>,
}

impl Landed {
    fn is_empty(&self) -> bool {
        self.singles.is_empty() && self.entities.values().all(HashSet::is_empty)
    }

    /// The entities either touched.
    fn union(&self, other: &Landed) -> Touched {
        let mut all = self.entities.clone();
        for (coll, keys) in &other.entities {
            all.entry(*coll).or_default().extend(keys.iter().cloned());
        }
        all
    }
}

/// Applies `update` to `replica`, returning what it touched.
fn touched_by(replica: &Replica, update: &[u8]) -> Result<Landed, CrdtError> {
    use std::sync::Mutex;
    use yrs::types::{Event, PathSegment};
    use yrs::{DeepObservable, WriteTxn};

    let found: Arc<Mutex<Landed>> = Arc::default();
    let roots: Vec<(Option<Coll>, &'static str, yrs::MapRef)> = {
        let mut txn = replica.doc.transact_mut();
        let lists = Coll::ALL.into_iter().map(|c| (Some(c), c.root()));
        let singles = SINGLES.into_iter().map(|name| (None, name));
        lists.chain(singles).map(|(c, name)| (c, name, txn.get_or_insert_map(name))).collect()
    };
    const ORIGIN: &str = "merge report";
    for (coll, name, root) in &roots {
        let found = found.clone();
        let (coll, name) = (*coll, *name);
        root.observe_deep(ORIGIN, move |txn, events| {
            let mut found = found.lock().unwrap_or_else(|e| e.into_inner());
            let Some(coll) = coll else {
                found.singles.insert(name);
                return;
            };
            let keys = found.entities.entry(coll).or_default();
            for event in events.iter() {
                match event.path().front() {
                    Some(PathSegment::Key(k)) => {
                        keys.insert(k.clone());
                    }
                    Some(PathSegment::Index(_)) => {}
                    None => {
                        if let Event::Map(e) = event {
                            keys.extend(e.keys(txn).keys().map(|k| (*k).clone()));
                        }
                    }
                }
            }
        });
    }
    let applied = replica.apply(update);
    for (_, _, root) in &roots {
        root.unobserve_deep(ORIGIN);
    }
    applied?;
    let landed = std::mem::take(&mut *found.lock().unwrap_or_else(|e| e.into_inner()));
    Ok(landed)
}

/// The document as both copies last had it: our items the other copy has seen (its
/// `snapshot`), with the deletions both copies know.
fn shared_base(ours: &Replica, theirs: &Snapshot) -> Result<Replica, CrdtError> {
    let bytes = {
        let a = ours.doc.transact();
        let deleted = a.snapshot().delete_set.intersect(&theirs.delete_set);
        let snapshot = Snapshot::new(theirs.state_map.clone(), deleted);
        let mut encoder = EncoderV1::new();
        a.encode_state_from_snapshot(&snapshot, &mut encoder)
            .map_err(|e| CrdtError::Damaged(e.to_string()))?;
        encoder.to_vec()
    };
    let base = Replica::empty(ours.client());
    base.apply(&bytes)?;
    Ok(base)
}

/// How two models differ, item by item, matched by id: for files that are not copies
/// of the open model. `ours` is the open model.
pub fn compare(ours: &Model, theirs: &Model) -> Report {
    let a = model_rows(ours);
    let b = model_rows(theirs);
    three_way(&Names::of(&[&a, &b], &[]), &a, &a, &b, &b)
}

/// A model as rows keyed by id, with references as id text, like a document's rows.
fn model_rows(m: &Model) -> Rows {
    let dto = to_dto(m);
    let mut to_text = |_: Coll, v: &mut Value| {
        if let Some(n) = v.as_u64() {
            *v = Value::String(n.to_string());
        }
        true
    };
    let mut rows = single_parts(&dto, m, &mut to_text);
    for coll in Coll::ALL {
        let list = coll
            .rows_of(&dto)
            .into_iter()
            .filter_map(|mut fields| {
                visit_refs(Part::Entity(coll), &mut fields, &mut to_text);
                let key = row_key(coll, &fields, |id| Some(id.to_string()))?;
                let actuals = match fields.remove(MEASUREMENTS) {
                    Some(pairs) => serde_json::from_value(pairs).unwrap_or_default(),
                    None => Vec::new(),
                };
                Some(Row { key: key.into(), fields, actuals, canonical: true })
            })
            .collect();
        rows.lists.push((coll, list));
    }
    rows
}

/// Names of every item of both sides, by list and key, for labels and for references
/// shown as values.
struct Names(HashMap<(Coll, String), String>);

impl Names {
    /// The names of the rows of `sides`, and of every item they refer to, looked up
    /// in `docs` (so a report on a few items reads a few names).
    fn of(sides: &[&Rows], docs: &[&yrs::Doc]) -> Names {
        let mut names = HashMap::new();
        let mut referred: BTreeSet<(Coll, String)> = BTreeSet::new();
        for rows in sides {
            for (coll, list) in &rows.lists {
                for row in list {
                    if let Some(n) = row.fields.get("name").and_then(Value::as_str) {
                        names.insert((*coll, row.key.to_string()), excerpt(n, 60));
                    }
                    let mut fields = row.fields.clone();
                    visit_refs(Part::Entity(*coll), &mut fields, &mut |c, v| {
                        if let Some(k) = v.as_str() {
                            referred.insert((c, k.to_owned()));
                        }
                        true
                    });
                }
            }
        }
        for doc in docs {
            let txn = doc.transact();
            for (coll, key) in &referred {
                if names.contains_key(&(*coll, key.clone())) {
                    continue;
                }
                let name = txn.get_map(coll.root()).and_then(|root| match root.get(&txn, key) {
                    Some(yrs::Out::YMap(m)) => match m.get(&txn, "name") {
                        Some(yrs::Out::Any(yrs::Any::String(n))) => Some(excerpt(&n, 60)),
                        _ => None,
                    },
                    _ => None,
                });
                if let Some(n) = name {
                    names.insert((*coll, key.clone()), n);
                }
            }
        }
        Names(names)
    }

    fn get(&self, coll: Coll, key: &str) -> String {
        self.0
            .get(&(coll, key.to_owned()))
            .cloned()
            .unwrap_or_else(|| format!("a removed {}", coll.noun().to_lowercase()))
    }

    /// A row's fields with references replaced by names, for display.
    fn readable(&self, part: Part, fields: &JsonMap<String, Value>) -> JsonMap<String, Value> {
        let mut out = fields.clone();
        visit_refs(part, &mut out, &mut |coll, v| {
            if let Some(k) = v.as_str() {
                *v = Value::String(self.get(coll, k));
            }
            true
        });
        out
    }

    fn label(&self, coll: Coll, row: &Row) -> String {
        let f = &row.fields;
        let kpi = |field: &str| {
            f.get(field).and_then(Value::as_str).map(|k| self.get(Coll::Kpis, k)).unwrap_or_default()
        };
        let quoted = |s: String| format!("\u{201c}{s}\u{201d}");
        let day = |field: &str| {
            f.get(field)
                .and_then(Value::as_str)
                .and_then(|d| Date::parse(d).ok())
                .map_or("an unknown day".into(), Date::human)
        };
        let detail = match coll {
            Coll::Links => format!("{} \u{2192} {}", quoted(kpi("child")), quoted(kpi("parent"))),
            Coll::Influences => format!("{} \u{2192} {}", quoted(kpi("from")), quoted(kpi("to"))),
            Coll::Dependencies => {
                format!("{} needs {}", quoted(kpi("dependent")), quoted(kpi("prerequisite")))
            }
            Coll::Escalations => format!("of {}", quoted(kpi("kpi"))),
            Coll::Resolutions => match f.get("kpis").and_then(Value::as_array).map(Vec::as_slice) {
                Some([a, b]) => format!(
                    "between {} and {}",
                    quoted(self.get(Coll::Kpis, a.as_str().unwrap_or(""))),
                    quoted(self.get(Coll::Kpis, b.as_str().unwrap_or("")))
                ),
                _ => String::new(),
            },
            Coll::Acknowledgements => format!("of finding {}", excerpt(&row.key, 60)),
            Coll::CheckIns => format!("on {} for the period of {}", quoted(kpi("kpi")), day("period")),
            Coll::Meetings => {
                let forum = f.get("forum").and_then(Value::as_str).unwrap_or("review");
                format!("({forum}) on {}", day("on"))
            }
            _ => quoted(self.get(coll, &row.key)),
        };
        format!("{} {detail}", coll.noun())
    }
}

/// Actuals of a row, by date.
fn actuals(row: Option<&Row>) -> BTreeMap<Date, f64> {
    row.map(|r| r.actuals.iter().copied().collect()).unwrap_or_default()
}

fn show_number(v: Option<&f64>) -> String {
    show(v.and_then(|&x| serde_json::Number::from_f64(x)).map(Value::Number).as_ref())
}

/// Per-field three-way comparison: what `theirs` changed since `base`, and where
/// `ours` changed the same field too; `merged` tells which value won.
fn fields_three_way(
    base: &JsonMap<String, Value>,
    ours: &JsonMap<String, Value>,
    theirs: &JsonMap<String, Value>,
    merged: &JsonMap<String, Value>,
    show_field: &dyn Fn(&JsonMap<String, Value>, &str) -> String,
) -> Vec<FieldChange> {
    let names: BTreeSet<&String> =
        base.keys().chain(ours.keys()).chain(theirs.keys()).chain(merged.keys()).collect();
    let mut out = Vec::new();
    for name in names {
        if name == MEASUREMENTS || name == "id" {
            continue;
        }
        let (b, o, t, m) = (base.get(name), ours.get(name), theirs.get(name), merged.get(name));
        let theirs_changed = t != b;
        let ours_changed = o != b;
        if !theirs_changed {
            continue;
        }
        let lost = (ours_changed && o != t).then(|| {
            if m == t {
                show_field(ours, name)
            } else {
                show_field(theirs, name)
            }
        });
        if m == o && lost.is_none() {
            continue;
        }
        out.push(FieldChange {
            field: name.replace('_', " "),
            old: show_field(ours, name),
            new: show_field(merged, name),
            lost,
        });
    }
    out
}

/// Picks one of the single-object parts of a document's rows.
type Single = fn(&Rows) -> &JsonMap<String, Value>;

fn three_way(names: &Names, base: &Rows, ours: &Rows, theirs: &Rows, merged: &Rows) -> Report {
    let mut report = Report::default();
    let push = |report: &mut Report, item: ItemChange| {
        if report.items.len() < LISTED {
            report.items.push(item);
        } else {
            report.more += 1;
        }
    };
    for coll in Coll::ALL {
        let index = |rows: &Rows| -> HashMap<String, usize> {
            rows.list(coll).iter().enumerate().map(|(i, r)| (r.key.to_string(), i)).collect()
        };
        let (bi, oi, ti, mi) = (index(base), index(ours), index(theirs), index(merged));
        fn get<'a>(rows: &'a Rows, coll: Coll, idx: &HashMap<String, usize>, key: &str) -> Option<&'a Row> {
            idx.get(key).map(|&i| &rows.list(coll)[i])
        }
        let part = Part::Entity(coll);
        let show_field = |fields: &JsonMap<String, Value>, name: &str| {
            let readable = names.readable(part, fields);
            show(readable.get(name))
        };
        // In the order of the merged model, then what it lost.
        let mut keys: Vec<&str> = merged.list(coll).iter().map(|r| &*r.key).collect();
        keys.extend(ours.list(coll).iter().map(|r| &*r.key).filter(|k| !mi.contains_key(*k)));
        for key in keys {
            let (b, o, t, m) = (
                get(base, coll, &bi, key),
                get(ours, coll, &oi, key),
                get(theirs, coll, &ti, key),
                get(merged, coll, &mi, key),
            );
            match (b, o, t, m) {
                (None, None, Some(_), Some(m)) => push(
                    &mut report,
                    ItemChange {
                        what: names.label(coll, m),
                        change: Change::Added,
                        fields: Vec::new(),
                        actuals_added: actuals(Some(m)).len(),
                    },
                ),
                (Some(_), Some(o), None, None) => push(
                    &mut report,
                    ItemChange {
                        what: names.label(coll, o),
                        change: Change::Removed,
                        fields: Vec::new(),
                        actuals_added: 0,
                    },
                ),
                (_, Some(o), Some(t), Some(m)) => {
                    let empty = JsonMap::new();
                    let bf = b.map_or(&empty, |b| &b.fields);
                    let b_actuals = b.map_or(&[][..], |b| &b.actuals);
                    // Most items are untouched by the other copy: one comparison, no copies.
                    if (t.fields == *bf && t.actuals == b_actuals)
                        || (t.fields == o.fields && t.actuals == o.actuals)
                    {
                        continue;
                    }
                    let mut fields = fields_three_way(bf, &o.fields, &t.fields, &m.fields, &show_field);
                    let same_actuals = t.actuals == b_actuals;
                    let (ba, oa, ta, ma) = if same_actuals {
                        Default::default()
                    } else {
                        (actuals(b), actuals(Some(o)), actuals(Some(t)), actuals(Some(m)))
                    };
                    let mut added = 0;
                    for (date, value) in &ta {
                        match (ba.get(date), oa.get(date)) {
                            (None, None) => added += 1,
                            (bv, ov) if bv != Some(value) && ov != Some(value) => fields.push(FieldChange {
                                field: format!("actual on {date}"),
                                old: show_number(ov),
                                new: show_number(ma.get(date)),
                                lost: (ov != bv).then(|| show_number(ov)),
                            }),
                            _ => {}
                        }
                    }
                    if !fields.is_empty() || added > 0 {
                        push(
                            &mut report,
                            ItemChange {
                                what: names.label(coll, m),
                                change: Change::Changed,
                                fields,
                                actuals_added: added,
                            },
                        );
                    }
                }
                _ => {}
            }
        }
    }
    let singles: [(&str, Part, Single); 4] = [
        ("Organisation", Part::Organisation, |r| &r.organisation),
        ("Escalation rules", Part::Governance, |r| &r.governance),
        ("Check settings", Part::Settings, |r| &r.settings),
        ("Maturity answers", Part::Settings, |r| &r.answers),
    ];
    for (what, part, of) in singles {
        let show_field =
            |fields: &JsonMap<String, Value>, name: &str| show(names.readable(part, fields).get(name));
        let fields = fields_three_way(of(base), of(ours), of(theirs), of(merged), &show_field);
        if !fields.is_empty() {
            push(
                &mut report,
                ItemChange { what: what.into(), change: Change::Changed, fields, actuals_added: 0 },
            );
        }
    }
    // The log only grows (an undo takes back its own last line), so what the merge adds
    // to it is what the other copy added.
    report.log_lines = merged.change_log.len().saturating_sub(ours.change_log.len());
    report
}
