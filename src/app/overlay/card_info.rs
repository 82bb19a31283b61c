//! A card shown whole (`i` in the review and the card browser): its lines, scrolled; closing
//! it goes back to the list it was shown from.

use super::Overlay;
use crate::app::Action;
use crate::app::effect::Effect;

#[derive(Default)]
pub struct CardInfoPanel {
    pub lines: Vec<String>,
    pub scroll: u16,
    /// The overlay it was shown over (the card browser): drawn under it, and back after it.
    pub over: Option<Box<Overlay>>,
}

impl CardInfoPanel {
    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::Down => self.scroll = self.scroll.saturating_add(1),
            Action::Up => self.scroll = self.scroll.saturating_sub(1),
            Action::Top => self.scroll = 0,
            // (The drawing stops it at the last line.)
            Action::Bottom => self.scroll = u16::MAX,
            Action::Close | Action::CardInfo => {
                return match self.over.take() {
                    Some(over) => vec![Effect::Show(*over)],
                    None => vec![Effect::Close],
                };
            }
            _ => {}
        }
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_card_shown_whole_scrolls_and_closes() {
        let mut panel = CardInfoPanel::default();
        panel.update(Action::Down);
        panel.update(Action::Down);
        panel.update(Action::Up);
        assert_eq!(panel.scroll, 1);
        panel.update(Action::Bottom);
        assert_eq!(panel.scroll, u16::MAX);
        assert!(matches!(
            panel.update(Action::CardInfo).as_slice(),
            [Effect::Close]
        ));
    }
}
