//! Small fixtures for the rule tests: a healthy little model that each test bends until
//! its rule fires (and, for the near miss, not quite).

use super::{rules, Ctx, Finding, RuleId};
use crate::model::*;

pub fn today() -> Date {
    Date::from_ymd(2026, 11, 23).unwrap()
}

pub fn d(s: &str) -> Date {
    Date::parse(s).unwrap()
}

/// A model under construction.
pub struct Fx {
    pub m: Model,
}

impl Fx {
    /// Standard velocity; departments Sales (1), Marketing (2), Operations (3);
    /// people: Ada (1, CEO), Sam (2, Sales), Mia (3, Marketing), Otto (4, Operations).
    pub fn new() -> Fx {
        let mut m = Model::default();
        m.organisation.name = "Fixture Co".into();
        for (id, name) in [(1, "Sales"), (2, "Marketing"), (3, "Operations")] {
            m.departments.push(Department { id: DeptId(id), name: name.into(), head: None });
        }
        for (id, name, dept) in
            [(1, "Ada", None), (2, "Sam", Some(1)), (3, "Mia", Some(2)), (4, "Otto", Some(3))]
        {
            m.people.push(Person {
                id: PersonId(id),
                name: name.into(),
                role: String::new(),
                department: dept.map(DeptId),
                manager: if id == 1 { None } else { Some(PersonId(1)) },
            });
        }
        m.glossary.push(Term::new(TermId(1), "Generic measure"));
        Fx { m }
    }

    /// Adds a healthy KPI: owned, targeted, defined, sourced, reviewed often enough,
    /// with a recent on-track actual; company KPIs are locked long ago.
    pub fn kpi(&mut self, id: u32, name: &str, level: Level, dept: Option<u32>) -> &mut Kpi {
        let mut k = Kpi::new(KpiId(id), name, level);
        k.department = dept.map(DeptId);
        k.owner = Some(Owner::Person(PersonId(match dept {
            None => 1,
            Some(d) => d + 1,
        })));
        k.indicator = if level == Level::Company { Indicator::Lagging } else { Indicator::Leading };
        k.cadence = if level == Level::Company { Cadence::Monthly } else { Cadence::Weekly };
        k.target = Some(Target { value: 100.0, upper: None, due: Some(d("2027-06-30")) });
        k.term = Some(TermId(1));
        k.data_source = "Warehouse".into();
        k.measurements = vec![Measurement { date: today().add_days(-3), value: 100.0 }];
        if level == Level::Company {
            k.locked = Some(d("2025-01-01"));
        }
        self.m.kpis.push(k);
        self.m.kpis.last_mut().unwrap()
    }

    pub fn link(&mut self, child: u32, parent: u32) -> &mut Link {
        self.m.links.push(
            Link::new(KpiId(child), KpiId(parent), "Moving this measure moves its parent within a quarter")
                .lag(Some(45)),
        );
        self.m.links.last_mut().unwrap()
    }

    pub fn influence(&mut self, from: u32, to: u32, sign: Sign) {
        self.m.influences.push(Influence { from: KpiId(from), to: KpiId(to), sign, note: String::new() });
    }

    /// Records that the conflict between `a` and `b` was resolved today.
    pub fn resolve(&mut self, a: u32, b: u32, how: &str) {
        let id = self.m.next_resolution_id();
        self.m.governance.resolutions.push(Resolution {
            id,
            kpis: (KpiId(a), KpiId(b)),
            by: "Ada".into(),
            on: today(),
            how: how.into(),
        });
    }

    /// Adds a check-in on `kpi` by its owner for the review period holding `period`,
    /// written on `on`: on track, with no actions.
    pub fn check_in(&mut self, kpi: u32, period: Date, on: Date) -> &mut CheckIn {
        let mut c = CheckIn::new(CheckInId(self.m.check_ins.len() as u32 + 1), KpiId(kpi), period, on);
        c.by = self.m.kpis.iter().find(|k| k.id == KpiId(kpi)).and_then(Kpi::owner_person);
        self.m.check_ins.push(c);
        self.m.check_ins.last_mut().unwrap()
    }

