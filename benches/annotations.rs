//! Issue 3's figures: a text with 10,000 highlights (a tenth of them with notes) opens, turns
//! pages and opens its annotations panel without visible slowdown. Targets: a page drawn in
//! under 5 ms, the panel opened in under 20 ms. Run with `cargo bench --bench annotations`.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{Criterion, criterion_group, criterion_main};
use gloss::anchor::Anchor;
use gloss::app::{Action, App, DEFAULT_MEASURE};
use gloss::document::Document;
use gloss::library;
use gloss::store::Store;
use gloss::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const HIGHLIGHTS: usize = 10_000;

/// A text of about 1.5 MB (a long essay, repeated), written once.
fn text() -> PathBuf {
    let path = std::env::temp_dir().join("gloss-bench-annotated.txt");
    if !path.exists() {
        let essay = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/texts/the-russian-revolution-and-the-rise-of-stalinism.txt"
        ))
        .unwrap();
        std::fs::write(&path, essay.repeat(17)).unwrap();
    }
    path
}

/// A store holding the text with 10,000 highlights spread over it, one word to a dozen each.
fn annotated_store(path: &Path) -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let opened = library::open_file(&mut store, path, 0).unwrap();
    let doc: &Document = &opened.doc;
    // Blanks (one byte each: spaces and line breaks) separate the words.
    let blanks: Vec<usize> = doc
        .content
        .match_indices([' ', '\n'])
        .map(|(i, _)| i)
        .collect();
    let step = blanks.len() / HIGHLIGHTS;
    for n in 0..HIGHLIGHTS {
        let start = blanks[n * step] + 1;
        let end = blanks[(n * step + 1 + n % 12).min(blanks.len() - 1)];
        if end <= start {
            continue;
        }
        let anchor = Anchor::new(&doc.content, start..end, doc.char_of(start));
        let note = if n % 10 == 0 {
            "A note to think about #later"
        } else {
            ""
        };
        store
            .add_annotation(
                opened.entry.id,
                &anchor,
                (n % 5 + 1) as u8,
                note,
                &doc.content,
                0,
            )
            .unwrap();
    }
    store
}

fn benches(c: &mut Criterion) {
    let path = text();
    let mut group = c.benchmark_group("10k highlights");
    group.sample_size(20);

    let mut app = App::new(annotated_store(&path), DEFAULT_MEASURE);
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
