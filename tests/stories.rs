//! The templates tell their stories: each produces the findings its narrative implies,
//! on any date (the templates are built relative to `today`).

use interlock::checks::{self, Finding, RuleId, Severity};
use interlock::model::{query, Date, Model};
use interlock::templates;

const DATES: [&str; 3] = ["2026-11-23", "2027-06-15", "2028-02-29"];

fn each_date(id: &str, check: impl Fn(&Model, &[Finding], Date)) {
    let t = templates::by_id(id).unwrap_or_else(|| panic!("no template {id}"));
    for d in DATES {
        let today = Date::parse(d).unwrap();
        let m = t.build(today);
        let findings = checks::run(&m, today);
        check(&m, &findings, today);
    }
}

fn of(findings: &[Finding], rule: RuleId) -> Vec<&Finding> {
    findings.iter().filter(|f| f.rule == rule).collect()
}

fn names(m: &Model, f: &Finding) -> Vec<String> {
    f.kpis.iter().map(|k| query::kpi_name(m, *k)).collect()
}

#[test]
fn generic_flags_marketing_lead_volume_against_sales_lead_quality() {
    each_date("generic", |m, findings, today| {
        let known = of(findings, RuleId::KnownConflicts);
        assert_eq!(known.len(), 1, "{today}: {:?}", known.iter().map(|f| &f.title).collect::<Vec<_>>());
        let f = known[0];
        let involved = names(m, f);
        assert!(involved.iter().any(|n| n.contains("MQL volume")), "{involved:?}");
        assert!(involved.iter().any(|n| n.contains("Sales-accepted lead rate")), "{involved:?}");
        assert!(f.explanation.contains("lead volume vs lead quality"));
        assert!(f.title.contains("(Marketing)") && f.title.contains("(Sales)"));
    });
}

#[test]
fn launch_lists_the_sales_hiring_and_the_marketing_events_as_the_ripple_of_the_slip() {
    each_date("launch", |m, findings, today| {
        let timing = of(findings, RuleId::Timing);
        assert_eq!(timing.len(), 1, "{today}: one slipped prerequisite, the launch");
        let f = timing[0];
        assert_eq!(f.severity, Severity::Error);
        assert!(f.title.contains("launched\u{201d} slipped from"), "{}", f.title);
        let original = templates::original_launch(today);
        let slipped = templates::slipped_launch(today);
        assert!(f.title.contains(&original.human()) && f.title.contains(&slipped.human()), "{}", f.title);
        let ripple = f.explanation.split("The ripple").nth(1).expect("a ripple");
        assert!(ripple.contains("Specialised sales team hired") && ripple.contains("(Sales"), "{ripple}");
        assert!(ripple.contains("Launch events delivered") && ripple.contains("(Marketing"), "{ripple}");
        assert!(names(m, f).iter().any(|n| n.contains("New-product revenue")));
    });
}

#[test]
fn retail_has_no_orphans_and_its_cascade_is_sound() {
    each_date("retail", |_, findings, today| {
        for rule in [RuleId::Orphans, RuleId::Owner, RuleId::Structure, RuleId::Counts, RuleId::Rationale] {
            assert!(of(findings, rule).is_empty(), "{today}: {rule:?} fired: {:?}", of(findings, rule));
        }
    });
}

#[test]
fn the_fragmented_example_trips_the_count_orphan_and_owner_rules() {
    each_date("fragmented", |_, findings, _| {
        let counts = of(findings, RuleId::Counts);
        assert!(counts.iter().any(|f| f.title == "8 company KPIs; 3-5 keeps strategy clear"));
        assert!(counts.iter().any(|f| f.title == "Marketing has 11 department KPIs"));
        assert!(of(findings, RuleId::Orphans).len() >= 5);
        let owners = of(findings, RuleId::Owner);
        assert!(owners.iter().any(|f| f.title.contains("has no owner")));
        assert!(owners.iter().any(|f| f.title.contains("owned by a team (Growth squad)")));
        assert!(owners.iter().any(|f| f.title.contains("owned by the whole")));
        for rule in
            [RuleId::NoTarget, RuleId::Cadence, RuleId::ActivityAtDepartment, RuleId::Stability, RuleId::Data]
        {
            assert!(!of(findings, rule).is_empty(), "{rule:?} should fire on the fragmented model");
        }
    });
}

#[test]
fn the_finance_led_saas_model_is_clean() {
    each_date("saas", |_, findings, today| {
        let errors: Vec<&String> =
            findings.iter().filter(|f| f.severity != Severity::Info).map(|f| &f.title).collect();
        assert!(errors.is_empty(), "{today}: {errors:?}");
    });
}

#[test]
fn every_rule_fires_somewhere_in_the_templates_or_their_catalogue_entry_is_tested() {
    // The fragmented example alone exercises most rules; the stories cover the rest.
    let today = Date::parse(DATES[0]).unwrap();
    let mut fired = std::collections::BTreeSet::new();
    for t in templates::ALL.iter() {
        for f in checks::run(&t.build(today), today) {
            fired.insert(f.rule);
        }
    }
    for rule in [
        RuleId::Counts,
        RuleId::Orphans,
        RuleId::Owner,
        RuleId::KnownConflicts,
        RuleId::Timing,
        RuleId::StructuralConflict,
    ] {
        assert!(fired.contains(&rule), "{rule:?} fires in no template");
    }
}
