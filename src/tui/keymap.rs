//! The one place where keys and mouse events become actions: a table of bindings, per mode,
//! that the help overlay also lists. Bindings may be sequences (`` ` ` ``); no binding may be a
//! prefix of another in the same mode (a test checks), so a sequence never waits on a timeout.

use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

use crate::app::{Action, EditKey, Mode, Motion, field};

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
    Tab,
    BackTab,
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
            KeyCode::Tab => Key::Tab,
            KeyCode::BackTab => Key::BackTab,
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
            Key::Tab => "Tab".into(),
            Key::BackTab => "Shift-Tab".into(),
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
use Mode::{
    Annotations as Notes, Bookmarks as Marks, CardEditor as CardEdit, Cards as Deck,
    Confirm as Sure, Contents as Toc, Cursor as Caret, Draft as Drafted, Editor as Edit,
    Filter as Filtering, Footnote as Foot, Help as HelpMode, Library as Lib, Note as Popup,
    Prompt as Ask, Reader as Read, Results as Found, Review as Quiz, Stats as Figures,
};

const READING: &[Mode] = &[Read, Caret];
const LISTS: &[Mode] = &[Lib, Toc, HelpMode, Notes, Marks, Deck, Found];
const PICK: &[Mode] = &[Lib, Toc, Notes, Marks, Deck, Found];
const CLOSABLE: &[Mode] = &[
    Toc, HelpMode, Ask, Notes, Marks, Popup, Foot, Drafted, Deck, Quiz, Figures, Found,
];
/// Modes where keys type text.
const TYPING: &[Mode] = &[Edit, CardEdit];
const ALL: &[Mode] = &[
    Lib, Read, Caret, Toc, HelpMode, Ask, Notes, Filtering, Marks, Edit, Sure, Popup, Foot,
    Drafted, CardEdit, Deck, Quiz, Figures, Found,
];

const fn bind(
    modes: &'static [Mode],
    keys: &'static [&'static [Key]],
    action: Action,
    help: &'static str,
) -> Binding {
    Binding {
        modes,
        keys,
        action,
        help,
    }
}

const COLOURS: &str = "Highlight in a colour: 1 yellow, 2 green, 3 blue, 4 pink, 5 orange";
const ANSWERS: &str = "Answer: 1 again, 2 hard, 3 good, 4 easy";

