-- Who wrote each annotation. NULL means the local reader (annotations made here); imported
-- annotations carry their author's stable id and display name.
ALTER TABLE annotations ADD COLUMN author_id TEXT;
ALTER TABLE annotations ADD COLUMN author_name TEXT;
CREATE INDEX annotations_by_author ON annotations (author_id);
