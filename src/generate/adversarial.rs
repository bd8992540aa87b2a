//! Hostile model shapes at any size, for the adversarial scale benchmark and the
//! regression tests: the worst cases a file or share link can carry.
//!
//! Each [`Shape`] builds, for `n` KPIs, the file text a user would import (through
//! [`Shape::file`]), so a benchmark measures the whole path from text to screen. Shapes a
//! [`Model`] can hold are also available as a model ([`Shape::model`]) and as a KPI-list
//! spreadsheet ([`Shape::csv`]); the duplicate and maximal id shapes exist only as file
//! text, because a model cannot hold two KPIs with one id. Everything is deterministic:
//! no randomness, no clock (`today` is passed in), the same `n` gives the same bytes.
//!
//! Files are written compactly (fields equal to what restore fills in are left out), so
//! that a 100,000-KPI model stays well under the file cap; loading one gives back exactly
//! the model it was written from.

use serde_json::{json, Value};

use crate::format;
use crate::model::*;

/// An adversarial shape. `n` is always the number of KPIs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// Every KPI depends on the one before it: one dependency chain `n` long.
    DependencyChain,
    /// The first KPI is the prerequisite of every other one.
    DependencyFan,
    /// A chain of `n - 1` influences ending in the company KPI, every third negative.
    InfluenceChain,
    /// A cascade `n` deep under one company KPI, every other link going the wrong way
    /// (a department KPI feeding a team KPI); every KPI off track.
    LevelInvertingChain,
    /// One company KPI with every other KPI (department level) directly under it; all off
    /// track.
    CompanyFan,
    /// One company KPI, ten department KPIs under it, and every other KPI (team level)
    /// under those; all off track.
    CompanyTree,
    /// Every KPI is a company KPI, off track, so there are `n` traces to draw.
    ManyCompanyKpis,
    /// A reporting line of `n` people, each managed by the one before, each owning a KPI.
    ReportingLine,
    /// Every KPI, department, person and dependency shares one of a few ids; links and
    /// dependencies repeat, and the dependencies go round in cycles. File text only.
    DuplicateIds,
    /// Ids at `u32::MAX` and just below it, plus a KPI, a department, a person and a
    /// dependency without an id. File text only.
    MaximalIds,
}

impl Shape {
    pub const ALL: [Shape; 10] = [
        Shape::DependencyChain,
        Shape::DependencyFan,
        Shape::InfluenceChain,
        Shape::LevelInvertingChain,
        Shape::CompanyFan,
        Shape::CompanyTree,
        Shape::ManyCompanyKpis,
        Shape::ReportingLine,
        Shape::DuplicateIds,
        Shape::MaximalIds,
    ];

    /// A short name for tables and command lines.
    pub fn name(self) -> &'static str {
        match self {
            Shape::DependencyChain => "dependency-chain",
            Shape::DependencyFan => "dependency-fan",
            Shape::InfluenceChain => "influence-chain",
            Shape::LevelInvertingChain => "level-inverting-chain",
            Shape::CompanyFan => "company-fan",
            Shape::CompanyTree => "company-tree",
            Shape::ManyCompanyKpis => "many-company-kpis",
            Shape::ReportingLine => "reporting-line",
            Shape::DuplicateIds => "duplicate-ids",
            Shape::MaximalIds => "maximal-ids",
        }
    }

    /// The shape with this name.
    pub fn named(name: &str) -> Option<Shape> {
        Shape::ALL.into_iter().find(|s| s.name() == name)
    }

    /// The model, for the shapes a model can hold (`None` for the id shapes).
    pub fn model(self, n: usize, today: Date) -> Option<Model> {
        let n = n.max(3);
        Some(match self {
            Shape::DependencyChain => dependencies(n, today, |i| i - 1),
            Shape::DependencyFan => dependencies(n, today, |_| 0),
            Shape::InfluenceChain => influence_chain(n, today),
            Shape::LevelInvertingChain => level_inverting_chain(n, today),
            Shape::CompanyFan => company_fan(n, today),
            Shape::CompanyTree => company_tree(n, today),
            Shape::ManyCompanyKpis => many_company(n, today),
            Shape::ReportingLine => reporting_line(n, today),
            Shape::DuplicateIds | Shape::MaximalIds => return None,
        })
    }

    /// The file text a user would import.
    pub fn file(self, n: usize, today: Date) -> String {
        match self {
            Shape::DuplicateIds => envelope(duplicate_ids(n.max(3), today), today),
            Shape::MaximalIds => envelope(maximal_ids(n.max(3), today), today),
            _ => self.model(n, today).map(|m| compact_file(&m, today)).unwrap_or_default(),
        }
    }

    /// The KPIs as a spreadsheet for the KPI-list import (name, level, department,
    /// owner, parent), for the shapes a model can hold.
    pub fn csv(self, n: usize, today: Date) -> Option<String> {
        self.model(n, today).map(|m| kpi_list_csv(&m))
    }
}

