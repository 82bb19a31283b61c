//! The reader: one open document, the page on screen, and the moves between pages.
//!
//! The place is `anchor`, a byte offset: the top row of the page is the row that holds it, at
//! whatever width. Moves set the anchor to the start of the new top row; a resize keeps it, so
//! the same sentence stays on top. Page numbers are derived, never stored.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::time::Duration;

pub mod cursor;

use crate::document::Document;
use crate::layout::{Layout, Row, RowIndex, RowPos, count_rows};

/// Places remembered for "back".
const HISTORY_LIMIT: usize = 100;
/// How long opening or resizing a short text waits for its page count before showing an
/// Rows of text kept above a passage brought on the page by a search.
const REVEAL_CONTEXT_ROWS: usize = 2;

/// estimate, and what counts as short (counting runs at about 20 MB/s).
const COUNT_WAIT: Duration = Duration::from_millis(15);
const QUICK_COUNT_BYTES: usize = 256 * 1024;
/// Silent reading speed of adults, words per minute (Brysbaert, 2019).
pub const WORDS_PER_MINUTE: u64 = 238;

/// A background count of every row at one width, for exact page numbers.
struct RowCounting {
    width: u16,
    cancel: Arc<AtomicBool>,
    result: Receiver<Option<Vec<u32>>>,
}

impl Drop for RowCounting {
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}

