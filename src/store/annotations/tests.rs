use super::*;
use crate::annotation::Moved;
use crate::document::{DocumentId, DocumentMeta, Format};
use crate::store::Source;

fn store_with_doc() -> (Store, DocumentId) {
    let mut store = Store::open_in_memory().unwrap();
    let meta = DocumentMeta {
        hash: "h".into(),
        author: None,
        title: "Essay".into(),
        format: Format::TEXT,
        chars: 100,
        words: 20,
    };
    let id = store.register(&meta, Source::Bundled("e"), 1).unwrap().id;
    (store, id)
}

fn anchor(start: usize, quote: &str) -> Anchor {
    Anchor {
        start,
        end: start + quote.chars().count(),
        quote: quote.into(),
        prefix: "before ".into(),
        suffix: " after".into(),
    }
}

#[test]
fn annotations_round_trip_with_tags() {
    let (mut store, doc) = store_with_doc();
    let a = store
        .add_annotation(
            doc,
            &anchor(10, "a quote"),
            2,
            "Why? #Stalin #comintern",
            "text",
            5,
        )
        .unwrap();
    assert_eq!(a.tags, ["comintern", "stalin"]);
    assert_eq!(a.uuid.len(), 36);
    assert_eq!(store.annotations(doc).unwrap(), std::slice::from_ref(&a));
    store.set_note(a.id, "Now #other", 6).unwrap();
    let edited = store.annotation(a.id).unwrap().unwrap();
    assert_eq!(edited.tags, ["other"]);
    assert_eq!(edited.modified_at, 6);
    assert_eq!(edited.created_at, 5);
    assert_eq!(store.document_text(doc).unwrap().as_deref(), Some("text"));
}

#[test]
fn deletes_are_soft_until_purged() {
    let (mut store, doc) = store_with_doc();
    let a = store
        .add_annotation(doc, &anchor(0, "q"), 1, "", "t", 1)
        .unwrap();
    store.set_annotation_deleted(a.id, true, 2).unwrap();
    assert!(store.annotations(doc).unwrap().is_empty());
    assert!(store.annotation(a.id).unwrap().is_some());
    store.set_annotation_deleted(a.id, false, 3).unwrap();
    assert_eq!(store.annotations(doc).unwrap().len(), 1);
    store.set_annotation_deleted(a.id, true, 4).unwrap();
    assert_eq!(store.purge_deleted().unwrap(), 1);
    assert!(store.annotation(a.id).unwrap().is_none());
}

#[test]
fn library_wide_lists_filter_by_document_and_tag() {
    let (mut store, doc) = store_with_doc();
    store
        .add_annotation(doc, &anchor(0, "one"), 1, "#a", "t", 1)
        .unwrap();
    store
        .add_annotation(doc, &anchor(5, "two"), 1, "#b", "t", 1)
        .unwrap();
    assert_eq!(store.all_annotations(None, None).unwrap().len(), 2);
    let tagged = store.all_annotations(Some(doc), Some("#B")).unwrap();
    assert_eq!(tagged.len(), 1);
    assert_eq!(tagged[0].annotation.anchor.quote, "two");
    assert_eq!(tagged[0].title, "Essay");
}

#[test]
fn bookmarks_and_drafts() {
    let (mut store, doc) = store_with_doc();
    let b = store.add_bookmark(doc, 42, "start of part two", 1).unwrap();
    assert_eq!(
        store.bookmarks(doc, false).unwrap(),
        std::slice::from_ref(&b)
    );
    store.set_bookmark_deleted(b.id, true, 2).unwrap();
    assert!(store.bookmarks(doc, false).unwrap().is_empty());
    assert_eq!(store.bookmarks(doc, true).unwrap().len(), 1);

    assert_eq!(store.draft(doc).unwrap(), None);
    let draft = Draft {
        document: doc,
        annotation: None,
        reply: None,
        anchor: anchor(3, "selected"),
        color: 1,
        text: "half a thought".into(),
        updated_at: 9,
    };
    store.save_draft(&draft).unwrap();
    let newer = Draft {
        text: "a whole thought".into(),
        ..draft
    };
    store.save_draft(&newer).unwrap();
    assert_eq!(store.draft(doc).unwrap(), Some(newer));
    store.clear_draft(doc).unwrap();
    assert_eq!(store.draft(doc).unwrap(), None);
}

