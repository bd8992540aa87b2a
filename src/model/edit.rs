//! Edits: the only way a model changes.
//!
//! An [`Edit`] is a value. [`apply`] checks it against the model's invariants, performs
//! it, and returns the edit that undoes it; an edit that would break an invariant is
//! refused with an [`EditError`] saying why, and the model is left untouched. A
//! [`Edit::Batch`] is all-or-nothing. Undo/redo and the change log
//! ([`crate::model::history`]) are built on this.
//!
//! Invariants kept here:
//! - ids are unique within their kind, and every reference resolves;
//! - a link goes exactly one level up, between two different KPIs, at most once, and the
//!   cascade has no cycle; dependencies and reporting lines have no cycle;
//! - an entity still referenced cannot be removed (builders in [`crate::model::ops`]
//!   clear the references first, as one batch);
//! - numbers are finite and actuals are sorted with one per date.

use std::fmt::Debug;

use super::entities::*;
use super::ids::*;
use super::query;

/// A change to one list of entities.
#[derive(Clone, Debug, PartialEq)]
pub enum Change<T: Entity> {
    /// Adds an item, at a position (to restore order on undo) or at the end.
    Insert { at: Option<usize>, item: T },
    /// Replaces the item with the same key.
    Update(T),
    /// Removes the item with this key.
    Remove(T::Key),
}

/// One change to a model.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    Organisation(Organisation),
    Department(Change<Department>),
    Person(Change<Person>),
    Kpi(Change<Kpi>),
    Term(Change<Term>),
    Link(Change<Link>),
    Influence(Change<Influence>),
    Dependency(Change<Dependency>),
    Resolution(Change<Resolution>),
    Escalation(Change<Escalation>),
    Acknowledgement(Change<Acknowledgement>),
    CheckIn(Change<CheckIn>),
    Meeting(Change<Meeting>),
    Pilot(Change<Pilot>),
    /// Escalation threshold and dispute resolver.
    GovernanceRules {
        escalate_after: u32,
        dispute_resolver: Option<PersonId>,
    },
    /// Sets (or, with `None`, clears) one questionnaire answer.
    Answer {
        question: String,
        value: Option<u8>,
    },
    Settings(Settings),
    /// Replaces the whole model (import, template, another tab's save).
    Replace(Box<Model>),
    /// Several edits applied together, or not at all.
    Batch(Vec<Edit>),
}

/// Why an edit was refused.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum EditError {
    #[error("{what} does not exist")]
    NotFound { what: String },
    #[error("{what} already exists")]
    Duplicate { what: String },
    #[error("{what}: {field} refers to {target}, which does not exist")]
    MissingReference { what: String, field: &'static str, target: String },
    #[error("{what}: {problem}")]
    Invalid { what: String, problem: String },
    #[error(
        "a link must go exactly one level up: \u{201c}{child}\u{201d} is a {child_level} KPI \
         and \u{201c}{parent}\u{201d} a {parent_level} KPI"
    )]
    LinkLevel { child: String, child_level: &'static str, parent: String, parent_level: &'static str },
    #[error("a KPI cannot be linked to itself (\u{201c}{kpi}\u{201d})")]
    SelfLink { kpi: String },
    #[error("this would make a cycle: {}", cycle_text(path))]
    Cycle { path: Vec<String> },
    #[error("{what} cannot be removed: {by}")]
    StillReferenced { what: String, by: String },
}

/// A cycle's path for a message: every step of a short one; the first three and the
/// last two of a long one, with the number of steps left out, so a 10,000-long loop
/// makes a one-line message.
fn cycle_text(path: &[String]) -> String {
    const HEAD: usize = 3;
    const TAIL: usize = 2;
    if path.len() <= HEAD + TAIL + 1 {
        return path.join(" \u{2192} ");
    }
    let left_out = path.len() - HEAD - TAIL;
    format!(
        "{} \u{2192} \u{2026} ({left_out} more) \u{2026} \u{2192} {}",
        path[..HEAD].join(" \u{2192} "),
        path[path.len() - TAIL..].join(" \u{2192} ")
    )
}

/// A kind of entity that lives in one list of the model.
pub trait Entity: Clone + Debug + PartialEq {
    type Key: Clone + Debug + PartialEq;
    fn key(&self) -> Self::Key;
    fn list(model: &Model) -> &Vec<Self>;
    fn list_mut(model: &mut Model) -> &mut Vec<Self>;
    /// How a message names the item, e.g. `KPI “Revenue growth”`.
    fn describe(&self) -> String;
    /// How a message names a key when the item is gone.
    fn describe_key(key: &Self::Key) -> String;
    /// Checks the item's own fields and references against the model it will join.
    fn validate(&self, model: &Model) -> Result<(), EditError>;
    /// What still refers to the item with this key, if anything (blocks removal).
    fn referenced_by(_key: &Self::Key, _model: &Model) -> Option<String> {
        None
    }
    /// Wraps a change of this kind into an [`Edit`].
    fn wrap(change: Change<Self>) -> Edit;
}

fn quote(name: &str) -> String {
    format!("\u{201c}{name}\u{201d}")
}

fn missing(what: &impl Entity, field: &'static str, target: String) -> EditError {
    EditError::MissingReference { what: what.describe(), field, target }
}

