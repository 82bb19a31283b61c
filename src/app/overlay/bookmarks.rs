//! The bookmarks of the open text: jumping to one, removing one (undoable).

use std::collections::HashMap;

use super::list::{List, Step};
use crate::annotation::BookmarkId;
use crate::app::Action;
use crate::app::effect::Effect;
use crate::app::marks::Marks;

pub struct Bookmarks {
    /// Each bookmark and the byte it is at, in the order of `Marks::bookmarks`.
    pub list: List<(BookmarkId, usize)>,
    /// The page of each byte a bookmark is at, as the status bar numbered it there.
    pub pages: HashMap<usize, u64>,
}

impl Bookmarks {
    pub fn new(marks: &Marks, pages: HashMap<usize, u64>) -> Bookmarks {
        let mut bookmarks = Bookmarks {
            list: List::new(Vec::new()),
            pages,
        };
        bookmarks.refresh(marks);
        bookmarks
    }

    /// The bookmarks as they are now (after one was removed, or brought back).
    pub fn refresh(&mut self, marks: &Marks) {
        let items = marks.bookmarks.iter().map(|(b, at)| (b.id, *at)).collect();
        self.list.set_items(items);
    }

    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        if self.list.step(action) != Step::Other {
            return Vec::new();
        }
        let selected = self.list.selected().copied();
        match (action, selected) {
            (Action::Close | Action::Bookmarks, _) => vec![Effect::Close],
            (Action::Open, Some((_, at))) => {
                vec![Effect::Close, Effect::JumpTo { at, cursor: false }]
            }
            (Action::Delete, Some((id, _))) => {
                self.list.selected = self.list.selected.saturating_sub(1);
                vec![Effect::DeleteBookmark(id)]
            }
            (Action::Undo, _) => vec![Effect::Undo],
            (Action::Redo, _) => vec![Effect::Redo],
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::Bookmark;
    use crate::document::{Document, DocumentId, Format};

    #[test]
    fn a_bookmark_is_gone_to_or_removed() {
        let doc = Document::from_text("One two three four.", "t.txt", Format::TEXT);
        let mut marks = Marks::new(&doc, Vec::new(), Vec::new());
        for (id, at) in [(1, 4), (2, 8)] {
            let bookmark = Bookmark {
                id: BookmarkId(id),
                document: DocumentId(1),
                position: at as u64,
                label: String::new(),
                created_at: 0,
            };
            marks.put_bookmark(bookmark, at);
        }
        let mut bookmarks = Bookmarks::new(&marks, HashMap::new());
        bookmarks.update(Action::Bottom);
        assert!(matches!(
            bookmarks.update(Action::Open).as_slice(),
            [
                Effect::Close,
                Effect::JumpTo {
                    at: 8,
                    cursor: false
                }
            ]
        ));
        assert!(matches!(
            bookmarks.update(Action::Delete).as_slice(),
            [Effect::DeleteBookmark(BookmarkId(2))]
        ));
        marks.remove_bookmark(BookmarkId(2));
        bookmarks.refresh(&marks);
        assert_eq!(bookmarks.list.selected(), Some(&(BookmarkId(1), 4)));
        assert!(matches!(
            bookmarks.update(Action::Undo).as_slice(),
            [Effect::Undo]
        ));
    }
}
