//! Kindle's `My Clippings.txt`: every highlight, note and bookmark made on the device, appended
//! in the order they were made, each as a block ended by `==========`:
//!
//! ```text
//! Title (Author)
//! - Your Highlight on page 12 | Location 145-146 | Added on Monday, May 9, 2019 5:36:43 PM
//!
//! The passage.
//! ==========
//! ```
//!
//! The header line is in the device's language; what matters is read from its shape: the kind
//! by a word of each language, the location after `#` or a location word, the page by a page
//! word, the date from the last `|` part. Editing a highlight on the device appends a new
//! block and keeps the old one: of two highlights on overlapping locations where one holds the
//! other (or they start or end together), only the later is kept. A note is attached to the
//! highlight whose locations hold its own; a note with none is kept on its place alone.

use super::{Book, Found, Hint, ImportError, Kind, Read};

/// The words that say what a block is, in the languages Kindle writes (lowercase); bookmarks
/// and notes are tried before highlights ("Markierung" is in "Lesezeichen-Markierung" nowhere,
/// but a note's header never holds a highlight word and the reverse).
const BOOKMARK_WORDS: &[&str] = &[
    "bookmark",
    "lesezeichen",
    "书签",
    "書籤",
    "marcador",
    "signet",
    "segnalibro",
    "ブックマーク",
    "bladwijzer",
    "закладка",
];
const NOTE_WORDS: &[&str] = &[
    "note",
    "notiz",
    "笔记",
    "筆記",
    "nota",
    "メモ",
    "notitie",
    "заметка",
];
const HIGHLIGHT_WORDS: &[&str] = &[
    "highlight",
    "markierung",
    "标注",
    "標註",
    "subrayado",
    "surlignement",
    "evidenziazione",
    "destaque",
    "ハイライト",
    "markering",
    "выделение",
];
const LOCATION_WORDS: &[&str] = &[
    "location",
    "loc.",
    "position",
    "posición",
    "posizione",
    "posição",
    "emplacement",
    "locatie",
    "位置",
    "позиция",
];
const PAGE_WORDS: &[&str] = &[
    "page",
    "seite",
    "página",
    "pagina",
    "页",
    "頁",
    "ページ",
    "страниц",
    "pagina",
];
const SEPARATOR: &str = "==========";
/// Characters two versions of an edited highlight share at their start or end (at most half
/// the shorter one).
const EDIT_KEEPS_CHARS: usize = 16;

/// One block of the file.
#[derive(Debug, Clone)]
struct Clip {
    title: String,
    authors: String,
    kind: Kind,
    /// Kindle locations, first to last.
    locations: Option<(u32, u32)>,
    page: Option<u32>,
    added: Option<i64>,
    text: String,
}

/// Whether `text` looks like a clippings file: a separator line, and a header line starting
/// `- ` with a `|` in it.
pub fn detect(text: &str) -> bool {
    let head: String = text.chars().take(64 * 1024).collect();
    let lines: Vec<&str> = head.lines().map(clean_line).collect();
    lines.contains(&SEPARATOR)
        && lines
            .iter()
            .any(|l| l.starts_with("- ") && l.contains(" | "))
}

pub fn read(text: &str) -> Result<Read, ImportError> {
    let mut clips = Vec::new();
    let mut skipped = 0;
    for block in text.split(SEPARATOR) {
        let mut lines = block.lines().map(clean_line).skip_while(|l| l.is_empty());
        let (Some(title_line), Some(header)) = (lines.next(), lines.next()) else {
            continue;
        };
        let body: Vec<&str> = lines.collect();
        let body = body.join("\n").trim().to_string();
        match clip(title_line, header, body) {
            Some(clip) => clips.push(clip),
            None => skipped += 1,
        }
    }
    if clips.is_empty() {
        return Err(ImportError::Empty("no highlight, note or bookmark".into()));
    }
    Ok(assemble(clips, skipped))
}

/// A line without its carriage return, byte-order marks (Kindle writes one before each title)
/// and surrounding blanks.
fn clean_line(line: &str) -> &str {
    line.trim_matches(|c: char| c == '\u{feff}' || c.is_whitespace())
}

