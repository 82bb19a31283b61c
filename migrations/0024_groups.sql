-- Reading groups with a scope: a group is a shared folder and the texts it reads. Only the
-- reader's notes on a group's texts are written to its folder.
CREATE TABLE groups (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    dir         TEXT NOT NULL UNIQUE,
    created_at  INTEGER NOT NULL
);

-- A text a group reads, by the content hash and title its members name it by. `document_id`
-- is the reader's copy (NULL until the reader has one: it joins when the text is opened or
-- added). The reader's notes made before `shared_from` stay theirs: a text another member
-- shared does not carry off what the reader wrote on it alone; sharing it oneself sets 0.
CREATE TABLE group_texts (
    group_id     INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    hash         TEXT NOT NULL,
    title        TEXT NOT NULL,
    document_id  INTEGER REFERENCES documents (id) ON DELETE SET NULL,
    shared_from  INTEGER NOT NULL DEFAULT 0,
    -- Who shared it: NULL for the reader.
    shared_by    TEXT,
    PRIMARY KEY (group_id, hash)
);
CREATE INDEX group_texts_by_document ON group_texts (document_id);
