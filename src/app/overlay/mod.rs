//! The overlays: what is drawn over a screen and has the keyboard while it is. Each owns its
//! state and its update, which changes that state and returns [`Effect`]s for the app to
//! apply; none reaches into the app. The list overlays share [`list::List`], and every yes-or-no
//! question is one [`confirm::Confirm`].

pub mod bookmarks;
pub mod card_editor;
pub mod card_info;
pub mod cards;
pub mod confirm;
pub mod contents;
pub mod draft;
pub mod editor;
pub mod help;
pub mod list;
pub mod members;
pub mod news;
pub mod panel;
pub mod popup;
pub mod prompt;
pub mod results;

use super::effect::{Ctx, Effect};
use super::{Action, Mode};
use bookmarks::Bookmarks;
use card_editor::CardEditor;
use card_info::CardInfoPanel;
use cards::CardList;
use confirm::Confirm;
use contents::Contents;
use draft::DraftOffer;
use editor::NoteEditor;
use help::Help;
use members::MemberPicker;
use news::NewsList;
use panel::Panel;
use popup::{FootnotePopup, NotePopup};
use prompt::Prompt;
use results::Results;

pub enum Overlay {
    Help(Help),
    Contents(Contents),
    Prompt(Prompt),
    Annotations(Panel),
    Bookmarks(Bookmarks),
    Editor(Box<NoteEditor>),
    Note(NotePopup),
    /// A book's footnote (or endnote), shown from its reference in the text.
    Footnote(FootnotePopup),
    Draft(DraftOffer),
    CardEditor(Box<CardEditor>),
    Cards(Box<CardList>),
    /// A card shown whole.
    CardInfo(CardInfoPanel),
    Results(Box<Results>),
    /// What is new from the reading group.
    News(Box<NewsList>),
    /// Whose annotations are shown, among many members.
    Members(Box<MemberPicker>),
    Confirm(Box<Confirm>),
}

impl Overlay {
    /// What has the keyboard while this overlay is shown.
    pub fn mode(&self) -> Mode {
        match self {
            Overlay::Help(help) if help.typing => Mode::Filter,
            Overlay::Help(_) => Mode::Help,
            Overlay::Contents(_) => Mode::Contents,
            Overlay::Prompt(_) => Mode::Prompt,
            Overlay::Annotations(panel) if panel.list.typing => Mode::Filter,
            Overlay::Annotations(_) => Mode::Annotations,
            Overlay::Bookmarks(_) => Mode::Bookmarks,
            Overlay::Editor(_) => Mode::Editor,
            Overlay::Note(_) => Mode::Note,
            Overlay::Footnote(_) => Mode::Footnote,
            Overlay::Draft(_) => Mode::Draft,
            Overlay::CardEditor(_) => Mode::CardEditor,
            Overlay::Cards(cards) if cards.list.typing => Mode::Filter,
            Overlay::Cards(_) => Mode::Cards,
            Overlay::CardInfo(_) => Mode::CardInfo,
            Overlay::Results(_) => Mode::Results,
            Overlay::News(_) => Mode::News,
            Overlay::Members(picker) if picker.list.typing => Mode::Filter,
            Overlay::Members(_) => Mode::Members,
            Overlay::Confirm(_) => Mode::Confirm,
        }
    }

    pub fn update(&mut self, action: Action, ctx: &Ctx) -> Vec<Effect> {
        match self {
            Overlay::Help(help) => help.update(action, ctx.help),
            Overlay::Contents(contents) => contents.update(action),
            Overlay::Prompt(prompt) => prompt.update(action),
            Overlay::Annotations(panel) => panel.update(action, ctx),
            Overlay::Bookmarks(bookmarks) => bookmarks.update(action),
            Overlay::Editor(editor) => editor.update(action),
            Overlay::Note(note) => note.update(action),
            Overlay::Footnote(note) => note.update(action),
            Overlay::Draft(offer) => offer.update(action, ctx),
            Overlay::CardEditor(editor) => editor.update(action),
            Overlay::Cards(cards) => cards.update(action),
            Overlay::CardInfo(panel) => panel.update(action),
            Overlay::Results(results) => results.update(action),
            Overlay::News(news) => news.update(action),
            Overlay::Members(picker) => picker.update(action),
            Overlay::Confirm(confirm) => confirm.update(action),
        }
    }

    /// Text pasted into the editor or prompt this overlay is (a list's filter takes it as
    /// typed keys, from the app).
    pub fn paste(&mut self, text: &str) -> Vec<Effect> {
        match self {
            Overlay::Editor(editor) => editor.paste(text),
            Overlay::CardEditor(editor) => editor.fields[editor.focus].paste(text),
            Overlay::Prompt(prompt) => return prompt.paste(text),
            _ => {}
        }
        Vec::new()
    }

    /// The note editor, shown or under a question: what a draft is saved from.
    pub fn note_editor(&mut self) -> Option<&mut NoteEditor> {
        match self {
            Overlay::Editor(editor) => Some(editor),
            Overlay::Confirm(confirm) => confirm.over.as_mut()?.note_editor(),
            _ => None,
        }
    }
}
