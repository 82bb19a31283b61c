//! Opening a document in two steps: its beginning at once, so that the first page shows without
//! waiting for the whole, and the rest on a background thread. Books are read this way (their
//! chapters are the pieces), and so are long plain texts (their first megabytes, cut at a
//! blank line, are structured as the whole will be); other files are read whole, as that is
//! fast enough.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, TryRecvError};

use super::epub::{Book, EpubError};
use super::{Document, Format, LoadError, plain, read_file, sanitize, sanitize::DecodeError};

/// Characters converted beyond the wanted place before the first page shows: a few pages at
/// the widest column, so that paging on does not reach the end of what is there at once.
const AHEAD_CHARS: usize = 32 * 1024;
/// Plain texts at least this long open in two steps; shorter ones are read whole at once.
const TWO_STEP_BYTES: u64 = 4 << 20;
/// Bytes of a long plain text read for its beginning, at the least: past the part its page is
/// measured on ([`plain::SAMPLE_BYTES`]), so that the beginning is structured as the whole.
const BEGINNING_BYTES: usize = plain::SAMPLE_BYTES + (128 << 10);
/// Steps of a plain text's background reading, for its progress.
const TEXT_STEPS: usize = 3;

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
    rest: Receiver<Result<Document, LoadError>>,
}

impl Loading {
    /// How much of the document is converted, from 0 to 1.
    pub fn progress(&self) -> f64 {
        self.done.load(Ordering::Relaxed) as f64 / self.total.max(1) as f64
    }

    /// The whole document, once it is converted.
    pub fn poll(&mut self) -> Option<Result<Document, LoadError>> {
        match self.rest.try_recv() {
            Ok(result) => Some(result),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Err(self.interrupted())),
        }
    }

    /// Blocks until the whole document is converted.
    pub fn wait(&mut self) -> Result<Document, LoadError> {
        self.rest.recv().unwrap_or_else(|_| Err(self.interrupted()))
    }

    fn interrupted(&self) -> LoadError {
        LoadError::Decode {
            path: self.path.clone(),
            cause: DecodeError::Epub(EpubError::Interrupted),
        }
    }
}

impl Drop for Loading {
    fn drop(&mut self) {
        // Nobody waits for the rest any more (another text was opened): stop converting it.
        self.cancel.store(true, Ordering::Relaxed);
    }
}

/// Runs `work` on a thread of its own, which reports its progress in `done` (of `total`) and
/// gives up when `cancel` is set; `None` when no thread can be had.
fn in_background(
    path: String,
    done: usize,
    total: usize,
    work: impl FnOnce(&AtomicUsize, &AtomicBool) -> Option<Result<Document, LoadError>> + Send + 'static,
) -> Option<Loading> {
    let done = Arc::new(AtomicUsize::new(done));
    let cancel = Arc::new(AtomicBool::new(false));
    let (tx, rx) = mpsc::channel();
    let (counter, flag) = (Arc::clone(&done), Arc::clone(&cancel));
    std::thread::Builder::new()
        .name("gloss-open".into())
        .spawn(move || {
            if let Some(result) = work(&counter, &flag) {
                let _ = tx.send(result);
            }
        })
        .ok()?;
    Some(Loading {
        path,
        done,
        total,
        cancel,
        rest: rx,
    })
}

impl Document {
    /// Opens a file at least as far as character `wanted` and a few pages beyond, converting a
    /// book's remaining chapters, or reading a long text's rest, on a background thread.
    pub fn open_from(path: &Path, format: Format, wanted: usize) -> Result<Opening, LoadError> {
        match format {
            Format::Epub => open_book(path, wanted),
            Format::Text => open_text(path, wanted),
            _ => Document::open_as(path, format).map(Opening::Whole),
        }
    }
}

fn open_book(path: &Path, wanted: usize) -> Result<Opening, LoadError> {
    let shown = path.display().to_string();
    let failed = |cause: EpubError| LoadError::Decode {
        path: shown.clone(),
        cause: DecodeError::Epub(cause),
    };
    let bytes = read_file(path, Format::Epub)?;
    let mut book = Book::open(bytes).map_err(failed)?;
    let wanted = wanted.saturating_add(AHEAD_CHARS);
    while book.chars() < wanted {
        if !book.convert_next().map_err(failed)? {
            return book.finish().map(Opening::Whole).map_err(failed);
        }
    }
    let beginning = book.beginning();
    let (done, total) = book.progress();
    let rest = in_background(shown.clone(), done, total, move |counter, cancel| {
        let result = loop {
            if cancel.load(Ordering::Relaxed) {
                return None;
            }
            match book.convert_next() {
                Ok(true) => counter.store(book.progress().0, Ordering::Relaxed),
                Ok(false) => break book.finish(),
                Err(err) => break Err(err),
            }
        };
        Some(result.map_err(|cause| LoadError::Decode {
            path: shown,
            cause: DecodeError::Epub(cause),
        }))
    });
    match rest {
        Some(loading) => Ok(Opening::Begun(beginning, loading)),
        // No thread to spare: read the book whole, as before there were threads.
        None => Document::open_as(path, Format::Epub).map(Opening::Whole),
    }
}

