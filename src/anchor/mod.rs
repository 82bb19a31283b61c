//! Anchoring annotations to text that may change, as the W3C Web Annotation model does it: a
//! position selector (a character range) and a quote selector (the exact text plus 64
//! characters of context on each side: the nearest 32 weighed as Hypothesis weighs them, the
//! rest kept for when those were rewritten).
//!
//! Finding an anchor again in a changed text ([`Reanchorer`]) weighs the evidence as a careful
//! reader would, and would rather leave a note orphaned than put it on the wrong words:
//! 1. through a line diff of the old and new text (when the old text is known): an anchor in an
//!    unchanged stretch maps exactly; inside a changed one, the diff still says where it was,
//!    which is the strongest evidence there is;
//! 2. the exact quote with all its context, anywhere (a moved paragraph);
//! 3. near where it was (the diff's place, or the old offset on another member's copy, scaled
//!    by the two copies' lengths when the other's is known): the quote, exact or approximate
//!    (Myers' bit-parallel search);
//! 4. elsewhere: exact occurrences, then approximate matches, ranked as Hypothesis ranks them
//!    (quote, prefix and suffix similarity, nearness), but each must also stand on its own:
//!    edges on word boundaries where the quote's were, at most a quarter of the quote in edits,
//!    and, for a quote short enough to occur by chance, context that agrees on one side at least
//!    (or, with none, a place that only it can hold: where the diff puts it, its one copy near,
//!    its closest copy with the text beyond its context still there).
//!    What stands on weaker evidence (one side of context, a passage much edited, a place that a
//!    second candidate disputes) is placed but marked for the reader to check
//!    ([`Placement::Unsure`]); what has none is orphaned (kept, never dropped, by the caller).
//!
//! Quotes of [`LONG_QUOTE`] characters or more (a page, a chapter) are found piece by piece
//! through an index of the text (`long`), so that placing many of them stays about linear;
//! searches for many quotes in one text use the index too, once it pays for itself.

mod diff;
mod grams;
mod long;
mod myers;

use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use grams::GramIndex;

pub use diff::OffsetMap;

/// Characters of context weighed on each side of a quote (as Hypothesis keeps them).
pub const CONTEXT_CHARS: usize = 32;
/// Characters of context kept on each side of a quote: the weighed ones, and as many again
/// beyond them, which a rewording of the quote's neighbours leaves (see [`Far`]).
pub const STORED_CONTEXT_CHARS: usize = 2 * CONTEXT_CHARS;
/// Most edits an approximate quote may need, as a share of its length, to be accepted.
const ACCEPTED_ERROR_SHARE: f64 = 0.25;
/// Most edits searched for, as Hypothesis does.
const MAX_SEARCH_ERRORS: usize = 256;
/// Quotes this long are found by their pieces (`long`): a full search would cost the text's
/// length times the quote's / 64.
pub const LONG_QUOTE: usize = 256;
/// Quotes shorter than this (in characters) can occur by chance: they need context to be placed.
const CHANCE_CHARS: usize = 40;
/// Context similarity (0 to 1) from which a side of the context agrees.
const CONTEXT_AGREES: f64 = 0.75;
/// Characters either side of where a quote was that count as near it.
const NEAR_CHARS: usize = 160;
/// Quotes this long (in characters) are their own evidence: barely edited (see [`SIMILAR`]), near
/// where they were, they are placed whatever happened to their context.
const SELF_EVIDENT_CHARS: usize = 80;
/// Quotes this long (in characters), barely edited and near where they were, are placed for
/// the reader to check even with no context left: a look-alike this long is rare nearby.
const CHECKED_ALONE_CHARS: usize = 20;
/// Words this long (in characters), one letter edited, where they were (to a few characters)
/// are placed with no context left: a look-alike of a word this long rarely stands where it
/// stood.
const WORD_CHARS: usize = 5;
/// Characters either way that the far ends of a rewritten context may have moved by.
const FAR_SLACK_CHARS: usize = 16;
/// Edits allowed in the stored far context: one per this many characters.
const FAR_ERRORS_PER_CHAR: usize = 8;
/// Characters a far end of the context must have (a word's end and what follows it up to a
/// blank) to tell anything: "ers”. " does, "e " does not.
const FAR_END_CHARS: usize = 4;
/// Edits per character (one in ten) up to which a passage is the quote barely edited.
const SIMILAR: usize = 10;
/// Characters from the place the diff gives within which the quote is where it was.
const AT_HINT_CHARS: usize = 2;
/// Characters from where it was within which a short quote with no context left may still be
/// the same words: rewording its context shifts it a little, deleting its sentence brings
/// another copy of a common word closer than this only rarely.
const CLOSE_CHARS: usize = 24;
/// Two candidates whose scores differ by less than this dispute the place.
const DISPUTED: f64 = 0.02;
/// Exact copies of a quote always weighed, nearest first.
const NEAREST_WEIGHED: usize = 32;
/// Characters of context next to a copy that, when they match, get it weighed too.
const TOUCHING_CHARS: usize = 6;
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
            .take(STORED_CONTEXT_CHARS)
            .last()
            .map_or(range.start, |(i, _)| i);
        let suffix_end = text[range.end..]
            .char_indices()
            .nth(STORED_CONTEXT_CHARS)
            .map_or(text.len(), |(i, _)| range.end + i);
        Anchor {
            start: start_char,
            end: start_char + quote.chars().count(),
            prefix: text[prefix_start..range.start].to_string(),
            suffix: text[range.end..suffix_end].to_string(),
            quote,
        }
    }

    /// The context next to the quote, as Hypothesis keeps it ([`CONTEXT_CHARS`] each side):
    /// what a reader is shown, and what is weighed.
    pub fn near_context(&self) -> (&str, &str) {
        (
            tail_chars(&self.prefix, CONTEXT_CHARS),
            head_chars(&self.suffix, CONTEXT_CHARS),
        )
    }

    /// The anchor with only the context weighed, and the context beyond it.
    fn weighed(&self) -> (Anchor, Far<'_>) {
        let (near_prefix, near_suffix) = self.near_context();
        let far = Far {
            before: &self.prefix[..self.prefix.len() - near_prefix.len()],
            after: &self.suffix[near_suffix.len()..],
        };
        let near = Anchor {
            prefix: near_prefix.to_string(),
            suffix: near_suffix.to_string(),
            ..self.clone()
        };
        (near, far)
    }
}

