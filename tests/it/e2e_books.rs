//! End to end, a book: an EPUB made in code, read in the real binary in a terminal of its own: its contents,
//! a jump, a footnote's popup and the way to the note and back, a highlight with a note in
//! chapter three that is still on the same words after reopening, and the export naming the
//! chapter.

use crate::support;

use crate::support::book;

use support::{Pane, highlighted, run_gloss};

const SENTENCE: &str =
    "Workers of the world, unite: this sentence is the one to annotate in chapter three.";

/// The first line of the text column (under the status line).
fn top_line(screen: &str) -> String {
    screen.lines().nth(1).unwrap_or("").trim().to_string()
}

#[test]
fn read_a_book_jump_follow_a_footnote_and_annotate_chapter_three() {
    let t = Pane::new(80, 30);
    let path = t.dir.path().join("sample.epub");
    std::fs::write(
        &path,
        book::epub3("A Sample Book", "Gloss Tests", &book::sample_chapters()),
    )
    .unwrap();
    let path = path.to_str().unwrap();
    t.gloss(&[path]);
    t.wait_until("the book's first page", |s| {
        s.contains("page 1 of") && top_line(s) == "The First Chapter"
    });

    // The contents, from the book's navigation document; Enter jumps.
    t.keys(&["t"]);
    let contents = t.wait_for("Contents");
    for title in [
        "The First Chapter",
        "Notes and Tables",
        "The Third Chapter",
        "多言語 Languages",
        "Endnotes",
    ] {
        assert!(contents.contains(title), "{contents}");
    }
    t.keys(&["j", "j", "Enter"]);
    t.wait_until("chapter three on top", |s| {
        top_line(s) == "The Third Chapter"
    });
    t.keys(&["BSpace"]);
    t.wait_until("back at the start", |s| top_line(s) == "The First Chapter");

    // The cursor onto the footnote mark "1" after "The party said so.": paragraph by paragraph
    // to that line, then word by word.
    t.keys(&["w", "}", "}", "}", "}", "w", "w", "w", "w", "Enter"]);
    let popup = t.wait_for("Note 1");
    assert!(
        popup.contains("The first footnote, in an aside."),
        "{popup}"
    );
    t.keys(&["f"]);
    t.wait_until("the note itself on top", |s| {
        !s.contains("Note 1 ") && top_line(s) == "The first footnote, in an aside."
    });
    t.keys(&["BSpace"]);
    t.wait_until("back in the text", |s| top_line(s) == "The First Chapter");
    t.keys(&["Escape"]);

    // A highlight with a note in chapter three.
    t.keys(&["t", "j", "j", "Enter"]);
    t.wait_until("chapter three on top", |s| {
        top_line(s) == "The Third Chapter"
    });
    t.keys(&["w", "}", "v", ")", "b", "E", "H"]);
    t.wait_for("highlighted");
    assert_eq!(highlighted(&t), SENTENCE);
    t.keys(&["a"]);
    t.wait_for("Note on");
    t.keys(&["-l", "The slogan, in chapter three."]);
    t.keys(&["C-s"]);
    t.wait_for("note saved");
    t.keys(&["q"]);
    t.assert_terminal_restored();

    // Reopened: the same place, the same words highlighted.
    t.type_line("clear");
    t.gloss(&[path]);
    t.wait_until("chapter three again", |s| {
        top_line(s) == "The Third Chapter"
    });
    assert_eq!(highlighted(&t), SENTENCE);
    t.keys(&["q"]);
    t.assert_terminal_restored();

    // The export names the chapter.
    let out = run_gloss(&t.db(), &["export", "A Sample Book"]);
    let markdown = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success());
    let chapter = markdown.find("## The Third Chapter").expect(&markdown);
    let quote = markdown.find(SENTENCE).expect(&markdown);
    let note = markdown
        .find("The slogan, in chapter three.")
        .expect(&markdown);
    assert!(chapter < quote && quote < note, "{markdown}");
    // Read as CommonMark: the chapter is a heading, the quote and the note are text.
    let mut headings = Vec::new();
    let mut text = String::new();
    let mut in_heading = false;
    for event in pulldown_cmark::Parser::new(&markdown) {
        match event {
            pulldown_cmark::Event::Start(pulldown_cmark::Tag::Heading { .. }) => in_heading = true,
            pulldown_cmark::Event::End(pulldown_cmark::TagEnd::Heading(_)) => in_heading = false,
            pulldown_cmark::Event::Text(t) if in_heading => headings.push(t.to_string()),
            pulldown_cmark::Event::Text(t) => text.push_str(&t),
            _ => {}
        }
    }
    assert!(
        headings.iter().any(|h| h == "The Third Chapter"),
        "{headings:?}"
    );
    assert!(text.contains(SENTENCE) && text.contains("The slogan, in chapter three."));
    let list = String::from_utf8(run_gloss(&t.db(), &["list"]).stdout).unwrap();
    assert!(list.contains("A Sample Book · Gloss Tests"), "{list}");
}

