//! `gloss sync`: a group's folder brought up to date both ways. The others' files are imported,
//! the texts they share arrive in the group, and the reader's file is written with what the
//! group sees of the reader's notes (see [`super::scope`]); in a git working tree, pulled first
//! and pushed after (see [`git`]).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::scope::{self, Group};
use super::{Carried, Carry, GroupError, Importer, Summary, counted, git, my_export, read_file};
use crate::share::exchange;
use crate::store::{SharedBy, Store};

/// A member's file, and what importing it did.
pub type Imported = (PathBuf, Result<Summary, GroupError>);

/// What `gloss sync` did: where the local export went, and each other member's import.
#[derive(Debug)]
pub struct Synced {
    pub written: PathBuf,
    pub imported: Vec<Imported>,
    /// What git did, when the folder is a git working tree (and git was not declined).
    pub git: Option<Result<git::Shared, git::GitError>>,
    pub carried: Carried,
    /// Texts other members shared that arrived in the group: their titles, and who shared
    /// each.
    pub arrived: Vec<(String, String)>,
    /// Others' lists of texts that could not be read, each with why.
    pub unread_lists: Vec<(PathBuf, String)>,
}

/// What a folder is to the reader.
#[derive(Debug)]
pub enum Found {
    /// One of the reader's groups.
    Group(Group),
    /// A folder the reader synced with before groups existed (the reader's file is there): now
    /// a group holding the texts the reader shared there.
    Adopted(Group),
    /// Neither: syncing would share notes with a folder the reader never chose.
    NotAGroup(PathBuf),
}

/// The folder as the group table keeps it: absolute, links resolved when it exists.
pub fn absolute(dir: &Path) -> PathBuf {
    std::fs::canonicalize(dir).unwrap_or_else(|_| std::path::absolute(dir).unwrap_or(dir.into()))
}

/// What `dir` is to the reader: a group, a folder synced with before groups (made a group named
/// after it, see [`adopt`]), or neither.
pub fn find_group(store: &mut Store, dir: &Path) -> Result<Found, GroupError> {
    let dir = absolute(dir);
    if let Some(group) = store.group_of_dir(&dir)? {
        return Ok(Found::Group(group));
    }
    let me = store.me()?;
    if !dir.join(file_name(&me.id)).is_file() && retired_files(&dir, &me.id).is_empty() {
        return Ok(Found::NotAGroup(dir));
    }
    let taken: Vec<String> = store.groups()?.into_iter().map(|g| g.name).collect();
    let base = scope::name_of_dir(&dir);
    let name = (1..)
        .map(|n| match n {
            1 => base.clone(),
            n => format!("{base}-{n}"),
        })
        .find(|n| !taken.iter().any(|t| t.eq_ignore_ascii_case(n)))
        .expect("some name is free");
    adopt(store, &name, &dir).map(Found::Adopted)
}

/// Makes `dir` the group `name`; when the reader's file is already there (a folder synced with
/// before groups), the group holds the texts that file has notes on, so that the next sync
/// shares what the last one did. `None` if the name or the folder is taken.
pub fn adopt(store: &mut Store, name: &str, dir: &Path) -> Result<Group, GroupError> {
    let dir = absolute(dir);
    let now = crate::clock::now();
    if !store.add_group(name, &dir, now)? {
        return Err(GroupError::Taken(name.to_string()));
    }
    let me = store.me()?;
    let mine = [dir.join(file_name(&me.id))]
        .into_iter()
        .chain(retired_files(&dir, &me.id))
        .find_map(|path| read_file(&path, false).ok());
    if let Some(mine) = mine {
        let library = store.library()?;
        let mut texts: Vec<(&str, &str, Option<crate::document::DocumentId>)> = Vec::new();
        for s in mine.annotations.iter().filter(|s| s.deleted.is_none()) {
            if texts.iter().any(|(hash, ..)| *hash == s.document_hash) {
                continue;
            }
            let copy = copy_of(&library, &s.document_hash, &s.document_title);
            texts.push((&s.document_hash, &s.document_title, copy));
        }
        store.share_texts(name, &texts, SharedBy::Me)?;
    }
    Ok(store.group(name)?.expect("the group was just added"))
}

