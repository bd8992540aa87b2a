//! The maturity screen: the self-assessed score beside the evidence score, the
//! questionnaire (answers are edits: stored, resumable, undoable), the gap per
//! criterion with its explanation, and a chart of both.

use leptos::prelude::*;

use crate::maturity::{self, evidence, questions, Criterion, MaturityLevel, Score};
use crate::model::Edit;
use crate::ui::chart::{Bars, Chart, ChartSpec};
use crate::ui::state::AppState;

fn score_card(
    label: &'static str,
    testid: &'static str,
    score: Score,
    note: Option<String>,
) -> impl IntoView {
    let level = score.level;
    let limit = score.limit();
    let standing = score.standing();
    view! {
        <div class=format!("score-card level-{}", level.label().to_lowercase()) data-testid=testid>
            <p class="score-label">{label}</p>
            <p class="score-value"><span data-testid=format!("{testid}-value")>{format!("{:.0}", score.total)}</span><span class="of">" / 100"</span></p>
            <p class="score-level" data-testid=format!("{testid}-level")>{level.label()}</p>
            <p class="hint">{format!("{} usually means: {}", level.label(), level.description())}</p>
            {standing.map(|s| view! { <p class="hint standing" data-testid=format!("{testid}-standing")>{s}</p> })}
            {limit.map(|l| view! { <p class="hint limit">{l}</p> })}
            {note.map(|n| view! { <p class="hint">{n}</p> })}
        </div>
    }
}

#[component]
pub fn MaturityView() -> impl IntoView {
    let state = AppState::expect();
    let self_score = Memo::new(move |_| state.doc.with(|d| questions::score(&d.model.assessment)));
    let evidence_score =
        Memo::new(move |_| state.checks.with(|c| state.doc.with(|d| evidence::score(&d.model, c))));
    let gaps = Memo::new(move |_| state.checks.with(|c| state.doc.with(|d| maturity::gaps(&d.model, c))));
    let progress = move || state.doc.with(|d| questions::progress(&d.model.assessment));
    let confirm_reset = RwSignal::new(false);
    let chart = Signal::derive(move || {
        let g = gaps.get();
        ChartSpec::Bars {
            categories: g.iter().map(|x| x.criterion.key().to_string()).collect(),
            series: vec![
                Bars {
                    label: "Self-assessed".into(),
                    values: g.iter().map(|x| x.answered.map(|a| a * 100.0)).collect(),
                    color: (224, 161, 0),
                },
                Bars {
                    label: "Evidence".into(),
                    values: g.iter().map(|x| Some(x.shown * 100.0)).collect(),
                    color: (31, 95, 139),
                },
            ],
            max: 100.0,
            y_label: "% of the criterion's points".into(),
        }
    });
    let reset = move |_| {
        let edits: Vec<Edit> = state.doc.with_untracked(|d| {
            d.model
                .assessment
                .answers
                .keys()
                .map(|q| Edit::Answer { question: q.clone(), value: None })
                .collect()
        });
        if !edits.is_empty() {
            let _ = state.dispatch(Edit::Batch(edits), "");
        }
        confirm_reset.set(false);
    };
    view! {
        <section class="panel maturity" aria-labelledby="maturity-title">
            <h2 id="maturity-title">"Alignment maturity"</h2>
            <div class="scores">
                {move || {
                    let (answered, total) = progress();
                    if answered == 0 {
                        return view! {
                            <div class="score-card" data-testid="self-score">
                                <p class="score-label">"Self-assessed"</p>
                                <p class="score-value"><span data-testid="self-score-value">"\u{2014}"</span></p>
                                <p class="score-level" data-testid="self-score-level">"Not assessed yet"</p>
                                <p class="hint">"Answer the questions below to compare what you believe with what the model shows."</p>
                            </div>
                        }
                        .into_any();
                    }
                    let note = (answered < total).then(|| format!("Provisional: {answered} of {total} questions answered."));
                    score_card("Self-assessed", "self-score", self_score.get(), note).into_any()
                }}
                {move || score_card("From the model", "evidence-score", evidence_score.get(), None)}
            </div>
            <div class="scale" aria-label="The maturity scale">
                {MaturityLevel::ALL.iter().map(|l| view! {
                    <div class="scale-step">
                        <strong>{l.label()}</strong>
                        <span class="hint">{format!(" {}%", l.range())}</span>
                    </div>
                }).collect_view()}
            </div>
            <Chart spec=chart testid="maturity-chart" title="Self-assessed vs evidence per criterion" />
            <h3>"Where the two differ"</h3>
            <table class="gaps" data-testid="gaps">
                <thead><tr><th>"Criterion"</th><th class="num">"You"</th><th class="num">"Model"</th><th>"Why"</th></tr></thead>
                <tbody>
                    {move || gaps.get().into_iter().map(|g| view! {
                        <tr data-testid=format!("gap-{}", g.criterion.key())>
                            <th scope="row">{g.criterion.label()}</th>
                            <td class="num">{g.answered.map_or("\u{2014}".to_string(), |a| format!("{:.0}%", a * 100.0))}</td>
                            <td class="num">{format!("{:.0}%", g.shown * 100.0)}</td>
                            <td>{g.explanation}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
        <section class="panel questionnaire" aria-labelledby="questions-title">
            <div class="toolbar">
                <h2 id="questions-title">"Self-assessment"</h2>
                <progress max=move || progress().1 value=move || progress().0 data-testid="progress"></progress>
                <span data-testid="progress-text">{move || { let (a, t) = progress(); format!("{a} of {t} answered") }}</span>
                <button data-testid="reset-answers" on:click=move |_| confirm_reset.set(true)>"Reset answers\u{2026}"</button>
            </div>
            <Show when=move || confirm_reset.get()>
                <div class="confirm danger" data-testid="reset-confirm">
                    <p>"Clear every answer? You can undo this."</p>
                    <button class="danger" data-testid="reset-confirm-button" on:click=reset>"Clear answers"</button>
                    <button on:click=move |_| confirm_reset.set(false)>"Keep them"</button>
                </div>
            </Show>
            <p class="hint">"Rate each statement for your organisation today. Answers are saved as you go; come back any time."</p>
            {Criterion::ALL.iter().map(|&c| view! {
                <fieldset class="criterion">
                    <legend>{c.label()}</legend>
                    {questions::QUESTIONS.iter().filter(|q| q.criterion == c).map(|q| {
                        let id = q.id;
                        let current = move || state.doc.with(|d| d.model.assessment.answers.get(id).copied());
                        view! {
                            <div class="question" role="radiogroup" aria-label=q.text data-testid=format!("q-{id}")>
                                <p>{q.text}</p>
                                <div class="answers">
                                    {questions::SCALE.iter().enumerate().map(|(v, label)| {
                                        let v = v as u8;
                                        view! {
                                            <label class="answer">
                                                <input type="radio" name=id value=v.to_string()
                                                    prop:checked=move || current() == Some(v)
                                                    on:change=move |_| { let _ = state.dispatch(Edit::Answer { question: id.to_string(), value: Some(v) }, ""); } />
                                                {*label}
                                            </label>
                                        }
                                    }).collect_view()}
                                </div>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
            }).collect_view()}
        </section>
    }
}
