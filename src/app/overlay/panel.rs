//! The annotations panel: the open text's annotations in reading order (orphans last),
//! narrowed by whose are shown and by a filter typed in the panel. In the filter, `#tag` matches
//! a tag, `@green` (or `@2`) a colour, `by:ana` an author (`by:me` one's own), and any other word
//! the quote, the note or a reply; all must match, case ignored. Each note's replies are
//! listed under it. From the panel: jump to a passage, edit or delete a note or one's own
//! reply (undoable), reply to a note, re-attach an orphan.

use super::list::{List, Step};
use crate::annotation::COLORS;
use crate::annotation::{Annotation, AnnotationId, Reply, ReplyId};
use crate::app::effect::{Ctx, Effect};
use crate::app::marks::Marks;
use crate::app::{Action, Tone};

pub struct Panel {
    /// The annotations shown, in order, each followed by its replies.
    pub list: List<Row>,
}

/// An entry of the panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Annotation(AnnotationId),
    /// A reply, under the annotation it answers.
    Reply(AnnotationId, ReplyId),
}

impl Row {
    /// The annotation of the row (the one answered, for a reply).
    pub fn annotation(self) -> AnnotationId {
        match self {
            Row::Annotation(id) | Row::Reply(id, _) => id,
        }
    }

    pub fn reply(self) -> Option<ReplyId> {
        match self {
            Row::Annotation(_) => None,
            Row::Reply(_, id) => Some(id),
        }
    }
}

impl Panel {
    pub fn new(marks: &Marks) -> Panel {
        let mut panel = Panel {
            list: List::new(Vec::new()),
        };
        panel.refresh(marks);
        panel
    }

    /// Recomputes the entries (after a change of filter or of annotations), keeping the
    /// selected annotation selected when it is still shown.
    pub fn refresh(&mut self, marks: &Marks) {
        let keep = self.list.selected().copied();
        let filter = Filter::parse(&self.list.filter);
        let mut entries = Vec::new();
        for a in marks.all() {
            let thread = marks.thread(a);
            if !(marks.showing.shows(a) && filter.matches(a, thread)) {
                continue;
            }
            entries.push(Row::Annotation(a.id));
            entries.extend(thread.iter().map(|r| Row::Reply(a.id, r.id)));
        }
        let kept = keep.and_then(|row| {
            let same = |e: &Row| *e == row;
            let its_note = |e: &Row| *e == Row::Annotation(row.annotation());
            entries
                .iter()
                .position(same)
                .or_else(|| entries.iter().position(its_note))
        });
        self.list.selected = kept.unwrap_or(self.list.selected);
        self.list.set_items(entries);
    }

    /// The selected row's annotation (the one answered, on a reply).
    pub fn selected(&self) -> Option<AnnotationId> {
        self.list.selected().map(|r| r.annotation())
    }

    /// The selected reply, when a reply is selected.
    pub fn selected_reply(&self) -> Option<ReplyId> {
        self.list.selected().and_then(|r| r.reply())
    }

    /// How many annotations are listed (replies aside).
    pub fn annotations(&self) -> usize {
        self.list
            .items
            .iter()
            .filter(|r| matches!(r, Row::Annotation(_)))
            .count()
    }

    pub fn select_id(&mut self, id: AnnotationId) {
        if let Some(i) = self
            .list
            .items
            .iter()
            .position(|&e| e == Row::Annotation(id))
        {
            self.list.selected = i;
        }
    }

