use gloss::document::{Document, Format};
use gloss::layout::*;
use std::sync::{Arc, atomic::AtomicBool};
use std::time::Instant;
fn main() {
    let mut base = Vec::new();
    for e in std::fs::read_dir("texts").unwrap() {
        base.extend(std::fs::read(e.unwrap().path()).unwrap());
        base.push(b'\n');
    }
    let mut big = Vec::new();
    while big.len() < 50_000_000 {
        big.extend_from_slice(&base);
    }
    let t = Instant::now();
    let doc = Arc::new(Document::from_bytes(big, "big.txt", Format::Text).unwrap());
    println!("parse 50MB: {:?} blocks={}", t.elapsed(), doc.blocks.len());
    let t = Instant::now();
    let mut l = Layout::new(doc.clone(), 80);
    let rows = l.rows(l.first(), 38);
    println!("first page: {:?} {}", t.elapsed(), rows.len());
    let t = Instant::now();
    let top = l.last_page_top(38);
    let rows = l.rows(top, 38);
    println!("last page: {:?} {}", t.elapsed(), rows.len());
    let t = Instant::now();
    let c = count_rows(&doc, 80, &AtomicBool::new(false)).unwrap();
    println!(
        "count rows: {:?} {}",
        t.elapsed(),
        c.iter().map(|&x| x as u64).sum::<u64>()
    );
    let line: String = "word ".repeat(200_000);
    let t = Instant::now();
    let d1 = Arc::new(Document::from_text(&line, "x", Format::Text));
    let mut l = Layout::new(d1.clone(), 80);
    let rows = l.rows(l.first(), 38);
    println!(
        "1MB line first page: {:?} {} blocks={}",
        t.elapsed(),
        rows.len(),
        d1.blocks.len()
    );
}
