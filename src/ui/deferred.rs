//! Code the first render does without, fetched after it.
//!
//! In the release build (the `split` feature, see scripts/build_wasm) every function
//! declared with [`fetched!`] is a WebAssembly module of its own: calling it fetches
//! the module first (once), and a module that cannot be fetched (the connection dropped
//! on a first visit, before the service worker cached the build) is an
//! `Err(Unfetched)`, never a crash: the screen says so and offers to try again. Without
//! `split` (debug builds, tests) they are plain `async fn`s that complete at once.
//!
//! Two of them run in the background rather than behind a screen: the checks and the
//! edit history (the Yrs document behind the model). Until the checks' code is here,
//! [`AppState::checks`] is empty and [`AppState::checks_ready`] false (the Checks tab
//! shows no count; screens that show findings open after it); once it is here they run
//! in the same memo as always, so findings never lag behind the model. Until the
//! history's code is here a save keeps the history the model was opened with, and the
//! next save brings it up to date from the model, so nothing is lost; an export, a
//! share link and the import preview wait for it.

use std::future::Future;
use std::task::{Context, Poll, Waker};

use leptos::prelude::*;

use crate::checks::Checked;
use crate::model::{Date, Model};
use crate::ui::state::AppState;

/// A module of the build that could not be fetched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unfetched;

#[cfg(feature = "split")]
impl From<leptos::wasm_split::SplitLoaderError> for Unfetched {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Unfetched {
        Unfetched
    }
}

