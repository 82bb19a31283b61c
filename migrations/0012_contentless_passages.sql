-- The index of the library's passages keeps no copy of the texts (they are in their files and
-- in the binary) and no prefix indexes: a 50 MB text had grown the database by 120 MB. It
-- holds each passage's words only; snippets and sections are made from the text itself, and
-- prefix queries (`revol*`) read the word list. Every text is indexed again by the next search.
DROP TABLE passages_fts;
DELETE FROM search_indexed;
CREATE VIRTUAL TABLE passages_fts USING fts5(
    text,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);
