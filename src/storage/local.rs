//! The browser's `localStorage`, as a [`Kv`] (this browser's preferences, and what
//! older versions stored: see [`super::legacy`]). The only code in the crate that
//! touches it.
//!
//! Access goes through `gloo-storage`; `setItem` errors are unwrapped to the
//! `DOMException` so [`super::classify`] can recognise a full quota in every browser's
//! form. Storage that is switched off (some privacy modes throw on access) is reported
//! as [`BackendError::Unavailable`], never a panic.

use gloo_storage::{LocalStorage, Storage};
use wasm_bindgen::JsCast;

use super::{classify, BackendError, Kv};

/// `localStorage` of the page's origin.
#[derive(Clone, Copy, Debug, Default)]
pub struct LocalBackend;

impl LocalBackend {
    /// Whether `localStorage` can be used at all on this page.
    pub fn available() -> bool {
        web_sys::window().and_then(|w| w.local_storage().ok().flatten()).is_some()
    }

    fn storage() -> Result<web_sys::Storage, BackendError> {
        if !Self::available() {
            return Err(BackendError::Unavailable("this browser blocks site storage".into()));
        }
        Ok(LocalStorage::raw())
    }
}

fn to_error(e: wasm_bindgen::JsValue) -> BackendError {
    match e.dyn_into::<web_sys::DomException>() {
        Ok(ex) => classify(&ex.name(), ex.code(), &ex.message()),
        Err(other) => BackendError::Other(other.as_string().unwrap_or_else(|| "unknown error".into())),
    }
}

impl Kv for LocalBackend {
    fn get(&self, key: &str) -> Result<Option<String>, BackendError> {
        Self::storage()?.get_item(key).map_err(to_error)
    }

    fn set(&self, key: &str, value: &str) -> Result<(), BackendError> {
        Self::storage()?.set_item(key, value).map_err(to_error)
    }

    fn remove(&self, key: &str) {
        if let Ok(s) = Self::storage() {
            let _ = s.remove_item(key);
        }
    }
}
