//! Writes a plain text's units as the document's content: prose joined and reflowed, kept
//! lines kept. A text without tabs is written in place, in its own buffer, so that a 200 MB
//! file is never held twice: every unit's content is no longer than its lines (a space or a
//! `\n` for each line break, indentation at most what it was), so what is written never
//! overtakes what is still to be read. A tab can widen its line; a text with tabs is copied.

use std::ops::Range;

use super::lines::{self, Line};
use super::{Join, MAX_INDENT, Page, Unit};
use crate::document::builder::{Blocks, Builder, Shape};
use crate::document::{BlockKind, Document, Format};

/// Units written before their room is given back.
const UNITS_FREED_AT_ONCE: usize = 4096;

/// Where the units' content is written.
trait Sink {
    fn begin(&mut self, kind: BlockKind, shape: Shape);
    /// Appends `text`, written out.
    fn push(&mut self, text: &str);
    /// Appends the text's bytes at `range`.
    fn copy(&mut self, range: Range<usize>);
    /// The text's bytes at `range`, not yet overwritten.
    fn read(&self, range: Range<usize>) -> &str;
    /// The last bytes of the open block (a few; for a hyphen at the end of a line).
    fn tail(&self) -> &[u8];
}

/// The document whose content is `text`'s units (their spans in bytes), one block each. The
/// units are let go of as they are written, as the document's blocks need memory of their own.
pub(super) fn write(text: String, units: Vec<Unit>, page: &Page) -> Document {
    if text.contains('\t') {
        let mut sink = Copying {
            builder: Builder::new(Format::TEXT, text.len()),
            text: &text,
        };
        write_units(&mut sink, units, page);
        return sink.builder.finish(String::new());
    }
    let mut sink = InPlace {
        buf: text.into_bytes(),
        written: 0,
        blocks: Blocks::default(),
        open: None,
    };
    write_units(&mut sink, units, page);
    sink.finish()
}

/// A line of a unit, measured before any of the unit is written over: its bytes without
/// trailing blanks, where its text starts (after its indentation), and its indentation.
struct Measured {
    raw: Range<usize>,
    text_start: usize,
    indent: usize,
}

fn write_units(sink: &mut impl Sink, mut units: Vec<Unit>, page: &Page) {
    let mut lines: Vec<Measured> = Vec::new();
    units.reverse();
    while let Some(unit) = units.pop() {
        // The units' room is given back as they are written, a slice at a time (the list is
        // cut at its end, where the written ones were, so nothing is copied).
        if units.len() + UNITS_FREED_AT_ONCE <= units.capacity() {
            units.shrink_to_fit();
        }
        lines.clear();
        let mut at = unit.span.start as usize;
        for whole in sink.read(at..unit.span.end as usize).split('\n') {
            let line = Line::new(whole);
            let raw_end = at + line.raw().len();
            lines.push(Measured {
                raw: at..raw_end,
                text_start: raw_end - line.text().len(),
                indent: line.indent(),
            });
            at += whole.len() + 1;
        }
        sink.begin(unit.kind, unit.shape());
        let least = lines.iter().map(|l| l.indent).min().unwrap_or(0);
        for (n, line) in lines.iter().enumerate() {
            let (raw, indent) = (line.raw.clone(), line.indent);
            let text = line.text_start..raw.end;
            match unit.join {
                Join::Reflow => {
                    if n > 0 && !(page.wrapped && ends_hyphenated(sink.tail())) {
                        sink.push(" ");
                    }
                    if page.wrapped {
                        // Typewriter spacing: two spaces after a full stop become one.
                        let words = words(sink.read(text.clone()), text.start);
                        for (w, word) in words.into_iter().enumerate() {
                            if w > 0 {
                                sink.push(" ");
                            }
                            sink.copy(word);
                        }
                    } else {
                        sink.copy(text);
                    }
                }
                Join::Keep => {
                    if n > 0 {
                        sink.push("\n");
                    }
                    if unit.kind == BlockKind::Verse {
                        let lead = (indent - least).min(MAX_INDENT);
                        sink.push(&" ".repeat(lead));
                    }
                    sink.copy(text);
                }
                Join::Raw => {
                    if n > 0 {
                        sink.push("\n");
                    }
                    let line = sink.read(raw.clone());
                    let expanded = expand_tabs(line);
                    let lead = expanded.len() - expanded.trim_start().len();
                    let mut skip = lead.min(least);
                    while !expanded.is_char_boundary(skip) {
                        skip -= 1;
                    }
                    match expanded {
                        std::borrow::Cow::Borrowed(_) => sink.copy(raw.start + skip..raw.end),
                        std::borrow::Cow::Owned(wide) => sink.push(&wide[skip..]),
                    }
                }
            }
        }
    }
}

