//! Decks (saved review scopes, see [`crate::srs::deck`]) and what the review counts per scope.

use rusqlite::{OptionalExtension, params};

use super::{Result, Store};
use crate::srs::Phase;
use crate::srs::card::CardId;
use crate::srs::deck::Deck;

impl Store {
    /// Every deck, by name.
    pub fn decks(&self) -> Result<Vec<Deck>> {
        let mut decks: Vec<(i64, Deck)> = self
            .conn
            .prepare("SELECT id, name, query FROM decks ORDER BY name COLLATE NOCASE")?
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    Deck {
                        name: r.get(1)?,
                        query: r.get(2)?,
                        settings: Vec::new(),
                    },
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt = self
            .conn
            .prepare("SELECT key, value FROM deck_settings WHERE deck_id = ?1 ORDER BY key")?;
        for (id, deck) in &mut decks {
            deck.settings = stmt
                .query_map([*id], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
        }
        Ok(decks.into_iter().map(|(_, d)| d).collect())
    }

    /// The deck named `name` (case ignored).
    pub fn deck(&self, name: &str) -> Result<Option<Deck>> {
        Ok(self
            .decks()?
            .into_iter()
            .find(|d| d.name.to_lowercase() == name.to_lowercase()))
    }

    /// Adds a deck, or gives an existing one of that name a new query; returns whether it was
    /// new.
    pub fn save_deck(&mut self, name: &str, query: &str, now: i64) -> Result<bool> {
        let tx = self.write()?;
        let existed = tx
            .query_row("SELECT id FROM decks WHERE name = ?1", [name], |r| {
                r.get::<_, i64>(0)
            })
            .optional()?
            .is_some();
        tx.execute(
            "INSERT INTO decks (name, query, created_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (name) DO UPDATE SET query = excluded.query",
            params![name, query, now],
        )?;
        tx.commit()?;
        Ok(!existed)
    }

    /// Sets (or, with `None`, clears) one of a deck's settings; false if there is no such deck.
    pub fn set_deck_setting(&mut self, name: &str, key: &str, value: Option<&str>) -> Result<bool> {
        let tx = self.write()?;
        let Some(id) = tx
            .query_row("SELECT id FROM decks WHERE name = ?1", [name], |r| {
                r.get::<_, i64>(0)
            })
            .optional()?
        else {
            return Ok(false);
        };
        match value {
            Some(value) => tx.execute(
                "INSERT INTO deck_settings (deck_id, key, value) VALUES (?1, ?2, ?3)
                 ON CONFLICT (deck_id, key) DO UPDATE SET value = excluded.value",
                params![id, key, value],
            )?,
            None => tx.execute(
                "DELETE FROM deck_settings WHERE deck_id = ?1 AND key = ?2",
                params![id, key],
            )?,
        };
        tx.commit()?;
        Ok(true)
    }

    /// Removes a deck (its cards stay); false if there is none of that name.
    pub fn remove_deck(&mut self, name: &str) -> Result<bool> {
        let tx = self.write()?;
        let removed = tx.execute("DELETE FROM decks WHERE name = ?1", [name])?;
        tx.commit()?;
        Ok(removed > 0)
    }

    /// Each answer since `since`: its card and the phase the card was in (what the daily
    /// limits of a scope count).
    pub fn answers_since(&self, since: i64) -> Result<Vec<(CardId, Phase)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT card_id, phase_before FROM review_log WHERE reviewed_at >= ?1",
        )?;
        let rows = stmt.query_map([since], |r| {
            Ok((
                CardId(r.get(0)?),
                Phase::parse(&r.get::<_, String>(1)?).unwrap_or(Phase::New),
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
