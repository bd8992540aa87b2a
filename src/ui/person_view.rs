//! One person's view of the model: their KPIs, what each feeds up to the company, who
//! depends on them (dependencies on their commitments) and whom they depend on.

use leptos::prelude::*;

use crate::model::query::{self, Index};
use crate::model::status;
use crate::model::{Level, Model, PersonId};
use crate::ui::state::{AppState, KpiEditing};

/// What one person's view shows for each of their KPIs.
#[derive(Clone, Debug, PartialEq)]
pub struct OwnedKpi {
    pub id: crate::model::KpiId,
    pub name: String,
    pub level: Level,
    pub status: status::Status,
    /// KPIs above it, nearest first (each with its level).
    pub feeds: Vec<String>,
    /// "KPI (owner, due …)" of commitments that depend on it.
    pub depended_on_by: Vec<String>,
    /// "KPI (owner, due …)" of commitments it depends on.
    pub depends_on: Vec<String>,
}

fn commitment(m: &Model, id: crate::model::KpiId) -> String {
    match query::kpi(m, id) {
        None => id.to_string(),
        Some(k) => {
            let due =
                k.target.and_then(|t| t.due).map(|d| format!(", due {}", d.human())).unwrap_or_default();
            format!("\u{201c}{}\u{201d} ({}{due})", k.name, query::owner_label(m, k))
        }
    }
}

/// The person's active KPIs with their context.
pub fn person_kpis(m: &Model, p: PersonId, today: crate::model::Date) -> Vec<OwnedKpi> {
    let idx = Index::new(m);
    m.kpis
        .iter()
        .enumerate()
        .filter(|(_, k)| k.is_active() && k.owner_person() == Some(p))
        .map(|(i, k)| {
            let mut above: Vec<usize> = idx.ancestors(i);
            crate::order::sort_by_key(&mut above, |&a| std::cmp::Reverse(m.kpis[a].level.number()));
            OwnedKpi {
                id: k.id,
                name: k.name.clone(),
                level: k.level,
                status: status::current(k, today),
                feeds: above
                    .iter()
                    .map(|&a| {
                        format!(
                            "\u{201c}{}\u{201d} ({})",
                            m.kpis[a].name,
                            m.kpis[a].level.label().to_lowercase()
                        )
                    })
                    .collect(),
                depended_on_by: m
                    .dependencies
                    .iter()
                    .filter(|d| d.prerequisite == k.id)
                    .map(|d| commitment(m, d.dependent))
                    .collect(),
                depends_on: m
                    .dependencies
                    .iter()
                    .filter(|d| d.dependent == k.id)
                    .map(|d| commitment(m, d.prerequisite))
                    .collect(),
            }
        })
        .collect()
}

#[component]
pub fn PersonView() -> impl IntoView {
    let state = AppState::expect();
    let first = state.doc.with_untracked(|d| {
        d.model
            .people
            .iter()
            .find(|p| d.model.kpis.iter().any(|k| k.owner_person() == Some(p.id)))
            .map(|p| p.id)
    });
    let person = RwSignal::new(first);
    let rows = Memo::new(move |_| {
        person.get().map(|p| state.doc.with(|d| person_kpis(&d.model, p, state.today))).unwrap_or_default()
    });
    let about = move || {
        person.get().and_then(|p| {
            state.doc.with(|d| {
                let m = &d.model;
                query::person(m, p).map(|x| {
                    let dept = x
                        .department
                        .map(|d| query::department_name(m, d))
                        .unwrap_or_else(|| "no department".into());
                    let mgr = x
                        .manager
                        .map(|mg| format!(", reports to {}", query::person_name(m, mg)))
                        .unwrap_or_default();
                    format!(
                        "{}{} \u{2014} {dept}{mgr}",
                        x.name,
                        if x.role.is_empty() { String::new() } else { format!(", {}", x.role) }
                    )
                })
            })
        })
    };
    let people =
        move || state.doc.with(|d| d.model.people.iter().map(|p| (p.id, p.name.clone())).collect::<Vec<_>>());
    view! {
        <section class="panel person-view" aria-labelledby="person-title">
            <div class="toolbar">
                <h2 id="person-title">"By person"</h2>
                <label for="person-pick">"Person"</label>
                <select id="person-pick" data-testid="person-pick" on:change=move |ev| person.set(event_target_value(&ev).parse().ok().map(PersonId))>
                    {move || people().into_iter().map(|(id, n)| view! {
                        <option value=id.0.to_string() prop:selected=move || person.get() == Some(id)>{n}</option>
                    }).collect_view()}
                </select>
            </div>
            <p data-testid="person-about">{about}</p>
            {move || rows.get().is_empty().then(|| view! { <p class="empty">"This person owns no active KPI."</p> })}
            <div class="person-kpis">
                {move || rows.get().into_iter().map(|r| {
                    let id = r.id;
                    view! {
                        <article class="person-kpi" data-testid="person-kpi">
                            <h3>
                                <button class="link" on:click=move |_| state.kpi_editor.set(Some(KpiEditing::Existing(id)))>{r.name.clone()}</button>
                                " "
                                <span class=format!("status {}", r.status.key())>{r.status.label()}</span>
                                <span class="hint">{format!(" {} KPI", r.level.label().to_lowercase())}</span>
                            </h3>
                            <dl>
                                <dt>"Feeds up to"</dt>
                                <dd data-testid="person-feeds">{feeds_text(r.level, &r.feeds)}</dd>
                                <dt>"Who depends on it"</dt>
                                <dd data-testid="person-dependents">{if r.depended_on_by.is_empty() { "No one.".to_string() } else { r.depended_on_by.join("; ") }}</dd>
                                <dt>"It depends on"</dt>
                                <dd data-testid="person-prerequisites">{if r.depends_on.is_empty() { "Nothing.".to_string() } else { r.depends_on.join("; ") }}</dd>
                            </dl>
                        </article>
                    }
                }).collect_view()}
            </div>
        </section>
    }
}

/// Where a KPI's line leads, in words: a company KPI is the top of its line, and only a
/// KPI below the company level with nothing above it is an orphan.
fn feeds_text(level: Level, feeds: &[String]) -> String {
    match (level, feeds.is_empty()) {
        (Level::Company, true) => "Nothing: it is a company KPI, the top of the line.".to_string(),
        (_, true) => "Nothing above it: an orphan, linked to no company goal.".to_string(),
        (_, false) => feeds.join(" \u{2192} "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Date;
    use crate::templates;

    #[test]
    fn the_launch_owner_sees_who_depends_on_the_launch() {
        let today = Date::from_ymd(2026, 11, 23).unwrap();
        let m = templates::by_id("launch").unwrap().build(today);
        let launch = m.kpis.iter().find(|k| k.name.contains("launched")).unwrap();
        let owner = launch.owner_person().unwrap();
        let mine = person_kpis(&m, owner, today);
        let row = mine.iter().find(|r| r.id == launch.id).unwrap();
        assert_eq!(row.depended_on_by.len(), 3, "{:?}", row.depended_on_by);
        assert!(row.depended_on_by.iter().any(|d| d.contains("Specialised sales team hired")));
        assert!(!row.feeds.is_empty());
    }

    #[test]
    fn a_company_kpi_is_the_top_of_its_line_not_an_orphan() {
        assert_eq!(feeds_text(Level::Company, &[]), "Nothing: it is a company KPI, the top of the line.");
        assert!(feeds_text(Level::Team, &[]).contains("an orphan"));
        assert_eq!(feeds_text(Level::Team, &["Sales".into(), "Revenue".into()]), "Sales \u{2192} Revenue");
    }
}
