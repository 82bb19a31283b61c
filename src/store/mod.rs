//! The only module that speaks SQL. [`Store`] owns one SQLite connection, migrates the schema on
//! open (numbered files in `migrations/`), and exposes typed operations, one transaction each.
//!
//! The database runs in WAL mode with a busy timeout, and writes take the lock up front
//! (`BEGIN IMMEDIATE`), so that two gloss processes can share it.
//! Times are unix seconds passed in by the caller: the store never reads a clock.

mod annotations;
mod cards;
mod decks;
mod documents;
mod group;
mod groups;
mod identity;
mod imports;
mod news;
mod replies;
mod search;
mod writers;

use std::path::Path;
use std::time::Duration;

use rusqlite::Connection;
use rusqlite_migration::{M, Migrations};

pub use cards::{Answer, Answered};
pub use documents::{Registered, Source, TextCounts};
pub use group::{Incoming, Known, WithText};
pub use groups::SharedBy;
pub use imports::{NewBookmark, ToolImport, Waiting};

/// Every migration, in order. A test checks that this lists every file in `migrations/`.
const MIGRATIONS: &[(&str, &str)] = &[
    (
        "0001_documents_and_positions.sql",
        include_str!("../../migrations/0001_documents_and_positions.sql"),
    ),
    (
        "0002_annotations_bookmarks_drafts.sql",
        include_str!("../../migrations/0002_annotations_bookmarks_drafts.sql"),
    ),
    (
        "0003_cards_and_reviews.sql",
        include_str!("../../migrations/0003_cards_and_reviews.sql"),
    ),
    (
        "0004_authors.sql",
        include_str!("../../migrations/0004_authors.sql"),
    ),
    (
        "0005_search.sql",
        include_str!("../../migrations/0005_search.sql"),
    ),
    (
        "0006_document_author_and_url.sql",
        include_str!("../../migrations/0006_document_author_and_url.sql"),
    ),
    (
        "0007_file_stamp.sql",
        include_str!("../../migrations/0007_file_stamp.sql"),
    ),
    (
        "0008_note_index_in_bulk.sql",
        include_str!("../../migrations/0008_note_index_in_bulk.sql"),
    ),
    (
        "0009_reindex_without_furniture.sql",
        include_str!("../../migrations/0009_reindex_without_furniture.sql"),
    ),
    (
        "0010_unsure_places.sql",
        include_str!("../../migrations/0010_unsure_places.sql"),
    ),
    (
        "0011_removed_texts.sql",
        include_str!("../../migrations/0011_removed_texts.sql"),
    ),
    (
        "0012_contentless_passages.sql",
        include_str!("../../migrations/0012_contentless_passages.sql"),
    ),
    (
        "0013_landmarks.sql",
        include_str!("../../migrations/0013_landmarks.sql"),
    ),
    (
        "0014_siblings_leeches_time.sql",
        include_str!("../../migrations/0014_siblings_leeches_time.sql"),
    ),
    (
        "0015_replies_and_news.sql",
        include_str!("../../migrations/0015_replies_and_news.sql"),
    ),
    (
        "0016_smaller_index_buffer.sql",
        include_str!("../../migrations/0016_smaller_index_buffer.sql"),
    ),
    (
        "0017_any_format.sql",
        include_str!("../../migrations/0017_any_format.sql"),
    ),
    (
        "0018_kept_texts.sql",
        include_str!("../../migrations/0018_kept_texts.sql"),
    ),
    (
        "0019_unspaced_scripts_by_letter.sql",
        include_str!("../../migrations/0019_unspaced_scripts_by_letter.sql"),
    ),
    (
        "0020_waiting_imports.sql",
        include_str!("../../migrations/0020_waiting_imports.sql"),
    ),
    (
        "0021_decks.sql",
        include_str!("../../migrations/0021_decks.sql"),
    ),
    (
        "0022_flags.sql",
        include_str!("../../migrations/0022_flags.sql"),
    ),
    (
        "0023_news_of_edits.sql",
        include_str!("../../migrations/0023_news_of_edits.sql"),
    ),
    (
        "0024_groups.sql",
        include_str!("../../migrations/0024_groups.sql"),
    ),
    (
        "0025_annotations_by_place_and_member.sql",
        include_str!("../../migrations/0025_annotations_by_place_and_member.sql"),
    ),
    (
        "0026_notes_indexed_by_their_writers.sql",
        include_str!("../../migrations/0026_notes_indexed_by_their_writers.sql"),
    ),
    (
        "0027_read_to_the_end.sql",
        include_str!("../../migrations/0027_read_to_the_end.sql"),
    ),
    (
        "0028_own_annotations_indexed_apart.sql",
        include_str!("../../migrations/0028_own_annotations_indexed_apart.sql"),
    ),
    (
        "0029_tags_on_their_annotation.sql",
        include_str!("../../migrations/0029_tags_on_their_annotation.sql"),
    ),
    (
        "0030_passages_kept_for_results.sql",
        include_str!("../../migrations/0030_passages_kept_for_results.sql"),
    ),
];

