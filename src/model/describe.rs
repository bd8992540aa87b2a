//! Human descriptions of edits, for undo labels and the change log.
//!
//! [`describe`] reads the model *before* the edit, so it can say what changed
//! ("target 15 → 20"), and decides whether governance logs it: entering actuals,
//! answering the questionnaire, acknowledging a finding or replacing the whole model do
//! not change what the company measures, so they are not logged.

use super::edit::{Change, Edit};
use super::entities::*;
use super::ids::KpiId;
use super::query;

/// What an edit does.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Description {
    pub label: String,
    /// Whether the change log records it.
    pub log: bool,
    /// KPIs whose definition, target or place in the cascade it changes.
    pub kpis: Vec<KpiId>,
}

impl Description {
    /// One description for several parts: labels joined, logged if any part is.
    pub fn combine(parts: impl IntoIterator<Item = Description>) -> Description {
        let mut labels: Vec<String> = Vec::new();
        let mut log = false;
        let mut kpis = Vec::new();
        for d in parts {
            if !d.label.is_empty() {
                labels.push(d.label);
            }
            log |= d.log;
            for k in d.kpis {
                if !kpis.contains(&k) {
                    kpis.push(k);
                }
            }
        }
        let label = match labels.len() {
            0..=3 => labels.join("; "),
            n => format!("{}; and {} more changes", labels[..2].join("; "), n - 2),
        };
        Description { label, log, kpis }
    }
}

fn q(s: &str) -> String {
    format!("\u{201c}{s}\u{201d}")
}

fn num(v: Option<f64>) -> String {
    v.map_or_else(|| "none".into(), fmt_num)
}

/// Beyond this size a number is shown in scientific notation: its digits would only
/// fill the screen.
const PLAIN_DIGITS: f64 = 1e15;

