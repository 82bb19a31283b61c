//! Review statistics: cards by state, what comes due, reviews per day, true retention on mature
//! cards, and the load forecast; a year of reviews day by day (the calendar), true retention of
//! young and mature cards over a day, a week, a month and a year (as Anki's table), the answers
//! of each day by kind, and how the cards' intervals and stabilities spread.

use super::{Days, Grade, Phase};

/// An interval from which a card counts as mature, in days (as Anki counts).
pub const MATURE_DAYS: u32 = 21;
/// Days the charts look back and ahead.
pub const SPAN: usize = 30;
/// Days the calendar shows.
pub const YEAR: usize = 365;
/// The buckets intervals and stabilities are counted in: a label and the most days it holds.
pub const BUCKETS: [(&str, f32); 9] = [
    ("1d", 1.0),
    ("2d", 2.0),
    ("3-6d", 6.0),
    ("1-2w", 14.0),
    ("2-3w", 21.0),
    ("3w-1m", 31.0),
    ("1-3m", 92.0),
    ("3-12m", 365.0),
    (">1y", f32::INFINITY),
];
/// The periods of the true-retention table: a name and its days (today being the first).
pub const PERIODS: [(&str, i64); 4] = [("today", 1), ("week", 7), ("month", 30), ("year", 365)];
/// The kinds of answers, by what the card was: as Anki's review charts.
pub const KINDS: [&str; 4] = ["learning", "young", "mature", "relearning"];

#[derive(Debug, Clone, Copy)]
pub struct CardInfo {
    pub phase: Phase,
    pub due: i64,
    pub scheduled_days: u32,
    pub suspended: bool,
    /// FSRS stability, in days, once answered.
    pub stability: Option<f32>,
}

#[derive(Debug, Clone, Copy)]
pub struct LogEntry {
    pub at: i64,
    pub grade: Grade,
    pub phase_before: Phase,
    pub scheduled_days_before: u32,
    /// Seconds the answer took (not known for answers logged before they were timed).
    pub seconds: Option<u32>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Stats {
    pub new: usize,
    pub learning: usize,
    /// In review, with an interval under three weeks.
    pub young: usize,
    pub mature: usize,
    pub suspended: usize,
    pub due_today: usize,
    pub due_tomorrow: usize,
    /// Due within the next seven days, today included.
    pub due_week: usize,
    /// Reviews on each of the last 30 days, oldest first (today last).
    pub reviews_per_day: Vec<u64>,
    /// Seconds spent answering on each of the last 30 days, oldest first (today last).
    pub seconds_per_day: Vec<u64>,
    /// Share of reviews of mature cards in the last 30 days that were not "Again".
    pub retention: Option<f64>,
    pub mature_reviews: usize,
    /// Cards coming due on each of the next 30 days, today first (overdue ones today).
    pub forecast: Vec<u64>,
    /// Answers on each of the last 365 days, oldest first (today last).
    pub calendar: Vec<u64>,
    /// Reviews of young and mature cards remembered, over each of [`PERIODS`].
    pub true_retention: Vec<[Recalled; 2]>,
    /// Answers on each of the last 30 days by [`KINDS`], oldest first.
    pub answers_by_kind: [Vec<u64>; 4],
    /// Seconds spent answering on each of the last 30 days by [`KINDS`], oldest first.
    pub seconds_by_kind: [Vec<u64>; 4],
    /// Cards in review by interval, in [`BUCKETS`].
    pub intervals: Vec<u64>,
    /// Answered cards by stability, in [`BUCKETS`].
    pub stabilities: Vec<u64>,
}

/// Reviews remembered (not Again) of so many.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Recalled {
    pub passed: u64,
    pub total: u64,
}

impl Recalled {
    pub fn rate(self) -> Option<f64> {
        (self.total > 0).then(|| self.passed as f64 / self.total as f64)
    }
}

/// The bucket of [`BUCKETS`] `days` fall in.
fn bucket(days: f32) -> usize {
    BUCKETS
        .iter()
        .position(|(_, most)| days <= *most)
        .unwrap_or(BUCKETS.len() - 1)
}

