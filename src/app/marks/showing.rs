//! Whose annotations are shown: everyone's, the reader's own, or one other member's.

use crate::annotation::{Annotation, Author};

/// Whose annotations are shown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Showing {
    #[default]
    Everyone,
    Mine,
    /// One other member's.
    Author(Author),
}

impl Showing {
    pub fn shows(&self, a: &Annotation) -> bool {
        match self {
            Showing::Everyone => true,
            Showing::Mine => a.author.is_none(),
            Showing::Author(x) => a.author.as_ref().is_some_and(|y| y.id == x.id),
        }
    }

    /// The next choice: everyone, mine, then each other member of `authors` in turn.
    pub fn next(&self, authors: &[Author]) -> Showing {
        let after = |i: usize| {
            authors
                .get(i)
                .cloned()
                .map_or(Showing::Everyone, Showing::Author)
        };
        match self {
            Showing::Everyone => Showing::Mine,
            Showing::Mine => after(0),
            Showing::Author(x) => match authors.iter().position(|y| y.id == x.id) {
                Some(i) => after(i + 1),
                None => Showing::Everyone,
            },
        }
    }

    /// What is shown, in a few words for a title bar; `None` for everyone's.
    pub fn short(&self) -> Option<String> {
        match self {
            Showing::Everyone => None,
            Showing::Mine => Some("only yours".into()),
            Showing::Author(x) => Some(format!("only {}'s", x.name)),
        }
    }

    pub fn describe(&self) -> String {
        match self.short() {
            None => "showing everyone's annotations".into(),
            Some(short) => format!("showing {short}"),
        }
    }
}
