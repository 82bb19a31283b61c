//! The settings file, `config.toml`: the theme, colours per role, where to start, the text's
//! width, and keys (the tables of `keys.toml` beside it may say the same). Reading it never
//! fails: an unknown key or a bad value is a [`Warning`] that names its line, and the default
//! stands. The file is the user's: `gloss config set` edits only the line it changes.

mod colour;

use std::fmt;
use std::path::{Path, PathBuf};
use std::rc::Rc;

pub use colour::{Colour, Paint};

/// The widest text column when neither the settings nor `--width` say.
pub const DEFAULT_WIDTH: u16 = 80;

/// The commented default that `gloss config init` writes.
pub const DEFAULT_CONFIG: &str = include_str!("default.toml");

/// What the settings file may set (besides keys), with what the help of `gloss config` says.
pub const KEYS: &[(&str, &str)] = &[
    ("theme", "dark, light, high-contrast or auto"),
    ("start", "library, or last (the text read last)"),
    ("width", "widest text column, 20 to 1000 cells"),
    ("images", "auto, blocks or off"),
    (
        "bidi",
        "gloss or terminal (which puts right-to-left lines in visual order)",
    ),
    (
        "ruby",
        "after (a ruby's reading dimmed after its text) or hidden",
    ),
    (
        "chrome",
        "minimal (plain bars, their keys dimmed) or bars (reverse video)",
    ),
    ("colors.text", "a colour"),
    ("colors.headings", "a colour"),
    ("colors.highlight-1", "a colour"),
    ("colors.highlight-2", "a colour"),
    ("colors.highlight-3", "a colour"),
    ("colors.highlight-4", "a colour"),
    ("colors.highlight-5", "a colour"),
    ("colors.others", "a colour"),
    ("colors.matches", "a colour"),
    ("colors.chrome", "a colour"),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThemeChoice {
    Dark,
    Light,
    HighContrast,
    #[default]
    Auto,
}

/// How pictures are shown in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Images {
    /// Drawn by terminals that speak a graphics protocol (kitty, iTerm2, sixel), asked when
    /// a text with pictures is first shown; their placeholders elsewhere.
    #[default]
    Auto,
    /// Drawn with half-block characters in any terminal (coarse, but everywhere).
    Blocks,
    /// Their placeholders only.
    Off,
}

/// Who puts the letters of a right-to-left line in visual order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Bidi {
    /// Gloss does, for terminals that draw cells in the order they are written (most).
    #[default]
    Gloss,
    /// The terminal does (mlterm, Konsole, GNOME Terminal with its BiDi on): gloss writes
    /// each line in logical order, which the terminal reorders.
    Terminal,
}

/// How the bars above and below the text are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Chrome {
    /// Plain text, what to press and where the reader is dimmed: the text stands out.
    #[default]
    Minimal,
    /// Reverse-video bars, as gloss drew them before.
    Bars,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Start {
    #[default]
    Library,
    /// The text read last.
    Last,
}

/// Colours the user gave per role; `None` keeps the theme's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Colours {
    pub text: Option<Paint>,
    pub headings: Option<Paint>,
    pub highlights: [Option<Paint>; 5],
    pub others: Option<Paint>,
    pub matches: Option<Paint>,
    pub chrome: Option<Paint>,
}

/// Everything the settings file says, defaults where it says nothing (or nothing valid).
#[derive(Debug, Default)]
pub struct Settings {
    pub theme: ThemeChoice,
    pub start: Start,
    pub width: Option<u16>,
    pub images: Images,
    pub bidi: Bidi,
    pub chrome: Chrome,
    /// Rubies' readings shown after their text (else hidden).
    pub ruby_hidden: bool,
    pub colours: Colours,
    /// Keys from `[keys.*]` tables, in file order.
    pub keys: Vec<KeyLine>,
}

/// Where a setting was read: a file's name as the user knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin(Rc<str>);

impl Origin {
    pub fn file(path: &Path) -> Origin {
        Origin(path.display().to_string().into())
    }

    pub fn defaults() -> Origin {
        Origin("the default keymap".into())
    }

