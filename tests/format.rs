//! The file format: every load error with the path and words it must show, every
//! restore repair, migrations, the golden v1 fixture, and the JSON Schema.

use interlock::format::{self, LoadError};
use interlock::model::*;
use interlock::templates;
use serde_json::{json, Value};

fn today() -> Date {
    Date::from_ymd(2026, 11, 23).unwrap()
}

fn envelope(model: Value) -> String {
    json!({"format": "interlock.kpi-model", "schema": 1, "app": "test", "model": model}).to_string()
}

/// Loading `text` must fail with a message containing every `expect` part, naming `path`.
fn check_error(text: &str, path: Option<&str>, expect: &[&str]) {
    let err = format::load(text).expect_err("the file should be refused");
    let msg = err.to_string();
    for part in expect {
        assert!(msg.contains(part), "message {msg:?} should contain {part:?}");
    }
    assert_eq!(err.path(), path, "path named by {msg:?}");
}

#[test]
fn malformed_files_are_refused_with_what_and_where() {
    check_error("", None, &["the file is empty"]);
    check_error(
        "{\"format\": \"interlock.kpi-model\",\n \"schema\": 1,\n \"model\": {",
        None,
        &["not valid JSON", "line 3"],
    );
    check_error("[1, 2]", None, &["not an Interlock model", "the top level is a list, expected an object"]);
    check_error(
        r#"{"format": "excalidraw", "schema": 2}"#,
        None,
        &["not an Interlock model", "\u{201c}excalidraw\u{201d}"],
    );
    check_error(r#"{"hello": "world"}"#, None, &["no \u{201c}format\u{201d} field and no model data"]);
    check_error(r#"{"format": "interlock.kpi-model", "model": {}}"#, Some("schema"), &["missing"]);
    check_error(
        r#"{"format": "interlock.kpi-model", "schema": "1", "model": {}}"#,
        Some("schema"),
        &["expected a whole number, found a string"],
    );
    check_error(
        &envelope(json!({"kpis": [{"name": "A", "cadence": "fortnightly"}]})),
        Some("model.kpis[0].cadence"),
        &["at model.kpis[0].cadence", "unknown variant `fortnightly`", "`weekly`"],
    );
    check_error(
        &envelope(json!({"kpis": [{"name": "A", "level": 2}]})),
        Some("model.kpis[0].level"),
        &["invalid type: integer `2`"],
    );
    check_error(
        &envelope(json!({"kpis": [{}, {"target": {"value": 3, "due": "2026-13-01"}}]})),
        Some("model.kpis[1].target.due"),
        &["`2026-13-01` is not a date of the form YYYY-MM-DD"],
    );
    check_error(
        &envelope(json!({"kpis": [{"name": "A", "taget": 5}]})),
        Some("model.kpis[0].taget"),
        &["unknown field `taget`", "expected one of"],
    );
    check_error(
        &envelope(json!({"kpis": [{"measurements": [["2026-01-01", 5], ["2026-02-01"]]}]})),
        Some("model.kpis[0].measurements[1]"),
        &["invalid length 1"],
    );
    check_error(
        &envelope(json!({"people": [{"id": -3}]})),
        Some("model.people[0].id"),
        &["invalid value: integer `-3`"],
    );
    check_error(
        &envelope(json!({"kpis": [{"baseline": "high"}]})),
        Some("model.kpis[0].baseline"),
        &["expected f64"],
    );
    check_error(
        &envelope(json!({"departments": {"a": 1}})),
        Some("model.departments"),
        &["expected a sequence"],
    );
}

#[test]
fn a_file_from_a_newer_version_is_refused_and_says_so() {
    let text = json!({"format": "interlock.kpi-model", "schema": 7, "app": "interlock 9.0.0", "model": {"kpis": "anything"}})
        .to_string();
    let err = format::load(&text).unwrap_err();
    assert_eq!(err, LoadError::TooNew { found: 7, supported: 1, app: Some("interlock 9.0.0".into()) });
    assert!(err.to_string().contains(
        "newer version of the app (schema 7; this version reads up to 1, written by interlock 9.0.0)"
    ));
}

#[test]
fn a_file_over_the_size_cap_is_refused_before_parsing() {
    let text = " ".repeat(format::MAX_BYTES + 1);
    let err = format::load(&text).unwrap_err();
    assert_eq!(err, LoadError::TooLarge { size: format::MAX_BYTES + 1, limit: format::MAX_BYTES });
    assert_eq!(
        err.to_string(),
        "the file is 67,108,865 bytes; files over 67,108,864 bytes (64 MB) are not loaded"
    );
}

/// Loads a model, expecting these repairs (location, message fragment) and no others.
fn check_repairs(model: Value, expect: &[(&str, &str)]) -> Model {
    let loaded = format::load(&envelope(model)).expect("repairable files load");
    let got: Vec<(String, String)> =
        loaded.repairs.iter().map(|r| (r.at.clone(), r.message.clone())).collect();
    assert_eq!(got.len(), expect.len(), "repairs: {got:#?}");
    for ((at, msg), (want_at, want_msg)) in got.iter().zip(expect) {
        assert_eq!(at, want_at, "{msg}");
        assert!(msg.contains(want_msg), "{msg:?} should contain {want_msg:?}");
    }
    loaded.model
}

#[test]
fn duplicate_and_missing_ids_are_reissued() {
    let m = check_repairs(
        json!({
            "organisation": {"name": "Acme"},
            "kpis": [
                {"id": 5, "name": "A", "level": "company", "cadence": "monthly"},
                {"id": 5, "name": "B", "level": "company", "cadence": "monthly"},
                {"name": "C", "level": "company", "cadence": "monthly"},
                {"name": "D", "level": "company", "cadence": "monthly"}
            ],
            "people": [{"id": 1, "name": "P"}, {"id": 1, "name": "Q"}]
        }),
        &[
            (
                "model.people[1]",
                "person \u{201c}Q\u{201d} had id 1, already used by another person; it now has id 2",
            ),
            ("model.kpis[1]", "KPI \u{201c}B\u{201d} had id 5, already used by another KPI; it now has id 6"),
            ("model.kpis[2] and 1 more", "2 KPIs had no id and got new ones"),
        ],
    );
    let ids: Vec<u32> = m.kpis.iter().map(|k| k.id.0).collect();
    assert_eq!(ids, [5, 6, 7, 8]);
}

#[test]
fn dangling_references_are_dropped_and_named() {
    let m = check_repairs(
        json!({
            "organisation": {"name": "Acme", "alignment_owner": 9},
            "departments": [{"id": 1, "name": "Sales", "head": 4}],
            "people": [{"id": 1, "name": "P", "department": 3, "manager": 8}],
            "glossary": [{"id": 1, "name": "T", "owner": 5}],
            "kpis": [
                {"id": 1, "name": "A", "level": "company", "cadence": "monthly", "owner": {"person": 7}, "term": 4,
                 "contributors": [{"department": 9}, {"person": 1}]},
                {"id": 2, "name": "B", "level": "department", "cadence": "monthly", "department": 6, "owner": {"department": 6}}
            ],
            "links": [{"child": 2, "parent": 1}, {"child": 2, "parent": 99}],
            "influences": [{"from": 1, "to": 42, "sign": "-"}],
            "dependencies": [{"id": 1, "dependent": 2, "prerequisite": 77}],
            "governance": {"dispute_resolver": 3, "resolutions": [{"kpis": [1, 50], "on": "2026-01-01", "how": "x"}]}
        }),
        &[
            ("model.people[0]", "\u{201c}P\u{201d} belonged to department 3, which does not exist"),
            ("model.people[0]", "the manager of \u{201c}P\u{201d} was person 8, who does not exist"),
            ("model.departments[0]", "the head of department \u{201c}Sales\u{201d} was person 4"),
            ("model.organisation", "the alignment owner of the organisation was person 9"),
            ("model.glossary[0]", "the owner of term \u{201c}T\u{201d} was person 5"),
            ("model.kpis[0]", "the owner of KPI \u{201c}A\u{201d} was person 7"),
            ("model.kpis[0]", "a contributor of KPI \u{201c}A\u{201d} does not exist"),
            ("model.kpis[0]", "KPI \u{201c}A\u{201d} was defined by glossary term 4, which does not exist"),
            ("model.kpis[1]", "KPI \u{201c}B\u{201d} belonged to department 6"),
            ("model.kpis[1]", "the owner of KPI \u{201c}B\u{201d} was department 6"),
            ("model.links[1]", "the link 2 \u{2192} 99 refers to a KPI that does not exist"),
            ("model.influences[0]", "the influence 1 \u{2192} 42 refers to a KPI that does not exist"),
            ("model.dependencies[0]", "the dependency of 2 on 77 refers to a missing KPI"),
            ("model.governance", "the dispute resolver of governance was person 3"),
            (
                "model.governance.resolutions[0]",
                "a recorded resolution without two existing KPIs and a date was dropped",
            ),
        ],
    );
    assert_eq!(m.links.len(), 1);
    assert_eq!(m.kpis[0].contributors, [Contributor::Person(PersonId(1))]);
}

#[test]
fn missing_values_get_defaults_and_broken_shapes_are_fixed() {
    let m = check_repairs(
        json!({
            "kpis": [
                {"id": 1, "name": "  "},
                {"id": 2, "name": "Band", "level": "team", "cadence": "weekly", "direction": "within_band",
                 "target": {"value": 40, "upper": 30},
                 "measurements": [["2026-02-01", 2], ["2026-01-01", 1], ["2026-02-01", 3]]},
                {"id": 3, "name": "Old", "level": "team", "cadence": "weekly", "retired": {"reason": "gone"}, "target": {"due": "2026-01-01"}}
            ],
            "people": [{"id": 1, "name": "Me", "manager": 1}, {"id": 2, "name": "A", "manager": 3}, {"id": 3, "name": "B", "manager": 2}],
            "links": [{"child": 2, "parent": 2}, {"child": 2}],
            "assessment": {"answers": {"q1": 9, "q2": 2}},
            "settings": {"company_kpis": {"min": 9, "max": 1}},
            "governance": {"escalate_after": 0}
        }),
        &[
            ("model.people[0]", "\u{201c}Me\u{201d} was their own manager"),
            ("model.people[1]", "the reporting line of \u{201c}A\u{201d} went round in a loop"),
            (
                "model.organisation",
                "the organisation had no name; it is now called \u{201c}My company\u{201d}",
            ),
            ("model.kpis[0]", "a KPI had no name; it is now called \u{201c}Untitled KPI 1\u{201d}"),
            ("model.kpis[1]", "the target band of KPI \u{201c}Band\u{201d} was upside down"),
            ("model.kpis[1]", "sorted, 1 repeated date(s) kept once"),
            ("model.kpis[2]", "the target of KPI \u{201c}Old\u{201d} had no value"),
            ("model.kpis[2]", "KPI \u{201c}Old\u{201d} was retired without a date; it is active again"),
            ("model.links[0]", "the link of \u{201c}Band\u{201d} to itself was dropped"),
            ("model.links[1]", "a link without both a child and a parent was dropped"),
            ("model.governance.escalate_after", "set to 3"),
            ("model.assessment.answers.q1", "the answer 9 is outside 0-4"),
            (
                "model.settings",
                "the range for company KPIs starts above its end (9-1); the default settings are used",
            ),
            ("model.kpis[0]", "a KPI had no level and became a department KPI"),
            ("model.kpis[0]", "a KPI had no review cadence; set to monthly"),
        ],
    );
    let band = &m.kpis[1];
    assert_eq!(band.target, Some(Target { value: 30.0, upper: Some(40.0), due: None }));
    let series: Vec<(String, f64)> =
        band.measurements.iter().map(|x| (x.date.to_string(), x.value)).collect();
    assert_eq!(series, [("2026-01-01".to_string(), 1.0), ("2026-02-01".to_string(), 3.0)]);
    assert_eq!(m.assessment.answers.get("q2"), Some(&2));
}

#[test]
fn level_breaking_links_and_dependency_cycles_are_kept_and_reported() {
    let loaded = format::load(&envelope(json!({
        "kpis": [
            {"id": 1, "name": "Top", "level": "company", "cadence": "monthly"},
            {"id": 2, "name": "Low", "level": "team", "cadence": "weekly"}
        ],
        "links": [{"child": 2, "parent": 1, "rationale": "skips"}],
        "dependencies": [{"id": 1, "dependent": 1, "prerequisite": 2}, {"id": 2, "dependent": 2, "prerequisite": 1}]
    })))
    .unwrap();
    assert_eq!(loaded.model.links.len(), 1);
    assert_eq!(loaded.model.dependencies.len(), 2);
    let kept: Vec<&str> = loaded.repairs.iter().filter(|r| !r.changed).map(|r| r.message.as_str()).collect();
    assert_eq!(kept.len(), 3, "{kept:?}");
    assert!(kept[0]
        .contains("\u{201c}Low\u{201d} \u{2192} \u{201c}Top\u{201d} does not go one level up; it was kept"));
    assert!(kept[1].contains("part of a cycle"));
}

#[test]
fn a_bare_model_is_read_as_version_zero_and_migrated() {
    let text = include_str!("fixtures/bare-model-v0.json");
    let loaded = format::load(text).expect("a bare model loads");
    assert_eq!(loaded.schema_found, 0);
    assert_eq!(loaded.migrations, ["0 \u{2192} 1: wrapped a bare model in the file envelope"]);
    assert_eq!(loaded.model.organisation.name, "Bare Co");
    assert_eq!(loaded.model.kpis.len(), 2);
    assert_eq!(loaded.model.links.len(), 1);
}

/// The golden file: what version 1 looked like when it shipped. Every later version must
/// still read it to the same model, and this version must write it back identically.
#[test]
fn the_golden_v1_file_reads_and_writes_back_unchanged() {
    let text = include_str!("fixtures/golden-v1.json");
    let loaded = format::load(text).expect("the golden file loads");
    assert!(loaded.repairs.is_empty(), "{:?}", loaded.repairs);
    assert_eq!(loaded.schema_found, 1);
    let m = &loaded.model;
    assert_eq!(m.organisation.name, "Golden Widgets Ltd");
    assert_eq!(m.organisation.velocity, Velocity::High);
    let k = query::kpi(m, KpiId(2)).unwrap();
    assert_eq!(k.owner, Some(Owner::Person(PersonId(2))));
    assert_eq!(k.direction, Direction::WithinBand);
    assert_eq!(
        k.target,
        Some(Target { value: 30.0, upper: Some(45.5), due: Some(Date::from_ymd(2026, 12, 31).unwrap()) })
    );
    assert_eq!(k.measurements.len(), 3);
    assert!(matches!(query::kpi(m, KpiId(4)).unwrap().lifecycle, Lifecycle::Retired { .. }));
    assert_eq!(m.links[0].sign, Sign::Negative);
    assert_eq!(m.governance.change_log.len(), 1);
    assert_eq!(m.acknowledgements.len(), 1);
    assert_eq!(m.settings.stability_months, 18);

    let written: Value = serde_json::from_str(&format::save(m, loaded.saved_at.unwrap())).unwrap();
    let mut golden: Value = serde_json::from_str(text).unwrap();
    golden["app"] = written["app"].clone();
    assert_eq!(
        numbers_as_floats(written),
        numbers_as_floats(golden),
        "this version writes v1 differently from the golden file"
    );
}

/// JSON numbers compared by value (`12` and `12.0` are the same number).
fn numbers_as_floats(v: Value) -> Value {
    match v {
        Value::Number(n) => n.as_f64().map_or(Value::Number(n), Value::from),
        Value::Array(a) => Value::Array(a.into_iter().map(numbers_as_floats).collect()),
        Value::Object(o) => Value::Object(o.into_iter().map(|(k, v)| (k, numbers_as_floats(v))).collect()),
        other => other,
    }
}

fn schema_validator() -> (boon::Schemas, boon::SchemaIndex) {
    let schema: Value = serde_json::from_str(include_str!("../public/interlock.v1.schema.json")).unwrap();
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler.add_resource("interlock.v1.schema.json", schema).unwrap();
    let index = compiler.compile("interlock.v1.schema.json", &mut schemas).unwrap();
    (schemas, index)
}

#[test]
fn every_template_export_and_the_golden_file_validate_against_the_json_schema() {
    let (schemas, index) = schema_validator();
    let mut checked = 0;
    for t in templates::ALL.iter() {
        let text = format::save(&t.build(today()), Timestamp(1_790_000_000));
        let v: Value = serde_json::from_str(&text).unwrap();
        if let Err(e) = schemas.validate(&v, index) {
            panic!("template {} does not validate:\n{e}", t.id);
        }
        checked += 1;
    }
    assert_eq!(checked, templates::ALL.len());
    let golden: Value = serde_json::from_str(include_str!("fixtures/golden-v1.json")).unwrap();
    schemas.validate(&golden, index).expect("the golden file validates");
}

#[test]
fn the_json_schema_rejects_what_the_app_refuses() {
    let (schemas, index) = schema_validator();
    let bad = [
        json!({"format": "interlock.kpi-model", "schema": 1, "model": {"kpis": [{"taget": 1}]}}),
        json!({"format": "interlock.kpi-model", "schema": 1, "model": {"kpis": [{"cadence": "fortnightly"}]}}),
        json!({"format": "interlock.kpi-model", "schema": 2, "model": {}}),
        json!({"format": "interlock.kpi-model", "schema": 1, "model": {"kpis": [{"measurements": [["2026-01-01"]]}]}}),
        json!({"format": "interlock.kpi-model", "schema": 1, "model": {"kpis": [{"owner": {"person": 1, "team": "x"}}]}}),
    ];
    for v in bad {
        assert!(schemas.validate(&v, index).is_err(), "schema accepted {v}");
        assert!(format::load(&v.to_string()).is_err(), "app accepted {v}");
    }
}

/// The example in README.md, "The file format", loads as it is: no repairs, and it
/// validates against the JSON Schema (so the documentation cannot drift from the code).
#[test]
fn the_readme_example_loads_cleanly() {
    let readme = include_str!("../README.md");
    let start = readme.find("```json\n").expect("README has a JSON example") + "```json\n".len();
    let end = start + readme[start..].find("```").expect("the example is closed");
    let example = &readme[start..end];
    let loaded = format::load(example).unwrap_or_else(|e| panic!("README example refused: {e}"));
    assert!(loaded.repairs.is_empty(), "README example needed repairs: {:?}", loaded.repairs);
    assert_eq!(loaded.model.kpis.len(), 2);
    assert_eq!(loaded.model.links.len(), 1);
    let (schemas, index) = schema_validator();
    let v: Value = serde_json::from_str(example).unwrap();
    if let Err(e) = schemas.validate(&v, index) {
        panic!("README example does not validate:\n{e}");
    }
}
