//! What one line of a plain text looks like: its indentation, its length, and whether it is a
//! list item, a book's heading, a caption or a leftover of a web page.

/// Columns a tab advances to (terminals and less use stops of 8).
pub const TAB_STOP: usize = 8;
/// Longest line, in characters, that can be a heading.
pub const HEADING_MAX_CHARS: usize = 100;
/// Longest line a book's heading pattern (`CHAPTER I.`, `I. The Beginning`) is looked for in.
const BOOK_HEADING_MAX_CHARS: usize = 72;

/// Lines are measured no further than this: longer ones are paragraphs of one line, never short
/// lines nor lines of a hard-wrapped page (and counting them whole would decode the whole text).
pub const MEASURE_CAP: usize = 128;

/// One line of the file, measured: 24 bytes, as a text has a million of them.
#[derive(Debug, Clone, Copy)]
pub struct Line<'a> {
    /// Without its trailing blanks; leading blanks kept (for aligned text).
    raw: &'a str,
    /// Bytes of leading blank.
    lead: u32,
    /// Columns of leading blank (tabs to stops of [`TAB_STOP`]), at most `u16::MAX`.
    indent: u16,
    /// Characters of the text, counted no further than [`MEASURE_CAP`].
    chars: u16,
}

impl<'a> Line<'a> {
    pub fn new(line: &'a str) -> Line<'a> {
        let raw = line.trim_end();
        let text = raw.trim_start();
        let lead = &raw[..raw.len() - text.len()];
        let indent = lead.chars().fold(0usize, |col, c| match c {
            '\t' => (col / TAB_STOP + 1) * TAB_STOP,
            _ => col + 1,
        });
        Line {
            raw,
            lead: lead.len() as u32,
            indent: indent.min(usize::from(u16::MAX)) as u16,
            chars: char_len_capped(text, MEASURE_CAP) as u16,
        }
    }

    /// Without its trailing blanks; leading blanks kept (for aligned text).
    pub fn raw(&self) -> &'a str {
        self.raw
    }

    /// Without leading or trailing blanks.
    pub fn text(&self) -> &'a str {
        &self.raw[self.lead as usize..]
    }

    /// Columns of leading blank.
    pub fn indent(&self) -> usize {
        usize::from(self.indent)
    }

    /// Characters of the text, counted no further than [`MEASURE_CAP`].
    pub fn chars(&self) -> usize {
        usize::from(self.chars)
    }

    pub fn is_blank(&self) -> bool {
        self.raw.len() == self.lead as usize
    }

    /// Column just past the line's last character.
    pub fn right(&self) -> usize {
        self.indent() + self.chars()
    }
}

/// Lines between two recorded line starts in [`Lines`].
const LINES_PER_START: usize = 16;

/// The lines of a text, each found and measured when asked for. Where lines start is recorded
/// for one line in [`LINES_PER_START`] (a long text has millions of lines, and this is all the
/// structure detection holds of them): a line is found from the start before it, or from the
/// line asked for last, as lines are mostly asked for in order.
pub struct Lines<'a> {
    text: &'a str,
    /// Where lines `0`, `LINES_PER_START`, `2 * LINES_PER_START`... start (a text is at most
    /// 1 GB).
    starts: Vec<u32>,
    len: usize,
    /// A line found last, or the one after it, and where it starts.
    last: std::cell::Cell<(usize, usize)>,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Lines<'a> {
        let mut starts = vec![0];
        let mut len = 1;
        // memchr's vector search: a megabyte text has tens of thousands of short lines.
        for i in memchr::memchr_iter(b'\n', text.as_bytes()) {
            if len % LINES_PER_START == 0 {
                starts.push((i + 1) as u32);
            }
            len += 1;
        }
        starts.shrink_to_fit();
        Lines {
            text,
            starts,
            len,
            last: std::cell::Cell::new((0, 0)),
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    /// Byte offset where line `k` starts.
    pub fn start(&self, k: usize) -> usize {
        let (last, last_start) = self.last.get();
        let checkpoint = k / LINES_PER_START * LINES_PER_START;
        let (mut line, mut at) = if last <= k && last >= checkpoint {
            (last, last_start)
        } else {
            (checkpoint, self.starts[k / LINES_PER_START] as usize)
        };
        while line < k {
            at += memchr::memchr(b'\n', &self.text.as_bytes()[at..])
                .expect("a line after this one")
                + 1;
            line += 1;
        }
        self.last.set((k, at));
        at
    }

    /// Bytes of line `k`, without its `\n`.
    pub fn range(&self, k: usize) -> std::ops::Range<usize> {
        let start = self.start(k);
        let end = memchr::memchr(b'\n', &self.text.as_bytes()[start..])
            .map_or(self.text.len(), |n| start + n);
        // The next line starts past this one's break: asked for next, it is not looked for.
        if end < self.text.len() {
            self.last.set((k + 1, end + 1));
        }
        start..end
    }

    /// Line `k`, measured.
    pub fn get(&self, k: usize) -> Line<'a> {
        Line::new(&self.text[self.range(k)])
    }

    pub fn iter(&self, range: std::ops::Range<usize>) -> impl Iterator<Item = Line<'a>> + '_ {
        range.map(|k| self.get(k))
    }

    /// Lines `range`, measured once for a chunk's (or a sample's) repeated looks at them.
    pub fn table(&self, range: std::ops::Range<usize>) -> Vec<Line<'a>> {
        self.iter(range).collect()
    }
}

