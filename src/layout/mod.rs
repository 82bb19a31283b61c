//! Layout and pagination: the rows a document makes at a given width, computed lazily.
//!
//! A block's rows are its wrapped lines, then one blank "gap" row unless it is the last block,
//! the next block continues it, or both are list items (lists are tight). Rows tile the content:
//! a line covers its byte range, a gap covers the `\n` between two blocks (without a gap, the
//! block's last line does). A page is `height` consecutive rows from a top row; the reader's
//! place is the byte offset of its top row, so any width can find the row holding it again.
//!
//! Only the blocks that are looked at are wrapped, and each is wrapped once per width (a small
//! cache); counting all rows, for "page X of Y", is [`count_rows`], meant for a background thread.
//!
//! A picture the terminal draws takes the rows its shape needs at the column's width (see
//! [`PictureRoom`]): its placeholder's lines, then empty lines at the block's end, which the
//! picture covers. A page never starts inside a picture (see [`Layout::picture_top`]).

mod bidi;
mod wrap;

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

pub use bidi::{drawn, visual_order};
pub use wrap::{Line, QUOTE_BAR_WIDTH, cells, quote_bars, shown_reading, wrap_block};

use crate::document::{BlockKind, Document};

/// How many wrapped blocks to keep before the cache is emptied.
const CACHE_BLOCKS: usize = 4096;

/// A row's address: block index and row index within the block (its lines, then its gap).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct RowPos {
    pub block: usize,
    pub row: usize,
}

/// One row of the screen: a line of a block, or the gap after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    pub pos: RowPos,
    pub start: usize,
    pub end: usize,
    pub indent: u16,
    pub gap: bool,
}

/// The room pictures take when the terminal draws them: at most `rows` rows (less than a
/// page, so that a picture is seen whole), in cells of `cell` pixels (width, height).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PictureRoom {
    pub rows: u16,
    pub cell: (u16, u16),
}

impl PictureRoom {
    /// The cells (columns, rows) a picture of `size` pixels is drawn in, in a column `width`
    /// cells wide: as wide as the column at most and never enlarged, as tall as its shape
    /// says, and narrower when it would be taller than the room.
    pub fn fit(&self, (w, h): (u32, u32), width: u16) -> (u16, u16) {
        let (cw, ch) = (f64::from(self.cell.0.max(1)), f64::from(self.cell.1.max(1)));
        let (w, h) = (f64::from(w.max(1)), f64::from(h.max(1)));
        let most_rows = f64::from(self.rows.max(1));
        let mut cols = (w / cw).ceil().min(f64::from(width.max(1)));
        let mut rows = (cols * cw * h / w / ch).ceil();
        if rows > most_rows {
            rows = most_rows;
            cols = (rows * ch * w / h / cw).floor();
        }
        (cols.max(1.0) as u16, rows.max(1.0) as u16)
    }
}

/// Lazily wrapped rows of one document at one width.
pub struct Layout {
    doc: Arc<Document>,
    width: u16,
    pictures: Option<PictureRoom>,
    cache: HashMap<usize, Box<[Line]>>,
}

impl Layout {
    pub fn new(doc: Arc<Document>, width: u16) -> Layout {
        Layout {
            doc,
            width: width.max(1),
            pictures: None,
            cache: HashMap::new(),
        }
    }

    /// The room pictures take, `None` while they are shown as their placeholders.
    pub fn pictures(&self) -> Option<PictureRoom> {
        self.pictures
    }

    /// Changes the room pictures take; returns true if it changed (rows are then counted
    /// again).
    pub fn set_pictures(&mut self, room: Option<PictureRoom>) -> bool {
        let changed = room != self.pictures;
        if changed {
            self.pictures = room;
            self.cache.clear();
        }
        changed
    }

    pub fn doc(&self) -> &Arc<Document> {
        &self.doc
    }

    pub fn width(&self) -> u16 {
        self.width
    }

    /// Changes the width; wrapped lines of the old width are dropped.
    pub fn set_width(&mut self, width: u16) {
        let width = width.max(1);
        if width != self.width {
            self.width = width;
            self.cache.clear();
        }
    }

