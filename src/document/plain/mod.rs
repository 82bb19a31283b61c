//! Structure for plain text: prose is reflowed, everything else is kept as it was written.
//!
//! - A file whose paragraphs are hard-wrapped (most lines short, grouped in blank-separated
//!   chunks) is reflowed chunk by chunk; otherwise every line is a paragraph, as in web scrapes.
//! - Not prose, so kept line by line: runs of short lines (verse, addresses, contents, metadata)
//!   as [`BlockKind::Verse`]; chunks indented from the text around them as verse, or as block
//!   quotes when their lines are as long as prose; lines whose columns line up (tables, aligned
//!   code, drawings) as preformatted [`BlockKind::Code`]; centred lines as
//!   [`BlockKind::Centered`].
//! - Lines starting with `1.`, `a)`, `(i)`, `-`, `*`, `•` are list items (their wrapped lines
//!   with them); a trailing run counting from 1, or `[1]` lines, are endnotes.
//! - Headings: the shapes books use (`CHAPTER I.`, `BOOK II`, `XIV`, `I. The Beginning`, a line
//!   in capitals), and a short standalone line without sentence-final punctuation followed by
//!   text, unless it is one of a run (credits, reading lists, a contents list). A line right
//!   under a chapter's heading that looks like a title is its subtitle, in the same entry of
//!   the contents. A lone numbered line among paragraphs is a numbered thesis.
//! - Project Gutenberg's header and licence are collapsed boilerplate; the header gives the
//!   title and author. Web leftovers (comment forms, image names, stray punctuation) are
//!   furniture. Nothing is dropped: every character of the text stays in the content.
//! - Note references (`[12]`, `word(12)`, `¹²`, `*`, `†`) are linked to their notes
//!   (see [`notes`]).

mod gutenberg;
mod lines;
mod notes;
mod write;

use std::ops::Range;

use super::builder::Shape;
use super::{BlockKind, Document, title_from_name};
use lines::{HEADING_MAX_CHARS, Line, Lines, Marker, Rank};

/// Longest numbered line that can be a numbered thesis heading.
const THESIS_MAX_CHARS: usize = 150;
/// Columns of indentation beyond the text's usual one that make a chunk indented.
const INDENTED: usize = 2;
/// Most cells of indentation kept for an indented chunk, and inside verse.
const MAX_INDENT: usize = 16;
/// Continuation lines of a verse line are indented by this much more.
const VERSE_HANG: u8 = 2;
/// The text's page (wrapping, indentation) and whether it has parts are measured on its first
/// lines, this many bytes of them: the same for a beginning of the text and for the whole, so
/// that the beginning is structured as the whole will be.
pub const SAMPLE_BYTES: usize = 256 << 10;
/// Units of a beginning left out at its end (not counting furniture): what follows the cut
/// could change them (a heading needs text after it, a run of headings may go on).
const UNSETTLED_UNITS: usize = 8;

/// How much of a text is parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Extent {
    Whole,
    /// A beginning of the text, cut at a blank line: its blocks are those the whole text
    /// gives, as far as they go (endnotes and the licence are the whole text's business).
    Beginning,
    /// A part from the text's middle (to its end, or not), cut at blank lines; `after_text`:
    /// text (not only headings, lists or verse) came before it.
    Part {
        to_end: bool,
        after_text: bool,
    },
}

impl Extent {
    /// The text's end is there, with its endnotes.
    fn has_end(self) -> bool {
        matches!(self, Extent::Whole | Extent::Part { to_end: true, .. })
    }
}

/// How the lines of a unit become the text of its block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Join {
    /// Prose: joined with spaces, to be reflowed.
    Reflow,
    /// Kept lines, with their indentation beyond the unit's.
    Keep,
    /// Kept lines exactly, tabs expanded (preformatted).
    Raw,
}

/// What a one-line unit may be, decided once its neighbours are known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Single {
    Text,
    /// Shaped like a heading but not standalone (text follows on the next line).
    Short,
    /// Shaped like a heading and standalone.
    Candidate,
    /// Has the shape of a book's heading.
    Book(Rank),
    /// A list item (its marker is read again from its line when needed: a unit stays small).
    Item,
    /// A note marked `†` or `‡`.
    Symbol,
    Leftover,
    Break,
}

/// A run of lines that becomes one block: 16 bytes, as a long text has a million.
#[derive(Debug, Clone)]
struct Unit {
    /// Its lines, while the text's structure is decided; then, for the writer, its bytes from
    /// its first line's start to its last line's end ([`Unit::switch_to_bytes`]). 32 bits: a text is
    /// at most 1 GB.
    span: Range<u32>,
    kind: BlockKind,
    join: Join,
    /// Its block's [`Shape`], in a plain text's small numbers: a block quote or none, at most
    /// [`MAX_INDENT`] cells of indentation, a list marker's width of hanging indentation.
    quote_depth: u8,
    indent: u8,
    hang: u8,
    /// For a unit that is one line (or a heading and its subtitle): what it may be.
    single: Option<Single>,
    /// [`Unit::SUBTITLE`], [`Unit::CENTRED`].
    flags: u8,
}

impl Unit {
    /// A heading whose text continues the previous heading's entry in the contents.
    const SUBTITLE: u8 = 1;
    /// A line centred on the page.
    const CENTRED: u8 = 2;

    fn new(lines: Range<usize>, kind: BlockKind, join: Join) -> Unit {
        Unit {
            span: lines.start as u32..lines.end as u32,
            kind,
            join,
            quote_depth: 0,
            indent: 0,
            hang: 0,
            single: None,
            flags: 0,
        }
    }

