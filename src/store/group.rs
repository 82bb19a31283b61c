//! What a reading group exchanges: annotations for export (with their texts' hashes and titles,
//! tombstones included), what is already here (by uuid), and an import applied in one
//! transaction.

use std::collections::HashMap;

use rusqlite::params;

use super::annotations::{COLUMN_COUNT, add_tags, annotation_row, set_tags_in, tags_column};
use super::{Result, Store};
use crate::anchor::Anchor;
use crate::annotation::Annotation;
use crate::document::DocumentId;
use crate::share::exchange::{Shared, SharedReply};

/// An annotation with the text it is on.
#[derive(Debug, Clone)]
pub struct WithText {
    pub annotation: Annotation,
    pub title: String,
    pub hash: String,
    /// Characters in the text.
    pub chars: usize,
}

/// An annotation already here, as an import needs to know it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Known {
    /// `None` for the local reader's own.
    pub author_id: Option<String>,
    pub modified: i64,
}

/// One annotation of an import, placed on a local text.
#[derive(Debug, Clone)]
pub struct Incoming<'a> {
    pub document: DocumentId,
    /// Where it lies in the local text (its exported anchor when it could not be placed).
    pub anchor: Anchor,
    pub orphaned: bool,
    /// Placed on weaker evidence: to be checked.
    pub unsure: bool,
    pub shared: &'a Shared,
    /// The local reader's own (brought in from another tool): written without an author, as
    /// the reader's notes are, and not news.
    pub mine: bool,
}

