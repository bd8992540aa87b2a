//! Keeps the model saved in the browser.
//!
//! One Effect watches the edit counter and saves shortly after the last edit
//! (debounced); `pagehide` and the page becoming hidden flush at once. Saves go through
//! [`crate::storage::Store`] into IndexedDB, each one transaction that stores a new copy
//! and moves the head only if no other tab saved since this tab last read; a tab's saves
//! run one at a time. After a save the tab tells the others (a `BroadcastChannel`), and
//! each takes the new copy in as an undoable step: a tab with nothing unsaved simply
//! adopts it; one with unsaved edits merges its edit history (the CRDT document, see
//! [`crate::crdt`]) with the copy's and saves the result, so tabs are replicas of one
//! document and neither tab's work is lost. A save refused because another tab saved
//! first does the same. Only a copy that cannot be merged (saved without its history)
//! brings up the banner that asks which to keep.

use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::format::{self, Loaded};
use crate::model::{Edit, EditMeta, Model, Timestamp};
use crate::storage::local::LocalBackend;
use crate::storage::{self, Head, Opened, Prefs, SaveError, Store};
use crate::ui::browser;
use crate::ui::deferred::{self, fetched};
use crate::ui::state::AppState;

/// Where the copies are kept: IndexedDB in the browser (in memory for native builds of
/// the UI code, which never run it).
#[cfg(target_arch = "wasm32")]
type Backing = storage::idb::IdbCopies;
#[cfg(not(target_arch = "wasm32"))]
type Backing = storage::MemoryCopies;

/// How long after the last edit the autosave runs.
pub const AUTOSAVE_DELAY: Duration = Duration::from_millis(400);

/// The channel on which tabs say they saved (the message is the new revision).
const CHANNEL: &str = "interlock.saved";

/// Where saving stands.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveStatus {
    /// Nothing saved yet in this session (and nothing to save).
    Idle,
    /// Edits are waiting for the autosave.
    Pending,
    Saved(Timestamp),
    Failed(SaveError),
    /// The browser gives this page no storage.
    Unavailable,
}

/// What start-up found in storage.
pub enum Startup {
    Empty,
    Loaded(Box<Loaded>),
    /// The current copy is damaged: the recovery screen takes over.
    Corrupt(Box<Recovery>),
}

/// What the recovery screen works with.
#[derive(Clone)]
pub struct Recovery {
    pub problem: String,
    /// Every stored copy that still reads, newest first, with its revision and time.
    pub good: Vec<(Model, Head)>,
    /// How many stored copies do not read.
    pub damaged: usize,
}

/// The persistence handle, provided as context. Copy: signal handles only.
#[derive(Clone, Copy)]
pub struct Persistence {
    /// `None` when the browser gives no storage.
    store: StoredValue<Option<Rc<Store<Backing>>>, LocalStorage>,
    pub status: RwSignal<SaveStatus>,
    /// Edits not yet saved.
    pub dirty: RwSignal<bool>,
    /// Another tab saved newer work while this tab had unsaved edits (or refused a save).
    pub conflict: RwSignal<bool>,
    pub last_exported: RwSignal<Option<Timestamp>>,
    /// Whether the browser granted persistent storage (`None` until it answers).
    pub persisted: RwSignal<Option<bool>>,
    /// While true (recovery screen), nothing is written.
    pub suspended: RwSignal<bool>,
    timer: StoredValue<Option<TimeoutHandle>, LocalStorage>,
    /// A save is running; another asked for meanwhile runs after it.
    saving: StoredValue<(bool, bool)>,
    /// Another tab saved a copy this tab has not taken in yet.
    behind: StoredValue<bool>,
    channel: StoredValue<Option<web_sys::BroadcastChannel>, LocalStorage>,
}

fetched! {
    /// What an older version kept in `localStorage` (its reader unpacks, so it is fetched
    /// only when there is something to move over).
    fn read_legacy [preload_legacy] () -> storage::legacy::Old {
        storage::legacy::read(&LocalBackend)
    }
}

async fn open_store() -> Result<Store<Backing>, String> {
    #[cfg(target_arch = "wasm32")]
    let copies = storage::idb::IdbCopies::open().await.map_err(|e| e.to_string())?;
    #[cfg(not(target_arch = "wasm32"))]
    let copies = storage::MemoryCopies::default();
    Ok(Store::new(copies, browser::tab_id()))
}