/// How long a write waits for another process holding the database.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);
/// How often a waiting write tries again: within a frame, as the work behind the reader holds
/// the lock for a few milliseconds at a time (see [`writers`]).
const BUSY_STEP: Duration = Duration::from_millis(2);

/// SQLite's page cache, in KiB (as `PRAGMA cache_size` takes it, negative): its default, and
/// during a batch of writes (see [`Store::begin_batch`]). At 500 members a group's first sync
/// takes 20.4 s with the default and 17.2 s with this one.
const DEFAULT_CACHE_KIB: i64 = -2_000;
const BATCH_CACHE_KIB: i64 = -64 * 1024;

/// How long a write waits before it says so: the work behind the reader holds the lock for a
/// few milliseconds at a time, which no one should see as a wait.
const NOTICED_AFTER: Duration = Duration::from_millis(100);

/// SQLite's busy handler: tells that a wait has lasted (see [`crate::wait`]), and retries until
/// [`BUSY_TIMEOUT`].
fn busy(tries: i32) -> bool {
    let waited = BUSY_STEP * tries.max(0) as u32;
    if waited == NOTICED_AFTER {
        crate::wait::notice();
    }
    busy_behind(tries)
}

/// The busy handler of a connection working behind the reader ([`Store::reopen`]): it waits
/// without a word, as the screen is not its to draw on.
fn busy_behind(tries: i32) -> bool {
    std::thread::sleep(BUSY_STEP);
    BUSY_STEP * (tries.max(0) as u32 + 1) < BUSY_TIMEOUT
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("cannot update the database schema: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    #[error("cannot create the database folder {path}: {source}")]
    Folder {
        path: String,
        source: std::io::Error,
    },
    #[error("this database was written by a newer version of gloss; update gloss to open it")]
    Newer,
    #[error("this annotation is another member's: it can be hidden (A), not changed")]
    NotYours,
    #[error(
        "cannot read the search {0:?}: put a phrase in double quotes, end a word with * for a \
         prefix, join words with AND, OR, NOT or NEAR(…)"
    )]
    Query(String),
}

pub type Result<T> = std::result::Result<T, StoreError>;