fn clip(title_line: &str, header: &str, text: String) -> Option<Clip> {
    let header = header.strip_prefix('-')?.trim();
    let lower = header.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| lower.contains(w));
    let kind = if has(BOOKMARK_WORDS) {
        Kind::Bookmark
    } else if has(HIGHLIGHT_WORDS) {
        Kind::Highlight
    } else if has(NOTE_WORDS) {
        Kind::Note
    } else {
        // An article clipped, or a kind this reader does not know.
        return None;
    };
    if kind != Kind::Bookmark && text.is_empty() {
        return None;
    }
    let parts: Vec<&str> = lower.split('|').collect();
    let (date, places) = match parts.split_last() {
        Some((date, places)) if !places.is_empty() => (Some(*date), places),
        _ => (None, &parts[..]),
    };
    let mut locations = None;
    let mut page = None;
    for part in places {
        if let Some(at) = part.find('#') {
            locations = locations.or_else(|| range(&part[at + 1..]));
        } else if let Some(at) = LOCATION_WORDS.iter().find_map(|w| part.find(w)) {
            locations = locations.or_else(|| range(&part[at..]));
        }
        if PAGE_WORDS.iter().any(|w| part.contains(w)) {
            // The page's number: before `#` when the location is in the same part.
            let upto = part.find('#').unwrap_or(part.len());
            page = page.or_else(|| range(&part[..upto]).map(|(first, _)| first));
        }
    }
    let (title, authors) = title_and_authors(title_line);
    Some(Clip {
        title,
        authors,
        kind,
        locations,
        page,
        added: date.and_then(parse_date),
        text,
    })
}

/// `Title (Author)`: the last parenthesised part is the author (`Title (Series) (Author)`).
fn title_and_authors(line: &str) -> (String, String) {
    if let Some(inner) = line.strip_suffix(')')
        && let Some(open) = inner.rfind('(')
        && open > 0
    {
        return (
            inner[..open].trim().to_string(),
            inner[open + 1..].trim().to_string(),
        );
    }
    (line.to_string(), String::new())
}

/// The first number or range of numbers in `text` (`145-146`, `1234-35` as Kindle 3 wrote
/// `1234-1235`, `96`).
fn range(text: &str) -> Option<(u32, u32)> {
    let start = text.find(|c: char| c.is_ascii_digit())?;
    let digits = |s: &str| -> String { s.chars().take_while(char::is_ascii_digit).collect() };
    let first_digits = digits(&text[start..]);
    let first: u32 = first_digits.parse().ok()?;
    let rest = text[start + first_digits.len()..].trim_start();
    let Some(after) = rest.strip_prefix('-') else {
        return Some((first, first));
    };
    let last_digits = digits(after.trim_start());
    let Ok(last) = last_digits.parse::<u32>() else {
        return Some((first, first));
    };
    if last >= first {
        return Some((first, last));
    }
    // Abbreviated: the last digits replace the first number's.
    let keep = first_digits.len().saturating_sub(last_digits.len());
    let last = format!("{}{}", &first_digits[..keep], last_digits)
        .parse()
        .unwrap_or(first);
    Some((first, last.max(first)))
}

