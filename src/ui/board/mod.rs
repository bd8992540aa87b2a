//! The cascade board: company KPIs, department KPIs by department, team KPIs by person,
//! in three lanes, with the links drawn between them.
//!
//! People build and repair the cascade here by dragging cards (pointer events, so
//! mouse, pen and touch all work), by the keyboard (Space picks a card up, arrows move
//! over the valid targets, Enter drops), or from each card's menu. All three paths end
//! in [`crate::model::cascade::plan_drop`], so they follow the same rules and each
//! completed drop is one undoable edit. Groups fold, and a large model starts folded,
//! so only what is open is rendered.

pub mod card;
pub mod connectors;
pub mod data;
pub mod drag;
pub mod menu;
pub mod rationale;

use std::collections::{HashMap, HashSet};

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::checks::{self, Checked};
use crate::model::cascade::{self, DropTarget};
use crate::model::query::Index;
use crate::model::KpiId;
use crate::ui::state::AppState;
use card::CardView;
use connectors::{measure, Anchors, Connectors};
use data::{default_collapsed, lanes, GroupKey, Lanes, Paging};

/// A card picked up, by pointer or keyboard.
#[derive(Clone, Debug, PartialEq)]
pub struct Drag {
    pub kpi: KpiId,
    pub name: String,
    pub keyboard: bool,
    /// The "add another parent" modifier.
    pub add_parent: bool,
    /// Every valid target for the current modifier.
    pub valid: HashSet<DropTarget>,
    /// Valid targets in board order (the keyboard walks them).
    pub order: Vec<DropTarget>,
    /// What the pointer or the keyboard is over.
    pub over: Option<DropTarget>,
    /// Why `over` is refused, if it is.
    pub refusal: Option<String>,
}

/// The board's shared state, provided to its parts.
#[derive(Clone, Copy)]
pub struct BoardCtx {
    pub collapsed: RwSignal<HashSet<GroupKey>>,
    pub paging: RwSignal<Paging>,
    pub hover: RwSignal<Option<KpiId>>,
    pub drag: RwSignal<Option<Drag>>,
    /// Pointer position while dragging (kept apart so cards do not re-render on every move).
    pub pointer: RwSignal<(f64, f64)>,
    pub menu: RwSignal<Option<KpiId>>,
    pub rationale: RwSignal<Option<(KpiId, KpiId)>>,
    pub selected_link: RwSignal<Option<(KpiId, KpiId)>>,
    pub anchors: RwSignal<Anchors>,
    pub lanes: Memo<Lanes>,
    /// The KPIs on the path through the hovered or focused card.
    pub path: Memo<HashSet<KpiId>>,
    pub content: NodeRef<html::Div>,
    pub scroller: NodeRef<html::Div>,
}

impl BoardCtx {
    pub fn expect() -> BoardCtx {
        expect_context::<BoardCtx>()
    }

    /// Starts a drag of a card: works out where it may go.
    pub fn pick_up(&self, state: AppState, kpi: KpiId, keyboard: bool, add_parent: bool) {
        let (name, order) = state.doc.with_untracked(|d| {
            (crate::model::query::kpi_name(&d.model, kpi), cascade::drop_targets(&d.model, kpi, add_parent))
        });
        self.menu.set(None);
        self.drag.set(Some(Drag {
            kpi,
            name,
            keyboard,
            add_parent,
            valid: order.iter().copied().collect(),
            order,
            over: None,
            refusal: None,
        }));
    }

    /// Switches the "add another parent" modifier during a drag.
    pub fn set_add_parent(&self, state: AppState, add: bool) {
        let Some(d) = self.drag.get_untracked() else { return };
        if d.add_parent == add {
            return;
        }
        let order = state.doc.with_untracked(|m| cascade::drop_targets(&m.model, d.kpi, add));
        self.drag.set(Some(Drag { add_parent: add, valid: order.iter().copied().collect(), order, ..d }));
    }

