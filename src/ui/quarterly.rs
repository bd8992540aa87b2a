//! The quarterly alignment review: a dialog that walks the checklist of
//! [`crate::rhythm::quarterly`] one step at a time (retire, add, conflicts, locks,
//! maturity) and records the decisions as one undoable edit. The checklist is taken when
//! the dialog opens; the model cannot change under a modal dialog.

use std::collections::BTreeMap;

use leptos::html;
use leptos::prelude::*;

use crate::model::{query, Action, ActionState, KpiId, MeetingId, PersonId};
use crate::rhythm::quarterly::{self, Checklist, Decisions, Problem, Verdict};
use crate::ui::browser;
use crate::ui::dialog::Dialog;
use crate::ui::state::AppState;

const STEPS: [&str; 5] = ["Retire", "Add", "Conflicts", "Locks", "Maturity and record"];

/// "and 12 more, not shown" under a cut list.
fn more(n: usize, what: &'static str) -> impl IntoView {
    (n > 0).then(|| view! { <p class="hint">{format!("And {} more {what}, not shown here.", crate::model::text::grouped(n))}</p> })
}

#[component]
pub fn QuarterlyReview(on_close: Callback<()>, on_recorded: Callback<MeetingId>) -> impl IntoView {
    let state = AppState::expect();
    let today = state.today;
    let list: StoredValue<Checklist> = StoredValue::new(
        state.checks.with_untracked(|c| state.doc.with_untracked(|d| quarterly::checklist(&d.model, c))),
    );
    let (people, resolver): (Vec<(u32, String)>, Option<String>) = state.doc.with_untracked(|d| {
        (
            d.model.people.iter().map(|p| (p.id.0, p.name.clone())).collect(),
            query::person_name_of(&d.model, d.model.governance.dispute_resolver),
        )
    });

    let step = RwSignal::new(0usize);
    let verdicts = RwSignal::new(BTreeMap::<KpiId, (Verdict, String)>::new());
    let additions = RwSignal::new(Vec::<Action>::new());
    let to_resolver = RwSignal::new(Vec::<String>::new());
    let lock = RwSignal::new(Vec::<KpiId>::new());
    let note = RwSignal::new(String::new());
    let problems = RwSignal::new(Vec::<Problem>::new());
    let refused = RwSignal::new(None::<String>);
    let unsaved = Signal::derive(move || {
        verdicts.with(|v| !v.is_empty())
            || additions.with(|a| !a.is_empty())
            || to_resolver.with(|t| !t.is_empty())
            || lock.with(|l| !l.is_empty())
            || note.with(|n| !n.trim().is_empty())
    });

    let heading = NodeRef::<html::H3>::new();
    let go = move |to: usize| {
        step.set(to.min(STEPS.len() - 1));
        // The heading stays one element from step to step: focused at once, no frame
        // in which a key would fall to the page.
        if let Some(h) = heading.get_untracked() {
            let _ = h.focus();
        }
    };

    let record = move |_| {
        refused.set(None);
        let d = Decisions {
            verdicts: verdicts.get_untracked(),
            additions: additions.get_untracked(),
            to_resolver: to_resolver.get_untracked(),
            lock: lock.get_untracked(),
            note: note.get_untracked(),
        };
        let built =
            list.with_value(|l| state.doc.with_untracked(|doc| quarterly::record(&doc.model, l, &d, today)));
        match built {
            Err(p) => {
                let first = p.first().map(|p| p.field.clone());
                problems.set(p);
                step.set(0);
                request_animation_frame(move || {
                    if let Some(f) = first {
                        browser::focus_selector(&format!("#{f}"));
                    }
                });
            }
            Ok(edit) => {
                problems.set(Vec::new());
                let id = state.doc.with_untracked(|d| d.model.next_meeting_id());
                match state.try_dispatch(edit, "Quarterly alignment review") {
                    Ok(_) => on_recorded.run(id),
                    Err(e) => refused.set(Some(format!("The review was not recorded: {e}"))),
                }
            }
        }
    };

    // Step 1: retire or keep.
    let retire_step = move || {
        let (items, left) = list.with_value(|l| (l.retire.items.clone(), l.retire.more));
        if items.is_empty() {
            return view! { <p class="hint" data-testid="retire-none">"Nothing to consider retiring: every active KPI feeds a company KPI and is measured."</p> }.into_any();
        }
        view! {
            <p class="hint">"KPIs that feed no company KPI, or that nobody measures or checks in on. Keep each one or retire it; a retired KPI keeps its history and the reason given here."</p>
            {items.into_iter().map(|c| {
                let k = c.kpi;
                let reason_id = format!("retire-reason-{}", k.0);
                let error_id = format!("{reason_id}-error");
                let error = Signal::derive({
                    let reason_id = reason_id.clone();
                    move || problems.with(|p| p.iter().find(|p| p.field == reason_id).map(|p| p.message.clone()))
                });
                let verdict = move || verdicts.with(|v| v.get(&k).map(|x| x.0).unwrap_or_default());
                let set_verdict = move |to: Verdict| verdicts.update(|v| v.entry(k).or_default().0 = to);
                let keep_id = format!("retire-keep-{}", k.0);
                let retire_id = format!("retire-retire-{}", k.0);
                view! {
                    <fieldset class="candidate" data-testid="retire-candidate" class:invalid=move || error.get().is_some()>
                        <legend>{c.name.clone()}<span class="candidate-owner">{format!(" \u{2014} {}", c.owner)}</span></legend>
                        <ul class="reasons">{c.reasons.iter().map(|r| view! { <li>{r.clone()}</li> }).collect_view()}</ul>
                        <div class="row">
                            <label class="choice" for=keep_id.clone()>
                                <input type="radio" name=format!("verdict-{}", k.0) id=keep_id.clone() data-testid=keep_id.clone()
                                    prop:checked=move || verdict() == Verdict::Keep on:change=move |_| set_verdict(Verdict::Keep) />
                                "Keep"
                            </label>
                            <label class="choice" for=retire_id.clone()>
                                <input type="radio" name=format!("verdict-{}", k.0) id=retire_id.clone() data-testid=retire_id.clone()
                                    prop:checked=move || verdict() == Verdict::Retire on:change=move |_| set_verdict(Verdict::Retire) />
                                "Retire"
                            </label>
                            <label for=reason_id.clone()>{move || if verdict() == Verdict::Retire { "Reason (required)" } else { "Reason" }}</label>
                            <input type="text" id=reason_id.clone() data-testid=reason_id.clone()
                                aria-invalid=move || error.get().is_some().then_some("true")
                                aria-describedby=move || error.get().map(|_| error_id.clone())
                                prop:value=move || verdicts.with(|v| v.get(&k).map(|x| x.1.clone()).unwrap_or_default())
                                on:input=move |ev| verdicts.update(|v| v.entry(k).or_default().1 = event_target_value(&ev)) />
                        </div>
                        {move || error.get().map(|e| view! { <p class="field-error" id=format!("retire-reason-{}-error", k.0) role="alert">{e}</p> })}
                    </fieldset>
                }
            }).collect_view()}
            {more(left, "KPIs to consider; retire them from the KPI list, or at the next review")}
        }
        .into_any()
    };

    // Step 2: what to add.
    let what = RwSignal::new(String::new());
    let for_kpi = RwSignal::new(String::new());
    let who = RwSignal::new(String::new());
    let due = RwSignal::new(String::new());
    let add_problem = RwSignal::new(None::<String>);
    let add_one = move |_| {
        let text = crate::model::text::tidy_label(&what.get_untracked());
        if text.is_empty() {
            add_problem.set(Some("Say what is to be added.".into()));
            browser::focus_selector("#quarterly-add-what");
            return;
        }
        let due_day = match crate::model::text::typed_day(&due.get_untracked()) {
            Ok(d) => d,
            Err(e) => {
                add_problem.set(Some(format!("By: {e}")));
                browser::focus_selector("#quarterly-add-due");
                return;
            }
        };
        add_problem.set(None);
        additions.update(|a| {
            a.push(Action {
                what: text,
                kpi: for_kpi.get_untracked().parse().ok().map(KpiId),
                who: who.get_untracked().parse().ok().map(PersonId),
                due: due_day,
                state: ActionState::Open,
            })
        });
        what.set(String::new());
        due.set(String::new());
        state.announce("Added to the plan");
        browser::focus_selector("#quarterly-add-what");
    };
    let add_step = move || {
        let (gaps, left) = list.with_value(|l| (l.add.items.clone(), l.add.more));
        let kpis: Vec<(u32, String)> = state.doc.with_untracked(|d| {
            let mut seen = std::collections::HashSet::new();
            gaps.iter()
                .filter_map(|g| g.kpi)
                .filter(|k| seen.insert(*k))
                .map(|k| (k.0, query::kpi_name(&d.model, k)))
                .collect()
        });
        let people = people.clone();
        view! {
            {if gaps.is_empty() {
                view! { <p class="hint" data-testid="add-none">"No gap found: every company KPI is taken up by a department, and every level has a leading indicator."</p> }.into_any()
            } else {
                view! {
                    <p class="hint">"Where a KPI is missing. Each thing to add becomes an action with an owner and a date."</p>
                    <ul class="gaps" data-testid="add-gap">
                        {gaps.into_iter().map(|g| view! { <li><strong>{g.title}</strong>" "<span>{g.fix}</span></li> }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {more(left, "gaps")}
            <div class="row">
                <label for="quarterly-add-what">"To add"</label>
                <input id="quarterly-add-what" type="text" data-testid="quarterly-add-what" prop:value=move || what.get() on:input=move |ev| what.set(event_target_value(&ev)) />
                <label for="quarterly-add-kpi">"For"</label>
                <select id="quarterly-add-kpi" data-testid="quarterly-add-kpi" on:change=move |ev| for_kpi.set(event_target_value(&ev))>
                    <option value="" prop:selected=move || for_kpi.with(String::is_empty)>"No KPI in particular"</option>
                    {kpis.into_iter().map(|(id, n)| view! { <option value=id.to_string() prop:selected=move || for_kpi.get() == id.to_string()>{n}</option> }).collect_view()}
                </select>
                <label for="quarterly-add-who">"Who"</label>
                <select id="quarterly-add-who" data-testid="quarterly-add-who" on:change=move |ev| who.set(event_target_value(&ev))>
                    <option value="" prop:selected=move || who.with(String::is_empty)>"Nobody named"</option>
                    {people.into_iter().map(|(id, n)| view! { <option value=id.to_string() prop:selected=move || who.get() == id.to_string()>{n}</option> }).collect_view()}
                </select>
                <label for="quarterly-add-due">"By"</label>
                <input id="quarterly-add-due" type="date" data-testid="quarterly-add-due" prop:value=move || due.get() on:input=move |ev| due.set(event_target_value(&ev)) />
                <button type="button" data-testid="quarterly-add" on:click=add_one>"Add to the plan"</button>
            </div>
            {move || add_problem.get().map(|p| view! { <p class="field-error" role="alert" data-testid="quarterly-add-problem">{p}</p> })}
            <ul class="recorded" data-testid="quarterly-added" aria-label="To add">
                {move || state.doc.with_untracked(|d| additions.get().into_iter().enumerate().map(|(i, a)| {
                    let line = crate::rhythm::minutes::ActionLine::of(&d.model, &a).line();
                    let label = format!("Remove \u{201c}{}\u{201d}", a.what);
                    view! {
                        <li>
                            {line}" "
                            <button type="button" class="link" aria-label=label on:click=move |_| {
                                additions.update(|a| { if i < a.len() { a.remove(i); } });
                                browser::focus_selector("#quarterly-add-what");
                            }>"Remove"</button>
                        </li>
                    }
                }).collect_view())}
            </ul>
        }
        .into_any()
    };

    // Step 3: the conflicts still open.
    let conflicts_step = move || {
        let (items, left) = list.with_value(|l| (l.conflicts.items.clone(), l.conflicts.more));
        if items.is_empty() {
            return view! { <p class="hint" data-testid="conflicts-none">"No conflict is open: nothing was found, or every one was acknowledged."</p> }.into_any();
        }
        let by = today.add_days(quarterly::RESOLVE_WITHIN).human();
        let to = resolver.clone().unwrap_or_else(|| "the dispute resolver".into());
        view! {
            <p class="hint">
                {format!("Cross-functional, definition and timing conflicts not acknowledged. Hand one to {to} to resolve by {by}, or leave it open for the next review.")}
                {resolver.is_none().then_some(" Nobody is named as dispute resolver yet: name one under Organisation, Governance.")}
            </p>
            <ul class="conflicts">
                {items.into_iter().enumerate().map(|(i, c)| {
                    let id = format!("conflict-hand-{i}");
                    let key = c.key.clone();
                    let checked = {
                        let key = key.clone();
                        move || to_resolver.with(|t| t.contains(&key))
                    };
                    view! {
                        <li data-testid="quarterly-conflict">
                            <strong>{c.title}</strong>" "<span>{c.fix}</span>
                            <label class="choice" for=id.clone()>
                                <input type="checkbox" id=id.clone() data-testid=id.clone() prop:checked=checked
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        to_resolver.update(|t| {
                                            t.retain(|x| *x != key);
                                            if on { t.push(key.clone()); }
                                        });
                                    } />
                                "Hand on to resolve"
                            </label>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {more(left, "conflicts")}
        }
        .into_any()
    };

    // Step 4: company-KPI locks.
    let locks_step = move || {
        let (items, left) = list.with_value(|l| (l.locks.items.clone(), l.locks.more));
        if items.is_empty() {
            return view! { <p class="hint">"No active company KPI."</p> }.into_any();
        }
        view! {
            <p class="hint">"Company KPIs stay put for the strategy period, so the cascade below them holds. Lock those agreed today."</p>
            <ul class="locks">
                {items.into_iter().map(|l| {
                    let k = l.kpi;
                    match l.locked {
                        Some(on) => view! { <li data-testid="quarterly-lock">{format!("{} \u{2014} locked since {}", l.name, on.human())}</li> }.into_any(),
                        None => {
                            let id = format!("lock-{}", k.0);
                            view! {
                                <li data-testid="quarterly-lock">
                                    <label class="choice" for=id.clone()>
                                        <input type="checkbox" id=id.clone() data-testid=id.clone()
                                            prop:checked=move || lock.with(|x| x.contains(&k))
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                lock.update(|x| {
                                                    x.retain(|y| *y != k);
                                                    if on { x.push(k); }
                                                });
                                            } />
                                        {format!("Lock \u{201c}{}\u{201d} today (not locked)", l.name)}
                                    </label>
                                </li>
                            }.into_any()
                        }
                    }
                }).collect_view()}
            </ul>
            {more(left, "company KPIs")}
        }
        .into_any()
    };

    // Step 5: the maturity scores, what will be recorded, and the record button.
    let final_step = move || {
        let (evidence, assessed, limit) = list.with_value(|l| {
            (
                format!("{:.0} ({})", l.evidence.total, l.evidence.level.label()),
                l.assessed.as_ref().map(|a| format!("{:.0} ({})", a.total, a.level.label())),
                l.evidence.limit(),
            )
        });
        let summary = move || {
            let (retire, keep) = list.with_value(|l| {
                verdicts.with(|v| {
                    let retire = l
                        .retire
                        .items
                        .iter()
                        .filter(|c| v.get(&c.kpi).is_some_and(|x| x.0 == Verdict::Retire))
                        .count();
                    (retire, l.retire.items.len() - retire)
                })
            });
            format!(
                "Recording: retire {retire}, keep {keep}; add {}; hand on {}; lock {}.",
                additions.with(Vec::len),
                crate::checks::count(to_resolver.with(Vec::len), "conflict", "conflicts"),
                crate::checks::count(lock.with(Vec::len), "company KPI", "company KPIs"),
            )
        };
        view! {
            <dl class="quarterly-maturity" data-testid="quarterly-maturity">
                <dt>"From the model"</dt><dd>{evidence}</dd>
                <dt>"Self-assessed"</dt><dd>{assessed.unwrap_or_else(|| "Not answered yet (Maturity tab)".into())}</dd>
            </dl>
            {limit.map(|l| view! { <p class="hint">{l}</p> })}
            <p data-testid="quarterly-summary">{summary}</p>
            <label for="quarterly-note">"Anything else decided"</label>
            <textarea id="quarterly-note" data-testid="quarterly-note" rows="2" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
            {move || (!problems.with(Vec::is_empty)).then(|| view! { <p class="field-error" role="alert">"Some decisions are incomplete; see the Retire step."</p> })}
            {move || refused.get().map(|r| view! { <p class="field-error" role="alert" data-testid="quarterly-refused">{r}</p> })}
        }
    };

    view! {
        <Dialog title="Quarterly alignment review" on_close=on_close testid="quarterly" wide=true unsaved=unsaved>
            <h3 tabindex="-1" autofocus=true node_ref=heading data-testid="quarterly-step">{move || format!("Step {} of {}: {}", step.get() + 1, STEPS.len(), STEPS[step.get()])}</h3>
            <ol class="steps" data-testid="quarterly-steps" aria-label="Steps">
                {STEPS.iter().enumerate().map(|(i, s)| view! {
                    <li aria-current=move || (step.get() == i).then_some("step")>
                        <button type="button" class="link" on:click=move |_| go(i)>{format!("{}. {s}", i + 1)}</button>
                    </li>
                }).collect_view()}
            </ol>
            <div class="quarterly-step">
                {move || match step.get() {
                    0 => retire_step(),
                    1 => add_step(),
                    2 => conflicts_step(),
                    3 => locks_step(),
                    _ => final_step().into_any(),
                }}
            </div>
            <div class="actions">
                <button type="button" data-testid="quarterly-back" disabled=move || step.get() == 0 on:click=move |_| go(step.get_untracked().saturating_sub(1))>"\u{2190} Back"</button>
                {move || if step.get() + 1 < STEPS.len() {
                    view! { <button type="button" class="primary" data-testid="quarterly-next" on:click=move |_| go(step.get_untracked() + 1)>"Next \u{2192}"</button> }.into_any()
                } else {
                    view! { <button type="button" class="primary" data-testid="quarterly-record" on:click=record>"Record the review"</button> }.into_any()
                }}
            </div>
        </Dialog>
    }
}
