//! Drawing: pure functions from the app's state to a frame. Nothing here changes state or
//! lays text out; the reader's rows come ready-wrapped from the app.

mod annotations;
mod cards;
mod field;
mod library;
mod members;
mod news;
mod overlay;
mod reader;
mod results;
mod review;
mod stats;
pub mod theme;

pub use reader::{PageView, draw as draw_reader, placed_pictures};

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use crate::app::keymap::Keymap;
use crate::app::{
    Action, App, MIN_HEIGHT, MIN_WIDTH, Message, Mode, Overlay, Screen, Tone, too_small,
};
use crate::tui::pictures::Pictures;

/// Draws the app's state, pictures as their placeholders.
pub fn draw(frame: &mut Frame, app: &App) {
    draw_with(frame, app, None);
}

/// Draws the app's state, with the pictures that are ready drawn over their placeholders.
pub fn draw_with(frame: &mut Frame, app: &App, pictures: Option<&Pictures>) {
    let area = frame.area();
    if too_small(area.width, area.height) {
        draw_too_small(frame, area);
        return;
    }
    match (app.screen, app.reading(), &app.review, &app.stats) {
        (Screen::Review, _, Some(review), _) => review::draw(frame, app, review),
        (Screen::Stats, _, _, Some(stats)) => stats::draw_stats(
            frame,
            app.keymap(),
            stats,
            app.stats_page,
            app.message.as_ref(),
        ),
        (Screen::Reader, Some(open), _, _) => {
            reader::draw(frame, &reader::PageView::of(app, open));
            if let Some(pictures) = pictures {
                let placed = placed_pictures(area, app);
                pictures.draw(frame, &open.reader.doc().hash, &placed);
            }
        }
        _ => library::draw(frame, app),
    }
    if let Some(message) = &app.message {
        // The library says what happened in its bottom bar; the other screens, in their top.
        message_overflow(frame, message, app.screen == Screen::Library);
    }
    if let Some(shown) = &app.overlay {
        draw_overlay(frame, app, shown, true);
    }
}

/// A message too long for its bar goes on over the screen beside the bar, wrapped (below a top
/// bar, above a bottom one), rather than cut; up to half the screen. It goes with the message.
fn message_overflow(frame: &mut Frame, message: &Message, at_bottom: bool) {
    let area = frame.area();
    let said = message_span(message);
    let text = clean(&said.content);
    if text.width() <= usize::from(area.width) {
        return;
    }
    let width = usize::from(area.width.saturating_sub(1)).max(2);
    let lines = textwrap::wrap(&text, textwrap::Options::new(width).subsequent_indent(" "));
    let shown = lines.len().min(usize::from(area.height / 2).max(1)) as u16;
    let top = match at_bottom {
        true => area.bottom() - shown,
        false => area.y,
    };
    for (i, line) in lines.iter().take(usize::from(shown)).enumerate() {
        let row = Rect {
            y: top + i as u16,
            height: 1,
            ..area
        };
        let line = Line::styled(line.to_string(), said.style);
        frame.render_widget(Clear, row);
        frame.render_widget(Paragraph::new(line).style(theme::bar()), row);
    }
}

/// An overlay over the screen; `focused`: it has the keys (not under a question).
fn draw_overlay(frame: &mut Frame, app: &App, shown: &Overlay, focused: bool) {
    match shown {
        Overlay::Help(help) => overlay::help(frame, app.keymap(), app.base_mode(), help),
        Overlay::Contents(contents) => {
            if let Some(open) = app.reading() {
                overlay::contents(frame, app.keymap(), &open.reader, contents);
            }
        }
        Overlay::Prompt(prompt) => {
            // A search shows how many matches it has as it is typed.
            let found = app
                .reading()
                .and_then(|o| o.find.as_ref())
                .map(|f| reader::found(f, true));
            overlay::prompt(
                frame,
                app.keymap(),
                &prompt.input,
                prompt.ask,
                found.as_deref().unwrap_or_default(),
            )
        }
        Overlay::CardEditor(editor) => cards::editor(frame, app.keymap(), editor, focused),
        Overlay::Results(found) => results::draw(frame, app.keymap(), found),
        Overlay::Members(picker) => members::draw(frame, app.keymap(), picker),
        Overlay::News(list) => news::draw(frame, app.keymap(), list, |n| {
            app.library
                .iter()
                .find(|e| e.id == n.document)
                .map_or(0, |e| e.chars)
        }),
        Overlay::Cards(list) => cards::panel(frame, app.keymap(), list, app.now()),
        Overlay::CardInfo(info) => {
            if let Some(under) = &info.over {
                draw_overlay(frame, app, under, false);
            }
            cards::info(frame, app.keymap(), info)
        }
        Overlay::Confirm(confirm) => {
            if let Some(under) = &confirm.over {
                draw_overlay(frame, app, under, false);
            }
            let area = frame.area();
            overlay::question(
                frame,
                area,
                app.keymap(),
                &confirm.question,
                confirm.answers,
            );
        }
        _ => {
            if let Some(open) = app.reading() {
                annotations::draw(frame, app.keymap(), open, shown, app.now(), focused);
            }
        }
    }
}

