//! End to end: the real binary in a terminal of its own, driven by keys, read off the screen.

use crate::support;

use gloss::document::Document;
use gloss::store::Store;
use support::{Pane, bundled_text, run_gloss};

/// The page number shown in the status bar (`page 7 of 40`, or `7/40` when narrow; estimates
/// carry a `~`).
fn page_of(screen: &str) -> Option<u64> {
    let status = screen.lines().rev().find(|l| !l.trim().is_empty())?;
    let at = match status.find("page ") {
        Some(at) => at + 5,
        None => status.find('/').map(|slash| {
            status[..slash]
                .rfind(|c: char| !c.is_ascii_digit() && c != '~')
                .map_or(0, |i| i + 1)
        })?,
    };
    let digits: String = status[at..]
        .chars()
        .skip_while(|c| *c == '~')
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// The first line of text under the title bar.
fn first_text_line(screen: &str) -> String {
    screen
        .lines()
        .skip(1)
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default()
        .trim()
        .to_string()
}

#[test]
fn library_opens_a_text_on_its_first_page() {
    let t = Pane::new(100, 30);
    t.gloss(&[]);
    let screen = t.wait_for("Gloss · Library");
    for title in [
        "How the Bolshevik Revolution Inspired Americans",
        "Internationalism: All About People",
        "Letter: Stalinism and Revolution",
        "The Dissolution of the Communist International",
        "The Russian Revolution and the Rise of Stalin",
    ] {
        assert!(screen.contains(title), "{title} missing from\n{screen}");
    }
    // The Dissolution is the fourth entry (never read: sorted by title).
    t.keys(&["j", "j", "j", "Enter"]);
    let screen = t.wait_for("page 1 of");
    let lines: Vec<&str> = screen.lines().collect();
    assert_eq!(
        lines[1].trim(),
        "The Dissolution of the Communist International"
    );
    // The first paragraph follows, wrapped at word boundaries within 80 columns.
    let doc = Document::open(&bundled_text(
        "dissolution-of-the-communist-international.txt",
    ))
    .unwrap();
    let first_paragraph = doc.text(&doc.blocks[1]);
    let shown: Vec<&str> = lines[3..]
        .iter()
        .map(|l| l.trim())
        .take_while(|l| !l.is_empty())
        .collect();
    assert_eq!(shown.join(" "), first_paragraph);
    for line in &shown {
        assert!(line.chars().count() <= 80);
        let end = first_paragraph.find(line).unwrap() + line.len();
        let next = first_paragraph[end..].chars().next();
        assert!(
            matches!(next, None | Some(' ')),
            "{line:?} was cut inside a word"
        );
    }
    t.keys(&["q"]);
    t.assert_terminal_restored();
}

#[test]
fn quit_on_page_seven_and_reopen_even_after_moving_the_file() {
    let t = Pane::new(90, 24);
    let original = t.dir.path().join("essay.txt");
    std::fs::copy(
        bundled_text("how-the-bolshevik-revolution-inspired-americans.txt"),
        &original,
    )
    .unwrap();
    t.gloss(&[original.to_str().unwrap()]);
    t.wait_for("page 1 of");
    for n in 2..=7 {
        t.keys(&["Space"]);
        t.wait_until(&format!("page {n}"), |s| page_of(s) == Some(n));
    }
    let seventh = t.screen();
    t.keys(&["q"]);
    t.assert_terminal_restored();

    t.type_line("clear");
    t.gloss(&[original.to_str().unwrap()]);
    let again = t.wait_until("page 7", |s| page_of(s) == Some(7));
    assert_eq!(first_text_line(&again), first_text_line(&seventh));
    t.keys(&["q"]);
    t.assert_terminal_restored();

    let moved_dir = t.dir.path().join("elsewhere");
    std::fs::create_dir(&moved_dir).unwrap();
    let moved = moved_dir.join("renamed essay.txt");
    std::fs::rename(&original, &moved).unwrap();
    t.type_line("clear");
    t.gloss(&[moved.to_str().unwrap()]);
    let moved_screen = t.wait_until("page 7", |s| page_of(s) == Some(7));
    assert_eq!(first_text_line(&moved_screen), first_text_line(&seventh));
    t.keys(&["q"]);
    t.assert_terminal_restored();

    // One document, with the new path, in the library.
    let store = Store::open(&t.db()).unwrap();
    let entries: Vec<_> = store
        .library()
        .unwrap()
        .into_iter()
        .filter(|e| e.path.is_some())
        .collect();
    assert_eq!(entries.len(), 1);
    assert!(
        entries[0]
            .path
            .as_ref()
            .unwrap()
            .ends_with("renamed essay.txt")
    );
}

#[test]
fn resizing_keeps_the_first_line_in_the_same_sentence() {
    let t = Pane::new(120, 40);
    let path = bundled_text("the-russian-revolution-and-the-rise-of-stalinism.txt");
    let doc = Document::open(&path).unwrap();
    t.gloss(&[path.to_str().unwrap()]);
    t.wait_for("page 1 of");
    t.keys(&["Space", "Space", "j", "j", "j"]);
    let page3 = t.wait_settled("page 3", |s| page_of(s) == Some(3));
    let wide = first_text_line(&page3);
    let start = doc
        .content
        .find(&wide)
        .expect("the first line is document text");
    let sentence = support::sentence_around(&doc.content, start);

    t.resize(60, 20);
    let narrow_screen = t.wait_settled("the narrow layout", |s| {
        s.lines().count() <= 20 && s.lines().nth(19).is_some_and(|l| l.contains('%'))
    });
    let narrow = first_text_line(&narrow_screen);
    support::assert_line_in_sentence(&doc.content, &narrow, sentence, &narrow_screen);

    t.resize(120, 40);
    let back = t.wait_settled("the wide layout again", |s| {
        s.lines().nth(39).is_some_and(|l| l.contains("page 3 of"))
    });
    assert_eq!(first_text_line(&back), wide);
    t.keys(&["q"]);
    t.assert_terminal_restored();
}

/// Opens `name` holding `bytes` and returns the first screen that contains `expect`.
fn open_file(t: &Pane, name: &str, bytes: &[u8], expect: &str) -> String {
    let path = t.dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    t.gloss(&[path.to_str().unwrap()]);
    t.wait_for(expect)
}

#[test]
fn a_binary_file_is_refused_with_a_message() {
    let t = Pane::new(100, 20);
    let screen = open_file(
        &t,
        "photo.jpg",
        b"\xff\xd8\xff\xe0\0\x10JFIF\0",
        "binary file",
    );
    assert!(screen.contains("gloss:"), "{screen}");
    t.assert_terminal_restored();
    let out = run_gloss(&t.db(), &[t.dir.path().join("photo.jpg").to_str().unwrap()]);
    assert!(!out.status.success());
}

#[test]
fn invalid_utf8_opens_with_a_visible_warning() {
    let t = Pane::new(100, 20);
    let screen = open_file(
        &t,
        "latin1.txt",
        b"Caf\xe9 Society\n\nA na\xefve paragraph in Latin-1, read as well as can be.\n",
        "invalid UTF-8",
    );
    assert!(screen.contains("Caf� Society"), "{screen}");
    assert!(screen.contains("A na�ve paragraph"), "{screen}");
    t.keys(&["q"]);
    t.assert_terminal_restored();
}

#[test]
fn an_empty_file_opens_as_an_empty_document() {
    let t = Pane::new(80, 20);
    let screen = open_file(&t, "empty.txt", b"", "This document is empty.");
    assert!(screen.contains("page 1 of 1"), "{screen}");
    t.keys(&["Space", "G", "j", ":", "5", "Enter", "t"]);
    t.wait_for("no headings");
    t.keys(&["q"]);
    t.assert_terminal_restored();
}

#[test]
fn a_one_megabyte_single_line_pages_like_any_text() {
    let t = Pane::new(80, 24);
    let mut text = String::new();
    let mut n = 0;
    while text.len() < 1_000_000 {
        text.push_str(&format!("word{n} "));
        n += 1;
    }
    let screen = open_file(&t, "one-line.txt", text.as_bytes(), "word0 word1 word2");
    assert_eq!(page_of(&screen), Some(1), "{screen}");
    t.keys(&["G"]);
    let end = t.wait_for("100%");
    assert!(end.contains(&format!("word{}", n - 1)), "{end}");
    t.keys(&["q"]);
    t.assert_terminal_restored();
}

#[test]
fn escape_sequences_in_a_text_never_reach_the_terminal() {
    let t = Pane::new(100, 20);
    let text = b"Escapes\n\nPlain \x1b[31mred\x1b[0m words \x1b]2;HACKED\x07 and \x1b[2J a bell\x07 here.\n";
    let screen = open_file(&t, "ansi.txt", text, "Plain red words");
    assert!(
        screen.contains("Plain red words  and  a bell here."),
        "{screen}"
    );
    assert!(
        screen.contains("control characters"),
        "no warning:\n{screen}"
    );
    let styled = t.screen_with_styles();
    let line = styled.lines().find(|l| l.contains("Plain")).unwrap();
    assert!(
        !line.contains("\x1b[31m"),
        "the text's colour reached the terminal: {line:?}"
    );
    assert!(!t.title().contains("HACKED"), "title {:?}", t.title());
    assert!(!t.screen().contains("HACKED"));
    t.keys(&["q"]);
    t.assert_terminal_restored();
}

#[test]
fn cjk_and_emoji_wrap_and_align() {
    let t = Pane::new(40, 16);
    let text = "混合文本\n\n共产国际的解散是一个时代的终结。它的历史充满了希望与失望，值得我们仔细阅读和思考。\n\n\
        Emoji 🎉🎉 party 👩‍👩‍👧 family and e\u{301}te\u{301} accents wrap too, across several lines here.\n";
    let screen = open_file(&t, "cjk.txt", text.as_bytes(), "混合文本");
    let lines: Vec<&str> = screen.lines().collect();
    assert!(screen.contains("共产国际"), "{screen}");
    assert!(screen.contains("🎉"), "{screen}");
    // The status bar is still on the last row: nothing pushed the layout out of place.
    assert!(lines.last().unwrap().contains("1/1"), "{screen}");
    for line in &lines {
        assert!(
            unicode_width::UnicodeWidthStr::width(*line) <= 40,
            "line wider than the terminal: {line:?}"
        );
    }
    t.keys(&["q"]);
    t.assert_terminal_restored();
}

#[test]
fn tiny_terminal_shows_a_notice_then_recovers() {
    let t = Pane::new(80, 24);
    let text = bundled_text("ratner-letter-stalinism-and-revolution.txt");
    let text = text.to_str().unwrap();
    t.gloss(&[text]);
    t.wait_for("page 1 of");
    t.resize(15, 5);
    t.wait_for("small");
    // Keys act on nothing the reader can see: they are ignored. Quitting is the one key that
    // acts, and it comes after them on the same input, so that they are surely read while the
    // terminal is small (a resize races the keys typed before it).
    t.keys(&["Space", "w", "v", "}", "H", "q"]);
    t.assert_terminal_restored();
    let notes = run_gloss(&t.db(), &["notes", text]);
    assert_eq!(
        String::from_utf8_lossy(&notes.stdout).trim(),
        "no annotations"
    );
    t.resize(80, 24);
    t.gloss(&[text]);
    // Still on the first page: the Space typed while small did not turn it.
    t.wait_for("page 1 of");
    t.resize(15, 5);
    t.wait_for("small");
    t.resize(80, 24);
    // The screen grows before gloss hears of it, showing what it had: wait for its own frame.
    t.wait_until("the page drawn again", |s| {
        s.contains("page 1 of") && !s.contains("small")
    });
    t.keys(&["Space"]);
    t.wait_for("page 2 of");
    t.keys(&["q"]);
    t.assert_terminal_restored();
}

#[test]
fn navigation_keys_contents_help_and_back() {
    let t = Pane::new(100, 50);
    t.gloss(&[
        bundled_text("the-russian-revolution-and-the-rise-of-stalinism.txt")
            .to_str()
            .unwrap(),
    ]);
    t.wait_for("page 1 of");
    t.keys(&["?"]);
    // Waits for the whole panel: the screen may be read with a frame half drawn.
    t.wait_until("the help with every reading key", |s| {
        [
            "Keys: reading",
            "Next page",
            "Table of contents",
            "Go to a page",
            "Quit",
            "PgDn",
            "Esc close",
        ]
        .iter()
        .all(|entry| s.contains(entry))
    });
    t.keys(&["Escape"]);
    t.wait_gone("Keys: reading");
    t.keys(&["t"]);
    t.wait_for("Contents");
    t.keys(&["j", "j", "Enter"]);
    let screen = t.wait_until("the chosen heading on top", |s| {
        first_text_line(s) == "The Permanent Revolution in Russia" && !s.contains("Contents")
    });
    let page = page_of(&screen).unwrap();
    assert!(page > 1);
    t.keys(&["BSpace"]);
    t.wait_until("back to page 1", |s| page_of(s) == Some(1));
    t.keys(&[":", "5", "0", "%", "Enter"]);
    t.wait_until("the middle", |s| {
        s.contains(" 50%") || s.contains(" 49%") || s.contains(" 51%")
    });
    t.keys(&["`", "`"]);
    t.wait_until("back to page 1", |s| page_of(s) == Some(1));
    t.keys(&["G"]);
    t.wait_for("100%");
    t.keys(&["g"]);
    t.wait_until("page 1", |s| page_of(s) == Some(1));
    t.keys(&["C-c"]);
    t.assert_terminal_restored();
}

#[test]
fn panic_and_sigterm_restore_the_terminal() {
    let t = Pane::new(80, 24);
    t.gloss_env("GLOSS_DEBUG_PANIC=1", &[]);
    t.wait_for("deliberate panic");
    t.assert_terminal_restored();

    t.type_line("clear");
    t.gloss(&[]);
    t.wait_for("Gloss · Library");
    let pid = t.child_pid().expect("gloss is running");
    support::pane::signal(pid, libc::SIGTERM);
    t.assert_terminal_restored();
}

/// A crash that does not unwind (an abort, as a stack overflow or a failed allocation ends; a
/// segmentation fault) still gives the shell its terminal back.
#[test]
fn an_abort_or_a_segmentation_fault_restores_the_terminal() {
    let t = Pane::new(80, 24);
    t.gloss_env("GLOSS_DEBUG_ABORT=1", &[]);
    t.wait_until("the shell after the abort", |s| s.contains("Aborted"));
    t.assert_terminal_restored();

    t.type_line("clear");
    t.gloss(&[]);
    t.wait_for("Gloss · Library");
    let pid = t.child_pid().expect("gloss is running");
    support::pane::signal(pid, libc::SIGSEGV);
    t.wait_until("the shell after the fault", |s| s.contains("Segmentation"));
    t.assert_terminal_restored();
}

#[test]
fn gloss_exits_when_its_terminal_goes_away() {
    let t = Pane::new(80, 24);
    t.gloss(&[]);
    t.wait_for("Gloss · Library");
    let pid = t.child_pid().expect("gloss is running");
    t.hang_up();
    let start = std::time::Instant::now();
    while !support::has_exited(pid) {
        assert!(
            start.elapsed() < support::patience(),
            "gloss {pid} is still running after its terminal closed"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

#[test]
fn list_prints_the_library() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gloss.db");
    let out = run_gloss(&db, &["list"]);
    assert!(out.status.success());
    let table = String::from_utf8(out.stdout).unwrap();
    assert_eq!(table.lines().count(), 6, "{table}");
    assert!(table.starts_with("TITLE"));
    let out = run_gloss(&db, &["list", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 5);
    assert!(json[0]["content_hash"].as_str().unwrap().len() == 64);
    let help = run_gloss(&db, &["--help"]);
    let help = String::from_utf8(help.stdout).unwrap();
    assert!(help.contains("list") && help.contains("--db") && help.contains("--width"));
    let missing = run_gloss(&db, &["/no/such/file.txt"]);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("cannot read /no/such/file.txt"));
}

/// Files whose size says nothing of what reading them gives: refused at once with a clear
/// message, never read without limit.
#[test]
fn devices_and_sparse_files_are_refused_without_reading_them_whole() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gloss.db");
    let sparse = dir.path().join("sparse.txt");
    std::fs::File::create(&sparse)
        .unwrap()
        .set_len(2 << 30)
        .unwrap();
    let zero = dir.path().join("export.json");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    // An import says what became of each file, then sums up.
    let cases: [(&[&str], &str, usize); 3] = [
        (&["/dev/zero"], "binary file", 1),
        (&[sparse.to_str().unwrap()], "binary file", 1),
        (&["import", zero.to_str().unwrap()], "not a regular file", 2),
    ];
    for (args, said, lines) in cases {
        let started = std::time::Instant::now();
        let out = run_gloss(&db, args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?}");
        assert!(stderr.contains(said), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), lines, "{stderr}");
        assert!(started.elapsed().as_secs() < 10, "{args:?} took too long");
    }
}

/// Every printing subcommand into a closed pipe (`| true`) or a full disk (`/dev/full`): no
/// panic (exit 101); a closed pipe is no error, a full disk is one line.
#[test]
fn no_subcommand_panics_on_a_closed_or_full_output() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gloss.db");
    run_gloss(&db, &["list"]);
    support::annotate(
        &db,
        "The Dissolution of the Communist International",
        "In the tempestuous years",
        "a note",
        100,
    );
    let export = dir.path().join("mine.json");
    run_gloss(&db, &["export", "-o", export.to_str().unwrap()]);
    let shared = dir.path().join("group");
    std::fs::create_dir(&shared).unwrap();
    let commands: [&[&str]; 11] = [
        &["list"],
        &["notes"],
        &["cards", "list"],
        &["stats"],
        &["export"],
        &["config", "list"],
        &["config", "get", "name"],
        &["config", "set", "name", "Ana"],
        &["import", export.to_str().unwrap()],
        &["sync", "--share-all", shared.to_str().unwrap()],
        &["purge"],
    ];
    for args in commands {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        for (what, stdout) in [
            ("a closed pipe", std::process::Stdio::from(writer)),
            ("/dev/full", std::process::Stdio::from(full)),
        ] {
            let out = std::process::Command::new(support::GLOSS)
                .env("GLOSS_DB", &db)
                .args(args)
                .stdout(stdout)
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_ne!(
                out.status.code(),
                Some(101),
                "{args:?} into {what}: {stderr}"
            );
            assert!(
                !stderr.contains("panicked"),
                "{args:?} into {what}: {stderr}"
            );
            if what == "/dev/full" {
                assert!(!out.status.success(), "{args:?}: a full disk is an error");
                assert!(stderr.contains("No space left"), "{args:?}: {stderr}");
            } else {
                assert!(out.status.success(), "{args:?} into {what}: {stderr}");
            }
        }
    }
}

