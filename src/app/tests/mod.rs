use super::*;
use std::sync::Arc;

mod first_hour;
mod group_window;
mod long_books;

fn app() -> App {
    let mut app = App::new(Store::open_in_memory().unwrap(), DEFAULT_MEASURE);
    app.update(Action::Resize(100, 30));
    app
}

fn open_first(app: &mut App) {
    app.update(Action::Open);
    assert_eq!(app.mode(), Mode::Reader, "{:?}", app.message);
    app.wait_for_background();
}

#[test]
fn library_lists_the_bundled_texts_and_opens_one() {
    let mut app = app();
    assert_eq!(app.library.len(), 5);
    assert_eq!(app.mode(), Mode::Library);
    app.update(Action::Down);
    app.update(Action::Open);
    let open = app.reading().unwrap();
    assert_eq!(open.reader.page()[0].start, 0);
}

#[test]
fn the_place_is_saved_on_every_page_turn_and_restored() {
    let mut app = app();
    open_first(&mut app);
    for _ in 0..6 {
        app.update(Action::NextPage);
    }
    let anchor = app.reading().unwrap().reader.anchor();
    assert!(anchor > 0);
    app.update(Action::Library);
    assert_eq!(app.mode(), Mode::Library);
    assert!(app.library[app.selected].position > 0);
    app.update(Action::Open);
    app.wait_for_background();
    assert_eq!(app.reading().unwrap().reader.anchor(), anchor);
    assert_eq!(app.reading().unwrap().reader.page_number().page, 7);
}

#[test]
fn go_to_prompt_pages_percent_and_errors() {
    let mut app = app();
    open_first(&mut app);
    app.update(Action::GoTo);
    assert_eq!(app.mode(), Mode::Prompt);
    for c in "3".chars() {
        app.update(Action::Input(c));
    }
    app.update(Action::Submit);
    assert_eq!(app.reading().unwrap().reader.page_number().page, 3);
    app.update(Action::GoTo);
    for c in "abc".chars() {
        app.update(Action::Input(c));
    }
    app.update(Action::Submit);
    assert_eq!(app.message.as_ref().unwrap().tone, Tone::Error);
    assert_eq!(app.reading().unwrap().reader.page_number().page, 3);
    app.update(Action::GoTo);
    "100%".chars().for_each(|c| app.update(Action::Input(c)));
    app.update(Action::Submit);
    assert!(app.reading().unwrap().reader.at_end());
    app.update(Action::Back);
    assert_eq!(app.reading().unwrap().reader.page_number().page, 3);
}

#[test]
fn contents_jumps_to_a_heading() {
    let mut app = app();
    open_first(&mut app);
    app.update(Action::Contents);
    assert_eq!(app.mode(), Mode::Contents);
    app.update(Action::Down);
    app.update(Action::Down);
    app.update(Action::Open);
    assert_eq!(app.mode(), Mode::Reader);
    let r = &app.reading().unwrap().reader;
    let top = r.page()[0];
    let doc = r.doc();
    let block = &doc.blocks[doc.headings[2]];
    assert_eq!(top.start, block.start());
}

#[test]
fn tiny_terminals_keep_the_last_layout() {
    let mut app = app();
    open_first(&mut app);
    let before = app.reading().unwrap().reader.width();
    app.update(Action::Resize(10, 3));
    assert_eq!(app.reading().unwrap().reader.width(), before);
    app.update(Action::NextPage);
    app.update(Action::Resize(30, 10));
    assert_eq!(app.reading().unwrap().reader.width(), 26);
}

#[test]
fn keys_do_nothing_while_the_terminal_is_too_small() {
    let mut app = app();
    open_first(&mut app);
    let anchor = app.reading().unwrap().reader.anchor();
    app.update(Action::Resize(10, 3));
    for action in [
        Action::NextPage,
        Action::Move(Motion::NextWord),
        Action::Select,
        Action::Move(Motion::NextSentence),
        Action::Highlight(1),
        Action::Bookmark,
        Action::Library,
    ] {
        app.update(action);
    }
    app.update(Action::Resize(100, 30));
    let open = app.reading().expect("still reading");
    assert_eq!(open.reader.anchor(), anchor);
    assert!(open.marks.placed().is_empty(), "no highlight made blind");
    assert!(app.overlay.is_none());
    app.update(Action::Resize(10, 3));
    app.update(Action::Quit);
    assert!(app.should_quit(), "quitting still works");
}

/// Quits `app` and opens the file at `path` again in a new app on the same store, as a
/// reader coming back would.
fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.update(Action::Edit(EditKey::plain(Key::Char(c))));
    }
}

/// The open text's one placed annotation: its colour and note (`None` when there is none).
fn the_annotation(app: &App) -> Option<(u8, String)> {
    let placed = app.reading().unwrap().marks.placed();
    assert!(placed.len() <= 1, "{} annotations", placed.len());
    placed
        .first()
        .map(|p| (p.annotation.color, p.annotation.note.clone()))
}

fn select_two_words(app: &mut App) {
    app.update(Action::Select);
    app.update(Action::Move(Motion::WordEnd));
    app.update(Action::Move(Motion::NextWord));
    app.update(Action::Move(Motion::WordEnd));
}

