//! Rule 8: structural cross-functional conflict, found on the signed graph of cascade
//! links and influences (not by name).
//!
//! Signs describe improvement: a `+` edge means improving the source improves the
//! target; `−` means improving it makes the target worse. For each company KPI `C`, a
//! breadth-first walk backwards from `C` finds every KPI that reaches `C` with a
//! positive and/or a negative overall sign, remembering the shortest path. A conflict
//! is a negative edge `u → v` where `v` improves `C`: `u` hitting its target pushes `C`
//! down, while some KPI `a` of another department pushes it up. Both departments can
//! report green while `C` gets worse. Each (u, C) is reported once, paired with the
//! nearest such `a`, with the two paths that prove it.

use std::collections::HashSet;

use crate::checks::catalogue::{self, RuleInfo};
use crate::checks::{list, Ctx, Finding, RuleId, Severity};
use crate::model::{KpiId, Level, Sign};

pub const INFO: RuleInfo = RuleInfo {
    rule: RuleId::StructuralConflict,
    title: "Structural cross-functional conflict",
    checks: "On the signed graph of links and influences: two KPIs of different departments where one improves a company KPI while the other, through a negative effect, pushes it down.",
    why: "Both departments can hit target while the company KPI gets worse. Such conflicts are built into the targets, so no amount of effort resolves them; only a changed target or an explicit trade-off does. A recorded resolution of the pair (or of the side effect) closes the finding.",
    thresholds: catalogue::none,
};

const POS: usize = 0;
const NEG: usize = 1;

fn sign_index(s: Sign) -> usize {
    match s {
        Sign::Positive => POS,
        Sign::Negative => NEG,
    }
}

fn combine(a: usize, b: usize) -> usize {
    a ^ b
}

/// A path (positions) from a KPI to the company KPI, with each edge's sign.
fn path_to_root(pred: &[[Option<(usize, usize)>; 2]], start: usize, sign: usize) -> Vec<(usize, usize)> {
    // (node, sign of the path from it), following pred to the root.
    let mut out = vec![(start, sign)];
    let (mut node, mut s) = (start, sign);
    while let Some((next, next_sign)) = pred[node][s] {
        out.push((next, next_sign));
        node = next;
        s = next_sign;
        if out.len() > pred.len() * 2 {
            break;
        }
    }
    out
}

fn render(cx: &Ctx, steps: &[(usize, usize)]) -> String {
    let mut text = cx.q(steps[0].0);
    for w in steps.windows(2) {
        let edge = combine(w[0].1, w[1].1);
        text.push_str(if edge == NEG { " \u{2192}(\u{2212}) " } else { " \u{2192} " });
        text.push_str(&cx.q(w[1].0));
    }
    text
}

