//! A group's text may carry a million annotations: above [`WINDOW_ABOVE`], the reader holds
//! its own annotations and the others' orphans whole, and the others' placed ones only around
//! the page shown: the first page's read while the text is parsed, the pages around it read
//! behind it (issue 34). How many each member has is counted apart (`members.rs`).

use std::ops::Range;

use std::sync::mpsc::{Receiver, TryRecvError};

use crate::annotation::{Annotation, Bookmark, Reply};
use crate::app::App;
use crate::app::marks::Marks;
use crate::document::{Document, DocumentId};
use crate::store::{Store, StoreError};

/// Above this many annotations on a text, the others' are read around the page.
pub(in crate::app) const WINDOW_ABOVE: usize = 20_000;
/// How many times [`WINDOW_ABOVE`] the others' annotations on the first page, as many over
/// the whole text, must make for the text to be taken as crowded without counting.
const CROWDED_GUESS: usize = 2;
/// Pages held on each side of the one shown: read behind it, so that a page turn finds its
/// page held, and read again once the reader is a page from their end.
const AROUND_PAGES: usize = 2;

/// What the reader and the group wrote on a text, as read from the store.
#[derive(Default)]
pub(in crate::app) struct Written {
    pub annotations: Vec<Annotation>,
    pub bookmarks: Vec<Bookmark>,
    pub replies: Vec<Reply>,
    /// Only the reader's own annotations and the others' orphans were read: the others'
    /// placed ones are read around the page (see [`App::keep_window`]).
    pub in_part: bool,
    /// The others' placed annotations overlapping these characters, when read with the rest
    /// (see [`App::read_early`]).
    pub around: Option<(Range<usize>, Vec<Annotation>)>,
}

impl Written {
    pub fn marks(self, doc: &Document) -> Marks {
        let marks = Marks::new(doc, self.annotations, self.bookmarks).with_replies(self.replies);
        if !self.in_part {
            return marks;
        }
        let mut marks = marks.held_around();
        if let Some((chars, others)) = self.around {
            let bytes = doc.byte_of(chars.start)..doc.byte_of(chars.end.min(doc.chars));
            marks.hold_around(doc, others, bytes);
        }
        marks
    }

    /// What is written on text `id`: all of it, or above [`WINDOW_ABOVE`] annotations, what is
    /// held whole and, if `around` is given, the others' over those characters (of a text of
    /// `.1` characters).
    fn read(
        store: &Store,
        id: DocumentId,
        around: Option<(Range<usize>, usize)>,
    ) -> Result<Written, StoreError> {
        let around = around
            .map(|(chars, len)| {
                Ok::<_, StoreError>((chars.clone(), store.others_around(id, chars)?, len))
            })
            .transpose()?;
        let crowded = around
            .as_ref()
            .is_some_and(|(chars, others, len)| crowded(others.len(), chars.len(), *len));
        let in_part = crowded || store.annotations_exceed(id, WINDOW_ABOVE)?;
        if !in_part {
            return Ok(Written {
                annotations: store.annotations(id)?,
                bookmarks: store.bookmarks(id, false)?,
                replies: store.replies(Some(id))?,
                in_part,
                around: None,
            });
        }
        let held = store.annotations_held(id)?;
        let around = around.map(|(chars, others, _)| (chars, others));
        let others = around.iter().flat_map(|(_, others)| others);
        let uuids: Vec<&str> = held.iter().chain(others).map(|a| a.uuid.as_str()).collect();
        let replies = store.replies_to(&uuids)?;
        Ok(Written {
            annotations: held,
            bookmarks: store.bookmarks(id, false)?,
            replies,
            in_part,
            around,
        })
    }
}

/// Whether `on_page` annotations over `page` characters of a text of `len` say that the text
/// holds more than [`WINDOW_ABOVE`], as many as a crowded text holds on a page, without
/// counting twenty thousand rows (2 ms at a thousand members). So many on one page of a text
/// with fewer makes it read in part, which is right for any text, only not needed.
pub(in crate::app) fn crowded(on_page: usize, page: usize, len: usize) -> bool {
    on_page.saturating_mul(len) / page.max(1) > CROWDED_GUESS * WINDOW_ABOVE
}

