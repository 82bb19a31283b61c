//! W3C Web Annotations written by any tool, and Hypothesis's API JSON: a single annotation, a
//! list, an `AnnotationCollection` with its pages inline, an `AnnotationPage`, or a Hypothesis
//! search answer (`rows`) or annotation. What is placed is the `TextQuoteSelector` (also inside
//! a `refinedBy`); a `TextPositionSelector` (or a `RangeSelector` of two) is the hint. The text
//! is known by `target.source`: an address, gloss's `urn:blake3:` content hash, or anything else
//! (a PDF's `urn:x-pdf:`), with the title Hypothesis or gloss write beside it.
//!
//! An annotation's creator other than the reader becomes another member, whose notes are theirs
//! (read-only); one with no creator is the reader's. Replies, page notes and annotations on
//! pictures or media have no passage here: they are counted as skipped.

use std::collections::HashMap;

use serde_json::Value;

use super::{Book, Found, Hint, ImportError, Kind, Read};
use crate::document::sanitize::clean_text;
use crate::share::exchange::limits;

/// How deep `refinedBy` and nested bodies are followed.
const MOST_NESTED: usize = 8;

/// Whether `text` is a W3C annotation or Hypothesis JSON (and not a gloss group export, which
/// the group's import reads).
pub fn detect(text: &str) -> bool {
    let head: String = text.chars().take(64 * 1024).collect();
    let json = matches!(head.trim_start().chars().next(), Some('{' | '['));
    json && !head.contains("\"gloss-annotations\"")
        && [
            "TextQuoteSelector",
            "\"Annotation\"",
            "AnnotationCollection",
            "AnnotationPage",
            "\"acct:",
            "anno.jsonld",
        ]
        .iter()
        .any(|mark| head.contains(mark))
}

pub fn read(text: &str) -> Result<Read, ImportError> {
    let value: Value =
        serde_json::from_str(text).map_err(|e| ImportError::Malformed(format!("not JSON: {e}")))?;
    let annotations = annotations_of(&value)?;
    let mut reader = Reader::default();
    for annotation in annotations {
        reader.add(annotation);
    }
    if reader.read.found.is_empty() {
        return Err(ImportError::Empty(format!(
            "no annotation with a text quote ({} skipped)",
            reader.read.skipped
        )));
    }
    reader.read.source = "W3C annotations";
    if reader.hypothesis {
        reader.read.source = "Hypothesis";
    }
    Ok(reader.read)
}

/// The annotations a document holds, whatever its shape.
fn annotations_of(value: &Value) -> Result<Vec<&Value>, ImportError> {
    fn items(v: &Value) -> Vec<&Value> {
        v.as_array().map(|a| a.iter().collect()).unwrap_or_default()
    }
    if let Some(list) = value.as_array() {
        return Ok(list.iter().collect());
    }
    if let Some(rows) = value.get("rows") {
        return Ok(items(rows));
    }
    match types(value).as_slice() {
        t if t.contains(&"AnnotationCollection") => {
            let mut out = Vec::new();
            let mut page = value.get("first");
            let mut pages = 0;
            while let Some(p) = page {
                if p.is_string() {
                    return Err(ImportError::Malformed(
                        "the collection's pages are not in the file (it links to them): \
                         save each page and import those"
                            .into(),
                    ));
                }
                out.extend(items(p.get("items").unwrap_or(&Value::Null)));
                pages += 1;
                page = p
                    .get("next")
                    .filter(|n| n.is_object() && pages < limits::ANNOTATIONS);
            }
            Ok(out)
        }
        t if t.contains(&"AnnotationPage") => Ok(items(value.get("items").unwrap_or(&Value::Null))),
        _ => Ok(vec![value]),
    }
}

