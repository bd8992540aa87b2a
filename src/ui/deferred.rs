//! What the first render does without: running the checks, and the edit history (the
//! Yrs document behind the model). In the release build (the `split` feature) their
//! code is fetched as modules of their own right after the first render (see
//! [`fetch`]), which keeps both out of the first load.
//!
//! Until the checks' code is here, the checks are pending: [`AppState::checks`] is
//! empty and [`AppState::checks_ready`] false (the Checks tab shows no count and the
//! screens that need the findings wait for them). Once it is here they run at once, in
//! the same memo as before, so findings never lag behind the model.
//!
//! Until the history's code is here, a save keeps the history the model was opened
//! with; the next save brings it up to date from the model, so nothing is lost. An
//! export or a share link waits for it ([`history_bytes`]).
//!
//! Debug builds and tests (no `split`) run everything at once.

use crate::checks::Checked;
use crate::model::{Date, Model};
use crate::ui::state::AppState;
#[cfg(feature = "split")]
use leptos::lazy;
use leptos::prelude::Set;
#[cfg(feature = "split")]
use leptos::prelude::{GetValue, SetValue};

#[cfg_attr(feature = "split", lazy)]
fn run_checks(m: &Model, today: Date) -> Checked {
    Checked::run(m, today)
}

#[cfg_attr(feature = "split", lazy)]
fn history_state(state: AppState) -> Vec<u8> {
    state.with_history(crate::crdt::Replica::state)
}

/// The checks on `m`, or `None` while their code is still being fetched.
pub fn checks(m: &Model, today: Date, ready: bool) -> Option<Checked> {
    #[cfg(feature = "split")]
    {
        ready.then(|| run_now(run_checks(m, today))).flatten()
    }
    #[cfg(not(feature = "split"))]
    {
        let _ = ready;
        Some(run_checks(m, today))
    }
}

/// The history's full state brought up to date with the model, if its code is here;
/// otherwise `None` (save the one the model came with).
pub fn history_now(state: AppState) -> Option<Vec<u8>> {
    #[cfg(feature = "split")]
    {
        if !state.history_ready.get_value() {
            return None;
        }
        run_now(history_state(state))
    }
    #[cfg(not(feature = "split"))]
    {
        Some(history_state(state))
    }
}

/// The history's full state brought up to date with the model, fetching its code first
/// if needed (for an export or a share link, which must carry it).
pub async fn history_bytes(state: AppState) -> Vec<u8> {
    #[cfg(feature = "split")]
    {
        history_state(state).await
    }
    #[cfg(not(feature = "split"))]
    {
        history_state(state)
    }
}

/// Fetches the checks' and then the history's code (called once, after the first
/// render), and marks each ready as it arrives.
pub async fn fetch(state: AppState) {
    checks_loaded().await;
    state.checks_ready.set(true);
    history_loaded(state).await;
}

/// Waits until the history's code is here (the import preview, which may merge, opens
/// after that, so an open history can always be saved).
pub async fn history_loaded(state: AppState) {
    #[cfg(feature = "split")]
    {
        __preload_history_state().await;
        state.history_ready.set_value(true);
    }
    #[cfg(not(feature = "split"))]
    let _ = state;
}

/// Waits until the checks can run (screens that show findings open after that).
pub async fn checks_loaded() {
    #[cfg(feature = "split")]
    __preload_run_checks().await;
}

/// Polls a split function's future once: when its module is here it completes at once.
#[cfg(feature = "split")]
fn run_now<T>(f: impl std::future::Future<Output = T>) -> Option<T> {
    use std::task::{Context, Poll, Waker};
    let mut f = std::pin::pin!(f);
    match f.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(v) => Some(v),
        Poll::Pending => None,
    }
}
