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
    /// Slot of each ASCII character (0: not in the pattern), without allocating: stretches of
    /// text are aligned by the thousand when a long quote is placed.
    ascii: [u32; 128],
    other: HashMap<char, u32>,
    /// Slot `s`'s masks are `masks[s * blocks..(s + 1) * blocks]`; slot 0 is all zeros.
    masks: Vec<u64>,
}

impl Peq {
    fn new(pattern: &[char]) -> Peq {
        let blocks = pattern.len().div_ceil(W).max(1);
        let mut peq = Peq {
            blocks,
            ascii: [0; 128],
            other: HashMap::new(),
            masks: vec![0; blocks],
        };
        for (i, &c) in pattern.iter().enumerate() {
            let slot = match peq.slot(c) {
                0 => {
                    let slot = (peq.masks.len() / blocks) as u32;
                    peq.masks.resize(peq.masks.len() + blocks, 0);
                    if c.is_ascii() {
                        peq.ascii[c as usize] = slot;
                    } else {
                        peq.other.insert(c, slot);
                    }
                    slot
                }
                slot => slot,
            };
            peq.masks[slot as usize * blocks + i / W] |= 1 << (i % W);
        }
        peq
    }

    fn slot(&self, c: char) -> u32 {
        if c.is_ascii() {
            self.ascii[c as usize]
        } else {
            self.other.get(&c).copied().unwrap_or(0)
        }
    }

    fn get(&self, c: char) -> &[u64] {
        let slot = self.slot(c) as usize;
        &self.masks[slot * self.blocks..(slot + 1) * self.blocks]
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
        .map(|(end, errors)| {
            let from_end = text[..end].char_indices().rev();
            let (start, _) = pinned(&chars, from_end, chars.len() + errors, end, true);
            Match { start, end, errors }
        })
        .collect()
}

/// Aligns `pattern` with text read from a fixed edge (`edge`, where nothing is consumed), one
/// character at a time from `text` as `(boundary after it, char)`, reading at most `reach`
/// characters; returns the boundary where the pattern fits with the fewest edits (the farthest
/// among equals) and those edits. Read backwards, `pattern` must be given reversed: `reversed`
/// says so.
fn pinned(
    pattern: &[char],
    text: impl Iterator<Item = (usize, char)>,
    reach: usize,
    edge: usize,
    reversed: bool,
) -> (usize, usize) {
    let ordered: Vec<char>;
    let pattern = if reversed {
        ordered = pattern.iter().rev().copied().collect();
        &ordered[..]
    } else {
        pattern
    };
    if pattern.is_empty() {
        return (edge, 0);
    }
    let peq = Peq::new(pattern);
    let mut cols = Columns::new(pattern.len(), peq.blocks);
    let (mut at, mut best) = (edge, pattern.len());
    for (read, (boundary, c)) in text.take(reach).enumerate() {
        // A span longer than the pattern by more than the best edits so far cannot beat them.
        if read > pattern.len() + best {
            break;
        }
        cols.advance(peq.get(c), true);
        if cols.score <= best {
            (at, best) = (boundary, cols.score);
        }
    }
    (at, best)
}

/// Where `pattern` ends best in `text[start..]`, read forwards from `start` for at most `reach`
/// characters: the end and the edits (the farthest end among equals).
pub fn best_end(text: &str, pattern: &str, start: usize, reach: usize) -> (usize, usize) {
    let chars: Vec<char> = pattern.chars().collect();
    let forwards = text[start..]
        .char_indices()
        .map(|(i, c)| (start + i + c.len_utf8(), c));
    pinned(&chars, forwards, reach, start, false)
}

/// Where `pattern` starts best in `text[..end]`, read backwards from `end` for at most `reach`
/// characters: the start and the edits (the farthest start among equals).
pub fn best_start(text: &str, pattern: &str, end: usize, reach: usize) -> (usize, usize) {
    let chars: Vec<char> = pattern.chars().collect();
    pinned(&chars, text[..end].char_indices().rev(), reach, end, true)
}

/// Edit distance between `a` and `b`, bit-parallel: time grows with one's length times the
/// other's / 64.
pub fn distance(a: &str, b: &str) -> usize {
    // What both start and end with costs nothing (an optimal alignment matches it), and is
    // most of a stretch with one word changed.
    let head = common_prefix(a, b);
    let (a, b) = (&a[head..], &b[head..]);
    let tail = common_suffix(a, b);
    let (a, b) = (&a[..a.len() - tail], &b[..b.len() - tail]);
    // The distance is symmetric: the shorter one (in bytes, a bound on characters) is the
    // pattern, so that one block does when either is short.
    let (a, b) = if b.len() > a.len() { (b, a) } else { (a, b) };
    let mut short = ['\0'; W];
    let mut len = 0;
    for c in b.chars() {
        if len == W {
            return distance_long(a, b);
        }
        short[len] = c;
        len += 1;
    }
    if len == 0 {
        return a.chars().count();
    }
    // One block, its masks made by comparing with each character of `b`: nothing allocated,
    // as placing a long quote aligns many short stretches.
    let pattern = &short[..len];
    let mut cols = OneBlock::new(len);
    for c in a.chars() {
        let eq = pattern
            .iter()
            .enumerate()
            .fold(0u64, |eq, (i, &p)| eq | (u64::from(p == c) << i));
        cols.advance(eq);
    }
    cols.score
}

/// Bytes of the characters that `a` and `b` start with alike.
pub fn common_prefix(a: &str, b: &str) -> usize {
    a.chars()
        .zip(b.chars())
        .take_while(|(x, y)| x == y)
        .map(|(c, _)| c.len_utf8())
        .sum()
}

/// Bytes of the characters that `a` and `b` end with alike.
pub fn common_suffix(a: &str, b: &str) -> usize {
    a.chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .map(|(c, _)| c.len_utf8())
        .sum()
}

fn distance_long(a: &str, b: &str) -> usize {
    let pattern: Vec<char> = b.chars().collect();
    let peq = Peq::new(&pattern);
    let mut cols = Columns::new(pattern.len(), peq.blocks);
    for c in a.chars() {
        cols.advance(peq.get(c), true);
    }
    cols.score
}

/// [`Columns`] for a pattern of at most 64 characters, pinned: global alignment.
struct OneBlock {
    pv: u64,
    mv: u64,
    last: u64,
    score: usize,
}

impl OneBlock {
    fn new(len: usize) -> OneBlock {
        OneBlock {
            pv: !0,
            mv: 0,
            last: 1 << (len - 1),
            score: len,
        }
    }

