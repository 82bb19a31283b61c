//! The review screen: a card, its answer and its passage, the answer buttons with their
//! intervals.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Paragraph, Wrap};

use super::{bar, body, bottom_bar, clean, hint, message_span, theme, top_bar};
use crate::app::App;
use crate::app::keymap::Keymap;
use crate::app::review::Review;
use crate::app::{Action, Mode};
use crate::srs::card::{Card, CardKind};
use crate::srs::cloze;
use crate::srs::deck::Scope;

/// How long until a card is due: `<1m`, `10m`, `3h`, `4d`, `2.5mo`, `1.2y`.
pub fn interval(seconds: i64) -> String {
    let minutes = seconds as f64 / 60.0;
    let days = minutes / 1440.0;
    match seconds {
        s if s < 60 => "<1m".into(),
        s if s < 3_600 => format!("{}m", (minutes).round() as i64),
        s if s < 86_400 => format!("{}h", (minutes / 60.0).round() as i64),
        _ if days < 30.0 => format!("{}d", days.round() as i64),
        _ if days < 365.0 => format!("{:.1}mo", days / 30.0),
        _ => format!("{:.1}y", days / 365.0),
    }
}

pub fn draw(frame: &mut Frame, app: &App, review: &Review) {
    let area = frame.area();
    let counts = review.counts;
    // A text's, a deck's or a query's review says what it is of; the library's, the card's text.
    let mut title = match (&review.scope, &review.card) {
        (Scope::Library, Some(c)) => format!(" Review · {}", review.title(c.document)),
        (Scope::Library, None) => " Review".into(),
        (scope, _) => format!(" Review · {}", scope.name()),
    };
    if let Some(flag) = review.card.as_ref().map(|c| c.flag).filter(|f| *f > 0) {
        title.push_str(&format!(" · ⚑{flag}"));
    }
    let left = match &app.message {
        Some(message) => message_span(message),
        None => Span::raw(title),
    };
    let right = Line::from(vec![
        Span::styled(format!("{}", counts.new), theme::card_state(0)),
        Span::raw(" new · "),
        Span::styled(format!("{}", counts.learning), theme::card_state(1)),
        Span::raw(" learning · "),
        Span::styled(format!("{}", counts.due), theme::card_state(2)),
        Span::raw(" due "),
    ]);
    bar(frame, top_bar(area), left, Span::raw(""));
    let counts_area = Rect {
        x: area.right().saturating_sub(right.width() as u16),
        width: right.width() as u16,
        ..top_bar(area)
    };
    frame.render_widget(Paragraph::new(right).style(theme::bar()), counts_area);

    let column = centred_column(body(area));
    match &review.card {
        Some(card) => {
            frame.render_widget(
                Paragraph::new(card_text(review, card)).wrap(Wrap { trim: false }),
                column,
            );
            let hint = if review.revealed {
                buttons(app.keymap(), review)
            } else {
                Line::from(hint(
                    app.keymap(),
                    Mode::Review,
                    &[
                        (Action::Reveal, "show answer"),
                        (Action::OpenSource, "passage"),
                        (Action::EditEntry, "edit"),
                        (Action::Suspend, "suspend"),
                        (Action::Undo, "undo"),
                        (Action::Close, "end"),
                    ],
                ))
            };
            frame.render_widget(Paragraph::new(hint).style(theme::bar()), bottom_bar(area));
        }
        None => {
            let now = app.now();
            let mut lines = vec![
                Line::from(Span::styled(
                    if review.limit_reached {
                        "The session's limit is reached."
                    } else {
                        "Nothing to review now."
                    },
                    theme::accent(),
                )),
                Line::from(""),
            ];
            let settings = &review.scheduler.settings;
            match review.next_learning {
                _ if review.limit_reached => lines.push(Line::from(format!(
                    "Sessions end after {} (settings session-minutes and session-cards); {} \
                     goes on for another.",
                    match (settings.session_minutes, settings.session_cards) {
                        (0, cards) => format!("{cards} answers"),
                        (minutes, 0) => format!("{minutes} minutes"),
                        (minutes, cards) => format!("{minutes} minutes or {cards} answers"),
                    },
                    app.keymap().fill(Mode::Review, "[review]")
                ))),
                Some(due) => lines.push(Line::from(format!(
                    "A card you are learning comes back in {}; {} then shows it.",
                    interval(due - now),
                    app.keymap().fill(Mode::Review, "[review]")
                ))),
                None if review.scope != Scope::Library => lines.push(Line::from(format!(
                    "Nothing more of {} today; {} goes on with the whole library.",
                    review.scope.name(),
                    app.keymap().fill(Mode::Review, "[review]")
                ))),
                None => lines.push(Line::from(app.keymap().fill(
                    Mode::Reader,
                    "All done for today. New cards come from passages: select one in a text, then \
                     [card].",
                ))),
            }
            if review.answered_count() > 0 {
                lines.push(Line::from(format!(
                    "{} answers this session ({} undoes the last).",
                    review.answered_count(),
                    app.keymap().fill(Mode::Review, "[undo]")
                )));
            }
            lines.push(Line::from(""));
            lines.push(Line::from(Span::styled(
                app.keymap().hint(
                    Mode::Review,
                    &[
                        (Action::Stats, "statistics"),
                        (Action::Close, "end the review"),
                        (Action::Library, "library"),
                    ],
                ),
                theme::dim(),
            )));
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), column);
            bar(frame, bottom_bar(area), Span::raw(" Review"), Span::raw(""));
        }
    }
}

