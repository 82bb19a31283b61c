//! Anki's interval fuzz: a review interval of 2.5 days or more is moved to a day within a range
//! that grows with it (a day, plus 15% of the part between 2.5 and 7 days, 10% of the part up to
//! 20, 5% beyond), picked by a number fixed for each card and answer. Cards made and answered
//! together drift apart instead of coming back together forever.
//!
//! The ranges and bounds are Anki's (`rslib/src/scheduler/states/fuzz.rs`); the number is ours
//! (a hash of the card and its count of answers), as Anki's comes from its own random generator.

/// A part of the interval, in days, and how much of it the fuzz may add or take.
struct FuzzRange {
    start: f32,
    end: f32,
    factor: f32,
}

const RANGES: [FuzzRange; 3] = [
    FuzzRange {
        start: 2.5,
        end: 7.0,
        factor: 0.15,
    },
    FuzzRange {
        start: 7.0,
        end: 20.0,
        factor: 0.1,
    },
    FuzzRange {
        start: 20.0,
        end: f32::MAX,
        factor: 0.05,
    },
];

/// The fuzz of card `card` answered for the `(reps + 1)`-th time: a number in `[0, 1)`, the
/// same every time it is asked (the buttons show what the answer will do).
pub fn factor(card: i64, reps: u32) -> f32 {
    // SplitMix64 of the card and its answers: well spread for neighbouring ids.
    let mut z = (card as u64)
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .wrapping_add(u64::from(reps).wrapping_mul(0xBF58_476D_1CE4_E5B9));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    // The top 24 bits: every value exact in an f32, and below 1.
    (z >> 40) as f32 / (1u64 << 24) as f32
}

/// How far an interval of `interval` days may move either way.
fn delta(interval: f32) -> f32 {
    if interval < 2.5 {
        return 0.0;
    }
    RANGES.iter().fold(1.0, |delta, range| {
        delta + range.factor * (interval.min(range.end) - range.start).max(0.0)
    })
}

/// The days an interval may become: within its fuzz, and from `minimum` to `maximum`.
pub fn bounds(interval: f32, minimum: u32, maximum: u32) -> (u32, u32) {
    let minimum = minimum.min(maximum);
    let interval = interval.clamp(minimum as f32, maximum as f32);
    let delta = delta(interval);
    let lower = ((interval - delta).round().max(1.0) as u32).clamp(minimum, maximum);
    let mut upper = ((interval + delta).round() as u32).clamp(minimum, maximum);
    // Anki: a range squeezed to one day by the minimum still gets a second, room allowing.
    if upper == lower && upper > 2 && upper < maximum {
        upper = lower + 1;
    }
    (lower, upper)
}

/// The shortest a review interval of `interval` days may become after one of `last` days (Anki's
/// `minimum_review_fuzz_interval`): past the last when it grew; the last when that is within
/// its fuzz (the fuzz never shortens an interval that barely grew); else no floor (it shrank:
/// the retention or the parameters changed).
pub fn minimum(interval: f32, last: u32, maximum: u32) -> u32 {
    let (_, upper) = bounds(interval, 1, maximum);
    if interval.round() as u32 > last {
        last + 1
    } else if last <= upper {
        last
    } else {
        0
    }
}

/// `interval` fuzzed by `factor` (from [`factor`]), from `minimum` to `maximum` days.
pub fn fuzzed(interval: f32, factor: f32, minimum: u32, maximum: u32) -> u32 {
    let (lower, upper) = bounds(interval, minimum, maximum);
    (lower as f32 + factor * (1 + upper - lower) as f32).floor() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ranges_are_ankis() {
        // No fuzz under 2.5 days; then a day, 15% of the part to 7 days, 10% to 20, 5% beyond.
        assert_eq!(bounds(1.0, 1, 1000), (1, 1));
        assert_eq!(bounds(2.0, 1, 1000), (2, 2));
        assert_eq!(bounds(2.5, 1, 1000), (2, 4)); // 2.5 ± 1
        assert_eq!(bounds(5.0, 1, 1000), (4, 6)); // 5 ± 1.375
        assert_eq!(bounds(10.0, 1, 1000), (8, 12)); // 10 ± 1.975
        assert_eq!(bounds(100.0, 1, 1000), (93, 107)); // 100 ± 6.975
        // The minimum (a day past the button before) and the maximum interval hold.
        assert_eq!(bounds(5.0, 6, 1000), (6, 8));
        assert_eq!(bounds(100.0, 1, 100), (93, 100));
        assert_eq!(bounds(3.0, 3, 3), (3, 3));
    }

    #[test]
    fn the_fuzz_is_fixed_for_a_card_and_answer_and_spreads_cards() {
        assert_eq!(factor(7, 3), factor(7, 3));
        assert_ne!(factor(7, 3), factor(7, 4));
        // 30 ± 3.475 days.
        let mut days: Vec<u32> = (0..300)
            .map(|card| fuzzed(30.0, factor(card, 5), 1, 36_500))
            .collect();
        days.sort_unstable();
        days.dedup();
        assert_eq!(
            days,
            [27, 28, 29, 30, 31, 32, 33],
            "every day of the range, none beyond"
        );
        assert!((0..1000).all(|card| (0.0..1.0).contains(&factor(card, 0))));
    }
}
