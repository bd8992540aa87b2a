//! Builders for the edits people actually make.
//!
//! Removing a person who owns KPIs, or a KPI that other KPIs link to, is refused by the
//! plain remove edit. The builders here first clear or remove everything that refers to
//! the item and then remove it, all in one [`Edit::Batch`], so the whole change is one
//! undo step. The cascade board's drops (link, re-parent, move) are built here too, so
//! their rules are tested without a browser.

use super::date::Date;
use super::edit::{validate_link_shape, Edit, EditError};
use super::entities::*;
use super::ids::*;
use super::query;

/// Deletes a KPI with its links, influences, dependencies and governance records.
pub fn delete_kpi(m: &Model, id: KpiId) -> Result<Edit, EditError> {
    query::kpi(m, id).ok_or_else(|| EditError::NotFound { what: id.to_string() })?;
    let mut edits = Vec::new();
    for l in m.links.iter().filter(|l| l.child == id || l.parent == id) {
        edits.push(Edit::remove::<Link>((l.child, l.parent)));
    }
    for i in m.influences.iter().filter(|i| i.from == id || i.to == id) {
        edits.push(Edit::remove::<Influence>((i.from, i.to)));
    }
    for d in m.dependencies.iter().filter(|d| d.dependent == id || d.prerequisite == id) {
        edits.push(Edit::remove::<Dependency>(d.id));
    }
    for r in m.governance.resolutions.iter().filter(|r| r.kpis.0 == id || r.kpis.1 == id) {
        edits.push(Edit::remove::<Resolution>(r.id));
    }
    for e in m.governance.escalations.iter().filter(|e| e.kpi == id) {
        edits.push(Edit::remove::<Escalation>(e.id));
    }
    for c in m.check_ins.iter().filter(|c| c.kpi == id) {
        edits.push(Edit::remove::<CheckIn>(c.id));
    }
    for x in m.meetings.iter().filter(|x| x.kpis.contains(&id) || x.actions.iter().any(|a| a.kpi == Some(id)))
    {
        let kpis = x.kpis.iter().copied().filter(|k| *k != id).collect();
        // The meeting's actions for it stay on the record, without the KPI.
        let actions =
            x.actions.iter().map(|a| Action { kpi: a.kpi.filter(|k| *k != id), ..a.clone() }).collect();
        edits.push(Edit::update(Meeting { kpis, actions, ..x.clone() }));
    }
    for p in m.pilots.iter().filter(|p| p.kpis.contains(&id)) {
        if p.kpis.len() == 1 {
            edits.push(Edit::remove::<Pilot>(p.id));
        } else {
            let kpis = p.kpis.iter().copied().filter(|k| *k != id).collect();
            edits.push(Edit::update(Pilot { kpis, ..p.clone() }));
        }
    }
    edits.push(Edit::remove::<Kpi>(id));
    Ok(Edit::Batch(edits))
}

/// Deletes a person; the KPIs they owned are left without an owner (and flagged).
pub fn delete_person(m: &Model, id: PersonId) -> Result<Edit, EditError> {
    query::person(m, id).ok_or_else(|| EditError::NotFound { what: id.to_string() })?;
    let mut edits = Vec::new();
    if m.organisation.alignment_owner == Some(id) {
        let mut org = m.organisation.clone();
        org.alignment_owner = None;
        edits.push(Edit::Organisation(org));
    }
    if m.governance.dispute_resolver == Some(id) {
        edits.push(Edit::GovernanceRules {
            escalate_after: m.governance.escalate_after,
            dispute_resolver: None,
        });
    }
    for k in &m.kpis {
        let owns = k.owner_person() == Some(id);
        let contributes = k.contributors.contains(&Contributor::Person(id));
        if owns || contributes {
            let mut k = k.clone();
            if owns {
                k.owner = None;
            }
            k.contributors.retain(|c| *c != Contributor::Person(id));
            edits.push(Edit::update(k));
        }
    }
    for p in m.people.iter().filter(|p| p.manager == Some(id)) {
        edits.push(Edit::update(Person { manager: None, ..p.clone() }));
    }
    for d in m.departments.iter().filter(|d| d.head == Some(id)) {
        edits.push(Edit::update(Department { head: None, ..d.clone() }));
    }
    for t in m.glossary.iter().filter(|t| t.owner == Some(id)) {
        edits.push(Edit::update(Term { owner: None, ..t.clone() }));
    }
    for e in m.governance.escalations.iter().filter(|e| e.to == Some(id)) {
        edits.push(Edit::update(Escalation { to: None, ..e.clone() }));
    }
    let unassign = |actions: &[Action]| -> Option<Vec<Action>> {
        actions.iter().any(|a| a.who == Some(id)).then(|| {
            actions.iter().map(|a| Action { who: a.who.filter(|w| *w != id), ..a.clone() }).collect()
        })
    };
    for c in &m.check_ins {
        let actions = unassign(&c.actions);
        if c.by == Some(id) || actions.is_some() {
            let by = c.by.filter(|b| *b != id);
            let actions = actions.unwrap_or_else(|| c.actions.clone());
            edits.push(Edit::update(CheckIn { by, actions, ..c.clone() }));
        }
    }
    for x in &m.meetings {
        if let Some(actions) = unassign(&x.actions) {
            edits.push(Edit::update(Meeting { actions, ..x.clone() }));
        }
    }
    edits.push(Edit::remove::<Person>(id));
    Ok(Edit::Batch(edits))
}

