//! A group's text may carry a million annotations: above [`WINDOW_ABOVE`], the reader holds
//! its own annotations and the others' orphans whole, and the others' placed ones only around
//! the page shown, read again from the store when the page leaves them (issue 34). How many
//! each member has is counted by the store when first asked (the member picker).

use std::ops::Range;

use std::sync::mpsc::{Receiver, TryRecvError};

use crate::annotation::{Annotation, Author, Bookmark, Reply};
use crate::app::App;
use crate::app::marks::Marks;
use crate::document::{Document, DocumentId};
use crate::store::{Store, StoreError};

/// Above this many annotations on a text, the others' are read around the page.
pub(in crate::app) const WINDOW_ABOVE: usize = 20_000;
/// Characters read on each side of the page: about a page, so that a page turn reads every
/// other time, and at a thousand members the first page reads some 5,000 annotations.
const AROUND_CHARS: usize = 2_000;

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
    /// held whole and, if `around` is given, the others' around those characters.
    fn read(
        store: &Store,
        id: DocumentId,
        around: Option<Range<usize>>,
    ) -> Result<Written, StoreError> {
        let in_part = store.annotations_exceed(id, WINDOW_ABOVE)?;
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
        let around = around
            .map(|chars| Ok::<_, StoreError>((chars.clone(), store.others_around(id, chars)?)))
            .transpose()?;
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

/// What is written on a text being opened, read on another thread (with a connection of its
/// own) while the text is parsed, with the others' annotations on its first page: at a
/// thousand members, reading them takes as long as parsing the text (issue 34).
pub(in crate::app) struct EarlyRead {
    id: DocumentId,
    read: Receiver<Result<Written, String>>,
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
        let id = entry.id;
        let (tx, read) = std::sync::mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name("gloss-early".into())
            .spawn(move || {
                let written = Store::open(&path)
                    .and_then(|store| Written::read(&store, id, Some(page)))
                    .map_err(|e| e.to_string());
                let _ = tx.send(written);
            });
        self.early = spawned.is_ok().then_some(EarlyRead { id, read });
    }

    /// Reads the other members' annotations around the page when the page is not among those
    /// held (a text read in part only; not while a long book's beginning is shown).
    pub(in crate::app) fn keep_window(&mut self) {
        let Some(open) = self.open.as_mut() else {
            return;
        };
        let (Some(id), None) = (open.id, open.part()) else {
            return;
        };
        let rows = open.reader.page();
        let page = match (rows.first(), rows.last()) {
            (Some(first), Some(last)) => first.start..last.end,
            _ => return,
        };
        if open.marks.holds(&page) {
            self.count_members_in_background();
            return;
        }
        let doc = open.reader.doc().clone();
        let chars = doc.char_of(page.start).saturating_sub(AROUND_CHARS)
            ..(doc.char_of(page.end) + AROUND_CHARS).min(doc.chars);
        // The threads of what is held: the reader's own, the orphans, and these.
        let read = self
            .store
            .others_around(id, chars.clone())
            .and_then(|others| {
                let held = open.marks.held_whole().chain(&others);
                let uuids: Vec<&str> = held.map(|a| a.uuid.as_str()).collect();
                Ok((self.store.replies_to(&uuids)?, others))
            });
        match read {
            Ok((replies, others)) => {
                let bytes: Range<usize> = doc.byte_of(chars.start)..doc.byte_of(chars.end);
                let open = self.open.as_mut().expect("checked above");
                open.marks.hold_around(&doc, others, bytes);
                open.marks.set_replies(replies);
                self.count_members_in_background();
            }
            Err(err) => self.say(
                crate::app::Tone::Error,
                format!("could not read the group's annotations: {err}"),
            ),
        }
    }

    /// Starts counting each member's annotations on the open text on another thread (with a
    /// connection of its own), when the marks hold them in part: the member picker then opens
    /// at once. Not for a database in memory, which no other connection reaches.
    fn count_members_in_background(&mut self) {
        let Some(open) = self.open.as_ref() else {
            return;
        };
        let Some(id) = open.id else {
            return;
        };
        if open.marks.members_counted() || open.counting.is_some() {
            return;
        }
        let Some(path) = self.store.path().map(|p| p.to_path_buf()) else {
            return;
        };
        let (tx, counting) = std::sync::mpsc::channel();
        // The connection is opened there too: opening one takes a few milliseconds.
        let spawned = std::thread::Builder::new()
            .name("gloss-members".into())
            .spawn(move || {
                let counted = Store::open(&path).and_then(|store| store.members_on(id));
                let _ = tx.send(counted.map_err(|e| e.to_string()));
            });
        if spawned.is_ok() {
            self.open.as_mut().expect("checked above").counting = Some(counting);
        }
    }

    /// Takes each member's count when the other thread has it; true when it came.
    pub(in crate::app) fn poll_members(&mut self) -> bool {
        let Some(open) = self.open.as_mut() else {
            return false;
        };
        let Some(counting) = open.counting.as_ref() else {
            return false;
        };
        let counted = match counting.try_recv() {
            Ok(counted) => counted,
            Err(TryRecvError::Empty) => return false,
            Err(TryRecvError::Disconnected) => Err("interrupted".into()),
        };
        open.counting = None;
        self.take_members(counted);
        true
    }

    /// Counts each member's annotations on the open text, when the marks do not hold them all:
    /// waits for the other thread's count if one is under way, else counts.
    pub(in crate::app) fn count_members(&mut self) {
        let Some(open) = self.open.as_mut() else {
            return;
        };
        let Some(id) = open.id.filter(|_| !open.marks.members_counted()) else {
            return;
        };
        let counted = match open.counting.take() {
            Some(counting) => counting
                .recv()
                .unwrap_or_else(|_| Err("interrupted".into())),
            None => self.store.members_on(id).map_err(|e| e.to_string()),
        };
        self.take_members(counted);
    }

    fn take_members(&mut self, counted: Result<Vec<(Author, usize)>, String>) {
        match counted {
            Ok(members) => {
                if let Some(open) = self.open.as_mut() {
                    open.marks.set_members(members);
                }
            }
            Err(err) => self.say(
                crate::app::Tone::Error,
                format!("could not count the group's annotations: {err}"),
            ),
        }
    }
}
