//! A PDF's pages, their lines in reading order, made into a document as a person reads it:
//! lines joined into paragraphs (a paragraph goes on across columns and pages), words broken
//! at a line's end made whole again, larger lines made headings, and the page furniture
//! (running heads and feet, page numbers) left out.

use std::collections::HashSet;

#[cfg(test)]
use super::reading::Run;
use super::reading::{Line, figure_of};
use crate::document::builder::{Builder, Shape};
use crate::document::{BlockKind, PageMark, Picture};

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

/// What the pages made: the text, where each page starts in it, and its pictures.
pub struct Assembled {
    pub builder: Builder,
    pub marks: Vec<PageMark>,
    pub pictures: Vec<Picture>,
}

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
            words: HashSet::new(),
        }
    }

    /// Adds the lines of page `index` but its furniture; `label` is its printed name.
    pub fn page(&mut self, page: &PageLines, index: usize, furniture: &[bool], label: String) {
        let mut marked = false;
        for (line, _) in page
            .lines
            .iter()
            .zip(furniture.iter().chain(std::iter::repeat(&false)))
            .filter(|(_, furniture)| !**furniture)
        {
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
            waiting_marks: self.waiting_marks.clone(),
            marks: self.marks.clone(),
            last: None,
            text_chars: self.text_chars,
            pictures: Vec::new(),
            words: HashSet::new(),
            ..*self
        };
        copy.flush();
        Assembled {
            builder: copy.builder,
            marks: copy.marks,
            pictures: self.pictures.clone(),
        }
    }

    pub fn finish(mut self) -> Assembled {
        self.flush();
        Assembled {
            builder: self.builder,
            marks: self.marks,
            pictures: self.pictures,
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

    /// Appends a line to the paragraph: after a space, or mending a word broken at the line's
    /// end.
    fn join(&mut self, text: &str) {
        if self.paragraph.is_empty() {
            self.paragraph.push_str(text);
            return;
        }
        if self.paragraph.ends_with('\u{ad}') {
            self.paragraph.pop();
            self.paragraph.push_str(text);
            return;
        }
        if let Some(left) = broken_word(&self.paragraph) {
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
                if !self.words.contains(&hyphened) || self.words.contains(&whole) {
                    self.paragraph.pop();
                }
                self.paragraph.push_str(text);
                return;
            }
        }
        let cjk = |c: Option<char>| c.is_some_and(is_cjk);
        if !(cjk(self.paragraph.chars().next_back()) && cjk(text.chars().next())) {
            self.paragraph.push(' ');
        }
        self.paragraph.push_str(text);
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
}
