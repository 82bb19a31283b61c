//! The document model: one plain-text `content` string and the blocks that structure it.
//!
//! Every position in gloss is an offset into `content`. Inside the program offsets are byte
//! offsets (cheap to slice with); what is stored or shown to other programs is a character offset,
//! converted with [`Document::char_of`] and [`Document::byte_of`].
//!
//! Invariants:
//! - blocks are in order and never empty; consecutive blocks are separated by exactly one `\n`
//!   in `content` (that `\n` belongs to no block), except when the second one `continues` the
//!   first (a giant paragraph split so that layout can stay lazy), in which case they touch;
//! - `content` holds no control character other than `\n` (see [`sanitize`]) and no tab.

mod builder;
mod bytes;
mod entry;
mod epub;
mod format;
pub mod html;
mod kept;
mod loading;
mod markdown;
pub mod motion;
pub(crate) mod nesting;
mod pdf;
mod picture;
mod plain;
pub mod sanitize;
mod table;
mod web;

use std::ops::Range;
use std::path::Path;

pub use builder::{MAX_BLOCK_BYTES, MAX_COLLAPSED_BYTES};
pub use bytes::ByteCursor;
pub use entry::{DocumentId, DocumentMeta, LibraryEntry};
pub use epub::EpubError;
pub use format::{FORMATS, Format, FormatRow};
#[cfg(test)]
pub(crate) use loading::long_text;
pub use loading::{Ends, Landmark, Loading, Opening, PartAt, beginning_of, part_of};
pub use pdf::{PdfError, panic_is_contained};
pub use picture::{Picture, extension_of, on_the_web};
/// How much of a plain text's beginning its page is measured on (see [`beginning_of`]).
pub use plain::SAMPLE_BYTES;
pub use web::{Article, article_from_html};

/// What a block is, which decides how it is laid out and styled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// A heading; level 1 is the title, 2 a chapter or section, deeper levels subsections.
    Heading(u8),
    Paragraph,
    /// An item of a list; its marker (`1. `, `• `) is part of the text.
    ListItem,
    /// Preformatted text (code, tables, aligned columns, ASCII art): lines are kept and never
    /// wrapped; what is wider than the column is clipped with a marker and scrolls sideways.
    Code,
    /// A footnote or endnote; its number is part of the text.
    Note,
    /// A caption: kept, but shown dimmed.
    Caption,
    /// A picture, as its `[image: alt text]` placeholder: shown dimmed, and out of the reading
    /// time and the search index (a picture is no words).
    Image,
    /// Plain text whose columns line up (tables, aligned text, drawings): laid out as
    /// [`BlockKind::Code`] is, without code's colour.
    Preformatted,
    /// Lines kept as written (verse, addresses, contents, metadata): each wraps on its own,
    /// with a hanging indent.
    Verse,
    /// Lines kept as written, each centred (title pages).
    Centered,
    /// Page furniture left by the web (comment forms, image names, stray punctuation): shown
    /// dimmed, and out of the contents, the reading time and the search index.
    Furniture,
    /// Licence and header boilerplate (Project Gutenberg's): collapsed to one dimmed line that
    /// says what it is, and out of the reading time and the search index.
    Boilerplate,
}

impl BlockKind {
    /// Lines are kept and never wrapped.
    pub fn is_preformatted(self) -> bool {
        matches!(self, BlockKind::Code | BlockKind::Preformatted)
    }

    /// The block's words count towards reading time and its text is indexed for search.
    pub fn is_reading(self) -> bool {
        !matches!(
            self,
            BlockKind::Furniture | BlockKind::Boilerplate | BlockKind::Image
        )
    }
}

/// Blocks between two entries of a document's [`Tally`] table.
const TALLY_STEP: usize = 32;

/// What comes before a block, for one block in [`TALLY_STEP`]: counting the characters or
/// words before a place counts at most that many blocks' (a count for every block would take 8
/// bytes a block, and a long text has a million).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Characters of `content` (separators included).
    pub chars: u32,
    /// Words in the reading blocks.
    pub words: u32,
}