/// `well-` at the end of a line and `known` on the next make `well-known`.
fn ends_hyphenated(tail: &[u8]) -> bool {
    match tail {
        [.., before, b'-'] => {
            *before != b'-' && last_char(&tail[..tail.len() - 1]).is_some_and(char::is_alphabetic)
        }
        _ => false,
    }
}

/// The last character of `bytes`, if it is whole there.
fn last_char(bytes: &[u8]) -> Option<char> {
    let start = bytes.iter().rposition(|&b| b & 0xC0 != 0x80)?;
    std::str::from_utf8(&bytes[start..]).ok()?.chars().next()
}

/// The byte ranges of `text`'s words (split at spaces), `text` being at `at`.
fn words(text: &str, at: usize) -> Vec<Range<usize>> {
    let mut words = Vec::new();
    let mut start = 0;
    for piece in text.split(' ') {
        if !piece.is_empty() {
            words.push(at + start..at + start + piece.len());
        }
        start += piece.len() + 1;
    }
    words
}

/// Tabs to spaces, at stops of [`lines::TAB_STOP`].
pub(super) fn expand_tabs(raw: &str) -> std::borrow::Cow<'_, str> {
    if !raw.contains('\t') {
        return raw.into();
    }
    let mut out = String::with_capacity(raw.len() + 8);
    let mut column = 0;
    for c in raw.chars() {
        if c == '\t' {
            let to = (column / lines::TAB_STOP + 1) * lines::TAB_STOP;
            out.extend(std::iter::repeat_n(' ', to - column));
            column = to;
        } else {
            out.push(c);
            column += 1;
        }
    }
    out.into()
}

/// A builder, copying the text's bytes.
struct Copying<'a> {
    builder: Builder,
    text: &'a str,
}

impl Sink for Copying<'_> {
    fn begin(&mut self, kind: BlockKind, shape: Shape) {
        self.builder.begin(kind, shape);
    }

    fn push(&mut self, text: &str) {
        self.builder.push(text);
    }

    fn copy(&mut self, range: Range<usize>) {
        self.builder.push(&self.text[range]);
    }

    fn read(&self, range: Range<usize>) -> &str {
        &self.text[range]
    }

    fn tail(&self) -> &[u8] {
        let current = self.builder.current().as_bytes();
        &current[current.len().saturating_sub(8)..]
    }
}

/// The text's own buffer, its content written over what has been read.
struct InPlace {
    buf: Vec<u8>,
    /// Bytes of content written, at the buffer's start.
    written: usize,
    blocks: Blocks,
    /// The open block: its kind and shape, where it starts, and where its separator does.
    open: Option<(BlockKind, Shape, usize, usize)>,
}

impl InPlace {
    /// Ends the open block as [`Builder::end`] does: without trailing blanks, and no empty
    /// block. (A line never ends in a blank, so only what was pushed can.)
    fn end(&mut self) {
        let Some((kind, shape, start, rollback)) = self.open.take() else {
            return;
        };
        while self.written > start && self.buf[self.written - 1].is_ascii_whitespace() {
            self.written -= 1;
        }
        if self.written == start {
            self.written = rollback;
            return;
        }
        self.blocks
            .record(&self.buf, kind, shape, start..self.written);
    }

    fn finish(mut self) -> Document {
        self.end();
        self.buf.truncate(self.written);
        // Whole lines and words of a text, and spaces: text still.
        let content = String::from_utf8(self.buf).expect("content made of whole characters");
        Builder::written(Format::TEXT, content, self.blocks).finish(String::new())
    }
}

impl Sink for InPlace {
    fn begin(&mut self, kind: BlockKind, shape: Shape) {
        self.end();
        let rollback = self.written;
        if !self.blocks.is_empty() {
            self.push("\n");
        }
        self.open = Some((kind, shape, self.written, rollback));
    }

    fn push(&mut self, text: &str) {
        let end = self.written + text.len();
        self.buf[self.written..end].copy_from_slice(text.as_bytes());
        self.written = end;
    }

    fn copy(&mut self, range: Range<usize>) {
        debug_assert!(self.written <= range.start, "content overtook the text");
        let len = range.len();
        self.buf.copy_within(range, self.written);
        self.written += len;
    }

    fn read(&self, range: Range<usize>) -> &str {
        std::str::from_utf8(&self.buf[range]).expect("a line of the text, not yet written over")
    }

    fn tail(&self) -> &[u8] {
        let start = self.open.map_or(0, |o| o.2);
        &self.buf[start.max(self.written.saturating_sub(8))..self.written]
    }
}
