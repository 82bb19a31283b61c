//! Documents of the library and the reader's place in each.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Row, params};

use super::{Result, Store};
use crate::document::{DocumentId, DocumentMeta, Format, Landmark, LibraryEntry};

/// Where a document was opened from.
#[derive(Debug, Clone, Copy)]
pub enum Source<'a> {
    /// A file, with what it looks like now (see [`Store::entry_by_file`]).
    File {
        path: &'a Path,
        stamp: Option<&'a str>,
    },
    Bundled(&'a str),
}

/// The outcome of [`Store::register`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Registered {
    pub id: DocumentId,
    /// The document that this file held before it changed, if it did.
    pub replaced: Option<DocumentId>,
}

/// A document the library lists: it can be opened (it has a file or is bundled) and was not
/// removed from the library.
pub(super) const IN_LIBRARY: &str =
    "(d.path IS NOT NULL OR d.bundled_name IS NOT NULL) AND d.removed_at IS NULL";

pub(super) const ENTRY_COLUMNS: &str = "d.id, d.content_hash, d.title, d.path, d.bundled_name, d.char_count, \
     d.word_count, COALESCE(p.char_offset, 0), d.last_read_at, d.author, d.url, d.format, \
     COALESCE(p.at_end, 0), d.added_at";

pub(super) fn entry(row: &Row<'_>) -> rusqlite::Result<LibraryEntry> {
    Ok(LibraryEntry {
        id: DocumentId(row.get(0)?),
        hash: row.get(1)?,
        title: row.get(2)?,
        path: path_from_sql(row.get(3)?),
        bundled: row.get(4)?,
        chars: count(row, 5)?,
        words: count(row, 6)?,
        position: count(row, 7)?,
        last_read_at: row.get(8)?,
        author: row.get(9)?,
        url: row.get(10)?,
        format: Format::from_name(&row.get::<_, String>(11)?).unwrap_or(Format::TEXT),
        at_end: row.get(12)?,
        added_at: row.get(13)?,
    })
}

/// A path as stored: text when it is valid UTF-8 (so that it reads well in any SQLite tool),
/// else its bytes (a Unix file name may be any bytes; a lossy string would name another file).
fn path_to_sql(path: &Path) -> Value {
    match path.to_str() {
        Some(text) => Value::Text(text.to_string()),
        #[cfg(unix)]
        None => Value::Blob(std::os::unix::ffi::OsStrExt::as_bytes(path.as_os_str()).to_vec()),
        #[cfg(not(unix))]
        None => Value::Text(path.to_string_lossy().into_owned()),
    }
}

fn path_from_sql(value: Value) -> Option<PathBuf> {
    match value {
        Value::Text(text) => Some(PathBuf::from(text)),
        #[cfg(unix)]
        Value::Blob(bytes) => Some(PathBuf::from(
            <std::ffi::OsStr as std::os::unix::ffi::OsStrExt>::from_bytes(&bytes),
        )),
        _ => None,
    }
}

/// A non-negative integer column (SQLite integers are signed).
fn count(row: &Row<'_>, column: usize) -> rusqlite::Result<u64> {
    Ok(row.get::<_, i64>(column)?.max(0) as u64)
}

/// The other way: counts beyond `i64::MAX` cannot occur in practice; saturate rather than fail.
fn sql_count(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// What the library lists beside a text (see [`Store::text_counts`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TextCounts {
    /// The reader's own live annotations.
    pub notes: usize,
    /// Cards due today.
    pub due: usize,
}

