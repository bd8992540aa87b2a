//! The Reviews screen: running the operating rhythm. Choose a forum (one per cadence the
//! model's KPIs are reviewed at); its agenda is the KPIs due at that cadence, grouped
//! under the company KPI they feed, off track first, missing check-ins flagged. A
//! presenter mode steps through the agenda one KPI at a time (trend with forecasts,
//! variance to plan, the owner's explanation, open actions, findings) by keyboard,
//! with a meeting timer, recording decisions and actions as it goes; ending the
//! meeting records it (one undoable edit) and shows its minutes, which print on a page
//! and export as a text file. Beside the agenda: the escalations the rules raise and
//! the adoption of check-ins (on time against due, who has not checked in).

use std::collections::HashMap;

use leptos::html;
use leptos::prelude::*;

use crate::model::describe::fmt_num;
use crate::model::status::{self, Status};
use crate::model::{
    query, series, Action, ActionState, Cadence, Confidence, Date, Edit, KpiId, Meeting, MeetingId, Model,
    PersonId,
};
use crate::rhythm::adoption;
use crate::rhythm::agenda::{self, Agenda};
use crate::rhythm::escalation::{self, Why};
use crate::rhythm::minutes::{self, Minutes};
use crate::rhythm::{pilot, Book};
use crate::ui::browser;
use crate::ui::chart::{Chart, ChartSpec};
use crate::ui::dialog::Dialog;
use crate::ui::state::AppState;

/// How many rows a list on this screen shows before it counts the rest.
const SHOWN: usize = 50;

/// "12:05" for 725 seconds.
fn clock(seconds: f64) -> String {
    let s = seconds.max(0.0) as u64;
    format!("{:02}:{:02}", s / 60, s % 60)
}

fn forum_key(c: Cadence) -> &'static str {
    match c {
        Cadence::Weekly => "weekly",
        Cadence::Biweekly => "biweekly",
        Cadence::Monthly => "monthly",
        Cadence::Quarterly => "quarterly",
        Cadence::Annually => "annually",
    }
}

/// One KPI of the agenda, with its names resolved.
#[derive(Clone, Debug, PartialEq)]
struct Row {
    kpi: KpiId,
    name: String,
    /// The company KPI it feeds ("Not under a company KPI").
    group: String,
    owner: Option<String>,
    status: Status,
    confidence: Option<Confidence>,
    missing: bool,
    open_actions: usize,
    overdue_actions: usize,
    escalated: bool,
}

fn rows(m: &Model, a: &Agenda) -> Vec<Row> {
    a.groups
        .iter()
        .flat_map(|g| {
            let group =
                g.company.map_or_else(|| "Not under a company KPI".to_string(), |c| query::kpi_name(m, c));
            g.items.iter().map(move |x| (group.clone(), x))
        })
        .map(|(group, x)| Row {
            kpi: x.kpi,
            name: query::kpi_name(m, x.kpi),
            group,
            owner: query::person_name_of(m, x.owner),
            status: x.status,
            confidence: x.confidence,
            missing: x.missing,
            open_actions: x.open_actions,
            overdue_actions: x.overdue_actions,
            escalated: x.escalated,
        })
        .collect()
}

/// The little flags beside a KPI on the agenda.
fn flags(r: &Row) -> impl IntoView {
    let actions = (r.open_actions > 0).then(|| {
        let overdue =
            if r.overdue_actions > 0 { format!(", {} overdue", r.overdue_actions) } else { String::new() };
        format!("{} open action{}{overdue}", r.open_actions, if r.open_actions == 1 { "" } else { "s" })
    });
    view! {
        <span class=format!("status {}", r.status.key())>{r.status.label()}</span>
        {r.confidence.map(|c| view! { <span class="owner-says">{format!("owner: {}", c.label().to_lowercase())}</span> })}
        {r.missing.then(|| view! { <span class="flag missing" data-testid="agenda-missing">"No check-in"</span> })}
        {r.escalated.then(|| view! { <span class="flag escalated">"Escalated"</span> })}
        {actions.map(|a| view! { <span class="flag">{a}</span> })}
    }
}

