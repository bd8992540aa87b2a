//! Compact text encodings of a file: for browser storage and for the share link.
//!
//! Storage keeps small models as plain JSON (readable in the browser's dev tools) and
//! compresses large ones (`z2:`: raw DEFLATE, 14 bits to a character), so that two
//! copies of a 1,000-KPI model with two years of weekly actuals and its edit history
//! fit the usual 5 MiB quota. Browsers count that quota in UTF-16 code units, so a
//! character from the CJK block (one code unit, 14 bits) holds more than twice what a
//! base64 character (6 bits) does. Copies stored as `z1:` (base64) still read. The share
//! link uses DEFLATE with URL-safe base64 and no padding. Decompression streams into a
//! buffer that never grows past [`super::MAX_BYTES`] (plus one 64 KiB chunk) and stops
//! there, so a crafted input cannot exhaust memory; base64 decoding is refused for input
//! that could not fit the cap. Every error is in plain words and names the position.

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;

use super::MAX_BYTES;

/// Models smaller than this are stored as plain JSON.
pub const PLAIN_LIMIT: usize = 256 * 1024;
const PACKED_PREFIX: &str = "z1:";
const DENSE_PREFIX: &str = "z2:";
/// The first of the 16,384 characters (U+4E00 to U+8DFF, all CJK ideographs, one
/// UTF-16 code unit each) that hold 14 bits each.
const DENSE_FIRST: u32 = 0x4E00;
const DENSE_BITS: u32 = 14;

/// Why encoded text could not be decoded.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CodecError {
    /// A character that base64 cannot hold, or a cut-off end; the message says where.
    #[error("{0}")]
    Base64(String),
    #[error("the data is damaged or incomplete: it does not unpack; copy it again")]
    Inflate,
    #[error("the data unpacks to more than 64 MB, the largest file that is loaded")]
    TooLarge,
    #[error("the data is not text (UTF-8): byte {} is not valid", super::limits::thousands(*offset))]
    NotText { offset: usize },
    #[error("the stored copy is damaged: {0}")]
    Dense(String),
}

/// DEFLATE level 3: measured on the 1,000-KPI model (2.7 MB of JSON), level 6 packs it
/// 12% smaller but takes about three times as long, which an autosave on the main
/// thread cannot afford; level 1 is faster again but leaves too little quota headroom.
fn deflate(text: &str) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec(text.as_bytes(), 3)
}

/// Unpacks raw DEFLATE data into text of at most [`MAX_BYTES`] bytes. Streams through a
/// 64 KiB chunk; the output buffer grows by doubling but never beyond the cap plus one
/// chunk, and unpacking stops as soon as the cap is passed.
fn inflate(bytes: &[u8]) -> Result<String, CodecError> {
    inflate_capped(bytes, MAX_BYTES)
}

fn inflate_capped(bytes: &[u8], cap: usize) -> Result<String, CodecError> {
    let out = inflate_bytes(bytes, cap)?;
    String::from_utf8(out).map_err(|e| CodecError::NotText { offset: e.utf8_error().valid_up_to() })
}

/// Packs binary data (a model's edit history) with DEFLATE.
pub fn deflate_bytes(bytes: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec(bytes, 3)
}

/// Unpacks raw DEFLATE data of at most `cap` bytes, with the same bounded streaming as
/// text: a compression bomb stops at the cap.
pub fn inflate_bytes(bytes: &[u8], cap: usize) -> Result<Vec<u8>, CodecError> {
    use miniz_oxide::inflate::stream::{inflate, InflateState};
    use miniz_oxide::{DataFormat, MZFlush, MZStatus};

    const CHUNK: usize = 64 * 1024;
    let mut state = InflateState::new_boxed(DataFormat::Raw);
    let mut chunk = vec![0u8; CHUNK];
    let mut out: Vec<u8> = Vec::new();
    let mut input = bytes;
    loop {
        let r = inflate(&mut state, input, &mut chunk, MZFlush::None);
        input = input.get(r.bytes_consumed..).unwrap_or_default();
        let written = chunk.get(..r.bytes_written).unwrap_or_default();
        if out.len() + written.len() > cap {
            return Err(CodecError::TooLarge);
        }
        if out.capacity() - out.len() < written.len() {
            // Double, but never past the cap plus one chunk.
            let want = (out.len() * 2).max(out.len() + written.len()).max(CHUNK).min(cap + CHUNK);
            out.reserve_exact(want - out.len());
        }
        out.extend_from_slice(written);
        match r.status {
            Ok(MZStatus::StreamEnd) => break,
            Ok(_) if r.bytes_consumed > 0 || r.bytes_written > 0 => {}
            // No progress: the data ends too early, or is not DEFLATE at all.
            _ => return Err(CodecError::Inflate),
        }
    }
    Ok(out)
}

