//! A text a group annotated more than [`WINDOW_ABOVE`] times: the reader holds the other
//! members' annotations around the page, reads them again where the page goes, and counts
//! each member's in the store.

use super::*;
use crate::anchor::Anchor;
use crate::app::apply::window::WINDOW_ABOVE;
use crate::document::Document;

const ANA: &str = "00000000-0000-4000-8000-0000000000a1";
use crate::share::exchange::{self, Shared, SharedReply};

/// One member's file: an annotation on every few words of `doc`, `count` in all.
fn member_file(doc: &Document, name: &str, count: usize) -> String {
    // Each word: a run of letters, digits or punctuation between blanks.
    let mut words: Vec<std::ops::Range<usize>> = Vec::new();
    let mut start = None;
    for (i, c) in doc.content.char_indices().chain([(doc.content.len(), ' ')]) {
        match (c.is_whitespace(), start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                words.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    let step = (words.len() / count).max(1);
    let annotations: Vec<Shared> = (0..count)
        .map(|n| {
            let word = words[(n * step) % words.len()].clone();
            Shared {
                uuid: format!("00000000-0000-4000-8000-{n:012x}"),
                author_id: ANA.to_string(),
                author_name: name.into(),
                created: 1_795_000_000,
                modified: 1_795_000_000,
                color: 2,
                note: String::new(),
                tags: Vec::new(),
                document_hash: doc.hash.clone(),
                document_title: doc.title.clone(),
                document_chars: None,
                anchor: Anchor::new(&doc.content, word.clone(), doc.char_of(word.start)),
                deleted: None,
            }
        })
        .collect();
    // One answer, to the last in the text.
    let last = annotations.iter().max_by_key(|a| a.anchor.start).unwrap();
    let reply = SharedReply {
        uuid: "00000000-0000-4000-9000-000000000001".into(),
        author_id: ANA.into(),
        author_name: name.into(),
        created: 1_795_000_100,
        modified: 1_795_000_100,
        parent: last.uuid.clone(),
        body: "On second thought.".into(),
        deleted: None,
    };
    exchange::write(ANA, name, &annotations, &[reply])
}

/// An app on a database in `dir` whose first text another member annotated `total` times;
/// the text, and its entry.
fn annotated_everywhere(dir: &std::path::Path, total: usize) -> (App, Document) {
    // In a file, as the program's: each member's annotations are counted on another thread.
    let store = Store::open(&dir.join("gloss.db")).unwrap();
    let mut app = App::new(store, DEFAULT_MEASURE);
    app.update(Action::Resize(100, 30));
    let entry = app.store.library().unwrap().remove(0);
    let doc = library::open_entry(&mut app.store, &entry, 0).unwrap().doc;
    let file = member_file(&doc, "Ana", total);
    crate::group::import(&mut app.store, file.as_bytes()).unwrap();
    (app, doc)
}

/// The page shown, in bytes.
fn page_of(app: &App) -> std::ops::Range<usize> {
    let rows = app.reading().unwrap().reader.page();
    rows[0].start..rows[rows.len() - 1].end
}

#[test]
fn a_text_a_group_annotated_everywhere_is_held_around_the_page() {
    let dir = tempfile::tempdir().unwrap();
    let total = WINDOW_ABOVE + 1;
    let (mut app, doc) = annotated_everywhere(dir.path(), total);
    let entry = app.store.library().unwrap().remove(0);
    // The library counts the text's news up to a bound.
    let news = app.store.news_counts().unwrap();
    assert_eq!(news[&entry.id], crate::annotation::news::NEWS_COUNTED_UP_TO);
    open_first(&mut app);
    let held = |app: &App| {
        let open = app.reading().unwrap();
        let page = page_of(app);
        let on_page = open.marks.overlapping(page.clone()).count();
        (open.marks.placed().len(), on_page, open.marks.holds(&page))
    };
    let (first_held, on_page, holds) = held(&app);
    assert!(holds);
    let open = app.reading().unwrap();
    assert!(
        open.marks
            .placed()
            .iter()
            .all(|p| open.marks.thread(&p.annotation).is_empty())
    );
    assert!(on_page > 0, "the page shows the group's annotations");
    assert!(first_held < total / 4, "{first_held} of {total} held");
    // The panel lists what is held (and its title says so).
    app.update(Action::Annotations);
    assert!(app.reading().unwrap().marks.in_part());
    app.update(Action::Close);

    // At the end, the annotations there are read; those of the beginning let go.
    app.update(Action::DocEnd);
    let (end_held, on_page, holds) = held(&app);
    assert!(
        holds && on_page > 0,
        "{end_held} held, {on_page} on the page"
    );
    let open = app.reading().unwrap();
    assert!(open.marks.placed()[0].range.start > doc.content.len() / 2);
    // The threads of what is held are read with it.
    let answered = open
        .marks
        .placed()
        .iter()
        .find(|p| !open.marks.thread(&p.annotation).is_empty());
    assert!(
        answered.is_some(),
        "the answer to the last annotation is held"
    );

    // A search goes to its match (on this short text within the key itself): what lies there
    // is read too.
    app.update(Action::DocStart);
    let word = doc.content[doc.content.len() * 3 / 4..]
        .split_whitespace()
        .nth(1)
        .unwrap()
        .to_string();
    app.update(Action::Find);
    app.paste(&word);
    app.update(Action::Submit);
    let started = std::time::Instant::now();
    while held(&app).0 == first_held && started.elapsed() < std::time::Duration::from_secs(10) {
        app.tick();
        std::thread::yield_now();
    }
    let (_, on_page, holds) = held(&app);
    assert!(
        holds && on_page > 0,
        "the page of the match shows the group's"
    );

    // Each member's annotations were counted on another thread meanwhile.
    app.wait_for_background();
    assert!(app.reading().unwrap().marks.members_counted());
    app.update(Action::Whose);
    let open = app.reading().unwrap();
    assert_eq!(open.marks.count(), total);
    assert_eq!(open.marks.authors_counted()[0].1, total);
}

#[test]
fn a_text_reopened_far_in_shows_the_page_read_while_the_text_was_parsed() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, doc) = annotated_everywhere(dir.path(), WINDOW_ABOVE + 1);
    open_first(&mut app);
    app.update(Action::DocEnd);
    app.update(Action::PrevPage);
    app.update(Action::Library);
    assert_eq!(app.mode(), Mode::Library);
    app.update(Action::Open);
    let page = page_of(&app);
    assert!(page.start > doc.content.len() / 2, "at its place again");
    let open = app.reading().unwrap();
    // Read early, the page's alone (a row either side), not a window around it.
    assert!(open.marks.holds(&page));
    let before = page.start.saturating_sub(1_000)..page.end;
    assert!(!open.marks.holds(&before), "only the page was read");
    // Exactly what the store has on the page.
    let id = open.id.unwrap();
    let chars = doc.char_of(page.start)..doc.char_of(page.end);
    let mut stored: Vec<String> = app
        .store
        .others_around(id, chars)
        .unwrap()
        .into_iter()
        .map(|a| a.uuid)
        .collect();
    let mut shown: Vec<String> = open
        .marks
        .overlapping(page.clone())
        .map(|p| p.annotation.uuid.clone())
        .collect();
    stored.sort();
    shown.sort();
    assert!(!shown.is_empty());
    assert_eq!(shown, stored);
    // The pages around it are read behind it, and the next page turns find theirs held.
    app.wait_for_background();
    assert!(app.reading().unwrap().marks.holds(&before));
    app.update(Action::NextPage);
    let open = app.reading().unwrap();
    assert!(open.marks.holds(&page_of(&app)));
    assert!(open.marks.holds(&before), "the page turn read nothing");
}

