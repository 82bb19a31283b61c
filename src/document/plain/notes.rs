//! Note references in plain text: `[12]`, `word(12)`, superscript digits, and `*`, `†`, `‡`
//! after a word, each linked to the note with that number or mark (the first one after the
//! reference, so that notes numbered anew in each chapter work too), and styled as a link.

use std::collections::HashMap;
use std::ops::Range;

use super::super::{BlockKind, Document, Inline, InlineSpan, NoteRef};
use super::lines::list_marker;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Label {
    Number(u32),
    Mark(char),
}

/// Finds the references of `doc`'s notes and links them; every reference, linked or not,
/// stays with the word before it.
pub fn link(doc: &mut Document) {
    let mut refs = Vec::new();
    for block in &doc.blocks {
        let referring = matches!(
            block.kind,
            BlockKind::Paragraph
                | BlockKind::ListItem
                | BlockKind::Verse
                | BlockKind::Heading(_)
                | BlockKind::Centered
        );
        if referring {
            find_refs(&doc.content[block.range()], block.start(), &mut refs);
        }
    }
    doc.marks = refs.iter().map(|(mark, _)| mark.clone()).collect();
    let notes = notes(doc);
    if notes.is_empty() {
        return;
    }
    // Each label's notes, in order, so that a reference finds its note without looking at all
    // of them (a book has thousands of both).
    let mut by_label: HashMap<Label, Vec<Range<usize>>> = HashMap::new();
    for (label, range) in notes {
        by_label.entry(label).or_default().push(range);
    }
    for (mark, label) in refs {
        let Some(notes) = by_label.get(&label) else {
            continue;
        };
        let after = notes.partition_point(|range| range.start < mark.end);
        let target = notes.get(after).or(notes.last());
        if let Some(note) = target {
            doc.notes.push(NoteRef {
                start: mark.start,
                end: mark.end,
                note: note.clone(),
            });
            doc.spans.push(InlineSpan {
                start: mark.start,
                end: mark.end,
                style: Inline::Link,
            });
        }
    }
    doc.spans.sort_by_key(|s| (s.start, s.end));
}

/// The notes, by label, with their byte ranges (a split note's pieces together).
fn notes(doc: &Document) -> Vec<(Label, Range<usize>)> {
    let mut out: Vec<(Label, Range<usize>)> = Vec::new();
    for block in &doc.blocks {
        if block.kind != BlockKind::Note {
            continue;
        }
        if block.continues {
            if let Some((_, range)) = out.last_mut() {
                range.end = block.end();
            }
            continue;
        }
        let text = &doc.content[block.range()];
        let label = match list_marker(text).and_then(|m| m.number) {
            Some(n) => Label::Number(n),
            None => match text.chars().next() {
                Some(c @ ('*' | '†' | '‡')) => Label::Mark(c),
                _ => continue,
            },
        };
        out.push((label, block.range()));
    }
    out
}

/// Longest `*emphasis*` looked back over.
const EMPHASIS_REACH: usize = 200;

const SUPERSCRIPTS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];

/// References in `text` (which starts at byte `base` of the content), in order. Only the bytes
/// that can start a mark are looked at closely: `[`, `(`, `*`, and the superscript digits and
/// daggers (not the curly quotes and dashes that share their first byte).
fn find_refs(text: &str, base: usize, out: &mut Vec<(Range<usize>, Label)>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(at) = bytes[i..].iter().position(|&b| MAY_START[usize::from(b)]) {
        i += at;
        let may = match bytes[i] {
            0xC2 => matches!(bytes.get(i + 1), Some(0xB2 | 0xB3 | 0xB9)),
            0xE2 => matches!(
                (bytes.get(i + 1), bytes.get(i + 2)),
                (Some(0x80), Some(0xA0 | 0xA1)) | (Some(0x81), Some(0xB0..=0xB9))
            ),
            _ => true,
        };
        match may.then(|| mark_at(text, i)).flatten() {
            Some((end, label)) => {
                out.push((base + i..base + end, label));
                i = end;
            }
            None => i += 1,
        }
    }
}

