//! Dragging cards with pointer events, so mouse, pen and touch all work (the HTML5
//! drag-and-drop API alone does not work on touch screens).
//!
//! A mouse or pen drag starts once the pointer has moved a few pixels with the button
//! down; a touch drag starts after a long press, so an ordinary swipe still scrolls.
//! While dragging, the card under the pointer is found with `elementFromPoint`, marked
//! valid or refused (with the reason announced), the board scrolls near its edges, and
//! Escape cancels. These handlers only translate events; what a drop means is decided
//! by [`crate::model::cascade::plan_drop`].

use std::cell::Cell;
use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::{parse_drop, BoardCtx};
use crate::model::cascade::DropTarget;
use crate::model::KpiId;
use crate::ui::state::{AppState, KpiEditing};

/// Pixels a mouse or pen must move before a press becomes a drag.
const DRAG_THRESHOLD: f64 = 5.0;
/// How long a finger must rest on a card before it is picked up.
const LONG_PRESS: Duration = Duration::from_millis(450);
/// Distance from the board's edge where it starts scrolling, and the top speed.
const EDGE: f64 = 48.0;
const MAX_SCROLL: f64 = 18.0;

/// A press on a card that may become a drag.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Press {
    kpi: KpiId,
    x: f64,
    y: f64,
    touch: bool,
}

thread_local! {
    static PRESS: Cell<Option<Press>> = const { Cell::new(None) };
    static SCROLLING: Cell<bool> = const { Cell::new(false) };
    /// A pointer drag is under way (read by the page-wide touchmove guard).
    static DRAGGING: Cell<bool> = const { Cell::new(false) };
    static TOUCH_GUARD: Cell<bool> = const { Cell::new(false) };
}

/// `pointerdown` on a card.
pub fn pointer_down(state: AppState, ctx: BoardCtx, kpi: KpiId, ev: web_sys::PointerEvent) {
    if ev.button() != 0 || ctx.drag.with_untracked(|d| d.is_some()) {
        return;
    }
    let touch = ev.pointer_type() == "touch";
    let press = Press { kpi, x: f64::from(ev.client_x()), y: f64::from(ev.client_y()), touch };
    PRESS.with(|p| p.set(Some(press)));
    if touch {
        set_timeout(
            move || {
                if PRESS.with(Cell::get) == Some(press) {
                    begin(state, ctx, press);
                }
            },
            LONG_PRESS,
        );
    }
}

fn begin(state: AppState, ctx: BoardCtx, press: Press) {
    PRESS.with(|p| p.set(None));
    ctx.pointer.set((press.x, press.y));
    ctx.pick_up(state, press.kpi, false, false);
    let name = ctx.drag.with_untracked(|d| d.as_ref().map(|d| d.name.clone()).unwrap_or_default());
    state.announce(format!("Picked up \u{201c}{name}\u{201d}"));
    start_autoscroll(state, ctx);
}

/// The drop target under a point, if any.
fn target_at(x: f64, y: f64) -> Option<crate::model::cascade::DropTarget> {
    let el = document().element_from_point(x as f32, y as f32)?;
    let holder = el.closest("[data-drop]").ok()??;
    parse_drop(&holder.get_attribute("data-drop")?)
}

