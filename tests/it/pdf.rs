//! PDFs as readers study them: a corpus of real files (tests/fixtures/pdf, origins and
//! licences in its README) whose text gloss shows is scored against Poppler's `pdftotext` as
//! bags of words; running heads left out, words broken at a line's end made whole, encrypted
//! and scanned files refused with their reason, fuzzed files an error and never a crash.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use gloss::document::{Document, Format};

use crate::support::{Pane, highlighted, run_gloss};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/pdf")
        .join(name)
}

/// The files read for their text, and the ones refused (with a word of the reason).
const READ: &[&str] = &[
    "multicolumn.pdf",
    "pdflatex-outline.pdf",
    "pdflatex-4-pages.pdf",
    "pdflatex-image.pdf",
    "habibi.pdf",
    "tracemonkey.pdf",
    "ArabicCIDTrueType.pdf",
    "90ms_rksj_h_sample.pdf",
    "vertical.pdf",
    "bad-PageLabels.pdf",
    "Adventures-Of-Sherlock-Holmes.pdf",
    "The-Man-Without-A-Body.pdf",
    "Closed-Syllables.pdf",
];
const REFUSED: &[(&str, &str)] = &[
    ("libreoffice-writer-password.pdf", "encrypted"),
    ("imagemagick-images.pdf", "no text"),
];
const FUZZED: &[&str] = &[
    "GHOSTSCRIPT-698804-1-fuzzed.pdf",
    "poppler-937-0-fuzzed.pdf",
    "poppler-395-0-fuzzed.pdf",
    "poppler-742-0-fuzzed.pdf",
];

/// Poppler's text of a file, a page a string; `None` (the test skipped, but in CI, whose
/// `.ci/run` installs it) without `pdftotext`.
fn pdftotext(path: &Path) -> Option<Vec<String>> {
    match Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .output()
    {
        Ok(out) if out.status.success() => Some(
            String::from_utf8_lossy(&out.stdout)
                .split('\u{c}')
                .map(str::to_string)
                .collect(),
        ),
        _ => {
            let missing = "pdftotext (Poppler) is not installed: `apt install poppler-utils`";
            assert!(std::env::var_os("CI").is_none(), "{missing}");
            eprintln!("skipped: {missing}");
            None
        }
    }
}

/// A text's words, lower case, with how often each comes.
fn bag(text: &str) -> HashMap<String, usize> {
    let mut words = HashMap::new();
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        *words.entry(word.to_lowercase()).or_insert(0) += 1;
    }
    words
}

/// The share of `reference`'s words that `shown` has, and the share of `shown`'s that
/// `reference` lacks.
fn recall_and_junk(shown: &str, reference: &str) -> (f64, f64) {
    let (ours, theirs) = (bag(shown), bag(reference));
    let common: usize = theirs
        .iter()
        .map(|(w, n)| (*n).min(ours.get(w).copied().unwrap_or(0)))
        .sum();
    let total = |bag: &HashMap<String, usize>| bag.values().sum::<usize>().max(1) as f64;
    (
        common as f64 / total(&theirs),
        1.0 - common as f64 / total(&ours),
    )
}

/// Lines that stand first or last on at least three of Poppler's pages: running heads and
/// feet (numbers aside).
fn running_lines(pages: &[String]) -> Vec<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for page in pages {
        let lines: Vec<&str> = page.lines().filter(|l| !l.trim().is_empty()).collect();
        let ends = [lines.first(), lines.last()];
        let mut keys: Vec<String> = ends
            .into_iter()
            .flatten()
            .map(|l| {
                l.trim()
                    .trim_matches(|c: char| c.is_ascii_digit() || c == ' ')
            })
            .filter(|l| l.chars().filter(|c| c.is_alphabetic()).count() >= 6)
            .map(str::to_string)
            .collect();
        keys.dedup();
        for key in keys {
            *seen.entry(key).or_insert(0) += 1;
        }
    }
    seen.into_iter()
        .filter(|(_, n)| *n >= 3)
        .map(|(line, _)| line)
        .collect()
}

/// Words Poppler shows broken at a line's end (`infor-` then `mation`) whose whole form it
/// also shows elsewhere: a real word, that gloss must show whole.
fn broken_words(pages: &[String]) -> Vec<String> {
    let all = pages.concat();
    let words = bag(&all);
    let lines: Vec<&str> = all.lines().collect();
    lines
        .windows(2)
        .filter_map(|pair| {
            let left = pair[0].trim_end().strip_suffix('-')?;
            let left = left.rsplit(' ').next()?;
            let right: String = pair[1]
                .trim_start()
                .chars()
                .take_while(|c| c.is_alphabetic())
                .collect();
            let whole = format!("{left}{right}");
            let plain = left.chars().all(char::is_alphabetic) && !right.is_empty();
            (plain
                && right.starts_with(char::is_lowercase)
                && words.contains_key(&whole.to_lowercase()))
            .then_some(whole)
        })
        .collect()
}

