//! Turns raw file bytes into text that is safe to show in a terminal.
//!
//! Invariants of the output: no C0 control character other than `\n` and `\t`, no DEL, no C1
//! control, no escape sequence (CSI, OSC, DCS...), no byte-order mark and no bidi override or
//! isolate; line endings are `\n`; non-breaking spaces are plain spaces. Everything else is kept.

use std::borrow::Cow;

/// Why a file cannot be read as text.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DecodeError {
    #[error(
        "this looks like a binary file (it contains NUL bytes); gloss reads plain text and Markdown"
    )]
    Binary,
}

/// Text decoded from bytes, with what had to be changed on the way.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    /// The input was not valid UTF-8; invalid sequences became U+FFFD.
    pub lossy: bool,
    /// Control characters and escape sequences that were removed.
    pub removed_controls: usize,
}

/// Decodes `bytes` as UTF-8 (lossily, if it must) and sanitizes the result.
pub fn decode(bytes: Vec<u8>) -> Result<Decoded, DecodeError> {
    if bytes.contains(&0) {
        return Err(DecodeError::Binary);
    }
    let (text, lossy) = match String::from_utf8(bytes) {
        Ok(text) => (text, false),
        Err(err) => (String::from_utf8_lossy(err.as_bytes()).into_owned(), true),
    };
    let (text, removed_controls) = sanitize(text);
    Ok(Decoded {
        text,
        lossy,
        removed_controls,
    })
}

/// Removes what must never reach a terminal and normalizes line endings and odd spaces.
/// Returns the clean text and the number of control characters or sequences removed.
/// Takes ownership so that clean input (the common case) is returned without a copy.
pub fn sanitize(text: String) -> (String, usize) {
    match sanitize_str(&text) {
        (Cow::Borrowed(_), removed) => (text, removed),
        (Cow::Owned(clean), removed) => (clean, removed),
    }
}

/// Like [`sanitize`], for borrowed text.
pub fn sanitize_str(text: &str) -> (Cow<'_, str>, usize) {
    let bytes = text.as_bytes();
    let Some(first) = next_suspect(bytes, 0).filter(|&i| i < bytes.len()) else {
        return (Cow::Borrowed(text), 0);
    };
    // Allocated on the first change only: most texts need none.
    let mut out = String::new();
    let mut removed = 0;
    let mut clean_from = 0;
    let mut i = first;
    while i < bytes.len() {
        if !needs_care(bytes, i) {
            i = next_suspect(bytes, i + 1).unwrap_or(bytes.len());
            continue;
        }
        // Safe slicing: `i` is always at a char boundary because `needs_care` only flags ASCII
        // bytes and UTF-8 lead bytes.
        let ch = text[i..].chars().next().unwrap_or('\u{FFFD}');
        let len = ch.len_utf8();
        let replacement: Option<&str> = match ch {
            '\n' | '\t' => None,
            '\r' => Some(if bytes.get(i + 1) == Some(&b'\n') {
                ""
            } else {
                "\n"
            }),
            '\u{1b}' | '\u{9b}' => {
                out.reserve(text.len() - clean_from);
                out.push_str(&text[clean_from..i]);
                removed += 1;
                i = skip_escape(text, i);
                clean_from = i;
                continue;
            }
            '\u{a0}' | '\u{2007}' | '\u{202f}' => Some(" "),
            '\u{2028}' | '\u{2029}' => Some("\n"),
            '\u{feff}' => Some(""),
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {
                removed += 1;
                Some("")
            }
            c if c.is_control() => {
                removed += 1;
                Some("")
            }
            _ => None,
        };
        if let Some(replacement) = replacement {
            out.reserve(text.len() - clean_from);
            out.push_str(&text[clean_from..i]);
            out.push_str(replacement);
            clean_from = i + len;
        }
        i += len;
    }
    if clean_from == 0 {
        // Only characters that looked suspicious but were fine (smart quotes, say).
        return (Cow::Borrowed(text), removed);
    }
    out.push_str(&text[clean_from..]);
    (Cow::Owned(out), removed)
}

/// Bytes that can start something [`needs_care`] flags.
const SUSPECT: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = b != b'\n' as usize && b != b'\t' as usize;
        b += 1;
    }
    table[0x7f] = true;
    table[0xc2] = true;
    table[0xe2] = true;
    table[0xef] = true;
    table
};

/// Index of the next suspect byte at or after `from`.
#[inline]
fn next_suspect(bytes: &[u8], from: usize) -> Option<usize> {
    bytes
        .get(from..)?
        .iter()
        .position(|&b| SUSPECT[usize::from(b)])
        .map(|i| from + i)
}

