//! Assembles a [`Document`] block by block, keeping the model's invariants: one `\n` between
//! blocks, no empty block, no trailing blanks, and giant paragraphs split into pieces that
//! `continue` each other so that layout never has to wrap megabytes to show one page.

use std::ops::Range;

use super::{
    Block, BlockKind, Document, Format, Inline, InlineSpan, Reading, Section, TALLY_STEP, Tally,
    count_chars, count_words,
};

/// Longest block the builder emits; longer paragraphs are split at a blank near this size.
pub const MAX_BLOCK_BYTES: usize = 16 * 1024;
/// The widest indentation and hanging indentation of a block, in cells.
pub const MOST_INDENT: usize = 120;
/// Longest collapsed block (boilerplate, one row however long): a block's length is 16-bit.
pub const MAX_COLLAPSED_BYTES: usize = u16::MAX as usize;

/// Layout attributes of a block other than its kind.
#[derive(Debug, Clone, Copy, Default)]
pub struct Shape {
    pub quote_depth: u8,
    pub indent: u16,
    pub hang: u16,
}

/// An open list item: the width of its marker (its blocks indent by it), and the marker itself
/// until a block has shown it.
pub struct Item {
    pub marker_width: u16,
    pub marker: Option<String>,
}

#[derive(Clone)]
pub struct Builder {
    format: Format,
    content: String,
    blocks: Blocks,
    spans: Vec<InlineSpan>,
    readings: Vec<Reading>,
    open: Option<Open>,
    /// The direction given to blocks begun now (see [`Builder::set_direction`]).
    direction: Option<bool>,
    /// The blocks the document gave a direction, by their range, in order.
    directions: Vec<(Range<usize>, bool)>,
}

/// The blocks of a content being written, and its characters so far.
#[derive(Clone, Default)]
pub struct Blocks {
    blocks: Vec<Block>,
    chars: usize,
    /// Words in the blocks so far.
    words: u64,
    /// What comes before every [`TALLY_STEP`]th block.
    tallies: Vec<Tally>,
}

impl Blocks {
    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }

    /// Records the block of `kind` at `range` of `content` (the `\n` before it, if any blocks
    /// came before, and nothing after it written yet), split if giant.
    pub fn record(&mut self, content: &[u8], kind: BlockKind, shape: Shape, range: Range<usize>) {
        if !self.blocks.is_empty() {
            self.chars += 1; // the separating '\n' pushed by `begin`
        }
        let Range { mut start, end } = range;
        let mut continues = false;
        while start < end {
            // A collapsed block is one row however long it is: split only as its length must be.
            let piece_end = if kind == BlockKind::Boilerplate {
                split_point(content, start, end, MAX_COLLAPSED_BYTES)
            } else {
                split_point(content, start, end, MAX_BLOCK_BYTES)
            };
            let bytes = &content[start..piece_end];
            if self.blocks.len().is_multiple_of(TALLY_STEP) {
                self.tallies.push(Tally {
                    chars: self.chars as u32,
                    words: self.words as u32,
                });
            }
            let mut block = Block::new(kind, start..piece_end);
            block.quote_depth = shape.quote_depth;
            block.indent = shape.indent.try_into().unwrap_or(u8::MAX);
            block.hang = shape.hang.try_into().unwrap_or(u8::MAX);
            block.continues = continues;
            self.blocks.push(block);
            let words = if kind.is_reading() {
                count_words(bytes) as u32
            } else {
                0
            };
            self.words += words as u64;
            self.chars += count_chars(bytes);
            start = piece_end;
            continues = true;
        }
    }
}

#[derive(Clone)]
struct Open {
    kind: BlockKind,
    shape: Shape,
    /// Length of `content` before this block's separator, to roll an empty block back.
    rollback: usize,
    start: usize,
    spans: usize,
    /// The direction the document gives the block, if it gives one.
    right_to_left: Option<bool>,
}

impl Builder {
    pub fn new(format: Format, capacity: usize) -> Builder {
        Builder {
            format,
            content: String::with_capacity(capacity),
            blocks: Blocks::default(),
            spans: Vec::new(),
            readings: Vec::new(),
            open: None,
            direction: None,
            directions: Vec::new(),
        }
    }

