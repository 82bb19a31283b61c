//! The card browser's queries, in Anki's search language: words (in the question, the answer
//! or the passage; `"a phrase"`, `*` any letters, `_` one), terms joined by spaces or `and`,
//! `or`, `-` to negate, parentheses; `tag:T` (and its subtags `T::…`), `deck:D` (the text a
//! card comes from, by title, and what is under it `D::…`), `is:new|learn|review|due|suspended|
//! buried|leech`, `rated:N[:grade]` (answered in the last N days), `added:N`,
//! `prop:ivl|due|reps|lapses|s|d|r` compared with `<`, `<=`, `=`, `!=`, `>=`, `>`, and the
//! fields `front:`, `back:` (a basic card's), `text:`, `"back extra:"` (a cloze's), whole and
//! with wildcards, `flag:N`. And gloss's `sort:due|ease|lapses|created`. Case is ignored. What
//! Anki has and gloss does not (`re:`, `dupe:`, …) is an error that names it, never an empty
//! result.
//!
//! Days are the reviewer's (starting at 4 in the morning, as Anki's): `rated:1` is today,
//! `prop:due=1` tomorrow.

use std::collections::{HashMap, HashSet};

use super::card::{Card, CardId, CardKind, LoggedAnswer};
use super::{Days, Grade, Phase};
use crate::document::DocumentId;

/// Parentheses nested deeper than this are refused (the parser recurses on them).
const MOST_NESTED: usize = 32;
/// How far ahead a learning card counts as due (Anki's "learn ahead").
const LEARN_AHEAD_SECS: i64 = super::queue::LEARN_AHEAD_SECS;

/// A state a card is in, as `is:` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    New,
    /// In learning or relearning steps.
    Learning,
    /// In review or relearning (Anki's review cards, lapsed ones too).
    Review,
    /// Due now: a review card due by today, a learning card within 20 minutes.
    Due,
    Suspended,
    /// Tagged `leech` (see [`crate::srs::Consequences`]).
    Leech,
    /// Waiting for the next day, a sibling having been answered.
    Buried,
}

const STATES: [(&str, State); 8] = [
    ("new", State::New),
    ("learn", State::Learning),
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

/// A card's fields as Anki's note types name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    /// A basic card's question.
    Front,
    /// A basic card's answer.
    Back,
    /// A cloze card's text.
    Text,
    /// A cloze card's extra.
    BackExtra,
}

const FIELDS: [(&str, Field); 4] = [
    ("front", Field::Front),
    ("back", Field::Back),
    ("text", Field::Text),
    ("back extra", Field::BackExtra),
];

/// What `prop:` compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Prop {
    /// The interval, in days.
    Ivl,
    /// Days from today to the card's due day.
    Due,
    Reps,
    Lapses,
    /// FSRS stability, in days.
    Stability,
    /// FSRS difficulty, from 0 to 1 (as Anki searches it: (D - 1) / 9).
    Difficulty,
    /// The chance of recall now.
    Retrievability,
}

const PROPS: [(&str, Prop); 7] = [
    ("ivl", Prop::Ivl),
    ("due", Prop::Due),
    ("reps", Prop::Reps),
    ("lapses", Prop::Lapses),
    ("s", Prop::Stability),
    ("d", Prop::Difficulty),
    ("r", Prop::Retrievability),
];

/// Anki's searches gloss has no equivalent for (yet): refused by name.
const ANKIS_ONLY: [&str; 13] = [
    "re",
    "dupe",
    "nc",
    "card",
    "note",
    "nid",
    "cid",
    "mid",
    "introduced",
    "edited",
    "resched",
    "preset",
    "prop:pos",
];

#[derive(Debug, Clone, Copy, PartialEq)]
enum Cmp {
    Lt,
    Le,
    Eq,
    Ne,
    Ge,
    Gt,
}

