//! The interlocks editor: dependencies between commitments (with the date each is
//! needed by and the date its owner committed to) and influences outside the cascade
//! (one KPI helping or hurting another). They feed the timing-interlock and
//! structural-conflict checks. Adding, changing and removing each is one undoable edit;
//! a refused one says why inline and changes nothing.

use leptos::prelude::*;

use std::collections::HashMap;

use crate::model::{ops, query, Date, Dependency, DependencyId, Edit, Influence, KpiId, Model, Sign};
use crate::ui::paged::{ShowMore, PAGE};
use crate::ui::state::AppState;

/// Every KPI's name and target date, looked up once per change of the model so that
/// rows never search the model.
fn kpi_facts(m: &Model) -> HashMap<KpiId, (String, Option<Date>)> {
    m.kpis.iter().map(|k| (k.id, (k.name.clone(), k.target.and_then(|t| t.due)))).collect()
}

/// A date field's text as an optional date, or the message naming the field.
fn date_field(text: &str, field: &str) -> Result<Option<Date>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    Date::parse(t).map(Some).map_err(|_| format!("{field}: \u{201c}{t}\u{201d} is not a date (YYYY-MM-DD)"))
}

fn kpi_select(
    id: &'static str,
    label: &'static str,
    // False for a select in the middle of a sentence: its name is heard, not shown.
    shown: bool,
    value: RwSignal<Option<KpiId>>,
    choices: Signal<Vec<(KpiId, String)>>,
) -> impl IntoView {
    view! {
        <label for=id class:sr-only=!shown>{label}</label>
        <select id=id data-testid=id on:change=move |ev| value.set(event_target_value(&ev).parse().ok().map(KpiId))>
            <option value="" prop:selected=move || value.get().is_none()>"Choose a KPI"</option>
            {move || choices.get().into_iter().map(|(k, name)| view! {
                <option value=k.0.to_string() prop:selected=move || value.get() == Some(k)>{name}</option>
            }).collect_view()}
        </select>
    }
}

