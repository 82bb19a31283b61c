//! The reading group's commands: `gloss group` (groups and the texts each reads), `gloss sync`
//! (each file's summary on standard output, each failure on standard error), `gloss news`
//! (what the others did since the reader last looked).

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

use super::clean;
use super::progress::Progress;
use crate::document::LibraryEntry;
use crate::document::sanitize::one_line;
use crate::group::{self, Found, Purge, Sharing, counted};
use crate::store::Store;

/// Syncs every group, one group (by name or folder), or a folder that is no group (asked once,
/// or with `share_all`), printing what each sync wrote and imported.
pub fn sync(
    out: &mut impl Write,
    store: &mut Store,
    target: Option<&str>,
    share_all: bool,
    use_git: bool,
) -> Result<()> {
    let Some(target) = target else {
        let groups = store.groups()?;
        if groups.is_empty() {
            bail!(
                "you have no group yet: `gloss group add NAME DIR` makes one (a folder you synced \
                 with before becomes one at its next `gloss sync DIR`)"
            );
        }
        if share_all {
            bail!("--share-all is for a folder that is no group: name it");
        }
        let mut failed = Vec::new();
        for group in &groups {
            writeln!(out, "{}", clean(&group.name))?;
            if let Err(err) = sync_one(out, store, Sharing::Group(group), use_git) {
                eprintln!(
                    "gloss: {}: {}",
                    clean(&group.name),
                    clean(&format!("{err:#}"))
                );
                failed.push(group.name.as_str());
            }
        }
        if !failed.is_empty() {
            bail!(
                "{} not synced: {}",
                counted(failed.len(), "group", "groups"),
                failed.join(", ")
            );
        }
        return Ok(());
    };
    if let Some(group) = store.group(target)? {
        if share_all {
            bail!(
                "{} is a group: it shares the texts shared with it, not all",
                group.name
            );
        }
        return sync_one(out, store, Sharing::Group(&group), use_git);
    }
    let dir = Path::new(target);
    if share_all {
        if let Some(group) = store.group_of_dir(&group::absolute(dir))? {
            bail!(
                "{} is the group {}: it shares the texts shared with it, not all",
                dir.display(),
                group.name
            );
        }
        return sync_one(out, store, Sharing::Everything(dir), use_git);
    }
    let group = match group::find_group(store, dir)? {
        Found::Group(group) => group,
        Found::Adopted(group) => {
            writeln!(
                out,
                "{} is now the group {}, sharing the {} you shared there: {}",
                clean(&dir.display().to_string()),
                clean(&group.name),
                counted(group.texts.len(), "text", "texts"),
                clean(&group.texts_said())
            )?;
            writeln!(
                out,
                "  (`gloss group share {} DOC` shares another; `gloss sync` syncs all your groups)",
                group.name
            )?;
            group
        }
        Found::NotAGroup(dir) => {
            let name = group::scope::name_of_dir(&dir);
            let question = format!(
                "{} is not one of your groups. Make it the group {name}? Only the notes on the \
                 texts you share with it are written there [y/N] ",
                clean(&dir.display().to_string())
            );
            if !io::stdin().is_terminal() || !ask(&question)? {
                bail!(
                    "{} is not one of your groups: `gloss group add NAME {}` makes it one (then \
                     `gloss group share NAME DOC`), or `gloss sync {} --share-all` writes every \
                     note there",
                    dir.display(),
                    dir.display(),
                    dir.display()
                );
            }
            let group = group::adopt(store, &name, &dir)?;
            writeln!(
                out,
                "made the group {name}: `gloss group share {name} DOC` shares a text with it"
            )?;
            group
        }
    };
    sync_one(out, store, Sharing::Group(&group), use_git)
}

/// Asks a yes-or-no question on the terminal; no unless answered yes.
fn ask(question: &str) -> Result<bool> {
    eprint!("{question}");
    io::stderr().flush()?;
    let mut answer = String::new();
    io::stdin().read_line(&mut answer)?;
    Ok(matches!(answer.trim().to_lowercase().as_str(), "y" | "yes"))
}

/// One sync, and what it did.
fn sync_one(
    out: &mut impl Write,
    store: &mut Store,
    sharing: Sharing<'_>,
    use_git: bool,
) -> Result<()> {
    // A bar of the members' files read (a first sync of a large group takes seconds).
    let bar = Progress::new(" syncing {wide_bar} {pos}/{len} files");
    let synced = group::sync_showing(store, sharing, use_git, &mut |done, total| {
        bar.show(done, total)
    });
    drop(bar);
    let synced = synced?;
    let carried = synced.carried;
    writeln!(
        out,
        "wrote {} ({}, {})",
        synced.written.display(),
        counted(carried.annotations, "annotation", "annotations"),
        counted(carried.replies, "reply", "replies")
    )?;
    if carried.withdrawn > 0 {
        writeln!(
            out,
            "withdrew {} the group no longer sees (private, or on a text no longer shared)",
            counted(carried.withdrawn, "note", "notes")
        )?;
    }
    for (title, member) in &synced.arrived {
        writeln!(
            out,
            "“{}” arrived in the group (shared by {}): your notes on it from now on are shared \
             (`gloss group share` shares those made before)",
            clean(title),
            clean(member)
        )?;
    }
    for (path, why) in &synced.unread_lists {
        eprintln!(
            "gloss: {}: {}",
            clean(&path.display().to_string()),
            clean(why)
        );
    }
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
        let dir = synced.written.parent().unwrap_or(Path::new("."));
        bail!(
            "{failed} files of {} not imported (those files changed nothing)",
            dir.display()
        );
    }
    Ok(())
}

