//! Highlights, notes, bookmarks and undo: the actions that write on the text. Each change is
//! saved at once (one transaction in the store), then mirrored in the open document's marks.

use std::ops::Range;

use super::editor::{NoteEditor, NoteTarget};
use super::panel::Panel;
use super::{Action, App, Ask, Open, Overlay, Tone, moved};
use crate::anchor::Anchor;
use crate::annotation::{Annotation, AnnotationId, BookmarkId, Draft};
use crate::srs::card::CardId;
use crate::store::StoreError;

/// A change that `u` can undo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Created(AnnotationId),
    Deleted(AnnotationId),
    Note { id: AnnotationId, before: String },
    Color { id: AnnotationId, before: u8 },
    BookmarkAdded(BookmarkId),
    BookmarkDeleted(BookmarkId),
    CardsMade(Vec<CardId>),
    CardDeleted(CardId),
}

/// Most changes remembered for undo.
const UNDO_LIMIT: usize = 200;

impl Open {
    pub(super) fn remember(&mut self, change: Change) {
        if self.undo.len() == UNDO_LIMIT {
            self.undo.remove(0);
        }
        self.undo.push(change);
    }

    /// The anchor of byte range `range` of the open text.
    pub(super) fn anchor(&self, range: Range<usize>) -> Anchor {
        let doc = self.reader.doc();
        Anchor::new(&doc.content, range.clone(), doc.char_of(range.start))
    }

    /// The annotation under the cursor, if any.
    pub(super) fn under_cursor(&self) -> Option<AnnotationId> {
        let at = self.reader.cursor()?;
        self.marks.at(at).map(|p| p.annotation.id)
    }

    /// Puts a freshly saved or changed annotation in the marks.
    fn put(&mut self, annotation: Annotation) {
        let doc = self.reader.doc();
        let range = doc.byte_of(annotation.anchor.start)..doc.byte_of(annotation.anchor.end);
        if annotation.orphaned {
            self.marks.remove(annotation.id);
            self.marks.orphans.push(annotation);
        } else {
            self.marks.put(annotation, range);
        }
    }
}

impl App {
    fn open_mut(&mut self) -> Option<&mut Open> {
        self.open.as_mut()
    }

