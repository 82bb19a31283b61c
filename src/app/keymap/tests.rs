use super::*;
use crate::app::Motion;
use std::path::Path;

fn user(text: &str) -> (Keymap, Vec<String>) {
    let mut warnings = Vec::new();
    let lines = config::parse_keys(text, &Origin::file(Path::new("keys.toml")), &mut warnings);
    let (map, more) = Keymap::build(&lines);
    warnings.extend(more);
    (map, warnings.iter().map(|w| w.to_string()).collect())
}

#[test]
fn the_defaults_are_consistent() {
    let (map, warnings) = Keymap::build(&[]);
    assert!(warnings.is_empty(), "{warnings:?}");
    // No sequence hides another in any mode, and every mode has a way out.
    for (mode, bound) in &map.modes {
        for a in bound {
            for b in bound {
                assert!(
                    std::ptr::eq(a, b) || !b.keys.starts_with(&a.keys),
                    "{mode:?}: {:?} hides {:?}",
                    a.keys,
                    b.keys
                );
            }
        }
        assert!(
            bound
                .iter()
                .any(|b| matches!(b.action, Action::Close | Action::Quit | Action::No)),
            "{mode:?} has no way out"
        );
    }
}

#[test]
fn a_key_keeps_its_meaning_when_the_cursor_shows_or_the_help_says_so() {
    let map = Keymap::default();
    let help = map.help(Mode::Cursor);
    let cursor = help.iter().find(|s| s.title == "With the cursor").unwrap();
    let note = cursor.note.as_deref().unwrap();
    for key in ["b", "j", "k", "E"] {
        assert!(
            note.contains(&format!(" {key}")),
            "{key} is not said to change meaning: {note}"
        );
    }
    // Paging, searching and the rest mean the same in both.
    for key in [
        Key::Char(' '),
        Key::Ctrl('d'),
        Key::Char('/'),
        Key::Char('?'),
    ] {
        assert_eq!(
            map.lookup(Mode::Reader, &[key]),
            map.lookup(Mode::Cursor, &[key]),
            "{key:?}"
        );
    }
}

#[test]
fn a_user_entry_replaces_one_default_and_shows_in_the_help() {
    let (map, warnings) = user("[reading]\nx = \"next-page\"\nSpace = \"none\"\n");
    assert_eq!(
        map.lookup(Mode::Reader, &[Key::Char('x')]),
        Lookup::Action(Action::NextPage)
    );
    assert_eq!(map.lookup(Mode::Reader, &[Key::Char(' ')]), Lookup::Unbound);
    // Other keys of the action stay.
    assert_eq!(
        map.lookup(Mode::Reader, &[Key::PageDown]),
        Lookup::Action(Action::NextPage)
    );
    let help = map.help(Mode::Reader);
    let reading = help.iter().find(|s| s.title == "Reading").unwrap();
    let next = reading
        .lines
        .iter()
        .find(|(_, w)| *w == "Next page")
        .unwrap();
    assert!(next.0.split(' ').any(|k| k == "x"), "{next:?}");
    assert!(!next.0.split(' ').any(|k| k == "Space"), "{next:?}");
    assert_eq!(map.key_for(Mode::Reader, Action::NextPage).unwrap(), "PgDn");
    // x removes a highlight in the cursor's own table: the user is told.
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("x in [reading] does not apply in cursor"));
}

#[test]
fn mistakes_are_reported_with_their_line() {
    let text = "[reader]\nx = \"fly\"\n\"jk\" = \"next-page\"\ny = 3\n[nowhere]\nz = \"quit\"\n";
    let (_, warnings) = user(text);
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("line 2") && w.contains("not an action"))
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("line 3") && w.contains("not a key"))
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("line 4") && w.contains("should be a string"))
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("line 6") && w.contains("no mode or group"))
    );
}

