//! Where in a file a reading error is: the path (`model.kpis[3].target.due`) of the
//! position serde_json reports, found by walking the JSON text up to that byte. One pass,
//! O(n) time and O(depth) memory; it runs only when a file is refused.

/// One open object or array on the way to the position.
enum Frame {
    /// An object, with the key read last (`None` before the first key, and after a comma).
    Object(Option<String>),
    /// An array, with the index of the current element.
    Array(usize),
}

/// The path of the value that byte `end` of `text` lies in (the bytes before `end` are
/// walked), as `a.b[2].c`; empty for the top level. `text` must be well-formed JSON up
/// to `end` (it is the compact text serde_json wrote).
pub fn at(text: &str, end: usize) -> String {
    let bytes = &text.as_bytes()[..end.min(text.len())];
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' => stack.push(Frame::Object(None)),
            b'[' => stack.push(Frame::Array(0)),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array(n)) => *n += 1,
                Some(Frame::Object(key)) => *key = None,
                None => {}
            },
            b'"' => {
                let start = i + 1;
                i = start;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                // A string where a key is expected is the key (a value string changes
                // nothing: an object's key is cleared only by the next comma).
                // A key from a hostile file can be megabytes long: the path names its start.
                if let Some(Frame::Object(key @ None)) = stack.last_mut() {
                    let raw = text.get(start..i.min(bytes.len())).unwrap_or("");
                    let name: String =
                        serde_json::from_str(&format!("\"{raw}\"")).unwrap_or_else(|_| raw.to_string());
                    *key = Some(crate::model::text::excerpt(&name, 60));
                }
            }
            _ => {}
        }
        i += 1;
    }
    let mut path = String::new();
    for frame in &stack {
        match frame {
            Frame::Object(Some(key)) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Frame::Object(None) => {}
            Frame::Array(n) => path.push_str(&format!("[{n}]")),
        }
    }
    path
}

/// What the JSON value starting at byte `start` of `text` is, in serde's words
/// (`integer \`2\``, `a list`), for a message.
pub fn found(text: &str, start: usize) -> String {
    let rest = text.get(start..).unwrap_or("");
    match rest.bytes().next() {
        Some(b'[') => "a list".into(),
        Some(b'{') => "an object".into(),
        Some(b'"') => "a string".into(),
        Some(b't') => "boolean `true`".into(),
        Some(b'f') => "boolean `false`".into(),
        Some(b'n') => "null".into(),
        Some(b'-' | b'0'..=b'9') => {
            let end = rest.find([',', '}', ']']).unwrap_or(rest.len());
            let number = crate::model::text::excerpt(&rest[..end], 40);
            let kind = if number.contains(['.', 'e', 'E']) { "floating point" } else { "integer" };
            format!("{kind} `{number}`")
        }
        _ => "nothing".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::{at, found};

    #[test]
    fn says_what_a_value_is() {
        let t = r#"{"a":2,"b":-1.5e3,"c":[1],"d":{},"e":null,"f":true}"#;
        let after = |k: &str| t.find(&format!("\"{k}\":")).unwrap() + k.len() + 3;
        assert_eq!(found(t, after("a")), "integer `2`");
        assert_eq!(found(t, after("b")), "floating point `-1.5e3`");
        assert_eq!(found(t, after("c")), "a list");
        assert_eq!(found(t, after("d")), "an object");
        assert_eq!(found(t, after("e")), "null");
        assert_eq!(found(t, after("f")), "boolean `true`");
    }

    /// The path at the byte just after `marker`'s first occurrence.
    fn path_after(text: &str, marker: &str) -> String {
        at(text, text.find(marker).expect("marker") + marker.len())
    }

    #[test]
    fn names_keys_and_indexes_on_the_way() {
        let t = r#"{"model":{"kpis":[{"name":"A"},{"target":{"due":"2026-13-01"}}]}}"#;
        assert_eq!(path_after(t, r#""2026-13-01""#), "model.kpis[1].target.due");
        assert_eq!(path_after(t, r#""name""#), "model.kpis[0].name");
        assert_eq!(path_after(t, r#""name":"A""#), "model.kpis[0].name");
        // A closed object or array is left: the position is in its parent.
        assert_eq!(path_after(t, r#"{"name":"A"}"#), "model.kpis[0]");
        assert_eq!(at(t, 0), "");
    }

    #[test]
    fn nested_arrays_count_their_own_elements() {
        let t = r#"{"m":[["2026-01-01",5],["2026-02-01"]]}"#;
        assert_eq!(path_after(t, r#"["2026-02-01"]"#), "m[1]");
        assert_eq!(path_after(t, r#"["2026-02-01""#), "m[1][0]");
    }

    #[test]
    fn a_huge_key_is_named_by_its_start() {
        let key = "k".repeat(1_000_000);
        let t = format!(r#"{{"model":{{"{key}":1}}}}"#);
        let path = at(&t, t.len() - 3);
        assert!(path.starts_with("model.kkkk"), "{path}");
        assert!(path.chars().count() < 80, "{} characters", path.chars().count());
    }

    #[test]
    fn quotes_commas_and_brackets_inside_strings_are_text() {
        let t = r#"{"a\"b,[{":{"c":"x\\\",]}"},"d":1}"#;
        assert_eq!(path_after(t, r#""d""#), "d");
        assert_eq!(path_after(t, r#""c""#), "a\"b,[{.c");
    }
}
