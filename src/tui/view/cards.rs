//! The card editor and the card lists: the open text's, and the library's (the browser).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::overlay::{boxed, centred, framed};
use super::review::interval;
use super::{clean, fit, hint, theme};
use crate::app::field::Field;
use crate::app::keymap::Keymap;
use crate::app::overlay::card_editor::{BACK, CardEditor, FRONT, TAGS};
use crate::app::overlay::card_info::CardInfoPanel;
use crate::app::overlay::cards::CardList;
use crate::app::{Action, Mode};
use crate::srs::card::{Card, CardKind};
use crate::srs::{Phase, cloze};

/// The card editor; `focused`: it has the keys (not under a question).
pub fn editor(frame: &mut Frame, keys: &Keymap, editor: &CardEditor, focused: bool) {
    let full = frame.area();
    let area = centred(full, 90, full.height.saturating_sub(4).max(12));
    let (kind, labels) = match editor.kind {
        CardKind::Basic => ("question and answer", ["Question", "Answer", "Tags"]),
        CardKind::Cloze => (
            "cloze",
            [
                "Text (shift+arrows select, then blank them out)",
                "Extra (shown with the answer)",
                "Tags",
            ],
        ),
    };
    let verb = if editor.editing.is_some() {
        "Edit card"
    } else {
        "New card"
    };
    let inner = framed(
        frame,
        area,
        boxed(
            format!(" {verb} · {kind} "),
            &hint(
                keys,
                Mode::CardEditor,
                &[
                    (Action::NextField, "next field"),
                    (Action::SwitchKind, "cloze/question"),
                    (Action::Blank, "blank"),
                    (Action::Save, "save"),
                    (Action::Close, "close"),
                ],
            ),
        ),
    );
    let [from, front, back, tags] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Fill(3),
        Constraint::Fill(2),
        Constraint::Length(3),
    ])
    .areas(inner);
    let quote = clean(&editor.source.anchor.quote).replace('\n', " ");
    frame.render_widget(
        Paragraph::new(fit(&format!("From “{quote}”"), usize::from(from.width) * 2))
            .style(theme::dim())
            .wrap(ratatui::widgets::Wrap { trim: true }),
        from,
    );
    let mut front_label = labels[FRONT].to_string();
    if editor.kind == CardKind::Cloze {
        let n = cloze::numbers(editor.fields[FRONT].text()).len();
        front_label.push_str(&format!(" · {n} blank{}", if n == 1 { "" } else { "s" }));
    }
    for (i, (rect, label)) in [
        (front, front_label.as_str()),
        (back, labels[BACK]),
        (tags, labels[TAGS]),
    ]
    .into_iter()
    .enumerate()
    {
        field(
            frame,
            rect,
            label,
            &editor.fields[i],
            focused && editor.focus == i,
        );
    }
}

fn field(frame: &mut Frame, rect: Rect, label: &str, text: &Field, focused: bool) {
    let border = if focused {
        theme::accent()
    } else {
        theme::dim()
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(border)
        .title(format!(" {label} "));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    super::field::draw(frame, inner, text, focused);
}

/// A card in one line: its question (a cloze's with its blank), where it stands, when it is
/// due; and in the library's list, its text.
fn summary(card: &Card, text: Option<&str>, width: usize, now: i64) -> Line<'static> {
    let front = match card.kind {
        CardKind::Basic => clean(&card.front).into_owned(),
        CardKind::Cloze => cloze::question(&clean(&card.front), card.cloze.unwrap_or(1)),
    }
    .replace('\n', " ");
    let mut state = standing(card, now);
    if let Some(title) = text {
        state = format!("{state} · {}", fit(&clean(title), 24));
    }
    let style = if card.suspended {
        theme::dim()
    } else {
        Style::new()
    };
    let state_cells = unicode_width::UnicodeWidthStr::width(state.as_str());
    Line::from(vec![
        Span::styled(fit(&front, width.saturating_sub(state_cells + 3)), style),
        Span::styled(format!("   {state}"), theme::dim()),
    ])
}

/// Where a card stands: `new`, `review · due in 3d`, `learning · due now`, `suspended`.
fn standing(card: &Card, now: i64) -> String {
    let phase = card.schedule.phase;
    match phase {
        _ if card.suspended => "suspended".to_string(),
        // A new card is due whenever it is reached: "new · new" said it twice.
        Phase::New => phase.as_str().to_string(),
        _ if card.schedule.due <= now => format!("{} · due now", phase.as_str()),
        _ => format!(
            "{} · due in {}",
            phase.as_str(),
            interval(card.schedule.due - now)
        ),
    }
}

