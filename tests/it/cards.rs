//! Cards: the Anki export against Anki's documented text-import rules, the statistics screen on
//! a known history, and the review session's undo.

use gloss::anchor::Anchor;
use gloss::app::{Action, App, DEFAULT_MEASURE, Mode};
use gloss::clock;
use gloss::document::DocumentId;
use gloss::export::{Export, Request, Subject};
use gloss::share::cards::{ANKI_COLUMNS, anki};
use gloss::srs::card::{CardKind, CardText};
use gloss::srs::{Grade, Outcome, Phase, Schedule, Scheduler, Settings};
use gloss::store::{Answer, Store};
use gloss::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The Anki package `gloss cards export --format apkg` writes.
fn apkg(store: &mut Store, now: i64) -> Vec<u8> {
    let format = Export::named(Subject::Cards, "apkg").unwrap();
    format.write(store, &Request::library(now)).unwrap()
}

fn store_with_cards() -> (Store, DocumentId) {
    let mut store = Store::open_in_memory().unwrap();
    gloss::library::register_bundled(&mut store, 0).unwrap();
    let doc = crate::support::text_titled(&store, "The Dissolution");
    let passage = "Stalin’s decision to dissolve the Comintern in 1943 was the final nail.";
    let anchor = Anchor::new(passage, 0..passage.len(), 0);
    let basic = CardText {
        kind: CardKind::Basic,
        front: "Why was 1943 <the end>?\nTwo lines & a\ttab".into(),
        back: "The \"Comintern\" was dissolved".into(),
        tags: vec!["comintern".into(), "#stalin".into()],
    };
    let cloze = CardText {
        kind: CardKind::Cloze,
        front: "Stalin dissolved the {{c1::Comintern}} in {{c2::1943::year}}.".into(),
        back: "A diplomatic move".into(),
        tags: Vec::new(),
    };
    store.add_cards(doc, &anchor, &basic, passage, 10).unwrap();
    store.add_cards(doc, &anchor, &cloze, passage, 20).unwrap();
    (store, doc)
}

/// Anki's text import rules (manual, "Importing > Text Files"): file headers are lines
/// `#key:value` at the top; `separator` is Comma, Semicolon, Tab, Space, Pipe, Colon or the
/// character; `html` is true or false; `guid`, `notetype`, `deck` and `tags column` give the
/// 1-based column of those values; after the headers, every line is one note, its fields split
/// by the separator, a field in double quotes may hold the separator, line breaks and doubled
/// quotes.
#[test]
fn the_anki_export_follows_the_text_import_format() {
    let (store, _) = store_with_cards();
    let cards = store.cards(None, None).unwrap();
    assert_eq!(cards.len(), 3, "a basic card and two cloze cards");
    let file = anki(&cards, |_| "The Dissolution::of the Comintern".to_string());

    let known = [
        "separator",
        "html",
        "tags",
        "columns",
        "notetype",
        "deck",
        "notetype column",
        "deck column",
        "tags column",
        "guid column",
        "if matches",
    ];
    let mut headers = std::collections::HashMap::new();
    let mut body = Vec::new();
    let mut in_headers = true;
    for line in file.lines() {
        if in_headers && line.starts_with('#') {
            let (key, value) = line[1..].split_once(':').expect("a header is #key:value");
            assert!(known.contains(&key), "unknown header {key:?}");
            headers.insert(key.to_string(), value.to_string());
        } else {
            in_headers = false;
            body.push(line);
        }
    }
    assert_eq!(headers["separator"].to_lowercase(), "tab");
    assert_eq!(headers["html"], "true");
    let column = |key: &str| -> usize { headers[key].parse().expect("a column number") };
    let (guid, notetype, deck, tags) = (
        column("guid column"),
        column("notetype column"),
        column("deck column"),
        column("tags column"),
    );
    let mut columns = vec![guid, notetype, deck, tags];
    columns.sort_unstable();
    columns.dedup();
    assert_eq!(columns.len(), 4, "distinct columns");
    assert!(columns.iter().all(|&c| (1..=ANKI_COLUMNS).contains(&c)));

    let notes = body.join("\n");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .has_headers(false)
        .from_reader(notes.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 2, "one note per row: the cloze cards share one");
    for row in &rows {
        assert_eq!(row.len(), ANKI_COLUMNS);
        for field in row.iter() {
            assert!(!field.contains('\t') && !field.contains('\n'), "{field:?}");
        }
        assert!(row[deck - 1].starts_with("Gloss::"));
        assert!(
            !row[deck - 1]["Gloss::".len()..].contains("::"),
            "one deck level"
        );
        assert_eq!(row[guid - 1].len(), 36);
    }
    let basic = rows.iter().find(|r| &r[notetype - 1] == "Basic").unwrap();
    let cloze = rows.iter().find(|r| &r[notetype - 1] == "Cloze").unwrap();
    // HTML fields: escaped, line breaks as <br>.
    let fields: Vec<&str> = (1..=ANKI_COLUMNS)
        .filter(|c| !columns.contains(c))
        .map(|c| &basic[c - 1])
        .collect();
    assert_eq!(
        fields[0],
        "Why was 1943 &lt;the end&gt;?<br>Two lines &amp; a tab"
    );
    assert!(fields[1].starts_with("The \"Comintern\" was dissolved<br><br><i>Stalin’s decision"));
    assert_eq!(&basic[tags - 1], "comintern stalin gloss");
    let text = (1..=ANKI_COLUMNS)
        .find(|c| !columns.contains(c))
        .map(|c| &cloze[c - 1])
        .unwrap();
    assert_eq!(
        text,
        "Stalin dissolved the {{c1::Comintern}} in {{c2::1943::year}}."
    );
}