impl Cmp {
    fn holds(self, a: f64, b: f64) -> bool {
        match self {
            Cmp::Lt => a < b,
            Cmp::Le => a <= b,
            Cmp::Eq => a == b,
            Cmp::Ne => a != b,
            Cmp::Ge => a >= b,
            Cmp::Gt => a > b,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Term {
    /// Within any of the question, the answer, the passage.
    Word(Pattern),
    /// A whole field.
    Field(Field, Pattern),
    Tag(Pattern),
    Deck(Pattern),
    Is(State),
    Rated {
        days: u32,
        grade: Option<Grade>,
    },
    Added(u32),
    Prop(Prop, Cmp, f64),
    /// 0 for none, 1 red, 2 orange, 3 green, 4 blue.
    Flag(u8),
}

#[derive(Debug, Clone, PartialEq)]
enum Node {
    All(Vec<Node>),
    Any(Vec<Node>),
    Not(Box<Node>),
    Term(Term),
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    root: Node,
    pub sort: Sort,
}

impl Default for Query {
    fn default() -> Query {
        Query {
            root: Node::All(Vec::new()),
            sort: Sort::default(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("no state is:{0}; states: {states}", states = names(&STATES))]
    State(String),
    #[error("no order sort:{0}; orders: {orders}", orders = names(&SORTS))]
    Sort(String),
    #[error("no property prop:{0}; properties: {props} (as in prop:ivl>=10)", props = names(&PROPS))]
    Prop(String),
    #[error("`{0}:` is Anki's, and gloss cannot search by it yet")]
    AnkisOnly(String),
    #[error(
        "no field or search `{0}:`; fields: front, back, text, \"back extra\"; searches: tag, deck, is, rated, added, prop, sort"
    )]
    Unknown(String),
    #[error("`{term}`: {why}")]
    Malformed { term: String, why: &'static str },
    #[error("unbalanced parentheses")]
    Parentheses,
    #[error("`{0}` has nothing to join on one side")]
    Dangling(String),
    #[error("parentheses nested more than {MOST_NESTED} deep")]
    TooNested,
}

fn names<T>(table: &[(&str, T)]) -> String {
    table.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
}

/// What a card is, beyond itself, for a query.
pub struct Context<'a> {
    /// The title of the text it comes from.
    pub title: &'a str,
    pub buried: bool,
    pub now: i64,
    pub days: Days,
    /// Its answers (any order).
    pub answers: &'a [LoggedAnswer],
    /// The forgetting curve's decay (FSRS's last parameter).
    pub decay: f32,
}

/// What a search needs besides the cards.
pub struct World<'a, 't> {
    /// The title of a text.
    pub title: &'a dyn Fn(DocumentId) -> &'t str,
    pub buried: &'a HashSet<CardId>,
    /// The answers of each card (gathered only when [`Query::needs_answers`]).
    pub answers: &'a HashMap<CardId, Vec<LoggedAnswer>>,
    pub now: i64,
    pub days: Days,
    pub decay: f32,
}

/// Each card's answers.
pub fn answers_by_card(log: Vec<LoggedAnswer>) -> HashMap<CardId, Vec<LoggedAnswer>> {
    let mut by_card: HashMap<CardId, Vec<LoggedAnswer>> = HashMap::new();
    for answer in log {
        by_card.entry(answer.card).or_default().push(answer);
    }
    by_card
}

/// The cards the query finds, in its order.
pub fn search(query: &Query, cards: Vec<Card>, world: &World<'_, '_>) -> Vec<Card> {
    let mut found: Vec<Card> = cards
        .into_iter()
        .filter(|c| {
            let context = Context {
                title: (world.title)(c.document),
                buried: world.buried.contains(&c.id),
                now: world.now,
                days: world.days,
                answers: world.answers.get(&c.id).map_or(&[], Vec::as_slice),
                decay: world.decay,
            };
            query.matches(c, &context)
        })
        .collect();
    query.sort(&mut found);
    found
}

impl Query {
    pub fn parse(text: &str) -> Result<Query, QueryError> {
        let mut parser = Parser {
            tokens: tokens(text),
            at: 0,
            sort: Sort::default(),
        };
        let root = parser.any(0)?;
        if parser.at < parser.tokens.len() {
            return Err(QueryError::Parentheses);
        }
        Ok(Query {
            root,
            sort: parser.sort,
        })
    }

    /// Whether the query asks about answers (`rated:`): the caller need not gather them
    /// otherwise.
    pub fn needs_answers(&self) -> bool {
        fn walk(node: &Node) -> bool {
            match node {
                Node::All(list) | Node::Any(list) => list.iter().any(walk),
                Node::Not(inner) => walk(inner),
                Node::Term(term) => matches!(term, Term::Rated { .. }),
            }
        }
        walk(&self.root)
    }

    pub fn matches(&self, card: &Card, context: &Context<'_>) -> bool {
        node_matches(&self.root, card, context)
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

/// A piece of a query as typed.
#[derive(Debug, Clone, PartialEq)]
enum Token {
    Open,
    Close,
    Not,
    Or,
    And,
    /// A word or a `key:value` term, quotes taken away, backslash escapes kept.
    Text(String),
}

/// The query's tokens: split at spaces and parentheses, but `"a phrase"` (or `tag:"two
/// words"`, `"back extra:x"`) is one; `-` before a term or `(` negates it; `or` and `and`
/// (unquoted, any case) join.
fn tokens(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut was_quoted = false;
    let mut chars = text.chars().peekable();
    let end = |current: &mut String, was_quoted: &mut bool, tokens: &mut Vec<Token>| {
        if current.is_empty() && !*was_quoted {
            return;
        }
        let word = std::mem::take(current);
        tokens.push(match (word.to_lowercase().as_str(), *was_quoted) {
            ("or", false) => Token::Or,
            ("and", false) => Token::And,
            _ => Token::Text(word),
        });
        *was_quoted = false;
    };
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                current.push('\\');
                if let Some(next) = chars.next() {
                    current.push(next);
                }
            }
            '"' => {
                quoted = !quoted;
                was_quoted = true;
            }
            c if quoted => current.push(c),
            c if c.is_whitespace() => end(&mut current, &mut was_quoted, &mut tokens),
            '(' | ')' => {
                end(&mut current, &mut was_quoted, &mut tokens);
                tokens.push(if c == '(' { Token::Open } else { Token::Close });
            }
            '-' if current.is_empty()
                && !was_quoted
                && chars.peek().is_some_and(|n| !n.is_whitespace()) =>
            {
                tokens.push(Token::Not);
            }
            c => current.push(c),
        }
    }
    end(&mut current, &mut was_quoted, &mut tokens);
    tokens
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
    sort: Sort,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    /// Terms joined by `or`.
    fn any(&mut self, depth: usize) -> Result<Node, QueryError> {
        let mut any = vec![self.all(depth)?];
        while self.peek() == Some(&Token::Or) {
            self.at += 1;
            let next = self.all(depth)?;
            if matches!(&next, Node::All(list) if list.is_empty()) {
                return Err(QueryError::Dangling("or".into()));
            }
            any.push(next);
        }
        Ok(match any.len() {
            1 => any.remove(0),
            _ => Node::Any(any),
        })
    }

    /// Terms side by side (or joined by `and`): all required.
    fn all(&mut self, depth: usize) -> Result<Node, QueryError> {
        let mut all = Vec::new();
        loop {
            match self.peek() {
                None | Some(Token::Close | Token::Or) => break,
                Some(Token::And) => {
                    self.at += 1;
                    if all.is_empty()
                        || matches!(self.peek(), None | Some(Token::Close | Token::Or))
                    {
                        return Err(QueryError::Dangling("and".into()));
                    }
                }
                Some(_) => all.push(self.one(depth)?),
            }
        }
        Ok(match all.len() {
            1 => all.remove(0),
            _ => Node::All(all),
        })
    }

    /// A term, a negated one, or a group in parentheses.
    fn one(&mut self, depth: usize) -> Result<Node, QueryError> {
        let token = self.tokens.get(self.at).cloned();
        self.at += 1;
        match token {
            Some(Token::Not) => Ok(Node::Not(Box::new(self.one(depth)?))),
            Some(Token::Open) => {
                if depth >= MOST_NESTED {
                    return Err(QueryError::TooNested);
                }
                let inner = self.any(depth + 1)?;
                if self.peek() != Some(&Token::Close) {
                    return Err(QueryError::Parentheses);
                }
                self.at += 1;
                Ok(inner)
            }
            Some(Token::Text(text)) => self.term(&text),
            Some(Token::Close) | None => Err(QueryError::Parentheses),
            Some(Token::Or) => Err(QueryError::Dangling("or".into())),
            Some(Token::And) => Err(QueryError::Dangling("and".into())),
        }
    }

    fn term(&mut self, text: &str) -> Result<Node, QueryError> {
        let Some((key, value)) = split_key(text) else {
            return Ok(Node::Term(Term::Word(Pattern::new(text))));
        };
        let lower = key.to_lowercase();
        let malformed = |why| QueryError::Malformed {
            term: text.to_string(),
            why,
        };
        if value.is_empty() {
            return Err(malformed("nothing after the colon"));
        }
        let value_lower = value.to_lowercase();
        let number = |s: &str| -> Result<u32, QueryError> {
            s.parse::<u32>()
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| malformed("a number of days from 1 is wanted"))
        };
        let term = match lower.as_str() {
            "tag" => Term::Tag(Pattern::new(value.trim_start_matches('#'))),
            "deck" => Term::Deck(Pattern::new(value)),
            "is" => {
                let found = STATES.iter().find(|(n, _)| *n == value_lower);
                Term::Is(
                    found
                        .ok_or_else(|| QueryError::State(value_lower.clone()))?
                        .1,
                )
            }
            "rated" => {
                let (days, grade) = match value.split_once(':') {
                    Some((days, grade)) => {
                        let grade = grade
                            .parse::<u8>()
                            .ok()
                            .and_then(Grade::from_number)
                            .ok_or_else(|| malformed("the grade is 1 (again) to 4 (easy)"))?;
                        (days, Some(grade))
                    }
                    None => (value, None),
                };
                Term::Rated {
                    days: number(days)?,
                    grade,
                }
            }
            "added" => Term::Added(number(value)?),
            "flag" => Term::Flag(
                value
                    .parse::<u8>()
                    .ok()
                    .filter(|f| *f <= 7)
                    .ok_or_else(|| malformed("a flag is 0 (none) to 7"))?,
            ),
            "prop" => prop(&value_lower).map_err(|e| match e {
                PropError::Name(name) if name == "pos" || name == "ease" => {
                    QueryError::AnkisOnly(format!("prop:{name}"))
                }
                PropError::Name(name) => QueryError::Prop(name),
                PropError::Shape => malformed("a property, a comparison and a number are wanted"),
            })?,
            "sort" => {
                let found = SORTS.iter().find(|(n, _)| *n == value_lower);
                self.sort = found
                    .ok_or_else(|| QueryError::Sort(value_lower.clone()))?
                    .1;
                return Ok(Node::All(Vec::new()));
            }
            key => match FIELDS.iter().find(|(n, _)| *n == key) {
                Some((_, field)) => Term::Field(*field, Pattern::new(value)),
                None if ANKIS_ONLY.contains(&key) => return Err(QueryError::AnkisOnly(key.into())),
                None => return Err(QueryError::Unknown(key.into())),
            },
        };
        Ok(Node::Term(term))
    }
}

/// `key:value` at the first colon not escaped; `None` for a plain word.
fn split_key(text: &str) -> Option<(&str, &str)> {
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            ':' if !escaped && i > 0 => return Some((&text[..i], &text[i + 1..])),
            _ => escaped = false,
        }
    }
    None
}

