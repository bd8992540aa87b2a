//! The spreadsheet export: the model's six tables (KPIs, links, actuals, check-ins,
//! actions, findings) as one Excel workbook, or any one of them as CSV. The dialog is
//! its own module, with the workbook writer, fetched when first opened.

use leptos::prelude::*;

use crate::format::{csv, tables, xlsx};
use crate::ui::browser;
use crate::ui::dialog::Dialog;
use crate::ui::state::AppState;

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

#[component]
pub fn SpreadsheetDialog(on_close: Callback<()>) -> impl IntoView {
    let state = AppState::expect();
    let today = state.today;
    // Row counts, to show what each file will hold.
    let counts = Memo::new(move |_| {
        state.checks.with(|c| {
            state.doc.with(|d| {
                tables::tables_with_findings(&d.model, &c.findings, today)
                    .iter()
                    .map(|t| (t.name, t.rows.len()))
                    .collect::<Vec<_>>()
            })
        })
    });
    let problem = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let workbook = move |_| {
        problem.set(None);
        busy.set(true);
        // After the "Writing…" state is drawn: a big workbook takes a moment.
        request_animation_frame(move || {
            let bytes = state.checks.with_untracked(|c| {
                state.doc.with_untracked(|d| {
                    xlsx::workbook(&tables::tables_with_findings(&d.model, &c.findings, today), today)
                })
            });
            busy.set(false);
            let file = format!(
                "{}.xlsx",
                browser::slug(&state.doc.with_untracked(|d| d.model.organisation.name.clone()))
            );
            match bytes.map_err(|e| e.to_string()).and_then(|b| browser::download_bytes(&file, &b, XLSX)) {
                Ok(()) => state.announce(format!("Workbook exported as {file}")),
                Err(e) => problem.set(Some(format!("The workbook was not written: {e}."))),
            }
        });
    };
    let one_csv = move |name: &'static str| {
        problem.set(None);
        let out = state.checks.with_untracked(|c| {
            state.doc.with_untracked(|d| {
                tables::tables_with_findings(&d.model, &c.findings, today)
                    .into_iter()
                    .find(|t| t.name == name)
                    .map(|t| (t.file_name(), csv::write(&t)))
            })
        });
        if let Some((file, text)) = out {
            match browser::download(&file, &text, "text/csv") {
                Ok(()) => state.announce(format!("{name} exported as {file}")),
                Err(e) => problem.set(Some(format!("{file} was not written: {e}."))),
            }
        }
    };
    view! {
        <Dialog title="Export to a spreadsheet".to_string() on_close=on_close testid="spreadsheet">
            <p>"One Excel workbook with a sheet per table, or any table as CSV. Ids are kept beside names, so the tables join."</p>
            <div class="actions spreadsheet-main">
                <button class="primary" data-testid="export-xlsx" disabled=move || busy.get() on:click=workbook>
                    {move || if busy.get() { "Writing the workbook\u{2026}" } else { "Excel workbook (.xlsx)" }}
                </button>
            </div>
            {move || problem.get().map(|p| view! { <p class="field-error" role="alert" data-testid="spreadsheet-problem">{p}</p> })}
            <table class="compact spreadsheet-tables">
                <caption>"The tables"</caption>
                <thead><tr><th scope="col">"Table"</th><th scope="col" class="num">"Rows"</th><th scope="col">"CSV"</th></tr></thead>
                <tbody>
                    {move || counts.get().into_iter().map(|(name, rows)| view! {
                        <tr>
                            <th scope="row">{name}</th>
                            <td class="num">{rows}</td>
                            <td>
                                <button
                                    data-testid=format!("export-csv-{}", name.to_lowercase())
                                    aria-label=format!("{name} as CSV")
                                    on:click=move |_| one_csv(name)
                                >
                                    "CSV"
                                </button>
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </Dialog>
    }
}
