//! Plain text as it was written: a Gutenberg-style book (hard-wrapped at 70 columns, CRLF line
//! ends) and a one-line-per-paragraph web essay with its site's leftovers, read at 60 and 100
//! columns; and the bundled texts, whose prose is never taken for verse or a table.

use std::path::PathBuf;

use gloss::app::{Action, App, Motion, Overlay};
use gloss::document::{BlockKind, Document};
use ratatui::style::Modifier;

use crate::support::screen::{app, open, render, text};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// An app reading `path` in a terminal of this size.
fn reading(path: &std::path::Path, width: u16, height: u16) -> App {
    let mut app = app(width, height);
    app.open_path(path).unwrap();
    app.wait_for_background();
    app
}

/// Every page of the open text, as the reader shows them, one after another.
fn every_page(app: &mut App) -> String {
    let mut pages = Vec::new();
    loop {
        pages.push(text(&render(app)));
        if app.reading().unwrap().reader.at_end() {
            break;
        }
        app.update(Action::NextPage);
    }
    pages.join("\n─── next page ───\n")
}

fn doc(app: &App) -> std::sync::Arc<Document> {
    app.reading().unwrap().reader.doc().clone()
}

#[test]
fn a_gutenberg_book_keeps_what_is_not_prose() {
    let path = fixture("gutenberg-book.txt");
    for width in [60, 100] {
        // Tall enough that the poem is not cut by a page break.
        let mut app = reading(&path, width, 60);
        let pages = every_page(&mut app);
        insta::assert_snapshot!(format!("gutenberg_book_at_{width}_columns"), pages);

        // The header and the licence are one line each, saying what they are.
        assert!(
            pages.contains("▸ Project Gutenberg header (20 lines)"),
            "{pages}"
        );
        assert!(pages.contains("▸ Project Gutenberg licence ("), "{pages}");
        assert!(!pages.contains("This eBook is for the use"), "{pages}");
        assert!(!pages.contains("FULL LICENSE"), "{pages}");
        // The poem keeps its lines and their indentation.
        let poem: Vec<&str> = pages
            .lines()
            .map(str::trim_end)
            .skip_while(|l| !l.ends_with("The lamp is lit, the glass is clean,"))
            .take(4)
            .collect();
        let margin = poem[0].len() - poem[0].trim_start().len();
        assert_eq!(
            poem.iter().map(|l| &l[margin..]).collect::<Vec<_>>(),
            [
                "The lamp is lit, the glass is clean,",
                "  The wick is trimmed with care;",
                "And all the dark that lies between",
                "  Is lighter for it there.",
            ],
            "{pages}"
        );
        // The table keeps its columns; the quotation is a block quote; the lists hang.
        assert!(pages.contains("January          41         6           12"));
        assert!(
            pages.contains("│ It is a truth that every keeper"),
            "{pages}"
        );
        assert!(pages.contains("1. That the light be kept burning from sunset"));
        assert!(pages.contains("* wicks, two dozen"));
        // The signature stays three lines.
        let signature = pages
            .lines()
            .position(|l| l.trim() == "Your obedient servant,")
            .expect("the signature");
        let lines: Vec<&str> = pages
            .lines()
            .skip(signature)
            .take(3)
            .map(str::trim)
            .collect();
        assert_eq!(lines, ["Your obedient servant,", "Thomas Hale,", "Keeper."]);
        // The address is never broken inside.
        let address = "<https://lights.example.org/north-coast/rules.html>";
        assert!(pages.contains(address), "{pages}");
    }

    let app = reading(&path, 100, 40);
    let doc = doc(&app);
    assert_eq!(
        doc.title,
        "The Lantern Keepers: A Tale of the Northern Coast"
    );
    assert_eq!(doc.author.as_deref(), Some("Ada Morrow"));
    let contents: Vec<&str> = doc.contents.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(
        contents,
        [
            "THE LANTERN KEEPERS",
            "CONTENTS",
            "CHAPTER I. THE LIGHTHOUSE ON THE POINT",
            "CHAPTER II. A LETTER FROM THE MAINLAND",
            "CHAPTER III. THE STORM",
            "NOTES",
        ]
    );
    // The boilerplate is not read: the book's words are those between the markers.
    let body = std::fs::read_to_string(&path).unwrap();
    let start = body.find("*** START").unwrap();
    let start = start + body[start..].find('\n').unwrap();
    let end = body.find("*** END").unwrap();
    let words = body[start..end].split_whitespace().count() as u64;
    assert_eq!(doc.words(), words);
    // The reference [1] opens its note.
    let note = doc.notes.first().expect("the reference [1]");
    assert_eq!(&doc.content[note.start..note.end], "[1]");
    assert!(
        doc.note_text(note)
            .starts_with("[1] The light on the point")
    );
}

