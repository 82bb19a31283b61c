//! A line of a right-to-left paragraph in the order it is seen, left to right, by the Unicode
//! Bidirectional Algorithm (`unicode-bidi`): its right-to-left runs reversed grapheme by
//! grapheme, a number or a Latin word inside kept as it reads. Positions stay logical: the
//! view draws each grapheme where this puts it, and a click finds the grapheme drawn there.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

/// The graphemes of `line` (a right-to-left paragraph's line, its trailing blanks left out),
/// as byte ranges of it, in the order they are seen from left to right.
pub fn visual_order(line: &str) -> Vec<Range<usize>> {
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
                seen.extend(graphemes.rev());
            } else {
                seen.extend(graphemes);
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
}
