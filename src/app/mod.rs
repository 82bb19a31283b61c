//! Application state and the actions that change it. No terminal here: the TUI turns keys into
//! [`Action`]s, calls [`App::update`], and draws what this module holds.

pub mod marks;
pub mod reader;

use std::sync::Arc;

use crate::clock;
use crate::library::{self, OpenError, Opened};
use crate::store::{DocumentId, LibraryEntry, Store};
use reader::Reader;

/// The smallest terminal gloss draws in; below it shows a "too small" notice.
pub const MIN_WIDTH: u16 = 20;
pub const MIN_HEIGHT: u16 = 6;
/// Default widest text column, in cells: a comfortable line length for prose.
pub const DEFAULT_MEASURE: u16 = 80;
/// Cells kept blank on each side of the text column, at least.
const MARGIN: u16 = 2;
/// Rows a mouse wheel notch scrolls.
const WHEEL_ROWS: i32 = 3;

/// Everything a user can ask for. Keys and mouse events become actions in one place, the keymap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    Help,
    /// Close the open panel or prompt.
    Close,
    // Lists: the library, the table of contents, the help.
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
    // The prompt's line editor.
    Input(char),
    Erase,
    Submit,
    /// The terminal has a new size.
    Resize(u16, u16),
}

/// What has the keyboard, which decides what a key means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    Library,
    Reader,
    Contents,
    Help,
    Prompt,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    Help {
        scroll: u16,
    },
    /// Table of contents; `selected` indexes `Document::headings`.
    Contents {
        selected: usize,
    },
    /// The "go to" prompt.
    Prompt {
        input: String,
    },
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

/// Where the text column goes in a terminal of a given size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Geometry {
    pub text_x: u16,
    pub text_width: u16,
    /// Rows between the title bar and the status bar.
    pub page_height: u16,
}

impl Geometry {
    pub fn new(width: u16, height: u16, measure: u16) -> Geometry {
        let text_width = measure.min(width.saturating_sub(2 * MARGIN)).max(1);
        Geometry {
            text_x: (width - text_width.min(width)) / 2,
            text_width,
            page_height: height.saturating_sub(2).max(1),
        }
    }
}

pub fn too_small(width: u16, height: u16) -> bool {
    width < MIN_WIDTH || height < MIN_HEIGHT
}

/// The open document.
pub struct Open {
    pub id: DocumentId,
    pub reader: Reader,
    /// Anchor last written to the store, to save only real moves.
    saved: usize,
}

pub struct App {
    store: Store,
    measure: u16,
    size: (u16, u16),
    pub library: Vec<LibraryEntry>,
    pub selected: usize,
    open: Option<Open>,
    /// The reader is showing (otherwise the library is).
    reading: bool,
    pub overlay: Option<Overlay>,
    pub message: Option<Message>,
    quit: bool,
}

impl App {
    /// An app on `store`, showing the library; `measure` is the widest text column.
    pub fn new(mut store: Store, measure: u16) -> App {
        let mut message = None;
        if let Err(err) = library::register_bundled(&mut store, clock::now()) {
            message = Some(Message {
                text: err.to_string(),
                tone: Tone::Error,
            });
        }
        let mut app = App {
            store,
            measure: measure.max(MIN_WIDTH),
            size: (80, 24),
            library: Vec::new(),
            selected: 0,
            open: None,
            reading: false,
            overlay: None,
            message,
            quit: false,
        };
        app.refresh_library();
        app
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
        self.open.as_ref().filter(|_| self.reading)
    }

    pub fn mode(&self) -> Mode {
        match (&self.overlay, self.reading) {
            (Some(Overlay::Help { .. }), _) => Mode::Help,
            (Some(Overlay::Contents { .. }), _) => Mode::Contents,
            (Some(Overlay::Prompt { .. }), _) => Mode::Prompt,
            (None, true) => Mode::Reader,
            (None, false) => Mode::Library,
        }
    }

    /// The screen under any overlay.
    pub fn base_mode(&self) -> Mode {
        if self.reading {
            Mode::Reader
        } else {
            Mode::Library
        }
    }

    /// Background work is running; the event loop should call [`App::tick`] soon.
    pub fn busy(&self) -> bool {
        self.open.as_ref().is_some_and(|o| o.reader.is_counting())
    }

