//! Annotations brought in from other tools through the real binary: files those tools wrote
//! (`tests/fixtures/`), placed on the library's texts, waiting for the texts not there and
//! placed when they are added; importing a file again changes nothing.
//!
//! The books the samples were made on are not ours to ship: each text here is a stand-in
//! holding the passages the file quotes (read from the file by a plain split, not by gloss),
//! between paragraphs of its own.

use std::path::{Path, PathBuf};

use gloss::library;
use gloss::store::Store;

use crate::support::{run_gloss, text_titled};

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path)
}

/// The passages of a clippings file's entries on `title`: each entry is a title line, a header
/// line, a blank line, then the passage.
fn clippings_of(file: &Path, title: &str) -> Vec<String> {
    let text = std::fs::read_to_string(file)
        .unwrap()
        .replace('\u{feff}', "");
    text.split("==========")
        .filter_map(|entry| {
            let lines: Vec<&str> = entry.trim().lines().map(str::trim).collect();
            (lines.len() > 3 && lines[0].starts_with(title) && lines[1].contains("Highlight"))
                .then(|| lines[3..].join("\n"))
        })
        .collect()
}

/// A Markdown text titled `title` holding `passages`, each between paragraphs of its own.
fn stand_in(dir: &Path, name: &str, title: &str, passages: &[String]) -> PathBuf {
    let mut text = format!("# {title}\n\n");
    for (i, passage) in passages.iter().enumerate() {
        text.push_str(&format!(
            "Paragraph {i} of the stand-in, which only leads to the next passage.\n\n{passage}\n\n"
        ));
    }
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// Each live annotation of the text titled `title`: the text at its place in the library's
/// copy, its note, and whether it is to be checked or orphaned.
fn landed(db: &Path, title: &str) -> Vec<(String, String, bool, bool)> {
    let mut store = Store::open(db).unwrap();
    let id = text_titled(&store, title);
    let entry = store.entry(id).unwrap().unwrap();
    let doc = library::open_entry(&mut store, &entry, 0).unwrap().doc;
    let chars: Vec<char> = doc.content.chars().collect();
    store
        .annotations(id)
        .unwrap()
        .into_iter()
        .map(|a| {
            let here: String = chars[a.anchor.start..a.anchor.end].iter().collect();
            (here, a.note, a.unsure, a.orphaned)
        })
        .collect()
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `gloss import FILES`, which must succeed: what it printed.
fn import(db: &Path, files: &[&Path]) -> String {
    let mut args = vec![std::ffi::OsStr::new("import")];
    args.extend(files.iter().map(|f| f.as_os_str()));
    let out = run_gloss(db, &args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout(&out)
}

#[test]
fn kindle_clippings_land_on_their_passages_and_wait_for_their_texts() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("reader.db");
    let english = fixture("kindle/en-fr-mattioofr.txt");
    let mixed = fixture("kindle/zh-de-derjoker.txt");
    let stick = clippings_of(&english, "\u{feff}Make It Stick");
    let stick = if stick.is_empty() {
        clippings_of(&english, "Make It Stick")
    } else {
        stick
    };
    let french = clippings_of(&english, "C027 PDF");
    assert_eq!((stick.len(), french.len()), (6, 4));
    {
        let mut store = Store::open(&db).unwrap();
        for (name, title, passages) in [
            ("stick.md", "Make It Stick", &stick),
            // (Titled otherwise: found by the quotes it holds, in the same import as a text
            // found by its title.)
            ("c027.md", "Notes de lecture", &french),
        ] {
            let path = stand_in(tmp.path(), name, title, passages);
            library::open_file(&mut store, &path, 0).unwrap();
        }
    }

    let said = import(&db, &[&english, &mixed]);
    assert!(
        said.contains("Kindle: 10 imported into 2 texts, 0 to check, 0 orphaned\n"),
        "{said}"
    );
    assert!(
        said.contains(
            "Kindle: 0 imported into 0 texts, 0 to check, 0 orphaned, 9 waiting for 7 texts \
             not in your library, 1 entry not understood, skipped"
        ),
        "{said}"
    );
    for (title, passages) in [("Make It Stick", &stick), ("Notes de lecture", &french)] {
        let here = landed(&db, title);
        let quotes: Vec<&String> = here.iter().map(|(q, ..)| q).collect();
        let mut expected: Vec<&String> = passages.iter().collect();
        let mut found = quotes.clone();
        expected.sort();
        found.sort();
        assert_eq!(found, expected, "{title}: each highlight on its own words");
        assert!(
            here.iter()
                .all(|(_, _, unsure, orphaned)| !unsure && !orphaned)
        );
    }

    // The same files again: nothing changes.
    let said = import(&db, &[&english, &mixed]);
    assert!(
        said.contains("Kindle: 0 imported into 0 texts, 0 to check, 0 orphaned, 10 unchanged"),
        "{said}"
    );
    assert_eq!(landed(&db, "Make It Stick").len(), 6);

    // What waits is listed, and placed when its text is added, its note on its highlight.
    let pending = stdout(&run_gloss(&db, &["import", "--pending"]));
    assert!(
        pending.contains("Kindle: 1 note waiting for Kindle4RSS - Jun 06 (Kindle4rss)"),
        "{pending}"
    );
    assert!(
        pending.contains("Kindle: 2 notes waiting for Pride and Prejudice (Austen, Jane)"),
        "{pending}"
    );
    let sportwagen = "Der komplett neu entwickelte Sportwagen mit dem Codenamen P13 soll neue \
                      Zielgruppen ansprechen und somit zur Steigerung des Fahrzeugabsatzes \
                      beitragen.";
    let path = stand_in(
        tmp.path(),
        "jun06.md",
        "Kindle4RSS - Jun 06",
        &[sportwagen.to_string()],
    );
    let opened = library::open_file(&mut Store::open(&db).unwrap(), &path, 0).unwrap();
    let placed = opened.waited.expect("the notes waiting for it are placed");
    assert_eq!(placed.imported, 1, "{placed}");
    assert_eq!(
        landed(&db, "Kindle4RSS - Jun 06"),
        [(
            sportwagen.to_string(),
            "absatz -> umsatz".to_string(),
            false,
            false
        )]
    );
    let pending = stdout(&run_gloss(&db, &["import", "--pending"]));
    assert!(!pending.contains("Jun 06"), "{pending}");
}

/// A page of prose holding `passage`, as a site would serve it.
fn page(title: &str, passage: &str) -> String {
    let filler = "This paragraph of the page is only there so that the article has a body \
                  of some length around the passage that was annotated elsewhere.";
    format!(
        "<!doctype html><html><head><title>{title}</title></head><body><article>\
         <h1>{title}</h1><p>{filler}</p><p>{passage}</p><p>{filler}</p></article></body></html>"
    )
}

/// `file` from the fixtures with every `from` address replaced by `to` (the test's server).
fn pointed(dir: &Path, file: &str, from: &str, to: &str) -> PathBuf {
    let text = std::fs::read_to_string(fixture(file))
        .unwrap()
        .replace(from, to);
    let path = dir.join(Path::new(file).file_name().unwrap());
    std::fs::write(&path, text).unwrap();
    path
}

/// A W3C annotation with only a text quote is placed on the library's text of its address; a
/// Hypothesis annotation on a page not in the library waits, and is placed by `gloss add`,
/// as its author's (another member's, read-only).
#[test]
fn web_annotations_land_by_address_and_wait_for_gloss_add() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("reader.db");
    let base = crate::support::http::serve_pages(vec![
        (
            "/page1".into(),
            page(
                "An example page",
                "And this is an anotation that has some words after it.",
            ),
        ),
        (
            "/proposal".into(),
            page(
                "Information Management: A Proposal",
                "Hypertext information Hypermedia CERNDOC ENQUIRE Tim Berners-Lee section \
                 group C and so on.",
            ),
        ),
    ]);
    let spec = pointed(
        tmp.path(),
        "w3c/spec-anno26.json",
        "http://example.org",
        &base,
    );
    let hypothesis = pointed(
        tmp.path(),
        "w3c/hypothesis-search.json",
        "http://faculty.georgetown.edu/irvinem/theory/Berners-Lee-HTTP-proposal.pdf",
        &format!("{base}/proposal"),
    );
    let added = run_gloss(&db, &["add", &format!("{base}/page1")]);
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );

    let said = import(&db, &[&spec, &hypothesis]);
    assert!(
        said.contains("W3C annotations: 1 imported into 1 text, 0 to check, 0 orphaned\n"),
        "{said}"
    );
    assert!(
        said.contains(
            "Hypothesis: 0 imported into 0 texts, 0 to check, 0 orphaned, 1 waiting for 1 \
             text not in your library, 1 entry not understood, skipped"
        ),
        "{said}"
    );
    assert_eq!(
        landed(&db, "An example page"),
        [("anotation".to_string(), String::new(), false, false)]
    );

    let added = run_gloss(&db, &["add", &format!("{base}/proposal")]);
    let said = stdout(&added);
    assert!(
        said.contains("notes waiting for this text: Hypothesis: 1 imported into 1 text"),
        "{said}"
    );
    assert_eq!(
        landed(&db, "Information Management"),
        [(
            "ENQUIRE".to_string(),
            "As featured in \"Weaving the Web\" by Tim Berners-Lee".to_string(),
            false,
            false
        )]
    );
    let notes = stdout(&run_gloss(&db, &["notes", "--json"]));
    let notes: serde_json::Value = serde_json::from_str(&notes).unwrap();
    let enquire = notes
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["quote"] == "ENQUIRE")
        .unwrap();
    assert_eq!(enquire["author"], "BigBlueHat");
    assert_eq!(enquire["mine"], false, "another member's, read-only");
    assert_eq!(enquire["tags"], serde_json::json!(["history", "web"]));
}