    /// Starts a block; text is added with [`Builder::push`] and it ends with [`Builder::end`].
    pub fn begin(&mut self, kind: BlockKind, shape: Shape) {
        self.end();
        let rollback = self.content.len();
        if !self.blocks.is_empty() {
            self.content.push('\n');
        }
        self.open = Some(Open {
            kind,
            shape,
            rollback,
            start: self.content.len(),
            spans: self.spans.len(),
            right_to_left: self.direction,
        });
    }

    /// Begins a block inside block quotes and list items (outermost first); the markers not yet
    /// written go first (an item that opens with a nested list shows both numbers on one line,
    /// as browsers do), and a paragraph that carries a marker is a list item.
    pub fn begin_in(&mut self, kind: BlockKind, quote_depth: u8, items: &mut [Item]) {
        let indent: usize = items.iter().map(|i| usize::from(i.marker_width)).sum();
        let markers: Vec<String> = items.iter_mut().filter_map(|i| i.marker.take()).collect();
        let width: usize = markers.iter().map(|m| m.chars().count()).sum();
        // Past a page's width an indentation means nothing (and thousands of nested lists
        // overflowed it).
        let cells = |n: usize| n.min(MOST_INDENT) as u16;
        let shape = Shape {
            quote_depth,
            indent: cells(indent - width),
            hang: cells(width),
        };
        if markers.is_empty() {
            self.begin(kind, shape);
            return;
        }
        let kind = if kind == BlockKind::Paragraph {
            BlockKind::ListItem
        } else {
            kind
        };
        self.begin(kind, shape);
        for marker in markers {
            self.push(&marker);
        }
    }

    pub fn is_open(&self) -> bool {
        self.open.is_some()
    }

    /// The kind of the open block, if one is open.
    pub fn open_kind(&self) -> Option<BlockKind> {
        self.open.as_ref().map(|o| o.kind)
    }

    /// Appends text to the open block. Tabs become spaces (tab stops of 4 in code).
    pub fn push(&mut self, text: &str) {
        debug_assert!(self.open.is_some(), "push outside a block");
        if !text.contains('\t') {
            self.content.push_str(text);
            return;
        }
        let code = self.open.as_ref().is_some_and(|o| o.kind.is_preformatted());
        for ch in text.chars() {
            match ch {
                '\t' if code => {
                    let block_start = self.open.as_ref().map_or(0, |o| o.start);
                    let line_start = self.content[block_start..]
                        .rfind('\n')
                        .map_or(block_start, |i| block_start + i + 1);
                    let column = self.content[line_start..].chars().count();
                    let spaces = 4 - column % 4;
                    self.content.extend(std::iter::repeat_n(' ', spaces));
                }
                '\t' => self.content.push(' '),
                c => self.content.push(c),
            }
        }
    }

    /// Appends text with an inline style.
    pub fn push_styled(&mut self, text: &str, style: Inline) {
        let start = self.content.len();
        self.push(text);
        self.spans.push(InlineSpan {
            start,
            end: self.content.len(),
            style,
        });
    }

    /// A ruby's reading of the text just written (see [`Reading`]); none in an empty block.
    pub fn push_reading(&mut self, text: &str) {
        let text = text.trim();
        if !text.is_empty() && !self.current().trim().is_empty() {
            self.readings.push(Reading {
                at: self.content.len(),
                text: text.to_string(),
            });
        }
    }

    /// Keeps a styled range of a content written already (a kept document's).
    pub fn keep_span(&mut self, span: InlineSpan) {
        self.spans.push(span);
    }

    /// Marks the text pushed since `start` (a byte offset from [`Builder::len`]) with a style.
    pub fn style_since(&mut self, start: usize, style: Inline) {
        if start < self.content.len() {
            self.spans.push(InlineSpan {
                start,
                end: self.content.len(),
                style,
            });
        }
    }

    /// Current length of the content, for [`Builder::style_since`].
    pub fn len(&self) -> usize {
        self.content.len()
    }

