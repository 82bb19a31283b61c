//! Searching the whole library (and one's notes) from the reader: `S` asks for a query, the
//! results come ranked in a panel, and Enter opens the text at the passage with the match lit.

use crate::library::TextHit;
use crate::search::NoteHit;

/// A result: a passage of a text, or a note.
#[derive(Debug, Clone, PartialEq)]
pub enum Hit {
    Passage(TextHit),
    Note(NoteHit),
}

#[derive(Debug)]
pub struct Results {
    pub query: String,
    pub hits: Vec<Hit>,
    pub selected: usize,
}

