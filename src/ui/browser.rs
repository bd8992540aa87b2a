//! Small wrappers over browser APIs the shell needs: the clock, downloads, reading a
//! dropped or picked file, the clipboard. Kept in one place so components stay about
//! the UI; none of this is used by the core.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::model::{Date, Timestamp};

/// Milliseconds since the epoch.
pub fn now_millis() -> f64 {
    js_sys::Date::now()
}

pub fn now() -> Timestamp {
    Timestamp::from_millis(now_millis())
}

/// Today's date in the user's time zone.
pub fn today() -> Date {
    let d = js_sys::Date::new_0();
    Date::from_ymd(d.get_full_year() as i32, d.get_month() + 1, d.get_date())
        .unwrap_or_else(|| Timestamp::from_millis(now_millis()).date())
}

/// Records a performance mark (visible in the browser's performance tools and to the
/// benchmark scripts).
pub fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// Records the time from a mark until now as a performance measure.
pub fn measure(name: &str, since_mark: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.measure_with_start_mark(name, since_mark);
    }
}

/// A random identifier for this tab (the shell may use randomness; the core may not).
pub fn tab_id() -> String {
    format!("tab-{:08x}", (js_sys::Math::random() * f64::from(u32::MAX)) as u32)
}

/// A random number for this page's copy of the model's edit history: 53 bits, as Yjs
/// peers use, so two browsers never write under the same number.
pub fn client_id() -> u64 {
    ((js_sys::Math::random() * 9_007_199_254_740_991.0) as u64).max(1)
}

/// Starts a download of `text` as a file.
pub fn download(file_name: &str, text: &str, mime: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts).map_err(js_error)?;
    download_blob(file_name, &blob)
}

/// Starts a download of bytes (e.g. a workbook).
pub fn download_bytes(file_name: &str, bytes: &[u8], mime: &str) -> Result<(), String> {
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &opts).map_err(js_error)?;
    download_blob(file_name, &blob)
}

/// Starts a download of a blob (e.g. a chart as PNG).
pub fn download_blob(file_name: &str, blob: &web_sys::Blob) -> Result<(), String> {
    let url = web_sys::Url::create_object_url_with_blob(blob).map_err(js_error)?;
    let document = leptos::prelude::document();
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(js_error)?
        .dyn_into()
        .map_err(|_| "no anchor element".to_string())?;
    a.set_href(&url);
    a.set_download(file_name);
    a.set_attribute("data-testid", "download-link").ok();
    a.style().set_property("display", "none").ok();
    if let Some(body) = document.body() {
        body.append_child(&a).map_err(js_error)?;
        a.click();
        body.remove_child(&a).ok();
    }
    // Revoke later: revoking at once can cancel the download in some browsers.
    leptos::prelude::set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(30),
    );
    Ok(())
}

/// Reads a file the user picked or dropped as bytes, refusing it before reading if it
/// is larger than `limit` bytes. The bytes are not decoded here: the format checks that
/// they are UTF-8 and names the first byte that is not.
pub async fn read_file(file: web_sys::File, limit: usize) -> Result<Vec<u8>, String> {
    let size = file.size();
    if size > limit as f64 {
        return Err(format!(
            "\u{201c}{}\u{201d} is {} MB; files over {} MB are not loaded",
            crate::model::text::excerpt(&file.name(), 80),
            (size / 1_048_576.0 * 10.0).round() / 10.0,
            limit / 1_048_576
        ));
    }
    let buffer = JsFuture::from(file.array_buffer()).await.map_err(js_error)?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// Resolves once the browser has had a chance to paint what was just rendered, so a
/// "Reading…" state is visible before a long synchronous step starts. A timer rather
/// than an animation frame: frames never come in a hidden tab.
pub async fn after_paint() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 20);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// Copies text to the clipboard.
pub async fn copy_text(text: &str) -> Result<(), String> {
    let clipboard = leptos::prelude::window().navigator().clipboard();
    JsFuture::from(clipboard.write_text(text)).await.map(|_| ()).map_err(js_error)
}

/// A readable message from a JavaScript error value.
/// Focuses the first element matching a CSS selector; says whether there was one.
pub fn focus_selector(selector: &str) -> bool {
    let el = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(selector).ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    el.is_some_and(|e| e.focus().is_ok())
}

pub fn js_error(e: wasm_bindgen::JsValue) -> String {
    if let Some(err) = e.dyn_ref::<js_sys::Error>() {
        return String::from(err.message());
    }
    if let Some(ex) = e.dyn_ref::<web_sys::DomException>() {
        return ex.message();
    }
    e.as_string().unwrap_or_else(|| "unknown error".into())
}

/// A file-name-safe slug: "Acme Retail GmbH" -> "acme-retail-gmbh".
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').chars().take(40).collect::<String>();
    if out.is_empty() {
        "model".into()
    } else {
        out
    }
}

/// A moment (ms since 1970) as the local time of day, "14:05".
pub fn clock_time(ms: f64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
    format!("{:02}:{:02}", d.get_hours(), d.get_minutes())
}

/// How long ago a moment was, in words: "just now", "5 minutes ago", "3 days ago".
pub fn ago(then: Timestamp, now: Timestamp) -> String {
    let s = (now.0 - then.0).max(0);
    match s {
        0..=59 => "just now".into(),
        60..=3599 => plural(s / 60, "minute"),
        3600..=86_399 => plural(s / 3600, "hour"),
        _ => plural(s / 86_400, "day"),
    }
}

fn plural(n: i64, unit: &str) -> String {
    if n == 1 {
        format!("1 {unit} ago")
    } else {
        format!("{n} {unit}s ago")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_safe_for_file_names() {
        assert_eq!(slug("Acme Retail GmbH"), "acme-retail-gmbh");
        assert_eq!(slug("  <script>alert(1)</script> "), "script-alert-1-script");
        assert_eq!(slug("ÄÖÜ"), "model");
    }

    #[test]
    fn ages_read_naturally() {
        let t = Timestamp(1_000_000);
        assert_eq!(ago(t, Timestamp(1_000_030)), "just now");
        assert_eq!(ago(t, Timestamp(1_000_060)), "1 minute ago");
        assert_eq!(ago(t, Timestamp(1_007_200)), "2 hours ago");
        assert_eq!(ago(t, Timestamp(1_000_000 + 3 * 86_400)), "3 days ago");
    }
}
