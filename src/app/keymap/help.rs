//! The help, generated from the effective keymap: every scope's keys with what they do, the
//! scopes of the mode the help was opened from first.

use super::{Keymap, SCOPES, describe, label_sequence};
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
                let mut lines: Vec<(String, &'static str)> = Vec::new();
                for entry in self.entries.iter().filter(|e| e.scope == i) {
                    let Some(action) = entry.action else { continue };
                    let keys = label_sequence(&entry.keys);
                    let what = describe(action, mode);
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

/// A group of the help: a heading, perhaps a note, and keys with what they do.
#[derive(Debug)]
pub struct HelpSection {
    pub title: String,
    pub note: Option<String>,
    pub lines: Vec<(String, &'static str)>,
}
