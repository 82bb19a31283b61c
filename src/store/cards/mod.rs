//! Flashcards, their schedules and the review log, and the reader's review settings. An answer
//! (the card's new schedule and its log entry) is one transaction; so is its undo.

mod from_anki;

use rusqlite::{OptionalExtension, Row, params};

use super::annotations::anchor;
use super::{Result, Store};
use crate::anchor::Anchor;
use crate::document::DocumentId;
use crate::srs::card::{Card, CardId, CardKind, CardText, LoggedAnswer, ReviewId, tags_text};
use crate::srs::queue::{Candidate, Today};
use crate::srs::stats::{CardInfo, LogEntry};
use crate::srs::{Consequences, Grade, Memory, Outcome, Phase, Schedule, Settings};

/// An answer as the reader gave it: what it does besides scheduling, and the seconds it took.
#[derive(Debug, Clone, Copy, Default)]
pub struct Answer {
    pub consequences: Consequences,
    pub seconds: Option<i64>,
}

/// An answer logged: its entry in the log, and the siblings it buried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answered {
    pub review: ReviewId,
    pub buried: Vec<CardId>,
}

const COLUMNS: &str = "id, uuid, note_uuid, document_id, start_char, end_char, quote, prefix, \
     suffix, orphaned, kind, front, back, cloze, tags, suspended, phase, step, due, stability, \
     difficulty, last_review, scheduled_days, reps, lapses, created_at, modified_at, flag";

fn card(row: &Row<'_>) -> rusqlite::Result<Card> {
    let tags: String = row.get(14)?;
    let memory = match (
        row.get::<_, Option<f64>>(19)?,
        row.get::<_, Option<f64>>(20)?,
    ) {
        (Some(s), Some(d)) => Some(Memory {
            stability: s as f32,
            difficulty: d as f32,
        }),
        _ => None,
    };
    Ok(Card {
        id: CardId(row.get(0)?),
        uuid: row.get(1)?,
        note_uuid: row.get(2)?,
        document: DocumentId(row.get(3)?),
        anchor: anchor(row, 4)?,
        orphaned: row.get(9)?,
        kind: if row.get::<_, String>(10)? == "cloze" {
            CardKind::Cloze
        } else {
            CardKind::Basic
        },
        front: row.get(11)?,
        back: row.get(12)?,
        cloze: row.get(13)?,
        tags: tags.split_whitespace().map(str::to_string).collect(),
        suspended: row.get(15)?,
        schedule: Schedule {
            phase: Phase::parse(&row.get::<_, String>(16)?).unwrap_or(Phase::New),
            step: row.get(17)?,
            due: row.get(18)?,
            memory,
            last_review: row.get(21)?,
            scheduled_days: row.get(22)?,
            reps: row.get(23)?,
            lapses: row.get(24)?,
        },
        created_at: row.get(25)?,
        modified_at: row.get(26)?,
        flag: row.get(27)?,
    })
}

impl Store {
    /// Adds the cards of one note: a basic card, or one card per cloze number. `text` is the
    /// document's content, kept (as for annotations) to follow edits of its file.
    pub fn add_cards(
        &mut self,
        document: DocumentId,
        anchor: &Anchor,
        note: &CardText,
        text: &str,
        now: i64,
    ) -> Result<Vec<Card>> {
        let note_uuid = uuid::Uuid::new_v4().to_string();
        self.add_note_cards(document, anchor, note, text, &note_uuid, now)
    }