/// The context stored beyond the weighed one (empty for anchors made by other tools, which
/// keep 32 characters): when the words next to a short quote were rewritten, the text beyond
/// them still says where it was.
#[derive(Debug, Clone, Copy, Default)]
struct Far<'a> {
    before: &'a str,
    after: &'a str,
}

/// Where an anchor was found in the new text (byte ranges of the new text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placement {
    /// The quote, intact.
    Exact(Range<usize>),
    /// A passage close to the quote: the text was edited there.
    Approximate { range: Range<usize>, errors: usize },
    /// Placed on weaker evidence (one side of context, a passage much edited, a place another
    /// candidate disputes): shown, and marked for the reader to check.
    Unsure { range: Range<usize>, errors: usize },
    /// Nowhere good enough.
    Orphaned,
}

impl Placement {
    /// Placed on weaker evidence: the reader should check it.
    pub fn needs_check(&self) -> bool {
        matches!(self, Placement::Unsure { .. })
    }

    pub fn range(&self) -> Option<Range<usize>> {
        match self {
            Placement::Exact(r)
            | Placement::Approximate { range: r, .. }
            | Placement::Unsure { range: r, .. } => Some(r.clone()),
            Placement::Orphaned => None,
        }
    }
}

/// How well a candidate place stands on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Verdict {
    Reject,
    Check,
    Sure,
}

/// What is known of an exact copy of the quote among the others.
#[derive(Debug, Clone, Copy, Default)]
struct Occurrence {
    /// The copy nearest where the quote was.
    closest: bool,
    /// The only copy in the text.
    unique: bool,
}

/// A place the quote may have gone to, with the evidence for it.
#[derive(Debug, Clone)]
struct Candidate {
    range: Range<usize>,
    errors: usize,
    /// Hypothesis's score: quote, context and nearness.
    score: f64,
    verdict: Verdict,
    near: bool,
    /// Sides of context (0 to 2) that agree.
    sides: usize,
    /// An exact copy of a quote too long to occur by chance: better evidence than any context.
    solid: bool,
}

/// Finds anchors made on `old` (if known) in `new`; what they share is computed once.
pub struct Reanchorer<'a> {
    new: &'a str,
    map: Option<OffsetMap>,
    index: Arc<TextIndex>,
}

