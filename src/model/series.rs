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
    pub from: i32,
    pub to: i32,
}

/// The trend of a KPI over the last `days` days up to `today`.
pub fn trend(k: &Kpi, today: Date, days: i32) -> Trend {
    let from = today.add_days(-days);
    Trend {
        name: k.name.clone(),
        unit: k.unit.label(),
        direction: k.direction,
        points: k
            .measurements
            .iter()
            .filter(|m| m.date >= from && m.date <= today)
            .map(|m| (m.date.days(), m.value))
            .collect(),
        target: k.target.map(|t| t.value),
        upper: k.target.and_then(|t| t.upper),
        lines: status::effective_thresholds(k),
        from: from.days(),
        to: today.days(),
    }
}

impl Trend {
    /// The value range to show: actuals, target and lines, with a little room.
    pub fn y_range(&self) -> (f64, f64) {
        let mut vals: Vec<f64> = self.points.iter().map(|p| p.1).collect();
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
}