    /// Waits for background work to finish (for tests and benchmarks that need exact numbers).
    pub fn wait_for_background(&mut self) {
        if let Some(open) = self.open.as_mut() {
            open.reader.wait_for_count();
        }
    }

    /// Picks up background results; true if the screen should be redrawn.
    pub fn tick(&mut self) -> bool {
        self.open.as_mut().is_some_and(|o| o.reader.poll())
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
        let opened = library::open_file(&mut self.store, path, clock::now())?;
        self.show(opened);
        Ok(())
    }

    fn open_selected(&mut self) {
        let Some(entry) = self.library.get(self.selected).cloned() else {
            return;
        };
        match library::open_entry(&mut self.store, &entry, clock::now()) {
            Ok(opened) => self.show(opened),
            Err(err) => self.say(Tone::Error, err.to_string()),
        }
    }

    fn show(&mut self, opened: Opened) {
        let Opened {
            doc,
            entry,
            changed,
        } = opened;
        let mut notes = doc.warnings.clone();
        if let Some(carried) = changed {
            notes.push(changed_file_message(carried));
        }
        let anchor = doc.byte_of(entry.position as usize);
        let g = self.geometry();
        let reader = Reader::new(Arc::new(doc), anchor, g.text_width, g.page_height);
        self.open = Some(Open {
            id: entry.id,
            reader,
            saved: usize::MAX,
        });
        self.reading = true;
        self.overlay = None;
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
        let chars = open.reader.doc().char_of(anchor) as u64;
        match self.store.save_position(open.id, chars, clock::now()) {
            Ok(()) => open.saved = anchor,
            Err(err) => {
                let text = format!("could not save your place: {err}");
                self.say(Tone::Error, text);
            }
        }
    }

    pub fn update(&mut self, action: Action) {
        if let Action::Resize(w, h) = action {
            self.resize(w, h);
            return;
        }
        self.message = None;
        if action == Action::Quit {
            self.quit = true;
            return;
        }
        match self.mode() {
            Mode::Help => self.update_help(action),
            Mode::Contents => self.update_contents(action),
            Mode::Prompt => self.update_prompt(action),
            Mode::Library => self.update_library(action),
            Mode::Reader => self.update_reader(action),
        }
        self.save_position();
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
        let last = self.library.len().saturating_sub(1);
        match action {
            Action::Down => self.selected = (self.selected + 1).min(last),
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Top => self.selected = 0,
            Action::Bottom => self.selected = last,
            Action::Open => self.open_selected(),
            Action::Help => self.overlay = Some(Overlay::Help { scroll: 0 }),
            Action::Library if self.open.is_some() => self.reading = true,
            _ => {}
        }
    }

    fn update_reader(&mut self, action: Action) {
        let Some(open) = self.open.as_mut() else {
            self.reading = false;
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
            Action::Back if !r.back() => self.say(Tone::Info, "no earlier place to go back to"),
            Action::GoTo => {
                self.overlay = Some(Overlay::Prompt {
                    input: String::new(),
                })
            }
            Action::Contents => {
                if r.doc().headings.is_empty() {
                    self.say(Tone::Info, "this text has no headings");
                } else {
                    let section = r.section();
                    let selected = r
                        .doc()
                        .headings
                        .iter()
                        .position(|&h| Some(h) == section)
                        .unwrap_or(0);
                    self.overlay = Some(Overlay::Contents { selected });
                }
            }
            Action::Help => self.overlay = Some(Overlay::Help { scroll: 0 }),
            Action::Library | Action::Close => {
                self.reading = false;
                self.refresh_library();
            }
            _ => {}
        }
    }

    fn update_contents(&mut self, action: Action) {
        let (Some(Overlay::Contents { selected }), Some(open)) =
            (self.overlay.as_mut(), self.open.as_mut())
        else {
            self.overlay = None;
            return;
        };
        let headings = &open.reader.doc().headings;
        let last = headings.len().saturating_sub(1);
        match action {
            Action::Down => *selected = (*selected + 1).min(last),
            Action::Up => *selected = selected.saturating_sub(1),
            Action::Top => *selected = 0,
            Action::Bottom => *selected = last,
            Action::Open => {
                if let Some(&block) = headings.get(*selected) {
                    let start = open.reader.doc().blocks[block].start;
                    open.reader.jump_to(start);
                }
                self.overlay = None;
            }
            Action::Close | Action::Contents => self.overlay = None,
            _ => {}
        }
    }

