//! Quitting: what is kept first, and what is not waited for.

use crate::app::App;

impl App {
    /// Ends the program: a note being typed is kept as a draft, to be offered back next time.
    /// A long book still being read is read to its end first only if the reader moved in it or
    /// has something open (its place, or a draft, is the whole's); else quitting leaves at
    /// once (issue 37: `q` waited 1.1 s for a 200 MB text to be read whole).
    pub(in crate::app) fn quit(&mut self) {
        let something_open = self.overlay.is_some();
        let wait = self
            .open
            .as_ref()
            .is_some_and(|o| o.must_finish_to_quit(something_open));
        self.finish_opening(wait);
        self.save_draft(true);
        self.quit = true;
    }
}