    fn shape(&self) -> Shape {
        Shape {
            quote_depth: self.quote_depth,
            indent: self.indent.into(),
            hang: self.hang.into(),
        }
    }

    fn is(&self, flag: u8) -> bool {
        self.flags & flag != 0
    }

    fn set(&mut self, flag: u8, on: bool) {
        if on {
            self.flags |= flag;
        } else {
            self.flags &= !flag;
        }
    }

    fn lines(&self) -> Range<usize> {
        self.span.start as usize..self.span.end as usize
    }

    fn first_line(&self) -> usize {
        self.span.start as usize
    }

    /// Its span becomes its bytes, once its lines are known for the last time.
    fn switch_to_bytes(&mut self, lines: &Lines) {
        let range = self.lines();
        let start = lines.start(range.start);
        let end = match range.end.checked_sub(1) {
            Some(last) if !range.is_empty() => lines.range(last).end,
            _ => start,
        };
        self.span = start as u32..end as u32;
    }

    fn is_heading(&self) -> bool {
        matches!(self.kind, BlockKind::Heading(_))
    }

    /// Text, not a heading, a list item or verse (what a numbered line must follow to be a
    /// thesis, for one).
    fn is_text(&self) -> bool {
        self.join == Join::Reflow || self.single == Some(Single::Text)
    }
}

/// How the text is laid out on the page it came from.
struct Page {
    /// Paragraphs are hard-wrapped.
    wrapped: bool,
    /// The usual indentation of a line.
    base: usize,
    /// Column the wrapped lines reach (0 when not wrapped).
    width: usize,
}

pub(super) fn parse(text: String, name: &str) -> Document {
    parse_as(text, name, Extent::Whole)
}

/// The blocks of `text`, a beginning of a longer text cut at a blank line, that the whole text
/// has too: the same content, blocks and contents, as far as they go.
pub(super) fn parse_beginning(text: String, name: &str) -> Document {
    parse_as(text, name, Extent::Beginning)
}

/// How a text is written, as measured on its first lines ([`SAMPLE_BYTES`] of them, past a
/// Project Gutenberg header): what a part from its middle is structured by.
pub struct Measure {
    page: Page,
    /// The text has parts as well as chapters (their headings rank above the chapters').
    parts: bool,
    /// It is a Project Gutenberg file: its licence follows its text.
    gutenberg: bool,
    /// Its first lines hold text (not only headings, lists or verse).
    text: bool,
}

/// The measure of a text from its beginning, cut at a blank line and at least
/// [`SAMPLE_BYTES`] past any Gutenberg header; the same as the whole text's.
pub(super) fn measure(beginning: &str) -> Measure {
    let read = read(beginning);
    let mut units = Vec::new();
    chunks(
        &read.lines,
        read.body,
        &read.page,
        read.sample_end,
        &mut units,
    );
    Measure {
        parts: has_parts(&units, read.sample_end),
        page: read.page,
        gutenberg: read.gutenberg.is_some(),
        text: units.iter().any(Unit::is_text),
    }
}

/// The blocks of `text`, a part of a longer text from a blank line to a blank line (or to the
/// text's end: `to_end`), as the whole text has them (by the whole's `measure`) away from the
/// part's edges: its first and last few blocks are left out, as what comes before or after
/// could change them. It has no title, and its notes are those it holds.
pub(super) fn parse_part(text: String, measure: &Measure, to_end: bool) -> Document {
    let (units, subtitles) = {
        let lines = Lines::new(&text);
        let licence = measure
            .gutenberg
            .then(|| gutenberg::licence(lines.iter(0..lines.len())))
            .flatten()
            .unwrap_or(lines.len());
        let mut units = Vec::new();
        chunks(&lines, 0..licence, &measure.page, usize::MAX, &mut units);
        if licence < lines.len() {
            units.push(Unit::new(
                licence..lines.len(),
                BlockKind::Boilerplate,
                Join::Keep,
            ));
        }
        let extent = Extent::Part {
            to_end,
            after_text: measure.text,
        };
        decide(&lines, &mut units, measure.parts, extent);
        if !to_end {
            settled(&mut units);
        }
        units.reverse();
        settled(&mut units);
        units.reverse();
        let subtitles = subtitles(&units);
        units.iter_mut().for_each(|u| u.switch_to_bytes(&lines));
        (units, subtitles)
    };
    let mut doc = write::write(text, units, &measure.page);
    contents_with_subtitles(&mut doc, subtitles);
    notes::link(&mut doc);
    doc
}

