//! Opening a text: from the library, a file or a search result; a long book shown from its
//! beginning while its rest is read (actions that need the whole book wait for it); what the
//! store holds for the text (annotations, bookmarks, a draft); and the reading place, saved
//! whenever it moves.

use super::window::Written;
use crate::annotation::Draft;
use crate::app::marks::{Marks, Showing};
use crate::app::opening::Open;
use crate::app::overlay::draft::DraftOffer;
use crate::app::{Action, App, MAX_DEFERRED, Mode, Overlay, Screen, Tone};
use crate::document::{Document, LibraryEntry};
use crate::library::{self, OpenError, Opened, Pending, Started};
use crate::store::Store;
use std::sync::Arc;

impl App {
    /// An opened text as the reader shows it: without its rubies' readings when the settings
    /// hide them.
    fn as_shown(&self, mut doc: Document) -> Arc<Document> {
        if !self.show_readings {
            doc.readings = Vec::new();
        }
        Arc::new(doc)
    }

    /// Opens a file given on the command line. Errors are for the caller to print.
    pub fn open_path(&mut self, path: &std::path::Path) -> Result<(), OpenError> {
        let format = crate::document::Format::of_file(path);
        if let Ok(Some(entry)) = library::entry_of_file(&self.store, path) {
            self.read_early(&entry);
        }
        let started = library::start_file(&mut self.store, path, format, self.now);
        let shown = started.map(|started| self.start(started));
        self.early = None;
        shown
    }

    /// Shows a text opened elsewhere (a file read whole with `--raw`, a fetched page).
    pub fn open_loaded(&mut self, opened: Opened) {
        self.show(opened);
    }

