use super::*;

fn passage(quote: &str, section: Option<&str>, page: u64, note: &str, author: &str) -> Passage {
    Passage {
        quote: quote.into(),
        section: section.map(Into::into),
        page: Some(page.to_string()),
        start: page as usize * 100,
        end: page as usize * 100 + quote.chars().count(),
        note: note.into(),
        tags: crate::annotation::tags(note),
        author: author.into(),
        color: 1,
        modified: 1_795_000_000,
        orphaned: false,
        thread: Vec::new(),
    }
}

fn reply(author: &str, body: &str) -> ThreadReply {
    ThreadReply {
        author: author.into(),
        body: body.into(),
        modified: 1_795_000_100,
    }
}

fn book() -> Notebook {
    let mut same = passage(
        "The Party is always right.",
        Some("II. Purges"),
        4,
        "",
        "Ben",
    );
    same.color = 3;
    let mut orphan = passage("a sentence since rewritten", None, 0, "lost", "Ana");
    orphan.page = None;
    orphan.orphaned = true;
    Notebook {
        title: "The Comintern".into(),
        passages: vec![
            passage("First words.\n\nSecond paragraph.", None, 1, "", "Ana"),
            passage(
                "The Party is always right.",
                Some("II. Purges"),
                4,
                "Irony? #irony #1937",
                "Ana",
            ),
            same,
            passage(
                "<script>alert(1)</script> & more",
                Some("II. Purges"),
                5,
                "<b>bold</b> \"quoted\"",
                "Ben",
            ),
            orphan,
        ],
    }
}

#[test]
fn markdown_quotes_each_passage_under_its_section() {
    let md = markdown(&[book()], false);
    assert!(md.starts_with("# The Comintern\n\n> First words.\n>\n> Second paragraph.\n\n*Ana · "));
    assert_eq!(md.matches("## II. Purges").count(), 1, "{md}");
    assert!(md.contains("> The Party is always right.\n\nIrony? #irony #1937\n\n*Ana · "));
    assert_eq!(
        md.matches("#irony").count(),
        1,
        "tags are the note's own: {md}"
    );
    assert!(md.contains("## Not found in this copy of the text\n\n> a sentence since rewritten"));
    assert!(md.contains("not found in this copy*"));
}

#[test]
fn obsidian_callouts_hold_the_passage_and_the_whole_note() {
    let mut book = book();
    book.passages[1].note =
        "Irony? #irony #1937\n\nA second paragraph,\nand its second line.".into();
    let md = markdown(&[book], true);
    assert!(md.contains("## II. Purges\n\n> [!note] Ana · "), "{md}");
    assert!(
        md.contains(
            " · p. 4\n> > The Party is always right.\n>\n> Irony? #irony #1937\n>\n\
             > A second paragraph,\\\n> and its second line.\n\n"
        ),
        "{md}"
    );
    assert_eq!(md.matches("#irony").count(), 1, "tags once: {md}");
    assert!(md.contains("> [!quote] Ben · "));
    // Every line of a note is in its callout: nothing but headings outside a quote.
    let outside: Vec<Block> = blocks(&md).into_iter().filter(|b| b.depth == 0).collect();
    assert!(outside.iter().all(|b| b.heading), "{outside:?}");
}

/// A paragraph or heading of parsed Markdown: its text as a reader sees it (breaks as
/// newlines) and how deep in block quotes it is.
#[derive(Debug, Clone)]
struct Block {
    text: String,
    depth: usize,
    heading: bool,
}

/// The blocks of `md` as pulldown-cmark (with GFM's tables, strikethrough and task lists)
/// reads them; panics on anything a note must never become: raw HTML, a link, an image, a
/// list, a table, code, a rule, a footnote.
fn blocks(md: &str) -> Vec<Block> {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES;
    let mut blocks = Vec::new();
    let mut depth = 0;
    let mut current: Option<Block> = None;
    for event in Parser::new_ext(md, options) {
        match event {
            Event::Start(Tag::BlockQuote(_)) => depth += 1,
            Event::End(TagEnd::BlockQuote(_)) => depth -= 1,
            Event::Start(tag @ (Tag::Paragraph | Tag::Heading { .. })) => {
                current = Some(Block {
                    text: String::new(),
                    depth,
                    heading: matches!(tag, Tag::Heading { .. }),
                })
            }
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_)) => {
                blocks.extend(current.take());
            }
            Event::Text(text) => current.as_mut().unwrap().text.push_str(&text),
            Event::SoftBreak | Event::HardBreak => current.as_mut().unwrap().text.push('\n'),
            Event::Start(Tag::Emphasis) | Event::End(TagEnd::Emphasis) => {}
            other => panic!("{other:?} in\n{md}"),
        }
    }
    blocks
}

