//! Issue 37's acceptance 1: every key answered within a frame (16 ms) at the 95th percentile,
//! from launch on, on 5, 50 and 200 MB texts and a 50 MB EPUB, the first 15 s (while the text
//! is read, its pages counted and its passages indexed) included. The release binary runs on a
//! pseudo-terminal of the bench's own (the tests' `Pane`: a vt100 emulator fed by a thread),
//! each text new to a fresh library; keys are typed one after the other, each as soon as the
//! one before was answered, and each is timed from its bytes written to the screen showing its
//! answer. Run with `cargo bench --bench keys` (the texts are written once to the temporary
//! folder; `-- 5` runs the 5 MB text only, as the other sizes by their name).

mod support;

#[path = "../tests/it/support/pane.rs"]
#[allow(dead_code)]
mod pane;
#[path = "../tests/it/support/polling.rs"]
#[allow(dead_code)] // the tests' own, of which this bench uses a part
mod polling;

use std::path::Path;
use std::time::{Duration, Instant};

use pane::Pane;
use polling::{GLOSS, eventually, shell_quote};

/// How long keys are typed, from launch.
const TYPING: Duration = Duration::from_secs(15);
/// A key not answered in this long counts as this long.
const GIVE_UP: Duration = Duration::from_secs(5);
/// How often the screen is looked at while a key is waited for.
const POLL: Duration = Duration::from_micros(250);
/// A frame at 60 Hz, in ms.
const FRAME_MS: f64 = 16.0;
const WIDTH: u16 = 100;
const HEIGHT: u16 = 30;

/// A key as [`Pane::keys`] names it (untimed if its name is empty), and what shows that it
/// was answered.
struct Key {
    name: &'static str,
    keys: &'static [&'static str],
    answer: Answer,
}

