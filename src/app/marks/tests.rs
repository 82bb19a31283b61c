use super::*;
use crate::anchor::Anchor;
use crate::document::DocumentId;
use crate::document::Format;

#[test]
fn each_members_annotations_are_counted_as_they_come_and_go() {
    let doc = Document::from_text("One two three.", "t.txt", Format::TEXT);
    let ana = |id| Annotation {
        author: Some(Author {
            id: "ana-id".into(),
            name: "Ana".into(),
        }),
        ..annotation(id, &doc, "two")
    };
    let counted = |marks: &Marks| -> Vec<(String, usize)> {
        let counts = marks.authors_counted().into_iter();
        counts.map(|(a, n)| (a.name, n)).collect()
    };
    let mut marks = Marks::new(&doc, vec![ana(1), annotation(2, &doc, "One")], Vec::new());
    assert_eq!(counted(&marks), [("Ana".to_string(), 1)]);
    marks.put(ana(3), 4..7);
    assert_eq!(counted(&marks), [("Ana".to_string(), 2)]);
    marks.remove(AnnotationId(1));
    marks.put_orphan(ana(3));
    assert_eq!(
        counted(&marks),
        [("Ana".to_string(), 1)],
        "replaced, not added"
    );
    assert_eq!(marks.count(), 2);
    marks.remove(AnnotationId(3));
    assert!(counted(&marks).is_empty());
}

/// One's own highlight of the first `quote` in `doc`.
pub(crate) fn annotation(id: i64, doc: &Document, quote: &str) -> Annotation {
    let start = doc.content.find(quote).unwrap();
    Annotation {
        id: AnnotationId(id),
        uuid: id.to_string(),
        document: DocumentId(1),
        anchor: Anchor::new(&doc.content, start..start + quote.len(), doc.char_of(start)),
        color: 1,
        note: String::new(),
        tags: Vec::new(),
        orphaned: false,
        unsure: false,
        created_at: 0,
        modified_at: 0,
        author: None,
        deleted_at: None,
    }
}

#[test]
fn overlapping_and_innermost() {
    let doc = Document::from_text(
        "Título\n\nOne two three four five six seven eight.",
        "t.txt",
        Format::TEXT,
    );
    let long = annotation(1, &doc, "two three four five");
    let inner = annotation(2, &doc, "four");
    let late = annotation(3, &doc, "seven");
    let marks = Marks::new(&doc, vec![late, long, inner], Vec::new());
    let at = |s: &str| doc.content.find(s).unwrap();
    let ids =
        |r: Range<usize>| -> Vec<i64> { marks.overlapping(r).map(|p| p.annotation.id.0).collect() };
    assert_eq!(ids(at("three")..at("three") + 1), [1]);
    assert_eq!(ids(at("four")..at("six")), [1, 2]);
    assert_eq!(ids(at("six")..doc.content.len()), [3]);
    assert_eq!(ids(0..at("One")), Vec::<i64>::new());
    assert_eq!(marks.at(at("four") + 1).unwrap().annotation.id.0, 2);
    assert_eq!(marks.at(at("five")).unwrap().annotation.id.0, 1);
    assert!(marks.at(at("six")).is_none());
}

#[test]
fn a_quote_off_its_offsets_is_searched_for_and_else_orphaned() {
    let doc = Document::from_text("Alpha beta gamma delta.", "t.txt", Format::TEXT);
    let mut shifted = annotation(1, &doc, "gamma");
    shifted.anchor.start += 3;
    shifted.anchor.end += 3;
    let mut missing = annotation(2, &doc, "beta");
    missing.anchor.quote = "omega psi chi".into();
    let marks = Marks::new(&doc, vec![shifted, missing], Vec::new());
    assert_eq!(&doc.content[marks.placed()[0].range.clone()], "gamma");
    assert_eq!(marks.orphans.len(), 1);
}

#[test]
fn held_around_the_page_the_others_change_and_ones_own_stay() {
    let doc = Document::from_text("One two three four five.", "t.txt", Format::TEXT);
    let ana = |id, quote| Annotation {
        author: Some(Author {
            id: "ana-id".into(),
            name: "Ana".into(),
        }),
        ..annotation(id, &doc, quote)
    };
    let mine = annotation(1, &doc, "five");
    let mut marks = Marks::new(&doc, vec![mine], Vec::new()).held_around();
    assert!(!marks.holds(&(0..3)), "nothing of the others' held yet");
    assert!(!marks.members_counted());
    marks.hold_around(&doc, vec![ana(2, "One")], 0..8);
    assert!(marks.holds(&(0..3)) && !marks.holds(&(4..12)));
    marks.hold_around(&doc, vec![ana(3, "three")], 4..24);
    let held: Vec<i64> = marks.placed().iter().map(|p| p.annotation.id.0).collect();
    assert_eq!(held, [3, 1], "Ana's first let go, the reader's own kept");
    let ana_counted = (ana(9, "One").author.unwrap(), 40_000);
    marks.set_members(vec![ana_counted]);
    assert_eq!(
        marks.count(),
        40_001,
        "the store's count of Ana's, and one's own"
    );
}
