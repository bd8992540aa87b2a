//! Working live: this browser's model in a room on the team's sync server (see
//! ARCHITECTURE.md, "Working live"), edited by several people at once.
//!
//! - *Work live…* starts a room for the model open here (a 128-bit token from the
//!   browser's cryptographic random numbers) and gives its link; opening a link asks
//!   first, saying whose room it is and that the model open here is kept as a separate
//!   copy in this browser (reopened from the same dialog).
//! - Everything the room's server sends is read by the pure core ([`crate::live`]),
//!   whose code, with the edit history's, is fetched when a room is first opened. What
//!   arrives is taken into the model before the next edit here, and at most every
//!   [`READ_EVERY_MS`] otherwise; the views and checks follow the model as always.
//! - Every edit here goes out at once, as this browser's own: undo and redo then take
//!   back and put back only those (field by field, see [`crate::crdt::OwnEdits`]).
//! - A dropped connection leaves the app as usable as before: edits wait in the history
//!   and go out on reconnecting (after 1, 2, 4… up to 30 seconds); the banner says where
//!   things stand. The browser's saved copy is kept up to date throughout.

use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{BinaryType, CloseEvent, MessageEvent, WebSocket};

use crate::crdt::{OwnEdits, Replica};
use crate::live::hocuspocus;
use crate::live::link::{self, RoomLink};
use crate::live::presence::{self, Peer, Peers, Presence};
use crate::live::sync::{self, MAX_FRAME};
use crate::model::{KpiId, Model};
use crate::ui::browser;
use crate::ui::deferred::{fetched, run_now, Unfetched};
use crate::ui::dialog::Dialog;
use crate::ui::persistence::Persistence;
use crate::ui::state::{AppState, KpiEditing, LiveEvent};

/// What arrives from the room is taken into the model at most this often (and always
/// before an edit here).
pub const READ_EVERY_MS: u64 = 50;
/// The database that keeps the model that was open here when a room was joined.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
const KEPT_DB: &str = "interlock-kept";

/// Where the connection stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Status {
    /// Not in a room.
    Off,
    /// Connecting for the first time.
    Connecting,
    Live,
    /// The connection dropped at `since` (ms); the next try is at `next` (ms).
    Reconnecting {
        since: f64,
        next: f64,
        why: Option<String>,
    },
    /// The server refused this browser; no more tries.
    Refused(String),
}

/// A room this browser is in.
#[derive(Clone, Debug, PartialEq)]
pub struct Room {
    pub link: RoomLink,
    pub secret: String,
    /// Joined from a link (the room's model replaces the one open here once it arrives),
    /// rather than started here.
    pub joined: bool,
}

/// The live room's state, provided by [`provide`].
#[derive(Clone, Copy)]
pub struct Live {
    pub status: RwSignal<Status>,
    pub room: RwSignal<Option<Room>>,
    /// Everyone else in the room, by name.
    pub peers: RwSignal<Vec<Peer>>,
    /// A room link opened in this tab, waiting for the answer (or why it cannot be used).
    pub asking: RwSignal<Option<Result<RoomLink, String>>>,
    /// The *Work live* dialog is open.
    pub dialog: RwSignal<bool>,
    conn: StoredValue<Option<Conn>, LocalStorage>,
    who: StoredValue<Peers, LocalStorage>,
    /// This browser's presence clock (each state sent is one more).
    clock: StoredValue<u64>,
    failures: StoredValue<u32>,
    /// Something arrived that the model does not show yet.
    unread: StoredValue<bool>,
    /// Bumped by each connection, so a late event of an old one is ignored.
    generation: StoredValue<u64>,
    /// Joining: the room's model has not replaced the one open here yet.
    waiting: StoredValue<bool>,
    /// The edit count when the model open here was kept aside.
    kept_at: StoredValue<u64>,
}

/// The socket's handlers, kept as long as the socket.
type Handlers = (Closure<dyn FnMut()>, Closure<dyn FnMut(MessageEvent)>, Closure<dyn FnMut(CloseEvent)>);

struct Conn {
    ws: WebSocket,
    _handlers: Handlers,
}

impl Live {
    pub fn expect() -> Live {
        expect_context::<Live>()
    }

    pub fn in_room(&self) -> bool {
        self.room.with(Option::is_some)
    }

    /// The names of those who have `kpi` open or in hand.
    pub fn holding(&self, kpi: KpiId) -> Vec<(String, bool)> {
        self.peers.with(|p| {
            p.iter()
                .filter(|x| x.kpi() == Some(kpi))
                .map(|x| (x.name().to_string(), x.presence.dragging))
                .collect()
        })
    }
}

