//! Lists of cards: the open text's (`C` in the reader) and the library's, the card browser (`C`
//! in the library). Both are narrowed by a query typed in them (see [`crate::srs::browse`]);
//! a card can be edited, suspended or unsuspended, deleted (undoably) and its passage visited.
use crate::app::card_editor::CardEditor;
use crate::app::panel::type_into;
use crate::app::undo::Change;
use crate::app::{Action, App, Mode, Overlay, Tone, moved};
use crate::document::DocumentId;
use crate::library;
use crate::srs::browse::{Context, Query};
use crate::srs::card::{Card, CardId};
use crate::app::cards::*;

impl App {
    /// `C` in the reader: the open text's cards.
    pub(in crate::app) fn open_cards(&mut self) {
        let Some(id) = self.open.as_ref().and_then(|o| o.id) else {
            return;
        };
        self.show_cards(Some(id));
        if matches!(&self.overlay, Some(Overlay::Cards(list)) if list.cards.is_empty()) {
            self.overlay = None;
            self.say_keyed(
                Tone::Info,
                "no cards from this text yet: select a passage, then [card]",
            );
        }
    }

    /// `C` in the library: every card, to search.
    pub(in crate::app) fn open_card_browser(&mut self) {
        self.show_cards(None);
    }

    fn show_cards(&mut self, text: Option<DocumentId>) {
        let titles = self
            .library
            .iter()
            .map(|e| (e.id, e.title.clone()))
            .collect();
        self.overlay = Some(Overlay::Cards(Box::new(CardList {
            cards: Vec::new(),
            selected: 0,
            text,
            query: String::new(),
            typing: false,
            titles,
            deleted: Vec::new(),
        })));
        self.refresh_cards();
    }

    /// Reloads the card list, if it is open: the cards its query finds now.
    pub(in crate::app) fn refresh_cards(&mut self) {
        let Some(Overlay::Cards(list)) = self.overlay.as_mut() else {
            return;
        };
        let query = match Query::parse(&list.query) {
            Ok(query) => query,
            Err(err) => return self.say(Tone::Warning, err.to_string()),
        };
        let found = self
            .store
            .cards(list.text, None)
            .and_then(|cards| Ok((cards, self.store.buried_cards(self.now)?)));
        let (cards, buried) = match found {
            Ok(found) => found,
            Err(err) => return self.say(Tone::Error, err.to_string()),
        };
        let Some(Overlay::Cards(list)) = self.overlay.as_mut() else {
            return;
        };
        let mut cards: Vec<Card> = cards
            .into_iter()
            .filter(|c| {
                let context = Context {
                    title: list.title(c.document),
                    buried: buried.contains(&c.id),
                    now: self.now,
                };
                query.matches(c, &context)
            })
            .collect();
        query.sort(&mut cards);
        list.cards = cards;
        list.selected = list.selected.min(list.cards.len().saturating_sub(1));
    }

    pub(in crate::app) fn update_cards(&mut self, action: Action) {
        let Some(Overlay::Cards(list)) = self.overlay.as_mut() else {
            return;
        };
        let card = list.cards.get(list.selected).cloned();
        if let Some(to) = moved(list.selected, list.cards.len(), action) {
            list.selected = to;
            return;
        }
        if action == Action::Filter {
            list.typing = true;
            return;
        }
        let text = list.text;
        match action {
            Action::Close | Action::Cards => self.overlay = None,
            Action::Open => {
                if let Some(card) = card {
                    self.visit(&card);
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
                        match (text, self.open.as_mut(), self.overlay.as_mut()) {
                            (Some(_), Some(open), _) => open.remember(Change::CardDeleted(card.id)),
                            (_, _, Some(Overlay::Cards(list))) => list.deleted.push(card.id),
                            _ => {}
                        }
                        let undo = self.key(Mode::Cards, Action::Undo);
                        self.say(Tone::Info, format!("card deleted: {undo} to undo"));
                        self.refresh_cards();
                    }
                }
            }
            Action::Undo if text.is_none() => match self.last_deleted() {
                Some(id) => {
                    let result = self.store.set_card_deleted(id, false, self.now);
                    if self.saved(result).is_some() {
                        self.say(Tone::Info, "card brought back");
                        self.refresh_cards();
                    }
                }
                None => self.say(Tone::Info, "nothing to undo"),
            },
            Action::Undo => self.undo(),
            Action::Redo => self.redo(),
            _ => {}
        }
    }

    /// The card the library's list deleted last, taken off its undo list.
    fn last_deleted(&mut self) -> Option<CardId> {
        match self.overlay.as_mut() {
            Some(Overlay::Cards(list)) => list.deleted.pop(),
            _ => None,
        }
    }

    /// `P` on a highlight: it joins the reviews as a passage card (see [`crate::srs::passage`]).
    pub(in crate::app) fn make_passage_card(&mut self) {
        let Some(open) = self.open.as_ref() else {
            return;
        };
        let found = open
            .under_cursor()
            .and_then(|id| open.marks.annotation(id).cloned());
        let (Some(highlight), Some(id)) = (found, open.id) else {
            self.say(
                Tone::Info,
                "put the cursor on a highlight to review it as a card",
            );
            return;
        };
        let doc = std::sync::Arc::clone(open.reader.doc());
        let made = library::make_passage_cards(&mut self.store, id, &doc, &[highlight], self.now);
        let Some(made) = self.saved(made) else {
            return;
        };
        let review = self.key(Mode::Reader, Action::Review);
        let said = match made.made {
            0 => "this highlight is a passage card already".to_string(),
            _ => format!("passage card made: it joins the reviews ({review})"),
        };
        self.say(Tone::Info, said);
    }

    /// The card list's query, as it is typed: the list follows each key.
    pub(in crate::app) fn update_card_query(&mut self, action: Action) {
        let Some(Overlay::Cards(list)) = self.overlay.as_mut() else {
            return;
        };
        if type_into(&mut list.query, &mut list.typing, action) {
            list.selected = 0;
            self.refresh_cards();
        }
    }

    /// The passage a card was made from, in its text.
    fn visit(&mut self, card: &Card) {
        if card.orphaned {
            self.say(Tone::Info, "this card's passage is gone from its text");
            return;
        }
        self.overlay = None;
        let same = self.open.as_ref().and_then(|o| o.id) == Some(card.document);
        if same && let Some(open) = self.open.as_mut() {
            let start = open.reader.doc().byte_of(card.anchor.start);
            open.reader.jump_to(start);
            open.reader.place_cursor(start);
            self.screen = crate::app::Screen::Reader;
        } else {
            self.open_at(card.document, card.anchor.start, None);
        }
    }
}
