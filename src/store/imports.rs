//! What an import from another tool writes: its annotations (as a group import writes them),
//! its bookmarks, and what waits for a text not in the library, in one transaction.

use rusqlite::params;

use super::group::write_annotations;
use super::{Incoming, Result, Store};
use crate::document::DocumentId;

/// A bookmark brought in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewBookmark {
    pub document: DocumentId,
    pub position: u64,
    pub label: String,
    pub created: i64,
}

/// An annotation waiting for its text, as the importer keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiting {
    pub uuid: String,
    pub source: String,
    pub title: String,
    pub authors: String,
    /// The annotation and its book, as the importer read them (JSON).
    pub found: String,
}

/// What an import writes.
#[derive(Debug, Default)]
pub struct ToolImport<'a> {
    pub annotations: Vec<Incoming<'a>>,
    pub bookmarks: Vec<NewBookmark>,
    pub waiting: Vec<Waiting>,
    /// Waiting annotations now placed (their uuids): no longer waiting.
    pub placed: Vec<String>,
    pub texts: Vec<(DocumentId, &'a str)>,
}

impl Store {
    /// Writes an import from another tool, all of it or nothing. Returns how many bookmarks were
    /// new (one at the same place with the same label is not written twice).
    pub fn apply_tool_import(&mut self, import: &ToolImport<'_>, now: i64) -> Result<usize> {
        let tx = super::write_on(&mut self.conn, &self.writers, self.behind)?;
        write_annotations(
            &tx,
            &import.annotations,
            &import.texts,
            self.unindexed.as_mut(),
        )?;
        let mut bookmarks = 0;
        for b in &import.bookmarks {
            bookmarks += tx
                .prepare_cached(
                    "INSERT INTO bookmarks (document_id, char_offset, label, created_at)
                     SELECT ?1, ?2, ?3, ?4
                     WHERE NOT EXISTS (SELECT 1 FROM bookmarks WHERE document_id = ?1
                                       AND char_offset = ?2 AND label = ?3)",
                )?
                .execute(params![
                    b.document.0,
                    i64::try_from(b.position).unwrap_or(i64::MAX),
                    b.label,
                    b.created
                ])?;
        }
        for w in &import.waiting {
            tx.prepare_cached(
                "INSERT INTO waiting_imports (uuid, source, title, authors, found, added_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (uuid) DO UPDATE SET found = excluded.found",
            )?
            .execute(params![w.uuid, w.source, w.title, w.authors, w.found, now])?;
        }
        for uuid in &import.placed {
            tx.prepare_cached("DELETE FROM waiting_imports WHERE uuid = ?1")?
                .execute([uuid])?;
        }
        tx.commit()?;
        Ok(bookmarks)
    }

    /// Everything waiting for its text, oldest first.
    pub fn waiting_imports(&self) -> Result<Vec<Waiting>> {
        let mut stmt = self.conn.prepare(
            "SELECT uuid, source, title, authors, found FROM waiting_imports
             ORDER BY added_at, rowid",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Waiting {
                uuid: r.get(0)?,
                source: r.get(1)?,
                title: r.get(2)?,
                authors: r.get(3)?,
                found: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Whether anything waits for its text.
    pub fn has_waiting(&self) -> Result<bool> {
        Ok(self
            .conn
            .query_row("SELECT EXISTS (SELECT 1 FROM waiting_imports)", [], |r| {
                r.get(0)
            })?)
    }
}