#[test]
fn a_dumb_terminal_gets_a_message_not_escape_codes() {
    let t = Pane::new(80, 24);
    t.gloss_env("TERM=dumb", &[]);
    let screen = t.wait_for("cannot run in it");
    assert!(screen.contains("gloss list"), "{screen}");
    assert!(!t.alternate_screen());
    assert!(!screen.contains("Library"), "{screen}");
}

/// A file whose name is not UTF-8 (any bytes are a Unix file name) is kept by its own name: the
/// library finds it again and `gloss notes` takes the name.
#[test]
fn a_file_name_that_is_not_utf8_is_found_again() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gloss.db");
    let path = dir
        .path()
        .join(std::ffi::OsStr::from_bytes(b"caf\xe9 notes.txt"));
    std::fs::write(&path, "A Title\n\nSome text to read.\n").unwrap();
    {
        let mut store = gloss::store::Store::open(&db).unwrap();
        gloss::library::open_file(&mut store, &path, 1).unwrap();
        let entry = store
            .library()
            .unwrap()
            .into_iter()
            .find(|e| e.title == "A Title")
            .unwrap();
        assert!(entry.path.unwrap().is_file(), "not shown as missing");
    }
    let out = run_gloss(&db, &[std::ffi::OsStr::new("notes"), path.as_os_str()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "no annotations"
    );
}

#[test]
fn the_mouse_wheel_scrolls_the_page() {
    let t = Pane::new(80, 24);
    support::open_essay(&t);
    assert!(t.mouse_reporting(), "gloss asks for mouse events");
    let first = t.screen();
    let top = first.lines().nth(2).unwrap().to_string();
    t.wheel(true, 10, 5);
    let scrolled = t.wait_until("the text to scroll", |s| {
        s.lines().nth(2) != Some(top.as_str())
    });
    // The lines moved up: the new top line was further down before.
    let new_top = scrolled.lines().nth(2).unwrap();
    let was_at = first.lines().position(|l| l == new_top);
    assert!(
        was_at.is_some_and(|row| row > 2),
        "{first}\n---\n{scrolled}"
    );
    t.wheel(false, 10, 5);
    t.wait_until("the text back", |s| s.lines().nth(2) == Some(top.as_str()));
    t.keys(&["q"]);
    t.assert_terminal_restored();
}
