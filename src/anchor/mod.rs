//! Anchoring annotations to text that may change, as the W3C Web Annotation model does it: a
//! position selector (a character range) and a quote selector (the exact text plus about 32
//! characters of context on each side).
//!
//! Finding an anchor again in a changed text ([`Reanchorer`]) goes, in order:
//! 1. through a line diff of the old and new text (when the old text is known): an anchor in an
//!    unchanged stretch maps exactly;
//! 2. exact occurrences of the quote, ranked by context and nearness to the expected place;
//! 3. approximate matches (Myers' bit-parallel search with up to min(256, len/2) errors), ranked
//!    as Hypothesis ranks them: quote, prefix and suffix similarity and nearness, weighted
//!    50/20/20/2. A match is accepted when the quote needs at most a quarter of its length in
//!    edits; otherwise the anchor is orphaned (kept, never dropped, by the caller).
//!
//! Quotes of [`LONG_QUOTE`] characters or more (a page, a chapter) are found piece by piece
//! through an index of the text (`long`), so that placing many of them stays about linear;
//! searches for many quotes in one text use the index too, once it pays for itself.

mod diff;
mod grams;
mod long;
mod myers;

use std::ops::Range;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use grams::GramIndex;

pub use diff::OffsetMap;

/// Characters of context kept on each side of a quote.
pub const CONTEXT_CHARS: usize = 32;
/// Most edits an approximate quote may need, as a share of its length, to be accepted.
const ACCEPTED_ERROR_SHARE: f64 = 0.25;
/// Most edits searched for, as Hypothesis does.
const MAX_SEARCH_ERRORS: usize = 256;
/// Quotes this long are found by their pieces (`long`): a full search would cost the text's
/// length times the quote's / 64.
pub const LONG_QUOTE: usize = 256;
/// Searches of the whole text after which indexing it is cheaper than reading it again.
const SEARCHES_BEFORE_INDEX: usize = 16;
/// Most places a quote's first piece is checked at before the plain search is cheaper.
const MOST_EXACT_PLACES: usize = 4096;

/// Where an annotation is, in two ways that survive different kinds of change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    /// Character range in the text it was made on.
    pub start: usize,
    pub end: usize,
    pub quote: String,
    pub prefix: String,
    pub suffix: String,
}

impl Anchor {
    /// The anchor of byte range `range` of `text`; `start_char` is the character offset of
    /// `range.start` (callers usually know it cheaply).
    pub fn new(text: &str, range: Range<usize>, start_char: usize) -> Anchor {
        let quote = text[range.clone()].to_string();
        let prefix_start = text[..range.start]
            .char_indices()
            .rev()
            .take(CONTEXT_CHARS)
            .last()
            .map_or(range.start, |(i, _)| i);
        let suffix_end = text[range.end..]
            .char_indices()
            .nth(CONTEXT_CHARS)
            .map_or(text.len(), |(i, _)| range.end + i);
        Anchor {
            start: start_char,
            end: start_char + quote.chars().count(),
            prefix: text[prefix_start..range.start].to_string(),
            suffix: text[range.end..suffix_end].to_string(),
            quote,
        }
    }
}

/// Where an anchor was found in the new text (byte ranges of the new text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placement {
    /// The quote, intact.
    Exact(Range<usize>),
    /// A passage close to the quote: the text was edited there.
    Approximate { range: Range<usize>, errors: usize },
    /// Nowhere good enough.
    Orphaned,
}

impl Placement {
    pub fn range(&self) -> Option<Range<usize>> {
        match self {
            Placement::Exact(r) | Placement::Approximate { range: r, .. } => Some(r.clone()),
            Placement::Orphaned => None,
        }
    }
}

/// Finds anchors made on `old` (if known) in `new`; what they share is computed once.
pub struct Reanchorer<'a> {
    new: &'a str,
    map: Option<OffsetMap>,
    /// Byte offset of every 256th character of `new`, for character-to-byte conversions.
    char_marks: Vec<usize>,
    /// Built when first needed. Shared (and thread-safe) so that the annotations of a large
    /// import are placed on several threads at once.
    grams: OnceLock<GramIndex>,
    searches: AtomicUsize,
}

