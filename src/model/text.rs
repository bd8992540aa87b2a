//! Labels people read: names of KPIs, people, departments, terms and the organisation,
//! and tags.
//!
//! A label may hold characters that show nothing or change the direction of the text
//! around them (zero-width spaces and joiners, the byte-order mark, bidi embeddings,
//! overrides and isolates, the soft hyphen: Unicode's format characters, category Cf).
//! With them two labels that differ look the same, and "evil" can display as "live".
//! [`clean_label`] removes them and turns control characters into spaces; import uses it
//! on every label, and forms can call it to normalise or warn as the user types.

/// Names and other labels (KPI, person, department, term, organisation, tag, role,
/// currency, owning team), in characters. Edits refuse longer ones; import cuts them.
pub const MAX_NAME_CHARS: usize = 200;
/// Descriptions, rationales, notes, explanations and other free text, in characters.
pub const MAX_TEXT_CHARS: usize = 10_000;

/// A label as typed, made ready to keep: invisible and direction-changing characters
/// removed, spaces at the ends trimmed.
pub fn tidy_label(label: &str) -> String {
    clean_label(label).0.trim().to_string()
}

/// Whether a character is a format character (Unicode category Cf) as of Unicode 15:
/// invisible, or changing how the text around it is shown.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c as u32,
        0x00AD
            | 0x0600..=0x0605
            | 0x061C
            | 0x06DD
            | 0x070F
            | 0x0890..=0x0891
            | 0x08E2
            | 0x180E
            | 0x200B..=0x200F
            | 0x202A..=0x202E
            | 0x2060..=0x2064
            | 0x2066..=0x206F
            | 0xFEFF
            | 0xFFF9..=0xFFFB
            | 0x110BD
            | 0x110CD
            | 0x13430..=0x1343F
            | 0x1BCA0..=0x1BCA3
            | 0x1D173..=0x1D17A
            | 0xE0001
            | 0xE0020..=0xE007F
    )
}

/// A label without invisible or direction-changing characters, control characters
/// (tabs, line breaks) turned into spaces, and runs of spaces left as they were; plus
/// whether anything changed. Linear in the length. Leading and trailing spaces are
/// kept: trimming is the caller's choice.
pub fn clean_label(label: &str) -> (String, bool) {
    if !label.chars().any(|c| is_invisible(c) || c.is_control()) {
        return (label.to_string(), false);
    }
    let cleaned =
        label.chars().filter(|&c| !is_invisible(c)).map(|c| if c.is_control() { ' ' } else { c }).collect();
    (cleaned, true)
}

/// A count with thousands separated by commas: `9,995`, `6,500,000`.
pub fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A number as typed in a form (a decimal comma allowed): `Ok(None)` when empty, the
/// error message (naming `what`) when it is not a finite number.
pub fn typed_number(text: &str, what: &str) -> Result<Option<f64>, String> {
    let t = text.trim().replace(',', ".");
    if t.is_empty() {
        return Ok(None);
    }
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(Some(v)),
        _ => Err(format!("{what}: \u{201c}{}\u{201d} is not a number.", text.trim())),
    }
}

/// A day as typed in a form (or picked in a date field): `Ok(None)` when empty, the
/// error message when it is not a date.
pub fn typed_day(text: &str) -> Result<Option<super::Date>, String> {
    match text.trim() {
        "" => Ok(None),
        t => super::Date::parse(t)
            .map(Some)
            .map_err(|_| format!("\u{201c}{t}\u{201d} is not a date; use the form 2026-12-31.")),
    }
}

/// The first `max` characters of `s` (all of it if shorter), never splitting a
/// character: for quoting text from a file, which can be any length.
pub fn clip(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((at, _)) => &s[..at],
        None => s,
    }
}

/// [`clip`] with an ellipsis when something was cut.
pub fn excerpt(s: &str, max: usize) -> String {
    let kept = clip(s, max);
    if kept.len() < s.len() {
        format!("{kept}\u{2026}")
    } else {
        kept.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(raw: &str, want: &str, changed: bool) {
        assert_eq!(clean_label(raw), (want.to_string(), changed), "{raw:?}");
    }

    #[test]
    fn invisible_and_direction_changing_characters_are_removed() {
        check("Revenue", "Revenue", false);
        check("Café – Überblick 売上", "Café – Überblick 売上", false);
        check("\u{202E}evil", "evil", true);
        check("ev\u{200B}il", "evil", true);
        check("e\u{200C}v\u{200D}i\u{2060}l\u{FEFF}", "evil", true);
        check("\u{2066}a\u{2069}\u{200E}\u{200F}\u{202A}b\u{202C}", "ab", true);
        check("soft\u{00AD}hyphen", "softhyphen", true);
        check("tab\there\nline", "tab here line", true);
        check("\u{E0067}tag", "tag", true);
    }

    #[test]
    fn an_excerpt_keeps_whole_characters_and_marks_the_cut() {
        assert_eq!(excerpt("Revenue", 10), "Revenue");
        assert_eq!(excerpt("Umsatzwachstum", 6), "Umsatz\u{2026}");
        assert_eq!(excerpt("\u{e9}\u{e9}\u{e9}", 2), "\u{e9}\u{e9}\u{2026}");
        assert_eq!(clip("abc", 0), "");
    }
}
