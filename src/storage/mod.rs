//! Saving the model in the browser without ever losing the last good copy.
//!
//! This module owns the storage protocol; [`local`] is the only code in the crate that
//! touches `localStorage`, behind the small [`Backend`] trait, so the protocol itself is
//! tested natively with [`MemoryBackend`].
//!
//! Layout (all keys start with `interlock.v1.`):
//! - `slot.a` and `slot.b` hold two copies of the file (see [`crate::format::codec`]);
//! - `head` says which slot is current, its revision, which tab wrote it and when;
//! - `prefs` holds what is not part of the model (last export, editor name).
//!
//! A save writes the *other* slot, reads it back, and only then moves `head` to it, so a
//! failed, interrupted or quota-refused write leaves the current copy untouched. Every
//! save bumps the revision; a tab that finds a revision it has not seen knows another tab
//! saved in between and does not overwrite that work silently.

pub mod local;

use std::cell::RefCell;
use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::format::{self, codec, Loaded};
use crate::model::{Model, Timestamp};

pub const HEAD_KEY: &str = "interlock.v1.head";
pub const SLOT_A_KEY: &str = "interlock.v1.slot.a";
pub const SLOT_B_KEY: &str = "interlock.v1.slot.b";
pub const PREFS_KEY: &str = "interlock.v1.prefs";

/// Why a backend call failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BackendError {
    #[error("the browser's storage for this site is full")]
    Quota,
    #[error("browser storage is not available ({0})")]
    Unavailable(String),
    #[error("the browser refused to store the data ({0})")]
    Other(String),
}

/// Classifies a `DOMException` from `setItem` in every browser's form: Chromium and new
/// Firefox say `QuotaExceededError` (code 22), old Firefox `NS_ERROR_DOM_QUOTA_REACHED`
/// (code 1014), old WebKit only code 22.
pub fn classify(name: &str, code: u16, message: &str) -> BackendError {
    match (name, code) {
        ("QuotaExceededError" | "NS_ERROR_DOM_QUOTA_REACHED", _) | (_, 22 | 1014) => BackendError::Quota,
        ("SecurityError", _) => BackendError::Unavailable(message.to_string()),
        _ => BackendError::Other(format!("{name}: {message}")),
    }
}

/// Key-value storage of strings.
pub trait Backend {
    fn get(&self, key: &str) -> Result<Option<String>, BackendError>;
    fn set(&self, key: &str, value: &str) -> Result<(), BackendError>;
    fn remove(&self, key: &str);
}

/// Which slot `head` points at, and who put it there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Head {
    pub slot: Slot,
    pub revision: u64,
    /// The tab that wrote it.
    pub writer: String,
    pub saved_at: Timestamp,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Slot {
    A,
    B,
}

impl Slot {
    fn key(self) -> &'static str {
        match self {
            Slot::A => SLOT_A_KEY,
            Slot::B => SLOT_B_KEY,
        }
    }

    fn other(self) -> Slot {
        match self {
            Slot::A => Slot::B,
            Slot::B => Slot::A,
        }
    }
}

/// Settings of this browser that are not part of the model.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    pub last_exported: Option<Timestamp>,
    /// The name written into the change log.
    pub editor: String,
}

/// Why a save did not happen. In every case the stored copy is what it was before.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SaveError {
    #[error("the browser's storage for this site is full, so changes are not being saved")]
    Quota,
    #[error("another tab saved this model (revision {theirs}) since this tab last loaded it")]
    Conflict { theirs: u64 },
    #[error("the saved copy did not read back intact")]
    Verify,
    #[error("{0}")]
    Backend(BackendError),
}

impl From<BackendError> for SaveError {
    fn from(e: BackendError) -> Self {
        match e {
            BackendError::Quota => SaveError::Quota,
            e => SaveError::Backend(e),
        }
    }
}

/// What was found in storage at start-up.
#[derive(Debug)]
pub enum Opened {
    /// Nothing stored yet.
    Empty,
    Loaded {
        loaded: Box<Loaded>,
        head: Head,
    },
    /// The current copy cannot be read. `raw` is its text (for download); `backup` is the
    /// last good copy, if that one still loads.
    Corrupt {
        problem: String,
        raw: String,
        backup: Option<(Box<Loaded>, Head)>,
    },
}

