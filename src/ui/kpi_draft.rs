//! The KPI form's contents as typed text, and its validation.
//!
//! A [`KpiDraft`] holds what the user typed (numbers and dates as text); [`KpiDraft::build`]
//! turns it into a [`Kpi`] or a list of field errors shown inline beside each field.
//! Plain data with no browser types, so every message is tested natively.

use crate::model::rebase;
use crate::model::*;

/// A form field that can carry an error.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    Name,
    Department,
    Owner,
    Baseline,
    Target,
    Upper,
    Due,
    OnTrack,
    OffTrack,
    Locked,
}

/// What the KPI form holds.
#[derive(Clone, Debug, PartialEq)]
pub struct KpiDraft {
    pub name: String,
    pub description: String,
    pub level: Level,
    pub department: Option<DeptId>,
    /// Encoded as in [`owner_key`]: `""`, `p:3`, `d:2` or `t:Team name`.
    pub owner: String,
    pub contributors: Vec<Contributor>,
    pub indicator: Indicator,
    pub kind: Kind,
    pub unit: Unit,
    pub direction: Direction,
    pub baseline: String,
    pub target: String,
    pub upper: String,
    pub due: String,
    pub on_track: String,
    pub off_track: String,
    pub cadence: Cadence,
    pub term: Option<TermId>,
    pub data_source: String,
    pub automated: bool,
    pub data_available: bool,
    pub locked: bool,
    pub locked_on: String,
    pub tags: String,
    pub measurements: Vec<Measurement>,
    /// A new KPI's parent, as a KPI id (`""`: not linked yet), and the link's rationale.
    pub feeds: String,
    pub feeds_why: String,
}

/// An open form's draft over a KPI that changed: the fields the user edited stay, the
/// others take the KPI's new values (actuals and contributors merge item by item).
impl rebase::Rebase for KpiDraft {
    fn rebase(base: &Self, ours: &Self, now: &Self) -> Self {
        macro_rules! f {
            ($f:ident) => {
                rebase::field(&base.$f, &ours.$f, &now.$f)
            };
        }
        KpiDraft {
            name: f!(name),
            description: f!(description),
            level: f!(level),
            department: f!(department),
            owner: f!(owner),
            contributors: rebase::set(&base.contributors, &ours.contributors, &now.contributors),
            indicator: f!(indicator),
            kind: f!(kind),
            unit: f!(unit),
            direction: f!(direction),
            baseline: f!(baseline),
            target: f!(target),
            upper: f!(upper),
            due: f!(due),
            on_track: f!(on_track),
            off_track: f!(off_track),
            cadence: f!(cadence),
            term: f!(term),
            data_source: f!(data_source),
            automated: f!(automated),
            data_available: f!(data_available),
            locked: f!(locked),
            locked_on: f!(locked_on),
            tags: f!(tags),
            measurements: rebase::actuals(&base.measurements, &ours.measurements, &now.measurements),
            feeds: f!(feeds),
            feeds_why: f!(feeds_why),
        }
    }
}

/// The form's value for an owner.
pub fn owner_key(owner: &Option<Owner>) -> String {
    match owner {
        None => String::new(),
        Some(Owner::Person(p)) => format!("p:{}", p.0),
        Some(Owner::Department(d)) => format!("d:{}", d.0),
        Some(Owner::Team(t)) => format!("t:{t}"),
    }
}

/// The owner a form value stands for.
pub fn parse_owner(key: &str) -> Option<Owner> {
    let (kind, rest) = key.split_once(':')?;
    match kind {
        "p" => rest.parse().ok().map(|n| Owner::Person(PersonId(n))),
        "d" => rest.parse().ok().map(|n| Owner::Department(DeptId(n))),
        "t" if !rest.trim().is_empty() => Some(Owner::Team(rest.to_string())),
        _ => None,
    }
}