    /// Checks every KPI in for the review period of its cadence that ended last, on the
    /// day after it ended (on time).
    pub fn check_in_all(&mut self) {
        let ids: Vec<(u32, Cadence)> = self.m.kpis.iter().map(|k| (k.id.0, k.cadence)).collect();
        for (id, cadence) in ids {
            let p =
                crate::rhythm::period::last_ended(cadence, self.m.organisation.fiscal_year_start, today());
            self.check_in(id, p.end, p.end.add_days(1));
        }
    }

    /// The check-in on `kpi` added last.
    pub fn last_check_in(&mut self, kpi: u32) -> &mut CheckIn {
        self.m.check_ins.iter_mut().rev().find(|c| c.kpi == KpiId(kpi)).unwrap()
    }

    pub fn get(&mut self, id: u32) -> &mut Kpi {
        self.m.kpis.iter_mut().find(|k| k.id == KpiId(id)).unwrap()
    }

    /// The findings of one rule.
    pub fn run(&self, rule: RuleId) -> Vec<Finding> {
        let cx = Ctx::new(&self.m, today());
        let mut out = Vec::new();
        rules::check(rule, &cx, &mut out);
        out
    }
}

/// A small healthy cascade: three company KPIs each fed by two leading department KPIs
/// from two departments, plus a team KPI under each department KPI.
pub fn healthy() -> Fx {
    let mut fx = Fx::new();
    for c in 1..=3u32 {
        fx.kpi(c, &format!("Company {c}"), Level::Company, None);
    }
    let mut next = 10;
    for c in 1..=3u32 {
        for dept in [1, 2] {
            let id = next;
            next += 1;
            fx.kpi(id, &format!("Dept {dept} for {c}"), Level::Department, Some(dept));
            fx.link(id, c);
            let team = id + 100;
            fx.kpi(team, &format!("Team under {id}"), Level::Team, Some(dept)).kind = Kind::Activity;
            fx.link(team, id);
        }
    }
    fx
}

/// Asserts exactly `n` findings, each of whose text contains every fragment.
pub fn expect(findings: &[Finding], n: usize, fragments: &[&str]) {
    assert_eq!(findings.len(), n, "findings: {:#?}", findings.iter().map(|f| &f.title).collect::<Vec<_>>());
    for f in findings {
        let text = format!("{} {} {}", f.title, f.explanation, f.fix);
        for frag in fragments {
            assert!(text.contains(frag), "{text:?} should contain {frag:?}");
        }
    }
}

/// Hostile shapes at scale, for tests that bound what the checks return.
#[derive(Clone, Copy, Debug)]
pub enum Shape {
    /// One company KPI; a chain of department KPIs by influence under its first child,
    /// every third sign negative, departments taking turns.
    InfluenceChain,
    /// Company → department → team → company … by links, every third one inverting
    /// the levels; every KPI off track.
    InvertingChain,
    /// One company KPI with every other KPI a department KPI directly under it.
    Fan,
    /// Half the KPIs are company KPIs above one department KPI; the rest are team KPIs
    /// under it; lagging everywhere.
    SharedSubtree,
    /// A chain of dependencies, each prerequisite due after what needs it.
    LateChain,
}

impl Shape {
    pub const ALL: [Shape; 5] =
        [Shape::InfluenceChain, Shape::InvertingChain, Shape::Fan, Shape::SharedSubtree, Shape::LateChain];

