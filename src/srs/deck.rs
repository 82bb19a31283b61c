//! What a review is of (its scope): the whole library, one text, a query, or a deck, which is
//! a query saved under a name with its own settings (a new-per-day limit of its own, a
//! retention...), as Anki's decks with their presets. A card is in a deck when the deck's query
//! finds it, so one card may be in several.

use std::collections::HashSet;

use super::Phase;
use super::card::CardId;
use super::queue::Today;
use super::settings::{self, SettingError, Settings};
use crate::document::DocumentId;

/// The settings a deck may have of its own.
pub const DECK_KEYS: [&str; 5] = [
    "new-per-day",
    "reviews-per-day",
    "retention",
    "learning-steps",
    "relearning-steps",
];

/// A deck: a name, the query that finds its cards, and its own settings (by the names `gloss
/// config` takes, values as kept).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deck {
    pub name: String,
    pub query: String,
    pub settings: Vec<(String, String)>,
}

impl Deck {
    /// The library's settings with the deck's own over them.
    pub fn settings_over(&self, library: &Settings) -> Settings {
        library.overridden(self.settings.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }
}

/// Checks a deck setting: one of [`DECK_KEYS`], with a value its rule allows; the value as kept.
pub fn check(key: &str, value: &str) -> Result<String, SettingError> {
    if !DECK_KEYS.contains(&key) {
        return Err(SettingError::NotForDecks(key.to_string()));
    }
    settings::check(key, value)
}

/// What a review is of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    Library,
    /// One text's cards.
    Text {
        id: DocumentId,
        title: String,
    },
    Deck(Deck),
    /// The cards a query finds.
    Query(String),
    /// A filtered session (Anki's custom study with rescheduling off): every card the query
    /// finds, due or not; answering one changes nothing of its schedule.
    Practice(String),
}

impl Scope {
    /// What the review's header calls it.
    pub fn name(&self) -> String {
        match self {
            Scope::Library => "the library".to_string(),
            Scope::Text { title, .. } => title.clone(),
            Scope::Deck(deck) => format!("deck {}", deck.name),
            Scope::Query(query) => format!("“{query}”"),
            Scope::Practice(query) => format!("practice “{query}” (answers change nothing)"),
        }
    }

    /// The query that finds its cards, for a deck or a query.
    pub fn query(&self) -> Option<&str> {
        match self {
            Scope::Deck(deck) => Some(&deck.query),
            Scope::Query(query) | Scope::Practice(query) => Some(query),
            Scope::Library | Scope::Text { .. } => None,
        }
    }

    /// The settings its review follows.
    pub fn settings(&self, library: &Settings) -> Settings {
        match self {
            Scope::Deck(deck) => deck.settings_over(library),
            _ => library.clone(),
        }
    }
}

/// What the cards of `cards` were given today, against the scope's daily limits: `answers` are
/// the day's (card, phase before).
pub fn today_of(cards: &HashSet<CardId>, answers: &[(CardId, Phase)]) -> Today {
    let mut today = Today::default();
    for (_, phase) in answers.iter().filter(|(c, _)| cards.contains(c)) {
        match phase {
            Phase::New => today.new_done += 1,
            Phase::Review => today.reviews_done += 1,
            _ => {}
        }
    }
    today
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_decks_settings_go_over_the_librarys() {
        let deck = Deck {
            name: "Spanish".into(),
            query: "tag:spanish".into(),
            settings: vec![("new-per-day".into(), "5".into())],
        };
        let library = Settings::default();
        let settings = Scope::Deck(deck).settings(&library);
        assert_eq!(settings.new_per_day, 5);
        assert_eq!(settings.reviews_per_day, library.reviews_per_day);
        assert!(check("new-per-day", "3").is_ok());
        let err = check("fuzz", "off").unwrap_err().to_string();
        assert!(err.contains("a deck has no fuzz of its own"), "{err}");
        assert!(check("retention", "2").is_err());
    }

    #[test]
    fn a_scopes_day_counts_its_own_cards() {
        let cards: HashSet<CardId> = [CardId(1), CardId(2)].into();
        let answers = [
            (CardId(1), Phase::New),
            (CardId(2), Phase::Review),
            (CardId(3), Phase::New),
            (CardId(1), Phase::Learning),
        ];
        assert_eq!(
            today_of(&cards, &answers),
            Today {
                new_done: 1,
                reviews_done: 1
            }
        );
    }
}