    /// A warning about `line` (0: the whole file).
    pub fn warn(&self, line: usize, text: impl Into<String>) -> Warning {
        Warning {
            origin: self.clone(),
            line,
            text: text.into(),
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Something in a settings or keys file that was left out, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub origin: Origin,
    pub line: usize,
    pub text: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            0 => write!(f, "{}: {}", self.origin, self.text),
            n => write!(f, "{} line {n}: {}", self.origin, self.text),
        }
    }
}

/// One `key = "action"` line of a keys table, as written; the keymap reads what it means.
#[derive(Debug, Clone)]
pub struct KeyLine {
    /// The table: a mode or a group of modes.
    pub scope: String,
    pub keys: String,
    /// `None`: the value is not a string.
    pub action: Option<String>,
    pub origin: Origin,
    pub line: usize,
}

/// Reads keys tables (`[scope]` with `key = "action"` entries) from a parsed TOML table whose
/// text is `source` (for line numbers).
pub fn key_lines(
    tables: &toml::de::DeTable<'_>,
    source: &str,
    origin: &Origin,
    lines: &mut Vec<KeyLine>,
    warnings: &mut Vec<Warning>,
) {
    for (scope, table) in tables {
        let Some(table) = table.get_ref().as_table() else {
            let at = line_of(source, scope.span().start);
            warnings.push(origin.warn(
                at,
                format!("[{}] should be a table of keys", scope.get_ref()),
            ));
            continue;
        };
        for (keys, action) in table {
            lines.push(KeyLine {
                scope: scope.get_ref().to_string(),
                keys: keys.get_ref().to_string(),
                action: action.get_ref().as_str().map(str::to_string),
                origin: origin.clone(),
                line: line_of(source, keys.span().start),
            });
        }
    }
}

/// Reads a whole keys file (the default keymap, `keys.toml`).
pub fn parse_keys(text: &str, origin: &Origin, warnings: &mut Vec<Warning>) -> Vec<KeyLine> {
    let mut lines = Vec::new();
    match toml::de::DeTable::parse(text) {
        Ok(tables) => key_lines(tables.get_ref(), text, origin, &mut lines, warnings),
        Err(err) => warnings.push(syntax(&err, text, origin)),
    }
    lines
}

/// Where the settings file is: `GLOSS_CONFIG`, else `config.toml` in the platform's config
/// directory. `keys.toml` is beside it.
pub fn default_path() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("GLOSS_CONFIG") {
        return Some(PathBuf::from(path));
    }
    let dirs = directories::ProjectDirs::from("", "", "gloss")?;
    Some(dirs.config_dir().join("config.toml"))
}

/// `keys.toml` beside the settings file at `config`.
pub fn keys_path(config: &Path) -> PathBuf {
    config.with_file_name("keys.toml")
}

/// Reads the settings file and `keys.toml` beside it; a missing file is no file.
pub fn load(config: &Path) -> (Settings, Vec<Warning>) {
    let mut warnings = Vec::new();
    let mut settings = match read(config, &mut warnings) {
        Some(text) => parse(&text, &Origin::file(config), &mut warnings),
        None => Settings::default(),
    };
    let keys = keys_path(config);
    if let Some(text) = read(&keys, &mut warnings) {
        let lines = parse_keys(&text, &Origin::file(&keys), &mut warnings);
        settings.keys.extend(lines);
    }
    (settings, warnings)
}

/// Settings files are small: anything larger is not one.
const LARGEST_FILE: u64 = 1 << 20;

fn read(path: &Path, warnings: &mut Vec<Warning>) -> Option<String> {
    let origin = Origin::file(path);
    match crate::files::read(path, LARGEST_FILE, true) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Some(text),
            Err(_) => {
                warnings.push(origin.warn(0, "not UTF-8 text: left out"));
                None
            }
        },
        Err(crate::files::ReadError::Io(err)) if err.kind() == std::io::ErrorKind::NotFound => None,
        Err(err) => {
            warnings.push(origin.warn(0, format!("cannot read it: {err}")));
            None
        }
    }
}

fn syntax(err: &toml::de::Error, text: &str, origin: &Origin) -> Warning {
    let line = err.span().map_or(0, |s| line_of(text, s.start));
    let first = err.message().lines().next().unwrap_or("").to_string();
    origin.warn(
        line,
        format!("not valid TOML ({first}): every setting left at its default"),
    )
}

fn line_of(text: &str, at: usize) -> usize {
    text[..at.min(text.len())].matches('\n').count() + 1
}

