//! The hint the first text ever opened shows where its top bar reminds of keys: the keys to
//! begin with (issue 36). Shown once: the store remembers it was.

use crate::app::App;

/// The setting that says the first-open hint was shown (it is shown once).
const HINTED: &str = "first-hint-shown";

impl App {
    /// Shows how to begin on the first text the reader ever opens (see
    /// [`crate::app::Open::first_hint`]), and remembers that it was shown.
    pub(in crate::app) fn offer_first_hint(&mut self) {
        let Some(open) = self.open.as_mut() else {
            return;
        };
        if self.store.setting(HINTED).ok().flatten().is_none()
            && self.store.set_setting(HINTED, "yes").is_ok()
        {
            open.first_hint = true;
        }
    }
}
