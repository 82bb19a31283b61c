//! The card browser's queries, as a reader types them to find cards across the library: words
//! (in the question, the answer or the passage; `"a phrase"`), `tag:T`, `text:T` (part of the
//! title of the text a card comes from), `is:new|learning|review|due|suspended|leech|buried`,
//! any of them negated with `-`, and `sort:due|ease|lapses|created`. Terms are all required;
//! case is ignored. Anki's search, in small.

use super::Phase;
use super::card::Card;

/// A state a card is in, as `is:` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    New,
    /// In learning or relearning steps.
    Learning,
    Review,
    /// Due now (new cards aside).
    Due,
    Suspended,
    /// Tagged `leech` (see [`crate::srs::Consequences`]).
    Leech,
    /// Waiting for the next day, a sibling having been answered.
    Buried,
}

const STATES: [(&str, State); 7] = [
    ("new", State::New),
    ("learning", State::Learning),
    ("review", State::Review),
    ("due", State::Due),
    ("suspended", State::Suspended),
    ("leech", State::Leech),
    ("buried", State::Buried),
];

/// The order of the cards found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Sort {
    /// Oldest first, as they were made.
    #[default]
    Created,
    /// Soonest due first; new cards last.
    Due,
    /// Hardest first (FSRS difficulty, which Anki shows as ease for FSRS); new cards last.
    Ease,
    /// Most forgotten first.
    Lapses,
}

const SORTS: [(&str, Sort); 4] = [
    ("due", Sort::Due),
    ("ease", Sort::Ease),
    ("lapses", Sort::Lapses),
    ("created", Sort::Created),
];

#[derive(Debug, Clone, PartialEq, Eq)]
enum Term {
    Word(String),
    Tag(String),
    Text(String),
    Is(State),
}

/// A parsed query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// Each term, and whether it is negated.
    terms: Vec<(Term, bool)>,
    pub sort: Sort,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("no state is:{0}; states: {states}", states = names(&STATES))]
    State(String),
    #[error("no order sort:{0}; orders: {orders}", orders = names(&SORTS))]
    Sort(String),
}

fn names<T>(table: &[(&str, T)]) -> String {
    table.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
}

/// What a card is, beyond itself, for a query: the title of its text, whether it is buried,
/// and the time.
pub struct Context<'a> {
    pub title: &'a str,
    pub buried: bool,
    pub now: i64,
}

impl Query {
    pub fn parse(text: &str) -> Result<Query, QueryError> {
        let mut query = Query::default();
        for token in tokens(text) {
            let (negated, token) = match token.strip_prefix('-') {
                Some(rest) if !rest.is_empty() => (true, rest.to_string()),
                _ => (false, token),
            };
            let lower = token.to_lowercase();
            let term = if let Some(tag) = lower.strip_prefix("tag:") {
                Term::Tag(tag.trim_start_matches('#').to_string())
            } else if let Some(title) = lower.strip_prefix("text:") {
                Term::Text(title.to_string())
            } else if let Some(state) = lower.strip_prefix("is:") {
                let found = STATES.iter().find(|(n, _)| *n == state);
                Term::Is(found.ok_or_else(|| QueryError::State(state.to_string()))?.1)
            } else if let Some(order) = lower.strip_prefix("sort:") {
                let found = SORTS.iter().find(|(n, _)| *n == order);
                query.sort = found.ok_or_else(|| QueryError::Sort(order.to_string()))?.1;
                continue;
            } else {
                Term::Word(lower)
            };
            query.terms.push((term, negated));
        }
        Ok(query)
    }

    pub fn matches(&self, card: &Card, context: &Context<'_>) -> bool {
        self.terms
            .iter()
            .all(|(term, negated)| term_matches(term, card, context) != *negated)
    }

    /// Puts `cards` in the query's order (stable: ties keep the order they came in).
    pub fn sort(&self, cards: &mut [Card]) {
        // New cards have no due date or difficulty worth sorting by: they go last.
        let new = |c: &Card| c.schedule.phase == Phase::New;
        match self.sort {
            Sort::Created => cards.sort_by_key(|c| (c.created_at, c.id)),
            Sort::Due => cards.sort_by_key(|c| (new(c), c.schedule.due)),
            Sort::Ease => cards.sort_by(|a, b| {
                let difficulty = |c: &Card| c.schedule.memory.map_or(0.0, |m| m.difficulty);
                (new(a), difficulty(b))
                    .partial_cmp(&(new(b), difficulty(a)))
                    .unwrap_or(std::cmp::Ordering::Equal)
            }),
            Sort::Lapses => cards.sort_by_key(|c| std::cmp::Reverse(c.schedule.lapses)),
        }
    }
}

