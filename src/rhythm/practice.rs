//! The rhythm as evidence of a governed process, over the last [`DAYS`] days: reviews
//! held against the reviews the model's forums were due, check-ins on time against
//! check-ins due, and actions closed against actions taken. The checks compute it
//! once per run ([`crate::checks::Checked`]) and the evidence score reads it.
//!
//! A practice is judged only from its first record, so a model that never used it
//! shows nothing either way: with no meeting recorded its reviews are not judged, with
//! no check-in its check-ins are not, and periods that ended before the team's first
//! check-in (or first recorded review) were not due. O(n · P + C log C + R log R), P the
//! periods in the window, R the meetings.

use super::adoption::{self, Tally};
use super::period;
use super::Book;
use crate::model::{Action, ActionState, Cadence, CheckIn, Date};

/// How far back the record looks, in days.
pub const DAYS: i32 = 90;

/// Review meetings against the forums the model's cadences imply (one forum per
/// cadence that active KPIs are reviewed at).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Reviews {
    /// Periods of those forums whose review was due in the window: ended, with their
    /// grace days ([`period::deadline`]) past.
    pub due: usize,
    /// Of those, the ones a meeting of the forum reviewed: each meeting counts for one
    /// period, dated within it or in its grace days after.
    pub held: usize,
    /// Meetings of those forums held in the window.
    pub meetings: usize,
}

/// Actions taken in the window and how many are closed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Actions {
    /// Done or dropped.
    pub closed: usize,
    pub total: usize,
}

/// What the rhythm shows over the last [`DAYS`] days; all empty for a model without it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Practice {
    /// `None` when no review meeting is recorded.
    pub reviews: Option<Reviews>,
    /// `None` when no check-in is written (on a KPI that exists, by `today`).
    pub check_ins: Option<Tally>,
    /// Actions in the check-ins written and the meetings held in the window. A check-in
    /// carries the open actions of the one before it, so the open ones are counted in
    /// each KPI's latest check-in only, and the closed ones where they were closed.
    pub actions: Actions,
}

/// The rhythm's record on `today`.
pub fn practice(book: &Book, today: Date) -> Practice {
    let m = book.model();
    let window = today.add_days(-DAYS);
    let mut out = Practice::default();
    let mut actions = Actions::default();
    let mut count = |list: &[Action], open_too: bool| {
        for a in list {
            if a.state != ActionState::Open {
                actions.closed += 1;
                actions.total += 1;
            } else if open_too {
                actions.total += 1;
            }
        }
    };

    // Check-ins: on time from the first one written, and their actions.
    let known = |c: &CheckIn| c.on <= today && c.period <= today;
    if let Some(first) = book.sorted.iter().filter(|c| known(c)).map(|c| c.period).min() {
        let from = window.max(first);
        let mut tally = Tally::default();
        for k in &m.kpis {
            if adoption::counted(k).is_some() {
                tally.add(adoption::tally(book, k, from, today, today));
            }
        }
        out.check_ins = Some(tally);
        // The sorted check-ins run KPI by KPI, oldest period first.
        let recent: Vec<&CheckIn> =
            book.sorted.iter().copied().filter(|c| known(c) && c.on >= window).collect();
        for (i, c) in recent.iter().enumerate() {
            let last_of_kpi = recent.get(i + 1).is_none_or(|next| next.kpi != c.kpi);
            count(&c.actions, last_of_kpi);
        }
    }

    // Reviews: the periods of each forum due since the first meeting recorded.
    let held: Vec<_> = m.meetings.iter().filter(|x| x.on <= today).collect();
    if let Some(first) = held.iter().map(|x| x.on).min() {
        let from = window.max(first);
        let mut forums = [false; Cadence::ALL.len()];
        for k in m.kpis.iter().filter(|k| k.is_active()) {
            forums[k.cadence as usize] = true;
        }
        let mut reviews = Reviews::default();
        for forum in Cadence::ALL.into_iter().filter(|f| forums[*f as usize]) {
            let mut dates: Vec<Date> = held.iter().filter(|x| x.forum == forum).map(|x| x.on).collect();
            crate::order::sort(&mut dates);
            reviews.meetings += dates.iter().filter(|&&d| d >= window).count();
            let (due, matched) = matched(&dates, forum, m.organisation.fiscal_year_start, from, today);
            reviews.due += due;
            reviews.held += matched;
        }
        out.reviews = Some(reviews);
        for x in held.iter().filter(|x| x.on >= window) {
            count(&x.actions, true);
        }
    }
    out.actions = actions;
    out
}

/// The periods of `forum` ending on or after `from` whose deadline passed before
/// `today`, and how many of them a meeting (from `dates`, sorted) reviewed. Greedy,
/// period by period: the earliest meeting not yet counted that falls in the period or
/// its grace days, so a weekly review held every Monday reviews every week and one
/// held every other Monday about half of them. O(P + R).
fn matched(dates: &[Date], forum: Cadence, fy: u32, from: Date, today: Date) -> (usize, usize) {
    let (mut due, mut held, mut next) = (0, 0, 0);
    let mut p = period::of(forum, fy, from);
    if p.end < from {
        p = p.next(fy);
    }
    while period::deadline(p) < today {
        due += 1;
        while dates.get(next).is_some_and(|&d| d < p.start) {
            next += 1;
        }
        if dates.get(next).is_some_and(|&d| d <= period::deadline(p)) {
            held += 1;
            next += 1;
        }
        p = p.next(fy);
    }
    (due, held)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn each_meeting_reviews_one_period_held_in_it_or_in_its_grace_days() {
        // Today is Monday 23 Nov 2026; from Monday 5 Oct six weeks are due (5-11 Oct to
        // 9-15 Nov).
        let (from, today) = (d("2026-10-05"), d("2026-11-23"));
        let weekly = |days: &[&str]| {
            let dates: Vec<Date> = days.iter().map(|x| d(x)).collect();
            matched(&dates, Cadence::Weekly, 1, from, today)
        };
        let every_monday =
            ["2026-10-05", "2026-10-12", "2026-10-19", "2026-10-26", "2026-11-02", "2026-11-09"];
        assert_eq!(weekly(&every_monday), (6, 6));
        // Two meetings in one week review one week.
        assert_eq!(weekly(&["2026-10-06", "2026-10-08"]), (6, 1));
        // Every other Monday: the first reviews its own week, each later one the week
        // before it (a Monday is in the grace days of the week before).
        assert_eq!(weekly(&["2026-10-05", "2026-10-19", "2026-11-02", "2026-11-16"]), (6, 4));
        // A Wednesday is past the grace of the week before: it reviews its own.
        assert_eq!(weekly(&["2026-10-14"]), (6, 1));
        assert_eq!(weekly(&[]), (6, 0));
        // Nothing is due before the window, or once it starts after today.
        assert_eq!(matched(&[], Cadence::Weekly, 1, d("2026-11-30"), today), (0, 0));
    }
}
