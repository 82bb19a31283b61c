//! Peak memory of reading the generated 50 MB text, as the program does it: open the file,
//! show the first page, count every page in the background, jump to the last page. Measured in
//! a fresh child process so that nothing else is counted: its private memory (what it
//! allocates) at its peak, sampled every millisecond, and its whole peak resident set (VmHWM),
//! which also counts the program's code mapped from its file. Run with `cargo bench --bench
//! memory [-- FILE]`; the target is 1.3 times the file size.

mod support;

use gloss::app::{Action, App, DEFAULT_MEASURE};
use gloss::store::Store;
use gloss::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn main() {
    // Cargo passes `--bench`; a path after it is the text to read instead of the generated one.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    if let [child_mode, path] = &args[..]
        && child_mode == "child"
    {
        child(path);
        return;
    }
    let path = args
        .first()
        .map_or_else(support::fifty_megabytes, std::path::PathBuf::from);
    let size = std::fs::metadata(&path).unwrap().len() as f64;
    let printed = support::in_child(&path);
    let mut kb = printed
        .split_whitespace()
        .map(|n| n.parse::<f64>().unwrap() * 1024.0);
    let (private, resident) = (kb.next().unwrap(), kb.next().unwrap());
    println!(
        "peak memory reading a {:.1} MB text: {:.1} MB private, {:.2} times the file size \
         (target: 1.3); {:.1} MB resident with the program's code, {:.2} times",
        size / 1e6,
        private / 1e6,
        private / size,
        resident / 1e6,
        resident / size
    );
}

/// Does what a reader does, then prints its peak private memory and peak resident set in KB.
fn child(path: &str) {
    let private = support::private_peak_kb();
    // A database in a file, as a reader's is (an in-memory one would hold the search index).
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("gloss.db")).unwrap();
    let mut app = App::new(store, DEFAULT_MEASURE);
    app.update(Action::Resize(120, 40));
    app.open_path(std::path::Path::new(path)).unwrap();
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    terminal.draw(|f| view::draw(f, &app)).unwrap();
    app.wait_for_background();
    app.update(Action::DocEnd);
    terminal.draw(|f| view::draw(f, &app)).unwrap();
    app.update(Action::Resize(80, 24));
    app.wait_for_background();
    terminal.draw(|f| view::draw(f, &app)).unwrap();
    println!("{} {}", private(), support::peak_kb());
}
