//! The reader screen: every action named, each turned into a move of the page or the cursor,
//! or handed to the module that owns it (annotating, bookmarks, cards, search, the group);
//! the table of contents and "go to".

use crate::app::overlay::contents::Contents;
use crate::app::overlay::help::Help;
use crate::app::overlay::prompt::Prompt;
use crate::app::{Action, App, Ask, Overlay, Screen, Tone, WHEEL_ROWS};
use crate::srs::deck::Scope;

impl App {
    pub(in crate::app) fn update_reader(&mut self, action: Action) {
        let g = self.geometry();
        let Some(open) = self.open.as_mut() else {
            self.screen = Screen::Library;
            return;
        };
        open.first_hint &= !matches!(
            action,
            Action::Highlight(_) | Action::Select | Action::Annotate | Action::Help | Action::Close
        );
        // A search leaves the cursor on its match, as in an editor: `v` selects from there,
        // and what acts on a selection acts on the match itself while the cursor has not left
        // its start (`/word`, Enter, `H` highlights the word).
        let found = open.match_on_page();
        let r = &mut open.reader;
        let acts_on_selection = matches!(
            action,
            Action::Highlight(_)
                | Action::Annotate
                | Action::Card
                | Action::PassageCard
                | Action::Copy
                | Action::CopyCitation
        );
        if let Some(range) = found.clone()
            && acts_on_selection
            && !r.is_selecting()
            && r.cursor() == Some(range.start)
        {
            r.select_range(range);
        }
        match action {
            Action::NextPage => r.next_page(),
            Action::PrevPage => r.prev_page(),
            Action::HalfPageDown => r.half_page(true),
            Action::HalfPageUp => r.half_page(false),
            Action::LineDown => r.scroll(1),
            Action::LineUp => r.scroll(-1),
            Action::ScrollRight | Action::ScrollLeft => {
                if !r.scroll_sideways(action == Action::ScrollRight) {
                    self.say(Tone::Info, "nothing on this page is wider than the column");
                }
            }
            Action::WheelDown => r.scroll(WHEEL_ROWS),
            Action::WheelUp => r.scroll(-WHEEL_ROWS),
            Action::DocStart => r.jump_to_start(),
            Action::DocEnd => r.jump_to_end(),
            Action::Move(motion) => r.move_cursor(motion),
            Action::Select if r.is_selecting() => r.clear_selection(),
            Action::Select => r.start_selection(),
            Action::SelectParagraph => r.select_paragraph(),
            Action::Press(x, y) | Action::Drag(x, y) => {
                let column = x.checked_sub(g.text_x);
                let offset = column.and_then(|c| r.offset_at(c, y.checked_sub(1)?));
                match (offset, action) {
                    (Some(at), Action::Press(..)) => r.press(at),
                    (Some(at), _) => r.drag(at),
                    _ => {}
                }
            }
            Action::Back => {
                if !r.back() {
                    self.say(Tone::Info, "no earlier place to go back to");
                }
            }
            Action::Forward => {
                if !r.forward() {
                    self.say(Tone::Info, "no later place to go forward to");
                }
            }
            Action::GoTo => self.overlay = Some(Overlay::Prompt(Prompt::new(Ask::GoTo))),
            Action::Contents => self.open_contents(),
            Action::Help => self.overlay = Some(Overlay::Help(Help::default())),
            Action::Close if open.reattaching.is_some() => {
                open.reattaching = None;
                self.say(Tone::Info, "re-attaching cancelled");
            }
            Action::Close if r.is_selecting() => r.clear_selection(),
            // The cursor a search left on its match goes with the search.
            Action::Close if r.cursor().is_some() => {
                if found.is_some_and(|m| r.cursor() == Some(m.start)) {
                    open.find = None;
                }
                r.hide_cursor();
            }
            Action::Close => open.find = None,
            Action::Library => {
                self.screen = Screen::Library;
                self.refresh_library();
            }
            // Back to the review under way (a card's passage visited), else the open text's
            // cards.
            Action::Review if self.review.is_some() => self.start_review(None),
            Action::Review => {
                let scope = self.open.as_ref().and_then(|open| {
                    Some(Scope::Text {
                        id: open.id?,
                        title: open.reader.doc().title.clone(),
                    })
                });
                self.start_review(Some(scope.unwrap_or(Scope::Library)));
            }
            Action::Export => self.ask_export(),
            Action::Import => self.ask_import(),
            Action::Share => self.ask_share(),
            Action::Whose => self.choose_whose(false),
            Action::Find => self.start_find(),
            // With no search, `n` keeps its first meaning: the annotations panel.
            Action::NextMatch => self.next_match(true),
            Action::PrevMatch => self.next_match(false),
            Action::SearchLibrary => self.ask_library_search(),
            Action::News => self.show_news(),
            Action::Highlight(color) => self.highlight(color),
            Action::Annotate => self.start_note(),
            Action::Unhighlight => self.unhighlight(),
            Action::PassageCard => self.make_passage_card(),
            Action::Undo => self.undo(),
            Action::Redo => self.redo(),
            Action::ShowNote => self.show_note(),
            Action::FollowNote => self.follow_note(),
            Action::Annotations => self.open_panel(),
            Action::Bookmark => self.ask_bookmark(),
            Action::Bookmarks => self.open_bookmarks(),
            Action::Card => self.start_card(),
            Action::Cards => self.open_cards(),
            Action::Copy => self.copy(false),
            Action::CopyCitation => self.copy(true),
            // Handled before any screen sees them.
            Action::Quit | Action::Background | Action::Resize(..) => {}
            // Meant for lists, panels, prompts, editors and reviews.
            Action::Up
            | Action::Down
            | Action::Top
            | Action::Bottom
            | Action::Open
            | Action::Delete
            | Action::EditEntry
            | Action::Filter
            | Action::Reattach
            | Action::Reply
            | Action::ConfirmPlace
            | Action::Yes
            | Action::No
            | Action::Input(_)
            | Action::Erase
            | Action::EraseWord
            | Action::Sort
            | Action::EraseLine
            | Action::Submit
            | Action::Complete
            | Action::OpenFile
            | Action::Edit(_)
            | Action::Save
            | Action::NextField
            | Action::PrevField
            | Action::SwitchKind
            | Action::Blank
            | Action::Reveal
            | Action::Answer(_)
            | Action::OpenSource
            | Action::Suspend
            | Action::Flag(_)
            | Action::Bury
            | Action::Private
            | Action::CardInfo
            | Action::Stats => {}
        }
    }