/// The card list: the open text's, or the library's (the browser), with its query.
pub fn panel(frame: &mut Frame, keys: &Keymap, list: &CardList, now: i64) {
    let library = list.text.is_none();
    // The browser keeps its size as its query narrows the list.
    let rows = if library {
        frame.area().height.saturating_sub(4)
    } else {
        list.list.items.len() as u16 + 1
    };
    let area = centred(frame.area(), 110, rows + 2);
    let title = match library {
        true => format!(" Cards · {} found ", list.list.items.len()),
        false => format!(" Cards from this text · {} ", list.list.items.len()),
    };
    let inner = framed(
        frame,
        area,
        boxed(
            title,
            &hint(
                keys,
                Mode::Cards,
                &[
                    (Action::Filter, "search"),
                    (Action::Open, "passage"),
                    (Action::EditEntry, "edit"),
                    (Action::Suspend, "suspend"),
                    (Action::Delete, "delete"),
                    (Action::Undo, "undo"),
                    (Action::Close, "close"),
                ],
            ),
        ),
    );
    let [query, body] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(inner);
    let asked = if list.list.typing {
        Line::from(vec![
            Span::styled("search: ", theme::accent()),
            Span::raw(clean(&list.list.filter).into_owned()),
            Span::styled("▏", theme::accent()),
        ])
    } else if list.list.filter.is_empty() {
        Line::styled(
            "words, tag:T, deck:T, is:new|learn|review|due|suspended|buried, rated:N, added:N, \
             prop:ivl>N, front:/back:/text:, or, -, ( ), sort:due",
            theme::dim(),
        )
    } else {
        Line::from(vec![
            Span::styled("search: ", theme::dim()),
            Span::raw(clean(&list.list.filter).into_owned()),
        ])
    };
    frame.render_widget(Paragraph::new(asked), query);
    let rows = usize::from(body.height.max(1));
    let first = list.list.selected.saturating_sub(rows - 1);
    for (n, card) in list.list.items.iter().enumerate().skip(first).take(rows) {
        let style = if n == list.list.selected {
            theme::selected()
        } else {
            Style::new()
        };
        let rect = Rect {
            y: body.y + (n - first) as u16,
            height: 1,
            ..body
        };
        let text = library.then(|| list.title(card.document));
        frame.render_widget(
            Paragraph::new(summary(card, text, usize::from(body.width), now)).style(style),
            rect,
        );
    }
    if list.list.items.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled("no card found", theme::dim())),
            body,
        );
    }
}

/// A card shown whole: its lines, wrapped, scrolled (no further than the last).
pub fn info(frame: &mut Frame, keys: &Keymap, panel: &CardInfoPanel) {
    let screen = frame.area();
    let width = 96u16.min(screen.width);
    let inner = usize::from(width.saturating_sub(2)).max(1);
    let lines: Vec<Line> = panel
        .lines
        .iter()
        .map(|l| Line::raw(clean(l).into_owned()))
        .collect();
    let rows: usize = lines.iter().map(|l| l.width().div_ceil(inner).max(1)).sum();
    let area = centred(
        screen,
        width,
        (rows as u16).saturating_add(2).min(screen.height),
    );
    let visible = area.height.saturating_sub(2);
    let scroll = panel.scroll.min((rows as u16).saturating_sub(visible));
    let hint = hint(
        keys,
        Mode::CardInfo,
        &[
            (Action::Down, "down"),
            (Action::Up, "up"),
            (Action::Close, "close"),
        ],
    );
    let shown = Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .scroll((scroll, 0))
        .block(boxed(" Card ".to_string(), &hint));
    frame.render_widget(Clear, area);
    frame.render_widget(shown, area);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::srs::browse::tests::card;

    #[test]
    fn a_card_says_where_it_stands_once() {
        let now = 1_795_000_000;
        assert_eq!(standing(&card(1, "Q", &[], Phase::New, now), now), "new");
        assert_eq!(
            standing(&card(2, "Q", &[], Phase::Review, now - 1), now),
            "review · due now"
        );
        assert_eq!(
            standing(&card(3, "Q", &[], Phase::Review, now + 3 * 86_400), now),
            "review · due in 3d"
        );
        let mut suspended = card(4, "Q", &[], Phase::Review, now);
        suspended.suspended = true;
        assert_eq!(standing(&suspended, now), "suspended");
    }
}
