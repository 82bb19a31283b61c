//! The help, generated from the effective keymap: every scope's keys with what they do, the
//! scopes of the mode the help was opened from first.

use super::{Entry, Keymap, SCOPES, action_name, describe, label_sequence};
use crate::app::{Action, Mode, Motion};

impl Keymap {
    /// Every binding, grouped by scope for the help: the scopes of `mode` first.
    pub fn help(&self, mode: Mode) -> Vec<HelpSection> {
        let mut order: Vec<usize> = (0..SCOPES.len()).collect();
        order.sort_by_key(|&i| !SCOPES[i].modes.contains(&mode));
        order
            .into_iter()
            .filter_map(|i| {
                let scope = &SCOPES[i];
                let mode = scope.modes[0];
                let mut lines: Vec<(String, String)> = Vec::new();
                for entry in self.entries.iter().filter(|e| e.scope == i) {
                    let Some(action) = entry.action else { continue };
                    let keys = label_sequence(&entry.keys);
                    let what = what_it_does(action, entry.otherwise, mode);
                    match lines.iter_mut().find(|(_, w)| *w == what) {
                        Some((existing, _)) => {
                            existing.push(' ');
                            existing.push_str(&keys);
                        }
                        None => lines.push((keys, what)),
                    }
                }
                (!lines.is_empty()).then(|| HelpSection {
                    title: scope.title.to_string(),
                    note: self.changed_meaning(i),
                    lines,
                })
            })
            .collect()
    }

    /// For the cursor's scope: the reading keys that mean something else once it shows.
    fn changed_meaning(&self, scope: usize) -> Option<String> {
        if SCOPES[scope].name != "cursor" {
            return None;
        }
        let reader = &self.modes[&Mode::Reader];
        let changed: Vec<String> = self.modes[&Mode::Cursor]
            .iter()
            .filter(|b| {
                b.scope == scope
                    && reader
                        .iter()
                        .any(|r| r.keys == b.keys && r.action != b.action)
            })
            .map(|b| label_sequence(&b.keys))
            .collect();
        let shows: Vec<String> = [
            Action::Move(Motion::NextWord),
            Action::Move(Motion::WordEnd),
            Action::Select,
        ]
        .iter()
        .filter_map(|a| self.key_for(Mode::Reader, *a))
        .collect();
        Some(format!(
            "{} show the cursor, {} hides it; with it, {} change meaning",
            shows.join(" "),
            self.key_for(Mode::Cursor, Action::Close)
                .unwrap_or_default(),
            changed.join(" ")
        ))
    }
}

impl Keymap {
    /// The keys in effect, scope by scope, written as a keys file (`keys.toml`): each entry
    /// with what its action does. `gloss config keys` prints it; it reads back as it is.
    pub fn as_keys_file(&self) -> String {
        let mut out = String::from(
            "# The keys in effect: gloss's defaults with your keys.toml applied. Each table is a\n\
             # scope (a mode, or a group of modes); each entry a key (or keys pressed in turn)\n\
             # and the name of an action. Copy an entry into keys.toml to change it.\n",
        );
        for (i, scope) in SCOPES.iter().enumerate() {
            let entries = self.effective(i);
            if entries.is_empty() {
                continue;
            }
            out.push_str(&format!("\n# {}\n[{}]\n", scope.title, scope.name));
            for entry in entries {
                let keys: Vec<String> = entry.keys.iter().map(|k| k.label()).collect();
                let (name, what) = match entry.action {
                    Some(action) => (
                        names_of(action, entry.otherwise),
                        what_it_does(action, entry.otherwise, scope.modes[0]),
                    ),
                    None => ("none".to_string(), "unbound".to_string()),
                };
                // TOML's own quoting: a key bare when it can be, names as strings.
                let key = toml_edit::Key::new(keys.join(" "));
                let name = toml_edit::Value::from(name);
                out.push_str(&format!("{} = {name}  # {what}\n", key.display_repr()));
            }
        }
        out
    }

    /// Every key of every scope as a Markdown reference (`docs/keys.md`): for each scope, its
    /// keys, the action's name (what `keys.toml` writes) and what it does.
    pub fn as_markdown(&self) -> String {
        let mut out = String::from(
            "# Gloss: every key\n\n\
             Generated from the default keymap (`src/app/keymap/default.toml`) by \
             `tests/it/docs.rs`, which fails when this file is stale. `gloss config keys` prints \
             the keys in effect, yours included, as a `keys.toml` you can copy entries from: \
             a table per scope, each entry a key (or keys pressed in turn) and an action's \
             name. A mode's own table wins over a group's.\n",
        );
        for (i, scope) in SCOPES.iter().enumerate() {
            let mut rows: Vec<(String, String, String)> = Vec::new();
            for entry in self.effective(i) {
                let Some(action) = entry.action else { continue };
                let keys = entry
                    .keys
                    .iter()
                    .map(|k| k.label())
                    .collect::<Vec<_>>()
                    .join(" ");
                // A key that is a backquote needs a longer fence.
                let keys = match keys.contains('`') {
                    true => format!("`` {keys} ``"),
                    false => format!("`{keys}`"),
                };
                let name = names_of(action, entry.otherwise);
                match rows.iter_mut().find(|(_, n, _)| *n == name) {
                    Some((existing, _, _)) => {
                        existing.push_str(", ");
                        existing.push_str(&keys);
                    }
                    None => rows.push((
                        keys,
                        name,
                        what_it_does(action, entry.otherwise, scope.modes[0]),
                    )),
                }
            }
            if rows.is_empty() {
                continue;
            }
            out.push_str(&format!("\n## {} (`[{}]`)\n\n", scope.title, scope.name));
            out.push_str("| keys | action | what it does |\n| --- | --- | --- |\n");
            for (keys, name, what) in rows {
                // A table's cells split at a `|`, inside code too.
                let (keys, name) = (keys.replace('|', "\\|"), name.replace('|', "\\|"));
                out.push_str(&format!("| {keys} | `{name}` | {what} |\n"));
            }
        }
        out
    }

    /// The entries of scope `i` in effect: for each key, the last written.
    fn effective(&self, i: usize) -> Vec<&Entry> {
        let mut entries: Vec<&Entry> = Vec::new();
        for entry in self.entries.iter().filter(|e| e.scope == i) {
            match entries.iter().position(|e| e.keys == entry.keys) {
                Some(j) => entries[j] = entry,
                None => entries.push(entry),
            }
        }
        entries
    }
}

/// What a key does, in the help's words: its action's, and what it does otherwise.
fn what_it_does(action: Action, otherwise: Option<Action>, mode: Mode) -> String {
    match otherwise {
        Some(otherwise) => format!(
            "{}; else: {}",
            describe(action, mode),
            describe(otherwise, mode)
        ),
        None => describe(action, mode).to_string(),
    }
}

/// The action's name as a keys file writes it: `next-match | annotations` for a key that does
/// another otherwise.
fn names_of(action: Action, otherwise: Option<Action>) -> String {
    match otherwise {
        Some(otherwise) => format!("{} | {}", action_name(action), action_name(otherwise)),
        None => action_name(action).to_string(),
    }
}

/// A group of the help: a heading, perhaps a note, and keys with what they do.
#[derive(Debug)]
pub struct HelpSection {
    pub title: String,
    pub note: Option<String>,
    pub lines: Vec<(String, String)>,
}
