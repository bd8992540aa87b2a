//! The organisation editor: name, industry, business velocity, fiscal year, currency,
//! the alignment owner, the governance rules, and the name this browser writes into the
//! change log.

use leptos::prelude::*;

use crate::model::rebase::{field, Rebase};
use crate::model::{Edit, Model, Organisation, PersonId, Velocity};
use crate::ui::controls::*;
use crate::ui::form_base::use_form_base;
use crate::ui::persistence::Persistence;
use crate::ui::state::AppState;

/// What the form edits: the organisation and the two governance rules.
#[derive(Clone, Debug, PartialEq)]
struct OrgFields {
    org: Organisation,
    escalate_after: u32,
    dispute_resolver: Option<PersonId>,
}

impl OrgFields {
    fn of(m: &Model) -> OrgFields {
        OrgFields {
            org: m.organisation.clone(),
            escalate_after: m.governance.escalate_after,
            dispute_resolver: m.governance.dispute_resolver,
        }
    }
}

impl Rebase for OrgFields {
    fn rebase(base: &Self, ours: &Self, now: &Self) -> Self {
        OrgFields {
            org: Organisation::rebase(&base.org, &ours.org, &now.org),
            escalate_after: field(&base.escalate_after, &ours.escalate_after, &now.escalate_after),
            dispute_resolver: field(&base.dispute_resolver, &ours.dispute_resolver, &now.dispute_resolver),
        }
    }
}

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

crate::rebase_fields!(OrgDraft {
    name,
    industry,
    velocity,
    fiscal,
    currency,
    owner,
    escalate_after,
    resolver
});

impl OrgDraft {
    fn of(f: &OrgFields) -> OrgDraft {
        let o = &f.org;
        OrgDraft {
            name: o.name.clone(),
            industry: o.industry.clone(),
            velocity: o.velocity,
            fiscal: o.fiscal_year_start.to_string(),
            currency: o.currency.clone(),
            owner: o.alignment_owner.map(|p| p.0.to_string()).unwrap_or_default(),
            escalate_after: f.escalate_after.to_string(),
            resolver: f.dispute_resolver.map(|p| p.0.to_string()).unwrap_or_default(),
        }
    }

    /// The whole number of reviews before an escalation, if the text is one (at least 1).
    fn escalate(&self) -> Option<u32> {
        self.escalate_after.trim().parse::<u32>().ok().filter(|n| *n > 0)
    }

    /// What the draft says, if it can be saved (a name and a number of reviews).
    fn build(&self) -> Option<OrgFields> {
        let escalate_after = self.escalate()?;
        if self.name.trim().is_empty() {
            return None;
        }
        Some(OrgFields {
            org: Organisation {
                name: self.name.trim().to_string(),
                industry: self.industry.trim().to_string(),
                velocity: self.velocity,
                fiscal_year_start: self.fiscal.parse().unwrap_or(1),
                currency: self.currency.trim().to_uppercase(),
                alignment_owner: self.owner.parse().ok().map(PersonId),
            },
            escalate_after,
            dispute_resolver: self.resolver.parse().ok().map(PersonId),
        })
    }
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
    let start = state.doc.with_untracked(|d| OrgFields::of(&d.model));
    let draft = RwSignal::new(OrgDraft::of(&start));
    // Another edit (undo, import, another tab's model) under the open form: the fields
    // the user has not touched show the new values, the ones they changed stay.
    let form = use_form_base(draft, start, |m| Some(OrgFields::of(m)), OrgDraft::of);
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
        escalate_error
            .set(d.escalate().is_none().then(|| "Use a whole number of reviews, at least 1.".to_string()));
        let Some(ours) = d.build() else { return };
        // Only the fields changed in this form are written, over the model as it is now.
        let unchanged = form.start.with_untracked(OrgDraft::build);
        let now = state.doc.with_untracked(|x| OrgFields::of(&x.model));
        let saved = form.to_save(&ours, unchanged, &now);
        let mut edits = Vec::new();
        if saved.org != now.org {
            edits.push(Edit::Organisation(saved.org.clone()));
        }
        if (saved.escalate_after, saved.dispute_resolver) != (now.escalate_after, now.dispute_resolver) {
            edits.push(Edit::GovernanceRules {
                escalate_after: saved.escalate_after,
                dispute_resolver: saved.dispute_resolver,
            });
        }
        if !edits.is_empty() && state.dispatch(Edit::Batch(edits), "").is_ok() {
            draft.set(OrgDraft::of(&saved));
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
