//! Rule 18: structure errors — links that skip or invert levels, cycles in the cascade
//! or the dependencies, and references to retired KPIs. Edits refuse all of these;
//! they come from imported files, which restore keeps (and reports) so they can be
//! explained and fixed here.

use std::collections::HashMap;

use crate::checks::catalogue::{self, RuleInfo};
use crate::checks::{grouped, Ctx, Finding, RuleId, Severity, NAMED};
use crate::model::query::{Adjacency, Components};
use crate::model::KpiId;

pub const INFO: RuleInfo = RuleInfo {
    rule: RuleId::Structure,
    title: "Structure errors",
    checks: "Links go exactly one level up (team \u{2192} department \u{2192} company); neither the cascade nor the dependencies contain a cycle; no active KPI links to or depends on a retired one.",
    why: "A cycle or a level-skipping link makes roll-ups and traces meaningless; a link to a retired KPI points at something that no longer exists for anyone to act on.",
    thresholds: catalogue::none,
};

/// Strongly connected components with more than one node (cycles), iteratively
/// (Tarjan's algorithm with an explicit stack). `edges[i]` lists successors of `i`.
pub fn cycles(edges: &Adjacency) -> Vec<Vec<usize>> {
    let c = Components::new(edges);
    (0..c.len()).map(|i| c.members(i)).filter(|m| m.len() > 1).map(<[usize]>::to_vec).collect()
}

pub fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    let m = cx.m;
    for l in &m.links {
        let (Some(c), Some(p)) = (cx.idx.kpi_pos(l.child), cx.idx.kpi_pos(l.parent)) else { continue };
        let (ck, pk) = (cx.kpi(c), cx.kpi(p));
        if ck.level.parent() != Some(pk.level) {
            let what = if pk.level.number() >= ck.level.number() { "inverts" } else { "skips" };
            out.push(
                Finding::new(RuleId::Structure, Severity::Error, format!("level:{}>{}", l.child.0, l.parent.0))
                    .text(
                        format!("The link {} \u{2192} {} {what} levels", cx.q(c), cx.q(p)),
                        format!(
                            "{} is a {} KPI and {} a {} KPI: a link must go exactly one level up (team \u{2192} department \u{2192} company), or roll-ups and traces stop making sense.",
                            cx.q(c),
                            ck.level.label().to_lowercase(),
                            cx.q(p),
                            pk.level.label().to_lowercase()
                        ),
                        "Link it to a KPI one level up instead (add the missing department KPI in between if needed), or change the level of one of the two.",
                    )
                    .kpis([l.child, l.parent])
                    .links([(l.child, l.parent)]),
            );
        }
        if ck.is_active() != pk.is_active() {
            let (active, retired) = if ck.is_active() { (c, p) } else { (p, c) };
            out.push(
                Finding::new(RuleId::Structure, Severity::Warning, format!("retired:{}>{}", l.child.0, l.parent.0))
                    .text(
                        format!("{} is linked to the retired {}", cx.q(active), cx.q(retired)),
                        format!("{} has been retired, but {} is still linked to it, so the cascade points at something nobody measures any more.", cx.q(retired), cx.q(active)),
                        "Remove the link, or re-link to the KPI that replaced the retired one.",
                    )
                    .kpis([l.child, l.parent])
                    .links([(l.child, l.parent)]),
            );
        }
    }
    for d in &m.dependencies {
        let (Some(a), Some(b)) = (cx.idx.kpi(m, d.dependent), cx.idx.kpi(m, d.prerequisite)) else {
            continue;
        };
        if a.is_active() && !b.is_active() {
            out.push(
                Finding::new(RuleId::Structure, Severity::Warning, format!("retired-dep:{}", d.id.0))
                    .text(
                        format!("{} depends on the retired {}", cx.qk(a.id), cx.qk(b.id)),
                        format!("{} was retired, yet {} still depends on it: nobody will deliver what it waits for.", cx.qk(b.id), cx.qk(a.id)),
                        "Remove the dependency or point it at whatever replaced the retired commitment.",
                    )
                    .kpis([a.id, b.id])
                    .dependencies([d.id]),
            );
        }
    }

    let n = m.kpis.len();
    report_cycles(cx, out, cx.idx.parents(), "cascade", "links", |ids| {
        ids.windows(2).map(|w| (w[0], w[1])).collect()
    });
    let mut needs: Vec<(usize, usize)> = Vec::new();
    let mut needed_by: Vec<(usize, usize, crate::model::DependencyId)> = Vec::new();
    for d in &m.dependencies {
        if let (Some(a), Some(b)) = (cx.idx.kpi_pos(d.dependent), cx.idx.kpi_pos(d.prerequisite)) {
            needs.push((a, b));
            needed_by.push((a, b, d.id));
        }
    }
    let needs = Adjacency::from_edges(n, &needs);
    let components = Components::new(&needs);
    let before = out.len();
    report_cycles(cx, out, &needs, "dependencies", "dependencies", |_| Vec::new());
    // Name the dependencies inside each dependency cycle (in the order of the cycles'
    // findings, which follow the components' order).
    let mut cyclic: Vec<usize> = (0..components.len()).filter(|&c| components.members(c).len() > 1).collect();
    crate::order::sort(&mut cyclic);
    let finding_of: HashMap<usize, usize> =
        cyclic.iter().enumerate().map(|(i, &c)| (c, before + i)).collect();
    for (a, b, id) in needed_by {
        let (ca, cb) = (components.of[a], components.of[b]);
        if ca == cb {
            if let Some(&f) = finding_of.get(&ca) {
                let f = &mut out[f];
                if f.dependencies.len() < crate::checks::MAX_IDS {
                    f.dependencies.push(id);
                }
            }
        }
    }
}