/// Notes that would be markup if written as they are.
const HOSTILE: &[&str] = &[
    "# Not a heading",
    "#",
    "- not a list\n+ nor this\n* nor this",
    "1. not a list\n2) either",
    "| not | a |\n|---|---|\n| table | row |",
    "> not a quote that looks like a passage",
    "<!-- hidden? --> no",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "![tracker](http://example.com/pixel.png)",
    "[a link](http://example.com) and <http://example.com>",
    "bare http://example.com/x and www.example.com and me@example.com",
    "*emphasis* _and_ **strong** ~~struck~~ `code`",
    "    four spaces: code?",
    "\ttab first",
    "```\nfenced\n```",
    "~~~\nfenced\n~~~",
    "a line\n===",
    "a line\n---",
    "***",
    "%%obsidian comment%% and ==highlight== and $x^2$",
    "[!note] a callout inside",
    "[^1] a footnote\n\n[^1]: its text",
    "&amp; &lt; &#65; entities",
    "trailing spaces   \nand a backslash at the end\\",
    "a note #with_tags and #to-do, and C# is no tag",
    "[ ] not a task\n- [x] nor this",
    "Line one\nline two\n\nA new paragraph.",
];

#[test]
fn every_hostile_note_renders_as_the_literal_text_it_is() {
    for callouts in [false, true] {
        let mut book = book();
        book.title = "# Title *with* <b>markup</b> ###".into();
        book.passages = HOSTILE
            .iter()
            .enumerate()
            .map(|(i, note)| {
                let mut p = passage(note, Some("## Section | [x]"), i as u64 + 1, note, "<Ana>*");
                p.tags = crate::annotation::tags(note);
                // A member's reply says the same: it must render as literally.
                p.thread = vec![reply("<Ben>*", note)];
                p
            })
            .collect();
        let md = markdown(&[book], callouts);
        let blocks = blocks(&md);
        assert_eq!(blocks[0].text, "# Title *with* <b>markup</b> ###");
        assert!(blocks[0].heading);
        assert_eq!(blocks[1].text, "## Section | [x]");
        let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
        for note in HOSTILE {
            // Paragraphs of the note are blocks of their own; each line keeps its break.
            for paragraph in note.split("\n\n") {
                let want = paragraph.trim_end_matches('\n');
                // The passage, the note and the reply.
                let times = texts.iter().filter(|t| **t == want).count();
                assert!(
                    times >= 3,
                    "{want:?} rendered literally {times} times, not 3 (callouts: {callouts}):\n{md}"
                );
            }
        }
        assert!(
            md.contains("#with_tags") && md.contains("#to-do"),
            "tags stay tags"
        );
    }
}

/// Replies sit under their note, each a quote inside the passage's, with whose it is; what a
/// member replied renders as the literal text it is, in both Markdown styles.
#[test]
fn threads_follow_their_note() {
    for callouts in [false, true] {
        let mut book = book();
        book.passages[1].thread = vec![
            reply("Ben", "And at home.\n\n# not a heading <b>x</b>"),
            reply("Cleo", "*Too* quick >"),
        ];
        book.passages[0].thread = vec![reply("Ben", "On a bare highlight.")];
        let md = markdown(&[book], callouts);
        let blocks = blocks(&md);
        let at = |text: &str| {
            blocks
                .iter()
                .position(|b| b.text == text)
                .unwrap_or_else(|| panic!("{text:?} not in (callouts: {callouts}):\n{md}"))
        };
        let note = at("Irony? #irony #1937");
        let (first, second) = (at("And at home."), at("# not a heading <b>x</b>"));
        let last = at("*Too* quick >");
        assert!(note < first && first < second && second < last);
        assert!(blocks[first - 1].text.starts_with("↳ Ben · "), "{md}");
        assert!(blocks[last - 1].text.starts_with("↳ Cleo · "), "{md}");
        assert!(
            blocks[last].depth > blocks[note].depth,
            "a reply is quoted under its note"
        );
        assert!(at("On a bare highlight.") < note);
        if callouts {
            let outside = blocks.iter().filter(|b| b.depth == 0 && !b.heading).count();
            assert_eq!(outside, 0, "replies stay in their callout:\n{md}");
        }
    }
}

#[test]
fn readwise_csv_has_its_columns() {
    let csv_text = readwise_csv(&[book()], "Ana");
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "Highlight",
            "Title",
            "Author",
            "URL",
            "Note",
            "Location",
            "Date"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 5);
    assert_eq!(&rows[0][0], "First words.\n\nSecond paragraph.");
    assert_eq!(&rows[1][1], "The Comintern");
    assert_eq!(&rows[1][4], ".1937 .irony Irony? #irony #1937");
    assert_eq!(&rows[1][5], "4");
    assert_eq!(
        &rows[2][4], "[Ben]",
        "another member's highlight says whose"
    );
    assert_eq!(rows[1][6].len(), "2026-11-19 19:33:20".len());
    assert_eq!(&rows[4][5], "", "an orphan has no location");
}

