//! A reading group: exporting the local reader's annotations for the others, importing theirs
//! (placed on the local copy of each text, which may be another edition), and syncing through a
//! shared folder.
//!
//! Import rules: the same file twice changes nothing; a newer version of an annotation (later
//! `modified`) replaces the older one from the same author; a newer tombstone deletes it; the
//! local reader's own annotations are never overwritten; annotations that cannot be placed are
//! kept as orphans. A file is imported whole or not at all.

pub mod git;
mod notebook;
mod purge;
mod sync;

pub use purge::{Purge, purge_history};
pub use sync::{
    Found, Sharing, Synced, absolute, adopt, find_group, import_folder, share_text, sync,
    sync_showing,
};

pub use crate::share::scope::{self, Group};
pub use notebook::{Format, STANDARD_PAGE, Whose, annotated, export};

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

use crate::anchor::{Anchor, Reanchorer, TextIndex};
use crate::annotation::{Author, Reply};
use crate::document::{DocumentId, LibraryEntry};
use crate::library::{self, OpenError};
use crate::share::exchange::{self, ExchangeError, Shared, SharedReply};
use crate::store::{Incoming, Known, Store, StoreError, WithText};

#[derive(Debug, thiserror::Error)]
pub enum GroupError {
    #[error(transparent)]
    Exchange(#[from] ExchangeError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Open(#[from] OpenError),
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot write {path}: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
    #[error("there is already a group named {0}, or one sharing through that folder")]
    Taken(String),
    #[error("no group named {0} (`gloss group` lists them)")]
    NoGroup(String),
    #[error(transparent)]
    Git(#[from] git::GitError),
}

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub imported: usize,
    pub updated: usize,
    pub deleted: usize,
    pub unchanged: usize,
    /// Imported or updated, placed on weaker evidence: the reader should check them.
    pub to_check: usize,
    /// Imported or updated, but not placed on the local text: kept as orphans.
    pub orphaned: usize,
    /// On texts that are not in the local library.
    pub no_text: usize,
    /// The local reader's own (an import never overwrites them).
    pub own: usize,
    /// Control characters and escape sequences removed from the file's text.
    pub cleaned: usize,
}

impl std::ops::AddAssign for Summary {
    fn add_assign(&mut self, other: Summary) {
        self.imported += other.imported;
        self.updated += other.updated;
        self.deleted += other.deleted;
        self.unchanged += other.unchanged;
        self.to_check += other.to_check;
        self.orphaned += other.orphaned;
        self.no_text += other.no_text;
        self.own += other.own;
        self.cleaned += other.cleaned;
    }
}

impl Summary {
    /// Each count with what it counts; the first four are always said.
    fn parts(&self) -> [(usize, &'static str); 9] {
        [
            (self.imported, "imported"),
            (self.updated, "updated"),
            (self.to_check, "to check"),
            (self.orphaned, "orphaned"),
            (self.deleted, "deleted"),
            (self.unchanged, "unchanged"),
            (self.no_text, "skipped: their text is not in your library"),
            (self.own, "skipped: your own"),
            (self.cleaned, "control characters removed"),
        ]
    }

    /// Only the counts that are not zero (`1 imported, 2 unchanged`), or `nothing new`: for a
    /// status line, where every character counts.
    pub fn brief(&self) -> String {
        let said: Vec<String> = self
            .parts()
            .into_iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, what)| format!("{n} {what}"))
            .collect();
        match said.is_empty() {
            true => "nothing new".to_string(),
            false => said.join(", "),
        }
    }
}

/// `3 imported, 0 updated, 1 to check, 1 orphaned`, then any other count that is not zero.
impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let said: Vec<String> = self
            .parts()
            .into_iter()
            .enumerate()
            .filter(|(i, (n, _))| *i < 4 || *n > 0)
            .map(|(_, (n, what))| format!("{n} {what}"))
            .collect();
        f.write_str(&said.join(", "))
    }
}

