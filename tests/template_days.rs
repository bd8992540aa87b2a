//! The templates tell the same story on every day of the year.
//!
//! A template is built relative to `today`, and review dates follow the calendar
//! (Mondays, month ends, quarter ends), so the distance between two dated events moves
//! with the weekday and the length of the month. The story a user reads must not: on any
//! day, each template has the same KPIs off track, the same findings (rule and the KPIs
//! it names), the same evidence level, and each company KPI's diagnostic trace names the
//! same origin with the same gap in words ("3 weeks before"), worded by the function the
//! executive view shows.

use std::collections::{BTreeMap, BTreeSet};

use interlock::checks::{self, RuleId};
use interlock::maturity::{evidence, MaturityLevel};
use interlock::model::status::{self, Status};
use interlock::model::{query, trace, Date, Level, Model};
use interlock::templates::{self, Template};

/// Everything a user reads from a template that must not depend on the day.
#[derive(Debug, PartialEq)]
struct Story {
    /// Names of the active KPIs off track today.
    off_track: BTreeSet<String>,
    /// Every finding as its rule and the names of the KPIs it involves.
    findings: BTreeSet<(RuleId, Vec<String>)>,
    level: MaturityLevel,
    /// The evidence score and each criterion's share, in whole percent as the maturity
    /// view shows them.
    score: Vec<(String, Option<i64>)>,
    /// Per company KPI: its name, its trace's origin, and the trace's sentence with its
    /// dates blanked out (so the gap in words stays).
    traces: Vec<(String, Option<String>, String)>,
}

fn story(m: &Model, today: Date) -> Story {
    let active = || m.kpis.iter().filter(|k| k.is_active());
    let off_track =
        active().filter(|k| status::current(k, today) == Status::OffTrack).map(|k| k.name.clone()).collect();
    let checked = checks::Checked::run(m, today);
    let score = evidence::score(m, &checked);
    let level = score.level;
    let percent = |x: f64| (x * 100.0).round() as i64;
    let score = std::iter::once(("total".to_string(), Some(score.total.round() as i64)))
        .chain(score.parts.iter().map(|(c, share)| (c.label().to_string(), share.map(percent))))
        .collect();
    let findings = checked
        .findings
        .iter()
        .map(|f| {
            let mut names: Vec<String> = f.kpis.iter().map(|k| query::kpi_name(m, *k)).collect();
            names.sort();
            (f.rule, names)
        })
        .collect();
    let traces = active()
        .filter(|k| k.level == Level::Company)
        .filter_map(|k| trace::trace(m, k.id, today))
        .map(|t| {
            let mut sentence = t.explanation();
            for d in t.root_since.iter().chain(t.origin().map(|o| &o.since)) {
                sentence = sentence.replace(&d.human(), "<date>");
            }
            (t.root_name.clone(), t.origin().map(|o| o.name.clone()), sentence)
        })
        .collect();
    Story { off_track, findings, level, score, traces }
}

fn date(text: &str) -> Date {
    Date::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

/// The reference day: the day the browser journeys run on.
const REFERENCE: &str = "2026-03-18";

/// 2027-06-01 to 2028-06-01 (a leap day, a year end, every weekday in every position of
/// every month), and a few more edges: year ends and the end of February in other years.
fn days() -> Vec<Date> {
    let start = date("2027-06-01");
    let mut out: Vec<Date> = (0..=366).map(|i| start.add_days(i)).collect();
    for edge in
        ["2025-12-31", "2026-01-01", "2026-02-28", "2026-03-01", "2026-12-28", "2029-02-28", "2030-12-31"]
    {
        out.push(date(edge));
    }
    out
}

/// Builds `template` on every day and compares the story with the reference day's;
/// fails naming each difference with how many days, and which, show it.
fn check(t: &Template) {
    let reference_day = date(REFERENCE);
    let reference = story(&t.build(reference_day), reference_day);
    let days = days();
    let mut differences: BTreeMap<String, Vec<Date>> = BTreeMap::new();
    for &today in &days {
        for d in diff(&reference, &story(&t.build(today), today)) {
            differences.entry(d).or_default().push(today);
        }
    }
    if differences.is_empty() {
        return;
    }
    let mut report =
        format!("{}: the story differs from {REFERENCE}'s on some of {} days\n", t.id, days.len());
    for (what, on) in &differences {
        let first: Vec<String> = on.iter().take(5).map(|d| d.to_string()).collect();
        report.push_str(&format!("  {what}\n    on {} days: {} ...\n", on.len(), first.join(", ")));
    }
    panic!("{report}");
}

/// What differs between two stories, one line per difference.
fn diff(a: &Story, b: &Story) -> Vec<String> {
    let mut out = Vec::new();
    let mut sets = |what: &str, x: Vec<String>, y: Vec<String>| {
        let (x, y): (BTreeSet<String>, BTreeSet<String>) = (x.into_iter().collect(), y.into_iter().collect());
        out.extend(x.difference(&y).map(|gone| format!("{what} missing: {gone}")));
        out.extend(y.difference(&x).map(|new| format!("{what} extra: {new}")));
    };
    sets("off track", a.off_track.iter().cloned().collect(), b.off_track.iter().cloned().collect());
    let findings = |s: &Story| s.findings.iter().map(|f| format!("{f:?}")).collect();
    sets("finding", findings(a), findings(b));
    let traces = |s: &Story| s.traces.iter().map(|t| format!("{t:?}")).collect();
    sets("trace", traces(a), traces(b));
    sets("evidence level", vec![format!("{:?}", a.level)], vec![format!("{:?}", b.level)]);
    let score = |s: &Story| s.score.iter().map(|p| format!("{p:?}")).collect();
    sets("evidence score", score(a), score(b));
    out
}

fn template(id: &str) -> &'static Template {
    templates::by_id(id).unwrap_or_else(|| panic!("no template {id}"))
}

#[test]
fn generic_tells_the_same_story_on_every_day() {
    check(template("generic"));
}

#[test]
fn retail_tells_the_same_story_on_every_day() {
    check(template("retail"));
}

#[test]
fn saas_tells_the_same_story_on_every_day() {
    check(template("saas"));
}

#[test]
fn launch_tells_the_same_story_on_every_day() {
    check(template("launch"));
}

#[test]
fn fragmented_tells_the_same_story_on_every_day() {
    check(template("fragmented"));
}

#[test]
fn every_template_is_checked_here() {
    let ids: Vec<&str> = templates::ALL.iter().map(|t| t.id).collect();
    assert_eq!(ids, ["generic", "retail", "saas", "launch", "fragmented"]);
}

#[test]
fn the_retail_trace_leads_three_weeks_back_to_the_campaign() {
    let today = date(REFERENCE);
    let s = story(&template("retail").build(today), today);
    let retention = s.traces.iter().find(|t| t.0 == "Customer retention").expect("a retention trace");
    assert_eq!(retention.1.as_deref(), Some("Returning-customer campaign response rate"));
    let m = template("retail").build(today);
    let root = m.kpis.iter().find(|k| k.name == "Customer retention").expect("retention");
    assert_eq!(
        trace::trace(&m, root.id, today).map(|t| t.explanation()).as_deref(),
        Some(
            "\u{201c}Returning-customer campaign response rate\u{201d} went off track on 12 Jan 2026, 3 weeks \
             before \u{201c}Customer retention\u{201d} did (31 Jan 2026): the likely origin."
        )
    );
    assert_eq!(
        retention.2,
        "\u{201c}Returning-customer campaign response rate\u{201d} went off track on <date>, 3 weeks before \
         \u{201c}Customer retention\u{201d} did (<date>): the likely origin."
    );
}
