//! Saving a form over a model that moved on while it was open.
//!
//! A form copies an entity's values into a draft and may stay open while the model
//! changes underneath it: another tab's model taken in, an undo, an import. Writing the
//! whole draft back would put the old values of fields the user never touched over the
//! newer ones. So a form remembers what it started from (its *base*), and
//! [`Rebase::rebase`] builds what to save from three sides: the base, the form's version
//! (*ours*) and the entity as it is in the model *now*. A field ours did not change
//! follows now; a field ours changed is taken from ours. Lists of dated actuals,
//! contributors and tags merge item by item, so an actual added elsewhere stays when
//! the form adds another. The same function keeps an open draft's untouched fields
//! following the model (a draft is rebased onto the model's new values).

use super::entities::*;
use super::Date;

/// Three-way merge, field by field.
pub trait Rebase: Sized {
    /// `now` with every field where `ours` differs from `base` taken from `ours`.
    fn rebase(base: &Self, ours: &Self, now: &Self) -> Self;
}

/// One field: ours if the form changed it, else the model's value now.
pub fn field<T: PartialEq + Clone>(base: &T, ours: &T, now: &T) -> T {
    if ours != base {
        ours.clone()
    } else {
        now.clone()
    }
}

/// A list treated as a set: now's items, less those ours removed from base, plus those
/// ours added (in ours' order, after now's). Unchanged when ours did not change it.
pub fn set<T: PartialEq + Clone>(base: &[T], ours: &[T], now: &[T]) -> Vec<T> {
    if ours == base {
        return now.to_vec();
    }
    let mut out: Vec<T> = now.iter().filter(|x| ours.contains(x) || !base.contains(x)).cloned().collect();
    for x in ours {
        if !base.contains(x) && !out.contains(x) {
            out.push(x.clone());
        }
    }
    out
}

/// Dated actuals, one per date, sorted by date: each date merges on its own (added,
/// removed or re-valued by ours, else as now has it).
pub fn actuals(base: &[Measurement], ours: &[Measurement], now: &[Measurement]) -> Vec<Measurement> {
    if ours == base {
        return now.to_vec();
    }
    let at =
        |list: &[Measurement], d: Date| list.binary_search_by(|m| m.date.cmp(&d)).ok().map(|i| list[i].value);
    let mut dates: Vec<Date> = base.iter().chain(ours).chain(now).map(|m| m.date).collect();
    crate::order::sort(&mut dates);
    dates.dedup();
    dates
        .into_iter()
        .filter_map(|d| {
            let value = field(&at(base, d), &at(ours, d), &at(now, d));
            value.map(|value| Measurement { date: d, value })
        })
        .collect()
}

/// Implements [`Rebase`] for a struct whose fields all merge with [`field`]. The struct
/// literal names every field, so the compiler catches one added later and left out.
#[macro_export]
macro_rules! rebase_fields {
    ($ty:ident { $($f:ident),* $(,)? }) => {
        impl $crate::model::rebase::Rebase for $ty {
            fn rebase(base: &Self, ours: &Self, now: &Self) -> Self {
                $ty { $($f: $crate::model::rebase::field(&base.$f, &ours.$f, &now.$f)),* }
            }
        }
    };
}

rebase_fields!(Organisation { name, industry, velocity, fiscal_year_start, currency, alignment_owner });
rebase_fields!(Department { id, name, head });
rebase_fields!(Person { id, name, role, department, manager });
rebase_fields!(Dependency { id, dependent, prerequisite, needed_by, committed, note });
rebase_fields!(Term {
    id,
    name,
    definition,
    formula,
    unit,
    timing,
    currency,
    recognition,
    source,
    example,
    owner,
});
rebase_fields!(Range { min, max });

impl Rebase for Settings {
    fn rebase(base: &Self, ours: &Self, now: &Self) -> Self {
        let r = |f: fn(&Settings) -> Range| Range::rebase(&f(base), &f(ours), &f(now));
        Settings {
            company_kpis: r(|s| s.company_kpis),
            department_kpis: r(|s| s.department_kpis),
            person_kpis: r(|s| s.person_kpis),
            leading_per_company_kpi: r(|s| s.leading_per_company_kpi),
            stability_months: field(&base.stability_months, &ours.stability_months, &now.stability_months),
            stale_periods: field(&base.stale_periods, &ours.stale_periods, &now.stale_periods),
            lead_days: r(|s| s.lead_days),
            rationale_min_words: field(
                &base.rationale_min_words,
                &ours.rationale_min_words,
                &now.rationale_min_words,
            ),
        }
    }
}

