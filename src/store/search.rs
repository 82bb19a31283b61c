//! The full-text index (SQLite FTS5): the library's texts passage by passage, and notes (kept in
//! step with the annotations by triggers, see `migrations/0005_search.sql`). Results come ranked
//! by bm25, with snippets whose matched words are between [`MARK_START`] and [`MARK_END`].

use rusqlite::{ErrorCode, OptionalExtension, params};

use super::documents::{ENTRY_COLUMNS, IN_LIBRARY, entry};
use super::{Result, Store, StoreError};
use crate::annotation::AnnotationId;
use crate::document::{DocumentId, LibraryEntry};
use crate::search::{
    IndexedPassage, MARK_END, MARK_START, NoteHit, PassageHit, Run, is_unspaced, phrased,
    plain_terms, snippet,
};

/// Passages indexed in one write transaction, at the most...
const PASSAGES_PER_WRITE: usize = 2000;
/// ... and how long one lasts, at the most: the reader's writes (its place) wait for it.
const WRITE_TIME: std::time::Duration = std::time::Duration::from_millis(8);
/// Pages of the index merged in one write transaction (see [`Store::merge_index`]).
const MERGE_PAGES: i64 = 64;
/// Kilobytes of pages a connection keeps while it indexes.
const INDEXING_CACHE_KB: i64 = 64;

/// Words of a query looked for in notes by reading them (see [`Store::notes_containing`]).
const MOST_TERMS: usize = 8;

/// Words of context in a note's snippet.
const SNIPPET_WORDS: i32 = 16;

