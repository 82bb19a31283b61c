//! Bounds on what markup can make the parsers do, checked on the text before it is parsed, in
//! one pass each: how deep HTML nests, how much an XML file's entities expand to, and the text
//! of a page too large for a tree of its elements.
//!
//! A browser keeps at most 512 levels of elements (Chrome's parser); html5ever keeps them all,
//! and what walks its tree (the reader view's scoring, the conversion into blocks, a nav's
//! nested lists) recurses or looks at every ancestor: 20,000 nested `<span>` overflowed the
//! stack, 100,000 nested `<div>` took minutes. So tags past [`MOST_DEPTH`] levels are dropped
//! before parsing, and their text kept, where they are. And an XML file that declares
//! entities is refused when using them would make it larger than [`MOST_EXPANDED`] (an entity
//! of 10 KB used 50,000 times in a 1.4 KB book took 7.3 GB).

use std::borrow::Cow;
use std::collections::HashMap;

/// Levels of elements kept; the tags of deeper ones are dropped (their text is kept).
pub const MOST_DEPTH: usize = 256;

/// The most an XML file's entities may add to it, in bytes.
pub const MOST_EXPANDED: usize = 16 << 20;

/// Elements that never hold anything (no end tag).
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];
/// Elements whose content is text up to their end tag.
const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
];
/// Elements a new one of the same name closes (`<p>one<p>two`, `<li>a<li>b`).
const SELF_CLOSING: &[&str] = &[
    "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "rb", "rt", "rp",
];

/// `html` with the tags of elements nested deeper than [`MOST_DEPTH`] taken out (borrowed
/// when none is). The nesting is followed as a parser would, roughly: void elements, raw text,
/// comments, end tags that close the elements opened since, and the elements a new one of the
/// same name closes.
pub fn shallow_html(html: &str) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut open: Vec<&str> = Vec::new();
    // Elements whose start tag was dropped, by name: their end tags go too.
    let mut dropped: HashMap<String, usize> = HashMap::new();
    let mut cuts: Vec<std::ops::Range<usize>> = Vec::new();
    let mut at = 0;
    while let Some(lt) = memchr(b'<', bytes, at) {
        at = lt + 1;
        let rest = &html[lt..];
        if rest.starts_with("<!--") {
            at = rest.find("-->").map_or(bytes.len(), |i| lt + i + 3);
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            at = memchr(b'>', bytes, lt).map_or(bytes.len(), |i| i + 1);
            continue;
        }
        let closing = rest.as_bytes().get(1) == Some(&b'/');
        let name_start = lt + 1 + usize::from(closing);
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-' || **b == b':')
            .count();
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            continue; // a `<` in text
        }
        let name = &html[name_start..name_start + name_len];
        let end = tag_end(bytes, name_start + name_len);
        let tag = lt..end;
        at = end;
        let self_closed = end >= 2 && bytes[end - 2] == b'/';
        let is = |list: &[&str]| list.iter().any(|n| n.eq_ignore_ascii_case(name));
        if closing {
            let lower = name.to_ascii_lowercase();
            if let Some(n) = dropped.get_mut(&lower).filter(|n| **n > 0) {
                *n -= 1;
                cuts.push(tag);
            } else if let Some(i) = open.iter().rposition(|o| o.eq_ignore_ascii_case(name)) {
                open.truncate(i);
            }
            continue;
        }
        if is(RAW_TEXT) && !self_closed {
            // Skipped to its end tag, which is kept with it.
            let close = format!("</{}", name.to_ascii_lowercase());
            at = find_ignoring_case(html, &close, end).map_or(bytes.len(), |i| {
                memchr(b'>', bytes, i).map_or(bytes.len(), |j| j + 1)
            });
            continue;
        }
        if is(VOID) || self_closed {
            continue;
        }
        if is(SELF_CLOSING)
            && open
                .last()
                .is_some_and(|top| top.eq_ignore_ascii_case(name))
        {
            open.pop();
        }
        if open.len() >= MOST_DEPTH {
            *dropped.entry(name.to_ascii_lowercase()).or_default() += 1;
            cuts.push(tag);
        } else {
            open.push(name);
        }
    }
    if cuts.is_empty() {
        return Cow::Borrowed(html);
    }
    let mut kept = String::with_capacity(html.len());
    let mut from = 0;
    for cut in cuts {
        kept.push_str(&html[from..cut.start]);
        from = cut.end;
    }
    kept.push_str(&html[from..]);
    Cow::Owned(kept)
}

