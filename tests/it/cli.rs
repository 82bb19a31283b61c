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

/// The Letter's library entry and its text.
fn letter(store: &mut Store) -> (gloss::document::LibraryEntry, String) {
    let entry = library::resolve(store, "Letter").unwrap();
    let text = library::open_entry(store, &entry, NOW).unwrap().doc.content;
    (entry, text)
}

fn library() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    library::register_bundled(&mut store, NOW).unwrap();
    store
}

#[test]
fn settings_are_checked_set_and_listed() {
    let mut store = library();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("gloss").join("config.toml");
    let set = printed(|out| cli::config::set(out, &mut store, &file, "learning-steps", " 2  20 "));
    assert_eq!(set, "learning-steps = 2 20\n");
    let err = cli::config::set(&mut Vec::new(), &mut store, &file, "retention", "2").unwrap_err();
    assert!(err.to_string().contains("0.70 to 0.99"), "{err}");
    let err = cli::config::get(&mut Vec::new(), &store, &file, "colour").unwrap_err();
    assert!(
        err.to_string().contains("theme, start, width")
            && err.to_string().contains("name, retention"),
        "{err}"
    );
    printed(|out| cli::config::set(out, &mut store, &file, "name", "Ana\x1b[31m\nMaria"));
    let list = printed(|out| cli::config::list(out, &mut store, &file));
    assert!(list.contains("name                Ana Maria\n"), "{list}");
    assert!(list.contains("learning-steps      2 20\n"), "{list}");
    assert!(list.contains("retention           0.9\n"), "{list}");
    assert!(list.contains("theme               auto\n"), "{list}");
    assert!(list.contains("(no file yet: defaults)"), "{list}");
    let got = printed(|out| cli::config::get(out, &store, &file, "new-per-day"));
    assert_eq!(got, "(default)\n");
}

#[test]
fn file_settings_are_written_to_the_settings_file() {
    let mut store = library();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("gloss").join("config.toml");
    let init = printed(|out| cli::config::init(out, &file, false));
    assert!(init.starts_with("wrote "), "{init}");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        gloss::config::DEFAULT_CONFIG
    );
    let again = cli::config::init(&mut Vec::new(), &file, false).unwrap_err();
    assert!(again.to_string().contains("--force"), "{again}");
    let set = printed(|out| cli::config::set(out, &mut store, &file, "theme", "light"));
    assert!(set.starts_with("theme = light (in "), "{set}");
    let set =
        printed(|out| cli::config::set(out, &mut store, &file, "colors.highlight-1", "on 200"));
    assert!(set.starts_with("colors.highlight-1 = on 200"), "{set}");
    assert_eq!(
        printed(|out| cli::config::get(out, &store, &file, "theme")),
        "light\n"
    );
    let err = cli::config::set(&mut Vec::new(), &mut store, &file, "theme", "sepia").unwrap_err();
    assert!(
        err.to_string().contains("theme should be dark, light"),
        "{err}"
    );
    // The file is still the commented default, with two lines set.
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("# Where gloss starts"), "{text}");
    let (settings, warnings) = gloss::config::load(&file);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(settings.theme, gloss::config::ThemeChoice::Light);
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

#[test]
fn a_removed_text_keeps_its_notes_and_cards_until_it_is_opened_again() {
    use gloss::srs::card::{CardKind, CardText};
    let mut store = library();
    let (doc, text) = letter(&mut store);
    let quote_at = text.find("Stalinism").unwrap();
    let anchor = Anchor::new(&text, quote_at..quote_at + "Stalinism".len(), 0);
    store
        .add_annotation(doc.id, &anchor, 1, "a note", &text, NOW)
        .unwrap();
    let card = CardText {
        kind: CardKind::Basic,
        front: "What?".into(),
        back: "Stalinism".into(),
        tags: Vec::new(),
    };
    store.add_cards(doc.id, &anchor, &card, &text, NOW).unwrap();
    assert_eq!(store.candidates(NOW + 1, NOW, None).unwrap().len(), 1);

    let said = printed(|out| cli::library::remove(out, &mut store, &doc, false, NOW));
    assert!(
        said.contains("its 1 annotations and 1 cards are kept"),
        "{said}"
    );
    assert!(store.library().unwrap().iter().all(|e| e.id != doc.id));
    assert!(library::resolve(&store, "Letter").is_err());
    assert!(
        store.candidates(NOW + 1, NOW, None).unwrap().is_empty(),
        "out of the reviews"
    );
    // Registering the bundled texts again (every start) does not bring it back.
    library::register_bundled(&mut store, NOW).unwrap();
    assert!(store.library().unwrap().iter().all(|e| e.id != doc.id));

    // Its file opened again: back, with its note and its card.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("letter.txt");
    let bundled = library::bundled()
        .find(|(name, _)| name.contains("ratner"))
        .unwrap();
    std::fs::write(&file, bundled.1).unwrap();
    let opened = library::open_file(&mut store, &file, NOW).unwrap();
    assert_eq!(opened.entry.id, doc.id);
    assert!(store.library().unwrap().iter().any(|e| e.id == doc.id));
    assert_eq!(store.all_annotations(Some(doc.id), None).unwrap().len(), 1);
    assert_eq!(store.candidates(NOW + 1, NOW, None).unwrap().len(), 1);

    // --purge deletes them for good.
    let said = printed(|out| cli::library::remove(out, &mut store, &opened.entry, true, NOW));
    assert!(
        said.contains("deleted its 1 annotations and 1 cards"),
        "{said}"
    );
    assert!(
        store
            .all_annotations(Some(doc.id), None)
            .unwrap()
            .is_empty()
    );
    assert!(store.cards(Some(doc.id), None).unwrap().is_empty());
}

