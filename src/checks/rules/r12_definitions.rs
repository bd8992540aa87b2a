//! Rule 12: definition conflicts — one metric name meaning different things in
//! different departments (definition, unit or recognition rule), duplicate glossary
//! terms that disagree, and KPIs with no agreed definition.

use std::collections::{BTreeMap, HashMap};

use crate::checks::catalogue::{self, RuleInfo};
use crate::checks::{count, grouped, list, list_of, quote, Ctx, Finding, RuleId, Severity, NAMED};
use crate::model::{DeptId, Level, Term};

pub const INFO: RuleInfo = RuleInfo {
    rule: RuleId::Definitions,
    title: "Definition conflicts",
    checks: "KPIs with the same name in different departments share one definition, unit and recognition rule; glossary terms with the same name agree; every KPI points at a glossary definition.",
    why: "When Sales' revenue counts bookings and Finance's counts recognised revenue, both are accurate and the executives spend the meeting reconciling them instead of deciding.",
    thresholds: catalogue::none,
};

/// A name reduced to letters and digits, lower case: "Net  Revenue!" -> "net revenue".
pub fn normalise(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut gap = false;
    for c in name.chars() {
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
        } else {
            gap = true;
        }
    }
    out
}

/// FNV-1a of the normalised form of a name, computed without building it.
fn name_hash(name: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut gap = false;
    let mut started = false;
    let mut feed = |b: u8| {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    };
    if name.is_ascii() {
        for b in name.bytes() {
            if b.is_ascii_alphanumeric() {
                if gap && started {
                    feed(b' ');
                }
                gap = false;
                started = true;
                feed(b.to_ascii_lowercase());
            } else {
                gap = true;
            }
        }
        return h;
    }
    for c in name.chars() {
        if c.is_alphanumeric() {
            if gap && started {
                feed(b' ');
            }
            gap = false;
            started = true;
            if c.is_ascii() {
                feed(c.to_ascii_lowercase() as u8);
            } else {
                for l in c.to_lowercase() {
                    let mut buf = [0; 4];
                    for b in l.encode_utf8(&mut buf).bytes() {
                        feed(b);
                    }
                }
            }
        } else {
            gap = true;
        }
    }
    h
}

fn differences(a: &Term, b: &Term) -> Vec<String> {
    let mut out = Vec::new();
    if normalise(&a.definition) != normalise(&b.definition) {
        out.push("definition".to_string());
    }
    if a.unit != b.unit {
        out.push("unit".to_string());
    }
    if normalise(&a.recognition) != normalise(&b.recognition) {
        out.push(format!("recognition rule ({} vs {})", shown(&a.recognition), shown(&b.recognition)));
    }
    out
}

fn shown(s: &str) -> String {
    if s.trim().is_empty() {
        "none".into()
    } else {
        quote(s.trim())
    }
}

