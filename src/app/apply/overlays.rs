//! The small overlays: the help (scrolled) and the one-line prompt (go to, bookmark label,
//! export and import paths, searches), whose answer goes where it was asked for; and where a
//! paste goes.

use crate::app::complete::{complete, expand_home};
use crate::app::{Action, App, Ask, Mode, Overlay, Tone};
use crate::document::sanitize::one_line;

/// A filter is a few words: a longer paste is cut there.
const MOST_PASTED_INTO_A_FILTER: usize = 200;

impl App {
    /// Text pasted (the terminal's bracketed paste): typed, whole and as text, into the editor,
    /// prompt or filter that has the keys; elsewhere it does nothing. Its control characters
    /// and escape sequences are dropped: a paste is never keys.
    pub fn paste(&mut self, text: &str) {
        match (self.mode(), self.overlay.as_mut()) {
            (Mode::Editor, Some(Overlay::Editor(editor))) => editor.paste(text),
            (Mode::CardEditor, Some(Overlay::CardEditor(editor))) => {
                editor.fields[editor.focus].paste(text);
            }
            (Mode::Prompt, Some(Overlay::Prompt { input, ask })) => {
                let room = ask.longest().saturating_sub(input.chars().count());
                input.extend(one_line(text).chars().take(room));
                if *ask == Ask::Find {
                    let query = input.clone();
                    self.search_as_typed(&query);
                }
            }
            (Mode::Filter, _) => {
                for c in one_line(text).chars().take(MOST_PASTED_INTO_A_FILTER) {
                    self.update(Action::Input(c));
                }
            }
            _ => {}
        }
    }

    pub(in crate::app) fn update_help(&mut self, action: Action) {
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

    pub(in crate::app) fn update_prompt(&mut self, action: Action) {
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
            Action::Complete if matches!(ask, Ask::OpenFile | Ask::ExportTo | Ask::ImportFrom) => {
                let keep = match ask {
                    Ask::OpenFile => crate::document::Format::may_name_a_document,
                    _ => |_: &std::path::Path| true,
                };
                let done = complete(input, keep);
                *input = done.input;
                match done.fitting {
                    0 => self.say(Tone::Info, "no file starts so"),
                    1 => {}
                    n => {
                        let more = n - done.candidates.len();
                        let more = if more > 0 {
                            format!(" (+{more})")
                        } else {
                            String::new()
                        };
                        self.say(Tone::Info, format!("{}{more}", done.candidates.join("  ")));
                    }
                }
                return;
            }
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
                    Ask::OpenFile => self.open_file(&input),
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
}

impl App {
    /// `o` in the library: asks for a file to open.
    pub(in crate::app) fn ask_open_file(&mut self) {
        self.overlay = Some(Overlay::Prompt {
            input: String::new(),
            ask: Ask::OpenFile,
        });
    }

    fn open_file(&mut self, input: &str) {
        let path = expand_home(input.trim());
        if input.trim().is_empty() {
            return;
        }
        if let Err(err) = self.open_path(&path) {
            self.say(Tone::Error, format!("{}: {err}", path.display()));
        }
    }
}
