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
            ("c027.md", "C027 PDF Prière de guérir", &french),
        ] {
            let path = stand_in(tmp.path(), name, title, passages);
            library::open_file(&mut store, &path, 0).unwrap();
        }
    }

    let out = run_gloss(
        &db,
        &["import".as_ref(), english.as_os_str(), mixed.as_os_str()],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = stdout(&out);
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
    for (title, passages) in [("Make It Stick", &stick), ("C027", &french)] {
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
    let again = run_gloss(
        &db,
        &["import".as_ref(), english.as_os_str(), mixed.as_os_str()],
    );
    let said = stdout(&again);
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
