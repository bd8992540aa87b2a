//! The recovery screen, shown instead of the app when the stored model cannot be read.
//! Nothing is written while it shows. It offers the last good copy, the damaged text as
//! a download, or a fresh start.

use leptos::prelude::*;

use crate::ui::browser;
use crate::ui::persistence::{Persistence, Recovery};
use crate::ui::state::AppState;

#[component]
pub fn RecoveryScreen(recovery: Recovery) -> impl IntoView {
    let state = AppState::expect();
    let p = Persistence::expect();
    let confirm_fresh = RwSignal::new(false);
    let Recovery { problem, raw, backup } = recovery;
    let raw = StoredValue::new(raw);
    let backup = StoredValue::new(backup);
    let download_raw = move |_| {
        let file = format!("interlock-damaged-{}.txt", state.today);
        if let Err(e) = raw.with_value(|r| browser::download(&file, r, "text/plain")) {
            state.error(format!("The download failed: {e}"));
        }
    };
    let download_backup = move |_| {
        backup.with_value(|b| {
            if let Some((m, _)) = b {
                let text = crate::format::save(m, browser::now());
                let _ = browser::download(
                    &format!("interlock-last-good-{}.json", state.today),
                    &text,
                    "application/json",
                );
            }
        });
    };
    let restore = move |_| {
        if let Some((m, _)) = backup.get_value() {
            p.resume_with(state, m);
            state.info("The last good copy was restored.");
        }
    };
    view! {
        <main class="recovery" data-testid="recovery">
            <h1>"Your saved model could not be opened"</h1>
            <p class="problem" data-testid="recovery-problem">{format!("What went wrong: {problem}.")}</p>
            <p>"Nothing has been changed or deleted. Choose how to continue:"</p>
            <div class="recovery-actions">
                {move || backup.with_value(|b| b.as_ref().map(|(m, at)| {
                    let label = format!(
                        "Restore the last good copy: \u{201c}{}\u{201d}, {} KPIs, saved {}",
                        m.organisation.name,
                        m.kpis.len(),
                        at.date().human()
                    );
                    view! {
                        <button class="primary" data-testid="recovery-restore" on:click=restore>{label}</button>
                        <button data-testid="recovery-download-backup" on:click=download_backup>"Download the last good copy"</button>
                    }
                }))}
                <button data-testid="recovery-download-raw" on:click=download_raw>"Download the damaged data as text"</button>
                <button data-testid="recovery-fresh" on:click=move |_| confirm_fresh.set(true)>"Start with an empty model"</button>
            </div>
            <Show when=move || confirm_fresh.get()>
                <div class="confirm danger" data-testid="recovery-fresh-confirm">
                    <p>"The damaged copy will be overwritten by your next change. Download it first if you may need it."</p>
                    <button class="danger" data-testid="recovery-fresh-confirm-button" on:click=move |_| p.resume_empty(state)>
                        "Start empty"
                    </button>
                    <button on:click=move |_| confirm_fresh.set(false)>"Go back"</button>
                </div>
            </Show>
        </main>
    }
}
