//! The tabs between the app's screens.

use leptos::prelude::*;

use crate::ui::state::{AppState, View};

#[component]
pub fn Nav() -> impl IntoView {
    let state = AppState::expect();
    view! {
        <nav class="tabs" aria-label="Screens">
            {View::ALL
                .iter()
                .map(|v| {
                    let v = *v;
                    view! {
                        <button
                            class="tab"
                            class:active=move || state.view.get() == v
                            aria-current=move || if state.view.get() == v { "page" } else { "false" }
                            data-testid=format!("tab-{}", v.key())
                            on:click=move |_| state.view.set(v)
                        >
                            {v.label()}
                        </button>
                    }
                })
                .collect_view()}
        </nav>
    }
}