/// Characters in `s`, counting no further than `cap`.
pub fn char_len_capped(s: &str, cap: usize) -> usize {
    if s.len() <= cap {
        s.chars().count()
    } else if s.len() > 4 * cap {
        cap // a char is at most 4 bytes: no need to decode a long paragraph
    } else {
        s.chars().take(cap).count()
    }
}

/// A list item's marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Marker {
    /// The number of `12.`, `(3)`, `[4]`, `c)` (letters count from 1); `None` for a bullet.
    pub number: Option<u32>,
    /// Cells of the marker and the space after it.
    pub width: u16,
    /// `[12]`: the form a footnote takes, never a list's.
    pub bracketed: bool,
}

/// The list marker that starts `line`: `1.`, `12)`, `a)`, `(i)`, `[3]`, `-`, `*`, `•`, `–`,
/// `·`, followed by a space and text.
pub fn list_marker(line: &str) -> Option<Marker> {
    let followed = |rest: &str| {
        let mut chars = rest.chars();
        chars.next() == Some(' ') && chars.next().is_some_and(|c| !c.is_whitespace())
    };
    let marker = |len: usize, number: Option<u32>, bracketed: bool| {
        followed(&line[len..]).then_some(Marker {
            number,
            width: line[..len].chars().count() as u16 + 1,
            bracketed,
        })
    };
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=3).contains(&digits) {
        return match line.as_bytes().get(digits) {
            Some(b'.' | b')') => marker(digits + 1, line[..digits].parse().ok(), false),
            _ => None,
        };
    }
    if let Some(inner) = line.strip_prefix('(').or_else(|| line.strip_prefix('[')) {
        let close = if line.starts_with('(') { ')' } else { ']' };
        let end = inner.find(close)?;
        let number = item_number(&inner[..end])?;
        return marker(end + 2, Some(number), close == ']');
    }
    // `a)`, `b.`, `iv)`: one letter or a short roman numeral, then `)` (or `.` for a letter).
    let letters = line.bytes().take_while(u8::is_ascii_lowercase).count();
    if (1..=4).contains(&letters) {
        let closing = line.as_bytes().get(letters).copied();
        let number = item_number(&line[..letters]);
        return match (closing, number) {
            (Some(b')'), Some(n)) => marker(letters + 1, Some(n), false),
            (Some(b'.'), Some(n)) if letters == 1 => marker(2, Some(n), false),
            _ => None,
        };
    }
    let first = line.chars().next()?;
    if matches!(first, '-' | '*' | '•' | '–' | '·' | '◦' | '▪') {
        return marker(first.len_utf8(), None, false);
    }
    None
}

/// `12`, `c` (3), `iv` (4): a list item's number.
fn item_number(s: &str) -> Option<u32> {
    if !s.is_empty() && s.len() <= 3 && s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse().ok();
    }
    match s.as_bytes() {
        // `c)` is the third item; `i)` is more often the first than the ninth.
        [b'i'] => Some(1),
        [c] if c.is_ascii_lowercase() => Some(u32::from(c - b'a') + 1),
        _ => roman(s),
    }
}

