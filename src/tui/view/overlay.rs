//! Panels drawn over a screen: the help (generated from the keymap), the table of contents, and
//! the go-to prompt in the status bar.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};

use crate::document::sanitize::one_line;
use ratatui::widgets::{Block, Borders, Clear, List, ListItem, ListState, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::{bar, bottom_bar, theme};
use crate::app::Action;
use crate::app::keymap::Keymap;
use crate::app::overlay::{
    self,
    contents::{Contents, indented},
    help::{COLUMN_GAP, Help, HelpRow},
};
use crate::app::reader::Reader;
use crate::app::{Ask, Mode};
use crate::document::BlockKind;

/// A centred rectangle of at most `width` x `height`, inside `area` with a margin.
pub fn centred(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width.saturating_sub(2));
    let height = height.min(area.height.saturating_sub(2));
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

/// The help: every scope's keys, generated from the effective keymap, those of `mode` (what
/// was showing when it opened) first.
pub fn help(frame: &mut Frame, keymap: &Keymap, mode: Mode, help: &Help) {
    let laid = overlay::help::layout(
        keymap,
        mode,
        &help.filter,
        (frame.area().width, frame.area().height),
    );
    let keys_width = laid.keys_width;
    let line = |row: &HelpRow| match row {
        HelpRow::Title(title) => Line::styled(format!(" {title}"), theme::heading()),
        HelpRow::Note(note) => Line::styled(format!(" {note}"), theme::dim()),
        HelpRow::Binding { keys, does } => Line::from(vec![
            Span::styled(format!(" {keys:<keys_width$}  "), theme::accent()),
            Span::raw(does.clone()),
        ]),
        HelpRow::Blank => Line::raw(""),
    };
    let area = centred(frame.area(), laid.width, laid.height);
    let visible = laid.visible();
    let scroll = help.scroll.min(laid.rows.len().saturating_sub(visible));
    let title = match mode {
        Mode::Library => "Keys: library",
        Mode::Cursor => "Keys: reading, with the cursor",
        Mode::Review => "Keys: review",
        Mode::Stats => "Keys: statistics",
        _ => "Keys: reading",
    };
    let title = match (help.typing, help.filter.is_empty()) {
        (false, true) => format!(" {title} "),
        (typing, _) => format!(
            " {title} · /{}{} ",
            one_line(&help.filter),
            if typing { "▏" } else { "" }
        ),
    };
    let hint = if help.typing {
        keymap.hint(
            Mode::Filter,
            &[(Action::Submit, "done"), (Action::Close, "clear")],
        )
    } else {
        keymap.hint(
            Mode::Help,
            &[
                (Action::Close, "close"),
                (Action::NextPage, "page"),
                (Action::Filter, "find a key"),
            ],
        )
    };
    let hint = format!(" {hint} ");
    let block = boxed(title, &hint);
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    // One column, or two: the rows go on from the foot of the first to the top of the second.
    let column = (laid.column_width() + 2) as u16;
    let tall = usize::from(inner.height);
    for k in 0..laid.columns {
        let x = (column + COLUMN_GAP as u16) * k as u16;
        let rect = Rect {
            x: inner.x + x,
            width: column.min(inner.width.saturating_sub(x)),
            ..inner
        };
        let rows = laid.rows.iter().skip(scroll + k * tall).take(tall);
        frame.render_widget(Paragraph::new(rows.map(line).collect::<Vec<_>>()), rect);
    }
}

/// The contents, the section being read marked: only the rows in sight are made, as a long
/// text has tens of thousands of entries (a 200 MB text's took 18 ms a frame).
pub fn contents(frame: &mut Frame, keys: &Keymap, reader: &Reader, contents: &Contents) {
    let doc = reader.doc();
    let current = reader.section();
    let selected = contents.list.selected;
    let width = (contents.widest + 8).max(24).min(usize::from(u16::MAX)) as u16;
    let area = centred(
        frame.area(),
        width,
        doc.contents.len().saturating_add(2) as u16,
    );
    // The first row in sight, as a list scrolled from the top keeps the selected row in it.
    let rows = usize::from(area.height.saturating_sub(2)).max(1);
    let first = (selected + 1).saturating_sub(rows);
    let items: Vec<ListItem> = doc
        .contents
        .iter()
        .enumerate()
        .skip(first)
        .take(rows)
        .map(|(i, section)| {
            let indent = "  ".repeat(indented(section.level));
            let mark = if Some(i) == current { "▸ " } else { "  " };
            let style = theme::block(BlockKind::Heading(section.level));
            ListItem::new(Line::from(vec![
                Span::raw(mark),
                Span::raw(indent),
                Span::styled(section.title.clone(), style),
            ]))
        })
        .collect();
    let keys = super::hint(
        keys,
        Mode::Contents,
        &[(Action::Open, "go"), (Action::Close, "close")],
    );
    let list = List::new(items)
        .block(boxed(" Contents ".into(), &keys))
        .highlight_style(theme::selected());
    let mut state = ListState::default().with_selected(Some(selected - first));
    frame.render_widget(Clear, area);
    frame.render_stateful_widget(list, area, &mut state);
}

/// The end of `text` in `width` cells, `…` for what is cut before it: what is being typed
/// stays in view.
fn fit_tail(text: &str, width: usize) -> String {
    let clean = one_line(text);
    if clean.width() <= width {
        return clean.into_owned();
    }
    let mut tail = Vec::new();
    let mut used = 1; // the ellipsis
    for c in clean.chars().rev() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > width {
            break;
        }
        used += w;
        tail.push(c);
    }
    std::iter::once('…').chain(tail.into_iter().rev()).collect()
}

