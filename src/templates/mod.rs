//! The worked examples, shipped as starting models.
//!
//! Each [`Template`] builds a complete, realistic model anchored on the `today` it is
//! given: a year and more of actuals up to the latest review date, company KPIs locked
//! more than a year ago, targets due at the end of the running fiscal year or quarter.
//! So a template never goes stale as real time passes, and the same `today` always gives
//! the same model (the actuals' noise is a hash of the KPI's name and the date).
//!
//! Four templates show good practice at different levels of maturity, each telling one
//! story the checks should find; `fragmented` shows what not to do. The `builder` keeps
//! them concise.

mod builder;
mod fragmented;
mod generic;
mod launch;
mod retail;
mod saas;

pub use launch::{original_launch, slipped_launch};

use crate::model::{Date, Model};

/// A worked example: a model built relative to `today`.
pub struct Template {
    /// Stable key, e.g. `retail`.
    pub id: &'static str,
    pub name: &'static str,
    /// One or two sentences on what the template shows.
    pub summary: &'static str,
}

impl Template {
    /// The template's model, its story told relative to `today`. (A method rather than a
    /// field holding the builder, so listing the templates does not reach their code,
    /// which the release build fetches only when a template is picked.)
    pub fn build(&self, today: Date) -> Model {
        match self.id {
            "generic" => generic::build(today),
            "retail" => retail::build(today),
            "saas" => saas::build(today),
            "launch" => launch::build(today),
            "fragmented" => fragmented::build(today),
            _ => Model::default(),
        }
    }
}

pub const ALL: [Template; 5] = [
    Template {
        id: "generic",
        name: "Generic cascade",
        summary: "Seven departments under four locked company KPIs: revenue growth, net profit margin, customer \
                  retention and EBITDA. Regrettable attrition feeds all four; marketing's lead volume and sales' \
                  lead quality pull against each other, unresolved.",
    },
    Template {
        id: "retail",
        name: "Retail",
        summary: "Stores and a web shop at high velocity: revenue growth 20% YoY, gross margin 42%, customer \
                  retention 68%. Retention is off track, and the diagnostic trace leads back to the \
                  returning-customer campaign three weeks earlier.",
    },
    Template {
        id: "saas",
        name: "SaaS / B2B services (finance-led)",
        summary: "ARR growth, net cash burn, gross margin and customer lifetime value, each with three or four \
                  leading indicators reviewed weekly; a glossary separating bookings from recognised revenue; \
                  resolved conflicts, recorded escalations and a quarterly retire/add decision. Two quarters of \
                  check-ins and reviews held, and a finance-led pilot cutting forecast variance.",
    },
    Template {
        id: "launch",
        name: "Product launch interlock",
        summary: "A product launch slipped by three quarters. Sales hiring, launch events and new-product revenue \
                  were all timed to the original date: the timing check lists them as the ripple of the slip.",
    },
    Template {
        id: "fragmented",
        name: "Fragmented (what not to do)",
        summary: "Eight unlocked company KPIs, an eleven-KPI marketing department, orphan and activity metrics, \
                  missing owners, quarterly reviews at high velocity, no shared definitions: the starting point \
                  of most companies.",
    },
];