#[test]
fn a_blank_added_later_keeps_one_row_per_note() {
    let (mut store, _) = store_with_cards();
    let cloze = store
        .cards(None, None)
        .unwrap()
        .into_iter()
        .find(|c| c.kind == CardKind::Cloze)
        .unwrap();
    let text = CardText {
        kind: CardKind::Cloze,
        front: "{{c3::Stalin}} dissolved the {{c1::Comintern}} in {{c2::1943::year}}.".into(),
        back: "A diplomatic move".into(),
        tags: Vec::new(),
    };
    store.edit_note(&cloze.note_uuid, &text, 30).unwrap();
    let cards = store.cards(None, None).unwrap();
    assert_eq!(cards.len(), 4);
    let file = anki(&cards, |_| "The Dissolution".to_string());
    let rows: Vec<&str> = file.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(rows.len(), 2, "{file}");
    assert_eq!(
        file.matches(&cloze.note_uuid).count(),
        1,
        "one GUID, one note"
    );
}

#[test]
fn the_statistics_screen_shows_a_known_history() {
    let (mut store, _) = store_with_cards();
    let now = clock::now();
    let days = gloss::clock::days();
    let cards = store.cards(None, None).unwrap();
    // Card 1: answered Easy yesterday and today, now a young card in review (unfuzzed: fuzz
    // could take its interval past 21 days, to mature).
    let settings = Settings {
        fuzz: false,
        ..Settings::default()
    };
    let scheduler = Scheduler::new(settings, days).unwrap();
    let mut s = cards[0].schedule;
    for at in [now - 86_400, now - 60] {
        let o = scheduler.grade(cards[0].id.0, &s, Grade::Easy, at).unwrap();
        let timed = Answer {
            seconds: Some(45),
            ..Answer::default()
        };
        store.answer(cards[0].id, &s, &o, timed, at).unwrap();
        s = o.schedule;
    }
    // Card 2: a mature review card forgotten today.
    let mature = Schedule {
        phase: Phase::Review,
        scheduled_days: 40,
        due: now - 3_600,
        last_review: Some(now - 40 * 86_400),
        ..Schedule::new(0)
    };
    let forgotten = Outcome {
        grade: Grade::Again,
        schedule: Schedule {
            phase: Phase::Relearning,
            due: now + 600,
            ..mature
        },
        wait: 600,
        elapsed_days: 40,
    };
    store
        .answer(
            cards[1].id,
            &mature,
            &forgotten,
            Answer::default(),
            now - 30,
        )
        .unwrap();
    store.set_card_suspended(cards[2].id, true, now).unwrap();

    let mut app = App::new(store, DEFAULT_MEASURE);
    app.update(Action::Resize(100, 40));
    app.update(Action::Stats);
    assert_eq!(app.mode(), Mode::Stats);
    let mut terminal = Terminal::new(TestBackend::new(100, 40)).unwrap();
    terminal.draw(|f| view::draw(f, &app)).unwrap();
    let buf = terminal.backend().buffer().clone();
    let text: String = (0..40)
        .map(|y| (0..100).map(|x| buf[(x, y)].symbol()).collect::<String>() + "\n")
        .collect();
    assert!(
        text.contains("0 new · 1 learning · 1 young · 0 mature · 1 suspended"),
        "{text}"
    );
    assert!(text.contains("0.0% of 1 reviews of mature cards"), "{text}");
    assert!(text.contains("Reviews 3 in the last 30 days"), "{text}");
    assert!(text.contains("Reviews per day"));
    assert!(
        text.contains("Time    45 s today · 2 min in the last 30 days"),
        "{text}"
    );
    assert!(text.contains("Minutes of review per day"));
    assert!(text.contains("Due per day"));
    app.update(Action::Close);
    assert_eq!(app.mode(), Mode::Library);
}

#[test]
fn undoing_an_answer_in_a_review_restores_the_card_exactly() {
    let (store, _) = store_with_cards();
    let mut app = App::with_clock(store, DEFAULT_MEASURE, crate::support::midday);
    app.update(Action::Resize(100, 30));
    app.update(Action::Review);
    assert_eq!(app.mode(), Mode::Review);
    let review = app.review.as_ref().unwrap();
    let before = review.card.clone().unwrap();
    assert_eq!(review.counts.new, 3);
    app.update(Action::Answer(3));
    assert!(
        app.message.is_some(),
        "answering needs the answer shown first"
    );
    app.update(Action::Reveal);
    app.update(Action::Answer(3));
    // The three cards share a passage: the other two wait until tomorrow.
    let review = app.review.as_ref().unwrap();
    assert_eq!(review.counts.learning, 1);
    assert_eq!(review.counts.new, 0, "its siblings are buried");
    app.update(Action::Undo);
    let review = app.review.as_ref().unwrap();
    let back = review.card.clone().unwrap();
    assert_eq!(back.id, before.id);
    assert_eq!(back.schedule, before.schedule);
    assert_eq!(review.counts.new, 3);
    assert!(!review.revealed);
}