/// English, German, French, Spanish, Italian, Portuguese and Dutch month names (and their
/// shortest unambiguous beginnings), 1-based.
const MONTHS: &[(&str, u8)] = &[
    ("january", 1),
    ("janvier", 1),
    ("januar", 1),
    ("enero", 1),
    ("gennaio", 1),
    ("janeiro", 1),
    ("januari", 1),
    ("february", 2),
    ("février", 2),
    ("februar", 2),
    ("febrero", 2),
    ("febbraio", 2),
    ("fevereiro", 2),
    ("februari", 2),
    ("march", 3),
    ("mars", 3),
    ("märz", 3),
    ("marzo", 3),
    ("março", 3),
    ("maart", 3),
    ("april", 4),
    ("avril", 4),
    ("abril", 4),
    ("aprile", 4),
    ("may", 5),
    ("mai", 5),
    ("mayo", 5),
    ("maggio", 5),
    ("maio", 5),
    ("mei", 5),
    ("june", 6),
    ("juin", 6),
    ("juni", 6),
    ("junio", 6),
    ("giugno", 6),
    ("junho", 6),
    ("july", 7),
    ("juillet", 7),
    ("juli", 7),
    ("julio", 7),
    ("luglio", 7),
    ("julho", 7),
    ("august", 8),
    ("août", 8),
    ("agosto", 8),
    ("augustus", 8),
    ("september", 9),
    ("septembre", 9),
    ("septiembre", 9),
    ("settembre", 9),
    ("setembro", 9),
    ("october", 10),
    ("octobre", 10),
    ("oktober", 10),
    ("octubre", 10),
    ("ottobre", 10),
    ("outubro", 10),
    ("november", 11),
    ("novembre", 11),
    ("noviembre", 11),
    ("novembro", 11),
    ("december", 12),
    ("décembre", 12),
    ("dezember", 12),
    ("diciembre", 12),
    ("dicembre", 12),
    ("dezembro", 12),
];

/// When a block was added, as written in any of the device's languages (`Added on Sunday,
/// February 23, 2020 2:58:27 PM`, `Hinzugefügt am Sonntag, 7. Mai 2017 22:26:04`,
/// `添加于 2014年6月5日星期四 下午7:34:01`), read as UTC (the device's zone is not written).
fn parse_date(text: &str) -> Option<i64> {
    // Each run of digits, with where it starts.
    let mut numbers: Vec<(usize, u32)> = Vec::new();
    let mut ends: Vec<usize> = Vec::new();
    let mut run: Option<usize> = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (c.is_ascii_digit(), run) {
            (true, None) => run = Some(i),
            (false, Some(start)) => {
                if let Ok(n) = text[start..i].parse() {
                    numbers.push((start, n));
                    ends.push(i);
                }
                run = None;
            }
            _ => {}
        }
    }
    let &(year_at, year) = numbers.iter().find(|(_, n)| (1990..=2200).contains(n))?;
    // The time: the numbers joined by `:`.
    let time_at = text.find(':');
    let (hour, minute, second) = match time_at {
        Some(colon) => {
            let before: Vec<&(usize, u32)> = numbers.iter().filter(|(at, _)| *at < colon).collect();
            let after: Vec<&(usize, u32)> = numbers.iter().filter(|(at, _)| *at > colon).collect();
            let hour = before.last().map_or(0, |(_, h)| *h);
            let minute = after.first().map_or(0, |(_, m)| *m);
            let second = after.get(1).map_or(0, |(_, s)| *s);
            // `AM`/`PM` after the time (not the `am` of `Hinzugefügt am`); 上午/下午 before it.
            let end = numbers
                .iter()
                .zip(&ends)
                .filter(|((at, _), _)| *at > colon)
                .nth(1)
                .or_else(|| numbers.iter().zip(&ends).find(|((at, _), _)| *at > colon))
                .map_or(colon, |(_, end)| *end);
            let tail = text[end..].trim_start().to_lowercase();
            let pm = tail.starts_with("pm")
                || tail.starts_with("p.m.")
                || text.contains("下午")
                || text.contains("午後");
            let am = tail.starts_with("am")
                || tail.starts_with("a.m.")
                || text.contains("上午")
                || text.contains("午前");
            let hour = match (pm, am) {
                (true, _) if hour < 12 => hour + 12,
                (false, true) if hour == 12 => 0,
                _ => hour,
            };
            (hour, minute, second)
        }
        None => (0, 0, 0),
    };
    let day_numbers: Vec<u32> = numbers
        .iter()
        .filter(|(at, n)| {
            *at != year_at && time_at.is_none_or(|c| *at + 3 < c) && (1..=31).contains(n)
        })
        .map(|(_, n)| *n)
        .collect();
    let lower = text.to_lowercase();
    let month_name = MONTHS
        .iter()
        .filter_map(|(name, m)| lower.find(name).map(|at| (at, name.len(), *m)))
        // The longest name at the earliest place ("march" and "mar").
        .min_by_key(|(at, len, _)| (*at, std::cmp::Reverse(*len)))
        .map(|(_, _, m)| m);
    let (month, day) = match month_name {
        Some(month) => (u32::from(month), *day_numbers.first()?),
        // `2014年6月5日`: the numbers after the year.
        None => (*day_numbers.first()?, *day_numbers.get(1)?),
    };
    let date = jiff::civil::Date::new(
        i16::try_from(year).ok()?,
        i8::try_from(month).ok()?,
        i8::try_from(day).ok()?,
    )
    .ok()?;
    let time = jiff::civil::Time::new(
        i8::try_from(hour).ok()?,
        i8::try_from(minute).ok()?,
        i8::try_from(second).ok()?,
        0,
    )
    .ok()?;
    let at = jiff::tz::TimeZone::UTC
        .to_timestamp(date.to_datetime(time))
        .ok()?;
    Some(at.as_second())
}

