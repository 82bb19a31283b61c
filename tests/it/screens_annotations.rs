//! Rendered screens of annotations: highlights across page boundaries, overlapping highlights,
//! margin notes on wide terminals and popups on narrow ones; and the App's annotation actions.

use gloss::app::{Action, App, DEFAULT_MEASURE, EditKey, Key, Mode, Motion};
use gloss::store::Store;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

use crate::support::screen::{app, open, render, text};

const YELLOW: Color = Color::Indexed(229);
const GREEN: Color = Color::Indexed(157);

/// The text of the cells with background `bg`, line by line (trimmed), joined by spaces.
fn with_background(buf: &Buffer, bg: Color) -> String {
    let mut lines = Vec::new();
    for y in 0..buf.area.height {
        let line: String = (0..buf.area.width)
            .filter(|&x| buf[(x, y)].bg == bg)
            .map(|x| buf[(x, y)].symbol())
            .collect();
        if !line.is_empty() {
            lines.push(line.trim().to_string());
        }
    }
    lines.join(" ")
}

fn keys(app: &mut App, actions: &[Action]) {
    for &a in actions {
        app.update(a);
    }
}

/// Opens the note editor on the first word after the title.
fn note_on_a_word(app: &mut App) {
    keys(
        app,
        &[
            Action::Move(Motion::NextWord),
            Action::Select,
            Action::Move(Motion::WordEnd),
            Action::Annotate,
        ],
    );
}

/// Opens the note editor on the whole first paragraph.
fn note_on_a_paragraph(app: &mut App) {
    keys(
        app,
        &[
            Action::Move(Motion::NextWord),
            Action::Move(Motion::NextParagraph),
            Action::SelectParagraph,
            Action::Annotate,
        ],
    );
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.update(Action::Edit(EditKey {
            key: Key::Char(c),
            ctrl: false,
            alt: false,
            shift: false,
        }));
    }
}

/// The selected text, from the app.
fn selection(app: &App) -> String {
    let r = &app.reading().unwrap().reader;
    r.doc().content[r.selection().unwrap()].to_string()
}

#[test]
fn a_highlight_across_a_page_boundary_shows_on_both_pages() {
    let mut app = app(80, 12);
    open(&mut app, "The Dissolution");
    // Select from the start of the last text row of page 1 well into page 2.
    let (last_row, doc) = {
        let r = &app.reading().unwrap().reader;
        let row = *r.page().iter().rev().find(|row| !row.gap).unwrap();
        (row, r.doc().clone())
    };
    let y = app
        .reading()
        .unwrap()
        .reader
        .page()
        .iter()
        .position(|r| *r == last_row)
        .unwrap() as u16;
    let x = app.geometry().text_x;
    app.update(Action::Press(x, y + 1));
    app.update(Action::Select);
    for _ in 0..3 {
        app.update(Action::Move(Motion::LineDown));
    }
    keys(&mut app, &[Action::Move(Motion::BigWordEnd)]);
    let quote = selection(&app);
    app.update(Action::Highlight(1));
    assert_eq!(app.message.as_ref().unwrap().text, "highlighted");
    // Back to page 1: the start of the highlight is on its last line.
    keys(&mut app, &[Action::Close, Action::DocStart]);
    let page1 = with_background(&render(&app), YELLOW);
    assert!(!page1.is_empty(), "{quote:?}\n{}", text(&render(&app)));
    assert!(
        quote.starts_with(&page1),
        "{page1:?} does not start {quote:?}"
    );
    app.update(Action::NextPage);
    let page2 = with_background(&render(&app), YELLOW);
    assert!(!page2.is_empty());
    assert_eq!(
        format!("{page1} {page2}"),
        quote.replace('\n', " "),
        "the two pages show the whole highlight and nothing else"
    );
    let _ = doc;
}