/// Provides the live room's state and opens a room link the page was opened with (or
/// that is pasted into the address bar later).
pub fn provide(state: AppState) -> Live {
    let live = Live {
        status: RwSignal::new(Status::Off),
        room: RwSignal::new(None),
        peers: RwSignal::new(Vec::new()),
        asking: RwSignal::new(None),
        dialog: RwSignal::new(false),
        conn: StoredValue::new_local(None),
        who: StoredValue::new_local(Peers::new(0)),
        clock: StoredValue::new(0),
        failures: StoredValue::new(0),
        unread: StoredValue::new(false),
        generation: StoredValue::new(0),
        waiting: StoredValue::new(false),
        kept_at: StoredValue::new(0),
    };
    provide_context(live);
    let from_location = move || {
        let Ok(hash) = window().location().hash() else { return };
        if !hash.starts_with(link::PREFIX) || live.in_room() {
            return;
        }
        live.asking.set(Some(link::parse(&hash).map_err(|e| e.to_string())));
    };
    from_location();
    let handle = window_event_listener_untyped("hashchange", move |_| from_location());
    on_cleanup(move || handle.remove());
    // Presence: the KPI open in the form or in hand on the board, and the name.
    Effect::new(move |_| {
        let _ = state.kpi_editor.get();
        let _ = state.dragging.get();
        let _ = state.editor_name.get();
        if live.status.get_untracked() == Status::Live {
            live.send_presence(state);
        }
    });
    // The keepalive.
    let tick = set_interval_with_handle(
        move || {
            if live.status.get_untracked() == Status::Live {
                live.send_presence(state);
            }
        },
        Duration::from_millis(u64::from(crate::live::KEEPALIVE_MS)),
    )
    .ok();
    on_cleanup(move || {
        if let Some(t) = tick {
            t.clear();
        }
    });
    live
}

/// What the fetched part does for the connection.
pub enum Step {
    /// A room begins: started here (the history starts keeping this browser's own
    /// edits apart), or joined (a blank copy takes the room's document in).
    Begin { room: String, join: bool, client: u64 },
    /// The connection is open: the frames that open the session.
    Open { secret: String },
    /// A frame from the server.
    Frame(Vec<u8>),
    /// Send what changed here since the last frame sent.
    Push,
    /// An edit here, to record as this browser's own.
    Record(String),
    /// Undo (`true`) or redo this browser's own last edit.
    Undo(bool),
    /// Read the model the room's document holds now.
    Read,
    /// What undo and redo would take back and put back.
    Labels,
    /// The room is left.
    End,
}

/// What the fetched part answers.
pub enum Stepped {
    Nothing,
    Frames(Vec<Vec<u8>>),
    Took {
        replies: Vec<Vec<u8>>,
        changed: bool,
        presence: Vec<Vec<u8>>,
        synced: bool,
        asked: bool,
    },
    /// The server refused (`denied`) or sent what cannot be read.
    Failed {
        message: String,
        denied: bool,
    },
    /// The room's model, and whether it replaces the one open here (the room was just
    /// joined).
    Model {
        model: Box<Model>,
        joined: bool,
    },
    /// An undo or redo of this browser's own edit: its label and the model after it.
    Undone {
        label: String,
        model: Box<Model>,
    },
    Labels(Option<String>, Option<String>),
}

struct Session {
    room: String,
    /// Joining: the copy that takes the room's document in, adopted as the history once
    /// the room's state is here.
    joining: Option<Replica>,
    /// What the server has been sent (or told it has) so far; `None` until the
    /// handshake is done.
    sent: Option<yrs::StateVector>,
    synced: bool,
    /// This browser's own edits, to undo (once the room's model is the one shown).
    own: Option<OwnEdits>,
}

thread_local! {
    static SESSION: std::cell::RefCell<Option<Session>> = const { std::cell::RefCell::new(None) };
}

fetched! {
    /// The live room's work on the edit history, fetched with the room's first use.
    fn live_step [preload_live] (state: AppState, step: Step) -> Stepped {
        SESSION.with_borrow_mut(|s| step_now(state, s, step))
    }
}

fn labels(own: Option<&OwnEdits>) -> Stepped {
    let (u, r) = own.map_or((None, None), OwnEdits::labels);
    Stepped::Labels(u.map(str::to_string), r.map(str::to_string))
}

