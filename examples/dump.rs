fn main() {
    let path = std::env::args().nth(1).unwrap();
    let doc = gloss::document::Document::open(std::path::Path::new(&path)).unwrap();
    println!(
        "TITLE: {} ({} blocks, {} words)",
        doc.title,
        doc.blocks.len(),
        doc.words()
    );
    for b in &doc.blocks {
        let t = doc.text(b);
        let short: String = t.chars().take(70).collect();
        println!("{:?}\t{}", b.kind, short);
    }
}
