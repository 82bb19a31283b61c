//! Where the reader is in the text: page X of Y (exact once a background count of every row
//! at the current width is done, estimated from the page on screen until then), the share
//! read, and the reading time left.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::time::Duration;

use super::Reader;
use crate::layout::{PictureRoom, RowIndex, RowPos, count_rows};

/// How long opening or resizing a short text waits for its page count before showing an
/// estimate, and what counts as short (counting runs at about 20 MB/s).
const COUNT_WAIT: Duration = Duration::from_millis(15);
const QUICK_COUNT_BYTES: usize = 256 * 1024;
pub use crate::document::WORDS_PER_MINUTE;

/// A background count of every row at one width, for exact page numbers.
pub(super) struct RowCounting {
    width: u16,
    pictures: Option<PictureRoom>,
    cancel: Arc<AtomicBool>,
    result: Receiver<Option<RowIndex>>,
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

impl Reader {
    pub(super) fn start_counting(&mut self) {
        let doc = Arc::clone(self.doc());
        let (width, pictures) = (self.layout.width(), self.layout.pictures());
        let cancel = Arc::new(AtomicBool::new(false));
        let (tx, rx) = mpsc::channel();
        let flag = Arc::clone(&cancel);
        let spawned = std::thread::Builder::new()
            .name("gloss-row-count".into())
            .spawn(move || {
                let _ = tx.send(count_rows(&doc, width, pictures, &flag));
            });
        self.counting = spawned.is_ok().then_some(RowCounting {
            width,
            pictures,
            cancel,
            result: rx,
        });
        // A short text is counted before the next frame, so its page numbers never show as
        // estimates; a long one never holds the screen up.
        if let Some(counting) = &self.counting
            && self.doc().content.len() <= QUICK_COUNT_BYTES
            && let Ok(counted) = counting.result.recv_timeout(COUNT_WAIT)
        {
            self.finish_counting(counted);
        }
    }

    fn finish_counting(&mut self, counted: Option<RowIndex>) -> bool {
        let Some(counting) = self.counting.take() else {
            return false;
        };
        match counted {
            Some(index)
                if counting.width == self.layout.width()
                    && counting.pictures == self.layout.pictures() =>
            {
                self.index = Some(index);
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

    /// The page the status bar says with byte `offset` at the top of the page (the last page's
    /// number from its top on): exact, for the few places a list numbers so (bookmarks, made at
    /// the top of a page). Estimated as [`Reader::page_of`] while rows are being counted.
    pub fn page_at(&mut self, offset: usize) -> u64 {
        let height = self.height as u64;
        if self.index.is_none() || self.doc().is_empty() {
            return self.page_of(offset);
        }
        let row = self.layout.row_at(offset);
        let last_top = self.layout.last_page_top(self.height);
        let Some(index) = &self.index else {
            return self.page_of(offset);
        };
        let pages = index.total().div_ceil(height).max(1);
        if row >= last_top {
            return pages;
        }
        (index.global(row) / height + 1).min(pages)
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
                let share =
                    offset.saturating_sub(b.start()) as f64 / (b.end() - b.start()).max(1) as f64;
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
        // A chapter with no words left (a web page's furniture above its title) is no
        // chapter: the next one is the reader's.
        let mut end = doc.chapter_end(self.anchor);
        while doc.words_before(end) == read && end < doc.content.len() {
            end = doc.chapter_end(end);
        }
        let chapter = doc.words_before(end).saturating_sub(read);
        let book = doc.words().saturating_sub(read);
        (minutes(chapter), minutes(book))
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