    pub fn update(&mut self, action: Action, ctx: &Ctx) -> Vec<Effect> {
        let marks = ctx.marks;
        match self.list.step(action) {
            Step::Done => return Vec::new(),
            Step::Typed => {
                if let Some(marks) = marks {
                    self.refresh(marks);
                }
                return Vec::new();
            }
            Step::Other => {}
        }
        let (selected, reply) = (self.selected(), self.selected_reply());
        let annotation = |id| marks.and_then(|m| m.annotation(id));
        let placed = selected
            .and_then(|id| marks?.find(id))
            .map(|p| p.range.start);
        match (action, selected) {
            (Action::Whose, _) => vec![Effect::ChooseWhose { from_panel: true }],
            (Action::Close | Action::Annotations, _) => vec![Effect::Close],
            (Action::Open, Some(_)) => match placed {
                Some(at) => vec![Effect::Close, Effect::JumpTo { at, cursor: true }],
                None => vec![
                    Effect::Close,
                    Effect::SayKeyed(
                        Tone::Info,
                        "this note lost its passage: [reattach] re-attaches it to a new selection",
                    ),
                ],
            },
            (Action::Open, None) => vec![Effect::Close],
            (Action::EditEntry, Some(id)) => match reply {
                Some(reply) => vec![Effect::EditReply(reply)],
                None => vec![Effect::EditNote(id)],
            },
            (Action::Delete, Some(id)) => match reply {
                Some(reply) => vec![Effect::DeleteReply(reply)],
                None => vec![Effect::DeleteAnnotation(id)],
            },
            (Action::Reply, Some(id)) => vec![Effect::StartReply(id)],
            (Action::Undo, _) => vec![Effect::Undo],
            (Action::Redo, _) => vec![Effect::Redo],
            (Action::Reattach, Some(id)) if placed.is_none() => vec![Effect::Reattach(id)],
            (Action::Private, Some(id)) if reply.is_none() => vec![Effect::TogglePrivate(id)],
            (Action::Reattach, _) => vec![Effect::Say(
                Tone::Info,
                "only orphaned notes need re-attaching".into(),
            )],
            (Action::ConfirmPlace, Some(id))
                if annotation(id).is_some_and(|a| a.unsure && !a.orphaned) =>
            {
                vec![Effect::ConfirmPlace(id)]
            }
            (Action::ConfirmPlace, _) => vec![Effect::Say(
                Tone::Info,
                "this note's place needs no check".into(),
            )],
            _ => Vec::new(),
        }
    }
}

struct Filter {
    tags: Vec<String>,
    colors: Vec<u8>,
    /// Starts of authors' names; `me` for one's own.
    authors: Vec<String>,
    words: Vec<String>,
}

impl Filter {
    fn parse(text: &str) -> Filter {
        let mut filter = Filter {
            tags: Vec::new(),
            colors: Vec::new(),
            authors: Vec::new(),
            words: Vec::new(),
        };
        for token in text.split_whitespace().map(str::to_lowercase) {
            if let Some(tag) = token.strip_prefix('#') {
                filter.tags.push(tag.to_string());
            } else if let Some(author) = token.strip_prefix("by:") {
                filter.authors.push(author.to_string());
            } else if let Some(color) = token.strip_prefix('@') {
                let by_name = COLORS
                    .iter()
                    .position(|c| c.starts_with(color) && !color.is_empty());
                let by_number = color.parse::<usize>().ok().filter(|n| (1..=5).contains(n));
                match by_name.map(|i| i + 1).or(by_number) {
                    Some(n) => filter.colors.push(n as u8),
                    None => filter.words.push(token),
                }
            } else {
                filter.words.push(token);
            }
        }
        filter
    }

