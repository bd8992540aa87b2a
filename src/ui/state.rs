//! The one app-state context: the document (model + history) in a single reactive
//! container, and the UI's own state around it.
//!
//! Components get it with [`AppState::expect`]. They read the model through
//! `state.doc.with(...)` (or memos built on it) and change it only with
//! [`AppState::dispatch`], which applies an edit value as one undoable step and tells
//! the persistence hook that there is something to save.

use leptos::prelude::*;

use crate::crdt::Replica;

use crate::checks::Checked;
use crate::model::{Date, DeptId, Document, Edit, EditError, EditMeta, KpiId, Model, Timestamp};
use crate::ui::browser;
use crate::ui::deferred;
use crate::ui::import_dialog::PendingImport;

/// The main screens.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum View {
    #[default]
    Kpis,
    Board,
    Coverage,
    PersonView,
    Dependencies,
    Executive,
    Reviews,
    Maturity,
    Checks,
    Rules,
    Organisation,
    Glossary,
    Governance,
}

impl View {
    pub const ALL: [View; 13] = [
        View::Executive,
        View::Kpis,
        View::Board,
        View::Reviews,
        View::Coverage,
        View::PersonView,
        View::Dependencies,
        View::Maturity,
        View::Checks,
        View::Rules,
        View::Organisation,
        View::Glossary,
        View::Governance,
    ];

    pub fn label(self) -> &'static str {
        match self {
            View::Kpis => "KPIs",
            View::Board => "Cascade",
            View::Coverage => "Coverage",
            View::PersonView => "By person",
            View::Dependencies => "Dependencies",
            View::Executive => "Executive",
            View::Reviews => "Reviews",
            View::Maturity => "Maturity",
            View::Checks => "Checks",
            View::Rules => "Rules",
            View::Organisation => "People & departments",
            View::Glossary => "Glossary",
            View::Governance => "Change log",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            View::Kpis => "kpis",
            View::Board => "board",
            View::Coverage => "coverage",
            View::PersonView => "person",
            View::Dependencies => "dependencies",
            View::Executive => "executive",
            View::Reviews => "reviews",
            View::Maturity => "maturity",
            View::Checks => "checks",
            View::Rules => "rules",
            View::Organisation => "organisation",
            View::Glossary => "glossary",
            View::Governance => "governance",
        }
    }
}

/// A short message shown to the user for a few seconds.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub text: String,
    pub error: bool,
}

/// Which KPI the editor shows: an existing one or a new one of a level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KpiEditing {
    Existing(KpiId),
    New,
}

/// The state every component shares. Cheap to copy: only signal handles.
#[derive(Clone, Copy)]
pub struct AppState {
    /// The model and its undo history.
    pub doc: RwSignal<Document>,
    /// The local date when the app started (the core takes it as an argument).
    pub today: Date,
    pub view: RwSignal<View>,
    pub kpi_editor: RwSignal<Option<KpiEditing>>,
    /// The KPI whose check-in form is open.
    pub check_in: RwSignal<Option<KpiId>>,
    pub notice: RwSignal<Option<Notice>>,
    /// Text for the screen-reader live region.
    pub announcement: RwSignal<String>,
    /// Bumped by every user edit, undo and redo: what the autosave watches.
    pub edits: RwSignal<u64>,
    /// The name written into the change log (a browser preference).
    pub editor_name: RwSignal<String>,
    /// An import (file, template or share link) waiting for confirmation.
    pub pending_import: RwSignal<Option<PendingImport>>,
    /// Every finding of the checks (with what they read of the model, for the evidence
    /// score), recomputed on every change; empty until [`AppState::checks_ready`].
    pub checks: Memo<Checked>,
    /// The checks' code is here and [`AppState::checks`] is what they found (see
    /// [`crate::ui::deferred`]).
    pub checks_ready: RwSignal<bool>,
    /// KPIs to highlight (what the selected finding involves), and that finding's key.
    pub highlight: RwSignal<Option<(String, Vec<KpiId>)>>,
    /// A KPI the cascade board should bring into view (from the coverage matrix), with
    /// the department group to open.
    pub board_focus: RwSignal<Option<(KpiId, Option<DeptId>)>>,
    /// The model's edit history (see [`crate::crdt`]), opened when first needed.
    history: StoredValue<History, LocalStorage>,
    /// In a live room: what undoing and redoing this browser's own edits would take
    /// back and put back (undo and redo then go through the room, see
    /// [`crate::ui::live`]); `None` outside a room.
    pub own_undo: RwSignal<Option<(Option<String>, Option<String>)>>,
    /// The KPI being dragged on the board (others in a live room see it).
    pub dragging: RwSignal<Option<KpiId>>,
    /// The live room's part in every edit, while in one.
    live: StoredValue<Option<LiveHook>, LocalStorage>,
    /// The history's code is here (see [`crate::ui::deferred`]; always, without `split`).
    #[cfg_attr(not(feature = "split"), allow(dead_code))]
    pub(crate) history_ready: StoredValue<bool>,
}