fn report_cycles(
    cx: &Ctx,
    out: &mut Vec<Finding>,
    edges: &Adjacency,
    what: &str,
    noun: &str,
    links: impl Fn(&[KpiId]) -> Vec<(KpiId, KpiId)>,
) {
    for component in cycles(edges) {
        let ids: Vec<KpiId> = component.iter().map(|&i| cx.kpi(i).id).collect();
        // The first few steps, then the count of the rest, back to the start.
        let mut names: Vec<String> = component.iter().take(NAMED).map(|&i| cx.q(i)).collect();
        if component.len() > NAMED {
            names.push(format!("\u{2026} {} more \u{2026}", grouped(component.len() - NAMED)));
        }
        names.push(cx.q(component[0]));
        let mut key_ids: Vec<u32> = ids.iter().map(|k| k.0).collect();
        crate::order::sort(&mut key_ids);
        let key =
            format!("cycle:{what}:{}", key_ids.iter().map(u32::to_string).collect::<Vec<_>>().join(","));
        let shown: Vec<KpiId> = ids.iter().copied().take(crate::checks::MAX_IDS).collect();
        out.push(
            Finding::new(RuleId::Structure, Severity::Error, key)
                .text(
                    format!("The {what} go round in a circle through {} KPIs", grouped(ids.len())),
                    format!("These {noun} form a cycle: {}. Nothing in a cycle can be traced to a start or an end.", names.join(" \u{2192} ")),
                    format!("Remove the {noun} that closes the circle (usually the one added last)."),
                )
                .links({
                    let mut cyc = shown.clone();
                    if shown.len() == ids.len() {
                        cyc.push(ids[0]);
                    }
                    links(&cyc)
                })
                .kpis(shown),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::cycles;
    use crate::checks::testkit::*;
    use crate::checks::RuleId;
    use crate::model::*;

    #[test]
    fn a_well_formed_cascade_has_no_structure_error() {
        expect(&healthy().run(RuleId::Structure), 0, &[]);
    }

    #[test]
    fn a_link_that_skips_a_level_is_an_error() {
        let mut fx = healthy();
        fx.link(110, 1);
        expect(
            &fx.run(RuleId::Structure),
            1,
            &[
                "\u{201c}Team under 10\u{201d} \u{2192} \u{201c}Company 1\u{201d} skips levels",
                "team / person KPI",
            ],
        );
    }

    #[test]
    fn a_cycle_in_the_cascade_and_in_the_dependencies_is_named() {
        let mut fx = healthy();
        fx.link(1, 110); // company under team: inverted, and closes 110 -> 10 -> 1 -> 110
        let f = fx.run(RuleId::Structure);
        assert!(f.iter().any(|x| x.title.contains("inverts levels")));
        let cycle = f.iter().find(|x| x.key.starts_with("R18:cycle:cascade")).expect("a cascade cycle");
        assert!(cycle.title.contains("through 3 KPIs"), "{}", cycle.title);
        let dep = |id, a, b| Dependency::new(DependencyId(id), KpiId(a), KpiId(b));
        let mut fx = healthy();
        fx.m.dependencies = vec![dep(1, 10, 11), dep(2, 11, 12), dep(3, 12, 10)];
        let f = fx.run(RuleId::Structure);
        expect(
            &f,
            1,
            &[
                "dependencies go round in a circle through 3 KPIs",
                "\u{201c}Dept 1 for 1\u{201d} \u{2192} \u{201c}Dept 2 for 1\u{201d}",
            ],
        );
        assert_eq!(f[0].dependencies.len(), 3);
    }

    #[test]
    fn links_and_dependencies_on_retired_kpis_are_flagged() {
        let mut fx = healthy();
        fx.get(10).lifecycle = Lifecycle::Retired { on: today(), reason: "replaced".into() };
        let f = fx.run(RuleId::Structure);
        // 10 -> 1 and 110 -> 10 both touch the retired KPI.
        expect(&f, 2, &["retired \u{201c}Dept 1 for 1\u{201d}"]);
    }

    #[test]
    fn a_ten_thousand_long_chain_closing_on_itself_is_one_cycle_without_overflow() {
        let n = 10_000;
        let edges: Vec<(usize, usize)> = (0..n).map(|i| (i, (i + 1) % n)).collect();
        let c = cycles(&crate::model::query::Adjacency::from_edges(n, &edges));
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].len(), n);
    }
}
