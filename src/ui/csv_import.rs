//! Spreadsheet input in the app: pasting `date,value` actuals into a KPI, and importing
//! a whole KPI list from a CSV with a header row. Both show a preview with every bad
//! row named; nothing applies while a row is wrong, and a clean import is one edit.

use leptos::html;
use leptos::prelude::*;

use crate::format::csv::{self, KpiListPreview};
use crate::model::Kpi;
use crate::ui::browser;
use crate::ui::dialog::Dialog;
use crate::ui::kpi_draft::KpiDraft;
use crate::ui::state::AppState;

/// Row errors as a list.
fn error_list(errors: Vec<csv::RowError>, testid: &'static str) -> impl IntoView {
    (!errors.is_empty()).then(|| {
        let n = errors.len();
        view! {
            <div class="import-error" role="alert" data-testid=testid>
                <p><strong>{format!("{n} row(s) cannot be used; nothing is added until they are fixed:")}</strong></p>
                <ul>{errors.into_iter().map(|e| view! { <li>{e.to_string()}</li> }).collect_view()}</ul>
            </div>
        }
    })
}

/// Pasting actuals into the KPI form's draft (saved with the form, as one edit).
#[component]
pub fn PasteActuals(draft: RwSignal<KpiDraft>) -> impl IntoView {
    let open = RwSignal::new(false);
    let text = RwSignal::new(String::new());
    let preview = Memo::new(move |_| {
        let current = draft.with(|d| {
            let mut k = Kpi::new(crate::model::KpiId(0), "", d.level);
            k.measurements = d.measurements.clone();
            k
        });
        text.with(|t| (!t.trim().is_empty()).then(|| csv::parse_actuals(t, &current)))
    });
    let add = move |_| {
        if let Some(p) = preview.get_untracked().filter(|p| p.errors.is_empty()) {
            draft.update(|d| {
                for m in &p.actuals {
                    match d.measurements.binary_search_by(|x| x.date.cmp(&m.date)) {
                        Ok(i) => d.measurements[i] = *m,
                        Err(i) => d.measurements.insert(i, *m),
                    }
                }
            });
            text.set(String::new());
            open.set(false);
        }
    };
    view! {
        <button type="button" class="small" data-testid="paste-actuals" on:click=move |_| open.update(|o| *o = !*o)>
            "Paste from a spreadsheet\u{2026}"
        </button>
        <Show when=move || open.get()>
            <div class="paste-box">
                <label for="paste-text">"One actual per line: date, value (a header row is fine)"</label>
                <textarea id="paste-text" rows="6" data-testid="paste-text" placeholder="2026-01-05,41.2\n2026-01-12,42.0"
                    prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                {move || preview.get().map(|p| {
                    let ok = p.errors.is_empty();
                    let n = p.actuals.len();
                    view! {
                        <p class="hint" data-testid="paste-summary">
                            {format!("{n} actual(s) read{}.", if p.replaced > 0 { format!(", {} replacing existing dates", p.replaced) } else { String::new() })}
                        </p>
                        {error_list(p.errors, "paste-errors")}
                        <button type="button" class="primary" data-testid="paste-add" prop:disabled=!ok || n == 0 on:click=add>
                            {format!("Add {n} actual(s)")}
                        </button>
                    }
                })}
            </div>
        </Show>
    }
}

/// Importing a KPI list from a CSV file or pasted text.
#[component]
pub fn KpiCsvImport(on_close: Callback<()>) -> impl IntoView {
    let state = AppState::expect();
    let text = RwSignal::new(String::new());
    let file = NodeRef::<html::Input>::new();
    let problem = RwSignal::new(None::<String>);
    let preview = Memo::new(move |_| {
        text.with(|t| (!t.trim().is_empty()).then(|| state.doc.with(|d| csv::parse_kpi_list(t, &d.model))))
    });
    let read = move |_| {
        let Some(f) = file.get_untracked().and_then(|i| i.files()).and_then(|l| l.get(0)) else { return };
        leptos::task::spawn_local(async move {
            match browser::read_file(f, crate::format::MAX_BYTES)
                .await
                .and_then(|b| crate::format::text_of(&b).map(str::to_string).map_err(|e| e.to_string()))
            {
                Ok(t) => {
                    problem.set(None);
                    text.set(t);
                }
                Err(e) => problem.set(Some(e)),
            }
        });
    };
    let apply = move |_| {
        let edit = preview.get_untracked().and_then(|p| p.edit());
        if let Some(e) = edit {
            if state.dispatch(e, "Imported KPIs from a spreadsheet").is_ok() {
                on_close.run(());
            }
        }
    };
    let summary = |p: &KpiListPreview| {
        format!(
            "{} KPI(s), {} link(s), {} new department(s), {} new person(s).",
            p.kpis.len(),
            p.links.len(),
            p.new_departments.len(),
            p.new_people.len()
        )
    };
    view! {
        <Dialog
            title="Import KPIs from a spreadsheet".to_string()
            on_close=on_close
            testid="csv-import"
            wide=true
            unsaved=Signal::derive(move || text.with(|t| !t.trim().is_empty()))
        >
            <p class="hint">
                {format!("The first row names the columns: {}. Only name is required. Parents are named by KPI name; departments and people that do not exist yet are added.", csv::KPI_COLUMNS.join(", "))}
            </p>
            <div class="row">
                <label for="csv-file">"CSV file"</label>
                <input id="csv-file" type="file" accept=".csv,text/csv,text/plain" node_ref=file data-testid="csv-file" on:change=read />
            </div>
            <label for="csv-text">"Or paste it here"</label>
            <textarea id="csv-text" rows="8" data-testid="csv-text" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            {move || problem.get().map(|p| view! { <p class="field-error" role="alert">{p}</p> })}
            {move || preview.get().map(|p| {
                let ok = p.errors.is_empty() && !p.kpis.is_empty();
                let n = p.kpis.len();
                view! {
                    <p data-testid="csv-summary">{summary(&p)}</p>
                    {error_list(p.errors.clone(), "csv-errors")}
                    {(!p.kpis.is_empty()).then(|| view! {
                        <table class="compact" data-testid="csv-preview">
                            <thead><tr><th>"Name"</th><th>"Level"</th><th>"Target"</th><th>"Cadence"</th></tr></thead>
                            <tbody>
                                {p.kpis.iter().take(50).map(|k| view! {
                                    <tr>
                                        <td>{k.name.clone()}</td>
                                        <td>{k.level.label()}</td>
                                        <td>{k.target.map(|t| crate::model::describe::fmt_num(t.value)).unwrap_or_default()}</td>
                                        <td>{k.cadence.label()}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    })}
                    <footer class="dialog-actions">
                        <button class="primary" data-testid="csv-apply" prop:disabled=!ok on:click=apply>{format!("Add {n} KPI(s)")}</button>
                        <button on:click=move |_| on_close.run(())>"Cancel"</button>
                    </footer>
                }
            })}
        </Dialog>
    }
}
