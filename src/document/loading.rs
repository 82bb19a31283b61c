//! Opening a document in two steps: its beginning at once, so that the first page shows without
//! waiting for the whole, and the rest on a background thread. Books are read this way (their
//! chapters are the pieces), and so are long plain texts (their first megabytes, cut at a
//! blank line, are structured as the whole will be); a long text reopened far in shows the
//! part of the file around its reading place, found by its [`Landmark`]. Other files are read
//! whole, as that is fast enough.

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
/// Bytes of a long text read on each side of a reopened place's estimated position: enough for
/// the estimate's error (a share of the file's bytes) and a few pages either way.
const PART_RADIUS: usize = 256 << 10;
/// Bytes of text a [`Landmark`] holds: enough to tell a place from the others around it.
const LANDMARK_BYTES: usize = 64;

/// Where a reading place is in a long text's file, to find it again without reading the file
/// whole: how far into the text it is, as a share of its bytes, and the text there.
#[derive(Debug, Clone, PartialEq)]
pub struct Landmark {
    pub share: f64,
    pub text: String,
}

impl Document {
    /// The landmark of byte `offset`.
    pub fn landmark(&self, offset: usize) -> Landmark {
        let offset = offset.min(self.content.len());
        let mut end = (offset + LANDMARK_BYTES).min(self.content.len());
        while !self.content.is_char_boundary(end) {
            end -= 1;
        }
        Landmark {
            share: offset as f64 / self.content.len().max(1) as f64,
            text: self.content[offset..end].to_string(),
        }
    }
}

/// Where a part of a document lies in the whole: its character `at` is the whole's
/// character `place`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PartAt {
    pub at: usize,
    pub place: usize,
    /// The part is the whole's end: its text is the whole's last, byte for byte, whatever the
    /// place (which may be an estimate: a text read for the first time has no known length).
    pub to_end: bool,
}

impl PartAt {
    /// The whole's character for the part's character `chars`.
    pub fn in_whole(self, chars: usize) -> usize {
        (chars + self.place).saturating_sub(self.at)
    }

    /// The part's character for the whole's character `chars`, if the part can hold it.
    pub fn in_part(self, chars: usize) -> Option<usize> {
        (chars + self.at).checked_sub(self.place)
    }

    /// The whole's byte for byte `offset` of `part`: the same character counted from the
    /// place, checked against the text there, which is looked for nearby should the part's
    /// edges have been structured otherwise than the whole.
    pub fn to_whole(self, part: &Document, offset: usize, whole: &Document) -> usize {
        let counted = match self.to_end {
            true => {
                let from_end = part.content.len().saturating_sub(offset);
                let mut counted = whole.content.len().saturating_sub(from_end);
                while !whole.content.is_char_boundary(counted) {
                    counted -= 1;
                }
                counted
            }
            false => whole.byte_of(self.in_whole(part.char_of(offset))),
        };
        let text = part.landmark(offset).text;
        if whole.content[counted..].starts_with(&text) {
            return counted;
        }
        let mut from = counted.saturating_sub(PART_RADIUS);
        while !whole.content.is_char_boundary(from) {
            from -= 1;
        }
        let mut to = (counted + PART_RADIUS).min(whole.content.len());
        while !whole.content.is_char_boundary(to) {
            to += 1;
        }
        nearest(&whole.content[from..to], &text, counted - from).map_or(counted, |i| from + i)
    }
}

/// Where `needle` is in `haystack` nearest byte `expected`.
fn nearest(haystack: &str, needle: &str, expected: usize) -> Option<usize> {
    haystack
        .match_indices(needle)
        .map(|(i, _)| i)
        .take_while(|&i| i < expected.saturating_add(PART_RADIUS))
        .min_by_key(|&i| i.abs_diff(expected))
}