/// The clips as books and annotations: edited highlights collapsed to their last version,
/// notes attached to their highlights.
fn assemble(clips: Vec<Clip>, skipped: usize) -> Read {
    let mut books: Vec<Book> = Vec::new();
    let mut book_of = |clip: &Clip| -> usize {
        match books
            .iter()
            .position(|b| b.title == clip.title && b.authors == clip.authors)
        {
            Some(i) => i,
            None => {
                books.push(Book {
                    title: clip.title.clone(),
                    authors: clip.authors.clone(),
                    ..Book::default()
                });
                books.len() - 1
            }
        }
    };
    let with_books: Vec<(usize, Clip)> = clips.into_iter().map(|c| (book_of(&c), c)).collect();
    let replaced = replaced_by_later(&with_books);
    let mut duplicates = replaced.iter().filter(|&&r| r).count();
    let mut found: Vec<Found> = Vec::new();
    let mut notes = Vec::new();
    for (i, (book, clip)) in with_books.iter().enumerate() {
        if replaced[i] {
            continue;
        }
        if clip.kind == Kind::Note {
            notes.push((*book, clip));
            continue;
        }
        found.push(found_of(*book, clip));
    }
    for (book, note) in notes {
        // The last highlight holding the note's location (Kindle puts it at the highlight's end).
        let at = note.locations.map(|(_, last)| last);
        let holder = found.iter_mut().rev().find(|f| {
            f.book == book
                && f.kind == Kind::Highlight
                && at.is_some_and(|at| matches!(f.hint, Hint::Kindle { first, last, .. } if first <= at && at <= last))
        });
        match holder {
            Some(f) if f.note.is_empty() => f.note = note.text.clone(),
            // The same note saved again (Kindle appends each save).
            Some(f) if f.note.split("\n\n").any(|n| n == note.text) => duplicates += 1,
            Some(f) => {
                f.note.push_str("\n\n");
                f.note.push_str(&note.text);
            }
            None => found.push(found_of(book, note)),
        }
    }
    Read {
        source: "Kindle",
        books,
        found,
        skipped,
        duplicates,
        cleaned: 0,
    }
}

/// Which highlights a later version replaced. Only highlights whose locations overlap are
/// compared: by book and first location, each with those that begin within it (of any two
/// that overlap, one begins within the other), so that a file of thousands stays fast. Those
/// with no location are compared with the same book's others of no location.
fn replaced_by_later(clips: &[(usize, Clip)]) -> Vec<bool> {
    let mut replaced = vec![false; clips.len()];
    let mut order: Vec<usize> = (0..clips.len())
        .filter(|&i| clips[i].1.kind == Kind::Highlight)
        .collect();
    let first = |i: usize| clips[i].1.locations.map(|(f, _)| f);
    order.sort_by_key(|&i| (clips[i].0, first(i), i));
    for (p, &i) in order.iter().enumerate() {
        let (book, a) = &clips[i];
        let last = a.locations.map(|(_, l)| l);
        for &j in &order[p + 1..] {
            let other = clips[j].0;
            let begins_within = match (first(j), last) {
                (Some(f), Some(l)) => f <= l,
                (None, None) => true,
                _ => false,
            };
            if other != *book || !begins_within {
                break;
            }
            // The one written first is the older version.
            let (older, newer) = if i < j { (i, j) } else { (j, i) };
            if edited_into(&clips[older].1, &clips[newer].1) {
                replaced[older] = true;
            }
        }
    }
    replaced
}

