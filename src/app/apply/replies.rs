//! Replies from inside the reader: starting one on a note (from the annotations panel or the
//! note popup), saving it, editing or deleting one's own (undoable), and keeping the open
//! text's threads in step with the store.

use crate::annotation::{AnnotationId, ReplyId};
use crate::app::overlay::editor::{NoteEditor, NoteTarget};
use crate::app::undo::Change;
use crate::app::{App, Overlay, Tone};

impl App {
    /// Opens the editor for a reply to annotation `to` (anyone's, orphans too).
    pub(in crate::app) fn start_reply(&mut self, to: AnnotationId) {
        let known = self
            .open
            .as_ref()
            .is_some_and(|o| o.marks.annotation(to).is_some());
        if known {
            let editor = NoteEditor::new(NoteTarget::Reply(to), "", "");
            self.overlay = Some(Overlay::Editor(Box::new(editor)));
        }
    }

    /// Opens the editor on one of the reader's own replies.
    pub(in crate::app) fn edit_reply(&mut self, id: ReplyId) {
        let Some(reply) = self.open.as_ref().and_then(|o| o.marks.reply(id)) else {
            return;
        };
        if let Some(author) = &reply.author {
            let text = format!("this reply is {}'s, not yours to edit", author.name);
            self.say(Tone::Info, text);
            return;
        }
        let body = reply.body.clone();
        let editor = NoteEditor::new(NoteTarget::ReplyEdit(id), &body, &body);
        self.overlay = Some(Overlay::Editor(Box::new(editor)));
    }

    /// Deletes one of the reader's own replies (undo brings it back).
    pub(in crate::app) fn delete_reply(&mut self, id: ReplyId) {
        let author = self
            .open
            .as_ref()
            .and_then(|o| o.marks.reply(id))
            .map(|r| r.author.clone());
        match author {
            None => {}
            Some(Some(author)) => {
                let text = format!("this reply is {}'s, not yours to delete", author.name);
                self.say(Tone::Info, text);
            }
            Some(None) => {
                let result = self.store.set_reply_deleted(id, true, self.now);
                if self.saved(result).is_some() {
                    self.reload_reply(id);
                    if let Some(open) = self.open.as_mut() {
                        open.remember(Change::ReplyDeleted(id));
                    }
                    self.say_keyed(Tone::Info, "reply deleted: [undo] brings it back");
                }
            }
        }
    }

    /// Saves the reply being typed: a new one, or an edit of one's own.
    pub(in crate::app) fn save_reply(&mut self, target: &NoteTarget, text: &str) {
        if text.trim().is_empty() {
            self.say_keyed(
                Tone::Info,
                "an empty reply is not sent: type it, or [close]",
            );
            return;
        }
        match *target {
            NoteTarget::Reply(to) => {
                let Some(parent) = self
                    .open
                    .as_ref()
                    .and_then(|o| o.marks.annotation(to))
                    .map(|a| a.uuid.clone())
                else {
                    return;
                };
                let result = self.store.add_reply(&parent, text, self.now);
                if let Some(reply) = self.saved(result) {
                    let id = reply.id;
                    if let Some(open) = self.open.as_mut() {
                        open.marks.put_reply(reply);
                        open.remember(Change::ReplyAdded(id));
                    }
                    self.say(
                        Tone::Info,
                        "reply saved: it goes to the group at the next sync",
                    );
                }
            }
            NoteTarget::ReplyEdit(id) => {
                let before = self
                    .open
                    .as_ref()
                    .and_then(|o| o.marks.reply(id))
                    .map(|r| r.body.clone())
                    .unwrap_or_default();
                let result = self.store.set_reply(id, text, self.now);
                if self.saved(result).is_some() {
                    self.reload_reply(id);
                    if let Some(open) = self.open.as_mut() {
                        open.remember(Change::ReplyText {
                            id,
                            before,
                            after: text.to_string(),
                        });
                    }
                    self.say(Tone::Info, "reply saved");
                }
            }
            _ => {}
        }
    }

    /// Reloads one reply from the store into the open text's threads.
    pub(in crate::app) fn reload_reply(&mut self, id: ReplyId) {
        let found = self.store.reply(id);
        let Some(reply) = self.saved(found).flatten() else {
            return;
        };
        let Some(open) = self.open.as_mut() else {
            return;
        };
        if reply.deleted_at.is_some() {
            open.marks.remove_reply(id);
        } else {
            open.marks.put_reply(reply);
        }
    }
}
