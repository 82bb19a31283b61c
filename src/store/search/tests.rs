use super::*;
use crate::anchor::Anchor;
use crate::document::DocumentMeta;
use crate::document::{Document, Format};
use crate::search::KeptPassage;
use crate::store::Source;

/// A store with one text indexed passage by passage (paragraphs).
fn indexed(text: &str) -> (Store, DocumentId, Document) {
    let mut store = Store::open_in_memory().unwrap();
    let doc = Document::from_text(text, "essay.txt", Format::TEXT);
    let registered = store
        .register(
            &DocumentMeta::from(&doc),
            Source::File {
                path: std::path::Path::new("/tmp/essay.txt"),
                stamp: None,
            },
            0,
        )
        .unwrap();
    let id = registered.id;
    assert_eq!(store.unindexed().unwrap().len(), 1);
    index(&mut store, id, &doc);
    assert!(store.unindexed().unwrap().is_empty());
    (store, id, doc)
}

/// Indexes every block of `doc` as a passage.
fn index(store: &mut Store, id: DocumentId, doc: &Document) {
    let passages = doc.blocks.iter().map(|b| IndexedPassage {
        words: doc.text(b).into(),
        kept: KeptPassage {
            start_char: doc.char_of(b.start()) as u64,
            section: None,
            text: doc.text(b),
        },
    });
    store.index_passages(id, passages).unwrap();
}

const ESSAY: &str = "On Permanent Revolution\n\n\
Trotsky argued for permanent revolution against socialism in one country.\n\n\
José Díaz and the Laval-Stalin treaty of 1935 changed the Popular Front.\n\n\
Stalin’s revolution from above was no revolution in the Marxist sense.\n";

/// The passages hit, by number (0 is the title).
fn passages(hits: &[PassageHit]) -> Vec<usize> {
    hits.iter().map(|h| h.passage).collect()
}

#[test]
fn phrases_prefixes_near_and_ranking() {
    let (store, id, _) = indexed(ESSAY);
    let hits = store
        .search_texts("\"socialism in one country\"", 10)
        .unwrap();
    assert_eq!(passages(&hits), [1]);
    assert_eq!(hits[0].document, id);
    assert_eq!(hits[0].title, "On Permanent Revolution");
    let hits = store.search_texts("revol*", 10).unwrap();
    assert_eq!(hits.len(), 3, "the title and both paragraphs");
    let hits = store.search_texts("NEAR(trotsky country, 10)", 10).unwrap();
    assert_eq!(hits.len(), 1);
    // Ranked by bm25: the short title first, then two mentions above one.
    let hits = passages(&store.search_texts("revolution", 10).unwrap());
    assert_eq!(hits, [0, 3, 1]);
}

#[test]
fn the_index_keeps_no_plain_copy_of_the_text() {
    let (store, _, _) = indexed(&ESSAY.repeat(200));
    let copies: i64 = store
        .conn
        .query_row(
            "SELECT COUNT(*) FROM sqlite_master WHERE name = 'passages_fts_content'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        copies, 0,
        "an FTS5 table that keeps its text has a _content table"
    );
    assert!(store.search_texts("Marxist", 1000).unwrap().len() >= 200);
}

#[test]
fn accents_case_and_quotes_are_folded() {
    let (store, _, _) = indexed(ESSAY);
    assert_eq!(store.search_texts("diaz", 10).unwrap().len(), 1);
    assert_eq!(store.search_texts("JOSE", 10).unwrap().len(), 1);
    assert_eq!(store.search_texts("stalin's", 10).unwrap().len(), 1);
}

#[test]
fn a_query_that_is_not_fts_syntax_is_taken_word_by_word() {
    let (store, _, _) = indexed(ESSAY);
    let hits = store.search_texts("Laval-Stalin", 10).unwrap();
    assert_eq!(hits.len(), 1);
    assert!(store.search_texts("\"unbalanced", 10).unwrap().is_empty());
    assert!(store.search_texts("\"", 10).unwrap().is_empty());
}