fn invalid(what: String, problem: impl Into<String>) -> EditError {
    EditError::Invalid { what, problem: problem.into() }
}

fn require_name(item: &impl Entity, name: &str) -> Result<(), EditError> {
    if name.trim().is_empty() {
        return Err(invalid(item.describe(), "the name must not be empty"));
    }
    if name.chars().count() > super::text::MAX_NAME_CHARS {
        return Err(invalid(
            item.describe(),
            format!("the name is longer than {} characters", super::text::MAX_NAME_CHARS),
        ));
    }
    Ok(())
}

fn check_person(
    item: &impl Entity,
    m: &Model,
    field: &'static str,
    p: Option<PersonId>,
) -> Result<(), EditError> {
    match p {
        Some(p) if query::person(m, p).is_none() => Err(missing(item, field, p.to_string())),
        _ => Ok(()),
    }
}

fn check_dept(
    item: &impl Entity,
    m: &Model,
    field: &'static str,
    d: Option<DeptId>,
) -> Result<(), EditError> {
    match d {
        Some(d) if query::department(m, d).is_none() => Err(missing(item, field, d.to_string())),
        _ => Ok(()),
    }
}

fn check_kpi(item: &impl Entity, m: &Model, field: &'static str, k: KpiId) -> Result<(), EditError> {
    if query::kpi(m, k).is_none() {
        return Err(missing(item, field, k.to_string()));
    }
    Ok(())
}

/// Joins counts into "3 KPIs and 1 person".
fn uses(parts: &[(usize, &str, &str)]) -> Option<String> {
    let words: Vec<String> = parts
        .iter()
        .filter(|(n, _, _)| *n > 0)
        .map(|(n, one, many)| format!("{n} {}", if *n == 1 { one } else { many }))
        .collect();
    match words.len() {
        0 => None,
        1 => Some(format!("still used by {}", words[0])),
        _ => {
            let (last, rest) = words.split_last()?;
            Some(format!("still used by {} and {last}", rest.join(", ")))
        }
    }
}

impl Entity for Department {
    type Key = DeptId;
    fn key(&self) -> DeptId {
        self.id
    }
    fn list(m: &Model) -> &Vec<Self> {
        &m.departments
    }
    fn list_mut(m: &mut Model) -> &mut Vec<Self> {
        &mut m.departments
    }
    fn describe(&self) -> String {
        format!("department {}", quote(&self.name))
    }
    fn describe_key(key: &DeptId) -> String {
        key.to_string()
    }
    fn validate(&self, m: &Model) -> Result<(), EditError> {
        require_name(self, &self.name)?;
        check_person(self, m, "head", self.head)
    }
    fn referenced_by(key: &DeptId, m: &Model) -> Option<String> {
        let k = *key;
        let kpis = m.kpis.iter().filter(|x| x.department == Some(k)).count();
        let people = m.people.iter().filter(|p| p.department == Some(k)).count();
        let other = m
            .kpis
            .iter()
            .filter(|x| {
                x.owner == Some(Owner::Department(k)) || x.contributors.contains(&Contributor::Department(k))
            })
            .count();
        uses(&[
            (kpis, "KPI", "KPIs"),
            (people, "person", "people"),
            (other, "KPI naming it as owner or contributor", "KPIs naming it as owner or contributor"),
        ])
    }
    fn wrap(c: Change<Self>) -> Edit {
        Edit::Department(c)
    }
}

impl Entity for Person {
    type Key = PersonId;
    fn key(&self) -> PersonId {
        self.id
    }
    fn list(m: &Model) -> &Vec<Self> {
        &m.people
    }
    fn list_mut(m: &mut Model) -> &mut Vec<Self> {
        &mut m.people
    }
    fn describe(&self) -> String {
        format!("person {}", quote(&self.name))
    }
    fn describe_key(key: &PersonId) -> String {
        key.to_string()
    }
    fn validate(&self, m: &Model) -> Result<(), EditError> {
        require_name(self, &self.name)?;
        check_dept(self, m, "department", self.department)?;
        check_person(self, m, "manager", self.manager)?;
        // The reporting line must not loop back to this person: one walk up, each
        // step a map look-up, so a 10,000-long line is checked in linear time.
        let Some(first) = self.manager else { return Ok(()) };
        let managers: std::collections::HashMap<PersonId, Option<PersonId>> =
            m.people.iter().map(|p| (p.id, p.manager)).collect();
        let mut seen = std::collections::HashSet::from([self.id]);
        let mut line = vec![self.id];
        let mut next = Some(first);
        while let Some(p) = next {
            line.push(p);
            if !seen.insert(p) {
                let name_of: std::collections::HashMap<PersonId, &str> =
                    m.people.iter().map(|x| (x.id, x.name.as_str())).collect();
                let names = line
                    .iter()
                    .map(|id| {
                        if *id == self.id {
                            self.name.clone()
                        } else {
                            name_of.get(id).map_or_else(|| id.to_string(), |n| n.to_string())
                        }
                    })
                    .collect();
                return Err(EditError::Cycle { path: names });
            }
            next = managers.get(&p).copied().flatten();
        }
        Ok(())
    }
    fn referenced_by(key: &PersonId, m: &Model) -> Option<String> {
        let p = *key;
        let owned = m.kpis.iter().filter(|k| k.owner_person() == Some(p)).count();
        let contributes = m.kpis.iter().filter(|k| k.contributors.contains(&Contributor::Person(p))).count();
        let reports = m.people.iter().filter(|x| x.manager == Some(p)).count();
        let heads = m.departments.iter().filter(|d| d.head == Some(p)).count();
        let terms = m.glossary.iter().filter(|t| t.owner == Some(p)).count();
        let roles = usize::from(m.organisation.alignment_owner == Some(p))
            + usize::from(m.governance.dispute_resolver == Some(p))
            + m.governance.escalations.iter().filter(|e| e.to == Some(p)).count();
        let rhythm = m.check_ins.iter().filter(|c| c.by == Some(p)).count()
            + m.check_ins.iter().flat_map(|c| &c.actions).filter(|a| a.who == Some(p)).count()
            + m.meetings.iter().flat_map(|x| &x.actions).filter(|a| a.who == Some(p)).count();
        uses(&[
            (owned, "KPI they own", "KPIs they own"),
            (contributes, "KPI they contribute to", "KPIs they contribute to"),
            (reports, "direct report", "direct reports"),
            (heads, "department they head", "departments they head"),
            (terms, "glossary term they own", "glossary terms they own"),
            (roles, "governance role", "governance roles"),
            (rhythm, "check-in or action", "check-ins or actions"),
        ])
    }
    fn wrap(c: Change<Self>) -> Edit {
        Edit::Person(c)
    }
}