/// Departments in every generated model.
const DEPARTMENTS: u32 = 10;

/// An organisation with [`DEPARTMENTS`] departments, a CEO, one head per department, and
/// staff up to `people` in all, each reporting to their department's head.
fn base(people: usize) -> Model {
    let mut m = Model::default();
    m.organisation.name = "Adversarial Co".into();
    m.organisation.alignment_owner = Some(PersonId(1));
    m.people.push(Person {
        id: PersonId(1),
        name: "CEO".into(),
        role: "CEO".into(),
        department: None,
        manager: None,
    });
    for d in 1..=DEPARTMENTS {
        m.departments.push(Department {
            id: DeptId(d),
            name: format!("Dept {d}"),
            head: Some(PersonId(d + 1)),
        });
        m.people.push(Person {
            id: PersonId(d + 1),
            name: format!("Head {d}"),
            role: "Head".into(),
            department: Some(DeptId(d)),
            manager: Some(PersonId(1)),
        });
    }
    for i in m.people.len()..people.max(m.people.len()) {
        let d = i as u32 % DEPARTMENTS + 1;
        m.people.push(Person {
            id: PersonId(i as u32 + 1),
            name: format!("P{}", i + 1),
            role: String::new(),
            department: Some(DeptId(d)),
            manager: Some(PersonId(d + 1)),
        });
    }
    m
}

/// People for a model of `n` KPIs: about one per ten KPIs.
fn people_for(n: usize) -> usize {
    (n / 10).max(20)
}

/// The `i`-th KPI (id `i + 1`): target 100; when `off` is set, one actual off track (50)
/// since a date that varies with `i`; otherwise no actual yet.
fn kpi(m: &Model, i: usize, level: Level, off: bool, today: Date) -> Kpi {
    let mut k = Kpi::new(KpiId(i as u32 + 1), format!("K{}", i + 1), level);
    if level != Level::Company {
        k.department = Some(DeptId(i as u32 % DEPARTMENTS + 1));
    }
    let people = m.people.len().max(1);
    k.owner = m.people.get(i % people).map(|p| Owner::Person(p.id));
    k.indicator = if i % 4 == 0 { Indicator::Leading } else { Indicator::Lagging };
    k.cadence = Cadence::Weekly;
    k.target = Some(Target { value: 100.0, upper: None, due: None });
    if off {
        k.measurements = vec![Measurement { date: today.add_days(-7 * (i % 8) as i32), value: 50.0 }];
    }
    k
}

/// Three company KPIs and department KPIs below them; dependency `i` makes KPI `i`
/// depend on KPI `prerequisite(i)`, with dates on every tenth.
fn dependencies(n: usize, today: Date, prerequisite: impl Fn(usize) -> usize) -> Model {
    let mut m = base(people_for(n));
    for i in 0..n {
        let level = if i < 3 { Level::Company } else { Level::Department };
        let mut k = kpi(&m, i, level, i % 5 == 0, today);
        if let Some(t) = k.target.as_mut().filter(|_| i % 10 == 0) {
            t.due = Some(today.add_days(30 + (i % 90) as i32));
        }
        m.kpis.push(k);
    }
    for i in 1..n {
        let mut d =
            Dependency::new(DependencyId(i as u32), KpiId(i as u32 + 1), KpiId(prerequisite(i) as u32 + 1));
        if i % 10 == 0 {
            d.needed_by = Some(today.add_days((i % 60) as i32));
            d.committed = Some(today.add_days((i % 90) as i32));
        }
        m.dependencies.push(d);
    }
    m
}

fn influence_chain(n: usize, today: Date) -> Model {
    let mut m = base(people_for(n));
    for i in 0..n {
        let level = if i == 0 { Level::Company } else { Level::Department };
        m.kpis.push(kpi(&m, i, level, i % 3 == 0, today));
    }
    for i in 1..n {
        m.influences.push(Influence {
            from: KpiId(i as u32 + 1),
            to: KpiId(i as u32),
            sign: if i % 3 == 0 { Sign::Negative } else { Sign::Positive },
            note: String::new(),
        });
    }
    m
}

