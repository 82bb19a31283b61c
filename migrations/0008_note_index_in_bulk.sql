-- An import indexes the notes and quotes it writes in one statement at its end, not row by row:
-- FTS5 writes a segment for every statement that changes it, so an import of 10,000
-- annotations wrote 10,000 segments and spent most of its time merging them. While
-- `notes_fts_deferred` holds its row (only ever inside an import's transaction), the triggers
-- that keep the index in step stand aside.
--
-- The notes index also loses its prefix indexes: it is small beside the texts' index, a prefix
-- query reads its terms directly, and indexing a long quote costs half as much without them.
CREATE TABLE notes_fts_deferred (
    only INTEGER PRIMARY KEY CHECK (only = 1)
);

DROP TRIGGER annotations_fts_insert;
DROP TRIGGER annotations_fts_delete;
DROP TRIGGER annotations_fts_update;
DROP TABLE notes_fts;

CREATE VIRTUAL TABLE notes_fts USING fts5(
    note,
    quote,
    content = 'annotations',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER annotations_fts_insert AFTER INSERT ON annotations
WHEN NOT EXISTS (SELECT 1 FROM notes_fts_deferred) BEGIN
    INSERT INTO notes_fts (rowid, note, quote) VALUES (new.id, new.note, new.quote);
END;
CREATE TRIGGER annotations_fts_delete AFTER DELETE ON annotations BEGIN
    INSERT INTO notes_fts (notes_fts, rowid, note, quote)
        VALUES ('delete', old.id, old.note, old.quote);
END;
CREATE TRIGGER annotations_fts_update AFTER UPDATE OF note, quote ON annotations
WHEN NOT EXISTS (SELECT 1 FROM notes_fts_deferred) BEGIN
    INSERT INTO notes_fts (notes_fts, rowid, note, quote)
        VALUES ('delete', old.id, old.note, old.quote);
    INSERT INTO notes_fts (rowid, note, quote) VALUES (new.id, new.note, new.quote);
END;
INSERT INTO notes_fts (notes_fts, rank) VALUES ('hashsize', 16777216);
INSERT INTO notes_fts (notes_fts) VALUES ('rebuild');