    /// The wrapped lines of `block`.
    pub fn lines(&mut self, block: usize) -> &[Line] {
        if !self.cache.contains_key(&block) {
            if self.cache.len() >= CACHE_BLOCKS {
                self.cache.clear();
            }
            let lines = block_lines(&self.doc, block, self.width, self.pictures);
            self.cache.insert(block, lines.into_boxed_slice());
        }
        &self.cache[&block]
    }

    fn has_gap(&self, block: usize) -> bool {
        has_gap(&self.doc, block)
    }

    pub fn rows_in(&mut self, block: usize) -> usize {
        self.lines(block).len() + usize::from(self.has_gap(block))
    }

    /// The row at `pos`, which must exist.
    pub fn row(&mut self, pos: RowPos) -> Row {
        let gap = self.has_gap(pos.block);
        // Without a gap row, the last line carries the `\n` that separates the blocks.
        let newline = usize::from(!gap && newline_after(&self.doc, pos.block));
        let lines = self.lines(pos.block);
        let last = lines.len() - 1;
        match lines.get(pos.row) {
            Some(line) => Row {
                pos,
                start: line.start,
                end: line.end + if pos.row == last { newline } else { 0 },
                indent: line.indent,
                gap: false,
            },
            None => {
                debug_assert!(gap && pos.row == lines.len(), "no row at {pos:?}");
                let end = self.doc.blocks[pos.block].end();
                Row {
                    pos,
                    start: end,
                    end: end + 1,
                    indent: 0,
                    gap: true,
                }
            }
        }
    }

    /// The row that shows byte `offset`. An empty document has only the position 0:0.
    pub fn row_at(&mut self, offset: usize) -> RowPos {
        if self.doc.is_empty() {
            return RowPos::default();
        }
        let block = self.doc.block_at(offset);
        let gap_row = offset >= self.doc.blocks[block].end() && self.has_gap(block);
        let lines = self.lines(block);
        if gap_row {
            return RowPos {
                block,
                row: lines.len(),
            };
        }
        let row = lines
            .partition_point(|l| l.start <= offset)
            .saturating_sub(1);
        RowPos { block, row }
    }

    pub fn last(&mut self) -> RowPos {
        let Some(block) = self.doc.blocks.len().checked_sub(1) else {
            return RowPos::default();
        };
        RowPos {
            block,
            row: self.rows_in(block) - 1,
        }
    }

    pub fn next(&mut self, pos: RowPos) -> Option<RowPos> {
        if self.doc.is_empty() {
            return None;
        }
        if pos.row + 1 < self.rows_in(pos.block) {
            Some(RowPos {
                row: pos.row + 1,
                ..pos
            })
        } else if pos.block + 1 < self.doc.blocks.len() {
            Some(RowPos {
                block: pos.block + 1,
                row: 0,
            })
        } else {
            None
        }
    }

    pub fn prev(&mut self, pos: RowPos) -> Option<RowPos> {
        if pos.row > 0 {
            Some(RowPos {
                row: pos.row - 1,
                ..pos
            })
        } else if pos.block > 0 {
            let block = pos.block - 1;
            Some(RowPos {
                block,
                row: self.rows_in(block) - 1,
            })
        } else {
            None
        }
    }

    /// Moves up to `n` rows forward; returns the new position and how far it moved.
    pub fn forward(&mut self, pos: RowPos, n: usize) -> (RowPos, usize) {
        self.walk(pos, n, Layout::next)
    }

    /// Moves up to `n` rows back; returns the new position and how far it moved.
    pub fn backward(&mut self, pos: RowPos, n: usize) -> (RowPos, usize) {
        self.walk(pos, n, Layout::prev)
    }

    fn walk(
        &mut self,
        mut pos: RowPos,
        n: usize,
        step: fn(&mut Layout, RowPos) -> Option<RowPos>,
    ) -> (RowPos, usize) {
        let mut moved = 0;
        while moved < n {
            match step(self, pos) {
                Some(p) => pos = p,
                None => break,
            }
            moved += 1;
        }
        (pos, moved)
    }

