//! The statistics screen, in pages: the overview (cards by state, what is due, recall, the
//! charts of the last and next 30 days), the history (a year of answers as a calendar, true
//! retention, answers by kind), and the memory (cards by interval and by stability). Every
//! chart reads without colour: bars, shades of block characters, values in reverse video.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Borders, Paragraph, Sparkline, Wrap};

use super::review::centred_column;
use super::{bar, bar_with_keys, body, bottom_bar, hint, message_span, theme, top_bar};
use crate::app::keymap::Keymap;
use crate::app::{Action, Message, Mode, STATS_PAGES};
use crate::srs::stats::{
    BUCKETS, KINDS, MATURE_DAYS, PERIODS, Recalled, SPAN, Stats, YEAR, study_time,
};

/// The statistics screen: its page `page` of [`STATS_PAGES`].
pub fn draw_stats(
    frame: &mut Frame,
    keys: &Keymap,
    stats: &Stats,
    page: usize,
    message: Option<&Message>,
) {
    let area = frame.area();
    let title = format!(
        " Statistics · {} ({} of {})",
        STATS_PAGES[page % STATS_PAGES.len()],
        page % STATS_PAGES.len() + 1,
        STATS_PAGES.len()
    );
    let left = match message {
        Some(m) => message_span(m),
        None => Span::raw(title),
    };
    let keys = hint(
        keys,
        Mode::Stats,
        &[
            (Action::NextPage, "more"),
            (Action::Review, "review"),
            (Action::Close, "back"),
        ],
    );
    bar_with_keys(frame, top_bar(area), message, left, keys);
    bar(
        frame,
        bottom_bar(area),
        Span::raw(format!(
            " young: an interval under {MATURE_DAYS} days; mature: {MATURE_DAYS} or more"
        )),
        Span::raw(""),
    );
    let column = centred_column(body(area));
    match page % STATS_PAGES.len() {
        0 => overview(frame, column, stats),
        1 => history(frame, column, stats),
        _ => memory(frame, column, stats),
    }
}

/// Cards by state, what is due, recall, and the charts of the last and next 30 days.
fn overview(frame: &mut Frame, column: Rect, stats: &Stats) {
    let [summary, reviews, time, forecast] = Layout::vertical([
        Constraint::Length(6),
        Constraint::Fill(1),
        Constraint::Fill(1),
        Constraint::Fill(1),
    ])
    .areas(column);
    let retention = match stats.retention {
        Some(r) => format!(
            "{:.1}% of {} reviews of mature cards in the last {SPAN} days were remembered",
            r * 100.0,
            stats.mature_reviews
        ),
        None => "no mature card was reviewed in the last 30 days yet".into(),
    };
    let lines = vec![
        Line::from(vec![
            Span::raw("Cards   "),
            Span::styled(format!("{} new", stats.new), theme::card_state(0)),
            Span::raw(" · "),
            Span::styled(format!("{} learning", stats.learning), theme::card_state(1)),
            Span::raw(format!(
                " · {} young · {} mature · {} suspended",
                stats.young, stats.mature, stats.suspended
            )),
        ]),
        Line::from(vec![
            Span::raw("Due     "),
            Span::styled(format!("{} today", stats.due_today), theme::card_state(2)),
            Span::raw(format!(
                " · {} tomorrow · {} within 7 days",
                stats.due_tomorrow, stats.due_week
            )),
        ]),
        Line::from(format!("Recall  {retention}")),
        Line::from(format!(
            "Reviews {} in the last {SPAN} days",
            stats.reviews_per_day.iter().sum::<u64>()
        )),
        Line::from(format!(
            "Time    {} today · {} in the last {SPAN} days",
            study_time(stats.seconds_per_day[SPAN - 1]),
            study_time(stats.seconds_per_day.iter().sum())
        )),
    ];
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), summary);
    chart(
        frame,
        reviews,
        &format!(" Reviews per day, last {SPAN} days (today on the right) "),
        &stats.reviews_per_day,
        theme::chart(0),
    );
    // Bars as long as the seconds, labelled in minutes (a day of 5 s is a sliver, not a
    // minute).
    chart_labelled(
        frame,
        time,
        " Minutes of review per day, last 30 days (today on the right) ",
        &stats.seconds_per_day,
        |s| match s {
            0 => String::new(),
            1..60 => "<1".into(),
            s => (s / 60).to_string(),
        },
        theme::chart(0),
    );
    chart(
        frame,
        forecast,
        &format!(" Due per day, next {SPAN} days (today on the left) "),
        &stats.forecast,
        theme::chart(1),
    );
}

fn chart(frame: &mut Frame, area: Rect, title: &str, values: &[u64], color: Color) {
    chart_labelled(
        frame,
        area,
        title,
        values,
        |v| match v {
            0 => String::new(),
            v => v.to_string(),
        },
        color,
    );
}

/// A bar per value, each labelled by `label`.
fn chart_labelled(
    frame: &mut Frame,
    area: Rect,
    title: &str,
    values: &[u64],
    label: impl Fn(u64) -> String,
    color: Color,
) {
    // One cell per value and a gap when there is room, else bars touch.
    let inner = area.width.saturating_sub(2);
    let gap = u16::from(inner >= 2 * values.len() as u16);
    let width = ((inner / values.len().max(1) as u16).saturating_sub(gap)).max(1);
    let bars: Vec<Bar> = values
        .iter()
        .map(|&v| Bar::default().value(v).text_value(label(v)))
        .collect();
    let chart = BarChart::default()
        .block(
            Block::default()
                .borders(Borders::ALL)
                .title(title.to_string()),
        )
        .data(BarGroup::default().bars(&bars))
        .bar_width(width)
        .bar_gap(gap)
        .bar_style(Style::new().fg(color))
        .value_style(match color {
            // No colour: the values are drawn in reverse video on their bars.
            Color::Reset => Style::new().add_modifier(Modifier::REVERSED),
            color => Style::new().fg(Color::Black).bg(color),
        });
    frame.render_widget(chart, area);
}

