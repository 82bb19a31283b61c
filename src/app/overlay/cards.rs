//! Lists of cards: the open text's (`C` in the reader) and the library's, the card browser (`C`
//! in the library). Both are narrowed by a query typed in them (see [`crate::srs::browse`]);
//! a card can be edited, suspended or unsuspended, deleted (undoably) and its passage visited.

use std::collections::HashMap;

use super::Overlay;
use super::card_editor::CardEditor;
use super::list::{List, Step};
use crate::app::effect::Effect;
use crate::app::{Action, Tone};
use crate::document::DocumentId;
use crate::srs::card::{Card, CardId};

/// A list of cards on screen; its filter is the query (see [`crate::srs::browse::Query`]).
pub struct CardList {
    /// The cards the query finds, in its order.
    pub list: List<Card>,
    /// The text whose cards these are; `None` for the library's.
    pub text: Option<DocumentId>,
    /// Titles of the library's texts, by document.
    pub titles: HashMap<DocumentId, String>,
    /// Cards deleted from the library's list, latest last, for undo (a text's go to its
    /// history, with the rest of what was done to it).
    deleted: Vec<CardId>,
}

impl CardList {
    /// An empty list of the cards of `text` (`None`: of the library), to be filled.
    pub fn new(text: Option<DocumentId>, titles: HashMap<DocumentId, String>) -> CardList {
        CardList {
            list: List::new(Vec::new()),
            text,
            titles,
            deleted: Vec::new(),
        }
    }

    pub fn title(&self, document: DocumentId) -> &str {
        self.titles.get(&document).map_or("", String::as_str)
    }

    /// A card of the library's list was deleted: undo here brings it back.
    pub fn deleted(&mut self, id: CardId) {
        self.deleted.push(id);
    }

    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        match self.list.step(action) {
            Step::Done => return Vec::new(),
            Step::Typed => {
                self.list.selected = 0;
                return vec![Effect::RefreshCards];
            }
            Step::Other => {}
        }
        let card = self.list.selected().cloned();
        match (action, card) {
            (Action::Close | Action::Cards, _) => vec![Effect::Close],
            (Action::Open, Some(card)) => vec![Effect::VisitCard(card)],
            (Action::EditEntry, Some(card)) => vec![Effect::Show(Overlay::CardEditor(Box::new(
                CardEditor::edit(&card),
            )))],
            (Action::Suspend, Some(card)) => vec![Effect::SuspendCard(card)],
            (Action::CardInfo, Some(card)) => vec![Effect::ShowCardInfo(card)],
            (Action::Delete, Some(card)) => vec![Effect::DeleteCard(card.id)],
            (Action::Undo, _) if self.text.is_none() => match self.deleted.pop() {
                Some(id) => vec![Effect::RestoreCard(id)],
                None => vec![Effect::Say(Tone::Info, "nothing to undo".into())],
            },
            (Action::Undo, _) => vec![Effect::Undo],
            (Action::Redo, _) => vec![Effect::Redo],
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::srs::Phase;
    use crate::srs::browse::tests::card;

    #[test]
    fn the_library_list_undoes_its_own_deletions_and_a_query_refreshes_it() {
        let mut cards = CardList::new(None, HashMap::new());
        cards.list.set_items(vec![
            card(1, "One", &[], Phase::New, 0),
            card(2, "Two", &[], Phase::New, 0),
        ]);
        cards.update(Action::Down);
        assert!(matches!(
            cards.update(Action::Delete).as_slice(),
            [Effect::DeleteCard(CardId(2))]
        ));
        assert!(matches!(
            cards.update(Action::Undo).as_slice(),
            [Effect::Say(_, said)] if said == "nothing to undo"
        ));
        cards.deleted(CardId(2));
        assert!(matches!(
            cards.update(Action::Undo).as_slice(),
            [Effect::RestoreCard(CardId(2))]
        ));
        assert!(matches!(
            cards.update(Action::EditEntry).as_slice(),
            [Effect::Show(Overlay::CardEditor(_))]
        ));
        cards.update(Action::Filter);
        assert!(matches!(
            cards.update(Action::Input('t')).as_slice(),
            [Effect::RefreshCards]
        ));
        assert_eq!((cards.list.filter.as_str(), cards.list.selected), ("t", 0));
        let mut of_a_text = CardList::new(Some(DocumentId(1)), HashMap::new());
        assert!(matches!(
            of_a_text.update(Action::Undo).as_slice(),
            [Effect::Undo]
        ));
    }
}