/// Deletes a department; its KPIs and people stay, without a department.
pub fn delete_department(m: &Model, id: DeptId) -> Result<Edit, EditError> {
    query::department(m, id).ok_or_else(|| EditError::NotFound { what: id.to_string() })?;
    let mut edits = Vec::new();
    for k in &m.kpis {
        let touches = k.department == Some(id)
            || k.owner == Some(Owner::Department(id))
            || k.contributors.contains(&Contributor::Department(id));
        if touches {
            let mut k = k.clone();
            if k.department == Some(id) {
                k.department = None;
            }
            if k.owner == Some(Owner::Department(id)) {
                k.owner = None;
            }
            k.contributors.retain(|c| *c != Contributor::Department(id));
            edits.push(Edit::update(k));
        }
    }
    for p in m.people.iter().filter(|p| p.department == Some(id)) {
        edits.push(Edit::update(Person { department: None, ..p.clone() }));
    }
    edits.push(Edit::remove::<Department>(id));
    Ok(Edit::Batch(edits))
}

/// Deletes a glossary term; KPIs it defined are left without a definition (and flagged).
pub fn delete_term(m: &Model, id: TermId) -> Result<Edit, EditError> {
    query::term(m, id).ok_or_else(|| EditError::NotFound { what: id.to_string() })?;
    let mut edits: Vec<Edit> = m
        .kpis
        .iter()
        .filter(|k| k.term == Some(id))
        .map(|k| Edit::update(Kpi { term: None, ..k.clone() }))
        .collect();
    edits.push(Edit::remove::<Term>(id));
    Ok(Edit::Batch(edits))
}

/// Links `child` under `parent` with a rationale (which may be empty, and is then
/// flagged by the checks).
pub fn link(m: &Model, child: KpiId, parent: KpiId, rationale: &str) -> Result<Edit, EditError> {
    validate_link_shape(m, child, parent)?;
    if m.links.iter().any(|l| l.child == child && l.parent == parent) {
        return Err(EditError::Duplicate {
            what: format!(
                "the link \u{201c}{}\u{201d} \u{2192} \u{201c}{}\u{201d}",
                query::kpi_name(m, child),
                query::kpi_name(m, parent)
            ),
        });
    }
    Ok(Edit::insert(Link::new(child, parent, rationale.trim().to_string())))
}

/// A new dependency: `dependent`'s commitment needs `prerequisite` done by `needed_by`
/// (or, if none, by the dependent's target date); `committed` is the date the
/// prerequisite's owner agreed to. Refused, naming the KPIs, when a KPI would depend on
/// itself or the dependency already exists; a cycle is refused when the edit is applied.
pub fn depend(
    m: &Model,
    dependent: KpiId,
    prerequisite: KpiId,
    needed_by: Option<Date>,
    committed: Option<Date>,
    note: &str,
) -> Result<Edit, EditError> {
    let what = || {
        format!(
            "\u{201c}{}\u{201d} depending on \u{201c}{}\u{201d}",
            query::kpi_name(m, dependent),
            query::kpi_name(m, prerequisite)
        )
    };
    if dependent == prerequisite {
        return Err(EditError::Invalid { what: what(), problem: "a KPI cannot depend on itself".into() });
    }
    if m.dependencies.iter().any(|d| d.dependent == dependent && d.prerequisite == prerequisite) {
        return Err(EditError::Duplicate { what: what() });
    }
    Ok(Edit::insert(Dependency {
        needed_by,
        committed,
        note: note.trim().to_string(),
        ..Dependency::new(m.next_dependency_id(), dependent, prerequisite)
    }))
}

