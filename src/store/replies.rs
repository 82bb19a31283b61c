//! Replies: the threads under annotations in a reading group. A reply names the annotation it
//! answers by uuid, so that one arriving before its annotation waits for it. As for
//! annotations, a change always moves `modified_at` forward.

use rusqlite::{OptionalExtension, Row, params};

use super::{Result, Store};
use crate::annotation::{Author, Reply, ReplyId};
use crate::document::DocumentId;

const COLUMNS: &str = "r.id, r.uuid, r.parent_uuid, r.body, r.author_id, r.author_name, \
     r.created_at, r.modified_at, r.deleted_at";

fn reply_row(row: &Row<'_>) -> rusqlite::Result<Reply> {
    Ok(Reply {
        id: ReplyId(row.get(0)?),
        uuid: row.get(1)?,
        parent: row.get(2)?,
        body: row.get(3)?,
        author: match row.get::<_, Option<String>>(4)? {
            Some(id) => Some(Author {
                id,
                name: row.get::<_, Option<String>>(5)?.unwrap_or_default(),
            }),
            None => None,
        },
        created_at: row.get(6)?,
        modified_at: row.get(7)?,
        deleted_at: row.get(8)?,
    })
}

impl Store {
    /// The local reader's reply to the annotation whose uuid is `parent`.
    pub fn add_reply(&mut self, parent: &str, body: &str, now: i64) -> Result<Reply> {
        let uuid = uuid::Uuid::new_v4().to_string();
        let tx = self.write()?;
        tx.execute(
            "INSERT INTO replies (uuid, parent_uuid, body, created_at, modified_at)
             VALUES (?1, ?2, ?3, ?4, ?4)",
            params![uuid, parent, body, now],
        )?;
        let reply = tx.query_row(
            &format!("SELECT {COLUMNS} FROM replies r WHERE r.id = ?1"),
            [tx.last_insert_rowid()],
            reply_row,
        )?;
        tx.commit()?;
        Ok(reply)
    }

    /// Replaces the text of one of the reader's own replies.
    pub fn set_reply(&mut self, id: ReplyId, body: &str, now: i64) -> Result<()> {
        self.write_own(
            "UPDATE replies SET body = ?1, modified_at = MAX(?2, modified_at + 1) WHERE id = ?3 AND author_id IS NULL",
            params![body, now, id.0],
        )
    }

    /// Soft-deletes (or restores) one of the reader's own replies.
    pub fn set_reply_deleted(&mut self, id: ReplyId, deleted: bool, now: i64) -> Result<()> {
        self.write_own(
            "UPDATE replies SET deleted_at = ?1, modified_at = MAX(?2, modified_at + 1)
             WHERE id = ?3 AND author_id IS NULL",
            params![deleted.then_some(now), now, id.0],
        )
    }

    pub fn reply(&self, id: ReplyId) -> Result<Option<Reply>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM replies r WHERE r.id = ?1"),
                [id.0],
                reply_row,
            )
            .optional()?)
    }

    /// The live replies to the annotations of one document (or of every document), oldest
    /// first in each thread.
    pub fn replies(&self, document: Option<DocumentId>) -> Result<Vec<Reply>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM replies r JOIN annotations a ON a.uuid = r.parent_uuid
             WHERE (?1 IS NULL OR a.document_id = ?1) AND r.deleted_at IS NULL
             ORDER BY r.parent_uuid, r.created_at, r.id"
        ))?;
        let rows = stmt.query_map([document.map(|d| d.0)], reply_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The live replies to these annotations (by uuid), oldest first in each thread: a text
    /// held in part reads the threads of the annotations it holds.
    pub fn replies_to(&self, parents: &[&str]) -> Result<Vec<Reply>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM json_each(?1) p
                 JOIN replies r INDEXED BY replies_by_parent ON r.parent_uuid = p.value
             WHERE r.deleted_at IS NULL
             ORDER BY r.parent_uuid, r.created_at, r.id"
        ))?;
        let parents = serde_json::to_string(parents).expect("strings serialize");
        let rows = stmt.query_map([parents], reply_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The local reader's replies, deleted ones included (for an export).
    pub fn my_replies(&self) -> Result<Vec<Reply>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM replies r WHERE r.author_id IS NULL
             ORDER BY r.parent_uuid, r.created_at, r.id"
        ))?;
        let rows = stmt.query_map([], reply_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The text each of the reader's replies is on (its annotation's), by the reply's uuid;
    /// a reply whose annotation has not arrived is not listed.
    pub fn texts_of_my_replies(&self) -> Result<std::collections::HashMap<String, DocumentId>> {
        let mut stmt = self.conn.prepare(
            "SELECT r.uuid, a.document_id FROM replies r JOIN annotations a
                 ON a.uuid = r.parent_uuid
             WHERE r.author_id IS NULL",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, DocumentId(r.get(1)?))))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Known, StoreError};

    #[test]
    fn replies_are_kept_under_their_annotation_and_only_their_author_changes_them() {
        let mut store = Store::open_in_memory().unwrap();
        let reply = store.add_reply("parent-uuid", "I disagree", 5).unwrap();
        assert_eq!(reply.parent, "parent-uuid");
        assert_eq!(reply.author, None);
        assert_eq!(store.reply(reply.id).unwrap(), Some(reply.clone()));
        // Its annotation has not arrived: it waits, listed under no text.
        assert!(store.replies(None).unwrap().is_empty());
        store.set_reply(reply.id, "I agree, after all", 6).unwrap();
        assert_eq!(
            store.reply(reply.id).unwrap().unwrap().body,
            "I agree, after all"
        );
        // Deleted with the clock set back: still newer than the version the group has.
        store.set_reply_deleted(reply.id, true, 1).unwrap();
        let mine = store.my_replies().unwrap();
        assert_eq!(mine.len(), 1, "a deletion is kept for the export");
        assert_eq!(mine[0].deleted_at, Some(1));
        assert_eq!(
            store.replies_known(&[&reply.uuid]).unwrap()[&reply.uuid],
            Known {
                author_id: None,
                modified: 7
            },
            "after 6, whatever the clock says"
        );
        store
            .conn
            .execute("UPDATE replies SET author_id = 'someone'", [])
            .unwrap();
        assert!(matches!(
            store.set_reply(reply.id, "mine now", 8),
            Err(StoreError::NotYours)
        ));
    }
}
