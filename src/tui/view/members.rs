//! The picker of whose annotations are shown, when a text carries many members': each choice
//! with its count, narrowed by a typed name.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::overlay::{boxed, centred, framed};
use super::{clean, fit, hint, theme};
use crate::app::keymap::Keymap;
use crate::app::marks::Showing;
use crate::app::overlay::members::MemberPicker;
use crate::app::{Action, Mode};

pub fn draw(frame: &mut Frame, keys: &Keymap, picker: &MemberPicker) {
    let area = centred(frame.area(), 60, frame.area().height.saturating_sub(4));
    let inner = framed(
        frame,
        area,
        boxed(
            " Whose annotations are shown ".into(),
            &hint(
                keys,
                Mode::Members,
                &[
                    (Action::Open, "show"),
                    (Action::Filter, "find a name"),
                    (Action::Close, "close"),
                ],
            ),
        ),
    );
    if inner.height < 2 || inner.width < 8 {
        return;
    }
    let [asked, body] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(inner);
    let line = if picker.list.typing || !picker.list.filter.is_empty() {
        Line::from(vec![
            Span::styled("name: ", theme::accent()),
            Span::raw(clean(&picker.list.filter).into_owned()),
            Span::styled(if picker.list.typing { "▏" } else { "" }, theme::accent()),
        ])
    } else {
        Line::styled(
            keys.fill(Mode::Members, "[filter] to find a member by name"),
            theme::dim(),
        )
    };
    frame.render_widget(Paragraph::new(line), asked);
    let width = usize::from(body.width);
    let rows = usize::from(body.height.max(1));
    let first = picker.list.selected.saturating_sub(rows - 1);
    for (n, choice) in picker.list.items.iter().enumerate().skip(first).take(rows) {
        let name = match &choice.showing {
            Showing::Everyone => "Everyone".to_string(),
            Showing::Mine => "Only yours".to_string(),
            Showing::Author(a) => clean(&a.name).into_owned(),
        };
        let count = format!(" {}", choice.count);
        let style = if n == picker.list.selected {
            theme::selected()
        } else {
            Style::new()
        };
        // Names on the left, counts lined up on the right.
        let room = width.saturating_sub(count.len());
        let name = fit(&name, room);
        let pad = room.saturating_sub(name.width());
        let text = Line::from(vec![
            Span::raw(format!("{name}{}", " ".repeat(pad))),
            Span::styled(count, theme::dim()),
        ]);
        let rect = Rect {
            y: body.y + (n - first) as u16,
            height: 1,
            ..body
        };
        frame.render_widget(Paragraph::new(text).style(style), rect);
    }
    if picker.list.items.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled("no member by that name", theme::dim())),
            body,
        );
    }
}