#[test]
fn notes_are_indexed_as_they_are_written() {
    let (mut store, id, doc) = indexed(ESSAY);
    let quote = "permanent revolution";
    let start = doc.content.find(quote).unwrap();
    let anchor = Anchor::new(&doc.content, start..start + quote.len(), doc.char_of(start));
    let a = store
        .add_annotation(id, &anchor, 1, "compare with Bukharin", &doc.content, 0)
        .unwrap();
    let found = store.search_notes("bukharin", 10).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].quote, quote);
    assert_eq!(
        store.search_notes("permanent", 10).unwrap().len(),
        1,
        "by quote too"
    );
    store
        .set_note(a.id, "compare with Preobrazhensky", 1)
        .unwrap();
    assert!(store.search_notes("bukharin", 10).unwrap().is_empty());
    assert_eq!(store.search_notes("preobraz*", 10).unwrap().len(), 1);
    store.set_annotation_deleted(a.id, true, 2).unwrap();
    assert!(store.search_notes("preobraz*", 10).unwrap().is_empty());
}

#[test]
fn notes_in_japanese_are_found_by_a_word_inside_them() {
    let (mut store, id, doc) = indexed("草枕\n\n山路を登りながら、こう考えた。\n");
    let quote = "山路を登りながら";
    let start = doc.content.find(quote).unwrap();
    let anchor = Anchor::new(&doc.content, start..start + quote.len(), doc.char_of(start));
    let a = store
        .add_annotation(id, &anchor, 1, "漱石の冒頭、Natsume", &doc.content, 0)
        .unwrap();
    let found = store.search_notes("冒頭", 10).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].snippet, "漱石の\u{2}冒頭\u{3}、Natsume");
    assert_eq!(store.search_notes("登り", 10).unwrap().len(), 1, "by quote");
    assert_eq!(store.search_notes("冒頭 natsume", 10).unwrap().len(), 1);
    assert!(store.search_notes("冒頭 Sōseki", 10).unwrap().is_empty());
    store.set_annotation_deleted(a.id, true, 2).unwrap();
    assert!(store.search_notes("冒頭", 10).unwrap().is_empty());
}

#[test]
fn a_text_leaving_the_library_leaves_the_index_and_comes_back_to_it() {
    let (mut store, id, doc) = indexed(ESSAY);
    assert_eq!(store.search_texts("Marxist", 10).unwrap().len(), 1);
    assert!(store.passage_run(id, 0).unwrap().is_some());
    store.remove_document(id, false, 1).unwrap();
    assert!(store.search_texts("Marxist", 10).unwrap().is_empty());
    assert!(store.passage_run(id, 0).unwrap().is_none());
    // Opened again, it is indexed again by the next search.
    let file = Source::File {
        path: std::path::Path::new("/tmp/essay.txt"),
        stamp: None,
    };
    store.register(&DocumentMeta::from(&doc), file, 2).unwrap();
    assert_eq!(store.unindexed().unwrap().len(), 1);
    // Its file now another text: the text it was is out of the index.
    index(&mut store, id, &doc);
    let edited = Document::from_text(
        &ESSAY.replace("Marxist", "Leninist"),
        "essay.txt",
        Format::TEXT,
    );
    let file = Source::File {
        path: std::path::Path::new("/tmp/essay.txt"),
        stamp: None,
    };
    let now = store
        .register(&DocumentMeta::from(&edited), file, 3)
        .unwrap();
    assert_eq!(now.replaced, Some(id));
    assert!(store.search_texts("Marxist", 10).unwrap().is_empty());
}

#[test]
fn the_index_merged_a_few_pages_at_a_time_is_whole() {
    let (mut store, _, _) = indexed(&ESSAY.repeat(300));
    store.merge_index().unwrap();
    store
        .conn
        .execute(
            "INSERT INTO passages_fts (passages_fts, rank) VALUES ('integrity-check', 0)",
            [],
        )
        .unwrap();
    assert_eq!(store.search_texts("Marxist", 1000).unwrap().len(), 300);
}