#[component]
pub fn ReviewsScreen() -> impl IntoView {
    let state = AppState::expect();
    let today = state.today;
    let forums = Memo::new(move |_| state.doc.with(|d| minutes::forums(&d.model)));
    let chosen = RwSignal::new(None::<Cadence>);
    let forum = Memo::new(move |_| {
        let all = forums.get();
        chosen.get().filter(|c| all.contains(c)).or_else(|| all.first().copied())
    });
    // The agenda of the chosen forum, with the escalations it flags.
    let agenda = Memo::new(move |_| {
        let forum = forum.get()?;
        Some(state.doc.with(|d| {
            let book = Book::new(&d.model);
            let escalated = escalation::escalations(&book, today);
            let a = agenda::agenda(&book, forum, &escalated, today);
            (a.period.label(), a.missing, rows(&d.model, &a))
        }))
    });
    let presenting = RwSignal::new(false);
    // The quarterly review reads the findings: it opens once the checks can run.
    let reviewing = RwSignal::new(false);
    let open_review = move |_| {
        if state.checks_ready.get_untracked() {
            reviewing.set(true);
        } else {
            leptos::task::spawn_local(async move {
                match crate::ui::deferred::checks_loaded(state).await {
                    Ok(()) => reviewing.set(true),
                    Err(_) => state.error(
                        "The quarterly review could not be fetched. Check the connection and try again.",
                    ),
                }
            });
        }
    };
    let minutes_of = RwSignal::new(None::<MeetingId>);
    let start = NodeRef::<html::Button>::new();
    let recorded = Callback::new(move |id: MeetingId| {
        presenting.set(false);
        minutes_of.set(Some(id));
        request_animation_frame(|| {
            browser::focus_selector("#minutes-title");
        });
    });
    view! {
        <section class="reviews" aria-labelledby="reviews-title">
            <h2 id="reviews-title">"Reviews"</h2>
            <Show
                when=move || forum.get().is_some()
                fallback=|| view! { <p class="hint" data-testid="reviews-none">"No active KPI yet, so there is nothing to review. Add KPIs with a cadence; each cadence gets its review forum here."</p> }
            >
                <fieldset class="forums no-print" data-testid="forums">
                    <legend>"Forum"</legend>
                    {move || forums.get().into_iter().map(|c| {
                        let id = format!("forum-{}", forum_key(c));
                        view! {
                            <label for=id.clone() class="choice">
                                <input
                                    type="radio"
                                    name="forum"
                                    id=id.clone()
                                    data-testid=id.clone()
                                    prop:checked=move || forum.get() == Some(c)
                                    on:change=move |_| chosen.set(Some(c))
                                />
                                {minutes::forum_name(c)}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                <section class="agenda no-print" aria-labelledby="agenda-title" data-testid="agenda">
                    <h3 id="agenda-title">"Agenda"</h3>
                    {move || agenda.get().map(|(period, missing, rows)| {
                        let off = rows.iter().filter(|r| r.status == Status::OffTrack || r.confidence == Some(Confidence::OffTrack)).count();
                        let empty = rows.is_empty();
                        let mut groups: Vec<(String, Vec<Row>)> = Vec::new();
                        for r in rows {
                            match groups.last_mut() {
                                Some((g, list)) if *g == r.group => list.push(r),
                                _ => groups.push((r.group.clone(), vec![r])),
                            }
                        }
                        let n: usize = groups.iter().map(|(_, l)| l.len()).sum();
                        view! {
                            <p data-testid="agenda-summary">
                                {format!(
                                    "Period under review: {period}. {} to review, {off} off track, {missing} without a check-in.",
                                    crate::checks::count(n, "KPI", "KPIs"),
                                )}
                            </p>
                            <button
                                class="primary"
                                data-testid="meeting-start"
                                node_ref=start
                                disabled=empty
                                on:click=move |_| presenting.set(true)
                            >
                                "Start the meeting"
                            </button>
                            {groups.into_iter().map(|(g, list)| view! {
                                <h4 class="agenda-group">{g}</h4>
                                <ol class="agenda-items">
                                    {list.into_iter().map(|r| view! {
                                        <li data-testid="agenda-item">
                                            <span class="agenda-name">{r.name.clone()}</span>
                                            <span class="agenda-owner">{r.owner.clone().unwrap_or_else(|| "no owner".into())}</span>
                                            {flags(&r)}
                                        </li>
                                    }).collect_view()}
                                </ol>
                            }).collect_view()}
                        }
                    })}
                </section>
            </Show>
            {move || presenting.get().then(|| forum.get()).flatten().map(|f| view! {
                <Presenter forum=f on_close=Callback::new(move |_| presenting.set(false)) on_recorded=recorded />
            })}
            {move || reviewing.get().then(|| view! {
                <crate::ui::quarterly::QuarterlyReview
                    on_close=Callback::new(move |_| reviewing.set(false))
                    on_recorded=Callback::new(move |id: MeetingId| {
                        reviewing.set(false);
                        recorded.run(id);
                    })
                />
            })}
            {move || minutes_of.get().map(|id| view! {
                <MinutesView meeting=id on_close=Callback::new(move |_| minutes_of.set(None)) />
            })}
            <section class="quarterly-open no-print" aria-labelledby="quarterly-open-title">
                <h3 id="quarterly-open-title">"Quarterly alignment review"</h3>
                <p class="hint">"Once a quarter: retire KPIs that no longer earn their place, add what is missing, re-check the open conflicts, lock the company KPIs and compare the maturity scores. Recorded as a quarterly review held."</p>
                <button type="button" data-testid="quarterly-open" on:click=open_review>"Run the quarterly review\u{2026}"</button>
            </section>
            <div class="rhythm-panels no-print">
                <Escalations />
                <AdoptionPanel />
            </div>
            <crate::ui::pilot::PilotPanel />
            <MeetingsHeld minutes_of=minutes_of />
        </section>
    }
}

/// Every escalation the rules raise today, with why and whose agenda it is on.
#[component]
fn Escalations() -> impl IntoView {
    let state = AppState::expect();
    let today = state.today;
    let lines = Memo::new(move |_| {
        state.doc.with(|d| {
            let m = &d.model;
            let all = escalation::escalations(&Book::new(m), today);
            let n = all.len();
            let lines: Vec<(String, String, String)> = all
                .into_iter()
                .take(SHOWN)
                .map(|e| {
                    let why: Vec<String> = e.why.iter().map(Why::describe).collect();
                    let to: Vec<String> =
                        e.to.iter().filter_map(|p| query::person_name_of(m, Some(*p))).collect();
                    let to = if to.is_empty() {
                        "nobody to escalate to: set the owner's manager or the alignment owner".to_string()
                    } else {
                        format!("on the agenda of {}", to.join(" and "))
                    };
                    let recorded = if e.recorded { " (escalation recorded)" } else { "" };
                    (query::kpi_name(m, e.kpi), format!("{}{recorded}", why.join(", ")), to)
                })
                .collect();
            (n, lines)
        })
    });
    view! {
        <section class="panel" aria-labelledby="escalations-title" data-testid="escalations">
            <h3 id="escalations-title">"Escalations"</h3>
            {move || {
                let (n, lines) = lines.get();
                if n == 0 {
                    return view! { <p class="hint">"Nothing to escalate: no KPI is off track at the last check-ins in a row the governance rule allows, and no action is overdue."</p> }.into_any();
                }
                view! {
                    <ul>
                        {lines.into_iter().map(|(k, why, to)| view! {
                            <li data-testid="escalation"><strong>{k}</strong>{format!(": {why}; {to}.")}</li>
                        }).collect_view()}
                    </ul>
                    {(n > SHOWN).then(|| view! { <p class="hint">{format!("and {} more", n - SHOWN)}</p> })}
                }
                .into_any()
            }}
        </section>
    }
}

/// Check-ins on time against due over the last 90 days, by department, and who has not
/// checked in for the period that ended last.
#[component]
fn AdoptionPanel() -> impl IntoView {
    let state = AppState::expect();
    let today = state.today;
    let figures = Memo::new(move |_| {
        state.doc.with(|d| {
            let m = &d.model;
            let a = adoption::adoption(&Book::new(m), &|_| true, today.add_days(-pilot::DAYS), today, today);
            let rate = |t: adoption::Tally| t.rate().map_or("\u{2013}".to_string(), |r| format!("{r:.1}%"));
            let total = (a.total.due > 0).then(|| {
                format!(
                    "{} of {} check-ins due in the last {} days were on time ({}); {} late, {} missing.",
                    a.total.on_time,
                    a.total.due,
                    pilot::DAYS,
                    rate(a.total),
                    a.total.late,
                    a.total.missing
                )
            });
            let depts: Vec<(String, String, String)> = a
                .by_department
                .iter()
                .map(|(dept, t)| {
                    let name =
                        dept.map_or_else(|| "Company KPIs".to_string(), |x| query::department_name(m, x));
                    (name, format!("{} / {}", t.on_time, t.due), rate(*t))
                })
                .collect();
            let owners: Vec<(String, String, String)> = a
                .by_owner
                .iter()
                .take(SHOWN)
                .map(|(p, t)| (query::person_name(m, *p), format!("{} / {}", t.on_time, t.due), rate(*t)))
                .collect();
            let missing: Vec<String> = a
                .not_checked_in
                .iter()
                .take(SHOWN)
                .map(|x| {
                    let late = if x.overdue { ", overdue" } else { "" };
                    format!(
                        "{}: {} ({}{late})",
                        query::person_name(m, x.owner),
                        query::kpi_name(m, x.kpi),
                        x.period.label()
                    )
                })
                .collect();
            (total, depts, owners, missing, a.not_checked_in.len())
        })
    });
    let table = |caption: &'static str,
                 first: &'static str,
                 rows: Vec<(String, String, String)>,
                 testid: &'static str| {
        view! {
            <table class="compact" data-testid=testid>
                <caption>{caption}</caption>
                <thead><tr><th scope="col">{first}</th><th scope="col" class="num">"On time / due"</th><th scope="col" class="num">"Rate"</th></tr></thead>
                <tbody>
                    {rows.into_iter().map(|(a, b, c)| view! { <tr><th scope="row">{a}</th><td class="num">{b}</td><td class="num">{c}</td></tr> }).collect_view()}
                </tbody>
            </table>
        }
    };
    view! {
        <section class="panel" aria-labelledby="adoption-title" data-testid="adoption">
            <h3 id="adoption-title">"Adoption"</h3>
            {move || {
                let (total, depts, owners, missing, n_missing) = figures.get();
                let Some(total) = total else {
                    return view! { <p class="hint" data-testid="adoption-none">"No check-in has fallen due in the last 90 days. Owners check in on their KPIs from the KPI list."</p> }.into_any();
                };
                view! {
                    <p data-testid="adoption-total">{total}</p>
                    {table("By department", "Department", depts, "adoption-departments")}
                    {table("By owner", "Owner", owners, "adoption-owners")}
                    <h4>"Not checked in for the period that ended last"</h4>
                    {if missing.is_empty() {
                        view! { <p class="hint">"Everyone has checked in."</p> }.into_any()
                    } else {
                        view! {
                            <ul data-testid="adoption-missing">{missing.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                            {(n_missing > SHOWN).then(|| view! { <p class="hint">{format!("and {} more", n_missing - SHOWN)}</p> })}
                        }.into_any()
                    }}
                }
                .into_any()
            }}
        </section>
    }
}

/// The meetings recorded, newest first; each opens its minutes.
#[component]
fn MeetingsHeld(minutes_of: RwSignal<Option<MeetingId>>) -> impl IntoView {
    let state = AppState::expect();
    let held = Memo::new(move |_| {
        state.doc.with(|d| {
            let mut all: Vec<&Meeting> = d.model.meetings.iter().collect();
            crate::order::sort_by_key(&mut all, |x| (std::cmp::Reverse(x.on), std::cmp::Reverse(x.id)));
            let n = all.len();
            let list: Vec<(MeetingId, String)> = all
                .into_iter()
                .take(SHOWN)
                .map(|x| {
                    (
                        x.id,
                        format!(
                            "{}, {} \u{2014} {}, {}",
                            minutes::forum_name(x.forum),
                            x.on.human(),
                            crate::checks::count(x.kpis.len(), "KPI", "KPIs"),
                            crate::checks::count(x.decisions.len(), "decision", "decisions")
                        ),
                    )
                })
                .collect();
            (n, list)
        })
    });
    view! {
        <section class="panel no-print" aria-labelledby="held-title" data-testid="meetings-held">
            <h3 id="held-title">"Meetings held"</h3>
            {move || {
                let (n, list) = held.get();
                if n == 0 {
                    return view! { <p class="hint">"No meeting recorded yet. Start one from the agenda; its minutes are kept here."</p> }.into_any();
                }
                view! {
                    <ul>
                        {list.into_iter().map(|(id, label)| view! {
                            <li><button class="link" data-testid="meeting-held" on:click=move |_| {
                                minutes_of.set(Some(id));
                                request_animation_frame(|| { browser::focus_selector("#minutes-title"); });
                            }>{label}</button></li>
                        }).collect_view()}
                    </ul>
                    {(n > SHOWN).then(|| view! { <p class="hint">{format!("and {} earlier", n - SHOWN)}</p> })}
                }
                .into_any()
            }}
        </section>
    }
}

/// The minutes of a recorded meeting, to read, print and export.
#[component]
fn MinutesView(meeting: MeetingId, on_close: Callback<()>) -> impl IntoView {
    let state = AppState::expect();
    let got = Memo::new(move |_| {
        state.doc.with(|d| {
            d.model.meetings.iter().find(|x| x.id == meeting).map(|x| minutes::minutes(&d.model, x))
        })
    });
    let print = move |_| {
        let body = document().body();
        if let Some(b) = &body {
            let _ = b.class_list().add_1("print-minutes");
        }
        let _ = window().print();
        if let Some(b) = &body {
            let _ = b.class_list().remove_1("print-minutes");
        }
    };
    let export = move |_| {
        if let Some(m) = got.get_untracked() {
            let file = format!("minutes-{}.md", browser::slug(&m.title));
            match browser::download(&file, &m.text(), "text/markdown") {
                Ok(()) => state.announce(format!("Minutes exported as {file}")),
                Err(e) => state.error(format!("The minutes could not be exported: {e}")),
            }
        }
    };
    view! {
        <article class="minutes" aria-labelledby="minutes-title" data-testid="minutes">
            {move || match got.get() {
                None => view! { <h3 id="minutes-title" tabindex="-1">"Minutes"</h3><p role="alert">"This meeting is no longer in the model (undone, or replaced by an import)."</p> }.into_any(),
                Some(Minutes { title, reviewed, decisions, actions, escalations }) => {
                    let list = |items: Vec<String>, none: &'static str, testid: &'static str| {
                        if items.is_empty() {
                            view! { <p class="hint" data-testid=testid>{none}</p> }.into_any()
                        } else {
                            view! { <ul data-testid=testid>{items.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul> }.into_any()
                        }
                    };
                    view! {
                        <h3 id="minutes-title" tabindex="-1">{format!("Minutes: {title}")}</h3>
                        <h4>"Reviewed"</h4>
                        {list(reviewed.iter().map(minutes::Reviewed::line).collect(), "No KPI was reviewed.", "minutes-reviewed")}
                        <h4>"Decisions"</h4>
                        {list(decisions, "No decision was recorded.", "minutes-decisions")}
                        <h4>"Actions"</h4>
                        {list(actions.iter().map(minutes::ActionLine::line).collect(), "No action was agreed.", "minutes-actions")}
                        <h4>"Escalations"</h4>
                        {list(escalations, "No KPI reviewed is escalated.", "minutes-escalations")}
                    }
                    .into_any()
                }
            }}
            <div class="actions no-print">
                <button data-testid="minutes-print" on:click=print>"Print"</button>
                <button data-testid="minutes-export" on:click=export>"Export (.md)"</button>
                <button data-testid="minutes-close" on:click=move |_| on_close.run(())>"Close the minutes"</button>
            </div>
        </article>
    }
}

/// What the presenter shows for one KPI, read from the model when the slide opens.
#[derive(Clone, Debug, PartialEq)]
struct Slide {
    name: String,
    owner: Option<String>,
    status: Status,
    confidence: Option<Confidence>,
    /// "Actual 90 against target 100: 10 below (10.0%)".
    variance: String,
    explanation: Option<String>,
    actions: Vec<String>,
    findings: Vec<String>,
    trend: series::Trend,
}

fn slide(m: &Model, findings: &[crate::checks::Finding], id: KpiId, today: Date) -> Option<Slide> {
    let k = query::kpi(m, id)?;
    let book = Book::new(m);
    let latest = book.latest(id, today);
    let actual = status::latest_on(k, today);
    let variance = match (actual, k.target) {
        (Some(a), Some(t)) => {
            let diff = a.value - t.value;
            let pct = if t.value == 0.0 {
                String::new()
            } else {
                format!(" ({:.1}%)", diff / t.value.abs() * 100.0)
            };
            let side = if diff >= 0.0 { "above" } else { "below" };
            format!(
                "Actual {} on {} against target {}: {} {side}{pct}.",
                fmt_num(a.value),
                a.date.human(),
                fmt_num(t.value),
                fmt_num(diff.abs())
            )
        }
        (Some(a), None) => format!("Actual {} on {}; no target set.", fmt_num(a.value), a.date.human()),
        (None, _) => "No actual yet.".to_string(),
    };
    Some(Slide {
        name: k.name.clone(),
        owner: query::person_name_of(m, k.owner_person()),
        status: status::current(k, today),
        confidence: latest.map(|c| c.confidence),
        variance,
        explanation: latest.map(|c| c.variance.trim().to_string()).filter(|v| !v.is_empty()),
        actions: latest
            .map(|c| {
                c.actions
                    .iter()
                    .filter(|a| a.state == ActionState::Open)
                    .map(|a| {
                        let late = if a.overdue(today) { ", overdue" } else { "" };
                        format!("{}{late}", minutes::ActionLine::of(m, a).line())
                    })
                    .collect()
            })
            .unwrap_or_default(),
        findings: findings.iter().filter(|f| f.kpis.contains(&id)).take(5).map(|f| f.title.clone()).collect(),
        trend: series::trend_with_forecasts(m, k, today, 365),
    })
}

/// The meeting, one KPI at a time.
#[component]
fn Presenter(forum: Cadence, on_close: Callback<()>, on_recorded: Callback<MeetingId>) -> impl IntoView {
    let state = AppState::expect();
    let today = state.today;
    let items: Vec<(KpiId, String)> = state.doc.with_untracked(|d| {
        let book = Book::new(&d.model);
        let escalated = escalation::escalations(&book, today);
        rows(&d.model, &agenda::agenda(&book, forum, &escalated, today))
            .into_iter()
            .map(|r| (r.kpi, r.group))
            .collect()
    });
    let total = items.len();
    let items = StoredValue::new(items);
    let at = RwSignal::new(0usize);
    let visited = RwSignal::new(vec![false; total]);
    let decisions = RwSignal::new(Vec::<(KpiId, String)>::new());
    let actions = RwSignal::new(Vec::<Action>::new());
    let unsaved = Signal::derive(move || !decisions.with(Vec::is_empty) || !actions.with(Vec::is_empty));
    let kpi = move || items.with_value(|v| v.get(at.get()).map(|x| x.0));
    Effect::new(move |_| {
        let i = at.get();
        visited.update(|v| {
            if let Some(x) = v.get_mut(i) {
                *x = true;
            }
        });
    });
    let current = Memo::new(move |_| {
        let id = kpi()?;
        state.checks.with(|c| state.doc.with(|d| slide(&d.model, &c.findings, id, today)))
    });

    // The meeting timer, and the time spent on the KPI shown.
    let started = browser::now_millis();
    let now = RwSignal::new(started);
    let slide_since = RwSignal::new(started);
    let tick =
        set_interval_with_handle(move || now.set(browser::now_millis()), std::time::Duration::from_secs(1))
            .ok();
    on_cleanup(move || {
        if let Some(t) = tick {
            t.clear();
        }
    });

    let heading = NodeRef::<html::H3>::new();
    let go = move |to: usize| {
        if to < total && to != at.get_untracked() {
            at.set(to);
            let t = browser::now_millis();
            now.set(t);
            slide_since.set(t);
            if let Some(h) = heading.get_untracked() {
                let _ = h.focus();
            }
        }
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        use wasm_bindgen::JsCast;
        let typing = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|e| matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
        let i = at.get_untracked();
        let to = match ev.key().as_str() {
            "PageDown" => i + 1,
            "PageUp" => i.saturating_sub(1),
            "ArrowRight" if !typing => i + 1,
            "ArrowLeft" if !typing => i.saturating_sub(1),
            "Home" if !typing => 0,
            "End" if !typing => total.saturating_sub(1),
            _ => return,
        };
        ev.prevent_default();
        go(to.min(total.saturating_sub(1)));
    };

    // Recording.
    let decision = RwSignal::new(String::new());
    let what = RwSignal::new(String::new());
    let who = RwSignal::new(String::new());
    let due = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let people: Vec<(u32, String)> =
        state.doc.with_untracked(|d| d.model.people.iter().map(|p| (p.id.0, p.name.clone())).collect());
    let add_decision = move |_| {
        let text = crate::model::text::tidy_label(&decision.get_untracked());
        let Some(id) = kpi() else { return };
        if text.is_empty() {
            problem.set(Some("Write the decision first.".into()));
            browser::focus_selector("#meeting-decision");
            return;
        }
        problem.set(None);
        decisions.update(|d| d.push((id, text)));
        decision.set(String::new());
        state.announce("Decision recorded");
        browser::focus_selector("#meeting-decision");
    };
    let add_action = move |_| {
        let Some(id) = kpi() else { return };
        let text = crate::model::text::tidy_label(&what.get_untracked());
        if text.is_empty() {
            problem.set(Some("Say what the action is.".into()));
            browser::focus_selector("#meeting-action-what");
            return;
        }
        let due_day = match crate::model::text::typed_day(&due.get_untracked()) {
            Ok(d) => d,
            Err(e) => {
                problem.set(Some(format!("Due date: {e}")));
                browser::focus_selector("#meeting-action-due");
                return;
            }
        };
        problem.set(None);
        actions.update(|a| {
            a.push(Action {
                what: text,
                kpi: Some(id),
                who: who.get_untracked().parse().ok().map(PersonId),
                due: due_day,
                state: ActionState::Open,
            })
        });
        what.set(String::new());
        who.set(String::new());
        due.set(String::new());
        state.announce("Action added");
        browser::focus_selector("#meeting-action-what");
    };
    let end = move |_| {
        let seen = visited.get_untracked();
        let kpis: Vec<KpiId> =
            items.with_value(|v| v.iter().zip(&seen).filter(|(_, s)| **s).map(|(x, _)| x.0).collect());
        let names: HashMap<KpiId, String> = state.doc.with_untracked(|d| {
            decisions
                .with_untracked(|ds| ds.iter().map(|(k, _)| (*k, query::kpi_name(&d.model, *k))).collect())
        });
        let meeting = Meeting {
            id: state.doc.with_untracked(|d| d.model.next_meeting_id()),
            forum,
            on: today,
            kpis,
            decisions: decisions
                .get_untracked()
                .into_iter()
                .map(|(k, text)| format!("{}: {text}", names.get(&k).cloned().unwrap_or_default()))
                .collect(),
            actions: actions.get_untracked(),
        };
        let id = meeting.id;
        match state.try_dispatch(Edit::insert(meeting), "") {
            Ok(_) => on_recorded.run(id),
            Err(e) => problem.set(Some(format!("The meeting was not recorded: {e}"))),
        }
    };

    let title = format!("{} \u{2014} presenting", minutes::forum_name(forum));
    view! {
        <Dialog title=title on_close=on_close testid="presenter" wide=true unsaved=unsaved>
            <div class="presenter" on:keydown=on_key>
                <div class="presenter-bar">
                    <span data-testid="presenter-position">{move || format!("{} of {total}", at.get() + 1)}</span>
                    <span data-testid="presenter-group">{move || items.with_value(|v| v.get(at.get()).map(|x| format!("under {}", x.1)))}</span>
                    <span class="timer" data-testid="meeting-timer" role="timer" aria-label="Meeting time">
                        {move || format!("Meeting {} \u{b7} this KPI {}", clock((now.get() - started) / 1000.0), clock((now.get() - slide_since.get()) / 1000.0))}
                    </span>
                </div>
                // The name stays one element from KPI to KPI: the focus rests on it, so a
                // key pressed before the next frame still reaches the presenter.
                <h3 tabindex="-1" autofocus=true node_ref=heading data-testid="presenter-kpi">
                    {move || current.try_with(|s| s.as_ref().map(|s| s.name.clone())).flatten()}
                </h3>
                {move || current.get().map(|s| {
                    let spec = Signal::derive({
                        let t = s.trend.clone();
                        move || ChartSpec::Trend(t.clone())
                    });
                    view! {
                        <p class="presenter-status">
                            {s.owner.clone().map_or_else(|| "No owner".to_string(), |o| format!("Owner: {o}"))}
                            " "
                            <span class=format!("status {}", s.status.key())>{s.status.label()}</span>
                            {s.confidence.map(|c| view! { <span class="owner-says">{format!("owner says {}", c.label().to_lowercase())}</span> })}
                        </p>
                        <p data-testid="presenter-variance">{s.variance.clone()}</p>
                        <Chart spec=spec testid="presenter-chart" title="Trend with target and forecasts" height=200 />
                        <div class="presenter-columns">
                            <section aria-label="The owner's explanation">
                                <h4>"Explanation"</h4>
                                <p data-testid="presenter-explanation">{s.explanation.clone().unwrap_or_else(|| "No explanation given at the last check-in.".into())}</p>
                            </section>
                            <section aria-label="Open actions">
                                <h4>"Open actions"</h4>
                                {if s.actions.is_empty() {
                                    view! { <p class="hint">"None."</p> }.into_any()
                                } else {
                                    view! { <ul data-testid="presenter-actions">{s.actions.iter().map(|a| view! { <li>{a.clone()}</li> }).collect_view()}</ul> }.into_any()
                                }}
                            </section>
                            <section aria-label="Findings">
                                <h4>"Findings"</h4>
                                {if s.findings.is_empty() {
                                    view! { <p class="hint">"None."</p> }.into_any()
                                } else {
                                    view! { <ul data-testid="presenter-findings">{s.findings.iter().map(|a| view! { <li>{a.clone()}</li> }).collect_view()}</ul> }.into_any()
                                }}
                            </section>
                        </div>
                    }
                })}
                <section class="presenter-record" aria-label="Record">
                    <div class="row">
                        <label for="meeting-decision">"Decision"</label>
                        <textarea id="meeting-decision" data-testid="meeting-decision" rows="2" prop:value=move || decision.get() on:input=move |ev| decision.set(event_target_value(&ev))></textarea>
                        <button type="button" data-testid="meeting-decision-add" on:click=add_decision>"Record the decision"</button>
                    </div>
                    <div class="row">
                        <label for="meeting-action-what">"New action"</label>
                        <input id="meeting-action-what" type="text" data-testid="meeting-action-what" prop:value=move || what.get() on:input=move |ev| what.set(event_target_value(&ev)) />
                        <label for="meeting-action-who">"Who"</label>
                        <select id="meeting-action-who" data-testid="meeting-action-who" on:change=move |ev| who.set(event_target_value(&ev))>
                            <option value="" prop:selected=move || who.with(String::is_empty)>"Nobody named"</option>
                            {people.into_iter().map(|(id, n)| view! {
                                <option value=id.to_string() prop:selected=move || who.get() == id.to_string()>{n}</option>
                            }).collect_view()}
                        </select>
                        <label for="meeting-action-due">"By"</label>
                        <input id="meeting-action-due" type="date" data-testid="meeting-action-due" prop:value=move || due.get() on:input=move |ev| due.set(event_target_value(&ev)) />
                        <button type="button" data-testid="meeting-action-add" on:click=add_action>"Add the action"</button>
                    </div>
                    {move || problem.get().map(|p| view! { <p class="field-error" role="alert" data-testid="meeting-problem">{p}</p> })}
                    <ul class="recorded" data-testid="meeting-recorded" aria-label="Recorded for this KPI">
                        {move || {
                            let id = kpi();
                            let ds: Vec<String> = decisions.with(|d| d.iter().filter(|(k, _)| Some(*k) == id).map(|(_, t)| format!("Decision: {t}")).collect());
                            // The KPI is the one on screen: not named again.
                            let acts: Vec<String> = state.doc.with_untracked(|d| actions.with(|a| a.iter().filter(|x| x.kpi == id).map(|x| {
                                format!("Action: {}", minutes::ActionLine::of(&d.model, &Action { kpi: None, ..x.clone() }).line())
                            }).collect()));
                            ds.into_iter().chain(acts).map(|l| view! { <li>{l}</li> }).collect_view()
                        }}
                    </ul>
                </section>
                <div class="actions">
                    <button type="button" data-testid="presenter-previous" disabled=move || at.get() == 0 on:click=move |_| go(at.get_untracked().saturating_sub(1))>"\u{2190} Previous"</button>
                    <button type="button" data-testid="presenter-next" disabled=move || at.get() + 1 >= total on:click=move |_| go(at.get_untracked() + 1)>"Next \u{2192}"</button>
                    <button type="button" class="primary" data-testid="meeting-end" on:click=end>"End the meeting and record the minutes"</button>
                </div>
                <p class="hint">"Left and Right arrows (or Page Up and Page Down while typing) move between KPIs."</p>
            </div>
        </Dialog>
    }
}
