//! The note editor: which annotation the note is for, the text being typed, and what has been
//! saved or drafted of it; starting a note, saving it, discarding it (with a question when
//! it has unsaved text), the draft kept while typing and offered back after a crash, and
//! the note popup.
use std::time::Instant;
use crate::app::undo::Change;
use crate::app::{Action, App, Overlay, Tone};
use crate::annotation::{AnnotationId, Draft, DraftReply};
use crate::app::editor::*;

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

    pub(in crate::app) fn update_editor(&mut self, action: Action) {
        let Some(Overlay::Editor(editor)) = self.overlay.as_mut() else {
            return;
        };
        match action {
            Action::Edit(key) => editor.input(key),
            Action::Save => self.save_note(),
            Action::Close if editor.is_dirty() => editor.confirm_discard = true,
            Action::Close => self.close_editor(),
            _ => {}
        }
    }

    pub(in crate::app) fn update_confirm(&mut self, action: Action) {
        let Some(Overlay::Editor(editor)) = self.overlay.as_mut() else {
            return;
        };
        match action {
            Action::Yes => self.close_editor(),
            Action::No | Action::Close => editor.confirm_discard = false,
            _ => {}
        }
    }

    /// Closes the editor without saving; its draft goes too.
    pub(in crate::app) fn close_editor(&mut self) {
        self.overlay = None;
        if let Some(id) = self.open.as_ref().and_then(|o| o.id) {
            let result = self.store.clear_draft(id);
            self.saved(result);
        }
    }

    pub(in crate::app) fn save_note(&mut self) {
        let Some(Overlay::Editor(editor)) = self.overlay.as_ref() else {
            return;
        };
        let (target, text) = (editor.target.clone(), editor.contents());
        let text = text.trim_end().to_string();
        match target {
            NoteTarget::Reply(_) | NoteTarget::ReplyEdit(_) => self.save_reply(&target, &text),
            NoteTarget::New { range, color, .. } => {
                self.create(range, color, &text);
            }
            NoteTarget::Existing(id) => {
                let before = self
                    .open
                    .as_ref()
                    .and_then(|o| o.marks.annotation(id))
                    .map(|a| a.note.clone())
                    .unwrap_or_default();
                let result = self.store.set_note(id, &text, self.now);
                if self.saved(result).is_none() {
                    return;
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
                self.say(Tone::Info, "note saved");
            }
        }
        if !matches!(self.message.as_ref().map(|m| m.tone), Some(Tone::Error)) {
            self.close_editor();
            if let Some(Overlay::Annotations(_)) = self.overlay {
                self.refresh_panel();
            }
        }
    }

    /// Writes the note being typed as a draft when it is due (or now, with `force`).
    pub(in crate::app) fn save_draft(&mut self, force: bool) {
        let (Some(Overlay::Editor(editor)), Some(open)) =
            (self.overlay.as_mut(), self.open.as_ref())
        else {
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

    pub(in crate::app) fn update_note(&mut self, action: Action) {
        let Some(Overlay::Note(id)) = self.overlay.as_ref() else {
            return;
        };
        let id = *id;
        match action {
            Action::EditEntry | Action::Annotate => self.edit_note(id),
            Action::Reply => self.start_reply(id),
            Action::Close | Action::ShowNote => self.overlay = None,
            _ => {}
        }
    }

    /// A draft found when the text was opened: Enter brings it back into the editor, `d`
    /// discards it, Esc keeps it for later.
    pub(in crate::app) fn update_draft(&mut self, action: Action) {
        let Some(Overlay::Draft(draft)) = self.overlay.as_ref() else {
            return;
        };
        let draft = draft.clone();
        match action {
            Action::Open => {
                let Some(open) = self.open.as_ref() else {
                    return;
                };
                let existing = draft
                    .annotation
                    .and_then(|id| open.marks.annotation(id).map(|a| (id, a.note.clone())));
                let reply = match (draft.reply, existing.as_ref()) {
                    (Some(DraftReply::New), Some((to, _))) => {
                        Some(NoteEditor::new(NoteTarget::Reply(*to), "", &draft.text))
                    }
                    (Some(DraftReply::Edit(id)), _) => open
                        .marks
                        .reply(id)
                        .map(|r| NoteEditor::new(NoteTarget::ReplyEdit(id), &r.body, &draft.text)),
                    _ => None,
                };
                if draft.reply.is_some() {
                    match reply {
                        Some(editor) => self.overlay = Some(Overlay::Editor(Box::new(editor))),
                        None => self.say(Tone::Info, "the note this reply was for is gone"),
                    }
                    return;
                }
                let editor = match existing {
                    Some((id, saved)) => {
                        NoteEditor::new(NoteTarget::Existing(id), &saved, &draft.text)
                    }
                    None => {
                        let doc = open.reader.doc();
                        let range = doc.byte_of(draft.anchor.start)..doc.byte_of(draft.anchor.end);
                        let target = NoteTarget::New {
                            anchor: draft.anchor.clone(),
                            range,
                            color: draft.color,
                        };
                        NoteEditor::new(target, "", &draft.text)
                    }
                };
                self.overlay = Some(Overlay::Editor(Box::new(editor)));
            }
            Action::Delete => self.close_editor(),
            Action::Close => self.overlay = None,
            _ => {}
        }
    }
}
