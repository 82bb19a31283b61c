//! The keymap as data: which key means which action in which mode. The defaults are a TOML
//! table embedded in the binary (`default.toml`); a user's `keys.toml`, or the `[keys]` tables
//! of `config.toml`, replace entries one by one. Everything that names a key (the help, the
//! bars' hints, messages) asks this table, so a remapped key shows everywhere.
//!
//! An entry belongs to a scope: one mode, or a group of modes. In a mode, its own scope's
//! entries win over a group's, and narrower groups over wider ones. No sequence may be a prefix
//! of another in one mode (the longer one could never be typed), so a sequence never waits on
//! a timeout.

mod check;
mod help;
mod key;
mod names;

use std::collections::HashMap;

pub use help::HelpSection;
pub use key::{Key, label_sequence, parse_sequence};
pub use names::{describe, name as action_name, parse as parse_action};

use super::{Action, Mode};
use crate::config::{self, KeyLine, Origin, Warning};

/// The default keymap, as shipped.
pub const DEFAULT_KEYS: &str = include_str!("default.toml");

/// A named set of modes that a keymap table binds keys in.
pub struct Scope {
    pub name: &'static str,
    pub modes: &'static [Mode],
    /// Lower wins: a mode's own scope is 0.
    rank: u8,
    /// The help's heading for the scope's keys.
    pub title: &'static str,
}

use Mode::*;

/// Every scope, in the order the help lists them.
pub const SCOPES: &[Scope] = &[
    scope("reading", &[Reader, Cursor], 1, "Reading"),
    scope("reader", &[Reader], 0, "Reading, without the cursor"),
    scope("cursor", &[Cursor], 0, "With the cursor"),
    scope("library", &[Library], 0, "Library"),
    scope(
        "lists",
        &[
            Library,
            Contents,
            Help,
            Annotations,
            Bookmarks,
            Cards,
            Results,
            News,
            Members,
            CardInfo,
        ],
        2,
        "Every list",
    ),
    scope(
        "panels",
        &[
            Contents,
            Help,
            Annotations,
            Bookmarks,
            Note,
            Footnote,
            Draft,
            Cards,
            Results,
            News,
            Members,
            Review,
            Stats,
            CardInfo,
        ],
        3,
        "Every panel, the review and the statistics",
    ),
    scope("contents", &[Contents], 0, "Table of contents"),
    scope("help", &[Help], 0, "This help"),
    scope("notes", &[Annotations], 0, "Annotations panel"),
    scope("bookmarks", &[Bookmarks], 0, "Bookmarks"),
    scope("cards", &[Cards], 0, "A text's cards"),
    scope("results", &[Results], 0, "Library search results"),
    scope("news", &[News], 0, "What is new from your group"),
    scope(
        "members",
        &[Members],
        0,
        "Whose annotations are shown (many members)",
    ),
    scope("review", &[Review], 0, "Review"),
    scope("stats", &[Stats], 0, "Statistics"),
    scope("card-info", &[CardInfo], 0, "A card shown whole"),
    scope("note", &[Note], 0, "A note"),
    scope("footnote", &[Footnote], 0, "A footnote"),
    scope("draft", &[Draft], 0, "An unsaved note offered back"),
    scope("prompt", &[Prompt], 0, "A prompt (go to, search, a file)"),
    scope("filter", &[Filter], 0, "The annotations panel's filter"),
    scope("typing", &[Editor, CardEditor], 1, "Note and card editors"),
    scope("editor", &[Editor], 0, "Note editor"),
    scope("card-editor", &[CardEditor], 0, "Card editor"),
    scope("confirm", &[Confirm], 0, "A question (discard? remove?)"),
    scope("everywhere", Mode::ALL, 4, "Everywhere"),
];

const fn scope(name: &'static str, modes: &'static [Mode], rank: u8, title: &'static str) -> Scope {
    Scope {
        name,
        modes,
        rank,
        title,
    }
}

