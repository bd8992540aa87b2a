//! The model's limits, and the cheap first pass that enforces the list sizes before
//! anything big is built.
//!
//! A file of at most [`super::MAX_BYTES`] can still describe millions of entities (6.5
//! million empty KPIs `{}` fit in 20 MB), and building a JSON tree and then the DTO for
//! them exhausts the browser's memory. [`scan`] reads the text once with serde's
//! streaming deserializer, allocating nothing per value: it checks the JSON syntax,
//! counts the items of every list the format knows (KPIs, people, each KPI's actuals,
//! ...) and notes the envelope's `format` and `schema`. A list over its limit refuses the
//! file with a message naming the list, its size and the limit, before the tree or the
//! DTO exist. Restore enforces the other limits (text lengths, number ranges, dates) by
//! repairing, with a message. Every limit is generous for real models: the benchmark's
//! 100,000 KPIs load.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::model::Date;

/// Lists whose size is capped, with the word a message uses and the cap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum List {
    Departments,
    People,
    Kpis,
    Links,
    Influences,
    Dependencies,
    Glossary,
    Acknowledgements,
    ChangeLog,
    Resolutions,
    Escalations,
    CheckIns,
    Meetings,
    Pilots,
    /// Actions of one check-in.
    Actions,
    /// Actuals of one KPI.
    Actuals,
    /// Contributors of one KPI.
    Contributors,
    /// Tags of one KPI.
    Tags,
    /// KPIs named by one change-log entry.
    ChangedKpis,
    /// Answers of the questionnaire.
    Answers,
    /// Any other list or object in the file (only the known ones are legitimate, and
    /// they are small), counted so that no place can hold millions of items.
    Other,
}

impl List {
    /// The largest number of items loaded.
    pub const fn max(self) -> usize {
        match self {
            List::Kpis | List::People | List::Influences | List::Dependencies => 100_000,
            List::Links => 200_000,
            List::Departments | List::Glossary => 10_000,
            List::ChangeLog | List::Resolutions | List::Escalations | List::Acknowledgements => 100_000,
            List::CheckIns => 1_000_000,
            List::Meetings => 100_000,
            List::Pilots => 1_000,
            List::Actions => crate::model::edit::MAX_ACTIONS,
            List::Actuals => MAX_ACTUALS_PER_KPI,
            List::Contributors => 1_000,
            List::Tags => 100,
            List::ChangedKpis => 1_000,
            List::Answers => 1_000,
            List::Other => 10_000,
        }
    }

    /// What the items are called in a message.
    pub const fn noun(self) -> &'static str {
        match self {
            List::Departments => "departments",
            List::People => "people",
            List::Kpis => "KPIs",
            List::Links => "links",
            List::Influences => "influences",
            List::Dependencies => "dependencies",
            List::Glossary => "glossary terms",
            List::Acknowledgements => "acknowledged findings",
            List::ChangeLog => "change-log entries",
            List::Resolutions => "recorded resolutions",
            List::Escalations => "recorded escalations",
            List::CheckIns => "check-ins",
            List::Meetings => "review meetings",
            List::Pilots => "pilots",
            List::Actions => "actions",
            List::Actuals => "actuals",
            List::Contributors => "contributors",
            List::Tags => "tags",
            List::ChangedKpis => "KPIs named",
            List::Answers => "questionnaire answers",
            List::Other => "items",
        }
    }

    /// Every capped list, for the limits table and its test.
    pub const ALL: [List; 21] = [
        List::Kpis,
        List::People,
        List::Departments,
        List::Glossary,
        List::Links,
        List::Influences,
        List::Dependencies,
        List::ChangeLog,
        List::Resolutions,
        List::Escalations,
        List::Acknowledgements,
        List::CheckIns,
        List::Meetings,
        List::Pilots,
        List::Actions,
        List::Actuals,
        List::Contributors,
        List::Tags,
        List::ChangedKpis,
        List::Answers,
        List::Other,
    ];
}

