//! The review session's work: starting or resuming one, the queue of due cards, answering and
//! taking an answer back, suspending, visiting a card's passage, and the statistics.

use crate::app::review::Review;
use crate::app::{Action, App, Mode, Screen, Tone};
use crate::clock;
use crate::library;
use crate::srs::card::{Card, CardId};
use crate::srs::deck::Scope;
use crate::srs::queue::{Counts, Queue};
use crate::srs::{Grade, MAX_ANSWER_SECONDS, Scheduler};
use crate::srs::{passage, stats};
use crate::store::Answer;

/// Anki's flags, by number.
const FLAG_NAMES: [&str; 5] = ["none", "red", "orange", "green", "blue"];

impl App {
    /// `gloss review --passages`: reviews the passage cards due only (see
    /// [`crate::srs::passage`]).
    pub fn review_passages(&mut self) {
        self.review = None;
        self.start_review(Some(Scope::Library));
        if let Some(review) = self.review.as_mut() {
            review.only = Some(passage::TAG);
        }
        self.rebuild_queue();
        self.refresh_review_card();
    }

    /// `gloss review SCOPE`: reviews a text, a deck or a query's cards.
    pub fn review_scope(&mut self, scope: Scope) {
        self.review = None;
        self.start_review(Some(scope));
    }

    /// `R`: starts reviewing `scope` (the review under way goes on if it is of it), or
    /// resumes the review under way (`None`).
    pub(in crate::app) fn start_review(&mut self, scope: Option<Scope>) {
        let same = |review: &Review| scope.as_ref().is_none_or(|s| *s == review.scope);
        if self.review.as_deref().is_some_and(|r| !same(r)) {
            self.review = None;
        }
        if let Some(review) = self.review.as_mut() {
            // Past a session's limit, R goes on for another one.
            if review.limit_reached {
                review.session = (self.now, review.answered.len());
                review.limit_reached = false;
            }
            self.screen = Screen::Review;
            self.refresh_review_card();
            return;
        }
        let settings = self.store.srs_settings();
        let Some(settings) = self.saved(settings) else {
            return;
        };
        let scope = scope.unwrap_or(Scope::Library);
        let settings = scope.settings(&settings);
        let scheduler = match Scheduler::new(settings, clock::days()) {
            Ok(s) => s,
            Err(err) => {
                self.say(Tone::Error, err.to_string());
                return;
            }
        };
        // Ending it comes back here (a visit to a card's passage on the way does not count).
        if matches!(self.screen, Screen::Library | Screen::Reader) {
            self.review_return = self.screen;
        }
        let titles = self
            .library
            .iter()
            .map(|e| (e.id, e.title.clone()))
            .collect();
        self.review = Some(Box::new(Review {
            scheduler,
            queue: Queue::default(),
            card: None,
            revealed: false,
            outcomes: None,
            answered: Vec::new(),
            counts: Counts::default(),
            next_learning: None,
            titles,
            shown_at: self.now,
            session: (self.now, 0),
            limit_reached: false,
            only: None,
            scope,
        }));
        self.overlay = None;
        self.screen = Screen::Review;
        self.rebuild_queue();
        self.refresh_review_card();
    }

    /// Builds the queue afresh from the store (on start, and after an undo).
    pub(in crate::app) fn rebuild_queue(&mut self) {
        let Some(review) = self.review.as_ref() else {
            return;
        };
        let queue = crate::session::queue(
            &self.store,
            &review.scope,
            review.only,
            &review.scheduler.settings,
            self.now,
            review.scheduler.days,
        );
        match queue {
            Ok(queue) => {
                if let Some(review) = self.review.as_mut() {
                    review.queue = queue;
                }
            }
            Err(err) => self.say(Tone::Error, err.to_string()),
        }
    }

