//! Flashcards: what a card is, apart from where it is kept. A card is made from a passage
//! (its anchor) and carries its own schedule.

use super::Schedule;
use crate::anchor::Anchor;
use crate::document::DocumentId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CardId(pub i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardKind {
    /// A question and its answer, with the passage as context.
    Basic,
    /// A passage with blanks, one card per blank number.
    Cloze,
}

impl CardKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CardKind::Basic => "basic",
            CardKind::Cloze => "cloze",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    pub id: CardId,
    pub uuid: String,
    /// Shared by the cloze cards of one text.
    pub note_uuid: String,
    pub document: DocumentId,
    /// The source passage.
    pub anchor: Anchor,
    pub orphaned: bool,
    pub kind: CardKind,
    pub front: String,
    pub back: String,
    pub cloze: Option<u32>,
    pub tags: Vec<String>,
    pub suspended: bool,
    pub schedule: Schedule,
    pub created_at: i64,
    pub modified_at: i64,
    /// Anki's flags: 0 none, 1 red, 2 orange, 3 green, 4 blue.
    pub flag: u8,
}

/// The wording of a note: what the card editor produces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardText {
    pub kind: CardKind,
    pub front: String,
    pub back: String,
    pub tags: Vec<String>,
}

/// One logged answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReviewId(pub i64);

/// Card tags as kept: lowercase, without `#`, no spaces inside, sorted, each once, joined by
/// spaces.
pub fn tags_text(tags: &[String]) -> String {
    let mut tags: Vec<String> = tags
        .iter()
        .map(|t| t.trim_start_matches('#').to_lowercase())
        .filter(|t| !t.is_empty() && !t.contains(char::is_whitespace))
        .collect();
    tags.sort();
    tags.dedup();
    tags.join(" ")
}

/// An answer as the log keeps it, for exports.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LoggedAnswer {
    pub card: CardId,
    /// Unix seconds.
    pub at: i64,
    pub grade: super::Grade,
    /// Days the answer scheduled (0 while in steps), and the days before it.
    pub interval: u32,
    pub last_interval: u32,
    pub phase_before: super::Phase,
    /// The wait the answer gave, in seconds (a step's, or its days').
    pub wait: i64,
    pub seconds: Option<u32>,
}