fn shown(doc: &Document) -> String {
    doc.blocks
        .iter()
        .map(|b| doc.text(b))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_corpus_of_real_pdfs_reads_as_poppler_reads_it() {
    let mut recalls = Vec::new();
    let mut junks = Vec::new();
    let mut report = String::new();
    for name in READ {
        let path = fixture(name);
        let doc = Document::open(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(doc.format, Format::PDF);
        assert!(!doc.pages.is_empty(), "{name}: no pages");
        let Some(pages) = pdftotext(&path) else {
            return;
        };
        let text = shown(&doc);
        let (recall, junk) = recall_and_junk(&text, &pages.concat());
        report.push_str(&format!("{name}: recall {recall:.3}, junk {junk:.3}\n"));
        recalls.push(recall);
        junks.push(junk);
        for line in running_lines(&pages) {
            let times = text.matches(line.as_str()).count();
            assert!(
                times <= 2,
                "{name}: the running line {line:?} shown {times} times"
            );
        }
        for word in broken_words(&pages) {
            assert!(text.contains(&word), "{name}: {word:?} is not shown whole");
        }
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (recall, junk) = (median(&mut recalls), median(&mut junks));
    eprintln!("{report}median recall {recall:.3}, median junk {junk:.3}");
    assert!(recall >= 0.95, "{report}median recall {recall:.3}");
    assert!(junk <= 0.05, "{report}median junk {junk:.3}");
}

#[test]
fn a_paper_in_two_columns_is_read_column_by_column_across_pages() {
    let doc = Document::open(&fixture("multicolumn.pdf")).unwrap();
    let text = shown(&doc);
    // The first column's end and the second's start, on the first page, are one paragraph;
    // the first page's last sentence goes on at the top of the second.
    assert!(
        text.contains(
            "Cras viverra metus rhoncus sem. Nulla et lectus vestibulum urna fringilla ultrices."
        ),
        "{text}"
    );
    assert!(
        text.contains("Nam feugiat lacus vel est. Curabitur consectetuer."),
        "{text}"
    );
    assert_eq!(doc.title, "Two-Column Document with Lorem Ipsum");
    // Page numbers are furniture: no block is a bare number.
    assert!(
        doc.blocks
            .iter()
            .all(|b| doc.text(b).parse::<u32>().is_err())
    );
    assert_eq!(doc.pages.len(), 3);
    assert!(doc.pages.windows(2).all(|p| p[0].start < p[1].start));
}

#[test]
fn a_book_has_its_outline_for_contents_and_its_printed_page_names() {
    let doc = Document::open(&fixture("Adventures-Of-Sherlock-Holmes.pdf")).unwrap();
    let titles: Vec<&str> = doc.contents.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles[0], "A Scandal In Bohemia", "{titles:?}");
    assert_eq!(titles.len(), 12, "{titles:?}");
    let start = doc.contents[0].start;
    // The chapter's page: "Adventure I", then its title.
    let opening: String = doc.content[start..].chars().take(40).collect();
    assert!(opening.contains("A Scandal In Bohemia"), "{opening}");
    assert_eq!(doc.pages.len(), 201);
    assert_eq!(doc.author.as_deref(), Some("Arthur Conan Doyle"));
    // The book numbers its pages from its text: the file's first pages bear other names.
    let labels: Vec<&str> = doc.pages.iter().map(|p| p.label.as_str()).collect();
    assert_ne!(labels, (1..=201).map(|i| i.to_string()).collect::<Vec<_>>());
}

#[test]
fn encrypted_and_scanned_pdfs_are_refused_with_their_reason_and_not_added() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gloss.db");
    for (name, reason) in REFUSED {
        let err = Document::open(&fixture(name)).unwrap_err().to_string();
        assert!(err.contains(reason), "{name}: {err}");
        let out = run_gloss(&db, &[fixture(name)]);
        assert!(!out.status.success(), "{name}");
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(said.contains(reason), "{name}: {said}");
        assert_eq!(said.lines().count(), 1, "{said}");
    }
    let list = run_gloss(&db, &["list"]);
    let listed = String::from_utf8_lossy(&list.stdout);
    assert!(
        !listed.contains("password") && !listed.contains("imagemagick"),
        "{listed}"
    );
}

#[test]
fn fuzzed_pdfs_are_an_error_or_text_never_a_crash_or_a_hang() {
    for name in FUZZED {
        let started = Instant::now();
        let result = std::panic::catch_unwind(|| Document::open(&fixture(name)).map(|d| d.chars));
        assert!(result.is_ok(), "{name}: gloss panicked");
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{name}: {:?}",
            started.elapsed()
        );
    }
    // The program on them: one line of error or the text, never a panic's message.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gloss.db");
    for name in FUZZED {
        let out = run_gloss(&db, &["notes", fixture(name).to_str().unwrap()]);
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(!said.contains("panicked"), "{name}: {said}");
        assert!(said.lines().count() <= 1, "{name}: {said}");
    }
    // Bytes that only start as a PDF.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken");
    let mut bytes = b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n".to_vec();
    bytes.extend((0..20_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8));
    std::fs::write(&path, bytes).unwrap();
    assert_eq!(
        Format::of_file(&path),
        Format::PDF,
        "known by its first bytes"
    );
    let err = Document::open(&path).unwrap_err().to_string();
    assert!(err.contains("PDF"), "{err}");
}