/// A long plain text: its beginning (as far as `wanted` and a few pages more) structured at
/// once, the whole read, decoded and structured on a background thread.
fn open_text(path: &Path, wanted: usize) -> Result<Opening, LoadError> {
    let shown = path.display().to_string();
    let size = std::fs::metadata(path).map_or(0, |m| m.len());
    if size < TWO_STEP_BYTES {
        return Document::open_as(path, Format::Text).map(Opening::Whole);
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // A character is a byte or more: `wanted` bytes, and an eighth more for the characters
    // that take several (quotes, dashes, accents), most likely reach the place.
    let first = BEGINNING_BYTES.max(
        wanted
            .saturating_add(wanted / 8)
            .saturating_add(AHEAD_CHARS + BEGINNING_BYTES / 2),
    );
    let mut want = first;
    let beginning = loop {
        // No blank line to cut at in all that (one giant line?): the whole is read instead.
        if want as u64 >= size || want > first * 8 {
            return Document::open_as(path, Format::Text).map(Opening::Whole);
        }
        let bytes = crate::files::read_start(path, want).map_err(|cause| LoadError::Io {
            path: shown.clone(),
            cause,
        })?;
        match beginning_of(bytes, &name) {
            Ok(Some(doc)) if doc.chars >= wanted.saturating_add(AHEAD_CHARS) => break doc,
            Ok(_) => want = want.saturating_add(want / 2),
            Err(cause) => {
                return Err(LoadError::Decode { path: shown, cause });
            }
        }
    };
    let owned = path.to_path_buf();
    let rest = in_background(shown, 0, TEXT_STEPS, move |counter, cancel| {
        let bytes = match read_file(&owned, Format::Text) {
            Ok(bytes) => bytes,
            Err(err) => return Some(Err(err)),
        };
        counter.store(1, Ordering::Relaxed);
        if cancel.load(Ordering::Relaxed) {
            return None;
        }
        let result =
            Document::from_bytes(bytes, &name, Format::Text).map_err(|cause| LoadError::Decode {
                path: owned.display().to_string(),
                cause,
            });
        counter.store(TEXT_STEPS, Ordering::Relaxed);
        Some(result)
    });
    match rest {
        Some(loading) => Ok(Opening::Begun(beginning, loading)),
        None => Document::open_as(path, Format::Text).map(Opening::Whole),
    }
}

/// The beginning of a plain text from its first bytes: cut at the last blank line, decoded and
/// structured as the whole will be. `None` when they hold no blank line to cut at.
pub fn beginning_of(mut bytes: Vec<u8>, name: &str) -> Result<Option<Document>, DecodeError> {
    // A binary file is refused at once, before any blank line is looked for in it.
    if bytes.contains(&0) {
        return Err(DecodeError::Binary);
    }
    let Some(cut) = last_blank_line(&bytes) else {
        return Ok(None);
    };
    bytes.truncate(cut);
    let decoded = sanitize::decode(bytes)?;
    let doc = plain::parse_beginning(&decoded.text, name);
    Ok((!doc.blocks.is_empty()).then_some(doc))
}

/// Just after the last `\n` that ends a blank line (`\n\n`, `\n\r\n`, or with spaces
/// between) in `bytes`.
fn last_blank_line(bytes: &[u8]) -> Option<usize> {
    let mut end = bytes.len();
    while let Some(i) = bytes[..end].iter().rposition(|&b| b == b'\n') {
        let before = bytes[..i]
            .iter()
            .rposition(|&b| !matches!(b, b' ' | b'\t' | b'\r'));
        if before.is_some_and(|j| bytes[j] == b'\n') {
            return Some(i + 1);
        }
        end = i;
    }
    None
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

    /// A plain text over [`TWO_STEP_BYTES`]: the bundled texts, repeated.
    fn long_text(dir: &Path) -> std::path::PathBuf {
        let texts = Path::new(env!("CARGO_MANIFEST_DIR")).join("texts");
        let mut round = Vec::new();
        let mut names: Vec<_> = std::fs::read_dir(texts)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        names.sort();
        for name in names {
            round.extend(std::fs::read(name).unwrap());
            round.extend(b"\n\n");
        }
        let path = dir.join("long.txt");
        std::fs::write(
            &path,
            round.repeat(TWO_STEP_BYTES as usize / round.len() + 2),
        )
        .unwrap();
        path
    }

    #[test]
    fn a_long_text_begins_with_an_exact_beginning_of_the_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = long_text(dir.path());
        let whole = Document::open(&path).unwrap();
        let Opening::Begun(beginning, mut loading) =
            Document::open_from(&path, Format::Text, 0).unwrap()
        else {
            panic!("a long text should open in two steps");
        };
        assert!(beginning.content.len() < whole.content.len());
        assert!(whole.content.starts_with(&beginning.content));
        assert_eq!(beginning.blocks[..], whole.blocks[..beginning.blocks.len()]);
        assert_eq!(beginning.title, whole.title);
        let rest = loading.wait().unwrap();
        assert_eq!(rest.hash, whole.hash);
        assert_eq!(rest.blocks, whole.blocks);
        // Reopened far in: read as far as the place, and a few pages more.
        let wanted = whole.chars * 2 / 3;
        let Opening::Begun(beginning, _) =
            Document::open_from(&path, Format::Text, wanted).unwrap()
        else {
            panic!("two thirds of the text are not the whole");
        };
        assert!(beginning.chars >= wanted + AHEAD_CHARS);
        assert!(whole.content.starts_with(&beginning.content));
    }

    #[test]
    fn a_long_binary_file_is_refused_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("zeros.txt");
        std::fs::File::create(&path)
            .unwrap()
            .set_len(64 * TWO_STEP_BYTES)
            .unwrap();
        assert!(matches!(
            Document::open_from(&path, Format::Text, 0),
            Err(LoadError::Decode {
                cause: DecodeError::Binary,
                ..
            })
        ));
    }

    #[test]
    fn a_blank_line_is_found_after_any_line_ending() {
        assert_eq!(last_blank_line(b"a\n\nb\nc"), Some(3));
        assert_eq!(last_blank_line(b"a\r\n\r\nb"), Some(5));
        assert_eq!(last_blank_line(b"a\n  \t\nb\n"), Some(6));
        assert_eq!(last_blank_line(b"a\nb\nc"), None);
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