impl Persistence {
    /// Opens storage (moving what older versions kept in `localStorage` into it) and
    /// reads what is there.
    pub async fn open() -> (Persistence, Startup) {
        let prefs = if LocalBackend::available() { storage::prefs(&LocalBackend) } else { Prefs::default() };
        // A model read from storage is saved: the header says since when.
        let mut stored_at = None;
        let (store, startup) = match open_store().await {
            Err(_) => (None, Startup::Empty),
            Ok(store) => {
                // What an older version kept in localStorage moves over first (its
                // reader, which unpacks, is fetched only when there is something to move).
                let unmoved = LocalBackend::available() && storage::legacy::present(&LocalBackend);
                let moved = match unmoved {
                    false => Ok(()),
                    true => match read_legacy().await {
                        Ok(old) => {
                            store.migrate(old, &LocalBackend).await.map(|_| ()).map_err(|e| e.to_string())
                        }
                        Err(_) => {
                            Err("part of the app could not be fetched; reload when the connection is back"
                                .into())
                        }
                    },
                };
                let startup = match moved {
                    Err(why) => Startup::Corrupt(Box::new(Recovery {
                        problem: format!(
                            "the data an earlier version of the app saved could not be moved over ({why})"
                        ),
                        good: Vec::new(),
                        damaged: 0,
                    })),
                    Ok(()) => match store.open().await {
                        Opened::Empty => Startup::Empty,
                        Opened::Unavailable(_) => Startup::Empty,
                        Opened::Loaded { loaded, head } => {
                            stored_at = Some(head.saved_at());
                            Startup::Loaded(loaded)
                        }
                        Opened::Corrupt { problem, good, damaged } => Startup::Corrupt(Box::new(Recovery {
                            problem,
                            good: good.into_iter().map(|g| (g.loaded.model, g.head)).collect(),
                            damaged: damaged.len(),
                        })),
                    },
                };
                (Some(Rc::new(store)), startup)
            }
        };
        let available = store.is_some();
        let p = Persistence {
            store: StoredValue::new_local(store),
            status: RwSignal::new(match (available, stored_at) {
                (false, _) => SaveStatus::Unavailable,
                (true, Some(at)) => SaveStatus::Saved(at),
                (true, None) => SaveStatus::Idle,
            }),
            dirty: RwSignal::new(false),
            conflict: RwSignal::new(false),
            last_exported: RwSignal::new(prefs.last_exported),
            persisted: RwSignal::new(None),
            suspended: RwSignal::new(matches!(startup, Startup::Corrupt(_))),
            timer: StoredValue::new_local(None),
            saving: StoredValue::new((false, false)),
            behind: StoredValue::new(false),
            channel: StoredValue::new_local(web_sys::BroadcastChannel::new(CHANNEL).ok()),
        };
        (p, startup)
    }

    pub fn expect() -> Persistence {
        expect_context::<Persistence>()
    }

    fn store(&self) -> Option<Rc<Store<Backing>>> {
        self.store.get_value()
    }

    pub fn prefs(&self) -> Prefs {
        storage::prefs(&LocalBackend)
    }

    pub fn set_prefs(&self, prefs: &Prefs) {
        let _ = storage::set_prefs(&LocalBackend, prefs);
    }

    /// Saves soon if there is something to save. `force` overwrites another tab's newer
    /// copy.
    pub fn save_now(self, state: AppState, force: bool) {
        leptos::task::spawn_local(self.save(state, force));
    }

