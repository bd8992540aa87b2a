//! A card's menu: every drop the board allows, without dragging (WCAG 2.2 SC 2.5.7).
//! "Link under…", "Add another parent…", "Move to…", "Give to…" list only the targets
//! the rules allow; "Remove link to…" lists the card's parents. Arrow keys move through
//! the items, Escape closes it and returns focus to the card.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::BoardCtx;
use crate::model::cascade::{self, DropTarget};
use crate::model::{query, Edit, KpiId, Level, Link};
use crate::ui::state::{AppState, KpiEditing};

fn focus_card(id: KpiId) {
    crate::ui::browser::focus_selector(&format!("[data-kpi='{}'] .card-menu-button", id.0));
}

/// Moves focus among the menu's items.
fn step_focus(menu: &web_sys::HtmlElement, step: i32) {
    let Ok(items) = menu.query_selector_all("[role=menuitem]") else { return };
    let n = items.length() as i32;
    if n == 0 {
        return;
    }
    let active = document().active_element();
    let mut current = -1;
    for i in 0..n {
        if let (Some(item), Some(a)) = (items.item(i as u32), active.as_ref()) {
            if item.is_same_node(Some(a)) {
                current = i;
            }
        }
    }
    let next = if current < 0 {
        if step > 0 {
            0
        } else {
            n - 1
        }
    } else {
        (current + step).rem_euclid(n)
    };
    if let Some(el) = items.item(next as u32).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = el.focus();
    }
}

#[component]
pub fn CardMenu() -> impl IntoView {
    let ctx = BoardCtx::expect();
    view! {
        {move || ctx.menu.get().map(|id| view! { <MenuFor id=id /> })}
    }
}

