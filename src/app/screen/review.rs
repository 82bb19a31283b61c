//! The review session: due cards one at a time, front first; Space shows the back and the
//! passage in context; 1–4 answers (each labelled with the interval it would give); `u` takes
//! the last answer back; `o` visits the card's passage in the reader and `R` comes back. And the
//! statistics screen.

use std::collections::HashMap;

use crate::app::overlay::card_editor::CardEditor;
use crate::app::overlay::help::Help;
use crate::app::{Action, App, Mode, Overlay, STATS_PAGES, Screen, Tone};
use crate::document::DocumentId;
use crate::srs::card::{Card, CardId, ReviewId};
use crate::srs::deck::Scope;
use crate::srs::queue::{Counts, Queue};
use crate::srs::{Grade, Outcome, Scheduler};

pub struct Review {
    pub scheduler: Scheduler,
    pub(in crate::app) queue: Queue,
    /// The card on screen.
    pub card: Option<Card>,
    pub revealed: bool,
    /// What each answer would do to the card on screen.
    pub outcomes: Option<[Outcome; 4]>,
    /// Answers given this session, latest last, for undo.
    pub(in crate::app) answered: Vec<(ReviewId, CardId)>,
    pub counts: Counts,
    /// When the next learning card comes due, when none is due now.
    pub next_learning: Option<i64>,
    /// Titles of the texts cards come from.
    pub(in crate::app) titles: HashMap<DocumentId, String>,
    /// When the card on screen was put there, for the time its answer takes.
    pub(in crate::app) shown_at: i64,
    /// When this session began, and the answers given before it (an earlier session's, when
    /// the reader goes on past a limit).
    pub(in crate::app) session: (i64, usize),
    /// The session's limit (minutes or answers, a setting) is reached.
    pub limit_reached: bool,
    /// Only the cards with this tag are reviewed (the passage cards, say).
    pub only: Option<&'static str>,
    /// What is reviewed: the library, a text, a deck, a query.
    pub scope: Scope,
}

impl Review {
    pub fn title(&self, document: DocumentId) -> &str {
        self.titles.get(&document).map_or("", String::as_str)
    }

    pub fn answered_count(&self) -> usize {
        self.answered.len()
    }
}

impl App {
    pub(in crate::app) fn update_review(&mut self, action: Action) {
        let Some(review) = self.review.as_mut() else {
            self.screen = Screen::Library;
            return;
        };
        match action {
            Action::Reveal if review.card.is_some() => review.revealed = true,
            Action::Answer(n) if review.revealed => {
                if let Some(grade) = Grade::from_number(n) {
                    self.answer(grade);
                }
            }
            Action::Answer(_) => {
                let reveal = self.key(Mode::Review, Action::Reveal);
                self.say(Tone::Info, format!("{reveal} shows the answer first"));
            }
            Action::Undo => self.undo_answer(),
            Action::OpenSource => self.open_source(),
            Action::EditEntry => {
                if let Some(card) = review.card.as_ref() {
                    self.overlay = Some(Overlay::CardEditor(Box::new(CardEditor::edit(card))));
                }
            }
            Action::Suspend => {
                if let Some(card) = review.card.clone() {
                    self.suspend_in_review(&card);
                }
            }
            Action::CardInfo => {
                if let Some(card) = review.card.clone() {
                    self.show_card_info(card);
                }
            }
            Action::Bury => {
                if let Some(card) = review.card.clone() {
                    self.bury_in_review(&card);
                }
            }
            Action::Flag(flag) => {
                if let Some(card) = review.card.clone() {
                    self.flag_in_review(&card, flag);
                }
            }
            Action::Stats => self.show_stats(),
            // Shows a learning card come due, or goes on past the session's limit; with
            // nothing left of a text or a deck, goes on with the library.
            Action::Review => {
                let done = review.card.is_none()
                    && review.next_learning.is_none()
                    && !review.limit_reached
                    && review.scope != Scope::Library;
                self.start_review(done.then_some(Scope::Library));
            }
            // Esc and q go back where the review was started; L to the library.
            Action::Close if self.review_return == Screen::Reader && self.open.is_some() => {
                self.review = None;
                self.screen = Screen::Reader;
            }
            Action::Close | Action::Library => {
                self.review = None;
                self.screen = Screen::Library;
                self.refresh_library();
            }
            Action::Help => self.overlay = Some(Overlay::Help(Help::default())),
            _ => {}
        }
    }

    pub(in crate::app) fn update_stats(&mut self, action: Action) {
        match action {
            Action::Close | Action::Stats => {
                self.screen = self.stats_return;
                self.stats = None;
                if self.screen == Screen::Review {
                    self.refresh_review_card();
                }
            }
            Action::Review => self.start_review(None),
            Action::NextPage => self.stats_page = (self.stats_page + 1) % STATS_PAGES.len(),
            Action::PrevPage => {
                self.stats_page = (self.stats_page + STATS_PAGES.len() - 1) % STATS_PAGES.len()
            }
            Action::Help => self.overlay = Some(Overlay::Help(Help::default())),
            _ => {}
        }
    }
}
