//! The model as rows: every entity a flat JSON object of its file fields, keyed by a
//! string. The same rows are written into the CRDT document, read back from it, and
//! compared when a merge or a comparison is reported.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use serde::Serialize;
use serde_json::{Map as JsonMap, Value};
use yrs::{Any, Number};

use crate::format::dto::ModelDto;

/// The lists of entities the document holds, one root map each.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Coll {
    Departments,
    People,
    Kpis,
    Glossary,
    Dependencies,
    Resolutions,
    Escalations,
    Links,
    Influences,
    Acknowledgements,
    CheckIns,
    Meetings,
    Pilots,
}

impl Coll {
    pub const ALL: [Coll; 13] = [
        Coll::Departments,
        Coll::People,
        Coll::Kpis,
        Coll::Glossary,
        Coll::Dependencies,
        Coll::Resolutions,
        Coll::Escalations,
        Coll::Links,
        Coll::Influences,
        Coll::Acknowledgements,
        Coll::CheckIns,
        Coll::Meetings,
        Coll::Pilots,
    ];

    /// The root map's name in the document.
    pub fn root(self) -> &'static str {
        match self {
            Coll::Departments => "departments",
            Coll::People => "people",
            Coll::Kpis => "kpis",
            Coll::Glossary => "glossary",
            Coll::Dependencies => "dependencies",
            Coll::Resolutions => "resolutions",
            Coll::Escalations => "escalations",
            Coll::Links => "links",
            Coll::Influences => "influences",
            Coll::Acknowledgements => "acknowledgements",
            Coll::CheckIns => "check_ins",
            Coll::Meetings => "meetings",
            Coll::Pilots => "pilots",
        }
    }

    /// Whether the entities carry a numeric `id` (the others are known by what they
    /// join: a link by its two KPIs, an acknowledgement by its finding).
    pub fn numbered(self) -> bool {
        !matches!(self, Coll::Links | Coll::Influences | Coll::Acknowledgements)
    }

    /// How a report names one entity of the list.
    pub fn noun(self) -> &'static str {
        match self {
            Coll::Departments => "Department",
            Coll::People => "Person",
            Coll::Kpis => "KPI",
            Coll::Glossary => "Term",
            Coll::Dependencies => "Dependency",
            Coll::Resolutions => "Resolution",
            Coll::Escalations => "Escalation",
            Coll::Links => "Link",
            Coll::Influences => "Influence",
            Coll::Acknowledgements => "Acknowledgement",
            Coll::CheckIns => "Check-in",
            Coll::Meetings => "Review meeting",
            Coll::Pilots => "Pilot",
        }
    }

    /// The rows of this list in a file-shaped model, each with its numeric id as key
    /// (or its natural key for unnumbered lists, from the ids it joins).
    pub fn rows_of(self, dto: &ModelDto) -> Vec<JsonMap<String, Value>> {
        let gov = dto.governance.as_ref();
        match self {
            Coll::Departments => objects(&dto.departments),
            Coll::People => objects(&dto.people),
            Coll::Kpis => objects(&dto.kpis),
            Coll::Glossary => objects(&dto.glossary),
            Coll::Dependencies => objects(&dto.dependencies),
            Coll::Resolutions => gov.map(|g| objects(&g.resolutions)).unwrap_or_default(),
            Coll::Escalations => gov.map(|g| objects(&g.escalations)).unwrap_or_default(),
            Coll::Links => objects(&dto.links),
            Coll::Influences => objects(&dto.influences),
            Coll::Acknowledgements => objects(&dto.acknowledgements),
            Coll::CheckIns => objects(&dto.check_ins),
            Coll::Meetings => objects(&dto.meetings),
            Coll::Pilots => objects(&dto.pilots),
        }
    }
}

