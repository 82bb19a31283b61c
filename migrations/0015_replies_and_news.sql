-- Replies in a reading group: a note answering an annotation (W3C motivation `replying`, its
-- target the annotation). A reply names its annotation by uuid, not by row: another member's
-- reply may arrive before the annotation it answers, and is shown once that comes. Like
-- annotations, author NULL is the local reader, and deletes are soft (exported as tombstones).
CREATE TABLE replies (
    id           INTEGER PRIMARY KEY,
    uuid         TEXT    NOT NULL UNIQUE,
    parent_uuid  TEXT    NOT NULL,
    body         TEXT    NOT NULL,
    author_id    TEXT,
    author_name  TEXT,
    created_at   INTEGER NOT NULL,
    modified_at  INTEGER NOT NULL,
    deleted_at   INTEGER,
    -- Brought by an import and not yet looked at (`gloss news`, the reader's news panel).
    news         INTEGER NOT NULL DEFAULT 0 CHECK (news IN (0, 1))
);
CREATE INDEX replies_by_parent ON replies (parent_uuid, created_at);
CREATE INDEX replies_news ON replies (news) WHERE news = 1;

-- Another member's annotation added or changed by an import, not yet looked at.
ALTER TABLE annotations ADD COLUMN news INTEGER NOT NULL DEFAULT 0 CHECK (news IN (0, 1));
CREATE INDEX annotations_news ON annotations (news) WHERE news = 1;

-- A reply being typed is kept as a draft too: to which annotation (a new reply), or which reply
-- is being edited.
ALTER TABLE note_drafts ADD COLUMN reply_to INTEGER REFERENCES annotations (id) ON DELETE CASCADE;
ALTER TABLE note_drafts ADD COLUMN reply_id INTEGER REFERENCES replies (id) ON DELETE CASCADE;

-- A text's annotations are read in reading order, orphans last: an index in that order, so that
-- a group's hundred thousand are read without sorting them in memory first.
DROP INDEX annotations_by_document;
CREATE INDEX annotations_in_reading_order
    ON annotations (document_id, orphaned, start_char, end_char, id);
