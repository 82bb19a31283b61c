//! KOReader's highlights, notes and bookmarks, from a book's sidecar
//! (`book.sdr/metadata.epub.lua`), read as data by [`super::lua`]. Two generations:
//! - since 2024, one `annotations` list: a highlight has `pos0`/`pos1` (and perhaps a `note`),
//!   a bookmark has neither;
//! - before, a `highlight` table by page, and `bookmarks`, where a highlight's bookmark holds
//!   its note in `text` (unless that is KOReader's own `Page N … @ date` line).
//!
//!
//! And KOReader's JSON export (Export highlights → Json): one book (`title`, `author`,
//! `number_of_pages`, `entries`) or several (`documents`); an entry has the highlight's `text`,
//! `note`, `chapter`, `page`, `time`, `color` and, since 2026, `pn_xp` (its `pos0`).
//!
//! A highlight's id is where it starts in KOReader (`pos0`) and its text, the same in both
//! generations of sidecar and in the JSON export, so that importing a book's sidecar before and
//! after KOReader converted it, or its export too, changes nothing.

use serde_json::Value;

use super::{Book, Found, Hint, ImportError, Kind, Read, json_text as text, lua};

/// Whether `text` is a KOReader sidecar.
pub fn detect(text: &str) -> bool {
    let head: String = text.chars().take(64 * 1024).collect();
    head.contains("return {")
        && [
            "[\"annotations\"]",
            "[\"highlight\"]",
            "[\"bookmarks\"]",
            "[\"doc_props\"]",
            "[\"partial_md5_checksum\"]",
        ]
        .iter()
        .any(|key| head.contains(key))
}

