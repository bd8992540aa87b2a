//! Who is in a live room and what each has in hand, as y-protocols "awareness" carries
//! it: every copy sends its own state (a small JSON object) with a clock that only grows,
//! and the server passes it on, and sends `null` for a copy whose connection closed.
//!
//! An update from the server is hostile: it is read in one pass bounded by its length,
//! at most [`MAX_PEERS`] others are kept, a state over [`MAX_STATE`] bytes or not of our
//! shape is passed over, names are cut to [`MAX_NAME`] characters, and nothing panics.

use super::write_var;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::KpiId;

/// The most other people kept (a room with more still works; the list says how many).
pub const MAX_PEERS: usize = 100;
/// The longest state read.
pub const MAX_STATE: usize = 4096;
/// The longest name kept.
pub const MAX_NAME: usize = 60;

/// What one person shows the others.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Presence {
    /// The name they use for the change log.
    pub name: String,
    /// The KPI they have open in the form, or are dragging on the board.
    pub kpi: Option<u32>,
    /// Whether they are dragging it (rather than editing it).
    pub dragging: bool,
}

/// Someone else in the room.
#[derive(Clone, Debug, PartialEq)]
pub struct Peer {
    pub client: u64,
    pub presence: Presence,
}

impl Peer {
    /// The name shown (someone who has not given one is "Someone").
    pub fn name(&self) -> &str {
        if self.presence.name.is_empty() {
            "Someone"
        } else {
            &self.presence.name
        }
    }

    pub fn kpi(&self) -> Option<KpiId> {
        self.presence.kpi.map(KpiId)
    }
}

/// The others in the room, as the latest updates say.
#[derive(Debug, Default)]
pub struct Peers {
    me: u64,
    known: BTreeMap<u64, (u64, Presence)>,
    /// Others beyond [`MAX_PEERS`], not kept.
    pub overflow: bool,
}

impl Peers {
    /// The others as seen by the copy numbered `me` (its own state is not listed).
    pub fn new(me: u64) -> Peers {
        Peers { me, known: BTreeMap::new(), overflow: false }
    }

    /// This copy's client number.
    pub fn me(&self) -> u64 {
        self.me
    }

    /// Takes an awareness update in. Returns whether anyone came, went or changed.
    /// O(length of the update); a damaged update changes nothing after the damage.
    pub fn apply(&mut self, update: &[u8]) -> bool {
        let mut r = Reader { bytes: update, at: 0 };
        let Some(count) = r.var() else { return false };
        let mut changed = false;
        for _ in 0..count.min(update.len() as u64) {
            let (Some(client), Some(clock), Some(state)) = (r.var(), r.var(), r.string()) else { break };
            if client == self.me {
                continue;
            }
            let current = self.known.get(&client).map(|(c, _)| *c);
            if state == b"null" {
                // Gone: the same clock removes (the server's removal repeats it).
                if current.is_some_and(|c| c <= clock) {
                    self.known.remove(&client);
                    changed = true;
                }
                continue;
            }
            if current.is_some_and(|c| c >= clock) || state.len() > MAX_STATE {
                continue;
            }
            // From text, as every other JSON the app reads (one copy of the parser's code).
            let Ok(text) = std::str::from_utf8(state) else { continue };
            let Ok(mut presence) = serde_json::from_str::<Presence>(text) else { continue };
            presence.name = crate::model::text::clip(presence.name.trim(), MAX_NAME).to_string();
            if current.is_none() && self.known.len() >= MAX_PEERS {
                self.overflow = true;
                continue;
            }
            if self.known.get(&client).map(|(_, p)| p) != Some(&presence) {
                changed = true;
            }
            self.known.insert(client, (clock, presence));
        }
        changed
    }

    /// Everyone else, by name.
    pub fn list(&self) -> Vec<Peer> {
        let mut all: Vec<Peer> =
            self.known.iter().map(|(c, (_, p))| Peer { client: *c, presence: p.clone() }).collect();
        all.sort_by(|a, b| a.name().cmp(b.name()).then(a.client.cmp(&b.client)));
        all
    }

