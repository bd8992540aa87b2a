//! The rule catalogue: every rule, what it checks, why it matters and its thresholds,
//! read from the rule modules themselves; and the form that adjusts this model's
//! thresholds (saved with the model, one undo step).

use leptos::prelude::*;

use crate::checks::CATALOGUE;
use crate::model::rebase::{field, Rebase};
use crate::model::{Edit, Range, Settings};
use crate::ui::form_base::use_form_base;
use crate::ui::state::AppState;

#[component]
pub fn RulesPage() -> impl IntoView {
    let state = AppState::expect();
    let counts = move |rule| state.checks.with(|c| c.findings.iter().filter(|x| x.rule == rule).count());
    view! {
        <section class="panel" aria-labelledby="rules-title">
            <h2 id="rules-title">"The eighteen checks"</h2>
            <p class="hint">"Every rule the app runs on your model, with the thresholds in force for this model."</p>
            <table class="catalogue" tabindex="0" data-testid="catalogue">
                <thead><tr><th>"Rule"</th><th>"What it checks"</th><th>"Why it matters"</th><th>"Thresholds"</th><th class="num">"Now"</th></tr></thead>
                <tbody>
                    {CATALOGUE.iter().map(|info| {
                        let rule = info.rule;
                        let thresholds = info.thresholds;
                        view! {
                            <tr data-testid="catalogue-rule">
                                <th scope="row">{format!("{} {}", rule.code(), info.title)}</th>
                                <td>{info.checks}</td>
                                <td>{info.why}</td>
                                <td>{move || state.doc.with(|d| thresholds(&d.model.settings))}</td>
                                <td class="num">{move || counts(rule)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
        <SettingsForm />
    }
}

#[derive(Clone, Debug, PartialEq)]
struct SettingsDraft {
    fields: [String; 12],
}

const LABELS: [(&str, &str); 12] = [
    ("Company KPIs, at least", "set-company-min"),
    ("Company KPIs, at most", "set-company-max"),
    ("Department KPIs, focused from", "set-dept-min"),
    ("Department KPIs, at most", "set-dept-max"),
    ("Team KPIs per person, from", "set-person-min"),
    ("Team KPIs per person, at most", "set-person-max"),
    ("Leading indicators per company KPI, at least", "set-leading-min"),
    ("Leading indicators per company KPI, at most", "set-leading-max"),
    ("Company KPIs stable for (months)", "set-stability"),
    ("Stale after (review periods)", "set-stale"),
    ("Lead time, days, from", "set-lead-min"),
    ("Words a rationale needs", "set-words"),
];

impl Rebase for SettingsDraft {
    fn rebase(base: &Self, ours: &Self, now: &Self) -> Self {
        SettingsDraft {
            fields: std::array::from_fn(|i| field(&base.fields[i], &ours.fields[i], &now.fields[i])),
        }
    }
}

impl SettingsDraft {
    fn of(s: &Settings) -> SettingsDraft {
        let v = [
            s.company_kpis.min,
            s.company_kpis.max,
            s.department_kpis.min,
            s.department_kpis.max,
            s.person_kpis.min,
            s.person_kpis.max,
            s.leading_per_company_kpi.min,
            s.leading_per_company_kpi.max,
            s.stability_months,
            s.stale_periods,
            s.lead_days.min,
            s.rationale_min_words,
        ];
        SettingsDraft { fields: v.map(|n| n.to_string()) }
    }

    /// The settings, or the first field that is not a whole number.
    fn build(&self, base: &Settings) -> Result<Settings, String> {
        let mut v = [0u32; 12];
        for (i, f) in self.fields.iter().enumerate() {
            v[i] = f.trim().parse().map_err(|_| {
                format!("{}: \u{201c}{}\u{201d} is not a whole number.", LABELS[i].0, f.trim())
            })?;
        }
        Ok(Settings {
            company_kpis: Range::new(v[0], v[1]),
            department_kpis: Range::new(v[2], v[3]),
            person_kpis: Range::new(v[4], v[5]),
            leading_per_company_kpi: Range::new(v[6], v[7]),
            stability_months: v[8],
            stale_periods: v[9],
            lead_days: Range::new(v[10], base.lead_days.max.max(v[10])),
            rationale_min_words: v[11],
        })
    }
}

#[component]
fn SettingsForm() -> impl IntoView {
    let state = AppState::expect();
    let start = state.doc.with_untracked(|d| d.model.settings.clone());
    let draft = RwSignal::new(SettingsDraft::of(&start));
    // Another edit (undo, import, another tab's model) under the open form: untouched
    // fields show the new thresholds, the ones the user changed stay.
    let form = use_form_base(draft, start, |m| Some(m.settings.clone()), SettingsDraft::of);
    let problem = RwSignal::new(None::<String>);
    let save = move || {
        let ours = form.base.with_value(|b| draft.with_untracked(|x| x.build(b)));
        let ours = match ours {
            Ok(s) => s,
            Err(e) => return problem.set(Some(e)),
        };
        // Only the thresholds changed here are written, over the model's as they are now.
        let unchanged = form.base.with_value(|b| form.start.with_untracked(|x| x.build(b).ok()));
        let now = state.doc.with_untracked(|d| d.model.settings.clone());
        let saved = form.to_save(&ours, unchanged, &now);
        if saved == now {
            return problem.set(None);
        }
        match state.try_dispatch(Edit::Settings(saved.clone()), "Adjusted check thresholds") {
            Ok(_) => {
                problem.set(None);
                draft.set(SettingsDraft::of(&saved));
            }
            Err(e) => problem.set(Some(e.to_string())),
        }
    };
    view! {
        <section class="panel" aria-labelledby="settings-title">
            <h2 id="settings-title">"Thresholds for this model"</h2>
            <p class="hint">"The defaults are the field's rules of thumb. Changes are saved with the model and can be undone."</p>
            <form class="settings-form" novalidate on:submit=move |ev| { ev.prevent_default(); save(); }>
                <div class="grid">
                    {LABELS.iter().enumerate().map(|(i, (label, id))| view! {
                        <div class="field">
                            <label for=*id>{*label}</label>
                            <input id=*id type="number" min="0" data-testid=*id
                                prop:value=move || draft.with(|d| d.fields[i].clone())
                                on:input=move |ev| draft.update(|d| d.fields[i] = event_target_value(&ev)) />
                        </div>
                    }).collect_view()}
                </div>
                {move || problem.get().map(|p| view! { <p class="form-problems" role="alert" data-testid="settings-problem">{p}</p> })}
                <footer class="form-actions">
                    <button type="submit" class="primary" data-testid="settings-save">"Apply thresholds"</button>
                    <button type="button" on:click=move |_| {
                        let _ = state.dispatch(Edit::Settings(Settings::default()), "Restored default thresholds");
                    }>"Restore defaults"</button>
                </footer>
            </form>
        </section>
    }
}
