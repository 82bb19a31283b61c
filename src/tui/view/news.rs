//! What is new from the reading group: by text, then member, each thing added, changed or
//! replied on its line with its place, passage and words.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::overlay::{boxed, centred, framed};
use super::{clean, fit, hint, theme};
use crate::annotation::news::News;
use crate::app::keymap::Keymap;
use crate::app::overlay::news::NewsList;
use crate::app::{Action, Mode};
use crate::document::sanitize::one_line;

/// A line of the panel: a text's title, a member's name, or a thing new.
enum Shown<'a> {
    Title(&'a str),
    Member(&'a str),
    Item(usize, &'a News),
}

pub fn draw(frame: &mut Frame, keys: &Keymap, list: &NewsList, chars: impl Fn(&News) -> u64) {
    let area = centred(frame.area(), 100, frame.area().height.saturating_sub(2));
    let count = match list.list.items.len() {
        1 => "1 new".to_string(),
        n => format!("{n} new"),
    };
    let inner = framed(
        frame,
        area,
        boxed(
            format!(" Since you last looked · {count} "),
            &hint(
                keys,
                Mode::News,
                &[
                    (Action::Open, "open at the passage"),
                    (Action::Close, "close"),
                ],
            ),
        ),
    );
    if inner.height == 0 || inner.width < 8 {
        return;
    }
    let mut lines = Vec::new();
    let mut last: Option<&News> = None;
    for (i, n) in list.list.items.iter().enumerate() {
        if last.is_none_or(|l| l.document != n.document) {
            lines.push(Shown::Title(&n.title));
        }
        if last.is_none_or(|l| l.document != n.document || l.author.id != n.author.id) {
            lines.push(Shown::Member(&n.author.name));
        }
        lines.push(Shown::Item(i, n));
        last = Some(n);
    }
    let at = lines
        .iter()
        .position(|l| matches!(l, Shown::Item(i, _) if *i == list.list.selected))
        .unwrap_or(0);
    let height = usize::from(inner.height);
    // The selected line shows, with its text's title above it when there is room.
    let first = at.saturating_sub(height - 1);
    let width = usize::from(inner.width);
    for (row, shown) in lines.iter().skip(first).take(height).enumerate() {
        let line = match shown {
            Shown::Title(title) => {
                Line::from(Span::styled(fit(&clean(title), width), theme::heading()))
            }
            Shown::Member(name) => Line::from(Span::styled(
                fit(&format!("  {}", clean(name)), width),
                theme::accent(),
            )),
            Shown::Item(i, n) => {
                let style = if *i == list.list.selected {
                    theme::selected()
                } else {
                    Style::new()
                };
                item(n, chars(n), width).style(style)
            }
        };
        let rect = Rect {
            y: inner.y + row as u16,
            height: 1,
            ..inner
        };
        frame.render_widget(Paragraph::new(line), rect);
    }
}

/// `    replied · 42% · “the passage”: the words` (or `not found in your copy` for the place)
fn item(n: &News, chars: u64, width: usize) -> Line<'static> {
    let head = format!("    {} · {} · ", n.verb(), n.place(chars));
    let mut quote = format!("“{}”", fit(&one_line(&n.quote), 38));
    let words = one_line(&n.text);
    if !words.is_empty() {
        quote.push_str(": ");
    }
    let used = unicode_width::UnicodeWidthStr::width(format!("{head}{quote}").as_str());
    Line::from(vec![
        Span::styled(head, theme::dim()),
        Span::raw(quote),
        Span::styled(fit(&words, width.saturating_sub(used)), theme::note()),
    ])
}
