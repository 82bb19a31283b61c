-- What a document's file looked like when it was last read (its size, modification time and
-- inode): a file that still looks the same is taken to be the same text at once, so a long book
-- can show its first page before its whole text is read and hashed. The hash confirms it later.
ALTER TABLE documents ADD COLUMN file_stamp TEXT;
