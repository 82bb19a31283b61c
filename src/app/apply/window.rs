//! A group's text may carry a million annotations: above [`WINDOW_ABOVE`], the reader holds
//! its own annotations and the others' orphans whole, and the others' placed ones only around
//! the page shown, read again from the store when the page leaves them (issue 34). How many
//! each member has is counted by the store when first asked (the member picker).

use std::ops::Range;

use std::sync::mpsc::TryRecvError;

use crate::annotation::{Annotation, Author, Bookmark, Reply};
use crate::app::App;
use crate::app::marks::Marks;
use crate::document::{Document, DocumentId};
use crate::store::StoreError;

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
}

impl Written {
    pub fn marks(self, doc: &Document) -> Marks {
        let marks = Marks::new(doc, self.annotations, self.bookmarks).with_replies(self.replies);
        if self.in_part {
            marks.held_around()
        } else {
            marks
        }
    }
}

impl App {
    /// A text's annotations (all of them, or those held whole above [`WINDOW_ABOVE`]),
    /// bookmarks and replies, from the store.
    pub(in crate::app) fn load_marks(&self, id: DocumentId) -> Result<Written, StoreError> {
        let in_part = self.store.annotations_exceed(id, WINDOW_ABOVE)?;
        let (annotations, replies) = if in_part {
            let held = self.store.annotations_held(id)?;
            let uuids: Vec<&str> = held.iter().map(|a| a.uuid.as_str()).collect();
            let replies = self.store.replies_to(&uuids)?;
            (held, replies)
        } else {
            (self.store.annotations(id)?, self.store.replies(Some(id))?)
        };
        Ok(Written {
            annotations,
            bookmarks: self.store.bookmarks(id, false)?,
            replies,
            in_part,
        })
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
        let Ok(Some(store)) = self.store.reopen() else {
            return;
        };
        let (tx, counting) = std::sync::mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name("gloss-members".into())
            .spawn(move || {
                let _ = tx.send(store.members_on(id).map_err(|e| e.to_string()));
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
