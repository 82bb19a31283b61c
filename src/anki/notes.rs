//! Notes made in Anki, as gloss's cards will say them: a Basic note (any note type but a
//! cloze: its first two fields as question and answer), a Cloze note (its text and Back
//! Extra). HTML becomes text; a picture is named (`[image: hand.png]`), not copied. Only a
//! note's first card is made of a note type with several templates (a reversed card stays in
//! Anki, counted). And the text of a deck whose notes are on no passage of the library: a
//! paragraph per note, in Markdown. (Bringing them in: `crate::import::anki`.)

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::read::{Collection, Note};
use crate::srs::card::{CardKind, CardText};
use crate::srs::cloze;

/// A line of a field at least this long (in characters) is looked for in the library's texts.
const QUOTE_CHARS: usize = 16;

/// A note made in Anki, as gloss's cards will say it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MadeInAnki {
    pub guid: String,
    pub text: CardText,
    pub deck: String,
    /// Neither a Basic nor a Cloze note type: its first two fields taken.
    pub other_type: bool,
    /// When Anki made its first card (unix seconds).
    pub created: Option<i64>,
}

/// What a package holds that gloss did not make.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Foreign {
    pub notes: Vec<MadeInAnki>,
    /// Cards of other templates than a note's first (a reversed card), left in Anki.
    pub other_templates: usize,
    /// Notes with nothing to ask (empty first field).
    pub empty: usize,
}

/// The notes of `collection` whose GUID is none of `known` (gloss's notes).
pub fn foreign(collection: &Collection, known: &HashSet<&str>) -> Foreign {
    let mut deck_of: HashMap<i64, i64> = HashMap::new();
    let mut templates: HashMap<i64, usize> = HashMap::new();
    let mut first_card: HashMap<i64, i64> = HashMap::new();
    for card in &collection.cards {
        deck_of.entry(card.note).or_insert(card.deck);
        *templates.entry(card.note).or_default() += 1;
        // A card's id is the time Anki made it, in milliseconds.
        let first = first_card.entry(card.note).or_insert(card.id);
        *first = (*first).min(card.id);
    }
    let mut out = Foreign::default();
    for note in &collection.notes {
        if known.contains(note.guid.as_str()) {
            continue;
        }
        let Some(text) = card_text(note) else {
            out.empty += 1;
            continue;
        };
        let cards = templates.get(&note.id).copied().unwrap_or(0);
        if text.kind == CardKind::Basic {
            out.other_templates += cards.saturating_sub(1);
        }
        let kind_name = collection
            .note_types
            .get(&note.mid)
            .map(|n| n.to_lowercase())
            .unwrap_or_default();
        out.notes.push(MadeInAnki {
            guid: note.guid.clone(),
            other_type: !(kind_name.starts_with("basic") || kind_name.starts_with("cloze")),
            deck: deck_of
                .get(&note.id)
                .and_then(|d| collection.decks.get(d))
                .cloned()
                .unwrap_or_else(|| "Default".to_string()),
            text,
            created: first_card.get(&note.id).map(|ms| ms.div_euclid(1000)),
        });
    }
    out
}

/// A note's question and answer: a cloze when its first field has `{{c1::…}}` blanks.
fn card_text(note: &Note) -> Option<CardText> {
    let field = |i: usize| note.fields.get(i).map_or(String::new(), |f| field_text(f));
    let front = field(0);
    if front.trim().is_empty() {
        return None;
    }
    let kind = match cloze::numbers(&front).is_empty() {
        true => CardKind::Basic,
        false => CardKind::Cloze,
    };
    Some(CardText {
        kind,
        front,
        back: field(1),
        tags: note.tags.split_whitespace().map(str::to_string).collect(),
    })
}

/// A field's HTML as text: paragraphs and line breaks kept, entities decoded, each picture
/// named by its file, sounds (`[sound:…]`) left as Anki writes them.
pub fn field_text(html: &str) -> String {
    let mut named = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = find_ignoring_case(rest, "<img") {
        named.push_str(&rest[..at]);
        let tag_end = rest[at..].find('>').map_or(rest.len(), |i| at + i + 1);
        let tag = &rest[at..tag_end];
        if let Some(src) = attribute(tag, "src") {
            named.push_str(&format!(" [image: {src}] "));
        }
        rest = &rest[tag_end..];
    }
    named.push_str(rest);
    let text = crate::document::nesting::page_text(&named);
    crate::document::sanitize::clean_text(&text)
        .0
        .trim()
        .to_string()
}

