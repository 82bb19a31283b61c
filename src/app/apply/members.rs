//! How many annotations each other member has on a text held in part: counted by the store
//! on another thread (with a connection of its own) when the text opens, so that the member
//! picker opens at once (issue 34).

use std::sync::mpsc::TryRecvError;

use crate::annotation::Author;
use crate::app::App;
use crate::store::Store;

impl App {
    /// Starts counting each member's annotations on the open text on another thread (with a
    /// connection of its own), when the marks hold them in part: the member picker then opens
    /// at once. Not for a database in memory, which no other connection reaches.
    pub(super) fn count_members_in_background(&mut self) {
        let Some(open) = self.open.as_ref() else {
            return;
        };
        let Some(id) = open.id else {
            return;
        };
        if open.marks.members_counted() || open.counting.is_some() {
            return;
        }
        let Some(path) = self.store.path().map(|p| p.to_path_buf()) else {
            return;
        };
        let (tx, counting) = std::sync::mpsc::channel();
        // The connection is opened there too: opening one takes a few milliseconds.
        let spawned = std::thread::Builder::new()
            .name("gloss-members".into())
            .spawn(move || {
                let counted = Store::open(&path).and_then(|store| store.members_on(id));
                let _ = tx.send(counted.map_err(|e| e.to_string()));
            });
        if spawned.is_ok() {
            self.open.as_mut().expect("checked above").counting = Some(counting);
        }
    }

    /// Takes each member's count when the other thread has it; true when it came.
    pub(super) fn poll_members(&mut self) -> bool {
        let Some(open) = self.open.as_mut() else {
            return false;
        };
        let Some(counting) = open.counting.as_ref() else {
            return false;
        };
        let counted = match counting.try_recv() {
            Ok(counted) => counted,
            Err(TryRecvError::Empty) => return false,
            Err(TryRecvError::Disconnected) => Err("interrupted".into()),
        };
        open.counting = None;
        self.take_members(counted);
        true
    }

    /// Counts each member's annotations on the open text, when the marks do not hold them all:
    /// waits for the other thread's count if one is under way, else counts.
    pub(in crate::app) fn count_members(&mut self) {
        let Some(open) = self.open.as_mut() else {
            return;
        };
        let Some(id) = open.id.filter(|_| !open.marks.members_counted()) else {
            return;
        };
        let counted = match open.counting.take() {
            Some(counting) => counting
                .recv()
                .unwrap_or_else(|_| Err("interrupted".into())),
            None => self.store.members_on(id).map_err(|e| e.to_string()),
        };
        self.take_members(counted);
    }

    fn take_members(&mut self, counted: Result<Vec<(Author, usize)>, String>) {
        match counted {
            Ok(members) => {
                if let Some(open) = self.open.as_mut() {
                    open.marks.set_members(members);
                }
            }
            Err(err) => self.say(
                crate::app::Tone::Error,
                format!("could not count the group's annotations: {err}"),
            ),
        }
    }
}
