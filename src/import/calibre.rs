//! Calibre's annotations export (`*.calibre_annotation_collection`, JSON): what its E-book
//! viewer keeps, exported from the viewer's Highlights panel or the library's annotations
//! browser. A highlight has its `highlighted_text`, `notes`, `style` and `uuid`, and where it
//! is as an EPUB CFI within one file of the book (`spine_index`) and the titles of the contents
//! entries around it (`toc_family_titles`); a bookmark has a `title` (by default the chapter's,
//! numbered: `About #1`). Deleted annotations stay in the list, marked `removed`.
//!
//! The export names no book: the library browser's adds Calibre's `book_id`, the viewer's
//! nothing. A book is known here by its quotes; its highlights are looked for from the start of
//! their chapter (a CFI counts elements of Calibre's conversion, not characters of gloss's).

use std::collections::HashMap;

use serde_json::Value;

use super::{Book, Found, Hint, ImportError, Kind, Read, json_text as text};
use crate::share::exchange::limits;

/// The `type` of Calibre's export.
const COLLECTION: &str = "calibre_annotation_collection";

/// Whether `text` is Calibre's export.
pub fn detect(text: &str) -> bool {
    let head: String = text.chars().take(4 * 1024).collect();
    head.contains(COLLECTION)
}

pub fn read(text: &str) -> Result<Read, ImportError> {
    let value: Value = serde_json::from_str(text.trim_start_matches('\u{feff}'))
        .map_err(|e| ImportError::Malformed(format!("not JSON: {e}")))?;
    let list = match (value.get("type").and_then(Value::as_str), &value) {
        (Some(COLLECTION), _) => value.get("annotations").and_then(Value::as_array),
        (_, Value::Array(list)) => Some(list),
        _ => None,
    }
    .ok_or_else(|| ImportError::Malformed(format!("not a {COLLECTION}: no list of annotations")))?;
    let mut read = Read {
        source: "Calibre",
        ..Read::default()
    };
    let mut books: HashMap<Option<u64>, usize> = HashMap::new();
    for a in list {
        if a.get("removed").and_then(Value::as_bool) == Some(true) {
            continue;
        }
        if read.found.len() >= limits::ANNOTATIONS {
            read.skipped += 1;
            continue;
        }
        let found = match a.get("type").and_then(Value::as_str) {
            Some("highlight") => highlight(a),
            Some("bookmark") => bookmark(a),
            _ => None,
        };
        let Some(mut found) = found else {
            read.skipped += 1;
            continue;
        };
        let book_id = a.get("book_id").and_then(Value::as_u64);
        found.book = *books.entry(book_id).or_insert_with(|| {
            read.books.push(Book {
                title: match book_id {
                    Some(id) => format!("book {id} of a Calibre library"),
                    None => "a book read in Calibre".to_string(),
                },
                ..Book::default()
            });
            read.books.len() - 1
        });
        read.found.push(found);
    }
    if read.found.is_empty() {
        return Err(ImportError::Empty(format!(
            "no highlight or bookmark in the {COLLECTION} ({} skipped)",
            read.skipped
        )));
    }
    Ok(read)
}

fn highlight(a: &Value) -> Option<Found> {
    let quote: String = text(a, "highlighted_text")
        .chars()
        .take(limits::QUOTE_CHARS)
        .collect();
    if quote.trim().is_empty() {
        return None;
    }
    let when = time(a);
    // Its own contents entry: the last of the family (the first is the top level).
    let chapter = a
        .get("toc_family_titles")
        .and_then(Value::as_array)
        .and_then(|titles| titles.last())
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let uuid = text(a, "uuid");
    Some(Found {
        id: if uuid.is_empty() {
            format!("{} {} {quote}", text(a, "start_cfi"), text(a, "end_cfi"))
        } else {
            uuid
        },
        kind: Kind::Highlight,
        quote,
        note: text(a, "notes").chars().take(limits::NOTE_CHARS).collect(),
        color: a.get("style").map_or(0, colour),
        chapter,
        hint: Hint::None,
        created: when,
        modified: when,
        ..Found::default()
    })
}

/// A bookmark, kept at the start of the chapter its title names (`About #1`: in *About*).
fn bookmark(a: &Value) -> Option<Found> {
    let title = text(a, "title");
    let chapter = match title.rsplit_once(" #") {
        Some((chapter, n)) if n.chars().all(|c| c.is_ascii_digit()) => chapter.to_string(),
        _ => title.clone(),
    };
    let when = time(a);
    Some(Found {
        id: format!("bookmark {} {title}", text(a, "pos")),
        kind: Kind::Bookmark,
        note: title,
        chapter,
        created: when,
        modified: when,
        ..Found::default()
    })
}

/// Calibre's highlight styles as gloss's colours (yellow, green, blue, pink, orange).
fn colour(style: &Value) -> u8 {
    match style.get("which").and_then(Value::as_str).unwrap_or("") {
        "green" => 2,
        "blue" => 3,
        "red" | "purple" => 4,
        _ => 1,
    }
}

/// `2024-03-11T11:53:55.583Z`, or `…+00:00` for a bookmark.
fn time(a: &Value) -> Option<i64> {
    a.get("timestamp")
        .and_then(Value::as_str)?
        .parse::<jiff::Timestamp>()
        .ok()
        .map(|t| t.as_second())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture() -> String {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/calibre/alice.calibre_annotation_collection"
        );
        String::from_utf8(std::fs::read(path).unwrap()).unwrap()
    }

    #[test]
    fn calibre_viewer_highlights_notes_and_bookmarks_are_read() {
        let text = fixture();
        assert!(detect(&text));
        let read = read(&text).unwrap();
        let got: Vec<(Kind, &str, &str, &str)> = read
            .found
            .iter()
            .map(|f| {
                (
                    f.kind,
                    f.quote.as_str(),
                    f.note.as_str(),
                    f.chapter.as_str(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (Kind::Bookmark, "", "About #1", "About"),
                (
                    Kind::Highlight,
                    "Charles Lutwidge Dodgson",
                    "Full author name",
                    "About"
                ),
                (
                    Kind::Highlight,
                    "Alice",
                    "Protagonist",
                    "Chapter 1 - Down the Rabbit Hole"
                ),
                (Kind::Highlight, "Lewis Carroll", "", "About"),
                (Kind::Highlight, "About Carroll", "About note", "About"),
            ]
        );
        assert_eq!(read.books.len(), 1, "{:?}", read.books);
        assert_eq!(read.found[1].created, Some(1_710_158_035));
        assert_eq!(read.found[1].id, "5HHGuoCOtpA-umaIbBuc0Q");
    }

    #[test]
    fn removed_highlights_are_left_out_and_a_bare_list_is_read() {
        let list = r#"[
            {"type": "highlight", "uuid": "a", "highlighted_text": "kept", "style": {"which": "green"}},
            {"type": "highlight", "uuid": "b", "highlighted_text": "gone", "removed": true},
            {"type": "picture"}
        ]"#;
        let read = read(list).unwrap();
        assert_eq!(read.found.len(), 1);
        assert_eq!(read.found[0].color, 2);
        assert_eq!(read.skipped, 1);
        assert!(matches!(
            super::read(r#"{"type": "calibre_annotation_collection"}"#),
            Err(ImportError::Malformed(_))
        ));
    }
}