/// The value of a roman numeral (either case, not mixed), if `s` is one.
pub fn roman(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 9 {
        return None;
    }
    let upper = s.bytes().all(|b| b"IVXLCDM".contains(&b));
    let lower = s.bytes().all(|b| b"ivxlcdm".contains(&b));
    if !upper && !lower {
        return None;
    }
    let value = |b: u8| match b.to_ascii_uppercase() {
        b'I' => 1,
        b'V' => 5,
        b'X' => 10,
        b'L' => 50,
        b'C' => 100,
        b'D' => 500,
        _ => 1000,
    };
    let bytes = s.as_bytes();
    let mut total = 0i64;
    for (i, &b) in bytes.iter().enumerate() {
        let v = value(b);
        if bytes.get(i + 1).is_some_and(|&next| value(next) > v) {
            total -= v;
        } else {
            total += v;
        }
    }
    // Only well-formed numerals: writing the value back gives the same letters.
    let total = u32::try_from(total).ok()?;
    (to_roman(total).eq_ignore_ascii_case(s)).then_some(total)
}

fn to_roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, letters) in TABLE {
        while n >= value {
            out.push_str(letters);
            n -= value;
        }
    }
    out
}

/// How high a heading of a book is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rank {
    /// `BOOK II`, `PART ONE`, `VOLUME 3`, `ACT III`.
    Part,
    /// `CHAPTER I.`, `Scene 2`, `Act III, Scene 2`, `XIV`, `I. The Beginning`, `A LINE IN CAPITALS`.
    Chapter,
}

const PART_WORDS: &[&str] = &["book", "part", "volume", "act"];
const CHAPTER_WORDS: &[&str] = &["chapter", "scene", "canto", "stave", "section", "letter"];
const NUMBER_WORDS: &[&str] = &[
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "last",
    "final",
];

/// The rank of a line that has the shape of a book's heading, whatever surrounds it.
pub fn book_heading(text: &str) -> Option<Rank> {
    if char_len_capped(text, BOOK_HEADING_MAX_CHARS + 1) > BOOK_HEADING_MAX_CHARS {
        return None;
    }
    let mut words = text.split_whitespace();
    let first = words.next()?;
    let keyword = first.trim_end_matches(['.', ':', ',']);
    if keyword.chars().next().is_some_and(char::is_uppercase) {
        let lower = keyword.to_lowercase();
        let numbered = words.next().is_some_and(|w| {
            let w = w.trim_end_matches(['.', ':', ',', '—', '-']);
            w.bytes().all(|b| b.is_ascii_digit()) && !w.is_empty()
                || roman(w).is_some()
                || NUMBER_WORDS.contains(&w.to_lowercase().as_str())
                || w.eq_ignore_ascii_case("the")
        });
        if numbered {
            if PART_WORDS.contains(&lower.as_str()) {
                // `Act III, Scene 2` names the scene.
                let scene = text.to_lowercase().contains("scene");
                return Some(if scene { Rank::Chapter } else { Rank::Part });
            }
            if CHAPTER_WORDS.contains(&lower.as_str()) {
                return Some(Rank::Chapter);
            }
        }
    }
    // `XIV`, `XIV.`: a roman numeral alone.
    if roman(text.trim_end_matches('.')).is_some() && text.bytes().all(|b| b != b' ') {
        return text
            .starts_with(|c: char| c.is_ascii_uppercase())
            .then_some(Rank::Chapter);
    }
    // `I. The Beginning`.
    if let Some((number, title)) = text.split_once(". ")
        && roman(number).is_some()
        && number.starts_with(|c: char| c.is_ascii_uppercase())
        && title.starts_with(char::is_uppercase)
        && title.chars().count() <= 60
        && !ends_a_sentence(title)
    {
        return Some(Rank::Chapter);
    }
    None
}

/// A line in capitals (two letters at least, none in lower case), short enough for a heading.
pub fn in_capitals(text: &str) -> bool {
    char_len_capped(text, BOOK_HEADING_MAX_CHARS + 1) <= BOOK_HEADING_MAX_CHARS
        && text.chars().filter(|c| c.is_alphabetic()).take(2).count() == 2
        && !text.chars().any(char::is_lowercase)
}

/// Ends with sentence-final punctuation (closing quotes and brackets aside).
pub fn ends_a_sentence(text: &str) -> bool {
    let body = text.trim_end_matches(['"', '\'', '’', '”', ')', ']', '»', '*', ' ']);
    matches!(
        body.chars().next_back(),
        Some('.' | '!' | '?' | '…' | ':' | ';' | ',' | '。' | '！' | '？') | None
    )
}

