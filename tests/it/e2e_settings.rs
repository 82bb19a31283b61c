//! Settings and the habits of terminal programs, end to end: a remapped key in the reader and
//! its help, the keys of less and vim, q and Esc closing what is on top, NO_COLOR keeping every
//! mark visible through attributes, y putting the passage on the clipboard (OSC 52), and the
//! shell's completion script and manual page.

use std::process::Command;

use base64::Engine;

use crate::support::pane::Pane;
use crate::support::{open_essay, open_essay_with, run_gloss, select_first_sentence, styled_runs};

/// The text drawn with exactly the attributes `codes` (e.g. "7", "1;4").
fn drawn_with(styled: &str, codes: &str) -> String {
    styled_runs(styled)
        .into_iter()
        .flatten()
        .filter(|(c, _)| c == codes)
        .map(|(_, t)| t)
        .collect::<Vec<_>>()
        .join("|")
}

fn text_lines(screen: &str) -> Vec<String> {
    screen.lines().map(|l| l.trim().to_string()).collect()
}

#[test]
fn a_remapped_key_works_and_the_help_shows_it() {
    let t = Pane::new(100, 30);
    std::fs::write(
        t.dir.path().join("keys.toml"),
        "# turn pages with x\n[reading]\nx = \"next-page\"\n",
    )
    .unwrap();
    open_essay(&t);
    t.keys(&["?"]);
    let help = t.wait_for("Keys: reading");
    assert!(
        help.lines()
            .any(|l| l.contains("Next page") && l.split_whitespace().any(|w| w == "x")),
        "the help lists x for the next page:\n{help}"
    );
    // q closes the help, and only the help.
    t.keys(&["q"]);
    let screen = t.wait_gone("Keys: reading");
    assert!(screen.contains("page 1 of"), "{screen}");
    t.keys(&["x"]);
    t.wait_for("page 2 of");
    t.keys(&["q"]);
    t.assert_terminal_restored();
}

#[test]
fn ctrl_d_moves_half_a_page_and_esc_ends_a_review_where_it_began() {
    let t = Pane::new(100, 30);
    open_essay(&t);
    let before = text_lines(&t.screen());
    t.keys(&["C-d"]);
    let after = t.wait_until("half a page on", |s| text_lines(s)[1] != before[1]);
    let after = text_lines(&after);
    // The first line of text now on the page was in its middle before: it moved up by half
    // of the 28 rows.
    let top = 1 + after[1..].iter().position(|l| !l.is_empty()).unwrap();
    let was = before
        .iter()
        .position(|l| *l == after[top])
        .expect("the new top line was on the page");
    let moved = was - top;
    assert!(
        (10..=18).contains(&moved),
        "half of a 28-row page: {moved} rows\n{before:#?}\n{after:#?}"
    );
    t.keys(&["C-u"]);
    t.wait_until("back up", |s| text_lines(s)[1] == before[1]);

    // A review started from the text: Esc comes back to the text, not to the library.
    t.keys(&["R"]);
    t.wait_gone("tempestuous");
    t.keys(&["Escape"]);
    let screen = t.wait_for("tempestuous");
    assert!(!screen.contains("Gloss · Library"), "{screen}");
    t.keys(&["q"]);
    t.assert_terminal_restored();
}

