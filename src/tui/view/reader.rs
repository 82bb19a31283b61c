//! The reading screen: section bar, the page in its text column with highlights, selection and
//! cursor, margin markers (and, on wide terminals, the notes beside their passages), status bar.

use crate::share::scope::Audience;
use std::ops::Range;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::{bar, bar_with_keys, body, bottom_bar, clean, duration, message_span, theme, top_bar};
use crate::app::find::Find;
use crate::app::keymap::Keymap;
use crate::app::marks::{Marks, Placed, Showing};
use crate::app::reader::Reader;
use crate::app::{Action, App, Geometry, Message, Mode, Motion, Open};
use crate::document::{BlockKind, Document, Inline};
use crate::layout::{QUOTE_BAR_WIDTH, Row, cells, drawn, quote_bars, shown_reading};
use crate::tui::pictures::PicturePlace;

/// Cells the status bar leaves for the title, at least, before it drops details.
const TITLE_ROOM: usize = 16;
/// Marks where a preformatted line is cut off by the column's edge.
const CLIPPED_LEFT: &str = "‹";
const CLIPPED_RIGHT: &str = "›";
/// The margin marker of a passage with a note.
pub const NOTE_MARK: &str = "¶";
/// The margin marker of a private note (kept out of the group's files).
pub const PRIVATE_MARK: &str = "🔒";
/// The status bar's mark for a bookmarked page.
const BOOKMARK_MARK: &str = "⚑";

/// What the reader screen shows: a text's page with its marks and search, where the text
/// column is, and the message and keys of the bars.
pub struct PageView<'a> {
    pub reader: &'a Reader,
    pub marks: &'a Marks,
    /// Which groups see the reader's notes on the text.
    pub audience: &'a Audience,
    pub find: Option<&'a Find>,
    /// The search's current match is on the page (else the status bar counts, not "match 3").
    pub match_shown: bool,
    /// How much of a long book is read, while its rest is being read.
    pub opening: Option<f64>,
    /// What is shown is a part of a long text, while the whole is read.
    pub part: bool,
    pub g: Geometry,
    pub message: Option<&'a Message>,
    pub keys: &'a Keymap,
    /// Right-to-left lines are written in visual order (unless the terminal reorders them).
    pub visual_order: bool,
    /// How to begin, shown on the first text ever opened.
    pub first_hint: bool,
}

impl<'a> PageView<'a> {
    /// The open text as the app holds it.
    pub fn of(app: &'a App, open: &'a Open) -> PageView<'a> {
        PageView {
            reader: &open.reader,
            marks: &open.marks,
            audience: &open.audience,
            find: open.find.as_ref(),
            match_shown: open.match_on_page().is_some(),
            opening: open.opening(),
            part: open.part().is_some(),
            g: app.geometry(),
            message: app.message.as_ref(),
            keys: app.keymap(),
            visual_order: !app.terminal_reorders,
            first_hint: open.first_hint,
        }
    }
}

