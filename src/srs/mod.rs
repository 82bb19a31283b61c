//! Spaced repetition: card schedules, the FSRS-6 scheduler with Anki-style learning steps,
//! review queues, cloze text and statistics. Pure: "now" and the local day boundary are passed
//! in, never read.

pub mod browse;
pub mod card;
pub mod cloze;
pub mod deck;
pub mod fuzz;
pub mod info;
pub mod optimize;
pub mod passage;
pub mod queue;
mod scheduler;
pub mod settings;
pub mod stats;

pub use scheduler::{Consequences, MAX_ANSWER_SECONDS, Outcome, Scheduler, SrsError};
pub use settings::Settings;

/// The four answers of a review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Grade {
    Again = 1,
    Hard = 2,
    Good = 3,
    Easy = 4,
}

impl Grade {
    pub const ALL: [Grade; 4] = [Grade::Again, Grade::Hard, Grade::Good, Grade::Easy];

    pub fn from_number(n: u8) -> Option<Grade> {
        Grade::ALL.get(usize::from(n).checked_sub(1)?).copied()
    }

    pub fn number(self) -> u8 {
        self as u8
    }

    pub fn name(self) -> &'static str {
        match self {
            Grade::Again => "Again",
            Grade::Hard => "Hard",
            Grade::Good => "Good",
            Grade::Easy => "Easy",
        }
    }
}

/// Where a card is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Phase {
    New,
    /// Being learnt, in steps of minutes.
    Learning,
    /// Scheduled in days.
    Review,
    /// Forgotten, being relearnt in steps of minutes.
    Relearning,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::New => "new",
            Phase::Learning => "learning",
            Phase::Review => "review",
            Phase::Relearning => "relearning",
        }
    }

    pub fn parse(s: &str) -> Option<Phase> {
        Some(match s {
            "new" => Phase::New,
            "learning" => Phase::Learning,
            "review" => Phase::Review,
            "relearning" => Phase::Relearning,
            _ => return None,
        })
    }
}

/// What FSRS knows of a card's memory.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Memory {
    pub stability: f32,
    pub difficulty: f32,
}

/// A card's progress. It belongs to the card, not to its wording: editing a card keeps it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Schedule {
    pub phase: Phase,
    /// Index of the current learning or relearning step.
    pub step: u8,
    /// Unix seconds from which the card is due.
    pub due: i64,
    pub memory: Option<Memory>,
    pub last_review: Option<i64>,
    /// Days the last review scheduled (0 while in steps).
    pub scheduled_days: u32,
    pub reps: u32,
    pub lapses: u32,
}

impl Schedule {
    /// A new card, due at once.
    pub fn new(now: i64) -> Schedule {
        Schedule {
            phase: Phase::New,
            step: 0,
            due: now,
            memory: None,
            last_review: None,
            scheduled_days: 0,
            reps: 0,
            lapses: 0,
        }
    }
}

/// Local days, which start at `start_hour` (as Anki's, at 4 in the morning by default, so that
/// a late evening still counts as the same day).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Days {
    /// Seconds to add to unix time for local time.
    pub utc_offset: i32,
    pub start_hour: u8,
}

impl Days {
    fn shift(self) -> i64 {
        i64::from(self.utc_offset) - i64::from(self.start_hour) * 3600
    }

    /// The local day number of unix time `t`.
    pub fn day(self, t: i64) -> i64 {
        (t + self.shift()).div_euclid(86_400)
    }

    /// Unix time at which local day `day` starts.
    pub fn start(self, day: i64) -> i64 {
        day * 86_400 - self.shift()
    }
}
