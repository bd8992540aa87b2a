//! The links drawn between cards: one SVG path from each child's left edge to each
//! parent's right edge. The SVG lives inside the scrolling content, so scrolling moves
//! it with the cards; positions are measured again whenever what is shown changes or
//! the window resizes. Only links between rendered cards are drawn (a folded group says
//! how many KPIs it feeds instead), which keeps the page small for large models.
//! Clicking a connector selects it, and the link bar can remove it.

use std::collections::{HashMap, HashSet};

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::BoardCtx;
use crate::model::{query, Edit, KpiId, Link};
use crate::ui::state::AppState;

/// Where an anchor (card or group header) sits inside the board content: left edge,
/// right edge, vertical middle.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spot {
    pub left: f64,
    pub right: f64,
    pub mid: f64,
}

/// Measured anchors, by their `data-anchor` value, and the content's size.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Anchors {
    pub spots: HashMap<String, Spot>,
    pub width: f64,
    pub height: f64,
}

/// Reads every `[data-anchor]` position relative to the content element.
pub fn measure(content: &web_sys::HtmlDivElement) -> Anchors {
    let origin = content.get_bounding_client_rect();
    let mut spots = HashMap::new();
    if let Ok(list) = content.query_selector_all("[data-anchor]") {
        for i in 0..list.length() {
            let Some(el) = list.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) else { continue };
            let Some(key) = el.get_attribute("data-anchor") else { continue };
            let r = el.get_bounding_client_rect();
            spots.insert(
                key,
                Spot {
                    left: r.left() - origin.left(),
                    right: r.right() - origin.left(),
                    mid: r.top() - origin.top() + r.height() / 2.0,
                },
            );
        }
    }
    Anchors { spots, width: f64::from(content.scroll_width()), height: f64::from(content.scroll_height()) }
}

/// One drawn connector.
#[derive(Clone, Debug, PartialEq)]
pub struct Wire {
    pub d: String,
    pub link: (KpiId, KpiId),
}

/// The connectors between the cards that are measured (rendered).
pub fn wires(links: &[Link], a: &Anchors) -> Vec<Wire> {
    links
        .iter()
        .filter_map(|l| {
            let c = a.spots.get(&format!("kpi:{}", l.child.0))?;
            let p = a.spots.get(&format!("kpi:{}", l.parent.0))?;
            // Children sit to the right of their parents; curve between the facing edges.
            let (x1, y1, x2, y2) = (c.left, c.mid, p.right, p.mid);
            let bend = ((x1 - x2).abs() / 2.0).max(24.0);
            Some(Wire {
                d: format!(
                    "M{x1:.1},{y1:.1} C{:.1},{y1:.1} {:.1},{y2:.1} {x2:.1},{y2:.1}",
                    x1 - bend,
                    x2 + bend
                ),
                link: (l.child, l.parent),
            })
        })
        .collect()
}

#[component]
pub fn Connectors() -> impl IntoView {
    let state = AppState::expect();
    let ctx = BoardCtx::expect();
    let drawn = Memo::new(move |_| ctx.anchors.with(|a| state.doc.with(|d| wires(&d.model.links, a))));
    let size = move || ctx.anchors.with(|a| (a.width, a.height));
    view! {
        <svg
            class="connectors"
            aria-hidden="true"
            width=move || size().0.to_string()
            height=move || size().1.to_string()
            data-testid="connectors"
        >
            {move || {
                let path: HashSet<KpiId> = ctx.path.get();
                let selected = ctx.selected_link.get();
                drawn
                    .get()
                    .into_iter()
                    .map(|w| {
                        let (c, p) = w.link;
                        view! {
                            <path
                                d=w.d
                                class="wire"
                                class:on-path=path.contains(&c) && path.contains(&p)
                                class:selected=selected == Some(w.link)
                                data-link=format!("{}>{}", c.0, p.0)
                                on:click=move |_| ctx.selected_link.set(Some(w.link))
                            ></path>
                        }
                    })
                    .collect_view()
            }}
        </svg>
    }
}

/// The bar shown while a connector is selected: what it links, and how to remove it.
#[component]
pub fn LinkBar() -> impl IntoView {
    let state = AppState::expect();
    let ctx = BoardCtx::expect();
    let text = move || {
        ctx.selected_link.get().map(|(c, p)| {
            state.doc.with(|d| {
                let m = &d.model;
                let rationale = m
                    .links
                    .iter()
                    .find(|l| l.child == c && l.parent == p)
                    .map(|l| l.rationale.clone())
                    .unwrap_or_default();
                (
                    format!(
                        "\u{201c}{}\u{201d} \u{2192} \u{201c}{}\u{201d}",
                        query::kpi_name(m, c),
                        query::kpi_name(m, p)
                    ),
                    if rationale.is_empty() { "No rationale yet.".to_string() } else { rationale },
                )
            })
        })
    };
    view! {
        {move || text().map(|(what, why)| view! {
            <div class="link-bar" role="region" aria-label="Selected link" data-testid="link-bar">
                <strong>{what}</strong>
                <span class="hint">{why}</span>
                <button data-testid="link-rationale" on:click=move |_| {
                    ctx.rationale.set(ctx.selected_link.get_untracked());
                }>"Edit rationale"</button>
                <button class="danger" data-testid="link-remove" on:click=move |_| {
                    if let Some(pair) = ctx.selected_link.get_untracked() {
                        if state.dispatch(Edit::remove::<Link>(pair), "").is_ok() {
                            ctx.selected_link.set(None);
                        }
                    }
                }>"Remove link"</button>
                <button on:click=move |_| ctx.selected_link.set(None)>"Close"</button>
            </div>
        })}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spot(left: f64, mid: f64) -> Spot {
        Spot { left, right: left + 100.0, mid }
    }

    #[test]
    fn a_wire_runs_from_the_childs_left_to_the_parents_right_only_between_rendered_cards() {
        let mut a = Anchors::default();
        a.spots.insert("kpi:1".into(), spot(0.0, 50.0));
        a.spots.insert("kpi:2".into(), spot(300.0, 80.0));
        let link = |c, p| Link::new(KpiId(c), KpiId(p), "");
        let w = wires(&[link(2, 1), link(4, 1)], &a);
        assert_eq!(w.len(), 1, "kpi 4 is not rendered (folded)");
        assert!(w[0].d.starts_with("M300.0,80.0") && w[0].d.ends_with("100.0,50.0"), "{}", w[0].d);
        assert_eq!(w[0].link, (KpiId(2), KpiId(1)));
    }
}
