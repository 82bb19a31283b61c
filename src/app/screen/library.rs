//! The library screen: the list of texts, and what can be started from it.

use crate::app::effect::Effect;
use crate::app::overlay::confirm::Confirm;
use crate::app::overlay::help::Help;
use crate::app::overlay::list::moved;
use crate::app::shelf::Shelf;
use crate::app::{Action, App, Overlay, Screen};
use crate::document::sanitize::fit;
use crate::srs::deck::Scope;

impl App {
    pub(in crate::app) fn update_library(&mut self, action: Action) {
        // Typed into the filter: the rows narrow as each key comes.
        if self.shelf.type_key(action) {
            self.selected = 0;
            self.arrange_shelf();
            return;
        }
        if self.shelf.typing {
            return;
        }
        if let Some(to) = moved(self.selected, self.shelf.shown.len(), action) {
            self.selected = to;
            return;
        }
        match action {
            // A click selects the row under it (the list starts on the screen's third row,
            // under the bar and the header).
            Action::Press(_, y) => {
                let on_screen = usize::from(self.size().1.saturating_sub(3));
                let first = Shelf::first_on_screen(self.selected, on_screen);
                let row = usize::from(y).checked_sub(2).map(|r| first + r);
                if let Some(row) = row.filter(|&r| r < self.shelf.shown.len()) {
                    self.selected = row;
                }
            }
            Action::Filter => self.shelf.typing = true,
            // Esc first drops a filter kept with Enter.
            Action::Close if !self.shelf.filter.is_empty() => {
                self.shelf.filter.clear();
                self.arrange_shelf();
            }
            Action::Sort => {
                self.shelf.sort = self.shelf.sort.next();
                self.arrange_shelf();
                self.selected = 0;
                let said = format!("sorted by {}", self.shelf.sort.name());
                self.say(crate::app::Tone::Info, said);
            }
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
                if let Some(entry) = self.selected_entry() {
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
        if let Some(row) = last.and_then(|(_, i)| self.shelf.row_of(i)) {
            self.selected = row;
            self.open_selected();
        }
    }
}
