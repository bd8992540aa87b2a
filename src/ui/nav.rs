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
    // The screens are tabs: one stop in the Tab order (the open screen's), with Left and
    // Right (Home, End) moving between them and opening each, as tabs do everywhere.
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let n = View::ALL.len();
        let at = View::ALL.iter().position(|v| *v == state.view.get_untracked()).unwrap_or(0);
        let next = match ev.key().as_str() {
            "ArrowRight" => (at + 1) % n,
            "ArrowLeft" => (at + n - 1) % n,
            "Home" => 0,
            "End" => n - 1,
            _ => return,
        };
        ev.prevent_default();
        let v = View::ALL[next];
        state.view.set(v);
        crate::ui::browser::focus_selector(&format!("#tab-{}", v.key()));
    };
    view! {
        <nav class="tabs" aria-label="Screens">
            <div class="tablist" role="tablist" aria-label="Screens" on:keydown=on_key>
            {View::ALL
                .iter()
                .map(|v| {
                    let v = *v;
                    let shown = move || state.view.get() == v;
                    view! {
                        <button
                            class="tab"
                            role="tab"
                            id=format!("tab-{}", v.key())
                            aria-controls="screen"
                            class:active=shown
                            aria-selected=move || if shown() { "true" } else { "false" }
                            tabindex=move || if shown() { "0" } else { "-1" }
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
            </div>
        </nav>
    }
}
