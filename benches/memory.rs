//! Peak memory of reading the generated 50 MB text, as the program does it: open the file,
//! show the first page, count every page in the background, jump to the last page. Measured in
//! a fresh child process (its peak resident set, VmHWM) so that nothing else is counted.
//! Run with `cargo bench --bench memory`; the target is under 3 times the file size.

mod support;

use gloss::app::{Action, App, DEFAULT_MEASURE};
use gloss::store::Store;
use gloss::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn main() {
    let mut args = std::env::args().skip(1);
    if args.next().as_deref() == Some("child") {
        let path = args.next().expect("child needs a path");
        child(&path);
        return;
    }
    let path = support::fifty_megabytes();
    let size = std::fs::metadata(&path).unwrap().len() as f64;
    let peak_kb: f64 = support::in_child(&path).trim().parse().unwrap();
    let peak = peak_kb * 1024.0;
    println!(
        "peak memory reading a {:.1} MB text: {:.1} MB, {:.2} times the file size (target: under 3)",
        size / 1e6,
        peak / 1e6,
        peak / size
    );
}

/// Does what a reader does, then prints the peak resident set in KB.
fn child(path: &str) {
    let mut app = App::new(Store::open_in_memory().unwrap(), DEFAULT_MEASURE);
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
    println!("{}", support::peak_kb());
}