    /// The store, for opening texts before the reader starts.
    pub fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }

    pub(in crate::app) fn open_selected(&mut self) {
        let Some(entry) = self.selected_entry().cloned() else {
            return;
        };
        self.read_early(&entry);
        match library::start_entry(&mut self.store, &entry, self.now) {
            Ok(started) => self.start(started),
            Err(err) => self.say(Tone::Error, err.to_string()),
        }
        self.early = None;
    }

    pub(in crate::app) fn start(&mut self, started: Started) {
        match started {
            Started::Ready(opened) => self.show(opened),
            Started::Pending(beginning, pending) => self.show_beginning(beginning, pending),
        }
    }

    /// Shows the beginning of a long book, or the part of a long text around its place, while
    /// the rest is read: at the place it was left, with the annotations that fall in what is
    /// shown, if the file looks unchanged since.
    pub(in crate::app) fn show_beginning(&mut self, doc: Document, pending: Pending) {
        let id = pending.entry.as_ref().map(|e| e.id);
        let position = pending.entry.as_ref().map_or(0, |e| e.position as usize);
        let Written {
            annotations,
            bookmarks,
            replies,
            ..
        } = match id {
            Some(id) => self.load_marks(id).unwrap_or_default(),
            None => Written::default(),
        };
        // Shown at the part's characters; only shown, as nothing is written on a part.
        let part = pending.part.unwrap_or_default();
        let in_part = |chars: usize| part.in_part(chars).filter(|&c| c <= doc.chars);
        let annotations = annotations
            .into_iter()
            .filter_map(|mut a| {
                (a.anchor.start, a.anchor.end) = (in_part(a.anchor.start)?, in_part(a.anchor.end)?);
                Some(a)
            })
            .collect();
        let bookmarks = bookmarks
            .into_iter()
            .filter_map(|mut b| {
                b.position = in_part(b.position as usize)? as u64;
                Some(b)
            })
            .collect();
        let marks = Written {
            annotations,
            bookmarks,
            replies,
            ..Written::default()
        };
        let marks = self.marks_for(&doc, marks);
        let anchor = doc.byte_of(in_part(position).unwrap_or(0));
        let reader = self.reader_on(self.as_shown(doc), anchor);
        let file = Some(pending.path().to_path_buf());
        self.open = Some(Open::new(id, file, reader, marks, Some(Box::new(pending))));
        self.screen = Screen::Reader;
        self.overlay = None;
        self.message = None;
        self.refresh_audience();
    }

    /// Once a long book's rest is read (`wait`: blocking until it is), records the whole in
    /// the library, puts it under the reader (which stays where it is) with every annotation,
    /// and does what was asked for meanwhile. Returns true if it did.
    pub(in crate::app) fn finish_opening(&mut self, wait: bool) -> bool {
        let Some(pending) = self.open.as_mut().and_then(|o| o.pending.as_mut()) else {
            return false;
        };
        let read = if wait {
            Some(pending.loading.wait())
        } else {
            pending.loading.poll()
        };
        let Some(read) = read else {
            return false;
        };
        let registered = read
            .map_err(OpenError::from)
            .and_then(|doc| pending.register(&mut self.store, doc, self.now));
        let opened = match registered {
            Ok(opened) => opened,
            Err(err) => {
                self.open = None;
                self.screen = Screen::Library;
                self.say(Tone::Error, err.to_string());
                return true;
            }
        };
        let Some(mut open) = self.open.take() else {
            return false;
        };
        let part = open.part();
        open.pending = None;
        let deferred = std::mem::take(&mut open.deferred);
        let arrived = self.arrive(opened);
        let (doc, entry, draft) = (self.as_shown(arrived.doc), arrived.entry, arrived.draft);
        let showing = std::mem::take(&mut open.marks.showing);
        open.marks = arrived.written.marks(&doc);
        open.marks.showing = showing;
        let untouched = open.reader.anchor() == 0 && open.reader.cursor().is_none();
        if let Some(part) = part {
            // The reader goes on where they are in the part, now in the whole.
            let anchor = part.to_whole(open.reader.doc(), open.reader.anchor(), &doc);
            open.reader = self.reader_on(doc, anchor);
        } else if open.id.is_none() && untouched && entry.position > 0 {
            // A book known by its text but not by its file (moved, or read before files were
            // stamped) opens at its place once that place is known.
            let anchor = doc.byte_of(entry.position as usize);
            open.reader = self.reader_on(doc, anchor);
        } else {
            open.reader.extend_document(doc);
        }
        open.id = Some(entry.id);
        self.open = Some(open);
        if self.screen == Screen::Reader && self.overlay.is_none() {
            self.overlay = draft.map(|draft| Overlay::Draft(DraftOffer { draft }));
        }
        self.save_position();
        self.keep_window();
        self.refresh_entries();
        self.refresh_audience();
        self.index_in_background();
        for action in deferred {
            self.update(action);
        }
        if self.message.is_none() && !arrived.notes.is_empty() {
            self.say(Tone::Warning, arrived.notes.join("; "));
        }
        true
    }

    /// What the store holds for a text that has just been read whole, and what to tell the
    /// reader about it.
    fn arrive(&mut self, opened: Opened) -> Arrived {
        let (doc, entry, waited) = (opened.doc, opened.entry, opened.waited);
        let mut notes = doc.warnings.clone();
        if let Some(carried) = opened.changed {
            let text = changed_file_message(carried);
            notes.push(self.keymap.fill(Mode::Reader, &text));
        }
        notes.extend(waited.map(|placed| format!("notes waiting for this text: {placed}")));
        let written = match self.take_early(entry.id) {
            Some(written) => Ok(written),
            None => self.load_marks(entry.id),
        };
        let loaded = written.and_then(|written| Ok((written, self.store.draft(entry.id)?)));
        let (written, draft) = match loaded {
            Ok(loaded) => loaded,
            Err(err) => {
                notes.push(format!("could not load your annotations: {err}"));
                Default::default()
            }
        };
        Arrived {
            doc,
            entry,
            written,
            draft,
            notes,
        }
    }

    /// Marks for a newly opened text; whose annotations are shown carries over from the text
    /// open before, while it can.
    pub(in crate::app) fn marks_for(&mut self, doc: &Document, written: Written) -> Marks {
        let mut marks = written.marks(doc);
        marks.showing = match self.open.take().map(|o| o.marks.showing) {
            Some(Showing::Author(x)) if !marks.has_member(&x) => Showing::Everyone,
            Some(showing) => showing,
            None => Showing::Everyone,
        };
        marks
    }

    pub(in crate::app) fn show(&mut self, opened: Opened) {
        let arrived = self.arrive(opened);
        let (doc, entry, notes) = (arrived.doc, arrived.entry, arrived.notes);
        let marks = self.marks_for(&doc, arrived.written);
        let anchor = doc.byte_of(entry.position as usize);
        let reader = self.reader_on(self.as_shown(doc), anchor);
        self.open = Some(Open::new(
            Some(entry.id),
            entry.path.clone(),
            reader,
            marks,
            None,
        ));
        self.screen = Screen::Reader;
        self.overlay = arrived
            .draft
            .map(|draft| Overlay::Draft(DraftOffer { draft }));
        self.message = None;
        if !notes.is_empty() {
            self.say(Tone::Warning, notes.join("; "));
        }
        self.save_position();
        self.keep_window();
        self.offer_first_hint();
        self.refresh_entries();
        self.refresh_audience();
        if let Some(row) = self
            .library
            .iter()
            .position(|e| e.id == entry.id)
            .and_then(|i| self.shelf.row_of(i))
        {
            self.selected = row;
        }
        self.index_in_background();
    }

    /// Writes the reading position if it moved, with its landmark in a plain text's file.
    /// Every page turn lands here; but not those in the part of a long text shown while the
    /// whole is read: the place in the whole is saved once the whole is there.
    pub(in crate::app) fn save_position(&mut self) {
        let Some(open) = self.open.as_mut() else {
            return;
        };
        let anchor = open.reader.anchor();
        if anchor == open.saved || open.part().is_some() {
            return;
        }
        let Some(id) = open.id else {
            return;
        };
        let doc = open.reader.doc();
        let chars = doc.char_of(anchor) as u64;
        let landmark = doc.format.row().landmarks.then(|| doc.landmark(anchor));
        let at_end = open.reader.at_end();
        match self
            .store
            .save_position(id, chars, landmark.as_ref(), at_end, self.now)
        {
            Ok(()) => open.saved = anchor,
            Err(err) => {
                let text = format!("could not save your place: {err}");
                self.say(Tone::Error, text);
            }
        }
    }

    /// While a long book's rest is read, an action that needs the whole book (its contents, a
    /// search, an annotation, the page after the beginning...) waits for it; reading the
    /// beginning does not. Returns true if `action` waits.
    pub(in crate::app) fn defer_until_opened(&mut self, action: Action) -> bool {
        let mode = self.mode();
        let Some(open) = self.open.as_mut() else {
            return false;
        };
        let Some(progress) = open.opening() else {
            return false;
        };
        if self.screen != Screen::Reader || !matches!(mode, Mode::Reader | Mode::Cursor) {
            return false;
        }
        let forward = matches!(
            action,
            Action::NextPage | Action::LineDown | Action::WheelDown
        );
        let backward = matches!(action, Action::PrevPage | Action::LineUp | Action::WheelUp);
        let reads_part = matches!(
            action,
            Action::Help
                | Action::Close
                | Action::ScrollRight
                | Action::ScrollLeft
                | Action::Back
                | Action::Library
        ) || (forward && !open.reader.at_end())
            || (backward && !open.reader.at_start());
        let reads_beginning = matches!(
            action,
            Action::Help
                | Action::Close
                | Action::PrevPage
                | Action::LineUp
                | Action::ScrollRight
                | Action::ScrollLeft
                | Action::WheelUp
                | Action::DocStart
                | Action::Move(_)
                | Action::Select
                | Action::SelectParagraph
                | Action::Press(..)
                | Action::Drag(..)
                | Action::Back
                | Action::Library
        ) || (forward && !open.reader.at_end());
        let reads_shown = if open.part().is_some() {
            reads_part
        } else {
            reads_beginning
        };
        // Once one action waits, those after it wait too, to keep their order.
        if reads_shown && open.deferred.is_empty() {
            return false;
        }
        if open.deferred.len() < MAX_DEFERRED {
            open.deferred.push(action);
        }
        let percent = (progress * 100.0).floor();
        let what = if open.part().is_some() {
            "the whole text"
        } else {
            "the rest of the book"
        };
        self.say(Tone::Info, format!("opening {what}: {percent}%…"));
        true
    }
}

/// A text read whole, with what the store holds for it.
struct Arrived {
    doc: Document,
    entry: LibraryEntry,
    written: Written,
    draft: Option<Draft>,
    /// Warnings about the file and what changed in it since last time.
    notes: Vec<String>,
}

/// What to tell the reader when a file's text changed since they last read it: what happened
/// to the annotations first (the line is cut at the terminal's width), only the counts that
/// are not zero.
fn changed_file_message(carried: library::CarriedOver) -> String {
    let total = carried.exact + carried.approximate + carried.unsure + carried.orphaned;
    if total == 0 {
        return "this file changed since you last read it: your place is approximate".to_string();
    }
    let parts: Vec<String> = [
        (carried.exact, "exactly"),
        (carried.approximate, "approximately"),
        (carried.unsure, "to check"),
        (carried.orphaned, "orphaned: see [next-match]"),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, how)| format!("{n} {how}"))
    .collect();
    format!(
        "the file changed: {} carried over ({}); your place is approximate",
        crate::group::counted(total, "annotation", "annotations"),
        parts.join(", ")
    )
}
