//! Rule 17: stale or unreviewed — no actual within two review periods, or (once the team
//! checks in) no check-in for two; off track at the latest check-in with no action
//! open to bring it back; off track for several reviews in a row with no escalation
//! recorded.

use crate::checks::catalogue::RuleInfo;
use std::collections::HashMap;

use crate::checks::{Ctx, Finding, RuleId, Severity};
use crate::model::status::Status;
use crate::model::{ActionState, Cadence, CheckIn, Confidence, Date, Kpi, KpiId, Measurement};
use crate::rhythm::{period, Book};

pub const INFO: RuleInfo = RuleInfo {
    rule: RuleId::Stale,
    title: "Stale or unreviewed",
    checks: "Each active KPI has an actual within its last review periods and, once the team checks in, a check-in on one of them; a KPI off track at its latest check-in has an open action to bring it back; a KPI off track for the escalation number of reviews in a row has an escalation recorded since it went off track.",
    why: "A KPI nobody updates or checks in on is not being reviewed; one that is off track with no action on it is being watched, not managed; one that stays red review after review with nobody escalating it is being ignored, which is worse than not measuring it.",
    thresholds: |s| format!("Stale after {} review periods without an actual, or without a check-in once check-ins are in use; escalate after the number of off-track reviews set in governance.", s.stale_periods),
};

/// The kinds of finding, told by key: `R17:<kind>:<KPI id>`.
const STALE: &str = "stale";
const NO_ACTION: &str = "no-action";
const ESCALATE: &str = "escalate";

fn is_kind(f: &Finding, kind: &str) -> bool {
    f.rule == RuleId::Stale
        && f.key.strip_prefix("R17:").and_then(|k| k.strip_prefix(kind)).is_some_and(|id| id.starts_with(':'))
}

/// Whether a finding says a KPI is not being updated or checked in on (key
/// `R17:stale:<id>`, a warning).
pub fn is_stale(f: &Finding) -> bool {
    is_kind(f, STALE)
}

/// Whether a finding says a KPI is off track at its latest check-in with no action open
/// (key `R17:no-action:<id>`, a warning).
pub fn is_unacted(f: &Finding) -> bool {
    is_kind(f, NO_ACTION)
}

/// Whether a finding says a KPI has been off track too long with no escalation (key
/// `R17:escalate:<id>`). These are rule 17's only errors, so readers of many findings
/// (the evidence score) may count them by severity without reading each key.
pub fn is_unescalated(f: &Finding) -> bool {
    is_kind(f, ESCALATE)
}

/// Whether an active KPI whose latest actual (up to `today`) is `latest` is stale: never
/// measured, or not for more than `periods` of its review periods. The rule's test, and
/// the evidence score's, which reads it from the KPI instead of searching findings.
pub fn is_stale_at(k: &Kpi, latest: Option<Measurement>, today: Date, periods: u32) -> bool {
    latest.is_none_or(|last| today.days_since(last.date) > k.cadence.days() * periods as i32)
}

/// For each cadence (in [`Cadence::ALL`] order), the first day of the oldest of its last
/// `periods` review periods that were due a check-in on `today` (ended, with their grace
/// days past): a KPI with no check-in since is stale. `None` for a cadence when one of
/// those periods ended before the team's first check-in (`started`), so a team that has
/// just begun checking in is not judged on periods before it did. O(periods) each.
fn check_in_cutoffs(fy: u32, today: Date, periods: u32, started: Date) -> [Option<Date>; 5] {
    Cadence::ALL.map(|cadence| {
        let mut p = period::last_ended(cadence, fy, today);
        if period::deadline(p) >= today {
            p = p.previous(fy);
        }
        for _ in 1..periods.max(1) {
            if p.end < started {
                return None;
            }
            p = p.previous(fy);
        }
        (p.end >= started).then_some(p.start)
    })
}

/// The earliest period day of the check-ins on KPIs that exist, among those for periods
/// begun by `today` (those [`Book::latest`] reads), if any.
fn first_check_in(book: &Book, today: Date) -> Option<Date> {
    book.model()
        .check_ins
        .iter()
        .filter(|c| c.period <= today && book.kpi(c.kpi).is_some())
        .map(|c| c.period)
        .min()
}

