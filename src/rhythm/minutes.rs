//! Review meetings: the forums a model's cadences define, and the minutes of a meeting
//! held (who was reviewed, what was decided, the actions agreed and the escalations on
//! the KPIs reviewed), as data for the page and as text for the file a user exports.
//! O(n + C log C) per meeting.

use std::collections::HashMap;

use super::escalation::{self, Why};
use super::Book;
use crate::model::status::{self, Status};
use crate::model::{query, Action, ActionState, Cadence, Confidence, Date, KpiId, Meeting, Model};

/// The forum that reviews KPIs at `c`.
pub fn forum_name(c: Cadence) -> &'static str {
    match c {
        Cadence::Weekly => "Weekly operational review",
        Cadence::Biweekly => "Bi-weekly operational review",
        Cadence::Monthly => "Monthly executive review",
        Cadence::Quarterly => "Quarterly alignment review",
        Cadence::Annually => "Annual strategy review",
    }
}

/// The forums the model needs: one per cadence its active KPIs are reviewed at, most
/// frequent first.
pub fn forums(m: &Model) -> Vec<Cadence> {
    Cadence::ALL.into_iter().filter(|c| m.kpis.iter().any(|k| k.is_active() && k.cadence == *c)).collect()
}

/// A KPI as the meeting saw it.
#[derive(Clone, Debug, PartialEq)]
pub struct Reviewed {
    pub kpi: KpiId,
    pub name: String,
    pub owner: Option<String>,
    /// From the actuals on the day of the meeting.
    pub status: Status,
    /// The owner's, at their latest check-in by then.
    pub confidence: Option<Confidence>,
    /// The variance explained at that check-in.
    pub explanation: String,
}

/// An action agreed, with names resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct ActionLine {
    pub kpi: Option<String>,
    pub what: String,
    pub who: Option<String>,
    pub due: Option<Date>,
    pub state: ActionState,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Minutes {
    /// "Monthly executive review, 30 Nov 2026".
    pub title: String,
    pub reviewed: Vec<Reviewed>,
    pub decisions: Vec<String>,
    pub actions: Vec<ActionLine>,
    /// One line per KPI reviewed that the escalation rules put on someone's agenda.
    pub escalations: Vec<String>,
}

/// The minutes of `meeting` in `m`.
pub fn minutes(m: &Model, meeting: &Meeting) -> Minutes {
    let book = Book::new(m);
    let on = meeting.on;
    let reviewed: Vec<Reviewed> = meeting
        .kpis
        .iter()
        .filter_map(|&id| {
            let k = book.kpi(id)?;
            let latest = book.latest(id, on);
            Some(Reviewed {
                kpi: id,
                name: k.name.clone(),
                owner: query::person_name_of(m, k.owner_person()),
                status: status::current(k, on),
                confidence: latest.map(|c| c.confidence),
                explanation: latest.map(|c| c.variance.clone()).unwrap_or_default(),
            })
        })
        .collect();
    let names: HashMap<KpiId, &str> = reviewed.iter().map(|r| (r.kpi, r.name.as_str())).collect();
    let actions = meeting.actions.iter().map(|a| ActionLine::of(m, a)).collect();
    let escalations = escalation::escalations(&book, on)
        .into_iter()
        .filter_map(|e| {
            let name = names.get(&e.kpi)?;
            let why: Vec<String> = e.why.iter().map(Why::describe).collect();
            let to: Vec<String> = e.to.iter().filter_map(|p| query::person_name_of(m, Some(*p))).collect();
            let to = if to.is_empty() { String::new() } else { format!("; to {}", to.join(" and ")) };
            Some(format!("{name}: {}{to}", why.join(", ")))
        })
        .collect();
    Minutes {
        title: format!("{}, {}", forum_name(meeting.forum), on.human()),
        reviewed,
        decisions: meeting.decisions.clone(),
        actions,
        escalations,
    }
}

impl ActionLine {
    /// The action as people read it: names for its KPI and its owner.
    pub fn of(m: &Model, a: &Action) -> ActionLine {
        ActionLine {
            kpi: a.kpi.and_then(|k| query::kpi(m, k)).map(|k| k.name.clone()),
            what: a.what.clone(),
            who: query::person_name_of(m, a.who),
            due: a.due,
            state: a.state,
        }
    }

    /// "Call the top accounts (Revenue) — Cy, by 20 Nov 2026, open".
    pub fn line(&self) -> String {
        let kpi = self.kpi.as_ref().map(|k| format!(" ({k})")).unwrap_or_default();
        let who = self.who.as_ref().map(|w| format!(" \u{2014} {w}")).unwrap_or_default();
        let due = self.due.map(|d| format!(", by {}", d.human())).unwrap_or_default();
        format!("{}{kpi}{who}{due}, {}", self.what, self.state.label().to_lowercase())
    }
}

impl Reviewed {
    /// "Revenue — Ada: Off track (owner: at risk). Two deals slipped."
    pub fn line(&self) -> String {
        let owner = self.owner.as_ref().map(|o| format!(" \u{2014} {o}")).unwrap_or_default();
        let confidence =
            self.confidence.map(|c| format!(" (owner: {})", c.label().to_lowercase())).unwrap_or_default();
        let explanation = if self.explanation.trim().is_empty() {
            String::new()
        } else {
            format!(". {}", self.explanation.trim())
        };
        format!("{}{owner}: {}{confidence}{explanation}", self.name, self.status.label())
    }
}

impl Minutes {
    /// The minutes as a plain-text (Markdown) document.
    pub fn text(&self) -> String {
        let mut out = format!("# {}\n", self.title);
        let mut section = |title: &str, lines: Vec<String>, none: &str| {
            out.push_str(&format!("\n## {title}\n\n"));
            if lines.is_empty() {
                out.push_str(&format!("{none}\n"));
            }
            for l in lines {
                out.push_str(&format!("- {}\n", l.replace('\n', " ")));
            }
        };
        section("Reviewed", self.reviewed.iter().map(Reviewed::line).collect(), "No KPI was reviewed.");
        section("Decisions", self.decisions.clone(), "No decision was recorded.");
        section("Actions", self.actions.iter().map(ActionLine::line).collect(), "No action was agreed.");
        section("Escalations", self.escalations.clone(), "No KPI reviewed is escalated.");
        out
    }
}