/// A document opened by [`Document::open_from`].
pub enum Opening {
    Whole(Document),
    /// The document as far as it was converted: an exact beginning of the whole (the same text
    /// at the same offsets), without its warnings, which come with the whole; and the rest.
    Begun(Document, Loading),
    /// A part of the document around the place asked for, where it lies in the whole, and the
    /// whole on its way.
    Around(Document, PartAt, Loading),
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
    /// book's remaining chapters, or reading a long text's rest, on a background thread. A long
    /// text reopened far in shows the part around `wanted`, found by its `landmark`.
    pub fn open_from(
        path: &Path,
        format: Format,
        wanted: usize,
        landmark: Option<&Landmark>,
    ) -> Result<Opening, LoadError> {
        match format.row().open {
            Some(open) => open(path, wanted, landmark),
            None => Document::open_as(path, format).map(Opening::Whole),
        }
    }
}

/// A file read a piece at a time (a book's chapters, a PDF's pages), so that its beginning can
/// be shown while the rest is read: [`Progressive::beginning`] is an exact beginning of what
/// [`Progressive::finish`] gives, the same text at the same offsets.
pub trait Progressive: Send + 'static {
    type Error: Into<DecodeError>;
    /// Reads the next piece; `false` once there is none left.
    fn convert_next(&mut self) -> Result<bool, Self::Error>;
    /// Characters read so far.
    fn chars(&self) -> usize;
    /// Pieces read, of how many.
    fn progress(&self) -> (usize, usize);
    /// The document as far as it is read.
    fn beginning(&self) -> Document;
    /// Reads the rest and gives the whole document.
    fn finish(self) -> Result<Document, Self::Error>;
}

pub(super) fn open_book(
    path: &Path,
    wanted: usize,
    landmark: Option<&Landmark>,
) -> Result<Opening, LoadError> {
    // Far in, the chapters around the place are quicker to convert than all before them.
    if let Some(opening) = landmark
        .filter(|_| wanted > PART_RADIUS)
        .and_then(|landmark| book_around(path, wanted, landmark))
    {
        return Ok(opening);
    }
    open_progressively(path, Format::EPUB, wanted, |bytes, _| Book::open(bytes))
}

/// Chapters converted on each side of a reopened place's estimated chapter, to find it in.
const CHAPTERS_AROUND: usize = 2;

/// A long book reopened far in (issue 37: at its end, 10 times as long as its first opening):
/// the chapters around its place, estimated from the chapters' sizes in the zip, converted
/// first, and the place found there by its `landmark`; the whole converted on a background
/// thread. `None` when the landmark is not found around (the estimate was far off).
fn book_around(path: &Path, wanted: usize, landmark: &Landmark) -> Option<Opening> {
    if landmark.text.trim().is_empty() {
        return None;
    }
    let mut book = Book::open(read_file(path, Format::EPUB).ok()?).ok()?;
    let sizes = book.chapter_sizes();
    let total: u64 = sizes.iter().sum();
    let target = (landmark.share.clamp(0.0, 1.0) * total as f64) as u64;
    let mut before = 0;
    let chapter = sizes
        .iter()
        .position(|&size| {
            before += size;
            before > target
        })
        .unwrap_or(sizes.len().saturating_sub(1));
    let first = chapter.saturating_sub(CHAPTERS_AROUND);
    let last = (chapter + CHAPTERS_AROUND).min(sizes.len().saturating_sub(1));
    book.start_at(first);
    while book.progress().0 <= last && book.convert_next().ok()? {}
    let part = book.beginning();
    drop(book);
    // Where the place is expected in the part: as far into it as into its chapters' bytes.
    let (from, bytes): (u64, u64) = (
        sizes[..first].iter().sum(),
        sizes[first..=last].iter().sum(),
    );
    let share = target.saturating_sub(from) as f64 / bytes.max(1) as f64;
    let expected = (share.min(1.0) * part.content.len() as f64) as usize;
    let found = nearest(&part.content, &landmark.text, expected)?;
    let at = part.char_of(found);
    let owned = path.to_path_buf();
    let shown = path.display().to_string();
    let whole = in_background(shown.clone(), 0, sizes.len(), move |counter, cancel| {
        let book = read_file(&owned, Format::EPUB).and_then(|bytes| {
            Book::open(bytes).map_err(|cause| LoadError::Decode {
                path: shown.clone(),
                cause: cause.into(),
            })
        });
        match book {
            Ok(book) => convert_rest(book, &shown, counter, cancel),
            Err(err) => Some(Err(err)),
        }
    })?;
    let place = PartAt {
        at,
        place: wanted,
        to_end: false,
    };
    Some(Opening::Around(part, place, whole))
}

