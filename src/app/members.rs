//! Choosing whose annotations are shown when a text carries many members' (`A`): a picker of
//! everyone, oneself and each member, with how many annotations each has on the text, narrowed
//! by typing a name after `/`. With few members `A` cycles instead (see
//! [`super::marks::Showing::next`]).

use super::marks::{Marks, Showing};

/// From this many other members, `A` opens the picker instead of cycling.
pub const PICKER_FROM: usize = 3;

/// A choice of the picker, with how many annotations it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub showing: Showing,
    pub count: usize,
}

#[derive(Debug)]
pub struct MemberPicker {
    /// Everyone, oneself, then the members by name.
    all: Vec<Choice>,
    /// The choices matching the filter.
    pub shown: Vec<Choice>,
    pub selected: usize,
    pub filter: String,
    /// Keys go to the filter.
    pub typing: bool,
    /// Opened from the annotations panel, which comes back once a choice is made.
    pub(in crate::app) from_panel: bool,
}

impl MemberPicker {
    pub fn new(marks: &Marks, from_panel: bool) -> MemberPicker {
        let annotations: Vec<_> = marks.all().collect();
        let mut all = vec![
            Choice {
                showing: Showing::Everyone,
                count: annotations.len(),
            },
            Choice {
                showing: Showing::Mine,
                count: annotations.iter().filter(|a| a.author.is_none()).count(),
            },
        ];
        let mut counts = std::collections::HashMap::new();
        for a in &annotations {
            if let Some(author) = &a.author {
                *counts.entry(author.id.as_str()).or_insert(0) += 1;
            }
        }
        all.extend(marks.authors().into_iter().map(|author| Choice {
            count: counts.get(author.id.as_str()).copied().unwrap_or(0),
            showing: Showing::Author(author),
        }));
        let selected = all
            .iter()
            .position(|c| c.showing == marks.showing)
            .unwrap_or(0);
        let shown = all.clone();
        MemberPicker {
            all,
            shown,
            selected,
            filter: String::new(),
            typing: false,
            from_panel,
        }
    }

    /// Narrows the choices to the members whose name holds the filter (everyone and oneself
    /// stay while it is empty).
    pub(in crate::app) fn refilter(&mut self) {
        let want = self.filter.to_lowercase();
        self.shown = self
            .all
            .iter()
            .filter(|c| match &c.showing {
                Showing::Author(a) => a.name.to_lowercase().contains(&want),
                _ => want.is_empty(),
            })
            .cloned()
            .collect();
        self.selected = 0;
    }
}


#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::{Annotation, Author};
    use crate::app::marks::tests::annotation;
    use crate::document::{Document, Format};

    #[test]
    fn the_picker_counts_each_members_annotations_and_narrows_by_name() {
        let doc = Document::from_text("One two three four five six.", "t.txt", Format::TEXT);
        let names = ["Zoe", "Ana", "Ben", "Ana"];
        let annotations = names
            .iter()
            .enumerate()
            .map(|(i, name)| Annotation {
                author: Some(Author {
                    id: format!("{name}-id"),
                    name: name.to_string(),
                }),
                ..annotation(i as i64, &doc, "One")
            })
            .collect();
        let marks = Marks::new(&doc, annotations, Vec::new());
        let mut picker = MemberPicker::new(&marks, false);
        let listed: Vec<(String, usize)> = picker
            .shown
            .iter()
            .map(|c| (c.showing.describe(), c.count))
            .collect();
        assert_eq!(
            listed,
            [
                ("showing everyone's annotations".to_string(), 4),
                ("showing only yours".to_string(), 0),
                ("showing only Ana's".to_string(), 2),
                ("showing only Ben's".to_string(), 1),
                ("showing only Zoe's".to_string(), 1),
            ]
        );
        picker.filter = "o".into();
        picker.refilter();
        assert_eq!(picker.shown.len(), 1, "Zoe alone has an o");
    }
}