/// `type` as a list (it may be one string or several).
fn types(value: &Value) -> Vec<&str> {
    match value.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// A value that may be one thing or a list of them, as a list.
fn each(value: Option<&Value>) -> Vec<&Value> {
    match value {
        Some(Value::Array(list)) => list.iter().collect(),
        Some(Value::Null) | None => Vec::new(),
        Some(one) => vec![one],
    }
}

#[derive(Default)]
struct Reader {
    read: Read,
    /// Each text's index in `read.books`, by its source.
    books: HashMap<String, usize>,
    hypothesis: bool,
}

/// The parts of a text quote selector, and the position selector's range.
#[derive(Default)]
struct Selected {
    exact: Option<String>,
    prefix: String,
    suffix: String,
    start: Option<usize>,
}

impl Reader {
    /// A string from the file, made safe (control characters out, counted).
    fn clean(&mut self, text: &str, most: usize) -> String {
        let (text, removed) = clean_text(text);
        self.read.cleaned += removed;
        text.chars().take(most).collect()
    }

    fn string(&mut self, value: Option<&Value>, most: usize) -> Option<String> {
        value.and_then(Value::as_str).map(|s| self.clean(s, most))
    }

    fn add(&mut self, a: &Value) {
        if self.read.found.len() >= limits::ANNOTATIONS {
            self.read.skipped += 1;
            return;
        }
        // Hypothesis's own JSON: `user`, `uri`, `text`, `tags`, `references` for a reply.
        let hypothesis = a.get("user").is_some() && a.get("uri").is_some();
        self.hypothesis |= hypothesis;
        if each(a.get("references")).iter().any(|r| r.is_string()) {
            self.read.skipped += 1;
            return;
        }
        let target = each(a.get("target"))
            .into_iter()
            .find(|t| t.get("selector").is_some())
            .or_else(|| each(a.get("target")).into_iter().next());
        let Some(target) = target else {
            self.read.skipped += 1;
            return;
        };
        let mut selected = Selected::default();
        for selector in each(target.get("selector")) {
            self.select(selector, &mut selected);
        }
        let motivation: Vec<&str> = each(a.get("motivation"))
            .into_iter()
            .filter_map(Value::as_str)
            .collect();
        let bookmark = motivation.contains(&"bookmarking");
        let (kind, quote) = match (selected.exact.take(), bookmark) {
            (Some(exact), _) if !exact.trim().is_empty() => (Kind::Highlight, exact),
            (_, true) if selected.start.is_some() => (Kind::Bookmark, String::new()),
            _ => {
                self.read.skipped += 1;
                return;
            }
        };
        let source = target
            .get("source")
            .or_else(|| target.get("id"))
            .or(if target.is_string() {
                Some(target)
            } else {
                None
            })
            .or_else(|| a.get("uri"))
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let title = title_of(a, target).map(|t| self.clean(&t, limits::TITLE_CHARS));
        let book = self.book_of(&source, title);
        let (mut note, mut tags) = (String::new(), Vec::new());
        if hypothesis {
            note = self
                .string(a.get("text"), limits::NOTE_CHARS)
                .unwrap_or_default();
            for tag in each(a.get("tags")) {
                if let Some(tag) = self.string(Some(tag), limits::TAG_CHARS) {
                    tags.push(tag);
                }
            }
        } else {
            self.bodies(a.get("body"), &mut note, &mut tags, 0);
            if let Some(value) = self.string(a.get("bodyValue"), limits::NOTE_CHARS) {
                note = value;
            }
        }
        let time = |key: &str| {
            a.get(key)
                .and_then(Value::as_str)
                .and_then(|t| t.parse::<jiff::Timestamp>().ok())
                .map(|t| t.as_second())
        };
        let created = time("created");
        let modified = time("modified").or_else(|| time("updated")).or(created);
        let author = self.author(a, hypothesis);
        let id = self
            .string(a.get("id"), limits::NAME_CHARS)
            .unwrap_or_else(|| {
                let key = format!("{quote}\u{0}{:?}", selected.start);
                format!("quote {}", blake3::hash(key.as_bytes()).to_hex())
            });
        let hint = selected
            .start
            .map_or(Hint::None, |start| Hint::Chars { start, of: None });
        self.read.found.push(Found {
            book,
            id,
            kind,
            quote,
            prefix: selected.prefix,
            suffix: selected.suffix,
            hint,
            note,
            tags,
            created,
            modified,
            author,
            ..Found::default()
        });
    }

    /// Reads one selector into `selected`, following `refinedBy` (a quote inside a fragment).
    fn select(&mut self, selector: &Value, selected: &mut Selected) {
        let mut next = Some(selector);
        let mut depth = 0;
        while let Some(s) = next.filter(|_| depth < MOST_NESTED) {
            match types(s).first().copied() {
                Some("TextQuoteSelector") => {
                    selected.exact = self.string(s.get("exact"), limits::QUOTE_CHARS);
                    selected.prefix = self
                        .string(s.get("prefix"), usize::MAX)
                        .map(|p| last_chars(&p, limits::CONTEXT_CHARS))
                        .unwrap_or_default();
                    selected.suffix = self
                        .string(s.get("suffix"), limits::CONTEXT_CHARS)
                        .unwrap_or_default();
                }
                Some("TextPositionSelector") => {
                    selected.start = position(s.get("start"));
                }
                Some("RangeSelector") => {
                    let start = s.get("startSelector");
                    if start.is_some_and(|s| types(s).contains(&"TextPositionSelector")) {
                        selected.start = position(start.and_then(|s| s.get("start")));
                    }
                }
                _ => {}
            }
            next = s.get("refinedBy");
            depth += 1;
        }
    }

    /// The note and tags of `body`: text bodies, tags by their purpose; a `Choice`'s first.
    fn bodies(
        &mut self,
        body: Option<&Value>,
        note: &mut String,
        tags: &mut Vec<String>,
        depth: usize,
    ) {
        if depth >= MOST_NESTED {
            return;
        }
        for b in each(body) {
            if types(b).contains(&"Choice") {
                self.bodies(each(b.get("items")).first().copied(), note, tags, depth + 1);
                continue;
            }
            let Some(value) = self.string(b.get("value").or(b.get("chars")), limits::NOTE_CHARS)
            else {
                continue;
            };
            let purposes: Vec<&str> = each(b.get("purpose"))
                .into_iter()
                .filter_map(Value::as_str)
                .collect();
            if purposes.contains(&"tagging") {
                tags.push(value.chars().take(limits::TAG_CHARS).collect());
            } else if !value.is_empty() {
                if !note.is_empty() {
                    note.push_str("\n\n");
                }
                note.push_str(&value);
            }
        }
    }

    /// Who wrote it: `None` for the reader (no creator named).
    fn author(&mut self, a: &Value, hypothesis: bool) -> Option<(String, String)> {
        if hypothesis {
            let user = self.string(a.get("user"), limits::NAME_CHARS)?;
            let display = a.get("user_info").and_then(|u| u.get("display_name"));
            let name = self
                .string(display, limits::NAME_CHARS)
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| account_name(&user));
            return Some((user, name));
        }
        let creator = each(a.get("creator")).into_iter().next()?;
        if let Some(id) = creator.as_str() {
            let id = self.clean(id, limits::NAME_CHARS);
            return Some((id.clone(), account_name(&id)));
        }
        let id = self.string(creator.get("id"), limits::NAME_CHARS);
        let name = self.string(
            creator.get("name").or(creator.get("nickname")),
            limits::NAME_CHARS,
        );
        match (id, name) {
            (Some(id), Some(name)) => Some((id, name)),
            (Some(id), None) => Some((id.clone(), account_name(&id))),
            (None, Some(name)) => Some((format!("name:{name}"), name)),
            (None, None) => None,
        }
    }

    /// The book `source` names (the same source, the same book).
    fn book_of(&mut self, source: &str, title: Option<String>) -> usize {
        if let Some(&i) = self.books.get(source) {
            return i;
        }
        let clean = self.clean(source, limits::TITLE_CHARS);
        let mut book = Book::default();
        if let Some(hash) = clean.strip_prefix("urn:blake3:") {
            book.hash = Some(hash.to_string());
        } else if !clean.is_empty() {
            book.url = Some(clean.clone());
        }
        book.title = title.unwrap_or_else(|| title_from_source(&clean));
        self.read.books.push(book);
        let i = self.read.books.len() - 1;
        self.books.insert(source.to_string(), i);
        i
    }
}

