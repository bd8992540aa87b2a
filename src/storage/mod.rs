//! Saving the model in the browser without ever losing a good copy.
//!
//! This module owns the storage protocol; the browser's stores sit behind two small
//! traits so the protocol itself is tested natively ([`MemoryCopies`], [`MemoryKv`]):
//! - [`Copies`]: where models are kept, with transactions (IndexedDB, [`idb`]);
//! - [`Kv`]: small strings (`localStorage`, [`local`]): this browser's preferences, and
//!   what older versions of the app stored there ([`legacy`], moved over on first start).
//!
//! Every save is one transaction ([`Copies::commit`]): unless another tab saved since
//! this tab last read (the head's revision is not the one this tab knows), it stores the
//! model as a new copy under the next revision, moves the head to it and deletes the
//! copies [`prune`] no longer keeps, all or nothing. A copy is never overwritten: an
//! interrupted or refused save leaves everything as it was, and the last [`KEEP`] good
//! copies (with their revision, time to the millisecond and the tab that wrote them)
//! stay for the recovery screen.

#[cfg(target_arch = "wasm32")]
pub mod idb;
pub mod legacy;
pub mod local;

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::format::{self, Loaded};
use crate::model::{Model, Timestamp};

/// localStorage key of this browser's preferences.
pub const PREFS_KEY: &str = "interlock.v1.prefs";

/// How many good copies a save keeps (the newest first).
pub const KEEP: usize = 3;

/// Why a store refused or failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BackendError {
    #[error("the browser's storage for this site is full")]
    Quota,
    #[error("browser storage is not available ({0})")]
    Unavailable(String),
    #[error("the browser refused to store the data ({0})")]
    Other(String),
}

/// Classifies a `DOMException` in every browser's form: Chromium and new Firefox say
/// `QuotaExceededError` (code 22), old Firefox `NS_ERROR_DOM_QUOTA_REACHED` (code 1014),
/// old WebKit only code 22.
pub fn classify(name: &str, code: u16, message: &str) -> BackendError {
    match (name, code) {
        ("QuotaExceededError" | "NS_ERROR_DOM_QUOTA_REACHED", _) | (_, 22 | 1014) => BackendError::Quota,
        ("SecurityError", _) => BackendError::Unavailable(message.to_string()),
        _ => BackendError::Other(format!("{name}: {message}")),
    }
}

/// Key-value storage of small strings.
pub trait Kv {
    fn get(&self, key: &str) -> Result<Option<String>, BackendError>;
    fn set(&self, key: &str, value: &str) -> Result<(), BackendError>;
    fn remove(&self, key: &str);
}

/// A stored copy: its revision, when and by which tab it was written. The head is the
/// same record for the current copy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Head {
    pub revision: u64,
    /// Milliseconds since the epoch.
    pub saved_ms: u64,
    /// The tab that wrote it.
    pub writer: String,
}

impl Head {
    pub fn saved_at(&self) -> Timestamp {
        Timestamp::from_millis(self.saved_ms as f64)
    }
}

/// A copy about to be stored (its revision is given by the transaction).
#[derive(Clone, Copy, Debug)]
pub struct NewCopy<'a> {
    pub text: &'a str,
    pub saved_ms: u64,
    pub writer: &'a str,
}

/// Why a commit did not happen. Nothing was changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CommitError {
    /// The head is at `theirs`, not the revision expected.
    Conflict {
        theirs: u64,
    },
    Backend(BackendError),
}

/// Where the model's copies are kept.
#[allow(async_fn_in_trait)]
pub trait Copies {
    /// The head (`None` if there is none) and every stored copy, by revision.
    async fn list(&self) -> Result<(Option<Head>, Vec<Head>), BackendError>;
    /// A copy's text.
    async fn text(&self, revision: u64) -> Result<Option<String>, BackendError>;
    /// In one transaction: unless the head's revision (0 without a head) differs from
    /// `expected` (`None`: whatever it is), stores `copy` under the revision after every
    /// stored one, points the head at it when `move_head`, and deletes the revisions
    /// `prune` picks from those then stored (the new one included). All or nothing.
    async fn commit(
        &self,
        expected: Option<u64>,
        copy: NewCopy<'_>,
        move_head: bool,
        prune: &dyn Fn(&[u64]) -> Vec<u64>,
    ) -> Result<Head, CommitError>;
}