fn term_matches(term: &Term, card: &Card, context: &Context<'_>) -> bool {
    match term {
        Term::Word(word) => [&card.front, &card.back, &card.anchor.quote]
            .iter()
            .any(|field| field.to_lowercase().contains(word.as_str())),
        Term::Tag(tag) => card.tags.iter().any(|t| t == tag),
        Term::Text(title) => context.title.to_lowercase().contains(title.as_str()),
        Term::Is(state) => {
            let phase = card.schedule.phase;
            match state {
                State::New => phase == Phase::New,
                State::Learning => matches!(phase, Phase::Learning | Phase::Relearning),
                State::Review => phase == Phase::Review,
                State::Due => {
                    !card.suspended
                        && !context.buried
                        && phase != Phase::New
                        && card.schedule.due <= context.now
                }
                State::Suspended => card.suspended,
                State::Leech => card.tags.iter().any(|t| t == "leech"),
                State::Buried => context.buried,
            }
        }
    }
}

/// The query's words and terms: split at spaces, but `"a phrase"` (or `tag:"two words"`) is
/// one.
fn tokens(text: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !current.is_empty() {
                    tokens.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        tokens.push(current);
    }
    tokens
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::anchor::Anchor;
    use crate::document::DocumentId;
    use crate::srs::card::{CardId, CardKind};
    use crate::srs::{Memory, Schedule};

    pub(crate) fn card(id: i64, front: &str, tags: &[&str], phase: Phase, due: i64) -> Card {
        Card {
            id: CardId(id),
            uuid: format!("u{id}"),
            note_uuid: format!("n{id}"),
            document: DocumentId(1),
            anchor: Anchor {
                start: 0,
                end: 10,
                quote: "the passage quoted".into(),
                prefix: String::new(),
                suffix: String::new(),
            },
            orphaned: false,
            kind: CardKind::Basic,
            front: front.into(),
            back: "An answer".into(),
            cloze: None,
            tags: tags.iter().map(|t| t.to_string()).collect(),
            suspended: false,
            schedule: Schedule {
                phase,
                due,
                memory: (phase != Phase::New).then_some(Memory {
                    stability: 3.0,
                    difficulty: id as f32,
                }),
                lapses: id as u32,
                ..Schedule::new(due)
            },
            created_at: id,
            modified_at: id,
        }
    }

    fn found(query: &str, cards: &[Card], title: &str, now: i64) -> Vec<i64> {
        let query = Query::parse(query).unwrap();
        let context = Context {
            title,
            buried: false,
            now,
        };
        let mut hits: Vec<Card> = cards
            .iter()
            .filter(|c| query.matches(c, &context))
            .cloned()
            .collect();
        query.sort(&mut hits);
        hits.iter().map(|c| c.id.0).collect()
    }

    #[test]
    fn words_tags_titles_and_states_are_all_required() {
        let mut suspended = card(
            3,
            "Who dissolved the Comintern?",
            &["leech"],
            Phase::Review,
            50,
        );
        suspended.suspended = true;
        let cards = [
            card(
                1,
                "When was the Comintern founded?",
                &["comintern"],
                Phase::New,
                0,
            ),
            card(
                2,
                "Who led the Red Army?",
                &["civil-war"],
                Phase::Review,
                200,
            ),
            suspended,
            card(4, "What was the NEP?", &["economy"], Phase::Learning, 90),
        ];
        let now = 100;
        assert_eq!(found("comintern", &cards, "Essay", now), [1, 3]);
        assert_eq!(found("COMINTERN -is:suspended", &cards, "Essay", now), [1]);
        assert_eq!(found("tag:#comintern", &cards, "Essay", now), [1]);
        assert_eq!(found("is:suspended", &cards, "Essay", now), [3]);
        assert_eq!(found("is:leech", &cards, "Essay", now), [3]);
        assert_eq!(
            found("is:due", &cards, "Essay", now),
            [4],
            "due, not suspended, not new"
        );
        assert_eq!(found("is:new", &cards, "Essay", now), [1]);
        assert_eq!(found("\"red army\"", &cards, "Essay", now), [2]);
        assert_eq!(
            found("passage text:essay", &cards, "An Essay", now).len(),
            4
        );
        assert!(found("text:letter", &cards, "An Essay", now).is_empty());
        assert_eq!(found("", &cards, "Essay", now), [1, 2, 3, 4]);
    }

    #[test]
    fn cards_are_sorted_by_due_ease_or_lapses() {
        let cards = [
            card(1, "a", &[], Phase::Review, 300),
            card(2, "b", &[], Phase::New, 0),
            card(3, "c", &[], Phase::Review, 100),
        ];
        assert_eq!(
            found("sort:due", &cards, "", 0),
            [3, 1, 2],
            "new cards last"
        );
        assert_eq!(
            found("sort:ease", &cards, "", 0),
            [3, 1, 2],
            "hardest first"
        );
        assert_eq!(found("sort:lapses", &cards, "", 0), [3, 2, 1]);
        assert_eq!(found("sort:created", &cards, "", 0), [1, 2, 3]);
    }

    #[test]
    fn unknown_states_and_orders_say_what_there_is() {
        let err = Query::parse("is:late").unwrap_err().to_string();
        assert!(
            err.contains("is:late") && err.contains("suspended, leech"),
            "{err}"
        );
        let err = Query::parse("sort:random").unwrap_err().to_string();
        assert!(err.contains("due, ease, lapses"), "{err}");
        // A lone `-` is a word, not a negation of nothing.
        assert_eq!(Query::parse("-").unwrap().terms.len(), 1);
    }
}
