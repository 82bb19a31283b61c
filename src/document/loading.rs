//! Opening a document in two steps: its beginning at once, so that the first page shows without
//! waiting for the whole, and the rest on a background thread. Books are read this way (their
//! chapters are the pieces); every other format is read whole, as it is fast enough.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, TryRecvError};

use super::epub::{Book, EpubError};
use super::{Document, Format, LoadError, sanitize::DecodeError};

/// Characters converted beyond the wanted place before the first page shows: a few pages at
/// the widest column, so that paging on does not reach the end of what is there at once.
const AHEAD_CHARS: usize = 32 * 1024;

/// A document opened by [`Document::open_from`].
pub enum Opening {
    Whole(Document),
    /// The document as far as it was converted: an exact beginning of the whole (the same text
    /// at the same offsets), without its warnings, which come with the whole; and the rest.
    Begun(Document, Loading),
}

/// The rest of a document whose beginning is ready, being converted.
pub struct Loading {
    path: String,
    done: Arc<AtomicUsize>,
    total: usize,
    cancel: Arc<AtomicBool>,
    rest: Receiver<Result<Document, EpubError>>,
}

impl Loading {
    /// How much of the document is converted, from 0 to 1.
    pub fn progress(&self) -> f64 {
        self.done.load(Ordering::Relaxed) as f64 / self.total.max(1) as f64
    }

    /// The whole document, once it is converted.
    pub fn poll(&mut self) -> Option<Result<Document, LoadError>> {
        match self.rest.try_recv() {
            Ok(result) => Some(self.loaded(result)),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(self.loaded(Err(EpubError::Interrupted))),
        }
    }

    /// Blocks until the whole document is converted.
    pub fn wait(&mut self) -> Result<Document, LoadError> {
        let result = self.rest.recv().unwrap_or(Err(EpubError::Interrupted));
        self.loaded(result)
    }

    fn loaded(&self, result: Result<Document, EpubError>) -> Result<Document, LoadError> {
        result.map_err(|cause| LoadError::Decode {
            path: self.path.clone(),
            cause: DecodeError::Epub(cause),
        })
    }
}

impl Drop for Loading {
    fn drop(&mut self) {
        // Nobody waits for the rest any more (another text was opened): stop converting it.
        self.cancel.store(true, Ordering::Relaxed);
    }
}

impl Document {
    /// Opens a file at least as far as character `wanted` and a few pages beyond, converting a
    /// book's remaining chapters on a background thread.
    pub fn open_from(path: &Path, format: Format, wanted: usize) -> Result<Opening, LoadError> {
        if format != Format::Epub {
            return Document::open_as(path, format).map(Opening::Whole);
        }
        let shown = path.display().to_string();
        let failed = |cause: EpubError| LoadError::Decode {
            path: shown.clone(),
            cause: DecodeError::Epub(cause),
        };
        let bytes = super::read_file(path, format)?;
        let mut book = Book::open(bytes).map_err(failed)?;
        let wanted = wanted.saturating_add(AHEAD_CHARS);
        while book.chars() < wanted {
            if !book.convert_next().map_err(failed)? {
                return book.finish().map(Opening::Whole).map_err(failed);
            }
        }
        let beginning = book.beginning();
        let (done_now, total) = book.progress();
        let done = Arc::new(AtomicUsize::new(done_now));
        let cancel = Arc::new(AtomicBool::new(false));
        let (tx, rx) = mpsc::channel();
        let (counter, flag) = (Arc::clone(&done), Arc::clone(&cancel));
        let spawned = std::thread::Builder::new()
            .name("gloss-book".into())
            .spawn(move || {
                let result = loop {
                    if flag.load(Ordering::Relaxed) {
                        return;
                    }
                    match book.convert_next() {
                        Ok(true) => counter.store(book.progress().0, Ordering::Relaxed),
                        Ok(false) => break book.finish(),
                        Err(err) => break Err(err),
                    }
                };
                let _ = tx.send(result);
            });
        if spawned.is_err() {
            // No thread to spare: read the book whole, as before there were threads.
            return Document::open_as(path, format).map(Opening::Whole);
        }
        Ok(Opening::Begun(
            beginning,
            Loading {
                path: shown,
                done,
                total,
                cancel,
                rest: rx,
            },
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_book as book;

    fn long_book(dir: &Path) -> std::path::PathBuf {
        let path = dir.join("long.epub");
        std::fs::write(&path, book::long_epub(40, 60)).unwrap();
        path
    }

    #[test]
    fn a_book_begins_with_an_exact_beginning_of_the_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = long_book(dir.path());
        let whole = Document::open(&path).unwrap();
        let Opening::Begun(beginning, mut loading) =
            Document::open_from(&path, Format::Epub, 0).unwrap()
        else {
            panic!("a 40-chapter book should open in two steps");
        };
        assert!(beginning.content.len() < whole.content.len());
        assert!(beginning.chars >= AHEAD_CHARS);
        assert!(whole.content.starts_with(&beginning.content));
        assert_eq!(beginning.blocks[..], whole.blocks[..beginning.blocks.len()]);
        assert_eq!(
            beginning.contents[..],
            whole.contents[..beginning.contents.len()]
        );
        assert!(loading.progress() < 1.0);
        let rest = loading.wait().unwrap();
        assert_eq!(rest.content, whole.content);
        assert_eq!(rest.hash, whole.hash);
        assert_eq!(rest.contents, whole.contents);
    }

    #[test]
    fn a_far_place_is_converted_before_the_first_page() {
        let dir = tempfile::tempdir().unwrap();
        let path = long_book(dir.path());
        let whole = Document::open(&path).unwrap();
        let wanted = whole.chars / 2;
        let Opening::Begun(beginning, _) =
            Document::open_from(&path, Format::Epub, wanted).unwrap()
        else {
            panic!("half the book is not the whole");
        };
        assert!(beginning.chars >= wanted + AHEAD_CHARS);
    }

    #[test]
    fn short_books_and_other_formats_open_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("short.epub");
        let chapters = [book::Chapter {
            title: "One",
            body: "<h1>One</h1><p>Short.</p>",
        }];
        std::fs::write(&path, book::epub3("Short", "Someone", &chapters)).unwrap();
        assert!(matches!(
            Document::open_from(&path, Format::Epub, 0).unwrap(),
            Opening::Whole(_)
        ));
        let text = dir.path().join("a.txt");
        std::fs::write(&text, "A text.\n").unwrap();
        assert!(matches!(
            Document::open_from(&text, Format::Text, 0).unwrap(),
            Opening::Whole(_)
        ));
    }
}