/// The revisions to delete from `stored`: a copy goes once [`KEEP`] good copies are
/// newer than it, but a good copy never while a damaged one stays (damaged copies are
/// those this tab found unreadable).
pub fn prune(stored: &[u64], damaged: &[u64]) -> Vec<u64> {
    let mut good: Vec<u64> = stored.iter().copied().filter(|r| !damaged.contains(r)).collect();
    good.sort_unstable_by(|a, b| b.cmp(a));
    let Some(&oldest_kept) = good.get(KEEP - 1) else { return Vec::new() };
    let mut gone: Vec<u64> = stored.iter().copied().filter(|&r| r < oldest_kept).collect();
    if stored.iter().any(|r| damaged.contains(r) && !gone.contains(r)) {
        gone.retain(|r| damaged.contains(r));
    }
    gone
}

/// Settings of this browser that are not part of the model.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    pub last_exported: Option<Timestamp>,
    /// The name written into the change log.
    pub editor: String,
    /// The sync server a live room was last started on.
    pub live_server: String,
}

/// Why a save did not happen. In every case what was stored is as it was.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SaveError {
    #[error("the browser's storage for this site is full, so changes are not being saved")]
    Quota,
    #[error("another tab saved this model (revision {theirs}) since this tab last loaded it")]
    Conflict { theirs: u64 },
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

impl From<CommitError> for SaveError {
    fn from(e: CommitError) -> Self {
        match e {
            CommitError::Conflict { theirs } => SaveError::Conflict { theirs },
            CommitError::Backend(b) => b.into(),
        }
    }
}

/// A stored copy that reads as a model.
#[derive(Debug)]
pub struct GoodCopy {
    pub head: Head,
    pub loaded: Box<Loaded>,
}

/// A stored copy that does not: why, and its text.
#[derive(Clone)]
pub struct DamagedCopy {
    pub head: Head,
    pub problem: String,
    pub text: String,
}

impl std::fmt::Debug for DamagedCopy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The text may be megabytes: its length is enough to tell copies apart.
        f.debug_struct("DamagedCopy")
            .field("head", &self.head)
            .field("problem", &self.problem)
            .field("text_len", &self.text.len())
            .finish()
    }
}

/// What was found in storage at start-up.
#[derive(Debug)]
pub enum Opened {
    /// Nothing stored yet.
    Empty,
    /// The browser gives this page no storage (or it failed to open).
    Unavailable(String),
    Loaded {
        loaded: Box<Loaded>,
        head: Head,
    },
    /// The current copy cannot be read (or nothing says which one is current). `good`
    /// holds every copy that still reads, newest first; `damaged` the rest.
    Corrupt {
        problem: String,
        good: Vec<GoodCopy>,
        damaged: Vec<DamagedCopy>,
    },
}

/// A save that succeeded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Saved {
    pub head: Head,
    /// Bytes written.
    pub bytes: usize,
}

/// The storage protocol over a store of copies, for one tab.
pub struct Store<C: Copies> {
    copies: C,
    writer: String,
    /// The head's revision this tab last read or wrote; 0 before anything was stored.
    known: Cell<u64>,
    /// Revisions this tab found damaged (pruned once enough good copies are newer).
    damaged: RefCell<Vec<u64>>,
}

impl<C: Copies> Store<C> {
    /// `writer` identifies this tab in what it stores.
    pub fn new(copies: C, writer: impl Into<String>) -> Store<C> {
        Store { copies, writer: writer.into(), known: Cell::new(0), damaged: RefCell::new(Vec::new()) }
    }

    pub fn copies(&self) -> &C {
        &self.copies
    }

    pub fn known_revision(&self) -> u64 {
        self.known.get()
    }

    /// The current head, if one is stored and readable.
    pub async fn head(&self) -> Option<Head> {
        self.copies.list().await.ok()?.0
    }

    async fn read(&self, head: &Head) -> Result<Loaded, DamagedCopy> {
        let damaged = |problem: String, text: String| DamagedCopy { head: head.clone(), problem, text };
        let text = match self.copies.text(head.revision).await {
            Ok(Some(text)) => text,
            Ok(None) => return Err(damaged("the saved copy is missing".into(), String::new())),
            Err(e) => return Err(damaged(e.to_string(), String::new())),
        };
        format::load(&text).map_err(|e| damaged(e.to_string(), text))
    }

