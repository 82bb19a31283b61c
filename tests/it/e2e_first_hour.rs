//! End to end, issue 36's first hour: the help read like a text and searched for a key.

use crate::support::{Pane, open_essay};

/// The help's rows between its borders, trimmed.
fn help_rows(screen: &str) -> Vec<String> {
    screen
        .lines()
        .filter_map(|l| l.trim().strip_prefix('│')?.strip_suffix('│'))
        .map(|l| l.trim().to_string())
        .collect()
}

#[test]
fn the_help_pages_with_g_and_space_and_slash_finds_a_key() {
    let t = Pane::new(80, 24);
    open_essay(&t);
    t.keys(&["?"]);
    let first = t.wait_for("Keys: reading");
    let top = help_rows(&first);
    assert_eq!(top.first().map(String::as_str), Some("Reading"), "{first}");

    t.keys(&["Space"]);
    let paged = t.wait_until("a page down", |s| help_rows(s) != top);
    let rows = help_rows(&paged);
    // A page on: the last row before is at the top, as a text pages with a row kept.
    assert_eq!(rows.first(), top.last(), "{paged}");

    t.keys(&["G"]);
    let end = t.wait_until("the end of the help", |s| help_rows(s) != rows);
    assert_ne!(help_rows(&end).first(), rows.first(), "{end}");
    // No row of the help is cut at the panel's edge.
    assert!(end.lines().all(|l| l.chars().count() <= 80), "{end}");

    t.keys(&["/"]);
    t.keys(&["-l", "highlight"]);
    let found = t.wait_for("/highlight");
    let bindings: Vec<String> = help_rows(&found)
        .into_iter()
        .filter(|r| !r.is_empty() && r != "Reading" && r != "With the cursor")
        .collect();
    assert!(bindings.len() >= 3, "{found}");
    // Each row is a key that highlights or acts on a highlight (or goes on from one).
    assert!(
        bindings
            .iter()
            .any(|r| r.starts_with("H ") && r.contains("Highlight in a colour")),
        "{found}"
    );
    assert!(
        !found.contains("Next page") && !found.contains("Table of contents"),
        "{found}"
    );
    // Esc clears the filter, and Esc again closes the help.
    t.keys(&["Escape"]);
    t.wait_until("the whole help again", |s| s.contains("Next page"));
    t.keys(&["Escape"]);
    t.wait_gone("Keys: reading");
    t.keys(&["q"]);
    t.assert_terminal_restored();
}
