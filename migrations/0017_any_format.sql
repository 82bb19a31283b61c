-- Formats are rows of a table in the program (PDF is the first added so), not a list fixed
-- in the schema: the CHECK on `documents.format` goes, and the program says what a name means.
--
-- SQLite cannot drop a CHECK constraint in place: the table is rebuilt (foreign keys are not
-- enforced while migrations run, so dropping the old table cascades nowhere).
CREATE TABLE documents_new (
    id            INTEGER PRIMARY KEY,
    content_hash  TEXT    NOT NULL UNIQUE,
    title         TEXT    NOT NULL,
    format        TEXT    NOT NULL CHECK (format <> ''),
    path          TEXT,
    bundled_name  TEXT,
    char_count    INTEGER NOT NULL CHECK (char_count >= 0),
    word_count    INTEGER NOT NULL CHECK (word_count >= 0),
    added_at      INTEGER NOT NULL,
    last_read_at  INTEGER,
    author        TEXT,
    url           TEXT,
    file_stamp    TEXT,
    removed_at    INTEGER
);
INSERT INTO documents_new (id, content_hash, title, format, path, bundled_name, char_count,
                           word_count, added_at, last_read_at, author, url, file_stamp,
                           removed_at)
    SELECT id, content_hash, title, format, path, bundled_name, char_count, word_count, added_at,
           last_read_at, author, url, file_stamp, removed_at
    FROM documents;
DROP TABLE documents;
ALTER TABLE documents_new RENAME TO documents;
CREATE INDEX documents_by_path ON documents (path);
