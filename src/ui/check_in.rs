//! Checking in on a KPI: the owner's report for one review period (the actual, their
//! own confidence beside the status computed from the actual, a forecast, the variance
//! explained in words, and the actions, carried from the previous check-in), written
//! with the previous check-in in view. Saving is one undoable edit, which also records
//! the actual among the KPI's actuals.

use leptos::prelude::*;

use crate::model::describe::fmt_num;
use crate::model::status::{self, Status};
use crate::model::{ops, query, ActionState, CheckIn, Confidence, KpiId, PersonId};
use crate::rhythm::check_in::{draft, Draft, Field as F, Typed, TypedAction};
use crate::rhythm::minutes::ActionLine;
use crate::ui::controls::{text_area, typed_input, Field};
use crate::ui::dialog::Dialog;
use crate::ui::state::AppState;

/// How many earlier check-ins the form lists.
const EARLIER_SHOWN: usize = 6;

const STATES: [ActionState; 3] = [ActionState::Open, ActionState::Done, ActionState::Dropped];

fn confidence_key(c: Confidence) -> &'static str {
    match c {
        Confidence::OnTrack => "on-track",
        Confidence::AtRisk => "at-risk",
        Confidence::OffTrack => "off-track",
    }
}

/// The status the owner's confidence names, to compare with the computed one.
fn as_status(c: Confidence) -> Status {
    match c {
        Confidence::OnTrack => Status::OnTrack,
        Confidence::AtRisk => Status::AtRisk,
        Confidence::OffTrack => Status::OffTrack,
    }
}

/// "On track · actual 120 · forecast 150 by 31 Dec 2026".
fn summary(c: &CheckIn) -> String {
    let mut parts = vec![c.confidence.label().to_string()];
    if let Some(a) = c.actual {
        parts.push(format!("actual {}", fmt_num(a)));
    }
    if let (Some(f), Some(on)) = (c.forecast, c.forecast_for) {
        parts.push(format!("forecast {} by {}", fmt_num(f), on.human()));
    }
    parts.join(" \u{b7} ")
}