enum Answer {
    /// The page's text (the rows between the top bar and the status bar) changed.
    PageChanged,
    /// The bottom row shows what was typed so far.
    Prompt(&'static str),
    /// The prompt is gone and the page shows the word looked for.
    OnMatch,
}

impl Answer {
    fn given(&self, before: &str, now: &str) -> bool {
        match self {
            Answer::PageChanged => page(before) != page(now),
            Answer::Prompt(typed) => last_row(now).contains(typed),
            Answer::OnMatch => {
                !last_row(now).contains(&format!("/{WORD}"))
                    && page(now)
                        .iter()
                        .any(|row| row.to_lowercase().contains(WORD))
            }
        }
    }
}

fn page(screen: &str) -> Vec<&str> {
    let rows: Vec<&str> = screen.lines().collect();
    rows.get(1..rows.len().saturating_sub(1))
        .map(<[&str]>::to_vec)
        .unwrap_or_default()
}

/// The screen's last row.
fn last_row(screen: &str) -> &str {
    screen.lines().last().unwrap_or_default()
}

/// The word searched for, typed a letter at a time.
const WORD: &str = "council";

const fn key(name: &'static str, keys: &'static [&'static str], answer: Answer) -> Key {
    Key { name, keys, answer }
}

/// One round of a reader's keys: pages on, the end and back, the contents (closed untimed: a
/// lone Escape is told from a sequence by a pause), a search typed and Enter.
const ROUND: &[Key] = &[
    key("Space", &["Space"], Answer::PageChanged),
    key("Space", &["Space"], Answer::PageChanged),
    key("G", &["G"], Answer::PageChanged),
    key("g", &["g"], Answer::PageChanged),
    key("t", &["t"], Answer::PageChanged),
    key("", &["Escape"], Answer::PageChanged),
    key("/", &["/"], Answer::Prompt("/")),
    key("letter", &["c"], Answer::Prompt("/c")),
    key("letter", &["o"], Answer::Prompt("/co")),
    key("letter", &["u"], Answer::Prompt("/cou")),
    key("letter", &["n"], Answer::Prompt("/coun")),
    key("letter", &["c"], Answer::Prompt("/counc")),
    key("letter", &["i"], Answer::Prompt("/counci")),
    key("letter", &["l"], Answer::Prompt("/council")),
    key("Enter", &["Enter"], Answer::OnMatch),
];

fn main() {
    let only = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let texts = [
        ("5 MB text", support::megabytes_of_text(5)),
        ("50 MB text", support::fifty_megabytes()),
        ("200 MB text", support::megabytes_of_text(200)),
        ("50 MB EPUB", support::fifty_megabyte_book()),
    ];
    for (name, file) in &texts {
        if only
            .as_deref()
            .is_some_and(|o| name.split(' ').next() != Some(o))
        {
            continue;
        }
        let (launch, mut times, quit) = type_keys(file);
        let mut all: Vec<f64> = times.iter().map(|t| t.1).collect();
        all.sort_by(f64::total_cmp);
        let p95 = all[(all.len() * 95).div_ceil(100) - 1];
        let worst = times
            .iter()
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(k, ms, at)| format!("{k} {ms:.0} ms at {at:.1} s"))
            .unwrap_or_default();
        let slow: Vec<String> = times
            .iter()
            .filter(|t| t.1 > FRAME_MS)
            .map(|(k, ms, at)| format!("{k} {ms:.0}@{at:.1}s"))
            .collect();
        times.sort_by(|a, b| a.0.cmp(b.0).then(a.1.total_cmp(&b.1)));
        let by_key: Vec<String> = ROUND
            .iter()
            .map(|k| k.name)
            .filter(|n| !n.is_empty())
            .fold(Vec::new(), |mut seen: Vec<&str>, n| {
                if !seen.contains(&n) {
                    seen.push(n);
                }
                seen
            })
            .into_iter()
            .map(|n| {
                let of: Vec<f64> = times.iter().filter(|t| t.0 == n).map(|t| t.1).collect();
                format!("{n} {:.1}", of[of.len() / 2])
            })
            .collect();
        println!(
            "{name}: first page {launch:.0} ms; {} keys, 95th percentile {p95:.1} ms, worst {worst}; \
             medians by key (ms): {}; q to exit {quit:.0} ms\n  over a frame: {}",
            all.len(),
            by_key.join(", "),
            slow.join(" ")
        );
        let (first, again) = opened_and_resumed_at_the_end(file);
        println!(
            "{name}: first open {first:.0} ms, reopened at its end {again:.0} ms (medians of {OPENINGS})"
        );
    }
}

/// Openings of each kind measured.
const OPENINGS: usize = 3;

/// The median time to the first page of `file` opened in a new library, and reopened after the
/// reader left it at its end.
fn opened_and_resumed_at_the_end(file: &Path) -> (f64, f64) {
    let mut first = Vec::new();
    let mut again = Vec::new();
    for _ in 0..OPENINGS {
        let pane = Pane::new(WIDTH, HEIGHT);
        first.push(launch(&pane, file));
        pane.keys(&["G"]);
        eventually("the end of the whole text", || {
            let screen = pane.screen();
            let status = last_row(&screen);
            match status.contains("100%") && !status.contains("opening") {
                true => Ok(()),
                false => Err(screen),
            }
        });
        quit(&pane);
        again.push(launch(&pane, file));
        quit(&pane);
    }
    let median = |mut all: Vec<f64>| {
        all.sort_by(f64::total_cmp);
        all[all.len() / 2]
    };
    (median(first), median(again))
}

/// Starts gloss on `file` in `pane` and waits for its first page: the time it took, in ms.
fn launch(pane: &Pane, file: &Path) -> f64 {
    let launched = Instant::now();
    pane.type_line(&format!(
        "GLOSS_DB={} {GLOSS} {}",
        shell_quote(&pane.db()),
        shell_quote(file)
    ));
    eventually("the first page", || {
        let screen = pane.screen();
        let status = last_row(&screen);
        match status.contains("page ") || status.contains("opening ") {
            true => Ok(()),
            false => Err(screen),
        }
    });
    launched.elapsed().as_secs_f64() * 1000.0
}

/// Presses `q` and waits for the shell: the time it took, in ms.
fn quit(pane: &Pane) -> f64 {
    let sent = Instant::now();
    pane.keys(&["q"]);
    eventually("gloss to quit", || match pane.alternate_screen() {
        true => Err(String::new()),
        false => Ok(()),
    });
    sent.elapsed().as_secs_f64() * 1000.0
}

/// Launches gloss on `file` and types [`ROUND`]s for [`TYPING`], then `q`: the time to the first
/// page, each key's name, time to answer (ms) and when it was typed (s from launch), and the
/// time from `q` to the shell's prompt.
fn type_keys(file: &Path) -> (f64, Vec<(&'static str, f64, f64)>, f64) {
    let pane = Pane::new(WIDTH, HEIGHT);
    let launched = Instant::now();
    let first_page = launch(&pane, file);
    let mut times = Vec::new();
    'typing: loop {
        for key in ROUND {
            if launched.elapsed() > TYPING {
                break 'typing;
            }
            let at = launched.elapsed().as_secs_f64();
            let before = pane.screen();
            let sent = Instant::now();
            pane.keys(key.keys);
            let ms = loop {
                if key.answer.given(&before, &pane.screen()) {
                    break sent.elapsed();
                }
                if sent.elapsed() > GIVE_UP {
                    break GIVE_UP;
                }
                // Polled, not spun on: this machine's cores are gloss's.
                std::thread::sleep(POLL);
            }
            .as_secs_f64()
                * 1000.0;
            if !key.name.is_empty() {
                times.push((key.name, ms, at));
            }
        }
        // The search ends: the next round starts as this one did.
        pane.keys(&["Escape"]);
        eventually("the search to end", || {
            let screen = pane.screen();
            match last_row(&screen).contains(WORD) {
                true => Err(screen),
                false => Ok(()),
            }
        });
    }
    let quit = quit(&pane);
    (first_page, times, quit)
}