/// Reads the settings file's text.
pub fn parse(text: &str, origin: &Origin, warnings: &mut Vec<Warning>) -> Settings {
    let mut settings = Settings::default();
    let table = match toml::de::DeTable::parse(text) {
        Ok(table) => table,
        Err(err) => {
            warnings.push(syntax(&err, text, origin));
            return settings;
        }
    };
    for (key, value) in table.get_ref() {
        let line = line_of(text, key.span().start);
        let name = key.get_ref().as_ref();
        if name == "keys" {
            match value.get_ref().as_table() {
                Some(tables) => key_lines(tables, text, origin, &mut settings.keys, warnings),
                None => warnings.push(origin.warn(line, "keys should be tables: [keys.reader]")),
            }
            continue;
        }
        if name == "colors" {
            let Some(colours) = value.get_ref().as_table() else {
                warnings.push(origin.warn(line, "colors should be a table: [colors]"));
                continue;
            };
            for (role, value) in colours {
                let line = line_of(text, role.span().start);
                let key = format!("colors.{}", role.get_ref());
                if let Err(err) = settings.set(&key, value.get_ref().as_str()) {
                    warnings.push(origin.warn(line, err));
                }
            }
            continue;
        }
        let value = match value.get_ref() {
            toml::de::DeValue::Integer(n) => Some(n.as_str().to_string()),
            other => other.as_str().map(str::to_string),
        };
        if let Err(err) = settings.set(name, value.as_deref()) {
            warnings.push(origin.warn(line, err));
        }
    }
    settings
}

impl Settings {
    /// Sets one setting from its text (`None`: a value of the wrong type); the error says why
    /// it cannot be.
    pub fn set(&mut self, key: &str, value: Option<&str>) -> Result<(), String> {
        let Some((_, expected)) = KEYS.iter().find(|(k, _)| *k == key) else {
            let names: Vec<&str> = KEYS.iter().map(|(k, _)| *k).collect();
            return Err(format!(
                "no setting {key:?}: left out (settings: {})",
                names.join(", ")
            ));
        };
        let bad = || {
            format!(
                "{key} should be {expected}, not {}",
                value.unwrap_or("that")
            )
        };
        let value = value.ok_or_else(bad)?;
        match key {
            "theme" => {
                self.theme = match value {
                    "dark" => ThemeChoice::Dark,
                    "light" => ThemeChoice::Light,
                    "high-contrast" => ThemeChoice::HighContrast,
                    "auto" => ThemeChoice::Auto,
                    _ => return Err(bad()),
                }
            }
            "start" => {
                self.start = match value {
                    "library" => Start::Library,
                    "last" => Start::Last,
                    _ => return Err(bad()),
                }
            }
            "images" => {
                self.images = match value {
                    "auto" => Images::Auto,
                    "blocks" => Images::Blocks,
                    "off" => Images::Off,
                    _ => return Err(bad()),
                }
            }
            "ruby" => {
                self.ruby_hidden = match value {
                    "after" => false,
                    "hidden" => true,
                    _ => return Err(bad()),
                }
            }
            "chrome" => {
                self.chrome = match value {
                    "minimal" => Chrome::Minimal,
                    "bars" => Chrome::Bars,
                    _ => return Err(bad()),
                }
            }
            "bidi" => {
                self.bidi = match value {
                    "gloss" => Bidi::Gloss,
                    "terminal" => Bidi::Terminal,
                    _ => return Err(bad()),
                }
            }
            "width" => {
                let width = value
                    .parse::<u16>()
                    .ok()
                    .filter(|w| (20..=1000).contains(w));
                self.width = Some(width.ok_or_else(bad)?);
            }
            _ => {
                let role = key.strip_prefix("colors.").unwrap_or(key);
                let paint = match value {
                    "default" => None,
                    _ => Some(Paint::parse(value).map_err(|e| format!("{key}: {e}"))?),
                };
                let c = &mut self.colours;
                let slot = match role {
                    "text" => &mut c.text,
                    "headings" => &mut c.headings,
                    "others" => &mut c.others,
                    "matches" => &mut c.matches,
                    "chrome" => &mut c.chrome,
                    _ => {
                        let n: usize = role["highlight-".len()..].parse().map_err(|_| bad())?;
                        &mut c.highlights[n - 1]
                    }
                };
                *slot = paint;
            }
        }
        Ok(())
    }

