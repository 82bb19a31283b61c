//! The table of contents of the open text: its sections, the one being read selected; Enter
//! goes to one.

use super::list::{List, Step};
use crate::app::Action;
use crate::app::effect::Effect;
use crate::document::Document;

pub struct Contents {
    /// Where each section starts, in bytes, as `Document::contents` lists them.
    pub list: List<usize>,
}

impl Contents {
    pub fn new(doc: &Document, selected: usize) -> Contents {
        let starts = doc.contents.iter().map(|s| s.start).collect();
        Contents {
            list: List::at(starts, selected),
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