    /// The shape with `n` KPIs.
    pub fn build(self, n: u32) -> Fx {
        let mut fx = Fx::new();
        match self {
            Shape::InfluenceChain => {
                fx.kpi(1, "Gross margin", Level::Company, None);
                for i in 2..=n {
                    fx.kpi(i, &format!("Chain {i}"), Level::Department, Some(i % 3 + 1));
                }
                fx.link(2, 1);
                for i in 3..=n {
                    let sign = if i % 3 == 0 { Sign::Negative } else { Sign::Positive };
                    fx.influence(i, i - 1, sign);
                }
            }
            Shape::InvertingChain => {
                let levels = [Level::Company, Level::Department, Level::Team];
                for i in 1..=n {
                    let level = levels[(i as usize - 1) % 3];
                    let dept = (level != Level::Company).then_some(i % 3 + 1);
                    let k = fx.kpi(i, &format!("Step {i}"), level, dept);
                    // Deeper went off track earlier.
                    k.measurements = (0..4)
                        .map(|w| Measurement {
                            date: today().add_days(-7 * (4 - w) - (i % 5) as i32),
                            value: 50.0,
                        })
                        .collect();
                    if i > 1 {
                        fx.link(i, i - 1);
                    }
                }
            }
            Shape::Fan => {
                fx.kpi(1, "Revenue", Level::Company, None);
                for i in 2..=n {
                    fx.kpi(i, &format!("Driver {i}"), Level::Department, Some(i % 3 + 1)).measurements[0]
                        .value = 10.0;
                    fx.link(i, 1);
                }
                fx.get(1).measurements[0].value = 10.0;
            }
            Shape::SharedSubtree => {
                let c = n / 2;
                for i in 1..=c {
                    fx.kpi(i, &format!("Company {i}"), Level::Company, None);
                }
                fx.kpi(c + 1, "Shared driver", Level::Department, Some(1)).indicator = Indicator::Lagging;
                for i in 1..=c {
                    fx.link(c + 1, i);
                }
                for i in c + 2..=n {
                    fx.kpi(i, &format!("Team {i}"), Level::Team, Some(i % 3 + 1)).indicator =
                        Indicator::Lagging;
                    fx.link(i, c + 1);
                }
            }
            Shape::LateChain => {
                fx.kpi(1, "Company", Level::Company, None);
                for i in 2..=n {
                    let k = fx.kpi(i, &format!("Milestone {i}"), Level::Department, Some(i % 3 + 1));
                    // Each is due a day after the one that needs it.
                    k.target =
                        Some(Target { value: 1.0, upper: None, due: Some(today().add_days(i as i32)) });
                    fx.link(i, 1);
                }
                fx.m.dependencies =
                    (3..=n).map(|i| Dependency::new(DependencyId(i), KpiId(i - 1), KpiId(i))).collect();
            }
        }
        fx
    }
}

/// The most bytes a finding's title, explanation and fix may take together.
pub const MAX_TEXT: usize = 3_000;
/// The most names a finding's text may quote.
pub const MAX_QUOTED: usize = 20;

/// Asserts the structural bounds every finding keeps whatever the model: bounded text,
/// a few names quoted, short id lists; and in all at most `per_kpi` bytes per KPI.
pub fn expect_bounded(findings: &[Finding], kpis: usize, per_kpi: usize) {
    let mut total = 0;
    for f in findings {
        let text = format!("{} {} {}", f.title, f.explanation, f.fix);
        assert!(text.len() <= MAX_TEXT, "{} bytes in {}: {}", text.len(), f.key, clip(&text));
        let quoted = text.matches('\u{201c}').count();
        assert!(quoted <= MAX_QUOTED, "{quoted} names quoted in {}: {}", f.key, clip(&text));
        for (what, len) in [
            ("kpis", f.kpis.len()),
            ("links", f.links.len()),
            ("departments", f.departments.len()),
            ("people", f.people.len()),
            ("dependencies", f.dependencies.len()),
        ] {
            assert!(len <= super::MAX_IDS, "{len} {what} in {}", f.key);
        }
        total += text.len() + f.key.len();
    }
    assert!(total <= kpis * per_kpi, "{total} bytes of findings for {kpis} KPIs");
}

fn clip(s: &str) -> &str {
    super::clip(s, 300)
}