/// The department a form's owner value implies: a person's own department, or the
/// department itself when a department owns the KPI.
/// The KPIs a new KPI of `level` can feed (active, one level up), as (id, label): for a
/// team KPI, its own department's KPIs first, others named with their department.
pub fn parent_choices(m: &Model, level: Level, department: Option<DeptId>) -> Vec<(String, String)> {
    let Some(up) = level.parent() else { return Vec::new() };
    let mut kpis: Vec<&Kpi> = m.kpis.iter().filter(|k| k.level == up && k.is_active()).collect();
    let elsewhere = |k: &Kpi| up == Level::Department && k.department != department;
    kpis.sort_by_cached_key(|k| (elsewhere(k), k.name.to_lowercase(), k.id));
    kpis.into_iter()
        .map(|k| {
            let label = if elsewhere(k) {
                let dept = k.department.map_or("no department".into(), |d| query::department_name(m, d));
                format!("{} ({dept})", k.name)
            } else {
                k.name.clone()
            };
            (k.id.0.to_string(), label)
        })
        .collect()
}

pub fn department_of_owner(m: &Model, key: &str) -> Option<DeptId> {
    match parse_owner(key)? {
        Owner::Person(p) => query::person(m, p)?.department,
        Owner::Department(d) => Some(d),
        Owner::Team(_) => None,
    }
}

fn num_text(v: Option<f64>) -> String {
    v.map(describe::fmt_num).unwrap_or_default()
}

impl KpiDraft {
    /// A blank draft for a new KPI of a level.
    pub fn new(level: Level, today: Date) -> KpiDraft {
        KpiDraft::from_kpi(&Kpi::new(KpiId(0), "", level), today)
    }

    pub fn from_kpi(k: &Kpi, today: Date) -> KpiDraft {
        KpiDraft {
            name: k.name.clone(),
            description: k.description.clone(),
            level: k.level,
            department: k.department,
            owner: owner_key(&k.owner),
            contributors: k.contributors.clone(),
            indicator: k.indicator,
            kind: k.kind,
            unit: k.unit,
            direction: k.direction,
            baseline: num_text(k.baseline),
            target: num_text(k.target.map(|t| t.value)),
            upper: num_text(k.target.and_then(|t| t.upper)),
            due: k.target.and_then(|t| t.due).map(|d| d.to_string()).unwrap_or_default(),
            on_track: num_text(k.thresholds.map(|t| t.on_track)),
            off_track: num_text(k.thresholds.map(|t| t.off_track)),
            cadence: k.cadence,
            term: k.term,
            data_source: k.data_source.clone(),
            automated: k.automated,
            data_available: k.data_available,
            locked: k.locked.is_some(),
            locked_on: k.locked.unwrap_or(today).to_string(),
            tags: k.tags.join(", "),
            measurements: k.measurements.clone(),
            feeds: String::new(),
            feeds_why: String::new(),
        }
    }

    /// The KPI chosen to feed, when it is still one a KPI of this draft's level can feed.
    pub fn parent(&self, m: &Model) -> Option<KpiId> {
        let id = KpiId(self.feeds.parse().ok()?);
        let k = query::kpi(m, id)?;
        (k.is_active() && Some(k.level) == self.level.parent()).then_some(id)
    }

