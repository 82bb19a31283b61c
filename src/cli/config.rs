//! `gloss config list|get|set`: the reader's name in a reading group and the review settings
//! (whose names and rules are `srs::settings`'s).

use std::io::Write;

use anyhow::{Result, bail};

use super::clean;
use crate::document::sanitize;
use crate::srs::settings::{self, KEYS, PARAMETERS};
use crate::store::Store;

/// The name other members of a reading group see.
const NAME: &str = "name";

/// Refuses a key that names no setting, listing those there are.
fn known(key: &str) -> Result<()> {
    if key != NAME && key != PARAMETERS && !KEYS.contains(&key) {
        bail!("no setting {key:?}; settings: {NAME}, {}", KEYS.join(", "));
    }
    Ok(())
}

/// Every setting with its value.
pub fn list(out: &mut impl Write, store: &mut Store) -> Result<()> {
    let me = store.me()?;
    writeln!(out, "{:<18}{}", NAME, clean(&me.name))?;
    writeln!(out, "{:<18}{}", "id", me.id)?;
    let s = store.srs_settings()?;
    for (key, value) in s.listed() {
        writeln!(out, "{key:<18}{value}")?;
    }
    let fitted = if s.parameters.is_empty() {
        "defaults"
    } else {
        "fitted to your reviews (gloss cards optimize)"
    };
    writeln!(out, "{PARAMETERS:<18}{fitted}")?;
    Ok(())
}

/// One setting's value as kept, or `(default)`.
pub fn get(out: &mut impl Write, store: &Store, key: &str) -> Result<()> {
    known(key)?;
    match store.setting(key)? {
        Some(value) => writeln!(out, "{}", clean(&value))?,
        None => writeln!(out, "(default)")?,
    }
    Ok(())
}

/// Sets one setting, after checking its value.
pub fn set(out: &mut impl Write, store: &mut Store, key: &str, value: &str) -> Result<()> {
    known(key)?;
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