/// The template with this id.
pub fn by_id(id: &str) -> Option<&'static Template> {
    ALL.iter().find(|t| t.id == id)
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, HashSet};

    use super::builder::{last_review, quarter_end};
    use super::*;
    use crate::model::query::Index;
    use crate::model::status::{self, off_track_since};
    use crate::model::*;

    fn todays() -> [Date; 4] {
        [
            Date::from_ymd(2026, 11, 23).unwrap(),
            Date::from_ymd(2027, 3, 31).unwrap(),
            Date::from_ymd(2028, 2, 29).unwrap(),
            Date::from_ymd(2025, 7, 6).unwrap(),
        ]
    }

    /// Every template built on every test date.
    fn all_models() -> Vec<(&'static Template, Date, Model)> {
        let mut out = Vec::new();
        for t in ALL.iter() {
            for today in todays() {
                out.push((t, today, t.build(today)));
            }
        }
        out
    }

    fn good() -> Vec<(&'static Template, Date, Model)> {
        all_models().into_iter().filter(|(t, _, _)| t.id != "fragmented").collect()
    }

    fn kpi<'m>(m: &'m Model, name: &str) -> &'m Kpi {
        m.kpis.iter().find(|k| k.name == name).unwrap_or_else(|| panic!("no KPI named {name}"))
    }

    /// Rebuilds the model from an empty one through `apply`, so every invariant the edits
    /// keep (unique ids, references that resolve, links one level up, no cycles, finite
    /// numbers, sorted actuals) holds for the template.
    fn replay(m: &Model) -> Model {
        let mut r = Model::default();
        let step = |r: &mut Model, e: Edit| {
            let shown = format!("{e:?}");
            if let Err(err) = apply(r, e) {
                panic!("{err}\nwhile applying {}", shown.chars().take(300).collect::<String>());
            }
        };
        let mut org = m.organisation.clone();
        org.alignment_owner = None;
        step(&mut r, Edit::Organisation(org));
        for d in &m.departments {
            step(&mut r, Edit::insert(Department { head: None, ..d.clone() }));
        }
        for p in &m.people {
            step(&mut r, Edit::insert(p.clone()));
        }
        for d in &m.departments {
            step(&mut r, Edit::update(d.clone()));
        }
        for t in &m.glossary {
            step(&mut r, Edit::insert(t.clone()));
        }
        for k in &m.kpis {
            step(&mut r, Edit::insert(k.clone()));
        }
        for l in &m.links {
            step(&mut r, Edit::insert(l.clone()));
        }
        for i in &m.influences {
            step(&mut r, Edit::insert(i.clone()));
        }
        for d in &m.dependencies {
            step(&mut r, Edit::insert(d.clone()));
        }
        for x in &m.governance.resolutions {
            step(&mut r, Edit::insert(x.clone()));
        }
        for x in &m.governance.escalations {
            step(&mut r, Edit::insert(x.clone()));
        }
        step(
            &mut r,
            Edit::GovernanceRules {
                escalate_after: m.governance.escalate_after,
                dispute_resolver: m.governance.dispute_resolver,
            },
        );
        for c in &m.check_ins {
            step(&mut r, Edit::insert(c.clone()));
        }
        for x in &m.meetings {
            step(&mut r, Edit::insert(x.clone()));
        }
        for p in &m.pilots {
            step(&mut r, Edit::insert(p.clone()));
        }
        step(&mut r, Edit::Organisation(m.organisation.clone()));
        step(&mut r, Edit::Settings(m.settings.clone()));
        // The change log is history, not an edit.
        r.governance.change_log = m.governance.change_log.clone();
        r
    }

    #[test]
    fn ids_are_unique_and_every_template_is_found_by_id() {
        let ids: HashSet<&str> = ALL.iter().map(|t| t.id).collect();
        assert_eq!(ids.len(), ALL.len());
        for t in ALL.iter() {
            assert_eq!(by_id(t.id).map(|x| x.name), Some(t.name));
            assert!(!t.summary.is_empty() && !t.name.is_empty());
        }
        assert!(by_id("nope").is_none());
    }

    #[test]
    fn the_same_today_builds_the_same_model() {
        for t in ALL.iter() {
            for today in todays() {
                assert_eq!(t.build(today), t.build(today), "{} on {today}", t.id);
            }
            let [a, b, ..] = todays();
            assert_ne!(t.build(a), t.build(b), "{} ignores today", t.id);
        }
    }

    #[test]
    fn every_entity_passes_validation_when_replayed_as_edits() {
        for (t, today, m) in all_models() {
            let r = replay(&m);
            assert_eq!(r, m, "{} on {today}: replaying changed the model", t.id);
            assert_eq!(m.settings, Settings::default(), "{}", t.id);
            let ids: HashSet<KpiId> = m.kpis.iter().map(|k| k.id).collect();
            for e in &m.governance.change_log {
                assert!(e.kpis.iter().all(|k| ids.contains(k)), "{}: change log names a missing KPI", t.id);
                assert!(e.at.date() <= today, "{}: change log entry in the future", t.id);
            }
            for k in &m.kpis {
                assert!(
                    k.measurements.iter().all(|x| x.date <= today),
                    "{}: {} has future actuals",
                    t.id,
                    k.name
                );
                for tag in &k.tags {
                    assert_eq!(tag, &tag.trim().to_lowercase(), "{}: tags are stored lower-case", t.id);
                }
            }
        }
    }

    #[test]
    fn good_templates_have_three_to_five_locked_company_kpis_locked_over_a_year_ago() {
        for (t, today, m) in good() {
            let company: Vec<&Kpi> =
                m.kpis.iter().filter(|k| k.is_active() && k.level == Level::Company).collect();
            assert!((3..=5).contains(&company.len()), "{}: {} company KPIs", t.id, company.len());
            for k in &company {
                let locked = k.locked.unwrap_or_else(|| panic!("{}: {} not locked", t.id, k.name));
                assert!(locked <= today.add_months(-14), "{}: {} locked on {locked}", t.id, k.name);
            }
            let ids: HashSet<KpiId> = company.iter().map(|k| k.id).collect();
            for e in &m.governance.change_log {
                if e.kpis.iter().any(|k| ids.contains(k)) {
                    assert!(
                        e.at.date() < today.add_months(-12),
                        "{}: company KPIs changed recently: {}",
                        t.id,
                        e.what
                    );
                }
            }
            assert!(m.governance.change_log.iter().any(|e| e.at.date() < today.add_months(-12)), "{}", t.id);
        }
    }

    #[test]
    fn good_templates_name_one_person_accountable_for_every_kpi() {
        for (t, _, m) in good() {
            let mut owned: BTreeMap<PersonId, usize> = BTreeMap::new();
            let mut per_dept: BTreeMap<DeptId, usize> = BTreeMap::new();
            for k in m.kpis.iter().filter(|k| k.is_active()) {
                let p =
                    k.owner_person().unwrap_or_else(|| panic!("{}: {} has no person as owner", t.id, k.name));
                *owned.entry(p).or_default() += 1;
                if k.level != Level::Company {
                    *per_dept.entry(k.department.expect("department")).or_default() += 1;
                }
            }
            assert!(owned.values().all(|n| *n <= 5), "{}: someone owns more than five KPIs: {owned:?}", t.id);
            assert!(
                per_dept.values().all(|n| *n <= 8),
                "{}: a department has more than eight: {per_dept:?}",
                t.id
            );
            // A real reporting line up to one CEO; every department has a head.
            let tops: Vec<&Person> = m.people.iter().filter(|p| p.manager.is_none()).collect();
            assert_eq!(tops.len(), 1, "{}", t.id);
            assert!(m.departments.iter().all(|d| d.head.is_some()), "{}", t.id);
            assert!(m.people.iter().all(|p| !p.role.is_empty()), "{}", t.id);
            assert!(
                m.organisation.alignment_owner.is_some() && m.governance.dispute_resolver.is_some(),
                "{}",
                t.id
            );
        }
    }

    #[test]
    fn good_templates_have_a_year_of_actuals_up_to_the_latest_review() {
        for (t, today, m) in good() {
            for k in m.kpis.iter().filter(|k| k.is_active()) {
                let (first, last) = (k.measurements[0].date, k.latest().unwrap().date);
                assert_eq!(last, last_review(today, k.cadence), "{}: {}", t.id, k.name);
                assert!(today.days_since(last) < k.cadence.days(), "{}: {} ends on {last}", t.id, k.name);
                assert!(first <= today.add_months(-12), "{}: {} starts on {first}", t.id, k.name);
                let min = match k.cadence {
                    Cadence::Weekly => 52,
                    Cadence::Biweekly => 26,
                    Cadence::Monthly => 12,
                    Cadence::Quarterly => 4,
                    Cadence::Annually => 1,
                };
                assert!(k.measurements.len() >= min, "{}: {} has {}", t.id, k.name, k.measurements.len());
            }
        }
    }

    #[test]
    fn good_templates_are_fully_specified() {
        for (t, today, m) in good() {
            let active: Vec<&Kpi> = m.kpis.iter().filter(|k| k.is_active()).collect();
            let with_thresholds = active.iter().filter(|k| k.thresholds.is_some()).count();
            assert!(with_thresholds * 10 >= active.len() * 8, "{}: thresholds on most KPIs", t.id);
            for k in &active {
                let what = format!("{}: {}", t.id, k.name);
                let target = k.target.unwrap_or_else(|| panic!("{what}: no target"));
                assert!(target.due.is_some_and(|d| d >= today), "{what}: target due date");
                assert!(k.term.is_some() && !k.data_source.is_empty() && k.data_available, "{what}");
                assert!(!k.description.is_empty(), "{what}: description");
                if k.level == Level::Department {
                    assert_eq!(k.kind, Kind::Outcome, "{what}: activity metric at department level");
                }
                let ok = match (m.organisation.velocity, k.level) {
                    (_, Level::Company) => matches!(k.cadence, Cadence::Monthly | Cadence::Quarterly),
                    (Velocity::High, _) => k.cadence == Cadence::Weekly,
                    _ => matches!(k.cadence, Cadence::Weekly | Cadence::Biweekly),
                };
                assert!(ok, "{what}: cadence {:?}", k.cadence);
            }
            for term in &m.glossary {
                let full = [
                    &term.definition,
                    &term.formula,
                    &term.timing,
                    &term.recognition,
                    &term.source,
                    &term.example,
                ];
                assert!(full.iter().all(|s| !s.is_empty()), "{}: term {} incomplete", t.id, term.name);
                assert!(term.unit.is_some() && term.owner.is_some(), "{}: term {}", t.id, term.name);
                if term.unit == Some(Unit::Currency) {
                    assert_eq!(term.currency, m.organisation.currency, "{}: term {}", t.id, term.name);
                }
            }
            let names: HashSet<&str> = m.glossary.iter().map(|x| x.name.as_str()).collect();
            assert_eq!(names.len(), m.glossary.len(), "{}: one definition per name", t.id);
            let by_id: BTreeMap<KpiId, &Kpi> = m.kpis.iter().map(|k| (k.id, k)).collect();
            for l in &m.links {
                let words = l.rationale.split_whitespace().count();
                assert!(words >= 8, "{}: weak rationale {:?}", t.id, l.rationale);
                if by_id[&l.child].indicator == Indicator::Leading {
                    assert!(
                        l.lag_days.is_some_and(|d| (30..=60).contains(&d)),
                        "{}: lag of a leading link",
                        t.id
                    );
                }
            }
            assert!(
                m.influences.iter().any(|i| i.sign == Sign::Negative),
                "{}: a negative side effect",
                t.id
            );
        }
    }

    #[test]
    fn good_templates_operationalise_every_company_kpi_with_leading_indicators() {
        for (t, _, m) in good() {
            let by_id: BTreeMap<KpiId, &Kpi> = m.kpis.iter().map(|k| (k.id, k)).collect();
            for c in m.kpis.iter().filter(|k| k.level == Level::Company) {
                let leading = m
                    .links
                    .iter()
                    .filter(|l| l.parent == c.id)
                    .filter(|l| {
                        by_id[&l.child].is_active() && by_id[&l.child].indicator == Indicator::Leading
                    })
                    .count();
                assert!((2..=4).contains(&leading), "{}: {} has {leading} leading indicators", t.id, c.name);
            }
            for d in &m.departments {
                let lead =
                    m.kpis.iter().any(|k| k.department == Some(d.id) && k.indicator == Indicator::Leading);
                assert!(lead, "{}: {} measures lagging results only", t.id, d.name);
            }
        }
    }

    #[test]
    fn every_kpi_of_the_retail_template_has_a_path_up_to_a_company_kpi() {
        for today in todays() {
            let m = by_id("retail").unwrap().build(today);
            let index = Index::new(&m);
            for (i, k) in m.kpis.iter().enumerate().filter(|(_, k)| k.level != Level::Company) {
                let up = index.ancestors(i).into_iter().any(|a| m.kpis[a].level == Level::Company);
                assert!(up, "retail on {today}: {} is an orphan", k.name);
            }
        }
    }

    #[test]
    fn the_retail_trace_leads_back_to_the_returning_customer_campaign() {
        for today in todays() {
            let m = by_id("retail").unwrap().build(today);
            let since = |name: &str| {
                off_track_since(kpi(&m, name), today)
                    .unwrap_or_else(|| panic!("{name} is not off track on {today}"))
            };
            let campaign = since("Returning-customer campaign response rate");
            let repeat = since("Repeat purchase rate");
            let retention = since("Customer retention");
            assert!(campaign < repeat && repeat < retention, "{today}: {campaign} {repeat} {retention}");
            assert!((18..=24).contains(&retention.days_since(campaign)), "{today}: three weeks before");
            // Nothing else under retention went off track before the campaign did.
            let index = Index::new(&m);
            let pos = m.kpis.iter().position(|k| k.name == "Customer retention").unwrap();
            for d in index.descendants(pos) {
                if let Some(s) = off_track_since(&m.kpis[d], today) {
                    assert!(s >= campaign, "{today}: {} went off track first", m.kpis[d].name);
                }
            }
        }
    }

    #[test]
    fn the_launch_slipped_past_every_commitment_timed_to_it() {
        for today in todays() {
            let m = by_id("launch").unwrap().build(today);
            let launch = kpi(&m, "Product X launched");
            let (q, s) = (original_launch(today), slipped_launch(today));
            assert_eq!(q, quarter_end(today.add_days(60)));
            assert_eq!(s, quarter_end(q.add_months(9)));
            assert_eq!(launch.level, Level::Department);
            assert_eq!(launch.target.and_then(|t| t.due), Some(s));
            for name in ["Specialised sales team hired", "Launch events delivered", "New-product revenue"] {
                let k = kpi(&m, name);
                let d = m
                    .dependencies
                    .iter()
                    .find(|d| d.dependent == k.id && d.prerequisite == launch.id)
                    .unwrap_or_else(|| panic!("{name} does not depend on the launch"));
                assert_eq!(d.committed, Some(q), "{name}");
                assert!(s > q && d.needed_by.is_some_and(|n| s > n), "{name}");
                assert!(k.target.and_then(|t| t.due).is_some_and(|due| s > due), "{name}");
            }
            for name in ["Specialised sales team hired", "Launch events delivered"] {
                let k = kpi(&m, name);
                let prereqs: Vec<KpiId> =
                    m.dependencies.iter().filter(|d| d.dependent == k.id).map(|d| d.prerequisite).collect();
                assert_eq!(prereqs, vec![launch.id], "{name} depends only on the launch");
            }
            assert_eq!(kpi(&m, "Specialised sales team hired").target.and_then(|t| t.due), Some(q));
            assert_eq!(
                kpi(&m, "Launch events delivered").target.and_then(|t| t.due),
                Some(quarter_end(q.add_months(3)))
            );
        }
    }

    #[test]
    fn the_generic_cascade_holds_the_lead_volume_vs_lead_quality_conflict_unresolved() {
        for today in todays() {
            let m = by_id("generic").unwrap().build(today);
            let dept = |name: &str| m.departments.iter().find(|d| d.name == name).map(|d| d.id);
            let volume = m.kpis.iter().find(|k| k.has_tag(tags::LEAD_VOLUME)).expect("lead volume");
            let quality = m.kpis.iter().find(|k| k.has_tag(tags::LEAD_QUALITY)).expect("lead quality");
            assert_eq!(volume.department, dept("Marketing"));
            assert_eq!(quality.department, dept("Sales"));
            let pair = if volume.id < quality.id { (volume.id, quality.id) } else { (quality.id, volume.id) };
            assert!(m.governance.resolutions.iter().all(|r| r.kpis != pair));
            let attrition = kpi(&m, "Regrettable attrition");
            for c in m.kpis.iter().filter(|k| k.level == Level::Company) {
                assert!(m.links.iter().any(|l| l.child == attrition.id && l.parent == c.id), "{}", c.name);
            }
            let off = m.kpis.iter().filter(|k| status::current(k, today) == status::Status::OffTrack).count();
            assert!(off >= 1 && off * 4 < m.kpis.len(), "{today}: {off} off track");
        }
    }

    #[test]
    fn the_saas_template_resolves_its_conflicts_and_escalates_what_stays_off_track() {
        const PAIRS: [(&str, &str); 4] = [
            (tags::ORDER_VOLUME, tags::CAPACITY),
            (tags::LEAD_VOLUME, tags::LEAD_QUALITY),
            (tags::RETENTION, tags::RELEASE_VELOCITY),
            (tags::COST_REDUCTION, tags::HEADCOUNT_GROWTH),
        ];
        for today in todays() {
            let m = by_id("saas").unwrap().build(today);
            let active: Vec<&Kpi> = m.kpis.iter().filter(|k| k.is_active()).collect();
            let mut pairs = 0;
            for (a, b) in PAIRS {
                for x in active.iter().filter(|k| k.has_tag(a)) {
                    for y in active.iter().filter(|k| k.has_tag(b) && k.department != x.department) {
                        let key = if x.id < y.id { (x.id, y.id) } else { (y.id, x.id) };
                        assert!(
                            m.governance.resolutions.iter().any(|r| r.kpis == key),
                            "{} vs {}",
                            x.name,
                            y.name
                        );
                        pairs += 1;
                    }
                }
            }
            assert!(pairs >= 2, "the template includes known conflict pairs");
            let after = m.governance.escalate_after as usize;
            for k in &active {
                if status::off_track_run(k, today) >= after {
                    assert!(
                        m.governance.escalations.iter().any(|e| e.kpi == k.id),
                        "{today}: {} not escalated",
                        k.name
                    );
                }
            }
            let retired = m.kpis.iter().find(|k| !k.is_active()).expect("a retired KPI");
            assert!(matches!(&retired.lifecycle, Lifecycle::Retired { reason, .. } if !reason.is_empty()));
            assert!(m
                .governance
                .change_log
                .iter()
                .any(|e| e.kpis.contains(&retired.id) && e.what.contains("retired")));
            let term =
                |n: &str| m.glossary.iter().find(|t| t.name == n).unwrap_or_else(|| panic!("term {n}"));
            assert_ne!(term("Bookings").recognition, term("Recognised revenue").recognition);
            assert!(!term("ARR").definition.is_empty());
        }
    }

    #[test]
    fn the_fragmented_template_breaks_the_rules_on_purpose() {
        for today in todays() {
            let m = by_id("fragmented").unwrap().build(today);
            let company: Vec<&Kpi> = m.kpis.iter().filter(|k| k.level == Level::Company).collect();
            assert_eq!(company.len(), 8);
            assert!(company.iter().all(|k| k.locked.is_none()));
            let most = m
                .departments
                .iter()
                .map(|d| {
                    m.kpis
                        .iter()
                        .filter(|k| k.level == Level::Department && k.department == Some(d.id))
                        .count()
                })
                .max();
            assert_eq!(most, Some(11));
            let index = Index::new(&m);
            let orphans = (0..m.kpis.len())
                .filter(|&i| m.kpis[i].level != Level::Company)
                .filter(|&i| !index.ancestors(i).into_iter().any(|a| m.kpis[a].level == Level::Company))
                .count();
            assert!(orphans >= 3, "{orphans} orphans");
            assert!(m.kpis.iter().any(|k| k.owner.is_none()));
            assert!(m.kpis.iter().any(|k| k.owner == Some(Owner::Team("Growth squad".into()))));
            assert!(m.kpis.iter().any(|k| matches!(k.owner, Some(Owner::Department(_)))));
            assert!(m.kpis.iter().any(|k| k.name == "Increase customer satisfaction" && k.target.is_none()));
            assert!(m.kpis.iter().any(|k| !k.data_available && k.data_source.is_empty()));
            assert!(m.kpis.iter().any(|k| k.level == Level::Department && k.kind == Kind::Activity));
            assert!(m.kpis.iter().any(|k| k.level == Level::Department && k.cadence == Cadence::Quarterly));
            assert!(m.kpis.iter().filter(|k| k.term.is_none()).count() * 2 > m.kpis.len());
            assert!(m.links.iter().all(|l| l.rationale.split_whitespace().count() <= 1));
        }
    }
}