pub fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    let escalate_after = cx.m.governance.escalate_after as usize;
    let fy = cx.m.organisation.fiscal_year_start;
    // The latest escalation of each KPI, in one pass.
    let mut escalated_on: HashMap<KpiId, Date> = HashMap::new();
    for e in &cx.m.governance.escalations {
        let on = escalated_on.entry(e.kpi).or_insert(e.on);
        *on = (*on).max(e.on);
    }
    // Check-ins are read once the team uses them (at least one is written).
    let book = cx.book.as_ref().filter(|b| !b.is_empty());
    let cutoffs = book
        .and_then(|b| first_check_in(b, cx.today))
        .map(|started| check_in_cutoffs(fy, cx.today, cx.s.stale_periods, started));
    for (i, k) in cx.active() {
        let reading = &cx.reading[i];
        let owner = k.owner_person().map(|p| cx.person_name(p));
        let latest = book.and_then(|b| b.latest(k.id, cx.today));
        let by_actuals = is_stale_at(k, reading.latest, cx.today, cx.s.stale_periods);
        let by_check_ins = cutoffs
            .and_then(|c| c[k.cadence as usize])
            .is_some_and(|cut| latest.is_none_or(|c| c.period < cut));
        if by_actuals || by_check_ins {
            out.push(stale(cx, i, by_actuals, by_check_ins.then_some(latest), owner.as_deref()));
        }
        if let Some(c) = latest {
            if let Some(f) = unacted(cx, i, c, owner.as_deref()) {
                out.push(f);
            }
        }
        let run = reading.off_track_run;
        if run >= escalate_after.max(1) {
            let since = reading.off_track_since;
            let escalated = escalated_on.get(&k.id).is_some_and(|&on| since.is_none_or(|s| on >= s));
            if !escalated {
                let owner = owner.unwrap_or_else(|| "its owner".into());
                out.push(
                    Finding::new(RuleId::Stale, Severity::Error, format!("{ESCALATE}:{}", k.id.0))
                        .text(
                            format!("{} has been off track for {run} reviews with no escalation", cx.q(i)),
                            format!(
                                "{} has been off track since {} ({run} reviews in a row; the rule is to escalate after {escalate_after}), and no escalation is recorded.",
                                cx.q(i),
                                since.map(|d| d.human()).unwrap_or_default()
                            ),
                            format!("{owner} should escalate it to their manager and the alignment owner, and record the escalation with the agreed action."),
                        )
                        .kpis([k.id])
                        .departments(k.department)
                        .people(k.owner_person()),
                );
            }
        }
    }
}

/// The stale finding of the KPI at `i`: by its actuals, by its check-ins (`Some`, with
/// the latest check-in if any), or both in one finding, so a KPI is reported stale once.
fn stale(
    cx: &Ctx,
    i: usize,
    by_actuals: bool,
    check_ins: Option<Option<&CheckIn>>,
    owner: Option<&str>,
) -> Finding {
    let k = cx.kpi(i);
    let name = cx.q(i);
    let periods = cx.s.stale_periods;
    // What the actuals say: a title after the name, an explanation, a fix.
    let actuals = by_actuals.then(|| match cx.reading[i].latest {
        None => (
            "has never been measured".to_string(),
            format!("{name} has no actuals, so it has no status and nobody can review it."),
            "Enter the latest actual (or paste the history) and agree who updates it each review.".to_string(),
        ),
        Some(last) => (
            format!("has no actual since {}", last.date.human()),
            format!(
                "{name} is reviewed {} but its latest actual is from {} ({} days ago, more than {periods} review periods): it is not really being reviewed.",
                k.cadence.label().to_lowercase(),
                last.date.human(),
                cx.today.days_since(last.date)
            ),
            "Update it, automate the feed, or review it less often if that is what the business needs.".to_string(),
        ),
    });
    // What the check-ins say, the same way.
    let by_check_ins = check_ins.is_some();
    let check_ins = check_ins.map(|latest| {
        let title = match latest {
            None => "has never had a check-in".to_string(),
            Some(c) => format!("has had no check-in since {}", c.on.human()),
        };
        let explanation = match (owner, latest) {
            (Some(o), None) => format!("Its owner, {o}, has never checked in on {name}, though the team checks in on its KPIs."),
            (None, None) => format!("{name} has no owner, and no one has ever checked in on it, though the team checks in on its KPIs."),
            (_, Some(c)) => format!(
                "{} for its last {periods} {} review periods: the latest check-in is for {}, written on {}.",
                owner.map_or_else(
                    || format!("{name} has no owner, and no one has checked in on it"),
                    |o| format!("Its owner, {o}, has not checked in on {name}")
                ),
                k.cadence.lower(),
                period::of(k.cadence, cx.m.organisation.fiscal_year_start, c.period).label(),
                c.on.human()
            ),
        };
        let fix = match owner {
            Some(o) => format!("{o} should check in on it for the period that ended (the actual, a confidence and the actions), or agree to review it less often."),
            None => "Name the one person who owns it and checks in on it each review period, or retire it.".to_string(),
        };
        (title, explanation, fix)
    });
    let (title, explanation, fix) = match (actuals, check_ins) {
        (Some(a), None) => (format!("{name} {}", a.0), a.1, a.2),
        (None, Some(c)) => (format!("{name} {}", c.0), c.1, c.2),
        (Some(a), Some(c)) => {
            (format!("{name} {} and {}", a.0, c.0), format!("{} {}", a.1, c.1), format!("{} {}", a.2, c.2))
        }
        (None, None) => (name, String::new(), String::new()),
    };
    // The owner is named when it is their check-ins that are missing.
    let owner_named = k.owner_person().filter(|_| by_check_ins);
    Finding::new(RuleId::Stale, Severity::Warning, format!("{STALE}:{}", k.id.0))
        .text(title, explanation, fix)
        .kpis([k.id])
        .departments(k.department)
        .people(owner_named)
}

