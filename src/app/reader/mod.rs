//! The reader: one open document, the page on screen, and the moves between pages.
//!
//! The place is `anchor`, a byte offset: the top row of the page is the row that holds it, at
//! whatever width. Moves set the anchor to the start of the new top row; a resize keeps it, so
//! the same sentence stays on top. Page numbers are derived, never stored.

use std::sync::Arc;

pub mod cursor;
mod progress;

use progress::RowCounting;
pub use progress::{PageNumber, WORDS_PER_MINUTE};

use crate::document::Document;
use crate::layout::{Layout, PictureRoom, QUOTE_BAR_WIDTH, Row, RowIndex, RowPos, cells};

/// Places remembered for "back".
const HISTORY_LIMIT: usize = 100;
/// Rows of text kept above a passage brought on the page by a search.
const REVEAL_CONTEXT_ROWS: usize = 2;

pub struct Reader {
    layout: Layout,
    anchor: usize,
    /// The reading cursor (a byte offset on a character), when shown.
    cursor: Option<usize>,
    /// Where a selection started, when one is being made; it runs to the cursor.
    selection: Option<usize>,
    /// The cursor got where it is by a move to the start of the next word, sentence or
    /// paragraph: a selection ending there stops before it, where the last one ended.
    to_next_start: bool,
    top: RowPos,
    height: usize,
    page: Vec<Row>,
    history: Vec<usize>,
    /// Places left by [`Reader::back`], for [`Reader::forward`]; a new jump forgets them.
    ahead: Vec<usize>,
    /// Cells that wide preformatted lines are scrolled to the left by.
    sideways: u16,
    index: Option<RowIndex>,
    counting: Option<RowCounting>,
    /// The size of the cells pictures are drawn in, when they are drawn.
    picture_cell: Option<(u16, u16)>,
}

impl Reader {
    /// A reader on `doc` at byte `anchor`, for a text column `width` cells wide and `height` rows
    /// tall.
    pub fn new(doc: Arc<Document>, anchor: usize, width: u16, height: u16) -> Reader {
        let anchor = anchor.min(doc.content.len());
        let mut reader = Reader {
            layout: Layout::new(doc, width),
            anchor,
            cursor: None,
            selection: None,
            to_next_start: false,
            top: RowPos::default(),
            height: usize::from(height.max(1)),
            page: Vec::new(),
            history: Vec::new(),
            ahead: Vec::new(),
            sideways: 0,
            index: None,
            counting: None,
            picture_cell: None,
        };
        reader.settle();
        reader.start_counting();
        reader
    }

    pub fn doc(&self) -> &Arc<Document> {
        self.layout.doc()
    }

    /// The rows on screen, top to bottom.
    pub fn page(&self) -> &[Row] {
        &self.page
    }

    pub fn width(&self) -> u16 {
        self.layout.width()
    }

    pub fn height(&self) -> usize {
        self.height
    }

    /// Byte offset the page is anchored to.
    pub fn anchor(&self) -> usize {
        self.anchor
    }

    /// Puts a longer text in place of the document, which must be its exact beginning (a book
    /// whose rest has been read): the place, the cursor, the selection and "back" stay.
    pub fn extend_document(&mut self, doc: Arc<Document>) {
        debug_assert!(doc.content.starts_with(&self.doc().content));
        let pictures = self.layout.pictures();
        self.layout = Layout::new(doc, self.layout.width());
        self.layout.set_pictures(pictures);
        self.index = None;
        self.settle();
        self.start_counting();
    }

    /// Changes the text column; the anchor, hence the sentence on top, stays.
    pub fn set_viewport(&mut self, width: u16, height: u16) {
        let width_changed = width.max(1) != self.layout.width();
        self.layout.set_width(width);
        self.height = usize::from(height.max(1));
        let pictures_changed = self.layout.set_pictures(self.picture_room());
        if width_changed || pictures_changed {
            self.index = None;
            self.start_counting();
        }
        self.settle();
    }

