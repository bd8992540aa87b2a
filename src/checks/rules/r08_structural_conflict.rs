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
//! nearest such `a`, with the two paths that prove it (their first steps and length).
//!
//! Each company KPI costs one walk of the graph, so at most [`MAX_COMPANY`] company
//! KPIs are analysed (in model order); a model with more says so in a note, and rule 1
//! already flags it. The whole rule is O(MAX_COMPANY · (n + m)).

use std::collections::{HashMap, HashSet, VecDeque};

use crate::checks::catalogue::RuleInfo;
use crate::checks::{grouped, list_counted, Ctx, Finding, RuleId, Severity};
use crate::model::query::Adjacency;
use crate::model::{DeptId, KpiId, Level, Sign};

/// The most company KPIs whose conflicts are analysed.
pub const MAX_COMPANY: usize = 25;
/// Steps of a path shown before the rest is counted.
const PATH_STEPS: usize = 4;
/// Other drivers named beside the pair.
const OTHERS: usize = 3;

pub const INFO: RuleInfo = RuleInfo {
    rule: RuleId::StructuralConflict,
    title: "Structural cross-functional conflict",
    checks: "On the signed graph of links and influences: two KPIs of different departments where one improves a company KPI while the other, through a negative effect, pushes it down.",
    why: "Both departments can hit target while the company KPI gets worse. Such conflicts are built into the targets, so no amount of effort resolves them; only a changed target or an explicit trade-off does. A recorded resolution of the pair (or of the side effect) closes the finding.",
    thresholds: |_| {
        format!(
            "No threshold: any occurrence is reported. At most {MAX_COMPANY} company KPIs are analysed (the first in the model); with more, a note says which were left out."
        )
    },
};

const POS: usize = 0;
const NEG: usize = 1;

fn sign_index(s: Sign) -> usize {
    match s {
        Sign::Positive => POS,
        Sign::Negative => NEG,
    }
}

/// The walk from one company KPI: for each (KPI, sign) whether it reaches the company
/// KPI with that sign, the next step on a shortest such path and its length.
struct Walk {
    /// Stamp of the walk that reached (node, sign); reset by moving to the next stamp.
    seen: Vec<[u32; 2]>,
    next: Vec<[(u32, u8); 2]>,
    dist: Vec<[u32; 2]>,
    stamp: u32,
}

impl Walk {
    fn reached(&self, v: usize, s: usize) -> bool {
        self.seen[v][s] == self.stamp
    }

    /// The first steps of the path from (start, sign) to the company KPI, each with the
    /// sign of the path from it, and how many steps are left after them.
    fn steps(&self, start: usize, sign: usize) -> (Vec<(usize, usize)>, usize) {
        let mut out = vec![(start, sign)];
        let (mut node, mut s) = (start, sign);
        while out.len() <= PATH_STEPS && self.dist[node][s] > 0 {
            let (n, ns) = self.next[node][s];
            (node, s) = (n as usize, ns as usize);
            out.push((node, s));
        }
        let left = self.dist[node][s] as usize;
        (out, left)
    }
}

/// The steps as “A” → “B” →(−) “C” → … 9,995 more … → “Company”.
fn render(cx: &Ctx, steps: &[(usize, usize)], left: usize, company: usize) -> String {
    let mut text = cx.q(steps[0].0);
    for w in steps.windows(2) {
        let edge = w[0].1 ^ w[1].1;
        text.push_str(if edge == NEG { " \u{2192}(\u{2212}) " } else { " \u{2192} " });
        text.push_str(&cx.q(w[1].0));
    }
    if left > 0 {
        if left > 1 {
            text.push_str(&format!(" \u{2192} \u{2026} {} more \u{2026}", grouped(left - 1)));
        }
        text.push_str(" \u{2192} ");
        text.push_str(&cx.q(company));
    }
    text
}