fn finite(what: &Kpi, field: &str, v: Option<f64>) -> Result<(), EditError> {
    match v {
        Some(v) if !v.is_finite() => Err(invalid(what.describe(), format!("{field} must be a number"))),
        Some(v) if !number_in_range(v) => Err(invalid(
            what.describe(),
            format!("{field} must be between -1,000,000,000,000,000 and 1,000,000,000,000,000"),
        )),
        _ => Ok(()),
    }
}

impl Entity for Kpi {
    type Key = KpiId;
    fn key(&self) -> KpiId {
        self.id
    }
    fn list(m: &Model) -> &Vec<Self> {
        &m.kpis
    }
    fn list_mut(m: &mut Model) -> &mut Vec<Self> {
        &mut m.kpis
    }
    fn describe(&self) -> String {
        format!("KPI {}", quote(&self.name))
    }
    fn describe_key(key: &KpiId) -> String {
        key.to_string()
    }
    fn validate(&self, m: &Model) -> Result<(), EditError> {
        require_name(self, &self.name)?;
        check_dept(self, m, "department", self.department)?;
        match &self.owner {
            Some(Owner::Person(p)) => check_person(self, m, "owner", Some(*p))?,
            Some(Owner::Department(d)) => check_dept(self, m, "owner", Some(*d))?,
            Some(Owner::Team(_)) | None => {}
        }
        for c in &self.contributors {
            match c {
                Contributor::Person(p) => check_person(self, m, "contributors", Some(*p))?,
                Contributor::Department(d) => check_dept(self, m, "contributors", Some(*d))?,
            }
        }
        if let Some(t) = self.term {
            if query::term(m, t).is_none() {
                return Err(missing(self, "glossary term", t.to_string()));
            }
        }
        finite(self, "the baseline", self.baseline)?;
        if let Some(t) = &self.target {
            finite(self, "the target", Some(t.value))?;
            finite(self, "the band's upper end", t.upper)?;
            if let Some(u) = t.upper {
                if u < t.value {
                    return Err(invalid(self.describe(), "the band's upper end is below its lower end"));
                }
            }
        }
        if let Some(th) = &self.thresholds {
            finite(self, "the on-track threshold", Some(th.on_track))?;
            finite(self, "the off-track threshold", Some(th.off_track))?;
        }
        for x in &self.measurements {
            finite(self, &format!("the actual of {}", x.date), Some(x.value))?;
        }
        for w in self.measurements.windows(2) {
            if w[0].date >= w[1].date {
                return Err(invalid(
                    self.describe(),
                    format!("actuals must be in date order with one per date (see {})", w[1].date),
                ));
            }
        }
        if let Some(bad) = self.measurements.iter().find(|x| !x.value.is_finite()) {
            return Err(invalid(self.describe(), format!("the actual of {} is not a number", bad.date)));
        }
        // Existing links must stay one level up if the level changes. (Only then: a
        // restored file may hold a bad link, which must not block unrelated edits.)
        let level_changes = query::kpi(m, self.id).is_some_and(|old| old.level != self.level);
        let links = m.links.iter().filter(|l| level_changes && (l.child == self.id || l.parent == self.id));
        for l in links {
            let (child_level, parent_level, other) = if l.child == self.id {
                (self.level, query::kpi(m, l.parent).map(|k| k.level), l.parent)
            } else {
                (query::kpi(m, l.child).map(|k| k.level).unwrap_or(self.level), Some(self.level), l.child)
            };
            if let Some(parent_level) = parent_level {
                if child_level.parent() != Some(parent_level) {
                    return Err(invalid(
                        self.describe(),
                        format!(
                            "it cannot become a {} KPI while linked to {}; remove that link first",
                            self.level.label().to_lowercase(),
                            quote(&query::kpi_name(m, other))
                        ),
                    ));
                }
            }
        }
        Ok(())
    }
    fn referenced_by(key: &KpiId, m: &Model) -> Option<String> {
        let k = *key;
        let links = m.links.iter().filter(|l| l.child == k || l.parent == k).count();
        let infl = m.influences.iter().filter(|l| l.from == k || l.to == k).count();
        let deps = m.dependencies.iter().filter(|d| d.dependent == k || d.prerequisite == k).count();
        let gov = m.governance.resolutions.iter().filter(|r| r.kpis.0 == k || r.kpis.1 == k).count()
            + m.governance.escalations.iter().filter(|e| e.kpi == k).count();
        let check_ins = m.check_ins.iter().filter(|c| c.kpi == k).count();
        let reviews = m.meetings.iter().filter(|x| x.kpis.contains(&k)).count()
            + m.pilots.iter().filter(|x| x.kpis.contains(&k)).count();
        uses(&[
            (links, "link", "links"),
            (infl, "influence", "influences"),
            (deps, "dependency", "dependencies"),
            (gov, "governance record", "governance records"),
            (check_ins, "check-in", "check-ins"),
            (reviews, "review meeting or pilot", "review meetings or pilots"),
        ])
    }
    fn wrap(c: Change<Self>) -> Edit {
        Edit::Kpi(c)
    }
}

