-- A text a group has annotated a million times is read around the page shown, not whole
-- (issue 34): the annotations overlapping a range are found through the reading-order index,
-- starting at most LONG characters before it, and the few longer ones through this index.
-- 2000 is `LONG_CHARS` in src/store/annotations/window.rs.
CREATE INDEX annotations_long
    ON annotations (document_id, start_char) WHERE end_char - start_char > 2000;

-- How many annotations each member has on a text (the member picker), counted in this index
-- alone rather than reading a million rows.
CREATE INDEX annotations_of_members
    ON annotations (document_id, author_id, author_name) WHERE deleted_at IS NULL;

-- The news of each text, counted for the library up to a bound: by text, so that a text with
-- none costs nothing and one with half a million stops at the bound.
DROP INDEX annotations_news;
CREATE INDEX annotations_news ON annotations (document_id) WHERE news = 1;
