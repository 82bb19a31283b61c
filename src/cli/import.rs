//! `gloss import`: a reading-group member's export, or another tool's file (Kindle's clippings,
//! ...), known by its content or named by `--from`; each file's summary on standard output and
//! each failure on standard error. `--pending` lists what waits for a text not in the library.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Result, bail};

use super::clean;
use super::progress::Progress;
use crate::group;
use crate::import;
use crate::store::Store;

/// Imports each file, printing what it did; fails (after trying them all) if any failed.
pub fn import(
    out: &mut impl Write,
    store: &mut Store,
    files: &[PathBuf],
    from: Option<&str>,
    now: i64,
) -> Result<()> {
    let mut failed = 0;
    let mut members = Vec::new();
    // A big file (a group's export, years of clippings) takes seconds: the bar moves meanwhile.
    let bar = Progress::ticking(" importing {spinner} {pos}/{len} files · {wide_msg}");
    for (done, path) in files.iter().enumerate() {
        bar.show(done, files.len());
        let name = path.file_name().unwrap_or(path.as_os_str());
        bar.say(clean(&name.to_string_lossy()));
        let failure = |err: &dyn std::fmt::Display| {
            bar.printing(|| eprintln!("gloss: {}", clean(&format!("{}: {err}", path.display()))))
        };
        match import::tool_of(path, from) {
            Ok(Some(format)) => match import::import_file(store, path, format, now) {
                Ok(summary) => bar.printing(|| {
                    writeln!(out, "{}: {summary}", clean(&path.display().to_string()))
                })?,
                Err(err) => {
                    failure(&err);
                    failed += 1;
                }
            },
            Ok(None) => members.push((path.clone(), group::import_file(store, path))),
            Err(err) => {
                failure(&err);
                failed += 1;
            }
        }
    }
    drop(bar);
    failed += super::group::print_imports(out, &members)?;
    if failed > 0 {
        bail!(
            "{failed} of {} files not imported (those files changed nothing)",
            files.len()
        );
    }
    Ok(())
}

/// Lists what waits for a text not in the library.
pub fn pending(out: &mut impl Write, store: &Store) -> Result<()> {
    let waiting = import::waiting(store)?;
    if waiting.is_empty() {
        writeln!(out, "nothing is waiting for a text")?;
        return Ok(());
    }
    for (source, title, authors, n) in &waiting {
        let by = match authors.is_empty() {
            true => String::new(),
            false => format!(" ({})", clean(authors)),
        };
        writeln!(
            out,
            "{}: {} waiting for {}{by}",
            source,
            group::counted(*n, "note", "notes"),
            clean(title)
        )?;
    }
    writeln!(
        out,
        "(they are placed when you open or add the text: gloss FILE, or gloss add URL)"
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    /// `--from`'s help names every format of the table, and gloss's own.
    #[test]
    fn the_help_names_every_format() {
        let command = <crate::cli::args::Cli as clap::CommandFactory>::command();
        let import = command.find_subcommand("import").unwrap();
        let from = import
            .get_arguments()
            .find(|a| a.get_id() == "from")
            .unwrap();
        let help = from.get_help().unwrap().to_string();
        for id in
            std::iter::once(crate::import::GLOSS).chain(crate::import::FORMATS.iter().map(|f| f.id))
        {
            assert!(help.contains(id), "{id} missing from: {help}");
        }
    }
}