/// The title written beside the annotation: Hypothesis's `document.title` (a string or a list),
/// gloss's `gloss:title`.
fn title_of(a: &Value, target: &Value) -> Option<String> {
    let document = a.get("document").and_then(|d| d.get("title"));
    each(document)
        .into_iter()
        .find_map(Value::as_str)
        .or_else(|| target.get("gloss:title").and_then(Value::as_str))
        .map(str::to_string)
}

/// A title for a text known only by its address: the last part of its path.
fn title_from_source(source: &str) -> String {
    source
        .trim_end_matches('/')
        .rsplit(['/', ':'])
        .find(|part| !part.is_empty())
        .unwrap_or(source)
        .to_string()
}

/// `acct:name@hypothes.is` -> `name`; any other id as it is.
fn account_name(id: &str) -> String {
    id.strip_prefix("acct:")
        .and_then(|rest| rest.split('@').next())
        .unwrap_or(id)
        .to_string()
}

fn position(value: Option<&Value>) -> Option<usize> {
    value
        .and_then(Value::as_u64)
        .and_then(|n| usize::try_from(n).ok())
        .filter(|&n| n < limits::POSITION)
}

fn last_chars(s: &str, n: usize) -> String {
    let count = s.chars().count();
    s.chars().skip(count.saturating_sub(n)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> String {
        let path = format!("{}/tests/fixtures/w3c/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(path).unwrap()
    }

    /// Every example of the W3C model in one collection: the two with a text quote are read
    /// (one inside a fragment's `refinedBy`), the 39 others skipped and counted.
    #[test]
    fn the_specification_s_examples_give_their_text_quotes() {
        let text = fixture("spec-collection.json");
        assert!(detect(&text));
        let read = read(&text).unwrap();
        assert_eq!(read.skipped, 39);
        let quotes: Vec<&str> = read.found.iter().map(|f| f.quote.as_str()).collect();
        assert_eq!(quotes, ["anotation", "Selected Text"]);
        let first = &read.found[0];
        assert_eq!(
            (first.prefix.as_str(), first.suffix.as_str()),
            ("this is an ", " that has some")
        );
        assert_eq!(
            read.books[first.book].url.as_deref(),
            Some("http://example.org/page1")
        );
        assert_eq!(first.author, None, "no creator: the reader's own");
    }

    /// A Hypothesis annotation (2014, its API's JSON), alone and in a search answer with a
    /// reply, which is skipped.
    #[test]
    fn hypothesis_json_gives_quote_context_position_note_tags_and_member() {
        for (name, skipped) in [
            ("hypothesis-annotation.json", 0),
            ("hypothesis-search.json", 1),
        ] {
            let text = fixture(name);
            assert!(detect(&text), "{name}");
            let read = read(&text).unwrap();
            assert_eq!(read.source, "Hypothesis");
            assert_eq!(read.skipped, skipped, "{name}");
            let [found] = &read.found[..] else {
                panic!("{name}: {:?}", read.found)
            };
            assert_eq!(found.quote, "ENQUIRE");
            assert_eq!(found.prefix, "information Hypermedia CERNDOC");
            assert_eq!(found.suffix, "Tim Berners-Lee section group C");
            assert_eq!(
                found.hint,
                Hint::Chars {
                    start: 397,
                    of: None
                }
            );
            assert_eq!(
                found.note,
                "As featured in \"Weaving the Web\" by Tim Berners-Lee"
            );
            assert_eq!(found.tags, ["web", "history"]);
            assert_eq!(
                found.author,
                Some(("acct:BigBlueHat@hypothes.is".into(), "BigBlueHat".into()))
            );
            assert_eq!(found.created, Some(1_411_075_933));
            let book = &read.books[found.book];
            assert_eq!(book.title, "Berners-Lee-HTTP-proposal.pdf");
            assert!(
                book.url
                    .as_deref()
                    .unwrap()
                    .ends_with("/theory/Berners-Lee-HTTP-proposal.pdf")
            );
        }
    }

    #[test]
    fn a_group_export_and_other_json_are_not_taken_for_annotations() {
        assert!(!detect(
            r#"{"format": "gloss-annotations", "annotations": [{"type": "Annotation"}]}"#
        ));
        assert!(!detect(r#"{"name": "package", "version": "1.0"}"#));
        let err = read(r#"{"type": "AnnotationCollection", "first": "http://example.org/page1"}"#)
            .unwrap_err();
        assert!(err.to_string().contains("links to them"), "{err}");
        // Deep nesting is refused by the JSON reader, not followed.
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(read(&deep).is_err());
        // Control characters in a quote never reach the screen.
        let hostile = r#"{"type": "Annotation", "target": {"source": "http://a.example/x",
            "selector": {"type": "TextQuoteSelector", "exact": "a\u001b[2Jb"}}}"#;
        let read = read(hostile).unwrap();
        assert_eq!(read.found[0].quote, "ab", "the escape sequence whole");
        assert!(read.cleaned > 0);
    }
}
