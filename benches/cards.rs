//! Issue 37's figure for `gloss cards from-highlights`: a passage card made of each of 1,000,
//! 3,000 and 10,000 highlights on the benchmarks' 1.5 MB text, and the same again when each
//! has one (target: linear, 10,000 under 0.5 s). Each figure once:
//! `cargo bench --bench cards`.

mod support;

use std::time::Instant;

use gloss::anchor::Anchor;
use gloss::library;
use gloss::store::Store;

/// A store in `dir` with the text and `n` highlights of the reader's, spread over it.
fn highlighted(dir: &std::path::Path, n: usize) -> Store {
    let mut store = Store::open(&dir.join("gloss.db")).unwrap();
    let opened = library::open_file(&mut store, &support::text(), 0).unwrap();
    let (doc, id) = (&opened.doc, opened.entry.id);
    let blanks: Vec<usize> = doc.content.match_indices(' ').map(|(i, _)| i).collect();
    let step = blanks.len() / (n + 1);
    store.begin_batch().unwrap();
    for k in 0..n {
        let (start, end) = (blanks[k * step] + 1, blanks[k * step + 3]);
        let anchor = Anchor::new(&doc.content, start..end, doc.char_of(start));
        let note = if k % 3 == 0 { "why? #exam" } else { "" };
        store
            .add_annotation(id, &anchor, 1, note, &doc.content, 0)
            .unwrap();
    }
    store.end_batch().unwrap();
    store
}

fn main() {
    for n in [1_000, 3_000, 10_000] {
        let dir = tempfile::tempdir().unwrap();
        let mut store = highlighted(dir.path(), n);
        let mut said = Vec::new();
        let started = Instant::now();
        gloss::cli::cards::from_highlights(&mut said, &mut store, None, None, None, 0).unwrap();
        let made_ms = started.elapsed().as_secs_f64() * 1e3;
        assert_eq!(store.cards(None, None).unwrap().len(), n);
        let started = Instant::now();
        gloss::cli::cards::from_highlights(&mut said, &mut store, None, None, None, 0).unwrap();
        let again_ms = started.elapsed().as_secs_f64() * 1e3;
        assert_eq!(store.cards(None, None).unwrap().len(), n, "none made twice");
        println!(
            "cards from-highlights: {n} highlights {made_ms:.0} ms ({:.1} µs each), again with \
             a card each {again_ms:.0} ms",
            made_ms * 1e3 / n as f64
        );
    }
}