/// KOReader's sidecars of two public-domain books, with the books themselves: each highlight on
/// its words, its note with it, the page bookmark at its page; the sidecar of the older
/// generation of the same book changes nothing; Kindle's clipping of the same Frankenstein
/// lands on the same words.
#[test]
fn koreader_sidecars_land_on_the_books_they_were_made_on() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("reader.db");
    {
        let mut store = Store::open(&db).unwrap();
        for book in ["koreader/pg42324.epub", "koreader/the_prophet.epub"] {
            library::open_file(&mut store, &fixture(book), 0).unwrap();
        }
    }
    let frankenstein = fixture("koreader/pg42324.metadata.epub.lua");
    let prophet = fixture("koreader/the_prophet.metadata.epub.lua");
    let said = import(&db, &[&frankenstein, &prophet]);
    assert!(
        said.contains("KOReader: 5 imported into 1 text, 0 to check, 0 orphaned\n"),
        "{said}"
    );
    assert!(
        said.contains("KOReader: 4 imported into 1 text, 0 to check, 0 orphaned\n"),
        "{said}"
    );
    let here = landed(&db, "Frankenstein");
    let quotes: Vec<&str> = here.iter().map(|(q, ..)| q.as_str()).collect();
    assert_eq!(quotes.len(), 4, "{quotes:#?}");
    for quote in [
        "But the overflowing misery I now felt, and the excess of agitation that I endured, \
         rendered me incapable of any exertion.",
        "Nothing is so painful to the human mind as a great and sudden change.",
        "You have read this strange and terrific story, Margaret;",
    ] {
        assert!(quotes.contains(&quote), "{quote}: {quotes:#?}");
    }
    let noted: Vec<_> = here
        .iter()
        .filter(|(_, note, ..)| !note.is_empty())
        .collect();
    assert_eq!(noted.len(), 1);
    assert!(noted[0].0.starts_with("The sun might shine"));
    assert_eq!(noted[0].1, "Sample note without highlight");
    let prophet_here = landed(&db, "The Prophet");
    assert_eq!(prophet_here.len(), 3);
    assert!(
        prophet_here
            .iter()
            .any(|(q, note, ..)| q.starts_with("Love gives naught") && note == "Sample note"),
        "{prophet_here:#?}"
    );
    let store = Store::open(&db).unwrap();
    let marks = store
        .bookmarks(text_titled(&store, "The Prophet"), false)
        .unwrap();
    assert_eq!(marks.len(), 1);
    assert_eq!(marks[0].label, "KOReader: in On Marriage");

    // The same book's sidecar as KOReader wrote it before 2024: nothing new.
    let said = import(
        &db,
        &[&fixture("koreader/the_prophet.metadata.epub.lua.old")],
    );
    assert!(
        said.contains("KOReader: 0 imported into 1 text, 0 to check, 0 orphaned, 4 unchanged"),
        "{said}"
    );

    // Kindle's clipping of Frankenstein: the same words.
    let said = import(&db, &[&fixture("kindle/en-frankenstein-noted.txt")]);
    assert!(
        said.contains("Kindle: 1 imported into 1 text, 0 to check"),
        "{said}"
    );
    let nothing = "Nothing is so painful to the human mind as a great and sudden change.";
    let both = landed(&db, "Frankenstein")
        .into_iter()
        .filter(|(q, ..)| q == nothing)
        .count();
    assert_eq!(both, 2, "KOReader's and Kindle's, each the reader's own");
}

