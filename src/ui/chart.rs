//! Charts drawn with plotters on a canvas: grouped bars (maturity per criterion,
//! findings per department) and a KPI trend with its target and status bands.
//!
//! Charts take precomputed series and only draw. The canvas is sized at its CSS size
//! times `devicePixelRatio`, and fonts and lines are scaled by the same factor, so the
//! chart is sharp on high-DPI screens. Each chart has a text equivalent (its
//! `aria-label`) and can be downloaded as a PNG.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use leptos::html;
use leptos::prelude::*;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;

use crate::model::series::Trend;
use crate::model::{Date, Direction};
use crate::ui::browser;

/// One series of bars.
#[derive(Clone, Debug, PartialEq)]
pub struct Bars {
    pub label: String,
    /// One value per category (`None`: no bar).
    pub values: Vec<Option<f64>>,
    pub color: (u8, u8, u8),
}

/// What a chart shows.
#[derive(Clone, Debug, PartialEq)]
pub enum ChartSpec {
    /// Grouped bars over categories, from 0 to `max`.
    Bars {
        categories: Vec<String>,
        series: Vec<Bars>,
        max: f64,
        y_label: String,
    },
    Trend(Trend),
}

impl ChartSpec {
    /// A text equivalent for screen readers.
    pub fn describe(&self) -> String {
        match self {
            ChartSpec::Bars { categories, series, .. } => categories
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let vals: Vec<String> = series
                        .iter()
                        .map(|s| {
                            format!(
                                "{} {}",
                                s.label,
                                s.values[i].map_or("none".into(), |v| format!("{v:.0}"))
                            )
                        })
                        .collect();
                    format!("{c}: {}", vals.join(", "))
                })
                .collect::<Vec<_>>()
                .join("; "),
            ChartSpec::Trend(t) => {
                let last = t.points.last().map_or("no actuals".into(), |p| format!("latest {:.2}", p.1));
                let forecast = t
                    .forecasts
                    .last()
                    .map(|(d, v)| format!(", latest forecast {v:.2} (given {})", Date::from_days(*d).human()))
                    .unwrap_or_default();
                format!(
                    "{} from {} to {}: {last}{}{forecast}",
                    t.name,
                    Date::from_days(t.from).human(),
                    Date::from_days(t.to).human(),
                    t.target.map(|v| format!(", target {v}")).unwrap_or_default()
                )
            }
        }
    }

    /// What each colour and line means, shown beside the chart (never over its data).
    pub fn legend(&self) -> Vec<Key> {
        match self {
            ChartSpec::Bars { series, .. } => series
                .iter()
                .map(|s| Key { label: s.label.clone(), color: s.color, mark: Mark::Box })
                .collect(),
            ChartSpec::Trend(t) => {
                let mut keys = vec![Key { label: "Actual".into(), color: ACTUAL, mark: Mark::Line }];
                if t.target.is_some() {
                    keys.push(Key { label: "Target".into(), color: INK_RGB, mark: Mark::Dashed });
                }
                if !t.forecasts.is_empty() {
                    keys.push(Key { label: "Forecast given".into(), color: FORECAST, mark: Mark::Ring });
                }
                let bands = match (t.direction, t.lines) {
                    (Direction::HigherIsBetter | Direction::LowerIsBetter, Some(_)) => {
                        &[("On track", ON_TRACK), ("At risk", AT_RISK), ("Off track", OFF_TRACK)][..]
                    }
                    (Direction::WithinBand, _) if t.target.is_some() && t.upper.is_some() => {
                        &[("Within the band", ON_TRACK)][..]
                    }
                    _ => &[][..],
                };
                keys.extend(bands.iter().map(|(l, c)| Key {
                    label: (*l).into(),
                    color: *c,
                    mark: Mark::Band,
                }));
                keys
            }
        }
    }
}

/// One entry of a chart's legend.
#[derive(Clone, Debug, PartialEq)]
pub struct Key {
    pub label: String,
    pub color: (u8, u8, u8),
    pub mark: Mark,
}

/// How a legend entry is drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Mark {
    Box,
    Line,
    Dashed,
    Band,
    Ring,
}

impl Mark {
    fn class(self) -> &'static str {
        match self {
            Mark::Box => "key-box",
            Mark::Line => "key-line",
            Mark::Dashed => "key-dashed",
            Mark::Band => "key-band",
            Mark::Ring => "key-ring",
        }
    }
}

