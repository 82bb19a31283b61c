//! The library's commands: `gloss list`, what `gloss add` says, `gloss search`, `gloss purge`.

use std::io::{IsTerminal, Write};

use anyhow::Result;
use serde::Serialize;

use super::{clean, format_date, table};
use crate::document::LibraryEntry;
use crate::library;
use crate::search::{MARK_END, MARK_START};
use crate::store::Store;

#[derive(Serialize)]
struct ListedDocument<'a> {
    id: i64,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    content_hash: &'a str,
    path: Option<String>,
    bundled: Option<&'a str>,
    chars: u64,
    words: u64,
    position: u64,
    progress: f64,
    last_read_at: Option<i64>,
}

pub fn list(out: &mut impl Write, entries: &[LibraryEntry], json: bool) -> Result<()> {
    if json {
        let listed: Vec<ListedDocument> = entries
            .iter()
            .map(|e| ListedDocument {
                id: e.id.0,
                title: &e.title,
                author: e.author.as_deref(),
                url: e.url.as_deref(),
                content_hash: &e.hash,
                path: e.path.as_ref().map(|p| p.display().to_string()),
                bundled: e.bundled.as_deref(),
                chars: e.chars,
                words: e.words,
                position: e.position,
                progress: (e.progress() * 1000.0).round() / 1000.0,
                last_read_at: e.last_read_at,
            })
            .collect();
        // Serialized first, so that a closed pipe is an io::Error, which `main` treats as success.
        writeln!(out, "{}", serde_json::to_string_pretty(&listed)?)?;
        return Ok(());
    }
    let rows: Vec<[String; 5]> = entries
        .iter()
        .map(|e| {
            [
                clean(&e.label()),
                e.words.to_string(),
                format!("{:.0}%", (e.progress() * 100.0).floor()),
                e.last_read_at
                    .map_or_else(|| "never".to_string(), format_date),
                match (&e.bundled, &e.path) {
                    (_, Some(path)) => clean(&path.display().to_string()),
                    (Some(name), None) => format!("bundled: {}", clean(name)),
                    (None, None) => String::new(),
                },
            ]
        })
        .collect();
    let header = ["TITLE", "WORDS", "READ", "LAST READ", "SOURCE"];
    let right = [false, true, true, false, false];
    write!(out, "{}", table(header, &rows, right, "  "))?;
    Ok(())
}

/// What `gloss add` says: the text added, or what followed it to its new edition.
pub fn added(out: &mut impl Write, opened: &library::Opened) -> Result<()> {
    let entry = &opened.entry;
    writeln!(
        out,
        "added \u{201c}{}\u{201d} ({} words){}",
        clean(&entry.label()),
        entry.words,
        entry
            .url
            .as_deref()
            .map(|u| format!(" from {}", clean(u)))
            .unwrap_or_default()
    )?;
    if let Some(c) = opened.changed {
        writeln!(
            out,
            "a new edition: {} annotations carried over exactly, {} approximately, {} orphaned",
            c.exact, c.approximate, c.orphaned
        )?;
    }
    if let Some(placed) = &opened.waited {
        writeln!(out, "notes waiting for this text: {placed}")?;
    }
    for warning in &opened.doc.warnings {
        writeln!(out, "warning: {}", clean(warning))?;
    }
    Ok(())
}

/// `gloss purge`: forgets deleted annotations and bookmarks for good.
/// `gloss remove DOC`: takes a text out of the library, keeping (or, with `purge`, deleting)
/// its annotations and cards.
pub fn remove(
    out: &mut impl Write,
    store: &mut Store,
    entry: &LibraryEntry,
    purge: bool,
    now: i64,
) -> Result<()> {
    let (notes, cards) = store.remove_document(entry.id, purge, now)?;
    let title = clean(&entry.title);
    writeln!(out, "{}", library::removed(&title, notes, cards, purge))?;
    Ok(())
}

pub fn purge(out: &mut impl Write, store: &mut Store) -> Result<()> {
    let purged = store.purge_deleted()?;
    writeln!(out, "purged {purged} deleted annotations and bookmarks")?;
    Ok(())
}

#[derive(Serialize)]
struct SearchHit {
    document: String,
    /// Where the passage starts in the text, in characters.
    start: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    section: Option<String>,
    /// The matched words are between `[` and `]`.
    snippet: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    quote: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<String>,
    /// For the text output: title, section, place.
    #[serde(skip)]
    head: String,
}

/// A snippet for printing: matched words between `[` and `]`, on one line.
fn snippet(text: &str) -> String {
    let text = text.replace(MARK_START, "[").replace(MARK_END, "]");
    clean(&text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// `gloss search`: passages of the library (or notes) matching `query`.
pub fn search(
    out: &mut impl Write,
    store: &mut Store,
    query: &str,
    notes: bool,
    limit: usize,
    json: bool,
    now: i64,
) -> Result<()> {
    let hits: Vec<SearchHit> = if notes {
        store
            .search_notes(query, limit)?
            .into_iter()
            .map(|h| {
                let by = h
                    .author
                    .as_deref()
                    .map_or(String::new(), |a| format!(" · by {a}"));
                SearchHit {
                    head: format!("{} · note{by}", h.title),
                    document: h.title,
                    start: h.start_char,
                    section: None,
                    snippet: snippet(&h.snippet),
                    quote: Some(h.quote),
                    author: h.author,
                }
            })
            .collect()
    } else {
        // A long text takes a second or so: say what is being done meanwhile, and how far.
        let shown = std::io::stderr().is_terminal() && !json;
        let mut said = None;
        let indexed = library::index_for_search(store, None, now, |entry, done, total| {
            let percent = done * 100 / total.max(1);
            if shown && said != Some((entry.id, percent)) {
                said = Some((entry.id, percent));
                eprint!(
                    "\rindexing {} for search: {percent}%…\x1b[K",
                    clean(&entry.title)
                );
            }
        })?;
        if shown && indexed > 0 {
            eprint!("\r\x1b[K");
        }
        if indexed > 0 && !json {
            eprintln!("indexed {indexed} texts for search");
        }
        library::search_texts(store, query, limit)?
            .into_iter()
            .map(|h| {
                let percent = h.start_char * 100 / h.chars.max(1);
                let section = h
                    .section
                    .as_deref()
                    .map_or(String::new(), |s| format!(" · {s}"));
                SearchHit {
                    head: format!("{}{section} · {percent}%", h.title),
                    document: h.title,
                    start: h.start_char,
                    section: h.section,
                    snippet: snippet(&h.snippet),
                    quote: None,
                    author: None,
                }
            })
            .collect()
    };
    if json {
        serde_json::to_writer_pretty(&mut *out, &hits)?;
        writeln!(out)?;
        return Ok(());
    }
    if hits.is_empty() {
        writeln!(out, "nothing found for {:?}", clean(query))?;
    }
    for hit in &hits {
        writeln!(out, "{}", clean(&hit.head))?;
        if let Some(quote) = &hit.quote {
            writeln!(out, "  “{}”", snippet(quote))?;
        }
        writeln!(out, "  {}\n", hit.snippet)?;
    }
    Ok(())
}
