//! Finding a phrase in a text the way a reader means it: case ignored unless the query has a
//! capital (smart case), typographic quotes and apostrophes equal to their ASCII forms, accents
//! ignored (`Diaz` finds `Díaz`), and any run of blanks (a line break included) equal to one
//! space. Also the library-wide query syntax helpers for the full-text index.
//!
//! Both sides are folded the same way; the text is folded a segment at a time, with a map back to
//! its byte offsets, so that a 50 MB text needs only a segment's worth of memory, and a search
//! can be cancelled between segments (it runs off the interface thread).

mod fts;
mod hits;
mod runs;
mod snippet;
mod unspaced;

use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

pub use fts::{phrase_to_find, plain_terms};
pub use hits::{NoteHit, PassageHit};
pub use runs::{IndexedPassage, KeptPassage, Run, inflate};
pub use snippet::{MARK_END, MARK_START, snippet};
pub use unspaced::{is_unspaced, phrased, spaced};

/// Bytes of text folded at a time.
const SEGMENT: usize = 256 * 1024;

/// A folded query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    folded: String,
    case_sensitive: bool,
}

impl Query {
    /// `None` for a query with nothing to find (empty, or only blanks).
    pub fn new(text: &str) -> Option<Query> {
        let case_sensitive = text.chars().any(char::is_uppercase);
        let (folded, _) = fold(text, case_sensitive);
        let folded = folded.trim().to_string();
        (!folded.is_empty()).then_some(Query {
            folded,
            case_sensitive,
        })
    }
}

/// Folds one character into `out`.
fn fold_char(c: char, case_sensitive: bool, out: &mut String) {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' => {
            out.push('\'')
        }
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' => out.push('"'),
        c if c.is_ascii() => out.push(if case_sensitive {
            c
        } else {
            c.to_ascii_lowercase()
        }),
        c => {
            for d in c.nfd().filter(|&d| !is_combining_mark(d)) {
                if case_sensitive {
                    out.push(d);
                } else {
                    out.extend(d.to_lowercase());
                }
            }
        }
    }
}

/// `text` folded, and for each byte of the folded text the offset in `text` of the character
/// it came from. Blank runs fold to one space.
fn fold(text: &str, case_sensitive: bool) -> (String, Vec<u32>) {
    let mut folded = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len());
    let mut blank = false;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if !blank {
                folded.push(' ');
                map.push(i as u32);
            }
            blank = true;
            continue;
        }
        blank = false;
        fold_char(c, case_sensitive, &mut folded);
        map.resize(folded.len(), i as u32);
    }
    (folded, map)
}

/// Every match of `query` in `text`, in order, as byte ranges; `found` gets each as it is found.
/// Returns `false` if `cancel` was set meanwhile (the matches so far were given).
pub fn find_all(
    text: &str,
    query: &Query,
    cancel: &AtomicBool,
    mut found: impl FnMut(Range<usize>),
) -> bool {
    let needle = query.folded.as_str();
    // A match's original text is at most a few times its folded length (accents, blank runs).
    let overlap = needle.len() * 8 + 64;
    let mut from = 0;
    let mut next_start = 0; // matches in an overlap are given once
    while from < text.len() {
        if cancel.load(Ordering::Relaxed) {
            return false;
        }
        let to = char_boundary(text, (from + SEGMENT).min(text.len()));
        let segment = &text[from..to];
        let (folded, map) = fold(segment, query.case_sensitive);
        for (i, _) in folded.match_indices(needle) {
            let start = from + map[i] as usize;
            let end = match map.get(i + needle.len()) {
                Some(&next) => from + next as usize,
                None => to,
            };
            let end = start + text[start..end].trim_end().len();
            if start >= next_start {
                next_start = end.max(start + 1);
                found(start..end);
            }
        }
        if to == text.len() {
            break;
        }
        from = char_boundary(text, to.saturating_sub(overlap).max(from + 1));
    }
    true
}

/// The nearest character boundary at or after `at`.
fn char_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

#[cfg(test)]
mod tests;