#[test]
fn moving_to_new_content_places_or_orphans_and_never_drops() {
    let (mut store, old) = store_with_doc();
    let meta = DocumentMeta {
        hash: "h2".into(),
        author: None,
        title: "Essay".into(),
        format: Format::TEXT,
        chars: 100,
        words: 20,
    };
    let new = store.register(&meta, Source::Bundled("e2"), 2).unwrap().id;
    let placed = store
        .add_annotation(old, &anchor(0, "kept"), 1, "", "old", 1)
        .unwrap();
    let lost = store
        .add_annotation(old, &anchor(9, "gone"), 1, "#n", "old", 1)
        .unwrap();
    let deleted = store
        .add_annotation(old, &anchor(20, "was"), 1, "", "old", 1)
        .unwrap();
    store.set_annotation_deleted(deleted.id, true, 2).unwrap();
    let bookmark = store.add_bookmark(old, 50, "", 1).unwrap();
    let to_move = store.annotations_to_move(old).unwrap();
    assert_eq!(to_move.len(), 3);
    let moved: Vec<Moved<AnnotationId>> = to_move
        .iter()
        .map(|a| Moved {
            id: a.id,
            anchor: (a.id != lost.id).then(|| anchor(a.anchor.start + 4, &a.anchor.quote)),
            unsure: a.id == placed.id,
        })
        .collect();
    store
        .move_annotations(
            old,
            new,
            &MovedText {
                annotations: moved,
                cards: Vec::new(),
                bookmarks: vec![(bookmark.id, 54)],
            },
            "new text",
            3,
        )
        .unwrap();
    assert!(store.annotations(old).unwrap().is_empty());
    let now = store.annotations(new).unwrap();
    assert_eq!(now.len(), 2);
    assert_eq!(now[0].id, placed.id);
    assert_eq!(now[0].anchor.start, 4);
    assert!(!now[0].orphaned);
    assert!(now[0].unsure, "placed on weak evidence: to check");
    store.confirm_place(placed.id).unwrap();
    assert!(!store.annotations(new).unwrap()[0].unsure);
    assert_eq!(now[1].id, lost.id);
    assert!(now[1].orphaned, "orphans are listed last");
    assert_eq!(now[1].anchor.quote, "gone");
    assert_eq!(store.bookmarks(new, false).unwrap()[0].position, 54);
    assert_eq!(
        store.document_text(new).unwrap().as_deref(),
        Some("new text")
    );
    assert_eq!(store.annotations_to_move(new).unwrap().len(), 3);
}

#[test]
fn an_orphan_keeps_its_thread() {
    let (mut store, doc) = store_with_doc();
    let a = store
        .add_annotation(doc, &anchor(0, "words"), 1, "", "words", 1)
        .unwrap();
    store
        .conn
        .execute("UPDATE annotations SET orphaned = 1", [])
        .unwrap();
    store.add_reply(&a.uuid, "Where did this go?", 2).unwrap();
    let thread = store.replies(Some(doc)).unwrap();
    assert_eq!(thread.len(), 1);
    assert_eq!(thread[0].parent, a.uuid);
}

#[test]
fn the_others_are_read_around_a_range_long_ones_too() {
    let (mut store, doc) = store_with_doc();
    let mut add = |start: usize, end: usize, other: bool| {
        let quote = "x".repeat(end - start);
        let a = store
            .add_annotation(
                doc,
                &anchor(start, &quote),
                1,
                &format!("#at{start}"),
                "text",
                5,
            )
            .unwrap();
        if other {
            store
                .conn
                .execute(
                    "UPDATE annotations SET author_id = 'b', author_name = 'Ben' WHERE id = ?1",
                    [a.id.0],
                )
                .unwrap();
        }
    };
    add(100, 105, true);
    add(5000, 5005, true);
    add(0, 9000, true);
    add(100, 105, false);
    let around = |chars: std::ops::Range<usize>| -> Vec<(usize, usize)> {
        let others = store.others_around(doc, chars).unwrap();
        others
            .iter()
            .map(|a| (a.anchor.start, a.anchor.end))
            .collect()
    };
    assert_eq!(around(4000..6000), [(0, 9000), (5000, 5005)]);
    let tags: Vec<Vec<String>> = store
        .others_around(doc, 4000..6000)
        .unwrap()
        .into_iter()
        .map(|a| a.tags)
        .collect();
    assert_eq!(tags, [["at0"], ["at5000"]], "each with its own tags");
    assert_eq!(around(50..200), [(0, 9000), (100, 105)]);
    assert_eq!(around(103..104), [(0, 9000), (100, 105)]);
    assert_eq!(around(105..4000), [(0, 9000)]);
    assert_eq!(around(9000..9600), []);
    assert!(store.annotations_exceed(doc, 3).unwrap());
    assert!(!store.annotations_exceed(doc, 4).unwrap());
    let ben = Author {
        id: "b".into(),
        name: "Ben".into(),
    };
    assert_eq!(store.members_on(doc).unwrap(), [(ben, 3)]);
    let held = store.annotations_held(doc).unwrap();
    assert_eq!(held.len(), 1, "the reader's own");
    assert!(held[0].author.is_none());
}
