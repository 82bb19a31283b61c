//! The library screen: every known text with its length, progress and when it was last read.

use ratatui::Frame;
use ratatui::layout::Constraint;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row, Table, TableState};

use super::{bar, body, bottom_bar, duration, fit, message_span, theme, top_bar};
use crate::app::App;
use crate::app::reader::WORDS_PER_MINUTE;
use crate::clock;
use crate::store::LibraryEntry;

/// Below this width the table keeps only the title and the percentage.
const WIDE: u16 = 72;
const PROGRESS_CELLS: usize = 10;

pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    let count = match app.library.len() {
        1 => "1 text".to_string(),
        n => format!("{n} texts"),
    };
    bar(
        frame,
        top_bar(area),
        Span::raw(" Gloss · Library"),
        Span::raw(format!("{count} ")),
    );

    let now = clock::now();
    let wide = area.width >= WIDE;
    let rows = app.library.iter().map(|entry| {
        let missing = entry.bundled.is_none() && entry.path.as_ref().is_some_and(|p| !p.exists());
        let title = if missing {
            Cell::from(Line::from(vec![
                Span::raw(entry.title.clone()),
                Span::styled(" (file missing)", theme::WARNING),
            ]))
        } else {
            Cell::from(entry.title.clone())
        };
        let percent = format!("{:>3.0}%", (entry.progress() * 100.0).floor());
        if wide {
            Row::new(vec![
                title,
                Cell::from(reading_time(entry)),
                Cell::from(Line::from(vec![
                    Span::styled(progress_bar(entry.progress()), theme::ACCENT),
                    Span::raw(format!(" {percent}")),
                ])),
                Cell::from(ago(entry.last_read_at, now)),
            ])
        } else {
            Row::new(vec![title, Cell::from(percent)])
        }
    });
    let (widths, header): (Vec<Constraint>, Vec<&str>) = if wide {
        (
            vec![
                Constraint::Fill(1),
                Constraint::Length(10),
                Constraint::Length(PROGRESS_CELLS as u16 + 5),
                Constraint::Length(11),
            ],
            vec!["Title", "Length", "Progress", "Last read"],
        )
    } else {
        (
            vec![Constraint::Fill(1), Constraint::Length(4)],
            vec!["Title", "Read"],
        )
    };
    let table = Table::new(rows, widths)
        .header(Row::new(header).style(theme::DIM))
        .column_spacing(2)
        .row_highlight_style(theme::SELECTED);
    let mut state = TableState::default().with_selected(Some(app.selected));
    let mut list_area = body(area);
    list_area.x += 1;
    list_area.width = list_area.width.saturating_sub(2);
    frame.render_stateful_widget(table, list_area, &mut state);

    let left = match &app.message {
        Some(message) => message_span(message),
        None => Span::raw(fit(
            " Enter open · j/k move · L back to the text · ? help · q quit",
            usize::from(area.width),
        )),
    };
    bar(frame, bottom_bar(area), left, Span::raw(""));
}

/// The length of a text as reading time: `51 min`, `3 h 20 min` (`gloss list` has the words).
fn reading_time(entry: &LibraryEntry) -> String {
    duration(entry.words.div_ceil(WORDS_PER_MINUTE))
}

fn progress_bar(fraction: f64) -> String {
    let filled = ((fraction * PROGRESS_CELLS as f64).round() as usize).min(PROGRESS_CELLS);
    format!(
        "{}{}",
        "█".repeat(filled),
        "░".repeat(PROGRESS_CELLS - filled)
    )
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
        _ => format!("{} days ago", secs / 86400),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formatting() {
        assert_eq!(progress_bar(0.0), "░░░░░░░░░░");
        assert_eq!(progress_bar(0.45), "█████░░░░░");
        assert_eq!(progress_bar(1.0), "██████████");
        assert_eq!(ago(None, 100), "never");
        assert_eq!(ago(Some(100), 130), "just now");
        assert_eq!(ago(Some(0), 7200), "2 h ago");
        assert_eq!(ago(Some(0), 86400 * 3), "3 days ago");
    }
}