impl Rebase for Kpi {
    fn rebase(base: &Self, ours: &Self, now: &Self) -> Self {
        macro_rules! f {
            ($f:ident) => {
                field(&base.$f, &ours.$f, &now.$f)
            };
        }
        Kpi {
            id: f!(id),
            name: f!(name),
            description: f!(description),
            level: f!(level),
            department: f!(department),
            owner: f!(owner),
            contributors: set(&base.contributors, &ours.contributors, &now.contributors),
            indicator: f!(indicator),
            kind: f!(kind),
            unit: f!(unit),
            direction: f!(direction),
            baseline: f!(baseline),
            target: f!(target),
            thresholds: f!(thresholds),
            measurements: actuals(&base.measurements, &ours.measurements, &now.measurements),
            cadence: f!(cadence),
            term: f!(term),
            data_source: f!(data_source),
            automated: f!(automated),
            data_available: f!(data_available),
            lifecycle: f!(lifecycle),
            locked: f!(locked),
            tags: set(&base.tags, &ours.tags, &now.tags),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;

    fn day(n: i32) -> Date {
        Date::from_ymd(2026, 3, n as u32).unwrap()
    }

    fn m(d: i32, v: f64) -> Measurement {
        Measurement { date: day(d), value: v }
    }

    fn kpi() -> Kpi {
        let mut k = Kpi::new(KpiId(4), "Pipeline", Level::Department);
        k.description = "Qualified pipeline".into();
        k.measurements = vec![m(1, 10.0), m(8, 12.0)];
        k.tags = vec!["lead-volume".into()];
        k
    }

    /// `rebase(base, ours, now)` for a KPI bent three ways from one fixture.
    fn check(ours: impl Fn(&mut Kpi), now: impl Fn(&mut Kpi), expect: impl Fn(&mut Kpi)) {
        let base = kpi();
        let (mut o, mut n, mut e) = (kpi(), kpi(), kpi());
        ours(&mut o);
        now(&mut n);
        expect(&mut e);
        assert_eq!(Kpi::rebase(&base, &o, &n), e);
    }

    #[test]
    fn an_untouched_field_follows_the_model_and_a_touched_one_is_ours() {
        // The case: another tab added an actual, this form edited the description.
        check(
            |o| o.description = "Pipeline from qualified leads".into(),
            |n| n.measurements.push(m(15, 13.0)),
            |e| {
                e.description = "Pipeline from qualified leads".into();
                e.measurements.push(m(15, 13.0));
            },
        );
        // Both changed one field: the form's save is the later word.
        check(|o| o.name = "Ours".into(), |n| n.name = "Theirs".into(), |e| e.name = "Ours".into());
        // Nothing changed in the form: the model as it is now, whatever it became.
        check(|_| {}, |n| n.cadence = Cadence::Weekly, |e| e.cadence = Cadence::Weekly);
        check(
            |_| {},
            |n| n.lifecycle = Lifecycle::Retired { on: day(2), reason: "Merged".into() },
            |e| e.lifecycle = Lifecycle::Retired { on: day(2), reason: "Merged".into() },
        );
    }

    #[test]
    fn actuals_merge_date_by_date() {
        // Each side added one: both stay, in date order.
        check(
            |o| o.measurements.insert(1, m(5, 11.0)),
            |n| n.measurements.push(m(15, 13.0)),
            |e| e.measurements = vec![m(1, 10.0), m(5, 11.0), m(8, 12.0), m(15, 13.0)],
        );
        // Ours removed one and re-valued another; theirs added one.
        check(
            |o| o.measurements = vec![m(8, 12.5)],
            |n| n.measurements.push(m(15, 13.0)),
            |e| e.measurements = vec![m(8, 12.5), m(15, 13.0)],
        );
        // Theirs removed one ours did not touch: it stays removed.
        check(
            |o| o.measurements.push(m(20, 1.0)),
            |n| {
                n.measurements.remove(0);
            },
            |e| e.measurements = vec![m(8, 12.0), m(20, 1.0)],
        );
    }

    #[test]
    fn tags_and_contributors_merge_as_sets() {
        check(
            |o| o.tags.push("capacity".into()),
            |n| n.tags.insert(0, "quality".into()),
            |e| e.tags = vec!["quality".into(), "lead-volume".into(), "capacity".into()],
        );
        check(|o| o.tags.clear(), |n| n.tags.push("quality".into()), |e| e.tags = vec!["quality".into()]);
        check(
            |o| o.contributors.push(Contributor::Person(PersonId(2))),
            |n| n.contributors.push(Contributor::Department(DeptId(1))),
            |e| e.contributors = vec![Contributor::Department(DeptId(1)), Contributor::Person(PersonId(2))],
        );
    }

    #[test]
    fn the_organisation_keeps_the_other_tab_s_name_and_this_form_s_industry() {
        let base = Organisation { name: "Acme".into(), ..Organisation::default() };
        let now = Organisation { name: "Acme Group".into(), ..base.clone() };
        let ours = Organisation { industry: "Retail".into(), ..base.clone() };
        let saved = Organisation::rebase(&base, &ours, &now);
        assert_eq!((saved.name.as_str(), saved.industry.as_str()), ("Acme Group", "Retail"));
        assert_eq!(Organisation::rebase(&base, &base, &now), now);
        assert_eq!(Organisation::rebase(&base, &ours, &base), ours);
    }

    #[test]
    fn settings_merge_each_end_of_a_range() {
        let base = Settings::default();
        let mut ours = base.clone();
        ours.company_kpis.min = 2;
        let mut now = base.clone();
        now.company_kpis.max = 7;
        now.stale_periods = 9;
        let saved = Settings::rebase(&base, &ours, &now);
        assert_eq!(saved.company_kpis, Range::new(2, 7));
        assert_eq!(saved.stale_periods, 9);
    }

    #[test]
    fn the_other_entities_merge_field_by_field() {
        let base = Term::new(TermId(1), "ARR");
        let ours = Term { definition: "Annual recurring revenue".into(), ..base.clone() };
        let now = Term { owner: Some(PersonId(3)), ..base.clone() };
        assert_eq!(Term::rebase(&base, &ours, &now), Term { owner: Some(PersonId(3)), ..ours.clone() });

        let base = Person {
            id: PersonId(1),
            name: "Ana".into(),
            role: String::new(),
            department: None,
            manager: None,
        };
        let ours = Person { role: "Head of sales".into(), ..base.clone() };
        let now = Person { manager: Some(PersonId(2)), ..base.clone() };
        assert_eq!(Person::rebase(&base, &ours, &now), Person { manager: Some(PersonId(2)), ..ours.clone() });

        let base = Department { id: DeptId(1), name: "Sales".into(), head: None };
        let ours = Department { name: "Sales & success".into(), ..base.clone() };
        let now = Department { head: Some(PersonId(1)), ..base.clone() };
        assert_eq!(
            Department::rebase(&base, &ours, &now),
            Department { head: Some(PersonId(1)), ..ours.clone() }
        );

        let base = Dependency::new(DependencyId(1), KpiId(1), KpiId(2));
        let ours = Dependency { note: "Needs the release".into(), ..base.clone() };
        let now = Dependency { needed_by: Some(day(30)), ..base.clone() };
        assert_eq!(
            Dependency::rebase(&base, &ours, &now),
            Dependency { needed_by: Some(day(30)), ..ours.clone() }
        );
    }

    #[test]
    fn set_and_field_helpers() {
        assert_eq!(field(&1, &1, &3), 3);
        assert_eq!(field(&1, &2, &3), 2);
        assert_eq!(set(&[1, 2], &[1, 2], &[2, 3]), [2, 3]);
        assert_eq!(set(&[1, 2], &[2, 4], &[1, 2, 3]), [2, 3, 4]);
        assert_eq!(set::<u8>(&[], &[5], &[5]), [5]);
    }
}