pub fn read(text: &str) -> Result<Read, ImportError> {
    let sidecar =
        lua::parse(text).map_err(|e| ImportError::Malformed(format!("KOReader sidecar: {e}")))?;
    if !sidecar.is_object() {
        return Err(ImportError::Malformed(
            "KOReader sidecar: not a table".into(),
        ));
    }
    let props = sidecar.get("doc_props").or(sidecar.get("stats"));
    let field = |key: &str| {
        props
            .and_then(|p| p.get(key))
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let title = match field("title") {
        t if t.is_empty() => file_stem(
            sidecar
                .get("doc_path")
                .and_then(Value::as_str)
                .unwrap_or(""),
        ),
        t => t,
    };
    let book = Book {
        title,
        authors: field("authors").replace('\n', ", "),
        partial_md5: sidecar
            .get("partial_md5_checksum")
            .and_then(Value::as_str)
            .map(str::to_lowercase),
        ..Book::default()
    };
    let pages = sidecar
        .get("doc_pages")
        .or_else(|| sidecar.get("stats").and_then(|s| s.get("pages")))
        .and_then(Value::as_u64)
        .and_then(|n| u32::try_from(n).ok());
    let mut read = Read {
        source: "KOReader",
        books: vec![book],
        ..Read::default()
    };
    match sidecar.get("annotations") {
        Some(list) => {
            for a in entries(list) {
                read.found.push(annotation(a, pages));
            }
        }
        None => old_generation(&sidecar, pages, &mut read),
    }
    read.found
        .retain(|f| !(f.kind == Kind::Highlight && f.quote.trim().is_empty()));
    if read.found.is_empty() {
        return Err(ImportError::Empty(
            "no highlight, note or bookmark in the sidecar".into(),
        ));
    }
    Ok(read)
}

/// A table's values in the order of their numeric keys (`[1]`, `[2]`, …).
fn entries(table: &Value) -> Vec<&Value> {
    let Some(map) = table.as_object() else {
        return Vec::new();
    };
    let mut list: Vec<(u64, &Value)> = map
        .iter()
        .filter_map(|(k, v)| k.parse().ok().map(|n| (n, v)))
        .collect();
    list.sort_by_key(|(n, _)| *n);
    list.into_iter().map(|(_, v)| v).collect()
}

/// One entry of the newer `annotations` list.
fn annotation(a: &Value, pages: Option<u32>) -> Found {
    let pos0 = text(a, "pos0");
    let page = a
        .get("pageno")
        .and_then(Value::as_u64)
        .and_then(|n| u32::try_from(n).ok());
    let hint = place_hint(page, pages);
    let when = time(a, "datetime");
    let modified = time(a, "datetime_updated").or(when);
    if pos0.is_empty() {
        return bookmark(a, &text(a, "text"), hint, when);
    }
    Found {
        id: highlight_id(&pos0, &text(a, "text")),
        kind: Kind::Highlight,
        quote: text(a, "text"),
        note: text(a, "note"),
        color: colour(&text(a, "color")),
        hint,
        created: when,
        modified,
        ..Found::default()
    }
}

/// The older `highlight` table (by page) and `bookmarks`, which hold the highlights' notes.
fn old_generation(sidecar: &Value, pages: Option<u32>, read: &mut Read) {
    let bookmarks = sidecar.get("bookmarks").map(entries).unwrap_or_default();
    let mut by_page: Vec<(u32, &Value)> = sidecar
        .get("highlight")
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| k.parse().ok().map(|p| (p, v)))
                .collect()
        })
        .unwrap_or_default();
    by_page.sort_by_key(|(p, _)| *p);
    for (page, list) in by_page {
        for h in entries(list) {
            let pos0 = text(h, "pos0");
            let pos1 = text(h, "pos1");
            let quote = text(h, "text");
            let when = time(h, "datetime");
            // Its bookmark's text is the reader's note, unless KOReader wrote it.
            let note = bookmarks
                .iter()
                .find(|b| text(b, "pos0") == pos0 && text(b, "pos1") == pos1)
                .map(|b| text(b, "text"))
                .filter(|t| !generated(t, &quote))
                .unwrap_or_default();
            read.found.push(Found {
                id: highlight_id(&pos0, &quote),
                kind: Kind::Highlight,
                quote,
                note,
                color: colour(&text(h, "color")),
                hint: place_hint(Some(page), pages),
                created: when,
                modified: when,
                ..Found::default()
            });
        }
    }
    for b in bookmarks.iter().filter(|b| b.get("highlighted").is_none()) {
        let page = b.get("page");
        // A page number, or (in a reflowed book) the one in KOReader's line `Page 17 … @ …`.
        let number = page
            .and_then(Value::as_u64)
            .and_then(|n| u32::try_from(n).ok())
            .or_else(|| {
                let line = text(b, "text");
                let digits: String = line
                    .strip_prefix("Page ")?
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                digits.parse().ok()
            });
        let found = bookmark(
            b,
            &text(b, "notes"),
            place_hint(number, pages),
            time(b, "datetime"),
        );
        read.found.push(found);
    }
}

/// A highlight's id: where it starts in KOReader and its words.
fn highlight_id(pos0: &str, quote: &str) -> String {
    format!("{pos0} {}", quote.trim())
}

/// Whether `text` is KOReader's JSON export.
pub fn detect_json(text: &str) -> bool {
    let head: String = text.chars().take(64 * 1024).collect();
    head.trim_start().starts_with('{')
        && head.contains("\"entries\"")
        && (head.contains("\"json/") || head.contains("\"created_on\""))
}