/// Draws the page in the whole frame, with its bars.
pub fn draw(frame: &mut Frame, view: &PageView<'_>) {
    let PageView {
        reader,
        marks,
        audience,
        find,
        match_shown,
        opening,
        part,
        g,
        message,
        keys,
        visual_order,
        first_hint,
    } = *view;
    let area = frame.area();
    let doc = reader.doc();

    // The title is no section of its own.
    let section = reader
        .section()
        .map(|i| doc.contents[i].title.clone())
        .filter(|title| *title != doc.title);
    // The text and its chapter, not the program's name; the chapter alone when both do not
    // fit beside the keys (the status bar names the text too).
    let named = |hint: &str| match &section {
        Some(section) => {
            let both = format!(" {} · {}", clean(&doc.title), clean(section));
            if both.width() + hint.width() < usize::from(area.width) {
                both
            } else {
                format!(" {}", clean(section))
            }
        }
        None => format!(" {}", clean(&doc.title)),
    };
    // The keys that matter now, as a reminder.
    let hint = match (reader.cursor(), reader.is_selecting()) {
        (_, true) => format!(
            "{} ",
            keys.hint(
                Mode::Cursor,
                &[
                    (Action::Highlight(1), "highlight"),
                    (Action::Annotate, "note"),
                    (Action::Copy, "copy"),
                    (Action::Close, "drop"),
                ]
            )
        ),
        // The mode change is said: some keys mean something else with the cursor.
        (Some(_), false) => format!(
            "cursor · {} ",
            keys.hint(
                Mode::Cursor,
                &[
                    (Action::Select, "select"),
                    (Action::Annotate, "note"),
                    (Action::Unhighlight, "remove"),
                    (Action::Close, "hide"),
                ]
            )
        ),
        (None, false) if reader.overflow() > 0 => format!(
            "{} ",
            keys.hint(
                Mode::Reader,
                &[
                    (Action::ScrollLeft, ""),
                    (Action::ScrollRight, "scroll wide lines"),
                    (Action::Help, "help")
                ]
            )
        ),
        // The first text ever opened says how to begin.
        (None, false) if first_hint => format!("{} ", first_steps(keys)),
        (None, false) => format!(
            "{} ",
            keys.hint(
                Mode::Reader,
                &[(Action::Help, "help"), (Action::Library, "library")]
            )
        ),
    };
    let left = match message {
        Some(message) => message_span(message),
        None => Span::raw(named(&hint)),
    };
    bar_with_keys(frame, top_bar(area), message, left, hint);

    let column = text_column(area, g);
    if doc.is_empty() {
        let notice = Paragraph::new("This document is empty.")
            .style(theme::dim())
            .alignment(Alignment::Center);
        frame.render_widget(
            notice,
            Rect {
                height: 1,
                ..column
            },
        );
    }
    let rows = reader.page();
    let page_range = match (rows.first(), rows.last()) {
        (Some(first), Some(last)) => first.start..last.end,
        _ => 0..0,
    };
    let on_page = Highlights::new(marks.overlapping(page_range.clone()).collect());
    let current = find.and_then(|f| f.matches.get(f.current?)).cloned();
    let marked = Marked {
        highlights: &on_page,
        matches: find.map_or(&[][..], |f| f.overlapping(page_range.clone())),
        current,
        selection: reader.selection(),
        cursor: reader.cursor(),
        sideways: reader.sideways(),
        visual_order,
    };
    let buf = frame.buffer_mut();
    for (i, row) in rows.iter().enumerate() {
        let y = column.y + i as u16;
        if y >= column.y + column.height {
            break;
        }
        if !row.gap {
            draw_row(buf, column, y, doc, row, &marked);
        }
    }
    draw_margin(buf, column, rows, &on_page, marks, audience, g.notes);

    let bookmark = if marks.bookmarked(page_range) {
        format!("{BOOKMARK_MARK} ")
    } else {
        String::new()
    };
    let seen_by = match audience.said() {
        said if said.is_empty() => said,
        said => format!("{} · ", clean(&said)),
    };
    let status = match opening {
        // A part's page numbers say nothing of the whole's.
        Some(read) if part => format!("opening {:.0}%", (read * 100.0).floor()),
        // Page numbers and times left would be those of the beginning alone.
        Some(read) => format!(
            "page {} · opening {:.0}%",
            reader.page_number().page,
            (read * 100.0).floor()
        ),
        None => status(
            reader,
            usize::from(area.width).saturating_sub(seen_by.width()),
        ),
    };
    // A match left behind (the page turned away from it) is no longer "match 3 of 17".
    let found = find.map(|f| found(f, match_shown)).unwrap_or_default();
    bar(
        frame,
        bottom_bar(area),
        Span::raw(format!(" {}", doc.title)),
        Span::raw(format!(
            "{found}{}{seen_by}{bookmark}{status} ",
            whose(&marks.showing, "", " · ")
        )),
    );
}

