//! The header: the organisation's name, undo and redo, import, export, the template
//! picker, and where saving stands.

use leptos::html;
use leptos::prelude::*;

use crate::ui::app::share_dialog;
use crate::ui::browser;
use crate::ui::import_dialog::start_import;
use crate::ui::persistence::{Persistence, SaveStatus};
use crate::ui::state::AppState;
use crate::ui::template_picker::TemplatePicker;

#[component]
pub fn Header() -> impl IntoView {
    let state = AppState::expect();
    let persistence = Persistence::expect();
    let file_input = NodeRef::<html::Input>::new();
    let sharing = RwSignal::new(false);
    let org_name = move || state.doc.with(|d| d.model.organisation.name.clone());
    let undo_label = move || state.doc.with(|d| d.history.undo_label().map(str::to_string));
    let redo_label = move || state.doc.with(|d| d.history.redo_label().map(str::to_string));

    let save_text = move || match persistence.status.get() {
        SaveStatus::Idle => "Not saved yet".to_string(),
        SaveStatus::Pending => "Saving\u{2026}".to_string(),
        SaveStatus::Saved(at) => format!("Saved {}", browser::ago(at, browser::now())),
        SaveStatus::Failed(_) => "Not saved".to_string(),
        SaveStatus::Unavailable => "Not saved (storage off)".to_string(),
    };
    let save_class = move || match persistence.status.get() {
        SaveStatus::Failed(_) | SaveStatus::Unavailable => "save-state bad",
        SaveStatus::Pending => "save-state pending",
        _ => "save-state",
    };
    let exported_text = move || match persistence.last_exported.get() {
        Some(at) => format!("Exported {}", browser::ago(at, browser::now())),
        None => "Never exported".to_string(),
    };
    let persisted_text = move || match persistence.persisted.get() {
        Some(true) => "Storage: kept by the browser",
        Some(false) => "Storage: may be cleared by the browser when space runs low",
        None => "",
    };

    view! {
        <header class="app-header">
            <div class="brand">
                <span class="logo" aria-hidden="true">"\u{25ce}"</span>
                <h1 data-testid="org-name">{org_name}</h1>
            </div>
            <div class="actions" role="toolbar" aria-label="Model actions">
                <button
                    data-testid="undo"
                    aria-keyshortcuts="Control+Z"
                    prop:disabled=move || undo_label().is_none()
                    title=move || undo_label().map(|l| format!("Undo: {l} (Ctrl+Z)")).unwrap_or_else(|| "Nothing to undo: undo reaches back to when this page was opened".into())
                    on:click=move |_| state.undo()
                >
                    "Undo"
                </button>
                <button
                    data-testid="redo"
                    aria-keyshortcuts="Control+Shift+Z"
                    prop:disabled=move || redo_label().is_none()
                    title=move || redo_label().map(|l| format!("Redo: {l} (Ctrl+Shift+Z)")).unwrap_or_else(|| "Nothing to redo".into())
                    on:click=move |_| state.redo()
                >
                    "Redo"
                </button>
                <TemplatePicker />
                <button data-testid="import" on:click=move |_| {
                    if let Some(input) = file_input.get() {
                        input.click();
                    }
                }>
                    "Import\u{2026}"
                </button>
                <input
                    type="file"
                    accept=".json,application/json"
                    class="hidden"
                    data-testid="import-file"
                    node_ref=file_input
                    on:change=move |_| {
                        if let Some(input) = file_input.get() {
                            if let Some(file) = input.files().and_then(|f| f.get(0)) {
                                start_import(state, file);
                            }
                            input.set_value("");
                        }
                    }
                />
                <button data-testid="share" on:click=move |_| sharing.set(true)>"Share link\u{2026}"</button>
                <button class="primary" data-testid="export" on:click=move |_| persistence.export(state)>
                    "Export"
                </button>
            </div>
            <Show when=move || sharing.get()>
                {share_dialog(Callback::new(move |_| sharing.set(false)))}
            </Show>
            <div class="status-line">
                <span class=save_class data-testid="save-state">{save_text}</span>
                <span class="exported" data-testid="last-exported">{exported_text}</span>
                <span class="persisted" data-testid="persisted">{persisted_text}</span>
            </div>
        </header>
    }
}
