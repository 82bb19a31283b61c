//! Snippets of a passage for a library-wide query, made from its text as kept beside the
//! full-text index (which holds words only, see [`super::runs`]): a few words around the first
//! place the query matches, its matched words between [`MARK_START`] and [`MARK_END`]. Words are found and folded as
//! the index's tokenizer does (runs of letters and digits, case and accents ignored), so that
//! what the index matched is what is marked.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::is_unspaced;

/// Marks around the matched words of a snippet (control characters never occur in texts).
pub const MARK_START: char = '\u{2}';
pub const MARK_END: char = '\u{3}';

/// Words of context before the first match.
const LEAD_WORDS: usize = 3;

/// What a query looks for: runs of words in a row (a phrase, or one word); the last word of a
/// run may be a prefix (`revol*`).
#[derive(Debug, PartialEq, Eq)]
struct Pattern {
    words: Vec<String>,
    prefix: bool,
}

/// A word folded as the index folds it: lower case, accents taken off.
fn fold(word: &str) -> String {
    word.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The words of `text`, as byte ranges: runs of letters and digits (and the marks that go
/// with them).
fn words(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    // A letter of a script written without spaces is a word of its own, as indexed.
    let mut alone = false;
    for (i, c) in text.char_indices() {
        if start.is_some() && is_combining_mark(c) {
            continue;
        }
        let unspaced = is_unspaced(c);
        if let Some(s) = start
            && (alone || unspaced || !c.is_alphanumeric())
        {
            out.push((s, i));
            start = None;
        }
        if start.is_none() && c.is_alphanumeric() {
            start = Some(i);
            alone = unspaced;
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

/// The patterns of an FTS5 query: its phrases and words, without operators (`AND`, `OR`,
/// `NOT`, `NEAR` and its distance) and column filters.
fn patterns(query: &str) -> Vec<Pattern> {
    let mut out = Vec::new();
    let mut rest = query;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('"') {
            let (phrase, tail) = after.split_once('"').unwrap_or((after, ""));
            let prefix = tail.starts_with('*');
            let words: Vec<String> = words(phrase)
                .into_iter()
                .map(|(s, e)| fold(&phrase[s..e]))
                .collect();
            if !words.is_empty() {
                out.push(Pattern { words, prefix });
            }
            rest = tail;
            continue;
        }
        let end = rest
            .find([' ', '"', '(', ')', ',', '\t', '\n'])
            .unwrap_or(rest.len());
        let token = &rest[..end];
        rest = rest[end..].trim_start_matches([' ', '(', ')', ',', '\t', '\n']);
        if matches!(token, "AND" | "OR" | "NOT" | "NEAR") || token.parse::<u32>().is_ok() {
            continue;
        }
        let prefix = token.ends_with('*');
        let token = token.trim_end_matches('*');
        // `stalin's` is the phrase "stalin s", as the tokenizer reads it.
        let words: Vec<String> = words(token)
            .into_iter()
            .map(|(s, e)| fold(&token[s..e]))
            .collect();
        if !words.is_empty() {
            out.push(Pattern { words, prefix });
        }
    }
    out
}

/// A snippet of `text` for `query`: about `length` words from just before the first match,
/// with `…` where the passage goes on, matched words marked.
pub fn snippet(text: &str, query: &str, length: usize) -> String {
    let spans = words(text);
    let folded: Vec<String> = spans.iter().map(|&(s, e)| fold(&text[s..e])).collect();
    // Each match (a word, or a phrase's words) gets a number: a phrase is marked as one run,
    // words that merely stand side by side each on their own, as FTS5 marks them.
    let mut marked: Vec<Option<usize>> = vec![None; spans.len()];
    let mut matches = 0;
    for pattern in patterns(query) {
        let n = pattern.words.len();
        for at in 0..folded.len().saturating_sub(n - 1) {
            let fits = pattern.words.iter().enumerate().all(|(k, w)| {
                let word = &folded[at + k];
                if pattern.prefix && k == n - 1 {
                    word.starts_with(w.as_str())
                } else {
                    word == w
                }
            });
            if fits {
                matches += 1;
                marked[at..at + n]
                    .iter_mut()
                    .for_each(|m| *m = Some(matches));
            }
        }
    }
    let first = marked.iter().position(Option::is_some).unwrap_or(0);
    // A window of `length` words, starting a little before the first match, within the text.
    let from = first
        .saturating_sub(LEAD_WORDS)
        .min(spans.len().saturating_sub(length));
    let to = (from + length).min(spans.len());
    if from >= to {
        return text
            .split_whitespace()
            .take(length)
            .collect::<Vec<_>>()
            .join(" ");
    }
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    let mut at = spans[from].0;
    let mut open: Option<usize> = None;
    for i in from..to {
        let (s, e) = spans[i];
        if open.is_some() && marked[i] != open {
            out.push(MARK_END);
            open = None;
        }
        // The text between words, each run of white space one space.
        let mut blank = false;
        for c in text[at..s].chars() {
            if !c.is_whitespace() {
                out.push(c);
            } else if !blank {
                out.push(' ');
            }
            blank = c.is_whitespace();
        }
        if marked[i].is_some() && open.is_none() {
            out.push(MARK_START);
            open = marked[i];
        }
        out.push_str(&text[s..e]);
        at = e;
    }
    if open.is_some() {
        out.push(MARK_END);
    }
    if to < spans.len() {
        // The punctuation right after the last word stays with it.
        let tail: String = text[at..]
            .chars()
            .take_while(|c| !c.is_whitespace())
            .collect();
        out.push_str(&tail);
        out.push('…');
    } else {
        out.push_str(text[at..].trim_end());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(s: &str) -> String {
        s.replace(MARK_START, "[").replace(MARK_END, "]")
    }

    #[test]
    fn words_and_phrases_are_marked() {
        let text = "Trotsky argued for permanent revolution against socialism in one country.";
        assert_eq!(
            shown(&snippet(text, "\"socialism in one country\"", 16)),
            "Trotsky argued for permanent revolution against [socialism in one country]."
        );
        assert_eq!(
            shown(&snippet(text, "revol* OR trotsky", 16)),
            "[Trotsky] argued for permanent [revolution] against socialism in one country."
        );
        assert_eq!(
            shown(&snippet("José Díaz, in 1935.", "diaz", 16)),
            "José [Díaz], in 1935."
        );
        assert_eq!(
            shown(&snippet("Stalin’s revolution from above", "stalin's", 16)),
            "[Stalin’s] revolution from above"
        );
    }

    #[test]
    fn a_phrase_in_a_script_without_spaces_is_marked_letter_by_letter() {
        assert_eq!(
            shown(&snippet("山路を登りながら、こう考えた。", "山路を", 16)),
            "[山路を]登りながら、こう考えた。"
        );
        assert_eq!(shown(&snippet("東京tower", "tower", 16)), "東京[tower]");
    }

    #[test]
    fn a_long_passage_is_cut_around_the_first_match() {
        let text = "one two three four five six seven eight nine ten eleven twelve thirteen";
        assert_eq!(
            shown(&snippet(text, "seven", 5)),
            "…four five six [seven] eight…"
        );
        assert_eq!(
            shown(&snippet(text, "NEAR(one two, 3)", 3)),
            "[one] [two] three…"
        );
        // No match (a query the index read otherwise): the passage's first words.
        assert_eq!(snippet(text, "zebra", 3), "one two three…");
    }
}