/// A run of content: a heading, a paragraph, a list item... 12 bytes, as a long text has a
/// million blocks: its start is 32-bit (a document is at most [`MAX_DOCUMENT_BYTES`]), its
/// length 16-bit (a block is at most [`MAX_BLOCK_BYTES`], or [`MAX_COLLAPSED_BYTES`] when
/// collapsed), and what comes before it is counted in the document's tallies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    /// Byte range of the block's text in `content`: where it starts, and its length.
    from: u32,
    len: u16,
    /// How many block quotes this block is nested in.
    pub quote_depth: u8,
    /// Cells of indentation on every line (nested lists).
    pub indent: u8,
    /// Extra cells of indentation on continuation lines (the width of a list marker).
    pub hang: u8,
    /// This block continues the previous one's paragraph: no gap between them.
    pub continues: bool,
}

impl Block {
    /// A block of `kind` at bytes `range` of the content (at most [`MAX_COLLAPSED_BYTES`]).
    pub fn new(kind: BlockKind, range: Range<usize>) -> Block {
        debug_assert!(range.len() <= MAX_COLLAPSED_BYTES, "a block too long");
        Block {
            kind,
            from: range.start as u32,
            len: range.len() as u16,
            quote_depth: 0,
            indent: 0,
            hang: 0,
            continues: false,
        }
    }

    /// Byte offset of the block's text in `content`.
    pub fn start(&self) -> usize {
        self.from as usize
    }

    /// Byte offset just past the block's text.
    pub fn end(&self) -> usize {
        self.from as usize + usize::from(self.len)
    }

    pub fn range(&self) -> Range<usize> {
        self.start()..self.end()
    }

    /// The same block `bytes` further into the content (as a part of a text is found in the
    /// whole).
    pub fn moved(&self, bytes: usize) -> Block {
        Block {
            from: self.from + bytes as u32,
            ..self.clone()
        }
    }
}

/// Inline emphasis inside a block (from Markdown).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inline {
    Emphasis,
    Strong,
    Code,
    Link,
    Strikethrough,
    /// A verse line's number, which print sets in the margin.
    LineNumber,
}

/// A styled byte range of `content`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InlineSpan {
    pub start: usize,
    pub end: usize,
    pub style: Inline,
}

/// A note reference in the text (a footnote mark) and the note it points to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteRef {
    /// Byte range of the mark in `content`.
    pub start: usize,
    pub end: usize,
    /// Byte range of the note's text in `content`.
    pub note: Range<usize>,
}

/// A ruby's reading (Japanese furigana, Chinese pinyin or bopomofo): shown after the text it
/// glosses, never part of the content, so that search, highlights and anchors read the text as
/// written (`山路`, not `山路やまみち`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    /// Byte offset in `content` just after the text it glosses.
    pub at: usize,
    pub text: String,
}

/// A link in the text, and where it leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// Byte range of the link's text in `content`.
    pub start: usize,
    pub end: usize,
    pub target: LinkTarget,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// A place in the text (a byte offset): a contents page's entry, a cross-reference.
    Place(usize),
    /// An address outside the text (a web page, an email address).
    Address(String),
}

/// Where a page of a paged original (a PDF) starts in the content, and the name it is printed
/// with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageMark {
    /// Byte offset of the page's first text in the content.
    pub start: usize,
    /// The printed page number (`xii`, `45`), else the page's place in the file from 1.
    pub label: String,
}

/// `p. 45`, or `pp. 45–46` for the pages a passage runs over (see
/// [`Document::printed_pages`]).
pub fn page_reference(pages: &str) -> String {
    if pages.contains('–') {
        format!("pp. {pages}")
    } else {
        format!("p. {pages}")
    }
}

/// An entry of the table of contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub title: String,
    /// 1 for the top level.
    pub level: u8,
    /// Byte offset in `content` where the section starts.
    pub start: usize,
}

/// Why a file could not be opened. The cause is part of the message and not a `source`, so
/// that a chain printed with `{:#}` says it once.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read {path}: {cause}")]
    Io { path: String, cause: std::io::Error },
    #[error("{path}: {cause}")]
    Decode {
        path: String,
        cause: sanitize::DecodeError,
    },
    #[error("{path} is larger than {} MB, the most gloss reads", .limit / 1_000_000)]
    TooLarge { path: String, limit: u64 },
}

/// The largest file read as a document (a text's memory is about twice its size).
pub const MAX_DOCUMENT_BYTES: u64 = 1 << 30;

