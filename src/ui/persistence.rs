//! `use_persistence`: keeps the model saved in the browser.
//!
//! One Effect watches the edit counter and saves shortly after the last edit
//! (debounced); `pagehide` and the page becoming hidden flush at once. Saves go through
//! [`crate::storage::Store`], which never overwrites the last good copy before the new
//! one reads back intact. The `storage` event brings in what another tab saved: applied
//! at once (as an undoable step) when this tab has nothing unsaved, otherwise offered in
//! a banner, so neither tab overwrites the other's newer work silently.

use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::format::{self, Loaded};
use crate::model::{Edit, EditMeta, Model, Timestamp};
use crate::storage::local::LocalBackend;
use crate::storage::{Opened, Prefs, SaveError, Store, HEAD_KEY};
use crate::ui::browser;
use crate::ui::deferred;
use crate::ui::state::AppState;

/// How long after the last edit the autosave runs.
pub const AUTOSAVE_DELAY: Duration = Duration::from_millis(400);

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
    /// The damaged text, for download.
    pub raw: String,
    /// The last good copy, if it still loads.
    pub backup: Option<(Model, Timestamp)>,
}

/// The persistence handle, provided as context. Copy: signal handles only.
#[derive(Clone, Copy)]
pub struct Persistence {
    store: StoredValue<Store<LocalBackend>, LocalStorage>,
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
}

impl Persistence {
    /// Opens storage and reads what is there.
    pub fn open() -> (Persistence, Startup) {
        let store = Store::new(LocalBackend, browser::tab_id());
        let available = LocalBackend::available();
        let prefs = store.prefs();
        // A model read from storage is saved: the header says since when.
        let mut stored_at = None;
        let startup = if !available {
            Startup::Empty
        } else {
            match store.open() {
                Opened::Empty => Startup::Empty,
                Opened::Loaded { loaded, head } => {
                    stored_at = Some(head.saved_at);
                    Startup::Loaded(loaded)
                }
                Opened::Corrupt { problem, raw, backup } => Startup::Corrupt(Box::new(Recovery {
                    problem,
                    raw,
                    backup: backup.map(|(l, head)| (l.model, head.saved_at)),
                })),
            }
        };
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
        };
        (p, startup)
    }

    pub fn expect() -> Persistence {
        expect_context::<Persistence>()
    }

    pub fn prefs(&self) -> Prefs {
        self.store.with_value(|s| s.prefs())
    }

    pub fn set_prefs(&self, prefs: &Prefs) {
        self.store.with_value(|s| {
            let _ = s.set_prefs(prefs);
        });
    }

    /// Saves now if there is something to save. `force` overwrites another tab's newer copy.
    pub fn save_now(&self, state: AppState, force: bool) {
        if self.suspended.get_untracked() || self.status.get_untracked() == SaveStatus::Unavailable {
            return;
        }
        if !force && !self.dirty.get_untracked() {
            return;
        }
        let now = browser::now();
        browser::mark("interlock-save-start");
        let history = state.history_to_save();
        let result = state
            .doc
            .with_untracked(|d| self.store.with_value(|s| s.save(&d.model, history.as_deref(), now, force)));
        browser::measure("interlock-save", "interlock-save-start");
        match result {
            Ok(_) => {
                self.dirty.set(false);
                self.conflict.set(false);
                self.status.set(SaveStatus::Saved(now));
            }
            Err(SaveError::Conflict { .. }) => {
                self.conflict.set(true);
                self.status.set(SaveStatus::Failed(SaveError::Conflict { theirs: 0 }));
            }
            Err(e) => self.status.set(SaveStatus::Failed(e)),
        }
    }

    /// Replaces this tab's model with the copy another tab saved, as one undoable step.
    pub fn load_theirs(&self, state: AppState) {
        match self.store.with_value(|s| s.read_current()) {
            Ok((loaded, head)) => {
                state.adopt_history(loaded.history.clone());
                let meta = EditMeta { at: browser::now(), by: String::new(), why: String::new() };
                state.doc.update(|d| {
                    let _ = d.apply(Edit::Replace(Box::new(loaded.model)), &meta);
                });
                self.dirty.set(false);
                self.conflict.set(false);
                self.status.set(SaveStatus::Saved(head.saved_at));
                state.announce("Updated with the changes saved in another tab");
            }
            Err(problem) => state.error(format!("Could not read the other tab's copy: {problem}")),
        }
    }

    /// Writes the recovery screen's chosen model as the current copy.
    pub fn resume_with(&self, state: AppState, model: Model) {
        let now = browser::now();
        state.adopt_history(None);
        state.doc.set(crate::model::Document::new(model));
        let history = state.history_to_save();
        let result = state
            .doc
            .with_untracked(|d| self.store.with_value(|s| s.restore_copy(&d.model, history.as_deref(), now)));
        self.suspended.set(false);
        match result {
            Ok(_) => {
                self.dirty.set(false);
                self.status.set(SaveStatus::Saved(now));
            }
            Err(e) => self.status.set(SaveStatus::Failed(e)),
        }
    }

    /// Starts over with an empty model; the damaged copy stays until the first save.
    pub fn resume_empty(&self, state: AppState) {
        state.adopt_history(None);
        state.doc.set(crate::model::Document::new(Model::default()));
        self.suspended.set(false);
    }

    /// Downloads the model as a dated JSON file, with its history (fetching the
    /// history's code first if needed), and remembers when. If that code cannot be
    /// fetched, the model is exported without its history, and the user is told.
    pub fn export(self, state: AppState) {
        leptos::task::spawn_local(async move {
            let history = deferred::history_bytes(state).await.ok();
            self.download(state, history.as_deref());
        });
    }

    fn download(&self, state: AppState, history: Option<&[u8]>) {
        let now = browser::now();
        let (text, name) = state.doc.with_untracked(|d| {
            let text = match history {
                Some(h) => format::save_with_history(&d.model, now, h),
                None => format::save(&d.model, now),
            };
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
        let on_storage = window_event_listener_untyped("storage", move |ev| {
            let Some(ev) = ev.dyn_ref::<web_sys::StorageEvent>() else { return };
            if ev.key().as_deref() != Some(HEAD_KEY) || self.suspended.get_untracked() {
                return;
            }
            let theirs = self.store.with_value(|s| s.head().map(|h| h.revision));
            let known = self.store.with_value(|s| s.known_revision());
            if theirs.is_none_or(|r| r == known) {
                return;
            }
            if self.dirty.get_untracked() {
                self.conflict.set(true);
            } else {
                self.load_theirs(state);
            }
        });
        on_cleanup(move || {
            on_hide.remove();
            on_visibility.remove();
            on_storage.remove();
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
