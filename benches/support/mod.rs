//! Shared by the benchmarks: the 50 MB test text, made of the bundled texts repeated, and a
//! long text with 10,000 highlights.

#![allow(dead_code)] // each benchmark uses its own subset

pub mod members;

#[path = "../../tests/it/support/book.rs"]
pub mod book;

use std::path::{Path, PathBuf};

use gloss::anchor::Anchor;
use gloss::document::Document;
use gloss::library;
use gloss::store::Store;

pub const TARGET_BYTES: usize = 50 * 1024 * 1024;

/// The bundled texts' files, in order.
pub fn bundled_texts() -> Vec<PathBuf> {
    let texts = Path::new(env!("CARGO_MANIFEST_DIR")).join("texts");
    let mut names: Vec<PathBuf> = std::fs::read_dir(texts)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    names
}

/// Writes (once) and returns a text of about 50 MB: the bundled texts, repeated.
pub fn fifty_megabytes() -> PathBuf {
    megabytes_of_text(TARGET_BYTES >> 20)
}

/// Writes (once) and returns a text of about `mb` MB: the bundled texts, repeated.
pub fn megabytes_of_text(mb: usize) -> PathBuf {
    let bytes = mb << 20;
    let path = std::env::temp_dir().join(format!("gloss-bench-{mb}mb.txt"));
    if std::fs::metadata(&path).is_ok_and(|m| m.len() as usize >= bytes) {
        return path;
    }
    let mut one_round = Vec::new();
    for name in bundled_texts() {
        one_round.extend(std::fs::read(name).unwrap());
        one_round.extend(b"\n\n");
    }
    let mut all = Vec::with_capacity(bytes + one_round.len());
    while all.len() < bytes {
        all.extend_from_slice(&one_round);
    }
    std::fs::write(&path, all).unwrap();
    path
}

/// Chapters of [`fifty_megabyte_book`].
pub const CHAPTERS: usize = 300;

/// Writes (once) and returns a generated EPUB of 300 chapters and about 50 MB of text (the
/// bundled texts' paragraphs, repeated).
pub fn fifty_megabyte_book() -> PathBuf {
    let path = std::env::temp_dir().join("gloss-bench-50mb.epub");
    if path.exists() {
        return path;
    }
    let text = std::fs::read_to_string(fifty_megabytes()).unwrap();
    let paragraphs: Vec<&str> = text.lines().filter(|l| l.len() > 40).collect();
    let per_chapter = TARGET_BYTES / CHAPTERS;
    let mut bodies = Vec::with_capacity(CHAPTERS);
    let mut next = paragraphs.iter().cycle();
    for n in 1..=CHAPTERS {
        let mut body = format!("<h1>Chapter {n}</h1>\n");
        while body.len() < per_chapter {
            let p = next.next().unwrap();
            let escaped = p.replace('&', "&amp;").replace('<', "&lt;");
            body.push_str(&format!("<p>{escaped}</p>\n"));
        }
        bodies.push(body);
    }
    let titles: Vec<String> = (1..=CHAPTERS).map(|n| format!("Chapter {n}")).collect();
    let chapters: Vec<book::Chapter<'_>> = titles
        .iter()
        .zip(&bodies)
        .map(|(title, body)| book::Chapter { title, body })
        .collect();
    std::fs::write(
        &path,
        book::epub3("A Long Book", "Gloss Benchmarks", &chapters),
    )
    .unwrap();
    path
}

pub const HIGHLIGHTS: usize = 10_000;

/// A text of about 1.5 MB (a long essay, repeated), written once.
pub fn text() -> PathBuf {
    let path = std::env::temp_dir().join("gloss-bench-annotated.txt");
    if !path.exists() {
        let essay = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/texts/the-russian-revolution-and-the-rise-of-stalinism.txt"
        ))
        .unwrap();
        std::fs::write(&path, essay.repeat(17)).unwrap();
    }
    path
}

/// Puts the text in `store` with 10,000 highlights spread over it, one word to a dozen each.
pub fn annotated_store(store: &mut Store, path: &Path) {
    let opened = library::open_file(store, path, 0).unwrap();
    let doc: &Document = &opened.doc;
    // Blanks (one byte each: spaces and line breaks) separate the words.
    let blanks: Vec<usize> = doc
        .content
        .match_indices([' ', '\n'])
        .map(|(i, _)| i)
        .collect();
    let step = blanks.len() / HIGHLIGHTS;
    for n in 0..HIGHLIGHTS {
        let start = blanks[n * step] + 1;
        let end = blanks[(n * step + 1 + n % 12).min(blanks.len() - 1)];
        if end <= start {
            continue;
        }
        let anchor = Anchor::new(&doc.content, start..end, doc.char_of(start));
        let note = if n % 10 == 0 {
            "A note to think about #later"
        } else {
            ""
        };
        store
            .add_annotation(
                opened.entry.id,
                &anchor,
                (n % 5 + 1) as u8,
                note,
                &doc.content,
                0,
            )
            .unwrap();
    }
}