impl Entity for Term {
    type Key = TermId;
    fn key(&self) -> TermId {
        self.id
    }
    fn list(m: &Model) -> &Vec<Self> {
        &m.glossary
    }
    fn list_mut(m: &mut Model) -> &mut Vec<Self> {
        &mut m.glossary
    }
    fn describe(&self) -> String {
        format!("glossary term {}", quote(&self.name))
    }
    fn describe_key(key: &TermId) -> String {
        key.to_string()
    }
    fn validate(&self, m: &Model) -> Result<(), EditError> {
        require_name(self, &self.name)?;
        check_person(self, m, "owner", self.owner)
    }
    fn referenced_by(key: &TermId, m: &Model) -> Option<String> {
        let n = m.kpis.iter().filter(|k| k.term == Some(*key)).count();
        uses(&[(n, "KPI defined by it", "KPIs defined by it")])
    }
    fn wrap(c: Change<Self>) -> Edit {
        Edit::Term(c)
    }
}

impl Entity for Link {
    type Key = (KpiId, KpiId);
    fn key(&self) -> (KpiId, KpiId) {
        (self.child, self.parent)
    }
    fn list(m: &Model) -> &Vec<Self> {
        &m.links
    }
    fn list_mut(m: &mut Model) -> &mut Vec<Self> {
        &mut m.links
    }
    fn describe(&self) -> String {
        format!("the link {} \u{2192} {}", self.child, self.parent)
    }
    fn describe_key(key: &(KpiId, KpiId)) -> String {
        format!("the link {} \u{2192} {}", key.0, key.1)
    }
    fn validate(&self, m: &Model) -> Result<(), EditError> {
        check_kpi(self, m, "child", self.child)?;
        check_kpi(self, m, "parent", self.parent)?;
        if let Some(v) = self.lag_days {
            if v > 3650 {
                return Err(invalid(self.describe(), "the lag must be at most 3650 days"));
            }
        }
        validate_link_shape(m, self.child, self.parent)
    }
    fn wrap(c: Change<Self>) -> Edit {
        Edit::Link(c)
    }
}

/// Whether `child` may be linked under `parent`: different KPIs, exactly one level up,
/// and no cycle. Used by the link edit and by the board to mark drop targets.
pub fn validate_link_shape(m: &Model, child: KpiId, parent: KpiId) -> Result<(), EditError> {
    let (Some(c), Some(p)) = (query::kpi(m, child), query::kpi(m, parent)) else {
        return Err(EditError::NotFound {
            what: if query::kpi(m, child).is_none() { child } else { parent }.to_string(),
        });
    };
    if child == parent {
        return Err(EditError::SelfLink { kpi: c.name.clone() });
    }
    if c.level.parent() != Some(p.level) {
        return Err(EditError::LinkLevel {
            child: c.name.clone(),
            child_level: level_word(c.level),
            parent: p.name.clone(),
            parent_level: level_word(p.level),
        });
    }
    // Restored files may hold links that break the levels; never close a loop through them.
    if let Some(path) = query::path_up(m, parent, child) {
        let mut names: Vec<String> = vec![c.name.clone(), p.name.clone()];
        names.extend(path.iter().map(|k| query::kpi_name(m, *k)));
        return Err(EditError::Cycle { path: names });
    }
    Ok(())
}

fn level_word(l: Level) -> &'static str {
    match l {
        Level::Company => "company",
        Level::Department => "department",
        Level::Team => "team",
    }
}

