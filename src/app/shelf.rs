//! The library as the reader sees it: the texts narrowed to those whose title or author holds
//! what is typed after `/`, in the order `s` chooses. The entries stay whole in the app (other
//! screens name texts from them); the shelf holds which are shown, in which order.

use crate::app::Action;
use crate::app::overlay::list::type_into;
use crate::document::LibraryEntry;

/// The orders of the library, in the turn `s` takes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// As the store lists them: by title.
    #[default]
    Title,
    /// Read last first; never read last.
    LastRead,
    Author,
    /// Most read first.
    Progress,
    /// Added last first.
    Added,
}

impl Sort {
    const ALL: [Sort; 5] = [
        Sort::Title,
        Sort::LastRead,
        Sort::Author,
        Sort::Progress,
        Sort::Added,
    ];

    pub fn next(self) -> Sort {
        let i = Sort::ALL.iter().position(|s| *s == self).unwrap_or(0);
        Sort::ALL[(i + 1) % Sort::ALL.len()]
    }

    /// As the library's header says it: "by last read".
    pub fn name(self) -> &'static str {
        match self {
            Sort::Title => "title",
            Sort::Author => "author",
            Sort::LastRead => "last read",
            Sort::Progress => "progress",
            Sort::Added => "added",
        }
    }
}

#[derive(Debug, Default)]
pub struct Shelf {
    pub filter: String,
    /// Keys go to the filter.
    pub typing: bool,
    pub sort: Sort,
    /// The entries shown, as indexes into the library's entries, in order.
    pub shown: Vec<usize>,
    /// Each text's notes and cards due today, for the columns beside it.
    pub counts: std::collections::HashMap<crate::document::DocumentId, crate::store::TextCounts>,
}

impl Shelf {
    /// Narrows and orders `entries` again.
    pub fn arrange(&mut self, entries: &[LibraryEntry]) {
        let wanted = self.filter.trim().to_lowercase();
        let words: Vec<&str> = wanted.split_whitespace().collect();
        self.shown = (0..entries.len())
            .filter(|&i| {
                let e = &entries[i];
                // Each word typed is in the title or the author, in any order.
                words.is_empty() || {
                    let label = e.label().to_lowercase();
                    words.iter().all(|w| label.contains(w))
                }
            })
            .collect();
        let key = |i: &usize| {
            let e = &entries[*i];
            match self.sort {
                Sort::Title => (0, String::new()),
                Sort::Author => (
                    0,
                    e.author.as_deref().unwrap_or("\u{10ffff}").to_lowercase(),
                ),
                Sort::LastRead => (-e.last_read_at.unwrap_or(i64::MIN + 1), String::new()),
                Sort::Progress => (-((e.progress() * 1e6) as i64), String::new()),
                Sort::Added => (-e.added_at, String::new()),
            }
        };
        // Stable: ties keep the store's order, by title.
        self.shown.sort_by_cached_key(key);
    }

    /// A key while the filter is typed (Enter keeps it, Esc clears it); false if not one.
    pub fn type_key(&mut self, action: Action) -> bool {
        self.typing && type_into(&mut self.filter, &mut self.typing, action)
    }

    /// The shown entry at `row`, as an index into the entries.
    pub fn entry(&self, row: usize) -> Option<usize> {
        self.shown.get(row).copied()
    }

    /// The first row on screen when `on_screen` rows fit and row `selected` is selected: the
    /// selection is on the last row once the list has scrolled, as a table scrolls.
    pub fn first_on_screen(selected: usize, on_screen: usize) -> usize {
        selected.saturating_sub(on_screen.max(1) - 1)
    }

    /// The row showing entry `index`, if it is shown.
    pub fn row_of(&self, index: usize) -> Option<usize> {
        self.shown.iter().position(|&i| i == index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{DocumentId, Format};

    pub(crate) fn entry(id: i64, title: &str, author: Option<&str>) -> LibraryEntry {
        LibraryEntry {
            id: DocumentId(id),
            hash: format!("h{id}"),
            title: title.into(),
            author: author.map(str::to_string),
            url: None,
            format: Format::TEXT,
            path: None,
            bundled: None,
            chars: 1000,
            words: 200,
            position: (id as u64 * 97) % 1000,
            last_read_at: (id % 3 != 0).then_some(1_000 + id * 7 % 50),
            at_end: false,
            added_at: id,
        }
    }

    fn titles(shelf: &Shelf, entries: &[LibraryEntry]) -> Vec<String> {
        shelf
            .shown
            .iter()
            .map(|&i| entries[i].title.clone())
            .collect()
    }

    #[test]
    fn a_filter_narrows_by_title_and_author_in_any_order() {
        let entries = vec![
            entry(1, "Meditations", Some("Marcus Aurelius")),
            entry(2, "The Prince", Some("Niccolò Machiavelli")),
            entry(3, "On the Shortness of Life", Some("Seneca")),
        ];
        let mut shelf = Shelf::default();
        shelf.arrange(&entries);
        assert_eq!(shelf.shown, [0, 1, 2]);
        shelf.typing = true;
        for c in "aurel med".chars() {
            assert!(shelf.type_key(Action::Input(c)));
        }
        shelf.arrange(&entries);
        assert_eq!(titles(&shelf, &entries), ["Meditations"]);
        shelf.type_key(Action::EraseLine);
        for c in "NICCOLÒ".chars() {
            shelf.type_key(Action::Input(c));
        }
        shelf.arrange(&entries);
        assert_eq!(titles(&shelf, &entries), ["The Prince"]);
        assert!(shelf.type_key(Action::Close));
        assert!(!shelf.typing && shelf.filter.is_empty());
        assert!(!shelf.type_key(Action::Input('x')), "not typing");
    }

    #[test]
    fn s_turns_through_the_orders() {
        let entries: Vec<LibraryEntry> = (1..=9)
            .map(|i| entry(i, &format!("Text {i}"), Some(&format!("Author {}", 10 - i))))
            .collect();
        let mut shelf = Shelf::default();
        let mut seen = Vec::new();
        for _ in 0..5 {
            shelf.arrange(&entries);
            seen.push(shelf.sort);
            let order: Vec<&LibraryEntry> = shelf.shown.iter().map(|&i| &entries[i]).collect();
            for pair in order.windows(2) {
                let (a, b) = (pair[0], pair[1]);
                match shelf.sort {
                    Sort::Title => assert!(a.id.0 < b.id.0),
                    Sort::Author => assert!(a.author < b.author),
                    Sort::LastRead => assert!(
                        a.last_read_at.unwrap_or(i64::MIN) >= b.last_read_at.unwrap_or(i64::MIN)
                    ),
                    Sort::Progress => assert!(a.progress() >= b.progress()),
                    Sort::Added => assert!(a.added_at > b.added_at),
                }
            }
            shelf.sort = shelf.sort.next();
        }
        assert_eq!(shelf.sort, Sort::Title, "back to the first");
        assert_eq!(seen.len(), 5);
        shelf.sort = Sort::Author;
        shelf.arrange(&entries);
        assert_eq!(entries[shelf.shown[0]].author.as_deref(), Some("Author 1"));
    }
}