fn step_now(state: AppState, session: &mut Option<Session>, step: Step) -> Stepped {
    if let Step::Begin { room, join, client } = step {
        let joining = join.then(|| Replica::blank(client));
        let own = (!join).then(|| state.with_history(OwnEdits::track));
        let s = session.insert(Session { room, joining, sent: None, synced: false, own });
        return labels(s.own.as_ref());
    }
    let Some(s) = session else { return Stepped::Nothing };
    // The copy the exchange works on: the joining one until the room's state is here.
    fn on<T>(state: AppState, s: &mut Session, f: impl FnOnce(&mut Replica) -> T) -> T {
        match &mut s.joining {
            Some(r) => f(r),
            None => state.with_history(f),
        }
    }
    match step {
        Step::Begin { .. } => Stepped::Nothing,
        Step::Open { secret } => {
            s.sent = None;
            let room = s.room.clone();
            Stepped::Frames(on(state, s, |r| hocuspocus::open(&room, &secret, r)))
        }
        Step::Frame(bytes) => {
            let room = s.room.clone();
            let result = on(state, s, |r| {
                hocuspocus::receive(r, &room, &bytes).map(|incoming| {
                    // Answering the server's step 1 sends it everything it lacks.
                    let answered = !incoming.received.replies.is_empty();
                    (incoming, answered.then(|| r.state_vector()))
                })
            });
            match result {
                Err(e) => Stepped::Failed {
                    denied: matches!(e, sync::SyncError::Denied(_)),
                    message: e.to_string(),
                },
                Ok((incoming, answered)) => {
                    if answered.is_some() {
                        s.sent = answered;
                    }
                    s.synced |= incoming.received.synced;
                    let mut replies = incoming.replies;
                    replies.extend(incoming.received.replies);
                    Stepped::Took {
                        replies,
                        changed: incoming.received.changed,
                        presence: incoming.received.presence,
                        synced: incoming.received.synced,
                        asked: incoming.presence_asked,
                    }
                }
            }
        }
        Step::Push => {
            if s.joining.is_some() {
                return Stepped::Nothing;
            }
            let Some(sent) = s.sent.clone() else { return Stepped::Nothing };
            let room = s.room.clone();
            let out = state.with_history(|r| sync::changes(r, &sent).map(|m| (m, r.state_vector())));
            match out {
                Some((message, now)) => {
                    s.sent = Some(now);
                    Stepped::Frames(vec![hocuspocus::frame(&room, &message)])
                }
                None => Stepped::Nothing,
            }
        }
        Step::Record(label) => {
            let Some(own) = s.own.as_mut() else { return Stepped::Nothing };
            state.with_history_as(true, |_| own.note(&label));
            labels(Some(own))
        }
        Step::Undo(undo) => {
            let Some(own) = s.own.as_mut() else { return Stepped::Nothing };
            state
                .with_history(|r| if undo { own.undo(r) } else { own.redo(r) })
                .map_or(Stepped::Nothing, |(label, model)| Stepped::Undone { label, model: Box::new(model) })
        }
        Step::Read => match s.joining.take() {
            Some(mut r) if s.synced => {
                if r.lineage().is_none() {
                    s.joining = Some(r);
                    return Stepped::Failed {
                        message: "the room is empty on the server: whoever started it should open it again"
                            .into(),
                        denied: true,
                    };
                }
                let (model, _) = r.read();
                s.own = Some(OwnEdits::track(&mut r));
                state.adopt_replica(r);
                Stepped::Model { model: Box::new(model), joined: true }
            }
            Some(r) => {
                s.joining = Some(r);
                Stepped::Nothing
            }
            None => Stepped::Model { model: Box::new(state.with_history(|r| r.read().0)), joined: false },
        },
        Step::Labels => labels(s.own.as_ref()),
        Step::End => {
            *session = None;
            Stepped::Nothing
        }
    }
}

/// Runs a step now (the room's code is here before a room begins).
fn step(state: AppState, s: Step) -> Stepped {
    run_now(live_step(state, s)).and_then(Result::ok).unwrap_or(Stepped::Nothing)
}

impl Live {
    /// Starts a room for the model open here, or joins `room` (the model open here is
    /// first kept aside). Fetches the room's code first.
    pub fn begin(self, state: AppState, room: Room) {
        leptos::task::spawn_local(async move {
            if let Err(Unfetched) = self.load(state).await {
                state.error("Working live is not available yet: part of the app could not be fetched (the connection may be down). Try again in a moment.");
                return;
            }
            if room.joined {
                self.kept_at.set_value(state.edits.get_untracked());
                if let Err(e) = keep_aside(kept_text(state)).await {
                    state.error(format!(
                        "The model open here could not be kept aside, so the room was not joined: {e}"
                    ));
                    return;
                }
            }
            if let Some(p) = use_context::<Persistence>() {
                let mut prefs = p.prefs();
                if prefs.live_server != room.link.server {
                    prefs.live_server = room.link.server.clone();
                    p.set_prefs(&prefs);
                }
            }
            let client = browser::client_id();
            self.who.set_value(Peers::new(client));
            let joined = room.joined;
            self.room.set(Some(room.clone()));
            self.failures.set_value(0);
            if let Stepped::Labels(u, r) =
                step(state, Step::Begin { room: room.link.room.clone(), join: joined, client })
            {
                state.own_undo.set(Some((u, r)));
            }
            self.waiting.set_value(joined);
            self.status.set(Status::Connecting);
            if !joined {
                self.hook(state);
                state.forget_undo();
            }
            self.connect(state);
        });
    }

