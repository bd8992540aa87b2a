//! The quarterly alignment review: a checklist drawn from the model and its findings
//! (which KPIs to consider retiring, where a KPI is missing, the conflicts still open,
//! the company KPIs' locks and the maturity scores), and the one edit that records the
//! decisions taken on it: retirements with their reasons, locks, actions for what is to
//! be added and for conflicts handed to the dispute resolver, and a quarterly
//! [`Meeting`] whose decisions say all of it, so the review counts as one held.
//!
//! O(F + n) over the findings and KPIs; each list is cut at [`SHOWN`] items and counts
//! the rest, so a hostile model makes a checklist of bounded size.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::checks::rules::r17_stale;
use crate::checks::{self, Checked, Finding, RuleId};
use crate::maturity::{evidence, questions, Score};
use crate::model::{
    query, text, Action, ActionState, Cadence, Date, Edit, Kpi, KpiId, Level, Lifecycle, Meeting, Model,
    PersonId,
};

/// Items shown per list; the rest are counted.
pub const SHOWN: usize = 100;

/// Days a conflict handed to the dispute resolver is given.
pub const RESOLVE_WITHIN: i32 = 30;

/// A list cut at [`SHOWN`], with how many were left out.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Listed<T> {
    pub items: Vec<T>,
    pub more: usize,
}

impl<T> Listed<T> {
    fn of(all: impl IntoIterator<Item = T>) -> Listed<T> {
        let mut all = all.into_iter();
        let items: Vec<T> = all.by_ref().take(SHOWN).collect();
        Listed { items, more: all.count() }
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// A KPI to consider retiring, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    pub kpi: KpiId,
    pub name: String,
    pub owner: String,
    /// The titles of the findings that put it here.
    pub reasons: Vec<String>,
}

/// A place where a KPI is missing: the finding and the KPI it is about.
#[derive(Clone, Debug, PartialEq)]
pub struct Gap {
    pub kpi: Option<KpiId>,
    pub title: String,
    pub fix: String,
}

/// A conflict still open (not acknowledged).
#[derive(Clone, Debug, PartialEq)]
pub struct Conflict {
    /// The finding's stable key.
    pub key: String,
    pub title: String,
    pub fix: String,
    pub kpi: Option<KpiId>,
}

/// A company KPI and its lock.
#[derive(Clone, Debug, PartialEq)]
pub struct Lock {
    pub kpi: KpiId,
    pub name: String,
    pub locked: Option<Date>,
}

/// What the review walks through, in order.
#[derive(Clone, Debug, PartialEq)]
pub struct Checklist {
    /// KPIs that feed no company KPI, or that nobody measures or checks in on.
    pub retire: Listed<Candidate>,
    /// Lagging-only measurement and company KPIs not taken up by any department.
    pub add: Listed<Gap>,
    /// Cross-functional, definition and timing conflicts not acknowledged (a KPI with no
    /// definition at all is not a conflict).
    pub conflicts: Listed<Conflict>,
    /// Every active company KPI.
    pub locks: Listed<Lock>,
    pub evidence: Score,
    /// The questionnaire's score, once anything is answered.
    pub assessed: Option<Score>,
}

const RETIRE: [RuleId; 2] = [RuleId::Orphans, RuleId::Stale];
const ADD: [RuleId; 2] = [RuleId::LaggingOnly, RuleId::Operationalised];
const CONFLICTS: [RuleId; 4] =
    [RuleId::StructuralConflict, RuleId::KnownConflicts, RuleId::Definitions, RuleId::Timing];

fn open<'f>(
    m: &Model,
    findings: &'f [Finding],
    rules: &'f [RuleId],
) -> impl Iterator<Item = &'f Finding> + 'f {
    let acknowledged: HashSet<String> = m.acknowledgements.iter().map(|a| a.finding.clone()).collect();
    findings.iter().filter(move |f| rules.contains(&f.rule) && !acknowledged.contains(&f.key))
}

/// The checklist for the model as `checked` found it.
pub fn checklist(m: &Model, checked: &Checked) -> Checklist {
    let kpis: HashMap<KpiId, &Kpi> = m.kpis.iter().map(|k| (k.id, k)).collect();
    // In model order, each active KPI once with every reason.
    let mut reasons: HashMap<KpiId, Vec<String>> = HashMap::new();
    let obsolete = |f: &&Finding| f.rule == RuleId::Orphans || r17_stale::is_stale(f);
    for f in open(m, &checked.findings, &RETIRE).filter(obsolete) {
        for id in &f.kpis {
            if kpis.get(id).is_some_and(|k| k.is_active()) {
                let r = reasons.entry(*id).or_default();
                if r.len() < 3 && !r.contains(&f.title) {
                    r.push(f.title.clone());
                }
            }
        }
    }
    let retire = Listed::of(m.kpis.iter().filter_map(|k| {
        let reasons = reasons.remove(&k.id)?;
        Some(Candidate { kpi: k.id, name: k.name.clone(), owner: query::owner_label(m, k), reasons })
    }));
    let add = Listed::of(open(m, &checked.findings, &ADD).map(|f| Gap {
        kpi: f.kpis.first().copied(),
        title: f.title.clone(),
        fix: f.fix.clone(),
    }));
    // A KPI without a glossary definition is a gap, not a conflict between two.
    let conflict = |f: &&Finding| !(f.rule == RuleId::Definitions && f.key.contains(":undefined:"));
    let conflicts = Listed::of(open(m, &checked.findings, &CONFLICTS).filter(conflict).map(|f| Conflict {
        key: f.key.clone(),
        title: f.title.clone(),
        fix: f.fix.clone(),
        kpi: f.kpis.first().copied(),
    }));
    let locks =
        Listed::of(m.kpis.iter().filter(|k| k.level == Level::Company && k.is_active()).map(|k| Lock {
            kpi: k.id,
            name: k.name.clone(),
            locked: k.locked,
        }));
    let assessed = (questions::progress(&m.assessment).0 > 0).then(|| questions::score(&m.assessment));
    Checklist { retire, add, conflicts, locks, evidence: evidence::score(m, checked), assessed }
}

