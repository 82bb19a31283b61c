//! End to end, annotating: the real binary in a terminal of its own with a temporary database.

use crate::support;

use gloss::document::DocumentId;
use gloss::store::Store;
use support::{
    Pane, SENTENCE, YELLOW, bundled_text, highlighted, open_essay, select_first_sentence,
    text_with_background,
};

const ESSAY: &str = "dissolution-of-the-communist-international.txt";

/// A killed reader cannot restore the terminal: the shell is left in raw mode (Enter sends a
/// carriage return the shell does not take as the end of a line) and on the alternate screen.
fn restore_after_kill(t: &Pane) {
    // Keys typed for gloss that it did not read before it died wait for the shell: a line break
    // first makes them a command of their own (not found), so that `stty sane` runs.
    t.keys(&["C-j"]);
    t.keys(&[
        "-l",
        "stty sane; printf '\\033[?1049l\\033[?1000l\\033[?1002l\\033[?1003l\\033[?1006l'; clear",
    ]);
    t.keys(&["C-j"]);
    t.wait_until("a clear shell", |s| s.trim() == "$");
}

fn kill_hard(pid: u32) {
    support::pane::signal(pid, libc::SIGKILL);
}

#[test]
fn highlight_a_sentence_note_it_and_find_it_again() {
    let t = Pane::new(80, 30);
    open_essay(&t);
    select_first_sentence(&t);
    t.keys(&["H"]);
    t.wait_for("highlighted");
    assert_eq!(highlighted(&t), SENTENCE);
    let lines_with_it = text_with_background(&t.screen_with_styles(), YELLOW).len();
    assert_eq!(lines_with_it, 2, "the sentence crosses a line break");

    // A note with a tag, on the highlight under the cursor.
    t.keys(&["a"]);
    t.wait_for("Note on");
    t.keys(&["-l", "The turning point. #comintern"]);
    t.keys(&["C-s"]);
    t.wait_for("note saved");
    t.keys(&["q"]);
    t.assert_terminal_restored();

    // Reopen: same words highlighted, the margin marker, the panel, the jump.
    t.type_line("clear");
    open_essay(&t);
    let screen = t.wait_for("¶");
    let marker_line = screen.lines().find(|l| l.contains('¶')).unwrap();
    assert!(marker_line.contains("In the tempestuous"), "{marker_line}");
    assert_eq!(highlighted(&t), SENTENCE);
    t.keys(&["G"]);
    t.wait_for("100%");
    t.keys(&["n"]);
    let panel = t.wait_until("the annotations panel", |s| {
        s.contains("Annotations · 1 annotation") && s.contains("#comintern")
    });
    assert!(panel.contains("The turning point."), "{panel}");
    t.keys(&["Enter"]);
    t.wait_until("the passage, back on screen", |s| {
        !s.contains("Annotations ·") && s.contains("¶ In the tempestuous")
    });
    assert_eq!(highlighted(&t), SENTENCE);
    t.keys(&["q"]);
    t.assert_terminal_restored();
}

#[test]
fn resizing_keeps_highlights_on_the_same_characters() {
    let t = Pane::new(80, 30);
    open_essay(&t);
    select_first_sentence(&t);
    t.keys(&["H", "Escape", "Escape"]);
    t.wait_until("the highlight", |_| highlighted(&t) == SENTENCE);
    for (w, h) in [(50, 20), (120, 40), (33, 12), (80, 30)] {
        t.resize(w, h);
        t.wait_settled(&format!("the {w}x{h} layout"), |s| {
            s.lines().count() <= usize::from(h)
                && s.lines()
                    .nth(usize::from(h) - 1)
                    .is_some_and(|l| l.contains('%'))
        });
        assert_eq!(highlighted(&t), SENTENCE, "at {w}x{h}");
    }
    t.keys(&["q"]);
    t.assert_terminal_restored();
}

