//! What is new from the other members of a reading group, as the reader is told it: an
//! annotation or a reply an import added or changed (the store keeps which are new).

use super::{AnnotationId, Author, ReplyId};
use crate::document::DocumentId;

/// How far the news of a text are counted for the library: a first sync of a large group
/// brings half a million, and the library says "1000+ new".
pub const NEWS_COUNTED_UP_TO: usize = 1_000;

/// What a member did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deed {
    Added,
    Changed,
    Replied,
}

impl News {
    /// Where it is: `42%` of the text, or `not found in your copy`.
    pub fn place(&self, chars: u64) -> String {
        match self.orphaned {
            true => "not found in your copy".to_string(),
            false => format!("{}%", self.position * 100 / chars.max(1)),
        }
    }

    /// What the member did, in a word: `added` (a note), `highlighted` (without one),
    /// `changed`, `replied`.
    pub fn verb(&self) -> &'static str {
        match self.deed {
            Deed::Added if self.text.trim().is_empty() => "highlighted",
            Deed::Added => "added",
            Deed::Changed => "changed",
            Deed::Replied => "replied",
        }
    }
}

/// One thing new: an annotation or a reply, on its text and passage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct News {
    pub document: DocumentId,
    pub title: String,
    pub author: Author,
    pub deed: Deed,
    /// The annotation (or the one replied to), to open its passage.
    pub annotation: AnnotationId,
    /// The reply, for a reply.
    pub reply: Option<ReplyId>,
    /// Character offset of its passage.
    pub position: u64,
    /// Its passage was not found in the reader's copy of the text.
    pub orphaned: bool,
    pub quote: String,
    /// The note, or the reply.
    pub text: String,
    pub at: i64,
}