/// Draws the reader's page as the program does, into a test terminal.
pub fn draw_page(
    terminal: &mut ratatui::Terminal<ratatui::backend::TestBackend>,
    reader: &gloss::app::reader::Reader,
    g: gloss::app::Geometry,
) {
    draw_marked_page(terminal, reader, &gloss::app::marks::Marks::default(), g);
}

/// [`draw_page`] with these annotations on the text.
pub fn draw_marked_page(
    terminal: &mut ratatui::Terminal<ratatui::backend::TestBackend>,
    reader: &gloss::app::reader::Reader,
    marks: &gloss::app::marks::Marks,
    g: gloss::app::Geometry,
) {
    let keys = gloss::app::keymap::Keymap::default();
    let audience = gloss::share::scope::Audience::default();
    let view = gloss::tui::view::PageView {
        reader,
        marks,
        audience: &audience,
        find: None,
        match_shown: false,
        opening: None,
        part: false,
        g,
        message: None,
        keys: &keys,
        visual_order: true,
        first_hint: false,
    };
    terminal
        .draw(|frame| gloss::tui::view::draw_reader(frame, &view))
        .unwrap();
}

/// This process's peak resident set, in KB (VmHWM).
pub fn peak_kb() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next())
        .unwrap()
        .to_string()
}

/// What `work` gives, and the peak resident memory it adds to this process, in MB.
pub fn peak_added_mb<T>(work: impl FnOnce() -> T) -> (T, f64) {
    let before = status_kb("VmRSS:") as f64;
    // Linux resets the high-water mark to the current resident set.
    std::fs::write("/proc/self/clear_refs", "5").unwrap();
    let done = work();
    (done, (status_kb("VmHWM:") as f64 - before) / 1024.0)
}

/// A field of this process's `/proc/self/status`, in KB.
pub fn status_kb(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap()
}

/// The peak of this process's private memory (anonymous pages: what it allocated, not the
/// program's own code, which is mapped from its file and shared), sampled every millisecond
/// from now until the returned function is called, which gives it in KB.
pub fn private_peak_kb() -> impl FnOnce() -> u64 {
    use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
    let peak = std::sync::Arc::new(AtomicU64::new(0));
    let stop = std::sync::Arc::new(AtomicBool::new(false));
    let (p, s) = (std::sync::Arc::clone(&peak), std::sync::Arc::clone(&stop));
    let sampler = std::thread::spawn(move || {
        while !s.load(Ordering::Relaxed) {
            p.fetch_max(status_kb("RssAnon:"), Ordering::Relaxed);
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
    });
    move || {
        stop.store(true, Ordering::Relaxed);
        sampler.join().unwrap();
        peak.load(Ordering::Relaxed).max(status_kb("RssAnon:"))
    }
}

/// Runs this benchmark again as `child PATH` in a fresh process (so that its peak memory is its
/// own) and returns what it printed.
/// What a child process measures: a long file of `format` opened as a reader gets it (its
/// first page drawn while the rest is read), then read whole and drawn at the place `then`
/// names; prints the peak memory (KB) and the text's length.
pub fn read_in_child(format: gloss::document::Format, then: fn(&Document) -> usize) {
    use gloss::app::Geometry;
    use gloss::app::reader::Reader;
    use gloss::document::Opening;
    use std::sync::Arc;
    let path = std::env::args().nth(2).unwrap();
    let opening = Document::open_from(Path::new(&path), format, 0, None).unwrap();
    let Opening::Begun(beginning, mut rest) = opening else {
        panic!("a long file opens in two steps");
    };
    let g = Geometry::new(120, 40, 80);
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).unwrap();
    let mut reader = Reader::new(Arc::new(beginning), 0, g.text_width, g.page_height);
    draw_page(&mut terminal, &reader, g);
    let doc = Arc::new(rest.wait().unwrap());
    reader.extend_document(Arc::clone(&doc));
    reader.jump_to(then(&doc));
    draw_page(&mut terminal, &reader, g);
    println!("{} {}", peak_kb(), doc.content.len());
}

pub fn in_child(path: &Path) -> String {
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .arg("child")
        .arg(path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}
