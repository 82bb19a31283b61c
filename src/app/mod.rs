//! Application state and the actions that change it. No terminal here: the TUI turns keys into
//! [`Action`]s, calls [`App::update`], and draws what this module holds.
//!
//! `update` is the router: an action goes to the overlay on screen, else to the screen under it.
//!
//! - vocabulary and layout: `action` (actions, modes, screens, messages), `geometry`;
//! - `overlay/`: each overlay's state and its `update`, which never sees the App: it reads the
//!   open text through a [`effect::Ctx`] and returns [`effect::Effect`]s;
//! - `apply/`: the effect applier, the only code that writes to the store, opens texts and
//!   moves the reader;
//! - `screen/`: the library, the reader (its search, copying, pictures) and the review;
//! - what they act on: `opening` (a text and its place), `reader` (pages and the cursor),
//!   `marks` (annotations placed on the text), `find`, `undo` (one history of changes to
//!   annotations, bookmarks and cards), `field` (a text being typed), `keymap`.

mod action;
mod apply;
mod complete;
pub mod effect;
pub mod field;
pub mod find;
mod geometry;
pub mod indexing;
pub mod keymap;
pub mod marks;
mod opening;
pub mod overlay;
pub mod reader;
mod screen;
pub mod shelf;
mod undo;

pub use action::{Action, Ask, Message, Mode, Screen, Tone};
pub use field::{EditKey, Key};
pub use geometry::{
    DEFAULT_MEASURE, Geometry, MARGIN_NOTES_WIDTH, MIN_HEIGHT, MIN_WIDTH, too_small,
};
pub use opening::Open;
pub use overlay::Overlay;
pub use reader::cursor::Motion;
pub use screen::review;

use crate::clock;
use crate::document::LibraryEntry;
use crate::library;
use crate::store::Store;
use find::Find;
use keymap::Keymap;
use overlay::help;
use screen::review::Review;

/// Actions kept while a book's rest is read (the shell holds further keys while one waits).
const MAX_DEFERRED: usize = 16;
/// Rows a mouse wheel notch scrolls.
const WHEEL_ROWS: i32 = 3;

/// The pages of the statistics screen, in order: what is due and done lately, the history of a
/// year, the memory of the cards.
pub const STATS_PAGES: [&str; 3] = ["Overview", "History", "Memory"];

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
    /// Which of them the library shows, in which order; `selected` is a row of it.
    pub shelf: shelf::Shelf,
    /// How many things are new from the reading group on each text.
    pub news: std::collections::HashMap<crate::document::DocumentId, usize>,
    /// Notes imported from other tools waiting for a text not in the library: each book's
    /// title and how many.
    pub waiting: Vec<(String, usize)>,
    /// The decks, with what each has today.
    pub decks: Vec<(String, crate::srs::queue::Counts)>,
    pub selected: usize,
    open: Option<Open>,
    pub screen: Screen,
    /// The review session, while one is going (it survives a visit to a card's passage).
    pub review: Option<Box<Review>>,
    /// The statistics on screen, and the screen to go back to.
    pub stats: Option<Box<crate::srs::stats::Stats>>,
    /// Which page of the statistics is shown (see [`STATS_PAGES`]).
    pub stats_page: usize,
    stats_return: Screen,
    /// The screen a review was started from, which ending it returns to.
    review_return: Screen,
    pub overlay: Option<Overlay>,
    pub message: Option<Message>,
    /// The effective keymap: what each key does in each mode, for the shell and the help.
    keymap: Keymap,
    /// What `y` or `Y` copied, until the TUI puts it on the clipboard.
    clipboard: Option<String>,
    /// A text being put in the search index in the background.
    indexing: Option<indexing::Indexing>,
    /// What is written on a text being opened, read while it is parsed.
    early: Option<apply::window::EarlyRead>,
    /// The cells the terminal draws pictures in; `None`: placeholders.
    picture_cell: Option<(u16, u16)>,
    /// The terminal puts right-to-left lines in visual order itself (the `bidi` setting).
    pub terminal_reorders: bool,
    /// Rubies' readings are shown after their text (the `ruby` setting), else hidden.
    pub show_readings: bool,
    /// The address of the link Enter was last pressed on, which Enter again opens.
    offered_address: Option<String>,
    /// A picture on its way to the system's viewer.
    viewing: Option<screen::pictures::Viewing>,
    quit: bool,
}

impl App {
    /// An app on `store`, showing the library; `measure` is the widest text column.
    pub fn new(store: Store, measure: u16) -> App {
        App::with_clock(store, measure, clock::now)
    }

    /// An app that reads the time from `clock` (unix seconds).
    pub fn with_clock(mut store: Store, measure: u16, clock: fn() -> i64) -> App {
        let message = library::register_bundled(&mut store, clock())
            .err()
            .map(|err| Message {
                text: err.to_string(),
                tone: Tone::Error,
            });
        App::build(store, measure, clock, message)
    }

    /// An app on `store`, whose bundled texts are registered already (the program registers
    /// them once, for every command).
    pub fn on_library(store: Store, measure: u16) -> App {
        App::build(store, measure, clock::now, None)
    }

