//! Transient notices (a status line that clears itself) and the screen-reader live
//! region that announces every change.

use std::time::Duration;

use leptos::prelude::*;

use crate::ui::state::AppState;

#[component]
pub fn Notices() -> impl IntoView {
    let state = AppState::expect();
    // Clear a notice a while after it appears; errors stay longer.
    Effect::watch(
        move || state.notice.get(),
        move |notice, _, _| {
            if let Some(n) = notice.clone() {
                let wait = if n.error { 12 } else { 6 };
                set_timeout(
                    move || {
                        if state.notice.get_untracked().as_ref() == Some(&n) {
                            state.notice.set(None);
                        }
                    },
                    Duration::from_secs(wait),
                );
            }
        },
        false,
    );
    view! {
        <div class="live sr-only" aria-live="polite" data-testid="live">{move || state.announcement.get()}</div>
        {move || {
            state.notice.get().map(|n| {
                view! {
                    <div class="notice" class:error=n.error role=if n.error { "alert" } else { "status" } data-testid="notice">
                        <span>{n.text}</span>
                        <button aria-label="Dismiss" on:click=move |_| state.notice.set(None)>"\u{00d7}"</button>
                    </div>
                }
            })
        }}
    }
}
