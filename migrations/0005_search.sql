-- Full-text search (FTS5) over the library's texts, passage by passage, and over notes.
-- Case and accents are folded by the tokenizer; prefixes of 2 and 3 characters are indexed so
-- that prefix queries (`revol*`) stay fast.

-- One row per passage (a block of a text). The rowid is (document id << 32) + the passage's
-- number, so that a text's rows are one range of rowids.
CREATE VIRTUAL TABLE passages_fts USING fts5(
    text,
    section UNINDEXED,     -- the heading of the section the passage is in
    start_char UNINDEXED,  -- where the passage starts in its text
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);

-- Texts whose passages are in passages_fts. A document's content never changes (an edited file
-- is a new document), so a text is indexed once.
CREATE TABLE search_indexed (
    document_id INTEGER PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    passages    INTEGER NOT NULL
);

-- Notes and their quotes, kept in step with the annotations by triggers.
CREATE VIRTUAL TABLE notes_fts USING fts5(
    note,
    quote,
    content = 'annotations',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);
CREATE TRIGGER annotations_fts_insert AFTER INSERT ON annotations BEGIN
    INSERT INTO notes_fts (rowid, note, quote) VALUES (new.id, new.note, new.quote);
END;
CREATE TRIGGER annotations_fts_delete AFTER DELETE ON annotations BEGIN
    INSERT INTO notes_fts (notes_fts, rowid, note, quote)
        VALUES ('delete', old.id, old.note, old.quote);
END;
CREATE TRIGGER annotations_fts_update AFTER UPDATE OF note, quote ON annotations BEGIN
    INSERT INTO notes_fts (notes_fts, rowid, note, quote)
        VALUES ('delete', old.id, old.note, old.quote);
    INSERT INTO notes_fts (rowid, note, quote) VALUES (new.id, new.note, new.quote);
END;
INSERT INTO notes_fts (notes_fts) VALUES ('rebuild');
