//! Long books: shown from their beginning while their rest is read, and reopened at their place.

use super::*;

fn reopened(app: &mut App, path: &std::path::Path) -> App {
    app.update(Action::Library);
    app.update(Action::Quit);
    let store = std::mem::replace(&mut app.store, Store::open_in_memory().unwrap());
    let mut again = App::new(store, DEFAULT_MEASURE);
    again.update(Action::Resize(100, 30));
    again.open_path(path).unwrap();
    again
}

/// A 12 MB text in a temporary folder, opened and read whole once: its folder, its file, the
/// app, and the text.
fn long_text_read_whole() -> (
    tempfile::TempDir,
    std::path::PathBuf,
    App,
    Arc<crate::document::Document>,
) {
    let dir = tempfile::tempdir().unwrap();
    let path = crate::document::long_text(dir.path(), 12 << 20);
    let mut app = app();
    app.open_path(&path).unwrap();
    app.wait_for_background();
    let doc = Arc::clone(app.reading().unwrap().reader.doc());
    (dir, path, app, doc)
}

/// A book long enough to open in two steps, in a temporary folder.
fn long_book() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.epub");
    std::fs::write(&path, crate::test_book::long_epub(60, 60)).unwrap();
    (dir, path)
}

#[test]
fn a_long_book_shows_its_beginning_and_what_needs_the_whole_waits_for_it() {
    let (_dir, path) = long_book();
    let mut app = app();
    app.open_path(&path).unwrap();
    let open = app.reading().unwrap();
    assert!(open.opening().is_some(), "the rest is still to be read");
    assert_eq!(open.id, None, "a new book is recorded once whole");
    assert!(open.reader.page()[0].start == 0);
    let beginning = open.reader.doc().content.len();
    // Reading the beginning goes on; the contents wait for the whole book.
    app.update(Action::NextPage);
    assert!(app.reading().unwrap().reader.anchor() > 0);
    app.update(Action::Contents);
    assert_eq!(app.mode(), Mode::Reader);
    assert!(app.waiting());
    let said = app.message.as_ref().unwrap().text.clone();
    assert!(said.starts_with("opening the rest of the book"), "{said}");
    app.update(Action::Down); // typed ahead: meant for the contents
    app.wait_for_background();
    assert!(!app.waiting());
    let open = app.reading().unwrap();
    assert!(open.opening().is_none());
    assert!(open.reader.doc().content.len() > beginning);
    assert_eq!(open.reader.doc().contents.len(), 60);
    assert!(matches!(
        &app.overlay,
        Some(Overlay::Contents(contents)) if contents.list.selected == 1
    ));
    let entry = app
        .library
        .iter()
        .find(|e| e.title == "A Long Book")
        .unwrap();
    assert_eq!(Some(entry.id), app.reading().unwrap().id);
    assert!(
        entry.position > 0,
        "the place is saved once the book is recorded"
    );
}

/// The book at `path` read whole, left at the start of its chapter `n` with a bookmark there,
/// and reopened: the app reopened, the whole book, and where the chapter starts.
fn left_at_chapter(
    path: &std::path::Path,
    n: usize,
) -> (App, Arc<crate::document::Document>, usize) {
    let mut app = app();
    app.open_path(path).unwrap();
    app.wait_for_background();
    let doc = Arc::clone(app.reading().unwrap().reader.doc());
    let chapter = doc.contents[n].start;
    app.open.as_mut().unwrap().reader.jump_to(chapter);
    app.update(Action::Bookmark);
    app.update(Action::Submit);
    (reopened(&mut app, path), doc, chapter)
}

#[test]
fn a_known_book_reopens_at_its_place_before_its_rest_is_read() {
    let (_dir, path) = long_book();
    let (mut again, doc, chapter) = left_at_chapter(&path, 20);
    let open = again.reading().unwrap();
    assert!(open.opening().is_some());
    assert!(open.id.is_some(), "an unchanged file is known by its stamp");
    assert_eq!(open.reader.anchor(), chapter);
    assert!(open.reader.doc().content.len() < doc.content.len());
    assert_eq!(
        open.marks.bookmarks.len(),
        1,
        "the bookmark in the beginning shows"
    );
    again.wait_for_background();
    assert_eq!(again.reading().unwrap().reader.anchor(), chapter);
}

#[test]
fn quitting_while_a_new_book_is_read_keeps_it_and_its_place() {
    let (_dir, path) = long_book();
    let mut app = app();
    app.open_path(&path).unwrap();
    app.update(Action::NextPage);
    app.update(Action::NextPage);
    let place = app.reading().unwrap().reader.anchor();
    app.update(Action::Quit);
    assert!(app.should_quit());
    let entry = app
        .store
        .library()
        .unwrap()
        .into_iter()
        .find(|e| e.title == "A Long Book")
        .unwrap();
    let doc = app.reading().unwrap().reader.doc();
    assert_eq!(doc.byte_of(entry.position as usize), place);
}

#[test]
fn quitting_a_long_text_not_moved_in_leaves_at_once_and_keeps_its_place() {
    let (_dir, path, mut app, doc) = long_text_read_whole();
    app.open
        .as_mut()
        .unwrap()
        .reader
        .jump_to(doc.byte_of(doc.chars / 2));
    let mut again = reopened(&mut app, &path);
    let saved = |app: &App| {
        let library = app.store.library().unwrap();
        let entry = library
            .iter()
            .find(|e| e.path.as_deref() == Some(path.as_path()));
        entry.unwrap().position
    };
    let place = saved(&again);
    assert!(place > 0);
    assert!(again.reading().unwrap().opening().is_some());
    again.update(Action::Quit);
    assert!(again.should_quit());
    let open = again.reading().unwrap();
    assert!(
        open.opening().is_some(),
        "the rest of the text not waited for"
    );
    assert_eq!(saved(&again), place, "its place as it was");
}

