//! Passage cards: a highlight reviewed as it is, with spaced repetition. The front is the
//! highlight's note, or, without one, a prompt naming its section and its first words; the back
//! is the passage (the review shows it in its context). A passage card is a question-and-answer
//! card tagged `passage`, so that it exports and is edited like any other.

use super::card::{CardKind, CardText};

/// The tag every passage card carries.
pub const TAG: &str = "passage";
/// Words of the passage the prompt starts with.
const FIRST_WORDS: usize = 6;

/// The card of a highlight of `quote`, with its `note` (maybe empty) and `tags`, in the section
/// titled `section`.
pub fn card_text(quote: &str, note: &str, tags: &[String], section: Option<&str>) -> CardText {
    let words: Vec<&str> = quote.split_whitespace().collect();
    let mut first = words[..words.len().min(FIRST_WORDS)].join(" ");
    if words.len() > FIRST_WORDS {
        first.push('…');
    }
    let front = match (note.trim(), section) {
        (note, _) if !note.is_empty() => note.to_string(),
        (_, Some(section)) => format!("The passage in “{section}” that begins “{first}”"),
        (_, None) => format!("The passage that begins “{first}”"),
    };
    let mut tags = tags.to_vec();
    if !tags.iter().any(|t| t == TAG) {
        tags.push(TAG.to_string());
    }
    CardText {
        kind: CardKind::Basic,
        front,
        back: quote.to_string(),
        tags,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_front_is_the_note_or_a_prompt_and_the_back_the_passage() {
        let quote = "The dissolution of the Comintern in 1943 was the final nail in its coffin.";
        let noted = card_text(quote, "Why did it end? #ending", &["ending".into()], None);
        assert_eq!(noted.front, "Why did it end? #ending");
        assert_eq!(noted.back, quote);
        assert_eq!(noted.tags, ["ending", "passage"]);
        let bare = card_text(quote, " ", &[], Some("The End"));
        assert_eq!(
            bare.front,
            "The passage in “The End” that begins “The dissolution of the Comintern in…”"
        );
        assert_eq!(
            card_text("Short one.", "", &[], None).front,
            "The passage that begins “Short one.”"
        );
    }
}