/// The bytes of the page `reader` shows, if it shows any.
fn shown(reader: &crate::app::reader::Reader) -> Option<Range<usize>> {
    let rows = reader.page();
    Some(rows.first()?.start..rows.last()?.end)
}

/// What is written on a text being opened, read on another thread (with a connection of its
/// own) while the text is parsed, with the others' annotations on its first page: at a
/// thousand members, reading them takes as long as parsing the text (issue 34).
pub(in crate::app) struct EarlyRead {
    id: DocumentId,
    read: Receiver<Result<Written, String>>,
}

/// The other members' annotations around the page (and the replies to all that is held),
/// being read on another thread with a connection of its own.
pub(in crate::app) struct AroundRead {
    /// The bytes of the text read around.
    bytes: Range<usize>,
    read: Receiver<Result<Around, String>>,
    /// The marks' count of replies written when the read began (see
    /// [`Marks::replies_written_since`]).
    replies_written: u64,
}

/// The others' annotations around the page, and the replies to all that is held.
type Around = (Vec<Annotation>, Vec<Reply>);

impl AroundRead {
    /// Starts reading the others' annotations over `chars` (the text's `bytes`) of text `id`,
    /// with the replies to them and to the annotations of `held`, by uuid.
    fn start(
        path: std::path::PathBuf,
        id: DocumentId,
        marks: &Marks,
        bytes: Range<usize>,
        chars: Range<usize>,
    ) -> Option<AroundRead> {
        let held: Vec<String> = marks.held_whole().map(|a| a.uuid.clone()).collect();
        let replies_written = marks.replies_written();
        let (tx, read) = std::sync::mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name("gloss-around".into())
            .spawn(move || {
                let read = Store::open(&path).and_then(|store| {
                    let others = store.others_around(id, chars)?;
                    let uuids = held.iter().map(String::as_str);
                    let uuids: Vec<&str> = uuids.chain(others.iter().map(|a| &*a.uuid)).collect();
                    let replies = store.replies_to(&uuids)?;
                    Ok((others, replies))
                });
                let _ = tx.send(read.map_err(|e| e.to_string()));
            });
        spawned.ok().map(|_| AroundRead {
            bytes,
            read,
            replies_written,
        })
    }

    /// Whether what is being read holds `bytes`.
    fn covers(&self, bytes: &Range<usize>) -> bool {
        self.bytes.start <= bytes.start && bytes.end <= self.bytes.end
    }
}

impl App {
    /// A text's annotations (all of them, or those held whole above [`WINDOW_ABOVE`]),
    /// bookmarks and replies, from the store.
    pub(in crate::app) fn load_marks(&self, id: DocumentId) -> Result<Written, StoreError> {
        Written::read(&self.store, id, None)
    }

    /// What [`App::read_early`] read of text `id`, waited for; `None` if it read another
    /// text, or failed (the text is then read as usual).
    pub(in crate::app) fn take_early(&mut self, id: DocumentId) -> Option<Written> {
        let early = self.early.take().filter(|early| early.id == id)?;
        early.read.recv().ok()?.ok()
    }

    /// Starts reading, on another thread, what is written on the text of `entry` while it is
    /// parsed, with the others' annotations on the page its saved place shows (at most a
    /// row more than the page holds on either side), for [`App::take_early`]. Not for a
    /// database in memory. The opening that asked takes it (a text shown whole), or drops it.
    pub(in crate::app) fn read_early(&mut self, entry: &crate::document::LibraryEntry) {
        self.early = None;
        // Notes imported from another tool may be placed on the text as it opens: read after.
        let Some(path) = self
            .store
            .path()
            .filter(|_| !self.store.has_waiting().unwrap_or(true))
            .map(|p| p.to_path_buf())
        else {
            return;
        };
        let g = self.geometry();
        let row = usize::from(g.text_width) + 2;
        let at = entry.position as usize;
        let page = at.saturating_sub(row)..at + row * (usize::from(g.page_height) + 1);
        let (id, len) = (entry.id, entry.chars as usize);
        let (tx, read) = std::sync::mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name("gloss-early".into())
            .spawn(move || {
                let written = Store::open(&path)
                    .and_then(|store| Written::read(&store, id, Some((page, len))))
                    .map_err(|e| e.to_string());
                let _ = tx.send(written);
            });
        self.early = spawned.is_ok().then_some(EarlyRead { id, read });
    }

