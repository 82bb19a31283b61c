//! Mapping character offsets from an old text to a new one through a line diff (the `similar`
//! crate), refined by a character diff inside small changed stretches. Unchanged text maps
//! exactly; an offset inside a changed stretch gets an estimate, for the quote search to start
//! from.

use std::ops::Range;
use std::time::Duration;

use similar::{DiffTag, TextDiff};

/// Changed stretches up to this many characters (old and new together) are diffed again by
/// characters.
const FINE_CHARS: usize = 20_000;
/// Longest a diff may take before it settles for a coarser answer.
const DIFF_TIMEOUT: Duration = Duration::from_secs(2);

#[derive(Debug, Clone)]
struct Run {
    old: Range<usize>,
    new: Range<usize>,
    equal: bool,
}

/// Character offsets of the old text, mapped to the new one.
#[derive(Debug, Clone)]
pub struct OffsetMap {
    runs: Vec<Run>,
}

impl OffsetMap {
    pub fn new(old: &str, new: &str) -> OffsetMap {
        let old_starts = line_starts(old);
        let new_starts = line_starts(new);
        let diff = TextDiff::configure()
            .timeout(DIFF_TIMEOUT)
            .diff_lines(old, new);
        let mut runs = Vec::with_capacity(diff.ops().len());
        for op in diff.ops() {
            let (tag, o, n) = op.as_tag_tuple();
            let run = Run {
                old: old_starts[o.start].0..old_starts[o.end].0,
                new: new_starts[n.start].0..new_starts[n.end].0,
                equal: tag == DiffTag::Equal,
            };
            let small = run.old.len() + run.new.len() <= FINE_CHARS;
            if run.equal || run.old.is_empty() || run.new.is_empty() || !small {
                runs.push(run);
                continue;
            }
            // A few changed lines (a paragraph edited): diffed again by characters, so that
            // the words that did not change still map exactly.
            let old_text = &old[old_starts[o.start].1..old_starts[o.end].1];
            let new_text = &new[new_starts[n.start].1..new_starts[n.end].1];
            let fine = TextDiff::configure()
                .timeout(DIFF_TIMEOUT)
                .diff_chars(old_text, new_text);
            for op in fine.ops() {
                let (tag, o, n) = op.as_tag_tuple();
                runs.push(Run {
                    old: run.old.start + o.start..run.old.start + o.end,
                    new: run.new.start + n.start..run.new.start + n.end,
                    equal: tag == DiffTag::Equal,
                });
            }
        }
        OffsetMap { runs }
    }

    /// The run holding old offset `offset` (the last run for the very end).
    fn run(&self, offset: usize) -> Option<&Run> {
        let i = self.runs.partition_point(|r| r.old.end <= offset);
        self.runs.get(i).or(self.runs.last())
    }

    /// Where old character `offset` is in the new text, if its line is unchanged.
    pub fn map(&self, offset: usize) -> Option<usize> {
        let run = self.run(offset)?;
        let within = offset.checked_sub(run.old.start)?;
        (run.equal && within <= run.old.len()).then(|| run.new.start + within)
    }

    /// How many characters of old `range` are still there as they were (in unchanged runs).
    pub fn kept(&self, range: Range<usize>) -> usize {
        let first = self.runs.partition_point(|r| r.old.end <= range.start);
        self.runs[first..]
            .iter()
            .take_while(|r| r.old.start < range.end)
            .filter(|r| r.equal)
            .map(|r| r.old.end.min(range.end) - r.old.start.max(range.start))
            .sum()
    }

    /// A new offset near where old `offset` went, even inside a changed stretch: there, at the
    /// same share of the way through the stretch (a few words edited in a paragraph, or the
    /// whole text hard-wrapped, leave the rest where it was).
    pub fn nearest(&self, offset: usize) -> usize {
        match self.run(offset) {
            Some(run) => {
                let within = offset.saturating_sub(run.old.start).min(run.old.len());
                let scaled = within as u128 * run.new.len() as u128 / run.old.len().max(1) as u128;
                run.new.start + (scaled as usize).min(run.new.len())
            }
            None => offset,
        }
    }
}

/// Character and byte offsets of the start of each line (as `similar` splits them: after each
/// `\n`), plus the totals, so that a token range maps to a character range.
fn line_starts(text: &str) -> Vec<(usize, usize)> {
    let mut starts = vec![(0, 0)];
    let (mut chars, mut bytes) = (0, 0);
    for line in text.split_inclusive('\n') {
        chars += line.chars().count();
        bytes += line.len();
        starts.push((chars, bytes));
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unchanged_lines_map_exactly() {
        let old = "alpha\nbeta gamma\ndelta\n";
        let new = "new first line\nalpha\nbeta gamma\ndelta changed\n";
        let map = OffsetMap::new(old, new);
        let beta = old.find("beta").unwrap();
        assert_eq!(map.map(beta), Some(new.find("beta").unwrap()));
        // Inside a changed line, the words that stayed map exactly too.
        let delta = old.find("delta").unwrap();
        assert_eq!(map.map(delta), Some(new.find("delta").unwrap()));
        let edited = OffsetMap::new("one two three\n", "one tw0 three\n");
        assert_eq!(edited.map(8), Some(8));
        assert_eq!(edited.map(6), None);
        assert_eq!(edited.nearest(6), 6);
    }

    #[test]
    fn identical_texts_map_everywhere() {
        let text = "é one\ntwo\n";
        let map = OffsetMap::new(text, text);
        for i in 0..=text.chars().count() {
            assert_eq!(map.map(i), Some(i));
        }
    }
}
