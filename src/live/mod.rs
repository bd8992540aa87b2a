//! Live co-editing: several browsers edit one model through a Yjs sync server the team
//! runs (see ARCHITECTURE.md, "Working live"). The core here is pure like the rest:
//! the room link ([`link`]) and the sync exchange over a [`crate::crdt::Replica`]
//! ([`sync`]), framed as the team's server speaks it ([`hocuspocus`]); the WebSocket
//! lives in the UI.

pub mod hocuspocus;
pub mod link;
pub mod presence;
pub mod sync;

/// Writes `n` as the variable-length unsigned integer every Yjs message uses (7 bits a
/// byte, low bits first).
fn write_var(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8 & 0x7f) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// How long to wait before connecting again after `failures` attempts in a row failed:
/// 1, 2, 4, 8 and 16 seconds, then every 30 seconds, so a server back after a restart
/// is found soon and one that is down is not hammered.
pub fn retry_after_ms(failures: u32) -> u32 {
    1000u32.saturating_mul(1 << failures.min(5)).min(30_000)
}

/// The keepalive: presence is sent this often, so the server (which closes a
/// connection silent for a minute) keeps the room open while nobody edits.
pub const KEEPALIVE_MS: u32 = 30_000;

#[cfg(test)]
mod tests {
    #[test]
    fn reconnecting_backs_off_to_every_thirty_seconds() {
        let waits: Vec<u32> = (0..8).map(super::retry_after_ms).collect();
        assert_eq!(waits, [1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
        assert_eq!(super::retry_after_ms(u32::MAX), 30_000);
    }
}
