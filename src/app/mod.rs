//! Application state and the actions that change it. No terminal here: the TUI turns keys into
//! [`Action`]s, calls [`App::update`], and draws what this module holds.
//!
//! `mod.rs` holds the state, the modes and the navigation; `annotate.rs` the highlights, notes,
//! bookmarks and undo; `find.rs` searching the text; `group.rs` the reading group.

mod annotate;
pub mod cards;
pub mod editor;
pub mod field;
pub mod find;
mod footnote;
mod group;
pub mod marks;
pub mod panel;
pub mod reader;
pub mod results;
pub mod review;

use std::sync::Arc;

use crate::annotation::{Annotation, AnnotationId, Bookmark, Draft};
use crate::clock;
use crate::document::Document;
use crate::document::{DocumentId, LibraryEntry};
use crate::library::{self, OpenError, Opened, Pending, Started};
use crate::store::Store;
use annotate::Change;
use cards::CardEditor;
use editor::NoteEditor;
pub use field::{EditKey, Key};
use find::Find;
pub use group::standard_page;
use marks::{Marks, Showing};
use panel::Panel;
use reader::Reader;
pub use reader::cursor::Motion;
use review::Review;

/// The smallest terminal gloss draws in; below it shows a "too small" notice.
pub const MIN_WIDTH: u16 = 20;
pub const MIN_HEIGHT: u16 = 6;
/// Default widest text column, in cells: a comfortable line length for prose.
pub const DEFAULT_MEASURE: u16 = 80;
/// From this terminal width, notes are shown in a column beside the text.
pub const MARGIN_NOTES_WIDTH: u16 = 120;
/// Cells kept blank on each side of the text column, at least.
const MARGIN: u16 = 2;
/// Cells between the text and the notes column.
const NOTES_GAP: u16 = 3;
/// Widest notes column.
const NOTES_MAX: u16 = 48;
/// Actions kept while a book's rest is read (the shell holds further keys while one waits).
const MAX_DEFERRED: usize = 16;
/// Rows a mouse wheel notch scrolls.
const WHEEL_ROWS: i32 = 3;

/// Everything a user can ask for. Keys and mouse events become actions in one place, the keymap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    Help,
    /// Close the open panel or prompt; in the reader, drop the selection, then the cursor.
    Close,
    // Lists: the library, the table of contents, the help, the panels.
    Up,
    Down,
    Top,
    Bottom,
    Open,
    // Reading.
    NextPage,
    PrevPage,
    LineDown,
    LineUp,
    WheelDown,
    WheelUp,
    DocStart,
    DocEnd,
    GoTo,
    Contents,
    Back,
    Library,
    // The cursor and the selection.
    Move(Motion),
    Select,
    SelectParagraph,
    /// Mouse press and drag, at a cell of the terminal.
    Press(u16, u16),
    Drag(u16, u16),
    // Annotating.
    Highlight(u8),
    Annotate,
    Unhighlight,
    Undo,
    ShowNote,
    /// Go to the footnote under the cursor (or in the popup); Back returns.
    FollowNote,
    Annotations,
    Bookmark,
    Bookmarks,
    // In panels.
    Delete,
    EditEntry,
    Filter,
    Reattach,
    Yes,
    No,
    // Line editors: the prompt and the panel's filter.
    Input(char),
    Erase,
    Submit,
    // The note and card editors.
    Edit(EditKey),
    Save,
    NextField,
    PrevField,
    /// Card editor: switch between question/answer and cloze.
    SwitchKind,
    /// Card editor: make the selected words a cloze blank.
    Blank,
    // Searching the text, and the library.
    SearchLibrary,
    Find,
    NextMatch,
    PrevMatch,
    // Reading groups.
    Export,
    Import,
    /// Cycle whose annotations are shown: everyone's, mine, each other member's.
    Whose,
    // Cards and reviews.
    Card,
    Cards,
    Review,
    Reveal,
    Answer(u8),
    OpenSource,
    Suspend,
    Stats,
    /// Ctrl-Z or SIGTSTP: the shell stops the program (after this, which keeps a note being
    /// typed as a draft) until `fg`.
    Background,
    /// The terminal has a new size.
    Resize(u16, u16),
}

