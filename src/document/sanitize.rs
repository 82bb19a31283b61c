//! Turns raw file bytes into text that is safe to show in a terminal.
//!
//! Invariants of the output: no C0 control character other than `\n` and `\t`, no DEL, no C1
//! control, no escape sequence (CSI, OSC, DCS...), no byte-order mark and no bidi override or
//! isolate; line endings are `\n`; non-breaking spaces are plain spaces. Everything else is kept.
//!
//! The work is done in place on the bytes, before UTF-8 decoding: every change shortens the
//! text, so a 50 MB file needs no second 50 MB buffer.

use std::borrow::Cow;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Why a file cannot be read as text.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DecodeError {
    #[error(
        "this looks like a binary file (it contains NUL bytes); gloss reads {}",
        super::Format::described()
    )]
    Binary,
    #[error(transparent)]
    Epub(#[from] super::EpubError),
    #[error(transparent)]
    Pdf(#[from] super::PdfError),
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

/// Sanitizes `bytes` and decodes them as UTF-8 (lossily, if it must).
pub fn decode(mut bytes: Vec<u8>) -> Result<Decoded, DecodeError> {
    if bytes.contains(&0) {
        return Err(DecodeError::Binary);
    }
    let removed_controls = sanitize_in_place(&mut bytes);
    let (text, lossy) = match String::from_utf8(bytes) {
        Ok(text) => (text, false),
        Err(err) => (String::from_utf8_lossy(err.as_bytes()).into_owned(), true),
    };
    Ok(Decoded {
        text,
        lossy,
        removed_controls,
    })
}

/// Removes what must never reach a terminal and normalizes line endings and odd spaces, in
/// place. Returns the number of control characters or sequences removed. Valid UTF-8 stays
/// valid: only whole characters are removed, or replaced by shorter ASCII.
pub fn sanitize_in_place(bytes: &mut Vec<u8>) -> usize {
    let Some(first) = next_suspect(bytes, 0) else {
        return 0;
    };
    let mut removed = 0;
    let mut write = first;
    let mut clean_from = first;
    let mut read = first;
    while read < bytes.len() {
        let Some((consumed, replacement, control)) = fix_at(bytes, read) else {
            // A harmless character sharing a lead byte with the ones handled (a smart quote).
            read = next_suspect(bytes, read + 1).unwrap_or(bytes.len());
            continue;
        };
        bytes.copy_within(clean_from..read, write);
        write += read - clean_from;
        // Replacements are never longer than what they replace, so `write` stays behind `read`.
        bytes[write..write + replacement.len()].copy_from_slice(replacement);
        write += replacement.len();
        removed += usize::from(control);
        read += consumed;
        clean_from = read;
    }
    bytes.copy_within(clean_from..read, write);
    write += read - clean_from;
    bytes.truncate(write);
    removed
}

/// Sanitizes a string by the same rules (text from an import, say); returns it with the number
/// of control characters and escape sequences removed.
pub fn clean_text(text: &str) -> (String, usize) {
    let mut bytes = text.as_bytes().to_vec();
    let removed = sanitize_in_place(&mut bytes);
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => String::from_utf8_lossy(err.as_bytes()).into_owned(),
    };
    (text, removed)
}

/// Text from outside the reader's page (a note from the database or an import, a title, a
/// file name, a value typed on the command line) made safe to show: the rules above, and tabs
/// as spaces, since only the reader lays out tab stops. Borrowed when there was nothing to do.
pub fn for_screen(text: &str) -> Cow<'_, str> {
    if next_suspect(text.as_bytes(), 0).is_none() && !text.contains('\t') {
        return Cow::Borrowed(text);
    }
    Cow::Owned(clean_text(text).0.replace('\t', " "))
}

/// [`for_screen`] on one line: line breaks become spaces too.
pub fn one_line(text: &str) -> Cow<'_, str> {
    match for_screen(text) {
        Cow::Borrowed(t) if !t.contains('\n') => Cow::Borrowed(t),
        cleaned => Cow::Owned(cleaned.replace('\n', " ")),
    }
}

/// `text` cut to `width` cells, with an ellipsis when cut; control characters dropped so that
/// nothing from a file name or a database can reach the terminal raw.
pub fn fit(text: &str, width: usize) -> String {
    let text = one_line(text);
    if text.width() <= width {
        return text.into_owned();
    }
    let clean = text.chars();
    let mut out = String::new();
    let mut used = 0;
    let budget = width.saturating_sub(1);
    for c in clean {
        let w = c.width().unwrap_or(0);
        if used + w > budget {
            out.push('…');
            return out;
        }
        used += w;
        out.push(c);
    }
    out
}

