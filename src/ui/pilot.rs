//! The 90-day pilot on the Reviews screen: start one on chosen company KPIs and forums
//! with success criteria; then its day, the baselines (the 90 days before it) beside
//! the measures since, each criterion met or not, and a chart of the measures week by
//! week (`rhythm::pilot::progress`).

use leptos::prelude::*;

use crate::model::{Cadence, Edit, KpiId, Level, Model, Pilot};
use crate::rhythm::pilot::{self, Field as F, Measures, Progress, Typed};
use crate::rhythm::{minutes, Book};
use crate::ui::chart::{Bars, Chart, ChartSpec};
use crate::ui::controls::{text_input, typed_input, Field};
use crate::ui::state::AppState;

fn pct(v: Option<f64>) -> String {
    v.map_or_else(|| "\u{2013}".to_string(), |v| format!("{v:.1}%"))
}

fn days(v: Option<f64>) -> String {
    v.map_or_else(|| "\u{2013}".to_string(), |v| format!("{v:.1} days"))
}

/// The three measures as (label, baseline, now, criterion, verdict) rows.
fn rows(p: &Progress) -> Vec<[String; 5]> {
    let verdict = |i: usize| match p.criteria[i] {
        None => ("none set".to_string(), String::new()),
        Some(v) => {
            let met = match v.met {
                Some(true) => "met",
                Some(false) => "not yet",
                None => "not measurable yet",
            };
            (
                match i {
                    0 => format!("cut by {:.0}% or more", v.wanted),
                    1 => format!("{:.1} days or less", v.wanted),
                    _ => format!("{:.0}% or more", v.wanted),
                },
                met.to_string(),
            )
        }
    };
    let row = |i: usize, label: &str, base: String, now: String| {
        let (want, met) = verdict(i);
        [label.to_string(), base, now, want, met]
    };
    let (b, c) = (&p.baseline, &p.current);
    vec![
        row(
            0,
            "Forecast variance",
            pct(b.variance.percent),
            match p.variance_cut {
                Some(cut) => format!("{} ({cut:.1}% cut)", pct(c.variance.percent)),
                None => pct(c.variance.percent),
            },
        ),
        row(1, "Review cycle time", days(b.cycle_days), days(c.cycle_days)),
        row(2, "Check-ins on time", pct(b.adoption.rate()), pct(c.adoption.rate())),
    ]
}

/// The weekly measures as a chart: forecast variance and check-ins on time, in percent.
fn chart(weekly: &[(i32, Measures)], baseline: &Measures) -> ChartSpec {
    let mut categories = vec!["Baseline".to_string()];
    categories.extend(weekly.iter().map(|(d, _)| format!("Day {d}")));
    let all: Vec<&Measures> = std::iter::once(baseline).chain(weekly.iter().map(|(_, m)| m)).collect();
    ChartSpec::Bars {
        categories,
        series: vec![
            Bars {
                label: "Forecast variance %".into(),
                values: all.iter().map(|m| m.variance.percent).collect(),
                color: (106, 61, 154),
            },
            Bars {
                label: "Check-ins on time %".into(),
                values: all.iter().map(|m| m.adoption.rate()).collect(),
                color: (29, 122, 70),
            },
        ],
        max: 100.0,
        y_label: "%".into(),
    }
}

fn company_kpis(m: &Model) -> Vec<(KpiId, String)> {
    m.kpis
        .iter()
        .filter(|k| k.level == Level::Company && k.is_active())
        .map(|k| (k.id, k.name.clone()))
        .collect()
}