/// Reads a document's file through [`MAX_DOCUMENT_BYTES`]; a text's first bytes are checked
/// for NUL before the rest is read (a book is a zip, which holds NUL bytes).
fn read_file(path: &Path, format: Format) -> Result<Vec<u8>, LoadError> {
    let shown = || path.display().to_string();
    crate::files::read(path, MAX_DOCUMENT_BYTES, format.row().text).map_err(|err| match err {
        crate::files::ReadError::Io(cause) => LoadError::Io {
            path: shown(),
            cause,
        },
        crate::files::ReadError::TooLarge { limit } => LoadError::TooLarge {
            path: shown(),
            limit,
        },
        crate::files::ReadError::NotRegular => LoadError::Io {
            path: shown(),
            cause: std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a regular file"),
        },
        crate::files::ReadError::Binary => LoadError::Decode {
            path: shown(),
            cause: sanitize::DecodeError::Binary,
        },
    })
}

/// A loaded text, ready to be laid out.
#[derive(Debug)]
pub struct Document {
    pub title: String,
    /// The author, from a book's or a page's metadata.
    pub author: Option<String>,
    pub format: Format,
    pub content: String,
    pub blocks: Vec<Block>,
    /// Inline styles, sorted by start.
    pub spans: Vec<InlineSpan>,
    /// Hex BLAKE3 hash of `content`: the document's identity.
    pub hash: String,
    /// Things the reader should know about how the file was read (lossy decoding...).
    pub warnings: Vec<String>,
    /// Total characters of `content`.
    pub chars: usize,
    /// Indices of heading blocks, in order.
    pub headings: Vec<usize>,
    /// The table of contents: a book's own, else the headings. In order of `start`.
    pub contents: Vec<Section>,
    /// Contents level that starts a chapter (for "time left in chapter").
    pub chapter_level: Option<u8>,
    /// Note references, in order of `start`.
    pub notes: Vec<NoteRef>,
    /// Note marks that no line breaks away from the word before them (`him.[1]`), in order:
    /// every reference, whether or not its note was found (so that a text's beginning wraps
    /// as the whole does before its notes are known).
    pub marks: Vec<std::ops::Range<usize>>,
    /// The pages of a paged original, in order; empty for other texts.
    pub pages: Vec<PageMark>,
    /// The pictures, in order of their blocks.
    pub pictures: Vec<Picture>,
    /// The links that lead somewhere (note references aside), in order of `start`.
    pub links: Vec<Link>,
    /// Rubies' readings, in order of `at`.
    pub readings: Vec<Reading>,
    /// The blocks written right to left (their first strong letter is Arabic, Hebrew...), in
    /// order: few in most texts, so a list of them rather than a flag on every block.
    right_to_left: Vec<u32>,
    /// Words in the reading blocks.
    words: u64,
    /// What comes before block `k * TALLY_STEP`.
    tallies: Vec<Tally>,
}

impl Document {
    /// Reads and parses a file; the format comes from its extension, else its first bytes.
    pub fn open(path: &Path) -> Result<Document, LoadError> {
        Document::open_as(path, Format::of_file(path))
    }

    /// Reads and parses a file in the given format.
    pub fn open_as(path: &Path, format: Format) -> Result<Document, LoadError> {
        let shown = || path.display().to_string();
        let bytes = read_file(path, format)?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut doc =
            Document::from_bytes(bytes, &name, format).map_err(|cause| LoadError::Decode {
                path: shown(),
                cause,
            })?;
        doc.measure_pictures(path);
        Ok(doc)
    }

    /// Learns the size of the pictures whose size the text did not say, from the first bytes
    /// of their images (a page's pictures are files beside it).
    fn measure_pictures(&mut self, file: &Path) {
        let Some(read) = self.format.row().picture else {
            return;
        };
        for picture in self
            .pictures
            .iter_mut()
            .filter(|p| p.size.is_none() && !picture::on_the_web(&p.source))
            .take(picture::MOST_MEASURED)
        {
            let head = picture::in_address(&picture.source)
                .unwrap_or_else(|| read(file, &picture.source, true));
            picture.size = head.ok().and_then(|head| picture::size_of(&head));
        }
    }

    /// The readings shown in the text from `start` to `end`: those just after a character of
    /// it (one at `start` belongs to the text before).
    pub fn readings_in(&self, start: usize, end: usize) -> &[Reading] {
        let from = self.readings.partition_point(|r| r.at <= start);
        let to = self.readings.partition_point(|r| r.at <= end);
        &self.readings[from..to.max(from)]
    }

