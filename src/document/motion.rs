//! Moving through a document's text by word, sentence and paragraph, with Unicode word and
//! sentence boundaries (unicode-segmentation), never by splitting on spaces. All offsets are
//! byte offsets of `content`; every function returns a char boundary.
//!
//! Segmentation runs on one block at a time (blocks are paragraphs, at most 16 KiB), so a move is
//! cheap however large the document.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::Document;

/// Byte ranges of the words (segments with a letter or digit) of a block, and of the note
/// marks in it, in order: a mark is a stop of its own, even when it is no word (`man,*20`).
fn words(doc: &Document, block: usize) -> impl Iterator<Item = Range<usize>> + '_ {
    let b = &doc.blocks[block];
    let words = doc
        .text(b)
        .split_word_bound_indices()
        .filter(|(_, w)| w.chars().any(char::is_alphanumeric))
        .map(move |(i, w)| b.start() + i..b.start() + i + w.len());
    let from = doc.marks.partition_point(|m| m.start < b.start());
    let to = doc.marks.partition_point(|m| m.start < b.end());
    let marks = doc.marks[from..to].iter().map(|m| m.start..m.end);
    let mut all: Vec<Range<usize>> = words.chain(marks).collect();
    all.sort_by_key(|r| r.start);
    all.dedup_by_key(|r| r.start);
    all.into_iter()
}

fn sentences(doc: &Document, block: usize) -> impl Iterator<Item = Range<usize>> + '_ {
    let b = &doc.blocks[block];
    doc.text(b)
        .split_sentence_bound_indices()
        .map(move |(i, s)| b.start() + i..b.start() + i + s.trim_end().len())
        .filter(|r| !r.is_empty())
}

/// Blocks from the one holding `offset` onwards, or backwards.
fn blocks_from(doc: &Document, offset: usize, forward: bool) -> Box<dyn Iterator<Item = usize>> {
    let here = doc.block_at(offset);
    if forward {
        Box::new(here..doc.blocks.len())
    } else {
        Box::new((0..=here).rev())
    }
}

/// Start of the next word after the one at `offset` (`w`).
pub fn next_word(doc: &Document, offset: usize) -> usize {
    first_after(doc, offset, |b| words(doc, b).map(|r| r.start).collect())
}

/// Start of the word before `offset`, or of the word `offset` is inside (`b`).
pub fn prev_word(doc: &Document, offset: usize) -> usize {
    last_before(doc, offset, |b| words(doc, b).map(|r| r.start).collect())
}

/// Start of the last character of the word ending after `offset` (`e`).
pub fn word_end(doc: &Document, offset: usize) -> usize {
    first_after(doc, offset, |b| {
        words(doc, b)
            .map(|r| last_char_start(&doc.content, r))
            .collect()
    })
}

/// Start of the last character of the space-delimited word ending after `offset` (`E`): like
/// [`word_end`], but taking the punctuation that clings to the word ("upheaval." with its stop).
pub fn big_word_end(doc: &Document, offset: usize) -> usize {
    first_after(doc, offset, |b| {
        let block = &doc.blocks[b];
        let text = doc.text(block);
        text.split_whitespace()
            .map(|w| {
                let start = w.as_ptr() as usize - text.as_ptr() as usize;
                last_char_start(
                    &doc.content,
                    block.start() + start..block.start() + start + w.len(),
                )
            })
            .collect()
    })
}

pub fn next_sentence(doc: &Document, offset: usize) -> usize {
    first_after(doc, offset, |b| {
        sentences(doc, b).map(|r| r.start).collect()
    })
}

pub fn prev_sentence(doc: &Document, offset: usize) -> usize {
    last_before(doc, offset, |b| {
        sentences(doc, b).map(|r| r.start).collect()
    })
}

/// Start of the next paragraph (block that does not continue the previous one).
pub fn next_paragraph(doc: &Document, offset: usize) -> usize {
    first_after(doc, offset, |b| paragraph_start(doc, b))
}

pub fn prev_paragraph(doc: &Document, offset: usize) -> usize {
    last_before(doc, offset, |b| paragraph_start(doc, b))
}

fn paragraph_start(doc: &Document, block: usize) -> Vec<usize> {
    if doc.blocks[block].continues {
        Vec::new()
    } else {
        vec![doc.blocks[block].start()]
    }
}

/// The whole paragraph holding `offset` (its blocks that continue one another), without the
/// trailing blanks.
pub fn paragraph(doc: &Document, offset: usize) -> Range<usize> {
    if doc.is_empty() {
        return 0..0;
    }
    let mut first = doc.block_at(offset);
    while first > 0 && doc.blocks[first].continues {
        first -= 1;
    }
    let mut last = first;
    while doc.blocks.get(last + 1).is_some_and(|b| b.continues) {
        last += 1;
    }
    let start = doc.blocks[first].start();
    let end = doc.blocks[last].end();
    start..start + doc.content[start..end].trim_end().len()
}

/// The word at `offset`, if it is on one.
pub fn word_at(doc: &Document, offset: usize) -> Option<Range<usize>> {
    if doc.is_empty() {
        return None;
    }
    words(doc, doc.block_at(offset)).find(|r| r.contains(&offset))
}