#[test]
fn a_long_book_shows_its_first_page_while_the_rest_is_read() {
    let t = Pane::new(80, 30);
    let path = t.dir.path().join("long.epub");
    std::fs::write(&path, book::long_epub(1000, 60)).unwrap();
    t.gloss(&[path.to_str().unwrap()]);
    let first = t.wait_until("the first page", |s| top_line(s) == "Chapter 1");
    assert!(
        first.contains("opening"),
        "the first page shows before the whole book is read:\n{first}"
    );
    // Typed at once: the contents wait for the whole book, and the keys typed meanwhile are
    // meant for the contents (the last entry, open it).
    t.keys(&["t", "G", "Enter"]);
    t.wait_until("the last chapter on top", |s| top_line(s) == "Chapter 1000");
    let screen = t.wait_until("page numbers of the whole book", |s| s.contains(" of "));
    assert!(!screen.contains("opening"), "{screen}");
}

/// A book's contents page links to its chapters: Enter on a link goes there and Backspace
/// comes back; a link to the web says its address, and Enter again hands it to the browser
/// (GLOSS_OPENER).
#[test]
fn a_contents_link_jumps_and_backspace_returns() {
    let filler =
        "<p>A paragraph that fills the chapter, long enough to need a page of its own.</p>\n"
            .repeat(40);
    let contents = r#"<h1>Contents</h1>
<p><a href="ch2.xhtml">The Second Chapter</a></p>
<p><a href="ch3.xhtml#arrival">The Arrival</a>, and <a href="https://example.org/atlas">the atlas online</a>.</p>"#;
    let second = format!("<h1>The Second Chapter</h1>\n{filler}");
    let third = format!(
        "<h1>The Third Chapter</h1>\n{filler}<h2 id=\"arrival\">The Arrival</h2>\n<p>Where the link leads.</p>"
    );
    let chapters = [
        book::Chapter {
            title: "Contents",
            body: contents,
        },
        book::Chapter {
            title: "The Second Chapter",
            body: &second,
        },
        book::Chapter {
            title: "The Third Chapter",
            body: &third,
        },
    ];
    let t = Pane::new(100, 30);
    let path = t.dir.path().join("linked.epub");
    std::fs::write(&path, book::epub3("Linked", "Someone", &chapters)).unwrap();
    let opened = t.dir.path().join("opened.txt");
    t.gloss_env(&t.viewer("opened.txt"), &[path.to_str().unwrap()]);
    t.wait_for("The Second Chapter");
    // The cursor onto the link (a search, then a move), Enter follows it.
    t.keys(&["/"]);
    t.keys(&["-l", "The Arrival,"]);
    t.wait_for("match 1 of 1");
    t.keys(&["Enter", "e", "Enter"]);
    let there = t.wait_for("Where the link leads.");
    assert!(there.contains("Backspace returns"), "{there}");
    t.keys(&["BSpace"]);
    t.wait_until("back on the contents page", |s| {
        s.contains("The Arrival, and the atlas online.") && !s.contains("Where the link leads.")
    });
    // The link to the web, to the browser (the search ended and the cursor hidden first, for
    // the cursor to come up on the next match).
    t.keys(&["Escape", "Escape"]);
    t.wait_gone("cursor ·");
    t.keys(&["/"]);
    t.keys(&["-l", "the atlas"]);
    t.wait_for("match 1 of 1");
    t.keys(&["Enter", "e", "Enter"]);
    t.wait_for("https://example.org/atlas · Enter again opens it in the browser");
    assert!(!opened.exists(), "nothing leaves for the web unseen");
    t.keys(&["Enter"]);
    t.wait_for("opened in the viewer");
    let address = support::eventually("the browser to be given the address", || {
        std::fs::read_to_string(&opened).map_err(|e| e.to_string())
    });
    assert_eq!(address.trim(), "https://example.org/atlas");
    t.keys(&["q"]);
    t.assert_terminal_restored();
}
