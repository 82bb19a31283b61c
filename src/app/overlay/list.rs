//! A list on screen, as every list overlay has one: its entries, the selected one, and the
//! filter typed to narrow it. Moves and typing are here once; what an entry opens is the
//! overlay's.

use crate::app::Action;

pub struct List<T> {
    pub items: Vec<T>,
    pub selected: usize,
    /// What is typed to narrow the list (a filter, a query).
    pub filter: String,
    /// Keys go to the filter.
    pub typing: bool,
}

/// What a key did to a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The selection moved, or typing began or ended with the filter unchanged.
    Done,
    /// The filter changed: the overlay narrows its entries again.
    Typed,
    /// Not a list's key: the overlay's own.
    Other,
}

impl<T> List<T> {
    pub fn new(items: Vec<T>) -> List<T> {
        List::at(items, 0)
    }

    /// A list with entry `selected` selected.
    pub fn at(items: Vec<T>, selected: usize) -> List<T> {
        let mut list = List {
            items,
            selected,
            filter: String::new(),
            typing: false,
        };
        list.clamp();
        list
    }

    pub fn selected(&self) -> Option<&T> {
        self.items.get(self.selected)
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// New entries; the selection stays where it was, or on the last.
    pub fn set_items(&mut self, items: Vec<T>) {
        self.items = items;
        self.clamp();
    }

    /// Takes the selected entry out; the one above it is selected.
    pub fn remove_selected(&mut self) -> Option<T> {
        if self.selected >= self.items.len() {
            return None;
        }
        let removed = self.items.remove(self.selected);
        self.selected = self.selected.saturating_sub(1);
        self.clamp();
        Some(removed)
    }

    fn clamp(&mut self) {
        self.selected = self.selected.min(self.items.len().saturating_sub(1));
    }

    /// A key for the list: into the filter while typing (a character, a deletion, Enter done,
    /// Esc cleared and done); else a move, or `Filter` to start typing.
    pub fn step(&mut self, action: Action) -> Step {
        if self.typing {
            return if type_into(&mut self.filter, &mut self.typing, action) {
                Step::Typed
            } else {
                Step::Other
            };
        }
        if action == Action::Filter {
            self.typing = true;
            return Step::Done;
        }
        match moved(self.selected, self.items.len(), action) {
            Some(to) => {
                self.selected = to;
                Step::Done
            }
            None => Step::Other,
        }
    }
}

/// A key typed into a filter: a character, a deletion, Enter done, Esc cleared and done.
/// False for any other key.
pub fn type_into(filter: &mut String, typing: &mut bool, action: Action) -> bool {
    match action {
        Action::Input(c) => filter.push(c),
        Action::Erase => {
            filter.pop();
        }
        Action::EraseWord => erase_word(filter),
        Action::EraseLine => filter.clear(),
        Action::Submit => *typing = false,
        Action::Close => {
            filter.clear();
            *typing = false;
        }
        _ => return false,
    }
    true
}

/// Erases the last word of `typed` and the blanks after it, as Ctrl-W does in a shell.
pub fn erase_word(typed: &mut String) {
    let kept = typed.trim_end().len();
    let start = typed[..kept]
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    typed.truncate(start);
}

/// A selection among `len` entries after a move (Down, Up, Top, Bottom); `None` for any other
/// action. The library's list moves so too.
pub fn moved(selected: usize, len: usize, action: Action) -> Option<usize> {
    let last = len.saturating_sub(1);
    match action {
        Action::Down => Some((selected + 1).min(last)),
        Action::Up => Some(selected.saturating_sub(1)),
        Action::Top => Some(0),
        Action::Bottom => Some(last),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_stay_in_the_list_and_typing_narrows_it() {
        let mut list = List::new(vec!["a", "b", "c"]);
        assert_eq!(list.step(Action::Up), Step::Done);
        assert_eq!(list.selected, 0);
        list.step(Action::Bottom);
        list.step(Action::Down);
        assert_eq!(list.selected(), Some(&"c"));
        assert_eq!(list.step(Action::Open), Step::Other);
        assert_eq!(list.step(Action::Filter), Step::Done);
        assert_eq!(list.step(Action::Input('x')), Step::Typed);
        assert_eq!(list.step(Action::Down), Step::Other, "typing: not a move");
        assert_eq!(list.filter, "x");
        assert_eq!(list.step(Action::Close), Step::Typed);
        assert!(list.filter.is_empty() && !list.typing);
        assert_eq!(list.remove_selected(), Some("c"));
        assert_eq!(list.selected(), Some(&"b"));
        list.set_items(Vec::new());
        assert_eq!(list.selected(), None);
        assert_eq!(list.remove_selected(), None);
    }
}
