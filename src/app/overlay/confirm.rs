//! A question over everything, answered yes or no: removing a text, discarding unsaved text.

use super::Overlay;
use crate::app::Action;
use crate::app::effect::Effect;

pub struct Confirm {
    pub question: String,
    /// What yes and no do, as the keys' hint says them.
    pub answers: (&'static str, &'static str),
    /// What yes does; taken when it is answered.
    yes: Option<Effect>,
    /// The overlay the question was asked over: drawn under it, and back after a no.
    pub over: Option<Box<Overlay>>,
}

impl Confirm {
    pub fn new(
        question: String,
        answers: (&'static str, &'static str),
        yes: Effect,
        over: Option<Overlay>,
    ) -> Confirm {
        Confirm {
            question,
            answers,
            yes: Some(yes),
            over: over.map(Box::new),
        }
    }

    /// Yes does what was asked; no (or Esc) goes back; any other key leaves the question up.
    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::Yes => std::iter::once(Effect::Close)
                .chain(self.yes.take())
                .collect(),
            Action::No | Action::Close => match self.over.take() {
                Some(over) => vec![Effect::Show(*over)],
                None => vec![Effect::Close],
            },
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::overlay::help::Help;

    fn question(over: Option<Overlay>) -> Confirm {
        Confirm::new("Sure?".into(), ("yes", "no"), Effect::DiscardNote, over)
    }

    #[test]
    fn yes_does_what_was_asked_and_no_goes_back() {
        let mut asked = question(None);
        assert!(asked.update(Action::Down).is_empty(), "the question stays");
        assert!(matches!(
            asked.update(Action::Yes).as_slice(),
            [Effect::Close, Effect::DiscardNote]
        ));
        let mut asked = question(Some(Overlay::Help(Help {
            scroll: 3,
            ..Help::default()
        })));
        assert!(matches!(
            asked.update(Action::No).as_slice(),
            [Effect::Show(Overlay::Help(Help { scroll: 3, .. }))]
        ));
        assert!(matches!(
            question(None).update(Action::Close).as_slice(),
            [Effect::Close]
        ));
    }
}
