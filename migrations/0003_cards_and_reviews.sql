-- Flashcards made from passages. A card's schedule belongs to the card (its id), never to its
-- wording: editing the front or back keeps its progress.
CREATE TABLE cards (
    id             INTEGER PRIMARY KEY,
    uuid           TEXT    NOT NULL UNIQUE,
    -- Cards of one note share it: the cloze cards of one text (Anki's note id, for export).
    note_uuid      TEXT    NOT NULL,
    document_id    INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    -- The source passage, anchored as annotations are and re-anchored the same way.
    start_char     INTEGER NOT NULL CHECK (start_char >= 0),
    end_char       INTEGER NOT NULL CHECK (end_char >= start_char),
    quote          TEXT    NOT NULL,
    prefix         TEXT    NOT NULL DEFAULT '',
    suffix         TEXT    NOT NULL DEFAULT '',
    orphaned       INTEGER NOT NULL DEFAULT 0 CHECK (orphaned IN (0, 1)),
    kind           TEXT    NOT NULL CHECK (kind IN ('basic', 'cloze')),
    -- Basic: the question. Cloze: the text with {{c1::...}} blanks.
    front          TEXT    NOT NULL,
    -- Basic: the answer. Cloze: extra text shown with the answer.
    back           TEXT    NOT NULL DEFAULT '',
    -- Cloze: the blank this card asks for.
    cloze          INTEGER,
    tags           TEXT    NOT NULL DEFAULT '',  -- space-separated, lowercase
    suspended      INTEGER NOT NULL DEFAULT 0 CHECK (suspended IN (0, 1)),
    -- The schedule.
    phase          TEXT    NOT NULL DEFAULT 'new'
                   CHECK (phase IN ('new', 'learning', 'review', 'relearning')),
    step           INTEGER NOT NULL DEFAULT 0,
    due            INTEGER NOT NULL,   -- unix seconds
    stability      REAL,
    difficulty     REAL,
    last_review    INTEGER,
    scheduled_days INTEGER NOT NULL DEFAULT 0,
    reps           INTEGER NOT NULL DEFAULT 0,
    lapses         INTEGER NOT NULL DEFAULT 0,
    created_at     INTEGER NOT NULL,
    modified_at    INTEGER NOT NULL,
    deleted_at     INTEGER
);
CREATE INDEX cards_by_due ON cards (due) WHERE deleted_at IS NULL AND suspended = 0;
CREATE INDEX cards_by_document ON cards (document_id);

-- Every answer, with the schedule before and after it: enough to fit FSRS parameters to the
-- reader's own history, and to undo an answer exactly.
CREATE TABLE review_log (
    id                    INTEGER PRIMARY KEY,
    card_id               INTEGER NOT NULL REFERENCES cards (id) ON DELETE CASCADE,
    reviewed_at           INTEGER NOT NULL,
    grade                 INTEGER NOT NULL CHECK (grade BETWEEN 1 AND 4),
    elapsed_days          INTEGER NOT NULL,
    scheduled_days        INTEGER NOT NULL,  -- the interval this answer gave
    phase_before          TEXT    NOT NULL,
    step_before           INTEGER NOT NULL,
    due_before            INTEGER NOT NULL,
    stability_before      REAL,
    difficulty_before     REAL,
    last_review_before    INTEGER,
    scheduled_days_before INTEGER NOT NULL,
    reps_before           INTEGER NOT NULL,
    lapses_before         INTEGER NOT NULL,
    phase_after           TEXT    NOT NULL,
    stability_after       REAL,
    difficulty_after      REAL,
    due_after             INTEGER NOT NULL
);
CREATE INDEX review_log_by_card ON review_log (card_id, reviewed_at);
CREATE INDEX review_log_by_time ON review_log (reviewed_at);

-- Settings that are the reader's, not the program's (desired retention, limits, steps, FSRS
-- parameters), as text.
CREATE TABLE settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
