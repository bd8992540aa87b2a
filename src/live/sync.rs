//! The sync exchange of a live room, as Yjs sync servers speak it (the y-protocols
//! "sync" and "awareness" messages, encoded by Yrs): on connecting, each side sends what
//! it has seen (step 1) and answers the other's with what it lacks (step 2); after
//! that every local change goes out as an update and every update that comes in is
//! applied. Pure: bytes in, bytes out; the WebSocket is the UI's.
//!
//! A frame from the server is hostile: one over [`MAX_FRAME`] bytes is refused before it
//! is decoded, decoding is bounded by the frame, damage is an error naming what was
//! wrong (the connection is then closed and the local copy stays as it was), and no
//! input panics.

use super::write_var;
use yrs::sync::protocol::MessageReader;
use yrs::sync::{Message, SyncMessage};
use yrs::updates::decoder::DecoderV1;
use yrs::updates::encoder::Encode;
use yrs::StateVector;

use crate::crdt::{CrdtError, Replica};

/// The largest frame taken from a server (a whole 10,000-KPI model's state is about
/// 10 MB).
pub const MAX_FRAME: usize = 32 * 1024 * 1024;
/// At most this many messages are read from one frame.
pub const MAX_MESSAGES: usize = 1024;

/// What a frame from the server did.
#[derive(Debug, Default, PartialEq)]
pub struct Received {
    /// Frames to send back (an answer to the server's step 1).
    pub replies: Vec<Vec<u8>>,
    /// Whether the document moved on, so the model must be read again.
    pub changed: bool,
    /// Presence updates (y-protocols awareness), for the presence list to apply.
    pub presence: Vec<Vec<u8>>,
    /// Whether the server has answered step 1: the room's state is here.
    pub synced: bool,
}

/// Why a frame was refused.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum SyncError {
    #[error("the server sent {bytes} bytes at once; at most {MAX_FRAME} are taken")]
    TooLarge { bytes: usize },
    #[error("the server sent something that is not a Yjs message ({0})")]
    Garbled(String),
    #[error("the server refused to let this copy in: {0}")]
    Denied(String),
    #[error("the server closed the room: {0}")]
    Closed(String),
    #[error("the room's model could not be taken in: {0}")]
    Damaged(#[from] CrdtError),
}

/// The first frame on connecting: what this copy has seen.
pub fn hello(r: &Replica) -> Vec<u8> {
    Message::Sync(SyncMessage::SyncStep1(r.state_vector())).encode_v1()
}

/// The frame carrying this copy's changes beyond `seen` (what was sent last), or `None`
/// when there are none.
pub fn changes(r: &Replica, seen: &StateVector) -> Option<Vec<u8>> {
    (r.state_vector() != *seen).then(|| Message::Sync(SyncMessage::Update(r.changes_since(seen))).encode_v1())
}

/// A presence update, ready to send.
pub fn presence(update: Vec<u8>) -> Vec<u8> {
    let mut out = Vec::with_capacity(update.len() + 4);
    out.push(1); // y-protocols' awareness message
    write_var(&mut out, update.len() as u64);
    out.extend_from_slice(&update);
    out
}

/// Takes one frame from the server into `r`.
pub fn receive(r: &mut Replica, frame: &[u8]) -> Result<Received, SyncError> {
    if frame.len() > MAX_FRAME {
        return Err(SyncError::TooLarge { bytes: frame.len() });
    }
    let mut out = Received::default();
    let mut decoder = DecoderV1::from(frame);
    // A message cut short at the end of a frame reads as the frame's end (WebSocket
    // frames arrive whole, so only a hostile server sends one, and it changes nothing).
    for (read, message) in MessageReader::new(&mut decoder).enumerate() {
        if read == MAX_MESSAGES {
            return Err(SyncError::Garbled(format!("more than {MAX_MESSAGES} messages in one frame")));
        }
        match message.map_err(|e| SyncError::Garbled(e.to_string()))? {
            Message::Sync(SyncMessage::SyncStep1(sv)) => {
                out.replies.push(Message::Sync(SyncMessage::SyncStep2(r.changes_since(&sv))).encode_v1());
            }
            Message::Sync(SyncMessage::SyncStep2(update)) => {
                out.changed |= r.receive(&update)?;
                out.synced = true;
            }
            Message::Sync(SyncMessage::Update(update)) => {
                out.changed |= r.receive(&update)?;
            }
            Message::Awareness(update) => out.presence.push(update.encode_v1()),
            Message::Auth(Some(reason)) => {
                return Err(SyncError::Denied(crate::model::text::clip(&reason, 200).to_string()))
            }
            Message::Auth(None) | Message::AwarenessQuery | Message::Custom(..) => {}
        }
    }
    Ok(out)
}
