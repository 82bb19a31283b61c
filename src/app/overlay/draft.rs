//! A draft found when a text is opened (a note being typed when the program was killed, or its
//! window closed): Enter brings it back into the editor, `d` discards it, Esc keeps it for later.

use super::Overlay;
use super::editor::{NoteEditor, NoteTarget};
use crate::annotation::{Draft, DraftReply};
use crate::app::effect::{Ctx, Effect};
use crate::app::{Action, Open, Tone};

pub struct DraftOffer {
    pub draft: Draft,
}

impl DraftOffer {
    pub fn update(&mut self, action: Action, ctx: &Ctx) -> Vec<Effect> {
        match action {
            Action::Open => match (ctx.open, self.editor(ctx)) {
                (_, Some(editor)) => vec![Effect::Show(Overlay::Editor(Box::new(editor)))],
                (Some(_), None) => vec![Effect::Say(
                    Tone::Info,
                    "the note this reply was for is gone".into(),
                )],
                (None, None) => Vec::new(),
            },
            Action::Delete => vec![Effect::DiscardNote],
            Action::Close => vec![Effect::Close],
            _ => Vec::new(),
        }
    }

    /// The editor the draft comes back in: on its note, its reply, or a new highlight.
    fn editor(&self, ctx: &Ctx) -> Option<NoteEditor> {
        let open: &Open = ctx.open?;
        let draft = &self.draft;
        let existing = draft
            .annotation
            .and_then(|id| open.marks.annotation(id).map(|a| (id, a.note.clone())));
        match (draft.reply, existing) {
            (Some(DraftReply::New), Some((to, _))) => {
                Some(NoteEditor::new(NoteTarget::Reply(to), "", &draft.text))
            }
            (Some(DraftReply::Edit(id)), _) => open
                .marks
                .reply(id)
                .map(|r| NoteEditor::new(NoteTarget::ReplyEdit(id), &r.body, &draft.text)),
            (Some(DraftReply::New), None) => None,
            (None, Some((id, saved))) => Some(NoteEditor::new(
                NoteTarget::Existing(id),
                &saved,
                &draft.text,
            )),
            (None, None) => {
                let doc = open.reader.doc();
                let range = doc.byte_of(draft.anchor.start)..doc.byte_of(draft.anchor.end);
                let target = NoteTarget::New {
                    anchor: draft.anchor.clone(),
                    range,
                    color: draft.color,
                };
                Some(NoteEditor::new(target, "", &draft.text))
            }
        }
    }
}
