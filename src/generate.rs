//! Large, realistic models for tests and benchmarks.
//!
//! [`generate`] builds a model of any size from a [`Spec`]: departments with heads, a
//! reporting line up to a CEO, a three-level cascade with a few orphans, negative
//! influences across departments, an acyclic web of dated dependencies (some slipped),
//! glossary terms, and weekly actuals. It is deterministic: the seed drives a SplitMix64
//! sequence, so the same spec and `today` always give the same model (no randomness from
//! the environment, as everywhere in the core).
//!
//! [`adversarial`] builds the hostile shapes (long chains, wide fans, duplicate and
//! maximal ids) that the adversarial benchmark and the regression tests feed through the
//! whole import path.

pub mod adversarial;

use crate::model::*;

/// What to generate.
#[derive(Clone, Debug)]
pub struct Spec {
    pub kpis: usize,
    pub departments: usize,
    pub people: usize,
    /// Weekly actuals per KPI, ending on `today`.
    pub weeks: usize,
    pub seed: u64,
}

impl Spec {
    /// The shape used by the benchmarks: 12 departments and 150 people per 1,000 KPIs,
    /// two years of weekly actuals.
    pub fn scaled(kpis: usize) -> Spec {
        Spec { kpis, departments: 12, people: (kpis * 150 / 1000).max(20), weeks: 104, seed: 7 }
    }
}

/// A deterministic pseudo-random sequence (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

const DEPARTMENTS: [&str; 12] = [
    "Sales",
    "Marketing",
    "Finance",
    "Operations",
    "HR",
    "Customer Service",
    "Product",
    "Engineering",
    "Legal",
    "Procurement",
    "Logistics",
    "Data",
];

const MEASURES: [&str; 16] = [
    "conversion rate",
    "cycle time",
    "cost per unit",
    "first-contact resolution",
    "pipeline coverage",
    "on-time delivery",
    "adoption rate",
    "error rate",
    "response time",
    "utilisation",
    "backlog age",
    "win rate",
    "retention rate",
    "forecast accuracy",
    "satisfaction score",
    "throughput",
];

const TAGGED: [(&str, &str); 8] = [
    ("Sales", tags::ORDER_VOLUME),
    ("Operations", tags::CAPACITY),
    ("Marketing", tags::LEAD_VOLUME),
    ("Sales", tags::LEAD_QUALITY),
    ("Customer Service", tags::RETENTION),
    ("Product", tags::RELEASE_VELOCITY),
    ("Finance", tags::COST_REDUCTION),
    ("HR", tags::HEADCOUNT_GROWTH),
];

