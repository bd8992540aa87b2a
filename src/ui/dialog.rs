//! A modal dialog: a labelled `role="dialog"` panel over a dimmed page. Escape or the
//! close button calls `on_close`; focus moves into the dialog when it opens and back to
//! where it was when it closes.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[component]
pub fn Dialog(
    /// The heading, also the dialog's accessible name.
    #[prop(into)]
    title: Signal<String>,
    /// Called on Escape and on the close button.
    on_close: Callback<()>,
    /// `data-testid` of the panel.
    testid: &'static str,
    /// A wider panel for long forms.
    #[prop(optional)]
    wide: bool,
    children: Children,
) -> impl IntoView {
    let panel = NodeRef::<html::Div>::new();
    let previous = StoredValue::new_local(
        document().active_element().and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()),
    );
    Effect::new(move |_| {
        if let Some(panel) = panel.get() {
            let target = panel
                .query_selector("[autofocus], input, select, textarea, button:not(.dialog-close)")
                .ok()
                .flatten()
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(t) = target {
                let _ = t.focus();
            }
        }
    });
    on_cleanup(move || {
        if let Some(Some(el)) = previous.try_get_value() {
            let _ = el.focus();
        }
    });
    let title_id = format!("{testid}-title");
    view! {
        <div class="overlay">
            <div
                class="dialog"
                class:wide=wide
                role="dialog"
                aria-modal="true"
                aria-labelledby=title_id.clone()
                data-testid=testid
                node_ref=panel
                on:keydown=move |ev| {
                    if ev.key() == "Escape" {
                        ev.stop_propagation();
                        on_close.run(());
                    }
                }
            >
                <header class="dialog-header">
                    <h2 id=title_id.clone()>{move || title.get()}</h2>
                    <button class="dialog-close" aria-label="Close" on:click=move |_| on_close.run(())>
                        "\u{00d7}"
                    </button>
                </header>
                <div class="dialog-body">{children()}</div>
            </div>
        </div>
    }
}
