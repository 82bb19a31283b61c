//! The indexed passages' own text, kept beside the full-text index (which holds their words
//! only), so that a search's snippets, places and sections come without reading its texts
//! again: passages gathered in runs of about [`RUN_BYTES`], each run deflated.

use std::borrow::Cow;
use std::io::{Read, Write};

use flate2::Compression;
use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;

/// Bytes of passages gathered in a run before it is deflated: about a few pages, so that a hit
/// inflates little beside its own passage, and deflate's window sees the whole run.
const RUN_BYTES: usize = 32 * 1024;
/// The most a run inflates to: passages are at most a block long (16 KB), so that a run
/// beyond this is not one gloss wrote.
const MOST_INFLATED: u64 = 16 << 20;

/// A passage as it goes into the index: the words indexed (see [`super::spaced`]) and what is
/// kept of it for results.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexedPassage<'a> {
    pub words: Cow<'a, str>,
    pub kept: KeptPassage<&'a str>,
}

/// What is kept of an indexed passage: where it starts in its text, in characters, the title
/// of the section it is in (neither the text's title nor the passage itself), and its text.
#[derive(Debug, Clone, PartialEq)]
pub struct KeptPassage<S> {
    pub start_char: u64,
    pub section: Option<S>,
    pub text: S,
}

/// A run of passages being gathered, in their order.
#[derive(Debug, Default)]
pub struct Run {
    raw: Vec<u8>,
    passages: usize,
}

impl Run {
    pub fn push(&mut self, passage: &KeptPassage<&str>) {
        put_number(&mut self.raw, passage.start_char);
        match passage.section {
            Some(section) => {
                put_number(&mut self.raw, section.len() as u64 + 1);
                self.raw.extend_from_slice(section.as_bytes());
            }
            None => put_number(&mut self.raw, 0),
        }
        put_number(&mut self.raw, passage.text.len() as u64);
        self.raw.extend_from_slice(passage.text.as_bytes());
        self.passages += 1;
    }

    /// Passages gathered.
    pub fn len(&self) -> usize {
        self.passages
    }

    pub fn is_empty(&self) -> bool {
        self.passages == 0
    }

    pub fn is_full(&self) -> bool {
        self.raw.len() >= RUN_BYTES
    }

    /// The run deflated; it is empty again. Level 3 keeps prose in 40% of its size, as the
    /// default level does (38%), in less time.
    pub fn deflate(&mut self) -> Vec<u8> {
        let mut encoder = DeflateEncoder::new(Vec::new(), Compression::new(3));
        encoder
            .write_all(&self.raw)
            .expect("writing to a Vec cannot fail");
        self.raw.clear();
        self.passages = 0;
        encoder.finish().expect("writing to a Vec cannot fail")
    }
}

/// The passages of a deflated run; `None` if it is not one gloss wrote.
pub fn inflate(run: &[u8]) -> Option<Vec<KeptPassage<String>>> {
    let mut raw = Vec::new();
    DeflateDecoder::new(run)
        .take(MOST_INFLATED)
        .read_to_end(&mut raw)
        .ok()?;
    let mut rest = raw.as_slice();
    let mut passages = Vec::new();
    while !rest.is_empty() {
        let start_char = take_number(&mut rest)?;
        let section = match take_number(&mut rest)? {
            0 => None,
            len => Some(take_text(&mut rest, len - 1)?),
        };
        let len = take_number(&mut rest)?;
        passages.push(KeptPassage {
            start_char,
            section,
            text: take_text(&mut rest, len)?,
        });
    }
    Some(passages)
}

/// LEB128: seven bits a byte, low first.
fn put_number(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn take_number(bytes: &mut &[u8]) -> Option<u64> {
    let mut n = 0u64;
    for shift in (0..64).step_by(7) {
        let (&byte, rest) = bytes.split_first()?;
        *bytes = rest;
        n |= u64::from(byte & 0x7f) << shift;
        if byte < 0x80 {
            return Some(n);
        }
    }
    None
}

fn take_text(bytes: &mut &[u8], len: u64) -> Option<String> {
    let len = usize::try_from(len).ok().filter(|&l| l <= bytes.len())?;
    let (text, rest) = bytes.split_at(len);
    *bytes = rest;
    String::from_utf8(text.to_vec()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn a_run_inflates_to_what_was_pushed(
            passages in prop::collection::vec(
                (any::<u64>(), prop::option::of(".{0,20}"), ".{0,300}"), 0..40),
        ) {
            let mut run = Run::default();
            for (start_char, section, text) in &passages {
                run.push(&KeptPassage {
                    start_char: *start_char,
                    section: section.as_deref(),
                    text,
                });
            }
            prop_assert_eq!(run.len(), passages.len());
            let kept = inflate(&run.deflate()).unwrap();
            prop_assert!(run.is_empty());
            let expected: Vec<KeptPassage<String>> = passages
                .into_iter()
                .map(|(start_char, section, text)| KeptPassage { start_char, section, text })
                .collect();
            prop_assert_eq!(kept, expected);
        }

        #[test]
        fn anything_else_is_refused_without_a_panic(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
            let _ = inflate(&bytes);
        }
    }

    #[test]
    fn prose_is_kept_in_less_than_half_its_size() {
        let essay =
            include_str!("../../texts/the-russian-revolution-and-the-rise-of-stalinism.txt");
        let mut run = Run::default();
        let mut kept = 0;
        let mut raw = 0;
        for (i, paragraph) in essay.split("\n\n").enumerate() {
            run.push(&KeptPassage {
                start_char: i as u64,
                section: Some("The Rise of Stalinism"),
                text: paragraph,
            });
            raw += paragraph.len();
            if run.is_full() {
                kept += run.deflate().len();
            }
        }
        kept += run.deflate().len();
        assert!(kept * 2 < raw, "{kept} bytes kept for {raw}");
    }
}