/// Installs the window listeners that follow a press or drag to its end.
pub fn use_pointer_drag(state: AppState, ctx: BoardCtx) {
    let on_move = window_event_listener(leptos::ev::pointermove, move |ev| {
        let (x, y) = (f64::from(ev.client_x()), f64::from(ev.client_y()));
        if let Some(press) = PRESS.with(Cell::get) {
            let moved = (x - press.x).hypot(y - press.y);
            if press.touch {
                // A finger that moves before the long press is scrolling, not dragging.
                if moved > 10.0 {
                    PRESS.with(|p| p.set(None));
                }
            } else if moved > DRAG_THRESHOLD {
                begin(state, ctx, press);
            }
            return;
        }
        if !ctx.drag.with_untracked(|d| d.as_ref().is_some_and(|d| !d.keyboard)) {
            return;
        }
        ev.prevent_default();
        ctx.pointer.set((x, y));
        ctx.set_add_parent(state, ev.shift_key());
        ctx.over(state, target_at(x, y));
    });
    let on_up = window_event_listener(leptos::ev::pointerup, move |ev| {
        if let Some(press) = PRESS.with(Cell::get) {
            // A press that never became a drag is a click: open the KPI.
            PRESS.with(|p| p.set(None));
            let on_same_card = target_at(f64::from(ev.client_x()), f64::from(ev.client_y()))
                == Some(crate::model::cascade::DropTarget::Kpi(press.kpi));
            if on_same_card && !press.touch {
                state.kpi_editor.set(Some(KpiEditing::Existing(press.kpi)));
            }
            return;
        }
        if ctx.drag.with_untracked(|d| d.as_ref().is_some_and(|d| !d.keyboard)) {
            let (x, y) = (f64::from(ev.client_x()), f64::from(ev.client_y()));
            ctx.set_add_parent(state, ev.shift_key());
            ctx.over(state, target_at(x, y));
            ctx.drop_here(state);
        }
    });
    let on_cancel = window_event_listener(leptos::ev::pointercancel, move |_| {
        PRESS.with(|p| p.set(None));
        if ctx.drag.with_untracked(|d| d.as_ref().is_some_and(|d| !d.keyboard)) {
            ctx.cancel(state);
        }
    });
    let on_key = window_event_listener(leptos::ev::keydown, move |ev| {
        let pointer_drag = ctx.drag.with_untracked(|d| d.as_ref().is_some_and(|d| !d.keyboard));
        if !pointer_drag {
            return;
        }
        match ev.key().as_str() {
            "Escape" => {
                ev.prevent_default();
                ctx.cancel(state);
            }
            "Shift" => ctx.set_add_parent(state, true),
            _ => {}
        }
    });
    let on_key_up = window_event_listener(leptos::ev::keyup, move |ev| {
        if ev.key() == "Shift" {
            ctx.set_add_parent(state, false);
        }
    });
    // While a card is dragged by touch, the page must not scroll under the finger: a
    // non-passive touchmove listener is the only reliable way. It is installed once for
    // the page and reads whether a drag is under way.
    Effect::new(move |_| {
        let active = ctx.drag.with(|d| d.as_ref().is_some_and(|d| !d.keyboard));
        DRAGGING.with(|c| c.set(active));
    });
    if !TOUCH_GUARD.with(Cell::get) {
        TOUCH_GUARD.with(|c| c.set(true));
        let block = Closure::<dyn Fn(web_sys::Event)>::new(|ev: web_sys::Event| {
            if DRAGGING.with(Cell::get) {
                ev.prevent_default();
            }
        });
        let opts = web_sys::AddEventListenerOptions::new();
        opts.set_passive(false);
        let _ = window().add_event_listener_with_callback_and_add_event_listener_options(
            "touchmove",
            block.as_ref().unchecked_ref(),
            &opts,
        );
        block.forget();
    }
    on_cleanup(move || {
        on_move.remove();
        on_up.remove();
        on_cancel.remove();
        on_key.remove();
        on_key_up.remove();
    });
}

/// Scrolls the board while the pointer is near its edges, every animation frame of a drag.
fn start_autoscroll(state: AppState, ctx: BoardCtx) {
    if SCROLLING.with(Cell::get) {
        return;
    }
    SCROLLING.with(|s| s.set(true));
    fn frame(state: AppState, ctx: BoardCtx) {
        let dragging =
            ctx.drag.try_with_untracked(|d| d.as_ref().is_some_and(|d| !d.keyboard)).unwrap_or(false);
        if !dragging {
            SCROLLING.with(|s| s.set(false));
            return;
        }
        if let Some(scroller) = ctx.scroller.get_untracked() {
            let r = scroller.get_bounding_client_rect();
            let (x, y) = ctx.pointer.get_untracked();
            let speed = |d: f64| if d < EDGE { MAX_SCROLL * (1.0 - d.max(0.0) / EDGE) } else { 0.0 };
            let dy = speed(r.bottom() - y) - speed(y - r.top());
            let dx = speed(r.right() - x) - speed(x - r.left());
            if dx != 0.0 || dy != 0.0 {
                scroller.scroll_by_with_x_and_y(dx, dy);
                ctx.over(state, target_at(x, y));
            }
        }
        request_animation_frame(move || frame(state, ctx));
    }
    request_animation_frame(move || frame(state, ctx));
}

/// Which way an arrow key moves a keyboard pick-up.
#[derive(Clone, Copy, PartialEq)]
pub enum Step {
    /// Left and right: the previous or next place, one at a time.
    Prev,
    Next,
    /// Up and down: to the row above or below (KPIs to link under, then departments,
    /// then people), as the board shows them.
    Up,
    Down,
}

/// The board row a drop target sits in.
fn row(t: &DropTarget) -> u8 {
    match t {
        DropTarget::Kpi(_) => 0,
        DropTarget::Department(_) => 1,
        DropTarget::Person(_) => 2,
    }
}

