//! Rules about what readers write on a text, apart from storage and screens: the `#tags` in a
//! note, and the highlight colours.

/// Highlight colours, chosen with keys 1 to 5.
pub const COLORS: [&str; 5] = ["yellow", "green", "blue", "pink", "orange"];

/// The `#tags` of a note: lowercase, without the `#`, sorted, each once. A tag is a `#`
/// followed by letters, digits, `-` or `_`, at the start of a word (`C#` is no tag).
pub fn tags(note: &str) -> Vec<String> {
    let mut tags: Vec<String> = note
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')'))
        .filter_map(|word| word.strip_prefix('#'))
        .map(|tag| {
            tag.chars()
                .take_while(|c| c.is_alphanumeric() || matches!(c, '-' | '_'))
                .collect::<String>()
                .to_lowercase()
        })
        .filter(|tag| !tag.is_empty())
        .collect();
    tags.sort();
    tags.dedup();
    tags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_in_notes() {
        assert_eq!(
            tags("Key point #Stalinism, see also #comintern. #comintern again (#1943)"),
            ["1943", "comintern", "stalinism"]
        );
        assert!(tags("C# is not a tag, nor is # alone, nor a#b").is_empty());
        assert_eq!(tags("#permanent-revolution!"), ["permanent-revolution"]);
    }
}
