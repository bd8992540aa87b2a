//! Forecast accuracy on the executive view: every forecast an owner gave when checking
//! in is scored once the actual for its date arrives; the forecast variance (mean error
//! relative to the actual) for the company, by the quarter the forecasts were made in,
//! and by department. The headline promise of the rhythm, measured on the model's own
//! data.

use leptos::prelude::*;

use crate::model::query;
use crate::rhythm::forecast::{self, Variance};
use crate::rhythm::Book;
use crate::ui::state::AppState;

fn percent(v: &Variance) -> String {
    v.percent.map(|p| format!("{p:.1}%")).unwrap_or_else(|| "\u{2013}".into())
}

/// What the panel shows: the company's variance, then (label, variance) by quarter
/// and by department.
#[derive(Clone, Debug, Default, PartialEq)]
struct Figures {
    company: Variance,
    quarters: Vec<(String, Variance)>,
    departments: Vec<(String, Variance)>,
}

#[component]
pub fn ForecastAccuracy() -> impl IntoView {
    let state = AppState::expect();
    let today = state.today;
    let figures = Memo::new(move |_| {
        state.doc.with(|d| {
            let m = &d.model;
            let acc = forecast::accuracy(&Book::new(m), today);
            Figures {
                company: acc.company,
                quarters: acc.over_time.iter().map(|(p, v)| (p.label(), *v)).collect(),
                departments: acc
                    .by_department
                    .iter()
                    .map(|(dept, v)| {
                        let name =
                            dept.map_or_else(|| "Company KPIs".to_string(), |x| query::department_name(m, x));
                        (name, *v)
                    })
                    .collect(),
            }
        })
    });
    let table = |caption: &'static str,
                 first: &'static str,
                 rows: Vec<(String, Variance)>,
                 testid: &'static str| {
        view! {
            <table class="compact" data-testid=testid>
                <caption>{caption}</caption>
                <thead><tr><th scope="col">{first}</th><th scope="col" class="num">"Variance"</th><th scope="col" class="num">"Scored"</th></tr></thead>
                <tbody>
                    {rows.into_iter().map(|(label, v)| view! {
                        <tr><th scope="row">{label}</th><td class="num">{percent(&v)}</td><td class="num">{v.scored}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        }
    };
    view! {
        <h3 class="band-title">"Forecast accuracy"</h3>
        <div class="forecasts" data-testid="forecast-accuracy">
            {move || {
                let f = figures.get();
                if f.company.scored == 0 {
                    return view! {
                        <p class="hint" data-testid="forecast-none">
                            "No forecast has been scored yet. Owners give a forecast when they check in on a KPI; it is scored when the actual for its date arrives."
                        </p>
                    }
                    .into_any();
                }
                // The trend: the first quarter with a variance against the latest.
                let measured: Vec<&(String, Variance)> = f.quarters.iter().filter(|(_, v)| v.percent.is_some()).collect();
                let trend = match (measured.first(), measured.last()) {
                    (Some(first), Some(last)) if measured.len() > 1 => {
                        let cut = forecast::cut(first.1.percent, last.1.percent);
                        Some(match cut {
                            Some(c) if c >= 0.0 => format!("Down from {} to {} since the first quarter measured: a {c:.1}% cut.", percent(&first.1), percent(&last.1)),
                            _ => format!("Up from {} to {} since the first quarter measured.", percent(&first.1), percent(&last.1)),
                        })
                    }
                    _ => None,
                };
                view! {
                    <p data-testid="forecast-company">
                        {format!(
                            "Forecast variance across the company: {} (mean error relative to the actual, {} scored).",
                            percent(&f.company),
                            crate::checks::count(f.company.scored, "forecast", "forecasts")
                        )}
                    </p>
                    {trend.map(|t| view! { <p data-testid="forecast-trend">{t}</p> })}
                    <div class="forecast-tables">
                        {table("By the quarter the forecasts were made in", "Quarter", f.quarters, "forecast-quarters")}
                        {table("By department", "Department", f.departments, "forecast-departments")}
                    </div>
                }
                .into_any()
            }}
        </div>
    }
}