/// Actuals of one KPI: ten thousand is 27 years of daily values.
pub const MAX_ACTUALS_PER_KPI: usize = 10_000;
/// Actuals in the whole model: 10,000 KPIs with two years of weekly actuals (1.04
/// million), with room to spare.
pub const MAX_ACTUALS: usize = 2_000_000;
pub use crate::model::entities::{number_in_range, MAX_ABS_NUMBER};
/// Names and other labels, in characters (the model's own limit; longer ones are cut on
/// import).
pub use crate::model::text::MAX_NAME_CHARS;
/// Descriptions, rationales, notes, definitions and other free text, in characters.
pub use crate::model::text::MAX_TEXT_CHARS;
/// The longest lag on a link: ten years.
pub const MAX_LAG_DAYS: u32 = 3_650;
/// The most reviews off track before escalating.
pub const MAX_ESCALATE_AFTER: u32 = 1_000;
/// The largest number in the check settings.
pub const MAX_SETTING: u32 = 10_000;
/// The years a date may fall in.
pub const FIRST_YEAR: i32 = 1900;
pub const LAST_YEAR: i32 = 2200;

/// Whether a date lies within [`FIRST_YEAR`]..=[`LAST_YEAR`].
pub fn date_in_range(d: Date) -> bool {
    (FIRST_YEAR..=LAST_YEAR).contains(&d.year())
}

/// A count with thousands separators: `6,500,000`.
pub use crate::model::text::grouped as thousands;

/// A number for a message: plain when small, in exponent form when huge (`1e308`), so a
/// message never prints hundreds of digits.
pub fn show_number(x: f64) -> String {
    if x.is_finite() && x.abs() < 1e12 {
        format!("{x}")
    } else {
        format!("{x:e}")
    }
}

/// Text for a message: at most 60 characters, with an ellipsis when cut.
pub fn excerpt(s: &str) -> String {
    crate::model::text::excerpt(s, 60)
}

/// The first list found over its limit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Overflow {
    /// What the items are, and where when it is not a top-level list, e.g.
    /// `actuals for the KPI at model.kpis[12]`.
    pub what: String,
    pub count: usize,
    pub max: usize,
}

/// What the first pass learnt about a file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Shape {
    /// The top level is an object.
    pub object: bool,
    /// The top level is an object with `"format": "interlock.kpi-model"`.
    pub ours: bool,
    /// Its `format`, when that is another string (the first 60 characters).
    pub other_format: Option<String>,
    /// Its `schema` number, if it is a whole number.
    pub schema: Option<u64>,
    /// The first list over its limit, counted to its end.
    pub overflow: Option<Overflow>,
    /// Actuals in the whole file.
    pub actuals: usize,
}

/// Reads the whole text once, allocating nothing per value: checks the JSON syntax,
/// counts every list against its limit (see [`List::max`]) and peeks at the envelope.
/// Linear in the text; memory bounded by the nesting depth (serde_json stops at 128).
pub fn scan(text: &str) -> Result<Shape, serde_json::Error> {
    let mut shape = Shape::default();
    let mut de = serde_json::Deserializer::from_str(text);
    Node { shape: &mut shape, ctx: Ctx::Top }.deserialize(&mut de)?;
    de.end()?;
    if shape.overflow.is_none() && shape.actuals > MAX_ACTUALS {
        shape.overflow =
            Some(Overflow { what: "actuals in all".into(), count: shape.actuals, max: MAX_ACTUALS });
    }
    Ok(shape)
}

/// Where in the file a value sits, as far as the limits care.
#[derive(Clone, Copy, Debug)]
enum Ctx {
    Top,
    Model,
    Governance,
    Assessment,
    /// An item of a list: the list and the item's index.
    Item(List, usize),
    /// The envelope's `format` field.
    Format,
    /// A capped list (or, for answers, object); for per-item lists, the owner's index.
    List(List, Option<usize>),
    Any,
}

/// What a value turned out to be, for the envelope's fields.
enum Seen {
    OurFormat,
    /// Another string (its first 60 characters).
    Text(String),
    Whole(u64),
    Other,
}

struct Node<'s> {
    shape: &'s mut Shape,
    ctx: Ctx,
}

impl<'de> DeserializeSeed<'de> for Node<'_> {
    type Value = Seen;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Seen, D::Error> {
        d.deserialize_any(self)
    }
}

const MODEL_LISTS: [(&str, List); 11] = [
    ("departments", List::Departments),
    ("people", List::People),
    ("kpis", List::Kpis),
    ("links", List::Links),
    ("influences", List::Influences),
    ("dependencies", List::Dependencies),
    ("glossary", List::Glossary),
    ("acknowledgements", List::Acknowledgements),
    ("check_ins", List::CheckIns),
    ("meetings", List::Meetings),
    ("pilots", List::Pilots),
];