    /// Keeps the other members' annotations on and around the page held (a text read in part
    /// only; not while a long book's beginning is shown). A page not held is read at once, the
    /// page alone; then, on another thread, the pages around it, so that the next page turns
    /// find theirs held and never wait for the store.
    pub(in crate::app) fn keep_window(&mut self) {
        let Some(open) = self.open.as_mut() else {
            return;
        };
        let (Some(id), None) = (open.id, open.part()) else {
            return;
        };
        let Some(page) = shown(&open.reader) else {
            return;
        };
        let doc = open.reader.doc().clone();
        let pages = |n: usize| {
            let span = n * page.len();
            page.start.saturating_sub(span)..(page.end + span).min(doc.content.len())
        };
        let chars = |bytes: &Range<usize>| doc.char_of(bytes.start)..doc.char_of(bytes.end);
        let path = self.store.path().map(|p| p.to_path_buf());
        if !open.marks.holds(&page) {
            // With another thread to read the rest, the page alone: what keeps it waiting.
            let now = if path.is_some() {
                page.clone()
            } else {
                pages(AROUND_PAGES)
            };
            let read = self
                .store
                .others_around(id, chars(&now))
                .and_then(|others| {
                    let held = open.marks.held_whole().chain(&others);
                    let uuids: Vec<&str> = held.map(|a| a.uuid.as_str()).collect();
                    Ok((self.store.replies_to(&uuids)?, others))
                });
            match read {
                Ok((replies, others)) => {
                    open.marks.hold_around(&doc, others, now);
                    open.marks.set_replies(replies);
                }
                Err(err) => {
                    let said = format!("could not read the group's annotations: {err}");
                    return self.say(crate::app::Tone::Error, said);
                }
            }
        }
        let (ahead, around) = (pages(1), pages(AROUND_PAGES));
        let reading = open.around.as_ref().is_some_and(|r| r.covers(&ahead));
        if let Some(path) = path.filter(|_| !open.marks.holds(&ahead) && !reading) {
            open.around = AroundRead::start(path, id, &open.marks, around.clone(), chars(&around));
        }
        self.count_members_in_background();
    }

    /// Holds what the other thread read around the page, when it has come (waited for if
    /// `wait`) and still covers the page shown: the reader may have gone far meanwhile. True
    /// when it came.
    fn take_around(&mut self, wait: bool) -> bool {
        let Some(open) = self.open.as_mut() else {
            return false;
        };
        let Some(around) = open.around.as_ref() else {
            return false;
        };
        let read = match around.read.try_recv() {
            Ok(read) => read,
            Err(TryRecvError::Empty) if wait => around
                .read
                .recv()
                .unwrap_or_else(|_| Err("interrupted".into())),
            Err(TryRecvError::Empty) => return false,
            Err(TryRecvError::Disconnected) => Err("interrupted".into()),
        };
        let taken = open.around.take().expect("checked above");
        // Taken only if it still covers the page, and no reply was written meanwhile (the
        // threads it read would undo it; it is read again).
        let fresh = !open.marks.replies_written_since(taken.replies_written)
            && shown(&open.reader)
                .is_some_and(|p| taken.bytes.start <= p.start && p.end <= taken.bytes.end);
        match read {
            Ok((others, replies)) if fresh => {
                let doc = open.reader.doc().clone();
                open.marks.hold_around(&doc, others, taken.bytes);
                open.marks.set_replies(replies);
            }
            Ok(_) => {}
            Err(err) => self.say(
                crate::app::Tone::Error,
                format!("could not read the group's annotations: {err}"),
            ),
        }
        self.keep_window();
        true
    }

    /// Holds the page's surroundings being read, waited for, and keeps the window: for tests
    /// and benchmarks that need exact numbers.
    pub(in crate::app) fn settle_window(&mut self) {
        self.take_around(true);
        self.keep_window();
    }

    /// Takes what other threads read of the group's annotations: the page's surroundings,
    /// each member's count; true when either came.
    pub(in crate::app) fn poll_group(&mut self) -> bool {
        self.take_around(false) | self.poll_members()
    }
}
