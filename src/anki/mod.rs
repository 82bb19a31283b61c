//! An Anki package (`.apkg`), both ways: [`read`] and [`merge`] bring back the progress a
//! package made by gloss carries after a learner reviewed in Anki; what follows writes one, so that a learner can take their cards to Anki's apps without
//! losing their progress: a zip holding `collection.anki2`, an Anki collection in SQLite (schema
//! 11, the one genanki writes and every Anki since 2.1 imports, upgrading it), and an empty
//! `media` map. The collection is a database of its own, written on its own connection: nothing
//! of gloss's store is in it but what the cards say.
//!
//! Notes are Basic (Front, Back) or Cloze (Text, Back Extra), with the passage and its text's
//! title on the back as in the text export ([`crate::share::cards`]); one deck per text,
//! `Gloss::Title`. Each card keeps its schedule (Anki's type, queue, due, interval, reps,
//! lapses) and its FSRS memory state (the card's data: `s` stability, `d` difficulty, `dr`
//! desired retention), and the review log comes along (with the time each answer took).

pub mod merge;
pub mod notes;
pub mod read;

use std::collections::HashMap;
use std::io::Write;

use serde_json::json;

use crate::share::cards::with_passage;
use crate::srs::card::{Card, CardKind, LoggedAnswer};
use crate::srs::{Days, Grade, Phase, Settings};

/// Anki's schema 11, as genanki writes it.
pub const SCHEMA: &str = "
CREATE TABLE col (
    id integer primary key, crt integer not null, mod integer not null, scm integer not null,
    ver integer not null, dty integer not null, usn integer not null, ls integer not null,
    conf text not null, models text not null, decks text not null, dconf text not null,
    tags text not null
);
CREATE TABLE notes (
    id integer primary key, guid text not null, mid integer not null, mod integer not null,
    usn integer not null, tags text not null, flds text not null, sfld integer not null,
    csum integer not null, flags integer not null, data text not null
);
CREATE TABLE cards (
    id integer primary key, nid integer not null, did integer not null, ord integer not null,
    mod integer not null, usn integer not null, type integer not null, queue integer not null,
    due integer not null, ivl integer not null, factor integer not null, reps integer not null,
    lapses integer not null, left integer not null, odue integer not null,
    odid integer not null, flags integer not null, data text not null
);
CREATE TABLE revlog (
    id integer primary key, cid integer not null, usn integer not null, ease integer not null,
    ivl integer not null, lastIvl integer not null, factor integer not null,
    time integer not null, type integer not null
);
CREATE TABLE graves (usn integer not null, oid integer not null, type integer not null);
CREATE INDEX ix_notes_usn on notes (usn);
CREATE INDEX ix_cards_usn on cards (usn);
CREATE INDEX ix_revlog_usn on revlog (usn);
CREATE INDEX ix_cards_nid on cards (nid);
CREATE INDEX ix_cards_sched on cards (did, queue, due);
CREATE INDEX ix_revlog_cid on revlog (cid);
CREATE INDEX ix_notes_csum on notes (csum);
";

/// The note types' ids: fixed, so that a second export's notes are the same type in Anki.
const BASIC: i64 = 1_733_000_000_001;
const CLOZE: i64 = 1_733_000_000_002;
/// The first deck's id; each text's deck follows.
const FIRST_DECK: i64 = 1_733_000_000_100;
/// The deck options of the texts' decks, "Gloss": an id of its own, so that Anki imports them
/// as a preset beside its Default instead of keeping its Default in their place.
const PRESET: i64 = 1_733_000_000_200;
/// Anki's starting ease, which FSRS does not use but the schema wants.
const FACTOR: i64 = 2500;