    /// Reads what is stored. Marks the head's revision (or, without a head, the newest
    /// copy's) as known to this tab, so its first save after recovery is no conflict.
    pub async fn open(&self) -> Opened {
        let (head, all) = match self.copies.list().await {
            Ok(found) => found,
            Err(e) => return Opened::Unavailable(e.to_string()),
        };
        self.known.set(head.as_ref().map_or(0, |h| h.revision));
        let problem = match &head {
            None if all.is_empty() => return Opened::Empty,
            None => "the record of which copy is current is missing".to_string(),
            Some(h) => match self.read(h).await {
                Ok(loaded) => return Opened::Loaded { loaded: Box::new(loaded), head: h.clone() },
                Err(d) => d.problem,
            },
        };
        // Recovery: read every copy, newest first.
        let mut good = Vec::new();
        let mut damaged = Vec::new();
        for h in all.iter().rev() {
            match self.read(h).await {
                Ok(loaded) => good.push(GoodCopy { head: h.clone(), loaded: Box::new(loaded) }),
                Err(d) => damaged.push(d),
            }
        }
        *self.damaged.borrow_mut() = damaged.iter().map(|d| d.head.revision).collect();
        Opened::Corrupt { problem, good, damaged }
    }

    /// The current copy, without taking it as this tab's starting point: until
    /// [`Store::took_in`] says so, this tab's saves still expect the revision it knew.
    pub async fn latest(&self) -> Result<(Loaded, Head), String> {
        let head = self.head().await.ok_or("the record of which copy is current is missing")?;
        let loaded = self.read(&head).await.map_err(|d| d.problem)?;
        Ok((loaded, head))
    }

    /// This tab now holds what revision `revision` holds (it took that copy in), so its
    /// next save builds on it.
    pub fn took_in(&self, revision: u64) {
        self.known.set(revision);
    }

    /// Saves a model as a new copy. Unless `force`, refuses when another tab saved since
    /// this tab last read or saved.
    pub async fn save(
        &self,
        model: &Model,
        history: Option<&str>,
        now_ms: f64,
        force: bool,
    ) -> Result<Saved, SaveError> {
        let now = Timestamp::from_millis(now_ms);
        self.save_text(&format::save_maybe_with_history(model, now, history), now_ms, force).await
    }

    /// Saves a file's text as a new copy (see [`Store::save`]).
    pub async fn save_text(&self, text: &str, now_ms: f64, force: bool) -> Result<Saved, SaveError> {
        let copy = NewCopy { text, saved_ms: now_ms.max(0.0) as u64, writer: &self.writer };
        let expected = (!force).then(|| self.known.get());
        let damaged = self.damaged.borrow().clone();
        let head = self.copies.commit(expected, copy, true, &|stored| prune(stored, &damaged)).await?;
        self.known.set(head.revision);
        Ok(Saved { head, bytes: text.len() })
    }

    /// Everything stored, as one JSON document (the recovery screen's download): the
    /// head and every copy's revision, time, writer and full text.
    pub async fn everything(&self) -> String {
        let (head, all) = match self.copies.list().await {
            Ok(found) => found,
            Err(e) => return serde_json::json!({ "error": e.to_string() }).to_string(),
        };
        let mut copies = Vec::new();
        for h in &all {
            let text = self.copies.text(h.revision).await.ok().flatten();
            copies.push(serde_json::json!({
                "revision": h.revision, "saved_ms": h.saved_ms, "writer": h.writer, "text": text,
            }));
        }
        serde_json::json!({ "head": head, "copies": copies }).to_string()
    }

    /// Moves what an older version of the app kept in `localStorage` (`old`, as
    /// [`legacy::read`] found it in `kv`) into this store, oldest first, when this store
    /// holds nothing yet; then removes it from `kv`. A damaged or missing old head leaves
    /// the new store without one, so start-up offers every copy instead of guessing.
    /// Returns how many copies moved.
    pub async fn migrate<K: Kv>(&self, old: legacy::Old, kv: &K) -> Result<usize, SaveError> {
        if old.copies.is_empty() {
            return Ok(0);
        }
        let (head, all) = self.copies.list().await?;
        if head.is_some() || !all.is_empty() {
            return Ok(0);
        }
        let n = old.copies.len();
        for (i, c) in old.copies.iter().enumerate() {
            let copy = NewCopy { text: &c.text, saved_ms: c.saved_ms, writer: &self.writer };
            let current = i + 1 == n && old.head_trusted;
            self.copies.commit(None, copy, current, &|_| Vec::new()).await?;
        }
        legacy::remove(kv);
        Ok(n)
    }
}

