use std::sync::Arc;

use super::*;
use crate::document::{Document, Format};

fn reader(width: u16, height: u16) -> Reader {
    let mut text = String::from("A Title\n\n");
    for i in 0..30 {
        text.push_str(&format!(
            "Paragraph {i} opens here. Its second sentence runs on for a while longer.\n\n"
        ));
    }
    Reader::new(
        Arc::new(Document::from_text(&text, "t.txt", Format::TEXT)),
        0,
        width,
        height,
    )
}

fn word_under(r: &Reader) -> String {
    let at = r.cursor().unwrap();
    let doc = r.doc();
    doc.content[at..]
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap()
        .to_string()
}

#[test]
fn the_cursor_moves_by_word_sentence_and_paragraph() {
    let mut r = reader(40, 10);
    r.show_cursor();
    assert_eq!(word_under(&r), "A");
    r.move_cursor(Motion::NextWord);
    assert_eq!(word_under(&r), "Title");
    r.move_cursor(Motion::NextParagraph);
    assert_eq!(word_under(&r), "Paragraph");
    r.move_cursor(Motion::NextSentence);
    assert_eq!(word_under(&r), "Its");
    r.move_cursor(Motion::WordEnd);
    assert_eq!(&r.doc().content[r.cursor().unwrap()..][..1], "s");
    r.move_cursor(Motion::PrevWord);
    assert_eq!(word_under(&r), "Its");
}

#[test]
fn a_selection_across_lines_and_pages() {
    let mut r = reader(30, 6);
    r.show_cursor();
    r.move_cursor(Motion::NextParagraph);
    r.start_selection();
    for _ in 0..3 {
        r.move_cursor(Motion::NextSentence);
    }
    r.move_cursor(Motion::PrevWord);
    let sel = r.selection().unwrap();
    let text = &r.doc().content[sel];
    assert!(
        text.starts_with("Paragraph 0 opens here. Its second"),
        "{text}"
    );
    assert!(
        text.contains('\n'),
        "the selection crosses into the next paragraph: {text}"
    );
    // The page followed the cursor down.
    let at = r.cursor().unwrap();
    assert!(r.page().first().unwrap().start <= at && at < r.page().last().unwrap().end);
    r.next_page();
    assert!(r.is_selecting());
    let moved = r.cursor().unwrap();
    assert!(moved >= r.page().first().unwrap().start);
}

#[test]
fn a_selection_by_sentence_word_or_paragraph_ends_where_it_does() {
    let mut r = reader(40, 10);
    r.show_cursor();
    r.move_cursor(Motion::NextParagraph);
    let selected = |r: &Reader| r.doc().content[r.selection().unwrap()].to_string();
    r.start_selection();
    r.move_cursor(Motion::NextSentence);
    assert_eq!(selected(&r), "Paragraph 0 opens here.");
    r.move_cursor(Motion::NextSentence);
    assert_eq!(
        selected(&r),
        "Paragraph 0 opens here. Its second sentence runs on for a while longer.",
        "not the first letter of the next paragraph"
    );
    r.clear_selection();
    r.move_cursor(Motion::PrevParagraph);
    r.start_selection();
    r.move_cursor(Motion::NextWord);
    assert_eq!(selected(&r), "Paragraph");
    r.move_cursor(Motion::WordEnd);
    assert_eq!(
        selected(&r),
        "Paragraph 0 opens",
        "a move to a word's end takes its last letter"
    );
    r.clear_selection();
    r.start_selection();
    r.move_cursor(Motion::NextParagraph);
    assert!(selected(&r).ends_with("longer."), "{}", selected(&r));
}

#[test]
fn paragraph_selection_and_lines() {
    let mut r = reader(30, 8);
    r.show_cursor();
    r.move_cursor(Motion::NextParagraph);
    r.select_paragraph();
    let text = &r.doc().content[r.selection().unwrap()];
    assert_eq!(
        text,
        "Paragraph 0 opens here. Its second sentence runs on for a while longer."
    );
    r.clear_selection();
    let before = r.cursor().unwrap();
    r.move_cursor(Motion::LineUp);
    r.move_cursor(Motion::LineDown);
    assert!(r.cursor().unwrap() <= before + 2);
}

#[test]
fn cells_map_to_characters() {
    let r = reader(40, 10);
    // Row 2 is "Paragraph 0 opens here. ...": cell 10 is the "0".
    let at = r.offset_at(10, 2).unwrap();
    assert_eq!(&r.doc().content[at..at + 1], "0");
    assert_eq!(r.offset_at(0, 1), None, "a gap row");
    assert_eq!(r.offset_at(0, 99), None);
}
