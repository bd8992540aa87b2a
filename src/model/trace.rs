//! The diagnostic trace: when a company KPI dips, which indicator below it went off
//! track first.
//!
//! [`trace`] walks the KPI's subtree, keeps every KPI that is off track now, and orders
//! them by the date each went off track in its current run; the earliest is the likely
//! origin ("the returning-customer campaign response rate dropped three weeks before
//! retention did").

use super::date::Date;
use super::entities::*;
use super::ids::{DeptId, KpiId};
use super::query::Index;
use super::status::{self, Status};

/// One off-track KPI in the subtree.
#[derive(Clone, Debug, PartialEq)]
pub struct TraceRow {
    pub kpi: KpiId,
    pub name: String,
    pub level: Level,
    pub department: Option<DeptId>,
    /// When its current off-track run began.
    pub since: Date,
    /// Names from the traced KPI down to this one.
    pub path: Vec<String>,
}

/// A trace from one KPI.
#[derive(Clone, Debug, PartialEq)]
pub struct Trace {
    pub root: KpiId,
    pub root_name: String,
    pub root_status: Status,
    pub root_since: Option<Date>,
    /// Off-track KPIs below the root, earliest first.
    pub rows: Vec<TraceRow>,
}

impl Trace {
    /// The likely origin: the first KPI below the root to go off track.
    pub fn origin(&self) -> Option<&TraceRow> {
        self.rows.first()
    }

    /// The trace in one sentence.
    pub fn explanation(&self) -> String {
        let root = format!("\u{201c}{}\u{201d}", self.root_name);
        match (self.origin(), self.root_since) {
            (None, Some(since)) => format!(
                "{root} has been off track since {}, but nothing below it is: the cause is outside its cascade (or a link is missing).",
                since.human()
            ),
            (None, None) => format!("{root} is not off track, and nothing below it is."),
            (Some(o), Some(since)) if o.since <= since => format!(
                "\u{201c}{}\u{201d} went off track on {}, {} before {root} did ({}): the likely origin.",
                o.name,
                o.since.human(),
                gap(since.days_since(o.since)),
                since.human()
            ),
            (Some(o), Some(since)) => format!(
                "{root} went off track first ({}); \u{201c}{}\u{201d} followed on {}.",
                since.human(),
                o.name,
                o.since.human()
            ),
            (Some(o), None) => format!(
                "{root} is not off track yet, but \u{201c}{}\u{201d} below it has been since {}: an early warning.",
                o.name,
                o.since.human()
            ),
        }
    }
}

fn gap(days: i32) -> String {
    match days {
        0 => "the same day".into(),
        1..=13 => format!("{days} day{}", if days == 1 { "" } else { "s" }),
        14..=62 => format!("{} weeks", (days + 3) / 7),
        _ => format!("{} months", (days + 15) / 30),
    }
}