    /// Reports a store error; returns whether there was none.
    pub(super) fn saved<T>(&mut self, result: Result<T, StoreError>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(err) => {
                self.say(Tone::Error, format!("not saved: {err}"));
                None
            }
        }
    }

    /// Reloads one annotation from the store into the marks (after any change to it).
    fn reload(&mut self, id: AnnotationId, live: bool) {
        let found = self.store.annotation(id);
        let Some(annotation) = self.saved(found).flatten() else {
            return;
        };
        let Some(open) = self.open_mut() else { return };
        if live {
            open.put(annotation);
        } else {
            open.marks.remove(id);
        }
    }

    /// The reader's annotation actions (everything the reader's own match does not take).
    pub(super) fn annotate(&mut self, action: Action) {
        match action {
            Action::Highlight(color) => self.highlight(color),
            Action::Annotate => self.start_note(),
            Action::Unhighlight => self.unhighlight(),
            Action::Undo => self.undo(),
            Action::ShowNote => self.show_note(),
            Action::FollowNote => self.follow_note(),
            Action::Annotations => {
                if let Some(open) = self.open.as_ref() {
                    self.overlay = Some(Overlay::Annotations(Panel::new(&open.marks)));
                }
            }
            Action::Bookmark => {
                self.overlay = Some(Overlay::Prompt {
                    input: String::new(),
                    ask: Ask::BookmarkLabel,
                })
            }
            Action::Card => self.start_card(),
            Action::Cards => self.open_cards(),
            Action::Bookmarks => {
                let has = self
                    .open
                    .as_ref()
                    .is_some_and(|o| !o.marks.bookmarks.is_empty());
                if has {
                    self.overlay = Some(Overlay::Bookmarks { selected: 0 });
                } else {
                    self.say(Tone::Info, "no bookmarks in this text yet: m adds one");
                }
            }
            _ => {}
        }
    }

    /// Highlights the selection in `color`; without one, recolours the highlight under the
    /// cursor. With a re-attachment pending, the selection re-attaches the orphan instead.
    fn highlight(&mut self, color: u8) {
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
                    if let Some(open) = self.open_mut() {
                        open.remember(Change::Color { id, before });
                    }
                }
            }
            None => self.say(
                Tone::Info,
                "select some text first: v, then move the cursor",
            ),
        }
    }

    /// Saves a new annotation on `range`.
    fn create(&mut self, range: Range<usize>, color: u8, note: &str) {
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
            && let Some(open) = self.open_mut()
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

    fn unhighlight(&mut self) {
        let Some(id) = self.open.as_ref().and_then(Open::under_cursor) else {
            self.say(Tone::Info, "put the cursor on a highlight to remove it");
            return;
        };
        self.delete(id);
    }

    fn delete(&mut self, id: AnnotationId) {
        if self.refuse_theirs(id, "remove") {
            return;
        }
        let result = self.store.set_annotation_deleted(id, true, self.now);
        if self.saved(result).is_some() {
            if let Some(open) = self.open_mut() {
                open.marks.remove(id);
                open.remember(Change::Deleted(id));
            }
            self.say(Tone::Info, "removed: u to undo");
        }
    }

    fn undo(&mut self) {
        let Some(change) = self.open_mut().and_then(|o| o.undo.pop()) else {
            self.say(Tone::Info, "nothing to undo");
            return;
        };
        let now = self.now;
        match change {
            Change::Created(id) => {
                let r = self.store.set_annotation_deleted(id, true, now);
                if self.saved(r).is_some() {
                    self.reload(id, false);
                }
            }
            Change::Deleted(id) => {
                let r = self.store.set_annotation_deleted(id, false, now);
                if self.saved(r).is_some() {
                    self.reload(id, true);
                }
            }
            Change::Note { id, before } => {
                let r = self.store.set_note(id, &before, now);
                if self.saved(r).is_some() {
                    self.reload(id, true);
                }
            }
            Change::Color { id, before } => {
                let r = self.store.set_color(id, before, now);
                if self.saved(r).is_some() {
                    self.reload(id, true);
                }
            }
            Change::CardsMade(ids) => {
                for id in ids {
                    let r = self.store.set_card_deleted(id, true, now);
                    self.saved(r);
                }
                self.refresh_cards();
            }
            Change::CardDeleted(id) => {
                let r = self.store.set_card_deleted(id, false, now);
                self.saved(r);
                self.refresh_cards();
            }
            Change::BookmarkAdded(id) | Change::BookmarkDeleted(id) => {
                let deleted = matches!(change, Change::BookmarkAdded(_));
                let r = self.store.set_bookmark_deleted(id, deleted, now);
                if self.saved(r).is_some() {
                    self.reload_bookmarks();
                }
            }
        }
        if self.message.is_none() {
            self.say(Tone::Info, "undone");
        }
    }

    fn reload_bookmarks(&mut self) {
        let Some(open) = self.open.as_ref() else {
            return;
        };
        let Some(id) = open.id else {
            return;
        };
        let found = self.store.bookmarks(id, false);
        if let Some(bookmarks) = self.saved(found)
            && let Some(open) = self.open_mut()
        {
            let doc = open.reader.doc().clone();
            open.marks.bookmarks = bookmarks
                .into_iter()
                .map(|b| {
                    let at = doc.byte_of(b.position as usize);
                    (b, at)
                })
                .collect();
        }
    }

    /// `a`: a note on the selection (a new highlight) or on the highlight under the cursor.
    fn start_note(&mut self) {
        let Some(open) = self.open.as_ref() else {
            return;
        };
        if let Some(range) = open.reader.selection() {
            let anchor = open.anchor(range.clone());
            let target = NoteTarget::New {
                anchor,
                range,
                color: 1,
            };
            self.overlay = Some(Overlay::Editor(Box::new(NoteEditor::new(target, "", ""))));
            return;
        }
        match open.under_cursor() {
            Some(id) => self.edit_note(id),
            None => self.say(
                Tone::Info,
                "select some text (v) or put the cursor on a highlight",
            ),
        }
    }

    /// Another member's annotation is theirs (their next export would undo a change anyway):
    /// says so, naming them and `what` cannot be done, and returns true.
    fn refuse_theirs(&mut self, id: AnnotationId, what: &str) -> bool {
        let author = self
            .open
            .as_ref()
            .and_then(|o| o.marks.annotation(id))
            .and_then(|a| a.author.as_ref())
            .map(|a| a.name.clone());
        if let Some(name) = &author {
            let text = format!(
                "this is {name}'s, not yours to {what}: A hides other members' annotations; \
                 select the passage (v) and press a to write your own note"
            );
            self.say(Tone::Info, text);
        }
        author.is_some()
    }

    fn edit_note(&mut self, id: AnnotationId) {
        if self.refuse_theirs(id, "edit") {
            return;
        }
        let Some(a) = self.open.as_ref().and_then(|o| o.marks.annotation(id)) else {
            return;
        };
        let note = a.note.clone();
        let editor = NoteEditor::new(NoteTarget::Existing(id), &note, &note);
        self.overlay = Some(Overlay::Editor(Box::new(editor)));
    }

    /// Enter: re-attaches a pending orphan to the selection, or shows the footnote or the note
    /// under the cursor (or the first note on the page) in a popup.
    fn show_note(&mut self) {
        let Some(open) = self.open.as_ref() else {
            return;
        };
        if let (Some(id), Some(range)) = (open.reattaching, open.reader.selection()) {
            let anchor = open.anchor(range);
            let result = self.store.reattach(id, &anchor, self.now);
            if self.saved(result).is_some() {
                self.reload(id, true);
                if let Some(open) = self.open_mut() {
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
            self.overlay = Some(Overlay::Footnote(note.clone()));
            return;
        }
        let page = match (open.reader.page().first(), open.reader.page().last()) {
            (Some(first), Some(last)) => first.start..last.end,
            _ => return,
        };
        let noted = |id: AnnotationId| {
            open.marks
                .annotation(id)
                .is_some_and(|a| !a.note.trim().is_empty())
        };
        let id = open.under_cursor().filter(|&id| noted(id)).or_else(|| {
            open.marks
                .overlapping(page)
                .map(|p| p.annotation.id)
                .find(|&id| noted(id))
        });
        match id {
            Some(id) => self.overlay = Some(Overlay::Note(id)),
            None => self.say(Tone::Info, "no note here"),
        }
    }

    pub(super) fn add_bookmark(&mut self, label: &str) {
        let Some(open) = self.open.as_ref() else {
            return;
        };
        let (Some(id), at) = (open.id, open.reader.anchor()) else {
            return;
        };
        let position = open.reader.doc().char_of(at) as u64;
        let result = self.store.add_bookmark(id, position, label, self.now);
        if let Some(bookmark) = self.saved(result)
            && let Some(open) = self.open_mut()
        {
            let id = bookmark.id;
            open.marks.put_bookmark(bookmark, at);
            open.remember(Change::BookmarkAdded(id));
            self.say(Tone::Info, "bookmarked: ' lists bookmarks");
        }
    }

    pub(super) fn update_annotations(&mut self, action: Action) {
        let Some(Overlay::Annotations(panel)) = self.overlay.as_mut() else {
            return;
        };
        let selected = panel.selected();
        if let Some(to) = moved(panel.selected, panel.entries.len(), action) {
            panel.selected = to;
            return;
        }
        match action {
            Action::Filter => panel.filtering = true,
            Action::Whose => self.update_group(action),
            Action::Close | Action::Annotations => self.overlay = None,
            Action::Open => {
                self.overlay = None;
                let Some(open) = self.open_mut() else { return };
                match selected.and_then(|id| open.marks.find(id)) {
                    Some(p) => {
                        let start = p.range.start;
                        open.reader.jump_to(start);
                        open.reader.place_cursor(start);
                    }
                    None if selected.is_some() => self.say(
                        Tone::Info,
                        "this note lost its passage: r re-attaches it to a new selection",
                    ),
                    None => {}
                }
            }
            Action::EditEntry => {
                if let Some(id) = selected {
                    self.edit_note(id);
                }
            }
            Action::Delete => {
                if let Some(id) = selected {
                    self.delete(id);
                    self.refresh_panel();
                }
            }
            Action::Undo => {
                self.undo();
                self.refresh_panel();
            }
            Action::Reattach => {
                let orphan = selected.filter(|&id| {
                    self.open
                        .as_ref()
                        .is_some_and(|o| o.marks.find(id).is_none())
                });
                match orphan {
                    Some(id) if self.refuse_theirs(id, "re-attach") => {}
                    Some(id) => {
                        self.overlay = None;
                        if let Some(open) = self.open_mut() {
                            open.reattaching = Some(id);
                            open.reader.show_cursor();
                        }
                        self.say(
                            Tone::Info,
                            "select the new passage (v, move), then Enter; Esc cancels",
                        );
                    }
                    None => self.say(Tone::Info, "only orphaned notes need re-attaching"),
                }
            }
            _ => {}
        }
    }

    pub(super) fn refresh_panel(&mut self) {
        if let (Some(Overlay::Annotations(panel)), Some(open)) =
            (self.overlay.as_mut(), self.open.as_ref())
        {
            panel.refresh(&open.marks);
        }
    }

    pub(super) fn update_filter(&mut self, action: Action) {
        let (Some(Overlay::Annotations(panel)), Some(open)) =
            (self.overlay.as_mut(), self.open.as_ref())
        else {
            return;
        };
        match action {
            Action::Input(c) => panel.filter.push(c),
            Action::Erase => {
                panel.filter.pop();
            }
            Action::Submit => panel.filtering = false,
            Action::Close => {
                panel.filter.clear();
                panel.filtering = false;
            }
            _ => return,
        }
        panel.refresh(&open.marks);
    }

    pub(super) fn update_bookmarks(&mut self, action: Action) {
        let Some(Overlay::Bookmarks { selected }) = self.overlay.as_mut() else {
            return;
        };
        let Some(open) = self.open.as_mut() else {
            return;
        };
        if let Some(to) = moved(*selected, open.marks.bookmarks.len(), action) {
            *selected = to;
            return;
        }
        match action {
            Action::Close | Action::Bookmarks => self.overlay = None,
            Action::Open => {
                if let Some(&(_, at)) = open.marks.bookmarks.get(*selected) {
                    open.reader.jump_to(at);
                }
                self.overlay = None;
            }
            Action::Delete => {
                let Some(id) = open.marks.bookmarks.get(*selected).map(|(b, _)| b.id) else {
                    return;
                };
                *selected = selected.saturating_sub(1);
                let result = self.store.set_bookmark_deleted(id, true, self.now);
                if self.saved(result).is_some()
                    && let Some(open) = self.open_mut()
                {
                    open.marks.remove_bookmark(id);
                    open.remember(Change::BookmarkDeleted(id));
                    if open.marks.bookmarks.is_empty() {
                        self.overlay = None;
                    }
                    self.say(Tone::Info, "bookmark removed: u to undo");
                }
            }
            Action::Undo => self.undo(),
            _ => {}
        }
    }

    pub(super) fn update_editor(&mut self, action: Action) {
        let Some(Overlay::Editor(editor)) = self.overlay.as_mut() else {
            return;
        };
        match action {
            Action::Edit(key) => editor.input(key),
            Action::Save => self.save_note(),
            Action::Close if editor.is_dirty() => editor.confirm_discard = true,
            Action::Close => self.close_editor(),
            _ => {}
        }
    }

    pub(super) fn update_confirm(&mut self, action: Action) {
        let Some(Overlay::Editor(editor)) = self.overlay.as_mut() else {
            return;
        };
        match action {
            Action::Yes => self.close_editor(),
            Action::No | Action::Close => editor.confirm_discard = false,
            _ => {}
        }
    }

    /// Closes the editor without saving; its draft goes too.
    fn close_editor(&mut self) {
        self.overlay = None;
        if let Some(id) = self.open.as_ref().and_then(|o| o.id) {
            let result = self.store.clear_draft(id);
            self.saved(result);
        }
    }

    fn save_note(&mut self) {
        let Some(Overlay::Editor(editor)) = self.overlay.as_ref() else {
            return;
        };
        let (target, text) = (editor.target.clone(), editor.contents());
        let text = text.trim_end().to_string();
        match target {
            NoteTarget::New { range, color, .. } => {
                self.create(range, color, &text);
            }
            NoteTarget::Existing(id) => {
                let before = self
                    .open
                    .as_ref()
                    .and_then(|o| o.marks.annotation(id))
                    .map(|a| a.note.clone())
                    .unwrap_or_default();
                let result = self.store.set_note(id, &text, self.now);
                if self.saved(result).is_none() {
                    return;
                }
                let live = self
                    .open
                    .as_ref()
                    .is_some_and(|o| o.marks.annotation(id).is_some());
                self.reload(id, live);
                if let Some(open) = self.open_mut() {
                    open.remember(Change::Note { id, before });
                }
                self.say(Tone::Info, "note saved");
            }
        }
        if !matches!(self.message.as_ref().map(|m| m.tone), Some(Tone::Error)) {
            self.close_editor();
            if let Some(Overlay::Annotations(_)) = self.overlay {
                self.refresh_panel();
            }
        }
    }

    /// Writes the note being typed as a draft when it is due (or now, with `force`).
    pub(super) fn save_draft(&mut self, force: bool) {
        let (Some(Overlay::Editor(editor)), Some(open)) =
            (self.overlay.as_mut(), self.open.as_ref())
        else {
            return;
        };
        let Some(document) = open.id else {
            return;
        };
        if !editor.is_dirty() {
            return;
        }
        let Some(text) = editor.draft_due(force) else {
            return;
        };
        let (annotation, anchor, color) = match &editor.target {
            NoteTarget::New { anchor, color, .. } => (None, anchor.clone(), *color),
            NoteTarget::Existing(id) => match open.marks.annotation(*id) {
                Some(a) => (Some(*id), a.anchor.clone(), a.color),
                None => return,
            },
        };
        let draft = Draft {
            document,
            annotation,
            anchor,
            color,
            text,
            updated_at: self.now,
        };
        let result = self.store.save_draft(&draft);
        self.saved(result);
    }

    pub(super) fn update_note(&mut self, action: Action) {
        let Some(Overlay::Note(id)) = self.overlay.as_ref() else {
            return;
        };
        let id = *id;
        match action {
            Action::EditEntry | Action::Annotate => self.edit_note(id),
            Action::Close | Action::ShowNote => self.overlay = None,
            _ => {}
        }
    }

    /// A draft found when the text was opened: Enter brings it back into the editor, `d`
    /// discards it, Esc keeps it for later.
    pub(super) fn update_draft(&mut self, action: Action) {
        let Some(Overlay::Draft(draft)) = self.overlay.as_ref() else {
            return;
        };
        let draft = draft.clone();
        match action {
            Action::Open => {
                let Some(open) = self.open.as_ref() else {
                    return;
                };
                let existing = draft
                    .annotation
                    .and_then(|id| open.marks.annotation(id).map(|a| (id, a.note.clone())));
                let editor = match existing {
                    Some((id, saved)) => {
                        NoteEditor::new(NoteTarget::Existing(id), &saved, &draft.text)
                    }
                    None => {
                        let doc = open.reader.doc();
                        let range = doc.byte_of(draft.anchor.start)..doc.byte_of(draft.anchor.end);
                        let target = NoteTarget::New {
                            anchor: draft.anchor.clone(),
                            range,
                            color: draft.color,
                        };
                        NoteEditor::new(target, "", &draft.text)
                    }
                };
                self.overlay = Some(Overlay::Editor(Box::new(editor)));
            }
            Action::Delete => self.close_editor(),
            Action::Close => self.overlay = None,
            _ => {}
        }
    }
}