    /// Saves if there is something to save, and takes in what other tabs saved, one
    /// step at a time: a save asked for while one runs follows it.
    ///
    /// A save is refused when another tab saved since this tab last read; this tab then
    /// takes that copy in (merging its edit history with this tab's unsaved edits, see
    /// [`Persistence::take_in`]) and saves the result, so both tabs' work is kept. Only
    /// when that cannot be done (a copy without history, or this tab's history code not
    /// fetched) does the banner ask which to keep.
    pub async fn save(self, state: AppState, force: bool) {
        if self.suspended.get_untracked() || self.status.get_untracked() == SaveStatus::Unavailable {
            return;
        }
        let Some(store) = self.store() else { return };
        let (busy, _) = self.saving.get_value();
        if busy {
            self.saving.set_value((true, true));
            return;
        }
        let mut force = force;
        // Refusals in a row: each means another tab saved meanwhile; past a few, this
        // tab gives way to the banner rather than race on.
        let mut refused = 0;
        loop {
            self.saving.set_value((true, false));
            if self.behind.get_value() && !force {
                self.behind.set_value(false);
                if let Err(problem) = self.take_in(state, &store).await {
                    if self.dirty.get_untracked() {
                        self.conflict.set(true);
                        self.status.set(SaveStatus::Failed(SaveError::Conflict { theirs: 0 }));
                    } else {
                        state.error(format!("Could not take in the copy another tab saved: {problem}"));
                    }
                    break;
                }
            }
            if force || self.dirty.get_untracked() {
                let edits = state.edits.get_untracked();
                let now = browser::now_millis();
                browser::mark("interlock-save-start");
                let history = state.history_to_save();
                // The model is serialised now; the transaction runs after.
                let text = state.doc.with_untracked(|d| {
                    let at = Timestamp::from_millis(now);
                    format::save_maybe_with_history(&d.model, at, history.as_deref())
                });
                let result = store.save_text(&text, now, force).await;
                browser::measure("interlock-save", "interlock-save-start");
                match result {
                    Ok(saved) => {
                        // Edits made while the transaction ran are saved next.
                        self.dirty.set(state.edits.get_untracked() != edits);
                        self.conflict.set(false);
                        self.status.set(SaveStatus::Saved(saved.head.saved_at()));
                        self.tell_others(saved.head.revision);
                        refused = 0;
                    }
                    Err(SaveError::Conflict { .. }) if refused < 5 => {
                        refused += 1;
                        self.behind.set_value(true);
                        continue;
                    }
                    Err(SaveError::Conflict { .. }) => {
                        self.conflict.set(true);
                        self.status.set(SaveStatus::Failed(SaveError::Conflict { theirs: 0 }));
                        break;
                    }
                    Err(e) => {
                        self.status.set(SaveStatus::Failed(e));
                        break;
                    }
                }
                force = false;
            }
            let (_, again) = self.saving.get_value();
            if !again && !self.behind.get_value() && !self.dirty.get_untracked() {
                break;
            }
        }
        self.saving.set_value((false, false));
    }

    fn tell_others(&self, revision: u64) {
        self.channel.with_value(|c| {
            if let Some(c) = c {
                let _ = c.post_message(&wasm_bindgen::JsValue::from_f64(revision as f64));
            }
        });
    }

    /// Takes in the copy another tab saved. With nothing unsaved here it simply
    /// becomes this tab's model; with unsaved edits, its edit history is merged with
    /// this tab's, so the model holds both tabs' work (a field both changed settles the
    /// same way in both tabs). Either way it is one undoable step, and this tab's next
    /// save builds on that copy. Nothing changes here if it cannot be done.
    async fn take_in(self, state: AppState, store: &Store<Backing>) -> Result<(), String> {
        let (loaded, head) = store.latest().await?;
        if head.revision == store.known_revision() {
            return Ok(());
        }
        if !self.dirty.get_untracked() {
            self.adopt(state, store, loaded, head);
            return Ok(());
        }
        let history = loaded.history.ok_or("it was saved without its edit history")?;
        let merged = match deferred::absorb_saved(state, history, loaded.model).await {
            Ok(merged) => merged?,
            Err(_) => return Err("part of the app could not be fetched".into()),
        };
        replace_model(state, merged);
        store.took_in(head.revision);
        state.announce("Merged with the changes saved in another tab");
        Ok(())
    }

    /// Makes another tab's copy this tab's model (with its history), as one undoable
    /// step; this tab's next save builds on it.
    fn adopt(self, state: AppState, store: &Store<Backing>, loaded: Loaded, head: Head) {
        state.adopt_history(loaded.history);
        replace_model(state, loaded.model);
        store.took_in(head.revision);
        self.dirty.set(false);
        self.conflict.set(false);
        self.status.set(SaveStatus::Saved(head.saved_at()));
        state.announce("Updated with the changes saved in another tab");
    }

    /// Replaces this tab's model with the copy another tab saved, as one undoable step,
    /// dropping this tab's unsaved edits (the banner's choice).
    pub fn load_theirs(self, state: AppState) {
        let Some(store) = self.store() else { return };
        leptos::task::spawn_local(async move {
            match store.latest().await {
                Ok((loaded, head)) => self.adopt(state, &store, loaded, head),
                Err(problem) => state.error(format!("Could not read the other tab's copy: {problem}")),
            }
        });
    }

    /// Writes the recovery screen's chosen copy as the current one (a new revision:
    /// every stored copy stays).
    pub fn resume_with(self, state: AppState, model: Model) {
        state.adopt_history(None);
        state.doc.set(crate::model::Document::new(model));
        self.suspended.set(false);
        self.dirty.set(true);
        self.save_now(state, true);
    }

    /// Starts over with an empty model. Nothing is written until the first edit, which
    /// saves a new copy: every stored copy stays.
    pub fn resume_empty(&self, state: AppState) {
        state.adopt_history(None);
        state.doc.set(crate::model::Document::new(Model::default()));
        self.suspended.set(false);
    }