/// Waits until the database holds a draft of the essay's note reading `text`.
fn wait_for_draft(t: &Pane, text: &str) {
    support::eventually(&format!("a draft {text:?} in the database"), || {
        let store = Store::open(&t.db()).map_err(|e| e.to_string())?;
        let essay = store
            .library()
            .map_err(|e| e.to_string())?
            .into_iter()
            .find(|e| e.bundled.as_deref() == Some(ESSAY))
            .ok_or("the essay is not in the library")?;
        match store.draft(essay.id) {
            Ok(Some(draft)) if draft.text == text => Ok(()),
            other => Err(format!("the draft is {other:?}")),
        }
    })
}

#[test]
fn a_stop_signal_keeps_the_note_being_typed() {
    for (signal, number) in [
        ("TERM", libc::SIGTERM),
        ("HUP", libc::SIGHUP),
        ("INT", libc::SIGINT),
        ("QUIT", libc::SIGQUIT),
    ] {
        let t = Pane::new(80, 30);
        open_essay(&t);
        select_first_sentence(&t);
        t.keys(&["a"]);
        t.wait_for("Note on");
        let note = format!("typed when SIG{signal} came");
        t.keys(&["-l", &note]);
        t.wait_for(&note);
        let pid = t.child_pid().expect("gloss is running");
        support::pane::signal(pid, number);
        t.assert_terminal_restored();
        wait_for_draft(&t, &note);
    }
}

/// Closing the terminal's window right after typing keeps every letter typed: the draft is
/// written however the interface ends (reading the closed terminal fails, often before the
/// hang-up signal is seen), and on every pause in typing.
#[test]
fn closing_the_window_keeps_the_note_being_typed() {
    let t = Pane::new(80, 30);
    open_essay(&t);
    select_first_sentence(&t);
    t.keys(&["a"]);
    t.wait_for("Note on");
    t.keys(&["-l", "the last words before the window closed"]);
    t.wait_for("window closed");
    t.hang_up();
    wait_for_draft(&t, "the last words before the window closed");
}

/// A long paste into the note editor is text, whole at once: Ctrl-S right after it saves all
/// of it, and the escape sequences and control keys it holds act as nothing (they are
/// dropped). It once arrived as key presses, stalling until the next key.
#[test]
fn a_long_paste_into_a_note_is_text_saved_whole() {
    let t = Pane::new(80, 30);
    open_essay(&t);
    select_first_sentence(&t);
    t.keys(&["a"]);
    t.wait_for("Note on");
    let words: Vec<String> = (0..800).map(|n| format!("w{n}")).collect();
    let pasted = format!("{}\x1b[31m red?\x1b[0m\x13 q\n{}", words.join(" "), "end.");
    assert!(pasted.len() > 3_000);
    t.paste(&pasted);
    t.keys(&["C-s"]);
    t.wait_for("note saved");
    let store = Store::open(&t.db()).unwrap();
    let notes = store.all_annotations(None, None).unwrap();
    assert_eq!(notes.len(), 1);
    let want = format!("{} red? q\nend.", words.join(" "));
    assert_eq!(notes[0].annotation.note, want);
    t.keys(&["q"]);
    t.assert_terminal_restored();
}

#[test]
fn ctrl_z_and_sigtstp_suspend_and_fg_redraws() {
    let t = Pane::new(80, 30);
    open_essay(&t);
    let page = t.wait_for("In the tempestuous years");
    for how in ["C-z", "kill"] {
        match how {
            "C-z" => t.keys(&["C-z"]),
            _ => {
                let pid = t.child_pid().expect("gloss is running");
                support::pane::signal(pid, libc::SIGTSTP);
            }
        }
        // Stopped: the shell's own screen, with the terminal as it was.
        t.assert_terminal_restored();
        t.type_line("clear; fg");
        let back = t.wait_for("In the tempestuous years");
        assert!(t.alternate_screen());
        assert_eq!(back.lines().nth(1), page.lines().nth(1), "{back}");
    }
    t.keys(&["q"]);
    t.assert_terminal_restored();
}