/// The clipboard, as the program last set it (OSC 52, base64).
fn clipboard(t: &Pane) -> String {
    use base64::Engine;
    let sent = base64::engine::general_purpose::STANDARD
        .decode(t.clipboard().as_bytes())
        .expect("base64");
    String::from_utf8(sent).unwrap()
}

#[test]
fn a_two_column_paper_highlighted_across_a_column_and_a_page_is_cited_by_its_page() {
    let t = Pane::new(100, 30);
    let paper = fixture("multicolumn.pdf");
    let paper = paper.to_str().unwrap();
    t.gloss(&[paper]);
    t.wait_for("Two-Column Document with Lorem Ipsum");
    // The sentence ends the first page's second column and goes on at the top of the
    // second page's first.
    t.keys(&["/"]);
    t.keys(&["-l", "Nam feugiat"]);
    // Every letter typed, the search done (not "1 of 1+") and its match on the page.
    t.wait_until("the match, on the page", |s| {
        s.contains("/Nam feugiat") && s.contains("match 1 of 1 ·")
    });
    // After the search, the cursor comes up on the match: v selects from there.
    t.keys(&["Enter", "v", ")", "H"]);
    t.wait_for("highlighted");
    t.keys(&["Y"]);
    t.wait_for("as a citation");
    assert_eq!(
        clipboard(&t),
        "“Nam feugiat lacus vel est.” — Two-Column Document with Lorem Ipsum, “Abstract”, pp. 1–2."
    );
    t.keys(&["a"]);
    t.wait_for("Note on");
    t.keys(&["-l", "Crosses a column and a page."]);
    t.keys(&["C-s"]);
    t.wait_for("note saved");
    let place = t.wait_for("p. 1 · page");
    let status = place.lines().last().unwrap().to_string();
    t.keys(&["Escape", "Escape"]);
    t.wait_until("the highlight, the search gone", |_| {
        highlighted(&t) == "Nam feugiat lacus vel est."
    });
    t.keys(&["q"]);
    t.assert_terminal_restored();

    let export = t.dir.path().join("notes.md");
    let out = run_gloss(&t.db(), &["export", "-o", export.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let markdown = std::fs::read_to_string(&export).unwrap();
    assert!(
        markdown.contains("> Nam feugiat lacus vel est."),
        "{markdown}"
    );
    assert!(
        markdown.contains("Crosses a column and a page."),
        "{markdown}"
    );
    assert!(markdown.contains("· pp. 1–2"), "{markdown}");

    // Reopened at the same place, the same words highlighted.
    t.type_line("clear");
    t.gloss(&[paper]);
    let screen = t.wait_for("p. 1 · page");
    let page = |s: &str| {
        s.split(" · ")
            .find(|f| f.starts_with("page "))
            .map(str::to_string)
    };
    assert_eq!(
        page(screen.lines().last().unwrap()),
        page(&status),
        "{screen}"
    );
    t.wait_until("the highlight", |_| {
        highlighted(&t) == "Nam feugiat lacus vel est."
    });
    t.keys(&["q"]);
    t.assert_terminal_restored();
}

#[test]
fn a_pdf_read_once_is_kept_and_reopened_without_reading_its_pages() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.pdf");
    std::fs::copy(fixture("Adventures-Of-Sherlock-Holmes.pdf"), &path).unwrap();
    let mut store = gloss::store::Store::open(&dir.path().join("gloss.db")).unwrap();
    let first = gloss::library::open_file(&mut store, &path, 0).unwrap();
    // Other bytes under the same length, time and inode: only the kept text reads as the book.
    let meta = std::fs::metadata(&path).unwrap();
    let modified = meta.modified().unwrap();
    let mut file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
    file.write_all(&vec![b'x'; meta.len() as usize]).unwrap();
    file.set_modified(modified).unwrap();
    let again = gloss::library::open_file(&mut store, &path, 1).unwrap();
    assert_eq!(again.doc.hash, first.doc.hash);
    assert_eq!(again.doc.contents, first.doc.contents);
    assert_eq!(again.doc.pages, first.doc.pages);
    assert_eq!(again.entry.id, first.entry.id);
    // The file changed (another time): it is read again, and these bytes are no PDF.
    file.set_modified(modified + Duration::from_secs(1))
        .unwrap();
    match gloss::library::open_file(&mut store, &path, 2) {
        Ok(_) => panic!("a changed file was not read again"),
        Err(err) => assert!(err.to_string().contains("PDF"), "{err}"),
    }
}

#[test]
fn a_figure_stands_where_it_is_drawn_as_a_placeholder_and_no_words() {
    let doc = Document::open(&fixture("pdflatex-image.pdf")).unwrap();
    let blocks: Vec<(gloss::document::BlockKind, &str)> =
        doc.blocks.iter().map(|b| (b.kind, doc.text(b))).collect();
    let figure = blocks
        .iter()
        .position(|(kind, _)| *kind == gloss::document::BlockKind::Image)
        .expect("the figure is placed");
    assert_eq!(blocks[figure].1, "[image]");
    assert!(blocks[figure - 1].1.ends_with("ea rebum."), "{blocks:?}");
    assert!(
        blocks[figure + 1].1.starts_with("Stet clita kasd"),
        "{blocks:?}"
    );
    let words: u64 = doc
        .content
        .split_whitespace()
        .filter(|w| *w != "[image]")
        .count() as u64;
    assert_eq!(doc.words(), words, "a picture is no words");
    // Its image is read out of the file, at the size the page says, for the terminal to draw.
    let start = doc.blocks[figure].start();
    let picture = doc.picture_at(start).expect("the figure is a picture");
    let (w, h) = picture.size.expect("its size is known");
    let png = doc
        .read_picture(&fixture("pdflatex-image.pdf"), picture)
        .unwrap();
    let decoded = image::load_from_memory(&png).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (w, h));
}

