//! A book's footnotes and endnotes, reached from their references in the text: Enter on a
//! reference shows the note in a popup (`show_note`, in the applier), `f` goes to the note itself
//! and Backspace comes back, as after any jump.

use crate::app::{App, Tone};

impl App {
    /// `f` in the text: goes to the note whose reference is under the cursor.
    pub(in crate::app) fn follow_note(&mut self) {
        let target = self.open.as_ref().and_then(|open| {
            let cursor = open.reader.cursor()?;
            Some(open.reader.doc().note_at(cursor)?.note.start)
        });
        match target {
            Some(target) => self.go_to_note(target),
            None => self.say(Tone::Info, "no note reference under the cursor"),
        }
    }

    /// Goes to byte `target` (a note, a link's place), the cursor with it; back returns.
    pub(in crate::app) fn go_to_note(&mut self, target: usize) {
        if let Some(open) = self.open.as_mut() {
            open.reader.jump_to(target);
            if open.reader.cursor().is_some() {
                open.reader.place_cursor(target);
            }
        }
        self.say_keyed(Tone::Info, "[back] returns to the text");
    }
}
