//! Shared helpers for the tests: a terminal of each test's own running the real `gloss`
//! binary ([`Pane`]), a temporary database, and polling waits instead of fixed sleeps.

pub mod book;
pub mod http;
pub mod pane;
pub mod polling;
pub mod screen;
pub mod simulate;

pub use pane::Pane;
pub use polling::{GLOSS, eventually, patience, shell_quote};

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The bundled texts folder of the repository.
pub fn texts_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("texts")
}

pub fn bundled_text(name: &str) -> PathBuf {
    texts_dir().join(name)
}

/// Whether process `pid` has ended (gone, or a zombie nobody has reaped yet).
pub fn has_exited(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        // The state follows the parenthesised command name: "1234 (gloss) Z ...".
        Ok(stat) => stat
            .rsplit_once(')')
            .is_some_and(|(_, rest)| rest.trim_start().starts_with(['Z', 'X'])),
    }
}

/// The library's text whose title begins with `title`.
pub fn text_titled(store: &gloss::store::Store, title: &str) -> gloss::document::DocumentId {
    store
        .library()
        .unwrap()
        .into_iter()
        .find(|e| e.title.starts_with(title))
        .expect(title)
        .id
}

/// Highlights the first `quote` in the library text titled `title` (registering the bundled
/// texts first), with a note, as the reader would; the annotation is saved in `db`.
pub fn annotate(db: &Path, title: &str, quote: &str, note: &str, at: i64) {
    let mut store = gloss::store::Store::open(db).unwrap();
    gloss::library::register_bundled(&mut store, 0).unwrap();
    let entry = store
        .library()
        .unwrap()
        .into_iter()
        .find(|e| e.title == title)
        .expect(title);
    let text = gloss::library::open_entry(&mut store, &entry, 0)
        .unwrap()
        .doc;
    let start = text.content.find(quote).expect(quote);
    let range = start..start + quote.len();
    let anchor = gloss::anchor::Anchor::new(&text.content, range, text.char_of(start));
    store
        .add_annotation(entry.id, &anchor, 1, note, &text.content, at)
        .unwrap();
}

/// Runs gloss to completion (no terminal) with a database.
pub fn run_gloss<A: AsRef<std::ffi::OsStr>>(db: &Path, args: &[A]) -> Output {
    run_gloss_at(db, None, args)
}

/// [`run_gloss`] at a time of the test's (`GLOSS_NOW`, unix seconds).
pub fn run_gloss_at<A: AsRef<std::ffi::OsStr>>(db: &Path, now: Option<i64>, args: &[A]) -> Output {
    let mut command = Command::new(GLOSS);
    if let Some(now) = now {
        command.env("GLOSS_NOW", now.to_string());
    }
    command
        .env("GLOSS_DB", db)
        .env("GLOSS_CONFIG", db.with_file_name("config.toml"))
        .args(args)
        .output()
        .unwrap()
}

/// Whether a line may break inside `word` at byte `at`: a Unicode line-break opportunity (UAX
/// 14, as the layout uses), or after a hyphen.
pub fn may_break(word: &str, at: usize) -> bool {
    let mut start = 0;
    let opportunities: Vec<usize> = textwrap::WordSeparator::UnicodeBreakProperties
        .find_words(word)
        .map(|w| {
            let s = start;
            start += w.word.len() + w.whitespace.len();
            s
        })
        .collect();
    opportunities.contains(&at) || word[..at].ends_with('-')
}

/// The sentence of `text` (Unicode sentence boundaries) holding byte `offset`.
pub fn sentence_around(text: &str, offset: usize) -> std::ops::Range<usize> {
    use unicode_segmentation::UnicodeSegmentation;
    text.split_sentence_bound_indices()
        .find(|(i, s)| *i <= offset && offset < i + s.len())
        .map(|(i, s)| i..i + s.len())
        .unwrap_or(offset..offset)
}

/// Asserts that `line`, a line read off the screen, is text that overlaps `sentence` of `text`.
pub fn assert_line_in_sentence(
    text: &str,
    line: &str,
    sentence: std::ops::Range<usize>,
    screen: &str,
) {
    let at = text[..(sentence.end + line.len()).min(text.len())]
        .rfind(line)
        .unwrap_or_else(|| {
            panic!(
                "{line:?} is not text near {:?}:\n{screen}",
                &text[sentence.clone()]
            )
        });
    assert!(
        at < sentence.end && at + line.len() > sentence.start,
        "{line:?} is outside the sentence {:?}:\n{screen}",
        &text[sentence]
    );
}