    async fn load(self, state: AppState) -> Result<(), Unfetched> {
        crate::ui::deferred::history_loaded(state).await?;
        #[cfg(feature = "split")]
        preload_live().await?;
        Ok(())
    }

    /// Edits here go to the room; undo and redo take back this browser's own.
    fn hook(self, state: AppState) {
        state.set_live(Some(Rc::new(move |event: LiveEvent| match event {
            LiveEvent::Before => self.read_now(state),
            LiveEvent::Edited(label) => {
                if let Stepped::Labels(u, r) = step(state, Step::Record(label.to_string())) {
                    state.own_undo.set(Some((u, r)));
                }
                self.push(state);
            }
            LiveEvent::Undo(undo) => {
                self.read_now(state);
                match step(state, Step::Undo(undo)) {
                    Stepped::Undone { label, model } => {
                        state.take_remote(*model);
                        state.announce(format!("{}: {label}", if undo { "Undone" } else { "Redone" }));
                        self.refresh_labels(state);
                        self.push(state);
                    }
                    _ => state.info(if undo {
                        "Nothing of yours to undo: undo takes back only your own edits in a live room"
                    } else {
                        "Nothing to redo"
                    }),
                }
            }
        })));
    }

    fn refresh_labels(self, state: AppState) {
        if let Stepped::Labels(u, r) = step(state, Step::Labels) {
            state.own_undo.set(Some((u, r)));
        }
    }

