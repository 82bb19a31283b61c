-- A group's sync inserts half a million annotations. A trigger on the table makes SQLite keep
-- a statement journal for every insert (each page an insert touches is copied first, in case
-- the trigger fails): a tenth of a first sync's time. The two statements that insert
-- annotations index their notes themselves instead (a single insert at once, an import's rows
-- together at its end, as it already did), and the insert trigger goes.
DROP TRIGGER annotations_fts_insert;

