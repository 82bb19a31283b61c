//! Every script as a reader meets it in a terminal: no letter lost at any width.

use crate::support::{Pane, run_gloss};

/// Issue 30's repro: sixty words that each hold Arabic's lam-alef (`لا`), which every terminal
/// draws in two cells; all sixty are on the screen, at 80 columns and at 37.
#[test]
fn every_word_holding_lam_alef_is_drawn_at_any_width() {
    let words: Vec<String> = (1..=60).map(|i| format!("سلام{i}")).collect();
    // The paragraph is right to left: each word is seen in visual order, its letters
    // reversed and its number after them, reading left to right.
    let seen: Vec<String> = (1..=60).map(|i| format!("{i}مالس")).collect();
    for (width, height) in [(80, 24), (37, 24)] {
        let t = Pane::new(width, height);
        let path = t.dir.path().join("l.txt");
        std::fs::write(&path, format!("T\n\n{}", words.join(" "))).unwrap();
        t.gloss(&[path.to_str().unwrap()]);
        let screen = t.wait_for("60مالس");
        // Each word whole: a number never runs into the next word's letters.
        let shown: Vec<&str> = screen.split_whitespace().collect();
        for word in &seen {
            assert!(
                shown.contains(&word.as_str()),
                "{word} not drawn at {width}:\n{screen}"
            );
        }
        t.keys(&["q"]);
        t.assert_terminal_restored();
    }
}

/// Ruby's readings are not inline: the text reads (and is searched) as written, `山路を`, not
/// `山路やまみちを`, the reading kept beside it; Japanese counts its reading time by characters.
#[test]
fn ruby_is_not_part_of_the_text_and_japanese_reads_by_its_characters() {
    use gloss::document::{Document, Format};
    let html = "<html><body><p><ruby>山路<rp>(</rp><rt>やまみち</rt><rp>)</rp></ruby>を登りながら、こう考えた。</p></body></html>";
    let doc = Document::from_text(html, "kusamakura.html", Format::HTML_RAW);
    assert_eq!(doc.content, "山路を登りながら、こう考えた。");
    assert_eq!(
        doc.readings,
        [gloss::document::Reading {
            at: "山路".len(),
            text: "やまみち".into()
        }]
    );
    let long = format!(
        "<html><body><p>{}</p></body></html>",
        "山路を登りながら、こう考えた。".repeat(200)
    );
    let doc = Document::from_text(&long, "kusamakura.html", Format::HTML_RAW);
    let minutes = doc.words() as f64 / gloss::document::WORDS_PER_MINUTE as f64;
    let expected = doc.chars as f64 / 500.0;
    assert!(
        (minutes - expected).abs() / expected < 0.3,
        "{minutes} min for {expected}"
    );
}

/// A right-to-left paragraph stands against the column's right edge in visual order (its
/// words and letters reversed, a number and a Latin word inside as they read), and a word
/// highlighted in it is stored as written: Hebrew and Arabic.
#[test]
fn a_right_to_left_paragraph_is_right_aligned_in_visual_order_and_highlights_its_words() {
    let cases = [
        ("שלום עולם, זה טקסט בעברית עם מספר 123.", "עולם", "םלוע"),
        (
            "هذا نص باللغة العربية يمكنها أن تنسى 123.",
            "العربية",
            "ةيبرعلا",
        ),
    ];
    for (paragraph, word, seen) in cases {
        let t = Pane::new(80, 24);
        let path = t.dir.path().join("rtl.txt");
        std::fs::write(&path, format!("Title\n\n{paragraph}\n\nAn English line.")).unwrap();
        t.gloss(&[path.to_str().unwrap()]);
        let screen = t.wait_for(seen);
        let row = screen.lines().find(|l| l.contains(seen)).unwrap();
        let english = screen
            .lines()
            .find(|l| l.contains("An English line."))
            .unwrap();
        // Right-aligned: it ends where a full line of the column would, far right of where
        // the English line starts; and it reads "123" where the number is.
        let left = |l: &str| l.chars().take_while(|c| *c == ' ').count();
        assert!(left(row) > left(english) + 10, "{row:?}");
        assert!(row.trim_start().starts_with(".123"), "{row:?}");
        // Highlight the word (found by search, selected to its end) and read it back.
        t.keys(&["/"]);
        t.keys(&["-l", word]);
        t.wait_for("match 1 of 1");
        t.keys(&["Enter", "v", "e", "H"]);
        t.wait_for("highlighted");
        t.keys(&["q"]);
        t.assert_terminal_restored();
        let out = run_gloss(&t.db(), &["notes", "--json"]);
        let notes: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(notes[0]["quote"], word, "{notes}");
    }
}

