//! The organisation editor: name, industry, business velocity, fiscal year, currency,
//! the alignment owner, the governance rules, and the name this browser writes into the
//! change log.

use leptos::prelude::*;

use crate::model::{Edit, Organisation, PersonId, Velocity};
use crate::ui::controls::*;
use crate::ui::persistence::Persistence;
use crate::ui::state::AppState;

#[derive(Clone, Debug, PartialEq)]
struct OrgDraft {
    name: String,
    industry: String,
    velocity: Velocity,
    fiscal: String,
    currency: String,
    owner: String,
    escalate_after: String,
    resolver: String,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

#[component]
pub fn OrganisationForm() -> impl IntoView {
    let state = AppState::expect();
    let persistence = Persistence::expect();
    let from_model = move || {
        state.doc.with_untracked(|d| {
            let o = &d.model.organisation;
            let g = &d.model.governance;
            OrgDraft {
                name: o.name.clone(),
                industry: o.industry.clone(),
                velocity: o.velocity,
                fiscal: o.fiscal_year_start.to_string(),
                currency: o.currency.clone(),
                owner: o.alignment_owner.map(|p| p.0.to_string()).unwrap_or_default(),
                escalate_after: g.escalate_after.to_string(),
                resolver: g.dispute_resolver.map(|p| p.0.to_string()).unwrap_or_default(),
            }
        })
    };
    let draft = RwSignal::new(from_model());
    // Another edit (undo, import, another tab) replaces what the form shows.
    Effect::watch(move || state.edits.get(), move |_, _, _| draft.set(from_model()), false);
    let name_error = RwSignal::new(None::<String>);
    let escalate_error = RwSignal::new(None::<String>);
    let people = Signal::derive(move || {
        state.doc.with(|d| d.model.people.iter().map(|p| (p.id.0.to_string(), p.name.clone())).collect())
    });
    let months = Signal::derive(|| (1..=12).map(|m| (m.to_string(), MONTHS[m - 1].to_string())).collect());
    let editor = RwSignal::new(state.editor_name.get_untracked());

    let save = move || {
        let d = draft.get_untracked();
        name_error.set(d.name.trim().is_empty().then(|| "Give the organisation a name.".to_string()));
        let escalate = d.escalate_after.trim().parse::<u32>().ok().filter(|n| *n > 0);
        escalate_error
            .set(escalate.is_none().then(|| "Use a whole number of reviews, at least 1.".to_string()));
        let (false, Some(escalate)) = (d.name.trim().is_empty(), escalate) else { return };
        let org = Organisation {
            name: d.name.trim().to_string(),
            industry: d.industry.trim().to_string(),
            velocity: d.velocity,
            fiscal_year_start: d.fiscal.parse().unwrap_or(1),
            currency: d.currency.trim().to_uppercase(),
            alignment_owner: d.owner.parse().ok().map(PersonId),
        };
        let rules = Edit::GovernanceRules {
            escalate_after: escalate,
            dispute_resolver: d.resolver.parse().ok().map(PersonId),
        };
        let changed_org = state.doc.with_untracked(|x| x.model.organisation != org);
        let changed_rules = state.doc.with_untracked(|x| {
            x.model.governance.escalate_after != escalate
                || x.model.governance.dispute_resolver != d.resolver.parse().ok().map(PersonId)
        });
        let mut edits = Vec::new();
        if changed_org {
            edits.push(Edit::Organisation(org));
        }
        if changed_rules {
            edits.push(rules);
        }
        if !edits.is_empty() {
            let _ = state.dispatch(Edit::Batch(edits), "");
        }
        let name = editor.get_untracked().trim().to_string();
        if name != state.editor_name.get_untracked() {
            state.editor_name.set(name.clone());
            let mut prefs = persistence.prefs();
            prefs.editor = name;
            persistence.set_prefs(&prefs);
            state.info("Your name for the change log is saved in this browser.");
        }
    };

    view! {
        <section class="panel" aria-labelledby="org-title">
            <h2 id="org-title">"Organisation"</h2>
            <form
                class="org-form"
                novalidate
                on:submit=move |ev| {
                    ev.prevent_default();
                    save();
                }
            >
                <div class="row">
                    <Field label="Name" id="org-field-name" error=name_error>
                        {text_input(draft, "org-field-name", |d| d.name.clone(), |d, v| d.name = v)}
                    </Field>
                    <Field label="Industry" id="org-industry">
                        {text_input(draft, "org-industry", |d| d.industry.clone(), |d, v| d.industry = v)}
                    </Field>
                    <Field label="Business velocity" id="org-velocity" hint="Sets how often the checks expect KPIs to be reviewed.">
                        {enum_select(draft, "org-velocity", &Velocity::ALL, Velocity::label, |d| d.velocity, |d, v| d.velocity = v)}
                    </Field>
                </div>
                <div class="row">
                    <Field label="Fiscal year starts in" id="org-fiscal">
                        {choice_select(draft, "org-fiscal", None, months, |d| d.fiscal.clone(), |d, v| d.fiscal = v)}
                    </Field>
                    <Field label="Currency" id="org-currency">
                        {text_input(draft, "org-currency", |d| d.currency.clone(), |d, v| d.currency = v)}
                    </Field>
                    <Field label="Alignment owner" id="org-owner" hint="Who owns the alignment process (COO, chief of staff, FP&A lead).">
                        {choice_select(draft, "org-owner", Some("Nobody yet"), people, |d| d.owner.clone(), |d, v| d.owner = v)}
                    </Field>
                </div>
                <h3>"Governance"</h3>
                <div class="row">
                    <Field label="Escalate after this many off-track reviews" id="org-escalate" error=escalate_error>
                        {typed_input(draft, "org-escalate", "number", |d| d.escalate_after.clone(), |d, v| d.escalate_after = v)}
                    </Field>
                    <Field label="Resolves cross-functional disputes" id="org-resolver">
                        {choice_select(draft, "org-resolver", Some("Nobody yet"), people, |d| d.resolver.clone(), |d, v| d.resolver = v)}
                    </Field>
                    <Field label="Your name (for the change log, kept in this browser)" id="org-editor">
                        <input
                            id="org-editor"
                            type="text"
                            data-testid="org-editor"
                            prop:value=move || editor.get()
                            on:input=move |ev| editor.set(event_target_value(&ev))
                        />
                    </Field>
                </div>
                <footer class="form-actions">
                    <button type="submit" class="primary" data-testid="org-save">"Save organisation"</button>
                </footer>
            </form>
        </section>
    }
}
