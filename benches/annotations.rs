//! Issue 3's figures: a text with 10,000 highlights (a tenth of them with notes) opens, turns
//! pages and opens its annotations panel without visible slowdown. Targets: a page drawn in
//! under 5 ms, the panel opened in under 20 ms. Run with `cargo bench --bench annotations`.

mod support;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use gloss::app::{Action, App, DEFAULT_MEASURE};
use gloss::store::Store;
use gloss::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use support::{annotated_store, text};

fn benches(c: &mut Criterion) {
    let path = text();
    let mut group = c.benchmark_group("10k highlights");
    group.sample_size(20);

    let mut store = Store::open_in_memory().unwrap();
    annotated_store(&mut store, &path);
    let mut app = App::new(store, DEFAULT_MEASURE);
    app.update(Action::Resize(120, 40));
    group.bench_function("open the text (parse, load and place highlights)", |b| {
        b.iter(|| app.open_path(&path).unwrap())
    });
    app.open_path(&path).unwrap();
    app.wait_for_background();
    let placed = app.reading().unwrap().marks.placed().len();
    assert!(placed > 9_000, "{placed} highlights placed");

    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    group.sample_size(100);
    group.bench_function("turn a page and draw it", |b| {
        b.iter(|| {
            if app.reading().unwrap().reader.at_end() {
                app.update(Action::DocStart);
            }
            app.update(Action::NextPage);
            terminal.draw(|f| view::draw(f, &app)).unwrap();
        })
    });
    app.update(Action::DocStart);
    group.bench_function("draw a page", |b| {
        b.iter(|| {
            terminal.draw(|f| view::draw(f, black_box(&app))).unwrap();
        })
    });
    group.bench_function("open the annotations panel and draw it", |b| {
        b.iter(|| {
            app.update(Action::Annotations);
            terminal.draw(|f| view::draw(f, &app)).unwrap();
            app.update(Action::Close);
        })
    });
    group.finish();
}

criterion_group!(annotations, benches);
criterion_main!(annotations);
