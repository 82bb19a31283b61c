//! Bringing the progress a package carries back into gloss's cards: a card whose note gloss
//! made (the note's GUID is gloss's note id) takes the answers it was given in Anki, merged into
//! its log by their time (an answer gloss already has, exported with the package, is the same
//! second), and, when Anki's last answer is newer than gloss's, Anki's schedule: its phase, due
//! date, interval, memory (FSRS's stability and difficulty), counts and suspension. (Notes made
//! in Anki become gloss's first: [`super::notes`].)

use std::collections::HashMap;

use super::read::{AnkiCard, Collection};
use crate::srs::card::{Card, CardId, LoggedAnswer};
use crate::srs::{Grade, Memory, Phase, Schedule, Settings};

/// An answer given in Anki, with what gloss's log keeps of it.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedAnswer {
    pub card: CardId,
    /// Unix seconds.
    pub at: i64,
    pub grade: Grade,
    /// Days since the card's answer before it.
    pub elapsed_days: u32,
    /// Days it scheduled (0 for a step).
    pub scheduled_days: u32,
    pub phase_before: Phase,
    pub phase_after: Phase,
    pub reps_before: u32,
    pub lapses_before: u32,
    pub due_after: i64,
    pub seconds: Option<u32>,
}

/// What a package changes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Merge {
    /// Cards whose schedule becomes Anki's, with whether Anki has them suspended.
    pub schedules: Vec<(CardId, Schedule, bool)>,
    pub answers: Vec<ImportedAnswer>,
    /// Gloss's cards found in the package with nothing new.
    pub unchanged: usize,
}

/// What `collection` brings to `cards` (with their `log`).
pub fn merge(
    collection: &Collection,
    cards: &[Card],
    log: &[LoggedAnswer],
    settings: &Settings,
) -> Merge {
    let guid: HashMap<i64, &str> = collection
        .notes
        .iter()
        .map(|n| (n.id, n.guid.as_str()))
        .collect();
    let ours: HashMap<(&str, i64), &Card> = cards
        .iter()
        .map(|c| {
            let ord = c.cloze.map_or(0, |n| i64::from(n.saturating_sub(1)));
            ((c.note_uuid.as_str(), ord), c)
        })
        .collect();
    let logged: HashMap<CardId, Vec<i64>> = log.iter().fold(HashMap::new(), |mut m, a| {
        m.entry(a.card).or_default().push(a.at);
        m
    });
    let mut reviews: HashMap<i64, Vec<&super::read::Review>> = HashMap::new();
    for r in &collection.reviews {
        // Answers only: a manual rescheduling (ease 0, kind 4 or 5) is none.
        if (1..=4).contains(&r.ease) && r.kind <= 3 {
            reviews.entry(r.card).or_default().push(r);
        }
    }
    let mut merge = Merge::default();
    for anki in &collection.cards {
        let Some(card) = guid.get(&anki.note).and_then(|g| ours.get(&(*g, anki.ord))) else {
            continue;
        };
        let times = logged.get(&card.id).map(Vec::as_slice).unwrap_or(&[]);
        let mut previous: Option<i64> = None;
        let (mut reps, mut lapses) = (0u32, 0u32);
        let mut new = Vec::new();
        for r in reviews.get(&anki.id).map(Vec::as_slice).unwrap_or(&[]) {
            let at = r.id.div_euclid(1000);
            let grade = Grade::from_number(r.ease as u8).unwrap_or(Grade::Good);
            let phase_before = match r.kind {
                0 if previous.is_none() => Phase::New,
                0 => Phase::Learning,
                2 => Phase::Relearning,
                _ => Phase::Review,
            };
            let phase_after = match (r.ivl > 0, phase_before, grade) {
                (true, ..) => Phase::Review,
                (false, Phase::Review | Phase::Relearning, _) => Phase::Relearning,
                _ => Phase::Learning,
            };
            // (An answer gloss exported has the same second, made unique by a millisecond.)
            let is_known = times.iter().any(|&t| t.abs_diff(at) <= 1);
            if !is_known {
                new.push(ImportedAnswer {
                    card: card.id,
                    at,
                    grade,
                    elapsed_days: previous.map_or(0, |p| ((at - p).max(0) / 86_400) as u32),
                    scheduled_days: r.ivl.max(0) as u32,
                    phase_before,
                    phase_after,
                    reps_before: reps,
                    lapses_before: lapses,
                    due_after: at + if r.ivl > 0 { r.ivl * 86_400 } else { -r.ivl },
                    seconds: u32::try_from(r.time / 1000).ok(),
                });
            }
            reps += 1;
            lapses += u32::from(grade == Grade::Again && phase_before == Phase::Review);
            previous = Some(at);
        }
        let Some(latest) = new.last().map(|a| a.at) else {
            merge.unchanged += 1;
            continue;
        };
        if card.schedule.last_review.is_none_or(|l| latest > l) {
            let schedule = schedule_of(anki, collection.crt, latest, settings);
            merge.schedules.push((card.id, schedule, anki.queue == -1));
        }
        merge.answers.extend(new);
    }
    merge
}

/// What Anki marks gloss's cards (of `cards`) with: whether it has each suspended, and its flag.
pub fn marks_in_anki(collection: &Collection, cards: &[Card]) -> Vec<(CardId, bool, u8)> {
    let guid: HashMap<i64, &str> = collection
        .notes
        .iter()
        .map(|n| (n.id, n.guid.as_str()))
        .collect();
    let marks: HashMap<(&str, i64), (bool, u8)> = collection
        .cards
        .iter()
        .filter_map(|c| Some(((*guid.get(&c.note)?, c.ord), (c.queue == -1, c.flag))))
        .collect();
    cards
        .iter()
        .filter_map(|c| {
            let ord = c.cloze.map_or(0, |n| i64::from(n.saturating_sub(1)));
            let (suspended, flag) = marks.get(&(c.note_uuid.as_str(), ord))?;
            Some((c.id, *suspended, *flag))
        })
        .collect()
}

/// Anki's schedule of a card as gloss's.
fn schedule_of(anki: &AnkiCard, crt: i64, last_review: i64, settings: &Settings) -> Schedule {
    let phase = match anki.kind {
        1 => Phase::Learning,
        2 => Phase::Review,
        3 => Phase::Relearning,
        _ => Phase::New,
    };
    // A day number (review, or a step of a day or more) counts from the collection's creation;
    // a step within the day is a time.
    let due = match phase {
        Phase::Review => crt + anki.due * 86_400,
        _ if anki.due < 1_000_000_000 && phase != Phase::New => crt + anki.due * 86_400,
        Phase::New => last_review,
        _ => anki.due,
    };
    let memory = serde_json::from_str::<serde_json::Value>(&anki.data)
        .ok()
        .and_then(|d| {
            Some(Memory {
                stability: d.get("s")?.as_f64()? as f32,
                difficulty: d.get("d")?.as_f64()? as f32,
            })
        });
    let steps = match phase {
        Phase::Learning => settings.learning_steps.len(),
        Phase::Relearning => settings.relearning_steps.len(),
        _ => 0,
    };
    let left = usize::try_from(anki.left % 1000).unwrap_or(0);
    Schedule {
        phase,
        step: u8::try_from(steps.saturating_sub(left)).unwrap_or(0),
        due,
        memory,
        last_review: Some(last_review),
        scheduled_days: anki.ivl.max(0) as u32,
        reps: anki.reps.max(0) as u32,
        lapses: anki.lapses.max(0) as u32,
    }
}