/// This browser's preferences, from a [`Kv`] (missing or unreadable: the defaults).
pub fn prefs<K: Kv>(kv: &K) -> Prefs {
    kv.get(PREFS_KEY).ok().flatten().and_then(|t| serde_json::from_str(&t).ok()).unwrap_or_default()
}

pub fn set_prefs<K: Kv>(kv: &K, prefs: &Prefs) -> Result<(), BackendError> {
    kv.set(PREFS_KEY, &serde_json::to_string(prefs).unwrap_or_default())
}

/// Copies in memory, with an optional quota (bytes of text) and injectable failures,
/// for tests. Commits are atomic, as IndexedDB's are.
#[derive(Default)]
pub struct MemoryCopies {
    pub head: RefCell<Option<Head>>,
    pub copies: RefCell<BTreeMap<u64, (Head, String)>>,
    pub quota: Option<usize>,
    /// Fail the next commits as if interrupted (nothing is written).
    pub failing: Cell<bool>,
}

impl MemoryCopies {
    pub fn with_quota(bytes: usize) -> MemoryCopies {
        MemoryCopies { quota: Some(bytes), ..MemoryCopies::default() }
    }
}

impl Copies for MemoryCopies {
    async fn list(&self) -> Result<(Option<Head>, Vec<Head>), BackendError> {
        Ok((self.head.borrow().clone(), self.copies.borrow().values().map(|(h, _)| h.clone()).collect()))
    }

    async fn text(&self, revision: u64) -> Result<Option<String>, BackendError> {
        Ok(self.copies.borrow().get(&revision).map(|(_, t)| t.clone()))
    }

    async fn commit(
        &self,
        expected: Option<u64>,
        copy: NewCopy<'_>,
        move_head: bool,
        prune: &dyn Fn(&[u64]) -> Vec<u64>,
    ) -> Result<Head, CommitError> {
        if self.failing.get() {
            return Err(CommitError::Backend(BackendError::Other("interrupted".into())));
        }
        let current = self.head.borrow().as_ref().map_or(0, |h| h.revision);
        if expected.is_some_and(|e| e != current) {
            return Err(CommitError::Conflict { theirs: current });
        }
        let mut copies = self.copies.borrow().clone();
        let revision = copies.keys().next_back().copied().unwrap_or(0).max(current) + 1;
        let head = Head { revision, saved_ms: copy.saved_ms, writer: copy.writer.to_string() };
        copies.insert(revision, (head.clone(), copy.text.to_string()));
        let stored: Vec<u64> = copies.keys().copied().collect();
        for r in prune(&stored) {
            copies.remove(&r);
        }
        if let Some(q) = self.quota {
            if copies.values().map(|(_, t)| t.len()).sum::<usize>() > q {
                return Err(CommitError::Backend(BackendError::Quota));
            }
        }
        *self.copies.borrow_mut() = copies;
        if move_head {
            *self.head.borrow_mut() = Some(head.clone());
        }
        Ok(head)
    }
}

impl<T: Copies> Copies for std::rc::Rc<T> {
    async fn list(&self) -> Result<(Option<Head>, Vec<Head>), BackendError> {
        (**self).list().await
    }
    async fn text(&self, revision: u64) -> Result<Option<String>, BackendError> {
        (**self).text(revision).await
    }
    async fn commit(
        &self,
        expected: Option<u64>,
        copy: NewCopy<'_>,
        move_head: bool,
        prune: &dyn Fn(&[u64]) -> Vec<u64>,
    ) -> Result<Head, CommitError> {
        (**self).commit(expected, copy, move_head, prune).await
    }
}

/// Small strings in memory, for tests.
#[derive(Default)]
pub struct MemoryKv {
    pub data: RefCell<HashMap<String, String>>,
}

impl Kv for MemoryKv {
    fn get(&self, key: &str) -> Result<Option<String>, BackendError> {
        Ok(self.data.borrow().get(key).cloned())
    }
    fn set(&self, key: &str, value: &str) -> Result<(), BackendError> {
        self.data.borrow_mut().insert(key.to_string(), value.to_string());
        Ok(())
    }
    fn remove(&self, key: &str) {
        self.data.borrow_mut().remove(key);
    }
}

/// Runs a future that never waits (the in-memory stores), for tests and benchmarks.
pub fn now_or_never<T>(f: impl std::future::Future<Output = T>) -> T {
    use std::task::{Context, Poll, Waker};
    let mut f = std::pin::pin!(f);
    match f.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(v) => v,
        Poll::Pending => panic!("now_or_never: the future waited"),
    }
}

#[cfg(test)]
mod tests;
