//! The framing Hocuspocus (the Yjs sync server the team runs, see ARCHITECTURE.md)
//! puts around the y-protocols messages: every frame starts with the document's name
//! (a length-prefixed string), then the message type; the sync and awareness messages
//! inside are the standard ones ([`super::sync`] reads them), and authentication is
//! Hocuspocus's own (a token first, then "authenticated" or "permission denied").
//!
//! Message types (Hocuspocus 4): 0 sync, 1 awareness, 2 auth, 3 query awareness,
//! 4 sync reply, 5 stateless, 7 close, 8 sync status, 9 / 10 ping / pong (one byte,
//! no name). A frame is hostile: names and strings are bounded by the frame, unknown
//! types are ignored, and nothing panics.

use super::sync::{self, Received, SyncError, MAX_FRAME};
use super::write_var;
use crate::crdt::Replica;

const SYNC: u64 = 0;
const AWARENESS: u64 = 1;
const AUTH: u64 = 2;
const QUERY_AWARENESS: u64 = 3;
const SYNC_REPLY: u64 = 4;
const CLOSE: u64 = 7;
const SYNC_STATUS: u64 = 8;
const PING: u8 = 9;
const PONG: u8 = 10;

const AUTH_TOKEN: u64 = 0;
const AUTH_DENIED: u64 = 1;
const AUTH_GRANTED: u64 = 2;

/// The longest document name or string read from a frame.
const MAX_STRING: usize = 64 * 1024;

/// What a frame from the server means for the session.
#[derive(Debug, Default, PartialEq)]
pub struct Incoming {
    /// The sync exchange's result (replies are already framed for this document).
    pub received: Received,
    /// The server let this copy in; `Some(false)` when only to read.
    pub authenticated: Option<bool>,
    /// The server asks for this copy's presence.
    pub presence_asked: bool,
    /// Frames to send back (a pong).
    pub replies: Vec<Vec<u8>>,
}

/// The frame that opens the session: the room's secret (the server's `onAuthenticate`
/// hook compares it), then this copy's step 1.
pub fn open(doc: &str, secret: &str, r: &Replica) -> Vec<Vec<u8>> {
    let mut auth = named(doc);
    write_var(&mut auth, AUTH);
    write_var(&mut auth, AUTH_TOKEN);
    write_string(&mut auth, secret);
    vec![auth, frame(doc, &sync::hello(r))]
}

/// The frame asking the server for everyone's presence in `doc`.
pub fn query_presence(doc: &str) -> Vec<u8> {
    let mut out = named(doc);
    write_var(&mut out, QUERY_AWARENESS);
    out
}

/// A y-protocols message (sync or awareness) framed for `doc`.
pub fn frame(doc: &str, message: &[u8]) -> Vec<u8> {
    let mut out = named(doc);
    out.extend_from_slice(message);
    out
}

fn named(doc: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(doc.len() + 16);
    write_string(&mut out, doc);
    out
}

fn write_string(out: &mut Vec<u8>, s: &str) {
    write_var(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

/// A cursor over a frame that never reads past its end.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn var(&mut self) -> Result<u64, SyncError> {
        let mut n: u64 = 0;
        for shift in (0..64).step_by(7) {
            let b = *self.bytes.get(self.at).ok_or_else(|| garbled("a number runs past the frame's end"))?;
            self.at += 1;
            n |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(n);
            }
        }
        Err(garbled("a number is too long"))
    }

    fn string(&mut self) -> Result<String, SyncError> {
        let len = self.var()?;
        let len = usize::try_from(len)
            .ok()
            .filter(|l| *l <= MAX_STRING)
            .ok_or_else(|| garbled("a string is too long"))?;
        let end = self
            .at
            .checked_add(len)
            .filter(|e| *e <= self.bytes.len())
            .ok_or_else(|| garbled("a string runs past the frame's end"))?;
        let s = String::from_utf8_lossy(&self.bytes[self.at..end]).into_owned();
        self.at = end;
        Ok(s)
    }

    fn rest(&self) -> &'a [u8] {
        &self.bytes[self.at.min(self.bytes.len())..]
    }
}

fn garbled(what: &str) -> SyncError {
    SyncError::Garbled(what.to_string())
}

/// Takes one frame from the server for the document `doc` into `r`. Frames for other
/// documents are ignored; a refusal or a close is an error with the server's words.
pub fn receive(r: &mut Replica, doc: &str, frame: &[u8]) -> Result<Incoming, SyncError> {
    if frame.len() > MAX_FRAME {
        return Err(SyncError::TooLarge { bytes: frame.len() });
    }
    let mut out = Incoming::default();
    if frame == [PING] {
        out.replies.push(vec![PONG]);
        return Ok(out);
    }
    let mut reader = Reader { bytes: frame, at: 0 };
    if reader.string()? != doc {
        return Ok(out);
    }
    let kind_at = reader.at;
    match reader.var()? {
        SYNC | SYNC_REPLY | AWARENESS => {
            // From the type on, the frame is a y-protocols message (a sync reply is a
            // sync message the server expects no step 1 back for).
            let mut message = frame[kind_at..].to_vec();
            if message.first() == Some(&(SYNC_REPLY as u8)) {
                message[0] = SYNC as u8;
            }
            let mut received = sync::receive(r, &message)?;
            received.replies = received.replies.iter().map(|m| self::frame(doc, m)).collect();
            out.received = received;
        }
        AUTH => match reader.var()? {
            AUTH_TOKEN => {}
            AUTH_DENIED => {
                let reason = reader.string().unwrap_or_default();
                let reason = if reason.is_empty() { "permission denied".to_string() } else { reason };
                return Err(SyncError::Denied(crate::model::text::clip(&reason, 200).to_string()));
            }
            AUTH_GRANTED => {
                let scope = reader.string().unwrap_or_default();
                out.authenticated = Some(scope != "readonly");
            }
            _ => {}
        },
        QUERY_AWARENESS => out.presence_asked = true,
        CLOSE => {
            let reason = reader.string().unwrap_or_default();
            return Err(SyncError::Closed(crate::model::text::clip(&reason, 200).to_string()));
        }
        SYNC_STATUS => {
            let _ = reader.rest();
        }
        _ => {}
    }
    Ok(out)
}