    /// Where a page whose top is asked to be `pos` starts, `from` being the top before: a
    /// picture is shown whole, so a top inside one is moved to its first row, or, moving on
    /// from a picture at the top, to the row after it.
    pub fn picture_top(&mut self, pos: RowPos, from: RowPos) -> RowPos {
        let first = RowPos {
            block: pos.block,
            row: 0,
        };
        let lines = self.lines(pos.block);
        let padding = lines
            .get(pos.row)
            .is_some_and(|l| pos.row > 0 && l.start == l.end);
        if !padding || first > from || pos < from {
            return if padding { first } else { pos };
        }
        let after = RowPos {
            block: pos.block,
            row: lines.len() - 1,
        };
        self.next(after).unwrap_or(after)
    }

    /// Up to `n` rows starting at `top`: a page.
    pub fn rows(&mut self, top: RowPos, n: usize) -> Vec<Row> {
        let mut rows = Vec::with_capacity(n.min(1024));
        if self.doc.is_empty() {
            return rows;
        }
        let mut pos = Some(top);
        while let Some(p) = pos {
            if rows.len() == n {
                break;
            }
            rows.push(self.row(p));
            pos = self.next(p);
        }
        rows
    }

    /// Top row of the last page: the page that ends with the document's last row.
    pub fn last_page_top(&mut self, height: usize) -> RowPos {
        let last = self.last();
        self.backward(last, height.saturating_sub(1)).0
    }
}

/// A `\n` separates this block from the next one (there is a next one, not continuing it).
fn newline_after(doc: &Document, block: usize) -> bool {
    doc.blocks
        .get(block + 1)
        .is_some_and(|next| !next.continues)
}

/// A blank row follows this block: between paragraphs, but not inside a run of list items or
/// notes, which read better tight.
fn has_gap(doc: &Document, block: usize) -> bool {
    let item = |kind| matches!(kind, BlockKind::ListItem | BlockKind::Note);
    newline_after(doc, block) && !(item(doc.blocks[block].kind) && item(doc.blocks[block + 1].kind))
}

/// The lines of a block: its wrapped text, and under a picture's placeholder the empty lines
/// that make the rows the picture takes.
fn block_lines(
    doc: &Document,
    block: usize,
    width: u16,
    pictures: Option<PictureRoom>,
) -> Vec<Line> {
    let block = &doc.blocks[block];
    let mut lines = wrap_block(doc, block, width);
    let size = (block.kind == BlockKind::Image)
        .then(|| doc.picture_at(block.start())?.size)
        .flatten();
    if let (Some(room), Some(size), Some(&last)) = (pictures, size, lines.last()) {
        let rows = usize::from(room.fit(size, width).1);
        let padding = Line {
            start: block.end(),
            end: block.end(),
            indent: last.indent,
        };
        lines.resize(rows.max(lines.len()), padding);
    }
    lines
}

/// Rows of every block at `width`, as an index of them, or `None` if `cancel` was set
/// meanwhile. This wraps the whole document: run it off the interface thread.
pub fn count_rows(
    doc: &Document,
    width: u16,
    pictures: Option<PictureRoom>,
    cancel: &AtomicBool,
) -> Option<RowIndex> {
    let mut index = RowIndex {
        counts: Vec::with_capacity(doc.blocks.len()),
        before: Vec::with_capacity(doc.blocks.len() / ROWS_STEP + 1),
        total: 0,
    };
    for i in 0..doc.blocks.len() {
        if i % 256 == 0 && cancel.load(Ordering::Relaxed) {
            return None;
        }
        if i.is_multiple_of(ROWS_STEP) {
            index.before.push(index.total);
        }
        let rows = block_lines(doc, i, width, pictures).len() + usize::from(has_gap(doc, i));
        // A block is at most `MAX_BLOCK_BYTES` (or one collapsed row): a row holds a byte.
        let rows = u16::try_from(rows).unwrap_or(u16::MAX);
        index.counts.push(rows);
        index.total += u64::from(rows);
    }
    Some(index)
}

/// Blocks between two entries of a [`RowIndex`]'s table of rows before.
const ROWS_STEP: usize = 32;

