use std::time::Instant;
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let t = Instant::now();
    let doc = gloss::document::Document::open(std::path::Path::new(&path)).unwrap();
    println!(
        "open: {:?} blocks={} len={}",
        t.elapsed(),
        doc.blocks.len(),
        doc.content.len()
    );
    if std::env::args().nth(2).is_none() {
        return;
    }
    let t = Instant::now();
    let c =
        gloss::layout::count_rows(&doc, 80, &std::sync::atomic::AtomicBool::new(false)).unwrap();
    println!("count: {:?} {}", t.elapsed(), c.len());
}
