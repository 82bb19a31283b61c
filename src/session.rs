//! What a review session reads from the store: the cards its scope holds (a text's, a deck's
//! or a query's, see [`crate::srs::deck`]) and the queue they make today, within the scope's
//! own daily limits. For the reader's review and for `gloss decks`.

use std::collections::HashSet;

use crate::srs::Phase;
use crate::srs::browse::{self, Query};
use crate::srs::card::CardId;
use crate::srs::deck::{self, Scope};
use crate::srs::queue::{Candidate, Queue};
use crate::srs::{Days, Settings};
use crate::store::{Result, Store};

/// The cards `scope` holds; `None` for the library (all of them). A query that does not parse
/// (checked when it was given or saved) holds none.
pub fn scope_cards(
    store: &Store,
    scope: &Scope,
    now: i64,
    days: Days,
) -> Result<Option<HashSet<CardId>>> {
    let cards = match scope {
        Scope::Library => return Ok(None),
        Scope::Text { id, .. } => store.cards(Some(*id), None)?,
        Scope::Deck(_) | Scope::Query(_) | Scope::Practice(_) => {
            let Ok(query) = Query::parse(scope.query().unwrap_or("")) else {
                return Ok(Some(HashSet::new()));
            };
            let answers = match query.needs_answers() {
                true => browse::answers_by_card(store.logged_answers()?),
                false => Default::default(),
            };
            let titles = store.titles()?;
            let title = |d| titles.get(&d).map_or("", String::as_str);
            let buried = store.buried_cards(now)?;
            let world = browse::World {
                title: &title,
                buried: &buried,
                answers: &answers,
                now,
                days,
                decay: store.srs_settings()?.decay(),
            };
            browse::search(&query, store.cards(None, None)?, &world)
        }
    };
    Ok(Some(cards.into_iter().map(|c| c.id).collect()))
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
    if let Scope::Practice(_) = scope {
        return practice(store, scope, settings, now, days);
    }
    let tomorrow = days.start(days.day(now) + 1);
    let today_start = days.start(days.day(now));
    let candidates = store.candidates(tomorrow, now, only)?;
    let (candidates, today) = match scope_cards(store, scope, now, days)? {
        None => (candidates, store.today(today_start)?),
        Some(cards) => {
            let today = deck::today_of(&cards, &store.answers_since(today_start)?);
            let held = candidates
                .into_iter()
                .filter(|c| cards.contains(&CardId(c.id)))
                .collect();
            (held, today)
        }
    };
    Ok(Queue::build(&candidates, now, days, settings, today))
}

/// A practice session's queue: every card of the scope but the suspended, due now, in the
/// order they were made, with no daily limit.
fn practice(
    store: &Store,
    scope: &Scope,
    settings: &Settings,
    now: i64,
    days: Days,
) -> Result<Queue> {
    let held = scope_cards(store, scope, now, days)?.unwrap_or_default();
    let candidates: Vec<Candidate> = store
        .cards(None, None)?
        .into_iter()
        .filter(|c| held.contains(&c.id) && !c.suspended)
        .map(|c| Candidate {
            id: c.id.0,
            phase: Phase::Review,
            due: now - 1,
            created: c.created_at,
        })
        .collect();
    let unlimited = Settings {
        reviews_per_day: u32::MAX,
        ..settings.clone()
    };
    Ok(Queue::build(
        &candidates,
        now,
        days,
        &unlimited,
        Default::default(),
    ))
}