#[test]
fn a_page_as_crowded_as_a_thousand_members_make_it_is_taken_for_a_crowded_text() {
    use crate::app::apply::window::crowded;
    // The members bench's first page: 2,485 of a million annotations on 2,960 characters.
    assert!(crowded(2_485, 2_960, 1_500_000));
    // Twenty thousand on a short essay, or thirty a page of a long book: counted.
    assert!(!crowded(1_000, 2_000, 40_000));
    assert!(!crowded(30, 3_000, 1_500_000));
    assert!(!crowded(0, 0, 0));
}

#[test]
fn a_reply_written_while_the_pages_around_are_read_is_not_undone() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, _) = annotated_everywhere(dir.path(), WINDOW_ABOVE + 1);
    // Opened: the page read early, the pages around it being read behind.
    app.update(Action::Open);
    assert!(app.reading().unwrap().around.is_some());
    let page = page_of(&app);
    let open = app.reading().unwrap();
    let parent = open
        .marks
        .overlapping(page)
        .next()
        .unwrap()
        .annotation
        .clone();
    // A reply the read under way cannot have seen, whenever it reads: put in the threads,
    // and not in the store's.
    let reply = app.store.add_reply(&parent.uuid, "Meanwhile.", 10).unwrap();
    app.store.set_reply_deleted(reply.id, true, 11).unwrap();
    app.open.as_mut().unwrap().marks.put_reply(reply);
    // What was read before it does not replace the threads (it is read again).
    app.wait_for_background();
    let open = app.reading().unwrap();
    assert!(
        open.marks
            .thread(&parent)
            .iter()
            .any(|r| r.body == "Meanwhile.")
    );
}
