//! Readwise's CSV: the columns of its import (Highlight, Title, Author, URL, Note, Location,
//! Date: what gloss writes) and of its export (Book Title, Book Author, Tags, Location Type,
//! Highlighted at, …), known by their names in the header. Tags are the `Tags` column and
//! the `.tag`s a note begins with, as Readwise writes them.

use std::collections::HashMap;

use super::{Book, Found, Hint, ImportError, Kind, Read};
use crate::share::exchange::limits;

/// The header's names for each field, in either of Readwise's forms (lowercase).
const COLUMNS: &[(&str, &[&str])] = &[
    ("quote", &["highlight"]),
    ("title", &["title", "book title"]),
    ("authors", &["author", "book author"]),
    ("url", &["url"]),
    ("note", &["note"]),
    ("tags", &["tags"]),
    ("location", &["location"]),
    ("location type", &["location type"]),
    ("date", &["date", "highlighted at"]),
];

/// Whether `text` is such a CSV: its header names a highlight and a title.
pub fn detect(text: &str) -> bool {
    let header = text
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap_or("");
    let names: Vec<String> = header
        .split(',')
        .map(|n| n.trim().trim_matches('"').to_lowercase())
        .collect();
    names.iter().any(|n| n == "highlight")
        && names.iter().any(|n| n == "title" || n == "book title")
}

pub fn read(text: &str) -> Result<Read, ImportError> {
    let mut csv = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header: Vec<String> = csv
        .headers()
        .map_err(|e| ImportError::Malformed(format!("CSV: {e}")))?
        .iter()
        .map(|n| n.trim().to_lowercase())
        .collect();
    let column: HashMap<&str, usize> = COLUMNS
        .iter()
        .filter_map(|(field, names)| {
            header
                .iter()
                .position(|h| names.contains(&h.as_str()))
                .map(|i| (*field, i))
        })
        .collect();
    let mut read = Read {
        source: "Readwise CSV",
        ..Read::default()
    };
    let mut books: HashMap<(String, String), usize> = HashMap::new();
    for record in csv.records() {
        let record = record.map_err(|e| ImportError::Malformed(format!("CSV: {e}")))?;
        if read.found.len() >= limits::ANNOTATIONS {
            read.skipped += 1;
            continue;
        }
        let get = |field: &str| -> String {
            column
                .get(field)
                .and_then(|&i| record.get(i))
                .unwrap_or("")
                .trim()
                .to_string()
        };
        let quote = get("quote");
        if quote.is_empty() {
            read.skipped += 1;
            continue;
        }
        let (title, authors) = (get("title"), get("authors"));
        let book = *books
            .entry((title.clone(), authors.clone()))
            .or_insert_with(|| {
                let url = get("url");
                read.books.push(Book {
                    title,
                    authors,
                    url: (!url.is_empty()).then_some(url),
                    ..Book::default()
                });
                read.books.len() - 1
            });
        let (tags, note) = split_tags(&get("note"));
        let mut tags: Vec<String> = tags;
        tags.extend(
            get("tags")
                .split(',')
                .map(|t| t.trim().trim_start_matches('.').to_string())
                .filter(|t| !t.is_empty()),
        );
        let location: Option<u32> = get("location").parse().ok();
        let hint = match (location, get("location type").as_str()) {
            (Some(first), "location") => Hint::Kindle {
                first,
                last: first,
                page: None,
            },
            (Some(page), "page" | "") => Hint::Page(page),
            _ => Hint::None,
        };
        let created = when(&get("date"));
        let id = format!(
            "{} {}",
            blake3::hash(quote.as_bytes()).to_hex(),
            get("location")
        );
        read.found.push(Found {
            book,
            id,
            kind: Kind::Highlight,
            quote: quote.chars().take(limits::QUOTE_CHARS).collect(),
            note: note.chars().take(limits::NOTE_CHARS).collect(),
            tags,
            hint,
            created,
            modified: created,
            ..Found::default()
        });
    }
    if read.found.is_empty() {
        return Err(ImportError::Empty("no highlight in the CSV".into()));
    }
    Ok(read)
}

/// A note's leading `.tag`s (Readwise's inline tags), and the rest of it.
fn split_tags(note: &str) -> (Vec<String>, String) {
    let mut tags = Vec::new();
    let mut rest = note.trim_start();
    while let Some(after) = rest.strip_prefix('.') {
        let end = after.find(char::is_whitespace).unwrap_or(after.len());
        let tag = &after[..end];
        if tag.is_empty()
            || !tag
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        {
            break;
        }
        tags.push(tag.to_string());
        rest = after[end..].trim_start();
    }
    (tags, rest.to_string())
}

/// `2024-05-01 10:00:00+00:00`, `2024-05-14T09:12:00Z`, or gloss's local `2024-05-01 10:00:00`
/// (read as UTC).
fn when(text: &str) -> Option<i64> {
    if text.is_empty() {
        return None;
    }
    let iso = text.replacen(' ', "T", 1);
    if let Ok(t) = iso.parse::<jiff::Timestamp>() {
        return Some(t.as_second());
    }
    let civil: jiff::civil::DateTime = iso.parse().ok()?;
    jiff::tz::TimeZone::UTC
        .to_timestamp(civil)
        .ok()
        .map(|t| t.as_second())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_header_forms_read_with_tags_notes_places_and_dates() {
        let export = "Highlight,Book Title,Book Author,Amazon Book ID,Note,Color,Tags,Location Type,Location,Highlighted at,Document tags\n\
            \"A sentence, with a comma, and \"\"quotes\"\"\",The Dispossessed,Ursula K. Le Guin,,.utopia My own thought,blue,\"fiction, #later\",location,1234,2024-05-14 09:12:00+00:00,\n\
            ,The Dispossessed,Ursula K. Le Guin,,a note with no passage,,,location,1400,,\n";
        assert!(detect(export));
        let read = read(export).unwrap();
        assert_eq!(read.skipped, 1);
        let [f] = &read.found[..] else { panic!() };
        assert_eq!(f.quote, "A sentence, with a comma, and \"quotes\"");
        assert_eq!(f.note, "My own thought");
        assert_eq!(f.tags, ["utopia", "fiction", "#later"]);
        assert!(matches!(f.hint, Hint::Kindle { first: 1234, .. }));
        assert_eq!(f.created, Some(1_715_677_920));
        assert_eq!(read.books[0].authors, "Ursula K. Le Guin");

        let gloss = "Highlight,Title,Author,URL,Note,Location,Date\nwords,An Essay,,,,12,2026-12-07 09:00:00\n";
        assert!(detect(gloss));
        let read = super::read(gloss).unwrap();
        assert!(matches!(read.found[0].hint, Hint::Page(12)));
        assert!(!detect("Title,Author\nA,B\n"));
    }
}
