//! Highlights: making, recolouring and removing them, showing the note or footnote under the
//! cursor, re-attaching an orphan. Each change is saved at once (one transaction in the
//! store), recorded for undo, then mirrored in the open document's marks.

use std::ops::Range;

use crate::anchor::Anchor;
use crate::annotation::{Annotation, AnnotationId};
use crate::app::overlay::panel::Panel;
use crate::app::overlay::popup::{FootnotePopup, NotePopup};
use crate::app::undo::Change;
use crate::app::{Action, App, Mode, Open, Overlay, Tone};
use crate::document::LinkTarget;
use crate::store::StoreError;

impl Open {
    /// The anchor of byte range `range` of the open text.
    pub(in crate::app) fn anchor(&self, range: Range<usize>) -> Anchor {
        let doc = self.reader.doc();
        Anchor::new(&doc.content, range.clone(), doc.char_of(range.start))
    }

    /// The annotation under the cursor, if any.
    pub(in crate::app) fn under_cursor(&self) -> Option<AnnotationId> {
        let at = self.reader.cursor()?;
        self.marks.at(at).map(|p| p.annotation.id)
    }

    /// Puts a freshly saved or changed annotation in the marks.
    pub(in crate::app) fn put(&mut self, annotation: Annotation) {
        let doc = self.reader.doc();
        let range = doc.byte_of(annotation.anchor.start)..doc.byte_of(annotation.anchor.end);
        if annotation.orphaned {
            self.marks.put_orphan(annotation);
        } else {
            self.marks.put(annotation, range);
        }
    }
}

