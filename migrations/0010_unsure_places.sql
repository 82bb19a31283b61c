-- An annotation (or card) placed on weaker evidence when its text changed is marked, to be
-- checked and confirmed by the reader ("moved, please check").
ALTER TABLE annotations ADD COLUMN unsure INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cards ADD COLUMN unsure INTEGER NOT NULL DEFAULT 0;
