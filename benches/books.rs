//! The figures issue 9 names, on a generated EPUB of 300 chapters and about 50 MB of text (the
//! bundled texts' paragraphs, repeated): its first page as a reader gets it (read the file,
//! unzip, convert the first chapter, lay out and draw; the rest is read on a thread), reading
//! the whole book, and jumping to the last chapter from its contents. Run with
//! `cargo bench --bench books`; `cargo bench --bench books -- --memory` prints the peak memory
//! of opening it and reading its first and last pages instead.

mod support;

use std::hint::black_box;
use std::sync::Arc;

use criterion::Criterion;
use gloss::app::Geometry;
use gloss::app::reader::Reader;
use gloss::document::{Document, Format, Opening};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use support::draw_page as draw;
use support::fifty_megabyte_book;

const WIDTH: u16 = 120;
const HEIGHT: u16 = 40;

fn main() {
    let mut args = std::env::args().skip(1);
    match args.next().as_deref() {
        Some("child") => return child(),
        Some("--memory") => return memory(),
        _ => {}
    }
    let path = fifty_megabyte_book();
    let mut c = Criterion::default().configure_from_args();
    let mut group = c.benchmark_group("50MB EPUB");
    group.sample_size(10);
    let g = Geometry::new(WIDTH, HEIGHT, 80);
    let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).unwrap();
    group.bench_function(
        "first page (read, unzip, first chapter, lay out, draw)",
        |b| {
            b.iter(|| {
                let Opening::Begun(beginning, rest) =
                    Document::open_from(&path, Format::EPUB, 0, None).unwrap()
                else {
                    panic!("a 50 MB book opens in two steps");
                };
                let reader = Reader::new(Arc::new(beginning), 0, g.text_width, g.page_height);
                draw(&mut terminal, &reader, g);
                black_box((reader, rest))
            })
        },
    );
    group.bench_function("the whole book (unzip, convert 300 chapters)", |b| {
        b.iter(|| black_box(Document::open(&path).unwrap()))
    });
    let doc = Arc::new(Document::open(&path).unwrap());
    // Reopening where one left off converts every chapter up to the place first.
    let middle = doc.chars / 2;
    group.bench_function(
        "reopen in the middle (read, convert up to the place, draw)",
        |b| {
            b.iter(|| {
                let Opening::Begun(beginning, rest) =
                    Document::open_from(&path, Format::EPUB, middle, None).unwrap()
                else {
                    panic!("half the book is not the whole");
                };
                let beginning = Arc::new(beginning);
                let at = beginning.byte_of(middle);
                let reader = Reader::new(beginning, at, g.text_width, g.page_height);
                draw(&mut terminal, &reader, g);
                black_box((reader, rest))
            })
        },
    );
    println!(
        "book: {:.1} MB of text, {} chapters in its contents",
        doc.content.len() as f64 / 1e6,
        doc.contents.len()
    );
    group.sample_size(50);
    let last = doc.contents.last().unwrap().start;
    group.bench_function("jump to the last chapter (lay out + draw)", |b| {
        b.iter_batched(
            || Reader::new(Arc::clone(&doc), 0, g.text_width, g.page_height),
            |mut reader| {
                reader.jump_to(last);
                draw(&mut terminal, &reader, g);
                reader
            },
            criterion::BatchSize::LargeInput,
        )
    });
    group.finish();
    c.final_summary();
}

/// Peak memory in a fresh child process, against the size of the book's text.
fn memory() {
    let path = fifty_megabyte_book();
    let stdout = support::in_child(&path);
    let mut numbers = stdout.split_whitespace().map(|n| n.parse::<f64>().unwrap());
    let (peak_kb, text) = (numbers.next().unwrap(), numbers.next().unwrap());
    let peak = peak_kb * 1024.0;
    println!(
        "peak memory reading a book of {:.1} MB of text: {:.1} MB, {:.2} times the text (target: under 3)",
        text / 1e6,
        peak / 1e6,
        peak / text
    );
}

fn child() {
    support::read_in_child(Format::EPUB, |doc| doc.contents.last().unwrap().start);
}