/// A short line that starts in upper case and does not end a sentence: it may be a heading.
pub fn heading_like(text: &str) -> bool {
    if char_len_capped(text, HEADING_MAX_CHARS + 1) > HEADING_MAX_CHARS {
        return false;
    }
    let Some(first) = text.chars().next() else {
        return false;
    };
    !first.is_lowercase() && text.chars().any(char::is_alphabetic) && !ends_a_sentence(text)
}

/// `LO-Sent-Is This Tomorrow_thumb[1]`, `Seattle_General_Strike`: scraped image names.
fn looks_like_file_name(text: &str) -> bool {
    text.len() <= 120
        && !text.contains(". ")
        && (text.contains('_') || text.ends_with(']') && text.contains("thumb"))
}

/// What a comment form, a share bar or a "next page" link leaves in a scraped page.
const WEB_LEFTOVERS: &[&str] = &[
    "leave a reply",
    "leave a comment",
    "cancel reply",
    "post comment",
    "your email address will not be published",
    "required fields are marked",
    "share this:",
    "like this:",
    "like loading...",
    "continue reading",
    "continue to ",
    "click to share on",
    "click to email",
    "click to print",
];

/// A line that is not part of the text but of the page it was scraped from.
pub fn is_web_leftover(text: &str) -> bool {
    if text.len() > 120 {
        return false;
    }
    if !text.chars().any(char::is_alphanumeric) {
        // `, ,` is a leftover; `* * *` is a section break, and stays.
        return !is_section_break(text);
    }
    let lower = text.to_lowercase();
    WEB_LEFTOVERS.iter().any(|l| lower.starts_with(l)) || looks_like_file_name(text)
}

/// `* * *`, `---`, `⁂`: a break between sections, drawn centred.
pub fn is_section_break(text: &str) -> bool {
    !text.is_empty()
        && char_len_capped(text, 41) <= 40
        && text
            .chars()
            .all(|c| matches!(c, '*' | '·' | '•' | '-' | '=' | '~' | '#' | '⁂' | '_' | ' '))
}

/// Column positions where a field begins after a gap of two blanks or more (or a tab) in a line,
/// not counting its indentation nor the two blanks after the end of a sentence.
pub fn field_starts(raw: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut col = 0usize;
    let mut gap = 0usize;
    let mut seen_text = false;
    let mut before_gap = ' ';
    for c in raw.chars() {
        match c {
            ' ' => {
                gap += 1;
                col += 1;
            }
            '\t' => {
                gap += 2;
                col = (col / TAB_STOP + 1) * TAB_STOP;
            }
            _ => {
                // Two blanks after a full stop are typewriter spacing; three are a column.
                let sentence = gap == 2 && matches!(before_gap, '.' | '?' | '!');
                if seen_text && gap >= 2 && !sentence {
                    starts.push(col);
                }
                seen_text = true;
                gap = 0;
                before_gap = c;
                col += 1;
            }
        }
    }
    starts
}

/// A rule of a drawn table: `+----+----+`, `|====|`, `-----  ---`.
pub fn is_rule(text: &str) -> bool {
    text.chars()
        .filter(|c| matches!(c, '-' | '=' | '_' | '─' | '═'))
        .count()
        >= 3
        && text
            .chars()
            .all(|c| matches!(c, '-' | '=' | '_' | '+' | '|' | ' ' | ':') || is_box_drawing(c))
}

pub fn is_box_drawing(c: char) -> bool {
    ('\u{2500}'..='\u{257f}').contains(&c)
}

