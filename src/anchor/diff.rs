//! Mapping character offsets from an old text to a new one through a line diff (the `similar`
//! crate). Unchanged lines map exactly; an offset inside a changed stretch only gets a nearby
//! estimate, for the quote search to start from.

use std::ops::Range;
use std::time::Duration;

use similar::{DiffTag, TextDiff};

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
        let runs = diff
            .ops()
            .iter()
            .map(|op| {
                let (tag, o, n) = op.as_tag_tuple();
                Run {
                    old: old_starts[o.start]..old_starts[o.end],
                    new: new_starts[n.start]..new_starts[n.end],
                    equal: tag == DiffTag::Equal,
                }
            })
            .collect();
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

    /// A new offset near where old `offset` went, even inside a changed stretch.
    pub fn nearest(&self, offset: usize) -> usize {
        match self.run(offset) {
            Some(run) => {
                let within = offset.saturating_sub(run.old.start);
                run.new.start + within.min(run.new.len())
            }
            None => offset,
        }
    }
}

/// Character offset of the start of each line (as `similar` splits them: after each `\n`),
/// plus the total, so that a token range maps to a character range.
fn line_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    let mut chars = 0;
    for line in text.split_inclusive('\n') {
        chars += line.chars().count();
        starts.push(chars);
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
        let delta = old.find("delta").unwrap();
        assert_eq!(map.map(delta), None);
        let near = map.nearest(delta);
        assert!(new[near..].starts_with("delta changed"));
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