/// Builds a model to the spec, with actuals ending on `today`.
pub fn generate(spec: &Spec, today: Date) -> Model {
    let mut rng = Rng(spec.seed);
    let mut m = Model::default();
    let n_depts = spec.departments.max(1);
    m.organisation = Organisation {
        name: format!("Generated Co ({} KPIs)", spec.kpis),
        industry: "Manufacturing".into(),
        velocity: Velocity::Standard,
        fiscal_year_start: 1,
        currency: "EUR".into(),
        alignment_owner: Some(PersonId(1)),
    };

    // People: a CEO, one head per department, then staff spread over departments.
    let n_people = spec.people.max(n_depts + 1);
    m.people.push(Person {
        id: PersonId(1),
        name: "Alex Morgan".into(),
        role: "CEO".into(),
        department: None,
        manager: None,
    });
    for d in 0..n_depts {
        let name = DEPARTMENTS
            .get(d)
            .map_or_else(|| format!("Region {}", d - DEPARTMENTS.len() + 1), |n| n.to_string());
        let head = PersonId(d as u32 + 2);
        m.departments.push(Department { id: DeptId(d as u32 + 1), name: name.clone(), head: Some(head) });
        m.people.push(Person {
            id: head,
            name: format!("{name} Head"),
            role: format!("Head of {name}"),
            department: Some(DeptId(d as u32 + 1)),
            manager: Some(PersonId(1)),
        });
    }
    for i in m.people.len()..n_people {
        let d = i % n_depts;
        m.people.push(Person {
            id: PersonId(i as u32 + 1),
            name: format!("Person {}", i + 1),
            role: "Team lead".into(),
            department: Some(DeptId(d as u32 + 1)),
            manager: Some(PersonId(d as u32 + 2)),
        });
    }
    let staff_of = |d: usize| -> Vec<PersonId> {
        (n_depts + 1..n_people).filter(|i| i % n_depts == d).map(|i| PersonId(i as u32 + 1)).collect()
    };
    let staff: Vec<Vec<PersonId>> = (0..n_depts).map(staff_of).collect();

    // Glossary: one term per measure.
    for (i, name) in MEASURES.iter().enumerate() {
        let mut t = Term::new(TermId(i as u32 + 1), *name);
        t.definition = format!("The {name}, measured the same way in every department.");
        t.source = "Data warehouse".into();
        m.glossary.push(t);
    }

    // KPIs.
    let n_company = spec.kpis.clamp(1, 5);
    let n_dept = (n_depts * 8).min(spec.kpis.saturating_sub(n_company));
    let mut dept_kpis: Vec<Vec<KpiId>> = vec![Vec::new(); n_depts];
    let start = today.add_days(-7 * (spec.weeks as i32 - 1));
    for i in 0..spec.kpis {
        let id = KpiId(i as u32 + 1);
        let (level, dept, owner) = if i < n_company {
            (Level::Company, None, PersonId(1))
        } else if i < n_company + n_dept {
            let d = (i - n_company) % n_depts;
            (Level::Department, Some(d), PersonId(d as u32 + 2))
        } else {
            let d = rng.below(n_depts);
            let owner = if staff[d].is_empty() {
                PersonId(d as u32 + 2)
            } else {
                staff[d][rng.below(staff[d].len())]
            };
            (Level::Team, Some(d), owner)
        };
        let measure = MEASURES[rng.below(MEASURES.len())];
        let dept_name = dept.map(|d| m.departments[d].name.clone());
        let name = match (&dept_name, level) {
            (_, Level::Company) => format!("Company outcome {} ({measure})", i + 1),
            (Some(d), _) => format!("{d} {measure} #{}", i + 1),
            (None, _) => format!("{measure} #{}", i + 1),
        };
        let mut k = Kpi::new(id, name, level);
        k.department = dept.map(|d| DeptId(d as u32 + 1));
        k.owner = Some(Owner::Person(owner));
        k.indicator = if rng.chance(0.45) { Indicator::Leading } else { Indicator::Lagging };
        k.kind = if level == Level::Team && rng.chance(0.5) { Kind::Activity } else { Kind::Outcome };
        k.unit = Unit::Percent;
        k.cadence = match level {
            Level::Company => Cadence::Monthly,
            _ if rng.chance(0.8) => Cadence::Weekly,
            _ => Cadence::Monthly,
        };
        k.term = Some(TermId(rng.below(MEASURES.len()) as u32 + 1));
        k.data_source = "Data warehouse".into();
        k.automated = rng.chance(0.7);
        let baseline = 40.0 + 20.0 * rng.unit();
        let target = baseline * (1.1 + 0.2 * rng.unit());
        k.baseline = Some((baseline * 10.0).round() / 10.0);
        k.target = Some(Target {
            value: (target * 10.0).round() / 10.0,
            upper: None,
            due: Some(today.add_months(6)),
        });
        k.thresholds = Some(Thresholds { on_track: target * 0.97, off_track: target * 0.9 });
        if level == Level::Company {
            k.locked = Some(today.add_months(-14));
        }
        if let (Some(d), Level::Department) = (dept, level) {
            // What a department KPI measures, for the known-conflict check.
            for (dname, tag) in TAGGED {
                if m.departments[d].name == dname && rng.chance(0.3) {
                    k.tags.push(tag.to_string());
                }
            }
            dept_kpis[d].push(id);
        }
        let drift = (target - baseline) / spec.weeks.max(1) as f64;
        let mut v = baseline;
        k.measurements = (0..spec.weeks)
            .map(|w| {
                v += drift * (0.6 + 0.9 * rng.unit()) + (rng.unit() - 0.5) * 0.8;
                Measurement { date: start.add_days(7 * w as i32), value: (v * 100.0).round() / 100.0 }
            })
            .collect();
        m.kpis.push(k);
    }

    // The cascade: department -> company, team -> a department KPI of its department.
    let rationale = "Moving this measure moves the parent directly, as agreed in the planning review";
    for i in n_company..spec.kpis {
        let k = &m.kpis[i];
        let child = k.id;
        match k.level {
            Level::Department => {
                let first = rng.below(n_company);
                m.links.push(Link::new(child, KpiId(first as u32 + 1), rationale).lag(Some(45)));
                let second = rng.below(n_company);
                if second != first && rng.chance(0.2) {
                    m.links.push(Link::new(child, KpiId(second as u32 + 1), rationale).lag(Some(45)));
                }
            }
            Level::Team => {
                let d = k.department.map_or(0, |d| d.0 as usize - 1);
                let candidates = if dept_kpis[d].is_empty() {
                    dept_kpis.iter().flatten().copied().collect()
                } else {
                    dept_kpis[d].clone()
                };
                if !candidates.is_empty() && !rng.chance(0.02) {
                    m.links.push(
                        Link::new(
                            child,
                            candidates[rng.below(candidates.len())],
                            if rng.chance(0.9) { rationale.into() } else { String::new() },
                        )
                        .lag(Some(30)),
                    );
                }
            }
            Level::Company => {}
        }
    }

    // Negative side effects from department KPIs onto company KPIs.
    let all_dept: Vec<KpiId> = dept_kpis.iter().flatten().copied().collect();
    if !all_dept.is_empty() {
        for _ in 0..spec.kpis / 50 {
            let from = all_dept[rng.below(all_dept.len())];
            let to = KpiId(rng.below(n_company) as u32 + 1);
            if !m.influences.iter().any(|x| x.from == from && x.to == to) {
                m.influences.push(Influence { from, to, sign: Sign::Negative, note: "Side effect".into() });
            }
        }
    }

    // Dependencies point from a later KPI to an earlier one, so there is never a cycle.
    let first_team = n_company + n_dept;
    if spec.kpis > first_team + 2 {
        for i in 0..spec.kpis / 20 {
            let a = first_team + 1 + rng.below(spec.kpis - first_team - 1);
            let b = first_team + rng.below(a - first_team);
            let due = today.add_days(rng.below(120) as i32);
            let committed = if rng.chance(0.2) { due.add_days(-30) } else { due };
            if let Some(t) = m.kpis[b].target.as_mut() {
                t.due = Some(due);
            }
            m.dependencies.push(Dependency {
                id: DependencyId(i as u32 + 1),
                dependent: m.kpis[a].id,
                prerequisite: m.kpis[b].id,
                needed_by: Some(due.add_days(rng.below(60) as i32)),
                committed: Some(committed),
                note: String::new(),
            });
        }
    }
    m
}

