-- Decks: saved review scopes. A deck is a name and a query in Anki's search language (the
-- cards it holds are those the query finds, so a card may be in several), with its own
-- review settings where it has them (the library's otherwise), under the names `gloss config`
-- gives them (`new-per-day`, `retention`, ...).
CREATE TABLE decks (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    query       TEXT    NOT NULL,
    created_at  INTEGER NOT NULL
);

CREATE TABLE deck_settings (
    deck_id  INTEGER NOT NULL REFERENCES decks (id) ON DELETE CASCADE,
    key      TEXT    NOT NULL,
    value    TEXT    NOT NULL,
    PRIMARY KEY (deck_id, key)
);
