//! Bookmarks of the open text: adding one at the top of the page (with a label), the list,
//! jumping to one, removing one (undoable).

use crate::annotation::BookmarkId;
use crate::app::overlay::bookmarks::Bookmarks;
use crate::app::overlay::prompt::Prompt;
use crate::app::undo::Change;
use crate::app::{Action, App, Ask, Mode, Overlay, Tone};

impl App {
    /// `m`: asks for the new bookmark's label.
    pub(in crate::app) fn ask_bookmark(&mut self) {
        self.overlay = Some(Overlay::Prompt(Prompt::new(Ask::BookmarkLabel)));
    }

    /// `'`: the bookmarks of the open text.
    pub(in crate::app) fn open_bookmarks(&mut self) {
        let Some(open) = self.open.as_mut() else {
            return;
        };
        if !open.marks.bookmarks.is_empty() {
            let pages = open
                .marks
                .bookmarks
                .iter()
                .map(|(_, at)| (*at, open.reader.page_at(*at)))
                .collect();
            let bookmarks = Bookmarks::new(&open.marks, pages);
            self.overlay = Some(Overlay::Bookmarks(bookmarks));
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

    /// Removes a bookmark (undo brings it back).
    pub(in crate::app) fn delete_bookmark(&mut self, id: BookmarkId) {
        let result = self.store.set_bookmark_deleted(id, true, self.now);
        if self.saved(result).is_some()
            && let Some(open) = self.open.as_mut()
        {
            open.marks.remove_bookmark(id);
            open.remember(Change::BookmarkDeleted(id));
            self.say_keyed(Tone::Info, "bookmark removed: [undo] to undo");
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
}
