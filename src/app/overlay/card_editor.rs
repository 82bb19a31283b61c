//! The card editor: a question and its answer with the passage as context, or the passage
//! with blanks (cloze); checking it and asking for it to be saved.

use crate::anchor::Anchor;
use crate::app::effect::Effect;
use crate::app::field::{EditKey, Field};
use crate::app::{Action, Tone};
use crate::document::DocumentId;
use crate::srs::card::{Card, CardKind, CardText};
use crate::srs::cloze;

/// The passage a card is made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub document: DocumentId,
    pub anchor: Anchor,
}

/// Field indices of the card editor.
pub const FRONT: usize = 0;
pub const BACK: usize = 1;
pub const TAGS: usize = 2;

pub struct CardEditor {
    pub kind: CardKind,
    /// Basic: question, answer, tags. Cloze: text, extra, tags.
    pub fields: [Field; 3],
    pub focus: usize,
    pub source: Source,
    /// The note being reworded, if not a new one.
    pub editing: Option<String>,
    saved: [String; 3],
}

/// The three fields holding `texts`; the tags field is one line.
fn fields(texts: &[String; 3]) -> [Field; 3] {
    [
        Field::new(&texts[FRONT]),
        Field::new(&texts[BACK]),
        Field::single_line(&texts[TAGS]),
    ]
}

fn contents(field: &Field) -> String {
    field.text().to_string()
}

impl CardEditor {
    /// A new question-and-answer card on `source`, its passage as the answer to start from.
    pub fn new(source: Source) -> CardEditor {
        let passage = source.anchor.quote.clone();
        let texts = [String::new(), passage, String::new()];
        CardEditor {
            kind: CardKind::Basic,
            fields: fields(&texts),
            focus: FRONT,
            source,
            editing: None,
            saved: texts,
        }
    }

    /// An editor on an existing card's note.
    pub fn edit(card: &Card) -> CardEditor {
        let texts = [card.front.clone(), card.back.clone(), card.tags.join(" ")];
        CardEditor {
            kind: card.kind,
            fields: fields(&texts),
            focus: FRONT,
            source: Source {
                document: card.document,
                anchor: card.anchor.clone(),
            },
            editing: Some(card.note_uuid.clone()),
            saved: texts,
        }
    }

    pub fn is_dirty(&self) -> bool {
        self.fields
            .iter()
            .zip(&self.saved)
            .any(|(f, s)| contents(f) != *s)
    }

    fn input(&mut self, key: EditKey) {
        self.fields[self.focus].input(key);
    }

    /// Question-and-answer ↔ cloze. The passage moves to where the new kind wants it.
    pub fn switch_kind(&mut self) {
        let passage = self.source.anchor.quote.clone();
        let (front, back) = (contents(&self.fields[FRONT]), contents(&self.fields[BACK]));
        match self.kind {
            CardKind::Basic => {
                self.kind = CardKind::Cloze;
                if front.trim().is_empty() {
                    self.fields[FRONT].replace(&passage);
                }
                if back == passage {
                    self.fields[BACK].replace("");
                }
            }
            CardKind::Cloze => {
                self.kind = CardKind::Basic;
                if cloze::numbers(&front).is_empty() {
                    self.fields[FRONT].replace("");
                    if back.trim().is_empty() {
                        self.fields[BACK].replace(&passage);
                    }
                }
            }
        }
        self.focus = FRONT;
    }

    /// Blanks out the words selected in the cloze text (shift and the arrows select).
    pub fn blank(&mut self) -> Result<(), Unready> {
        if self.kind != CardKind::Cloze || self.focus != FRONT {
            return Err(Unready::NotCloze);
        }
        let field = &self.fields[FRONT];
        let Some(selected) = field.selection() else {
            return Err(Unready::NothingSelected);
        };
        let (start, end) = (selected.start, selected.end);
        let text = contents(field);
        let selected = &text[start..end];
        let (start, end) = (
            start + (selected.len() - selected.trim_start().len()),
            end - (selected.len() - selected.trim_end().len()),
        );
        if start >= end {
            return Err(Unready::OnlySpaces);
        }
        // A selection that cuts a word takes the whole word: blanks are words.
        let words = cloze::whole_words(&text, start..end);
        self.fields[FRONT].replace(&cloze::blank_out(&text, words));
        Ok(())
    }

    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::Edit(key) => self.input(key),
            Action::NextField => self.focus = (self.focus + 1) % 3,
            Action::PrevField => self.focus = (self.focus + 2) % 3,
            Action::SwitchKind => self.switch_kind(),
            Action::Blank => {
                if let Err(why) = self.blank() {
                    return vec![Effect::SayKeyed(Tone::Info, why.said())];
                }
            }
            Action::Save => {
                return match self.text() {
                    Ok(text) => vec![Effect::SaveCard {
                        text,
                        source: self.source.clone(),
                        editing: self.editing.clone(),
                    }],
                    Err(why) => vec![Effect::SayKeyed(Tone::Info, why.said())],
                };
            }
            Action::Close if self.is_dirty() => {
                return vec![Effect::Ask {
                    question: "The card has unsaved text. Discard it?".into(),
                    answers: ("discard", "keep editing"),
                    yes: Box::new(Effect::DiscardCard),
                }];
            }
            Action::Close => return vec![Effect::DiscardCard],
            _ => {}
        }
        Vec::new()
    }

    /// The note as typed, or why it cannot be saved.
    pub fn text(&self) -> Result<CardText, Unready> {
        let front = contents(&self.fields[FRONT]).trim().to_string();
        let back = contents(&self.fields[BACK]).trim().to_string();
        let tags = contents(&self.fields[TAGS])
            .split_whitespace()
            .map(str::to_string)
            .collect();
        match self.kind {
            CardKind::Basic if front.is_empty() => Err(Unready::NoQuestion),
            CardKind::Cloze if cloze::numbers(&front).is_empty() => Err(Unready::NoBlank),
            kind => Ok(CardText {
                kind,
                front,
                back,
                tags,
            }),
        }
    }
}

