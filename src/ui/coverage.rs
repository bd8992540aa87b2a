//! The coverage matrix: company KPIs as rows, departments as columns, each cell the
//! department KPIs that feed that company KPI. A row with no department behind it is an
//! outcome nobody owns, and stands out. Clicking a cell opens the cascade board there.

use leptos::prelude::*;

use crate::model::{DeptId, KpiId, Level, Model};
use crate::ui::state::{AppState, View};

/// One row: a company KPI and, per department (in column order), what feeds it.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub company: (KpiId, String),
    pub cells: Vec<Vec<(KpiId, String)>>,
}

impl Row {
    /// No department KPI feeds it: an outcome nobody owns.
    pub fn unowned(&self) -> bool {
        self.cells.iter().all(Vec::is_empty)
    }
}

/// The matrix: columns (departments) and rows (active company KPIs).
pub fn matrix(m: &Model) -> (Vec<(DeptId, String)>, Vec<Row>) {
    let columns: Vec<(DeptId, String)> = m.departments.iter().map(|d| (d.id, d.name.clone())).collect();
    let rows = m
        .kpis
        .iter()
        .filter(|k| k.level == Level::Company && k.is_active())
        .map(|c| Row {
            company: (c.id, c.name.clone()),
            cells: columns
                .iter()
                .map(|(d, _)| {
                    m.links
                        .iter()
                        .filter(|l| l.parent == c.id)
                        .filter_map(|l| m.kpis.iter().find(|k| k.id == l.child))
                        .filter(|k| k.is_active() && k.level == Level::Department && k.department == Some(*d))
                        .map(|k| (k.id, k.name.clone()))
                        .collect()
                })
                .collect(),
        })
        .collect();
    (columns, rows)
}

#[component]
pub fn CoverageMatrix() -> impl IntoView {
    let state = AppState::expect();
    let data = Memo::new(move |_| state.doc.with(|d| matrix(&d.model)));
    let open = move |kpi: KpiId, dept: Option<DeptId>| {
        state.board_focus.set(Some((kpi, dept)));
        state.view.set(View::Board);
    };
    view! {
        <section class="panel coverage" aria-labelledby="coverage-title">
            <h2 id="coverage-title">"Coverage"</h2>
            <p class="hint">"Which department KPIs feed each company KPI. An empty row is an outcome no department owns. Click a cell to open the cascade there."</p>
            {move || {
                let (columns, rows) = data.get();
                if rows.is_empty() {
                    return view! { <p class="empty">"No company KPIs yet."</p> }.into_any();
                }
                view! {
                    <div class="matrix-scroll">
                        <table class="matrix" data-testid="coverage">
                            <thead>
                                <tr>
                                    <th scope="col">"Company KPI"</th>
                                    {columns.iter().map(|(_, n)| view! { <th scope="col">{n.clone()}</th> }).collect_view()}
                                </tr>
                            </thead>
                            <tbody>
                                {rows.into_iter().map(|row| {
                                    let unowned = row.unowned();
                                    let (cid, cname) = row.company.clone();
                                    view! {
                                        <tr class:unowned=unowned data-testid="coverage-row">
                                            <th scope="row">
                                                {cname}
                                                {unowned.then(|| view! { <span class="unowned-note" data-testid="unowned">" \u{2014} no department moves this"</span> })}
                                            </th>
                                            {row.cells.into_iter().zip(columns.clone()).map(|(cell, (dept, dname))| {
                                                let empty = cell.is_empty();
                                                // The button's name is what it shows (the KPIs' names, so
                                                // speech input can say them), then where it leads.
                                                let more = if empty {
                                                    format!("Nothing in {dname} feeds it; open the cascade")
                                                } else {
                                                    format!("; {} from {dname}; open the cascade", cell.len())
                                                };
                                                view! {
                                                    <td class:empty=empty data-testid="coverage-cell">
                                                        <button class="cell" on:click=move |_| open(cid, Some(dept))>
                                                            {if empty {
                                                                view! { <span aria-hidden="true">"\u{2014}"</span> }.into_any()
                                                            } else {
                                                                view! { <ul>{cell.into_iter().map(|(_, n)| view! { <li>{n}</li> }).collect_view()}</ul> }.into_any()
                                                            }}
                                                            <span class="sr-only">{more}</span>
                                                        </button>
                                                    </td>
                                                }
                                            }).collect_view()}
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
                .into_any()
            }}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Date;
    use crate::templates;

    #[test]
    fn cells_hold_the_department_kpis_that_feed_each_company_kpi() {
        let m = templates::by_id("retail").unwrap().build(Date::from_ymd(2026, 11, 23).unwrap());
        let (columns, rows) = matrix(&m);
        assert_eq!(columns.len(), m.departments.len());
        assert_eq!(rows.len(), 3);
        assert!(rows.iter().all(|r| !r.unowned()), "every retail outcome has a department behind it");
        let fed: usize = rows.iter().flat_map(|r| &r.cells).map(Vec::len).sum();
        assert!(fed >= 10, "{fed}");
    }

    #[test]
    fn a_company_kpi_nobody_feeds_is_unowned() {
        let mut m = templates::by_id("retail").unwrap().build(Date::from_ymd(2026, 11, 23).unwrap());
        let new_id = m.next_kpi_id();
        m.kpis.push(crate::model::Kpi::new(new_id, "Brand awareness", Level::Company));
        let (_, rows) = matrix(&m);
        let row = rows.iter().find(|r| r.company.1 == "Brand awareness").unwrap();
        assert!(row.unowned());
    }
}
