//! Crafted and very large files: each loads quickly into a model that keeps the limits,
//! or is refused with a plain message naming what and where. No timing here: each case
//! asserts what the user sees (the message, the repairs and how many there are, the
//! ids, names and numbers that come out).

use interlock::format::{self, limits, restore, LoadError, Loaded};
use interlock::model::*;
use serde_json::{json, Value};

fn envelope(mut model: Value) -> String {
    if model.get("organisation").is_none() {
        model["organisation"] = json!({"name": "Test"});
    }
    json!({"format": "interlock.kpi-model", "schema": 1, "app": "test", "model": model}).to_string()
}

/// What a case must give.
enum Expect<'a> {
    /// Refused with exactly this message.
    Refused(&'a str),
    /// Loads; every `(at, fragment)` is among the repairs, and there are at most `max`.
    Loads { repairs: &'a [(&'a str, &'a str)], max: usize },
}

/// Loads `text` and checks it against `expect`; returns the loaded file when it loads.
fn check(text: &str, expect: Expect) -> Option<Loaded> {
    let result = format::load(text);
    match expect {
        Expect::Refused(want) => {
            let err = result.expect_err("the file should be refused");
            assert_eq!(err.to_string(), want);
            None
        }
        Expect::Loads { repairs, max } => {
            let loaded = result.expect("the file should load");
            let got: Vec<(&str, &str)> =
                loaded.repairs.iter().map(|r| (r.at.as_str(), r.message.as_str())).collect();
            let listing: String =
                got.iter().map(|(a, m)| format!("\n  {a}: {}", limits::excerpt(m))).collect();
            for (at, part) in repairs {
                assert!(
                    got.iter().any(|(a, m)| a == at && m.contains(part)),
                    "no repair at {at} containing {part:?} in {listing}"
                );
            }
            assert!(got.len() <= max, "{} repairs, at most {max} expected: {listing}", got.len());
            for (_, m) in &got {
                assert!(m.chars().count() <= 400, "a message is too long: {}", limits::excerpt(m));
            }
            Some(loaded)
        }
    }
}

fn items(n: usize, item: impl Fn(usize) -> String) -> String {
    (0..n).map(item).collect::<Vec<_>>().join(",")
}

fn ids_unique_and_in_range(ids: impl Iterator<Item = u32>) {
    let ids: Vec<u32> = ids.collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted.len(), ids.len(), "ids repeat: {ids:?}");
    assert!(ids.iter().all(|&i| i <= MAX_ID), "{ids:?}");
}

#[test]
fn ids_at_the_top_of_the_range_are_reissued_for_every_kind_without_hanging() {
    let big = u32::MAX;
    let loaded = check(
        &envelope(json!({
            "departments": [{"id": big, "name": "D1"}, {"name": "D2"}, {"id": big, "name": "D3"}],
            "people": [{"id": big, "name": "P1"}, {"name": "P2"}, {"id": big, "name": "P3"}],
            "glossary": [{"id": big, "name": "T1"}, {"name": "T2"}],
            "kpis": [
                {"id": big, "name": "A", "level": "company", "cadence": "monthly"},
                {"name": "B", "level": "company", "cadence": "monthly"},
                {"id": big, "name": "C", "level": "company", "cadence": "monthly"},
                {"id": MAX_ID, "name": "D", "level": "company", "cadence": "monthly"}
            ],
            "dependencies": [
                {"id": big, "dependent": MAX_ID, "prerequisite": 1},
                {"dependent": MAX_ID, "prerequisite": 2}
            ],
            "governance": {
                "resolutions": [{"id": big, "kpis": [1, 2], "on": "2026-01-01", "how": "x"}, {"kpis": [1, 3], "on": "2026-01-01", "how": "y"}],
                "escalations": [{"id": big, "kpi": 1, "on": "2026-01-01"}, {"kpi": 2, "on": "2026-01-01"}]
            }
        })),
        Expect::Loads {
            repairs: &[
                ("model.kpis[0]", "KPI \u{201c}A\u{201d} had id 4294967295, above the largest id allowed (2,147,483,647); it now has id 1"),
                ("model.departments[0]", "above the largest id allowed"),
                ("model.people[2]", "above the largest id allowed"),
                ("model.glossary[0]", "above the largest id allowed"),
                ("model.dependencies[0]", "above the largest id allowed"),
            ],
            max: 20,
        },
    )
    .unwrap();
    let m = &loaded.model;
    ids_unique_and_in_range(m.kpis.iter().map(|k| k.id.0));
    ids_unique_and_in_range(m.departments.iter().map(|k| k.id.0));
    ids_unique_and_in_range(m.people.iter().map(|k| k.id.0));
    ids_unique_and_in_range(m.glossary.iter().map(|k| k.id.0));
    ids_unique_and_in_range(m.dependencies.iter().map(|k| k.id.0));
    ids_unique_and_in_range(m.governance.resolutions.iter().map(|k| k.id.0));
    ids_unique_and_in_range(m.governance.escalations.iter().map(|k| k.id.0));
    // The KPI the file called MAX_ID keeps it, and the dependencies still point at it.
    assert_eq!(query::kpi(m, KpiId(MAX_ID)).map(|k| k.name.as_str()), Some("D"));
    assert!(m.dependencies.iter().all(|d| d.dependent == KpiId(MAX_ID)));
    // What was repaired exports and loads again with nothing to report.
    let again = format::load(&format::save(m, Timestamp(0))).unwrap();
    assert!(again.repairs.is_empty(), "{:?}", again.repairs);
}

