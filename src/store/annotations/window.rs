//! A text's annotations read in part: the reader's own whole, the other members' around the
//! page shown. A group's text may carry a million annotations; the reader reads the few
//! hundred on and near the page (issue 34), through the reading-order index and, for the rare
//! long ones, `annotations_long` (migration 0025).

use std::ops::Range;

use super::{COLUMNS, annotation_row};
use crate::annotation::{Annotation, Author};
use crate::document::DocumentId;
use crate::store::{Result, Store};

/// Annotations longer than this (in characters) are found through their own index; the others
/// start at most this far before a range they overlap. As in migration 0025.
const LONG_CHARS: usize = 2000;

impl Store {
    /// Whether the text has more than `n` annotations, live or not: counted up to `n + 1` at most.
    pub fn annotations_exceed(&self, document: DocumentId, n: usize) -> Result<bool> {
        let count: i64 = self.conn.query_row(
            "SELECT count(*) FROM
                 (SELECT 1 FROM annotations WHERE document_id = ?1 LIMIT ?2)",
            rusqlite::params![document.0, n as i64 + 1],
            |r| r.get(0),
        )?;
        Ok(count as usize > n)
    }

    /// The live annotations of a text that are read whole however many the others have: the
    /// reader's own (placed or not), and the other members' that have no place in it. In
    /// reading order, orphans last.
    pub fn annotations_held(&self, document: DocumentId) -> Result<Vec<Annotation>> {
        // Two queries, each through its index: the reader's own by `annotations_of_members`,
        // the orphans by the reading order's (not the members' index, which would read them all).
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM annotations a
             WHERE a.document_id = ?1 AND a.author_id IS NULL AND a.deleted_at IS NULL
             UNION ALL
             SELECT {COLUMNS} FROM annotations a INDEXED BY annotations_in_reading_order
             WHERE a.document_id = ?1 AND a.orphaned = 1 AND a.deleted_at IS NULL
               AND a.author_id IS NOT NULL"
        ))?;
        let rows = stmt.query_map([document.0], annotation_row)?;
        let mut held: Vec<Annotation> = rows.collect::<rusqlite::Result<_>>()?;
        held.sort_unstable_by_key(|a| (a.orphaned, a.anchor.start, a.anchor.end, a.id));
        Ok(held)
    }

    /// The other members' live, placed annotations overlapping `chars` (character offsets), in
    /// reading order.
    pub fn others_around(
        &self,
        document: DocumentId,
        chars: Range<usize>,
    ) -> Result<Vec<Annotation>> {
        let live = "a.document_id = ?1 AND a.orphaned = 0 AND a.deleted_at IS NULL
                    AND a.author_id IS NOT NULL AND a.end_char > ?2";
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM annotations a
                 INDEXED BY annotations_in_reading_order
             WHERE {live} AND a.start_char >= ?2 - {LONG_CHARS} AND a.start_char < ?3
             UNION ALL
             SELECT {COLUMNS} FROM annotations a INDEXED BY annotations_long
             WHERE {live} AND a.end_char - a.start_char > {LONG_CHARS}
               AND a.start_char < ?2 - {LONG_CHARS}"
        ))?;
        let rows = stmt.query_map(
            rusqlite::params![document.0, chars.start as i64, chars.end as i64],
            annotation_row,
        )?;
        let mut around: Vec<Annotation> = rows.collect::<rusqlite::Result<_>>()?;
        around.sort_unstable_by_key(|a| (a.anchor.start, a.anchor.end, a.id));
        Ok(around)
    }

    /// The other members with live annotations on a text, each with how many, by name.
    pub fn members_on(&self, document: DocumentId) -> Result<Vec<(Author, usize)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT author_id, author_name, count(*) FROM annotations
             WHERE document_id = ?1 AND deleted_at IS NULL AND author_id IS NOT NULL
             GROUP BY author_id, author_name",
        )?;
        let rows = stmt.query_map([document.0], |r| {
            let author = Author {
                id: r.get(0)?,
                name: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
            };
            Ok((author, r.get::<_, i64>(2)? as usize))
        })?;
        // A member who renamed themselves is one member, under the name most of theirs carry.
        let mut members: Vec<(Author, usize, usize)> = Vec::new();
        for row in rows {
            let (author, n) = row?;
            match members.iter_mut().find(|(a, _, _)| a.id == author.id) {
                Some((a, total, most)) => {
                    if n > *most {
                        (a.name, *most) = (author.name, n);
                    }
                    *total += n;
                }
                None => members.push((author, n, n)),
            }
        }
        let mut members: Vec<(Author, usize)> = members
            .into_iter()
            .map(|(a, total, _)| (a, total))
            .collect();
        members.sort_by_cached_key(|(a, _)| (a.name.to_lowercase(), a.id.clone()));
        Ok(members)
    }
}
