//! The tabs between the app's screens.

use leptos::prelude::*;

use crate::checks::{self, Checked, Severity};
use crate::ui::state::{AppState, View};

#[component]
pub fn Nav() -> impl IntoView {
    let state = AppState::expect();
    // Open errors and warnings, shown on the Checks tab.
    let open = Memo::new(move |_| {
        state.checks.with(|Checked { findings: f, .. }| {
            state.doc.with(|d| {
                let (open, _) = checks::split_acknowledged(&d.model, f);
                let n = |s| open.iter().filter(|x| x.severity == s).count();
                (n(Severity::Error), n(Severity::Warning))
            })
        })
    });
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
                            {(v == View::Checks).then(|| view! {
                                <span class="tab-badges" data-testid="checks-badge">
                                    {move || {
                                        let (e, w) = open.get();
                                        view! {
                                            {(e > 0).then(|| view! { <span class="badge error" title="errors">{e}</span> })}
                                            {(w > 0).then(|| view! { <span class="badge warning" title="warnings">{w}</span> })}
                                        }
                                    }}
                                </span>
                            })}
                        </button>
                    }
                })
                .collect_view()}
        </nav>
    }
}
