-- Whether an annotation new to the reader is an edit of a version they had already looked at
-- ("changed") rather than one they never saw ("added", however often its author edited it).
ALTER TABLE annotations ADD COLUMN news_of_edit INTEGER NOT NULL DEFAULT 0
    CHECK (news_of_edit IN (0, 1));