pub fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    let m = cx.m;
    let n = m.kpis.len();
    // Incoming signed edges among active KPIs: `incoming[v]` holds `u * 2 + sign`.
    let mut incoming: Vec<(usize, usize)> = Vec::new();
    let mut negative_edges: Vec<(usize, usize)> = Vec::new();
    let mut add = |from: KpiId, to: KpiId, sign: Sign| {
        if let (Some(u), Some(v)) = (cx.idx.kpi_pos(from), cx.idx.kpi_pos(to)) {
            if m.kpis[u].is_active() && m.kpis[v].is_active() && u != v {
                incoming.push((v, u * 2 + sign_index(sign)));
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
    let incoming = Adjacency::from_edges(n, &incoming);
    let links: HashSet<(KpiId, KpiId)> = m.links.iter().map(|l| (l.child, l.parent)).collect();
    let resolutions: HashSet<(KpiId, KpiId)> = m.governance.resolutions.iter().map(|r| r.kpis).collect();
    let resolved = |x: usize, y: usize| {
        let (p, q) = (m.kpis[x].id, m.kpis[y].id);
        resolutions.contains(&(p.min(q), p.max(q)))
    };
    let company: Vec<usize> =
        cx.active().filter(|(_, k)| k.level == Level::Company).map(|(i, _)| i).collect();
    if company.len() > MAX_COMPANY {
        let left_out = &company[MAX_COMPANY..];
        out.push(
            Finding::new(RuleId::StructuralConflict, Severity::Info, "limit")
                .text(
                    format!(
                        "Structural conflicts were checked for {MAX_COMPANY} of the {} company KPIs",
                        grouped(company.len())
                    ),
                    format!(
                        "Each company KPI takes a walk of the whole graph of links and influences, so only the first {MAX_COMPANY} are analysed; {} {} not checked for conflicts.",
                        list_counted(left_out.iter().take(crate::checks::NAMED).map(|&c| cx.q(c)), left_out.len()),
                        if left_out.len() == 1 { "is" } else { "are" }
                    ),
                    "Keep the company KPIs to the few the board steers by (rule 1); the checks then cover all of them.",
                )
                .kpis(left_out.iter().map(|&c| m.kpis[c].id)),
        );
    }

    let mut walk =
        Walk { seen: vec![[0; 2]; n], next: vec![[(0, 0); 2]; n], dist: vec![[0; 2]; n], stamp: 0 };
    let mut reported: Vec<u32> = vec![0; n];
    let mut queue: VecDeque<(usize, usize)> = VecDeque::new();
    for &c in company.iter().take(MAX_COMPANY) {
        walk.stamp += 1;
        let stamp = walk.stamp;
        // Positive drivers with a department (not company KPIs), in the order met.
        let mut drivers: Vec<usize> = Vec::new();
        queue.clear();
        queue.push_back((c, POS));
        walk.seen[c][POS] = stamp;
        walk.dist[c][POS] = 0;
        while let Some((v, sv)) = queue.pop_front() {
            for &e in &incoming[v] {
                let (u, su) = (e / 2, (e % 2) ^ sv);
                if walk.seen[u][su] != stamp {
                    walk.seen[u][su] = stamp;
                    walk.next[u][su] = (v as u32, sv as u8);
                    walk.dist[u][su] = walk.dist[v][sv] + 1;
                    if su == POS && m.kpis[u].department.is_some() && m.kpis[u].level != Level::Company {
                        drivers.push(u);
                    }
                    queue.push_back((u, su));
                }
            }
        }
        if drivers.is_empty() {
            continue;
        }
        let dept = |x: usize| m.kpis[x].department;
        let mut per_department: HashMap<DeptId, usize> = HashMap::new();
        for &x in &drivers {
            if let Some(d) = dept(x) {
                *per_department.entry(d).or_default() += 1;
            }
        }
        // The first few drivers not in a given department, in O(1) per question: the
        // first eight drivers answer it for every department but at most one (the one
        // with five or more of them), which gets its own list.
        let first: Vec<usize> = drivers.iter().copied().take(2 * (OTHERS + 1)).collect();
        let crowded: Option<DeptId> = first
            .iter()
            .filter_map(|&x| dept(x))
            .find(|&d| first.iter().filter(|&&x| dept(x) == Some(d)).count() > OTHERS + 1)
            .filter(|_| first.len() == 2 * (OTHERS + 1));
        let beside_crowded: Vec<usize> = crowded.map_or_else(Vec::new, |d| {
            drivers.iter().copied().filter(|&x| dept(x) != Some(d)).take(OTHERS + 1).collect()
        });
        let not_in = |d: DeptId| -> Vec<usize> {
            if Some(d) == crowded {
                beside_crowded.clone()
            } else {
                first.iter().copied().filter(|&x| dept(x) != Some(d)).take(OTHERS + 1).collect()
            }
        };
        for &(u, v) in &negative_edges {
            let Some(du) = dept(u) else { continue };
            if u == c || !walk.reached(v, POS) || reported[u] == stamp {
                continue;
            }
            reported[u] = stamp;
            let others = not_in(du);
            let Some(&a) = others.first() else { continue };
            // An agreed trade-off, recorded for this pair or for the side effect itself,
            // closes the finding.
            if resolved(u, a) || resolved(u, v) {
                continue;
            }
            let (v_steps, down_left) = walk.steps(v, POS);
            let mut down = vec![(u, NEG)];
            down.extend(v_steps);
            let (up, up_left) = walk.steps(a, POS);
            let others_total = drivers.len() - per_department.get(&du).copied().unwrap_or(0) - 1;
            let named: Vec<String> = others[1..].iter().map(|&x| cx.q(x)).collect();
            let (du_name, da_name) = (cx.dept_name(Some(du)), cx.dept_name(dept(a)));
            // The pair first (a recorded resolution names them), then the paths shown.
            let mut kpis: Vec<KpiId> = vec![m.kpis[u].id, m.kpis[a].id];
            for &(x, _) in down.iter().chain(up.iter()).chain([(c, POS)].iter()) {
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
                Finding::new(RuleId::StructuralConflict, Severity::Warning, format!("{}>{}", m.kpis[u].id.0, m.kpis[c].id.0))
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
                            render(cx, &down, down_left, c),
                            cx.q(a),
                            render(cx, &up, up_left, c),
                            if others_total == 0 {
                                String::new()
                            } else {
                                format!(" So do {}.", list_counted(named, others_total))
                            },
                            cx.q(c)
                        ),
                        format!(
                            "Make the {du_name} target carry the side effect (for example a margin- or capacity-adjusted version of {}), or agree and record the trade-off with {da_name}.",
                            cx.q(u)
                        ),
                    )
                    .kpis(kpis)
                    .departments([du].into_iter().chain(dept(a)))
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

    #[test]
    fn a_ten_thousand_long_mixed_sign_chain_gives_bounded_findings_with_short_paths() {
        let fx = Shape::InfluenceChain.build(10_000);
        let f = fx.run(RuleId::StructuralConflict);
        assert!(f.len() > 1_000, "{}", f.len());
        expect_bounded(&f, 10_000, 1_000);
        // The farthest one shows the first steps of its path, and counts the rest.
        let far = f.iter().find(|x| x.key == "R08:9999>1").expect("the far end conflicts");
        assert!(
            far.explanation.contains("\u{2026} 9,992 more \u{2026} \u{2192} \u{201c}Gross margin\u{201d}"),
            "{}",
            far.explanation
        );
    }

    #[test]
    fn with_too_many_company_kpis_the_first_are_analysed_and_a_note_says_so() {
        let mut fx = margin();
        fx.influence(20, 1, Sign::Negative);
        for id in 100..130 {
            fx.kpi(id, &format!("Extra {id}"), Level::Company, None);
        }
        let f = fx.run(RuleId::StructuralConflict);
        let note = f.iter().find(|x| x.key == "R08:limit").expect("a note");
        assert!(
            note.title.contains(&format!("{} of the 31 company KPIs", super::MAX_COMPANY)),
            "{}",
            note.title
        );
        assert!(
            note.explanation.contains("\u{201c}Extra 124\u{201d}") && note.explanation.contains("and 1 more"),
            "{}",
            note.explanation
        );
        assert!(f.iter().any(|x| x.key == "R08:20>1"), "the first company KPI is still analysed");
    }
}
