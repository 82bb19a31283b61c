//! Annotations (highlights with their notes), bookmarks, note drafts, and the kept text of
//! annotated documents. Every change is one transaction; deletes are soft. A change always moves
//! `modified_at` forward, even when the clock went back: other members keep the newest version.

use rusqlite::{OptionalExtension, Row, params};

use super::{Result, Store};
use crate::anchor::Anchor;
use crate::annotation::{
    Annotation, AnnotationId, Author, Bookmark, BookmarkId, Draft, DraftReply, Listed, MovedText,
    ReplyId, tags,
};
use crate::document::DocumentId;

/// An annotation's columns (of `annotations a`).
pub(super) const COLUMNS: &str = "a.id, a.uuid, a.document_id, a.start_char, a.end_char, a.quote, \
     a.prefix, a.suffix, a.color, a.note, a.orphaned, a.created_at, a.modified_at, a.tags, \
     a.author_id, a.author_name, a.deleted_at, a.unsure";

/// How many of [`COLUMNS`] there are: what a query selects after them starts here.
pub(super) const COLUMN_COUNT: usize = 18;

pub(super) fn annotation_row(row: &Row<'_>) -> rusqlite::Result<Annotation> {
    let tags: String = row.get(13)?;
    Ok(Annotation {
        id: AnnotationId(row.get(0)?),
        uuid: row.get(1)?,
        document: DocumentId(row.get(2)?),
        anchor: anchor(row, 3)?,
        color: row.get(8)?,
        note: row.get(9)?,
        orphaned: row.get(10)?,
        created_at: row.get(11)?,
        modified_at: row.get(12)?,
        tags: tags
            .split(TAG_SEPARATOR)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect(),
        author: match row.get::<_, Option<String>>(14)? {
            Some(id) => Some(Author {
                id,
                name: row.get::<_, Option<String>>(15)?.unwrap_or_default(),
            }),
            None => None,
        },
        deleted_at: row.get(16)?,
        unsure: row.get(17)?,
    })
}

/// An anchor stored in five columns from `first`: start, end, quote, prefix, suffix.
pub(super) fn anchor(row: &Row<'_>, first: usize) -> rusqlite::Result<Anchor> {
    Ok(Anchor {
        start: row.get::<_, i64>(first)?.max(0) as usize,
        end: row.get::<_, i64>(first + 1)?.max(0) as usize,
        quote: row.get(first + 2)?,
        prefix: row.get(first + 3)?,
        suffix: row.get(first + 4)?,
    })
}

/// Moves one anchored row (an annotation or a card) of `table` to document `to`: on its new
/// passage, or kept where it was and marked orphaned.
fn relocate(
    tx: &rusqlite::Connection,
    table: &str,
    id: i64,
    to: DocumentId,
    anchor: Option<&Anchor>,
    unsure: bool,
    now: i64,
) -> rusqlite::Result<usize> {
    match anchor {
        Some(a) => tx.execute(
            &format!(
                "UPDATE {table} SET document_id = ?1, start_char = ?2, end_char = ?3, quote = ?4,
                     prefix = ?5, suffix = ?6, orphaned = 0, unsure = ?7, modified_at = ?8
                 WHERE id = ?9"
            ),
            params![
                to.0,
                a.start as i64,
                a.end as i64,
                a.quote,
                a.prefix,
                a.suffix,
                unsure,
                now,
                id
            ],
        ),
        None => tx.execute(
            &format!(
                "UPDATE {table} SET document_id = ?1, orphaned = 1, modified_at = ?2 WHERE id = ?3"
            ),
            params![to.0, now, id],
        ),
    }
}

/// What separates the tags in an annotation's `tags` column (migration 0029).
const TAG_SEPARATOR: char = '\n';

/// Tags as an annotation's `tags` column holds them: sorted, each once.
pub(super) fn tags_column(tags: &[String]) -> String {
    let mut sorted: Vec<&str> = tags.iter().map(String::as_str).collect();
    sorted.sort_unstable();
    sorted.dedup();
    sorted.join(&TAG_SEPARATOR.to_string())
}

/// Replaces an annotation's rows in the index of tags (its `tags` column is written with it).
pub(super) fn set_tags_in(
    tx: &rusqlite::Connection,
    id: i64,
    tags: &[String],
) -> rusqlite::Result<()> {
    // Cached statements: an import calls this for every annotation it brings.
    tx.prepare_cached("DELETE FROM annotation_tags WHERE annotation_id = ?1")?
        .execute([id])?;
    add_tags(tx, id, tags)
}