fn level_inverting_chain(n: usize, today: Date) -> Model {
    let mut m = base(people_for(n));
    for i in 0..n {
        let level = match i {
            0 => Level::Company,
            _ if i % 2 == 1 => Level::Department,
            _ => Level::Team,
        };
        m.kpis.push(kpi(&m, i, level, true, today));
    }
    for i in 1..n {
        m.links.push(Link::new(KpiId(i as u32 + 1), KpiId(i as u32), ""));
    }
    m
}

fn company_fan(n: usize, today: Date) -> Model {
    let mut m = base(people_for(n));
    for i in 0..n {
        let level = if i == 0 { Level::Company } else { Level::Department };
        m.kpis.push(kpi(&m, i, level, true, today));
    }
    for i in 1..n {
        m.links.push(Link::new(KpiId(i as u32 + 1), KpiId(1), ""));
    }
    m
}

fn company_tree(n: usize, today: Date) -> Model {
    let mut m = base(people_for(n));
    let depts = (DEPARTMENTS as usize).min(n - 1);
    for i in 0..n {
        let level = match i {
            0 => Level::Company,
            _ if i <= depts => Level::Department,
            _ => Level::Team,
        };
        m.kpis.push(kpi(&m, i, level, true, today));
    }
    for i in 1..n {
        let parent = if i <= depts { 1 } else { i % depts + 2 };
        m.links.push(Link::new(KpiId(i as u32 + 1), KpiId(parent as u32), ""));
    }
    m
}

fn many_company(n: usize, today: Date) -> Model {
    let mut m = base(people_for(n));
    for i in 0..n {
        m.kpis.push(kpi(&m, i, Level::Company, true, today));
    }
    m
}

fn reporting_line(n: usize, today: Date) -> Model {
    let mut m = base(0);
    m.people.truncate(1);
    for d in &mut m.departments {
        d.head = None;
    }
    for i in 1..n {
        m.people.push(Person {
            id: PersonId(i as u32 + 1),
            name: format!("P{}", i + 1),
            role: String::new(),
            department: None,
            manager: Some(PersonId(i as u32)),
        });
    }
    for i in 0..n {
        let level = if i == 0 { Level::Company } else { Level::Team };
        m.kpis.push(kpi(&m, i, level, i % 4 == 0, today));
    }
    m
}

/// A model's file text with the fields restore fills in by default left out (the
/// indicator, kind, unit and direction when they are the defaults), so large models stay
/// under the file cap. Loads back to exactly `m`.
fn compact_file(m: &Model, today: Date) -> String {
    let mut v =
        serde_json::to_value(format::envelope(m, Timestamp::at_midnight(today))).unwrap_or(Value::Null);
    let defaults = [
        ("indicator", json!(Indicator::default())),
        ("kind", json!(Kind::default())),
        ("unit", json!(Unit::default())),
        ("direction", json!(Direction::default())),
    ];
    if let Some(kpis) = v.pointer_mut("/model/kpis").and_then(Value::as_array_mut) {
        for k in kpis.iter_mut().filter_map(Value::as_object_mut) {
            for (field, default) in &defaults {
                if k.get(*field) == Some(default) {
                    k.remove(*field);
                }
            }
        }
    }
    v.to_string()
}

/// A file envelope around a hand-built model.
fn envelope(model: Value, today: Date) -> String {
    json!({
        "format": format::FORMAT_NAME,
        "schema": format::SCHEMA,
        "app": "adversarial generator",
        "saved_at": Timestamp::at_midnight(today),
        "model": model,
    })
    .to_string()
}

/// An off-track KPI as file JSON, with the given id (or none) and level.
fn kpi_json(id: Option<u32>, i: usize, level: Level, department: Option<u32>, today: Date) -> Value {
    let mut k = json!({
        "name": format!("K{}", i + 1),
        "level": level,
        "cadence": Cadence::Weekly,
        "target": {"value": 100.0},
        "measurements": [[today.add_days(-7 * (i % 8) as i32), 50.0]],
    });
    if let Some(id) = id {
        k["id"] = json!(id);
    }
    if let Some(d) = department {
        k["department"] = json!(d);
    }
    k
}

