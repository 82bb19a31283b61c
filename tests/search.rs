//! Searching: in the reader (tmux), and across the library and notes (`gloss search`).

mod support;

use support::{Tmux, bundled_text, text_with_background};

/// Background of the match the reader is on (see the theme).
const CURRENT: u8 = 214;

/// `match 3 of 17` in the status bar, as (3, 17).
fn match_number(screen: &str) -> Option<(usize, usize)> {
    let at = screen.find("match ")?;
    let rest = &screen[at + 6..];
    let (k, rest) = rest.split_once(" of ")?;
    let n: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((k.parse().ok()?, n.parse().ok()?))
}

#[test]
fn n_walks_every_match_of_a_phrase_in_order() {
    let t = Tmux::new(80, 24);
    let path = bundled_text("the-russian-revolution-and-the-rise-of-stalinism.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    // A plain scan (paragraphs are single lines in the file: no line break inside the phrase).
    let expected = text.to_lowercase().matches("the working class").count();
    assert!(expected > 20);

    t.gloss(&[path.to_str().unwrap()]);
    t.wait_for("page 1 of");
    t.keys(&["/"]);
    t.keys(&["-l", "the working class"]);
    let screen = t.wait_until("the count while typing", |s| {
        s.contains(&format!("match 1 of {expected} ·"))
    });
    assert!(screen.contains(" /the working class"));
    t.keys(&["Enter"]);
    t.wait_for(&format!("match 1 of {expected} ·"));

    let mut crossed = false;
    let mut last_page = 0;
    for k in 1..=expected {
        let screen = t.wait_until("the next match", |s| match_number(s) == Some((k, expected)));
        let styled = t.screen_with_styles();
        let lit = text_with_background(&styled, CURRENT);
        let joined = lit.join(" ");
        assert_eq!(
            joined.to_lowercase(),
            "the working class",
            "match {k} is drawn on the page: {lit:?}"
        );
        crossed |= lit.len() == 2;
        let page: usize = screen
            .split("page ")
            .nth(1)
            .and_then(|p| p.split(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap();
        assert!(page >= last_page, "in reading order");
        last_page = page;
        t.keys(&["n"]);
    }
    assert!(crossed, "some match crosses a line break on screen");
    // Past the last match, n wraps to the first.
    t.wait_until("the wrap", |s| match_number(s) == Some((1, expected)));
    t.keys(&["N"]);
    t.wait_until("back to the last", |s| {
        match_number(s) == Some((expected, expected))
    });
    // Esc ends the search; n is the annotations panel again.
    t.keys(&["Escape"]);
    t.wait_gone("match ");
    t.keys(&["n"]);
    t.wait_for("Annotations ·");
    t.keys(&["Escape"]);
    t.keys(&["q"]);
    t.assert_terminal_restored();
}
