//! Prints how gloss reads a file: its title, then each block's kind and first words. Handy when
//! tuning the plain-text structure rules: `cargo run --example structure -- texts/FILE.txt`.

use std::path::Path;

use gloss::document::Document;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: structure FILE");
        std::process::exit(2);
    };
    let doc = match Document::open(Path::new(&path)) {
        Ok(doc) => doc,
        Err(err) => {
            eprintln!("{err}");
            std::process::exit(1);
        }
    };
    println!(
        "title: {} ({} blocks, {} words)",
        doc.title,
        doc.blocks.len(),
        doc.words()
    );
    for warning in &doc.warnings {
        println!("warning: {warning}");
    }
    for block in &doc.blocks {
        let start: String = doc.text(block).chars().take(70).collect();
        println!("{:<12} {start}", format!("{:?}", block.kind));
    }
}
