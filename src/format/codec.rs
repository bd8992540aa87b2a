//! Compact text encodings of a file: for browser storage and for the share link.
//!
//! Storage keeps small models as plain JSON (readable in the browser's dev tools) and
//! compresses large ones (`z1:` + base64 of raw DEFLATE), so that two copies of a
//! 1,000-KPI model with two years of weekly actuals fit the usual 5 MiB quota. The share
//! link uses DEFLATE with URL-safe base64 and no padding. Decompression is capped at
//! [`super::MAX_BYTES`], so a crafted input cannot exhaust memory.

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;

use super::MAX_BYTES;

/// Models smaller than this are stored as plain JSON.
pub const PLAIN_LIMIT: usize = 256 * 1024;
const PACKED_PREFIX: &str = "z1:";

/// Why encoded text could not be decoded.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CodecError {
    #[error("the data is not valid base64 ({0})")]
    Base64(String),
    #[error("the compressed data is damaged or incomplete")]
    Inflate,
    #[error("the data unpacks to more than 20 MB")]
    TooLarge,
    #[error("the data is not text (UTF-8)")]
    NotText,
}

/// DEFLATE level 3: measured on the 1,000-KPI model (2.7 MB of JSON), level 6 packs it
/// 12% smaller but takes about three times as long, which an autosave on the main
/// thread cannot afford; level 1 is faster again but leaves too little quota headroom.
fn deflate(text: &str) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec(text.as_bytes(), 3)
}

fn inflate(bytes: &[u8]) -> Result<String, CodecError> {
    let out = miniz_oxide::inflate::decompress_to_vec_with_limit(bytes, MAX_BYTES).map_err(|e| {
        if matches!(e.status, miniz_oxide::inflate::TINFLStatus::HasMoreOutput) {
            CodecError::TooLarge
        } else {
            CodecError::Inflate
        }
    })?;
    String::from_utf8(out).map_err(|_| CodecError::NotText)
}

/// The text to store for a file's JSON.
pub fn pack(json: &str) -> String {
    if json.len() < PLAIN_LIMIT {
        json.to_string()
    } else {
        format!("{PACKED_PREFIX}{}", STANDARD.encode(deflate(json)))
    }
}

/// The JSON of stored text, whether it was stored plain or packed.
pub fn unpack(stored: &str) -> Result<String, CodecError> {
    match stored.strip_prefix(PACKED_PREFIX) {
        None => Ok(stored.to_string()),
        Some(b64) => {
            let bytes = STANDARD.decode(b64.trim()).map_err(|e| CodecError::Base64(e.to_string()))?;
            inflate(&bytes)
        }
    }
}

/// A file's JSON as a URL-fragment-safe string. Made once per click, so it uses the
/// strongest compression.
pub fn to_link_payload(json: &str) -> String {
    URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9))
}

/// The JSON inside a share link's payload.
pub fn from_link_payload(payload: &str) -> Result<String, CodecError> {
    let bytes = URL_SAFE_NO_PAD
        .decode(payload.trim().trim_end_matches('='))
        .map_err(|e| CodecError::Base64(e.to_string()))?;
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
        assert!(packed.starts_with(PACKED_PREFIX));
        assert!(packed.len() < large.len() / 10, "{} vs {}", packed.len(), large.len());
        assert_eq!(unpack(&packed).unwrap(), large);
        assert_eq!(unpack(small).unwrap(), small);
    }

    #[test]
    fn damaged_packed_text_is_an_error_not_a_panic() {
        assert!(matches!(unpack("z1:!!!"), Err(CodecError::Base64(_))));
        assert_eq!(unpack("z1:AAAA"), Err(CodecError::Inflate));
        let packed = pack(&"x".repeat(PLAIN_LIMIT + 10));
        let cut = &packed[..packed.len() / 2];
        assert!(unpack(cut).is_err());
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
}