/// Declares a function whose code is fetched when first called (and by its preload
/// function, named in brackets, ahead of that). It becomes `async` and returns
/// `Result<_, Unfetched>`.
macro_rules! fetched {
    ($(#[$meta:meta])* $vis:vis fn $name:ident [$preload:ident] ($($arg:ident : $ty:ty),* $(,)?) -> $out:ty $body:block) => {
        $(#[$meta])*
        #[cfg(feature = "split")]
        #[::leptos::wasm_split::wasm_split(
            $name,
            wasm_split_path = ::leptos::wasm_split,
            preload(#[allow(dead_code)] $preload),
            fallible
        )]
        $vis fn $name($($arg: $ty),*) -> ::std::result::Result<$out, $crate::ui::deferred::Unfetched> {
            ::std::result::Result::Ok($body)
        }
        $(#[$meta])*
        #[cfg(not(feature = "split"))]
        $vis async fn $name($($arg: $ty),*) -> ::std::result::Result<$out, $crate::ui::deferred::Unfetched> {
            ::std::result::Result::Ok($body)
        }
    };
}
pub(crate) use fetched;

fetched! {
    fn run_checks [preload_checks] (m: &Model, today: Date) -> Checked {
        Checked::run(m, today)
    }
}

fetched! {
    fn history_state [preload_history] (state: AppState) -> String {
        crate::format::encode_history(&state.with_history(|r| r.state()))
    }
}

fetched! {
    /// Takes the edit history another tab saved into this tab's (see
    /// [`crate::crdt::Replica::absorb`]): the model with both tabs' edits, or why not.
    /// The copy's readable model counts too (see [`crate::crdt::Replica::settled`]).
    pub fn absorb_saved [preload_absorb] (state: AppState, history: String, model: Model) -> Result<Model, String> {
        crate::format::decode_history(&history)
            .map_err(|e| format!("its edit history cannot be read: {e}"))
            .and_then(|bytes| {
                crate::crdt::Replica::settled(crate::ui::browser::client_id(), &bytes, &model)
                    .and_then(|(theirs, _)| state.with_history(|r| r.absorb(&theirs)))
                    .map(|(m, _)| m)
                    .map_err(|e| e.to_string())
            })
    }
}

/// The checks on `m`, or `None` while their code is not here yet.
pub fn checks(m: &Model, today: Date, ready: bool) -> Option<Checked> {
    ready.then(|| run_now(run_checks(m, today))).flatten().and_then(Result::ok)
}

/// The history's full state (as a file carries it) brought up to date with the model,
/// if its code is here;
/// otherwise `None` (save the one the model came with).
pub fn history_now(state: AppState) -> Option<String> {
    if !state.history_ready.get_value() {
        return None;
    }
    run_now(history_state(state)).and_then(Result::ok)
}

/// The history's full state (as a file carries it) brought up to date with the model,
/// fetching its code first
/// if needed (an export or a share link must carry it).
pub async fn history_text(state: AppState) -> Result<String, Unfetched> {
    history_loaded(state).await?;
    history_state(state).await
}

/// Fetches the checks' and then the history's code (once, after the first render) and
/// marks each ready as it arrives. A failed fetch is tried again when the browser says
/// it is back online.
pub async fn fetch(state: AppState) {
    if checks_loaded(state).await.is_ok() && history_loaded(state).await.is_ok() {
        return;
    }
    use wasm_bindgen::JsCast;
    let again = wasm_bindgen::closure::Closure::once_into_js(move |_: web_sys::Event| {
        leptos::task::spawn_local(fetch(state));
    });
    let once = web_sys::AddEventListenerOptions::new();
    once.set_once(true);
    let _ = window().add_event_listener_with_callback_and_add_event_listener_options(
        "online",
        again.unchecked_ref(),
        &once,
    );
}

/// Waits until the checks can run (screens that show findings open after that).
pub async fn checks_loaded(state: AppState) -> Result<(), Unfetched> {
    #[cfg(feature = "split")]
    preload_checks().await?;
    if !state.checks_ready.get_untracked() {
        state.checks_ready.set(true);
    }
    Ok(())
}

/// Waits until the history's code is here (the import preview, which may merge, opens
/// after that, so an open history can always be saved).
pub async fn history_loaded(state: AppState) -> Result<(), Unfetched> {
    #[cfg(feature = "split")]
    preload_history().await?;
    state.history_ready.set_value(true);
    Ok(())
}

/// Polls a future once: a fetched function whose module is here completes at once.
pub(crate) fn run_now<T>(f: impl Future<Output = T>) -> Option<T> {
    let mut f = std::pin::pin!(f);
    match f.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(v) => Some(v),
        Poll::Pending => None,
    }
}

/// Shows what `build` makes once its code is fetched, with `fallback` while it is on
/// its way (and the checks' code before it: every such view shows or builds on the
/// findings). If the code cannot be fetched, says so: in place with a "Try again"
/// button, or (a dialog, `close` given) as a notice, closing the dialog.
pub fn fetched_view<Fut>(
    what: &'static str,
    fallback: fn() -> AnyView,
    close: Option<Callback<()>>,
    build: impl Fn() -> Fut + Send + Sync + 'static,
) -> AnyView
where
    Fut: Future<Output = Result<AnyView, Unfetched>> + 'static,
{
    // One copy of the view code for every caller: only this boxing is per caller.
    shown_when_fetched(what, fallback, close, Box::new(move || Box::pin(build())))
}

type Building = std::pin::Pin<Box<dyn Future<Output = Result<AnyView, Unfetched>>>>;

fn shown_when_fetched(
    what: &'static str,
    fallback: fn() -> AnyView,
    close: Option<Callback<()>>,
    build: Box<dyn Fn() -> Building + Send + Sync>,
) -> AnyView {
    let state = AppState::expect();
    let attempt = RwSignal::new(0u32);
    view! {
        <Suspense fallback=fallback>
            {move || {
                attempt.track();
                let built = build();
                Suspend::new(send_wrapper::SendWrapper::new(async move {
                    let view = match checks_loaded(state).await {
                        Ok(()) => built.await,
                        Err(e) => Err(e),
                    };
                    match (view, close) {
                        (Ok(view), _) => view,
                        (Err(Unfetched), Some(close)) => {
                            state.error(format!("{what} could not be fetched: the connection may be down. Try again in a moment."));
                            close.run(());
                            ().into_any()
                        }
                        (Err(Unfetched), None) => view! {
                            <div class="import-error" role="alert" data-testid="unfetched">
                                <p>{format!("{what} could not be fetched: the connection may be down. Your model is safe; everything already open keeps working.")}</p>
                                <button class="primary" on:click=move |_| attempt.update(|n| *n += 1)>"Try again"</button>
                            </div>
                        }
                        .into_any(),
                    }
                }))
            }}
        </Suspense>
    }
    .into_any()
}