pub fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    let m = cx.m;
    // Glossary terms with one name and different contents.
    let mut terms: BTreeMap<String, Vec<&Term>> = BTreeMap::new();
    for t in &m.glossary {
        terms.entry(normalise(&t.name)).or_default().push(t);
    }
    for (name, ts) in &terms {
        if ts.len() < 2 {
            continue;
        }
        let diffs = differences(ts[0], ts[1]);
        if diffs.is_empty() {
            continue;
        }
        out.push(
            Finding::new(RuleId::Definitions, Severity::Warning, format!("terms:{name}"))
                .text(
                    format!("The glossary defines {} {} times, differently", quote(&ts[0].name), ts.len()),
                    format!("The entries for {} differ in {}: whichever one a KPI points at, someone will read it the other way.", quote(&ts[0].name), list(diffs, 3)),
                    "Merge them into one term with one owner, or rename them so the difference is in the name (e.g. bookings vs recognised revenue).",
                ),
        );
    }

    // One KPI name, several departments, different meaning.
    // Group by a hash of the normalised name (no allocation per KPI), then confirm the
    // rare repeats with the real strings.
    let mut hashed: Vec<(u64, usize)> = cx.active().map(|(i, k)| (name_hash(&k.name), i)).collect();
    crate::order::sort(&mut hashed);
    let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
    for run in hashed.chunk_by(|a, b| a.0 == b.0).filter(|r| r.len() > 1) {
        for &(_, i) in run {
            by_name.entry(normalise(&cx.kpi(i).name)).or_default().push(i);
        }
    }
    let mut by_name: Vec<(String, Vec<usize>)> = by_name.into_iter().filter(|(_, ks)| ks.len() > 1).collect();
    for (_, ks) in &mut by_name {
        crate::order::sort(ks);
    }
    crate::order::sort(&mut by_name);
    for (name, ks) in &by_name {
        let mut depts: Vec<Option<DeptId>> = ks.iter().map(|&i| cx.kpi(i).department).collect();
        crate::order::sort(&mut depts);
        depts.dedup();
        if ks.len() < 2 || depts.len() < 2 {
            continue;
        }
        let first = cx.kpi(ks[0]);
        let mut issues: Vec<String> = Vec::new();
        let mut more_issues = 0usize;
        for &i in &ks[1..] {
            if issues.len() >= NAMED {
                // Name a few differences; count the other KPIs of that name elsewhere.
                more_issues += usize::from(cx.kpi(i).department != first.department);
                continue;
            }
            let k = cx.kpi(i);
            if k.department == first.department {
                continue;
            }
            if k.unit != first.unit {
                issues.push(format!(
                    "{} counts it in {} and {} in {}",
                    cx.dept_name(first.department),
                    first.unit.label(),
                    cx.dept_name(k.department),
                    k.unit.label()
                ));
            }
            let term = |t: Option<crate::model::TermId>| t.and_then(|t| cx.idx.term(m, t));
            match (term(first.term), term(k.term)) {
                (Some(a), Some(b)) if a.id != b.id => {
                    let d = differences(a, b);
                    if !d.is_empty() || normalise(&a.name) != normalise(&b.name) {
                        issues.push(format!(
                            "{} defines it by {} and {} by {}{}",
                            cx.dept_name(first.department),
                            quote(&a.name),
                            cx.dept_name(k.department),
                            quote(&b.name),
                            if d.is_empty() { String::new() } else { format!(" (different {})", list(d, 3)) }
                        ));
                    }
                }
                (Some(_), None) | (None, Some(_)) => issues.push(format!(
                    "{} has a glossary definition for it and {} does not",
                    cx.dept_name(if first.term.is_some() { first.department } else { k.department }),
                    cx.dept_name(if first.term.is_some() { k.department } else { first.department })
                )),
                _ => {}
            }
        }
        if issues.is_empty() {
            continue;
        }
        out.push(
            Finding::new(RuleId::Definitions, Severity::Warning, format!("name:{name}"))
                .text(
                    format!("{} means different things in different departments", quote(&first.name)),
                    format!(
                        "{}{}: the same name, different numbers, and a meeting spent reconciling them.",
                        issues.join("; "),
                        if more_issues > 0 {
                            format!("; {} more KPIs of that name in other departments are not compared here", grouped(more_issues))
                        } else {
                            String::new()
                        }
                    ),
                    "Agree one glossary definition (formula, unit, cut-off, recognition rule, source) and point every KPI of that name at it, or rename the ones that really measure something else.",
                )
                .kpis(ks.iter().map(|&i| cx.kpi(i).id))
                .departments(depts.into_iter().flatten()),
        );
    }

    // KPIs with no definition, grouped by department (company KPIs together).
    let mut undefined: BTreeMap<Option<DeptId>, Vec<usize>> = BTreeMap::new();
    for (i, k) in cx.active().filter(|(_, k)| k.term.is_none()) {
        let group = if k.level == Level::Company { None } else { k.department };
        undefined.entry(group).or_default().push(i);
    }
    for (group, ks) in undefined {
        let n = count(ks.len(), "KPI", "KPIs");
        let verb = if ks.len() == 1 { "has" } else { "have" };
        let headline = match group {
            None => format!("{n} at the company level or in no department {verb} no glossary definition"),
            Some(d) => format!("{n} of {} {verb} no glossary definition", cx.dept_name(Some(d))),
        };
        out.push(
            Finding::new(
                RuleId::Definitions,
                Severity::Info,
                format!("undefined:{}", group.map_or("none".to_string(), |d| d.0.to_string())),
            )
            .text(
                headline,
                format!("{} point at no agreed definition, so their formula, cut-off and source are whatever each reader assumes.", list_of(&ks, 5, |&i| cx.q(i))),
                "Add a glossary term for each (definition, formula, unit, timing, source of truth, owner) and choose it in the KPI's definition field.",
            )
            .kpis(ks.iter().map(|&i| cx.kpi(i).id))
            .departments(group),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::normalise;
    use crate::checks::testkit::*;
    use crate::checks::RuleId;
    use crate::model::*;

    #[test]
    fn names_are_compared_without_case_or_punctuation() {
        assert_eq!(normalise("  Net-Revenue (EUR) "), "net revenue eur");
        assert_eq!(super::name_hash("  Net-Revenue (EUR) "), super::name_hash("net revenue eur"));
        assert_ne!(super::name_hash("net revenue"), super::name_hash("netrevenue"));
    }

    #[test]
    fn defined_and_distinct_kpis_pass() {
        expect(&healthy().run(RuleId::Definitions), 0, &[]);
    }

    #[test]
    fn bookings_and_recognised_revenue_under_one_name_conflict() {
        let mut fx = healthy();
        let mut bookings = Term::new(TermId(2), "Bookings");
        bookings.recognition = "bookings".into();
        let mut recognised = Term::new(TermId(3), "Recognised revenue");
        recognised.recognition = "recognised (IFRS 15)".into();
        fx.m.glossary.extend([bookings, recognised]);
        fx.get(10).name = "Revenue".into();
        fx.get(10).term = Some(TermId(2));
        fx.get(11).name = "revenue".into();
        fx.get(11).term = Some(TermId(3));
        let f = fx.run(RuleId::Definitions);
        expect(
            &f,
            1,
            &["\u{201c}Revenue\u{201d} means different things", "Sales defines it by \u{201c}Bookings\u{201d} and Marketing by \u{201c}Recognised revenue\u{201d}", "recognition rule (\u{201c}bookings\u{201d} vs \u{201c}recognised (IFRS 15)\u{201d})"],
        );
        assert_eq!(f[0].departments, [DeptId(1), DeptId(2)]);
        // A different unit under the same term is a conflict too.
        fx.get(11).term = Some(TermId(2));
        fx.get(11).unit = Unit::Currency;
        expect(&fx.run(RuleId::Definitions), 1, &["Sales counts it in % and Marketing in currency"]);
    }

    #[test]
    fn two_glossary_entries_of_one_name_that_disagree_are_flagged() {
        let mut fx = healthy();
        let mut a = Term::new(TermId(5), "Churn");
        a.definition = "Customers lost in the month / customers at start".into();
        let mut b = Term::new(TermId(6), "churn");
        b.definition = "Revenue lost in the month / revenue at start".into();
        fx.m.glossary.extend([a, b]);
        expect(
            &fx.run(RuleId::Definitions),
            1,
            &["defines \u{201c}Churn\u{201d} 2 times, differently", "differ in definition"],
        );
    }

    #[test]
    fn kpis_without_a_definition_are_listed_per_department() {
        let mut fx = healthy();
        fx.get(11).term = None;
        fx.get(111).term = None;
        expect(
            &fx.run(RuleId::Definitions),
            1,
            &["2 KPIs of Marketing have no glossary definition", "\u{201c}Dept 2 for 1\u{201d}"],
        );
    }

    #[test]
    fn company_kpis_without_a_definition_are_named_in_a_sentence() {
        let mut fx = healthy();
        fx.get(1).term = None;
        expect(
            &fx.run(RuleId::Definitions),
            1,
            &["1 KPI at the company level or in no department has no glossary definition"],
        );
    }
}
