//! Importing a model: from the file picker, a file dropped anywhere on the page, a
//! template, or a share link. Nothing changes until the user has seen what the file
//! holds (counts against the current model, what restore repaired, or why it cannot be
//! read) and confirmed; the replacement is then one undoable step.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::format::{self, Counts, Loaded};
use crate::model::Edit;
use crate::ui::browser;
use crate::ui::dialog::Dialog;
use crate::ui::state::AppState;

/// The preview lists this many repairs and counts the rest: a hostile file can need
/// thousands, and the dialog must stay quick and readable.
const REPAIRS_SHOWN: usize = 50;

/// Where an import stands.
#[derive(Clone, Debug)]
pub enum ImportOutcome {
    Reading,
    Ready(Box<Loaded>),
    Failed(String),
}

/// An import waiting for the user's decision.
#[derive(Clone, Debug)]
pub struct PendingImport {
    /// What is being imported, e.g. `“acme.json”` or `the Retail template`.
    pub source: String,
    pub outcome: ImportOutcome,
}

/// Reads a picked or dropped file and opens the import preview.
pub fn start_import(state: AppState, file: web_sys::File) {
    let source = format!("\u{201c}{}\u{201d}", crate::model::text::excerpt(&file.name(), 80));
    state.pending_import.set(Some(PendingImport { source: source.clone(), outcome: ImportOutcome::Reading }));
    leptos::task::spawn_local(async move {
        let outcome = match browser::read_file(file, format::MAX_BYTES).await {
            Err(e) => ImportOutcome::Failed(e),
            Ok(bytes) => match format::load_bytes(&bytes) {
                Ok(loaded) => ImportOutcome::Ready(Box::new(loaded)),
                Err(e) => ImportOutcome::Failed(e.to_string()),
            },
        };
        state.pending_import.set(Some(PendingImport { source, outcome }));
    });
}

/// Lets a file dropped anywhere on the page start an import; shows a drop hint while a
/// file is dragged over the page.
pub fn use_file_drop(state: AppState) -> RwSignal<bool> {
    let over = RwSignal::new(false);
    let has_files = |ev: &web_sys::Event| {
        ev.dyn_ref::<web_sys::DragEvent>()
            .and_then(|e| e.data_transfer())
            .is_some_and(|dt| dt.types().iter().any(|t| t.as_string().as_deref() == Some("Files")))
    };
    let on_over = window_event_listener_untyped("dragover", move |ev| {
        if has_files(&ev) {
            ev.prevent_default();
            over.set(true);
        }
    });
    let on_leave = window_event_listener_untyped("dragleave", move |ev| {
        let left_window = ev.dyn_ref::<web_sys::DragEvent>().is_some_and(|e| e.related_target().is_none());
        if left_window {
            over.set(false);
        }
    });
    let on_drop = window_event_listener_untyped("drop", move |ev| {
        over.set(false);
        let Some(file) = ev
            .dyn_ref::<web_sys::DragEvent>()
            .and_then(|e| e.data_transfer())
            .and_then(|dt| dt.files())
            .and_then(|f| f.get(0))
        else {
            return;
        };
        ev.prevent_default();
        start_import(state, file);
    });
    on_cleanup(move || {
        on_over.remove();
        on_leave.remove();
        on_drop.remove();
    });
    over
}

#[component]
pub fn ImportDialog(pending: PendingImport) -> impl IntoView {
    let state = AppState::expect();
    let close = Callback::new(move |_| state.pending_import.set(None));
    let PendingImport { source, outcome } = pending;
    let title = format!("Import {source}");
    let body = match outcome {
        ImportOutcome::Reading => view! {
            <p class="loading" data-testid="import-reading" aria-busy="true">"Reading the file\u{2026}"</p>
        }
        .into_any(),
        ImportOutcome::Failed(e) => view! {
            <div class="import-error" role="alert" data-testid="import-error">
                <p><strong>"This file cannot be imported."</strong></p>
                <p>{e}</p>
                <p>"Your model has not been changed."</p>
            </div>
            <footer class="dialog-actions">
                <button class="primary" on:click=move |_| close.run(())>"Close"</button>
            </footer>
        }
        .into_any(),
        ImportOutcome::Ready(loaded) => {
            let now = state.doc.with_untracked(|d| Counts::of(&d.model));
            let incoming = Counts::of(&loaded.model);
            let name = crate::model::text::excerpt(&loaded.model.organisation.name, 80);
            let about = format!(
                "\u{201c}{name}\u{201d}{}{}",
                if loaded.app.is_empty() {
                    String::new()
                } else {
                    format!(", written by {}", crate::model::text::excerpt(&loaded.app, 60))
                },
                loaded.saved_at.map(|t| format!(" on {}", t.date())).unwrap_or_default()
            );
            let migrations = loaded.migrations.clone();
            let repairs = loaded.repairs.clone();
            let model = StoredValue::new(Some(loaded.model));
            let source_for_notice = source.clone();
            let confirm = move |_| {
                let Some(m) = model.try_update_value(Option::take).flatten() else { return };
                if state.dispatch(Edit::Replace(Box::new(m)), "").is_ok() {
                    state.pending_import.set(None);
                    state.announce(format!(
                        "Imported {source_for_notice}. Undo brings your previous model back."
                    ));
                }
            };
            view! {
                <p data-testid="import-about">{about}</p>
                <table class="compare" data-testid="import-counts">
                    <thead><tr><th></th><th class="num">"Now"</th><th class="num">"In the file"</th></tr></thead>
                    <tbody>
                        {now.rows().into_iter().zip(incoming.rows()).map(|((label, a), (_, b))| view! {
                            <tr><th scope="row">{label}</th><td class="num">{a}</td><td class="num">{b}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
                {(!migrations.is_empty()).then(|| view! {
                    <p class="hint" data-testid="import-migrations">{format!("Upgraded from an older format: {}", migrations.join("; "))}</p>
                })}
                {(!repairs.is_empty()).then(|| {
                    let total = repairs.len();
                    let hidden = total.saturating_sub(REPAIRS_SHOWN);
                    view! {
                        <div class="repairs" data-testid="import-repairs">
                            <p><strong>{if total == 1 {
                                "1 thing in the file was repaired or needs attention:".to_string()
                            } else {
                                format!("{total} things in the file were repaired or need attention:")
                            }}</strong></p>
                            <ul>
                                {repairs.into_iter().take(REPAIRS_SHOWN).map(|r| view! {
                                    <li class:kept=!r.changed><code>{crate::model::text::excerpt(&r.at, 80)}</code>" \u{2014} "{crate::model::text::excerpt(&r.message, 400)}</li>
                                }).collect_view()}
                            </ul>
                            {(hidden > 0).then(|| view! {
                                <p class="hint" data-testid="import-repairs-more">{format!("\u{2026} and {hidden} more of the same kinds.")}</p>
                            })}
                        </div>
                    }
                })}
                <p>"Importing replaces your current model. You can undo it afterwards."</p>
                <footer class="dialog-actions">
                    <button class="primary" data-testid="import-confirm" on:click=confirm>"Replace my model"</button>
                    <button data-testid="import-cancel" on:click=move |_| close.run(())>"Cancel"</button>
                </footer>
            }
            .into_any()
        }
    };
    view! {
        <Dialog title=title on_close=close testid="import-dialog">
            {body}
        </Dialog>
    }
}