/// What to do with the bytes at `i`: how many to consume, what to write instead, and whether
/// that was a control character; `None` to keep them.
fn fix_at(bytes: &[u8], i: usize) -> Option<(usize, &'static [u8], bool)> {
    let at = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
    Some(match (at(0), at(1), at(2)) {
        (b'\n' | b'\t', _, _) => return None,
        (b'\r', b'\n', _) => (1, b"", false),
        (b'\r', _, _) => (1, b"\n", false),
        (0x1b, _, _) | (0xc2, 0x9b, _) => (skip_escape(bytes, i) - i, b"", true),
        (b, _, _) if b < 0x20 || b == 0x7f => (1, b"", true),
        // U+00A0, no-break space.
        (0xc2, 0xa0, _) => (2, b" ", false),
        // U+0080..U+009F, C1 controls.
        (0xc2, 0x80..=0x9f, _) => (2, b"", true),
        // U+2007 figure space, U+202F narrow no-break space.
        (0xe2, 0x80, 0x87 | 0xaf) => (3, b" ", false),
        // U+2028 line separator, U+2029 paragraph separator.
        (0xe2, 0x80, 0xa8 | 0xa9) => (3, b"\n", false),
        // U+202A..U+202E and U+2066..U+2069: bidi embeddings, overrides and isolates.
        (0xe2, 0x80, 0xaa..=0xae) | (0xe2, 0x81, 0xa6..=0xa9) => (3, b"", true),
        // U+FEFF, byte-order mark.
        (0xef, 0xbb, 0xbf) => (3, b"", false),
        _ => return None,
    })
}

/// Bytes that can start something [`fix_at`] changes.
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

/// Returns the index just past the escape sequence that starts at `start` (an ESC, or the C1
/// CSI U+009B). It always ends on an ASCII byte or at the end, so never inside a character.
/// Unterminated sequences end at the end of the line, so a stray ESC cannot swallow a document.
fn skip_escape(bytes: &[u8], start: usize) -> usize {
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
        if kind == b'[' {
            // CSI: parameters and intermediates, then one final byte in 0x40..=0x7e.
            if (0x40..=0x7e).contains(&b) {
                return i + 1;
            }
            if !(0x20..0x40).contains(&b) {
                return i; // malformed: stop before the foreign byte
            }
        } else {
            // OSC, DCS, SOS, PM, APC: up to BEL or ST (ESC \).
            if b == 0x07 {
                return i + 1;
            }
            if b == 0x1b && bytes.get(i + 1) == Some(&b'\\') {
                return i + 2;
            }
        }
        i += 1;
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_for_the_screen_follows_the_same_rules() {
        assert!(matches!(for_screen("plain text\n"), Cow::Borrowed(_)));
        assert_eq!(for_screen("a\x1b[31mb\tc\x07\u{202e}d\r\n"), "ab cd\n");
        assert_eq!(one_line("two\nlines\x1b]0;title\x07"), "two lines");
        let (document, _) = clean_text("a\x1b[31mb\x07");
        assert_eq!(for_screen("a\x1b[31mb\x07"), document);
    }

    fn clean(s: &str) -> String {
        let mut bytes = s.as_bytes().to_vec();
        sanitize_in_place(&mut bytes);
        String::from_utf8(bytes).expect("sanitizing keeps UTF-8 valid")
    }

    #[test]
    fn clean_text_is_untouched() {
        let s = "Stalin’s “Socialism in One Country” — 1924.\n\ttab\n";
        let mut bytes = s.as_bytes().to_vec();
        assert_eq!(sanitize_in_place(&mut bytes), 0);
        assert_eq!(bytes, s.as_bytes());
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
        assert_eq!(clean("x\x1b]2;tïtle\x07y"), "xy");
    }

    #[test]
    fn unterminated_escape_stops_at_line_end() {
        assert_eq!(clean("a\x1b]never ends\nnext line"), "a\nnext line");
        assert_eq!(clean("end\x1b"), "end");
        assert_eq!(clean("end\x1b["), "end");
        assert_eq!(clean("a\x1b[12é"), "aé");
    }

    #[test]
    fn normalizes_line_endings_and_spaces() {
        assert_eq!(clean("a\r\nb\rc"), "a\nb\nc");
        assert_eq!(clean("a\u{a0}b\u{202f}c\u{2007}d"), "a b c d");
        assert_eq!(clean("\u{feff}Title"), "Title");
        assert_eq!(clean("a\u{2028}b\u{2029}c"), "a\nb\nc");
    }

    #[test]
    fn removes_controls_and_counts_them() {
        let mut bytes = "a\x07b\x08c\x7fd\u{85}e\u{202e}f\u{2066}g"
            .as_bytes()
            .to_vec();
        assert_eq!(sanitize_in_place(&mut bytes), 6);
        assert_eq!(bytes, b"abcdefg");
    }

    #[test]
    fn keeps_other_text_intact() {
        let s = "Díaz — 你好 👩‍👩‍👧 e\u{301} ¿qué? ÿ © « » ’ “ ” … ⁂ \u{ff}";
        assert_eq!(clean(s), s);
    }

    #[test]
    fn binary_is_refused_and_invalid_utf8_is_lossy() {
        assert_eq!(decode(b"ab\0cd".to_vec()).unwrap_err(), DecodeError::Binary);
        let d = decode(b"caf\xe9 ok\x1b[1m".to_vec()).unwrap();
        assert!(d.lossy);
        assert_eq!(d.text, "caf\u{FFFD} ok");
        assert_eq!(d.removed_controls, 1);
        assert!(!decode(b"fine".to_vec()).unwrap().lossy);
    }
}