/// What placing anchors on a text keeps of it: computed once for the text, and shared by the
/// reanchorers of every file placed on it (a group's sync places five hundred members' files
/// on one text; building this for each took a twentieth of the sync).
pub struct TextIndex {
    /// Byte offset of every 256th character of the text, for character-to-byte conversions.
    char_marks: Vec<usize>,
    /// The text's length in bytes, to check that the index is used with its own text.
    bytes: usize,
    /// Built when first needed. Shared (and thread-safe) so that the annotations of a large
    /// import are placed on several threads at once.
    grams: OnceLock<GramIndex>,
    searches: AtomicUsize,
}

impl TextIndex {
    pub fn new(text: &str) -> TextIndex {
        TextIndex {
            char_marks: text
                .char_indices()
                .step_by(CHAR_MARK)
                .map(|(i, _)| i)
                .collect(),
            bytes: text.len(),
            grams: OnceLock::new(),
            searches: AtomicUsize::new(0),
        }
    }
}

const CHAR_MARK: usize = 256;

impl<'a> Reanchorer<'a> {
    pub fn new(old: Option<&str>, new: &'a str) -> Reanchorer<'a> {
        Reanchorer::sharing(old, new, Arc::new(TextIndex::new(new)))
    }

    /// A reanchorer onto `new` with the index already made of it.
    pub fn sharing(old: Option<&str>, new: &'a str, index: Arc<TextIndex>) -> Reanchorer<'a> {
        assert_eq!(
            index.bytes,
            new.len(),
            "a text's index is used with its text"
        );
        Reanchorer {
            new,
            map: old.map(|old| OffsetMap::new(old, new)),
            index,
        }
    }

    /// Characters in `new` (counted from the marks, not the whole text).
    fn char_count(&self) -> usize {
        let last = self.index.char_marks.len().saturating_sub(1);
        let from = self.index.char_marks.get(last).copied().unwrap_or(0);
        last * CHAR_MARK + self.new[from..].chars().count()
    }

    /// Byte offset in `new` of character `chars` (clamped).
    fn byte_of(&self, chars: usize) -> usize {
        let Some(&mark) = self.index.char_marks.get(chars / CHAR_MARK) else {
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
        mapped.min(self.index.char_marks.len().saturating_sub(1) * CHAR_MARK + CHAR_MARK)
    }

    pub fn locate(&self, anchor: &Anchor) -> Placement {
        self.locate_made_on(anchor, None)
    }

    /// Where `anchor` is, made on a copy of the text `old_chars` characters long (when it is
    /// known and the old text is not): its position is scaled by the difference in length.
    pub fn locate_made_on(&self, anchor: &Anchor, old_chars: Option<usize>) -> Placement {
        if anchor.quote.is_empty() {
            return Placement::Orphaned;
        }
        let (weighed, far) = anchor.weighed();
        let anchor = &weighed;
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
        let hint_chars = match (&self.map, mapped) {
            (_, Some((Some(start), _))) => start,
            (Some(map), _) => map.nearest(anchor.start),
            (None, _) => match old_chars {
                Some(old) => {
                    let new = self.char_count();
                    (anchor.start as u128 * new as u128 / old.max(1) as u128) as usize
                }
                None => anchor.start,
            },
        };
        let hint = self.byte_of(hint_chars);
        let quote_chars = anchor.quote.chars().count();
        let long = quote_chars >= LONG_QUOTE;
        let accepted = (quote_chars as f64 * ACCEPTED_ERROR_SHARE).floor() as usize;

        // 2. The exact quote with all its context: nothing can be better evidence (and where
        // it was, most of the time, it is found without searching).
        let at_hint = hint..hint + anchor.quote.len();
        if self.new.get(at_hint.clone()) == Some(anchor.quote.as_str())
            && self.context_fits(anchor, &at_hint)
        {
            return Placement::Exact(at_hint);
        }
        let mut exact = self.exact(&anchor.quote, long);
        let fitting = exact
            .iter()
            .filter(|r| self.context_fits(anchor, r))
            .min_by_key(|r| r.start.abs_diff(hint));
        if let Some(range) = fitting {
            return Placement::Exact(range.clone());
        }
        // The nearest copies are weighed, and of the others those whose context begins or ends
        // as the quote's did: a common word's thousands of copies cost nothing.
        // (Copies inside longer words are not the quote's copies: "is" in "his".)
        exact.sort_by_key(|r| r.start.abs_diff(hint));
        let whole = |r: &&Range<usize>| self.cuts_words(anchor, r) == (false, false);
        let closest = exact.iter().find(whole).map(|r| r.start);
        let unique = exact.iter().filter(whole).count() == 1;
        let mut candidates: Vec<Candidate> = exact
            .into_iter()
            .enumerate()
            .filter(|(i, r)| *i < NEAREST_WEIGHED || self.context_touches(anchor, r))
            .map(|(_, r)| {
                let copy = Occurrence {
                    closest: Some(r.start) == closest,
                    unique,
                };
                self.assess(anchor, far, hint, r, 0, copy)
            })
            .collect();

        // 3. Near where it was, exact or approximate.
        let reach = NEAR_CHARS.max(quote_chars);
        let from = floor_boundary(self.new, hint.saturating_sub(4 * reach));
        let to = ceil_boundary(self.new, hint + anchor.quote.len() + 4 * reach);
        let max_errors = MAX_SEARCH_ERRORS.min(quote_chars / 2).min(accepted);
        if !long {
            // Near, a word edited past recognition still shows where the quote was (its context
            // is all there): searched with at least one edit, to be found and then refused.
            let near_errors = MAX_SEARCH_ERRORS.min(quote_chars / 2).max(max_errors);
            let near = myers::search(&self.new[from..to], &anchor.quote, near_errors);
            for m in near {
                let (range, errors) = snap_to_words(
                    self.new,
                    anchor,
                    from + m.start..from + m.end,
                    m.errors,
                    accepted,
                );
                let (range, errors) = if errors <= accepted {
                    self.fit_context(anchor, hint, range, errors, accepted)
                } else {
                    (range, errors)
                };
                candidates.push(self.assess(
                    anchor,
                    far,
                    hint,
                    range,
                    errors,
                    Occurrence::default(),
                ));
            }
        }
        if let Some(found) = self.choose(&mut candidates, true) {
            return found;
        }

        // 4. Anywhere, approximately. (A quote short enough to occur by chance, edited and gone
        // from where it was, is not looked for in the whole text: a look-alike found there
        // would have to agree on both sides of its context, which a moved paragraph's rarely
        // does once a word in it changed, and the search would cost the text's length.)
        let more: Vec<(Range<usize>, usize)> = if long {
            let index = self.grams(true).expect("built when asked for");
            long::candidates(self.new, index, &anchor.quote, accepted)
        } else if quote_chars < CHANCE_CHARS {
            Vec::new()
        } else {
            myers::search(self.new, &anchor.quote, max_errors)
                .into_iter()
                .filter(|m| m.start < from || m.end > to)
                .map(|m| snap_to_words(self.new, anchor, m.start..m.end, m.errors, accepted))
                .collect()
        };
        for (range, errors) in more {
            let (range, errors) = if long {
                (range, errors)
            } else {
                self.fit_context(anchor, hint, range, errors, accepted)
            };
            candidates.push(self.assess(anchor, far, hint, range, errors, Occurrence::default()));
        }
        self.choose(&mut candidates, false)
            .unwrap_or(Placement::Orphaned)
    }

    /// The evidence for `range` (with `errors` edits from the quote) as the anchor's place.
    fn assess(
        &self,
        anchor: &Anchor,
        far: Far,
        hint: usize,
        range: Range<usize>,
        errors: usize,
        copy: Occurrence,
    ) -> Candidate {
        let quote_chars = anchor.quote.chars().count().max(1);
        let before = tail_chars(&self.new[..range.start], anchor.prefix.chars().count());
        let after = head_chars(&self.new[range.end..], anchor.suffix.chars().count());
        let prefix = similarity(&anchor.prefix, before);
        let suffix = similarity(&anchor.suffix, after);
        let text_len = self.new.len().max(1) as f64;
        let position = 1.0 - (range.start.abs_diff(hint) as f64 / text_len);
        let quote_score = 1.0 - errors as f64 / quote_chars as f64;
        let score = (50.0 * quote_score + 20.0 * prefix + 20.0 * suffix + 2.0 * position) / 92.0;
        let near = range.start.abs_diff(hint) <= NEAR_CHARS.max(quote_chars);
        let (cuts_start, cuts_end) = self.cuts_words(anchor, &range);
        // (An edit may have changed the edge itself, and long passages are aligned by their
        // pieces, whose edges are approximate: only exact copies of a quote are held to this.)
        let checked = errors == 0 && quote_chars < LONG_QUOTE;
        let cut_start = checked && cuts_start;
        let cut_end = checked && cuts_end;
        // Its edges on word boundaries where the quote's were, edited or not.
        let on_words = !cuts_start && !cuts_end;
        let agrees = |expected: &str, sim: f64| expected.is_empty() || sim >= CONTEXT_AGREES;
        let sides = usize::from(agrees(&anchor.prefix, prefix))
            + usize::from(agrees(&anchor.suffix, suffix));
        let chance = quote_chars < CHANCE_CHARS;
        let edited = errors * 10 > quote_chars;
        let similar = errors * SIMILAR <= quote_chars;
        let self_evident = quote_chars >= SELF_EVIDENT_CHARS;
        let accepted = (quote_chars as f64 * ACCEPTED_ERROR_SHARE).floor() as usize;
        let cut = cut_start || cut_end;
        let verdict = if errors > accepted || cut && sides < 2 && chance {
            Verdict::Reject
        } else if cut {
            // Inside a longer word, with its context or long enough not to be chance: the word
            // itself was edited.
            Verdict::Check
        } else {
            let known = self.map.is_some();
            // The diff says most letters of the quote were replaced or deleted: a short copy of
            // it with no context of its own is a look-alike.
            let gone = self
                .map
                .as_ref()
                .is_some_and(|m| m.kept(anchor.start..anchor.end) * 2 < quote_chars);
            let at_hint = range.start.abs_diff(hint) <= AT_HINT_CHARS;
            let close = range.start.abs_diff(hint) <= CLOSE_CHARS;
            match (sides, chance) {
                // Nothing but the words, which weigh more the longer they are.
                // - Where the diff says they were all replaced or deleted, a short copy is a
                //   look-alike.
                // - Where the diff says the quote was, it is.
                // - The one copy of words too many for chance is, anywhere; a long passage
                //   barely edited, near where it was, is; any other passage too long for
                //   chance, or edited within a quarter where the diff puts it, may be (to
                //   check).
                // - A short one is there when it is the one copy near where it was, or (with
                //   no diff to say better) the copy closest to where it was with the text
                //   beyond its rewritten context still around it, or a word of five letters or
                //   more with one letter edited, close to where it was (or the diff puts it).
                (0, true) if gone => Verdict::Reject,
                (0, _) if errors == 0 && known && at_hint => Verdict::Sure,
                (0, false) if known && at_hint && similar => Verdict::Sure,
                (0, false) if errors == 0 && copy.unique => Verdict::Sure,
                (0, false) if similar && near => Verdict::Sure,
                (0, false) if errors == 0 => Verdict::Check,
                (0, false) if (known && close) || self_evident => Verdict::Check,
                (0, true) if errors == 0 && copy.unique && near => Verdict::Sure,
                (0, true)
                    if errors == 0
                        && !known
                        && close
                        && copy.closest
                        && self.far_context_agrees(anchor, far, &range) =>
                {
                    Verdict::Sure
                }
                (0, true) if on_words && errors <= 1 && quote_chars >= WORD_CHARS && close => {
                    Verdict::Sure
                }
                (0, true) if similar && near && quote_chars >= CHECKED_ALONE_CHARS => {
                    Verdict::Check
                }
                (0, _) => Verdict::Reject,
                // One side: enough for the words themselves, not for look-alikes of short ones.
                (1, true) if errors > 0 && known && close => Verdict::Check,
                (1, true) if errors > 0 => Verdict::Reject,
                // Its words, one side of its context there (a paragraph moved far keeps the
                // quote and the side inside it); a second such place disputes it (`choose`).
                (1, true) => Verdict::Sure,
                (1, false) if edited && !near => Verdict::Check,
                // Both sides of its context around it, near where it was: edited words.
                (2, true) if edited && !near => Verdict::Check,
                _ => Verdict::Sure,
            }
        };
        Candidate {
            range,
            errors,
            score,
            verdict,
            near,
            sides,
            solid: errors == 0 && !chance,
        }
    }

    /// The placement the candidates make: the best that stands (near ones only, when `near`),
    /// marked unsure when its evidence is weak or a second place disputes it.
    fn choose(&self, candidates: &mut [Candidate], near: bool) -> Option<Placement> {
        candidates.sort_by(|a, b| b.solid.cmp(&a.solid).then(b.score.total_cmp(&a.score)));
        // The quote's own context, whole around an edited passage, says where it was: then a
        // copy of its words nearby, with no context of its own, is not it.
        let was_here = candidates
            .iter()
            .any(|c| c.sides == 2 && c.errors > 0 && c.verdict == Verdict::Reject);
        let standing: Vec<&Candidate> = candidates
            .iter()
            .filter(|c| c.verdict != Verdict::Reject && (!near || c.near))
            .filter(|c| !(was_here && c.sides == 0))
            .collect();
        let best = *standing.first()?;
        // An exact copy of a long quote elsewhere outweighs an approximate one here.
        let solid_elsewhere = candidates
            .iter()
            .any(|c| c.solid && !c.near && c.verdict != Verdict::Reject);
        if near && solid_elsewhere && !best.solid {
            return None;
        }
        let disputed = standing.iter().skip(1).any(|c| {
            best.score - c.score < DISPUTED
                && c.range.start.abs_diff(best.range.start) > best.range.len()
        });
        let range = best.range.clone();
        let errors = best.errors;
        Some(match best.verdict {
            Verdict::Sure if !disputed && errors == 0 => Placement::Exact(range),
            Verdict::Sure if !disputed => Placement::Approximate { range, errors },
            _ => Placement::Unsure { range, errors },
        })
    }

    /// The text's gram index: built when `needed`, or once whole-text searches are frequent
    /// enough to pay for it.
    fn grams(&self, needed: bool) -> Option<&GramIndex> {
        let searches = self.index.searches.fetch_add(1, Ordering::Relaxed) + 1;
        if needed || searches > SEARCHES_BEFORE_INDEX {
            Some(self.index.grams.get_or_init(|| GramIndex::new(self.new)))
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

    /// Whether `range` begins and ends inside a word where the quote began or ended a word:
    /// "event" is not in "Movement".
    fn cuts_words(&self, anchor: &Anchor, range: &Range<usize>) -> (bool, bool) {
        let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        let starts_word =
            !word(anchor.prefix.chars().next_back()) && word(anchor.quote.chars().next());
        let ends_word =
            word(anchor.quote.chars().next_back()) && !word(anchor.suffix.chars().next());
        (
            starts_word && word(self.new[..range.start].chars().next_back()),
            ends_word && word(self.new[range.end..].chars().next()),
        )
    }

    /// Whether the text beyond the anchor's weighed context is still about where it was around
    /// `range` (the words next to the quote were rewritten, the text beyond them was not):
    /// the stored far context on each side, barely edited, or (for an anchor that keeps only
    /// the weighed context) the word cut at its outer edge with what follows it up to a blank.
    fn far_context_agrees(&self, anchor: &Anchor, far: Far, range: &Range<usize>) -> bool {
        let slack = FAR_SLACK_CHARS;
        let prefix_chars = anchor.prefix.chars().count();
        let suffix_chars = anchor.suffix.chars().count();
        if !far.before.is_empty() || !far.after.is_empty() {
            let found = |window: &str, far: &str| {
                let errors = far.chars().count() / FAR_ERRORS_PER_CHAR;
                far.is_empty() || !myers::search(window, far, errors).is_empty()
            };
            let before = tail_chars(
                &self.new[..range.start],
                prefix_chars + far.before.chars().count() + slack,
            );
            let before = &before
                [..before.len() - tail_chars(before, prefix_chars.saturating_sub(slack)).len()];
            let after = head_chars(
                &self.new[range.end..],
                suffix_chars + far.after.chars().count() + slack,
            );
            let after = &after[head_chars(after, suffix_chars.saturating_sub(slack)).len()..];
            return found(before, far.before) && found(after, far.after);
        }
        let head = match anchor.prefix.find(char::is_whitespace) {
            Some(i) => &anchor.prefix[..i + 1],
            None => "",
        };
        let tail = match anchor.suffix.rfind(char::is_whitespace) {
            Some(i) => &anchor.suffix[i..],
            None => "",
        };
        let before = tail_chars(&self.new[..range.start], prefix_chars + slack);
        let after = head_chars(&self.new[range.end..], suffix_chars + slack);
        let telling = |end: &str| end.chars().count() >= FAR_END_CHARS;
        (telling(head) && before.contains(head)) || (telling(tail) && after.contains(tail))
    }

    /// Whether a few characters either side of `range` are the anchor's context's nearest ones.
    fn context_touches(&self, anchor: &Anchor, range: &Range<usize>) -> bool {
        let n = TOUCHING_CHARS;
        let before = tail_chars(&self.new[..range.start], n);
        let after = head_chars(&self.new[range.end..], n);
        (!before.is_empty() && tail_chars(&anchor.prefix, n) == before)
            || (!after.is_empty() && head_chars(&anchor.suffix, n) == after)
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

/// `at`, or the nearest char boundary of `text` below it (clamped to the text).
fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// `at`, or the nearest char boundary of `text` above it (clamped to the text).
fn ceil_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
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