/// Converts what is left of `book`, telling `counter` how far it is, unless `cancel` is set.
fn convert_rest<P: Progressive>(
    mut book: P,
    path: &str,
    counter: &AtomicUsize,
    cancel: &AtomicBool,
) -> Option<Result<Document, LoadError>> {
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
        path: path.to_string(),
        cause: cause.into(),
    }))
}

/// Opens a file of `format` as far as character `wanted` and a few pages beyond with the
/// reader `start` makes of its bytes, the rest read on a background thread.
pub(super) fn open_progressively<P: Progressive>(
    path: &Path,
    format: Format,
    wanted: usize,
    start: impl FnOnce(Vec<u8>, &str) -> Result<P, P::Error>,
) -> Result<Opening, LoadError> {
    let shown = path.display().to_string();
    let failed = |cause: P::Error| LoadError::Decode {
        path: shown.clone(),
        cause: cause.into(),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let bytes = read_file(path, format)?;
    let mut book = start(bytes, &name).map_err(failed)?;
    let wanted = wanted.saturating_add(AHEAD_CHARS);
    while book.chars() < wanted {
        if !book.convert_next().map_err(failed)? {
            return book.finish().map(Opening::Whole).map_err(failed);
        }
    }
    let beginning = book.beginning();
    let (done, total) = book.progress();
    let rest = in_background(shown.clone(), done, total, move |counter, cancel| {
        convert_rest(book, &shown, counter, cancel)
    });
    match rest {
        Some(loading) => Ok(Opening::Begun(beginning, loading)),
        // No thread to spare: read the file whole, as before there were threads.
        None => Document::open_as(path, format).map(Opening::Whole),
    }
}

/// A long plain text: its beginning (as far as `wanted` and a few pages more) structured at
/// once, or the part around `wanted`; the whole read, decoded and structured on a background
/// thread.
pub(super) fn open_text(
    path: &Path,
    wanted: usize,
    landmark: Option<&Landmark>,
) -> Result<Opening, LoadError> {
    let shown = path.display().to_string();
    let size = std::fs::metadata(path).map_or(0, |m| m.len());
    if size < TWO_STEP_BYTES {
        return Document::open_as(path, Format::TEXT).map(Opening::Whole);
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
    // Far in, a part around the place is quicker to read than all that comes before it.
    let part = landmark
        .filter(|_| first > 4 * PART_RADIUS)
        .and_then(|landmark| part_around(path, size, landmark));
    if let Some((doc, at, to_end)) = part {
        let part = PartAt {
            at,
            place: wanted,
            to_end,
        };
        return Ok(match read_rest(path, name) {
            Some(loading) => Opening::Around(doc, part, loading),
            None => Opening::Whole(Document::open_as(path, Format::TEXT)?),
        });
    }
    let mut want = first;
    let beginning = loop {
        // No blank line to cut at in all that (one giant line?): the whole is read instead.
        if want as u64 >= size || want > first * 8 {
            return Document::open_as(path, Format::TEXT).map(Opening::Whole);
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
    match read_rest(path, name) {
        Some(loading) => Ok(Opening::Begun(beginning, loading)),
        None => Document::open_as(path, Format::TEXT).map(Opening::Whole),
    }
}

/// Reads, decodes and structures a long text whole on a background thread.
fn read_rest(path: &Path, name: String) -> Option<Loading> {
    let owned = path.to_path_buf();
    in_background(
        path.display().to_string(),
        0,
        TEXT_STEPS,
        move |counter, cancel| {
            let bytes = match read_file(&owned, Format::TEXT) {
                Ok(bytes) => bytes,
                Err(err) => return Some(Err(err)),
            };
            counter.store(1, Ordering::Relaxed);
            if cancel.load(Ordering::Relaxed) {
                return None;
            }
            let result = Document::from_bytes(bytes, &name, Format::TEXT).map_err(|cause| {
                LoadError::Decode {
                    path: owned.display().to_string(),
                    cause,
                }
            });
            counter.store(TEXT_STEPS, Ordering::Relaxed);
            Some(result)
        },
    )
}

/// The part of a long text (of `size` bytes) around its `landmark`, structured as the whole
/// will be, the character of the landmark in it, and whether it reaches the end; `None` when
/// the landmark is not found there (the file changed, or the estimate was far off), or the
/// part cannot be read as text.
fn part_around(path: &Path, size: u64, landmark: &Landmark) -> Option<(Document, usize, bool)> {
    if landmark.text.trim().is_empty() {
        return None;
    }
    let beginning = crate::files::read_start(path, BEGINNING_BYTES).ok()?;
    let estimate = (landmark.share.clamp(0.0, 1.0) * size as f64) as u64;
    let from = estimate.saturating_sub(PART_RADIUS as u64);
    let bytes = crate::files::read_at(path, from, 2 * PART_RADIUS).ok()?;
    let to_end = from + bytes.len() as u64 >= size;
    let (doc, cut) = part_of(beginning, bytes, to_end)?;
    // The landmark nearest where it was estimated, should its text be repeated around it.
    let expected = (estimate - from).saturating_sub(cut as u64) as usize;
    let found = nearest(&doc.content, &landmark.text, expected)?;
    let at = doc.char_of(found);
    Some((doc, at, to_end))
}

/// Either end of a long file read from it directly, before the whole is (see
/// [`super::format::FormatRow::ends`]): its beginning, as it is first shown, and its end with
/// where that lies in the whole, exactly when the whole's length in characters is given.
pub struct Ends {
    pub start: fn(&Path) -> Option<Document>,
    pub end: fn(&Path, Option<usize>) -> Option<EndPart>,
}

/// A file's end, and where it lies in the whole.
pub type EndPart = (Document, PartAt);

pub(super) static TEXT_ENDS: Ends = Ends {
    start: start_of_text,
    end: end_of_text,
};

pub(super) static BOOK_ENDS: Ends = Ends {
    start: start_of_book,
    end: end_of_book,
};

/// A long book's first chapters, as [`open_book`] first shows them.
fn start_of_book(path: &Path) -> Option<Document> {
    let mut book = Book::open(read_file(path, Format::EPUB).ok()?).ok()?;
    while book.chars() < AHEAD_CHARS && book.convert_next().ok()? {}
    Some(book.beginning())
}

/// A long book's last chapters, converted alone, placed as [`end_of_text`] places a text's end
/// (the whole's length estimated from the chapters' sizes when not known).
fn end_of_book(path: &Path, chars: Option<usize>) -> Option<EndPart> {
    let mut book = Book::open(read_file(path, Format::EPUB).ok()?).ok()?;
    let sizes = book.chapter_sizes();
    let first = sizes.len().saturating_sub(CHAPTERS_AROUND + 1);
    book.start_at(first);
    while book.convert_next().ok()? {}
    let part = book.beginning();
    if part.chars == 0 {
        return None;
    }
    let whole = chars.unwrap_or_else(|| {
        let part_bytes: u64 = sizes[first..].iter().sum();
        let per_byte = part.chars as f64 / part_bytes.max(1) as f64;
        (sizes.iter().sum::<u64>() as f64 * per_byte) as usize
    });
    let place = PartAt {
        at: 0,
        place: whole.saturating_sub(part.chars),
        to_end: true,
    };
    Some((part, place))
}

/// The beginning of a long plain text, read from its file again (the reader left it for a
/// part): as [`open_text`] first shows it. `None` if it cannot be read so.
fn start_of_text(path: &Path) -> Option<Document> {
    let name = path.file_name()?.to_string_lossy().into_owned();
    let bytes = crate::files::read_start(path, BEGINNING_BYTES).ok()?;
    beginning_of(bytes, &name).ok().flatten()
}

/// The end of a long plain text, read from its file directly (its last pages, structured as
/// the whole will be), and where it lies in the whole: exactly when the whole's length in
/// characters, `chars`, is known, else as estimated from the part's characters per byte.
/// `None` for a text too short to be read in parts, or when no blank line cuts its end.
fn end_of_text(path: &Path, chars: Option<usize>) -> Option<EndPart> {
    let size = std::fs::metadata(path).ok()?.len();
    if size < TWO_STEP_BYTES {
        return None;
    }
    let beginning = crate::files::read_start(path, BEGINNING_BYTES).ok()?;
    let from = size.saturating_sub(2 * PART_RADIUS as u64);
    let bytes = crate::files::read_at(path, from, 2 * PART_RADIUS).ok()?;
    let read = bytes.len();
    let (doc, cut) = part_of(beginning, bytes, true)?;
    let whole = chars.unwrap_or_else(|| {
        let per_byte = doc.chars as f64 / read.saturating_sub(cut).max(1) as f64;
        (size as f64 * per_byte) as usize
    });
    let place = whole.saturating_sub(doc.chars);
    Some((
        doc,
        PartAt {
            at: 0,
            place,
            to_end: true,
        },
    ))
}

/// A part of a long plain text from `bytes` read in its middle (`to_end`: as far as its end),
/// cut at its first and last blank lines and structured as the whole is there (the whole's
/// beginning, `beginning`, tells how); and how many bytes were cut from its front. `None` when
/// there is no blank line to cut at, or the bytes are not text.
pub fn part_of(
    mut beginning: Vec<u8>,
    mut bytes: Vec<u8>,
    to_end: bool,
) -> Option<(Document, usize)> {
    beginning.truncate(last_blank_line(&beginning)?);
    let measure = plain::measure(&sanitize::decode(beginning).ok()?.text);
    let start = first_blank_line(&bytes)?;
    let end = if to_end {
        bytes.len()
    } else {
        last_blank_line(&bytes)?
    };
    if start >= end {
        return None;
    }
    bytes.truncate(end);
    bytes.drain(..start);
    let doc = plain::parse_part(sanitize::decode(bytes).ok()?.text, &measure, to_end);
    Some((doc, start))
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
    let doc = plain::parse_beginning(decoded.text, name);
    Ok((!doc.blocks.is_empty()).then_some(doc))
}

/// Just after the last `\n` that ends a blank line (`\n\n`, `\n\r\n`, or with spaces
/// between) in `bytes`.
fn last_blank_line(bytes: &[u8]) -> Option<usize> {
    let mut end = bytes.len();
    while let Some(i) = bytes[..end].iter().rposition(|&b| b == b'\n') {
        if ends_blank_line(bytes, i) {
            return Some(i + 1);
        }
        end = i;
    }
    None
}

/// Just after the first `\n` that ends a blank line in `bytes`, as [`last_blank_line`].
fn first_blank_line(bytes: &[u8]) -> Option<usize> {
    (0..bytes.len())
        .filter(|&i| bytes[i] == b'\n')
        .find(|&i| ends_blank_line(bytes, i))
        .map(|i| i + 1)
}

/// Whether the `\n` at `i` ends a line of nothing but blanks.
fn ends_blank_line(bytes: &[u8], i: usize) -> bool {
    let before = bytes[..i]
        .iter()
        .rposition(|&b| !matches!(b, b' ' | b'\t' | b'\r'));
    before.is_some_and(|j| bytes[j] == b'\n')
}

/// A plain text of at least `bytes`, in `dir`: the bundled texts, repeated.
#[cfg(test)]
pub(crate) fn long_text(dir: &Path, bytes: usize) -> std::path::PathBuf {
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
    std::fs::write(&path, round.repeat(bytes / round.len() + 2)).unwrap();
    path
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
            Document::open_from(&path, Format::EPUB, 0, None).unwrap()
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
            Document::open_from(&path, Format::EPUB, wanted, None).unwrap()
        else {
            panic!("half the book is not the whole");
        };
        assert!(beginning.chars >= wanted + AHEAD_CHARS);
    }

    #[test]
    fn a_long_text_begins_with_an_exact_beginning_of_the_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = long_text(dir.path(), TWO_STEP_BYTES as usize);
        let whole = Document::open(&path).unwrap();
        let Opening::Begun(beginning, mut loading) =
            Document::open_from(&path, Format::TEXT, 0, None).unwrap()
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
            Document::open_from(&path, Format::TEXT, wanted, None).unwrap()
        else {
            panic!("two thirds of the text are not the whole");
        };
        assert!(beginning.chars >= wanted + AHEAD_CHARS);
        assert!(whole.content.starts_with(&beginning.content));
    }

    #[test]
    fn a_long_text_reopened_far_in_shows_the_part_around_its_landmark() {
        let dir = tempfile::tempdir().unwrap();
        // Long enough that reading to its middle takes longer than reading a part.
        let path = long_text(dir.path(), 3 * TWO_STEP_BYTES as usize);
        let whole = Document::open(&path).unwrap();
        let offset = whole.byte_of(whole.chars * 2 / 3);
        let (wanted, landmark) = (whole.char_of(offset), whole.landmark(offset));
        let Opening::Around(part, at, mut loading) =
            Document::open_from(&path, Format::TEXT, wanted, Some(&landmark)).unwrap()
        else {
            panic!("a place far in should open in its part");
        };
        assert_eq!(at.place, wanted);
        assert!(part.content.len() <= 2 * PART_RADIUS);
        let shown = part.byte_of(at.at);
        assert!(part.content[shown..].starts_with(&landmark.text));
        // The part is the whole's text there, structured as the whole.
        let start = whole.byte_of(at.in_whole(0));
        assert!(whole.content[start..].starts_with(&part.content));
        let first = whole.block_at(start);
        assert_eq!(part.blocks[0].kind, whole.blocks[first].kind);
        assert_eq!(at.to_whole(&part, shown, &whole), offset);
        assert_eq!(loading.wait().unwrap().hash, whole.hash);
        // A landmark that is not there (the file changed): the beginning, as far as the place.
        let elsewhere = Landmark {
            text: "words found nowhere in this text".into(),
            ..landmark
        };
        assert!(matches!(
            Document::open_from(&path, Format::TEXT, wanted, Some(&elsewhere)).unwrap(),
            Opening::Begun(..)
        ));
    }

    #[test]
    fn a_part_found_elsewhere_than_counted_is_placed_by_its_text() {
        let whole = Document::from_text("One.\n\nTwo words.\n\nThree.\n", "a.txt", Format::TEXT);
        let part = Document::from_text("Two words.\n\nThree.\n", "a.txt", Format::TEXT);
        let three = part.content.find("Three").unwrap();
        // Counted from a place one character off, the text there tells where it is.
        let at = PartAt {
            at: 0,
            place: 6,
            to_end: false,
        };
        let found = at.to_whole(&part, three, &whole);
        assert_eq!(&whole.content[found..], "Three.");
        // The whole's end, its place however far off: counted from the end.
        let end = PartAt {
            at: 0,
            place: 1000,
            to_end: true,
        };
        assert_eq!(
            &whole.content[end.to_whole(&part, three, &whole)..],
            "Three."
        );
    }

    #[test]
    fn the_end_of_a_long_text_is_its_last_part_placed_by_its_length() {
        let dir = tempfile::tempdir().unwrap();
        let path = long_text(dir.path(), 8 << 20);
        let whole = Document::open(&path).unwrap();
        let (end, at) = (TEXT_ENDS.end)(&path, Some(whole.chars)).unwrap();
        assert!(whole.content.ends_with(&end.content));
        assert!(end.content.len() <= 2 * PART_RADIUS);
        assert_eq!(at.in_whole(0), whole.chars - end.chars);
        // Not knowing the whole's length, an estimate from the part's characters per byte.
        let (_, guessed) = (TEXT_ENDS.end)(&path, None).unwrap();
        assert!(
            guessed.place.abs_diff(at.place) < whole.chars / 100,
            "{guessed:?} {at:?}"
        );
        let short = dir.path().join("short.txt");
        std::fs::write(&short, "A short text.\n\nIt is read whole.\n").unwrap();
        assert!((TEXT_ENDS.end)(&short, None).is_none());
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
            Document::open_from(&path, Format::TEXT, 0, None),
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
            Document::open_from(&path, Format::EPUB, 0, None).unwrap(),
            Opening::Whole(_)
        ));
        let text = dir.path().join("a.txt");
        std::fs::write(&text, "A text.\n").unwrap();
        assert!(matches!(
            Document::open_from(&text, Format::TEXT, 0, None).unwrap(),
            Opening::Whole(_)
        ));
    }
}
