//! The links drawn between cards: one SVG path from each child's left edge to each
//! parent's right edge. The SVG lives inside the scrolling content, so scrolling moves
//! it with the cards; positions are measured again whenever what is shown changes or
//! the window resizes. A link whose child sits in a folded group starts at the group's
//! header (dashed). Clicking a connector selects it, and the link bar can remove it.

use std::collections::{HashMap, HashSet};

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::data::GroupKey;
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
    pub links: Vec<(KpiId, KpiId)>,
    /// Starts or ends at a folded group rather than a card.
    pub folded: bool,
    pub label: String,
}

fn anchor_of(
    k: KpiId,
    home: &HashMap<KpiId, Option<GroupKey>>,
    spots: &HashMap<String, Spot>,
) -> Option<(String, bool)> {
    let card = format!("kpi:{}", k.0);
    if spots.contains_key(&card) {
        return Some((card, false));
    }
    let group = format!("group:{}", (*home.get(&k)?)?.testid());
    spots.contains_key(&group).then_some((group, true))
}

/// The connectors for the shown lanes and measured anchors.
pub fn wires(
    links: &[Link],
    home: &HashMap<KpiId, Option<GroupKey>>,
    a: &Anchors,
    name: impl Fn(KpiId) -> String,
) -> Vec<Wire> {
    let mut by_ends: HashMap<(String, String), Wire> = HashMap::new();
    let mut order: Vec<(String, String)> = Vec::new();
    for l in links {
        let (Some((from, f1)), Some((to, f2))) =
            (anchor_of(l.child, home, &a.spots), anchor_of(l.parent, home, &a.spots))
        else {
            continue;
        };
        let (c, p) = (a.spots[&from], a.spots[&to]);
        let key = (from, to);
        let wire = by_ends.entry(key.clone()).or_insert_with(|| {
            order.push(key);
            // Children sit to the right of their parents; curve between the facing edges.
            let (x1, y1, x2, y2) = (c.left, c.mid, p.right, p.mid);
            let bend = ((x1 - x2).abs() / 2.0).max(24.0);
            Wire {
                d: format!(
                    "M{x1:.1},{y1:.1} C{:.1},{y1:.1} {:.1},{y2:.1} {x2:.1},{y2:.1}",
                    x1 - bend,
                    x2 + bend
                ),
                links: Vec::new(),
                folded: f1 || f2,
                label: String::new(),
            }
        });
        wire.links.push((l.child, l.parent));
    }
    order
        .into_iter()
        .filter_map(|k| by_ends.remove(&k))
        .map(|mut w| {
            w.label = match w.links.as_slice() {
                [(c, p)] => format!("Link from {} to {}", name(*c), name(*p)),
                many => format!("{} links to {}", many.len(), name(many[0].1)),
            };
            w
        })
        .collect()
}

#[component]
pub fn Connectors() -> impl IntoView {
    let state = AppState::expect();
    let ctx = BoardCtx::expect();
    let drawn = Memo::new(move |_| {
        ctx.anchors.with(|a| {
            ctx.lanes.with(|l| {
                state.doc.with(|d| {
                    let m = &d.model;
                    wires(&m.links, &l.home, a, |k| query::kpi_name(m, k))
                })
            })
        })
    });
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
                        let on_path = w.links.iter().any(|(c, p)| path.contains(c) && path.contains(p));
                        let is_selected = selected.is_some_and(|s| w.links.contains(&s));
                        let first = w.links[0];
                        let single = w.links.len() == 1;
                        view! {
                            <path
                                d=w.d
                                class="wire"
                                class:on-path=on_path
                                class:folded=w.folded
                                class:selected=is_selected
                                data-link=format!("{}>{}", first.0 .0, first.1 .0)
                                on:click=move |_| {
                                    if single {
                                        ctx.selected_link.set(Some(first));
                                    }
                                }
                            >
                                <title>{w.label}</title>
                            </path>
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
    use crate::model::{DeptId, Sign};

    fn spot(left: f64, mid: f64) -> Spot {
        Spot { left, right: left + 100.0, mid }
    }

    #[test]
    fn a_wire_runs_from_the_childs_left_to_the_parents_right_and_folded_children_share_one() {
        let mut a = Anchors::default();
        a.spots.insert("kpi:1".into(), spot(0.0, 50.0));
        a.spots.insert("kpi:2".into(), spot(300.0, 80.0));
        a.spots.insert("group:group-dept-3".into(), spot(300.0, 200.0));
        let link = |c, p| Link {
            child: KpiId(c),
            parent: KpiId(p),
            rationale: String::new(),
            sign: Sign::Positive,
            lag_days: None,
        };
        let mut home = HashMap::new();
        home.insert(KpiId(1), None);
        home.insert(KpiId(2), Some(GroupKey::Department(DeptId(1))));
        home.insert(KpiId(4), Some(GroupKey::Department(DeptId(3))));
        home.insert(KpiId(5), Some(GroupKey::Department(DeptId(3))));
        let w = wires(&[link(2, 1), link(4, 1), link(5, 1)], &home, &a, |k| format!("k{}", k.0));
        assert_eq!(w.len(), 2);
        assert!(w[0].d.starts_with("M300.0,80.0") && w[0].d.ends_with("100.0,50.0"), "{}", w[0].d);
        assert!(!w[0].folded && w[1].folded);
        assert_eq!(w[1].links.len(), 2);
        assert_eq!(w[1].label, "2 links to k1");
    }
}