fn duplicate_ids(n: usize, today: Date) -> Value {
    const IDS: usize = 10;
    let id = |i: usize| (i % IDS) as u32 + 1;
    let kpis: Vec<Value> = (0..n)
        .map(|i| {
            let level = if i < IDS { Level::Company } else { Level::Department };
            kpi_json(Some(id(i)), i, level, (level != Level::Company).then(|| id(i)), today)
        })
        .collect();
    let departments: Vec<Value> =
        (0..IDS.min(n)).map(|i| json!({"id": 1, "name": format!("Dept {i}")})).collect();
    let people: Vec<Value> = (0..(n / 10).max(IDS))
        .map(|i| json!({"id": id(i), "name": format!("P{i}"), "manager": id(i + 1)}))
        .collect();
    let links: Vec<Value> = (0..n / 2).map(|i| json!({"child": id(i) + 1, "parent": id(i)})).collect();
    let dependencies: Vec<Value> =
        (0..n / 2).map(|i| json!({"id": id(i), "dependent": id(i), "prerequisite": id(i + 1)})).collect();
    json!({
        "organisation": {"name": "Duplicate Co"},
        "departments": departments,
        "people": people,
        "kpis": kpis,
        "links": links,
        "dependencies": dependencies,
    })
}

fn maximal_ids(n: usize, today: Date) -> Value {
    let id = |i: usize| u32::MAX - i as u32;
    let mut kpis: Vec<Value> = (0..n - 1)
        .map(|i| {
            let level = if i < 3 { Level::Company } else { Level::Department };
            kpi_json(Some(id(i)), i, level, (level != Level::Company).then_some(u32::MAX), today)
        })
        .collect();
    kpis.push(kpi_json(None, n - 1, Level::Department, None, today));
    let links: Vec<Value> =
        (3..n - 1).step_by(2).map(|i| json!({"child": id(i), "parent": id(i % 3)})).collect();
    let dependencies: Vec<Value> = (4..n - 1)
        .step_by(4)
        .map(|i| json!({"id": id(i), "dependent": id(i), "prerequisite": id(i - 1)}))
        .chain([json!({"dependent": id(3), "prerequisite": id(4)})])
        .collect();
    json!({
        "organisation": {"name": "Maximal Co", "alignment_owner": u32::MAX},
        "departments": [{"id": u32::MAX, "name": "Top"}, {"name": "No id"}],
        "people": [{"id": u32::MAX, "name": "Max"}, {"name": "No id", "manager": u32::MAX}],
        "kpis": kpis,
        "links": links,
        "dependencies": dependencies,
    })
}

