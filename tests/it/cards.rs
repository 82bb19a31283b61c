//! Cards: the Anki export against Anki's documented text-import rules, the statistics screen on
//! a known history, and the review session's undo.

use gloss::anchor::Anchor;
use gloss::app::{Action, App, DEFAULT_MEASURE, Mode};
use gloss::clock;
use gloss::document::DocumentId;
use gloss::share::cards::{ANKI_COLUMNS, anki};
use gloss::srs::card::{CardKind, CardText};
use gloss::srs::{Grade, Outcome, Phase, Schedule, Scheduler, Settings};
use gloss::store::{Answer, Store};
use gloss::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn store_with_cards() -> (Store, DocumentId) {
    let mut store = Store::open_in_memory().unwrap();
    gloss::library::register_bundled(&mut store, 0).unwrap();
    let doc = store
        .library()
        .unwrap()
        .into_iter()
        .find(|e| e.title.starts_with("The Dissolution"))
        .unwrap()
        .id;
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