#[test]
fn cards_list_finds_cards_by_query_across_the_library() {
    use gloss::srs::card::{CardKind, CardText};
    let mut store = library();
    let (letter, text) = letter(&mut store);
    let at = text.find("Stalinism").unwrap();
    let anchor = Anchor::new(&text, at..at + "Stalinism".len(), 0);
    let basic = |front: &str, tag: &str| CardText {
        kind: CardKind::Basic,
        front: front.into(),
        back: "An answer".into(),
        tags: vec![tag.into()],
    };
    let cards = store
        .add_cards(
            letter.id,
            &anchor,
            &basic("What is Stalinism?", "ism"),
            &text,
            NOW,
        )
        .unwrap();
    store
        .add_cards(
            letter.id,
            &anchor,
            &basic("Who wrote the letter?", "people"),
            &text,
            NOW,
        )
        .unwrap();
    store.set_card_suspended(cards[0].id, true, NOW).unwrap();
    let list =
        |query: &str| printed(|out| gloss::cli::cards::list(out, &store, query, false, false, NOW));
    let suspended = list("is:suspended");
    assert!(suspended.contains("What is Stalinism?"), "{suspended}");
    assert!(!suspended.contains("Who wrote"), "{suspended}");
    let others = list("-is:suspended deck:letter*");
    assert!(
        others.contains("Who wrote") && !others.contains("What is"),
        "{others}"
    );
    assert!(list("tag:ism").contains("What is Stalinism?"));
    assert_eq!(list("is:due"), "no cards found\n");
    let json = printed(|out| gloss::cli::cards::list(out, &store, "stalinism", false, true, NOW));
    let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        parsed.as_array().unwrap().len(),
        2,
        "the passage holds the word for both"
    );
    let err = gloss::cli::cards::list(&mut Vec::new(), &store, "is:late", false, false, NOW)
        .unwrap_err()
        .to_string();
    assert!(err.contains("no state is:late"), "{err}");
}

#[test]
fn highlights_become_passage_cards_once() {
    let mut store = library();
    let (letter, text) = letter(&mut store);
    for (word, color, note) in [("Stalinism", 1, "What is it? #ism"), ("Stalinists", 2, "")] {
        let at = text.find(word).unwrap();
        let anchor = Anchor::new(&text, at..at + word.len(), 0);
        store
            .add_annotation(letter.id, &anchor, color, note, &text, NOW)
            .unwrap();
    }
    let made = |store: &mut Store, color: Option<u8>| {
        printed(|out| gloss::cli::cards::from_highlights(out, store, None, None, color, NOW))
    };
    assert_eq!(
        made(&mut store, Some(1)),
        "made 1 passage cards; 0 highlights had one already\n"
    );
    assert_eq!(
        made(&mut store, None),
        "made 1 passage cards; 1 highlights had one already\n"
    );
    let cards = store.cards(None, None).unwrap();
    assert_eq!(cards.len(), 2);
    let noted = cards.iter().find(|c| c.back == "Stalinism").unwrap();
    assert_eq!(noted.front, "What is it? #ism");
    assert_eq!(noted.tags, ["ism", "passage"]);
    let bare = cards.iter().find(|c| c.back == "Stalinists").unwrap();
    assert!(bare.front.starts_with("The passage"), "{}", bare.front);
    let listed =
        printed(|out| gloss::cli::cards::list(out, &store, "tag:passage", false, false, NOW));
    assert_eq!(
        listed.lines().count(),
        3,
        "a header and two cards: {listed}"
    );
}

