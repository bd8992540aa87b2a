//! The share link: the whole model, compressed into the URL's fragment (`#share=…`),
//! which browsers never send to a server. Opening such a link shows what it holds and
//! asks before replacing the stored model, as one undoable step; a damaged link gives
//! a clear error and changes nothing. A model too large for a link is pointed to the
//! JSON export instead.

use leptos::prelude::*;

use crate::format::{self, codec};
use crate::ui::browser;
use crate::ui::deferred::{fetched, Unfetched};
use crate::ui::dialog::Dialog;
use crate::ui::import_dialog::{ImportOutcome, Origin, PendingImport};
use crate::ui::persistence::Persistence;
use crate::ui::state::AppState;

/// Links longer than this are not offered: chat tools, e-mail clients and some
/// browsers cut or refuse them.
pub const LINK_LIMIT: usize = 60_000;
const PREFIX: &str = "#share=";

/// The share link for a model, or its length if it is too long.
pub fn link_for(base: &str, json: &str) -> Result<String, usize> {
    let link = format!("{base}{PREFIX}{}", codec::to_link_payload(json));
    if link.len() > LINK_LIMIT {
        Err(link.len())
    } else {
        Ok(link)
    }
}

/// If the page was opened from a share link, offers its model for import.
///
/// The fragment is cleared *before* the payload is decoded, so a link that cannot be
/// read (or is slow to read) never comes back on a reload; unsaved edits are saved first,
/// so pasting a link into an open tab never costs the edit waiting for its autosave.
/// Decoding starts after the "Reading…" dialog has been painted.
pub fn open_from_location(state: AppState, persistence: Persistence) {
    let Ok(hash) = window().location().hash() else { return };
    let Some(payload) = hash.strip_prefix(PREFIX) else { return };
    let payload = payload.to_string();
    clear_fragment();
    persistence.save_now(state, false);
    state.pending_import.set(Some(PendingImport {
        source: "a share link".into(),
        outcome: ImportOutcome::Reading,
        origin: Origin::Link,
    }));
    leptos::task::spawn_local(async move {
        browser::after_paint().await;
        let outcome = read_shared(payload).await.unwrap_or_else(|Unfetched| {
            ImportOutcome::Failed(
                "This share link cannot be opened yet: part of the app could not be fetched (the connection may be down). Open the link again in a moment.".into(),
            )
        });
        state.pending_import.set(Some(PendingImport {
            source: "a share link".into(),
            outcome,
            origin: Origin::Link,
        }));
    });
}

fetched! {
    /// [`read_link`], whose unpacking is fetched only when a link is opened.
    fn read_shared [preload_read_shared] (payload: String) -> ImportOutcome {
        read_link(&payload)
    }
}

/// What a share link's payload holds, or why it cannot be opened, in plain words.
pub fn read_link(payload: &str) -> ImportOutcome {
    match codec::from_link_payload(payload) {
        Err(e) => ImportOutcome::Failed(format!(
            "This share link is damaged or incomplete: {e}. Ask for the link again, or for the JSON export."
        )),
        Ok(json) => match format::load(&json) {
            Ok(loaded) => ImportOutcome::Ready(Box::new(loaded)),
            Err(e) => {
                ImportOutcome::Failed(format!("This share link holds a model that cannot be read: {e}."))
            }
        },
    }
}

/// Removes the fragment from the address bar without adding a history entry.
fn clear_fragment() {
    let loc = window().location();
    let clean = format!("{}{}", loc.pathname().unwrap_or_default(), loc.search().unwrap_or_default());
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&clean));
    }
}

/// Reacts to a share link pasted into the address bar of an open tab.
pub fn use_share_links(state: AppState, persistence: Persistence) {
    open_from_location(state, persistence);
    let handle = window_event_listener_untyped("hashchange", move |_| open_from_location(state, persistence));
    on_cleanup(move || handle.remove());
}

#[component]
pub fn ShareDialog(on_close: Callback<()>) -> impl IntoView {
    let state = AppState::expect();
    let persistence = Persistence::expect();
    let loc = window().location();
    let base = format!(
        "{}{}{}",
        loc.origin().unwrap_or_default(),
        loc.pathname().unwrap_or_default(),
        loc.search().unwrap_or_default()
    );
    // Opened once the history's code is here (see `share_dialog` in app.rs).
    let history = state.history_to_save().unwrap_or_default();
    // With its history the link can be merged back; a model whose history makes the link
    // too long is shared without it (and the dialog says so).
    let (link, mergeable) = state.doc.with_untracked(|d| {
        let now = browser::now();
        match link_for(&base, &format::save_with_history(&d.model, now, &history)) {
            Ok(link) => (Ok(link), true),
            Err(_) => (link_for(&base, &format::save(&d.model, now)), false),
        }
    });
    let copied = RwSignal::new(None::<Result<(), String>>);
    let body = match link {
        Err(len) => view! {
            <div class="import-error" data-testid="share-too-large">
                <p>{format!(
                    "This model is too large for a link ({} KB; links work up to {} KB). Share the JSON export instead: the other person opens it with Import.",
                    len / 1000,
                    LINK_LIMIT / 1000
                )}</p>
                <button class="primary" data-testid="share-export" on:click=move |_| persistence.export(state)>"Export the JSON file"</button>
            </div>
        }
        .into_any(),
        Ok(link) => {
            let text = link.clone();
            let copy = move |_| {
                let text = text.clone();
                leptos::task::spawn_local(async move {
                    copied.set(Some(browser::copy_text(&text).await));
                });
            };
            view! {
                <p>"Anyone who opens this link sees a copy of the model and can choose to load it. The model travels inside the link itself, after the #, which browsers never send to a server."</p>
                <label for="share-link">"Share link"</label>
                <input id="share-link" type="text" readonly data-testid="share-link" prop:value=link.clone()
                    on:focus=move |ev| { event_target::<web_sys::HtmlInputElement>(&ev).select(); } />
                <p class="hint">{format!("{} characters.", link.len())}</p>
                {(!mergeable).then(|| view! {
                    <p class="hint" data-testid="share-without-history">"This link leaves out the model\u{2019}s edit history to stay short enough, so a copy opened from it cannot be merged back into yours; to work on copies and merge them, share the JSON export."</p>
                })}
                <footer class="dialog-actions">
                    <button class="primary" data-testid="share-copy" on:click=copy>"Copy link"</button>
                    <span role="status" data-testid="share-copied">
                        {move || match copied.get() {
                            Some(Ok(())) => "Copied to the clipboard.".to_string(),
                            Some(Err(_)) => "Copying is blocked here: select the link and press Ctrl+C.".to_string(),
                            None => String::new(),
                        }}
                    </span>
                </footer>
            }
            .into_any()
        }
    };
    view! {
        <Dialog title="Share this model".to_string() on_close=on_close testid="share-dialog">
            {body}
        </Dialog>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_carries_the_model_and_a_huge_one_is_refused() {
        let json = r#"{"format":"interlock.kpi-model","schema":1,"model":{}}"#;
        let link = link_for("https://example.com/app/", json).unwrap();
        let payload = link.strip_prefix("https://example.com/app/#share=").unwrap();
        assert_eq!(codec::from_link_payload(payload).unwrap(), json);
        // Incompressible content beyond the limit.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let noise: String = (0..200_000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                char::from(b'a' + (x % 26) as u8)
            })
            .collect();
        assert!(link_for("https://example.com/", &noise).unwrap_err() > LINK_LIMIT);
    }
}