/// Japanese as a reader of it uses the reader: `/山路を` finds the phrase its ruby glosses, and
/// `gloss search` finds a word inside a sentence (the index takes its letters one by one).
#[test]
fn japanese_is_found_in_the_text_and_in_the_library() {
    let t = Pane::new(80, 24);
    let path = t.dir.path().join("kusamakura.html");
    let sentence =
        "<ruby>山路<rp>(</rp><rt>やまみち</rt><rp>)</rp></ruby>を登りながら、こう考えた。";
    let html = format!(
        "<html><head><title>草枕</title></head><body><h1>草枕</h1><p>{}</p><p>智に働けば角が立つ。</p></body></html>",
        sentence.repeat(3)
    );
    std::fs::write(&path, html).unwrap();
    t.gloss(&[path.to_str().unwrap()]);
    // The reading after its text, as the settings' default says.
    t.wait_for("山路(やまみち)を登りながら");
    t.keys(&["/"]);
    t.keys(&["-l", "山路を"]);
    t.wait_for("match 1 of 3");
    t.keys(&["Enter", "q"]);
    t.assert_terminal_restored();
    let out = run_gloss(&t.db(), &["search", "角が立つ"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("草枕"), "{text}");
    assert!(text.contains("[角が立つ]"), "{text}");
}

/// A paragraph's direction as the document gives it: `dir` first (inherited, `auto` for the
/// text's own), then a language written right to left, then the first strong letter.
#[test]
fn a_paragraph_s_direction_comes_from_dir_then_language_then_its_letters() {
    use gloss::document::{Document, Format};
    let html = r#"<html xml:lang="he"><body>
        <p>1948–2024</p>
        <p lang="en">An English quotation.</p>
        <p dir="rtl">Latin words in a right-to-left paragraph.</p>
        <div dir="ltr"><p>שלום עולם in a left-to-right section</p><p dir="auto">שלום עולם</p></div>
        <p>שלום</p>
        </body></html>"#;
    let doc = Document::from_text(html, "dirs.xhtml", Format::HTML_RAW);
    let directions: Vec<(&str, bool)> = (0..doc.blocks.len())
        .map(|i| (doc.text(&doc.blocks[i]), doc.is_right_to_left(i)))
        .collect();
    assert_eq!(
        directions,
        [
            ("1948–2024", true),
            ("An English quotation.", false),
            ("Latin words in a right-to-left paragraph.", true),
            ("שלום עולם in a left-to-right section", false),
            ("שלום עולם", true),
            ("שלום", true),
        ]
    );
}

/// A click and a drag in a right-to-left line find the letters drawn where they are: dragging
/// across a word as it is seen selects that word.
#[test]
fn a_drag_across_a_right_to_left_word_selects_it() {
    use crate::support::screen::{app, render, text};
    use gloss::app::Action;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rtl.txt");
    std::fs::write(&path, "Title\n\nשלום עולם, זה טקסט בעברית עם מספר 123.\n").unwrap();
    let mut app = app(80, 24);
    app.open_path(&path).unwrap();
    let screen = text(&render(&app));
    let (y, row) = screen
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("םלוע"))
        .unwrap();
    let left = row[..row.find("םלוע").unwrap()].chars().count();
    // Seen left to right, the word runs from its last letter to its first.
    let (x, y) = (left as u16, y as u16);
    app.update(Action::Press(x, y));
    app.update(Action::Drag(x + 3, y));
    let r = &app.reading().unwrap().reader;
    assert_eq!(&r.doc().content[r.selection().unwrap()], "עולם");
}

/// With `bidi = "terminal"`, a terminal that reorders right-to-left text itself is given each
/// line in logical order (still against the right edge), which it turns into visual order.
#[test]
fn a_terminal_that_reorders_is_given_lines_in_logical_order() {
    use crate::support::screen::{app, render, text};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rtl.txt");
    std::fs::write(&path, "Title\n\nשלום עולם, זה טקסט.\n").unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "bidi = \"terminal\"\n").unwrap();
    let (settings, warnings) = gloss::config::load(&config);
    assert!(warnings.is_empty(), "{warnings:?}");
    let mut app = app(80, 24);
    app.terminal_reorders = settings.bidi == gloss::config::Bidi::Terminal;
    app.open_path(&path).unwrap();
    let screen = text(&render(&app));
    let row = screen.lines().find(|l| l.contains("שלום")).unwrap();
    assert!(row.trim_end().ends_with("שלום עולם, זה טקסט."), "{row:?}");
    assert!(row.starts_with("          "), "right-aligned: {row:?}");
}

/// A ruby's reading is drawn dimmed after its text, or not at all with `ruby = "hidden"`; a
/// click on the reading finds the text it glosses.
#[test]
fn a_ruby_s_reading_is_drawn_dimmed_after_its_text_or_hidden() {
    use crate::support::screen::{app, render};
    use gloss::app::Action;
    use unicode_width::UnicodeWidthStr;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kusamakura.html");
    let html = "<html><body><h1>草枕</h1><p><ruby>山路<rp>(</rp><rt>やまみち</rt><rp>)</rp></ruby>を登りながら、こう考えた。</p></body></html>";
    std::fs::write(&path, html).unwrap();
    for shown in [true, false] {
        let mut app = app(80, 24);
        app.show_readings = shown;
        app.open_path(&path).unwrap();
        let buf = render(&app);
        // The row as drawn: a wide character's second cell is no letter.
        let y = (0..24)
            .find(|&y| (0..80).any(|x| buf[(x, y)].symbol() == "山"))
            .unwrap();
        let cells: Vec<(u16, &str)> = (0..80)
            .map(|x| (x, buf[(x, y)].symbol()))
            .filter(|(x, _)| *x == 0 || buf[(*x - 1, y)].symbol().width() < 2)
            .collect();
        let row: String = cells.iter().map(|(_, s)| *s).collect();
        if !shown {
            assert!(row.contains("山路を登りながら"), "{row:?}");
            continue;
        }
        assert!(row.contains("山路(やまみち)を登りながら"), "{row:?}");
        let x_of = |s: &str| cells.iter().find(|(_, c)| *c == s).unwrap().0;
        let (base, reading) = (x_of("山"), x_of("や"));
        assert_ne!(buf[(base, y)].style(), buf[(reading, y)].style(), "dimmed");
        app.update(Action::Press(reading, y));
        let r = &app.reading().unwrap().reader;
        assert_eq!(
            r.cursor(),
            r.doc().content.find('路'),
            "a click on the reading finds 路: {:?}",
            r.doc().content
        );
        app.update(Action::Press(x_of("を"), y));
        let r = &app.reading().unwrap().reader;
        assert_eq!(r.cursor(), r.doc().content.find('を'));
    }
}