/// Output to a full disk is an error with a message, never a panic: `gloss completions zsh
/// >/dev/full` exited 101.
#[test]
fn a_full_disk_is_an_error_not_a_panic() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        return; // not on this platform
    };
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &["completions", "zsh"][..],
        &["completions", "bash"],
        &["man"],
        &["list"],
    ] {
        let out = std::process::Command::new(crate::support::GLOSS)
            .env("GLOSS_DB", dir.path().join("gloss.db"))
            .env("GLOSS_CONFIG", dir.path().join("config.toml"))
            .args(args)
            .stdout(full.try_clone().unwrap())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(stderr.starts_with("gloss: "), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

/// `gloss export -o notes.pdf` is refused with a message: it once wrote Markdown under that
/// name. A name without an extension is Markdown; `--format` decides for any name.
#[test]
fn an_export_to_an_extension_gloss_does_not_write_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gloss.db");
    let pdf = dir.path().join("notes.pdf");
    let out = crate::support::run_gloss(&db, &["export", "-o", pdf.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("gloss exports .md, .html, .csv (Readwise) or .json (for your group)"),
        "{stderr}"
    );
    assert!(!pdf.exists());
    let plain = dir.path().join("notes");
    let out = crate::support::run_gloss(&db, &["export", "-o", plain.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let chosen = crate::support::run_gloss(
        &db,
        &["export", "--format", "md", "-o", pdf.to_str().unwrap()],
    );
    assert!(chosen.status.success());
}

/// The card export's format follows `-o`'s extension, as the notes' does, from the same table;
/// with neither, it says which to give.
#[test]
fn a_card_export_is_named_by_its_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gloss.db");
    let package = dir.path().join("deck.apkg");
    let out = crate::support::run_gloss(&db, &["cards", "export", "-o", package.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&package).unwrap();
    assert!(bytes.starts_with(b"PK"), "an Anki package is a zip");
    let text = dir.path().join("deck.txt");
    crate::support::run_gloss(&db, &["cards", "export", "-o", text.to_str().unwrap()]);
    let anki = std::fs::read_to_string(&text).unwrap();
    assert!(anki.starts_with("#separator:tab"), "{anki}");
    let out = crate::support::run_gloss(&db, &["cards", "export"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("--format") && stderr.contains(".apkg"),
        "{stderr}"
    );
}

/// `gloss config keys` prints the keys in effect, the user's included, as a keys file that
/// reads back without a warning.
#[test]
fn config_keys_prints_a_keys_file_of_the_keys_in_effect() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gloss.db");
    std::fs::write(
        dir.path().join("keys.toml"),
        "[reading]\ns = \"select\"\nv = \"none\"\n",
    )
    .unwrap();
    let out = crate::support::run_gloss(&db, &["config", "keys"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("s = \"select\"  # Start (or drop) a selection"),
        "{text}"
    );
    assert!(text.contains("v = \"none\"  # unbound"), "{text}");
    let mut warnings = Vec::new();
    let origin = gloss::config::Origin::file(std::path::Path::new("printed"));
    let lines = gloss::config::parse_keys(&text, &origin, &mut warnings);
    assert!(warnings.is_empty(), "{warnings:?}");
    let (_, more) = gloss::app::keymap::Keymap::build(&lines);
    assert!(more.is_empty(), "{more:?}");
}

/// Issue 36: `config list` printed `colors.highlight-1default`, the key against its value; and
/// `config set` then adds no line, it uncomments the documented one.
#[test]
fn config_list_lines_every_value_up_and_set_uncomments_the_documented_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gloss.db");
    let out = crate::support::run_gloss(&db, &["config", "set", "theme", "light"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let written = std::fs::read_to_string(dir.path().join("config.toml")).unwrap();
    let default = gloss::config::DEFAULT_CONFIG;
    assert_eq!(written.lines().count(), default.lines().count());
    assert!(written.contains("\ntheme = \"light\"\n"), "{written}");
    assert!(!written.contains("# theme = \"auto\""), "{written}");

    let out = crate::support::run_gloss(&db, &["config", "list"]);
    assert!(out.status.success());
    let listed = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<&str> = listed.lines().filter(|l| !l.starts_with('#')).collect();
    assert!(rows.len() > 20, "{listed}");
    // Every value starts in the same column, two cells or more after its key.
    let column = rows[0].find("light").expect("the theme first");
    for row in &rows {
        let (key, value) = row.split_at(column);
        assert!(key.ends_with("  "), "{row:?}");
        assert!(
            !key.trim().contains(' ') && !value.starts_with(' '),
            "{row:?}"
        );
    }
    assert!(listed.contains("colors.highlight-1  default"), "{listed}");
}

/// Issue 36: the man page pointed to gloss-add(1) and other pages that do not exist, and had
/// no key list.
#[test]
fn the_man_page_lists_the_commands_and_the_keys() {
    let dir = tempfile::tempdir().unwrap();
    let out = crate::support::run_gloss(&dir.path().join("gloss.db"), &["man"]);
    assert!(out.status.success());
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(!page.contains("(1)"), "{page}");
    for wanted in [
        ".SH COMMANDS",
        "gloss sync",
        ".SH KEYS",
        "Highlight in a colour",
        "Library",
    ] {
        assert!(page.contains(wanted), "{wanted}: {page}");
    }
}
