use super::*;
use crate::document::DocumentMeta;
use crate::document::Format;
use crate::srs::{Days, Scheduler};
use crate::store::{Source, TextCounts};

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
        format: Format::TEXT,
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
        .answer(card.id, &card.schedule, &outcome, Answer::default(), 200)
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

    // Blanking out a passage that holds a blank nests it: every card stays, with its history.
    let nested = CardText {
        front: "{{c4::The {{c1::Comintern}} ended}} in 1943 under {{c3::Stalin}}.".into(),
        ..edited
    };
    let before = store.cards(Some(doc), None).unwrap();
    store.edit_note(&cards[0].note_uuid, &nested, 3).unwrap();
    let after = store.cards(Some(doc), None).unwrap();
    let clozes: Vec<Option<u32>> = after.iter().map(|c| c.cloze).collect();
    assert_eq!(clozes, [Some(1), Some(3), Some(4)]);
    assert_eq!(after[0].uuid, before[0].uuid, "c1 is the same card");
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
        store
            .answer(card.id, &schedule, &outcome, Answer::default(), now)
            .unwrap();
        schedule = outcome.schedule;
    }
    let before = store.card(card.id).unwrap().unwrap();
    now += 86_400 * 9;
    let outcome = scheduler
        .grade(0, &before.schedule, Grade::Again, now)
        .unwrap();
    let review = store
        .answer(card.id, &before.schedule, &outcome, Answer::default(), now)
        .unwrap()
        .review;
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
    assert_eq!(store.candidates(10, 10, None).unwrap().len(), 1);
    let scheduler = Scheduler::new(Settings::default(), DAYS).unwrap();
    let outcome = scheduler.grade(0, &a.schedule, Grade::Good, 5).unwrap();
    store
        .answer(a.id, &a.schedule, &outcome, Answer::default(), 5)
        .unwrap();
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
    assert!(store.candidates(10, 10, None).unwrap().is_empty());
    assert_eq!(store.cards(None, None).unwrap().len(), 1);
}

