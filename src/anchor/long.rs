//! Long quotes (a page, a chapter) found piece by piece, in time that grows with the quote and
//! its edits rather than with the text times the quote: the quote's pieces that occur exactly
//! are looked up in a [`GramIndex`]; pieces that line up (close diagonals) make a place; at each
//! of the best places the longest chain of pieces in order is kept, and only the stretches
//! between them, and the quote's two edges, are aligned character by character.

use std::cmp::Reverse;
use std::ops::Range;

use super::grams::GramIndex;
use super::{ACCEPTED_ERROR_SHARE, myers};

/// A piece found in more places than this says little about where the quote is.
const MOST_PLACES: usize = 16;
/// Pieces looked up in a quote, at least, before looking up only every few of them.
const PIECES_LOOKED_UP: usize = 64;
/// Most pieces skipped (less one) between two looked up.
const MOST_STRIDE: usize = 4;
/// Places aligned in full, then ranked by the caller.
const PLACES_TRIED: usize = 3;
/// Largest places considered for joining with them.
const PLACES_JOINED: usize = 64;
/// Pieces before one (in the quote's order) that may precede it in a chain: enough to step over
/// a few stray ones.
const LOOK_BACK: usize = 16;
/// The shift of diagonal (bytes) within which pieces belong to one place.
const LOCAL_SHIFT: i64 = 64;
/// Most work (characters times blocks of 64) spent aligning one stretch exactly; a stretch
/// beyond it (an edge or a gap of thousands of characters, all edited) counts as all edits.
const STRETCH_WORK: usize = 1 << 22;

/// A piece of the quote found in the text (byte offsets into each, byte length).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Hit {
    quote: usize,
    text: usize,
    len: usize,
}

impl Hit {
    fn diagonal(&self) -> i64 {
        self.text as i64 - self.quote as i64
    }
}

/// The places where `quote` may be in `text`, each with its range and its edits (at most
/// `accepted` of them).
pub fn candidates(
    text: &str,
    index: &GramIndex,
    quote: &str,
    accepted: usize,
) -> Vec<(Range<usize>, usize)> {
    let chars: Vec<char> = quote.chars().collect();
    let bytes: Vec<usize> = quote.char_indices().map(|(i, _)| i).collect();
    let byte = |n: usize| bytes.get(n).copied().unwrap_or(quote.len());
    let span = index.span();
    let mut hits = Vec::new();
    let mut places = Vec::new();
    // A long quote is looked up by every few pieces: a stretch between two found pieces that is
    // unchanged costs one comparison, and one that was edited is short enough to align.
    let pieces = chars.len() / span;
    let stride = (pieces / PIECES_LOOKED_UP).clamp(1, MOST_STRIDE);
    for first in (0..(chars.len() + 1).saturating_sub(span)).step_by(span * stride) {
        let (from, to) = (byte(first), byte(first + span));
        let piece = &chars[first..first + span];
        places.clear();
        if index.occurrences(text, &quote[from..to], piece, MOST_PLACES, &mut places) {
            hits.extend(places.iter().map(|&at| Hit {
                quote: from,
                text: at,
                len: to - from,
            }));
        }
    }
    // Pieces a few edits apart line up within a small shift of their diagonal; a long insertion
    // or deletion inside the quote splits it into places that follow each other, joined below.
    hits.sort_by_key(Hit::diagonal);
    let mut groups: Vec<&[Hit]> = hits
        .chunk_by(|a, b| b.diagonal() - a.diagonal() <= LOCAL_SHIFT)
        .collect();
    groups.sort_by_key(|g| Reverse(g.len()));
    groups.truncate(PLACES_JOINED);
    // What a piece adds to a chain at most: the stretch from the piece looked up before it.
    let gain = 2 * span * stride;
    let mut places: Vec<Place> = groups.into_iter().map(|g| Place::new(g, gain)).collect();
    places.sort_by_key(|p| Reverse(p.hits.len()));
    let reach = accepted as i64 * 4;
    let mut tried: Vec<Vec<Hit>> = Vec::new();
    for seed in 0..places.len().min(PLACES_TRIED) {
        let mut joined = vec![&places[seed]];
        for other in &places {
            if joined
                .iter()
                .all(|p| p.follows(other, reach) || other.follows(p, reach))
            {
                joined.push(other);
            }
        }
        let mut hits: Vec<Hit> = joined.iter().flat_map(|p| p.hits.iter().copied()).collect();
        hits.sort_by_key(|h| (h.quote, h.text));
        if !tried.contains(&hits) {
            tried.push(hits);
        }
    }
    let most = tried.iter().map(Vec::len).max().unwrap_or(0);

    tried
        .iter()
        .filter(|hits| hits.len() * 2 >= most)
        .filter_map(|hits| align(text, quote, &chain(hits, gain), accepted))
        .collect()
}

/// Pieces found close to one diagonal, chained: the quote or part of it, with few edits.
struct Place {
    hits: Vec<Hit>,
    quote: Range<usize>,
    text: Range<usize>,
}