/// Whether the byte at `i` starts something to remove or replace: an ASCII control or DEL, or
/// one of the multi-byte characters handled above, recognised from its bytes so that the many
/// harmless characters sharing their lead byte (smart quotes, dashes) stay on the fast path.
#[inline]
fn needs_care(bytes: &[u8], i: usize) -> bool {
    let b = bytes[i];
    if b < 0x80 {
        return (b < 0x20 && b != b'\n' && b != b'\t') || b == 0x7f;
    }
    let b1 = bytes.get(i + 1).copied().unwrap_or(0);
    let b2 = bytes.get(i + 2).copied().unwrap_or(0);
    match b {
        // U+0080..U+009F (C1 controls) and U+00A0 (no-break space).
        0xc2 => b1 <= 0xa0,
        // U+2007, U+2028..U+202F, U+2066..U+2069.
        0xe2 => {
            (b1 == 0x80 && (b2 == 0x87 || (0xa8..=0xaf).contains(&b2)))
                || (b1 == 0x81 && (0xa6..=0xa9).contains(&b2))
        }
        // U+FEFF, the byte-order mark.
        0xef => b1 == 0xbb && b2 == 0xbf,
        _ => false,
    }
}

/// Returns the byte index just past the escape sequence that starts at `start` (an ESC or a
/// C1 CSI). Unterminated sequences end at the end of the line so that a stray ESC cannot swallow
/// the rest of a document.
fn skip_escape(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let (kind, mut i) = if bytes[start] == 0x1b {
        match bytes.get(start + 1) {
            Some(&b'[') => (b'[', start + 2),
            Some(&k @ (b']' | b'P' | b'X' | b'^' | b'_')) => (k, start + 2),
            // A two-character escape (ESC c, ESC 7...): drop the ESC and the next ASCII byte.
            Some(&b) if (0x20..0x7f).contains(&b) => return start + 2,
            _ => return start + 1,
        }
    } else {
        (b'[', start + 2) // U+009B is two bytes in UTF-8
    };
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\n' {
            return i;
        }
        match kind {
            // CSI: parameters and intermediates, then one final byte in 0x40..=0x7e.
            b'[' => {
                if (0x40..=0x7e).contains(&b) {
                    return i + 1;
                }
                if !(0x20..0x40).contains(&b) {
                    return i; // malformed: stop before the foreign byte
                }
            }
            // OSC, DCS, SOS, PM, APC: up to BEL or ST (ESC \).
            _ => {
                if b == 0x07 {
                    return i + 1;
                }
                if b == 0x1b && bytes.get(i + 1) == Some(&b'\\') {
                    return i + 2;
                }
            }
        }
        i += 1;
    }
    // Never return inside a multi-byte character.
    let mut end = i.min(bytes.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(s: &str) -> String {
        sanitize_str(s).0.into_owned()
    }

    #[test]
    fn clean_text_is_borrowed() {
        let (out, removed) = sanitize_str("Stalin’s “Socialism in One Country”.\n");
        assert!(matches!(out, Cow::Borrowed(_)));
        assert_eq!(removed, 0);
    }

    #[test]
    fn strips_ansi_sequences() {
        assert_eq!(clean("a\x1b[31mred\x1b[0m b"), "ared b");
        assert_eq!(clean("x\x1b]0;title\x07y"), "xy");
        assert_eq!(
            clean("x\x1b]8;;http://e\x1b\\link\x1b]8;;\x1b\\y"),
            "xlinky"
        );
        assert_eq!(clean("x\x1bcy"), "xy");
        assert_eq!(clean("x\u{9b}2Jy"), "xy");
    }

    #[test]
    fn unterminated_escape_stops_at_line_end() {
        assert_eq!(clean("a\x1b]never ends\nnext line"), "a\nnext line");
        assert_eq!(clean("end\x1b"), "end");
        assert_eq!(clean("end\x1b["), "end");
    }

    #[test]
    fn normalizes_line_endings_and_spaces() {
        assert_eq!(clean("a\r\nb\rc"), "a\nb\nc");
        assert_eq!(clean("a\u{a0}b\u{202f}c"), "a b c");
        assert_eq!(clean("\u{feff}Title"), "Title");
        assert_eq!(clean("a\u{2028}b"), "a\nb");
    }

    #[test]
    fn removes_controls_and_counts_them() {
        let (out, removed) = sanitize_str("a\x07b\x08c\x7fd\u{85}e\u{202e}f");
        assert_eq!(out, "abcdef");
        assert_eq!(removed, 5);
    }

    #[test]
    fn keeps_other_text_intact() {
        let s = "Díaz — 你好 👩‍👩‍👧 e\u{301} ¿qué? ÿ";
        assert_eq!(clean(s), s);
    }

    #[test]
    fn binary_is_refused_and_invalid_utf8_is_lossy() {
        assert_eq!(decode(b"ab\0cd".to_vec()).unwrap_err(), DecodeError::Binary);
        let d = decode(b"caf\xe9 ok".to_vec()).unwrap();
        assert!(d.lossy);
        assert_eq!(d.text, "caf\u{FFFD} ok");
        assert!(!decode(b"fine".to_vec()).unwrap().lossy);
    }
}
