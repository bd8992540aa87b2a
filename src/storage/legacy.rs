//! What versions before IndexedDB kept in `localStorage`: two slots (`slot.a`,
//! `slot.b`) holding packed copies of the file and a `head` naming the current one.
//! Read once, to move it into [`super::Store`], then removed.

use serde::Deserialize;

use super::Kv;
use crate::format::codec;
use crate::model::Timestamp;

pub const HEAD_KEY: &str = "interlock.v1.head";
pub const SLOT_A_KEY: &str = "interlock.v1.slot.a";
pub const SLOT_B_KEY: &str = "interlock.v1.slot.b";

#[derive(Deserialize)]
struct OldHead {
    slot: String,
    saved_at: Timestamp,
}

/// A copy found in the old layout.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OldCopy {
    /// The file's text (unpacked when it unpacks; as stored when it does not, so a
    /// damaged copy moves over as it is and recovery can offer it for download).
    pub text: String,
    pub saved_ms: u64,
}

/// The old layout's copies, oldest first (the current one last when the head says
/// which it is), and whether the head said so.
#[derive(Debug, Default)]
pub struct Old {
    pub copies: Vec<OldCopy>,
    pub head_trusted: bool,
}

/// Whether `kv` holds anything of the old layout (cheap: no copy is read).
pub fn present<K: Kv>(kv: &K) -> bool {
    [HEAD_KEY, SLOT_A_KEY, SLOT_B_KEY].iter().any(|k| kv.get(k).ok().flatten().is_some())
}

/// Reads the old layout from `kv` (nothing found: no copies).
pub fn read<K: Kv>(kv: &K) -> Old {
    let head: Option<OldHead> = kv.get(HEAD_KEY).ok().flatten().and_then(|t| serde_json::from_str(&t).ok());
    let slot = |key: &str| -> Option<OldCopy> {
        let raw = kv.get(key).ok().flatten()?;
        let text = codec::unpack(&raw).unwrap_or(raw);
        // The time inside the file; the old head's when it names this slot.
        let saved_ms = crate::format::load(&text)
            .ok()
            .and_then(|l| l.saved_at)
            .map_or(0, |t| (t.0.max(0) as u64) * 1000);
        Some(OldCopy { text, saved_ms })
    };
    let a = slot(SLOT_A_KEY);
    let b = slot(SLOT_B_KEY);
    match head {
        Some(h) if h.slot == "a" || h.slot == "b" => {
            let (mut current, other) = if h.slot == "a" { (a, b) } else { (b, a) };
            if let Some(c) = current.as_mut() {
                c.saved_ms = (h.saved_at.0.max(0) as u64) * 1000;
            }
            let head_trusted = current.is_some();
            Old { copies: other.into_iter().chain(current).collect(), head_trusted }
        }
        _ => {
            // No trustworthy head: oldest first by the time inside each file.
            let mut copies: Vec<OldCopy> = a.into_iter().chain(b).collect();
            copies.sort_by_key(|c| c.saved_ms);
            Old { copies, head_trusted: false }
        }
    }
}

/// Removes the old layout (after it moved).
pub fn remove<K: Kv>(kv: &K) {
    for key in [HEAD_KEY, SLOT_A_KEY, SLOT_B_KEY] {
        kv.remove(key);
    }
}