    /// Characters of the content so far.
    pub fn chars(&self) -> usize {
        self.blocks.chars
    }

    /// Text of the open block so far.
    pub fn current(&self) -> &str {
        self.open.as_ref().map_or("", |o| &self.content[o.start..])
    }

    /// Ends the open block: trims trailing blanks, drops it if empty, splits it if giant.
    pub fn end(&mut self) {
        let Some(open) = self.open.take() else {
            return;
        };
        let trimmed = self.content[open.start..].trim_end().len();
        self.content.truncate(open.start + trimmed);
        // A reading after the blanks trimmed stays with the block's last letter.
        for reading in self.readings.iter_mut().rev() {
            if reading.at <= open.start + trimmed {
                break;
            }
            reading.at = open.start + trimmed;
        }
        if trimmed == 0 {
            self.content.truncate(open.rollback);
            self.spans.truncate(open.spans);
            return;
        }
        let end = self.content.len();
        for span in &mut self.spans[open.spans..] {
            span.end = span.end.min(end);
        }
        self.spans.retain(|s| s.start < s.end);
        self.blocks.record(
            self.content.as_bytes(),
            open.kind,
            open.shape,
            open.start..end,
        );
        if let Some(right_to_left) = open.right_to_left {
            self.directions.push((open.start..end, right_to_left));
        }
    }

    /// Sets the direction the document gives the blocks begun from now on (`dir`, a language
    /// written right to left), `None` for their text's own; returns the one set before.
    pub fn set_direction(&mut self, right_to_left: Option<bool>) -> Option<bool> {
        std::mem::replace(&mut self.direction, right_to_left)
    }

    /// A builder whose content is written already, with its blocks (see [`Blocks::record`]).
    pub fn written(format: Format, content: String, blocks: Blocks) -> Builder {
        Builder {
            format,
            content,
            blocks,
            spans: Vec::new(),
            readings: Vec::new(),
            open: None,
            direction: None,
            directions: Vec::new(),
        }
    }

    pub fn finish(mut self, title: String) -> Document {
        self.end();
        let Blocks {
            blocks,
            chars: total_chars,
            words,
            tallies,
        } = std::mem::take(&mut self.blocks);
        self.spans.sort_by_key(|s| (s.start, s.end));
        let headings: Vec<usize> = blocks
            .iter()
            .enumerate()
            .filter(|(_, b)| matches!(b.kind, BlockKind::Heading(_)) && !b.continues)
            .map(|(i, _)| i)
            .collect();
        let contents = headings
            .iter()
            .map(|&h| {
                let block = &blocks[h];
                Section {
                    title: self.content[block.range()].replace('\n', " "),
                    level: match block.kind {
                        BlockKind::Heading(level) => level,
                        _ => 1,
                    },
                    start: block.start(),
                }
            })
            .collect::<Vec<_>>();
        let chapter_level = chapter_level(&contents);
        let hash = blake3::hash(self.content.as_bytes()).to_hex().to_string();
        self.content.shrink_to_fit();
        let mut doc = Document {
            title,
            author: None,
            contents,
            notes: Vec::new(),
            marks: Vec::new(),
            format: self.format,
            chars: total_chars,
            content: self.content,
            blocks,
            spans: self.spans,
            hash,
            warnings: Vec::new(),
            headings,
            chapter_level,
            pages: Vec::new(),
            pictures: Vec::new(),
            links: Vec::new(),
            readings: self.readings,
            right_to_left: Vec::new(),
            words,
            tallies,
        };
        doc.find_directions(&self.directions);
        doc
    }
}

/// End of the next piece of a block that runs from `start` to `end`: the whole rest if it is
/// at most `max` bytes, otherwise just after a line break (so that kept lines stay whole) or
/// else a blank in the second half of `max`.
fn split_point(content: &[u8], start: usize, end: usize, max: usize) -> usize {
    if end - start <= max {
        return end;
    }
    let mut limit = start + max;
    // Not inside a character: continuation bytes are 0b10xx_xxxx.
    while content[limit] & 0xC0 == 0x80 {
        limit -= 1;
    }
    let window = &content[start + max / 2..limit];
    let after = |i: usize| start + max / 2 + i + 1;
    if let Some(i) = window.iter().rposition(|&b| b == b'\n') {
        return after(i);
    }
    match window.iter().rposition(|&b| b == b' ') {
        Some(i) => after(i),
        None => limit, // one enormous word: any char boundary will do
    }
}

