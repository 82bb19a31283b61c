//! What card searches and review sessions read from the store: the texts' titles, the buried
//! cards, the answers (only when a query asks about them) and the forgetting curve, read once
//! for a search ([`Lookup`]); the cards a scope holds (a text's, a deck's or a query's, see
//! [`crate::srs::deck`]); and the queue they make today within the scope's own daily limits,
//! for the review, `gloss decks` and the library's line of decks.

use std::collections::{HashMap, HashSet};

use crate::document::DocumentId;
use crate::srs::Phase;
use crate::srs::browse::{self, Query};
use crate::srs::card::{Card, CardId, LoggedAnswer};
use crate::srs::deck::{self, Deck, Scope};
use crate::srs::queue::{Candidate, Counts, Queue, Today};
use crate::srs::{Days, Settings};
use crate::store::{Result, Store};

/// What a search of the cards reads from the store besides the cards.
pub struct Lookup {
    titles: HashMap<DocumentId, String>,
    buried: HashSet<CardId>,
    answers: HashMap<CardId, Vec<LoggedAnswer>>,
    decay: f32,
    now: i64,
    days: Days,
}

impl Lookup {
    /// Reads it for queries of which some may ask about answers (`rated:`): the log is read
    /// only then.
    pub fn load(store: &Store, answers: bool, now: i64, days: Days) -> Result<Lookup> {
        Ok(Lookup {
            titles: store.titles()?,
            buried: store.buried_cards(now)?,
            answers: match answers {
                true => browse::answers_by_card(store.logged_answers()?),
                false => HashMap::new(),
            },
            decay: store.srs_settings()?.decay(),
            now,
            days,
        })
    }

    /// The cards of `cards` `query` finds, in its order.
    pub fn search(&self, query: &Query, cards: Vec<Card>) -> Vec<Card> {
        let title = |d| self.titles.get(&d).map_or("", String::as_str);
        let world = browse::World {
            title: &title,
            buried: &self.buried,
            answers: &self.answers,
            now: self.now,
            days: self.days,
            decay: self.decay,
        };
        browse::search(query, cards, &world)
    }
}

/// The cards of `cards` `query` finds, in its order.
pub fn find(
    store: &Store,
    query: &Query,
    cards: Vec<Card>,
    now: i64,
    days: Days,
) -> Result<Vec<Card>> {
    Ok(Lookup::load(store, query.needs_answers(), now, days)?.search(query, cards))
}

/// The cards `scope` holds among `cards` (every card); `None` for the library (all of them).
/// A query that does not parse (checked when it was given or saved) holds none.
fn held(scope: &Scope, cards: &[Card], lookup: &Lookup) -> Option<HashSet<CardId>> {
    let ids = |found: Vec<Card>| found.into_iter().map(|c| c.id).collect();
    match scope {
        Scope::Library => None,
        Scope::Text { id, .. } => Some(
            cards
                .iter()
                .filter(|c| c.document == *id)
                .map(|c| c.id)
                .collect(),
        ),
        Scope::Deck(_) | Scope::Query(_) | Scope::Practice(_) => {
            match Query::parse(scope.query().unwrap_or("")) {
                Ok(query) => Some(ids(lookup.search(&query, cards.to_vec()))),
                Err(_) => Some(HashSet::new()),
            }
        }
    }
}

/// Whether any of `scopes` asks about answers.
fn ask_about_answers<'a>(scopes: impl IntoIterator<Item = &'a Scope>) -> bool {
    scopes.into_iter().any(|s| {
        s.query()
            .and_then(|q| Query::parse(q).ok())
            .is_some_and(|q| q.needs_answers())
    })
}

/// What every scope's queue is made from, read once.
struct Day {
    cards: Vec<Card>,
    candidates: Vec<Candidate>,
    answered: Vec<(CardId, Phase)>,
    /// The library's day (every answer counts, a deleted card's too).
    library_today: Today,
    lookup: Lookup,
    now: i64,
    days: Days,
}

impl Day {
    fn load<'a>(
        store: &Store,
        scopes: impl IntoIterator<Item = &'a Scope> + Clone,
        only: Option<&str>,
        now: i64,
        days: Days,
    ) -> Result<Day> {
        let tomorrow = days.start(days.day(now) + 1);
        let today_start = days.start(days.day(now));
        Ok(Day {
            cards: store.cards(None, None)?,
            candidates: store.candidates(tomorrow, now, only)?,
            answered: store.answers_since(today_start)?,
            library_today: store.today(today_start)?,
            lookup: Lookup::load(store, ask_about_answers(scopes), now, days)?,
            now,
            days,
        })
    }

    /// Today's queue of `scope`, by `settings` (the scope's).
    fn queue(&self, scope: &Scope, settings: &Settings) -> Queue {
        let held = held(scope, &self.cards, &self.lookup);
        if let Scope::Practice(_) = scope {
            return self.practice(&held.unwrap_or_default(), settings);
        }
        let (candidates, today) = match held {
            None => (self.candidates.clone(), self.library_today),
            Some(held) => (
                self.candidates
                    .iter()
                    .filter(|c| held.contains(&CardId(c.id)))
                    .copied()
                    .collect(),
                deck::today_of(&held, &self.answered),
            ),
        };
        Queue::build(&candidates, self.now, self.days, settings, today)
    }

    /// A practice session's queue: every card of the scope but the suspended, due now, in the
    /// order they were made, with no daily limit.
    fn practice(&self, held: &HashSet<CardId>, settings: &Settings) -> Queue {
        let candidates: Vec<Candidate> = self
            .cards
            .iter()
            .filter(|c| held.contains(&c.id) && !c.suspended)
            .map(|c| Candidate {
                id: c.id.0,
                phase: Phase::Review,
                due: self.now - 1,
                created: c.created_at,
            })
            .collect();
        let unlimited = Settings {
            reviews_per_day: u32::MAX,
            ..settings.clone()
        };
        Queue::build(
            &candidates,
            self.now,
            self.days,
            &unlimited,
            Today::default(),
        )
    }
}

/// Today's queue of `scope` (of its cards tagged `only`, when given), by `settings` (the
/// scope's).
pub fn queue(
    store: &Store,
    scope: &Scope,
    only: Option<&str>,
    settings: &Settings,
    now: i64,
    days: Days,
) -> Result<Queue> {
    Ok(Day::load(store, [scope], only, now, days)?.queue(scope, settings))
}

/// Every deck with what it has today (new, learning, due), by its own settings; the store read
/// once for all of them.
pub fn deck_counts(store: &Store, now: i64, days: Days) -> Result<Vec<(Deck, Counts)>> {
    let decks = store.decks()?;
    if decks.is_empty() {
        return Ok(Vec::new());
    }
    let library = store.srs_settings()?;
    let scopes: Vec<Scope> = decks.iter().cloned().map(Scope::Deck).collect();
    let day = Day::load(store, &scopes, None, now, days)?;
    Ok(decks
        .into_iter()
        .zip(&scopes)
        .map(|(d, scope)| {
            let counts = day.queue(scope, &d.settings_over(&library)).counts();
            (d, counts)
        })
        .collect())
}