    /// Block `block` is written right to left.
    pub fn is_right_to_left(&self, block: usize) -> bool {
        self.right_to_left.binary_search(&(block as u32)).is_ok()
    }

    /// Finds which blocks are written right to left: as the document says (`given`, the
    /// ranges of blocks a `dir` or a language gave a direction, in order), else by their first
    /// strong letter (the Unicode Bidirectional Algorithm's rule for a paragraph's direction).
    /// Code and boilerplate read left to right.
    pub(crate) fn find_directions(&mut self, given: &[(Range<usize>, bool)]) {
        self.right_to_left = self
            .blocks
            .iter()
            .enumerate()
            .filter(|(_, b)| {
                let i = given.partition_point(|(r, _)| r.end <= b.start());
                let said = given
                    .get(i)
                    .filter(|(r, _)| r.start <= b.start())
                    .map(|(_, rtl)| *rtl);
                !b.kind.is_preformatted()
                    && b.kind != BlockKind::Boilerplate
                    && said.unwrap_or_else(|| {
                        !self.content[b.range()].is_ascii()
                            && unicode_bidi::get_base_direction(&self.content[b.range()])
                                == unicode_bidi::Direction::Rtl
                    })
            })
            .map(|(i, _)| i as u32)
            .collect();
    }

    /// The link whose text holds byte `offset`.
    pub fn link_at(&self, offset: usize) -> Option<&Link> {
        let i = self.links.partition_point(|l| l.end <= offset);
        self.links.get(i).filter(|l| l.start <= offset)
    }

    /// The picture whose block starts at byte `at`.
    pub fn picture_at(&self, at: usize) -> Option<&Picture> {
        let i = self.pictures.partition_point(|p| p.at < at);
        self.pictures.get(i).filter(|p| p.at == at)
    }

    /// The image of `picture`, read whole from the text's file, as its format finds it.
    pub fn read_picture(&self, file: &Path, picture: &Picture) -> Result<Vec<u8>, String> {
        if let Some(image) = picture::in_address(&picture.source) {
            return image;
        }
        let read = self
            .format
            .row()
            .picture
            .ok_or("this kind of text has no pictures")?;
        read(file, &picture.source, false)
    }

    /// Parses bytes; `name` is the file name, used for the title when the text has none.
    pub fn from_bytes(
        bytes: Vec<u8>,
        name: &str,
        format: Format,
    ) -> Result<Document, sanitize::DecodeError> {
        (format.row().parse)(bytes, name)
    }