#[test]
fn overlapping_highlights_show_both_with_the_inner_one_on_top() {
    let mut app = app(80, 24);
    open(&mut app, "The Dissolution");
    // Outer: the first paragraph's first sentence, yellow.
    keys(
        &mut app,
        &[
            Action::Move(Motion::NextWord),
            Action::Move(Motion::NextParagraph),
            Action::Select,
            Action::Move(Motion::NextSentence),
            Action::Move(Motion::PrevWord),
            Action::Move(Motion::BigWordEnd),
            Action::Highlight(1),
        ],
    );
    let outer = app
        .reading()
        .unwrap()
        .marks
        .placed()
        .first()
        .unwrap()
        .range
        .clone();
    // Inner: "Russian Revolution", green.
    let doc = app.reading().unwrap().reader.doc().clone();
    let russian = doc.content.find("Russian Revolution").unwrap();
    assert!(outer.contains(&russian));
    let (column, row) = cell_of(&app, russian);
    app.update(Action::Press(column, row));
    keys(
        &mut app,
        &[
            Action::Select,
            Action::Move(Motion::NextWord),
            Action::Move(Motion::WordEnd),
            Action::Highlight(2),
        ],
    );
    let buf = render(&app);
    assert_eq!(with_background(&buf, GREEN), "Russian Revolution");
    let yellow = with_background(&buf, YELLOW);
    assert!(
        yellow.starts_with("In the tempestuous years following the"),
        "{yellow}"
    );
    assert!(yellow.ends_with("upheaval."), "{yellow}");
    // The inner highlight is underlined to show that it lies inside another.
    let (x, y) = cell_of(&app, russian);
    assert!(buf[(x, y)].modifier.contains(Modifier::UNDERLINED));
    // The cursor on the inner one: x removes the inner one only, u brings it back.
    app.update(Action::Unhighlight);
    assert_eq!(with_background(&render(&app), GREEN), "");
    assert!(with_background(&render(&app), YELLOW).contains("Russian Revolution"));
    app.update(Action::Undo);
    assert_eq!(with_background(&render(&app), GREEN), "Russian Revolution");
}

/// The terminal cell (x, y) where byte `offset` is drawn on the current page.
fn cell_of(app: &App, offset: usize) -> (u16, u16) {
    let r = &app.reading().unwrap().reader;
    let (i, row) = r
        .page()
        .iter()
        .enumerate()
        .find(|(_, row)| row.start <= offset && offset < row.end)
        .unwrap();
    let width = unicode_width::UnicodeWidthStr::width(&r.doc().content[row.start..offset]);
    (
        app.geometry().text_x + row.indent + width as u16,
        i as u16 + 1,
    )
}