/// The context of the value under `key` in an object of context `ctx`.
fn child(ctx: Ctx, key: &str) -> Ctx {
    let model = |key: &str| match key {
        "governance" => Ctx::Governance,
        "assessment" => Ctx::Assessment,
        _ => MODEL_LISTS.iter().find(|(k, _)| *k == key).map_or(Ctx::Any, |(_, l)| Ctx::List(*l, None)),
    };
    match ctx {
        // A bare (version 0) model has its lists at the top.
        Ctx::Top if key == "model" => Ctx::Model,
        Ctx::Top if key == "format" => Ctx::Format,
        Ctx::Top | Ctx::Model => model(key),
        Ctx::Governance => match key {
            "change_log" => Ctx::List(List::ChangeLog, None),
            "resolutions" => Ctx::List(List::Resolutions, None),
            "escalations" => Ctx::List(List::Escalations, None),
            _ => Ctx::Any,
        },
        Ctx::Assessment if key == "answers" => Ctx::List(List::Answers, None),
        Ctx::Item(List::Kpis, i) => match key {
            "measurements" => Ctx::List(List::Actuals, Some(i)),
            "contributors" => Ctx::List(List::Contributors, Some(i)),
            "tags" => Ctx::List(List::Tags, Some(i)),
            _ => Ctx::Any,
        },
        Ctx::Item(List::ChangeLog, i) if key == "kpis" => Ctx::List(List::ChangedKpis, Some(i)),
        Ctx::Item(List::CheckIns, i) if key == "actions" => Ctx::List(List::Actions, Some(i)),
        _ => Ctx::Any,
    }
}

/// Reads a key and gives the context of its value, without allocating.
struct Key(Ctx);

impl<'de> DeserializeSeed<'de> for Key {
    type Value = (Ctx, bool, bool);
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for Key {
    /// The value's context, and whether the key is the envelope's `format` / `schema`.
    type Value = (Ctx, bool, bool);
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        let top = matches!(self.0, Ctx::Top);
        Ok((child(self.0, key), top && key == "format", top && key == "schema"))
    }
}

impl Node<'_> {
    fn over(&mut self, list: List, owner: Option<usize>, count: usize) {
        if count <= list.max() || self.shape.overflow.is_some() {
            return;
        }
        let owner_at = |i: usize, of: &str| {
            format!(
                " for the {of} at model.{}[{i}]",
                if of == "KPI" { "kpis" } else { "governance.change_log" }
            )
        };
        let what = match (list, owner) {
            (List::Actuals | List::Contributors | List::Tags, Some(i)) => {
                format!("{}{}", list.noun(), owner_at(i, "KPI"))
            }
            (List::ChangedKpis, Some(i)) => format!("{}{}", list.noun(), owner_at(i, "change-log entry")),
            (List::Actions, Some(i)) => format!("{} for the check-in at model.check_ins[{i}]", list.noun()),
            (List::Other, _) => "items in one list or object (a place the format does not know)".into(),
            _ => list.noun().into(),
        };
        self.shape.overflow = Some(Overflow { what, count, max: list.max() });
    }
}

