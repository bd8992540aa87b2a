//! Status against target, computed from actuals, never typed in.
//!
//! A value is on track, at risk or off track by the KPI's direction, target and
//! thresholds. Without explicit thresholds the target itself is the on-track line and
//! off track begins 10% of the target's size beyond it (for a band: 10% of the band's
//! width outside it). A KPI with no target or no actual has no status ("no data").

use super::date::Date;
use super::entities::*;

/// Where a KPI stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    OnTrack,
    AtRisk,
    OffTrack,
    NoData,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::OnTrack => "On track",
            Status::AtRisk => "At risk",
            Status::OffTrack => "Off track",
            Status::NoData => "No data",
        }
    }

    /// A stable class/key: `on-track`, `at-risk`, `off-track`, `no-data`.
    pub fn key(self) -> &'static str {
        match self {
            Status::OnTrack => "on-track",
            Status::AtRisk => "at-risk",
            Status::OffTrack => "off-track",
            Status::NoData => "no-data",
        }
    }
}

/// The thresholds in force: the KPI's own, or ones derived from its target.
pub fn effective_thresholds(k: &Kpi) -> Option<Thresholds> {
    let t = k.target?;
    if let Some(th) = k.thresholds {
        return Some(th);
    }
    let margin = match (k.direction, t.upper) {
        (Direction::WithinBand, Some(u)) => ((u - t.value).abs() * 0.1).max(f64::EPSILON),
        _ => (t.value.abs() * 0.1).max(f64::EPSILON),
    };
    Some(match k.direction {
        Direction::HigherIsBetter => Thresholds { on_track: t.value, off_track: t.value - margin },
        Direction::LowerIsBetter => Thresholds { on_track: t.value, off_track: t.value + margin },
        Direction::WithinBand => Thresholds { on_track: t.value, off_track: margin },
    })
}

/// The status a value would have for this KPI.
pub fn status_of(k: &Kpi, value: f64) -> Status {
    let (Some(t), Some(th)) = (k.target, effective_thresholds(k)) else {
        return Status::NoData;
    };
    match k.direction {
        Direction::HigherIsBetter => {
            if value >= th.on_track {
                Status::OnTrack
            } else if value >= th.off_track {
                Status::AtRisk
            } else {
                Status::OffTrack
            }
        }
        Direction::LowerIsBetter => {
            if value <= th.on_track {
                Status::OnTrack
            } else if value <= th.off_track {
                Status::AtRisk
            } else {
                Status::OffTrack
            }
        }
        Direction::WithinBand => {
            let (lo, hi) = (t.value, t.upper.unwrap_or(t.value));
            let outside = if value < lo {
                lo - value
            } else if value > hi {
                value - hi
            } else {
                0.0
            };
            if outside == 0.0 {
                Status::OnTrack
            } else if outside <= th.off_track.abs() {
                Status::AtRisk
            } else {
                Status::OffTrack
            }
        }
    }
}

/// The actuals dated on or before `today` (actuals are kept sorted by date). Usually all
/// of them, so the last one is looked at first: on a large model a binary search touches
/// several cold cache lines per KPI, and this is most of what reading a status costs.
fn upto(k: &Kpi, today: Date) -> &[Measurement] {
    let all = &k.measurements[..];
    match all.last() {
        Some(last) if last.date > today => &all[..all.partition_point(|m| m.date <= today)],
        _ => all,
    }
}

/// The latest actual on or before `today`.
pub fn latest_on(k: &Kpi, today: Date) -> Option<Measurement> {
    upto(k, today).last().copied()
}

/// Status of the latest actual on or before `today`.
pub fn current(k: &Kpi, today: Date) -> Status {
    latest_on(k, today).map_or(Status::NoData, |m| status_of(k, m.value))
}

/// How many of the latest actuals (up to `today`) in a row are off track.
pub fn off_track_run(k: &Kpi, today: Date) -> usize {
    upto(k, today).iter().rev().take_while(|m| status_of(k, m.value) == Status::OffTrack).count()
}

/// Everything the checks read from a KPI's actuals on `today`, in one pass over them:
/// the latest actual, its status, and the current off-track run.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Reading {
    pub latest: Option<Measurement>,
    pub status: Status,
    /// How many of the latest actuals in a row are off track (0 if the latest is not).
    pub off_track_run: usize,
    /// The date of the first actual of that run.
    pub off_track_since: Option<Date>,
}

