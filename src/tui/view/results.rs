//! The results of a library-wide search: each passage (or note) with its text, section and
//! place, and a snippet whose matched words are lit.

use ratatui::Frame;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::overlay::{boxed, centred, framed};
use super::{clean, fit, hint, theme};
use crate::app::keymap::Keymap;
use crate::app::overlay::results::{Hit, Results};
use crate::app::{Action, Mode};
use crate::search::{MARK_END, MARK_START};

/// Rows each result takes.
const ROWS: u16 = 3;

pub fn draw(frame: &mut Frame, keys: &Keymap, results: &Results) {
    let area = centred(frame.area(), 100, frame.area().height.saturating_sub(2));
    let count = match results.list.items.len() {
        1 => "1 result".to_string(),
        n => format!("{n} results"),
    };
    let title = format!(" {} · {count} ", fit(&results.query, 40));
    let inner = framed(
        frame,
        area,
        boxed(
            title,
            &hint(
                keys,
                Mode::Results,
                &[
                    (Action::Open, "open"),
                    (Action::Down, "down"),
                    (Action::Up, "up"),
                    (Action::Close, "close"),
                ],
            ),
        ),
    );
    if inner.height < ROWS || inner.width < 8 {
        return;
    }
    let width = usize::from(inner.width);
    // Only the results on screen are drawn.
    let visible = usize::from(inner.height / ROWS).max(1);
    let first = results.list.selected.saturating_sub(visible - 1);
    for (n, hit) in results
        .list
        .items
        .iter()
        .enumerate()
        .skip(first)
        .take(visible)
    {
        let (head, second, snippet) = match hit {
            Hit::Passage(h) => {
                let percent = h.start_char * 100 / h.chars.max(1);
                let section = h
                    .section
                    .as_deref()
                    .map_or(String::new(), |s| format!(" · {s}"));
                (
                    format!("{}{section} · {percent}%", h.title),
                    None,
                    &h.snippet,
                )
            }
            Hit::Note(h) => {
                let by = h
                    .author
                    .as_deref()
                    .map_or("your note".to_string(), |a| format!("{a}'s note"));
                (
                    format!("{} · {by}", h.title),
                    Some(format!("“{}”", one_line(&h.quote))),
                    &h.snippet,
                )
            }
        };
        let mut lines = vec![Line::from(Span::styled(
            fit(&clean(&head), width),
            theme::accent(),
        ))];
        if let Some(quote) = second {
            lines.push(Line::from(Span::raw(fit(&quote, width))));
        }
        lines.push(lit(snippet, width));
        let style = if n == results.list.selected {
            theme::selected()
        } else {
            Style::new()
        };
        let y = inner.y + (n - first) as u16 * ROWS;
        let rect = ratatui::layout::Rect {
            y,
            height: ROWS.min(inner.y + inner.height - y),
            ..inner
        };
        frame.render_widget(Paragraph::new(lines).style(style), rect);
    }
}

fn one_line(text: &str) -> String {
    clean(text).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A snippet on one line, its matched words in the search-match style, cut to `width`.
fn lit(snippet: &str, width: usize) -> Line<'static> {
    let mut spans = Vec::new();
    let mut used = 0;
    // Parts alternate between unmatched and matched text (the marks come in pairs); each is
    // cleaned of control characters only once the marks have cut it.
    for (i, part) in snippet.split([MARK_START, MARK_END]).enumerate() {
        let room = width.saturating_sub(used);
        if room == 0 {
            break;
        }
        let part = fit(&clean(part).replace(char::is_whitespace, " "), room);
        used += unicode_width::UnicodeWidthStr::width(part.as_str());
        let style = if i % 2 == 1 {
            theme::matched()
        } else {
            Style::new()
        };
        spans.push(Span::styled(part, style));
    }
    Line::from(spans)
}