#[test]
fn notes_sit_in_the_margin_at_140_columns_and_pop_up_at_80() {
    let mut app = app(140, 30);
    open(&mut app, "The Dissolution");
    note_on_a_paragraph(&mut app);
    assert_eq!(app.mode(), Mode::Editor);
    type_text(
        &mut app,
        "Stalin bent the International to Soviet interests #comintern",
    );
    app.update(Action::Save);
    assert_eq!(app.mode(), Mode::Cursor);
    keys(&mut app, &[Action::Close, Action::Close]);
    assert_eq!(app.mode(), Mode::Reader, "Esc never leaves the text");
    let buf = render(&app);
    let screen = text(&buf);
    let line = screen
        .lines()
        .find(|l| l.contains("In the tempestuous"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(line.contains("¶ In the tempestuous"), "{line}");
    let notes_x = usize::from(app.geometry().notes.unwrap().0);
    let beside: String = line.chars().skip(notes_x).collect();
    assert!(
        beside.starts_with("Stalin bent the International"),
        "{line}"
    );
    assert!(
        screen.contains("#comintern"),
        "the note wraps on below:\n{screen}"
    );

    // At 80 columns there is no room: the marker stays, Enter shows the note in a popup.
    app.update(Action::Resize(80, 30));
    let screen = text(&render(&app));
    assert!(screen.contains("¶ In the tempestuous"));
    assert!(!screen.contains("Stalin bent"));
    app.update(Action::ShowNote);
    assert_eq!(app.mode(), Mode::Note);
    let popup = text(&render(&app));
    assert!(popup.contains(" Note "), "{popup}");
    assert!(popup.contains("Stalin bent the International to Soviet interests #comintern"));
    assert!(popup.contains("“In the tempestuous years"));
    app.update(Action::Close);
    assert_eq!(app.mode(), Mode::Reader);
}

#[test]
fn the_annotations_panel_lists_filters_jumps_and_edits() {
    let mut app = app(100, 30);
    open(&mut app, "The Russian Revolution");
    // Three highlights on three paragraphs, one with a tagged note.
    keys(&mut app, &[Action::Move(Motion::NextWord)]);
    for (color, note) in [(1, ""), (2, "Trotsky's theory #permanent"), (3, "")] {
        keys(
            &mut app,
            &[Action::Move(Motion::NextParagraph), Action::SelectParagraph],
        );
        if note.is_empty() {
            app.update(Action::Highlight(color));
        } else {
            app.update(Action::Annotate);
            type_text(&mut app, note);
            app.update(Action::Save);
        }
        app.update(Action::Close);
    }
    app.update(Action::DocEnd);
    app.update(Action::Annotations);
    assert_eq!(app.mode(), Mode::Annotations);
    let panel = text(&render(&app));
    assert!(panel.contains("Annotations · 3 annotations"), "{panel}");
    assert!(panel.contains("#permanent"));
    assert!(panel.contains("p. 1"));
    // Filter by tag as you type.
    app.update(Action::Filter);
    for c in "#perm".chars() {
        app.update(Action::Input(c));
    }
    let filtered = text(&render(&app));
    assert!(
        filtered.contains("Annotations · 1 annotation"),
        "{filtered}"
    );
    app.update(Action::Submit);
    // Enter jumps to the passage.
    app.update(Action::Open);
    assert_eq!(app.mode(), Mode::Cursor);
    let r = &app.reading().unwrap().reader;
    let marked = app.reading().unwrap().marks.placed()[1].range.clone();
    assert!(r.page().first().unwrap().start <= marked.start);
    assert_eq!(r.cursor(), Some(marked.start));
    // e edits the note; d deletes; u undoes.
    app.update(Action::Annotations);
    app.update(Action::EditEntry);
    assert_eq!(app.mode(), Mode::Editor);
    type_text(&mut app, " and more");
    app.update(Action::Save);
    let note = &app.reading().unwrap().marks.placed()[1].annotation.note;
    assert_eq!(note, "Trotsky's theory #permanent and more");
    app.update(Action::Annotations);
    app.update(Action::Delete);
    assert!(text(&render(&app)).contains("2 annotations"));
    app.update(Action::Undo);
    assert!(text(&render(&app)).contains("3 annotations"));
}

#[test]
fn esc_with_unsaved_text_asks_and_bookmarks_show_in_the_status_bar() {
    let mut app = app(100, 30);
    open(&mut app, "Letter");
    note_on_a_word(&mut app);
    type_text(&mut app, "draft");
    app.update(Action::Close);
    assert_eq!(app.mode(), Mode::Confirm);
    let asked = text(&render(&app));
    assert!(asked.contains("Discard it?"), "{asked}");
    assert!(
        asked.contains("draft"),
        "the editor shows under the question: {asked}"
    );
    app.update(Action::No);
    assert_eq!(app.mode(), Mode::Editor);
    assert!(text(&render(&app)).contains("draft"), "no keeps the text");
    app.update(Action::Close);
    app.update(Action::Yes);
    assert_eq!(app.mode(), Mode::Cursor);
    assert!(app.reading().unwrap().marks.placed().is_empty());

    app.update(Action::Bookmark);
    assert_eq!(app.mode(), Mode::Prompt);
    for c in "start".chars() {
        app.update(Action::Input(c));
    }
    app.update(Action::Submit);
    let status = text(&render(&app)).lines().last().unwrap().to_string();
    assert!(status.contains('⚑'), "{status}");
    app.update(Action::Bookmarks);
    assert!(text(&render(&app)).contains("start"));
    app.update(Action::Delete);
    let status = text(&render(&app)).lines().last().unwrap().to_string();
    assert!(!status.contains('⚑'), "{status}");
    app.update(Action::Undo);
    let status = text(&render(&app)).lines().last().unwrap().to_string();
    assert!(status.contains('⚑'), "{status}");
}

#[test]
fn a_mouse_drag_selects() {
    let mut app = app(80, 24);
    open(&mut app, "The Dissolution");
    let doc = app.reading().unwrap().reader.doc().clone();
    let from = doc.content.find("tempestuous").unwrap();
    let to = doc.content.find("Russian").unwrap() + "Russia".len();
    let (x0, y0) = cell_of(&app, from);
    let (x1, y1) = cell_of(&app, to);
    app.update(Action::Press(x0, y0));
    app.update(Action::Drag(x1, y1));
    assert_eq!(selection(&app), "tempestuous years following the Russian");
    app.update(Action::Highlight(1));
    assert_eq!(
        with_background(&render(&app), YELLOW),
        "tempestuous years following the Russian"
    );
}

#[test]
fn an_orphan_is_listed_and_re_attached_to_a_new_selection() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("essay.txt");
    std::fs::write(
        &path,
        "An Essay\n\nThe first paragraph says one thing.\n\nThe second says another thing.\n",
    )
    .unwrap();
    let mut app = app(100, 30);
    app.open_path(&path).unwrap();
    note_on_a_paragraph(&mut app);
    type_text(&mut app, "remember this");
    app.update(Action::Save);
    // The paragraph is rewritten beyond recognition: the note loses its passage.
    std::fs::write(
        &path,
        "An Essay\n\nEntirely new opening words here.\n\nThe second says another thing.\n",
    )
    .unwrap();
    app.open_path(&path).unwrap();
    let message = app.message.clone().unwrap().text;
    assert!(message.contains("1 orphaned"), "{message}");
    assert!(app.reading().unwrap().marks.placed().is_empty());
    app.update(Action::Annotations);
    let panel = text(&render(&app));
    assert!(panel.contains("orphaned"), "{panel}");
    assert!(
        panel.contains("“The first paragraph says one thing.”"),
        "{panel}"
    );
    // r, then select the new passage and press Enter.
    app.update(Action::Reattach);
    assert_eq!(app.mode(), Mode::Cursor);
    keys(
        &mut app,
        &[
            Action::Move(Motion::NextParagraph),
            Action::SelectParagraph,
            Action::ShowNote,
        ],
    );
    assert_eq!(app.message.as_ref().unwrap().text, "re-attached");
    let placed = app.reading().unwrap().marks.placed();
    assert_eq!(placed.len(), 1);
    assert_eq!(
        placed[0].annotation.anchor.quote,
        "Entirely new opening words here."
    );
    assert_eq!(placed[0].annotation.note, "remember this");
    assert!(!placed[0].annotation.orphaned);
}

/// An app on the database file `db`, in a 100×30 terminal: what a restart opens again.
fn app_on(db: &std::path::Path) -> App {
    let mut app = App::new(Store::open(db).unwrap(), DEFAULT_MEASURE);
    app.update(Action::Resize(100, 30));
    app
}

#[test]
fn quitting_with_a_note_open_keeps_it_as_a_draft_offered_next_time() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gloss.db");
    let mut app = app_on(&db);
    open(&mut app, "Letter");
    note_on_a_word(&mut app);
    type_text(&mut app, "not yet saved");
    app.update(Action::Quit);
    assert!(app.should_quit());
    drop(app);

    let mut again = app_on(&db);
    again.update(Action::Open); // the Letter was read last: first in the library
    assert_eq!(again.mode(), Mode::Draft);
    assert!(text(&render(&again)).contains("not yet saved"));
    again.update(Action::Delete);
    assert_eq!(again.mode(), Mode::Reader);
    again.update(Action::Library);
    again.update(Action::Open);
    assert_eq!(
        again.mode(),
        Mode::Reader,
        "a discarded draft is not offered again"
    );
}

