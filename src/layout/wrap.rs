//! Wrapping one block at one width into lines, through textwrap's word finding (Unicode line
//! breaking, so CJK and emoji break correctly), hyphen splitting and optimal-fit algorithm.
//!
//! Lines are byte ranges of the document's content and tile the block exactly: the first
//! starts at the block's start, each one ends where the next begins, the last ends at the block's
//! end. Trailing blanks and the `\n` of a hard break belong to the line they end.

use textwrap::WordSeparator;
use textwrap::core::Word;
use textwrap::word_splitters::{WordSplitter, split_words};
use textwrap::wrap_algorithms::{Penalties, wrap_first_fit, wrap_optimal_fit};

use unicode_width::UnicodeWidthChar;

use crate::document::{Block, BlockKind, Document, Reading};

/// One screen line of a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line {
    /// Byte range in the content.
    pub start: usize,
    pub end: usize,
    /// Cells of blank before the text (indentation, hanging indent), after any quote bar.
    pub indent: u16,
}

/// The cells a terminal draws `text` in: each character's own width (a combining mark none,
/// a wide character two), as terminals and the test terminal advance. Not unicode-width's
/// width of a whole string, which draws Arabic's lam-alef as one cell where every terminal
/// draws two (letters were lost off the line's end) and a family of emoji joined by
/// zero-width joiners as two, which the reader draws apart (see the view's `drawable`).
pub fn cells(text: &str) -> usize {
    text.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// Cells taken by the quote bar (`│ `) of each enclosing block quote.
pub const QUOTE_BAR_WIDTH: u16 = 2;

/// Cells left for text however deep the quotes: at least one wide character.
const ROOM: u16 = 2;

/// The quote bars shown for a block `depth` quotes deep in a column `width` cells wide: one a
/// quote, as many as leave [`ROOM`] for the text (a hostile page nests thousands).
pub fn quote_bars(depth: u8, width: u16) -> u16 {
    u16::from(depth).min(width.saturating_sub(ROOM) / QUOTE_BAR_WIDTH)
}

/// Wraps `block` of `doc` to lines no wider than `width` cells, decoration included.
///
/// Prose wraps as one run, its continuation lines hanging under a list marker. Kept lines
/// (verse, centred lines) wrap one by one, each with its own hanging indent. Preformatted lines
/// are never wrapped (the view clips and scrolls them), and boilerplate is one collapsed line.
pub fn wrap_block(doc: &Document, block: &Block, width: u16) -> Vec<Line> {
    let width = width.max(1);
    let quote = quote_bars(block.quote_depth, width) * QUOTE_BAR_WIDTH;
    // Decoration may not take the whole width: on very narrow screens it is squeezed so that at
    // least two cells (one wide character) are left for text.
    let room = ROOM.min(width);
    let lead = (u16::from(block.indent).saturating_add(quote)).min(width - room);
    let indent = lead - quote.min(lead);
    let hang = u16::from(block.hang).min(width - lead - room);
    let text = doc.text(block);
    if block.kind == BlockKind::Boilerplate {
        return vec![Line {
            start: block.start(),
            end: block.end(),
            indent,
        }];
    }
    let each_line = matches!(block.kind, BlockKind::Verse | BlockKind::Centered);
    let mut lines = Vec::new();
    let mut seg_start = 0;
    // Hard lines (kept lines, code, hard breaks) are wrapped one by one.
    loop {
        let seg_end = text[seg_start..]
            .find('\n')
            .map_or(text.len(), |i| seg_start + i);
        let after = if seg_end < text.len() {
            seg_end + 1
        } else {
            seg_end
        };
        let segment = &text[seg_start..seg_end];
        let first_line = lines.len();
        // Kept lines keep their own indentation, under which their continuations hang.
        let own = if each_line {
            let spaces = segment.len() - segment.trim_start_matches(' ').len();
            (spaces as u16).min(width - lead - hang - room)
        } else {
            0
        };
        let (first_indent, rest_indent) = if each_line || first_line == 0 {
            (indent, indent + own + hang)
        } else {
            (indent + hang, indent + hang)
        };
        let pieces = if block.kind.is_preformatted() {
            vec![(0, segment.len())]
        } else {
            wrap_segment(
                segment,
                usize::from(width - quote - first_indent),
                usize::from(width - quote - rest_indent),
                &unbreakable(doc, segment, block.start() + seg_start),
                &readings(doc, block.start() + seg_start, segment.len()),
            )
        };
        for (i, (s, e)) in pieces.into_iter().enumerate() {
            lines.push(Line {
                start: block.start() + seg_start + s,
                end: block.start() + seg_start + e,
                indent: if i == 0 { first_indent } else { rest_indent },
            });
        }
        if block.kind == BlockKind::Centered {
            for line in &mut lines[first_line..] {
                let shown = cells(doc.content[line.start..line.end].trim_end()) as u16;
                let free = width.saturating_sub(quote + line.indent + shown);
                line.indent += free / 2;
            }
        }
        if let Some(last) = lines.last_mut() {
            last.end = block.start() + after;
        }
        if after >= text.len() {
            break;
        }
        seg_start = after;
    }
    lines
}

/// A ruby's reading as it is drawn after the text it glosses: `山路(やまみち)`.
pub fn shown_reading(reading: &Reading) -> String {
    format!("({})", reading.text)
}

/// The readings drawn in a segment `len` bytes long starting at byte `at` of the content: where
/// each is (relative to the segment) and the cells it takes.
fn readings(doc: &Document, at: usize, len: usize) -> Vec<(usize, usize)> {
    doc.readings_in(at, at + len)
        .iter()
        .map(|r| (r.at - at, cells(&shown_reading(r))))
        .collect()
}

/// Spans of `segment` (which starts at byte `at` of the content) that no line may break inside:
/// web addresses, and note references with the word they follow (`him.[1]`).
fn unbreakable(doc: &Document, segment: &str, at: usize) -> Vec<(usize, usize)> {
    let mut spans = addresses(segment);
    let from = doc.marks.partition_point(|m| m.start < at);
    for mark in &doc.marks[from..] {
        if mark.start >= at + segment.len() {
            break;
        }
        spans.push(((mark.start - at).saturating_sub(1), mark.end - at));
    }
    spans
}

/// Byte ranges (relative to `segment`) of the wrapped lines of one hard line, the first no wider
/// than `first_width`, the others than `rest_width`, never breaking inside the `unbreakable`
/// spans when they fit. `readings` (where, how wide) are drawn after the words they follow.
/// Ranges tile the segment; an empty segment gives one empty line.
fn wrap_segment(
    segment: &str,
    first_width: usize,
    rest_width: usize,
    unbreakable: &[(usize, usize)],
    readings: &[(usize, usize)],
) -> Vec<(usize, usize)> {
    if segment.is_empty() {
        return vec![(0, 0)];
    }
    // Fast path: most lines of a document are short enough to stay whole.
    let read: usize = readings.iter().map(|&(_, w)| w).sum();
    if segment.len() + read <= first_width && cells(segment) + read <= first_width {
        return vec![(0, segment.len())];
    }
    // Widths as terminals draw them (see `cells`).
    let words = unbreak_blanks(WordSeparator::UnicodeBreakProperties.find_words(segment));
    let words: Vec<Word<'_>> = split_words(words, &WordSplitter::HyphenSplitter)
        .map(|w| Word {
            width: cells(w.word),
            ..w
        })
        .collect();
    let words = glue(segment, words, unbreakable);
    let mut words = break_long_words(words, rest_width.min(first_width));
    add_readings(segment, &mut words, readings);
    let widths = [first_width as f64, rest_width as f64];
    // textwrap's optimal fit may let a line overflow when that costs less than a short line;
    // a reader must never lose text off the edge, so overflow is priced out, and checked.
    let penalties = Penalties {
        overflow_penalty: 1_000_000_000,
        ..Penalties::new()
    };
    let pieces = wrap_optimal_fit(&words, &widths, &penalties)
        .ok()
        .filter(|lines| fits(lines, first_width, rest_width))
        .unwrap_or_else(|| wrap_first_fit(&words, &widths));

    // Words are slices of `segment`, so each line starts where its first word does.
    let base = segment.as_ptr() as usize;
    let mut starts: Vec<usize> = pieces
        .iter()
        .skip(1)
        .filter_map(|piece| piece.first())
        .map(|word| word.word.as_ptr() as usize - base)
        .collect();
    starts.dedup();
    let mut ranges = Vec::with_capacity(starts.len() + 1);
    let mut start = 0;
    for next in starts.into_iter().chain([segment.len()]) {
        if next > start {
            ranges.push((start, next));
            start = next;
        }
    }
    ranges
}

/// Words wider than `width` broken into pieces that fit, between graphemes: textwrap breaks
/// between characters, which cuts a Devanagari conjunct or a flag in two. Only a grapheme
/// wider than the line (emoji joined into a family, drawn apart) is broken between its
/// characters.
fn break_long_words(words: Vec<Word<'_>>, width: usize) -> Vec<Word<'_>> {
    use unicode_segmentation::UnicodeSegmentation;
    let mut out = Vec::with_capacity(words.len());
    for word in words {
        if word.width <= width {
            out.push(word);
            continue;
        }
        let units = word.word.grapheme_indices(true).flat_map(|(at, grapheme)| {
            let whole = cells(grapheme) <= width;
            let pieces: Vec<(usize, &str)> = if whole {
                vec![(at, grapheme)]
            } else {
                grapheme
                    .char_indices()
                    .map(|(i, c)| (at + i, &grapheme[i..i + c.len_utf8()]))
                    .collect()
            };
            pieces
        });
        let (mut start, mut used) = (0, 0);
        for (at, unit) in units {
            let wide = cells(unit);
            if used + wide > width && at > start {
                out.push(Word {
                    word: &word.word[start..at],
                    width: used,
                    whitespace: "",
                    penalty: "",
                });
                (start, used) = (at, 0);
            }
            used += wide;
        }
        out.push(Word {
            word: &word.word[start..],
            width: used,
            ..word
        });
    }
    out
}

/// Widens each word by the readings drawn after its letters.
fn add_readings(segment: &str, words: &mut [Word<'_>], readings: &[(usize, usize)]) {
    if readings.is_empty() {
        return;
    }
    let base = segment.as_ptr() as usize;
    let mut next = 0;
    for word in words {
        let start = word.word.as_ptr() as usize - base;
        let end = start + word.word.len();
        while let Some(&(at, width)) = readings.get(next)
            && at <= end
        {
            if at > start {
                word.width += width;
            }
            next += 1;
        }
    }
}

/// Splits words at the blanks inside them. Unicode line breaking as textwrap finds it allows no
/// break at all in "one two-" at the end of a text (a trailing hyphen), which would make a line
/// start with the blank between the words.
fn unbreak_blanks<'a>(words: impl Iterator<Item = Word<'a>>) -> impl Iterator<Item = Word<'a>> {
    words.flat_map(|word| {
        let mut pieces = Vec::new();
        let mut rest = word.word;
        while let Some(blank) = rest.find(' ') {
            let after = blank + rest[blank..].len() - rest[blank..].trim_start_matches(' ').len();
            if after >= rest.len() {
                break;
            }
            pieces.push(Word::from(&rest[..after]));
            rest = &rest[after..];
        }
        pieces.push(Word { word: rest, ..word });
        pieces
    })
}

/// Glues the words that start inside an unbreakable span to the word before them, so that a
/// line never breaks at an address's `//`, a hyphen or a dot, nor before a note's mark; only a
/// span wider than the line is broken, where it must be.
fn glue<'a>(segment: &'a str, words: Vec<Word<'a>>, found: &[(usize, usize)]) -> Vec<Word<'a>> {
    if found.is_empty() {
        return words;
    }
    let base = segment.as_ptr() as usize;
    let mut out: Vec<Word<'a>> = Vec::with_capacity(words.len());
    for word in words {
        let start = word.word.as_ptr() as usize - base;
        let inside = found.iter().any(|&(s, e)| s < start && start < e);
        match out.last_mut() {
            // The previous piece (split at a hyphen or a break opportunity) ends where this
            // one starts, with no blank between.
            Some(prev) if inside && prev.whitespace.is_empty() => {
                let from = prev.word.as_ptr() as usize - base;
                let to = start + word.word.len();
                prev.word = &segment[from..to];
                prev.width = cells(prev.word);
                prev.whitespace = word.whitespace;
                prev.penalty = word.penalty;
            }
            _ => out.push(word),
        }
    }
    out
}

/// Every line, without the blank after its last word, is within its width.
fn fits(lines: &[&[Word<'_>]], first_width: usize, rest_width: usize) -> bool {
    lines.iter().enumerate().all(|(i, line)| {
        let width: usize = line
            .iter()
            .map(|w| w.width + w.whitespace.len())
            .sum::<usize>()
            - line.last().map_or(0, |w| w.whitespace.len());
        width <= if i == 0 { first_width } else { rest_width }
    })
}

/// `http://`, `https://`, `www.`, `<…>`: byte ranges of addresses in `text`, which are never
/// broken inside.
fn addresses(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let rest = &text[i..];
        let word_start = i == 0 || matches!(bytes[i - 1], b' ' | b'\n' | b'(' | b'"' | b'[');
        let end_of = |from: usize, stop: &[u8]| {
            from + bytes[from..]
                .iter()
                .position(|b| stop.contains(b))
                .unwrap_or(bytes.len() - from)
        };
        if rest.starts_with('<') && rest.len() > 2 {
            let end = end_of(i + 1, b" \n<>");
            if bytes.get(end) == Some(&b'>') && end > i + 1 {
                out.push((i, end + 1));
                i = end + 1;
                continue;
            }
        } else if word_start
            && (rest.starts_with("http://")
                || rest.starts_with("https://")
                || rest.starts_with("www."))
        {
            let mut end = end_of(i, b" \n\"<>");
            // Punctuation that ends the sentence is not part of the address.
            while end > i
                && matches!(
                    bytes[end - 1],
                    b'.' | b',' | b';' | b':' | b')' | b'!' | b'?'
                )
            {
                end -= 1;
            }
            out.push((i, end));
            i = end.max(i + 1);
            continue;
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Format;

    /// Readings take their room on the line: no line, with the readings drawn in it, is wider
    /// than the column, and no line starts with a closing mark (Unicode line breaking).
    #[test]
    fn lines_hold_their_rubies_readings_and_never_start_with_a_full_stop() {
        let sentence = "<ruby>山路<rt>やまみち</rt></ruby>を<ruby>登<rt>のぼ</rt></ruby>りながら、こう考えた。";
        let html = format!("<html><body><p>{}</p></body></html>", sentence.repeat(12));
        let doc = Document::from_text(&html, "k.html", Format::HTML_RAW);
        assert_eq!(doc.readings.len(), 24);
        for width in 6..60 {
            let lines = wrap_block(&doc, &doc.blocks[0], width);
            for line in &lines {
                let text = &doc.content[line.start..line.end];
                let read: usize = doc
                    .readings_in(line.start, line.end)
                    .iter()
                    .map(|r| cells(&shown_reading(r)))
                    .sum();
                // A letter whose reading alone is wider than the column stands alone (the
                // reading is cut at the edge, the letter never).
                assert!(
                    cells(text.trim_end()) + read <= usize::from(width)
                        || text.trim_end().chars().count() == 1,
                    "{text:?} with its readings is wider than {width}"
                );
                assert!(!text.starts_with(['。', '、']), "{text:?} at {width}");
            }
        }
    }

    fn wrapped(text: &str, width: u16) -> Vec<String> {
        let doc = Document::from_text(text, "t.txt", Format::TEXT);
        let mut out = Vec::new();
        for block in &doc.blocks {
            for line in wrap_block(&doc, block, width) {
                out.push(doc.content[line.start..line.end].to_string());
            }
        }
        out
    }

    #[test]
    fn wraps_at_word_boundaries_and_tiles_the_text() {
        let text =
            "The establishment of the Communist International in 1919 was an epoch-making event.";
        let lines = wrapped(text, 30);
        assert_eq!(lines.concat(), text);
        for line in &lines {
            assert!(cells(line.trim_end()) <= 30, "{line:?}");
            assert!(!line.starts_with(' '));
        }
        assert!(lines.len() >= 3);
    }

    #[test]
    fn optimal_fit_never_overflows() {
        // Found by the pagination property test: the tail of a broken word and the next word
        // used to share an overflowing line.
        let text = format!("{} {}", "a".repeat(50), "b".repeat(48));
        for line in wrapped(&text, 49) {
            assert!(cells(line.trim_end()) <= 49, "{line:?}");
        }
    }

    #[test]
    fn long_words_are_broken_to_fit() {
        let lines = wrapped("a supercalifragilisticexpialidocious word", 10);
        assert_eq!(lines.concat(), "a supercalifragilisticexpialidocious word");
        assert!(lines.iter().all(|l| cells(l.trim_end()) <= 10));
    }

    /// `text` wrapped at each of `widths` keeps every character and no line is wider.
    fn wraps_whole_within(text: &str, widths: &[u16]) {
        for &width in widths {
            let lines = wrapped(text, width);
            assert_eq!(lines.concat(), text);
            for line in &lines {
                assert!(
                    cells(line.trim_end()) <= usize::from(width),
                    "{line:?} at {width}"
                );
            }
        }
    }

    #[test]
    fn cjk_emoji_and_combining_marks_fit_their_cells() {
        let text = "你好世界，这是一个测试。😀😀😀 e\u{301}e\u{301}e\u{301} Díaz";
        wraps_whole_within(text, &[4, 7, 10, 13]);
    }

    #[test]
    fn emoji_sequences_are_never_split() {
        // Found by the pagination property test. A family is drawn as its three people (six
        // cells), whole on a line that has room for them.
        let doc = Document::from_text("1. 👩\u{200d}👩\u{200d}👧\n", "t.md", Format::MARKDOWN);
        let lines = wrap_block(&doc, &doc.blocks[0], 9);
        let texts: Vec<&str> = lines.iter().map(|l| &doc.content[l.start..l.end]).collect();
        assert_eq!(texts, ["1. 👩\u{200d}👩\u{200d}👧"]);
    }

    #[test]
    fn arabic_lam_alef_takes_the_two_cells_terminals_draw() {
        // The repro of issue 30: `لا` in every word, 60 words.
        let text: String = (1..=60).map(|i| format!("سلام{i} ")).collect();
        wraps_whole_within(text.trim_end(), &[80, 37, 11]);
        assert_eq!(cells("لا"), 2);
    }

    #[test]
    fn hanging_indent_for_list_items() {
        let doc = Document::from_text(
            "Intro text here.\n\n1. first item of a list that is long enough to wrap around\n2. second",
            "t.txt",
            Format::TEXT,
        );
        let item = &doc.blocks[1];
        let lines = wrap_block(&doc, item, 20);
        assert_eq!(lines[0].indent, 0);
        assert!(lines[1..].iter().all(|l| l.indent == 3));
    }

    #[test]
    fn each_line_of_verse_wraps_under_itself() {
        // Continuations hang two cells under their own line's indentation.
        let doc = Document::from_text(
            "Short line\n  an indented line that is long enough to wrap\nlast",
            "poem.txt",
            Format::TEXT,
        );
        let lines = wrap_block(&doc, &doc.blocks[0], 24);
        let shown: Vec<(u16, &str)> = lines
            .iter()
            .map(|l| (l.indent, doc.content[l.start..l.end].trim_end()))
            .collect();
        assert_eq!(
            shown,
            [
                (0, "Short line"),
                (0, "  an indented line that"),
                (4, "is long enough to"),
                (4, "wrap"),
                (0, "last"),
            ]
        );
    }

    #[test]
    fn code_keeps_its_lines() {
        let doc = Document::from_text(
            "```\nfn main() {\n\n    go();\n}\n```",
            "t.md",
            Format::MARKDOWN,
        );
        let lines = wrap_block(&doc, &doc.blocks[0], 40);
        let texts: Vec<&str> = lines.iter().map(|l| &doc.content[l.start..l.end]).collect();
        assert_eq!(texts, ["fn main() {\n", "\n", "    go();\n", "}"]);
    }

    #[test]
    fn an_address_is_never_broken_inside_when_it_fits() {
        for text in [
            "Read it at https://example.org/a-long/path-with/hyphens.html today.",
            "Read it at <http://example.org/a-long/path-with/hyphens.html> today.",
        ] {
            let address = &text[11..text.len() - 7];
            for width in [address.len() as u16, 60, 70] {
                let lines = wrapped(text, width);
                assert!(
                    lines
                        .iter()
                        .any(|l| l.trim_end() == address || l.contains(address)),
                    "{lines:?} at {width}"
                );
            }
        }
    }

    #[test]
    fn addresses_are_found_whole() {
        let text = "See https://example.org/a-b/c.html, or <http://x.y/z> and www.gnu.org.";
        let found: Vec<&str> = addresses(text).iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(
            found,
            [
                "https://example.org/a-b/c.html",
                "<http://x.y/z>",
                "www.gnu.org"
            ]
        );
    }
}