/// Adds an annotation's rows to the index of tags (a new one: there are none to replace).
pub(super) fn add_tags(
    tx: &rusqlite::Connection,
    id: i64,
    tags: &[String],
) -> rusqlite::Result<()> {
    let mut insert =
        tx.prepare_cached("INSERT INTO annotation_tags (annotation_id, tag) VALUES (?1, ?2)")?;
    for tag in tags {
        insert.execute(params![id, tag])?;
    }
    Ok(())
}

impl Store {
    /// Saves a new highlight (and note). `text` is the document's content, kept once per
    /// document so that later edits of its file can be followed exactly.
    pub fn add_annotation(
        &mut self,
        document: DocumentId,
        anchor: &Anchor,
        color: u8,
        note: &str,
        text: &str,
        now: i64,
    ) -> Result<Annotation> {
        let uuid = uuid::Uuid::new_v4().to_string();
        let tags = tags(note);
        let tx = self.write()?;
        super::keep_text(&tx, document, text)?;
        tx.execute(
            "INSERT INTO annotations (uuid, document_id, start_char, end_char, quote, prefix,
                 suffix, color, note, created_at, modified_at, tags)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11)",
            params![
                uuid,
                document.0,
                anchor.start as i64,
                anchor.end as i64,
                anchor.quote,
                anchor.prefix,
                anchor.suffix,
                color,
                note,
                now,
                tags_column(&tags)
            ],
        )?;
        let id = tx.last_insert_rowid();
        // No trigger indexes a new annotation's note (migration 0026).
        tx.execute(
            "INSERT INTO notes_fts (rowid, note, quote) VALUES (?1, ?2, ?3)",
            params![id, note, anchor.quote],
        )?;
        add_tags(&tx, id, &tags)?;
        let saved = tx.query_row(
            &format!("SELECT {COLUMNS} FROM annotations a WHERE a.id = ?1"),
            [id],
            annotation_row,
        )?;
        tx.commit()?;
        Ok(saved)
    }

    /// The live (not deleted) annotations of a document, in reading order, orphans last.
    pub fn annotations(&self, document: DocumentId) -> Result<Vec<Annotation>> {
        // Counted first, so that a group's hundred thousand take no room to spare.
        let count: i64 = self.conn.query_row(
            "SELECT count(*) FROM annotations WHERE document_id = ?1 AND deleted_at IS NULL",
            [document.0],
            |r| r.get(0),
        )?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM annotations a
             WHERE a.document_id = ?1 AND a.deleted_at IS NULL
             ORDER BY a.orphaned, a.start_char, a.end_char, a.id"
        ))?;
        let mut all = Vec::with_capacity(count.max(0) as usize);
        for row in stmt.query_map([document.0], annotation_row)? {
            all.push(row?);
        }
        Ok(all)
    }

    pub fn annotation(&self, id: AnnotationId) -> Result<Option<Annotation>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM annotations a WHERE a.id = ?1"),
                [id.0],
                annotation_row,
            )
            .optional()?)
    }

    /// Every live annotation of the library, optionally of one document and with one tag, by
    /// document title then reading order.
    pub fn all_annotations(
        &self,
        document: Option<DocumentId>,
        tag: Option<&str>,
    ) -> Result<Vec<Listed>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {COLUMNS}, d.title FROM annotations a JOIN documents d ON d.id = a.document_id
             WHERE a.deleted_at IS NULL
               AND (?1 IS NULL OR a.document_id = ?1)
               AND (?2 IS NULL OR EXISTS (SELECT 1 FROM annotation_tags t
                                          WHERE t.annotation_id = a.id AND t.tag = ?2))
             ORDER BY d.title COLLATE NOCASE, a.document_id, a.orphaned, a.start_char, a.id"
        ))?;
        let tag = tag.map(|t| t.trim_start_matches('#').to_lowercase());
        let rows = stmt.query_map(params![document.map(|d| d.0), tag], |row| {
            Ok(Listed {
                title: row.get(COLUMN_COUNT)?,
                annotation: annotation_row(row)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Replaces the note (and its tags) of one of the reader's own annotations.
    pub fn set_note(&mut self, id: AnnotationId, note: &str, now: i64) -> Result<()> {
        let tags = tags(note);
        let tx = self.write()?;
        let changed = tx.execute(
            "UPDATE annotations SET note = ?1, tags = ?2, modified_at = MAX(?3, modified_at + 1)
             WHERE id = ?4 AND author_id IS NULL",
            params![note, tags_column(&tags), now, id.0],
        )?;
        if changed == 0 {
            return Err(super::StoreError::NotYours);
        }
        set_tags_in(&tx, id.0, &tags)?;
        tx.commit()?;
        Ok(())
    }

    /// Recolours one of the reader's own annotations.
    pub fn set_color(&mut self, id: AnnotationId, color: u8, now: i64) -> Result<()> {
        self.write_own(
            "UPDATE annotations SET color = ?1, modified_at = MAX(?2, modified_at + 1)
             WHERE id = ?3 AND author_id IS NULL",
            params![color, now, id.0],
        )
    }

    /// Soft-deletes (`deleted` true) or restores one of the reader's own annotations (another
    /// member's goes only when their own export says so).
    pub fn set_annotation_deleted(
        &mut self,
        id: AnnotationId,
        deleted: bool,
        now: i64,
    ) -> Result<()> {
        self.write_own(
            "UPDATE annotations SET deleted_at = ?1, modified_at = MAX(?2, modified_at + 1)
             WHERE id = ?3 AND author_id IS NULL",
            params![deleted.then_some(now), now, id.0],
        )
    }

    /// Puts one of the reader's own annotations on a new passage (re-attaching an orphan).
    pub fn reattach(&mut self, id: AnnotationId, anchor: &Anchor, now: i64) -> Result<()> {
        self.write_own(
            "UPDATE annotations SET start_char = ?1, end_char = ?2, quote = ?3, prefix = ?4,
                 suffix = ?5, orphaned = 0, unsure = 0, modified_at = MAX(?6, modified_at + 1)
                 WHERE id = ?7 AND author_id IS NULL",
            params![
                anchor.start as i64,
                anchor.end as i64,
                anchor.quote,
                anchor.prefix,
                anchor.suffix,
                now,
                id.0
            ],
        )
    }

    /// Runs an update of one annotation that only its author may make.
    /// The reader has checked where an annotation was placed when its text changed: it is no
    /// longer marked "moved, please check" (anyone's: the mark is about this copy of the text).
    pub fn confirm_place(&mut self, id: AnnotationId) -> Result<()> {
        let tx = self.write()?;
        tx.execute("UPDATE annotations SET unsure = 0 WHERE id = ?1", [id.0])?;
        tx.commit()?;
        Ok(())
    }

    pub(super) fn write_own(&mut self, sql: &str, params: impl rusqlite::Params) -> Result<()> {
        let tx = self.write()?;
        if tx.execute(sql, params)? == 0 {
            return Err(super::StoreError::NotYours);
        }
        tx.commit()?;
        Ok(())
    }

    /// Deletes for good what was soft-deleted; returns how many annotations, replies and
    /// bookmarks.
    pub fn purge_deleted(&mut self) -> Result<usize> {
        let tx = self.write()?;
        let annotations = tx.execute("DELETE FROM annotations WHERE deleted_at IS NOT NULL", [])?;
        let replies = tx.execute("DELETE FROM replies WHERE deleted_at IS NOT NULL", [])?;
        let bookmarks = tx.execute("DELETE FROM bookmarks WHERE deleted_at IS NOT NULL", [])?;
        tx.commit()?;
        Ok(annotations + replies + bookmarks)
    }

    /// The text `document` had when it was first annotated.
    pub fn document_text(&self, document: DocumentId) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT content FROM document_texts WHERE document_id = ?1",
                [document.0],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Moves everything written on `from` to `to` (the same file, now with another text), in
    /// one transaction: annotations and cards to their new places (orphaned where `anchor` is
    /// `None`), bookmarks to their new positions, the draft as it is; `to_text` becomes the
    /// kept text.
    pub fn move_annotations(
        &mut self,
        from: DocumentId,
        to: DocumentId,
        moved: &MovedText,
        to_text: &str,
        now: i64,
    ) -> Result<()> {
        let tx = self.write()?;
        for m in &moved.annotations {
            relocate(
                &tx,
                "annotations",
                m.id.0,
                to,
                m.anchor.as_ref(),
                m.unsure,
                now,
            )?;
        }
        for m in &moved.cards {
            relocate(&tx, "cards", m.id.0, to, m.anchor.as_ref(), m.unsure, now)?;
        }
        let bookmark_positions = &moved.bookmarks;
        for (id, position) in bookmark_positions {
            tx.execute(
                "UPDATE bookmarks SET document_id = ?1, char_offset = ?2 WHERE id = ?3",
                params![to.0, *position as i64, id.0],
            )?;
        }
        tx.execute(
            "UPDATE OR IGNORE note_drafts SET document_id = ?1 WHERE document_id = ?2",
            params![to.0, from.0],
        )?;
        tx.execute(
            "INSERT OR REPLACE INTO document_texts (document_id, content) VALUES (?1, ?2)",
            params![to.0, to_text],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Every annotation of a document, deleted ones included: what must follow it when its
    /// text changes.
    pub fn annotations_to_move(&self, document: DocumentId) -> Result<Vec<Annotation>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM annotations a WHERE a.document_id = ?1 ORDER BY a.id"
        ))?;
        let rows = stmt.query_map([document.0], annotation_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn add_bookmark(
        &mut self,
        document: DocumentId,
        position: u64,
        label: &str,
        now: i64,
    ) -> Result<Bookmark> {
        let tx = self.write()?;
        tx.execute(
            "INSERT INTO bookmarks (document_id, char_offset, label, created_at)
             VALUES (?1, ?2, ?3, ?4)",
            params![document.0, position as i64, label, now],
        )?;
        let id = BookmarkId(tx.last_insert_rowid());
        tx.commit()?;
        Ok(Bookmark {
            id,
            document,
            position,
            label: label.to_string(),
            created_at: now,
        })
    }

    /// The live bookmarks of a document, in reading order; with `deleted`, the soft-deleted
    /// ones too (for moving them along with their document).
    pub fn bookmarks(&self, document: DocumentId, deleted: bool) -> Result<Vec<Bookmark>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, document_id, char_offset, label, created_at FROM bookmarks
             WHERE document_id = ?1 AND (?2 OR deleted_at IS NULL)
             ORDER BY char_offset, id",
        )?;
        let rows = stmt.query_map(params![document.0, deleted], |r| {
            Ok(Bookmark {
                id: BookmarkId(r.get(0)?),
                document: DocumentId(r.get(1)?),
                position: r.get::<_, i64>(2)?.max(0) as u64,
                label: r.get(3)?,
                created_at: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn set_bookmark_deleted(&mut self, id: BookmarkId, deleted: bool, now: i64) -> Result<()> {
        self.write_one(
            "UPDATE bookmarks SET deleted_at = ?1 WHERE id = ?2",
            params![deleted.then_some(now), id.0],
        )
    }

    /// Saves the note being typed (replacing the document's previous draft).
    pub fn save_draft(&mut self, draft: &Draft) -> Result<()> {
        let (reply_to, reply_id) = match draft.reply {
            None => (None, None),
            Some(DraftReply::New) => (draft.annotation.map(|a| a.0), None),
            Some(DraftReply::Edit(id)) => (None, Some(id.0)),
        };
        self.write_one(
            "INSERT OR REPLACE INTO note_drafts (document_id, annotation_id, start_char, end_char,
                 quote, prefix, suffix, color, text, updated_at, reply_to, reply_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            params![
                draft.document.0,
                draft.annotation.map(|a| a.0),
                draft.anchor.start as i64,
                draft.anchor.end as i64,
                draft.anchor.quote,
                draft.anchor.prefix,
                draft.anchor.suffix,
                draft.color,
                draft.text,
                draft.updated_at,
                reply_to,
                reply_id
            ],
        )
    }

    pub fn draft(&self, document: DocumentId) -> Result<Option<Draft>> {
        Ok(self
            .conn
            .query_row(
                "SELECT document_id, annotation_id, start_char, end_char, quote, prefix, suffix,
                     color, text, updated_at, reply_to, reply_id
                 FROM note_drafts WHERE document_id = ?1",
                [document.0],
                |r| {
                    let reply = match (r.get::<_, Option<i64>>(10)?, r.get::<_, Option<i64>>(11)?) {
                        (_, Some(id)) => Some(DraftReply::Edit(ReplyId(id))),
                        (Some(_), None) => Some(DraftReply::New),
                        (None, None) => None,
                    };
                    Ok(Draft {
                        document: DocumentId(r.get(0)?),
                        annotation: r.get::<_, Option<i64>>(1)?.map(AnnotationId),
                        reply,
                        anchor: anchor(r, 2)?,
                        color: r.get(7)?,
                        text: r.get(8)?,
                        updated_at: r.get(9)?,
                    })
                },
            )
            .optional()?)
    }

    pub fn clear_draft(&mut self, document: DocumentId) -> Result<()> {
        self.write_one(
            "DELETE FROM note_drafts WHERE document_id = ?1",
            [document.0],
        )
    }
}

mod window;

#[cfg(test)]
mod tests;
