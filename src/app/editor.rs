//! The note editor's state: which annotation the note is for, the text being typed (a
//! ratatui-textarea buffer), and what has been saved or drafted of it.

use std::ops::Range;
use std::time::{Duration, Instant};

use ratatui_textarea::{Input, TextArea, WrapMode};

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
    pub text: TextArea<'static>,
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
        // Notes can come from a database or an import: no control character reaches the screen.
        let text: String = text
            .chars()
            .filter(|&c| matches!(c, '\n' | '\t') || !c.is_control())
            .collect();
        let mut area = TextArea::new(text.lines().map(str::to_string).collect());
        area.set_wrap_mode(WrapMode::WordOrGlyph);
        area.move_cursor(ratatui_textarea::CursorMove::Bottom);
        area.move_cursor(ratatui_textarea::CursorMove::End);
        NoteEditor {
            target,
            text: area,
            saved: saved.to_string(),
            drafted: text,
            last_draft: Instant::now(),
            confirm_discard: false,
        }
    }

    pub fn input(&mut self, input: Input) {
        self.text.input(input);
    }

    pub fn contents(&self) -> String {
        self.text.lines().join("\n")
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
    use ratatui_textarea::Key;

    fn typed(c: char) -> Input {
        Input {
            key: Key::Char(c),
            ..Input::default()
        }
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