/// One line of a keymap file: in `scope`, `keys` do `action` (`None`: unbound), or
/// `otherwise` when `action` does not apply at the moment (`n = "next-match | annotations"`:
/// with no search, the panel).
#[derive(Debug, Clone)]
pub struct Entry {
    pub scope: usize,
    pub keys: Vec<Key>,
    pub action: Option<Action>,
    pub otherwise: Option<Action>,
    /// Where it was written: the defaults have no origin.
    pub origin: Option<(Origin, usize)>,
}

/// What a key pressed so far means in a mode.
#[derive(Debug, PartialEq, Eq)]
pub enum Lookup {
    Action(Action),
    /// The first action if it applies at the moment (see `App::applies`), else the second.
    Either(Action, Action),
    /// The start of a sequence: wait for the next key.
    Prefix,
    Unbound,
}

/// A binding in effect in a mode.
#[derive(Debug, Clone)]
struct Bound {
    keys: Vec<Key>,
    action: Action,
    otherwise: Option<Action>,
    scope: usize,
}

/// The effective keymap: defaults with the user's entries applied.
#[derive(Debug)]
pub struct Keymap {
    /// The entries in effect, in the order the help lists them.
    entries: Vec<Entry>,
    modes: HashMap<Mode, Vec<Bound>>,
}

impl Default for Keymap {
    fn default() -> Keymap {
        let (map, warnings) = Keymap::build(&[]);
        debug_assert!(warnings.is_empty(), "{warnings:?}");
        map
    }
}

/// Reads what a keys file's line means: an entry, or why it is left out.
fn entry(line: &KeyLine) -> Result<Entry, String> {
    let Some(scope) = SCOPES.iter().position(|s| s.name == line.scope) else {
        let names: Vec<&str> = SCOPES.iter().map(|s| s.name).collect();
        return Err(format!(
            "no mode or group {:?} (there are: {})",
            line.scope,
            names.join(", ")
        ));
    };
    let keys = parse_sequence(&line.keys)?;
    let (action, otherwise) = match line.action.as_deref() {
        Some("none") => (None, None),
        Some(names) => {
            let mut names = names.split('|').map(str::trim);
            let first = parse_action(names.next().unwrap_or_default())?;
            let otherwise = names.next().map(parse_action).transpose()?;
            if names.next().is_some() {
                return Err("a key takes an action, and at most one to do otherwise".into());
            }
            (Some(first), otherwise)
        }
        None => return Err("the action should be a string, like \"next-page\"".into()),
    };
    Ok(Entry {
        scope,
        keys,
        action,
        otherwise,
        origin: Some((line.origin.clone(), line.line)),
    })
}

/// The entries of `lines`, with a warning for each line left out.
fn entries(lines: &[KeyLine], warnings: &mut Vec<Warning>) -> Vec<Entry> {
    lines
        .iter()
        .filter_map(|line| {
            entry(line)
                .map_err(|err| warnings.push(line.origin.warn(line.line, err)))
                .ok()
        })
        .collect()
}

impl Keymap {
    /// The defaults with `user` entries applied in order, and what is wrong with them.
    pub fn build(user: &[KeyLine]) -> (Keymap, Vec<Warning>) {
        let mut warnings = Vec::new();
        let lines = config::parse_keys(DEFAULT_KEYS, &Origin::defaults(), &mut warnings);
        let mut entries = self::entries(&lines, &mut warnings);
        for entry in &mut entries {
            entry.origin = None;
        }
        let defaults = Keymap::resolve(entries.clone());
        for entry in self::entries(user, &mut warnings) {
            let same = entries
                .iter()
                .position(|e| e.scope == entry.scope && e.keys == entry.keys);
            match same {
                Some(i) => {
                    if let (Some((origin, line)), Some((before, _))) =
                        (&entry.origin, &entries[i].origin)
                    {
                        warnings.push(origin.warn(
                            *line,
                            format!(
                                "{} in [{}] is bound again here (first in {before}); this one wins",
                                label_sequence(&entry.keys),
                                SCOPES[entry.scope].name
                            ),
                        ));
                    }
                    entries[i] = entry;
                }
                None => entries.push(entry),
            }
        }
        let mut map = Keymap::resolve(entries);
        map.check(&defaults, &mut warnings);
        (map, warnings)
    }