impl Place {
    fn new(hits: &[Hit], gain: usize) -> Place {
        // Ranges of the chain, not of every hit: a common phrase found near the place, out of
        // order, must not widen it.
        let hits = chain(hits, gain);
        let (first, last) = (hits[0], hits[hits.len() - 1]);
        Place {
            quote: first.quote..last.quote + last.len,
            text: first.text..last.text + last.len,
            hits,
        }
    }

    /// Whether `self` can be the quote's part that comes after `before`'s, in the same passage:
    /// later in both the quote and the text, within `reach` bytes of edits.
    fn follows(&self, before: &Place, reach: i64) -> bool {
        let shift = (self.text.start as i64 - self.quote.start as i64)
            - (before.text.start as i64 - before.quote.start as i64);
        self.quote.start >= before.quote.end
            && self.text.start >= before.text.end
            && shift.abs() <= reach
    }
}

/// The best run of `hits` in order in both the quote and the text, none overlapping the one
/// before: each piece counts the stretch it adds (the shorter of the quote's and the text's, at
/// most `gain` bytes), each shift of diagonal between two pieces (an insertion or a deletion)
/// costs its size, so a stray piece far off is left out.
fn chain(hits: &[Hit], gain: usize) -> Vec<Hit> {
    let mut hits = hits.to_vec();
    hits.sort_by_key(|h| (h.quote, h.text));
    let mut score: Vec<i64> = Vec::with_capacity(hits.len());
    let mut before: Vec<Option<usize>> = Vec::with_capacity(hits.len());
    for (i, b) in hits.iter().enumerate() {
        let mut best = (b.len as i64, None);
        for (j, a) in hits
            .iter()
            .enumerate()
            .take(i)
            .skip(i.saturating_sub(LOOK_BACK))
        {
            if a.quote + a.len <= b.quote && a.text + a.len <= b.text {
                let added = (b.quote - a.quote).min(b.text - a.text).min(gain) as i64;
                let s = score[j] + added - (b.diagonal() - a.diagonal()).abs();
                if s > best.0 {
                    best = (s, Some(j));
                }
            }
        }
        score.push(best.0);
        before.push(best.1);
    }
    let mut at = (0..hits.len()).max_by_key(|&i| score[i]);
    let mut chain = Vec::new();
    while let Some(i) = at {
        chain.push(hits[i]);
        at = before[i];
    }
    chain.reverse();
    chain
}

/// The range and edits of the quote aligned through `chain`, if within `accepted` edits.
fn align(text: &str, quote: &str, chain: &[Hit], accepted: usize) -> Option<(Range<usize>, usize)> {
    let (first, last) = (chain.first()?, chain.last()?);
    let mut errors = 0;
    for pair in chain.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        errors += stretch(
            &text[a.text + a.len..b.text],
            &quote[a.quote + a.len..b.quote],
        );
        if errors > accepted {
            return None;
        }
    }
    // The edges: the quote's head ends where the first piece starts, its tail starts where the
    // last one ends.
    let (start, head_errors) = edge(
        text,
        &quote[..first.quote],
        first.text,
        accepted - errors,
        true,
    );
    errors += head_errors;
    if errors > accepted {
        return None;
    }
    let tail_start = last.text + last.len;
    let tail = &quote[tail_start - last.text + last.quote..];
    let (end, tail_errors) = edge(text, tail, tail_start, accepted - errors, false);
    errors += tail_errors;
    (errors <= accepted).then_some((start..end, errors))
}

/// Where the quote's edge `part` (its head read `backwards` from `at`, or its tail read onwards)
/// fits the text, reaching as far as its length plus the `budget` of edits left; and its edits.
/// An edge that fits no better than a quote may overall is not the quote's (its words were
/// deleted, and any text fits them as badly): it counts as deleted, but for the characters next
/// to `at` that are still the same.
fn edge(text: &str, part: &str, at: usize, budget: usize, backwards: bool) -> (usize, usize) {
    let chars = part.chars().count();
    let reach = chars + budget;
    if reach * chars.div_ceil(64) <= STRETCH_WORK {
        let (edge, edits) = if backwards {
            myers::best_start(text, part, at, reach)
        } else {
            myers::best_end(text, part, at, reach)
        };
        if edits as f64 <= chars as f64 * ACCEPTED_ERROR_SHARE {
            return (edge, edits);
        }
    }
    // The shared characters, without the blanks at their far end: a passage starts and ends
    // on a word.
    let shared = if backwards {
        let bytes = myers::common_suffix(part, &text[..at]);
        text[at - bytes..at].trim_start()
    } else {
        let bytes = myers::common_prefix(part, &text[at..]);
        text[at..at + bytes].trim_end()
    };
    let edge = if backwards {
        at - shared.len()
    } else {
        at + shared.len()
    };
    (edge, chars - shared.chars().count())
}

/// The edits between a stretch of the text and the quote's stretch in the same place.
fn stretch(text: &str, quote: &str) -> usize {
    if text == quote {
        return 0;
    }
    let (t, q) = (text.chars().count(), quote.chars().count());
    if t * q.div_ceil(64) > STRETCH_WORK {
        t.max(q)
    } else {
        myers::distance(text, quote)
    }
}