    fn advance(&mut self, eq: u64) {
        let (pv, mv) = (self.pv, self.mv);
        let xv = eq | mv;
        let xh = ((eq & pv).wrapping_add(pv) ^ pv) | eq;
        let mut ph = mv | !(xh | pv);
        let mut mh = pv & xh;
        if ph & self.last != 0 {
            self.score += 1;
        } else if mh & self.last != 0 {
            self.score -= 1;
        }
        // Pinned: the top row grows by one with each character of the text.
        ph = (ph << 1) | 1;
        mh <<= 1;
        self.pv = mh | !(xv | ph);
        self.mv = ph & xv;
    }
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

    #[test]
    fn pinned_edges() {
        let text = "one two three four";
        assert_eq!(best_end(text, "two thre", 4, 100), (12, 0));
        assert_eq!(best_end(text, "twoo", 4, 100), (8, 1));
        assert_eq!(best_start(text, "tree four", 18, 100), (8, 1));
        assert_eq!(best_start(text, "", 18, 100), (18, 0));
        // Reading no further than asked.
        assert_eq!(best_end(text, "two three", 4, 3), (7, 6));
    }

    /// Global edit distance by the textbook table.
    fn slow_distance(a: &[char], b: &[char]) -> usize {
        let mut row: Vec<usize> = (0..=b.len()).collect();
        for (i, &ca) in a.iter().enumerate() {
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

        #[test]
        fn distance_agrees_with_the_textbook_table(a in "[abé ]{0,200}", b in "[abé ]{0,200}") {
            let ac: Vec<char> = a.chars().collect();
            let bc: Vec<char> = b.chars().collect();
            prop_assert_eq!(distance(&a, &b), slow_distance(&ac, &bc));
        }
    }
}
