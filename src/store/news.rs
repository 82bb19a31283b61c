//! What is new from the other members of a reading group: annotations and replies an import
//! added or changed, until the reader looks at them.

use std::collections::HashMap;

use super::{Result, Store};
use crate::annotation::news::{Deed, NEWS_COUNTED_UP_TO, News};
use crate::annotation::{AnnotationId, Author, ReplyId};
use crate::document::DocumentId;

impl Store {
    /// Everything new, by text, then member, then place in the text. A reply whose annotation
    /// has not arrived waits for it.
    pub fn news(&self) -> Result<Vec<News>> {
        let mut stmt = self.conn.prepare(
            "SELECT a.document_id, d.title, a.author_id, a.author_name,
                 a.news_of_edit, a.id, a.start_char, a.quote, a.note, a.modified_at, NULL,
                 a.orphaned
             FROM annotations a JOIN documents d ON d.id = a.document_id
             WHERE a.news = 1 AND a.deleted_at IS NULL AND a.author_id IS NOT NULL
             UNION ALL
             SELECT a.document_id, d.title, r.author_id, r.author_name, 2,
                 a.id, a.start_char, a.quote, r.body, r.modified_at, r.id, a.orphaned
             FROM replies r JOIN annotations a ON a.uuid = r.parent_uuid
                 JOIN documents d ON d.id = a.document_id
             WHERE r.news = 1 AND r.deleted_at IS NULL AND r.author_id IS NOT NULL
                 AND a.deleted_at IS NULL
             ORDER BY 2 COLLATE NOCASE, 1, 4 COLLATE NOCASE, 3, 7, 10",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(News {
                document: DocumentId(r.get(0)?),
                title: r.get(1)?,
                author: Author {
                    id: r.get(2)?,
                    name: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
                },
                deed: match r.get::<_, i64>(4)? {
                    0 => Deed::Added,
                    1 => Deed::Changed,
                    _ => Deed::Replied,
                },
                annotation: AnnotationId(r.get(5)?),
                position: r.get::<_, i64>(6)?.max(0) as u64,
                quote: r.get(7)?,
                text: r.get(8)?,
                at: r.get(9)?,
                reply: r.get::<_, Option<i64>>(10)?.map(ReplyId),
                orphaned: r.get(11)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many news each text has, counted up to [`NEWS_COUNTED_UP_TO`] (a first sync of a
    /// large group brings half a million: the library says "1000+").
    pub fn news_counts(&self) -> Result<HashMap<DocumentId, usize>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.id, (SELECT count(*) FROM (SELECT 1 FROM annotations a
                 INDEXED BY annotations_news
                 WHERE a.document_id = d.id AND a.news = 1 AND a.deleted_at IS NULL
                     AND a.author_id IS NOT NULL
                 LIMIT ?1))
             FROM documents d
             UNION ALL
             SELECT a.document_id, count(*) FROM replies r
                 JOIN annotations a ON a.uuid = r.parent_uuid
             WHERE r.news = 1 AND r.deleted_at IS NULL AND r.author_id IS NOT NULL
                 AND a.deleted_at IS NULL
             GROUP BY a.document_id",
        )?;
        let rows = stmt.query_map([NEWS_COUNTED_UP_TO as i64], |r| {
            Ok((DocumentId(r.get(0)?), r.get::<_, i64>(1)? as usize))
        })?;
        let mut counts: HashMap<DocumentId, usize> = HashMap::new();
        for row in rows {
            let (document, n) = row?;
            if n > 0 {
                let count = counts.entry(document).or_default();
                *count = (*count + n).min(NEWS_COUNTED_UP_TO);
            }
        }
        Ok(counts)
    }

    /// These news looked at: no longer new (what arrived since stays new).
    pub fn mark_news_seen(&mut self, seen: &[News]) -> Result<()> {
        let (replies, annotations): (Vec<&News>, Vec<&News>) =
            seen.iter().partition(|n| n.reply.is_some());
        let annotations: Vec<i64> = annotations.iter().map(|n| n.annotation.0).collect();
        let replies: Vec<i64> = replies
            .iter()
            .filter_map(|n| n.reply.map(|r| r.0))
            .collect();
        let tx = self.write()?;
        tx.execute(
            "UPDATE annotations SET news = 0 WHERE id IN (SELECT value FROM json_each(?1))",
            [serde_json::to_string(&annotations).expect("numbers serialize")],
        )?;
        tx.execute(
            "UPDATE replies SET news = 0 WHERE id IN (SELECT value FROM json_each(?1))",
            [serde_json::to_string(&replies).expect("numbers serialize")],
        )?;
        tx.commit()?;
        Ok(())
    }
}
