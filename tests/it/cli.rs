//! The subcommands' output, called as functions on an in-memory store: what they print, and
//! what they refuse.

use gloss::anchor::Anchor;
use gloss::cli;
use gloss::library;
use gloss::store::Store;

const NOW: i64 = 1_795_000_000;

fn printed(run: impl FnOnce(&mut Vec<u8>) -> anyhow::Result<()>) -> String {
    let mut out = Vec::new();
    run(&mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn library() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    library::register_bundled(&mut store, NOW).unwrap();
    store
}

#[test]
fn settings_are_checked_set_and_listed() {
    let mut store = library();
    let set = printed(|out| cli::config::set(out, &mut store, "learning-steps", " 2  20 "));
    assert_eq!(set, "learning-steps = 2 20\n");
    let err = cli::config::set(&mut Vec::new(), &mut store, "retention", "2").unwrap_err();
    assert!(err.to_string().contains("0.70 to 0.99"), "{err}");
    let err = cli::config::get(&mut Vec::new(), &store, "colour").unwrap_err();
    assert!(
        err.to_string().contains("settings: name, retention"),
        "{err}"
    );
    printed(|out| cli::config::set(out, &mut store, "name", "Ana\x1b[31m\nMaria"));
    let list = printed(|out| cli::config::list(out, &mut store));
    assert!(list.contains("name              Ana Maria\n"), "{list}");
    assert!(list.contains("learning-steps    2 20\n"), "{list}");
    assert!(list.contains("retention         0.9\n"), "{list}");
    let got = printed(|out| cli::config::get(out, &store, "new-per-day"));
    assert_eq!(got, "(default)\n");
}

#[test]
fn lists_print_the_library_and_notes_clean() {
    let mut store = library();
    let entries = store.library().unwrap();
    let list = printed(|out| cli::library::list(out, &entries, false));
    assert!(list.starts_with("TITLE"), "{list}");
    assert_eq!(list.lines().count(), entries.len() + 1);

    let doc = library::resolve(&store, "Dissolution").unwrap();
    let text = "a quote to note";
    let anchor = Anchor::new(text, 2..7, 2);
    store
        .add_annotation(
            doc.id,
            &anchor,
            2,
            "see \x1b]0;owned\x07this #key",
            text,
            NOW,
        )
        .unwrap();
    let listed = store.all_annotations(None, None).unwrap();
    let notes = printed(|out| cli::notes::notes(out, &listed, "me", false));
    assert!(notes.contains("“quote” · me"), "{notes}");
    assert!(notes.contains("      see this #key\n"), "{notes}");
    assert!(!notes.contains('\x1b'));
    let json = printed(|out| cli::notes::notes(out, &listed, "me", true));
    let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(parsed[0]["color"], "green");
    assert_eq!(parsed[0]["tags"][0], "key");
}
