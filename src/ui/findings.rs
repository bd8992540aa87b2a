//! The findings panel: every finding of the checks, grouped by severity and rule,
//! filterable by department and person. Selecting a finding highlights the KPIs it
//! involves; a finding can be acknowledged with a reason (it then moves to its own
//! group, never out of sight), and the known-conflict and escalation findings can be
//! resolved by recording the resolution or escalation they ask for. A finding whose fix
//! is one edit offers it in place ([`QuickFix`]); after any of these, focus moves on to
//! the next open finding.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::checks::rules::r17_stale;
use crate::checks::{self, Checked, Finding, RuleId, Severity};
use crate::model::query::{self, Index};
use crate::model::{Acknowledgement, DeptId, Edit, Escalation, KpiId, Model, PersonId, Resolution};
use crate::ui::browser;
use crate::ui::quick_fix::{Apply, QuickFix};
use crate::ui::state::{AppState, KpiEditing, View};

/// Findings of one rule shown at first; the rest come with "Show more". A hostile or
/// huge model can raise thousands, and each is a few elements.
const PER_RULE: usize = 50;

/// Whether a finding concerns a department or a person (directly or through its KPIs).
pub fn matches(m: &Model, idx: &Index, f: &Finding, dept: Option<DeptId>, person: Option<PersonId>) -> bool {
    let kpis = || f.kpis.iter().filter_map(|k| idx.kpi(m, *k));
    let dept_ok = dept.is_none_or(|d| f.departments.contains(&d) || kpis().any(|k| k.department == Some(d)));
    let person_ok =
        person.is_none_or(|p| f.people.contains(&p) || kpis().any(|k| k.owner_person() == Some(p)));
    dept_ok && person_ok
}

/// Open findings, by severity, each with its count per rule.
pub fn summary(findings: &[&Finding]) -> [(Severity, usize); 3] {
    let n = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    [
        (Severity::Error, n(Severity::Error)),
        (Severity::Warning, n(Severity::Warning)),
        (Severity::Info, n(Severity::Info)),
    ]
}