/// Elements that start a new paragraph of a page's text.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "tr",
    "blockquote",
    "section",
    "article",
    "header",
    "footer",
    "pre",
    "table",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "hr",
    "figure",
    "aside",
    "nav",
    "main",
];

/// The text of a page, read without a tree of its elements (a page of hundreds of megabytes
/// took eight times its size as one): paragraphs at block elements, a line break at `<br>`,
/// runs of blanks as one space, the common entities decoded, scripts, styles and the head left
/// out. One pass; the result is at most as long as the page.
pub fn page_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len() / 2);
    push_page_text(&mut text, html);
    text
}

/// [`page_text`], appended to `text`.
pub fn push_page_text(text: &mut String, html: &str) {
    let bytes = html.as_bytes();
    let start = text.len();
    let mut at = 0;
    loop {
        let lt = memchr(b'<', bytes, at).unwrap_or(bytes.len());
        push_text(text, &html[at..lt]);
        if lt == bytes.len() {
            break;
        }
        let rest = &html[lt..];
        if rest.starts_with("<!--") {
            at = rest.find("-->").map_or(bytes.len(), |i| lt + i + 3);
            continue;
        }
        let closing = rest.as_bytes().get(1) == Some(&b'/');
        let name_start = lt + 1 + usize::from(closing);
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if rest.starts_with("<!") || rest.starts_with("<?") {
            at = memchr(b'>', bytes, lt).map_or(bytes.len(), |i| i + 1);
            continue;
        }
        if name_len == 0 {
            push_text(text, "<");
            at = lt + 1;
            continue;
        }
        let name = html[name_start..name_start + name_len].to_ascii_lowercase();
        at = tag_end(bytes, name_start + name_len);
        if !closing && (RAW_TEXT.contains(&name.as_str()) || name == "head") {
            let close = format!("</{name}");
            at = find_ignoring_case(html, &close, at).map_or(bytes.len(), |i| {
                memchr(b'>', bytes, i).map_or(bytes.len(), |j| j + 1)
            });
        } else if name == "br" {
            text.truncate(text.trim_end_matches(' ').len());
            text.push('\n');
        } else if BLOCKS.contains(&name.as_str()) {
            text.truncate(text.trim_end_matches([' ', '\n']).len().max(start));
            if text.len() > start {
                text.push_str("\n\n");
            }
        }
    }
    text.truncate(text.trim_end().len().max(start));
}

/// Appends a run of a page's text: blanks collapsed, entities decoded.
fn push_text(text: &mut String, run: &str) {
    for (i, piece) in run.split('&').enumerate() {
        let rest = match i {
            0 => piece,
            _ => match decode_entity(piece) {
                Some((c, used)) => {
                    push_blanks_collapsed(text, c.encode_utf8(&mut [0; 4]));
                    &piece[used..]
                }
                None => {
                    push_blanks_collapsed(text, "&");
                    piece
                }
            },
        };
        push_blanks_collapsed(text, rest);
    }
}

fn push_blanks_collapsed(text: &mut String, run: &str) {
    let blank = |c: char| c.is_whitespace() && c != '\u{a0}';
    for (i, word) in run.split(blank).enumerate() {
        if i > 0 && !(text.is_empty() || text.ends_with([' ', '\n'])) {
            text.push(' ');
        }
        text.push_str(word);
    }
}

