//! Lists of cards: the open text's (`C` in the reader) and the library's, the card browser (`C`
//! in the library). Both are narrowed by a query typed in them (see [`crate::srs::browse`]);
//! a card can be edited, suspended or unsuspended, deleted (undoably) and its passage visited.

use std::collections::HashMap;

use crate::document::DocumentId;
use crate::srs::card::{Card, CardId};

/// A list of cards on screen.
pub struct CardList {
    /// The cards the query finds, in its order.
    pub cards: Vec<Card>,
    pub selected: usize,
    /// The text whose cards these are; `None` for the library's.
    pub text: Option<DocumentId>,
    pub query: String,
    /// Keys go to the query.
    pub typing: bool,
    /// Titles of the library's texts, by document.
    pub titles: HashMap<DocumentId, String>,
    /// Cards deleted from the library's list, latest last, for undo (a text's go to its
    /// history, with the rest of what was done to it).
    pub(in crate::app) deleted: Vec<CardId>,
}

impl CardList {
    pub fn title(&self, document: DocumentId) -> &str {
        self.titles.get(&document).map_or("", String::as_str)
    }
}