    fn connect(self, state: AppState) {
        let Some(room) = self.room.get_untracked() else { return };
        self.close_socket();
        let generation = self.generation.get_value();
        let current = move || self.generation.try_get_value() == Some(generation);
        let ws = match WebSocket::new(&room.link.server) {
            Ok(ws) => ws,
            Err(e) => {
                self.refused(state, format!("the server address cannot be used ({})", browser::js_error(e)));
                return;
            }
        };
        ws.set_binary_type(BinaryType::Arraybuffer);
        let secret = room.secret.clone();
        let on_open = Closure::<dyn FnMut()>::new(move || {
            if !current() {
                return;
            }
            if let Stepped::Frames(frames) = step(state, Step::Open { secret: secret.clone() }) {
                for f in frames {
                    self.send(&f);
                }
            }
            // Who is here already: the server answers with everyone's presence.
            self.send_presence(state);
            if let Some(room) = self.room.get_untracked() {
                self.send(&hocuspocus::query_presence(&room.link.room));
            }
        });
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
            if !current() {
                return;
            }
            let Ok(buffer) = ev.data().dyn_into::<js_sys::ArrayBuffer>() else { return };
            if buffer.byte_length() as usize > MAX_FRAME {
                self.failed(
                    state,
                    sync::SyncError::TooLarge { bytes: buffer.byte_length() as usize }.to_string(),
                );
                return;
            }
            let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
            self.take(state, step(state, Step::Frame(bytes)));
        });
        let on_close = Closure::<dyn FnMut(CloseEvent)>::new(move |ev: CloseEvent| {
            if current() {
                let reason = ev.reason();
                self.dropped(
                    state,
                    (!reason.is_empty()).then(|| crate::model::text::clip(&reason, 200).to_string()),
                );
            }
        });
        ws.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        ws.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        ws.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        self.conn.set_value(Some(Conn { ws, _handlers: (on_open, on_message, on_close) }));
    }

    fn send(self, frame: &[u8]) {
        self.conn.with_value(|c| {
            if let Some(c) = c {
                if c.ws.ready_state() == WebSocket::OPEN {
                    let _ = c.ws.send_with_u8_array(frame);
                }
            }
        });
    }

    fn presence(self, state: AppState) -> Presence {
        let (kpi, dragging) = match (state.dragging.get_untracked(), state.kpi_editor.get_untracked()) {
            (Some(k), _) => (Some(k.0), true),
            (None, Some(KpiEditing::Existing(k))) => (Some(k.0), false),
            _ => (None, false),
        };
        Presence { name: state.editor_name.get_untracked(), kpi, dragging }
    }

    fn send_presence(self, state: AppState) {
        let Some(room) = self.room.get_untracked() else { return };
        self.clock.update_value(|c| *c += 1);
        let me = self.who.with_value(|w| w.me());
        let update = presence::update(me, self.clock.get_value(), Some(&self.presence(state)));
        self.send(&hocuspocus::frame(&room.link.room, &sync::presence(update)));
    }

    fn take(self, state: AppState, stepped: Stepped) {
        match stepped {
            Stepped::Took { replies, changed, presence, synced, asked } => {
                for r in &replies {
                    self.send(r);
                }
                if asked {
                    self.send_presence(state);
                }
                if !presence.is_empty() {
                    let moved =
                        self.who.try_update_value(|w| presence.iter().fold(false, |m, p| w.apply(p) | m));
                    if moved == Some(true) {
                        self.peers.set(self.who.with_value(Peers::list));
                    }
                }
                if synced {
                    self.failures.set_value(0);
                    if self.waiting.get_value() {
                        self.read_now(state);
                    } else {
                        self.status.set(Status::Live);
                        self.push(state);
                    }
                }
                if changed && !self.unread.get_value() {
                    self.unread.set_value(true);
                    set_timeout(move || self.read_now(state), Duration::from_millis(READ_EVERY_MS));
                }
            }
            Stepped::Failed { message, denied } => {
                if denied {
                    self.refused(state, message);
                } else {
                    self.failed(state, message);
                }
            }
            _ => {}
        }
    }

    /// Takes what arrived into the model now.
    fn read_now(self, state: AppState) {
        if self.unread.try_get_value() != Some(true) && self.waiting.try_get_value() != Some(true) {
            return;
        }
        self.unread.set_value(false);
        // Edited while the room was on its way: kept aside again, as it is now (read
        // before the room's copy becomes the history).
        let edited = (self.waiting.get_value() && state.edits.get_untracked() != self.kept_at.get_value())
            .then(|| kept_text(state));
        match step(state, Step::Read) {
            Stepped::Model { model, joined: true } => {
                self.waiting.set_value(false);
                if let Some(text) = edited {
                    leptos::task::spawn_local(async move {
                        if let Err(e) = keep_aside(text).await {
                            state.error(format!(
                                "Your latest edits from before joining could not be kept aside: {e}"
                            ));
                        }
                    });
                }
                state.take_room(*model);
                self.hook(state);
                self.refresh_labels(state);
                self.status.set(Status::Live);
                self.push(state);
                state.announce("Joined the room: you see its model now");
            }
            Stepped::Model { model, joined: false } => state.take_remote(*model),
            Stepped::Failed { message, .. } => self.refused(state, message),
            _ => {}
        }
    }

    fn push(self, state: AppState) {
        if let Stepped::Frames(frames) = step(state, Step::Push) {
            for f in frames {
                self.send(&f);
            }
        }
    }

    /// What the server sent cannot be read: the connection is closed and tried again.
    fn failed(self, state: AppState, why: String) {
        self.close_socket();
        self.dropped(state, Some(why));
    }

    fn dropped(self, state: AppState, why: Option<String>) {
        if self.room.try_get_untracked().flatten().is_none() {
            return;
        }
        if matches!(self.status.get_untracked(), Status::Refused(_)) {
            return;
        }
        self.who.update_value(Peers::clear);
        self.peers.set(Vec::new());
        let failures = self.failures.get_value();
        self.failures.set_value(failures.saturating_add(1));
        let wait = crate::live::retry_after_ms(failures);
        let now = browser::now_millis();
        let since = match self.status.get_untracked() {
            Status::Reconnecting { since, .. } => since,
            _ => now,
        };
        self.status.set(Status::Reconnecting { since, next: now + f64::from(wait), why });
        let generation = self.generation.get_value();
        set_timeout(
            move || {
                if self.generation.try_get_value() == Some(generation) && self.room.get_untracked().is_some()
                {
                    self.connect(state);
                }
            },
            Duration::from_millis(u64::from(wait)),
        );
    }

    fn refused(self, state: AppState, why: String) {
        self.status.set(Status::Refused(why));
        self.close_socket();
        self.peers.set(Vec::new());
        if self.waiting.get_value() {
            // Never joined: nothing of the room is here; this browser's model is as it was.
            step(state, Step::End);
        }
    }

    fn close_socket(self) {
        self.generation.update_value(|g| *g += 1);
        if let Some(Some(c)) = self.conn.try_update_value(Option::take) {
            c.ws.set_onopen(None);
            c.ws.set_onmessage(None);
            c.ws.set_onclose(None);
            let _ = c.ws.close();
            // This may run inside one of the socket's handlers: they are let go of after
            // it returns.
            set_timeout(move || drop(c), Duration::ZERO);
        }
    }

    /// Leaves the room: the others are told, and the model stays here as it is.
    pub fn leave(self, state: AppState) {
        if let Some(room) = self.room.get_untracked() {
            let me = self.who.with_value(|w| w.me());
            self.clock.update_value(|c| *c += 1);
            self.send(&hocuspocus::frame(
                &room.link.room,
                &sync::presence(presence::update(me, self.clock.get_value(), None)),
            ));
        }
        self.close_socket();
        step(state, Step::End);
        state.set_live(None);
        state.own_undo.set(None);
        state.forget_undo();
        self.room.set(None);
        self.waiting.set_value(false);
        self.status.set(Status::Off);
        self.peers.set(Vec::new());
        clear_fragment();
    }
}

