//! Interlock: KPI alignment in the browser.
//!
//! The crate has a pure core and a browser shell:
//! - [`model`] — entities, edits, undo, status from actuals (pure);
//! - [`checks`] — the eighteen alignment rules and their findings (pure);
//! - [`format`] — the versioned file format shared by storage and export (pure);
//! - [`templates`] — the worked examples shipped as starting models (pure);
//! - [`generate`] — large deterministic models for tests and benchmarks (pure);
//! - [`rhythm`] — check-ins, forecasts, adoption, escalation, agendas, pilots (pure);
//! - [`maturity`] — the self-assessment and the evidence score, with their gaps (pure);
//! - [`storage`] — the only code that touches `localStorage`;
//! - [`ui`] — Leptos components; they change the model only by applying edits.
//!
//! `main.rs` only mounts [`ui::App`], so tests can reach everything from here.

pub mod checks;
pub mod crdt;
pub mod format;
pub mod generate;
pub mod live;
pub mod maturity;
pub mod model;
pub mod order;
pub mod rhythm;
pub mod storage;
pub mod templates;
pub mod ui;

pub use ui::App;
