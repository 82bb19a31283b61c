//! A PDF's pages, their lines in reading order, made into a document as a person reads it:
//! lines joined into paragraphs (a paragraph goes on across columns and pages), words broken
//! at a line's end made whole again, larger lines made headings, and the page furniture
//! (running heads and feet, page numbers) left out.

use std::collections::HashSet;
use std::ops::Range;

#[cfg(test)]
use super::reading::Run;
use super::reading::{Line, MARK_END, MARK_START, figure_of, is_note_mark};
use crate::document::builder::{Builder, Shape};
use crate::document::{BlockKind, Format, NoteRef, PageMark, Picture};

/// A page's lines in reading order, and its size.
#[derive(Debug, Clone, Default)]
pub struct PageLines {
    pub lines: Vec<Line>,
    pub height: f32,
    /// The pictures its figure lines stand for (see [`super::reading::FIGURE`]).
    pub figures: Vec<Figure>,
}

/// A picture drawn on a page: its number among the page's images, and its size in pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Figure {
    pub image: usize,
    pub width: u32,
    pub height: u32,
}

/// How many pages on either side a running head is looked for on.
pub const NEIGHBOURS: usize = 3;

/// The share of a page's height, at its top and at its foot, where furniture stands.
const MARGIN: f32 = 0.12;

/// The most note marks kept waiting for their footnotes.
const MOST_MARKS: usize = 256;

/// The most distinct words remembered to tell a real hyphen from a broken word.
const MOST_WORDS: usize = 200_000;

/// Which lines of `pages[index]` are furniture: a page number standing alone, or a line at the
/// page's top or foot whose text (numbers aside) recurs at the top or foot of a page near it.
pub fn furniture(pages: &[PageLines], index: usize) -> Vec<bool> {
    let near = index.saturating_sub(NEIGHBOURS)..(index + NEIGHBOURS + 1).min(pages.len());
    let others: Vec<Vec<String>> = near
        .clone()
        .filter(|&i| i != index)
        .map(|i| edge_keys(&pages[i]).into_iter().flatten().collect())
        .collect();
    edge_keys(&pages[index])
        .into_iter()
        .map(|key| {
            key.is_some_and(|key| {
                key.chars().all(|c| c == '#' || c == ' ')
                    || others.iter().any(|keys| keys.contains(&key))
            })
        })
        .collect()
}

/// For each line of a page, its key if it stands at the page's top or foot (the first or last
/// line down the page, or in the margins): lower case, every number (and a page number in
/// roman figures) one `#`, and "page" left out.
fn edge_keys(page: &PageLines) -> Vec<Option<String>> {
    let first = page
        .lines
        .iter()
        .map(|l| l.run.top)
        .fold(f32::MAX, f32::min);
    let last = page
        .lines
        .iter()
        .map(|l| l.run.bottom)
        .fold(f32::MIN, f32::max);
    page.lines
        .iter()
        .map(|line| {
            let slack = line.run.size.max(1.0) * 0.5;
            let at_edge = line.run.top <= first + slack
                || line.run.bottom >= last - slack
                || line.run.bottom < page.height * MARGIN
                || line.run.top > page.height * (1.0 - MARGIN);
            at_edge.then(|| key(&line.run.text))
        })
        .collect()
}

fn key(text: &str) -> String {
    let mut key = String::new();
    for word in text.split_whitespace() {
        let bare = word.trim_matches(|c: char| !c.is_alphanumeric());
        let lower = bare.to_lowercase();
        let number = !bare.is_empty()
            && (bare.chars().all(|c| c.is_ascii_digit())
                || lower.chars().all(|c| "ivxlc".contains(c)) && lower.len() <= 6);
        if number {
            key.push_str("# ");
        } else if lower != "page" && !lower.is_empty() {
            key.push_str(&lower);
            key.push(' ');
        }
    }
    key.trim_end().to_string()
}

/// What the pages made: the text, where each page starts in it, its pictures and its
/// footnotes' references.
pub struct Assembled {
    pub builder: Builder,
    pub marks: Vec<PageMark>,
    pub pictures: Vec<Picture>,
    pub notes: Vec<NoteRef>,
}

/// A note mark and where it is: in the paragraph being read, or in the content.
type Mark = (String, Range<usize>);

