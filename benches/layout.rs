//! The figures issue 2 names, on a generated 50 MB text (the bundled texts repeated):
//! opening it, laying out and drawing the first page, jumping to the last page, and laying out
//! the visible page again after a resize. Run with `cargo bench --bench layout`.

mod support;

use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use gloss::app::Geometry;
use gloss::app::reader::Reader;
use gloss::document::Document;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use support::draw_page as draw;

const WIDTH: u16 = 120;
const HEIGHT: u16 = 40;

fn benches(c: &mut Criterion) {
    let path = support::fifty_megabytes();
    let mut group = c.benchmark_group("50MB");
    group.sample_size(10);

    // Reading the file, decoding, sanitizing, finding its structure and hashing it: the index
    // that every later step relies on.
    group.bench_function("open (read, decode, structure, hash)", |b| {
        b.iter(|| black_box(Document::open(&path).unwrap()))
    });

    let doc = Arc::new(Document::open(&path).unwrap());
    let g = Geometry::new(WIDTH, HEIGHT, 80);
    let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).unwrap();
    group.sample_size(50);

    group.bench_function("first page (lay out + draw)", |b| {
        b.iter(|| {
            let reader = Reader::new(Arc::clone(&doc), 0, g.text_width, g.page_height);
            draw(&mut terminal, &reader, g);
            black_box(reader)
        })
    });

    group.bench_function("last page (jump + lay out + draw)", |b| {
        b.iter_batched(
            || Reader::new(Arc::clone(&doc), 0, g.text_width, g.page_height),
            |mut reader| {
                reader.jump_to_end();
                draw(&mut terminal, &reader, g);
                reader
            },
            criterion::BatchSize::LargeInput,
        )
    });

    // A resize in the middle of the book: the visible page is laid out again at the new width.
    let narrow = Geometry::new(60, 20, 80);
    let middle = doc.content.len() / 2;
    let mut reader = Reader::new(Arc::clone(&doc), middle, g.text_width, g.page_height);
    let mut small = Terminal::new(TestBackend::new(60, 20)).unwrap();
    let mut wide = true;
    group.bench_function("resize (re-lay out + draw the visible page)", |b| {
        b.iter(|| {
            wide = !wide;
            let (geometry, term) = if wide {
                (g, &mut terminal)
            } else {
                (narrow, &mut small)
            };
            reader.set_viewport(geometry.text_width, geometry.page_height);
            draw(term, &reader, geometry);
        })
    });
    group.finish();

    // The background count behind "page X of Y" (off the interface thread).
    let mut slow = c.benchmark_group("50MB background");
    slow.sample_size(10);
    slow.bench_function("count every row (page numbers)", |b| {
        b.iter(|| {
            let cancel = std::sync::atomic::AtomicBool::new(false);
            black_box(gloss::layout::count_rows(&doc, 80, None, &cancel))
        })
    });
    slow.finish();
}

criterion_group!(layout, benches);
criterion_main!(layout);
