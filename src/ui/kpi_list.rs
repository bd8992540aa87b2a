//! The KPI list: every KPI grouped by level and department, with owner, indicator,
//! latest actual and status computed from it. A filter narrows it; groups collapse.

use std::collections::{HashMap, HashSet};

use leptos::prelude::*;

use crate::checks::{self, Checked};
use crate::model::describe::amount;
use crate::model::query::Index;
use crate::model::status;
use crate::model::{DeptId, KpiId, Level, Model};
use crate::ui::paged::PAGE;
use crate::ui::state::{AppState, KpiEditing};

/// One line of the list, as displayed (so an unchanged row is never re-rendered).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Line {
    Group {
        key: String,
        title: String,
        count: usize,
        collapsed: bool,
    },
    Kpi(Row),
    /// The group `key` has `hidden` more rows than it shows.
    More {
        key: String,
        hidden: usize,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Row {
    pub id: u32,
    pub name: String,
    pub owner: String,
    pub owner_missing: bool,
    pub indicator: &'static str,
    pub latest: String,
    pub target: String,
    pub status: status::Status,
    pub cadence: &'static str,
    pub retired: bool,
    /// Open findings that involve it.
    pub findings: usize,
    /// Involved in the selected finding.
    pub highlighted: bool,
}

/// What the checks say about the list: open findings per KPI, and the KPIs the
/// selected finding involves.
#[derive(Default)]
pub struct Marks {
    pub findings: HashMap<KpiId, usize>,
    pub highlight: HashSet<KpiId>,
}

fn row(m: &Model, idx: &Index, k: &crate::model::Kpi, today: crate::model::Date, marks: &Marks) -> Row {
    let show = |v: f64| amount(v, k.unit, &m.organisation.currency);
    Row {
        id: k.id.0,
        name: k.name.clone(),
        owner: idx.owner_label(m, k),
        owner_missing: k.owner_person().is_none(),
        indicator: k.indicator.label(),
        latest: status::latest_on(k, today).map_or_else(|| "\u{2014}".into(), |x| show(x.value)),
        target: k.target.map_or_else(|| "\u{2014}".into(), |t| show(t.value)),
        status: status::current(k, today),
        cadence: k.cadence.label(),
        retired: !k.is_active(),
        findings: marks.findings.get(&k.id).copied().unwrap_or(0),
        highlighted: marks.highlight.contains(&k.id),
    }
}

/// The list's lines for a model, filter and set of collapsed groups. Each open group
/// shows its first [`PAGE`] rows, or as many as `shown` says for it, and a
/// [`Line::More`] for the rest; one pass over the KPIs, whatever the number of
/// departments.
pub fn lines(
    m: &Model,
    today: crate::model::Date,
    filter: &str,
    collapsed: &HashSet<String>,
    marks: &Marks,
    shown: &HashMap<String, usize>,
) -> Vec<Line> {
    let idx = Index::new(m);
    let filter = filter.trim().to_lowercase();
    let matches = |k: &crate::model::Kpi| {
        filter.is_empty()
            || k.name.to_lowercase().contains(&filter)
            || idx.owner_label(m, k).to_lowercase().contains(&filter)
            || k.tags.iter().any(|t| t.contains(&filter))
    };
    let mut buckets: HashMap<(Level, Option<DeptId>), Vec<&crate::model::Kpi>> = HashMap::new();
    for k in m.kpis.iter().filter(|k| matches(k)) {
        let dept = if k.level == Level::Company {
            None
        } else {
            k.department.filter(|d| idx.department(m, *d).is_some())
        };
        buckets.entry((k.level, dept)).or_default().push(k);
    }
    let mut take = |key| buckets.remove(&key).unwrap_or_default();
    let mut groups: Vec<(String, String, Vec<&crate::model::Kpi>)> = Vec::new();
    groups.push(("company".into(), "Company KPIs".into(), take((Level::Company, None))));
    for level in [Level::Department, Level::Team] {
        let word = if level == Level::Department { "department KPIs" } else { "team KPIs" };
        for d in &m.departments {
            groups.push((
                format!("{}-{}", level.key(), d.id.0),
                format!("{} \u{2014} {word}", d.name),
                take((level, Some(d.id))),
            ));
        }
        groups.push((
            format!("{}-none", level.key()),
            format!("No department \u{2014} {word}"),
            take((level, None)),
        ));
    }
    let mut out = Vec::new();
    for (key, title, ks) in groups {
        if ks.is_empty() {
            continue;
        }
        let is_collapsed = collapsed.contains(&key);
        let limit = shown.get(&key).copied().unwrap_or(PAGE);
        let count = ks.len();
        out.push(Line::Group { key: key.clone(), title, count, collapsed: is_collapsed });
        if !is_collapsed {
            out.extend(ks.into_iter().take(limit).map(|k| Line::Kpi(row(m, &idx, k, today, marks))));
            if count > limit {
                out.push(Line::More { key, hidden: count - limit });
            }
        }
    }
    out
}

/// The marks as comparable data (for the memo): findings per KPI, highlighted KPIs.
#[derive(Clone, PartialEq)]
struct MarksKey(Vec<(KpiId, usize)>, HashSet<KpiId>);

#[component]
pub fn KpiList() -> impl IntoView {
    let state = AppState::expect();
    let filter = RwSignal::new(String::new());
    let importing = RwSignal::new(false);
    let exporting = RwSignal::new(false);
    // Large models start with their team groups folded, so the page stays quick.
    let collapsed = RwSignal::new(state.doc.with_untracked(|d| {
        if d.model.kpis.len() > 200 {
            d.model.departments.iter().map(|x| format!("team-{}", x.id.0)).collect()
        } else {
            HashSet::new()
        }
    }));
    // Rows shown per group beyond the first page, once "Show more" is used.
    let shown = RwSignal::new(HashMap::<String, usize>::new());
    let marks = Memo::new(move |_| {
        state.checks.with(|Checked { findings: all, .. }| {
            state.doc.with(|d| {
                let (open, _) = checks::split_acknowledged(&d.model, all);
                let mut findings: HashMap<KpiId, usize> = HashMap::new();
                for f in open {
                    for k in &f.kpis {
                        *findings.entry(*k).or_default() += 1;
                    }
                }
                let highlight = state
                    .highlight
                    .with(|h| h.as_ref().map(|(_, ks)| ks.iter().copied().collect()).unwrap_or_default());
                MarksKey(findings.into_iter().collect(), highlight)
            })
        })
    });
    let lines = Memo::new(move |_| {
        marks.with(|mk| {
            let marks = Marks { findings: mk.0.iter().copied().collect(), highlight: mk.1.clone() };
            state.doc.with(|d| {
                collapsed
                    .with(|c| filter.with(|f| shown.with(|s| lines(&d.model, state.today, f, c, &marks, s))))
            })
        })
    });
    let highlighted = move || state.highlight.with(|h| h.as_ref().map(|(key, ks)| (key.clone(), ks.len())));
    let empty = move || state.doc.with(|d| d.model.kpis.is_empty());
    view! {
        <section class="kpi-list" aria-labelledby="kpi-list-title">
            <div class="toolbar">
                <h2 id="kpi-list-title">"KPIs"</h2>
                <input
                    type="search"
                    placeholder="Filter by name, owner or tag"
                    aria-label="Filter KPIs"
                    data-testid="kpi-filter"
                    prop:value=move || filter.get()
                    on:input=move |ev| filter.set(event_target_value(&ev))
                />
                <button data-testid="import-csv" on:click=move |_| importing.set(true)>"Import from CSV\u{2026}"</button>
                <button class="primary" data-testid="new-kpi" on:click=move |_| state.kpi_editor.set(Some(KpiEditing::New))>
                    "New KPI"
                </button>
                // After New KPI, so it adds no Tab stop on the way to it.
                <button data-testid="spreadsheet-open" on:click=move |_| exporting.set(true)>"Export to a spreadsheet\u{2026}"</button>
            </div>
            <Show when=move || exporting.get()>
                {crate::ui::app::spreadsheet_dialog(Callback::new(move |_| exporting.set(false)))}
            </Show>
            <Show when=move || importing.get()>
                {
                    let close = Callback::new(move |_| importing.set(false));
                    crate::ui::deferred::fetched_view("The spreadsheet import", || ().into_any(), Some(close), move || {
                        crate::ui::app::csv_import_dialog(close)
                    })
                }
            </Show>
            {move || highlighted().map(|(key, n)| view! {
                <div class="highlight-bar" data-testid="highlight-bar">
                    <span>{format!("Highlighting the {n} KPI(s) involved in finding {key}.")}</span>
                    <button on:click=move |_| state.highlight.set(None)>"Clear"</button>
                </div>
            })}
            <Show when=empty>
                <div class="empty" data-testid="empty-model">
                    <p>"No KPIs yet. Start from a template (top right) to see a worked example, or build your own: begin with the three to five company KPIs everything else will feed."</p>
                    <p class="empty-actions">
                        <button class="primary" data-testid="empty-new-kpi" on:click=move |_| state.kpi_editor.set(Some(KpiEditing::New))>
                            "Add the first company KPI"
                        </button>
                        <button data-testid="empty-import-csv" on:click=move |_| importing.set(true)>
                            "Add many at once from a spreadsheet (CSV)\u{2026}"
                        </button>
                    </p>
                </div>
            </Show>
            <table class="kpis" tabindex="0" data-testid="kpi-table">
                <thead>
                    <tr>
                        <th scope="col">"KPI"</th>
                        <th scope="col">"Owner"</th>
                        <th scope="col">"Indicator"</th>
                        <th scope="col" class="num">"Latest"</th>
                        <th scope="col" class="num">"Target"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Review"</th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || lines.get() key=|l| l.clone() let:line>
                        {match line {
                            Line::Group { key, title, count, collapsed: is_collapsed } => {
                                let k = key.clone();
                                view! {
                                    <tr class="group">
                                        <th colspan="7" scope="rowgroup">
                                            <button
                                                class="group-toggle"
                                                aria-expanded=(!is_collapsed).to_string()
                                                data-testid=format!("group-{key}")
                                                on:click=move |_| collapsed.update(|c| {
                                                    if !c.remove(&k) {
                                                        c.insert(k.clone());
                                                    }
                                                })
                                            >
                                                {if is_collapsed { "\u{25b8} " } else { "\u{25be} " }}
                                                {title}
                                                <span class="count">{format!(" ({count})")}</span>
                                            </button>
                                        </th>
                                    </tr>
                                }
                                    .into_any()
                            }
                            Line::More { key, hidden } => view! {
                                <tr class="more">
                                    <td colspan="7">
                                        <button type="button" data-testid="show-more" on:click=move |_| shown.update(|s| {
                                            *s.entry(key.clone()).or_insert(PAGE) += PAGE;
                                        })>
                                            {format!("Show {} more ({hidden} not shown)", PAGE.min(hidden))}
                                        </button>
                                    </td>
                                </tr>
                            }
                            .into_any(),
                            Line::Kpi(r) => {
                                let id = crate::model::KpiId(r.id);
                                view! {
                                    <tr class:retired=r.retired class:highlighted=r.highlighted data-testid="kpi-row">
                                        <td>
                                            <button
                                                class="link"
                                                data-testid="kpi-open"
                                                on:click=move |_| state.kpi_editor.set(Some(KpiEditing::Existing(id)))
                                            >
                                                {r.name.clone()}
                                            </button>
                                            <crate::ui::live::Holding kpi=id />
                                            {r.retired.then(|| view! { <span class="tag">" retired"</span> })}
                                            {(!r.retired).then(|| {
                                                let label = format!("Check in on {}", r.name);
                                                view! {
                                                    <button
                                                        class="chip-button check-in-open"
                                                        data-testid="check-in-open"
                                                        aria-label=label
                                                        on:click=move |_| state.check_in.set(Some(id))
                                                    >
                                                        "Check in"
                                                    </button>
                                                }
                                            })}
                                            {(r.findings > 0).then(|| view! {
                                                <span class="badge finding-count" data-testid="kpi-findings" title="open findings">{r.findings}</span>
                                            })}
                                        </td>
                                        <td class:missing=r.owner_missing>{r.owner.clone()}</td>
                                        <td>{r.indicator}</td>
                                        <td class="num">{r.latest.clone()}</td>
                                        <td class="num">{r.target.clone()}</td>
                                        <td>
                                            <span class=format!("status {}", r.status.key())>{r.status.label()}</span>
                                        </td>
                                        <td>{r.cadence}</td>
                                    </tr>
                                }
                                    .into_any()
                            }
                        }}
                    </For>
                </tbody>
            </table>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Date, Department, DeptId, Kpi, KpiId};

    fn model() -> Model {
        let mut m = Model::default();
        m.departments.push(Department { id: DeptId(1), name: "Sales".into(), head: None });
        m.kpis.push(Kpi::new(KpiId(1), "Revenue", Level::Company));
        let mut k = Kpi::new(KpiId(2), "Pipeline", Level::Department);
        k.department = Some(DeptId(1));
        k.tags = vec!["lead-quality".into()];
        m.kpis.push(k);
        m.kpis.push(Kpi::new(KpiId(3), "Loose", Level::Team));
        m
    }

    fn titles(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|l| match l {
                Line::Group { title, count, .. } => format!("# {title} ({count})"),
                Line::Kpi(r) => r.name.clone(),
                Line::More { hidden, .. } => format!("+{hidden}"),
            })
            .collect()
    }

    #[test]
    fn groups_by_level_then_department_and_skips_empty_groups() {
        let today = Date::from_ymd(2026, 1, 1).unwrap();
        let got = titles(&lines(&model(), today, "", &HashSet::new(), &Marks::default(), &HashMap::new()));
        assert_eq!(
            got,
            [
                "# Company KPIs (1)",
                "Revenue",
                "# Sales \u{2014} department KPIs (1)",
                "Pipeline",
                "# No department \u{2014} team KPIs (1)",
                "Loose"
            ]
        );
    }

    #[test]
    fn filters_by_tag_and_folds_collapsed_groups() {
        let today = Date::from_ymd(2026, 1, 1).unwrap();
        assert_eq!(
            titles(&lines(&model(), today, "LEAD", &HashSet::new(), &Marks::default(), &HashMap::new())),
            ["# Sales \u{2014} department KPIs (1)", "Pipeline"]
        );
        let folded = HashSet::from(["company".to_string()]);
        assert_eq!(
            titles(&lines(&model(), today, "", &folded, &Marks::default(), &HashMap::new()))[..2],
            ["# Company KPIs (1)", "# Sales \u{2014} department KPIs (1)"]
        );
    }

    #[test]
    fn a_large_group_shows_a_page_and_counts_the_rest() {
        let today = Date::from_ymd(2026, 1, 1).unwrap();
        let mut m = Model::default();
        m.departments.push(Department { id: DeptId(1), name: "Sales".into(), head: None });
        for i in 1..=(PAGE as u32 + 5) {
            let mut k = Kpi::new(KpiId(i), format!("K{i}"), Level::Department);
            k.department = Some(DeptId(1));
            m.kpis.push(k);
        }
        let got = titles(&lines(&m, today, "", &HashSet::new(), &Marks::default(), &HashMap::new()));
        assert_eq!(got.len(), PAGE + 2, "group, a page of rows, and the rest counted");
        assert_eq!(got.last().map(String::as_str), Some("+5"));
        let more = HashMap::from([("department-1".to_string(), PAGE * 2)]);
        let got = titles(&lines(&m, today, "", &HashSet::new(), &Marks::default(), &more));
        assert_eq!(got.len(), PAGE + 6);
    }
}
