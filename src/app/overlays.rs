//! The small overlays: the help (scrolled) and the one-line prompt (go to, bookmark label,
//! export and import paths, searches), whose answer goes where it was asked for.

use super::{Action, App, Ask, Overlay};

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
}
