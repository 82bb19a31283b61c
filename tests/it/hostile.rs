//! A hostile corpus, generated here (each file small): deep nesting in a web page, a book's
//! chapter, its navigation and Markdown; two million spine entries; entity expansions; a
//! book whose package is UTF-16. Each is opened or refused in time and memory, with no crash:
//! first through the library (the whole text read), then in the real reader in a terminal,
//! whose peak memory is read from `/proc` and which must leave the terminal as it found it.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use gloss::document::Document;

use crate::support::book::{self, CONTAINER, chapter_xhtml};
use crate::support::pane::Pane;

/// Levels of nesting in the deep files.
const DEEP: usize = 100_000;
/// What opening one may take: 2 s for the release build (see docs/performance.md); the
/// tests' debug build, on a loaded machine, is given five times that.
const MOST_TIME: Duration = Duration::from_secs(if cfg!(debug_assertions) { 10 } else { 2 });
const MOST_MEMORY_KB: u64 = 200 * 1024;

/// A book of one chapter with `opf`, `chapter` and `nav` in place of the ordinary ones.
fn epub(opf: Option<String>, chapter: Option<String>, nav: Option<String>) -> Vec<u8> {
    let opf = opf.unwrap_or_else(|| package("<dc:title>Hostile</dc:title>", 1));
    let chapter = chapter.unwrap_or_else(|| chapter_xhtml("One", "<p>The one chapter.</p>"));
    let nav = nav.unwrap_or_else(|| {
        chapter_xhtml(
            "Contents",
            r#"<nav epub:type="toc"><ol><li><a href="c1.xhtml">One</a></li></ol></nav>"#,
        )
    });
    book::zip(&[
        ("mimetype", b"application/epub+zip"),
        ("META-INF/container.xml", CONTAINER.as_bytes()),
        ("OEBPS/content.opf", opf.as_bytes()),
        ("OEBPS/c1.xhtml", chapter.as_bytes()),
        ("OEBPS/nav.xhtml", nav.as_bytes()),
    ])
}

/// A package document with `metadata` and the chapter `spine` times in the spine.
fn package(metadata: &str, spine: usize) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">x</dc:identifier>{metadata}</metadata><manifest><item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/><item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/></manifest><spine>{}</spine></package>"#,
        r#"<itemref idref="c1"/>"#.repeat(spine)
    )
}

/// An entity of 10 KB, used 50,000 times (half a gigabyte once expanded).
fn entity_bomb(root: &str, inside: &str) -> String {
    format!(
        r#"<?xml version="1.0"?><!DOCTYPE {root} [<!ENTITY a "{}"><!ENTITY b "{}">]>{}"#,
        "x".repeat(1000),
        "&a;".repeat(10),
        inside.replace("BOMB", &"&b;".repeat(50_000))
    )
}

fn nested(open: &str, close: &str, inside: &str) -> String {
    format!("{}{inside}{}", open.repeat(DEEP), close.repeat(DEEP))
}

/// What an opened file of the corpus holds: a text deep in it, and a text on its first page.
type Shows = Option<(&'static str, &'static str)>;