/// The keymap. Order matters only for the help overlay.
pub const BINDINGS: &[Binding] = &[
    // Reading.
    bind(
        READING,
        &[&[Char(' ')], &[PageDown], &[Right], &[Char('l')]],
        Action::NextPage,
        "Next page",
    ),
    bind(
        &[Read],
        &[&[Char('b')], &[PageUp], &[Left], &[Char('h')]],
        Action::PrevPage,
        "Previous page",
    ),
    bind(
        &[Caret],
        &[&[PageUp], &[Left], &[Char('h')]],
        Action::PrevPage,
        "Previous page",
    ),
    bind(
        &[Read],
        &[&[Char('j')], &[Down]],
        Action::LineDown,
        "Scroll down a line",
    ),
    bind(
        &[Read],
        &[&[Char('k')], &[Up]],
        Action::LineUp,
        "Scroll up a line",
    ),
    bind(
        READING,
        &[&[Char('>')]],
        Action::ScrollRight,
        "Scroll wide tables and code to the right (› marks a clipped line)",
    ),
    bind(
        READING,
        &[&[Char('<')]],
        Action::ScrollLeft,
        "Scroll wide tables and code back to the left",
    ),
    bind(
        READING,
        &[&[Char('g')], &[Home]],
        Action::DocStart,
        "Go to the start",
    ),
    bind(
        READING,
        &[&[Char('G')], &[End]],
        Action::DocEnd,
        "Go to the end",
    ),
    bind(
        READING,
        &[&[Char(':')]],
        Action::GoTo,
        "Go to a page (:120) or a percentage (:50%)",
    ),
    bind(
        &[Read, Caret, Toc],
        &[&[Char('t')]],
        Action::Contents,
        "Table of contents",
    ),
    bind(
        READING,
        &[&[Backspace], &[Char('`'), Char('`')]],
        Action::Back,
        "Back to the place before the last jump",
    ),
    // The cursor and selection.
    bind(
        READING,
        &[&[Char('w')]],
        Action::Move(Motion::NextWord),
        "Cursor: next word (w shows the cursor)",
    ),
    bind(
        &[Caret],
        &[&[Char('b')]],
        Action::Move(Motion::PrevWord),
        "Cursor: previous word",
    ),
    bind(
        READING,
        &[&[Char('e')]],
        Action::Move(Motion::WordEnd),
        "Cursor: end of the word",
    ),
    bind(
        &[Caret],
        &[&[Char('E')]],
        Action::Move(Motion::BigWordEnd),
        "Cursor: end of the word and its punctuation",
    ),
    bind(
        READING,
        &[&[Char(')')]],
        Action::Move(Motion::NextSentence),
        "Cursor: next sentence",
    ),
    bind(
        READING,
        &[&[Char('(')]],
        Action::Move(Motion::PrevSentence),
        "Cursor: previous sentence",
    ),
    bind(
        READING,
        &[&[Char('}')]],
        Action::Move(Motion::NextParagraph),
        "Cursor: next paragraph",
    ),
    bind(
        READING,
        &[&[Char('{')]],
        Action::Move(Motion::PrevParagraph),
        "Cursor: previous paragraph",
    ),
    bind(
        &[Caret],
        &[&[Char('j')], &[Down]],
        Action::Move(Motion::LineDown),
        "Cursor: line down",
    ),
    bind(
        &[Caret],
        &[&[Char('k')], &[Up]],
        Action::Move(Motion::LineUp),
        "Cursor: line up",
    ),
    bind(
        READING,
        &[&[Char('v')]],
        Action::Select,
        "Start (or drop) a selection at the cursor",
    ),
    bind(
        READING,
        &[&[Char('V')]],
        Action::SelectParagraph,
        "Select the whole paragraph",
    ),
    // Annotating.
    bind(
        &[Caret],
        &[&[Char('H')]],
        Action::Highlight(1),
        "Highlight the selection",
    ),
    bind(&[Caret], &[&[Char('1')]], Action::Highlight(1), COLOURS),
    bind(&[Caret], &[&[Char('2')]], Action::Highlight(2), COLOURS),
    bind(&[Caret], &[&[Char('3')]], Action::Highlight(3), COLOURS),
    bind(&[Caret], &[&[Char('4')]], Action::Highlight(4), COLOURS),
    bind(&[Caret], &[&[Char('5')]], Action::Highlight(5), COLOURS),
    bind(
        READING,
        &[&[Char('a')]],
        Action::Annotate,
        "Write a note on the selection or the highlight",
    ),
    bind(
        &[Caret],
        &[&[Char('x')]],
        Action::Unhighlight,
        "Remove the highlight under the cursor",
    ),
    bind(
        &[Read, Caret, Notes, Marks],
        &[&[Char('u')]],
        Action::Undo,
        "Undo the last change",
    ),
    bind(
        &[Read, Caret, Notes, Marks, Deck],
        &[&[Ctrl('r')]],
        Action::Redo,
        "Redo what was undone",
    ),
    bind(
        READING,
        &[&[Enter]],
        Action::ShowNote,
        "Show the footnote or note here (re-attach: use the selection)",
    ),
    bind(
        READING,
        &[&[Char('n')]],
        Action::NextMatch,
        "Next search match (with no search: the annotations panel)",
    ),
    bind(
        &[Notes],
        &[&[Char('n')]],
        Action::Annotations,
        "Close the annotations panel",
    ),
    bind(
        READING,
        &[&[Char('N')]],
        Action::PrevMatch,
        "Previous search match",
    ),
    bind(
        &[Lib, Read, Caret, Found],
        &[&[Char('S')]],
        Action::SearchLibrary,
        "Search the whole library and your notes",
    ),
    bind(
        READING,
        &[&[Char('/')]],
        Action::Find,
        "Search this text (smart case; quotes and accents folded)",
    ),
    bind(
        READING,
        &[&[Char('m')]],
        Action::Bookmark,
        "Bookmark this place",
    ),
    bind(
        &[Read, Caret, Marks],
        &[&[Char('\'')]],
        Action::Bookmarks,
        "Bookmarks of this text",
    ),
    bind(
        &[Read, Caret, Lib, Quiz],
        &[&[Char('L')]],
        Action::Library,
        "Switch between the library and the open text",
    ),
    // Reading groups.
    bind(
        &[Read, Lib],
        &[&[Char('E')]],
        Action::Export,
        "Export notes to a file: .md, .html, .csv (Readwise), .json (for your group)",
    ),
    bind(
        &[Read, Lib],
        &[&[Char('I')]],
        Action::Import,
        "Import a member's export, or sync with a shared folder",
    ),
    bind(
        &[Read, Caret, Notes],
        &[&[Char('A')]],
        Action::Whose,
        "Show everyone's annotations, only yours, or one member's",
    ),
    // Cards and reviews.
    bind(
        READING,
        &[&[Char('c')]],
        Action::Card,
        "Make a card from the selection or the highlight",
    ),
    bind(
        &[Read, Caret, Deck],
        &[&[Char('C')]],
        Action::Cards,
        "Cards from this text",
    ),
    bind(
        &[Lib, Read, Caret, Figures],
        &[&[Char('R')]],
        Action::Review,
        "Review the cards due",
    ),
    bind(
        &[Lib],
        &[&[Char('s')], &[Char('%')]],
        Action::Stats,
        "Statistics of your reviews",
    ),
    bind(
        &[Quiz, Figures],
        &[&[Char('%')]],
        Action::Stats,
        "Statistics of your reviews",
    ),
    bind(
        &[Quiz],
        &[&[Char(' ')], &[Enter]],
        Action::Reveal,
        "Show the answer",
    ),
    bind(&[Quiz], &[&[Char('1')]], Action::Answer(1), ANSWERS),
    bind(&[Quiz], &[&[Char('2')]], Action::Answer(2), ANSWERS),
    bind(&[Quiz], &[&[Char('3')]], Action::Answer(3), ANSWERS),
    bind(&[Quiz], &[&[Char('4')]], Action::Answer(4), ANSWERS),
    bind(
        &[Quiz, Deck],
        &[&[Char('u')]],
        Action::Undo,
        "Undo the last answer or change",
    ),
    bind(
        &[Quiz],
        &[&[Char('o')]],
        Action::OpenSource,
        "Open the card's passage (R comes back)",
    ),
    bind(
        &[Quiz, Deck],
        &[&[Char('e')]],
        Action::EditEntry,
        "Edit the card",
    ),
    bind(
        &[Quiz, Deck],
        &[&[Char('s')]],
        Action::Suspend,
        "Suspend (or unsuspend) the card",
    ),
    bind(
        &[Deck],
        &[&[Char('d')]],
        Action::Delete,
        "Delete the card (u undoes)",
    ),
    bind(&[CardEdit], &[&[Tab]], Action::NextField, "Next field"),
    bind(
        &[CardEdit],
        &[&[BackTab]],
        Action::PrevField,
        "Previous field",
    ),
    bind(
        &[CardEdit],
        &[&[Ctrl('k')]],
        Action::SwitchKind,
        "Switch between question/answer and cloze",
    ),
    bind(
        &[CardEdit],
        &[&[Ctrl('b')]],
        Action::Blank,
        "Blank out the selected words (shift+arrows select)",
    ),
    // Lists.
    bind(LISTS, &[&[Char('j')], &[Down]], Action::Down, "Move down"),
    bind(LISTS, &[&[Char('k')], &[Up]], Action::Up, "Move up"),
    bind(
        LISTS,
        &[&[Char('g')], &[Home]],
        Action::Top,
        "Go to the first entry",
    ),
    bind(
        PICK,
        &[&[Char('G')], &[End]],
        Action::Bottom,
        "Go to the last entry",
    ),
    bind(PICK, &[&[Enter]], Action::Open, "Open the selected entry"),
    bind(
        &[Notes, Popup],
        &[&[Char('e')]],
        Action::EditEntry,
        "Edit the note",
    ),
    bind(
        &[Notes, Marks],
        &[&[Char('d')]],
        Action::Delete,
        "Delete (u undoes)",
    ),
    bind(
        &[Notes],
        &[&[Char('/')]],
        Action::Filter,
        "Filter: words, #tag, @colour",
    ),
    bind(
        &[Notes],
        &[&[Char('r')]],
        Action::Reattach,
        "Re-attach an orphaned note to a new passage",
    ),
    bind(
        &[Notes],
        &[&[Char('c')]],
        Action::ConfirmPlace,
        "Confirm the place of a note marked \"moved, please check\"",
    ),
    // Line editors.
    bind(&[Ask], &[&[Enter]], Action::Submit, "Go"),
    bind(
        &[Filtering],
        &[&[Enter]],
        Action::Submit,
        "Keep this filter",
    ),
    bind(
        &[Ask, Filtering],
        &[&[Backspace]],
        Action::Erase,
        "Erase a character",
    ),
    bind(&[Filtering], &[&[Esc]], Action::Close, "Clear the filter"),
    // The note editor and its questions.
    bind(TYPING, &[&[Ctrl('s')]], Action::Save, "Save"),
    bind(
        TYPING,
        &[&[Esc]],
        Action::Close,
        "Close (asks before dropping unsaved text)",
    ),
    bind(
        &[Sure],
        &[&[Char('y')]],
        Action::Yes,
        "Discard the unsaved text",
    ),
    bind(&[Sure], &[&[Char('n')], &[Esc]], Action::No, "Keep editing"),
    bind(
        &[Drafted],
        &[&[Enter]],
        Action::Open,
        "Restore the unsaved note",
    ),
    bind(&[Drafted], &[&[Char('d')]], Action::Delete, "Discard it"),
    bind(&[Popup, Foot], &[&[Enter]], Action::ShowNote, "Close"),
    bind(
        &[Caret, Foot],
        &[&[Char('f')]],
        Action::FollowNote,
        "Go to the footnote under the cursor (Backspace comes back)",
    ),
    // Everywhere.
    bind(
        &[Lib, Read, Caret, HelpMode, Quiz, Figures],
        &[&[Char('?')]],
        Action::Help,
        "Show or hide this help",
    ),
    bind(CLOSABLE, &[&[Esc]], Action::Close, "Close"),
    bind(
        READING,
        &[&[Esc]],
        Action::Close,
        "Drop the selection, then hide the cursor, then end the search",
    ),
    bind(
        &[
            Lib, Read, Caret, Toc, HelpMode, Notes, Marks, Popup, Deck, Quiz, Figures,
        ],
        &[&[Char('q')]],
        Action::Quit,
        "Quit",
    ),
    bind(ALL, &[&[Ctrl('c')]], Action::Quit, "Quit"),
    bind(
        ALL,
        &[&[Ctrl('z')]],
        Action::Background,
        "Suspend (fg in the shell comes back)",
    ),
];