/// The global row numbers of a document at one width, from [`count_rows`]: 2 bytes a block
/// (a long text has a million), rows before a block counted from the entry of the table of
/// rows before, one for every [`ROWS_STEP`] blocks.
#[derive(Debug, Clone)]
pub struct RowIndex {
    /// Rows of block `i`.
    counts: Vec<u16>,
    /// Rows before block `k * ROWS_STEP`.
    before: Vec<u64>,
    total: u64,
}

impl RowIndex {
    pub fn total(&self) -> u64 {
        self.total
    }

    /// Rows of block `block`.
    pub fn rows_in(&self, block: usize) -> u64 {
        self.counts.get(block).map_or(0, |&n| u64::from(n))
    }

    /// Global row number of `pos`.
    pub fn global(&self, pos: RowPos) -> u64 {
        let before = if pos.block >= self.counts.len() {
            self.total
        } else {
            let k = pos.block / ROWS_STEP;
            let since: u64 = self.counts[k * ROWS_STEP..pos.block]
                .iter()
                .map(|&n| u64::from(n))
                .sum();
            self.before[k] + since
        };
        before + pos.row as u64
    }

    /// Position of global row `row` (clamped to the last row).
    pub fn pos(&self, row: u64) -> RowPos {
        if self.total == 0 {
            return RowPos::default();
        }
        let row = row.min(self.total - 1);
        let k = self.before.partition_point(|&b| b <= row) - 1;
        let mut at = self.before[k];
        for (block, &n) in self.counts.iter().enumerate().skip(k * ROWS_STEP) {
            if row < at + u64::from(n) {
                return RowPos {
                    block,
                    row: (row - at) as usize,
                };
            }
            at += u64::from(n);
        }
        // Not reached: the rows before the total are in the blocks.
        RowPos::default()
    }
}

/// Page numbers in a whole document at one page size, for exports: wraps it all once, up front
/// (the reader itself never does, see [`count_rows`]).
pub struct Pagination {
    layout: Layout,
    index: RowIndex,
    height: u64,
}

impl Pagination {
    pub fn new(doc: Arc<Document>, width: u16, height: u16) -> Pagination {
        let index = count_rows(&doc, width, None, &AtomicBool::new(false))
            .expect("nothing cancels this count");
        Pagination {
            layout: Layout::new(doc, width),
            index,
            height: u64::from(height.max(1)),
        }
    }