/// The keys to begin with: move, select, highlight, write a note, see the keys.
fn first_steps(keys: &Keymap) -> String {
    // `H` highlights once the cursor is out (after `w` or `v`): a key of the cursor's.
    let steps = [
        keys.hint(
            Mode::Reader,
            &[
                (Action::Move(Motion::NextWord), "move"),
                (Action::Select, "select"),
            ],
        ),
        keys.hint(Mode::Cursor, &[(Action::Highlight(1), "highlight")]),
        keys.hint(
            Mode::Reader,
            &[(Action::Annotate, "note"), (Action::Help, "keys")],
        ),
    ];
    let steps: Vec<String> = steps.into_iter().filter(|s| !s.is_empty()).collect();
    steps.join(" · ")
}

/// Where the text column is on a screen of `area`.
fn text_column(area: Rect, g: Geometry) -> Rect {
    let page = body(area);
    Rect {
        x: page.x + g.text_x,
        width: g.text_width.min(page.width.saturating_sub(g.text_x)),
        ..page
    }
}

/// Where the pictures wholly on the page are drawn on a screen of `area`: each centred in the
/// column, on the rows its block takes.
pub fn placed_pictures(area: Rect, app: &App) -> Vec<PicturePlace> {
    let (Some(open), g) = (app.reading(), app.geometry()) else {
        return Vec::new();
    };
    let Some(room) = open.reader.pictures() else {
        return Vec::new();
    };
    let column = text_column(area, g);
    let doc = open.reader.doc();
    let rows = open.reader.page();
    let mut placed = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let block = &doc.blocks[row.pos.block];
        if row.pos.row != 0 || row.gap || block.kind != BlockKind::Image {
            continue;
        }
        let Some(size) = doc.picture_at(block.start()).and_then(|p| p.size) else {
            continue;
        };
        let (cols, tall) = room.fit(size, column.width);
        let shown = rows[i..]
            .iter()
            .take_while(|r| r.pos.block == row.pos.block && !r.gap)
            .count();
        if shown < usize::from(tall) || i + usize::from(tall) > usize::from(column.height) {
            continue;
        }
        placed.push(PicturePlace {
            rect: Rect {
                x: column.x + (column.width.saturating_sub(cols)) / 2,
                y: column.y + i as u16,
                width: cols.min(column.width),
                height: tall,
            },
            rows: Rect {
                y: column.y + i as u16,
                height: tall,
                ..column
            },
            at: block.start(),
        });
    }
    placed
}

/// The page's highlights, each with its style: background by colour (another member's:
/// underlined in their colour), underlined where it lies inside another (so that overlaps
/// show), applied longest first so the innermost wins.
struct Highlights<'a> {
    placed: Vec<(&'a Placed, Style)>,
}

impl<'a> Highlights<'a> {
    fn new(on_page: Vec<&'a Placed>) -> Highlights<'a> {
        let ranges: Vec<Range<usize>> = on_page.iter().map(|p| p.range.clone()).collect();
        let nested = nested(&ranges);
        let mut placed: Vec<(&Placed, Style)> = on_page
            .iter()
            .zip(nested)
            .map(|(p, nested)| {
                let mut style = match p.annotation.author {
                    None => theme::highlight(p.annotation.color),
                    Some(_) => theme::others_highlight(p.annotation.color),
                };
                if nested {
                    style = style.add_modifier(Modifier::UNDERLINED);
                }
                (*p, style)
            })
            .collect();
        placed.sort_by_key(|(p, _)| std::cmp::Reverse(p.range.len()));
        Highlights { placed }
    }
}

/// Whether each passage lies within another one (the same passage highlighted twice counts):
/// in one sorted pass, as a group's page holds thousands of highlights.
fn nested(ranges: &[Range<usize>]) -> Vec<bool> {
    // By start, the longest first: what encloses a passage comes before it, or is the same.
    let mut order: Vec<usize> = (0..ranges.len()).collect();
    order.sort_unstable_by_key(|&i| (ranges[i].start, std::cmp::Reverse(ranges[i].end)));
    let mut nested = vec![false; ranges.len()];
    let mut furthest: Option<usize> = None;
    for (k, &i) in order.iter().enumerate() {
        let twin = |j: Option<&usize>| j.is_some_and(|&j| ranges[j] == ranges[i]);
        nested[i] = furthest.is_some_and(|end| end >= ranges[i].end)
            || twin(order.get(k + 1))
            || twin(k.checked_sub(1).and_then(|k| order.get(k)));
        furthest = furthest.max(Some(ranges[i].end));
    }
    nested
}

/// What is marked on the page besides the text's own styles.
struct Marked<'a> {
    highlights: &'a Highlights<'a>,
    /// Search matches on the page, and the one the reader is on.
    matches: &'a [Range<usize>],
    current: Option<Range<usize>>,
    selection: Option<Range<usize>>,
    cursor: Option<usize>,
    /// Cells wide preformatted lines are scrolled to the left by.
    sideways: u16,
    /// Right-to-left lines are written in visual order (see [`PageView::visual_order`]).
    visual_order: bool,
}

