//! The results of a search of the whole library (and one's notes), ranked; Enter opens the
//! text at the passage with the match lit.

use super::list::{List, Step};
use crate::app::Action;
use crate::app::effect::Effect;
use crate::library::TextHit;
use crate::search::{NoteHit, phrase_to_find};

/// A result: a passage of a text, or a note.
#[derive(Debug, Clone, PartialEq)]
pub enum Hit {
    Passage(TextHit),
    Note(NoteHit),
}

pub struct Results {
    pub query: String,
    pub list: List<Hit>,
}

impl Results {
    pub fn new(query: &str, hits: Vec<Hit>) -> Results {
        Results {
            query: query.to_string(),
            list: List::new(hits),
        }
    }

    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        if self.list.step(action) != Step::Other {
            return Vec::new();
        }
        match action {
            Action::Open => {
                // A passage lights the query's words; a note's words are in the note, so its
                // passage is only brought on the page.
                let (document, start_char, find) = match self.list.selected() {
                    Some(Hit::Passage(h)) => {
                        (h.document, h.start_char, Some(phrase_to_find(&self.query)))
                    }
                    Some(Hit::Note(h)) => (h.document, h.start_char, None),
                    None => return Vec::new(),
                };
                vec![
                    Effect::Close,
                    Effect::OpenAt {
                        document,
                        start_char: start_char as usize,
                        find,
                    },
                ]
            }
            Action::Close | Action::SearchLibrary => vec![Effect::Close],
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::AnnotationId;
    use crate::document::DocumentId;

    #[test]
    fn a_passage_opens_with_the_query_lit_and_a_note_without() {
        let passage = Hit::Passage(TextHit {
            document: DocumentId(1),
            title: "T".into(),
            start_char: 40,
            chars: 100,
            section: None,
            snippet: String::new(),
        });
        let note = Hit::Note(NoteHit {
            annotation: AnnotationId(3),
            document: DocumentId(2),
            title: "U".into(),
            start_char: 7,
            quote: String::new(),
            snippet: String::new(),
            author: None,
        });
        let mut results = Results::new("stormy night", vec![passage, note]);
        assert!(matches!(
            results.update(Action::Open).as_slice(),
            [
                Effect::Close,
                Effect::OpenAt {
                    document: DocumentId(1),
                    start_char: 40,
                    find: Some(_)
                }
            ]
        ));
        results.update(Action::Down);
        assert!(matches!(
            results.update(Action::Open).as_slice(),
            [
                Effect::Close,
                Effect::OpenAt {
                    document: DocumentId(2),
                    start_char: 7,
                    find: None
                }
            ]
        ));
    }
}
