//! Fitting FSRS parameters to the reader's own review history (`gloss cards optimize`), with
//! the `fsrs` crate's optimizer, as Anki does: the fitted parameters and the current ones are
//! both measured on the history (log loss, the error of the chances of recall they predict),
//! and the better is kept. And the memory of each card, computed again from its answers when
//! the parameters change.

use fsrs::{
    CombinedProgressState, ComputeParametersInput, FSRS, FSRSItem, FSRSReview, MemoryState,
    compute_parameters,
};

use std::sync::mpsc::RecvTimeoutError;

use super::card::CardId;
use super::{Grade, Memory};

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

/// What optimizing found.
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    pub fitted: Vec<f32>,
    /// The log loss of the fitted parameters and of the current ones, on the history.
    pub fitted_loss: f32,
    pub current_loss: f32,
}

impl Fit {
    /// Whether the fitted parameters predict the history better than the current ones (as
    /// Anki, which keeps the current ones otherwise).
    pub fn better(&self) -> bool {
        self.fitted_loss < self.current_loss
    }
}

/// Fits parameters to `history` and measures them against `current` (empty: the defaults),
/// telling `progress` how far the fitting is (done, of how much) as it goes: a long history
/// takes seconds.
pub fn fit(
    history: &History,
    current: &[f32],
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Fit, OptimizeError> {
    let fitted = optimize_showing(history, progress)?;
    let (items, ids) = trained_on(history);
    let loss = |parameters: &[f32]| -> Result<f32, OptimizeError> {
        let fsrs = FSRS::new(parameters).map_err(|e| OptimizeError::Fsrs(e.to_string()))?;
        fsrs.evaluate_with_card_ids(items.clone(), ids.clone(), |_| true)
            .map(|e| e.log_loss)
            .map_err(|e| OptimizeError::Fsrs(e.to_string()))
    };
    let current = match current.is_empty() {
        true => fsrs::DEFAULT_PARAMETERS.as_slice(),
        false => current,
    };
    Ok(Fit {
        fitted_loss: loss(&fitted)?,
        current_loss: loss(current)?,
        fitted,
    })
}

/// Each answered card's memory by `parameters` (empty: the defaults), computed from all its
/// answers, as Anki does after the parameters change.
pub fn memories(
    history: &History,
    parameters: &[f32],
) -> Result<Vec<(CardId, Memory)>, OptimizeError> {
    let fsrs = FSRS::new(parameters).map_err(|e| OptimizeError::Fsrs(e.to_string()))?;
    let (items, ids) = items(history);
    let mut out = Vec::new();
    // The last item of each card holds all its answers.
    for (i, (item, id)) in items.iter().zip(&ids).enumerate() {
        if ids.get(i + 1) == Some(id) {
            continue;
        }
        let MemoryState {
            stability,
            difficulty,
        } = fsrs
            .memory_state(item.clone(), None)
            .map_err(|e| OptimizeError::Fsrs(e.to_string()))?;
        out.push((
            CardId(*id),
            Memory {
                stability,
                difficulty,
            },
        ));
    }
    Ok(out)
}

/// The items FSRS trains and is measured on: those with an answer given on a later day.
fn trained_on(history: &History) -> (Vec<FSRSItem>, Vec<i64>) {
    let (items, ids) = items(history);
    items
        .into_iter()
        .zip(ids)
        .filter(|(item, _)| item.reviews.iter().any(|r| r.delta_t > 0))
        .unzip()
}

/// FSRS parameters fitted to `history`, or why not yet.
pub fn optimize(history: &History) -> Result<Vec<f32>, OptimizeError> {
    optimize_showing(history, &mut |_, _| {})
}

/// [`optimize`], telling `progress` how far it is while the optimizer works on another
/// thread.
fn optimize_showing(
    history: &History,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Vec<f32>, OptimizeError> {
    let have = usable(history);
    if have < NEEDED {
        return Err(OptimizeError::NotEnough {
            have,
            more: NEEDED - have,
        });
    }
    // FSRS trains on items with at least one answer given on a later day (and rejects others).
    let (train_set, card_ids) = trained_on(history);
    let state = CombinedProgressState::new_shared();
    let input = ComputeParametersInput {
        train_set,
        card_ids: Some(card_ids),
        progress: Some(state.clone()),
        ..ComputeParametersInput::default()
    };
    let told = |progress: &mut dyn FnMut(usize, usize), done: bool| {
        if let Ok(state) = state.lock() {
            let total = state.total();
            progress(if done { total } else { state.current() }, total);
        }
    };
    std::thread::scope(|scope| {
        let (send, fitted) = std::sync::mpsc::channel();
        scope.spawn(move || send.send(compute_parameters(input)));
        // The answer is waited for, the bar moved every PROGRESS_EVERY meanwhile.
        loop {
            match fitted.recv_timeout(PROGRESS_EVERY) {
                Ok(fitted) => {
                    told(progress, true);
                    return fitted;
                }
                Err(RecvTimeoutError::Timeout) => told(progress, false),
                Err(RecvTimeoutError::Disconnected) => panic!("the optimizer does not panic"),
            }
        }
    })
    .map_err(|e| OptimizeError::Fsrs(e.to_string()))
}

/// How often a fit's progress is told.
const PROGRESS_EVERY: std::time::Duration = std::time::Duration::from_millis(100);

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
        let history = history(40, 7);
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

    /// A history of `cards` cards answered over growing intervals, every `lapse`-th forgotten.
    fn history(cards: i64, lapse: i64) -> Vec<(i64, Grade, u32)> {
        let mut history = Vec::new();
        for card in 0..cards {
            let mut days = 1;
            history.push((card, Grade::Good, 0));
            for n in 0..6 {
                let grade = if (card + n) % lapse == 0 {
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
        history
    }

    #[test]
    fn the_better_parameters_are_kept_and_memories_follow_them() {
        // Enough answers: the fitted parameters predict them better than the defaults.
        let long = history(60, 2);
        let fitted = fit(&long, &[], &mut |_, _| {}).unwrap();
        assert!(fitted.better(), "{fitted:?}");
        // Too few for a full fit (FSRS gives back the defaults): the parameters fitted before
        // on answers like these predict them better, and are kept.
        let short = history(16, 2);
        let again = fit(&short, &fitted.fitted, &mut |_, _| {}).unwrap();
        assert!(!again.better(), "{again:?}");
        assert!(again.current_loss < again.fitted_loss, "{again:?}");
        // With the defaults in use, on answers they predict as well as FSRS's fit (which gives
        // the defaults back on so few), the defaults are kept.
        let defaults = fit(&history(16, 3), &[], &mut |_, _| {}).unwrap();
        assert!(!defaults.better(), "{defaults:?}");
        // Each card's memory, from all its answers.
        let memories = memories(&short, &fitted.fitted).unwrap();
        assert_eq!(memories.len(), 16);
        assert!(
            memories
                .iter()
                .all(|(_, m)| m.stability > 0.0 && (1.0..=10.0).contains(&m.difficulty))
        );
    }

    #[test]
    fn a_fit_says_how_far_it_is_and_ends_done() {
        let history = history(40, 7);
        let mut told: Vec<(usize, usize)> = Vec::new();
        let fit = fit(&history, &[], &mut |done, total| told.push((done, total))).unwrap();
        assert!(fit.fitted_loss.is_finite());
        let &(done, total) = told.last().expect("the end is told");
        assert!(total > 0 && done == total, "{told:?}");
        assert!(told.windows(2).all(|w| w[0].0 <= w[1].0), "{told:?}");
    }
}