    /// Forgets everyone (the connection dropped: the room says again who is there).
    pub fn clear(&mut self) {
        self.known.clear();
        self.overflow = false;
    }
}

/// This copy's state as an awareness update, `clock` being one more than the last sent;
/// `None` says it left.
pub fn update(client: u64, clock: u64, presence: Option<&Presence>) -> Vec<u8> {
    let state = match presence {
        Some(p) => serde_json::to_string(p).unwrap_or_else(|_| "{}".into()),
        None => "null".into(),
    };
    let mut out = Vec::with_capacity(state.len() + 24);
    write_var(&mut out, 1);
    write_var(&mut out, client);
    write_var(&mut out, clock);
    write_var(&mut out, state.len() as u64);
    out.extend_from_slice(state.as_bytes());
    out
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn var(&mut self) -> Option<u64> {
        let mut n: u64 = 0;
        for shift in (0..64).step_by(7) {
            let b = *self.bytes.get(self.at)?;
            self.at += 1;
            n |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Some(n);
            }
        }
        None
    }

    fn string(&mut self) -> Option<&'a [u8]> {
        let len = usize::try_from(self.var()?).ok()?;
        let end = self.at.checked_add(len).filter(|&e| e <= self.bytes.len())?;
        let s = &self.bytes[self.at..end];
        self.at = end;
        Some(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ada(kpi: Option<u32>) -> Presence {
        Presence { name: "Ada".into(), kpi, dragging: false }
    }

    #[test]
    fn people_come_change_and_go_and_my_own_state_is_not_listed() {
        let mut peers = Peers::new(7);
        assert!(peers.apply(&update(3, 1, Some(&ada(None)))));
        assert!(!peers.apply(&update(7, 1, Some(&ada(None)))), "my own state");
        assert!(peers.apply(&update(3, 2, Some(&ada(Some(12))))));
        assert_eq!(peers.list()[0].kpi(), Some(KpiId(12)));
        assert!(!peers.apply(&update(3, 1, Some(&ada(None)))), "an older state is stale");
        assert!(peers.apply(&update(3, 2, None)), "the server says the connection closed");
        assert!(peers.list().is_empty());
    }

    #[test]
    fn hostile_updates_are_bounded_and_never_panic() {
        let mut peers = Peers::new(0);
        // A count of a billion with nothing after it, a string longer than the update.
        assert!(!peers.apply(&[0xff, 0xff, 0xff, 0xff, 0x0f]));
        assert!(!peers.apply(&[1, 5, 1, 0xff, 0xff, 0x03, b'{']));
        // Not our shape, too large, a name too long.
        assert!(!peers.apply(&update(1, 1, None)));
        let mut odd = update(2, 1, None);
        odd.truncate(odd.len() - 4);
        odd.extend_from_slice(b"[1,2");
        assert!(!peers.apply(&odd));
        let long = Presence { name: "x".repeat(10_000), kpi: None, dragging: false };
        assert!(!peers.apply(&update(3, 1, Some(&long))), "over the size limit");
        let name = Presence { name: "y".repeat(500), kpi: None, dragging: false };
        assert!(peers.apply(&update(4, 1, Some(&name))));
        assert_eq!(peers.list()[0].name().chars().count(), MAX_NAME);
        // More people than are kept.
        for c in 10..(10 + MAX_PEERS as u64 + 5) {
            peers.apply(&update(c, 1, Some(&ada(None))));
        }
        assert_eq!(peers.list().len(), MAX_PEERS);
        assert!(peers.overflow);
        // Pseudo-random bytes.
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..2_000 {
            let bytes: Vec<u8> = (0..(seed % 64))
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    seed as u8
                })
                .collect();
            peers.apply(&bytes);
        }
    }
}