impl Coll {
    /// For each item of this list in `cur`, whether `prev` holds an equal item with the
    /// same id. Only numbered lists are matched (the others are small and always
    /// written); an empty answer means "none".
    pub fn unchanged(self, prev: &ModelDto, cur: &ModelDto) -> Vec<bool> {
        fn same<T: PartialEq>(prev: &[T], cur: &[T], id: fn(&T) -> Option<u32>) -> Vec<bool> {
            let by_id: HashMap<u32, &T> = prev.iter().filter_map(|p| Some((id(p)?, p))).collect();
            cur.iter().map(|c| id(c).and_then(|i| by_id.get(&i)).is_some_and(|p| *p == c)).collect()
        }
        let (pg, cg) = (prev.governance.as_ref(), cur.governance.as_ref());
        match self {
            Coll::Departments => same(&prev.departments, &cur.departments, |x| x.id),
            Coll::People => same(&prev.people, &cur.people, |x| x.id),
            Coll::Kpis => same(&prev.kpis, &cur.kpis, |x| x.id),
            Coll::Glossary => same(&prev.glossary, &cur.glossary, |x| x.id),
            Coll::Dependencies => same(&prev.dependencies, &cur.dependencies, |x| x.id),
            Coll::Resolutions => {
                same(pg.map_or(&[][..], |g| &g.resolutions), cg.map_or(&[][..], |g| &g.resolutions), |x| x.id)
            }
            Coll::Escalations => {
                same(pg.map_or(&[][..], |g| &g.escalations), cg.map_or(&[][..], |g| &g.escalations), |x| x.id)
            }
            Coll::CheckIns => same(&prev.check_ins, &cur.check_ins, |x| x.id),
            Coll::Meetings => same(&prev.meetings, &cur.meetings, |x| x.id),
            Coll::Pilots => same(&prev.pilots, &cur.pilots, |x| x.id),
            Coll::Links | Coll::Influences | Coll::Acknowledgements => Vec::new(),
        }
    }
}

/// The parts of the model that are one object rather than a list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Part {
    Entity(Coll),
    Organisation,
    /// The escalation threshold and the dispute resolver.
    Governance,
    Settings,
    /// One line of the change log.
    ChangeEntry,
}

/// Serialises every item of a list to a JSON object.
pub fn objects<T: Serialize>(items: &[T]) -> Vec<JsonMap<String, Value>> {
    items
        .iter()
        .filter_map(|x| match serde_json::to_value(x) {
            Ok(Value::Object(o)) => Some(o),
            _ => None,
        })
        .collect()
}

/// Calls `f` on every reference an object of `part` holds, with the list it points
/// into. `f` rewrites the value in place and returns `false` when it cannot, and then
/// the reference is dropped (a single one) or left out (one of a list).
pub fn visit_refs(part: Part, obj: &mut JsonMap<String, Value>, f: &mut dyn FnMut(Coll, &mut Value) -> bool) {
    let simple: &[(&str, Coll)] = match part {
        Part::Entity(Coll::Departments) => &[("head", Coll::People)],
        Part::Entity(Coll::People) => &[("department", Coll::Departments), ("manager", Coll::People)],
        Part::Entity(Coll::Kpis) => &[("department", Coll::Departments), ("term", Coll::Glossary)],
        Part::Entity(Coll::Glossary) => &[("owner", Coll::People)],
        Part::Entity(Coll::Dependencies) => &[("dependent", Coll::Kpis), ("prerequisite", Coll::Kpis)],
        Part::Entity(Coll::Escalations) => &[("kpi", Coll::Kpis), ("to", Coll::People)],
        Part::Entity(Coll::Links) => &[("child", Coll::Kpis), ("parent", Coll::Kpis)],
        Part::Entity(Coll::Influences) => &[("from", Coll::Kpis), ("to", Coll::Kpis)],
        Part::Entity(Coll::CheckIns) => &[("kpi", Coll::Kpis), ("by", Coll::People)],
        Part::Organisation => &[("alignment_owner", Coll::People)],
        Part::Governance => &[("dispute_resolver", Coll::People)],
        _ => &[],
    };
    for &(field, coll) in simple {
        if let Some(v) = obj.get_mut(field) {
            if !v.is_null() && !f(coll, v) {
                obj.remove(field);
            }
        }
    }
    match part {
        Part::Entity(Coll::Kpis) => {
            if let Some(owner) = obj.get_mut("owner") {
                if !party(owner, f) {
                    obj.remove("owner");
                }
            }
            if let Some(Value::Array(list)) = obj.get_mut("contributors") {
                list.retain_mut(|c| party(c, f));
            }
        }
        Part::Entity(Coll::Resolutions) => {
            if let Some(Value::Array(pair)) = obj.get_mut("kpis") {
                let ok = pair.len() == 2 && pair.iter_mut().all(|v| f(Coll::Kpis, v));
                if !ok {
                    obj.remove("kpis");
                }
            }
        }
        Part::Entity(Coll::Meetings | Coll::Pilots) | Part::ChangeEntry => {
            if let Some(Value::Array(list)) = obj.get_mut("kpis") {
                list.retain_mut(|v| f(Coll::Kpis, v));
            }
        }
        _ => {}
    }
    // Actions name the person who took them on.
    if let Part::Entity(Coll::CheckIns | Coll::Meetings) = part {
        if let Some(Value::Array(list)) = obj.get_mut("actions") {
            for action in list {
                if let Value::Object(a) = action {
                    if let Some(who) = a.get_mut("who") {
                        if !who.is_null() && !f(Coll::People, who) {
                            a.remove("who");
                        }
                    }
                }
            }
        }
    }
}