/// An annotation for export, in the exchange's terms.
fn shared(w: &WithText, author_id: &str, author_name: &str) -> Shared {
    let a = &w.annotation;
    let (author_id, author_name) = match &a.author {
        Some(author) => (author.id.clone(), author.name.clone()),
        None => (author_id.to_string(), author_name.to_string()),
    };
    Shared {
        uuid: a.uuid.clone(),
        author_id,
        author_name,
        created: a.created_at,
        modified: a.modified_at,
        color: a.color,
        note: a.note.clone(),
        tags: a.tags.clone(),
        document_hash: w.hash.clone(),
        document_title: w.title.clone(),
        document_chars: (!a.orphaned).then_some(w.chars),
        anchor: a.anchor.clone(),
        deleted: a.deleted_at,
    }
}

/// The local reader's annotations (deletions included), as a JSON export for the group.
pub fn export_json(store: &mut Store, document: Option<DocumentId>) -> Result<String, GroupError> {
    my_export(store, Carry::All(document), None).map(|(json, _)| json)
}

/// A reply for export, in the exchange's terms.
fn shared_reply(r: &Reply, me: &Author) -> SharedReply {
    let author = r.author.as_ref().unwrap_or(me);
    SharedReply {
        uuid: r.uuid.clone(),
        author_id: author.id.clone(),
        author_name: author.name.clone(),
        created: r.created_at,
        modified: r.modified_at,
        parent: r.parent.clone(),
        body: r.body.clone(),
        deleted: r.deleted_at,
    }
}

/// What a local export carries (deletions included).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Carried {
    pub annotations: usize,
    pub replies: usize,
    /// Notes and replies the group had from the reader and sees no more (made private, or
    /// their text taken out of the group): written as tombstones.
    pub withdrawn: usize,
}

/// Which of the reader's notes an export carries.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Carry<'a> {
    /// Every note (of one text, or of all); a private one as a tombstone, with none of its
    /// words (one shared before it was made private is withdrawn).
    All(Option<DocumentId>),
    /// What the group sees (see [`Group::sees`]), with the reader's replies on its texts.
    Group(&'a Group),
}

/// The local reader's export, and what it carries. `previous` is the reader's last file in the
/// folder: what it held that is carried no more goes as a tombstone, so that the others drop it
/// (a note made private, or on a text taken out of the group); times never go back, so that
/// a note shared again comes back for them.
pub(crate) fn my_export(
    store: &mut Store,
    carry: Carry<'_>,
    previous: Option<&exchange::Read>,
) -> Result<(String, Carried), GroupError> {
    let me = store.me()?;
    let document = match carry {
        Carry::All(document) => document,
        Carry::Group(_) => None,
    };
    let in_scope = |d: DocumentId| match carry {
        Carry::All(document) => document.is_none_or(|only| only == d),
        Carry::Group(group) => group.text(d).is_some(),
    };
    // The reader's notes not carried live: their replies are not either.
    let mut hidden = HashSet::new();
    let mut mine = Vec::new();
    for w in store.annotations_with_texts(document, true, true)? {
        let a = &w.annotation;
        let private = scope::is_private(a);
        let mut s = shared(&w, &me.id, &me.name);
        match carry {
            Carry::All(_) if private => {
                hidden.insert(s.uuid.clone());
                s.deleted.get_or_insert(s.modified);
            }
            Carry::All(_) => {}
            Carry::Group(group) => {
                let seen = group
                    .text(a.document)
                    .is_some_and(|t| a.created_at >= t.shared_from);
                if !seen || private {
                    hidden.insert(s.uuid.clone());
                    continue;
                }
            }
        }
        mine.push(s);
    }
    let texts = store.texts_of_my_replies()?;
    let mut replies: Vec<SharedReply> = Vec::new();
    for r in store.my_replies()? {
        // The library's export carries every reply, those whose note has not arrived too.
        let wanted = match carry {
            Carry::All(None) => true,
            _ => texts.get(&r.uuid).is_some_and(|d| in_scope(*d)),
        };
        if !wanted {
            continue;
        }
        let mut s = shared_reply(&r, &me);
        if hidden.contains(&s.parent) {
            match carry {
                Carry::All(_) => {
                    s.deleted.get_or_insert(s.modified);
                }
                Carry::Group(_) => continue,
            }
        }
        replies.push(s);
    }
    let withdrawn = previous.map_or(0, |p| follow_previous(p, &mut mine, &mut replies));
    let carried = Carried {
        annotations: mine.len(),
        replies: replies.len(),
        withdrawn,
    };
    Ok((exchange::write(&me.id, &me.name, &mine, &replies), carried))
}