#[test]
fn a_session_ends_at_its_limit_and_goes_on_when_asked() {
    let (mut store, _) = store_with_cards();
    store.set_setting("session-cards", "1").unwrap();
    store.set_setting("bury-siblings", "off").unwrap();
    let mut app = App::with_clock(store, DEFAULT_MEASURE, crate::support::midday);
    app.update(Action::Resize(100, 30));
    app.update(Action::Review);
    app.update(Action::Reveal);
    app.update(Action::Answer(3));
    let review = app.review.as_ref().unwrap();
    assert!(review.limit_reached);
    assert!(review.card.is_none(), "no card past the limit");
    assert_eq!(review.counts.new, 2, "cards are left");
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    terminal.draw(|f| view::draw(f, &app)).unwrap();
    let text: String = terminal
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(text.contains("The session's limit is reached."), "{text}");
    assert!(text.contains("Sessions end after 1 answers"), "{text}");
    app.update(Action::Review);
    let review = app.review.as_ref().unwrap();
    assert!(!review.limit_reached);
    assert!(review.card.is_some(), "R goes on for another session");
}

/// The columns of every table and the indexes of a SQLite database, to compare schemas.
fn schema_of(conn: &rusqlite::Connection) -> Vec<String> {
    let mut names: Vec<(String, String)> = conn
        .prepare(
            "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    names.sort();
    let mut out = Vec::new();
    for (kind, name) in names {
        let pragma = if kind == "table" {
            "table_info"
        } else {
            "index_info"
        };
        let columns: Vec<String> = conn
            .prepare(&format!("PRAGMA {pragma}('{name}')"))
            .unwrap()
            .query_map([], |r| {
                let column: String = r.get(if kind == "table" { 1 } else { 2 })?;
                Ok(match kind.as_str() {
                    "table" => format!(
                        "{column} {} notnull={} pk={}",
                        r.get::<_, String>(2)?.to_lowercase(),
                        r.get::<_, i64>(3)?,
                        r.get::<_, i64>(5)?
                    ),
                    _ => column,
                })
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        out.push(format!("{kind} {name}: {}", columns.join(", ")));
    }
    out
}

#[test]
fn the_anki_package_is_a_collection_of_ankis_schema_with_schedules_and_history() {
    let (mut store, _) = store_with_cards();
    let cards = store.cards(None, None).unwrap();
    // The basic card answered twice (in review after Easy), the cloze's first suspended.
    let scheduler = Scheduler::new(Settings::default(), gloss::clock::days()).unwrap();
    let now = clock::now();
    let mut s = cards[0].schedule;
    for at in [now - 86_400, now - 60] {
        let o = scheduler.grade(cards[0].id.0, &s, Grade::Easy, at).unwrap();
        let timed = Answer {
            seconds: Some(7),
            ..Answer::default()
        };
        store.answer(cards[0].id, &s, &o, timed, at).unwrap();
        s = o.schedule;
    }
    store.set_card_suspended(cards[1].id, true, now).unwrap();
    let package = apkg(&mut store, now);

    // A zip with the collection and the media map.
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(package)).unwrap();
    let mut names: Vec<String> = zip.file_names().map(|n| n.unwrap().into_owned()).collect();
    names.sort();
    assert_eq!(names, ["collection.anki2", "media"]);
    let mut collection = Vec::new();
    std::io::Read::read_to_end(
        &mut zip.by_name("collection.anki2").unwrap(),
        &mut collection,
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("collection.anki2");
    std::fs::write(&path, collection).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();

    // The schema genanki writes, table for table, column for column, index for index.
    let genanki = rusqlite::Connection::open_in_memory().unwrap();
    genanki
        .execute_batch(include_str!("../fixtures/genanki_apkg_schema.sql"))
        .unwrap();
    assert_eq!(schema_of(&conn), schema_of(&genanki));

    // Two notes (a basic, a cloze of two blanks), three cards, two answers.
    let count = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
    assert_eq!(count("SELECT COUNT(*) FROM notes"), 2);
    assert_eq!(count("SELECT COUNT(*) FROM cards"), 3);
    assert_eq!(count("SELECT COUNT(*) FROM revlog"), 2);
    assert_eq!(count("SELECT COUNT(*) FROM revlog WHERE time = 7000"), 2);
    // Every note has its two fields, what a member wrote escaped as HTML.
    let fields: Vec<String> = conn
        .prepare("SELECT flds FROM notes")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(
        fields.iter().all(|f| f.split('\u{1f}').count() == 2),
        "{fields:?}"
    );
    assert!(
        fields
            .iter()
            .any(|f| f.starts_with("Why was 1943 &lt;the end&gt;?<br>")),
        "{fields:?}"
    );
    // The note types: Basic (0) and Cloze (1), their fields.
    let models: serde_json::Value = serde_json::from_str(
        &conn
            .query_row("SELECT models FROM col", [], |r| r.get::<_, String>(0))
            .unwrap(),
    )
    .unwrap();
    let mut kinds: Vec<(i64, String)> = models
        .as_object()
        .unwrap()
        .values()
        .map(|m| {
            (
                m["type"].as_i64().unwrap(),
                m["flds"][1]["name"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    kinds.sort();
    assert_eq!(
        kinds,
        [(0, "Back".to_string()), (1, "Back Extra".to_string())]
    );
    // The answered card: in review (type 2, queue 2) on its day, with its FSRS memory.
    let (kind, queue, ivl, data): (i64, i64, i64, String) = conn
        .query_row(
            "SELECT type, queue, ivl, data FROM cards WHERE reps = 2",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!((kind, queue), (2, 2));
    assert_eq!(ivl, i64::from(s.scheduled_days));
    let memory: serde_json::Value = serde_json::from_str(&data).unwrap();
    let stability = memory["s"].as_f64().unwrap();
    assert!((stability - f64::from(s.memory.unwrap().stability)).abs() < 1e-3);
    assert!((memory["dr"].as_f64().unwrap() - 0.9).abs() < 1e-6);
    // The suspended cloze card is queue -1; the cloze's cards are its two ords.
    assert_eq!(count("SELECT COUNT(*) FROM cards WHERE queue = -1"), 1);
    assert_eq!(
        count(
            "SELECT COUNT(DISTINCT ord) FROM cards c JOIN notes n ON n.id = c.nid AND n.flds LIKE '%{{c1::%'"
        ),
        2
    );
    // One deck per text, beside the default deck.
    let decks: serde_json::Value = serde_json::from_str(
        &conn
            .query_row("SELECT decks FROM col", [], |r| r.get::<_, String>(0))
            .unwrap(),
    )
    .unwrap();
    let names: Vec<&str> = decks
        .as_object()
        .unwrap()
        .values()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"Gloss::The Dissolution of the Communist International"),
        "{names:?}"
    );
}

#[test]
fn a_cloze_made_of_its_passage_does_not_repeat_it_in_the_export() {
    let (mut store, doc) = store_with_cards();
    let passage = "Stalin’s decision to dissolve the Comintern in 1943 was the final nail.";
    let anchor = Anchor::new(passage, 0..passage.len(), 0);
    let cloze = CardText {
        kind: CardKind::Cloze,
        front: "Stalin’s decision to dissolve the {{c1::Comintern}} in 1943 was the final nail."
            .into(),
        back: String::new(),
        tags: Vec::new(),
    };
    store.add_cards(doc, &anchor, &cloze, passage, 30).unwrap();
    let cards = store.cards(None, None).unwrap();
    let file = anki(&cards, |_| "The Dissolution".to_string());
    let row = file
        .lines()
        .find(|l| l.contains("{{c1::Comintern}} in 1943"))
        .unwrap();
    assert!(
        !row.contains("<i>"),
        "the passage is the text already: {row}"
    );
    assert!(row.contains("— The Dissolution"), "{row}");
}

/// The clock of [`a_card_suspended_as_a_leech_leaves_the_session`], moved by the test.
static LEECH_NOW: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(0);

fn leech_clock() -> i64 {
    LEECH_NOW.load(std::sync::atomic::Ordering::SeqCst)
}

/// A card suspended as a leech leaves the session at once: its relearning step, due minutes
/// later, does not bring it back.
#[test]
fn a_card_suspended_as_a_leech_leaves_the_session() {
    use std::sync::atomic::Ordering::SeqCst;
    let (mut store, _) = store_with_cards();
    store.set_setting("leech-threshold", "1").unwrap();
    store.set_setting("bury-siblings", "off").unwrap();
    LEECH_NOW.store(crate::support::midday(), SeqCst);
    let mut app = App::with_clock(store, DEFAULT_MEASURE, leech_clock);
    app.update(Action::Resize(100, 30));
    let answer = |app: &mut App, grade: u8| -> Option<i64> {
        let card = app.review.as_ref()?.card.clone()?;
        app.update(Action::Reveal);
        app.update(Action::Answer(grade));
        Some(card.id.0)
    };
    // Easy on each new card: all three in review.
    app.update(Action::Review);
    while answer(&mut app, 4).is_some() {}
    app.update(Action::Close);
    LEECH_NOW.fetch_add(400 * 86_400, SeqCst);
    app.update(Action::Review);
    let leech = answer(&mut app, 1).expect("a card is due");
    assert!(
        app.message
            .as_ref()
            .is_some_and(|m| m.text.contains("a leech")),
        "{:?}",
        app.message
    );
    let mut shown = Vec::new();
    for _ in 0..10 {
        LEECH_NOW.fetch_add(15 * 60, SeqCst);
        match answer(&mut app, 3) {
            Some(id) => shown.push(id),
            None => break,
        }
    }
    assert_eq!(shown.len(), 2, "the two others: {shown:?}");
    assert!(!shown.contains(&leech), "the leech came back: {shown:?}");
}

/// The Python that has Anki's own code (`pip install anki`): `GLOSS_ANKI_PYTHON`, else
/// `python3` if it has it. Without it the test says so and is skipped, except in CI, whose
/// `.ci/run` installs it.
fn python_with_anki() -> Option<std::ffi::OsString> {
    let python = std::env::var_os("GLOSS_ANKI_PYTHON").unwrap_or_else(|| "python3".into());
    let has_anki = std::process::Command::new(&python)
        .args(["-c", "import anki"])
        .output()
        .is_ok_and(|o| o.status.success());
    if has_anki {
        return Some(python);
    }
    let missing = format!(
        "Anki's Python package is not installed for {python:?}: `python3 -m pip install anki`, \
         or set GLOSS_ANKI_PYTHON to a Python that has it"
    );
    assert!(std::env::var_os("CI").is_none(), "{missing}");
    eprintln!("skipped: {missing}");
    None
}

/// What `tests/SCRIPT` (run with Anki's Python package) prints: each card as Anki has it.
fn cards_in_anki(
    python: &std::ffi::OsStr,
    script: &str,
    args: &[&std::ffi::OsStr],
) -> Vec<serde_json::Value> {
    let anki = std::process::Command::new(python)
        .arg(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests")
                .join(script),
        )
        .args(args)
        .output()
        .unwrap();
    assert!(
        anki.status.success(),
        "{}",
        String::from_utf8_lossy(&anki.stderr)
    );
    serde_json::from_slice(&anki.stdout).unwrap()
}

/// What Anki says of gloss's card `c` (its note's GUID and its template).
fn in_anki_of<'a>(
    in_anki: &'a [serde_json::Value],
    c: &gloss::srs::card::Card,
) -> &'a serde_json::Value {
    let ord = c.cloze.map_or(0, |n| i64::from(n) - 1);
    in_anki
        .iter()
        .find(|a| a["guid"] == c.note_uuid.as_str() && a["ord"] == ord)
        .unwrap_or_else(|| panic!("{} not in Anki", c.note_uuid))
}

/// Anki's own importer reads a package of cards with a real history, learning steps answered
/// Hard and Good among them, and changes nothing of it: every answer keeps its grade, Anki
/// computes the memory state gloss wrote for every card, and a card in learning steps takes its
/// next step on Good (tests/anki_import.py, run with Anki's Python package).
#[test]
fn ankis_own_importer_keeps_every_grade_memory_and_step() {
    let Some(python) = python_with_anki() else {
        return;
    };
    let (mut store, doc) = store_with_cards();
    let passage = "The Comintern was dissolved in 1943.";
    let anchor = Anchor::new(passage, 0..passage.len(), 0);
    use Grade::{Again, Easy, Good, Hard};
    let histories: [&[Grade]; 8] = [
        &[Again, Hard, Good, Good, Good, Hard, Good],
        &[Hard, Good, Good, Again, Good, Good],
        &[Good, Good, Easy, Good, Hard],
        &[Easy, Good, Hard, Again, Good],
        &[Hard, Hard, Good, Again, Hard, Good, Good],
        &[Good, Good, Good, Again],
        &[Again],
        &[Hard],
    ];
    for n in 0..histories.len() {
        let text = CardText {
            kind: CardKind::Basic,
            front: format!("Question {n}?"),
            back: format!("Answer {n}"),
            tags: Vec::new(),
        };
        store.add_cards(doc, &anchor, &text, passage, 10).unwrap();
    }
    let cards: Vec<_> = store
        .cards(None, None)
        .unwrap()
        .into_iter()
        .filter(|c| c.front.starts_with("Question"))
        .collect();
    let scheduler = Scheduler::new(Settings::default(), clock::days()).unwrap();
    // Every answer in the past, as real answers are (Anki counts days from its own today).
    let start = crate::support::midday() - 400 * 86_400;
    for (k, (card, grades)) in cards.iter().zip(histories).enumerate() {
        let mut s = card.schedule;
        let mut at = start + k as i64 * 3_600;
        for &grade in grades {
            let o = scheduler.grade(card.id.0, &s, grade, at).unwrap();
            let timed = Answer {
                seconds: Some(6),
                ..Answer::default()
            };
            store.answer(card.id, &s, &o, timed, at).unwrap();
            at = o.schedule.due.max(at + 60) + 90;
            s = o.schedule;
        }
    }
    let package = apkg(&mut store, crate::support::midday());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cards.apkg");
    std::fs::write(&path, package).unwrap();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/anki_import.py");
    let out = std::process::Command::new(python)
        .arg(script)
        .arg(&path)
        .output()
        .unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{said}");
    assert!(said.contains("Good makes it learning"), "{said}");
    assert_eq!(said.matches("Anki computes").count(), 8, "{said}");

    // What `gloss cards show` says of each card's memory is what Anki computes from its
    // history.
    let mut shown = Vec::new();
    gloss::cli::cards::show(
        &mut shown,
        &store,
        "front:Question*",
        true,
        crate::support::midday(),
    )
    .unwrap();
    let shown: Vec<serde_json::Value> = serde_json::from_slice(&shown).unwrap();
    assert_eq!(shown.len(), 8);
    for line in said.lines().filter(|l| l.contains("Anki computes for")) {
        let words: Vec<&str> = line.split_whitespace().collect();
        // Anki computes for GUID ORD stability S difficulty D; gloss wrote …
        let (guid, s, d) = (words[3], words[6], words[8].trim_end_matches(';'));
        let card = shown
            .iter()
            .find(|c| c["note"] == guid)
            .unwrap_or_else(|| panic!("{guid} not shown"));
        let close = |ours: &serde_json::Value, anki: &str| {
            let (ours, anki) = (ours.as_f64().unwrap(), anki.parse::<f64>().unwrap());
            (ours - anki).abs() <= 0.001 * anki.max(1.0)
        };
        assert!(close(&card["stability"], s), "{line}\n{card}");
        assert!(close(&card["difficulty"], d), "{line}\n{card}");
        assert!(!card["answers"].as_array().unwrap().is_empty(), "{card}");
    }
}

/// A learner reviews gloss's cards on a phone: gloss's package goes into Anki (its own code),
/// every card is answered there with Anki's scheduler, and Anki's export (its default, the
/// compressed `collection.anki21b`) comes back with `gloss cards import`: each card carries
/// Anki's new answer and due date, nothing is duplicated, and importing it again changes
/// nothing (tests/anki_roundtrip.py).
#[test]
fn reviews_made_in_anki_come_back_with_their_due_dates() {
    let Some(python) = python_with_anki() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gloss.db");
    {
        let mut store = Store::open(&db).unwrap();
        gloss::library::register_bundled(&mut store, 0).unwrap();
        let doc = crate::support::text_titled(&store, "The Dissolution");
        let passage = "Stalin’s decision to dissolve the Comintern in 1943 was the final nail.";
        let anchor = Anchor::new(passage, 0..passage.len(), 0);
        for (kind, front) in [
            (CardKind::Basic, "Why was 1943 the end?"),
            (
                CardKind::Cloze,
                "Stalin dissolved the {{c1::Comintern}} in {{c2::1943}}.",
            ),
        ] {
            let text = CardText {
                kind,
                front: front.into(),
                back: "A diplomatic move".into(),
                tags: Vec::new(),
            };
            store.add_cards(doc, &anchor, &text, passage, 10).unwrap();
        }
        // One card already answered in gloss: its answer goes to Anki and must not come back
        // twice.
        let card = store.cards(None, None).unwrap().remove(0);
        let scheduler = Scheduler::new(Settings::default(), clock::days()).unwrap();
        let at = crate::support::midday() - 30 * 86_400;
        let o = scheduler
            .grade(card.id.0, &card.schedule, Grade::Good, at)
            .unwrap();
        store
            .answer(card.id, &card.schedule, &o, Answer::default(), at)
            .unwrap();
    }
    let sent = dir.path().join("to-anki.apkg");
    let out = crate::support::run_gloss(&db, &["cards", "export", "-o", sent.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let back = dir.path().join("from-anki.apkg");
    let in_anki = cards_in_anki(
        &python,
        "anki_roundtrip.py",
        &[sent.as_os_str(), back.as_os_str()],
    );
    assert_eq!(in_anki.len(), 3);
    let zip = zip::ZipArchive::new(std::fs::File::open(&back).unwrap()).unwrap();
    assert!(
        zip.file_names()
            .any(|n| n.is_ok_and(|n| n == "collection.anki21b")),
        "Anki's default export"
    );

    let before = Store::open(&db).unwrap().logged_answers().unwrap().len();
    let out = crate::support::run_gloss(&db, &["cards", "import", back.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        said.contains("Anki: 3 cards updated (3 answers brought in), 0 unchanged"),
        "{said}"
    );
    let store = Store::open(&db).unwrap();
    let cards = store.cards(None, None).unwrap();
    assert_eq!(cards.len(), 3, "nothing duplicated");
    assert_eq!(store.logged_answers().unwrap().len(), before + 3);
    for c in &cards {
        let anki = in_anki_of(&in_anki, c);
        assert_eq!(serde_json::json!(c.schedule.due), anki["due"], "{anki}");
        assert_eq!(serde_json::json!(c.schedule.reps), anki["reps"], "{anki}");
        let answers = store
            .logged_answers()
            .unwrap()
            .iter()
            .filter(|a| a.card == c.id)
            .count();
        assert_eq!(
            serde_json::json!(answers),
            anki["answers"],
            "every answer once: {anki}"
        );
    }
    let again = crate::support::run_gloss(&db, &["cards", "import", back.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&again.stdout);
    assert!(
        said.contains("Anki: 0 cards updated (0 answers brought in), 3 unchanged"),
        "{said}"
    );
}

/// A learner's notes made in Anki come into gloss with their progress (tests/anki_made_notes.py,
/// Anki's own code): a note whose answer is a passage of a library text is put on it; the
/// others go to their deck's text, written beside the database; each card has Anki's due date
/// and answers; a note type of the learner's own gives its first two fields, a reversed card
/// stays in Anki; importing again changes nothing, and a later export of the same deck adds
/// only its new note, the earlier cards staying on their words.
#[test]
fn notes_made_in_anki_come_in_with_their_progress() {
    let Some(python) = python_with_anki() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gloss.db");
    gloss::library::register_bundled(&mut Store::open(&db).unwrap(), 0).unwrap();
    let passage = "What is understood to be Bolshevik forms of organization are moreso Comintern \
                   forms of organizations.";
    let (first, later) = (dir.path().join("anki.apkg"), dir.path().join("later.apkg"));
    let in_anki = cards_in_anki(
        &python,
        "anki_made_notes.py",
        &[first.as_os_str(), later.as_os_str(), passage.as_ref()],
    );
    let import = |package: &std::path::Path| {
        let out = crate::support::run_gloss(&db, &["cards", "import", package.to_str().unwrap()]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };

    let said = import(&first);
    assert!(
        said.contains(
            "4 notes made in Anki brought in as 5 cards (1 on a passage of your texts, 3 in the \
             text Revolutions::Dates), with 4 answers, 1 note of other note types (their \
             first two fields), 1 card of a note's other templates (a reversed card) left in Anki"
        ),
        "{said}"
    );
    let mut store = Store::open(&db).unwrap();
    let cards = store.cards(None, None).unwrap();
    assert_eq!(cards.len(), 5);
    let bolshevik = crate::support::text_titled(&store, "How the Bolshevik");
    let on_passage: Vec<_> = cards.iter().filter(|c| c.document == bolshevik).collect();
    assert_eq!(on_passage.len(), 1);
    assert_eq!(on_passage[0].anchor.quote, passage);
    assert_eq!(on_passage[0].back, passage);
    assert_eq!(on_passage[0].tags, ["history"]);
    let deck = crate::support::text_titled(&store, "Revolutions::Dates");
    let fronts: Vec<(&str, &str, &str)> = cards
        .iter()
        .filter(|c| c.document == deck)
        .map(|c| (c.front.as_str(), c.back.as_str(), c.anchor.quote.as_str()))
        .collect();
    assert_eq!(
        fronts,
        [
            (
                "The {{c1::Comintern}} was founded in {{c2::1919}}.",
                "In Moscow",
                "The Comintern was founded in 1919."
            ),
            (
                "The {{c1::Comintern}} was founded in {{c2::1919}}.",
                "In Moscow",
                "The Comintern was founded in 1919."
            ),
            ("la mano", "the hand\n[image: hand.png]", "la mano"),
            ("el puño", "the fist", "el puño"),
        ]
    );
    for c in &cards {
        let anki = in_anki_of(&in_anki, c);
        assert_eq!(serde_json::json!(c.schedule.reps), anki["reps"], "{anki}");
        if c.schedule.reps > 0 {
            assert_eq!(serde_json::json!(c.schedule.due), anki["due"], "{anki}");
        }
        let answers = store.logged_answers().unwrap();
        let answers = answers.iter().filter(|a| a.card == c.id).count();
        assert_eq!(serde_json::json!(answers), anki["answers"], "{anki}");
    }

    let said = import(&first);
    assert!(
        said.contains("Anki: 0 cards updated (0 answers brought in), 5 unchanged\n"),
        "{said}"
    );
    let said = import(&later);
    assert!(
        said.contains(
            "1 note made in Anki brought in as 1 card (1 in the text Revolutions::Dates)"
        ),
        "{said}"
    );
    // (The deck's text changed: the library holds it as its new edition.)
    let deck = crate::support::text_titled(&store, "Revolutions::Dates");
    let entry = store.entry(deck).unwrap().unwrap();
    let doc = gloss::library::open_entry(&mut store, &entry, 0)
        .unwrap()
        .doc;
    let chars: Vec<char> = doc.content.chars().collect();
    let cards = store.cards(None, None).unwrap();
    assert_eq!(cards.len(), 6);
    let on_deck: Vec<_> = cards.iter().filter(|c| c.document == deck).collect();
    assert_eq!(
        on_deck.len(),
        5,
        "the earlier cards followed the deck's text"
    );
    for c in on_deck {
        let here: String = chars[c.anchor.start..c.anchor.end].iter().collect();
        assert!(!c.orphaned, "{c:?}");
        assert_eq!(here, c.anchor.quote);
    }
    assert!(
        cards
            .iter()
            .any(|c| c.anchor.quote == "The Comintern was also called the Third International.")
    );
}

/// Anki's search language, checked against Anki's own search (tests/anki_queries.py): a
/// collection made and reviewed in Anki comes in with `gloss cards import`, and each query
/// finds in gloss the cards Anki finds, or (for what gloss does not support: `re:`) an error
/// that names it.
#[test]
fn ankis_queries_find_the_cards_anki_finds() {
    let Some(python) = python_with_anki() else {
        return;
    };
    const SAME: [&str; 33] = [
        "red",
        "\"red army\"",
        "w*s",
        "tag:history",
        "tag:economy",
        "tag:none",
        "deck:Russia",
        "deck:Russia::1921",
        "deck:Lang*",
        "is:new",
        "is:review",
        "is:learn",
        "is:due",
        "is:suspended",
        "rated:1",
        "rated:7:4",
        "added:3",
        "prop:ivl>=3",
        "prop:due>0",
        "prop:reps>1",
        "prop:lapses>=1",
        "front:la*",
        "text:*kronstadt*",
        "(tag:history or tag:spanish) -is:new",
        "deck:Russia and (is:review or is:suspended)",
        "prop:s>1",
        "prop:d>0.5",
        "prop:r<0.97",
        "back:lenin",
        "-deck:Russia -tag:spanish",
        "flag:1",
        "flag:0 is:learn",
        "flag:4 or flag:1",
    ];
    const REFUSED: [&str; 1] = ["re:hand"];
    let dir = tempfile::tempdir().unwrap();
    let package = dir.path().join("learner.apkg");
    let mut anki = std::process::Command::new(python)
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/anki_queries.py"
        ))
        .arg(&package)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let queries: Vec<&str> = SAME.iter().chain(&REFUSED).copied().collect();
    std::io::Write::write_all(
        &mut anki.stdin.take().unwrap(),
        queries.join("\n").as_bytes(),
    )
    .unwrap();
    let anki = anki.wait_with_output().unwrap();
    assert!(
        anki.status.success(),
        "{}",
        String::from_utf8_lossy(&anki.stderr)
    );
    let in_anki: serde_json::Value = serde_json::from_slice(&anki.stdout).unwrap();

    let db = dir.path().join("gloss.db");
    let out = crate::support::run_gloss(&db, &["cards", "import", package.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("7 notes made in Anki brought in as 8 cards (3 in the text Russia::1917, 2 in the text Russia::1921, 2 in the text Languages)"), "{said}");
    let in_gloss = |query: &str| -> Result<Vec<(String, i64)>, String> {
        let out = crate::support::run_gloss(&db, &["cards", "list", "--json", query]);
        if !out.status.success() {
            return Err(String::from_utf8_lossy(&out.stderr).into_owned());
        }
        let listed: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
        let mut cards: Vec<(String, i64)> = listed
            .iter()
            .map(|c| {
                let ord = c["cloze"].as_i64().map_or(0, |n| n - 1);
                (c["note"].as_str().unwrap().to_string(), ord)
            })
            .collect();
        cards.sort();
        Ok(cards)
    };
    let mut differ = Vec::new();
    for query in SAME {
        let anki: Vec<(String, i64)> = in_anki[query]
            .as_array()
            .unwrap_or_else(|| panic!("{query}: Anki says {}", in_anki[query]))
            .iter()
            .map(|c| (c[0].as_str().unwrap().to_string(), c[1].as_i64().unwrap()))
            .collect();
        match in_gloss(query) {
            Ok(gloss) if gloss == anki => {}
            found => differ.push(format!("{query}: Anki {anki:?}, gloss {found:?}")),
        }
    }
    assert!(differ.is_empty(), "{}", differ.join("\n"));
    for query in REFUSED {
        let err = in_gloss(query).expect_err(query);
        let key = query.split(':').next().unwrap();
        assert!(
            err.contains(&format!("`{key}:` is Anki's")),
            "{query}: {err}"
        );
    }
}

/// `gloss cards optimize`: parameters fitted to a real history are kept when they predict it
/// better, and each card's memory follows them; fitting again on the same answers keeps what
/// is there and says so; `--reset` goes back to the defaults.
#[test]
fn the_optimizer_keeps_the_better_parameters_and_says_which() {
    let (mut store, doc) = store_with_cards();
    let scheduler = Scheduler::new(Settings::default(), clock::days()).unwrap();
    let start = crate::support::midday() - 400 * 86_400;
    for n in 0..60i64 {
        let passage = format!("Passage {n}.");
        let anchor = Anchor {
            start: n as usize * 100,
            end: n as usize * 100 + passage.len(),
            quote: passage.clone(),
            prefix: String::new(),
            suffix: String::new(),
        };
        let text = CardText {
            kind: CardKind::Basic,
            front: format!("Optimized {n}?"),
            back: "Yes".into(),
            tags: Vec::new(),
        };
        let card = store
            .add_cards(doc, &anchor, &text, &passage, start)
            .unwrap()
            .remove(0);
        let (mut s, mut at) = (card.schedule, start + n * 60);
        for k in 0..7 {
            let grade = if k > 0 && (n + k) % 2 == 0 {
                Grade::Again
            } else {
                Grade::Good
            };
            let o = scheduler.grade(card.id.0, &s, grade, at).unwrap();
            store
                .answer(card.id, &s, &o, Answer::default(), at)
                .unwrap();
            at = o.schedule.due.max(at + 86_400);
            s = o.schedule;
        }
    }
    let memory = |store: &Store| {
        store
            .cards(None, None)
            .unwrap()
            .iter()
            .find(|c| c.front == "Optimized 3?")
            .and_then(|c| c.schedule.memory)
            .unwrap()
    };
    let before = memory(&store);
    let said = |store: &mut Store, reset: bool| {
        let mut out = Vec::new();
        gloss::cli::cards::optimize(&mut out, store, reset).unwrap();
        String::from_utf8(out).unwrap()
    };
    let first = said(&mut store, false);
    assert!(
        first.contains("which they predict better (log loss"),
        "{first}"
    );
    assert!(first.contains("(the defaults)"), "{first}");
    assert_eq!(store.srs_settings().unwrap().parameters.len(), 21);
    assert_ne!(memory(&store), before, "memories follow the new parameters");
    let again = said(&mut store, false);
    assert!(
        again.contains("as well or better") && again.contains(": kept"),
        "{again}"
    );
    let reset = said(&mut store, true);
    assert!(
        reset.contains("back to FSRS's default parameters"),
        "{reset}"
    );
    assert!(store.srs_settings().unwrap().parameters.is_empty());
    let restored = memory(&store);
    assert!(
        (restored.stability - before.stability).abs() < 0.01,
        "{restored:?} {before:?}"
    );
}