/// A prompt replaces the status bar; the cursor sits after the input; `note` (a search's
/// count) leads the keys on the right.
pub fn prompt(frame: &mut Frame, keymap: &Keymap, input: &str, ask: Ask, note: &str) {
    let area = bottom_bar(frame.area());
    let label = match ask {
        Ask::GoTo => " Go to page or %: ".to_string(),
        Ask::BookmarkLabel => " Bookmark label (optional): ".to_string(),
        Ask::ExportTo => format!(" Export to ({}): ", ask.extensions().join(" ")),
        Ask::ImportFrom => " Import a file, or sync a folder: ".to_string(),
        Ask::Find => " /".to_string(),
        Ask::SearchLibrary => " Search the library and your notes: ".to_string(),
        Ask::OpenFile => format!(" Open a file ({}): ", ask.extensions().join(" ")),
        Ask::ShareWith => " Share with group: ".to_string(),
    };
    let mut wanted = vec![(Action::Submit, "go"), (Action::Close, "cancel")];
    if matches!(ask, Ask::OpenFile | Ask::ExportTo | Ask::ImportFrom) {
        wanted.insert(1, (Action::Complete, "complete"));
    }
    if ask == Ask::ShareWith {
        wanted.insert(1, (Action::Complete, "next group"));
    }
    let keys = format!("{note}{} ", keymap.hint(Mode::Prompt, &wanted));
    let typed = fit_tail(
        input,
        usize::from(area.width).saturating_sub(label.width() + keys.width() + 2),
    );
    bar(
        frame,
        area,
        Span::raw(format!("{label}{typed}")),
        Span::styled(keys, theme::dim()),
    );
    let x = area.x + (label.width() + typed.width()) as u16;
    frame.set_cursor_position(Position::new(x.min(area.right().saturating_sub(1)), area.y));
}

/// A question over everything: what is at stake, and the keys that answer yes and no.
pub fn question(
    frame: &mut Frame,
    full: Rect,
    keymap: &Keymap,
    statement: &str,
    (yes, no): (&str, &str),
) {
    let keys = keymap.hint(Mode::Confirm, &[(Action::Yes, yes), (Action::No, no)]);
    let width = statement.width().max(keys.width()).max(40) as u16 + 4;
    let ask = centred(full, width, 5);
    let question = Paragraph::new(vec![
        Line::from(statement.to_string()),
        Line::from(Span::styled(keys, theme::accent())),
    ])
    .wrap(ratatui::widgets::Wrap { trim: true })
    .block(
        Block::default()
            .borders(Borders::ALL)
            .border_style(theme::warning()),
    );
    frame.render_widget(Clear, ask);
    frame.render_widget(question, ask);
}

/// A panel's frame: borders, a title, and a dim line of keys at the bottom.
pub fn boxed<'a>(title: String, hint: &'a str) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .title(title)
        .title_bottom(Span::styled(hint, theme::dim()))
}

/// Clears `area`, draws `block` there, and returns the space inside it.
pub fn framed(frame: &mut Frame, area: Rect, block: Block) -> Rect {
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    inner
}