/// One line of text: quote bars, indentation, then the text with its block and inline styles,
/// highlights, selection and cursor.
fn draw_row(buf: &mut Buffer, column: Rect, y: u16, doc: &Document, row: &Row, marked: &Marked) {
    let block = &doc.blocks[row.pos.block];
    let mut x = column.x;
    let right = column.x + column.width;
    // As many bars as the layout left room for: the text after them is always drawn.
    for _ in 0..quote_bars(block.quote_depth, column.width) {
        buf.set_string(x, y, "│ ", theme::dim());
        x += QUOTE_BAR_WIDTH;
    }
    x = (x + row.indent).min(right);
    if block.kind == BlockKind::Boilerplate {
        let label = format!("▸ {}", doc.collapsed_label(row.pos.block));
        buf.set_stringn(
            x,
            y,
            label,
            usize::from(right - x),
            theme::block(block.kind),
        );
        // The cursor inside the collapsed text shows on its mark.
        if marked
            .cursor
            .is_some_and(|at| row.start <= at && at < row.end)
            && x < right
        {
            buf.set_string(x, y, "▸", theme::cursor());
        }
        return;
    }
    let end = row_text_end(doc, row);
    // Preformatted lines are never wrapped: they scroll sideways, and what is cut off either
    // side is marked.
    let (start, lead) = if block.kind.is_preformatted() {
        skip_cells(&doc.content[row.start..end], marked.sideways)
    } else {
        (0, 0)
    };
    let start = row.start + start;
    let mut decorations: Vec<(Range<usize>, Style)> = Vec::new();
    let spans_upto = doc.spans.partition_point(|s| s.start < end);
    for span in doc.spans[..spans_upto].iter().filter(|s| s.end > start) {
        decorations.push((span.start..span.end, theme::inline(span.style)));
    }
    // Matches under highlights: a passage just highlighted from its match shows its colour,
    // the match its boldness and underline.
    for m in marked.matches {
        if m.start < end && m.end > row.start {
            let style = if marked.current.as_ref() == Some(m) {
                theme::current_match()
            } else {
                theme::matched()
            };
            decorations.push((m.clone(), style));
        }
    }
    for (p, style) in &marked.highlights.placed {
        if p.range.start < end && p.range.end > row.start {
            decorations.push((p.range.clone(), *style));
        }
    }
    if let Some(selection) = &marked.selection {
        decorations.push((selection.clone(), theme::selection()));
    }
    if let Some(at) = marked.cursor {
        let len = doc.content[at..].chars().next().map_or(1, char::len_utf8);
        decorations.push((at..at + len, theme::cursor()));
    }
    // A verse line's number stands in the column's right margin, as print sets it.
    let number = (block.kind == BlockKind::Verse)
        .then(|| line_number(doc, start, end))
        .flatten();
    let base = theme::block(block.kind);
    let line = with_readings(
        doc,
        base,
        start,
        number.as_ref().map_or(end, |n| n.start),
        &decorations,
    );
    if let Some(n) = number {
        let shown = styled_line(doc, base, n.start, n.end, &decorations);
        let width = cells(&doc.content[n.clone()]) as u16;
        buf.set_line(right.saturating_sub(width).max(x), y, &shown, width);
    }
    // A right-to-left paragraph's line: in visual order, against the column's right edge.
    let right_to_left = doc.is_right_to_left(row.pos.block) && !block.kind.is_preformatted();
    let text_x = if right_to_left {
        let used = cells(doc.content[start..end].trim_end()) as u16;
        right.saturating_sub(used + row.indent).max(x)
    } else {
        (x + lead).min(right)
    };
    let line = if right_to_left && marked.visual_order {
        in_visual_order(&line)
    } else {
        line
    };
    buf.set_line(text_x, y, &line, right - text_x);
    let read: usize = doc
        .readings_in(start, end)
        .iter()
        .map(|r| cells(&shown_reading(r)))
        .sum();
    let shown = (cells(&doc.content[start..end]) + read) as u16;
    if block.kind.is_preformatted() && right > x {
        if start > row.start {
            buf.set_string(x, y, CLIPPED_LEFT, theme::dim());
        }
        if text_x + shown > right {
            buf.set_string(right - 1, y, CLIPPED_RIGHT, theme::dim());
        }
    }
    // A cursor on the line break (or a blank) still shows, as a reversed space.
    if let Some(at) = marked.cursor
        && at >= end
        && at < row.end
    {
        let cx = text_x + shown;
        if cx < right {
            buf.set_string(cx, y, " ", theme::cursor());
        }
    }
}