/// The finding for the KPI at `i` if it is off track (by its actuals, or by its owner's
/// confidence at the check-in) and its latest check-in `c` holds no open action.
fn unacted(cx: &Ctx, i: usize, c: &CheckIn, owner: Option<&str>) -> Option<Finding> {
    let by_actuals = cx.status[i] == Status::OffTrack;
    let by_owner = c.confidence == Confidence::OffTrack;
    if !(by_actuals || by_owner) || c.actions.iter().any(|a| a.state == ActionState::Open) {
        return None;
    }
    let k = cx.kpi(i);
    let name = cx.q(i);
    let who = owner.unwrap_or("its owner");
    let how = match (by_actuals, by_owner) {
        (true, true) => format!("by its actuals and in {who}'s own reading"),
        (true, false) => {
            format!("by its actuals, though {who} reported it {}", c.confidence.label().to_lowercase())
        }
        _ => format!("in {who}'s own reading"),
    };
    let holds = match c.actions.len() {
        0 => "records no action".to_string(),
        1 => "holds no open action (its one action is done or dropped)".to_string(),
        n => format!("holds no open action (its {n} actions are done or dropped)"),
    };
    let fix = match owner {
        Some(o) => format!("{o} should record the action that brings it back, with who and by when."),
        None => "Record the action that brings it back, with who and by when, and name the one person who owns it.".to_string(),
    };
    Some(
        Finding::new(RuleId::Stale, Severity::Warning, format!("{NO_ACTION}:{}", k.id.0))
            .text(
                format!("{name} is off track and its latest check-in has no action on it"),
                format!(
                    "{name} is off track ({how}), but its latest check-in, written on {} for {}, {holds}: the review sees the problem and nobody is acting on it.",
                    c.on.human(),
                    period::of(k.cadence, cx.m.organisation.fiscal_year_start, c.period).label()
                ),
                fix,
            )
            .kpis([k.id])
            .departments(k.department)
            .people(k.owner_person()),
    )
}

#[cfg(test)]
mod tests {
    use crate::checks::testkit::*;
    use crate::checks::{RuleId, Severity};
    use crate::model::*;

    #[test]
    fn recent_actuals_pass() {
        expect(&healthy().run(RuleId::Stale), 0, &[]);
    }

    #[test]
    fn a_weekly_kpi_without_an_actual_for_three_weeks_is_stale_and_one_for_two_is_not() {
        let mut fx = healthy();
        fx.get(10).measurements[0].date = today().add_days(-14);
        expect(&fx.run(RuleId::Stale), 0, &[]);
        fx.get(10).measurements[0].date = today().add_days(-15);
        expect(
            &fx.run(RuleId::Stale),
            1,
            &["\u{201c}Dept 1 for 1\u{201d} has no actual since 8 Nov 2026", "15 days ago"],
        );
        fx.get(10).measurements.clear();
        expect(&fx.run(RuleId::Stale), 1, &["has never been measured"]);
    }