/// `{"person": n}` or `{"department": n}` (a team, by name, refers to nothing).
fn party(v: &mut Value, f: &mut dyn FnMut(Coll, &mut Value) -> bool) -> bool {
    let Value::Object(o) = v else { return false };
    if let Some(p) = o.get_mut("person") {
        return f(Coll::People, p);
    }
    if let Some(d) = o.get_mut("department") {
        return f(Coll::Departments, d);
    }
    o.contains_key("team")
}

/// How deep a value read from a document may nest; deeper parts read as null.
const MAX_DEPTH: usize = 6;

/// A JSON value as a document value.
pub fn any_of(v: &Value) -> Any {
    match v {
        Value::Null => Any::Null,
        Value::Bool(b) => Any::Bool(*b),
        Value::Number(n) => Any::Number(match n.as_i64() {
            Some(i) => Number::Int(i),
            None => Number::Float(n.as_f64().unwrap_or(0.0)),
        }),
        Value::String(s) => Any::String(Arc::from(s.as_str())),
        Value::Array(a) => Any::Array(a.iter().map(any_of).collect()),
        Value::Object(o) => Any::Map(Arc::new(o.iter().map(|(k, v)| (k.clone(), any_of(v))).collect())),
    }
}

/// A document value as JSON, nesting cut at
/// [`MAX_DEPTH`] so a crafted document cannot exhaust the stack.
pub fn json_of(a: &Any) -> Value {
    json_at(a, 0)
}

fn json_at(a: &Any, depth: usize) -> Value {
    if depth > MAX_DEPTH {
        return Value::Null;
    }
    match a {
        Any::Null | Any::Undefined | Any::Buffer(_) => Value::Null,
        Any::Bool(b) => Value::Bool(*b),
        Any::Number(Number::Int(i)) => Value::from(*i),
        Any::Number(Number::Float(x)) => serde_json::Number::from_f64(*x).map_or(Value::Null, Value::Number),
        Any::String(s) => Value::String(s.to_string()),
        Any::Array(items) => Value::Array(items.iter().map(|x| json_at(x, depth + 1)).collect()),
        Any::Map(m) => {
            let sorted: BTreeMap<&String, &Any> = m.iter().collect();
            Value::Object(sorted.into_iter().map(|(k, v)| (k.clone(), json_at(v, depth + 1))).collect())
        }
    }
}

/// A short plain rendering of a field's value for a report: text as it is, a list
/// joined, a structure as compact JSON, an absent value as "(none)".
pub fn show(v: Option<&Value>) -> String {
    const MAX: usize = 80;
    let s = match v {
        None | Some(Value::Null) => return "(none)".into(),
        Some(Value::String(s)) if s.is_empty() => return "(empty)".into(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Bool(true)) => "yes".into(),
        Some(Value::Bool(false)) => "no".into(),
        Some(Value::Array(a)) if a.is_empty() => return "(none)".into(),
        Some(Value::Array(a)) if a.iter().all(|x| x.is_string()) => {
            a.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(", ")
        }
        Some(Value::Object(o)) if o.len() == 1 => {
            let (k, v) = o.iter().next().expect("one entry");
            format!("{k} {}", show(Some(v)))
        }
        Some(other) => other.to_string(),
    };
    crate::model::text::excerpt(&s, MAX)
}