#[test]
fn highlight_note_undo_and_redo() {
    let mut app = app();
    open_first(&mut app);
    select_two_words(&mut app);
    app.update(Action::Highlight(2));
    assert_eq!(the_annotation(&app), Some((2, String::new())));
    app.update(Action::Annotate);
    assert_eq!(app.mode(), Mode::Editor);
    type_text(&mut app, "why? #key");
    app.update(Action::Save);
    assert_eq!(app.mode(), Mode::Cursor);
    assert_eq!(the_annotation(&app), Some((2, "why? #key".into())));

    app.update(Action::Undo);
    assert_eq!(the_annotation(&app), Some((2, String::new())), "the note");
    app.update(Action::Undo);
    assert_eq!(the_annotation(&app), None, "the highlight");
    app.update(Action::Undo);
    assert_eq!(app.message.as_ref().unwrap().text, "nothing to undo");
    app.update(Action::Redo);
    assert_eq!(the_annotation(&app), Some((2, String::new())));
    app.update(Action::Redo);
    assert_eq!(the_annotation(&app), Some((2, "why? #key".into())));

    // A new change after an undo: what was undone cannot be redone any more.
    app.update(Action::Undo);
    app.update(Action::Highlight(4));
    assert_eq!(the_annotation(&app), Some((4, String::new())));
    app.update(Action::Redo);
    assert_eq!(app.message.as_ref().unwrap().text, "nothing to redo");
    app.update(Action::Undo);
    assert_eq!(
        the_annotation(&app),
        Some((2, String::new())),
        "colour back"
    );
    // What the screen shows is what the store holds.
    let id = app.reading().unwrap().id.unwrap();
    let stored = app.store_mut().annotations(id).unwrap();
    assert_eq!((stored[0].color, stored[0].note.as_str()), (2, ""));
}

#[test]
fn card_review_and_undo() {
    let mut app = app();
    open_first(&mut app);
    select_two_words(&mut app);
    app.update(Action::Card);
    assert_eq!(app.mode(), Mode::CardEditor);
    type_text(&mut app, "Which words?");
    app.update(Action::Save);
    assert_eq!(app.mode(), Mode::Cursor, "{:?}", app.message);
    let cards = |app: &mut App| app.store_mut().cards(None, None).unwrap();
    assert_eq!(cards(&mut app).len(), 1);

    app.update(Action::Review);
    assert_eq!(app.mode(), Mode::Review);
    let card = app.review.as_ref().unwrap().card.clone().unwrap();
    assert_eq!(card.front, "Which words?");
    app.update(Action::Reveal);
    app.update(Action::Answer(3));
    assert_eq!(cards(&mut app)[0].schedule.reps, 1);
    app.update(Action::Undo);
    let review = app.review.as_ref().unwrap();
    assert_eq!(review.card.as_ref().map(|c| c.id), Some(card.id));
    assert_eq!(cards(&mut app)[0].schedule, card.schedule, "answer undone");

    // Esc ends the review where it was started: back in the text, `u` takes the card itself
    // back, and Ctrl-R makes it again.
    app.update(Action::Close);
    assert!(app.reading().is_some(), "{:?}", app.mode());
    app.update(Action::Undo);
    assert!(cards(&mut app).is_empty());
    app.update(Action::Redo);
    assert_eq!(cards(&mut app).len(), 1);
}

#[test]
fn d_in_the_library_asks_then_removes_the_text() {
    let mut app = App::new(Store::open_in_memory().unwrap(), DEFAULT_MEASURE);
    app.update(Action::Resize(100, 30));
    let count = app.library.len();
    let first = app.library[0].title.clone();
    app.update(Action::Delete);
    assert_eq!(app.mode(), Mode::Confirm);
    app.update(Action::No);
    assert_eq!(app.mode(), Mode::Library);
    assert_eq!(app.library.len(), count, "n keeps it");
    app.update(Action::Delete);
    app.update(Action::Yes);
    assert_eq!(app.mode(), Mode::Library);
    assert_eq!(app.library.len(), count - 1);
    assert!(app.library.iter().all(|e| e.title != first));
    let said = app.message.as_ref().unwrap().text.clone();
    assert!(said.starts_with(&format!("removed “{first}”")), "{said}");
}

/// Enter before a search's first match has arrived keeps the search going: its first match
/// is shown when it comes, and `v` then selects from it.
#[test]
fn a_search_kept_before_its_first_match_still_goes_to_it() {
    let mut app = app();
    open_first(&mut app);
    app.update(Action::Find);
    app.paste("Comintern");
    app.update(Action::Submit);
    let wanted = {
        let doc = app.open.as_ref().unwrap().reader.doc().clone();
        doc.content
            .find("Comintern")
            .expect("the word is in the text")
    };
    // The matches arrive after the Enter, as the app ticks; the reader then goes to the first.
    let started = std::time::Instant::now();
    while started.elapsed() < std::time::Duration::from_secs(10) {
        let found = app.open.as_ref().unwrap().find.as_ref();
        if found.is_some_and(|f| f.current.is_some() && !f.is_running()) {
            break;
        }
        app.tick();
        std::thread::yield_now();
    }
    let open = app.open.as_ref().unwrap();
    let found = open.find.as_ref().expect("the search is kept");
    assert_eq!(found.current.map(|i| found.matches[i].start), Some(wanted));
    app.update(Action::Select);
    assert_eq!(app.open.as_ref().unwrap().reader.cursor(), Some(wanted));
}

#[test]
fn a_paste_is_typed_whole_into_the_prompt_as_one_line_of_text() {
    let mut app = app();
    open_first(&mut app);
    app.update(Action::Find);
    assert_eq!(app.mode(), Mode::Prompt);
    app.paste("tempestuous\nyears\x1b[31m\x07");
    let Some(Overlay::Prompt(prompt)) = &app.overlay else {
        panic!("the prompt stays open: {:?}", app.mode());
    };
    assert_eq!(prompt.input, "tempestuous years");
    // Outside an editor, a prompt or a filter, a paste does nothing.
    app.update(Action::Close);
    let mode = app.mode();
    app.paste("q");
    assert_eq!(app.mode(), mode);
    assert!(!app.should_quit());
}