/// Brings an export in line with the reader's `previous` file (see [`follow`]), annotations
/// and replies; returns how many were withdrawn.
fn follow_previous(
    previous: &exchange::Read,
    annotations: &mut Vec<Shared>,
    replies: &mut Vec<SharedReply>,
) -> usize {
    let now = crate::clock::now();
    follow(&previous.annotations, annotations, now) + follow(&previous.replies, replies, now)
}

/// An annotation or a reply as exported: an id, and the times that decide which version wins.
trait Versioned: Clone {
    fn uuid(&self) -> &str;
    fn times(&self) -> (i64, Option<i64>);
    fn set_times(&mut self, modified: i64, deleted: Option<i64>);
}

/// [`Versioned`] for a type with `uuid`, `modified` and `deleted` fields.
macro_rules! versioned {
    ($type:ty) => {
        impl Versioned for $type {
            fn uuid(&self) -> &str {
                &self.uuid
            }
            fn times(&self) -> (i64, Option<i64>) {
                (self.modified, self.deleted)
            }
            fn set_times(&mut self, modified: i64, deleted: Option<i64>) {
                (self.modified, self.deleted) = (modified, deleted);
            }
        }
    };
}
versioned!(Shared);
versioned!(SharedReply);

/// What `before` held and `carried` does not is added as a tombstone later than the version
/// the others have (at `now`, or just after it); no time of `carried` goes back, and one shared
/// again after its tombstone is later than it. Returns how many were withdrawn.
fn follow<T: Versioned>(before: &[T], carried: &mut Vec<T>, now: i64) -> usize {
    let was: HashMap<&str, (i64, Option<i64>)> =
        before.iter().map(|b| (b.uuid(), b.times())).collect();
    let mut kept = HashSet::new();
    for c in carried.iter_mut() {
        kept.insert(c.uuid().to_string());
        let (modified, deleted) = c.times();
        if let Some(&(before, was_deleted)) = was.get(c.uuid()) {
            let least = match (was_deleted, deleted) {
                (Some(_), None) => before + 1,
                _ => before,
            };
            c.set_times(modified.max(least), deleted);
        }
    }
    let mut withdrawn = 0;
    for b in before.iter().filter(|b| !kept.contains(b.uuid())) {
        let mut gone = b.clone();
        if let (modified, None) = b.times() {
            let at = now.max(modified + 1);
            gone.set_times(at, Some(at));
            withdrawn += 1;
        }
        carried.push(gone);
    }
    withdrawn
}

/// Imports one export file's bytes: all of it in one transaction, or nothing.
pub fn import(store: &mut Store, bytes: &[u8]) -> Result<Summary, GroupError> {
    Importer::new(store)?.import(store, bytes)
}

/// What imports need to know of the database for many files (a sync of a whole group's
/// folder): the reader, the library, and each text's local copy once found. What is already
/// here of a file's annotations is read for that file alone (see [`Store::annotations_known`]),
/// so that a sync holds one file's worth, however many members there are.
pub struct Importer {
    me: Author,
    library: Vec<LibraryEntry>,
    /// Each exported text's local copy (by [`text_key`]), or `None` when there is none.
    texts: HashMap<String, Option<LocalText>>,
    /// The texts other members' files have notes on: by hash, the title and the member's name.
    pub(crate) texts_seen: HashMap<String, (String, String)>,
}

impl Importer {
    pub fn new(store: &mut Store) -> Result<Importer, GroupError> {
        Ok(Importer {
            me: store.me()?,
            library: store.library()?,
            texts: HashMap::new(),
            texts_seen: HashMap::new(),
        })
    }

    /// Imports one export file's bytes: all of it in one transaction, or nothing.
    pub fn import(&mut self, store: &mut Store, bytes: &[u8]) -> Result<Summary, GroupError> {
        self.import_read(store, exchange::read(bytes)?)
    }