const INK_RGB: (u8, u8, u8) = (29, 39, 51);
const ACTUAL: (u8, u8, u8) = (31, 95, 139);
const FORECAST: (u8, u8, u8) = (106, 61, 154);
const ON_TRACK: (u8, u8, u8) = (29, 122, 70);
const AT_RISK: (u8, u8, u8) = (224, 161, 0);
const OFF_TRACK: (u8, u8, u8) = (179, 38, 30);

fn rgb(c: (u8, u8, u8)) -> RGBColor {
    RGBColor(c.0, c.1, c.2)
}

const INK: RGBColor = RGBColor(INK_RGB.0, INK_RGB.1, INK_RGB.2);
const GRID: RGBColor = RGBColor(216, 222, 230);

fn font(px: f64, dpr: f64) -> (&'static str, f64) {
    ("sans-serif", px * dpr)
}

fn draw_bars(
    root: &DrawingArea<CanvasBackend, plotters::coord::Shift>,
    dpr: f64,
    categories: &[String],
    series: &[Bars],
    max: f64,
    y_label: &str,
) -> Result<(), Box<dyn std::error::Error>> {
    let n = categories.len().max(1) as f64;
    let mut chart = ChartBuilder::on(root)
        .margin((10.0 * dpr) as i32)
        .x_label_area_size((26.0 * dpr) as i32)
        .y_label_area_size((48.0 * dpr) as i32)
        .build_cartesian_2d(0f64..n, 0f64..max * 1.1)?;
    let labels = categories.to_vec();
    // Counts (every value whole) are labelled in whole numbers only: no "1.5 findings".
    let whole = series.iter().flat_map(|s| s.values.iter().flatten()).all(|v| v.fract() == 0.0);
    let x_label = |x: &f64| {
        let i = x.floor() as usize;
        if (x - x.floor() - 0.5).abs() < 0.01 {
            // Short labels: bars are narrow and the chart must stay readable.
            let l = labels.get(i).cloned().unwrap_or_default();
            if l.chars().count() > 11 {
                format!("{}\u{2026}", l.chars().take(10).collect::<String>())
            } else {
                l
            }
        } else {
            String::new()
        }
    };
    let mut mesh = chart.configure_mesh();
    mesh.disable_x_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID)
        .y_labels(6)
        .y_desc(y_label)
        .y_label_style(font(11.0, dpr))
        .x_label_style(font(10.0, dpr).into_font().color(&INK))
        .x_labels(categories.len() * 2 + 1)
        .x_label_formatter(&x_label)
        .axis_desc_style(font(11.0, dpr));
    let whole_label = |y: &f64| whole_tick(*y).unwrap_or_default();
    if whole {
        mesh.y_labels(whole_ticks(max * 1.1)).y_label_formatter(&whole_label);
    }
    mesh.draw()?;
    let k = series.len().max(1) as f64;
    let width = 0.8 / k;
    for (si, s) in series.iter().enumerate() {
        let color = rgb(s.color);
        chart.draw_series(s.values.iter().enumerate().filter_map(|(i, v)| {
            let v = (*v)?;
            let x0 = i as f64 + 0.1 + width * si as f64;
            Some(Rectangle::new([(x0, 0.0), (x0 + width * 0.92, v)], color.filled()))
        }))?;
    }
    root.present()?;
    Ok(())
}

/// How many y labels an axis from 0 to `top` gets when it counts whole things: one per
/// whole number while there are few, so no label falls between two numbers.
fn whole_ticks(top: f64) -> usize {
    (top.floor() as usize + 1).clamp(2, 6)
}

/// A y label of a counting axis: the number when it is whole, nothing otherwise.
fn whole_tick(y: f64) -> Option<String> {
    ((y - y.round()).abs() < 1e-9).then(|| format!("{}", y.round() as i64))
}