/// What has the keyboard, which decides what a key means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    Library,
    /// Reading, no cursor.
    Reader,
    /// Reading with the cursor shown: keys move it and select.
    Cursor,
    Contents,
    Help,
    Prompt,
    Annotations,
    /// Typing the annotations panel's filter.
    Filter,
    Bookmarks,
    Editor,
    /// The editor asks whether to discard unsaved text.
    Confirm,
    /// A note shown in a popup.
    Note,
    /// A book's footnote shown in a popup.
    Footnote,
    /// A draft left by a crash is offered back.
    Draft,
    CardEditor,
    /// The open text's cards.
    Cards,
    /// Results of a library-wide search.
    Results,
    Review,
    Stats,
}

/// The screen under the overlays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Library,
    Reader,
    Review,
    Stats,
}

/// What a prompt's line is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ask {
    GoTo,
    BookmarkLabel,
    /// A file to export notes to.
    ExportTo,
    /// A member's export file, or a shared folder to sync with.
    ImportFrom,
    /// A phrase to find in the text (matches show as it is typed).
    Find,
    /// A query for the whole library and the notes.
    SearchLibrary,
}

impl Ask {
    /// Most characters of an answer: paths may be long.
    fn longest(self) -> usize {
        match self {
            Ask::GoTo | Ask::BookmarkLabel | Ask::Find | Ask::SearchLibrary => 80,
            Ask::ExportTo | Ask::ImportFrom => 4096,
        }
    }
}

pub enum Overlay {
    Help {
        scroll: u16,
    },
    /// Table of contents; `selected` indexes `Document::contents`.
    Contents {
        selected: usize,
    },
    Prompt {
        input: String,
        ask: Ask,
    },
    Annotations(Panel),
    Bookmarks {
        selected: usize,
    },
    Editor(Box<NoteEditor>),
    Note(AnnotationId),
    /// A book's footnote (or endnote), shown from its reference in the text.
    Footnote(crate::document::NoteRef),
    Draft(Draft),
    CardEditor(Box<CardEditor>),
    Cards {
        cards: Vec<crate::srs::card::Card>,
        selected: usize,
    },
    Results(Box<results::Results>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Info,
    Warning,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub tone: Tone,
}

/// Where the text column (and the notes column, on wide terminals) go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Geometry {
    pub text_x: u16,
    pub text_width: u16,
    /// Rows between the title bar and the status bar.
    pub page_height: u16,
    /// The notes column beside the text: x and width.
    pub notes: Option<(u16, u16)>,
}

impl Geometry {
    pub fn new(width: u16, height: u16, measure: u16) -> Geometry {
        let text_width = measure.min(width.saturating_sub(2 * MARGIN)).max(1);
        let page_height = height.saturating_sub(2).max(1);
        if width >= MARGIN_NOTES_WIDTH {
            let notes = (width - text_width - 2 * MARGIN - NOTES_GAP).min(NOTES_MAX);
            let text_x = (width - (text_width + NOTES_GAP + notes)) / 2;
            return Geometry {
                text_x,
                text_width,
                page_height,
                notes: Some((text_x + text_width + NOTES_GAP, notes)),
            };
        }
        Geometry {
            text_x: (width - text_width.min(width)) / 2,
            text_width,
            page_height,
            notes: None,
        }
    }
}

pub fn too_small(width: u16, height: u16) -> bool {
    width < MIN_WIDTH || height < MIN_HEIGHT
}

/// The open document.
pub struct Open {
    /// The text's library entry; `None` while a book read for the first time is still being
    /// read (it is recorded once whole, under the hash of its whole text).
    pub id: Option<DocumentId>,
    pub reader: Reader,
    pub marks: Marks,
    /// Changes that `u` undoes, latest last.
    undo: Vec<Change>,
    /// An orphaned annotation waiting for the reader to select its new passage.
    pub reattaching: Option<AnnotationId>,
    /// Anchor last written to the store, to save only real moves.
    saved: usize,
    /// The search in this text, if any.
    pub find: Option<Find>,
    /// Where the search's first match is looked for from: where the reader was when they
    /// started typing it (Esc goes back there), or the passage a library result opened.
    find_origin: Option<usize>,
    /// The rest of a long book, while it is read; the reader shows its beginning meanwhile.
    pending: Option<Box<Pending>>,
    /// What was asked for that needs the whole book, to do once it is read.
    deferred: Vec<Action>,
}