/// Builds the document a page at a time.
pub struct Assembler {
    builder: Builder,
    /// The body text's size: lines clearly larger are headings.
    body_size: f32,
    /// The paragraph being read, not yet in the builder: a broken word at its end must be
    /// mended when the next line comes.
    paragraph: String,
    kind: BlockKind,
    /// Where pages start inside `paragraph`, waiting for it to be placed.
    waiting_marks: Vec<(usize, String)>,
    pub marks: Vec<PageMark>,
    /// The last line read, to tell whether the next one goes on with its paragraph.
    last: Option<Line>,
    /// Characters of text read (pictures aside): none in a whole file is a scan.
    pub text_chars: usize,
    /// The pictures placed so far.
    pictures: Vec<Picture>,
    /// Footnotes read (their mark, their text), waiting for the paragraph they interrupt to
    /// end: they are placed after it, so that it reads on unbroken.
    footnotes: Vec<(String, String)>,
    /// Note marks in the paragraph being read, and in the content waiting for their note.
    paragraph_marks: Vec<Mark>,
    placed_marks: Vec<Mark>,
    /// Marks joined to their placed footnotes.
    notes: Vec<NoteRef>,
    /// Words seen, lower case, some with a hyphen: `well-known` seen whole says a line that
    /// ends in `well-` keeps its hyphen.
    words: HashSet<String>,
}

impl Assembler {
    pub fn new(builder: Builder, body_size: f32) -> Assembler {
        Assembler {
            builder,
            body_size: body_size.max(1.0),
            paragraph: String::new(),
            kind: BlockKind::Paragraph,
            waiting_marks: Vec::new(),
            marks: Vec::new(),
            last: None,
            text_chars: 0,
            pictures: Vec::new(),
            footnotes: Vec::new(),
            paragraph_marks: Vec::new(),
            placed_marks: Vec::new(),
            notes: Vec::new(),
            words: HashSet::new(),
        }
    }

    /// Adds the lines of page `index` but its furniture; `label` is its printed name.
    pub fn page(&mut self, page: &PageLines, index: usize, furniture: &[bool], label: String) {
        let mut marked = false;
        let footnotes = footnote_lines(page, self.body_size);
        for (line, (_, footnote)) in page
            .lines
            .iter()
            .zip(
                furniture
                    .iter()
                    .chain(std::iter::repeat(&false))
                    .zip(footnotes),
            )
            .filter(|(_, (furniture, _))| !**furniture)
        {
            if footnote {
                self.footnote_line(&line.run.text);
                continue;
            }
            let figure = figure_of(&line.run.text);
            let figure = figure.and_then(|k| page.figures.get(k)).copied();
            let kind = if figure.is_some() {
                BlockKind::Image
            } else {
                self.kind_of(line)
            };
            let goes_on = figure.is_none()
                && self.last.as_ref().is_some_and(|last| goes_on(last, line))
                && kind == self.kind
                && !self.paragraph.is_empty();
            if !goes_on {
                self.flush();
                self.place_footnotes();
                self.kind = kind;
            }
            if !marked {
                // Where the page starts: the next block, or inside the paragraph it goes on.
                self.waiting_marks
                    .push((self.paragraph.len() + usize::from(goes_on), label.clone()));
                marked = true;
            }
            if let Some(figure) = figure {
                // A picture drawn on the page: a placeholder block of its own.
                const PLACEHOLDER: &str = "[image]";
                self.paragraph.push_str(PLACEHOLDER);
                self.flush();
                self.pictures.push(Picture {
                    at: self.builder.len() - PLACEHOLDER.len(),
                    source: format!("{index}/{}", figure.image),
                    size: Some((figure.width, figure.height)),
                });
                continue;
            }
            self.remember_words(&line.run.text);
            self.text_chars += line.run.text.len();
            self.join(&line.run.text);
            self.last = Some(line.clone());
        }
        if !marked {
            // A page with no text (a figure, a blank page) still has its place.
            self.flush();
            self.marks.push(PageMark {
                start: self.builder.len(),
                label,
            });
        }
    }

    /// The document so far, the paragraph being read included: a clone, the reading goes on.
    pub fn so_far(&self) -> Assembled {
        let mut copy = Assembler {
            builder: self.builder.clone(),
            paragraph: self.paragraph.clone(),
            kind: self.kind,
            waiting_marks: self.waiting_marks.clone(),
            marks: self.marks.clone(),
            ..Assembler::new(Builder::new(Format::PDF, 0), self.body_size)
        };
        // The footnotes waiting are left for the whole: the paragraph they interrupt may go
        // on, and what this gives must be a beginning of what the whole gives.
        copy.flush();
        Assembled {
            builder: copy.builder,
            marks: copy.marks,
            pictures: self.pictures.clone(),
            notes: self.notes.clone(),
        }
    }

    pub fn finish(mut self) -> Assembled {
        self.flush();
        self.place_footnotes();
        self.notes.sort_by_key(|n| n.start);
        Assembled {
            builder: self.builder,
            marks: self.marks,
            pictures: self.pictures,
            notes: self.notes,
        }
    }

