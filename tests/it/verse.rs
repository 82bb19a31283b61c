//! Verse as books mark it up: The Waste Land's opening (1922, in the public domain), each line a
//! block of its own in stanzas as Project Gutenberg's books have it, with the line numbers print
//! sets in the margin, and its lines broken by `<br/>` in a poem as Standard Ebooks mark it.

use gloss::document::{BlockKind, Document};

use crate::support::book::{self, Chapter};
use crate::support::screen::{self, render, text};

/// Stanzas of the opening, each line a `<p>` of its own; line 10 carries its number.
const GUTENBERG: &str = r#"<h1>I. The Burial of the Dead</h1>
<div class="poem">
<div class="stanza">
<p class="line">April is the cruellest month, breeding</p>
<p class="line">Lilacs out of the dead land, mixing</p>
<p class="line">Memory and desire, stirring</p>
<p class="line">Dull roots with spring rain.</p>
<p class="line">Winter kept us warm, covering</p>
<p class="line">Earth in forgetful snow, feeding</p>
<p class="line">A little life with dried tubers.</p>
<p class="line">Summer surprised us, coming over the Starnbergersee</p>
<p class="line">With a shower of rain; we stopped in the colonnade,</p>
<p class="line">And went on in sunlight, into the Hofgarten,<span class="linenum">10</span></p>
<p class="line">And drank coffee, and talked for an hour.</p>
</div>
<div class="stanza">
<p class="line">What are the roots that clutch, what branches grow</p>
<p class="line">Out of this stony rubbish? Son of man,</p>
</div>
</div>
<p>A paragraph of prose after the poem.</p>"#;

/// The same lines as Standard Ebooks mark them: a stanza a `<p>`, its lines `<span>`s broken
/// by `<br/>`.
const STANDARD_EBOOKS: &str = r#"<h1>I. The Burial of the Dead</h1>
<blockquote epub:type="z3998:poem">
<p><span>April is the cruellest month, breeding</span><br/>
<span>Lilacs out of the dead land, mixing</span><br/>
<span>Memory and desire, stirring</span></p>
<p><span>What are the roots that clutch, what branches grow</span><br/>
<span>Out of this stony rubbish? Son of man,</span></p>
</blockquote>"#;

fn book_file(body: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("waste-land.epub");
    let chapters = [Chapter {
        title: "I. The Burial of the Dead",
        body,
    }];
    std::fs::write(
        &path,
        book::epub3("The Waste Land", "T. S. Eliot", &chapters),
    )
    .unwrap();
    (dir, path)
}

fn blocks(body: &str) -> Vec<(BlockKind, String)> {
    let (_dir, path) = book_file(body);
    let doc = Document::open(&path).unwrap();
    doc.blocks
        .iter()
        .map(|b| (b.kind, doc.text(b).to_string()))
        .collect()
}

#[test]
fn a_stanza_is_a_block_of_its_lines_and_a_line_number_stands_apart() {
    let blocks = blocks(GUTENBERG);
    let verse: Vec<&(BlockKind, String)> = blocks
        .iter()
        .filter(|(k, _)| *k == BlockKind::Verse)
        .collect();
    assert_eq!(verse.len(), 2, "{blocks:?}");
    let first: Vec<&str> = verse[0].1.lines().collect();
    assert_eq!(first.len(), 11);
    assert_eq!(
        first[9],
        "And went on in sunlight, into the Hofgarten,   10"
    );
    assert_eq!(
        verse[1].1,
        "What are the roots that clutch, what branches grow\nOut of this stony rubbish? Son of man,"
    );
    assert_eq!(
        blocks.last().unwrap(),
        &(
            BlockKind::Paragraph,
            "A paragraph of prose after the poem.".to_string()
        )
    );
    let blocks = blocks_of_standard_ebooks();
    assert_eq!(
        blocks,
        [
            (
                BlockKind::Heading(1),
                "I. The Burial of the Dead".to_string()
            ),
            (
                BlockKind::Verse,
                "April is the cruellest month, breeding\nLilacs out of the dead land, mixing\n\
                 Memory and desire, stirring"
                    .to_string()
            ),
            (
                BlockKind::Verse,
                "What are the roots that clutch, what branches grow\n\
                 Out of this stony rubbish? Son of man,"
                    .to_string()
            ),
        ]
    );
}

fn blocks_of_standard_ebooks() -> Vec<(BlockKind, String)> {
    blocks(STANDARD_EBOOKS)
}

/// Issue 30's acceptance: at 80x24, one row per verse line and one blank row between stanzas.
#[test]
fn the_waste_land_s_opening_at_80_by_24() {
    let (_dir, path) = book_file(GUTENBERG);
    let mut app = screen::app(80, 24);
    app.open_path(&path).unwrap();
    app.wait_for_background();
    let buf = render(&app);
    insta::assert_snapshot!(text(&buf));
    // The line number stands against the column's right edge, drawn apart from the words.
    let shown = text(&buf);
    let (y, row) = shown
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("Hofgarten,"))
        .unwrap();
    assert!(
        row.contains("Hofgarten,          ") && row.trim_end().ends_with(" 10"),
        "{row:?}"
    );
    let x = row.trim_end().chars().count() as u16 - 2;
    let number = &buf[(x, y as u16)];
    assert_eq!(number.symbol(), "1");
    let words = &buf[(4, y as u16)];
    assert_ne!(number.style(), words.style(), "the number is dimmed");
}

/// A verse's number in a line of prose (a Bible's `<span class="verse">`) is no poem.
#[test]
fn an_inline_verse_number_stays_in_its_paragraph() {
    let html = r#"<html><body><p><span class="verse">16</span> For God so loved the world.</p></body></html>"#;
    let doc = Document::from_text(html, "john.html", gloss::document::Format::HTML_RAW);
    let texts: Vec<(BlockKind, &str)> = doc.blocks.iter().map(|b| (b.kind, doc.text(b))).collect();
    assert_eq!(
        texts,
        [(BlockKind::Paragraph, "16 For God so loved the world.")]
    );
}
