//! The note editor's state: which annotation the note is for, the text being typed, and what
//! has been saved or drafted of it.

use std::ops::Range;
use std::time::{Duration, Instant};

use super::field::{EditKey, Field};
use crate::anchor::Anchor;
use crate::annotation::AnnotationId;

/// How often a note being typed is saved as a draft.
pub const DRAFT_INTERVAL: Duration = Duration::from_secs(2);

/// What the note is written on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoteTarget {
    Existing(AnnotationId),
    /// A new highlight, created when the note is saved.
    New {
        anchor: Anchor,
        range: Range<usize>,
        color: u8,
    },
}

pub struct NoteEditor {
    pub target: NoteTarget,
    pub text: Field,
    /// The note as last saved (what Esc would go back to).
    saved: String,
    /// The note as last written to the draft.
    drafted: String,
    last_draft: Instant,
    /// Esc was pressed with unsaved text: the editor asks whether to discard it.
    pub confirm_discard: bool,
}

impl NoteEditor {
    pub fn new(target: NoteTarget, saved: &str, text: &str) -> NoteEditor {
        // Notes can come from a database or an import: the field keeps no control character.
        let text = Field::new(text);
        NoteEditor {
            target,
            saved: saved.to_string(),
            drafted: text.text().to_string(),
            text,
            last_draft: Instant::now(),
            confirm_discard: false,
        }
    }

    pub fn input(&mut self, key: EditKey) {
        self.text.input(key);
    }

    pub fn contents(&self) -> String {
        self.text.text().to_string()
    }

    /// Typed text that is not saved.
    pub fn is_dirty(&self) -> bool {
        self.contents() != self.saved
    }

    /// The text to write as a draft now, if it changed and the interval has passed (or `now`
    /// is forced, when quitting).
    pub fn draft_due(&mut self, force: bool) -> Option<String> {
        let text = self.contents();
        if text == self.drafted || (!force && self.last_draft.elapsed() < DRAFT_INTERVAL) {
            return None;
        }
        self.drafted = text.clone();
        self.last_draft = Instant::now();
        Some(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::field::Key;

    fn typed(c: char) -> EditKey {
        EditKey::plain(Key::Char(c))
    }

    #[test]
    fn dirty_and_drafts() {
        let mut e = NoteEditor::new(NoteTarget::Existing(AnnotationId(1)), "old", "old");
        assert!(!e.is_dirty());
        assert_eq!(e.draft_due(true), None, "nothing new to draft");
        e.input(typed('!'));
        assert!(e.is_dirty());
        assert_eq!(e.contents(), "old!");
        assert_eq!(e.draft_due(false), None, "too soon");
        assert_eq!(e.draft_due(true).as_deref(), Some("old!"));
        assert_eq!(e.draft_due(true), None);
    }

    #[test]
    fn control_characters_never_reach_the_editor() {
        let e = NoteEditor::new(
            NoteTarget::Existing(AnnotationId(1)),
            "",
            "a\x1b[31mb\nc\x07",
        );
        assert_eq!(e.contents(), "a[31mb\nc");
    }
}
