use super::*;

fn passage(quote: &str, section: Option<&str>, page: u64, note: &str, author: &str) -> Passage {
    Passage {
        quote: quote.into(),
        section: section.map(Into::into),
        page: Some(page),
        start: page as usize * 100,
        end: page as usize * 100 + quote.chars().count(),
        note: note.into(),
        tags: crate::annotation::tags(note),
        author: author.into(),
        color: 1,
        modified: 1_795_000_000,
        orphaned: false,
    }
}

fn book() -> Notebook {
    let mut same = passage(
        "The Party is always right.",
        Some("II. Purges"),
        4,
        "",
        "Ben",
    );
    same.color = 3;
    let mut orphan = passage("a sentence since rewritten", None, 0, "lost", "Ana");
    orphan.page = None;
    orphan.orphaned = true;
    Notebook {
        title: "The Comintern".into(),
        passages: vec![
            passage("First words.\n\nSecond paragraph.", None, 1, "", "Ana"),
            passage(
                "The Party is always right.",
                Some("II. Purges"),
                4,
                "Irony? #irony #1937",
                "Ana",
            ),
            same,
            passage(
                "<script>alert(1)</script> & more",
                Some("II. Purges"),
                5,
                "<b>bold</b> \"quoted\"",
                "Ben",
            ),
            orphan,
        ],
    }
}

#[test]
fn markdown_quotes_each_passage_under_its_section() {
    let md = markdown(&[book()], false);
    assert!(md.starts_with("# The Comintern\n\n> First words.\n>\n> Second paragraph.\n\n*Ana · "));
    assert_eq!(md.matches("## II. Purges").count(), 1, "{md}");
    assert!(md.contains("> The Party is always right.\n\nIrony? #irony #1937\n\n*Ana · "));
    assert!(md.contains(" · p. 4* · #1937 #irony\n"));
    assert!(md.contains("## Not found in this copy of the text\n\n> a sentence since rewritten"));
    assert!(md.contains("not found in this copy*"));
}

#[test]
fn obsidian_callouts() {
    let md = markdown(&[book()], true);
    assert!(md.contains("## II. Purges\n\n> [!note] Ana · "), "{md}");
    assert!(md.contains(
        " · p. 4\n> The Party is always right.\n\nIrony? #irony #1937\n\n#1937 #irony\n\n"
    ));
    assert!(md.contains("> [!quote] Ben · "));
}

#[test]
fn readwise_csv_has_its_columns() {
    let csv_text = readwise_csv(&[book()], "Ana");
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "Highlight",
            "Title",
            "Author",
            "URL",
            "Note",
            "Location",
            "Date"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 5);
    assert_eq!(&rows[0][0], "First words.\n\nSecond paragraph.");
    assert_eq!(&rows[1][1], "The Comintern");
    assert_eq!(&rows[1][4], ".1937 .irony Irony? #irony #1937");
    assert_eq!(&rows[1][5], "4");
    assert_eq!(
        &rows[2][4], "[Ben]",
        "another member's highlight says whose"
    );
    assert_eq!(rows[1][6].len(), "2026-11-19 19:33:20".len());
    assert_eq!(&rows[4][5], "", "an orphan has no location");
}

#[test]
fn html_is_one_safe_self_contained_page() {
    let page = html(&[book()]);
    let doc = roxmltree::Document::parse_with_options(
        &page,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .expect("well-formed");
    for node in doc.descendants().filter(|n| n.is_element()) {
        let name = node.tag_name().name();
        assert!(
            !matches!(name, "script" | "img" | "link" | "iframe" | "object"),
            "{name}"
        );
        for attr in ["src", "href"] {
            assert!(node.attribute(attr).is_none(), "{name} has {attr}");
        }
        assert!(
            node.attributes().all(|a| !a.name().starts_with("on")),
            "no event handlers"
        );
    }
    let quotes: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("blockquote"))
        .map(|n| n.text().unwrap_or_default().to_string())
        .collect();
    assert_eq!(
        quotes,
        [
            "First words.\n\nSecond paragraph.",
            "The Party is always right.",
            "<script>alert(1)</script> & more",
            "a sentence since rewritten",
        ],
        "the same passage highlighted twice is shown once"
    );
    let sections: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("section"))
        .collect();
    let notes = |s: &roxmltree::Node| {
        s.children()
            .filter(|n| n.has_tag_name("div"))
            .map(|d| {
                d.children()
                    .filter(|n| n.has_tag_name("p"))
                    .map(|p| {
                        p.descendants()
                            .filter(|n| n.is_text())
                            .map(|n| n.text().unwrap())
                            .collect::<String>()
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .collect::<Vec<_>>()
    };
    let second = notes(&sections[1]);
    assert_eq!(second.len(), 2, "both members' notes under the passage");
    assert!(second[0].starts_with("Irony? #irony #1937\nAna · "));
    assert!(second[0].ends_with("p. 4#1937#irony"));
    assert!(second[1].starts_with("Ben · "));
    assert!(notes(&sections[2])[0].starts_with("<b>bold</b> \"quoted\""));
    assert!(sections[3].attribute("class").unwrap().contains("orphaned"));
}
