//! Properties of pagination over random texts, widths and heights: paging forward covers every
//! character exactly once and in order, paging back retraces the same pages, every line fits.

use std::sync::Arc;

use gloss::app::reader::Reader;
use gloss::document::{BlockKind, Document, Format};
use gloss::layout::{QUOTE_BAR_WIDTH, Row};
use proptest::prelude::*;

use crate::support;
use gloss::layout::cells;
use unicode_segmentation::UnicodeSegmentation;

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => "[a-zA-Z]{1,12}[.,;:!?]?",
        1 => "[a-z]{20,90}",                         // longer than narrow lines
        1 => "[a-z]{2,6}-[a-z]{2,8}",                // hyphen breaks
        1 => "[\u{4e00}-\u{4e80}]{1,20}",            // CJK, wide, no spaces
        1 => prop::sample::select(vec!["😀", "🎉🎉", "👩‍👩‍👧", "e\u{301}te\u{301}", "Díaz", "“quoted”", "Stalin’s", "—"])
            .prop_map(str::to_string),
    ]
}

/// Words of every script, as books write them: Arabic with lam-alef (`لا`, one ligature, two
/// cells in a terminal), Persian and Urdu, Hebrew with points, Devanagari conjuncts, Thai with
/// its marks, Chinese and Japanese, combining marks, emoji joined and flags.
fn script_word() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "سلام",
            "لا",
            "الإسلام",
            "فلسطين،",
            "يمكنها",
            "أن",
            "کتابخانه",
            "پاکستان",
            "اللّٰه",
            "שָׁלוֹם",
            "עִבְרִית",
            "हिन्दी",
            "क्षत्रिय",
            "संस्कृतम्",
            "ภาษาไทย",
            "กรุงเทพมหานคร",
            "日本語の文章",
            "山路を登りながら",
            "中国共产党的历史",
            "한국어",
            "e\u{301}te\u{301}",
            "n\u{303}a\u{308}",
            "👩\u{200d}👩\u{200d}👧",
            "❤\u{fe0f}",
            "🇫🇷🇯🇵",
            "👍🏽",
            "Ω≈ç√",
        ])
        .prop_map(str::to_string),
        (1u32..200).prop_map(|n| format!("سلام{n}")),
    ]
}

fn script_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::collection::vec(script_word(), 1..40), 1..8).prop_map(|paras| {
        paras
            .into_iter()
            .map(|words| words.join(" "))
            .collect::<Vec<_>>()
            .join("\n\n")
    })
}

fn paragraph() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => prop::collection::vec(word(), 1..60).prop_map(|w| w.join(" ")),
        1 => "[A-Z][a-z]{2,10}( [A-Z][a-z]{2,10}){0,4}",    // heading-like
        1 => (1u32..20, prop::collection::vec(word(), 1..20))
            .prop_map(|(n, w)| format!("{n}. {}", w.join(" "))),
        // What is not prose: verse, indented lines, tables, a book's headings, boilerplate.
        1 => prop::collection::vec(("( {0,6})", prop::collection::vec(word(), 1..8)), 2..6)
            .prop_map(|lines| lines.into_iter().map(|(indent, w)| indent + &w.join(" ")).collect::<Vec<_>>().join("\n")),
        1 => prop::collection::vec(prop::collection::vec(word(), 2..5), 2..5)
            .prop_map(|rows| rows.into_iter().map(|cells| format!("  {}", cells.join("     "))).collect::<Vec<_>>().join("\n")),
        1 => prop::sample::select(vec![
            "CHAPTER IV.", "BOOK II", "XIV", "THE END OF IT", ", ,", "Leave a Reply", "* * *",
            "*** START OF THE PROJECT GUTENBERG EBOOK X ***", "*** END OF THE PROJECT GUTENBERG EBOOK X ***",
        ]).prop_map(str::to_string),
    ]
}

/// A text hard-wrapped at `width` columns, as books from Project Gutenberg are.
fn hard_wrapped() -> impl Strategy<Value = String> {
    (text(), 30usize..90).prop_map(|(text, width)| {
        text.split("\n\n")
            .map(|p| {
                if p.contains("  ") {
                    p.to_string()
                } else {
                    textwrap::fill(p, width)
                }
            })
            .collect::<Vec<_>>()
            .join("\n\n")
    })
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            paragraph(),
            prop::sample::select(vec!["\n", "\n\n", "\n\n\n"]),
        ),
        0..25,
    )
    .prop_map(|parts| parts.into_iter().map(|(p, sep)| p + sep).collect())
}