    /// [`Store::add_cards`] of a note that has an id already (an Anki note's GUID).
    pub fn add_note_cards(
        &mut self,
        document: DocumentId,
        anchor: &Anchor,
        note: &CardText,
        text: &str,
        note_uuid: &str,
        now: i64,
    ) -> Result<Vec<Card>> {
        let clozes: Vec<Option<u32>> = match note.kind {
            CardKind::Basic => vec![None],
            CardKind::Cloze => crate::srs::cloze::numbers(&note.front)
                .into_iter()
                .map(Some)
                .collect(),
        };
        let tx = self.write()?;
        super::keep_text(&tx, document, text)?;
        let mut ids = Vec::new();
        for cloze in clozes {
            tx.execute(
                "INSERT INTO cards (uuid, note_uuid, document_id, start_char, end_char, quote,
                     prefix, suffix, kind, front, back, cloze, tags, due, created_at, modified_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14, ?14)",
                params![
                    uuid::Uuid::new_v4().to_string(),
                    note_uuid,
                    document.0,
                    anchor.start as i64,
                    anchor.end as i64,
                    anchor.quote,
                    anchor.prefix,
                    anchor.suffix,
                    note.kind.as_str(),
                    note.front,
                    note.back,
                    cloze,
                    tags_text(&note.tags),
                    now
                ],
            )?;
            ids.push(tx.last_insert_rowid());
        }
        let mut cards = Vec::new();
        {
            let mut stmt = tx.prepare(&format!("SELECT {COLUMNS} FROM cards WHERE id = ?1"))?;
            for id in ids {
                cards.push(stmt.query_row([id], card)?);
            }
        }
        tx.commit()?;
        Ok(cards)
    }

    pub fn card(&self, id: CardId) -> Result<Option<Card>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM cards WHERE id = ?1"),
                [id.0],
                card,
            )
            .optional()?)
    }

    /// Live cards, of one document or all, oldest first; with `due_by`, only those due by then
    /// (new cards included).
    pub fn cards(&self, document: Option<DocumentId>, due_by: Option<i64>) -> Result<Vec<Card>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM cards
             WHERE deleted_at IS NULL AND (?1 IS NULL OR document_id = ?1)
               AND (?2 IS NULL OR (suspended = 0 AND due <= ?2))
             ORDER BY created_at, id"
        ))?;
        let rows = stmt.query_map(params![document.map(|d| d.0), due_by], card)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Where the live passage cards of a text are, as (start, end) characters: read once for
    /// thousands of highlights, each then looked up in it.
    pub fn passage_card_places(
        &self,
        document: DocumentId,
    ) -> Result<std::collections::HashSet<(usize, usize)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT start_char, end_char FROM cards
             WHERE document_id = ?1 AND deleted_at IS NULL
               AND ' ' || tags || ' ' LIKE '% ' || ?2 || ' %'",
        )?;
        let rows = stmt.query_map(params![document.0, crate::srs::passage::TAG], |r| {
            Ok((
                r.get::<_, i64>(0)?.max(0) as usize,
                r.get::<_, i64>(1)?.max(0) as usize,
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The cards buried at `now` (a sibling answered today), for the browser.
    pub fn buried_cards(&self, now: i64) -> Result<std::collections::HashSet<CardId>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM cards WHERE deleted_at IS NULL AND buried_until > ?1",
        )?;
        let rows = stmt.query_map([now], |r| Ok(CardId(r.get(0)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Rewords a note's cards, keeping their schedules. For a cloze text, a new blank number
    /// gets a new card and a number that is gone deletes its card (softly, like any delete).
    pub fn edit_note(&mut self, note_uuid: &str, text: &CardText, now: i64) -> Result<()> {
        let tx = self.write()?;
        tx.execute(
            "UPDATE cards SET front = ?1, back = ?2, tags = ?3, modified_at = ?4
             WHERE note_uuid = ?5",
            params![text.front, text.back, tags_text(&text.tags), now, note_uuid],
        )?;
        if text.kind == CardKind::Cloze {
            let wanted = crate::srs::cloze::numbers(&text.front);
            let have: Vec<(i64, Option<u32>, bool)> = {
                let mut stmt = tx.prepare(
                    "SELECT id, cloze, deleted_at IS NOT NULL FROM cards WHERE note_uuid = ?1",
                )?;
                stmt.query_map([note_uuid], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                    .collect::<rusqlite::Result<_>>()?
            };
            for (id, cloze, deleted) in &have {
                let keep = cloze.is_some_and(|n| wanted.contains(&n));
                if keep == *deleted {
                    tx.execute(
                        "UPDATE cards SET deleted_at = ?1 WHERE id = ?2",
                        params![(!keep).then_some(now), id],
                    )?;
                }
            }
            if let Some(&(first, _, _)) = have.first() {
                for n in wanted
                    .iter()
                    .filter(|n| !have.iter().any(|h| h.1 == Some(**n)))
                {
                    tx.execute(
                        "INSERT INTO cards (uuid, note_uuid, document_id, start_char, end_char,
                                 quote, prefix, suffix, orphaned, kind, front, back, cloze, tags,
                                 due, created_at, modified_at)
                             SELECT ?1, note_uuid, document_id, start_char, end_char, quote,
                                 prefix, suffix, orphaned, kind, front, back, ?2, tags, ?3, ?3, ?3
                             FROM cards WHERE id = ?4",
                        params![uuid::Uuid::new_v4().to_string(), n, now, first],
                    )?;
                }
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Flags a card (0 takes its flag away).
    pub fn set_card_flag(&mut self, id: CardId, flag: u8, now: i64) -> Result<()> {
        self.write_one(
            "UPDATE cards SET flag = ?2, modified_at = ?3 WHERE id = ?1",
            params![id.0, flag, now],
        )
    }

    /// Buries a card until `until` (the next day), by hand: no answer brings it back.
    pub fn bury_card(&mut self, id: CardId, until: i64) -> Result<()> {
        self.write_one(
            "UPDATE cards SET buried_until = ?2, buried_by = NULL WHERE id = ?1",
            params![id.0, until],
        )
    }

    pub fn set_card_suspended(&mut self, id: CardId, suspended: bool, now: i64) -> Result<()> {
        self.write_one(
            "UPDATE cards SET suspended = ?1, modified_at = ?2 WHERE id = ?3",
            params![suspended, now, id.0],
        )
    }

    pub fn set_card_deleted(&mut self, id: CardId, deleted: bool, now: i64) -> Result<()> {
        self.write_one(
            "UPDATE cards SET deleted_at = ?1, modified_at = ?2 WHERE id = ?3",
            params![deleted.then_some(now), now, id.0],
        )
    }

    /// Live, unsuspended cards that may be reviewed by `until` (new ones included), but those
    /// buried at `now`; with `tag`, those with it only.
    pub fn candidates(&self, until: i64, now: i64, tag: Option<&str>) -> Result<Vec<Candidate>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, phase, due, created_at FROM cards
             WHERE deleted_at IS NULL AND suspended = 0 AND (phase = 'new' OR due < ?1)
               AND (buried_until IS NULL OR buried_until <= ?2)
               AND (?3 IS NULL OR ' ' || tags || ' ' LIKE '% ' || ?3 || ' %')
               AND document_id NOT IN (SELECT id FROM documents WHERE removed_at IS NOT NULL)",
        )?;
        let rows = stmt.query_map(params![until, now, tag], |r| {
            Ok(Candidate {
                id: r.get(0)?,
                phase: Phase::parse(&r.get::<_, String>(1)?).unwrap_or(Phase::New),
                due: r.get(2)?,
                created: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// New cards introduced and reviews done since `since` (the start of today).
    pub fn today(&self, since: i64) -> Result<Today> {
        Ok(self.conn.query_row(
            "SELECT COUNT(*) FILTER (WHERE phase_before = 'new'),
                    COUNT(*) FILTER (WHERE phase_before = 'review')
             FROM review_log WHERE reviewed_at >= ?1",
            [since],
            |r| {
                Ok(Today {
                    new_done: r.get(0)?,
                    reviews_done: r.get(1)?,
                })
            },
        )?)
    }

    /// Records an answer: the card's new schedule and the log entry, in one transaction.
    pub fn answer(
        &mut self,
        id: CardId,
        before: &Schedule,
        outcome: &Outcome,
        answer: Answer,
        now: i64,
    ) -> Result<Answered> {
        let after = &outcome.schedule;
        let tx = self.write()?;
        set_schedule(&tx, id, after, now)?;
        tx.execute(
            "INSERT INTO review_log (card_id, reviewed_at, grade, elapsed_days, scheduled_days,
                 phase_before, step_before, due_before, stability_before, difficulty_before,
                 last_review_before, scheduled_days_before, reps_before, lapses_before,
                 phase_after, stability_after, difficulty_after, due_after, leeched, seconds)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                 ?18, ?19, ?20)",
            params![
                id.0,
                now,
                outcome.grade.number(),
                outcome.elapsed_days,
                after.scheduled_days,
                before.phase.as_str(),
                before.step,
                before.due,
                before.memory.map(|m| f64::from(m.stability)),
                before.memory.map(|m| f64::from(m.difficulty)),
                before.last_review,
                before.scheduled_days,
                before.reps,
                before.lapses,
                after.phase.as_str(),
                after.memory.map(|m| f64::from(m.stability)),
                after.memory.map(|m| f64::from(m.difficulty)),
                after.due,
                answer.consequences.leech,
                answer.seconds
            ],
        )?;
        let review = ReviewId(tx.last_insert_rowid());
        if answer.consequences.leech {
            tx.execute(
                "UPDATE cards SET suspended = 1,
                     tags = trim(tags || CASE WHEN ' ' || tags || ' ' LIKE '% leech %' THEN ''
                                              ELSE ' leech' END)
                 WHERE id = ?1",
                [id.0],
            )?;
        }
        let buried = match answer.consequences.bury_until {
            Some(until) => {
                // Its cloze's other cards and the cards of its passage, new or in review.
                let mut siblings = tx.prepare(
                    "UPDATE cards SET buried_until = ?2, buried_by = ?3
                     WHERE id != ?1 AND deleted_at IS NULL AND phase IN ('new', 'review')
                       AND (note_uuid = (SELECT note_uuid FROM cards WHERE id = ?1)
                            OR (document_id, start_char, end_char) =
                               (SELECT document_id, start_char, end_char FROM cards
                                WHERE id = ?1))
                     RETURNING id",
                )?;
                let ids = siblings
                    .query_map(params![id.0, until, review.0], |r| Ok(CardId(r.get(0)?)))?
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                drop(siblings);
                ids
            }
            None => Vec::new(),
        };
        tx.commit()?;
        Ok(Answered { review, buried })
    }

    /// Takes an answer back: the card gets the schedule it had before, exactly, and the log
    /// entry goes. Returns the card.
    pub fn undo_answer(&mut self, review: ReviewId, now: i64) -> Result<Option<CardId>> {
        let tx = self.write()?;
        let found = tx
            .query_row(
                "SELECT card_id, phase_before, step_before, due_before, stability_before,
                     difficulty_before, last_review_before, scheduled_days_before, reps_before,
                     lapses_before
                 FROM review_log WHERE id = ?1",
                [review.0],
                |r| {
                    let memory = match (r.get::<_, Option<f64>>(4)?, r.get::<_, Option<f64>>(5)?) {
                        (Some(s), Some(d)) => Some(Memory {
                            stability: s as f32,
                            difficulty: d as f32,
                        }),
                        _ => None,
                    };
                    Ok((
                        CardId(r.get(0)?),
                        Schedule {
                            phase: Phase::parse(&r.get::<_, String>(1)?).unwrap_or(Phase::New),
                            step: r.get(2)?,
                            due: r.get(3)?,
                            memory,
                            last_review: r.get(6)?,
                            scheduled_days: r.get(7)?,
                            reps: r.get(8)?,
                            lapses: r.get(9)?,
                        },
                    ))
                },
            )
            .optional()?;
        let Some((id, before)) = found else {
            return Ok(None);
        };
        set_schedule(&tx, id, &before, now)?;
        // What the answer did besides: its siblings come back, a leech is one no more.
        tx.execute(
            "UPDATE cards SET buried_until = NULL, buried_by = NULL WHERE buried_by = ?1",
            [review.0],
        )?;
        tx.execute(
            "UPDATE cards SET suspended = 0, tags = trim(replace(' ' || tags || ' ', ' leech ', ' '))
             WHERE id = ?1 AND (SELECT leeched FROM review_log WHERE id = ?2)",
            params![id.0, review.0],
        )?;
        tx.execute("DELETE FROM review_log WHERE id = ?1", [review.0])?;
        tx.commit()?;
        Ok(Some(id))
    }

    /// Every card of a document, deleted ones included: what must follow it when its text
    /// changes.
    pub fn cards_to_move(&self, document: DocumentId) -> Result<Vec<Card>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM cards WHERE document_id = ?1 ORDER BY id"
        ))?;
        let rows = stmt.query_map([document.0], card)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every card and every logged answer, for statistics.
    pub fn stats_inputs(&self) -> Result<(Vec<CardInfo>, Vec<LogEntry>)> {
        let mut stmt = self.conn.prepare(
            "SELECT phase, due, scheduled_days, suspended, stability FROM cards
             WHERE deleted_at IS NULL",
        )?;
        let cards = stmt
            .query_map([], |r| {
                Ok(CardInfo {
                    phase: Phase::parse(&r.get::<_, String>(0)?).unwrap_or(Phase::New),
                    due: r.get(1)?,
                    scheduled_days: r.get(2)?,
                    suspended: r.get(3)?,
                    stability: r.get::<_, Option<f64>>(4)?.map(|s| s as f32),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut stmt = self.conn.prepare(
            "SELECT reviewed_at, grade, phase_before, scheduled_days_before, seconds
             FROM review_log",
        )?;
        let log = stmt
            .query_map([], |r| {
                Ok(LogEntry {
                    at: r.get(0)?,
                    grade: Grade::from_number(r.get(1)?).unwrap_or(Grade::Good),
                    phase_before: Phase::parse(&r.get::<_, String>(2)?).unwrap_or(Phase::New),
                    scheduled_days_before: r.get(3)?,
                    seconds: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok((cards, log))
    }

    /// Each card's answers in order: (card, grade, whole days since its previous answer).
    pub fn review_history(&self) -> Result<Vec<(CardId, Grade, u32)>> {
        let mut stmt = self.conn.prepare(
            "SELECT card_id, grade, elapsed_days FROM review_log ORDER BY card_id, reviewed_at, id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                CardId(r.get(0)?),
                Grade::from_number(r.get(1)?).unwrap_or(Grade::Good),
                r.get(2)?,
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every logged answer, oldest first.
    pub fn logged_answers(&self) -> Result<Vec<LoggedAnswer>> {
        let mut stmt = self.conn.prepare(
            "SELECT card_id, reviewed_at, grade, scheduled_days, scheduled_days_before,
                 phase_before, due_after - reviewed_at, seconds
             FROM review_log ORDER BY reviewed_at, id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(LoggedAnswer {
                card: CardId(r.get(0)?),
                at: r.get(1)?,
                grade: Grade::from_number(r.get(2)?).unwrap_or(Grade::Good),
                interval: r.get(3)?,
                last_interval: r.get(4)?,
                phase_before: Phase::parse(&r.get::<_, String>(5)?).unwrap_or(Phase::New),
                wait: r.get(6)?,
                seconds: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn review_count(&self) -> Result<u64> {
        Ok(self
            .conn
            .query_row("SELECT COUNT(*) FROM review_log", [], |r| {
                r.get::<_, i64>(0)
            })?
            .max(0) as u64)
    }

    /// The reader's review settings (defaults where unset or invalid).
    pub fn srs_settings(&self) -> Result<Settings> {
        let mut stmt = self.conn.prepare("SELECT key, value FROM settings")?;
        let pairs = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(Settings::from_pairs(
            pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        ))
    }

    /// Sets FSRS parameters (none: the defaults) and the memory of each card they were
    /// computed again for, in one transaction.
    pub fn set_parameters(
        &mut self,
        parameters: Option<&str>,
        memories: &[(CardId, crate::srs::Memory)],
    ) -> Result<()> {
        let tx = self.write()?;
        match parameters {
            Some(value) => tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![crate::srs::settings::PARAMETERS, value],
            )?,
            None => tx.execute(
                "DELETE FROM settings WHERE key = ?1",
                [crate::srs::settings::PARAMETERS],
            )?,
        };
        {
            let mut stmt =
                tx.prepare("UPDATE cards SET stability = ?2, difficulty = ?3 WHERE id = ?1")?;
            for (id, m) in memories {
                stmt.execute(params![
                    id.0,
                    f64::from(m.stability),
                    f64::from(m.difficulty)
                ])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        self.write_one(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )
    }
}

fn set_schedule(
    tx: &rusqlite::Connection,
    id: CardId,
    s: &Schedule,
    now: i64,
) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE cards SET phase = ?1, step = ?2, due = ?3, stability = ?4, difficulty = ?5,
             last_review = ?6, scheduled_days = ?7, reps = ?8, lapses = ?9, modified_at = ?10
         WHERE id = ?11",
        params![
            s.phase.as_str(),
            s.step,
            s.due,
            s.memory.map(|m| f64::from(m.stability)),
            s.memory.map(|m| f64::from(m.difficulty)),
            s.last_review,
            s.scheduled_days,
            s.reps,
            s.lapses,
            now,
            id.0
        ],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests;
