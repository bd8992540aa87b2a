//! Review periods: the calendar a cadence divides time into.
//!
//! Weekly periods run Monday to Sunday; bi-weekly ones are two such weeks, counted from
//! Monday 5 January 1970; monthly ones are calendar months; quarterly and annual ones
//! follow the fiscal year (the organisation's first month). A check-in names a day and
//! belongs to the period of its KPI's cadence that holds it, so changing a KPI's cadence
//! never leaves a check-in without a period.

use crate::model::{Cadence, Date};

/// One review period, both ends included.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    pub start: Date,
    pub end: Date,
    pub cadence: Cadence,
}

impl Period {
    /// "1 Dec 2026 – 31 Dec 2026".
    pub fn label(self) -> String {
        format!("{} \u{2013} {}", self.start.human(), self.end.human())
    }

    /// The period right after this one.
    pub fn next(self, fiscal_year_start: u32) -> Period {
        of(self.cadence, fiscal_year_start, self.end.add_days(1))
    }

    /// The period right before this one.
    pub fn previous(self, fiscal_year_start: u32) -> Period {
        of(self.cadence, fiscal_year_start, self.start.add_days(-1))
    }

    pub fn contains(self, d: Date) -> bool {
        (self.start..=self.end).contains(&d)
    }
}

/// The first Monday of the day count (5 January 1970), where bi-weekly periods start.
const BIWEEKLY_ANCHOR: i32 = 4;

/// The period of `cadence` that holds `day`. O(1).
pub fn of(cadence: Cadence, fiscal_year_start: u32, day: Date) -> Period {
    let fy = fiscal_year_start.clamp(1, 12);
    let (start, end) = match cadence {
        Cadence::Weekly => {
            let start = day.add_days(-(day.weekday() as i32));
            (start, start.add_days(6))
        }
        Cadence::Biweekly => {
            let start = day.add_days(-(day.days() - BIWEEKLY_ANCHOR).rem_euclid(14));
            (start, start.add_days(13))
        }
        Cadence::Monthly => months(day, 0, 1),
        Cadence::Quarterly => months(day, ((day.month() + 12 - fy) % 12 % 3) as i32, 3),
        Cadence::Annually => months(day, ((day.month() + 12 - fy) % 12) as i32, 12),
    };
    Period { start, end, cadence }
}

/// `count` months starting on the first of the month `back` months before `day`'s.
fn months(day: Date, back: i32, count: i32) -> (Date, Date) {
    let first_of_this = day.add_days(1 - day.ymd().2 as i32);
    let start = first_of_this.add_months(-back);
    (start, start.add_months(count).add_days(-1))
}

/// The period of `cadence` that ended most recently before `today` (the one owners
/// check in on now).
pub fn last_ended(cadence: Cadence, fiscal_year_start: u32, today: Date) -> Period {
    of(cadence, fiscal_year_start, today).previous(fiscal_year_start)
}

/// Days after a period's end within which a check-in counts as on time.
pub fn grace_days(cadence: Cadence) -> i32 {
    match cadence {
        Cadence::Weekly => 2,
        Cadence::Biweekly => 3,
        Cadence::Monthly => 5,
        Cadence::Quarterly => 10,
        Cadence::Annually => 15,
    }
}

/// The last day a check-in on `p` is on time.
pub fn deadline(p: Period) -> Date {
    p.end.add_days(grace_days(p.cadence))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Date {
        Date::from_ymd(y, m, day).unwrap()
    }

    #[test]
    fn each_cadence_divides_the_calendar_into_whole_periods() {
        // (cadence, fiscal year start, a day, the period's first and last day)
        let cases = [
            (Cadence::Weekly, 1, d(2026, 12, 3), d(2026, 11, 30), d(2026, 12, 6)),
            (Cadence::Weekly, 1, d(2026, 11, 30), d(2026, 11, 30), d(2026, 12, 6)),
            (Cadence::Biweekly, 1, d(1970, 1, 18), d(1970, 1, 5), d(1970, 1, 18)),
            (Cadence::Monthly, 1, d(2028, 2, 15), d(2028, 2, 1), d(2028, 2, 29)),
            (Cadence::Quarterly, 1, d(2026, 5, 31), d(2026, 4, 1), d(2026, 6, 30)),
            (Cadence::Quarterly, 4, d(2026, 2, 10), d(2026, 1, 1), d(2026, 3, 31)),
            (Cadence::Quarterly, 2, d(2026, 1, 10), d(2025, 11, 1), d(2026, 1, 31)),
            (Cadence::Annually, 4, d(2026, 2, 10), d(2025, 4, 1), d(2026, 3, 31)),
            (Cadence::Annually, 1, d(2026, 12, 31), d(2026, 1, 1), d(2026, 12, 31)),
        ];
        for (cadence, fy, day, start, end) in cases {
            let p = of(cadence, fy, day);
            assert_eq!((p.start, p.end), (start, end), "{cadence:?} fy {fy} {day}");
            assert_eq!(p.next(fy).start, end.add_days(1));
            assert_eq!(p.next(fy).previous(fy), p);
        }
        let today = d(2026, 12, 2);
        assert_eq!(last_ended(Cadence::Monthly, 1, today).label(), "1 Nov 2026 \u{2013} 30 Nov 2026");
        assert_eq!(deadline(last_ended(Cadence::Weekly, 1, today)), d(2026, 12, 1));
    }
}
