//! EPUBs made in code for tests and benchmarks: EPUB 3 with a navigation document, EPUB 2 with
//! an NCX, and any zip of named entries for the broken kinds.

#![allow(dead_code)] // each user takes its own subset

use std::io::{Cursor, Write};

use zip::write::{SimpleFileOptions, ZipWriter};

/// A chapter: its title in the table of contents and the XHTML of its body.
pub struct Chapter<'a> {
    pub title: &'a str,
    pub body: &'a str,
}

pub const CONTAINER: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>"#;

/// A zip of the entries in order; `mimetype` first and stored, as EPUB wants, when present.
pub fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        let method = if *name == "mimetype" {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        zip.start_file(
            *name,
            SimpleFileOptions::default().compression_method(method),
        )
        .unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

pub fn chapter_xhtml(title: &str, body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">
<head><title>{title}</title></head>
<body>{body}</body>
</html>"#
    )
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn opf(title: &str, author: &str, chapters: usize, version: &str, nav: bool) -> String {
    let mut manifest = String::new();
    let mut spine = String::new();
    for i in 1..=chapters {
        manifest.push_str(&format!(
            r#"<item id="c{i}" href="text/ch{i}.xhtml" media-type="application/xhtml+xml"/>"#
        ));
        spine.push_str(&format!(r#"<itemref idref="c{i}"/>"#));
    }
    if nav {
        manifest.push_str(
            r#"<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>"#,
        );
    } else {
        manifest
            .push_str(r#"<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>"#);
    }
    let toc = if nav { "" } else { r#" toc="ncx""# };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="{version}" unique-identifier="id">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="id">urn:uuid:12345</dc:identifier>
    <dc:title>{}</dc:title>
    <dc:creator>{}</dc:creator>
    <dc:language>en</dc:language>
  </metadata>
  <manifest>{manifest}</manifest>
  <spine{toc}>{spine}</spine>
</package>"#,
        escape(title),
        escape(author)
    )
}

fn nav_xhtml(chapters: &[Chapter<'_>]) -> String {
    let items: String = chapters
        .iter()
        .enumerate()
        .map(|(i, c)| {
            format!(
                r#"<li><a href="text/ch{}.xhtml">{}</a></li>"#,
                i + 1,
                escape(c.title)
            )
        })
        .collect();
    chapter_xhtml(
        "Contents",
        &format!(r#"<nav epub:type="toc"><h1>Contents</h1><ol>{items}</ol></nav>"#),
    )
}

fn ncx(chapters: &[Chapter<'_>]) -> String {
    let points: String = chapters
        .iter()
        .enumerate()
        .map(|(i, c)| {
            format!(
                r#"<navPoint id="p{n}" playOrder="{n}"><navLabel><text>{}</text></navLabel><content src="text/ch{n}.xhtml"/></navPoint>"#,
                escape(c.title),
                n = i + 1
            )
        })
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE ncx PUBLIC "-//NISO//DTD ncx 2005-1//EN" "http://www.daisy.org/z3986/2005/ncx-2005-1.dtd">
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">
<head/><docTitle><text>Book</text></docTitle><navMap>{points}</navMap></ncx>"#
    )
}

/// The entries of a book, to build on (tests of broken books drop or change some).
pub fn entries(
    title: &str,
    author: &str,
    chapters: &[Chapter<'_>],
    nav: bool,
) -> Vec<(String, Vec<u8>)> {
    let version = if nav { "3.0" } else { "2.0" };
    let mut entries = vec![
        ("mimetype".to_string(), b"application/epub+zip".to_vec()),
        (
            "META-INF/container.xml".to_string(),
            CONTAINER.as_bytes().to_vec(),
        ),
        (
            "OEBPS/content.opf".to_string(),
            opf(title, author, chapters.len(), version, nav).into_bytes(),
        ),
    ];
    if nav {
        entries.push((
            "OEBPS/nav.xhtml".to_string(),
            nav_xhtml(chapters).into_bytes(),
        ));
    } else {
        entries.push(("OEBPS/toc.ncx".to_string(), ncx(chapters).into_bytes()));
    }
    for (i, c) in chapters.iter().enumerate() {
        entries.push((
            format!("OEBPS/text/ch{}.xhtml", i + 1),
            chapter_xhtml(c.title, c.body).into_bytes(),
        ));
    }
    entries
}

pub fn zip_entries(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let refs: Vec<(&str, &[u8])> = entries
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    zip(&refs)
}

/// An EPUB 3 book with a navigation document.
pub fn epub3(title: &str, author: &str, chapters: &[Chapter<'_>]) -> Vec<u8> {
    zip_entries(&entries(title, author, chapters, true))
}

/// An EPUB 2 book with an NCX.
pub fn epub2(title: &str, author: &str, chapters: &[Chapter<'_>]) -> Vec<u8> {
    zip_entries(&entries(title, author, chapters, false))
}

/// A small book with what the tests look for: footnotes, a table, an image, CJK and Arabic.
pub fn sample_chapters() -> Vec<Chapter<'static>> {
    vec![
        Chapter {
            title: "The First Chapter",
            body: r##"<h1>The First Chapter</h1>
<p>It was a <em>bright</em> cold day in April, and the <strong>clocks</strong> were striking thirteen.</p>
<p>A second paragraph with a <a href="https://example.org/">link</a>.</p>"##,
        },
        Chapter {
            title: "Notes and Tables",
            body: r##"<h1>Notes and Tables</h1>
<p>The party said so.<a epub:type="noteref" href="#fn1" id="r1">1</a> Then it said otherwise.<sup><a href="ch5.xhtml#en1">2</a></sup></p>
<aside epub:type="footnote" id="fn1"><p>The first footnote, in an aside.</p></aside>
<table><tr><th>Year</th><th>Event</th></tr><tr><td>1917</td><td>October</td></tr><tr><td>1943</td><td>Dissolution</td></tr></table>
<figure><img src="../images/map.png" alt="A map of Europe"/><figcaption>Europe in 1917</figcaption></figure>"##,
        },
        Chapter {
            title: "The Third Chapter",
            body: r##"<h1>The Third Chapter</h1>
<p>Workers of the world, unite: this sentence is the one to annotate in chapter three.</p>
<blockquote><p>A quoted passage.</p></blockquote>
<ul><li>one item</li><li>another item</li></ul>
<pre>code   keeps
  its spaces</pre>"##,
        },
        Chapter {
            title: "多言語 Languages",
            body: r##"<h1>多言語 Languages</h1>
<p>中国共产党的历史很长。日本語の文章もあります。</p>
<p dir="rtl">هذا نص باللغة العربية.</p>"##,
        },
        Chapter {
            title: "Endnotes",
            body: r##"<h1>Endnotes</h1>
<ol><li id="en1"><p>The second note, an endnote. <a href="ch2.xhtml#r1">Back</a></p></li></ol>"##,
        },
    ]
}

/// A book of `count` chapters, each a heading and `paragraphs` paragraphs that name it: long
/// enough, at a few dozen chapters, to open in two steps.
pub fn long_epub(count: usize, paragraphs: usize) -> Vec<u8> {
    let titles: Vec<String> = (1..=count).map(|n| format!("Chapter {n}")).collect();
    let bodies: Vec<String> = titles
        .iter()
        .map(|title| {
            let paragraph = format!("<p>A paragraph of {title}, long enough to count.</p>\n");
            format!("<h1>{title}</h1>\n{}", paragraph.repeat(paragraphs))
        })
        .collect();
    let chapters: Vec<Chapter<'_>> = titles
        .iter()
        .zip(&bodies)
        .map(|(title, body)| Chapter { title, body })
        .collect();
    epub3("A Long Book", "Someone", &chapters)
}
