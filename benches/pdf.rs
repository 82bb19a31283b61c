//! The figures issue 29 names, on a generated PDF of 500 pages (the bundled texts' paragraphs,
//! a running head and a page number on each): its first page as a reader gets it (read the
//! file, parse it, extract the first pages, lay out and draw; the rest is read on a thread),
//! and extracting the whole. Run with `cargo bench --bench pdf`; `cargo bench --bench pdf --
//! --memory` prints the peak memory of opening it and reading to its last page instead. The
//! launch of the real binary to the first page is timed by `benches/launch.sh` on the file this
//! writes (its path is printed).

mod support;

#[path = "../tests/it/support/paper.rs"]
mod paper;

use std::hint::black_box;
use std::path::PathBuf;
use std::sync::Arc;

use criterion::Criterion;
use gloss::app::Geometry;
use gloss::app::reader::Reader;
use gloss::document::{Document, Format, Opening};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use support::draw_page as draw;

const PAGES: usize = 500;
const WIDTH: u16 = 120;
const HEIGHT: u16 = 40;

/// Writes (once) and returns the 500-page PDF.
fn five_hundred_pages() -> PathBuf {
    let path = std::env::temp_dir().join("gloss-bench-500-pages.pdf");
    if path.exists() {
        return path;
    }
    let mut paragraphs = Vec::new();
    for text in support::bundled_texts() {
        let text = std::fs::read_to_string(text).unwrap();
        paragraphs.extend(
            text.split("\n\n")
                .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|p| p.len() > 40),
        );
    }
    std::fs::write(&path, paper::long_paper(&paragraphs, PAGES)).unwrap();
    path
}

fn main() {
    let mut args = std::env::args().skip(1);
    match args.next().as_deref() {
        Some("child") => return child(),
        Some("--memory") => return memory(),
        _ => {}
    }
    let path = five_hundred_pages();
    println!("the 500-page PDF: {}", path.display());
    let mut c = Criterion::default().configure_from_args();
    let mut group = c.benchmark_group("500-page PDF");
    group.sample_size(10);
    let g = Geometry::new(WIDTH, HEIGHT, 80);
    let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).unwrap();
    group.bench_function(
        "first page (read, parse, first pages, lay out, draw)",
        |b| {
            b.iter(|| {
                let Opening::Begun(beginning, rest) =
                    Document::open_from(&path, Format::PDF, 0, None).unwrap()
                else {
                    panic!("a 500-page PDF opens in two steps");
                };
                let reader = Reader::new(Arc::new(beginning), 0, g.text_width, g.page_height);
                draw(&mut terminal, &reader, g);
                black_box((reader, rest))
            })
        },
    );
    group.bench_function("the whole PDF (extract 500 pages)", |b| {
        b.iter(|| black_box(Document::open(&path).unwrap()))
    });
    group.finish();
    let doc = Document::open(&path).unwrap();
    println!(
        "PDF: {:.1} MB of text, {} pages",
        doc.content.len() as f64 / 1e6,
        doc.pages.len()
    );
    c.final_summary();
}

/// Peak memory in a fresh child process, against the size of the PDF's text.
fn memory() {
    let path = five_hundred_pages();
    let stdout = support::in_child(&path);
    let mut numbers = stdout.split_whitespace().map(|n| n.parse::<f64>().unwrap());
    let (peak_kb, text) = (numbers.next().unwrap(), numbers.next().unwrap());
    let file = std::fs::metadata(&path).unwrap().len() as f64;
    println!(
        "peak memory reading a 500-page PDF ({:.1} MB file, {:.1} MB of text): {:.1} MB",
        file / 1e6,
        text / 1e6,
        peak_kb * 1024.0 / 1e6
    );
}

fn child() {
    support::read_in_child(Format::PDF, |doc| doc.content.len());
}
