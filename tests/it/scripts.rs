//! Every script as a reader meets it in a terminal: no letter lost at any width.

use crate::support::Pane;

/// Issue 30's repro: sixty words that each hold Arabic's lam-alef (`لا`), which every terminal
/// draws in two cells; all sixty are on the screen, at 80 columns and at 37.
#[test]
fn every_word_holding_lam_alef_is_drawn_at_any_width() {
    let words: Vec<String> = (1..=60).map(|i| format!("سلام{i}")).collect();
    for (width, height) in [(80, 24), (37, 24)] {
        let t = Pane::new(width, height);
        let path = t.dir.path().join("l.txt");
        std::fs::write(&path, format!("T\n\n{}", words.join(" "))).unwrap();
        t.gloss(&[path.to_str().unwrap()]);
        let screen = t.wait_for("سلام60");
        // Each word whole: a number never runs into the next word's letters.
        let shown: Vec<&str> = screen.split_whitespace().collect();
        for word in &words {
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
/// `山路やまみちを`; Japanese counts its reading time by characters.
#[test]
fn ruby_is_not_part_of_the_text_and_japanese_reads_by_its_characters() {
    use gloss::document::{Document, Format};
    let html = "<html><body><p><ruby>山路<rp>(</rp><rt>やまみち</rt><rp>)</rp></ruby>を登りながら、こう考えた。</p></body></html>";
    let doc = Document::from_text(html, "kusamakura.html", Format::HTML_RAW);
    assert_eq!(doc.content, "山路を登りながら、こう考えた。");
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