impl<'de> Visitor<'de> for Node<'_> {
    type Value = Seen;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Seen, E> {
        Ok(Seen::Other)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Seen, E> {
        Ok(Seen::Other)
    }
    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Seen, E> {
        Ok(Seen::Whole(n))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Seen, E> {
        Ok(Seen::Other)
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Seen, E> {
        Ok(match self.ctx {
            _ if s == super::FORMAT_NAME => Seen::OurFormat,
            Ctx::Format => Seen::Text(excerpt(s)),
            _ => Seen::Other,
        })
    }
    fn visit_unit<E: de::Error>(self) -> Result<Seen, E> {
        Ok(Seen::Other)
    }
    fn visit_none<E: de::Error>(self) -> Result<Seen, E> {
        Ok(Seen::Other)
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<Seen, A::Error> {
        let (list, owner) = match self.ctx {
            Ctx::List(l, owner) => (l, owner),
            // The top level is not an object: the envelope check says so; count nothing.
            Ctx::Top => (List::Other, None),
            _ => (List::Other, None),
        };
        let top = matches!(self.ctx, Ctx::Top);
        let mut n = 0;
        loop {
            let ctx = match list {
                List::Kpis | List::ChangeLog | List::CheckIns => Ctx::Item(list, n),
                _ => Ctx::Any,
            };
            if seq.next_element_seed(Node { shape: &mut *self.shape, ctx })?.is_none() {
                break;
            }
            n += 1;
        }
        if list == List::Actuals {
            self.shape.actuals += n;
        }
        if !top {
            self.over(list, owner, n);
        }
        Ok(Seen::Other)
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<Seen, A::Error> {
        if matches!(self.ctx, Ctx::Top) {
            self.shape.object = true;
        }
        let mut n = 0;
        while let Some((ctx, is_format, is_schema)) = map.next_key_seed(Key(self.ctx))? {
            let seen = map.next_value_seed(Node { shape: &mut *self.shape, ctx })?;
            match seen {
                Seen::OurFormat if is_format => self.shape.ours = true,
                Seen::Text(f) if is_format => self.shape.other_format = Some(f),
                Seen::Whole(v) if is_schema => self.shape.schema = Some(v),
                _ => {}
            }
            n += 1;
        }
        match self.ctx {
            Ctx::List(List::Answers, None) => self.over(List::Answers, None, n),
            Ctx::Any => self.over(List::Other, None, n),
            _ => {}
        }
        Ok(Seen::Other)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, want: Option<(&str, usize, usize)>) {
        let shape = scan(text).expect("valid JSON");
        let got = shape.overflow.map(|o| (o.what, o.count, o.max));
        assert_eq!(got.as_ref().map(|(w, c, m)| (w.as_str(), *c, *m)), want, "{}", excerpt(text));
    }

    fn items(n: usize, item: &str) -> String {
        vec![item; n].join(",")
    }

    #[test]
    fn every_list_is_counted_against_its_limit_at_its_place() {
        let kpis = |n| {
            format!(
                r#"{{"format":"interlock.kpi-model","schema":1,"model":{{"kpis":[{}]}}}}"#,
                items(n, "{}")
            )
        };
        check(&kpis(100_000), None);
        check(&kpis(100_001), Some(("KPIs", 100_001, 100_000)));
        // A bare model has its lists at the top.
        check(&format!(r#"{{"people":[{}]}}"#, items(100_001, "{}")), Some(("people", 100_001, 100_000)));
        let actuals = format!(r#"{{"model":{{"kpis":[{{}},{{"measurements":[{}]}}]}}}}"#, items(10_001, "0"));
        check(&actuals, Some(("actuals for the KPI at model.kpis[1]", 10_001, 10_000)));
        let tags = format!(r#"{{"model":{{"kpis":[{{"tags":[{}]}}]}}}}"#, items(101, "\"t\""));
        check(&tags, Some(("tags for the KPI at model.kpis[0]", 101, 100)));
        let log =
            format!(r#"{{"model":{{"governance":{{"change_log":[{{"kpis":[{}]}}]}}}}}}"#, items(1_001, "1"));
        check(
            &log,
            Some(("KPIs named for the change-log entry at model.governance.change_log[0]", 1_001, 1_000)),
        );
        let other = format!(r#"{{"model":{{"kpis":[{{"name":[{}]}}]}}}}"#, items(10_001, "0"));
        check(
            &other,
            Some(("items in one list or object (a place the format does not know)", 10_001, 10_000)),
        );
        // A top level that is a list is left to the envelope check.
        check(&format!("[{}]", items(20_000, "0")), None);
    }

    #[test]
    fn the_envelope_is_peeked_and_syntax_errors_are_found() {
        let s = scan(r#"{"schema":1,"model":{"format":"x"},"format":"interlock.kpi-model"}"#).unwrap();
        assert_eq!((s.ours, s.schema), (true, Some(1)));
        let s = scan(r#"{"format":"interlock.kpi-model ","schema":-1}"#).unwrap();
        assert_eq!(
            (s.ours, s.schema, s.other_format.as_deref()),
            (false, None, Some("interlock.kpi-model "))
        );
        assert!(s.object && !scan("[1]").unwrap().object);
        assert!(scan(r#"{"a": [1, 2}"#).is_err());
        assert!(scan(r#"{} x"#).is_err());
    }

    #[test]
    fn words_and_numbers_for_messages_stay_short() {
        assert_eq!(thousands(6_500_000), "6,500,000");
        assert_eq!(thousands(999), "999");
        assert_eq!(show_number(1e308), "1e308");
        assert_eq!(show_number(-12.5), "-12.5");
        assert_eq!(excerpt(&"é".repeat(100)).chars().count(), 61);
        assert_eq!(excerpt("short"), "short");
    }
}