fn markdown() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            prop::sample::select(vec!["", "# ", "## ", "> ", "- ", "1. ", "    ", "> > "]),
            paragraph(),
        ),
        0..20,
    )
    .prop_map(|parts| {
        parts
            .into_iter()
            .map(|(prefix, p)| format!("{prefix}{p}\n\n"))
            .collect()
    })
}

/// Pages forward from the start to the end, then back; checks the properties; returns the
/// number of pages.
fn check(doc: Arc<Document>, width: u16, height: u16) -> usize {
    let mut reader = Reader::new(Arc::clone(&doc), 0, width, height);
    let mut forward: Vec<Vec<Row>> = vec![reader.page().to_vec()];
    while !reader.at_end() {
        reader.next_page();
        forward.push(reader.page().to_vec());
        assert!(
            forward.len() <= doc.content.len() + 2,
            "paging does not advance"
        );
    }
    let rows: Vec<Row> = forward.concat();
    // Every character exactly once, in order.
    let mut at = 0;
    for row in &rows {
        assert_eq!(row.start, at, "gap or overlap before {row:?}");
        assert!(row.end > row.start || doc.content.is_empty());
        at = row.end;
    }
    assert_eq!(at, doc.content.len());
    // Every page but the last is full, and every line fits the column.
    for page in &forward[..forward.len() - 1] {
        assert_eq!(page.len(), usize::from(height));
    }
    // Preformatted lines are kept whole (the view clips and scrolls them), and boilerplate is
    // one collapsed row.
    for row in rows.iter().filter(|r| !r.gap) {
        let block = &doc.blocks[row.pos.block];
        if block.kind.is_preformatted() {
            let line = &doc.content[row.start..row.end];
            assert!(
                !line.trim_end_matches('\n').contains('\n'),
                "{line:?} holds two lines"
            );
            continue;
        }
        if block.kind == BlockKind::Boilerplate {
            continue;
        }
        // Measured as the test terminal draws it: each character's own width.
        let text = doc.content[row.start..row.end].trim_end();
        let used = usize::from(row.indent)
            + usize::from(block.quote_depth) * usize::from(QUOTE_BAR_WIDTH)
            + cells(text);
        assert!(
            used <= usize::from(width),
            "{text:?} needs {used} cells of {width}"
        );
    }
    // Lines break between words; inside a word only where it must (a word wider than the line)
    // or may (a Unicode line-break opportunity, or after a hyphen).
    for pair in rows.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        if a.gap || b.gap || a.pos.block != b.pos.block {
            continue;
        }
        if doc.blocks[a.pos.block].kind.is_preformatted() {
            continue;
        }
        let line = &doc.content[a.start..a.end];
        let at_blank = line.ends_with([' ', '\n']);
        // Forced: the word cut here (as the layout finds words, by Unicode line breaking) is
        // wider than the next line can hold.
        let block = &doc.blocks[b.pos.block];
        let room = usize::from(width)
            - usize::from(b.indent)
            - usize::from(block.quote_depth) * usize::from(QUOTE_BAR_WIDTH);
        let next = &doc.content[b.start..b.end];
        let next = &next[..next.find('\n').unwrap_or(next.len())];
        let joined = format!("{line}{next}");
        let mut at = 0;
        let cut = textwrap::WordSeparator::UnicodeBreakProperties
            .find_words(&joined)
            .find_map(|w| {
                let start = at;
                at += w.word.len() + w.whitespace.len();
                (start < line.len() && line.len() < start + w.word.len()).then_some(w.word)
            })
            .unwrap_or("");
        let tail = line.rsplit(' ').next().unwrap_or("");
        let head = next.split(' ').next().unwrap_or("");
        let word = format!("{tail}{head}");
        let forced = cells(cut) > room || cells(&word) > room;
        let may_break = support::may_break(&word, tail.len());
        assert!(
            at_blank || may_break || forced,
            "{line:?} breaks inside a word"
        );
    }
    // A grapheme is never cut between rows, unless it is wider than the line (emoji joined
    // into a family, drawn apart).
    for pair in rows.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        if a.gap || b.gap || a.pos.block != b.pos.block {
            continue;
        }
        let block = &doc.blocks[a.pos.block];
        let text = doc.text(block);
        let cut = a.end - block.start();
        let holding = text
            .grapheme_indices(true)
            .find(|&(at, g)| at < cut && cut < at + g.len());
        if let Some((_, grapheme)) = holding {
            // The narrowest line of the block: a word is broken to fit it.
            let room = usize::from(width)
                - usize::from(a.indent.max(b.indent))
                - usize::from(block.quote_depth) * usize::from(QUOTE_BAR_WIDTH);
            assert!(
                cells(grapheme) > room,
                "{grapheme:?} cut between rows at width {width}"
            );
        }
    }
    // Paging back retraces the same pages.
    let mut backward = vec![reader.page().to_vec()];
    while !reader.at_start() {
        reader.prev_page();
        backward.push(reader.page().to_vec());
    }
    backward.reverse();
    assert_eq!(backward, forward);
    forward.len()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn every_script_keeps_every_grapheme_in_its_column(text in script_text(), width in 4u16..100, height in 1u16..30) {
        check(Arc::new(Document::from_text(&text, "scripts.txt", Format::TEXT)), width, height);
    }

    #[test]
    fn plain_text_pages_cover_everything_once(text in text(), width in 8u16..120, height in 1u16..40) {
        check(Arc::new(Document::from_text(&text, "random.txt", Format::TEXT)), width, height);
    }

    #[test]
    fn hard_wrapped_pages_cover_everything_once(text in hard_wrapped(), width in 8u16..120, height in 1u16..40) {
        check(Arc::new(Document::from_text(&text, "random.txt", Format::TEXT)), width, height);
    }

    #[test]
    fn markdown_pages_cover_everything_once(text in markdown(), width in 8u16..100, height in 1u16..30) {
        check(Arc::new(Document::from_text(&text, "random.md", Format::MARKDOWN)), width, height);
    }

    #[test]
    fn any_offset_survives_a_change_of_width(text in text(), a in 8u16..120, b in 8u16..120, pick in 0.0f64..1.0) {
        let doc = Arc::new(Document::from_text(&text, "random.txt", Format::TEXT));
        let mut offset = (pick * doc.content.len() as f64) as usize;
        while !doc.content.is_char_boundary(offset) {
            offset -= 1;
        }
        let mut reader = Reader::new(Arc::clone(&doc), offset, a, 10);
        let before = reader.page().first().copied();
        reader.set_viewport(b, 10);
        if let Some(row) = reader.page().first() {
            prop_assert!(row.start <= offset && (offset < row.end || row.end == doc.content.len()));
        }
        reader.set_viewport(a, 10);
        prop_assert_eq!(reader.page().first().copied(), before);
    }
}