#[derive(Debug, thiserror::Error)]
pub enum ApkgError {
    #[error("could not write the collection: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("could not write the package: {0}")]
    Io(#[from] std::io::Error),
    #[error("could not write the package: {0}")]
    Zip(#[from] zip::result::ZipError),
    #[error("not an Anki package: {0}")]
    NotPackage(String),
}

/// What the package carries: the cards, their texts' titles, the log, the reviewer's day and
/// retention.
pub struct Package<'a> {
    pub cards: &'a [Card],
    pub title: &'a dyn Fn(&Card) -> String,
    pub log: &'a [LoggedAnswer],
    pub days: Days,
    /// The review settings: the deck options Anki schedules the cards with (steps, limits,
    /// retention, FSRS parameters), so that it goes on as gloss would.
    pub settings: &'a Settings,
    pub now: i64,
}

impl Package<'_> {
    /// The package's bytes.
    pub fn write(&self) -> Result<Vec<u8>, ApkgError> {
        // The collection is made in memory and serialized: a database file's bytes.
        let conn = rusqlite::Connection::open_in_memory()?;
        conn.execute_batch(SCHEMA)?;
        self.fill(&conn)?;
        let collection = conn.serialize(rusqlite::MAIN_DB)?;
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        zip.start_file("collection.anki2", options)?;
        zip.write_all(&collection)?;
        zip.start_file("media", options)?;
        zip.write_all(b"{}")?;
        Ok(zip.finish()?.into_inner())
    }

    fn fill(&self, conn: &rusqlite::Connection) -> Result<(), ApkgError> {
        let tx = conn.unchecked_transaction()?;
        // Anki counts review days from the collection's creation: day 0 here.
        let crt = self.days.start(0);
        let mut decks: HashMap<String, i64> = HashMap::new();
        for card in self.cards {
            let next = FIRST_DECK + decks.len() as i64;
            decks.entry(deck_name(&(self.title)(card))).or_insert(next);
        }
        tx.execute(
            "INSERT INTO col VALUES (1, ?1, ?2, ?2, 11, 0, 0, 0, ?3, ?4, ?5, ?6, '{}')",
            rusqlite::params![
                crt,
                self.now * 1000,
                conf().to_string(),
                models(self.now, FIRST_DECK).to_string(),
                decks_json(&decks, self.now).to_string(),
                dconf(self.settings).to_string(),
            ],
        )?;
        // Ids are milliseconds, as Anki's are, made unique.
        let mut taken = std::collections::HashSet::new();
        let mut id_at = |seconds: i64| {
            let mut id = seconds * 1000;
            while !taken.insert(id) {
                id += 1;
            }
            id
        };
        let mut notes: HashMap<&str, i64> = HashMap::new();
        let mut card_ids: HashMap<i64, i64> = HashMap::new();
        for (position, card) in self.cards.iter().enumerate() {
            let title = (self.title)(card);
            let deck = decks[&deck_name(&title)];
            let note = match notes.get(card.note_uuid.as_str()) {
                Some(&note) => note,
                None => {
                    let note = id_at(card.created_at);
                    self.insert_note(&tx, note, card, &title)?;
                    notes.insert(&card.note_uuid, note);
                    note
                }
            };
            let id = id_at(card.created_at);
            card_ids.insert(card.id.0, id);
            self.insert_card(&tx, id, note, deck, position, card)?;
        }
        for answer in self.log {
            let Some(&card) = card_ids.get(&answer.card.0) else {
                continue; // a deleted card's answers
            };
            insert_answer(&tx, id_at(answer.at), card, answer)?;
        }
        tx.commit()?;
        Ok(())
    }

    fn insert_note(
        &self,
        tx: &rusqlite::Transaction<'_>,
        id: i64,
        card: &Card,
        title: &str,
    ) -> rusqlite::Result<()> {
        let (model, first) = match card.kind {
            CardKind::Basic => (
                BASIC,
                crate::share::escape_html(&card.front).replace('\n', "<br>"),
            ),
            CardKind::Cloze => (
                CLOZE,
                crate::share::escape_html(&card.front).replace('\n', "<br>"),
            ),
        };
        // Fields are separated by U+001F: none may hold one.
        let field = |text: String| text.replace('\u{1f}', " ");
        let fields = format!(
            "{}\u{1f}{}",
            field(first),
            field(with_passage(&card.back, card, title))
        );
        let mut tags = card.tags.clone();
        tags.push("gloss".into());
        // Anki finds duplicates by the checksum of the first field's text.
        let plain = card.front.as_str();
        let digest = sha1_smol::Sha1::from(plain).digest().to_string();
        let csum = i64::from_str_radix(&digest[..8], 16).unwrap_or(0);
        tx.execute(
            "INSERT INTO notes VALUES (?1, ?2, ?3, ?4, -1, ?5, ?6, ?7, ?8, 0, '')",
            rusqlite::params![
                id,
                card.note_uuid,
                model,
                card.modified_at,
                format!(" {} ", tags.join(" ")),
                fields,
                plain,
                csum
            ],
        )?;
        Ok(())
    }