fn parse_as(text: String, name: &str, extent: Extent) -> Document {
    // What the document needs from the lines is taken before the text's buffer is written over.
    let (units, page, title, author, subtitles) = {
        let Read {
            lines,
            gutenberg,
            body,
            page,
            sample_end,
        } = read(&text);

        let mut units = Vec::new();
        if body.start > 0 {
            units.push(Unit::new(0..body.start, BlockKind::Boilerplate, Join::Keep));
        }
        chunks(&lines, body.clone(), &page, usize::MAX, &mut units);
        if body.end < lines.len() {
            units.push(Unit::new(
                body.end..lines.len(),
                BlockKind::Boilerplate,
                Join::Keep,
            ));
        }

        let parts = has_parts(&units, sample_end);
        // A beginning that holds a Gutenberg licence holds the text's end, with its endnotes.
        let ends = extent == Extent::Beginning && body.end < lines.len();
        decide(
            &lines,
            &mut units,
            parts,
            if ends { Extent::Whole } else { extent },
        );
        if ends {
            // Nothing after the body can change it; only the licence is cut short.
            units.pop();
        } else if extent == Extent::Beginning {
            settled(&mut units);
            // Nothing of the body settled (a header, then lines that may yet be headings):
            // no beginning to show, whose title the whole could choose otherwise.
            if units.iter().all(|u| u.kind == BlockKind::Boilerplate) {
                units.clear();
            }
        }
        let title_unit = choose_title(&lines, &mut units, sample_end, gutenberg.as_ref(), name);
        let (title, author) = match gutenberg {
            Some(g) if g.title.is_some() => (g.title.unwrap_or_default(), g.author),
            g => (
                title_unit
                    .map_or_else(|| title_from_name(name), |t| joined_text(&lines, &units[t])),
                g.and_then(|g| g.author),
            ),
        };
        let subtitles = subtitles(&units);
        units.iter_mut().for_each(|u| u.switch_to_bytes(&lines));
        (units, page, title, author, subtitles)
    };
    let mut doc = write::write(text, units, &page);
    doc.title = title;
    doc.author = author;
    contents_with_subtitles(&mut doc, subtitles);
    notes::link(&mut doc);
    doc
}

/// A text's lines, with what its first ones say of it.
struct Read<'a> {
    lines: Lines<'a>,
    gutenberg: Option<gutenberg::Gutenberg>,
    /// The lines of the text proper: without a Project Gutenberg header and licence.
    body: Range<usize>,
    page: Page,
    /// Where the sample the page is measured on ends.
    sample_end: usize,
}

fn read(text: &str) -> Read<'_> {
    let lines = Lines::new(text);
    let gutenberg = gutenberg::find(&lines);
    let body = gutenberg
        .as_ref()
        .map_or(0..lines.len(), |g| g.body.clone());
    let (page, sample_end) = sample(&lines, body.start);
    Read {
        lines,
        gutenberg,
        body,
        page,
        sample_end,
    }
}

/// The page of the text whose body starts at line `start`, measured on its first
/// [`SAMPLE_BYTES`]; and the line where that sample ends.
fn sample(lines: &Lines, start: usize) -> (Page, usize) {
    let mut sampled = 0;
    let table: Vec<Line> = lines
        .iter(start..lines.len())
        .take_while(|l| {
            sampled += l.raw().len() + 1;
            sampled <= SAMPLE_BYTES
        })
        .collect();
    (Page::measure(&table), start + table.len())
}

/// Units of the blank-separated chunks of lines in `range`, up to the first chunk that starts
/// at or after line `until`, added to `units`. Each chunk's lines are measured once, in a table
/// of their own: the text's lines are never all measured at once.
fn chunks(lines: &Lines, range: Range<usize>, page: &Page, until: usize, units: &mut Vec<Unit>) {
    let mut chunk = Vec::new();
    let mut i = range.start;
    while i < range.end && i < until {
        let start = i;
        chunk.clear();
        while i < range.end {
            let line = lines.get(i);
            if line.is_blank() {
                break;
            }
            chunk.push(line);
            i += 1;
        }
        if chunk.is_empty() {
            i += 1;
            continue;
        }
        let from = units.len();
        page.chunk(&chunk, 0..chunk.len(), units);
        for unit in &mut units[from..] {
            unit.span = unit.span.start + start as u32..unit.span.end + start as u32;
        }
        // Past the blank line that ended the chunk: looked at again, it would be found anew
        // from the last line indexed.
        i += 1;
    }
}

/// Whether the text has parts and chapters both: their headings, by their shapes, among the
/// units of its sample (those starting before line `sample_end`).
fn has_parts(units: &[Unit], sample_end: usize) -> bool {
    let ranks: Vec<Rank> = units
        .iter()
        .take_while(|u| u.first_line() < sample_end)
        .filter_map(|u| match u.single {
            Some(Single::Book(rank)) => Some(rank),
            _ => None,
        })
        .collect();
    ranks.contains(&Rank::Part) && ranks.contains(&Rank::Chapter)
}

impl Page {
    fn measure(lines: &[Line]) -> Page {
        let wrapped = is_hard_wrapped(lines);
        let mut histogram = [0usize; 41];
        for line in lines.iter().filter(|l| !l.is_blank()) {
            histogram[line.indent().min(40)] += 1;
        }
        let base = (0..histogram.len())
            .max_by_key(|&i| (histogram[i], std::cmp::Reverse(i)))
            .unwrap_or(0);
        let width = if wrapped {
            let mut inner: Vec<usize> = lines
                .windows(2)
                .filter(|w| !w[0].is_blank() && !w[1].is_blank())
                .map(|w| w[0].right())
                .collect();
            inner.sort_unstable();
            inner.get(inner.len() * 9 / 10).copied().unwrap_or(0)
        } else {
            0
        };
        Page {
            wrapped,
            base,
            width,
        }
    }

    /// A line that is short for this text: well short of the wrap width, or (unwrapped) no
    /// longer than a heading.
    fn is_short(&self, line: &Line) -> bool {
        if self.wrapped {
            line.right() * 10 <= self.width * 7
        } else {
            line.chars() <= HEADING_MAX_CHARS
        }
    }

    fn is_indented(&self, line: &Line) -> bool {
        line.indent() >= self.base + INDENTED
    }

    /// Centred in the wrap width: as much blank on the left as on the right.
    fn is_centred(&self, line: &Line) -> bool {
        self.wrapped
            && line.indent() >= 4
            && line.right() < self.width
            && (self.width - line.right()).abs_diff(line.indent()) <= 3
    }