/// A new influence outside the cascade: moving `from` moves `to` (`Negative`: hurts
/// it). Refused, naming the KPIs, for a KPI on itself or a pair already recorded.
pub fn influence(m: &Model, from: KpiId, to: KpiId, sign: Sign, note: &str) -> Result<Edit, EditError> {
    let what = || {
        format!(
            "the effect of \u{201c}{}\u{201d} on \u{201c}{}\u{201d}",
            query::kpi_name(m, from),
            query::kpi_name(m, to)
        )
    };
    if from == to {
        return Err(EditError::Invalid { what: what(), problem: "a KPI cannot influence itself".into() });
    }
    if m.influences.iter().any(|i| i.from == from && i.to == to) {
        return Err(EditError::Duplicate { what: what() });
    }
    Ok(Edit::insert(Influence { from, to, sign, note: note.trim().to_string() }))
}

/// Moves `child` from under `from` to under `to`, keeping the link's sign and lag.
pub fn reparent(m: &Model, child: KpiId, from: KpiId, to: KpiId) -> Result<Edit, EditError> {
    let old =
        m.links.iter().find(|l| l.child == child && l.parent == from).ok_or_else(|| EditError::NotFound {
            what: format!(
                "the link \u{201c}{}\u{201d} \u{2192} \u{201c}{}\u{201d}",
                query::kpi_name(m, child),
                query::kpi_name(m, from)
            ),
        })?;
    let Edit::Link(super::edit::Change::Insert { item, .. }) = link(m, child, to, "")? else {
        unreachable!("link() builds a link insert")
    };
    let moved = Link { rationale: String::new(), sign: old.sign, lag_days: old.lag_days, ..item };
    Ok(Edit::Batch(vec![Edit::remove::<Link>((child, from)), Edit::insert(moved)]))
}

/// Moves a KPI to another department (department and team KPIs only).
pub fn move_to_department(m: &Model, id: KpiId, dept: DeptId) -> Result<Edit, EditError> {
    let k = query::kpi(m, id).ok_or_else(|| EditError::NotFound { what: id.to_string() })?;
    if k.level == Level::Company {
        return Err(EditError::Invalid {
            what: format!("KPI \u{201c}{}\u{201d}", k.name),
            problem: "a company KPI belongs to no department".into(),
        });
    }
    Ok(Edit::update(Kpi { department: Some(dept), ..k.clone() }))
}

/// Gives a KPI a new owner; a team KPI also moves to the owner's department.
pub fn move_to_owner(m: &Model, id: KpiId, person: PersonId) -> Result<Edit, EditError> {
    let k = query::kpi(m, id).ok_or_else(|| EditError::NotFound { what: id.to_string() })?;
    let p = query::person(m, person).ok_or_else(|| EditError::NotFound { what: person.to_string() })?;
    let department =
        if k.level == Level::Team && p.department.is_some() { p.department } else { k.department };
    Ok(Edit::update(Kpi { owner: Some(Owner::Person(person)), department, ..k.clone() }))
}

/// A new check-in on `kpi` for the period holding `period`, written `on`: it starts
/// from the previous check-in (its confidence, forecast and the actions still open), as
/// the owner reads it while writing the next.
pub fn next_check_in(m: &Model, kpi: KpiId, period: Date, on: Date) -> CheckIn {
    let mut c = CheckIn::new(m.next_check_in_id(), kpi, period, on);
    let previous =
        m.check_ins.iter().filter(|x| x.kpi == kpi && x.period < period).max_by_key(|x| (x.period, x.id));
    if let Some(p) = previous {
        c.confidence = p.confidence;
        c.forecast = p.forecast;
        c.forecast_for = p.forecast_for;
        c.actions = p.actions.iter().filter(|a| a.state == ActionState::Open).cloned().collect();
    }
    c.by = query::kpi(m, kpi).and_then(Kpi::owner_person);
    c
}

/// Records a check-in (new, or changing the one with its id), and its actual among the
/// KPI's actuals on the check-in's day, as one step.
pub fn check_in(m: &Model, c: CheckIn) -> Result<Edit, EditError> {
    let k = query::kpi(m, c.kpi).ok_or_else(|| EditError::NotFound { what: c.kpi.to_string() })?;
    let actual = c.actual.map(|value| Measurement { date: c.period, value });
    let mut edits =
        vec![if m.check_ins.iter().any(|x| x.id == c.id) { Edit::update(c) } else { Edit::insert(c) }];
    if let Some(actual) = actual.filter(|a| !k.measurements.contains(a)) {
        let mut k = k.clone();
        k.record(actual);
        edits.push(Edit::update(k));
    }
    Ok(Edit::Batch(edits))
}