/// Where a step from `current` lands among `order`, or `None` at an end: the keyboard
/// never wraps from the last place to the first, which looks like a jump across the board.
pub fn step_target(order: &[DropTarget], current: Option<usize>, step: Step) -> Option<usize> {
    let n = order.len();
    let Some(i) = current else {
        return match step {
            Step::Next | Step::Down => (n > 0).then_some(0),
            Step::Prev | Step::Up => n.checked_sub(1),
        };
    };
    match step {
        Step::Next => (i + 1 < n).then_some(i + 1),
        Step::Prev => i.checked_sub(1),
        // The first place of the next row down, or of the row above.
        Step::Down => (i + 1..n).find(|&j| row(&order[j]) > row(&order[i])),
        Step::Up => {
            let above = (0..i).rev().find(|&j| row(&order[j]) < row(&order[i]))?;
            (0..=above).find(|&j| row(&order[j]) == row(&order[above]))
        }
    }
}

/// Moves a keyboard pick-up one step among the valid targets.
pub fn keyboard_step(state: AppState, ctx: BoardCtx, step: Step) {
    let Some(d) = ctx.drag.get_untracked() else { return };
    if d.order.is_empty() {
        state.announce(format!("There is nowhere to drop \u{201c}{}\u{201d}", d.name));
        return;
    }
    let current = d.over.and_then(|o| d.order.iter().position(|t| *t == o));
    let Some(next) = step_target(&d.order, current, step) else {
        state.announce(match step {
            Step::Next | Step::Down => {
                "That is the last place: Left or Up goes back, Enter drops, Escape cancels."
            }
            Step::Prev | Step::Up => {
                "That is the first place: Right or Down goes on, Enter drops, Escape cancels."
            }
        });
        return;
    };
    let target = d.order[next];
    ctx.over(state, Some(target));
    let sel = format!("[data-drop='{}']", super::drop_attr(target));
    if let Some(el) = document().query_selector(&sel).ok().flatten() {
        let opts = web_sys::ScrollIntoViewOptions::new();
        opts.set_block(web_sys::ScrollLogicalPosition::Nearest);
        el.scroll_into_view_with_scroll_into_view_options(&opts);
    }
}

/// The card following the pointer during a drag, with the reason when the target refuses.
#[component]
pub fn Ghost() -> impl IntoView {
    let ctx = BoardCtx::expect();
    let visible = move || ctx.drag.with(|d| d.as_ref().is_some_and(|d| !d.keyboard));
    view! {
        <Show when=visible>
            <div
                class="ghost"
                aria-hidden="true"
                style:left=move || format!("{}px", ctx.pointer.get().0 + 12.0)
                style:top=move || format!("{}px", ctx.pointer.get().1 + 12.0)
            >
                <strong>{move || ctx.drag.with(|d| d.as_ref().map(|d| d.name.clone()).unwrap_or_default())}</strong>
                {move || ctx.drag.with(|d| d.as_ref().and_then(|d| d.refusal.clone())).map(|r| view! { <span class="refusal" data-testid="drop-refusal">{r}</span> })}
                {move || ctx.drag.with(|d| d.as_ref().is_some_and(|d| d.add_parent)).then(|| view! { <span class="hint">"+ adds a parent"</span> })}
            </div>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DeptId, PersonId};

    #[test]
    fn arrows_walk_places_and_rows_and_stop_at_either_end_instead_of_wrapping() {
        use DropTarget::{Department as D, Kpi as K, Person as P};
        let order = [K(KpiId(1)), K(KpiId(2)), D(DeptId(1)), D(DeptId(2)), P(PersonId(1))];
        let walk = |from: Option<usize>, step| step_target(&order, from, step);
        assert_eq!(walk(None, Step::Down), Some(0));
        assert_eq!(walk(None, Step::Up), Some(4));
        assert_eq!(walk(Some(0), Step::Next), Some(1));
        assert_eq!(walk(Some(0), Step::Prev), None);
        assert_eq!(walk(Some(4), Step::Next), None);
        // Down leaves the row of KPIs for the first department; up comes back to the
        // first KPI of the row above, not the nearest item in the list.
        assert_eq!(walk(Some(0), Step::Down), Some(2));
        assert_eq!(walk(Some(3), Step::Down), Some(4));
        assert_eq!(walk(Some(4), Step::Down), None);
        assert_eq!(walk(Some(3), Step::Up), Some(0));
        assert_eq!(walk(Some(4), Step::Up), Some(2));
        assert_eq!(walk(Some(1), Step::Up), None);
        assert_eq!(step_target(&[], None, Step::Down), None);
    }
}
