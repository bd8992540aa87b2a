//! Rule 6: no single accountable owner — no owner, or a team or department named as
//! owner instead of one person.

use std::collections::BTreeSet;

use crate::checks::catalogue::{self, RuleInfo};
use crate::checks::{list, Ctx, Finding, RuleId, Severity};
use crate::model::{Contributor, Owner};

pub const INFO: RuleInfo = RuleInfo {
    rule: RuleId::Owner,
    title: "No single accountable owner",
    checks: "Every active KPI has exactly one named person as owner, including KPIs several departments contribute to.",
    why: "When a team, a department or nobody owns a KPI, nobody is accountable for it: a shared metric without a primary owner is the hand-off where revenue gets lost.",
    thresholds: catalogue::none,
};

pub fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    for (i, k) in cx.active() {
        let mut depts: BTreeSet<String> = BTreeSet::new();
        for c in &k.contributors {
            match c {
                Contributor::Department(d) => {
                    depts.insert(cx.dept_name(Some(*d)));
                }
                Contributor::Person(p) => {
                    if let Some(d) = cx.idx.person(cx.m, *p).and_then(|p| p.department) {
                        depts.insert(cx.dept_name(Some(d)));
                    }
                }
            }
        }
        let shared = depts.len() >= 2;
        let (severity, title, why) = match &k.owner {
            Some(Owner::Person(_)) => continue,
            None if shared => (
                Severity::Error,
                format!("{} is shared by {} but owned by nobody", cx.q(i), list(depts.iter().cloned(), 4)),
                format!(
                    "{} and others work on {}, and no one person is accountable for it: this is the hand-off where results get lost.",
                    list(depts.iter().cloned(), 4),
                    cx.q(i)
                ),
            ),
            None => (
                Severity::Error,
                format!("{} has no owner", cx.q(i)),
                format!("Nobody is accountable for {}: when it goes off track, nobody is expected to act.", cx.q(i)),
            ),
            Some(Owner::Team(t)) => (
                Severity::Warning,
                format!("{} is owned by a team ({t})", cx.q(i)),
                format!("{} names the team \u{201c}{t}\u{201d} as owner; a team cannot be held accountable, one person can.", cx.q(i)),
            ),
            Some(Owner::Department(d)) => (
                Severity::Warning,
                format!("{} is owned by the whole {} department", cx.q(i), cx.dept_name(Some(*d))),
                format!(
                    "{} names a department as owner; a department cannot be held accountable, one person can (often its head).",
                    cx.q(i)
                ),
            ),
        };
        out.push(
            Finding::new(RuleId::Owner, severity, format!("k{}", k.id.0))
                .text(title, why, "Name one person as owner; list the others as contributors.")
                .kpis([k.id])
                .departments(k.department),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testkit::*;
    use crate::checks::{RuleId, Severity};
    use crate::model::*;

    #[test]
    fn personal_owners_pass() {
        expect(&healthy().run(RuleId::Owner), 0, &[]);
    }

    #[test]
    fn each_kind_of_missing_accountability_is_named() {
        let mut fx = healthy();
        fx.get(10).owner = None;
        fx.get(11).owner = Some(Owner::Team("Growth squad".into()));
        fx.get(12).owner = Some(Owner::Department(DeptId(1)));
        fx.get(13).owner = None;
        fx.get(13).contributors = vec![Contributor::Department(DeptId(1)), Contributor::Person(PersonId(3))];
        let f = fx.run(RuleId::Owner);
        assert_eq!(f.len(), 4);
        assert!(
            f[0].title.contains("\u{201c}Dept 1 for 1\u{201d} has no owner")
                && f[0].severity == Severity::Error
        );
        assert!(f[1].title.contains("owned by a team (Growth squad)") && f[1].severity == Severity::Warning);
        assert!(f[2].title.contains("owned by the whole Sales department"));
        assert!(f[3].title.contains("shared by Marketing and Sales but owned by nobody"));
    }
}
