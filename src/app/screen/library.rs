//! The library screen: the list of texts, and what can be started from it.

use crate::app::{Action, App, Overlay, Screen, Tone, moved};
use crate::library;

impl App {
    pub(in crate::app) fn update_library(&mut self, action: Action) {
        if let Some(to) = moved(self.selected, self.library.len(), action) {
            self.selected = to;
            return;
        }
        match action {
            Action::Open => self.open_selected(),
            Action::Help => self.overlay = Some(Overlay::Help { scroll: 0 }),
            Action::Library if self.open.is_some() => self.screen = Screen::Reader,
            Action::Review => self.start_review(),
            Action::Cards => self.open_card_browser(),
            Action::Stats => self.show_stats(),
            Action::Export => self.ask_export(),
            Action::Import => self.ask_import(),
            Action::SearchLibrary => self.ask_library_search(),
            Action::News => self.show_news(),
            Action::OpenFile => self.ask_open_file(),
            Action::Delete => {
                if let Some(entry) = self.library.get(self.selected) {
                    self.overlay = Some(Overlay::Remove(entry.clone()));
                }
            }
            _ => {}
        }
    }

    pub(in crate::app) fn refresh_library(&mut self) {
        match self.store.library() {
            Ok(entries) => self.library = entries,
            Err(err) => self.say(Tone::Error, err.to_string()),
        }
        match self.store.news_counts() {
            Ok(news) => self.news = news,
            Err(err) => self.say(Tone::Error, err.to_string()),
        }
        self.selected = self.selected.min(self.library.len().saturating_sub(1));
    }

    /// The answer to "remove this text from the library?".
    pub(in crate::app) fn update_remove(&mut self, action: Action) {
        let Some(Overlay::Remove(entry)) = self.overlay.take() else {
            return;
        };
        match action {
            Action::Yes => {
                let result = self.store.remove_document(entry.id, false, self.now);
                if let Some((notes, cards)) = self.saved(result) {
                    if self.open.as_ref().is_some_and(|o| o.id == Some(entry.id)) {
                        self.open = None;
                    }
                    self.refresh_library();
                    self.say(
                        Tone::Info,
                        library::removed(&entry.title, notes, cards, false),
                    );
                }
            }
            Action::No | Action::Close => {}
            // Any other key: the question stays.
            _ => self.overlay = Some(Overlay::Remove(entry)),
        }
    }

    /// Opens the text read last (the settings' `start = "last"`); the library if none was.
    pub fn open_last_read(&mut self) {
        let last = self
            .library
            .iter()
            .enumerate()
            .filter_map(|(i, e)| Some((e.last_read_at?, i)))
            .max();
        if let Some((_, i)) = last {
            self.selected = i;
            self.open_selected();
        }
    }
}