/// The reader's copy of a text: of the same content, else of the same title.
fn copy_of(
    library: &[crate::document::LibraryEntry],
    hash: &str,
    title: &str,
) -> Option<crate::document::DocumentId> {
    library
        .iter()
        .find(|e| e.hash == hash)
        .or_else(|| library.iter().find(|e| e.title.eq_ignore_ascii_case(title)))
        .map(|e| e.id)
}

/// What a sync writes of the reader's notes.
#[derive(Debug, Clone, Copy)]
pub enum Sharing<'a> {
    /// What the group sees.
    Group(&'a Group),
    /// Every note on every text, to a folder that is no group (`gloss sync DIR --share-all`).
    Everything(&'a Path),
}

/// The local reader's file in a shared folder: `<id>.json`. The name is inside, so that a rename
/// replaces the file rather than leaving the old one beside it.
fn file_name(id: &str) -> String {
    format!("{id}.json")
}

/// The reader's files in `dir` of an earlier name (`<name>-<first block of the id>.json`, as
/// gloss named them before, or under another name), known by the file holding the reader's id.
fn retired_files(dir: &Path, id: &str) -> Vec<PathBuf> {
    let short = id.split('-').next().unwrap_or(id);
    let suffix = format!("-{short}.json");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter(|e| e.file_name().to_string_lossy().ends_with(&suffix))
        .map(|e| e.path())
        .filter(|path| {
            crate::files::read_regular(path, exchange::MAX_BYTES, false)
                .is_ok_and(|bytes| bytes.windows(id.len()).any(|w| w == id.as_bytes()))
        })
        .collect()
}

/// The files of `dir` ending in `.extension`, but for `mine`, sorted: folders skipped; links,
/// pipes and devices listed, to be refused by name.
fn others(dir: &Path, extension: &str, mine: &Path) -> Result<Vec<PathBuf>, GroupError> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|source| GroupError::Read {
            path: dir.display().to_string(),
            source,
        })?
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| !t.is_dir()))
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == extension) && *p != mine)
        .collect();
    found.sort();
    Ok(found)
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), GroupError> {
    // A member reading the folder meanwhile never sees half a file.
    crate::files::write_whole(path, bytes).map_err(|source| GroupError::Write {
        path: path.display().to_string(),
        source,
    })
}

/// Syncs the reader's notes with a folder: pulls (in a git working tree, if `use_git`), imports
/// every other member's file, brings in the texts they share (to a group), writes the
/// reader's file, and commits and pushes it.
pub fn sync(store: &mut Store, sharing: Sharing<'_>, use_git: bool) -> Result<Synced, GroupError> {
    sync_showing(store, sharing, use_git, &mut |_, _| {})
}

