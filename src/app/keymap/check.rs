//! What a user's keymap is told: entries that do nothing where they are, keys they take from
//! another action or that a narrower scope overrides, and sequences a shorter key hides.

use super::{
    Action, Entry, Keymap, Mode, Origin, SCOPES, Warning, action_name, label_sequence, mode_name,
};

impl Keymap {
    /// Reports what the user's entries do that they may not mean, and drops sequences that a
    /// shorter one hides.
    pub(super) fn check(&mut self, defaults: &Keymap, warnings: &mut Vec<Warning>) {
        self.drop_unhandled(defaults, warnings);
        let user: Vec<&Entry> = self.entries.iter().filter(|e| e.origin.is_some()).collect();
        for entry in &user {
            let (origin, line) = entry.origin.clone().expect("a user entry");
            let scope = &SCOPES[entry.scope];
            let keys = label_sequence(&entry.keys);
            for &mode in scope.modes {
                let bound = &self.modes[&mode];
                // A narrower scope binds the key otherwise in this mode.
                if let (Some(action), Some(b)) =
                    (entry.action, bound.iter().find(|b| b.keys == entry.keys))
                    && b.scope != entry.scope
                    && b.action != action
                {
                    warnings.push(origin.warn(
                        line,
                        format!(
                            "{keys} in [{}] does not apply in {}: [{}] binds it to \"{}\" there",
                            scope.name,
                            mode_name(mode),
                            SCOPES[b.scope].name,
                            action_name(b.action)
                        ),
                    ));
                }
                // What the key did before has no key left in this mode.
                if let Some(was) = defaults.modes[&mode].iter().find(|b| b.keys == entry.keys)
                    && Some(was.action) != entry.action
                    && !bound.iter().any(|b| b.action == was.action)
                {
                    warnings.push(origin.warn(
                        line,
                        format!(
                            "\"{}\" has no key left in {} (it was {keys})",
                            action_name(was.action),
                            mode_name(mode)
                        ),
                    ));
                }
            }
        }
        // A sequence that starts with another can never be typed: the shorter one wins.
        for (mode, bound) in &mut self.modes {
            let hidden: Vec<usize> = (0..bound.len())
                .filter(|&i| {
                    (0..bound.len()).any(|j| {
                        i != j
                            && bound[i].keys.len() > bound[j].keys.len()
                            && bound[i].keys.starts_with(&bound[j].keys)
                    })
                })
                .collect();
            for &i in hidden.iter().rev() {
                let long = bound.remove(i);
                let at = self
                    .entries
                    .iter()
                    .filter(|e| e.keys.starts_with(&long.keys[..1]))
                    .find_map(|e| e.origin.clone());
                let text = format!(
                    "in {}, {} (\"{}\") can never be typed: a shorter key starts it",
                    mode_name(*mode),
                    label_sequence(&long.keys),
                    action_name(long.action)
                );
                match at {
                    Some((origin, line)) => warnings.push(origin.warn(line, text)),
                    None => warnings.push(Origin::defaults().warn(0, text)),
                }
            }
        }
        warnings.sort_by_key(|w| w.to_string());
        warnings.dedup_by(|a, b| a.to_string() == b.to_string());
    }

    /// Drops the user's entries whose action no mode of their scope handles (`[library] z =
    /// "next-page"`), saying so: the key would do nothing, and the help would list it. What a
    /// mode handles is what its defaults bind (a `highlight` or a `move` of any kind).
    fn drop_unhandled(&mut self, defaults: &Keymap, warnings: &mut Vec<Warning>) {
        let kind = std::mem::discriminant::<Action>;
        let handled = |mode: &Mode, action: Action| {
            defaults.modes[mode]
                .iter()
                .any(|b| kind(&b.action) == kind(&action))
        };
        let mut dropped = Vec::new();
        for (i, entry) in self.entries.iter().enumerate() {
            let (Some(action), Some((origin, line))) = (entry.action, &entry.origin) else {
                continue;
            };
            let scope = &SCOPES[entry.scope];
            if scope.modes.iter().any(|mode| handled(mode, action)) {
                continue;
            }
            warnings.push(origin.warn(
                *line,
                format!(
                    "{} in [{}]: \"{}\" does nothing there",
                    label_sequence(&entry.keys),
                    scope.name,
                    action_name(action)
                ),
            ));
            dropped.push(i);
        }
        for &i in dropped.iter().rev() {
            let entry = self.entries.remove(i);
            for mode in SCOPES[entry.scope].modes {
                if let Some(bound) = self.modes.get_mut(mode) {
                    bound.retain(|b| !(b.scope == entry.scope && b.keys == entry.keys));
                }
            }
        }
    }
}
