//! Cloze text, as Anki writes it: `{{c1::answer}}` or `{{c1::answer::hint}}` marks a blank;
//! each cloze number is one card. Malformed markup is plain text.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

/// One blank of a cloze text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Blank<'a> {
    /// Byte range of the whole `{{c1::…}}`.
    span: Range<usize>,
    number: u32,
    answer: &'a str,
    hint: Option<&'a str>,
}

fn blanks(text: &str) -> Vec<Blank<'_>> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find("{{c").map(|i| from + i) {
        let rest = &text[open + 3..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let body_start = open + 3 + digits + 2;
        let ok = digits > 0 && rest[digits..].starts_with("::");
        let close = ok.then(|| text[body_start..].find("}}")).flatten();
        match (rest[..digits].parse::<u32>(), close) {
            (Ok(number), Some(close)) if number > 0 => {
                let body = &text[body_start..body_start + close];
                let (answer, hint) = match body.split_once("::") {
                    Some((a, h)) => (a, Some(h)),
                    None => (body, None),
                };
                let end = body_start + close + 2;
                found.push(Blank {
                    span: open..end,
                    number,
                    answer,
                    hint,
                });
                from = end;
            }
            _ => from = open + 3,
        }
    }
    found
}

/// The cloze numbers of a text, each once, in order.
pub fn numbers(text: &str) -> Vec<u32> {
    let mut numbers: Vec<u32> = blanks(text).iter().map(|b| b.number).collect();
    numbers.sort_unstable();
    numbers.dedup();
    numbers
}

/// The question side of card `number`: its blanks shown as `[…]` (or `[hint]`), the other
/// blanks filled in.
pub fn question(text: &str, number: u32) -> String {
    render(text, |b| {
        if b.number == number {
            format!("[{}]", b.hint.unwrap_or("…"))
        } else {
            b.answer.to_string()
        }
    })
    .0
}

/// The answer side of card `number`: every blank filled in, with the byte ranges of this
/// card's answers (to show them marked).
pub fn answer(text: &str, number: u32) -> (String, Vec<Range<usize>>) {
    let (filled, marked) = render(text, |b| b.answer.to_string());
    let ranges = marked
        .into_iter()
        .filter(|(n, _)| *n == number)
        .map(|(_, r)| r)
        .collect();
    (filled, ranges)
}

/// `text` with each blank replaced by `fill(blank)`, and where each replacement landed.
fn render(text: &str, fill: impl Fn(&Blank) -> String) -> (String, Vec<(u32, Range<usize>)>) {
    let mut out = String::with_capacity(text.len());
    let mut marks = Vec::new();
    let mut at = 0;
    for b in blanks(text) {
        out.push_str(&text[at..b.span.start]);
        let start = out.len();
        out.push_str(&fill(&b));
        marks.push((b.number, start..out.len()));
        at = b.span.end;
    }
    out.push_str(&text[at..]);
    (out, marks)
}

/// Bytes `range` of `text` widened to whole words, as Unicode word boundaries (UAX #29) cut
/// them: a selection that cuts a word takes all of it, and in Chinese or Japanese, where each
/// ideograph is a word, it stays what was selected.
pub fn whole_words(text: &str, range: Range<usize>) -> Range<usize> {
    let (mut start, mut end) = (range.start, range.end);
    for (at, word) in text.split_word_bound_indices() {
        let span = at..at + word.len();
        if !word.chars().any(char::is_alphanumeric) {
            continue;
        }
        if span.start < start && start < span.end {
            start = span.start;
        }
        if span.start < end && end < span.end {
            end = span.end;
        }
    }
    start..end
}

/// Turns bytes `range` of `text` into the next cloze (one more than the highest so far).
pub fn blank_out(text: &str, range: Range<usize>) -> String {
    let next = numbers(text).last().copied().unwrap_or(0) + 1;
    format!(
        "{}{{{{c{next}::{}}}}}{}",
        &text[..range.start],
        &text[range.clone()],
        &text[range.end..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str =
        "The {{c1::Comintern}} was dissolved in {{c2::1943::year}} by {{c1::Stalin}}.";

    #[test]
    fn blanks_take_whole_words_and_single_ideographs() {
        let text = "The Comintern was dissolved.";
        let cut = text.find("omint").unwrap();
        assert_eq!(&text[whole_words(text, cut..cut + 5)], "Comintern");
        let chinese = "斯大林解散了共产国际，这是最后一击。";
        let start = chinese.find("共产").unwrap();
        let range = start..start + "共产".len();
        assert_eq!(&chinese[whole_words(chinese, range)], "共产");
        let japanese = "スターリンはコミンテルンを解散した。";
        let start = japanese.find("解散").unwrap();
        let range = start..start + "解散".len();
        assert_eq!(&japanese[whole_words(japanese, range)], "解散");
    }

    #[test]
    fn one_card_per_number() {
        assert_eq!(numbers(TEXT), [1, 2]);
        assert_eq!(question(TEXT, 1), "The […] was dissolved in 1943 by […].");
        assert_eq!(
            question(TEXT, 2),
            "The Comintern was dissolved in [year] by Stalin."
        );
        let (filled, marked) = answer(TEXT, 1);
        assert_eq!(filled, "The Comintern was dissolved in 1943 by Stalin.");
        let words: Vec<&str> = marked.iter().map(|r| &filled[r.clone()]).collect();
        assert_eq!(words, ["Comintern", "Stalin"]);
    }

    #[test]
    fn blanking_out_numbers_the_next_cloze() {
        let text = "Socialism in one country";
        let once = blank_out(text, 13..16);
        assert_eq!(once, "Socialism in {{c1::one}} country");
        let start = once.find("country").unwrap();
        let twice = blank_out(&once, start..start + 7);
        assert_eq!(twice, "Socialism in {{c1::one}} {{c2::country}}");
    }

    #[test]
    fn malformed_markup_is_text() {
        for text in [
            "{{c::x}}",
            "{{c1:x}}",
            "{{c1::never closed",
            "{{c0::zero}}",
            "{{",
        ] {
            assert!(numbers(text).is_empty(), "{text}");
            assert_eq!(question(text, 1), text);
        }
    }
}
