//! The library screen: every known text with its length, progress and when it was last read.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row, Table, TableState};
use unicode_width::UnicodeWidthStr;

use super::{bar, body, bottom_bar, clean, fit, message_span, theme, top_bar};
use crate::app::reader::WORDS_PER_MINUTE;
use crate::app::shelf::{Shelf, Sort};
use crate::app::{Action, App, Mode};
use crate::document::LibraryEntry;

/// From this width the progress bar is full size.
const WIDE: u16 = 100;
/// Below this width the table keeps only the title and the percentage.
const NARROW: u16 = 60;
const PROGRESS_CELLS: usize = 10;

pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    let shelf = &app.shelf;
    let mut count = match (app.library.len(), shelf.shown.len()) {
        (1, 1) => "1 text".to_string(),
        (all, shown) if shown == all => format!("{all} texts"),
        (all, shown) => format!("{shown} of {all} texts"),
    };
    if shelf.sort != Sort::default() {
        count = format!("by {} · {count}", shelf.sort.name());
    }
    if let Some(indexing) = app.indexing() {
        let percent = (indexing.progress() * 100.0) as u32;
        count = format!(
            "indexing “{}” for search {percent}% · {count}",
            fit(&indexing.title, 30)
        );
    }
    bar(
        frame,
        top_bar(area),
        Span::raw(match (shelf.typing, shelf.filter.is_empty()) {
            (false, true) => " Gloss · Library".to_string(),
            (typing, _) => format!(
                " Gloss · Library · /{}{}",
                clean(&shelf.filter),
                if typing { "▏" } else { "" }
            ),
        }),
        Span::raw(format!("{count} ")),
    );

    let now = app.now();
    let mut list_area = body(area);
    list_area.x += 1;
    list_area.width = list_area.width.saturating_sub(2);
    // Columns by width: everything from WIDE cells, a shorter progress bar below that, and only
    // the title and the percentage on narrow terminals.
    let (bar_cells, details) = match area.width {
        w if w >= WIDE => (PROGRESS_CELLS, true),
        w if w >= NARROW => (PROGRESS_CELLS / 2, true),
        _ => (0, false),
    };
    // From WIDE cells, each text's notes and cards due today too.
    let counted = area.width >= WIDE;
    let widths: Vec<u16> = match (details, counted) {
        (true, true) => vec![5, 3, 7, bar_cells as u16 + 5, 10],
        (true, false) => vec![7, bar_cells as u16 + 5, 10],
        _ => vec![4],
    };
    let spacing = 1;
    let fixed: u16 = widths.iter().sum::<u16>() + spacing * widths.len() as u16;
    let title_width = usize::from(list_area.width.saturating_sub(fixed));

    // Only the rows on screen are made (a file's existence is asked for each): a library of
    // a thousand texts draws as fast as one of ten.
    let on_screen = usize::from(list_area.height.saturating_sub(1)).max(1);
    let first = Shelf::first_on_screen(app.selected, on_screen);
    let shown = &shelf.shown[first.min(shelf.shown.len())..];
    let rows = shown.iter().take(on_screen).map(|&i| {
        let entry = &app.library[i];
        let missing = entry.bundled.is_none() && entry.path.as_ref().is_some_and(|p| !p.exists());
        let (note, style) = match app.news.get(&entry.id) {
            _ if missing => (" (file missing)".to_string(), theme::warning()),
            Some(&n) if n >= crate::annotation::news::NEWS_COUNTED_UP_TO => {
                (format!(" ✦ {n}+ new"), theme::accent())
            }
            Some(n) => (format!(" ✦ {n} new"), theme::accent()),
            None => (String::new(), theme::dim()),
        };
        let title = Cell::from(Line::from(vec![
            Span::raw(fit(
                &entry.label(),
                title_width.saturating_sub(note.width()),
            )),
            Span::styled(note, style),
        ]));
        let percent = format!("{:>3.0}%", (entry.progress() * 100.0).floor());
        let counts = shelf.counts.get(&entry.id).copied().unwrap_or_default();
        // A count of none is left blank: the column then shows what there is.
        let count = |n: usize, width: usize| match n {
            0 => String::new(),
            n => format!("{n:>width$}"),
        };
        let counted = counted.then(|| {
            [
                Cell::from(count(counts.notes, 5)),
                Cell::from(Span::styled(count(counts.due, 3), theme::accent())),
            ]
        });
        if details {
            Row::new(
                std::iter::once(title)
                    .chain(counted.into_iter().flatten())
                    .chain([
                        Cell::from(reading_time(entry)),
                        Cell::from(Line::from(vec![
                            Span::styled(
                                progress_bar(entry.progress(), bar_cells),
                                theme::accent(),
                            ),
                            Span::raw(format!(" {percent}")),
                        ])),
                        Cell::from(ago(entry.last_read_at, now)),
                    ]),
            )
        } else {
            Row::new(vec![title, Cell::from(percent)])
        }
    });
    let header = match (details, counted) {
        (true, true) => vec!["Title", "Notes", "Due", "Length", "Progress", "Last read"],
        (true, false) => vec!["Title", "Length", "Progress", "Last read"],
        _ => vec!["Title", "Read"],
    };
    let constraints = std::iter::once(Constraint::Fill(1))
        .chain(widths.into_iter().map(Constraint::Length))
        .collect::<Vec<_>>();
    let table = Table::new(rows, constraints)
        .header(Row::new(header).style(theme::dim()))
        .column_spacing(spacing)
        .row_highlight_style(theme::selected());
    // Notes from other tools waiting for a text: one line under the list.
    if !app.waiting.is_empty() {
        let notes: usize = app.waiting.iter().map(|(_, n)| n).sum();
        let titles: Vec<&str> = app.waiting.iter().map(|(t, _)| t.as_str()).collect();
        let said = format!(
            "{notes} {} waiting for {}: open or add it to place them (gloss import --pending)",
            if notes == 1 { "note" } else { "notes" },
            titles.join(", ")
        );
        under_list(frame, &mut list_area, &said);
    }
    // The decks and what each has today: one line under the list.
    if !app.decks.is_empty() {
        let decks: Vec<String> = app
            .decks
            .iter()
            .map(|(name, c)| format!("{} {}·{}·{}", clean(name), c.new, c.learning, c.due))
            .collect();
        let said = format!(
            "Decks (new·learning·due): {} · gloss review NAME",
            decks.join("  ")
        );
        under_list(frame, &mut list_area, &said);
    }
    let mut state = TableState::default().with_selected(Some(app.selected - first));
    frame.render_stateful_widget(table, list_area, &mut state);

    let left = match &app.message {
        Some(message) => message_span(message),
        None if shelf.typing => {
            let keys = app.keymap().hint(
                Mode::Filter,
                &[(Action::Submit, "keep"), (Action::Close, "clear")],
            );
            Span::styled(format!(" {keys}"), theme::bar_side())
        }
        None => {
            let mut wanted = vec![(Action::Open, "open"), (Action::OpenFile, "open a file")];
            if app.has_open_text() {
                wanted.push((Action::Library, "back to the text"));
            }
            if !app.news.is_empty() {
                wanted.push((Action::News, "what's new"));
            }
            wanted.extend([
                (Action::Filter, "filter"),
                (Action::Sort, "sort"),
                (Action::Delete, "remove"),
                (Action::Help, "help"),
                (Action::Quit, "quit"),
            ]);
            let keys = app.keymap().hint(Mode::Library, &wanted);
            let keys = fit(&format!(" {keys}"), usize::from(area.width));
            Span::styled(keys, theme::bar_side())
        }
    };
    bar(frame, bottom_bar(area), left, Span::raw(""));
}

