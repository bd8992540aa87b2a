//! The glossary editor: one shared definition per metric, with its formula, unit,
//! timing and cut-off, currency, recognition rule, source of truth, an example and an
//! owner. KPIs point at a term for their definition.

use leptos::prelude::*;

use crate::model::{ops, Edit, Model, PersonId, Term, TermId, Unit};
use crate::ui::controls::*;
use crate::ui::form_base::use_form_base;
use crate::ui::paged::{ShowMore, PAGE};
use crate::ui::state::AppState;

#[derive(Clone, Debug, PartialEq)]
struct TermDraft {
    name: String,
    definition: String,
    formula: String,
    unit: String,
    timing: String,
    currency: String,
    recognition: String,
    source: String,
    example: String,
    owner: String,
}

crate::rebase_fields!(TermDraft {
    name,
    definition,
    formula,
    unit,
    timing,
    currency,
    recognition,
    source,
    example,
    owner,
});

impl TermDraft {
    fn of(t: &Term) -> TermDraft {
        TermDraft {
            name: t.name.clone(),
            definition: t.definition.clone(),
            formula: t.formula.clone(),
            unit: t.unit.map(|u| u.key().to_string()).unwrap_or_default(),
            timing: t.timing.clone(),
            currency: t.currency.clone(),
            recognition: t.recognition.clone(),
            source: t.source.clone(),
            example: t.example.clone(),
            owner: t.owner.map(|p| p.0.to_string()).unwrap_or_default(),
        }
    }

    fn term(&self, id: TermId) -> Term {
        Term {
            id,
            name: self.name.trim().to_string(),
            definition: self.definition.trim().to_string(),
            formula: self.formula.trim().to_string(),
            unit: Unit::ALL.iter().copied().find(|u| u.key() == self.unit),
            timing: self.timing.trim().to_string(),
            currency: self.currency.trim().to_string(),
            recognition: self.recognition.trim().to_string(),
            source: self.source.trim().to_string(),
            example: self.example.trim().to_string(),
            owner: self.owner.parse().ok().map(PersonId),
        }
    }
}

#[component]
pub fn GlossaryEditor() -> impl IntoView {
    let state = AppState::expect();
    let open = RwSignal::new(None::<Option<TermId>>);
    let shown = RwSignal::new(PAGE);
    let terms = move || {
        state.doc.with(|d| {
            d.model
                .glossary
                .iter()
                .take(shown.get())
                .map(|t| (t.id, t.name.clone(), t.definition.clone()))
                .collect::<Vec<_>>()
        })
    };
    let total = Signal::derive(move || state.doc.with(|d| d.model.glossary.len()));
    // KPIs per term, counted once per change of the model.
    let counts = Memo::new(move |_| state.doc.with(|d| crate::model::query::term_usage(&d.model)));
    let used_by = move |id: TermId| counts.with(|n| n.get(&id).copied().unwrap_or(0));
    view! {
        <section class="panel" aria-labelledby="glossary-title">
            <div class="toolbar">
                <h2 id="glossary-title">"Glossary"</h2>
                <button class="primary" data-testid="new-term" on:click=move |_| open.set(Some(None))>"New term"</button>
            </div>
            <p class="hint">"One definition per metric, shared by every department: the same name must mean the same number everywhere."</p>
            <dl class="glossary" data-testid="glossary">
                <For each=terms key=|t| t.clone() let:t>
                    {
                        let (id, name, definition) = t;
                        view! {
                            <div class="term">
                                <dt>
                                    <button class="link" on:click=move |_| open.set(Some(Some(id)))>{name}</button>
                                    <span class="count">{move || format!(" \u{2014} used by {} KPI(s)", used_by(id))}</span>
                                </dt>
                                <dd>{if definition.is_empty() { "No definition yet.".to_string() } else { definition }}</dd>
                            </div>
                        }
                    }
                </For>
            </dl>
            <ShowMore shown=shown total=total noun="terms" />
            {move || open.get().map(|which| view! { <TermForm which=which on_done=Callback::new(move |_| open.set(None)) /> })}
        </section>
    }
}

/// What the form says when its term is no longer in the model.
const GONE: &str =
    "This term was deleted while the form was open (in another tab, by an undo or an import). \
     Saving would bring it back, so it is not saved: copy what you need, then close the form.";