impl App {
    /// Reports a store error; returns whether there was none.
    pub(in crate::app) fn saved<T>(&mut self, result: Result<T, StoreError>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(err) => {
                self.say(Tone::Error, format!("not saved: {err}"));
                None
            }
        }
    }

    /// Reloads one annotation from the store into the marks (after any change to it).
    pub(in crate::app) fn reload(&mut self, id: AnnotationId, live: bool) {
        let found = self.store.annotation(id);
        let Some(annotation) = self.saved(found).flatten() else {
            return;
        };
        let Some(open) = self.open.as_mut() else {
            return;
        };
        if live {
            open.put(annotation);
        } else {
            open.marks.remove(id);
        }
    }

    /// The reader's annotation actions (everything the reader's own match does not take).
    /// `n`: the annotations panel.
    pub(in crate::app) fn open_panel(&mut self) {
        if let Some(open) = self.open.as_ref() {
            self.overlay = Some(Overlay::Annotations(Panel::new(&open.marks)));
        }
    }

    /// The orphan `id` waits for a new selection (Enter attaches it there; Esc gives up).
    pub(in crate::app) fn reattach(&mut self, id: AnnotationId) {
        if self.refuse_theirs(id, "re-attach") {
            return;
        }
        self.overlay = None;
        if let Some(open) = self.open.as_mut() {
            open.reattaching = Some(id);
            open.reader.show_cursor();
        }
        self.say_keyed(
            Tone::Info,
            "select the new passage ([select], move), then [show-note]; [close] cancels",
        );
    }

    /// The place of a note carried over to a changed text, marked to check, is right.
    pub(in crate::app) fn confirm_place(&mut self, id: AnnotationId) {
        let result = self.store.confirm_place(id);
        if self.saved(result).is_some() {
            self.reload(id, true);
            self.say(Tone::Info, "place confirmed");
        }
    }

    /// Highlights the selection in `color`; without one, recolours the highlight under the
    /// cursor. With a re-attachment pending, the selection re-attaches the orphan instead.
    pub(in crate::app) fn highlight(&mut self, color: u8) {
        let Some(open) = self.open.as_ref() else {
            return;
        };
        if let Some(range) = open.reader.selection() {
            self.create(range, color, "");
            return;
        }
        let under = open.under_cursor();
        match under {
            Some(id) if self.refuse_theirs(id, "recolour") => {}
            Some(id) => {
                let Some(open) = self.open.as_ref() else {
                    return;
                };
                let before = open.marks.find(id).map_or(1, |p| p.annotation.color);
                if before == color {
                    return;
                }
                let result = self.store.set_color(id, color, self.now);
                if self.saved(result).is_some() {
                    self.reload(id, true);
                    if let Some(open) = self.open.as_mut() {
                        open.remember(Change::Color {
                            id,
                            before,
                            after: color,
                        });
                    }
                }
            }
            None => self.say_keyed(
                Tone::Info,
                "select some text first: [select], then move the cursor",
            ),
        }
    }

    /// Saves a new annotation on `range`.
    pub(in crate::app) fn create(&mut self, range: Range<usize>, color: u8, note: &str) {
        let Some(open) = self.open.as_ref() else {
            return;
        };
        let Some(id) = open.id else {
            return;
        };
        let anchor = open.anchor(range.clone());
        let doc = open.reader.doc().clone();
        let result = self
            .store
            .add_annotation(id, &anchor, color, note, &doc.content, self.now);
        if let Some(annotation) = self.saved(result)
            && let Some(open) = self.open.as_mut()
        {
            let id = annotation.id;
            open.put(annotation);
            open.remember(Change::Created(id));
            open.reader.clear_selection();
            // The cursor rests on the new highlight, so that a note or a colour goes to it.
            let last = crate::document::motion::last_char_start(&doc.content, range);
            open.reader.place_cursor(last);
            self.say(
                Tone::Info,
                if note.is_empty() {
                    "highlighted"
                } else {
                    "note saved"
                },
            );
        }
    }

    pub(in crate::app) fn unhighlight(&mut self) {
        let Some(id) = self.open.as_ref().and_then(Open::under_cursor) else {
            self.say(Tone::Info, "put the cursor on a highlight to remove it");
            return;
        };
        self.delete(id);
    }

    pub(in crate::app) fn delete(&mut self, id: AnnotationId) {
        if self.refuse_theirs(id, "remove") {
            return;
        }
        let result = self.store.set_annotation_deleted(id, true, self.now);
        if self.saved(result).is_some() {
            if let Some(open) = self.open.as_mut() {
                open.marks.remove(id);
                open.remember(Change::Deleted(id));
            }
            let undo = self.key(Mode::Cursor, Action::Undo);
            self.say(Tone::Info, format!("removed: {undo} to undo"));
        }
    }

    /// Another member's annotation is theirs (their next export would undo a change anyway):
    /// says so, naming them and `what` cannot be done, and returns true.
    pub(in crate::app) fn refuse_theirs(&mut self, id: AnnotationId, what: &str) -> bool {
        let author = self
            .open
            .as_ref()
            .and_then(|o| o.marks.annotation(id))
            .and_then(|a| a.author.as_ref())
            .map(|a| a.name.clone());
        if let Some(name) = &author {
            let text = format!(
                "this is {name}'s, not yours to {what}: select the passage ({}) and press {} to \
                 write your own note, or reply to it ({} in its note); {} hides others' notes",
                self.key(Mode::Reader, Action::Select),
                self.key(Mode::Cursor, Action::Annotate),
                self.key(Mode::Note, Action::Reply),
                self.key(Mode::Reader, Action::Whose)
            );
            self.say(Tone::Info, text);
        }
        author.is_some()
    }

    /// Enter: re-attaches a pending orphan to the selection, or shows the footnote or the note
    /// under the cursor (or the first note on the page) in a popup, follows the link under the
    /// cursor (to its place, Backspace returning; an address in the browser), or opens the
    /// picture under the cursor (or the first on the page) in the system's viewer.
    pub(in crate::app) fn show_note(&mut self) {
        let Some(open) = self.open.as_ref() else {
            return;
        };
        if let (Some(id), Some(range)) = (open.reattaching, open.reader.selection()) {
            let anchor = open.anchor(range);
            let result = self.store.reattach(id, &anchor, self.now);
            if self.saved(result).is_some() {
                self.reload(id, true);
                if let Some(open) = self.open.as_mut() {
                    open.reattaching = None;
                    open.reader.clear_selection();
                }
                self.say(Tone::Info, "re-attached");
            }
            return;
        }
        if let Some(note) = open
            .reader
            .cursor()
            .and_then(|c| open.reader.doc().note_at(c))
        {
            self.overlay = Some(Overlay::Footnote(FootnotePopup { note: note.clone() }));
            return;
        }
        let link = open
            .reader
            .cursor()
            .and_then(|c| open.reader.doc().link_at(c))
            .map(|l| l.target.clone());
        match link {
            Some(LinkTarget::Place(at)) => return self.go_to_note(at),
            Some(LinkTarget::Address(address)) => return self.offer_address(address),
            None => {}
        }
        if let Some(picture) = self.picture_here(false) {
            self.view_picture(picture);
            return;
        }
        let page = match (open.reader.page().first(), open.reader.page().last()) {
            (Some(first), Some(last)) => first.start..last.end,
            _ => return,
        };
        let noted = |id: AnnotationId| {
            open.marks
                .annotation(id)
                .is_some_and(|a| !a.note.trim().is_empty() || !open.marks.thread(a).is_empty())
        };
        let id = open.under_cursor().filter(|&id| noted(id)).or_else(|| {
            open.marks
                .overlapping(page)
                .map(|p| p.annotation.id)
                .find(|&id| noted(id))
        });
        match (id, self.picture_here(true)) {
            (Some(id), _) => self.overlay = Some(Overlay::Note(NotePopup { id })),
            (None, Some(picture)) => self.view_picture(picture),
            (None, None) => self.say(Tone::Info, "no note or picture here"),
        }
    }
}