    /// Pictures are drawn in cells of `cell` pixels (width, height), or, with `None`, shown as
    /// their placeholders.
    pub fn set_picture_cells(&mut self, cell: Option<(u16, u16)>) {
        self.picture_cell = cell;
        if self.layout.set_pictures(self.picture_room()) {
            self.index = None;
            self.start_counting();
            self.settle();
        }
    }

    /// The room pictures take, while they are drawn.
    pub fn pictures(&self) -> Option<PictureRoom> {
        self.layout.pictures()
    }

    /// The room a picture takes on this page: all of it but a row.
    fn picture_room(&self) -> Option<PictureRoom> {
        self.picture_cell.map(|cell| PictureRoom {
            rows: (self.height.saturating_sub(1).max(1)).min(usize::from(u16::MAX)) as u16,
            cell,
        })
    }

    /// Puts the row holding the anchor on top and recomputes the visible rows.
    fn settle(&mut self) {
        self.top = self.layout.row_at(self.anchor);
        self.page = self.layout.rows(self.top, self.height);
    }

    /// Moves the top of the page to `top` (a navigation, so the anchor follows).
    fn set_top(&mut self, top: RowPos) {
        if self.doc().is_empty() {
            return;
        }
        self.top = self.layout.picture_top(top, self.top);
        self.anchor = self.layout.row(top).start;
        self.page = self.layout.rows(self.top, self.height);
        self.keep_cursor_on_page();
    }

    /// The page shows the document's last row.
    pub fn at_end(&self) -> bool {
        self.page
            .last()
            .is_none_or(|r| r.end >= self.doc().content.len())
    }

    pub fn at_start(&self) -> bool {
        self.top == RowPos::default()
    }

    pub fn next_page(&mut self) {
        if !self.at_end() {
            let (top, _) = self.layout.forward(self.top, self.height);
            self.set_top(top);
        }
    }

    pub fn prev_page(&mut self) {
        let (top, _) = self.layout.backward(self.top, self.height);
        self.set_top(top);
    }

    /// How far wide preformatted lines on the page are scrolled sideways, in cells.
    pub fn sideways(&self) -> u16 {
        self.sideways.min(self.overflow())
    }

    /// Cells by which the page's widest preformatted line overflows the column.
    pub fn overflow(&self) -> u16 {
        let doc = self.layout.doc();
        self.page
            .iter()
            .filter(|row| !row.gap && doc.blocks[row.pos.block].kind.is_preformatted())
            .map(|row| {
                let block = &doc.blocks[row.pos.block];
                let used = row.indent + u16::from(block.quote_depth) * QUOTE_BAR_WIDTH;
                let text = cells(doc.content[row.start..row.end].trim_end()) as u16;
                (used + text).saturating_sub(self.layout.width())
            })
            .max()
            .unwrap_or(0)
    }

    /// Scrolls wide lines half a column sideways; false when nothing on the page is wider
    /// than the column.
    pub fn scroll_sideways(&mut self, right: bool) -> bool {
        let overflow = self.overflow();
        if overflow == 0 {
            return false;
        }
        let step = (self.layout.width() / 2).max(1);
        let now = self.sideways.min(overflow);
        self.sideways = if right {
            now.saturating_add(step).min(overflow)
        } else {
            now.saturating_sub(step)
        };
        true
    }

    /// Scrolls by `rows` (negative: up); never past the page that ends the document.
    pub fn scroll(&mut self, rows: i32) {
        let n = rows.unsigned_abs() as usize;
        let mut top = self.top;
        if rows < 0 {
            top = self.layout.backward(top, n).0;
        } else {
            for _ in 0..n {
                let bottom = self.layout.forward(top, self.height - 1);
                if bottom.1 < self.height - 1 || self.layout.next(bottom.0).is_none() {
                    break;
                }
                top = self.layout.next(top).unwrap_or(top);
            }
        }
        self.set_top(top);
    }

    /// Jumps to byte `offset`, remembering the current place for [`Reader::back`].
    pub fn jump_to(&mut self, offset: usize) {
        self.remember();
        self.anchor = offset.min(self.doc().content.len());
        self.settle();
        self.keep_cursor_on_page();
    }

