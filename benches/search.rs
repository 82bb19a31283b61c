//! Issue 6's figures: indexing a 50 MB library for full-text search, queries over it (target:
//! under 50 ms for the index), and a full scan of a 50 MB text by the in-text search; issue
//! 15's: the first search after adding the text under 1 s; issue 37's: `gloss search` as a
//! process, under 50 ms and 20 MB a query. Run with `cargo bench --bench search`.

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
    if let Some(db) = std::env::var_os(SEARCH_DB) {
        return library_on_disk(std::path::Path::new(&db));
    }
    searches_as_processes();
    let mut g = c.benchmark_group("search, 50 MB");
    g.sample_size(10);
    g.bench_function(
        "index the library (read, parse, index every passage)",
        |b| {
            b.iter_batched(
                library_of_50_mb,
                |mut store| {
                    assert_eq!(
                        library::index_for_search(&mut store, None, 0, |_, _, _| {}).unwrap(),
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
            !library::search_texts(&store, query, 20).unwrap().is_empty(),
            "{query}"
        );
        g.bench_function(format!("query {query} (best 20, with snippets)"), |b| {
            b.iter(|| library::search_texts(&store, query, 20).unwrap())
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

/// Set to a database file, this bench only makes that library (see [`searches_as_processes`]).
const SEARCH_DB: &str = "GLOSS_BENCH_SEARCH_DB";

/// A library at `db` holding the 50 MB text, indexed.
fn library_on_disk(db: &std::path::Path) {
    let mut store = Store::open(db).unwrap();
    library::open_file(&mut store, &fifty_megabytes(), 0).unwrap();
    library::index_for_search(&mut store, None, 0, |_, _, _| {}).unwrap();
}

/// Issue 37's acceptance 3: `gloss search QUERY` run as a user runs it, on a library (a
/// database file) holding the 50 MB text, indexed: each query's median wall time and peak
/// memory over seven runs, and the median of the five queries. The library is made by another
/// process, and this is done first: a child's peak memory starts from this process's, as
/// Linux keeps it across `exec`.
fn searches_as_processes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gloss.db");
    let made = std::process::Command::new(std::env::current_exe().unwrap())
        .env(SEARCH_DB, &db)
        .status()
        .unwrap();
    assert!(made.success());
    let mut medians = Vec::new();
    for query in [
        "revolution",
        "revol*",
        "\"the working class\"",
        "NEAR(lenin trotsky, 10)",
        "soviet OR council",
    ] {
        let mut runs: Vec<(f64, f64)> = (0..7).map(|_| search_once(&db, query)).collect();
        runs.sort_by(|a, b| a.0.total_cmp(&b.0));
        let (ms, _) = runs[runs.len() / 2];
        let mb = runs.iter().map(|r| r.1).fold(0.0, f64::max);
        println!("gloss search {query}: {ms:.1} ms (median of 7), peak {mb:.1} MB (most of 7)");
        medians.push((ms, mb));
    }
    medians.sort_by(|a, b| a.0.total_cmp(&b.0));
    println!(
        "gloss search, the five queries: median {:.1} ms; peak memory at most {:.1} MB",
        medians[2].0,
        medians.iter().map(|m| m.1).fold(0.0, f64::max)
    );
}

/// One `gloss search` process: its wall time (ms) and peak resident memory (MB).
fn search_once(db: &std::path::Path, query: &str) -> (f64, f64) {
    let start = std::time::Instant::now();
    #[allow(clippy::zombie_processes)] // reaped by wait4 below, for its peak memory
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_gloss"))
        .args([
            "--db".as_ref(),
            db.as_os_str(),
            "search".as_ref(),
            query.as_ref(),
        ])
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut status = 0;
    // SAFETY: an all-zero rusage is valid; wait4 fills it for the child just spawned.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: the pointers are to live locals, and the child is this process's own.
    let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    assert_eq!(pid, child.id() as i32);
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "{query}"
    );
    (ms, usage.ru_maxrss as f64 / 1024.0)
}

criterion_group!(search, benches);
criterion_main!(search);
