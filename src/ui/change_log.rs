//! The change log: every change to what the company measures, newest first, with who
//! made it, when, and why.

use leptos::prelude::*;

use crate::ui::state::AppState;

#[component]
pub fn ChangeLog() -> impl IntoView {
    let state = AppState::expect();
    let entries = move || {
        state.doc.with(|d| {
            d.model.governance.change_log.iter().rev().take(500).cloned().enumerate().collect::<Vec<_>>()
        })
    };
    let total = move || state.doc.with(|d| d.model.governance.change_log.len());
    view! {
        <section class="panel" aria-labelledby="log-title">
            <h2 id="log-title">"Change log"</h2>
            <p class="hint">{move || format!("{} change(s) recorded. Entering actuals and answering the questionnaire are not logged.", total())}</p>
            <table class="log" tabindex="0" data-testid="change-log">
                <thead><tr><th>"When (UTC)"</th><th>"Who"</th><th>"What changed"</th><th>"Why"</th></tr></thead>
                <tbody>
                    {move || entries().into_iter().map(|(_, e)| view! {
                        <tr>
                            <td class="nowrap">{e.at.human()}</td>
                            <td>{if e.by.is_empty() { "\u{2014}".to_string() } else { e.by }}</td>
                            <td>{e.what}</td>
                            <td>{e.why}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}
