//! The effect applier: what the app does when a screen or an overlay asks (see
//! [`super::effect`]). It is the only code that writes to the store, opens texts and moves the
//! reader; `apply` routes each effect to the method that does it.

mod annotate;
mod bookmarks;
mod cards;
mod ends;
mod group;
mod hint;
mod indexing;
mod members;
mod notes;
mod opening;
mod quit;
mod replies;
mod review;
mod search;
mod undo;
pub(in crate::app) mod window;

use super::effect::Effect;
use super::overlay::confirm::Confirm;
use super::overlay::members::{MemberPicker, PICKER_FROM};
use super::overlay::news::NewsList;
use super::overlay::prompt::Prompt;
use super::{Action, App, Ask, Mode, Overlay, Tone};
use crate::annotation::AnnotationId;
use crate::app::marks::Showing;
use crate::document::sanitize::one_line;

/// A filter is a few words: a longer paste is cut there.
const MOST_PASTED_INTO_A_FILTER: usize = 200;

impl App {
    /// Does what `effects` ask, in order; then the panel and the bookmarks on screen follow
    /// what changed. A key that only moved a list asks nothing, and costs no refresh.
    pub(in crate::app) fn apply(&mut self, effects: Vec<Effect>) {
        if effects.is_empty() {
            return;
        }
        for effect in effects {
            self.apply_one(effect);
        }
        let Some(open) = self.open.as_ref() else {
            return;
        };
        match self.overlay.as_mut() {
            Some(Overlay::Annotations(panel)) => panel.refresh(&open.marks),
            Some(Overlay::Bookmarks(bookmarks)) => {
                bookmarks.refresh(&open.marks);
                if bookmarks.list.is_empty() {
                    self.overlay = None;
                }
            }
            _ => {}
        }
    }

    fn apply_one(&mut self, effect: Effect) {
        match effect {
            Effect::Close => self.overlay = None,
            Effect::Show(overlay) => self.overlay = Some(overlay),
            Effect::Ask {
                question,
                answers,
                yes,
            } => {
                let over = self.overlay.take();
                let confirm = Confirm::new(question, answers, *yes, over);
                self.overlay = Some(Overlay::Confirm(Box::new(confirm)));
            }
            Effect::Say(tone, text) => self.say(tone, text),
            Effect::SayKeyed(tone, template) => self.say_keyed(tone, template),
            Effect::JumpTo { at, cursor } => {
                if let Some(open) = self.open.as_mut() {
                    open.reader.jump_to(at);
                    if cursor {
                        open.reader.place_cursor(at);
                    }
                }
            }
            Effect::GoToNote(at) => self.go_to_note(at),
            Effect::Answer(ask, input) => self.answer_prompt(ask, &input),
            Effect::SearchAsTyped(query) => self.search_as_typed(&query),
            Effect::CancelFind => self.cancel_find(),
            Effect::EditNote(id) => self.edit_note(id),
            Effect::EditReply(id) => self.edit_reply(id),
            Effect::StartReply(id) => self.start_reply(id),
            Effect::DeleteAnnotation(id) => self.delete(id),
            Effect::DeleteReply(id) => self.delete_reply(id),
            Effect::Reattach(id) => self.reattach(id),
            Effect::TogglePrivate(id) => self.toggle_private(id),
            Effect::ConfirmPlace(id) => self.confirm_place(id),
            Effect::ChooseWhose { from_panel } => self.choose_whose(from_panel),
            Effect::ShowWhose {
                showing,
                from_panel,
            } => self.show_whose(showing, from_panel),
            Effect::ShowAnnotation(id) => self.show_annotation(id),
            Effect::Undo => self.undo(),
            Effect::Redo => self.redo(),
            Effect::SaveNote(target, text) => self.save_note(target, text),
            Effect::DiscardNote => self.close_editor(),
            Effect::DeleteBookmark(id) => self.delete_bookmark(id),
            Effect::SaveCard {
                text,
                source,
                editing,
            } => self.save_card(&text, &source, editing.as_deref()),
            Effect::DiscardCard => self.close_card_editor(),
            Effect::RefreshCards => self.refresh_cards(),
            Effect::VisitCard(card) => self.visit(&card),
            Effect::SuspendCard(card) => self.suspend_card(&card),
            Effect::ShowCardInfo(card) => self.show_card_info(card),
            Effect::DeleteCard(id) => self.delete_card(id),
            Effect::RestoreCard(id) => self.restore_card(id),
            Effect::OpenAt {
                document,
                start_char,
                find,
            } => self.open_at(document, start_char, find.as_deref()),
            Effect::RemoveText(entry) => self.remove_text(&entry),
        }
    }

    /// A prompt's answer, to what asked for it.
    fn answer_prompt(&mut self, ask: Ask, input: &str) {
        match ask {
            Ask::GoTo => self.go_to(input),
            Ask::BookmarkLabel => self.add_bookmark(input.trim()),
            Ask::ExportTo => self.export_to(input),
            Ask::ImportFrom => self.import_from(input),
            Ask::Find => self.keep_find(),
            Ask::SearchLibrary => self.search_library(input),
            Ask::OpenFile => self.open_file(input),
            Ask::ShareWith => self.share_with(input),
        }
    }

    /// Asks for a line: a prompt for `ask`, with `input` typed already.
    pub(in crate::app) fn prompt(&mut self, ask: Ask, input: String) {
        self.overlay = Some(Overlay::Prompt(Prompt::with(ask, input)));
    }

