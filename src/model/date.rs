//! Calendar dates and timestamps without a clock.
//!
//! The core never asks what day it is: callers pass `today` and the time of an edit.
//! A [`Date`] is a day count since 1970-01-01 (proleptic Gregorian), so comparing and
//! subtracting dates is integer arithmetic. Both types read and write ISO 8601 text
//! (`2026-03-31`, `2026-03-31T09:15:00Z`), which is how they appear in files.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(i32);

/// Why a piece of text is not a date.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{text}` is not a date of the form YYYY-MM-DD")]
pub struct DateParseError {
    pub text: String,
}

impl Date {
    /// The date for a year, month (1-12) and day (1-31); `None` when no such day exists.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        if !(1..=9999).contains(&year) {
            return None;
        }
        Some(Date(days_from_civil(year, month, day)))
    }

    /// Days since 1970-01-01.
    pub fn days(self) -> i32 {
        self.0
    }

    /// The date `days` after 1970-01-01.
    pub fn from_days(days: i32) -> Date {
        Date(days)
    }

    /// `(year, month, day)`.
    pub fn ymd(self) -> (i32, u32, u32) {
        civil_from_days(self.0)
    }

    pub fn year(self) -> i32 {
        self.ymd().0
    }

    pub fn month(self) -> u32 {
        self.ymd().1
    }

    /// This date moved by a number of days (negative moves back).
    pub fn add_days(self, days: i32) -> Date {
        Date(self.0.saturating_add(days))
    }

    /// Whole days from `earlier` to `self` (negative if `earlier` is later).
    pub fn days_since(self, earlier: Date) -> i32 {
        self.0 - earlier.0
    }

    /// The same day of the month `months` later, clamped to the month's last day.
    pub fn add_months(self, months: i32) -> Date {
        let (y, m, d) = self.ymd();
        let total = y * 12 + (m as i32 - 1) + months;
        let (ny, nm) = (total.div_euclid(12), total.rem_euclid(12) as u32 + 1);
        let nd = d.min(days_in_month(ny, nm));
        Date(days_from_civil(ny, nm, nd))
    }

    /// Monday = 0 ... Sunday = 6.
    pub fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday (3).
        (self.0 + 3).rem_euclid(7) as u32
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Result<Date, DateParseError> {
        let err = || DateParseError { text: text.chars().take(40).collect() };
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return Err(err());
        }
        let num = |range: std::ops::Range<usize>| -> Option<u32> {
            let part = text.get(range)?;
            if part.bytes().all(|b| b.is_ascii_digit()) {
                part.parse().ok()
            } else {
                None
            }
        };
        let (y, m, d) = (num(0..4).ok_or_else(err)?, num(5..7).ok_or_else(err)?, num(8..10).ok_or_else(err)?);
        Date::from_ymd(y as i32, m, d).ok_or_else(err)
    }

    /// A short human form, e.g. `31 Mar 2026`.
    pub fn human(self) -> String {
        let (y, m, d) = self.ymd();
        format!("{d} {} {y}", MONTHS[(m - 1) as usize])
    }

    /// Quarter label within the calendar year, e.g. `Q2 2026`.
    pub fn quarter_label(self) -> String {
        let (y, m, _) = self.ymd();
        format!("Q{} {y}", (m - 1) / 3 + 1)
    }
}

/// A month's short English name, `1` -> `Jan`.
pub fn month_name(month: u32) -> &'static str {
    MONTHS[(month.clamp(1, 12) - 1) as usize]
}

const MONTHS: [&str; 12] =
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Date::parse(&text).map_err(serde::de::Error::custom)
    }
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// Number of days in a month of a year.
pub fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