    /// Convenience for tests and tools: parse a string.
    pub fn from_text(text: &str, name: &str, format: Format) -> Document {
        Document::from_bytes(text.as_bytes().to_vec(), name, format)
            .expect("a &str holds no NUL byte")
    }

    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }

    pub fn len(&self) -> usize {
        self.content.len()
    }

    pub fn words(&self) -> u64 {
        self.words
    }

    pub fn text(&self, block: &Block) -> &str {
        &self.content[block.range()]
    }

    /// The block that holds byte `offset`; the `\n` after a block belongs to it here.
    /// Offsets past the end give the last block.
    pub fn block_at(&self, offset: usize) -> usize {
        let after = self.blocks.partition_point(|b| b.start() <= offset);
        after.saturating_sub(1)
    }

    /// Character offset of byte `offset` (clamped to the content, rounded down to a char).
    pub fn char_of(&self, offset: usize) -> usize {
        if self.blocks.is_empty() {
            return 0;
        }
        let mut offset = offset.min(self.content.len());
        while !self.content.is_char_boundary(offset) {
            offset -= 1;
        }
        let k = self.block_at(offset) / TALLY_STEP;
        let from = self.blocks[k * TALLY_STEP].start().min(offset);
        self.tallies[k].chars as usize + count_chars(&self.content.as_bytes()[from..offset])
    }

    /// Byte offset of character `chars` (clamped to the content).
    pub fn byte_of(&self, chars: usize) -> usize {
        if self.blocks.is_empty() {
            return 0;
        }
        let k = self
            .tallies
            .partition_point(|t| t.chars as usize <= chars)
            .saturating_sub(1);
        let mut left = chars - self.tallies[k].chars as usize;
        // Block by block (each with the separator after it), then character by character.
        for (i, block) in self.blocks.iter().enumerate().skip(k * TALLY_STEP) {
            let end = self
                .blocks
                .get(i + 1)
                .map_or(self.content.len(), Block::start);
            let here = &self.content[block.start()..end];
            let n = count_chars(here.as_bytes());
            if left < n {
                return here
                    .char_indices()
                    .nth(left)
                    .map_or(end, |(at, _)| block.start() + at);
            }
            left -= n;
        }
        self.content.len()
    }

    /// Words from the start of the document up to byte `offset`.
    pub fn words_before(&self, offset: usize) -> u64 {
        if self.blocks.is_empty() {
            return 0;
        }
        let i = self.block_at(offset);
        let words = |block: &Block, end: usize| {
            if block.kind.is_reading() {
                count_words(&self.content.as_bytes()[block.start()..end]) as u64
            } else {
                0
            }
        };
        let k = i / TALLY_STEP;
        let before: u64 = self.blocks[k * TALLY_STEP..i]
            .iter()
            .map(|b| words(b, b.end()))
            .sum();
        let block = &self.blocks[i];
        let within = offset.clamp(block.start(), block.end());
        u64::from(self.tallies[k].words) + before + words(block, within)
    }

    /// The entry of the contents governing byte `offset`, if any starts at or before it.
    pub fn section_at(&self, offset: usize) -> Option<usize> {
        let block_start = self
            .blocks
            .get(self.block_at(offset))
            .map_or(0, |b| b.start());
        let at = offset.max(block_start);
        let n = self.contents.partition_point(|s| s.start <= at);
        n.checked_sub(1)
    }

    /// The title of the section holding `offset`, if any.
    pub fn section_title(&self, offset: usize) -> Option<&str> {
        self.section_at(offset)
            .map(|i| self.contents[i].title.as_str())
    }

    /// Byte offset where the chapter holding `offset` ends: the start of the next contents
    /// entry at the chapter level or above, or the end of the document.
    pub fn chapter_end(&self, offset: usize) -> usize {
        let Some(level) = self.chapter_level else {
            return self.content.len();
        };
        let from = self.contents.partition_point(|s| s.start <= offset);
        self.contents[from..]
            .iter()
            .find(|s| s.level <= level)
            .map_or(self.content.len(), |s| s.start)
    }

    /// Sets the note references of a text whose every reference has its note (books, pages):
    /// they are its marks too.
    pub(super) fn set_notes(&mut self, notes: Vec<NoteRef>) {
        self.marks = notes.iter().map(|n| n.start..n.end).collect();
        self.notes = notes;
    }

    /// Replaces the table of contents (a book's own); the chapter level follows it.
    pub fn set_contents(&mut self, contents: Vec<Section>) {
        self.chapter_level = builder::chapter_level(&contents);
        self.contents = contents;
    }

    /// The printed page (a PDF's) that holds byte `offset`; `None` for a text without pages.
    pub fn printed_page_at(&self, offset: usize) -> Option<&PageMark> {
        let after = self.pages.partition_point(|p| p.start <= offset);
        self.pages.get(after.saturating_sub(1))
    }

    /// The printed pages bytes `range` lie on: `45`, or `45–46` across a page's turn; `None`
    /// for a text without pages.
    pub fn printed_pages(&self, range: Range<usize>) -> Option<String> {
        let first = self.printed_page_at(range.start)?;
        let last = self.printed_page_at(range.end.saturating_sub(1).max(range.start))?;
        Some(if first.start == last.start {
            first.label.clone()
        } else {
            format!("{}–{}", first.label, last.label)
        })
    }

    /// Where the printed page named `label` (`xii`, `45`; any case) starts.
    pub fn printed_page(&self, label: &str) -> Option<usize> {
        let label = label.trim();
        self.pages
            .iter()
            .find(|p| p.label.eq_ignore_ascii_case(label))
            .map(|p| p.start)
    }

    /// End of the block holding byte `offset`.
    pub fn block_end(&self, offset: usize) -> usize {
        self.blocks
            .get(self.block_at(offset))
            .map_or(offset, |b| b.end().max(offset))
    }

    /// What a collapsed block of boilerplate is, in one line: `Project Gutenberg licence (350
    /// lines)`.
    pub fn collapsed_label(&self, block: usize) -> String {
        let text = self.text(&self.blocks[block]);
        let what = if block == 0 { "header" } else { "licence" };
        let lines = text.lines().count();
        format!("Project Gutenberg {what} ({lines} lines)")
    }

    /// The note reference whose mark holds byte `offset`.
    pub fn note_at(&self, offset: usize) -> Option<&NoteRef> {
        let i = self.notes.partition_point(|n| n.start <= offset);
        self.notes[..i].last().filter(|n| offset < n.end)
    }

    /// A note's text, for a popup: its blocks with their line breaks.
    pub fn note_text(&self, note: &NoteRef) -> &str {
        self.content[note.note.clone()].trim()
    }
}

