//! The inputs a fuzz target has failed on, kept as regression tests.

use std::path::{Path, PathBuf};

/// Every file under `fuzz/regressions/<target>/` whose name ends in `ext` (any file
/// when `ext` is empty), sorted, so each test meets them in the same order.
pub fn inputs(target: &str, ext: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions").join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| ext.is_empty() || p.extension().is_some_and(|x| x == ext))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no regression inputs in {}", dir.display());
    files
}
