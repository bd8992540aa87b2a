//! The recovery screen, shown instead of the app when the stored model cannot be read
//! (or nothing says which stored copy is current). Nothing is written while it shows.
//! It offers every stored copy that still reads (newest first, each with its time to the
//! second and its revision), a download of everything stored, or a fresh start. Every
//! stored copy stays whichever is chosen: the choice is saved as a new copy.

use leptos::prelude::*;

use crate::model::Model;
use crate::storage::Head;
use crate::ui::browser;
use crate::ui::persistence::{Persistence, Recovery};
use crate::ui::state::AppState;

/// A copy's time as the user reads it: the day and the time to the second (UTC, as
/// stored), so two copies saved in the same minute are told apart.
fn when(head: &Head) -> String {
    let at = head.saved_at();
    let text = at.to_string();
    let time = text.get(11..19).unwrap_or("");
    format!("{} at {time} UTC", at.date().human())
}

#[component]
pub fn RecoveryScreen(recovery: Recovery) -> impl IntoView {
    let state = AppState::expect();
    let p = Persistence::expect();
    let confirm_fresh = RwSignal::new(false);
    let Recovery { problem, good, damaged } = recovery;
    let kept = if good.is_empty() && damaged == 0 {
        String::new()
    } else {
        format!(
            " Stored: {} cop{} that can be opened{}.",
            good.len(),
            if good.len() == 1 { "y" } else { "ies" },
            match damaged {
                0 => String::new(),
                1 => ", 1 that cannot".to_string(),
                n => format!(", {n} that cannot"),
            }
        )
    };
    let copies = good
        .into_iter()
        .enumerate()
        .map(|(i, (model, head))| {
            let label = format!(
                "Restore \u{201c}{}\u{201d}, {} KPIs, saved {} (revision {}){}",
                model.organisation.name,
                model.kpis.len(),
                when(&head),
                head.revision,
                if i == 0 { ", the newest" } else { "" }
            );
            let model = StoredValue::new(model);
            let download = move |_| {
                let text = model.with_value(|m: &Model| crate::format::save(m, browser::now()));
                let file = format!("interlock-copy-{}-{}.json", head.revision, state.today);
                if let Err(e) = browser::download(&file, &text, "application/json") {
                    state.error(format!("The download failed: {e}"));
                }
            };
            let restore = move |_| {
                p.resume_with(state, model.get_value());
                state.info("The copy you chose was restored; every other stored copy is kept.");
            };
            view! {
                <li class="recovery-copy">
                    <button class=if i == 0 { "primary" } else { "" } data-testid="recovery-restore" on:click=restore>{label}</button>
                    <button data-testid="recovery-download-copy" on:click=download>"Download this copy"</button>
                </li>
            }
        })
        .collect_view();
    view! {
        <main class="recovery" data-testid="recovery">
            <h1>"Your saved model could not be opened"</h1>
            <p class="problem" data-testid="recovery-problem">{format!("What went wrong: {problem}.{kept}")}</p>
            <p>"Nothing has been changed or deleted. Choose how to continue:"</p>
            <ul class="recovery-actions recovery-copies">{copies}</ul>
            <div class="recovery-actions">
                <button data-testid="recovery-download-raw" on:click=move |_| p.download_everything(state)>
                    "Download everything stored"
                </button>
                <button data-testid="recovery-fresh" on:click=move |_| confirm_fresh.set(true)>"Start with an empty model"</button>
            </div>
            <Show when=move || confirm_fresh.get()>
                <div class="confirm danger" data-testid="recovery-fresh-confirm">
                    <p>"Your next change is saved as a new copy. The copies stored now stay until three newer ones have been saved: download everything first if you may need them."</p>
                    <button class="danger" data-testid="recovery-fresh-confirm-button" on:click=move |_| p.resume_empty(state)>
                        "Start empty"
                    </button>
                    <button on:click=move |_| confirm_fresh.set(false)>"Go back"</button>
                </div>
            </Show>
        </main>
    }
}
