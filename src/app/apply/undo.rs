//! Undo and redo of what the reader changed on the open text: annotations, notes, colours,
//! bookmarks and cards, in one history. A change is recorded once it is saved; undoing it
//! saves its reverse, redoing saves it again, each as its own transaction. A new change
//! forgets what was undone.

use crate::app::undo::Change;
use crate::app::{Action, App, Tone};
use crate::srs::card::CardId;

impl App {
    /// Reverts the last change (`u`).
    pub(in crate::app) fn undo(&mut self) {
        self.step(false);
    }

    /// Makes the last undone change again (Ctrl-R).
    pub(in crate::app) fn redo(&mut self) {
        self.step(true);
    }

    /// Moves one change between the history's two stacks: redoes it (`forward`) or undoes it.
    fn step(&mut self, forward: bool) {
        let taken = self.open.as_mut().and_then(|o| {
            let h = &mut o.history;
            if forward {
                h.undone.pop()
            } else {
                h.done.pop()
            }
        });
        let Some(change) = taken else {
            let nothing = if forward {
                "nothing to redo"
            } else {
                "nothing to undo"
            };
            self.say(Tone::Info, nothing);
            return;
        };
        if self.make(&change, forward)
            && let Some(open) = self.open.as_mut()
        {
            let h = &mut open.history;
            if forward {
                h.done.push(change)
            } else {
                h.undone.push(change)
            }
        }
        if self.message.is_none() {
            let done = if forward {
                "redone".to_string()
            } else {
                format!("undone: {} redoes", self.key(self.mode(), Action::Redo))
            };
            self.say(Tone::Info, done);
        }
    }

    /// Saves `change` (`forward`) or its reverse, and shows the result in the text and in
    /// the panel open over it. Returns whether it was saved.
    fn make(&mut self, change: &Change, forward: bool) -> bool {
        let saved = self.save_change(change, forward);
        self.refresh_cards();
        saved
    }

    fn save_change(&mut self, change: &Change, forward: bool) -> bool {
        let now = self.now;
        match change {
            Change::Created(id) | Change::Deleted(id) => {
                let exists = forward == matches!(change, Change::Created(_));
                let r = self.store.set_annotation_deleted(*id, !exists, now);
                let saved = self.saved(r).is_some();
                if saved {
                    self.reload(*id, exists);
                }
                saved
            }
            Change::Note { id, before, after } => {
                let text = if forward { after } else { before };
                let r = self.store.set_note(*id, text, now);
                let saved = self.saved(r).is_some();
                if saved {
                    self.reload(*id, true);
                }
                saved
            }
            Change::Color { id, before, after } => {
                let color = if forward { *after } else { *before };
                let r = self.store.set_color(*id, color, now);
                let saved = self.saved(r).is_some();
                if saved {
                    self.reload(*id, true);
                }
                saved
            }
            Change::BookmarkAdded(id) | Change::BookmarkDeleted(id) => {
                let exists = forward == matches!(change, Change::BookmarkAdded(_));
                let r = self.store.set_bookmark_deleted(*id, !exists, now);
                let saved = self.saved(r).is_some();
                if saved {
                    self.reload_bookmarks();
                }
                saved
            }
            Change::ReplyAdded(id) | Change::ReplyDeleted(id) => {
                let exists = forward == matches!(change, Change::ReplyAdded(_));
                let r = self.store.set_reply_deleted(*id, !exists, now);
                let saved = self.saved(r).is_some();
                if saved {
                    self.reload_reply(*id);
                }
                saved
            }
            Change::ReplyText { id, before, after } => {
                let text = if forward { after } else { before };
                let r = self.store.set_reply(*id, text, now);
                let saved = self.saved(r).is_some();
                if saved {
                    self.reload_reply(*id);
                }
                saved
            }
            Change::CardsMade(ids) => self.set_cards_deleted(ids, !forward),
            Change::CardDeleted(id) => self.set_cards_deleted(&[*id], forward),
        }
    }

    fn set_cards_deleted(&mut self, ids: &[CardId], deleted: bool) -> bool {
        let mut saved = true;
        for &id in ids {
            let r = self.store.set_card_deleted(id, deleted, self.now);
            saved &= self.saved(r).is_some();
        }
        saved
    }
}