    fn insert_card(
        &self,
        tx: &rusqlite::Transaction<'_>,
        id: i64,
        note: i64,
        deck: i64,
        position: usize,
        card: &Card,
    ) -> rusqlite::Result<()> {
        let s = &card.schedule;
        // Anki: type 0 new, 1 learning, 2 review, 3 relearning; queue the same but -1
        // suspended. A new card's due is its position; one in steps, unix seconds; one in
        // review, its day.
        let (kind, due) = match s.phase {
            Phase::New => (0, position as i64),
            Phase::Learning => (1, s.due),
            Phase::Review => (2, self.days.day(s.due)),
            Phase::Relearning => (3, s.due),
        };
        let queue = match (card.suspended, kind) {
            (true, _) => -1,
            (false, 3) => 1,
            (false, kind) => kind,
        };
        let data = s.memory.map_or(String::new(), |m| {
            json!({"s": m.stability, "d": m.difficulty, "dr": self.settings.desired_retention})
                .to_string()
        });
        // Anki's `left` for a card in steps: the steps left today (thousands) and in all (the
        // rest). With 0, Anki's next Good would graduate it instead of taking the next step.
        let left = match s.phase {
            Phase::Learning => steps_left(&self.settings.learning_steps, s.step),
            Phase::Relearning => steps_left(&self.settings.relearning_steps, s.step),
            Phase::New | Phase::Review => 0,
        };
        let factor = if s.phase == Phase::New { 0 } else { FACTOR };
        tx.execute(
            "INSERT INTO cards VALUES (?1, ?2, ?3, ?4, ?5, -1, ?6, ?7, ?8, ?9, ?10, ?11, ?12,
                 ?13, 0, 0, 0, ?14)",
            rusqlite::params![
                id,
                note,
                deck,
                card.cloze.map_or(0, |n| n.saturating_sub(1)),
                card.modified_at,
                kind,
                queue,
                due,
                s.scheduled_days,
                factor,
                s.reps,
                s.lapses,
                left,
                data
            ],
        )?;
        Ok(())
    }
}

/// `left` of a card at step `step` of `steps`: every remaining step can be done today (steps
/// are minutes), so both counts are the steps from this one on.
fn steps_left(steps: &[u32], step: u8) -> i64 {
    let remaining = steps.len().saturating_sub(usize::from(step)).max(1) as i64;
    remaining * 1000 + remaining
}

/// One answer in Anki's review log: its interval in days, or in negative seconds for a step;
/// its kind (0 learning, 1 review, 2 relearning) by the card's phase before it.
fn insert_answer(
    tx: &rusqlite::Transaction<'_>,
    id: i64,
    card: i64,
    answer: &LoggedAnswer,
) -> rusqlite::Result<()> {
    let interval = match answer.interval {
        0 => -answer.wait.max(0),
        days => i64::from(days),
    };
    let kind = match answer.phase_before {
        Phase::New | Phase::Learning => 0,
        Phase::Review => 1,
        Phase::Relearning => 2,
    };
    let ease = match answer.grade {
        Grade::Again => 1,
        Grade::Hard => 2,
        Grade::Good => 3,
        Grade::Easy => 4,
    };
    tx.execute(
        "INSERT INTO revlog VALUES (?1, ?2, -1, ?3, ?4, ?5, ?6, ?7, ?8)",
        rusqlite::params![
            id,
            card,
            ease,
            interval,
            answer.last_interval,
            FACTOR,
            i64::from(answer.seconds.unwrap_or(0)) * 1000,
            kind
        ],
    )?;
    Ok(())
}

fn deck_name(title: &str) -> String {
    format!("Gloss::{}", title.replace("::", ":"))
}

/// The collection's settings, as genanki writes them.
fn conf() -> serde_json::Value {
    json!({
        "activeDecks": [1], "addToCur": true, "collapseTime": 1200, "curDeck": 1,
        "curModel": BASIC.to_string(), "dueCounts": true, "estTimes": true, "newBury": true,
        "newSpread": 0, "nextPos": 1, "sortBackwards": false, "sortType": "noteFld",
        "timeLim": 0,
        // Anki's v2 scheduler, whose review log gloss writes: without it Anki takes the
        // package for v1 and "upgrades" its learning answers, raising Hard and Good a grade.
        "schedVer": 2
    })
}