#[component]
pub fn PilotPanel() -> impl IntoView {
    let state = AppState::expect();
    let today = state.today;
    // The pilots, latest first, each with its progress.
    let pilots = Memo::new(move |_| {
        state.doc.with(|d| {
            let book = Book::new(&d.model);
            let mut all: Vec<&Pilot> = d.model.pilots.iter().collect();
            crate::order::sort_by_key(&mut all, |p| (std::cmp::Reverse(p.start), std::cmp::Reverse(p.id)));
            all.into_iter().take(3).map(|p| (p.clone(), pilot::progress(&book, p, today))).collect::<Vec<_>>()
        })
    });
    let starting = RwSignal::new(false);
    view! {
        <section class="panel pilot no-print" aria-labelledby="pilot-title" data-testid="pilot">
            <h3 id="pilot-title">"90-day pilot"</h3>
            {move || {
                let list = pilots.get();
                if list.is_empty() {
                    return view! {
                        <p class="hint" data-testid="pilot-none">
                            "A pilot runs the rhythm on a few company KPIs for 90 days and measures whether it works: forecast variance, review cycle time (from a period's end until every owner has checked in) and check-ins on time, against the 90 days before it."
                        </p>
                    }.into_any();
                }
                list.into_iter().map(|(p, progress)| {
                    let names: Vec<String> = state.doc.with_untracked(|d| p.kpis.iter().filter_map(|k| crate::model::query::kpi(&d.model, *k)).map(|k| k.name.clone()).collect());
                    let forums = if p.forums.is_empty() { "every forum".to_string() } else { p.forums.iter().map(|f| minutes::forum_name(*f)).collect::<Vec<_>>().join(", ") };
                    let spec = chart(&progress.weekly, &progress.baseline);
                    let id = p.id;
                    view! {
                        <article class="pilot-progress" data-testid="pilot-progress">
                            <h4>{format!("{} \u{2014} day {} of {}", p.name, progress.day, pilot::DAYS)}</h4>
                            <p class="hint">{format!("Since {} on {}; {}.", p.start.human(), names.join(", "), forums)}</p>
                            <table class="compact" data-testid="pilot-measures">
                                <thead><tr><th scope="col">"Measure"</th><th scope="col">"Baseline"</th><th scope="col">"Since the start"</th><th scope="col">"Success"</th><th scope="col">"Met"</th></tr></thead>
                                <tbody>
                                    {rows(&progress).into_iter().map(|[a, b, c, d, e]| view! {
                                        <tr><th scope="row">{a}</th><td>{b}</td><td>{c}</td><td>{d}</td><td>{e}</td></tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                            {(!progress.weekly.is_empty()).then(|| view! {
                                <Chart spec=Signal::derive(move || spec.clone()) testid="pilot-chart" title="Pilot measures by week" height=220 />
                            })}
                            <button data-testid="pilot-remove" on:click=move |_| {
                                let _ = state.dispatch(Edit::remove::<Pilot>(id), "");
                            }>"Remove this pilot"</button>
                        </article>
                    }
                }).collect_view().into_any()
            }}
            <Show
                when=move || starting.get()
                fallback=move || view! {
                    <button data-testid="pilot-new" on:click=move |_| starting.set(true)>"Start a pilot\u{2026}"</button>
                }
            >
                <PilotForm on_done=Callback::new(move |_| starting.set(false)) />
            </Show>
        </section>
    }
}

#[component]
fn PilotForm(on_done: Callback<()>) -> impl IntoView {
    let state = AppState::expect();
    let (typed, kpis, forums) = state.doc.with_untracked(|d| {
        (Typed::new(&d.model, state.today), company_kpis(&d.model), minutes::forums(&d.model))
    });
    let typed = RwSignal::new(typed);
    let errors = RwSignal::new(Vec::<(F, String)>::new());
    let refused = RwSignal::new(None::<String>);
    let error_for = move |f: F| {
        Signal::derive(move || errors.with(|e| e.iter().find(|(x, _)| *x == f).map(|(_, m)| m.clone())))
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        refused.set(None);
        let id = state.doc.with_untracked(|d| d.model.next_pilot_id());
        match typed.with_untracked(|t| t.build(id)) {
            Err(e) => {
                errors.set(e);
                // Once the errors are drawn: the first field with one.
                request_animation_frame(|| {
                    crate::ui::browser::focus_selector(".pilot-form .invalid input");
                });
            }
            Ok(p) => {
                errors.set(Vec::new());
                match state.try_dispatch(Edit::insert(p), "") {
                    Ok(_) => on_done.run(()),
                    Err(e) => refused.set(Some(format!("Not started: {e}"))),
                }
            }
        }
    };
    let check = |id: String, label: String, checked: Signal<bool>, toggle: Callback<bool>| {
        view! {
            <label class="choice" for=id.clone()>
                <input type="checkbox" id=id.clone() data-testid=id.clone() prop:checked=checked on:change=move |ev| toggle.run(event_target_checked(&ev)) />
                {label}
            </label>
        }
    };
    let kpi_error = error_for(F::Kpis);
    view! {
        <form class="pilot-form" novalidate on:submit=save data-testid="pilot-form">
            <div class="row">
                <Field label="Name" id="pilot-name" error=error_for(F::Name)>
                    {text_input(typed, "pilot-name", |t| t.name.clone(), |t, v| t.name = v)}
                </Field>
                <Field label="Starts on" id="pilot-start" error=error_for(F::Start)>
                    {typed_input(typed, "pilot-start", "date", |t| t.start.clone(), |t, v| t.start = v)}
                </Field>
            </div>
            <fieldset class:invalid=move || kpi_error.get().is_some()>
                <legend>"Company KPIs"</legend>
                {kpis.into_iter().map(|(k, name)| check(
                    format!("pilot-kpi-{}", k.0),
                    name,
                    Signal::derive(move || typed.with(|t| t.kpis.contains(&k))),
                    Callback::new(move |on: bool| typed.update(|t| {
                        t.kpis.retain(|x| *x != k);
                        if on { t.kpis.push(k); }
                    })),
                )).collect_view()}
                {move || kpi_error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            </fieldset>
            <fieldset>
                <legend>"Forums (none chosen: every forum)"</legend>
                {forums.into_iter().map(|c: Cadence| check(
                    format!("pilot-forum-{}", c.lower()),
                    minutes::forum_name(c).to_string(),
                    Signal::derive(move || typed.with(|t| t.forums.contains(&c))),
                    Callback::new(move |on: bool| typed.update(|t| {
                        t.forums.retain(|x| *x != c);
                        if on { t.forums.push(c); }
                    })),
                )).collect_view()}
            </fieldset>
            <div class="row">
                <Field label="Cut in forecast variance (%)" id="pilot-variance-cut" error=error_for(F::VarianceCut)>
                    {typed_input(typed, "pilot-variance-cut", "text", |t| t.variance_cut.clone(), |t, v| t.variance_cut = v)}
                </Field>
                <Field label="Review cycle time at most (days)" id="pilot-cycle-days" error=error_for(F::CycleDays)>
                    {typed_input(typed, "pilot-cycle-days", "text", |t| t.cycle_days.clone(), |t, v| t.cycle_days = v)}
                </Field>
                <Field label="Check-ins on time at least (%)" id="pilot-adoption" error=error_for(F::Adoption)>
                    {typed_input(typed, "pilot-adoption", "text", |t| t.adoption.clone(), |t, v| t.adoption = v)}
                </Field>
            </div>
            {move || refused.get().map(|r| view! { <p class="field-error" role="alert">{r}</p> })}
            <div class="actions">
                <button type="button" on:click=move |_| on_done.run(())>"Cancel"</button>
                <button type="submit" class="primary" data-testid="pilot-save">"Start the pilot"</button>
            </div>
        </form>
    }
}
