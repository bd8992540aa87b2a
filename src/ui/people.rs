//! The people editor: name, role, department and manager of everyone who owns or
//! contributes to a KPI; add and delete (their KPIs are left without an owner, which
//! the checks flag; one undo step).

use leptos::prelude::*;

use crate::model::text::tidy_label;
use crate::model::{ops, query, DeptId, Edit, Person, PersonId};
use crate::ui::paged::{ShowMore, PAGE};
use crate::ui::person_field::{use_person_labels, PersonField};
use crate::ui::state::AppState;

#[component]
pub fn PeopleEditor() -> impl IntoView {
    let state = AppState::expect();
    let new_name = RwSignal::new(String::new());
    let new_role = RwSignal::new(String::new());
    let new_error = RwSignal::new(None::<String>);
    let confirm = RwSignal::new(None::<PersonId>);
    let shown = RwSignal::new(PAGE);
    let row_error = RwSignal::new(None::<String>);
    let rows =
        move || state.doc.with(|d| d.model.people.iter().take(shown.get()).cloned().collect::<Vec<_>>());
    let total = Signal::derive(move || state.doc.with(|d| d.model.people.len()));
    let departments = Memo::new(move |_| {
        state.doc.with(|d| d.model.departments.iter().map(|x| (x.id, x.name.clone())).collect::<Vec<_>>())
    });
    let labels = use_person_labels();
    // How many KPIs each person owns, counted once per change of the model.
    let owned = Memo::new(move |_| state.doc.with(|d| query::owned_counts(&d.model)));

    let add = move || {
        let name = new_name.get_untracked();
        if name.trim().is_empty() {
            new_error.set(Some("Give the person a name.".into()));
            return;
        }
        let id = state.doc.with_untracked(|d| d.model.next_person_id());
        let p = Person {
            id,
            name: tidy_label(&name),
            role: new_role.get_untracked().trim().into(),
            department: None,
            manager: None,
        };
        let added = p.name.clone();
        match state.try_dispatch(Edit::insert(p), "") {
            Ok(_) => {
                new_name.set(String::new());
                new_role.set(String::new());
                new_error.set(None);
                // Ready for the next person; the new row is in the table above.
                crate::ui::browser::focus_selector("#new-person");
                state.announce(format!(
                    "Added \u{201c}{added}\u{201d}. Their department and manager are set in the table."
                ));
            }
            Err(e) => new_error.set(Some(e.to_string())),
        }
    };
    // A row changes one field of the person as they are in the model now, never the
    // copy the row was drawn from (the model may have moved on since: another tab, an undo).
    let update = move |id: PersonId, change: &dyn Fn(&mut Person)| {
        let Some(mut p) = state.doc.with_untracked(|m| query::person(&m.model, id).cloned()) else {
            return row_error.set(Some("Not changed: the person was deleted.".into()));
        };
        change(&mut p);
        match state.try_dispatch(Edit::update(p), "") {
            Ok(_) => row_error.set(None),
            Err(e) => row_error.set(Some(format!("Not changed: {e}."))),
        }
    };

    view! {
        <section class="panel" aria-labelledby="people-title">
            <h2 id="people-title">"People"</h2>
            {move || row_error.get().map(|e| view! { <p class="field-error" role="alert" data-testid="person-row-error">{e}</p> })}
            <table class="editor" tabindex="0" data-testid="people">
                <thead><tr><th>"Name"</th><th>"Role"</th><th>"Department"</th><th>"Manager"</th><th class="num">"Owns"</th><th><span class="sr-only">"Actions"</span></th></tr></thead>
                <tbody>
                    <For each=rows key=|p| (p.id, p.name.clone(), p.role.clone(), p.department, p.manager) let:person>
                        {
                            let id = person.id;
                            let owns = move || owned.with(|n| n.get(&id).copied().unwrap_or(0));
                            view! {
                                <tr data-testid="person-row">
                                    <td><input type="text" aria-label="Name" prop:value=person.name.clone()
                                        on:change=move |ev| update(id, &|p| p.name = tidy_label(&event_target_value(&ev))) /></td>
                                    <td><input type="text" aria-label="Role" prop:value=person.role.clone()
                                        on:change=move |ev| update(id, &|p| p.role = event_target_value(&ev)) /></td>
                                    <td>
                                        <select aria-label="Department" on:change=move |ev| update(id, &|p| p.department = event_target_value(&ev).parse().ok().map(DeptId))>
                                            <option value="" prop:selected=person.department.is_none()>"None"</option>
                                            {move || departments.get().into_iter().map(|(did, name)| view! {
                                                <option value=did.0.to_string() prop:selected=person.department == Some(did)>{name}</option>
                                            }).collect_view()}
                                        </select>
                                    </td>
                                    <td>
                                        <PersonField
                                            label=format!("Manager of {}", person.name)
                                            value=person.manager
                                            labels=labels
                                            error=row_error
                                            on_pick=Callback::new(move |manager| update(id, &|p| p.manager = manager))
                                        />
                                    </td>
                                    <td class="num">{owns}</td>
                                    <td><button class="danger small" aria-label=format!("Delete {}", person.name) on:click=move |_| confirm.set(Some(id))>"Delete"</button></td>
                                </tr>
                            }
                        }
                    </For>
                </tbody>
            </table>
            <ShowMore shown=shown total=total noun="people" />
            {move || confirm.get().map(|id| {
                let text = state.doc.with(|d| {
                    let name = query::person_name(&d.model, id);
                    let owns = d.model.kpis.iter().filter(|k| k.owner_person() == Some(id)).count();
                    format!("Delete \u{201c}{name}\u{201d}? {owns} KPI(s) they own will have no owner until you choose one. You can undo this.")
                });
                view! {
                    <div class="confirm danger" data-testid="person-delete-confirm">
                        <p>{text}</p>
                        <button class="danger" on:click=move |_| {
                            if let Ok(e) = state.doc.with_untracked(|d| ops::delete_person(&d.model, id)) {
                                let _ = state.dispatch(e, "");
                            }
                            confirm.set(None);
                        }>"Delete"</button>
                        <button on:click=move |_| confirm.set(None)>"Keep"</button>
                    </div>
                }
            })}
            <form class="add-row" on:submit=move |ev| { ev.prevent_default(); add(); }>
                <label for="new-person">"New person"</label>
                <input id="new-person" type="text" placeholder="Name" data-testid="new-person" prop:value=move || new_name.get() on:input=move |ev| new_name.set(event_target_value(&ev)) />
                <input type="text" placeholder="Role" aria-label="Role of the new person" prop:value=move || new_role.get() on:input=move |ev| new_role.set(event_target_value(&ev)) />
                <button type="submit" data-testid="add-person">"Add person"</button>
                {move || new_error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            </form>
        </section>
    }
}