/// A number without needless decimals: 20, 0.35, 1250000; `1.8e308` for a huge one
/// and a dash for one that is not a number at all (never `inf` or `NaN`).
pub fn fmt_num(v: f64) -> String {
    if !v.is_finite() {
        "\u{2013}".into()
    } else if v.abs() >= PLAIN_DIGITS {
        format!("{v:.1e}")
    } else if v.fract() == 0.0 {
        format!("{}", v as i64)
    } else {
        let s = format!("{v:.4}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// A value as people read it on a dashboard: rounded to two decimals, thousands
/// grouped, with its unit ("19.04%", "€1,250,000", "12 days", "2.45").
pub fn amount(v: f64, unit: Unit, currency: &str) -> String {
    if !v.is_finite() || v.abs() >= PLAIN_DIGITS {
        return fmt_num(v);
    }
    let rounded = (v * 100.0).round() / 100.0;
    let text = fmt_num(rounded.abs());
    let (int, frac) = text.split_once('.').map_or((text.as_str(), None), |(i, f)| (i, Some(f)));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    if let Some(f) = frac {
        grouped = format!("{grouped}.{f}");
    }
    let sign = if rounded < 0.0 { "-" } else { "" };
    match unit {
        Unit::Percent => format!("{sign}{grouped}%"),
        Unit::Currency => match currency.trim().to_uppercase().as_str() {
            "EUR" => format!("{sign}\u{20ac}{grouped}"),
            "USD" => format!("{sign}${grouped}"),
            "GBP" => format!("{sign}\u{a3}{grouped}"),
            "" => format!("{sign}{grouped}"),
            code => format!("{sign}{grouped} {code}"),
        },
        Unit::Days if rounded.abs() == 1.0 => format!("{sign}{grouped} day"),
        Unit::Days => format!("{sign}{grouped} days"),
        Unit::Count | Unit::Ratio | Unit::Score => format!("{sign}{grouped}"),
    }
}

fn target_text(t: &Option<Target>) -> String {
    match t {
        None => "none".into(),
        Some(t) => {
            let mut s = fmt_num(t.value);
            if let Some(u) = t.upper {
                s = format!("{s}-{}", fmt_num(u));
            }
            if let Some(d) = t.due {
                s = format!("{s} by {}", d.human());
            }
            s
        }
    }
}

/// Field-by-field differences between two versions of a KPI (actuals excluded).
pub fn kpi_changes(m: &Model, old: &Kpi, new: &Kpi) -> Vec<String> {
    let mut out = Vec::new();
    // A field shown with its old and new value, or (for long fields) only by name.
    fn diff(out: &mut Vec<String>, field: &str, a: String, b: String) {
        if a != b {
            out.push(format!("{field} {a} \u{2192} {b}"));
        }
    }
    fn named(out: &mut Vec<String>, field: &str, changed: bool) {
        if changed {
            out.push(field.to_string());
        }
    }
    diff(&mut out, "name", q(&old.name), q(&new.name));
    named(&mut out, "description", old.description != new.description);
    diff(&mut out, "level", old.level.label().into(), new.level.label().into());
    let dept = |d: Option<crate::model::DeptId>| d.map_or("none".into(), |d| query::department_name(m, d));
    diff(&mut out, "department", dept(old.department), dept(new.department));
    diff(&mut out, "owner", query::owner_label(m, old), query::owner_label(m, new));
    named(&mut out, "contributors", old.contributors != new.contributors);
    diff(&mut out, "indicator", old.indicator.label().into(), new.indicator.label().into());
    diff(&mut out, "kind", old.kind.label().into(), new.kind.label().into());
    diff(&mut out, "unit", old.unit.label().into(), new.unit.label().into());
    diff(&mut out, "direction", old.direction.label().into(), new.direction.label().into());
    diff(&mut out, "baseline", num(old.baseline), num(new.baseline));
    diff(&mut out, "target", target_text(&old.target), target_text(&new.target));
    named(&mut out, "thresholds", old.thresholds != new.thresholds);
    diff(&mut out, "cadence", old.cadence.label().into(), new.cadence.label().into());
    let term = |t: Option<crate::model::TermId>| {
        t.map_or("none".into(), |t| query::term(m, t).map_or(t.to_string(), |t| q(&t.name)))
    };
    diff(&mut out, "definition", term(old.term), term(new.term));
    named(
        &mut out,
        "data source",
        old.data_source != new.data_source
            || old.automated != new.automated
            || old.data_available != new.data_available,
    );
    let life = |l: &Lifecycle| match l {
        Lifecycle::Active => "active".to_string(),
        Lifecycle::Retired { on, .. } => format!("retired {}", on.human()),
    };
    diff(&mut out, "lifecycle", life(&old.lifecycle), life(&new.lifecycle));
    diff(
        &mut out,
        "lock",
        old.locked.map_or("unlocked".into(), |d| format!("locked {}", d.human())),
        new.locked.map_or("unlocked".into(), |d| format!("locked {}", d.human())),
    );
    named(&mut out, "tags", old.tags != new.tags);
    out
}

fn kpi_name(m: &Model, id: KpiId) -> String {
    q(&query::kpi_name(m, id))
}

fn simple(label: String, kpis: Vec<KpiId>) -> Description {
    Description { label, log: true, kpis }
}

fn entity<T>(
    verb_add: &str,
    noun: &str,
    name: impl Fn(&T) -> String,
    c: &Change<T>,
    current: impl Fn(&Change<T>) -> Option<String>,
) -> Description
where
    T: super::edit::Entity,
{
    let label = match c {
        Change::Insert { item, .. } => format!("{verb_add} {noun} {}", q(&name(item))),
        Change::Update(item) => match current(c) {
            Some(old) if old != name(item) => format!("Rename {noun} {} to {}", q(&old), q(&name(item))),
            _ => format!("Edit {noun} {}", q(&name(item))),
        },
        Change::Remove(_) => format!("Remove {noun} {}", q(&current(c).unwrap_or_default())),
    };
    simple(label, vec![])
}

/// Describes an edit against the model it will be applied to.
pub fn describe(m: &Model, edit: &Edit) -> Description {
    match edit {
        Edit::Organisation(o) => {
            let old = &m.organisation;
            let mut parts = Vec::new();
            if old.name != o.name {
                parts.push(format!("name {} \u{2192} {}", q(&old.name), q(&o.name)));
            }
            if old.velocity != o.velocity {
                parts.push(format!("velocity {} \u{2192} {}", old.velocity.key(), o.velocity.key()));
            }
            if old.industry != o.industry
                || old.currency != o.currency
                || old.fiscal_year_start != o.fiscal_year_start
            {
                parts.push("details".into());
            }
            if old.alignment_owner != o.alignment_owner {
                parts.push("alignment owner".into());
            }
            let label = if parts.is_empty() {
                "Edit the organisation".to_string()
            } else {
                format!("Edit the organisation: {}", parts.join("; "))
            };
            simple(label, vec![])
        }
        Edit::Department(c) => entity(
            "Add",
            "department",
            |d: &Department| d.name.clone(),
            c,
            |c| match c {
                Change::Update(d) => query::department(m, d.id).map(|d| d.name.clone()),
                Change::Remove(id) => query::department(m, *id).map(|d| d.name.clone()),
                Change::Insert { .. } => None,
            },
        ),
        Edit::Person(c) => entity(
            "Add",
            "person",
            |p: &Person| p.name.clone(),
            c,
            |c| match c {
                Change::Update(p) => query::person(m, p.id).map(|p| p.name.clone()),
                Change::Remove(id) => query::person(m, *id).map(|p| p.name.clone()),
                Change::Insert { .. } => None,
            },
        ),
        Edit::Term(c) => entity(
            "Add",
            "glossary term",
            |t: &Term| t.name.clone(),
            c,
            |c| match c {
                Change::Update(t) => query::term(m, t.id).map(|t| t.name.clone()),
                Change::Remove(id) => query::term(m, *id).map(|t| t.name.clone()),
                Change::Insert { .. } => None,
            },
        ),
        Edit::Kpi(c) => match c {
            // A KPI's first version is not a change of it: the log records the addition,
            // and the stability rule does not count it.
            Change::Insert { item, .. } => simple(format!("Add KPI {}", q(&item.name)), vec![]),
            Change::Remove(id) => simple(format!("Delete KPI {}", kpi_name(m, *id)), vec![*id]),
            Change::Update(new) => {
                let Some(old) = query::kpi(m, new.id) else {
                    return simple(format!("Edit KPI {}", q(&new.name)), vec![new.id]);
                };
                let changes = kpi_changes(m, old, new);
                if changes.is_empty() {
                    let label = if old.measurements != new.measurements {
                        format!("Record actuals for {}", q(&new.name))
                    } else {
                        format!("Edit KPI {}", q(&new.name))
                    };
                    return Description { label, log: false, kpis: vec![] };
                }
                let verb = match (&old.lifecycle, &new.lifecycle) {
                    (Lifecycle::Active, Lifecycle::Retired { .. }) => "Retire",
                    (Lifecycle::Retired { .. }, Lifecycle::Active) => "Reactivate",
                    _ => "Edit",
                };
                // Locking records the agreement on a KPI; it changes neither its definition,
                // its target nor its place.
                let only_locked = changes.len() == 1 && old.locked != new.locked;
                let changed = if only_locked { vec![] } else { vec![new.id] };
                simple(format!("{verb} KPI {}: {}", q(&old.name), changes.join("; ")), changed)
            }
        },
        Edit::Link(c) => match c {
            // A link moves its child in the cascade; the parent keeps its own place.
            Change::Insert { item, .. } => simple(
                format!("Link {} under {}", kpi_name(m, item.child), kpi_name(m, item.parent)),
                vec![item.child],
            ),
            Change::Update(item) => simple(
                format!("Edit the link {} \u{2192} {}", kpi_name(m, item.child), kpi_name(m, item.parent)),
                vec![item.child],
            ),
            Change::Remove((c, p)) => {
                simple(format!("Unlink {} from {}", kpi_name(m, *c), kpi_name(m, *p)), vec![*c])
            }
        },
        Edit::Influence(c) => match c {
            Change::Insert { item, .. } | Change::Update(item) => simple(
                format!(
                    "{} influence {} \u{2192} {} ({})",
                    if matches!(c, Change::Insert { .. }) { "Add" } else { "Edit" },
                    kpi_name(m, item.from),
                    kpi_name(m, item.to),
                    item.sign.symbol()
                ),
                vec![],
            ),
            Change::Remove((a, b)) => {
                simple(format!("Remove influence {} \u{2192} {}", kpi_name(m, *a), kpi_name(m, *b)), vec![])
            }
        },
        Edit::Dependency(c) => match c {
            Change::Insert { item, .. } => simple(
                format!("{} now depends on {}", kpi_name(m, item.dependent), kpi_name(m, item.prerequisite)),
                vec![],
            ),
            Change::Update(item) => simple(
                format!(
                    "Edit the dependency of {} on {}",
                    kpi_name(m, item.dependent),
                    kpi_name(m, item.prerequisite)
                ),
                vec![],
            ),
            Change::Remove(id) => {
                let what = m
                    .dependencies
                    .iter()
                    .find(|d| d.id == *id)
                    .map(|d| format!("{} on {}", kpi_name(m, d.dependent), kpi_name(m, d.prerequisite)))
                    .unwrap_or_else(|| id.to_string());
                simple(format!("Remove the dependency of {what}"), vec![])
            }
        },
        Edit::Resolution(c) => match c {
            Change::Insert { item, .. } | Change::Update(item) => simple(
                format!(
                    "Record how {} vs {} was resolved",
                    kpi_name(m, item.kpis.0),
                    kpi_name(m, item.kpis.1)
                ),
                vec![],
            ),
            Change::Remove(_) => simple("Remove a recorded resolution".into(), vec![]),
        },
        Edit::Escalation(c) => match c {
            Change::Insert { item, .. } | Change::Update(item) => {
                simple(format!("Record the escalation of {}", kpi_name(m, item.kpi)), vec![])
            }
            Change::Remove(_) => simple("Remove a recorded escalation".into(), vec![]),
        },
        Edit::Acknowledgement(c) => Description {
            label: match c {
                Change::Remove(_) => "Withdraw an acknowledgement".into(),
                _ => "Acknowledge a finding".into(),
            },
            log: false,
            kpis: vec![],
        },
        // A check-in reports on a KPI; like an actual, it changes nothing the company
        // measures, so the change log does not record it.
        Edit::CheckIn(c) => {
            let label = match c {
                Change::Insert { item, .. } => {
                    format!("Check in on {} for {}", kpi_name(m, item.kpi), item.period.human())
                }
                Change::Update(item) => {
                    format!("Edit the check-in on {} for {}", kpi_name(m, item.kpi), item.period.human())
                }
                Change::Remove(id) => match m.check_ins.iter().find(|c| c.id == *id) {
                    Some(c) => {
                        format!("Remove the check-in on {} for {}", kpi_name(m, c.kpi), c.period.human())
                    }
                    None => "Remove a check-in".into(),
                },
            };
            Description { label, log: false, kpis: vec![] }
        }
        Edit::Meeting(c) => match c {
            Change::Insert { item, .. } => simple(
                format!(
                    "Record the {} review of {}: {} KPI{}, {} decision{}",
                    item.forum.lower(),
                    item.on.human(),
                    item.kpis.len(),
                    if item.kpis.len() == 1 { "" } else { "s" },
                    item.decisions.len(),
                    if item.decisions.len() == 1 { "" } else { "s" }
                ),
                vec![],
            ),
            Change::Update(item) => {
                simple(format!("Edit the {} review of {}", item.forum.lower(), item.on.human()), vec![])
            }
            Change::Remove(_) => simple("Remove a recorded review meeting".into(), vec![]),
        },
        Edit::Pilot(c) => entity(
            "Start",
            "pilot",
            |p: &Pilot| p.name.clone(),
            c,
            |c| match c {
                Change::Update(p) => m.pilots.iter().find(|x| x.id == p.id).map(|p| p.name.clone()),
                Change::Remove(id) => m.pilots.iter().find(|x| x.id == *id).map(|p| p.name.clone()),
                Change::Insert { .. } => None,
            },
        ),
        Edit::GovernanceRules { .. } => simple("Change the governance rules".into(), vec![]),
        Edit::Answer { value, .. } => Description {
            label: if value.is_some() {
                "Answer a maturity question".into()
            } else {
                "Clear a maturity answer".into()
            },
            log: false,
            kpis: vec![],
        },
        Edit::Settings(_) => simple("Change the check settings".into(), vec![]),
        Edit::Replace(new) => Description {
            label: format!("Replace the model with {}", q(&new.organisation.name)),
            log: false,
            kpis: vec![],
        },
        Edit::Batch(edits) => Description::combine(edits.iter().map(|e| describe(m, e))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_carry_their_unit_grouped_and_rounded() {
        assert_eq!(amount(19.0449, Unit::Percent, "EUR"), "19.04%");
        assert_eq!(amount(1_250_000.0, Unit::Currency, "EUR"), "\u{20ac}1,250,000");
        assert_eq!(amount(-1234.5, Unit::Currency, "usd"), "-$1,234.5");
        assert_eq!(amount(999.0, Unit::Currency, "CHF"), "999 CHF");
        assert_eq!(amount(1.0, Unit::Days, ""), "1 day");
        assert_eq!(amount(12.0, Unit::Days, ""), "12 days");
        assert_eq!(amount(123_456.789, Unit::Count, ""), "123,456.79");
        assert_eq!(amount(2.45, Unit::Ratio, ""), "2.45");
        // Numbers no dashboard should show still read as numbers, never "inf%".
        assert_eq!(amount(1e308, Unit::Percent, ""), "1.0e308");
        assert_eq!(amount(f64::INFINITY, Unit::Percent, ""), "\u{2013}");
        assert_eq!(amount(f64::NAN, Unit::Count, ""), "\u{2013}");
        assert_eq!(fmt_num(-2.5e20), "-2.5e20");
    }
}
