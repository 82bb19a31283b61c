//! Panels about what the reader wrote: the annotations panel, the bookmarks list, the note
//! editor (and its discard question), a note's popup, a book's footnote popup, and the offer
//! of a crashed session's draft.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::overlay::{boxed, centred, framed};
use super::{clean, fit, hint, theme};
use crate::annotation::COLORS;
use crate::annotation::{Annotation, Draft, Reply};
use crate::app::keymap::Keymap;
use crate::app::overlay::bookmarks::Bookmarks;
use crate::app::overlay::editor::{NoteEditor, NoteTarget};
use crate::app::overlay::panel::{Panel, Row};
use crate::app::{Action, Mode, Open, Overlay};
use crate::document::{Document, NoteRef};

/// Rows each entry of the annotations panel takes.
const ENTRY_ROWS: u16 = 3;

/// `overlay` over the open text; `focused`: it has the keys (not under a question).
pub fn draw(
    frame: &mut Frame,
    keys: &Keymap,
    open: &Open,
    overlay: &Overlay,
    now: i64,
    focused: bool,
) {
    match overlay {
        Overlay::Annotations(panel) => annotations(frame, keys, open, panel),
        Overlay::Bookmarks(list) => bookmarks(frame, keys, open, list),
        Overlay::Editor(editor) => editor_panel(frame, keys, open, editor, focused),
        Overlay::Note(popup) => {
            if let Some(a) = open.marks.annotation(popup.id) {
                note(frame, keys, a, open.marks.thread(a));
            }
        }
        Overlay::Footnote(popup) => footnote(frame, keys, open.reader.doc(), &popup.note),
        Overlay::Draft(offer_) => offer(frame, keys, &offer_.draft, now),
        _ => {}
    }
}

/// A book's footnote, from its reference: the mark, then the note's text.
fn footnote(frame: &mut Frame, keys: &Keymap, doc: &Document, note: &NoteRef) {
    let mark = clean(&doc.content[note.start..note.end]);
    let body = clean(doc.note_text(note));
    let width = 70u16.min(frame.area().width);
    let inner = usize::from(width.saturating_sub(2)).max(1);
    let rows: usize = body.lines().map(|l| l.width().div_ceil(inner).max(1)).sum();
    let area = centred(frame.area(), width, (rows as u16 + 2).clamp(3, 20));
    let keys = hint(
        keys,
        Mode::Footnote,
        &[
            (Action::FollowNote, "go to the note"),
            (Action::Close, "close"),
        ],
    );
    let panel = Paragraph::new(
        body.lines()
            .map(|l| Line::from(l.to_string()))
            .collect::<Vec<_>>(),
    )
    .wrap(Wrap { trim: false })
    .block(boxed(format!(" Note {mark} "), &keys));
    frame.render_widget(Clear, area);
    frame.render_widget(panel, area);
}

/// The quote of an annotation on one line, in typographic quotes.
fn quoted(a: &Annotation, width: usize) -> String {
    let one_line = clean(&a.anchor.quote).replace('\n', " ");
    fit(&format!("“{one_line}”"), width)
}