/// The shallowest contents level that occurs more than once (a title occurs once), else the
/// shallowest level present.
pub(super) fn chapter_level(contents: &[Section]) -> Option<u8> {
    let mut counts = [0usize; 10];
    for section in contents {
        counts[usize::from(section.level.clamp(1, 9))] += 1;
    }
    let repeated = (1..=9).find(|&l| counts[l] > 1);
    let present = (1..=9).find(|&l| counts[l] > 0);
    repeated.or(present).map(|l| l as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn giant_paragraphs_are_split_into_continuing_pieces() {
        let word = "lorem ipsum dolor ";
        let text = word.repeat(MAX_BLOCK_BYTES / word.len() * 3);
        let mut b = Builder::new(Format::TEXT, 0);
        b.begin(BlockKind::Paragraph, Shape::default());
        b.push(&text);
        let doc = b.finish("t".into());
        assert!(doc.blocks.len() >= 3);
        assert_pieces(&doc, MAX_BLOCK_BYTES);
        assert_eq!(doc.words(), (text.split_whitespace().count()) as u64);
        assert_eq!(doc.char_of(doc.content.len()), doc.chars);
    }

    #[test]
    fn a_collapsed_block_is_split_only_past_what_its_length_holds() {
        let licence = "Section 1. The licence goes on and on.\n".repeat(4000);
        assert!(licence.len() > 2 * MAX_COLLAPSED_BYTES);
        let mut b = Builder::new(Format::TEXT, 0);
        b.begin(BlockKind::Boilerplate, Shape::default());
        b.push(&licence);
        let doc = b.finish("t".into());
        assert_eq!(doc.blocks.len(), 3);
        assert_pieces(&doc, MAX_COLLAPSED_BYTES);
        assert_eq!(doc.blocks.last().unwrap().end(), doc.content.len());
    }

    /// `doc` is one block in pieces of at most `max` bytes, each continuing the one before.
    fn assert_pieces(doc: &Document, max: usize) {
        assert!(!doc.blocks[0].continues);
        assert!(doc.blocks[1..].iter().all(|b| b.continues));
        for pair in doc.blocks.windows(2) {
            assert_eq!(pair[0].end(), pair[1].start());
        }
        assert!(doc.blocks.iter().all(|b| b.range().len() <= max));
    }

    #[test]
    fn a_giant_word_is_split_at_char_boundaries() {
        let text = "你".repeat(MAX_BLOCK_BYTES);
        let mut b = Builder::new(Format::TEXT, 0);
        b.begin(BlockKind::Paragraph, Shape::default());
        b.push(&text);
        let doc = b.finish("t".into());
        assert!(doc.blocks.len() > 1);
        assert_eq!(doc.chars, MAX_BLOCK_BYTES);
    }

    #[test]
    fn tabs_expand_to_stops_in_code_and_to_a_space_elsewhere() {
        let mut b = Builder::new(Format::MARKDOWN, 0);
        b.begin(BlockKind::Code, Shape::default());
        b.push("a\tb\n\tc");
        b.begin(BlockKind::Paragraph, Shape::default());
        b.push("x\ty");
        let doc = b.finish("t".into());
        assert_eq!(doc.content, "a   b\n    c\nx y");
    }

    #[test]
    fn empty_blocks_leave_no_trace() {
        let mut b = Builder::new(Format::TEXT, 0);
        b.begin(BlockKind::Paragraph, Shape::default());
        b.push("one");
        b.begin(BlockKind::Paragraph, Shape::default());
        b.push("   ");
        b.begin(BlockKind::Paragraph, Shape::default());
        b.push("two");
        let doc = b.finish("t".into());
        assert_eq!(doc.content, "one\ntwo");
        assert_eq!(doc.blocks.len(), 2);
    }
}