    /// Text pasted (the terminal's bracketed paste): typed, whole and as text, into the editor,
    /// prompt or filter that has the keys; elsewhere it does nothing. Its control characters
    /// and escape sequences are dropped: a paste is never keys.
    pub fn paste(&mut self, text: &str) {
        if self.mode() == Mode::Filter {
            for c in one_line(text).chars().take(MOST_PASTED_INTO_A_FILTER) {
                self.update(Action::Input(c));
            }
        } else if let Some(overlay) = self.overlay.as_mut() {
            let effects = overlay.paste(text);
            self.apply(effects);
        }
    }

    /// `A`: the next member's annotations, or, with many members, the picker.
    pub(in crate::app) fn choose_whose(&mut self, from_panel: bool) {
        self.count_members();
        let Some(open) = self.open.as_ref() else {
            return;
        };
        if open.marks.authors().len() < PICKER_FROM {
            return self.cycle_whose();
        }
        let picker = MemberPicker::new(&open.marks, from_panel);
        self.overlay = Some(Overlay::Members(Box::new(picker)));
    }

    fn show_whose(&mut self, showing: Showing, from_panel: bool) {
        let said = showing.describe();
        if let Some(open) = self.open.as_mut() {
            open.marks.showing = showing;
        }
        if from_panel {
            self.open_panel();
        }
        self.say(Tone::Info, said);
    }

    /// An annotation brought on screen (from the news) is shown, whoever's annotations were.
    fn show_annotation(&mut self, id: AnnotationId) {
        if let Some(open) = self.open.as_mut()
            && let Some(a) = open.marks.annotation(id)
            && !open.marks.showing.shows(a)
        {
            open.marks.showing = Showing::Everyone;
        }
    }

    /// Shows what is new (`W`), and marks it seen: the next look shows only what came since.
    pub(in crate::app) fn show_news(&mut self) {
        let news = self.store.news();
        let Some(items) = self.saved(news) else {
            return;
        };
        if items.is_empty() {
            self.say(
                Tone::Info,
                "nothing new from your group since you last looked",
            );
            return;
        }
        let seen = self.store.mark_news_seen(&items);
        self.saved(seen);
        self.refresh_library();
        self.overlay = Some(Overlay::News(Box::new(NewsList::new(items))));
    }

    /// Removes a text from the library (the question was answered yes).
    fn remove_text(&mut self, entry: &crate::document::LibraryEntry) {
        let result = self.store.remove_document(entry.id, false, self.now);
        if let Some((notes, cards)) = self.saved(result) {
            if self.open.as_ref().is_some_and(|o| o.id == Some(entry.id)) {
                self.open = None;
            }
            self.refresh_library();
            let said = crate::library::removed(&entry.title, notes, cards, false);
            self.say(Tone::Info, said);
        }
    }

    /// The library's `o`: asks for a file to open; the answer opens it.
    pub(in crate::app) fn ask_open_file(&mut self) {
        self.prompt(Ask::OpenFile, String::new());
    }

    fn open_file(&mut self, input: &str) {
        let path = super::complete::expand_home(input.trim());
        if input.trim().is_empty() {
            return;
        }
        if let Err(err) = self.open_path(&path) {
            self.say(Tone::Error, format!("{}: {err}", path.display()));
        }
    }

    /// Reads the library (and the news on each text) again.
    pub(in crate::app) fn refresh_library(&mut self) {
        match self.store.news_counts() {
            Ok(news) => self.news = news,
            Err(err) => self.say(Tone::Error, err.to_string()),
        }
        self.refresh_entries();
    }

    /// Reads the library's texts, the notes waiting for texts and the decks again, not the
    /// news: opening a text brings none (and counting them is the longest of these when a
    /// group's first sync brought half a million).
    pub(in crate::app) fn refresh_entries(&mut self) {
        match self.store.library() {
            Ok(entries) => self.library = entries,
            Err(err) => self.say(Tone::Error, err.to_string()),
        }
        match crate::import::waiting(&self.store) {
            Ok(books) => {
                self.waiting = books
                    .into_iter()
                    .map(|(_, title, _, n)| (title, n))
                    .collect();
            }
            Err(err) => self.say(Tone::Error, err.to_string()),
        }
        let days = crate::clock::days();
        let tomorrow = days.start(days.day(self.now) + 1);
        match self.store.text_counts(tomorrow, self.now) {
            Ok(counts) => self.shelf.counts = counts,
            Err(err) => self.say(Tone::Error, err.to_string()),
        }
        let decks = crate::session::deck_counts(&self.store, self.now, days);
        match decks {
            Ok(decks) => self.decks = decks.into_iter().map(|(d, c)| (d.name, c)).collect(),
            Err(err) => self.say(Tone::Error, err.to_string()),
        }
        self.arrange_shelf();
    }

    /// Narrows and orders the library's rows again, the selection kept on its text if shown.
    pub(in crate::app) fn arrange_shelf(&mut self) {
        let selected = self.shelf.entry(self.selected);
        self.shelf.arrange(&self.library);
        self.selected = selected
            .and_then(|i| self.shelf.row_of(i))
            .unwrap_or(0)
            .min(self.shelf.shown.len().saturating_sub(1));
    }

    /// The library's entry on the selected row.
    pub(in crate::app) fn selected_entry(&self) -> Option<&crate::document::LibraryEntry> {
        self.library.get(self.shelf.entry(self.selected)?)
    }
}
