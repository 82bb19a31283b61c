//! Every row of the export table (`gloss::export::EXPORTS`), written from a library holding a
//! hostile note and hostile cards, read back by a real reader of its format: pulldown-cmark for
//! Markdown, a strict XML parser for the HTML page, the csv crate for both CSVs and Anki's text
//! file, serde_json for the group's JSON, zip and SQLite for the Anki package. A row the test
//! has no reader for fails it: a new format comes with its check.

use gloss::anchor::Anchor;
use gloss::export::{EXPORTS, Request, Subject};
use gloss::srs::card::{CardKind, CardText};
use gloss::store::Store;

/// A note that is markup, a table, a callout, an escape sequence and CSV's delimiters at once,
/// with a tag.
const HOSTILE: &str = "# not a heading #close-reading\n<script>alert(1)</script> & \"quoted\", a \
                       comma\n| a | table |\n> [!quote] not a callout";

/// A library with the hostile note on a bundled text, and a card whose front is hostile too.
fn library(db: &std::path::Path) -> Store {
    crate::support::annotate(
        db,
        "The Dissolution of the Communist International",
        "Stalin’s Great Purge",
        HOSTILE,
        100,
    );
    let mut store = Store::open(db).unwrap();
    let doc = crate::support::text_titled(&store, "The Dissolution");
    let passage = "Stalin’s Great Purge";
    let card = CardText {
        kind: CardKind::Basic,
        front: "<b>Why</b>, \"when\"\tand\nhow?".into(),
        back: "A, b; c".into(),
        tags: vec!["purge".into()],
    };
    let anchor = Anchor::new(passage, 0..passage.len(), 0);
    store.add_cards(doc, &anchor, &card, passage, 10).unwrap();
    store
}

/// The text of every event pulldown-cmark reads as text (not markup) in `md`.
fn markdown_text(md: &str) -> (String, bool) {
    use pulldown_cmark::{Event, Parser, Tag};
    let mut text = String::new();
    let mut markup = false;
    for event in Parser::new(md) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push('\n'),
            Event::Html(h) | Event::InlineHtml(h) if h.contains("script") => markup = true,
            Event::Start(Tag::Table(_)) => markup = true,
            _ => {}
        }
    }
    (text, markup)
}

/// The fields of a CSV (or, with `tab`, of Anki's tab-separated text after its `#` headers).
fn fields(text: &str, tab: bool) -> Vec<String> {
    let body: String = text
        .lines()
        .skip_while(|l| tab && l.starts_with('#'))
        .flat_map(|l| [l, "\n"])
        .collect();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(if tab { b'\t' } else { b',' })
        .has_headers(false)
        .flexible(true)
        .from_reader(body.as_bytes());
    reader
        .records()
        .map(|r| r.expect("a well-formed record"))
        .flat_map(|r| r.iter().map(str::to_string).collect::<Vec<_>>())
        .collect()
}