    /// A line of a footnote: the start of one when it starts with a mark, else more of the
    /// last one.
    fn footnote_line(&mut self, text: &str) {
        self.text_chars += text.len();
        let text: String = text
            .chars()
            .filter(|&c| c != MARK_START && c != MARK_END)
            .collect();
        let (mark, rest) = text.split_once(' ').unwrap_or((&text, ""));
        match self.footnotes.last_mut() {
            Some((_, note)) if !is_note_mark(mark) => {
                prepare_join(note, &text, &self.words);
                note.push_str(&text);
            }
            _ => self
                .footnotes
                .push((mark.to_string(), format!("{mark} {}", rest.trim()))),
        }
    }

    /// Places the footnotes read so far, each a note block, and joins each to the nearest
    /// mark before it that names it (an index or exponent of the same number may come
    /// earlier).
    fn place_footnotes(&mut self) {
        for (mark, text) in std::mem::take(&mut self.footnotes) {
            self.builder.begin(BlockKind::Note, Shape::default());
            let start = self.builder.len();
            self.builder.push(&text);
            self.builder.end();
            let note = start..self.builder.len();
            if let Some(i) = self.placed_marks.iter().rposition(|(m, _)| *m == mark) {
                let (_, at) = self.placed_marks.remove(i);
                self.notes.push(NoteRef {
                    start: at.start,
                    end: at.end,
                    note,
                });
            }
        }
    }

    pub fn chars(&self) -> usize {
        self.builder.chars() + self.paragraph.len()
    }

    fn kind_of(&self, line: &Line) -> BlockKind {
        let ratio = line.run.size / self.body_size;
        if ratio >= 1.15 && line.run.text.chars().count() < 200 {
            if ratio >= 1.6 {
                BlockKind::Heading(2)
            } else {
                BlockKind::Heading(3)
            }
        } else {
            BlockKind::Paragraph
        }
    }

    /// Appends a line to the paragraph (see [`prepare_join`]), its note marks noted.
    fn join(&mut self, text: &str) {
        prepare_join(&mut self.paragraph, text, &self.words);
        let mut rest = text;
        while let Some(start) = rest.find(MARK_START) {
            self.paragraph.push_str(&rest[..start]);
            let after = &rest[start + MARK_START.len_utf8()..];
            let end = after.find(MARK_END).unwrap_or(after.len());
            let at = self.paragraph.len();
            self.paragraph.push_str(&after[..end]);
            self.paragraph_marks
                .push((after[..end].to_string(), at..self.paragraph.len()));
            rest = after.get(end + MARK_END.len_utf8()..).unwrap_or("");
        }
        self.paragraph.push_str(rest);
    }

    fn remember_words(&mut self, text: &str) {
        if self.words.len() >= MOST_WORDS {
            return;
        }
        for word in text.split_whitespace() {
            let word = word.trim_matches(|c: char| !c.is_alphanumeric());
            if word.chars().count() > 2 && !word.ends_with('-') {
                self.words.insert(word.to_lowercase());
            }
        }
    }

    /// Puts the paragraph being read into the builder, and the page starts inside it.
    fn flush(&mut self) {
        if self.paragraph.is_empty() {
            return;
        }
        self.builder.begin(self.kind, Shape::default());
        let base = self.builder.len();
        self.builder.push(&self.paragraph);
        self.builder.end();
        for (mark, at) in self.paragraph_marks.drain(..) {
            self.placed_marks
                .push((mark, base + at.start..base + at.end));
        }
        // A footnote's mark is on its page: the marks of pages long read (and every index
        // and exponent of a book of formulas) are let go of.
        if self.placed_marks.len() > MOST_MARKS {
            self.placed_marks.drain(..MOST_MARKS / 2);
        }
        for (at, label) in self.waiting_marks.drain(..) {
            self.marks.push(PageMark {
                start: base + at.min(self.paragraph.len()),
                label,
            });
        }
        self.paragraph.clear();
        self.last = None;
    }
}