    /// Puts the next due card on screen (or says there is none).
    pub(in crate::app) fn refresh_review_card(&mut self) {
        let now = self.now;
        let Some(review) = self.review.as_mut() else {
            return;
        };
        review.counts = review.queue.counts();
        review.next_learning = review.queue.next_learning_due();
        review.revealed = false;
        review.card = None;
        review.outcomes = None;
        review.shown_at = now;
        let (since, before) = review.session;
        let answers = review.answered.len().saturating_sub(before);
        review.limit_reached = review.scheduler.settings.session_over(since, answers, now);
        if review.limit_reached {
            return;
        }
        let Some(id) = review.queue.next(now) else {
            return;
        };
        let found = self.store.card(CardId(id));
        let Some(review) = self.review.as_mut() else {
            return;
        };
        match found {
            Ok(Some(card)) => {
                review.outcomes = review
                    .scheduler
                    .outcomes(card.id.0, &card.schedule, now)
                    .ok();
                if !review.titles.contains_key(&card.document)
                    && let Ok(Some(entry)) = self.store.entry(card.document)
                {
                    review.titles.insert(card.document, entry.title);
                }
                review.card = Some(card);
            }
            Ok(None) => {
                // Deleted since the queue was built: skip it.
                review.queue.answered(id, crate::srs::Phase::Review, 0);
                self.refresh_review_card();
            }
            Err(err) => self.say(Tone::Error, err.to_string()),
        }
    }

    /// Suspends the card on screen, and shows the next.
    pub(in crate::app) fn suspend_in_review(&mut self, card: &Card) {
        let result = self.store.set_card_suspended(card.id, true, self.now);
        if self.saved(result).is_some() {
            if let Some(review) = self.review.as_mut() {
                review
                    .queue
                    .answered(card.id.0, crate::srs::Phase::Review, 0);
            }
            let cards = self.key(Mode::Reader, Action::Cards);
            self.say(
                Tone::Info,
                format!("card suspended (unsuspend it from its text: {cards})"),
            );
            self.refresh_review_card();
        }
    }

    /// `-`: the card waits for tomorrow, out of today's queue.
    pub(in crate::app) fn bury_in_review(&mut self, card: &Card) {
        let days = clock::days();
        let tomorrow = days.start(days.day(self.now) + 1);
        let result = self.store.bury_card(card.id, tomorrow);
        if self.saved(result).is_some() {
            if let Some(review) = self.review.as_mut() {
                review
                    .queue
                    .answered(card.id.0, crate::srs::Phase::Review, 0);
            }
            self.say(Tone::Info, "card buried until tomorrow".to_string());
            self.refresh_review_card();
        }
    }

    /// `f 1`…`f 4`: flags the card in a colour (the same again takes it away; `f 0` too).
    pub(in crate::app) fn flag_in_review(&mut self, card: &Card, flag: u8) {
        let flag = if card.flag == flag { 0 } else { flag };
        let result = self.store.set_card_flag(card.id, flag, self.now);
        if self.saved(result).is_some() {
            if let Some(shown) = self.review.as_mut().and_then(|r| r.card.as_mut()) {
                shown.flag = flag;
            }
            let said = match FLAG_NAMES.get(usize::from(flag)) {
                Some(name) if flag > 0 => format!("card flagged {name} (flag:{flag} finds it)"),
                _ => "flag taken away".to_string(),
            };
            self.say(Tone::Info, said);
        }
    }

