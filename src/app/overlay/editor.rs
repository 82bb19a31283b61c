//! The note editor: which annotation the note is for, the text being typed, and what has been
//! saved or drafted of it; saving it, discarding it (with a question when it has unsaved text),
//! and when the draft kept while typing is due.

use std::ops::Range;
use std::time::{Duration, Instant};

use crate::anchor::Anchor;
use crate::annotation::{AnnotationId, ReplyId};
use crate::app::effect::Effect;
use crate::app::field::{EditKey, Field};
use crate::app::{Action, Tone};

/// How often a note being typed without a pause is saved as a draft.
pub const DRAFT_INTERVAL: Duration = Duration::from_secs(2);
/// A pause in typing this long saves the draft: a window closed, or a machine that dies, right
/// after a sentence loses nothing of it.
pub const DRAFT_PAUSE: Duration = Duration::from_millis(300);

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
    /// A new reply to an annotation.
    Reply(AnnotationId),
    /// One of the reader's own replies, edited.
    ReplyEdit(ReplyId),
}

pub struct NoteEditor {
    pub target: NoteTarget,
    pub text: Field,
    /// The note as last saved (what Esc would go back to).
    saved: String,
    /// The note as last written to the draft.
    drafted: String,
    last_draft: Instant,
    last_typed: Instant,
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
            last_typed: Instant::now(),
        }
    }

    pub fn input(&mut self, key: EditKey) {
        self.text.input(key);
        self.last_typed = Instant::now();
    }

    pub fn paste(&mut self, text: &str) {
        self.text.paste(text);
        self.last_typed = Instant::now();
    }

    pub fn contents(&self) -> String {
        self.text.text().to_string()
    }

    /// Typed text that is not saved.
    pub fn is_dirty(&self) -> bool {
        self.contents() != self.saved
    }

    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::Edit(key) => {
                self.input(key);
                Vec::new()
            }
            Action::Save => {
                let text = self.contents().trim_end().to_string();
                vec![Effect::SaveNote(self.target.clone(), text)]
            }
            Action::Close if self.is_dirty() => vec![Effect::Ask {
                question: "The note has unsaved text. Discard it?".into(),
                answers: ("discard", "keep editing"),
                yes: Box::new(Effect::DiscardNote),
            }],
            Action::Close => vec![Effect::DiscardNote],
            Action::Private => vec![Effect::Say(Tone::Info, self.toggle_private().into())],
            _ => Vec::new(),
        }
    }

    /// Ctrl-P: the note made private (`#private` added), or shared again; what to say of it.
    fn toggle_private(&mut self) -> &'static str {
        if matches!(self.target, NoteTarget::Reply(_) | NoteTarget::ReplyEdit(_)) {
            return "a reply is shared as the note it answers is";
        }
        let text = crate::annotation::private_toggled(&self.contents());
        let private = crate::annotation::tags(&text)
            .iter()
            .any(|t| t == crate::annotation::PRIVATE_TAG);
        self.text = Field::new(&text);
        self.last_typed = Instant::now();
        match private {
            true => "private once saved: never written to a group's files",
            false => "shared with your groups once saved",
        }
    }

    /// The text to write as a draft at `now`, if it changed and typing paused, or went on for
    /// the interval (or it is forced, when quitting).
    pub fn draft_due(&mut self, force: bool, now: Instant) -> Option<String> {
        let text = self.contents();
        let paused = now.saturating_duration_since(self.last_typed) >= DRAFT_PAUSE;
        let long = now.saturating_duration_since(self.last_draft) >= DRAFT_INTERVAL;
        if text == self.drafted || !(force || paused || long) {
            return None;
        }
        self.drafted = text.clone();
        self.last_draft = now;
        Some(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ctrl_p_makes_the_note_private_or_shared() {
        let mut editor = NoteEditor::new(NoteTarget::Existing(AnnotationId(1)), "", "Key point.");
        editor.update(Action::Private);
        assert_eq!(editor.contents(), "Key point. #private");
        assert!(editor.is_dirty());
        editor.update(Action::Private);
        assert_eq!(editor.contents(), "Key point.");
        let mut reply = NoteEditor::new(NoteTarget::Reply(AnnotationId(1)), "", "Yes.");
        reply.update(Action::Private);
        assert_eq!(
            reply.contents(),
            "Yes.",
            "a reply has no privacy of its own"
        );
    }
    use crate::app::field::Key;

    fn typed(c: char) -> EditKey {
        EditKey::plain(Key::Char(c))
    }

    #[test]
    fn dirty_and_drafts() {
        let mut e = NoteEditor::new(NoteTarget::Existing(AnnotationId(1)), "old", "old");
        assert!(!e.is_dirty());
        let now = Instant::now();
        assert_eq!(e.draft_due(true, now), None, "nothing new to draft");
        e.input(typed('!'));
        assert!(e.is_dirty());
        assert_eq!(e.contents(), "old!");
        let typed_at = Instant::now();
        assert_eq!(e.draft_due(false, typed_at), None, "still typing");
        assert_eq!(e.draft_due(true, typed_at).as_deref(), Some("old!"));
        assert_eq!(e.draft_due(true, typed_at), None);
        // A pause in typing saves it, long before the interval.
        e.input(typed('?'));
        let typed_at = Instant::now();
        assert_eq!(e.draft_due(false, typed_at + DRAFT_PAUSE / 2), None);
        assert_eq!(
            e.draft_due(false, typed_at + DRAFT_PAUSE).as_deref(),
            Some("old!?")
        );
    }

    #[test]
    fn saving_trims_and_closing_unsaved_text_asks_first() {
        let mut e = NoteEditor::new(NoteTarget::Existing(AnnotationId(7)), "", "");
        assert!(matches!(
            e.update(Action::Close).as_slice(),
            [Effect::DiscardNote]
        ));
        for c in "why? ".chars() {
            assert!(e.update(Action::Edit(typed(c))).is_empty());
        }
        assert!(matches!(
            e.update(Action::Close).as_slice(),
            [Effect::Ask { yes, .. }] if matches!(**yes, Effect::DiscardNote)
        ));
        assert!(matches!(
            e.update(Action::Save).as_slice(),
            [Effect::SaveNote(NoteTarget::Existing(AnnotationId(7)), text)] if text == "why?"
        ));
    }

    #[test]
    fn control_characters_never_reach_the_editor() {
        let e = NoteEditor::new(
            NoteTarget::Existing(AnnotationId(1)),
            "",
            "a\x1b[31mb\nc\x07",
        );
        assert_eq!(e.contents(), "ab\nc");
    }
}
