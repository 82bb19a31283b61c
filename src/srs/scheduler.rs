//! FSRS-6 (the `fsrs` crate, as Anki uses it) for intervals in days, and Anki's learning and
//! relearning steps for the minutes before a card graduates to days.
//!
//! Every answer updates the card's FSRS memory (same-day answers included: FSRS-6 models
//! short-term stability); the steps only decide when a card in learning is shown next.

use fsrs::{FSRS, MemoryState, NextStates};

use super::{Days, Grade, Memory, Phase, Schedule, Settings, fuzz};

#[derive(Debug, thiserror::Error)]
pub enum SrsError {
    #[error("invalid FSRS parameters: {0}")]
    Parameters(String),
    #[error("the scheduler could not compute the next state: {0}")]
    Fsrs(String),
}

/// A possible answer's result: the card's next schedule, and how long until it is due.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Outcome {
    pub grade: Grade,
    pub schedule: Schedule,
    /// Seconds from now until the card is due again.
    pub wait: i64,
    /// Whole days since the previous answer (what FSRS was told).
    pub elapsed_days: u32,
}

impl Outcome {
    /// The interval the answer gives, in seconds, as its button shows it: the days it
    /// schedules once in review (a one-day interval is a day, though the day it falls due may
    /// start in an hour, at 4 in the morning), else the wait of its step.
    pub fn interval(&self) -> i64 {
        match self.schedule.scheduled_days {
            0 => self.wait,
            days => i64::from(days) * 86_400,
        }
    }
}

/// What an answer does besides scheduling its card.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Consequences {
    /// The card's siblings (its cloze's other cards, the cards of its passage) that are new or
    /// in review wait until then, the start of the next day, so that one does not give the
    /// other away.
    pub bury_until: Option<i64>,
    /// The card lapsed once too often: it is suspended and tagged `leech`.
    pub leech: bool,
}

/// Longest time counted for one answer, in seconds (Anki's default): a break is not study.
pub const MAX_ANSWER_SECONDS: i64 = 60;

pub struct Scheduler {
    fsrs: FSRS,
    pub settings: Settings,
    pub days: Days,
}

impl Scheduler {
    pub fn new(settings: Settings, days: Days) -> Result<Scheduler, SrsError> {
        let fsrs = if settings.parameters.is_empty() {
            FSRS::default()
        } else {
            FSRS::new(&settings.parameters).map_err(|e| SrsError::Parameters(e.to_string()))?
        };
        Ok(Scheduler {
            fsrs,
            settings,
            days,
        })
    }

    /// What each answer would do to card `id` answered at `now`: the intervals shown on the
    /// answer buttons (fuzzed by the card and its answers, so the same as the answer's).
    pub fn outcomes(&self, id: i64, card: &Schedule, now: i64) -> Result<[Outcome; 4], SrsError> {
        let elapsed_days = card.last_review.map_or(0, |last| {
            (self.days.day(now) - self.days.day(last)).max(0) as u32
        });
        let memory = card.memory.map(|m| MemoryState {
            stability: m.stability,
            difficulty: m.difficulty,
        });
        let next = self
            .fsrs
            .next_states(memory, self.settings.desired_retention, elapsed_days)
            .map_err(|e| SrsError::Fsrs(e.to_string()))?;
        let fuzz = self.settings.fuzz.then(|| fuzz::factor(id, card.reps));
        let days = self.review_days(card, &next, fuzz);
        Ok(Grade::ALL.map(|grade| {
            let schedule = self.next(card, grade, &next, days, now);
            Outcome {
                grade,
                wait: schedule.due - now,
                schedule,
                elapsed_days,
            }
        }))
    }

    pub fn grade(
        &self,
        id: i64,
        card: &Schedule,
        grade: Grade,
        now: i64,
    ) -> Result<Outcome, SrsError> {
        Ok(self.outcomes(id, card, now)?[grade as usize - 1])
    }

    /// What answering `outcome` at `now` does besides: buries the card's siblings (when the
    /// setting says so), and makes it a leech when its lapses reach the threshold, and again
    /// every half threshold after (as Anki does).
    pub fn consequences(&self, before: &Schedule, outcome: &Outcome, now: i64) -> Consequences {
        let threshold = self.settings.leech_threshold;
        let lapses = outcome.schedule.lapses;
        let lapsed = lapses > before.lapses;
        let leech = threshold > 0
            && lapsed
            && lapses >= threshold
            && (lapses - threshold).is_multiple_of(threshold.div_ceil(2).max(1));
        Consequences {
            bury_until: self
                .settings
                .bury_siblings
                .then(|| self.days.start(self.days.day(now) + 1)),
            leech,
        }
    }

