//! The reading group's commands: `gloss sync`, each file's summary on standard output and
//! each failure on standard error; `gloss news`, what the others did since the reader last
//! looked.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

use super::clean;
use crate::document::sanitize::one_line;
use crate::group;
use crate::store::Store;

/// Syncs with a shared folder, printing what it wrote and imported.
pub fn sync(out: &mut impl Write, store: &mut Store, dir: &Path, use_git: bool) -> Result<()> {
    let synced = group::sync(store, dir, use_git)?;
    writeln!(out, "wrote {}", synced.written.display())?;
    let failed = print_imports(out, &synced.imported)?;
    match &synced.git {
        Some(Ok(shared)) => {
            let said = match (shared.committed, shared.pushed, shared.no_remote) {
                (false, false, _) => "git: nothing new to commit",
                (true, _, true) => "git: committed your file (no remote to push to)",
                (_, true, _) => "git: committed and pushed your file",
                (true, false, false) => "git: committed your file",
            };
            writeln!(out, "{said}")?;
        }
        // One line, and a failure: the notes did not reach the group.
        Some(Err(err)) => bail!("{err}"),
        None => {}
    }
    if failed > 0 {
        bail!(
            "{failed} files of {} not imported (those files changed nothing)",
            dir.display()
        );
    }
    Ok(())
}

/// Prints each file's summary, or its error on stderr; returns how many failed.
pub(super) fn print_imports(
    out: &mut impl Write,
    results: &[(PathBuf, Result<group::Summary, group::GroupError>)],
) -> io::Result<usize> {
    let mut failed = 0;
    for (path, result) in results {
        match result {
            Ok(summary) => writeln!(out, "{}: {summary}", clean(&path.display().to_string()))?,
            Err(err) => {
                // The file's name and the error may quote the file: no control characters.
                let line = match err {
                    group::GroupError::Read { .. } => err.to_string(),
                    _ => format!("{}: {err}", path.display()),
                };
                eprintln!("gloss: {}", clean(&line));
                failed += 1;
            }
        }
    }
    Ok(failed)
}

/// Lists what other members added, changed or replied since the last look (by text, then
/// member), and marks it seen.
pub fn news(out: &mut impl Write, store: &mut Store) -> Result<()> {
    let items = store.news()?;
    if items.is_empty() {
        writeln!(out, "nothing new from your group since you last looked")?;
        return Ok(());
    }
    let library = store.library()?;
    let mut last: Option<&crate::annotation::news::News> = None;
    for n in &items {
        if last.is_none_or(|l| l.document != n.document) {
            writeln!(out, "{}", clean(&n.title))?;
        }
        if last.is_none_or(|l| l.document != n.document || l.author.id != n.author.id) {
            writeln!(out, "  {}", clean(&n.author.name))?;
        }
        let chars = library
            .iter()
            .find(|e| e.id == n.document)
            .map_or(0, |e| e.chars);
        let words = one_line(&n.text);
        let said = if words.is_empty() {
            String::new()
        } else {
            format!(": {words}")
        };
        writeln!(
            out,
            "    {} · {} · “{}”{said}",
            n.verb(),
            n.place(chars),
            one_line(&n.quote),
        )?;
        last = Some(n);
    }
    let members: std::collections::HashSet<&str> =
        items.iter().map(|n| n.author.id.as_str()).collect();
    let texts: std::collections::HashSet<_> = items.iter().map(|n| n.document).collect();
    writeln!(
        out,
        "{} new from {} on {} (W in the library or the reader opens each at its passage)",
        items.len(),
        group::counted(members.len(), "member", "members"),
        group::counted(texts.len(), "text", "texts")
    )?;
    store.mark_news_seen(&items)?;
    Ok(())
}