    #[test]
    fn three_off_track_reviews_without_escalation_is_an_error_until_one_is_recorded() {
        let mut fx = healthy();
        let k = fx.get(10);
        k.measurements =
            (0..3).map(|w| Measurement { date: today().add_days(-7 * (3 - w)), value: 50.0 }).collect();
        let f = fx.run(RuleId::Stale);
        expect(
            &f,
            1,
            &["off track for 3 reviews with no escalation", "since 2 Nov 2026", "Sam should escalate"],
        );
        assert_eq!(f[0].severity, Severity::Error);
        fx.m.governance.escalations.push(Escalation {
            id: EscalationId(1),
            kpi: KpiId(10),
            on: today().add_days(-2),
            to: Some(PersonId(1)),
            note: String::new(),
        });
        expect(&fx.run(RuleId::Stale), 0, &[]);
        // An escalation from before this run began does not count.
        fx.m.governance.escalations[0].on = today().add_days(-60);
        expect(&fx.run(RuleId::Stale), 1, &["no escalation"]);
    }

    #[test]
    fn each_kind_of_finding_is_told_by_its_key_and_only_escalations_are_errors() {
        let mut fx = healthy();
        fx.check_in_all();
        fx.get(10).measurements =
            (0..3).map(|w| Measurement { date: today().add_days(-7 * (3 - w)), value: 50.0 }).collect();
        fx.get(11).measurements.clear();
        let f = fx.run(RuleId::Stale);
        let keys: Vec<&str> = f.iter().map(|x| x.key.as_str()).collect();
        assert_eq!(keys, ["R17:no-action:10", "R17:escalate:10", "R17:stale:11"]);
        for x in &f {
            assert_eq!(super::is_stale(x), x.key.contains(":stale:"), "{}", x.key);
            assert_eq!(super::is_unacted(x), x.key.contains(":no-action:"), "{}", x.key);
            assert_eq!(super::is_unescalated(x), x.key.contains(":escalate:"), "{}", x.key);
            assert_eq!(x.severity == Severity::Error, super::is_unescalated(x), "{}", x.key);
        }
    }

    /// Today is Monday 23 Nov 2026: the week that ended yesterday is still in its two
    /// days of grace, so the weeks due a check-in are 9-15 Nov and, before it, 2-8 Nov.
    #[test]
    fn a_kpi_with_no_check_in_for_two_due_periods_is_stale_and_one_checked_in_two_ago_is_not() {
        let mut fx = healthy();
        fx.check_in_all();
        fx.last_check_in(10).period = d("2026-11-08");
        expect(&fx.run(RuleId::Stale), 0, &[]);
        let c = fx.last_check_in(10);
        (c.period, c.on) = (d("2026-11-01"), d("2026-11-02"));
        let f = fx.run(RuleId::Stale);
        expect(
            &f,
            1,
            &[
                "\u{201c}Dept 1 for 1\u{201d} has had no check-in since 2 Nov 2026",
                "Its owner, Sam, has not checked in on",
                "for its last 2 weekly review periods",
                "26 Oct 2026 \u{2013} 1 Nov 2026",
                "Sam should check in on it",
            ],
        );
        assert_eq!((f[0].key.as_str(), &f[0].people[..]), ("R17:stale:10", &[PersonId(2)][..]));
        // The number of periods is the setting's.
        fx.m.settings.stale_periods = 3;
        expect(&fx.run(RuleId::Stale), 0, &[]);
        fx.m.settings.stale_periods = 2;
        fx.m.check_ins.retain(|c| c.kpi != KpiId(10));
        expect(
            &fx.run(RuleId::Stale),
            1,
            &["has never had a check-in", "Its owner, Sam, has never checked in"],
        );
    }

    #[test]
    fn a_model_that_never_checked_in_is_not_judged_on_check_ins() {
        let mut fx = healthy();
        expect(&fx.run(RuleId::Stale), 0, &[]);
        // A check-in on a KPI that does not exist does not put the rhythm in use.
        fx.m.check_ins.push(CheckIn::new(CheckInId(1), KpiId(999), d("2026-01-31"), d("2026-02-01")));
        expect(&fx.run(RuleId::Stale), 0, &[]);
    }

    #[test]
    fn a_team_that_began_checking_in_last_week_is_not_judged_on_the_weeks_before() {
        let mut fx = healthy();
        // Only Dept 1 for 2 (KPI 12) has checked in, for 9-15 Nov: 2-8 Nov was before it.
        fx.check_in(12, d("2026-11-15"), d("2026-11-16"));
        expect(&fx.run(RuleId::Stale), 0, &[]);
        // A check-in from October puts 2-8 Nov inside the rhythm: the others are stale.
        fx.check_in(12, d("2026-10-31"), d("2026-11-02"));
        let f = fx.run(RuleId::Stale);
        assert!(f.iter().all(|x| x.title.contains("has never had a check-in")), "{:?}", f[0].title);
        assert_eq!(f.len(), 11, "every weekly KPI but the one checked in");
    }

