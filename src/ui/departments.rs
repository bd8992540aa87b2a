//! The departments editor: rename, set the head, add, and delete (the department's KPIs
//! and people stay, without a department; one undo step).

use leptos::prelude::*;

use crate::model::text::tidy_label;
use crate::model::{ops, query, Department, DeptId, Edit};
use crate::ui::paged::{ShowMore, PAGE};
use crate::ui::person_field::{use_person_labels, PersonField};
use crate::ui::state::AppState;

#[component]
pub fn DepartmentsEditor() -> impl IntoView {
    let state = AppState::expect();
    let new_name = RwSignal::new(String::new());
    let new_error = RwSignal::new(None::<String>);
    let confirm = RwSignal::new(None::<DeptId>);
    let shown = RwSignal::new(PAGE);
    let row_error = RwSignal::new(None::<String>);
    let rows =
        move || state.doc.with(|d| d.model.departments.iter().take(shown.get()).cloned().collect::<Vec<_>>());
    let total = Signal::derive(move || state.doc.with(|d| d.model.departments.len()));
    let labels = use_person_labels();
    // KPIs per department, counted once per change of the model.
    let kpi_counts = Memo::new(move |_| state.doc.with(|d| query::department_counts(&d.model)));

    let add = move || {
        let name = new_name.get_untracked();
        if name.trim().is_empty() {
            new_error.set(Some("Give the department a name.".into()));
            return;
        }
        let id = state.doc.with_untracked(|d| d.model.next_department_id());
        match state.try_dispatch(Edit::insert(Department { id, name: tidy_label(&name), head: None }), "") {
            Ok(_) => {
                new_name.set(String::new());
                new_error.set(None);
            }
            Err(e) => new_error.set(Some(e.to_string())),
        }
    };
    // A row changes one field of the department as it is in the model now, never the
    // copy the row was drawn from (the model may have moved on since: another tab, an undo).
    let update = move |id: DeptId, change: &dyn Fn(&mut Department)| {
        let Some(mut d) =
            state.doc.with_untracked(|m| m.model.departments.iter().find(|x| x.id == id).cloned())
        else {
            return row_error.set(Some("Not changed: the department was deleted.".into()));
        };
        change(&mut d);
        match state.try_dispatch(Edit::update(d), "") {
            Ok(_) => row_error.set(None),
            Err(e) => row_error.set(Some(format!("Not changed: {e}."))),
        }
    };

    view! {
        <section class="panel" aria-labelledby="depts-title">
            <h2 id="depts-title">"Departments"</h2>
            {move || row_error.get().map(|e| view! { <p class="field-error" role="alert" data-testid="department-row-error">{e}</p> })}
            <table class="editor" tabindex="0" data-testid="departments">
                <thead><tr><th>"Name"</th><th>"Head"</th><th class="num">"KPIs"</th><th><span class="sr-only">"Actions"</span></th></tr></thead>
                <tbody>
                    <For each=rows key=|d| (d.id, d.name.clone(), d.head) let:dept>
                        {
                            let id = dept.id;
                            let kpis = move || kpi_counts.with(|n| n.get(&id).copied().unwrap_or(0));
                            view! {
                                <tr data-testid="department-row">
                                    <td>
                                        <input
                                            type="text"
                                            aria-label="Department name"
                                            prop:value=dept.name.clone()
                                            on:change=move |ev| update(id, &|d| d.name = tidy_label(&event_target_value(&ev)))
                                        />
                                    </td>
                                    <td>
                                        <PersonField
                                            label=format!("Head of {}", dept.name)
                                            value=dept.head
                                            labels=labels
                                            error=row_error
                                            placeholder="No head yet"
                                            on_pick=Callback::new(move |head| update(id, &|d| d.head = head))
                                        />
                                    </td>
                                    <td class="num">{kpis}</td>
                                    <td>
                                        <button class="danger small" aria-label=format!("Delete department {}", dept.name) on:click=move |_| confirm.set(Some(id))>
                                            "Delete"
                                        </button>
                                    </td>
                                </tr>
                            }
                        }
                    </For>
                </tbody>
            </table>
            <ShowMore shown=shown total=total noun="departments" />
            {move || confirm.get().map(|id| {
                let text = state.doc.with(|d| {
                    let name = query::department_name(&d.model, id);
                    let kpis = d.model.kpis.iter().filter(|k| k.department == Some(id)).count();
                    let people = d.model.people.iter().filter(|p| p.department == Some(id)).count();
                    format!("Delete \u{201c}{name}\u{201d}? Its {kpis} KPI(s) and {people} person(s) stay, without a department. You can undo this.")
                });
                view! {
                    <div class="confirm danger" data-testid="department-delete-confirm">
                        <p>{text}</p>
                        <button class="danger" on:click=move |_| {
                            let edit = state.doc.with_untracked(|d| ops::delete_department(&d.model, id));
                            if let Ok(e) = edit {
                                let _ = state.dispatch(e, "");
                            }
                            confirm.set(None);
                        }>"Delete"</button>
                        <button on:click=move |_| confirm.set(None)>"Keep it"</button>
                    </div>
                }
            })}
            <form class="add-row" on:submit=move |ev| { ev.prevent_default(); add(); }>
                <label for="new-department">"New department"</label>
                <input id="new-department" type="text" data-testid="new-department" prop:value=move || new_name.get() on:input=move |ev| new_name.set(event_target_value(&ev)) />
                <button type="submit" data-testid="add-department">"Add department"</button>
                {move || new_error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            </form>
        </section>
    }
}
