//! Starting the indexing of a text read whole (see [`crate::app::indexing`]) and picking up its
//! end.

use crate::app::indexing::Indexing;
use crate::app::{App, Tone};
use crate::library;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, TryRecvError};

impl App {
    /// Starts indexing the open text, once it is read whole and its pages are counted, unless
    /// the index has it already (or the database is in memory, where no other connection can
    /// reach it). After the count, not beside it: a long text's memory then holds the working
    /// memory of one of them at a time.
    pub(in crate::app) fn index_in_background(&mut self) {
        if self.indexing.is_some() {
            return;
        }
        let Some(open) = self
            .open
            .as_ref()
            .filter(|o| o.pending.is_none() && !o.reader.is_counting())
        else {
            return;
        };
        let Some(id) = open.id else {
            return;
        };
        if self.store.is_indexed(id).unwrap_or(true) {
            return;
        }
        let Ok(Some(mut store)) = self.store.reopen() else {
            return;
        };
        let doc = Arc::clone(open.reader.doc());
        let done = Arc::new(AtomicUsize::new(0));
        let (tx, finished) = mpsc::channel();
        let counter = Arc::clone(&done);
        let total = library::passage_count(&doc);
        let title = doc.title.clone();
        let spawned = std::thread::Builder::new()
            .name("gloss-index".into())
            .spawn(move || {
                let result = library::index_document(&mut store, id, &doc, |n| {
                    counter.store(n, Ordering::Relaxed)
                })
                .and_then(|()| store.merge_index());
                // The connection's pages and buffers are not kept by this ending thread.
                drop(store);
                crate::memory::give_back_freed();
                let _ = tx.send(result.map_err(|e| e.to_string()));
            });
        if spawned.is_ok() {
            self.indexing = Some(Indexing {
                document: id,
                title,
                done,
                total,
                finished,
            });
        }
    }

    /// Picks up the end of the background indexing; true when it ended.
    pub(in crate::app) fn poll_indexing(&mut self) -> bool {
        let Some(indexing) = self.indexing.as_ref() else {
            return false;
        };
        let result = match indexing.finished.try_recv() {
            Ok(result) => result,
            Err(TryRecvError::Empty) => return false,
            Err(TryRecvError::Disconnected) => Err("interrupted".into()),
        };
        let title = indexing.title.clone();
        self.indexing = None;
        if let Err(err) = result {
            self.say(
                Tone::Warning,
                format!("“{title}” could not be indexed for search: {err}"),
            );
        }
        true
    }

    /// The text being indexed in the background, if one is.
    pub fn indexing(&self) -> Option<&Indexing> {
        self.indexing.as_ref()
    }
}
