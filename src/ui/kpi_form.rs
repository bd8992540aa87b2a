//! The KPI editor: every field of a KPI, with inline validation, in a dialog. Saving
//! applies one edit (add or update); retire, reactivate and delete are edits too, so
//! each is one undo step.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::model::status::{self, Status};
use crate::model::Owner as KpiOwner;
use crate::model::{describe::fmt_num, ops, query, tags, *};
use crate::ui::controls::*;
use crate::ui::dialog::Dialog;
use crate::ui::form_base::use_form_base;
use crate::ui::kpi_draft::{Field as F, KpiDraft};
use crate::ui::state::{AppState, KpiEditing};

/// What the form says when its KPI is no longer in the model.
const GONE: &str = "This KPI was deleted while the form was open (in another tab, by an undo or an import). \
     Saving would bring it back, so it is not saved: copy what you need, then close the form.";

/// The editor for one KPI, shown while `state.kpi_editor` is set.
#[component]
pub fn KpiForm(editing: KpiEditing) -> impl IntoView {
    let state = AppState::expect();
    let today = state.today;
    // A new KPI starts at the level the model needs next: company KPIs come first.
    let (base, first_level) = state.doc.with_untracked(|d| {
        let has_company = d.model.kpis.iter().any(|k| k.level == Level::Company && k.is_active());
        let level = if has_company { Level::Department } else { Level::Company };
        let existing = match editing {
            KpiEditing::Existing(id) => query::kpi(&d.model, id).cloned(),
            KpiEditing::New => None,
        };
        (existing, level)
    });
    let is_new = editing == KpiEditing::New;
    // An existing KPI may be gone already (deleted in another tab before the form opened).
    let gone_at_open = !is_new && base.is_none();
    let base: Kpi = base.unwrap_or_else(|| Kpi::new(KpiId(0), "", first_level));
    let draft = RwSignal::new(KpiDraft::from_kpi(&base, today));
    // While the form is open the model may change underneath it (another tab's model,
    // an undo, an import): untouched fields follow it, the user's changes stay.
    let blank = base.clone();
    let fb = use_form_base(
        draft,
        base,
        move |m| match editing {
            KpiEditing::Existing(id) => query::kpi(m, id).cloned(),
            KpiEditing::New => Some(blank.clone()),
        },
        move |k| KpiDraft::from_kpi(k, today),
    );
    if gone_at_open {
        fb.gone.set(true);
    }
    let base = fb.base;
    let unsaved = fb.touched(draft);
    let errors = RwSignal::new(Vec::<(F, String)>::new());
    let refused = RwSignal::new(None::<String>);
    let why = RwSignal::new(String::new());
    let confirm_delete = RwSignal::new(false);
    let retiring = RwSignal::new(false);
    let retire_reason = RwSignal::new(String::new());
    // The KPI as it is in the model now, or why it cannot be changed.
    let kpi_now = move || -> Result<Kpi, String> {
        let id = base.with_value(|b| b.id);
        state.doc.with_untracked(|d| query::kpi(&d.model, id).cloned()).ok_or_else(|| GONE.to_string())
    };

    let error_for = move |f: F| {
        Signal::derive(move || errors.with(|e| e.iter().find(|(x, _)| *x == f).map(|(_, m)| m.clone())))
    };
    let close = Callback::new(move |_| state.kpi_editor.set(None));

    // Choosing an owner fills the department when it is still empty: the owner's own.
    Effect::watch(
        move || draft.with(|d| d.owner.clone()),
        move |owner, _, _| {
            let implied =
                state.doc.with_untracked(|d| crate::ui::kpi_draft::department_of_owner(&d.model, owner));
            if let Some(dept) = implied {
                if draft.with_untracked(|d| d.department.is_none()) {
                    draft.update(|d| d.department = Some(dept));
                }
            }
        },
        false,
    );
    let form = NodeRef::<leptos::html::Form>::new();
    let save = move || {
        refused.set(None);
        let built = base.with_value(|b| draft.with(|d| d.build(b)));
        match built {
            Err(e) => {
                errors.set(e);
                // The user is taken to the first problem: its field takes the focus (and
                // scrolls into view) once the errors are drawn, and says what is wrong.
                request_animation_frame(move || {
                    let first = form.get_untracked().and_then(|f| {
                        f.query_selector(
                            ".field.invalid input, .field.invalid select, .field.invalid textarea",
                        )
                        .ok()
                        .flatten()
                    });
                    if let Some(el) = first.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
                        let _ = el.focus();
                    }
                });
            }
            Ok(mut kpi) => {
                errors.set(Vec::new());
                let edit = if is_new {
                    let (id, parent) = state.doc.with_untracked(|d| {
                        (d.model.next_kpi_id(), draft.with_untracked(|x| x.parent(&d.model)))
                    });
                    kpi.id = id;
                    match parent {
                        // Created and linked in one step, so one undo takes both back.
                        Some(p) => {
                            let why = draft.with_untracked(|x| x.feeds_why.trim().to_string());
                            Edit::Batch(vec![Edit::insert(kpi), Edit::insert(Link::new(id, p, why))])
                        }
                        None => Edit::insert(kpi),
                    }
                } else {
                    // Only the fields changed in this form are written, over the KPI as
                    // it is now; a KPI deleted meanwhile is not brought back.
                    let now = match kpi_now() {
                        Ok(k) => k,
                        Err(e) => return refused.set(Some(e)),
                    };
                    let unchanged = base.with_value(|b| fb.start.with_untracked(|s| s.build(b).ok()));
                    Edit::update(fb.to_save(&kpi, unchanged, &now))
                };
                match fb.closing_with(|| state.try_dispatch(edit, &why.get_untracked())) {
                    Ok(_) => state.kpi_editor.set(None),
                    Err(e) => refused.set(Some(e.to_string())),
                }
            }
        }
    };

    let retire = move || {
        let reason = retire_reason.get_untracked();
        if reason.trim().is_empty() {
            refused.set(Some("Say why the KPI is retired.".into()));
            return;
        }
        let mut k = match kpi_now() {
            Ok(k) => k,
            Err(e) => return refused.set(Some(e)),
        };
        k.lifecycle = Lifecycle::Retired { on: today, reason: reason.trim().to_string() };
        if fb.closing_with(|| state.try_dispatch(Edit::update(k), &reason)).is_ok() {
            state.kpi_editor.set(None);
        }
    };
    let reactivate = move || {
        let mut k = match kpi_now() {
            Ok(k) => k,
            Err(e) => return refused.set(Some(e)),
        };
        k.lifecycle = Lifecycle::Active;
        if fb.closing_with(|| state.try_dispatch(Edit::update(k), &why.get_untracked())).is_ok() {
            state.kpi_editor.set(None);
        }
    };
    let delete = move || {
        let id = base.with_value(|b| b.id);
        let edit = state.doc.with_untracked(|d| ops::delete_kpi(&d.model, id));
        match fb.closing_with(|| edit.and_then(|e| state.try_dispatch(e, &why.get_untracked()))) {
            Ok(_) => state.kpi_editor.set(None),
            Err(e) => refused.set(Some(e.to_string())),
        }
    };

    let departments = Signal::derive(move || {
        state.doc.with(|d| d.model.departments.iter().map(|x| (x.id.0.to_string(), x.name.clone())).collect())
    });
    let owners = Signal::derive(move || {
        state.doc.with(|d| {
            let m = &d.model;
            let mut v: Vec<(String, String)> = m
                .people
                .iter()
                .map(|p| {
                    let dept = p
                        .department
                        .map(|x| format!(", {}", query::department_name(m, x)))
                        .unwrap_or_default();
                    let role =
                        if p.role.is_empty() { String::new() } else { format!(" \u{2014} {}{dept}", p.role) };
                    (format!("p:{}", p.id.0), format!("{}{role}", p.name))
                })
                .collect();
            // Keep an imported non-person owner selectable so saving does not drop it.
            let current = draft.with_untracked(|d| d.owner.clone());
            if let Some(o) = crate::ui::kpi_draft::parse_owner(&current) {
                if o.person().is_none() {
                    let label = match &o {
                        KpiOwner::Department(x) => {
                            format!("{} (a department: not accountable)", query::department_name(m, *x))
                        }
                        KpiOwner::Team(t) => format!("{t} (a team: not accountable)"),
                        KpiOwner::Person(_) => String::new(),
                    };
                    v.insert(0, (current, label));
                }
            }
            v
        })
    });
    let parents = Signal::derive(move || {
        let (level, dept) = draft.with(|d| (d.level, d.department));
        state.doc.with(|d| crate::ui::kpi_draft::parent_choices(&d.model, level, dept))
    });
    let terms = Signal::derive(move || {
        state.doc.with(|d| d.model.glossary.iter().map(|t| (t.id.0.to_string(), t.name.clone())).collect())
    });

    let title = if is_new {
        "New KPI".to_string()
    } else {
        format!("Edit \u{201c}{}\u{201d}", base.with_value(|b| b.name.clone()))
    };
    let retired = base.with_value(|b| !b.is_active());

    view! {
        <Dialog title=title on_close=close testid="kpi-form" wide=true unsaved=unsaved>
            <form
                class="kpi-form"
                node_ref=form
                novalidate
                on:submit=move |ev| {
                    ev.prevent_default();
                    save();
                }
                // Ctrl+Enter (Cmd+Enter) saves from any field, a select or the description too.
                on:keydown=move |ev: web_sys::KeyboardEvent| {
                    if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
                        ev.prevent_default();
                        save();
                    }
                }
            >
                <Show when=move || fb.gone.get()>
                    <p class="form-problems" role="alert" data-testid="form-gone">{GONE}</p>
                </Show>
                <Show when=move || !errors.with(Vec::is_empty) || refused.with(Option::is_some)>
                    <div class="form-problems" role="alert" data-testid="form-problems">
                        {move || refused.get().map(|r| view! { <p>{r}</p> })}
                        {move || {
                            let n = errors.with(Vec::len);
                            (n > 0).then(|| view! { <p>{format!("{} {} attention before saving.", crate::checks::count(n, "field", "fields"), if n == 1 { "needs" } else { "need" })}</p> })
                        }}
                    </div>
                </Show>

                <fieldset>
                    <legend>"What it is"</legend>
                    <Field label="Name" id="kpi-name" error=error_for(F::Name)>
                        {text_input(draft, "kpi-name", |d| d.name.clone(), |d, v| d.name = v)}
                    </Field>
                    <Field label="Description" id="kpi-description">
                        {text_area(draft, "kpi-description", |d| d.description.clone(), |d, v| d.description = v)}
                    </Field>
                    <div class="row">
                        <Field label="Level" id="kpi-level">
                            {enum_select(draft, "kpi-level", &Level::ALL, Level::label, |d| d.level, |d, v| d.level = v)}
                        </Field>
                        <Show when=move || draft.with(|d| d.level != Level::Company)>
                            <Field label="Department" id="kpi-department" error=error_for(F::Department)>
                                {choice_select(
                                    draft,
                                    "kpi-department",
                                    Some("Choose\u{2026}"),
                                    departments,
                                    |d| d.department.map(|x| x.0.to_string()).unwrap_or_default(),
                                    |d, v| d.department = v.parse().ok().map(DeptId),
                                )}
                            </Field>
                        </Show>
                        <Field label="Owner (one named person)" id="kpi-owner" error=error_for(F::Owner)>
                            {choice_select(draft, "kpi-owner", Some("No owner yet"), owners, |d| d.owner.clone(), |d, v| d.owner = v)}
                        </Field>
                    </div>
                    <Show when=move || is_new && draft.with(|d| d.level != Level::Company)>
                        <div class="row">
                            <Field label="Feeds (the KPI one level up it moves)" id="kpi-feeds">
                                {choice_select(draft, "kpi-feeds", Some("Not linked yet"), parents, |d| d.feeds.clone(), |d, v| d.feeds = v)}
                            </Field>
                            <Show when=move || draft.with(|d| !d.feeds.is_empty())>
                                <Field label="How it moves it (one sentence)" id="kpi-feeds-why">
                                    {text_input(draft, "kpi-feeds-why", |d| d.feeds_why.clone(), |d, v| d.feeds_why = v)}
                                </Field>
                            </Show>
                        </div>
                    </Show>
                    <Contributors draft=draft />
                </fieldset>

                <fieldset>
                    <legend>"How it is measured"</legend>
                    <div class="row">
                        <Field label="Indicator" id="kpi-indicator" hint="Leading predicts; lagging reports.">
                            {enum_select(draft, "kpi-indicator", &[Indicator::Leading, Indicator::Lagging], Indicator::label, |d| d.indicator, |d, v| d.indicator = v)}
                        </Field>
                        <Field label="Kind" id="kpi-kind" hint="Outcome: what resulted. Activity: what was done.">
                            {enum_select(draft, "kpi-kind", &[Kind::Outcome, Kind::Activity], Kind::label, |d| d.kind, |d, v| d.kind = v)}
                        </Field>
                        <Field label="Unit" id="kpi-unit">
                            {enum_select(draft, "kpi-unit", &Unit::ALL, Unit::label, |d| d.unit, |d, v| d.unit = v)}
                        </Field>
                        <Field label="Direction" id="kpi-direction">
                            {enum_select(draft, "kpi-direction", &Direction::ALL, Direction::label, |d| d.direction, |d, v| d.direction = v)}
                        </Field>
                    </div>
                </fieldset>

                <fieldset>
                    <legend>"Target"</legend>
                    <div class="row">
                        <Field label="Baseline" id="kpi-baseline" error=error_for(F::Baseline)>
                            {typed_input(draft, "kpi-baseline", "text", |d| d.baseline.clone(), |d, v| d.baseline = v)}
                        </Field>
                        <Field label="Target" id="kpi-target" error=error_for(F::Target)>
                            {typed_input(draft, "kpi-target", "text", |d| d.target.clone(), |d, v| d.target = v)}
                        </Field>
                        <Show when=move || draft.with(|d| d.direction == Direction::WithinBand)>
                            <Field label="Band upper end" id="kpi-upper" error=error_for(F::Upper)>
                                {typed_input(draft, "kpi-upper", "text", |d| d.upper.clone(), |d, v| d.upper = v)}
                            </Field>
                        </Show>
                        <Field label="Due" id="kpi-due" error=error_for(F::Due)>
                            {typed_input(draft, "kpi-due", "date", |d| d.due.clone(), |d, v| d.due = v)}
                        </Field>
                    </div>
                    <div class="row">
                        <Field label="On track at" id="kpi-on-track" error=error_for(F::OnTrack) hint="Leave both empty to use the target.">
                            {typed_input(draft, "kpi-on-track", "text", |d| d.on_track.clone(), |d, v| d.on_track = v)}
                        </Field>
                        <Field label="Off track beyond" id="kpi-off-track" error=error_for(F::OffTrack)>
                            {typed_input(draft, "kpi-off-track", "text", |d| d.off_track.clone(), |d, v| d.off_track = v)}
                        </Field>
                    </div>
                </fieldset>

                <fieldset>
                    <legend>"Review and data"</legend>
                    <div class="row">
                        <Field label="Review cadence" id="kpi-cadence">
                            {enum_select(draft, "kpi-cadence", &Cadence::ALL, Cadence::label, |d| d.cadence, |d, v| d.cadence = v)}
                        </Field>
                        <Field label="Definition (glossary)" id="kpi-term">
                            {choice_select(
                                draft,
                                "kpi-term",
                                Some("No definition yet"),
                                terms,
                                |d| d.term.map(|t| t.0.to_string()).unwrap_or_default(),
                                |d, v| d.term = v.parse().ok().map(TermId),
                            )}
                        </Field>
                        <Field label="Data source (system of record)" id="kpi-source">
                            {text_input(draft, "kpi-source", |d| d.data_source.clone(), |d, v| d.data_source = v)}
                        </Field>
                    </div>
                    <div class="row checks">
                        <label>{checkbox(draft, "kpi-automated", |d| d.automated, |d, v| d.automated = v)} " Automated feed"</label>
                        <label>{checkbox(draft, "kpi-available", |d| d.data_available, |d, v| d.data_available = v)} " Data available today"</label>
                    </div>
                </fieldset>

                <fieldset>
                    <legend>"Classification and governance"</legend>
                    <Field label="Tags (comma-separated)" id="kpi-tags" hint="Tags such as lead-volume or capacity let the checks find known conflicts.">
                        <input
                            id="kpi-tags"
                            type="text"
                            list="known-tags"
                            data-testid="kpi-tags"
                            prop:value=move || draft.with(|d| d.tags.clone())
                            on:input=move |ev| draft.update(|d| d.tags = event_target_value(&ev))
                        />
                        <datalist id="known-tags">
                            {tags::KNOWN.iter().map(|(t, what)| view! { <option value=*t>{*what}</option> }).collect_view()}
                        </datalist>
                    </Field>
                    <Show when=move || draft.with(|d| d.level == Level::Company)>
                        <div class="row">
                            <label class="inline">
                                {checkbox(draft, "kpi-locked", |d| d.locked, |d, v| d.locked = v)}
                                " Locked for the strategy period, since"
                            </label>
                            <Field label="Locked on" id="kpi-locked-on" error=error_for(F::Locked)>
                                {typed_input(draft, "kpi-locked-on", "date", |d| d.locked_on.clone(), |d, v| d.locked_on = v)}
                            </Field>
                        </div>
                    </Show>
                    {retired.then(|| {
                        let text = base.with_value(|b| match &b.lifecycle {
                            Lifecycle::Retired { on, reason } => format!("Retired on {}: {reason}", on.human()),
                            Lifecycle::Active => String::new(),
                        });
                        view! { <p class="retired-note" data-testid="retired-note">{text}</p> }
                    })}
                </fieldset>

                <Actuals draft=draft />

                <Field label="Reason for this change (for the change log)" id="kpi-why">
                    <input
                        id="kpi-why"
                        type="text"
                        data-testid="kpi-why"
                        prop:value=move || why.get()
                        on:input=move |ev| why.set(event_target_value(&ev))
                    />
                </Field>

                <footer class="dialog-actions">
                    <button type="submit" class="primary" data-testid="kpi-save" aria-keyshortcuts="Control+Enter" title="Ctrl+Enter saves from any field">
                        {if is_new { "Add KPI" } else { "Save changes" }}
                    </button>
                    <button type="button" on:click=move |_| close.run(())>"Cancel"</button>
                    <span class="spacer"></span>
                    {(!is_new && !retired).then(|| view! {
                        <button type="button" data-testid="kpi-retire" on:click=move |_| retiring.set(true)>"Retire\u{2026}"</button>
                    })}
                    {(!is_new && retired).then(|| view! {
                        <button type="button" data-testid="kpi-reactivate" on:click=move |_| reactivate()>"Reactivate"</button>
                    })}
                    {(!is_new).then(|| view! {
                        <button type="button" class="danger" data-testid="kpi-delete" on:click=move |_| confirm_delete.set(true)>
                            "Delete\u{2026}"
                        </button>
                    })}
                </footer>
                <Show when=move || retiring.get()>
                    <div class="confirm" data-testid="retire-confirm">
                        <label for="retire-reason">"Why is it retired?"</label>
                        <input
                            id="retire-reason"
                            type="text"
                            data-testid="retire-reason"
                            prop:value=move || retire_reason.get()
                            on:input=move |ev| retire_reason.set(event_target_value(&ev))
                        />
                        <button type="button" class="primary" data-testid="retire-confirm-button" on:click=move |_| retire()>
                            "Retire it"
                        </button>
                        <button type="button" on:click=move |_| retiring.set(false)>"Keep it"</button>
                    </div>
                </Show>
                <Show when=move || confirm_delete.get()>
                    <div class="confirm danger" data-testid="delete-confirm">
                        <p>
                            {move || {
                                let id = base.with_value(|b| b.id);
                                let uses = state.doc.with(|d| <Kpi as Entity>::referenced_by(&id, &d.model));
                                match uses {
                                    Some(u) => format!("Delete this KPI? It is {u}; those go too. You can undo this."),
                                    None => "Delete this KPI? You can undo this.".to_string(),
                                }
                            }}
                        </p>
                        <button type="button" class="danger" data-testid="delete-confirm-button" on:click=move |_| delete()>
                            "Delete"
                        </button>
                        <button type="button" on:click=move |_| confirm_delete.set(false)>"Keep it"</button>
                    </div>
                </Show>
            </form>
        </Dialog>
    }
}