/// A paper's footnotes (tracemonkey has two) are notes placed after the paragraph they
/// interrupt, and the marks in the text lead to them (Enter shows one, `f` goes to it).
#[test]
fn a_paper_s_footnotes_are_notes_that_its_marks_lead_to() {
    let doc = Document::open(&fixture("tracemonkey.pdf")).unwrap();
    let notes: Vec<(&str, String)> = doc
        .notes
        .iter()
        .map(|n| {
            let note = &doc.content[n.note.clone()];
            (
                &doc.content[n.start..n.end],
                note.chars().take(30).collect(),
            )
        })
        .collect();
    assert_eq!(
        notes,
        [
            ("1", "1 Arrays are actually worse th".to_string()),
            ("2", "2 Instead of aborting the oute".to_string())
        ]
    );
    // A mark follows its word, as printed.
    let before = &doc.content[..doc.notes[1].end];
    assert!(
        before.ends_with("start recording the inner loop.2"),
        "{}",
        &before[before.len() - 60..]
    );
    for note in &doc.notes {
        let block = &doc.blocks[doc.block_at(note.note.start)];
        assert_eq!(block.kind, gloss::document::BlockKind::Note);
    }
}

/// The library's `o` prompt names the formats of the table, completes a PDF's name, and
/// opens it.
#[test]
fn the_library_opens_a_pdf_from_its_prompt() {
    let t = Pane::new(100, 30);
    t.gloss(&[]);
    t.wait_for("Library");
    t.keys(&["o"]);
    t.wait_for("Open a file (.txt .md .epub .html .pdf):");
    let folder = fixture("");
    t.keys(&[
        "-l",
        &format!(
            "{}/multicol",
            folder.to_str().unwrap().trim_end_matches('/')
        ),
    ]);
    t.keys(&["Tab"]);
    t.wait_for("multicolumn.pdf");
    t.keys(&["Enter"]);
    t.wait_until("the paper", |s| {
        s.contains("Two-Column Document with Lorem Ipsum") && s.contains("p. 1 · page 1 of")
    });
    t.keys(&["q"]);
    t.assert_terminal_restored();
    let list = run_gloss(&t.db(), &["list"]);
    assert!(String::from_utf8_lossy(&list.stdout).contains("Two-Column Document"));
}

/// Arabic drawn a word a run reads from its right end, in the order Poppler gives.
#[test]
fn a_right_to_left_line_reads_in_poppler_s_order() {
    let path = fixture("ArabicCIDTrueType.pdf");
    let doc = Document::open(&path).unwrap();
    let Some(pages) = pdftotext(&path) else {
        return;
    };
    let theirs: String = pages
        .concat()
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap()
        .chars()
        .filter(|c| !('\u{202a}'..='\u{202e}').contains(c))
        .collect();
    let ours = doc.text(&doc.blocks[0]);
    assert!(
        ours.starts_with(theirs.trim()),
        "{ours:?} against {theirs:?}"
    );
}
