//! Issue 6's figures: indexing a 50 MB library for full-text search, queries over it (target:
//! under 50 ms for the index), and a full scan of a 50 MB text by the in-text search; issue
//! 15's: the first search after adding the text under 1 s. Run with `cargo bench --bench
//! search`.

mod support;

use std::sync::atomic::AtomicBool;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use gloss::document::{Document, Format};
use gloss::library;
use gloss::search::{Query, find_all};
use gloss::store::Store;
use support::fifty_megabytes;

/// A store with the 50 MB text in its library, not indexed.
fn library_of_50_mb() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    library::open_file(&mut store, &fifty_megabytes(), 0).unwrap();
    store
}

fn benches(c: &mut Criterion) {
    let mut g = c.benchmark_group("search, 50 MB");
    g.sample_size(10);
    g.bench_function(
        "index the library (read, parse, index every passage)",
        |b| {
            b.iter_batched(
                library_of_50_mb,
                |mut store| {
                    assert_eq!(
                        library::index_for_search(&mut store, None, 0, |_, _, _| {})
                            .unwrap()
                            .len(),
                        1
                    );
                    store
                },
                BatchSize::PerIteration,
            )
        },
    );

    let mut store = library_of_50_mb();
    library::index_for_search(&mut store, None, 0, |_, _, _| {}).unwrap();
    g.sample_size(50);
    for query in [
        "\"permanent revolution\"",
        "stalinism",
        "revol*",
        "NEAR(lenin trotsky, 10)",
        "revolution",
    ] {
        assert!(
            !library::search_texts(&mut store, query, 20, Vec::new(), 0)
                .unwrap()
                .is_empty(),
            "{query}"
        );
        // The index holds no text: a query opens the text its hits are in, for snippets.
        g.bench_function(format!("query {query} (best 20, with snippets)"), |b| {
            b.iter(|| library::search_texts(&mut store, query, 20, Vec::new(), 0).unwrap())
        });
        g.bench_function(format!("query {query} (the index alone)"), |b| {
            b.iter(|| store.search_texts(query, 20).unwrap())
        });
    }

    let text = std::fs::read(fifty_megabytes()).unwrap();
    let doc = Document::from_bytes(text, "big.txt", Format::TEXT).unwrap();
    let query = Query::new("permanent revolution").unwrap();
    g.sample_size(10);
    g.bench_function("find every match in the open text (background scan)", |b| {
        b.iter(|| {
            let mut n = 0;
            find_all(&doc.content, &query, &AtomicBool::new(false), |_| n += 1);
            assert!(n > 0);
        })
    });
    g.finish();
}

criterion_group!(search, benches);
criterion_main!(search);
