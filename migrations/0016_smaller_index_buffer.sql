-- The index of passages buffers the words of at most 64 KB of text in memory before writing
-- them (FTS5's default is 1 MB): it is built while the reader holds a whole text.
INSERT INTO passages_fts (passages_fts, rank) VALUES ('hashsize', 65536);