pub struct Store {
    conn: Connection,
    /// The database's file; `None` in memory.
    path: Option<std::path::PathBuf>,
    /// During a batch, the annotations it wrote whose notes are to be indexed at its end.
    unindexed: Option<Vec<i64>>,
    /// Shared with the connections [`Store::reopen`] makes.
    writers: std::sync::Arc<writers::Writers>,
    /// A connection for work behind the reader: its writes let the reader's go first.
    behind: bool,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::Folder {
                path: dir.display().to_string(),
                source,
            })?;
        }
        let mut store = Store::setup(Connection::open(path)?)?;
        store.path = Some(path.to_path_buf());
        Ok(store)
    }

    /// Another connection to the same database, for work behind the reader on another thread,
    /// whose writes let this connection's go first (`None` for a database in memory, which no
    /// other connection can see).
    pub fn reopen(&self) -> Result<Option<Store>> {
        let Some(path) = self.path.as_deref() else {
            return Ok(None);
        };
        let store = Store::open(path)?;
        store.conn.busy_handler(Some(busy_behind))?;
        Ok(Some(Store {
            writers: std::sync::Arc::clone(&self.writers),
            behind: true,
            ..store
        }))
    }

    /// The database's file (`None` in memory), for a connection of its own on another thread.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// A private database that vanishes when dropped, for tests.
    pub fn open_in_memory() -> Result<Store> {
        Store::setup(Connection::open_in_memory()?)
    }

    fn setup(mut conn: Connection) -> Result<Store> {
        conn.busy_handler(Some(busy))?;
        // A database that a newer gloss migrated further has tables this one does not know.
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version > MIGRATIONS.len() as i64 {
            return Err(StoreError::Newer);
        }
        // `journal_mode` answers with the mode it set; in-memory databases answer "memory".
        let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        // Statement journals (an upsert keeps one) in memory, not in temporary files: a group's
        // sync writes a hundred thousand rows.
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        // The log is copied into the database every 32 MiB written rather than every 4: a
        // group's sync commits a batch of files at a time, each touching pages all over five indexes,
        // which are then copied once for many files.
        conn.pragma_update(None, "wal_autocheckpoint", 8192)?;
        // Migrations run with foreign keys off (the bundled SQLite turns them on by default):
        // rebuilding a table, the way SQLite changes a constraint, must not cascade the drop of
        // the old table to its children.
        conn.pragma_update(None, "foreign_keys", "OFF")?;
        migrations().to_latest(&mut conn)?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        Ok(Store {
            conn,
            path: None,
            unindexed: None,
            writers: Default::default(),
            behind: false,
        })
    }
}

impl Store {
    /// One statement in its own write transaction.
    fn write_one(&mut self, sql: &str, params: impl rusqlite::Params) -> Result<()> {
        let tx = self.write()?;
        tx.execute(sql, params)?;
        tx.commit()?;
        Ok(())
    }

    /// Begins a batch: the writes until [`Store::end_batch`] are one transaction, so that the
    /// pages they share (the indexes' pages, which a group's many files all touch) are written
    /// once. Each write within it is not a transaction of its own: a caller whose write fails
    /// takes the whole batch back with [`Store::abandon_batch`]. Statements that would open
    /// a statement journal cost more the more the batch holds: not for batches.
    pub fn begin_batch(&mut self) -> Result<()> {
        let turn = self.writers.turn(self.behind);
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        drop(turn);
        self.unindexed = Some(Vec::new());
        // Room for the pages a batch dirties, given back at its end.
        self.conn
            .pragma_update(None, "cache_size", BATCH_CACHE_KIB)?;
        Ok(())
    }

    /// Commits a batch's writes and ends it.
    pub fn end_batch(&mut self) -> Result<()> {
        if let Some(unindexed) = self.unindexed.take() {
            group::index_notes(&self.conn, &unindexed)?;
        }
        self.conn.execute_batch("COMMIT")?;
        self.conn
            .pragma_update(None, "cache_size", DEFAULT_CACHE_KIB)?;
        Ok(())
    }

    /// Takes a batch's writes back.
    pub fn abandon_batch(&mut self) {
        self.unindexed = None;
        if !self.conn.is_autocommit() {
            // A failed rollback leaves nothing to do: SQLite then rolls back on its own.
            let _ = self.conn.execute_batch("ROLLBACK");
        }
        let _ = self
            .conn
            .pragma_update(None, "cache_size", DEFAULT_CACHE_KIB);
    }

    /// A write transaction, taking the write lock at once: a deferred transaction that reads
    /// first could not wait for another process's write, and would fail with "database is
    /// locked" despite the busy timeout.
    /// Within a batch, the write is part of the batch's transaction.
    fn write(&mut self) -> rusqlite::Result<Write<'_>> {
        write_on(&mut self.conn, &self.writers, self.behind)
    }
}

/// [`Store::write`] on the connection alone, for a caller that also uses another of the
/// store's fields meanwhile: `writers` and `behind` are the store's.
fn write_on<'a>(
    conn: &'a mut Connection,
    writers: &writers::Writers,
    behind: bool,
) -> rusqlite::Result<Write<'a>> {
    if !conn.is_autocommit() {
        return Ok(Write::Batched(conn));
    }
    let _turn = writers.turn(behind);
    conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map(Write::Transaction)
}

