//! Numbered migrations from older schema versions to the current one.
//!
//! Each step takes the JSON of version `from` to version `from + 1`. Steps run on raw
//! JSON, before the DTO is read, so old shapes never need types of their own. A file
//! from a newer version is refused, never guessed at.
//!
//! | from | to | what changed |
//! |---|---|---|
//! | 0 | 1 | Version 0 is the bare model object (what tools that generate models usually write): it gains the envelope. |

use serde_json::{json, Map, Value};

use super::{LoadError, FORMAT_NAME, SCHEMA};

/// One upgrade step.
pub struct Migration {
    pub from: u32,
    pub summary: &'static str,
    pub run: fn(Value) -> Result<Value, String>,
}

/// Every step, in order; step `i` goes from version `i` to `i + 1`.
pub const MIGRATIONS: &[Migration] = &[Migration {
    from: 0,
    summary: "wrapped a bare model in the file envelope",
    run: bare_model_to_envelope,
}];

/// Keys that mark a bare (version 0) model object.
const MODEL_KEYS: [&str; 6] = ["organisation", "kpis", "departments", "people", "links", "glossary"];

fn bare_model_to_envelope(v: Value) -> Result<Value, String> {
    Ok(json!({
        "format": FORMAT_NAME,
        "schema": 1,
        "app": "",
        "model": v,
    }))
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// The schema version a parsed file declares (0 for a bare model).
pub fn detect(v: &Value) -> Result<u32, LoadError> {
    let Some(obj) = v.as_object() else {
        return Err(LoadError::NotAModel {
            reason: format!("the top level is {}, expected an object", kind_of(v)),
        });
    };
    match obj.get("format") {
        Some(Value::String(f)) if f == FORMAT_NAME => schema_of(obj),
        Some(Value::String(f)) => Err(LoadError::NotAModel {
            reason: format!("its format is \u{201c}{}\u{201d}, expected \u{201c}{FORMAT_NAME}\u{201d}", f.chars().take(60).collect::<String>()),
        }),
        Some(other) => Err(LoadError::Invalid {
            path: "format".into(),
            message: format!("expected the string \u{201c}{FORMAT_NAME}\u{201d}, found {}", kind_of(other)),
        }),
        None if MODEL_KEYS.iter().any(|k| obj.contains_key(*k)) => Ok(0),
        None => Err(LoadError::NotAModel {
            reason: "it has no \u{201c}format\u{201d} field and no model data (organisation, kpis, departments...)".into(),
        }),
    }
}

fn schema_of(obj: &Map<String, Value>) -> Result<u32, LoadError> {
    match obj.get("schema") {
        Some(Value::Number(n)) => {
            n.as_u64().and_then(|n| u32::try_from(n).ok()).ok_or_else(|| LoadError::Invalid {
                path: "schema".into(),
                message: format!("expected a whole number, found {n}"),
            })
        }
        Some(other) => Err(LoadError::Invalid {
            path: "schema".into(),
            message: format!("expected a whole number, found {}", kind_of(other)),
        }),
        None => Err(LoadError::Invalid {
            path: "schema".into(),
            message: "missing: every file names its schema version".into(),
        }),
    }
}

/// Brings a parsed file up to [`SCHEMA`]; returns it, the version found, and the steps run.
pub fn upgrade(mut v: Value) -> Result<(Value, u32, Vec<String>), LoadError> {
    let found = detect(&v)?;
    if found > SCHEMA {
        let app = v.get("app").and_then(Value::as_str).map(|s| s.chars().take(60).collect());
        return Err(LoadError::TooNew { found, supported: SCHEMA, app });
    }
    let mut ran = Vec::new();
    let mut version = found;
    while version < SCHEMA {
        let step = MIGRATIONS.iter().find(|m| m.from == version).ok_or_else(|| LoadError::Migration {
            from: version,
            message: "no upgrade step exists for this version".into(),
        })?;
        v = (step.run)(v).map_err(|message| LoadError::Migration { from: version, message })?;
        ran.push(format!("{} \u{2192} {}: {}", version, version + 1, step.summary));
        version += 1;
    }
    Ok((v, found, ran))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn there_is_exactly_one_step_from_every_older_version() {
        for v in 0..SCHEMA {
            let n = MIGRATIONS.iter().filter(|m| m.from == v).count();
            assert_eq!(n, 1, "steps from version {v}");
        }
        assert!(MIGRATIONS.iter().all(|m| m.from < SCHEMA));
    }

    #[test]
    fn a_bare_model_runs_every_step_up_to_the_current_schema() {
        let (v, found, ran) = upgrade(json!({"kpis": []})).unwrap();
        assert_eq!(found, 0);
        assert_eq!(ran.len(), SCHEMA as usize);
        assert!(ran[0].starts_with("0 \u{2192} 1"));
        assert_eq!(detect(&v).unwrap(), SCHEMA);
    }

    #[test]
    fn a_current_file_runs_no_step() {
        let (_, found, ran) = upgrade(json!({"format": FORMAT_NAME, "schema": SCHEMA, "model": {}})).unwrap();
        assert_eq!((found, ran.len()), (SCHEMA, 0));
    }
}
