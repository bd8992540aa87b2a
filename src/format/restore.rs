//! From a file's DTO to a trusted model, and back.
//!
//! [`restore`] never fails and never panics: whatever a file holds, it produces a model
//! that keeps every invariant of [`crate::model::edit`] that restore can establish, plus
//! a list of [`Repair`]s saying what it changed and where:
//! - a missing or duplicate id is re-issued (references keep pointing at the first holder);
//! - a reference to something that does not exist is dropped;
//! - a missing name or enum value is filled with a default;
//! - actuals are sorted and de-duplicated, a band given upside down is turned round.
//!
//! Two things are kept and reported rather than removed, because the checks explain
//! them better than a silent repair could: links that skip or invert levels, and
//! dependency cycles. Restoring an exported model changes nothing and reports nothing.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::dto::*;
use crate::model::edit::validate_settings;
use crate::model::*;

/// One thing restore changed, or kept but flags, with where it was in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Repair {
    /// Where in the file, e.g. `model.kpis[3]`.
    pub at: String,
    pub message: String,
    /// `false` for something kept as it was and only reported (a link that breaks the
    /// levels, a dependency cycle): restoring again reports it again.
    pub changed: bool,
}

/// Collects repairs, folding repeats of the same kind into one line with a count.
#[derive(Default)]
struct Repairs {
    list: Vec<Repair>,
    counted: BTreeMap<Plural, (usize, String)>,
}

/// A repair message in its singular and plural forms; `{n}` is replaced by the count.
type Plural = (&'static str, &'static str);

impl Repairs {
    fn add(&mut self, at: String, message: String) {
        self.list.push(Repair { at, message, changed: true });
    }

    /// Something kept as it is, reported so the user knows.
    fn keep(&mut self, at: String, message: String) {
        self.list.push(Repair { at, message, changed: false });
    }

    /// A repair that may repeat for many items: reported once with a count.
    fn count(&mut self, kind: Plural, first_at: String) {
        let e = self.counted.entry(kind).or_insert((0, first_at));
        e.0 += 1;
    }

    fn finish(mut self) -> Vec<Repair> {
        for ((one, many), (n, at)) in self.counted {
            let message = if n == 1 { one.to_string() } else { many.replace("{n}", &n.to_string()) };
            self.list.push(Repair {
                at: if n == 1 { at } else { format!("{at} and {} more", n - 1) },
                message,
                changed: true,
            });
        }
        self.list
    }
}

/// Hands out ids: the file's own when free, otherwise the next unused number.
struct Ids {
    used: HashSet<u32>,
    next: u32,
}

impl Ids {
    fn new(wanted: impl Iterator<Item = Option<u32>>) -> Ids {
        let max = wanted.flatten().max().unwrap_or(0);
        Ids { used: HashSet::new(), next: max.saturating_add(1) }
    }

    /// The id to use and, if it differs from the file's, what happened.
    fn take(&mut self, wanted: Option<u32>) -> (u32, Option<&'static str>) {
        if let Some(w) = wanted {
            if self.used.insert(w) {
                return (w, None);
            }
        }
        while !self.used.insert(self.next) {
            self.next = self.next.saturating_add(1);
        }
        let why = if wanted.is_some() { "duplicate" } else { "missing" };
        (self.next, Some(why))
    }
}

fn q(s: &str) -> String {
    format!("\u{201c}{s}\u{201d}")
}

fn name_or(repairs: &mut Repairs, at: &str, name: Option<String>, noun: &str, n: usize) -> String {
    match name.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()) {
        Some(s) => s,
        None => {
            let fallback = format!("Untitled {noun} {}", n + 1);
            repairs.add(at.to_string(), format!("a {noun} had no name; it is now called {}", q(&fallback)));
            fallback
        }
    }
}

