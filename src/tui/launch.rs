//! What the reader starts with, read before the database is opened (asking the terminal for
//! its background reads its input, which must not swallow keys typed meanwhile): the settings,
//! the keymap, their warnings, the widest column and the theme; then the app made ready and
//! the terminal run.

use std::io::{self, IsTerminal};
use std::path::Path;

use anyhow::{Context, Result, bail};

use crate::app::keymap::Keymap;
use crate::app::{Action, App, DEFAULT_MEASURE};
use crate::config::{self, Settings};
use crate::document::sanitize::for_screen;

pub struct Setup {
    pub settings: Settings,
    keymap: Keymap,
    warnings: Vec<config::Warning>,
    /// The widest text column.
    pub width: u16,
    theme: super::view::theme::Theme,
    images: config::Images,
}

impl Setup {
    /// The settings at `config_path`, the `--width` and `--no-images` options over them.
    pub fn read(config_path: &Path, width: Option<u16>, no_images: bool) -> Setup {
        let (settings, mut warnings) = config::load(config_path);
        let images = if no_images {
            config::Images::Off
        } else {
            settings.images
        };
        let (keymap, key_warnings) = Keymap::build(&settings.keys);
        warnings.extend(key_warnings);
        let width = width.or(settings.width).unwrap_or(DEFAULT_MEASURE);
        let theme = super::theme(&settings);
        Setup {
            settings,
            keymap,
            warnings,
            width,
            theme,
            images,
        }
    }

    /// Makes `app` the user's: their keys and settings, sized for the terminal.
    pub fn prepare(&mut self, app: &mut App) {
        app.set_keymap(std::mem::take(&mut self.keymap));
        app.terminal_reorders = self.settings.bidi == config::Bidi::Terminal;
        app.show_readings = !self.settings.ruby_hidden;
        if let Some((w, h)) = super::size() {
            app.update(Action::Resize(w, h));
        }
    }

    /// Runs the reader on `app`, the settings' warnings on stderr (seen after the reader
    /// closes) and the first in the status bar: said after whatever opening a text said, which
    /// would hide it.
    pub fn run(self, app: &mut App) -> Result<()> {
        for warning in &self.warnings {
            eprintln!("gloss: {}", for_screen(&warning.to_string()));
        }
        if let Some(first) = self.warnings.first() {
            let more = match self.warnings.len() {
                1 => String::new(),
                n => format!(" (and {} more, printed when gloss exits)", n - 1),
            };
            app.warn(format!("{first}{more}"));
        }
        // A dumb terminal would show the escape sequences as text.
        if std::env::var_os("TERM").is_some_and(|t| t == "dumb") {
            bail!(
                "this terminal (TERM=dumb) cannot move the cursor or show colours, so the reader \
                 cannot run in it; `gloss list`, `gloss notes` and `gloss export` print plain text"
            );
        }
        if !io::stdout().is_terminal() || !io::stdin().is_terminal() {
            bail!("the reader needs a terminal; for scripts, see `gloss list` and `gloss cards`");
        }
        super::run(app, self.theme, self.images).context("terminal error")
    }
}