impl Open {
    fn new(
        id: Option<DocumentId>,
        reader: Reader,
        marks: Marks,
        pending: Option<Box<Pending>>,
    ) -> Open {
        Open {
            id,
            reader,
            marks,
            undo: Vec::new(),
            reattaching: None,
            saved: usize::MAX,
            find: None,
            find_origin: None,
            pending,
            deferred: Vec::new(),
        }
    }

    /// How much of a long book is read, while its rest is being read.
    pub fn opening(&self) -> Option<f64> {
        self.pending.as_ref().map(|p| p.loading.progress())
    }
}

/// A text read whole, with what the store holds for it.
struct Arrived {
    doc: Document,
    entry: LibraryEntry,
    annotations: Vec<Annotation>,
    bookmarks: Vec<Bookmark>,
    draft: Option<Draft>,
    /// Warnings about the file and what changed in it since last time.
    notes: Vec<String>,
}

pub struct App {
    store: Store,
    /// Where the time comes from: the system clock, or a test's.
    clock: fn() -> i64,
    /// The time of the action being handled (or of the last one): what views show ages and
    /// due dates against, so that drawing never reads the clock.
    now: i64,
    measure: u16,
    size: (u16, u16),
    pub library: Vec<LibraryEntry>,
    pub selected: usize,
    open: Option<Open>,
    pub screen: Screen,
    /// The review session, while one is going (it survives a visit to a card's passage).
    pub review: Option<Box<Review>>,
    /// The statistics on screen, and the screen to go back to.
    pub stats: Option<Box<crate::srs::stats::Stats>>,
    stats_return: Screen,
    pub overlay: Option<Overlay>,
    pub message: Option<Message>,
    quit: bool,
}

impl App {
    /// An app on `store`, showing the library; `measure` is the widest text column.
    pub fn new(store: Store, measure: u16) -> App {
        App::with_clock(store, measure, clock::now)
    }

    /// An app that reads the time from `clock` (unix seconds).
    pub fn with_clock(mut store: Store, measure: u16, clock: fn() -> i64) -> App {
        let now = clock();
        let mut message = None;
        if let Err(err) = library::register_bundled(&mut store, now) {
            message = Some(Message {
                text: err.to_string(),
                tone: Tone::Error,
            });
        }
        let mut app = App {
            store,
            clock,
            now,
            measure: measure.max(MIN_WIDTH),
            size: (80, 24),
            library: Vec::new(),
            selected: 0,
            open: None,
            screen: Screen::Library,
            review: None,
            stats: None,
            stats_return: Screen::Library,
            overlay: None,
            message,
            quit: false,
        };
        app.refresh_library();
        app
    }