    /// The KPI this draft describes, keeping `base`'s id and lifecycle; or every field
    /// error, in form order.
    pub fn build(&self, base: &Kpi) -> Result<Kpi, Vec<(Field, String)>> {
        let mut errors = Vec::new();
        let mut number = |field: Field, text: &str, what: &str| -> Option<f64> {
            crate::model::text::typed_number(text, what).unwrap_or_else(|e| {
                errors.push((field, e));
                None
            })
        };
        let baseline = number(Field::Baseline, &self.baseline, "Baseline");
        let target = number(Field::Target, &self.target, "Target");
        let upper = number(Field::Upper, &self.upper, "Upper end");
        let on_track = number(Field::OnTrack, &self.on_track, "On-track line");
        let off_track = number(Field::OffTrack, &self.off_track, "Off-track line");

        if crate::model::text::tidy_label(&self.name).is_empty() {
            errors.insert(0, (Field::Name, "Give the KPI a name.".into()));
        }
        if self.level != Level::Company && self.department.is_none() {
            errors.push((Field::Department, "Choose the department this KPI belongs to.".into()));
        }
        if !self.owner.is_empty() && parse_owner(&self.owner).is_none() {
            errors.push((Field::Owner, "Choose an owner from the list.".into()));
        }
        let due = crate::model::text::typed_day(&self.due).unwrap_or_else(|e| {
            errors.push((Field::Due, e));
            None
        });
        if target.is_none() && (due.is_some() || upper.is_some()) && self.target.trim().is_empty() {
            errors.push((Field::Target, "Give the target value (a date or band needs one).".into()));
        }
        if self.direction == Direction::WithinBand && target.is_some() {
            match upper {
                None if self.upper.trim().is_empty() => {
                    errors.push((Field::Upper, "A band needs its upper end.".into()));
                }
                Some(u) if target.is_some_and(|t| u < t) => {
                    errors.push((Field::Upper, "The upper end must be at least the target.".into()));
                }
                _ => {}
            }
        }
        let thresholds = match (on_track, off_track) {
            (Some(on), Some(off)) => {
                let wrong = match self.direction {
                    Direction::HigherIsBetter => on < off,
                    Direction::LowerIsBetter => on > off,
                    Direction::WithinBand => off < 0.0,
                };
                if wrong {
                    let msg = match self.direction {
                        Direction::HigherIsBetter => "When higher is better, the on-track line must be at or above the off-track line.",
                        Direction::LowerIsBetter => "When lower is better, the on-track line must be at or below the off-track line.",
                        Direction::WithinBand => "For a band, the off-track line is a distance outside the band and cannot be negative.",
                    };
                    errors.push((Field::OffTrack, msg.into()));
                }
                Some(Thresholds { on_track: on, off_track: off })
            }
            (None, None) => None,
            (Some(_), None) if self.off_track.trim().is_empty() => {
                errors.push((Field::OffTrack, "Give both lines, or neither to use the target.".into()));
                None
            }
            (None, Some(_)) if self.on_track.trim().is_empty() => {
                errors.push((Field::OnTrack, "Give both lines, or neither to use the target.".into()));
                None
            }
            _ => None,
        };
        let locked = if self.level == Level::Company && self.locked {
            match Date::parse(self.locked_on.trim()) {
                Ok(d) => Some(d),
                Err(_) => {
                    errors.push((Field::Locked, "Give the date the KPI was locked, like 2026-01-01.".into()));
                    None
                }
            }
        } else {
            None
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut tags: Vec<String> = Vec::new();
        for t in self.tags.split(',') {
            let t = t.trim().to_lowercase();
            if !t.is_empty() && !tags.contains(&t) {
                tags.push(t);
            }
        }
        Ok(Kpi {
            id: base.id,
            name: crate::model::text::tidy_label(&self.name),
            description: self.description.trim().to_string(),
            level: self.level,
            department: if self.level == Level::Company { None } else { self.department },
            owner: parse_owner(&self.owner),
            contributors: self.contributors.clone(),
            indicator: self.indicator,
            kind: self.kind,
            unit: self.unit,
            direction: self.direction,
            baseline,
            target: target.map(|value| Target {
                value,
                upper: if self.direction == Direction::WithinBand { upper } else { None },
                due,
            }),
            thresholds,
            measurements: self.measurements.clone(),
            cadence: self.cadence,
            term: self.term,
            data_source: self.data_source.trim().to_string(),
            automated: self.automated,
            data_available: self.data_available,
            lifecycle: base.lifecycle.clone(),
            locked,
            tags,
        })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_owner_implies_their_department() {
        use super::department_of_owner;
        let mut m = Model::default();
        m.departments.push(Department { id: DeptId(4), name: "Sales".into(), head: None });
        m.people.push(Person {
            id: PersonId(3),
            name: "Sam".into(),
            role: String::new(),
            department: Some(DeptId(4)),
            manager: None,
        });
        m.people.push(Person {
            id: PersonId(5),
            name: "Ana".into(),
            role: String::new(),
            department: None,
            manager: None,
        });
        assert_eq!(department_of_owner(&m, "p:3"), Some(DeptId(4)));
        assert_eq!(department_of_owner(&m, "p:5"), None);
        assert_eq!(department_of_owner(&m, "d:4"), Some(DeptId(4)));
        assert_eq!(department_of_owner(&m, "t:Growth squad"), None);
        assert_eq!(department_of_owner(&m, ""), None);
    }

    use super::*;

    #[test]
    fn a_new_kpi_feeds_a_kpi_one_level_up_its_own_department_s_first() {
        let mut m = Model::default();
        for (id, name) in [(1, "Sales"), (2, "Marketing")] {
            m.departments.push(Department { id: DeptId(id), name: name.into(), head: None });
        }
        let mut kpi = |id: u32, name: &str, level: Level, dept: Option<u32>| {
            let mut k = Kpi::new(KpiId(id), name, level);
            k.department = dept.map(DeptId);
            m.kpis.push(k);
        };
        kpi(1, "Revenue", Level::Company, None);
        kpi(10, "Qualified leads", Level::Department, Some(2));
        kpi(11, "Pipeline", Level::Department, Some(1));
        kpi(100, "Calls", Level::Team, Some(1));
        let labels =
            |level, dept| parent_choices(&m, level, dept).into_iter().map(|(_, l)| l).collect::<Vec<_>>();
        assert_eq!(labels(Level::Department, Some(DeptId(1))), ["Revenue"]);
        assert_eq!(labels(Level::Team, Some(DeptId(1))), ["Pipeline", "Qualified leads (Marketing)"]);
        assert!(labels(Level::Company, None).is_empty());
        // A parent chosen before the level changed is not used.
        let mut d = KpiDraft::new(Level::Team, today());
        d.department = Some(DeptId(1));
        d.feeds = "11".into();
        assert_eq!(d.parent(&m), Some(KpiId(11)));
        d.level = Level::Department;
        assert_eq!(d.parent(&m), None);
        d.feeds = "nonsense".into();
        assert_eq!(d.parent(&m), None);
    }

    fn today() -> Date {
        Date::from_ymd(2026, 11, 23).unwrap()
    }

    fn base() -> Kpi {
        Kpi::new(KpiId(7), "", Level::Department)
    }

    fn valid() -> KpiDraft {
        let mut d = KpiDraft::new(Level::Department, today());
        d.name = "Pipeline conversion".into();
        d.department = Some(DeptId(1));
        d.owner = "p:3".into();
        d
    }

    /// Applies `change` to a valid draft and expects exactly these field errors.
    fn check(change: impl Fn(&mut KpiDraft), expect: &[(Field, &str)]) {
        let mut d = valid();
        change(&mut d);
        let errors = d.build(&base()).expect_err("the draft should be refused");
        assert_eq!(errors.len(), expect.len(), "{errors:?}");
        for ((f, msg), (want_f, want)) in errors.iter().zip(expect) {
            assert_eq!(f, want_f);
            assert!(msg.contains(want), "{msg:?} should contain {want:?}");
        }
    }

    #[test]
    fn a_complete_draft_builds_the_kpi() {
        let mut d = valid();
        d.baseline = "12,5".into();
        d.target = "20".into();
        d.due = "2026-12-31".into();
        d.on_track = "19".into();
        d.off_track = "15".into();
        d.tags = "Lead-Volume, capacity, lead-volume, ".into();
        let k = d.build(&base()).unwrap();
        assert_eq!(k.id, KpiId(7));
        assert_eq!(k.baseline, Some(12.5));
        assert_eq!(
            k.target,
            Some(Target { value: 20.0, upper: None, due: Some(Date::from_ymd(2026, 12, 31).unwrap()) })
        );
        assert_eq!(k.thresholds, Some(Thresholds { on_track: 19.0, off_track: 15.0 }));
        assert_eq!(k.tags, ["lead-volume", "capacity"]);
        assert_eq!(k.owner, Some(Owner::Person(PersonId(3))));
        assert_eq!(KpiDraft::from_kpi(&k, today()).build(&base()).unwrap(), k);
    }

    #[test]
    fn each_mistake_is_named_beside_its_field() {
        check(|d| d.name = "  ".into(), &[(Field::Name, "Give the KPI a name")]);
        check(|d| d.department = None, &[(Field::Department, "Choose the department")]);
        check(
            |d| d.baseline = "abc".into(),
            &[(Field::Baseline, "Baseline: \u{201c}abc\u{201d} is not a number")],
        );
        check(|d| d.target = "1e999".into(), &[(Field::Target, "is not a number")]);
        check(|d| d.due = "31/12/2026".into(), &[(Field::Due, "use the form 2026-12-31")]);
        check(
            |d| {
                d.target = "20".into();
                d.on_track = "10".into();
                d.off_track = "15".into();
            },
            &[(Field::OffTrack, "on-track line must be at or above")],
        );
        check(|d| d.on_track = "10".into(), &[(Field::OffTrack, "Give both lines, or neither")]);
        check(
            |d| {
                d.direction = Direction::WithinBand;
                d.target = "30".into();
            },
            &[(Field::Upper, "A band needs its upper end")],
        );
        check(
            |d| {
                d.direction = Direction::WithinBand;
                d.target = "30".into();
                d.upper = "20".into();
            },
            &[(Field::Upper, "at least the target")],
        );
        check(
            |d| {
                d.level = Level::Company;
                d.locked = true;
                d.locked_on = "soon".into();
            },
            &[(Field::Locked, "the date the KPI was locked")],
        );
        check(|d| d.owner = "x:1".into(), &[(Field::Owner, "Choose an owner")]);
    }

    #[test]
    fn a_company_kpi_drops_its_department_and_keeps_a_lock() {
        let mut d = valid();
        d.level = Level::Company;
        d.locked = true;
        d.locked_on = "2025-10-01".into();
        let k = d.build(&base()).unwrap();
        assert_eq!(k.department, None);
        assert_eq!(k.locked, Date::from_ymd(2025, 10, 1));
    }

    #[test]
    fn owners_of_every_kind_survive_the_form() {
        for o in [
            None,
            Some(Owner::Person(PersonId(2))),
            Some(Owner::Department(DeptId(4))),
            Some(Owner::Team("Growth: squad".into())),
        ] {
            assert_eq!(parse_owner(&owner_key(&o)), o);
        }
    }

    #[test]
    fn an_open_draft_follows_the_kpi_where_the_user_changed_nothing() {
        use crate::model::rebase::Rebase;
        let mut k = valid().build(&base()).unwrap();
        k.measurements = vec![Measurement { date: today(), value: 4.0 }];
        let start = KpiDraft::from_kpi(&k, today());
        let mut ours = start.clone();
        ours.description = "Won deals over qualified pipeline".into();
        // Another tab added an actual and renamed the KPI.
        let mut now = k.clone();
        now.name = "Pipeline conversion rate".into();
        now.measurements.push(Measurement { date: today().add_days(7), value: 5.0 });
        let next = KpiDraft::from_kpi(&now, today());
        let draft = KpiDraft::rebase(&start, &ours, &next);
        assert_eq!(draft.name, "Pipeline conversion rate");
        assert_eq!(draft.description, "Won deals over qualified pipeline");
        assert_eq!(draft.measurements, now.measurements);
        // What the form saves: the KPI now with the description, nothing else.
        let saved = Kpi::rebase(&start.build(&k).unwrap(), &draft.build(&now).unwrap(), &now);
        assert_eq!(saved, Kpi { description: "Won deals over qualified pipeline".into(), ..now.clone() });
    }

    #[test]
    fn a_value_the_form_shows_rounded_is_not_written_back_rounded() {
        use crate::model::rebase::Rebase;
        let mut k = valid().build(&base()).unwrap();
        k.baseline = Some(1.234_567_89);
        let start = KpiDraft::from_kpi(&k, today());
        assert_eq!(start.baseline, "1.2346");
        let mut ours = start.clone();
        ours.name = "Renamed".into();
        let saved = Kpi::rebase(&start.build(&k).unwrap(), &ours.build(&k).unwrap(), &k);
        assert_eq!(saved.baseline, Some(1.234_567_89));
        assert_eq!(saved.name, "Renamed");
    }
}