#[test]
fn every_export_reads_back_with_a_real_reader_of_its_format() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gloss.db");
    let mut store = library(&db);
    let request = Request::library(crate::support::midday());
    for export in EXPORTS {
        let bytes = export.write(&mut store, &request).unwrap();
        let what = format!("{:?} {}", export.subject, export.name);
        let text = || String::from_utf8(bytes.clone()).expect("UTF-8");
        match (export.subject, export.name) {
            (Subject::Notes, "md") => {
                let (read, markup) = markdown_text(&text());
                assert!(!markup, "{what}: the note became markup");
                for line in HOSTILE.lines() {
                    assert!(
                        read.contains(line),
                        "{what}: {line:?} not read as text in {read}"
                    );
                }
            }
            (Subject::Notes, "html") => {
                let page = text();
                let options = roxmltree::ParsingOptions {
                    allow_dtd: true,
                    ..Default::default()
                };
                let xml = roxmltree::Document::parse_with_options(&page, options)
                    .unwrap_or_else(|e| panic!("{what}: not well-formed: {e}"));
                assert!(
                    !xml.descendants().any(|n| n.has_tag_name("script")),
                    "{what}"
                );
                let read: String = xml.descendants().filter_map(|n| n.text()).collect();
                assert!(
                    read.contains("<script>alert(1)</script> & \"quoted\""),
                    "{what}"
                );
            }
            (Subject::Notes, "csv") => {
                let read = fields(&text(), false);
                // Readwise takes tags as `.tag` at the head of the note.
                assert!(
                    read.iter()
                        .any(|f| f.starts_with(".close-reading ") && f.ends_with(HOSTILE)),
                    "{what}: {read:?}"
                );
            }
            (Subject::Notes, "json") => {
                let json: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
                assert!(json.to_string().contains("alert(1)"), "{what}");
                let notes = json["annotations"].as_array().expect("annotations");
                // W3C Web Annotations: the note is the body's value, whole.
                assert!(
                    notes.iter().any(|a| a["body"][0]["value"] == HOSTILE),
                    "{what}: {json}"
                );
                // Its tag, read from the annotation's row (migration 0029), as a tagging body.
                let tagged = |a: &serde_json::Value| {
                    a["body"].as_array().is_some_and(|bodies| {
                        bodies
                            .iter()
                            .any(|b| b["purpose"] == "tagging" && b["value"] == "close-reading")
                    })
                };
                assert!(notes.iter().any(tagged), "{what}: {json}");
                // Each target says how long the annotator's copy is, for another copy to
                // scale its position by: the text's length in characters.
                let lengths: Vec<u64> = store.library().unwrap().iter().map(|e| e.chars).collect();
                for a in notes {
                    let length = a["target"]["gloss:length"].as_u64();
                    assert!(length.is_some_and(|n| lengths.contains(&n)), "{what}: {a}");
                }
            }
            (Subject::Cards, "anki") => {
                // Anki reads its fields as HTML: the front's markup escaped, its break a <br>.
                let read = fields(&text(), true);
                let front = "&lt;b&gt;Why&lt;/b&gt;, \"when\" and<br>how?";
                assert!(read.iter().any(|f| f == front), "{what}: {read:?}");
                assert!(
                    read.iter().any(|f| f.starts_with("A, b; c<br>")),
                    "{what}: {read:?}"
                );
            }
            (Subject::Cards, "csv") => {
                let read = fields(&text(), false);
                assert!(
                    read.contains(&"<b>Why</b>, \"when\"\tand\nhow?".to_string()),
                    "{what}: {read:?}"
                );
            }
            (Subject::Cards, "apkg") => {
                let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.clone())).unwrap();
                let mut collection = Vec::new();
                let name = ["collection.anki21", "collection.anki2"]
                    .into_iter()
                    .find(|n| zip.by_name(n).is_ok())
                    .expect("a collection");
                std::io::copy(&mut zip.by_name(name).unwrap(), &mut collection).unwrap();
                let path = dir.path().join("collection.sqlite");
                std::fs::write(&path, collection).unwrap();
                let conn = rusqlite::Connection::open(&path).unwrap();
                let notes: i64 = conn
                    .query_row("SELECT count(*) FROM notes", [], |r| r.get(0))
                    .unwrap();
                assert_eq!(notes, 1, "{what}");
            }
            _ => panic!("{what}: no reader checks this export; add one here"),
        }
    }
}

/// `gloss export DOC --whole`: the text whole, read back by the same readers. Four highlights
/// (the hostile note on one, two overlapping, one across two paragraphs): each appears once, in
/// order, its marked words its own, its note once after it.
#[test]
fn the_whole_text_with_its_highlights_reads_back_in_both_formats() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gloss.db");
    let title = "The Dissolution of the Communist International";
    let quotes = [
        "Stalin’s Great Purge",
        "Great Purge of the late 1930s",
        "crisis of faith within the international movement.\nThe purge extended",
        "caught in the web of purges",
    ];
    let mut store = library(&db);
    for (i, quote) in quotes.iter().enumerate().skip(1) {
        crate::support::annotate(&db, title, quote, &format!("note {i}"), 200 + i as i64);
    }
    let doc = crate::support::text_titled(&store, "The Dissolution");
    let request = Request {
        document: Some(doc),
        whole: true,
        ..Request::library(crate::support::midday())
    };
    // In reading order: by where each starts.
    let content = std::fs::read_to_string(crate::support::bundled_text(
        "dissolution-of-the-communist-international.txt",
    ))
    .unwrap();
    let mut order: Vec<&str> = quotes.to_vec();
    order.sort_by_key(|q| content.find(q.split('\n').next().unwrap()).unwrap());
    for name in ["html", "md"] {
        let export = EXPORTS
            .iter()
            .find(|e| e.subject == Subject::Notes && e.name == name)
            .unwrap();
        let page = String::from_utf8(export.write(&mut store, &request).unwrap()).unwrap();
        if name == "html" {
            let options = roxmltree::ParsingOptions {
                allow_dtd: true,
                ..Default::default()
            };
            let xml = roxmltree::Document::parse_with_options(&page, options)
                .unwrap_or_else(|e| panic!("not well-formed: {e}"));
            assert!(!xml.descendants().any(|n| n.has_tag_name("script")));
            // Each highlight's marked pieces, joined, are its words; its note follows once.
            for (n, quote) in order.iter().enumerate().map(|(i, q)| (i + 1, q)) {
                let marked: String = xml
                    .descendants()
                    .filter(|m| m.has_tag_name("mark"))
                    .filter(|m| {
                        m.attribute("data-highlight")
                            .is_some_and(|h| h.split(' ').any(|x| x == n.to_string()))
                    })
                    .filter_map(|m| m.text())
                    .collect();
                let words = quote.replace('\n', "");
                assert_eq!(marked, words, "highlight {n}");
                let asides = xml
                    .descendants()
                    .filter(|a| {
                        a.has_tag_name("aside") && a.attribute("id") == Some(&format!("n{n}"))
                    })
                    .count();
                assert_eq!(asides, 1, "highlight {n}'s note once");
            }
            let refs: Vec<String> = xml
                .descendants()
                .filter(|a| {
                    a.has_tag_name("a") && a.attribute("id").is_some_and(|id| id.starts_with('r'))
                })
                .filter_map(|a| a.text().map(str::to_string))
                .collect();
            assert_eq!(refs, ["1", "2", "3", "4"], "each number once, in order");
            let read: String = xml.descendants().filter_map(|n| n.text()).collect();
            assert!(read.contains("<script>alert(1)</script> & \"quoted\""));
            assert!(read.contains("Many foreign communists who had sought refuge"));
        } else {
            let (read, markup) = markdown_text(&page);
            assert!(!markup, "the note became markup");
            for line in HOSTILE.lines() {
                assert!(read.contains(line), "{line:?} not read as text in {read}");
            }
            assert!(read.contains("Many foreign communists who had sought refuge"));
            let numbers: Vec<String> = page
                .match_indices("<sup>")
                .map(|(i, _)| page[i + 5..].split('<').next().unwrap().to_string())
                .collect();
            assert_eq!(numbers, ["1", "2", "3", "4"]);
            // Every highlight's mark is inline HTML to CommonMark, none swallowed as text.
            let marks = pulldown_cmark::Parser::new(&page)
                .filter(
                    |e| matches!(e, pulldown_cmark::Event::InlineHtml(h) if h.starts_with("<mark")),
                )
                .count();
            assert_eq!(marks, page.matches("<mark").count());
        }
    }
}

