//! `gloss config init|list|get|set`: one command over both homes of settings. The settings
//! file (`config.toml`: theme, colours, start, width; `config`'s) and, in the database, the
//! reader's name in a reading group and the review settings (whose names and rules are
//! `srs::settings`'s), which travel with the database.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result, bail};

use super::clean;
use crate::config;
use crate::document::sanitize;
use crate::srs::settings::{self, KEYS, PARAMETERS};
use crate::store::Store;

/// The name other members of a reading group see.
const NAME: &str = "name";

/// Refuses a key that names no setting, listing those there are.
fn known(key: &str) -> Result<()> {
    if key != NAME && key != PARAMETERS && !KEYS.contains(&key) && !in_file(key) {
        let file: Vec<&str> = config::KEYS.iter().map(|(k, _)| *k).collect();
        bail!(
            "no setting {key:?}; settings: {}, {NAME}, {}",
            file.join(", "),
            KEYS.join(", ")
        );
    }
    Ok(())
}

/// Whether `key` is kept in the settings file (else in the database).
fn in_file(key: &str) -> bool {
    config::KEYS.iter().any(|(k, _)| *k == key)
}

/// `gloss config init`: writes the commented default settings file, unless there is one.
pub fn init(out: &mut impl Write, path: &Path, force: bool) -> Result<()> {
    if path.exists() && !force {
        bail!(
            "{} exists already (--force writes the default over it)",
            path.display()
        );
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    crate::files::write_whole(path, config::DEFAULT_CONFIG.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))?;
    writeln!(out, "wrote {}", clean(&path.display().to_string()))?;
    Ok(())
}

/// Every setting with its value: the settings file's, then the database's.
pub fn list(out: &mut impl Write, store: &mut Store, path: &Path) -> Result<()> {
    let (file, warnings) = config::load(path);
    let shown = clean(&path.display().to_string());
    let whence = if path.exists() {
        ""
    } else {
        " (no file yet: defaults)"
    };
    writeln!(out, "# {shown}{whence}")?;
    for warning in &warnings {
        writeln!(out, "# warning: {}", clean(&warning.to_string()))?;
    }
    let mut rows: Vec<(String, String)> = config::KEYS
        .iter()
        .map(|(key, _)| (key.to_string(), file.get(key).unwrap_or_default()))
        .collect();
    let from_file = rows.len();
    let me = store.me()?;
    rows.push((NAME.to_string(), me.name));
    rows.push(("id".to_string(), me.id));
    let s = store.srs_settings()?;
    rows.extend(s.listed().into_iter().map(|(k, v)| (k.to_string(), v)));
    let fitted = if s.parameters.is_empty() {
        "defaults"
    } else {
        "fitted to your reviews (gloss cards optimize)"
    };
    rows.push((PARAMETERS.to_string(), fitted.to_string()));
    // The values line up two cells after the longest key (`colors.highlight-1` is 18).
    let width = rows.iter().map(|(k, _)| k.len()).max().unwrap_or(0) + 2;
    for (i, (key, value)) in rows.iter().enumerate() {
        if i == from_file {
            writeln!(out, "# the database")?;
        }
        writeln!(out, "{key:<width$}{}", clean(value))?;
    }
    Ok(())
}

/// One setting's value as kept, or `(default)`.
pub fn get(out: &mut impl Write, store: &Store, path: &Path, key: &str) -> Result<()> {
    known(key)?;
    if in_file(key) {
        let (file, _) = config::load(path);
        writeln!(out, "{}", clean(&file.get(key).unwrap_or_default()))?;
        return Ok(());
    }
    match store.setting(key)? {
        Some(value) => writeln!(out, "{}", clean(&value))?,
        None => writeln!(out, "(default)")?,
    }
    Ok(())
}

/// Sets one setting, after checking its value: in the settings file (the line it changes,
/// comments and the rest kept) or in the database.
pub fn set(
    out: &mut impl Write,
    store: &mut Store,
    path: &Path,
    key: &str,
    value: &str,
) -> Result<()> {
    known(key)?;
    if in_file(key) {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                config::DEFAULT_CONFIG.to_string()
            }
            Err(err) => {
                return Err(err).with_context(|| format!("cannot read {}", path.display()));
            }
        };
        let edited = config::edit(&text, key, value).map_err(anyhow::Error::msg)?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        crate::files::write_whole(path, edited.as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))?;
        writeln!(
            out,
            "{key} = {} (in {})",
            clean(value),
            clean(&path.display().to_string())
        )?;
        return Ok(());
    }
    if key == PARAMETERS {
        bail!("{PARAMETERS} are fitted to your reviews by `gloss cards optimize`, not set");
    }
    // Every value is one line of plain text (a name is shown to the other members of a group).
    let value = sanitize::one_line(value);
    let value = if key == NAME {
        let name = value.split_whitespace().collect::<Vec<_>>().join(" ");
        if !(1..=64).contains(&name.chars().count()) {
            bail!("{name:?} is not a valid name: a name is 1 to 64 characters");
        }
        name
    } else {
        settings::check(key, &value)?
    };
    store.set_setting(key, &value)?;
    writeln!(out, "{key} = {value}")?;
    Ok(())
}