fn annotations(frame: &mut Frame, keys: &Keymap, open: &Open, panel: &Panel) {
    let area = centred(frame.area(), 100, frame.area().height.saturating_sub(2));
    let hint = if panel.list.typing {
        let keys = keys.hint(
            Mode::Filter,
            &[(Action::Submit, "keep"), (Action::Close, "clear")],
        );
        format!(" type to filter · {keys} ")
    } else {
        hint(
            keys,
            Mode::Annotations,
            &[
                (Action::Open, "go"),
                (Action::EditEntry, "edit"),
                (Action::Delete, "delete"),
                (Action::Reply, "reply"),
                (Action::Filter, "filter"),
                (Action::Reattach, "re-attach"),
                (Action::Undo, "undo"),
                (Action::Close, "close"),
            ],
        )
    };
    let count = match panel.annotations() {
        1 => "1 annotation".to_string(),
        n => format!("{n} annotations"),
    };
    // A text a group annotated everywhere lists the reader's own and the others' around the
    // page, and says so.
    let count = if open.marks.in_part() {
        format!("{count} around this page")
    } else {
        count
    };
    let whose = super::reader::whose(&open.marks.showing, " · ", "");
    let inner = framed(
        frame,
        area,
        boxed(format!(" Annotations · {count}{whose} "), &hint),
    );
    if inner.height < 2 || inner.width < 8 {
        return;
    }
    let width = usize::from(inner.width);

    // The filter line.
    let filter_line = if panel.list.filter.is_empty() && !panel.list.typing {
        Line::from(Span::styled(
            keys.fill(
                Mode::Annotations,
                "[filter] to filter: words, #tag, @colour, by:name · [whose]: whose are shown",
            ),
            theme::dim(),
        ))
    } else {
        Line::from(vec![
            Span::styled("Filter: ", theme::accent()),
            Span::raw(fit(&panel.list.filter, width.saturating_sub(9))),
        ])
    };
    frame.render_widget(Paragraph::new(filter_line), Rect { height: 1, ..inner });
    if panel.list.typing {
        let x = inner.x + 8 + panel.list.filter.width().min(width.saturating_sub(9)) as u16;
        frame.set_cursor_position(Position::new(x, inner.y));
    }

    let list = Rect {
        y: inner.y + 2,
        height: inner.height.saturating_sub(2),
        ..inner
    };
    if panel.list.items.is_empty() {
        let empty = if panel.list.filter.is_empty() {
            keys.fill(
                Mode::Reader,
                "No annotations yet: select a passage ([select]) and press [highlight 1] to \
                 highlight, [annotate] to add a note.",
            )
        } else {
            "Nothing matches the filter.".to_string()
        };
        frame.render_widget(
            Paragraph::new(empty)
                .style(theme::dim())
                .wrap(Wrap { trim: true }),
            list,
        );
        return;
    }
    // Only the entries on screen are drawn: a long list costs nothing. The first one drawn
    // is the earliest that still lets the selected one show.
    let rows = |row: &Row| match row {
        Row::Annotation(_) => ENTRY_ROWS,
        Row::Reply(..) => 1,
    };
    let mut first = panel.list.selected.min(panel.list.items.len() - 1);
    let mut used = rows(&panel.list.items[first]);
    while first > 0 && used + rows(&panel.list.items[first - 1]) <= list.height {
        first -= 1;
        used += rows(&panel.list.items[first]);
    }
    let doc = open.reader.doc();
    let mut y = list.y;
    for (n, &row) in panel.list.items.iter().enumerate().skip(first) {
        if y >= list.y + list.height {
            break;
        }
        let style = if n == panel.list.selected {
            theme::selected()
        } else {
            Style::new()
        };
        let rect = Rect {
            y,
            height: rows(&row).min(list.y + list.height - y),
            ..list
        };
        y += rows(&row);
        let id = match row {
            Row::Annotation(id) => id,
            Row::Reply(_, reply) => {
                if let Some(r) = open.marks.reply(reply) {
                    let line = reply_line(r, width);
                    frame.render_widget(Paragraph::new(line).style(style), rect);
                }
                continue;
            }
        };
        let Some(a) = open.marks.annotation(id) else {
            continue;
        };
        let placed = open.marks.find(id);
        let place = match placed {
            Some(p) => {
                let page = open.reader.page_of(p.range.start);
                let section = doc.section_title(p.range.start);
                let place = match section {
                    Some(s) => format!("p. {page} · {s}"),
                    None => format!("p. {page}"),
                };
                if a.unsure {
                    keys.fill(
                        Mode::Annotations,
                        &format!("moved, please check ([confirm-place] confirms) · {place}"),
                    )
                } else {
                    place
                }
            }
            None => keys.fill(
                Mode::Annotations,
                "orphaned: its passage is gone ([reattach] re-attaches)",
            ),
        };
        let colour = COLORS[usize::from(a.color.clamp(1, 5) - 1)];
        let tags: String = a.tags.iter().map(|t| format!(" #{t}")).collect();
        let by = match &a.author {
            Some(author) => format!(" · {colour} · by {}", clean(&author.name)),
            None => format!(" · {colour}"),
        };
        let head = Line::from(vec![
            Span::styled("■ ", theme::note_mark(a.color)),
            Span::styled(
                fit(&place, width.saturating_sub(tags.width() + by.width() + 4)),
                theme::accent(),
            ),
            Span::styled(by, theme::dim()),
            Span::styled(tags, theme::note_mark(a.color)),
        ]);
        let note_line = clean(&a.note).lines().next().unwrap_or("").to_string();
        let replies = match open.marks.thread(a).len() {
            0 => String::new(),
            1 => " · 1 reply".to_string(),
            n => format!(" · {n} replies"),
        };
        let note_line = format!("{note_line}{replies}");
        let lines = vec![
            head,
            Line::from(Span::raw(format!(
                "  {}",
                quoted(a, width.saturating_sub(2))
            ))),
            Line::from(Span::styled(
                fit(&format!("  {note_line}"), width),
                theme::note(),
            )),
        ];
        frame.render_widget(Paragraph::new(lines).style(style), rect);
    }
}