fn draw_trend(
    root: &DrawingArea<CanvasBackend, plotters::coord::Shift>,
    dpr: f64,
    t: &Trend,
) -> Result<(), Box<dyn std::error::Error>> {
    let (lo, hi) = t.y_range();
    let (x0, x1) = (f64::from(t.from), f64::from(t.to.max(t.from + 1)));
    let mut chart = ChartBuilder::on(root)
        .margin((10.0 * dpr) as i32)
        .x_label_area_size((28.0 * dpr) as i32)
        .y_label_area_size((52.0 * dpr) as i32)
        .build_cartesian_2d(x0..x1, lo..hi)?;
    chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID)
        .y_labels(6)
        .x_labels(6)
        .x_label_formatter(&|x| t.axis_label(*x as i32))
        .x_label_style(font(10.0, dpr))
        .y_label_style(font(10.0, dpr))
        .draw()?;
    // Status bands: on track, at risk, off track.
    let green = rgb(ON_TRACK).mix(0.12);
    let amber = rgb(AT_RISK).mix(0.16);
    let red = rgb(OFF_TRACK).mix(0.12);
    match (t.direction, t.lines) {
        (Direction::HigherIsBetter, Some(l)) => {
            chart.draw_series([
                Rectangle::new([(x0, l.on_track), (x1, hi)], green.filled()),
                Rectangle::new([(x0, l.off_track), (x1, l.on_track)], amber.filled()),
                Rectangle::new([(x0, lo), (x1, l.off_track)], red.filled()),
            ])?;
        }
        (Direction::LowerIsBetter, Some(l)) => {
            chart.draw_series([
                Rectangle::new([(x0, lo), (x1, l.on_track)], green.filled()),
                Rectangle::new([(x0, l.on_track), (x1, l.off_track)], amber.filled()),
                Rectangle::new([(x0, l.off_track), (x1, hi)], red.filled()),
            ])?;
        }
        (Direction::WithinBand, _) => {
            if let (Some(a), Some(b)) = (t.target, t.upper) {
                chart.draw_series([Rectangle::new([(x0, a), (x1, b)], green.filled())])?;
            }
        }
        _ => {}
    }
    if let Some(target) = t.target {
        chart.draw_series(DashedLineSeries::new(
            [(x0, target), (x1, target)],
            (6.0 * dpr) as u32,
            (4.0 * dpr) as u32,
            INK.stroke_width(dpr.max(1.0) as u32),
        ))?;
    }
    let line = rgb(ACTUAL);
    let pts: Vec<(f64, f64)> = t.points.iter().map(|(d, v)| (f64::from(*d), *v)).collect();
    chart.draw_series(LineSeries::new(pts.clone(), line.stroke_width((2.0 * dpr) as u32)))?;
    chart.draw_series(pts.iter().map(|p| Circle::new(*p, (2.0 * dpr) as i32, line.filled())))?;
    let ring = rgb(FORECAST).stroke_width((1.5 * dpr).max(1.0) as u32);
    chart.draw_series(
        t.forecasts.iter().map(|(d, v)| Circle::new((f64::from(*d), *v), (4.0 * dpr) as i32, ring)),
    )?;
    root.present()?;
    Ok(())
}

fn draw(canvas: &web_sys::HtmlCanvasElement, spec: &ChartSpec) -> Result<(), String> {
    let dpr = window().device_pixel_ratio().max(1.0);
    let css_w = f64::from(canvas.client_width().max(320));
    let css_h = f64::from(canvas.client_height().max(200));
    canvas.set_width((css_w * dpr) as u32);
    canvas.set_height((css_h * dpr) as u32);
    let backend = CanvasBackend::with_canvas_object(canvas.clone()).ok_or("the canvas has no 2D context")?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).map_err(|e| e.to_string())?;
    let result = match spec {
        ChartSpec::Bars { categories, series, max, y_label } => {
            draw_bars(&root, dpr, categories, series, *max, y_label)
        }
        ChartSpec::Trend(t) => draw_trend(&root, dpr, t),
    };
    result.map_err(|e| e.to_string())
}

