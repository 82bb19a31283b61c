-- Books and web pages: two more formats (EPUB, an HTML page's article or the whole page), the
-- author from a book's or a page's metadata, and the URL an article was fetched from (fetching
-- it again makes a new edition of the same text).
--
-- SQLite cannot change a CHECK constraint in place: the table is rebuilt (foreign keys are not
-- enforced while migrations run, so dropping the old table cascades nowhere).
CREATE TABLE documents_new (
    id            INTEGER PRIMARY KEY,
    content_hash  TEXT    NOT NULL UNIQUE,
    title         TEXT    NOT NULL,
    format        TEXT    NOT NULL
                  CHECK (format IN ('text', 'markdown', 'epub', 'html', 'html-raw')),
    path          TEXT,
    bundled_name  TEXT,
    char_count    INTEGER NOT NULL CHECK (char_count >= 0),
    word_count    INTEGER NOT NULL CHECK (word_count >= 0),
    added_at      INTEGER NOT NULL,
    last_read_at  INTEGER,
    author        TEXT,
    url           TEXT
);
INSERT INTO documents_new (id, content_hash, title, format, path, bundled_name, char_count,
                           word_count, added_at, last_read_at)
    SELECT id, content_hash, title, format, path, bundled_name, char_count, word_count, added_at,
           last_read_at
    FROM documents;
DROP TABLE documents;
ALTER TABLE documents_new RENAME TO documents;
CREATE INDEX documents_by_path ON documents (path);
