//! The prompt that follows a new link: one sentence on how the child moves the parent.
//! It can be skipped (the rationale check then flags the link), and saving it is its own
//! undoable edit.

use leptos::html;
use leptos::prelude::*;

use super::BoardCtx;
use crate::model::{query, Edit, Link};
use crate::ui::state::AppState;

#[component]
pub fn RationalePrompt() -> impl IntoView {
    let ctx = BoardCtx::expect();
    view! { {move || ctx.rationale.get().map(|pair| view! { <Prompt pair=pair /> })} }
}

#[component]
fn Prompt(pair: (crate::model::KpiId, crate::model::KpiId)) -> impl IntoView {
    let state = AppState::expect();
    let ctx = BoardCtx::expect();
    let input = NodeRef::<html::Input>::new();
    let (child, parent, current) = state.doc.with_untracked(|d| {
        let m = &d.model;
        let current = m
            .links
            .iter()
            .find(|l| l.child == pair.0 && l.parent == pair.1)
            .map(|l| l.rationale.clone())
            .unwrap_or_default();
        (query::kpi_name(m, pair.0), query::kpi_name(m, pair.1), current)
    });
    let text = RwSignal::new(current.clone());
    Effect::new(move |_| {
        if let Some(i) = input.get() {
            let _ = i.focus();
        }
    });
    let done = move || {
        ctx.rationale.set(None);
        // Back to the card that was linked, once the board has drawn the new link.
        let sel = format!("[data-kpi='{}']", pair.0 .0);
        request_animation_frame(move || {
            crate::ui::browser::focus_selector(&sel);
        });
    };
    let save = move || {
        let rationale = text.get_untracked().trim().to_string();
        // Untouched, the prompt writes nothing: the link may have a newer rationale by
        // now (another tab, an undo), which the text it started with would undo.
        if rationale == current.trim() {
            return done();
        }
        let link = state.doc.with_untracked(|d| {
            d.model.links.iter().find(|l| l.child == pair.0 && l.parent == pair.1).cloned()
        });
        if let Some(link) = link {
            if state.dispatch(Edit::update(Link { rationale, ..link }), "").is_ok() {
                state.announce("Rationale saved");
            }
        }
        done();
    };
    view! {
        <form class="rationale-prompt" data-testid="rationale-prompt" on:submit=move |ev| { ev.prevent_default(); save(); }
            on:keydown=move |ev| if ev.key() == "Escape" { ev.prevent_default(); done(); }>
            <label for="rationale-input">
                {format!("In one sentence: how does \u{201c}{child}\u{201d} move \u{201c}{parent}\u{201d}?")}
            </label>
            <input id="rationale-input" type="text" node_ref=input data-testid="rationale-input"
                placeholder="e.g. Each extra qualified lead adds pipeline that closes within a quarter"
                prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev)) />
            <button type="submit" class="primary" data-testid="rationale-save">"Save"</button>
            <button type="button" data-testid="rationale-skip" on:click=move |_| done()>"Skip for now"</button>
        </form>
    }
}