/// Makes `paragraph` ready for the next line, `text`: a space goes between them, nothing
/// between two CJK letters, and a word broken at the paragraph's end is mended (its hyphen
/// dropped, unless `words` knows it hyphened and not whole).
fn prepare_join(paragraph: &mut String, text: &str, words: &HashSet<String>) {
    if paragraph.is_empty() {
        return;
    }
    if paragraph.ends_with('\u{ad}') {
        paragraph.pop();
        return;
    }
    if let Some(left) = broken_word(paragraph) {
        let right: String = text
            .chars()
            .take_while(|c| c.is_alphabetic())
            .collect::<String>()
            .to_lowercase();
        let starts_lower = text.chars().next().is_some_and(char::is_lowercase);
        if starts_lower && !right.is_empty() {
            let left = left.to_lowercase();
            let hyphened = format!("{left}-{right}");
            let whole = format!("{left}{right}");
            if !words.contains(&hyphened) || words.contains(&whole) {
                paragraph.pop();
            }
            return;
        }
    }
    let cjk = |c: Option<char>| c.is_some_and(is_cjk);
    if !(cjk(paragraph.chars().next_back()) && cjk(text.chars().next())) {
        paragraph.push(' ');
    }
}

/// Which lines of a page are its footnotes: set smaller than the body, in the page's lower
/// half, below the last line of body text of their column, from one that starts with the mark
/// of a note the page's text refers to on (a small caption, or a reference list's lines at a
/// page's foot, are no footnotes).
fn footnote_lines(page: &PageLines, body: f32) -> Vec<bool> {
    let small = |l: &Line| l.run.size > 0.0 && l.run.size < body * 0.93;
    let same_column = |a: &Line, b: &Line| {
        a.column == b.column && (a.column_left - b.column_left).abs() < body * 2.0
    };
    let below_the_text = |l: &Line| {
        small(l)
            && figure_of(&l.run.text).is_none()
            && l.run.top > page.height * 0.5
            && !page.lines.iter().any(|o| {
                !small(o)
                    && figure_of(&o.run.text).is_none()
                    && same_column(o, l)
                    && o.run.top > l.run.top
            })
    };
    let foot: Vec<bool> = page.lines.iter().map(below_the_text).collect();
    let referred = |mark: &str| {
        let marked = format!("{MARK_START}{mark}{MARK_END}");
        page.lines
            .iter()
            .zip(&foot)
            .any(|(line, &foot)| !foot && line.run.text.contains(&marked))
    };
    let mut in_note = false;
    page.lines
        .iter()
        .zip(foot.iter())
        .map(|(line, &foot)| {
            if !foot {
                in_note = false;
                return false;
            }
            let text: String = line
                .run
                .text
                .chars()
                .filter(|&c| c != MARK_START && c != MARK_END)
                .collect();
            let (first, rest) = text.split_once(' ').unwrap_or((&text, ""));
            if is_note_mark(first) && is_prose(rest) && referred(first) {
                in_note = true;
            }
            in_note
        })
        .collect()
}

/// Whether `text` reads as words, not as a drawing's labels or a formula (`0 1 2 3m + 14`):
/// mostly letters, and a word of three letters at least.
fn is_prose(text: &str) -> bool {
    let shown = text.chars().filter(|c| !c.is_whitespace()).count();
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    let word = text
        .split_whitespace()
        .any(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 3);
    word && letters * 10 >= shown * 6
}

/// The start of a word broken at the end of `text` by a hyphen (`infor-`): letters, then the
/// hyphen.
fn broken_word(text: &str) -> Option<&str> {
    let before = text.strip_suffix('-')?;
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphabetic())
        .last()
        .map(|(i, _)| i)?;
    Some(&before[start..])
}

/// Whether `line` goes on with the paragraph `last` is in: it follows closely in the same
/// column, not indented as a paragraph's first line, after a line that reached the column's
/// end; or it starts a column or page after a line that stopped mid-sentence.
fn goes_on(last: &Line, line: &Line) -> bool {
    let size = last.run.size.max(1.0);
    let full = last.run.right >= last.column_right - 2.0 * size;
    let mid_sentence = !last
        .run
        .text
        .ends_with(['.', '!', '?', ':', '"', '”', '’', ')', '。', '！', '？']);
    if (line.run.size - last.run.size).abs() > size * 0.15 {
        return false;
    }
    let new_place = line.column != last.column || line.run.top < last.run.top;
    if new_place {
        return full && mid_sentence || last.run.text.ends_with('-');
    }
    let gap = line.run.top - last.run.bottom;
    let indented = line.run.left > line.column_left + size * 0.8
        && last.run.left <= line.run.left - size * 0.8;
    gap < size * 0.8 && !indented && (full || mid_sentence && gap < size * 0.4)
}

