use super::*;

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
    assert_eq!(top.start, block.start);
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
