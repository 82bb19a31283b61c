//! Exports: the reader's own annotations as the group's JSON, or the annotations of texts
//! gathered for reading (Markdown, HTML, Readwise CSV), each passage with its section heading
//! and its page at a given page size, in reading order.

use std::collections::HashMap;
use std::sync::Arc;

use super::GroupError;
use crate::document::Document;
use crate::document::DocumentId;
use crate::layout::Pagination;
use crate::library;
use crate::share::notes::{self, Notebook, Passage, ThreadReply};
use crate::store::Store;

/// What an export is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// With Obsidian's `> [!quote]` callouts, or plain block quotes.
    Markdown {
        callouts: bool,
    },
    Html,
    ReadwiseCsv,
    /// The reading group's exchange file.
    Json,
}

/// The page every export numbers passages by, whatever the terminal: an 80×24 terminal's text
/// column and rows (the reader's geometry at that size says the same; a test holds them equal).
pub const STANDARD_PAGE: (u16, u16) = (76, 22);

/// An export of one text's annotations (or the whole library's). The JSON holds the reader's
/// own, deletions included, whatever `whose` says (the others' reach members from their
/// authors); the reading formats hold `whose`, with pages of `page` cells.
pub fn export(
    store: &mut Store,
    document: Option<DocumentId>,
    whose: Whose,
    format: Format,
    page: (u16, u16),
) -> Result<String, GroupError> {
    let read = |store: &mut Store| notebooks(store, document, whose, page).map(|(books, _)| books);
    Ok(match format {
        Format::Json => super::export_json(store, document)?,
        Format::Markdown { callouts } => notes::markdown(&read(store)?, callouts),
        Format::Html => notes::html(&read(store)?),
        Format::ReadwiseCsv => {
            let me = store.me()?.name;
            notes::readwise_csv(&read(store)?, &me)
        }
    })
}

/// Which annotations an export holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Whose {
    Mine,
    Everyone,
}

/// The texts an export read, by document.
type Texts = HashMap<DocumentId, Arc<Document>>;

/// One text whole with its highlights marked in place and their notes (Markdown or HTML; see
/// [`crate::share::annotated`]); `None` when the text cannot be read (its file gone).
pub fn annotated(
    store: &mut Store,
    document: DocumentId,
    whose: Whose,
    html: bool,
    page: (u16, u16),
) -> Result<Option<String>, GroupError> {
    let (books, texts) = notebooks(store, Some(document), whose, page)?;
    let doc = match texts.get(&document) {
        Some(doc) => doc.clone(),
        None => match store.entry(document)? {
            Some(entry) => match library::open_entry(store, &entry, crate::clock::now()) {
                Ok(opened) => Arc::new(opened.doc),
                Err(_) => return Ok(None),
            },
            None => return Ok(None),
        },
    };
    let book = books.into_iter().next().unwrap_or_else(|| Notebook {
        title: doc.title.clone(),
        passages: Vec::new(),
    });
    Ok(Some(match html {
        true => crate::share::annotated::html(&doc, &book),
        false => crate::share::annotated::markdown(&doc, &book),
    }))
}

/// The live annotations of one text (or of all), with the text's sections and pages of
/// `width` × `height` cells, and the texts read. A text whose file is gone still lists its
/// passages, without them.
fn notebooks(
    store: &mut Store,
    document: Option<DocumentId>,
    whose: Whose,
    (width, height): (u16, u16),
) -> Result<(Vec<Notebook>, Texts), GroupError> {
    let mine_only = whose == Whose::Mine;
    let mut all = store.annotations_with_texts(document, mine_only, false)?;
    let mut annotated: Vec<DocumentId> = all.iter().map(|w| w.annotation.document).collect();
    annotated.dedup();
    let mut texts: HashMap<DocumentId, Arc<Document>> = HashMap::new();
    let mut changed = false;
    for entry in store.library()? {
        if annotated.contains(&entry.id)
            && let Ok(opened) = library::open_entry(store, &entry, crate::clock::now())
        {
            changed |= opened.changed.is_some();
            texts.insert(opened.entry.id, Arc::new(opened.doc));
        }
    }
    // A file that changed carried its annotations over to its new text as it opened.
    if changed {
        all = store.annotations_with_texts(document, mine_only, false)?;
    }
    let me = store.me()?;
    let mut threads: HashMap<String, Vec<ThreadReply>> = HashMap::new();
    for r in store.replies(document)? {
        threads.entry(r.parent).or_default().push(ThreadReply {
            author: r.author.as_ref().map_or(&me.name, |x| &x.name).clone(),
            body: r.body,
            modified: r.modified_at,
        });
    }
    let mut books = Vec::new();
    for group in all.chunk_by(|a, b| a.annotation.document == b.annotation.document) {
        let text = texts.get(&group[0].annotation.document);
        let mut pages = text.map(|doc| Pagination::new(doc.clone(), width, height));
        let passages = group
            .iter()
            .map(|w| {
                let a = &w.annotation;
                let placed = text.filter(|_| !a.orphaned);
                let byte = placed.map(|doc| doc.byte_of(a.anchor.start));
                Passage {
                    quote: a.anchor.quote.clone(),
                    section: placed.zip(byte).and_then(|(doc, b)| heading(doc, b)),
                    page: placed.zip(byte).and_then(|(doc, b)| {
                        let end = doc.byte_of(a.anchor.end);
                        match doc.printed_pages(b..end) {
                            Some(printed) => Some(printed),
                            None => pages.as_mut().map(|p| p.page_of(b).to_string()),
                        }
                    }),
                    start: a.anchor.start,
                    end: a.anchor.end,
                    note: a.note.clone(),
                    tags: a.tags.clone(),
                    author: a.author.as_ref().map_or(&me.name, |x| &x.name).clone(),
                    color: a.color,
                    modified: a.modified_at,
                    orphaned: a.orphaned,
                    thread: threads.remove(&a.uuid).unwrap_or_default(),
                }
            })
            .collect();
        books.push(Notebook {
            title: group[0].title.clone(),
            passages,
        });
    }
    Ok((books, texts))
}

/// The text of the heading of the section holding byte `offset`.
fn heading(doc: &Document, offset: usize) -> Option<String> {
    let text = doc.section_title(offset)?.trim();
    (!text.is_empty()).then(|| text.to_string())
}
