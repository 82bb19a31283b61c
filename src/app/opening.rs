//! The open text: its reader, its marks, its search and its history of changes, and what waits
//! while a long book's rest is read. Opening one is the applier's (`apply/opening.rs`).

use std::path::PathBuf;

use super::Action;
use super::find::Find;
use super::marks::Marks;
use super::reader::Reader;
use super::undo::History;
use crate::annotation::AnnotationId;
use crate::document::{DocumentId, PartAt};
use crate::library::Pending;

/// The open document.
pub struct Open {
    /// The text's library entry; `None` while a book read for the first time is still being
    /// read (it is recorded once whole, under the hash of its whole text).
    pub id: Option<DocumentId>,
    /// The text's file, where its pictures are read from (none for a bundled text).
    pub file: Option<PathBuf>,
    pub reader: Reader,
    pub marks: Marks,
    /// Changes that `u` undoes and Ctrl-R redoes.
    pub(super) history: History,
    /// An orphaned annotation waiting for the reader to select its new passage.
    pub reattaching: Option<AnnotationId>,
    /// Anchor last written to the store, to save only real moves.
    pub(super) saved: usize,
    /// The search in this text, if any.
    pub find: Option<Find>,
    /// Where the search's first match is looked for from: where the reader was when they
    /// started typing it (Esc goes back there), or the passage a library result opened.
    pub(super) find_origin: Option<usize>,
    /// The rest of a long book, while it is read; the reader shows its beginning meanwhile.
    pub(super) pending: Option<Box<Pending>>,
    /// What was asked for that needs the whole book, to do once it is read.
    pub(super) deferred: Vec<Action>,
    /// Which groups see the reader's notes on the text.
    pub audience: crate::share::scope::Audience,
    /// Each member's annotations being counted on another thread, for a text held in part.
    pub(super) counting: Option<Counting>,
    /// The other members' annotations around the page, being read on another thread.
    pub(super) around: Option<super::apply::window::AroundRead>,
    /// Where the reader was when the text opened (in the part shown, while the whole is read).
    opened_at: usize,
    /// The first text ever opened says how to begin, where the top bar reminds of keys, until
    /// the reader highlights, selects, writes a note, asks for the keys, or presses Esc.
    pub first_hint: bool,
}

/// What a count of each member's annotations sends back (see `App::keep_window`).
pub(super) type Counting =
    std::sync::mpsc::Receiver<Result<Vec<(crate::annotation::Author, usize)>, String>>;

impl Open {
    pub(super) fn new(
        id: Option<DocumentId>,
        file: Option<PathBuf>,
        reader: Reader,
        marks: Marks,
        pending: Option<Box<Pending>>,
    ) -> Open {
        let opened_at = reader.anchor();
        Open {
            id,
            file,
            reader,
            marks,
            history: History::default(),
            reattaching: None,
            saved: usize::MAX,
            find: None,
            find_origin: None,
            counting: None,
            around: None,
            opened_at,
            pending,
            deferred: Vec::new(),
            audience: Default::default(),
            first_hint: false,
        }
    }

    /// Whether quitting must wait for the rest of a long book being read: the reader moved in
    /// what is shown (a place to save, in the whole), or has something open (a note being
    /// typed is kept as a draft of the text, known once whole). Else the place saved stands.
    pub(super) fn must_finish_to_quit(&self, something_open: bool) -> bool {
        self.pending.is_some() && (something_open || self.reader.anchor() != self.opened_at)
    }

    /// How much of a long book is read, while its rest is being read.
    pub fn opening(&self) -> Option<f64> {
        self.pending.as_ref().map(|p| p.loading.progress())
    }

    /// Where the part of a long text shown lies in the whole, while the whole is read.
    pub fn part(&self) -> Option<PartAt> {
        self.pending.as_ref().and_then(|p| p.part)
    }
}
