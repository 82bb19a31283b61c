//! Approximate string search: Myers' bit-parallel edit-distance algorithm (1999), in Hyyrö's
//! block form so that patterns of any length work (diff-match-patch's Bitap stops at 32
//! characters, too short for a sentence). As in the approx-string-match library that
//! Hypothesis uses, the pattern may start anywhere in the text (semi-global alignment).
//!
//! Works on characters, not bytes: an edited accented letter is one error, not two.

use std::collections::HashMap;

const W: usize = 64;

/// A place where the pattern matches with `errors` edits; `start..end` are byte offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    pub start: usize,
    pub end: usize,
    pub errors: usize,
}

/// For each character of the pattern, the rows (as bits, 64 per block) where it occurs.
struct Peq {
    blocks: usize,
    ascii: Vec<Option<usize>>,
    other: HashMap<char, usize>,
    masks: Vec<Vec<u64>>,
    none: Vec<u64>,
}

impl Peq {
    fn new(pattern: &[char]) -> Peq {
        let blocks = pattern.len().div_ceil(W).max(1);
        let mut peq = Peq {
            blocks,
            ascii: vec![None; 128],
            other: HashMap::new(),
            masks: Vec::new(),
            none: vec![0; blocks],
        };
        for (i, &c) in pattern.iter().enumerate() {
            let slot = match peq.slot(c) {
                Some(slot) => slot,
                None => {
                    peq.masks.push(vec![0; blocks]);
                    let slot = peq.masks.len() - 1;
                    if c.is_ascii() {
                        peq.ascii[c as usize] = Some(slot);
                    } else {
                        peq.other.insert(c, slot);
                    }
                    slot
                }
            };
            peq.masks[slot][i / W] |= 1 << (i % W);
        }
        peq
    }

    fn slot(&self, c: char) -> Option<usize> {
        if c.is_ascii() {
            self.ascii[c as usize]
        } else {
            self.other.get(&c).copied()
        }
    }

    fn get(&self, c: char) -> &[u64] {
        self.slot(c).map_or(&self.none, |s| &self.masks[s])
    }
}

/// The state of the search: vertical deltas of each block, and the score at its last row.
struct Columns {
    pv: Vec<u64>,
    mv: Vec<u64>,
    last_row: Vec<u64>,
    score: usize,
}

impl Columns {
    fn new(len: usize, blocks: usize) -> Columns {
        let mut last_row = vec![1u64 << (W - 1); blocks];
        last_row[blocks - 1] = 1 << ((len.max(1) - 1) % W);
        Columns {
            pv: vec![!0; blocks],
            mv: vec![0; blocks],
            last_row,
            score: len,
        }
    }

    /// Advances every block by one text character; afterwards `score` is the edit distance of
    /// the whole pattern to the best text span ending at this character. `pinned` makes the
    /// span start at the first character (global alignment on the text side).
    fn advance(&mut self, eq: &[u64], pinned: bool) {
        let mut carry: i32 = i32::from(pinned);
        for (b, &eq) in eq.iter().enumerate() {
            carry = self.advance_block(b, eq, carry);
        }
        self.score = (self.score as i64 + i64::from(carry)) as usize;
    }

    /// One step of block `b` given the horizontal delta `h_in` from the block above; returns the
    /// delta at its last row (Hyyrö 2003).
    fn advance_block(&mut self, b: usize, eq: u64, h_in: i32) -> i32 {
        let pv = self.pv[b];
        let mv = self.mv[b];
        let h_in_negative = u64::from(h_in < 0);
        let eq = eq | h_in_negative;
        let xv = eq | mv;
        let xh = ((eq & pv).wrapping_add(pv) ^ pv) | eq;
        let mut ph = mv | !(xh | pv);
        let mut mh = pv & xh;
        let last = self.last_row[b];
        let h_out = i32::from(ph & last != 0) - i32::from(mh & last != 0);
        ph <<= 1;
        mh <<= 1;
        mh |= h_in_negative;
        ph |= u64::from(h_in > 0);
        self.pv[b] = mh | !(xv | ph);
        self.mv[b] = ph & xv;
        h_out
    }
}