/// KOReader's JSON export of the same two books (written by KOReader's own exporter from the
/// sidecars above): it waits for the books, lands on them when they are added, and is the
/// same highlights as the sidecars, so that importing both changes nothing more.
#[test]
fn a_koreader_json_export_waits_for_its_books_and_matches_their_sidecars() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("reader.db");
    let export = fixture("koreader/koreader-export.json");
    let said = import(&db, &[&export]);
    assert!(
        said.contains(
            "KOReader: 0 imported into 0 texts, 0 to check, 0 orphaned, 7 waiting for 2 texts \
             not in your library\n"
        ),
        "{said}"
    );
    let pending = stdout(&run_gloss(&db, &["import", "--pending"]));
    assert!(
        pending.contains("KOReader: 4 notes waiting for Frankenstein (Mary Shelley)"),
        "{pending}"
    );
    for (book, placed) in [
        ("koreader/pg42324.epub", 4),
        ("koreader/the_prophet.epub", 3),
    ] {
        let opened = library::open_file(&mut Store::open(&db).unwrap(), &fixture(book), 0)
            .unwrap()
            .waited
            .expect("the notes waiting for it are placed");
        assert_eq!((opened.imported, opened.orphaned), (placed, 0), "{opened}");
    }
    let here = landed(&db, "Frankenstein");
    assert!(
        here.iter().any(
            |(q, note, unsure, orphaned)| q.starts_with("The sun might shine")
                && note == "Sample note without highlight"
                && !unsure
                && !orphaned
        ),
        "{here:#?}"
    );
    let prophet = landed(&db, "The Prophet");
    assert!(
        prophet
            .iter()
            .any(|(q, note, ..)| q.starts_with("Love gives naught") && note == "Sample note"),
        "{prophet:#?}"
    );
    assert!(
        prophet
            .iter()
            .all(|(_, _, unsure, orphaned)| !unsure && !orphaned)
    );

    // Again, the one-book form of the export, and the sidecars themselves: nothing new.
    let said = import(&db, &[&export]);
    assert!(
        said.contains("0 imported into 0 texts, 0 to check, 0 orphaned, 7 unchanged"),
        "{said}"
    );
    let said = import(&db, &[&fixture("koreader/the_prophet-export.json")]);
    assert!(
        said.contains("0 imported into 0 texts, 0 to check, 0 orphaned, 3 unchanged"),
        "{said}"
    );
    // (But for its page bookmark, which KOReader's export leaves out.)
    let said = import(&db, &[&fixture("koreader/the_prophet.metadata.epub.lua")]);
    assert!(said.contains("KOReader: 1 imported into 1 text"), "{said}");
    assert!(said.contains("3 unchanged"), "{said}");
    assert_eq!(landed(&db, "The Prophet").len(), 3);
}