#[component]
pub fn FindingsPanel() -> impl IntoView {
    let state = AppState::expect();
    let dept = RwSignal::new(None::<DeptId>);
    let person = RwSignal::new(None::<PersonId>);
    // Findings shown per rule (by rule code) beyond the first [`PER_RULE`].
    let shown = RwSignal::new(std::collections::HashMap::<&'static str, usize>::new());
    let filtered = Memo::new(move |_| {
        state.checks.with(|Checked { findings: all, .. }| {
            state.doc.with(|d| {
                let (open, acked) = checks::split_acknowledged(&d.model, all);
                let (dept, person) = (dept.get(), person.get());
                let idx = (dept.is_some() || person.is_some()).then(|| Index::new(&d.model));
                let keep = |f: &&Finding| idx.as_ref().is_none_or(|i| matches(&d.model, i, f, dept, person));
                (
                    open.into_iter().filter(keep).cloned().collect::<Vec<_>>(),
                    acked.into_iter().filter(keep).cloned().collect::<Vec<_>>(),
                )
            })
        })
    });
    let depts = move || {
        state.doc.with(|d| d.model.departments.iter().map(|x| (x.id, x.name.clone())).collect::<Vec<_>>())
    };
    let people =
        move || state.doc.with(|d| d.model.people.iter().map(|x| (x.id, x.name.clone())).collect::<Vec<_>>());

    view! {
        <section class="findings" aria-labelledby="findings-title">
            <div class="toolbar">
                <h2 id="findings-title" tabindex="-1">"Alignment checks"</h2>
                <label for="findings-dept">"Department"</label>
                <select id="findings-dept" data-testid="findings-dept" on:change=move |ev| dept.set(event_target_value(&ev).parse().ok().map(DeptId))>
                    <option value="">"All"</option>
                    {move || depts().into_iter().map(|(id, n)| view! { <option value=id.0.to_string()>{n}</option> }).collect_view()}
                </select>
                <label for="findings-person">"Person"</label>
                <select id="findings-person" data-testid="findings-person" on:change=move |ev| person.set(event_target_value(&ev).parse().ok().map(PersonId))>
                    <option value="">"Everyone"</option>
                    {move || people().into_iter().map(|(id, n)| view! { <option value=id.0.to_string()>{n}</option> }).collect_view()}
                </select>
            </div>
            <p class="summary" data-testid="findings-summary">
                {move || {
                    let (open, acked) = filtered.get();
                    let refs: Vec<&Finding> = open.iter().collect();
                    let [e, w, i] = summary(&refs);
                    format!(
                        "{} error(s), {} warning(s), {} note(s); {} acknowledged.",
                        e.1, w.1, i.1, acked.len()
                    )
                }}
            </p>
            {move || {
                let (open, _) = filtered.get();
                open.is_empty().then(|| view! {
                    <p class="empty" data-testid="no-findings">"No open findings here. The checks run again on every change."</p>
                })
            }}
            {[Severity::Error, Severity::Warning, Severity::Info]
                .into_iter()
                .map(|sev| {
                    let in_sev = move || filtered.with(|(open, _)| open.iter().filter(|f| f.severity == sev).cloned().collect::<Vec<_>>());
                    view! {
                        <Show when=move || filtered.with(|(open, _)| open.iter().any(|f| f.severity == sev))>
                            <section class=format!("severity {}", sev.key()) data-testid=format!("severity-{}", sev.key())>
                                <h3>{move || format!("{} ({})", sev.plural(), in_sev().len())}</h3>
                                {move || by_rule(in_sev()).into_iter().map(|(rule, fs)| view! {
                                    <div class="rule-group" data-testid=format!("rule-{}", rule.code())>
                                        <h4>{format!("{} \u{00b7} {} ({})", rule.code(), rule.info().title, fs.len())}</h4>
                                        <ul class="finding-list">
                                            {
                                                let limit = shown.with(|s| s.get(rule.code()).copied().unwrap_or(PER_RULE));
                                                let hidden = fs.len().saturating_sub(limit);
                                                view! {
                                                    {fs.into_iter().take(limit).map(|f| view! { <FindingItem finding=f acknowledged=None /> }).collect_view()}
                                                    {(hidden > 0).then(|| view! {
                                                        <li class="more">
                                                            <button type="button" data-testid="show-more" on:click=move |_| shown.update(|s| {
                                                                *s.entry(rule.code()).or_insert(PER_RULE) += PER_RULE;
                                                            })>{format!("Show {} more ({hidden} not shown)", PER_RULE.min(hidden))}</button>
                                                        </li>
                                                    })}
                                                }
                                            }
                                        </ul>
                                    </div>
                                }).collect_view()}
                            </section>
                        </Show>
                    }
                })
                .collect_view()}
            <Show when=move || filtered.with(|(_, acked)| !acked.is_empty())>
                <section class="severity acknowledged" data-testid="acknowledged">
                    <h3>{move || format!("Acknowledged ({})", filtered.with(|(_, a)| a.len()))}</h3>
                    <ul class="finding-list">
                        {move || {
                            let acked = filtered.with(|(_, a)| a.clone());
                            let by_key: std::collections::HashMap<String, Acknowledgement> = state.doc.with(|d| {
                                d.model.acknowledgements.iter().map(|a| (a.finding.clone(), a.clone())).collect()
                            });
                            acked.into_iter().map(|f| {
                                let ack = by_key.get(&f.key).cloned();
                                view! { <FindingItem finding=f acknowledged=ack /> }
                            }).collect_view()
                        }}
                    </ul>
                </section>
            </Show>
        </section>
    }
}

/// Focuses the title of the finding with this key, if it is shown; says whether it was.
fn focus_finding(key: &str) -> bool {
    let sel = format!("[data-testid=finding][data-key=\"{}\"] .finding-title", key.replace(['"', '\\'], ""));
    browser::focus_selector(&sel)
}

fn by_rule(findings: Vec<Finding>) -> Vec<(RuleId, Vec<Finding>)> {
    let mut out: Vec<(RuleId, Vec<Finding>)> = Vec::new();
    for f in findings {
        match out.iter_mut().find(|(r, _)| *r == f.rule) {
            Some((_, v)) => v.push(f),
            None => out.push((f.rule, vec![f])),
        }
    }
    out
}

/// What a finding's action form is for.
#[derive(Clone, Copy, PartialEq)]
enum Action {
    Acknowledge,
    Resolve,
    Escalate,
}

#[component]
fn FindingItem(finding: Finding, acknowledged: Option<Acknowledgement>) -> impl IntoView {
    let state = AppState::expect();
    let key = finding.key.clone();
    let expanded = RwSignal::new(false);
    let action = RwSignal::new(None::<Action>);
    let text = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let kpis = finding.kpis.clone();
    let selected = {
        let key = key.clone();
        move || state.highlight.with(|h| h.as_ref().is_some_and(|(k, _)| *k == key))
    };
    let select = {
        let (key, kpis) = (key.clone(), kpis.clone());
        move |_| {
            expanded.update(|e| *e = !*e);
            state.highlight.set(Some((key.clone(), kpis.clone())));
        }
    };
    let f = StoredValue::new(finding.clone());
    let item = NodeRef::<leptos::html::Li>::new();
    let input = NodeRef::<leptos::html::Input>::new();
    // The text field takes the focus as soon as an action opens it.
    Effect::new(move |_| {
        if let (Some(_), Some(i)) = (action.get(), input.get()) {
            let _ = i.focus();
        }
    });
    // Cancelling returns to the button that opened the action.
    let cancel = move || {
        let opened = action.get_untracked();
        action.set(None);
        let testid = match opened {
            Some(Action::Resolve) => "finding-resolve",
            Some(Action::Escalate) => "finding-escalate",
            _ => "finding-ack",
        };
        if let Some(b) = item
            .get_untracked()
            .and_then(|li| li.query_selector(&format!("[data-testid={testid}]")).ok().flatten())
        {
            let _ = b.unchecked_into::<web_sys::HtmlElement>().focus();
        }
    };
    // Where the next action is once this finding's fix is recorded (the finding then
    // leaves the open list): the open finding after it, else this one where it went,
    // else the panel's heading. `next_key` is read before the edit, `move_on` after.
    let next_key = move || {
        item.get_untracked().and_then(|li| {
            let open = document()
                .query_selector_all("section.severity:not(.acknowledged) [data-testid=finding]")
                .ok()?;
            let at = (0..open.length()).find(|&i| open.item(i).is_some_and(|n| n.is_same_node(Some(&li))))?;
            open.item(at + 1)?.unchecked_into::<web_sys::Element>().get_attribute("data-key")
        })
    };
    let move_on = move |next: Option<String>| {
        let own = f.with_value(|f| f.key.clone());
        request_animation_frame(move || {
            let _ = next.as_deref().is_some_and(focus_finding)
                || focus_finding(&own)
                || browser::focus_selector("#findings-title");
        });
    };
    let apply: Apply = Callback::new(move |(edit, done): (Edit, String)| {
        let next = next_key();
        state.try_dispatch(edit, "").map_err(|e| e.to_string())?;
        state.announce(done);
        move_on(next);
        Ok(())
    });
    let submit = move || {
        let body = text.get_untracked().trim().to_string();
        if body.is_empty() {
            problem.set(Some("Say why (or how) in a few words.".into()));
            return;
        }
        let by = state.editor_name.get_untracked();
        let edit = f.with_value(|f| match action.get_untracked() {
            Some(Action::Acknowledge) => Some(Edit::insert(Acknowledgement {
                finding: f.key.clone(),
                reason: body.clone(),
                by: by.clone(),
                at: browser::now(),
            })),
            Some(Action::Resolve) => {
                let (a, b) = (f.kpis.first().copied()?, f.kpis.get(1).copied()?);
                let id = state.doc.with_untracked(|d| d.model.next_resolution_id());
                Some(Edit::insert(Resolution {
                    id,
                    kpis: (a.min(b), a.max(b)),
                    by: by.clone(),
                    on: state.today,
                    how: body.clone(),
                }))
            }
            Some(Action::Escalate) => {
                let k = f.kpis.first().copied()?;
                let id = state.doc.with_untracked(|d| d.model.next_escalation_id());
                let to = state.doc.with_untracked(|d| {
                    query::kpi(&d.model, k)
                        .and_then(|k| k.owner_person())
                        .and_then(|p| query::person(&d.model, p))
                        .and_then(|p| p.manager)
                });
                Some(Edit::insert(Escalation { id, kpi: k, on: state.today, to, note: body.clone() }))
            }
            None => None,
        });
        let Some(edit) = edit else { return };
        let next = next_key();
        match state.try_dispatch(edit, &body) {
            Ok(_) => {
                action.set(None);
                text.set(String::new());
                problem.set(None);
                move_on(next);
            }
            Err(e) => problem.set(Some(e.to_string())),
        }
    };
    let withdraw = {
        let key = key.clone();
        move |_| {
            let _ = state.dispatch(Edit::remove::<Acknowledgement>(key.clone()), "");
        }
    };
    let is_acked = acknowledged.is_some();
    let field_id = format!("action-{}", key.replace(|c: char| !c.is_ascii_alphanumeric(), "-"));
    let field_id = StoredValue::new(field_id);
    let resolvable = matches!(finding.rule, RuleId::KnownConflicts | RuleId::StructuralConflict);
    let escalatable = r17_stale::is_unescalated(&finding);
    let kpis = StoredValue::new(kpis);
    let involved = move || {
        state.doc.with(|d| {
            kpis.with_value(|ks| {
                ks.iter()
                    .filter_map(|k| query::kpi(&d.model, *k).map(|x| (x.id, x.name.clone())))
                    .collect::<Vec<(KpiId, String)>>()
            })
        })
    };

    view! {
        <li node_ref=item class=format!("finding {}", finding.severity.key()) class:selected=selected data-testid="finding" data-key=finding.key.clone()>
            <button class="finding-title" aria-expanded=move || expanded.get().to_string() on:click=select data-testid="finding-title">
                <span class="badge">{finding.rule.code()}</span>
                " "
                {finding.title.clone()}
            </button>
            <Show when=move || expanded.get()>
                <div class="finding-body" data-testid="finding-body">
                    <p class="explanation">{f.with_value(|f| f.explanation.clone())}</p>
                    <p class="fix"><strong>"How to fix: "</strong>{f.with_value(|f| f.fix.clone())}</p>
                    {acknowledged.clone().map(|a| view! {
                        <p class="ack-note" data-testid="ack-note">
                            {format!("Acknowledged{}: {}", if a.by.is_empty() { String::new() } else { format!(" by {}", a.by) }, a.reason)}
                        </p>
                    })}
                    <QuickFix finding=f.get_value() apply=apply />
                    <ul class="involved">
                        {move || involved().into_iter().map(|(id, name)| view! {
                            <li>
                                <button class="chip-button" data-testid="involved-kpi" on:click=move |_| state.kpi_editor.set(Some(KpiEditing::Existing(id)))>
                                    {name}
                                </button>
                            </li>
                        }).collect_view()}
                    </ul>
                    <div class="finding-actions">
                        <button data-testid="finding-show" on:click=move |_| state.view.set(View::Kpis)>"Show in the KPI list"</button>
                        <button data-testid="finding-board" on:click=move |_| state.view.set(View::Board)>"Show on the cascade"</button>
                        {(!is_acked).then(|| view! {
                            <button data-testid="finding-ack" on:click=move |_| action.set(Some(Action::Acknowledge))>"Acknowledge\u{2026}"</button>
                        })}
                        {is_acked.then(|| view! { <button data-testid="finding-withdraw" on:click=withdraw.clone()>"Withdraw acknowledgement"</button> })}
                        {resolvable.then(|| view! {
                            <button data-testid="finding-resolve" on:click=move |_| action.set(Some(Action::Resolve))>"Record resolution\u{2026}"</button>
                        })}
                        {escalatable.then(|| view! {
                            <button data-testid="finding-escalate" on:click=move |_| action.set(Some(Action::Escalate))>"Record escalation\u{2026}"</button>
                        })}
                    </div>
                    <Show when=move || action.get().is_some()>
                        <form class="confirm" on:submit=move |ev| { ev.prevent_default(); submit(); }>
                            <label for=field_id.get_value()>
                                {move || match action.get() {
                                    Some(Action::Acknowledge) => "Why is this acceptable?",
                                    Some(Action::Resolve) => "How was the conflict resolved?",
                                    _ => "What was escalated, to whom, and what was agreed?",
                                }}
                            </label>
                            <input id=field_id.get_value() type="text" node_ref=input data-testid="finding-action-text"
                                prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev)) />
                            <button type="submit" class="primary" data-testid="finding-action-save">"Record"</button>
                            <button type="button" data-testid="finding-action-cancel" on:click=move |_| cancel()>"Cancel"</button>
                            {move || problem.get().map(|p| view! { <p class="field-error" role="alert">{p}</p> })}
                        </form>
                    </Show>
                </div>
            </Show>
        </li>
    }
}