/// A reply on one line, under its note: `    ↳ Ben: the reply's first line`.
fn reply_line(r: &Reply, width: usize) -> Line<'static> {
    let who = r.author.as_ref().map_or("you".into(), |a| clean(&a.name));
    let by = format!("    ↳ {who}: ");
    let text = clean(&r.body).replace('\n', " ");
    Line::from(vec![
        Span::styled(by.clone(), theme::dim()),
        Span::styled(fit(&text, width.saturating_sub(by.width())), theme::note()),
    ])
}

fn bookmarks(frame: &mut Frame, keys: &Keymap, open: &Open, list: &Bookmarks) {
    let selected = list.list.selected;
    let doc = open.reader.doc();
    let rows = open.marks.bookmarks.len() as u16;
    let area = centred(frame.area(), 70, rows + 2);
    let inner = framed(
        frame,
        area,
        boxed(
            " Bookmarks ".into(),
            &hint(
                keys,
                Mode::Bookmarks,
                &[
                    (Action::Open, "go"),
                    (Action::Delete, "delete"),
                    (Action::Undo, "undo"),
                    (Action::Close, "close"),
                ],
            ),
        ),
    );
    let width = usize::from(inner.width);
    let first = selected.saturating_sub(usize::from(inner.height.max(1)) - 1);
    for (n, (b, at)) in open
        .marks
        .bookmarks
        .iter()
        .enumerate()
        .skip(first)
        .take(usize::from(inner.height))
    {
        let words: String = doc.content[*at..]
            .split_whitespace()
            .take(12)
            .collect::<Vec<_>>()
            .join(" ");
        let what = if b.label.is_empty() {
            format!("“{words}…”")
        } else {
            clean(&b.label).into_owned()
        };
        let page = list.pages.get(at).copied();
        let page = page.unwrap_or_else(|| open.reader.page_of(*at));
        let text = format!("p. {page:<5} {what}");
        let style = if n == selected {
            theme::selected()
        } else {
            Style::new()
        };
        let y = inner.y + (n - first) as u16;
        frame.render_widget(
            Paragraph::new(fit(&text, width)).style(style),
            Rect {
                y,
                height: 1,
                ..inner
            },
        );
    }
}