    /// Imports one export file, read.
    fn import_read(
        &mut self,
        store: &mut Store,
        read: exchange::Read,
    ) -> Result<Summary, GroupError> {
        let mut summary = Summary {
            cleaned: read.cleaned,
            ..Summary::default()
        };
        if read.creator_id == self.me.id {
            summary.own = read.annotations.len() + read.replies.len();
            return Ok(summary);
        }
        for s in read.annotations.iter().filter(|s| s.deleted.is_none()) {
            if !self.texts_seen.contains_key(&s.document_hash) {
                let seen = (s.document_title.clone(), read.creator_name.clone());
                self.texts_seen.insert(s.document_hash.clone(), seen);
            }
        }
        // What is here of this file's annotations and replies: read for the file alone.
        let uuids: Vec<&str> = read.annotations.iter().map(|s| s.uuid.as_str()).collect();
        let known = store.annotations_known(&uuids)?;
        let uuids: Vec<&str> = read.replies.iter().map(|r| r.uuid.as_str()).collect();
        let known_replies = store.replies_known(&uuids)?;
        let mut replies = Vec::new();
        for r in &read.replies {
            let here = known_replies.get(&r.uuid);
            match judge(here, &r.author_id, r.modified, r.deleted) {
                Verdict::Own => summary.own += 1,
                Verdict::Unchanged => summary.unchanged += 1,
                Verdict::Write { existed } => {
                    summary.count_written(existed, r.deleted);
                    replies.push(r);
                }
            }
        }
        // A few long enough quotes of each text, to know its copy here by them when neither its
        // content nor its title matches (its title line was reworded, say).
        let mut quotes: HashMap<String, Vec<&str>> = HashMap::new();
        for s in &read.annotations {
            let known = quotes.entry(text_key(s)).or_default();
            if s.anchor.quote.chars().count() >= QUOTE_EVIDENCE_CHARS && known.len() < QUOTES_ASKED
            {
                known.push(&s.anchor.quote);
            }
        }
        // What is to be placed on each text: placing them together reads the text once.
        let mut to_place: HashMap<String, Vec<(&Shared, bool)>> = HashMap::new();
        let mut order = Vec::new();
        for s in &read.annotations {
            let existing = known.get(&s.uuid);
            match judge(existing, &s.author_id, s.modified, s.deleted) {
                Verdict::Own => {
                    summary.own += 1;
                    continue;
                }
                Verdict::Unchanged => {
                    summary.unchanged += 1;
                    continue;
                }
                Verdict::Write { .. } => {}
            }
            let key = text_key(s);
            if !self.texts.contains_key(&key) {
                let local = LocalText::find(store, &self.library, s, &quotes[&key])?;
                self.texts.insert(key.clone(), local);
            }
            if self.texts.get(&key).is_some_and(Option::is_none) {
                summary.no_text += 1;
                continue;
            }
            if !to_place.contains_key(&key) {
                order.push(key.clone());
            }
            to_place
                .entry(key)
                .or_default()
                .push((s, existing.is_some()));
        }
        let mut incoming = Vec::new();
        let mut annotated: Vec<(DocumentId, &str)> = Vec::new();
        for key in &order {
            let (Some(Some(text)), Some(shared)) = (self.texts.get(key), to_place.get(key)) else {
                continue;
            };
            let reanchorer = text.reanchorer();
            annotated.push((text.id, &text.doc.content));
            let placed = place_all(text, &reanchorer, shared);
            for (&(s, existed), spot) in shared.iter().zip(placed) {
                summary.count_written(existed, s.deleted);
                if s.deleted.is_none() {
                    summary.orphaned += usize::from(spot.orphaned);
                    summary.to_check += usize::from(spot.unsure && !spot.orphaned);
                }
                incoming.push(Incoming {
                    document: text.id,
                    anchor: spot.anchor,
                    orphaned: spot.orphaned,
                    unsure: spot.unsure,
                    shared: s,
                    mine: false,
                });
            }
        }
        store.apply_import(&incoming, &replies, &annotated)?;
        Ok(summary)
    }

    /// Imports one export file.
    pub fn import_file(&mut self, store: &mut Store, path: &Path) -> Result<Summary, GroupError> {
        let read = read_file(path, true)?;
        self.import_read(store, read)
    }