/// Per-chunk sums of 0/1 flags fit in a `u8` lane when chunks have at most 255 items; narrow
/// lanes are what lets the counting loops below vectorize well (4x faster than `usize` sums).
const LANE_CHUNK: usize = 255;

/// Characters in UTF-8 bytes: every byte that is not a continuation byte starts one.
pub fn count_chars(bytes: &[u8]) -> usize {
    // Continuation bytes are 0x80..=0xBF, that is -128..=-65 as i8.
    bytes
        .chunks(LANE_CHUNK)
        .map(|chunk| {
            let starts = chunk.iter().map(|&b| u8::from((b as i8) >= -0x40));
            usize::from(starts.fold(0u8, u8::wrapping_add))
        })
        .sum()
}

/// Silent reading speed of adults, words per minute (Brysbaert, 2019).
pub const WORDS_PER_MINUTE: u64 = 238;

/// Characters of Chinese and Japanese read a minute: about 500. They are written without
/// spaces, so that runs of them are no measure of reading; each counts as the share of a word
/// that reads in the same time.
const CJK_CHARS_PER_MINUTE: usize = 500;

/// Words in UTF-8 bytes, as runs of non-blank bytes (content has only ' ' and '\n' as blanks),
/// and Chinese and Japanese counted by their characters, as words of the same reading time.
pub fn count_words(bytes: &[u8]) -> usize {
    let spaced = count_spaced_words(bytes);
    // Kana and CJK ideographs, U+3040 to U+9FFF: their UTF-8 starts with 0xE3 to 0xE9.
    let cjk: usize = bytes
        .chunks(LANE_CHUNK)
        .map(|chunk| {
            let starts = chunk.iter().map(|&b| u8::from((0xE3..=0xE9).contains(&b)));
            usize::from(starts.fold(0u8, u8::wrapping_add))
        })
        .sum();
    spaced + cjk * WORDS_PER_MINUTE as usize / CJK_CHARS_PER_MINUTE
}

/// Runs of non-blank bytes.
fn count_spaced_words(bytes: &[u8]) -> usize {
    let blank = |b: u8| b == b' ' || b == b'\n';
    let first = bytes.first().map_or(0, |&b| usize::from(!blank(b)));
    // A word starts wherever a blank is followed by a non-blank; chunks of pairs overlap by one
    // byte so that every pair is counted once.
    let later: usize = (0..bytes.len().saturating_sub(1))
        .step_by(LANE_CHUNK)
        .map(|from| {
            let to = (from + LANE_CHUNK + 1).min(bytes.len());
            let starts = bytes[from..to]
                .windows(2)
                .map(|w| u8::from(blank(w[0]) & !blank(w[1])));
            usize::from(starts.fold(0u8, u8::wrapping_add))
        })
        .sum();
    first + later
}

