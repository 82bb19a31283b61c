//! Queries for the library's full-text index (SQLite FTS5). A query is first tried as FTS5 reads
//! it (`"a phrase"`, `revol*`, `NEAR(stalin purge, 10)`, AND, OR, NOT); when it is not valid
//! FTS5 (`Laval-Stalin`, a stray quote), it is retried as [`plain_terms`].

/// Every word of `text` as a quoted FTS5 string, all required; a trailing `*` stays a prefix
/// query. `Laval-Stalin treaty` -> `"Laval-Stalin" "treaty"`.
pub fn plain_terms(text: &str) -> String {
    text.split_whitespace()
        .filter_map(|word| {
            let (word, prefix) = match word.strip_suffix('*') {
                Some(stem) => (stem, "*"),
                None => (word, ""),
            };
            let word = word.trim_matches('"');
            (!word.is_empty()).then(|| format!("\"{}\"{prefix}", word.replace('"', "\"\"")))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// What to look for in the text a result opens, so that the match is lit: the first quoted
/// phrase of the query, else its first word (without FTS5 operators and `*`).
pub fn phrase_to_find(query: &str) -> String {
    let mut parts = query.split('"');
    if let (Some(_), Some(phrase)) = (parts.next(), parts.next())
        && !phrase.trim().is_empty()
    {
        return phrase.trim().to_string();
    }
    query
        .split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | ','))
        .map(|w| w.trim_end_matches('*'))
        .find(|w| {
            !w.is_empty()
                && !matches!(*w, "AND" | "OR" | "NOT" | "NEAR")
                && !w.chars().all(|c| c.is_ascii_digit())
        })
        .unwrap_or_default()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_phrase_a_result_lights() {
        assert_eq!(
            phrase_to_find("\"socialism in one country\" stalin"),
            "socialism in one country"
        );
        assert_eq!(phrase_to_find("revol* NOT trotsky"), "revol");
        assert_eq!(phrase_to_find("NEAR(stalin purge, 10)"), "stalin");
        assert_eq!(phrase_to_find("permanent revolution"), "permanent");
    }

    #[test]
    fn words_are_quoted() {
        assert_eq!(
            plain_terms("Laval-Stalin  treaty"),
            "\"Laval-Stalin\" \"treaty\""
        );
        assert_eq!(plain_terms("revol* \"x"), "\"revol\"* \"x\"");
        assert_eq!(plain_terms("a\"b"), "\"a\"\"b\"");
        assert_eq!(plain_terms(" \" "), "");
    }
}
