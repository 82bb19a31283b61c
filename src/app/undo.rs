//! Undo and redo of what the reader changed on the open text: annotations, notes, colours,
//! bookmarks and cards, in one history. A change is recorded once it is saved; undoing it
//! saves its reverse, redoing saves it again, each as its own transaction. A new change
//! forgets what was undone.

use super::Open;
use crate::annotation::{AnnotationId, BookmarkId, ReplyId};
use crate::srs::card::CardId;

/// Most changes remembered for undo.
const UNDO_LIMIT: usize = 200;

/// A change made on the open text, with what it replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Created(AnnotationId),
    Deleted(AnnotationId),
    Note {
        id: AnnotationId,
        before: String,
        after: String,
    },
    Color {
        id: AnnotationId,
        before: u8,
        after: u8,
    },
    BookmarkAdded(BookmarkId),
    BookmarkDeleted(BookmarkId),
    CardsMade(Vec<CardId>),
    CardDeleted(CardId),
    ReplyAdded(ReplyId),
    ReplyDeleted(ReplyId),
    ReplyText {
        id: ReplyId,
        before: String,
        after: String,
    },
}

/// The changes that can be undone (latest last) and those undone that can be made again.
#[derive(Debug, Default)]
pub struct History {
    pub(in crate::app) done: Vec<Change>,
    pub(in crate::app) undone: Vec<Change>,
}

impl History {
    pub fn record(&mut self, change: Change) {
        if self.done.len() == UNDO_LIMIT {
            self.done.remove(0);
        }
        self.done.push(change);
        self.undone.clear();
    }
}

impl Open {
    /// Records a saved change for undo.
    pub(super) fn remember(&mut self, change: Change) {
        self.history.record(change);
    }
}