/// A readable title from a file name: `the-russian-revolution.txt` -> `The russian revolution`.
fn title_from_name(name: &str) -> String {
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    let spaced: String = stem
        .chars()
        .map(|c| if c == '-' || c == '_' { ' ' } else { c })
        .collect();
    let spaced = spaced.trim();
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Untitled".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        Document::from_text(text, "sample.txt", Format::TEXT)
    }

    #[test]
    fn chinese_and_japanese_are_counted_by_their_characters() {
        // 1,000 characters read in two minutes: as many words as English reads in two.
        let japanese = "山路を登りながら、こう考えた。".repeat(67);
        let chars = japanese.chars().count();
        let words = count_words(japanese.as_bytes());
        let minutes = words as f64 / WORDS_PER_MINUTE as f64;
        let expected = chars as f64 / CJK_CHARS_PER_MINUTE as f64;
        assert!(
            (minutes - expected).abs() / expected < 0.1,
            "{minutes} for {expected}"
        );
        assert_eq!(count_words("two words".as_bytes()), 2);
    }

    #[test]
    fn offsets_round_trip_between_chars_and_bytes() {
        let d = doc("Title\n\nStalin’s “one country”.\n\nDíaz 你好 👩‍👩‍👧 end.");
        for (chars, (byte, _)) in d.content.char_indices().enumerate() {
            assert_eq!(d.byte_of(chars), byte);
            assert_eq!(d.char_of(byte), chars);
        }
        assert_eq!(d.byte_of(d.chars), d.content.len());
        assert_eq!(d.char_of(d.content.len()), d.chars);
        assert_eq!(d.byte_of(usize::MAX), d.content.len());
    }

    #[test]
    fn blocks_are_separated_by_one_newline() {
        let d = doc("One line.\n\n\nTwo line.\nThree.");
        let texts: Vec<&str> = d.blocks.iter().map(|b| d.text(b)).collect();
        assert_eq!(texts, ["One line.", "Two line.\nThree."]);
        assert_eq!(d.content, "One line.\nTwo line.\nThree.");
        assert_eq!(d.words(), 5);
    }

    #[test]
    fn empty_file_is_an_empty_document() {
        let d = doc("");
        assert!(d.is_empty());
        assert_eq!(d.chars, 0);
        assert_eq!(d.byte_of(10), 0);
        assert_eq!(d.char_of(10), 0);
        let blank = doc("  \n\n \u{a0}\n");
        assert!(blank.is_empty());
    }

    #[test]
    fn words_before_and_chapters() {
        let d = doc("Book Title\n\nFirst Part\n\nOne two three.\n\nSecond Part\n\nFour five.");
        let second = d.content.find("Second").unwrap();
        assert_eq!(d.words_before(second), 7);
        assert_eq!(d.chapter_level, Some(2));
        let in_first = d.content.find("two").unwrap();
        assert_eq!(d.chapter_end(in_first), second);
        assert_eq!(d.chapter_end(second + 3), d.content.len());
        assert_eq!(
            d.section_at(in_first).map(|b| d.text(&d.blocks[b])),
            Some("First Part")
        );
    }

    #[test]
    fn words_before_every_place_of_a_long_text() {
        // Far more blocks than a step of the word table, with furniture among them.
        let text: String = (1..=100)
            .map(|i| match i % 7 {
                0 => "Leave a comment\n\n".to_string(),
                _ => format!("{}.\n\n", vec!["word"; i].join(" ")),
            })
            .collect();
        let d = doc(&text);
        assert!(d.blocks.len() > 3 * TALLY_STEP);
        let mut counted = 0u64;
        for block in &d.blocks {
            assert_eq!(d.words_before(block.start()), counted);
            if block.kind.is_reading() {
                let middle = block.start() + d.text(block).len() / 2;
                let half = count_words(&d.content.as_bytes()[block.start()..middle]) as u64;
                assert_eq!(d.words_before(middle), counted + half);
                counted += count_words(d.text(block).as_bytes()) as u64;
            }
        }
        assert_eq!(d.words(), counted);
        assert_eq!(d.words_before(d.len()), counted);
    }

    #[test]
    fn a_block_is_small() {
        // A long text has a million blocks, held as long as it is open.
        assert_eq!(std::mem::size_of::<Block>(), 12);
    }

    #[test]
    fn chars_and_bytes_of_every_place_of_a_long_text() {
        // Far more blocks than a step of the tallies, with characters of 1 to 4 bytes.
        let text: String = (1..=120)
            .map(|i| format!("“Café” {i} 🎉 naïve\u{a0}text {}.\n\n", "é".repeat(i % 5)))
            .collect();
        let d = doc(&text);
        assert!(d.blocks.len() > 3 * TALLY_STEP);
        let mut chars = 0;
        for (byte, c) in d.content.char_indices() {
            assert_eq!(d.char_of(byte), chars);
            assert_eq!(d.byte_of(chars), byte);
            // Inside a character: rounded down to it.
            for inside in byte + 1..byte + c.len_utf8() {
                assert_eq!(d.char_of(inside), chars);
            }
            chars += 1;
        }
        assert_eq!(chars, d.chars);
        assert_eq!(d.char_of(d.len()), d.chars);
        assert_eq!(d.byte_of(d.chars), d.len());
        assert_eq!(d.byte_of(d.chars + 10), d.len());
    }

    #[test]
    fn titles_from_file_names() {
        assert_eq!(
            title_from_name("the-russian-revolution.txt"),
            "The russian revolution"
        );
        assert_eq!(title_from_name(""), "Untitled");
    }
}