    /// Units of a blank-separated chunk of lines.
    fn chunk(&self, lines: &[Line], range: Range<usize>, out: &mut Vec<Unit>) {
        let chunk = &lines[range.clone()];
        if chunk.len() >= 2 && aligned(chunk) {
            out.push(self.kept(lines, range, BlockKind::Preformatted, Join::Raw));
            return;
        }
        // List items start where a marker does: at the chunk's start, after a short line or a
        // colon, or right after another item's line.
        let mut item_starts = Vec::new();
        for i in range.clone() {
            if lines::list_marker(lines[i].text()).is_none() {
                continue;
            }
            let prev = i.checked_sub(1).filter(|&p| p >= range.start);
            let starts = match prev {
                None => true,
                Some(p) => {
                    !self.wrapped
                        || self.is_short(&lines[p])
                        || lines[p].text().ends_with(':')
                        || item_starts.last().is_some()
                }
            };
            if starts {
                item_starts.push(i);
            }
        }
        let Some(&first_item) = item_starts.first() else {
            self.plain(lines, range, out);
            return;
        };
        self.plain(lines, range.start..first_item, out);
        for (n, &start) in item_starts.iter().enumerate() {
            let next = item_starts.get(n + 1).copied().unwrap_or(range.end);
            if self.wrapped {
                out.push(single(lines, start..next, true));
            } else {
                out.push(single(lines, start..start + 1, start + 1 == range.end));
                self.plain(lines, start + 1..next, out);
            }
        }
    }

    /// Units of lines with no list item among them.
    fn plain(&self, lines: &[Line], range: Range<usize>, out: &mut Vec<Unit>) {
        if range.is_empty() {
            return;
        }
        let chunk = &lines[range.clone()];
        if !self.wrapped {
            self.unwrapped(lines, range, out);
            return;
        }
        if chunk.len() == 1 {
            let mut unit = single(lines, range, true);
            unit.set(Unit::CENTRED, self.is_centred(&chunk[0]));
            out.push(unit);
            return;
        }
        // A book's heading on the chunk's first line, with its subtitle or before its text.
        if lines::book_heading(chunk[0].text()).is_some() {
            if chunk.len() == 2 && lines::heading_like(chunk[1].text()) {
                let mut unit = single(lines, range.start..range.start + 1, true);
                unit.span = range.start as u32..range.end as u32;
                unit.join = Join::Keep;
                out.push(unit);
            } else {
                out.push(single(lines, range.start..range.start + 1, true));
                self.plain(lines, range.start + 1..range.end, out);
            }
            return;
        }
        if chunk.iter().all(|l| self.is_centred(l)) {
            out.push(self.kept(lines, range, BlockKind::Centered, Join::Keep));
            return;
        }
        // The lines but the last, which ends a paragraph wherever it ends.
        let inner = &chunk[..chunk.len() - 1];
        let short = inner.iter().filter(|l| self.is_short(l)).count();
        if chunk.iter().all(|l| self.is_indented(l)) {
            // A quotation is indented a little and its lines reach the right margin; a
            // signature far to the right, or verse, is kept as it is.
            let least = chunk.iter().map(|l| l.indent()).min().unwrap_or(0);
            let full = inner
                .iter()
                .filter(|l| l.right() * 10 >= self.width * 8)
                .count();
            if least * 3 < self.width && full * 2 > inner.len() {
                let mut unit = Unit::new(range, BlockKind::Paragraph, Join::Reflow);
                unit.quote_depth = 1;
                out.push(unit);
            } else {
                out.push(self.kept(lines, range, BlockKind::Verse, Join::Keep));
            }
        } else if short * 2 >= inner.len() {
            out.push(self.kept(lines, range, BlockKind::Verse, Join::Keep));
        } else {
            out.push(Unit::new(range, BlockKind::Paragraph, Join::Reflow));
        }
    }

    /// Units of lines of a text with one line per paragraph: runs of short lines are kept
    /// together, other lines are paragraphs (block quotes when indented).
    fn unwrapped(&self, lines: &[Line], range: Range<usize>, out: &mut Vec<Unit>) {
        let keeps = |l: &Line| {
            self.is_short(l)
                && !lines::is_web_leftover(l.text())
                && !lines::is_section_break(l.text())
                && lines::book_heading(l.text()).is_none()
        };
        let mut i = range.start;
        while i < range.end {
            let start = i;
            while i < range.end && keeps(&lines[i]) {
                i += 1;
            }
            // A sentence and then a heading-like line that ends the chunk: a short paragraph and
            // the heading under it.
            if i - start >= 2
                && i == range.end
                && lines::heading_like(lines[i - 1].text())
                && lines::ends_a_sentence(lines[i - 2].text())
            {
                i -= 1;
            }
            if i - start >= 2 {
                out.push(self.kept(lines, start..i, BlockKind::Verse, Join::Keep));
                continue;
            }
            let end = if i == start { i + 1 } else { i };
            let mut unit = single(lines, start..end, end == range.end);
            if self.is_indented(&lines[start]) && unit.single == Some(Single::Text) {
                unit.quote_depth = 1;
            }
            out.push(unit);
            i = end;
        }
    }

    /// A unit of kept lines, indented as the chunk is beyond the text's usual indentation.
    fn kept(&self, lines: &[Line], range: Range<usize>, kind: BlockKind, join: Join) -> Unit {
        let least = lines[range.clone()]
            .iter()
            .map(|l| l.indent())
            .min()
            .unwrap_or(0);
        let mut unit = Unit::new(range, kind, join);
        if kind != BlockKind::Centered {
            unit.indent = least.saturating_sub(self.base).min(MAX_INDENT) as u8;
        }
        if kind == BlockKind::Verse {
            unit.hang = VERSE_HANG;
        }
        unit
    }
}