/// What a live room does around edits (see [`crate::ui::live`]).
pub type LiveHook = std::rc::Rc<dyn Fn(LiveEvent)>;

/// An edit's moments a live room takes part in.
pub enum LiveEvent<'a> {
    /// An edit is about to be applied: what came from the room must be in the model first.
    Before,
    /// An edit was applied, with its label: it goes to the room as this browser's own.
    Edited(&'a str),
    /// Undo (`true`) or redo of this browser's own edits.
    Undo(bool),
}

/// The edit history behind the model: the bytes it came with until something needs
/// it (a save, an export, a merge), then the open document.
enum History {
    Pending(Option<String>),
    Open(Box<Replica>),
}

impl AppState {
    pub fn new(model: Model, today: Date) -> AppState {
        let doc = RwSignal::new(Document::new(model));
        // Without the split build, the checks' and the history's code is always here.
        let here = !cfg!(feature = "split");
        let checks_ready = RwSignal::new(here);
        AppState {
            doc,
            today,
            view: RwSignal::new(View::default()),
            kpi_editor: RwSignal::new(None),
            check_in: RwSignal::new(None),
            notice: RwSignal::new(None),
            announcement: RwSignal::new(String::new()),
            edits: RwSignal::new(0),
            editor_name: RwSignal::new(String::new()),
            pending_import: RwSignal::new(None),
            checks: Memo::new(move |_| {
                let ready = checks_ready.get();
                browser::mark("interlock-checks-start");
                let checked = doc.with(|d| deferred::checks(&d.model, today, ready));
                browser::measure("interlock-checks", "interlock-checks-start");
                checked.unwrap_or_default()
            }),
            checks_ready,
            highlight: RwSignal::new(None),
            board_focus: RwSignal::new(None),
            history: StoredValue::new_local(History::Pending(None)),
            own_undo: RwSignal::new(None),
            dragging: RwSignal::new(None),
            live: StoredValue::new_local(None),
            history_ready: StoredValue::new(here),
        }
    }

    /// Takes the edit history that came with a model just loaded or imported (`None`
    /// starts a new one). Read lazily: opening a large model costs nothing extra.
    pub fn adopt_history(&self, bytes: Option<String>) {
        self.history.set_value(History::Pending(bytes));
    }

    /// Makes a merged document the model's history (the merged model is applied by the
    /// caller as one undoable step).
    pub fn adopt_replica(&self, replica: Replica) {
        self.history.set_value(History::Open(Box::new(replica)));
    }

    /// Runs `f` on the history, brought up to date with the model as it is now.
    pub fn with_history<T>(&self, f: impl FnOnce(&mut Replica) -> T) -> T {
        self.with_history_as(false, f)
    }

    /// [`AppState::with_history`], recording what the model differs in as this
    /// browser's own edit when `own` (see [`Replica::record_own`]).
    pub fn with_history_as<T>(&self, own: bool, f: impl FnOnce(&mut Replica) -> T) -> T {
        self.doc.with_untracked(|d| {
            self.history
                .try_update_value(|h| {
                    let mut replica = match std::mem::replace(h, History::Pending(None)) {
                        History::Open(r) => r,
                        History::Pending(bytes) => {
                            let bytes = bytes.as_deref().and_then(|t| crate::format::decode_history(t).ok());
                            match bytes.and_then(|b| Replica::open(browser::client_id(), &b).ok()) {
                                Some((r, _, _)) => Box::new(r),
                                None => Box::new(Replica::start(browser::client_id(), &d.model)),
                            }
                        }
                    };
                    if own {
                        replica.record_own(&d.model);
                    } else {
                        replica.record(&d.model);
                    }
                    let out = f(&mut replica);
                    *h = History::Open(replica);
                    out
                })
                .expect("the history lives as long as the app")
        })
    }

