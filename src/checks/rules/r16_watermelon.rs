//! Rule 16: green dashboard, red company ("watermelon") — a KPI off track while every
//! KPI feeding it is on track.

use crate::checks::catalogue::{self, RuleInfo};
use crate::checks::{list_of, Ctx, Finding, RuleId, Severity};
use crate::model::status::Status;

pub const INFO: RuleInfo = RuleInfo {
    rule: RuleId::Watermelon,
    title: "Green dashboard, red company",
    checks: "A KPI that is off track while all of the KPIs feeding it (with data) are on track, judged from the latest actuals against target and thresholds.",
    why: "Green underneath and red on top means the cascade is lying: either the link is wrong (the children do not move the parent as assumed) or the children's targets are set too low.",
    thresholds: catalogue::none,
};

pub fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    for (i, k) in cx.active() {
        if cx.status[i] != Status::OffTrack {
            continue;
        }
        let measured: Vec<usize> = cx.idx.children()[i]
            .iter()
            .copied()
            .filter(|&c| cx.kpi(c).is_active() && cx.status[c] != Status::NoData)
            .collect();
        if measured.is_empty() || measured.iter().any(|&c| cx.status[c] != Status::OnTrack) {
            continue;
        }
        out.push(
            Finding::new(RuleId::Watermelon, Severity::Warning, format!("k{}", k.id.0))
                .text(
                    format!("{} is off track while everything feeding it is on track", cx.q(i)),
                    format!(
                        "{} is off track, yet {} {} on track. Either these do not move it the way the links say, or their targets are too low.",
                        cx.q(i),
                        list_of(&measured, 4, |&c| cx.q(c)),
                        if measured.len() == 1 { "is" } else { "are all" }
                    ),
                    "Revisit each link's rationale against the data, raise the children's targets to what the parent needs, or add the missing driver.",
                )
                .kpis(std::iter::once(k.id).chain(measured.iter().map(|&c| cx.kpi(c).id)))
                .links(measured.iter().map(|&c| (cx.kpi(c).id, k.id)))
                .departments(k.department),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testkit::*;
    use crate::checks::RuleId;

    #[test]
    fn an_off_track_parent_over_green_children_is_a_watermelon() {
        let mut fx = healthy();
        expect(&fx.run(RuleId::Watermelon), 0, &[]);
        fx.get(1).measurements[0].value = 50.0;
        let f = fx.run(RuleId::Watermelon);
        expect(
            &f,
            1,
            &[
                "\u{201c}Company 1\u{201d} is off track while everything feeding it is on track",
                "are all on track",
            ],
        );
        assert_eq!(f[0].links.len(), 2);
        // A child off track too (and its own child): the cascade is telling the truth.
        fx.get(10).measurements[0].value = 40.0;
        fx.get(110).measurements[0].value = 40.0;
        expect(&fx.run(RuleId::Watermelon), 0, &[]);
    }
}