/// A base64 error in plain words: which character, where, and what to do. `what` is
/// "link" or "stored copy"; `shift` is how many characters came before the decoded part.
fn base64_error(e: base64::DecodeError, text: &str, what: &str, shift: usize) -> CodecError {
    use base64::DecodeError::*;
    let ch = |i: usize| text.get(i..).and_then(|t| t.chars().next()).unwrap_or('?');
    let hint = if what == "link" {
        " \u{2014} it may have been changed by a mail client or chat app; copy the whole link again"
    } else {
        ""
    };
    CodecError::Base64(match e {
        InvalidByte(i, _) | InvalidLastSymbol(i, _) => format!(
            "the {what} is damaged: character {} (\u{201c}{}\u{201d}) cannot appear in it{hint}",
            super::limits::thousands(i + shift + 1),
            ch(i).escape_debug()
        ),
        InvalidLength(_) | InvalidPadding => {
            format!("the {what} is damaged: it is cut short or has extra characters{hint}")
        }
    })
}

/// Packed data is never larger than what it unpacks to (DEFLATE stores incompressible
/// blocks almost as they are), so base64 that decodes to more than the cap is refused
/// before it is decoded.
fn base64_fits(b64: &str) -> Result<(), CodecError> {
    if b64.len() / 4 * 3 > MAX_BYTES + MAX_BYTES / 64 {
        return Err(CodecError::TooLarge);
    }
    Ok(())
}

