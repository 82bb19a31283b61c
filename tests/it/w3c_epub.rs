//! The W3C's EPUB reading-system tests (`w3c/epub-tests`) on links, fallbacks and the
//! navigation document, each packed from its folder in `tests/fixtures/w3c-epub-tests` and
//! checked for what its own page says a passing reader shows.

use std::path::{Path, PathBuf};

use gloss::document::{Document, LinkTarget};

use crate::support::book;

fn fixture(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/w3c-epub-tests")
        .join(case)
}

/// The case's folder zipped as an EPUB (`mimetype` first), opened.
fn open(case: &str, dir: &Path) -> Result<Document, String> {
    let root = fixture(case);
    let mut entries = vec![("mimetype".to_string(), b"application/epub+zip".to_vec())];
    let mut folders = vec![root.clone()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path.file_name().is_some_and(|n| n != "mimetype") {
                let name = path
                    .strip_prefix(&root)
                    .unwrap()
                    .to_str()
                    .unwrap()
                    .replace('\\', "/");
                entries.push((name, std::fs::read(&path).unwrap()));
            }
        }
    }
    let file = dir.join(format!("{case}.epub"));
    std::fs::write(&file, book::zip_entries(&entries)).unwrap();
    Document::open(&file).map_err(|e| format!("{e:#}"))
}

/// A case: its folder, and what a passing reader shows, as a check of the opened book that
/// says what is wrong.
type Check = fn(&Document, &Path) -> Result<(), String>;

/// Each applicable case of `w3c/epub-tests` on links, fallbacks and the navigation document.
/// (Listed in docs/manual.md; the cases on scripting, media overlays, fixed layout and CSS
/// rendering do not apply to a terminal reader.)
const CASES: &[(&str, Check)] = &[
    ("nav-access", |doc, _| {
        contents_are(doc, &["Test passes if you can see this link"])
    }),
    ("nav-activation", |doc, _| {
        entry_leads_to(
            doc,
            "Click to access 2nd content document",
            "Test passes if the navigation link leads here.",
        )?;
        link_leads_to(
            doc,
            "Click to access 2nd content document",
            "Test passes if the navigation link leads here.",
        )
    }),
    ("nav-non-text_img", |doc, _| {
        contents_are(doc, &["Start page", "Description of the Abbey of Sénanque"])?;
        entry_leads_to(
            doc,
            "Description of the Abbey of Sénanque",
            "This is the placeholder",
        )
    }),
    ("nav-non-text_img_title", |doc, _| {
        contents_are(doc, &["Start page", "Description of the Abbey of Sénanque"])?;
        entry_leads_to(
            doc,
            "Description of the Abbey of Sénanque",
            "This is the placeholder",
        )
    }),
    ("nav-spine_in-spine", |doc, _| {
        entry_leads_to(
            doc,
            "Test passes if you can see two links (second link)",
            "Hello",
        )
    }),
    ("nav-spine_not-in-spine", |doc, _| {
        entry_leads_to(
            doc,
            "Test passes if you can see two links (second link)",
            "Hello",
        )
    }),
    ("nav-spine_in-spine-hidden-toc-css", |doc, _| {
        entry_leads_to(doc, "The second link", "Hello")?;
        not_shown(doc, "The second link")
    }),
    ("nav-spine_in-spine-hidden-toc-html", |doc, _| {
        entry_leads_to(doc, "The second link", "Hello")?;
        not_shown(doc, "The second link")
    }),
    ("nav-spine_in-spine-no-list-style", |doc, _| {
        entry_leads_to(doc, "the second link", "Hello")
    }),
    ("ocf-url_manifest", |doc, _| {
        shown(doc, "Test passes if this page opens.")
    }),
    ("ocf-url_link-relative", |doc, file| {
        picture_is(doc, file, b"\xff\xd8")
    }),
    ("ocf-url_link-path-absolute", |doc, file| {
        picture_is(doc, file, b"\xff\xd8")
    }),
    ("ocf-url_link-leaking-relative", |doc, file| {
        picture_is(doc, file, b"\xff\xd8")
    }),
    ("pkg-spine-duplicate-item-hyperlink", |doc, _| {
        link_leads_to(
            doc,
            "this link",
            "This document occurs three times in the spine.",
        )
    }),
    ("pkg-spine-nonlinear-activation", |doc, _| {
        link_leads_to(
            doc,
            "this link",
            "Test passes if following the link opens this page.",
        )
    }),
    ("pub-external-links", |doc, _| {
        link_leads_to(
            doc,
            "External Links",
            "https://www.w3.org/TR/epub-rs-33/#sec-epub-rs-external-links",
        )
    }),
    // Neither the spine's disk image nor its Photoshop fallback is anything gloss can show:
    // the fallback stands as a picture (the viewer may open it), no bytes as text.
    ("pub-foreign_bad-fallback", |doc, _| {
        shown(doc, "[image: bar.psd]")?;
        not_shown(doc, "koly")
    }),
    ("pub-foreign_image", |doc, file| {
        picture_is(doc, file, b"\x89PNG")
    }),
    ("pub-foreign_json-spine", |doc, _| only_fallback(doc)),
    ("pub-foreign_xml-spine", |doc, _| only_fallback(doc)),
    ("pub-foreign_xml-suffix-spine", |doc, _| only_fallback(doc)),
    ("scr-support-fallback", |doc, _| {
        shown(doc, "by displaying this page. Test passes.")?;
        not_shown(doc, "the test fails")?;
        entry_leads_to(
            doc,
            "Link to main page",
            "This reading system does not support scripting, but",
        )
    }),
    ("pub-data-urls_browsing-context", |doc, file| {
        picture_is(doc, file, b"\xff\xd8")
    }),
    ("cnt-svg-support", |doc, _| {
        shown(doc, "Test passes if you see this text on top an image.")
    }),
];