/// The verse line number that ends the text `start..end` of a row, if one does.
fn line_number(doc: &Document, start: usize, end: usize) -> Option<Range<usize>> {
    let end = start + doc.content[start..end].trim_end().len();
    let upto = doc.spans.partition_point(|s| s.start < end);
    doc.spans[..upto]
        .iter()
        .rev()
        .take_while(|s| s.start >= start)
        .find(|s| s.style == Inline::LineNumber && s.end == end)
        .map(|s| s.start..s.end)
}

/// Byte offset in `text` after skipping `cells` cells, and the blank cells to draw first when a
/// wide character straddled the cut.
fn skip_cells(text: &str, cells: u16) -> (usize, u16) {
    let mut skipped = 0u16;
    for (i, c) in text.char_indices() {
        if skipped >= cells {
            return (i, skipped - cells);
        }
        skipped += c.width().unwrap_or(0) as u16;
    }
    (text.len(), 0)
}

/// End of the visible text of a row: without the trailing blanks and line break.
fn row_text_end(doc: &Document, row: &Row) -> usize {
    row.start + doc.content[row.start..row.end].trim_end().len()
}

/// [`styled_line`], with each ruby's reading drawn dimmed after the text it glosses.
fn with_readings<'a>(
    doc: &'a Document,
    base: Style,
    start: usize,
    end: usize,
    decorations: &[(Range<usize>, Style)],
) -> Line<'a> {
    let readings = doc.readings_in(start, end);
    if readings.is_empty() {
        return styled_line(doc, base, start, end, decorations);
    }
    let mut spans = Vec::new();
    let mut from = start;
    for reading in readings {
        spans.extend(styled_line(doc, base, from, reading.at, decorations).spans);
        spans.push(Span::styled(shown_reading(reading), theme::dim()));
        from = reading.at;
    }
    spans.extend(styled_line(doc, base, from, end, decorations).spans);
    Line::from(spans)
}

/// The text from `start` to `end` in `base` style, cut into spans where decorations begin
/// and end; each decoration's style is patched on in order, so later ones win.
fn styled_line<'a>(
    doc: &'a Document,
    base: Style,
    start: usize,
    end: usize,
    decorations: &[(Range<usize>, Style)],
) -> Line<'a> {
    let apart = drawn_apart(&doc.content[start..end]);
    if decorations.is_empty() && apart.is_empty() {
        return Line::from(Span::styled(&doc.content[start..end], base));
    }
    let mut cuts: Vec<usize> = vec![start, end];
    for (range, _) in decorations {
        cuts.extend([range.start.clamp(start, end), range.end.clamp(start, end)]);
    }
    cuts.extend(apart.into_iter().map(|at| start + at));
    cuts.sort_unstable();
    cuts.dedup();
    let spans = cuts
        .windows(2)
        .map(|w| {
            let style = decorations
                .iter()
                .filter(|(r, _)| r.start <= w[0] && w[1] <= r.end)
                .fold(base, |acc, (_, style)| acc.patch(*style));
            Span::styled(&doc.content[w[0]..w[1]], style)
        })
        .collect::<Vec<_>>();
    Line::from(spans)
}