enum PropError {
    Name(String),
    Shape,
}

/// `ivl>=10`, `due=1`, `r<0.9`.
fn prop(text: &str) -> Result<Term, PropError> {
    let name_end = text
        .find(|c: char| !c.is_ascii_alphabetic())
        .ok_or(PropError::Shape)?;
    let (name, rest) = text.split_at(name_end);
    let prop = PROPS
        .iter()
        .find(|(n, _)| *n == name)
        .ok_or_else(|| PropError::Name(name.to_string()))?
        .1;
    let (cmp, number) = [
        ("<=", Cmp::Le),
        (">=", Cmp::Ge),
        ("!=", Cmp::Ne),
        ("<", Cmp::Lt),
        (">", Cmp::Gt),
        ("=", Cmp::Eq),
    ]
    .iter()
    .find_map(|(op, cmp)| rest.strip_prefix(op).map(|n| (*cmp, n)))
    .ok_or(PropError::Shape)?;
    let number: f64 = number.parse().map_err(|_| PropError::Shape)?;
    if !number.is_finite() {
        return Err(PropError::Shape);
    }
    Ok(Term::Prop(prop, cmp, number))
}

fn node_matches(node: &Node, card: &Card, context: &Context<'_>) -> bool {
    match node {
        Node::All(list) => list.iter().all(|n| node_matches(n, card, context)),
        Node::Any(list) => list.iter().any(|n| node_matches(n, card, context)),
        Node::Not(inner) => !node_matches(inner, card, context),
        Node::Term(term) => term_matches(term, card, context),
    }
}