/// Traces the subtree of `root`. Iterative, so deep cascades cannot overflow the stack.
pub fn trace(m: &Model, root: KpiId, today: Date) -> Option<Trace> {
    let idx = Index::new(m);
    let r = idx.kpi_pos(root)?;
    let rk = &m.kpis[r];
    // Breadth-first, remembering the shortest path from the root to each KPI.
    let mut path_to: Vec<Option<usize>> = vec![None; m.kpis.len()];
    let mut seen = vec![false; m.kpis.len()];
    seen[r] = true;
    let mut queue = std::collections::VecDeque::from([r]);
    let mut rows = Vec::new();
    while let Some(i) = queue.pop_front() {
        for &c in &idx.children[i] {
            if seen[c] || !m.kpis[c].is_active() {
                continue;
            }
            seen[c] = true;
            path_to[c] = Some(i);
            queue.push_back(c);
            let k = &m.kpis[c];
            if let Some(since) = status::off_track_since(k, today) {
                let mut path = vec![k.name.clone()];
                let mut at = c;
                while let Some(p) = path_to[at] {
                    path.push(m.kpis[p].name.clone());
                    at = p;
                }
                path.reverse();
                rows.push(TraceRow {
                    kpi: k.id,
                    name: k.name.clone(),
                    level: k.level,
                    department: k.department,
                    since,
                    path,
                });
            }
        }
    }
    // Earliest first; on the same day the deeper (more leading) KPI first.
    rows.sort_by(|a, b| {
        (a.since, std::cmp::Reverse(a.level), &a.name).cmp(&(b.since, std::cmp::Reverse(b.level), &b.name))
    });
    Some(Trace {
        root,
        root_name: rk.name.clone(),
        root_status: status::current(rk, today),
        root_since: status::off_track_since(rk, today),
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::templates;

    #[test]
    fn retail_retention_traces_back_to_the_returning_customer_campaign() {
        let today = Date::from_ymd(2026, 11, 23).unwrap();
        let m = (templates::by_id("retail").unwrap().build)(today);
        let retention = m.kpis.iter().find(|k| k.name == "Customer retention").unwrap();
        let t = trace(&m, retention.id, today).unwrap();
        assert_eq!(t.root_status, Status::OffTrack);
        let order: Vec<&str> = t.rows.iter().map(|r| r.name.as_str()).collect();
        assert!(order[0].contains("campaign response rate"), "{order:?}");
        assert!(order[1].contains("Repeat purchase rate"), "{order:?}");
        let origin = t.origin().unwrap();
        assert!(origin.since < t.root_since.unwrap());
        assert!(
            t.explanation().contains("3 weeks before \u{201c}Customer retention\u{201d} did"),
            "{}",
            t.explanation()
        );
        assert_eq!(origin.path.first().map(String::as_str), Some("Customer retention"));
    }

    #[test]
    fn the_order_is_by_date_then_depth() {
        let mut m = Model::default();
        let d = |s: &str| Date::parse(s).unwrap();
        let mut add = |id: u32, level: Level, values: &[(&str, f64)]| {
            let mut k = Kpi::new(KpiId(id), format!("K{id}"), level);
            k.target = Some(Target { value: 100.0, upper: None, due: None });
            for (date, v) in values {
                k.record(Measurement { date: d(date), value: *v });
            }
            m.kpis.push(k);
        };
        add(1, Level::Company, &[("2026-01-01", 100.0), ("2026-03-01", 50.0)]);
        add(2, Level::Department, &[("2026-01-01", 100.0), ("2026-02-01", 50.0)]);
        add(3, Level::Team, &[("2026-01-01", 100.0), ("2026-02-01", 50.0)]);
        add(4, Level::Team, &[("2026-01-15", 50.0)]);
        let link = |c, p| Link::new(KpiId(c), KpiId(p), "");
        m.links = vec![link(2, 1), link(3, 2), link(4, 2)];
        let t = trace(&m, KpiId(1), d("2026-04-01")).unwrap();
        let order: Vec<u32> = t.rows.iter().map(|r| r.kpi.0).collect();
        assert_eq!(order, [4, 3, 2]);
        assert_eq!(t.rows[0].path, ["K1", "K2", "K4"]);
        assert!(
            t.explanation().starts_with(
                "\u{201c}K4\u{201d} went off track on 15 Jan 2026, 6 weeks before \u{201c}K1\u{201d} did"
            ),
            "{}",
            t.explanation()
        );
    }

    #[test]
    fn a_dip_with_nothing_below_off_track_points_outside_the_cascade() {
        let mut m = Model::default();
        let mut k = Kpi::new(KpiId(1), "Margin", Level::Company);
        k.target = Some(Target { value: 40.0, upper: None, due: None });
        k.record(Measurement { date: Date::parse("2026-02-01").unwrap(), value: 20.0 });
        m.kpis.push(k);
        let t = trace(&m, KpiId(1), Date::parse("2026-03-01").unwrap()).unwrap();
        assert!(t.rows.is_empty());
        assert!(t.explanation().contains("the cause is outside its cascade"));
    }
}