/// Scripts written without spaces between words: a line break inside them is no space.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF
        | 0xAC00..=0xD7AF)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Format;

    fn line(text: &str, left: f32, top: f32, right: f32) -> Line {
        Line {
            run: Run {
                text: text.into(),
                left,
                right,
                top,
                bottom: top + 10.0,
                size: 10.0,
            },
            column: 1,
            column_left: 100.0,
            column_right: 400.0,
        }
    }

    fn page(lines: Vec<Line>) -> PageLines {
        PageLines {
            lines,
            height: 800.0,
            figures: Vec::new(),
        }
    }

    fn read(pages: &[PageLines]) -> (String, Vec<PageMark>) {
        let mut a = Assembler::new(Builder::new(Format::PDF, 0), 10.0);
        for (i, p) in pages.iter().enumerate() {
            a.page(p, i, &furniture(pages, i), (i + 1).to_string());
        }
        let Assembled { builder, marks, .. } = a.finish();
        (builder.finish(String::new()).content, marks)
    }

    #[test]
    fn lines_become_paragraphs_and_broken_words_whole() {
        let (text, _) = read(&[page(vec![
            line("The first line of a para-", 100.0, 100.0, 400.0),
            line("graph goes on, a well-known", 100.0, 112.0, 400.0),
            line("end.", 100.0, 124.0, 130.0),
            line(
                "Another paragraph, indented, on the well-",
                110.0,
                136.0,
                400.0,
            ),
            line("known road.", 100.0, 148.0, 200.0),
        ])]);
        assert_eq!(
            text,
            "The first line of a paragraph goes on, a well-known end.\nAnother paragraph, \
             indented, on the well-known road."
        );
    }

    #[test]
    fn running_heads_and_page_numbers_are_left_out() {
        let pages: Vec<PageLines> = (0..4)
            .map(|i| {
                page(vec![
                    line(&format!("A BOOK TITLE {}", 10 + i), 100.0, 20.0, 300.0),
                    line(&format!("Body text of page {i}."), 100.0, 100.0, 250.0),
                    line(&format!("{}", 10 + i), 250.0, 770.0, 260.0),
                ])
            })
            .collect();
        let (text, marks) = read(&pages);
        assert!(!text.contains("TITLE"), "{text}");
        assert!(!text.contains("11"), "{text}");
        assert_eq!(marks.len(), 4);
        assert_eq!(&text[marks[2].start..marks[2].start + 9], "Body text");
    }

    #[test]
    fn a_sentence_goes_on_across_pages() {
        let (text, marks) = read(&[
            page(vec![line("It goes on and", 100.0, 100.0, 399.0)]),
            page(vec![line("on to the next page.", 100.0, 100.0, 200.0)]),
        ]);
        assert_eq!(text, "It goes on and on to the next page.");
        assert_eq!(&text[marks[1].start..], "on to the next page.");
    }

    /// A line set in `size` points.
    fn small(text: &str, top: f32, size: f32) -> Line {
        let mut l = line(text, 100.0, top, 400.0);
        l.run.size = size;
        l
    }

    #[test]
    fn a_footnote_is_a_note_after_the_paragraph_it_interrupts_and_its_mark_leads_to_it() {
        let mark = |n: &str| format!("{MARK_START}{n}{MARK_END}");
        let pages = [
            page(vec![
                line(
                    &format!("A paragraph with a mark.{} It runs", mark("1")),
                    100.0,
                    100.0,
                    400.0,
                ),
                // A small caption above the foot refers to nothing: no footnote.
                small("2 small words of a caption", 420.0, 8.0),
                line("down the page and", 100.0, 500.0, 400.0),
                small(&format!("{} The footnote, in small", mark("1")), 700.0, 8.0),
                small("type, on two lines.", 710.0, 8.0),
            ]),
            page(vec![line("on to the next page.", 100.0, 100.0, 200.0)]),
        ];
        let mut a = Assembler::new(Builder::new(Format::PDF, 0), 10.0);
        for (i, p) in pages.iter().enumerate() {
            a.page(p, i, &furniture(&pages, i), (i + 1).to_string());
        }
        let Assembled { builder, notes, .. } = a.finish();
        let doc = builder.finish(String::new());
        let blocks: Vec<(BlockKind, &str)> =
            doc.blocks.iter().map(|b| (b.kind, doc.text(b))).collect();
        assert_eq!(
            blocks,
            [
                (BlockKind::Paragraph, "A paragraph with a mark.1 It runs"),
                (BlockKind::Paragraph, "2 small words of a caption"),
                (
                    BlockKind::Paragraph,
                    "down the page and on to the next page."
                ),
                (
                    BlockKind::Note,
                    "1 The footnote, in small type, on two lines."
                ),
            ]
        );
        assert_eq!(notes.len(), 1);
        assert_eq!(&doc.content[notes[0].start..notes[0].end], "1");
        assert_eq!(notes[0].start, "A paragraph with a mark.".len());
        assert!(doc.content[notes[0].note.clone()].starts_with("1 The footnote"));
    }
}