#[test]
fn a_long_text_reopened_far_in_shows_its_place_with_its_highlights_at_once() {
    let (_dir, path, mut app, doc) = long_text_read_whole();
    let place = doc.byte_of(doc.chars * 2 / 3);
    app.open.as_mut().unwrap().reader.jump_to(place);
    let top = app.reading().unwrap().reader.anchor();
    app.update(Action::SelectParagraph);
    app.update(Action::Highlight(2));
    app.update(Action::Close);
    let mut again = reopened(&mut app, &path);
    let open = again.reading().unwrap();
    assert!(open.part().is_some(), "the part around the place is shown");
    let part = Arc::clone(open.reader.doc());
    assert!(part.content.len() < doc.content.len() / 4);
    let shown = &part.content[open.reader.anchor()..];
    assert!(doc.content[top..].starts_with(&shown[..200]));
    assert_eq!(open.marks.placed().len(), 1, "the highlight shows");
    // Reading on goes on; what writes waits for the whole text.
    again.update(Action::NextPage);
    let next = again.reading().unwrap().reader.anchor();
    again.update(Action::Bookmark);
    assert!(again.waiting());
    let said = again.message.as_ref().unwrap().text.clone();
    assert!(said.starts_with("opening the whole text"), "{said}");
    again.wait_for_background();
    let open = again.reading().unwrap();
    assert!(open.part().is_none());
    assert_eq!(open.reader.doc().hash, doc.hash);
    let moved = open.reader.anchor();
    assert_eq!(
        &doc.content[moved..moved + 200],
        &part.content[next..next + 200]
    );
    again.update(Action::Submit); // the bookmark's name, asked for once the whole is there
    let open = again.reading().unwrap();
    assert_eq!(
        open.marks.bookmarks.len(),
        1,
        "the bookmark waited and was made"
    );
    assert_eq!(open.marks.placed().len(), 1);
}

#[test]
fn the_end_of_a_long_text_shows_at_once_before_the_whole_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = crate::document::long_text(dir.path(), 12 << 20);
    let mut app = app();
    app.open_path(&path).unwrap();
    app.update(Action::DocEnd);
    assert!(!app.waiting(), "G is not kept for the whole");
    let open = app.reading().unwrap();
    assert!(open.opening().is_some(), "the whole is still being read");
    assert!(open.part().is_some_and(|p| p.to_end));
    assert!(open.reader.at_end());
    let end = Arc::clone(open.reader.doc());
    assert!(end.content.len() < 1 << 20, "its end only");
    let shown = end.content[open.reader.anchor()..].to_string();
    // And back to the beginning, and to the end again, still before the whole is read.
    app.update(Action::DocStart);
    let open = app.reading().unwrap();
    assert!(open.opening().is_some() && open.part().is_none());
    assert!(open.reader.doc().content.starts_with("The Dissolution"));
    assert_eq!(open.reader.anchor(), 0);
    app.update(Action::DocEnd);
    assert!(app.reading().unwrap().reader.at_end());
    app.wait_for_background();
    let open = app.reading().unwrap();
    assert!(open.part().is_none());
    let whole = open.reader.doc();
    assert!(whole.content.ends_with(&shown));
    assert_eq!(open.reader.anchor(), whole.content.len() - shown.len());
    assert!(open.reader.at_end());
    let entry = app
        .store
        .library()
        .unwrap()
        .into_iter()
        .find(|e| e.path.as_deref() == Some(path.as_path()))
        .unwrap();
    assert_eq!(
        entry.position as usize,
        whole.char_of(open.reader.anchor()),
        "its place saved"
    );
}

#[test]
fn a_long_book_reopened_at_its_end_converts_its_last_chapters_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.epub");
    std::fs::write(&path, crate::test_book::long_epub(60, 200)).unwrap();
    let (mut again, doc, chapter) = left_at_chapter(&path, 59);
    let open = again.reading().unwrap();
    assert!(
        open.part().is_some(),
        "the chapters around the place come first"
    );
    assert!(open.reader.doc().content.len() < doc.content.len() / 4);
    let shown = &open.reader.doc().content[open.reader.anchor()..];
    assert!(shown.starts_with("Chapter 60"), "{}", &shown[..40]);
    assert_eq!(open.marks.bookmarks.len(), 1, "its bookmark there shows");
    again.wait_for_background();
    let open = again.reading().unwrap();
    assert!(open.part().is_none());
    assert_eq!(open.reader.doc().hash, doc.hash);
    assert_eq!(open.reader.anchor(), chapter);
}

#[test]
fn the_end_of_a_long_book_shows_at_once_before_the_whole_is_converted() {
    let (_dir, path) = long_book();
    let mut app = app();
    app.open_path(&path).unwrap();
    app.update(Action::DocEnd);
    assert!(!app.waiting(), "G is not kept for the whole");
    let open = app.reading().unwrap();
    assert!(open.opening().is_some() && open.part().is_some_and(|p| p.to_end));
    assert!(open.reader.at_end());
    let shown = open.reader.doc().content[open.reader.anchor()..].to_string();
    assert!(shown.contains("Chapter 60"), "{shown}");
    app.update(Action::DocStart);
    let open = app.reading().unwrap();
    assert!(open.part().is_none() && open.reader.anchor() == 0);
    assert!(open.reader.doc().content.starts_with("Chapter 1"));
    app.update(Action::DocEnd);
    app.wait_for_background();
    let open = app.reading().unwrap();
    assert!(open.opening().is_none() && open.part().is_none());
    let whole = &open.reader.doc().content;
    assert!(whole.ends_with(&shown), "the same last page in the whole");
    assert_eq!(open.reader.anchor(), whole.len() - shown.len());
}