impl Store {
    /// Annotations with their texts: of one document or all; only the local reader's, or
    /// everyone's; with or without the deleted ones (tombstones, for exports).
    pub fn annotations_with_texts(
        &self,
        document: Option<DocumentId>,
        mine_only: bool,
        with_deleted: bool,
    ) -> Result<Vec<WithText>> {
        // The reader's own said as such, not as a parameter: the planner then reads them
        // through `annotations_mine` (migration 0028), not all of a group's.
        let whose = if mine_only {
            "a.author_id IS NULL"
        } else {
            "1"
        };
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {}, d.title, d.content_hash, d.char_count FROM annotations a
             JOIN documents d ON d.id = a.document_id
             WHERE (?1 IS NULL OR a.document_id = ?1) AND {whose}
               AND (?2 OR a.deleted_at IS NULL)
             ORDER BY d.title COLLATE NOCASE, a.document_id, a.orphaned, a.start_char, a.id",
            super::annotations::COLUMNS
        ))?;
        let rows = stmt.query_map(params![document.map(|d| d.0), with_deleted], |r| {
            Ok(WithText {
                annotation: annotation_row(r)?,
                title: r.get(COLUMN_COUNT)?,
                hash: r.get(COLUMN_COUNT + 1)?,
                chars: r.get::<_, i64>(COLUMN_COUNT + 2)?.max(0) as usize,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every annotation here, deleted ones included, by uuid.
    pub fn annotation_index(&self) -> Result<HashMap<String, Known>> {
        self.index_of("annotations")
    }

    /// The annotations here of these uuids (deleted ones included): what one file of a group
    /// needs to know, read for it alone, so that a sync's memory is that of a file.
    pub fn annotations_known(&self, uuids: &[&str]) -> Result<HashMap<String, Known>> {
        self.known_of("annotations", uuids)
    }

    /// The replies here of these uuids (deleted ones included).
    pub fn replies_known(&self, uuids: &[&str]) -> Result<HashMap<String, Known>> {
        self.known_of("replies", uuids)
    }

    /// The rows of `table` (annotations or replies) of these uuids, as an import needs to know
    /// them.
    fn known_of(&self, table: &str, uuids: &[&str]) -> Result<HashMap<String, Known>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT uuid, author_id, modified_at FROM {table}
             WHERE uuid IN (SELECT value FROM json_each(?1))"
        ))?;
        let list = serde_json::to_string(uuids).expect("strings serialize");
        let rows = stmt.query_map([list], known_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every row of `table` (annotations or replies) as an import needs to know it, by uuid.
    fn index_of(&self, table: &str) -> Result<HashMap<String, Known>> {
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT uuid, author_id, modified_at FROM {table}"))?;
        let rows = stmt.query_map([], known_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Writes an import: new annotations and replies inserted, newer versions replacing older
    /// ones (and deletions applied), all in one transaction. What is written live is news
    /// until the reader looks at it.
    pub fn apply_import(
        &mut self,
        incoming: &[Incoming<'_>],
        replies: &[&SharedReply],
        texts: &[(DocumentId, &str)],
    ) -> Result<()> {
        let tx = super::write_on(&mut self.conn, &self.writers, self.behind)?;
        write_annotations(&tx, incoming, texts, self.unindexed.as_mut())?;
        write_replies(&tx, replies)?;
        tx.commit()?;
        Ok(())
    }
}

/// Writes an import's replies, within a transaction or a batch.
fn write_replies(tx: &rusqlite::Connection, replies: &[&SharedReply]) -> Result<()> {
    for r in replies {
        tx.prepare_cached(
            "INSERT INTO replies (uuid, parent_uuid, body, author_id, author_name,
                 created_at, modified_at, deleted_at, news)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8 IS NULL)
             ON CONFLICT (uuid) DO UPDATE SET body = excluded.body,
                 author_name = excluded.author_name, modified_at = excluded.modified_at,
                 deleted_at = excluded.deleted_at, news = excluded.news",
        )?
        .execute(params![
            r.uuid,
            r.parent,
            r.body,
            r.author_id,
            r.author_name,
            r.created,
            r.modified,
            r.deleted
        ])?;
    }
    Ok(())
}

/// A row of `uuid, author_id, modified_at`: a uuid and what an import knows of it.
fn known_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(String, Known)> {
    let known = Known {
        author_id: r.get(1)?,
        modified: r.get(2)?,
    };
    Ok((r.get(0)?, known))
}

/// Writes imported annotations (new ones inserted, known uuids updated in place) and keeps the
/// texts they are on, within `tx`. Their notes are indexed at the end, or, within a batch
/// (`unindexed`), when the batch ends: FTS5 writes a segment for each statement that changes
/// it, and a segment for each of a sync's files cost a tenth of the sync in merging them.
pub(super) fn write_annotations(
    tx: &rusqlite::Connection,
    incoming: &[Incoming<'_>],
    texts: &[(DocumentId, &str)],
    mut unindexed: Option<&mut Vec<i64>>,
) -> Result<()> {
    // The text annotated is kept, whoever wrote the annotations, so that a later edit of
    // its file is followed through the diff (as for one's own).
    for (document, content) in texts {
        super::keep_text(tx, *document, content)?;
    }
    // Prepared once for a file's thousand rows: a cached statement is looked up by its text.
    // An insert that ignores a known uuid, then an update, rather than one upsert: an upsert
    // opens a statement journal, which costs more the more a sync has written before it.
    let mut insert = tx.prepare_cached(
        "INSERT OR IGNORE INTO annotations (uuid, document_id, start_char, end_char, quote,
                 prefix, suffix, orphaned, color, note, author_id, author_name,
                 created_at, modified_at, deleted_at, unsure, news, tags)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                 ?17, ?18)",
    )?;
    let mut written: Vec<i64> = Vec::with_capacity(incoming.len());
    // The known uuids, updated once every new one is in.
    let mut known: Vec<&Incoming<'_>> = Vec::new();
    for i in incoming {
        if with_row(i, |row| insert.execute(row))? == 1 {
            let id = tx.last_insert_rowid();
            add_tags(tx, id, &i.shared.tags)?;
            written.push(id);
        } else {
            known.push(i);
        }
    }
    if !known.is_empty() {
        // A row this batch wrote may be among them: what the batch holds is indexed first,
        // so that the entries taken out below are there.
        if let Some(unindexed) = unindexed.as_deref_mut() {
            index_notes(tx, unindexed)?;
            unindexed.clear();
        }
        update_known(tx, &known, &mut written)?;
    }
    match unindexed {
        Some(unindexed) => unindexed.extend(written),
        None => index_notes(tx, &written)?,
    }
    Ok(())
}

/// Updates annotations already here in place (their local ids, and cards, stay), pushing
/// their ids to `written`. The notes index loses their entries first, with their old text, in
/// one statement (migration 0008), and gets them back with the others'.
fn update_known(
    tx: &rusqlite::Connection,
    known: &[&Incoming<'_>],
    written: &mut Vec<i64>,
) -> Result<()> {
    tx.execute("INSERT INTO notes_fts_deferred (only) VALUES (1)", [])?;
    let uuids: Vec<&str> = known.iter().map(|i| i.shared.uuid.as_str()).collect();
    tx.execute(
        "INSERT INTO notes_fts (notes_fts, rowid, note, quote)
         SELECT 'delete', id, note, quote FROM annotations
         WHERE uuid IN (SELECT value FROM json_each(?1))",
        [serde_json::to_string(&uuids).expect("strings serialize")],
    )?;
    let mut update = tx.prepare_cached(
        "UPDATE annotations SET document_id = ?2, start_char = ?3, end_char = ?4, quote = ?5,
                 prefix = ?6, suffix = ?7, orphaned = ?8, color = ?9, note = ?10,
                 author_name = ?12, modified_at = ?14, deleted_at = ?15, unsure = ?16,
                 news = ?17, news_of_edit = ?17 = 1 AND (news = 0 OR news_of_edit = 1),
                 tags = ?18
             WHERE uuid = ?1
             RETURNING id",
    )?;
    for i in known {
        let id: i64 = with_row(i, |row| update.query_row(row, |r| r.get(0)))?;
        set_tags_in(tx, id, &i.shared.tags)?;
        written.push(id);
    }
    tx.execute("DELETE FROM notes_fts_deferred", [])?;
    Ok(())
}

/// Indexes the notes and quotes of these annotations, in one statement.
pub(super) fn index_notes(tx: &rusqlite::Connection, ids: &[i64]) -> Result<()> {
    if !ids.is_empty() {
        tx.execute(
            "INSERT INTO notes_fts (rowid, note, quote)
             SELECT id, note, quote FROM annotations
             WHERE id IN (SELECT value FROM json_each(?1))",
            [serde_json::to_string(ids).expect("numbers serialize")],
        )?;
    }
    Ok(())
}

/// Calls `f` with an imported annotation's row, as the insert and the update take it.
fn with_row<T>(i: &Incoming<'_>, f: impl FnOnce(&[&dyn rusqlite::ToSql]) -> T) -> T {
    let s = i.shared;
    let a = &i.anchor;
    f(params![
        s.uuid,
        i.document.0,
        a.start as i64,
        a.end as i64,
        a.quote,
        a.prefix,
        a.suffix,
        i.orphaned,
        s.color,
        s.note,
        (!i.mine).then_some(&s.author_id),
        (!i.mine).then_some(&s.author_name),
        s.created,
        s.modified,
        s.deleted,
        i.unsure,
        // What others wrote live is news until the reader looks at it.
        s.deleted.is_none() && !i.mine,
        tags_column(&s.tags)
    ])
}
