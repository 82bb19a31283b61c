-- Whether the page the place was saved from showed the text's end. The place is the top of the
-- page, so a text read to its last page was listed at 91% or 98%; the status bar said 100%.
ALTER TABLE reading_positions ADD COLUMN at_end INTEGER NOT NULL DEFAULT 0 CHECK (at_end IN (0, 1));