/// Turns key presses into actions, holding the keys of a sequence in progress.
#[derive(Debug, Default)]
pub struct Keymap {
    pending: Vec<Key>,
}

impl Keymap {
    pub fn key(&mut self, mode: Mode, event: KeyEvent) -> Option<Action> {
        let Some(key) = Key::from_event(event) else {
            // Keys no binding names (Delete, F-keys...) still reach the editors.
            return TYPING.contains(&mode).then(|| edit(event));
        };
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
            (Mode::Prompt | Mode::Filter, Char(c)) => Some(Action::Input(c)),
            (mode, _) if TYPING.contains(&mode) => Some(edit(event)),
            _ => None,
        }
    }

    pub fn mouse(&mut self, mode: Mode, event: MouseEvent) -> Option<Action> {
        let reading = matches!(mode, Mode::Reader | Mode::Cursor);
        let list = LISTS.contains(&mode);
        match event.kind {
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
        for &mode in ALL {
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
    fn editors_save_and_close_and_otherwise_type() {
        let mut map = Keymap::default();
        let ctrl_s = KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL);
        for mode in [Edit, CardEdit] {
            assert_eq!(map.key(mode, ctrl_s), Some(Action::Save), "{mode:?}");
            assert_eq!(press(&mut map, mode, KeyCode::Esc), Some(Action::Close));
            assert!(matches!(
                press(&mut map, mode, KeyCode::Char('q')),
                Some(Action::Edit(_))
            ));
            assert!(matches!(
                press(&mut map, mode, KeyCode::Delete),
                Some(Action::Edit(_))
            ));
        }
        assert_eq!(
            press(&mut map, CardEdit, KeyCode::Tab),
            Some(Action::NextField)
        );
        let ctrl_b = KeyEvent::new(KeyCode::Char('b'), KeyModifiers::CONTROL);
        assert_eq!(map.key(CardEdit, ctrl_b), Some(Action::Blank));
    }

    #[test]
    fn review_keys() {
        let mut map = Keymap::default();
        assert_eq!(
            press(&mut map, Quiz, KeyCode::Char(' ')),
            Some(Action::Reveal)
        );
        for n in 1..=4u8 {
            let c = char::from(b'0' + n);
            assert_eq!(
                press(&mut map, Quiz, KeyCode::Char(c)),
                Some(Action::Answer(n))
            );
        }
        assert_eq!(
            press(&mut map, Quiz, KeyCode::Char('o')),
            Some(Action::OpenSource)
        );
        assert_eq!(
            press(&mut map, Quiz, KeyCode::Char('u')),
            Some(Action::Undo)
        );
        assert_eq!(
            press(&mut map, Quiz, KeyCode::Char('q')),
            Some(Action::Quit)
        );
        assert_eq!(
            press(&mut map, Lib, KeyCode::Char('R')),
            Some(Action::Review)
        );
        assert_eq!(
            press(&mut map, Caret, KeyCode::Char('c')),
            Some(Action::Card)
        );
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