/// The window closed (SIGHUP) while "discard the unsaved note?" is asked: the note under the
/// question is kept as a draft all the same.
#[test]
fn a_note_under_the_discard_question_is_kept_as_a_draft() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gloss.db");
    let mut app = app_on(&db);
    open(&mut app, "Letter");
    note_on_a_word(&mut app);
    type_text(&mut app, "half a thought");
    app.update(Action::Close);
    assert_eq!(app.mode(), Mode::Confirm);
    app.stop();
    drop(app);

    let mut again = app_on(&db);
    again.update(Action::Open);
    assert_eq!(again.mode(), Mode::Draft);
    assert!(text(&render(&again)).contains("half a thought"));
}

#[test]
fn a_place_found_on_weak_evidence_is_marked_until_confirmed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gloss.db");
    let path = dir.path().join("essay.txt");
    let first = "An Essay\n\nThe regime grew autocratic in its first years.\n\n\
        Later the state itself became autocratic, ruled by one man and his circle.\n";
    std::fs::write(&path, first).unwrap();
    {
        let mut store = Store::open(&db).unwrap();
        let opened = gloss::library::open_file(&mut store, &path, 1).unwrap();
        let doc = &opened.doc;
        let at = doc.content.rfind("autocratic").unwrap();
        let anchor = gloss::anchor::Anchor::new(&doc.content, at..at + 10, doc.char_of(at));
        store
            .add_annotation(opened.entry.id, &anchor, 1, "the word", &doc.content, 1)
            .unwrap();
    }
    // The word edited and the words after it rewritten: only what comes before agrees.
    let edited = "An Essay\n\nThe regime grew autocratic in its first years.\n\n\
        Later the state itself became autokratic; a committee took over in the end.\n";
    std::fs::write(&path, edited).unwrap();
    let mut app = app_on(&db);
    app.open_path(&path).unwrap();
    let message = app.message.clone().unwrap().text;
    assert!(message.contains("1 to check"), "{message}");
    app.update(Action::Annotations);
    let panel = text(&render(&app));
    assert!(
        panel.contains("moved, please check (c confirms)"),
        "{panel}"
    );
    app.update(Action::ConfirmPlace);
    let panel = text(&render(&app));
    assert!(!panel.contains("moved, please check"), "{panel}");
    assert!(panel.contains("place confirmed"), "{panel}");
}

