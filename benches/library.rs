//! Issue 36's figure: a key typed into the library's filter with 1,000 texts, the screen
//! drawn after it (120x40). Target: under 50 ms a key. `cargo bench --bench library`.

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use gloss::app::{Action, App, DEFAULT_MEASURE};
use gloss::store::Store;
use gloss::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// A library of `n` short texts, "Essay number 0001" and on, in files under `dir`.
fn library_of(n: usize, dir: &Path) -> Store {
    let mut store = Store::open_in_memory().unwrap();
    for i in 1..=n {
        let path = dir.join(format!("essay-{i:04}.txt"));
        let text = format!("Essay number {i:04}\n\nA paragraph of essay {i}, to be read.\n");
        std::fs::write(&path, text).unwrap();
        gloss::library::open_file(&mut store, &path, 1_795_000_000 + i as i64).unwrap();
    }
    store
}

fn benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::new(library_of(1_000, dir.path()), DEFAULT_MEASURE);
    app.update(Action::Resize(120, 40));
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let mut draw = |app: &App| {
        terminal.draw(|f| view::draw(f, app)).unwrap();
    };
    assert_eq!(app.library.len(), 1_005, "and the bundled texts");
    app.update(Action::Filter);
    for c in "number 074".chars() {
        app.update(Action::Input(c));
    }
    draw(&app);
    let mut group = c.benchmark_group("library of 1,000 texts");
    group.bench_function(
        "two keys into the filter (a digit, then Backspace), each drawn",
        |b| {
            b.iter(|| {
                app.update(Action::Input('2'));
                draw(&app);
                assert_eq!(app.shelf.shown.len(), 1);
                app.update(Action::Erase);
                draw(&app);
            })
        },
    );
    app.update(Action::Close);
    group.bench_function("s: the next order, drawn", |b| {
        b.iter(|| {
            app.update(Action::Sort);
            draw(&app);
        })
    });
    group.finish();
}

criterion_group!(library, benches);
criterion_main!(library);
