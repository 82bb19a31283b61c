//! The one-line prompt (go to, bookmark label, export and import paths, searches): its answer
//! goes where it was asked for; a search is searched again as it is typed; a path completes.

use super::list::erase_word;
use crate::app::complete::complete;
use crate::app::effect::Effect;
use crate::app::{Action, Ask, Tone};
use crate::document::sanitize::one_line;

pub struct Prompt {
    pub input: String,
    pub ask: Ask,
    /// The answers Tab goes through, in turn (the groups to share with).
    pub choices: Vec<String>,
}

impl Prompt {
    pub fn new(ask: Ask) -> Prompt {
        Prompt::with(ask, String::new())
    }

    /// A prompt with an answer already typed (a path to change).
    pub fn with(ask: Ask, input: String) -> Prompt {
        Prompt {
            input,
            ask,
            choices: Vec::new(),
        }
    }

    /// A prompt whose answer is one of `choices` (the first typed already; Tab the next).
    pub fn choosing(ask: Ask, choices: Vec<String>) -> Prompt {
        let input = choices.first().cloned().unwrap_or_default();
        Prompt {
            input,
            ask,
            choices,
        }
    }

    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        let ask = self.ask;
        match action {
            Action::Input(c) if self.input.chars().count() < ask.longest() => self.input.push(c),
            Action::Erase => {
                self.input.pop();
            }
            Action::EraseWord => erase_word(&mut self.input),
            Action::EraseLine => self.input.clear(),
            Action::Close if ask == Ask::Find => return vec![Effect::Close, Effect::CancelFind],
            Action::Close => return vec![Effect::Close],
            Action::Complete if matches!(ask, Ask::OpenFile | Ask::ExportTo | Ask::ImportFrom) => {
                return self.complete();
            }
            Action::Complete if !self.choices.is_empty() => {
                let at = self.choices.iter().position(|c| *c == self.input);
                let next = at.map_or(0, |i| (i + 1) % self.choices.len());
                self.input = self.choices[next].clone();
            }
            Action::Submit => {
                let input = std::mem::take(&mut self.input);
                return vec![Effect::Close, Effect::Answer(ask, input)];
            }
            _ => return Vec::new(),
        }
        self.typed()
    }

    /// Text pasted: typed, as one line, as far as the answer may go.
    pub fn paste(&mut self, text: &str) -> Vec<Effect> {
        let room = self
            .ask
            .longest()
            .saturating_sub(self.input.chars().count());
        self.input.extend(one_line(text).chars().take(room));
        self.typed()
    }

    /// Incremental search: every change of the query searches again.
    fn typed(&self) -> Vec<Effect> {
        match self.ask {
            Ask::Find => vec![Effect::SearchAsTyped(self.input.clone())],
            _ => Vec::new(),
        }
    }

    fn complete(&mut self) -> Vec<Effect> {
        let keep = match self.ask {
            Ask::OpenFile => crate::document::Format::may_name_a_document,
            _ => |_: &std::path::Path| true,
        };
        let done = complete(&self.input, keep);
        self.input = done.input;
        let said = match done.fitting {
            0 => "no file starts so".to_string(),
            1 => return Vec::new(),
            n => {
                let more = n - done.candidates.len();
                let more = if more > 0 {
                    format!(" (+{more})")
                } else {
                    String::new()
                };
                format!("{}{more}", done.candidates.join("  "))
            }
        };
        vec![Effect::Say(Tone::Info, said)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_is_searched_as_typed_and_an_answer_goes_where_asked() {
        let mut find = Prompt::new(Ask::Find);
        assert!(matches!(
            find.update(Action::Input('a')).as_slice(),
            [Effect::SearchAsTyped(q)] if q == "a"
        ));
        assert!(matches!(
            find.paste("b\x1b[2Jc\nd").as_slice(),
            [Effect::SearchAsTyped(q)] if q == "abc d"
        ));
        assert!(matches!(
            find.update(Action::Close).as_slice(),
            [Effect::Close, Effect::CancelFind]
        ));
        let mut go = Prompt::new(Ask::GoTo);
        for c in "12%".chars() {
            assert!(go.update(Action::Input(c)).is_empty());
        }
        go.update(Action::Erase);
        assert!(matches!(
            go.update(Action::Submit).as_slice(),
            [Effect::Close, Effect::Answer(Ask::GoTo, a)] if a == "12"
        ));
        for _ in 0..100 {
            go.update(Action::Input('9'));
        }
        assert_eq!(
            go.input.chars().count(),
            Ask::GoTo.longest(),
            "answers have a length"
        );
    }

    #[test]
    fn ctrl_w_erases_a_word_and_ctrl_u_the_line_as_in_a_shell() {
        let mut find = Prompt::with(Ask::Find, "the working  class ".into());
        assert!(matches!(
            find.update(Action::EraseWord).as_slice(),
            [Effect::SearchAsTyped(q)] if q == "the working  "
        ));
        find.update(Action::EraseWord);
        assert_eq!(find.input, "the ");
        find.update(Action::EraseWord);
        find.update(Action::EraseWord);
        assert_eq!(find.input, "");
        let mut path = Prompt::with(Ask::ExportTo, "~/notes/thé export.md".into());
        path.update(Action::EraseWord);
        assert_eq!(path.input, "~/notes/thé ");
        path.update(Action::EraseLine);
        assert_eq!(path.input, "");
    }
}
