//! The library screen: the list of texts, and what can be started from it.

use crate::app::effect::Effect;
use crate::app::overlay::confirm::Confirm;
use crate::app::overlay::help::Help;
use crate::app::overlay::list::moved;
use crate::app::{Action, App, Overlay, Screen};
use crate::document::sanitize::fit;
use crate::srs::deck::Scope;

impl App {
    pub(in crate::app) fn update_library(&mut self, action: Action) {
        if let Some(to) = moved(self.selected, self.library.len(), action) {
            self.selected = to;
            return;
        }
        match action {
            Action::Open => self.open_selected(),
            Action::Help => self.overlay = Some(Overlay::Help(Help::default())),
            Action::Library if self.open.is_some() => self.screen = Screen::Reader,
            Action::Review => self.start_review(Some(Scope::Library)),
            Action::Cards => self.open_card_browser(),
            Action::Stats => self.show_stats(),
            Action::Export => self.ask_export(),
            Action::Import => self.ask_import(),
            Action::SearchLibrary => self.ask_library_search(),
            Action::News => self.show_news(),
            Action::OpenFile => self.ask_open_file(),
            Action::Delete => {
                if let Some(entry) = self.library.get(self.selected) {
                    let question = format!(
                        "Remove “{}” from the library? Its annotations and cards are kept, and \
                         come back when it is opened again.",
                        fit(&entry.title, 60)
                    );
                    let yes = Effect::RemoveText(entry.clone());
                    let confirm = Confirm::new(question, ("remove", "keep it"), yes, None);
                    self.overlay = Some(Overlay::Confirm(Box::new(confirm)));
                }
            }
            _ => {}
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
