//! What readers write on a text, apart from storage and screens: annotations (highlights with
//! their notes), bookmarks, note drafts, where they go when a text changes, the `#tags` in a
//! note and the highlight colours; what is new from other members.

pub mod news;

use crate::anchor::Anchor;
use crate::document::DocumentId;
use crate::srs::card::CardId;

/// Highlight colours, chosen with keys 1 to 5.
pub const COLORS: [&str; 5] = ["yellow", "green", "blue", "pink", "orange"];

/// The tag that keeps a note out of every reading group's files (`#private` in the note).
pub const PRIVATE_TAG: &str = "private";

/// `note` made private (`#private` added at its end) or, when it is, shared again (every
/// `#private` taken out).
pub fn private_toggled(note: &str) -> String {
    if !tags(note).iter().any(|t| t == PRIVATE_TAG) {
        return match note.trim_end() {
            "" => format!("#{PRIVATE_TAG}"),
            text => format!("{text} #{PRIVATE_TAG}"),
        };
    }
    let kept: Vec<&str> = note
        .split(' ')
        .filter(|word| !word.eq_ignore_ascii_case(&format!("#{PRIVATE_TAG}")))
        .collect();
    kept.join(" ").trim_end().to_string()
}

/// The `#tags` of a note: lowercase, without the `#`, sorted, each once. A tag is a `#`
/// followed by letters, digits, `-` or `_`, at the start of a word (`C#` is no tag).
pub fn tags(note: &str) -> Vec<String> {
    let mut tags: Vec<String> = note
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')'))
        .filter_map(|word| word.strip_prefix('#'))
        .map(|tag| {
            tag.chars()
                .take_while(|c| c.is_alphanumeric() || matches!(c, '-' | '_'))
                .collect::<String>()
                .to_lowercase()
        })
        .filter(|tag| !tag.is_empty())
        .collect();
    tags.sort();
    tags.dedup();
    tags
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AnnotationId(pub i64);

/// A highlight, with the note written on it (possibly empty) and the note's tags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Annotation {
    pub id: AnnotationId,
    pub uuid: String,
    pub document: DocumentId,
    pub anchor: Anchor,
    /// 1 to 5, see [`crate::annotation::COLORS`].
    pub color: u8,
    pub note: String,
    pub tags: Vec<String>,
    pub orphaned: bool,
    /// Placed on weaker evidence when its text changed: "moved, please check" until the reader
    /// confirms it.
    pub unsure: bool,
    pub created_at: i64,
    pub modified_at: i64,
    /// Who wrote it; `None` for the local reader.
    pub author: Option<Author>,
    /// When it was deleted (kept for undo and for exporting the deletion).
    pub deleted_at: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ReplyId(pub i64);

/// A note answering an annotation (W3C motivation `replying`): the thread under a note in a
/// reading group. Any member may reply to anyone's annotation, orphans included; a reply is
/// edited or deleted only by its author.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub id: ReplyId,
    pub uuid: String,
    /// The uuid of the annotation answered (which may not have arrived yet).
    pub parent: String,
    pub body: String,
    /// Who wrote it; `None` for the local reader.
    pub author: Option<Author>,
    pub created_at: i64,
    pub modified_at: i64,
    pub deleted_at: Option<i64>,
}

/// A member of a reading group, as their exports name them.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Author {
    /// Stable and random: a uuid.
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BookmarkId(pub i64);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bookmark {
    pub id: BookmarkId,
    pub document: DocumentId,
    /// Character offset.
    pub position: u64,
    pub label: String,
    pub created_at: i64,
}

/// A note being typed: for `annotation`, or for a new one on `anchor`; or a reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub document: DocumentId,
    pub annotation: Option<AnnotationId>,
    /// A reply being typed: to an annotation (`annotation` is then the one answered), or an
    /// edit of a reply.
    pub reply: Option<DraftReply>,
    pub anchor: Anchor,
    pub color: u8,
    pub text: String,
    pub updated_at: i64,
}

/// What a reply being typed is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftReply {
    /// A new reply to the draft's annotation.
    New,
    Edit(ReplyId),
}

/// Where an annotation (or a card) went when its document's text changed.
#[derive(Debug, Clone)]
pub struct Moved<Id> {
    pub id: Id,
    /// The new anchor, or `None` when it could not be placed (it stays, orphaned).
    pub anchor: Option<Anchor>,
    /// Placed on weaker evidence: to be checked by the reader.
    pub unsure: bool,
}

/// An annotation with the title of its document, for library-wide lists.
#[derive(Debug, Clone)]
pub struct Listed {
    pub title: String,
    pub annotation: Annotation,
}

/// Everything written on a document whose text changed, with where it goes in the new text.
#[derive(Debug, Clone, Default)]
pub struct MovedText {
    pub annotations: Vec<Moved<AnnotationId>>,
    pub cards: Vec<Moved<CardId>>,
    pub bookmarks: Vec<(BookmarkId, u64)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_is_made_private_and_shared_again() {
        assert_eq!(private_toggled("Key point."), "Key point. #private");
        assert_eq!(private_toggled(""), "#private");
        assert_eq!(private_toggled("Key point. #private"), "Key point.");
        assert_eq!(private_toggled("#Private mine #x"), "mine #x");
        assert_eq!(private_toggled(&private_toggled("a\nb")), "a\nb");
    }

    #[test]
    fn tags_in_notes() {
        assert_eq!(
            tags("Key point #Stalinism, see also #comintern. #comintern again (#1943)"),
            ["1943", "comintern", "stalinism"]
        );
        assert!(tags("C# is not a tag, nor is # alone, nor a#b").is_empty());
        assert_eq!(tags("#permanent-revolution!"), ["permanent-revolution"]);
    }
}