/// A one-line unit (or an item with its wrapped lines), classified by its first line.
fn single(lines: &[Line], range: Range<usize>, standalone: bool) -> Unit {
    let text = lines[range.start].text();
    let class = if lines::is_section_break(text) {
        Single::Break
    } else if lines::is_web_leftover(text) {
        Single::Leftover
    } else if lines::list_marker(text).is_some() {
        Single::Item
    } else if text.starts_with(['†', '‡']) {
        Single::Symbol
    } else if let Some(rank) = lines::book_heading(text) {
        Single::Book(rank)
    } else if standalone && lines::in_capitals(text) {
        Single::Book(Rank::Chapter)
    } else if lines::heading_like(text) {
        if standalone {
            Single::Candidate
        } else {
            Single::Short
        }
    } else {
        Single::Text
    };
    let join = if range.len() > 1 {
        Join::Reflow
    } else {
        Join::Keep
    };
    let mut unit = Unit::new(range, BlockKind::Paragraph, join);
    unit.single = Some(class);
    unit
}

/// Hard-wrapped: at least four lines, 80% of them short, half of them in multi-line chunks, and
/// the lines inside chunks long enough not to be verse.
fn is_hard_wrapped(lines: &[Line]) -> bool {
    let mut nonempty = 0usize;
    let mut short = 0usize;
    let mut grouped = 0usize;
    let mut inner_lengths = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if line.is_blank() {
            continue;
        }
        nonempty += 1;
        if line.chars() <= HEADING_MAX_CHARS {
            short += 1;
        }
        let next_nonempty = lines.get(i + 1).is_some_and(|l| !l.is_blank());
        let prev_nonempty = i > 0 && !lines[i - 1].is_blank();
        if next_nonempty || prev_nonempty {
            grouped += 1;
        }
        if next_nonempty {
            inner_lengths.push(line.chars());
        }
    }
    if nonempty < 4 || inner_lengths.is_empty() {
        return false;
    }
    inner_lengths.sort_unstable();
    let median = inner_lengths[inner_lengths.len() / 2];
    short * 5 >= nonempty * 4 && grouped * 2 >= nonempty && median >= 45
}

/// Lines whose columns line up (a table, aligned code), a drawn table, or a drawing.
fn aligned(chunk: &[Line]) -> bool {
    let drawn = chunk
        .iter()
        .filter(|l| lines::is_rule(l.text()) || l.text().contains('|') || l.text().contains('│'))
        .count();
    if drawn == chunk.len() && chunk.iter().any(|l| lines::is_rule(l.text())) {
        return true;
    }
    if chunk.iter().filter(|l| lines::is_drawing(l.text())).count() * 2 >= chunk.len() {
        return true;
    }
    // A column where a field starts on most lines.
    let mut columns: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    for line in chunk {
        for column in lines::field_starts(line.raw()) {
            *columns.entry(column).or_default() += 1;
        }
    }
    let needed = (chunk.len() * 6).div_ceil(10).max(2);
    columns.values().any(|&n| n >= needed)
}