/// The check-in form for `kpi`, shown while `state.check_in` is set.
#[component]
pub fn CheckInDialog(kpi: KpiId) -> impl IntoView {
    let state = AppState::expect();
    let close = Callback::new(move |_| state.check_in.set(None));
    let opened = state.doc.with_untracked(|d| {
        let k = query::kpi(&d.model, kpi).cloned()?;
        let draft = draft(&d.model, kpi, state.today)?;
        let earlier: Vec<(String, String)> = {
            let mut all: Vec<&CheckIn> = d.model.check_ins.iter().filter(|c| c.kpi == kpi).collect();
            all.sort_by_key(|c| std::cmp::Reverse(c.period));
            all.iter()
                .filter(|c| c.id != draft.check_in.id)
                .take(EARLIER_SHOWN)
                .map(|c| (c.period.human(), summary(c)))
                .collect()
        };
        let people: Vec<(String, String)> =
            d.model.people.iter().map(|p| (p.id.0.to_string(), p.name.clone())).collect();
        let previous = draft.previous.as_ref().map(|p| {
            let actions: Vec<String> = p.actions.iter().map(|a| ActionLine::of(&d.model, a).line()).collect();
            (p.period.human(), summary(p), p.variance.clone(), actions)
        });
        Some((k, draft, earlier, people, previous))
    });
    let Some((k, draft, earlier, people, previous)) = opened else {
        return view! {
            <Dialog title="Check in".to_string() on_close=close testid="check-in">
                <p role="alert">"This KPI no longer exists (it was deleted in another tab, by an undo or an import)."</p>
            </Dialog>
        }
        .into_any();
    };
    let Draft { check_in: base, period, existing, .. } = draft;
    let name = k.name.clone();
    let typed = RwSignal::new(Typed::of(&base));
    let start = typed.get_untracked();
    let unsaved = Signal::derive(move || typed.with(|t| *t != start));
    let base = StoredValue::new(base);
    let kpi_now = StoredValue::new(k);
    let errors = RwSignal::new(Vec::<(F, String)>::new());
    let refused = RwSignal::new(None::<String>);
    let error_for = move |f: F| {
        Signal::derive(move || errors.with(|e| e.iter().find(|(x, _)| *x == f).map(|(_, m)| m.clone())))
    };
    let people = StoredValue::new(people);
    let period_label = period.label();

    // The status the typed actual has, and whether the owner's confidence disagrees.
    let computed = move || {
        let value = typed.with(|t| crate::model::text::typed_number(&t.actual, "").ok().flatten())?;
        Some(kpi_now.with_value(|k| status::status_of(k, value)))
    };
    let disagrees = move || {
        computed()
            .filter(|s| *s != Status::NoData)
            .is_some_and(|s| s != as_status(typed.with(|t| t.confidence)))
    };

    let save = {
        let name = name.clone();
        let period_label = period_label.clone();
        move || {
            refused.set(None);
            match typed.with_untracked(|t| base.with_value(|b| t.build(b))) {
                Err(e) => errors.set(e),
                Ok(c) => {
                    errors.set(Vec::new());
                    let edit = state.doc.with_untracked(|d| ops::check_in(&d.model, c));
                    match edit.and_then(|e| state.try_dispatch(e, "")) {
                        Ok(_) => {
                            state.check_in.set(None);
                            state.announce(format!("Checked in on {name} for {period_label}"));
                        }
                        Err(e) => refused.set(Some(format!("Not saved: {e}"))),
                    }
                }
            }
        }
    };
    let save = StoredValue::new_local(save);

    // The action being added.
    let new_what = RwSignal::new(String::new());
    let new_who = RwSignal::new(String::new());
    let new_due = RwSignal::new(String::new());
    let new_error = RwSignal::new(None::<String>);
    let what_input = NodeRef::<leptos::html::Input>::new();
    let add_action = move || {
        let what = new_what.get_untracked();
        if crate::model::text::tidy_label(&what).is_empty() {
            new_error.set(Some("Say what the action is.".into()));
            return;
        }
        new_error.set(None);
        typed.update(|t| {
            t.actions.push(TypedAction {
                what,
                who: new_who.get_untracked().parse().ok().map(PersonId),
                due: new_due.get_untracked(),
                state: ActionState::Open,
            })
        });
        new_what.set(String::new());
        new_who.set(String::new());
        new_due.set(String::new());
        state.announce("Action added");
        if let Some(i) = what_input.get_untracked() {
            let _ = i.focus();
        }
    };
    // Rows are redrawn when one is added or removed, not on every keystroke.
    let count = Memo::new(move |_| typed.with(|t| t.actions.len()));
    let action_row = move |i: usize| {
        let get = move |f: fn(&TypedAction) -> String| {
            move || typed.with(|t| t.actions.get(i).map(f).unwrap_or_default())
        };
        let set = move |f: fn(&mut TypedAction, String)| {
            move |ev: leptos::ev::Event| {
                let v = event_target_value(&ev);
                typed.update(|t| {
                    if let Some(a) = t.actions.get_mut(i) {
                        f(a, v)
                    }
                })
            }
        };
        let label = move || typed.with(|t| t.actions.get(i).map(|a| a.what.clone()).unwrap_or_default());
        view! {
            <li class="check-in-action" data-testid="check-in-action">
                <input
                    type="text"
                    aria-label=move || format!("Action {}", i + 1)
                    data-testid="check-in-action-what"
                    prop:value=get(|a| a.what.clone())
                    on:input=set(|a, v| a.what = v)
                />
                <select
                    aria-label=move || format!("Who does \u{201c}{}\u{201d}", label())
                    on:change=set(|a, v| a.who = v.parse().ok().map(PersonId))
                >
                    <option value="" prop:selected=move || typed.with(|t| t.actions.get(i).is_some_and(|a| a.who.is_none()))>"Nobody named"</option>
                    {people.with_value(|ps| ps.iter().map(|(id, n)| {
                        let id_num: Option<u32> = id.parse().ok();
                        view! {
                            <option value=id.clone() prop:selected=move || typed.with(|t| t.actions.get(i).and_then(|a| a.who).map(|p| p.0) == id_num)>{n.clone()}</option>
                        }
                    }).collect_view())}
                </select>
                <input
                    type="date"
                    aria-label=move || format!("Due date of \u{201c}{}\u{201d}", label())
                    prop:value=get(|a| a.due.clone())
                    on:input=set(|a, v| a.due = v)
                />
                <select
                    aria-label=move || format!("State of \u{201c}{}\u{201d}", label())
                    data-testid="check-in-action-state"
                    on:change=set(|a, v| a.state = match v.as_str() {
                        "done" => ActionState::Done,
                        "dropped" => ActionState::Dropped,
                        _ => ActionState::Open,
                    })
                >
                    {STATES.iter().map(|s| {
                        let s = *s;
                        view! {
                            <option value=s.label().to_lowercase() prop:selected=move || typed.with(|t| t.actions.get(i).is_some_and(|a| a.state == s))>{s.label()}</option>
                        }
                    }).collect_view()}
                </select>
                <button
                    type="button"
                    aria-label=move || format!("Remove \u{201c}{}\u{201d}", label())
                    on:click=move |_| typed.update(|t| {
                        if i < t.actions.len() {
                            t.actions.remove(i);
                        }
                    })
                >
                    "Remove"
                </button>
                <Show when=move || errors.with(|e| e.iter().any(|(f, _)| *f == F::Action(i)))>
                    <p class="field-error" role="alert">
                        {move || errors.with(|e| e.iter().filter(|(f, _)| *f == F::Action(i)).map(|(_, m)| m.clone()).collect::<Vec<_>>().join(" "))}
                    </p>
                </Show>
            </li>
        }
    };

    let title = format!("Check in: {name}");
    view! {
        <Dialog title=title on_close=close testid="check-in" wide=true unsaved=unsaved>
            <form
                class="check-in-form"
                novalidate
                on:submit=move |ev| {
                    ev.prevent_default();
                    save.with_value(|s| s());
                }
                on:keydown=move |ev: web_sys::KeyboardEvent| {
                    if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
                        ev.prevent_default();
                        save.with_value(|s| s());
                    }
                }
            >
                <p data-testid="check-in-period">
                    {format!("Review period: {period_label}")}
                    {existing.then_some(" \u{2014} already checked in; saving changes that check-in.")}
                </p>
                {previous.map(|(on, line, variance, actions)| view! {
                    <section class="check-in-previous" data-testid="check-in-previous" aria-label="The previous check-in">
                        <h3>{format!("Previous check-in, period ending {on}")}</h3>
                        <p>{line}</p>
                        {(!variance.is_empty()).then(|| view! { <p class="variance">{variance}</p> })}
                        {(!actions.is_empty()).then(|| view! {
                            <ul>{actions.into_iter().map(|a| view! { <li>{a}</li> }).collect_view()}</ul>
                        })}
                    </section>
                })}
                <Show when=move || !errors.with(Vec::is_empty) || refused.with(Option::is_some)>
                    <div class="form-problems" role="alert" data-testid="check-in-problems">
                        {move || refused.get().map(|r| view! { <p>{r}</p> })}
                        {move || {
                            let n = errors.with(Vec::len);
                            (n > 0).then(|| view! { <p>{format!("{} before saving.", crate::checks::count(n, "thing needs attention", "things need attention"))}</p> })
                        }}
                    </div>
                </Show>
                <div class="row">
                    <Field label="Actual for the period" id="check-in-actual" error=error_for(F::Actual)>
                        {typed_input(typed, "check-in-actual", "text", |t| t.actual.clone(), |t, v| t.actual = v)}
                    </Field>
                    <p class="computed" data-testid="check-in-computed" aria-live="polite">
                        {move || computed().map(|s| format!("Computed from the actual: {}", s.label()))}
                    </p>
                </div>
                <fieldset class="confidence">
                    <legend>"Your confidence"</legend>
                    {Confidence::ALL.iter().map(|c| {
                        let c = *c;
                        let id = format!("check-in-confidence-{}", confidence_key(c));
                        view! {
                            <label for=id.clone() class="choice">
                                <input
                                    type="radio"
                                    id=id.clone()
                                    name="check-in-confidence"
                                    data-testid=id.clone()
                                    prop:checked=move || typed.with(|t| t.confidence == c)
                                    on:change=move |_| typed.update(|t| t.confidence = c)
                                />
                                {c.label()}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                <Show when=disagrees>
                    <p class="disagree" data-testid="check-in-disagree">
                        "Your confidence differs from the status computed from the actual: say why below, the review will ask."
                    </p>
                </Show>
                <div class="row">
                    <Field label="Forecast" id="check-in-forecast" hint="The value you expect on the date beside it." error=error_for(F::Forecast)>
                        {typed_input(typed, "check-in-forecast", "text", |t| t.forecast.clone(), |t, v| t.forecast = v)}
                    </Field>
                    <Field label="Forecast for" id="check-in-forecast-for" error=error_for(F::ForecastFor)>
                        {typed_input(typed, "check-in-forecast-for", "date", |t| t.forecast_for.clone(), |t, v| t.forecast_for = v)}
                    </Field>
                </div>
                <Field label="The variance to plan, explained" id="check-in-variance">
                    {text_area(typed, "check-in-variance", |t| t.variance.clone(), |t, v| t.variance = v)}
                </Field>
                <fieldset class="check-in-actions">
                    <legend>"Actions"</legend>
                    <Show when=move || count.get() == 0>
                        <p class="hint">"No actions yet. An action says what will be done, by whom and by when."</p>
                    </Show>
                    <ul>{move || (0..count.get()).map(action_row).collect_view()}</ul>
                    <div class="row add-action">
                        <Field label="New action" id="check-in-action-new">
                            <input
                                id="check-in-action-new"
                                type="text"
                                node_ref=what_input
                                data-testid="check-in-action-new"
                                prop:value=move || new_what.get()
                                on:input=move |ev| new_what.set(event_target_value(&ev))
                                on:keydown=move |ev: web_sys::KeyboardEvent| {
                                    if ev.key() == "Enter" && !(ev.ctrl_key() || ev.meta_key()) {
                                        ev.prevent_default();
                                        add_action();
                                    }
                                }
                            />
                        </Field>
                        <Field label="Who" id="check-in-action-who">
                            <select
                                id="check-in-action-who"
                                data-testid="check-in-action-who"
                                prop:value=move || new_who.get()
                                on:change=move |ev| new_who.set(event_target_value(&ev))
                            >
                                <option value="">"Nobody named"</option>
                                {people.with_value(|ps| ps.iter().map(|(id, n)| view! { <option value=id.clone()>{n.clone()}</option> }).collect_view())}
                            </select>
                        </Field>
                        <Field label="By when" id="check-in-action-due">
                            <input
                                id="check-in-action-due"
                                type="date"
                                data-testid="check-in-action-due"
                                prop:value=move || new_due.get()
                                on:input=move |ev| new_due.set(event_target_value(&ev))
                            />
                        </Field>
                        <button type="button" data-testid="check-in-action-add" on:click=move |_| add_action()>
                            "Add action"
                        </button>
                    </div>
                    <Show when=move || new_error.with(Option::is_some)>
                        <p class="field-error" role="alert">{move || new_error.get().unwrap_or_default()}</p>
                    </Show>
                </fieldset>
                {(!earlier.is_empty()).then(|| view! {
                    <details class="check-in-history" data-testid="check-in-history">
                        <summary>{format!("Earlier check-ins ({})", earlier.len())}</summary>
                        <ul>
                            {earlier.into_iter().map(|(on, line)| view! { <li>{format!("Period ending {on}: {line}")}</li> }).collect_view()}
                        </ul>
                    </details>
                })}
                <footer class="dialog-actions">
                    <button type="submit" class="primary" data-testid="check-in-save">"Save check-in"</button>
                </footer>
            </form>
        </Dialog>
    }
    .into_any()
}