fn term_matches(term: &Term, card: &Card, context: &Context<'_>) -> bool {
    let today = context.days.day(context.now);
    // Where the reviewer's next day starts: what Anki's `rated:` and `added:` count back from.
    let next_day = context.days.start(today + 1);
    match term {
        // (Anki reads a note's fields as one text, joined by 0x1f.)
        Term::Word(word) => {
            word.within(&format!("{}\u{1f}{}", card.front, card.back))
                || word.within(&card.anchor.quote)
        }
        Term::Field(field, pattern) => {
            let (kind, text) = match field {
                Field::Front => (CardKind::Basic, &card.front),
                Field::Back => (CardKind::Basic, &card.back),
                Field::Text => (CardKind::Cloze, &card.front),
                Field::BackExtra => (CardKind::Cloze, &card.back),
            };
            card.kind == kind && pattern.whole(text)
        }
        Term::Tag(pattern) if pattern.is("none") => card.tags.is_empty(),
        Term::Tag(pattern) => card.tags.iter().any(|t| pattern.whole_or_parent(t)),
        Term::Deck(pattern) => pattern.whole_or_parent(context.title),
        Term::Is(state) => {
            let phase = card.schedule.phase;
            match state {
                State::New => phase == Phase::New,
                State::Learning => matches!(phase, Phase::Learning | Phase::Relearning),
                State::Review => matches!(phase, Phase::Review | Phase::Relearning),
                State::Due => {
                    !card.suspended
                        && !context.buried
                        && match phase {
                            Phase::New => false,
                            Phase::Learning | Phase::Relearning => {
                                card.schedule.due <= context.now + LEARN_AHEAD_SECS
                            }
                            Phase::Review => context.days.day(card.schedule.due) <= today,
                        }
                }
                State::Suspended => card.suspended,
                State::Leech => card.tags.iter().any(|t| t == "leech"),
                State::Buried => context.buried,
            }
        }
        Term::Rated { days, grade } => {
            let since = next_day - 86_400 * i64::from(*days);
            context
                .answers
                .iter()
                .any(|a| a.card == card.id && a.at >= since && grade.is_none_or(|g| a.grade == g))
        }
        Term::Added(days) => card.created_at > next_day - 86_400 * i64::from(*days),
        Term::Flag(flag) => card.flag == *flag,
        Term::Prop(prop, cmp, n) => {
            property(*prop, card, context, today, next_day).is_some_and(|v| cmp.holds(v, *n))
        }
    }
}