/// Gives every unit its kind: endnotes, headings (with their levels and subtitles), numbered
/// theses, list items, furniture.
fn decide(lines: &Lines, units: &mut [Unit], parts: bool, extent: Extent) {
    let n = units.len();
    let item = |u: &Unit| match u.single {
        Some(Single::Item) => lines::list_marker(lines.get(u.first_line()).text()),
        _ => None,
    };
    let aside =
        |u: &Unit| matches!(u.kind, BlockKind::Boilerplate) || u.single == Some(Single::Leftover);

    let first_text = units.iter().position(Unit::is_text).unwrap_or(n);
    let after_text = |i: usize| {
        i > first_text
            || matches!(
                extent,
                Extent::Part {
                    after_text: true,
                    ..
                }
            )
    };

    // Endnotes: the trailing run of numbered items (furniture and licence aside), when it
    // counts from 1 and follows text (a text that is only a list has no notes); and
    // `[1]`-style items and `†` lines anywhere.
    let mut end = n;
    while end > 0 && aside(&units[end - 1]) {
        end -= 1;
    }
    let mut notes_from = end;
    while notes_from > 0 && item(&units[notes_from - 1]).is_some_and(|m| m.number.is_some()) {
        notes_from -= 1;
    }
    if !extent.has_end()
        || notes_from == end
        || !after_text(notes_from)
        || item(&units[notes_from]).and_then(|m| m.number) != Some(1)
    {
        notes_from = n;
    }

    let chapter_level = if parts { 3 } else { 2 };
    let level = |rank: Rank| match rank {
        Rank::Part => 2,
        Rank::Chapter => chapter_level,
    };

    let candidate = |u: &Unit| u.single == Some(Single::Candidate);

    for i in 0..n {
        let Some(class) = units[i].single else {
            continue;
        };
        let marker = item(&units[i]);
        let after_item = i > 0 && item(&units[i - 1]).is_some();
        let before_item = i + 1 < n && item(&units[i + 1]).is_some();
        // Text follows (not only more headings or the end).
        let followed = units[i + 1..].iter().any(|u| !aside(u)) && i + 1 < n;
        units[i].kind = match class {
            Single::Item if i >= notes_from && i < end => BlockKind::Note,
            Single::Item if marker.is_some_and(|m| m.bracketed) => BlockKind::Note,
            Single::Item if marker.is_some_and(|m| m.number.is_some()) => {
                let lone = !after_item && !before_item;
                let chars = lines::char_len_capped(
                    lines.get(units[i].first_line()).text(),
                    THESIS_MAX_CHARS + 1,
                );
                if lone && units[i].lines().len() == 1 && chars <= THESIS_MAX_CHARS && after_text(i)
                {
                    BlockKind::Heading(chapter_level + 1)
                } else {
                    BlockKind::ListItem
                }
            }
            // `* ` alone after the text: a footnote marked with a star.
            Single::Item
                if !after_item
                    && !before_item
                    && lines.get(units[i].first_line()).text().starts_with('*')
                    && after_text(i) =>
            {
                BlockKind::Note
            }
            Single::Item => BlockKind::ListItem,
            Single::Symbol => BlockKind::Note,
            Single::Leftover => BlockKind::Furniture,
            Single::Break => BlockKind::Centered,
            Single::Text | Single::Short => BlockKind::Paragraph,
            Single::Book(rank) if followed => BlockKind::Heading(level(rank)),
            Single::Book(_) => BlockKind::Paragraph,
            Single::Candidate => {
                let run_start = (0..=i)
                    .rev()
                    .take_while(|&j| candidate(&units[j]))
                    .last()
                    .unwrap_or(i);
                let run_end = (i..n)
                    .take_while(|&j| candidate(&units[j]))
                    .last()
                    .unwrap_or(i)
                    + 1;
                let long_run = run_end - run_start >= 3 && after_text(i);
                if followed && !long_run {
                    BlockKind::Heading(chapter_level)
                } else {
                    BlockKind::Paragraph
                }
            }
        };
        if let Some(Marker { width, .. }) = marker
            && matches!(units[i].kind, BlockKind::ListItem | BlockKind::Note)
        {
            units[i].hang = width.try_into().unwrap_or(u8::MAX);
        }
    }

    // A run of headings with two of a book's chapter headings of one rank and nothing between
    // them is a list of contents, not the chapters themselves.
    let mut i = 0;
    while i < n {
        if !units[i].is_heading() {
            i += 1;
            continue;
        }
        let start = i;
        while i < n && (units[i].is_heading() || aside(&units[i])) {
            i += 1;
        }
        let run = &units[start..i];
        // Only the patterns count: a line in capitals under a chapter's heading is its subtitle.
        let repeated = [Rank::Part, Rank::Chapter].iter().any(|&rank| {
            run.iter()
                .filter(|u| lines::book_heading(lines.get(u.first_line()).text()) == Some(rank))
                .count()
                >= 2
        });
        if repeated {
            for unit in &mut units[start..i] {
                if unit.is_heading() {
                    unit.kind = BlockKind::Verse;
                }
            }
        }
    }

    // Other centred lines of a title page (the title, "by", the publisher) are no headings;
    // the title is chosen among them later.
    for unit in units.iter_mut() {
        if unit.is(Unit::CENTRED)
            && unit.is_heading()
            && !unit.is(Unit::SUBTITLE)
            && lines::book_heading(lines.get(unit.first_line()).text()).is_none()
        {
            unit.kind = BlockKind::Centered;
        }
    }

    // A title-like line right under a book's heading is its subtitle.
    for i in 1..n {
        let under_book = units[i - 1].is_heading()
            && units[i - 1].lines().len() == 1
            && lines::book_heading(lines.get(units[i - 1].first_line()).text()).is_some();
        let title_like = matches!(
            units[i].single,
            Some(Single::Candidate | Single::Book(Rank::Chapter))
        ) && units[i].lines().len() == 1
            && lines::book_heading(lines.get(units[i].first_line()).text()).is_none();
        let centred = units[i].is(Unit::CENTRED) && units[i].kind == BlockKind::Centered;
        if under_book && title_like && (units[i].is_heading() || centred) {
            units[i].kind = units[i - 1].kind;
            units[i].set(Unit::SUBTITLE, true);
        }
    }
}

/// Leaves out the units at the end of a beginning that what follows it could change: the last
/// [`UNSETTLED_UNITS`] that are not furniture, the furniture among them, and headings left
/// last (a subtitle left out would have joined their entry in the contents).
fn settled(units: &mut Vec<Unit>) {
    let mut left_out = 0;
    while let Some(last) = units.last() {
        let settled = left_out >= UNSETTLED_UNITS
            && !matches!(last.kind, BlockKind::Furniture)
            && !last.is_heading();
        if settled {
            break;
        }
        if !matches!(last.kind, BlockKind::Furniture | BlockKind::Boilerplate) {
            left_out += 1;
        }
        units.pop();
    }
}

