//! Shared by the benchmarks: the 50 MB test text, made of the bundled texts repeated.

use std::path::{Path, PathBuf};

pub const TARGET_BYTES: usize = 50 * 1024 * 1024;

/// Writes (once) and returns a text of about 50 MB: the bundled texts, repeated.
pub fn fifty_megabytes() -> PathBuf {
    let path = std::env::temp_dir().join("gloss-bench-50mb.txt");
    if std::fs::metadata(&path).is_ok_and(|m| m.len() as usize >= TARGET_BYTES) {
        return path;
    }
    let texts = Path::new(env!("CARGO_MANIFEST_DIR")).join("texts");
    let mut names: Vec<PathBuf> = std::fs::read_dir(texts)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    let mut one_round = Vec::new();
    for name in names {
        one_round.extend(std::fs::read(name).unwrap());
        one_round.extend(b"\n\n");
    }
    let mut all = Vec::with_capacity(TARGET_BYTES + one_round.len());
    while all.len() < TARGET_BYTES {
        all.extend_from_slice(&one_round);
    }
    std::fs::write(&path, all).unwrap();
    path
}
