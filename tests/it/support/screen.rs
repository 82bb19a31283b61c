//! The app drawn into ratatui's TestBackend: a fresh app on an in-memory database, the library
//! entry opened by title, the frame rendered, and its text.

use gloss::app::{Action, App, DEFAULT_MEASURE, Mode};
use gloss::store::Store;
use gloss::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

/// An app on an empty in-memory database, in a terminal of this size.
pub fn app(width: u16, height: u16) -> App {
    let mut app = App::new(Store::open_in_memory().unwrap(), DEFAULT_MEASURE);
    app.update(Action::Resize(width, height));
    app
}

/// Opens the library entry whose title starts with `title`.
pub fn open(app: &mut App, title: &str) {
    let index = app
        .library
        .iter()
        .position(|e| e.title.starts_with(title))
        .unwrap_or_else(|| panic!("{title} is not in the library"));
    for _ in 0..index {
        app.update(Action::Down);
    }
    app.update(Action::Open);
    assert_eq!(app.mode(), Mode::Reader);
    app.wait_for_background();
}

pub fn render(app: &App) -> Buffer {
    let (w, h) = app.size();
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| view::draw(f, app)).unwrap();
    terminal.backend().buffer().clone()
}

/// The rows of the frame, untrimmed.
pub fn lines(buf: &Buffer) -> Vec<String> {
    (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
        })
        .collect()
}

/// The frame as text, each row without its trailing blanks.
pub fn text(buf: &Buffer) -> String {
    lines(buf)
        .iter()
        .map(|l| l.trim_end())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The frame as text, then its styles: for each row, the runs of cells drawn other than plain
/// (`x0-x1 modifiers fg bg`), so that a snapshot shows the look as well as the words.
pub fn look(buf: &Buffer) -> String {
    let mut out = text(buf);
    out.push_str("\n--- styles ---");
    for y in 0..buf.area.height {
        let mut runs: Vec<(u16, u16, String)> = Vec::new();
        for x in 0..buf.area.width {
            let cell = &buf[(x, y)];
            let style = format!("{:?} {:?} {:?}", cell.modifier, cell.fg, cell.bg);
            let plain = cell.modifier.is_empty()
                && cell.fg == ratatui::style::Color::Reset
                && cell.bg == ratatui::style::Color::Reset;
            match runs.last_mut() {
                Some((_, end, last)) if *end + 1 == x && *last == style => *end = x,
                _ if plain => {}
                _ => runs.push((x, x, style)),
            }
        }
        for (from, to, style) in runs {
            out.push_str(&format!("\n{y:2}: {from}-{to} {style}"));
        }
    }
    out
}
