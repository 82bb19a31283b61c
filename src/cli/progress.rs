//! A bar for long command-line work (a first sync of a large group, fitting the FSRS
//! parameters to a long history, importing big files), drawn on standard error when it is a
//! terminal only, and gone once the work is done: what is printed after it, and what a pipe
//! reads, never holds it.

use std::io::{self, IsTerminal};

use indicatif::{ProgressBar, ProgressStyle};

/// A bar drawn with `template` (indicatif's: `{wide_bar} {pos}/{len}`), on a terminal.
pub struct Progress(Option<ProgressBar>);

impl Progress {
    pub fn new(template: &str) -> Progress {
        Progress(io::stderr().is_terminal().then(|| {
            let style = ProgressStyle::with_template(template).expect("the template is valid");
            ProgressBar::new(0).with_style(style)
        }))
    }

    /// A bar that keeps moving (its `{spinner}`) while one long step is under way.
    pub fn ticking(template: &str) -> Progress {
        let progress = Progress::new(template);
        if let Some(bar) = &progress.0 {
            bar.enable_steady_tick(std::time::Duration::from_millis(120));
        }
        progress
    }

    /// `done` of `total`.
    pub fn show(&self, done: usize, total: usize) {
        if let Some(bar) = &self.0 {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        }
    }

    /// What is being done (the template's `{wide_msg}`).
    pub fn say(&self, what: String) {
        if let Some(bar) = &self.0 {
            bar.set_message(what);
        }
    }

    /// Does `print` with the bar out of the way, then draws it again.
    pub fn printing<T>(&self, print: impl FnOnce() -> T) -> T {
        match &self.0 {
            Some(bar) => bar.suspend(print),
            None => print(),
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
