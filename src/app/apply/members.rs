//! Choosing whose annotations are shown when a text carries many members' (`A`): a picker of
//! everyone, oneself and each member, with how many annotations each has on the text, narrowed
//! by typing a name after `/`. With few members `A` cycles instead (see
//! [`crate::app::marks::Showing::next`]).
use crate::app::panel::type_into;
use crate::app::{Action, App, Overlay, Tone, moved};
use crate::app::members::*;

impl App {
    /// `A`: the next member's annotations, or, with many members, the picker.
    pub(in crate::app) fn choose_whose(&mut self, from_panel: bool) {
        let Some(open) = self.open.as_ref() else {
            return;
        };
        if open.marks.authors().len() < PICKER_FROM {
            return self.cycle_whose();
        }
        let picker = MemberPicker::new(&open.marks, from_panel);
        self.overlay = Some(Overlay::Members(Box::new(picker)));
    }

    pub(in crate::app) fn update_members(&mut self, action: Action) {
        let Some(Overlay::Members(picker)) = self.overlay.as_mut() else {
            return;
        };
        if let Some(to) = moved(picker.selected, picker.shown.len(), action) {
            picker.selected = to;
            return;
        }
        match action {
            Action::Filter => picker.typing = true,
            Action::Open => {
                let Some(choice) = picker.shown.get(picker.selected).cloned() else {
                    return;
                };
                let from_panel = picker.from_panel;
                self.overlay = None;
                if let Some(open) = self.open.as_mut() {
                    open.marks.showing = choice.showing.clone();
                }
                if from_panel {
                    self.open_panel();
                }
                self.say(Tone::Info, choice.showing.describe());
            }
            Action::Close | Action::Whose => self.overlay = None,
            _ => {}
        }
    }

    /// A key typed into the picker's filter.
    pub(in crate::app) fn update_member_filter(&mut self, action: Action) {
        let Some(Overlay::Members(picker)) = self.overlay.as_mut() else {
            return;
        };
        if type_into(&mut picker.filter, &mut picker.typing, action) {
            picker.refilter();
        }
    }
}
