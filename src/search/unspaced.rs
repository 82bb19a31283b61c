//! Scripts written without spaces between words (Chinese, Japanese, Korean's syllables, Thai,
//! Lao, Khmer, Myanmar): the full-text index's tokenizer (FTS5's `unicode61`) would take a whole
//! sentence of them as one word, so that no word in it is ever found. Their letters are indexed
//! one by one instead (a space is put between them before indexing), and a query's run of them
//! becomes the phrase of its letters: `山路を` finds `山路を` wherever it stands in a sentence,
//! and nothing else. The index stays one index, one entry per letter.

use unicode_normalization::char::is_combining_mark;

/// Whether `c` is a letter of a script written without spaces (the marks that go with it are
/// not: they stay with their letter).
pub fn is_unspaced(c: char) -> bool {
    matches!(u32::from(c),
        0x0E00..=0x0EFF        // Thai, Lao
        | 0x1000..=0x109F      // Myanmar
        | 0x1780..=0x17FF      // Khmer
        | 0x3040..=0x30FF      // Hiragana, Katakana
        | 0x31F0..=0x31FF      // Katakana phonetic extensions
        | 0x3400..=0x4DBF      // CJK extension A
        | 0x4E00..=0x9FFF      // CJK unified ideographs
        | 0xAC00..=0xD7AF      // Hangul syllables
        | 0xF900..=0xFAFF      // CJK compatibility ideographs
        | 0xFF66..=0xFF9F      // half-width Katakana
        | 0x20000..=0x3FFFF    // CJK extensions B and on
    ) && !is_combining_mark(c)
}

/// `text` with a space before and after each letter of a script written without spaces (its
/// marks kept with it), for the index; other text unchanged. Borrowed when there is none.
pub fn spaced(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_unspaced) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() * 2);
    let mut after_unspaced = false;
    for c in text.chars() {
        let unspaced = is_unspaced(c);
        if is_combining_mark(c) {
            out.push(c);
            continue;
        }
        if (unspaced || after_unspaced) && !out.is_empty() && !out.ends_with(char::is_whitespace) {
            out.push(' ');
        }
        out.push(c);
        after_unspaced = unspaced;
    }
    out.into()
}

/// An FTS5 query with each run of letters of scripts written without spaces made the phrase of
/// its letters (`山路を` -> `"山 路 を"`); inside a quoted phrase, the letters are spaced.
pub fn phrased(query: &str) -> std::borrow::Cow<'_, str> {
    if !query.chars().any(is_unspaced) {
        return query.into();
    }
    let mut out = String::with_capacity(query.len() * 3);
    let mut quoted = false;
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String, quoted: bool| {
        if run.is_empty() {
            return;
        }
        let letters = spaced(run);
        if quoted {
            out.push_str(&letters);
        } else {
            out.push_str(" \"");
            out.push_str(letters.trim());
            out.push_str("\" ");
        }
        run.clear();
    };
    for c in query.chars() {
        if is_unspaced(c) || (!run.is_empty() && is_combining_mark(c)) {
            run.push(c);
            continue;
        }
        flush(&mut run, &mut out, quoted);
        if c == '"' {
            quoted = !quoted;
        }
        out.push(c);
    }
    flush(&mut run, &mut out, quoted);
    out.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_of_unspaced_scripts_are_indexed_one_by_one() {
        assert_eq!(spaced("山路を登りながら"), "山 路 を 登 り な が ら");
        assert_eq!(spaced("東京tower 2025年"), "東 京 tower 2025 年");
        // Thai keeps its vowel and tone marks with their letters.
        assert_eq!(spaced("สวัสดี"), "ส วั ส ดี");
        assert_eq!(spaced("plain words, unchanged"), "plain words, unchanged");
    }

    #[test]
    fn a_run_in_a_query_is_the_phrase_of_its_letters() {
        assert_eq!(phrased("山路を"), " \"山 路 を\" ");
        assert_eq!(phrased("\"山路を 登り\""), "\"山 路 を 登 り\"");
        assert_eq!(phrased("智 OR 情"), " \"智\"  OR  \"情\" ");
        assert_eq!(phrased("stalin"), "stalin");
    }
}