/// The corpus: a file name, its bytes, and what it must show once open (`None`: refused).
fn corpus() -> Vec<(&'static str, Vec<u8>, Shows)> {
    const PAGE: Shows = Some(("deep text", "Before the depths."));
    const CHAPTER: Shows = Some(("The one chapter.", "The one chapter."));
    const MARKDOWN: Shows = Some(("deep text", "Deep"));
    let page = |body: String| {
        format!("<html><head><title>Deep</title></head><body><p>Before the depths.</p>{body}<p>After the depths.</p></body></html>").into_bytes()
    };
    let xhtml_nav = |inside: String| {
        chapter_xhtml(
            "Contents",
            &format!(r#"<nav epub:type="toc">{inside}</nav>"#),
        )
    };
    vec![
        (
            "spans.html",
            page(nested("<span>", "</span>", "deep text")),
            PAGE,
        ),
        (
            "divs.html",
            page(nested("<div>", "</div>", "deep text")),
            PAGE,
        ),
        (
            "quotes.html",
            page(nested("<blockquote>", "</blockquote>", "deep text")),
            PAGE,
        ),
        (
            "unclosed.html",
            page("<b><i>".repeat(DEEP / 2) + "deep text"),
            PAGE,
        ),
        (
            "chapter.epub",
            epub(
                None,
                Some(chapter_xhtml(
                    "One",
                    &format!(
                        "<p>Before the depths.</p>{}",
                        nested("<span>", "</span>", "deep text")
                    ),
                )),
                None,
            ),
            PAGE,
        ),
        (
            "nav.epub",
            epub(
                None,
                None,
                Some(xhtml_nav(nested(
                    r#"<ol><li><a href="c1.xhtml">Level</a>"#,
                    "</li></ol>",
                    "",
                ))),
            ),
            CHAPTER,
        ),
        (
            "quotes.md",
            format!(
                "# Deep\n\n{} deep text\n\nAfter the depths.\n",
                ">".repeat(DEEP)
            )
            .into_bytes(),
            MARKDOWN,
        ),
        (
            "lists.md",
            // A list item starting with a list, each one nesting the next, on one line.
            format!("# Deep\n\n{}deep text\n", "- ".repeat(DEEP)).into_bytes(),
            MARKDOWN,
        ),
        (
            "spine.epub",
            epub(
                Some(package("<dc:title>Spine</dc:title>", 2_000_000)),
                None,
                None,
            ),
            None,
        ),
        (
            "package-entities.epub",
            epub(
                Some(entity_bomb(
                    "package",
                    &package("<dc:title>BOMB</dc:title>", 1).replacen(
                        r#"<?xml version="1.0" encoding="UTF-8"?>"#,
                        "",
                        1,
                    ),
                )),
                None,
                None,
            ),
            None,
        ),
        (
            "chapter-entities.epub",
            epub(
                None,
                Some(entity_bomb(
                    "html",
                    r#"<html xmlns="http://www.w3.org/1999/xhtml"><body><p>The one chapter.BOMB</p></body></html>"#,
                )),
                None,
            ),
            // Read as HTML is (a chapter's DTD is not looked at): the references are text.
            Some(("The one chapter.", "The one")),
        ),
        ("utf16.epub", utf16_book(), CHAPTER),
    ]
}

/// A book whose package document is UTF-16 (with its byte order mark), as some tools write.
fn utf16_book() -> Vec<u8> {
    let opf = package("<dc:title>Sixteen</dc:title>", 1)
        .replace(r#"encoding="UTF-8""#, r#"encoding="UTF-16""#);
    let mut utf16 = vec![0xff, 0xfe];
    utf16.extend(opf.encode_utf16().flat_map(u16::to_le_bytes));
    let chapter = chapter_xhtml("One", "<p>The one chapter.</p>");
    book::zip(&[
        ("mimetype", b"application/epub+zip"),
        ("META-INF/container.xml", CONTAINER.as_bytes()),
        ("OEBPS/content.opf", &utf16),
        ("OEBPS/c1.xhtml", chapter.as_bytes()),
    ])
}

fn write_corpus(dir: &Path) -> Vec<(PathBuf, Shows)> {
    corpus()
        .into_iter()
        .map(|(name, bytes, shows)| {
            assert!(bytes.len() < 20 << 20, "{name} is small");
            let path = dir.join(name);
            std::fs::write(&path, bytes).unwrap();
            (path, shows)
        })
        .collect()
}

/// Every file of the corpus read whole through the library, on a thread with the stack the
/// reader's background threads have (2 MB), in time.
#[test]
fn the_hostile_corpus_is_read_or_refused_in_time() {
    let dir = tempfile::tempdir().unwrap();
    for (path, shows) in write_corpus(dir.path()) {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let started = Instant::now();
        let opened = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || Document::open(&path).map(|d| d.content))
            .unwrap()
            .join()
            .unwrap_or_else(|_| panic!("{name}: a panic"));
        let took = started.elapsed();
        assert!(took < MOST_TIME, "{name}: {took:?}");
        match (opened, shows) {
            (Ok(content), Some((text, _))) => {
                assert!(content.contains(text), "{name}: {text:?} not in the text");
            }
            (Err(err), None) => assert!(!err.to_string().contains('\n'), "{name}: {err}"),
            (Ok(_), None) => panic!("{name}: opened, though it must be refused"),
            (Err(err), Some(_)) => panic!("{name}: refused: {err}"),
        }
    }
}

/// The peak memory (VmHWM, in KB) of process `pid`, while it runs.
fn peak_kb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// Every file of the corpus in the real reader: its text shown (or a one-line refusal) within
/// the time, the reader's peak memory within the bound, and the terminal as it was after `q`.
#[test]
fn the_hostile_corpus_in_the_reader_leaves_the_terminal_restored() {
    let t = Pane::new(100, 30);
    for (path, shows) in write_corpus(t.dir.path()) {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        t.type_line("clear");
        t.wait_until("a cleared screen", |s| s.trim() == "$");
        let started = Instant::now();
        t.gloss(&[path.to_str().unwrap()]);
        match shows {
            Some((_, first_page)) => {
                t.wait_for(first_page);
                let took = started.elapsed();
                assert!(took < MOST_TIME * 2, "{name}: {took:?} to the first page");
                let pid = t.child_pid().expect("gloss is running");
                let peak = peak_kb(pid);
                assert!(peak < MOST_MEMORY_KB, "{name}: {peak} KB at its peak");
                if name == "nav.epub" {
                    // The deepest entries of the contents are in sight, not pushed off it.
                    t.keys(&["t"]);
                    let contents = t.wait_for("Contents");
                    let shown = contents.lines().filter(|l| l.contains("Level")).count();
                    assert!(shown > 20, "{contents}");
                    t.keys(&["q"]);
                    t.wait_gone("Contents");
                }
                t.keys(&["q"]);
            }
            None => {
                t.wait_for("gloss: ");
            }
        }
        t.assert_terminal_restored();
    }
}

/// A page of tens of megabytes on one line is read as its text, without a tree of its
/// elements, in memory of about twice its size in a release build (a 500 MB page took 4.1 GB).
/// Read in the reader, whose peak is read from `/proc` while it runs: a child's `ru_maxrss`
/// would count the test process's own peak, which `exec` folds into it.
#[test]
fn a_huge_one_line_page_is_read_in_a_few_times_its_size() {
    let t = Pane::new(100, 30);
    let page = t.dir.path().join("huge.html");
    let words = "word ".repeat(8_000_000);
    std::fs::write(
        &page,
        format!("<html><head><title>Huge</title></head><body><p>{words}</p></body></html>"),
    )
    .unwrap();
    drop(words);
    let size_kb = std::fs::metadata(&page).unwrap().len() / 1024;
    t.gloss(&[page.to_str().unwrap()]);
    t.wait_for("word word");
    let peak = peak_kb(t.child_pid().expect("gloss is running"));
    // Before, a tree of the page's elements: 343 MB for this 39 MB page.
    assert!(
        peak < size_kb * 4,
        "{peak} KB at its peak for a page of {size_kb} KB"
    );
    t.keys(&["q"]);
    t.assert_terminal_restored();
}