/// A reply from the note's popup: the popup shows the thread, the margin counts it, the panel
/// lists it under the note, and deleting one's own reply is undone with `u`.
#[test]
fn a_reply_shows_under_its_note_in_the_popup_the_margin_and_the_panel() {
    let mut app = app(100, 30);
    open(&mut app, "The Dissolution");
    note_on_a_paragraph(&mut app);
    type_text(&mut app, "Stalin bent the International");
    app.update(Action::Save);
    keys(&mut app, &[Action::Close, Action::ShowNote]);
    assert_eq!(app.mode(), Mode::Note);
    app.update(Action::Reply);
    assert_eq!(app.mode(), Mode::Editor);
    let editor = text(&render(&app));
    assert!(editor.contains("Reply on “In the tempestuous"), "{editor}");
    type_text(&mut app, "Not only the International.");
    app.update(Action::Save);
    let screen = text(&render(&app));
    assert!(screen.contains("reply saved"), "{screen}");
    assert!(
        screen.contains("1¶ In the tempestuous"),
        "the count beside the mark:\n{screen}"
    );

    app.update(Action::ShowNote);
    let popup = text(&render(&app));
    assert!(popup.contains(" Note · 1 reply "), "{popup}");
    assert!(popup.contains("↳ you"), "{popup}");
    assert!(popup.contains("Not only the International."), "{popup}");
    app.update(Action::Close);

    app.update(Action::Annotations);
    let panel = text(&render(&app));
    assert!(
        panel.contains("Stalin bent the International · 1 reply"),
        "{panel}"
    );
    assert!(
        panel.contains("↳ you: Not only the International."),
        "{panel}"
    );
    keys(&mut app, &[Action::Down, Action::Delete]);
    let panel = text(&render(&app));
    assert!(!panel.contains("↳ you:"), "{panel}");
    assert!(panel.contains("reply deleted"), "{panel}");
    app.update(Action::Undo);
    let panel = text(&render(&app));
    assert!(
        panel.contains("↳ you: Not only the International."),
        "{panel}"
    );
}