/// A save that succeeded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Saved {
    pub revision: u64,
    /// Characters written.
    pub chars: usize,
}

/// The storage protocol over a backend, for one tab.
pub struct Store<B: Backend> {
    backend: B,
    writer: String,
    /// The revision this tab last loaded or saved; 0 before anything was stored.
    known: RefCell<u64>,
}

impl<B: Backend> Store<B> {
    /// `writer` identifies this tab in `head`.
    pub fn new(backend: B, writer: impl Into<String>) -> Store<B> {
        Store { backend, writer: writer.into(), known: RefCell::new(0) }
    }

    pub fn backend(&self) -> &B {
        &self.backend
    }

    pub fn known_revision(&self) -> u64 {
        *self.known.borrow()
    }

    /// The current head, if one is stored and readable.
    pub fn head(&self) -> Option<Head> {
        let text = self.backend.get(HEAD_KEY).ok()??;
        serde_json::from_str(&text).ok()
    }

    fn read_slot(&self, slot: Slot) -> Result<(String, Loaded), (String, String)> {
        let raw = match self.backend.get(slot.key()) {
            Ok(Some(raw)) => raw,
            Ok(None) => return Err(("the saved copy is missing".into(), String::new())),
            Err(e) => return Err((e.to_string(), String::new())),
        };
        let json = codec::unpack(&raw).map_err(|e| (e.to_string(), raw.clone()))?;
        let loaded = format::load(&json).map_err(|e| (e.to_string(), raw.clone()))?;
        Ok((raw, loaded))
    }

    /// Reads what is stored. Marks its revision as known to this tab.
    pub fn open(&self) -> Opened {
        let head_text = match self.backend.get(HEAD_KEY) {
            Ok(Some(t)) => t,
            Ok(None) => return Opened::Empty,
            Err(e) => {
                return Opened::Corrupt { problem: e.to_string(), raw: String::new(), backup: None };
            }
        };
        let Ok(head) = serde_json::from_str::<Head>(&head_text) else {
            // No trustworthy head: offer whichever slot still loads, newest first.
            let mut best: Option<(Box<Loaded>, Head)> = None;
            for slot in [Slot::A, Slot::B] {
                if let Ok((_, l)) = self.read_slot(slot) {
                    let at = l.saved_at.unwrap_or_default();
                    if best.as_ref().is_none_or(|(b, _)| b.saved_at.unwrap_or_default() < at) {
                        let head = Head { slot, revision: 0, writer: String::new(), saved_at: at };
                        best = Some((Box::new(l), head));
                    }
                }
            }
            return Opened::Corrupt {
                problem: "the record of which copy is current is damaged".into(),
                raw: head_text,
                backup: best,
            };
        };
        match self.read_slot(head.slot) {
            Ok((_, loaded)) => {
                *self.known.borrow_mut() = head.revision;
                Opened::Loaded { loaded: Box::new(loaded), head }
            }
            Err((problem, raw)) => {
                let other = head.slot.other();
                let backup = self.read_slot(other).ok().map(|(_, l)| {
                    let h = Head {
                        slot: other,
                        revision: head.revision,
                        writer: String::new(),
                        saved_at: l.saved_at.unwrap_or_default(),
                    };
                    (Box::new(l), h)
                });
                Opened::Corrupt { problem, raw, backup }
            }
        }
    }

    /// Reads the copy `head` names now (after another tab saved), and marks it known.
    pub fn read_current(&self) -> Result<(Loaded, Head), String> {
        let head = self.head().ok_or("the record of which copy is current is missing or damaged")?;
        let (_, loaded) = self.read_slot(head.slot).map_err(|(p, _)| p)?;
        *self.known.borrow_mut() = head.revision;
        Ok((loaded, head))
    }

