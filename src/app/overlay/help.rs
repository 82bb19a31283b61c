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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_help_scrolls_and_closes() {
        let mut help = Help::default();
        assert!(help.update(Action::Up).is_empty());
        help.update(Action::Down);
        help.update(Action::Down);
        assert_eq!(help.scroll, 2);
        help.update(Action::Top);
        assert_eq!(help.scroll, 0);
        assert!(matches!(
            help.update(Action::Help).as_slice(),
            [Effect::Close]
        ));
    }
}