/// A write under way (see [`Store::write`]): statements run on it as on the connection, and
/// `commit` makes them one (within a batch, the batch's commit does).
enum Write<'a> {
    Transaction(rusqlite::Transaction<'a>),
    Batched(&'a Connection),
}

impl Write<'_> {
    fn commit(self) -> rusqlite::Result<()> {
        match self {
            Write::Transaction(tx) => tx.commit(),
            Write::Batched(_) => Ok(()),
        }
    }
}

impl std::ops::Deref for Write<'_> {
    type Target = Connection;

    fn deref(&self) -> &Connection {
        match self {
            Write::Transaction(tx) => tx,
            Write::Batched(conn) => conn,
        }
    }
}

/// Keeps `content` as the text of `document` (annotated or carded: a later edit of its file is
/// then followed through the diff), unless it is kept already. Looked for first: binding a
/// text of megabytes costs more than the lookup, and a thousand cards made in a row each did.
fn keep_text(
    tx: &Connection,
    document: crate::document::DocumentId,
    content: &str,
) -> rusqlite::Result<()> {
    let kept = tx
        .prepare_cached("SELECT 1 FROM document_texts WHERE document_id = ?1")?
        .exists([document.0])?;
    if !kept {
        tx.execute(
            "INSERT INTO document_texts (document_id, content) VALUES (?1, ?2)",
            rusqlite::params![document.0, content],
        )?;
    }
    Ok(())
}