fn draw_too_small(frame: &mut Frame, area: Rect) {
    frame.render_widget(Clear, area);
    let text = format!(
        "Terminal too small: {}×{}, needs {MIN_WIDTH}×{MIN_HEIGHT}",
        area.width, area.height
    );
    let paragraph = Paragraph::new(text)
        .alignment(Alignment::Center)
        .wrap(Wrap { trim: true });
    frame.render_widget(paragraph, area);
}

/// Text from a database, an import or a file name, safe to draw (line breaks kept).
pub use crate::document::sanitize::for_screen as clean;

pub use crate::document::sanitize::fit;

/// `42 min`, `1 h 05 min`.
pub fn duration(minutes: u64) -> String {
    if minutes < 60 {
        format!("{minutes} min")
    } else {
        format!("{} h {:02} min", minutes / 60, minutes % 60)
    }
}

/// A one-row bar: `left` then `right` flush right; `left` is cut to make room.
fn bar(frame: &mut Frame, area: Rect, left: Span<'_>, right: Span<'_>) {
    let width = usize::from(area.width);
    let right_text = fit(&right.content, width);
    let room = width.saturating_sub(right_text.width() + 1);
    let left_text = fit(&left.content, room);
    let gap = width.saturating_sub(left_text.width() + right_text.width());
    let line = Line::from(vec![
        Span::styled(left_text, left.style),
        Span::raw(" ".repeat(gap)),
        Span::styled(right_text, theme::bar_side().patch(right.style)),
    ]);
    frame.render_widget(Paragraph::new(line).style(theme::bar()), area);
}

/// A panel's line of keys, read from the keymap in effect: ` Enter go · Esc close `.
pub fn hint(keymap: &Keymap, mode: Mode, wanted: &[(Action, &str)]) -> String {
    format!(" {} ", keymap.hint(mode, wanted))
}

/// A bar with a reminder of keys on the right, which gives way to a message on the left (what
/// just happened) when both do not fit; otherwise the left is cut, as [`bar`] does.
fn bar_with_keys(
    frame: &mut Frame,
    area: Rect,
    message: Option<&Message>,
    left: Span<'_>,
    keys: String,
) {
    let crowded = message.is_some() && left.width() + keys.width() + 1 > usize::from(area.width);
    let keys = if crowded { String::new() } else { keys };
    bar(frame, area, left, Span::raw(keys));
}

/// The message, if any, as a span for a bar.
fn message_span(message: &Message) -> Span<'_> {
    let style = match message.tone {
        Tone::Info => Style::new(),
        Tone::Warning => theme::warning(),
        Tone::Error => theme::error(),
    };
    Span::styled(format!(" {}", message.text), style)
}

/// Rows 1 to height-2: the area between the bars.
fn body(area: Rect) -> Rect {
    Rect {
        y: area.y + 1,
        height: area.height.saturating_sub(2),
        ..area
    }
}

fn top_bar(area: Rect) -> Rect {
    Rect { height: 1, ..area }
}

fn bottom_bar(area: Rect) -> Rect {
    Rect {
        y: area.y + area.height.saturating_sub(1),
        height: 1,
        ..area
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_cuts_by_cells_and_drops_controls() {
        assert_eq!(fit("short", 10), "short");
        assert_eq!(fit("a long title here", 8), "a long …");
        assert_eq!(fit("你好世界", 5), "你好…");
        assert_eq!(fit("bad\x1b[31mname", 20), "badname");
    }

    #[test]
    fn durations() {
        assert_eq!(duration(0), "0 min");
        assert_eq!(duration(42), "42 min");
        assert_eq!(duration(65), "1 h 05 min");
    }
}