    /// The bindings in effect in each mode.
    fn resolve(entries: Vec<Entry>) -> Keymap {
        let mut modes: HashMap<Mode, Vec<Bound>> = HashMap::new();
        for (i, scope) in SCOPES.iter().enumerate() {
            for &mode in scope.modes {
                let bound = modes.entry(mode).or_default();
                for entry in entries.iter().filter(|e| e.scope == i) {
                    let existing = bound.iter().position(|b| b.keys == entry.keys);
                    let wins = existing.is_none_or(|j| SCOPES[bound[j].scope].rank >= scope.rank);
                    if !wins {
                        continue;
                    }
                    if let Some(j) = existing {
                        bound.remove(j);
                    }
                    if let Some(action) = entry.action {
                        bound.push(Bound {
                            keys: entry.keys.clone(),
                            action,
                            otherwise: entry.otherwise,
                            scope: i,
                        });
                    }
                }
            }
        }
        Keymap { entries, modes }
    }

    /// What the keys pressed so far mean in `mode`.
    pub fn lookup(&self, mode: Mode, pressed: &[Key]) -> Lookup {
        let Some(bound) = self.modes.get(&mode) else {
            return Lookup::Unbound;
        };
        if let Some(b) = bound.iter().find(|b| b.keys == pressed) {
            return match b.otherwise {
                Some(otherwise) => Lookup::Either(b.action, otherwise),
                None => Lookup::Action(b.action),
            };
        }
        if bound.iter().any(|b| b.keys.starts_with(pressed)) {
            Lookup::Prefix
        } else {
            Lookup::Unbound
        }
    }

    /// The first key of `action` in `mode`, as the help writes it.
    pub fn key_for(&self, mode: Mode, action: Action) -> Option<String> {
        self.modes
            .get(&mode)?
            .iter()
            .find(|b| b.action == action)
            .map(|b| label_sequence(&b.keys))
    }

    /// `template` with each `[action-name]` in it replaced by the reader's key for that action
    /// (in `mode` if it has one there, else wherever it is bound): messages name keys through
    /// the keymap, never by hand, so a remapped key shows everywhere.
    pub fn fill(&self, mode: Mode, template: &str) -> String {
        let mut out = String::with_capacity(template.len());
        let mut rest = template;
        while let Some(open) = rest.find('[') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let Some(close) = after.find(']') else {
                rest = &rest[open..];
                break;
            };
            let name = &after[..close];
            match parse_action(name) {
                Ok(action) => out.push_str(
                    &self
                        .key_anywhere(mode, action)
                        .unwrap_or_else(|| format!("{name} (no key)")),
                ),
                Err(_) => {
                    out.push('[');
                    out.push_str(name);
                    out.push(']');
                }
            }
            rest = &after[close + 1..];
        }
        out.push_str(rest);
        out
    }

    /// The key of `action` in `mode`, else in the first mode that binds it.
    fn key_anywhere(&self, mode: Mode, action: Action) -> Option<String> {
        self.key_for(mode, action)
            .or_else(|| Mode::ALL.iter().find_map(|m| self.key_for(*m, action)))
    }

    /// A bar's reminder of keys: `v select · a note`, leaving out actions with no key.
    pub fn hint(&self, mode: Mode, wanted: &[(Action, &str)]) -> String {
        wanted
            .iter()
            .filter_map(|(action, what)| Some(format!("{} {what}", self.key_for(mode, *action)?)))
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

/// Whether `mode` is a list (the mouse wheel moves through it): the modes of the "lists" scope.
pub fn is_list(mode: Mode) -> bool {
    SCOPES
        .iter()
        .any(|s| s.name == "lists" && s.modes.contains(&mode))
}

/// The name of a mode's own scope.
pub fn mode_name(mode: Mode) -> &'static str {
    SCOPES
        .iter()
        .find(|s| s.rank == 0 && s.modes == [mode])
        .map_or("?", |s| s.name)
}

#[cfg(test)]
mod tests;