    /// Intervals in days for Hard, Good and Easy (and Again without relearning steps), kept in
    /// order as Anki keeps them: each at least a day longer than the one before; fuzzed by
    /// `fuzz` (see [`fuzz`]) within those bounds.
    fn review_days(&self, card: &Schedule, next: &NextStates, fuzz: Option<f32>) -> [u32; 4] {
        let max = self.settings.maximum_interval.max(1);
        let days = |interval: f32, minimum: u32| match fuzz {
            Some(factor) => fuzz::fuzzed(interval, factor, minimum, max),
            None => (interval.round() as u32).clamp(minimum.min(max), max),
        };
        let again = days(next.again.interval, 1);
        if card.phase != Phase::Review {
            // Graduating from steps: no interval before it to keep to.
            let good = days(next.good.interval, 1);
            let hard = days(next.hard.interval, 1).min(good);
            let easy = days(next.easy.interval, good + 1);
            return [again, hard, good, easy];
        }
        // Anki's floors: the fuzz never takes an interval that grew back to the last one or
        // below, and each button is a day past the one before.
        let last = card.scheduled_days;
        let grown = |interval: f32| match interval.round() as u32 > last {
            true => last + 1,
            false => 0,
        };
        let hard = days(
            next.hard.interval,
            fuzz::minimum(next.hard.interval, last, max).max(1),
        );
        let good = days(next.good.interval, grown(next.good.interval).max(hard + 1));
        let easy = days(next.easy.interval, grown(next.easy.interval).max(good + 1));
        [again, hard, good, easy]
    }