#[component]
fn TermForm(which: Option<TermId>, on_done: Callback<()>) -> impl IntoView {
    let state = AppState::expect();
    let find = move |m: &Model| match which {
        Some(id) => m.glossary.iter().find(|t| t.id == id).cloned(),
        None => Some(Term::new(TermId(0), "")),
    };
    let base = state.doc.with_untracked(|d| find(&d.model));
    let gone_at_open = base.is_none();
    let base = base.unwrap_or_else(|| Term::new(TermId(0), ""));
    let draft = RwSignal::new(TermDraft::of(&base));
    // The model may change under the open form (another tab, an undo, an import):
    // untouched fields follow it, the user's changes stay.
    let form = use_form_base(draft, base, find, TermDraft::of);
    if gone_at_open {
        form.gone.set(true);
    }
    let problem = RwSignal::new(None::<String>);
    let people = Signal::derive(move || {
        state.doc.with(|d| d.model.people.iter().map(|p| (p.id.0.to_string(), p.name.clone())).collect())
    });
    let units =
        Signal::derive(|| Unit::ALL.iter().map(|u| (u.key().to_string(), u.label().to_string())).collect());
    let save = move || {
        let d = draft.get_untracked();
        if d.name.trim().is_empty() {
            problem.set(Some("Give the term a name.".into()));
            return;
        }
        let edit = match which {
            Some(id) => {
                // Only the fields changed here are written, over the term as it is now.
                let Some(now) = state.doc.with_untracked(|x| find(&x.model)) else {
                    problem.set(Some(GONE.into()));
                    return;
                };
                let unchanged = form.start.with_untracked(|s| s.term(id));
                Edit::update(form.to_save(&d.term(id), Some(unchanged), &now))
            }
            None => Edit::insert(d.term(state.doc.with_untracked(|x| x.model.next_term_id()))),
        };
        match form.closing_with(|| state.try_dispatch(edit, "")) {
            Ok(_) => on_done.run(()),
            Err(e) => problem.set(Some(e.to_string())),
        }
    };
    let delete = move |_| {
        if let Some(id) = which {
            if let Ok(e) = state.doc.with_untracked(|d| ops::delete_term(&d.model, id)) {
                if form.closing_with(|| state.dispatch(e, "")).is_ok() {
                    on_done.run(());
                }
            }
        }
    };
    let title = if which.is_some() { "Edit glossary term" } else { "New glossary term" };
    view! {
        <crate::ui::dialog::Dialog title=title.to_string() on_close=on_done testid="term-form" wide=true>
            <form novalidate on:submit=move |ev| { ev.prevent_default(); save(); }>
                <Show when=move || form.gone.get()>
                    <p class="form-problems" role="alert" data-testid="form-gone">{GONE}</p>
                </Show>
                {move || problem.get().map(|p| view! { <p class="form-problems" role="alert">{p}</p> })}
                <div class="row">
                    <Field label="Name" id="term-name">{text_input(draft, "term-name", |d| d.name.clone(), |d, v| d.name = v)}</Field>
                    <Field label="Unit" id="term-unit">{choice_select(draft, "term-unit", Some("Not set"), units, |d| d.unit.clone(), |d, v| d.unit = v)}</Field>
                    <Field label="Owner" id="term-owner">{choice_select(draft, "term-owner", Some("Nobody yet"), people, |d| d.owner.clone(), |d, v| d.owner = v)}</Field>
                </div>
                <Field label="Exact definition" id="term-definition">{text_area(draft, "term-definition", |d| d.definition.clone(), |d, v| d.definition = v)}</Field>
                <div class="row">
                    <Field label="Formula" id="term-formula">{text_input(draft, "term-formula", |d| d.formula.clone(), |d, v| d.formula = v)}</Field>
                    <Field label="Timing and cut-off" id="term-timing">{text_input(draft, "term-timing", |d| d.timing.clone(), |d, v| d.timing = v)}</Field>
                </div>
                <div class="row">
                    <Field label="Currency" id="term-currency">{text_input(draft, "term-currency", |d| d.currency.clone(), |d, v| d.currency = v)}</Field>
                    <Field label="Recognition rule" id="term-recognition" hint="e.g. bookings, or recognised revenue">{text_input(draft, "term-recognition", |d| d.recognition.clone(), |d, v| d.recognition = v)}</Field>
                    <Field label="Source of truth" id="term-source">{text_input(draft, "term-source", |d| d.source.clone(), |d, v| d.source = v)}</Field>
                </div>
                <Field label="Example" id="term-example">{text_area(draft, "term-example", |d| d.example.clone(), |d, v| d.example = v)}</Field>
                <footer class="dialog-actions">
                    <button type="submit" class="primary" data-testid="term-save">"Save term"</button>
                    <button type="button" on:click=move |_| on_done.run(())>"Cancel"</button>
                    <span class="spacer"></span>
                    {which.map(|_| view! { <button type="button" class="danger" on:click=delete>"Delete term"</button> })}
                </footer>
            </form>
        </crate::ui::dialog::Dialog>
    }
}