/// [`sync`], telling `progress` how many of the members' files are read, of how many, after
/// each (a first sync of a large group takes seconds).
pub fn sync_showing(
    store: &mut Store,
    sharing: Sharing<'_>,
    use_git: bool,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Synced, GroupError> {
    let dir = match sharing {
        Sharing::Group(group) => group.dir.as_path(),
        Sharing::Everything(dir) => dir,
    };
    let me = store.me()?;
    let written = dir.join(file_name(&me.id));
    let listed = scope::texts_file(dir, &me.id);
    std::fs::create_dir_all(dir).map_err(|source| GroupError::Write {
        path: dir.display().to_string(),
        source,
    })?;
    let mine: Vec<&Path> = match sharing {
        Sharing::Group(_) => vec![&written, &listed],
        Sharing::Everything(_) => vec![&written],
    };
    let pulled = (use_git && git::is_work_tree(dir)).then(|| git::pull(dir, &mine));
    let retired = retired_files(dir, &me.id);
    let previous = [written.clone()]
        .iter()
        .chain(&retired)
        .find_map(|path| read_file(path, false).ok());
    let mut importer = Importer::new(store)?;
    let imported = importer.import_files(store, others(dir, "json", &written)?, progress);
    let mut synced = Synced {
        written: written.clone(),
        imported,
        git: None,
        carried: Carried::default(),
        arrived: Vec::new(),
        unread_lists: Vec::new(),
    };
    let group = match sharing {
        Sharing::Group(group) => {
            let group = arrivals(store, group, importer.texts_seen, &listed, &mut synced)?;
            let texts: Vec<(&str, &str)> = group
                .texts
                .iter()
                .filter(|t| t.shared_by.is_none() && t.document.is_some())
                .map(|t| (t.hash.as_str(), t.title.as_str()))
                .collect();
            write(
                &listed,
                scope::write_shares(&me.id, &me.name, &texts).as_bytes(),
            )?;
            Some(group)
        }
        Sharing::Everything(_) => None,
    };
    let carry = match &group {
        Some(group) => Carry::Group(group),
        None => Carry::All(None),
    };
    let (json, carried) = my_export(store, carry, previous.as_ref())?;
    write(&written, json.as_bytes())?;
    synced.carried = carried;
    // The reader's file under an earlier name goes: read later, it would bring back what the
    // reader has deleted since.
    for old in &retired {
        std::fs::remove_file(old).map_err(|source| GroupError::Write {
            path: old.display().to_string(),
            source,
        })?;
    }
    // After a failed pull the file waits, written, for the next sync to commit it.
    synced.git = pulled.map(|pulled| {
        pulled.and_then(|_| {
            let message = format!(
                "gloss sync: {}, {}, {}",
                me.name,
                counted(carried.annotations, "annotation", "annotations"),
                counted(carried.replies, "reply", "replies")
            );
            git::share(dir, &mine, &retired, &message)
        })
    });
    Ok(synced)
}

/// Brings into `group` the texts the other members share (listed beside their files, or with
/// notes in them), each joined by the reader's copy when there is one, and joins the reader's
/// copies of texts that waited for one. Returns the group as it now is.
fn arrivals(
    store: &mut Store,
    group: &Group,
    seen: HashMap<String, (String, String)>,
    listed: &Path,
    synced: &mut Synced,
) -> Result<Group, GroupError> {
    let mut seen: Vec<(String, String, String)> = seen
        .into_iter()
        .map(|(hash, (title, member))| (hash, title, member))
        .collect();
    // In a stable order (by hash), whatever the order of the files.
    seen.sort();
    for path in others(&group.dir, "texts", listed)? {
        match scope::read_shares(&path) {
            Ok(shares) => seen.extend(
                shares
                    .texts
                    .into_iter()
                    .map(|(hash, title)| (hash, title, shares.name.clone())),
            ),
            Err(why) => synced.unread_lists.push((path, why)),
        }
    }
    let library = store.library()?;
    let now = crate::clock::now();
    for (hash, title, member) in &seen {
        if group.texts.iter().any(|t| t.hash == *hash)
            || synced.arrived.iter().any(|(t, _)| t == title)
        {
            continue;
        }
        let copy = copy_of(&library, hash, title);
        let by = SharedBy::Member {
            name: member,
            at: now,
        };
        store.share_texts(&group.name, &[(hash, title, copy)], by)?;
        synced.arrived.push((title.clone(), member.clone()));
    }
    for text in group.texts.iter().filter(|t| t.document.is_none()) {
        if let Some(copy) = copy_of(&library, &text.hash, &text.title) {
            store.join_group_texts(copy, &text.hash, &text.title, now)?;
        }
    }
    Ok(store.group(&group.name)?.unwrap_or_else(|| group.clone()))
}

/// Shares the reader's text `entry` with the group `name`, whole: the reader's notes on it (not
/// the private ones) go to the group at the next sync. Says so, in a line.
pub fn share_text(
    store: &mut Store,
    name: &str,
    entry: &crate::document::LibraryEntry,
) -> Result<String, GroupError> {
    let Some(group) = store.group(name)? else {
        return Err(GroupError::NoGroup(name.to_string()));
    };
    store.share_texts(
        &group.name,
        &[(&entry.hash, &entry.title, Some(entry.id))],
        SharedBy::Me,
    )?;
    let notes = store.annotations_with_texts(Some(entry.id), true, false)?;
    let private = notes
        .iter()
        .filter(|w| scope::is_private(&w.annotation))
        .count();
    let shared = notes.len() - private;
    let mut said = format!(
        "{} shared with {}: {} at the next sync",
        entry.title,
        group.name,
        counted(shared, "note goes", "notes go")
    );
    if private > 0 {
        said.push_str(&format!(" ({private} private stay yours)"));
    }
    Ok(said)
}

/// Imports every member's file in `dir`, writing nothing there: reading a folder that is no
/// group shares nothing.
pub fn import_folder(store: &mut Store, dir: &Path) -> Result<Vec<Imported>, GroupError> {
    let me = store.me()?;
    let files = others(dir, "json", &dir.join(file_name(&me.id)))?;
    Ok(Importer::new(store)?.import_files(store, files, &mut |_, _| {}))
}
