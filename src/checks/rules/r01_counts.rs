//! Rule 1: too many or too few company KPIs; a department or a person with too many.

use crate::checks::catalogue::RuleInfo;
use crate::checks::{count, list_of, Ctx, Finding, RuleId, Severity};
use crate::model::{Level, PersonId};

pub const INFO: RuleInfo = RuleInfo {
    rule: RuleId::Counts,
    title: "KPI counts",
    checks: "How many company KPIs there are, how many department KPIs each department has, and how many team KPIs each person owns.",
    why: "More than five company KPIs signals strategic confusion; none leaves nothing to align to. A department with too many KPIs loses focus, and nobody can act on more than a handful of their own.",
    thresholds: |s| {
        format!(
            "{} company KPIs; at most {} department KPIs per department ({} keeps a team focused); at most {} team KPIs per person.",
            s.company_kpis, s.department_kpis.max, s.department_kpis, s.person_kpis.max
        )
    },
};

pub fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    let s = cx.s;
    let company: Vec<usize> =
        cx.active().filter(|(_, k)| k.level == Level::Company).map(|(i, _)| i).collect();
    let n = company.len();
    let names = || list_of(&company, 8, |&i| cx.q(i));
    // A model with no KPIs at all is a new one: its empty state says where to start, and
    // a finding would be noise. With KPIs but none at the company level, it is an error.
    if n == 0 {
        if cx.active().next().is_none() {
            return;
        }
        out.push(Finding::new(RuleId::Counts, Severity::Error, "company").text(
            "There are no company KPIs".into(),
            "Without company KPIs there is nothing for department KPIs to align to: every department measures itself.".into(),
            format!("Agree {} company KPIs with the leadership team and add them at the company level.", s.company_kpis),
        ));
    } else if n > s.company_kpis.max as usize {
        out.push(
            Finding::new(RuleId::Counts, Severity::Warning, "company")
                .text(
                    format!("{} company KPIs; {} keeps strategy clear", n, s.company_kpis),
                    format!(
                        "The company is measured by {n} KPIs ({}). More than {} signals strategic confusion: departments can each pick the ones that make them look good.",
                        names(),
                        s.company_kpis.max
                    ),
                    "Keep the few outcomes the board actually steers by; move the rest down to the department that owns them, or retire them.",
                )
                .kpis(company.iter().map(|&i| cx.kpi(i).id)),
        );
    } else if n < s.company_kpis.min as usize {
        out.push(
            Finding::new(RuleId::Counts, Severity::Info, "company")
                .text(
                    format!("Only {} company KPI{}", n, if n == 1 { "" } else { "s" }),
                    format!(
                        "The company is measured by {} ({}); {} usually covers growth, profitability and customers without gaps.",
                        count(n, "KPI", "KPIs"),
                        names(),
                        s.company_kpis
                    ),
                    "Check that every outcome the company steers by has a company KPI.",
                )
                .kpis(company.iter().map(|&i| cx.kpi(i).id)),
        );
    }

    let mut depts: Vec<_> = cx.by_department().into_iter().collect();
    crate::order::sort_by_key(&mut depts, |(d, _)| *d);
    for (d, ks) in depts {
        let dept_level: Vec<usize> =
            ks.into_iter().filter(|&i| cx.kpi(i).level == Level::Department).collect();
        let n = dept_level.len();
        if n > s.department_kpis.max as usize {
            let name = cx.dept_name(Some(d));
            out.push(
                Finding::new(RuleId::Counts, Severity::Warning, format!("dept:{}", d.0))
                    .text(
                        format!("{name} has {n} department KPIs"),
                        format!(
                            "{name} has {n} department KPIs ({}); {} keeps a team focused on what moves the company.",
                            list_of(&dept_level, 5, |&i| cx.q(i)),
                            s.department_kpis
                        ),
                        "Keep the ones that feed a company KPI most directly; move activity measures down to team KPIs, or retire them.",
                    )
                    .kpis(dept_level.iter().map(|&i| cx.kpi(i).id))
                    .departments([d]),
            );
        }
    }

    let mut owned: Vec<(PersonId, usize)> = cx
        .active()
        .filter(|(_, k)| k.level == Level::Team)
        .filter_map(|(i, k)| Some((k.owner_person()?, i)))
        .collect();
    crate::order::sort(&mut owned);
    for run in owned.chunk_by(|a, b| a.0 == b.0) {
        let (p, n) = (run[0].0, run.len());
        let ks: Vec<usize> = run.iter().map(|&(_, i)| i).collect();
        if n > s.person_kpis.max as usize {
            let name = cx.person_name(p);
            out.push(
                Finding::new(RuleId::Counts, Severity::Warning, format!("person:{}", p.0))
                    .text(
                        format!("{name} owns {n} team KPIs"),
                        format!(
                            "{name} owns {n} team KPIs ({}); nobody can act on more than {} at a time.",
                            list_of(&ks, 5, |&i| cx.q(i)),
                            s.person_kpis.max
                        ),
                        "Hand some to the people who do the work, merge overlapping ones, or retire those nobody reviews.",
                    )
                    .kpis(ks.iter().map(|&i| cx.kpi(i).id))
                    .people([p]),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testkit::*;
    use crate::checks::{RuleId, Severity};
    use crate::model::*;

    #[test]
    fn a_healthy_model_has_no_count_finding() {
        expect(&healthy().run(RuleId::Counts), 0, &[]);
    }

    #[test]
    fn a_new_empty_model_has_no_count_finding() {
        expect(&Fx::new().run(RuleId::Counts), 0, &[]);
    }

    #[test]
    fn no_company_kpi_is_an_error() {
        let mut fx = Fx::new();
        fx.kpi(1, "Pipeline conversion", Level::Department, Some(1));
        let f = fx.run(RuleId::Counts);
        expect(&f, 1, &["no company KPIs", "nothing for department KPIs to align to"]);
        assert_eq!(f[0].severity, Severity::Error);
    }

    #[test]
    fn six_company_kpis_are_named_and_counted() {
        let mut fx = healthy();
        for id in 4..=6 {
            fx.kpi(id, &format!("Extra {id}"), Level::Company, None);
        }
        let f = fx.run(RuleId::Counts);
        expect(&f, 1, &["6 company KPIs", "3-5", "\u{201c}Extra 6\u{201d}"]);
        // Retired KPIs do not count: back to five.
        fx.get(6).lifecycle = Lifecycle::Retired { on: today(), reason: "x".into() };
        expect(&fx.run(RuleId::Counts), 0, &[]);
    }

    #[test]
    fn a_department_with_ten_kpis_is_flagged_and_eight_is_not() {
        let mut fx = healthy();
        for id in 200..206 {
            fx.kpi(id, &format!("Marketing extra {id}"), Level::Department, Some(2));
        }
        // Marketing now has 3 + 6 = 9.
        let f = fx.run(RuleId::Counts);
        expect(&f, 1, &["Marketing has 9 department KPIs", "5-8 keeps a team focused"]);
        assert_eq!(f[0].departments, [DeptId(2)]);
        fx.m.kpis.retain(|k| k.id != KpiId(205));
        expect(&fx.run(RuleId::Counts), 0, &[]);
    }

    #[test]
    fn a_person_with_six_team_kpis_is_flagged() {
        let mut fx = healthy();
        for id in 300..303 {
            fx.kpi(id, &format!("Sam task {id}"), Level::Team, Some(1));
        }
        // Sam owns the three team KPIs of Sales plus three more.
        let f = fx.run(RuleId::Counts);
        expect(&f, 1, &["Sam owns 6 team KPIs", "more than 5"]);
        assert_eq!(f[0].people, [PersonId(2)]);
    }
}
