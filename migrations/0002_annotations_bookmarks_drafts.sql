-- Highlights, and the notes written on them: annotations. Each is anchored twice, by its
-- character range and by its quote with some context (W3C Web Annotation selectors), so that
-- it can be found again when the text changes.
CREATE TABLE annotations (
    id           INTEGER PRIMARY KEY,
    uuid         TEXT    NOT NULL UNIQUE,   -- stable identity for export and import
    document_id  INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    start_char   INTEGER NOT NULL CHECK (start_char >= 0),
    end_char     INTEGER NOT NULL CHECK (end_char >= start_char),
    quote        TEXT    NOT NULL,
    prefix       TEXT    NOT NULL DEFAULT '',
    suffix       TEXT    NOT NULL DEFAULT '',
    color        INTEGER NOT NULL DEFAULT 1 CHECK (color BETWEEN 1 AND 5),
    note         TEXT    NOT NULL DEFAULT '',
    -- Could not be placed in the current text; kept, listed with its quote, re-attachable.
    orphaned     INTEGER NOT NULL DEFAULT 0 CHECK (orphaned IN (0, 1)),
    created_at   INTEGER NOT NULL,
    modified_at  INTEGER NOT NULL,
    -- Deletes are soft: kept for undo and for exporting deletions; purged only on request.
    deleted_at   INTEGER
);
CREATE INDEX annotations_by_document ON annotations (document_id, start_char);

-- The #tags of each annotation's note, kept in step with the note in the same transaction.
CREATE TABLE annotation_tags (
    annotation_id  INTEGER NOT NULL REFERENCES annotations (id) ON DELETE CASCADE,
    tag            TEXT    NOT NULL,
    PRIMARY KEY (annotation_id, tag)
);
CREATE INDEX annotation_tags_by_tag ON annotation_tags (tag);

CREATE TABLE bookmarks (
    id           INTEGER PRIMARY KEY,
    document_id  INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    char_offset  INTEGER NOT NULL CHECK (char_offset >= 0),
    label        TEXT    NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    deleted_at   INTEGER
);
CREATE INDEX bookmarks_by_document ON bookmarks (document_id, char_offset);

-- A note being typed, saved every few seconds so that a crash or a kill loses nothing. One per
-- document: either for an existing annotation, or for a new one on the selection it records.
CREATE TABLE note_drafts (
    document_id    INTEGER PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    annotation_id  INTEGER REFERENCES annotations (id) ON DELETE CASCADE,
    start_char     INTEGER NOT NULL,
    end_char       INTEGER NOT NULL,
    quote          TEXT    NOT NULL,
    prefix         TEXT    NOT NULL,
    suffix         TEXT    NOT NULL,
    color          INTEGER NOT NULL,
    text           TEXT    NOT NULL,
    updated_at     INTEGER NOT NULL
);

-- The text of each annotated document, so that when its file changes the annotations can be
-- mapped exactly through a diff of the old and new text.
CREATE TABLE document_texts (
    document_id  INTEGER PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    content      TEXT    NOT NULL
);