    fn build(store: Store, measure: u16, clock: fn() -> i64, message: Option<Message>) -> App {
        let now = clock();
        let mut app = App {
            store,
            clock,
            now,
            measure: measure.max(MIN_WIDTH),
            size: (80, 24),
            library: Vec::new(),
            shelf: shelf::Shelf::default(),
            news: Default::default(),
            waiting: Vec::new(),
            decks: Vec::new(),
            selected: 0,
            open: None,
            screen: Screen::Library,
            review: None,
            stats: None,
            stats_page: 0,
            stats_return: Screen::Library,
            review_return: Screen::Library,
            overlay: None,
            message,
            keymap: Keymap::default(),
            clipboard: None,
            indexing: None,
            early: None,
            picture_cell: None,
            terminal_reorders: false,
            show_readings: true,
            offered_address: None,
            viewing: None,
            quit: false,
        };
        app.refresh_library();
        app
    }

    /// The key that does `action` in `mode`, as the help writes it, for messages that name
    /// one; an action with no key is named as a keymap file names it.
    pub(super) fn key(&self, mode: Mode, action: Action) -> String {
        self.keymap
            .key_for(mode, action)
            .unwrap_or_else(|| format!("\"{}\"", keymap::action_name(action)))
    }

    /// A text is open (the library's "back to the text" applies).
    pub fn has_open_text(&self) -> bool {
        self.open.is_some()
    }

    /// The keymap in effect, with the user's keys applied.
    pub fn keymap(&self) -> &Keymap {
        &self.keymap
    }

    /// Uses `keymap` from now on (the defaults with the user's `keys.toml` applied).
    pub fn set_keymap(&mut self, keymap: Keymap) {
        self.keymap = keymap;
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
            Some(overlay) => overlay.mode(),
            None => self.base_mode(),
        }
    }

    /// The screen under any overlay.
    pub fn base_mode(&self) -> Mode {
        match self.screen {
            Screen::Review => Mode::Review,
            Screen::Stats => Mode::Stats,
            Screen::Library if self.shelf.typing => Mode::Filter,
            Screen::Library => Mode::Library,
            Screen::Reader => match self.reading() {
                Some(open) if open.reader.cursor().is_some() => Mode::Cursor,
                _ => Mode::Reader,
            },
        }
    }

    /// Background work is running; the event loop should call [`App::tick`] soon.
    pub fn busy(&self) -> bool {
        self.indexing.is_some()
            || self.viewing.is_some()
            || self.open.as_ref().is_some_and(|o| {
                o.pending.is_some()
                    || o.reader.is_counting()
                    || o.around.is_some()
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
        self.count_members();
        if let Some(open) = self.open.as_mut() {
            open.reader.wait_for_count();
            if let Some(find) = open.find.as_mut() {
                find.wait();
            }
        }
        self.follow_find();
        self.settle_window();
    }

    /// The interface is ending (a signal such as SIGTERM or SIGHUP, the terminal gone, or a
    /// quit): what is being typed is kept as a draft.
    pub fn stop(&mut self) {
        self.save_draft(true);
    }

    /// Periodic work: picks up background results and saves the note being typed as a draft.
    /// Returns true if the screen should be redrawn.
    pub fn tick(&mut self) -> bool {
        self.now = (self.clock)();
        self.save_draft(false);
        // The library shows the indexing's progress as it goes.
        let indexed =
            self.poll_indexing() || (self.indexing.is_some() && self.screen == Screen::Library);
        let opened = self.finish_opening(false) | indexed | self.poll_viewing() | self.poll_group();
        let Some(open) = self.open.as_mut() else {
            return opened;
        };
        let counted = opened | open.reader.poll();
        let found = open.find.as_mut().is_some_and(Find::poll);
        if found {
            self.follow_find();
        }
        if opened || found {
            // A text read whole, or a match gone to: the group's annotations around the page.
            self.keep_window();
        }
        if counted {
            self.index_in_background();
        }
        counted || found
    }

    /// Shows a warning in the status bar (a settings file's mistake, at start).
    pub fn warn(&mut self, text: impl Into<String>) {
        self.say(Tone::Warning, text);
    }

    fn say(&mut self, tone: Tone, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            tone,
        });
    }

    /// Whether `action` applies now, for a key bound to it and to another otherwise (`n`:
    /// the next match, else with no search the annotations panel).
    pub fn applies(&self, action: Action) -> bool {
        match action {
            Action::NextMatch | Action::PrevMatch => self.finding(),
            _ => true,
        }
    }

    /// Says `template` with each `[action]` in it as the reader's key for that action (see
    /// [`Keymap::fill`]): a message never names a key by hand.
    fn say_keyed(&mut self, tone: Tone, template: &str) {
        let text = self.keymap.fill(self.mode(), template);
        self.say(tone, text);
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
            return self.quit();
        }
        if self.show_end_early(action) || self.defer_until_opened(action) {
            return;
        }
        let help = match &self.overlay {
            Some(Overlay::Help(h)) => {
                Some(help::shape(h, &self.keymap, self.base_mode(), self.size))
            }
            _ => None,
        };
        if let Some(overlay) = self.overlay.as_mut() {
            let ctx = effect::Ctx {
                help,
                ..effect::Ctx::of(self.open.as_ref())
            };
            let effects = overlay.update(action, &ctx);
            self.apply(effects);
        } else {
            match self.screen {
                Screen::Library => self.update_library(action),
                Screen::Reader => self.update_reader(action),
                Screen::Review => self.update_review(action),
                Screen::Stats => self.update_stats(action),
            }
        }
        self.save_position();
        self.keep_window();
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
        self.keep_window();
    }
}

#[cfg(test)]
mod tests;