/// The Basic and Cloze note types.
fn models(now: i64, deck: i64) -> serde_json::Value {
    let field = |name: &str, ord: u32| {
        json!({"name": name, "ord": ord, "sticky": false, "rtl": false, "font": "Arial",
               "size": 20, "media": []})
    };
    let template = |qfmt: &str, afmt: &str| {
        json!([{"name": "Card 1", "ord": 0, "qfmt": qfmt, "afmt": afmt, "bqfmt": "",
                "bafmt": "", "did": null}])
    };
    let model = |id: i64, name: &str, kind: u32, fields: [&str; 2], tmpls: serde_json::Value| {
        json!({
            "id": id.to_string(), "name": name, "type": kind, "mod": now, "usn": -1,
            "sortf": 0, "did": deck, "tmpls": tmpls,
            "flds": [field(fields[0], 0), field(fields[1], 1)],
            "css": ".card { font-family: serif; font-size: 20px; text-align: left; }\n\
                    .cloze { font-weight: bold; color: blue; }",
            "latexPre": "\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n\
                         \\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n\
                         \\setlength{\\parindent}{0in}\n\\begin{document}\n",
            "latexPost": "\\end{document}", "tags": [], "vers": [],
            "req": [[0, "any", [0]]]
        })
    };
    json!({
        BASIC.to_string(): model(BASIC, "Basic (Gloss)", 0, ["Front", "Back"],
            template("{{Front}}", "{{FrontSide}}<hr id=answer>{{Back}}")),
        CLOZE.to_string(): model(CLOZE, "Cloze (Gloss)", 1, ["Text", "Back Extra"],
            template("{{cloze:Text}}", "{{cloze:Text}}<br>{{Back Extra}}")),
    })
}

/// The default deck and one deck per text.
fn decks_json(decks: &HashMap<String, i64>, now: i64) -> serde_json::Value {
    let deck = |id: i64, name: &str| {
        let preset = if id == 1 { 1 } else { PRESET };
        json!({
            "id": id, "name": name, "mod": now, "usn": -1, "collapsed": false, "conf": preset,
            "desc": "", "dyn": 0, "extendNew": 10, "extendRev": 50,
            "lrnToday": [0, 0], "newToday": [0, 0], "revToday": [0, 0], "timeToday": [0, 0]
        })
    };
    let mut all = serde_json::Map::new();
    all.insert("1".into(), deck(1, "Default"));
    for (name, &id) in decks {
        all.insert(id.to_string(), deck(id, name));
    }
    serde_json::Value::Object(all)
}

/// The deck options, as genanki writes them, with the reader's review settings: steps, daily
/// limits, leech threshold, longest interval, and FSRS's parameters and desired retention.
fn dconf(settings: &Settings) -> serde_json::Value {
    let mut presets = serde_json::Map::new();
    for (id, name) in [(1, "Default"), (PRESET, "Gloss")] {
        presets.insert(id.to_string(), preset(id, name, settings));
    }
    serde_json::Value::Object(presets)
}

/// One preset of deck options, with the reader's review settings.
fn preset(id: i64, name: &str, settings: &Settings) -> serde_json::Value {
    let parameters = match settings.parameters.is_empty() {
        true => fsrs::DEFAULT_PARAMETERS.to_vec(),
        false => settings.parameters.clone(),
    };
    json!({
        "id": id, "name": name, "mod": 0, "usn": 0, "maxTaken": 60, "autoplay": true,
        "timer": 0, "replayq": true, "dyn": false,
        "new": {"bury": settings.bury_siblings, "delays": settings.learning_steps,
                "initialFactor": 2500, "ints": [1, 4, 7], "order": 1,
                "perDay": settings.new_per_day, "separate": true},
        "lapse": {"delays": settings.relearning_steps, "leechAction": 0,
                  "leechFails": settings.leech_threshold, "minInt": 1, "mult": 0},
        "rev": {"bury": settings.bury_siblings, "ease4": 1.3, "fuzz": 0.05, "ivlFct": 1,
                "maxIvl": settings.maximum_interval, "minSpace": 1,
                "perDay": settings.reviews_per_day},
        "fsrsParams6": parameters,
        "desiredRetention": settings.desired_retention
    })
}
