//! Persistent banners for storage problems. They stay until the problem is gone: the
//! work is not saved (quota, storage off, a failed write) or another tab saved newer
//! work. Each offers the way out: export now, load the other tab's copy, or keep this
//! one. The model in memory is never touched by a failed save.
//!
//! And the quiet notice that a new version of the app is ready (the service worker took
//! over with a newer build): reloading saves first, and does not reload while the work
//! cannot be saved.

use leptos::prelude::*;
use wasm_bindgen::JsValue;

use crate::storage::SaveError;
use crate::ui::persistence::{Persistence, SaveStatus};
use crate::ui::state::AppState;

#[component]
pub fn StorageBanners() -> impl IntoView {
    let state = AppState::expect();
    let p = Persistence::expect();
    let failure = move || match p.status.get() {
        SaveStatus::Failed(SaveError::Conflict { .. }) => None,
        SaveStatus::Failed(SaveError::Quota) => Some(
            "Your changes are not being saved: this browser's storage for the app is full. \
             Export a copy now so nothing is lost, then free space (or delete old models) and keep working."
                .to_string(),
        ),
        SaveStatus::Failed(e) => {
            Some(format!("Your changes are not being saved: {e}. Export a copy to keep them."))
        }
        SaveStatus::Unavailable => Some(
            "This browser does not let the app store anything (private mode or blocked site data). \
             Your work lives only in this tab: export it before you close the tab."
                .to_string(),
        ),
        _ => None,
    };
    view! {
        {move || failure().map(|text| view! {
            <div class="banner error" role="alert" data-testid="storage-banner">
                <p>{text}</p>
                <button class="primary" data-testid="banner-export" on:click=move |_| p.export(state)>"Export now"</button>
                <button data-testid="banner-retry" on:click=move |_| p.save_now(state, false)>"Try saving again"</button>
            </div>
        })}
        <Show when=move || p.conflict.get()>
            <div class="banner warning" role="alert" data-testid="conflict-banner">
                <p>
                    "This model was changed and saved in another tab while this tab had unsaved changes, "
                    "and the two cannot be combined (the other copy was saved without its edit history, "
                    "or part of the app could not be fetched). "
                    "Choose which version to keep; the other can still be exported first."
                </p>
                <button data-testid="conflict-load-theirs" on:click=move |_| p.load_theirs(state)>
                    "Use the other tab's version"
                </button>
                <button data-testid="conflict-keep-mine" on:click=move |_| p.save_now(state, true)>
                    "Keep this tab's version"
                </button>
                <button on:click=move |_| p.export(state)>"Export this tab's version"</button>
            </div>
        </Show>
    }
}

/// The event index.html sends when a newer build of the app has taken over this tab.
const UPDATE_EVENT: &str = "interlock-update-ready";

#[component]
pub fn UpdateBanner() -> impl IntoView {
    let state = AppState::expect();
    let p = Persistence::expect();
    // The event may have come before the app mounted; index.html also leaves a flag.
    let ready = RwSignal::new(
        js_sys::Reflect::get(&window(), &JsValue::from_str("interlockUpdateReady"))
            .is_ok_and(|v| v.is_truthy()),
    );
    let dismissed = RwSignal::new(false);
    let listener = window_event_listener_untyped(UPDATE_EVENT, move |_| ready.set(true));
    on_cleanup(move || listener.remove());
    let reload = move |_| {
        leptos::task::spawn_local(async move {
            p.save(state, false).await;
            if p.dirty.get_untracked() {
                state.error(
                    "Not reloaded: your latest changes could not be saved. Export a copy first, then reload.",
                );
                return;
            }
            let _ = window().location().reload();
        });
    };
    view! {
        <Show when=move || ready.get() && !dismissed.get()>
            <div class="banner info" role="status" data-testid="update-banner">
                <p>"A new version of Interlock is available. Reload to use it; your work is saved first."</p>
                <button class="primary" data-testid="update-reload" on:click=reload>"Reload"</button>
                <button data-testid="update-later" on:click=move |_| dismissed.set(true)>"Later"</button>
            </div>
        </Show>
    }
}