/// A chart on a canvas, redrawn whenever its spec changes or the window resizes.
#[component]
pub fn Chart(
    /// What to draw.
    #[prop(into)]
    spec: Signal<ChartSpec>,
    /// `data-testid` of the canvas.
    testid: &'static str,
    /// The chart's title (also the PNG file's name).
    title: &'static str,
    /// CSS height in pixels.
    #[prop(default = 280)]
    height: u32,
) -> impl IntoView {
    let canvas = NodeRef::<html::Canvas>::new();
    let problem = RwSignal::new(None::<String>);
    let redraw = move || {
        if let Some(c) = canvas.get_untracked() {
            browser::mark("interlock-chart-start");
            spec.with_untracked(|s| problem.set(draw(&c, s).err()));
            browser::measure("interlock-chart", "interlock-chart-start");
        }
    };
    // Drawn on the next frame, after layout, so the canvas has its CSS size. The chart
    // can be gone by then (the presenter moved on to the next KPI at once): that frame
    // then draws nothing, where a redraw would read the chart's disposed canvas and
    // panic. A flag outside the reactive arena, which the chart's disposal clears; not
    // `cancelAnimationFrame`, whose i32 handle cannot hold the frame ids of Playwright's
    // fake clock, so the journeys would still run the frame.
    let shown = Arc::new(AtomicBool::new(true));
    Effect::new({
        let shown = Arc::clone(&shown);
        move |_| {
            spec.track();
            if canvas.get().is_some() {
                let shown = Arc::clone(&shown);
                request_animation_frame(move || {
                    if shown.load(Ordering::Relaxed) {
                        redraw();
                    }
                });
            }
        }
    });
    let resize = window_event_listener_untyped("resize", move |_| redraw());
    on_cleanup(move || {
        shown.store(false, Ordering::Relaxed);
        resize.remove();
    });
    let download = move |_| {
        if let Some(c) = canvas.get_untracked() {
            let file = format!("{}.png", browser::slug(title));
            match c.to_data_url_with_type("image/png") {
                Ok(url) => {
                    let document = document();
                    if let Ok(a) = document.create_element("a") {
                        let _ = a.set_attribute("href", &url);
                        let _ = a.set_attribute("download", &file);
                        if let Some(body) = document.body() {
                            let _ = body.append_child(&a);
                            if let Some(a) = wasm_bindgen::JsCast::dyn_ref::<web_sys::HtmlElement>(&a) {
                                a.click();
                            }
                            let _ = body.remove_child(&a);
                        }
                    }
                }
                Err(e) => problem.set(Some(browser::js_error(e))),
            }
        }
    };
    view! {
        <figure class="chart">
            <canvas
                node_ref=canvas
                data-testid=testid
                role="img"
                aria-label=move || format!("{title}. {}", spec.with(ChartSpec::describe))
                style:height=format!("{height}px")
            ></canvas>
            <ul class="chart-legend" data-testid=format!("{testid}-legend") aria-label=format!("{title}: legend")>
                {move || spec.with(ChartSpec::legend).into_iter().map(|k| {
                    let (r, g, b) = k.color;
                    view! {
                        <li>
                            <span class=format!("key {}", k.mark.class()) style=format!("--key: rgb({r} {g} {b})") aria-hidden="true"></span>
                            {k.label}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <figcaption>
                <span>{title}</span>
                <button class="small" data-testid=format!("{testid}-png") on:click=download>"Download PNG"</button>
            </figcaption>
            {move || problem.get().map(|p| view! { <p class="field-error" role="alert">{format!("The chart could not be drawn: {p}")}</p> })}
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::{whole_tick, whole_ticks, Bars, ChartSpec};
    use crate::model::series::trend;
    use crate::model::*;

    #[test]
    fn the_legend_names_every_series_and_band_drawn() {
        let today = Date::from_ymd(2026, 3, 18).unwrap();
        let mut k = Kpi::new(KpiId(1), "Net revenue retention", Level::Company);
        k.target = Some(Target { value: 110.0, upper: None, due: None });
        k.record(Measurement { date: today, value: 104.0 });
        let labels = |spec: ChartSpec| spec.legend().into_iter().map(|k| k.label).collect::<Vec<_>>();
        assert_eq!(
            labels(ChartSpec::Trend(trend(&k, today, 365))),
            ["Actual", "Target", "On track", "At risk", "Off track"]
        );
        // No target: no target line and no bands to explain.
        k.target = None;
        assert_eq!(labels(ChartSpec::Trend(trend(&k, today, 365))), ["Actual"]);
        let bars = ChartSpec::Bars {
            categories: vec!["Sales".into()],
            series: vec![Bars { label: "Errors".into(), values: vec![Some(2.0)], color: (1, 2, 3) }],
            max: 2.0,
            y_label: "open findings".into(),
        };
        assert_eq!(labels(bars), ["Errors"]);
    }

    #[test]
    fn a_counting_axis_shows_only_whole_numbers() {
        assert_eq!(whole_tick(2.0).as_deref(), Some("2"));
        assert_eq!(whole_tick(0.0).as_deref(), Some("0"));
        assert_eq!(whole_tick(1.5), None);
        assert_eq!(whole_tick(0.2), None);
        // Two findings at most: labels 0, 1, 2 (and a top of 2.6 gets no "2.5").
        assert_eq!(whole_ticks(2.6), 3);
        assert_eq!(whole_ticks(0.0), 2);
        assert_eq!(whole_ticks(130.0), 6);
    }
}
