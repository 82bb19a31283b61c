//! What a library-wide search finds: passages of texts and notes, as the index answers them.

use crate::annotation::AnnotationId;
use crate::document::DocumentId;

/// A passage of the library that matches a query: its text, and its number among the text's
/// passages (as [`Store::index_passages`] was given them).
#[derive(Debug, Clone, PartialEq)]
pub struct PassageHit {
    pub document: DocumentId,
    pub passage: usize,
    pub title: String,
    /// The text's length, in characters.
    pub chars: u64,
}

/// A note (or the quote it is on) that matches a query.
#[derive(Debug, Clone, PartialEq)]
pub struct NoteHit {
    pub annotation: AnnotationId,
    pub document: DocumentId,
    pub title: String,
    pub start_char: u64,
    pub quote: String,
    pub snippet: String,
    /// Another member's name; `None` for the reader's own.
    pub author: Option<String>,
}