    #[test]
    fn a_kpi_stale_by_its_actuals_and_its_check_ins_has_one_finding_that_says_both() {
        let mut fx = healthy();
        fx.check_in_all();
        fx.m.check_ins.retain(|c| c.kpi != KpiId(10));
        fx.get(10).measurements[0].date = d("2026-11-08");
        expect(
            &fx.run(RuleId::Stale),
            1,
            &[
                "has no actual since 8 Nov 2026 and has never had a check-in",
                "15 days ago",
                "Its owner, Sam, has never checked in",
                "Update it, automate the feed",
                "Sam should check in on it",
            ],
        );
    }

    #[test]
    fn hostile_check_ins_and_meetings_at_scale_give_bounded_findings_and_no_panic() {
        let mut fx = Shape::Fan.build(10_000);
        fx.m.settings.stale_periods = 10_000;
        let far = [d("0001-01-01"), d("9999-12-31"), today()];
        fx.m.check_ins = (0..fx.m.kpis.len())
            .map(|i| CheckIn {
                confidence: Confidence::OffTrack,
                actions: vec![Action {
                    what: "x".into(),
                    kpi: None,
                    who: None,
                    due: Some(far[i % 2]),
                    state: ActionState::Done,
                }],
                ..CheckIn::new(CheckInId(i as u32 + 1), fx.m.kpis[i].id, far[i % 3], far[(i + 1) % 3])
            })
            .collect();
        // On KPIs that do not exist, and twice for one period.
        fx.check_in(99_999, today(), today());
        fx.check_in(2, today(), today());
        for (i, on) in far.iter().cycle().take(3_000).enumerate() {
            let forum = Cadence::ALL[i % 5];
            fx.m.meetings.push(Meeting {
                id: MeetingId(i as u32 + 1),
                forum,
                on: *on,
                kpis: vec![KpiId(123_456)],
                decisions: Vec::new(),
                actions: Vec::new(),
            });
        }
        for periods in [10_000, 1, 0] {
            fx.m.settings.stale_periods = periods;
            let checked = crate::checks::Checked::run(&fx.m, today());
            expect_bounded(&checked.findings, fx.m.kpis.len(), 1_500);
            let stale = checked.findings.iter().filter(|f| f.rule == RuleId::Stale).count();
            assert!(stale > 0 && stale <= 3 * fx.m.kpis.len(), "{stale}");
            let evidence = crate::maturity::evidence::evaluate(&fx.m, &checked);
            assert!(evidence.iter().all(|e| (0.0..=1.0).contains(&e.share)));
        }
    }

    #[test]
    fn an_off_track_kpi_whose_latest_check_in_has_no_open_action_is_a_finding_until_one_is_recorded() {
        let mut fx = healthy();
        fx.check_in_all();
        // Off track by its actuals, once: not yet a run to escalate.
        fx.get(10).measurements[0].value = 50.0;
        let action = |what: &str, state| Action {
            what: what.into(),
            kpi: None,
            who: Some(PersonId(2)),
            due: None,
            state,
        };
        fx.last_check_in(10).actions =
            vec![action("Call lapsed accounts", ActionState::Done), action("Hire", ActionState::Dropped)];
        let f = fx.run(RuleId::Stale);
        expect(
            &f,
            1,
            &[
                "\u{201c}Dept 1 for 1\u{201d} is off track and its latest check-in has no action on it",
                "by its actuals, though Sam reported it on track",
                "written on 23 Nov 2026",
                "its 2 actions are done or dropped",
                "Sam should record the action that brings it back, with who and by when",
            ],
        );
        assert_eq!((f[0].key.as_str(), f[0].severity), ("R17:no-action:10", Severity::Warning));
        fx.last_check_in(10).actions.push(action("Win back the top ten", ActionState::Open));
        expect(&fx.run(RuleId::Stale), 0, &[]);
        // The owner's own reading counts too, while the actuals look fine.
        fx.get(10).measurements[0].value = 100.0;
        let c = fx.last_check_in(10);
        c.actions.clear();
        c.confidence = Confidence::OffTrack;
        expect(&fx.run(RuleId::Stale), 1, &["off track (in Sam's own reading)", "records no action"]);
        fx.last_check_in(10).confidence = Confidence::AtRisk;
        expect(&fx.run(RuleId::Stale), 0, &[]);
    }
}
