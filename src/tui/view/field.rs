//! A field being typed (a note, a card's question): its rows, the selection and the cursor,
//! scrolled so that the cursor shows.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme;
use crate::app::field::Field;

/// Draws `field` in `area`; the cursor shows when it is `focused`.
pub fn draw(frame: &mut Frame, area: Rect, field: &Field, focused: bool) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    // One column is kept for the cursor after a full row.
    let rows = field.rows(area.width.saturating_sub(1).max(1));
    let (cursor_row, _) = field.cursor_at(&rows);
    let first = (cursor_row + 1).saturating_sub(usize::from(area.height));
    let selection = field.selection();
    let text = field.text();
    let lines: Vec<Line> = rows
        .iter()
        .enumerate()
        .skip(first)
        .take(usize::from(area.height))
        .map(|(n, row)| {
            let mut spans = Vec::new();
            // Cut the row where the selection and the cursor change the style.
            let mut cuts = vec![row.start, row.end];
            if let Some(s) = &selection {
                cuts.extend([
                    s.start.clamp(row.start, row.end),
                    s.end.clamp(row.start, row.end),
                ]);
            }
            let cursor = field.cursor();
            let on_row = focused && n == cursor_row;
            if on_row && cursor < row.end {
                let next = text[cursor..].chars().next().map_or(0, char::len_utf8);
                cuts.extend([cursor, cursor + next]);
            }
            cuts.sort_unstable();
            cuts.dedup();
            for pair in cuts.windows(2) {
                let piece = pair[0]..pair[1];
                let style = if on_row && piece.start == cursor {
                    theme::cursor()
                } else if selection.as_ref().is_some_and(|s| s.contains(&piece.start)) {
                    theme::selection()
                } else {
                    Style::new()
                };
                spans.push(Span::styled(&text[piece], style));
            }
            if on_row && cursor >= row.end {
                spans.push(Span::styled(" ", theme::cursor()));
            }
            Line::from(spans)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}