/// Reads a KPI's actuals on `today`: the same answers as [`latest_on`], [`current`],
/// [`off_track_run`] and [`off_track_since`], with one search of its actuals.
pub fn read(k: &Kpi, today: Date) -> Reading {
    let upto = upto(k, today);
    let latest = upto.last().copied();
    let status = latest.map_or(Status::NoData, |m| status_of(k, m.value));
    let run = if status == Status::OffTrack {
        upto.iter().rev().take_while(|m| status_of(k, m.value) == Status::OffTrack).count()
    } else {
        0
    };
    Reading {
        latest,
        status,
        off_track_run: run,
        off_track_since: run.checked_sub(1).map(|_| upto[upto.len() - run].date),
    }
}

/// When the current off-track run began: the date of the first actual in the latest
/// unbroken run of off-track actuals, or `None` if the KPI is not off track now.
pub fn off_track_since(k: &Kpi, today: Date) -> Option<Date> {
    let run = off_track_run(k, today);
    if run == 0 {
        return None;
    }
    let upto = upto(k, today);
    Some(upto[upto.len() - run].date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::KpiId;

    fn kpi(direction: Direction, target: f64, upper: Option<f64>, values: &[f64]) -> Kpi {
        let mut k = Kpi::new(KpiId(1), "k", Level::Company);
        k.direction = direction;
        k.target = Some(Target { value: target, upper, due: None });
        let start = Date::from_ymd(2026, 1, 5).unwrap();
        for (i, v) in values.iter().enumerate() {
            k.record(Measurement { date: start.add_days(7 * i as i32), value: *v });
        }
        k
    }

    #[test]
    fn higher_is_better_uses_ten_percent_below_target_as_off_track_line() {
        let k = kpi(Direction::HigherIsBetter, 100.0, None, &[]);
        let cases = [
            (100.0, Status::OnTrack),
            (95.0, Status::AtRisk),
            (90.0, Status::AtRisk),
            (89.9, Status::OffTrack),
        ];
        for (v, want) in cases {
            assert_eq!(status_of(&k, v), want, "value {v}");
        }
    }

    #[test]
    fn lower_is_better_mirrors_it() {
        let k = kpi(Direction::LowerIsBetter, 50.0, None, &[]);
        let cases = [(40.0, Status::OnTrack), (54.0, Status::AtRisk), (56.0, Status::OffTrack)];
        for (v, want) in cases {
            assert_eq!(status_of(&k, v), want, "value {v}");
        }
    }

    #[test]
    fn a_band_is_on_track_inside_and_at_risk_just_outside() {
        let k = kpi(Direction::WithinBand, 30.0, Some(40.0), &[]);
        let cases = [
            (35.0, Status::OnTrack),
            (29.5, Status::AtRisk),
            (41.0, Status::AtRisk),
            (20.0, Status::OffTrack),
        ];
        for (v, want) in cases {
            assert_eq!(status_of(&k, v), want, "value {v}");
        }
    }

    #[test]
    fn explicit_thresholds_win_over_derived_ones() {
        let mut k = kpi(Direction::HigherIsBetter, 100.0, None, &[]);
        k.thresholds = Some(Thresholds { on_track: 80.0, off_track: 60.0 });
        assert_eq!(status_of(&k, 85.0), Status::OnTrack);
        assert_eq!(status_of(&k, 70.0), Status::AtRisk);
        assert_eq!(status_of(&k, 59.0), Status::OffTrack);
    }

    #[test]
    fn no_target_or_no_actual_means_no_data() {
        let mut k = kpi(Direction::HigherIsBetter, 100.0, None, &[]);
        assert_eq!(current(&k, Date::from_ymd(2027, 1, 1).unwrap()), Status::NoData);
        k.target = None;
        assert_eq!(status_of(&k, 100.0), Status::NoData);
    }

    #[test]
    fn one_reading_agrees_with_the_separate_questions() {
        let k = kpi(Direction::HigherIsBetter, 100.0, None, &[50.0, 100.0, 80.0, 70.0, 60.0]);
        let start = k.measurements[0].date;
        for day in -3..40 {
            let on = start.add_days(day);
            let r = read(&k, on);
            assert_eq!(r.latest, latest_on(&k, on), "latest on day {day}");
            assert_eq!(r.status, current(&k, on), "status on day {day}");
            assert_eq!(r.off_track_run, off_track_run(&k, on), "run on day {day}");
            assert_eq!(r.off_track_since, off_track_since(&k, on), "since on day {day}");
        }
    }

    #[test]
    fn off_track_since_finds_the_start_of_the_latest_run() {
        let k = kpi(Direction::HigherIsBetter, 100.0, None, &[50.0, 100.0, 80.0, 70.0, 60.0]);
        let today = Date::from_ymd(2027, 1, 1).unwrap();
        assert_eq!(off_track_run(&k, today), 3);
        assert_eq!(off_track_since(&k, today), Some(k.measurements[2].date));
        // Before the third actual existed, the KPI was on track.
        assert_eq!(off_track_since(&k, k.measurements[1].date), None);
    }
}