#[component]
fn MenuFor(id: KpiId) -> impl IntoView {
    let state = AppState::expect();
    let ctx = BoardCtx::expect();
    let panel = NodeRef::<html::Div>::new();
    let filter = RwSignal::new(String::new());
    // Place the menu under the card, inside the viewport.
    let (top, left) = {
        let sel = format!("[data-kpi='{}']", id.0);
        document()
            .query_selector(&sel)
            .ok()
            .flatten()
            .map(|el| {
                let r = el.get_bounding_client_rect();
                let w = window().inner_width().ok().and_then(|v| v.as_f64()).unwrap_or(1024.0);
                let h = window().inner_height().ok().and_then(|v| v.as_f64()).unwrap_or(768.0);
                ((r.bottom() + 4.0).min(h - 320.0).max(8.0), r.left().min(w - 340.0).max(8.0))
            })
            .unwrap_or((80.0, 80.0))
    };
    Effect::new(move |_| {
        if let Some(p) = panel.get() {
            step_focus(&p, 1);
        }
    });
    let close = move || {
        ctx.menu.set(None);
        focus_card(id);
    };
    let (name, level, parents, links, adds, departments, people) = state.doc.with_untracked(|d| {
        let m = &d.model;
        let k = query::kpi(m, id);
        let level = k.map_or(Level::Company, |k| k.level);
        let kpi_targets = |add: bool| -> Vec<(DropTarget, String)> {
            cascade::drop_targets(m, id, add)
                .into_iter()
                .filter(|t| matches!(t, DropTarget::Kpi(_)))
                .map(|t| (t, cascade::target_name(m, t)))
                .collect()
        };
        let parents: Vec<(KpiId, String)> = m
            .links
            .iter()
            .filter(|l| l.child == id)
            .map(|l| (l.parent, query::kpi_name(m, l.parent)))
            .collect();
        let others = |pred: fn(&DropTarget) -> bool| -> Vec<(DropTarget, String)> {
            cascade::drop_targets(m, id, false)
                .into_iter()
                .filter(pred)
                .map(|t| (t, cascade::target_name(m, t)))
                .collect()
        };
        (
            query::kpi_name(m, id),
            level,
            parents.clone(),
            kpi_targets(false),
            if parents.is_empty() { Vec::new() } else { kpi_targets(true) },
            others(|t| matches!(t, DropTarget::Department(_))),
            others(|t| matches!(t, DropTarget::Person(_))),
        )
    });
    let apply = move |target: DropTarget, add: bool| {
        let plan = state.doc.with_untracked(|d| cascade::plan_drop(&d.model, id, target, add));
        match plan {
            Ok(plan) => {
                if state.dispatch(plan.edit, "").is_ok() {
                    state.announce(plan.announcement);
                    ctx.menu.set(None);
                    if let Some(pair) = plan.new_link {
                        ctx.rationale.set(Some(pair));
                    } else {
                        focus_card(id);
                    }
                }
            }
            Err(reason) => state.error(reason),
        }
    };
    let section = move |title: &'static str,
                        testid: &'static str,
                        items: Vec<(DropTarget, String)>,
                        add: bool| {
        (!items.is_empty()).then(|| {
            let many = items.len() > 8;
            let items = StoredValue::new(items);
            view! {
                <div class="menu-section" role="group" aria-label=title>
                    <p class="menu-heading">{title}</p>
                    {many.then(|| view! {
                        <input type="search" placeholder="Filter" aria-label=format!("Filter: {title}")
                            prop:value=move || filter.get() on:input=move |ev| filter.set(event_target_value(&ev)) />
                    })}
                    {move || {
                        let f = filter.get().to_lowercase();
                        items.with_value(|items| {
                            items
                                .iter()
                                .filter(|(_, n)| f.is_empty() || n.to_lowercase().contains(&f))
                                .take(40)
                                .map(|(t, n)| {
                                    let t = *t;
                                    view! {
                                        <button role="menuitem" data-testid=testid on:click=move |_| apply(t, add)>{n.clone()}</button>
                                    }
                                })
                                .collect_view()
                        })
                    }}
                </div>
            }
        })
    };
    let level_word = if level == Level::Department { "department" } else { "team" };
    view! {
        <div
            class="card-menu"
            role="menu"
            aria-label=format!("Actions for {name}")
            data-testid="card-menu-popup"
            node_ref=panel
            style:top=format!("{top}px")
            style:left=format!("{left}px")
            on:keydown=move |ev| match ev.key().as_str() {
                "Escape" => {
                    ev.prevent_default();
                    close();
                }
                "ArrowDown" => {
                    ev.prevent_default();
                    if let Some(p) = panel.get_untracked() { step_focus(&p, 1) }
                }
                "ArrowUp" => {
                    ev.prevent_default();
                    if let Some(p) = panel.get_untracked() { step_focus(&p, -1) }
                }
                _ => {}
            }
        >
            <p class="menu-title">{name.clone()}</p>
            <button role="menuitem" data-testid="menu-edit" on:click=move |_| {
                ctx.menu.set(None);
                state.kpi_editor.set(Some(KpiEditing::Existing(id)));
            }>"Edit details\u{2026}"</button>
            {section(if parents.is_empty() { "Link under" } else { "Move under" }, "menu-link", links, false)}
            {section("Add another parent", "menu-add-parent", adds, true)}
            {section(if level == Level::Company { "" } else { "Move to department" }, "menu-move", departments, false)}
            {section("Give to", "menu-give", people, false)}
            {(!parents.is_empty()).then(|| view! {
                <div class="menu-section" role="group" aria-label="Remove a link">
                    <p class="menu-heading">{format!("Links of this {level_word} KPI")}</p>
                    {parents.into_iter().map(|(p, pname)| view! {
                        <button role="menuitem" class="danger" data-testid="menu-unlink" on:click=move |_| {
                            if state.dispatch(Edit::remove::<Link>((id, p)), "").is_ok() {
                                ctx.menu.set(None);
                                focus_card(id);
                            }
                        }>{format!("Remove link to \u{201c}{pname}\u{201d}")}</button>
                    }).collect_view()}
                </div>
            })}
            <button role="menuitem" on:click=move |_| close()>"Close"</button>
        </div>
        <div class="menu-backdrop" on:click=move |_| close()></div>
    }
}
