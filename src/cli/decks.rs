//! `gloss decks`: review scopes saved under a name (see [`crate::srs::deck`]), listed with what
//! each has due today; and `gloss review SCOPE`'s reading of its scope.

use std::io::Write;

use anyhow::{Result, bail};

use super::{clean, table};
use crate::clock;
use crate::library::{self, OpenError};
use crate::srs::browse::Query;
use crate::srs::deck::{self, Deck, Scope};
use crate::store::Store;

/// Lists the decks: each one's query, what it has today (new, learning, due), its own settings.
pub fn list(out: &mut impl Write, store: &Store, now: i64) -> Result<()> {
    let decks = crate::session::deck_counts(store, now, clock::days())?;
    if decks.is_empty() {
        writeln!(
            out,
            "no decks yet: `gloss decks add NAME QUERY` saves one (`gloss decks add Spanish tag:spanish`)"
        )?;
        return Ok(());
    }
    let mut rows = Vec::new();
    for (d, counts) in decks {
        let own: Vec<String> = d.settings.iter().map(|(k, v)| format!("{k} {v}")).collect();
        rows.push([
            clean(&d.name),
            counts.new.to_string(),
            counts.learning.to_string(),
            counts.due.to_string(),
            clean(&d.query),
            own.join(", "),
        ]);
    }
    let header = ["DECK", "NEW", "LEARNING", "DUE", "QUERY", "OWN SETTINGS"];
    let right = [false, true, true, true, false, false];
    write!(out, "{}", table(header, &rows, right, "  "))?;
    Ok(())
}

/// Saves a deck, once its query is one gloss reads.
pub fn add(
    out: &mut impl Write,
    store: &mut Store,
    name: &str,
    query: &str,
    now: i64,
) -> Result<()> {
    let name = name.trim();
    if name.is_empty() {
        bail!("a deck needs a name");
    }
    Query::parse(query).map_err(|e| anyhow::anyhow!("{query:?}: {e}"))?;
    let new = store.save_deck(name, query, now)?;
    let said = if new { "saved" } else { "now finds" };
    writeln!(out, "deck {}: {said} {}", clean(name), clean(query))?;
    Ok(())
}

/// Gives a deck a setting of its own, or (`default`) takes it back.
pub fn set(
    out: &mut impl Write,
    store: &mut Store,
    name: &str,
    key: &str,
    value: &str,
) -> Result<()> {
    let value = match value {
        "default" => None,
        value => Some(deck::check(key, value)?),
    };
    if !store.set_deck_setting(name, key, value.as_deref())? {
        bail!("no deck {name:?} (see `gloss decks`)");
    }
    match value {
        Some(value) => writeln!(out, "deck {}: {key} {value}", clean(name))?,
        None => writeln!(out, "deck {}: {key} as the library's", clean(name))?,
    }
    Ok(())
}

pub fn remove(out: &mut impl Write, store: &mut Store, name: &str) -> Result<()> {
    if !store.remove_deck(name)? {
        bail!("no deck {name:?} (see `gloss decks`)");
    }
    writeln!(out, "deck {} removed (its cards stay)", clean(name))?;
    Ok(())
}

/// What `gloss review WORDS [--tag T]` reviews: a deck by its name, else a text (its file or
/// part of its title), else the cards the words find as a query; the library with neither.
pub fn scope(store: &Store, words: &[String], tag: Option<&str>) -> Result<Scope> {
    let text = words.join(" ");
    let tagged = |query: String| match tag {
        Some(tag) => format!("({query}) tag:{tag}"),
        None => query,
    };
    let scope = if text.trim().is_empty() {
        match tag {
            Some(tag) => Scope::Query(format!("tag:{tag}")),
            None => Scope::Library,
        }
    } else if let Some(d) = store.deck(&text)? {
        Scope::Deck(Deck {
            query: tagged(d.query.clone()),
            ..d
        })
    } else {
        match library::resolve(store, &text) {
            Ok(entry) if tag.is_none() => Scope::Text {
                id: entry.id,
                title: entry.title,
            },
            Ok(entry) => Scope::Query(tagged(format!("deck:\"{}\"", entry.title))),
            Err(OpenError::NotInLibrary(_)) => Scope::Query(tagged(text.clone())),
            Err(err) => return Err(err.into()),
        }
    };
    if let Some(query) = scope.query() {
        Query::parse(query).map_err(|e| anyhow::anyhow!("{query:?}: {e}"))?;
    }
    Ok(scope)
}

/// The practice session (every card, due or not; answers change nothing) of a scope.
pub fn practice(scope: Scope) -> Scope {
    match scope {
        Scope::Library => Scope::Practice(String::new()),
        Scope::Text { title, .. } => Scope::Practice(format!("deck:\"{title}\"")),
        Scope::Deck(deck) => Scope::Practice(deck.query),
        Scope::Query(query) | Scope::Practice(query) => Scope::Practice(query),
    }
}
