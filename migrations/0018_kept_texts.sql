-- The text read from a file whose reading is costly (a PDF's pages), kept with the file's
-- stamp (size, time, inode) when it was read: reopening the unchanged file, even far in, reads
-- no page again. A changed file is read anew and its kept text replaced.
CREATE TABLE kept_texts (
    document_id  INTEGER PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    file_stamp   TEXT    NOT NULL,
    kept         BLOB    NOT NULL
);
