//! The table of contents of the open text: its sections, the one being read selected; Enter
//! goes to one.

use super::list::{List, Step};
use crate::app::Action;
use crate::app::effect::Effect;
use crate::document::Document;
use unicode_width::UnicodeWidthStr;

pub struct Contents {
    /// Where each section starts, in bytes, as `Document::contents` lists them.
    pub list: List<usize>,
    /// Cells of the widest entry, indented: measured once, as a long text has tens of
    /// thousands of headings and the panel is drawn at every key.
    pub widest: usize,
}

/// Levels of the contents shown indented; deeper ones are indented as this one, so that their
/// titles stay in sight (a hostile book nests its contents a hundred levels deep).
const DEEPEST_INDENTED: u8 = 8;

/// The contents' indentation of a section at `level`, in levels.
pub fn indented(level: u8) -> usize {
    usize::from(level.saturating_sub(1).min(DEEPEST_INDENTED))
}

impl Contents {
    pub fn new(doc: &Document, selected: usize) -> Contents {
        let starts = doc.contents.iter().map(|s| s.start).collect();
        let widest = doc
            .contents
            .iter()
            .map(|s| s.title.width() + 2 * indented(s.level))
            .max()
            .unwrap_or(0);
        Contents {
            list: List::at(starts, selected),
            widest,
        }
    }

    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        if self.list.step(action) != Step::Other {
            return Vec::new();
        }
        match action {
            Action::Open => match self.list.selected() {
                Some(&at) => vec![Effect::Close, Effect::JumpTo { at, cursor: false }],
                None => vec![Effect::Close],
            },
            Action::Close | Action::Contents => vec![Effect::Close],
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Format, Section};

    #[test]
    fn enter_goes_to_the_selected_section() {
        let mut doc = Document::from_text("One\n\nTwo\n\nThree", "t.txt", Format::TEXT);
        doc.contents = [0, 5, 10]
            .into_iter()
            .map(|start| Section {
                title: format!("at {start}"),
                level: 1,
                start,
            })
            .collect();
        let mut contents = Contents::new(&doc, 1);
        contents.update(Action::Down);
        contents.update(Action::Down);
        assert!(matches!(
            contents.update(Action::Open).as_slice(),
            [
                Effect::Close,
                Effect::JumpTo {
                    at: 10,
                    cursor: false
                }
            ]
        ));
        assert!(matches!(
            contents.update(Action::Contents).as_slice(),
            [Effect::Close]
        ));
    }
}
