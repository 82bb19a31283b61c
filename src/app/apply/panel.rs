//! The annotations panel: the open text's annotations in reading order (orphans last),
//! narrowed by whose are shown and by a filter typed in the panel. In the filter, `#tag` matches
//! a tag, `@green` (or `@2`) a colour, `by:ana` an author (`by:me` one's own), and any other word
//! the quote, the note or a reply; all must match, case ignored. Each note's replies are
//! listed under it. From the panel: jump to a passage, edit or delete a note or one's own
//! reply (undoable), reply to a note, re-attach an orphan.
use crate::app::{Action, App, Overlay, Tone, moved};
use crate::app::panel::*;

impl App {
    pub(in crate::app) fn update_annotations(&mut self, action: Action) {
        let Some(Overlay::Annotations(panel)) = self.overlay.as_mut() else {
            return;
        };
        let selected = panel.selected();
        let reply = panel.selected_reply();
        if let Some(to) = moved(panel.selected, panel.entries.len(), action) {
            panel.selected = to;
            return;
        }
        match action {
            Action::Filter => panel.filtering = true,
            Action::Whose => self.choose_whose(true),
            Action::Close | Action::Annotations => self.overlay = None,
            Action::Open => {
                self.overlay = None;
                let Some(open) = self.open.as_mut() else {
                    return;
                };
                match selected.and_then(|id| open.marks.find(id)) {
                    Some(p) => {
                        let start = p.range.start;
                        open.reader.jump_to(start);
                        open.reader.place_cursor(start);
                    }
                    None if selected.is_some() => self.say_keyed(
                        Tone::Info,
                        "this note lost its passage: [reattach] re-attaches it to a new selection",
                    ),
                    None => {}
                }
            }
            Action::EditEntry => match (reply, selected) {
                (Some(reply), _) => self.edit_reply(reply),
                (None, Some(id)) => self.edit_note(id),
                _ => {}
            },
            Action::Delete => {
                match (reply, selected) {
                    (Some(reply), _) => self.delete_reply(reply),
                    (None, Some(id)) => self.delete(id),
                    _ => {}
                }
                self.refresh_panel();
            }
            Action::Reply => {
                if let Some(id) = selected {
                    self.start_reply(id);
                }
            }
            Action::Undo => self.undo(),
            Action::Redo => self.redo(),
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
                        if let Some(open) = self.open.as_mut() {
                            open.reattaching = Some(id);
                            open.reader.show_cursor();
                        }
                        self.say_keyed(
                            Tone::Info,
                            "select the new passage ([select], move), then [show-note]; [close] \
                             cancels",
                        );
                    }
                    None => self.say(Tone::Info, "only orphaned notes need re-attaching"),
                }
            }
            Action::ConfirmPlace => {
                let unsure = selected.filter(|&id| {
                    self.open
                        .as_ref()
                        .and_then(|o| o.marks.annotation(id))
                        .is_some_and(|a| a.unsure && !a.orphaned)
                });
                match unsure {
                    Some(id) => {
                        let result = self.store.confirm_place(id);
                        if self.saved(result).is_some() {
                            self.reload(id, true);
                            self.refresh_panel();
                            self.say(Tone::Info, "place confirmed");
                        }
                    }
                    None => self.say(Tone::Info, "this note's place needs no check"),
                }
            }
            _ => {}
        }
    }

    pub(in crate::app) fn refresh_panel(&mut self) {
        if let (Some(Overlay::Annotations(panel)), Some(open)) =
            (self.overlay.as_mut(), self.open.as_ref())
        {
            panel.refresh(&open.marks);
        }
    }

    pub(in crate::app) fn update_filter(&mut self, action: Action) {
        if matches!(self.overlay, Some(Overlay::Cards(_))) {
            return self.update_card_query(action);
        }
        if matches!(self.overlay, Some(Overlay::Members(_))) {
            return self.update_member_filter(action);
        }
        let (Some(Overlay::Annotations(panel)), Some(open)) =
            (self.overlay.as_mut(), self.open.as_ref())
        else {
            return;
        };
        if type_into(&mut panel.filter, &mut panel.filtering, action) {
            panel.refresh(&open.marks);
        }
    }
}
