-- A card's flag, as Anki's: 0 none, 1 red, 2 orange, 3 green, 4 blue (Anki's 5 to 7 too).
ALTER TABLE cards ADD COLUMN flag INTEGER NOT NULL DEFAULT 0 CHECK (flag BETWEEN 0 AND 7);