#[test]
fn without_colour_every_mark_stays_visible() {
    let t = Pane::new(100, 30);
    // Another member's highlight, imported.
    let ana = t.dir.path().join("ana");
    std::fs::create_dir(&ana).unwrap();
    let ana_db = ana.join("gloss.db");
    crate::support::annotate(
        &ana_db,
        "The Dissolution of the Communist International",
        "glimmering red star",
        "Ana's note",
        100,
    );
    run_gloss(&ana_db, &["config", "set", "name", "Ana"]);
    let file = t.dir.path().join("ana.json");
    let out = run_gloss(
        &ana_db,
        &["export", "--format", "json", "-o", file.to_str().unwrap()],
    );
    assert!(out.status.success(), "{out:?}");
    let out = run_gloss(&t.db(), &["import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{out:?}");

    open_essay_with(&t, "NO_COLOR=1");
    // My highlight on the first sentence, and a search for "Soviet".
    select_first_sentence(&t);
    t.keys(&["1"]);
    t.wait_for("highlighted");
    t.keys(&["Escape", "Escape", "/"]);
    t.keys(&["-l", "Soviet"]);
    t.wait_until("the search typed", |s| {
        s.contains("match 1 of") && s.contains("/Soviet")
    });
    t.keys(&["Enter"]);
    t.wait_gone("/Soviet");
    let styled = t.screen_with_styles();
    // No foreground or background colour code (30–49, 90–107) anywhere on the screen.
    let coloured: Vec<_> = styled_runs(&styled)
        .into_iter()
        .flatten()
        .filter(|(c, _)| {
            c.split(';').any(|n| {
                n.parse::<u32>()
                    .is_ok_and(|n| (30..=49).contains(&n) || (90..=107).contains(&n))
            })
        })
        .collect();
    assert!(coloured.is_empty(), "{coloured:?}");
    let reversed = drawn_with(&styled, "7");
    assert!(
        reversed.contains("the global labor"),
        "my highlight, reversed: {reversed:?}"
    );
    let underlined = drawn_with(&styled, "4");
    assert!(
        underlined.contains("glimmering red star"),
        "Ana's highlight, underlined: {underlined:?}"
    );
    let current = drawn_with(&styled, "1;4;7");
    assert!(current.contains("Soviet"), "the match, marked: {current:?}");
    t.keys(&["q"]);
    t.assert_terminal_restored();
}

#[test]
fn y_copies_the_selection_to_the_clipboard() {
    let t = Pane::new(100, 30);
    open_essay(&t);
    select_first_sentence(&t);
    t.keys(&["y"]);
    t.wait_for("copied");
    let sent = t.clipboard();
    let quote = base64::engine::general_purpose::STANDARD
        .decode(sent.as_bytes())
        .expect("base64");
    let quote = String::from_utf8(quote).unwrap();
    assert_eq!(
        quote,
        "In the tempestuous years following the Russian Revolution, the global labor movement \
         found itself in unprecedented upheaval."
    );
    // Y: the same passage as a citation.
    t.keys(&["Y"]);
    t.wait_for("as a citation");
    let cited = base64::engine::general_purpose::STANDARD
        .decode(t.clipboard().as_bytes())
        .unwrap();
    let cited = String::from_utf8(cited).unwrap();
    assert!(
        cited.starts_with(&format!(
            "“{quote}” — The Dissolution of the Communist International"
        )),
        "{cited}"
    );
    assert!(cited.ends_with(", p. 1."), "{cited}");
    t.keys(&["q"]);
    t.assert_terminal_restored();
}

#[test]
fn completions_source_in_bash_and_the_man_page_renders() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gloss.db");
    let out = run_gloss(&db, &["completions", "bash"]);
    assert!(out.status.success());
    let script = dir.path().join("gloss.bash");
    std::fs::write(&script, &out.stdout).unwrap();
    let sourced = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "source {} && complete -p gloss",
            script.to_str().unwrap()
        ))
        .output()
        .unwrap();
    assert!(
        sourced.status.success(),
        "{}",
        String::from_utf8_lossy(&sourced.stderr)
    );
    assert!(String::from_utf8_lossy(&sourced.stdout).contains("gloss"));

    let out = run_gloss(&db, &["man"]);
    assert!(out.status.success());
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(
        page.starts_with(".ie \\n(.g") || page.contains(".TH gloss"),
        "{page}"
    );
    assert!(page.contains("completions"), "every subcommand is listed");
    // Rendered by man itself where the machine has it.
    if Command::new("man").arg("--version").output().is_ok() {
        let file = dir.path().join("gloss.1");
        std::fs::write(&file, &page).unwrap();
        let shown = Command::new("man")
            .arg("-l")
            .arg(&file)
            .env("MANPAGER", "cat")
            .env("MANWIDTH", "80")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&shown.stdout);
        assert!(
            shown.status.success(),
            "{}",
            String::from_utf8_lossy(&shown.stderr)
        );
        assert!(text.contains("NAME") && text.contains("gloss"), "{text}");
    }
    let version = run_gloss(&db, &["--version"]);
    assert_eq!(
        String::from_utf8(version.stdout).unwrap().trim(),
        format!("gloss {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn start_last_opens_the_text_read_last() {
    let t = Pane::new(100, 30);
    std::fs::write(t.dir.path().join("config.toml"), "start = \"last\"\n").unwrap();
    open_essay(&t);
    t.keys(&["Space"]);
    t.wait_for("page 2 of");
    t.keys(&["q"]);
    t.assert_terminal_restored();
    t.type_line("clear");
    t.gloss(&[]);
    let screen = t.wait_for("page 2 of");
    assert!(!screen.contains("Gloss · Library"), "{screen}");
    t.keys(&["q"]);
    t.assert_terminal_restored();
}

/// A mistake in the settings is said in the status bar whatever the reader opens on: a file,
/// or the text read last (`start = "last"`). It was said only on stderr, behind the screen,
/// when opening a text said something else first.
#[test]
fn a_settings_mistake_is_shown_when_opening_a_file() {
    let t = Pane::new(100, 30);
    std::fs::write(t.dir.path().join("config.toml"), "theme = \"purple\"\n").unwrap();
    let file = t.dir.path().join("essay.txt");
    std::fs::write(&file, "An Essay\n\nIts one paragraph, to be read.\n").unwrap();
    t.gloss(&[file.to_str().unwrap()]);
    let screen = t.wait_for("Its one paragraph");
    t.wait_until("the warning in the status bar", |s| s.contains("purple"));
    assert!(screen.contains("An Essay"), "{screen}");
    t.keys(&["q"]);
    t.assert_terminal_restored();
}

/// With select, highlight and note on other keys, every message and screen that tells how to
/// do them names the reader's keys, never the defaults.
#[test]
fn messages_name_the_reader_s_own_keys() {
    let t = Pane::new(110, 30);
    std::fs::write(
        t.dir.path().join("keys.toml"),
        "[reading]\ns = \"select\"\nv = \"none\"\nK = \"highlight 1\"\nH = \"none\"\n\
         \";\" = \"annotate\"\na = \"none\"\n[cursor]\nK = \"highlight 1\"\nH = \"none\"\n",
    )
    .unwrap();
    open_essay(&t);
    let said = [
        ("K", "select some text first: s, then move the cursor"),
        (";", "select some text (s) or put the cursor on a highlight"),
        (
            "y",
            "nothing to copy: select a passage (s) or put the cursor on a highlight",
        ),
        (
            "c",
            "select a passage (s) or put the cursor on a highlight to make a card",
        ),
    ];
    for (key, message) in said {
        t.keys(&[key]);
        let screen = t.wait_for(message);
        assert!(!screen.contains("(v)"), "{screen}");
        // The next message must be seen to be new: move on a page between them.
        t.keys(&["Space"]);
    }
    // The empty annotations panel says how to make one, in the reader's keys.
    t.keys(&["n"]);
    t.wait_for("No annotations yet: select a passage (s) and press K to");
    t.wait_for("; to add a note.");
    t.keys(&["q", "q"]);
    t.assert_terminal_restored();
}
