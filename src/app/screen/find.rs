//! The reader's search of the open text (the search itself is [`crate::app::find`]): `/` starts
//! one, its matches are followed as they come and with `n` and `N`, Enter keeps it and Esc
//! cancels it.

use std::ops::Range;

use crate::app::find::{ENTER_WAITS_FOR_FIRST_MATCH, Find};
use crate::app::opening::Open;
use crate::app::{App, Ask, Overlay, Tone};

impl Open {
    /// The search's current match, when it is on the page shown.
    pub fn match_on_page(&self) -> Option<Range<usize>> {
        let find = self.find.as_ref()?;
        let range = find.matches.get(find.current?)?;
        let page = self.reader.page();
        let shown = page.first()?.start <= range.start && range.start <= page.last()?.end;
        shown.then(|| range.clone())
    }

    /// Brings the match found at `start` on the page, with the cursor on it: `v` selects
    /// from there, and what acts on a selection acts on the match (a selection under way runs
    /// to it).
    fn land_on(&mut self, start: usize) {
        self.reader.reveal(start);
        self.reader.place_cursor(start);
    }
}

impl App {
    /// `/`: the prompt for a phrase to find, holding the last one.
    pub(in crate::app) fn start_find(&mut self) {
        let Some(open) = self.open.as_mut() else {
            return;
        };
        open.find_origin = Some(open.reader.anchor());
        let input = open
            .find
            .as_ref()
            .map(|f| f.query.clone())
            .unwrap_or_default();
        self.prompt(Ask::Find, input);
    }

    /// Whether a search is open in the text (for `n` and `N`).
    pub(in crate::app) fn finding(&self) -> bool {
        self.open.as_ref().is_some_and(|o| o.find.is_some())
    }

    /// `n` and `N`: the next (`forward`) or previous match of the search.
    pub(in crate::app) fn next_match(&mut self, forward: bool) {
        let Some(open) = self.open.as_mut() else {
            return;
        };
        let Some(find) = open.find.as_mut() else {
            self.say_keyed(Tone::Info, "no search in this text: [find] searches");
            return;
        };
        let page_start = open.reader.page().first().map_or(0, |r| r.start);
        let from = find
            .current
            .and_then(|i| find.matches.get(i))
            .map_or(page_start, |m| m.start);
        find.current = if forward {
            let after = if find.current.is_some() {
                from + 1
            } else {
                from
            };
            find.next_from(after)
        } else {
            find.prev_before(from)
        };
        match find.current.map(|i| find.matches[i].start) {
            Some(at) => open.land_on(at),
            None => {
                let text = format!("{:?} is not in this text", find.query);
                self.say(Tone::Info, text);
            }
        }
    }

    /// The query changed in the prompt: search again, from where the reader started.
    pub(in crate::app) fn search_as_typed(&mut self, query: &str) {
        if let Some(open) = self.open.as_mut() {
            open.find = Some(Find::start(open.reader.doc(), query));
        }
        self.follow_find();
    }

    /// Shows the first match after the search's origin, once matches arrive: as a search is
    /// typed (from where the reader was), or when a library result opens a text (from its
    /// passage).
    pub(in crate::app) fn follow_find(&mut self) {
        let typing = matches!(&self.overlay, Some(Overlay::Prompt(p)) if p.ask == Ask::Find);
        let Some(open) = self.open.as_mut() else {
            return;
        };
        let (Some(find), Some(origin)) = (open.find.as_mut(), open.find_origin) else {
            return;
        };
        if find.current.is_none() {
            find.current = find.next_from(origin);
        } else if typing {
            return;
        }
        // (A match shown as the query was typed takes the cursor once the search is kept.)
        if let Some(i) = find.current {
            let start = find.matches[i].start;
            if typing {
                open.reader.reveal(start);
            } else {
                open.land_on(start);
                open.find_origin = None;
            }
        }
    }

    /// Enter in the search prompt: keep the search; n and N walk it.
    pub(in crate::app) fn keep_find(&mut self) {
        let Some(open) = self.open.as_mut() else {
            return;
        };
        // Enter typed right after the query usually comes before the search has answered,
        // though it answers within a millisecond on most texts: a moment's wait lands on the
        // match now, so that the next key (`v`, `e`) starts from it.
        if let Some(find) = open.find.as_mut() {
            find.first_within(ENTER_WAITS_FOR_FIRST_MATCH);
        }
        self.follow_find();
        let Some(open) = self.open.as_mut() else {
            return;
        };
        // Pressed before the first match arrived (a fast typist, a slow machine): the search
        // goes on, and shows its first match when it comes.
        if open
            .find
            .as_ref()
            .is_none_or(|f| f.current.is_some() || !f.is_running())
        {
            open.find_origin = None;
        }
        match &open.find {
            Some(f) if f.query.trim().is_empty() => open.find = None,
            Some(f) if f.matches.is_empty() && !f.is_running() => {
                let text = format!("{:?} is not in this text", f.query);
                open.find = None;
                self.say(Tone::Info, text);
            }
            _ => {}
        }
    }

    /// Esc in the search prompt: no search, and back to where the reader was.
    pub(in crate::app) fn cancel_find(&mut self) {
        let Some(open) = self.open.as_mut() else {
            return;
        };
        open.find = None;
        if let Some(origin) = open.find_origin.take() {
            open.reader.jump_to(origin);
        }
    }
}