fn migrations() -> Migrations<'static> {
    Migrations::new(MIGRATIONS.iter().map(|(_, sql)| M::up(sql)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{DocumentId, DocumentMeta, Format};

    #[test]
    fn a_database_from_a_newer_gloss_is_refused_in_plain_words() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gloss.db");
        drop(Store::open(&path).unwrap());
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", MIGRATIONS.len() as i64 + 3)
            .unwrap();
        drop(conn);
        let err = Store::open(&path).err().expect("refused");
        assert_eq!(
            err.to_string(),
            "this database was written by a newer version of gloss; update gloss to open it"
        );
        assert!(std::error::Error::source(&err).is_none(), "said once");
    }

    // The hook is the process's: other tests' waits may call it too, on their threads.
    static NOTICED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    thread_local!(static NOTICED_HERE: std::cell::Cell<usize> = const { std::cell::Cell::new(0) });

    /// The wait hook of these tests: counts, in all and on this thread.
    fn count_notice() {
        NOTICED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        NOTICED_HERE.with(|n| n.set(n.get() + 1));
    }

    fn noticed_here() -> usize {
        NOTICED_HERE.with(std::cell::Cell::get)
    }

    #[test]
    fn a_write_waits_for_another_writer_and_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gloss.db");
        let mut store = Store::open(&path).unwrap();
        crate::wait::on_wait(count_notice);
        let other = Connection::open(&path).unwrap();
        other.execute_batch("BEGIN IMMEDIATE").unwrap();
        let before = NOTICED.load(std::sync::atomic::Ordering::Relaxed);
        let release = std::thread::spawn(move || {
            // Holds the lock until the waiting write has said it waits.
            while NOTICED.load(std::sync::atomic::Ordering::Relaxed) == before {
                std::thread::yield_now();
            }
            other.execute_batch("COMMIT").unwrap();
        });
        store.set_setting("name", "Ana").unwrap();
        release.join().unwrap();
        assert_eq!(store.setting("name").unwrap().as_deref(), Some("Ana"));
        assert_eq!(noticed_here(), 1, "said once");
    }

    #[test]
    fn a_short_wait_and_the_work_behind_the_reader_say_nothing() {
        crate::wait::on_wait(count_notice);
        let tries = (NOTICED_AFTER.as_millis() / BUSY_STEP.as_millis()) as i32;
        for t in 0..tries {
            assert!(busy(t));
            assert!(busy_behind(t));
        }
        assert_eq!(noticed_here(), 0, "an indexing step's wait is not shown");
        busy(tries);
        assert_eq!(noticed_here(), 1, "a wait felt is");
        busy_behind(tries);
        assert_eq!(noticed_here(), 1, "never from behind the reader");
    }

    #[test]
    fn migrations_are_valid_and_all_listed() {
        migrations().validate().unwrap();
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".sql"))
            .collect();
        files.sort();
        let listed: Vec<&str> = MIGRATIONS.iter().map(|(name, _)| *name).collect();
        assert_eq!(
            files, listed,
            "every migration file must be listed, in order"
        );
        for (i, name) in listed.iter().enumerate() {
            assert!(
                name.starts_with(&format!("{:04}_", i + 1)),
                "{name} is not numbered {}",
                i + 1
            );
        }
    }

    #[test]
    fn two_processes_can_write_the_same_database() {
        use crate::document::Format;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gloss.db");
        let mut a = Store::open(&path).unwrap();
        let mut b = Store::open(&path).unwrap();
        let meta = |hash: &str| DocumentMeta {
            hash: hash.into(),
            author: None,
            title: hash.into(),
            format: Format::TEXT,
            chars: 1000,
            words: 200,
        };
        let x = a.register(&meta("x"), Source::Bundled("x"), 1).unwrap().id;
        let y = b.register(&meta("y"), Source::Bundled("y"), 1).unwrap().id;
        let writer = std::thread::spawn(move || {
            for i in 0..200 {
                b.save_position(y, i, None, false, i as i64).unwrap();
            }
            b
        });
        for i in 0..200 {
            a.save_position(x, i, None, false, i as i64).unwrap();
        }
        let b = writer.join().unwrap();
        assert_eq!(a.entry(y).unwrap().unwrap().position, 199);
        assert_eq!(b.entry(x).unwrap().unwrap().position, 199);
    }

    #[test]
    fn a_database_of_the_first_schema_upgrades_and_keeps_its_data() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        {
            let mut conn = Connection::open(&path).unwrap();
            Migrations::new(vec![M::up(MIGRATIONS[0].1)])
                .to_latest(&mut conn)
                .unwrap();
            conn.execute_batch(
                "INSERT INTO documents (id, content_hash, title, format, char_count, word_count,
                     added_at) VALUES (1, 'h', 'Old', 'text', 10, 2, 0);
                 INSERT INTO reading_positions VALUES (1, 7, 0);",
            )
            .unwrap();
        }
        let store = Store::open(&path).unwrap();
        let entry = store.entry(DocumentId(1)).unwrap().unwrap();
        assert_eq!((entry.title.as_str(), entry.position), ("Old", 7));
        assert_eq!((entry.format, entry.author), (Format::TEXT, None));
        assert!(store.annotations(DocumentId(1)).unwrap().is_empty());
        let enforced: i64 = store
            .conn
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap();
        assert_eq!(
            enforced, 1,
            "foreign keys are enforced again after migrating"
        );
    }

    #[test]
    fn tags_written_before_they_were_kept_on_their_annotation_are_read_there() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        {
            let mut conn = Connection::open(&path).unwrap();
            let before_0029 = MIGRATIONS[..28].iter().map(|(_, sql)| M::up(sql)).collect();
            Migrations::new(before_0029).to_latest(&mut conn).unwrap();
            conn.execute_batch(
                "INSERT INTO documents (id, content_hash, title, format, char_count, word_count,
                     added_at) VALUES (1, 'h', 'Old', 'text', 10, 2, 0);
                 INSERT INTO annotations (id, uuid, document_id, start_char, end_char, quote,
                     note, created_at, modified_at) VALUES
                     (1, 'u1', 1, 0, 3, 'Old', '#zeta #alpha', 0, 0),
                     (2, 'u2', 1, 4, 6, 'ok', '', 0, 0);
                 INSERT INTO annotation_tags VALUES (1, 'zeta'), (1, 'alpha');",
            )
            .unwrap();
        }
        let store = Store::open(&path).unwrap();
        let tags: Vec<Vec<String>> = store
            .annotations(DocumentId(1))
            .unwrap()
            .into_iter()
            .map(|a| a.tags)
            .collect();
        assert_eq!(tags, [vec!["alpha", "zeta"], vec![]]);
    }

    #[test]
    fn file_database_uses_wal() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/gloss.db");
        let store = Store::open(&path).unwrap();
        let mode: String = store
            .conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        drop(store);
        // Reopening an up-to-date database is a no-op.
        Store::open(&path).unwrap();
    }
}