    /// Imports export files in order, each whole or not at all: each file is read and checked
    /// on another thread while the one before is written, at most two ahead (so memory holds
    /// three files, however many there are).
    ///
    /// The files are written [`FILES_PER_COMMIT`] to a transaction, or as many as [`BATCH_TIME`]
    /// allows (a [`Store::begin_batch`]):
    /// a sync of hundreds of members touches the same index pages file after file, and writes
    /// them once per batch rather than once per file. A file that fails within a batch takes
    /// the batch's writes back with it; the batch's files are then imported again one by one,
    /// each in its own transaction, so that only the failing file is left out.
    /// `progress` hears how many files are done of how many, after each.
    pub fn import_files(
        &mut self,
        store: &mut Store,
        paths: Vec<PathBuf>,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Vec<(PathBuf, Result<Summary, GroupError>)> {
        let total = paths.len();
        std::thread::scope(|scope| {
            let (send, receive) = std::sync::mpsc::sync_channel(2);
            scope.spawn(move || {
                for path in paths {
                    let read = read_file(&path, false);
                    if send.send((path, read)).is_err() {
                        break;
                    }
                }
            });
            let mut results: Vec<(PathBuf, Result<Summary, GroupError>)> = Vec::new();
            // Where the batch under way begins in `results`, if one is.
            let mut batch: Option<usize> = None;
            let mut began = std::time::Instant::now();
            for (path, read) in receive {
                if batch.is_none() && store.begin_batch().is_ok() {
                    batch = Some(results.len());
                    began = std::time::Instant::now();
                }
                let imported = read.and_then(|read| self.import_read(store, read));
                let failed = imported.is_err();
                results.push((path, imported));
                progress(results.len(), total);
                let Some(first) = batch else { continue };
                if failed {
                    store.abandon_batch();
                    batch = None;
                    self.import_alone(store, &mut results[first..]);
                } else if results.len() - first >= FILES_PER_COMMIT || began.elapsed() >= BATCH_TIME
                {
                    batch = None;
                    self.commit_batch(store, &mut results[first..]);
                }
            }
            if let Some(first) = batch {
                self.commit_batch(store, &mut results[first..]);
            }
            results
        })
    }

    /// Ends a batch of imports; if it cannot be committed, imports its files again alone.
    fn commit_batch(
        &mut self,
        store: &mut Store,
        results: &mut [(PathBuf, Result<Summary, GroupError>)],
    ) {
        if store.end_batch().is_err() {
            store.abandon_batch();
            self.import_alone(store, results);
        }
    }

    /// Imports again, each in its own transaction, the files of a batch taken back: read again
    /// from their folder. A file that failed for itself (it could not be read) is not retried.
    fn import_alone(
        &mut self,
        store: &mut Store,
        results: &mut [(PathBuf, Result<Summary, GroupError>)],
    ) {
        // The texts found during the batch may have been registered in it, and are gone.
        self.texts.clear();
        for (path, result) in results {
            if matches!(
                result,
                Err(GroupError::Read { .. } | GroupError::Exchange(_))
            ) {
                continue;
            }
            *result = read_file(path, false).and_then(|read| self.import_read(store, read));
        }
    }
}

/// Files of a group's folder written in one transaction (see [`Importer::import_files`]).
const FILES_PER_COMMIT: usize = 32;
/// How long a batch holds the database's write lock at most (a file more may go over it):
/// a reader open beside the sync saves its place on every page turn, and waits for the lock.
const BATCH_TIME: std::time::Duration = std::time::Duration::from_millis(250);

/// Reads and checks an export file: a regular file only (a pipe or a device is refused, not
/// waited on), through a link only if `follow_links` (a file named on the command line, not one
/// found in a shared folder, where anyone may have put a link to anything).
fn read_file(path: &Path, follow_links: bool) -> Result<exchange::Read, GroupError> {
    use crate::files::ReadError;
    let read_err = |source| GroupError::Read {
        path: path.display().to_string(),
        source,
    };
    let bytes = match crate::files::read_regular(path, exchange::MAX_BYTES, follow_links) {
        Ok(bytes) => bytes,
        Err(ReadError::Io(source)) => return Err(read_err(source)),
        Err(ReadError::NotRegular) => {
            return Err(read_err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "not a regular file (a link, a device or a pipe): not read",
            )));
        }
        Err(ReadError::TooLarge { .. } | ReadError::Binary) => {
            return Err(ExchangeError::TooLarge.into());
        }
    };
    Ok(exchange::read(&bytes)?)
}

