//! A modal dialog: a labelled `role="dialog"` panel over a dimmed page. Escape or the
//! close button calls `on_close`; focus moves into the dialog when it opens and back to
//! where it was when it closes. A dialog holding typed input that is not saved (its
//! `unsaved` signal) asks before Escape or the close button discards it.

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
    /// True while the dialog holds input that closing would lose.
    #[prop(optional, into)]
    unsaved: Option<Signal<bool>>,
    children: Children,
) -> impl IntoView {
    let panel = NodeRef::<html::Div>::new();
    let keep = NodeRef::<html::Button>::new();
    let asking = RwSignal::new(false);
    // Where the focus was when the question came up, to go back to when the answer is
    // to keep editing.
    let before_question = StoredValue::new_local(None::<web_sys::HtmlElement>);
    let leave = move || {
        if unsaved.is_some_and(|u| u.get_untracked()) {
            before_question.set_value(
                document().active_element().and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()),
            );
            asking.set(true);
        } else {
            on_close.run(());
        }
    };
    let keep_editing = move || {
        asking.set(false);
        request_animation_frame(move || {
            if let Some(Some(el)) = before_question.try_get_value() {
                if el.is_connected() {
                    let _ = el.focus();
                }
            }
        });
    };
    // The question takes focus on its safe answer, so Enter keeps the work.
    Effect::new(move |_| {
        if asking.get() {
            if let Some(b) = keep.get() {
                let _ = b.focus();
            }
        }
    });
    let previous = StoredValue::new_local(
        document().active_element().and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()),
    );
    // The first field takes the focus as soon as the panel is in the page: a frame later
    // left the focus on the button that opened the dialog, and a key typed in that frame
    // went there. Only a panel not in the page yet (an element outside the page cannot
    // take focus) waits for the next frame.
    let focus_first = |panel: &web_sys::HtmlDivElement| {
        let target = panel
            .query_selector("[autofocus], input, select, textarea, button:not(.dialog-close)")
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(t) = target {
            let _ = t.focus();
        }
    };
    Effect::new(move |_| {
        if let Some(panel) = panel.get() {
            if panel.is_connected() {
                focus_first(&panel);
            } else {
                request_animation_frame(move || focus_first(&panel));
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
                        if asking.get_untracked() {
                            keep_editing();
                        } else {
                            leave();
                        }
                    }
                }
            >
                <div class="dialog-header">
                    <h2 id=title_id.clone()>{move || title.get()}</h2>
                    <button class="dialog-close" aria-label="Close" on:click=move |_| leave()>
                        "\u{00d7}"
                    </button>
                </div>
                <Show when=move || asking.get()>
                    <div class="discard-question" role="alertdialog" aria-label="Discard changes?" data-testid="discard-question">
                        <p>"Close without saving? What you typed here will be lost."</p>
                        <button class="primary" node_ref=keep data-testid="discard-keep" on:click=move |_| keep_editing()>
                            "Keep editing"
                        </button>
                        <button data-testid="discard-confirm" on:click=move |_| on_close.run(())>"Discard changes"</button>
                    </div>
                </Show>
                <div class="dialog-body">{children()}</div>
            </div>
        </div>
    }
}
