//! A draft found when a text is opened (a note being typed when the program was killed, or its
//! window closed): Enter brings it back into the editor, `d` discards it, Esc keeps it for later.

use super::Overlay;
use super::editor::{NoteEditor, NoteTarget};
use crate::annotation::{Draft, DraftReply};
use crate::app::effect::{Ctx, Effect};
use crate::app::{Action, Tone};

pub struct DraftOffer {
    pub draft: Draft,
}

impl DraftOffer {
    pub fn update(&mut self, action: Action, ctx: &Ctx) -> Vec<Effect> {
        match action {
            Action::Open => match (ctx.marks, self.editor(ctx)) {
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
        let (marks, doc) = (ctx.marks?, ctx.doc?);
        let draft = &self.draft;
        let existing = draft
            .annotation
            .and_then(|id| marks.annotation(id).map(|a| (id, a.note.clone())));
        match (draft.reply, existing) {
            (Some(DraftReply::New), Some((to, _))) => {
                Some(NoteEditor::new(NoteTarget::Reply(to), "", &draft.text))
            }
            (Some(DraftReply::Edit(id)), _) => marks
                .reply(id)
                .map(|r| NoteEditor::new(NoteTarget::ReplyEdit(id), &r.body, &draft.text)),
            (Some(DraftReply::New), None) => None,
            (None, Some((id, saved))) => Some(NoteEditor::new(
                NoteTarget::Existing(id),
                &saved,
                &draft.text,
            )),
            (None, None) => {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::anchor::Anchor;
    use crate::annotation::AnnotationId;
    use crate::app::marks::Marks;
    use crate::app::marks::tests::annotation;
    use crate::document::{Document, DocumentId, Format};

    fn offer(annotation: Option<i64>, reply: Option<DraftReply>) -> DraftOffer {
        DraftOffer {
            draft: Draft {
                document: DocumentId(1),
                annotation: annotation.map(AnnotationId),
                reply,
                anchor: Anchor::new("One two three.", 4..7, 4),
                color: 2,
                text: "half a thought".into(),
                updated_at: 0,
            },
        }
    }

    fn editor(effects: &[Effect]) -> &NoteEditor {
        match effects {
            [Effect::Show(Overlay::Editor(editor))] => editor,
            _ => panic!("no editor"),
        }
    }

    #[test]
    fn a_draft_comes_back_on_its_note_or_as_a_new_highlight() {
        let doc = Document::from_text("One two three.", "t.txt", Format::TEXT);
        let marks = Marks::new(&doc, vec![annotation(1, &doc, "three")], Vec::new());
        let ctx = Ctx {
            doc: Some(&doc),
            marks: Some(&marks),
            help: None,
        };
        let on_note = offer(Some(1), None).update(Action::Open, &ctx);
        let e = editor(&on_note);
        assert_eq!(e.target, NoteTarget::Existing(AnnotationId(1)));
        assert_eq!(e.contents(), "half a thought");
        let new = offer(None, None).update(Action::Open, &ctx);
        assert!(matches!(
            &editor(&new).target,
            NoteTarget::New { range, color: 2, .. } if *range == (4..7)
        ));
        assert!(matches!(
            offer(Some(9), Some(DraftReply::New)).update(Action::Open, &ctx).as_slice(),
            [Effect::Say(_, said)] if said.contains("gone")
        ));
        assert!(matches!(
            offer(None, None).update(Action::Delete, &ctx).as_slice(),
            [Effect::DiscardNote]
        ));
    }
}
