//! Issue 4's figure: a simulated year of daily reviews of 1,000 cards with random answers,
//! through the real store (in memory), scheduler and queue. Target: under 5 seconds.
//! Run with `cargo bench --bench srs`.

#[path = "../tests/it/support/simulate.rs"]
mod simulate;

use criterion::{Criterion, criterion_group, criterion_main};

fn benches(c: &mut Criterion) {
    let mut group = c.benchmark_group("srs");
    group.sample_size(10);
    group.bench_function("365 days of reviews of 1,000 cards", |b| {
        b.iter(|| {
            let run = simulate::simulate(1_000, 365);
            assert_eq!(run.store.cards(None, None).unwrap().len(), 1_000);
            run.answers
        })
    });
    group.finish();
}

criterion_group!(srs, benches);
criterion_main!(srs);
