//! Cards from the reader and the card lists: starting the card editor on a passage, saving what
//! it made, the lists' cards (found again as their query changes), suspending, deleting and
//! bringing back a card, visiting its passage, and passage cards made from highlights.

use crate::app::overlay::card_editor::{CardEditor, Source};
use crate::app::overlay::card_info::CardInfoPanel;
use crate::app::overlay::cards::CardList;
use crate::app::undo::Change;
use crate::app::{Action, App, Mode, Overlay, Screen, Tone};
use crate::document::DocumentId;
use crate::library;
use crate::srs::browse::Query;
use crate::srs::card::{Card, CardId, CardText};
use crate::srs::info::CardInfo;

impl App {
    /// `c`: a card on the selection, or on the highlight under the cursor.
    pub(in crate::app) fn start_card(&mut self) {
        let Some(open) = self.open.as_ref() else {
            return;
        };
        let range = open.reader.selection().or_else(|| {
            let id = open.under_cursor()?;
            open.marks.find(id).map(|p| p.range.clone())
        });
        let Some(range) = range else {
            self.say_keyed(
                Tone::Info,
                "select a passage ([select]) or put the cursor on a highlight to make a card",
            );
            return;
        };
        let Some(document) = open.id else {
            return;
        };
        let source = Source {
            document,
            anchor: open.anchor(range),
        };
        self.overlay = Some(Overlay::CardEditor(Box::new(CardEditor::new(source))));
    }

    /// Closes the card editor, back to the review if it was opened from there.
    pub(in crate::app) fn close_card_editor(&mut self) {
        self.overlay = None;
        if self.screen == Screen::Review {
            self.refresh_review_card();
        }
    }

    /// Saves the card editor's note: new cards on `source`, or the cards of note `editing`
    /// reworded.
    pub(in crate::app) fn save_card(
        &mut self,
        text: &CardText,
        source: &Source,
        editing: Option<&str>,
    ) {
        let now = self.now;
        if let Some(note) = editing {
            let result = self.store.edit_note(note, text, now);
            if self.saved(result).is_some() {
                self.say(Tone::Info, "card saved");
                self.close_card_editor();
            }
            return;
        }
        let content = match self.open.as_ref() {
            Some(open) if open.id == Some(source.document) => open.reader.doc().content.clone(),
            _ => String::new(),
        };
        let result = self
            .store
            .add_cards(source.document, &source.anchor, text, &content, now);
        let Some(cards) = self.saved(result) else {
            return;
        };
        let made = match cards.len() {
            1 => "card made: [review] reviews".to_string(),
            n => format!("{n} cards made, one per blank: [review] reviews"),
        };
        if let Some(open) = self.open.as_mut() {
            open.remember(Change::CardsMade(cards.iter().map(|c| c.id).collect()));
            open.reader.clear_selection();
        }
        self.overlay = None;
        let made = self.keymap.fill(Mode::Reader, &made);
        self.say(Tone::Info, made);
    }

    /// `C` in the reader: the open text's cards.
    pub(in crate::app) fn open_cards(&mut self) {
        let Some(id) = self.open.as_ref().and_then(|o| o.id) else {
            return;
        };
        self.show_cards(Some(id));
        if matches!(&self.overlay, Some(Overlay::Cards(cards)) if cards.list.is_empty()) {
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
        self.overlay = Some(Overlay::Cards(Box::new(CardList::new(text, titles))));
        self.refresh_cards();
    }

    /// Reloads the card list, if it is open: the cards its query finds now.
    pub(in crate::app) fn refresh_cards(&mut self) {
        let Some(Overlay::Cards(cards)) = self.overlay.as_ref() else {
            return;
        };
        let query = match Query::parse(&cards.list.filter) {
            Ok(query) => query,
            Err(err) => return self.say(Tone::Warning, err.to_string()),
        };
        let found = self.store.cards(cards.text, None).and_then(|found| {
            crate::session::find(&self.store, &query, found, self.now, crate::clock::days())
        });
        let found = match found {
            Ok(found) => found,
            Err(err) => return self.say(Tone::Error, err.to_string()),
        };
        if let Some(Overlay::Cards(cards)) = self.overlay.as_mut() {
            cards.list.set_items(found);
        }
    }

    /// Shows `card` whole, over what is on screen.
    pub(in crate::app) fn show_card_info(&mut self, card: Card) {
        let store = &self.store;
        let known = store
            .logged_answers()
            .and_then(|answers| Ok((answers, store.cards(Some(card.document), None)?)))
            .and_then(|(answers, siblings)| Ok((answers, siblings, store.srs_settings()?)));
        let (answers, siblings, settings) = match known {
            Ok(known) => known,
            Err(err) => return self.say(Tone::Error, err.to_string()),
        };
        let title = self
            .library
            .iter()
            .find(|e| e.id == card.document)
            .map_or_else(String::new, |e| e.title.clone());
        let days = crate::clock::days();
        let info = CardInfo::new(
            card,
            title,
            &answers,
            &siblings,
            self.now,
            days,
            settings.decay(),
        );
        let date = |t: i64| crate::clock::format_local(t, "%Y-%m-%d %H:%M");
        let lines = info.lines(self.now, &date);
        let over = self.overlay.take().map(Box::new);
        self.overlay = Some(Overlay::CardInfo(CardInfoPanel {
            lines,
            scroll: 0,
            over,
        }));
    }

    pub(in crate::app) fn suspend_card(&mut self, card: &Card) {
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

    /// Deletes a card from a list: the text's history or the library list's own undo keeps it.
    pub(in crate::app) fn delete_card(&mut self, id: CardId) {
        let result = self.store.set_card_deleted(id, true, self.now);
        if self.saved(result).is_none() {
            return;
        }
        match (self.overlay.as_mut(), self.open.as_mut()) {
            (Some(Overlay::Cards(cards)), _) if cards.text.is_none() => cards.deleted(id),
            (_, Some(open)) => open.remember(Change::CardDeleted(id)),
            _ => {}
        }
        self.say_keyed(Tone::Info, "card deleted: [undo] to undo");
        self.refresh_cards();
    }

    /// A card deleted from the library's list comes back.
    pub(in crate::app) fn restore_card(&mut self, id: CardId) {
        let result = self.store.set_card_deleted(id, false, self.now);
        if self.saved(result).is_some() {
            self.say(Tone::Info, "card brought back");
            self.refresh_cards();
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

    /// The passage a card was made from, in its text.
    pub(in crate::app) fn visit(&mut self, card: &Card) {
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
            self.screen = Screen::Reader;
        } else {
            self.open_at(card.document, card.anchor.start, None);
        }
    }
}