impl Summary {
    /// Counts one annotation or reply written: new, updated or deleted.
    fn count_written(&mut self, existed: bool, deleted: Option<i64>) {
        match (existed, deleted) {
            (true, Some(_)) => self.deleted += 1,
            (true, None) => self.updated += 1,
            (false, _) => self.imported += 1,
        }
    }
}

/// What an import does with one annotation or reply of a file.
enum Verdict {
    /// The local reader's own: never overwritten.
    Own,
    Unchanged,
    /// Written: new (or a new version of one already here).
    Write {
        existed: bool,
    },
}

/// Whether an incoming version (by `author`, last changed at `modified`, perhaps a tombstone)
/// replaces what is here under its id.
fn judge(here: Option<&Known>, author: &str, modified: i64, deleted: Option<i64>) -> Verdict {
    match here {
        Some(k) if k.author_id.is_none() => Verdict::Own,
        // Someone else's under this id: not this author's to change.
        Some(k) if k.author_id.as_deref() != Some(author) => Verdict::Unchanged,
        Some(k) if modified <= k.modified => Verdict::Unchanged,
        None if deleted.is_some() => Verdict::Unchanged,
        here => Verdict::Write {
            existed: here.is_some(),
        },
    }
}

/// Where each of `shared` lies on `text`, in their order: on every core when there are many,
/// as each is placed on its own.
fn place_all(text: &LocalText, reanchorer: &Reanchorer, shared: &[(&Shared, bool)]) -> Vec<Spot> {
    const MOST_THREADS: usize = 8;
    const FEWEST_PER_THREAD: usize = 64;
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(MOST_THREADS)
        .min(shared.len().div_ceil(FEWEST_PER_THREAD))
        .max(1);
    let place = |part: &[(&Shared, bool)]| -> Vec<Spot> {
        part.iter()
            .map(|(s, _)| text.place(reanchorer, s))
            .collect()
    };
    if threads == 1 {
        return place(shared);
    }
    std::thread::scope(|scope| {
        let parts: Vec<_> = shared
            .chunks(shared.len().div_ceil(threads))
            .map(|part| scope.spawn(move || place(part)))
            .collect();
        parts
            .into_iter()
            .flat_map(|p| p.join().expect("placing an annotation does not panic"))
            .collect()
    })
}

/// The local copy of a text an export (or another tool's file) refers to.
#[derive(Clone)]
pub(crate) struct LocalText {
    pub(crate) id: DocumentId,
    pub(crate) hash: String,
    pub(crate) doc: std::sync::Arc<crate::document::Document>,
    /// Made when first placing on the text, then shared by every file placed on it.
    index: std::sync::OnceLock<std::sync::Arc<TextIndex>>,
}

/// Which text of the exporter's an annotation is on.
fn text_key(s: &Shared) -> String {
    format!("{}\u{0}{}", s.document_hash, s.document_title)
}

/// Quotes at least this long (in characters) are evidence of which text they come from.
const QUOTE_EVIDENCE_CHARS: usize = 16;
/// Quotes of a text tried on the library's texts.
const QUOTES_ASKED: usize = 20;

