//! The template picker: loads one of the worked examples through the same preview as an
//! import, so the user sees what it holds and confirms before their model is replaced.

use leptos::prelude::*;

use crate::format::Loaded;
use crate::model::{Date, Model};
use crate::templates;
use crate::ui::deferred::{fetched, Unfetched};
use crate::ui::import_dialog::{ImportOutcome, Origin, PendingImport};
use crate::ui::state::AppState;

fetched! {
    /// A template's name and model. In the release build the templates' code is fetched
    /// the first time one is picked (see scripts/build_wasm).
    fn template_model [preload_templates] (id: String, today: Date) -> Option<(&'static str, Model)> {
        templates::by_id(&id).map(|t| (t.name, t.build(today)))
    }
}

/// Fetches the templates' code ahead of the first pick (after the first render).
#[cfg(feature = "split")]
pub async fn prefetch() -> Result<(), Unfetched> {
    Ok(preload_templates().await?)
}

/// Opens the replace-and-confirm preview for a template.
pub fn offer_template(state: AppState, id: &str) {
    let id = id.to_string();
    leptos::task::spawn_local(async move {
        let (name, model) =
            match template_model(id, state.today).await {
                Ok(Some(found)) => found,
                Ok(None) => return,
                Err(Unfetched) => return state.error(
                    "The templates could not be fetched: the connection may be down. Try again in a moment.",
                ),
            };
        let loaded = Loaded {
            model,
            repairs: Vec::new(),
            schema_found: crate::format::SCHEMA,
            migrations: Vec::new(),
            app: String::new(),
            saved_at: None,
            history: None,
        };
        state.pending_import.set(Some(PendingImport {
            source: format!("the \u{201c}{name}\u{201d} template"),
            outcome: ImportOutcome::Ready(Box::new(loaded)),
            origin: Origin::Template,
        }));
    });
}

#[component]
pub fn TemplatePicker() -> impl IntoView {
    let state = AppState::expect();
    view! {
        <label class="sr-only" for="template-picker">"Start from a template"</label>
        <select
            id="template-picker"
            data-testid="template-picker"
            title="Replace the model with a worked example"
            on:change=move |ev| {
                let id = event_target_value(&ev);
                if !id.is_empty() {
                    offer_template(state, &id);
                }
                if let Some(select) = ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlSelectElement>(t).ok()) {
                    select.set_value("");
                }
            }
        >
            <option value="">"Templates\u{2026}"</option>
            {templates::ALL
                .iter()
                .map(|t| view! { <option value=t.id title=t.summary>{t.name}</option> })
                .collect_view()}
        </select>
    }
}
