//! The one place where keys and mouse events become actions: a table of bindings, per mode,
//! that the help overlay also lists. Bindings may be sequences (`` ` ` ``); no binding may be a
//! prefix of another in the same mode (a test checks), so a sequence never waits on a timeout.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseEvent, MouseEventKind};

use crate::app::{Action, Mode};

/// A key as bindings name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Char(char),
    Ctrl(char),
    Enter,
    Esc,
    Backspace,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
}

impl Key {
    pub fn from_event(event: KeyEvent) -> Option<Key> {
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        Some(match event.code {
            KeyCode::Char(c) if ctrl => Key::Ctrl(c.to_ascii_lowercase()),
            KeyCode::Char(c) => Key::Char(c),
            KeyCode::Enter => Key::Enter,
            KeyCode::Esc => Key::Esc,
            KeyCode::Backspace => Key::Backspace,
            KeyCode::Up => Key::Up,
            KeyCode::Down => Key::Down,
            KeyCode::Left => Key::Left,
            KeyCode::Right => Key::Right,
            KeyCode::PageUp => Key::PageUp,
            KeyCode::PageDown => Key::PageDown,
            KeyCode::Home => Key::Home,
            KeyCode::End => Key::End,
            _ => return None,
        })
    }

    /// How the help overlay writes the key.
    pub fn label(self) -> String {
        match self {
            Key::Char(' ') => "Space".into(),
            Key::Char(c) => c.to_string(),
            Key::Ctrl(c) => format!("Ctrl-{}", c.to_ascii_uppercase()),
            Key::Enter => "Enter".into(),
            Key::Esc => "Esc".into(),
            Key::Backspace => "Backspace".into(),
            Key::Up => "↑".into(),
            Key::Down => "↓".into(),
            Key::Left => "←".into(),
            Key::Right => "→".into(),
            Key::PageUp => "PgUp".into(),
            Key::PageDown => "PgDn".into(),
            Key::Home => "Home".into(),
            Key::End => "End".into(),
        }
    }
}

/// Keys bound to one action in some modes.
pub struct Binding {
    pub modes: &'static [Mode],
    /// Each entry is a key sequence; most are one key long.
    pub keys: &'static [&'static [Key]],
    pub action: Action,
    pub help: &'static str,
}

use Key::*;
use Mode::{Contents as Toc, Help as HelpMode, Library as Lib, Prompt as Ask, Reader as Read};

const ALL: &[Mode] = &[Lib, Read, Toc, HelpMode, Ask];
const LISTS: &[Mode] = &[Lib, Toc, HelpMode];
const OVERLAYS: &[Mode] = &[Toc, HelpMode, Ask];

