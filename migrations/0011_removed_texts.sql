-- A text removed from the library (`d` in the library, `gloss remove`) is hidden, not deleted:
-- its annotations, bookmarks and cards are kept, and come back when its file is opened again.
ALTER TABLE documents ADD COLUMN removed_at INTEGER;
