//! The edit a finding asks for, offered where the finding is shown: write a link's
//! rationale, name an owner, review at the cadence that fits, lock a company KPI. Each
//! is one undoable edit through the same path as the KPI form; the card's menu and the
//! form reach the same fields.

use leptos::prelude::*;

use crate::checks::rules::{r07_cadence, r14_stability};
use crate::checks::{Finding, RuleId};
use crate::model::{query, Cadence, Edit, Kpi, KpiId, Link, Owner, PersonId};
use crate::ui::state::AppState;

/// Applies a fix and says what it did; the finding item moves focus on afterwards.
/// Returns the refusal in words when the model refuses it.
pub type Apply = Callback<(Edit, String), Result<(), String>>;

/// The fix a finding offers in place, if its fix is a single edit.
#[component]
pub fn QuickFix(finding: Finding, apply: Apply) -> impl IntoView {
    let problem = RwSignal::new(None::<String>);
    let run = move |edit: Edit, done: String| {
        if let Err(e) = apply.run((edit, done)) {
            problem.set(Some(format!("Not changed: {e}.")));
        }
    };
    let first = finding.kpis.first().copied();
    let body = match finding.rule {
        RuleId::Rationale => finding.links.first().map(|&(c, p)| rationale(c, p, run).into_any()),
        RuleId::Owner => first.map(|k| owner(k, run).into_any()),
        RuleId::Cadence => first.map(|k| cadence(k, run).into_any()),
        RuleId::Stability if r14_stability::is_unlocked(&finding) => first.map(|k| lock(k, run).into_any()),
        _ => None,
    };
    body.map(|b| {
        view! {
            <div class="quick-fix" data-testid="quick-fix">
                {b}
                {move || problem.get().map(|p| view! { <p class="field-error" role="alert">{p}</p> })}
            </div>
        }
    })
}

/// The KPI as it is now, for a fix that changes one of its fields.
fn kpi_now(id: KpiId) -> Option<Kpi> {
    AppState::expect().doc.with_untracked(|d| query::kpi(&d.model, id).cloned())
}

fn rationale(child: KpiId, parent: KpiId, run: impl Fn(Edit, String) + Copy + 'static) -> impl IntoView {
    let state = AppState::expect();
    let (current, question) = state.doc.with_untracked(|d| {
        let m = &d.model;
        let current =
            m.links.iter().find(|l| l.child == child && l.parent == parent).map(|l| l.rationale.clone());
        let question = format!(
            "How does \u{201c}{}\u{201d} move \u{201c}{}\u{201d}? One sentence.",
            query::kpi_name(m, child),
            query::kpi_name(m, parent)
        );
        (current.unwrap_or_default(), question)
    });
    let text = RwSignal::new(current);
    let id = format!("fix-rationale-{}-{}", child.0, parent.0);
    let save = move || {
        let link = state.doc.with_untracked(|d| {
            d.model.links.iter().find(|l| l.child == child && l.parent == parent).cloned()
        });
        if let Some(link) = link {
            let rationale = text.get_untracked().trim().to_string();
            run(Edit::update(Link { rationale, ..link }), "Rationale saved".into());
        }
    };
    view! {
        <form class="confirm" on:submit=move |ev| { ev.prevent_default(); save(); }>
            <label for=id.clone()>{question}</label>
            <input id=id type="text" data-testid="fix-rationale"
                placeholder="e.g. Each extra qualified lead adds pipeline that closes within a quarter"
                prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev)) />
            <button type="submit" class="primary" data-testid="fix-save">"Save rationale"</button>
        </form>
    }
}

fn owner(kpi: KpiId, run: impl Fn(Edit, String) + Copy + 'static) -> impl IntoView {
    let state = AppState::expect();
    let chosen = RwSignal::new(None::<PersonId>);
    let people = state
        .doc
        .with_untracked(|d| d.model.people.iter().map(|p| (p.id, p.name.clone())).collect::<Vec<_>>());
    let id = format!("fix-owner-{}", kpi.0);
    let save = move || {
        let (Some(p), Some(k)) = (chosen.get_untracked(), kpi_now(kpi)) else { return };
        let name = state.doc.with_untracked(|d| query::person_name(&d.model, p));
        run(
            Edit::update(Kpi { owner: Some(Owner::Person(p)), ..k }),
            format!("\u{201c}{name}\u{201d} now owns it"),
        );
    };
    let empty = people.is_empty();
    view! {
        <form class="confirm" on:submit=move |ev| { ev.prevent_default(); save(); }>
            <label for=id.clone()>"Who is accountable for it?"</label>
            <select id=id data-testid="fix-owner" on:change=move |ev| chosen.set(event_target_value(&ev).parse().ok().map(PersonId))>
                <option value="">{if empty { "Nobody yet: add people under Organisation" } else { "Choose a person\u{2026}" }}</option>
                {people.into_iter().map(|(id, n)| view! { <option value=id.0.to_string()>{n}</option> }).collect_view()}
            </select>
            <button type="submit" class="primary" data-testid="fix-save" disabled=move || chosen.get().is_none()>"Make owner"</button>
        </form>
    }
}

fn cadence(kpi: KpiId, run: impl Fn(Edit, String) + Copy + 'static) -> impl IntoView {
    let state = AppState::expect();
    let fits = state.doc.with_untracked(|d| {
        query::kpi(&d.model, kpi)
            .map(|k| r07_cadence::slowest_allowed(k.level, d.model.organisation.velocity))
    });
    fits.map(|c: Cadence| {
        view! {
            <button type="button" class="primary" data-testid="fix-cadence" on:click=move |_| {
                if let Some(k) = kpi_now(kpi) {
                    run(Edit::update(Kpi { cadence: c, ..k }), format!("Now reviewed {}", c.lower()));
                }
            }>{format!("Review it {}", c.lower())}</button>
        }
    })
}

fn lock(kpi: KpiId, run: impl Fn(Edit, String) + Copy + 'static) -> impl IntoView {
    let state = AppState::expect();
    view! {
        <button type="button" class="primary" data-testid="fix-lock" on:click=move |_| {
            if let Some(k) = kpi_now(kpi) {
                run(Edit::update(Kpi { locked: Some(state.today), ..k }), "Locked for the strategy period".into());
            }
        }>"Lock it from today"</button>
    }
}