    fn matches(&self, a: &Annotation, thread: &[Reply]) -> bool {
        let tags_ok = self
            .tags
            .iter()
            .all(|t| a.tags.iter().any(|have| have.starts_with(t.as_str())));
        let colors_ok = self.colors.is_empty() || self.colors.contains(&a.color);
        let authors_ok = self.authors.iter().all(|want| match &a.author {
            Some(author) => author.name.to_lowercase().starts_with(want.as_str()),
            None => "me".starts_with(want.as_str()),
        });
        tags_ok
            && colors_ok
            && authors_ok
            && (self.words.is_empty() || {
                let mut haystack = format!("{}\n{}", a.anchor.quote, a.note);
                for r in thread {
                    haystack.push('\n');
                    haystack.push_str(&r.body);
                }
                let haystack = haystack.to_lowercase();
                self.words.iter().all(|w| haystack.contains(w.as_str()))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::anchor::Anchor;
    use crate::annotation::Author;
    use crate::app::marks::Showing;
    use crate::document::DocumentId;
    use crate::document::{Document, Format};

    fn marks() -> Marks {
        let doc = Document::from_text(
            "Alpha beta gamma delta epsilon zeta.",
            "t.txt",
            Format::TEXT,
        );
        let make = |id: i64, quote: &str, color: u8, note: &str| {
            let start = doc.content.find(quote).unwrap();
            Annotation {
                id: AnnotationId(id),
                uuid: id.to_string(),
                document: DocumentId(1),
                anchor: Anchor::new(&doc.content, start..start + quote.len(), start),
                color,
                note: note.into(),
                tags: crate::annotation::tags(note),
                orphaned: id == 4,
                unsure: false,
                created_at: 0,
                modified_at: 0,
                // Gamma and zeta are another member's.
                author: (id % 2 == 0).then(|| Author {
                    id: "ana-id".into(),
                    name: "Ana".into(),
                }),
                deleted_at: None,
            }
        };
        Marks::new(
            &doc,
            vec![
                make(3, "epsilon", 2, "#greek letters"),
                make(1, "Alpha", 1, "first #Letters"),
                make(2, "gamma", 3, ""),
                make(4, "zeta", 1, "lost one"),
            ],
            Vec::new(),
        )
    }

    fn ids(panel: &Panel) -> Vec<i64> {
        panel.list.items.iter().map(|i| i.annotation().0).collect()
    }

    #[test]
    fn reading_order_orphans_last_and_filters() {
        let marks = marks();
        let mut panel = Panel::new(&marks);
        assert_eq!(ids(&panel), [1, 2, 3, 4]);
        panel.list.filter = "#let".into();
        panel.refresh(&marks);
        assert_eq!(ids(&panel), [1]);
        panel.list.filter = "@green".into();
        panel.refresh(&marks);
        assert_eq!(ids(&panel), [3]);
        panel.list.filter = "@1 lost".into();
        panel.refresh(&marks);
        assert_eq!(ids(&panel), [4]);
        panel.list.filter = "GAMMA".into();
        panel.refresh(&marks);
        assert_eq!(ids(&panel), [2]);
    }

    #[test]
    fn authors_filter_and_whose_are_shown() {
        let mut marks = marks();
        let mut panel = Panel::new(&marks);
        panel.list.filter = "by:an".into();
        panel.refresh(&marks);
        assert_eq!(ids(&panel), [2, 4]);
        panel.list.filter = "by:me".into();
        panel.refresh(&marks);
        assert_eq!(ids(&panel), [1, 3]);
        panel.list.filter.clear();
        let ana = marks.authors();
        assert_eq!(ana.len(), 1);
        marks.showing = Showing::Everyone.next(&ana);
        assert_eq!(marks.showing, Showing::Mine);
        panel.refresh(&marks);
        assert_eq!(ids(&panel), [1, 3]);
        marks.showing = marks.showing.next(&ana);
        assert_eq!(marks.showing, Showing::Author(ana[0].clone()));
        panel.refresh(&marks);
        assert_eq!(ids(&panel), [2, 4]);
        assert_eq!(
            marks.overlapping(0..100).count(),
            1,
            "only Ana's gamma on the page"
        );
        marks.showing = marks.showing.next(&ana);
        assert_eq!(marks.showing, Showing::Everyone);
    }

    #[test]
    fn the_panels_keys_ask_for_jumps_edits_and_re_attachment() {
        let marks = marks();
        let ctx = Ctx {
            doc: None,
            marks: Some(&marks),
            help: None,
        };
        let mut panel = Panel::new(&marks);
        for c in "/#let".chars() {
            let action = if c == '/' {
                Action::Filter
            } else {
                Action::Input(c)
            };
            assert!(panel.update(action, &ctx).is_empty());
        }
        assert_eq!(ids(&panel), [1], "the filter narrows as it is typed");
        panel.update(Action::Submit, &ctx);
        assert!(matches!(
            panel.update(Action::Open, &ctx).as_slice(),
            [
                Effect::Close,
                Effect::JumpTo {
                    at: 0,
                    cursor: true
                }
            ]
        ));
        panel.update(Action::Filter, &ctx);
        panel.update(Action::Close, &ctx);
        assert_eq!(ids(&panel), [1, 2, 3, 4], "Esc clears the filter");
        panel.update(Action::Bottom, &ctx);
        assert!(matches!(
            panel.update(Action::Open, &ctx).as_slice(),
            [Effect::Close, Effect::SayKeyed(_, said)] if said.contains("[reattach]")
        ));
        assert!(matches!(
            panel.update(Action::Reattach, &ctx).as_slice(),
            [Effect::Reattach(AnnotationId(4))]
        ));
        panel.update(Action::Up, &ctx);
        assert!(matches!(
            panel.update(Action::Reattach, &ctx).as_slice(),
            [Effect::Say(_, said)] if said.contains("only orphaned")
        ));
        assert!(matches!(
            panel.update(Action::Delete, &ctx).as_slice(),
            [Effect::DeleteAnnotation(AnnotationId(3))]
        ));
        assert!(matches!(
            panel.update(Action::Whose, &ctx).as_slice(),
            [Effect::ChooseWhose { from_panel: true }]
        ));
    }

    #[test]
    fn the_selection_follows_its_annotation() {
        let marks = marks();
        let mut panel = Panel::new(&marks);
        panel.select_id(AnnotationId(3));
        panel.list.filter = "e".into();
        panel.refresh(&marks);
        assert_eq!(panel.selected(), Some(AnnotationId(3)));
    }
}
