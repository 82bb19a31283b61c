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