fn find_ignoring_case(text: &str, needle: &str) -> Option<usize> {
    text.as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// The value of a tag's attribute `name` (quoted or not).
fn attribute(tag: &str, name: &str) -> Option<String> {
    let at = find_ignoring_case(tag, &format!("{name}="))? + name.len() + 1;
    let value = &tag[at..];
    let value = match value.chars().next()? {
        q @ ('"' | '\'') => value[1..].split(q).next()?,
        _ => value
            .split(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .next()?,
    };
    (!value.is_empty()).then(|| value.to_string())
}

/// The words of a note that may be a passage of a text: its lines of 16 characters or more,
/// a cloze's with its blanks filled, longest first.
pub fn passages(text: &CardText) -> Vec<String> {
    let front = match text.kind {
        CardKind::Cloze => {
            let first = cloze::numbers(&text.front).first().copied().unwrap_or(1);
            cloze::answer(&text.front, first).0
        }
        CardKind::Basic => text.front.clone(),
    };
    let mut lines: Vec<String> = [front.as_str(), text.back.as_str()]
        .iter()
        .flat_map(|f| f.lines())
        .map(str::trim)
        .filter(|l| l.chars().count() >= QUOTE_CHARS)
        .map(str::to_string)
        .collect();
    lines.sort_by_key(|l| std::cmp::Reverse(l.len()));
    lines.dedup();
    lines
}

/// A deck's text: `anki/Deck - Sub.md` for `Deck::Sub`.
pub fn deck_path(dir: &Path, deck: &str) -> PathBuf {
    let name: String = deck
        .replace("::", " - ")
        .chars()
        .map(|c| match c.is_alphanumeric() || " -_.,'()".contains(c) {
            true => c,
            false => '_',
        })
        .collect();
    let name = name.trim_matches(['.', ' ']);
    dir.join(format!(
        "{}.md",
        if name.is_empty() { "Default" } else { name }
    ))
}

/// The line a note's card is put on in its deck's text: its question, blanks filled.
pub fn question_line(text: &CardText) -> String {
    let question = match text.kind {
        CardKind::Cloze => {
            let first = cloze::numbers(&text.front).first().copied().unwrap_or(1);
            cloze::answer(&text.front, first).0
        }
        CardKind::Basic => text.front.clone(),
    };
    question.lines().next().unwrap_or("").trim().to_string()
}

/// How a deck's text begins: its name is its title (`deck:` finds its cards by it).
pub fn deck_heading(deck: &str) -> String {
    format!("# {}\n\n", escape(deck))
}

/// A note in its deck's text: its question, then its answer quoted, every punctuation mark
/// escaped so that the words read are the note's.
pub fn note_paragraphs(note: &MadeInAnki) -> String {
    let mut md = escape(&question_line(&note.text));
    md.push_str("\n\n");
    for line in note
        .text
        .back
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        md.push_str("> ");
        md.push_str(&escape(line));
        md.push_str("\n>\n");
    }
    md.push_str("\n---\n\n");
    md
}

pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fields_html_becomes_its_text_with_pictures_named() {
        assert_eq!(
            field_text("la <b>mano</b><br>the&nbsp;hand <img src=\"hand.png\">"),
            "la mano\nthe hand [image: hand.png]"
        );
        assert_eq!(
            field_text("<div>one</div><div>two &amp; three</div>"),
            "one\n\ntwo & three"
        );
        assert_eq!(field_text("\u{1b}[31mred"), "red");
    }

    /// A deck's text is Markdown gloss reads back: every word of a hostile note is text, none
    /// of it markup (read by pulldown-cmark, as gloss's Markdown reader does).
    #[test]
    fn a_decks_text_reads_back_as_the_notes_words() {
        use pulldown_cmark::{Event, Parser};
        let note = MadeInAnki {
            guid: "g".into(),
            text: CardText {
                kind: CardKind::Basic,
                front: "# Not a heading *nor* <b>bold</b> & [a](link) `code`".into(),
                back: "> quoted?\n- a list? 1. two\n\\ back\\slash _under_".into(),
                tags: Vec::new(),
            },
            deck: "Deck::<script>".into(),
            other_type: false,
            created: None,
        };
        let md = format!("{}{}", deck_heading(&note.deck), note_paragraphs(&note));
        let mut text = String::new();
        for event in Parser::new(&md) {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::Code(_) | Event::Html(_) | Event::InlineHtml(_) => {
                    panic!("markup: {event:?}")
                }
                Event::End(_) => text.push('\n'),
                _ => {}
            }
        }
        for words in [
            "Deck::<script>",
            "# Not a heading *nor* <b>bold</b> & [a](link) `code`",
            "> quoted?",
            "- a list? 1. two",
            "\\ back\\slash _under_",
        ] {
            assert!(text.contains(words), "{words:?} not in {text:?}");
        }
    }

    #[test]
    fn deck_paths_keep_the_name_and_nothing_of_a_path() {
        let dir = Path::new("/d");
        assert_eq!(
            deck_path(dir, "Spanish::Verbs"),
            Path::new("/d/Spanish - Verbs.md")
        );
        assert_eq!(deck_path(dir, "../../etc"), Path::new("/d/_.._etc.md"));
        assert_eq!(deck_path(dir, "..."), Path::new("/d/Default.md"));
    }
}