#[test]
fn an_answer_buries_its_siblings_until_the_next_day_and_its_undo_brings_them_back() {
    let (mut store, doc, anchor) = store();
    let cloze = CardText {
        kind: CardKind::Cloze,
        front: "{{c1::Lenin}} wrote to {{c2::Trotsky}} in {{c3::1922}}".into(),
        back: String::new(),
        tags: Vec::new(),
    };
    let clozes = store.add_cards(doc, &anchor, &cloze, "text", 100).unwrap();
    assert_eq!(clozes.len(), 3);
    // A basic card on the same passage is a sibling too; one elsewhere is not.
    let same = store
        .add_cards(doc, &anchor, &basic("Who wrote?"), "text", 100)
        .unwrap();
    let elsewhere = Anchor {
        start: 40,
        end: 50,
        ..anchor.clone()
    };
    let other = store
        .add_cards(doc, &elsewhere, &basic("When?"), "text", 100)
        .unwrap();
    let scheduler = Scheduler::new(Settings::default(), DAYS).unwrap();
    let now = 10 * 86_400 + 12 * 3_600; // noon; the next day starts at 04:00
    let first = &clozes[0];
    let outcome = scheduler
        .grade(0, &first.schedule, Grade::Good, now)
        .unwrap();
    let answer = Answer {
        consequences: scheduler.consequences(&first.schedule, &outcome, now),
        seconds: Some(12),
    };
    let answered = store
        .answer(first.id, &first.schedule, &outcome, answer, now)
        .unwrap();
    let mut buried = answered.buried.clone();
    buried.sort();
    assert_eq!(buried, [clozes[1].id, clozes[2].id, same[0].id]);
    let tomorrow = DAYS.start(DAYS.day(now) + 1);
    let ids = |store: &Store, at: i64| -> Vec<CardId> {
        let mut ids: Vec<CardId> = store
            .candidates(at + 86_400, at, None)
            .unwrap()
            .iter()
            .map(|c| CardId(c.id))
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(ids(&store, now), [first.id, other[0].id]);
    assert_eq!(ids(&store, tomorrow).len(), 5, "back the next day");
    // Undone, the answer buries nothing.
    store.undo_answer(answered.review, now).unwrap();
    assert_eq!(ids(&store, now).len(), 5);
}

#[test]
fn a_leech_is_suspended_and_tagged_and_its_undo_takes_both_back() {
    let (mut store, doc, anchor) = store();
    let card = store
        .add_cards(doc, &anchor, &basic("A question?"), "text", 100)
        .unwrap()
        .remove(0);
    let scheduler = Scheduler::new(Settings::default(), DAYS).unwrap();
    let outcome = scheduler
        .grade(0, &card.schedule, Grade::Again, 200)
        .unwrap();
    let answer = Answer {
        consequences: Consequences {
            leech: true,
            bury_until: None,
        },
        seconds: Some(60),
    };
    let answered = store
        .answer(card.id, &card.schedule, &outcome, answer, 200)
        .unwrap();
    let leech = store.card(card.id).unwrap().unwrap();
    assert!(leech.suspended);
    assert_eq!(leech.tags, ["comintern", "history", "leech"]);
    store.undo_answer(answered.review, 201).unwrap();
    let back = store.card(card.id).unwrap().unwrap();
    assert!(!back.suspended);
    assert_eq!(back.tags, ["comintern", "history"]);
}

/// Answers card `id` as it is in the store at `now`, with what the answer does besides;
/// returns when it is due next and whether it became a leech.
fn answer_at(store: &mut Store, s: &Scheduler, id: CardId, grade: Grade, now: i64) -> (i64, bool) {
    let card = store.card(id).unwrap().unwrap();
    let outcome = s.grade(id.0, &card.schedule, grade, now).unwrap();
    let answer = Answer {
        consequences: s.consequences(&card.schedule, &outcome, now),
        seconds: Some(5),
    };
    store
        .answer(id, &card.schedule, &outcome, answer, now)
        .unwrap();
    (outcome.schedule.due, answer.consequences.leech)
}

#[test]
fn a_card_forgotten_eight_times_is_suspended_and_tagged_leech() {
    let (mut store, doc, anchor) = store();
    let id = store
        .add_cards(doc, &anchor, &basic("A question?"), "text", 100)
        .unwrap()[0]
        .id;
    let scheduler = Scheduler::new(Settings::default(), DAYS).unwrap();
    // Learnt (Easy), then forgotten, again and again, until it is a leech.
    let (mut now, mut lapses, mut leeched_at) = (100, 0, None);
    while leeched_at.is_none() && lapses < 20 {
        (now, _) = answer_at(&mut store, &scheduler, id, Grade::Easy, now);
        let (due, leech) = answer_at(&mut store, &scheduler, id, Grade::Again, now);
        lapses += 1;
        leeched_at = leech.then_some(lapses);
        now = due;
    }
    assert_eq!(leeched_at, Some(8));
    let card = store.card(id).unwrap().unwrap();
    assert!(card.suspended);
    assert!(card.tags.contains(&"leech".to_string()));
    assert_eq!(card.schedule.lapses, 8);
}

/// Issue 36: the library's columns beside each text.
#[test]
fn each_text_counts_its_own_notes_and_its_cards_due_today() {
    let (mut store, doc, anchor) = store();
    let text = "0123 the whole quote and more words here";
    store
        .add_annotation(doc, &anchor, 1, "a note", text, 100)
        .unwrap();
    let deleted = store
        .add_annotation(doc, &anchor, 2, "", text, 100)
        .unwrap();
    store.set_annotation_deleted(deleted.id, true, 110).unwrap();
    let cards = store
        .add_cards(doc, &anchor, &basic("A question?"), "text", 100)
        .unwrap();
    store
        .add_cards(doc, &anchor, &basic("Still new?"), "text", 100)
        .unwrap();
    let tomorrow = DAYS.start(DAYS.day(200) + 1);
    // New cards are not due: they are new.
    let counts = store.text_counts(tomorrow, 200).unwrap();
    assert_eq!(counts[&doc], TextCounts { notes: 1, due: 0 });
    // Answered Again, a card is learning, due again within minutes: due today.
    let scheduler = Scheduler::new(Settings::default(), DAYS).unwrap();
    let card = &cards[0];
    let outcome = scheduler
        .grade(0, &card.schedule, Grade::Again, 200)
        .unwrap();
    store
        .answer(card.id, &card.schedule, &outcome, Answer::default(), 200)
        .unwrap();
    let counts = store.text_counts(tomorrow, 200).unwrap();
    assert_eq!(counts[&doc], TextCounts { notes: 1, due: 1 });
    // Suspended, it is not.
    store.set_card_suspended(card.id, true, 210).unwrap();
    let counts = store.text_counts(tomorrow, 210).unwrap();
    assert_eq!(counts[&doc].due, 0);
}