/// The KPI-list spreadsheet of a model: one row per KPI, with its first parent.
fn kpi_list_csv(m: &Model) -> String {
    use std::collections::HashMap;
    let mut parent = HashMap::new();
    for l in &m.links {
        parent.entry(l.child).or_insert(l.parent);
    }
    let by_id: HashMap<KpiId, &str> = m.kpis.iter().map(|k| (k.id, k.name.as_str())).collect();
    let dept: HashMap<DeptId, &str> = m.departments.iter().map(|d| (d.id, d.name.as_str())).collect();
    let person: HashMap<PersonId, &str> = m.people.iter().map(|p| (p.id, p.name.as_str())).collect();
    let mut out = String::from("name,level,department,owner,parent\n");
    for k in &m.kpis {
        let level = match k.level {
            Level::Company => "company",
            Level::Department => "department",
            Level::Team => "team",
        };
        out.push_str(&format!(
            "{},{level},{},{},{}\n",
            k.name,
            k.department.and_then(|d| dept.get(&d)).unwrap_or(&""),
            k.owner_person().and_then(|p| person.get(&p)).unwrap_or(&""),
            parent.get(&k.id).and_then(|p| by_id.get(p)).unwrap_or(&""),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        Date::from_ymd(2026, 11, 23).expect("a date")
    }

    /// Loads a shape's file at size `n`.
    fn load(shape: Shape, n: usize) -> format::Loaded {
        format::load(&shape.file(n, today())).unwrap_or_else(|e| panic!("{}: {e}", shape.name()))
    }

    #[test]
    fn every_model_shape_loads_back_to_the_model_it_was_written_from() {
        for shape in Shape::ALL {
            let Some(m) = shape.model(60, today()) else { continue };
            assert_eq!(m.kpis.len(), 60, "{}", shape.name());
            let loaded = load(shape, 60);
            assert_eq!(loaded.model, m, "{}", shape.name());
            let changed: Vec<_> = loaded.repairs.iter().filter(|r| r.changed).collect();
            assert!(changed.is_empty(), "{}: {changed:?}", shape.name());
        }
    }

    #[test]
    fn each_shape_has_the_structure_it_is_named_for() {
        let m = |s: Shape| s.model(30, today()).expect("a model shape");
        let chain = m(Shape::DependencyChain);
        assert_eq!(chain.dependencies.len(), 29);
        assert!(chain.dependencies.iter().all(|d| d.prerequisite.0 + 1 == d.dependent.0));
        assert!(m(Shape::DependencyFan).dependencies.iter().all(|d| d.prerequisite == KpiId(1)));
        let infl = m(Shape::InfluenceChain);
        let negative = infl.influences.iter().filter(|x| x.sign == Sign::Negative).count();
        assert_eq!((infl.influences.len(), negative), (29, 9));
        let inverted = m(Shape::LevelInvertingChain);
        let wrong_way = inverted
            .links
            .iter()
            .filter(|l| {
                let level = |id: KpiId| inverted.kpis.iter().find(|k| k.id == id).map(|k| k.level);
                level(l.child).and_then(Level::parent) != level(l.parent)
            })
            .count();
        assert_eq!((inverted.links.len(), wrong_way), (29, 14));
        assert!(m(Shape::CompanyFan).links.iter().all(|l| l.parent == KpiId(1)));
        assert!(m(Shape::ManyCompanyKpis).kpis.iter().all(|k| k.level == Level::Company));
        let line = m(Shape::ReportingLine);
        assert_eq!(line.people.len(), 30);
        assert!(line.people.iter().skip(1).all(|p| p.manager == Some(PersonId(p.id.0 - 1))));
    }

    #[test]
    fn the_id_shapes_exist_only_as_files_and_carry_the_hostile_ids() {
        assert_eq!(Shape::DuplicateIds.model(30, today()), None);
        let dup: Value = serde_json::from_str(&Shape::DuplicateIds.file(30, today())).expect("JSON");
        assert_eq!(dup["model"]["kpis"].as_array().map(Vec::len), Some(30));
        assert_eq!(dup["model"]["kpis"][10]["id"], json!(1));
        let max: Value = serde_json::from_str(&Shape::MaximalIds.file(30, today())).expect("JSON");
        assert_eq!(max["model"]["kpis"][0]["id"], json!(u32::MAX));
        assert_eq!(max["model"]["kpis"][29].get("id"), None);
    }

    #[test]
    fn every_shape_at_100_000_kpis_fits_under_the_file_cap() {
        // Measured at 10,000 (quick); files grow linearly with n.
        let over: Vec<String> = Shape::ALL
            .into_iter()
            .map(|s| (s, s.file(10_000, today()).len()))
            .filter(|(_, len)| len * 10 >= format::MAX_BYTES)
            .map(|(s, len)| format!("{}: {len} bytes at 10,000 KPIs", s.name()))
            .collect();
        assert!(over.is_empty(), "{over:#?}");
    }

    #[test]
    fn what_the_app_saves_after_loading_any_shape_at_100_000_kpis_opens_again() {
        // The app writes every field in full, so its save is larger than these compact
        // files; it must still be under the cap, or its own autosave would not open.
        // Measured at 10,000 (quick); saves grow linearly with n.
        let over: Vec<String> = Shape::ALL
            .into_iter()
            .filter_map(|s| {
                let model = format::load(&s.file(10_000, today())).ok()?.model;
                let len = format::save(&model, crate::model::Timestamp(0)).len();
                (len * 10 >= format::MAX_BYTES)
                    .then(|| format!("{}: saves {len} bytes at 10,000 KPIs", s.name()))
            })
            .collect();
        assert!(over.is_empty(), "{over:#?}");
    }

    #[test]
    fn a_shape_is_the_same_every_time() {
        for shape in Shape::ALL {
            assert_eq!(shape.file(40, today()), shape.file(40, today()), "{}", shape.name());
            assert_eq!(Shape::named(shape.name()), Some(shape));
        }
    }

    #[test]
    fn the_kpi_list_names_each_kpi_with_its_parent() {
        let csv = Shape::CompanyTree.csv(15, today()).expect("a model shape");
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 16);
        assert_eq!(lines[1], "K1,company,,CEO,");
        assert_eq!(lines[2], "K2,department,Dept 2,Head 1,K1");
    }
}