/// Makes every KPI of `m` weekly and gives it a check-in for each of the `weeks` weeks
/// before `today`, written the day after its week, with a forecast four weeks ahead; the
/// confidence cycles on track / at risk / off track, the last two explain the variance
/// and an off-track one carries an open action. The rhythm's benchmarks run on this.
pub fn weekly_check_ins(m: &mut Model, today: Date, weeks: i32) {
    let mut id = 0;
    for k in &mut m.kpis {
        k.cadence = Cadence::Weekly;
    }
    for k in &m.kpis {
        for w in 0..weeks {
            id += 1;
            let period = today.add_days(-7 * (weeks - w));
            let mut c = CheckIn::new(CheckInId(id), k.id, period, period.add_days(1));
            c.by = k.owner_person();
            c.confidence = Confidence::ALL[(id % 3) as usize];
            c.forecast = Some(50.0 + f64::from(id % 17));
            c.forecast_for = Some(period.add_days(28));
            if c.confidence != Confidence::OnTrack {
                c.variance = "Below plan: fewer leads from the spring campaign than forecast".into();
            }
            if c.confidence == Confidence::OffTrack {
                c.actions.push(Action {
                    what: "Re-run the campaign with the revised audience".into(),
                    kpi: None,
                    who: c.by,
                    due: Some(period.add_days(14)),
                    state: ActionState::Open,
                });
            }
            m.check_ins.push(c);
        }
    }
}