    fn next(
        &self,
        card: &Schedule,
        grade: Grade,
        next: &NextStates,
        days: [u32; 4],
        now: i64,
    ) -> Schedule {
        let state = match grade {
            Grade::Again => &next.again,
            Grade::Hard => &next.hard,
            Grade::Good => &next.good,
            Grade::Easy => &next.easy,
        };
        let mut s = Schedule {
            memory: Some(Memory {
                stability: state.memory.stability,
                difficulty: state.memory.difficulty,
            }),
            last_review: Some(now),
            reps: card.reps + 1,
            ..*card
        };
        let in_steps = |s: &mut Schedule, phase: Phase, step: usize, minutes: u32| {
            s.phase = phase;
            s.step = step as u8;
            s.scheduled_days = 0;
            s.due = now + i64::from(minutes) * 60;
        };
        let graduate = |s: &mut Schedule, days: u32| {
            s.phase = Phase::Review;
            s.step = 0;
            s.scheduled_days = days;
            s.due = self.days.start(self.days.day(now) + i64::from(days));
        };
        let index = grade as usize - 1;
        let (steps, phase) = match card.phase {
            Phase::New | Phase::Learning => (&self.settings.learning_steps, Phase::Learning),
            Phase::Relearning => (&self.settings.relearning_steps, Phase::Relearning),
            Phase::Review => {
                if grade == Grade::Again {
                    s.lapses += 1;
                    match self.settings.relearning_steps.first() {
                        Some(&first) => in_steps(&mut s, Phase::Relearning, 0, first),
                        None => graduate(&mut s, days[0]),
                    }
                } else {
                    graduate(&mut s, days[index]);
                }
                return s;
            }
        };
        let step = if card.phase == Phase::New {
            0
        } else {
            usize::from(card.step)
        };
        match grade {
            Grade::Again => match steps.first() {
                Some(&first) => in_steps(&mut s, phase, 0, first),
                None => graduate(&mut s, days[0]),
            },
            Grade::Hard => match steps.get(step) {
                Some(&current) => {
                    // Anki: on the first step, halfway to the second (or half as long again).
                    let delay = if step == 0 {
                        match steps.get(1) {
                            Some(&second) => (current + second) / 2,
                            None => (current * 3 / 2).min(current + 1440),
                        }
                    } else {
                        current
                    };
                    in_steps(&mut s, phase, step, delay);
                }
                None => graduate(&mut s, days[1]),
            },
            Grade::Good => {
                let following = if card.phase == Phase::New {
                    1
                } else {
                    step + 1
                };
                match steps.get(following) {
                    Some(&delay) if !steps.is_empty() => in_steps(&mut s, phase, following, delay),
                    _ => graduate(&mut s, days[2]),
                }
            }
            Grade::Easy => graduate(&mut s, days[3]),
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const UTC: Days = Days {
        utc_offset: 0,
        start_hour: 0,
    };

    /// A scheduler without fuzz, to compare its intervals with FSRS's own.
    fn scheduler(settings: Settings) -> Scheduler {
        let settings = Settings {
            fuzz: false,
            ..settings
        };
        Scheduler::new(settings, UTC).unwrap()
    }

    /// Grades a card through `answers`, each `(grade, days after the previous answer)`.
    fn run(s: &Scheduler, answers: &[(Grade, i64)]) -> Schedule {
        let mut card = Schedule::new(0);
        let mut now = 0;
        for &(grade, days) in answers {
            now += days * 86_400;
            card = s.grade(0, &card, grade, now).unwrap().schedule;
        }
        card
    }

    #[test]
    fn a_new_card_matches_the_fsrs_documentation() {
        // fsrs 6.6, `FSRS::next_states` doc test: the default parameters, a new card, 0.9.
        let s = scheduler(Settings {
            learning_steps: Vec::new(),
            ..Settings::default()
        });
        let outcomes = s.outcomes(0, &Schedule::new(0), 0).unwrap();
        let stabilities: Vec<f32> = outcomes
            .iter()
            .map(|o| o.schedule.memory.unwrap().stability)
            .collect();
        let documented = [0.212, 1.2931, 2.3065, 8.2956];
        for (ours, theirs) in stabilities.iter().zip(documented) {
            assert!((ours - theirs).abs() < 1e-3, "{stabilities:?}");
        }
        // Without learning steps the intervals are those stabilities, rounded to days (at
        // least one), each at least a day past the one before.
        let days: Vec<u32> = outcomes.iter().map(|o| o.schedule.scheduled_days).collect();
        assert_eq!(days, [1, 1, 2, 8]);
    }

    #[test]
    fn a_sequence_of_answers_matches_the_fsrs_documentation() {
        // fsrs 6.6, `test_memory_state`: ratings 1,3,3,3,3,3 after 0,0,1,3,8,21 days, default
        // parameters, retention 0.9 → stability 53.62691, difficulty 6.3574867.
        let s = scheduler(Settings::default());
        let card = run(
            &s,
            &[
                (Grade::Again, 0),
                (Grade::Good, 0),
                (Grade::Good, 1),
                (Grade::Good, 3),
                (Grade::Good, 8),
                (Grade::Good, 21),
            ],
        );
        let memory = card.memory.unwrap();
        assert!((memory.stability - 53.62691).abs() < 1e-3, "{memory:?}");
        assert!((memory.difficulty - 6.3574867).abs() < 1e-3, "{memory:?}");
        assert_eq!(card.phase, Phase::Review);
        assert_eq!(card.reps, 6);
    }

    #[test]
    fn retention_changes_intervals_as_documented() {
        // fsrs 6.6, `test_next_interval`: stability 1 at retentions 0.1 … 1.0.
        let fsrs = FSRS::default();
        let documented = [3_116_766, 34_793, 2_508, 387, 90, 27, 9, 3, 1, 1];
        for (i, expected) in documented.iter().enumerate() {
            let retention = (i + 1) as f32 / 10.0;
            let days = fsrs.next_interval(Some(1.0), retention, 1).round().max(1.0) as u32;
            assert_eq!(days, *expected);
        }
    }

    #[test]
    fn learning_steps_are_minutes_then_days() {
        let s = scheduler(Settings::default()); // steps 1m 10m, relearning 10m
        let new = Schedule::new(0);
        let [again, hard, good, easy] = s.outcomes(0, &new, 0).unwrap();
        assert_eq!((again.wait, again.schedule.phase), (60, Phase::Learning));
        assert_eq!(hard.wait, 5 * 60, "halfway between 1m and 10m");
        assert_eq!((good.wait, good.schedule.step), (600, 1));
        assert_eq!(easy.schedule.phase, Phase::Review);
        assert_eq!(easy.schedule.scheduled_days, 8);
        // Good on the last step graduates to days.
        let second = good.schedule;
        let graduated = s.grade(0, &second, Grade::Good, 600).unwrap().schedule;
        assert_eq!(graduated.phase, Phase::Review);
        assert!(graduated.scheduled_days >= 1);
        assert_eq!(
            graduated.due,
            UTC.start(UTC.day(600) + i64::from(graduated.scheduled_days))
        );
        // A lapse goes to relearning for ten minutes, then back to days.
        let later = graduated.due;
        let lapse = s.grade(0, &graduated, Grade::Again, later).unwrap();
        assert_eq!(lapse.schedule.phase, Phase::Relearning);
        assert_eq!(lapse.wait, 600);
        assert_eq!(lapse.schedule.lapses, 1);
        let back = s
            .grade(0, &lapse.schedule, Grade::Good, later + 600)
            .unwrap();
        assert_eq!(back.schedule.phase, Phase::Review);
    }

    #[test]
    fn review_answers_are_ordered_and_never_in_the_past() {
        let s = scheduler(Settings::default());
        let card = run(
            &s,
            &[
                (Grade::Good, 0),
                (Grade::Good, 0),
                (Grade::Good, 3),
                (Grade::Hard, 5),
            ],
        );
        let now = card.due + 3_600;
        let outcomes = s.outcomes(0, &card, now).unwrap();
        let days: Vec<u32> = outcomes[1..]
            .iter()
            .map(|o| o.schedule.scheduled_days)
            .collect();
        assert!(days[0] < days[1] && days[1] < days[2], "{days:?}");
        assert!(outcomes.iter().all(|o| o.schedule.due > now));
    }

    #[test]
    fn local_days_start_at_the_cutoff_hour() {
        let days = Days {
            utc_offset: 2 * 3600,
            start_hour: 4,
        };
        // 01:00 UTC is 03:00 local: still the day before.
        let t = 86_400 * 100 + 3600;
        assert_eq!(days.day(t), 99);
        assert_eq!(days.day(t + 3600), 100); // 04:00 local
        assert_eq!(days.start(100), 86_400 * 100 + 2 * 3600);
    }

    #[test]
    fn review_intervals_are_fuzzed_within_ankis_ranges_the_same_for_the_same_card() {
        let plain = scheduler(Settings::default());
        let fuzzy = Scheduler::new(Settings::default(), UTC).unwrap();
        // A card in review with some stability, due now.
        let card = run(
            &plain,
            &[(Grade::Good, 0), (Grade::Good, 0), (Grade::Good, 3)],
        );
        let now = card.due;
        let exact = plain.outcomes(0, &card, now).unwrap();
        let mut spread = std::collections::BTreeSet::new();
        for id in 0..200 {
            let fuzzed = fuzzy.outcomes(id, &card, now).unwrap();
            assert_eq!(
                fuzzed,
                fuzzy.outcomes(id, &card, now).unwrap(),
                "fixed per card"
            );
            let graded = fuzzy.grade(id, &card, Grade::Good, now).unwrap();
            assert_eq!(graded, fuzzed[2], "the button shows what the answer does");
            let days = |o: &Outcome| o.schedule.scheduled_days;
            for (f, e) in fuzzed.iter().zip(&exact).skip(1) {
                let (low, high) = fuzz::bounds(days(e) as f32, 1, 36_500);
                assert!(
                    (low..=high).contains(&days(f)),
                    "{} not in {low}..={high}",
                    days(f)
                );
            }
            assert!(days(&fuzzed[1]) < days(&fuzzed[2]) && days(&fuzzed[2]) < days(&fuzzed[3]));
            spread.insert(days(&fuzzed[2]));
        }
        assert!(
            spread.len() > 1,
            "cards answered together drift apart: {spread:?}"
        );
    }

    #[test]
    fn an_interval_is_days_at_any_hour() {
        // Days start at 4 in the morning; a new card without steps answered at 03:00 and at
        // 15:00 (a day due tomorrow at 04:00: in 1 hour, or in 13).
        let days = Days {
            utc_offset: 0,
            start_hour: 4,
        };
        let settings = Settings {
            learning_steps: Vec::new(),
            fuzz: false,
            ..Settings::default()
        };
        let s = Scheduler::new(settings, days).unwrap();
        for hour in [3, 15] {
            let now = 10 * 86_400 + hour * 3_600;
            let outcomes = s.outcomes(0, &Schedule::new(now), now).unwrap();
            let intervals = outcomes.map(|o| o.interval() / 86_400);
            assert_eq!(intervals, [1, 1, 2, 8], "at {hour}:00");
            assert!(outcomes[0].wait < 86_400, "due before a day has passed");
        }
        // In steps, the wait itself.
        let stepped = scheduler(Settings::default());
        let o = stepped
            .grade(0, &Schedule::new(0), Grade::Again, 0)
            .unwrap();
        assert_eq!(o.interval(), 60);
    }

    /// The lapses at which a card lapsing 16 times is a leech, with `threshold`.
    fn leeches(threshold: u32) -> Vec<u32> {
        let s = scheduler(Settings {
            leech_threshold: threshold,
            ..Settings::default()
        });
        let mut card = run(&s, &[(Grade::Good, 0), (Grade::Good, 0), (Grade::Good, 3)]);
        let mut leeches = Vec::new();
        for lapse in 1..=16 {
            let now = card.due;
            let forgot = s.grade(0, &card, Grade::Again, now).unwrap();
            if s.consequences(&card, &forgot, now).leech {
                leeches.push(lapse);
            }
            // Relearnt, then back in review.
            card = forgot.schedule;
            card = s.grade(0, &card, Grade::Good, card.due).unwrap().schedule;
            assert_eq!(card.phase, Phase::Review);
        }
        leeches
    }

    #[test]
    fn a_card_lapsing_eight_times_is_a_leech_and_again_every_four() {
        assert_eq!(leeches(8), [8, 12, 16]);
        // Anki: every half threshold after the first, rounded up (Anki's own test's figures).
        assert_eq!(leeches(3), [3, 5, 7, 9, 11, 13, 15]);
        assert_eq!(leeches(1), (1..=16).collect::<Vec<_>>());
        let s = scheduler(Settings::default());
        let card = run(&s, &[(Grade::Good, 0), (Grade::Good, 0), (Grade::Good, 3)]);
        let off = scheduler(Settings {
            leech_threshold: 0,
            bury_siblings: false,
            ..Settings::default()
        });
        let forgot = off.grade(0, &card, Grade::Again, card.due).unwrap();
        assert_eq!(
            off.consequences(&card, &forgot, card.due),
            Consequences::default()
        );
        // Siblings wait until the next day starts.
        let c = s.consequences(&card, &forgot, 5 * 86_400 + 3_600);
        assert_eq!(c.bury_until, Some(6 * 86_400));
    }
    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// Anki's floors on a passing review, whatever the fuzz: an interval FSRS lengthened is
        /// never fuzzed back to the last one or below, one that barely changed never below it,
        /// and Hard < Good < Easy (a card at 9 days was once given 7 for Good where Anki gives
        /// 10).
        #[test]
        fn a_passing_review_is_never_shorter_than_ankis_minimum(
            id in proptest::prelude::any::<i64>(),
            last in 1u32..3650,
            late in -3i64..30,
            stability in 0.5f32..5000.0,
            difficulty in 1.0f32..10.0,
            reps in 1u32..50,
        ) {
            let s = Scheduler::new(Settings::default(), UTC).unwrap();
            let now = 20_000 * 86_400;
            let elapsed = (i64::from(last) + late).max(1);
            let card = Schedule {
                phase: Phase::Review,
                step: 0,
                due: now - late * 86_400,
                memory: Some(Memory { stability, difficulty }),
                last_review: Some(now - elapsed * 86_400),
                scheduled_days: last,
                reps,
                lapses: 0,
            };
            let outcomes = s.outcomes(id, &card, now).unwrap();
            let memory = MemoryState { stability, difficulty };
            let ideal = FSRS::default()
                .next_states(Some(memory), 0.9, elapsed as u32)
                .unwrap();
            let days = |grade: Grade| outcomes[grade as usize - 1].schedule.scheduled_days;
            let max = s.settings.maximum_interval;
            for (grade, interval) in [
                (Grade::Hard, ideal.hard.interval),
                (Grade::Good, ideal.good.interval),
                (Grade::Easy, ideal.easy.interval),
            ] {
                let rounded = interval.round() as u32;
                if rounded > last && last < max {
                    proptest::prop_assert!(days(grade) > last, "{grade:?}: {} after {last} (FSRS {interval})", days(grade));
                }
                let (_, upper) = fuzz::bounds(interval, 1, max);
                if grade == Grade::Hard && last <= upper {
                    proptest::prop_assert!(days(grade) >= last.min(max));
                }
            }
            if days(Grade::Easy) < max {
                proptest::prop_assert!(days(Grade::Hard) < days(Grade::Good));
                proptest::prop_assert!(days(Grade::Good) < days(Grade::Easy));
            }
        }
    }
}