#[test]
fn every_applicable_w3c_case_on_links_fallbacks_and_contents_passes() {
    let dir = tempfile::tempdir().unwrap();
    let mut failed = Vec::new();
    for (case, check) in CASES {
        let file = dir.path().join(format!("{case}.epub"));
        let result = open(case, dir.path()).and_then(|doc| check(&doc, &file));
        if let Err(why) = result {
            failed.push(format!("{case}: {why}"));
        }
    }
    assert!(
        failed.is_empty(),
        "{} of {} fail:\n{}",
        failed.len(),
        CASES.len(),
        failed.join("\n")
    );
    // Every case in the fixtures is checked.
    let folders = std::fs::read_dir(fixture(""))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().is_dir())
        .count();
    assert_eq!(folders, CASES.len());
}

fn contents_are(doc: &Document, titles: &[&str]) -> Result<(), String> {
    let found: Vec<&str> = doc.contents.iter().map(|s| s.title.as_str()).collect();
    (found == titles)
        .then_some(())
        .ok_or(format!("contents {found:?}"))
}

/// The text from `start` on begins with `expected`.
fn begins(doc: &Document, start: usize, expected: &str) -> Result<(), String> {
    let there: String = doc.content[start..].chars().take(60).collect();
    there
        .starts_with(expected)
        .then_some(())
        .ok_or(format!("leads to {there:?}, not {expected:?}"))
}

fn entry_leads_to(doc: &Document, title: &str, expected: &str) -> Result<(), String> {
    let entry = doc
        .contents
        .iter()
        .find(|s| s.title == title)
        .ok_or(format!("no contents entry {title:?}"))?;
    begins(doc, entry.start, expected)
}

fn link_leads_to(doc: &Document, text: &str, expected: &str) -> Result<(), String> {
    let link = doc
        .links
        .iter()
        .find(|l| &doc.content[l.start..l.end] == text)
        .ok_or(format!("no link {text:?}"))?;
    match &link.target {
        LinkTarget::Place(at) => begins(doc, *at, expected),
        LinkTarget::Address(address) => (address == expected)
            .then_some(())
            .ok_or(format!("leads to {address}")),
    }
}

fn shown(doc: &Document, text: &str) -> Result<(), String> {
    doc.content
        .contains(text)
        .then_some(())
        .ok_or(format!("{text:?} not in {:?}", doc.content))
}

fn not_shown(doc: &Document, text: &str) -> Result<(), String> {
    (!doc.content.contains(text))
        .then_some(())
        .ok_or(format!("{text:?} shown"))
}

/// The book's one picture reads as an image of the kind `magic` begins.
fn picture_is(doc: &Document, file: &Path, magic: &[u8]) -> Result<(), String> {
    let [picture] = doc.pictures.as_slice() else {
        return Err(format!("{} pictures", doc.pictures.len()));
    };
    let bytes = doc.read_picture(file, picture)?;
    bytes
        .starts_with(magic)
        .then_some(())
        .ok_or(format!("{} is not the image", picture.source))
}

/// A spine item gloss cannot read gives way to its XHTML fallback, and only that is shown.
fn only_fallback(doc: &Document) -> Result<(), String> {
    (doc.content == "Test passes if you see this text.")
        .then_some(())
        .ok_or(format!("shows {:?}", doc.content))?;
    entry_leads_to(
        doc,
        "Link to main page",
        "Test passes if you see this text.",
    )
}
