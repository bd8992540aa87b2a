//! IndexedDB, as [`Copies`]: where the model's copies are kept (through `rexie`).
//!
//! Database `interlock`, three object stores keyed by revision (or by name):
//! - `copy_meta`: each copy's [`Head`] as JSON (small: listing copies reads only these);
//! - `copy_text`: each copy's file text;
//! - `meta`: `head`, the current copy's [`Head`].
//!
//! A commit is one readwrite transaction over all three, so the check of the head's
//! revision, the new copy, the head's move and the pruning happen together or not at
//! all, whichever tab or process runs at the same time (IndexedDB runs overlapping
//! readwrite transactions one after the other). Tabs also take the `interlock.save` Web
//! Lock around it, so at most one tab writes at a time where the browser has locks.

use rexie::{ObjectStore, Rexie, TransactionMode};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::{BackendError, CommitError, Copies, Head, NewCopy};

const DB: &str = "interlock";
const META: &str = "meta";
const COPY_META: &str = "copy_meta";
const COPY_TEXT: &str = "copy_text";
const LOCK: &str = "interlock.save";

/// The model's copies in this origin's IndexedDB.
pub struct IdbCopies {
    db: Rexie,
}

fn to_error(e: rexie::Error) -> BackendError {
    let text = format!("{e:?}");
    if text.contains("QuotaExceededError") {
        BackendError::Quota
    } else {
        BackendError::Other(e.to_string())
    }
}

fn head_of(v: Option<JsValue>) -> Option<Head> {
    serde_json::from_str(&v?.as_string()?).ok()
}

fn key(revision: u64) -> JsValue {
    JsValue::from_f64(revision as f64)
}

impl IdbCopies {
    /// Opens (creating on first use) the database.
    pub async fn open() -> Result<IdbCopies, BackendError> {
        IdbCopies::open_named(DB).await
    }

    /// Opens (creating on first use) a database of copies of its own, `name`.
    pub async fn open_named(name: &str) -> Result<IdbCopies, BackendError> {
        let db = Rexie::builder(name)
            .version(1)
            .add_object_store(ObjectStore::new(META))
            .add_object_store(ObjectStore::new(COPY_META))
            .add_object_store(ObjectStore::new(COPY_TEXT))
            .build()
            .await
            .map_err(|e| match to_error(e) {
                BackendError::Other(m) => BackendError::Unavailable(m),
                e => e,
            })?;
        Ok(IdbCopies { db })
    }

    async fn commit_now(
        &self,
        expected: Option<u64>,
        copy: NewCopy<'_>,
        move_head: bool,
        prune: &dyn Fn(&[u64]) -> Vec<u64>,
    ) -> Result<Head, CommitError> {
        let fail = |e: rexie::Error| CommitError::Backend(to_error(e));
        let tx =
            self.db.transaction(&[META, COPY_META, COPY_TEXT], TransactionMode::ReadWrite).map_err(fail)?;
        let meta = tx.store(META).map_err(fail)?;
        let metas = tx.store(COPY_META).map_err(fail)?;
        let texts = tx.store(COPY_TEXT).map_err(fail)?;
        let current =
            head_of(meta.get(JsValue::from_str("head")).await.map_err(fail)?).map_or(0, |h| h.revision);
        if expected.is_some_and(|e| e != current) {
            let _ = tx.abort().await;
            return Err(CommitError::Conflict { theirs: current });
        }
        let mut stored: Vec<u64> = metas
            .get_all_keys(None, None)
            .await
            .map_err(fail)?
            .iter()
            .filter_map(|k| k.as_f64())
            .map(|k| k as u64)
            .collect();
        let revision = stored.iter().copied().max().unwrap_or(0).max(current) + 1;
        let head = Head { revision, saved_ms: copy.saved_ms, writer: copy.writer.to_string() };
        let head_text = JsValue::from_str(&serde_json::to_string(&head).unwrap_or_default());
        texts.put(&JsValue::from_str(copy.text), Some(&key(revision))).await.map_err(fail)?;
        metas.put(&head_text, Some(&key(revision))).await.map_err(fail)?;
        if move_head {
            meta.put(&head_text, Some(&JsValue::from_str("head"))).await.map_err(fail)?;
        }
        stored.push(revision);
        for r in prune(&stored) {
            texts.delete(key(r)).await.map_err(fail)?;
            metas.delete(key(r)).await.map_err(fail)?;
        }
        match tx.done().await.map_err(fail)? {
            r if r.is_committed() => Ok(head),
            _ => Err(CommitError::Backend(BackendError::Other(
                "the browser did not keep the save (its storage may be full)".into(),
            ))),
        }
    }
}

impl Copies for IdbCopies {
    async fn list(&self) -> Result<(Option<Head>, Vec<Head>), BackendError> {
        let tx = self.db.transaction(&[META, COPY_META], TransactionMode::ReadOnly).map_err(to_error)?;
        let head = head_of(
            tx.store(META).map_err(to_error)?.get(JsValue::from_str("head")).await.map_err(to_error)?,
        );
        let all = tx.store(COPY_META).map_err(to_error)?.get_all(None, None).await.map_err(to_error)?;
        let mut copies: Vec<Head> = all.into_iter().filter_map(|v| head_of(Some(v))).collect();
        copies.sort_by_key(|h| h.revision);
        Ok((head, copies))
    }

    async fn text(&self, revision: u64) -> Result<Option<String>, BackendError> {
        let tx = self.db.transaction(&[COPY_TEXT], TransactionMode::ReadOnly).map_err(to_error)?;
        let v = tx.store(COPY_TEXT).map_err(to_error)?.get(key(revision)).await.map_err(to_error)?;
        Ok(v.and_then(|v| v.as_string()))
    }

    async fn commit(
        &self,
        expected: Option<u64>,
        copy: NewCopy<'_>,
        move_head: bool,
        prune: &dyn Fn(&[u64]) -> Vec<u64>,
    ) -> Result<Head, CommitError> {
        let release = lock().await;
        let out = self.commit_now(expected, copy, move_head, prune).await;
        if let Some(release) = release {
            let _ = release.call0(&JsValue::NULL);
        }
        out
    }
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = ["navigator", "locks"], js_name = request, catch)]
    fn lock_request(name: &str, callback: &js_sys::Function) -> Result<js_sys::Promise, JsValue>;
}

/// Takes the save lock (the Web Locks API); returns the function that releases it, or
/// `None` where the browser has no locks (the transaction alone then keeps saves whole).
async fn lock() -> Option<js_sys::Function> {
    let mut grant = None;
    let granted = js_sys::Promise::new(&mut |resolve, _| grant = Some(resolve));
    let grant = grant?;
    // The lock is held until the promise the callback returns settles: its resolver is
    // handed back as the release function.
    let on_grant = Closure::once_into_js(move |_lock: JsValue| -> js_sys::Promise {
        js_sys::Promise::new(&mut |release, _| {
            let _ = grant.call1(&JsValue::NULL, &release);
        })
    });
    let _held_until_released = lock_request(LOCK, on_grant.unchecked_ref()).ok()?;
    let release = wasm_bindgen_futures::JsFuture::from(granted).await.ok()?;
    release.dyn_into().ok()
}