#[component]
pub fn DependenciesEditor() -> impl IntoView {
    let state = AppState::expect();
    let choices: Signal<_> = Memo::new(move |_| state.doc.with(|d| query::kpi_choices(&d.model))).into();
    let facts = Memo::new(move |_| state.doc.with(|d| kpi_facts(&d.model)));
    let name = move |k: KpiId| facts.with(|f| f.get(&k).map_or_else(|| k.to_string(), |x| x.0.clone()));
    let shown = RwSignal::new(PAGE);
    let rows = move || {
        state.doc.with(|d| d.model.dependencies.iter().take(shown.get()).cloned().collect::<Vec<_>>())
    };
    let total = Signal::derive(move || state.doc.with(|d| d.model.dependencies.len()));

    let dependent = RwSignal::new(None::<KpiId>);
    let prerequisite = RwSignal::new(None::<KpiId>);
    let needed_by = RwSignal::new(String::new());
    let committed = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let row_error = RwSignal::new(None::<String>);

    let add = move || {
        let (Some(a), Some(b)) = (dependent.get_untracked(), prerequisite.get_untracked()) else {
            error.set(Some("Choose the KPI that depends and the KPI it needs.".into()));
            return;
        };
        let dates = date_field(&needed_by.get_untracked(), "Needed by")
            .and_then(|n| date_field(&committed.get_untracked(), "Committed").map(|c| (n, c)));
        let (n, c) = match dates {
            Ok(x) => x,
            Err(e) => return error.set(Some(e)),
        };
        let edit = state.doc.with_untracked(|d| ops::depend(&d.model, a, b, n, c, &note.get_untracked()));
        match edit.and_then(|e| state.try_dispatch(e, "")) {
            Ok(_) => {
                dependent.set(None);
                prerequisite.set(None);
                needed_by.set(String::new());
                committed.set(String::new());
                note.set(String::new());
                error.set(None);
            }
            Err(e) => error.set(Some(format!("Not added: {e}."))),
        }
    };
    // A row changes one field of the dependency as it is in the model now, never the
    // copy the row was drawn from (the model may have moved on since: another tab, an undo).
    let update = move |id: DependencyId, change: &dyn Fn(&mut Dependency)| {
        let Some(mut d) =
            state.doc.with_untracked(|m| m.model.dependencies.iter().find(|x| x.id == id).cloned())
        else {
            return row_error.set(Some("Not changed: the dependency was removed.".into()));
        };
        change(&mut d);
        match state.try_dispatch(Edit::update(d), "") {
            Ok(_) => row_error.set(None),
            Err(e) => row_error.set(Some(format!("Not changed: {e}."))),
        }
    };
    let set_date = move |id: DependencyId, text: String, field: &'static str, needed: bool| match date_field(
        &text, field,
    ) {
        Ok(v) if needed => update(id, &|d| d.needed_by = v),
        Ok(v) => update(id, &|d| d.committed = v),
        Err(e) => row_error.set(Some(e)),
    };

    view! {
        <section class="panel" aria-labelledby="deps-title">
            <h2 id="deps-title">"Dependencies"</h2>
            <p class="hint">"One team\u{2019}s commitment needs another\u{2019}s: a launch needs the release, hiring needs the launch. The timing check compares the prerequisite\u{2019}s target date with when it is needed and with the date its owner committed to, and lists everything downstream of a slip."</p>
            {move || row_error.get().map(|e| view! { <p class="field-error" role="alert" data-testid="dependency-row-error">{e}</p> })}
            <table class="editor" tabindex="0" data-testid="dependencies">
                <thead><tr><th>"Depends"</th><th>"Needs"</th><th>"Its target date"</th><th>"Needed by"</th><th>"Committed"</th><th>"Note"</th><th><span class="sr-only">"Actions"</span></th></tr></thead>
                <tbody>
                    <For each=rows key=|d| (d.id, d.needed_by, d.committed, d.note.clone()) let:dep>
                        {
                            let id: DependencyId = dep.id;
                            let due = facts.with(|f| f.get(&dep.prerequisite).and_then(|x| x.1));
                            let label = format!("{} needs {}", name(dep.dependent), name(dep.prerequisite));
                            view! {
                                <tr data-testid="dependency-row">
                                    <td>{name(dep.dependent)}</td>
                                    <td>{name(dep.prerequisite)}</td>
                                    <td>{due.map_or_else(|| "no date".to_string(), |d| d.human())}</td>
                                    <td><input type="date" aria-label=format!("Needed by: {label}") prop:value=dep.needed_by.map(|d| d.to_string()).unwrap_or_default()
                                        on:change=move |ev| set_date(id, event_target_value(&ev), "Needed by", true) /></td>
                                    <td><input type="date" aria-label=format!("Committed: {label}") prop:value=dep.committed.map(|d| d.to_string()).unwrap_or_default()
                                        on:change=move |ev| set_date(id, event_target_value(&ev), "Committed", false) /></td>
                                    <td><input type="text" aria-label=format!("Note: {label}") prop:value=dep.note.clone()
                                        on:change=move |ev| update(id, &|d| d.note = event_target_value(&ev).trim().into()) /></td>
                                    <td><button class="danger small" data-testid="dependency-remove" aria-label=format!("Remove: {label}")
                                        on:click=move |_| { let _ = state.dispatch(Edit::remove::<Dependency>(id), ""); }>"Remove"</button></td>
                                </tr>
                            }
                        }
                    </For>
                </tbody>
            </table>
            <ShowMore shown=shown total=total noun="dependencies" />
            {move || (total.get() == 0).then(|| view! { <p class="hint">"No dependencies yet."</p> })}
            <form class="add-row" data-testid="dependency-add" on:submit=move |ev| { ev.prevent_default(); add(); }>
                {kpi_select("dep-dependent", "KPI", true, dependent, choices)}
                {kpi_select("dep-prerequisite", "needs", true, prerequisite, choices)}
                <label for="dep-needed">"by"</label>
                <input id="dep-needed" type="date" data-testid="dep-needed" prop:value=move || needed_by.get() on:input=move |ev| needed_by.set(event_target_value(&ev)) />
                <label for="dep-committed">"committed"</label>
                <input id="dep-committed" type="date" data-testid="dep-committed" prop:value=move || committed.get() on:input=move |ev| committed.set(event_target_value(&ev)) />
                <input type="text" placeholder="Note" aria-label="Note for the new dependency" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev)) />
                <button type="submit" data-testid="add-dependency">"Add dependency"</button>
                {move || error.get().map(|e| view! { <p class="field-error" role="alert" data-testid="dependency-error">{e}</p> })}
            </form>
        </section>
    }
}