/// The first bytes of a mark: a text's every byte is looked up here, which a plain text of
/// megabytes does faster than a comparison with each.
const MAY_START: [bool; 256] = {
    let mut may = [false; 256];
    let mut k = 0;
    let firsts = [b'[', b'(', b'*', 0xC2, 0xE2];
    while k < firsts.len() {
        may[firsts[k] as usize] = true;
        k += 1;
    }
    may
};

/// The reference mark starting at byte `i` of `text`, if there is one: its end and label.
fn mark_at(text: &str, i: usize) -> Option<(usize, Label)> {
    let bytes = text.as_bytes();
    let c = text[i..].chars().next()?;
    let prev = text[..i].chars().next_back();
    let after_word = prev.is_some_and(|p| !p.is_whitespace());
    match c {
        '[' | '(' if i > 0 => {
            let close = if c == '[' { b']' } else { b')' };
            let digits = bytes[i + 1..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
            let closed = bytes.get(i + 1 + digits) == Some(&close);
            // `(12)` only right after a word: `(1) the first point` is an enumeration.
            let placed = c == '[' || after_word && prev != Some('(');
            ((1..=3).contains(&digits) && closed && placed).then(|| {
                let number = text[i + 1..i + 1 + digits].parse().unwrap_or(0);
                (i + digits + 2, Label::Number(number))
            })
        }
        c if SUPERSCRIPTS.contains(&c) && after_word => {
            let mut number = 0u32;
            let mut end = i;
            for (j, d) in text[i..].char_indices() {
                match SUPERSCRIPTS.iter().position(|&s| s == d) {
                    Some(digit) if j < 12 => {
                        number = number * 10 + digit as u32;
                        end = i + j + d.len_utf8();
                    }
                    _ => break,
                }
            }
            Some((end, Label::Number(number)))
        }
        '*' | '†' | '‡' if after_word && prev != Some('*') => {
            let next = text[i + c.len_utf8()..].chars().next();
            let ends = next.is_none_or(|n| !n.is_alphanumeric() && n != '*');
            (ends && !(c == '*' && closes_emphasis(text, i)))
                .then(|| (i + c.len_utf8(), Label::Mark(c)))
        }
        _ => None,
    }
}

/// The `*` at `i` closes an `*emphasis*` opened earlier: the `*` before it opens a word.
/// Looks no further back than [`EMPHASIS_REACH`] bytes, so that a text full of stars stays linear.
fn closes_emphasis(text: &str, i: usize) -> bool {
    let mut from = i.saturating_sub(EMPHASIS_REACH);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    text[from..i]
        .rfind('*')
        .map(|at| from + at)
        .is_some_and(|open| {
            let before = text[..open].chars().next_back();
            let after = text[open + 1..].chars().next();
            before.is_none_or(char::is_whitespace) && after.is_some_and(|c| !c.is_whitespace())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refs(text: &str) -> Vec<(&str, Label)> {
        let mut out = Vec::new();
        find_refs(text, 0, &mut out);
        out.into_iter().map(|(r, l)| (&text[r], l)).collect()
    }

    #[test]
    fn references_of_every_kind() {
        assert_eq!(
            refs("As Lenin said.[12] Then(3) and more² and this* or that† end"),
            [
                ("[12]", Label::Number(12)),
                ("(3)", Label::Number(3)),
                ("²", Label::Number(2)),
                ("*", Label::Mark('*')),
                ("†", Label::Mark('†')),
            ]
        );
        assert!(refs("(1) the first point, (2) the second, *emphasis*, 5 * 3").is_empty());
        assert_eq!(refs("in 1917 (12)").len(), 0);
        // Every superscript digit and dagger; not the quotes and dashes that share their first
        // byte.
        assert_eq!(
            refs("“Lenin’s”¹ — then³⁴⁰ and⁵⁶ or⁷⁸⁹ so‡"),
            [
                ("¹", Label::Number(1)),
                ("³⁴⁰", Label::Number(340)),
                ("⁵⁶", Label::Number(56)),
                ("⁷⁸⁹", Label::Number(789)),
                ("‡", Label::Mark('‡')),
            ]
        );
    }
}
