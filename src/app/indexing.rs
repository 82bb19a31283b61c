//! A text read whole is put in the library's search index on a thread of its own (with a
//! connection of its own to the database), so that the first library search does not wait for
//! it; the library shows how far it is, and a search meanwhile says so.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::Receiver;

use crate::document::DocumentId;

/// A text being indexed in the background.
pub struct Indexing {
    pub document: DocumentId,
    pub title: String,
    pub(in crate::app) done: Arc<AtomicUsize>,
    pub(in crate::app) total: usize,
    pub(in crate::app) finished: Receiver<Result<(), String>>,
}

impl Indexing {
    /// How much of the text is in the index, from 0 to 1.
    pub fn progress(&self) -> f64 {
        self.done.load(Ordering::Relaxed) as f64 / self.total.max(1) as f64
    }
}
