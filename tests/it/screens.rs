//! Rendered screens: the app driven by actions, drawn into ratatui's TestBackend.

use crate::support;
use crate::support::screen::{app, lines, look, open, render, text};

use gloss::app::{Action, App, Mode};
use gloss::document::Document;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

fn first_text_line(buf: &Buffer) -> String {
    lines(buf)[1..]
        .iter()
        .map(|l| l.trim().to_string())
        .find(|l| !l.is_empty())
        .unwrap_or_default()
}

#[test]
fn library_screen() {
    let app = app(100, 12);
    insta::assert_snapshot!(text(&render(&app)));
}

#[test]
fn first_page_shows_the_title_and_first_paragraph() {
    let mut app = app(80, 24);
    open(&mut app, "The Dissolution");
    let buf = render(&app);
    insta::assert_snapshot!(text(&buf));
    // The title is styled as the title: bold and coloured.
    let title_row = 1;
    let x = (0..80)
        .find(|&x| buf[(x, title_row)].symbol() == "T")
        .unwrap();
    let cell = &buf[(x, title_row)];
    assert!(cell.modifier.contains(Modifier::BOLD));
    assert_eq!(cell.fg, Color::Yellow);
}

#[test]
fn resize_keeps_the_first_line_in_the_same_sentence() {
    let mut app = app(120, 40);
    open(&mut app, "The Russian Revolution");
    for _ in 0..3 {
        app.update(Action::NextPage);
    }
    app.update(Action::LineDown);
    let doc: std::sync::Arc<Document> = app.reading().unwrap().reader.doc().clone();
    let wide = first_text_line(&render(&app));
    let start = doc.content.find(&wide).unwrap();
    let sentence = support::sentence_around(&doc.content, start);

    app.update(Action::Resize(60, 20));
    let narrow_buf = render(&app);
    let narrow = first_text_line(&narrow_buf);
    support::assert_line_in_sentence(&doc.content, &narrow, sentence, &text(&narrow_buf));

    app.update(Action::Resize(120, 40));
    assert_eq!(first_text_line(&render(&app)), wide);
}

#[test]
fn every_word_is_shown_once_paging_forward_and_back() {
    for (width, height) in [(80, 24), (50, 15), (120, 40)] {
        let titles: Vec<String> = app(width, height)
            .library
            .iter()
            .map(|e| e.title.clone())
            .collect();
        for title in titles {
            let mut app = app(width, height);
            open(&mut app, &title);
            let doc = app.reading().unwrap().reader.doc().clone();
            let expected: Vec<&str> = doc.content.split_whitespace().collect();

            let mut pages = vec![page_words(&app)];
            while !app.reading().unwrap().reader.at_end() {
                app.update(Action::NextPage);
                pages.push(page_words(&app));
            }
            assert_same_words(
                &pages.concat(),
                &expected,
                &format!("{title} at {width}x{height}"),
            );

            let mut back = vec![page_words(&app)];
            while !app.reading().unwrap().reader.at_start() {
                app.update(Action::PrevPage);
                back.push(page_words(&app));
            }
            back.reverse();
            assert_eq!(back, pages, "{title} at {width}x{height}, backward");
        }
    }
}

/// The words drawn are the words of the text, in order, each once. A word may be drawn in two
/// pieces, over two lines, only where Unicode line breaking (or a hyphen) allows a break.
fn assert_same_words(drawn: &[String], expected: &[&str], what: &str) {
    let mut pieces = drawn.iter();
    for (i, word) in expected.iter().enumerate() {
        let mut shown = String::new();
        while shown.len() < word.len() {
            let piece = pieces
                .next()
                .unwrap_or_else(|| panic!("{what}: text ends before word {i} {word:?}"));
            let breakable = support::may_break(word, shown.len());
            assert!(
                shown.is_empty() || breakable,
                "{what}: word {i} {word:?} split after {shown:?}"
            );
            shown.push_str(piece);
        }
        assert_eq!(&shown, word, "{what}: word {i}");
    }
    assert!(pieces.next().is_none(), "{what}: words drawn after the end");
}

