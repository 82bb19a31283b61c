-- The reader's own annotations are found without reading a group's half million (each sync
-- exports them): a partial index, which the group's rows never enter. It replaces the index by
-- author, which no query uses any longer and every imported row paid for (issue 34).
DROP INDEX annotations_by_author;
CREATE INDEX annotations_mine ON annotations (document_id) WHERE author_id IS NULL;