/// The contributors list: chips with a remove button, and a select to add one.
#[component]
fn Contributors(draft: RwSignal<KpiDraft>) -> impl IntoView {
    let state = AppState::expect();
    let adding = RwSignal::new(String::new());
    let label = move |c: Contributor| {
        state.doc.with(|d| match c {
            Contributor::Person(p) => query::person_name(&d.model, p),
            Contributor::Department(x) => format!("{} (department)", query::department_name(&d.model, x)),
        })
    };
    let choices = move || {
        state.doc.with(|d| {
            let m = &d.model;
            m.departments
                .iter()
                .map(|x| (format!("d:{}", x.id.0), format!("{} (department)", x.name)))
                .chain(m.people.iter().map(|p| (format!("p:{}", p.id.0), p.name.clone())))
                .collect::<Vec<_>>()
        })
    };
    let add = move |_| {
        let v = adding.get_untracked();
        let c = match v.split_once(':') {
            Some(("d", n)) => n.parse().ok().map(|n| Contributor::Department(DeptId(n))),
            Some(("p", n)) => n.parse().ok().map(|n| Contributor::Person(PersonId(n))),
            _ => None,
        };
        if let Some(c) = c {
            draft.update(|d| {
                if !d.contributors.contains(&c) {
                    d.contributors.push(c);
                }
            });
        }
    };
    view! {
        <div class="field">
            <label for="kpi-contributor-add">"Contributors (others whose work moves it)"</label>
            <ul class="chips" data-testid="kpi-contributors">
                {move || {
                    draft
                        .with(|d| d.contributors.clone())
                        .into_iter()
                        .map(|c| {
                            view! {
                                <li class="chip">
                                    {label(c)}
                                    <button
                                        type="button"
                                        aria-label=format!("Remove {}", label(c))
                                        on:click=move |_| draft.update(|d| d.contributors.retain(|x| *x != c))
                                    >
                                        "\u{00d7}"
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <div class="inline">
                <select id="kpi-contributor-add" on:change=move |ev| adding.set(event_target_value(&ev))>
                    <option value="">"Choose\u{2026}"</option>
                    {move || choices().into_iter().map(|(v, l)| view! { <option value=v>{l}</option> }).collect_view()}
                </select>
                <button type="button" on:click=add>"Add"</button>
            </div>
        </div>
    }
}

/// The KPI's actuals: the series with its status, a row to add one, and delete buttons.
#[component]
fn Actuals(draft: RwSignal<KpiDraft>) -> impl IntoView {
    let state = AppState::expect();
    let date = RwSignal::new(state.today.to_string());
    let value = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let add = move || {
        let d = match Date::parse(date.get_untracked().trim()) {
            Ok(d) => d,
            Err(e) => return problem.set(Some(e.to_string())),
        };
        let text = value.get_untracked();
        let Some(v) = text.trim().replace(',', ".").parse::<f64>().ok().filter(|v| v.is_finite()) else {
            return problem.set(Some(format!("\u{201c}{}\u{201d} is not a number.", text.trim())));
        };
        problem.set(None);
        draft.update(|k| match k.measurements.binary_search_by(|m| m.date.cmp(&d)) {
            Ok(i) => k.measurements[i].value = v,
            Err(i) => k.measurements.insert(i, Measurement { date: d, value: v }),
        });
        value.set(String::new());
    };
    // Status of each actual as the draft's target would judge it (the draft may not build yet).
    let status_of = move |v: f64| -> Status {
        draft.with(|d| {
            let probe = d.build(&Kpi::new(KpiId(0), "probe", d.level));
            probe.map_or(Status::NoData, |k| status::status_of(&k, v))
        })
    };
    view! {
        <fieldset>
            <legend>{move || format!("Actuals ({})", draft.with(|d| d.measurements.len()))}</legend>
            <div class="actuals-add">
                <label for="actual-date">"Date"</label>
                <input id="actual-date" type="date" data-testid="actual-date" prop:value=move || date.get() on:input=move |ev| date.set(event_target_value(&ev)) />
                <label for="actual-value">"Value"</label>
                <input
                    id="actual-value"
                    type="text"
                    inputmode="decimal"
                    data-testid="actual-value"
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))
                    on:keydown=move |ev| {
                        if ev.key() == "Enter" {
                            ev.prevent_default();
                            add();
                        }
                    }
                />
                <button type="button" data-testid="actual-add" on:click=move |_| add()>"Add actual"</button>
                <crate::ui::csv_import::PasteActuals draft=draft />
            </div>
            {move || problem.get().map(|p| view! { <p class="field-error" role="alert">{p}</p> })}
            <div class="actuals-table">
                <table>
                    <thead><tr><th>"Date"</th><th>"Value"</th><th>"Status"</th><th><span class="sr-only">"Actions"</span></th></tr></thead>
                    <tbody>
                        {move || {
                            draft
                                .with(|d| d.measurements.iter().rev().take(60).copied().collect::<Vec<_>>())
                                .into_iter()
                                .map(|m| {
                                    let st = status_of(m.value);
                                    view! {
                                        <tr>
                                            <td>{m.date.human()}</td>
                                            <td class="num">{fmt_num(m.value)}</td>
                                            <td><span class=format!("status {}", st.key())>{st.label()}</span></td>
                                            <td>
                                                <button
                                                    type="button"
                                                    aria-label=format!("Remove the actual of {}", m.date)
                                                    on:click=move |_| draft.update(|d| d.measurements.retain(|x| x.date != m.date))
                                                >
                                                    "\u{00d7}"
                                                </button>
                                            </td>
                                        </tr>
                                    }
                                })
                                .collect_view()
                        }}
                    </tbody>
                </table>
                <Show when=move || draft.with(|d| d.measurements.len() > 60)>
                    <p class="hint">"Showing the latest 60 actuals."</p>
                </Show>
            </div>
        </fieldset>
    }
}
