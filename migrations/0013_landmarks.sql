-- Where the reading place is in a long text's file (a share of its bytes, and the text there),
-- so that reopening the text far in reads only the part of the file around its place.
ALTER TABLE reading_positions ADD COLUMN landmark_share REAL;
ALTER TABLE reading_positions ADD COLUMN landmark_text TEXT;