/// Every place where `pattern` matches `text` with at most `max_errors` edits: the best end of
/// each run of acceptable ends, with its start. Sorted by position.
pub fn search(text: &str, pattern: &str, max_errors: usize) -> Vec<Match> {
    let chars: Vec<char> = pattern.chars().collect();
    if chars.is_empty() {
        return Vec::new();
    }
    let peq = Peq::new(&chars);
    let mut cols = Columns::new(chars.len(), peq.blocks);
    // Ends: (byte end, errors), keeping the local minimum of each run below the threshold.
    let mut ends: Vec<(usize, usize)> = Vec::new();
    let mut in_run = false;
    for (i, c) in text.char_indices() {
        cols.advance(peq.get(c), false);
        let end = i + c.len_utf8();
        if cols.score <= max_errors {
            match ends.last_mut() {
                Some(last) if in_run && cols.score <= last.1 => *last = (end, cols.score),
                Some(_) if in_run => {}
                _ => ends.push((end, cols.score)),
            }
            in_run = true;
        } else {
            in_run = false;
        }
    }
    ends.into_iter()
        .map(|(end, errors)| Match {
            start: match_start(text, &chars, end, errors),
            end,
            errors,
        })
        .collect()
}

/// Where the match ending at byte `end` with `errors` edits starts: the reversed pattern is
/// aligned with the text read backwards from `end` (pinned there), and the start with the
/// fewest edits wins, the longest span among equals.
fn match_start(text: &str, pattern: &[char], end: usize, errors: usize) -> usize {
    let reversed: Vec<char> = pattern.iter().rev().copied().collect();
    let peq = Peq::new(&reversed);
    let mut cols = Columns::new(reversed.len(), peq.blocks);
    let longest = pattern.len() + errors;
    let (mut start, mut best) = (end, pattern.len());
    for (taken, (i, c)) in text[..end].char_indices().rev().enumerate() {
        if taken >= longest {
            break;
        }
        cols.advance(peq.get(c), true);
        if cols.score <= best {
            (start, best) = (i, cols.score);
        }
    }
    start
}

/// Edit distance between two short strings (for prefix and suffix context).
pub fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != cb))
                .min(above + 1)
                .min(row[j] + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn exact_and_approximate_matches() {
        let text = "the quick brown fox jumps over the lazy dog";
        assert_eq!(
            search(text, "brown fox", 0),
            [Match {
                start: 10,
                end: 19,
                errors: 0
            }]
        );
        let found = search(text, "brwn fax", 2);
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].start..found[0].end], "brown fox");
        assert_eq!(found[0].errors, 2);
        assert!(search(text, "elephant", 2).is_empty());
    }

    #[test]
    fn long_patterns_span_blocks() {
        let sentence = "Stalin’s rise to power marked a sharp deviation from these principles, \
            and the shift from internationalism to a narrow focus on the Soviet Union followed.";
        assert!(sentence.chars().count() > 128);
        let text = format!("Intro text. {sentence} Closing text.");
        let edited = sentence
            .replace("sharp", "sharper")
            .replace("narrow", "marrow");
        let found = search(&text, &edited, 10);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(&text[found[0].start..found[0].end], sentence);
        assert_eq!(found[0].errors, 3);
    }

    #[test]
    fn several_places() {
        let text = "abc xbc abd";
        let found = search(text, "abc", 1);
        let spans: Vec<&str> = found.iter().map(|m| &text[m.start..m.end]).collect();
        assert_eq!(spans, ["abc", "xbc", "abd"]);
    }

    #[test]
    fn distances() {
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("día", "dia"), 1);
    }

    /// Edit distance by the textbook table, semi-global (free start and end in the text).
    fn slow_best(text: &[char], pattern: &[char]) -> usize {
        let mut prev: Vec<usize> = (0..=pattern.len()).collect();
        let mut best = prev[pattern.len()];
        for &t in text {
            let mut row = vec![0; pattern.len() + 1];
            for (i, &p) in pattern.iter().enumerate() {
                row[i + 1] = (prev[i] + usize::from(p != t))
                    .min(prev[i + 1] + 1)
                    .min(row[i] + 1);
            }
            best = best.min(row[pattern.len()]);
            prev = row;
        }
        best
    }

    proptest! {
        #[test]
        fn agrees_with_the_textbook_table(text in "[abcé ]{0,150}", pattern in "[abcé]{1,140}") {
            let tc: Vec<char> = text.chars().collect();
            let pc: Vec<char> = pattern.chars().collect();
            let best = slow_best(&tc, &pc);
            let found = search(&text, &pattern, pc.len());
            let min = found.iter().map(|m| m.errors).min().unwrap_or(pc.len());
            prop_assert_eq!(min.min(pc.len()), best);
            for m in found {
                prop_assert_eq!(distance(&text[m.start..m.end], &pattern), m.errors);
            }
        }
    }
}