/// The runs of each line of a screen captured with its escapes ([`Pane::screen_with_styles`],
/// which resets and sets the style wherever it changes): each run's SGR codes (`1;4`,
/// `38;5;0;48;5;229`, empty for none) and its text.
pub fn styled_runs(styled: &str) -> Vec<Vec<(String, String)>> {
    styled
        .lines()
        .map(|line| {
            line.split("\x1b[0m")
                .filter_map(|part| {
                    let (codes, text) = match part.strip_prefix("\x1b[") {
                        Some(rest) => rest.split_once('m').unwrap_or(("", rest)),
                        None => ("", part),
                    };
                    (!text.is_empty()).then(|| (codes.to_string(), text.to_string()))
                })
                .collect()
        })
        .collect()
}

/// The background of a run's SGR codes, when it is one of the 256-colour palette.
fn background(codes: &str) -> Option<u8> {
    let codes: Vec<&str> = codes.split(';').collect();
    let at = codes.windows(2).position(|w| w == ["48", "5"])?;
    codes.get(at + 2)?.parse().ok()
}

/// The text drawn with background colour `bg` (a 256-colour palette index) in a screen captured
/// with its escapes ([`Pane::screen_with_styles`]): one string per screen line that has any,
/// consecutive cells joined.
pub fn text_with_background(styled: &str, bg: u8) -> Vec<String> {
    styled_runs(styled)
        .into_iter()
        .map(|runs| {
            runs.into_iter()
                .filter(|(codes, _)| background(codes) == Some(bg))
                .map(|(_, text)| text)
                .collect::<String>()
        })
        .filter(|text| !text.is_empty())
        .collect()
}

/// The first sentence of the Dissolution essay (an 80-column layout breaks it over two lines).
pub const SENTENCE: &str = "In the tempestuous years following the Russian Revolution, the global \
    labor movement found itself in unprecedented upheaval.";

/// Opens the Dissolution essay from the library (wherever the library lists it) and waits for
/// its page.
pub fn open_essay(t: &Pane) {
    open_essay_with(t, "");
}

/// Noon (local time) of a fixed day, in unix seconds: a time for reviews that is far from the
/// 4 am boundary between review days, so that a learning step never crosses it.
pub fn midday() -> i64 {
    const SOME_DAY: i64 = 1_795_000_000 / 86_400 * 86_400;
    SOME_DAY + 12 * 3600 - i64::from(gloss::clock::utc_offset())
}

/// [`open_essay`], with extra environment variables for gloss (`GLOSS_NOW=…`).
pub fn open_essay_with(t: &Pane, env: &str) {
    open_essay_running(t, env, &[]);
}

/// [`open_essay`] on another database than the pane's (another member's).
pub fn open_essay_as(t: &Pane, db: &Path) {
    open_essay_running(t, "", &["--db", db.to_str().unwrap()]);
}

fn open_essay_running(t: &Pane, env: &str, args: &[&str]) {
    t.gloss_env(env, args);
    let screen = t.wait_until("the library", |s| {
        s.contains("Gloss · Library") && s.contains("The Dissolution")
    });
    // Entries start on the third screen line.
    let row = screen
        .lines()
        .position(|l| l.contains("The Dissolution"))
        .unwrap();
    for _ in 2..row {
        t.keys(&["j"]);
    }
    t.keys(&["Enter"]);
    t.wait_until("the essay", |s| {
        s.contains("page 1 of") && s.contains("tempestuous")
    });
}

/// Selects the essay's first sentence (which the 80-column layout breaks over two lines).
pub fn select_first_sentence(t: &Pane) {
    // w shows the cursor on the title; } goes to the paragraph; v starts the selection;
    // ) goes to the next sentence, and the selection ends where this one does.
    t.keys(&["w", "}", "v", ")"]);
}

/// The palette index of highlight colour 1 (yellow): see `tui::view::theme`.
pub const YELLOW: u8 = 229;

/// The text on yellow cells, line by line trimmed and joined by spaces: what is highlighted.
pub fn highlighted(t: &Pane) -> String {
    text_with_background(&t.screen_with_styles(), YELLOW)
        .iter()
        .map(|l| l.trim())
        .collect::<Vec<_>>()
        .join(" ")
}