#[test]
fn a_note_being_typed_survives_kill_9() {
    let t = Pane::new(80, 30);
    open_essay(&t);
    select_first_sentence(&t);
    t.keys(&["a"]);
    t.wait_for("Note on");
    t.keys(&["-l", "half a thought, not saved"]);
    t.wait_for("half a thought");
    // The draft is written every two seconds while typing.
    wait_for_draft(&t, "half a thought, not saved");
    kill_hard(t.child_pid().expect("gloss is running"));
    // The shell says so where the cursor was left, which may be the end of a full row.
    t.wait_until("Killed", |s| s.replace('\n', "").contains("Killed"));
    restore_after_kill(&t);
    open_essay(&t);
    t.wait_for("Unsaved note");
    t.keys(&["Enter"]);
    let editor = t.wait_for("Note on");
    assert!(editor.contains("half a thought, not saved"), "{editor}");
    t.keys(&["C-s"]);
    t.wait_for("note saved");
    t.keys(&["q"]);
    t.assert_terminal_restored();
    let store = Store::open(&t.db()).unwrap();
    let notes = store.all_annotations(None, None).unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].annotation.note, "half a thought, not saved");
    assert_eq!(notes[0].annotation.anchor.quote, SENTENCE);
}

#[test]
fn a_kill_during_a_burst_of_saves_loses_no_saved_annotation() {
    let t = Pane::new(80, 30);
    open_essay(&t);
    t.keys(&["w", "}"]);
    // Sixty highlights, one per word, typed as fast as they can be sent.
    let mut burst: Vec<&str> = Vec::new();
    for _ in 0..60 {
        burst.extend(["v", "e", "H", "w"]);
    }
    t.keys(&burst);
    // Killed as soon as the first highlights are in the database, while the rest still come.
    support::eventually("a highlight saved", || {
        let saved = Store::open(&t.db())
            .and_then(|s| s.all_annotations(None, None))
            .map_or(0, |a| a.len());
        if saved > 0 {
            Ok(())
        } else {
            Err("none yet".to_string())
        }
    });
    kill_hard(t.child_pid().expect("gloss is running"));
    // The shell says so where the cursor was left, which may be the end of a full row.
    t.wait_until("Killed", |s| s.replace('\n', "").contains("Killed"));
    restore_after_kill(&t);

    let store = Store::open(&t.db()).unwrap();
    let saved = store.all_annotations(None, None).unwrap();
    assert!(
        !saved.is_empty(),
        "some highlights were saved before the kill"
    );
    eprintln!("{} of 60 highlights saved before the kill", saved.len());
    // Every saved annotation is whole: its quote is the essay's text at its offsets.
    let doc = gloss::document::Document::open(&bundled_text(ESSAY)).unwrap();
    for listed in &saved {
        let a = &listed.annotation.anchor;
        let start = doc.byte_of(a.start);
        let end = doc.byte_of(a.end);
        assert_eq!(&doc.content[start..end], a.quote);
    }
    drop(store);
    let integrity: String = rusqlite_integrity(&t.db());
    assert_eq!(integrity, "ok");

    // The restarted reader shows exactly what was saved.
    open_essay(&t);
    t.keys(&["n"]);
    let expected = format!("Annotations · {} annotations", saved.len());
    let expected = if saved.len() == 1 {
        "Annotations · 1 annotation".to_string()
    } else {
        expected
    };
    t.wait_for(&expected);
    t.keys(&["Escape", "q"]);
    t.assert_terminal_restored();
}

fn rusqlite_integrity(db: &std::path::Path) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn two_readers_on_one_database_both_save() {
    let a = Pane::new(80, 30);
    let b = Pane::new(80, 30);
    // Both on the same database: the second pane uses the first one's.
    let db = a.db();
    for t in [&a, &b] {
        t.type_line(&format!("export GLOSS_DB={}", support::shell_quote(&db)));
        t.type_line(&format!(
            "{} {}",
            support::GLOSS,
            bundled_text(ESSAY).display()
        ));
        t.wait_for("page 1 of");
        t.keys(&["w", "}"]);
    }
    for _ in 0..15 {
        for t in [&a, &b] {
            t.keys(&["v", "e", "H", "w"]);
        }
    }
    for t in [&a, &b] {
        t.keys(&["n"]);
        let screen = t.wait_for("Annotations ·");
        assert!(!screen.contains("not saved"), "{screen}");
        assert!(!screen.contains("locked"), "{screen}");
        t.keys(&["Escape", "q"]);
    }
    let store = Store::open(&db).unwrap();
    let doc = store.library().unwrap();
    let essay = doc.iter().find(|e| e.path.is_some()).unwrap();
    let saved = store.annotations(DocumentId(essay.id.0)).unwrap();
    assert_eq!(saved.len(), 30, "both readers' highlights are saved");
}