    pub(in crate::app) fn answer(&mut self, grade: Grade) {
        let now = self.now;
        let Some(review) = self.review.as_mut() else {
            return;
        };
        let Some(card) = review.card.clone() else {
            return;
        };
        // Practice: the card leaves the session, its schedule as it was.
        if matches!(review.scope, Scope::Practice(_)) {
            review.queue.take_out(card.id.0);
            self.refresh_review_card();
            return;
        }
        let outcome = match review
            .scheduler
            .grade(card.id.0, &card.schedule, grade, now)
        {
            Ok(outcome) => outcome,
            Err(err) => {
                self.say(Tone::Error, err.to_string());
                return;
            }
        };
        let answer = Answer {
            consequences: review.scheduler.consequences(&card.schedule, &outcome, now),
            seconds: Some((now - review.shown_at).clamp(0, MAX_ANSWER_SECONDS)),
        };
        let result = self
            .store
            .answer(card.id, &card.schedule, &outcome, answer, now);
        let Some(logged) = self.saved(result) else {
            return;
        };
        if let Some(review) = self.review.as_mut() {
            review.answered.push((logged.review, card.id));
            review
                .queue
                .answered(card.id.0, outcome.schedule.phase, outcome.schedule.due);
            for sibling in &logged.buried {
                review.queue.take_out(sibling.0);
            }
            if answer.consequences.leech {
                review.queue.take_out(card.id.0);
            }
        }
        self.refresh_review_card();
        if answer.consequences.leech {
            let lapses = outcome.schedule.lapses;
            self.say(
                Tone::Warning,
                format!(
                    "a leech: forgotten {lapses} times, the card is suspended and tagged leech \
                     (rewrite it, or unsuspend it from its text's cards)"
                ),
            );
        }
    }

    /// `u`: the last answer is taken back; its card comes back on screen, as it was.
    pub(in crate::app) fn undo_answer(&mut self) {
        let Some((logged, id)) = self.review.as_mut().and_then(|r| r.answered.pop()) else {
            self.say(Tone::Info, "no answer to undo in this session");
            return;
        };
        let result = self.store.undo_answer(logged, self.now);
        if self.saved(result).is_none() {
            return;
        }
        self.rebuild_queue();
        self.refresh_review_card();
        let found = self.store.card(id);
        if let (Some(review), Ok(Some(card))) = (self.review.as_mut(), found) {
            review.outcomes = review
                .scheduler
                .outcomes(card.id.0, &card.schedule, self.now)
                .ok();
            review.card = Some(card);
            review.revealed = false;
        }
        self.say(Tone::Info, "answer undone");
    }

    /// `o`: the card's passage, in the reader; `R` comes back to the review.
    pub(in crate::app) fn open_source(&mut self) {
        let Some(card) = self.review.as_ref().and_then(|r| r.card.clone()) else {
            return;
        };
        if card.orphaned {
            self.say(Tone::Info, "this card's passage is gone from its text");
            return;
        }
        let entry = match self.store.entry(card.document) {
            Ok(Some(entry)) => entry,
            Ok(None) => return,
            Err(err) => {
                self.say(Tone::Error, err.to_string());
                return;
            }
        };
        let same = self
            .open
            .as_ref()
            .is_some_and(|o| o.id == Some(card.document));
        if !same {
            match library::open_entry(&mut self.store, &entry, self.now) {
                Ok(opened) => self.show(opened),
                Err(err) => {
                    self.say(Tone::Error, err.to_string());
                    return;
                }
            }
        }
        self.screen = Screen::Reader;
        self.overlay = None;
        if let Some(open) = self.open.as_mut() {
            let doc = open.reader.doc().clone();
            let range = doc.byte_of(card.anchor.start)..doc.byte_of(card.anchor.end);
            open.reader.jump_to(range.start);
            open.reader.place_cursor(range.start);
            open.reader.start_selection();
            let last = crate::document::motion::last_char_start(&doc.content, range);
            open.reader.place_cursor(last);
        }
        let back = self.key(Mode::Reader, Action::Review);
        self.say(
            Tone::Info,
            format!("the card's passage: {back} goes back to the review"),
        );
    }

    /// The statistics screen.
    pub(in crate::app) fn show_stats(&mut self) {
        let found = self.store.stats_inputs();
        let Some((cards, log)) = self.saved(found) else {
            return;
        };
        self.stats = Some(Box::new(stats::compute(
            &cards,
            &log,
            self.now,
            clock::days(),
        )));
        self.stats_return = self.screen;
        self.stats_page = 0;
        self.screen = Screen::Stats;
        self.overlay = None;
    }
}