fn reissue(
    repairs: &mut Repairs,
    at: &str,
    noun: &str,
    name: &str,
    old: Option<u32>,
    new: u32,
    why: Option<&str>,
) {
    match (why, old) {
        (Some("duplicate"), Some(old)) => repairs.add(
            at.to_string(),
            format!("{noun} {} had id {old}, already used by another {noun}; it now has id {new}", q(name)),
        ),
        (Some(_), _) => repairs.count(
            match noun {
                "department" => {
                    ("a department had no id and got a new one", "{n} departments had no id and got new ones")
                }
                "person" => ("a person had no id and got a new one", "{n} people had no id and got new ones"),
                "KPI" => ("a KPI had no id and got a new one", "{n} KPIs had no id and got new ones"),
                "glossary term" => (
                    "a glossary term had no id and got a new one",
                    "{n} glossary terms had no id and got new ones",
                ),
                _ => (
                    "a dependency had no id and got a new one",
                    "{n} dependencies had no id and got new ones",
                ),
            },
            at.to_string(),
        ),
        _ => {}
    }
}

/// Builds a trusted model from a file's DTO, with what had to be repaired.
pub fn restore(dto: ModelDto) -> (Model, Vec<Repair>) {
    let mut r = Repairs::default();
    let mut m = Model::default();

    // Departments and people first: everything else refers to them.
    let mut dept_ids = Ids::new(dto.departments.iter().map(|d| d.id));
    let mut kept_depts: Vec<(DepartmentDto, u32)> = Vec::new();
    for (i, d) in dto.departments.into_iter().enumerate() {
        let at = format!("model.departments[{i}]");
        let name = name_or(&mut r, &at, d.name.clone(), "department", i);
        let (id, why) = dept_ids.take(d.id);
        reissue(&mut r, &at, "department", &name, d.id, id, why);
        m.departments.push(Department { id: DeptId(id), name, head: None });
        kept_depts.push((d, id));
    }
    let dept_exists: HashSet<u32> = m.departments.iter().map(|d| d.id.0).collect();

    let mut person_ids = Ids::new(dto.people.iter().map(|p| p.id));
    let mut managers: Vec<Option<u32>> = Vec::new();
    for (i, p) in dto.people.into_iter().enumerate() {
        let at = format!("model.people[{i}]");
        let name = name_or(&mut r, &at, p.name, "person", i);
        let (id, why) = person_ids.take(p.id);
        reissue(&mut r, &at, "person", &name, p.id, id, why);
        let department = match p.department {
            Some(d) if !dept_exists.contains(&d) => {
                r.add(
                    at.clone(),
                    format!(
                        "{} belonged to department {d}, which does not exist; the reference was dropped",
                        q(&name)
                    ),
                );
                None
            }
            d => d.map(DeptId),
        };
        m.people.push(Person { id: PersonId(id), name, role: p.role, department, manager: None });
        managers.push(p.manager);
    }
    let person_exists: HashSet<u32> = m.people.iter().map(|p| p.id.0).collect();
    let person_ref = |r: &mut Repairs,
                      at: &str,
                      whose: &str,
                      field: &str,
                      p: Option<u32>|
     -> Option<PersonId> {
        match p {
            Some(p) if !person_exists.contains(&p) => {
                r.add(
                    at.to_string(),
                    format!("the {field} of {whose} was person {p}, who does not exist; the reference was dropped"),
                );
                None
            }
            p => p.map(PersonId),
        }
    };
    for (i, mgr) in managers.into_iter().enumerate() {
        let at = format!("model.people[{i}]");
        let whose = q(&m.people[i].name);
        let mut mgr = person_ref(&mut r, &at, &whose, "manager", mgr);
        if mgr == Some(m.people[i].id) {
            r.add(at.clone(), format!("{whose} was their own manager; the reference was dropped"));
            mgr = None;
        }
        m.people[i].manager = mgr;
    }
    // Break reporting-line loops: walk up from each person; a revisit closes a loop.
    for i in 0..m.people.len() {
        let mut seen = HashSet::from([m.people[i].id]);
        let mut cur = m.people[i].manager;
        while let Some(p) = cur {
            if !seen.insert(p) {
                let at = format!("model.people[{i}]");
                r.add(
                    at,
                    format!(
                        "the reporting line of {} went round in a loop; their manager was removed",
                        q(&m.people[i].name)
                    ),
                );
                m.people[i].manager = None;
                break;
            }
            cur = m.people.iter().find(|x| x.id == p).and_then(|x| x.manager);
        }
    }
    for (i, (d, _)) in kept_depts.iter().enumerate() {
        let at = format!("model.departments[{i}]");
        let whose = format!("department {}", q(&m.departments[i].name));
        m.departments[i].head = person_ref(&mut r, &at, &whose, "head", d.head);
    }

    // Organisation.
    let org = dto.organisation.unwrap_or_default();
    let defaults = Organisation::default();
    let name = match org.name.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()) {
        Some(s) => s,
        None => {
            r.add(
                "model.organisation".into(),
                format!("the organisation had no name; it is now called {}", q(&defaults.name)),
            );
            defaults.name.clone()
        }
    };
    let fiscal = match org.fiscal_year_start {
        Some(mth) if (1..=12).contains(&mth) => mth,
        Some(mth) => {
            r.add(
                "model.organisation.fiscal_year_start".into(),
                format!("the fiscal year started in month {mth}; it now starts in January"),
            );
            1
        }
        None => 1,
    };
    m.organisation = Organisation {
        name,
        industry: org.industry,
        velocity: org.velocity.unwrap_or_default(),
        fiscal_year_start: fiscal,
        currency: org.currency.filter(|c| !c.trim().is_empty()).unwrap_or(defaults.currency),
        alignment_owner: person_ref(
            &mut r,
            "model.organisation",
            "the organisation",
            "alignment owner",
            org.alignment_owner,
        ),
    };

    // Glossary.
    let mut term_ids = Ids::new(dto.glossary.iter().map(|t| t.id));
    for (i, t) in dto.glossary.into_iter().enumerate() {
        let at = format!("model.glossary[{i}]");
        let name = name_or(&mut r, &at, t.name, "glossary term", i);
        let (id, why) = term_ids.take(t.id);
        reissue(&mut r, &at, "glossary term", &name, t.id, id, why);
        let owner = person_ref(&mut r, &at, &format!("term {}", q(&name)), "owner", t.owner);
        m.glossary.push(Term {
            id: TermId(id),
            name,
            definition: t.definition,
            formula: t.formula,
            unit: t.unit,
            timing: t.timing,
            currency: t.currency,
            recognition: t.recognition,
            source: t.source,
            example: t.example,
            owner,
        });
    }
    let term_exists: HashSet<u32> = m.glossary.iter().map(|t| t.id.0).collect();

    // KPIs.
    let mut kpi_ids = Ids::new(dto.kpis.iter().map(|k| k.id));
    for (i, k) in dto.kpis.into_iter().enumerate() {
        let at = format!("model.kpis[{i}]");
        let name = name_or(&mut r, &at, k.name, "KPI", i);
        let (id, why) = kpi_ids.take(k.id);
        reissue(&mut r, &at, "KPI", &name, k.id, id, why);
        let whose = format!("KPI {}", q(&name));
        let level = k.level.unwrap_or_else(|| {
            r.count(
                (
                    "a KPI had no level and became a department KPI",
                    "{n} KPIs had no level and became department KPIs",
                ),
                at.clone(),
            );
            Level::Department
        });
        let department = match k.department {
            Some(d) if !dept_exists.contains(&d) => {
                r.add(
                    at.clone(),
                    format!(
                        "{whose} belonged to department {d}, which does not exist; the reference was dropped"
                    ),
                );
                None
            }
            d => d.map(DeptId),
        };
        let owner = match k.owner {
            Some(Owner::Person(p)) => person_ref(&mut r, &at, &whose, "owner", Some(p.0)).map(Owner::Person),
            Some(Owner::Department(d)) if !dept_exists.contains(&d.0) => {
                r.add(at.clone(), format!("the owner of {whose} was department {}, which does not exist; the reference was dropped", d.0));
                None
            }
            Some(Owner::Team(t)) if t.trim().is_empty() => None,
            o => o,
        };
        let mut contributors = Vec::new();
        for c in k.contributors {
            let ok = match c {
                Contributor::Person(p) => person_exists.contains(&p.0),
                Contributor::Department(d) => dept_exists.contains(&d.0),
            };
            if !ok {
                r.add(at.clone(), format!("a contributor of {whose} does not exist; it was dropped"));
            } else if !contributors.contains(&c) {
                contributors.push(c);
            }
        }
        let term = match k.term {
            Some(t) if !term_exists.contains(&t) => {
                r.add(at.clone(), format!("{whose} was defined by glossary term {t}, which does not exist; the reference was dropped"));
                None
            }
            t => t.map(TermId),
        };
        let mut target = match k.target {
            Some(TargetDto { value: Some(value), upper, due }) => Some(Target { value, upper, due }),
            Some(_) => {
                r.add(at.clone(), format!("the target of {whose} had no value; it was dropped"));
                None
            }
            None => None,
        };
        if let Some(t) = target.as_mut() {
            if let Some(u) = t.upper {
                if u < t.value {
                    r.add(
                        at.clone(),
                        format!("the target band of {whose} was upside down; its ends were swapped"),
                    );
                    t.upper = Some(t.value);
                    t.value = u;
                }
            }
        }
        let mut series = k.measurements;
        let sorted = series.windows(2).all(|w| w[0].0 < w[1].0);
        if !sorted {
            let before = series.len();
            // Stable sort keeps file order among equal dates; the last one wins.
            series.sort_by_key(|m| m.0);
            let mut dedup: Vec<(Date, f64)> = Vec::with_capacity(series.len());
            for s in series {
                match dedup.last_mut() {
                    Some(last) if last.0 == s.0 => *last = s,
                    _ => dedup.push(s),
                }
            }
            let dropped = before - dedup.len();
            r.add(
                at.clone(),
                if dropped > 0 {
                    format!("the actuals of {whose} were out of date order or repeated a date; sorted, {dropped} repeated date(s) kept once")
                } else {
                    format!("the actuals of {whose} were out of date order; sorted")
                },
            );
            series = dedup;
        }
        let mut tags: Vec<String> = Vec::new();
        for t in k.tags {
            let t = t.trim().to_lowercase();
            if !t.is_empty() && !tags.contains(&t) {
                tags.push(t);
            }
        }
        let cadence = k.cadence.unwrap_or_else(|| {
            r.count(
                (
                    "a KPI had no review cadence; set to monthly",
                    "{n} KPIs had no review cadence; set to monthly",
                ),
                at.clone(),
            );
            Cadence::Monthly
        });
        let lifecycle = match k.retired {
            None => Lifecycle::Active,
            Some(RetiredDto { on: Some(on), reason }) => Lifecycle::Retired { on, reason },
            Some(RetiredDto { on: None, reason }) => {
                r.add(at.clone(), format!("{whose} was retired without a date; it is active again"));
                let _ = reason;
                Lifecycle::Active
            }
        };
        m.kpis.push(Kpi {
            id: KpiId(id),
            name,
            description: k.description,
            level,
            department,
            owner,
            contributors,
            indicator: k.indicator.unwrap_or_default(),
            kind: k.kind.unwrap_or_default(),
            unit: k.unit.unwrap_or_default(),
            direction: k.direction.unwrap_or_default(),
            baseline: k.baseline,
            target,
            thresholds: k.thresholds.map(|t| Thresholds { on_track: t.on_track, off_track: t.off_track }),
            measurements: series.into_iter().map(|(date, value)| Measurement { date, value }).collect(),
            cadence,
            term,
            data_source: k.data_source,
            automated: k.automated,
            data_available: k.data_available,
            lifecycle,
            locked: k.locked,
            tags,
        });
    }
    let levels: HashMap<u32, Level> = m.kpis.iter().map(|k| (k.id.0, k.level)).collect();
    let kpi_name = |id: u32| m.kpis.iter().find(|k| k.id.0 == id).map_or(id.to_string(), |k| q(&k.name));

    // Links.
    let mut seen_links = HashSet::new();
    for (i, l) in dto.links.into_iter().enumerate() {
        let at = format!("model.links[{i}]");
        let (Some(c), Some(p)) = (l.child, l.parent) else {
            r.add(at, "a link without both a child and a parent was dropped".into());
            continue;
        };
        let (Some(cl), Some(pl)) = (levels.get(&c), levels.get(&p)) else {
            r.add(
                at,
                format!("the link {c} \u{2192} {p} refers to a KPI that does not exist; it was dropped"),
            );
            continue;
        };
        if c == p {
            r.add(at, format!("the link of {} to itself was dropped", kpi_name(c)));
            continue;
        }
        if !seen_links.insert((c, p)) {
            r.add(
                at,
                format!(
                    "the link {} \u{2192} {} appeared twice; the repeat was dropped",
                    kpi_name(c),
                    kpi_name(p)
                ),
            );
            continue;
        }
        if cl.parent() != Some(*pl) {
            r.keep(
                at,
                format!(
                    "the link {} \u{2192} {} does not go one level up; it was kept and the checks flag it",
                    kpi_name(c),
                    kpi_name(p)
                ),
            );
        }
        m.links.push(Link {
            child: KpiId(c),
            parent: KpiId(p),
            rationale: l.rationale,
            sign: l.sign.unwrap_or_default(),
            lag_days: l.lag_days,
        });
    }

    // Influences.
    let mut seen_infl = HashSet::new();
    for (i, x) in dto.influences.into_iter().enumerate() {
        let at = format!("model.influences[{i}]");
        let (Some(f), Some(t)) = (x.from, x.to) else {
            r.add(at, "an influence without both ends was dropped".into());
            continue;
        };
        if !levels.contains_key(&f) || !levels.contains_key(&t) {
            r.add(
                at,
                format!("the influence {f} \u{2192} {t} refers to a KPI that does not exist; it was dropped"),
            );
            continue;
        }
        if f == t || !seen_infl.insert((f, t)) {
            r.add(
                at,
                format!(
                    "the influence of {} on {} was a repeat or on itself; it was dropped",
                    kpi_name(f),
                    kpi_name(t)
                ),
            );
            continue;
        }
        m.influences.push(Influence {
            from: KpiId(f),
            to: KpiId(t),
            sign: x.sign.unwrap_or_else(|| {
                r.count(
                    (
                        "an influence had no sign; taken as negative",
                        "{n} influences had no sign; taken as negative",
                    ),
                    at.clone(),
                );
                Sign::Negative
            }),
            note: x.note,
        });
    }

    // Dependencies.
    let mut dep_ids = Ids::new(dto.dependencies.iter().map(|d| d.id));
    for (i, d) in dto.dependencies.into_iter().enumerate() {
        let at = format!("model.dependencies[{i}]");
        let (Some(a), Some(b)) = (d.dependent, d.prerequisite) else {
            r.add(at, "a dependency without both a dependent and a prerequisite was dropped".into());
            continue;
        };
        if !levels.contains_key(&a) || !levels.contains_key(&b) || a == b {
            r.add(
                at,
                format!("the dependency of {a} on {b} refers to a missing KPI or to itself; it was dropped"),
            );
            continue;
        }
        let (id, why) = dep_ids.take(d.id);
        reissue(&mut r, &at, "dependency", &format!("{} on {}", kpi_name(a), kpi_name(b)), d.id, id, why);
        m.dependencies.push(Dependency {
            id: DependencyId(id),
            dependent: KpiId(a),
            prerequisite: KpiId(b),
            needed_by: d.needed_by,
            committed: d.committed,
            note: d.note,
        });
    }
    for (i, d) in m.dependencies.iter().enumerate() {
        let others = m.dependencies.iter().filter(|x| x.id != d.id);
        if query::dependency_path(others, d.prerequisite, d.dependent).is_some() {
            r.keep(
                format!("model.dependencies[{i}]"),
                format!(
                    "the dependency of {} on {} is part of a cycle; it was kept and the checks flag it",
                    kpi_name(d.dependent.0),
                    kpi_name(d.prerequisite.0)
                ),
            );
        }
    }

    // Governance.
    let g = dto.governance.unwrap_or_default();
    let kpi_exists = |k: u32| levels.contains_key(&k);
    m.governance.change_log = g
        .change_log
        .into_iter()
        .map(|e| ChangeEntry {
            at: e.at.unwrap_or_default(),
            by: e.by,
            what: e.what,
            why: e.why,
            kpis: e.kpis.into_iter().filter(|k| kpi_exists(*k)).map(KpiId).collect(),
        })
        .collect();
    m.governance.escalate_after = match g.escalate_after {
        Some(0) => {
            r.add(
                "model.governance.escalate_after".into(),
                "escalation after 0 reviews makes no sense; set to 3".into(),
            );
            3
        }
        Some(n) => n,
        None => 3,
    };
    m.governance.dispute_resolver =
        person_ref(&mut r, "model.governance", "governance", "dispute resolver", g.dispute_resolver);
    let mut res_ids = Ids::new(g.resolutions.iter().map(|x| x.id));
    for (i, x) in g.resolutions.into_iter().enumerate() {
        let at = format!("model.governance.resolutions[{i}]");
        match (x.kpis, x.on) {
            (Some((a, b)), Some(on)) if kpi_exists(a) && kpi_exists(b) && a != b => {
                let (id, _) = res_ids.take(x.id);
                m.governance.resolutions.push(Resolution {
                    id: ResolutionId(id),
                    kpis: (KpiId(a.min(b)), KpiId(a.max(b))),
                    by: x.by,
                    on,
                    how: x.how,
                });
            }
            _ => r.add(at, "a recorded resolution without two existing KPIs and a date was dropped".into()),
        }
    }
    let mut esc_ids = Ids::new(g.escalations.iter().map(|x| x.id));
    for (i, x) in g.escalations.into_iter().enumerate() {
        let at = format!("model.governance.escalations[{i}]");
        match (x.kpi, x.on) {
            (Some(k), Some(on)) if kpi_exists(k) => {
                let (id, _) = esc_ids.take(x.id);
                let to = person_ref(&mut r, &at, "an escalation", "recipient", x.to);
                m.governance.escalations.push(Escalation {
                    id: EscalationId(id),
                    kpi: KpiId(k),
                    on,
                    to,
                    note: x.note,
                });
            }
            _ => r.add(at, "a recorded escalation without an existing KPI and a date was dropped".into()),
        }
    }

    // Assessment, settings, acknowledgements.
    for (q_id, v) in dto.assessment.unwrap_or_default().answers {
        if v <= 4 {
            m.assessment.answers.insert(q_id, v);
        } else {
            r.add(
                format!("model.assessment.answers.{q_id}"),
                format!("the answer {v} is outside 0-4; it was dropped"),
            );
        }
    }
    if let Some(s) = dto.settings {
        match validate_settings(&s) {
            Ok(()) => m.settings = s,
            Err(e) => r.add("model.settings".into(), format!("{e}; the default settings are used")),
        }
    }
    let mut acks = HashSet::new();
    for (i, a) in dto.acknowledgements.into_iter().enumerate() {
        if a.finding.is_empty() || !acks.insert(a.finding.clone()) {
            r.add(
                format!("model.acknowledgements[{i}]"),
                "an acknowledgement naming no finding, or a repeat, was dropped".into(),
            );
            continue;
        }
        m.acknowledgements.push(Acknowledgement {
            finding: a.finding,
            reason: a.reason,
            by: a.by,
            at: a.at.unwrap_or_default(),
        });
    }

    (m, r.finish())
}