/// Seconds as a reader counts study time: `40 s`, `12 min`, `1 h 05 min`.
pub fn study_time(seconds: u64) -> String {
    match seconds {
        0..60 => format!("{seconds} s"),
        60..3_600 => format!("{} min", (seconds + 30) / 60),
        _ => format!("{} h {:02} min", seconds / 3_600, seconds % 3_600 / 60),
    }
}

pub fn compute(cards: &[CardInfo], log: &[LogEntry], now: i64, days: Days) -> Stats {
    let today = days.day(now);
    let mut s = Stats {
        new: 0,
        learning: 0,
        young: 0,
        mature: 0,
        suspended: 0,
        due_today: 0,
        due_tomorrow: 0,
        due_week: 0,
        reviews_per_day: vec![0; SPAN],
        seconds_per_day: vec![0; SPAN],
        retention: None,
        mature_reviews: 0,
        forecast: vec![0; SPAN],
        calendar: vec![0; YEAR],
        true_retention: vec![[Recalled::default(); 2]; PERIODS.len()],
        answers_by_kind: std::array::from_fn(|_| vec![0; SPAN]),
        seconds_by_kind: std::array::from_fn(|_| vec![0; SPAN]),
        intervals: vec![0; BUCKETS.len()],
        stabilities: vec![0; BUCKETS.len()],
    };
    for c in cards {
        if let Some(stability) = c.stability {
            s.stabilities[bucket(stability)] += 1;
        }
        if c.suspended {
            s.suspended += 1;
            continue;
        }
        if matches!(c.phase, Phase::Review | Phase::Relearning) && c.scheduled_days > 0 {
            s.intervals[bucket(c.scheduled_days as f32)] += 1;
        }
        match c.phase {
            Phase::New => {
                s.new += 1;
                continue;
            }
            Phase::Learning | Phase::Relearning => s.learning += 1,
            Phase::Review if c.scheduled_days >= MATURE_DAYS => s.mature += 1,
            Phase::Review => s.young += 1,
        }
        let offset = (days.day(c.due) - today).max(0);
        match offset {
            0 => s.due_today += 1,
            1 => s.due_tomorrow += 1,
            _ => {}
        }
        if offset < 7 {
            s.due_week += 1;
        }
        if let Some(slot) = s.forecast.get_mut(offset as usize) {
            *slot += 1;
        }
    }
    let (mut passed, mut mature) = (0usize, 0usize);
    for entry in log {
        let ago = today - days.day(entry.at);
        if (0..YEAR as i64).contains(&ago) {
            s.calendar[YEAR - 1 - ago as usize] += 1;
        }
        let grown = entry.scheduled_days_before >= MATURE_DAYS;
        if entry.phase_before == Phase::Review {
            for (row, (_, period)) in s.true_retention.iter_mut().zip(PERIODS) {
                if (0..period).contains(&ago) {
                    let cell = &mut row[usize::from(grown)];
                    cell.total += 1;
                    cell.passed += u64::from(entry.grade != Grade::Again);
                }
            }
        }
        if !(0..SPAN as i64).contains(&ago) {
            continue;
        }
        let kind = match entry.phase_before {
            Phase::New | Phase::Learning => 0,
            Phase::Review if !grown => 1,
            Phase::Review => 2,
            Phase::Relearning => 3,
        };
        s.answers_by_kind[kind][SPAN - 1 - ago as usize] += 1;
        s.seconds_by_kind[kind][SPAN - 1 - ago as usize] += u64::from(entry.seconds.unwrap_or(0));
        s.reviews_per_day[SPAN - 1 - ago as usize] += 1;
        s.seconds_per_day[SPAN - 1 - ago as usize] += u64::from(entry.seconds.unwrap_or(0));
        if entry.phase_before == Phase::Review && entry.scheduled_days_before >= MATURE_DAYS {
            mature += 1;
            passed += usize::from(entry.grade != Grade::Again);
        }
    }
    s.mature_reviews = mature;
    s.retention = (mature > 0).then(|| passed as f64 / mature as f64);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAYS: Days = Days {
        utc_offset: 0,
        start_hour: 0,
    };

    #[test]
    fn counts_from_a_known_history() {
        let now = 100 * 86_400 + 3_600;
        let card = |phase, due_day: i64, days, suspended| CardInfo {
            phase,
            due: DAYS.start(due_day) + 60,
            scheduled_days: days,
            suspended,
            stability: (phase != Phase::New).then_some(days as f32 + 0.5),
        };
        let cards = [
            card(Phase::New, 100, 0, false),
            card(Phase::Learning, 100, 0, false),
            card(Phase::Review, 99, 3, false),   // overdue: today
            card(Phase::Review, 101, 30, false), // tomorrow, mature
            card(Phase::Review, 105, 40, false), // in five days
            card(Phase::Review, 140, 50, false), // beyond the forecast
            card(Phase::Review, 100, 5, true),
        ];
        let entry = |day: i64, grade, days| LogEntry {
            at: DAYS.start(day) + 100,
            grade,
            phase_before: Phase::Review,
            scheduled_days_before: days,
            seconds: Some(10),
        };
        let log = [
            entry(100, Grade::Good, 30),
            entry(100, Grade::Again, 25),
            entry(99, Grade::Good, 3),
            entry(80, Grade::Easy, 22),
            entry(50, Grade::Again, 60), // too old to count
        ];
        let s = compute(&cards, &log, now, DAYS);
        assert_eq!(
            (s.new, s.learning, s.young, s.mature, s.suspended),
            (1, 1, 1, 3, 1)
        );
        assert_eq!((s.due_today, s.due_tomorrow, s.due_week), (2, 1, 4));
        assert_eq!(s.reviews_per_day[SPAN - 1], 2);
        assert_eq!(s.reviews_per_day[SPAN - 2], 1);
        assert_eq!(s.reviews_per_day[SPAN - 21], 1);
        assert_eq!(s.reviews_per_day.iter().sum::<u64>(), 4);
        assert_eq!(s.seconds_per_day[SPAN - 1], 20, "two answers of 10 s today");
        assert_eq!(s.seconds_per_day.iter().sum::<u64>(), 40);
        assert_eq!(
            [40, 90, 3_600 + 5 * 60].map(study_time),
            ["40 s", "2 min", "1 h 05 min"]
        );
        assert_eq!(s.mature_reviews, 3);
        assert!((s.retention.unwrap() - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(&s.forecast[..6], &[2, 1, 0, 0, 0, 1]);
        // The year: the five answers, the one of day 50 too.
        assert_eq!(s.calendar.iter().sum::<u64>(), 5);
        assert_eq!(s.calendar[YEAR - 1], 2);
        assert_eq!(s.calendar[YEAR - 51], 1);
        // True retention: today, one young (25 days before: mature) … as Anki's table.
        let r = |period: usize, mature: usize| {
            let c = s.true_retention[period][mature];
            (c.passed, c.total)
        };
        assert_eq!(
            (r(0, 0), r(0, 1)),
            ((0, 0), (1, 2)),
            "today: two mature, one forgotten"
        );
        assert_eq!(
            (r(1, 0), r(1, 1)),
            ((1, 1), (1, 2)),
            "the week: and a young one"
        );
        assert_eq!((r(2, 0), r(2, 1)), ((1, 1), (2, 3)));
        assert_eq!(
            (r(3, 0), r(3, 1)),
            ((1, 1), (2, 4)),
            "the year: the answer of day 50"
        );
        assert_eq!(s.answers_by_kind[1][SPAN - 2], 1, "young, yesterday");
        assert_eq!(s.answers_by_kind[2][SPAN - 1], 2, "mature, today");
        assert_eq!(s.seconds_by_kind[2][SPAN - 1], 20);
        // Intervals of the cards in review (not suspended), stabilities of every answered one.
        assert_eq!(s.intervals, [0, 0, 1, 0, 0, 1, 2, 0, 0]);
        assert_eq!(s.stabilities.iter().sum::<u64>(), 6);
        assert_eq!(bucket(1.0), 0);
        assert_eq!(bucket(400.0), 8);
    }
}