/// Whether highlight `a` was edited into the later `b`: their locations overlap and their
/// words do (one holds the other, or they begin or end alike: the selection was moved at one
/// end). Two highlights side by side may share a location, not their words.
fn edited_into(a: &Clip, b: &Clip) -> bool {
    let words_overlap = || {
        let shorter = a.text.chars().count().min(b.text.chars().count());
        let enough = EDIT_KEEPS_CHARS.min(shorter.div_ceil(2)).max(1);
        let head = a
            .text
            .chars()
            .zip(b.text.chars())
            .take_while(|(x, y)| x == y)
            .count();
        let tail = a
            .text
            .chars()
            .rev()
            .zip(b.text.chars().rev())
            .take_while(|(x, y)| x == y)
            .count();
        a.text.contains(&b.text) || b.text.contains(&a.text) || head >= enough || tail >= enough
    };
    match (a.locations, b.locations) {
        (Some((a1, a2)), Some((b1, b2))) => a1 <= b2 && b1 <= a2 && words_overlap(),
        _ => a.text == b.text,
    }
}

fn found_of(book: usize, clip: &Clip) -> Found {
    let hint = match clip.locations {
        Some((first, last)) => Hint::Kindle {
            first,
            last,
            page: clip.page,
        },
        None => match clip.page {
            Some(page) => Hint::Page(page),
            None => Hint::None,
        },
    };
    let (quote, note) = match clip.kind {
        Kind::Note => (String::new(), clip.text.clone()),
        _ => (clip.text.clone(), String::new()),
    };
    // A highlight's first location stays when it is edited; a page holds many highlights.
    let place = match hint {
        Hint::Kindle { first, .. } => format!("loc {first}"),
        _ => format!("text {}", blake3::hash(clip.text.as_bytes()).to_hex()),
    };
    Found {
        book,
        id: format!("{:?} {place}", clip.kind),
        kind: clip.kind,
        quote,
        note,
        hint,
        created: clip.added,
        ..Found::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_in_several_languages_give_kind_places_and_date() {
        let cases = [
            (
                "- Your Highlight on page 12 | Location 145-146 | Added on Monday, May 9, 2019 5:36:43 PM",
                Kind::Highlight,
                Some((145, 146)),
                Some(12),
                "2019-05-09T17:36:43Z",
            ),
            (
                "- Ihre Markierung auf Seite 7 | bei Position 96-96 | Hinzugefügt am Freitag, 8. Mai 2020 17:23:15",
                Kind::Highlight,
                Some((96, 96)),
                Some(7),
                "2020-05-08T17:23:15Z",
            ),
            (
                "- 您在第 47 页（位置 #708-710）的标注 | 添加于 2021年3月5日星期五 上午1:26:56",
                Kind::Highlight,
                Some((708, 710)),
                Some(47),
                "2021-03-05T01:26:56Z",
            ),
            (
                "- 您在位置 #207 的笔记 | 添加于 2014年6月9日星期一 下午8:54:02",
                Kind::Note,
                Some((207, 207)),
                None,
                "2014-06-09T20:54:02Z",
            ),
            (
                "- La subrayado en la página 4 | posición 60-60 | Añadido el miércoles, 6 de julio de 2022 06:54:57",
                Kind::Highlight,
                Some((60, 60)),
                Some(4),
                "2022-07-06T06:54:57Z",
            ),
            (
                "- Ihr Lesezeichen bei Position 3257 | Hinzugefügt am Dienstag, 8. Juli 2014 22:42:55",
                Kind::Bookmark,
                Some((3257, 3257)),
                None,
                "2014-07-08T22:42:55Z",
            ),
            (
                "- Highlight Loc. 1234-35 | Added on Saturday, March 5, 2011, 12:03 AM",
                Kind::Highlight,
                Some((1234, 1235)),
                None,
                "2011-03-05T00:03:00Z",
            ),
        ];
        for (header, kind, locations, page, date) in cases {
            let clip = clip("A Book (Someone)", header, "text".into()).expect(header);
            assert_eq!(clip.kind, kind, "{header}");
            assert_eq!(clip.locations, locations, "{header}");
            assert_eq!(clip.page, page, "{header}");
            let expected: jiff::Timestamp = date.parse().unwrap();
            assert_eq!(clip.added, Some(expected.as_second()), "{header}");
        }
    }

    fn fixture(name: &str) -> Read {
        let path = format!(
            "{}/tests/fixtures/kindle/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        read(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    fn kinds(read: &Read) -> [usize; 3] {
        let count = |k| read.found.iter().filter(|f| f.kind == k).count();
        [
            count(Kind::Highlight),
            count(Kind::Note),
            count(Kind::Bookmark),
        ]
    }

    /// Real files: a note is attached to its highlight wherever it stands in the file, a note
    /// saved three times is one, an article clipped is skipped.
    #[test]
    fn real_clippings_files_read_whole() {
        let en = fixture("en-fr-mattioofr.txt");
        assert!(detect(
            &std::fs::read_to_string(format!(
                "{}/tests/fixtures/kindle/en-fr-mattioofr.txt",
                env!("CARGO_MANIFEST_DIR")
            ))
            .unwrap()
        ));
        assert_eq!(kinds(&en), [10, 0, 0]);
        assert_eq!(en.books.len(), 2);
        assert_eq!(en.books[0].title, "Make It Stick");
        assert_eq!(en.books[0].authors, "Peter C. Brown");
        assert!(matches!(en.found[9].hint, Hint::Page(12)));

        let zh_de = fixture("zh-de-derjoker.txt");
        assert_eq!(kinds(&zh_de), [7, 0, 2], "{:#?}", zh_de.found);
        assert_eq!(zh_de.skipped, 1, "the article clipped");
        let noted = zh_de.found.iter().find(|f| !f.note.is_empty()).unwrap();
        assert_eq!(noted.note, "absatz -> umsatz");
        assert!(
            noted
                .quote
                .starts_with("Der komplett neu entwickelte Sportwagen")
        );

        let zh_en = fixture("zh-en-herechen.txt");
        let love = zh_en
            .found
            .iter()
            .find(|f| f.quote == "好像突然有了软肋，也突然有了铠甲。")
            .unwrap();
        assert_eq!(love.note, "爱一个人的感觉?");
        assert_eq!(zh_en.duplicates, 2, "the same note saved three times");
        // A note on no highlight stays, on its own.
        assert!(
            zh_en
                .found
                .iter()
                .any(|f| f.kind == Kind::Note && f.note == "多漂亮的话。")
        );
    }

    /// Real edits: a highlight shrunk, one selected again four times with its start moved, are
    /// their last versions; highlights side by side sharing a location are both kept.
    #[test]
    fn edited_highlights_collapse_to_their_last_version() {
        let read = fixture("en-edits-mattioofr.txt");
        assert_eq!(kinds(&read), [5, 0, 0], "{:#?}", read.found);
        assert_eq!(read.duplicates, 4);
        let places: Vec<Option<(u32, u32)>> = read
            .found
            .iter()
            .map(|f| match f.hint {
                Hint::Kindle { first, last, .. } => Some((first, last)),
                _ => None,
            })
            .collect();
        assert_eq!(
            places,
            [
                Some((494, 495)),
                Some((495, 496)),
                Some((689, 695)),
                Some((704, 706)),
                Some((1219, 1221))
            ]
        );
        assert!(
            read.found[4]
                .quote
                .starts_with("Please write, with your finger")
        );
    }

    #[test]
    fn the_last_parenthesised_part_is_the_author() {
        assert_eq!(
            title_and_authors("Meditations (Penguin Classics) (Marcus Aurelius)"),
            (
                "Meditations (Penguin Classics)".into(),
                "Marcus Aurelius".into()
            )
        );
        assert_eq!(
            title_and_authors("Kindle4RSS - Jun 04"),
            ("Kindle4RSS - Jun 04".into(), String::new())
        );
    }
}
