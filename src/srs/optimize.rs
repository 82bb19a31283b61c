//! Fitting FSRS parameters to the reader's own review history (`gloss cards optimize`), with
//! the `fsrs` crate's optimizer, as Anki does.

use fsrs::{ComputeParametersInput, FSRSItem, FSRSReview, compute_parameters};

use super::Grade;

/// Answers given a day or more after the previous one that a full fit needs: below this the
/// `fsrs` optimizer only adjusts the first stabilities, or keeps the defaults.
pub const NEEDED: usize = 64;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum OptimizeError {
    #[error(
        "not enough reviews yet: {have} of the {NEEDED} needed (answers given a day or more \
         after the card's previous one); {more} more to go"
    )]
    NotEnough { have: usize, more: usize },
    #[error("the optimizer failed: {0}")]
    Fsrs(String),
}

/// Each card's answers in order: card, grade, days since its previous answer.
pub type History = [(i64, Grade, u32)];

/// The training items: for each card, every prefix of its answers (as FSRS trains), with the
/// card ids alongside.
fn items(history: &History) -> (Vec<FSRSItem>, Vec<i64>) {
    let mut items = Vec::new();
    let mut ids = Vec::new();
    let mut reviews: Vec<FSRSReview> = Vec::new();
    let mut card = None;
    for &(id, grade, elapsed) in history {
        if card != Some(id) {
            reviews.clear();
            card = Some(id);
        }
        reviews.push(FSRSReview {
            rating: u32::from(grade.number()),
            delta_t: if reviews.is_empty() { 0 } else { elapsed },
        });
        items.push(FSRSItem {
            reviews: reviews.clone(),
        });
        ids.push(id);
    }
    (items, ids)
}

/// How many answers count towards fitting (given a day or more after the previous one).
pub fn usable(history: &History) -> usize {
    items(history)
        .0
        .iter()
        .filter(|i| i.reviews.len() > 1 && i.reviews.last().is_some_and(|r| r.delta_t > 0))
        .count()
}

/// FSRS parameters fitted to `history`, or why not yet.
pub fn optimize(history: &History) -> Result<Vec<f32>, OptimizeError> {
    let have = usable(history);
    if have < NEEDED {
        return Err(OptimizeError::NotEnough {
            have,
            more: NEEDED - have,
        });
    }
    // FSRS trains on items with at least one answer given on a later day (and rejects others).
    let (train_set, card_ids): (Vec<FSRSItem>, Vec<i64>) = {
        let (items, ids) = items(history);
        items
            .into_iter()
            .zip(ids)
            .filter(|(item, _)| item.reviews.iter().any(|r| r.delta_t > 0))
            .unzip()
    };
    compute_parameters(ComputeParametersInput {
        train_set,
        card_ids: Some(card_ids),
        ..ComputeParametersInput::default()
    })
    .map_err(|e| OptimizeError::Fsrs(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn too_few_reviews_say_how_many_more() {
        let history = [
            (1, Grade::Good, 0),
            (1, Grade::Good, 0),
            (1, Grade::Good, 3),
            (2, Grade::Again, 0),
            (2, Grade::Good, 1),
        ];
        assert_eq!(usable(&history), 2);
        assert_eq!(
            optimize(&history),
            Err(OptimizeError::NotEnough {
                have: 2,
                more: NEEDED - 2
            })
        );
    }

    #[test]
    fn a_long_history_gets_fitted_parameters() {
        // 40 cards, each answered over growing intervals, some forgotten.
        let mut history = Vec::new();
        for card in 0..40i64 {
            let mut days = 1;
            history.push((card, Grade::Good, 0));
            for n in 0..6 {
                let grade = if (card + n) % 7 == 0 {
                    Grade::Again
                } else {
                    Grade::Good
                };
                history.push((card, grade, days));
                days = if grade == Grade::Again {
                    1
                } else {
                    days * 2 + 1
                };
            }
        }
        assert!(usable(&history) >= NEEDED);
        let parameters = optimize(&history).unwrap();
        assert_eq!(parameters.len(), fsrs::DEFAULT_PARAMETERS.len());
        assert!(parameters.iter().all(|p| p.is_finite()));
        // The fitted parameters schedule cards.
        let settings = crate::srs::Settings {
            parameters,
            ..crate::srs::Settings::default()
        };
        let days = crate::srs::Days {
            utc_offset: 0,
            start_hour: 4,
        };
        let scheduler = crate::srs::Scheduler::new(settings, days).unwrap();
        let outcome = scheduler
            .grade(0, &crate::srs::Schedule::new(0), Grade::Easy, 0)
            .unwrap();
        assert!(outcome.schedule.scheduled_days >= 1);
    }
}