#[component]
pub fn InfluencesEditor() -> impl IntoView {
    let state = AppState::expect();
    let choices: Signal<_> = Memo::new(move |_| state.doc.with(|d| query::kpi_choices(&d.model))).into();
    let facts = Memo::new(move |_| state.doc.with(|d| kpi_facts(&d.model)));
    let name = move |k: KpiId| facts.with(|f| f.get(&k).map_or_else(|| k.to_string(), |x| x.0.clone()));
    let shown = RwSignal::new(PAGE);
    let rows =
        move || state.doc.with(|d| d.model.influences.iter().take(shown.get()).cloned().collect::<Vec<_>>());
    let total = Signal::derive(move || state.doc.with(|d| d.model.influences.len()));

    // A row changes one field of the side effect as it is in the model now, never the
    // copy the row was drawn from (the model may have moved on since: another tab, an undo).
    let change = move |key: (KpiId, KpiId), f: &dyn Fn(&mut Influence)| {
        let now =
            state.doc.with_untracked(|m| m.model.influences.iter().find(|i| (i.from, i.to) == key).cloned());
        match now {
            Some(mut i) => {
                f(&mut i);
                let _ = state.dispatch(Edit::update(i), "");
            }
            None => state.error("Not changed: the side effect was removed."),
        }
    };
    let from = RwSignal::new(None::<KpiId>);
    let to = RwSignal::new(None::<KpiId>);
    let hurts = RwSignal::new(true);
    let note = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);

    let add = move || {
        let (Some(a), Some(b)) = (from.get_untracked(), to.get_untracked()) else {
            error.set(Some("Choose the KPI that has the effect and the KPI it affects.".into()));
            return;
        };
        let sign = if hurts.get_untracked() { Sign::Negative } else { Sign::Positive };
        let edit = state.doc.with_untracked(|d| ops::influence(&d.model, a, b, sign, &note.get_untracked()));
        match edit.and_then(|e| state.try_dispatch(e, "")) {
            Ok(_) => {
                from.set(None);
                to.set(None);
                note.set(String::new());
                error.set(None);
            }
            Err(e) => error.set(Some(format!("Not added: {e}."))),
        }
    };

    view! {
        <section class="panel" aria-labelledby="influences-title">
            <h2 id="influences-title">"Side effects"</h2>
            <p class="hint">"Effects outside the cascade: pushing one KPI helps or hurts another (lead volume hurts lead quality; cost cuts hurt capacity). The structural-conflict check follows these with the cascade links to find departments that can both hit target while a company KPI gets worse."</p>
            <table class="editor" tabindex="0" data-testid="influences">
                <thead><tr><th>"Pushing"</th><th>"Effect"</th><th>"On"</th><th>"Note"</th><th><span class="sr-only">"Actions"</span></th></tr></thead>
                <tbody>
                    <For each=rows key=|i| (i.from, i.to, i.sign, i.note.clone()) let:inf>
                        {
                            let key = (inf.from, inf.to);
                            let label = format!("{} on {}", name(inf.from), name(inf.to));
                            view! {
                                <tr data-testid="influence-row">
                                    <td>{name(inf.from)}</td>
                                    <td>
                                        <select aria-label=format!("Effect of {label}") on:change=move |ev| {
                                            let sign = if event_target_value(&ev) == "hurts" { Sign::Negative } else { Sign::Positive };
                                            change(key, &|i| i.sign = sign);
                                        }>
                                            <option value="hurts" prop:selected=inf.sign == Sign::Negative>"hurts"</option>
                                            <option value="helps" prop:selected=inf.sign == Sign::Positive>"helps"</option>
                                        </select>
                                    </td>
                                    <td>{name(inf.to)}</td>
                                    <td><input type="text" aria-label=format!("Note: {label}") prop:value=inf.note.clone()
                                        on:change=move |ev| change(key, &|i| i.note = event_target_value(&ev).trim().into()) /></td>
                                    <td><button class="danger small" data-testid="influence-remove" aria-label=format!("Remove: {label}")
                                        on:click=move |_| { let _ = state.dispatch(Edit::remove::<Influence>(key), ""); }>"Remove"</button></td>
                                </tr>
                            }
                        }
                    </For>
                </tbody>
            </table>
            <ShowMore shown=shown total=total noun="side effects" />
            {move || (total.get() == 0).then(|| view! { <p class="hint">"No side effects recorded yet."</p> })}
            <form class="add-row" data-testid="influence-add" on:submit=move |ev| { ev.prevent_default(); add(); }>
                {kpi_select("inf-from", "Pushing", true, from, choices)}
                <select aria-label="Effect" data-testid="inf-sign" on:change=move |ev| hurts.set(event_target_value(&ev) == "hurts")>
                    <option value="hurts" prop:selected=move || hurts.get()>"hurts"</option>
                    <option value="helps" prop:selected=move || !hurts.get()>"helps"</option>
                </select>
                {kpi_select("inf-to", "KPI it affects", false, to, choices)}
                <input type="text" placeholder="Note" aria-label="Note for the new side effect" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev)) />
                <button type="submit" data-testid="add-influence">"Add side effect"</button>
                {move || error.get().map(|e| view! { <p class="field-error" role="alert" data-testid="influence-error">{e}</p> })}
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_date_names_its_field_and_an_empty_one_is_none() {
        assert_eq!(date_field("", "Needed by"), Ok(None));
        assert_eq!(date_field(" 2027-03-01 ", "Needed by"), Ok(Date::parse("2027-03-01").ok()));
        assert_eq!(
            date_field("next week", "Committed"),
            Err("Committed: \u{201c}next week\u{201d} is not a date (YYYY-MM-DD)".into())
        );
    }

    #[test]
    fn choices_list_company_kpis_first_with_where_they_live() {
        let generic = crate::templates::ALL.iter().find(|t| t.id == "generic").unwrap();
        let m = generic.build(Date::parse("2026-11-23").unwrap());
        let c = query::kpi_choices(&m);
        assert_eq!(c.len(), m.kpis.iter().filter(|k| k.is_active()).count());
        let first = m.kpis.iter().find(|k| k.id == c[0].0).unwrap();
        assert_eq!(first.level, crate::model::Level::Company);
        assert!(c[0].1.ends_with("(Company)"), "{}", c[0].1);
    }
}