#[test]
fn a_passage_over_a_pages_turn_is_pp_in_reading_exports_and_its_first_page_for_readwise() {
    let mut over = book();
    over.passages.truncate(1);
    over.passages[0].page = Some("xii–1".into());
    let markdown_text = markdown(&[over.clone()], false);
    assert!(markdown_text.contains("· pp. xii–1"), "{markdown_text}");
    blocks(&markdown_text);
    // A page label comes from the file: markup in it stays text in every export.
    for hostile in HOSTILE {
        let mut labelled = book();
        labelled.passages.truncate(1);
        let label: String = hostile
            .chars()
            .filter(|c| !c.is_control())
            .take(32)
            .collect();
        labelled.passages[0].page = Some(label.clone());
        let md = markdown(&[labelled.clone()], false);
        let shown: String = blocks(&md).iter().map(|b| b.text.as_str()).collect();
        assert!(shown.contains(label.trim()), "{label:?} in\n{md}");
        let page = html(&[labelled.clone()]);
        let doc = well_formed(&page);
        assert!(
            doc.descendants()
                .all(|n| !matches!(n.tag_name().name(), "script" | "img" | "a")),
            "{page}"
        );
        let csv_text = readwise_csv(&[labelled], "Ana");
        let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
        let row = reader.records().next().unwrap().unwrap();
        assert_eq!(&row[5], label.split('–').next().unwrap());
    }
    let page = html(&[over.clone()]);
    well_formed(&page);
    assert!(page.contains("pp. xii–1"), "{page}");
    let csv_text = readwise_csv(&[over], "Ana");
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let row = reader.records().next().unwrap().unwrap();
    assert_eq!(&row[5], "xii");
}

/// The page parsed strictly as XML (with its doctype).
fn well_formed(page: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse_with_options(
        page,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .expect("well-formed")
}

#[test]
fn html_is_one_safe_self_contained_page() {
    let page = html(&[book()]);
    let doc = well_formed(&page);
    for node in doc.descendants().filter(|n| n.is_element()) {
        let name = node.tag_name().name();
        assert!(
            !matches!(name, "script" | "img" | "link" | "iframe" | "object"),
            "{name}"
        );
        for attr in ["src", "href"] {
            assert!(node.attribute(attr).is_none(), "{name} has {attr}");
        }
        assert!(
            node.attributes().all(|a| !a.name().starts_with("on")),
            "no event handlers"
        );
    }
    // What the manual says of the page is what it is.
    let styles = doc
        .descendants()
        .filter(|n| n.has_tag_name("style"))
        .count();
    assert_eq!(styles, 1);
    let readme = include_str!("../../../docs/manual.md");
    assert!(readme.contains("The HTML page is well-formed XML with one `<style>` element"));
    assert!(!readme.contains("inline styles only"));
    let quotes: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("blockquote"))
        .map(|n| n.text().unwrap_or_default().to_string())
        .collect();
    assert_eq!(
        quotes,
        [
            "First words.\n\nSecond paragraph.",
            "The Party is always right.",
            "<script>alert(1)</script> & more",
            "a sentence since rewritten",
        ],
        "the same passage highlighted twice is shown once"
    );
    let sections: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("section"))
        .collect();
    let notes = |s: &roxmltree::Node| {
        s.children()
            .filter(|n| n.has_tag_name("div"))
            .map(|d| {
                d.children()
                    .filter(|n| n.has_tag_name("p"))
                    .map(|p| {
                        p.descendants()
                            .filter(|n| n.is_text())
                            .map(|n| n.text().unwrap())
                            .collect::<String>()
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .collect::<Vec<_>>()
    };
    let second = notes(&sections[1]);
    assert_eq!(second.len(), 2, "both members' notes under the passage");
    assert!(second[0].starts_with("Irony? #irony #1937\nAna · "));
    assert!(second[0].ends_with("p. 4#1937#irony"));
    assert!(second[1].starts_with("Ben · "));
    assert!(notes(&sections[2])[0].starts_with("<b>bold</b> \"quoted\""));
    assert!(sections[3].attribute("class").unwrap().contains("orphaned"));
}

#[test]
fn html_threads_sit_in_their_note_escaped() {
    let mut book = book();
    book.passages[1].thread = vec![reply("<Ben>", "</div><script>x</script> & so")];
    let page = html(&[book]);
    let doc = well_formed(&page);
    let replies: Vec<_> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("reply"))
        .collect();
    assert_eq!(replies.len(), 1);
    let reply = replies[0];
    let note = reply.parent().unwrap();
    assert_eq!(note.attribute("class"), Some("note"), "in its note's block");
    let texts: Vec<&str> = reply
        .children()
        .filter(|n| n.has_tag_name("p"))
        .filter_map(|p| p.text())
        .collect();
    assert_eq!(texts[0], "</div><script>x</script> & so");
    assert!(texts[1].starts_with("↳ <Ben> · "));
    assert!(!doc.descendants().any(|n| n.has_tag_name("script")));
}