impl LocalText {
    /// The library's copy the reader reads: of the same content (by hash) and the editions of
    /// the same title, the one read last (an edition the reader edited, say, rather than the
    /// exporter's copy lying unread beside it), else the same content; beside the same content,
    /// another edition is taken only if at least half of `quotes` are found in it exactly.
    /// With neither, the text in which most of `quotes` are found exactly (at least half).
    fn find(
        store: &mut Store,
        library: &[LibraryEntry],
        s: &Shared,
        quotes: &[&str],
    ) -> Result<Option<LocalText>, GroupError> {
        let title = s.document_title.to_lowercase();
        let same = library.iter().find(|e| e.hash == s.document_hash);
        let mut editions: Vec<&LibraryEntry> = library
            .iter()
            .filter(|e| e.hash != s.document_hash && e.title.to_lowercase() == title)
            .collect();
        // Read last first; never read, last.
        editions.sort_by_key(|e| std::cmp::Reverse((e.last_read_at, e.id.0)));
        let read_after = |e: &LibraryEntry| {
            same.is_none_or(|same| e.last_read_at.is_some() && e.last_read_at > same.last_read_at)
        };
        for edition in editions.into_iter().filter(|e| read_after(e)) {
            let Some(text) = LocalText::open(store, edition)? else {
                continue;
            };
            if same.is_none() || text.holds_most(quotes) {
                return Ok(Some(text));
            }
        }
        if let Some(entry) = same {
            return Ok(LocalText::open(store, entry)?);
        }
        if quotes.is_empty() {
            return Ok(None);
        }
        let mut best: Option<(usize, LocalText)> = None;
        for entry in library {
            let Some(text) = LocalText::open(store, entry)? else {
                continue;
            };
            let found = text.quotes_found(quotes);
            if text.holds_most(quotes) && best.as_ref().is_none_or(|(n, _)| found > *n) {
                best = Some((found, text));
            }
        }
        Ok(best.map(|(_, text)| text))
    }

    /// The text of `entry`, read.
    pub(crate) fn of(
        entry: &LibraryEntry,
        doc: std::sync::Arc<crate::document::Document>,
    ) -> LocalText {
        LocalText {
            id: entry.id,
            hash: doc.hash.clone(),
            doc,
            index: std::sync::OnceLock::new(),
        }
    }

    /// A reanchorer onto the text (its index made once, for all the files placed on it).
    pub(crate) fn reanchorer(&self) -> Reanchorer<'_> {
        let index = self
            .index
            .get_or_init(|| std::sync::Arc::new(TextIndex::new(&self.doc.content)));
        Reanchorer::sharing(None, &self.doc.content, index.clone())
    }

    /// How many of `quotes` are found in the text exactly.
    pub(crate) fn quotes_found(&self, quotes: &[&str]) -> usize {
        quotes
            .iter()
            .filter(|q| self.doc.content.contains(**q))
            .count()
    }

    /// Whether at least half of `quotes` are found in the text exactly.
    pub(crate) fn holds_most(&self, quotes: &[&str]) -> bool {
        self.quotes_found(quotes) * 2 >= quotes.len()
    }

    pub(crate) fn open(
        store: &mut Store,
        entry: &LibraryEntry,
    ) -> Result<Option<LocalText>, OpenError> {
        match library::open_entry(store, entry, crate::clock::now()) {
            Ok(opened) => Ok(Some(LocalText::of(
                &opened.entry,
                std::sync::Arc::new(opened.doc),
            ))),
            Err(OpenError::Missing { .. }) => Ok(None),
            Err(err) => Err(err),
        }
    }

    /// Where an imported annotation lies here; its own anchor, orphaned, if nowhere.
    fn place(&self, reanchorer: &Reanchorer, s: &Shared) -> Spot {
        let doc = &self.doc;
        if s.document_hash == self.hash {
            let range = doc.byte_of(s.anchor.start)..doc.byte_of(s.anchor.end);
            if doc.content.get(range) == Some(s.anchor.quote.as_str()) {
                return Spot::placed(s.anchor.clone(), false);
            }
        }
        let placement = reanchorer.locate_made_on(&s.anchor, s.document_chars);
        match placement.range() {
            Some(r) => Spot::placed(
                Anchor::new(&doc.content, r.clone(), doc.char_of(r.start)),
                placement.needs_check(),
            ),
            None => Spot {
                anchor: s.anchor.clone(),
                orphaned: true,
                unsure: false,
            },
        }
    }
}

/// Where an imported annotation goes in the local text.
struct Spot {
    /// Its place here, or its exported anchor when it has none.
    anchor: Anchor,
    orphaned: bool,
    /// Placed on weaker evidence: to be checked.
    unsure: bool,
}

impl Spot {
    fn placed(anchor: Anchor, unsure: bool) -> Spot {
        Spot {
            anchor,
            orphaned: false,
            unsure,
        }
    }
}

/// `1 reply`, `2 replies`.
pub fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Imports one export file.
pub fn import_file(store: &mut Store, path: &Path) -> Result<Summary, GroupError> {
    Importer::new(store)?.import_file(store, path)
}

#[cfg(test)]
mod tests;