#[test]
fn the_bundled_texts_page_cleanly_at_many_sizes() {
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/texts")).unwrap() {
        let path = entry.unwrap().path();
        let doc = Arc::new(Document::open(&path).unwrap());
        for (width, height) in [(20, 4), (36, 10), (60, 20), (80, 38), (116, 60)] {
            let pages = check(Arc::clone(&doc), width, height);
            assert!(pages >= 1, "{}", path.display());
        }
    }
}

/// A text longer than the part a text's page is measured on: `text` repeated.
fn long(text: &str) -> String {
    let piece = format!("{}\n\n", text.trim_end());
    piece.repeat((gloss::document::SAMPLE_BYTES + (64 << 10)) / piece.len() + 1)
}

/// The pages of `doc` from its start, at most `most`.
fn pages(doc: &Arc<Document>, width: u16, height: u16, most: usize) -> Vec<Vec<Row>> {
    let mut reader = Reader::new(Arc::clone(doc), 0, width, height);
    let mut pages = vec![reader.page().to_vec()];
    while !reader.at_end() && pages.len() < most {
        reader.next_page();
        pages.push(reader.page().to_vec());
    }
    pages
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// A long text shows its beginning before its whole is read and structured: the pages of
    /// the beginning are the whole's pages, row for row, until the beginning's last.
    #[test]
    fn a_beginning_pages_as_the_whole_does(
        text in prop_oneof![text(), hard_wrapped()],
        width in 8u16..120,
        height in 1u16..40,
        pick in 0.0f64..1.0,
    ) {
        prop_assume!(text.trim().len() > 40);
        let long = long(&text);
        let sample = gloss::document::SAMPLE_BYTES;
        let cut = sample + ((long.len() - sample) as f64 * pick) as usize;
        let Some(beginning) =
            gloss::document::beginning_of(long.as_bytes()[..cut].to_vec(), "long.txt").unwrap()
        else {
            return Ok(());
        };
        let whole = Arc::new(Document::from_text(&long, "long.txt", Format::TEXT));
        prop_assert!(whole.content.starts_with(&beginning.content));
        prop_assert!(beginning.blocks.len() < whole.blocks.len());
        prop_assert_eq!(&beginning.blocks[..], &whole.blocks[..beginning.blocks.len()]);
        prop_assert_eq!(&beginning.contents[..], &whole.contents[..beginning.contents.len()]);
        prop_assert_eq!(&beginning.title, &whole.title);
        let beginning = Arc::new(beginning);
        // The beginning's pages until its last (which ends where it is cut) are the whole's.
        let first = pages(&beginning, width, height, 400);
        let shown = first.len() - 1;
        let then = pages(&whole, width, height, shown);
        prop_assert_eq!(&first[..shown], &then[..shown]);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// A long text reopened far in shows the part around its place before its whole is read:
    /// the part's blocks are the whole's there (the same text, kinds and shapes), so its pages
    /// are the whole's, row for row.
    #[test]
    fn a_part_pages_as_the_whole_does(
        text in prop_oneof![text(), hard_wrapped()],
        width in 8u16..120,
        height in 1u16..40,
        from in 0.0f64..1.0,
        len in 0.0f64..1.0,
    ) {
        prop_assume!(text.trim().len() > 40);
        // A text repeated is no Project Gutenberg file: those have one licence, at their end.
        prop_assume!(!text.contains("*** END OF"));
        let long = long(&text).repeat(2);
        let sample = gloss::document::SAMPLE_BYTES;
        let a = sample + ((long.len() - sample) as f64 * from) as usize;
        let b = (a + ((long.len() - a) as f64 * len) as usize).min(long.len());
        let beginning = long.as_bytes()[..sample + (128 << 10)].to_vec();
        let Some((part, _)) =
            gloss::document::part_of(beginning, long.as_bytes()[a..b].to_vec(), b == long.len())
        else {
            return Ok(());
        };
        prop_assume!(!part.is_empty());
        let whole = Arc::new(Document::from_text(&long, "long.txt", Format::TEXT));
        // Where the part is in the whole: a block where the whole's text goes on as the part's,
        // nearest the share of the text it was cut at (the text repeats, so any such block
        // would do).
        let estimate = (whole.content.len() as f64 * a as f64 / long.len() as f64) as usize;
        let first = part.text(&part.blocks[0]);
        let j = (0..whole.blocks.len())
            .filter(|&j| whole.text(&whole.blocks[j]) == first)
            .filter(|&j| whole.content[whole.blocks[j].start()..].starts_with(&part.content))
            .min_by_key(|&j| whole.blocks[j].start().abs_diff(estimate));
        prop_assert!(j.is_some(), "the part's text is nowhere in the whole's");
        let j = j.unwrap();
        prop_assert!(j + part.blocks.len() <= whole.blocks.len());
        let bytes = whole.blocks[j].start();
        let chars = whole.char_of(bytes);
        for (i, block) in part.blocks.iter().enumerate() {
            prop_assert_eq!(&block.moved(bytes), &whole.blocks[j + i], "block {} of the part", i);
            prop_assert_eq!(
                part.char_of(block.start()) + chars,
                whole.char_of(block.start() + bytes),
                "where block {} of the part starts, in characters",
                i
            );
        }
        // Its pages, until the last (which ends where it is cut), are the whole's from there.
        let part = Arc::new(part);
        let shown = pages(&part, width, height, 400);
        let mut reader = Reader::new(Arc::clone(&whole), bytes, width, height);
        for page in &shown[..shown.len() - 1] {
            let rows: Vec<_> = reader
                .page()
                .iter()
                .map(|r| (r.start - bytes, r.end - bytes, r.indent, r.gap))
                .collect();
            let expected: Vec<_> = page.iter().map(|r| (r.start, r.end, r.indent, r.gap)).collect();
            prop_assert_eq!(rows, expected);
            reader.next_page();
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// A text without tabs is written in its own buffer; with a tab it is copied. A tab that
    /// ends a line changes nothing else, so both ways give the same document.
    #[test]
    fn a_text_written_in_place_is_the_text_copied(
        text in prop_oneof![text(), hard_wrapped()],
    ) {
        prop_assume!(!text.contains('\t'));
        let tabbed = text.replacen('\n', "\t\n", 1);
        let in_place = Document::from_text(&text, "a.txt", Format::TEXT);
        let copied = Document::from_text(&tabbed, "a.txt", Format::TEXT);
        prop_assert_eq!(&in_place.content, &copied.content);
        prop_assert_eq!(&in_place.blocks, &copied.blocks);
        prop_assert_eq!(&in_place.contents, &copied.contents);
    }
}
