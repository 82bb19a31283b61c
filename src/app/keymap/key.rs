//! A key as the keymap names it: `j`, `G`, `?`, `Space`, `Ctrl-F`, `PgDn`, and sequences of
//! them written with spaces between (`` ` ` ``). Parsing and labels are one table, so that
//! what the help shows is what a keymap file may write.

/// A key press, without the terminal's representation of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
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

/// Named keys and how they are written; the first name of a key is its label.
const NAMED: &[(&str, Key)] = &[
    ("Space", Key::Char(' ')),
    ("Enter", Key::Enter),
    ("Esc", Key::Esc),
    ("Backspace", Key::Backspace),
    ("Up", Key::Up),
    ("Down", Key::Down),
    ("Left", Key::Left),
    ("Right", Key::Right),
    ("PgUp", Key::PageUp),
    ("PgDn", Key::PageDown),
    ("Home", Key::Home),
    ("End", Key::End),
    ("Tab", Key::Tab),
    ("Shift-Tab", Key::BackTab),
    // Other spellings people write.
    ("Return", Key::Enter),
    ("Escape", Key::Esc),
    ("PageUp", Key::PageUp),
    ("PageDown", Key::PageDown),
    ("BackTab", Key::BackTab),
];

impl Key {
    /// Reads one key: a named key, `Ctrl-x`, or a single character.
    pub fn parse(name: &str) -> Result<Key, String> {
        if let Some(&(_, key)) = NAMED.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)) {
            return Ok(key);
        }
        let ctrl = ["ctrl-", "c-", "^"].iter().find_map(|p| {
            let rest = name.get(p.len()..).filter(|rest| !rest.is_empty())?;
            name[..p.len()].eq_ignore_ascii_case(p).then_some(rest)
        });
        let mut chars = ctrl.unwrap_or(name).chars();
        match (chars.next(), chars.next(), ctrl) {
            (Some(c), None, Some(_)) if c.is_ascii_alphabetic() => {
                Ok(Key::Ctrl(c.to_ascii_lowercase()))
            }
            (Some(c), None, None) if !c.is_control() && c != ' ' => Ok(Key::Char(c)),
            _ => Err(format!(
                "{name:?} is not a key (a character, Ctrl-x, or one of Space, Enter, Esc, \
                 Backspace, Tab, Shift-Tab, Up, Down, Left, Right, PgUp, PgDn, Home, End)"
            )),
        }
    }

    /// How the help and the hints write the key.
    pub fn label(self) -> String {
        if let Some((name, _)) = NAMED.iter().find(|(_, k)| *k == self) {
            return (*name).to_string();
        }
        match self {
            Key::Ctrl(c) => format!("Ctrl-{}", c.to_ascii_uppercase()),
            Key::Char(c) => c.to_string(),
            _ => unreachable!("every other key is named"),
        }
    }
}

/// Reads a sequence of keys written with spaces between them (most are one key long).
pub fn parse_sequence(text: &str) -> Result<Vec<Key>, String> {
    let keys = text
        .split_whitespace()
        .map(Key::parse)
        .collect::<Result<Vec<_>, _>>()?;
    if keys.is_empty() {
        return Err("an empty key".into());
    }
    Ok(keys)
}

/// A sequence as the help writes it: keys side by side (`` ` ` `` is two backticks).
pub fn label_sequence(keys: &[Key]) -> String {
    keys.iter().map(|k| k.label()).collect::<Vec<_>>().join("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_read_back_from_their_labels() {
        for key in [
            Key::Char('j'),
            Key::Char('?'),
            Key::Char(' '),
            Key::Ctrl('f'),
            Key::Enter,
            Key::PageDown,
            Key::BackTab,
        ] {
            assert_eq!(Key::parse(&key.label()), Ok(key), "{}", key.label());
        }
        assert_eq!(Key::parse("C-d"), Ok(Key::Ctrl('d')));
        assert_eq!(Key::parse("ctrl-D"), Ok(Key::Ctrl('d')));
        assert_eq!(Key::parse("escape"), Ok(Key::Esc));
        assert!(Key::parse("Ctrl-").is_err());
        assert!(Key::parse("jk").is_err());
        assert!(Key::parse("F13").is_err());
        assert_eq!(
            parse_sequence("` `"),
            Ok(vec![Key::Char('`'), Key::Char('`')])
        );
        assert_eq!(label_sequence(&[Key::Char('`'), Key::Char('`')]), "``");
        assert!(parse_sequence("  ").is_err());
    }
}