/// A card's `prop:` value, if it has one (a new card has no memory, no due day).
fn property(
    prop: Prop,
    card: &Card,
    context: &Context<'_>,
    today: i64,
    next_day: i64,
) -> Option<f64> {
    let s = &card.schedule;
    let memory = s.memory;
    Some(match prop {
        Prop::Ivl => f64::from(s.scheduled_days),
        Prop::Reps => f64::from(s.reps),
        Prop::Lapses => f64::from(s.lapses),
        Prop::Due => match s.phase {
            Phase::New => return None,
            Phase::Review => (context.days.day(s.due) - today) as f64,
            // Anki: whole days from the next day's start, rounded toward zero.
            Phase::Learning | Phase::Relearning => ((s.due - next_day) / 86_400) as f64,
        },
        Prop::Stability => f64::from(memory?.stability),
        Prop::Difficulty => f64::from((memory?.difficulty - 1.0) / 9.0),
        Prop::Retrievability => f64::from(super::info::retrievability(
            s,
            context.now,
            context.days,
            context.decay,
        )?),
    })
}

/// Text to find, as Anki reads it: `*` any letters, `_` one, `\` before either (or any
/// character) for the character itself; case ignored.
#[derive(Debug, Clone, PartialEq)]
struct Pattern(Vec<Piece>);

#[derive(Debug, Clone, Copy, PartialEq)]
enum Piece {
    Char(char),
    AnyRun,
    AnyOne,
}