/// The keymap. Order matters only for the help overlay.
pub const BINDINGS: &[Binding] = &[
    Binding {
        modes: &[Read],
        keys: &[&[Char(' ')], &[PageDown], &[Right], &[Char('l')]],
        action: Action::NextPage,
        help: "Next page",
    },
    Binding {
        modes: &[Read],
        keys: &[&[Char('b')], &[PageUp], &[Left], &[Char('h')]],
        action: Action::PrevPage,
        help: "Previous page",
    },
    Binding {
        modes: &[Read],
        keys: &[&[Char('j')], &[Down]],
        action: Action::LineDown,
        help: "Scroll down a line",
    },
    Binding {
        modes: &[Read],
        keys: &[&[Char('k')], &[Up]],
        action: Action::LineUp,
        help: "Scroll up a line",
    },
    Binding {
        modes: &[Read],
        keys: &[&[Char('g')], &[Home]],
        action: Action::DocStart,
        help: "Go to the start",
    },
    Binding {
        modes: &[Read],
        keys: &[&[Char('G')], &[End]],
        action: Action::DocEnd,
        help: "Go to the end",
    },
    Binding {
        modes: &[Read],
        keys: &[&[Char(':')]],
        action: Action::GoTo,
        help: "Go to a page (:120) or a percentage (:50%)",
    },
    Binding {
        modes: &[Read, Toc],
        keys: &[&[Char('t')]],
        action: Action::Contents,
        help: "Table of contents",
    },
    Binding {
        modes: &[Read],
        keys: &[&[Backspace], &[Char('`'), Char('`')]],
        action: Action::Back,
        help: "Back to the place before the last jump",
    },
    Binding {
        modes: &[Read, Lib],
        keys: &[&[Char('L')]],
        action: Action::Library,
        help: "Switch between the library and the open text",
    },
    Binding {
        modes: LISTS,
        keys: &[&[Char('j')], &[Down]],
        action: Action::Down,
        help: "Move down",
    },
    Binding {
        modes: LISTS,
        keys: &[&[Char('k')], &[Up]],
        action: Action::Up,
        help: "Move up",
    },
    Binding {
        modes: LISTS,
        keys: &[&[Char('g')], &[Home]],
        action: Action::Top,
        help: "Go to the first entry",
    },
    Binding {
        modes: &[Lib, Toc],
        keys: &[&[Char('G')], &[End]],
        action: Action::Bottom,
        help: "Go to the last entry",
    },
    Binding {
        modes: &[Lib, Toc],
        keys: &[&[Enter]],
        action: Action::Open,
        help: "Open the selected entry",
    },
    Binding {
        modes: &[Ask],
        keys: &[&[Enter]],
        action: Action::Submit,
        help: "Go",
    },
    Binding {
        modes: &[Ask],
        keys: &[&[Backspace]],
        action: Action::Erase,
        help: "Erase a character",
    },
    Binding {
        modes: &[Lib, Read, HelpMode],
        keys: &[&[Char('?')]],
        action: Action::Help,
        help: "Show or hide this help",
    },
    Binding {
        modes: OVERLAYS,
        keys: &[&[Esc]],
        action: Action::Close,
        help: "Close",
    },
    Binding {
        modes: &[Read],
        keys: &[&[Esc]],
        action: Action::Close,
        help: "Back to the library",
    },
    Binding {
        modes: &[Lib, Read, Toc, HelpMode],
        keys: &[&[Char('q')]],
        action: Action::Quit,
        help: "Quit",
    },
    Binding {
        modes: ALL,
        keys: &[&[Ctrl('c')]],
        action: Action::Quit,
        help: "Quit",
    },
];

/// Turns key presses into actions, holding the keys of a sequence in progress.
#[derive(Debug, Default)]
pub struct Keymap {
    pending: Vec<Key>,
}

impl Keymap {
    pub fn key(&mut self, mode: Mode, event: KeyEvent) -> Option<Action> {
        let key = Key::from_event(event)?;
        self.pending.push(key);
        let mut prefix = false;
        for binding in BINDINGS.iter().filter(|b| b.modes.contains(&mode)) {
            for seq in binding.keys {
                if *seq == self.pending.as_slice() {
                    self.pending.clear();
                    return Some(binding.action);
                }
                prefix |= seq.starts_with(&self.pending);
            }
        }
        if prefix {
            return None;
        }
        let started_sequence = self.pending.len() > 1;
        self.pending.clear();
        if started_sequence {
            // The sequence broke off: the last key counts on its own.
            return self.key(mode, event);
        }
        match (mode, key) {
            (Mode::Prompt, Char(c)) => Some(Action::Input(c)),
            _ => None,
        }
    }

    pub fn mouse(&mut self, mode: Mode, event: MouseEvent) -> Option<Action> {
        match (mode, event.kind) {
            (Mode::Reader, MouseEventKind::ScrollDown) => Some(Action::WheelDown),
            (Mode::Reader, MouseEventKind::ScrollUp) => Some(Action::WheelUp),
            (Mode::Library | Mode::Contents | Mode::Help, MouseEventKind::ScrollDown) => {
                Some(Action::Down)
            }
            (Mode::Library | Mode::Contents | Mode::Help, MouseEventKind::ScrollUp) => {
                Some(Action::Up)
            }
            _ => None,
        }
    }
}