/// A reply being typed when the reader quits is kept as a draft and offered back as a reply.
#[test]
fn a_reply_being_typed_is_kept_as_a_draft() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gloss.db");
    let start = || {
        let mut app = app_on(&db);
        let at = app
            .library
            .iter()
            .position(|e| e.title.starts_with("The Dissolution"))
            .unwrap();
        for _ in 0..at {
            app.update(Action::Down);
        }
        app.update(Action::Open);
        app
    };
    let mut app = start();
    note_on_a_paragraph(&mut app);
    type_text(&mut app, "Mine");
    app.update(Action::Save);
    keys(&mut app, &[Action::Close, Action::ShowNote, Action::Reply]);
    type_text(&mut app, "half a reply");
    app.update(Action::Quit);
    drop(app);

    let mut app = start();
    assert_eq!(app.mode(), Mode::Draft);
    app.update(Action::Open);
    assert_eq!(app.mode(), Mode::Editor);
    let editor = text(&render(&app));
    assert!(editor.contains("Reply on “In the tempestuous"), "{editor}");
    assert!(editor.contains("half a reply"), "{editor}");
    app.update(Action::Save);
    let thread = Store::open(&db).unwrap().replies(None).unwrap();
    assert_eq!(thread.len(), 1);
    assert_eq!(thread[0].body, "half a reply");
}

/// What another member brought is marked in the library; `W` lists it, Enter opens its
/// passage, and the next look finds nothing new.
#[test]
fn news_are_marked_listed_opened_and_then_seen() {
    let dir = tempfile::tempdir().unwrap();
    let ana = dir.path().join("ana.db");
    crate::support::annotate(
        &ana,
        "The Dissolution of the Communist International",
        "Socialism in One Country",
        "The turn inward",
        100,
    );
    let mut ana_store = Store::open(&ana).unwrap();
    ana_store.set_setting("name", "Ana").unwrap();
    let file = gloss::group::export_json(&mut ana_store, None).unwrap();
    let mut mine = Store::open_in_memory().unwrap();
    gloss::library::register_bundled(&mut mine, 0).unwrap();
    gloss::group::import(&mut mine, file.as_bytes()).unwrap();

    let mut app = App::new(mine, DEFAULT_MEASURE);
    app.update(Action::Resize(100, 30));
    let library = text(&render(&app));
    let line = library
        .lines()
        .find(|l| l.contains("The Dissolution"))
        .unwrap();
    assert!(line.contains("✦ 1 new"), "{library}");
    app.update(Action::News);
    assert_eq!(app.mode(), Mode::News);
    let panel = text(&render(&app));
    assert!(panel.contains("Since you last looked · 1 new"), "{panel}");
    assert!(panel.contains("  Ana"), "{panel}");
    assert!(
        panel.contains("added · ") && panel.contains("“Socialism in One Country”: The turn inward"),
        "{panel}"
    );
    app.update(Action::Open);
    assert_eq!(app.mode(), Mode::Reader);
    let page = text(&render(&app));
    assert!(
        page.contains("Socialism in One Country"),
        "opened at the passage:\n{page}"
    );
    app.update(Action::News);
    let screen = text(&render(&app));
    assert!(screen.contains("nothing new from your group"), "{screen}");
    app.update(Action::Library);
    let library = text(&render(&app));
    assert!(!library.contains("new"), "{library}");
}
