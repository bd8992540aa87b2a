//! Choosing a person in a table row (a manager, a department's head) without a list of
//! everyone in every row: one shared `<datalist>` of unique labels per screen, and a
//! text field per row that resolves what was typed or picked back to a person.
//!
//! A `<select>` per row would hold every person once per row (750 people: 562,500
//! options, and seconds to render); the datalist holds each person once.

use std::collections::HashMap;

use leptos::prelude::*;

use crate::model::{Model, PersonId};
use crate::ui::state::AppState;

/// The id of the shared list a [`PersonField`] suggests from.
const LIST_ID: &str = "people-choices";

/// Every person under a label that names exactly one of them: the name, or, when
/// several people share it, the name with the role or the id.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PersonLabels {
    /// Labels in the model's order.
    pub labels: Vec<String>,
    label_of: HashMap<PersonId, usize>,
    by_label: HashMap<String, PersonId>,
}

impl PersonLabels {
    /// Labels for a model's people, in O(n).
    pub fn of(m: &Model) -> PersonLabels {
        let mut name_count: HashMap<&str, usize> = HashMap::new();
        for p in &m.people {
            *name_count.entry(p.name.trim()).or_default() += 1;
        }
        let mut out = PersonLabels::default();
        for p in &m.people {
            let name = p.name.trim();
            let mut label = if name_count.get(name).copied().unwrap_or(0) > 1 && !p.role.trim().is_empty() {
                format!("{name} ({})", p.role.trim())
            } else {
                name.to_string()
            };
            if out.by_label.contains_key(&label) {
                label = format!("{name} (#{})", p.id.0);
            }
            out.label_of.insert(p.id, out.labels.len());
            out.by_label.insert(label.clone(), p.id);
            out.labels.push(label);
        }
        out
    }

    /// The label shown for a person.
    pub fn label(&self, id: PersonId) -> Option<&str> {
        self.label_of.get(&id).map(|&i| self.labels[i].as_str())
    }

    /// What a typed or picked text means: nobody (empty), one person, or a message
    /// saying why it names no one.
    pub fn resolve(&self, text: &str) -> Result<Option<PersonId>, String> {
        let t = text.trim();
        if t.is_empty() {
            return Ok(None);
        }
        match self.by_label.get(t) {
            Some(&id) => Ok(Some(id)),
            None => Err(format!(
                "No one here is called \u{201c}{}\u{201d}: pick a name from the list, or add the person first.",
                crate::model::text::excerpt(t, 60)
            )),
        }
    }
}

/// The labels of the open model's people, recomputed once per change of the model.
pub fn use_person_labels() -> Memo<PersonLabels> {
    let state = AppState::expect();
    Memo::new(move |_| state.doc.with(|d| PersonLabels::of(&d.model)))
}

/// The shared list every [`PersonField`] on the screen suggests from. Render it once.
#[component]
pub fn PeopleDatalist(
    /// From [`use_person_labels`].
    labels: Memo<PersonLabels>,
) -> impl IntoView {
    view! {
        <datalist id=LIST_ID>
            {move || labels.with(|l| l.labels.iter().map(|label| view! { <option value=label.clone()></option> }).collect_view())}
        </datalist>
    }
}

/// A text field naming one person, with suggestions from the [`PeopleDatalist`].
/// Changing it to a name that resolves calls `on_pick`; anything else shows `error`.
#[component]
pub fn PersonField(
    /// The accessible name of the field, e.g. "Manager of Ana".
    label: String,
    /// Who is chosen now.
    value: Option<PersonId>,
    /// From [`use_person_labels`].
    labels: Memo<PersonLabels>,
    /// Called with the person the field now names (`None` when cleared).
    on_pick: Callback<Option<PersonId>>,
    /// Where a name that resolves to nobody is reported.
    error: RwSignal<Option<String>>,
    /// Placeholder when nobody is chosen.
    #[prop(default = "None")]
    placeholder: &'static str,
) -> impl IntoView {
    let current =
        move || value.and_then(|id| labels.with(|l| l.label(id).map(str::to_string))).unwrap_or_default();
    view! {
        <input
            type="text"
            list=LIST_ID
            autocomplete="off"
            aria-label=label
            placeholder=placeholder
            prop:value=current
            on:change=move |ev| {
                let input = event_target::<web_sys::HtmlInputElement>(&ev);
                match labels.with_untracked(|l| l.resolve(&input.value())) {
                    Ok(id) => {
                        error.set(None);
                        on_pick.run(id);
                    }
                    Err(e) => {
                        error.set(Some(e));
                        input.set_value(&current());
                    }
                }
            }
        />
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Person;

    fn model(people: &[(u32, &str, &str)]) -> Model {
        let mut m = Model::default();
        for &(id, name, role) in people {
            m.people.push(Person {
                id: PersonId(id),
                name: name.into(),
                role: role.into(),
                department: None,
                manager: None,
            });
        }
        m
    }

    #[test]
    fn every_label_names_exactly_one_person() {
        let m = model(&[
            (1, "Ana", "CFO"),
            (2, "Ben", ""),
            (3, "Ana", "Analyst"),
            (4, "Ana", "Analyst"),
            (5, "Ben", ""),
        ]);
        let l = PersonLabels::of(&m);
        assert_eq!(l.labels, ["Ana (CFO)", "Ben", "Ana (Analyst)", "Ana (#4)", "Ben (#5)"]);
        for p in &m.people {
            assert_eq!(l.resolve(l.label(p.id).unwrap()), Ok(Some(p.id)));
        }
    }

    #[test]
    fn typed_text_resolves_to_a_person_nobody_or_a_plain_error() {
        let l = PersonLabels::of(&model(&[(1, "Ana", "CFO"), (2, "Ben", "")]));
        assert_eq!(l.resolve("  Ben "), Ok(Some(PersonId(2))));
        assert_eq!(l.resolve("   "), Ok(None));
        assert_eq!(
            l.resolve("Zoe"),
            Err("No one here is called \u{201c}Zoe\u{201d}: pick a name from the list, or add the person first."
                .into())
        );
    }

    #[test]
    fn labels_for_many_people_are_one_list_not_one_per_row() {
        let people: Vec<(u32, String)> = (1..=750).map(|i| (i, format!("Person {i}"))).collect();
        let refs: Vec<(u32, &str, &str)> = people.iter().map(|(i, n)| (*i, n.as_str(), "")).collect();
        let l = PersonLabels::of(&model(&refs));
        assert_eq!(l.labels.len(), 750);
        assert_eq!(l.resolve("Person 750"), Ok(Some(PersonId(750))));
    }
}