impl Pattern {
    fn new(text: &str) -> Pattern {
        let mut pieces = Vec::new();
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            pieces.push(match c {
                '\\' => match chars.next() {
                    Some(next) => Piece::Char(lower(next)),
                    None => Piece::Char('\\'),
                },
                '*' => Piece::AnyRun,
                '_' => Piece::AnyOne,
                c => Piece::Char(lower(c)),
            });
        }
        Pattern(pieces)
    }

    /// Whether it is this plain word.
    fn is(&self, word: &str) -> bool {
        self.0.len() == word.chars().count()
            && self
                .0
                .iter()
                .zip(word.chars())
                .all(|(p, c)| *p == Piece::Char(c))
    }

    /// Whether `text` holds it somewhere.
    fn within(&self, text: &str) -> bool {
        let mut pieces = Vec::with_capacity(self.0.len() + 2);
        pieces.push(Piece::AnyRun);
        pieces.extend_from_slice(&self.0);
        pieces.push(Piece::AnyRun);
        glob(&pieces, text)
    }

    /// Whether `text` is it, whole.
    fn whole(&self, text: &str) -> bool {
        glob(&self.0, text)
    }

    /// Whether `name` (a tag, a deck `A::B::C`) is it, or is under it: `A`, `A::B` and
    /// `A::B::C` are tried.
    fn whole_or_parent(&self, name: &str) -> bool {
        name.match_indices("::")
            .map(|(i, _)| &name[..i])
            .chain(std::iter::once(name))
            .any(|prefix| self.whole(prefix))
    }
}