// Howard Hinnant's days_from_civil / civil_from_days.
fn days_from_civil(y: i32, m: u32, d: u32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = m as i32;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i32) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// A moment in time, in whole seconds since 1970-01-01T00:00:00Z.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// The timestamp for milliseconds since the epoch (what `Date.now()` gives).
    pub fn from_millis(ms: f64) -> Timestamp {
        Timestamp((ms / 1000.0).floor() as i64)
    }

    /// The calendar day (UTC) of this moment.
    pub fn date(self) -> Date {
        Date(self.0.div_euclid(86_400) as i32)
    }

    /// Midnight UTC at the start of a date.
    pub fn at_midnight(date: Date) -> Timestamp {
        Timestamp(i64::from(date.days()) * 86_400)
    }

    /// The moment as people read it, the way every screen writes dates: `2 Dec 2026,
    /// 09:05 UTC` (ISO is for files only).
    pub fn human(self) -> String {
        let secs = self.0.rem_euclid(86_400);
        format!("{}, {:02}:{:02} UTC", self.date().human(), secs / 3600, (secs / 60) % 60)
    }

    /// Parses `YYYY-MM-DDTHH:MM:SSZ` (seconds and the `Z` optional; a bare date is midnight).
    pub fn parse(text: &str) -> Option<Timestamp> {
        let date = Date::parse(text.get(0..10)?).ok()?;
        let rest = &text[10..];
        if rest.is_empty() {
            return Some(Timestamp::at_midnight(date));
        }
        let rest = rest.strip_prefix('T')?;
        let rest = rest.strip_suffix('Z').unwrap_or(rest);
        let mut parts = rest.split(':');
        let mut field = |max: i64| -> Option<i64> {
            match parts.next() {
                None => Some(0),
                Some(p) => {
                    let p = p.split('.').next()?;
                    let v: i64 = p.parse().ok()?;
                    (0..max).contains(&v).then_some(v)
                }
            }
        };
        let (h, mi, s) = (field(24)?, field(60)?, field(61)?);
        Some(Timestamp(Timestamp::at_midnight(date).0 + h * 3600 + mi * 60 + s))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secs = self.0.rem_euclid(86_400);
        write!(f, "{}T{:02}:{:02}:{:02}Z", self.date(), secs / 3600, (secs / 60) % 60, secs % 60)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Timestamp::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "`{}` is not a time of the form YYYY-MM-DDTHH:MM:SSZ",
                text.chars().take(40).collect::<String>()
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_text_over_four_centuries() {
        for days in (-200_000..200_000).step_by(97) {
            let date = Date::from_days(days);
            assert_eq!(Date::parse(&date.to_string()), Ok(date), "{date}");
        }
    }

    #[test]
    fn moments_read_as_people_read_them_and_files_keep_iso() {
        let t = Timestamp::parse("2026-12-02T09:05:59Z").unwrap();
        assert_eq!(t.human(), "2 Dec 2026, 09:05 UTC");
        assert_eq!(t.to_string(), "2026-12-02T09:05:59Z");
        assert_eq!(Timestamp::parse("1969-12-31T23:59:00Z").unwrap().human(), "31 Dec 1969, 23:59 UTC");
    }

    #[test]
    fn knows_the_epoch_and_leap_days() {
        assert_eq!(Date::from_ymd(1970, 1, 1).map(Date::days), Some(0));
        assert!(Date::from_ymd(2024, 2, 29).is_some());
        assert!(Date::from_ymd(2025, 2, 29).is_none());
        assert!(Date::from_ymd(2100, 2, 29).is_none());
        assert!(Date::from_ymd(2000, 2, 29).is_some());
    }

    #[test]
    fn refuses_malformed_text_with_the_text() {
        for bad in ["2026-13-01", "2026-02-30", "26-01-01", "2026/01/01", "", "2026-1-01x"] {
            let err = Date::parse(bad).unwrap_err();
            assert!(err.to_string().contains(bad), "{err}");
        }
    }

    #[test]
    fn adds_months_clamping_to_month_end() {
        let jan31 = Date::from_ymd(2026, 1, 31).unwrap();
        assert_eq!(jan31.add_months(1).to_string(), "2026-02-28");
        assert_eq!(jan31.add_months(-2).to_string(), "2025-11-30");
        assert_eq!(jan31.add_months(12).to_string(), "2027-01-31");
    }

    #[test]
    fn weekday_of_a_known_monday() {
        assert_eq!(Date::from_ymd(2026, 11, 23).unwrap().weekday(), 0);
    }

    #[test]
    fn timestamps_read_and_write_iso_text() {
        let t = Timestamp::parse("2026-11-23T09:05:07Z").unwrap();
        assert_eq!(t.to_string(), "2026-11-23T09:05:07Z");
        assert_eq!(t.date().to_string(), "2026-11-23");
        assert_eq!(Timestamp::parse("2026-11-23").unwrap().to_string(), "2026-11-23T00:00:00Z");
        assert_eq!(Timestamp::parse("2026-11-23T25:00:00Z"), None);
        assert_eq!(Timestamp::from_millis(1_000_000_000_123.0).to_string(), "2001-09-09T01:46:40Z");
    }
}