/// The character of the entity `after` starts with (what follows an `&`), and the bytes it
/// takes with its `;`.
fn decode_entity(after: &str) -> Option<(char, usize)> {
    let end = after.get(..after.len().min(12))?.find(';')?;
    let name = &after[..end];
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code).filter(|c| !c.is_control() || *c == '\n')?
        }
    };
    Some((c, end + 1))
}

/// Where the tag whose name ends at `from` ends: past its `>`, quoted attribute values
/// skipped.
fn tag_end(bytes: &[u8], from: usize) -> usize {
    let mut quote = None;
    for (i, &b) in bytes.iter().enumerate().skip(from) {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), b) if b == q => quote = None,
            (None, b'>') => return i + 1,
            _ => {}
        }
    }
    bytes.len()
}

fn memchr(needle: u8, bytes: &[u8], from: usize) -> Option<usize> {
    bytes
        .get(from..)?
        .iter()
        .position(|&b| b == needle)
        .map(|i| from + i)
}

/// The first `needle` (lowercase ASCII) in `text` from `from`, in any case.
fn find_ignoring_case(text: &str, needle: &str, from: usize) -> Option<usize> {
    let (text, needle) = (text.as_bytes(), needle.as_bytes());
    (from..text.len().saturating_sub(needle.len() - 1))
        .find(|&i| text[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

/// Refuses `xml` when its entities would expand it by more than [`MOST_EXPANDED`] bytes: each
/// declared general entity's length is worked out (the entities it uses expanded, ten levels at
/// most, as roxmltree allows), and summed over its uses. Says by how much.
pub fn check_entities(xml: &str) -> Result<(), String> {
    let Some(subset_start) = xml
        .find("<!DOCTYPE")
        .and_then(|d| xml[d..].find('[').map(|i| d + i))
    else {
        return Ok(());
    };
    let Some(subset_end) = xml[subset_start..].find("]>").map(|i| subset_start + i) else {
        return Ok(());
    };
    let subset = &xml[subset_start..subset_end];
    let mut values: HashMap<&str, &str> = HashMap::new();
    let mut rest = subset;
    while let Some(i) = rest.find("<!ENTITY") {
        rest = rest[i + 8..].trim_start();
        if rest.starts_with('%') {
            continue; // a parameter entity: not used in the text
        }
        let name_len = rest.find(|c: char| c.is_whitespace()).unwrap_or(rest.len());
        let name = &rest[..name_len];
        let after = rest[name_len..].trim_start();
        let Some(quote) = after.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            continue;
        };
        let Some(close) = after[1..].find(quote) else {
            break;
        };
        values.insert(name, &after[1..1 + close]);
        rest = &after[1 + close..];
    }
    if values.is_empty() {
        return Ok(());
    }
    // Each entity's expanded length, its uses' expansions counted first (ten levels at most;
    // deeper is roxmltree's error anyway). Worked out in rounds, without recursion.
    let mut lengths: HashMap<&str, usize> = HashMap::new();
    for _ in 0..=10 {
        for (name, value) in &values {
            let length = expanded_length(value, &lengths);
            lengths.insert(name, length);
        }
    }
    let added = uses(&xml[subset_end..])
        .filter_map(|name| lengths.get(name))
        .fold(0usize, |sum, n| sum.saturating_add(*n));
    if added > MOST_EXPANDED {
        return Err(format!(
            "its entities would expand it by {} MB, more than the {} MB gloss allows",
            added >> 20,
            MOST_EXPANDED >> 20
        ));
    }
    Ok(())
}

/// The length of `value` with the entities it uses replaced by their `lengths` (unknown ones,
/// the predefined `&amp;` and the like, count as themselves).
fn expanded_length(value: &str, lengths: &HashMap<&str, usize>) -> usize {
    let mut length = value.len();
    for name in uses(value) {
        if let Some(n) = lengths.get(name) {
            length = length.saturating_add(*n);
        }
    }
    length
}

/// The names of the entities used in `text` (`&name;`), character references left out.
fn uses(text: &str) -> impl Iterator<Item = &str> {
    text.split('&').skip(1).filter_map(|after| {
        let name = &after[..after.find(';')?];
        (!name.is_empty() && !name.starts_with('#') && !name.contains(char::is_whitespace))
            .then_some(name)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_nesting_keeps_its_text_and_the_first_levels() {
        let n = 100_000;
        let html = format!(
            "<p>a</p>{}deep{}<p>b</p>",
            "<div>".repeat(n),
            "</div>".repeat(n)
        );
        let shallow = shallow_html(&html);
        assert_eq!(shallow.matches("<div>").count(), MOST_DEPTH);
        assert_eq!(shallow.matches("</div>").count(), MOST_DEPTH);
        assert!(shallow.contains("deep") && shallow.ends_with("<p>b</p>"));
        // Unclosed formatting and paragraphs, as old pages have them.
        let spans = "<span>".repeat(n) + "text";
        assert_eq!(shallow_html(&spans).matches("<span>").count(), MOST_DEPTH);
    }

    #[test]
    fn ordinary_pages_are_untouched() {
        let page = "<html><head><title>a<b</title><script>if (a<b) {}</script></head><body>\
                    <p>one<p>two<br><img src='x>y'><ul><li>a<li>b</ul><!-- <div> -->\
                    <input/>3 < 4</body></html>";
        assert!(matches!(shallow_html(page), Cow::Borrowed(_)));
        let many_paragraphs = "<p>text".repeat(10_000);
        assert!(matches!(shallow_html(&many_paragraphs), Cow::Borrowed(_)));
        let mut nested = String::new();
        for _ in 0..MOST_DEPTH {
            nested.push_str("<div class=\"a>b\">");
        }
        assert!(matches!(shallow_html(&nested), Cow::Borrowed(_)));
    }

    #[test]
    fn a_pages_text_is_read_in_one_pass() {
        let page = "<html><head><title>T</title><style>p {}</style></head><body>\
                    <h1>The  Title</h1><p>One &amp; two&nbsp;three &#8212; four<br>five</p>\
                    <script>if (a < b) {}</script><div>Six <b>bold</b> 3 < 4 &bogus;</div></body></html>";
        assert_eq!(
            page_text(page),
            "The Title\n\nOne & two\u{a0}three \u{2014} four\nfive\n\nSix bold 3 < 4 &bogus;"
        );
        let long = format!("<p>{}</p>", "word ".repeat(100_000));
        assert_eq!(page_text(&long).len(), "word ".len() * 100_000 - 1);
    }

    #[test]
    fn entity_bombs_are_refused_and_ordinary_entities_pass() {
        let bomb = format!(
            "<?xml version=\"1.0\"?><!DOCTYPE p [<!ENTITY a \"{}\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]><p>{}</p>",
            "x".repeat(1000),
            "&b;".repeat(50_000)
        );
        let err = check_entities(&bomb).unwrap_err();
        assert!(err.contains("478 MB"), "{err}");
        let mut laughs = String::from("<!DOCTYPE l [<!ENTITY l0 \"lol\">");
        for i in 1..10 {
            let previous = format!("&l{};", i - 1);
            laughs.push_str(&format!("<!ENTITY l{i} \"{}\">", previous.repeat(10)));
        }
        laughs.push_str("]><l>&l9;</l>");
        assert!(check_entities(&laughs).is_err());
        let fine = "<!DOCTYPE p [<!ENTITY nbsp \"&#160;\"><!ENTITY t \"The Title\">]><p>&t; &amp; &nbsp;</p>";
        assert_eq!(check_entities(fine), Ok(()));
        assert_eq!(check_entities("<p>no DTD &amp; all</p>"), Ok(()));
    }
}
