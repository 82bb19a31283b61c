//! Popups over the text: a note (with its thread), and a book's footnote shown from its
//! reference, which `f` follows (Backspace comes back, as after any jump).

use crate::annotation::AnnotationId;
use crate::app::Action;
use crate::app::effect::Effect;
use crate::document::NoteRef;

pub struct NotePopup {
    pub id: AnnotationId,
}

impl NotePopup {
    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::EditEntry | Action::Annotate => vec![Effect::EditNote(self.id)],
            Action::Reply => vec![Effect::StartReply(self.id)],
            Action::Close | Action::ShowNote => vec![Effect::Close],
            _ => Vec::new(),
        }
    }
}

pub struct FootnotePopup {
    pub note: NoteRef,
}

impl FootnotePopup {
    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::FollowNote => vec![Effect::Close, Effect::GoToNote(self.note.note.start)],
            Action::Close | Action::ShowNote => vec![Effect::Close],
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_is_edited_or_answered_and_a_footnote_followed() {
        let mut note = NotePopup {
            id: AnnotationId(5),
        };
        assert!(matches!(
            note.update(Action::Annotate).as_slice(),
            [Effect::EditNote(AnnotationId(5))]
        ));
        assert!(matches!(
            note.update(Action::Reply).as_slice(),
            [Effect::StartReply(AnnotationId(5))]
        ));
        assert!(matches!(
            note.update(Action::ShowNote).as_slice(),
            [Effect::Close]
        ));
        let mut footnote = FootnotePopup {
            note: NoteRef {
                start: 3,
                end: 4,
                note: 90..120,
            },
        };
        assert!(matches!(
            footnote.update(Action::FollowNote).as_slice(),
            [Effect::Close, Effect::GoToNote(90)]
        ));
        assert!(footnote.update(Action::Down).is_empty());
    }
}