/// The bindings of `mode`, for the help overlay: (keys, description), with the keys of
/// bindings that share a description on one line.
pub fn help_for(mode: Mode) -> Vec<(String, &'static str)> {
    let mut lines: Vec<(String, &'static str)> = Vec::new();
    for binding in BINDINGS.iter().filter(|b| b.modes.contains(&mode)) {
        let keys = binding
            .keys
            .iter()
            .map(|seq| seq.iter().map(|k| k.label()).collect::<String>())
            .collect::<Vec<_>>()
            .join(" ");
        match lines.iter_mut().find(|(_, help)| *help == binding.help) {
            Some((existing, _)) => {
                existing.push(' ');
                existing.push_str(&keys);
            }
            None => lines.push((keys, binding.help)),
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(map: &mut Keymap, mode: Mode, code: KeyCode) -> Option<Action> {
        map.key(mode, KeyEvent::new(code, KeyModifiers::NONE))
    }

    #[test]
    fn no_binding_shadows_another() {
        for mode in [Lib, Read, Toc, HelpMode, Ask] {
            let seqs: Vec<&[Key]> = BINDINGS
                .iter()
                .filter(|b| b.modes.contains(&mode))
                .flat_map(|b| b.keys.iter().copied())
                .collect();
            for (i, a) in seqs.iter().enumerate() {
                for (j, b) in seqs.iter().enumerate() {
                    if i != j {
                        assert!(!b.starts_with(a), "{mode:?}: {a:?} shadows {b:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn keys_map_by_mode() {
        let mut map = Keymap::default();
        assert_eq!(
            press(&mut map, Read, KeyCode::Char(' ')),
            Some(Action::NextPage)
        );
        assert_eq!(press(&mut map, Lib, KeyCode::Char('j')), Some(Action::Down));
        assert_eq!(
            press(&mut map, Read, KeyCode::Char('j')),
            Some(Action::LineDown)
        );
        assert_eq!(
            press(&mut map, Ask, KeyCode::Char('5')),
            Some(Action::Input('5'))
        );
        assert_eq!(
            press(&mut map, Ask, KeyCode::Char('q')),
            Some(Action::Input('q'))
        );
        assert_eq!(press(&mut map, Read, KeyCode::F(5)), None);
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(map.key(Ask, ctrl_c), Some(Action::Quit));
    }

    #[test]
    fn the_mouse_wheel_scrolls_the_text_and_moves_in_lists() {
        use ratatui::crossterm::event::MouseEvent;
        let wheel = |kind| MouseEvent {
            kind,
            column: 0,
            row: 0,
            modifiers: KeyModifiers::NONE,
        };
        let mut map = Keymap::default();
        assert_eq!(
            map.mouse(Read, wheel(MouseEventKind::ScrollDown)),
            Some(Action::WheelDown)
        );
        assert_eq!(
            map.mouse(Read, wheel(MouseEventKind::ScrollUp)),
            Some(Action::WheelUp)
        );
        assert_eq!(
            map.mouse(Lib, wheel(MouseEventKind::ScrollDown)),
            Some(Action::Down)
        );
        assert_eq!(map.mouse(Ask, wheel(MouseEventKind::ScrollDown)), None);
    }

    #[test]
    fn sequences_wait_for_their_second_key() {
        let mut map = Keymap::default();
        assert_eq!(press(&mut map, Read, KeyCode::Char('`')), None);
        assert_eq!(
            press(&mut map, Read, KeyCode::Char('`')),
            Some(Action::Back)
        );
        // A broken sequence lets the next key count on its own.
        assert_eq!(press(&mut map, Read, KeyCode::Char('`')), None);
        assert_eq!(
            press(&mut map, Read, KeyCode::Char('l')),
            Some(Action::NextPage)
        );
    }

    #[test]
    fn help_lists_every_binding_of_a_mode() {
        let help = help_for(Read);
        assert!(help.contains(&("Space PgDn → l".to_string(), "Next page")));
        assert!(help.contains(&(
            "Backspace ``".to_string(),
            "Back to the place before the last jump"
        )));
        assert!(help.contains(&("q Ctrl-C".to_string(), "Quit")));
        let listed: usize = help.iter().map(|(keys, _)| keys.split(' ').count()).sum();
        let bound: usize = BINDINGS
            .iter()
            .filter(|b| b.modes.contains(&Read))
            .map(|b| b.keys.len())
            .sum();
        assert_eq!(listed, bound, "every key of the mode is listed");
    }
}
