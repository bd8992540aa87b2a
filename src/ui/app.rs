//! The app shell: opens storage, provides the app state, and lays out the screens.
//! While the stored model is damaged the recovery screen replaces everything. Every
//! screen but the KPI list, and the big dialogs, are [`fetched!`] functions: in the
//! release build their code is a separate module, fetched in the background after the
//! first render (see [`crate::ui::deferred`]).

use leptos::prelude::*;

use crate::model::Model;
use crate::ui::banners::{StorageBanners, UpdateBanner};
use crate::ui::board::Board;
use crate::ui::browser;
use crate::ui::change_log::ChangeLog;
use crate::ui::coverage::CoverageMatrix;
use crate::ui::deferred::{self, fetched, fetched_view, Unfetched};
use crate::ui::departments::DepartmentsEditor;
use crate::ui::dependencies::{DependenciesEditor, InfluencesEditor};
use crate::ui::executive::ExecutiveView;
use crate::ui::findings::FindingsPanel;
use crate::ui::glossary::GlossaryEditor;
use crate::ui::header::Header;
use crate::ui::import_dialog::{use_file_drop, ImportDialog, PendingImport};
use crate::ui::kpi_form::KpiForm;
use crate::ui::kpi_list::KpiList;
use crate::ui::maturity::MaturityView;
use crate::ui::nav::Nav;
use crate::ui::notices::Notices;
use crate::ui::organisation::OrganisationForm;
use crate::ui::people::PeopleEditor;
use crate::ui::persistence::{Persistence, Recovery, Startup};
use crate::ui::person_field::{use_person_labels, PeopleDatalist};
use crate::ui::person_view::PersonView;
use crate::ui::recovery::RecoveryScreen;
use crate::ui::rules_page::RulesPage;
use crate::ui::share::ShareDialog;
use crate::ui::shortcuts::use_shortcuts;
use crate::ui::state::{AppState, KpiEditing, View};

/// Opens storage, then shows the app (the static "Opening…" line in index.html stays
/// until then).
#[component]
pub fn App() -> impl IntoView {
    let opened = RwSignal::new(None::<Persistence>);
    let startup = StoredValue::new_local(None::<Startup>);
    leptos::task::spawn_local(async move {
        let (persistence, found) = Persistence::open().await;
        startup.set_value(Some(found));
        opened.set(Some(persistence));
    });
    move || {
        opened.get().map(|persistence| {
            let found = startup.try_update_value(Option::take).flatten().unwrap_or(Startup::Empty);
            view! { <Shell persistence=persistence startup=found /> }
        })
    }
}

#[component]
fn Shell(persistence: Persistence, startup: Startup) -> impl IntoView {
    // Effects run after the render: the app is on screen (what benchmarks time).
    Effect::new(|_| browser::mark("interlock-mounted"));
    let (model, recovery, repairs, history) = match startup {
        Startup::Empty => (Model::default(), None, Vec::new(), None),
        Startup::Loaded(l) => (l.model, None, l.repairs, l.history),
        Startup::Corrupt(r) => (Model::default(), Some(*r), Vec::new(), None),
    };
    let state = AppState::new(model, browser::today());
    state.adopt_history(history);
    state.editor_name.set(persistence.prefs().editor);
    provide_context(state);
    provide_context(persistence);
    persistence.attach(state);
    crate::ui::leave_guard::use_leave_guard(persistence);
    use_shortcuts(state);
    let dragging = use_file_drop(state);
    crate::ui::share::use_share_links(state, persistence);
    crate::ui::live::provide(state);
    if repairs.iter().any(|r| r.changed) {
        state.info(format!(
            "{} problem(s) in the saved model were repaired when it was opened.",
            repairs.len()
        ));
    }
    let recovery = StoredValue::new(recovery);
    // The static "Opening…" line in index.html stays until the model has been read.
    if let Some(boot) = document().get_element_by_id("boot") {
        boot.remove();
    }

    view! {
        <Show
            when=move || persistence.suspended.get()
            fallback=move || view! { <MainScreen dragging=dragging /> }
        >
            {move || recovery.get_value().map(|r| {
                fetched_view("The recovery screen", || ().into_any(), None, move || recovery_screen(r.clone()))
            })}
        </Show>
    }
}

