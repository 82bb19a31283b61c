//! Searching the open text: the query, its matches (found off the interface thread and picked
//! up as they come, so that a 50 MB text never holds the screen), and which one the reader is on.

use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, TryRecvError};
use std::time::{Duration, Instant};

use crate::document::Document;
use crate::search::{self, Query};

/// Matches sent back at a time.
const BATCH: usize = 256;

/// How long Enter in the search prompt waits for a search still under way (a frame's time).
pub(in crate::app) const ENTER_WAITS_FOR_FIRST_MATCH: Duration = Duration::from_millis(50);

#[derive(Debug)]
pub struct Find {
    /// As typed.
    pub query: String,
    /// In order; grows while the search runs.
    pub matches: Vec<Range<usize>>,
    /// The match the reader is on.
    pub current: Option<usize>,
    running: Option<Running>,
}

#[derive(Debug)]
struct Running {
    cancel: Arc<AtomicBool>,
    found: Receiver<Vec<Range<usize>>>,
}

impl Drop for Running {
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}

impl Find {
    /// Starts searching `doc` for `query` in the background.
    pub fn start(doc: &Arc<Document>, query: &str) -> Find {
        let mut find = Find {
            query: query.to_string(),
            matches: Vec::new(),
            current: None,
            running: None,
        };
        let Some(q) = Query::new(query) else {
            return find;
        };
        let doc = Arc::clone(doc);
        let cancel = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&cancel);
        let (tx, rx) = mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name("gloss-find".into())
            .spawn(move || {
                let mut batch = Vec::new();
                let mut sent = false;
                search::find_all(&doc.content, &q, &flag, |r| {
                    batch.push(r);
                    // The first match goes at once: it is the one the reader is taken to.
                    if batch.len() == BATCH || !sent {
                        sent = true;
                        let _ = tx.send(std::mem::take(&mut batch));
                    }
                });
                let _ = tx.send(batch);
            });
        if spawned.is_ok() {
            find.running = Some(Running { cancel, found: rx });
        }
        find
    }

    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    /// Takes the matches found meanwhile. Returns true if there were any, or the search ended.
    pub fn poll(&mut self) -> bool {
        let Some(running) = &self.running else {
            return false;
        };
        let mut changed = false;
        loop {
            match running.found.try_recv() {
                Ok(batch) => {
                    changed |= !batch.is_empty();
                    self.matches.extend(batch);
                }
                Err(TryRecvError::Empty) => return changed,
                Err(TryRecvError::Disconnected) => {
                    self.running = None;
                    return true;
                }
            }
        }
    }

    /// Waits up to `bound` for the first match or the end of the search.
    pub fn first_within(&mut self, bound: Duration) {
        let deadline = Instant::now() + bound;
        while self.matches.is_empty()
            && let Some(running) = &self.running
        {
            let left = deadline.saturating_duration_since(Instant::now());
            match running.found.recv_timeout(left) {
                Ok(batch) => self.matches.extend(batch),
                Err(RecvTimeoutError::Timeout) => return,
                Err(RecvTimeoutError::Disconnected) => self.running = None,
            }
        }
    }

    /// Waits for the search to end (tests, benchmarks).
    pub fn wait(&mut self) {
        while let Some(running) = &self.running {
            match running.found.recv() {
                Ok(batch) => self.matches.extend(batch),
                Err(_) => self.running = None,
            }
        }
    }

    /// The first match starting at or after `offset`, else the first one (the search wraps).
    pub fn next_from(&self, offset: usize) -> Option<usize> {
        let i = self.matches.partition_point(|m| m.start < offset);
        if i < self.matches.len() {
            Some(i)
        } else if !self.matches.is_empty() {
            Some(0)
        } else {
            None
        }
    }

    /// The last match starting before `offset`, else the last one.
    pub fn prev_before(&self, offset: usize) -> Option<usize> {
        let i = self.matches.partition_point(|m| m.start < offset);
        i.checked_sub(1).or(self.matches.len().checked_sub(1))
    }

    /// Matches overlapping `range`, for drawing a page.
    pub fn overlapping(&self, range: Range<usize>) -> &[Range<usize>] {
        let from = self.matches.partition_point(|m| m.end <= range.start);
        let to = self.matches.partition_point(|m| m.start < range.end);
        &self.matches[from..to.max(from)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Format;

    #[test]
    fn matches_wrap_and_are_found_in_the_background() {
        let doc = Arc::new(Document::from_text(
            "One stalin, two Stalin’s, three STALIN.",
            "t.txt",
            Format::TEXT,
        ));
        let mut find = Find::start(&doc, "stalin");
        find.wait();
        assert_eq!(find.matches.len(), 3);
        let at = |i: usize| find.matches[i].start;
        assert_eq!(find.next_from(0), Some(0));
        assert_eq!(find.next_from(at(0) + 1), Some(1));
        assert_eq!(find.next_from(at(2) + 1), Some(0), "wraps to the first");
        assert_eq!(find.prev_before(at(0)), Some(2), "wraps to the last");
        assert_eq!(find.prev_before(at(2)), Some(1));
        assert_eq!(find.overlapping(at(1)..at(2)).len(), 1);
        assert!(Find::start(&doc, "   ").matches.is_empty());
    }

    #[test]
    fn a_wait_for_the_first_match_gets_it_and_the_search_goes_on() {
        let text = "needle ".to_string() + &"hay ".repeat(200_000) + "needle";
        let doc = Arc::new(Document::from_text(&text, "t.txt", Format::TEXT));
        let mut find = Find::start(&doc, "needle");
        find.first_within(Duration::from_secs(10));
        assert_eq!(find.matches.first(), Some(&(0..6)));
        find.wait();
        assert_eq!(find.matches.len(), 2);
    }
}