    fn update_prompt(&mut self, action: Action) {
        let Some(Overlay::Prompt { input }) = self.overlay.as_mut() else {
            return;
        };
        match action {
            Action::Input(c) if input.chars().count() < 32 => input.push(c),
            Action::Erase => {
                input.pop();
            }
            Action::Close => self.overlay = None,
            Action::Submit => {
                let input = std::mem::take(input);
                self.overlay = None;
                self.go_to(&input);
            }
            _ => {}
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
mod tests {
    use super::*;

    fn app() -> App {
        let mut app = App::new(Store::open_in_memory().unwrap(), DEFAULT_MEASURE);
        app.update(Action::Resize(100, 30));
        app
    }

    fn open_first(app: &mut App) {
        app.update(Action::Open);
        assert_eq!(app.mode(), Mode::Reader, "{:?}", app.message);
        app.wait_for_background();
    }

    #[test]
    fn library_lists_the_bundled_texts_and_opens_one() {
        let mut app = app();
        assert_eq!(app.library.len(), 5);
        assert_eq!(app.mode(), Mode::Library);
        app.update(Action::Down);
        app.update(Action::Open);
        let open = app.reading().unwrap();
        assert_eq!(open.reader.page()[0].start, 0);
    }

    #[test]
    fn the_place_is_saved_on_every_page_turn_and_restored() {
        let mut app = app();
        open_first(&mut app);
        for _ in 0..6 {
            app.update(Action::NextPage);
        }
        let anchor = app.reading().unwrap().reader.anchor();
        assert!(anchor > 0);
        app.update(Action::Library);
        assert_eq!(app.mode(), Mode::Library);
        assert!(app.library[app.selected].position > 0);
        app.update(Action::Open);
        app.wait_for_background();
        assert_eq!(app.reading().unwrap().reader.anchor(), anchor);
        assert_eq!(app.reading().unwrap().reader.page_number().page, 7);
    }

    #[test]
    fn go_to_prompt_pages_percent_and_errors() {
        let mut app = app();
        open_first(&mut app);
        app.update(Action::GoTo);
        assert_eq!(app.mode(), Mode::Prompt);
        for c in "3".chars() {
            app.update(Action::Input(c));
        }
        app.update(Action::Submit);
        assert_eq!(app.reading().unwrap().reader.page_number().page, 3);
        app.update(Action::GoTo);
        for c in "abc".chars() {
            app.update(Action::Input(c));
        }
        app.update(Action::Submit);
        assert_eq!(app.message.as_ref().unwrap().tone, Tone::Error);
        assert_eq!(app.reading().unwrap().reader.page_number().page, 3);
        app.update(Action::GoTo);
        "100%".chars().for_each(|c| app.update(Action::Input(c)));
        app.update(Action::Submit);
        assert!(app.reading().unwrap().reader.at_end());
        app.update(Action::Back);
        assert_eq!(app.reading().unwrap().reader.page_number().page, 3);
    }

    #[test]
    fn contents_jumps_to_a_heading() {
        let mut app = app();
        open_first(&mut app);
        app.update(Action::Contents);
        assert_eq!(app.mode(), Mode::Contents);
        app.update(Action::Down);
        app.update(Action::Down);
        app.update(Action::Open);
        assert_eq!(app.mode(), Mode::Reader);
        let r = &app.reading().unwrap().reader;
        let top = r.page()[0];
        let doc = r.doc();
        let block = &doc.blocks[doc.headings[2]];
        assert_eq!(top.start, block.start);
    }

    #[test]
    fn tiny_terminals_keep_the_last_layout() {
        let mut app = app();
        open_first(&mut app);
        let before = app.reading().unwrap().reader.width();
        app.update(Action::Resize(10, 3));
        assert_eq!(app.reading().unwrap().reader.width(), before);
        app.update(Action::NextPage);
        app.update(Action::Resize(30, 10));
        assert_eq!(app.reading().unwrap().reader.width(), 26);
    }
}