/// Calibre's annotations export, as its library's annotations browser writes it from the
/// annotations its viewer and its content server keep: no title in it, the book is known by
/// its quotes; a short highlight found more than once is looked for in its chapter and
/// flagged to check.
#[test]
fn a_calibre_export_lands_on_the_book_its_quotes_are_from() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("reader.db");
    let export = fixture("calibre/alice.calibre_annotation_collection");
    let said = import(&db, &[&export]);
    assert!(
        said.contains(
            "Calibre: 0 imported into 0 texts, 0 to check, 0 orphaned, 5 waiting for 1 text"
        ),
        "{said}"
    );
    let pending = stdout(&run_gloss(&db, &["import", "--pending"]));
    assert!(
        pending.contains("Calibre: 5 notes waiting for book 17 of a Calibre library"),
        "{pending}"
    );
    let placed = library::open_file(
        &mut Store::open(&db).unwrap(),
        &fixture("calibre/alice.epub"),
        0,
    )
    .unwrap()
    .waited
    .expect("the notes waiting for it are placed");
    assert_eq!((placed.imported, placed.orphaned), (5, 0), "{placed}");
    let title = "Alice's Adventures in Wonderland";
    let mut here = landed(&db, title);
    here.sort();
    let expected = [
        ("About Carroll", "About note", false),
        ("Alice", "Protagonist", true),
        // (Also on the title page: placed in its chapter, About, and flagged.)
        ("Charles Lutwidge Dodgson", "Full author name", true),
        ("Lewis Carroll", "", true),
    ];
    let got: Vec<(&str, &str, bool)> = here
        .iter()
        .map(|(q, note, unsure, _)| (q.as_str(), note.as_str(), *unsure))
        .collect();
    assert_eq!(got, expected);

    // "Alice" is the first word of chapter 1, where Calibre's viewer made it.
    let mut store = Store::open(&db).unwrap();
    let id = text_titled(&store, title);
    let entry = store.entry(id).unwrap().unwrap();
    let doc = library::open_entry(&mut store, &entry, 0).unwrap().doc;
    let alice = store
        .annotations(id)
        .unwrap()
        .into_iter()
        .find(|a| a.note == "Protagonist")
        .unwrap();
    let chapter = doc
        .contents
        .iter()
        .find(|s| s.title.starts_with("Chapter 1"))
        .expect("chapter 1 in the contents");
    let after: String = doc.content[chapter.start..]
        .chars()
        .take(alice.anchor.end - doc.char_of(chapter.start))
        .collect();
    assert!(after.ends_with("Alice"), "{after:?}");
    assert!(!after[..after.len() - 5].contains("Alice"), "{after:?}");
    let marks = store.bookmarks(id, false).unwrap();
    assert_eq!(marks.len(), 1);
    assert_eq!(marks[0].label, "Calibre: About #1");
    drop(store);

    let said = import(&db, &[&export]);
    assert!(said.contains("Calibre: 0 imported into 1 text"), "{said}");
    assert!(said.contains("5 unchanged"), "{said}");
    let store = Store::open(&db).unwrap();
    assert_eq!(store.bookmarks(id, false).unwrap().len(), 1);
    assert_eq!(store.annotations(id).unwrap().len(), 4);
}

