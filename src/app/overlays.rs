//! The small overlays: the help (scrolled) and the one-line prompt (go to, bookmark label,
//! export and import paths, searches), whose answer goes where it was asked for.

use super::complete::{complete, expand_home};
use super::{Action, App, Ask, Overlay, Tone};

impl App {
    pub(super) fn update_help(&mut self, action: Action) {
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

    pub(super) fn update_prompt(&mut self, action: Action) {
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
                let done = complete(input);
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
    pub(super) fn ask_open_file(&mut self) {
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
