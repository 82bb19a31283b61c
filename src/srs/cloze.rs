//! Cloze text, as Anki writes it: `{{c1::answer}}` or `{{c1::answer::hint}}` marks a blank;
//! each cloze number is one card. Blanks nest, as in Anki: `{{c2::born in {{c1::1870}}}}` is a
//! card that hides the whole phrase and one that hides the year. Malformed markup is plain text.
//! Parsing and rendering are one pass each, with a stack, never recursion: any depth is read.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

/// One blank of a cloze text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Blank {
    /// Byte range of the whole `{{c1::…}}`.
    span: Range<usize>,
    number: u32,
    /// Where its answer ends: at `::hint` or at the closing `}}`.
    answer_end: usize,
    /// Where its answer starts, past `{{c1::`.
    answer_start: usize,
    hint: Option<Range<usize>>,
}

/// An opened blank, waiting for its `}}`.
struct Open {
    at: usize,
    number: u32,
    answer_start: usize,
    /// The end of the last blank closed inside it: its hint's `::` comes after.
    last_inner_end: usize,
}

/// The blanks of `text`, in order of their end; a `}}` closes the innermost open blank, and a
/// blank never closed is text (what it holds may still be blanks).
fn blanks(text: &str) -> Vec<Blank> {
    let mut found = Vec::new();
    let mut open: Vec<Open> = Vec::new();
    let mut from = 0;
    let bytes = text.as_bytes();
    while from < text.len() {
        // The next `{{c` or `}}`, found in one scan (a search for each would be quadratic).
        let Some(at) = bytes[from..]
            .windows(2)
            .position(|w| w == b"}}" || w == b"{{")
            .map(|i| from + i)
        else {
            break;
        };
        let (next_open, next_close) = match bytes[at] {
            b'{' if text[at..].starts_with("{{c") => (Some(at), None),
            b'{' => {
                from = at + 1;
                continue;
            }
            _ => (None, Some(at)),
        };
        match (next_open, next_close) {
            (Some(at), _) => {
                let rest = &text[at + 3..];
                let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
                let number = rest[..digits].parse::<u32>().ok().filter(|&n| n > 0);
                match number {
                    Some(number) if rest[digits..].starts_with("::") => {
                        let answer_start = at + 3 + digits + 2;
                        open.push(Open {
                            at,
                            number,
                            answer_start,
                            last_inner_end: answer_start,
                        });
                        from = answer_start;
                    }
                    _ => from = at + 3,
                }
            }
            (_, Some(close)) => {
                from = close + 2;
                let Some(o) = open.pop() else {
                    continue;
                };
                let hint_at = text[o.last_inner_end..close]
                    .find("::")
                    .map(|i| o.last_inner_end + i);
                if let Some(outer) = open.last_mut() {
                    outer.last_inner_end = close + 2;
                }
                found.push(Blank {
                    span: o.at..close + 2,
                    number: o.number,
                    answer_start: o.answer_start,
                    answer_end: hint_at.unwrap_or(close),
                    hint: hint_at.map(|h| h + 2..close),
                });
            }
            _ => break,
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

/// The question side of card `number`: its blanks shown as `[…]` (or `[hint]`), whatever they
/// hold; the other blanks filled in.
pub fn question(text: &str, number: u32) -> String {
    render(text, Some(number)).0
}

/// The answer side of card `number`: every blank filled in, with the byte ranges of this
/// card's answers (to show them marked).
pub fn answer(text: &str, number: u32) -> (String, Vec<Range<usize>>) {
    let (filled, marked) = render(text, None);
    let ranges = marked
        .into_iter()
        .filter(|(n, _)| *n == number)
        .map(|(_, r)| r)
        .collect();
    (filled, ranges)
}

/// `text` with each blank filled with its answer, except those numbered `hidden`, shown as
/// `[…]`; and where each filled blank landed.
fn render(text: &str, hidden: Option<u32>) -> (String, Vec<(u32, Range<usize>)>) {
    let blanks = blanks(text);
    // Each blank opens at its start and closes at its answer's end: positions all distinct,
    // and an inner blank closes before the blank around it.
    let mut events: Vec<(usize, bool, usize)> = blanks
        .iter()
        .enumerate()
        .flat_map(|(i, b)| [(b.span.start, true, i), (b.answer_end, false, i)])
        .collect();
    events.sort_unstable();
    let mut out = String::with_capacity(text.len());
    let mut marks = Vec::new();
    let mut starts = vec![0; blanks.len()];
    let mut hiding: Option<usize> = None;
    let mut at = 0;
    for (position, opens, i) in events {
        let b = &blanks[i];
        if hiding.is_none() {
            out.push_str(&text[at..position]);
        }
        if opens {
            if hiding.is_none() && hidden == Some(b.number) {
                let hint = b.hint.clone().map_or("…", |h| &text[h]);
                out.push('[');
                out.push_str(hint);
                out.push(']');
                hiding = Some(i);
            }
            starts[i] = out.len();
            at = b.answer_start;
        } else {
            if hiding == Some(i) {
                hiding = None;
            } else if hiding.is_none() {
                marks.push((b.number, starts[i]..out.len()));
            }
            at = b.span.end;
        }
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
    fn blanks_nest_as_in_anki() {
        // Blanking out a passage that holds a blank nests it (Ctrl-B in the card editor).
        let text = "Marx wrote {{c4::independently in {{c2::1870::year}}}} and {{c1::x}}.";
        assert_eq!(numbers(text), [1, 2, 4]);
        assert_eq!(question(text, 4), "Marx wrote […] and x.");
        assert_eq!(
            question(text, 2),
            "Marx wrote independently in [year] and x."
        );
        let (filled, marked) = answer(text, 4);
        assert_eq!(filled, "Marx wrote independently in 1870 and x.");
        let words: Vec<&str> = marked.iter().map(|r| &filled[r.clone()]).collect();
        assert_eq!(words, ["independently in 1870"]);
        let (_, marked) = answer(text, 2);
        assert_eq!(
            marked
                .iter()
                .map(|r| &filled[r.clone()])
                .collect::<Vec<_>>(),
            ["1870"]
        );
        // The outer blank's hint comes after what it holds.
        let hinted = "{{c1::in {{c2::1870}}::when}}";
        assert_eq!(question(hinted, 1), "[when]");
        assert_eq!(question(hinted, 2), "in […]");
        assert_eq!(blank_out("a {{c1::b}} c", 0..13), "{{c2::a {{c1::b}} c}}");
    }

    #[test]
    fn any_depth_is_read_in_linear_time() {
        let depth = 100_000;
        let text = format!("{}deep{}", "{{c1::".repeat(depth), "}}".repeat(depth));
        let started = std::time::Instant::now();
        assert_eq!(numbers(&text), [1]);
        assert_eq!(question(&text, 1), "[…]");
        assert_eq!(answer(&text, 1).0, "deep");
        assert!(started.elapsed().as_secs() < 2);
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