impl Entity for Influence {
    type Key = (KpiId, KpiId);
    fn key(&self) -> (KpiId, KpiId) {
        (self.from, self.to)
    }
    fn list(m: &Model) -> &Vec<Self> {
        &m.influences
    }
    fn list_mut(m: &mut Model) -> &mut Vec<Self> {
        &mut m.influences
    }
    fn describe(&self) -> String {
        format!("the influence {} \u{2192} {}", self.from, self.to)
    }
    fn describe_key(key: &(KpiId, KpiId)) -> String {
        format!("the influence {} \u{2192} {}", key.0, key.1)
    }
    fn validate(&self, m: &Model) -> Result<(), EditError> {
        check_kpi(self, m, "from", self.from)?;
        check_kpi(self, m, "to", self.to)?;
        if self.from == self.to {
            return Err(invalid(self.describe(), "a KPI cannot influence itself"));
        }
        Ok(())
    }
    fn wrap(c: Change<Self>) -> Edit {
        Edit::Influence(c)
    }
}

impl Entity for Dependency {
    type Key = DependencyId;
    fn key(&self) -> DependencyId {
        self.id
    }
    fn list(m: &Model) -> &Vec<Self> {
        &m.dependencies
    }
    fn list_mut(m: &mut Model) -> &mut Vec<Self> {
        &mut m.dependencies
    }
    fn describe(&self) -> String {
        format!("the dependency {} on {}", self.dependent, self.prerequisite)
    }
    fn describe_key(key: &DependencyId) -> String {
        key.to_string()
    }
    fn validate(&self, m: &Model) -> Result<(), EditError> {
        check_kpi(self, m, "dependent", self.dependent)?;
        check_kpi(self, m, "prerequisite", self.prerequisite)?;
        if self.dependent == self.prerequisite {
            return Err(invalid(self.describe(), "a commitment cannot depend on itself"));
        }
        // Would the prerequisite (transitively) depend on the dependent?
        let others = m.dependencies.iter().filter(|d| d.id != self.id);
        if let Some(path) = query::dependency_path(others, self.prerequisite, self.dependent) {
            let mut names = vec![query::kpi_name(m, self.dependent), query::kpi_name(m, self.prerequisite)];
            names.extend(path.iter().map(|k| query::kpi_name(m, *k)));
            return Err(EditError::Cycle { path: names });
        }
        Ok(())
    }
    fn wrap(c: Change<Self>) -> Edit {
        Edit::Dependency(c)
    }
}

impl Entity for Resolution {
    type Key = ResolutionId;
    fn key(&self) -> ResolutionId {
        self.id
    }
    fn list(m: &Model) -> &Vec<Self> {
        &m.governance.resolutions
    }
    fn list_mut(m: &mut Model) -> &mut Vec<Self> {
        &mut m.governance.resolutions
    }
    fn describe(&self) -> String {
        format!("the resolution of {} vs {}", self.kpis.0, self.kpis.1)
    }
    fn describe_key(key: &ResolutionId) -> String {
        key.to_string()
    }
    fn validate(&self, m: &Model) -> Result<(), EditError> {
        check_kpi(self, m, "first KPI", self.kpis.0)?;
        check_kpi(self, m, "second KPI", self.kpis.1)?;
        if self.how.trim().is_empty() {
            return Err(invalid(self.describe(), "say how the conflict was resolved"));
        }
        Ok(())
    }
    fn wrap(c: Change<Self>) -> Edit {
        Edit::Resolution(c)
    }
}

impl Entity for Escalation {
    type Key = EscalationId;
    fn key(&self) -> EscalationId {
        self.id
    }
    fn list(m: &Model) -> &Vec<Self> {
        &m.governance.escalations
    }
    fn list_mut(m: &mut Model) -> &mut Vec<Self> {
        &mut m.governance.escalations
    }
    fn describe(&self) -> String {
        format!("the escalation of {}", self.kpi)
    }
    fn describe_key(key: &EscalationId) -> String {
        key.to_string()
    }
    fn validate(&self, m: &Model) -> Result<(), EditError> {
        check_kpi(self, m, "KPI", self.kpi)?;
        check_person(self, m, "escalated to", self.to)
    }
    fn wrap(c: Change<Self>) -> Edit {
        Edit::Escalation(c)
    }
}

impl Entity for Acknowledgement {
    type Key = String;
    fn key(&self) -> String {
        self.finding.clone()
    }
    fn list(m: &Model) -> &Vec<Self> {
        &m.acknowledgements
    }
    fn list_mut(m: &mut Model) -> &mut Vec<Self> {
        &mut m.acknowledgements
    }
    fn describe(&self) -> String {
        format!("the acknowledgement of finding {}", self.finding)
    }
    fn describe_key(key: &String) -> String {
        format!("the acknowledgement of finding {key}")
    }
    fn validate(&self, _m: &Model) -> Result<(), EditError> {
        if self.finding.is_empty() {
            return Err(invalid(self.describe(), "it names no finding"));
        }
        if self.reason.trim().is_empty() {
            return Err(invalid(self.describe(), "give a reason"));
        }
        Ok(())
    }
    fn wrap(c: Change<Self>) -> Edit {
        Edit::Acknowledgement(c)
    }
}

/// The most actions one check-in or meeting holds.
pub const MAX_ACTIONS: usize = 100;