/// Page X of Y; `exact` is false while the row count is still being computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageNumber {
    pub page: u64,
    pub pages: u64,
    pub exact: bool,
}

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
    index: Option<RowIndex>,
    counting: Option<RowCounting>,
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
            index: None,
            counting: None,
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
        self.layout = Layout::new(doc, self.layout.width());
        self.index = None;
        self.settle();
        self.start_counting();
    }

    /// Changes the text column; the anchor, hence the sentence on top, stays.
    pub fn set_viewport(&mut self, width: u16, height: u16) {
        let width_changed = width.max(1) != self.layout.width();
        self.layout.set_width(width);
        self.height = usize::from(height.max(1));
        if width_changed {
            self.index = None;
            self.start_counting();
        }
        self.settle();
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
        self.top = top;
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
    pub fn jump_to_percent(&mut self, percent: f64) {
        let chars = (percent.clamp(0.0, 100.0) / 100.0 * self.doc().chars as f64) as usize;
        let offset = self.doc().byte_of(chars);
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
        match self.history.pop() {
            Some(anchor) => {
                self.anchor = anchor;
                self.settle();
                self.keep_cursor_on_page();
                true
            }
            None => false,
        }
    }

    fn start_counting(&mut self) {
        let doc = Arc::clone(self.doc());
        let width = self.layout.width();
        let cancel = Arc::new(AtomicBool::new(false));
        let (tx, rx) = mpsc::channel();
        let flag = Arc::clone(&cancel);
        let spawned = std::thread::Builder::new()
            .name("gloss-row-count".into())
            .spawn(move || {
                let _ = tx.send(count_rows(&doc, width, &flag));
            });
        self.counting = spawned.is_ok().then_some(RowCounting {
            width,
            cancel,
            result: rx,
        });
        // A short text is counted before the next frame, so its page numbers never show as
        // estimates; a long one never holds the screen up.
        if let Some(counting) = &self.counting
            && self.doc().content.len() <= QUICK_COUNT_BYTES
            && let Ok(counts) = counting.result.recv_timeout(COUNT_WAIT)
        {
            self.finish_counting(counts);
        }
    }

    fn finish_counting(&mut self, counts: Option<Vec<u32>>) -> bool {
        let Some(counting) = self.counting.take() else {
            return false;
        };
        match counts {
            Some(counts) if counting.width == self.layout.width() => {
                self.index = Some(RowIndex::new(&counts));
                true
            }
            _ => false,
        }
    }

    /// Picks up a finished background count. Returns true if the status changed.
    pub fn poll(&mut self) -> bool {
        let Some(counting) = &self.counting else {
            return false;
        };
        match counting.result.try_recv() {
            Ok(counts) => self.finish_counting(counts),
            Err(TryRecvError::Disconnected) => self.finish_counting(None),
            Err(TryRecvError::Empty) => false,
        }
    }

    /// Blocks until the background count is done, for exact page numbers (tests, benchmarks).
    pub fn wait_for_count(&mut self) {
        if let Some(counting) = &self.counting {
            let counts = counting.result.recv().ok().flatten();
            self.finish_counting(counts);
        }
    }

    /// Whether a background count is running (the caller should poll).
    pub fn is_counting(&self) -> bool {
        self.counting.is_some()
    }

    pub fn page_number(&self) -> PageNumber {
        let height = self.height as u64;
        match &self.index {
            Some(index) => {
                let pages = index.total().div_ceil(height).max(1);
                let page = if self.at_end() {
                    pages
                } else {
                    (index.global(self.top) / height + 1).min(pages)
                };
                PageNumber {
                    page,
                    pages,
                    exact: true,
                }
            }
            None => {
                // Estimate from the bytes per row of the page on screen.
                let shown: usize = self.page.iter().map(|r| r.end - r.start).sum();
                let per_row = (shown as f64 / self.page.len().max(1) as f64).max(1.0);
                let len = self.doc().content.len() as f64;
                let pages = ((len / per_row) / height as f64).ceil().max(1.0) as u64;
                let page = if self.at_end() {
                    pages
                } else {
                    ((self.anchor as f64 / per_row) / height as f64) as u64 + 1
                };
                PageNumber {
                    page: page.min(pages),
                    pages,
                    exact: false,
                }
            }
        }
    }

    /// The page byte `offset` is on, for lists: exact to the block, proportional within it, so
    /// that no block has to be wrapped to number a long list of passages.
    pub fn page_of(&self, offset: usize) -> u64 {
        let doc = self.doc();
        let height = self.height as u64;
        if doc.is_empty() {
            return 1;
        }
        let row = match &self.index {
            Some(index) => {
                let block = doc.block_at(offset);
                let b = &doc.blocks[block];
                let share = offset.saturating_sub(b.start) as f64 / (b.end - b.start).max(1) as f64;
                let within = (share.min(1.0) * index.rows_in(block) as f64) as u64;
                index.global(RowPos { block, row: 0 }) + within
            }
            None => {
                let shown: usize = self.page.iter().map(|r| r.end - r.start).sum();
                let per_row = (shown as f64 / self.page.len().max(1) as f64).max(1.0);
                (offset as f64 / per_row) as u64
            }
        };
        row / height + 1
    }

    /// Share of the text before the top of the page, 0 to 100; 100 when the end is on screen.
    pub fn percent(&self) -> f64 {
        let doc = self.doc();
        if self.at_end() || doc.chars == 0 {
            return 100.0;
        }
        doc.char_of(self.anchor) as f64 * 100.0 / doc.chars as f64
    }

    /// Minutes of reading left in the chapter and in the whole text, from the top of the page.
    pub fn minutes_left(&self) -> (u64, u64) {
        let doc = self.doc();
        let read = doc.words_before(self.anchor);
        let chapter = doc
            .words_before(doc.chapter_end(self.anchor))
            .saturating_sub(read);
        let book = doc.words().saturating_sub(read);
        (minutes(chapter), minutes(book))
    }

    /// The heading block of the section on top of the page.
    pub fn section(&self) -> Option<usize> {
        self.doc().section_at(self.anchor)
    }
}

