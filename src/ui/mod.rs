//! The browser shell: Leptos components over the pure core.
//!
//! One component per file; shared state comes from [`state::AppState`] (the document
//! in one reactive container) and [`persistence::Persistence`]. Components read the
//! model and derive what they show; they change it only through
//! [`state::AppState::dispatch`] with an edit value. Nothing renders user text as HTML.

pub mod app;
pub mod banners;
pub mod board;
pub mod browser;
pub mod change_log;
pub mod chart;
pub mod check_in;
pub mod controls;
pub mod coverage;
pub mod csv_import;
pub mod deferred;
pub mod departments;
pub mod dependencies;
pub mod dialog;
pub mod executive;
pub mod findings;
pub mod forecasts;
pub mod form_base;
pub mod glossary;
pub mod header;
pub mod import_dialog;
pub mod kpi_draft;
pub mod kpi_form;
pub mod kpi_list;
pub mod leave_guard;
pub mod live;
pub mod maturity;
pub mod nav;
pub mod notices;
pub mod organisation;
pub mod paged;
pub mod people;
pub mod persistence;
pub mod person_field;
pub mod person_view;
pub mod pilot;
pub mod quarterly;
pub mod quick_fix;
pub mod recovery;
pub mod reviews;
pub mod rules_page;
pub mod share;
pub mod shortcuts;
pub mod spreadsheet;
pub mod state;
pub mod template_picker;

pub use app::App;
