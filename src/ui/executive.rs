//! The executive view: one screen to decide from. Company KPIs on top (actual against
//! target, a trend sparkline, status); the department leading indicators that feed each
//! of them in the middle; flagged variances at the bottom (off-track KPIs and error
//! findings). Below it: the diagnostic trace, a KPI's trend chart and findings by
//! department. The print stylesheet fits the decision part on one page.

use leptos::prelude::*;

use crate::checks::{self, Checked, Severity};
use crate::model::describe::amount;
use crate::model::query::{self, Index};
use crate::model::series;
use crate::model::status::{self, Status};
use crate::model::trace;
use crate::model::{Date, Indicator, Kpi, KpiId, Level, Model};
use crate::ui::chart::{Bars, Chart, ChartSpec};
use crate::ui::state::{AppState, KpiEditing};

/// An SVG path for a sparkline of values in a `w`×`h` box (empty for fewer than 2).
pub fn sparkline(values: &[f64], w: f64, h: f64) -> String {
    // More points than the line has pixels draw nothing more: keep at most two per
    // pixel (evenly spaced, always the last), so a KPI with years of daily actuals
    // costs no more than one with a few.
    let cap = ((w * 2.0) as usize).max(2);
    let stride = values.len().div_ceil(cap).max(1);
    let last = values.len().saturating_sub(1);
    let points: Vec<f64> = (0..values.len())
        .filter(|i| i % stride == 0 || *i == last)
        .map(|i| values[i])
        .filter(|v| v.is_finite())
        .collect();
    if points.len() < 2 {
        return String::new();
    }
    let lo = points.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = points.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    // Halves first: hi - lo itself can overflow for numbers near f64::MAX.
    let half_span = hi / 2.0 - lo / 2.0;
    let half_span = if half_span > 0.0 { half_span } else { 0.5 };
    let step = w / (points.len() - 1) as f64;
    points
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let y = h - (v / 2.0 - lo / 2.0) / half_span * h;
            format!("{}{:.1},{:.1}", if i == 0 { "M" } else { "L" }, i as f64 * step, y)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// What a tile shows for one KPI.
#[derive(Clone, Debug, PartialEq)]
pub struct Tile {
    pub id: KpiId,
    pub name: String,
    pub department: String,
    pub actual: String,
    pub target: String,
    pub status: Status,
    pub spark: String,
}

fn tile(m: &Model, k: &Kpi, today: Date) -> Tile {
    let show = |v: f64| amount(v, k.unit, &m.organisation.currency);
    let recent: Vec<f64> = k
        .measurements
        .iter()
        .filter(|x| x.date <= today)
        .rev()
        .take(26)
        .map(|x| x.value)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    Tile {
        id: k.id,
        name: k.name.clone(),
        department: k.department.map(|d| query::department_name(m, d)).unwrap_or_default(),
        actual: status::latest_on(k, today).map_or("\u{2014}".into(), |x| show(x.value)),
        target: k.target.map_or("no target".into(), |t| match t.upper {
            Some(u) => format!("{}\u{2013}{}", show(t.value), show(u)),
            None => show(t.value),
        }),
        status: status::current(k, today),
        spark: sparkline(&recent, 120.0, 28.0),
    }
}

/// Company tiles the executive view shows; a model should have three to five.
const COMPANY_TILES: usize = 12;
/// Leading-indicator tiles shown under each company KPI.
const LEADING_TILES: usize = 8;

/// The executive view's content: company tiles, each with its leading indicators.
pub fn overview(m: &Model, today: Date) -> Vec<(Tile, Vec<Tile>)> {
    let idx = Index::new(m);
    m.kpis
        .iter()
        .enumerate()
        .filter(|(_, k)| k.is_active() && k.level == Level::Company)
        .map(|(i, k)| {
            let leading = idx.children()[i]
                .iter()
                .map(|&c| &m.kpis[c])
                .filter(|c| {
                    c.is_active() && c.level == Level::Department && c.indicator == Indicator::Leading
                })
                .map(|c| tile(m, c, today))
                .collect();
            (tile(m, k, today), leading)
        })
        .collect()
}

/// Off-track KPIs, the longest-running first: (id, name, department, since).
pub fn variances(m: &Model, today: Date) -> Vec<(KpiId, String, String, Date)> {
    let mut v: Vec<(KpiId, String, String, Date)> = m
        .kpis
        .iter()
        .filter(|k| k.is_active())
        .filter_map(|k| {
            let since = status::off_track_since(k, today)?;
            let dept = k.department.map(|d| query::department_name(m, d)).unwrap_or_else(|| "Company".into());
            Some((k.id, k.name.clone(), dept, since))
        })
        .collect();
    crate::order::sort_by_key(&mut v, |x| x.3);
    v
}

fn tile_view(t: Tile, state: AppState, company: bool) -> impl IntoView {
    let id = t.id;
    view! {
        <article class=format!("tile {}", t.status.key()) class:company=company data-testid=if company { "exec-company" } else { "exec-leading" }>
            <button class="link tile-name" on:click=move |_| state.kpi_editor.set(Some(KpiEditing::Existing(id)))>{t.name.clone()}</button>
            {(!t.department.is_empty()).then(|| view! { <span class="hint">{t.department.clone()}</span> })}
            <p class="tile-numbers"><strong>{t.actual.clone()}</strong>{format!(" / {}", t.target)}</p>
            <svg class="spark" viewBox="0 0 120 28" width="120" height="28" aria-hidden="true"><path d=t.spark.clone()></path></svg>
            <span class=format!("status {}", t.status.key())>{t.status.label()}</span>
        </article>
    }
}

#[component]
pub fn ExecutiveView() -> impl IntoView {
    let state = AppState::expect();
    let today = state.today;
    let data = Memo::new(move |_| state.doc.with(|d| overview(&d.model, today)));
    let flagged = Memo::new(move |_| state.doc.with(|d| variances(&d.model, today)));
    let errors = Memo::new(move |_| {
        state.checks.with(|Checked { findings: f, .. }| {
            state.doc.with(|d| {
                let (open, _) = checks::split_acknowledged(&d.model, f);
                open.into_iter()
                    .filter(|x| x.severity == Severity::Error)
                    .map(|x| (x.rule.code(), x.title.clone()))
                    .collect::<Vec<_>>()
            })
        })
    });
    // The KPI whose trend is charted and the one traced: the first off-track company KPI.
    let first_red = move || {
        data.with(|d| d.iter().find(|(t, _)| t.status == Status::OffTrack).or(d.first()).map(|(t, _)| t.id))
    };
    let chosen = RwSignal::new(None::<KpiId>);
    let traced = RwSignal::new(None::<KpiId>);
    let trend = Signal::derive(move || {
        let id = chosen.get().or_else(first_red);
        ChartSpec::Trend(state.doc.with(|d| {
            id.and_then(|id| query::kpi(&d.model, id)).map_or_else(
                || series::trend(&Kpi::new(KpiId(0), "No KPI", Level::Company), today, 365),
                |k| series::trend_with_forecasts(&d.model, k, today, 365),
            )
        }))
    });
    let by_dept = Signal::derive(move || {
        let rows = state.checks.with(|c| state.doc.with(|d| checks::by_department(&d.model, &c.findings)));
        let max =
            rows.iter().map(|(_, c)| c.iter().max().copied().unwrap_or(0)).max().unwrap_or(0).max(1) as f64;
        ChartSpec::Bars {
            categories: rows.iter().map(|(n, _)| n.clone()).collect(),
            series: vec![
                Bars {
                    label: "Errors".into(),
                    values: rows.iter().map(|(_, c)| Some(c[0] as f64)).collect(),
                    color: (179, 38, 30),
                },
                Bars {
                    label: "Warnings".into(),
                    values: rows.iter().map(|(_, c)| Some(c[1] as f64)).collect(),
                    color: (224, 161, 0),
                },
                Bars {
                    label: "Notes".into(),
                    values: rows.iter().map(|(_, c)| Some(c[2] as f64)).collect(),
                    color: (107, 114, 128),
                },
            ],
            max,
            y_label: "open findings".into(),
        }
    });
    let trace_result = Memo::new(move |_| {
        let id = traced.get().or_else(first_red)?;
        state.doc.with(|d| trace::trace(&d.model, id, today))
    });
    let company_choices =
        move || data.with(|d| d.iter().map(|(t, _)| (t.id, t.name.clone())).collect::<Vec<_>>());

    view! {
        <section class="executive" aria-labelledby="exec-title" data-testid="executive">
            <div class="toolbar">
                <h2 id="exec-title">{move || format!("{} \u{2014} executive view", state.doc.with(|d| d.model.organisation.name.clone()))}</h2>
                <span class="hint">{format!("As of {}", today.human())}</span>
                <button class="no-print" data-testid="print" on:click=move |_| { let _ = window().print(); }>"Print"</button>
            </div>
            <h3 class="band-title">"Company outcomes"</h3>
            <div class="tiles company-tiles">
                {move || data.get().into_iter().take(COMPANY_TILES).map(|(t, _)| tile_view(t, state, true)).collect_view()}
            </div>
            {move || {
                let hidden = data.with(Vec::len).saturating_sub(COMPANY_TILES);
                (hidden > 0).then(|| view! {
                    <p class="hint" data-testid="exec-company-more">{format!(
                        "\u{2026} and {hidden} more company KPIs. One screen cannot hold them, and the checks flag more than five."
                    )}</p>
                })
            }}
            <h3 class="band-title">"Leading indicators, by the outcome they feed"</h3>
            <div class="leading-groups">
                {move || data.get().into_iter().take(COMPANY_TILES).map(|(c, leading)| view! {
                    <div class="leading-group">
                        <h4>{c.name.clone()}</h4>
                        {if leading.is_empty() {
                            view! { <p class="hint">"No leading department KPI feeds it."</p> }.into_any()
                        } else {
                            let hidden = leading.len().saturating_sub(LEADING_TILES);
                            view! {
                                <div class="tiles">{leading.into_iter().take(LEADING_TILES).map(|t| tile_view(t, state, false)).collect_view()}</div>
                                {(hidden > 0).then(|| view! { <p class="hint">{format!("\u{2026} and {hidden} more leading indicators.")}</p> })}
                            }
                            .into_any()
                        }}
                    </div>
                }).collect_view()}
            </div>
            <h3 class="band-title">"Flagged variances"</h3>
            <div class="variances" data-testid="variances">
                <div>
                    <h4>{move || format!("Off track ({})", flagged.with(Vec::len))}</h4>
                    <ul>
                        {move || {
                            let all = flagged.get();
                            let more = all.len().saturating_sub(8);
                            view! {
                                {all.into_iter().take(8).map(|(id, name, dept, since)| view! {
                                    <li data-testid="variance">
                                        <button class="link" on:click=move |_| state.kpi_editor.set(Some(KpiEditing::Existing(id)))>{name}</button>
                                        {format!(" \u{2014} {dept}, off track since {}", since.human())}
                                    </li>
                                }).collect_view()}
                                {(more > 0).then(|| view! { <li class="hint">{format!("and {more} more")}</li> })}
                            }
                        }}
                    </ul>
                </div>
                <div>
                    <h4>{move || format!("Errors from the checks ({})", errors.with(Vec::len))}</h4>
                    <ul>
                        {move || {
                            let all = errors.get();
                            let more = all.len().saturating_sub(8);
                            view! {
                                {all.into_iter().take(8).map(|(code, title)| view! { <li data-testid="exec-error"><span class="badge">{code}</span>" "{title}</li> }).collect_view()}
                                {(more > 0).then(|| view! { <li class="hint">{format!("and {more} more")}</li> })}
                            }
                        }}
                    </ul>
                </div>
            </div>
            <crate::ui::forecasts::ForecastAccuracy />
        </section>
        <section class="panel trace no-print" aria-labelledby="trace-title" data-testid="trace">
            <div class="toolbar">
                <h2 id="trace-title">"Diagnostic trace"</h2>
                <label for="trace-pick">"Company KPI"</label>
                <select id="trace-pick" data-testid="trace-pick" on:change=move |ev| traced.set(event_target_value(&ev).parse().ok().map(KpiId))>
                    {move || company_choices().into_iter().map(|(id, n)| view! {
                        <option value=id.0.to_string() prop:selected=move || traced.get().or_else(first_red) == Some(id)>{n}</option>
                    }).collect_view()}
                </select>
            </div>
            {move || trace_result.get().map(|t| view! {
                <p class="trace-summary" data-testid="trace-summary">{t.explanation()}</p>
                <ol class="trace-list">
                    {t.rows.iter().enumerate().map(|(i, r)| view! {
                        <li data-testid="trace-row" class:origin=i == 0>
                            <strong>{r.name.clone()}</strong>
                            {format!(" \u{2014} off track since {} ({})", r.since.human(), r.path.join(" \u{2192} "))}
                            {(i == 0).then(|| view! { <span class="badge error" data-testid="trace-origin">" likely origin"</span> })}
                        </li>
                    }).collect_view()}
                    {t.more.then(|| view! {
                        <li class="hint" data-testid="trace-more">"\u{2026} and more off track below, later than these."</li>
                    })}
                </ol>
            })}
        </section>
        <section class="panel charts no-print" aria-labelledby="charts-title">
            <h2 id="charts-title">"Charts"</h2>
            <div class="toolbar">
                <label for="trend-pick">"Trend of"</label>
                <select id="trend-pick" data-testid="trend-pick" on:change=move |ev| chosen.set(event_target_value(&ev).parse().ok().map(KpiId))>
                    {move || state.doc.with(|d| {
                        d.model.kpis.iter().filter(|k| k.is_active()).map(|k| (k.id, k.name.clone())).collect::<Vec<_>>()
                    }).into_iter().map(|(id, n)| view! {
                        <option value=id.0.to_string() prop:selected=move || chosen.get().or_else(first_red) == Some(id)>{n}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="chart-grid">
                <Chart spec=trend testid="trend-chart" title="KPI trend with target and status bands" />
                <Chart spec=by_dept testid="findings-chart" title="Open findings by department" />
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::templates;

    #[test]
    fn a_sparkline_spans_the_box_from_low_to_high() {
        assert_eq!(sparkline(&[1.0, 3.0, 2.0], 100.0, 10.0), "M0.0,10.0 L50.0,0.0 L100.0,5.0");
        // Extreme values still draw a path of numbers (never "NaN").
        let huge = sparkline(&[-1.7e308, 1.7e308, 0.0], 100.0, 10.0);
        assert_eq!(huge, "M0.0,10.0 L50.0,0.0 L100.0,5.0");
        assert_eq!(sparkline(&[f64::NAN, 1.0, f64::INFINITY, 2.0], 10.0, 10.0), "M0.0,10.0 L10.0,0.0");
        // Ten thousand actuals on a 100-pixel line: at most 200 points, ending on the last.
        let many: Vec<f64> = (0..10_000).map(f64::from).collect();
        let path = sparkline(&many, 100.0, 10.0);
        assert!(path.split(' ').count() <= 201, "{}", path.split(' ').count());
        assert!(path.ends_with("L100.0,0.0"), "{}", &path[path.len() - 20..]);
        assert_eq!(sparkline(&[5.0], 100.0, 10.0), "");
    }

    #[test]
    fn the_overview_puts_leading_department_kpis_under_their_company_kpi() {
        let today = Date::from_ymd(2026, 11, 23).unwrap();
        let m = templates::by_id("retail").unwrap().build(today);
        let o = overview(&m, today);
        assert_eq!(o.len(), 3);
        assert!(o.iter().all(|(_, leading)| !leading.is_empty()));
        let v = variances(&m, today);
        assert!(v.windows(2).all(|w| w[0].3 <= w[1].3), "longest-running first");
        assert!(v.iter().any(|x| x.1 == "Customer retention"));
    }
}
