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

/// Issue 36: a library of a thousand texts is narrowed as a title is typed after `/`, and `s`
/// puts the text read last first.
#[test]
fn a_thousand_texts_filter_as_typed_and_sort_by_last_read() {
    let t = Pane::new(100, 30);
    {
        let mut store = gloss::store::Store::open(&t.db()).unwrap();
        for i in 1..=1_000 {
            let path = t.dir.path().join(format!("essay-{i:04}.txt"));
            let text = format!("Essay number {i:04}\n\nA paragraph of essay {i}, to be read.\n");
            std::fs::write(&path, text).unwrap();
            gloss::library::open_file(&mut store, &path, 1_795_000_000).unwrap();
        }
    }
    t.gloss(&[]);
    t.wait_for("1005 texts");
    t.keys(&["/"]);
    t.keys(&["-l", "number 074"]);
    // Each word anywhere in the title or author: "0074" holds "074" too.
    t.wait_for("11 of 1005 texts");
    t.keys(&["2"]);
    let one = t.wait_for(" 1 of 1005 texts");
    assert!(one.contains("Essay number 0742"), "{one}");
    assert!(!one.contains("Essay number 0741"), "{one}");
    // Enter keeps the filter; Enter again opens the one text left.
    t.keys(&["Enter", "Enter"]);
    t.wait_for("A paragraph of essay 742");
    t.keys(&["L"]);
    t.wait_for(" 1 of 1005 texts");
    // Esc drops the filter; s sorts by last read: the text just read comes first.
    t.keys(&["Escape"]);
    t.wait_for(" 1005 texts");
    t.keys(&["s"]);
    let sorted = t.wait_for("by last read");
    let first_row = sorted.lines().nth(2).unwrap_or_default().to_string();
    assert!(first_row.contains("Essay number 0742"), "{sorted}");
    assert!(first_row.contains("just now"), "{sorted}");
    t.keys(&["q"]);
    t.assert_terminal_restored();
}