    /// Marks what the drag is over, with the reason if it is refused; announces changes.
    pub fn over(&self, state: AppState, target: Option<DropTarget>) {
        let Some(d) = self.drag.get_untracked() else { return };
        if d.over == target {
            return;
        }
        let refusal = target.and_then(|t| {
            state.doc.with_untracked(|m| cascade::plan_drop(&m.model, d.kpi, t, d.add_parent).err())
        });
        let text = match (target, &refusal) {
            (Some(t), None) => {
                let name = state.doc.with_untracked(|m| cascade::target_name(&m.model, t));
                let pos = d
                    .order
                    .iter()
                    .position(|x| *x == t)
                    .map(|i| format!(" ({} of {})", i + 1, d.order.len()))
                    .unwrap_or_default();
                format!("Over {name}{pos}")
            }
            (Some(_), Some(r)) => format!("Cannot drop here: {r}"),
            (None, _) => String::new(),
        };
        if !text.is_empty() {
            state.announce(text);
        }
        self.drag.set(Some(Drag { over: target, refusal, ..d }));
    }

    /// Drops the dragged card where it is: applies the edit, or says why not.
    pub fn drop_here(&self, state: AppState) {
        let Some(d) = self.drag.get_untracked() else { return };
        self.drag.set(None);
        let Some(target) = d.over else {
            state.announce(format!("Cancelled: \u{201c}{}\u{201d} was not moved", d.name));
            return;
        };
        let plan = state.doc.with_untracked(|m| cascade::plan_drop(&m.model, d.kpi, target, d.add_parent));
        match plan {
            Ok(plan) => {
                if state.dispatch(plan.edit, "").is_ok() {
                    state.announce(plan.announcement);
                    if let Some(pair) = plan.new_link {
                        self.rationale.set(Some(pair));
                    }
                }
            }
            Err(reason) => {
                state.announce(format!("Not dropped: {reason}"));
                state.error(reason);
            }
        }
    }

    pub fn cancel(&self, state: AppState) {
        if let Some(d) = self.drag.get_untracked() {
            self.drag.set(None);
            state.announce(format!("Cancelled: \u{201c}{}\u{201d} was not moved", d.name));
        }
    }

    /// Schedules a measurement of card positions after the DOM has settled.
    pub fn remeasure(&self) {
        let ctx = *self;
        request_animation_frame(move || {
            if let Some(content) = ctx.content.get_untracked() {
                ctx.anchors.set(measure(&content));
            }
        });
    }
}

/// Parses a `data-drop` value: `kpi:3`, `dept:2`, `person:5`.
pub fn parse_drop(attr: &str) -> Option<DropTarget> {
    let (kind, id) = attr.split_once(':')?;
    let id: u32 = id.parse().ok()?;
    match kind {
        "kpi" => Some(DropTarget::Kpi(KpiId(id))),
        "dept" => Some(DropTarget::Department(crate::model::DeptId(id))),
        "person" => Some(DropTarget::Person(crate::model::PersonId(id))),
        _ => None,
    }
}

/// The `data-drop` value of a target.
pub fn drop_attr(t: DropTarget) -> String {
    match t {
        DropTarget::Kpi(k) => format!("kpi:{}", k.0),
        DropTarget::Department(d) => format!("dept:{}", d.0),
        DropTarget::Person(p) => format!("person:{}", p.0),
    }
}

