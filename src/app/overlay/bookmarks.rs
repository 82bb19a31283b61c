//! The bookmarks of the open text: jumping to one, removing one (undoable).

use super::list::{List, Step};
use crate::annotation::BookmarkId;
use crate::app::Action;
use crate::app::effect::Effect;
use crate::app::marks::Marks;

pub struct Bookmarks {
    /// Each bookmark and the byte it is at, in the order of `Marks::bookmarks`.
    pub list: List<(BookmarkId, usize)>,
}

impl Bookmarks {
    pub fn new(marks: &Marks) -> Bookmarks {
        let mut bookmarks = Bookmarks {
            list: List::new(Vec::new()),
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