/// A line of a right-to-left paragraph in the order it is seen (see [`visual_order`]), each
/// grapheme keeping the style of its place in the text, so that highlights, matches and the
/// cursor stay on their letters.
fn in_visual_order(line: &Line<'_>) -> Line<'static> {
    let mut text = String::new();
    let mut styles = Vec::new();
    for span in &line.spans {
        text.push_str(&span.content);
        styles.extend(std::iter::repeat_n(span.style, span.content.len()));
    }
    let spans: Vec<Span<'static>> = drawn(&text)
        .into_iter()
        .map(|(g, mirror)| {
            let shown = mirror.map_or_else(|| text[g.clone()].to_string(), String::from);
            Span::styled(shown, styles[g.start])
        })
        .collect();
    Line::from(spans)
}

/// Where a row's text must be cut between characters so that it is drawn in the cells the
/// layout gave it (see `layout::cells`): inside a grapheme that unicode-width, and so ratatui,
/// measures otherwise than character by character (emoji joined by zero-width joiners, an
/// emoji variation selector). Each character is then drawn on its own, the zero-width ones not
/// at all, as a terminal that does not join them would draw them.
fn drawn_apart(text: &str) -> Vec<usize> {
    use unicode_segmentation::UnicodeSegmentation;
    if text.is_ascii() {
        return Vec::new();
    }
    text.grapheme_indices(true)
        .filter(|(_, g)| g.chars().nth(1).is_some() && g.width() != cells(g))
        .flat_map(|(at, g)| g.char_indices().skip(1).map(move |(i, _)| at + i))
        .collect()
}

/// Margin markers left of the text: `¶` for a passage with one's own note (🔒 for a private
/// one, where the margin has two cells for it), the author's
/// initial for another member's highlight, and the number of replies (`+` for more than nine):
/// before the sign, or as a superscript after it in a narrow margin. With a notes column, the notes themselves beside their passages (pushed down
/// where they would overlap), others' under their names, each with its count of replies.
fn draw_margin(
    buf: &mut Buffer,
    column: Rect,
    rows: &[Row],
    highlights: &Highlights,
    marks: &Marks,
    audience: &Audience,
    notes: Option<(u16, u16)>,
) {
    let mut marked: Vec<(&Placed, usize)> = highlights
        .placed
        .iter()
        .map(|(p, _)| (*p, marks.thread(&p.annotation).len()))
        .filter(|(p, replies)| {
            !p.annotation.note.trim().is_empty() || p.annotation.author.is_some() || *replies > 0
        })
        .collect();
    marked.sort_by_key(|(p, _)| p.range.start);
    let bottom = column.y + column.height;
    let mut free_y = column.y;
    for (p, replies) in marked {
        let row = rows.iter().position(|r| r.end > p.range.start).unwrap_or(0) as u16;
        let y = column.y + row;
        let mark = theme::note_mark(p.annotation.color);
        let author = p.annotation.author.as_ref().map(|a| clean(&a.name));
        // One's own note no group sees: a lock (two cells wide) where the margin has room.
        let private = column.x >= 3 && audience.keeps(&p.annotation);
        if private && y < bottom {
            buf.set_string(column.x - 3, y, PRIVATE_MARK, mark);
        } else if column.x >= 2 && y < bottom {
            let sign = match author.as_deref() {
                Some(name) => initial(name).unwrap_or_else(|| "•".into()),
                None => NOTE_MARK.into(),
            };
            buf.set_string(column.x - 2, y, sign, mark);
            if replies > 0 {
                // Before the sign when the margin has room; else a superscript after it.
                let (x, digits) = if column.x >= 3 {
                    (column.x - 3, "123456789+")
                } else {
                    (column.x - 1, "¹²³⁴⁵⁶⁷⁸⁹⁺")
                };
                let count = digits.chars().nth(replies.min(10) - 1).unwrap_or('+');
                buf.set_string(x, y, count.to_string(), theme::dim());
            }
        }
        let Some((x, width)) = notes else { continue };
        // Once the column is full, the rest only have their signs (a group's page may hold
        // thousands of notes).
        let y = y.max(free_y);
        if y >= bottom || p.annotation.note.trim().is_empty() && replies == 0 {
            continue;
        }
        let mut text = match &author {
            Some(name) => format!("{name}: {}", clean(&p.annotation.note)),
            None => clean(&p.annotation.note).into_owned(),
        };
        match replies {
            0 => {}
            1 => text.push_str("\n↳ 1 reply"),
            n => text.push_str(&format!("\n↳ {n} replies")),
        }
        for (i, line) in textwrap::wrap(&text, usize::from(width.max(1)))
            .iter()
            .enumerate()
        {
            let line_y = y + i as u16;
            if line_y >= bottom {
                break;
            }
            // The first line takes the highlight's colour, to tie the note to its passage.
            let style = if i == 0 {
                theme::note().patch(mark)
            } else {
                theme::note()
            };
            buf.set_stringn(x, line_y, line, usize::from(width), style);
            free_y = line_y + 1;
        }
        free_y += 1; // a blank row between notes
    }
}

/// Whose annotations are shown, between `before` and `after`, when not everyone's.
pub fn whose(showing: &Showing, before: &str, after: &str) -> String {
    showing
        .short()
        .map(|s| format!("{before}{}{after}", clean(&s)))
        .unwrap_or_default()
}

/// `match 3 of 17 · ` (`17+` while the search runs) while the match is `shown`, else
/// `17 matches · `; or that there is none.
pub fn found(find: &Find, shown: bool) -> String {
    let more = if find.is_running() { "+" } else { "" };
    match (find.current, find.matches.len()) {
        (_, 0) if find.is_running() => "searching… · ".into(),
        (_, 0) => "no match · ".into(),
        (Some(i), n) if shown => format!("match {} of {n}{more} · ", i + 1),
        (_, 1) if !find.is_running() => "1 match · ".into(),
        (_, n) => format!("{n}{more} matches · "),
    }
}

/// A name's first letter, capitalised, as a margin mark one cell wide.
fn initial(name: &str) -> Option<String> {
    let c = name.chars().find(|c| c.is_alphanumeric())?;
    let upper: String = c.to_uppercase().collect();
    (upper.width() == 1).then_some(upper)
}

/// Page, percentage and time left, in the longest form that leaves room for the title.
fn status(reader: &Reader, width: usize) -> String {
    let n = reader.page_number();
    let about = if n.exact { "" } else { "~" };
    let percent = format!("{:.0}%", reader.percent().floor());
    let (chapter, book) = reader.minutes_left();
    // A paged original's own page number leads: it is what a citation names.
    let printed = reader
        .doc()
        .printed_page_at(reader.anchor())
        .map_or(String::new(), |p| format!("p. {} · ", p.label));
    let forms = [
        format!(
            "{printed}page {about}{} of {about}{} · {percent} · {} left in chapter · {} in book",
            n.page,
            n.pages,
            duration(chapter),
            duration(book)
        ),
        format!(
            "{printed}{about}{}/{about}{} · {percent} · {} · {}",
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The sorted pass finds what comparing every pair finds.
        #[test]
        fn nested_passages_are_those_another_encloses(
            ranges in prop::collection::vec((0usize..40, 0usize..8), 0..40)
        ) {
            let ranges: Vec<Range<usize>> = ranges.into_iter().map(|(s, n)| s..s + n).collect();
            let pairwise: Vec<bool> = (0..ranges.len())
                .map(|i| {
                    (0..ranges.len()).any(|j| {
                        j != i && ranges[j].start <= ranges[i].start && ranges[i].end <= ranges[j].end
                    })
                })
                .collect();
            prop_assert_eq!(nested(&ranges), pairwise);
        }
    }
}