#[component]
pub fn Board() -> impl IntoView {
    let state = AppState::expect();
    let collapsed = RwSignal::new(state.doc.with_untracked(|d| default_collapsed(&d.model)));
    let counts = Memo::new(move |_| {
        state.checks.with(|Checked { findings: all, .. }| {
            state.doc.with(|d| {
                let (open, _) = checks::split_acknowledged(&d.model, all);
                let mut c: HashMap<KpiId, usize> = HashMap::new();
                for f in open {
                    for k in &f.kpis {
                        *c.entry(*k).or_default() += 1;
                    }
                }
                let mut v: Vec<(KpiId, usize)> = c.into_iter().collect();
                crate::order::sort(&mut v);
                v
            })
        })
    });
    let paging = RwSignal::new(Paging::new());
    let lanes_memo = Memo::new(move |_| {
        let c: HashMap<KpiId, usize> = counts.with(|v| v.iter().copied().collect());
        state.doc.with(|d| collapsed.with(|col| paging.with(|p| lanes(&d.model, state.today, col, &c, p))))
    });
    let hover = RwSignal::new(None::<KpiId>);
    let path = Memo::new(move |_| {
        let Some(k) = hover.get() else { return HashSet::new() };
        state.doc.with(|d| {
            let idx = Index::new(&d.model);
            let Some(i) = idx.kpi_pos(k) else { return HashSet::new() };
            let m = &d.model;
            std::iter::once(i)
                .chain(idx.ancestors(i))
                .chain(idx.descendants(i))
                .map(|p| m.kpis[p].id)
                .collect()
        })
    });
    let ctx = BoardCtx {
        collapsed,
        paging,
        hover,
        drag: RwSignal::new(None),
        pointer: RwSignal::new((0.0, 0.0)),
        menu: RwSignal::new(None),
        rationale: RwSignal::new(None),
        selected_link: RwSignal::new(None),
        anchors: RwSignal::new(Anchors::default()),
        lanes: lanes_memo,
        path,
        content: NodeRef::new(),
        scroller: NodeRef::new(),
    };
    provide_context(ctx);
    // The card in hand, for the others in a live room.
    Effect::new(move |_| {
        let held = ctx.drag.with(|d| d.as_ref().map(|d| d.kpi));
        if state.dragging.get_untracked() != held {
            state.dragging.set(held);
        }
    });
    on_cleanup(move || {
        let _ = state.dragging.try_set(None);
    });
    drag::use_pointer_drag(state, ctx);

    // Re-measure card positions whenever what is shown changes, and on resize.
    Effect::watch(move || lanes_memo.track(), move |_, _, _| ctx.remeasure(), true);
    let resize = window_event_listener_untyped("resize", move |_| ctx.remeasure());
    on_cleanup(move || resize.remove());

    // Arriving from the coverage matrix: open the group, show and highlight the KPI.
    Effect::new(move |_| {
        if let Some((kpi, dept)) = state.board_focus.get() {
            if let Some(d) = dept {
                collapsed.update(|c| {
                    c.remove(&GroupKey::Department(d));
                });
            }
            hover.set(Some(kpi));
            reveal_card(kpi, 10, move || state.board_focus.set(None));
        }
    });

    let set_all = move |people: bool, fold: bool| {
        let keys: Vec<GroupKey> = lanes_memo.with_untracked(|l| {
            let groups = if people { &l.people } else { &l.departments };
            groups.iter().map(|g| g.key).collect()
        });
        collapsed.update(|c| {
            for k in keys {
                if fold {
                    c.insert(k);
                } else {
                    c.remove(&k);
                }
            }
        });
    };

    let dragging = move || ctx.drag.with(|d| d.as_ref().is_some_and(|d| !d.keyboard));
    view! {
        <section class="board-view" aria-labelledby="board-title">
            <div class="toolbar">
                <h2 id="board-title">"Cascade"</h2>
                <p class="hint" id="board-help">
                    "Drag a card onto a card one level up to link it (hold Shift to add a second parent), onto a department or person to move it. "
                    "Keyboard: focus a card, Space picks it up, Left/Right choose a place, Up/Down change rows, Enter drops, Escape cancels. Or use a card's \u{22ef} menu."
                </p>
            </div>
            <rationale::RationalePrompt />
            <connectors::LinkBar />
            <div class="board-scroller" node_ref=ctx.scroller class:dragging=dragging data-testid="board">
                <div class="board-content" node_ref=ctx.content>
                    <Connectors />
                    <div class="lane" data-testid="lane-company">
                        <h3 class="lane-title">"Company"</h3>
                        <For each=move || lanes_memo.with(|l| l.company.clone()) key=|c| c.clone() let:card>
                            <CardView card=card />
                        </For>
                        {move || {
                            let n = lanes_memo.with(|l| l.company_hidden);
                            (n > 0).then(|| view! {
                                <button class="small more" on:click=move |_| paging.update(|p| { p.full.insert(None); })>
                                    {format!("Show {n} more")}
                                </button>
                            })
                        }}
                    </div>
                    <div class="lane" data-testid="lane-department">
                        <h3 class="lane-title">
                            "Department "
                            <button class="small" on:click=move |_| set_all(false, false)>"open all"</button>
                            <button class="small" on:click=move |_| set_all(false, true)>"fold all"</button>
                        </h3>
                        <For each=move || lanes_memo.with(|l| l.departments.clone()) key=|g| g.clone() let:group>
                            <GroupView group=group />
                        </For>
                        <MoreGroups hidden=Signal::derive(move || lanes_memo.with(|l| l.departments_hidden)) />
                    </div>
                    <div class="lane" data-testid="lane-team">
                        <h3 class="lane-title">
                            "Team / person "
                            <button class="small" on:click=move |_| set_all(true, false)>"open all"</button>
                            <button class="small" on:click=move |_| set_all(true, true)>"fold all"</button>
                        </h3>
                        <input
                            type="search"
                            class="lane-filter"
                            placeholder="Find a person"
                            aria-label="Find a person"
                            data-testid="people-filter"
                            prop:value=move || paging.with(|p| p.people_filter.clone())
                            on:input=move |ev| paging.update(|p| p.people_filter = event_target_value(&ev))
                        />
                        <For each=move || lanes_memo.with(|l| l.people.clone()) key=|g| g.clone() let:group>
                            <GroupView group=group />
                        </For>
                        <MoreGroups hidden=Signal::derive(move || lanes_memo.with(|l| l.people_hidden)) />
                    </div>
                </div>
            </div>
            <drag::Ghost />
            <menu::CardMenu />
        </section>
    }
}

