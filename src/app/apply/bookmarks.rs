//! Bookmarks of the open text: adding one at the top of the page (with a label), the list,
//! jumping to one, removing one (undoable).

use crate::app::undo::Change;
use crate::app::{Action, App, Ask, Mode, Overlay, Tone, moved};

impl App {
    /// `m`: asks for the new bookmark's label.
    pub(in crate::app) fn ask_bookmark(&mut self) {
        self.overlay = Some(Overlay::Prompt {
            input: String::new(),
            ask: Ask::BookmarkLabel,
        });
    }

    /// `'`: the bookmarks of the open text.
    pub(in crate::app) fn open_bookmarks(&mut self) {
        let has = self
            .open
            .as_ref()
            .is_some_and(|o| !o.marks.bookmarks.is_empty());
        if has {
            self.overlay = Some(Overlay::Bookmarks { selected: 0 });
        } else {
            let add = self.key(Mode::Reader, Action::Bookmark);
            self.say(
                Tone::Info,
                format!("no bookmarks in this text yet: {add} adds one"),
            );
        }
    }

    pub(in crate::app) fn add_bookmark(&mut self, label: &str) {
        let Some(open) = self.open.as_ref() else {
            return;
        };
        let (Some(id), at) = (open.id, open.reader.anchor()) else {
            return;
        };
        let position = open.reader.doc().char_of(at) as u64;
        let result = self.store.add_bookmark(id, position, label, self.now);
        if let Some(bookmark) = self.saved(result)
            && let Some(open) = self.open.as_mut()
        {
            let id = bookmark.id;
            open.marks.put_bookmark(bookmark, at);
            open.remember(Change::BookmarkAdded(id));
            self.say_keyed(Tone::Info, "bookmarked: [bookmarks] lists bookmarks");
        }
    }

    pub(in crate::app) fn reload_bookmarks(&mut self) {
        let Some(open) = self.open.as_ref() else {
            return;
        };
        let Some(id) = open.id else {
            return;
        };
        let found = self.store.bookmarks(id, false);
        if let Some(bookmarks) = self.saved(found)
            && let Some(open) = self.open.as_mut()
        {
            let doc = open.reader.doc().clone();
            open.marks.bookmarks = bookmarks
                .into_iter()
                .map(|b| {
                    let at = doc.byte_of(b.position as usize);
                    (b, at)
                })
                .collect();
        }
    }

    pub(in crate::app) fn update_bookmarks(&mut self, action: Action) {
        let Some(Overlay::Bookmarks { selected }) = self.overlay.as_mut() else {
            return;
        };
        let Some(open) = self.open.as_mut() else {
            return;
        };
        if let Some(to) = moved(*selected, open.marks.bookmarks.len(), action) {
            *selected = to;
            return;
        }
        match action {
            Action::Close | Action::Bookmarks => self.overlay = None,
            Action::Open => {
                if let Some(&(_, at)) = open.marks.bookmarks.get(*selected) {
                    open.reader.jump_to(at);
                }
                self.overlay = None;
            }
            Action::Delete => {
                let Some(id) = open.marks.bookmarks.get(*selected).map(|(b, _)| b.id) else {
                    return;
                };
                *selected = selected.saturating_sub(1);
                let result = self.store.set_bookmark_deleted(id, true, self.now);
                if self.saved(result).is_some()
                    && let Some(open) = self.open.as_mut()
                {
                    open.marks.remove_bookmark(id);
                    open.remember(Change::BookmarkDeleted(id));
                    if open.marks.bookmarks.is_empty() {
                        self.overlay = None;
                    }
                    let undo = self.key(Mode::Bookmarks, Action::Undo);
                    self.say(Tone::Info, format!("bookmark removed: {undo} to undo"));
                }
            }
            Action::Undo => self.undo(),
            Action::Redo => self.redo(),
            _ => {}
        }
    }
}