/// Shades of the calendar, from no answer to the busiest day: characters, so that it reads
/// without colour.
const SHADES: [char; 5] = [' ', '░', '▒', '▓', '█'];

/// A year of answers (each column a week, today at the bottom right), true retention of young
/// and mature cards, and the last 30 days' answers by kind.
fn history(frame: &mut Frame, column: Rect, stats: &Stats) {
    let [calendar, retention, kinds] = Layout::vertical([
        Constraint::Length(9),
        Constraint::Length(PERIODS.len() as u16 + 3),
        Constraint::Fill(1),
    ])
    .areas(column);
    let most = stats.calendar.iter().copied().max().unwrap_or(0).max(1);
    // Day i (oldest first) at its week's column and weekday's row, today last.
    let offset = (7 - YEAR % 7) % 7;
    let weeks = (YEAR + offset).div_ceil(7);
    let mut rows = vec![vec![' '; weeks]; 7];
    for (i, &n) in stats.calendar.iter().enumerate() {
        let j = i + offset;
        let shade = (n * 4).div_ceil(most) as usize;
        rows[j % 7][j / 7] = SHADES[shade.min(4)];
    }
    let total: u64 = stats.calendar.iter().sum();
    let active = stats.calendar.iter().filter(|&&n| n > 0).count();
    let lines: Vec<Line> = rows
        .into_iter()
        .map(|r| {
            Line::styled(
                r.into_iter().collect::<String>(),
                Style::new().fg(theme::chart(0)),
            )
        })
        .collect();
    frame.render_widget(
        Paragraph::new(lines).block(Block::default().borders(Borders::ALL).title(format!(
            " {} on {active} of the last {YEAR} days · a column a week, today last ",
            answers(total)
        ))),
        calendar,
    );
    let cell = |c: Recalled| match c.rate() {
        Some(r) => format!("{:>6.1}% of {:<5}", r * 100.0, c.total),
        None => format!("{:>7} {:<8}", "-", ""),
    };
    let mut lines = vec![Line::styled(
        format!("{:<8} {:<17} {:<17}", "", "young", "mature"),
        theme::dim(),
    )];
    for ((period, _), row) in PERIODS.iter().zip(&stats.true_retention) {
        lines.push(Line::raw(format!(
            "{period:<8} {} {}",
            cell(row[0]),
            cell(row[1])
        )));
    }
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .title(" True retention: reviews remembered (not Again) "),
        ),
        retention,
    );
    let totals: Vec<String> = KINDS
        .iter()
        .zip(stats.answers_by_kind.iter().zip(&stats.seconds_by_kind))
        .map(|(kind, (days, seconds))| {
            let time = study_time(seconds.iter().sum());
            format!("{kind}: {} ({time})", answers(days.iter().sum()))
        })
        .collect();
    // Each kind's days as a sparkline when there is room for one of three rows each; else
    // the kinds' totals on one line.
    if kinds.height < 4 * 4 {
        let line = format!("Answers, last {SPAN} days: {}", totals.join(" · "));
        frame.render_widget(Paragraph::new(line).wrap(Wrap { trim: true }), kinds);
        return;
    }
    let areas = Layout::vertical([Constraint::Fill(1); 4]).split(kinds);
    for ((area, total), days) in areas.iter().zip(&totals).zip(&stats.answers_by_kind) {
        let title = format!(" {total} in the last {SPAN} days ");
        frame.render_widget(
            Sparkline::default()
                .block(Block::default().borders(Borders::TOP).title(title))
                .data(days)
                .style(Style::new().fg(theme::chart(0))),
            *area,
        );
    }
}

/// `1 answer`, `3 answers`.
fn answers(n: u64) -> String {
    match n {
        1 => "1 answer".to_string(),
        n => format!("{n} answers"),
    }
}

/// The cards by interval and by stability.
fn memory(frame: &mut Frame, column: Rect, stats: &Stats) {
    let [intervals, stability] =
        Layout::vertical([Constraint::Fill(1), Constraint::Fill(1)]).areas(column);
    for (area, title, counts) in [
        (intervals, " Cards in review by interval ", &stats.intervals),
        (
            stability,
            " Answered cards by stability (FSRS: days to fall to 90% recall) ",
            &stats.stabilities,
        ),
    ] {
        let bars: Vec<Bar> = BUCKETS
            .iter()
            .zip(counts.iter())
            .map(|((label, _), &n)| {
                Bar::default()
                    .value(n)
                    .label(Line::raw(label.to_string()))
                    .text_value(n.to_string())
            })
            .collect();
        let inner = area.width.saturating_sub(2);
        let width = (inner / BUCKETS.len() as u16).saturating_sub(1).max(1);
        let chart = BarChart::default()
            .block(Block::default().borders(Borders::ALL).title(title))
            .data(BarGroup::default().bars(&bars))
            .bar_width(width)
            .bar_gap(1)
            .bar_style(Style::new().fg(theme::chart(1)))
            .value_style(match theme::chart(1) {
                Color::Reset => Style::new().add_modifier(Modifier::REVERSED),
                color => Style::new().fg(Color::Black).bg(color),
            });
        frame.render_widget(chart, area);
    }
}
