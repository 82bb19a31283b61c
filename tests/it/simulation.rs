//! A year of reviews of a thousand cards with random answers: nothing lost, nothing scheduled
//! in the past, every answer logged. (The time it takes is measured by `cargo bench --bench
//! srs`.)

use crate::support::simulate;

use gloss::srs::Phase;

#[test]
fn a_year_of_reviews_loses_nothing() {
    let run = simulate::simulate(1_000, 365);
    let cards = run.store.cards(None, None).unwrap();
    assert_eq!(cards.len(), 1_000, "no card lost");
    assert_eq!(
        run.store.review_count().unwrap(),
        run.answers,
        "every answer logged"
    );
    let reviewed: u64 = cards.iter().map(|c| u64::from(c.schedule.reps)).sum();
    assert_eq!(reviewed, run.answers, "each card's count matches its log");
    for card in &cards {
        let s = &card.schedule;
        assert_ne!(
            s.phase,
            Phase::New,
            "every card was introduced within the year"
        );
        let last = s.last_review.unwrap();
        assert!(
            s.due > last,
            "card {:?} due before its last review",
            card.id
        );
        if s.phase == Phase::Review {
            assert!(s.scheduled_days >= 1);
        }
    }
    // Each card was at least learnt: two answers from new to its first interval in days.
    assert!(run.answers >= 2_000, "{} answers", run.answers);
    let history = run.store.review_history().unwrap();
    assert_eq!(history.len() as u64, run.answers);
}