fn check_actions(item: &impl Entity, m: &Model, actions: &[Action]) -> Result<(), EditError> {
    if actions.len() > MAX_ACTIONS {
        return Err(invalid(item.describe(), format!("it has more than {MAX_ACTIONS} actions")));
    }
    for (i, a) in actions.iter().enumerate() {
        let which = format!("action {}", i + 1);
        if a.what.trim().is_empty() {
            return Err(invalid(item.describe(), format!("{which} does not say what will be done")));
        }
        if a.what.chars().count() > super::text::MAX_TEXT_CHARS {
            return Err(invalid(
                item.describe(),
                format!("{which} is longer than {} characters", super::text::MAX_TEXT_CHARS),
            ));
        }
        if let Some(p) = a.who {
            if query::person(m, p).is_none() {
                return Err(invalid(item.describe(), format!("{which} is given to {p}, who does not exist")));
            }
        }
        if let Some(k) = a.kpi {
            if query::kpi(m, k).is_none() {
                return Err(invalid(item.describe(), format!("{which} is for {k}, which does not exist")));
            }
        }
    }
    Ok(())
}

fn check_number(item: &impl Entity, field: &str, v: Option<f64>) -> Result<(), EditError> {
    match v {
        Some(v) if !number_in_range(v) => Err(invalid(
            item.describe(),
            format!("{field} must be a number between -1,000,000,000,000,000 and 1,000,000,000,000,000"),
        )),
        _ => Ok(()),
    }
}

impl Entity for CheckIn {
    type Key = CheckInId;
    fn key(&self) -> CheckInId {
        self.id
    }
    fn list(m: &Model) -> &Vec<Self> {
        &m.check_ins
    }
    fn list_mut(m: &mut Model) -> &mut Vec<Self> {
        &mut m.check_ins
    }
    fn describe(&self) -> String {
        format!("the check-in on {} for {}", self.kpi, self.period)
    }
    fn describe_key(key: &CheckInId) -> String {
        key.to_string()
    }
    fn validate(&self, m: &Model) -> Result<(), EditError> {
        let Some(kpi) = query::kpi(m, self.kpi) else {
            return Err(missing(self, "KPI", self.kpi.to_string()));
        };
        let what = || format!("the check-in on {} for {}", quote(&kpi.name), self.period.human());
        check_person(self, m, "by", self.by)?;
        check_number(self, "the actual", self.actual)
            .and_then(|()| check_number(self, "the forecast", self.forecast))
            .map_err(|e| match e {
                EditError::Invalid { problem, .. } => invalid(what(), problem),
                e => e,
            })?;
        if self.forecast.is_some() != self.forecast_for.is_some() {
            return Err(invalid(what(), "a forecast needs both a value and the date it is for"));
        }
        if self.on < self.period.add_days(-kpi.cadence.days()) {
            return Err(invalid(
                what(),
                format!("it is dated {}, before its review period began", self.on.human()),
            ));
        }
        if self.variance.chars().count() > super::text::MAX_TEXT_CHARS {
            return Err(invalid(
                what(),
                format!("the variance explanation is longer than {} characters", super::text::MAX_TEXT_CHARS),
            ));
        }
        let period = crate::rhythm::period::of(kpi.cadence, m.organisation.fiscal_year_start, self.period);
        let twin = m.check_ins.iter().find(|c| {
            c.kpi == self.kpi
                && c.id != self.id
                && crate::rhythm::period::of(kpi.cadence, m.organisation.fiscal_year_start, c.period)
                    == period
        });
        if let Some(twin) = twin {
            return Err(invalid(
                what(),
                format!(
                    "{} already has a check-in for the period {} (written {})",
                    quote(&kpi.name),
                    period.label(),
                    twin.on.human()
                ),
            ));
        }
        check_actions(self, m, &self.actions).map_err(|e| match e {
            EditError::Invalid { problem, .. } => invalid(what(), problem),
            e => e,
        })
    }
    fn wrap(c: Change<Self>) -> Edit {
        Edit::CheckIn(c)
    }
}

impl Entity for Meeting {
    type Key = MeetingId;
    fn key(&self) -> MeetingId {
        self.id
    }
    fn list(m: &Model) -> &Vec<Self> {
        &m.meetings
    }
    fn list_mut(m: &mut Model) -> &mut Vec<Self> {
        &mut m.meetings
    }
    fn describe(&self) -> String {
        format!("the {} review of {}", self.forum.lower(), self.on.human())
    }
    fn describe_key(key: &MeetingId) -> String {
        key.to_string()
    }
    fn validate(&self, m: &Model) -> Result<(), EditError> {
        for k in &self.kpis {
            check_kpi(self, m, "KPIs reviewed", *k)?;
        }
        if let Some(i) = self.decisions.iter().position(|d| d.trim().is_empty()) {
            return Err(invalid(self.describe(), format!("decision {} is empty", i + 1)));
        }
        check_actions(self, m, &self.actions)
    }
    fn wrap(c: Change<Self>) -> Edit {
        Edit::Meeting(c)
    }
}

