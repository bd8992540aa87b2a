//! The header: the organisation's name, undo and redo, import, export, the template
//! picker, and where saving stands.

use leptos::html;
use leptos::prelude::*;

use crate::ui::app::share_dialog;
use crate::ui::browser;
use crate::ui::import_dialog::start_import;
use crate::ui::live::{join_dialog, live_dialog, Live};
use crate::ui::persistence::{Persistence, SaveStatus};
use crate::ui::state::AppState;
use crate::ui::template_picker::TemplatePicker;

/// The toolbar's items, in order (the hidden file input is not one).
fn roving_items(toolbar: NodeRef<html::Div>) -> Vec<web_sys::HtmlElement> {
    use wasm_bindgen::JsCast;
    let Some(tb) = toolbar.get_untracked() else { return Vec::new() };
    let Ok(list) = tb.query_selector_all("button, select") else { return Vec::new() };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<web_sys::HtmlElement>().ok())
        .filter(|e| !e.has_attribute("disabled"))
        .collect()
}

/// Makes `to` (or, if none or not an item, the current stop if still enabled, else the
/// first item) the toolbar's one Tab stop.
fn roving_settle(toolbar: NodeRef<html::Div>, to: Option<web_sys::HtmlElement>) {
    let items = roving_items(toolbar);
    let stop = to
        .filter(|t| items.contains(t))
        .or_else(|| items.iter().find(|e| e.get_attribute("tabindex").as_deref() == Some("0")).cloned())
        .or_else(|| items.first().cloned());
    if let Some(tb) = toolbar.get_untracked() {
        if let Ok(all) = tb.query_selector_all("button, select") {
            for i in 0..all.length() {
                if let Some(Ok(e)) = all.item(i).map(wasm_bindgen::JsCast::dyn_into::<web_sys::Element>) {
                    let _ = e.set_attribute("tabindex", "-1");
                }
            }
        }
    }
    if let Some(s) = stop {
        let _ = s.set_attribute("tabindex", "0");
    }
}

fn roving_focus(toolbar: NodeRef<html::Div>, ev: web_sys::FocusEvent) {
    use wasm_bindgen::JsCast;
    roving_settle(toolbar, ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()));
}

fn roving_key(toolbar: NodeRef<html::Div>, ev: web_sys::KeyboardEvent) {
    let items = roving_items(toolbar);
    let Some(at) = document().active_element().and_then(|a| items.iter().position(|e| **e == a)) else {
        return;
    };
    let to = match ev.key().as_str() {
        "ArrowRight" => (at + 1) % items.len(),
        "ArrowLeft" => (at + items.len() - 1) % items.len(),
        "Home" => 0,
        "End" => items.len() - 1,
        _ => return,
    };
    // Also keeps a select's value from changing under the arrow.
    ev.prevent_default();
    roving_settle(toolbar, Some(items[to].clone()));
    let _ = items[to].focus();
}

#[component]
pub fn Header() -> impl IntoView {
    let state = AppState::expect();
    let persistence = Persistence::expect();
    let file_input = NodeRef::<html::Input>::new();
    let sharing = RwSignal::new(false);
    let org_name = move || state.doc.with(|d| d.model.organisation.name.clone());
    // In a live room undo and redo take back and put back only this browser's edits.
    let undo_label = move || match state.own_undo.get() {
        Some((undo, _)) => undo,
        None => state.doc.with(|d| d.history.undo_label().map(str::to_string)),
    };
    let redo_label = move || match state.own_undo.get() {
        Some((_, redo)) => redo,
        None => state.doc.with(|d| d.history.redo_label().map(str::to_string)),
    };

    let live = Live::expect();
    // The toolbar is one Tab stop; the arrow keys move within it. The stop follows the
    // focus, and moves on when the button holding it is disabled (undo, say).
    let toolbar = NodeRef::<html::Div>::new();
    Effect::new(move |_| {
        let _ = (undo_label(), redo_label());
        request_animation_frame(move || roving_settle(toolbar, None));
    });
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
            <div class="actions" role="toolbar" aria-label="Model actions" node_ref=toolbar on:keydown=move |ev| roving_key(toolbar, ev) on:focusin=move |ev| roving_focus(toolbar, ev)>
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
                <button data-testid="work-live" aria-pressed=move || live.in_room().to_string() on:click=move |_| live.dialog.set(true)>
                    "Work live\u{2026}"
                </button>
                <button class="primary" data-testid="export" on:click=move |_| persistence.export(state)>
                    "Export"
                </button>
            </div>
            <Show when=move || sharing.get()>
                {share_dialog(Callback::new(move |_| sharing.set(false)))}
            </Show>
            <Show when=move || live.dialog.get()>
                {live_dialog()}
            </Show>
            <Show when=move || live.asking.with(Option::is_some)>
                {join_dialog()}
            </Show>
            <div class="status-line">
                <span class=save_class data-testid="save-state">{save_text}</span>
                <span class="exported" data-testid="last-exported">{exported_text}</span>
                <span class="persisted" data-testid="persisted">{persisted_text}</span>
            </div>
        </header>
    }
}