    /// Runs a "go to" request: `120` is a page, `50%` a share of the text; in a paged
    /// original (a PDF) a page is named as it is printed (`xii`, `45`).
    pub(in crate::app) fn go_to(&mut self, input: &str) {
        let Some(open) = self.open.as_mut() else {
            return;
        };
        let input = input.trim();
        let printed = input.strip_prefix("p.").unwrap_or(input);
        if let Some(start) = open.reader.doc().printed_page(printed) {
            open.reader.jump_to(start);
        } else if let Some(percent) = input.strip_suffix('%') {
            match percent.trim().parse::<f64>() {
                Ok(p) if (0.0..=100.0).contains(&p) => open.reader.jump_to_percent(p),
                _ => self.say(
                    Tone::Error,
                    format!("not a percentage from 0 to 100: {input}"),
                ),
            }
        } else {
            match input.parse::<u64>() {
                Ok(page) if page >= 1 => {
                    let estimated = !open.reader.page_number().exact;
                    open.reader.jump_to_page(page);
                    if estimated {
                        self.say(
                            Tone::Info,
                            "pages are still being counted: this is about that page",
                        );
                    }
                }
                _ => self.say(
                    Tone::Error,
                    format!("go to: type a page number (120) or a percentage (50%), not {input:?}"),
                ),
            }
        }
    }

    pub(in crate::app) fn open_contents(&mut self) {
        let Some(open) = self.open.as_ref() else {
            return;
        };
        let r = &open.reader;
        if r.doc().contents.is_empty() {
            self.say(Tone::Info, "this text has no headings");
            return;
        }
        let selected = r.section().unwrap_or(0);
        self.overlay = Some(Overlay::Contents(Contents::new(r.doc(), selected)));
    }
}