/// Why the card being edited cannot be saved, or its words blanked out, yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unready {
    NoQuestion,
    /// A cloze with no blank.
    NoBlank,
    /// Blanks are made in a cloze's text.
    NotCloze,
    NothingSelected,
    OnlySpaces,
}

impl Unready {
    /// What to tell about it, with `[action]`s for the keys in effect.
    pub fn said(self) -> &'static str {
        match self {
            Unready::NoQuestion => "write a question first",
            Unready::NoBlank => {
                "blank out some words first: select them (shift and the arrows), then [blank]"
            }
            Unready::NotCloze => {
                "blanks are made in the cloze text: [switch-kind] switches to cloze"
            }
            Unready::NothingSelected => {
                "select the words to blank out first (shift and the arrows), then [blank]"
            }
            Unready::OnlySpaces => "select some words, not only spaces",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::field::Key;

    fn source(quote: &str) -> Source {
        Source {
            document: DocumentId(1),
            anchor: Anchor::new(quote, 0..quote.len(), 0),
        }
    }

    fn key(k: Key, shift: bool) -> EditKey {
        EditKey {
            key: k,
            ctrl: false,
            alt: false,
            shift,
        }
    }

    #[test]
    fn question_and_answer_then_cloze() {
        let mut e = CardEditor::new(source("Stalin dissolved the Comintern in 1943."));
        assert_eq!(e.text(), Err(Unready::NoQuestion));
        for c in "When did the Comintern end?".chars() {
            e.input(key(Key::Char(c), false));
        }
        let text = e.text().unwrap();
        assert_eq!(text.back, "Stalin dissolved the Comintern in 1943.");
        assert!(e.is_dirty());

        e.switch_kind();
        assert_eq!(e.kind, CardKind::Cloze);
        assert_eq!(contents(&e.fields[FRONT]), "When did the Comintern end?");
        // A cloze on the passage: start again from it.
        let mut e = CardEditor::new(source("Stalin dissolved the Comintern in 1943."));
        e.switch_kind();
        assert_eq!(
            contents(&e.fields[FRONT]),
            "Stalin dissolved the Comintern in 1943."
        );
        assert!(e.text().is_err(), "no blank yet");
        // Select "94" of "1943": the blank takes the whole word.
        e.input(key(Key::Left, false));
        e.input(key(Key::Left, false));
        for _ in 0..2 {
            e.input(key(Key::Left, true));
        }
        e.blank().unwrap();
        assert_eq!(
            contents(&e.fields[FRONT]),
            "Stalin dissolved the Comintern in {{c1::1943}}."
        );
        let text = e.text().unwrap();
        assert_eq!(text.kind, CardKind::Cloze);
    }

    #[test]
    fn the_editor_saves_a_ready_card_and_says_why_not_otherwise() {
        let mut e = CardEditor::new(source("A passage."));
        assert!(matches!(
            e.update(Action::Save).as_slice(),
            [Effect::SayKeyed(Tone::Info, "write a question first")]
        ));
        assert!(
            matches!(e.update(Action::Blank).as_slice(), [Effect::SayKeyed(_, said)] if said.contains("[switch-kind]"))
        );
        e.update(Action::Edit(key(Key::Char('Q'), false)));
        assert!(matches!(
            e.update(Action::Save).as_slice(),
            [Effect::SaveCard { text, editing: None, .. }] if text.front == "Q"
        ));
        assert!(matches!(
            e.update(Action::Close).as_slice(),
            [Effect::Ask { .. }]
        ));
        e.update(Action::NextField);
        assert_eq!(e.focus, BACK);
    }
}