/// Words drawn in the text column of the current page.
fn page_words(app: &App) -> Vec<String> {
    let buf = render(app);
    let g = app.geometry();
    let (_, h) = app.size();
    (1..h - 1)
        .flat_map(|y| {
            let row: String = (g.text_x..g.text_x + g.text_width)
                .map(|x| buf[(x, y)].symbol())
                .collect();
            row.split_whitespace()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn a_tiny_terminal_shows_a_notice() {
    for (w, h) in [(19, 24), (80, 5), (1, 1), (0, 0)] {
        let mut app = app(80, 24);
        open(&mut app, "Letter");
        app.update(Action::Resize(w, h));
        app.update(Action::NextPage);
        let text = text(&render(&app));
        if w > 10 && h > 2 {
            assert!(text.contains("small"), "{w}x{h}: {text}");
        }
    }
}

#[test]
fn help_lists_every_key_of_every_mode_from_the_keymap() {
    let mut app = app(140, 400);
    open(&mut app, "Letter");
    app.update(Action::Help);
    let text = text(&render(&app));
    let sections = app.keymap().help(Mode::Reader);
    assert_eq!(sections[0].title, "Reading", "the reader's keys come first");
    for section in &sections {
        assert!(text.contains(&section.title), "{} missing", section.title);
        for (keys, what) in &section.lines {
            let line = format!("{keys}  {what}");
            let shown = text.lines().any(|l| {
                let l = l.trim_matches(|c: char| c == '│' || c.is_whitespace());
                l.split_whitespace().collect::<Vec<_>>()
                    == line.split_whitespace().collect::<Vec<_>>()
            });
            assert!(shown, "{line:?} missing:\n{text}");
        }
    }
}

#[test]
fn contents_panel_marks_the_current_section() {
    let mut app = app(100, 40);
    open(&mut app, "The Russian Revolution");
    app.update(Action::Contents);
    let text = text(&render(&app));
    assert!(text.contains("Contents"));
    assert!(text.contains("▸ The Russian Revolution and the Rise of Stalinism"));
    assert!(text.contains("Degeneration of the Comintern"));
}

#[test]
fn a_contents_longer_than_the_panel_scrolls_with_the_selection() {
    let essay = support::bundled_text("the-russian-revolution-and-the-rise-of-stalinism.txt");
    let titles: Vec<String> = Document::open(&essay)
        .unwrap()
        .contents
        .into_iter()
        .map(|s| s.title)
        .collect();
    let mut app = app(100, 10);
    open(&mut app, "The Russian Revolution");
    app.update(Action::Contents);
    // Six rows of entries: the ninth is in sight once selected, with the five before it.
    assert!(titles.len() > 9, "{titles:?}");
    for _ in 0..8 {
        app.update(Action::Down);
    }
    let text = text(&render(&app));
    for (i, title) in titles.iter().enumerate().skip(1) {
        assert_eq!(
            text.contains(title.as_str()),
            (3..9).contains(&i),
            "{i}: {text}"
        );
    }
}

#[test]
fn go_to_prompt_is_drawn_in_the_status_bar() {
    let mut app = app(80, 24);
    open(&mut app, "Letter");
    app.update(Action::GoTo);
    app.update(Action::Input('4'));
    app.update(Action::Input('2'));
    let text = text(&render(&app));
    assert!(text.lines().last().unwrap().contains("Go to page or %: 42"));
}

#[test]
fn library_at_eighty_columns_after_some_reading() {
    let mut app = app(80, 12);
    open(&mut app, "Letter");
    for _ in 0..2 {
        app.update(Action::NextPage);
    }
    app.update(Action::Library);
    let text = text(&render(&app));
    // Full titles, a progress bar and the time it was read.
    assert!(
        text.contains("How the Bolshevik Revolution Inspired Americans"),
        "{text}"
    );
    let letter = text.lines().find(|l| l.contains("Letter")).unwrap();
    assert!(
        letter.contains("█") && letter.contains("just now"),
        "{letter}"
    );
    assert!(!letter.contains("  0%"), "{letter}");
}

#[test]
fn the_light_theme_draws_dark_accents_on_the_terminals_light_background() {
    use gloss::tui::view::theme::{self, Theme};
    let mut app = app(64, 12);
    open(&mut app, "Letter");
    app.update(Action::Move(gloss::app::Motion::NextWord));
    app.update(Action::Select);
    app.update(Action::Move(gloss::app::Motion::NextWord));
    app.update(Action::Highlight(2));
    let buf = theme::with(&Theme::light(), || render(&app));
    // A screenshot with its colours: every cell's style is in the snapshot.
    insta::assert_debug_snapshot!(buf);
    let light = Theme::light();
    let title = (0..64).find(|&x| buf[(x, 3)].symbol() == "L").unwrap();
    assert_eq!(buf[(title, 3)].style().fg, light.headings[0].fg);
    assert_ne!(light.headings[0].fg, Theme::dark().headings[0].fg);
    assert!(
        (0..64).any(|x| buf[(x, 1)].style().bg == light.highlights[1].bg),
        "the green highlight on the first line"
    );
}

#[test]
fn auto_falls_back_to_dark_when_the_terminal_does_not_answer() {
    // Tests run with no terminal to ask: the query fails at once, and dark is chosen.
    if std::env::var_os("NO_COLOR").is_none() {
        let settings = gloss::config::Settings::default();
        assert_eq!(settings.theme, gloss::config::ThemeChoice::Auto);
        assert_eq!(
            gloss::tui::theme(&settings),
            gloss::tui::view::theme::Theme::dark()
        );
    }
}

/// The review history the statistics snapshots are drawn from: (days ago, grade, phase before,
/// interval before, in days), each answer on a card of its own day.
const HISTORY: [(i64, u8, &str, u32); 12] = [
    (0, 3, "review", 30),
    (0, 1, "review", 25),
    (0, 3, "new", 0),
    (1, 3, "review", 3),
    (3, 4, "review", 40),
    (5, 1, "review", 10),
    (12, 3, "learning", 0),
    (20, 3, "relearning", 0),
    (40, 3, "review", 22),
    (90, 1, "review", 60),
    (200, 3, "review", 5),
    (364, 3, "review", 100),
];

fn fixed_now() -> i64 {
    support::midday()
}

/// An app whose store holds [`HISTORY`], on a clock stopped at [`fixed_now`].
fn app_with_history(width: u16, height: u16) -> App {
    let mut app = App::with_clock(store_with_history(), gloss::app::DEFAULT_MEASURE, fixed_now);
    app.update(Action::Resize(width, height));
    app
}

/// A store holding [`HISTORY`].
fn store_with_history() -> gloss::store::Store {
    use gloss::srs::card::{CardKind, CardText};
    use gloss::srs::{Grade, Memory, Phase, Schedule, Scheduler, Settings};
    let mut store = gloss::store::Store::open_in_memory().unwrap();
    gloss::library::register_bundled(&mut store, 0).unwrap();
    let doc = support::text_titled(&store, "The Dissolution");
    let scheduler = Scheduler::new(Settings::default(), gloss::clock::days()).unwrap();
    for (n, &(ago, grade, phase, interval)) in HISTORY.iter().enumerate() {
        let passage = format!("Passage {n}.");
        let anchor = gloss::anchor::Anchor {
            start: n * 100,
            end: n * 100 + passage.len(),
            quote: passage.clone(),
            prefix: String::new(),
            suffix: String::new(),
        };
        let text = CardText {
            kind: CardKind::Basic,
            front: format!("Question {n}?"),
            back: "An answer".into(),
            tags: Vec::new(),
        };
        let card = store
            .add_cards(doc, &anchor, &text, &passage, 0)
            .unwrap()
            .remove(0);
        let at = fixed_now() - ago * 86_400;
        let before = Schedule {
            phase: Phase::parse(phase).unwrap(),
            scheduled_days: interval,
            memory: (phase != "new").then_some(Memory {
                stability: interval.max(1) as f32,
                difficulty: 5.0,
            }),
            last_review: (phase != "new").then_some(at - i64::from(interval) * 86_400),
            ..Schedule::new(at)
        };
        let grade = Grade::from_number(grade).unwrap();
        let outcome = scheduler.grade(card.id.0, &before, grade, at).unwrap();
        let answer = gloss::store::Answer {
            seconds: Some(8),
            ..Default::default()
        };
        store
            .answer(card.id, &before, &outcome, answer, at)
            .unwrap();
    }
    store
}

/// `gloss stats --json` reads back with serde_json, its new figures those of [`HISTORY`].
#[test]
fn the_statistics_json_holds_the_history() {
    let store = store_with_history();
    let mut out = Vec::new();
    gloss::cli::cards::stats(&mut out, &store, true, fixed_now()).unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let sum = |v: &serde_json::Value| -> u64 {
        v.as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_u64().unwrap())
            .sum()
    };
    assert_eq!(sum(&json["calendar"]), HISTORY.len() as u64);
    let year = &json["true_retention"][3];
    assert_eq!(year["period"], "year");
    let mature: Vec<_> = HISTORY
        .iter()
        .filter(|h| h.2 == "review" && h.3 >= 21)
        .collect();
    assert_eq!(year["mature"]["total"], mature.len());
    assert_eq!(
        year["mature"]["passed"],
        mature.iter().filter(|h| h.1 != 1).count()
    );
    let kinds: u64 = ["learning", "young", "mature", "relearning"]
        .iter()
        .map(|k| sum(&json["answers_by_kind"][k]))
        .sum();
    assert_eq!(kinds, HISTORY.iter().filter(|h| h.0 < 30).count() as u64);
    assert_eq!(json["intervals"].as_array().unwrap().len(), 9);
}

/// The statistics' pages at 80x24 and 120x40: the overview, the year's calendar with the true
/// retention table, the intervals and stabilities; their figures are the history's.
#[test]
fn the_statistics_pages_show_the_history_as_it_is() {
    for (width, height) in [(80, 24), (120, 40)] {
        let mut app = app_with_history(width, height);
        app.update(Action::Stats);
        assert_eq!(app.mode(), Mode::Stats);
        let overview = text(&render(&app));
        app.update(Action::NextPage);
        let history = text(&render(&app));
        app.update(Action::NextPage);
        let memory = text(&render(&app));
        insta::assert_snapshot!(format!("statistics_overview_{width}x{height}"), overview);
        insta::assert_snapshot!(format!("statistics_history_{width}x{height}"), history);
        insta::assert_snapshot!(format!("statistics_memory_{width}x{height}"), memory);

        // The figures, counted from HISTORY here, not by gloss.
        let days: std::collections::HashSet<i64> = HISTORY.iter().map(|h| h.0).collect();
        assert!(
            history.contains(&format!(
                "{} answers on {} of the last 365 days",
                HISTORY.len(),
                days.len()
            )),
            "{history}"
        );
        for (period, span) in [("today", 1), ("week", 7), ("month", 30), ("year", 365)] {
            let count = |mature: bool| {
                let reviews: Vec<_> = HISTORY
                    .iter()
                    .filter(|h| h.0 < span && h.2 == "review" && (h.3 >= 21) == mature)
                    .collect();
                let passed = reviews.iter().filter(|h| h.1 != 1).count();
                match reviews.len() {
                    0 => format!("{:>7} {:<8}", "-", ""),
                    n => format!("{:>6.1}% of {:<5}", passed as f64 * 100.0 / n as f64, n),
                }
            };
            let row = format!("{period:<8} {} {}", count(false), count(true));
            assert!(history.contains(row.trim_end()), "{row}\n{history}");
        }
    }
}

/// Issue 36: "match 1 of 4" stayed in the status bar with the match pages behind.
#[test]
fn the_status_bar_counts_the_match_only_while_it_is_on_the_page() {
    let mut app = app(80, 24);
    open(&mut app, "The Dissolution");
    app.update(Action::Find);
    app.paste("revolution");
    app.update(Action::Submit);
    support::eventually("the search's end", || {
        app.tick();
        let last = text(&render(&app))
            .lines()
            .last()
            .unwrap_or_default()
            .to_string();
        last.contains("match 1 of 4 ·").then_some(()).ok_or(last)
    });
    app.update(Action::DocEnd);
    let last = text(&render(&app)).lines().last().unwrap().to_string();
    assert!(!last.contains("match 1 of"), "{last}");
    assert!(last.contains("4 matches ·"), "{last}");
}

/// Issue 36: the look at 80x24, words and styles, of the three screens a newcomer sees first.
/// The bars are plain text, not reverse video: what to press and where the reader is, dimmed.
#[test]
fn the_look_of_the_library_the_reading_and_the_help_at_80x24() {
    let mut app = app(80, 24);
    let bars_plain = |buf: &Buffer| {
        for y in [0, 23] {
            for x in 0..80 {
                let cell = &buf[(x, y)];
                assert!(!cell.modifier.contains(Modifier::REVERSED), "({x}, {y})");
            }
        }
    };
    let library = render(&app);
    bars_plain(&library);
    insta::assert_snapshot!("look_library_80x24", look(&library));
    open(&mut app, "The Dissolution");
    let reading = render(&app);
    bars_plain(&reading);
    // The keys to press are dimmed, on the right of the top bar.
    let right = &reading[(79 - 2, 0)];
    assert!(right.modifier.contains(Modifier::DIM), "{right:?}");
    insta::assert_snapshot!("look_reading_80x24", look(&reading));
    app.update(Action::Help);
    insta::assert_snapshot!("look_help_80x24", look(&render(&app)));
}

/// Issue 36: on a wide screen the help goes on in a second column, from the foot of the first,
/// the reader's keys first; a page moves on by both columns. Filtered to a few rows, it is one
/// column again.
#[test]
fn the_help_on_a_wide_screen_goes_on_in_a_second_column() {
    let mut app = app(160, 40);
    open(&mut app, "The Dissolution");
    app.update(Action::Help);
    let screen = text(&render(&app));
    insta::assert_snapshot!("help_160x40", screen);
    let rows: Vec<&str> = screen.lines().collect();
    assert!(rows[2].contains("│ Reading"), "{screen}");
    // Both halves of the panel are written on, row after row.
    let right_half = |row: &str| row.chars().skip(82).take(70).collect::<String>();
    let both = rows[2..38]
        .iter()
        .filter(|r| !right_half(r).trim().is_empty())
        .count();
    assert!(both > 30, "{screen}");
    // The second column goes on from the foot of the first: its first row is the next one.
    let foot = rows[37].chars().take(80).collect::<String>();
    let next_page = {
        app.update(Action::NextPage);
        text(&render(&app))
    };
    assert!(!next_page.contains("│ Reading "), "{next_page}");
    let paged: Vec<&str> = next_page.lines().collect();
    // A page is both columns less the row kept for context: the right column's foot.
    let kept = right_half(rows[37]);
    assert!(
        paged[2].contains(kept.trim()),
        "{kept:?} on top of the next page, after {foot:?}"
    );
    app.update(Action::Filter);
    app.paste("highlight");
    app.update(Action::Submit);
    let narrowed = text(&render(&app));
    let panel = narrowed.lines().nth(1).unwrap().trim_end().chars().count();
    assert!(panel < 100, "one column: {narrowed}");
}

/// Issue 36: a message longer than its bar is wrapped over the screen beside the bar, every
/// word of it shown (below the reader's top bar, above the library's bottom bar), and goes
/// with the message.
#[test]
fn a_long_message_is_wrapped_beside_its_bar_never_cut() {
    let said = "settings: line 3: \"chrome\" takes \"minimal\" or \"bars\", not \"heavy\"; \
                keymap: line 7: \"Ctrl-Q\" is bound twice, to quit and to close (the later one \
                is kept)";
    let words =
        |screen: &str| -> String { screen.split_whitespace().collect::<Vec<_>>().join(" ") };
    let mut app = app(80, 24);
    open(&mut app, "The Dissolution");
    app.warn(said);
    let screen = text(&render(&app));
    let top: String = screen.lines().take(3).collect::<Vec<_>>().join("\n");
    assert!(words(&top).contains(&words(said)), "{top}");
    assert!(!top.contains('…'), "{top}");
    // The next key takes the message, and the page is whole again.
    app.update(Action::NextPage);
    assert!(!text(&render(&app)).contains("bound twice"));

    let mut app = self::app(80, 24);
    app.warn(said);
    let screen = text(&render(&app));
    let bottom: Vec<&str> = screen.lines().collect();
    let bottom = bottom[bottom.len() - 3..].join("\n");
    assert!(words(&bottom).contains(&words(said)), "{bottom}");
}

/// `chrome = "bars"` keeps the reverse-video bars.
#[test]
fn chrome_bars_draws_the_bars_in_reverse_video() {
    use gloss::config::{Chrome, Colours, ThemeChoice};
    use gloss::tui::view::theme::{self, Theme};
    let mut app = app(80, 24);
    open(&mut app, "The Dissolution");
    let bars = Theme::chosen(
        ThemeChoice::Dark,
        false,
        &Colours::default(),
        Chrome::Bars,
        false,
    );
    let buf = theme::with(&bars, || render(&app));
    for y in [0, 23] {
        assert!(buf[(40, y)].modifier.contains(Modifier::REVERSED));
    }
    assert!(!buf[(40, 5)].modifier.contains(Modifier::REVERSED));
}

/// Issue 36: a wide library says how many notes each text has (and its cards due today).
#[test]
fn a_wide_library_counts_each_text_s_notes() {
    use gloss::app::Motion;
    let mut app = app(120, 12);
    open(&mut app, "The Dissolution");
    for action in [
        Action::Select,
        Action::Move(Motion::NextWord),
        Action::Highlight(1),
        Action::Move(Motion::NextWord),
        Action::Select,
        Action::Move(Motion::NextWord),
        Action::Highlight(2),
    ] {
        app.update(action);
    }
    app.update(Action::Library);
    let screen = text(&render(&app));
    let header = screen.lines().nth(1).unwrap();
    assert!(
        header.contains("Notes") && header.contains("Due"),
        "{header}"
    );
    let row = screen
        .lines()
        .find(|l| l.contains("The Dissolution"))
        .unwrap();
    let notes_at = header.find("Notes").unwrap();
    assert_eq!(row[notes_at..notes_at + 5].trim(), "2", "{screen}");
    // Narrower, the columns give way to the title.
    app.update(Action::Resize(80, 12));
    assert!(!text(&render(&app)).contains("Notes"));
}
