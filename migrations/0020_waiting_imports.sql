-- Annotations brought in from another tool (Kindle, KOReader, a W3C annotation) whose text is
-- not in the library yet: kept as read, to be placed when a matching text is added. `found`
-- holds the annotation and its book as the importer read them (JSON); `title` and `authors`
-- are the book's, for listing what waits.
CREATE TABLE waiting_imports (
    uuid      TEXT    PRIMARY KEY,
    source    TEXT    NOT NULL,
    title     TEXT    NOT NULL,
    authors   TEXT    NOT NULL,
    found     TEXT    NOT NULL,
    added_at  INTEGER NOT NULL
);