/// Lists the groups: name, folder, texts.
pub fn list(out: &mut impl Write, store: &Store) -> Result<()> {
    let groups = store.groups()?;
    if groups.is_empty() {
        writeln!(
            out,
            "no group yet: `gloss group add NAME DIR` makes one, `gloss group share NAME DOC` \
             shares a text with it"
        )?;
    }
    for g in &groups {
        writeln!(
            out,
            "{}  {}",
            clean(&g.name),
            clean(&g.dir.display().to_string())
        )?;
        writeln!(out, "  {}", clean(&g.texts_said()))?;
    }
    Ok(())
}

/// Adds a group (a folder synced with before becomes the group, with the texts shared there).
pub fn add(out: &mut impl Write, store: &mut Store, name: &str, dir: &Path) -> Result<()> {
    if name.trim().is_empty() || name.chars().any(char::is_control) {
        bail!("a group's name has letters, and no control characters");
    }
    if let Some(found) = store.group_of_dir(&group::absolute(dir))? {
        bail!("{} is already the group {}", dir.display(), found.name);
    }
    let group = group::adopt(store, name, dir)?;
    writeln!(
        out,
        "added the group {} ({}): {}",
        clean(&group.name),
        clean(&group.dir.display().to_string()),
        clean(&group.texts_said())
    )?;
    if group.texts.is_empty() {
        writeln!(
            out,
            "  `gloss group share {} DOC` shares a text with it; `gloss sync {}` syncs it",
            group.name, group.name
        )?;
    }
    Ok(())
}

/// Forgets a group.
pub fn remove(out: &mut impl Write, store: &mut Store, name: &str) -> Result<()> {
    let Some(group) = store.group(name)? else {
        bail!("no group named {name} (`gloss group` lists them)");
    };
    store.remove_group(&group.name)?;
    writeln!(
        out,
        "removed the group {} (its folder {} and the notes you imported stay)",
        clean(&group.name),
        clean(&group.dir.display().to_string())
    )?;
    Ok(())
}

/// Shares a text with a group, saying how many of the reader's notes go with it.
pub fn share(
    out: &mut impl Write,
    store: &mut Store,
    name: &str,
    entry: &LibraryEntry,
) -> Result<()> {
    let said = group::share_text(store, name, entry)?;
    writeln!(out, "{}", clean(&said))?;
    Ok(())
}

/// Stops sharing a text with a group.
pub fn unshare(
    out: &mut impl Write,
    store: &mut Store,
    name: &str,
    entry: &LibraryEntry,
) -> Result<()> {
    let Some(group) = store.group(name)? else {
        bail!("no group named {name} (`gloss group` lists them)");
    };
    if !store.unshare_text(&group.name, entry.id)? {
        bail!("{} does not read {}", group.name, entry.title);
    }
    writeln!(
        out,
        "{} no longer shared with {}: your notes on it are withdrawn at the next sync",
        clean(&entry.title),
        clean(&group.name)
    )?;
    Ok(())
}

/// Says how to forget deleted notes in a git group's history, or (`rewrite`) rewrites the
/// reader's own file's history.
pub fn purge_history(
    out: &mut impl Write,
    store: &mut Store,
    name: &str,
    rewrite: bool,
) -> Result<()> {
    let me = store.me()?;
    match group::purge_history(store, name, rewrite)? {
        Purge::NoHistory => writeln!(
            out,
            "{name} shares through a plain folder, which keeps no history: your file there is \
             rewritten at each sync, and a deleted note's words are never written again. Copies \
             made elsewhere (backups, a sync service's file versions) are not gloss's to clean."
        )?,
        Purge::Counted {
            versions,
            holding: 0,
        } => writeln!(
            out,
            "none of the {} of your file in {name}'s history holds a note you deleted: nothing \
             to purge",
            counted(versions, "version", "versions")
        )?,
        Purge::Counted { versions, holding } => writeln!(
            out,
            "{holding} of the {} of your file ({}.json) in {name}'s git history hold words of \
             notes you have deleted or made private since. Deleted notes travel as tombstones, \
             but git keeps every committed version. To remove them:\n\
             \n  1. gloss group purge-history {name} --yes\n     rewrites the history so that \
             your file is, in every commit, as it is now, and force-pushes it (other members' \
             files are left as they are);\n  2. every other member syncs (gloss follows the \
             rewritten history), or runs `git fetch && git reset --hard @{{u}}` in the folder; \
             a clone kept elsewhere keeps the old history until it does;\n  3. a hosted remote \
             (GitHub, GitLab) may keep the old commits reachable for a while: its support can \
             remove them.",
            counted(versions, "version", "versions"),
            me.id
        )?,
        Purge::Rewritten {
            purged,
            versions,
            holding,
        } => {
            let pushed = match &purged.remote {
                Some(remote) => format!("force-pushed to {remote}"),
                None => "no remote to push to".to_string(),
            };
            writeln!(
                out,
                "rewrote {}'s history on {} ({pushed}): your file in each of its {} is now as it \
                 is today ({holding} held deleted words); the other members' next sync follows it",
                name,
                purged.branch,
                counted(versions, "commit", "commits")
            )?;
        }
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
