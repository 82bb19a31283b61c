//! A year of daily reviews, driven through the real store, scheduler and queue: shared by the
//! simulation test (which checks nothing is lost) and its benchmark (which times it).

use gloss::anchor::Anchor;
use gloss::document::DocumentMeta;
use gloss::document::Format;
use gloss::srs::card::{CardKind, CardText};
use gloss::srs::queue::Queue;
use gloss::srs::{Days, Grade, Scheduler, Settings};
use gloss::store::{Answer, Source, Store};

pub const DAYS: Days = Days {
    utc_offset: 0,
    start_hour: 4,
};

/// What a simulation did.
pub struct Simulated {
    pub store: Store,
    pub answers: u64,
}

/// A small, fast, deterministic random generator (xorshift), so runs repeat exactly.
pub struct Rng(u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A grade, mostly good: 10% again, 15% hard, 60% good, 15% easy.
    pub fn grade(&mut self) -> Grade {
        match self.next() % 100 {
            0..10 => Grade::Again,
            10..25 => Grade::Hard,
            25..85 => Grade::Good,
            _ => Grade::Easy,
        }
    }
}

/// `cards` new cards, reviewed every day for `days` days with random answers.
pub fn simulate(cards: usize, days: i64) -> Simulated {
    let mut store = Store::open_in_memory().unwrap();
    let meta = DocumentMeta {
        hash: "sim".into(),
        author: None,
        title: "Simulation".into(),
        format: Format::TEXT,
        chars: 10,
        words: 2,
    };
    let doc = store.register(&meta, Source::Bundled("sim"), 0).unwrap().id;
    let anchor = Anchor::new("a passage", 0..9, 0);
    let start = DAYS.start(20_000) + 9 * 3600; // a morning
    for n in 0..cards {
        let text = CardText {
            kind: CardKind::Basic,
            front: format!("Question {n}"),
            back: "Answer".into(),
            tags: Vec::new(),
        };
        store
            .add_cards(doc, &anchor, &text, "a passage", start)
            .unwrap();
    }
    let scheduler = Scheduler::new(Settings::default(), DAYS).unwrap();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut answers = 0;
    for day in 0..days {
        let mut now = DAYS.start(DAYS.day(start) + day) + 9 * 3600;
        let today = store.today(DAYS.start(DAYS.day(now))).unwrap();
        let candidates = store
            .candidates(DAYS.start(DAYS.day(now) + 1), now, None)
            .unwrap();
        let mut queue = Queue::build(&candidates, now, DAYS, &scheduler.settings, today);
        loop {
            let id = match queue.next(now) {
                Some(id) => id,
                // Wait for the next learning card, as a reader would.
                None => match queue.next_learning_due() {
                    Some(due) => {
                        now = due.max(now);
                        continue;
                    }
                    None => break,
                },
            };
            let card = store.card(gloss::srs::card::CardId(id)).unwrap().unwrap();
            let outcome = scheduler
                .grade(card.id.0, &card.schedule, rng.grade(), now)
                .unwrap();
            store
                .answer(card.id, &card.schedule, &outcome, Answer::default(), now)
                .unwrap();
            queue.answered(id, outcome.schedule.phase, outcome.schedule.due);
            answers += 1;
            now += 8; // eight seconds an answer
        }
    }
    Simulated { store, answers }
}
