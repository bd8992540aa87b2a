//! One KPI card: name, owner, leading/lagging, status from actuals, and the number of
//! open findings. It is a drop target, can be picked up (pointer or Space), highlights
//! its path when hovered or focused, and has a menu for doing everything without a drag.

use leptos::prelude::*;

use super::data::Card;
use super::{drop_attr, BoardCtx};
use crate::model::cascade::DropTarget;
use crate::model::Level;
use crate::ui::state::{AppState, KpiEditing};

#[component]
pub fn CardView(card: Card) -> impl IntoView {
    let state = AppState::expect();
    let ctx = BoardCtx::expect();
    let id = card.id;
    let target = DropTarget::Kpi(id);
    let drag_class = move || {
        ctx.drag.with(|d| match d {
            None => "",
            Some(d) if d.kpi == id => "picked",
            Some(d) if d.over == Some(target) => {
                if d.valid.contains(&target) {
                    "over drop-ok"
                } else {
                    "over drop-no"
                }
            }
            Some(d) if d.valid.contains(&target) => "drop-ok",
            Some(_) => "drop-no",
        })
    };
    let on_path = move || ctx.path.with(|p| p.contains(&id));
    // Involved in the finding selected on the Checks screen.
    let flagged = move || state.highlight.with(|h| h.as_ref().is_some_and(|(_, ks)| ks.contains(&id)));
    let name = card.name.clone();
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        let key = ev.key();
        let picked_here = ctx.drag.with_untracked(|d| d.as_ref().is_some_and(|d| d.keyboard && d.kpi == id));
        if picked_here {
            use super::drag::Step;
            let step = match key.as_str() {
                "ArrowRight" => Some(Step::Next),
                "ArrowLeft" => Some(Step::Prev),
                "ArrowDown" => Some(Step::Down),
                "ArrowUp" => Some(Step::Up),
                _ => None,
            };
            if let Some(step) = step {
                ev.prevent_default();
                super::drag::keyboard_step(state, ctx, step);
                return;
            }
            match key.as_str() {
                "Enter" => {
                    ev.prevent_default();
                    ctx.set_add_parent(state, ev.shift_key());
                    ctx.drop_here(state);
                }
                "Escape" => {
                    ev.prevent_default();
                    ctx.cancel(state);
                }
                "Shift" => ctx.set_add_parent(state, true),
                "Tab" => ctx.cancel(state),
                _ => {}
            }
            return;
        }
        match key.as_str() {
            " " | "Spacebar" => {
                ev.prevent_default();
                ctx.pick_up(state, id, true, false);
                let n = ctx.drag.with_untracked(|d| d.as_ref().map_or(0, |d| d.order.len()));
                state.announce(format!(
                    "Picked up \u{201c}{}\u{201d}. {n} place{} to drop it: arrow keys choose, Enter drops, Shift+Enter adds a parent, Escape cancels.",
                    name,
                    if n == 1 { "" } else { "s" }
                ));
            }
            "Enter" => {
                ev.prevent_default();
                state.kpi_editor.set(Some(KpiEditing::Existing(id)));
            }
            "ContextMenu" => {
                ev.prevent_default();
                ctx.menu.set(Some(id));
            }
            _ => {}
        }
    };
    let level = match card.level {
        Level::Company => "company",
        Level::Department => "department",
        Level::Team => "team",
    };
    let label = format!(
        "{}, {} KPI, owner {}, {}, {}{}",
        card.name,
        level,
        card.owner,
        if card.leading { "leading" } else { "lagging" },
        card.status.label(),
        if card.findings > 0 { format!(", {} finding(s)", card.findings) } else { String::new() }
    );
    view! {
        <div
            class=move || format!("card {} {}", card.status.key(), drag_class())
            class:on-path=on_path
            class:highlighted=flagged
            data-kpi=id.0.to_string()
            data-drop=drop_attr(target)
            data-anchor=format!("kpi:{}", id.0)
            data-testid="card"
            tabindex="0"
            role="group"
            aria-roledescription="draggable KPI card"
            aria-label=label
            aria-describedby="board-help"
            on:pointerdown=move |ev| super::drag::pointer_down(state, ctx, id, ev)
            on:keydown=on_keydown
            on:mouseenter=move |_| ctx.hover.set(Some(id))
            on:mouseleave=move |_| ctx.hover.set(None)
            on:focus=move |_| ctx.hover.set(Some(id))
            on:blur=move |_| {
                ctx.hover.set(None);
                if ctx.drag.with_untracked(|d| d.as_ref().is_some_and(|d| d.keyboard && d.kpi == id)) {
                    ctx.cancel(state);
                }
            }
        >
            <span class="card-name">{card.name.clone()}</span>
            <crate::ui::live::Holding kpi=id />
            <span class="card-meta">
                {format!("{} \u{00b7} {}", card.owner, if card.leading { "Leading" } else { "Lagging" })}
            </span>
            <span class=format!("status {}", card.status.key())>{card.status.label()}</span>
            {(card.findings > 0).then(|| view! {
                <span class="badge finding-count" title="open findings" data-testid="card-findings">{card.findings}</span>
            })}
            <button
                class="card-menu-button"
                aria-label=format!("Actions for {}", card.name)
                aria-haspopup="menu"
                data-testid="card-menu"
                on:pointerdown=|ev| ev.stop_propagation()
                on:click=move |_| ctx.menu.set(Some(id))
            >
                "\u{22ef}"
            </button>
        </div>
    }
}
