-- A card answered buries its siblings (its cloze's other cards, the cards of its passage) until
-- the next day: until when, and which answer did (so that undoing it brings them back).
ALTER TABLE cards ADD COLUMN buried_until INTEGER;
ALTER TABLE cards ADD COLUMN buried_by INTEGER;
-- An answer that made its card a leech (suspended and tagged), to be undone with it; and the
-- seconds the answer took (capped, as Anki caps them, so a break does not count).
ALTER TABLE review_log ADD COLUMN leeched INTEGER NOT NULL DEFAULT 0 CHECK (leeched IN (0, 1));
ALTER TABLE review_log ADD COLUMN seconds INTEGER;