    /// Saves a model. Unless `force`, refuses when another tab saved since this tab last
    /// loaded or saved. The current copy stays intact until the new one reads back whole.
    pub fn save(
        &self,
        model: &Model,
        history: Option<&[u8]>,
        now: Timestamp,
        force: bool,
    ) -> Result<Saved, SaveError> {
        let head = self.head();
        let current = head.as_ref().map_or(0, |h| h.revision);
        if !force && current != self.known_revision() {
            return Err(SaveError::Conflict { theirs: current });
        }
        let text = codec::pack(&match history {
            Some(h) => format::save_with_history(model, now, h),
            None => format::save(model, now),
        });
        let target = head.as_ref().map_or(Slot::A, |h| h.slot.other());
        self.backend.set(target.key(), &text)?;
        match self.backend.get(target.key()) {
            Ok(Some(back)) if back == text => {}
            _ => return Err(SaveError::Verify),
        }
        let revision = current.max(self.known_revision()) + 1;
        let new_head = Head { slot: target, revision, writer: self.writer.clone(), saved_at: now };
        let head_text = serde_json::to_string(&new_head).unwrap_or_default();
        self.backend.set(HEAD_KEY, &head_text)?;
        *self.known.borrow_mut() = revision;
        Ok(Saved { revision, chars: units(&text) })
    }

    /// Writes a loaded copy back as the current one (the recovery screen's "restore").
    pub fn restore_copy(
        &self,
        model: &Model,
        history: Option<&[u8]>,
        now: Timestamp,
    ) -> Result<Saved, SaveError> {
        self.save(model, history, now, true)
    }

    pub fn prefs(&self) -> Prefs {
        self.backend
            .get(PREFS_KEY)
            .ok()
            .flatten()
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default()
    }

    pub fn set_prefs(&self, prefs: &Prefs) -> Result<(), BackendError> {
        self.backend.set(PREFS_KEY, &serde_json::to_string(prefs).unwrap_or_default())
    }
}

/// How much of the quota a text takes: browsers count UTF-16 code units.
pub fn units(text: &str) -> usize {
    text.encode_utf16().count()
}

/// An in-memory backend with an optional quota (in UTF-16 code units, keys included,
/// as browsers count it) and injectable failures, for tests.
#[derive(Default)]
pub struct MemoryBackend {
    pub data: RefCell<HashMap<String, String>>,
    pub quota: Option<usize>,
    /// Keys whose writes fail as if interrupted (nothing is written).
    pub failing: RefCell<Vec<String>>,
    /// Keys whose writes store a truncated value (a torn write).
    pub tearing: RefCell<Vec<String>>,
}

impl MemoryBackend {
    pub fn with_quota(chars: usize) -> MemoryBackend {
        MemoryBackend { quota: Some(chars), ..MemoryBackend::default() }
    }

    fn used_without(&self, key: &str) -> usize {
        self.data.borrow().iter().filter(|(k, _)| k.as_str() != key).map(|(k, v)| units(k) + units(v)).sum()
    }
}

impl Backend for MemoryBackend {
    fn get(&self, key: &str) -> Result<Option<String>, BackendError> {
        Ok(self.data.borrow().get(key).cloned())
    }

    fn set(&self, key: &str, value: &str) -> Result<(), BackendError> {
        if self.failing.borrow().iter().any(|k| k == key) {
            return Err(BackendError::Other("interrupted".into()));
        }
        if let Some(q) = self.quota {
            if self.used_without(key) + units(key) + units(value) > q {
                return Err(BackendError::Quota);
            }
        }
        let value = match value.char_indices().nth(value.chars().count() / 2) {
            Some((half, _)) if self.tearing.borrow().iter().any(|k| k == key) => &value[..half],
            _ => value,
        };
        self.data.borrow_mut().insert(key.to_string(), value.to_string());
        Ok(())
    }

    fn remove(&self, key: &str) {
        self.data.borrow_mut().remove(key);
    }
}

impl<T: Backend> Backend for std::rc::Rc<T> {
    fn get(&self, key: &str) -> Result<Option<String>, BackendError> {
        (**self).get(key)
    }
    fn set(&self, key: &str, value: &str) -> Result<(), BackendError> {
        (**self).set(key, value)
    }
    fn remove(&self, key: &str) {
        (**self).remove(key)
    }
}

#[cfg(test)]
mod tests;