impl Store {
    /// Records that a document's content was seen at `source`, creating it if it is new.
    ///
    /// A file whose path belonged to another content has changed: that older document loses the
    /// path (it stays in the database with its state) and the reading position carries over
    /// to the new content if it has none yet.
    pub fn register(
        &mut self,
        meta: &DocumentMeta,
        source: Source<'_>,
        now: i64,
    ) -> Result<Registered> {
        let tx = self.write()?;
        tx.execute(
            "INSERT INTO documents (content_hash, title, format, char_count, word_count, added_at,
                                    author)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (content_hash) DO UPDATE SET title = excluded.title,
                                                      author = excluded.author,
                                                      word_count = excluded.word_count",
            params![
                meta.hash,
                meta.title,
                meta.format.as_str(),
                sql_count(meta.chars),
                sql_count(meta.words),
                now,
                meta.author
            ],
        )?;
        let id: i64 = tx.query_row(
            "SELECT id FROM documents WHERE content_hash = ?1",
            [&meta.hash],
            |r| r.get(0),
        )?;
        let mut replaced = None;
        match source {
            Source::File { path, stamp } => {
                let path = path_to_sql(path);
                replaced = tx
                    .query_row(
                        "SELECT id FROM documents WHERE path = ?1 AND id != ?2",
                        params![path, id],
                        |r| r.get::<_, i64>(0),
                    )
                    .optional()?;
                if let Some(old) = replaced {
                    tx.execute("UPDATE documents SET path = NULL WHERE id = ?1", [old])?;
                    super::search::forget_passages(&tx, DocumentId(old))?;
                    tx.execute(
                        "INSERT OR IGNORE INTO reading_positions (document_id, char_offset, updated_at)
                         SELECT ?1, MIN(char_offset, ?2), updated_at
                         FROM reading_positions WHERE document_id = ?3",
                        params![id, sql_count(meta.chars), old],
                    )?;
                }
                // Opening a removed text's file again brings it back, with its annotations.
                tx.execute(
                    "UPDATE documents SET path = ?1, file_stamp = ?2, removed_at = NULL
                     WHERE id = ?3",
                    params![path, stamp, id],
                )?;
            }
            Source::Bundled(name) => {
                tx.execute(
                    "UPDATE documents SET bundled_name = ?1 WHERE id = ?2",
                    params![name, id],
                )?;
            }
        }
        tx.commit()?;
        Ok(Registered {
            id: DocumentId(id),
            replaced: replaced.map(DocumentId),
        })
    }

    /// The title of each document of the library, for lists of cards and their exports.
    pub fn titles(&self) -> Result<std::collections::HashMap<DocumentId, String>> {
        Ok(self
            .library()?
            .into_iter()
            .map(|e| (e.id, e.title))
            .collect())
    }

    /// Every document that can still be opened (it has a file or is bundled), most recently
    /// read first, then by title.
    pub fn library(&self) -> Result<Vec<LibraryEntry>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {ENTRY_COLUMNS} FROM documents d
             LEFT JOIN reading_positions p ON p.document_id = d.id
             WHERE {IN_LIBRARY}
             ORDER BY d.last_read_at IS NULL, d.last_read_at DESC, d.title COLLATE NOCASE"
        ))?;
        let rows = stmt.query_map([], entry)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn entry(&self, id: DocumentId) -> Result<Option<LibraryEntry>> {
        self.entry_where("d.id = ?1", [id.0])
    }

    pub fn entry_by_hash(&self, hash: &str) -> Result<Option<LibraryEntry>> {
        self.entry_where("d.content_hash = ?1", [hash])
    }

    /// The document last read from the file at `path` when it looked as `stamp` says (same
    /// size, modification time and inode): most likely the same text, before it is hashed.
    pub fn entry_by_file(&self, path: &Path, stamp: &str) -> Result<Option<LibraryEntry>> {
        self.entry_where(
            "d.path = ?1 AND d.file_stamp = ?2",
            params![path_to_sql(path), stamp],
        )
    }

    fn entry_where(
        &self,
        condition: &str,
        values: impl rusqlite::Params,
    ) -> Result<Option<LibraryEntry>> {
        Ok(self
            .conn
            .query_row(
                &format!(
                    "SELECT {ENTRY_COLUMNS} FROM documents d
                     LEFT JOIN reading_positions p ON p.document_id = d.id
                     WHERE {condition}"
                ),
                values,
                entry,
            )
            .optional()?)
    }

    /// For each text with any, what the library lists beside it: the reader's own live
    /// annotations, and the cards due before `until` (learning and review ones; not new, nor
    /// suspended, nor buried at `now`). Two counts by text, through `annotations_mine` and the
    /// cards of each text.
    pub fn text_counts(&self, until: i64, now: i64) -> Result<HashMap<DocumentId, TextCounts>> {
        let mut counts: HashMap<DocumentId, TextCounts> = HashMap::new();
        let mut notes = self.conn.prepare_cached(
            "SELECT document_id, count(*) FROM annotations
             WHERE author_id IS NULL AND deleted_at IS NULL GROUP BY document_id",
        )?;
        for row in notes.query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)?)))? {
            let (id, n) = row?;
            counts.entry(DocumentId(id)).or_default().notes = n as usize;
        }
        let mut due = self.conn.prepare_cached(
            "SELECT document_id, count(*) FROM cards
             WHERE deleted_at IS NULL AND suspended = 0 AND phase != 'new' AND due < ?1
               AND (buried_until IS NULL OR buried_until <= ?2)
             GROUP BY document_id",
        )?;
        for row in due.query_map([until, now], |r| Ok((r.get(0)?, r.get::<_, i64>(1)?)))? {
            let (id, n) = row?;
            counts.entry(DocumentId(id)).or_default().due = n as usize;
        }
        Ok(counts)
    }

    /// Saves the reading position (in characters), with its landmark in a long text's file
    /// and whether its page showed the text's end, and marks the document as just read.
    pub fn save_position(
        &mut self,
        id: DocumentId,
        char_offset: u64,
        landmark: Option<&Landmark>,
        at_end: bool,
        now: i64,
    ) -> Result<()> {
        let tx = self.write()?;
        tx.execute(
            "INSERT INTO reading_positions
                 (document_id, char_offset, updated_at, landmark_share, landmark_text, at_end)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (document_id) DO UPDATE
             SET char_offset = excluded.char_offset, updated_at = excluded.updated_at,
                 landmark_share = excluded.landmark_share, landmark_text = excluded.landmark_text,
                 at_end = excluded.at_end",
            params![
                id.0,
                sql_count(char_offset),
                now,
                landmark.map(|l| l.share),
                landmark.map(|l| l.text.as_str()),
                at_end
            ],
        )?;
        tx.execute(
            "UPDATE documents SET last_read_at = ?1 WHERE id = ?2",
            params![now, id.0],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The landmark of a document's reading position, if one was saved with it.
    /// The text kept of document `id` (see [`Document::to_kept`]) when it was read from the
    /// file as it is now (`stamp`).
    pub fn kept_text(&self, id: DocumentId, stamp: &str) -> Result<Option<Vec<u8>>> {
        Ok(self
            .conn
            .query_row(
                "SELECT kept FROM kept_texts WHERE document_id = ?1 AND file_stamp = ?2",
                params![id.0, stamp],
                |row| row.get(0),
            )
            .optional()?)
    }

    /// Whether a text of document `id` is kept from the file as it is now (`stamp`).
    pub fn is_kept(&self, id: DocumentId, stamp: &str) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM kept_texts WHERE document_id = ?1 AND file_stamp = ?2)",
            params![id.0, stamp],
            |row| row.get(0),
        )?)
    }

    /// Keeps the text of document `id`, read from the file as it is now (`stamp`).
    pub fn keep_text(&mut self, id: DocumentId, stamp: &str, kept: &[u8]) -> Result<()> {
        self.write_one(
            "INSERT INTO kept_texts (document_id, file_stamp, kept) VALUES (?1, ?2, ?3)
             ON CONFLICT (document_id) DO UPDATE SET file_stamp = ?2, kept = ?3",
            params![id.0, stamp, kept],
        )
    }

    pub fn landmark(&self, id: DocumentId) -> Result<Option<Landmark>> {
        let found = self
            .conn
            .query_row(
                "SELECT landmark_share, landmark_text FROM reading_positions
                 WHERE document_id = ?1",
                params![id.0],
                |row| {
                    Ok((
                        row.get::<_, Option<f64>>(0)?,
                        row.get::<_, Option<String>>(1)?,
                    ))
                },
            )
            .optional()?;
        Ok(match found {
            Some((Some(share), Some(text))) => Some(Landmark { share, text }),
            _ => None,
        })
    }

    /// Takes a text out of the library and its search index. Its annotations, bookmarks and
    /// cards are kept (and its cards leave the reviews) until its file is opened again; with
    /// `purge`, they are deleted for good, with its place. Returns what it held: (annotations,
    /// cards).
    pub fn remove_document(
        &mut self,
        id: DocumentId,
        purge: bool,
        now: i64,
    ) -> Result<(usize, usize)> {
        let tx = self.write()?;
        let count = |table: &str| -> rusqlite::Result<usize> {
            tx.query_row(
                &format!(
                    "SELECT COUNT(*) FROM {table} WHERE document_id = ?1 AND deleted_at IS NULL"
                ),
                [id.0],
                |r| r.get::<_, i64>(0),
            )
            .map(|n| n as usize)
        };
        let held = (count("annotations")?, count("cards")?);
        tx.execute(
            "UPDATE documents SET removed_at = ?1 WHERE id = ?2",
            params![now, id.0],
        )?;
        super::search::forget_passages(&tx, id)?;
        if purge {
            for table in [
                "annotations",
                "bookmarks",
                "cards",
                "reading_positions",
                "note_drafts",
                "document_texts",
            ] {
                tx.execute(
                    &format!("DELETE FROM {table} WHERE document_id = ?1"),
                    [id.0],
                )?;
            }
        }
        tx.commit()?;
        Ok(held)
    }

    /// Records the web address an article was fetched from.
    pub fn set_url(&mut self, id: DocumentId, url: &str) -> Result<()> {
        self.write_one(
            "UPDATE documents SET url = ?1 WHERE id = ?2",
            params![url, id.0],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(hash: &str, chars: u64) -> DocumentMeta {
        DocumentMeta {
            hash: hash.into(),
            title: format!("Title {hash}"),
            author: None,
            format: Format::TEXT,
            chars,
            words: chars / 5,
        }
    }

    #[test]
    fn register_is_idempotent_and_keeps_both_sources() {
        let mut store = Store::open_in_memory().unwrap();
        let a = store
            .register(&meta("a", 100), Source::Bundled("a.txt"), 1)
            .unwrap();
        let again = store
            .register(
                &meta("a", 100),
                Source::File {
                    path: Path::new("/x/a.txt"),
                    stamp: None,
                },
                2,
            )
            .unwrap();
        assert_eq!(a.id, again.id);
        let entry = store.entry(a.id).unwrap().unwrap();
        assert_eq!(entry.bundled.as_deref(), Some("a.txt"));
        assert_eq!(entry.path.as_deref(), Some(Path::new("/x/a.txt")));
        assert_eq!(store.library().unwrap().len(), 1);
    }

    #[test]
    fn positions_round_trip_and_order_the_library() {
        let mut store = Store::open_in_memory().unwrap();
        let a = store
            .register(&meta("a", 100), Source::Bundled("a"), 1)
            .unwrap();
        let b = store
            .register(&meta("b", 100), Source::Bundled("b"), 1)
            .unwrap();
        store.save_position(b.id, 40, None, false, 10).unwrap();
        let lib = store.library().unwrap();
        assert_eq!(lib[0].id, b.id);
        assert_eq!(lib[0].position, 40);
        assert_eq!(lib[0].last_read_at, Some(10));
        assert!((lib[0].progress() - 0.4).abs() < 1e-9);
        assert_eq!(lib[1].id, a.id);
        assert_eq!(lib[1].position, 0);
        store.save_position(b.id, 55, None, false, 11).unwrap();
        assert_eq!(store.entry(b.id).unwrap().unwrap().position, 55);
    }

    #[test]
    fn a_changed_file_moves_its_path_and_place_to_the_new_content() {
        let mut store = Store::open_in_memory().unwrap();
        let path = Path::new("/books/essay.txt");
        let old = store
            .register(&meta("old", 100), Source::File { path, stamp: None }, 1)
            .unwrap();
        store.save_position(old.id, 90, None, false, 2).unwrap();
        let new = store
            .register(&meta("new", 50), Source::File { path, stamp: None }, 3)
            .unwrap();
        assert_eq!(new.replaced, Some(old.id));
        assert_eq!(store.entry(new.id).unwrap().unwrap().position, 50);
        let old_entry = store.entry(old.id).unwrap().unwrap();
        assert_eq!(old_entry.path, None);
        let lib = store.library().unwrap();
        assert_eq!(lib.len(), 1, "the old content is kept but no longer listed");
        assert_eq!(lib[0].id, new.id);
    }

    #[cfg(unix)]
    #[test]
    fn a_file_name_that_is_not_utf8_is_kept_as_it_is() {
        use std::os::unix::ffi::OsStrExt;
        let mut store = Store::open_in_memory().unwrap();
        let path = Path::new(std::ffi::OsStr::from_bytes(b"/books/caf\xe9.txt"));
        let source = Source::File {
            path,
            stamp: Some("1:2:3"),
        };
        let a = store.register(&meta("a", 100), source, 1).unwrap();
        let entry = store.entry(a.id).unwrap().unwrap();
        assert_eq!(entry.path.as_deref(), Some(path));
        assert_eq!(
            store.entry_by_file(path, "1:2:3").unwrap().unwrap().id,
            a.id
        );
    }

    #[test]
    fn a_file_is_known_by_its_stamp_until_it_changes() {
        let mut store = Store::open_in_memory().unwrap();
        let path = Path::new("/books/book.epub");
        let first = Source::File {
            path,
            stamp: Some("10:1:7"),
        };
        let a = store.register(&meta("a", 100), first, 1).unwrap();
        let known = store.entry_by_file(path, "10:1:7").unwrap().unwrap();
        assert_eq!(known.id, a.id);
        assert!(store.entry_by_file(path, "11:2:7").unwrap().is_none());
        let second = Source::File {
            path,
            stamp: Some("11:2:7"),
        };
        let b = store.register(&meta("b", 100), second, 2).unwrap();
        assert_eq!(
            store.entry_by_file(path, "11:2:7").unwrap().unwrap().id,
            b.id
        );
        assert!(store.entry_by_file(path, "10:1:7").unwrap().is_none());
    }
}
