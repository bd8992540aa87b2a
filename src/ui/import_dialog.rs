//! Importing a model: from the file picker, a file dropped anywhere on the page, a
//! template, or a share link. Nothing changes until the user has seen what the file
//! holds (counts against the current model, what restore repaired, or why it cannot be
//! read) and confirmed; the replacement is then one undoable step.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::crdt::report::{compare, merge_copy, Change, Merged, Report};
use crate::crdt::CrdtError;
use crate::format::{self, Counts, Loaded};
use crate::model::Edit;
use crate::ui::browser;
use crate::ui::dialog::Dialog;
use crate::ui::state::AppState;

/// The preview lists this many repairs and counts the rest: a hostile file can need
/// thousands, and the dialog must stay quick and readable.
const REPAIRS_SHOWN: usize = 50;

/// A change report lists this many items and counts the rest.
const CHANGES_SHOWN: usize = 100;

/// Where an import stands.
#[derive(Clone, Debug)]
pub enum ImportOutcome {
    Reading,
    Ready(Box<Loaded>),
    Failed(String),
}

/// An import waiting for the user's decision.
#[derive(Clone, Debug)]
pub struct PendingImport {
    /// What is being imported, e.g. `“acme.json”` or `the Retail template`.
    pub source: String,
    pub outcome: ImportOutcome,
    pub origin: Origin,
}

/// Where an import comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    File,
    Link,
    /// A worked example rather than someone's copy: never offered as a merge.
    Template,
}

impl Origin {
    /// What the dialog calls what is being imported.
    fn noun(self) -> &'static str {
        match self {
            Origin::File => "file",
            Origin::Link => "link",
            Origin::Template => "template",
        }
    }
}

/// Reads a picked or dropped file and opens the import preview.
pub fn start_import(state: AppState, file: web_sys::File) {
    let source = format!("\u{201c}{}\u{201d}", crate::model::text::excerpt(&file.name(), 80));
    state.pending_import.set(Some(PendingImport {
        source: source.clone(),
        outcome: ImportOutcome::Reading,
        origin: Origin::File,
    }));
    leptos::task::spawn_local(async move {
        let outcome = match browser::read_file(file, format::MAX_BYTES).await {
            Err(e) => ImportOutcome::Failed(e),
            Ok(bytes) => match format::load_bytes(&bytes) {
                Ok(loaded) => ImportOutcome::Ready(Box::new(loaded)),
                Err(e) => ImportOutcome::Failed(e.to_string()),
            },
        };
        state.pending_import.set(Some(PendingImport { source, outcome, origin: Origin::File }));
    });
}

/// Lets a file dropped anywhere on the page start an import; shows a drop hint while a
/// file is dragged over the page.
pub fn use_file_drop(state: AppState) -> RwSignal<bool> {
    let over = RwSignal::new(false);
    let has_files = |ev: &web_sys::Event| {
        ev.dyn_ref::<web_sys::DragEvent>()
            .and_then(|e| e.data_transfer())
            .is_some_and(|dt| dt.types().iter().any(|t| t.as_string().as_deref() == Some("Files")))
    };
    let on_over = window_event_listener_untyped("dragover", move |ev| {
        if has_files(&ev) {
            ev.prevent_default();
            over.set(true);
        }
    });
    let on_leave = window_event_listener_untyped("dragleave", move |ev| {
        let left_window = ev.dyn_ref::<web_sys::DragEvent>().is_some_and(|e| e.related_target().is_none());
        if left_window {
            over.set(false);
        }
    });
    let on_drop = window_event_listener_untyped("drop", move |ev| {
        over.set(false);
        let Some(file) = ev
            .dyn_ref::<web_sys::DragEvent>()
            .and_then(|e| e.data_transfer())
            .and_then(|dt| dt.files())
            .and_then(|f| f.get(0))
        else {
            return;
        };
        ev.prevent_default();
        start_import(state, file);
    });
    on_cleanup(move || {
        on_over.remove();
        on_leave.remove();
        on_drop.remove();
    });
    over
}