/// A screen whose code is fetched the first time it is opened.
fn later<F: std::future::Future<Output = Result<AnyView, Unfetched>> + 'static>(
    screen: fn() -> F,
) -> AnyView {
    fetched_view(
        "This screen",
        || view! { <p class="loading" role="status">"Opening\u{2026}"</p> }.into_any(),
        None,
        screen,
    )
}

fetched! {
    /// The KPI form, the import preview and the spreadsheet import: fetched like the
    /// screens.
    fn kpi_form [preload_kpi_form] (editing: KpiEditing) -> AnyView {
        view! { <KpiForm editing=editing /> }.into_any()
    }
}
fetched! {
    fn check_in_dialog [preload_check_in_dialog] (kpi: crate::model::KpiId) -> AnyView {
        view! { <crate::ui::check_in::CheckInDialog kpi=kpi /> }.into_any()
    }
}
fetched! {
    fn import_dialog [preload_import_dialog] (pending: PendingImport) -> AnyView {
        view! { <ImportDialog pending=pending /> }.into_any()
    }
}
fetched! {
    pub(crate) fn csv_import_dialog [preload_csv_import_dialog] (on_close: Callback<()>) -> AnyView {
        view! { <crate::ui::csv_import::KpiCsvImport on_close=on_close /> }.into_any()
    }
}
fetched! {
    /// The share link dialog (the link carries the history: see [`share_dialog`]).
    fn share_link_dialog [preload_share_dialog] (on_close: Callback<()>) -> AnyView {
        view! { <ShareDialog on_close=on_close /> }.into_any()
    }
}

/// The share link dialog, once the history's code is here.
pub(crate) fn share_dialog(on_close: Callback<()>) -> AnyView {
    let state = AppState::expect();
    fetched_view(
        "The share dialog",
        || ().into_any(),
        Some(on_close),
        move || async move {
            deferred::history_loaded(state).await?;
            share_link_dialog(on_close).await
        },
    )
}

fetched! {
    /// The spreadsheet export, with the workbook writer.
    fn spreadsheet_dialog_view [preload_spreadsheet_dialog] (on_close: Callback<()>) -> AnyView {
        view! { <crate::ui::spreadsheet::SpreadsheetDialog on_close=on_close /> }.into_any()
    }
}

/// The spreadsheet export opens once the checks can run (the findings are a table).
pub(crate) fn spreadsheet_dialog(on_close: Callback<()>) -> AnyView {
    let state = AppState::expect();
    fetched_view(
        "The spreadsheet export",
        || ().into_any(),
        Some(on_close),
        move || async move {
            deferred::checks_loaded(state).await?;
            spreadsheet_dialog_view(on_close).await
        },
    )
}

fetched! {
    /// The recovery screen (shown only when the stored model cannot be opened).
    fn recovery_screen [preload_recovery_screen] (recovery: Recovery) -> AnyView {
        view! { <RecoveryScreen recovery=recovery /> }.into_any()
    }
}
fetched! {
    fn board_screen [preload_board_screen] () -> AnyView {
        view! { <Board /> }.into_any()
    }
}
fetched! {
    fn coverage_screen [preload_coverage_screen] () -> AnyView {
        view! { <CoverageMatrix /> }.into_any()
    }
}
fetched! {
    fn person_screen [preload_person_screen] () -> AnyView {
        view! { <PersonView /> }.into_any()
    }
}
fetched! {
    fn dependencies_screen [preload_dependencies_screen] () -> AnyView {
        view! { <DependenciesEditor /> <InfluencesEditor /> }.into_any()
    }
}
fetched! {
    fn executive_screen [preload_executive_screen] () -> AnyView {
        view! { <ExecutiveView /> }.into_any()
    }
}
fetched! {
    fn reviews_screen [preload_reviews_screen] () -> AnyView {
        view! { <crate::ui::reviews::ReviewsScreen /> }.into_any()
    }
}
fetched! {
    fn maturity_screen [preload_maturity_screen] () -> AnyView {
        view! { <MaturityView /> }.into_any()
    }
}
fetched! {
    fn checks_screen [preload_checks_screen] () -> AnyView {
        view! { <FindingsPanel /> }.into_any()
    }
}
fetched! {
    fn rules_screen [preload_rules_screen] () -> AnyView {
        view! { <RulesPage /> }.into_any()
    }
}
fetched! {
    fn organisation_screen [preload_organisation_screen] () -> AnyView {
        view! {
            <OrganisationForm />
            <DepartmentsEditor />
            <PeopleEditor />
            <PeopleDatalist labels=use_person_labels() />
        }
        .into_any()
    }
}
fetched! {
    fn glossary_screen [preload_glossary_screen] () -> AnyView {
        view! { <GlossaryEditor /> }.into_any()
    }
}
fetched! {
    fn governance_screen [preload_governance_screen] () -> AnyView {
        view! { <ChangeLog /> }.into_any()
    }
}