    /// Brings byte `offset` on the page, if it is not there already, with a little of the text
    /// before it above (a jump, so [`Reader::back`] returns).
    pub fn reveal(&mut self, offset: usize) {
        let offset = offset.min(self.doc().content.len());
        let shown = match (self.page.first(), self.page.last()) {
            (Some(f), Some(l)) => f.start <= offset && offset < l.end,
            _ => true,
        };
        if shown {
            return;
        }
        self.remember();
        let row = self.layout.row_at(offset);
        let (top, _) = self.layout.backward(row, REVEAL_CONTEXT_ROWS);
        self.set_top(top);
    }

    fn remember(&mut self) {
        self.ahead.clear();
        self.push_history();
    }

    fn push_history(&mut self) {
        if self.history.last() != Some(&self.anchor) {
            if self.history.len() == HISTORY_LIMIT {
                self.history.remove(0);
            }
            self.history.push(self.anchor);
        }
    }

    pub fn jump_to_start(&mut self) {
        self.remember();
        self.set_top(RowPos::default());
    }

    pub fn jump_to_end(&mut self) {
        self.remember();
        let top = self.layout.last_page_top(self.height);
        self.set_top(top);
    }

    /// Goes to page `n` (1-based). Before the row count is known, the page is estimated.
    pub fn jump_to_page(&mut self, n: u64) {
        let n = n.max(1);
        match &self.index {
            Some(index) => {
                let row = (n - 1).saturating_mul(self.height as u64);
                let last_top = self.layout.last_page_top(self.height);
                let target = index.pos(row).min(last_top);
                self.remember();
                self.set_top(target);
            }
            None => {
                let pages = self.page_number().pages.max(1);
                let fraction = ((n - 1) as f64 / pages as f64).min(1.0);
                let offset = (fraction * self.doc().content.len() as f64) as usize;
                self.jump_to_fraction_offset(offset);
            }
        }
    }

    /// Goes to `percent` of the text, by characters.
    /// The page starts with the first row from that character on, so that it says that
    /// percentage (`:50%` said 49%: the row holding the character began before it).
    pub fn jump_to_percent(&mut self, percent: f64) {
        let chars = (percent.clamp(0.0, 100.0) / 100.0 * self.doc().chars as f64).ceil() as usize;
        let offset = self.doc().byte_of(chars);
        let row = self.layout.row_at(offset);
        let offset = match self.layout.next(row) {
            Some(next) if self.layout.row(row).start < offset => self.layout.row(next).start,
            _ => offset,
        };
        self.jump_to_fraction_offset(offset);
    }

    fn jump_to_fraction_offset(&mut self, offset: usize) {
        self.remember();
        let top = self.layout.row_at(offset);
        let last_top = self.layout.last_page_top(self.height);
        self.set_top(top.min(last_top));
    }

    /// Returns to the place before the last jump; false if there is none.
    pub fn back(&mut self) -> bool {
        let Some(anchor) = self.history.pop() else {
            return false;
        };
        self.ahead.push(self.anchor);
        self.go(anchor);
        true
    }

    /// Goes forward again to the place [`Reader::back`] left; false if there is none.
    pub fn forward(&mut self) -> bool {
        let Some(anchor) = self.ahead.pop() else {
            return false;
        };
        self.push_history();
        self.go(anchor);
        true
    }

    fn go(&mut self, anchor: usize) {
        self.anchor = anchor;
        self.settle();
        self.keep_cursor_on_page();
    }

    /// Scrolls half a page down (or up), as Ctrl-D and Ctrl-U do in less and vim.
    pub fn half_page(&mut self, down: bool) {
        let rows = (self.height / 2).max(1) as i32;
        self.scroll(if down { rows } else { -rows });
    }

    /// The heading block of the section on top of the page.
    pub fn section(&self) -> Option<usize> {
        self.doc().section_at(self.anchor)
    }
}

#[cfg(test)]
mod tests;