#[test]
fn a_wide_table_is_clipped_with_a_mark_and_scrolls_sideways() {
    let mut app = reading(&fixture("gutenberg-book.txt"), 44, 60);
    app.update(Action::NextPage);
    let row = |app: &App| {
        text(&render(app))
            .lines()
            .find(|l| l.contains("January") || l.contains("41  "))
            .map(str::to_string)
            .unwrap_or_default()
    };
    let clipped = row(&app);
    assert!(clipped.trim_end().ends_with('›'), "{clipped}");
    assert!(clipped.contains("January"), "{clipped}");
    app.update(Action::ScrollRight);
    let scrolled = row(&app);
    assert!(scrolled.contains('‹'), "{scrolled}");
    assert!(scrolled.contains("12"), "{scrolled}");
    app.update(Action::ScrollLeft);
    assert_eq!(row(&app), clipped);
}

#[test]
fn a_web_essay_dims_its_leftovers_and_links_its_notes() {
    let path = fixture("web-essay.txt");
    for width in [60, 100] {
        let mut app = reading(&path, width, 40);
        let pages = every_page(&mut app);
        insta::assert_snapshot!(format!("web_essay_at_{width}_columns"), pages);
    }

    let mut app = reading(&path, 60, 60);
    let doc = doc(&app);
    let contents: Vec<&str> = doc.contents.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(
        contents,
        [
            "The Reading Rooms of the Workers’ Movement",
            "What the readers asked for",
            "The Rooms and the Party",
        ]
    );
    let furniture: Vec<&str> = doc
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Furniture)
        .map(|b| doc.text(b))
        .collect();
    assert_eq!(
        furniture,
        [
            // The site's words above the title (issue 36: the first page opened on them).
            "Categories Issue 7",
            "ReadingRoom_Leeds_1910_thumb[1]",
            ", ,",
            "Continue to Chapter Three",
            "Leave a Reply",
            "Your email address will not be published. Required fields are marked *",
        ]
    );
    // Furniture is dimmed, and nothing of it counts as reading.
    let buf = render(&app);
    let y = (0..buf.area.height)
        .find(|&y| {
            text(&buf).lines().nth(usize::from(y)) == Some("  ReadingRoom_Leeds_1910_thumb[1]")
        })
        .expect("the image name on the first page");
    assert!(buf[(2, y)].modifier.contains(Modifier::DIM));
    let read: u64 = doc
        .blocks
        .iter()
        .filter(|b| b.kind != BlockKind::Furniture)
        .map(|b| gloss::document::count_words(doc.text(b).as_bytes()) as u64)
        .sum();
    assert_eq!(doc.words(), read);

    // The cursor onto the superscript ¹: Enter shows note 1, `f` goes to it.
    let mark = doc.notes[0].start;
    app.update(Action::Move(Motion::NextWord));
    for _ in 0..200 {
        let cursor = app.reading().unwrap().reader.cursor().unwrap();
        if cursor >= mark {
            break;
        }
        app.update(Action::Move(Motion::NextWord));
    }
    assert_eq!(
        &doc.content[app.reading().unwrap().reader.cursor().unwrap()..][..2],
        "¹"
    );
    app.update(Action::ShowNote);
    assert!(matches!(app.overlay, Some(Overlay::Footnote(_))));
    let popup = text(&render(&app));
    assert!(
        popup.contains("On the reading rooms of the north"),
        "{popup}"
    );
    app.update(Action::FollowNote);
    let page = text(&render(&app));
    assert!(
        page.lines()
            .nth(1)
            .unwrap()
            .contains("1. On the reading rooms"),
        "{page}"
    );
}

#[test]
fn no_bundled_prose_is_taken_for_verse_or_a_table() {
    // Every block of the five texts kept line by line, with the lines it keeps.
    let mut kept = Vec::new();
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/texts")).unwrap() {
        let doc = Document::open(&entry.unwrap().path()).unwrap();
        for block in &doc.blocks {
            let keeps = matches!(
                block.kind,
                BlockKind::Verse | BlockKind::Preformatted | BlockKind::Centered
            );
            if keeps {
                kept.push(doc.text(block).to_string());
            }
        }
    }
    kept.sort();
    // Only a letter's metadata: short lines, kept as lines. (The site's category line above
    // an essay's title is the page's furniture, dimmed.)
    assert_eq!(
        kept,
        [
            "Author: Harry Ratner\nSource: New Interventions, Volume 13, no 4, Summer 2011.\n\
             Prepared for the Marxist Internet Archive: by Paul Flewers & David Walters in 2017 \
             & 2018\nCopyright: New Interventions & Paul Flewers. Used here with permission.",
        ]
    );
}

#[test]
fn every_page_of_a_bundled_essay_at_80_columns() {
    let mut app = app(80, 30);
    open(&mut app, "Internationalism");
    insta::assert_snapshot!(every_page(&mut app));
}