/// The first target strictly after `offset`, looking block by block.
fn first_after(doc: &Document, offset: usize, targets: impl Fn(usize) -> Vec<usize>) -> usize {
    if doc.is_empty() {
        return 0;
    }
    blocks_from(doc, offset, true)
        .find_map(|b| targets(b).into_iter().find(|&t| t > offset))
        .unwrap_or(offset)
}

/// The last target strictly before `offset`, looking block by block backwards.
fn last_before(doc: &Document, offset: usize, targets: impl Fn(usize) -> Vec<usize>) -> usize {
    if doc.is_empty() {
        return 0;
    }
    blocks_from(doc, offset, false)
        .find_map(|b| targets(b).into_iter().rev().find(|&t| t < offset))
        .unwrap_or(offset)
}

/// Byte offset of the last character in `range`.
pub fn last_char_start(text: &str, range: Range<usize>) -> usize {
    text[range.clone()]
        .char_indices()
        .next_back()
        .map_or(range.start, |(i, _)| range.start + i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Format;

    fn doc() -> Document {
        Document::from_text(
            "Title Line\n\nFirst sentence here. Second one, with Stalin’s “quote”! Third.\n\n\
             Next paragraph starts, ends.",
            "t.txt",
            Format::TEXT,
        )
    }

    fn at(doc: &Document, s: &str) -> usize {
        doc.content.find(s).unwrap()
    }

    #[test]
    fn word_motions_use_unicode_words() {
        let d = doc();
        let second = at(&d, "Second");
        assert_eq!(next_word(&d, second), at(&d, "one,"));
        assert_eq!(next_word(&d, at(&d, "one,")), at(&d, "with"));
        // An apostrophe inside a word does not split it; quotes and punctuation are skipped.
        assert_eq!(next_word(&d, at(&d, "with")), at(&d, "Stalin’s"));
        assert_eq!(next_word(&d, at(&d, "Stalin’s")), at(&d, "quote"));
        assert_eq!(prev_word(&d, at(&d, "quote")), at(&d, "Stalin’s"));
        assert_eq!(prev_word(&d, at(&d, "Stalin’s") + 2), at(&d, "Stalin’s"));
        assert_eq!(word_end(&d, second), at(&d, "d one"));
        assert_eq!(big_word_end(&d, at(&d, "one,")), at(&d, ", with"));
        assert_eq!(big_word_end(&d, at(&d, "“quote")), at(&d, "! Third"));
        // Across blocks.
        assert_eq!(next_word(&d, at(&d, "Third")), at(&d, "Next"));
        assert_eq!(prev_word(&d, at(&d, "Next")), at(&d, "Third"));
        assert_eq!(
            word_at(&d, at(&d, "talin")),
            Some(at(&d, "Stalin’s")..at(&d, "Stalin’s") + "Stalin’s".len())
        );
    }

    /// The Waste Land's `man,*20`: a note mark between a comma and a line number is a stop of
    /// `w`, `b` and `e`, so that the cursor can reach it and Enter open its note.
    #[test]
    fn word_motions_stop_on_note_marks_glued_to_punctuation() {
        let html = r##"<html><body><p>Fear the hanged man,<a epub:type="noteref" href="#n">*</a>20 and more.</p>
            <aside epub:type="footnote" id="n"><p>A note.</p></aside></body></html>"##;
        let d = Document::from_text(html, "w.html", Format::HTML_RAW);
        let mark = at(&d, "*20");
        assert_eq!(
            d.marks.first().map(|m| m.start),
            Some(mark),
            "{:?}",
            d.content
        );
        assert_eq!(next_word(&d, at(&d, "man,")), mark);
        assert_eq!(next_word(&d, mark), at(&d, "20"));
        assert_eq!(prev_word(&d, at(&d, "20")), mark);
        assert_eq!(word_end(&d, at(&d, "n,")), mark);
    }

    #[test]
    fn sentence_and_paragraph_motions() {
        let d = doc();
        assert_eq!(next_sentence(&d, at(&d, "First")), at(&d, "Second"));
        assert_eq!(next_sentence(&d, at(&d, "Second")), at(&d, "Third"));
        assert_eq!(next_sentence(&d, at(&d, "Third")), at(&d, "Next"));
        assert_eq!(prev_sentence(&d, at(&d, "with")), at(&d, "Second"));
        assert_eq!(next_paragraph(&d, 0), at(&d, "First"));
        assert_eq!(prev_paragraph(&d, at(&d, "ends")), at(&d, "Next"));
        let p = paragraph(&d, at(&d, "Second"));
        assert_eq!(
            &d.content[p],
            "First sentence here. Second one, with Stalin’s “quote”! Third."
        );
    }

    #[test]
    fn motions_stop_at_the_ends() {
        let d = doc();
        let end = d.content.len();
        assert_eq!(next_word(&d, at(&d, "ends")), at(&d, "ends"));
        assert_eq!(prev_word(&d, 0), 0);
        assert_eq!(next_paragraph(&d, at(&d, "Next")), at(&d, "Next"));
        assert!(word_end(&d, end - 1) <= end);
        let empty = Document::from_text("", "e.txt", Format::TEXT);
        assert_eq!(next_word(&empty, 0), 0);
        assert_eq!(paragraph(&empty, 0), 0..0);
    }
}