#[test]
fn conflicts_are_reported() {
    // The same key in config.toml's [keys] and in keys.toml: the later wins, and the user
    // is told where both are.
    let mut lines = Vec::new();
    for (file, action) in [("config.toml", "next-page"), ("keys.toml", "prev-page")] {
        let text = format!("[reader]\nx = \"{action}\"\n");
        lines.extend(config::parse_keys(
            &text,
            &Origin::file(Path::new(file)),
            &mut Vec::new(),
        ));
    }
    let (map, warnings) = Keymap::build(&lines);
    assert_eq!(
        map.lookup(Mode::Reader, &[Key::Char('x')]),
        Lookup::Action(Action::PrevPage)
    );
    assert!(
        warnings.iter().any(|w| w.to_string()
            == "keys.toml line 2: x in [reader] is bound again here (first in config.toml); \
                this one wins"),
        "{warnings:?}"
    );
    // A key that took the only key of an action away.
    let (_, warnings) = user("[reading]\nt = \"next-page\"\n");
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("\"contents\" has no key left")),
        "{warnings:?}"
    );
    // A sequence that a shorter key starts can never be typed.
    let (map, warnings) = user("[reader]\n\"g x\" = \"next-page\"\n");
    assert!(
        warnings.iter().any(|w| w.contains("can never be typed")),
        "{warnings:?}"
    );
    assert_eq!(
        map.lookup(Mode::Reader, &[Key::Char('g')]),
        Lookup::Action(Action::DocStart)
    );
}

#[test]
fn hints_name_the_keys_in_effect() {
    let (map, _) = user("[reading]\nF = \"find\"\n\"/\" = \"none\"\n");
    let hint = map.hint(
        Mode::Reader,
        &[
            (Action::Find, "search"),
            (Action::Move(Motion::NextWord), "cursor"),
        ],
    );
    assert_eq!(hint, "F search · w cursor");
}

#[test]
fn an_action_a_screen_never_handles_is_refused_and_left_out_of_the_help() {
    let (map, warnings) = user("[library]\nz = \"next-page\"\nx = \"stats\"\n");
    assert_eq!(
        warnings,
        ["keys.toml line 2: z in [library]: \"next-page\" does nothing there"]
    );
    assert_eq!(
        map.lookup(Mode::Library, &parse_sequence("z").unwrap()),
        Lookup::Unbound
    );
    let listed: Vec<String> = map
        .help(Mode::Library)
        .into_iter()
        .filter(|s| s.title == "Library")
        .flat_map(|s| s.lines)
        .flat_map(|(keys, _)| keys.split(' ').map(str::to_string).collect::<Vec<_>>())
        .collect();
    assert!(!listed.iter().any(|k| k == "z"));
    assert!(listed.iter().any(|k| k == "x"));
}

#[test]
fn a_message_names_the_reader_s_own_keys() {
    let (map, warnings) = user(
        "[reading]\ns = \"select\"\nv = \"none\"\nK = \"highlight 1\"\nH = \"none\"\n\
         [cursor]\nK = \"highlight 1\"\nH = \"none\"\n",
    );
    assert!(
        warnings.iter().all(|w| !w.contains("does nothing")),
        "{warnings:?}"
    );
    assert_eq!(
        map.fill(
            Mode::Reader,
            "select ([select]) then [highlight 1]; [annotate] notes"
        ),
        "select (s) then K; a notes"
    );
    // Not an action's name: left as written.
    assert_eq!(map.fill(Mode::Reader, "[sic] and [1]"), "[sic] and [1]");
    let (none, _) = user("[reading]\nc = \"none\"\n");
    assert_eq!(none.fill(Mode::Reader, "then [card]"), "then card (no key)");
}

#[test]
fn the_keys_in_effect_read_back_as_a_keys_file() {
    let (map, warnings) =
        user("[reading]\ns = \"select\"\nv = \"none\"\n\"Z Z\" = \"doc-start\"\n");
    assert!(warnings.is_empty(), "{warnings:?}");
    let written = map.as_keys_file();
    assert!(written.contains("\n[reading]\n"), "{written}");
    assert!(written.contains("s = \"select\"  # "), "{written}");
    let (again, warnings) = user(&written);
    assert!(warnings.is_empty(), "{warnings:?}");
    for mode in Mode::ALL {
        let mut a: Vec<String> = map.modes[mode]
            .iter()
            .map(|b| format!("{:?} {:?}", b.keys, b.action))
            .collect();
        let mut b: Vec<String> = again.modes[mode]
            .iter()
            .map(|b| format!("{:?} {:?}", b.keys, b.action))
            .collect();
        a.sort();
        b.sort();
        assert_eq!(a, b, "{mode:?}");
    }
}