/// Picks the title among the headings (or centred lines) before the first paragraph and within
/// the text's first sample (lines before `sample_end`: a text of verse alone has no paragraph,
/// and its title is at its top, where its beginning shows it before the whole is read): the
/// one that best matches the Gutenberg title or the file name, else the first. It becomes a
/// level-1 heading; returns its unit.
fn choose_title(
    lines: &Lines,
    units: &mut [Unit],
    sample_end: usize,
    gutenberg: Option<&gutenberg::Gutenberg>,
    name: &str,
) -> Option<usize> {
    let first_text = units
        .iter()
        .position(|u| u.is_text() || u.first_line() >= sample_end)
        .unwrap_or(units.len());
    // A Gutenberg title without its subtitle, else the file name without its extension.
    let name = gutenberg
        .and_then(|g| g.title.as_deref())
        .map(|title| title.split(": ").next().unwrap_or(title))
        .unwrap_or_else(|| name.rsplit_once('.').map_or(name, |(stem, _)| stem));
    let name_words = words_of(name);
    let best = (0..first_text)
        .filter(|&i| {
            let unit = &units[i];
            (unit.is_heading() && unit.kind != BlockKind::Heading(4) && !unit.is(Unit::SUBTITLE))
                || unit.kind == BlockKind::Centered
                    && lines
                        .iter(unit.lines())
                        .all(|l| lines::heading_like(l.text()) || lines::in_capitals(l.text()))
        })
        .max_by_key(|&i| {
            let score = words_of(&joined_text(lines, &units[i]))
                .iter()
                .filter(|w| name_words.contains(w))
                .count();
            (score, std::cmp::Reverse(i))
        })?;
    units[best].kind = BlockKind::Heading(1);
    // A scraped page's words above its title (`Categories`, `Issue 5`): a word or three a line,
    // and no sentence. Drawn dimmed, as the page's other furniture, not taken for the text.
    if gutenberg.is_none() {
        for unit in units[..best].iter_mut() {
            let crumbs = matches!(unit.kind, BlockKind::Paragraph | BlockKind::Verse)
                && lines.iter(unit.lines()).all(|l| {
                    l.text().split_whitespace().count() <= CRUMB_WORDS
                        && !lines::ends_a_sentence(l.text())
                });
            if crumbs {
                // On one line: `Categories Issue 5`, as the page showed them.
                unit.kind = BlockKind::Furniture;
                unit.join = Join::Reflow;
            }
        }
    }
    Some(best)
}

/// Words a line above a web page's title has at most to be the page's furniture.
const CRUMB_WORDS: usize = 3;

