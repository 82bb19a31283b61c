//! A line of a right-to-left paragraph in the order it is seen, left to right, by the Unicode
//! Bidirectional Algorithm (`unicode-bidi`): its right-to-left runs reversed grapheme by
//! grapheme, a number or a Latin word inside kept as it reads. Positions stay logical: the
//! view draws each grapheme where this puts it, and a click finds the grapheme drawn there.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

/// The graphemes of `line` (a right-to-left paragraph's line, its trailing blanks left out),
/// as byte ranges of it, in the order they are seen from left to right.
pub fn visual_order(line: &str) -> Vec<Range<usize>> {
    seen(line).into_iter().map(|(g, _)| g).collect()
}

/// `line` as it is drawn, left to right: its graphemes in visual order, a bracket in a
/// right-to-left run turned to face the other way (`(` drawn `)`), as Unicode's mirroring
/// asks, so that a parenthesis still opens before the words it holds.
pub fn drawn(line: &str) -> Vec<(Range<usize>, Option<char>)> {
    seen(line)
        .into_iter()
        .map(|(g, reversed)| {
            let mut chars = line[g.clone()].chars();
            let mirror = match (chars.next(), chars.next()) {
                (Some(c), None) if reversed => mirrored(c),
                _ => None,
            };
            (g, mirror)
        })
        .collect()
}

/// The character drawn for `c` in a right-to-left run: its mirror image (Unicode's
/// Bidi_Mirroring_Glyph for the brackets and quotes texts use).
fn mirrored(c: char) -> Option<char> {
    const PAIRS: &[(char, char)] = &[
        ('(', ')'),
        ('[', ']'),
        ('{', '}'),
        ('<', '>'),
        ('«', '»'),
        ('‹', '›'),
        ('⁅', '⁆'),
        ('〈', '〉'),
        ('⟨', '⟩'),
    ];
    PAIRS.iter().find_map(|&(a, b)| match c {
        _ if c == a => Some(b),
        _ if c == b => Some(a),
        _ => None,
    })
}

/// Graphemes in visual order, each with whether its run is right to left (reversed).
fn seen(line: &str) -> Vec<(Range<usize>, bool)> {
    let line = line.trim_end();
    let bidi = unicode_bidi::BidiInfo::new(line, Some(unicode_bidi::Level::rtl()));
    let mut seen = Vec::new();
    for para in &bidi.paragraphs {
        let (levels, runs) = bidi.visual_runs(para, para.range.clone());
        for run in runs {
            let graphemes = line[run.clone()]
                .grapheme_indices(true)
                .map(|(at, g)| run.start + at..run.start + at + g.len());
            if levels[run.start].is_rtl() {
                seen.extend(graphemes.rev().map(|g| (g, true)));
            } else {
                seen.extend(graphemes.map(|g| (g, false)));
            }
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn right_to_left_runs_are_reversed_and_numbers_kept() {
        let line = "שלום 123 עולם.  ";
        let seen: String = visual_order(line).into_iter().map(|r| &line[r]).collect();
        assert_eq!(seen, ".םלוע 123 םולש");
    }

    #[test]
    fn brackets_in_a_right_to_left_run_face_the_other_way() {
        let line = "שלום (עולם) [x]";
        let seen: String = drawn(line)
            .into_iter()
            .map(|(g, mirror)| mirror.map_or(line[g].to_string(), String::from))
            .collect();
        // Read right to left, the parenthesis still opens before "עולם".
        assert_eq!(seen, "[x] (םלוע) םולש");
    }
}