/// More symbols than letters: a line of ASCII art.
pub fn is_drawing(text: &str) -> bool {
    let (mut symbols, mut letters) = (0usize, 0usize);
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        if c.is_alphanumeric() {
            letters += 1;
        } else {
            symbols += 1;
        }
    }
    symbols >= 4 && symbols > 2 * letters
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_found_in_any_order() {
        // Many more lines than between two recorded starts, blank and not, the last without
        // its line break; asked for forwards, backwards and jumping about.
        let text: String = (0..100)
            .map(|i| match i % 3 {
                0 => "\n".to_string(),
                1 => format!("  line {i} “quoted”\n"),
                _ => format!("line {i}\t \n"),
            })
            .collect::<String>()
            + "the end";
        let expected: Vec<&str> = text.split('\n').collect();
        let lines = Lines::new(&text);
        assert_eq!(lines.len(), expected.len());
        let order = (0..lines.len())
            .chain((0..lines.len()).rev())
            .chain((0..lines.len()).map(|k| k * 37 % lines.len()));
        for k in order {
            assert_eq!(&text[lines.range(k)], expected[k], "line {k}");
            assert_eq!(lines.get(k).raw(), expected[k].trim_end(), "line {k}");
        }
        assert_eq!(lines.table(1..3).len(), 2);
        assert_eq!(Lines::new("").len(), 1);
    }

    #[test]
    fn list_markers_of_every_kind() {
        let number = |s: &str| list_marker(s).map(|m| (m.number, m.width));
        assert_eq!(number("1. first"), Some((Some(1), 3)));
        assert_eq!(number("12) twelfth"), Some((Some(12), 4)));
        assert_eq!(number("a) first"), Some((Some(1), 3)));
        assert_eq!(number("c. third"), Some((Some(3), 3)));
        assert_eq!(number("(iv) fourth"), Some((Some(4), 5)));
        assert_eq!(number("[3] a note"), Some((Some(3), 4)));
        assert_eq!(number("• dot"), Some((None, 2)));
        assert_eq!(number("- dash"), Some((None, 2)));
        assert_eq!(number("* star"), Some((None, 2)));
        assert_eq!(number("1999. A year"), None);
        assert_eq!(number("as) not"), None);
        assert_eq!(number("-dash"), None);
        assert!(list_marker("[3] a note").unwrap().bracketed);
    }

    #[test]
    fn roman_numerals_are_read_only_when_well_formed() {
        assert_eq!(roman("XIV"), Some(14));
        assert_eq!(roman("iv"), Some(4));
        assert_eq!(roman("MCMXVII"), Some(1917));
        assert_eq!(roman("IIII"), None);
        assert_eq!(roman("Iv"), None);
        assert_eq!(roman("CIVIL"), None);
    }

    #[test]
    fn headings_that_books_use() {
        for (line, rank) in [
            ("CHAPTER I.", Rank::Chapter),
            ("Chapter 12", Rank::Chapter),
            ("CHAPTER XII. THE WINE-SHOP", Rank::Chapter),
            ("BOOK II", Rank::Part),
            ("PART ONE", Rank::Part),
            ("Book the First—Recalled to Life", Rank::Part),
            ("Act III, Scene 2", Rank::Chapter),
            ("ACT I", Rank::Part),
            ("XIV", Rank::Chapter),
            ("IV.", Rank::Chapter),
            ("I. The Beginning", Rank::Chapter),
        ] {
            assert_eq!(book_heading(line), Some(rank), "{line}");
        }
        for line in [
            "Chapter and verse were quoted.",
            "I. He went home.",
            "Part of the problem",
            "A book",
            "CIVIL WAR",
        ] {
            assert_eq!(book_heading(line), None, "{line}");
        }
        assert!(in_capitals("THE TIME MACHINE"));
        assert!(!in_capitals("The Time Machine"));
        assert!(!in_capitals("I"));
    }

    #[test]
    fn web_leftovers_and_section_breaks() {
        for line in [
            ", ,",
            "Leave a Reply",
            "Your email address will not be published. Required fields are marked *",
            "Continue to Chapter Three",
            "LO-Sent-Is This Tomorrow_thumb[1]",
            "Seattle_General_Strike",
        ] {
            assert!(is_web_leftover(line), "{line}");
        }
        for line in ["* * *", "Leave the party", "The Continued Struggle"] {
            assert!(!is_web_leftover(line), "{line}");
        }
        assert!(is_section_break("* * *"));
    }

    #[test]
    fn fields_of_aligned_text() {
        assert_eq!(field_starts("Name      Age  City"), [10, 15]);
        assert_eq!(field_starts("   indented only"), Vec::<usize>::new());
        assert_eq!(field_starts("End.  Next sentence"), Vec::<usize>::new());
        assert_eq!(field_starts("CHAPTER I.      The Period"), [16]);
        assert_eq!(field_starts("a\tb"), [8]);
        assert!(is_rule("+------+-----+"));
        assert!(is_rule("-----  ------"));
        assert!(!is_rule("- a list"));
        assert!(is_drawing("  /\\_/\\  ( o.o )  > ^ <"));
    }
}
