//! Series for charts, computed from the model (charts only draw what they are given).

use super::date::Date;
use super::entities::*;
use super::status;

/// A KPI's actuals over a window, with its target and status lines.
#[derive(Clone, Debug, PartialEq)]
pub struct Trend {
    pub name: String,
    pub unit: &'static str,
    pub direction: Direction,
    /// (day number, value), in date order.
    pub points: Vec<(i32, f64)>,
    pub target: Option<f64>,
    /// Upper end of a target band.
    pub upper: Option<f64>,
    /// The on-track and off-track lines in force.
    pub lines: Option<Thresholds>,
    /// Forecasts given at check-ins in the window: (day given, value expected), in
    /// date order.
    pub forecasts: Vec<(i32, f64)>,
    pub from: i32,
    pub to: i32,
}

/// The shortest time axis a trend gets, in days: a single actual still shows where it
/// sits in a month.
const SHORTEST_AXIS: i32 = 28;

/// The trend of a KPI's actuals of the last `days` days up to `today`. The time axis
/// fits the actuals shown (from a little before the first to `today`), so three months
/// of actuals fill the chart rather than its last quarter.
pub fn trend(k: &Kpi, today: Date, days: i32) -> Trend {
    let window = today.add_days(-days);
    let points: Vec<(i32, f64)> = k
        .measurements
        .iter()
        .filter(|m| m.date >= window && m.date <= today)
        .map(|m| (m.date.days(), m.value))
        .collect();
    let to = today.days();
    let from = match points.first() {
        // A twentieth of the span before the first actual, so its point is not on the axis.
        Some(&(first, _)) => (first - (to - first) / 20).min(to - SHORTEST_AXIS).max(window.days()),
        None => window.days(),
    };
    Trend {
        name: k.name.clone(),
        unit: k.unit.label(),
        direction: k.direction,
        points,
        target: k.target.map(|t| t.value),
        upper: k.target.and_then(|t| t.upper),
        lines: status::effective_thresholds(k),
        forecasts: Vec::new(),
        from,
        to,
    }
}