/// The file shape of a model (what export and storage write).
pub fn to_dto(m: &Model) -> ModelDto {
    let o = &m.organisation;
    ModelDto {
        organisation: Some(OrganisationDto {
            name: Some(o.name.clone()),
            industry: o.industry.clone(),
            velocity: Some(o.velocity),
            fiscal_year_start: Some(o.fiscal_year_start),
            currency: Some(o.currency.clone()),
            alignment_owner: o.alignment_owner.map(|p| p.0),
        }),
        departments: m
            .departments
            .iter()
            .map(|d| DepartmentDto {
                id: Some(d.id.0),
                name: Some(d.name.clone()),
                head: d.head.map(|p| p.0),
            })
            .collect(),
        people: m
            .people
            .iter()
            .map(|p| PersonDto {
                id: Some(p.id.0),
                name: Some(p.name.clone()),
                role: p.role.clone(),
                department: p.department.map(|d| d.0),
                manager: p.manager.map(|x| x.0),
            })
            .collect(),
        kpis: m.kpis.iter().map(kpi_dto).collect(),
        links: m
            .links
            .iter()
            .map(|l| LinkDto {
                child: Some(l.child.0),
                parent: Some(l.parent.0),
                rationale: l.rationale.clone(),
                sign: (l.sign != Sign::Positive).then_some(l.sign),
                lag_days: l.lag_days,
            })
            .collect(),
        influences: m
            .influences
            .iter()
            .map(|x| InfluenceDto {
                from: Some(x.from.0),
                to: Some(x.to.0),
                sign: Some(x.sign),
                note: x.note.clone(),
            })
            .collect(),
        dependencies: m
            .dependencies
            .iter()
            .map(|d| DependencyDto {
                id: Some(d.id.0),
                dependent: Some(d.dependent.0),
                prerequisite: Some(d.prerequisite.0),
                needed_by: d.needed_by,
                committed: d.committed,
                note: d.note.clone(),
            })
            .collect(),
        glossary: m
            .glossary
            .iter()
            .map(|t| TermDto {
                id: Some(t.id.0),
                name: Some(t.name.clone()),
                definition: t.definition.clone(),
                formula: t.formula.clone(),
                unit: t.unit,
                timing: t.timing.clone(),
                currency: t.currency.clone(),
                recognition: t.recognition.clone(),
                source: t.source.clone(),
                example: t.example.clone(),
                owner: t.owner.map(|p| p.0),
            })
            .collect(),
        governance: Some(GovernanceDto {
            change_log: m
                .governance
                .change_log
                .iter()
                .map(|e| ChangeEntryDto {
                    at: Some(e.at),
                    by: e.by.clone(),
                    what: e.what.clone(),
                    why: e.why.clone(),
                    kpis: e.kpis.iter().map(|k| k.0).collect(),
                })
                .collect(),
            escalate_after: Some(m.governance.escalate_after),
            dispute_resolver: m.governance.dispute_resolver.map(|p| p.0),
            resolutions: m
                .governance
                .resolutions
                .iter()
                .map(|x| ResolutionDto {
                    id: Some(x.id.0),
                    kpis: Some((x.kpis.0 .0, x.kpis.1 .0)),
                    by: x.by.clone(),
                    on: Some(x.on),
                    how: x.how.clone(),
                })
                .collect(),
            escalations: m
                .governance
                .escalations
                .iter()
                .map(|x| EscalationDto {
                    id: Some(x.id.0),
                    kpi: Some(x.kpi.0),
                    on: Some(x.on),
                    to: x.to.map(|p| p.0),
                    note: x.note.clone(),
                })
                .collect(),
        }),
        assessment: (!m.assessment.answers.is_empty())
            .then(|| AssessmentDto { answers: m.assessment.answers.clone() }),
        settings: (m.settings != Settings::default()).then(|| m.settings.clone()),
        acknowledgements: m
            .acknowledgements
            .iter()
            .map(|a| AcknowledgementDto {
                finding: a.finding.clone(),
                reason: a.reason.clone(),
                by: a.by.clone(),
                at: Some(a.at),
            })
            .collect(),
    }
}

fn kpi_dto(k: &Kpi) -> KpiDto {
    KpiDto {
        id: Some(k.id.0),
        name: Some(k.name.clone()),
        description: k.description.clone(),
        level: Some(k.level),
        department: k.department.map(|d| d.0),
        owner: k.owner.clone(),
        contributors: k.contributors.clone(),
        indicator: Some(k.indicator),
        kind: Some(k.kind),
        unit: Some(k.unit),
        direction: Some(k.direction),
        baseline: k.baseline,
        target: k.target.map(|t| TargetDto { value: Some(t.value), upper: t.upper, due: t.due }),
        thresholds: k.thresholds.map(|t| ThresholdsDto { on_track: t.on_track, off_track: t.off_track }),
        measurements: k.measurements.iter().map(|m| (m.date, m.value)).collect(),
        cadence: Some(k.cadence),
        term: k.term.map(|t| t.0),
        data_source: k.data_source.clone(),
        automated: k.automated,
        data_available: k.data_available,
        retired: match &k.lifecycle {
            Lifecycle::Active => None,
            Lifecycle::Retired { on, reason } => Some(RetiredDto { on: Some(*on), reason: reason.clone() }),
        },
        locked: k.locked,
        tags: k.tags.clone(),
    }
}