/// The annotated book of a reading group: where two members highlighted the same words, the
/// HTML stripes them in a colour each, names them (escaped: one name is hostile), and a legend
/// says whose colour is whose; it still parses as XML.
#[test]
fn words_two_members_highlighted_are_striped_in_the_whole_book() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gloss.db");
    let ben = dir.path().join("ben.db");
    let title = "The Dissolution of the Communist International";
    let mut store = library(&db);
    crate::support::annotate(&db, title, "Great Purge of the late 1930s", "mine", 300);
    let hostile = "<b>Ben</b> & \"co\"";
    crate::support::run_gloss(&ben, &["config", "set", "name", hostile]);
    crate::support::annotate(&ben, title, "Stalin’s Great Purge of the late", "his", 300);
    let file = dir.path().join("ben.json");
    let out = crate::support::run_gloss(
        &ben,
        &["export", "--format", "json", "-o", file.to_str().unwrap()],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = crate::support::run_gloss(&db, &["import", file.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{said}");
    // The import's progress bar is for a terminal: none on a pipe.
    assert!(!said.contains("importing"), "{said}");
    let request = Request {
        document: Some(crate::support::text_titled(&store, "The Dissolution")),
        whole: true,
        ..Request::library(crate::support::midday())
    };
    let export = EXPORTS
        .iter()
        .find(|e| e.subject == Subject::Notes && e.name == "html")
        .unwrap();
    let page = String::from_utf8(export.write(&mut store, &request).unwrap()).unwrap();
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let xml = roxmltree::Document::parse_with_options(&page, options)
        .unwrap_or_else(|e| panic!("not well-formed: {e}"));
    let shared: Vec<roxmltree::Node> = xml
        .descendants()
        .filter(|m| m.has_tag_name("mark") && m.attribute("title").is_some())
        .collect();
    assert!(!shared.is_empty(), "{page}");
    for m in &shared {
        let names = m.attribute("title").unwrap();
        assert!(names.contains(hostile) && names.contains(", "), "{names}");
        assert!(m.attribute("style").unwrap().contains("linear-gradient"));
    }
    let marked: String = shared.iter().filter_map(|m| m.text()).collect();
    // (The reader's own highlights are "Stalin’s Great Purge" and "Great Purge of the late
    // 1930s": Ben's covers the first and most of the second.)
    assert_eq!(
        marked, "Stalin’s Great Purge of the late",
        "the words both highlighted"
    );
    let legend = xml
        .descendants()
        .find(|p| p.has_tag_name("p") && p.attribute("class") == Some("meta"))
        .expect("a legend");
    let names: Vec<&str> = legend
        .children()
        .filter(|m| m.has_tag_name("mark"))
        .filter_map(|m| m.text())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names.contains(&hostile), "{names:?}");
}
