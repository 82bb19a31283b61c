//! The open text's cards panel: its cards with where each stands; edit, suspend, delete
//! (undoable), jump to the passage.

use super::card_editor::CardEditor;
use super::undo::Change;
use super::{Action, App, Mode, Overlay, Tone, moved};

impl App {
    /// `C`: the open text's cards.
    pub(super) fn open_cards(&mut self) {
        let Some(open) = self.open.as_ref() else {
            return;
        };
        let Some(id) = open.id else {
            return;
        };
        let found = self.store.cards(Some(id), None);
        let Some(cards) = self.saved(found) else {
            return;
        };
        if cards.is_empty() {
            self.say(
                Tone::Info,
                "no cards from this text yet: select a passage, then c",
            );
            return;
        }
        self.overlay = Some(Overlay::Cards { cards, selected: 0 });
    }

    /// Reloads the cards panel, if it is open.
    pub(super) fn refresh_cards(&mut self) {
        let (Some(Overlay::Cards { cards, selected }), Some(open)) =
            (self.overlay.as_mut(), self.open.as_ref())
        else {
            return;
        };
        if let Some(id) = open.id
            && let Ok(fresh) = self.store.cards(Some(id), None)
        {
            *cards = fresh;
            *selected = (*selected).min(cards.len().saturating_sub(1));
        }
    }

    pub(super) fn update_cards(&mut self, action: Action) {
        let Some(Overlay::Cards { cards, selected }) = self.overlay.as_mut() else {
            return;
        };
        let card = cards.get(*selected).cloned();
        if let Some(to) = moved(*selected, cards.len(), action) {
            *selected = to;
            return;
        }
        match action {
            Action::Close | Action::Cards => self.overlay = None,
            Action::Open => {
                self.overlay = None;
                if let (Some(card), Some(open)) = (card, self.open.as_mut()) {
                    if card.orphaned {
                        self.say(Tone::Info, "this card's passage is gone from the text");
                        return;
                    }
                    let doc = open.reader.doc();
                    let start = doc.byte_of(card.anchor.start);
                    open.reader.jump_to(start);
                    open.reader.place_cursor(start);
                }
            }
            Action::EditEntry => {
                if let Some(card) = card {
                    self.overlay = Some(Overlay::CardEditor(Box::new(CardEditor::edit(&card))));
                }
            }
            Action::Suspend => {
                if let Some(card) = card {
                    let result = self
                        .store
                        .set_card_suspended(card.id, !card.suspended, self.now);
                    if self.saved(result).is_some() {
                        let word = if card.suspended {
                            "unsuspended"
                        } else {
                            "suspended"
                        };
                        self.say(Tone::Info, word);
                        self.refresh_cards();
                    }
                }
            }
            Action::Delete => {
                if let Some(card) = card {
                    let result = self.store.set_card_deleted(card.id, true, self.now);
                    if self.saved(result).is_some() {
                        if let Some(open) = self.open.as_mut() {
                            open.remember(Change::CardDeleted(card.id));
                        }
                        let undo = self.key(Mode::Cards, Action::Undo);
                        self.say(Tone::Info, format!("card deleted: {undo} to undo"));
                        self.refresh_cards();
                    }
                }
            }
            Action::Undo => self.undo(),
            Action::Redo => self.redo(),
            _ => {}
        }
    }
}
