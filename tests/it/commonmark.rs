//! Markdown as the CommonMark spec (0.31.2) and GitHub's tables extension show it: every
//! example of the spec's "Thematic breaks" and "HTML blocks" sections, and of the GFM spec's
//! "Tables (extension)", read by gloss shows the words a browser shows of the spec's HTML, a
//! rule for each `<hr>` and a line per row, aligned, for each table
//! (`tests/fixtures/commonmark/examples.json`, extracted from the two specs).

use gloss::document::{BlockKind, Document, Format};

#[derive(serde::Deserialize)]
struct Example {
    section: String,
    markdown: String,
    html: String,
}

/// The words a browser shows of `html`, but a form's fields (a text area's default text),
/// which gloss leaves out of every page as it does scripts and styles.
fn shown_words(html: &str) -> Vec<String> {
    let dom = dom_query::Document::from(html);
    dom.select("script, style, textarea").remove();
    dom.select("body")
        .text()
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

#[test]
fn the_spec_s_html_blocks_tables_and_rules_show_their_text_and_structure() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/commonmark/examples.json"
    );
    let examples: Vec<Example> =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert_eq!(examples.len(), 73);
    let mut failures = Vec::new();
    for (n, example) in examples.iter().enumerate() {
        let doc = Document::from_text(&example.markdown, "spec.md", Format::MARKDOWN);
        let words: Vec<&str> = doc.content.split_whitespace().collect();
        let missing: Vec<String> = shown_words(&example.html)
            .into_iter()
            .filter(|w| !words.iter().any(|shown| shown.contains(w.as_str())))
            .collect();
        let rules = doc
            .blocks
            .iter()
            // In a list item, the item's marker leads it.
            .filter(|b| b.kind == BlockKind::Caption && doc.text(b).ends_with("* * *"))
            .count();
        let tables: Vec<usize> = doc
            .blocks
            .iter()
            // A table of one column has no `│`.
            .filter(|b| b.kind == BlockKind::Code)
            .map(|b| doc.text(b).lines().count())
            .collect();
        let expected_tables: Vec<usize> = example
            .html
            .split("<table>")
            .skip(1)
            .map(|t| t.split("</table>").next().unwrap().matches("<tr>").count())
            .collect();
        let expected_rules = example.html.matches("<hr />").count();
        if !missing.is_empty()
            || rules != expected_rules
            || (example.section.starts_with("Tables") && tables != expected_tables)
        {
            failures.push(format!(
                "example {n} ({}): missing {missing:?}, rules {rules} of {expected_rules}, tables {tables:?} of {expected_tables:?}\n{:?}\n{:?}",
                example.section, example.markdown, doc.content
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} fail:\n{}",
        failures.len(),
        examples.len(),
        failures.join("\n")
    );
}
