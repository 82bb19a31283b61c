-- Documents known to gloss: one row per distinct content, identified by the hash of its
-- normalized text, so that a moved or renamed file keeps its state.
CREATE TABLE documents (
    id            INTEGER PRIMARY KEY,
    content_hash  TEXT    NOT NULL UNIQUE,
    title         TEXT    NOT NULL,
    format        TEXT    NOT NULL CHECK (format IN ('text', 'markdown')),
    -- Last file this content was opened from; NULL when it is only bundled, or when the file
    -- has since changed (its new content is another document).
    path          TEXT,
    -- File name in the bundled library, for texts that ship with gloss.
    bundled_name  TEXT,
    char_count    INTEGER NOT NULL CHECK (char_count >= 0),
    word_count    INTEGER NOT NULL CHECK (word_count >= 0),
    added_at      INTEGER NOT NULL,  -- unix seconds
    last_read_at  INTEGER            -- unix seconds
);
CREATE INDEX documents_by_path ON documents (path);

-- Where the reader is in each document: a character offset into its content.
CREATE TABLE reading_positions (
    document_id  INTEGER PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    char_offset  INTEGER NOT NULL CHECK (char_offset >= 0),
    updated_at   INTEGER NOT NULL
);