/// Removes the room link from the address bar.
fn clear_fragment() {
    let loc = window().location();
    if loc.hash().is_ok_and(|h| h.starts_with(link::PREFIX)) {
        let clean = format!("{}{}", loc.pathname().unwrap_or_default(), loc.search().unwrap_or_default());
        if let Ok(history) = window().history() {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&clean));
        }
    }
}

/// The model open here with its history, as a file holds it.
fn kept_text(state: AppState) -> String {
    let history = crate::ui::deferred::history_now(state);
    state.doc.with_untracked(|d| {
        crate::format::save_maybe_with_history(&d.model, browser::now(), history.as_deref())
    })
}

/// Saves a model's text in a store of its own, beside the browser's working copy.
async fn keep_aside(text: String) -> Result<(), String> {
    #[cfg(target_arch = "wasm32")]
    {
        let copies = crate::storage::idb::IdbCopies::open_named(KEPT_DB).await.map_err(|e| e.to_string())?;
        crate::storage::Store::new(copies, browser::tab_id())
            .save_text(&text, browser::now_millis(), true)
            .await
            .map_err(|e| e.to_string())?;
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = text;
    Ok(())
}

/// The model kept aside when a room was last joined, offered for import.
async fn reopen_kept(state: AppState) {
    #[cfg(target_arch = "wasm32")]
    {
        let got = match crate::storage::idb::IdbCopies::open_named(KEPT_DB).await {
            Ok(copies) => crate::storage::Store::new(copies, browser::tab_id()).latest().await,
            Err(e) => Err(e.to_string()),
        };
        match got {
            Ok((loaded, _)) => state.pending_import.set(Some(crate::ui::import_dialog::PendingImport {
                source: "your model from before you joined a room".into(),
                outcome: crate::ui::import_dialog::ImportOutcome::Ready(Box::new(loaded)),
                origin: crate::ui::import_dialog::Origin::File,
            })),
            Err(e) => state.error(format!("No model was kept aside in this browser ({e}).")),
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = state;
}

fn random_token() -> Option<String> {
    let mut bytes = [0u8; link::TOKEN_BYTES];
    let crypto = window().crypto().ok()?;
    crypto.get_random_values_with_u8_array(&mut bytes).ok()?;
    (bytes != [0u8; link::TOKEN_BYTES]).then(|| link::token(&bytes))
}

fn base_url() -> String {
    let loc = window().location();
    format!(
        "{}{}{}",
        loc.origin().unwrap_or_default(),
        loc.pathname().unwrap_or_default(),
        loc.search().unwrap_or_default()
    )
}

/// The status banner while in a room, and the presence list.
#[component]
pub fn LiveBanner() -> impl IntoView {
    let live = Live::expect();
    let state = AppState::expect();
    let now = RwSignal::new(browser::now_millis());
    let tick = set_interval_with_handle(move || now.set(browser::now_millis()), Duration::from_secs(1)).ok();
    on_cleanup(move || {
        if let Some(t) = tick {
            t.clear();
        }
    });
    let text = move || {
        let room = live.room.get()?;
        let server = room.link.server;
        Some(match live.status.get() {
            Status::Off => return None,
            Status::Connecting => (format!("Connecting to the room on {server}\u{2026}"), "pending"),
            Status::Live => {
                let n = live.peers.with(Vec::len);
                let others = match n {
                    0 => "nobody else yet".to_string(),
                    1 => "1 other person".to_string(),
                    n => format!("{n} other people"),
                };
                (format!("Live: connected to {server}, with {others}."), "ok")
            }
            Status::Reconnecting { since, next, why } => {
                let t = now.get();
                let wait = ((next - t) / 1000.0).ceil().max(0.0);
                let because = why.map(|w| format!(" ({w})")).unwrap_or_default();
                let when = if t - since < 1500.0 {
                    "Connecting".to_string()
                } else {
                    format!("Offline since {}", browser::clock_time(since))
                };
                (
                    format!("{when}{because}. Your edits are kept here and go to the room when the connection is back; next try in {wait} s."),
                    "pending",
                )
            }
            Status::Refused(why) => (
                format!("Not in the room: {why}. Your model here is as it was; check the room link and its secret with whoever shared it."),
                "bad",
            ),
        })
    };
    view! {
        {move || text().map(|(t, class)| view! {
            <div class=format!("banner live-banner {class}") role="status" data-testid="live-banner">
                <span data-testid="live-status">{t}</span>
                <ul class="presence-list" aria-label="In the room" data-testid="presence-list">
                    {move || {
                        let me = state.editor_name.get();
                        let me = if me.is_empty() { "You".to_string() } else { format!("{me} (you)") };
                        std::iter::once(me)
                            .chain(live.peers.get().iter().map(|p| p.name().to_string()))
                            .map(|n| view! { <li data-testid="presence-name">{n}</li> })
                            .collect_view()
                    }}
                </ul>
                <button type="button" class="link" data-testid="live-leave" on:click=move |_| live.leave(state)>"Leave the room"</button>
            </div>
        })}
    }
}

/// Who else has this KPI open or in hand, on a card or a KPI row.
#[component]
pub fn Holding(kpi: KpiId) -> impl IntoView {
    let live = use_context::<Live>();
    move || {
        let live = live?;
        let holding = live.holding(kpi);
        (!holding.is_empty()).then(|| {
            let text = holding
                .iter()
                .map(
                    |(n, dragging)| {
                        if *dragging {
                            format!("{n} is moving it")
                        } else {
                            format!("{n} is editing")
                        }
                    },
                )
                .collect::<Vec<_>>()
                .join(", ");
            view! { <span class="presence-tag" data-testid="presence-kpi">{text}</span> }
        })
    }
}

fetched! {
    /// The *Work live* dialog, with the code that starts a room.
    fn live_dialog_view [preload_live_dialog] () -> AnyView {
        view! { <LiveDialog /> }.into_any()
    }
}

fetched! {
    /// The question a room link asks, with the code that joins a room.
    fn join_dialog_view [preload_join_dialog] () -> AnyView {
        view! { <JoinDialog /> }.into_any()
    }
}

/// The *Work live* dialog, once its code is here (fetched on first use, like the other
/// dialogs: the first load does not carry it).
pub fn live_dialog() -> AnyView {
    let live = Live::expect();
    crate::ui::deferred::fetched_view(
        "Working live",
        || ().into_any(),
        Some(Callback::new(move |_| live.dialog.set(false))),
        live_dialog_view,
    )
}

/// The question a room link asks, once its code is here.
pub fn join_dialog() -> AnyView {
    let live = Live::expect();
    crate::ui::deferred::fetched_view(
        "Joining a live room",
        || ().into_any(),
        Some(Callback::new(move |_| live.asking.set(None))),
        join_dialog_view,
    )
}

/// *Work live…*: start a room for the model open here, or see the room's link and leave.
#[component]
fn LiveDialog() -> impl IntoView {
    let live = Live::expect();
    let state = AppState::expect();
    let close = Callback::new(move |_| live.dialog.set(false));
    let remembered = use_context::<Persistence>().map(|p| p.prefs().live_server).unwrap_or_default();
    let server = RwSignal::new(remembered);
    let secret = RwSignal::new(String::new());
    let name = RwSignal::new(state.editor_name.get_untracked());
    let problem = RwSignal::new(None::<String>);
    let start = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        let address = server.get_untracked().trim().to_string();
        if let Err(e) = link::check_server(&address) {
            problem.set(Some(match e {
                link::LinkError::Server { server, problem } => {
                    format!("The sync server \u{201c}{server}\u{201d} {problem}.")
                }
                e => e.to_string(),
            }));
            browser::focus_selector("#live-server");
            return;
        }
        let Some(room) = random_token() else {
            problem.set(Some("This browser gave no random numbers for the room's token.".into()));
            return;
        };
        problem.set(None);
        set_name(state, name.get_untracked());
        let link = RoomLink { server: address, room, owner: state.editor_name.get_untracked() };
        live.begin(state, Room { link, secret: secret.get_untracked(), joined: false });
    };
    let room_link = move || live.room.get().map(|r| link::link(&base_url(), &r.link));
    // Once the room is started, the next thing to do is to send its link.
    Effect::new(move |was: Option<bool>| {
        let inside = live.in_room();
        if inside && was == Some(false) {
            request_animation_frame(|| {
                browser::focus_selector("[data-testid=live-copy]");
            });
        }
        inside
    });
    let copy = move |_| {
        if let Some(text) = room_link() {
            leptos::task::spawn_local(async move {
                match browser::copy_text(&text).await {
                    Ok(()) => state.info("Room link copied"),
                    Err(e) => state
                        .error(format!("The link could not be copied: {e}. Select it and copy it by hand.")),
                }
            });
        }
    };
    view! {
        <Dialog title="Work live" on_close=close testid="live-dialog">
            <Show
                when=move || live.in_room()
                fallback=move || view! {
                    <p>"Start a room on your team\u{2019}s sync server for the model open here, then send its link to colleagues: everyone\u{2019}s edits appear in everyone\u{2019}s browser. Whoever runs the server can read the model."</p>
                    <form class="live-form" novalidate on:submit=start>
                        <label for="live-server">"Sync server"</label>
                        <input id="live-server" data-testid="live-server" type="url" placeholder="wss://sync.example.com" autocomplete="url"
                            aria-invalid=move || problem.with(Option::is_some).then_some("true")
                            aria-describedby="live-problem"
                            prop:value=move || server.get() on:input=move |ev| server.set(event_target_value(&ev)) />
                        <label for="live-name">"Your name (the others see it)"</label>
                        <input id="live-name" data-testid="live-name" autocomplete="name" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
                        <label for="live-secret">"Room secret (if the server asks for one)"</label>
                        <input id="live-secret" data-testid="live-secret" type="password" autocomplete="off" prop:value=move || secret.get() on:input=move |ev| secret.set(event_target_value(&ev)) />
                        <p id="live-problem" class="field-error" role="alert" data-testid="live-problem">{move || problem.get()}</p>
                        <button type="submit" class="primary" data-testid="live-start">"Start a room"</button>
                    </form>
                    <p class="hint">
                        "Joined a room before? The model that was open here then is kept in this browser. "
                        <button type="button" class="link" data-testid="live-reopen-kept" on:click=move |_| {
                            live.dialog.set(false);
                            leptos::task::spawn_local(reopen_kept(state));
                        }>"Reopen it"</button>
                    </p>
                }
            >
                <p>"Send this link to the people who should edit with you (and the room\u{2019}s secret, if it has one, another way):"</p>
                <input class="room-link" readonly data-testid="live-link" aria-label="Room link" prop:value=room_link />
                <div class="dialog-actions">
                    <button type="button" class="primary" data-testid="live-copy" on:click=copy>"Copy the link"</button>
                    <button type="button" data-testid="live-dialog-leave" on:click=move |_| {
                        live.dialog.set(false);
                        live.leave(state);
                    }>"Leave the room"</button>
                </div>
            </Show>
        </Dialog>
    }
}

fn set_name(state: AppState, name: String) {
    let name = name.trim().to_string();
    if name != state.editor_name.get_untracked() {
        state.editor_name.set(name.clone());
        if let Some(p) = use_context::<Persistence>() {
            let mut prefs = p.prefs();
            prefs.editor = name;
            p.set_prefs(&prefs);
        }
    }
}

/// The question a room link asks before joining.
#[component]
fn JoinDialog() -> impl IntoView {
    let live = Live::expect();
    let state = AppState::expect();
    let cancel = Callback::new(move |_| {
        live.asking.set(None);
        clear_fragment();
    });
    let name = RwSignal::new(state.editor_name.get_untracked());
    let secret = RwSignal::new(String::new());
    let here = state.doc.with_untracked(|d| {
        let n = d.model.kpis.len();
        let org = if d.model.organisation.name.is_empty() {
            "Untitled".to_string()
        } else {
            d.model.organisation.name.clone()
        };
        format!("{org}, {n} KPI{}", if n == 1 { "" } else { "s" })
    });
    view! {
        <Dialog title="Join a live room?" on_close=cancel testid="live-join">
            {move || match live.asking.get() {
                None => ().into_any(),
                Some(Err(e)) => view! {
                    <p role="alert" data-testid="live-join-error">{e}</p>
                    <p>"Nothing was changed. Ask for the room link again."</p>
                    <div class="dialog-actions">
                        <button type="button" class="primary" data-testid="live-join-cancel" on:click=move |_| cancel.run(())>"Close"</button>
                    </div>
                }.into_any(),
                Some(Ok(link)) => {
                    let owner = if link.owner.is_empty() { "Someone".to_string() } else { link.owner.clone() };
                    let join = {
                        let link = link.clone();
                        move |ev: web_sys::SubmitEvent| {
                            ev.prevent_default();
                            set_name(state, name.get_untracked());
                            live.asking.set(None);
                            live.begin(state, Room { link: link.clone(), secret: secret.get_untracked(), joined: true });
                        }
                    };
                    view! {
                        <p data-testid="live-join-whose">{format!("{owner}\u{2019}s room on {}.", link.server)}</p>
                        <p data-testid="live-join-what">{format!("While you are in the room you see and edit its model. The model open here ({here}) is kept as a separate copy in this browser: reopen it from Work live\u{2026} whenever you like. Whoever runs the server can read the room\u{2019}s model.")}</p>
                        <form class="live-form" novalidate on:submit=join>
                            <label for="join-name">"Your name (the others see it)"</label>
                            <input id="join-name" data-testid="join-name" autocomplete="name" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
                            <label for="join-secret">"Room secret (if you were given one)"</label>
                            <input id="join-secret" data-testid="join-secret" type="password" autocomplete="off" prop:value=move || secret.get() on:input=move |ev| secret.set(event_target_value(&ev)) />
                            <div class="dialog-actions">
                                <button type="submit" class="primary" data-testid="live-join-confirm">"Join the room"</button>
                                <button type="button" data-testid="live-join-cancel" on:click=move |_| cancel.run(())>"Not now"</button>
                            </div>
                        </form>
                    }.into_any()
                }
            }}
        </Dialog>
    }
}
