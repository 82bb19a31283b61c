-- The indexed passages' own text, kept deflated beside their words (issue 37): a search's
-- snippets, places and sections are read from here instead of opening every text it hits (a
-- 50 MB text took 0.3 s and 70 MB a query). Passages are kept in runs of a few pages; a run's
-- id is (document id << 32) + its first passage's number, as passages_fts's rowids are.
CREATE TABLE passage_runs (
    id  INTEGER PRIMARY KEY,
    run BLOB NOT NULL
);
-- The index now holds the library's texts only (a text leaving it leaves the index), so that
-- ranking needs no join and reads only the best rows. It is made anew, as 0012 and 0016 made
-- it, and every text is indexed again by the next search.
DROP TABLE passages_fts;
CREATE VIRTUAL TABLE passages_fts USING fts5(
    text,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO passages_fts (passages_fts, rank) VALUES ('hashsize', 65536);
DELETE FROM search_indexed;
