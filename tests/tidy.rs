//! The architecture's invariants, enforced on the source text (see ARCHITECTURE.md):
//! - the core imports nothing from the web and reads no clock or random numbers;
//! - only `storage/local.rs` touches `localStorage`;
//! - only the app state and the persistence hook write the document signal, so the
//!   UI changes the model only by applying edits;
//! - every module opens with a doc comment saying what it owns;
//! - nothing renders text as HTML.

use std::fs;
use std::path::{Path, PathBuf};

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let p = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "rs") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The pure core: everything but the browser shell and storage.
fn core_files() -> Vec<PathBuf> {
    let root = src();
    files(&root)
        .into_iter()
        .filter(|p| {
            let rel = p.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/");
            !(rel.starts_with("ui/") || rel.starts_with("storage/") || rel == "main.rs" || rel == "lib.rs")
        })
        .collect()
}

/// Code lines (comments dropped) of a file.
fn code(path: &Path) -> String {
    fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn offenders(files: &[PathBuf], patterns: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for f in files {
        let text = code(f);
        for p in patterns {
            if text.contains(p) {
                out.push(format!("{} uses `{p}`", f.display()));
            }
        }
    }
    out
}

#[test]
fn the_core_imports_nothing_from_the_web_and_reads_no_clock_or_randomness() {
    let core = core_files();
    assert!(core.len() >= 10, "the core should be found: {core:?}");
    let bad = offenders(
        &core,
        &[
            "leptos",
            "web_sys",
            "js_sys",
            "gloo",
            "wasm_bindgen",
            "plotters",
            "SystemTime",
            "Instant::now",
            "rand::",
            "getrandom",
            "Math::random",
            "thread_rng",
        ],
    );
    assert!(bad.is_empty(), "the core must stay pure:\n{}", bad.join("\n"));
}

#[test]
fn only_storage_local_touches_local_storage() {
    let local = src().join("storage/local.rs");
    let others: Vec<PathBuf> = files(&src()).into_iter().filter(|p| *p != local).collect();
    let bad = offenders(&others, &["gloo_storage", ".local_storage()", "localStorage"]);
    assert!(bad.is_empty(), "{}", bad.join("\n"));
    assert!(code(&local).contains("gloo_storage"));
}

#[test]
fn only_the_app_state_and_persistence_write_the_document() {
    let allowed = [src().join("ui/state.rs"), src().join("ui/persistence.rs")];
    let ui: Vec<PathBuf> = files(&src().join("ui")).into_iter().filter(|p| !allowed.contains(p)).collect();
    let bad = offenders(&ui, &["doc.update", "doc.set(", "doc.maybe_update", "doc.write", "doc.try_update"]);
    assert!(bad.is_empty(), "components change the model only through dispatch:\n{}", bad.join("\n"));
}

#[test]
fn nothing_renders_text_as_html() {
    let bad =
        offenders(&files(&src()), &["inner_html", "set_inner_html", "outer_html", "insert_adjacent_html"]);
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn every_module_opens_with_a_doc_comment() {
    let missing: Vec<String> = files(&src())
        .into_iter()
        .filter(|p| !fs::read_to_string(p).unwrap().trim_start().starts_with("//!"))
        .map(|p| p.display().to_string())
        .collect();
    assert!(missing.is_empty(), "modules without a `//!` paragraph:\n{}", missing.join("\n"));
}
