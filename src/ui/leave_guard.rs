//! `use_leave_guard`: asks the browser to confirm leaving the page (closing the tab,
//! reloading, navigating away) while something is not saved yet: edits waiting for the
//! autosave, a save that failed (storage full or unavailable for writes), or another
//! tab's newer copy waiting for the user's choice in the conflict banner.

use leptos::prelude::*;
use wasm_bindgen::JsValue;

use crate::ui::persistence::{Persistence, SaveStatus};

/// Whether leaving now would lose work.
fn unsaved(p: Persistence) -> bool {
    p.dirty.get_untracked()
        || p.conflict.get_untracked()
        || matches!(p.status.get_untracked(), SaveStatus::Pending | SaveStatus::Failed(_))
}

/// Installs the `beforeunload` handler for as long as the calling component lives.
pub fn use_leave_guard(p: Persistence) {
    let handle = window_event_listener_untyped("beforeunload", move |ev| {
        if !unsaved(p) {
            return;
        }
        // Both ways of asking: `preventDefault` (the standard) and a `returnValue`
        // (what older engines still read). Browsers show their own wording.
        ev.prevent_default();
        let _ = js_sys::Reflect::set(&ev, &JsValue::from_str("returnValue"), &JsValue::from_str("unsaved"));
    });
    on_cleanup(move || handle.remove());
}
