//! Smoke tests in headless Chromium (wasm-bindgen-test): the app mounts, an edit is
//! saved to real IndexedDB and survives a remount, and the browser's own quota error
//! from `localStorage` (where preferences live) is recognised. Journeys live in
//! tests/e2e (Playwright); logic in native tests. The tests share one page (and its
//! storage), so none depends on what another stored.
#![cfg(target_arch = "wasm32")]

use interlock::storage::idb::IdbCopies;
use interlock::storage::legacy::{HEAD_KEY, SLOT_A_KEY, SLOT_B_KEY};
use interlock::storage::local::LocalBackend;
use interlock::storage::{BackendError, Kv, Opened, Store};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn clear_local_storage() {
    let s = window().local_storage().unwrap().unwrap();
    s.clear().unwrap();
}

/// Waits (up to about 5 s) until the element is there: the app shows itself once
/// storage has opened.
async fn wait_for(root: &web_sys::HtmlElement, id: &str) -> web_sys::HtmlElement {
    for _ in 0..250 {
        if let Some(e) = by_testid(root, id) {
            return e;
        }
        sleep(20).await;
    }
    panic!("{id} never appeared");
}

fn container() -> web_sys::HtmlElement {
    let div = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&div).unwrap();
    div.unchecked_into()
}

fn by_testid(root: &web_sys::HtmlElement, id: &str) -> Option<web_sys::HtmlElement> {
    root.query_selector(&format!("[data-testid='{id}']")).unwrap().map(|e| e.unchecked_into())
}

async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

#[wasm_bindgen_test]
async fn the_app_mounts_and_opens_the_kpi_form() {
    let root = container();
    let _app = leptos::mount::mount_to(root.clone(), interlock::App);
    assert!(!wait_for(&root, "org-name").await.text_content().unwrap().is_empty());
    by_testid(&root, "new-kpi").unwrap().click();
    leptos::task::tick().await;
    assert!(by_testid(&root, "kpi-form").is_some(), "the KPI form opens");
    root.remove();
}

#[wasm_bindgen_test]
async fn an_edit_is_autosaved_and_a_remount_reads_it_back() {
    let root = container();
    let app = leptos::mount::mount_to(root.clone(), interlock::App);
    wait_for(&root, "new-kpi").await.click();
    leptos::task::tick().await;
    let name: web_sys::HtmlInputElement = by_testid(&root, "kpi-name").unwrap().unchecked_into();
    name.set_value("Net revenue retention");
    name.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
    let level: web_sys::HtmlSelectElement = by_testid(&root, "kpi-level").unwrap().unchecked_into();
    level.set_value("0"); // Company
    level.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
    leptos::task::tick().await;
    by_testid(&root, "kpi-save").unwrap().click();
    leptos::task::tick().await;
    sleep(900).await; // past the autosave delay
    let store = Store::new(IdbCopies::open().await.unwrap(), "test");
    match store.open().await {
        Opened::Loaded { loaded, .. } => {
            assert!(loaded.model.kpis.iter().any(|k| k.name == "Net revenue retention"))
        }
        other => panic!("expected the saved model, got {other:?}"),
    }
    drop(app);
    root.remove();
    let root = container();
    let _again = leptos::mount::mount_to(root.clone(), interlock::App);
    wait_for(&root, "org-name").await;
    assert!(root.text_content().unwrap().contains("Net revenue retention"));
    root.remove();
}

#[wasm_bindgen_test]
fn chromiums_quota_error_is_recognised_and_the_stored_copy_kept() {
    clear_local_storage();
    let b = LocalBackend;
    b.set(SLOT_A_KEY, "kept").unwrap();
    let chunk = "x".repeat(1024 * 1024);
    let mut result = Ok(());
    for i in 0..64 {
        result = b.set(&format!("filler.{i}"), &chunk);
        if result.is_err() {
            break;
        }
    }
    assert_eq!(result, Err(BackendError::Quota));
    assert_eq!(b.get(SLOT_A_KEY).unwrap().as_deref(), Some("kept"));
    clear_local_storage();
    assert_eq!(b.get(HEAD_KEY).unwrap(), None);
    assert_eq!(b.get(SLOT_B_KEY).unwrap(), None);
}