/// Lowercase, one character for one (so that positions stay).
fn lower(c: char) -> char {
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// Whether `text` (case ignored) matches `pieces` whole: the usual glob walk, which on a
/// mismatch goes back to the last `*` and lets it take one more character. At most the
/// product of their lengths.
fn glob(pieces: &[Piece], text: &str) -> bool {
    let text: Vec<char> = text.chars().map(lower).collect();
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match pieces.get(p) {
            Some(Piece::AnyRun) => {
                star = Some((p, t));
                p += 1;
            }
            Some(Piece::AnyOne) => {
                p += 1;
                t += 1;
            }
            Some(Piece::Char(c)) if *c == text[t] => {
                p += 1;
                t += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    p = sp + 1;
                    t = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    pieces[p..].iter().all(|piece| *piece == Piece::AnyRun)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::anchor::Anchor;
    use crate::document::DocumentId;
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
            flag: 0,
        }
    }

    const DAYS: Days = Days {
        utc_offset: 0,
        start_hour: 4,
    };

    fn found(query: &str, cards: &[Card], title: &str, now: i64) -> Vec<i64> {
        found_with(query, cards, title, now, &[])
    }

    fn found_with(
        query: &str,
        cards: &[Card],
        title: &str,
        now: i64,
        answers: &[LoggedAnswer],
    ) -> Vec<i64> {
        let query = Query::parse(query).unwrap();
        let context = Context {
            title,
            buried: false,
            now,
            days: DAYS,
            answers,
            decay: fsrs::FSRS6_DEFAULT_DECAY,
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
                10 * 86_400,
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
            found("passage deck:\"an essay\"", &cards, "An Essay", now).len(),
            4
        );
        assert!(found("deck:letter", &cards, "An Essay", now).is_empty());
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
        assert!(matches!(
            Query::parse("-").unwrap().root,
            Node::Term(Term::Word(_))
        ));
        for (query, says) in [
            ("flag:9", "a flag is 0"),
            ("re:a.b", "`re:` is Anki's"),
            ("prop:pos<3", "`prop:pos:` is Anki's"),
            ("colour:red", "no field or search `colour:`"),
            ("prop:ivl", "a property, a comparison"),
            ("prop:size>3", "no property prop:size"),
            ("rated:0", "a number of days"),
            ("rated:2:5", "the grade is 1"),
            ("(a or b", "unbalanced"),
            ("a) b", "unbalanced"),
            ("a or", "`or` has nothing"),
            ("and a", "`and` has nothing"),
            ("tag:", "nothing after the colon"),
        ] {
            let err = Query::parse(query).unwrap_err().to_string();
            assert!(err.contains(says), "{query}: {err}");
        }
        let deep = format!("{}a{}", "(".repeat(40), ")".repeat(40));
        assert_eq!(Query::parse(&deep).unwrap_err(), QueryError::TooNested);
        let fine = format!("{}a{}", "(".repeat(30), ")".repeat(30));
        assert!(Query::parse(&fine).is_ok());
    }

    #[test]
    fn or_parentheses_and_negation_combine_as_in_anki() {
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
            card(
                3,
                "What was the NEP?",
                &["economy::nep"],
                Phase::Learning,
                90,
            ),
        ];
        let now = 100;
        assert_eq!(found("army or nep", &cards, "", now), [2, 3]);
        assert_eq!(found("army OR nep", &cards, "", now), [2, 3]);
        assert_eq!(found("-(army or nep)", &cards, "", now), [1]);
        assert_eq!(found("(army or nep) is:review", &cards, "", now), [2]);
        assert_eq!(found("army or nep and is:learn", &cards, "", now), [2, 3]);
        assert_eq!(found("-army -nep", &cards, "", now), [1]);
        assert_eq!(found("-\"red army\"", &cards, "", now), [1, 3]);
        assert_eq!(found("tag:economy", &cards, "", now), [3], "a parent tag");
        assert_eq!(found("tag:nep", &cards, "", now), Vec::<i64>::new());
        assert_eq!(found("tag:econ*", &cards, "", now), [3]);
        assert_eq!(found("tag:none", &cards, "", now), Vec::<i64>::new());
        // (Across the fields too, as Anki reads them: "Who … answer".)
        assert_eq!(found("w*s", &cards, "", now), [1, 2, 3]);
        assert_eq!(found("n_p", &cards, "", now), [3]);
        assert_eq!(found("front:who*", &cards, "", now), [2]);
        assert_eq!(
            found("front:who", &cards, "", now),
            Vec::<i64>::new(),
            "a whole field"
        );
        assert_eq!(
            found("text:*", &cards, "", now),
            Vec::<i64>::new(),
            "no cloze here"
        );
        assert_eq!(found("back:\"an answer\"", &cards, "", now), [1, 2, 3]);
        assert_eq!(found("deck:russia", &cards, "Russia::1917", now), [1, 2, 3]);
        assert_eq!(
            found("deck:1917", &cards, "Russia::1917", now),
            Vec::<i64>::new()
        );
    }

    #[test]
    fn answers_days_and_properties_count_as_anki_counts_them() {
        let day = 86_400;
        // Noon, day 100 (days start at 4:00 UTC here).
        let now = 100 * day + 12 * 3600;
        let mut review = card(1, "a", &[], Phase::Review, 102 * day + 5 * 3600);
        review.schedule.scheduled_days = 12;
        review.schedule.reps = 5;
        review.schedule.last_review = Some(90 * day + 12 * 3600);
        review.schedule.memory = Some(crate::srs::Memory {
            stability: 10.0,
            difficulty: 5.5,
        });
        review.created_at = 95 * day + 12 * 3600;
        let mut learning = card(2, "b", &[], Phase::Learning, now + 600);
        learning.created_at = now - 3600;
        let new = card(3, "c", &[], Phase::New, 0);
        let cards = [review, learning, new];
        assert_eq!(
            found("is:due", &cards, "", now),
            [2],
            "learning within 20 minutes"
        );
        assert_eq!(found("prop:due=2", &cards, "", now), [1]);
        assert_eq!(found("prop:due>=0", &cards, "", now), [1, 2]);
        assert_eq!(found("prop:due=0", &cards, "", now), [2]);
        assert_eq!(found("prop:ivl>=10", &cards, "", now), [1]);
        assert_eq!(found("prop:reps=5", &cards, "", now), [1]);
        assert_eq!(found("prop:s>9.5 prop:d=0.5", &cards, "", now), [1]);
        // Ten days after the review, stability 10: retrievability 0.9.
        assert_eq!(found("prop:r<0.91 prop:r>0.89", &cards, "", now), [1]);
        assert_eq!(found("added:1", &cards, "", now), [2]);
        assert_eq!(found("added:6", &cards, "", now), [1, 2]);
        assert_eq!(found("added:5", &cards, "", now), [2]);
        let answer = |card: i64, at: i64, grade: Grade| LoggedAnswer {
            card: crate::srs::card::CardId(card),
            at,
            grade,
            interval: 0,
            last_interval: 0,
            phase_before: Phase::New,
            wait: 0,
            seconds: None,
        };
        let answers = [
            answer(1, 90 * day + 12 * 3600, Grade::Good),
            // Before 4:00: the day before.
            answer(2, 100 * day + 3 * 3600, Grade::Again),
        ];
        let rated = |q: &str| found_with(q, &cards, "", now, &answers);
        assert_eq!(rated("rated:1"), Vec::<i64>::new());
        assert_eq!(rated("rated:2"), [2]);
        assert_eq!(rated("rated:2:1"), [2]);
        assert_eq!(rated("rated:2:3"), Vec::<i64>::new());
        assert_eq!(rated("rated:11"), [1, 2]);
        assert!(Query::parse("rated:2").unwrap().needs_answers());
        assert!(!Query::parse("is:due").unwrap().needs_answers());
    }
}
