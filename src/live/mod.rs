//! Live co-editing: several browsers edit one model through a Yjs sync server the team
//! runs (see ARCHITECTURE.md, "Working live"). The core here is pure like the rest:
//! the room link ([`link`]) and the sync exchange over a [`crate::crdt::Replica`]
//! ([`sync`]), framed as the team's server speaks it ([`hocuspocus`]); the WebSocket
//! lives in the UI.

pub mod hocuspocus;
pub mod link;
pub mod sync;