    /// The page, from 1, that byte `offset` is on.
    pub fn page_of(&mut self, offset: usize) -> u64 {
        let pos = self.layout.row_at(offset);
        self.index.global(pos) / self.height + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Format;

    fn layout(text: &str, width: u16) -> Layout {
        Layout::new(
            Arc::new(Document::from_text(text, "t.txt", Format::TEXT)),
            width,
        )
    }

    const TEXT: &str = "A Title\n\nFirst paragraph with a handful of words that wrap.\n\n\
        Second paragraph, also long enough to need wrapping at twenty.\n\nEnd.";

    /// Every row of `l`, checked to tile its content: each starts where the one before ended,
    /// the last ends at the content's end.
    fn tiling_rows(l: &mut Layout) -> Vec<Row> {
        let rows = l.rows(RowPos::default(), usize::MAX);
        let mut at = 0;
        for row in &rows {
            assert_eq!(row.start, at);
            at = row.end;
        }
        assert_eq!(at, l.doc().content.len());
        rows
    }

    #[test]
    fn rows_tile_the_content() {
        let rows = tiling_rows(&mut layout(TEXT, 20));
        assert_eq!(rows.iter().filter(|r| r.gap).count(), 3);
    }

    #[test]
    fn row_at_finds_the_row_of_any_offset() {
        let mut l = layout(TEXT, 20);
        let rows = l.rows(RowPos::default(), usize::MAX);
        for row in rows {
            for offset in row.start..row.end {
                assert_eq!(l.row_at(offset), row.pos, "offset {offset}");
            }
        }
    }

    #[test]
    fn paging_forward_and_back_returns_to_the_same_rows() {
        let mut l = layout(TEXT, 15);
        let (third, moved) = l.forward(RowPos::default(), 6);
        assert_eq!(moved, 6);
        let (back, moved) = l.backward(third, 6);
        assert_eq!((back, moved), (RowPos::default(), 6));
        let (end, moved) = l.forward(RowPos::default(), 1000);
        assert_eq!(end, l.last());
        assert!(moved < 1000);
    }

    #[test]
    fn last_page_ends_with_the_last_row() {
        let mut l = layout(TEXT, 20);
        let top = l.last_page_top(4);
        let rows = l.rows(top, 4);
        assert_eq!(rows.len(), 4);
        assert_eq!(rows[3].end, l.doc().content.len());
    }

    #[test]
    fn empty_document_has_no_rows() {
        let mut l = layout("", 20);
        assert!(l.rows(RowPos::default(), 10).is_empty());
        assert_eq!(l.row_at(5), RowPos::default());
        assert_eq!(l.next(RowPos::default()), None);
        assert_eq!(l.last_page_top(10), RowPos::default());
    }

    #[test]
    fn row_index_matches_walking() {
        // A short text, and one of many more blocks than a step of the index's table.
        let long: String = (1..=150)
            .map(|i| format!("Paragraph {i} {}.\n\n", "with words ".repeat(i % 7)))
            .collect();
        for text in [TEXT, &long] {
            row_index_matches_walking_in(text);
        }
    }

    fn row_index_matches_walking_in(text: &str) {
        let mut l = layout(text, 12);
        let index = count_rows(l.doc(), 12, None, &AtomicBool::new(false)).unwrap();
        let rows = l.rows(RowPos::default(), usize::MAX);
        assert_eq!(index.total(), rows.len() as u64);
        for (n, row) in rows.iter().enumerate() {
            assert_eq!(index.global(row.pos), n as u64);
            assert_eq!(index.pos(n as u64), row.pos);
        }
        assert!(count_rows(l.doc(), 12, None, &AtomicBool::new(true)).is_none());
    }

    #[test]
    fn a_picture_fits_the_column_and_the_page_keeping_its_shape() {
        // Cells of 10 by 20 pixels, a page of 20 rows for pictures.
        let room = PictureRoom {
            rows: 20,
            cell: (10, 20),
        };
        // 800 by 400 in a column of 40 cells: 400 pixels wide, 200 tall, 10 rows.
        assert_eq!(room.fit((800, 400), 40), (40, 10));
        // A small picture is never enlarged.
        assert_eq!(room.fit((50, 40), 40), (5, 2));
        // A tall one is as tall as the room, and narrower.
        assert_eq!(room.fit((400, 1600), 40), (10, 20));
        // Degenerate sizes and rooms still give a cell.
        assert_eq!(room.fit((0, 0), 0), (1, 1));
    }

    #[test]
    fn a_drawn_picture_takes_its_rows_and_a_page_never_starts_inside_it() {
        let md = "One.\n\n![A figure](f.png)\n\nTwo.\n\nThree.";
        let mut doc = Document::from_text(md, "t.md", Format::MARKDOWN);
        doc.pictures[0].size = Some((400, 200));
        let mut l = Layout::new(Arc::new(doc), 40);
        // Shown as its placeholder: one row.
        assert_eq!(l.rows_in(1), 2);
        assert!(l.set_pictures(Some(PictureRoom {
            rows: 12,
            cell: (10, 20),
        })));
        assert!(!l.set_pictures(l.pictures()));
        // 400 by 200 at 40 cells of 10 by 20: 10 rows, and the gap after it.
        assert_eq!(l.rows_in(1), 11);
        let rows = tiling_rows(&mut l);
        let index = count_rows(l.doc(), 40, l.pictures(), &AtomicBool::new(false)).unwrap();
        assert_eq!(index.total(), rows.len() as u64);
        // Into a picture from above: its first row; on from it: the row after it; back into
        // it: its first row again.
        let top = RowPos::default();
        let inside = RowPos { block: 1, row: 3 };
        let first = RowPos { block: 1, row: 0 };
        assert_eq!(l.picture_top(inside, top), first);
        assert_eq!(l.picture_top(inside, first), RowPos { block: 1, row: 10 });
        assert_eq!(l.picture_top(inside, RowPos { block: 2, row: 0 }), first);
        assert_eq!(l.picture_top(first, top), first);
        assert_eq!(l.picture_top(RowPos { block: 2, row: 0 }, top).block, 2);
    }
}