fn words_of(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// A unit's lines joined by spaces.
fn joined_text(lines: &Lines, unit: &Unit) -> String {
    let texts: Vec<&str> = lines.iter(unit.lines()).map(|l| l.text()).collect();
    texts.join(" ")
}

/// For each heading unit, whether it is a subtitle (of the heading before).
fn subtitles(units: &[Unit]) -> Vec<bool> {
    units
        .iter()
        .filter(|u| u.is_heading())
        .map(|u| u.is(Unit::SUBTITLE))
        .collect()
}

/// The contents as a reader wants them: a heading's subtitle joins its entry, as does the
/// line under a heading in the same block (`subtitles`: one for each heading, in order). The
/// titles are made from the written headings (their lines joined by `\n`), not kept from the
/// lines while the text is written over: a long text has thousands of headings.
fn contents_with_subtitles(doc: &mut Document, subtitles: Vec<bool>) {
    // In place: a long text's thousands of titles are not held twice.
    let mut sections = std::mem::take(&mut doc.contents);
    let mut kept = 0;
    for (i, subtitle) in subtitles.into_iter().enumerate().take(sections.len()) {
        let block = &doc.blocks[doc.block_at(sections[i].start)];
        let text = doc.text(block);
        if text.contains('\n') {
            let mut lines = text.split('\n');
            let first = lines.next().unwrap_or_default().to_string();
            sections[i].title = lines.fold(first, |title, sub| with_subtitle(&title, sub));
        }
        if subtitle && kept > 0 {
            let title = std::mem::take(&mut sections[i].title);
            let previous = &mut sections[kept - 1];
            previous.title = with_subtitle(&previous.title, &title);
        } else {
            sections.swap(kept, i);
            kept += 1;
        }
    }
    sections.truncate(kept);
    doc.set_contents(sections);
}

/// `CHAPTER I.` and `The Period` make `CHAPTER I. The Period`; `Chapter 12` and `Home` make
/// `Chapter 12: Home`.
fn with_subtitle(heading: &str, subtitle: &str) -> String {
    if heading.ends_with(['.', ':', '—', '–', '-']) {
        format!("{heading} {subtitle}")
    } else {
        format!("{heading}: {subtitle}")
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str, name: &str) -> Vec<(BlockKind, String)> {
        let doc = parse(text.to_string(), name);
        doc.blocks
            .iter()
            .map(|b| (b.kind, doc.text(b).to_string()))
            .collect()
    }

    #[test]
    fn a_unit_is_small() {
        // A long text has a million units, all held while its structure is decided.
        assert_eq!(std::mem::size_of::<Unit>(), 16);
    }

    #[test]
    fn scraped_essay_structure() {
        let text = "Categories\nIssue 5\n\nInternationalism: All About People\n\n\
            An analysis of internationalism.\n\nIn July 2021, protests broke out.\n\
            The State vs. The Process\n\nCuba is the example here, and more.\n\n\
              1. Monthly Review Vol. 73.\n  2. Ibid.\n";
        let k = kinds(text, "internationalism-all-about-people.txt");
        // The page's words above its title: its furniture, dimmed.
        assert_eq!(k[0], (BlockKind::Furniture, "Categories Issue 5".into()));
        assert_eq!(
            k[1],
            (
                BlockKind::Heading(1),
                "Internationalism: All About People".into()
            )
        );
        assert_eq!(k[2].0, BlockKind::Paragraph);
        // A sentence, then a heading-like line ending the chunk: a paragraph and a heading.
        assert_eq!(k[3].0, BlockKind::Paragraph);
        assert_eq!(
            k[4],
            (BlockKind::Heading(2), "The State vs. The Process".into())
        );
        assert_eq!(k[6], (BlockKind::Note, "1. Monthly Review Vol. 73.".into()));
        assert_eq!(k[7], (BlockKind::Note, "2. Ibid.".into()));
        let doc = parse(text.to_string(), "internationalism-all-about-people.txt");
        assert_eq!(doc.title, "Internationalism: All About People");
        assert_eq!(doc.blocks[6].hang, 3);
    }

    #[test]
    fn numbered_theses_lists_and_reading_lists() {
        let text = "Title Here\n\nIntro paragraph that is long enough.\n\n\
            1. The dictatorship takes the form of a party.\n\nDiscussion of it.\n\n\
            2. A party must have mass support\n\nMore discussion.\n\n\
            1. first item\n2. second item\n\nAfter the list, text.\n\n\
            Further reading:\n\nBook One by Author\n\nBook Two by Author\n\nBook Three by Author\n\n\
            Seattle_General_Strike\n\nLast updated on 11 January 2018";
        let k = kinds(text, "x.txt");
        assert_eq!(k[2].0, BlockKind::Heading(3));
        assert_eq!(k[4].0, BlockKind::Heading(3));
        assert_eq!(k[6].0, BlockKind::ListItem);
        assert_eq!(k[7].0, BlockKind::ListItem);
        assert_eq!(k[9].0, BlockKind::Paragraph); // "Further reading:"
        // A reading list is no heading, though "Book One" has the shape of one.
        assert!(
            k[10..13]
                .iter()
                .all(|(kind, _)| !matches!(kind, BlockKind::Heading(_)))
        );
        assert_eq!(k[13].0, BlockKind::Furniture);
        assert_eq!(k[14].0, BlockKind::Paragraph); // nothing follows it
    }

    #[test]
    fn title_matches_the_file_name() {
        let text = "Harry Ratner\n\nLetter: Stalinism and Revolution\n\nAuthor: Harry Ratner\n\
            Source: New Interventions, 2011.\n\nJust some brief comments.";
        let doc = parse(
            text.to_string(),
            "ratner-letter-stalinism-and-revolution.txt",
        );
        assert_eq!(doc.title, "Letter: Stalinism and Revolution");
        let untitled = parse("just a sentence.".to_string(), "my-notes.txt");
        assert_eq!(untitled.title, "My notes");
    }

    #[test]
    fn hard_wrapped_text_is_reflowed() {
        let para = "It was the best of times, it was the worst of times, it was\n\
            the age of wisdom, it was the age of foolishness, it was the\n\
            epoch of belief, it was the epoch of incredulity, it was the\n";
        let text = format!("CHAPTER I\n\n{para}\n{para}\n- a\n- b\n");
        let k = kinds(&text, "tale.txt");
        assert_eq!(k[0].0, BlockKind::Heading(1));
        let hyphen = kinds(
            &format!("{para}well-\nknown words and a dash --\nthere.\n"),
            "t.txt",
        );
        assert!(
            hyphen[0]
                .1
                .ends_with("the well-known words and a dash -- there."),
            "{hyphen:?}"
        );
        assert_eq!(k[1].0, BlockKind::Paragraph);
        assert!(
            k[1].1
                .starts_with("It was the best of times, it was the worst of times, it was the age")
        );
        assert_eq!(k.len(), 5);
        assert_eq!(k[3], (BlockKind::ListItem, "- a".into()));
    }

    #[test]
    fn parts_chapters_and_scenes_make_two_levels_of_contents() {
        let para = "It was the best of times, it was the worst of times, it was the age of\n\
            wisdom, it was the age of foolishness, it was the epoch of belief.\n";
        let text = format!(
            "BOOK THE FIRST\n\nRecalled to Life\n\nCHAPTER I.\n\nThe Period\n\n{para}\n\
             CHAPTER II.\nThe Mail\n\n{para}\nPART TWO\n\nChapter 12\n\n{para}\n\
             Act III, Scene 2\n\n{para}\nXIV\n\n{para}\nI. The Beginning\n\n{para}"
        );
        let doc = parse(text.clone(), "tale.txt");
        let contents: Vec<(u8, &str)> = doc
            .contents
            .iter()
            .map(|s| (s.level, s.title.as_str()))
            .collect();
        assert_eq!(
            contents,
            [
                (1, "BOOK THE FIRST: Recalled to Life"),
                (3, "CHAPTER I. The Period"),
                (3, "CHAPTER II. The Mail"),
                (2, "PART TWO"),
                (3, "Chapter 12"),
                (3, "Act III, Scene 2"),
                (3, "XIV"),
                (3, "I. The Beginning"),
            ]
        );
        assert_eq!(doc.chapter_level, Some(3));
    }

    #[test]
    fn star_and_dagger_notes_are_linked() {
        let text = "A Title\n\nThe first claim* is made here. A second one† follows it, and an \
            *emphasised* word is no reference.\n\n* The star's note.\n\n† The dagger's note.";
        let doc = parse(text.to_string(), "t.txt");
        let linked: Vec<(&str, &str)> = doc
            .notes
            .iter()
            .map(|n| (&doc.content[n.start..n.end], doc.note_text(n)))
            .collect();
        assert_eq!(
            linked,
            [("*", "* The star's note."), ("†", "† The dagger's note.")]
        );
    }

    #[test]
    fn verse_is_not_reflowed() {
        let text = "Roses are red\nViolets are blue\nSugar is sweet\nAnd so are you\n\n\
            Second stanza\nShort lines here\nStill short\nThe end";
        let k = kinds(text, "poem.txt");
        assert_eq!(k.len(), 2);
        assert!(k.iter().all(|(kind, _)| *kind == BlockKind::Verse));
        assert_eq!(
            k[0].1,
            "Roses are red\nViolets are blue\nSugar is sweet\nAnd so are you"
        );
    }
}
