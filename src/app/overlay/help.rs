//! The help: every key of the screen under it, scrolled.

use crate::app::Action;
use crate::app::effect::Effect;

#[derive(Debug, Default)]
pub struct Help {
    pub scroll: u16,
}

impl Help {
    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::Down => self.scroll = self.scroll.saturating_add(1),
            Action::Up => self.scroll = self.scroll.saturating_sub(1),
            Action::Top => self.scroll = 0,
            Action::Close | Action::Help => return vec![Effect::Close],
            _ => {}
        }
        Vec::new()
    }
}
