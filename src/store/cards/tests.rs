use super::*;
use crate::document::DocumentMeta;
use crate::document::Format;
use crate::srs::{Days, Scheduler};
use crate::store::Source;

const DAYS: Days = Days {
    utc_offset: 0,
    start_hour: 4,
};

fn store() -> (Store, DocumentId, Anchor) {
    let mut store = Store::open_in_memory().unwrap();
    let meta = DocumentMeta {
        hash: "h".into(),
        author: None,
        title: "Essay".into(),
        format: Format::Text,
        chars: 100,
        words: 20,
    };
    let id = store.register(&meta, Source::Bundled("e"), 1).unwrap().id;
    let anchor = Anchor {
        start: 5,
        end: 20,
        quote: "the whole quote".into(),
        prefix: "p".into(),
        suffix: "s".into(),
    };
    (store, id, anchor)
}

fn basic(front: &str) -> CardText {
    CardText {
        kind: CardKind::Basic,
        front: front.into(),
        back: "An answer".into(),
        tags: vec!["#History".into(), "comintern".into()],
    }
}

#[test]
fn cards_round_trip_and_rewording_keeps_the_schedule() {
    let (mut store, doc, anchor) = store();
    let cards = store
        .add_cards(doc, &anchor, &basic("A question?"), "text", 100)
        .unwrap();
    assert_eq!(cards.len(), 1);
    let card = &cards[0];
    assert_eq!(card.tags, ["comintern", "history"]);
    assert_eq!(card.schedule, Schedule::new(100));
    // Answer it, then reword it: the progress stays.
    let scheduler = Scheduler::new(Settings::default(), DAYS).unwrap();
    let outcome = scheduler
        .grade(0, &card.schedule, Grade::Easy, 200)
        .unwrap();
    store
        .answer(card.id, &card.schedule, &outcome, 200)
        .unwrap();
    store
        .edit_note(&card.note_uuid, &basic("A better question?"), 300)
        .unwrap();
    let edited = store.card(card.id).unwrap().unwrap();
    assert_eq!(edited.front, "A better question?");
    assert_eq!(edited.schedule, outcome.schedule);
}

#[test]
fn a_cloze_text_makes_one_card_per_blank_and_follows_edits() {
    let (mut store, doc, anchor) = store();
    let note = CardText {
        kind: CardKind::Cloze,
        front: "The {{c1::Comintern}} ended in {{c2::1943}}.".into(),
        back: String::new(),
        tags: Vec::new(),
    };
    let cards = store.add_cards(doc, &anchor, &note, "text", 1).unwrap();
    let clozes: Vec<Option<u32>> = cards.iter().map(|c| c.cloze).collect();
    assert_eq!(clozes, [Some(1), Some(2)]);
    assert_eq!(cards[0].note_uuid, cards[1].note_uuid);
    assert_ne!(cards[0].uuid, cards[1].uuid);
    let edited = CardText {
        front: "The {{c1::Comintern}} ended in 1943 under {{c3::Stalin}}.".into(),
        ..note
    };
    store.edit_note(&cards[0].note_uuid, &edited, 2).unwrap();
    let now: Vec<Option<u32>> = store
        .cards(Some(doc), None)
        .unwrap()
        .iter()
        .map(|c| c.cloze)
        .collect();
    assert_eq!(now, [Some(1), Some(3)], "c2 deleted, c3 added");
}

#[test]
fn undoing_an_answer_restores_the_card_exactly() {
    let (mut store, doc, anchor) = store();
    let card = store
        .add_cards(doc, &anchor, &basic("Q"), "t", 0)
        .unwrap()
        .remove(0);
    let scheduler = Scheduler::new(Settings::default(), DAYS).unwrap();
    let mut now = 0;
    let mut schedule = card.schedule;
    for grade in [Grade::Good, Grade::Good, Grade::Hard] {
        now = schedule.due.max(now) + 30;
        let outcome = scheduler.grade(0, &schedule, grade, now).unwrap();
        store.answer(card.id, &schedule, &outcome, now).unwrap();
        schedule = outcome.schedule;
    }
    let before = store.card(card.id).unwrap().unwrap();
    now += 86_400 * 9;
    let outcome = scheduler
        .grade(0, &before.schedule, Grade::Again, now)
        .unwrap();
    let review = store
        .answer(card.id, &before.schedule, &outcome, now)
        .unwrap();
    assert_eq!(store.review_count().unwrap(), 4);
    assert_ne!(
        store.card(card.id).unwrap().unwrap().schedule,
        before.schedule
    );
    assert_eq!(store.undo_answer(review, now).unwrap(), Some(card.id));
    let after = store.card(card.id).unwrap().unwrap();
    assert_eq!(
        after.schedule, before.schedule,
        "the very same schedule, bit for bit"
    );
    assert_eq!(store.review_count().unwrap(), 3);
    assert_eq!(store.undo_answer(review, now).unwrap(), None);
}

#[test]
fn queue_inputs_counts_and_settings() {
    let (mut store, doc, anchor) = store();
    let a = store
        .add_cards(doc, &anchor, &basic("A"), "t", 0)
        .unwrap()
        .remove(0);
    let b = store
        .add_cards(doc, &anchor, &basic("B"), "t", 0)
        .unwrap()
        .remove(0);
    store.set_card_suspended(b.id, true, 1).unwrap();
    assert_eq!(store.candidates(10).unwrap().len(), 1);
    let scheduler = Scheduler::new(Settings::default(), DAYS).unwrap();
    let outcome = scheduler.grade(0, &a.schedule, Grade::Good, 5).unwrap();
    store.answer(a.id, &a.schedule, &outcome, 5).unwrap();
    assert_eq!(
        store.today(0).unwrap(),
        Today {
            new_done: 1,
            reviews_done: 0
        }
    );
    store.set_setting("retention", "0.85").unwrap();
    store.set_setting("learning-steps", "1 5 30").unwrap();
    let settings = store.srs_settings().unwrap();
    assert_eq!(settings.desired_retention, 0.85);
    assert_eq!(settings.learning_steps, [1, 5, 30]);
    assert_eq!(store.setting("retention").unwrap().as_deref(), Some("0.85"));
    store.set_card_deleted(a.id, true, 9).unwrap();
    assert!(store.candidates(10).unwrap().is_empty());
    assert_eq!(store.cards(None, None).unwrap().len(), 1);
}