impl Entity for Pilot {
    type Key = PilotId;
    fn key(&self) -> PilotId {
        self.id
    }
    fn list(m: &Model) -> &Vec<Self> {
        &m.pilots
    }
    fn list_mut(m: &mut Model) -> &mut Vec<Self> {
        &mut m.pilots
    }
    fn describe(&self) -> String {
        format!("the pilot {}", quote(&self.name))
    }
    fn describe_key(key: &PilotId) -> String {
        key.to_string()
    }
    fn validate(&self, m: &Model) -> Result<(), EditError> {
        require_name(self, &self.name)?;
        if self.kpis.is_empty() {
            return Err(invalid(self.describe(), "choose at least one company KPI"));
        }
        for k in &self.kpis {
            check_kpi(self, m, "KPIs", *k)?;
            let kpi = query::kpi(m, *k).map(|x| (x.level, x.name.as_str()));
            if let Some((level, name)) = kpi.filter(|(l, _)| *l != Level::Company) {
                return Err(invalid(
                    self.describe(),
                    format!("{} is a {} KPI; a pilot covers company KPIs", quote(name), level_word(level)),
                ));
            }
        }
        let c = self.criteria;
        let percent = |v: Option<f64>| v.is_none_or(|v| (0.0..=100.0).contains(&v));
        if !percent(c.variance_cut) || !percent(c.adoption) {
            return Err(invalid(self.describe(), "a success criterion in percent must be between 0 and 100"));
        }
        if !c.cycle_days.is_none_or(|v| (0.0..=3650.0).contains(&v)) {
            return Err(invalid(self.describe(), "the cycle time to reach must be between 0 and 3,650 days"));
        }
        Ok(())
    }
    fn wrap(c: Change<Self>) -> Edit {
        Edit::Pilot(c)
    }
}

fn position<T: Entity>(m: &Model, key: &T::Key) -> Option<usize> {
    T::list(m).iter().position(|x| &x.key() == key)
}

fn apply_change<T: Entity>(m: &mut Model, change: Change<T>) -> Result<Edit, EditError> {
    match change {
        Change::Insert { at, item } => {
            let key = item.key();
            if position::<T>(m, &key).is_some() {
                return Err(EditError::Duplicate { what: item.describe() });
            }
            item.validate(m)?;
            let list = T::list_mut(m);
            let at = at.unwrap_or(list.len()).min(list.len());
            list.insert(at, item);
            Ok(T::wrap(Change::Remove(key)))
        }
        Change::Update(item) => {
            let key = item.key();
            let i = position::<T>(m, &key).ok_or_else(|| EditError::NotFound { what: item.describe() })?;
            item.validate(m)?;
            let old = std::mem::replace(&mut T::list_mut(m)[i], item);
            Ok(T::wrap(Change::Update(old)))
        }
        Change::Remove(key) => {
            let i =
                position::<T>(m, &key).ok_or_else(|| EditError::NotFound { what: T::describe_key(&key) })?;
            if let Some(by) = T::referenced_by(&key, m) {
                return Err(EditError::StillReferenced { what: T::list(m)[i].describe(), by });
            }
            let old = T::list_mut(m).remove(i);
            Ok(T::wrap(Change::Insert { at: Some(i), item: old }))
        }
    }
}

/// Applies an edit and returns its inverse, or refuses it and leaves the model as it was.
pub fn apply(m: &mut Model, edit: Edit) -> Result<Edit, EditError> {
    apply_observed(m, edit, &mut |_, _| {})
}

/// [`apply`], calling `observe` with the model as it is just before each single (non-batch)
/// edit is applied, so a caller can describe every part against the state it changes.
pub fn apply_observed(
    m: &mut Model,
    edit: Edit,
    observe: &mut dyn FnMut(&Model, &Edit),
) -> Result<Edit, EditError> {
    if !matches!(edit, Edit::Batch(_)) {
        observe(m, &edit);
    }
    match edit {
        Edit::Organisation(org) => {
            if org.name.trim().is_empty() {
                return Err(invalid("the organisation".into(), "the name must not be empty"));
            }
            if !(1..=12).contains(&org.fiscal_year_start) {
                return Err(invalid("the organisation".into(), "the fiscal year must start in month 1-12"));
            }
            if let Some(p) = org.alignment_owner {
                if query::person(m, p).is_none() {
                    return Err(EditError::MissingReference {
                        what: "the organisation".into(),
                        field: "alignment owner",
                        target: p.to_string(),
                    });
                }
            }
            Ok(Edit::Organisation(std::mem::replace(&mut m.organisation, org)))
        }
        Edit::Department(c) => apply_change(m, c),
        Edit::Person(c) => apply_change(m, c),
        Edit::Kpi(c) => apply_change(m, c),
        Edit::Term(c) => apply_change(m, c),
        Edit::Link(c) => apply_change(m, c),
        Edit::Influence(c) => apply_change(m, c),
        Edit::Dependency(c) => apply_change(m, c),
        Edit::Resolution(c) => apply_change(m, c),
        Edit::Escalation(c) => apply_change(m, c),
        Edit::Acknowledgement(c) => apply_change(m, c),
        Edit::CheckIn(c) => apply_change(m, c),
        Edit::Meeting(c) => apply_change(m, c),
        Edit::Pilot(c) => apply_change(m, c),
        Edit::GovernanceRules { escalate_after, dispute_resolver } => {
            if escalate_after == 0 {
                return Err(invalid("the escalation rule".into(), "escalate after at least one review"));
            }
            if let Some(p) = dispute_resolver {
                if query::person(m, p).is_none() {
                    return Err(EditError::MissingReference {
                        what: "governance".into(),
                        field: "dispute resolver",
                        target: p.to_string(),
                    });
                }
            }
            let g = &mut m.governance;
            let inverse = Edit::GovernanceRules {
                escalate_after: g.escalate_after,
                dispute_resolver: g.dispute_resolver,
            };
            g.escalate_after = escalate_after;
            g.dispute_resolver = dispute_resolver;
            Ok(inverse)
        }
        Edit::Answer { question, value } => {
            if let Some(v) = value {
                if v > 4 {
                    return Err(invalid(format!("the answer to {question}"), "answers go from 0 to 4"));
                }
            }
            let answers = &mut m.assessment.answers;
            let old = match value {
                Some(v) => answers.insert(question.clone(), v),
                None => answers.remove(&question),
            };
            Ok(Edit::Answer { question, value: old })
        }
        Edit::Settings(s) => {
            validate_settings(&s)?;
            Ok(Edit::Settings(std::mem::replace(&mut m.settings, s)))
        }
        Edit::Replace(model) => Ok(Edit::Replace(Box::new(std::mem::replace(m, *model)))),
        Edit::Batch(edits) => {
            let mut inverses = Vec::with_capacity(edits.len());
            for e in edits {
                match apply_observed(m, e, observe) {
                    Ok(inv) => inverses.push(inv),
                    Err(err) => {
                        // Roll back what was applied so the batch is all-or-nothing.
                        for inv in inverses.into_iter().rev() {
                            let _ = apply(m, inv);
                        }
                        return Err(err);
                    }
                }
            }
            inverses.reverse();
            Ok(Edit::Batch(inverses))
        }
    }
}

