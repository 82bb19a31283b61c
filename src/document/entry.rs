//! A document as the library knows it: its id, what is kept about its content, and how the
//! library lists it (title, where it came from, how far it has been read).

use std::path::PathBuf;

use super::{Document, Format};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocumentId(pub i64);

/// What the store keeps about a document's content.
#[derive(Debug, Clone)]
pub struct DocumentMeta {
    pub hash: String,
    pub title: String,
    pub author: Option<String>,
    pub format: Format,
    pub chars: u64,
    pub words: u64,
}

impl From<&Document> for DocumentMeta {
    fn from(doc: &Document) -> DocumentMeta {
        DocumentMeta {
            hash: doc.hash.clone(),
            title: doc.title.clone(),
            author: doc.author.clone(),
            format: doc.format,
            chars: doc.chars as u64,
            words: doc.words(),
        }
    }
}

/// A document as the library lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LibraryEntry {
    pub id: DocumentId,
    pub hash: String,
    pub title: String,
    pub author: Option<String>,
    /// Where an article was fetched from.
    pub url: Option<String>,
    /// How the file is read (a page as its article or whole).
    pub format: Format,
    pub path: Option<PathBuf>,
    pub bundled: Option<String>,
    pub chars: u64,
    pub words: u64,
    /// Reading position, in characters.
    pub position: u64,
    pub last_read_at: Option<i64>,
    /// The page the position was saved from showed the text's end.
    pub at_end: bool,
    /// When it joined the library (unix seconds).
    pub added_at: i64,
}

impl LibraryEntry {
    /// The title, with the author when there is one: what lists show.
    pub fn label(&self) -> String {
        match &self.author {
            Some(author) => format!("{} · {author}", self.title),
            None => self.title.clone(),
        }
    }

    /// Share of the document read so far, from 0 to 1.
    pub fn progress(&self) -> f64 {
        if self.at_end {
            1.0
        } else if self.chars == 0 {
            0.0
        } else {
            (self.position as f64 / self.chars as f64).min(1.0)
        }
    }
}