    /// Downloads everything stored (every copy, damaged or not), for the recovery screen.
    pub fn download_everything(self, state: AppState) {
        let Some(store) = self.store() else { return };
        leptos::task::spawn_local(async move {
            let text = store.everything().await;
            let file = format!("interlock-stored-data-{}.json", state.today);
            if let Err(e) = browser::download(&file, &text, "application/json") {
                state.error(format!("The download failed: {e}"));
            }
        });
    }

    /// Downloads the model as a dated JSON file, with its history (fetching the
    /// history's code first if needed), and remembers when. If that code cannot be
    /// fetched, the model is exported without its history, and the user is told.
    pub fn export(self, state: AppState) {
        leptos::task::spawn_local(async move {
            let history = deferred::history_text(state).await.ok();
            self.download(state, history.as_deref());
        });
    }

    fn download(&self, state: AppState, history: Option<&str>) {
        let now = browser::now();
        let (text, name) = state.doc.with_untracked(|d| {
            let text = format::save_maybe_with_history(&d.model, now, history);
            (text, browser::slug(&d.model.organisation.name))
        });
        let file = format!("{name}-kpis-{}.json", state.today);
        match browser::download(&file, &text, "application/json") {
            Ok(()) => {
                let mut prefs = self.prefs();
                prefs.last_exported = Some(now);
                self.set_prefs(&prefs);
                self.last_exported.set(Some(now));
                state.announce(format!("Exported {file}"));
                if history.is_none() {
                    state.info(format!("Exported {file} without its edit history: part of the app could not be fetched (the connection may be down). The file can replace a model, but not be merged into one."));
                }
            }
            Err(e) => state.error(format!("The export failed: {e}")),
        }
    }

    /// Wires autosave, flush-on-hide, cross-tab sync and the persistence request.
    pub fn attach(self, state: AppState) {
        // The one persistence effect: every user edit schedules a save.
        Effect::watch(
            move || state.edits.get(),
            move |_, _, _| {
                if self.suspended.get_untracked() {
                    return;
                }
                self.dirty.set(true);
                if !matches!(self.status.get_untracked(), SaveStatus::Failed(_) | SaveStatus::Unavailable) {
                    self.status.set(SaveStatus::Pending);
                }
                self.timer.update_value(|t| {
                    if let Some(h) = t.take() {
                        h.clear();
                    }
                });
                let handle =
                    set_timeout_with_handle(move || self.save_now(state, false), AUTOSAVE_DELAY).ok();
                self.timer.set_value(handle);
            },
            false,
        );

        let flush = move || self.save_now(state, false);
        let on_hide = window_event_listener_untyped("pagehide", move |_| flush());
        let on_visibility = window_event_listener_untyped("visibilitychange", move |_| {
            if document().visibility_state() == web_sys::VisibilityState::Hidden {
                flush();
            }
        });
        // Another tab saved: take its copy in, or (with unsaved edits here) say so.
        let on_message = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::MessageEvent)>::new(
            move |ev: web_sys::MessageEvent| {
                let Some(theirs) = ev.data().as_f64().map(|r| r as u64) else { return };
                if self.suspended.get_untracked() {
                    return;
                }
                let known = self.store().map_or(0, |s| s.known_revision());
                if theirs == known {
                    return;
                }
                // Taken in between saves (merged with unsaved edits here, if any).
                self.behind.set_value(true);
                self.save_now(state, false);
            },
        );
        self.channel.with_value(|c| {
            if let Some(c) = c {
                c.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            }
        });
        on_message.forget();
        on_cleanup(move || {
            on_hide.remove();
            on_visibility.remove();
        });

        // Ask the browser not to evict this site's data under storage pressure.
        leptos::task::spawn_local(async move {
            self.persisted.set(request_persistence().await);
        });
    }
}

async fn request_persistence() -> Option<bool> {
    let storage = window().navigator().storage();
    let ask = |p: Result<js_sys::Promise, wasm_bindgen::JsValue>| async move {
        let v = wasm_bindgen_futures::JsFuture::from(p.ok()?).await.ok()?;
        v.as_bool()
    };
    if ask(storage.persisted()).await == Some(true) {
        return Some(true);
    }
    ask(storage.persist()).await
}

/// Replaces the model as one undoable step, without counting as this tab's edit (no
/// autosave is scheduled by it).
fn replace_model(state: AppState, model: Model) {
    let meta = EditMeta { at: browser::now(), by: String::new(), why: String::new() };
    state.doc.update(|d| {
        let _ = d.apply(Edit::Replace(Box::new(model)), &meta);
    });
}