/// Reading minutes for `words`, rounded, but at least one while any word is left.
fn minutes(words: u64) -> u64 {
    if words == 0 {
        0
    } else {
        ((words + WORDS_PER_MINUTE / 2) / WORDS_PER_MINUTE).max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Format;

    fn essay() -> Arc<Document> {
        let mut text = String::from("An Essay\n\n");
        for i in 0..40 {
            text.push_str(&format!(
                "Paragraph {i} begins here. It has a second sentence that runs on for a while. \
                 And a third one closes it.\n\n"
            ));
        }
        Arc::new(Document::from_text(&text, "essay.txt", Format::Text))
    }

    fn collect_forward(r: &mut Reader) -> Vec<Vec<Row>> {
        let mut pages = vec![r.page().to_vec()];
        while !r.at_end() {
            r.next_page();
            pages.push(r.page().to_vec());
        }
        pages
    }

    #[test]
    fn forward_then_back_shows_every_row_once_each_way() {
        let doc = essay();
        let mut r = Reader::new(Arc::clone(&doc), 0, 30, 7);
        let forward = collect_forward(&mut r);
        let rows: Vec<Row> = forward.concat();
        let mut at = 0;
        for row in &rows {
            assert_eq!(row.start, at);
            at = row.end;
        }
        assert_eq!(at, doc.content.len());
        let mut backward = vec![r.page().to_vec()];
        while !r.at_start() {
            r.prev_page();
            backward.push(r.page().to_vec());
        }
        backward.reverse();
        assert_eq!(backward, forward);
    }

    #[test]
    fn resize_keeps_the_anchor_row() {
        let doc = essay();
        let mut r = Reader::new(Arc::clone(&doc), 0, 60, 20);
        r.next_page();
        r.next_page();
        let first = r.page()[0];
        let anchor = r.anchor();
        r.set_viewport(25, 8);
        let narrow = r.page()[0];
        assert!(narrow.start <= anchor && anchor < narrow.end.max(anchor + 1));
        r.set_viewport(60, 20);
        assert_eq!(r.page()[0], first);
    }

    #[test]
    fn page_numbers_and_jumps() {
        let doc = essay();
        let mut r = Reader::new(doc, 0, 40, 10);
        r.wait_for_count();
        let n = r.page_number();
        assert!(n.exact);
        assert_eq!(n.page, 1);
        r.next_page();
        assert_eq!(r.page_number().page, 2);
        r.jump_to_page(5);
        assert_eq!(r.page_number().page, 5);
        r.jump_to_end();
        assert_eq!(r.page_number().page, r.page_number().pages);
        assert_eq!(r.percent(), 100.0);
        assert!(r.back());
        assert_eq!(r.page_number().page, 5);
        assert!(r.back());
        assert_eq!(r.page_number().page, 2);
        assert!(!r.back());
        r.jump_to_percent(50.0);
        assert!((r.percent() - 50.0).abs() < 5.0, "{}", r.percent());
    }

    #[test]
    fn scrolling_stops_at_the_last_page() {
        let mut r = Reader::new(essay(), 0, 40, 10);
        r.scroll(100_000);
        assert!(r.at_end());
        assert_eq!(r.page().len(), 10);
        r.scroll(-3);
        assert!(!r.at_end());
        r.scroll(-100_000);
        assert!(r.at_start());
    }

    #[test]
    fn reading_time_counts_the_chapter_and_the_book() {
        let doc = Arc::new(Document::from_text(
            &format!(
                "Book\n\nOne\n\n{}\n\nTwo\n\n{}",
                "word ".repeat(476),
                "word ".repeat(238)
            ),
            "b.txt",
            Format::Text,
        ));
        let one = doc.content.find("One").unwrap();
        let r = Reader::new(Arc::clone(&doc), one, 40, 10);
        // From "One": 477 words to "Two" (2 min), 716 words to the end (3 min).
        assert_eq!(r.minutes_left(), (2, 3));
        let title = Reader::new(doc, 0, 40, 10);
        assert_eq!(title.minutes_left(), (1, 3)); // the title alone is its own front matter
    }

    #[test]
    fn empty_document_is_calm() {
        let doc = Arc::new(Document::from_text("", "e.txt", Format::Text));
        let mut r = Reader::new(doc, 10, 40, 10);
        r.next_page();
        r.prev_page();
        r.scroll(5);
        r.jump_to_end();
        r.jump_to_page(3);
        r.jump_to_percent(50.0);
        assert!(r.page().is_empty());
        assert_eq!(r.percent(), 100.0);
        assert_eq!(r.page_number().page, 1);
    }
}
