//! An index of a text's short runs of characters (grams of [`GRAM`] characters, every `step`-th
//! one), so that the pieces of a quote are found by lookup instead of by reading the whole text
//! once per quote. Any exact occurrence of at least [`GramIndex::span`] characters contains an
//! indexed gram at one of `step` offsets, so lookups miss nothing.

const GRAM: usize = 12;
/// Every gram is indexed in texts of up to `MOST_GRAMS` characters (a piece is then found with
/// one lookup); longer texts are sampled sparser so that the index stays under about 48 MB.
const MOST_GRAMS: usize = 1 << 22;

pub struct GramIndex {
    step: usize,
    /// `64 - log2(buckets)`: a gram's bucket is the top bits of its hash.
    shift: u32,
    /// Bucket `b`'s entries are `entries[starts[b]..starts[b + 1]]`.
    starts: Vec<u32>,
    /// (the hash's low half, byte offset of the gram in the text): texts are under 4 GiB.
    entries: Vec<(u32, u32)>,
}

impl GramIndex {
    pub fn new(text: &str) -> GramIndex {
        let chars = text.chars().count();
        let step = chars.div_ceil(MOST_GRAMS).max(1);
        let mut found = Vec::with_capacity(chars / step + 1);
        let mut window = [(0usize, '\0'); GRAM];
        for (n, (at, c)) in text.char_indices().enumerate() {
            window[n % GRAM] = (at, c);
            let Some(first) = (n + 1).checked_sub(GRAM) else {
                continue;
            };
            if first % step == 0 {
                let gram = (first..=n).map(|k| window[k % GRAM].1);
                found.push((hash(gram), window[first % GRAM].0 as u32));
            }
        }
        let bits = found.len().next_power_of_two().max(2).trailing_zeros();
        let shift = 64 - bits;
        let mut starts = vec![0u32; (1 << bits) + 1];
        for &(h, _) in &found {
            starts[(h >> shift) as usize + 1] += 1;
        }
        for b in 1..starts.len() {
            starts[b] += starts[b - 1];
        }
        let mut next = starts.clone();
        let mut entries = vec![(0, 0); found.len()];
        for (h, at) in found {
            let slot = &mut next[(h >> shift) as usize];
            entries[*slot as usize] = (h as u32, at);
            *slot += 1;
        }
        GramIndex {
            step,
            shift,
            starts,
            entries,
        }
    }

    /// The shortest piece whose occurrences the index finds all of.
    pub fn span(&self) -> usize {
        GRAM + self.step - 1
    }

    /// Byte offsets of the indexed grams equal (by hash) to `gram`.
    fn postings(&self, gram: &[char]) -> impl Iterator<Item = usize> + '_ {
        let h = hash(gram.iter().copied());
        let b = (h >> self.shift) as usize;
        self.entries[self.starts[b] as usize..self.starts[b + 1] as usize]
            .iter()
            .filter(move |(e, _)| *e == h as u32)
            .map(|&(_, at)| at as usize)
    }

    /// Every byte offset where `piece` (its characters `chars`, at least [`Self::span`] of them)
    /// occurs in `text`, the text indexed, added to `found` in order; false (and `found` as it
    /// was) when its grams are so common that more than `most` places would need checking.
    pub fn occurrences(
        &self,
        text: &str,
        piece: &str,
        chars: &[char],
        most: usize,
        found: &mut Vec<usize>,
    ) -> bool {
        debug_assert!(chars.len() >= self.span());
        let mut checked = 0;
        let before = found.len();
        // The occurrence's one indexed gram starts `offset` characters into it.
        for offset in 0..self.step {
            for at in self.postings(&chars[offset..offset + GRAM]) {
                checked += 1;
                if checked > most {
                    found.truncate(before);
                    return false;
                }
                let start = match offset {
                    0 => Some(at),
                    _ => text[..at]
                        .char_indices()
                        .rev()
                        .nth(offset - 1)
                        .map(|(i, _)| i),
                };
                let Some(start) = start else { continue };
                if text[start..].starts_with(piece) {
                    found.push(start);
                }
            }
        }
        found[before..].sort_unstable();
        true
    }
}

/// FNV-1a over the characters, then a final mix so that the top bits (the bucket) vary.
fn hash(chars: impl Iterator<Item = char>) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for c in chars {
        h = (h ^ u64::from(c)).wrapping_mul(0x0100_0000_01b3);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^ (h >> 33)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn all(text: &str, piece: &str) -> Vec<usize> {
        text.match_indices(piece).map(|(i, _)| i).collect()
    }

    #[test]
    fn finds_every_occurrence_at_any_alignment() {
        let text = "Stalin’s rise to power marked a sharp deviation from these principles. \
                    Stalin’s rise to power — and again: xStalin’s rise to power."
            .to_string();
        let index = GramIndex::new(&text);
        let piece = "Stalin’s rise to power";
        let chars: Vec<char> = piece.chars().collect();
        let mut found = vec![7];
        assert!(index.occurrences(&text, piece, &chars, 100, &mut found));
        assert_eq!(found[1..], all(&text, piece));
        assert!(!index.occurrences(&text, piece, &chars, 1, &mut found));
        assert_eq!(found.len(), 4);
    }

    proptest! {
        #[test]
        fn agrees_with_a_plain_search(text in "[ab é]{0,300}", from in 0usize..300, len in 15usize..40) {
            let index = GramIndex::new(&text);
            let chars: Vec<char> = text.chars().collect();
            let from = from.min(chars.len());
            let piece_chars: Vec<char> = chars[from..(from + len).min(chars.len())].to_vec();
            prop_assume!(piece_chars.len() >= index.span());
            let piece: String = piece_chars.iter().collect();
            let mut found = Vec::new();
            prop_assert!(index.occurrences(&text, &piece, &piece_chars, usize::MAX, &mut found));
            // match_indices skips overlapping occurrences; the index finds them all.
            let mut expected: Vec<usize> = text
                .char_indices()
                .filter(|(i, _)| text[*i..].starts_with(&piece))
                .map(|(i, _)| i)
                .collect();
            expected.sort_unstable();
            prop_assert_eq!(found, expected);
        }
    }
}
