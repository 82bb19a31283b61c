//! Writes the small EPUB the tests use (footnotes, a table, an image, CJK and Arabic text), to
//! try the reader on a book: `cargo run --example sample_book -- book.epub && gloss book.epub`.

#[path = "../tests/support/book.rs"]
mod book;

fn main() -> std::io::Result<()> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "sample.epub".to_string());
    let bytes = book::epub3("A Sample Book", "Gloss Tests", &book::sample_chapters());
    std::fs::write(&path, bytes)?;
    println!("wrote {path}");
    Ok(())
}
