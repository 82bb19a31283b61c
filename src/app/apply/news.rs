//! What is new from the reading group, inside the reader and the library: a panel of what other
//! members added, changed or replied since the reader last looked (looking marks it seen), each
//! entry opening its text at the passage; and the library's count of news on each text.
use crate::app::marks::Showing;
use crate::app::{Action, App, Overlay, Tone, moved};
use crate::app::news::*;

impl App {
    /// Shows what is new (`W`), and marks it seen: the next look shows only what came since.
    pub(in crate::app) fn show_news(&mut self) {
        let news = self.store.news();
        let Some(items) = self.saved(news) else {
            return;
        };
        if items.is_empty() {
            self.say(
                Tone::Info,
                "nothing new from your group since you last looked",
            );
            return;
        }
        let seen = self.store.mark_news_seen(&items);
        self.saved(seen);
        self.refresh_library();
        self.overlay = Some(Overlay::News(Box::new(NewsList { items, selected: 0 })));
    }

    pub(in crate::app) fn update_news(&mut self, action: Action) {
        let Some(Overlay::News(list)) = self.overlay.as_mut() else {
            return;
        };
        if let Some(to) = moved(list.selected, list.items.len(), action) {
            list.selected = to;
            return;
        }
        match action {
            Action::Open => {
                let item = &list.items[list.selected];
                let (document, at, id) = (item.document, item.position as usize, item.annotation);
                self.overlay = None;
                self.open_at(document, at, None);
                // What is opened is shown, whoever's annotations were.
                if let Some(open) = self.open.as_mut()
                    && let Some(a) = open.marks.annotation(id)
                    && !open.marks.showing.shows(a)
                {
                    open.marks.showing = Showing::Everyone;
                }
            }
            Action::Close | Action::News => self.overlay = None,
            _ => {}
        }
    }
}