/// The length of a text as reading time, in at most 7 cells: `51 min`, `3.3 h`
/// (`gloss list` has the words).
fn reading_time(entry: &LibraryEntry) -> String {
    let minutes = entry.words.div_ceil(WORDS_PER_MINUTE);
    if minutes < 60 {
        format!("{minutes} min")
    } else {
        format!("{:.1} h", minutes as f64 / 60.0)
    }
}

fn progress_bar(fraction: f64, cells: usize) -> String {
    let filled = ((fraction * cells as f64).round() as usize).min(cells);
    format!("{}{}", "█".repeat(filled), "░".repeat(cells - filled))
}

/// `never`, `just now`, `5 min ago`, `3 h ago`, `2 days ago`.
fn ago(when: Option<i64>, now: i64) -> String {
    let Some(when) = when else {
        return "never".into();
    };
    let secs = (now - when).max(0);
    match secs {
        0..60 => "just now".into(),
        60..3600 => format!("{} min ago", secs / 60),
        3600..86400 => format!("{} h ago", secs / 3600),
        86400..172800 => "yesterday".into(),
        172800..31_536_000 => format!("{} days ago", secs / 86400),
        _ => format!("{} yr ago", secs / 31_536_000),
    }
}

/// A dim line taken from the bottom of the list's area.
fn under_list(frame: &mut Frame, list_area: &mut Rect, said: &str) {
    if list_area.height <= 2 {
        return;
    }
    list_area.height -= 1;
    let line = Line::from(Span::styled(
        fit(said, usize::from(list_area.width)),
        theme::dim(),
    ));
    let mut at = *list_area;
    at.y += list_area.height;
    at.height = 1;
    frame.render_widget(line, at);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formatting() {
        assert_eq!(progress_bar(0.0, 10), "░░░░░░░░░░");
        assert_eq!(progress_bar(0.45, 10), "█████░░░░░");
        assert_eq!(progress_bar(1.0, 5), "█████");
        assert_eq!(ago(None, 100), "never");
        assert_eq!(ago(Some(100), 130), "just now");
        assert_eq!(ago(Some(0), 7200), "2 h ago");
        assert_eq!(ago(Some(0), 86400 * 3), "3 days ago");
    }
}
