//! Choosing whose annotations are shown when a text carries many members' (`A`): a picker of
//! everyone, oneself and each member, with how many annotations each has on the text, narrowed
//! by typing a name after `/`. With few members `A` cycles instead (see
//! [`crate::app::marks::Showing::next`]).

use super::list::{List, Step};
use crate::app::Action;
use crate::app::effect::Effect;
use crate::app::marks::{Marks, Showing};

/// From this many other members, `A` opens the picker instead of cycling.
pub const PICKER_FROM: usize = 3;

/// A choice of the picker, with how many annotations it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub showing: Showing,
    pub count: usize,
}

pub struct MemberPicker {
    /// Everyone, oneself, then the members by name.
    all: Vec<Choice>,
    /// The choices matching the filter.
    pub list: List<Choice>,
    /// Opened from the annotations panel, which comes back once a choice is made.
    from_panel: bool,
}

impl MemberPicker {
    pub fn new(marks: &Marks, from_panel: bool) -> MemberPicker {
        let others = marks.authors_counted();
        let everyone = marks.count();
        let mine = everyone - others.iter().map(|(_, n)| n).sum::<usize>();
        let mut all = vec![
            Choice {
                showing: Showing::Everyone,
                count: everyone,
            },
            Choice {
                showing: Showing::Mine,
                count: mine,
            },
        ];
        all.extend(others.into_iter().map(|(author, count)| Choice {
            count,
            showing: Showing::Author(author),
        }));
        let selected = all
            .iter()
            .position(|c| c.showing == marks.showing)
            .unwrap_or(0);
        let list = List::at(all.clone(), selected);
        MemberPicker {
            all,
            list,
            from_panel,
        }
    }

    /// Narrows the choices to the members whose name holds the filter (everyone and oneself
    /// stay while it is empty).
    fn refilter(&mut self) {
        let want = self.list.filter.to_lowercase();
        let shown = self
            .all
            .iter()
            .filter(|c| match &c.showing {
                Showing::Author(a) => a.name.to_lowercase().contains(&want),
                _ => want.is_empty(),
            })
            .cloned()
            .collect();
        self.list.set_items(shown);
        self.list.selected = 0;
    }

    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        match self.list.step(action) {
            Step::Done => return Vec::new(),
            Step::Typed => {
                self.refilter();
                return Vec::new();
            }
            Step::Other => {}
        }
        match action {
            Action::Open => match self.list.selected() {
                Some(choice) => vec![
                    Effect::Close,
                    Effect::ShowWhose {
                        showing: choice.showing.clone(),
                        from_panel: self.from_panel,
                    },
                ],
                None => Vec::new(),
            },
            Action::Close | Action::Whose => vec![Effect::Close],
            _ => Vec::new(),
        }
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
            .list
            .items
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
        for action in [Action::Filter, Action::Input('o')] {
            assert!(picker.update(action).is_empty());
        }
        assert_eq!(picker.list.items.len(), 1, "Zoe alone has an o");
        let chosen = picker.update(Action::Open);
        assert!(matches!(
            chosen.as_slice(),
            [Effect::Close, Effect::ShowWhose { showing: Showing::Author(a), from_panel: false }]
                if a.name == "Zoe"
        ));
    }
}