/// Another program holds the database's write lock for a while: gloss says it waits, at start
/// and while reading, and what was typed meanwhile is done once the lock is gone.
/// A key typed while gloss waits for the database at start is done once it opens: asking the
/// terminal for its background (`theme = "auto"`, the default) is done before the wait, and
/// reads none of what is typed during it.
#[test]
fn a_key_typed_while_the_database_is_waited_for_at_start_is_kept() {
    let t = Pane::new(100, 40);
    support::run_gloss(&t.db(), &["list"]);
    let lock = rusqlite::Connection::open(t.db()).unwrap();
    lock.execute_batch("BEGIN IMMEDIATE").unwrap();
    t.gloss(&[]);
    t.wait_for("waiting for the database");
    t.keys(&["?"]);
    lock.execute_batch("COMMIT").unwrap();
    t.wait_until("the help, opened by the key typed while waiting", |s| {
        s.contains("Keys: library") && s.contains("Open the selected entry")
    });
    t.keys(&["q", "q"]);
    t.assert_terminal_restored();
}

#[test]
fn a_locked_database_is_waited_for_out_loud() {
    let t = Pane::new(80, 30);
    // Created (and migrated) first, so that only the lock is in the way.
    support::run_gloss(&t.db(), &["list"]);
    let lock = rusqlite::Connection::open(t.db()).unwrap();
    lock.execute_batch("BEGIN IMMEDIATE").unwrap();
    t.gloss(&[]);
    t.wait_for("waiting for the database");
    lock.execute_batch("COMMIT").unwrap();
    t.wait_for("Gloss · Library");
    t.keys(&["q"]);
    t.assert_terminal_restored();

    t.type_line("clear");
    open_essay(&t);
    select_first_sentence(&t);
    lock.execute_batch("BEGIN IMMEDIATE").unwrap();
    t.keys(&["H"]);
    t.wait_for("waiting for the database");
    t.keys(&["j"]); // typed while waiting: kept, done after
    lock.execute_batch("COMMIT").unwrap();
    t.wait_until("the screen redrawn", |s| {
        !s.contains("waiting for the database")
    });
    t.wait_until("the highlight saved", |_| highlighted(&t) == SENTENCE);
    t.keys(&["q"]);
    t.assert_terminal_restored();
}

/// Issue 36: from a search to a highlight in two keys. The match is what `H` highlights, with
/// no walk of the cursor to it; `H` again recolours that highlight rather than making another.
#[test]
fn a_search_then_h_highlights_the_match() {
    let t = Pane::new(80, 30);
    open_essay(&t);
    t.keys(&["/"]);
    t.keys(&["-l", "revolution"]);
    t.keys(&["Enter"]);
    t.wait_for("match 1 of");
    t.keys(&["H"]);
    t.wait_for("highlighted");
    assert_eq!(highlighted(&t), "Revolution");
    let store = Store::open(&t.db()).unwrap();
    let notes = store.all_annotations(None, None).unwrap();
    assert_eq!(notes.len(), 1);
    let a = &notes[0].annotation;
    assert_eq!(a.anchor.quote, "Revolution");
    // The first of the text, in its first sentence.
    assert!(
        a.anchor.prefix.ends_with("following the Russian "),
        "{:?}",
        a.anchor.prefix
    );

    t.keys(&["2"]);
    t.wait_until("the highlight recoloured", |_| highlighted(&t).is_empty());
    assert_eq!(store.all_annotations(None, None).unwrap().len(), 1);
    t.keys(&["q"]);
    t.assert_terminal_restored();
}
