//! Pictures, as a reader meets them: a book's figure drawn by a terminal that speaks the kitty
//! graphics protocol, its placeholder elsewhere (or with `--no-images`), Enter handing it to
//! the system's viewer, and a book of picture pages that shows no bytes and counts no words.

use std::io::Cursor;
use std::path::PathBuf;

use crate::support::book::{self, Chapter};
use crate::support::{Pane, eventually, run_gloss};

/// A real PNG of `w` by `h` pixels, a gradient.
fn png(w: u32, h: u32) -> Vec<u8> {
    let picture = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x * 255 / w) as u8, (y * 255 / h) as u8, 128])
    });
    let mut bytes = Vec::new();
    picture
        .write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Png)
        .unwrap();
    bytes
}

/// A book whose one chapter has a figure between two paragraphs, written in `t`'s folder.
fn figure_book(t: &Pane) -> (PathBuf, Vec<u8>) {
    let picture = png(400, 200);
    let chapters = [Chapter {
        title: "Maps",
        body: r#"<h1>Maps</h1>
<p>The paragraph before the figure.</p>
<figure><img src="../images/map.png" alt="A map of Europe"/><figcaption>Europe in 1917</figcaption></figure>
<p>The paragraph after the figure.</p>"#,
    }];
    let mut entries = book::entries("Atlas", "Someone", &chapters, true);
    entries.push(("OEBPS/images/map.png".to_string(), picture.clone()));
    let path = t.dir.path().join("atlas.epub");
    std::fs::write(&path, book::zip_entries(&entries)).unwrap();
    (path, picture)
}

#[test]
fn a_terminal_that_speaks_kitty_graphics_is_sent_the_figure_in_place_of_its_placeholder() {
    let t = Pane::new(100, 30);
    t.speak_kitty_graphics();
    let (path, _) = figure_book(&t);
    t.gloss(&[path.to_str().unwrap()]);
    t.wait_for("Europe in 1917");
    eventually("the figure sent as an image", || match t.images_sent() {
        0 => Err("no image sent".to_string()),
        n => Ok(n),
    });
    // Drawn over its placeholder, between the text around it.
    let screen = t.wait_until("the placeholder gone", |s| {
        !s.contains("[image: A map of Europe]")
    });
    assert!(
        screen.contains("The paragraph before the figure."),
        "{screen}"
    );
    assert!(
        screen.contains("The paragraph after the figure."),
        "{screen}"
    );
    t.keys(&["q"]);
    t.assert_terminal_restored();
    assert_eq!(t.images_sent(), 1, "sent once, not once a frame");
}

#[test]
fn without_graphics_or_with_no_images_the_placeholder_shows_and_nothing_is_sent() {
    for (kitty, args) in [(false, &[][..]), (true, &["--no-images"][..])] {
        let t = Pane::new(100, 30);
        if kitty {
            t.speak_kitty_graphics();
        }
        let (path, _) = figure_book(&t);
        let mut line = args.to_vec();
        line.push(path.to_str().unwrap());
        t.gloss(&line);
        let screen = t.wait_for("[image: A map of Europe]");
        assert!(screen.contains("Europe in 1917"), "{screen}");
        // The placeholder is one row: the caption follows it after one blank row.
        let lines: Vec<&str> = screen.lines().collect();
        let at = lines
            .iter()
            .position(|l| l.contains("[image: A map of Europe]"))
            .unwrap();
        assert!(lines[at + 2].contains("Europe in 1917"), "{screen}");
        t.keys(&["q"]);
        t.assert_terminal_restored();
        assert_eq!(t.images_sent(), 0, "kitty {kitty}, {args:?}");
    }
}

#[test]
fn enter_on_the_page_of_a_figure_hands_the_picture_to_the_viewer() {
    let t = Pane::new(100, 30);
    let (path, picture) = figure_book(&t);
    // A viewer that keeps what it is given.
    let viewed = t.dir.path().join("viewed.png");
    t.gloss_env(&t.viewer("viewed.png"), &[path.to_str().unwrap()]);
    t.wait_for("[image: A map of Europe]");
    t.keys(&["Enter"]);
    t.wait_for("opened in the viewer");
    let shown = eventually("the viewer to get the picture", || {
        std::fs::read(&viewed).map_err(|err| err.to_string())
    });
    assert_eq!(shown, picture);
    t.keys(&["q"]);
    t.assert_terminal_restored();
}

#[test]
fn a_book_of_picture_pages_shows_no_bytes_and_counts_no_words() {
    // A comic as the IDPF's haruko samples are made: the spine lists the pictures themselves.
    let page = png(60, 90);
    let opf = r#"<?xml version="1.0"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>A Comic</dc:title></metadata>
<manifest>
  <item id="p1" href="p1.png" media-type="image/png"/>
  <item id="p2" href="p2.png" media-type="image/png"/>
  <item id="p3" href="p3.png" media-type="image/png"/>
</manifest>
<spine><itemref idref="p1"/><itemref idref="p2"/><itemref idref="p3"/></spine></package>"#;
    let bytes = book::zip(&[
        ("mimetype", b"application/epub+zip"),
        ("META-INF/container.xml", book::CONTAINER.as_bytes()),
        ("OEBPS/content.opf", opf.as_bytes()),
        ("OEBPS/p1.png", &page),
        ("OEBPS/p2.png", &page),
        ("OEBPS/p3.png", &page),
    ]);
    let t = Pane::new(80, 24);
    let path = t.dir.path().join("comic.epub");
    std::fs::write(&path, bytes).unwrap();
    t.gloss(&[path.to_str().unwrap()]);
    let screen = t.wait_for("[image: p1.png]");
    for bytes in ["PNG", "IHDR", "IDAT", "\u{fffd}"] {
        assert!(!screen.contains(bytes), "{bytes:?} on screen:\n{screen}");
    }
    assert!(screen.contains("[image: p3.png]"), "{screen}");
    t.keys(&["q"]);
    t.assert_terminal_restored();
    let out = run_gloss(&t.db(), &["list", "--json"]);
    let listed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let comic = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["title"] == "A Comic")
        .expect("the comic is in the library");
    assert_eq!(comic["words"], 0, "{comic}");
}