    /// The time of the action being handled, in unix seconds.
    pub fn now(&self) -> i64 {
        self.now
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    pub fn size(&self) -> (u16, u16) {
        self.size
    }

    pub fn geometry(&self) -> Geometry {
        Geometry::new(self.size.0, self.size.1, self.measure)
    }

    /// The open document, when the reader is showing.
    pub fn reading(&self) -> Option<&Open> {
        self.open.as_ref().filter(|_| self.screen == Screen::Reader)
    }

    pub fn mode(&self) -> Mode {
        match &self.overlay {
            Some(Overlay::Help { .. }) => Mode::Help,
            Some(Overlay::Contents { .. }) => Mode::Contents,
            Some(Overlay::Prompt { .. }) => Mode::Prompt,
            Some(Overlay::Annotations(panel)) if panel.filtering => Mode::Filter,
            Some(Overlay::Annotations(_)) => Mode::Annotations,
            Some(Overlay::Bookmarks { .. }) => Mode::Bookmarks,
            Some(Overlay::Editor(e)) if e.confirm_discard => Mode::Confirm,
            Some(Overlay::Editor(_)) => Mode::Editor,
            Some(Overlay::Note(_)) => Mode::Note,
            Some(Overlay::Footnote(_)) => Mode::Footnote,
            Some(Overlay::Draft(_)) => Mode::Draft,
            Some(Overlay::CardEditor(e)) if e.confirm_discard => Mode::Confirm,
            Some(Overlay::CardEditor(_)) => Mode::CardEditor,
            Some(Overlay::Cards { .. }) => Mode::Cards,
            Some(Overlay::Results(_)) => Mode::Results,
            None => self.base_mode(),
        }
    }

    /// The screen under any overlay.
    pub fn base_mode(&self) -> Mode {
        match self.screen {
            Screen::Review => Mode::Review,
            Screen::Stats => Mode::Stats,
            Screen::Library => Mode::Library,
            Screen::Reader => match self.reading() {
                Some(open) if open.reader.cursor().is_some() => Mode::Cursor,
                _ => Mode::Reader,
            },
        }
    }

    /// Background work is running; the event loop should call [`App::tick`] soon.
    pub fn busy(&self) -> bool {
        self.open.as_ref().is_some_and(|o| {
            o.pending.is_some()
                || o.reader.is_counting()
                || o.find.as_ref().is_some_and(Find::is_running)
        })
    }

    /// An action waits for a book's rest to be read: keys typed meanwhile should wait too, to
    /// mean what they will mean once it is done.
    pub fn waiting(&self) -> bool {
        self.open.as_ref().is_some_and(|o| !o.deferred.is_empty())
    }

    /// Waits for background work to finish (for tests and benchmarks that need exact numbers).
    pub fn wait_for_background(&mut self) {
        self.finish_opening(true);
        if let Some(open) = self.open.as_mut() {
            open.reader.wait_for_count();
            if let Some(find) = open.find.as_mut() {
                find.wait();
            }
        }
        self.follow_find();
    }

    /// The program is being stopped by a signal (SIGTERM, SIGHUP, SIGINT, SIGQUIT): what is
    /// being typed is kept as a draft, as on quitting.
    pub fn stop(&mut self) {
        self.save_draft(true);
    }

    /// Periodic work: picks up background results and saves the note being typed as a draft.
    /// Returns true if the screen should be redrawn.
    pub fn tick(&mut self) -> bool {
        self.now = (self.clock)();
        self.save_draft(false);
        let opened = self.finish_opening(false);
        let Some(open) = self.open.as_mut() else {
            return opened;
        };
        let counted = opened | open.reader.poll();
        let found = open.find.as_mut().is_some_and(Find::poll);
        if found {
            self.follow_find();
        }
        counted || found
    }

    fn say(&mut self, tone: Tone, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            tone,
        });
    }

    fn refresh_library(&mut self) {
        match self.store.library() {
            Ok(entries) => self.library = entries,
            Err(err) => self.say(Tone::Error, err.to_string()),
        }
        self.selected = self.selected.min(self.library.len().saturating_sub(1));
    }

    /// Opens a file given on the command line. Errors are for the caller to print.
    pub fn open_path(&mut self, path: &std::path::Path) -> Result<(), OpenError> {
        let format = crate::document::Format::from_path(path);
        let started = library::start_file(&mut self.store, path, format, self.now)?;
        self.start(started);
        Ok(())
    }

    /// Shows a text opened elsewhere (a file read whole with `--raw`, a fetched page).
    pub fn open_loaded(&mut self, opened: Opened) {
        self.show(opened);
    }

    /// The store, for opening texts before the reader starts.
    pub fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }

    fn open_selected(&mut self) {
        let Some(entry) = self.library.get(self.selected).cloned() else {
            return;
        };
        match library::start_entry(&mut self.store, &entry, self.now) {
            Ok(started) => self.start(started),
            Err(err) => self.say(Tone::Error, err.to_string()),
        }
    }

    fn start(&mut self, started: Started) {
        match started {
            Started::Ready(opened) => self.show(opened),
            Started::Pending(beginning, pending) => self.show_beginning(beginning, pending),
        }
    }

    /// Shows the beginning of a long book while its rest is read: at the place it was left,
    /// with the annotations that fall in the beginning, if the file looks unchanged since.
    fn show_beginning(&mut self, doc: Document, pending: Pending) {
        let id = pending.entry.as_ref().map(|e| e.id);
        let position = pending.entry.as_ref().map_or(0, |e| e.position);
        let (mut annotations, mut bookmarks) = match id {
            Some(id) => self.load_marks(id).unwrap_or_default(),
            None => Default::default(),
        };
        let chars = doc.chars as u64;
        annotations.retain(|a| a.anchor.end as u64 <= chars);
        bookmarks.retain(|b| b.position <= chars);
        let marks = self.marks_for(&doc, annotations, bookmarks);
        let anchor = doc.byte_of(position as usize);
        let g = self.geometry();
        let reader = Reader::new(Arc::new(doc), anchor, g.text_width, g.page_height);
        self.open = Some(Open::new(id, reader, marks, Some(Box::new(pending))));
        self.screen = Screen::Reader;
        self.overlay = None;
        self.message = None;
    }

    /// Once a long book's rest is read (`wait`: blocking until it is), records the whole in
    /// the library, puts it under the reader (which stays where it is) with every annotation,
    /// and does what was asked for meanwhile. Returns true if it did.
    fn finish_opening(&mut self, wait: bool) -> bool {
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
        open.pending = None;
        let deferred = std::mem::take(&mut open.deferred);
        let arrived = self.arrive(opened);
        let (doc, entry, draft) = (Arc::new(arrived.doc), arrived.entry, arrived.draft);
        let showing = std::mem::take(&mut open.marks.showing);
        open.marks = Marks::new(&doc, arrived.annotations, arrived.bookmarks);
        open.marks.showing = showing;
        let untouched = open.reader.anchor() == 0 && open.reader.cursor().is_none();
        if open.id.is_none() && untouched && entry.position > 0 {
            // A book known by its text but not by its file (moved, or read before files were
            // stamped) opens at its place once that place is known.
            let g = self.geometry();
            let anchor = doc.byte_of(entry.position as usize);
            open.reader = Reader::new(doc, anchor, g.text_width, g.page_height);
        } else {
            open.reader.extend_document(doc);
        }
        open.id = Some(entry.id);
        self.open = Some(open);
        if self.screen == Screen::Reader && self.overlay.is_none() {
            self.overlay = draft.map(Overlay::Draft);
        }
        self.save_position();
        self.refresh_library();
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
    fn arrive(&self, opened: Opened) -> Arrived {
        let Opened {
            doc,
            entry,
            changed,
        } = opened;
        let mut notes = doc.warnings.clone();
        if let Some(carried) = changed {
            notes.push(changed_file_message(carried));
        }
        let loaded = self
            .load_marks(entry.id)
            .and_then(|(a, b)| Ok((a, b, self.store.draft(entry.id)?)));
        let (annotations, bookmarks, draft) = match loaded {
            Ok(loaded) => loaded,
            Err(err) => {
                notes.push(format!("could not load your annotations: {err}"));
                Default::default()
            }
        };
        Arrived {
            doc,
            entry,
            annotations,
            bookmarks,
            draft,
            notes,
        }
    }

    /// A text's annotations and bookmarks, from the store.
    fn load_marks(
        &self,
        id: DocumentId,
    ) -> Result<(Vec<Annotation>, Vec<Bookmark>), crate::store::StoreError> {
        Ok((
            self.store.annotations(id)?,
            self.store.bookmarks(id, false)?,
        ))
    }

    /// Marks for a newly opened text; whose annotations are shown carries over from the text
    /// open before, while it can.
    fn marks_for(
        &mut self,
        doc: &Document,
        annotations: Vec<Annotation>,
        bookmarks: Vec<Bookmark>,
    ) -> Marks {
        let mut marks = Marks::new(doc, annotations, bookmarks);
        marks.showing = match self.open.take().map(|o| o.marks.showing) {
            Some(Showing::Author(x)) if !marks.authors().contains(&x) => Showing::Everyone,
            Some(showing) => showing,
            None => Showing::Everyone,
        };
        marks
    }

    fn show(&mut self, opened: Opened) {
        let arrived = self.arrive(opened);
        let (doc, entry, notes) = (arrived.doc, arrived.entry, arrived.notes);
        let marks = self.marks_for(&doc, arrived.annotations, arrived.bookmarks);
        let anchor = doc.byte_of(entry.position as usize);
        let g = self.geometry();
        let reader = Reader::new(Arc::new(doc), anchor, g.text_width, g.page_height);
        self.open = Some(Open::new(Some(entry.id), reader, marks, None));
        self.screen = Screen::Reader;
        self.overlay = arrived.draft.map(Overlay::Draft);
        self.message = None;
        if !notes.is_empty() {
            self.say(Tone::Warning, notes.join("; "));
        }
        self.save_position();
        self.refresh_library();
        if let Some(i) = self.library.iter().position(|e| e.id == entry.id) {
            self.selected = i;
        }
    }

    /// Writes the reading position if it moved. Every page turn lands here.
    fn save_position(&mut self) {
        let Some(open) = self.open.as_mut() else {
            return;
        };
        let anchor = open.reader.anchor();
        if anchor == open.saved {
            return;
        }
        let Some(id) = open.id else {
            return;
        };
        let chars = open.reader.doc().char_of(anchor) as u64;
        match self.store.save_position(id, chars, self.now) {
            Ok(()) => open.saved = anchor,
            Err(err) => {
                let text = format!("could not save your place: {err}");
                self.say(Tone::Error, text);
            }
        }
    }

    pub fn update(&mut self, action: Action) {
        self.now = (self.clock)();
        if let Action::Resize(w, h) = action {
            self.resize(w, h);
            return;
        }
        if action == Action::Background {
            self.save_draft(true);
            return;
        }
        // The "too small" notice hides everything: keys would act blind.
        if too_small(self.size.0, self.size.1) && action != Action::Quit {
            return;
        }
        self.message = None;
        if action == Action::Quit {
            // A book still being read is read to its end first, so that its place is saved.
            self.finish_opening(true);
            // A note being typed is kept as a draft, to be offered back next time.
            self.save_draft(true);
            self.quit = true;
            return;
        }
        if self.defer_until_opened(action) {
            return;
        }
        match self.mode() {
            Mode::Help => self.update_help(action),
            Mode::Contents => self.update_contents(action),
            Mode::Prompt => self.update_prompt(action),
            Mode::Library => self.update_library(action),
            Mode::Reader | Mode::Cursor => self.update_reader(action),
            Mode::Annotations => self.update_annotations(action),
            Mode::Filter => self.update_filter(action),
            Mode::Bookmarks => self.update_bookmarks(action),
            Mode::Editor => self.update_editor(action),
            Mode::Confirm if matches!(self.overlay, Some(Overlay::CardEditor(_))) => {
                self.update_card_confirm(action)
            }
            Mode::Confirm => self.update_confirm(action),
            Mode::CardEditor => self.update_card_editor(action),
            Mode::Cards => self.update_cards(action),
            Mode::Results => self.update_results(action),
            Mode::Review => self.update_review(action),
            Mode::Stats => self.update_stats(action),
            Mode::Note => self.update_note(action),
            Mode::Footnote => self.update_footnote(action),
            Mode::Draft => self.update_draft(action),
        }
        self.save_position();
    }

    /// While a long book's rest is read, an action that needs the whole book (its contents, a
    /// search, an annotation, the page after the beginning...) waits for it; reading the
    /// beginning does not. Returns true if `action` waits.
    fn defer_until_opened(&mut self, action: Action) -> bool {
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
        let reads_beginning = matches!(
            action,
            Action::Help
                | Action::Close
                | Action::PrevPage
                | Action::LineUp
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
        // Once one action waits, those after it wait too, to keep their order.
        if reads_beginning && open.deferred.is_empty() {
            return false;
        }
        if open.deferred.len() < MAX_DEFERRED {
            open.deferred.push(action);
        }
        let percent = (progress * 100.0).floor();
        self.say(
            Tone::Info,
            format!("opening the rest of the book: {percent}%…"),
        );
        true
    }

    fn resize(&mut self, w: u16, h: u16) {
        self.size = (w, h);
        if too_small(w, h) {
            return; // keep the last usable layout until the terminal is large enough again
        }
        let g = self.geometry();
        if let Some(open) = self.open.as_mut() {
            open.reader.set_viewport(g.text_width, g.page_height);
        }
    }

    fn update_help(&mut self, action: Action) {
        let Some(Overlay::Help { scroll }) = self.overlay.as_mut() else {
            return;
        };
        match action {
            Action::Down => *scroll = scroll.saturating_add(1),
            Action::Up => *scroll = scroll.saturating_sub(1),
            Action::Top => *scroll = 0,
            Action::Close | Action::Help => self.overlay = None,
            _ => {}
        }
    }

    fn update_library(&mut self, action: Action) {
        if let Some(to) = moved(self.selected, self.library.len(), action) {
            self.selected = to;
            return;
        }
        match action {
            Action::Open => self.open_selected(),
            Action::Help => self.overlay = Some(Overlay::Help { scroll: 0 }),
            Action::Library if self.open.is_some() => self.screen = Screen::Reader,
            Action::Review => self.start_review(),
            Action::Stats => self.show_stats(),
            Action::Export | Action::Import => self.update_group(action),
            Action::SearchLibrary => self.ask_library_search(),
            _ => {}
        }
    }

    fn update_reader(&mut self, action: Action) {
        let g = self.geometry();
        let Some(open) = self.open.as_mut() else {
            self.screen = Screen::Library;
            return;
        };
        let r = &mut open.reader;
        match action {
            Action::NextPage => r.next_page(),
            Action::PrevPage => r.prev_page(),
            Action::LineDown => r.scroll(1),
            Action::LineUp => r.scroll(-1),
            Action::WheelDown => r.scroll(WHEEL_ROWS),
            Action::WheelUp => r.scroll(-WHEEL_ROWS),
            Action::DocStart => r.jump_to_start(),
            Action::DocEnd => r.jump_to_end(),
            Action::Move(motion) => r.move_cursor(motion),
            Action::Select if r.is_selecting() => r.clear_selection(),
            Action::Select => r.start_selection(),
            Action::SelectParagraph => r.select_paragraph(),
            Action::Press(x, y) | Action::Drag(x, y) => {
                let column = x.checked_sub(g.text_x);
                let offset = column.and_then(|c| r.offset_at(c, y.checked_sub(1)?));
                match (offset, action) {
                    (Some(at), Action::Press(..)) => r.press(at),
                    (Some(at), _) => r.drag(at),
                    _ => {}
                }
            }
            Action::Back if !r.back() => self.say(Tone::Info, "no earlier place to go back to"),
            Action::GoTo => {
                self.overlay = Some(Overlay::Prompt {
                    input: String::new(),
                    ask: Ask::GoTo,
                })
            }
            Action::Contents => self.open_contents(),
            Action::Help => self.overlay = Some(Overlay::Help { scroll: 0 }),
            Action::Close if open.reattaching.is_some() => {
                open.reattaching = None;
                self.say(Tone::Info, "re-attaching cancelled");
            }
            Action::Close if r.is_selecting() => r.clear_selection(),
            Action::Close if r.cursor().is_some() => r.hide_cursor(),
            Action::Close => open.find = None,
            Action::Library => {
                self.screen = Screen::Library;
                self.refresh_library();
            }
            Action::Review => self.start_review(),
            Action::Export | Action::Import | Action::Whose => self.update_group(action),
            Action::Find | Action::NextMatch | Action::PrevMatch => self.update_find(action),
            Action::SearchLibrary => self.ask_library_search(),
            _ => self.annotate(action),
        }
    }

    fn open_contents(&mut self) {
        let Some(open) = self.open.as_ref() else {
            return;
        };
        let r = &open.reader;
        if r.doc().contents.is_empty() {
            self.say(Tone::Info, "this text has no headings");
            return;
        }
        let section = r.section();
        let selected = section.unwrap_or(0);
        self.overlay = Some(Overlay::Contents { selected });
    }

    fn update_contents(&mut self, action: Action) {
        let (Some(Overlay::Contents { selected }), Some(open)) =
            (self.overlay.as_mut(), self.open.as_mut())
        else {
            self.overlay = None;
            return;
        };
        let sections = open.reader.doc().contents.len();
        if let Some(to) = moved(*selected, sections, action) {
            *selected = to;
            return;
        }
        match action {
            Action::Open => {
                if let Some(section) = open.reader.doc().contents.get(*selected) {
                    let start = section.start;
                    open.reader.jump_to(start);
                }
                self.overlay = None;
            }
            Action::Close | Action::Contents => self.overlay = None,
            _ => {}
        }
    }

    fn update_prompt(&mut self, action: Action) {
        let Some(Overlay::Prompt { input, ask }) = self.overlay.as_mut() else {
            return;
        };
        let ask = *ask;
        match action {
            Action::Input(c) if input.chars().count() < ask.longest() => input.push(c),
            Action::Erase => {
                input.pop();
            }
            Action::Close if ask == Ask::Find => {
                self.overlay = None;
                self.cancel_find();
                return;
            }
            Action::Close => self.overlay = None,
            Action::Submit => {
                let input = std::mem::take(input);
                self.overlay = None;
                match ask {
                    Ask::GoTo => self.go_to(&input),
                    Ask::BookmarkLabel => self.add_bookmark(input.trim()),
                    Ask::ExportTo => self.export_to(&input),
                    Ask::ImportFrom => self.import_from(&input),
                    Ask::Find => self.keep_find(),
                    Ask::SearchLibrary => self.search_library(&input),
                }
                return;
            }
            _ => return,
        }
        // Incremental search: every change of the query searches again.
        if let (Ask::Find, Some(Overlay::Prompt { input, .. })) = (ask, &self.overlay) {
            let query = input.clone();
            self.search_as_typed(&query);
        }
    }

    /// Runs a "go to" request: `120` is a page, `50%` a share of the text.
    fn go_to(&mut self, input: &str) {
        let Some(open) = self.open.as_mut() else {
            return;
        };
        let input = input.trim();
        if let Some(percent) = input.strip_suffix('%') {
            match percent.trim().parse::<f64>() {
                Ok(p) if (0.0..=100.0).contains(&p) => open.reader.jump_to_percent(p),
                _ => self.say(
                    Tone::Error,
                    format!("not a percentage from 0 to 100: {input}"),
                ),
            }
        } else {
            match input.parse::<u64>() {
                Ok(page) if page >= 1 => {
                    let estimated = !open.reader.page_number().exact;
                    open.reader.jump_to_page(page);
                    if estimated {
                        self.say(
                            Tone::Info,
                            "pages are still being counted: this is about that page",
                        );
                    }
                }
                _ => self.say(
                    Tone::Error,
                    format!("go to: type a page number (120) or a percentage (50%), not {input:?}"),
                ),
            }
        }
    }
}

/// A list's selection after a move (Down, Up, Top, Bottom) among `len` entries; `None` for any
/// other action.
fn moved(selected: usize, len: usize, action: Action) -> Option<usize> {
    let last = len.saturating_sub(1);
    match action {
        Action::Down => Some((selected + 1).min(last)),
        Action::Up => Some(selected.saturating_sub(1)),
        Action::Top => Some(0),
        Action::Bottom => Some(last),
        _ => None,
    }
}

/// What to tell the reader when a file's text changed since they last read it.
fn changed_file_message(carried: library::CarriedOver) -> String {
    let mut text =
        "this file changed since you last read it: your place is approximate".to_string();
    let total = carried.exact + carried.approximate + carried.orphaned;
    if total > 0 {
        text.push_str(&format!(
            "; {total} annotations carried over ({} exactly, {} approximately, {} orphaned: see n)",
            carried.exact, carried.approximate, carried.orphaned
        ));
    }
    text
}

#[cfg(test)]
mod tests;