const CHAR_MARK: usize = 256;

impl<'a> Reanchorer<'a> {
    pub fn new(old: Option<&str>, new: &'a str) -> Reanchorer<'a> {
        let char_marks = new
            .char_indices()
            .step_by(CHAR_MARK)
            .map(|(i, _)| i)
            .collect();
        Reanchorer {
            new,
            map: old.map(|old| OffsetMap::new(old, new)),
            char_marks,
            grams: OnceLock::new(),
            searches: AtomicUsize::new(0),
        }
    }

    /// Byte offset in `new` of character `chars` (clamped).
    fn byte_of(&self, chars: usize) -> usize {
        let Some(&mark) = self.char_marks.get(chars / CHAR_MARK) else {
            return self.new.len();
        };
        self.new[mark..]
            .char_indices()
            .nth(chars % CHAR_MARK)
            .map_or(self.new.len(), |(i, _)| mark + i)
    }

    /// Where old character `position` (a bookmark, a reading place) is in the new text, in
    /// characters: exactly through the diff, or near it.
    pub fn map_position(&self, position: usize) -> usize {
        let mapped = match &self.map {
            Some(map) => map.map(position).unwrap_or_else(|| map.nearest(position)),
            None => position,
        };
        mapped.min(self.char_marks.len().saturating_sub(1) * CHAR_MARK + CHAR_MARK)
    }

    pub fn locate(&self, anchor: &Anchor) -> Placement {
        if anchor.quote.is_empty() {
            return Placement::Orphaned;
        }
        // 1. Through the diff.
        let mapped = self
            .map
            .as_ref()
            .map(|m| (m.map(anchor.start), m.map(anchor.end)));
        if let Some((Some(start), Some(end))) = mapped {
            let range = self.byte_of(start)..self.byte_of(end);
            if self.new.get(range.clone()) == Some(anchor.quote.as_str()) {
                return Placement::Exact(range);
            }
        }
        let hint_chars = match mapped {
            Some((Some(start), _)) => start,
            Some((None, _)) => self
                .map
                .as_ref()
                .map_or(anchor.start, |m| m.nearest(anchor.start)),
            None => anchor.start,
        };
        let hint = self.byte_of(hint_chars);

        // 2. The exact quote: where it was with all its context (nothing can rank higher), else
        // wherever it is.
        if self
            .new
            .get(hint..)
            .is_some_and(|t| t.starts_with(&anchor.quote))
        {
            let range = hint..hint + anchor.quote.len();
            if self.context_fits(anchor, &range) {
                return Placement::Exact(range);
            }
        }
        let quote_chars = anchor.quote.chars().count();
        let long = quote_chars >= LONG_QUOTE;
        let exact = self.exact(&anchor.quote, long);
        if let Some((best, _)) = self.best(anchor, hint, exact.into_iter().map(|r| (r, 0))) {
            return Placement::Exact(best);
        }

        // 3. Approximately.
        if long {
            let accepted = (quote_chars as f64 * ACCEPTED_ERROR_SHARE).floor() as usize;
            let index = self.grams(true).expect("built when asked for");
            let candidates = long::candidates(self.new, index, &anchor.quote, accepted);
            return match self.best(anchor, hint, candidates.into_iter()) {
                Some((range, errors)) => Placement::Approximate { range, errors },
                None => Placement::Orphaned,
            };
        }
        let max_errors = MAX_SEARCH_ERRORS.min(quote_chars / 2);
        let accepted = (quote_chars as f64 * ACCEPTED_ERROR_SHARE).floor() as usize;
        let candidates = myers::search(self.new, &anchor.quote, max_errors)
            .into_iter()
            .map(|m| (m.start..m.end, m.errors));
        match self.best(anchor, hint, candidates) {
            Some((range, errors)) if errors <= accepted => {
                let (range, errors) = snap_to_words(self.new, anchor, range, errors, accepted);
                let (range, errors) = self.fit_context(anchor, hint, range, errors, accepted);
                Placement::Approximate { range, errors }
            }
            _ => Placement::Orphaned,
        }
    }

    /// The text's gram index: built when `needed`, or once whole-text searches are frequent
    /// enough to pay for it.
    fn grams(&self, needed: bool) -> Option<&GramIndex> {
        let searches = self.searches.fetch_add(1, Ordering::Relaxed) + 1;
        if needed || searches > SEARCHES_BEFORE_INDEX {
            Some(self.grams.get_or_init(|| GramIndex::new(self.new)))
        } else {
            None
        }
    }

    /// Every exact occurrence of `quote`: through the index (its first piece's places, each
    /// checked whole) when there is one, else by reading the text.
    fn exact(&self, quote: &str, long: bool) -> Vec<Range<usize>> {
        let occurrences = self.grams(long).and_then(|index| {
            let chars: Vec<char> = quote.chars().take(index.span()).collect();
            if chars.len() < index.span() {
                return None;
            }
            let piece: usize = chars.iter().map(|c| c.len_utf8()).sum();
            let mut found = Vec::new();
            index
                .occurrences(
                    self.new,
                    &quote[..piece],
                    &chars,
                    MOST_EXACT_PLACES,
                    &mut found,
                )
                .then_some(found)
        });
        match occurrences {
            Some(starts) => starts
                .into_iter()
                .filter(|&s| self.new[s..].starts_with(quote))
                .map(|s| s..s + quote.len())
                .collect(),
            None => self
                .new
                .match_indices(quote)
                .map(|(i, q)| i..i + q.len())
                .collect(),
        }
    }

    /// Whether the text around `range` is the anchor's context, exactly.
    fn context_fits(&self, anchor: &Anchor, range: &Range<usize>) -> bool {
        let before = tail_chars(&self.new[..range.start], anchor.prefix.chars().count());
        let after = head_chars(&self.new[range.end..], anchor.suffix.chars().count());
        before == anchor.prefix && after == anchor.suffix
    }

    /// The fewest edits may cut a changed passage short ("collapse of trade" is closer to
    /// "collapse of world" than to "collapse of world trade"): when the context around a match
    /// does not fit, its edges are tried at the nearby word edges, ranked like the candidates.
    fn fit_context(
        &self,
        anchor: &Anchor,
        hint: usize,
        range: Range<usize>,
        errors: usize,
        accepted: usize,
    ) -> (Range<usize>, usize) {
        let text = self.new;
        if self.context_fits(anchor, &range) {
            return (range, errors);
        }
        let reach = 4 * errors.max(2);
        let near = |at: usize| {
            let mut from = at.saturating_sub(reach);
            while !text.is_char_boundary(from) {
                from -= 1;
            }
            let mut to = (at + reach).min(text.len());
            while !text.is_char_boundary(to) {
                to += 1;
            }
            text[from..to]
                .char_indices()
                .map(move |(i, _)| from + i)
                .chain(std::iter::once(to))
        };
        let blank = |c: Option<char>| c.is_none_or(char::is_whitespace);
        let starts: Vec<usize> = near(range.start)
            .filter(|&i| blank(text[..i].chars().next_back()) && !blank(text[i..].chars().next()))
            .chain(std::iter::once(range.start))
            .collect();
        let ends: Vec<usize> = near(range.end)
            .filter(|&i| !blank(text[..i].chars().next_back()) && blank(text[i..].chars().next()))
            .chain(std::iter::once(range.end))
            .collect();
        let candidates = starts.iter().flat_map(|&start| {
            ends.iter()
                .filter(move |&&end| end > start)
                .filter_map(move |&end| {
                    let d = myers::distance(&text[start..end], &anchor.quote);
                    (d <= accepted).then_some((start..end, d))
                })
        });
        self.best(anchor, hint, candidates)
            .unwrap_or((range, errors))
    }

    /// The candidate with the best Hypothesis score, and its quote errors.
    fn best(
        &self,
        anchor: &Anchor,
        hint: usize,
        candidates: impl Iterator<Item = (Range<usize>, usize)>,
    ) -> Option<(Range<usize>, usize)> {
        let quote_len = anchor.quote.chars().count().max(1) as f64;
        let text_len = self.new.len().max(1) as f64;
        let mut best: Option<(f64, Range<usize>, usize)> = None;
        for (range, errors) in candidates {
            let quote_score = 1.0 - errors as f64 / quote_len;
            let before = tail_chars(&self.new[..range.start], anchor.prefix.chars().count());
            let after = head_chars(&self.new[range.end..], anchor.suffix.chars().count());
            let prefix_score = similarity(&anchor.prefix, before);
            let suffix_score = similarity(&anchor.suffix, after);
            let position_score = 1.0 - (range.start.abs_diff(hint) as f64 / text_len);
            let score = (50.0 * quote_score
                + 20.0 * prefix_score
                + 20.0 * suffix_score
                + 2.0 * position_score)
                / 92.0;
            if best.as_ref().is_none_or(|(s, _, _)| score > *s) {
                best = Some((score, range, errors));
            }
        }
        best.map(|(_, range, errors)| (range, errors))
    }
}

/// An approximate match may cut a word where the quote did not ("…a bit he|re"). When the quote
/// began or ended on a word boundary, the match's edges move to the nearest boundaries, each way
/// tried, keeping the closest to the quote (ties keep the shorter passage), as long as it stays
/// within the `accepted` number of edits.
fn snap_to_words(
    text: &str,
    anchor: &Anchor,
    range: Range<usize>,
    errors: usize,
    accepted: usize,
) -> (Range<usize>, usize) {
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let cuts_word =
        |at: usize| word(text[..at].chars().next_back()) && word(text[at..].chars().next());
    let starts: Vec<usize> = if word(anchor.prefix.chars().next_back()) || !cuts_word(range.start) {
        vec![range.start]
    } else {
        vec![
            next_word_start(text, range.start),
            word_start_before(text, range.start),
        ]
    };
    let ends: Vec<usize> = if word(anchor.suffix.chars().next()) || !cuts_word(range.end) {
        vec![range.end]
    } else {
        vec![
            word_start_before(text, range.end),
            word_end_after(text, range.end),
        ]
    };
    let mut best = (range, errors, accepted + 1);
    for &start in &starts {
        for &end in &ends {
            let end = text[start..end.max(start)].trim_end().len() + start;
            if end <= start {
                continue;
            }
            let d = myers::distance(&text[start..end], &anchor.quote);
            if d <= accepted && (d, end - start) < (best.2, best.0.len()) {
                best = (start..end, d, d);
            }
        }
    }
    (best.0, best.1)
}

fn word_start_before(text: &str, at: usize) -> usize {
    text[..at]
        .char_indices()
        .rev()
        .find(|(_, c)| !c.is_alphanumeric())
        .map_or(0, |(i, c)| i + c.len_utf8())
}

/// Start of the word after the one that `at` is in.
fn next_word_start(text: &str, at: usize) -> usize {
    let end = word_end_after(text, at);
    end + text[end..].len() - text[end..].trim_start().len()
}

fn word_end_after(text: &str, at: usize) -> usize {
    text[at..]
        .char_indices()
        .find(|(_, c)| !c.is_alphanumeric())
        .map_or(text.len(), |(i, _)| at + i)
}

/// 1 for equal strings, down to 0; empty context is no evidence either way.
fn similarity(expected: &str, found: &str) -> f64 {
    let len = expected.chars().count().max(found.chars().count());
    if len == 0 {
        return 1.0;
    }
    1.0 - myers::distance(expected, found) as f64 / len as f64
}

fn tail_chars(s: &str, n: usize) -> &str {
    let start = s
        .char_indices()
        .rev()
        .take(n)
        .last()
        .map_or(s.len(), |(i, _)| i);
    &s[start..]
}

fn head_chars(s: &str, n: usize) -> &str {
    let end = s.char_indices().nth(n).map_or(s.len(), |(i, _)| i);
    &s[..end]
}

#[cfg(test)]
mod tests;
