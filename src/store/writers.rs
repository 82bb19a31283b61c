//! Who writes first, among this process's connections to one database: the reader's own (a
//! place saved, a note) before the work behind it (indexing a text), which waits between its
//! transactions while one of them waits. SQLite's lock is not fair: a writer retrying after a
//! sleep (its busy handler) missed the short gaps between a long run of transactions, and a
//! page turn waited for the whole of a 50 MB text's indexing (1.1 s, issue 37).

use std::sync::{Condvar, Mutex, PoisonError};

#[derive(Debug, Default)]
pub(super) struct Writers {
    /// The reader's writes waiting for the lock.
    waiting: Mutex<usize>,
    served: Condvar,
}

impl Writers {
    /// Takes a writer's turn before it takes the lock, which it holds until the guard is
    /// dropped: one `behind` waits for those that go first; one that goes first is counted as
    /// waiting.
    pub(super) fn turn(&self, behind: bool) -> Option<First<'_>> {
        match behind {
            true => {
                self.after_others();
                None
            }
            false => Some(self.first()),
        }
    }

    /// A writer that goes first is waiting for the lock until the guard is dropped.
    fn first(&self) -> First<'_> {
        *self.waiting.lock().unwrap_or_else(PoisonError::into_inner) += 1;
        First(self)
    }

    /// Waits until no writer that goes first is waiting.
    fn after_others(&self) {
        let waiting = self.waiting.lock().unwrap_or_else(PoisonError::into_inner);
        let _none = self
            .served
            .wait_while(waiting, |w| *w > 0)
            .unwrap_or_else(PoisonError::into_inner);
    }
}

/// See [`Writers::first`].
pub(super) struct First<'a>(&'a Writers);

impl Drop for First<'_> {
    fn drop(&mut self) {
        *self
            .0
            .waiting
            .lock()
            .unwrap_or_else(PoisonError::into_inner) -= 1;
        self.0.served.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};

    #[test]
    fn the_work_behind_waits_while_the_reader_waits() {
        let writers = Arc::new(Writers::default());
        let (tx, rx) = std::sync::mpsc::channel();
        let behind = Arc::clone(&writers);
        let begun = Arc::new(AtomicBool::new(false));
        let seen = Arc::clone(&begun);
        let first = writers.first();
        let waiter = std::thread::spawn(move || {
            behind.after_others();
            // The reader's write had begun by the time this one went on.
            tx.send(seen.load(Ordering::SeqCst)).unwrap();
        });
        begun.store(true, Ordering::SeqCst);
        drop(first);
        waiter.join().unwrap();
        assert!(rx.recv().unwrap());
        writers.after_others(); // nobody waiting: at once
    }
}