/// After the first render, fetches the templates' and every screen's module in the
/// background (in the order they are most often needed), so opening one rarely waits
/// for the network. Stops at the first that cannot be fetched: opening a screen tries
/// again.
fn prefetch_screens() {
    #[cfg(feature = "split")]
    leptos::task::spawn_local(async {
        let _ = async {
            crate::ui::template_picker::prefetch().await?;
            preload_kpi_form().await.map_err(Unfetched::from)?;
            preload_import_dialog().await?;
            preload_check_in_dialog().await?;
            preload_board_screen().await?;
            preload_executive_screen().await?;
            preload_checks_screen().await?;
            preload_maturity_screen().await?;
            preload_coverage_screen().await?;
            preload_person_screen().await?;
            preload_organisation_screen().await?;
            preload_dependencies_screen().await?;
            preload_glossary_screen().await?;
            preload_governance_screen().await?;
            preload_rules_screen().await?;
            preload_share_dialog().await?;
            preload_csv_import_dialog().await?;
            Ok::<(), Unfetched>(())
        }
        .await;
    });
}

#[component]
fn MainScreen(dragging: RwSignal<bool>) -> impl IntoView {
    let state = AppState::expect();
    // Effects run after the render: the checks, the history and the screens load once
    // the KPI list is on screen.
    Effect::new(move |_| {
        leptos::task::spawn_local(deferred::fetch(state));
        prefetch_screens();
    });
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <Header />
        <crate::ui::live::LiveBanner />
        <StorageBanners />
        <UpdateBanner />
        <Nav />
        <main id="main" tabindex="-1">
            <div id="screen" role="tabpanel" aria-labelledby=move || format!("tab-{}", state.view.get().key())>
            {move || match state.view.get() {
                View::Kpis => view! { <KpiList /> }.into_any(),
                View::Board => later(board_screen),
                View::Coverage => later(coverage_screen),
                View::PersonView => later(person_screen),
                View::Dependencies => later(dependencies_screen),
                View::Executive => later(executive_screen),
                View::Reviews => later(reviews_screen),
                View::Maturity => later(maturity_screen),
                View::Checks => later(checks_screen),
                View::Rules => later(rules_screen),
                View::Organisation => later(organisation_screen),
                View::Glossary => later(glossary_screen),
                View::Governance => later(governance_screen),
            }}
            </div>
        </main>
        {move || state.kpi_editor.get().map(|editing| {
            let close = Callback::new(move |_| state.kpi_editor.set(None));
            fetched_view("The KPI form", || ().into_any(), Some(close), move || kpi_form(editing))
        })}
        {move || state.check_in.get().map(|kpi| {
            let close = Callback::new(move |_| state.check_in.set(None));
            fetched_view("The check-in form", || ().into_any(), Some(close), move || check_in_dialog(kpi))
        })}
        {move || state.pending_import.get().map(|pending| {
            let close = Callback::new(move |_| state.pending_import.set(None));
            // The preview may merge, which opens the history: its code must be here to
            // save it.
            fetched_view("The import preview", || ().into_any(), Some(close), move || {
                let pending = pending.clone();
                async move {
                    deferred::history_loaded(state).await?;
                    import_dialog(pending).await
                }
            })
        })}
        <Notices />
        <Show when=move || dragging.get()>
            <div class="drop-hint" aria-hidden="true">"Drop the file to import it"</div>
        </Show>
    }
}