/// [`trend`] with the forecasts given at the KPI's check-ins in the window, so a reader
/// sees how the owner's expectation moved against the actuals. O(C log C).
pub fn trend_with_forecasts(m: &Model, k: &Kpi, today: Date, days: i32) -> Trend {
    let mut t = trend(k, today, days);
    let from = Date::from_days(t.from);
    let mut forecasts: Vec<(i32, f64)> = m
        .check_ins
        .iter()
        .filter(|c| c.kpi == k.id && c.on >= from && c.on <= today)
        .filter_map(|c| Some((c.on.days(), c.forecast?)))
        .collect();
    crate::order::sort_by(&mut forecasts, |a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
    t.forecasts = forecasts;
    t
}

impl Trend {
    /// How a day on the time axis is labelled: by day and month when the axis spans a
    /// few months (`3 Mar`), by month and year when it is longer (`Mar 2026`).
    pub fn axis_label(&self, day: i32) -> String {
        let d = Date::from_days(day);
        let (y, m, dd) = d.ymd();
        let month = super::date::month_name(m);
        if self.to - self.from <= 124 {
            format!("{dd} {month}")
        } else {
            format!("{month} {y}")
        }
    }

    /// The value range to show: actuals, target and lines, with a little room.
    pub fn y_range(&self) -> (f64, f64) {
        let mut vals: Vec<f64> = self.points.iter().chain(&self.forecasts).map(|p| p.1).collect();
        vals.extend(self.target);
        vals.extend(self.upper);
        if let (Some(l), Direction::HigherIsBetter | Direction::LowerIsBetter) = (self.lines, self.direction)
        {
            vals.extend([l.on_track, l.off_track]);
        }
        let lo = vals.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = vals.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        if !lo.is_finite() {
            return (0.0, 1.0);
        }
        let pad = ((hi - lo).abs() * 0.12).max(hi.abs().max(1.0) * 0.02);
        (lo - pad, hi + pad)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::KpiId;

    #[test]
    fn a_trend_keeps_the_window_and_its_range_holds_target_and_lines() {
        let mut k = Kpi::new(KpiId(1), "Margin", Level::Company);
        k.target = Some(Target { value: 42.0, upper: None, due: None });
        let today = Date::from_ymd(2026, 11, 23).unwrap();
        for (i, v) in [38.0, 39.0, 41.0].iter().enumerate() {
            k.record(Measurement { date: today.add_days(-400 + 150 * i as i32), value: *v });
        }
        let t = trend(&k, today, 365);
        assert_eq!(t.points.len(), 2);
        let (lo, hi) = t.y_range();
        assert!(lo < 37.8 && hi > 42.0, "{lo} {hi}");
    }

    #[test]
    fn a_trend_shows_the_forecasts_given_at_check_ins_in_its_window_in_date_order() {
        let today = Date::from_ymd(2026, 11, 23).unwrap();
        let mut k = Kpi::new(KpiId(1), "Margin", Level::Company);
        k.record(Measurement { date: today.add_days(-30), value: 40.0 });
        let mut m = Model::default();
        m.kpis.push(k.clone());
        let given = |id: u32, kpi: u32, days_ago: i32, forecast: Option<f64>| CheckIn {
            forecast,
            forecast_for: forecast.map(|_| today.add_days(60)),
            ..CheckIn::new(
                crate::model::CheckInId(id),
                KpiId(kpi),
                today.add_days(-days_ago),
                today.add_days(-days_ago),
            )
        };
        m.check_ins = vec![
            given(1, 1, 7, Some(55.0)),
            given(2, 1, 21, Some(48.0)),
            // Without a forecast, on another KPI, or before the axis begins: not shown.
            given(3, 1, 14, None),
            given(4, 2, 7, Some(99.0)),
            given(5, 1, 400, Some(10.0)),
        ];
        let t = trend_with_forecasts(&m, &k, today, 365);
        assert_eq!(t.forecasts, [(today.add_days(-21).days(), 48.0), (today.add_days(-7).days(), 55.0)]);
        // The value axis reaches the highest forecast, above every actual.
        assert!(t.y_range().1 > 55.0);
    }

    #[test]
    fn a_trend_s_time_axis_fits_its_actuals() {
        let today = Date::from_ymd(2026, 11, 23).unwrap();
        let mut k = Kpi::new(KpiId(1), "Margin", Level::Company);
        // Three months of weekly actuals: the axis starts just before the first of them,
        // not a year back, and is labelled by day.
        for week in 0..13 {
            k.record(Measurement { date: today.add_days(-7 * week), value: 40.0 });
        }
        let t = trend(&k, today, 365);
        let first = today.add_days(-84).days();
        assert!(t.from < first && t.from >= first - 5, "{} {first}", t.from);
        assert_eq!(t.to, today.days());
        assert_eq!(t.axis_label(today.days()), "23 Nov");
        // Actuals over almost the whole year: the window is the limit (an older actual
        // stays out), labelled by month.
        k.record(Measurement { date: today.add_days(-360), value: 1.0 });
        k.record(Measurement { date: today.add_days(-500), value: 1.0 });
        let t = trend(&k, today, 365);
        assert_eq!(t.from, today.add_days(-365).days());
        assert_eq!(t.axis_label(today.days()), "Nov 2026");
        // One actual today still gets a month of axis; none gets the whole window.
        let mut one = Kpi::new(KpiId(2), "New", Level::Company);
        one.record(Measurement { date: today, value: 3.0 });
        assert_eq!(trend(&one, today, 365).from, today.add_days(-SHORTEST_AXIS).days());
        let none = Kpi::new(KpiId(3), "Empty", Level::Company);
        assert_eq!(trend(&none, today, 365).from, today.add_days(-365).days());
    }
}