/// "Show more" under a lane with groups beyond the page.
#[component]
fn MoreGroups(hidden: Signal<usize>) -> impl IntoView {
    let ctx = BoardCtx::expect();
    move || {
        let n = hidden.get();
        (n > 0).then(|| view! {
            <button class="small more" data-testid="more-groups" on:click=move |_| ctx.paging.update(|p| p.groups += data::GROUP_PAGE)>
                {format!("Show more ({n} not shown)")}
            </button>
        })
    }
}

/// A folding group of cards (a department or a person).
#[component]
fn GroupView(group: data::Group) -> impl IntoView {
    let ctx = BoardCtx::expect();
    let key = group.key;
    let drop = key.drop_attr();
    let drop_class = {
        let drop = drop.clone();
        move || {
            ctx.drag.with(|d| {
                let Some(d) = d else { return "" };
                let Some(t) = drop.as_deref().and_then(parse_drop) else { return "" };
                if d.over == Some(t) {
                    if d.valid.contains(&t) {
                        "over drop-ok"
                    } else {
                        "over drop-no"
                    }
                } else if d.valid.contains(&t) {
                    "drop-ok"
                } else {
                    "drop-no"
                }
            })
        }
    };
    let toggle = move |_| {
        ctx.collapsed.update(|c| {
            if !c.remove(&key) {
                c.insert(key);
            }
        });
    };
    view! {
        <div class=move || format!("group {}", drop_class()) data-testid=key.testid()>
            <button
                class="group-head"
                aria-expanded=(!group.collapsed).to_string()
                data-drop=drop.clone()
                on:click=toggle
            >
                {format!(
                    "{} {} \u{00b7} {}{}",
                    if group.collapsed { "\u{25b8}" } else { "\u{25be}" },
                    group.title,
                    group.count,
                    if group.collapsed && group.feeds > 0 { format!(", feeds {}", group.feeds) } else { String::new() }
                )}
            </button>
            {group.cards.into_iter().map(|c| view! { <CardView card=c /> }).collect_view()}
            {(group.hidden > 0).then(|| view! {
                <button class="small more" on:click=move |_| ctx.paging.update(|p| { p.full.insert(Some(key)); })>
                    {format!("Show all {} (+{})", group.count, group.hidden)}
                </button>
            })}
        </div>
    }
}

/// Scrolls a card into the middle of the board and focuses it on the next frame, trying
/// again for up to `frames` frames: a board whose code was just fetched (a lazy module)
/// is built before it is in the page. `done` runs once the card is shown or given up.
fn reveal_card(kpi: KpiId, frames: u32, done: impl FnOnce() + 'static) {
    request_animation_frame(move || {
        let sel = format!("[data-kpi='{}']", kpi.0);
        match document().query_selector(&sel).ok().flatten() {
            Some(el) if el.is_connected() => {
                let opts = web_sys::ScrollIntoViewOptions::new();
                opts.set_block(web_sys::ScrollLogicalPosition::Center);
                el.scroll_into_view_with_scroll_into_view_options(&opts);
                if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                    let _ = el.focus();
                }
                done();
            }
            _ if frames > 1 => reveal_card(kpi, frames - 1, done),
            _ => done(),
        }
    });
}