const DISSOLUTION: &str = "The Dissolution of the Communist International";

/// Readwise's CSV as gloss writes it (the program that writes it): one reader's highlights
/// on a bundled essay land on the same words in another reader's library. A CSV carries no
/// context: a phrase found more than once is placed on its first copy and flagged to check.
#[test]
fn a_readwise_csv_written_by_gloss_lands_in_another_library() {
    let tmp = tempfile::tempdir().unwrap();
    let (ann, ben) = (tmp.path().join("ann.db"), tmp.path().join("ben.db"));
    let sentence = "Stalin’s rise to power marked a sharp deviation from these principles.";
    let phrase = "the Communist International";
    crate::support::annotate(&ann, DISSOLUTION, sentence, "#turn the break with Lenin", 1);
    crate::support::annotate(&ann, DISSOLUTION, phrase, "", 2);
    let csv = tmp.path().join("readwise.csv");
    let args = ["export", "--format", "csv", "-o", csv.to_str().unwrap()];
    let out = run_gloss(&ann, &args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    {
        let mut store = Store::open(&ben).unwrap();
        library::register_bundled(&mut store, 0).unwrap();
    }
    let said = import(&ben, &[&csv]);
    assert!(
        said.contains("Readwise CSV: 2 imported into 1 text, 1 to check, 0 orphaned\n"),
        "{said}"
    );
    let mut here = landed(&ben, DISSOLUTION);
    here.sort();
    assert_eq!(
        here,
        [
            (
                sentence.to_string(),
                "#turn the break with Lenin".to_string(),
                false,
                false
            ),
            (phrase.to_string(), String::new(), true, false),
        ]
    );
    let again = import(&ben, &[&csv]);
    assert!(
        again.contains("0 imported into 0 texts, 0 to check, 0 orphaned, 2 unchanged"),
        "{again}"
    );
}

/// In the reader, `I` takes another tool's file as it takes a member's: a KOReader sidecar of
/// the book open puts its highlights on the page at once.
#[test]
fn the_reader_imports_a_koreader_sidecar_with_i() {
    let t = crate::support::Pane::new(100, 30);
    let book = fixture("koreader/the_prophet.epub");
    t.gloss(&[book.to_str().unwrap()]);
    t.wait_for("The Prophet");
    t.keys(&["I"]);
    t.wait_for("Import a file, or sync a folder:");
    let sidecar = fixture("koreader/the_prophet.metadata.epub.lua");
    t.keys(&["-l", sidecar.to_str().unwrap()]);
    t.keys(&["Enter"]);
    t.wait_for("KOReader: 4 imported into 1 text, 0 to check, 0 orphaned");
    t.keys(&["q"]);
    t.assert_terminal_restored();
    assert_eq!(landed(&t.db(), "The Prophet").len(), 3);
}

/// The library says what waits for a text not in it.
#[test]
fn the_library_lists_what_waits_for_a_text() {
    let t = crate::support::Pane::new(100, 30);
    import(&t.db(), &[&fixture("kindle/zh-de-derjoker.txt")]);
    t.gloss(&[]);
    let screen = t.wait_for("9 notes waiting for Kindle4RSS - Jun 04");
    assert!(screen.contains("Kindle4RSS - Jun 07"), "{screen}");
    t.keys(&["q"]);
    t.assert_terminal_restored();
}
