//! Issue 5's figures: a reader's 10,000 annotations export, and import into another member's
//! database, each in under a second. Run with `cargo bench --bench group`.

mod support;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use gloss::app::standard_page;
use gloss::group::{self, Format, Whose};
use gloss::library;
use gloss::store::Store;
use support::{HIGHLIGHTS, annotated_store, text};

/// Another member's database: the same text, nothing annotated.
fn member(path: &std::path::Path) -> Store {
    let mut store = Store::open_in_memory().unwrap();
    store.set_setting("name", "Ben").unwrap();
    library::open_file(&mut store, path, 0).unwrap();
    store
}

fn benches(c: &mut Criterion) {
    let path = text();
    let mut ana = Store::open_in_memory().unwrap();
    ana.set_setting("name", "Ana").unwrap();
    annotated_store(&mut ana, &path);
    let json = group::export_json(&mut ana, None).unwrap();
    let count = json.matches("\"@context\"").count();
    assert!(count > HIGHLIGHTS * 9 / 10, "{count} annotations exported");

    let mut g = c.benchmark_group("10k annotations");
    g.sample_size(10);
    g.bench_function("export JSON", |b| {
        b.iter(|| group::export_json(&mut ana, None).unwrap())
    });
    g.bench_function("export Markdown (with sections and pages)", |b| {
        b.iter(|| {
            let format = Format::Markdown { callouts: false };
            group::export(&mut ana, None, Whose::Everyone, format, standard_page()).unwrap()
        })
    });
    g.bench_function("export HTML", |b| {
        b.iter(|| {
            group::export(
                &mut ana,
                None,
                Whose::Everyone,
                Format::Html,
                standard_page(),
            )
            .unwrap()
        })
    });
    g.bench_function("import into another member's database", |b| {
        b.iter_batched(
            || member(&path),
            |mut ben| {
                let summary = group::import(&mut ben, json.as_bytes()).unwrap();
                assert_eq!(summary.imported, count);
                ben
            },
            BatchSize::PerIteration,
        )
    });
    let mut ben = member(&path);
    group::import(&mut ben, json.as_bytes()).unwrap();
    g.bench_function("import the same file again (nothing changes)", |b| {
        b.iter(|| {
            let summary = group::import(&mut ben, json.as_bytes()).unwrap();
            assert_eq!(summary.unchanged, count);
        })
    });
    g.finish();
}

criterion_group!(group_benches, benches);
criterion_main!(group_benches);