/// Undoes percent-encoding (`%2B` for `+`) that mail clients add to links; the result
/// is never longer than the input. Anything that is not `%` and two hex digits is kept.
fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match (b[i], b.get(i + 1).copied().and_then(hex), b.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (c, _, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The text to store for a file's JSON.
pub fn pack(json: &str) -> String {
    if json.len() < PLAIN_LIMIT {
        json.to_string()
    } else {
        let bytes = deflate(json);
        format!("{DENSE_PREFIX}{}:{}", bytes.len(), dense_encode(&bytes))
    }
}

/// The JSON of stored text, whether it was stored plain or packed.
pub fn unpack(stored: &str) -> Result<String, CodecError> {
    if let Some(rest) = stored.strip_prefix(DENSE_PREFIX) {
        return inflate(&dense_decode(rest.trim())?);
    }
    match stored.strip_prefix(PACKED_PREFIX) {
        None => Ok(stored.to_string()),
        Some(b64) => {
            let trimmed = b64.trim_start();
            let shift = PACKED_PREFIX.len() + b64.len() - trimmed.len();
            let trimmed = trimmed.trim_end();
            base64_fits(trimmed)?;
            let bytes =
                STANDARD.decode(trimmed).map_err(|e| base64_error(e, trimmed, "stored copy", shift))?;
            inflate(&bytes)
        }
    }
}

/// Bytes as characters of 14 bits each, most significant bit first; the last
/// character is padded with zero bits.
fn dense_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity((bytes.len() * 8).div_ceil(DENSE_BITS as usize) * 3);
    let mut acc: u32 = 0;
    let mut bits: u32 = 0;
    let mut emit = |v: u32| out.push(char::from_u32(DENSE_FIRST + v).unwrap_or('\u{4e00}'));
    for &b in bytes {
        acc = (acc << 8) | u32::from(b);
        bits += 8;
        if bits >= DENSE_BITS {
            bits -= DENSE_BITS;
            emit((acc >> bits) & ((1 << DENSE_BITS) - 1));
            acc &= (1 << bits) - 1;
        }
    }
    if bits > 0 {
        emit((acc << (DENSE_BITS - bits)) & ((1 << DENSE_BITS) - 1));
    }
    out
}

/// `<length>:<characters>` back to the bytes: refused, saying where, when the length
/// is over the cap or does not match, or a character is not one of the 16,384.
fn dense_decode(text: &str) -> Result<Vec<u8>, CodecError> {
    let (len, chars) =
        text.split_once(':').ok_or_else(|| CodecError::Dense("its length is missing".into()))?;
    let len: usize = len.parse().map_err(|_| {
        CodecError::Dense(format!("its length \u{201c}{}\u{201d} is not a number", excerpt(len)))
    })?;
    if len > MAX_BYTES + MAX_BYTES / 64 {
        return Err(CodecError::TooLarge);
    }
    let units = (len * 8).div_ceil(DENSE_BITS as usize);
    let mut out = Vec::with_capacity(len);
    let mut acc: u32 = 0;
    let mut bits: u32 = 0;
    let mut count = 0usize;
    for (i, c) in chars.chars().enumerate() {
        let v = (c as u32).wrapping_sub(DENSE_FIRST);
        if v >= 1 << DENSE_BITS {
            return Err(CodecError::Dense(format!(
                "character {} (\u{201c}{}\u{201d}) cannot appear in it",
                super::limits::thousands(i + 1),
                c.escape_debug()
            )));
        }
        count += 1;
        if count > units {
            continue;
        }
        acc = (acc << DENSE_BITS) | v;
        bits += DENSE_BITS;
        while bits >= 8 && out.len() < len {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    if count != units {
        return Err(CodecError::Dense(format!(
            "it holds {} characters where {} were written; it is cut short or has extra characters",
            super::limits::thousands(count),
            super::limits::thousands(units)
        )));
    }
    Ok(out)
}

fn excerpt(s: &str) -> String {
    s.chars().take(20).collect()
}

/// A file's JSON as a URL-fragment-safe string. Made once per click, so it uses the
/// strongest compression.
pub fn to_link_payload(json: &str) -> String {
    URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9))
}

/// The JSON inside a share link's payload. A payload that a mail client
/// percent-encoded (`%2D` for `-`) is decoded first.
pub fn from_link_payload(payload: &str) -> Result<String, CodecError> {
    let payload = percent_decode(payload.trim());
    let payload = payload.trim().trim_end_matches('=');
    base64_fits(payload)?;
    let bytes = URL_SAFE_NO_PAD.decode(payload).map_err(|e| base64_error(e, payload, "link", 0))?;
    inflate(&bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_text_is_stored_as_is_and_large_text_packed() {
        let small = r#"{"a":1}"#;
        assert_eq!(pack(small), small);
        let large = format!("[{}]", vec!["1.25"; 100_000].join(","));
        let packed = pack(&large);
        assert!(packed.starts_with(DENSE_PREFIX));
        let units = packed.encode_utf16().count();
        assert!(units < large.len() / 20, "{units} UTF-16 units for {} bytes", large.len());
        assert_eq!(unpack(&packed).unwrap(), large);
        assert_eq!(unpack(small).unwrap(), small);
        // Copies stored before the dense form still read.
        let old = format!("{PACKED_PREFIX}{}", STANDARD.encode(deflate(&large)));
        assert_eq!(unpack(&old).unwrap(), large);
    }

    #[test]
    fn the_dense_form_holds_any_bytes_in_fewer_units_than_base64() {
        for len in [0usize, 1, 2, 6, 7, 13, 14, 15, 1000, 4099] {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 7919 % 251) as u8 ^ 0xA5).collect();
            let text = dense_encode(&bytes);
            assert_eq!(text.chars().count(), (len * 8).div_ceil(14), "{len} bytes");
            assert!(text.chars().all(|c| ('\u{4e00}'..='\u{8dff}').contains(&c)));
            assert_eq!(dense_decode(&format!("{len}:{text}")).unwrap(), bytes, "{len} bytes");
            // Base64 would take 4 characters for every 3 bytes: more than twice as many.
            assert!(text.encode_utf16().count() * 2 <= len.div_ceil(3) * 4 + 2, "{len} bytes");
        }
    }

    #[test]
    fn a_damaged_dense_copy_says_what_is_wrong() {
        let text = dense_encode(b"hello, world");
        let cases: [(String, &str); 5] = [
            (text.clone(), "no length"),
            (format!("x1:{text}"), "its length \u{201c}x1\u{201d} is not a number"),
            (format!("12:{}A", &text), "character 8 (\u{201c}A\u{201d}) cannot appear in it"),
            (
                format!("12:{}", text.chars().take(3).collect::<String>()),
                "it holds 3 characters where 7 were written; it is cut short or has extra characters",
            ),
            (format!("99999999999:{text}"), "too large"),
        ];
        for (stored, want) in cases {
            let got = unpack(&format!("{DENSE_PREFIX}{stored}")).map_err(|e| e.to_string());
            let want = match want {
                "no length" => "the stored copy is damaged: its length is missing".to_string(),
                "too large" => CodecError::TooLarge.to_string(),
                w => format!("the stored copy is damaged: {w}"),
            };
            assert_eq!(got, Err(want), "{stored}");
        }
    }

    #[test]
    fn damaged_packed_text_is_an_error_not_a_panic() {
        assert_eq!(
            unpack("z1:AA!A").map_err(|e| e.to_string()),
            Err("the stored copy is damaged: character 6 (\u{201c}!\u{201d}) cannot appear in it".into())
        );
        assert_eq!(unpack("z1:AAAA"), Err(CodecError::Inflate));
        let packed = pack(&"x".repeat(PLAIN_LIMIT + 10));
        let cut: String = packed.chars().take(packed.chars().count() / 2).collect();
        assert!(unpack(&cut).is_err());
    }

    #[test]
    fn a_link_payload_round_trips_and_is_url_safe() {
        let json = r#"{"format":"interlock.kpi-model","note":"a/b+c?d=e&f"}"#;
        let p = to_link_payload(json);
        assert!(p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'), "{p}");
        assert_eq!(from_link_payload(&p).unwrap(), json);
        assert!(from_link_payload("%%%").is_err());
    }

    #[test]
    fn a_compression_bomb_is_refused() {
        let bomb = miniz_oxide::deflate::compress_to_vec(&vec![b' '; MAX_BYTES + 1], 10);
        let payload = URL_SAFE_NO_PAD.encode(bomb);
        assert_eq!(from_link_payload(&payload), Err(CodecError::TooLarge));
    }

    #[test]
    fn unpacking_stops_at_the_cap_exactly() {
        let cases: [(usize, usize, Result<usize, CodecError>); 4] = [
            (1000, 1000, Ok(1000)),
            (1001, 1000, Err(CodecError::TooLarge)),
            (200_000, 200_000, Ok(200_000)),
            (200_000, 150_000, Err(CodecError::TooLarge)),
        ];
        for (size, cap, want) in cases {
            let packed = miniz_oxide::deflate::compress_to_vec(&vec![b'a'; size], 6);
            assert_eq!(inflate_capped(&packed, cap).map(|s| s.len()), want, "{size} bytes, cap {cap}");
        }
    }

    #[test]
    fn damaged_links_are_explained_in_plain_words() {
        let good = to_link_payload(r#"{"a":"b"}"#);
        let cases: [(String, Result<&str, &str>); 5] = [
            (good.clone(), Ok(r#"{"a":"b"}"#)),
            // A mail client percent-encoded it: decoded first.
            (good.replace('-', "%2D").replace('_', "%5F"), Ok(r#"{"a":"b"}"#)),
            (
                format!("{}%zz{}", &good[..3], &good[3..]),
                Err("the link is damaged: character 4 (\u{201c}%\u{201d}) cannot appear in it \u{2014} it may have been changed by a mail client or chat app; copy the whole link again"),
            ),
            (
                good[..1].to_string(),
                Err("the link is damaged: it is cut short or has extra characters \u{2014} it may have been changed by a mail client or chat app; copy the whole link again"),
            ),
            (
                URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(&[b'a', 0xff, b'b'], 6)),
                Err("the data is not text (UTF-8): byte 1 is not valid"),
            ),
        ];
        for (link, want) in cases {
            let got = from_link_payload(&link).map_err(|e| e.to_string());
            assert_eq!(got.as_deref().map_err(|e| e.as_str()), want, "{link}");
        }
    }
}