fn editor_panel(frame: &mut Frame, keys: &Keymap, open: &Open, editor: &NoteEditor, focused: bool) {
    let full = frame.area();
    let height = (full.height / 2).max(6);
    let area = centred(full, 84, height);
    let marks = &open.marks;
    let parent = |to| marks.annotation(to);
    let (what, on) = match &editor.target {
        NoteTarget::New { anchor, .. } => ("Note on", Some(anchor.quote.clone())),
        NoteTarget::Existing(id) => ("Note on", parent(*id).map(|a| a.anchor.quote.clone())),
        NoteTarget::Reply(to) => ("Reply on", parent(*to).map(|a| a.anchor.quote.clone())),
        NoteTarget::ReplyEdit(id) => (
            "Reply on",
            marks
                .reply(*id)
                .and_then(|r| marks.by_uuid(&r.parent))
                .map(|a| a.anchor.quote.clone()),
        ),
    };
    let one_line = clean(&on.unwrap_or_default()).replace('\n', " ");
    let title = format!(
        " {what} {} ",
        fit(
            &format!("“{one_line}”"),
            usize::from(area.width.saturating_sub(15))
        )
    );
    let inner = framed(
        frame,
        area,
        boxed(
            title,
            &format!(
                " {}{} ",
                keys.hint(
                    Mode::Editor,
                    &[(Action::Save, "save"), (Action::Close, "close")]
                ),
                if what == "Reply on" {
                    String::new()
                } else {
                    format!(
                        " · {} · #tags in the text are tags",
                        keys.hint(Mode::Editor, &[(Action::Private, "private")])
                    )
                }
            ),
        ),
    );
    super::field::draw(frame, inner, &editor.text, focused);
}

/// A note in a popup: its passage, its text, whose it is, and the thread of replies under it.
fn note(frame: &mut Frame, keys: &Keymap, a: &Annotation, thread: &[Reply]) {
    let width = usize::from(70u16.min(frame.area().width).saturating_sub(2)).max(1);
    let mut text = vec![
        Line::from(Span::styled(quoted(a, width), theme::dim())),
        Line::from(""),
    ];
    text.extend(clean(&a.note).lines().map(|l| Line::from(l.to_string())));
    if let Some(author) = &a.author {
        text.push(Line::from(Span::styled(
            format!("— {}", clean(&author.name)),
            theme::dim(),
        )));
    }
    for r in thread {
        let who = r.author.as_ref().map_or("you".into(), |x| clean(&x.name));
        text.push(Line::from(""));
        text.push(Line::from(Span::styled(
            format!("↳ {who}"),
            theme::accent(),
        )));
        text.extend(
            clean(&r.body)
                .lines()
                .map(|l| Line::from(Span::styled(format!("  {l}"), theme::note()))),
        );
    }
    // Rows as wrapped, so that a long note or thread is not cut short.
    let rows: usize = text.iter().map(|l| l.width().div_ceil(width).max(1)).sum();
    let area = centred(frame.area(), 70, (rows as u16 + 2).max(6));
    let keys = hint(
        keys,
        Mode::Note,
        &[
            (Action::EditEntry, "edit"),
            (Action::Reply, "reply"),
            (Action::Close, "close"),
        ],
    );
    let title = match thread.len() {
        0 => " Note ".to_string(),
        1 => " Note · 1 reply ".to_string(),
        n => format!(" Note · {n} replies "),
    };
    let panel = Paragraph::new(text)
        .wrap(Wrap { trim: false })
        .block(boxed(title, &keys));
    frame.render_widget(Clear, area);
    frame.render_widget(panel, area);
}

fn offer(frame: &mut Frame, keys: &Keymap, draft: &Draft, now: i64) {
    let area = centred(frame.area(), 70, 10);
    let width = usize::from(area.width.saturating_sub(2));
    let age = (now - draft.updated_at).max(0);
    let when = match age {
        0..120 => "a moment ago".to_string(),
        120..7200 => format!("{} minutes ago", age / 60),
        _ => format!("{} hours ago", age / 3600),
    };
    let one_line = clean(&draft.anchor.quote).replace('\n', " ");
    let text = vec![
        Line::from(format!("A note you were typing {when} was not saved:")),
        Line::from(Span::styled(
            fit(&format!("on “{one_line}”"), width),
            theme::dim(),
        )),
        Line::from(""),
        Line::from(Span::styled(
            fit(&clean(&draft.text).replace('\n', " "), width * 2),
            theme::note(),
        )),
    ];
    let keys = hint(
        keys,
        Mode::Draft,
        &[
            (Action::Open, "restore"),
            (Action::Delete, "discard"),
            (Action::Close, "later"),
        ],
    );
    let panel = Paragraph::new(text)
        .wrap(Wrap { trim: false })
        .block(boxed(" Unsaved note ".into(), &keys));
    frame.render_widget(Clear, area);
    frame.render_widget(panel, area);
}
