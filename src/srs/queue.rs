//! Which card comes next in a review: learning cards due now, then reviews due today, then new
//! cards, within the daily limits; when nothing else is left, a learning card due within twenty
//! minutes is shown early (Anki's "learn ahead").

use super::{Days, Phase, Settings};

/// How far ahead a learning card may be shown when nothing else is due.
pub const LEARN_AHEAD_SECS: i64 = 20 * 60;

/// A card that may be reviewed, as the queue needs to know it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    pub id: i64,
    pub phase: Phase,
    pub due: i64,
    /// Order of creation (new cards are introduced oldest first).
    pub created: i64,
}

/// What was already reviewed today, against the daily limits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Today {
    pub new_done: u32,
    pub reviews_done: u32,
}

/// Cards left for today, as the review header shows them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub new: usize,
    pub learning: usize,
    pub due: usize,
}

#[derive(Debug, Default)]
pub struct Queue {
    learning: Vec<Candidate>,
    review: Vec<Candidate>,
    new: Vec<Candidate>,
    /// When the next day starts: learning cards due before it stay in today's queue.
    tomorrow: i64,
}

impl Queue {
    pub fn build(
        candidates: &[Candidate],
        now: i64,
        days: Days,
        settings: &Settings,
        today: Today,
    ) -> Queue {
        let tomorrow = days.start(days.day(now) + 1);
        let mut queue = Queue {
            tomorrow,
            ..Queue::default()
        };
        for &c in candidates {
            match c.phase {
                Phase::Learning | Phase::Relearning if c.due < tomorrow => queue.learning.push(c),
                Phase::Review if c.due <= now => queue.review.push(c),
                Phase::New => queue.new.push(c),
                _ => {}
            }
        }
        queue.learning.sort_by_key(|c| (c.due, c.id));
        queue.review.sort_by_key(|c| (c.due, c.id));
        queue.new.sort_by_key(|c| (c.created, c.id));
        let reviews_left = settings.reviews_per_day.saturating_sub(today.reviews_done) as usize;
        let new_left = settings.new_per_day.saturating_sub(today.new_done) as usize;
        queue.review.truncate(reviews_left);
        queue.new.truncate(new_left);
        queue
    }

    /// The card to show at `now`, if any.
    pub fn next(&self, now: i64) -> Option<i64> {
        let learning_now = self.learning.first().filter(|c| c.due <= now);
        learning_now
            .or(self.review.first())
            .or(self.new.first())
            .or(self
                .learning
                .first()
                .filter(|c| c.due <= now + LEARN_AHEAD_SECS))
            .map(|c| c.id)
    }

    /// Takes an answered card out of the queue; it comes back the same day if its new
    /// schedule is a learning step due before tomorrow.
    pub fn answered(&mut self, id: i64, phase: Phase, due: i64) {
        let answered = [&mut self.learning, &mut self.review, &mut self.new]
            .into_iter()
            .find_map(|list| {
                let i = list.iter().position(|c| c.id == id)?;
                Some(list.remove(i))
            });
        if matches!(phase, Phase::Learning | Phase::Relearning) && due < self.tomorrow {
            let card = Candidate {
                id,
                phase,
                due,
                created: answered.map_or(0, |c| c.created),
            };
            let at = self
                .learning
                .partition_point(|c| (c.due, c.id) <= (due, id));
            self.learning.insert(at, card);
        }
    }

    /// Takes a card out of today's queue: a sibling of the card just answered, buried, or the
    /// card itself, suspended as a leech.
    pub fn take_out(&mut self, id: i64) {
        for list in [&mut self.learning, &mut self.review, &mut self.new] {
            list.retain(|c| c.id != id);
        }
    }

    /// When the next learning card comes due, if one is waiting today.
    pub fn next_learning_due(&self) -> Option<i64> {
        self.learning.first().map(|c| c.due)
    }

    pub fn counts(&self) -> Counts {
        Counts {
            new: self.new.len(),
            learning: self.learning.len(),
            due: self.review.len(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAYS: Days = Days {
        utc_offset: 0,
        start_hour: 0,
    };

    fn card(id: i64, phase: Phase, due: i64) -> Candidate {
        Candidate {
            id,
            phase,
            due,
            created: id,
        }
    }

    #[test]
    fn learning_then_reviews_then_new_within_limits() {
        let now = 10 * 86_400 + 3_600;
        let settings = Settings {
            new_per_day: 2,
            reviews_per_day: 1,
            ..Settings::default()
        };
        let cards = [
            card(1, Phase::New, 0),
            card(2, Phase::New, 0),
            card(3, Phase::New, 0),
            card(4, Phase::Review, DAYS.start(10)),
            card(5, Phase::Review, DAYS.start(9)),
            card(6, Phase::Review, DAYS.start(11)),
            card(7, Phase::Learning, now - 60),
            card(8, Phase::Relearning, now + 600),
        ];
        let q = Queue::build(&cards, now, DAYS, &settings, Today::default());
        assert_eq!(
            q.counts(),
            Counts {
                new: 2,
                learning: 2,
                due: 1
            }
        );
        assert_eq!(q.next(now), Some(7), "a learning card due now comes first");
        let done = Today {
            new_done: 1,
            reviews_done: 1,
        };
        let q = Queue::build(&cards[..6], now, DAYS, &settings, done);
        assert_eq!(
            q.counts(),
            Counts {
                new: 1,
                learning: 0,
                due: 0
            }
        );
        assert_eq!(q.next(now), Some(1));
    }

    #[test]
    fn an_answered_card_leaves_or_comes_back_later_today() {
        let now = 10 * 86_400;
        let cards = [card(1, Phase::New, 0), card(2, Phase::New, 0)];
        let mut q = Queue::build(&cards, now, DAYS, &Settings::default(), Today::default());
        q.answered(1, Phase::Learning, now + 60);
        assert_eq!(
            q.counts(),
            Counts {
                new: 1,
                learning: 1,
                due: 0
            }
        );
        assert_eq!(q.next(now), Some(2));
        q.answered(2, Phase::Review, now + 86_400 * 3);
        assert_eq!(
            q.counts(),
            Counts {
                new: 0,
                learning: 1,
                due: 0
            }
        );
        assert_eq!(q.next(now + 60), Some(1));
        q.answered(1, Phase::Learning, now + 2 * 86_400);
        assert_eq!(
            q.next(now + 10 * 3600),
            None,
            "due after today: gone till then"
        );
    }

    #[test]
    fn learning_cards_are_shown_a_little_early_when_nothing_else_is_left() {
        let now = 1_000_000;
        let soon = [card(1, Phase::Learning, now + 300)];
        let q = Queue::build(&soon, now, DAYS, &Settings::default(), Today::default());
        assert_eq!(q.next(now), Some(1));
        let later = [card(1, Phase::Learning, now + 3_600)];
        let q = Queue::build(&later, now, DAYS, &Settings::default(), Today::default());
        assert_eq!(q.next(now), None);
        assert_eq!(q.next_learning_due(), Some(now + 3_600));
    }
}