#[test]
fn after_importing_the_largest_id_new_items_still_get_unique_valid_ids() {
    let loaded = format::load(&envelope(json!({
        "kpis": [{"id": MAX_ID, "name": "Top", "level": "company", "cadence": "monthly"},
                 {"id": 1, "name": "One", "level": "company", "cadence": "monthly"}],
        "people": [{"id": MAX_ID, "name": "P"}]
    })))
    .unwrap();
    let mut m = loaded.model;
    for n in 0..3 {
        let id = m.next_kpi_id();
        assert!(id.0 <= MAX_ID && query::kpi(&m, id).is_none(), "{id:?}");
        apply(&mut m, Edit::insert(Kpi::new(id, format!("New {n}"), Level::Company)))
            .expect("a new KPI is accepted");
    }
    let ids: Vec<u32> = m.kpis.iter().map(|k| k.id.0).collect();
    assert_eq!(ids, [MAX_ID, 1, 2, 3, 4]);
    assert_eq!(m.next_person_id(), PersonId(1));
}

#[test]
fn lists_over_their_limit_are_refused_before_anything_is_built() {
    let cases: [(String, &str); 7] = [
        (
            format!("[{}]", items(2_000_000, |_| "0".into())),
            "the file is not an Interlock model: the top level is a list, expected an object",
        ),
        (
            format!(r#"{{"format":"{}","elements":[{}]}}"#, "e".repeat(100), items(2_000_000, |_| "0".into())),
            "the file is not an Interlock model: its format is \u{201c}eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee\u{201d}, expected \u{201c}interlock.kpi-model\u{201d}",
        ),
        (
            envelope(json!({"kpis": vec![json!({}); 100_001]})),
            "the file has 100,001 KPIs; at most 100,000 can be loaded",
        ),
        (
            format!(r#"{{"people":[{}]}}"#, items(100_001, |_| "{}".into())),
            "the file has 100,001 people; at most 100,000 can be loaded",
        ),
        (
            envelope(json!({"kpis": [{"measurements": vec![json!(["2026-01-01", 1]); 10_001]}]})),
            "the file has 10,001 actuals for the KPI at model.kpis[0]; at most 10,000 can be loaded",
        ),
        (
            envelope(json!({"departments": vec![json!({}); 10_001]})),
            "the file has 10,001 departments; at most 10,000 can be loaded",
        ),
        (
            envelope(json!({"kpis": []})).replace(
                "[]",
                &format!(
                    "[{}]",
                    items(201, |_| format!(
                        r#"{{"measurements":[{}]}}"#,
                        items(9_951, |_| r#"["2026-01-01",1]"#.into())
                    ))
                ),
            ),
            "the file has 2,000,151 actuals in all; at most 2,000,000 can be loaded",
        ),
    ];
    for (text, want) in &cases {
        check(text, Expect::Refused(want));
    }
}

#[test]
fn a_hundred_thousand_kpis_load() {
    let loaded = check(
        &envelope(json!({"kpis": vec![json!({}); 100_000]})),
        Expect::Loads {
            repairs: &[
                ("model.kpis[0]", "a KPI had no name; it is now called \u{201c}Untitled KPI 1\u{201d}"),
                ("model.kpis[10] and 99,989 more", "99,990 more items had no name and got numbered ones"),
                ("model.kpis[0] and 99,999 more", "100,000 KPIs had no id"),
            ],
            max: 15,
        },
    )
    .unwrap();
    assert_eq!(loaded.model.kpis.len(), 100_000);
    ids_unique_and_in_range(loaded.model.kpis.iter().map(|k| k.id.0));
}

#[test]
fn long_dependency_cycles_and_reporting_loops_are_found_and_reported_briefly() {
    let n = 10_000;
    let kpis: Vec<Value> = (1..=n)
        .map(|i| json!({"id": i, "name": format!("K{i}"), "level": "team", "cadence": "weekly"}))
        .collect();
    // A ring of dependencies: every one is on the cycle.
    let ring: Vec<Value> =
        (1..=n).map(|i| json!({"id": i, "dependent": i, "prerequisite": i % n + 1})).collect();
    let loaded = check(
        &envelope(json!({"kpis": kpis, "dependencies": ring})),
        Expect::Loads {
            repairs: &[
                (
                    "model.dependencies[0]",
                    "the dependency of \u{201c}K1\u{201d} on \u{201c}K2\u{201d} is part of a cycle",
                ),
                ("model.dependencies[10] and 9,989 more", "9,990 more dependencies are part of cycles"),
            ],
            max: 11,
        },
    )
    .unwrap();
    assert_eq!(loaded.model.dependencies.len(), n as usize);
    // A chain has no cycle: nothing to report.
    let chain: Vec<Value> = (1..n).map(|i| json!({"id": i, "dependent": i, "prerequisite": i + 1})).collect();
    let kpis: Vec<Value> = (1..=n)
        .map(|i| json!({"id": i, "name": format!("K{i}"), "level": "team", "cadence": "weekly"}))
        .collect();
    check(&envelope(json!({"kpis": kpis, "dependencies": chain})), Expect::Loads { repairs: &[], max: 0 });

    // A 10,000-person reporting line, and the same closed into a loop.
    let people = |looped: bool| -> Vec<Value> {
        (1..=n)
            .map(|i| {
                let mgr = if i < n {
                    Some(i + 1)
                } else if looped {
                    Some(1)
                } else {
                    None
                };
                json!({"id": i, "name": format!("P{i}"), "manager": mgr})
            })
            .collect()
    };
    check(&envelope(json!({"people": people(false)})), Expect::Loads { repairs: &[], max: 0 });
    let loaded = check(
        &envelope(json!({"people": people(true)})),
        Expect::Loads {
            repairs: &[("model.people[0]", "the reporting line of \u{201c}P1\u{201d} went round in a loop")],
            max: 1,
        },
    )
    .unwrap();
    assert_eq!(loaded.model.people.iter().filter(|p| p.manager.is_none()).count(), 1);
}

#[test]
fn numbers_and_dates_out_of_range_are_dropped_with_what_and_where() {
    let loaded = check(
        &envelope(json!({"kpis": [{
            "id": 1, "name": "Huge", "level": "company", "cadence": "monthly",
            "baseline": -1e300,
            "target": {"value": 1.797e308},
            "thresholds": {"on_track": 1, "off_track": 2e15},
            "measurements": [["2026-01-05", 1e308], ["2026-01-12", 5], ["1800-01-01", 1]]
        }, {
            "id": 2, "name": "Dated", "level": "company", "cadence": "monthly",
            "target": {"value": 10, "due": "9999-12-31"}, "locked": "0001-01-01"
        }],
        "links": [{"child": 2, "parent": 1, "lag_days": 4000000000u32}],
        "governance": {"escalate_after": 100000}})),
        Expect::Loads {
            repairs: &[
                ("model.kpis[0]", "the target of KPI \u{201c}Huge\u{201d} was 1.797e308, beyond the largest value allowed (\u{b1}1e15); it was dropped"),
                ("model.kpis[0]", "the baseline of KPI \u{201c}Huge\u{201d} was -1e300"),
                ("model.kpis[0]", "the off-track threshold of KPI \u{201c}Huge\u{201d} was 2e15"),
                ("model.kpis[0]", "the actual on 2026-01-05 of KPI \u{201c}Huge\u{201d} was 1e308"),
                ("model.kpis[0]", "the actual of KPI \u{201c}Huge\u{201d} was 1800-01-01, outside the years 1900-2200"),
                ("model.kpis[1]", "the target date of KPI \u{201c}Dated\u{201d} was 9999-12-31"),
                ("model.kpis[1]", "the lock date of KPI \u{201c}Dated\u{201d} was 0001-01-01"),
                ("model.links[0]", "was 4,000,000,000 days, more than 3,650 allowed; it was dropped"),
                ("model.governance.escalate_after", "escalation after 100,000 reviews is more than the 1,000 allowed; set to 3"),
            ],
            max: 12,
        },
    )
    .unwrap();
    let huge = &loaded.model.kpis[0];
    assert_eq!((huge.baseline, huge.target, huge.thresholds), (None, None, None));
    let values: Vec<f64> = huge.measurements.iter().map(|x| x.value).collect();
    assert_eq!(values, [5.0]);
    assert_eq!(loaded.model.kpis[1].target.map(|t| (t.value, t.due)), Some((10.0, None)));
}

#[test]
fn long_names_and_texts_are_cut_and_quoted_briefly() {
    let name = "x".repeat(10 * 1024 * 1024);
    let loaded = check(
        &envelope(json!({"kpis": [{"id": 1, "name": name, "description": "d".repeat(20_000), "level": "company", "cadence": "monthly"}]})),
        Expect::Loads {
            repairs: &[
                ("model.kpis[0]", "a name was 10,485,760 characters long; it was cut to 200 characters: \u{201c}xxxxxxxxxx"),
                ("model.kpis[0]", "a text was 20,000 characters long; it was cut to 10,000 characters"),
            ],
            max: 2,
        },
    )
    .unwrap();
    assert_eq!(loaded.model.kpis[0].name.chars().count(), limits::MAX_NAME_CHARS);
    assert_eq!(loaded.model.kpis[0].description.chars().count(), limits::MAX_TEXT_CHARS);
    // A value of the wrong type is named without printing all of it.
    let err = format::load(&envelope(json!({"kpis": [{"id": "y".repeat(1_000_000)}]}))).unwrap_err();
    assert_eq!(err.path(), Some("model.kpis[0].id"));
    assert!(err.to_string().chars().count() < 300, "{}", limits::excerpt(&err.to_string()));
}

#[test]
fn invisible_and_direction_changing_characters_are_removed_and_lookalikes_flagged() {
    let loaded = check(
        &envelope(json!({
            "organisation": {"name": "Acme\u{200B}"},
            "people": [{"id": 1, "name": "Ann"}, {"id": 2, "name": "A\u{2060}nn"}],
            "kpis": [
                {"id": 1, "name": "evil", "level": "company", "cadence": "monthly"},
                {"id": 2, "name": "\u{202E}live", "level": "company", "cadence": "monthly", "tags": ["lead\u{200D}-volume", "lead-volume"]},
                {"id": 3, "name": "ev\u{200B}il", "level": "company", "cadence": "monthly"}
            ]
        })),
        Expect::Loads {
            repairs: &[
                ("model.people[1] and 4 more", "5 names or tags held invisible or direction-changing characters; they were removed"),
                ("model.kpis[2]", "the KPI \u{201c}evil\u{201d} at model.kpis[2] has the same name as the one at model.kpis[0] once invisible characters are removed"),
                ("model.people[1]", "the person \u{201c}Ann\u{201d} at model.people[1] has the same name as the one at model.people[0]"),
            ],
            max: 3,
        },
    )
    .unwrap();
    let names: Vec<&str> = loaded.model.kpis.iter().map(|k| k.name.as_str()).collect();
    assert_eq!(names, ["evil", "live", "evil"]);
    assert_eq!(loaded.model.kpis[1].tags, ["lead-volume"]);
    assert_eq!(loaded.model.organisation.name, "Acme");
    // The warning is kept, not a change: the names stay as they are.
    assert!(loaded.repairs.iter().any(|r| !r.changed));
}

#[test]
fn bytes_that_are_not_utf8_are_refused_with_their_offset() {
    let mut bytes = envelope(json!({"kpis": [{"name": "Caf\u{e9}"}]})).into_bytes();
    let at = bytes.iter().position(|&b| b == 0xC3).unwrap();
    bytes[at] = 0xE9; // Latin-1 é: not UTF-8
    let err = format::load_bytes(&bytes).unwrap_err();
    assert_eq!(err, LoadError::NotUtf8 { offset: at });
    assert_eq!(
        err.to_string(),
        format!("the file is not UTF-8 text: the byte at offset {at} is not valid; save it as UTF-8 and try again")
    );
    let good =
        envelope(json!({"kpis": [{"id": 1, "name": "Caf\u{e9}", "level": "company", "cadence": "monthly"}]}));
    assert_eq!(format::load_bytes(good.as_bytes()).unwrap().model.kpis[0].name, "Caf\u{e9}");
}

#[test]
fn the_report_stays_short_however_many_items_need_repair() {
    let kpis: Vec<Value> = (1..=5_000)
        .map(|i| json!({"id": i, "name": format!("K{i}"), "level": "team", "cadence": "weekly", "department": 99}))
        .collect();
    let loaded = check(
        &envelope(json!({"kpis": kpis})),
        Expect::Loads {
            repairs: &[("model.kpis[200]", "4,800 more repairs and warnings are not listed one by one")],
            max: restore::LISTED + 1,
        },
    )
    .unwrap();
    assert_eq!(loaded.model.kpis.len(), 5_000);
}
