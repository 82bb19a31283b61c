//! End to end, flashcards: the real binary in a terminal of its own with a temporary database, and a clock
//! moved forward with GLOSS_NOW (which debug builds honour).

use crate::support;

use gloss::store::Store;
use support::{Pane, midday, open_essay_with, select_first_sentence};

/// The review header's counts: (new, learning, due).
fn review_counts(screen: &str) -> Option<(u32, u32, u32)> {
    let header = screen.lines().next()?;
    let numbers: Vec<u32> = header
        .split(" new · ")
        .next()?
        .rsplit(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .into_iter()
        .chain(
            header
                .split(" new · ")
                .nth(1)?
                .split(|c: char| !c.is_ascii_digit())
                .filter(|p| !p.is_empty())
                .filter_map(|n| n.parse().ok()),
        )
        .collect();
    match numbers[..] {
        [new, learning, due, ..] => Some((new, learning, due)),
        _ => None,
    }
}

/// A question-and-answer card on the open text's first sentence (its answer starts as the
/// passage).
fn make_question_card(t: &Pane) {
    select_first_sentence(t);
    t.keys(&["c"]);
    t.wait_for("New card · question and answer");
    t.keys(&["-l", "How did the labor movement fare after 1917?"]);
    t.keys(&["C-s"]);
    t.wait_for("card made");
}

#[test]
fn cards_from_a_text_reviewed_now_and_as_the_clock_moves_on() {
    let t = Pane::new(100, 32);
    // At noon: a ten-minute learning step stays in the day's reviews.
    open_essay_with(&t, &format!("GLOSS_NOW={}", midday()));
    make_question_card(&t);
    // A cloze card on the next paragraph: blank out "Comintern" in it.
    t.keys(&["}", "}", "V", "c"]);
    t.wait_for("New card · question and answer");
    t.keys(&["C-k"]);
    t.wait_for("New card · cloze");
    // The text starts "The establishment of the Communist International (Comintern)...".
    t.keys(&["C-Home"]);
    for _ in 0.."The establishment of the Communist International (".len() {
        t.keys(&["Right"]);
    }
    for _ in 0..3 {
        t.keys(&["S-Right"]);
    }
    t.keys(&["C-b"]);
    t.wait_for("{{c1::Comintern}}");
    t.keys(&["C-s"]);
    t.wait_for("card made");

    // Review both now: the question first, then its answer and passage; Good, then Easy.
    t.keys(&["R"]);
    let first = t.wait_until("the review", |s| review_counts(s) == Some((2, 0, 0)));
    assert!(
        first.contains("How did the labor movement fare after 1917?"),
        "{first}"
    );
    t.keys(&["Space"]);
    let answer = t.wait_for("3 Good");
    assert!(answer.contains("From “The Dissolution of the Communist International”"));
    assert!(
        answer.contains("1 Again 1m") && answer.contains("3 Good 10m"),
        "{answer}"
    );
    t.keys(&["3"]);
    let cloze = t.wait_until("the cloze card", |s| s.contains("(["));
    assert!(
        cloze.contains("The establishment of the Communist International ([…])"),
        "{cloze}"
    );
    t.keys(&["Space"]);
    t.wait_for("4 Easy");
    t.keys(&["4"]);
    t.wait_until("one card left, learning", |s| {
        review_counts(s) == Some((0, 1, 0))
    });
    // q ends the review, back in the text it was started from; there, q quits.
    t.keys(&["q"]);
    t.wait_until("back in the text", |s| {
        review_counts(s).is_none() && s.contains("In the tempestuous years")
    });
    t.keys(&["q"]);
    t.assert_terminal_restored();

    // When each card comes due, from the store.
    let store = Store::open(&t.db()).unwrap();
    let cards = store.cards(None, None).unwrap();
    let easy = cards
        .iter()
        .find(|c| c.kind == gloss::srs::card::CardKind::Cloze)
        .unwrap();
    let good = cards
        .iter()
        .find(|c| c.kind == gloss::srs::card::CardKind::Basic)
        .unwrap();
    assert_eq!(good.schedule.phase, gloss::srs::Phase::Learning);
    assert!(
        good.schedule.due - good.schedule.last_review.unwrap() == 600,
        "a ten-minute step"
    );
    assert_eq!(easy.schedule.phase, gloss::srs::Phase::Review);
    assert!(
        easy.schedule.scheduled_days >= 2,
        "{}",
        easy.schedule.scheduled_days
    );

    // Half an hour later: the learning card is due, the easy one is not.
    let later = good.schedule.due + 1_200;
    t.type_line("clear");
    t.gloss_env(&format!("GLOSS_NOW={later}"), &["review"]);
    t.wait_until("the learning card due", |s| {
        review_counts(s) == Some((0, 1, 0))
    });
    // `gloss review` starts from the library: q ends the review there, and q again quits.
    t.keys(&["q"]);
    t.wait_for("Gloss · Library");
    t.keys(&["q"]);
    t.assert_terminal_restored();
    // On the day the easy card is due: both are.
    let due_day = easy.schedule.due + 3_600;
    t.type_line("clear");
    t.gloss_env(&format!("GLOSS_NOW={due_day}"), &["review"]);
    let screen = t.wait_until("both due", |s| review_counts(s) == Some((0, 1, 1)));
    assert!(
        screen.contains("How did the labor movement"),
        "learning cards come first"
    );
    // i shows the card whole: its answer so far, its memory; i again closes it.
    t.keys(&["i"]);
    let info = t.wait_for("When               Grade");
    assert!(
        info.contains("Question   How did the labor movement fare after 1917?")
            && info.contains("Good    10 min")
            && info.contains("Memory     stability"),
        "{info}"
    );
    t.keys(&["i"]);
    t.wait_until("the review again", |s| {
        !s.contains("When               Grade")
    });
    // o visits the card's passage, R comes back.
    t.keys(&["o"]);
    let reader = t.wait_for("R goes back to the review");
    assert!(reader.contains("In the tempestuous years"), "{reader}");
    t.keys(&["R"]);
    t.wait_until("back in the review", |s| {
        review_counts(s) == Some((0, 1, 1))
    });
    // Ending it returns where it was started (the library), not to the passage visited.
    t.keys(&["q"]);
    t.wait_for("Gloss · Library");
    t.keys(&["q"]);
    t.assert_terminal_restored();
}

/// The card browser, from the library: a suspended card found by `is:suspended`, unsuspended.
#[test]
fn the_browser_finds_a_suspended_card_and_unsuspends_it() {
    let t = Pane::new(110, 32);
    open_essay_with(&t, &format!("GLOSS_NOW={}", midday()));
    make_question_card(&t);
    // Suspended from the text's cards.
    t.keys(&["C"]);
    t.wait_for("Cards from this text · 1");
    t.keys(&["s"]);
    t.wait_for("suspended");
    t.keys(&["Escape", "L"]);
    t.wait_for("Gloss · Library");
    // The browser: every card of the library, narrowed as the query is typed.
    t.keys(&["C"]);
    t.wait_for("Cards · 1 found");
    t.keys(&["/"]);
    t.wait_for("search: ");
    t.keys(&["-l", "is:new"]);
    t.wait_for("Cards · 1 found");
    t.keys(&["-l", " -is:suspended"]);
    t.wait_for("Cards · 0 found");
    for _ in 0.." -is:suspended is:new".len() {
        t.keys(&["BSpace"]);
    }
    t.keys(&["-l", "is:suspended"]);
    let found = t.wait_for("Cards · 1 found");
    assert!(found.contains("How did the labor movement"), "{found}");
    assert!(found.contains("suspended · The Dissolution"), "{found}");
    // i shows the card found whole (no answer yet), Esc comes back to the list.
    t.keys(&["Enter", "i"]);
    let info = t.wait_for("State      new, suspended");
    assert!(
        info.contains("Text       The Dissolution of the Communist International"),
        "{info}"
    );
    t.keys(&["Escape"]);
    t.wait_until("the list again", |s| !s.contains("State      new"));
    t.keys(&["s"]);
    t.wait_for("unsuspended");
    // No longer suspended, it leaves the list its query makes.
    t.wait_for("Cards · 0 found");
    t.keys(&["Escape"]);
    t.wait_until("the browser closed", |s| !s.contains("Cards ·"));
    t.keys(&["q"]);
    t.assert_terminal_restored();
    let store = Store::open(&t.db()).unwrap();
    assert!(!store.cards(None, None).unwrap()[0].suspended);
}

/// A highlight reviewed as a passage card: `P` makes it, the review asks for the passage by its
/// first words, and `o` opens it in its text.
#[test]
fn a_highlight_made_a_passage_card_is_reviewed_and_opened() {
    let t = Pane::new(100, 32);
    open_essay_with(&t, &format!("GLOSS_NOW={}", midday()));
    select_first_sentence(&t);
    t.keys(&["1"]);
    t.wait_for("highlighted");
    t.keys(&["P"]);
    t.wait_for("passage card made");
    t.keys(&["P"]);
    t.wait_for("a passage card already");
    t.keys(&["q"]);
    t.assert_terminal_restored();
    // Only the passage cards, from the command line.
    t.type_line("clear");
    t.gloss_env(
        &format!("GLOSS_NOW={}", midday()),
        &["review", "--passages"],
    );
    let front = t.wait_until("the review", |s| review_counts(s) == Some((1, 0, 0)));
    assert!(
        front.contains("The passage that begins “In the tempestuous years"),
        "{front}"
    );
    t.keys(&["Space"]);
    t.wait_for("3 Good");
    t.keys(&["o"]);
    let passage = t.wait_until("the passage in its text", |s| {
        s.contains("page") && s.contains("In the tempestuous years") && !s.contains("3 Good")
    });
    assert!(passage.contains("back to the review"), "{passage}");
    t.keys(&["q", "q"]);
    t.assert_terminal_restored();
}

/// Scopes and decks, as a learner uses them: two decks by tag, one holding to a new-per-day
/// limit of its own while the other goes on; `gloss decks` lists both with what each has today;
/// and `R` in a text reviews that text's cards only.
#[test]
fn decks_keep_their_own_limits_and_r_reviews_the_open_text() {
    let t = Pane::new(100, 32);
    {
        let mut store = Store::open(&t.db()).unwrap();
        gloss::library::register_bundled(&mut store, 0).unwrap();
        for (title, tag) in [("The Dissolution", "alpha"), ("Letter", "beta")] {
            let doc = support::text_titled(&store, title);
            // (Each on a passage of its own: cards of one passage are siblings, buried
            // together.)
            for n in 1..=3 {
                let passage = format!("Passage {n} of the text.");
                let anchor = gloss::anchor::Anchor {
                    start: n as usize * 100,
                    end: n as usize * 100 + passage.len(),
                    quote: passage.clone(),
                    prefix: String::new(),
                    suffix: String::new(),
                };
                let text = gloss::srs::card::CardText {
                    kind: gloss::srs::card::CardKind::Basic,
                    front: format!("Question {n} of {tag}?"),
                    back: format!("Answer {n}"),
                    tags: vec![tag.to_string()],
                };
                store.add_cards(doc, &anchor, &text, &passage, n).unwrap();
            }
        }
    }
    let db = t.db();
    // (Every command on the same day as the reviews.)
    let run = |args: &[&str]| {
        let out = support::run_gloss_at(&db, Some(midday()), args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(run(&["decks", "add", "Alpha", "tag:alpha"]).contains("deck Alpha: saved tag:alpha"));
    assert!(run(&["decks", "set", "Alpha", "new-per-day", "1"]).contains("new-per-day 1"));
    run(&["decks", "add", "Beta", "tag:beta"]);
    let bad = support::run_gloss(&db, &["decks", "set", "Alpha", "fuzz", "off"]);
    assert!(String::from_utf8_lossy(&bad.stderr).contains("a deck has no fuzz of its own"));
    let bad = support::run_gloss(&db, &["decks", "add", "Gamma", "re:a.b"]);
    assert!(String::from_utf8_lossy(&bad.stderr).contains("`re:` is Anki's"));
    let listed = run(&["decks"]);
    let row = |name: &str| -> Vec<String> {
        let line = listed
            .lines()
            .find(|l| l.starts_with(name))
            .unwrap_or_else(|| panic!("{listed}"));
        line.split_whitespace()
            .take(4)
            .map(str::to_string)
            .collect()
    };
    assert_eq!(row("Alpha"), ["Alpha", "1", "0", "0"], "{listed}");
    assert_eq!(row("Beta"), ["Beta", "3", "0", "0"], "{listed}");

    // Alpha's one new card of the day, answered: Alpha holds, Beta goes on.
    t.gloss_env(&format!("GLOSS_NOW={}", midday()), &["review", "Alpha"]);
    t.wait_until("Alpha's review", |s| {
        s.contains("Review · deck Alpha") && review_counts(s) == Some((1, 0, 0))
    });
    t.keys(&["Space"]);
    t.wait_for("3 Good");
    t.keys(&["3"]);
    t.wait_until("Alpha's day", |s| review_counts(s) == Some((0, 1, 0)));
    t.keys(&["q"]);
    // The library lists the decks with what each has left today.
    t.wait_for("Decks (new·learning·due): Alpha 0·1·0  Beta 3·0·0");
    t.keys(&["q"]);
    t.assert_terminal_restored();
    let listed = run(&["decks"]);
    let row = |name: &str| -> Vec<String> {
        let line = listed.lines().find(|l| l.starts_with(name)).unwrap();
        line.split_whitespace()
            .take(4)
            .map(str::to_string)
            .collect()
    };
    assert_eq!(
        row("Alpha"),
        ["Alpha", "0", "1", "0"],
        "the limit holds: {listed}"
    );
    assert_eq!(row("Beta"), ["Beta", "3", "0", "0"], "{listed}");

    // R in a text: its own cards only (two new, one learning), not the other text's.
    t.type_line("clear");
    open_essay_with(&t, &format!("GLOSS_NOW={}", midday()));
    t.keys(&["R"]);
    let screen = t.wait_until("the text's review", |s| {
        s.contains("Review · The Dissolution of the Communist International")
    });
    assert_eq!(review_counts(&screen), Some((2, 1, 0)), "{screen}");
    assert!(!screen.contains("of beta"), "{screen}");
    t.keys(&["q"]);
    t.wait_until("back in the text", |s| s.contains("tempestuous"));
    t.keys(&["q"]);
    t.assert_terminal_restored();

    // Practice (a filtered session): Beta's three new cards, all due, and answering one
    // changes nothing of it.
    t.type_line("clear");
    t.gloss_env(
        &format!("GLOSS_NOW={}", midday()),
        &["review", "--practice", "Beta"],
    );
    let screen = t.wait_until("the practice", |s| review_counts(s) == Some((0, 0, 3)));
    assert!(
        screen.contains("practice “tag:beta” (answers change nothing)"),
        "{screen}"
    );
    t.keys(&["Space"]);
    t.wait_for("3 Good");
    t.keys(&["3"]);
    t.wait_until("two left", |s| review_counts(s) == Some((0, 0, 2)));
    t.keys(&["q"]);
    t.wait_for("Gloss · Library");
    t.keys(&["q"]);
    t.assert_terminal_restored();
    let store = Store::open(&t.db()).unwrap();
    let beta: Vec<_> = store
        .cards(None, None)
        .unwrap()
        .into_iter()
        .filter(|c| c.tags.iter().any(|t| t == "beta"))
        .collect();
    assert!(
        beta.iter()
            .all(|c| c.schedule.reps == 0 && c.schedule.phase == gloss::srs::Phase::New)
    );
}

/// In the review, `f 1` flags the card red (`flag:1` finds it; `f 1` again unflags) and `-`
/// buries it until tomorrow (`is:buried` finds it, and the review goes on without it).
#[test]
fn a_card_is_flagged_and_buried_from_the_review() {
    let t = Pane::new(100, 32);
    open_essay_with(&t, &format!("GLOSS_NOW={}", midday()));
    make_question_card(&t);
    t.keys(&["R"]);
    t.wait_until("the review", |s| review_counts(s) == Some((1, 0, 0)));
    t.keys(&["f", "1"]);
    t.wait_for("card flagged red");
    let db = t.db();
    let found = |query: &str| {
        let out = support::run_gloss_at(&db, Some(midday()), &["cards", "list", query]);
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(found("flag:1").contains("How did the labor movement"));
    t.keys(&["f", "1"]);
    t.wait_for("flag taken away");
    assert_eq!(found("flag:1"), "no cards found\n");
    t.keys(&["f", "2"]);
    t.wait_for("card flagged orange");
    t.keys(&["-"]);
    t.wait_for("card buried until tomorrow");
    t.wait_until("nothing left", |s| review_counts(s) == Some((0, 0, 0)));
    assert!(found("is:buried flag:2").contains("How did the labor movement"));
    t.keys(&["q"]);
    t.wait_until("back in the text", |s| s.contains("tempestuous"));
    t.keys(&["q"]);
    t.assert_terminal_restored();
}
