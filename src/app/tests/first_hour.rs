//! Issue 36's journeys through the app: from a search to a highlight.

use super::*;

/// Types `query` into the reader's search, keeps it with Enter and waits for all its matches.
fn find(app: &mut App, query: &str) -> std::ops::Range<usize> {
    app.update(Action::Find);
    app.paste(query);
    app.update(Action::Submit);
    let started = std::time::Instant::now();
    loop {
        let open = app.open.as_ref().unwrap();
        let done = open.find.as_ref().is_some_and(|f| !f.is_running());
        if let Some(range) = open.match_on_page().filter(|_| done) {
            return range;
        }
        assert!(started.elapsed().as_secs() < 10, "no match for {query:?}");
        app.tick();
        std::thread::yield_now();
    }
}

#[test]
fn a_search_then_highlight_highlights_the_match() {
    let mut app = app();
    open_first(&mut app);
    let found = find(&mut app, "revolution");
    app.update(Action::Highlight(1));
    let open = app.open.as_ref().unwrap();
    let placed = open.marks.placed();
    assert_eq!(placed.len(), 1, "{:?}", app.message);
    assert_eq!(placed[0].range, found);
    assert_eq!(
        placed[0].annotation.anchor.quote.to_lowercase(),
        "revolution"
    );
    // Again: the highlight under the cursor is recoloured, not highlighted twice.
    app.update(Action::Highlight(2));
    let placed = app.open.as_ref().unwrap().marks.placed();
    assert_eq!(placed.len(), 1);
    assert_eq!(placed[0].annotation.color, 2);
}

#[test]
fn after_a_search_a_selection_starts_at_the_match_and_n_moves_a_shown_cursor() {
    let mut app = app();
    open_first(&mut app);
    let found = find(&mut app, "revolution");
    app.update(Action::Select);
    let reader = &app.open.as_ref().unwrap().reader;
    assert_eq!(reader.cursor(), Some(found.start));
    app.update(Action::Select);
    app.update(Action::NextMatch);
    let open = app.open.as_ref().unwrap();
    let next = open.match_on_page().expect("the next match is shown");
    assert!(next.start > found.start);
    assert_eq!(open.reader.cursor(), Some(next.start));
}

#[test]
fn a_percentage_jump_says_that_percentage() {
    for size in [(80, 24), (120, 40), (100, 30)] {
        let mut app = app();
        app.update(Action::Resize(size.0, size.1));
        open_first(&mut app);
        for percent in [1, 10, 25, 50, 75, 90] {
            app.update(Action::GoTo);
            app.paste(&format!("{percent}%"));
            app.update(Action::Submit);
            let shown = app.reading().unwrap().reader.percent().floor() as u32;
            assert_eq!(shown, percent, "at {size:?}");
        }
    }
}

#[test]
fn a_text_read_to_its_end_is_listed_at_100_percent() {
    let mut app = app();
    open_first(&mut app);
    app.update(Action::DocEnd);
    app.update(Action::Library);
    let entry = &app.library[app.selected];
    assert_eq!(entry.progress(), 1.0);
    // A page back, it is not read to the end.
    app.update(Action::Open);
    app.wait_for_background();
    app.update(Action::PrevPage);
    app.update(Action::Library);
    assert!(app.library[app.selected].progress() < 1.0);
}

/// Issue 36: a bookmark's page in the list differed from the page the status bar said where
/// it was made (the list estimated it within its paragraph).
#[test]
fn a_bookmark_is_listed_on_the_page_the_status_bar_said() {
    for size in [(100, 30), (57, 19), (133, 41), (200, 50), (41, 12)] {
        bookmarks_at(size);
    }
}

fn bookmarks_at(size: (u16, u16)) {
    let mut app = app();
    app.update(Action::Resize(size.0, size.1));
    open_first(&mut app);
    let mut said = std::collections::HashMap::new();
    let bookmark = |app: &mut App, said: &mut std::collections::HashMap<usize, u64>| {
        let open = app.reading().unwrap();
        let n = open.reader.page_number();
        assert!(n.exact, "the rows are counted");
        said.insert(open.reader.anchor(), n.page);
        app.update(Action::Bookmark);
        app.update(Action::Submit);
    };
    for _ in 0..40 {
        app.update(Action::NextPage);
        bookmark(&mut app, &mut said);
    }
    // Pages that do not start where paging from the start would.
    for at in (1..33).map(|n| format!("{}%", n * 3)) {
        app.update(Action::GoTo);
        app.paste(&at);
        app.update(Action::Submit);
        app.update(Action::LineDown);
        bookmark(&mut app, &mut said);
    }
    app.update(Action::DocEnd);
    bookmark(&mut app, &mut said);
    app.update(Action::Bookmarks);
    let Some(Overlay::Bookmarks(list)) = &app.overlay else {
        panic!("the bookmarks: {:?}", app.message);
    };
    assert_eq!(list.pages.len(), said.len());
    for (at, page) in &said {
        assert_eq!(
            list.pages.get(at),
            Some(page),
            "the bookmark at byte {at}, {size:?}"
        );
    }
}

/// Issue 36: a click selects the library's row under it.
#[test]
fn a_click_selects_the_library_row_under_it() {
    let mut app = app();
    app.update(Action::Press(10, 4));
    assert_eq!(
        app.selected, 2,
        "the third text: rows start under the bar and header"
    );
    app.update(Action::Press(10, 1));
    assert_eq!(app.selected, 2, "the header is no row");
    app.update(Action::Press(10, 20));
    assert_eq!(app.selected, 2, "below the last text");
    app.update(Action::Press(10, 2));
    assert_eq!(app.selected, 0);
}

#[test]
fn the_first_text_opened_says_how_to_begin_until_the_reader_does() {
    let mut app = app();
    open_first(&mut app);
    assert!(app.open.as_ref().unwrap().first_hint);
    // Reading on keeps it.
    app.update(Action::NextPage);
    assert!(app.open.as_ref().unwrap().first_hint);
    // The first selection puts it away.
    app.update(Action::Select);
    assert!(!app.open.as_ref().unwrap().first_hint);
    // Shown once: not on the next text, nor on this one again.
    app.update(Action::Library);
    app.update(Action::Down);
    app.update(Action::Open);
    assert_eq!(app.mode(), Mode::Reader);
    assert!(!app.open.as_ref().unwrap().first_hint);
}

#[test]
fn esc_puts_the_first_hint_away() {
    let mut app = app();
    open_first(&mut app);
    app.update(Action::Close);
    assert!(!app.open.as_ref().unwrap().first_hint);
}
