//! Writing what an Anki package brings back (see [`crate::anki::merge`]): schedules and answers,
//! in one transaction.

use rusqlite::params;

use super::set_schedule;
use crate::anki::merge::Merge;
use crate::store::{Result, Store};

impl Store {
    /// Gives each card its schedule from Anki and logs the answers given there.
    pub fn apply_anki_merge(&mut self, merge: &Merge, now: i64) -> Result<()> {
        let tx = self.write()?;
        for (id, schedule, suspended) in &merge.schedules {
            set_schedule(&tx, *id, schedule, now)?;
            tx.execute(
                "UPDATE cards SET suspended = ?2 WHERE id = ?1",
                params![id.0, suspended],
            )?;
        }
        for a in &merge.answers {
            // What Anki's log does not keep (the step, the memory before and after) is left
            // empty; the optimizer needs only the grades and the days between them.
            tx.prepare_cached(
                "INSERT INTO review_log (card_id, reviewed_at, grade, elapsed_days,
                     scheduled_days, phase_before, step_before, due_before, stability_before,
                     difficulty_before, last_review_before, scheduled_days_before, reps_before,
                     lapses_before, phase_after, stability_after, difficulty_after, due_after,
                     leeched, seconds)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, ?2, NULL, NULL, NULL, 0, ?7, ?8, ?9, NULL,
                     NULL, ?10, 0, ?11)",
            )?
            .execute(params![
                a.card.0,
                a.at,
                a.grade.number(),
                a.elapsed_days,
                a.scheduled_days,
                a.phase_before.as_str(),
                a.reps_before,
                a.lapses_before,
                a.phase_after.as_str(),
                a.due_after,
                a.seconds
            ])?;
        }
        tx.commit()?;
        Ok(())
    }
}
