//! The one place where terminal keys and mouse events become actions: a key event becomes the
//! keymap's [`Key`], and the app's effective keymap (`app::keymap`, defaults patched by the
//! user's `keys.toml`) says what it does in the current mode. Keys of a sequence (`` ` ` ``)
//! are held here until it completes; keys no binding takes are typed into prompts and editors.

use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

use crate::app::keymap::{self, Key, Keymap, Lookup};
use crate::app::{Action, EditKey, Mode, field};

/// The key a terminal event is, as the keymap names keys; `None` for keys it does not name
/// (F-keys, Delete…), which only the editors take.
pub fn key_of(event: KeyEvent) -> Option<Key> {
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
        KeyCode::Tab => Key::Tab,
        KeyCode::BackTab => Key::BackTab,
        _ => return None,
    })
}

/// Modes where keys type text.
const TYPING: &[Mode] = &[Mode::Editor, Mode::CardEditor];

/// Turns key presses into actions, holding the keys of a sequence in progress.
#[derive(Debug, Default)]
pub struct Keys {
    pending: Vec<Key>,
    /// When and on which screen row the library was last clicked: a second click there soon
    /// after opens the text.
    last_click: Option<(std::time::Instant, u16)>,
}

/// Two clicks on one row within this long are a double click.
const DOUBLE_CLICK: std::time::Duration = std::time::Duration::from_millis(400);

impl Keys {
    /// What `event` does in `mode` under `keymap`, holding the keys of a sequence until it
    /// completes; of a key's two actions, the first if it `applies` now (see `App::applies`).
    pub fn key(
        &mut self,
        keymap: &Keymap,
        mode: Mode,
        applies: &dyn Fn(Action) -> bool,
        event: KeyEvent,
    ) -> Option<Action> {
        let Some(key) = key_of(event) else {
            // Keys no binding names (Delete, F-keys...) still reach the editors.
            return TYPING.contains(&mode).then(|| edit(event));
        };
        self.pending.push(key);
        match keymap.lookup(mode, &self.pending) {
            Lookup::Action(action) => {
                self.pending.clear();
                return Some(action);
            }
            Lookup::Either(action, otherwise) => {
                self.pending.clear();
                return Some(if applies(action) { action } else { otherwise });
            }
            Lookup::Prefix => return None,
            Lookup::Unbound => {}
        }
        let started_sequence = self.pending.len() > 1;
        self.pending.clear();
        if started_sequence {
            // The sequence broke off: the last key counts on its own.
            return self.key(keymap, mode, applies, event);
        }
        match (mode, key) {
            (Mode::Prompt | Mode::Filter, Key::Char(c)) => Some(Action::Input(c)),
            (mode, _) if TYPING.contains(&mode) => Some(edit(event)),
            _ => None,
        }
    }

    pub fn mouse(&mut self, mode: Mode, event: MouseEvent) -> Option<Action> {
        let reading = matches!(mode, Mode::Reader | Mode::Cursor);
        let list = keymap::is_list(mode);
        match event.kind {
            // In the library a click selects a row, and a second one on it opens it.
            MouseEventKind::Down(MouseButton::Left) if mode == Mode::Library => {
                let now = std::time::Instant::now();
                let again = self
                    .last_click
                    .is_some_and(|(at, row)| row == event.row && now - at < DOUBLE_CLICK);
                self.last_click = (!again).then_some((now, event.row));
                Some(if again {
                    Action::Open
                } else {
                    Action::Press(event.column, event.row)
                })
            }
            MouseEventKind::ScrollDown if reading => Some(Action::WheelDown),
            MouseEventKind::ScrollUp if reading => Some(Action::WheelUp),
            MouseEventKind::ScrollDown if list => Some(Action::Down),
            MouseEventKind::ScrollUp if list => Some(Action::Up),
            MouseEventKind::Down(MouseButton::Left) if reading => {
                Some(Action::Press(event.column, event.row))
            }
            MouseEventKind::Drag(MouseButton::Left) if reading => {
                Some(Action::Drag(event.column, event.row))
            }
            _ => None,
        }
    }
}

/// A key for the note and card editors.
fn edit(event: KeyEvent) -> Action {
    let key = match event.code {
        KeyCode::Char(c) => field::Key::Char(c),
        KeyCode::Enter => field::Key::Enter,
        KeyCode::Tab => field::Key::Tab,
        KeyCode::Backspace => field::Key::Backspace,
        KeyCode::Delete => field::Key::Delete,
        KeyCode::Left => field::Key::Left,
        KeyCode::Right => field::Key::Right,
        KeyCode::Up => field::Key::Up,
        KeyCode::Down => field::Key::Down,
        KeyCode::Home => field::Key::Home,
        KeyCode::End => field::Key::End,
        _ => field::Key::Other,
    };
    let has = |m| event.modifiers.contains(m);
    Action::Edit(EditKey {
        key,
        ctrl: has(KeyModifiers::CONTROL),
        alt: has(KeyModifiers::ALT),
        shift: has(KeyModifiers::SHIFT),
    })
}

#[cfg(test)]
mod tests;
