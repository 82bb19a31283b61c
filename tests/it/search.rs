//! Searching: in the reader (end to end), and across the library and notes (`gloss search`).

use crate::support;

use support::{Pane, bundled_text, run_gloss, text_with_background};

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
    let t = Pane::new(80, 24);
    let path = bundled_text("the-russian-revolution-and-the-rise-of-stalinism.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    // A plain scan (paragraphs are single lines in the file: no line break inside the phrase).
    let expected = text.to_lowercase().matches("the working class").count();
    assert!(expected > 20);

    t.gloss(&[path.to_str().unwrap()]);
    t.wait_for("page 1 of");
    t.keys(&["/"]);
    t.keys(&["-l", "the working class"]);
    // "the working clas" has the same matches: wait for the whole phrase typed, too.
    t.wait_until("the count while typing", |s| {
        s.contains(&format!("match 1 of {expected} ·")) && s.contains(" /the working class")
    });
    t.keys(&["Enter"]);
    // The prompt closes; the status bar keeps the count.
    t.wait_until("the search set", |s| {
        s.contains(&format!("match 1 of {expected} ·")) && !s.contains("Esc cancel")
    });

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
            .unwrap_or_else(|| panic!("no page number:\n{screen}"));
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

#[test]
fn gloss_search_finds_passages_ranked_with_snippets() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gloss.db");
    let out = run_gloss(&db, &["search", "permanent revolution"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let first: Vec<&str> = text.lines().take(2).collect();
    assert!(
        first[0].starts_with("The Russian Revolution and the Rise of Stalinism"),
        "{text}"
    );
    assert!(
        first[1].to_lowercase().contains("[permanent] [revolution]"),
        "the best match has both words: {text}"
    );
    // JSON: every hit has a snippet with the matched words marked, best first.
    let out = run_gloss(&db, &["search", "\"permanent revolution\"", "--json"]);
    let hits: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let hits = hits.as_array().unwrap();
    assert!(hits.len() >= 2);
    for hit in hits {
        let snippet = hit["snippet"].as_str().unwrap().to_lowercase();
        assert!(snippet.contains("[permanent revolution]"), "{snippet}");
        assert!(hit["document"].as_str().is_some() && hit["start"].as_u64().is_some());
    }
    // Prefixes, NEAR, and words that are not FTS5 syntax.
    for query in ["bolshevi*", "NEAR(lenin trotsky, 5)", "Laval-Stalin"] {
        let out = run_gloss(&db, &["search", query, "--json"]);
        let hits: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert!(!hits.as_array().unwrap().is_empty(), "{query}");
    }
    let out = run_gloss(&db, &["search", "\""]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("nothing found"));
    // A web page's comment form is furniture, not text: it is not searched.
    let out = run_gloss(&db, &["search", "\"email address\""]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("nothing found"));
}

#[test]
fn gloss_search_notes_finds_a_note_by_a_word_in_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gloss.db");
    support::annotate(
        &db,
        "The Dissolution of the Communist International",
        "Stalin’s Great Purge",
        "Compare Gramsci's prison notebooks",
        0,
    );
    let out = run_gloss(&db, &["search", "--notes", "gramsci"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("The Dissolution of the Communist International · note"),
        "{text}"
    );
    assert!(text.contains("“Stalin’s Great Purge”"), "{text}");
    assert!(
        text.contains("Compare [Gramsci]'s prison notebooks"),
        "{text}"
    );
    // Not a word of a text, only of the note.
    let out = run_gloss(&db, &["search", "gramsci"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("nothing found"));
}

/// `S` in the library: ranked results; Enter opens the text at the passage, the match lit.
#[test]
fn the_library_search_opens_the_passage_with_the_match_lit() {
    let t = Pane::new(100, 30);
    t.gloss(&[]);
    t.wait_for("Gloss · Library");
    t.keys(&["S"]);
    t.wait_for("Search the library and your notes:");
    t.keys(&["-l", "\"permanent revolution\""]);
    t.keys(&["Enter"]);
    let screen = t.wait_for("results ─");
    assert!(screen.contains("The Russian Revolution and the Rise of Stalinism"));
    t.keys(&["j", "Enter"]);
    let screen = t.wait_until("the passage", |s| s.contains("match 2 of 2"));
    assert!(screen.contains("Monopoly capitalism"), "{screen}");
    let lit = text_with_background(&t.screen_with_styles(), CURRENT);
    assert_eq!(lit.join(" "), "permanent revolution");
    t.keys(&["q"]);
    t.assert_terminal_restored();
}

#[test]
fn a_text_read_whole_is_indexed_in_the_background() {
    use gloss::app::{Action, App, DEFAULT_MEASURE};
    use gloss::store::Store;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gloss.db");
    let file = dir.path().join("essay.txt");
    std::fs::write(
        &file,
        "An Essay\n\nThe quixotic zeal of the pamphleteers.\n\nAnother paragraph here.\n",
    )
    .unwrap();
    let mut app = App::new(Store::open(&db).unwrap(), DEFAULT_MEASURE);
    app.update(Action::Resize(100, 30));
    app.open_path(&file).unwrap();
    support::eventually("the background indexing to end", || {
        app.tick();
        match app.indexing() {
            None => Ok(()),
            Some(i) => Err(format!("{:.0}%", i.progress() * 100.0)),
        }
    });
    // Another process finds it without indexing anything.
    let out = run_gloss(&db, &["search", "quixotic"]);
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(printed.contains("[quixotic]"), "{printed}");
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("indexed 5 texts"),
        "the five bundled texts, not the essay, which was indexed already: {said}"
    );
}