/// Refuses settings no check could work with.
pub fn validate_settings(s: &Settings) -> Result<(), EditError> {
    let ranges = [
        ("company KPIs", s.company_kpis),
        ("department KPIs", s.department_kpis),
        ("KPIs per person", s.person_kpis),
        ("leading indicators per company KPI", s.leading_per_company_kpi),
        ("lead time", s.lead_days),
    ];
    for (name, r) in ranges {
        if r.min > r.max {
            return Err(invalid(
                "the check settings".into(),
                format!("the range for {name} starts above its end ({r})"),
            ));
        }
    }
    if s.stale_periods == 0 {
        return Err(invalid("the check settings".into(), "a KPI is stale after at least one period"));
    }
    Ok(())
}

impl Edit {
    /// Inserts an item at the end of its list.
    pub fn insert<T: Entity>(item: T) -> Edit {
        T::wrap(Change::Insert { at: None, item })
    }

    pub fn update<T: Entity>(item: T) -> Edit {
        T::wrap(Change::Update(item))
    }

    pub fn remove<T: Entity>(key: T::Key) -> Edit {
        T::wrap(Change::Remove(key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_cycle_is_named_by_its_ends_and_counted() {
        let short: Vec<String> = ["A", "B", "A"].map(String::from).to_vec();
        assert_eq!(
            EditError::Cycle { path: short }.to_string(),
            "this would make a cycle: A \u{2192} B \u{2192} A"
        );
        let long: Vec<String> = (0..10_000).map(|i| format!("P{i}")).collect();
        assert_eq!(
            EditError::Cycle { path: long }.to_string(),
            "this would make a cycle: P0 \u{2192} P1 \u{2192} P2 \u{2192} \u{2026} (9995 more) \u{2026} \u{2192} P9998 \u{2192} P9999"
        );
    }

    #[test]
    fn a_manager_that_closes_a_long_reporting_line_is_refused_and_named_briefly() {
        let mut m = Model::default();
        for i in 1..=10_000u32 {
            let manager = (i > 1).then(|| PersonId(i - 1));
            m.people.push(Person {
                id: PersonId(i),
                name: format!("P{i}"),
                role: String::new(),
                department: None,
                manager,
            });
        }
        let top = Person { manager: Some(PersonId(10_000)), ..m.people[0].clone() };
        let err = top.validate(&m).unwrap_err();
        assert_eq!(
            err.to_string(),
            "this would make a cycle: P1 \u{2192} P10000 \u{2192} P9999 \u{2192} \u{2026} (9996 more) \u{2026} \u{2192} P2 \u{2192} P1"
        );
    }

    #[test]
    fn numbers_and_names_an_import_would_drop_are_refused_when_typed() {
        let m = Model::default();
        let mut k = Kpi::new(KpiId(1), "Revenue", Level::Company);
        k.target = Some(Target { value: 1.797e308, upper: None, due: None });
        assert_eq!(
            k.validate(&m).unwrap_err().to_string(),
            invalid(
                k.describe(),
                "the target must be between -1,000,000,000,000,000 and 1,000,000,000,000,000"
            )
            .to_string()
        );
        k.target = None;
        k.measurements =
            vec![Measurement { date: crate::model::Date::from_ymd(2026, 1, 31).unwrap(), value: -1e16 }];
        assert!(k.validate(&m).unwrap_err().to_string().contains("the actual of 2026-01-31 must be between"));
        k.measurements.clear();
        assert_eq!(k.validate(&m), Ok(()));
        k.name = "x".repeat(201);
        assert!(k.validate(&m).unwrap_err().to_string().ends_with("the name is longer than 200 characters"));
    }
}