/// Keep a candidate or retire it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Verdict {
    #[default]
    Keep,
    Retire,
}

/// What the review decided; whatever is not named is left as it is.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Decisions {
    /// Per retire candidate: the verdict and the reason given (required to retire).
    pub verdicts: BTreeMap<KpiId, (Verdict, String)>,
    /// What is to be added, as actions (what, for which KPI, who, by when).
    pub additions: Vec<Action>,
    /// Keys of the open conflicts handed to the dispute resolver.
    pub to_resolver: Vec<String>,
    /// Company KPIs to lock today.
    pub lock: Vec<KpiId>,
    /// Anything else said, as one more decision.
    pub note: String,
}

/// A decision that cannot be recorded, and the field that says so.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    /// `retire-reason-<kpi id>`, or `review` for the review as a whole.
    pub field: String,
    pub message: String,
}

/// The edit that records the review on `today`, or what stops it. Retiring needs a
/// reason; locking applies to active company KPIs only. Nothing in the model changes
/// until the edit is dispatched.
pub fn record(m: &Model, list: &Checklist, d: &Decisions, today: Date) -> Result<Edit, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut edits = Vec::new();
    let mut lines = Vec::new();
    let mut reviewed: Vec<KpiId> = Vec::new();
    let kpi = |id: KpiId| query::kpi(m, id).filter(|k| k.is_active());

    for c in &list.retire.items {
        let (verdict, reason) = d.verdicts.get(&c.kpi).cloned().unwrap_or_default();
        let reason = text::tidy_label(&reason);
        let Some(k) = kpi(c.kpi) else { continue };
        let name = checks::quote(&k.name);
        match verdict {
            Verdict::Retire if reason.is_empty() => problems.push(Problem {
                field: format!("retire-reason-{}", c.kpi.0),
                message: format!("Say why {name} is retired."),
            }),
            Verdict::Retire => {
                let mut k = k.clone();
                k.lifecycle = Lifecycle::Retired { on: today, reason: reason.clone() };
                edits.push(Edit::update(k));
                lines.push(format!("Retire {name}: {reason}"));
                reviewed.push(c.kpi);
            }
            Verdict::Keep if reason.is_empty() => {
                lines.push(format!("Keep {name}."));
                reviewed.push(c.kpi);
            }
            Verdict::Keep => {
                lines.push(format!("Keep {name}: {reason}"));
                reviewed.push(c.kpi);
            }
        }
    }

    let mut actions: Vec<Action> = Vec::new();
    for a in &d.additions {
        let what = text::tidy_label(&a.what);
        if what.is_empty() {
            continue;
        }
        lines.push(match a.kpi.and_then(kpi) {
            Some(k) => format!("Add: {what} (for {})", checks::quote(&k.name)),
            None => format!("Add: {what}"),
        });
        actions.push(Action { what, state: ActionState::Open, ..a.clone() });
    }

    let resolver: Option<PersonId> = m.governance.dispute_resolver;
    let handed: HashSet<&str> = d.to_resolver.iter().map(String::as_str).collect();
    let open = list.conflicts.items.len() + list.conflicts.more;
    let mut given = 0;
    for c in list.conflicts.items.iter().filter(|c| handed.contains(c.key.as_str())) {
        given += 1;
        actions.push(Action {
            what: format!("Resolve: {}", c.title),
            kpi: c.kpi.filter(|id| kpi(*id).is_some()),
            who: resolver,
            due: Some(today.add_days(RESOLVE_WITHIN)),
            state: ActionState::Open,
        });
    }
    lines.push(match (open, given) {
        (0, _) => "Conflicts re-checked: none open.".to_string(),
        (n, 0) => format!("Conflicts re-checked: {} open, none handed on.", n),
        (n, g) => format!(
            "Conflicts re-checked: {} open, {} handed to {} to resolve by {}.",
            n,
            g,
            query::person_name_of(m, resolver)
                .unwrap_or_else(|| "the dispute resolver (not named yet)".into()),
            today.add_days(RESOLVE_WITHIN).human()
        ),
    });

    let mut locked = Vec::new();
    for id in &d.lock {
        match kpi(*id) {
            Some(k) if k.level == Level::Company && k.locked.is_none() => {
                let mut k = k.clone();
                k.locked = Some(today);
                locked.push(checks::quote(&k.name));
                edits.push(Edit::update(k));
                reviewed.push(*id);
            }
            _ => {}
        }
    }
    if !locked.is_empty() {
        let n = locked.len();
        lines.push(format!("Locked {} for the strategy period.", checks::list(locked, n)));
    }

    lines.push(match &list.assessed {
        Some(a) => format!(
            "Maturity: {:.0} from the model ({}), {:.0} self-assessed ({}).",
            list.evidence.total,
            list.evidence.level.label(),
            a.total,
            a.level.label()
        ),
        None => format!(
            "Maturity: {:.0} from the model ({}); not self-assessed yet.",
            list.evidence.total,
            list.evidence.level.label()
        ),
    });
    let note = d.note.trim();
    if !note.is_empty() {
        lines.push(note.to_string());
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut seen = HashSet::new();
    reviewed.retain(|k| seen.insert(*k));
    edits.push(Edit::insert(Meeting {
        id: m.next_meeting_id(),
        forum: Cadence::Quarterly,
        on: today,
        kpis: reviewed,
        decisions: lines,
        actions,
    }));
    Ok(Edit::Batch(edits))
}