#[component]
pub fn ImportDialog(pending: PendingImport) -> impl IntoView {
    let state = AppState::expect();
    let close = Callback::new(move |_| state.pending_import.set(None));
    let PendingImport { source, outcome, origin } = pending;
    let noun = origin.noun();
    let title = format!("Import {source}");
    let body = match outcome {
        ImportOutcome::Reading => view! {
            <p class="loading" data-testid="import-reading" aria-busy="true">{format!("Reading the {noun}\u{2026}")}</p>
        }
        .into_any(),
        ImportOutcome::Failed(e) => view! {
            <div class="import-error" role="alert" data-testid="import-error">
                <p><strong>{format!("This {noun} cannot be imported.")}</strong></p>
                <p>{e}</p>
                <p>"Your model has not been changed."</p>
            </div>
            <footer class="dialog-actions">
                <button class="primary" on:click=move |_| close.run(())>"Close"</button>
            </footer>
        }
        .into_any(),
        ImportOutcome::Ready(loaded) => {
            let now = state.doc.with_untracked(|d| Counts::of(&d.model));
            let incoming = Counts::of(&loaded.model);
            let name = crate::model::text::excerpt(&loaded.model.organisation.name, 80);
            let about = format!(
                "\u{201c}{name}\u{201d}{}{}",
                if loaded.app.is_empty() {
                    String::new()
                } else {
                    format!(", written by {}", crate::model::text::excerpt(&loaded.app, 60))
                },
                loaded.saved_at.map(|t| format!(" on {}", t.date().human())).unwrap_or_default()
            );
            let migrations = loaded.migrations.clone();
            let mut repairs = loaded.repairs.clone();
            // A history that does not decode is left out (and said so): the file starts a
            // new one.
            let (history_bytes, history_repair) = loaded.decode_history();
            repairs.extend(history_repair);
            let history = history_bytes.is_some().then(|| loaded.history.clone()).flatten();
            let from_template = origin == Origin::Template;
            // A file with the same history as the open model can be merged into it.
            // Its history first takes in what the file's model holds beyond it (edits
            // made by hand after the export), so the merge keeps those too.
            let merging: Option<Result<Merged, CrdtError>> = history_bytes.as_deref().map(|bytes| {
                state.with_history(|ours| merge_copy(ours, bytes, &loaded.model, browser::client_id()))
            });
            let mergeable = matches!(merging, Some(Ok(_)));
            let merge_note = match &merging {
                _ if from_template => None,
                Some(Ok(_)) => None,
                None => Some(format!("This {noun} has no edit history (an older export, or written by hand), so it cannot be merged with your model; it can replace it.")),
                Some(Err(CrdtError::OtherLineage)) => Some(format!("This {noun} was not made from your model (it was started separately), so the two cannot be merged; it can replace your model.")),
                Some(Err(e)) => Some(format!("This {noun}\u{2019}s edit history cannot be used ({e}), so it cannot be merged; it can replace your model.")),
            };
            let differences = (!mergeable && !from_template)
                .then(|| state.doc.with_untracked(|d| compare(&d.model, &loaded.model)));
            let merged = match merging {
                Some(Ok(m)) => {
                    repairs.extend(m.repairs.iter().cloned());
                    Some(m)
                }
                _ => None,
            };
            let report = merged.as_ref().map(|m| m.report.clone());
            let merged = StoredValue::new_local(merged);
            let source_for_merge = source.clone();
            let confirm_merge = move |_| {
                let Some(m) = merged.try_update_value(Option::take).flatten() else { return };
                let summary = m.report.summary();
                if state.dispatch(Edit::Replace(Box::new(m.model)), "").is_ok() {
                    state.adopt_replica(m.replica);
                    state.pending_import.set(None);
                    state.announce(format!(
                        "Merged {source_for_merge}: {summary}. Undo takes the merge back."
                    ));
                }
            };
            let model = StoredValue::new(Some(loaded.model));
            let source_for_notice = source.clone();
            let confirm = move |_| {
                let Some(m) = model.try_update_value(Option::take).flatten() else { return };
                if state.dispatch(Edit::Replace(Box::new(m)), "").is_ok() {
                    // The file's history comes with it (a file without one starts anew).
                    state.adopt_history(history.clone());
                    state.pending_import.set(None);
                    state.announce(format!(
                        "Imported {source_for_notice}. Undo brings your previous model back."
                    ));
                }
            };
            view! {
                <p data-testid="import-about">{about}</p>
                <table class="compare" data-testid="import-counts">
                    <thead><tr><th><span class="sr-only">"Items"</span></th><th class="num">"Now"</th><th class="num">{format!("In the {noun}")}</th></tr></thead>
                    <tbody>
                        {now.rows().into_iter().zip(incoming.rows()).map(|((label, a), (_, b))| view! {
                            <tr><th scope="row">{label}</th><td class="num">{a}</td><td class="num">{b}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
                {(!migrations.is_empty()).then(|| view! {
                    <p class="hint" data-testid="import-migrations">{format!("Upgraded from an older format: {}", migrations.join("; "))}</p>
                })}
                {(!repairs.is_empty()).then(|| {
                    let total = repairs.len();
                    let hidden = total.saturating_sub(REPAIRS_SHOWN);
                    view! {
                        <div class="repairs" data-testid="import-repairs">
                            <p><strong>{if total == 1 {
                                format!("1 thing in the {noun} was repaired or needs attention:")
                            } else {
                                format!("{total} things in the {noun} were repaired or need attention:")
                            }}</strong></p>
                            <ul>
                                {repairs.into_iter().take(REPAIRS_SHOWN).map(|r| view! {
                                    <li class:kept=!r.changed><code>{crate::model::text::excerpt(&r.at, 80)}</code>" \u{2014} "{crate::model::text::excerpt(&r.message, 400)}</li>
                                }).collect_view()}
                            </ul>
                            {(hidden > 0).then(|| view! {
                                <p class="hint" data-testid="import-repairs-more">{format!("\u{2026} and {hidden} more of the same kinds.")}</p>
                            })}
                        </div>
                    }
                })}
                {report.map(|r| view! {
                    <section class="merge-report" data-testid="merge-report" aria-labelledby="merge-report-title">
                        <h3 id="merge-report-title">"What this copy changed since you last shared work"</h3>
                        <ChangeList report=r testid="merge-changes" />
                    </section>
                })}
                {merge_note.map(|n| view! { <p class="hint" data-testid="merge-note">{n}</p> })}
                {differences.map(|r| view! {
                    <details class="merge-report" data-testid="import-differences">
                        <summary>{format!("How this {noun} differs from your model")}</summary>
                        <ChangeList report=r testid="difference-list" />
                    </details>
                })}
                <p>{if mergeable {
                    format!("Merge keeps your work and adds this copy\u{2019}s; Replace takes this {noun} as it is. Either can be undone.")
                } else {
                    "Importing replaces your current model. You can undo it afterwards.".to_string()
                }}</p>
                <footer class="dialog-actions">
                    {mergeable.then(|| view! {
                        <button class="primary" data-testid="import-merge" on:click=confirm_merge>"Merge into my model"</button>
                    })}
                    <button class:primary=!mergeable data-testid="import-confirm" on:click=confirm>"Replace my model"</button>
                    <button data-testid="import-cancel" on:click=move |_| close.run(())>"Cancel"</button>
                </footer>
            }
            .into_any()
        }
    };
    view! {
        <Dialog title=title on_close=close testid="import-dialog">
            {body}
        </Dialog>
    }
}

/// A change report as a list: each item with what happened to it, its changed fields
/// old -> new, and, where both sides changed a field, which value was kept.
#[component]
fn ChangeList(report: Report, testid: &'static str) -> impl IntoView {
    let hidden = report.items.len().saturating_sub(CHANGES_SHOWN) + report.more;
    let summary = report.summary();
    let log_lines = report.log_lines;
    view! {
        <p data-testid=format!("{testid}-summary")><strong>{summary}</strong></p>
        <ul class="change-list" data-testid=testid>
            {report.items.into_iter().take(CHANGES_SHOWN).map(|item| {
                let what = match item.change {
                    Change::Added => "added",
                    Change::Removed => "removed",
                    Change::Changed => "changed",
                };
                view! {
                    <li data-testid="change-item">
                        <strong>{item.what}</strong>{format!(" \u{2014} {what}")}
                        {(!item.fields.is_empty() || item.actuals_added > 0).then(|| view! {
                            <ul>
                                {item.fields.into_iter().map(|f| {
                                    let conflict = f.lost.is_some();
                                    let text = match f.lost {
                                        Some(lost) => format!(
                                            "{}: changed on both sides \u{2014} \u{201c}{}\u{201d} kept, \u{201c}{lost}\u{201d} not kept",
                                            f.field, f.new
                                        ),
                                        None => format!("{}: {} \u{2192} {}", f.field, f.old, f.new),
                                    };
                                    view! { <li class:conflict=conflict data-testid=if conflict { "change-conflict" } else { "change-field" }>{text}</li> }
                                }).collect_view()}
                                {(item.actuals_added > 0).then(|| view! {
                                    <li data-testid="change-actuals">{format!(
                                        "{} actual{} added",
                                        item.actuals_added,
                                        if item.actuals_added == 1 { "" } else { "s" }
                                    )}</li>
                                })}
                            </ul>
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
        {(hidden > 0).then(|| view! { <p class="hint">{format!("\u{2026} and {hidden} more.")}</p> })}
        {(log_lines > 0).then(|| view! { <p class="hint">{format!(
            "{log_lines} change-log line{} added.",
            if log_lines == 1 { "" } else { "s" }
        )}</p> })}
    }
}
