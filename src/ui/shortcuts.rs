//! `use_shortcuts`: Ctrl+Z undoes, Ctrl+Shift+Z and Ctrl+Y redo (Cmd on a Mac). Inside a
//! text field the browser's own undo of the typing wins.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::ui::state::AppState;

fn in_text_field(ev: &web_sys::KeyboardEvent) -> bool {
    ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).is_some_and(|e| {
        matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") || e.has_attribute("contenteditable")
    })
}

pub fn use_shortcuts(state: AppState) {
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        if !(ev.ctrl_key() || ev.meta_key()) || ev.alt_key() || in_text_field(&ev) {
            return;
        }
        match (ev.key().to_lowercase().as_str(), ev.shift_key()) {
            ("z", false) => {
                ev.prevent_default();
                state.undo();
            }
            ("z", true) | ("y", false) => {
                ev.prevent_default();
                state.redo();
            }
            _ => {}
        }
    });
    on_cleanup(move || handle.remove());
}
