//! The card editor and the open text's cards panel.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::overlay::{boxed, centred, framed};
use super::review::interval;
use super::{clean, fit, hint, theme};
use crate::app::card_editor::{BACK, CardEditor, FRONT, TAGS};
use crate::app::field::Field;
use crate::app::keymap::Keymap;
use crate::app::{Action, Mode};
use crate::srs::card::{Card, CardKind};
use crate::srs::{Phase, cloze};

pub fn editor(frame: &mut Frame, keys: &Keymap, editor: &CardEditor) {
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
        field(frame, rect, label, &editor.fields[i], editor.focus == i);
    }
    if editor.confirm_discard {
        super::overlay::confirm_discard(frame, full, keys, "card");
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

/// A card in one line: its question (a cloze's with its blank), where it stands, when it is due.
fn summary(card: &Card, width: usize, now: i64) -> Line<'static> {
    let front = match card.kind {
        CardKind::Basic => clean(&card.front).into_owned(),
        CardKind::Cloze => cloze::question(&clean(&card.front), card.cloze.unwrap_or(1)),
    }
    .replace('\n', " ");
    let when = match card.schedule.phase {
        Phase::New => "new".to_string(),
        _ if card.schedule.due <= now => "due now".to_string(),
        _ => format!("due in {}", interval(card.schedule.due - now)),
    };
    let state = if card.suspended {
        "suspended".to_string()
    } else {
        format!("{} · {when}", card.schedule.phase.as_str())
    };
    let style = if card.suspended {
        theme::dim()
    } else {
        Style::new()
    };
    Line::from(vec![
        Span::styled(fit(&front, width.saturating_sub(state.len() + 3)), style),
        Span::styled(format!("   {state}"), theme::dim()),
    ])
}

pub fn panel(frame: &mut Frame, keys: &Keymap, cards: &[Card], selected: usize, now: i64) {
    let area = centred(frame.area(), 100, cards.len() as u16 + 2);
    let inner = framed(
        frame,
        area,
        boxed(
            format!(" Cards from this text · {} ", cards.len()),
            &hint(
                keys,
                Mode::Cards,
                &[
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
    let rows = usize::from(inner.height.max(1));
    let first = selected.saturating_sub(rows - 1);
    for (n, card) in cards.iter().enumerate().skip(first).take(rows) {
        let style = if n == selected {
            theme::selected()
        } else {
            Style::new()
        };
        let rect = Rect {
            y: inner.y + (n - first) as u16,
            height: 1,
            ..inner
        };
        frame.render_widget(
            Paragraph::new(summary(card, usize::from(inner.width), now)).style(style),
            rect,
        );
    }
}
