//! Notes: starting the editor on a selection or a highlight, saving what it holds, discarding
//! it with its draft, and the draft written while a note is typed.

use std::time::Instant;

use crate::annotation::{AnnotationId, Draft, DraftReply};
use crate::app::overlay::editor::{NoteEditor, NoteTarget};
use crate::app::undo::Change;
use crate::app::{App, Overlay, Tone};

impl App {
    /// `a`: a note on the selection (a new highlight) or on the highlight under the cursor.
    pub(in crate::app) fn start_note(&mut self) {
        let Some(open) = self.open.as_ref() else {
            return;
        };
        if let Some(range) = open.reader.selection() {
            let anchor = open.anchor(range.clone());
            let target = NoteTarget::New {
                anchor,
                range,
                color: 1,
            };
            self.overlay = Some(Overlay::Editor(Box::new(NoteEditor::new(target, "", ""))));
            return;
        }
        match open.under_cursor() {
            Some(id) => self.edit_note(id),
            None => self.say_keyed(
                Tone::Info,
                "select some text ([select]) or put the cursor on a highlight",
            ),
        }
    }

    pub(in crate::app) fn edit_note(&mut self, id: AnnotationId) {
        if self.refuse_theirs(id, "edit") {
            return;
        }
        let Some(a) = self.open.as_ref().and_then(|o| o.marks.annotation(id)) else {
            return;
        };
        let note = a.note.clone();
        let editor = NoteEditor::new(NoteTarget::Existing(id), &note, &note);
        self.overlay = Some(Overlay::Editor(Box::new(editor)));
    }

    /// Closes the editor without saving; its draft goes too.
    pub(in crate::app) fn close_editor(&mut self) {
        self.overlay = None;
        if let Some(id) = self.open.as_ref().and_then(|o| o.id) {
            let result = self.store.clear_draft(id);
            self.saved(result);
        }
    }

    /// Saves `text` as the note (or reply) `target`, and closes the editor.
    pub(in crate::app) fn save_note(&mut self, target: NoteTarget, text: String) {
        match target {
            NoteTarget::Reply(_) | NoteTarget::ReplyEdit(_) => self.save_reply(&target, &text),
            NoteTarget::New { range, color, .. } => {
                self.create(range, color, &text);
            }
            NoteTarget::Existing(id) => {
                if self.set_note(id, text) {
                    self.say(Tone::Info, "note saved");
                }
            }
        }
        if !matches!(self.message.as_ref().map(|m| m.tone), Some(Tone::Error)) {
            self.close_editor();
        }
    }

    /// Gives the note `id` the words `text` (undo brings the old ones back); whether it did.
    fn set_note(&mut self, id: AnnotationId, text: String) -> bool {
        let before = self
            .open
            .as_ref()
            .and_then(|o| o.marks.annotation(id))
            .map(|a| a.note.clone())
            .unwrap_or_default();
        let result = self.store.set_note(id, &text, self.now);
        if self.saved(result).is_none() {
            return false;
        }
        let live = self
            .open
            .as_ref()
            .is_some_and(|o| o.marks.annotation(id).is_some());
        self.reload(id, live);
        if let Some(open) = self.open.as_mut() {
            open.remember(Change::Note {
                id,
                before,
                after: text,
            });
        }
        true
    }

    /// `p` in the annotations panel: the note made private (`#private`: kept out of every
    /// group's files), or shared again.
    pub(in crate::app) fn toggle_private(&mut self, id: AnnotationId) {
        let Some(a) = self.open.as_ref().and_then(|o| o.marks.annotation(id)) else {
            return;
        };
        if a.author.is_some() {
            return self.say(Tone::Info, "another member's note is theirs to share");
        }
        let text = crate::annotation::private_toggled(&a.note);
        let private = crate::annotation::tags(&text)
            .iter()
            .any(|t| t == crate::annotation::PRIVATE_TAG);
        if self.set_note(id, text) {
            self.say(
                Tone::Info,
                match private {
                    true => "note private: never written to a group's files",
                    false => "note shared with your groups again",
                },
            );
        }
    }

    /// Writes the note being typed as a draft when it is due (or now, with `force`).
    pub(in crate::app) fn save_draft(&mut self, force: bool) {
        let (Some(editor), Some(open)) = (
            self.overlay.as_mut().and_then(Overlay::note_editor),
            self.open.as_ref(),
        ) else {
            return;
        };
        let Some(document) = open.id else {
            return;
        };
        if !editor.is_dirty() {
            return;
        }
        let Some(text) = editor.draft_due(force, Instant::now()) else {
            return;
        };
        let on = |id: AnnotationId| open.marks.annotation(id);
        let (annotation, reply) = match &editor.target {
            NoteTarget::New { .. } => (None, None),
            NoteTarget::Existing(id) => (on(*id), None),
            NoteTarget::Reply(to) => (on(*to), Some(DraftReply::New)),
            NoteTarget::ReplyEdit(id) => (
                open.marks
                    .reply(*id)
                    .and_then(|r| open.marks.by_uuid(&r.parent)),
                Some(DraftReply::Edit(*id)),
            ),
        };
        let (annotation, anchor, color) = match (&editor.target, annotation) {
            (NoteTarget::New { anchor, color, .. }, _) => (None, anchor.clone(), *color),
            (_, Some(a)) => (Some(a.id), a.anchor.clone(), a.color),
            (_, None) => return,
        };
        let draft = Draft {
            document,
            annotation,
            reply,
            anchor,
            color,
            text,
            updated_at: self.now,
        };
        let result = self.store.save_draft(&draft);
        self.saved(result);
    }
}
