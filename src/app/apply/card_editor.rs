//! The card editor: a question and its answer with the passage as context, or the passage
//! with blanks (cloze); starting one on a passage, checking and saving it.
use crate::app::undo::Change;
use crate::app::{Action, App, Mode, Overlay, Tone};
use crate::app::card_editor::*;

impl App {
    /// What to tell about `why`, naming the keys in effect.
    fn unready(&self, why: Unready) -> String {
        let blank = self.key(Mode::CardEditor, Action::Blank);
        match why {
            Unready::NoQuestion => "write a question first".into(),
            Unready::NoBlank => format!(
                "blank out some words first: select them (shift and the arrows), then {blank}"
            ),
            Unready::NotCloze => format!(
                "blanks are made in the cloze text: {} switches to cloze",
                self.key(Mode::CardEditor, Action::SwitchKind)
            ),
            Unready::NothingSelected => {
                format!("select the words to blank out first (shift and the arrows), then {blank}")
            }
            Unready::OnlySpaces => "select some words, not only spaces".into(),
        }
    }

    /// `c`: a card on the selection, or on the highlight under the cursor.
    pub(in crate::app) fn start_card(&mut self) {
        let Some(open) = self.open.as_ref() else {
            return;
        };
        let range = open.reader.selection().or_else(|| {
            let id = open.under_cursor()?;
            open.marks.find(id).map(|p| p.range.clone())
        });
        let Some(range) = range else {
            self.say_keyed(
                Tone::Info,
                "select a passage ([select]) or put the cursor on a highlight to make a card",
            );
            return;
        };
        let Some(document) = open.id else {
            return;
        };
        let source = Source {
            document,
            anchor: open.anchor(range),
        };
        self.overlay = Some(Overlay::CardEditor(Box::new(CardEditor::new(source))));
    }

    pub(in crate::app) fn update_card_editor(&mut self, action: Action) {
        let Some(Overlay::CardEditor(editor)) = self.overlay.as_mut() else {
            return;
        };
        match action {
            Action::Edit(key) => editor.input(key),
            Action::NextField => editor.focus = (editor.focus + 1) % 3,
            Action::PrevField => editor.focus = (editor.focus + 2) % 3,
            Action::SwitchKind => editor.switch_kind(),
            Action::Blank => {
                if let Err(why) = editor.blank() {
                    let said = self.unready(why);
                    self.say(Tone::Info, said);
                }
            }
            Action::Save => self.save_card(),
            Action::Close if editor.is_dirty() => editor.confirm_discard = true,
            Action::Close => self.close_card_editor(),
            _ => {}
        }
    }

    pub(in crate::app) fn update_card_confirm(&mut self, action: Action) {
        let Some(Overlay::CardEditor(editor)) = self.overlay.as_mut() else {
            return;
        };
        match action {
            Action::Yes => self.close_card_editor(),
            Action::No | Action::Close => editor.confirm_discard = false,
            _ => {}
        }
    }

    /// Closes the card editor, back to the review if it was opened from there.
    fn close_card_editor(&mut self) {
        self.overlay = None;
        if self.screen == crate::app::Screen::Review {
            self.refresh_review_card();
        }
    }

    fn save_card(&mut self) {
        let Some(Overlay::CardEditor(editor)) = self.overlay.as_ref() else {
            return;
        };
        let text = match editor.text() {
            Ok(text) => text,
            Err(why) => {
                let said = self.unready(why);
                self.say(Tone::Info, said);
                return;
            }
        };
        let now = self.now;
        match editor.editing.clone() {
            Some(note) => {
                let result = self.store.edit_note(&note, &text, now);
                if self.saved(result).is_some() {
                    self.say(Tone::Info, "card saved");
                    self.close_card_editor();
                    self.refresh_cards();
                }
            }
            None => {
                let source = editor.source.clone();
                let content = match self.open.as_ref() {
                    Some(open) if open.id == Some(source.document) => {
                        open.reader.doc().content.clone()
                    }
                    _ => String::new(),
                };
                let result =
                    self.store
                        .add_cards(source.document, &source.anchor, &text, &content, now);
                if let Some(cards) = self.saved(result) {
                    let made = match cards.len() {
                        1 => self
                            .keymap
                            .fill(Mode::Reader, "card made: [review] reviews"),
                        n => self.keymap.fill(
                            Mode::Reader,
                            &format!("{n} cards made, one per blank: [review] reviews"),
                        ),
                    };
                    if let Some(open) = self.open.as_mut() {
                        open.remember(Change::CardsMade(cards.iter().map(|c| c.id).collect()));
                        open.reader.clear_selection();
                    }
                    self.overlay = None;
                    self.say(Tone::Info, made);
                }
            }
        }
    }
}
