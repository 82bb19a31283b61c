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

#[cfg(test)]
mod tests {
    use super::*;

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