pub fn read_json(file: &str) -> Result<Read, ImportError> {
    let export: Value =
        serde_json::from_str(file).map_err(|e| ImportError::Malformed(format!("not JSON: {e}")))?;
    let documents = match export.get("documents").and_then(Value::as_array) {
        Some(list) => list.iter().collect(),
        None => vec![&export],
    };
    let mut read = Read {
        source: "KOReader",
        ..Read::default()
    };
    for document in documents {
        let entries = document.get("entries").and_then(Value::as_array);
        let Some(entries) = entries.filter(|e| !e.is_empty()) else {
            continue;
        };
        read.books.push(Book {
            title: text(document, "title"),
            authors: text(document, "author").replace('\n', ", "),
            ..Book::default()
        });
        let book = read.books.len() - 1;
        let pages = document
            .get("number_of_pages")
            .and_then(Value::as_u64)
            .and_then(|n| u32::try_from(n).ok());
        for entry in entries {
            let quote = text(entry, "text");
            if text(entry, "sort") != "highlight" || quote.trim().is_empty() {
                read.skipped += 1;
                continue;
            }
            // A page number, or a printed page's label (`xii`, `12`) when the book has them.
            let page = entry.get("page").and_then(|p| match p {
                Value::Number(n) => n.as_u64().and_then(|n| u32::try_from(n).ok()),
                Value::String(s) => s.trim().parse().ok(),
                _ => None,
            });
            let pos0 = text(entry, "pn_xp");
            let when = entry.get("time").and_then(Value::as_i64);
            read.found.push(Found {
                book,
                id: match pos0.is_empty() {
                    false => highlight_id(&pos0, &quote),
                    true => format!("page {} {}", page.unwrap_or(0), quote.trim()),
                },
                kind: Kind::Highlight,
                note: text(entry, "note").trim().to_string(),
                chapter: text(entry, "chapter"),
                color: colour(&text(entry, "color")),
                hint: place_hint(page, pages),
                created: when,
                modified: when,
                quote,
                ..Found::default()
            });
        }
    }
    if read.found.is_empty() {
        return Err(ImportError::Empty(
            "no highlight in KOReader's export".into(),
        ));
    }
    Ok(read)
}

/// A page bookmark: kept at the start of its chapter (else its page) with KOReader's words for
/// it (`in On Marriage`).
fn bookmark(b: &Value, words: &str, hint: Hint, when: Option<i64>) -> Found {
    Found {
        id: format!("bookmark {} {words}", text(b, "page")),
        kind: Kind::Bookmark,
        note: words.to_string(),
        chapter: text(b, "chapter"),
        hint,
        created: when,
        modified: when,
        ..Found::default()
    }
}

/// Whether a bookmark's text is the line KOReader writes itself: `Page 265 <quote> @ <date>`.
fn generated(text: &str, quote: &str) -> bool {
    text.is_empty() || (text.starts_with("Page ") && text.contains(quote) && text.contains(" @ "))
}

/// A page of the book as KOReader laid it out, as a share of its pages.
fn place_hint(page: Option<u32>, pages: Option<u32>) -> Hint {
    match (page, pages) {
        (Some(page), Some(of)) if of > 0 => Hint::Share {
            part: page.saturating_sub(1),
            of,
        },
        (Some(page), None) => Hint::Page(page),
        _ => Hint::None,
    }
}

/// KOReader's highlight colours as gloss's (yellow, green, blue, pink, orange).
fn colour(name: &str) -> u8 {
    match name {
        "green" | "olive" | "cyan" => 2,
        "blue" => 3,
        "red" | "purple" => 4,
        "orange" => 5,
        _ => 1,
    }
}

/// `2023-12-20 20:59:31`, written in the device's time (read as UTC: the zone is not kept).
fn time(value: &Value, key: &str) -> Option<i64> {
    let text = value.get(key).and_then(Value::as_str)?;
    let civil: jiff::civil::DateTime = text.trim().replace(' ', "T").parse().ok()?;
    jiff::tz::TimeZone::UTC
        .to_timestamp(civil)
        .ok()
        .map(|t| t.as_second())
}