/// The text column of the review and statistics screens.
pub(super) fn centred_column(area: Rect) -> Rect {
    let width = area.width.saturating_sub(4).min(80);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + 1,
        width,
        height: area.height.saturating_sub(1),
    }
}

/// The card: its question; once revealed, the answer and the passage it came from.
fn card_text<'a>(review: &'a Review, card: &'a Card) -> Text<'a> {
    let mut lines: Vec<Line> = Vec::new();
    let n = card.cloze.unwrap_or(1);
    match card.kind {
        CardKind::Basic => push_paragraphs(&mut lines, &clean(&card.front), Style::new()),
        CardKind::Cloze if !review.revealed => {
            let question = cloze::question(&clean(&card.front), n);
            push_marked(&mut lines, &question, |s| {
                s.starts_with('[') && s.ends_with(']')
            });
        }
        CardKind::Cloze => {}
    }
    if review.revealed {
        match card.kind {
            CardKind::Basic => {
                lines.push(Line::from(Span::styled("─".repeat(20), theme::dim())));
                push_paragraphs(&mut lines, &clean(&card.back), Style::new());
            }
            CardKind::Cloze => {
                let (filled, ranges) = cloze::answer(&clean(&card.front), n);
                push_ranges(&mut lines, &filled, &ranges);
                if !card.back.trim().is_empty() {
                    lines.push(Line::from(Span::styled("─".repeat(20), theme::dim())));
                    push_paragraphs(&mut lines, &clean(&card.back), Style::new());
                }
            }
        }
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            format!("From “{}”:", review.title(card.document)),
            theme::dim(),
        )));
        let a = &card.anchor;
        let (before, after) = a.near_context();
        lines.push(Line::from(vec![
            Span::styled(
                format!("…{}", clean(before).replace('\n', " ")),
                theme::dim(),
            ),
            Span::styled(clean(&a.quote).replace('\n', " "), theme::note()),
            Span::styled(
                format!("{}…", clean(after).replace('\n', " ")),
                theme::dim(),
            ),
        ]));
        if card.orphaned {
            lines.push(Line::from(Span::styled(
                "(this passage is no longer in the text)",
                theme::warning(),
            )));
        }
    }
    Text::from(lines)
}

fn push_paragraphs(lines: &mut Vec<Line<'_>>, text: &str, style: Style) {
    for line in text.lines() {
        lines.push(Line::from(Span::styled(line.to_string(), style)));
    }
}

/// `text` with the parts that `marked` picks out (the `[…]` of a cloze question) in the blank
/// style.
fn push_marked(lines: &mut Vec<Line<'_>>, text: &str, marked: impl Fn(&str) -> bool) {
    for line in text.lines() {
        let mut spans = Vec::new();
        let mut rest = line;
        while let Some(open) = rest.find('[') {
            let Some(close) = rest[open..].find(']').map(|c| open + c + 1) else {
                break;
            };
            spans.push(Span::raw(rest[..open].to_string()));
            let piece = &rest[open..close];
            let style = if marked(piece) {
                theme::blank()
            } else {
                Style::new()
            };
            spans.push(Span::styled(piece.to_string(), style));
            rest = &rest[close..];
        }
        spans.push(Span::raw(rest.to_string()));
        lines.push(Line::from(spans));
    }
}

/// `text` with the byte `ranges` (a cloze card's answers) in the blank style.
fn push_ranges(lines: &mut Vec<Line<'_>>, text: &str, ranges: &[std::ops::Range<usize>]) {
    let mut offset = 0;
    for line in text.split('\n') {
        let start = offset;
        let end = start + line.len();
        let mut spans = Vec::new();
        let mut at = start;
        for r in ranges.iter().filter(|r| r.start < end && r.end > start) {
            let (s, e) = (r.start.max(start), r.end.min(end));
            spans.push(Span::raw(text[at..s].to_string()));
            spans.push(Span::styled(text[s..e].to_string(), theme::blank()));
            at = e;
        }
        spans.push(Span::raw(text[at..end].to_string()));
        lines.push(Line::from(spans));
        offset = end + 1;
    }
}

/// The answer buttons, each with the interval it gives, as Anki labels them.
fn buttons(keys: &Keymap, review: &Review) -> Line<'static> {
    let Some(outcomes) = &review.outcomes else {
        return Line::from("");
    };
    let mut spans = vec![Span::raw(" ")];
    for (o, style) in outcomes.iter().zip([
        theme::card_state(1),
        theme::card_state(0),
        theme::card_state(2),
        theme::card_state(0),
    ]) {
        let key = keys
            .key_for(Mode::Review, Action::Answer(o.grade.number()))
            .unwrap_or_default();
        spans.push(Span::styled(format!("{key} "), style));
        spans.push(Span::raw(format!(
            "{} {}   ",
            o.grade.name(),
            interval(o.interval())
        )));
    }
    spans.push(Span::styled(
        keys.hint(
            Mode::Review,
            &[(Action::Undo, "undo"), (Action::OpenSource, "passage")],
        ),
        theme::dim(),
    ));
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_read_like_anki() {
        assert_eq!(interval(30), "<1m");
        assert_eq!(interval(600), "10m");
        assert_eq!(interval(5 * 3600), "5h");
        assert_eq!(interval(8 * 86_400), "8d");
        assert_eq!(interval(75 * 86_400), "2.5mo");
        assert_eq!(interval(800 * 86_400), "2.2y");
    }
}
