use super::*;
use crate::document::Format;

fn essay() -> Arc<Document> {
    let mut text = String::from("An Essay\n\n");
    for i in 0..40 {
        text.push_str(&format!(
            "Paragraph {i} begins here. It has a second sentence that runs on for a while. \
             And a third one closes it.\n\n"
        ));
    }
    Arc::new(Document::from_text(&text, "essay.txt", Format::TEXT))
}

fn collect_forward(r: &mut Reader) -> Vec<Vec<Row>> {
    let mut pages = vec![r.page().to_vec()];
    while !r.at_end() {
        r.next_page();
        pages.push(r.page().to_vec());
    }
    pages
}

#[test]
fn forward_then_back_shows_every_row_once_each_way() {
    let doc = essay();
    let mut r = Reader::new(Arc::clone(&doc), 0, 30, 7);
    let forward = collect_forward(&mut r);
    let rows: Vec<Row> = forward.concat();
    let mut at = 0;
    for row in &rows {
        assert_eq!(row.start, at);
        at = row.end;
    }
    assert_eq!(at, doc.content.len());
    let mut backward = vec![r.page().to_vec()];
    while !r.at_start() {
        r.prev_page();
        backward.push(r.page().to_vec());
    }
    backward.reverse();
    assert_eq!(backward, forward);
}

#[test]
fn resize_keeps_the_anchor_row() {
    let doc = essay();
    let mut r = Reader::new(Arc::clone(&doc), 0, 60, 20);
    r.next_page();
    r.next_page();
    let first = r.page()[0];
    let anchor = r.anchor();
    r.set_viewport(25, 8);
    let narrow = r.page()[0];
    assert!(narrow.start <= anchor && anchor < narrow.end.max(anchor + 1));
    r.set_viewport(60, 20);
    assert_eq!(r.page()[0], first);
}

#[test]
fn page_numbers_and_jumps() {
    let doc = essay();
    let mut r = Reader::new(doc, 0, 40, 10);
    r.wait_for_count();
    let n = r.page_number();
    assert!(n.exact);
    assert_eq!(n.page, 1);
    r.next_page();
    assert_eq!(r.page_number().page, 2);
    r.jump_to_page(5);
    assert_eq!(r.page_number().page, 5);
    r.jump_to_end();
    assert_eq!(r.page_number().page, r.page_number().pages);
    assert_eq!(r.percent(), 100.0);
    assert!(r.back());
    assert_eq!(r.page_number().page, 5);
    assert!(r.back());
    assert_eq!(r.page_number().page, 2);
    assert!(!r.back());
    r.jump_to_percent(50.0);
    assert!((r.percent() - 50.0).abs() < 5.0, "{}", r.percent());
}

#[test]
fn scrolling_stops_at_the_last_page() {
    let mut r = Reader::new(essay(), 0, 40, 10);
    r.scroll(100_000);
    assert!(r.at_end());
    assert_eq!(r.page().len(), 10);
    r.scroll(-3);
    assert!(!r.at_end());
    r.scroll(-100_000);
    assert!(r.at_start());
}

#[test]
fn reading_time_counts_the_chapter_and_the_book() {
    let doc = Arc::new(Document::from_text(
        &format!(
            "Book\n\nOne\n\n{}\n\nTwo\n\n{}",
            "word ".repeat(476),
            "word ".repeat(238)
        ),
        "b.txt",
        Format::TEXT,
    ));
    let one = doc.content.find("One").unwrap();
    let r = Reader::new(Arc::clone(&doc), one, 40, 10);
    // From "One": 477 words to "Two" (2 min), 716 words to the end (3 min).
    assert_eq!(r.minutes_left(), (2, 3));
    let title = Reader::new(doc, 0, 40, 10);
    assert_eq!(title.minutes_left(), (1, 3)); // the title alone is its own front matter
}

#[test]
fn empty_document_is_calm() {
    let doc = Arc::new(Document::from_text("", "e.txt", Format::TEXT));
    let mut r = Reader::new(doc, 10, 40, 10);
    r.next_page();
    r.prev_page();
    r.scroll(5);
    r.jump_to_end();
    r.jump_to_page(3);
    r.jump_to_percent(50.0);
    assert!(r.page().is_empty());
    assert_eq!(r.percent(), 100.0);
    assert_eq!(r.page_number().page, 1);
}