fn file_stem(path: &str) -> String {
    std::path::Path::new(path)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> String {
        let path = format!(
            "{}/tests/fixtures/koreader/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::read_to_string(path).unwrap()
    }

    fn highlights(read: &Read) -> Vec<(&str, &str)> {
        read.found
            .iter()
            .filter(|f| f.kind == Kind::Highlight)
            .map(|f| (f.quote.as_str(), f.note.as_str()))
            .collect()
    }

    /// Both generations of one book's sidecar give the same highlights, notes and ids.
    #[test]
    fn both_generations_of_a_sidecar_give_the_same_highlights() {
        let new = read(&fixture("the_prophet.metadata.epub.lua")).unwrap();
        let old = read(&fixture("the_prophet.metadata.epub.lua.old")).unwrap();
        assert_eq!(new.books[0].title, "The Prophet");
        assert_eq!(new.books[0].authors, "Khalil Gibran");
        assert_eq!(
            highlights(&new),
            [
                (
                    "And then shall I come to you, a boundless drop to a boundless ocean.",
                    ""
                ),
                (
                    "Love gives naught but itself and takes naught but from itself.\nLove possesses \
                     not nor would it be possessed;\nFor love is sufficient unto love.",
                    "Sample note"
                ),
                (
                    "You give but little when you give of your possessions.\nIt is when you give \
                     of yourself that you truly give.",
                    ""
                ),
            ]
        );
        assert_eq!(highlights(&old), highlights(&new));
        let ids = |r: &Read| -> Vec<String> {
            r.found
                .iter()
                .filter(|f| f.kind == Kind::Highlight)
                .map(|f| f.id.clone())
                .collect()
        };
        assert_eq!(ids(&old), ids(&new));
        let bookmarks = new
            .found
            .iter()
            .filter(|f| f.kind == Kind::Bookmark)
            .count();
        assert_eq!(bookmarks, 1, "the page bookmark in On Marriage");
    }

    /// The sidecar's `partial_md5_checksum` is KOReader's hash of the very file it was made
    /// on, as gloss computes it.
    #[test]
    fn a_sidecar_knows_its_book_file_by_koreaders_hash() {
        for (book, sidecar) in [
            ("pg42324.epub", "pg42324.metadata.epub.lua"),
            ("the_prophet.epub", "the_prophet.metadata.epub.lua"),
        ] {
            let read = read(&fixture(sidecar)).unwrap();
            let path = format!(
                "{}/tests/fixtures/koreader/{book}",
                env!("CARGO_MANIFEST_DIR")
            );
            let here = crate::files::partial_md5(std::path::Path::new(&path)).unwrap();
            assert_eq!(read.books[0].partial_md5.as_deref(), Some(here.as_str()));
        }
    }

    #[test]
    fn a_note_on_a_highlight_and_a_page_bookmark_are_kept() {
        let read = read(&fixture("pg42324.metadata.epub.lua")).unwrap();
        assert_eq!(read.books[0].title, "Frankenstein");
        let noted: Vec<_> = read
            .found
            .iter()
            .filter(|f| !f.note.is_empty() && f.kind == Kind::Highlight)
            .collect();
        assert_eq!(noted.len(), 1);
        assert!(noted[0].quote.starts_with("The sun might shine"));
        assert_eq!(noted[0].note, "Sample note without highlight");
        assert!(detect(&fixture("pg42324.metadata.epub.lua")));
        assert!(!detect("return { [\"x\"] = 1 }"));
    }

    /// The JSON export gives the ids the sidecar gives; an export from before KOReader wrote
    /// `pn_xp` (a printed page's label for `page`) is read by page and text.
    #[test]
    fn the_json_export_has_the_sidecars_ids() {
        let export = fixture("the_prophet-export.json");
        assert!(detect_json(&export) && !detect(&export));
        let json = read_json(&export).unwrap();
        let sidecar = read(&fixture("the_prophet.metadata.epub.lua")).unwrap();
        let ids = |r: &Read| -> Vec<String> {
            let mut ids: Vec<String> = r
                .found
                .iter()
                .filter(|f| f.kind == Kind::Highlight)
                .map(|f| f.id.clone())
                .collect();
            ids.sort();
            ids
        };
        assert_eq!(ids(&json), ids(&sidecar));
        assert_eq!(json.books[0].title, sidecar.books[0].title);
        assert_eq!(json.books[0].authors, sidecar.books[0].authors);
        let older = r#"{"version": "json/1.0.0", "created_on": 1, "title": "T", "author": "A\nB",
            "entries": [{"sort": "highlight", "page": "xii", "text": " words ", "time": 5},
                        {"sort": "highlight", "page": 3, "text": "more", "note": "n"}]}"#;
        let read = read_json(older).unwrap();
        assert_eq!(read.books[0].authors, "A, B");
        assert_eq!(read.found[0].id, "page 0 words");
        assert_eq!(read.found[1].hint, Hint::Page(3));
        assert_eq!(read.found[0].created, Some(5));
    }
}