pub fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    let m = cx.m;
    let n = m.kpis.len();
    // Incoming signed edges among active KPIs.
    let mut incoming: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n];
    let mut negative_edges: Vec<(usize, usize)> = Vec::new();
    let mut add = |from: KpiId, to: KpiId, sign: Sign| {
        if let (Some(u), Some(v)) = (cx.idx.kpi_pos(from), cx.idx.kpi_pos(to)) {
            if m.kpis[u].is_active() && m.kpis[v].is_active() && u != v {
                incoming[v].push((u, sign_index(sign)));
                if sign == Sign::Negative {
                    negative_edges.push((u, v));
                }
            }
        }
    };
    for l in &m.links {
        add(l.child, l.parent, l.sign);
    }
    for x in &m.influences {
        add(x.from, x.to, x.sign);
    }
    if negative_edges.is_empty() {
        return;
    }
    let links: HashSet<(KpiId, KpiId)> = m.links.iter().map(|l| (l.child, l.parent)).collect();

    let mut pred: Vec<[Option<(usize, usize)>; 2]> = vec![[None, None]; n];
    let mut seen: Vec<[bool; 2]> = vec![[false; 2]; n];
    let mut touched: Vec<usize> = Vec::new();
    for (c, company) in cx.active().filter(|(_, k)| k.level == Level::Company) {
        for &t in &touched {
            pred[t] = [None, None];
            seen[t] = [false; 2];
        }
        touched.clear();
        let mut positive_order: Vec<usize> = Vec::new();
        let mut queue = std::collections::VecDeque::from([(c, POS)]);
        seen[c][POS] = true;
        touched.push(c);
        while let Some((v, sv)) = queue.pop_front() {
            for &(u, es) in &incoming[v] {
                let su = combine(es, sv);
                if !seen[u][su] {
                    seen[u][su] = true;
                    pred[u][su] = Some((v, sv));
                    touched.push(u);
                    if su == POS {
                        positive_order.push(u);
                    }
                    queue.push_back((u, su));
                }
            }
        }
        // Positive drivers with a department, in total and per department.
        let mut per_department: std::collections::HashMap<crate::model::DeptId, usize> = Default::default();
        let mut with_department = 0;
        for &x in &positive_order {
            if let (Some(d), false) = (m.kpis[x].department, m.kpis[x].level == Level::Company) {
                *per_department.entry(d).or_default() += 1;
                with_department += 1;
            }
        }
        let mut reported: HashSet<usize> = HashSet::new();
        for &(u, v) in &negative_edges {
            let Some(du) = m.kpis[u].department else { continue };
            if u == c || !seen[v][POS] || !reported.insert(u) {
                continue;
            }
            let Some(&a) = positive_order.iter().find(|&&a| {
                a != u && m.kpis[a].department.is_some_and(|da| da != du) && m.kpis[a].level != Level::Company
            }) else {
                continue;
            };
            // An agreed trade-off, recorded for this pair or for the side effect itself,
            // closes the finding.
            let resolved = |x: usize, y: usize| {
                let (p, q) = (m.kpis[x].id, m.kpis[y].id);
                m.governance.resolutions.iter().any(|r| r.kpis == (p.min(q), p.max(q)))
            };
            if resolved(u, a) || resolved(u, v) {
                continue;
            }
            let mut down = vec![(u, NEG)];
            down.extend(path_to_root(&pred, v, POS));
            let up = path_to_root(&pred, a, POS);
            // Name at most three other drivers; count the rest without visiting them.
            let others_total = with_department - per_department.get(&du).copied().unwrap_or(0) - 1;
            let mut others: Vec<String> = positive_order
                .iter()
                .filter(|&&x| x != a && x != u && m.kpis[x].department.is_some_and(|dx| dx != du))
                .take(3)
                .map(|&x| cx.q(x))
                .collect();
            if others_total > others.len() {
                others.push(format!("{} more", others_total - others.len()));
            }
            let (du_name, da_name) = (cx.dept_name(Some(du)), cx.dept_name(m.kpis[a].department));
            // The pair first (a recorded resolution names them), then the paths.
            let mut kpis: Vec<KpiId> = vec![m.kpis[u].id, m.kpis[a].id];
            for &(x, _) in down.iter().chain(up.iter()) {
                if !kpis.contains(&m.kpis[x].id) {
                    kpis.push(m.kpis[x].id);
                }
            }
            let path_links: Vec<(KpiId, KpiId)> = down
                .windows(2)
                .chain(up.windows(2))
                .map(|w| (m.kpis[w[0].0].id, m.kpis[w[1].0].id))
                .filter(|pair| links.contains(pair))
                .collect();
            out.push(
                Finding::new(RuleId::StructuralConflict, Severity::Warning, format!("{}>{}", m.kpis[u].id.0, company.id.0))
                    .text(
                        format!(
                            "{} ({du_name}) and {} ({da_name}) can both hit target while {} gets worse",
                            cx.q(u),
                            cx.q(a),
                            cx.q(c)
                        ),
                        format!(
                            "Improving {} pushes {} down: {}. Improving {} pushes it up: {}.{} Both departments can report green while {} falls.",
                            cx.q(u),
                            cx.q(c),
                            render(cx, &down),
                            cx.q(a),
                            render(cx, &up),
                            if others.is_empty() {
                                String::new()
                            } else {
                                format!(" So do {}.", list(others, 4))
                            },
                            cx.q(c)
                        ),
                        format!(
                            "Make the {du_name} target carry the side effect (for example a margin- or capacity-adjusted version of {}), or agree and record the trade-off with {da_name}.",
                            cx.q(u)
                        ),
                    )
                    .kpis(kpis)
                    .departments([du].into_iter().chain(m.kpis[a].department))
                    .links(path_links),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testkit::*;
    use crate::checks::RuleId;
    use crate::model::*;

    /// Gross margin (1) is improved by Operations' cost per unit (30) and pushed down by
    /// Sales' custom-order volume (20).
    fn margin() -> Fx {
        let mut fx = Fx::new();
        fx.kpi(1, "Gross margin", Level::Company, None);
        fx.kpi(20, "Custom-order volume", Level::Department, Some(1));
        fx.kpi(30, "Cost per unit", Level::Department, Some(3));
        fx.link(30, 1);
        fx
    }

    #[test]
    fn no_negative_effect_means_no_conflict() {
        expect(&margin().run(RuleId::StructuralConflict), 0, &[]);
    }

    #[test]
    fn a_negative_influence_against_another_departments_driver_is_a_conflict_with_its_paths() {
        let mut fx = margin();
        fx.influence(20, 1, Sign::Negative);
        let f = fx.run(RuleId::StructuralConflict);
        expect(
            &f,
            1,
            &[
                "\u{201c}Custom-order volume\u{201d} (Sales) and \u{201c}Cost per unit\u{201d} (Operations) can both hit target while \u{201c}Gross margin\u{201d} gets worse",
                "\u{201c}Custom-order volume\u{201d} \u{2192}(\u{2212}) \u{201c}Gross margin\u{201d}",
                "pushes it up: \u{201c}Cost per unit\u{201d} \u{2192} \u{201c}Gross margin\u{201d}",
            ],
        );
        assert_eq!(f[0].departments, [DeptId(1), DeptId(3)]);
        assert_eq!(f[0].links, [(KpiId(30), KpiId(1))]);
        assert_eq!(f[0].key, "R08:20>1");
    }

    #[test]
    fn a_negative_effect_through_the_cascade_is_found_by_its_sign_not_its_name() {
        let mut fx = margin();
        // Sales' volume makes Operations' cost worse, which feeds margin: − then +.
        fx.influence(20, 30, Sign::Negative);
        let f = fx.run(RuleId::StructuralConflict);
        expect(&f, 1, &["\u{201c}Custom-order volume\u{201d} \u{2192}(\u{2212}) \u{201c}Cost per unit\u{201d} \u{2192} \u{201c}Gross margin\u{201d}"]);
        // With the cost link negative too, volume's two negatives make a positive: it is
        // no longer a source, but improving cost per unit now pushes margin down.
        fx.m.links[0].sign = Sign::Negative;
        let keys: Vec<String> = fx.run(RuleId::StructuralConflict).into_iter().map(|f| f.key).collect();
        assert_eq!(keys, ["R08:30>1"]);
    }

    #[test]
    fn a_recorded_trade_off_closes_it() {
        let mut fx = margin();
        fx.influence(20, 1, Sign::Negative);
        fx.resolve(20, 30, "Custom orders carry a surcharge that protects margin");
        expect(&fx.run(RuleId::StructuralConflict), 0, &[]);
        // Resolving the side effect itself (volume vs margin) closes it too.
        fx.m.governance.resolutions[0].kpis = (KpiId(1), KpiId(20));
        expect(&fx.run(RuleId::StructuralConflict), 0, &[]);
    }

    #[test]
    fn the_same_department_on_both_sides_is_not_cross_functional() {
        let mut fx = margin();
        fx.get(20).department = Some(DeptId(3));
        fx.influence(20, 1, Sign::Negative);
        expect(&fx.run(RuleId::StructuralConflict), 0, &[]);
    }

    #[test]
    fn a_ten_thousand_long_influence_chain_does_not_overflow() {
        let mut fx = margin();
        fx.influence(20, 1, Sign::Negative);
        let n = 10_000;
        for i in 0..n {
            fx.kpi(1000 + i, &format!("Chain {i}"), Level::Team, Some(2));
            if i > 0 {
                fx.influence(1000 + i, 1000 + i - 1, Sign::Positive);
            }
        }
        fx.influence(1000, 30, Sign::Positive);
        fx.influence(1000 + n - 1, 20, Sign::Positive);
        let f = fx.run(RuleId::StructuralConflict);
        assert!(!f.is_empty());
    }
}