impl Store {
    /// Library texts whose passages are not indexed yet.
    pub fn unindexed(&self) -> Result<Vec<LibraryEntry>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {ENTRY_COLUMNS} FROM documents d
             LEFT JOIN reading_positions p ON p.document_id = d.id
             WHERE {IN_LIBRARY}
               AND d.id NOT IN (SELECT document_id FROM search_indexed)
             ORDER BY d.id"
        ))?;
        let rows = stmt.query_map([], entry)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Indexes a text's passages, in order, and keeps them for results, a batch of them per
    /// transaction so that other writers (the reader saving its place) never wait long, and a
    /// search meanwhile finds the passages in so far. The text counts as indexed once the last
    /// batch is in; one left half done is indexed again from its start.
    pub fn index_passages<'a>(
        &mut self,
        document: DocumentId,
        passages: impl Iterator<Item = IndexedPassage<'a>>,
    ) -> Result<()> {
        let first = document.0 << 32;
        // Pages of the index stay few while it is written: the reader is holding a whole text.
        self.conn
            .pragma_update(None, "cache_size", -INDEXING_CACHE_KB)?;
        {
            let tx = self.write()?;
            forget_passages(&tx, document)?;
            tx.commit()?;
        }
        let mut count = 0i64;
        let mut run = Run::default();
        let mut passages = passages.peekable();
        while passages.peek().is_some() {
            let tx = self.write()?;
            {
                let mut insert =
                    tx.prepare_cached("INSERT INTO passages_fts (rowid, text) VALUES (?1, ?2)")?;
                let mut keep =
                    tx.prepare_cached("INSERT INTO passage_runs (id, run) VALUES (?1, ?2)")?;
                let mut keep_run = |run: &mut Run, next: i64| {
                    let id = first + next - run.len() as i64;
                    keep.execute(params![id, run.deflate()]).map(|_| ())
                };
                let began = std::time::Instant::now();
                for passage in passages.by_ref().take(PASSAGES_PER_WRITE) {
                    insert.execute(params![first + count, passage.words.as_ref()])?;
                    run.push(&passage.kept);
                    count += 1;
                    if run.is_full() {
                        keep_run(&mut run, count)?;
                    }
                    if began.elapsed() > WRITE_TIME {
                        break;
                    }
                }
                // A run ends with its transaction: what is searchable has its text.
                if !run.is_empty() {
                    keep_run(&mut run, count)?;
                }
            }
            tx.commit()?;
        }
        self.write_one(
            "INSERT OR REPLACE INTO search_indexed (document_id, passages) VALUES (?1, ?2)",
            params![document.0, count],
        )
    }

    /// The run of kept passages holding passage `passage` of text `document` (see
    /// [`Store::index_passages`]): the number of its first passage, and the run, deflated.
    pub fn passage_run(
        &self,
        document: DocumentId,
        passage: usize,
    ) -> Result<Option<(usize, Vec<u8>)>> {
        let first = document.0 << 32;
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, run FROM passage_runs WHERE id BETWEEN ?1 AND ?2
             ORDER BY id DESC LIMIT 1",
        )?;
        let run = stmt
            .query_row(params![first, first + passage as i64], |r| {
                Ok(((r.get::<_, i64>(0)? - first) as usize, r.get(1)?))
            })
            .optional()?;
        Ok(run)
    }

    /// Merges the index of passages into one segment. Written in small buffers (migration
    /// 0016), it is in many, which every query reads: this is done once after indexing, not
    /// after each text. A few pages at a time, each step a transaction, so that the reader's
    /// writes never wait long (FTS5's 'optimize' merged a 50 MB text's index in one of 1 s);
    /// FTS5 says it is done when a step changes less than two rows.
    pub fn merge_index(&mut self) -> Result<()> {
        loop {
            let before = self.conn.total_changes();
            self.write_one(
                "INSERT INTO passages_fts (passages_fts, rank) VALUES ('merge', ?1)",
                [-MERGE_PAGES],
            )?;
            if self.conn.total_changes() - before < 2 {
                return Ok(());
            }
        }
    }

    /// Whether a text's passages are in the index.
    pub fn is_indexed(&self, document: DocumentId) -> Result<bool> {
        Ok(self
            .conn
            .query_row(
                "SELECT 1 FROM search_indexed WHERE document_id = ?1",
                [document.0],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    /// The passages of the library that best match `query` (FTS5 syntax: phrases in quotes,
    /// `prefix*`, NEAR, AND, OR, NOT; anything else is taken word by word), best first.
    pub fn search_texts(&self, query: &str, limit: usize) -> Result<Vec<PassageHit>> {
        // Ranked alone, with its limit, and joined after: a word in a third of the passages of
        // a 50 MB text took 78 ms as a process, 56 ms so. The index holds the library's texts
        // only (see `forget_passages`).
        let sql = format!(
            "SELECT f.rowid >> 32, f.rowid & 4294967295, d.title, d.char_count
             FROM (SELECT rowid, rank FROM passages_fts WHERE passages_fts MATCH ?1
                   ORDER BY rank LIMIT ?2) f
             JOIN documents d ON d.id = f.rowid >> 32
             WHERE {IN_LIBRARY}
             ORDER BY f.rank"
        );
        self.fts(&sql, query, limit, |r| {
            Ok(PassageHit {
                document: DocumentId(r.get(0)?),
                passage: r.get::<_, i64>(1)? as usize,
                title: r.get(2)?,
                chars: r.get::<_, i64>(3)? as u64,
            })
        })
    }

    /// FTS5's own check that the notes index agrees with the annotations (for tests).
    #[cfg(test)]
    pub(crate) fn check_notes_index(&self) -> Result<()> {
        self.conn.execute(
            "INSERT INTO notes_fts (notes_fts, rank) VALUES ('integrity-check', 1)",
            [],
        )?;
        Ok(())
    }

    /// The live notes (and the quotes they are on) that best match `query`.
    pub fn search_notes(&self, query: &str, limit: usize) -> Result<Vec<NoteHit>> {
        if query.chars().any(is_unspaced) {
            return self.notes_containing(query, limit);
        }
        let sql = format!(
            "SELECT a.id, a.document_id, d.title, a.start_char, a.quote,
                    snippet(notes_fts, -1, '{MARK_START}', '{MARK_END}', '…', {SNIPPET_WORDS}),
                    a.author_name
             FROM notes_fts f JOIN annotations a ON a.id = f.rowid
             JOIN documents d ON d.id = a.document_id
             WHERE notes_fts MATCH ?1 AND a.deleted_at IS NULL AND d.removed_at IS NULL
             ORDER BY f.rank LIMIT ?2"
        );
        self.fts(&sql, query, limit, |r| {
            Ok(NoteHit {
                annotation: AnnotationId(r.get(0)?),
                document: DocumentId(r.get(1)?),
                title: r.get(2)?,
                start_char: r.get::<_, i64>(3)? as u64,
                quote: r.get(4)?,
                snippet: r.get(5)?,
                author: r.get(6)?,
            })
        })
    }

    /// The live notes holding every word of `query`, newest first, for a query in a script
    /// written without spaces: the notes' index (kept by triggers, with the tokenizer's words)
    /// holds its sentences as single words. Notes are few beside the texts, and read whole.
    fn notes_containing(&self, query: &str, limit: usize) -> Result<Vec<NoteHit>> {
        let terms: Vec<String> = query
            .split(|c: char| c.is_whitespace() || c == '"')
            .map(|w| w.trim_end_matches('*').to_lowercase())
            .filter(|w| !w.is_empty() && !matches!(w.as_str(), "and" | "or" | "not"))
            .take(MOST_TERMS)
            .collect();
        let holds: String = (1..=terms.len())
            .map(|k| {
                format!(
                    " AND instr(lower(coalesce(a.note, '') || ' ' || coalesce(a.quote, '')), ?{k}) > 0"
                )
            })
            .collect();
        let sql = format!(
            "SELECT a.id, a.document_id, d.title, a.start_char, a.quote, a.note, a.author_name
             FROM annotations a JOIN documents d ON d.id = a.document_id
             WHERE a.deleted_at IS NULL AND d.removed_at IS NULL{holds}
             ORDER BY a.id DESC LIMIT {limit}"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(&terms), |r| {
            let quote: String = r.get(4)?;
            let note: Option<String> = r.get(5)?;
            let first = terms.first().map_or("", String::as_str);
            let text = match note {
                Some(note) if note.to_lowercase().contains(first) => note,
                _ => quote.clone(),
            };
            Ok(NoteHit {
                annotation: AnnotationId(r.get(0)?),
                document: DocumentId(r.get(1)?),
                title: r.get(2)?,
                start_char: r.get::<_, i64>(3)? as u64,
                snippet: snippet(&text, query, SNIPPET_WORDS as usize),
                quote,
                author: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Runs an FTS query as typed, or word by word when it is not valid FTS5 syntax.
    fn fts<T>(
        &self,
        sql: &str,
        query: &str,
        limit: usize,
        row: impl Fn(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        let run = |q: &str| -> rusqlite::Result<Vec<T>> {
            let mut stmt = self.conn.prepare_cached(sql)?;
            let rows = stmt.query_map(params![q, limit as i64], &row)?;
            rows.collect()
        };
        match run(&phrased(query)) {
            Err(err) if is_query_error(&err) => {
                let plain = phrased(&plain_terms(query)).into_owned();
                if plain.is_empty() {
                    return Ok(Vec::new());
                }
                run(&plain).map_err(|err| match is_query_error(&err) {
                    true => StoreError::Query(query.to_string()),
                    false => err.into(),
                })
            }
            other => Ok(other?),
        }
    }
}

/// Takes a text's passages out of the index, and what is kept of them: it is indexed again
/// from its start, or it left the library (removed, or its file is another text now).
pub(super) fn forget_passages(tx: &rusqlite::Connection, document: DocumentId) -> Result<()> {
    let first = document.0 << 32;
    let last = first + i64::from(u32::MAX);
    tx.execute(
        "DELETE FROM passages_fts WHERE rowid BETWEEN ?1 AND ?2",
        params![first, last],
    )?;
    tx.execute(
        "DELETE FROM passage_runs WHERE id BETWEEN ?1 AND ?2",
        params![first, last],
    )?;
    tx.execute(
        "DELETE FROM search_indexed WHERE document_id = ?1",
        [document.0],
    )?;
    Ok(())
}

/// An error for a query FTS5 cannot read, rather than a database failure: the statements are
/// fixed, so a plain SQL error from one is about the query ("fts5: syntax error", "unterminated
/// string", "no such column" for `word:`).
fn is_query_error(err: &rusqlite::Error) -> bool {
    matches!(err, rusqlite::Error::SqliteFailure(e, _) if e.code == ErrorCode::Unknown)
}

#[cfg(test)]
mod tests;
