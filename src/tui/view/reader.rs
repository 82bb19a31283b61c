//! The reading screen: section bar, the page in a centred text column, status bar.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::{bar, body, bottom_bar, duration, message_span, theme, top_bar};
use crate::app::reader::Reader;
use crate::app::{Geometry, Message};
use crate::document::{Block, Document};
use crate::layout::{QUOTE_BAR_WIDTH, Row};

/// Cells the status bar leaves for the title, at least, before it drops details.
const TITLE_ROOM: usize = 16;

/// Draws `reader` in the whole frame, with its text column at `g`, and `message` (if any) in
/// the title bar.
pub fn draw(frame: &mut Frame, reader: &Reader, g: Geometry, message: Option<&Message>) {
    let area = frame.area();
    let doc = reader.doc();

    let section = reader
        .section()
        .filter(|&b| b != 0)
        .map(|b| doc.text(&doc.blocks[b]).to_string());
    let left = match message {
        Some(message) => message_span(message),
        None => Span::raw(format!(" {}", section.as_deref().unwrap_or("Gloss"))),
    };
    bar(frame, top_bar(area), left, Span::raw("? help  L library "));

    let page = body(area);
    let column = Rect {
        x: page.x + g.text_x,
        width: g.text_width.min(page.width.saturating_sub(g.text_x)),
        ..page
    };
    if doc.is_empty() {
        let notice = Paragraph::new("This document is empty.")
            .style(theme::DIM)
            .alignment(Alignment::Center);
        frame.render_widget(
            notice,
            Rect {
                height: 1,
                ..column
            },
        );
    }
    let buf = frame.buffer_mut();
    for (i, row) in reader.page().iter().enumerate() {
        let y = column.y + i as u16;
        if y >= column.y + column.height {
            break;
        }
        if !row.gap {
            draw_row(buf, column, y, doc, row);
        }
    }

    let status = status(reader, usize::from(area.width));
    bar(
        frame,
        bottom_bar(area),
        Span::raw(format!(" {}", doc.title)),
        Span::raw(format!("{status} ")),
    );
}

/// One line of text: quote bars, indentation, then the text with its block and inline styles.
fn draw_row(buf: &mut Buffer, column: Rect, y: u16, doc: &Document, row: &Row) {
    let block = &doc.blocks[row.pos.block];
    let mut x = column.x;
    let right = column.x + column.width;
    for _ in 0..block.quote_depth {
        if x + QUOTE_BAR_WIDTH > right {
            return;
        }
        buf.set_string(x, y, "│ ", theme::DIM);
        x += QUOTE_BAR_WIDTH;
    }
    x = (x + row.indent).min(right);
    let line = styled_line(doc, block, row.start, row_text_end(doc, row));
    buf.set_line(x, y, &line, right - x);
}

/// End of the visible text of a row: without the trailing blanks and line break.
fn row_text_end(doc: &Document, row: &Row) -> usize {
    row.start + doc.content[row.start..row.end].trim_end().len()
}

/// The text from `start` to `end`, cut into spans where inline styles begin and end.
fn styled_line<'a>(doc: &'a Document, block: &Block, start: usize, end: usize) -> Line<'a> {
    let base = theme::block(block.kind);
    // Spans are sorted by start; those that can overlap this range start before `end`.
    let upto = doc.spans.partition_point(|s| s.start < end);
    let covering: Vec<_> = doc.spans[..upto].iter().filter(|s| s.end > start).collect();
    if covering.is_empty() {
        return Line::from(Span::styled(&doc.content[start..end], base));
    }
    let mut cuts: Vec<usize> = vec![start, end];
    for s in &covering {
        cuts.extend([s.start.max(start), s.end.min(end)]);
    }
    cuts.sort_unstable();
    cuts.dedup();
    let spans = cuts
        .windows(2)
        .map(|w| {
            let style = covering
                .iter()
                .filter(|s| s.start <= w[0] && w[1] <= s.end)
                .fold(base, |acc: Style, s| acc.patch(theme::inline(s.style)));
            Span::styled(&doc.content[w[0]..w[1]], style)
        })
        .collect::<Vec<_>>();
    Line::from(spans)
}

/// Page, percentage and time left, in the longest form that leaves room for the title.
fn status(reader: &Reader, width: usize) -> String {
    let n = reader.page_number();
    let about = if n.exact { "" } else { "~" };
    let percent = format!("{:.0}%", reader.percent().floor());
    let (chapter, book) = reader.minutes_left();
    let forms = [
        format!(
            "page {about}{} of {about}{} · {percent} · {} left in chapter · {} in book",
            n.page,
            n.pages,
            duration(chapter),
            duration(book)
        ),
        format!(
            "{about}{}/{about}{} · {percent} · {} · {}",
            n.page,
            n.pages,
            duration(chapter),
            duration(book)
        ),
        format!("{about}{}/{about}{} · {percent}", n.page, n.pages),
        percent,
    ];
    let last = forms.len() - 1;
    forms
        .into_iter()
        .enumerate()
        .find(|(i, f)| *i == last || f.width() + TITLE_ROOM + 2 <= width)
        .map(|(_, f)| f)
        .unwrap_or_default()
}
