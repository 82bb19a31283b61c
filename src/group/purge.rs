//! Forgetting for real in a git group: deleted notes travel as tombstones and their words are
//! never written again, but the versions of the reader's file committed before keep them.
//! `gloss group purge-history` counts those versions and says how to remove them, or rewrites
//! the reader's own file's history (see [`git::purge`]).

use std::collections::HashSet;

use super::{GroupError, git};
use crate::share::exchange;
use crate::store::Store;

/// What the history holds, or what was done to it.
#[derive(Debug)]
pub enum Purge {
    /// The group's folder is no git working tree: it keeps no history.
    NoHistory,
    /// The versions of the reader's file the history holds, and how many of them hold words of
    /// notes the reader has deleted (or made private) since.
    Counted { versions: usize, holding: usize },
    /// Rewritten (and pushed); `holding` versions held deleted words.
    Rewritten {
        purged: git::Purged,
        versions: usize,
        holding: usize,
    },
}

/// Counts the versions of the reader's file in the group `name`'s history that hold deleted
/// words; with `rewrite`, rewrites that history.
pub fn purge_history(store: &mut Store, name: &str, rewrite: bool) -> Result<Purge, GroupError> {
    let Some(group) = store.group(name)? else {
        return Err(GroupError::NoGroup(name.to_string()));
    };
    if !git::is_work_tree(&group.dir) {
        return Ok(Purge::NoHistory);
    }
    let me = store.me()?;
    let file = group.dir.join(format!("{}.json", me.id));
    // Gone now: what the present file holds as a tombstone, or holds not at all.
    let present = crate::files::read_regular(&file, exchange::MAX_BYTES, false)
        .ok()
        .and_then(|bytes| exchange::read(&bytes).ok());
    let live: HashSet<String> = present.map_or_else(HashSet::new, |p| {
        let notes = p.annotations.into_iter().filter(|s| s.deleted.is_none());
        let replies = p.replies.into_iter().filter(|r| r.deleted.is_none());
        notes
            .map(|s| s.uuid)
            .chain(replies.map(|r| r.uuid))
            .collect()
    });
    let mut holding = 0;
    let versions = git::versions(&group.dir, &file, |bytes| {
        let Ok(old) = exchange::read(bytes) else {
            return;
        };
        let notes = old.annotations.iter().filter(|s| s.deleted.is_none());
        let replies = old.replies.iter().filter(|r| r.deleted.is_none());
        let mut words = notes.map(|s| &s.uuid).chain(replies.map(|r| &r.uuid));
        if words.any(|uuid| !live.contains(uuid)) {
            holding += 1;
        }
    })?;
    if !rewrite || holding == 0 {
        return Ok(Purge::Counted { versions, holding });
    }
    let purged = git::purge(&group.dir, &file)?;
    Ok(Purge::Rewritten {
        purged,
        versions,
        holding,
    })
}