    /// One setting's value as text, as `gloss config get` prints it.
    pub fn get(&self, key: &str) -> Option<String> {
        let paint = |p: &Option<Paint>| p.map_or("default".to_string(), |p| p.to_string());
        let c = &self.colours;
        Some(match key {
            "theme" => match self.theme {
                ThemeChoice::Dark => "dark",
                ThemeChoice::Light => "light",
                ThemeChoice::HighContrast => "high-contrast",
                ThemeChoice::Auto => "auto",
            }
            .to_string(),
            "start" => match self.start {
                Start::Library => "library",
                Start::Last => "last",
            }
            .to_string(),
            "images" => match self.images {
                Images::Auto => "auto",
                Images::Blocks => "blocks",
                Images::Off => "off",
            }
            .to_string(),
            "ruby" => if self.ruby_hidden { "hidden" } else { "after" }.to_string(),
            "bidi" => match self.bidi {
                Bidi::Gloss => "gloss",
                Bidi::Terminal => "terminal",
            }
            .to_string(),
            "chrome" => match self.chrome {
                Chrome::Minimal => "minimal",
                Chrome::Bars => "bars",
            }
            .to_string(),
            "width" => self
                .width
                .map_or(DEFAULT_WIDTH.to_string(), |w| w.to_string()),
            "colors.text" => paint(&c.text),
            "colors.headings" => paint(&c.headings),
            "colors.others" => paint(&c.others),
            "colors.matches" => paint(&c.matches),
            "colors.chrome" => paint(&c.chrome),
            _ => {
                let n: usize = key.strip_prefix("colors.highlight-")?.parse().ok()?;
                paint(c.highlights.get(n.checked_sub(1)?)?)
            }
        })
    }
}

/// The settings file's text with `key` set to `value` (checked first), comments and the rest
/// kept as they were.
pub fn edit(text: &str, key: &str, value: &str) -> Result<String, String> {
    Settings::default().set(key, Some(value))?;
    let mut doc: toml_edit::DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| format!("the settings file is not valid TOML: {e}"))?;
    let (table, role) = key.split_once('.').unwrap_or(("", key));
    let set = if table.is_empty() {
        doc.get(role).is_some()
    } else {
        doc.get(table).and_then(|t| t.get(role)).is_some()
    };
    let rendered = match (key, value.parse::<i64>()) {
        ("width", Ok(n)) => toml_edit::Value::from(n),
        _ => toml_edit::Value::from(value),
    };
    // Not set yet but documented, commented out, as the default file has every setting: that
    // line is uncommented in place, as one would by hand.
    if !set && let Some(edited) = uncomment(text, table, role, &rendered.to_string()) {
        return Ok(edited);
    }
    let item = match key.split_once('.') {
        Some((table, role)) => {
            let table = doc
                .entry(table)
                .or_insert_with(toml_edit::table)
                .as_table_mut()
                .ok_or_else(|| format!("{table} in the settings file is not a table"))?;
            table.entry(role).or_insert(toml_edit::Item::None)
        }
        None => doc.entry(key).or_insert(toml_edit::Item::None),
    };
    *item = toml_edit::Item::Value(rendered);
    Ok(doc.to_string())
}

/// `text` with its commented-out line of `role` in `table` ("" for the top) made
/// `role = value`; `None` if there is no such line.
fn uncomment(text: &str, table: &str, role: &str, value: &str) -> Option<String> {
    let mut current = "";
    let mut found = None;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if let Some(header) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            current = header.trim();
            continue;
        }
        let Some(commented) = line.strip_prefix('#') else {
            continue;
        };
        let named = commented
            .trim()
            .strip_prefix(role)
            .is_some_and(|rest| rest.trim_start().starts_with('='));
        if named && current == table {
            found = Some(i);
            break;
        }
    }
    let at = found?;
    let mut edited: Vec<String> = text.lines().map(str::to_string).collect();
    edited[at] = format!("{role} = {}", value.trim());
    let mut edited = edited.join("\n");
    if text.ends_with('\n') {
        edited.push('\n');
    }
    edited.parse::<toml_edit::DocumentMut>().ok()?;
    Some(edited)
}

#[cfg(test)]
mod tests;