    /// The history's full state to save with the model: brought up to date if its code
    /// is here, else the state the model was opened with (the next save catches up).
    pub fn history_to_save(&self) -> Option<String> {
        deferred::history_now(*self).or_else(|| {
            self.history.with_value(|h| match h {
                History::Pending(bytes) => bytes.clone(),
                History::Open(_) => None,
            })
        })
    }

    /// Puts a live room's hook in place (`None` on leaving it).
    pub fn set_live(&self, hook: Option<LiveHook>) {
        self.live.set_value(hook);
    }

    /// Tells the live room, if there is one; returns whether there is.
    fn live(&self, event: LiveEvent) -> bool {
        match self.live.try_with_value(Clone::clone).flatten() {
            Some(hook) => {
                hook(event);
                true
            }
            None => false,
        }
    }

    /// The state provided by [`crate::ui::App`].
    pub fn expect() -> AppState {
        expect_context::<AppState>()
    }

    fn meta(&self, why: &str) -> EditMeta {
        EditMeta {
            at: Timestamp::from_millis(browser::now_millis()),
            by: self.editor_name.get_untracked(),
            why: why.trim().to_string(),
        }
    }

    /// Applies an edit as one undoable step. On success announces it and returns its
    /// label; on refusal shows the reason, returns it, and changes nothing.
    pub fn dispatch(&self, edit: Edit, why: &str) -> Result<String, EditError> {
        let result = self.try_dispatch(edit, why);
        if let Err(e) = &result {
            self.error(e.to_string());
        }
        result
    }

    /// Like [`AppState::dispatch`], but a refusal is only returned (for forms that show
    /// it inline), not also shown as a notice.
    pub fn try_dispatch(&self, edit: Edit, why: &str) -> Result<String, EditError> {
        let meta = self.meta(why);
        self.live(LiveEvent::Before);
        let mut result = None;
        // A refused edit leaves the model as it was, so nothing needs to re-render.
        self.doc.maybe_update(|d| {
            let r = d.apply(edit, &meta);
            let changed = r.is_ok();
            result = Some(r);
            changed
        });
        let result = result.unwrap_or_else(|| Err(EditError::NotFound { what: "the document".into() }));
        if let Ok(label) = &result {
            self.live(LiveEvent::Edited(label));
            self.edits.update(|n| *n += 1);
            self.announce(label.clone());
        }
        result
    }

    /// Shows the model a live room holds now: not an undo step (undo in a room goes
    /// through the room), but saved like any change.
    pub fn take_remote(&self, model: Model) {
        if self.doc.with_untracked(|d| d.model != model) {
            self.doc.update(|d| d.model = model);
            self.edits.update(|n| *n += 1);
        }
    }

    /// Shows the model of a live room just joined, with an undo history of its own.
    pub fn take_room(&self, model: Model) {
        self.doc.set(Document::new(model));
        self.edits.update(|n| *n += 1);
    }

    /// Forgets the undo steps of this page (entering or leaving a live room: they
    /// would replace whole entities over a colleague's changes).
    pub fn forget_undo(&self) {
        self.doc.update(|d| d.history = Default::default());
    }

    pub fn undo(&self) {
        if self.live(LiveEvent::Undo(true)) {
            return;
        }
        let mut out = None;
        self.doc.update(|d| out = d.undo());
        match out {
            Some(Ok(label)) => {
                self.edits.update(|n| *n += 1);
                self.announce(format!("Undone: {label}"));
            }
            Some(Err(e)) => self.error(format!("Could not undo: {e}")),
            None => {}
        }
    }

    pub fn redo(&self) {
        if self.live(LiveEvent::Undo(false)) {
            return;
        }
        let mut out = None;
        self.doc.update(|d| out = d.redo());
        match out {
            Some(Ok(label)) => {
                self.edits.update(|n| *n += 1);
                self.announce(format!("Redone: {label}"));
            }
            Some(Err(e)) => self.error(format!("Could not redo: {e}")),
            None => {}
        }
    }

    /// Tells screen readers (and the status line) what just happened.
    pub fn announce(&self, text: impl Into<String>) {
        self.announcement.set(text.into());
    }

    pub fn info(&self, text: impl Into<String>) {
        self.notice.set(Some(Notice { text: text.into(), error: false }));
    }

    pub fn error(&self, text: impl Into<String>) {
        self.notice.set(Some(Notice { text: text.into(), error: true }));
    }
}
